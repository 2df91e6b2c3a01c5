//===- VectorizeReductions.cpp - row reductions in vector registers -------===//
//
// This file implements tfs-vectorize-reductions: a reduction along the
// innermost dimension (softmax's max and sum over a row, reduce_sum /
// reduce_max over the last axis) becomes a loop per row that combines
// chunks of the row into a vector accumulator and reduces that vector
// once at the end. Left to convert-linalg-to-loops, each element was
// combined into the result in memory: LLVM could not keep the result in a
// register when the input lived in the same workspace buffer, nor
// vectorize it.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_VECTORIZEREDUCTIONSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// The widest chunk of a row combined per step: four AVX-512 registers,
/// four independent chains of combining instructions.
constexpr int64_t kChunk = 64;

/// How a reduction combines its elements, if it is one this pass
/// vectorizes: one f32 op of the input element and the accumulator that
/// may be reordered (max and min always; sums and products only with the
/// reassoc flag, which the tfs lowering sets: TF's reductions are not
/// sequential either), or a maximum as a compare and a select (`acc < in ?
/// in : acc` or `in > acc ? in : acc`, x86's maxps: softmax's row
/// maximum), kept as such in vectors; what is combined may be computed
/// from the input element by elementwise ops first (a sum of squares).
struct Combiner {
  /// The vector.reduction kind; none for the compare-and-select maximum.
  std::optional<vector::CombiningKind> kind;

  /// Elementwise ops computing what is combined from the input element
  /// `in` (the square in a sum of squares, once elementwise fusion has
  /// put it into the reduction), in order, and their result `value`; none
  /// if the element itself is combined.
  SmallVector<Operation *> prologue;
  Value in, value;

  /// The prologue applied to `chunk`, a vector of input elements.
  Value apply(OpBuilder &b, Location loc, Value chunk) const {
    if (prologue.empty())
      return chunk;
    ArrayRef<int64_t> shape = cast<VectorType>(chunk.getType()).getShape();
    IRMapping mapped;
    mapped.map(in, chunk);
    for (Operation *op : prologue) {
      SmallVector<Value> operands;
      for (Value operand : op->getOperands())
        operands.push_back(mapped.contains(operand)
                               ? mapped.lookup(operand)
                               : vector::BroadcastOp::create(
                                     b, loc,
                                     VectorType::get(shape, operand.getType()),
                                     operand)
                                     .getResult());
      SmallVector<Type> types;
      for (Type type : op->getResultTypes())
        types.push_back(VectorType::get(shape, type));
      OperationState state(loc, op->getName(), operands, types, op->getAttrs());
      mapped.map(op->getResults(), b.create(state)->getResults());
    }
    return mapped.lookup(value);
  }

  /// `acc` combined with `value` (vectors of the same shape, or scalars).
  Value combine(OpBuilder &b, Location loc, Value acc, Value value) const {
    if (!kind) {
      Value less =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, acc, value);
      return arith::SelectOp::create(b, loc, less, value, acc);
    }
    Value combined = vector::makeArithReduction(b, loc, *kind, acc, value);
    if (auto op = combined.getDefiningOp<arith::ArithFastMathInterface>())
      combined.getDefiningOp()->setAttr(op.getFastMathAttrName(),
                                        reassoc(b.getContext()));
    return combined;
  }

  /// The elements of the 1-D `vector` combined into the scalar `init`.
  Value reduce(OpBuilder &b, Location loc, Value vector, Value init) const {
    if (kind)
      return vector::ReductionOp::create(b, loc, *kind, vector, init,
                                         reassoc(b.getContext()).getValue());
    // Halves combined until one element is left (an odd one out is
    // combined at the end).
    SmallVector<Value> rest;
    int64_t width = cast<VectorType>(vector.getType()).getNumElements();
    while (width > 1) {
      int64_t half = width / 2;
      if (width % 2)
        rest.push_back(vector::ExtractOp::create(b, loc, vector, width - 1));
      SmallVector<int64_t> low, high;
      for (int64_t i = 0; i < half; ++i) {
        low.push_back(i);
        high.push_back(half + i);
      }
      vector = combine(b, loc,
                       vector::ShuffleOp::create(b, loc, vector, vector, low),
                       vector::ShuffleOp::create(b, loc, vector, vector, high));
      width = half;
    }
    Value result =
        combine(b, loc, init, vector::ExtractOp::create(b, loc, vector, 0));
    for (Value value : rest)
      result = combine(b, loc, result, value);
    return result;
  }

  static arith::FastMathFlagsAttr reassoc(MLIRContext *context) {
    return arith::FastMathFlagsAttr::get(context,
                                         arith::FastMathFlags::reassoc);
  }
};

