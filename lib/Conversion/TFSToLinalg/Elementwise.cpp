//===- Elementwise.cpp - tfs elementwise ops to linalg.generic ------------===//
//
// This file lowers the elementwise tfs ops (unary math, binary ops with
// numpy broadcasting, comparisons, logic, select, cast, bias_add) to
// linalg.generic, and constants and
// identities to arith constants and their operands.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::tfs;
using namespace mlir::tfs::lowering;

namespace {

/// The scalar computation of each elementwise op on (broadcast) operand
/// scalars `args`.
Value computeScalar(NegOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return arith::NegFOp::create(b, loc, args[0]);
  return sub(b, loc, createScalar(b, loc, args[0].getType(), 0), args[0]);
}
Value computeScalar(AbsOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return math::AbsFOp::create(b, loc, args[0]);
  return math::AbsIOp::create(b, loc, args[0]);
}
Value computeScalar(ExpOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::ExpOp::create(b, loc, args[0]);
}
Value computeScalar(LogOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::LogOp::create(b, loc, args[0]);
}
Value computeScalar(SinOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::SinOp::create(b, loc, args[0]);
}
Value computeScalar(CosOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::CosOp::create(b, loc, args[0]);
}
Value computeScalar(TanhOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::TanhOp::create(b, loc, args[0]);
}
Value computeScalar(SigmoidOp, OpBuilder &b, Location loc, ValueRange args) {
  // 1 / (1 + e^-x): saturates to 0 and 1 without overflow trouble (e^-x
  // overflowing to inf gives exactly 0).
  Type type = args[0].getType();
  Value one = createScalar(b, loc, type, 1);
  Value expNeg =
      math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, args[0]));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, expNeg));
}
Value computeScalar(ReluOp, OpBuilder &b, Location loc, ValueRange args) {
  return clampBelow(b, loc, args[0],
                    createScalar(b, loc, args[0].getType(), 0));
}
Value computeScalar(Relu6Op, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value lower = clampBelow(b, loc, args[0], createScalar(b, loc, type, 0));
  return clampAbove(b, loc, lower, createScalar(b, loc, type, 6));
}
Value computeScalar(SqrtOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::SqrtOp::create(b, loc, args[0]);
}
Value computeScalar(RsqrtOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::RsqrtOp::create(b, loc, args[0]);
}
Value computeScalar(SquareOp, OpBuilder &b, Location loc, ValueRange args) {
  return mul(b, loc, args[0], args[0]);
}
// Integers are whole already: floor, ceil and round keep them.
Value computeScalar(FloorOp, OpBuilder &b, Location loc, ValueRange args) {
  return isFloat(args[0].getType()) ? math::FloorOp::create(b, loc, args[0])
                                    : args[0];
}
Value computeScalar(CeilOp, OpBuilder &b, Location loc, ValueRange args) {
  return isFloat(args[0].getType()) ? math::CeilOp::create(b, loc, args[0])
                                    : args[0];
}
Value computeScalar(RoundOp, OpBuilder &b, Location loc, ValueRange args) {
  return isFloat(args[0].getType())
             ? math::RoundEvenOp::create(b, loc, args[0]).getResult()
             : args[0];
}
Value computeScalar(ReciprocalOp, OpBuilder &b, Location loc, ValueRange args) {
  return div(b, loc, createScalar(b, loc, args[0].getType(), 1), args[0]);
}
Value computeScalar(AddOp, OpBuilder &b, Location loc, ValueRange args) {
  return add(b, loc, args[0], args[1]);
}
Value computeScalar(SubOp, OpBuilder &b, Location loc, ValueRange args) {
  return sub(b, loc, args[0], args[1]);
}
Value computeScalar(MulOp, OpBuilder &b, Location loc, ValueRange args) {
  return mul(b, loc, args[0], args[1]);
}
Value computeScalar(DivOp, OpBuilder &b, Location loc, ValueRange args) {
  return div(b, loc, args[0], args[1]);
}
Value computeScalar(MaximumOp, OpBuilder &b, Location loc, ValueRange args) {
  return max(b, loc, args[0], args[1]);
}
Value computeScalar(MinimumOp, OpBuilder &b, Location loc, ValueRange args) {
  return min(b, loc, args[0], args[1]);
}
Value computeScalar(PowOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return math::PowFOp::create(b, loc, args[0], args[1]);
  return math::IPowIOp::create(b, loc, args[0], args[1]);
}

/// Comparisons: ordered float predicates (false with a NaN) but for !=,
/// which is true with one, as C++ compares in TF's kernels; signed integer
/// predicates (unsigned for unsigned element types); bools compare as
/// integers.
struct ComparePredicates {
  arith::CmpFPredicate onFloats;
  arith::CmpIPredicate onSigned, onUnsigned;
};
template <typename OpT> constexpr std::optional<ComparePredicates> kCompare;
template <>
constexpr std::optional<ComparePredicates> kCompare<EqualOp> = {
    {arith::CmpFPredicate::OEQ, arith::CmpIPredicate::eq,
     arith::CmpIPredicate::eq}};
