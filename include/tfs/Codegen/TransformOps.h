//===- TransformOps.h - tfsc's transform-dialect ops ------------*- C++ -*-===//
//
// Declares the transform ops of TransformOps.td and the extension that
// registers them with the transform dialect.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CODEGEN_TRANSFORMOPS_H
#define TFS_CODEGEN_TRANSFORMOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/IR/TransformTypes.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/IR/OpImplementation.h"

#define GET_OP_CLASSES
#include "tfs/Codegen/TransformOps.h.inc"

namespace mlir {
class DialectRegistry;
namespace tfs {

/// Adds tfsc's transform ops (`transform.tfs.*`) to the transform dialect
/// of every context created from `registry`.
void registerTransformDialectExtension(DialectRegistry &registry);

} // namespace tfs
} // namespace mlir

#endif // TFS_CODEGEN_TRANSFORMOPS_H
