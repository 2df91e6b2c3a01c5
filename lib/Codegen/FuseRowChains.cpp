//===- FuseRowChains.cpp - row-wise op chains in one loop over rows -------===//
//
// This file implements tfs-fuse-row-chains: a reduction along the
// innermost dimension and the elementwise ops connected to it over the
// same rows (softmax: max, exp(x - max), sum, e * 1/sum; a layer norm's
// mean, variance and scaling) become one loop over the rows, each
// iteration computing the whole chain on one row, so that the row stays in
// the L1 cache from the first op to the last and the intermediates are one
// row long. Large chains take their rows in tasks of an scf.forall: one
// parallel loop where op by op there were four, each thread keeping its
// rows from op to op.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_FUSEROWCHAINSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// The most elements an iteration of a row loop covers with several rows.
constexpr int64_t kStepElements = 2048;

/// How an op of a chain iterates: a reduction of rows of K into one value
/// per row, an elementwise op over the rows' elements, or one over the
/// rows. Its last loop is the columns' (K) unless it is over the rows; its
/// other loops, unit ones aside, are the rows'. Or a reshape of a value of
/// the chain that only adds or drops unit dimensions (a reduction's
/// keep_dims), the same rows.
enum class Kind { Reduction, Row, Scalar, Reshape };

/// How an operand of such an op is indexed: a whole row ([R..., K]), one
/// value per row ([R...]), one value per column ([K], the same for every
/// row), or the same value everywhere (0-d tensors, scalars). Unit
/// dimensions aside (a reduction with keep_dims: [R..., 1]).
enum class Access { Row, RowScalar, Column, Whole };

/// The non-unit sizes of `sizes`.
SmallVector<int64_t> nonUnit(ArrayRef<int64_t> sizes) {
  SmallVector<int64_t> result;
  for (int64_t size : sizes)
    if (size != 1)
      result.push_back(size);
  return result;
}

/// The access of `operand` of `op` (an op of the given kind), or nullopt
/// if it is none of the above: its indexing map must follow the loops in
/// order (with 0 for unit dimensions of the operand), read every non-unit
/// row loop or none, and the columns' loop last or not at all.
std::optional<Access> accessOf(linalg::LinalgOp op, OpOperand &operand,
                               Kind kind) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t columns = kind == Kind::Scalar ? -1 : ranges.size() - 1;
  auto type = dyn_cast<ShapedType>(operand.get().getType());
  int64_t previous = -1, rowLoops = 0;
  bool readsColumns = false;
  for (auto [i, expr] : llvm::enumerate(map.getResults())) {
    if (auto constant = dyn_cast<AffineConstantExpr>(expr)) {
      if (constant.getValue() != 0 || !type || type.getDimSize(i) != 1)
        return std::nullopt;
      continue;
    }
    auto dim = dyn_cast<AffineDimExpr>(expr);
    if (!dim || static_cast<int64_t>(dim.getPosition()) <= previous ||
        readsColumns)
      return std::nullopt;
    previous = dim.getPosition();
    if (previous == columns) {
      // The columns' dimension last: [rows, K] views collapse the others.
      if (i + 1 != map.getNumResults())
        return std::nullopt;
      readsColumns = true;
    } else if (ranges[previous] != 1) {
      ++rowLoops;
    }
  }
  int64_t allRowLoops = 0;
  for (auto [loop, range] : llvm::enumerate(ranges))
    if (static_cast<int64_t>(loop) != columns && range != 1)
      ++allRowLoops;
  if (rowLoops == allRowLoops)
    return readsColumns ? Access::Row : Access::RowScalar;
  if (rowLoops == 0)
    return readsColumns ? Access::Column : Access::Whole;
  return std::nullopt;
}

/// The reassociation that views a tensor of rank `rank` as [rows, K]
/// (Row), as one dimension (RowScalar, Column) or as a 0-d tensor (Whole).
SmallVector<ReassociationIndices> viewGroups(int64_t rank, Access access) {
  SmallVector<ReassociationIndices> groups;
  if (access == Access::Whole)
    return groups;
  groups.emplace_back();
  int64_t last = access == Access::Row ? rank - 1 : rank;
  for (int64_t d = 0; d < last; ++d)
    groups.back().push_back(d);
  if (access == Access::Row)
    groups.push_back({rank - 1});
  return groups;
}

/// The rank of such a view.
int64_t viewRank(Access access) {
  switch (access) {
  case Access::Row:
    return 2;
  case Access::RowScalar:
  case Access::Column:
    return 1;
  case Access::Whole:
    return 0;
  }
  llvm_unreachable("unknown access");
}

