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

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
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
  // A loop whose body forks threads itself (a rolled recurrence that could
  // not join the region) would run them nested in the single, one thread.
  if (op->getNumRegions() && op->walk([](omp::ParallelOp) {
                                 return WalkResult::interrupt();
                               }).wasInterrupted())
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
    // Inner loops first: a loop wrapped into a region of its own is one
    // region among the others of its parent block.
    SmallVector<scf::ForOp> wrapped;
    for (Block *block : blocks) {
      mergeIn(*block);
      if (auto loop = dyn_cast<scf::ForOp>(block->getParentOp()))
        if (wrapLoop(loop))
          wrapped.push_back(loop);
    }
    // Outer loops first: an inner loop's blocks would split the outer
    // loop's body, which must stay one block while it is a loop.
    for (scf::ForOp loop : llvm::reverse(wrapped))
      lowerToBlocks(loop);
  }

  /// Runs a sequential loop whose body is one region and ops that can be
  /// hoisted or run by one thread (a rolled recurrence's steps) in a
  /// region of its own: every thread runs the loop, the loops of the body
  /// share out each iteration's work, the serial ops run in omp.single
  /// blocks, and a barrier ends each iteration. A fork and a join per
  /// iteration become a barrier or two.
  bool wrapLoop(scf::ForOp loop) {
    if (loop.getNumResults())
      return false;
    Block *body = loop.getBody();
    omp::ParallelOp inner;
    SmallVector<Operation *> before, after;
    for (Operation &op : body->without_terminator()) {
      if (isPlainRegion(&op)) {
        if (inner)
          return false;
        inner = cast<omp::ParallelOp>(op);
        continue;
      }
      // Hoisted ops run on every thread: a stack buffer would be one per
      // thread.
      Placement placement = placementOf(&op);
      if (placement == Placement::None || isa<memref::AllocaOp>(op))
        return false;
      if (placement == Placement::Single)
        (inner ? after : before).push_back(&op);
    }
    if (!inner)
      return false;

    OpBuilder b(loop);
    Location loc = loop.getLoc();
    auto outer = omp::ParallelOp::create(b, loc);
    b.createBlock(&outer.getRegion());
    loop->moveBefore(omp::TerminatorOp::create(b, loc));

    // The serial ops before the region's body run in a single right before
    // it: moved later, their operands are still defined before them, and
    // the hoisted ops they pass touch no memory.
    b.setInsertionPoint(inner);
    auto single = [&](ArrayRef<Operation *> ops) {
      auto op = omp::SingleOp::create(b, loc, omp::SingleOperands{});
      b.createBlock(&op.getRegion());
      auto end = omp::TerminatorOp::create(b, loc);
      for (Operation *serial : ops)
        serial->moveBefore(end);
      b.setInsertionPointAfter(op);
    };
    if (!before.empty())
      single(before);
    bool barrier = endsWithBarrier(inner);
    Block &innerBody = inner.getRegion().front();
    body->getOperations().splice(Block::iterator(inner),
                                 innerBody.getOperations(), innerBody.begin(),
                                 Block::iterator(innerBody.getTerminator()));
    // The next iteration, or the serial ops after, see all of this one's
    // writes.
    b.setInsertionPoint(inner);
    if (!barrier)
      omp::BarrierOp::create(b, loc);
    inner->erase();
    if (!after.empty()) {
      b.setInsertionPoint(body->getTerminator());
      single(after);
    }
    return true;
  }

  /// Turns a loop wrapped by wrapLoop into blocks of its region: a
  /// region's workshare loops are then directly in it, as
  /// tfs-partition-workshare-loops computes the schedules of.
  void lowerToBlocks(scf::ForOp loop) {
    OpBuilder b(loop);
    Location loc = loop.getLoc();
    Block *entry = loop->getBlock();
    Block *exit = entry->splitBlock(loop->getNextNode());
    Region *region = entry->getParent();
    Block *header = b.createBlock(region, Region::iterator(exit),
                                  {b.getIndexType()}, {loc});
    Block *body = loop.getBody();
    region->getBlocks().splice(Region::iterator(exit),
                               loop.getRegion().getBlocks());
    b.setInsertionPointToEnd(entry);
    cf::BranchOp::create(b, loc, header, ValueRange{loop.getLowerBound()});
    b.setInsertionPointToEnd(header);
    Value iv = header->getArgument(0);
    cf::CondBranchOp::create(b, loc,
                             arith::CmpIOp::create(b, loc,
                                                   arith::CmpIPredicate::slt,
                                                   iv, loop.getUpperBound()),
                             body, ValueRange{iv}, exit, ValueRange{});
    body->getTerminator()->erase();
    b.setInsertionPointToEnd(body);
    cf::BranchOp::create(b, loc, header,
                         ValueRange{arith::AddIOp::create(
                             b, loc, body->getArgument(0), loop.getStep())});
    loop->erase();
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
