//===- Compile.cpp - tfsc compile command ---------------------------------===//
//
// This file implements the pieces of `tfsc` that compile a tfs module:
// reading .mlir input, naming the model, locating the runtime archive.
//
//===----------------------------------------------------------------------===//

#include "tfs/Driver/Compile.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Codegen/TransformOps.h"
#include "tfs/Runtime/ModelLoader.h"
#include "tfs/Target/ModelSignature.h"

#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::tfs;

llvm::Error mlir::tfs::embedWeights(ModuleOp module, llvm::StringRef path) {
  auto arrays = ::tfs::readNpz(path);
  if (!arrays)
    return arrays.takeError();
  // Keys may carry the ":0" of the variable's tensor.
  std::map<std::string, const ::tfs::Array *> byName;
  for (auto &[key, array] : *arrays) {
    llvm::StringRef name(key);
    name.consume_back(":0");
    byName[name.str()] = &array;
  }
  std::vector<std::string> missing, mismatched;
  std::vector<std::pair<VariableOp, DenseElementsAttr>> replacements;
  llvm::StringSet<> used;
  for (auto variable : module.getOps<VariableOp>()) {
    auto it = byName.find(variable.getSymName().str());
    if (it == byName.end()) {
      missing.push_back("'" + variable.getSymName().str() + "'");
      continue;
    }
    used.insert(it->first);
    const ::tfs::Array &array = *it->second;
    RankedTensorType type = variable.getTensorType();
    if (array.dtype != dtypeOf(type.getElementType()) ||
        llvm::ArrayRef<int64_t>(array.shape) != type.getShape()) {
      mismatched.push_back("'" + it->first + "' has " + array.describe() +
                           ", the variable is " +
                           ::tfs::describeArray(dtypeOf(type.getElementType()),
                                                type.getShape()));
      continue;
    }
    DenseElementsAttr value;
    if (type.getElementType().isInteger(1)) {
      llvm::SmallVector<bool> bits;
      for (char byte : array.data)
        bits.push_back(byte != 0);
      value = DenseElementsAttr::get(type, llvm::ArrayRef<bool>(bits));
    } else {
      value = DenseElementsAttr::getFromRawBuffer(
          type, llvm::ArrayRef<char>(array.data));
    }
    replacements.push_back({variable, value});
  }
  std::vector<std::string> extra;
  for (auto &[name, array] : byName)
    if (!used.contains(name))
      extra.push_back("'" + name + "'");
  if (!missing.empty() || !extra.empty() || !mismatched.empty()) {
    std::string message =
        (path + " does not match the model's variables:").str();
    if (!missing.empty())
      message += " missing: " + llvm::join(missing, ", ") + ".";
    if (!extra.empty())
      message +=
          " not variables of the model: " + llvm::join(extra, ", ") + ".";
    if (!mismatched.empty())
      message += " mismatched: " + llvm::join(mismatched, "; ") + ".";
    return llvm::createStringError(message);
  }
  for (auto &[variable, value] : replacements)
    variable.setInitializerAttr(value);
  return llvm::Error::success();
}

std::optional<EmitKind> mlir::tfs::parseEmitKind(llvm::StringRef text,
                                                 bool &isTFS, bool &valid) {
  isTFS = text == "tfs";
  valid = true;
  if (isTFS)
    return std::nullopt;
  std::optional<EmitKind> kind =
      llvm::StringSwitch<std::optional<EmitKind>>(text)
          .Case("linalg", EmitKind::Linalg)
          .Case("llvm-mlir", EmitKind::LLVMDialect)
          .Case("llvm", EmitKind::LLVMIR)
          .Case("asm", EmitKind::Assembly)
          .Case("obj", EmitKind::Object)
          .Case("header", EmitKind::Header)
          .Case("so", EmitKind::SharedObject)
          .Default(std::nullopt);
  valid = kind.has_value();
  return kind;
}

std::string mlir::tfs::modelNameForOutput(llvm::StringRef outputPath,
                                          llvm::StringRef inputPath) {
  llvm::StringRef stem = llvm::sys::path::stem(
      outputPath.empty() || outputPath == "-" ? inputPath : outputPath);
  if (stem.starts_with("lib") && stem.size() > 3)
    stem = stem.drop_front(3);
  return sanitizeIdentifier(stem);
}

void mlir::tfs::registerTFSCompilerDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerTransformDialectExtension(registry);
  registry.insert<TFSDialect>();
}

OwningOpRef<ModuleOp> mlir::tfs::parseTFSFile(llvm::StringRef path,
                                              MLIRContext &context) {
  llvm::SourceMgr sourceMgr;
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "tfsc: error: cannot read " << path << ": " << error
                 << "\n";
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module || failed(verify(*module)))
    return nullptr;
  return module;
}

std::string mlir::tfs::findRuntimeArchive(const char *argv0) {
  if (auto env = llvm::sys::Process::GetEnv("TFS_RUNTIME_LIBRARY"))
    return *env;
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&findRuntimeArchive));
  llvm::SmallString<256> path(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(path, "lib", "libtfs_runtime.a");
  return path.str().str();
}
