//===- TFSDialect.cpp - tfs dialect ---------------------------------------===//
//
// This file implements the tfs dialect: registration of its operations and
// attributes, constant materialization for folding, and the StaticShapes
// trait.
//
//===----------------------------------------------------------------------===//

#include "dialects/TFS/IR/TFSOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::tfs;

#include "dialects/TFS/IR/TFSDialect.cpp.inc"

void TFSDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/TFS/IR/TFSOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *TFSDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

LogicalResult mlir::tfs::OpTrait::verifyStaticShapes(Operation *op) {
  auto check = [&](Type type, StringRef kind,
                   unsigned index) -> LogicalResult {
    auto shaped = dyn_cast<RankedTensorType>(type);
    if (!shaped || shaped.hasStaticShape())
      return success();
    unsigned dim = 0;
    while (!ShapedType::isDynamic(shaped.getDimSize(dim)))
      ++dim;
    return op->emitOpError()
           << kind << " #" << index << " of type " << type
           << " has an unknown dimension (dimension " << dim
           << "); tfsc supports static shapes only for now: fix it with "
              "`--feed NAME=DIMS` or a fully specified placeholder shape";
  };
  for (auto [i, type] : llvm::enumerate(op->getOperandTypes()))
    if (failed(check(type, "operand", i)))
      return failure();
  for (auto [i, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(check(type, "result", i)))
      return failure();
  return success();
}

LogicalResult mlir::tfs::OpTrait::verifyShapeFunction(Operation *op) {
  SmallVector<Type> inferred;
  if (failed(cast<InferTypeOpInterface>(op).inferReturnTypes(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), inferred)))
    return failure();
  for (auto [i, actual, expected] :
       llvm::enumerate(op->getResultTypes(), inferred))
    if (actual != expected)
      return op->emitOpError("result #")
             << i << " has type " << actual << " but the op computes "
             << expected;
  return success();
}
