//===- TFSOps.cpp - tfs dialect operations --------------------------------===//
//
// This file implements verification, symbol checks, folding and
// canonicalization of the tfs operations. Result type inference for ops with
// TF shape rules lives in TFSShapeInference.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/TFS/IR/TFSOps.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tfs;

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

LogicalResult VariableOp::verify() {
  RankedTensorType type = getTensorType();
  Attribute init = getInitializer();
  if (auto elements = dyn_cast<ElementsAttr>(init)) {
    if (elements.getType() != type)
      return emitOpError("initial value of type ")
             << elements.getType() << " does not match the variable type "
             << type;
    return success();
  }
  return cast<InitializerAttrInterface>(init).verifyForType(
      type, [&] { return emitOpError(); });
}

/// Resolves the variable a read or assign refers to and checks the value
/// type against it.
static LogicalResult verifyVariableUse(Operation *op,
                                       FlatSymbolRefAttr variable,
                                       Type valueType,
                                       SymbolTableCollection &symbolTable) {
  auto var =
      symbolTable.lookupNearestSymbolFrom<VariableOp>(op, variable.getAttr());
  if (!var)
    return op->emitOpError("refers to unknown variable ") << variable;
  if (var.getType() != valueType)
    return op->emitOpError("type ")
           << valueType << " does not match the type " << var.getType()
           << " of variable " << variable;
  return success();
}

LogicalResult
ReadVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getType(), symbolTable);
}

LogicalResult
AssignVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getValue().getType(),
                           symbolTable);
}

LogicalResult
AssignAddVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getValue().getType(),
                           symbolTable);
}

LogicalResult
AssignSubVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getValue().getType(),
                           symbolTable);
}

//===----------------------------------------------------------------------===//
// Constants, identity, cast
//===----------------------------------------------------------------------===//

LogicalResult RandomOp::verify() {
  if (getKind() != "uniform" && getKind() != "normal" &&
      getKind() != "truncated_normal")
    return emitOpError("expects kind \"uniform\", \"normal\" or "
                       "\"truncated_normal\", got \"")
           << getKind() << "\"";
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

LogicalResult CastOp::verify() {
  auto inType = cast<RankedTensorType>(getInput().getType());
  auto outType = cast<RankedTensorType>(getType());
  if (inType.getShape() != outType.getShape())
    return emitOpError("changes the shape from ")
           << inType << " to " << outType << "; cast keeps the shape";
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Elementwise folding
//===----------------------------------------------------------------------===//

/// `convertToDouble` only accepts types that fit a double; widen first.
static double toDouble(const APFloat &value) {
  APFloat wide = value;
  bool losesInfo;
  wide.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &losesInfo);
  return wide.convertToDouble();
}

/// Folds a unary op on a float constant by evaluating `fn` in double
/// precision and rounding to the element type.
static OpFoldResult foldFloatUnary(Attribute operand, Type resultType,
                                   double (*fn)(double)) {
  if (!isa_and_nonnull<FloatType>(getElementTypeOrSelf(resultType)))
    return {};
  return constFoldUnaryOp<FloatAttr, APFloat, void>(
      ArrayRef<Attribute>(operand), resultType, [&](const APFloat &value) {
        bool losesInfo;
        APFloat result(fn(toDouble(value)));
        result.convert(value.getSemantics(), APFloat::rmNearestTiesToEven,
                       &losesInfo);
        return result;
      });
}

/// Folds a unary op on an integer constant.
static OpFoldResult foldIntUnary(Attribute operand, Type resultType,
                                 function_ref<APInt(const APInt &)> fn) {
  if (!isa<IntegerType>(getElementTypeOrSelf(resultType)))
    return {};
  return constFoldUnaryOp<IntegerAttr, APInt, void>(
      ArrayRef<Attribute>(operand), resultType,
      [&](const APInt &value) { return fn(value); });
}

static double relu6(double x) { return std::min(std::max(x, 0.0), 6.0); }
static double relu(double x) { return std::max(x, 0.0); }
static double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
static double rsqrt(double x) { return 1.0 / std::sqrt(x); }
static double square(double x) { return x * x; }
static double negate(double x) { return -x; }
static double absolute(double x) { return std::fabs(x); }
static double expDouble(double x) { return std::exp(x); }
static double logDouble(double x) { return std::log(x); }
static double sinDouble(double x) { return std::sin(x); }
static double cosDouble(double x) { return std::cos(x); }
static double tanhDouble(double x) { return std::tanh(x); }
static double sqrtDouble(double x) { return std::sqrt(x); }

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(), negate))
    return r;
  return foldIntUnary(adaptor.getX(), getType(),
                      [](const APInt &v) { return -v; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(), absolute))
    return r;
  return foldIntUnary(adaptor.getX(), getType(),
                      [](const APInt &v) { return v.abs(); });
}

