//===- ApproximateMath.cpp - polynomial math for vectorizable loops -------===//
//
// This file implements tfs-approximate-math: math.exp, log, tanh, sin, cos
// (and the other functions upstream MLIR approximates) on f32 become
// polynomial arithmetic, so that the loops around them vectorize instead of
// calling libm one element at a time. Sine, cosine and exp are tfsc's own,
// written for few vector instructions: sin and cos reduce by pi with a
// two-part constant (exact to well beyond |x| ~ 1e5, where upstream's
// single-constant reduction loses about one ulp per unit of |x|) and share
// one polynomial, the sign applied as an integer XOR; exp needs no input
// clamps and builds 2^k with one shift and one integer add.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::tfs {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// 1.5 * 2^23: for |y| < 2^22, y + kMagic rounds y to the nearest integer
/// q (ties to even), q = (y + kMagic) - kMagic exactly, and the low bits of
/// the f32 y + kMagic are those of q in two's complement.
constexpr double kMagic = 12582912.0;

/// Builds f32 constants and arithmetic of one scalar or vector type.
struct Builder {
  Builder(PatternRewriter &rewriter, Location loc, Type type)
      : rewriter(rewriter), loc(loc), type(type) {
    shaped = dyn_cast<ShapedType>(type);
    intType = rewriter.getI32Type();
    if (shaped)
      intType = shaped.clone(intType);
  }

  Value f(double v) {
    TypedAttr attr = rewriter.getF32FloatAttr(v);
    if (shaped)
      attr = DenseElementsAttr::get(shaped, attr);
    return arith::ConstantOp::create(rewriter, loc, attr);
  }
  Value i(int64_t v) {
    TypedAttr attr = rewriter.getI32IntegerAttr(v);
    if (shaped)
      attr = DenseElementsAttr::get(cast<ShapedType>(intType), attr);
    return arith::ConstantOp::create(rewriter, loc, attr);
  }
  Value fma(Value a, Value b, Value c) {
    return math::FmaOp::create(rewriter, loc, a, b, c);
  }
  Value mul(Value a, Value b) {
    return arith::MulFOp::create(rewriter, loc, a, b);
  }
  Value add(Value a, Value b) {
    return arith::AddFOp::create(rewriter, loc, a, b);
  }
  Value sub(Value a, Value b) {
    return arith::SubFOp::create(rewriter, loc, a, b);
  }
  Value neg(Value a) { return arith::NegFOp::create(rewriter, loc, a); }
  Value bits(Value a) {
    return arith::BitcastOp::create(rewriter, loc, intType, a);
  }
  Value shl(Value a, int64_t n) {
    return arith::ShLIOp::create(rewriter, loc, a, i(n));
  }
  /// Horner: coeffs[0] * y^(n-1) + ... + coeffs[n-1].
  Value horner(Value y, ArrayRef<double> coeffs) {
    Value p = f(coeffs.front());
    for (double c : coeffs.drop_front())
      p = fma(p, y, f(c));
    return p;
  }

  PatternRewriter &rewriter;
  Location loc;
  Type type;
  ShapedType shaped;
  Type intType;
};

bool isF32(Operation *op) {
  return getElementTypeOrSelf(op->getResult(0).getType()).isF32();
}

/// sin and cos of f32 scalars or vectors, reduced by pi as in SLEEF's
/// sinf/cosf: sin x = (-1)^q sin r with q = round(x / pi), r = x - q pi;
/// cos x = (-1)^(q+1) sin r with q = round(x / pi - 1/2),
/// r = x - (q + 1/2) pi. Both evaluate one odd degree-9 polynomial for
/// sin r on [-pi/2, pi/2] (SLEEF's sinf_u35 coefficients) and apply the
/// sign by XOR-ing bit 0 of q into the sign bit: no second polynomial, no
/// selects.
///
/// q comes from kMagic, so its parity is bit 0 of t = x / pi + kMagic.
/// pi is split in two, C1 = pi rounded to f32 and C2 = (pi - C1) rounded:
/// x - q C1 in one FMA is exact (a multiple of ulp(C1) / 2 below 2 in
/// magnitude), so r carries one rounding (C2's FMA) plus q |pi - C1 - C2|
/// < q * 3.5e-15, negligible up to |x| ~ 1e6. Past |x| ~ 1.3e7 (|q| >=
/// 2^22) the result is meaningless; +-inf and NaN give NaN.
template <typename OpT, bool IsCos>
struct SinCosApproximation : public OpRewritePattern<OpT> {
  SinCosApproximation(MLIRContext *context)
      : OpRewritePattern<OpT>(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    if (!isF32(op))
      return rewriter.notifyMatchFailure(op, "not f32");
    Builder b(rewriter, op.getLoc(), op.getType());
    Value x = op.getOperand();
    constexpr double kInvPi = 0.31830987334251404;
    Value t, m;
    if (!IsCos) {
      // t = kMagic + q, m = q.
      t = b.fma(x, b.f(kInvPi), b.f(kMagic));
      m = b.sub(t, b.f(kMagic));
    } else {
      // t = kMagic + q + 1, whose bit 0 is set when q is even (where
      // cos x = -sin r); m = q + 1/2.
      t = b.add(b.fma(x, b.f(kInvPi), b.f(-0.5)), b.f(kMagic + 1));
      m = b.sub(b.sub(t, b.f(kMagic)), b.f(0.5));
    }
    Value negM = b.neg(m);
    Value r = b.fma(negM, b.f(3.1415927410125732), x);
    r = b.fma(negM, b.f(-8.742277657347586e-08), r);
    // sin r = r + r^3 u(r^2).
    Value r2 = b.mul(r, r);
    Value u = b.horner(
        r2, {2.6083159809786593541503e-06, -0.0001981069071916863322258,
             0.00833307858556509017944336, -0.166666597127914428710938});
    Value sinR = b.fma(b.mul(r2, r), u, r);
    Value value = arith::XOrIOp::create(rewriter, b.loc, b.bits(sinR),
                                        b.shl(b.bits(t), 31));
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), value);
    return success();
  }
};

