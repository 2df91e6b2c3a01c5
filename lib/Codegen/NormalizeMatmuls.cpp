//===- NormalizeMatmuls.cpp - transposed and batched matmuls as matmuls ---===//
//
// This file implements tfs-normalize-matmuls. tf.matmul with transpose_a or
// transpose_b lowers to a linalg.matmul with permuted indexing maps, and a
// batched tf.matmul to a linalg.generic contraction; tfs-tile-conv-matmul
// tiles and vectorizes plain linalg.matmul only, so those ran as scalar
// loops, 45 to 100 times slower. Here a transposed operand is transposed
// once into a new tensor (a linalg.transpose, which the tiler turns into
// register-blocked shuffles) and a batch becomes a loop over its matrices,
// each a plain linalg.matmul.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_NORMALIZEMATMULSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// A contraction C[b?, m, n] += A[..] * B[..] over one k, with at most one
/// batch dimension b leading every operand, static shapes and one element
/// type: what is left to know is the order of each operand's dimensions.
struct Contraction {
  linalg::LinalgOp op;
  std::optional<unsigned> batch;
  unsigned m, n, k;
};

std::optional<Contraction> matchContraction(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
    if (!matmul.hasUserDefinedMaps())
      return std::nullopt; // Already plain.
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || dims->batch.size() > 1)
    return std::nullopt;
  Type element = getElementTypeOrSelf(op->getResult(0).getType());
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type || !type.hasStaticShape() || type.getElementType() != element ||
        !op.getMatchingIndexingMap(&operand).isProjectedPermutation())
      return std::nullopt;
  }
  Contraction c{op, std::nullopt, dims->m[0], dims->n[0], dims->k[0]};
  if (!dims->batch.empty())
    c.batch = dims->batch[0];
  // The result in [b, m, n] order, the batch first in the inputs too.
  SmallVector<unsigned> result;
  if (c.batch)
    result.push_back(*c.batch);
  result.append({c.m, c.n});
  AffineMap resultMap = op.getIndexingMapsArray().back();
  if (resultMap.getNumResults() != result.size())
    return std::nullopt;
  for (auto [expr, dim] : llvm::zip(resultMap.getResults(), result))
    if (cast<AffineDimExpr>(expr).getPosition() != dim)
      return std::nullopt;
  if (c.batch)
    for (int64_t i = 0; i < 2; ++i)
      if (cast<AffineDimExpr>(op.getIndexingMapsArray()[i].getResult(0))
              .getPosition() != *c.batch)
        return std::nullopt;
  return c;
}

/// `value` (operand `index` of the contraction) with its dimensions in the
/// order [b?, `first`, `second`]: as it is, or transposed into a new tensor.
Value inOrder(OpBuilder &b, Location loc, Contraction c, unsigned index,
              unsigned first, unsigned second) {
  Value value = c.op->getOperand(index);
  AffineMap map = c.op.getIndexingMapsArray()[index];
  SmallVector<unsigned> want;
  if (c.batch)
    want.push_back(*c.batch);
  want.append({first, second});
  SmallVector<int64_t> permutation;
  for (unsigned dim : want)
    permutation.push_back(*map.getResultPosition(b.getAffineDimExpr(dim)));
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : permutation)
    shape.push_back(type.getDimSize(p));
  Value empty = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value, empty, permutation)
      ->getResult(0);
}

/// The 2-D slice [index, :, :] of a 3-D tensor.
Value matrix(OpBuilder &b, Location loc, Value tensor, Value index) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto sliceType = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(2)}, type.getElementType());
  SmallVector<OpFoldResult> offsets = {index, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                     b.getIndexAttr(type.getDimSize(1)),
                                     b.getIndexAttr(type.getDimSize(2))};
  SmallVector<OpFoldResult> ones(3, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, sliceType, tensor, offsets,
                                        sizes, ones);
}

/// Whether `c` is A * B^T with few rows, which tfs-tile-conv-matmul
/// computes as dot products over K, reading B's rows in place (no
/// transpose of B per call, which cost more than the product at 64 x 1024
/// x 1024): no batch, A as [M, K], M < 128, K a multiple of 16 and N of 4.
bool isDotProducts(Contraction c) {
  if (c.batch || !isa<linalg::MatmulOp>(c.op.getOperation()))
    return false;
  AffineMap lhs = c.op.getIndexingMapsArray()[0];
  AffineMap rhs = c.op.getIndexingMapsArray()[1];
  auto dim = [](AffineMap map, int64_t i) {
    return cast<AffineDimExpr>(map.getResult(i)).getPosition();
  };
  auto type = cast<RankedTensorType>(c.op->getOperand(0).getType());
  int64_t m = type.getDimSize(0), k = type.getDimSize(1);
  int64_t n =
      cast<RankedTensorType>(c.op->getOperand(1).getType()).getDimSize(0);
  return dim(lhs, 0) == c.m && dim(rhs, 0) == c.n &&
         type.getElementType().isF32() && m < 128 && k % 16 == 0 && n % 4 == 0;
}

