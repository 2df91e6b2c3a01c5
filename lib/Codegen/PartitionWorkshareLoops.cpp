//===- PartitionWorkshareLoops.cpp - static schedules without libomp ------===//
//
// This file implements tfs-partition-workshare-loops. An omp.wsloop with
// the default (static) schedule lowers to __kmpc_for_static_init and
// __kmpc_for_static_fini around the loop; the libomp that Debian 12 ships
// (LLVM 19's) formats a trace string with vsnprintf in every
// __kmpc_for_static_init, about 0.28 us a loop per thread, on 1 thread
// too. A model runs tens of such loops a call (RNN b16: one per step).
// The pass computes the same partition itself: each thread of the team
// takes one contiguous block of the iterations, from its thread number
// and the team's size, then waits at an omp.barrier unless the loop was
// nowait or the region ends right after it (its join waits anyway).
// Loops that read weights alternate their direction from call to call,
// so that each call starts with what the L2 kept of the previous one.
// The regions' barriers (theirs, and the ends of their omp.single blocks)
// become calls of the runtime's own barrier, tfs_rt_barrier: libomp's
// took 0.29-0.56 us on 2 threads, tfsc's 0.08 us, and a batch-1
// recurrence waits at one per step.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_PARTITIONWORKSHARELOOPSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

constexpr StringLiteral kThreadNum = "omp_get_thread_num";
constexpr StringLiteral kNumThreads = "omp_get_num_threads";
/// The runtime's barrier (Runtime.c): void tfs_rt_barrier(int32_t team).
constexpr StringLiteral kBarrier = "tfs_rt_barrier";

/// The loop nest of `loop` when it is a plain static workshare loop
/// directly in a parallel region (no clause but nowait, no other wrapper,
/// one block, index induction variables, constant positive steps), else
/// null: other loops are left to libomp.
omp::LoopNestOp plainLoopNest(omp::WsloopOp loop) {
  if (loop->getNumOperands() != 0 || loop.getScheduleKind() ||
      loop.getOrdered() || loop.getOrder() || loop.getScheduleSimd() ||
      !isa_and_nonnull<omp::ParallelOp>(loop->getParentOp()))
    return nullptr;
  auto nest = dyn_cast<omp::LoopNestOp>(loop.getWrappedLoop());
  if (!nest || nest->getParentOp() != loop || !nest.getRegion().hasOneBlock() ||
      !llvm::all_of(nest.getIVs(),
                    [](BlockArgument iv) { return iv.getType().isIndex(); }) ||
      !llvm::all_of(nest.getLoopSteps(), [](Value step) {
        std::optional<int64_t> value = getConstantIntValue(step);
        return value && *value > 0;
      }))
    return nullptr;
  return nest;
}

/// Declares the runtime function `name` of `type` in `module` unless it is
/// there.
void declareRuntimeFunction(OpBuilder &b, ModuleOp module, StringRef name,
                            FunctionType type) {
  if (module.lookupSymbol(name))
    return;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto function = func::FuncOp::create(b, module.getLoc(), name, type);
  function.setPrivate();
}

/// This thread's number and the team's size, as indices, computed once at
/// the start of `parallel`.
std::pair<Value, Value> threadAndTeam(OpBuilder &b, omp::ParallelOp parallel) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&parallel.getRegion().front());
  Location loc = parallel.getLoc();
  auto asIndex = [&](StringRef name) -> Value {
    Value number =
        func::CallOp::create(b, loc, name, b.getI32Type(), ValueRange{})
            .getResult(0);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), number);
  };
  Value thread = asIndex(kThreadNum);
  return {thread, asIndex(kNumThreads)};
}

