//===- Pipelines.cpp - named tfsc pass pipelines --------------------------===//
//
// This file implements the tfs-to-linalg and tfs-to-llvm pipelines and
// compileModel, which drives a tfs module through them and the back end
// (LLVM IR, O-level pipeline, object, lld) to a model shared object.
//
//===----------------------------------------------------------------------===//

#include "tfs/Pipelines/Pipelines.h"

#include "tfs/Codegen/Passes.h"
#include "tfs/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <mutex>

using namespace mlir;
using namespace mlir::tfs;

/// Upstream passes are added by their registered names (the same strings
/// work with tfs-opt); make sure they are registered.
static void ensurePassesRegistered() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerAllPasses();
    registerTFSCodegenPasses();
    registerTFSConversionPasses();
  });
}

/// Appends a textual pipeline to `pm`; the text is a compile-time constant
/// of this file, so a parse failure is a bug.
static void addPipeline(OpPassManager &pm, StringRef text) {
  ensurePassesRegistered();
  if (failed(parsePassPipeline(text, pm, llvm::errs())))
    llvm::report_fatal_error(llvm::Twine("invalid tfsc pipeline: ") + text);
}

void mlir::tfs::buildTFSToLinalgPipeline(OpPassManager &pm,
                                         const PipelineOptions &options) {
  addPipeline(pm, "canonicalize,cse,tfs-check-indices,tfs-lower-variables,"
                  "convert-tfs-to-linalg");
  addPipeline(pm, llvm::formatv("tfs-export-entry{{name={0}},canonicalize,cse",
                                options.modelName.getValue())
                      .str());
}

void mlir::tfs::buildLinalgToLLVMPipeline(OpPassManager &pm,
                                          const PipelineOptions &options) {
  if (options.optLevel >= 2 && options.winograd)
    addPipeline(pm, llvm::formatv("tfs-winograd-conv{{parallel=true "
                                  "vector-bits={0}}",
                                  options.vectorBits.getValue())
                        .str());
  if (options.optLevel >= 2)
    // Tiling comes first: elementwise fusion would fold reshapes into the
    // named contractions and turn them into generics the tiler skips.
    // Chains of convolutions over a batch become loops over images before
    // it, so that it tiles and threads each op of one image.
    addPipeline(pm, llvm::formatv(
                        "func.func(tfs-normalize-matmuls),"
                        "func.func(tfs-batch-shared-matmuls),"
                        "tfs-fuse-image-chains,"
                        "tfs-tile-conv-matmul{{parallel=true vector-bits={0}},"
                        "canonicalize,cse,"
                        "func.func(linalg-fuse-elementwise-ops),"
                        "func.func(tfs-fuse-row-chains),"
                        "func.func(tfs-parallelize-elementwise),"
                        "func.func(tfs-vectorize-reductions),"
                        "func.func(tfs-approximate-math),canonicalize,cse",
                        options.vectorBits.getValue())
                        .str());
  addPipeline(
      pm,
      // Results computed into tensor.empty (loops, foralls) are written
      // straight into their destination (output buffers, variables),
      // chains of insertions (split ops) included.
      // An unrolled recurrence's steps (at least 256 ops in all) become a
      // loop: bufferization's analyses and LLVM grew faster than the step
      // count (128 LSTM steps: 47 s to compile, 2.8 s rolled).
      "func.func(tfs-roll-repeats{min-ops=256}),"
      "tfs-eliminate-empty-tensors,"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      // The second canonicalize folds the copies of a buffer onto
      // itself that CSE exposes (a result computed in place, in parts).
      "canonicalize,cse,canonicalize,tfs-plan-workspace,"
      "buffer-deallocation-pipeline,"
      "convert-bufferization-to-memref,"
      // Thread-level tiles (scf.forall) become OpenMP worksharing
      // loops, consecutive ones in one parallel region.
      "scf-forall-to-parallel,convert-scf-to-openmp,"
      "func.func(tfs-merge-parallel-regions),"
      // Their static schedules computed in the regions: libomp's costs
      // about 0.28 us a loop.
      "tfs-partition-workshare-loops,"
      "func.func(tfs-lower-strided-copies),"
      "convert-vector-to-scf{full-unroll=true}");
  // On 1-D transfers with their affine indices still visible.
  if (options.optLevel >= 2)
    addPipeline(pm, llvm::formatv("func.func(tfs-prefetch-strided-reads{{"
                                  "vector-bits={0}})",
                                  options.vectorBits.getValue())
                        .str());
  addPipeline(
      pm, "lower-affine,"
          "convert-linalg-to-loops,fold-memref-alias-ops,"
          "expand-strided-metadata,lower-affine,"
          // Before scf-to-cf: OpenMP regions hold memref.alloca_scope ops.
          "finalize-memref-to-llvm,convert-scf-to-cf,canonicalize,"
          "convert-vector-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
          "convert-arith-to-llvm,convert-index-to-llvm,"
          "convert-cf-to-llvm,convert-ub-to-llvm,"
          "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
          // After func-to-llvm: it would convert the entry's signature itself,
          // without the bare-pointer convention.
          "convert-openmp-to-llvm,reconcile-unrealized-casts");
}