OpFoldResult SquareOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(), square))
    return r;
  return foldIntUnary(adaptor.getX(), getType(),
                      [](const APInt &v) { return v * v; });
}

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(), relu))
    return r;
  return foldIntUnary(adaptor.getX(), getType(), [](const APInt &v) {
    return v.isNegative() ? APInt::getZero(v.getBitWidth()) : v;
  });
}

OpFoldResult Relu6Op::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(), relu6))
    return r;
  return foldIntUnary(adaptor.getX(), getType(), [](const APInt &v) {
    APInt six(v.getBitWidth(), 6);
    if (v.isNegative())
      return APInt::getZero(v.getBitWidth());
    return v.sgt(six) ? six : v;
  });
}

// Integers are whole already: floor, ceil and round keep them.
OpFoldResult FloorOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(),
                                      [](double x) { return std::floor(x); }))
    return r;
  return foldIntUnary(adaptor.getX(), getType(),
                      [](const APInt &v) { return v; });
}
OpFoldResult CeilOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(),
                                      [](double x) { return std::ceil(x); }))
    return r;
  return foldIntUnary(adaptor.getX(), getType(),
                      [](const APInt &v) { return v; });
}
OpFoldResult RoundOp::fold(FoldAdaptor adaptor) {
  // The default rounding mode rounds halves to even, as TF's Round.
  if (OpFoldResult r = foldFloatUnary(adaptor.getX(), getType(), [](double x) {
        return std::nearbyint(x);
      }))
    return r;
  return foldIntUnary(adaptor.getX(), getType(),
                      [](const APInt &v) { return v; });
}
OpFoldResult ReciprocalOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(),
                        [](double x) { return 1.0 / x; });
}

OpFoldResult ExpOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), expDouble);
}
OpFoldResult LogOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), logDouble);
}
OpFoldResult SinOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), sinDouble);
}
OpFoldResult CosOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), cosDouble);
}
OpFoldResult TanhOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), tanhDouble);
}
OpFoldResult SigmoidOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), sigmoid);
}
OpFoldResult SqrtOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), sqrtDouble);
}
OpFoldResult RsqrtOp::fold(FoldAdaptor adaptor) {
  return foldFloatUnary(adaptor.getX(), getType(), rsqrt);
}

/// True if `attr` is a splat equal to `value` (float or integer).
static bool isSplatOf(Attribute attr, int64_t value) {
  auto splat = dyn_cast_or_null<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  Type elementType = splat.getElementType();
  if (isa<FloatType>(elementType))
    return splat.getSplatValue<APFloat>().isExactlyValue(double(value));
  if (isa<IntegerType>(elementType))
    return splat.getSplatValue<APInt>().getSExtValue() == value;
  return false;
}

/// Constant-folds a binary op whose operands have the same type.
static OpFoldResult
foldBinaryConstants(Attribute lhs, Attribute rhs, Type resultType,
                    double (*floatFn)(double, double),
                    APInt (*intFn)(const APInt &, const APInt &)) {
  Type elementType = getElementTypeOrSelf(resultType);
  if (isa<FloatType>(elementType) && floatFn)
    return constFoldBinaryOp<FloatAttr, APFloat, void>(
        {lhs, rhs}, resultType, [&](const APFloat &a, const APFloat &b) {
          bool losesInfo;
          APFloat result(floatFn(toDouble(a), toDouble(b)));
          result.convert(a.getSemantics(), APFloat::rmNearestTiesToEven,
                         &losesInfo);
          return result;
        });
  if (isa<IntegerType>(elementType) && intFn)
    return constFoldBinaryOp<IntegerAttr, APInt, void>(
        {lhs, rhs}, resultType,
        [&](const APInt &a, const APInt &b) { return intFn(a, b); });
  return {};
}

/// `x op identity` folds to `x` only if broadcasting did not change its type.
static bool keepsType(Value value, Type resultType) {
  return value.getType() == resultType;
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0) && keepsType(getLhs(), getType()))
    return getLhs();
  if (isSplatOf(adaptor.getLhs(), 0) && keepsType(getRhs(), getType()))
    return getRhs();
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a + b; },
      [](const APInt &a, const APInt &b) { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0) && keepsType(getLhs(), getType()))
    return getLhs();
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a - b; },
      [](const APInt &a, const APInt &b) { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1) && keepsType(getLhs(), getType()))
    return getLhs();
  if (isSplatOf(adaptor.getLhs(), 1) && keepsType(getRhs(), getType()))
    return getRhs();
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a * b; },
      [](const APInt &a, const APInt &b) { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1) && keepsType(getLhs(), getType()))
    return getLhs();
  // Integer RealDiv rounding (and division by zero) is left to run time.
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a / b; }, nullptr);
}

OpFoldResult MaximumOp::fold(FoldAdaptor) {
  if (getLhs() == getRhs())
    return getLhs();
  return {};
}

OpFoldResult MinimumOp::fold(FoldAdaptor) {
  if (getLhs() == getRhs())
    return getLhs();
  return {};
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1) && keepsType(getLhs(), getType()))
    return getLhs();
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return std::pow(a, b); }, nullptr);
}