/// Whether `op` is a static, top-level generic (or linalg.reduce) with one
/// init and result and a payload free of loop indices (it can move to a
/// loop nest of other dimensions).
bool isCandidate(Operation *candidate) {
  auto op = dyn_cast<linalg::LinalgOp>(candidate);
  return op && isa<linalg::GenericOp, linalg::ReduceOp>(candidate) &&
         op.hasPureTensorSemantics() && op.getNumDpsInits() == 1 &&
         op->getNumResults() == 1 && !tfs::isInTiledLoop(op) &&
         !llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic) &&
         !op.hasIndexSemantics();
}

/// A reduction of one input along its last loop only, at least two rows
/// of at least two columns, into one value per row: the seed of a chain.
bool isRowReduction(linalg::LinalgOp op) {
  if (!isCandidate(op) || op.getNumDpsInputs() != 1 ||
      op.getNumReductionLoops() != 1 || op.getNumLoops() < 2 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction)
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t rows = 1;
  for (int64_t range : ArrayRef<int64_t>(ranges).drop_back())
    rows *= range;
  return rows >= 2 && ranges.back() >= 2 &&
         accessOf(op, *op.getDpsInputOperand(0), Kind::Reduction) ==
             Access::Row &&
         accessOf(op, *op.getDpsInitOperand(0), Kind::Reduction) ==
             Access::RowScalar;
}

/// Whether `op` is a static tensor.expand_shape or collapse_shape that only
/// adds or drops unit dimensions.
bool isUnitReshape(Operation *op) {
  if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op))
    return false;
  auto source = cast<RankedTensorType>(op->getOperand(0).getType());
  auto result = cast<RankedTensorType>(op->getResult(0).getType());
  return source.hasStaticShape() && result.hasStaticShape() &&
         nonUnit(source.getShape()) == nonUnit(result.getShape());
}

/// A chain: its rows' shape (unit dimensions dropped) and width K, its
/// ops (in block order once fusible) with their kinds.
struct Chain {
  SmallVector<int64_t> rowShape;
  int64_t width = 0;
  llvm::SetVector<Operation *> ops;
  DenseMap<Operation *, Kind> kinds;

  /// How the chain's ops read the result of its op `op`: whole rows or
  /// one value per row.
  Access valueAccess(Operation *op) const {
    switch (kinds.lookup(op)) {
    case Kind::Row:
      return Access::Row;
    case Kind::Reduction:
    case Kind::Scalar:
      return Access::RowScalar;
    case Kind::Reshape:
      return valueAccess(op->getOperand(0).getDefiningOp());
    }
    llvm_unreachable("unknown kind");
  }
};

/// The kind of `candidate` in `chain`, or nullopt if it does not belong to
/// it.
std::optional<Kind> kindIn(Operation *candidate, const Chain &chain) {
  if (!isCandidate(candidate))
    return std::nullopt;
  auto op = cast<linalg::LinalgOp>(candidate);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  bool overRows =
      ranges.back() == chain.width &&
      nonUnit(ArrayRef<int64_t>(ranges).drop_back()) == chain.rowShape;
  if (isRowReduction(op))
    return overRows ? std::optional<Kind>(Kind::Reduction) : std::nullopt;
  if (op.getNumParallelLoops() != op.getNumLoops())
    return std::nullopt;
  // The width is at least 2, so no op is both.
  Kind kind;
  if (overRows)
    kind = Kind::Row;
  else if (nonUnit(ranges) == chain.rowShape)
    kind = Kind::Scalar;
  else
    return std::nullopt;
  if (accessOf(op, *op.getDpsInitOperand(0), kind) !=
      (kind == Kind::Row ? Access::Row : Access::RowScalar))
    return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands())
    if (!accessOf(op, *input, kind))
      return std::nullopt;
  return kind;
}

/// Grows a chain from the row reduction `seed` over the producers and
/// users of its ops that iterate over the same rows (ops in `claimed` are
/// another chain's).
Chain growChain(linalg::LinalgOp seed, const DenseSet<Operation *> &claimed) {
  Chain chain;
  SmallVector<int64_t> ranges = seed.getStaticLoopRanges();
  chain.rowShape = nonUnit(ArrayRef<int64_t>(ranges).drop_back());
  chain.width = ranges.back();
  chain.ops.insert(seed);
  chain.kinds[seed] = Kind::Reduction;
  Block *block = seed->getBlock();
  auto consider = [&](Operation *op) {
    if (!op || op->getBlock() != block || claimed.contains(op) ||
        chain.ops.contains(op))
      return;
    if (isUnitReshape(op)) {
      if (chain.ops.contains(op->getOperand(0).getDefiningOp())) {
        chain.ops.insert(op);
        chain.kinds[op] = Kind::Reshape;
      }
      return;
    }
    if (std::optional<Kind> kind = kindIn(op, chain)) {
      chain.ops.insert(op);
      chain.kinds[op] = *kind;
    }
  };
  for (size_t i = 0; i < chain.ops.size(); ++i) {
    Operation *op = chain.ops[i];
    for (Value operand : op->getOperands())
      consider(operand.getDefiningOp());
    for (Operation *user : op->getUsers())
      consider(user);
  }
  return chain;
}