void mlir::tfs::buildTFSToLLVMPipeline(OpPassManager &pm,
                                       const PipelineOptions &options) {
  buildTFSToLinalgPipeline(pm, options);
  buildLinalgToLLVMPipeline(pm, options);
}

void mlir::tfs::registerTFSPipelines() {
  PassPipelineRegistration<PipelineOptions>(
      "tfs-to-linalg",
      "tfs dialect to linalg on tensors with the model's entry point",
      buildTFSToLinalgPipeline);
  PassPipelineRegistration<PipelineOptions>(
      "tfs-to-llvm", "tfs dialect to the LLVM dialect (what tfsc compiles)",
      buildTFSToLLVMPipeline);
}

//===----------------------------------------------------------------------===//
// compileModel
//===----------------------------------------------------------------------===//

/// Writes `text` to `path` ("-" is stdout).
static LogicalResult writeText(StringRef path, StringRef text, Location loc) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file)
    return emitError(loc) << "cannot write " << path << ": " << error;
  file->os() << text;
  file->keep();
  return success();
}

static LogicalResult runPipeline(ModuleOp module,
                                 void (*build)(OpPassManager &,
                                               const PipelineOptions &),
                                 const PipelineOptions &options,
                                 TimingScope &timing) {
  PassManager pm(module.getContext());
  build(pm, options);
  pm.enableTiming(timing);
  return pm.run(module);
}