/// The combiner of a reduction's payload `body` (input element first,
/// accumulator second), or nullopt.
std::optional<Combiner> combinerOf(Block *body) {
  Value in = body->getArgument(0), acc = body->getArgument(1);
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  Value result = yield.getValues()[0];
  Operation *combine = result.getDefiningOp();
  if (!combine || combine->getBlock() != body || combine->getNumOperands() < 2)
    return std::nullopt;
  Combiner combiner;
  // The operand other than the accumulator, and the combining ops.
  SmallVector<Operation *> combining = {combine};
  if (auto select = dyn_cast<arith::SelectOp>(combine)) {
    // acc < value ? value : acc, or value > acc ? value : acc.
    auto compare = select.getCondition().getDefiningOp<arith::CmpFOp>();
    Value value = select.getTrueValue();
    if (!compare || select.getFalseValue() != acc || value == acc ||
        !((compare.getPredicate() == arith::CmpFPredicate::OLT &&
           compare.getLhs() == acc && compare.getRhs() == value) ||
          (compare.getPredicate() == arith::CmpFPredicate::OGT &&
           compare.getLhs() == value && compare.getRhs() == acc)) ||
        !compare->hasOneUse())
      return std::nullopt;
    combining.push_back(compare);
    combiner.value = value;
  } else {
    if (combine->getNumOperands() != 2)
      return std::nullopt;
    if (combine->getOperand(1) == acc)
      combiner.value = combine->getOperand(0);
    else if (combine->getOperand(0) == acc)
      combiner.value = combine->getOperand(1);
    if (!combiner.value || combiner.value == acc)
      return std::nullopt;
    auto fastmath = dyn_cast<arith::ArithFastMathInterface>(combine);
    bool reassoc = fastmath && bitEnumContainsAll(
                                   fastmath.getFastMathFlagsAttr().getValue(),
                                   arith::FastMathFlags::reassoc);
    if (isa<arith::MaximumFOp>(combine))
      combiner.kind = vector::CombiningKind::MAXIMUMF;
    else if (isa<arith::MinimumFOp>(combine))
      combiner.kind = vector::CombiningKind::MINIMUMF;
    else if (isa<arith::MaxNumFOp>(combine))
      combiner.kind = vector::CombiningKind::MAXNUMF;
    else if (isa<arith::MinNumFOp>(combine))
      combiner.kind = vector::CombiningKind::MINNUMF;
    else if (isa<arith::AddFOp>(combine) && reassoc)
      combiner.kind = vector::CombiningKind::ADD;
    else if (isa<arith::MulFOp>(combine) && reassoc)
      combiner.kind = vector::CombiningKind::MUL;
    else
      return std::nullopt;
  }
  // Every other op of the payload computes the value from the input
  // element, elementwise, without the accumulator.
  combiner.in = in;
  for (Operation &op : body->without_terminator()) {
    if (llvm::is_contained(combining, &op))
      continue;
    if (!op.hasTrait<OpTrait::Elementwise>() ||
        !op.hasTrait<OpTrait::Vectorizable>() || op.getNumRegions() ||
        llvm::is_contained(op.getOperands(), acc))
      return std::nullopt;
    combiner.prologue.push_back(&op);
  }
  if (combiner.prologue.empty() ? combiner.value != in
                                : combiner.value.getParentBlock() != body)
    return std::nullopt;
  return combiner;
}

/// A reduction of one static f32 tensor along its innermost dimension
/// only, into an init of the other dimensions in order, with a combiner
/// (see combinerOf); the combiner, or nullopt.
std::optional<Combiner> rowReduction(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 || op->getNumResults() != 1 ||
      op.getNumReductionLoops() != 1 || op.getNumLoops() < 2 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction ||
      !tfs::isWholeOp(op))
    return std::nullopt;
  auto inputType =
      dyn_cast<RankedTensorType>(op.getDpsInputOperand(0)->get().getType());
  if (!inputType || !inputType.hasStaticShape() ||
      !inputType.getElementType().isF32() || inputType.getNumElements() == 0)
    return std::nullopt;
  int64_t rank = op.getNumLoops();
  AffineMap id = AffineMap::getMultiDimIdentityMap(rank, op.getContext());
  if (op.getMatchingIndexingMap(op.getDpsInputOperand(0)) != id ||
      op.getMatchingIndexingMap(op.getDpsInitOperand(0)) !=
          id.dropResult(rank - 1))
    return std::nullopt;
  return combinerOf(op.getBlock());
}

/// Reduces row `row` of the [R, K] tensor `input` into `init` (a scalar):
/// a row of at most kChunk elements as one vector; a longer one in chunks
/// of kChunk combined into one vector, reduced once, then the rest of the
/// row that kChunk does not divide.
Value reduceRow(OpBuilder &b, Location loc, Value input, Value row, Value init,
                const Combiner &combiner) {
  auto type = cast<RankedTensorType>(input.getType());
  Type f32 = type.getElementType();
  int64_t k = type.getDimSize(1);
  Value poison = ub::PoisonOp::create(b, loc, f32);
  // A chunk of the row, with the combiner's prologue applied.
  auto read = [&](OpBuilder &rb, Location rl, int64_t width,
                  Value column) -> Value {
    Value chunk = vector::TransferReadOp::create(
        rb, rl, VectorType::get({width}, f32), input, ValueRange{row, column},
        poison, SmallVector<bool>{true});
    return combiner.apply(rb, rl, chunk);
  };
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  int64_t whole = k > kChunk ? k / kChunk * kChunk : 0;
  Value result = init;
  if (whole) {
    Value acc = read(b, loc, kChunk, index(0));
    if (whole > kChunk)
      acc = scf::ForOp::create(
                b, loc, index(kChunk), index(whole), index(kChunk),
                ValueRange{acc},
                [&](OpBuilder &nb, Location nloc, Value j, ValueRange acc) {
                  scf::YieldOp::create(
                      nb, nloc,
                      combiner.combine(nb, nloc, acc[0],
                                       read(nb, nloc, kChunk, j)));
                })
                .getResult(0);
    result = combiner.reduce(b, loc, acc, result);
  }
  if (k > whole)
    result =
        combiner.reduce(b, loc, read(b, loc, k - whole, index(whole)), result);
  return result;
}

