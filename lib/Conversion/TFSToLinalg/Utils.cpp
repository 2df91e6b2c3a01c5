//===- Utils.cpp - helpers shared by the tfs-to-linalg patterns -----------===//
//
// This file implements the builders declared in Utils.h.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tfs;

Value lowering::createEmpty(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

TypedAttr lowering::scalarAttr(Type elementType, double value) {
  if (isa<FloatType>(elementType))
    return FloatAttr::get(elementType, value);
  auto intType = cast<IntegerType>(elementType);
  if (intType.getWidth() == 1)
    return IntegerAttr::get(intType, value != 0.0 ? 1 : 0);
  return IntegerAttr::get(intType, static_cast<int64_t>(value));
}

Value lowering::createScalar(OpBuilder &b, Location loc, Type elementType,
                             double value) {
  return arith::ConstantOp::create(b, loc, scalarAttr(elementType, value));
}

TypedAttr lowering::lowestAttr(Type elementType) {
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return FloatAttr::get(floatType,
                          APFloat::getInf(floatType.getFloatSemantics(), true));
  auto intType = cast<IntegerType>(elementType);
  return IntegerAttr::get(intType,
                          APInt::getSignedMinValue(intType.getWidth()));
}

TypedAttr lowering::highestAttr(Type elementType) {
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return FloatAttr::get(
        floatType, APFloat::getInf(floatType.getFloatSemantics(), false));
  auto intType = cast<IntegerType>(elementType);
  return IntegerAttr::get(intType,
                          APInt::getSignedMaxValue(intType.getWidth()));
}

Value lowering::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                             TypedAttr value) {
  Value scalar = arith::ConstantOp::create(b, loc, value);
  Value empty = createEmpty(b, loc, type);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

AffineMap lowering::broadcastMap(ArrayRef<int64_t> operandShape,
                                 ArrayRef<int64_t> resultShape,
                                 MLIRContext *context) {
  int64_t offset = resultShape.size() - operandShape.size();
  assert(offset >= 0 && "operand of higher rank than the result");
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    int64_t dim = i + offset;
    if (size == 1 && resultShape[dim] != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(dim, context));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, context);
}

Value lowering::createElementwise(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  MLIRContext *context = b.getContext();
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(
        cast<RankedTensorType>(input.getType()).getShape(), shape, context));
  maps.push_back(b.getMultiDimIdentityMap(shape.size()));
  SmallVector<utils::IteratorType> iterators(shape.size(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs,
      ValueRange{createEmpty(b, loc, resultType)}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

bool lowering::isFloat(Type type) { return isa<FloatType>(type); }

Value lowering::add(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::AddFOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

Value lowering::sub(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::SubFOp::create(b, loc, lhs, rhs);
  return arith::SubIOp::create(b, loc, lhs, rhs);
}

Value lowering::mul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::MulFOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

Value lowering::div(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Type type = lhs.getType();
  if (isFloat(type))
    return arith::DivFOp::create(b, loc, lhs, rhs);
  // Integer division truncates toward zero as in C++ (TF's Div on ints
  // rounds the same way for RealDiv/TruncateDiv). Division by zero must not
  // trap inside a model: the divisor is replaced by 1 and the result by 0.
  Value zero = createScalar(b, loc, type, 0);
  Value one = createScalar(b, loc, type, 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  Value safe = arith::SelectOp::create(b, loc, isZero, one, rhs);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, safe);
  return arith::SelectOp::create(b, loc, isZero, zero, quotient);
}

Value lowering::max(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  return arith::MaxSIOp::create(b, loc, lhs, rhs);
}

Value lowering::min(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::MinimumFOp::create(b, loc, lhs, rhs);
  return arith::MinSIOp::create(b, loc, lhs, rhs);
}

/// `value` replaced by `bound` where it is below it (`below`) or above it:
/// an ordered compare and a select (see clampBelow).
static Value clamp(OpBuilder &b, Location loc, Value value, Value bound,
                   bool below) {
  if (!lowering::isFloat(value.getType()))
    return below ? Value(arith::MaxSIOp::create(b, loc, value, bound))
                 : Value(arith::MinSIOp::create(b, loc, value, bound));
  Value outside = arith::CmpFOp::create(
      b, loc, below ? arith::CmpFPredicate::OLT : arith::CmpFPredicate::OGT,
      value, bound);
  return arith::SelectOp::create(b, loc, outside, bound, value);
}

Value lowering::clampBelow(OpBuilder &b, Location loc, Value value,
                           Value bound) {
  return clamp(b, loc, value, bound, /*below=*/true);
}

Value lowering::clampAbove(OpBuilder &b, Location loc, Value value,
                           Value bound) {
  return clamp(b, loc, value, bound, /*below=*/false);
}

Value lowering::castScalar(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (to.isInteger(1)) {
    Value zero = createScalar(b, loc, from, 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (fromFloat && toFloat) {
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, value);
    if (fromFloat.getWidth() > toFloat.getWidth())
      return arith::TruncFOp::create(b, loc, to, value);
    // f16 <-> bf16: through f32.
    Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), value);
    return arith::TruncFOp::create(b, loc, to, wide);
  }
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, value);
  if (toFloat) {
    if (from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, value);
    return arith::SIToFPOp::create(b, loc, to, value);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth < toWidth) {
    if (from.isInteger(1))
      return arith::ExtUIOp::create(b, loc, to, value);
    return arith::ExtSIOp::create(b, loc, to, value);
  }
  return arith::TruncIOp::create(b, loc, to, value);
}

SmallVector<ReassociationIndices>
lowering::expandReassociation(int64_t rank, ArrayRef<bool> dropped) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t i = 0; i < rank; ++i) {
    pending.push_back(i);
    if (!dropped[i]) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  // Trailing dropped dimensions join the last group; if every dimension was
  // dropped the source is a scalar and the reassociation is empty.
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  return groups;
}
