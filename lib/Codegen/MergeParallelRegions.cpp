//===- MergeParallelRegions.cpp - one OpenMP region for many loops --------===//
//
// This file implements tfs-merge-parallel-regions. convert-scf-to-openmp
// gives every parallel loop its own omp.parallel region: each one wakes
// the team and joins it again (about 1.5 us on 2 threads here, against 0.3
// us for a barrier), which is a large share of a model of a few
// microseconds per op (MLP b1 on 2 threads: 14 us for its layers' three
// regions). Consecutive regions of a block become one: the team stays up,
// the serial code between two loops runs in an omp.single (one thread, a
// barrier after), and the loops' own implicit barriers keep their order.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_MERGEPARALLELREGIONSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// A region with no clauses (what convert-scf-to-openmp creates) and one
/// block.
bool isPlainRegion(Operation *op) {
  auto parallel = dyn_cast<omp::ParallelOp>(op);
  return parallel && parallel->getNumOperands() == 0 &&
         parallel.getRegion().hasOneBlock();
}

/// How an op between two regions is merged: moved before them (it
/// computes a value without touching memory: constants, views, index
/// arithmetic), or run by one thread in an omp.single (it writes memory,
/// and nothing after uses a result of it).
enum class Placement { Hoist, Single, None };

Placement placementOf(Operation *op) {
  if (op->hasTrait<OpTrait::IsTerminator>())
    return Placement::None;
  if (op->getNumRegions() == 0 &&
      (isMemoryEffectFree(op) || isa<memref::AllocaOp>(op)))
    return Placement::Hoist;
  if (op->use_empty())
    return Placement::Single;
  return Placement::None;
}

/// Whether the body of `parallel` ends with a workshare loop that waits
/// for all threads (its implicit barrier).
bool endsWithBarrier(omp::ParallelOp parallel) {
  Block &body = parallel.getRegion().front();
  Operation *terminator = body.getTerminator();
  Operation *last = terminator->getPrevNode();
  auto loop = dyn_cast_or_null<omp::WsloopOp>(last);
  return loop && !loop.getNowait();
}

struct MergeParallelRegionsPass
    : public tfs::impl::MergeParallelRegionsPassBase<MergeParallelRegionsPass> {
  void runOnOperation() override {
    SmallVector<Block *> blocks;
    // Blocks run by one thread: the function's and those of sequential
    // loops outside parallel regions (a loop over images).
    getOperation().walk([&](Block *block) {
      Operation *parent = block->getParentOp();
      if ((isa<func::FuncOp>(parent) || isa<scf::ForOp>(parent)) &&
          !parent->getParentOfType<omp::ParallelOp>())
        blocks.push_back(block);
    });
    for (Block *block : blocks)
      mergeIn(*block);
  }

  void mergeIn(Block &block) {
    OpBuilder b(&getContext());
    for (Operation *op = &block.front(); op; op = op->getNextNode()) {
      if (!isPlainRegion(op))
        continue;
      auto first = cast<omp::ParallelOp>(op);
      // Absorb every following region reachable over mergeable ops.
      SmallVector<Operation *> between;
      Operation *next = first->getNextNode();
      while (next) {
        if (isPlainRegion(next)) {
          absorb(b, first, between, cast<omp::ParallelOp>(next));
          between.clear();
          next = first->getNextNode();
          continue;
        }
        if (placementOf(next) == Placement::None)
          break;
        between.push_back(next);
        next = next->getNextNode();
      }
    }
  }

  /// Moves the ops `between` `first` and `second` (before `first`, or
  /// into an omp.single at the end of its body), then `second`'s body to
  /// the end of `first`'s, and erases `second`.
  void absorb(OpBuilder &b, omp::ParallelOp first,
              ArrayRef<Operation *> between, omp::ParallelOp second) {
    Block &body = first.getRegion().front();
    Operation *terminator = body.getTerminator();
    SmallVector<Operation *> serial;
    for (Operation *op : between) {
      if (placementOf(op) == Placement::Hoist)
        op->moveBefore(first);
      else
        serial.push_back(op);
    }
    Location loc = second.getLoc();
    // The first body ends with a barrier (its loop's, or one added), the
    // single with another: the serial code sees all of the first body's
    // writes, and the second body all of the serial code's.
    b.setInsertionPoint(terminator);
    if (!endsWithBarrier(first))
      omp::BarrierOp::create(b, loc);
    if (!serial.empty()) {
      auto single = omp::SingleOp::create(b, loc, omp::SingleOperands{});
      Block *singleBody = b.createBlock(&single.getRegion());
      b.setInsertionPointToEnd(singleBody);
      auto end = omp::TerminatorOp::create(b, loc);
      for (Operation *op : serial)
        op->moveBefore(end);
    }
    Block &secondBody = second.getRegion().front();
    body.getOperations().splice(Block::iterator(terminator),
                                secondBody.getOperations(), secondBody.begin(),
                                Block::iterator(secondBody.getTerminator()));
    second->erase();
  }
};

} // namespace