/// Replaces `loop` (see plainLoopNest) by this thread's block of its
/// iterations: with T threads and N iterations (the nest's, linearized),
/// thread t takes N / T of them, one more when t < N % T, after those of
/// threads 0 to t - 1, as libomp's balanced static schedule does. When
/// `backward` (an i1, or null for never) holds, from the block's end.
void partition(OpBuilder &b, omp::WsloopOp loop, omp::LoopNestOp nest,
               Value thread, Value team, Value backward) {
  Location loc = loop.getLoc();
  b.setInsertionPoint(loop);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> trips;
  Value total;
  for (auto [lower, upper, step] :
       llvm::zip(nest.getLoopLowerBounds(), nest.getLoopUpperBounds(),
                 nest.getLoopSteps())) {
    Value span = arith::SubIOp::create(b, loc, upper, lower);
    if (nest.getLoopInclusive())
      span = arith::AddIOp::create(b, loc, span, one);
    span = arith::MaxSIOp::create(b, loc, span, zero);
    Value trip = arith::CeilDivSIOp::create(b, loc, span, step);
    trips.push_back(trip);
    total = total ? arith::MulIOp::create(b, loc, total, trip) : trip;
  }
  Value quotient = arith::DivUIOp::create(b, loc, total, team);
  Value remainder = arith::RemUIOp::create(b, loc, total, team);
  Value begin = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, thread, quotient),
      arith::MinUIOp::create(b, loc, thread, remainder));
  Value extra = arith::IndexCastUIOp::create(
      b, loc, b.getIndexType(),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, thread,
                            remainder));
  Value end = arith::AddIOp::create(
      b, loc, begin, arith::AddIOp::create(b, loc, quotient, extra));
  Value mirror;
  if (backward)
    mirror = arith::SubIOp::create(
        b, loc, arith::AddIOp::create(b, loc, begin, end), one);
  // A loop of blocks, not an scf.for: the body holds a
  // memref.alloca_scope, which lowers to several blocks.
  bool last = isa_and_nonnull<omp::TerminatorOp>(loop->getNextNode());
  Block *entry = loop->getBlock();
  Block *exit = entry->splitBlock(loop->getNextNode());
  Region *region = entry->getParent();
  Block *header =
      b.createBlock(region, Region::iterator(exit), {b.getIndexType()}, {loc});
  Block *body = b.createBlock(region, Region::iterator(exit));
  b.setInsertionPointToEnd(entry);
  cf::BranchOp::create(b, loc, header, ValueRange{begin});
  b.setInsertionPointToEnd(header);
  Value linear = header->getArgument(0);
  cf::CondBranchOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, linear, end),
      body, ValueRange{}, exit, ValueRange{});
  b.setInsertionPointToEnd(body);
  // The linear index back to the nest's induction variables, the
  // innermost varying fastest.
  IRMapping mapping;
  Value rest = linear;
  if (backward)
    rest = arith::SelectOp::create(
        b, loc, backward, arith::SubIOp::create(b, loc, mirror, linear),
        linear);
  for (int64_t d = trips.size() - 1; d >= 0; --d) {
    Value index = rest;
    if (d > 0) {
      index = arith::RemUIOp::create(b, loc, rest, trips[d]);
      rest = arith::DivUIOp::create(b, loc, rest, trips[d]);
    }
    Value iv = arith::AddIOp::create(
        b, loc, nest.getLoopLowerBounds()[d],
        arith::MulIOp::create(b, loc, index, nest.getLoopSteps()[d]));
    mapping.map(nest.getIVs()[d], iv);
  }
  for (Operation &op : nest.getRegion().front().without_terminator())
    b.clone(op, mapping);
  cf::BranchOp::create(b, loc, header,
                       ValueRange{arith::AddIOp::create(b, loc, linear, one)});
  b.setInsertionPointToStart(exit);
  if (!loop.getNowait() && !last)
    omp::BarrierOp::create(b, loc);
  loop->erase();
}

/// A call of the runtime's barrier for the team of `team` threads (an
/// index) at `b`'s insertion point.
void callBarrier(OpBuilder &b, Location loc, Value team) {
  Value size = arith::IndexCastOp::create(b, loc, b.getI32Type(), team);
  func::CallOp::create(b, loc, kBarrier, TypeRange{}, ValueRange{size});
}

/// Replaces the omp.barrier ops directly in `parallel` by calls of the
/// runtime's barrier, and its omp.single ops without clauses by their body
/// on thread 0 followed by one (omp.single's implicit barrier). The body
/// goes into a block of its own, not an scf.if: it may hold a
/// memref.alloca_scope, which lowers to several blocks.
void replaceBarriers(OpBuilder &b, omp::ParallelOp parallel, Value thread,
                     Value team) {
  SmallVector<Operation *> barriers;
  for (Block &block : parallel.getRegion())
    for (Operation &op : block)
      if (isa<omp::BarrierOp>(op))
        barriers.push_back(&op);
      else if (auto single = dyn_cast<omp::SingleOp>(op);
               single && single->getNumOperands() == 0 && !single.getNowait() &&
               single.getRegion().hasOneBlock())
        barriers.push_back(&op);
  for (Operation *op : barriers) {
    Location loc = op->getLoc();
    auto single = dyn_cast<omp::SingleOp>(op);
    if (!single) {
      b.setInsertionPoint(op);
      callBarrier(b, loc, team);
      op->erase();
      continue;
    }
    Block *entry = single->getBlock();
    Block *exit = entry->splitBlock(single->getNextNode());
    Block *body = &single.getRegion().front();
    Block *serial = b.createBlock(exit->getParent(), Region::iterator(exit));
    serial->getOperations().splice(serial->end(), body->getOperations(),
                                   body->begin(),
                                   Block::iterator(body->getTerminator()));
    cf::BranchOp::create(b, loc, exit);
    single->erase();
    b.setInsertionPointToEnd(entry);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    cf::CondBranchOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, thread, zero),
        serial, ValueRange{}, exit, ValueRange{});
    b.setInsertionPointToStart(exit);
    callBarrier(b, loc, team);
  }
}

