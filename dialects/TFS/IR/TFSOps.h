//===- TFSOps.h - tfs dialect operations ------------------------*- C++ -*-===//
//
// Declares the tfs operations, the StaticShapes trait they share and the
// side-effect resource that stands for variable state.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_DIALECT_TFS_IR_TFSOPS_H
#define TFS_DIALECT_TFS_IR_TFSOPS_H

#include "dialects/TFS/IR/TFSDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::tfs {

/// The state of all tfs variables, as seen by side-effect analyses: reads
/// and assigns of variables are ordered with respect to each other.
struct VariableResource
    : public SideEffects::Resource::Base<VariableResource> {
  StringRef getName() final { return "<tfs.variable>"; }
};

/// The state of the random ops' generators: each op draws new values on
/// every run, so random ops are neither merged nor reordered.
struct RandomResource : public SideEffects::Resource::Base<RandomResource> {
  StringRef getName() final { return "<tfs.random>"; }
};

namespace OpTrait {

/// Verifies that no operand or result has an unknown dimension.
LogicalResult verifyStaticShapes(Operation *op);

template <typename ConcreteType>
class StaticShapes
    : public ::mlir::OpTrait::TraitBase<ConcreteType, StaticShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return verifyStaticShapes(op);
  }
};

/// Runs the op's inferReturnTypes with its location so that shape-rule
/// violations are diagnosed by the rule itself.
LogicalResult verifyShapeFunction(Operation *op);

template <typename ConcreteType>
class ShapeFunction
    : public ::mlir::OpTrait::TraitBase<ConcreteType, ShapeFunction> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return verifyShapeFunction(op);
  }
};

} // namespace OpTrait
} // namespace mlir::tfs

#define GET_OP_CLASSES
#include "dialects/TFS/IR/TFSOps.h.inc"

#endif // TFS_DIALECT_TFS_IR_TFSOPS_H