LogicalResult mlir::tfs::compileModel(ModuleOp module,
                                      const CompileOptions &options) {
  Location loc = module.getLoc();
  FailureOr<ModelSignature> signature =
      extractSignature(module, options.modelName);
  if (failed(signature))
    return failure();
  // Phases are timed only under --time-report (a null scope costs nothing).
  TimingScope noTiming;
  TimingScope &timing = options.timing ? *options.timing : noTiming;
  PipelineOptions pipeline;
  pipeline.modelName = signature->name;
  pipeline.optLevel = options.target.optLevel;
  pipeline.winograd = options.winograd;
  {
    TimingScope phase = timing.nest("tfs to linalg");
    if (failed(runPipeline(module, buildTFSToLinalgPipeline, pipeline, phase)))
      return failure();
  }
  // Feeds checked as gather indices before each run (tfs-export-entry).
  signature->indexLimits.assign(signature->feeds.size(), std::nullopt);
  if (auto run = module.lookupSymbol<func::FuncOp>(signature->name + "_run"))
    if (auto limits = run->getAttrOfType<DenseI64ArrayAttr>(kIndexLimitsAttr))
      for (auto [i, limit] : llvm::enumerate(limits.asArrayRef()))
        if (limit >= 0 && i < signature->indexLimits.size())
          signature->indexLimits[i] = limit;
  auto printModule = [&]() {
    std::string text;
    llvm::raw_string_ostream os(text);
    module.print(os);
    return writeText(options.outputPath, text, loc);
  };
  if (options.emit == EmitKind::Linalg)
    return printModule();
  // The target decides the tile sizes (vector width, register count).
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(options.target, loc);
  if (failed(machine))
    return failure();
  pipeline.vectorBits = vectorRegisterBits(**machine);
  {
    TimingScope phase = timing.nest("linalg to the LLVM dialect");
    if (failed(
            runPipeline(module, buildLinalgToLLVMPipeline, pipeline, phase)))
      return failure();
  }
  // tfs-plan-workspace left one workspace global for the function with the
  // model's ops (the entry, or the body it calls after checking feeds) ...
  std::string runName = signature->name + "_run";
  for (const std::string &name : {runName, entryBodyName(runName)}) {
    if (auto workspace =
            module.lookupSymbol<LLVM::GlobalOp>("tfs.workspace." + name))
      if (auto array = dyn_cast<LLVM::LLVMArrayType>(workspace.getType()))
        signature->workspaceBytes += array.getNumElements();
    // ... and the stack its threads' tasks need (tfs_rt_task_stack_bytes).
    if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
      if (auto bytes = fn->getAttrOfType<IntegerAttr>("tfs.task_stack_size"))
        signature->taskStackBytes =
            std::max(signature->taskStackBytes, bytes.getInt());
  }
  if (options.emit == EmitKind::Header)
    return writeText(options.outputPath, generateHeader(*signature), loc);
  if (options.emit == EmitKind::LLVMDialect)
    return printModule();

  llvm::LLVMContext context;
  TimingScope translation = timing.nest("translation to LLVM IR");
  FailureOr<std::unique_ptr<llvm::Module>> llvmModule =
      translateModel(module, *signature, context, **machine);
  translation.stop();
  if (failed(llvmModule))
    return failure();
  {
    TimingScope phase = timing.nest("LLVM IR optimization");
    optimizeModule(**llvmModule, **machine, options.target.optLevel);
  }
  // Parallel loops call into the OpenMP runtime.
  bool openmp = (*llvmModule)->getFunction("__kmpc_fork_call") != nullptr;
  if (options.emit == EmitKind::LLVMIR) {
    std::string text;
    llvm::raw_string_ostream os(text);
    (*llvmModule)->print(os, nullptr);
    return writeText(options.outputPath, text, loc);
  }

  bool assembly = options.emit == EmitKind::Assembly;
  std::string objectPath = options.outputPath;
  llvm::SmallString<128> tempObject;
  if (options.emit == EmitKind::SharedObject) {
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "tfsc-" + signature->name, "o", tempObject))
      return emitError(loc)
             << "cannot create a temporary file: " << ec.message();
    objectPath = tempObject.str().str();
  }
  {
    std::string error;
    auto file = openOutputFile(objectPath, &error);
    if (!file)
      return emitError(loc) << "cannot write " << objectPath << ": " << error;
    TimingScope phase = timing.nest("machine code");
    if (failed(emitMachineCode(**llvmModule, **machine, assembly, file->os(),
                               loc)))
      return failure();
    file->keep();
  }
  if (options.emit != EmitKind::SharedObject)
    return success();

  TimingScope linking = timing.nest("linking (lld)");
  LogicalResult linked = linkSharedObject(objectPath, options.runtimeArchive,
                                          options.outputPath, openmp, loc);
  linking.stop();
  llvm::sys::fs::remove(objectPath);
  if (failed(linked))
    return failure();
  if (!options.headerPath.empty())
    return writeText(options.headerPath, generateHeader(*signature), loc);
  return success();
}
