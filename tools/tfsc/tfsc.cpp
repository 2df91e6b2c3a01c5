//===- tfsc.cpp - the tfsc compiler driver --------------------------------===//
//
// tfsc run SCRIPT.py [args...]   (runs a TF1 program, see tfs/Driver/Run.h)
// tfsc MODEL.mlir [-o libmodel.so] [--emit=tfs|linalg|llvm-mlir|llvm|asm|
// obj|header|so] [-O0..3] [--mcpu/--mtriple/--mattr] [--name NAME]
//
//===----------------------------------------------------------------------===//

#include "tfs/Driver/Compile.h"
#include "tfs/Driver/Run.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

namespace cl = llvm::cl;
using namespace mlir;
using namespace mlir::tfs;

static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir>"));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("path"));
static cl::opt<std::string> emit(
    "emit",
    cl::desc("What to produce: tfs, linalg, llvm-mlir, llvm, asm, obj, "
             "header, so (default)"),
    cl::init("so"));
static cl::opt<std::string> modelName(
    "name", cl::desc("Model name, the prefix of its C entry points "
                     "(default: from the output file, libfoo.so -> foo)"));
static cl::opt<unsigned> optLevel("O", cl::desc("Optimization level 0-3"),
                                  cl::Prefix, cl::init(3));
static cl::opt<std::string> mtriple("mtriple",
                                    cl::desc("Target triple (default: host)"));
static cl::opt<std::string> mcpu("mcpu", cl::desc("Target CPU (default: host)"));
static cl::opt<std::string> mattr("mattr",
                                  cl::desc("Target features, e.g. +avx2"));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "tfsc: error: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  if (::tfs::driver::isRunCommand(argc, argv))
    return ::tfs::driver::runMain(argc, argv);
  llvm::InitLLVM initLLVM(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "tfsc: TF1 models to native code\n");

  bool isTFS = false, valid = false;
  std::optional<EmitKind> kind = parseEmitKind(emit, isTFS, valid);
  if (!valid)
    return fail("unknown --emit=" + emit + " (expected tfs, linalg, "
                "llvm-mlir, llvm, asm, obj, header or so)");
  if (optLevel > 3)
    return fail("-O" + llvm::Twine(optLevel) + " is not one of -O0..-O3");
  if (!llvm::StringRef(inputPath).ends_with(".mlir"))
    return fail("cannot compile '" + inputPath +
                "': expected a .mlir file in the tfs dialect");

  DialectRegistry registry;
  registerTFSCompilerDialects(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = parseTFSFile(inputPath, context);
  if (!module)
    return 1;

  bool binary = kind && (*kind == EmitKind::Object ||
                         *kind == EmitKind::SharedObject);
  std::string output = outputPath;
  if (output.empty()) {
    if (binary)
      return fail("--emit=" + emit + " writes a binary: give -o <path>");
    output = "-";
  }
  if (isTFS) {
    std::string error;
    auto file = openOutputFile(output, &error);
    if (!file)
      return fail(error);
    module->print(file->os());
    file->keep();
    return 0;
  }

  CompileOptions options;
  options.modelName =
      modelName.empty() ? modelNameForOutput(output, inputPath) : modelName;
  options.emit = *kind;
  options.outputPath = output;
  options.target.triple = mtriple;
  options.target.cpu = mcpu;
  options.target.features = mattr;
  options.target.optLevel = optLevel;
  if (*kind == EmitKind::SharedObject) {
    llvm::SmallString<256> header(output);
    llvm::sys::path::replace_extension(header, "h");
    options.headerPath = header.str().str();
    options.runtimeArchive = findRuntimeArchive(argv[0]);
    if (!llvm::sys::fs::exists(options.runtimeArchive))
      return fail("the tfsc runtime library is missing: " +
                  options.runtimeArchive +
                  " (set TFS_RUNTIME_LIBRARY to its path)");
  }
  return failed(compileModel(*module, options)) ? 1 : 0;
}
