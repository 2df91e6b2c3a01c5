//===- tfsc.cpp - the tfsc compiler driver --------------------------------===//
//
// tfsc run SCRIPT.py [args...]   (runs a TF1 program, see tfs/Driver/Run.h)
// tfsc MODEL.py|MODEL.mlir [-o libmodel.so] [--emit=tfs|dot|linalg|
// llvm-mlir|llvm|asm|obj|header|so] [--feed NAME=DIMS] [--fetch NAME]
// [-O0..3] [--mcpu/--mtriple/--mattr] [--name NAME] [--time-report]
//
//===----------------------------------------------------------------------===//

#include "tfs/Driver/Compile.h"
#include "tfs/Driver/Run.h"
#include "tfs/Frontend/GraphToDot.h"
#include "tfs/Frontend/ImportGraph.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/CodeGen/CommandFlags.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

namespace cl = llvm::cl;
using namespace mlir;
using namespace mlir::tfs;

static cl::OptionCategory tfscCategory("tfsc options");

static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.py | model.mlir>"),
                                      cl::cat(tfscCategory));
static cl::list<std::string>
    scriptArgs(cl::Positional, cl::ZeroOrMore,
               cl::desc("[-- <arguments of the model script>...]"),
               cl::cat(tfscCategory));
static cl::list<std::string> feedFlags(
    "feed",
    cl::desc("NAME=DIMS: feed NAME with shape DIMS (e.g. 1x64x64x32), "
             "fixing its unknown dimensions"),
    cl::value_desc("NAME=DIMS"), cl::cat(tfscCategory));
static cl::list<std::string>
    fetchFlags("fetch",
               cl::desc("An op or tensor to compute (repeatable; default: the "
                        "graph's sink tensors)"),
               cl::value_desc("NAME"), cl::cat(tfscCategory));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("path"),
                                       cl::cat(tfscCategory));
static cl::opt<std::string> emit(
    "emit",
    cl::desc("What to produce: tfs, dot, linalg, llvm-mlir, llvm, asm, obj, "
             "header, so (default)"),
    cl::init("so"), cl::cat(tfscCategory));
static cl::opt<std::string>
    modelName("name",
              cl::desc("Model name, the prefix of its C entry points "
                       "(default: from the output file, libfoo.so -> foo)"),
              cl::cat(tfscCategory));
static cl::opt<std::string> weightsPath(
    "weights",
    cl::desc("An .npz of trained variable values (keys 'scope/w' or "
             "'scope/w:0') to compile in as the initial values"),
    cl::value_desc("file.npz"), cl::cat(tfscCategory));
static cl::opt<unsigned> optLevel("O", cl::desc("Optimization level 0-3"),
                                  cl::Prefix, cl::init(3),
                                  cl::cat(tfscCategory));
static cl::opt<bool> winograd(
    "winograd",
    cl::desc("At -O2/-O3, compute stride-1 3x3 and 5x5 convolutions with "
             "Winograd's algorithm (default true; results differ from direct "
             "summation by rounding: see docs/passes.md)"),
    cl::init(true), cl::cat(tfscCategory));
static cl::opt<std::string> mtriple("mtriple",
                                    cl::desc("Target triple (default: host)"),
                                    cl::cat(tfscCategory));
static cl::opt<bool> timeReport(
    "time-report",
    cl::desc("Print the time of each compilation phase and MLIR pass to "
             "stderr"),
    cl::cat(tfscCategory));
// --mcpu and --mattr are LLVM's own codegen flags: lld, linked in process,
// registers the same set, so tfsc uses them rather than its own.
static llvm::codegen::RegisterCodeGenFlags codeGenFlags;

/// Shows tfsc's options and the two codegen target flags in --help, hiding the
/// rest of LLVM's codegen flags.
static void setUpHelp() {
  cl::HideUnrelatedOptions(tfscCategory);
  auto &options = cl::getRegisteredOptions();
  for (const char *name : {"mcpu", "mattr"}) {
    auto it = options.find(name);
    if (it == options.end())
      continue;
    it->second->setHiddenFlag(cl::NotHidden);
    it->second->addCategory(tfscCategory);
  }
}