void rewrite(IRRewriter &rewriter, Contraction c) {
  Location loc = c.op.getLoc();
  rewriter.setInsertionPoint(c.op);
  Value lhs = inOrder(rewriter, loc, c, 0, c.m, c.k);
  Value rhs = inOrder(rewriter, loc, c, 1, c.k, c.n);
  Value init = c.op.getDpsInitOperand(0)->get();
  if (!c.batch) {
    Value product = linalg::MatmulOp::create(
                        rewriter, loc, ValueRange{lhs, rhs}, ValueRange{init})
                        ->getResult(0);
    rewriter.replaceOp(c.op, product);
    return;
  }
  // One matmul per matrix of the batch, into its slice of the result.
  // When the result starts from a constant (zeros), each matmul starts
  // from its own fill, which the tiler keeps in registers.
  auto initType = cast<RankedTensorType>(init.getType());
  auto fill = init.getDefiningOp<linalg::FillOp>();
  int64_t batch = initType.getDimSize(0);
  double flops = 2.0 * batch * initType.getDimSize(1) * initType.getDimSize(2) *
                 cast<RankedTensorType>(lhs.getType()).getDimSize(2);
  auto body = [&](OpBuilder &b, Location nloc, Value index, Value result) {
    Value a = matrix(b, nloc, lhs, index), bm = matrix(b, nloc, rhs, index);
    Value out;
    if (fill) {
      Value empty = tensor::EmptyOp::create(
          b, nloc, {initType.getDimSize(1), initType.getDimSize(2)},
          initType.getElementType());
      out = linalg::FillOp::create(b, nloc, fill.value(), empty)->getResult(0);
    } else {
      out = matrix(b, nloc, result, index);
    }
    return linalg::MatmulOp::create(b, nloc, ValueRange{a, bm}, ValueRange{out})
        ->getResult(0);
  };
  SmallVector<OpFoldResult> offsets = {rewriter.getIndexAttr(0),
                                       rewriter.getIndexAttr(0),
                                       rewriter.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {
      rewriter.getIndexAttr(1), rewriter.getIndexAttr(initType.getDimSize(1)),
      rewriter.getIndexAttr(initType.getDimSize(2))};
  SmallVector<OpFoldResult> ones(3, rewriter.getIndexAttr(1));
  // Every matrix is written whole: a constant init is not needed as such.
  Value dest = init;
  if (fill)
    dest = tensor::EmptyOp::create(rewriter, loc, initType.getShape(),
                                   initType.getElementType());
  Value product;
  if (batch >= 2 && flops >= tfs::kParallelFlops) {
    // Threads take whole matrices; each matmul runs on its own thread.
    auto forall = scf::ForallOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(batch)},
        ValueRange{dest}, std::nullopt,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value part = body(b, nloc, args[0], args[1]);
          auto inParallel = scf::InParallelOp::create(b, nloc);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(inParallel.getBody());
          SmallVector<OpFoldResult> at = offsets;
          at[0] = args[0];
          tensor::ParallelInsertSliceOp::create(b, nloc, part, args[1], at,
                                                sizes, ones);
        });
    product = forall->getResult(0);
  } else {
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value count = arith::ConstantIndexOp::create(rewriter, loc, batch);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, count, one, ValueRange{dest},
        [&](OpBuilder &b, Location nloc, Value index, ValueRange args) {
          Value part = body(b, nloc, index, args[0]);
          SmallVector<OpFoldResult> at = offsets;
          at[0] = index;
          Value updated = tensor::InsertSliceOp::create(b, nloc, part, args[0],
                                                        at, sizes, ones);
          scf::YieldOp::create(b, nloc, updated);
        });
    product = loop.getResult(0);
  }
  rewriter.replaceOp(c.op, product);
  if (fill && fill->use_empty()) {
    Operation *empty = fill.getOutputs()[0].getDefiningOp();
    rewriter.eraseOp(fill);
    if (empty && isa<tensor::EmptyOp>(empty) && empty->use_empty())
      rewriter.eraseOp(empty);
  }
}

struct NormalizeMatmulsPass
    : public tfs::impl::NormalizeMatmulsPassBase<NormalizeMatmulsPass> {
  void runOnOperation() override {
    SmallVector<Contraction> contractions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<Contraction> c = matchContraction(op))
        contractions.push_back(*c);
    });
    IRRewriter rewriter(&getContext());
    for (Contraction c : contractions)
      if (!isDotProducts(c))
        rewrite(rewriter, c);
  }
};

} // namespace
