//===- Passes.h - tfsc codegen passes ---------------------------*- C++ -*-===//
//
// Declares the passes of lib/Codegen (see Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CODEGEN_PASSES_H
#define TFS_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir::tfs {

#define GEN_PASS_DECL
#include "tfs/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tfs/Codegen/Passes.h.inc"

/// Below this many FLOPs an op (or a batch of products) runs on one
/// thread: forking costs about a microsecond, and small models must not
/// get slower with more threads.
inline constexpr double kParallelFlops = 4e6;

/// Below this many elements an elementwise loop or a row reduction stays
/// on the calling thread: forking costs about a microsecond, about what
/// 64K elements take.
inline constexpr int64_t kParallelElements = 1 << 16;

/// The number of tasks a parallel elementwise loop or row reduction is cut
/// into (several per core, so that any thread count up to 16 divides the
/// work evenly enough).
inline constexpr int64_t kParallelTasks = 16;

/// The prefix of the memref.global that holds a variable.
inline constexpr llvm::StringLiteral kVariableGlobalPrefix = "tfs.var.";

/// The largest temporary of a thread's task that tfs-plan-workspace puts
/// on the thread's stack (OpenMP workers have 4 MiB by default); larger
/// ones keep their malloc.
inline constexpr int64_t kTaskStackBytes = 1 << 20;

/// Marks the scf.for over images (or over all of a chain's rows at once)
/// that tfs-fuse-image-chains builds: the ops in its body are whole ops of
/// one image (or of the rows), to be tiled and threaded as such (unlike
/// those in the loops of a tiled op).
inline constexpr llvm::StringLiteral kImageLoopAttr = "tfs.image_loop";

/// Marks the scf.forall whose tasks tfs-fuse-image-chains gives one thread
/// each: the ops in its body are whole ops of a task's images or rows, to
/// be tiled and vectorized on that thread (not threaded again).
inline constexpr llvm::StringLiteral kTaskLoopAttr = "tfs.task_loop";

/// Marks an elementwise op that tfs-parallelize-elementwise vectorizes but
/// keeps on the calling thread, whatever its size: the op that reads its
/// result runs there too (a depthwise convolution's repeated input, split
/// over threads before a one-thread convolution, moved between the cores'
/// caches on every call: 56x56x32 x 2 took 2.3-2.9x as long at 2 threads
/// as at 1; now as long).
inline constexpr llvm::StringLiteral kSerialAttr = "tfs.serial";

/// Marks the scf.for over rows that tfs-fuse-row-chains builds: the ops in
/// its body are whole ops on one row, vectorized on the calling thread.
inline constexpr llvm::StringLiteral kRowLoopAttr = "tfs.row_loop";

/// The attribute of a @main argument (a feed) whose elements index a
/// gather: an array of {limit, shape, node} dictionaries that
/// tfs-check-indices records and tfs-export-entry checks before the run.
inline constexpr llvm::StringLiteral kIndexChecksAttr = "tfs.index_checks";

/// The attribute of the model's entry holding, per feed, the smallest bound
/// it is checked against (-1: not checked), for the header.
inline constexpr llvm::StringLiteral kIndexLimitsAttr = "tfs.index_limits";

/// The runtime function that checks a feed's indices (tfs_runtime.h).
inline constexpr llvm::StringLiteral kCheckIndicesFunction =
    "tfs_rt_check_indices";

/// The function holding the model's ops when its entry `runName` first
/// checks feeds (tfs-export-entry).
inline std::string entryBodyName(llvm::StringRef runName) {
  return (runName + ".body").str();
}

/// Whether `op` is a whole op on one row in a tfs-fuse-row-chains loop.
inline bool isInRowLoop(Operation *op) {
  Operation *parent = op->getParentOp();
  return parent && isa<scf::ForOp>(parent) && parent->hasAttr(kRowLoopAttr);
}

/// Whether `op` is part of an op already tiled or distributed: inside an
/// scf.forall, or an scf.for other than a loop over images.
inline bool isInTiledLoop(Operation *op) {
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp())
    if (isa<scf::ForallOp>(parent) ||
        (isa<scf::ForOp>(parent) && !parent->hasAttr(kImageLoopAttr)))
      return true;
  return false;
}

/// Whether `op` is a whole op of a thread's task (tfs-fuse-image-chains).
inline bool isInTaskLoop(Operation *op) {
  Operation *parent = op->getParentOp();
  return parent && isa<scf::ForallOp>(parent) && parent->hasAttr(kTaskLoopAttr);
}

/// Whether `op` is whole, for tfs-parallelize-elementwise and
/// tfs-vectorize-reductions to vectorize: not part of a tiled op, or an op
/// of a row in a tfs-fuse-row-chains loop or of a thread's task
/// (vectorized, not threaded).
inline bool isWholeOp(Operation *op) {
  return !isInTiledLoop(op) || isInRowLoop(op) || isInTaskLoop(op);
}

} // namespace mlir::tfs

#endif // TFS_CODEGEN_PASSES_H
