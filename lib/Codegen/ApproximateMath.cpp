//===- ApproximateMath.cpp - polynomial math for vectorizable loops -------===//
//
// This file implements tfs-approximate-math: math.exp, log, tanh, sin, cos
// (and the other functions upstream MLIR approximates) on f32 become
// polynomial arithmetic, so that the loops around them vectorize instead of
// calling libm one element at a time. Sine and cosine are tfsc's own: a
// three-part Cody-Waite reduction by pi/2 keeps them within a few ulp up to
// |x| ~ 1e5, where upstream's single-constant reduction loses about one
// ulp per unit of |x|.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// sin and cos of f32 scalars or vectors: x = q * pi/2 + r with q an integer
/// and |r| <= pi/4 (r computed with pi/2 split in three parts, the first
/// exact in 8 bits, so q * C1 is exact for |q| < 2^16), then Cephes' minimax
/// polynomials for sin r and cos r, picked and signed by q mod 4.
template <typename OpT, bool IsCos>
struct SinCosApproximation : public OpRewritePattern<OpT> {
  SinCosApproximation(MLIRContext *context)
      : OpRewritePattern<OpT>(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return rewriter.notifyMatchFailure(op, "not f32");
    Location loc = op.getLoc();
    auto shaped = dyn_cast<ShapedType>(type);
    Type intType = rewriter.getI32Type();
    if (shaped)
      intType = shaped.clone(intType);
    auto f = [&](double v) -> Value {
      TypedAttr attr = rewriter.getF32FloatAttr(v);
      if (shaped)
        attr = DenseElementsAttr::get(shaped, rewriter.getF32FloatAttr(v));
      return arith::ConstantOp::create(rewriter, loc, attr);
    };
    auto i = [&](int64_t v) -> Value {
      TypedAttr attr = rewriter.getI32IntegerAttr(v);
      if (shaped)
        attr = DenseElementsAttr::get(cast<ShapedType>(intType),
                                      rewriter.getI32IntegerAttr(v));
      return arith::ConstantOp::create(rewriter, loc, attr);
    };
    auto fma = [&](Value a, Value b, Value c) -> Value {
      return math::FmaOp::create(rewriter, loc, a, b, c);
    };
    auto mul = [&](Value a, Value b) -> Value {
      return arith::MulFOp::create(rewriter, loc, a, b);
    };

    Value x = op.getOperand();
    Value q = math::RoundEvenOp::create(
        rewriter, loc, mul(x, f(0.63661977236758134308)));
    Value negQ = arith::NegFOp::create(rewriter, loc, q);
    Value r = fma(negQ, f(1.5703125), x);
    r = fma(negQ, f(4.837512969970703125e-4), r);
    r = fma(negQ, f(7.54978995489188216e-8), r);
    Value r2 = mul(r, r);
    // sin r = r + r^3 (s1 + r^2 (s2 + r^2 s3)) on [-pi/4, pi/4].
    Value sp = fma(r2, f(-1.9515295891e-4), f(8.3321608736e-3));
    sp = fma(r2, sp, f(-1.6666654611e-1));
    Value sinR = fma(mul(r2, r), sp, r);
    // cos r = 1 - r^2 / 2 + r^4 (c1 + r^2 (c2 + r^2 c3)).
    Value cp = fma(r2, f(2.443315711809948e-5), f(-1.388731625493765e-3));
    cp = fma(r2, cp, f(4.166664568298827e-2));
    Value cosR = fma(mul(r2, r2), cp, fma(r2, f(-0.5), f(1.0)));

    // Quadrant: sin uses (q mod 4), cos (q + 1 mod 4); odd quadrants take
    // the other polynomial, quadrants 2 and 3 flip the sign.
    Value k = arith::FPToSIOp::create(rewriter, loc, intType, q);
    if (IsCos)
      k = arith::AddIOp::create(rewriter, loc, k, i(1));
    Value odd = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::ne,
        arith::AndIOp::create(rewriter, loc, k, i(1)), i(0));
    Value negative = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::ne,
        arith::AndIOp::create(rewriter, loc, k, i(2)), i(0));
    Value value = arith::SelectOp::create(rewriter, loc, odd, cosR, sinR);
    Value negated = arith::NegFOp::create(rewriter, loc, value);
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, negative, negated, value);
    return success();
  }
};

struct ApproximateMathPass
    : public tfs::impl::ApproximateMathPassBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<SinCosApproximation<math::SinOp, /*IsCos=*/false>,
                 SinCosApproximation<math::CosOp, /*IsCos=*/true>>(
        &getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
