//===- Convolution.cpp - tfs conv and pooling ops to linalg ---------------===//
//
// This file lowers tfs.conv2d, tfs.conv2d_transpose, tfs.depthwise_conv2d,
// tfs.max_pool and tfs.avg_pool (all NHWC) to linalg's named convolution
// and pooling ops. TF's SAME padding becomes an explicit tensor.pad in
// front of a VALID linalg op; a transposed convolution, one stride-1
// convolution per output phase.
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

/// One output phase of a transposed convolution along one spatial
/// dimension: the outputs p, p + s, p + 2s, ... (`count` of them) take the
/// filter taps a0, a0 + s, ... (`taps` of them) and, as a stride-1
/// correlation with those taps reversed, the input from row `first` on
/// (negative: zeros before the input).
struct Phase {
  int64_t count = 0, a0 = 0, taps = 0, first = 0;
};

Phase phaseOf(int64_t p, int64_t stride, int64_t window, int64_t padBefore,
              int64_t outputs) {
  Phase phase;
  phase.count = outputs > p ? llvm::divideCeil(outputs - p, stride) : 0;
  phase.a0 = (p + padBefore) % stride;
  phase.taps =
      window > phase.a0 ? llvm::divideCeil(window - phase.a0, stride) : 0;
  // Output t of the phase reads input t + (p + pad - a0) / s - m for tap
  // a0 + s m; reversed (m' = taps - 1 - m), t + first + m'.
  phase.first = (p + padBefore - phase.a0) / stride - (phase.taps - 1);
  return phase;
}

/// conv2d_transpose as stride^2 stride-1 convolutions, one per output
/// phase (sub-pixel convolution): the outputs (py + sh i, px + sw j) take
/// only the filter taps congruent to them, so each phase is a dense
/// convolution of the input with a small sub-filter (taps reversed,
/// channels swapped to HWIO with I = F), written into the result with a
/// strided insert. No zeros are multiplied: a 3x3 stride-2 transposed
/// convolution is four convolutions with 2x2, 2x1, 1x2 and 1x1 filters.
struct Conv2DTransposeLowering : public OpRewritePattern<Conv2DTransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DTransposeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    MLIRContext *context = rewriter.getContext();
    int64_t n = inputType.getDimSize(0), f = inputType.getDimSize(3);
    int64_t c = filterType.getDimSize(2);
    int64_t window[2] = {filterType.getDimSize(0), filterType.getDimSize(1)};
    int64_t stride[2] = {op.getStrides()[1], op.getStrides()[2]};
    int64_t in[2] = {inputType.getDimSize(1), inputType.getDimSize(2)};
    int64_t out[2] = {resultType.getDimSize(1), resultType.getDimSize(2)};
    // The forward convolution's padding before (result -> input).
    int64_t padBefore[2];
    for (int d = 0; d < 2; ++d)
      padBefore[d] =
          padAmounts(op.getPadding(), out[d], in[d], window[d], stride[d], 1)
              .first;
    auto index = [&](int64_t v) -> OpFoldResult {
      return rewriter.getIndexAttr(v);
    };
    TypedAttr zero = scalarAttr(elementType, 0);

    Value result = createFilled(rewriter, loc, resultType, zero);
    for (int64_t py = 0; py < stride[0]; ++py) {
      for (int64_t px = 0; px < stride[1]; ++px) {
        Phase ph[2] = {phaseOf(py, stride[0], window[0], padBefore[0], out[0]),
                       phaseOf(px, stride[1], window[1], padBefore[1], out[1])};
        // Phases with no outputs or no taps stay zero.
        if (!ph[0].count || !ph[1].count || !ph[0].taps || !ph[1].taps)
          continue;
        // The input rows and columns the phase reads, zeros around them.
        SmallVector<OpFoldResult> offsets(4, index(0)), sizes(4, index(n));
        sizes[3] = index(f);
        SmallVector<int64_t> sliceShape = {n, 0, 0, f};
        int64_t before[2], after[2];
        for (int d = 0; d < 2; ++d) {
          int64_t need = ph[d].count + ph[d].taps - 1;
          int64_t start = std::max<int64_t>(ph[d].first, 0);
          before[d] = std::max<int64_t>(-ph[d].first, 0);
          int64_t take = std::clamp<int64_t>(in[d] - start, 0, need - before[d]);
          after[d] = need - before[d] - take;
          offsets[d + 1] = index(start);
          sizes[d + 1] = index(take);
          sliceShape[d + 1] = take;
        }
        Value input = tensor::ExtractSliceOp::create(
            rewriter, loc, RankedTensorType::get(sliceShape, elementType),
            op.getInput(), offsets, sizes,
            SmallVector<OpFoldResult>(4, index(1)));
        SpatialPadding padding{before[0], after[0], before[1], after[1]};
        Value padded = padSpatial(rewriter, loc, input, padding, zero);

        // The sub-filter: taps a0 + s (taps - 1 - m'), HWIO with I = F.
        AffineExpr d0, d1, d2, d3;
        bindDims(context, d0, d1, d2, d3);
        auto subType =
            RankedTensorType::get({ph[0].taps, ph[1].taps, f, c}, elementType);
        auto sub = linalg::GenericOp::create(
            rewriter, loc, TypeRange{subType}, ValueRange{op.getFilter()},
            ValueRange{createEmpty(rewriter, loc, subType)},
            SmallVector<AffineMap>{
                AffineMap::get(
                    4, 0,
                    {ph[0].a0 + stride[0] * (ph[0].taps - 1) - stride[0] * d0,
                     ph[1].a0 + stride[1] * (ph[1].taps - 1) - stride[1] * d1,
                     d3, d2},
                    context),
                rewriter.getMultiDimIdentityMap(4)},
            SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
            [](OpBuilder &b, Location nestedLoc, ValueRange args) {
              linalg::YieldOp::create(b, nestedLoc, args[0]);
            });

        auto phaseType = RankedTensorType::get({n, ph[0].count, ph[1].count, c},
                                               elementType);
        Value init = createFilled(rewriter, loc, phaseType, zero);
        auto conv = linalg::Conv2DNhwcHwcfOp::create(
            rewriter, loc, TypeRange{phaseType},
            ValueRange{padded, sub.getResult(0)}, ValueRange{init},
            rewriter.getI64TensorAttr({1, 1}),
            rewriter.getI64TensorAttr({1, 1}));
        result = tensor::InsertSliceOp::create(
            rewriter, loc, conv.getResult(0), result,
            ArrayRef<OpFoldResult>{index(0), index(py), index(px), index(0)},
            ArrayRef<OpFoldResult>{index(n), index(ph[0].count),
                                   index(ph[1].count), index(c)},
            ArrayRef<OpFoldResult>{index(1), index(stride[0]), index(stride[1]),
                                   index(1)});
      }
    }
    rewriter.replaceOp(op, result);
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
  patterns.add<Conv2DLowering, Conv2DTransposeLowering, DepthwiseConv2DLowering,
               MaxPoolLowering, AvgPoolLowering>(patterns.getContext());
}
