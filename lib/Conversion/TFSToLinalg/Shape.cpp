//===- Shape.cpp - tfs shape ops to tensor and linalg ---------------------===//
//
// This file lowers the tfs shape ops: reshape to collapse/expand_shape,
// transpose to linalg.transpose, concat/split/slice to insert_slice and
// extract_slice, pad to tensor.pad (CONSTANT) or a gathering linalg.generic
// (REFLECT, SYMMETRIC), gather to a linalg.generic reading params through
// tensor.extract.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tfs;
using namespace mlir::tfs::lowering;

namespace {

/// reshape: collapse to one dimension, then expand to the result (the
/// canonicalizer folds the pair into a single collapse or expand where the
/// shapes allow). Rank-0 sides use an empty reassociation.
struct ReshapeLowering : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = op.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    if (inputType == resultType) {
      rewriter.replaceOp(op, input);
      return success();
    }
    auto allDims = [](int64_t rank) {
      ReassociationIndices group;
      for (int64_t i = 0; i < rank; ++i)
        group.push_back(i);
      return group;
    };
    if (inputType.getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, resultType, input, ArrayRef<ReassociationIndices>{});
      return success();
    }
    if (resultType.getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
          op, resultType, input, ArrayRef<ReassociationIndices>{});
      return success();
    }
    Value flat = input;
    if (inputType.getRank() != 1) {
      auto flatType = RankedTensorType::get({inputType.getNumElements()},
                                            inputType.getElementType());
      flat = tensor::CollapseShapeOp::create(
          rewriter, loc, flatType, input,
          ArrayRef<ReassociationIndices>{allDims(inputType.getRank())});
    }
    if (resultType.getRank() == 1) {
      rewriter.replaceOp(op, flat);
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, resultType, flat,
        ArrayRef<ReassociationIndices>{allDims(resultType.getRank())});
    return success();
  }
};

struct TransposeLowering : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto transpose = linalg::TransposeOp::create(
        rewriter, loc, op.getInput(), createEmpty(rewriter, loc, resultType),
        op.getPerm());
    rewriter.replaceOp(op, transpose->getResult(0));
    return success();
  }
};

/// Offsets/sizes/strides of the block [begin, begin + sizes) of a tensor.
struct SliceBounds {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SliceBounds(OpBuilder &b, ArrayRef<int64_t> begin, ArrayRef<int64_t> shape) {
    for (auto [offset, size] : llvm::zip_equal(begin, shape)) {
      offsets.push_back(b.getIndexAttr(offset));
      sizes.push_back(b.getIndexAttr(size));
      strides.push_back(b.getIndexAttr(1));
    }
  }
};

struct ConcatLowering : public OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (op.getValues().size() == 1) {
      rewriter.replaceOp(op, op.getValues().front());
      return success();
    }
    int64_t rank = resultType.getRank();
    // I64Attr's getter is unsigned: recover the sign.
    auto axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value result = createEmpty(rewriter, loc, resultType);
    SmallVector<int64_t> begin(rank, 0);
    for (Value value : op.getValues()) {
      auto type = cast<RankedTensorType>(value.getType());
      SliceBounds block(rewriter, begin, type.getShape());
      result = tensor::InsertSliceOp::create(rewriter, loc, value, result,
                                             block.offsets, block.sizes,
                                             block.strides);
      begin[axis] += type.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering : public OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getValue().getType());
    int64_t rank = type.getRank();
    // I64Attr's getter is unsigned: recover the sign.
    auto axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<int64_t> begin(rank, 0);
    SmallVector<Value> pieces;
    for (Value output : op.getOutputs()) {
      auto pieceType = cast<RankedTensorType>(output.getType());
      SliceBounds block(rewriter, begin, pieceType.getShape());
      pieces.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, pieceType, op.getValue(), block.offsets, block.sizes,
          block.strides));
      begin[axis] += pieceType.getDimSize(axis);
    }
    rewriter.replaceOp(op, pieces);
    return success();
  }
};

struct SliceLowering : public OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    SliceBounds block(rewriter, op.getBegin(), resultType.getShape());
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, op.getInput(), block.offsets, block.sizes,
        block.strides);
    return success();
  }
};

/// A strided tensor.extract_slice of the elements taken (a view); the
/// dimensions with a negative stride (x[::-1]) are then reversed by a
/// linalg.generic copy reading element size - 1 - j (extract_slice has no
/// negative strides).
struct StridedSliceLowering : public OpRewritePattern<StridedSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(StridedSliceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (resultType.getNumElements() == 0) {
      rewriter.replaceOp(op, createEmpty(rewriter, loc, resultType));
      return success();
    }
    ArrayRef<int64_t> begin = op.getBegin(), size = op.getSize(),
                      strides = op.getStrides();
    int64_t rank = resultType.getRank();
    SmallVector<int64_t> offsets, steps;
    for (int64_t d = 0; d < rank; ++d) {
      offsets.push_back(strides[d] > 0 ? begin[d]
                                       : begin[d] + (size[d] - 1) * strides[d]);
      steps.push_back(std::abs(strides[d]));
    }
    Value taken = tensor::ExtractSliceOp::create(
        rewriter, loc, resultType, op.getInput(),
        getAsIndexOpFoldResult(getContext(), offsets),
        getAsIndexOpFoldResult(getContext(), size),
        getAsIndexOpFoldResult(getContext(), steps));
    if (llvm::all_of(strides, [](int64_t s) { return s > 0; })) {
      rewriter.replaceOp(op, taken);
      return success();
    }
    SmallVector<AffineExpr> reads;
    for (int64_t d = 0; d < rank; ++d) {
      AffineExpr j = rewriter.getAffineDimExpr(d);
      reads.push_back(strides[d] > 0 ? j : size[d] - 1 - j);
    }
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, reads, getContext()),
                                   rewriter.getMultiDimIdentityMap(rank)};
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, TypeRange{resultType}, ValueRange{taken},
        ValueRange{createEmpty(rewriter, loc, resultType)}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, args[0]);
        });
    return success();
  }
};

