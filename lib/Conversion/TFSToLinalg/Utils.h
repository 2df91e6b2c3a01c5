//===- Utils.h - helpers shared by the tfs-to-linalg patterns ---*- C++ -*-===//
//
// Small builders used by every op family of convert-tfs-to-linalg: empty and
// filled tensors, scalar constants of any element type, broadcasting
// indexing maps and elementwise linalg.generic construction.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_LIB_CONVERSION_TFSTOLINALG_UTILS_H
#define TFS_LIB_CONVERSION_TFSTOLINALG_UTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

namespace mlir::tfs::lowering {

/// A `tensor.empty` of `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A scalar constant `value` of a float or signless integer type (i1 is
/// `value != 0`).
TypedAttr scalarAttr(Type elementType, double value);
Value createScalar(OpBuilder &b, Location loc, Type elementType, double value);

/// The identity of a max (resp. min) reduction: -inf (+inf) for floats, the
/// smallest (largest) signed value for integers.
TypedAttr lowestAttr(Type elementType);
TypedAttr highestAttr(Type elementType);

/// A tensor of `type` filled with `value` (`linalg.fill` of `tensor.empty`).
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   TypedAttr value);

/// The map from the iteration space of `result` (identity loops) to an
/// operand with numpy broadcasting: trailing dimensions align, size-1
/// dimensions of the operand that the result stretches are read at 0.
AffineMap broadcastMap(ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape, MLIRContext *context);

/// A `linalg.generic` over the shape of `resultType` with `inputs`
/// broadcast to it; `body` maps the input scalars to the result scalar.
Value createElementwise(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// Element type predicates and arithmetic that pick the float or the signed
/// integer form of an op.
bool isFloat(Type type);
Value add(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value sub(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value div(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value max(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value min(OpBuilder &b, Location loc, Value lhs, Value rhs);
/// `value` raised to `bound` where it is below (clampBelow) or lowered to
/// it where it is above (clampAbove), as TF's Relu and Relu6 compute them
/// (std::max / std::min with the input first): a NaN input stays NaN, and
/// relu(-0.0) is -0.0. Unlike max/min (arith.maximumf), which must also
/// propagate a NaN bound and order -0.0 below +0.0, this is one select of
/// an ordered compare: a single vmaxps / vminps on x86 instead of three
/// instructions.
Value clampBelow(OpBuilder &b, Location loc, Value value, Value bound);
Value clampAbove(OpBuilder &b, Location loc, Value value, Value bound);

/// Converts a scalar to `to` with TF's Cast rules.
Value castScalar(OpBuilder &b, Location loc, Value value, Type to);

/// Reassociation that expands a tensor whose `dropped` dimensions were
/// removed back to `rank` dimensions with those as size 1.
SmallVector<ReassociationIndices> expandReassociation(int64_t rank,
                                                      ArrayRef<bool> dropped);

} // namespace mlir::tfs::lowering

#endif // TFS_LIB_CONVERSION_TFSTOLINALG_UTILS_H