struct FuseRowChainsPass
    : public tfs::impl::FuseRowChainsPassBase<FuseRowChainsPass> {
  void runOnOperation() override {
    DenseSet<Operation *> claimed;
    SmallVector<Chain> chains;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (claimed.contains(op) || !isRowReduction(op))
        return;
      Chain chain = growChain(op, claimed);
      for (Operation *member : chain.ops)
        claimed.insert(member);
      if (fusible(chain))
        chains.push_back(std::move(chain));
    });
    IRRewriter rewriter(&getContext());
    for (Chain &chain : chains)
      fuse(rewriter, chain);
  }

  /// Whether `chain` can and should become one loop over rows.
  static bool fusible(Chain &chain) {
    if (chain.ops.size() < 2)
      return false;
    // In block order; the loop replaces the last op.
    SmallVector<Operation *> sorted(chain.ops.begin(), chain.ops.end());
    llvm::sort(sorted, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    chain.ops = llvm::SetVector<Operation *>(sorted.begin(), sorted.end());
    Operation *last = sorted.back();
    Block *block = last->getBlock();
    for (Operation *op : sorted) {
      Kind kind = chain.kinds.lookup(op);
      // Values of the chain are read a row at a time, as they are
      // computed.
      if (kind != Kind::Reshape)
        for (OpOperand &operand : op->getOpOperands()) {
          Operation *producer = operand.get().getDefiningOp();
          if (chain.ops.contains(producer) &&
              accessOf(cast<linalg::LinalgOp>(op), operand, kind) !=
                  chain.valueAccess(producer))
            return false;
        }
      // Results read outside are read after the loop, and written in
      // place of the op's init, which the loop then carries (reshapes
      // have none).
      bool external = false;
      for (Operation *user : op->getUsers()) {
        if (chain.ops.contains(user))
          continue;
        Operation *top = block->findAncestorOpInBlock(*user);
        if (!top || !last->isBeforeInBlock(top) || kind == Kind::Reshape)
          return false;
        external = true;
      }
      if (external &&
          chain.ops.contains(
              cast<linalg::LinalgOp>(op).getDpsInits()[0].getDefiningOp()))
        return false;
    }
    return true;
  }

  /// Replaces the ops of `chain` with one loop over its rows (an scf.for
  /// marked tfs::kRowLoopAttr, in the tasks of an scf.forall if large).
  void fuse(IRRewriter &rewriter, Chain &chain) {
    Operation *last = chain.ops.back();
    Location loc = last->getLoc();
    rewriter.setInsertionPoint(last);
    int64_t rows = 1;
    for (int64_t r : chain.rowShape)
      rows *= r;
    int64_t width = chain.width;
    // Rows per iteration: one if long, else enough for a few vectors
    // (kStepElements): the rows' chains are independent and overlap in
    // the core, where one short row's chain is a sequence of dependent
    // horizontal reductions (softmax over 1024 x 10 took 1.75x as long
    // one row at a time as op by op).
    int64_t step = 1;
    for (int64_t s = 2; s <= rows && s * width <= kStepElements; ++s)
      if (rows % s == 0)
        step = s;

    // The values the loop reads from outside the chain, viewed as [rows,
    // K], [rows], [K] or 0-d tensors (see viewGroups), made before it.
    DenseMap<std::pair<Value, unsigned>, Value> views;
    auto makeView = [&](Value value, Access access) {
      auto type = dyn_cast<RankedTensorType>(value.getType());
      auto [it, inserted] =
          views.try_emplace({value, static_cast<unsigned>(access)}, value);
      if (inserted && type && type.getRank() != viewRank(access))
        it->second = tensor::CollapseShapeOp::create(
            rewriter, loc, value, viewGroups(type.getRank(), access));
    };
    auto view = [&](Value value, Access access) {
      return views.lookup({value, static_cast<unsigned>(access)});
    };
    for (Operation *op : chain.ops)
      if (chain.kinds.lookup(op) != Kind::Reshape)
        for (OpOperand &operand : op->getOpOperands())
          if (!chain.ops.contains(operand.get().getDefiningOp()))
            makeView(operand.get(), *accessOf(cast<linalg::LinalgOp>(op),
                                              operand, chain.kinds.lookup(op)));

    // Results read after the chain, with the views of their inits that
    // the loop carries.
    SmallVector<Value> outs, dests;
    for (Operation *op : chain.ops)
      if (llvm::any_of(op->getUsers(), [&](Operation *user) {
            return !chain.ops.contains(user);
          })) {
        outs.push_back(op->getResult(0));
        dests.push_back(view(cast<linalg::LinalgOp>(op).getDpsInits()[0],
                             chain.valueAccess(op)));
      }

    // The offsets, sizes and strides of rows [first, first + count) of a
    // [rows, K] (rank 2) or [rows] view.
    struct Rows {
      SmallVector<OpFoldResult> offsets, sizes, strides;
    };
    auto rowRange = [&](OpBuilder &b, int64_t rank, OpFoldResult first,
                        OpFoldResult count) {
      Rows range{{first}, {count}, {b.getIndexAttr(1)}};
      if (rank == 2) {
        range.offsets.push_back(b.getIndexAttr(0));
        range.sizes.push_back(b.getIndexAttr(width));
        range.strides.push_back(b.getIndexAttr(1));
      }
      return range;
    };
    auto rowsOf = [&](OpBuilder &b, Location l, Value value, OpFoldResult first,
                      OpFoldResult count) -> Value {
      Rows range = rowRange(
          b, cast<RankedTensorType>(value.getType()).getRank(), first, count);
      return tensor::ExtractSliceOp::create(b, l, value, range.offsets,
                                            range.sizes, range.strides);
    };

    // The chain on rows [row, row + step), its results for `outs` inserted
    // at rows [local, local + step) of `accs`.
    auto emitRow = [&](OpBuilder &b, Location l, Value row, Value local,
                       ValueRange accs) -> SmallVector<Value> {
      IRMapping mapped;
      MLIRContext *context = b.getContext();
      AffineExpr d0 = getAffineDimExpr(0, context),
                 d1 = getAffineDimExpr(1, context);
      for (Operation *op : chain.ops) {
        Kind kind = chain.kinds.lookup(op);
        // The same rows.
        if (kind == Kind::Reshape) {
          mapped.map(op->getResult(0), mapped.lookup(op->getOperand(0)));
          continue;
        }
        auto linalgOp = cast<linalg::LinalgOp>(op);
        int64_t loops = kind == Kind::Scalar ? 1 : 2;
        auto mapOf = [&](Access access) {
          switch (access) {
          case Access::Row:
            return AffineMap::get(loops, 0, {d0, d1}, context);
          case Access::RowScalar:
            return AffineMap::get(loops, 0, {d0}, context);
          case Access::Column:
            return AffineMap::get(loops, 0, {d1}, context);
          case Access::Whole:
            return AffineMap::get(loops, 0, {}, context);
          }
          llvm_unreachable("unknown access");
        };
        SmallVector<Value> inputs;
        SmallVector<AffineMap> maps;
        for (OpOperand *operand : linalgOp.getDpsInputOperands()) {
          Access access = *accessOf(linalgOp, *operand, kind);
          maps.push_back(mapOf(access));
          Value value = operand->get();
          if (chain.ops.contains(value.getDefiningOp()))
            inputs.push_back(mapped.lookup(value));
          else if (access == Access::Row || access == Access::RowScalar)
            inputs.push_back(
                rowsOf(b, l, view(value, access), row, b.getIndexAttr(step)));
          else
            inputs.push_back(view(value, access));
        }
        Access outAccess = chain.valueAccess(op);
        maps.push_back(mapOf(outAccess));
        Value init = linalgOp.getDpsInits()[0];
        auto out = llvm::find(outs, op->getResult(0));
        Value rowInit;
        if (out != outs.end())
          rowInit = rowsOf(b, l, accs[out - outs.begin()], local,
                           b.getIndexAttr(step));
        else if (chain.ops.contains(init.getDefiningOp()))
          rowInit = mapped.lookup(init);
        else if (isa_and_nonnull<tensor::EmptyOp>(init.getDefiningOp()))
          // Rows-long temporaries (exp(x - max) in softmax): the whole
          // tensor is never allocated.
          rowInit = tensor::EmptyOp::create(
              b, l,
              outAccess == Access::Row ? SmallVector<int64_t>{step, width}
                                       : SmallVector<int64_t>{step},
              getElementTypeOrSelf(init.getType()));
        else
          rowInit =
              rowsOf(b, l, view(init, outAccess), row, b.getIndexAttr(step));
        SmallVector<utils::IteratorType> iterators(
            loops, utils::IteratorType::parallel);
        if (kind == Kind::Reduction)
          iterators.back() = utils::IteratorType::reduction;
        auto generic = linalg::GenericOp::create(
            b, l, TypeRange{rowInit.getType()}, inputs, ValueRange{rowInit},
            maps, iterators);
        IRMapping payload;
        op->getRegion(0).cloneInto(&generic.getRegion(), payload);
        mapped.map(op->getResult(0), generic.getResult(0));
      }
      SmallVector<Value> updated;
      for (auto [value, acc] : llvm::zip_equal(outs, accs)) {
        Value rowValue = mapped.lookup(value);
        Rows range =
            rowRange(b, cast<RankedTensorType>(rowValue.getType()).getRank(),
                     local, b.getIndexAttr(step));
        updated.push_back(tensor::InsertSliceOp::create(
            b, l, rowValue, acc, range.offsets, range.sizes, range.strides));
      }
      return updated;
    };

    // Rows [first, first + count) of `accs`, `step` rows per iteration.
    auto rowLoop = [&](OpBuilder &b, Location l, Value first, Value count,
                       ValueRange accs) -> ValueRange {
      auto loop = scf::ForOp::create(
          b, l, arith::ConstantIndexOp::create(b, l, 0), count,
          arith::ConstantIndexOp::create(b, l, step), accs,
          [&](OpBuilder &nb, Location nl, Value i, ValueRange iterArgs) {
            Value row = arith::AddIOp::create(nb, nl, first, i);
            scf::YieldOp::create(nb, nl, emitRow(nb, nl, row, i, iterArgs));
          });
      loop->setAttr(tfs::kRowLoopAttr, b.getUnitAttr());
      return loop.getResults();
    };

    SmallVector<Value> results;
    if (rows * width >= tfs::kParallelElements) {
      // Contiguous blocks of rows (whole steps), as many as kParallelTasks
      // allows; the last one shorter if they do not divide the rows.
      int64_t steps = rows / step;
      int64_t tasks = std::min(steps, tfs::kParallelTasks);
      int64_t block = llvm::divideCeil(steps, tasks) * step;
      tasks = llvm::divideCeil(rows, block);
      auto forall = scf::ForallOp::create(
          rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(tasks)},
          dests, std::nullopt, [&](OpBuilder &b, Location l, ValueRange args) {
            Value task = args[0];
            ValueRange shared = args.drop_front();
            Value first = arith::MulIOp::create(
                b, l, task, arith::ConstantIndexOp::create(b, l, block));
            OpFoldResult count = b.getIndexAttr(block);
            if (rows % block)
              count = arith::MinSIOp::create(
                          b, l, arith::ConstantIndexOp::create(b, l, block),
                          arith::SubIOp::create(
                              b, l, arith::ConstantIndexOp::create(b, l, rows),
                              first))
                          .getResult();
            SmallVector<Value> blocks;
            for (Value acc : shared)
              blocks.push_back(rowsOf(b, l, acc, first, count));
            ValueRange done =
                rowLoop(b, l, first,
                        getValueOrCreateConstantIndexOp(b, l, count), blocks);
            auto inParallel = scf::InParallelOp::create(b, l);
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPointToStart(inParallel.getBody());
            for (auto [value, acc] : llvm::zip_equal(done, shared)) {
              Rows range =
                  rowRange(b, cast<RankedTensorType>(acc.getType()).getRank(),
                           first, count);
              tensor::ParallelInsertSliceOp::create(
                  b, l, value, acc, range.offsets, range.sizes, range.strides);
            }
          });
      results.assign(forall->getResults().begin(), forall->getResults().end());
    } else {
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      ValueRange done =
          rowLoop(rewriter, loc, zero,
                  arith::ConstantIndexOp::create(rewriter, loc, rows), dests);
      results.assign(done.begin(), done.end());
    }

    // The results in their own shapes, for the ops after the chain.
    for (auto [value, result] : llvm::zip_equal(outs, results)) {
      Value replacement = result;
      if (result.getType() != value.getType()) {
        auto type = cast<RankedTensorType>(value.getType());
        replacement = tensor::ExpandShapeOp::create(
            rewriter, loc, type, result,
            viewGroups(type.getRank(),
                       chain.valueAccess(value.getDefiningOp())));
      }
      rewriter.replaceAllUsesWith(value, replacement);
    }
    for (Operation *op : llvm::reverse(chain.ops))
      rewriter.eraseOp(op);
  }
};

} // namespace