/// Whether the body of `nest` reads a model variable (a view of a
/// memref.global of kVariableGlobalPrefix): the weights, which every call
/// reads again.
bool readsVariables(omp::LoopNestOp nest) {
  auto isVariable = [](Value value) {
    while (Operation *def = value.getDefiningOp()) {
      if (auto global = dyn_cast<memref::GetGlobalOp>(def))
        return global.getName().starts_with(tfs::kVariableGlobalPrefix);
      if (auto view = dyn_cast<ViewLikeOpInterface>(def))
        value = view.getViewSource();
      else if (auto cast = dyn_cast<memref::CastOp>(def))
        value = cast.getSource();
      else
        return false;
    }
    return false;
  };
  return nest
      .walk([&](Operation *op) {
        for (Value operand : op->getOperands())
          if (isa<MemRefType>(operand.getType()) && isVariable(operand))
            return WalkResult::interrupt();
        return WalkResult::advance();
      })
      .wasInterrupted();
}

/// Whether this call of `function` is an odd one (i1), from a call counter
/// of its own that the call increments at its start.
Value oddCall(OpBuilder &b, ModuleOp module, func::FuncOp function) {
  OpBuilder::InsertionGuard guard(b);
  Location loc = function.getLoc();
  auto counterType = MemRefType::get({}, b.getI32Type());
  b.setInsertionPoint(function);
  auto counter = memref::GlobalOp::create(
      b, loc, ("tfs.calls." + function.getSymName()).str(),
      b.getStringAttr("private"), counterType,
      DenseElementsAttr::get(RankedTensorType::get({}, b.getI32Type()),
                             b.getI32IntegerAttr(0).getValue()),
      /*constant=*/false, /*alignment=*/nullptr);
  SymbolTable(module).insert(counter);
  b.setInsertionPointToStart(&function.getBody().front());
  Value address =
      memref::GetGlobalOp::create(b, loc, counterType, counter.getSymName());
  Value one = arith::ConstantIntOp::create(b, loc, 1, 32);
  Value calls = memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addi,
                                            one, address, ValueRange{});
  return arith::TruncIOp::create(b, loc, b.getI1Type(), calls);
}

struct PartitionWorkshareLoopsPass
    : public tfs::impl::PartitionWorkshareLoopsPassBase<
          PartitionWorkshareLoopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<omp::WsloopOp, omp::LoopNestOp>> loops;
    module.walk([&](omp::WsloopOp loop) {
      if (omp::LoopNestOp nest = plainLoopNest(loop))
        loops.push_back({loop, nest});
    });
    if (loops.empty())
      return;
    OpBuilder b(&getContext());
    FunctionType number = b.getFunctionType({}, {b.getI32Type()});
    declareRuntimeFunction(b, module, kThreadNum, number);
    declareRuntimeFunction(b, module, kNumThreads, number);
    declareRuntimeFunction(b, module, kBarrier,
                           b.getFunctionType({b.getI32Type()}, {}));
    DenseMap<Operation *, std::pair<Value, Value>> teams;
    DenseMap<Operation *, Value> directions;
    for (auto [loop, nest] : loops) {
      auto parallel = cast<omp::ParallelOp>(loop->getParentOp());
      auto [it, inserted] = teams.try_emplace(parallel);
      if (inserted)
        it->second = threadAndTeam(b, parallel);
      // Loops that read weights alternate; others always go forward.
      Value backward;
      auto function = loop->getParentOfType<func::FuncOp>();
      if (function && readsVariables(nest)) {
        Value &odd = directions[function];
        if (!odd)
          odd = oddCall(b, module, function);
        backward = odd;
      }
      partition(b, loop, nest, it->second.first, it->second.second, backward);
    }
    for (auto [parallel, team] : teams)
      replaceBarriers(b, cast<omp::ParallelOp>(parallel), team.first,
                      team.second);
  }
};

} // namespace