struct PadLowering : public OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    SmallVector<int64_t> before, after;
    SmallVector<int64_t> amounts(op.getPaddings().getValues<int64_t>());
    for (int64_t i = 0, e = inputType.getRank(); i < e; ++i) {
      before.push_back(amounts[2 * i]);
      after.push_back(amounts[2 * i + 1]);
    }

    if (op.getMode() == "CONSTANT") {
      SmallVector<OpFoldResult> low, high;
      for (auto [lo, hi] : llvm::zip_equal(before, after)) {
        low.push_back(rewriter.getIndexAttr(lo));
        high.push_back(rewriter.getIndexAttr(hi));
      }
      Value padValue = createScalar(rewriter, loc, elementType,
                                    op.getConstantValue().convertToDouble());
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, resultType, op.getInput(),
                                                 low, high, padValue);
      return success();
    }

    // Mirror padding: every output element gathers one input element. With
    // i = o - before, an index below 0 mirrors to -i (REFLECT) or -i - 1
    // (SYMMETRIC), one at or past n to 2n - 2 - i (REFLECT) or 2n - 1 - i
    // (SYMMETRIC). The verifier bounds the amounts so one mirror suffices.
    bool symmetric = op.getMode() == "SYMMETRIC";
    int64_t rank = resultType.getRank();
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value input = op.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{},
        ValueRange{createEmpty(rewriter, loc, resultType)}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange) {
          auto index = [&](int64_t v) -> Value {
            return arith::ConstantIndexOp::create(b, nestedLoc, v);
          };
          SmallVector<Value> indices;
          for (int64_t dim = 0; dim < rank; ++dim) {
            int64_t size = inputType.getDimSize(dim);
            Value o = linalg::IndexOp::create(b, nestedLoc, dim);
            Value i =
                arith::SubIOp::create(b, nestedLoc, o, index(before[dim]));
            Value low = arith::SubIOp::create(b, nestedLoc,
                                              index(symmetric ? -1 : 0), i);
            Value high = arith::SubIOp::create(
                b, nestedLoc, index(symmetric ? 2 * size - 1 : 2 * size - 2),
                i);
            Value isLow = arith::CmpIOp::create(
                b, nestedLoc, arith::CmpIPredicate::slt, i, index(0));
            Value isHigh = arith::CmpIOp::create(
                b, nestedLoc, arith::CmpIPredicate::sge, i, index(size));
            Value mirrored =
                arith::SelectOp::create(b, nestedLoc, isHigh, high, i);
            indices.push_back(
                arith::SelectOp::create(b, nestedLoc, isLow, low, mirrored));
          }
          Value element =
              tensor::ExtractOp::create(b, nestedLoc, input, indices);
          linalg::YieldOp::create(b, nestedLoc, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// gather: a linalg.generic over the result that reads its index through
/// an indexing map and the params element through tensor.extract. The
/// index is clamped to [0, n): an out-of-range index (which the model
/// checks before it runs) never reads outside params.
struct GatherLowering : public OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto paramsType = cast<RankedTensorType>(op.getParams().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis(), batchDims = op.getBatchDims();
    int64_t rank = resultType.getRank();
    int64_t gathered = indicesType.getRank() - batchDims;
    MLIRContext *context = rewriter.getContext();

    // Indices dimension d is result dimension d (batch) or axis + d -
    // batch_dims.
    SmallVector<AffineExpr> indexExprs;
    for (int64_t d = 0; d < indicesType.getRank(); ++d)
      indexExprs.push_back(
          getAffineDimExpr(d < batchDims ? d : axis + d - batchDims, context));
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, indexExprs, context),
                                   rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value params = op.getParams();
    int64_t size = paramsType.getDimSize(axis);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{op.getIndices()},
        ValueRange{createEmpty(rewriter, loc, resultType)}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value index = arith::IndexCastOp::create(b, nestedLoc,
                                                   b.getIndexType(), args[0]);
          Value zero = arith::ConstantIndexOp::create(b, nestedLoc, 0);
          Value last = arith::ConstantIndexOp::create(
              b, nestedLoc, std::max<int64_t>(size - 1, 0));
          index = arith::MaxSIOp::create(b, nestedLoc, index, zero);
          index = arith::MinSIOp::create(b, nestedLoc, index, last);
          SmallVector<Value> coords;
          for (int64_t d = 0; d < paramsType.getRank(); ++d) {
            if (d == axis)
              coords.push_back(index);
            else
              coords.push_back(linalg::IndexOp::create(
                  b, nestedLoc, d < axis ? d : d + gathered - 1));
          }
          Value element =
              tensor::ExtractOp::create(b, nestedLoc, params, coords);
          linalg::YieldOp::create(b, nestedLoc, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::tfs::populateTFSShapeToTensorPatterns(RewritePatternSet &patterns) {
  patterns
      .add<ReshapeLowering, TransposeLowering, ConcatLowering, SplitLowering,
           SliceLowering, StridedSliceLowering, PadLowering, GatherLowering>(
          patterns.getContext());
}
