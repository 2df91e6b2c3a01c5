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
/// vectorizes: one f32 op of the input element and the accumulator, that
/// may be reordered (max and min always; sums and products only with the
/// reassoc flag, which the tfs lowering sets: TF's reductions are not
/// sequential either).
std::optional<vector::CombiningKind> combiningKind(Operation *op) {
  auto fastmath = dyn_cast<arith::ArithFastMathInterface>(op);
  bool reassoc =
      fastmath && bitEnumContainsAll(fastmath.getFastMathFlagsAttr().getValue(),
                                     arith::FastMathFlags::reassoc);
  if (isa<arith::MaximumFOp>(op))
    return vector::CombiningKind::MAXIMUMF;
  if (isa<arith::MinimumFOp>(op))
    return vector::CombiningKind::MINIMUMF;
  if (isa<arith::MaxNumFOp>(op))
    return vector::CombiningKind::MAXNUMF;
  if (isa<arith::MinNumFOp>(op))
    return vector::CombiningKind::MINNUMF;
  if (isa<arith::AddFOp>(op) && reassoc)
    return vector::CombiningKind::ADD;
  if (isa<arith::MulFOp>(op) && reassoc)
    return vector::CombiningKind::MUL;
  return std::nullopt;
}

/// A reduction of one static f32 tensor along its innermost dimension
/// only, into an init of the other dimensions in order, with one
/// combining op (see combiningKind); its kind, or nullopt.
std::optional<vector::CombiningKind> rowReduction(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 || op->getNumResults() != 1 ||
      op.getNumReductionLoops() != 1 || op.getNumLoops() < 2 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction ||
      tfs::isInTiledLoop(op))
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
  Block *body = op.getBlock();
  if (body->getOperations().size() != 2)
    return std::nullopt;
  Operation &combine = body->front();
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  if (combine.getNumOperands() != 2 ||
      yield.getValues()[0] != combine.getResult(0))
    return std::nullopt;
  // One operand the input element, the other the accumulator.
  Value in = body->getArgument(0), acc = body->getArgument(1);
  if (!((combine.getOperand(0) == in && combine.getOperand(1) == acc) ||
        (combine.getOperand(0) == acc && combine.getOperand(1) == in)))
    return std::nullopt;
  return combiningKind(&combine);
}

/// Reduces row `row` of the [R, K] tensor `input` into `init` (a scalar):
/// a row of at most kChunk elements as one vector; a longer one in chunks
/// of kChunk combined into one vector, reduced once, then the rest of the
/// row that kChunk does not divide.
Value reduceRow(OpBuilder &b, Location loc, Value input, Value row, Value init,
                vector::CombiningKind kind) {
  auto type = cast<RankedTensorType>(input.getType());
  Type f32 = type.getElementType();
  int64_t k = type.getDimSize(1);
  auto fastmath = arith::FastMathFlagsAttr::get(b.getContext(),
                                                arith::FastMathFlags::reassoc);
  Value poison = ub::PoisonOp::create(b, loc, f32);
  auto read = [&](OpBuilder &rb, Location rl, int64_t width,
                  Value column) -> Value {
    return vector::TransferReadOp::create(rb, rl, VectorType::get({width}, f32),
                                          input, ValueRange{row, column},
                                          poison, SmallVector<bool>{true});
  };
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  int64_t whole = k > kChunk ? k / kChunk * kChunk : 0;
  Value result = init;
  if (whole) {
    Value acc = read(b, loc, kChunk, index(0));
    if (whole > kChunk)
      acc =
          scf::ForOp::create(
              b, loc, index(kChunk), index(whole), index(kChunk),
              ValueRange{acc},
              [&](OpBuilder &nb, Location nloc, Value j, ValueRange acc) {
                Value combined = vector::makeArithReduction(
                    nb, nloc, kind, acc[0], read(nb, nloc, kChunk, j));
                if (auto op =
                        combined.getDefiningOp<arith::ArithFastMathInterface>())
                  combined.getDefiningOp()->setAttr(op.getFastMathAttrName(),
                                                    fastmath);
                scf::YieldOp::create(nb, nloc, combined);
              })
              .getResult(0);
    result = vector::ReductionOp::create(b, loc, kind, acc, result,
                                         fastmath.getValue());
  }
  if (k > whole)
    result = vector::ReductionOp::create(b, loc, kind,
                                         read(b, loc, k - whole, index(whole)),
                                         result, fastmath.getValue());
  return result;
}

struct VectorizeReductionsPass
    : public tfs::impl::VectorizeReductionsPassBase<VectorizeReductionsPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, vector::CombiningKind>> reductions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<vector::CombiningKind> kind = rowReduction(op))
        reductions.push_back({op, *kind});
    });
    IRRewriter rewriter(&getContext());
    for (auto [op, kind] : reductions)
      rewriter.replaceOp(op, vectorize(rewriter, op, kind));
  }

  /// The reduction `op` over rows (see rowReduction) as loops of
  /// reduceRow: the input viewed as [R, K], the init as [R]; rows in
  /// tasks of an scf.forall for large inputs.
  Value vectorize(IRRewriter &rewriter, linalg::LinalgOp op,
                  vector::CombiningKind kind) {
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
                   Value reduced = reduceRow(nb, nl, input, row, start, kind);
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
