//===- Utils.h - helpers shared by the codegen passes -----------*- C++ -*-===//
//
// Declares what several passes of lib/Codegen ask of tensor IR.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CODEGEN_UTILS_H
#define TFS_CODEGEN_UTILS_H

#include "mlir/IR/Value.h"

namespace mlir::tfs {

/// The operand that the op defining `value` (a destination-style op, an
/// insertion, an scf.forall or an scf.for: a serial tiled op) writes
/// `value` into (its init), or null.
OpOperand *tiedInit(Value value);

/// The result that `use`'s owner computes into `use` when it is such an
/// op's init, or null.
Value tiedResult(OpOperand &use);

} // namespace mlir::tfs

#endif // TFS_CODEGEN_UTILS_H