template <>
constexpr std::optional<ComparePredicates> kCompare<NotEqualOp> = {
    {arith::CmpFPredicate::UNE, arith::CmpIPredicate::ne,
     arith::CmpIPredicate::ne}};
template <>
constexpr std::optional<ComparePredicates> kCompare<LessOp> = {
    {arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
     arith::CmpIPredicate::ult}};
template <>
constexpr std::optional<ComparePredicates> kCompare<LessEqualOp> = {
    {arith::CmpFPredicate::OLE, arith::CmpIPredicate::sle,
     arith::CmpIPredicate::ule}};
template <>
constexpr std::optional<ComparePredicates> kCompare<GreaterOp> = {
    {arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
     arith::CmpIPredicate::ugt}};
template <>
constexpr std::optional<ComparePredicates> kCompare<GreaterEqualOp> = {
    {arith::CmpFPredicate::OGE, arith::CmpIPredicate::sge,
     arith::CmpIPredicate::uge}};

template <typename OpT>
std::enable_if_t<kCompare<OpT>.has_value(), Value>
computeScalar(OpT op, OpBuilder &b, Location loc, ValueRange args) {
  constexpr ComparePredicates predicates = *kCompare<OpT>;
  if (isFloat(args[0].getType()))
    return arith::CmpFOp::create(b, loc, predicates.onFloats, args[0], args[1]);
  bool isUnsigned =
      getElementTypeOrSelf(op.getLhs().getType()).isUnsignedInteger();
  return arith::CmpIOp::create(
      b, loc, isUnsigned ? predicates.onUnsigned : predicates.onSigned, args[0],
      args[1]);
}
Value computeScalar(LogicalAndOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::AndIOp::create(b, loc, args[0], args[1]);
}
Value computeScalar(LogicalOrOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::OrIOp::create(b, loc, args[0], args[1]);
}
Value computeScalar(LogicalNotOp, OpBuilder &b, Location loc, ValueRange args) {
  Value one = arith::ConstantIntOp::create(b, loc, 1, 1);
  return arith::XOrIOp::create(b, loc, args[0], one);
}
Value computeScalar(SelectOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

/// Any elementwise op: one linalg.generic over the result shape.
template <typename OpT>
struct ElementwiseLowering : public OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Value result =
        createElementwise(rewriter, op.getLoc(), resultType, op->getOperands(),
                          [&](OpBuilder &b, Location loc, ValueRange args) {
                            return computeScalar(op, b, loc, args);
                          });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// bias_add: the bias is indexed by the last dimension only.
struct BiasAddLowering : public OpRewritePattern<BiasAddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BiasAddOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineMap> maps = {
        rewriter.getMultiDimIdentityMap(rank),
        AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context)),
        rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Location loc = op.getLoc();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType},
        ValueRange{op.getValue(), op.getBias()},
        ValueRange{createEmpty(rewriter, loc, resultType)}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          linalg::YieldOp::create(b, nestedLoc,
                                  add(b, nestedLoc, args[0], args[1]));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct CastLowering : public OpRewritePattern<CastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CastOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    if (op.getInput().getType() == resultType) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    Type to = resultType.getElementType();
    Value result =
        createElementwise(rewriter, op.getLoc(), resultType, op.getInput(),
                          [&](OpBuilder &b, Location loc, ValueRange args) {
                            return castScalar(b, loc, args[0], to);
                          });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct IdentityLowering : public OpRewritePattern<IdentityOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IdentityOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

struct ConstantLowering : public OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

} // namespace

void mlir::tfs::populateTFSElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<ElementwiseLowering<NegOp>, ElementwiseLowering<AbsOp>,
           ElementwiseLowering<ExpOp>, ElementwiseLowering<LogOp>,
           ElementwiseLowering<SinOp>, ElementwiseLowering<CosOp>,
           ElementwiseLowering<TanhOp>, ElementwiseLowering<SigmoidOp>,
           ElementwiseLowering<ReluOp>, ElementwiseLowering<Relu6Op>,
           ElementwiseLowering<SqrtOp>, ElementwiseLowering<RsqrtOp>,
           ElementwiseLowering<SquareOp>, ElementwiseLowering<FloorOp>,
           ElementwiseLowering<CeilOp>, ElementwiseLowering<RoundOp>,
           ElementwiseLowering<ReciprocalOp>, ElementwiseLowering<AddOp>,
           ElementwiseLowering<SubOp>, ElementwiseLowering<MulOp>,
           ElementwiseLowering<DivOp>, ElementwiseLowering<MaximumOp>,
           ElementwiseLowering<MinimumOp>, ElementwiseLowering<PowOp>,
           ElementwiseLowering<EqualOp>, ElementwiseLowering<NotEqualOp>,
           ElementwiseLowering<LessOp>, ElementwiseLowering<LessEqualOp>,
           ElementwiseLowering<GreaterOp>, ElementwiseLowering<GreaterEqualOp>,
           ElementwiseLowering<LogicalAndOp>, ElementwiseLowering<LogicalOrOp>,
           ElementwiseLowering<LogicalNotOp>, ElementwiseLowering<SelectOp>,
           BiasAddLowering, CastLowering, IdentityLowering, ConstantLowering>(
          patterns.getContext());
}