/// exp of f32 scalars or vectors: exp x = 2^k exp r with k = round(x / ln 2)
/// (through kMagic, t = x / ln 2 + kMagic) and r = x - k ln 2 in
/// [-ln2/2, ln2/2] (ln 2 in two parts; the first FMA is exact as for sin),
/// exp r a degree-6 polynomial (relative error 2e-9, fitted by tfsc), and
/// 2^k added to its exponent field as the integer t << 23. That is valid
/// while the result is a normal float; above kMaxArg the result is +inf
/// and NaN stays NaN (two compares and selects), below kMinArg it is 0
/// (subnormal results flush to zero). Unlike upstream's: no clamps of x or
/// k, no floor, no float-to-int conversion. When x is a sin or cos result
/// (|x| <= 1) a single degree-9 polynomial in x replaces all of it.
struct ExpApproximation : public OpRewritePattern<math::ExpOp> {
  ExpApproximation(MLIRContext *context)
      : OpRewritePattern<math::ExpOp>(context, /*benefit=*/2) {}

  /// Largest f32 whose exp is finite, smallest whose exp is normal.
  static constexpr double kMaxArg = 88.72283172607422;
  static constexpr double kMinArg = -87.33654022216797;

  LogicalResult matchAndRewrite(math::ExpOp op,
                                PatternRewriter &rewriter) const override {
    if (!isF32(op))
      return rewriter.notifyMatchFailure(op, "not f32");
    Builder b(rewriter, op.getLoc(), op.getType());
    Value x = op.getOperand();
    if (boundedOperand(x)) {
      // |x| <= 1: no reduction, one degree-9 polynomial (relative error
      // 6e-10, fitted by tfsc).
      rewriter.replaceOp(
          op, b.horner(x, {2.690763494683779e-06, 2.545583811297547e-05,
                           0.0001986369607038796, 0.0013883640058338642,
                           0.008333152160048485, 0.04166682809591293,
                           0.16666671633720398, 0.4999999701976776, 1.0, 1.0}));
      return success();
    }
    Value t = b.fma(x, b.f(1.4426950216293335), b.f(kMagic));
    Value negK = b.neg(b.sub(t, b.f(kMagic)));
    Value r = b.fma(negK, b.f(0.6931471824645996), x);
    r = b.fma(negK, b.f(-1.904654212125934e-09), r);
    Value p = b.horner(r, {0.0013843466, 0.008374317, 0.041668013, 0.16666429,
                           0.49999994, 1.0, 1.0});
    Value scaled =
        arith::AddIOp::create(rewriter, b.loc, b.bits(p), b.shl(b.bits(t), 23));
    Value result =
        arith::BitcastOp::create(rewriter, b.loc, op.getType(), scaled);
    // x * inf: +inf above kMaxArg, and NaN for NaN (whose payload bits
    // the integer add may have moved into the exponent).
    Value over = arith::CmpFOp::create(
        rewriter, b.loc, arith::CmpFPredicate::UGT, x, b.f(kMaxArg));
    Value inf = b.mul(x, b.f(std::numeric_limits<double>::infinity()));
    result = arith::SelectOp::create(rewriter, b.loc, over, inf, result);
    Value under = arith::CmpFOp::create(
        rewriter, b.loc, arith::CmpFPredicate::OLT, x, b.f(kMinArg));
    result = arith::SelectOp::create(rewriter, b.loc, under, b.f(0.0), result);
    rewriter.replaceOp(op, result);
    return success();
  }

  /// Whether x is a sin or cos result: |x| <= 1 (or NaN, which the
  /// polynomial keeps).
  static bool boundedOperand(Value x) {
    return x.getDefiningOp<math::SinOp>() || x.getDefiningOp<math::CosOp>();
  }
};

struct ApproximateMathPass
    : public tfs::impl::ApproximateMathPassBase<ApproximateMathPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // exp first, while the sin and cos that bound its operand are still
    // visible as such.
    {
      RewritePatternSet patterns(context);
      patterns.add<ExpApproximation>(context);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
    RewritePatternSet patterns(context);
    patterns.add<SinCosApproximation<math::SinOp, /*IsCos=*/false>,
                 SinCosApproximation<math::CosOp, /*IsCos=*/true>,
                 ExpApproximation>(context);
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