struct VectorizeReductionsPass
    : public tfs::impl::VectorizeReductionsPassBase<VectorizeReductionsPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, Combiner>> reductions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<Combiner> combiner = rowReduction(op))
        reductions.push_back({op, *combiner});
    });
    IRRewriter rewriter(&getContext());
    for (auto [op, combiner] : reductions)
      rewriter.replaceOp(op, vectorize(rewriter, op, combiner));
  }

  /// The reduction `op` over rows (see rowReduction) as loops of
  /// reduceRow: the input viewed as [R, K], the init as [R]; rows in
  /// tasks of an scf.forall for large inputs.
  Value vectorize(IRRewriter &rewriter, linalg::LinalgOp op,
                  const Combiner &combiner) {
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    Value input = op.getDpsInputOperand(0)->get();
    Value init = op.getDpsInitOperand(0)->get();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto initType = cast<RankedTensorType>(init.getType());
    int64_t rank = inputType.getRank();
    // [R, K] and [R] views.
    SmallVector<ReassociationIndices> rowsAndColumns(2), rowsOnly(1);
    for (int64_t d = 0; d < rank - 1; ++d) {
      rowsAndColumns[0].push_back(d);
      rowsOnly[0].push_back(d);
    }
    rowsAndColumns[1].push_back(rank - 1);
    if (rank > 2)
      input =
          tensor::CollapseShapeOp::create(rewriter, loc, input, rowsAndColumns);
    if (rank - 1 > 1)
      init = tensor::CollapseShapeOp::create(rewriter, loc, init, rowsOnly);
    int64_t rows = cast<RankedTensorType>(input.getType()).getDimSize(0);

    // Rows [0, count) of `out` (a slice of the init), reading input rows
    // from `first`.
    auto rowLoop = [&](OpBuilder &b, Location l, Value out, Value first,
                       int64_t count) -> Value {
      return scf::ForOp::create(
                 b, l, arith::ConstantIndexOp::create(b, l, 0),
                 arith::ConstantIndexOp::create(b, l, count),
                 arith::ConstantIndexOp::create(b, l, 1), ValueRange{out},
                 [&](OpBuilder &nb, Location nl, Value i, ValueRange acc) {
                   Value row = arith::AddIOp::create(nb, nl, first, i);
                   Value start =
                       tensor::ExtractOp::create(nb, nl, acc[0], ValueRange{i});
                   Value reduced =
                       reduceRow(nb, nl, input, row, start, combiner);
                   Value updated = tensor::InsertOp::create(
                       nb, nl, reduced, acc[0], ValueRange{i});
                   scf::YieldOp::create(nb, nl, updated);
                 })
          .getResult(0);
    };

    Value result;
    if (inputType.getNumElements() >= tfs::kParallelElements && rows >= 2) {
      // Contiguous blocks of rows, the smallest size that divides the rows
      // with at most kParallelTasks blocks.
      int64_t block = llvm::divideCeil(rows, tfs::kParallelTasks);
      while (rows % block)
        ++block;
      auto forall = scf::ForallOp::create(
          rewriter, loc,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(rows / block)},
          ValueRange{init}, std::nullopt,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value task = args[0], shared = args[1];
            Value first = arith::MulIOp::create(
                b, l, task, arith::ConstantIndexOp::create(b, l, block));
            SmallVector<OpFoldResult> offsets = {first},
                                      sizes = {b.getIndexAttr(block)},
                                      strides = {b.getIndexAttr(1)};
            Value slice = tensor::ExtractSliceOp::create(b, l, shared, offsets,
                                                         sizes, strides);
            Value done = rowLoop(b, l, slice, first, block);
            auto inParallel = scf::InParallelOp::create(b, l);
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPointToStart(inParallel.getBody());
            tensor::ParallelInsertSliceOp::create(b, l, done, shared, offsets,
                                                  sizes, strides);
          });
      result = forall.getResult(0);
    } else {
      result = rowLoop(rewriter, loc, init,
                       arith::ConstantIndexOp::create(rewriter, loc, 0), rows);
    }
    if (rank - 1 > 1)
      result = tensor::ExpandShapeOp::create(rewriter, loc, initType, result,
                                             rowsOnly);
    return result;
  }
};

} // namespace
