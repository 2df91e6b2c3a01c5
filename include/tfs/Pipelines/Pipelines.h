//===- Pipelines.h - named tfsc pass pipelines ------------------*- C++ -*-===//
//
// The pass pipelines tfsc runs, shared by the tfsc driver and tfs-opt, and
// the end-to-end compilation of a tfs module to a model shared object.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_PIPELINES_PIPELINES_H
#define TFS_PIPELINES_PIPELINES_H

#include "tfs/Target/SharedObject.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Support/Timing.h"

#include <string>

namespace mlir::tfs {

struct PipelineOptions : public PassPipelineOptions<PipelineOptions> {
  Option<std::string> modelName{*this, "name",
                                llvm::cl::desc("Model name (entry prefix)"),
                                llvm::cl::init("model")};
  Option<int> optLevel{*this, "opt-level",
                       llvm::cl::desc("Optimization level 0-3"),
                       llvm::cl::init(3)};
  Option<int64_t> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Vector register width of the target (tile sizes)"),
      llvm::cl::init(512)};
  Option<bool> winograd{
      *this, "winograd",
      llvm::cl::desc("Compute stride-1 3x3 and 5x5 convolutions with "
                     "Winograd's algorithm at -O2/-O3 (tfs-winograd-conv)"),
      llvm::cl::init(true)};
};

/// tfs -> linalg on tensors (tfs-to-linalg).
void buildTFSToLinalgPipeline(OpPassManager &pm, const PipelineOptions &options);
/// linalg on tensors -> LLVM dialect: bufferization, loops, LLVM conversion.
void buildLinalgToLLVMPipeline(OpPassManager &pm,
                               const PipelineOptions &options);
/// Both (tfs-to-llvm).
void buildTFSToLLVMPipeline(OpPassManager &pm, const PipelineOptions &options);

/// Registers tfs-to-linalg and tfs-to-llvm with the pass registry.
void registerTFSPipelines();

/// What `compileModel` stops at.
enum class EmitKind { Linalg, LLVMDialect, LLVMIR, Assembly, Object, Header,
                      SharedObject };

struct CompileOptions {
  std::string modelName = "model";
  TargetOptions target;
  EmitKind emit = EmitKind::SharedObject;
  std::string outputPath;       ///< "-" for stdout (text outputs only).
  std::string headerPath;       ///< SharedObject: also write the header here.
  std::string runtimeArchive;   ///< libtfs_runtime.a
  /// Winograd convolutions at -O2/-O3 (tfsc --winograd).
  bool winograd = true;
  /// When set (tfsc --time-report), each phase and each MLIR pass is timed
  /// under this scope.
  TimingScope *timing = nullptr;
};

/// Compiles a verified tfs module (entry @main) down to `options.emit`.
/// Errors are reported as diagnostics on the module's context.
LogicalResult compileModel(ModuleOp module, const CompileOptions &options);

} // namespace mlir::tfs

#endif // TFS_PIPELINES_PIPELINES_H
