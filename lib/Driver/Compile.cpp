//===- Compile.cpp - tfsc compile command ---------------------------------===//
//
// This file implements the pieces of `tfsc` that compile a tfs module:
// reading .mlir input, naming the model, locating the runtime archive.
//
//===----------------------------------------------------------------------===//

#include "tfs/Driver/Compile.h"

#include "dialects/TFS/IR/TFSOps.h"

#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::tfs;

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
  llvm::SmallString<256> path(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(path, "lib", "libtfs_runtime.a");
  return path.str().str();
}
