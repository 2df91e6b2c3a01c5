//===- Convolution.cpp - tfs conv and pooling ops to linalg ---------------===//
//
// This file lowers tfs.conv2d, tfs.depthwise_conv2d, tfs.max_pool and
// tfs.avg_pool (all NHWC) to linalg's named convolution and pooling ops.
// TF's SAME padding becomes an explicit tensor.pad in front of a VALID
// linalg op.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tfs;
using namespace mlir::tfs::lowering;

namespace {

/// Explicit spatial padding of an NHWC window op.
struct SpatialPadding {
  int64_t top = 0, bottom = 0, left = 0, right = 0;
  bool isZero() const { return !top && !bottom && !left && !right; }
};

/// TF's padding for one spatial dimension: VALID pads nothing; SAME pads
/// max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0) elements, the
/// smaller half (total / 2) before.
std::pair<int64_t, int64_t> padAmounts(StringRef padding, int64_t in,
                                       int64_t out, int64_t window,
                                       int64_t stride, int64_t dilation) {
  if (padding != "SAME")
    return {0, 0};
  int64_t total = std::max<int64_t>(
      (out - 1) * stride + (window - 1) * dilation + 1 - in, 0);
  return {total / 2, total - total / 2};
}

SpatialPadding computePadding(StringRef padding, RankedTensorType input,
                              RankedTensorType output, int64_t windowH,
                              int64_t windowW, ArrayRef<int64_t> strides,
                              ArrayRef<int64_t> dilations) {
  SpatialPadding result;
  std::tie(result.top, result.bottom) =
      padAmounts(padding, input.getDimSize(1), output.getDimSize(1), windowH,
                 strides[1], dilations[1]);
  std::tie(result.left, result.right) =
      padAmounts(padding, input.getDimSize(2), output.getDimSize(2), windowW,
                 strides[2], dilations[2]);
  return result;
}

/// Pads the H and W dimensions of an NHWC tensor with `value`.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 const SpatialPadding &padding, TypedAttr value) {
  if (padding.isZero())
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += padding.top + padding.bottom;
  shape[2] += padding.left + padding.right;
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> low = {
      b.getIndexAttr(0), b.getIndexAttr(padding.top),
      b.getIndexAttr(padding.left), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {
      b.getIndexAttr(0), b.getIndexAttr(padding.bottom),
      b.getIndexAttr(padding.right), b.getIndexAttr(0)};
  Value padValue = arith::ConstantOp::create(b, loc, value);
  return tensor::PadOp::create(b, loc, paddedType, input, low, high, padValue);
}

/// The input of a conv2d or depthwise_conv2d with TF's padding made
/// explicit (zeros), so that the linalg op itself is VALID.
template <typename ConvOpT> Value padConvInput(OpBuilder &b, ConvOpT op) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  SpatialPadding padding = computePadding(
      op.getPadding(), inputType, resultType, filterType.getDimSize(0),
      filterType.getDimSize(1), op.getStrides(), op.getDilations());
  return padSpatial(b, op.getLoc(), op.getInput(), padding,
                    scalarAttr(resultType.getElementType(), 0));
}

/// The (H, W) entries of an NHWC strides/dilations/ksize list as the
/// dense attribute linalg's named ops take.
DenseIntElementsAttr spatialAttr(OpBuilder &b, ArrayRef<int64_t> nhwc) {
  return b.getI64TensorAttr({nhwc[1], nhwc[2]});
}

struct Conv2DLowering : public OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    Value input = padConvInput(rewriter, op);
    Value init =
        createFilled(rewriter, loc, resultType, scalarAttr(elementType, 0));
    auto conv = linalg::Conv2DNhwcHwcfOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{input, op.getFilter()},
        ValueRange{init}, spatialAttr(rewriter, op.getStrides()),
        spatialAttr(rewriter, op.getDilations()));
    rewriter.replaceOp(op, conv.getResult(0));
    return success();
  }
};

/// depthwise_conv2d: linalg computes [N, H, W, C, M]; TF's result is its
/// [N, H, W, C * M] collapse (channel c, multiplier m at c * M + m). With
/// M = 1, linalg's [N, H, W, C] form directly.
struct DepthwiseConv2DLowering : public OpRewritePattern<DepthwiseConv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DepthwiseConv2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    Value input = padConvInput(rewriter, op);
    // A multiplier of 1 (MobileNet's): the [N, H, W, C] form, on the
    // filter's [KH, KW, C] view, which tfs-tile-conv-matmul tiles.
    if (filterType.getDimSize(3) == 1) {
      Value filter = tensor::CollapseShapeOp::create(
          rewriter, loc, op.getFilter(),
          SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
      Value zeros =
          createFilled(rewriter, loc, resultType, scalarAttr(elementType, 0));
      auto conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
          rewriter, loc, TypeRange{resultType}, ValueRange{input, filter},
          ValueRange{zeros}, spatialAttr(rewriter, op.getStrides()),
          spatialAttr(rewriter, op.getDilations()));
      rewriter.replaceOp(op, conv.getResult(0));
      return success();
    }
    auto expandedType = RankedTensorType::get(
        {resultType.getDimSize(0), resultType.getDimSize(1),
         resultType.getDimSize(2), filterType.getDimSize(2),
         filterType.getDimSize(3)},
        elementType);
    Value init =
        createFilled(rewriter, loc, expandedType, scalarAttr(elementType, 0));
    auto conv = linalg::DepthwiseConv2DNhwcHwcmOp::create(
        rewriter, loc, TypeRange{expandedType},
        ValueRange{input, op.getFilter()}, ValueRange{init},
        spatialAttr(rewriter, op.getStrides()),
        spatialAttr(rewriter, op.getDilations()));
    SmallVector<ReassociationIndices> reassociation = {{0}, {1}, {2}, {3, 4}};
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, resultType, conv.getResult(0), reassociation);
    return success();
  }
};

