//===- Contraction.cpp - tfs matmul ops to linalg -------------------------===//
//
// This file lowers tfs.matmul to linalg.matmul (transposes expressed as
// indexing maps, so no transposed copy is made) and tfs.batch_matmul to a
// linalg.generic contraction whose batch dimensions broadcast like numpy's.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Conversion/Passes.h"

using namespace mlir;
using namespace mlir::tfs;
using namespace mlir::tfs::lowering;

namespace {

struct MatMulLowering : public OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value init = createFilled(rewriter, loc, resultType,
                              scalarAttr(resultType.getElementType(), 0));
    SmallVector<NamedAttribute> attrs;
    if (op.getTransposeA() || op.getTransposeB()) {
      MLIRContext *context = rewriter.getContext();
      AffineExpr m, n, k;
      bindDims(context, m, n, k);
      auto map = [&](AffineExpr a, AffineExpr b) {
        return AffineMapAttr::get(AffineMap::get(3, 0, {a, b}, context));
      };
      attrs.push_back(rewriter.getNamedAttr(
          "indexing_maps",
          rewriter.getArrayAttr({op.getTransposeA() ? map(k, m) : map(m, k),
                                 op.getTransposeB() ? map(n, k) : map(k, n),
                                 map(m, n)})));
    }
    auto matmul = linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                           ValueRange{op.getA(), op.getB()},
                                           ValueRange{init}, attrs);
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};

/// out[batch..., m, n] += x[batch'..., m, k] * y[batch''..., k, n], with
/// x/y's batch dimensions broadcast to the result's and adj_x/adj_y
/// swapping the last two dimensions of an operand.
struct BatchMatMulLowering : public OpRewritePattern<BatchMatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchMatMulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    int64_t batchRank = rank - 2;
    ArrayRef<int64_t> batchShape = resultType.getShape().take_front(batchRank);
    AffineExpr m = getAffineDimExpr(rank - 2, context);
    AffineExpr n = getAffineDimExpr(rank - 1, context);
    AffineExpr k = getAffineDimExpr(rank, context);

    auto operandMap = [&](Value operand, AffineExpr rows, AffineExpr cols,
                          bool adjoint) {
      ArrayRef<int64_t> shape =
          cast<RankedTensorType>(operand.getType()).getShape();
      AffineMap batch = broadcastMap(shape.drop_back(2), batchShape, context);
      SmallVector<AffineExpr> exprs(batch.getResults());
      exprs.push_back(adjoint ? cols : rows);
      exprs.push_back(adjoint ? rows : cols);
      return AffineMap::get(rank + 1, 0, exprs, context);
    };
    SmallVector<AffineExpr> outputExprs;
    for (int64_t i = 0; i < rank; ++i)
      outputExprs.push_back(getAffineDimExpr(i, context));
    SmallVector<AffineMap> maps = {
        operandMap(op.getX(), m, k, op.getAdjX()),
        operandMap(op.getY(), k, n, op.getAdjY()),
        AffineMap::get(rank + 1, 0, outputExprs, context)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);

    Value init = createFilled(rewriter, loc, resultType,
                              scalarAttr(resultType.getElementType(), 0));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{op.getX(), op.getY()},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value product = mul(b, nestedLoc, args[0], args[1]);
          linalg::YieldOp::create(b, nestedLoc,
                                  add(b, nestedLoc, args[2], product));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::tfs::populateTFSContractionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, BatchMatMulLowering>(patterns.getContext());
}