//===----------------------------------------------------------------------===//
// BiasAdd, softmax
//===----------------------------------------------------------------------===//

LogicalResult BiasAddOp::verify() {
  auto valueType = cast<RankedTensorType>(getValue().getType());
  auto biasType = cast<RankedTensorType>(getBias().getType());
  if (valueType.getRank() < 2)
    return emitOpError("expects value of rank at least 2, got rank ")
           << valueType.getRank();
  if (biasType.getRank() != 1)
    return emitOpError("expects bias of rank 1, got rank ")
           << biasType.getRank();
  int64_t channels = valueType.getShape().back();
  if (biasType.getDimSize(0) != channels)
    return emitOpError("bias has ")
           << biasType.getDimSize(0)
           << " elements but the last dimension of value has " << channels;
  return success();
}

template <typename OpT>
static LogicalResult verifySoftmax(OpT op) {
  if (cast<RankedTensorType>(op.getType()).getRank() < 1)
    return op.emitOpError("expects logits of rank at least 1, got a scalar");
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmax(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmax(*this); }

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpT>
static OpFoldResult foldReduce(OpT op) {
  // Reducing over no axes is the identity in TF.
  if (op.getAxes().empty() && op.getInput().getType() == op.getType())
    return op.getInput();
  return {};
}

template <typename OpT> static LogicalResult verifyArgReduce(OpT op) {
  auto input = cast<RankedTensorType>(op.getInput().getType());
  int64_t rank = input.getRank(), axis = op.getAxis();
  if (rank == 0)
    return op.emitOpError("expects an input of rank at least 1, got a scalar");
  if (axis < -rank || axis >= rank)
    return op.emitOpError("expects axis in [")
           << -rank << ", " << rank << "), got " << axis;
  SmallVector<int64_t> shape(input.getShape());
  shape.erase(shape.begin() + (axis < 0 ? axis + rank : axis));
  auto output = cast<RankedTensorType>(op.getType());
  if (output.getShape() != ArrayRef<int64_t>(shape))
    return op.emitOpError("expects result shape [")
           << shape << "], got " << output;
  if (input.getDimSize(axis < 0 ? axis + rank : axis) == 0)
    return op.emitOpError("expects a non-empty reduction axis (TF: Reduction "
                          "axis is empty)");
  return success();
}

LogicalResult ArgMaxOp::verify() { return verifyArgReduce(*this); }
LogicalResult ArgMinOp::verify() { return verifyArgReduce(*this); }

OpFoldResult ReduceSumOp::fold(FoldAdaptor) { return foldReduce(*this); }
OpFoldResult ReduceMeanOp::fold(FoldAdaptor) { return foldReduce(*this); }
OpFoldResult ReduceMaxOp::fold(FoldAdaptor) { return foldReduce(*this); }
OpFoldResult ReduceMinOp::fold(FoldAdaptor) { return foldReduce(*this); }

//===----------------------------------------------------------------------===//
// Reshape
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto inType = cast<RankedTensorType>(getInput().getType());
  auto outType = cast<RankedTensorType>(getType());
  if (!inType.hasStaticShape() || !outType.hasStaticShape())
    return success(); // Reported by StaticShapes.
  if (inType.getNumElements() != outType.getNumElements())
    return emitOpError("cannot reshape ")
           << inType << " (" << inType.getNumElements() << " elements) to "
           << outType << " (" << outType.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(cast<ShapedType>(getType()));
  return {};
}

namespace {
/// reshape(reshape(x)) -> reshape(x).
struct FoldReshapeChain : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<ReshapeOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(),
                                           producer.getInput());
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<FoldReshapeChain>(context);
}

//===----------------------------------------------------------------------===//
// Transpose, concat, split, slice, pad
//===----------------------------------------------------------------------===//

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPerm();
  bool isIdentity = llvm::all_of(llvm::enumerate(perm), [](auto it) {
    return static_cast<int64_t>(it.index()) == it.value();
  });
  if (isIdentity)
    return getInput();
  // transpose(transpose(x, p), q) == transpose(x, p o q).
  if (auto producer = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> inner = producer.getPerm();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner[p]);
    getInputMutable().assign(producer.getInput());
    setPerm(composed);
    return getResult();
  }
  return {};
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getValues().size() == 1 && getValues()[0].getType() == getType())
    return getValues()[0];
  return {};
}

LogicalResult SplitOp::fold(FoldAdaptor,
                            SmallVectorImpl<OpFoldResult> &results) {
  if (getNumResults() != 1 || getValue().getType() != getResult(0).getType())
    return failure();
  results.push_back(getValue());
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

OpFoldResult StridedSliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getBegin(), [](int64_t b) { return b == 0; }) &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }))
    return getInput();
  return {};
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

#define GET_OP_CLASSES
#include "dialects/TFS/IR/TFSOps.cpp.inc"