/// What a linalg pooling op takes: the input with TF's padding made explicit
/// (filled with `padValue`), the window shape and the filled accumulator.
struct PoolOperands {
  Value input, window, init;
  SpatialPadding padding;
};

template <typename PoolOpT>
PoolOperands poolOperands(OpBuilder &b, PoolOpT op, TypedAttr padValue,
                          TypedAttr initValue) {
  Location loc = op.getLoc();
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> ksize = op.getKsize();
  PoolOperands operands;
  operands.padding =
      computePadding(op.getPadding(), inputType, resultType, ksize[1], ksize[2],
                     op.getStrides(), {1, 1, 1, 1});
  operands.input =
      padSpatial(b, loc, op.getInput(), operands.padding, padValue);
  operands.window =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{ksize[1], ksize[2]},
                              resultType.getElementType());
  operands.init = createFilled(b, loc, resultType, initValue);
  return operands;
}

struct MaxPoolLowering : public OpRewritePattern<MaxPoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MaxPoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    // Padded positions hold -inf, so the maximum ignores them.
    TypedAttr lowest = lowestAttr(resultType.getElementType());
    PoolOperands operands = poolOperands(rewriter, op, lowest, lowest);
    auto pool = linalg::PoolingNhwcMaxOp::create(
        rewriter, loc, TypeRange{resultType},
        ValueRange{operands.input, operands.window}, ValueRange{operands.init},
        spatialAttr(rewriter, op.getStrides()),
        spatialAttr(rewriter, {1, 1, 1, 1}));
    rewriter.replaceOp(op, pool.getResult(0));
    return success();
  }
};

/// avg_pool: a sum over zero padding, divided by the number of real input
/// elements under each window (TF does not count padding).
struct AvgPoolLowering : public OpRewritePattern<AvgPoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AvgPoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    ArrayRef<int64_t> ksize = op.getKsize();
    ArrayRef<int64_t> strides = op.getStrides();
    TypedAttr zero = scalarAttr(elementType, 0);
    PoolOperands operands = poolOperands(rewriter, op, zero, zero);
    SpatialPadding padding = operands.padding;
    Value sum = linalg::PoolingNhwcSumOp::create(
                    rewriter, loc, TypeRange{resultType},
                    ValueRange{operands.input, operands.window},
                    ValueRange{operands.init}, spatialAttr(rewriter, strides),
                    spatialAttr(rewriter, {1, 1, 1, 1}))
                    .getResult(0);

    if (padding.isZero()) {
      Value count = createScalar(rewriter, loc, elementType,
                                 static_cast<double>(ksize[1] * ksize[2]));
      Value average = createElementwise(
          rewriter, loc, resultType, sum,
          [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
            return arith::DivFOp::create(b, nestedLoc, args[0], count);
          });
      rewriter.replaceOp(op, average);
      return success();
    }

    // Window [o * s - padBefore, o * s - padBefore + k) clipped to [0, in).
    auto realCount = [&](OpBuilder &b, Location nestedLoc, unsigned dim,
                         int64_t padBefore) -> Value {
      auto index = [&](int64_t v) -> Value {
        return arith::ConstantIndexOp::create(b, nestedLoc, v);
      };
      Value o = linalg::IndexOp::create(b, nestedLoc, dim);
      Value start = arith::SubIOp::create(
          b, nestedLoc,
          arith::MulIOp::create(b, nestedLoc, o, index(strides[dim])),
          index(padBefore));
      Value end = arith::AddIOp::create(b, nestedLoc, start, index(ksize[dim]));
      Value clippedStart =
          arith::MaxSIOp::create(b, nestedLoc, start, index(0));
      Value clippedEnd = arith::MinSIOp::create(
          b, nestedLoc, end, index(inputType.getDimSize(dim)));
      return arith::SubIOp::create(b, nestedLoc, clippedEnd, clippedStart);
    };
    int64_t rank = resultType.getRank();
    SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{sum},
        ValueRange{createEmpty(rewriter, loc, resultType)}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value count = arith::MulIOp::create(
              b, nestedLoc, realCount(b, nestedLoc, 1, padding.top),
              realCount(b, nestedLoc, 2, padding.left));
          Value countInt =
              arith::IndexCastOp::create(b, nestedLoc, b.getI64Type(), count);
          Value countFloat =
              arith::SIToFPOp::create(b, nestedLoc, elementType, countInt);
          linalg::YieldOp::create(
              b, nestedLoc,
              arith::DivFOp::create(b, nestedLoc, args[0], countFloat)
                  .getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::tfs::populateTFSConvolutionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<Conv2DLowering, DepthwiseConv2DLowering, MaxPoolLowering,
               AvgPoolLowering>(patterns.getContext());
}