static int fail(const llvm::Twine &message) {
  llvm::errs() << "tfsc: error: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  if (::tfs::driver::isRunCommand(argc, argv))
    return ::tfs::driver::runMain(argc, argv);
  llvm::InitLLVM initLLVM(argc, argv);
  setUpHelp();
  cl::ParseCommandLineOptions(argc, argv, "tfsc: TF1 models to native code\n");

  bool isTFS = false, valid = false;
  bool isDot = emit == "dot";
  std::optional<EmitKind> kind =
      isDot ? std::nullopt : parseEmitKind(emit, isTFS, valid);
  if (!valid && !isDot)
    return fail("unknown --emit=" + emit +
                " (expected tfs, dot, linalg, "
                "llvm-mlir, llvm, asm, obj, header or so)");
  if (optLevel > 3)
    return fail("-O" + llvm::Twine(optLevel) + " is not one of -O0..-O3");
  llvm::StringRef input(inputPath);
  bool isScript = input.ends_with(".py");
  if (!isScript && !input.ends_with(".mlir"))
    return fail("cannot compile '" + inputPath +
                "': expected a Python model (.py) or a .mlir file in the tfs "
                "dialect");
  if (!isScript && (isDot || !feedFlags.empty() || !fetchFlags.empty()))
    return fail("--emit=dot, --feed and --fetch need a Python model");

  ImportOptions importOptions;
  for (const std::string &flag : feedFlags) {
    auto [name, dims] = llvm::StringRef(flag).split('=');
    FeedSpec feed;
    feed.name = name.str();
    if (name.empty())
      return fail("--feed expects NAME or NAME=DIMS, got '" + flag + "'");
    if (!dims.empty()) {
      std::vector<int64_t> shape;
      llvm::SmallVector<llvm::StringRef> parts;
      if (dims != "scalar")
        dims.split(parts, 'x');
      for (llvm::StringRef part : parts) {
        int64_t d;
        if (part.getAsInteger(10, d) || d < 0)
          return fail("--feed " + flag +
                      ": dimensions are non-negative "
                      "integers separated by 'x' (e.g. 1x64x64x32)");
        shape.push_back(d);
      }
      feed.shape = std::move(shape);
    }
    importOptions.feeds.push_back(std::move(feed));
  }
  importOptions.fetches.assign(fetchFlags.begin(), fetchFlags.end());

  // Declared before anything it times: prints its report (stderr) when
  // main returns.
  DefaultTimingManager timingManager;
  timingManager.setEnabled(timeReport);
  timingManager.setDisplayMode(DefaultTimingManager::DisplayMode::Tree);
  TimingScope timing = timingManager.getRootScope();

  DialectRegistry registry;
  registerTFSCompilerDialects(registry);
  MLIRContext context(registry);
  // Diagnostics print as file:line:col, with the model's source line.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  context.printOpOnDiagnostic(false);
  OwningOpRef<ModuleOp> module;
  TimingScope frontend =
      timing.nest(isScript ? "model script and graph import" : "parsing");
  if (isScript) {
    std::string dotText;
    ::tfs::driver::RunOptions run;
    run.script = inputPath;
    run.scriptArgs.assign(scriptArgs.begin(), scriptArgs.end());
    run.afterScript = [&]() -> int {
      ::tfs::frontend::Graph &graph = ::tfs::driver::defaultGraph();
      if (isDot) {
        dotText = graphToDot(graph);
        return 0;
      }
      module = importGraph(graph, importOptions, context);
      return module ? 0 : 1;
    };
    if (int status = ::tfs::driver::runScript(run))
      return status;
    if (isDot) {
      std::string error;
      auto file = openOutputFile(
          outputPath.empty() ? "-" : outputPath.getValue(), &error);
      if (!file)
        return fail(error);
      file->os() << dotText;
      file->keep();
      return 0;
    }
  } else {
    module = parseTFSFile(inputPath, context);
  }
  frontend.stop();
  if (!module)
    return 1;
  if (!weightsPath.empty())
    if (llvm::Error error = embedWeights(*module, weightsPath))
      return fail("--weights: " + llvm::toString(std::move(error)));

  bool binary =
      kind && (*kind == EmitKind::Object || *kind == EmitKind::SharedObject);
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
    // Locations carry the TF op names and the model's file:line.
    module->print(file->os(), OpPrintingFlags().enableDebugInfo(
                                  /*enable=*/true, /*prettyForm=*/false));
    file->keep();
    return 0;
  }

  CompileOptions options;
  options.modelName =
      modelName.empty() ? modelNameForOutput(output, inputPath) : modelName;
  options.emit = *kind;
  options.outputPath = output;
  options.target.triple = mtriple;
  options.target.cpu = llvm::codegen::getMCPU();
  options.target.features = llvm::join(llvm::codegen::getMAttrs(), ",");
  options.target.optLevel = optLevel;
  options.winograd = winograd;
  options.timing = &timing;
  if (*kind == EmitKind::SharedObject && !mtriple.empty() &&
      llvm::Triple(mtriple).getArch() !=
          llvm::Triple(llvm::sys::getDefaultTargetTriple()).getArch())
    return fail("--emit=so links with this machine's runtime library; for "
                "--mtriple=" +
                mtriple + " use --emit=obj, --emit=asm or --emit=llvm");
  if (*kind == EmitKind::SharedObject) {
    llvm::SmallString<256> header(output);
    llvm::sys::path::replace_extension(header, "h");
    options.headerPath = header.str().str();
    options.runtimeArchive = findRuntimeArchive(argv[0]);
    if (!llvm::sys::fs::exists(options.runtimeArchive))
      return fail(
          "the tfsc runtime library is missing: " + options.runtimeArchive +
          " (set TFS_RUNTIME_LIBRARY to its path)");
  }
  return failed(compileModel(*module, options)) ? 1 : 0;
}
