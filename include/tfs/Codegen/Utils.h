//===- Utils.h - helpers shared by the codegen passes -----------*- C++ -*-===//
//
// Declares what several passes of lib/Codegen ask of tensor IR.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CODEGEN_UTILS_H
#define TFS_CODEGEN_UTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Value.h"

#include <utility>

namespace mlir::tfs {

/// The operand that the op defining `value` (a destination-style op, an
/// insertion, an scf.forall or an scf.for: a serial tiled op) writes
/// `value` into (its init), or null.
OpOperand *tiedInit(Value value);

/// The result that `use`'s owner computes into `use` when it is such an
/// op's init, or null.
Value tiedResult(OpOperand &use);

/// The elementwise op a contraction's `result` goes through, when it can be
/// computed in the contraction's tiles: the result's only user, an
/// all-parallel generic over the same iteration space as the result that
/// reads it with the identity map and writes one result of the same shape.
/// Returns it and the operand number that reads `result`, or null.
std::pair<linalg::GenericOp, int64_t> fusableEpilogue(Value result);

/// Whether `pad`'s source, result and padding sizes are all static.
bool isStaticPad(tensor::PadOp pad);

/// Keeps LLVM from unrolling `loop` (an scf.for): marks it with a
/// `loop_annotation` (unroll disabled), which SCF-to-CF moves to the loop's
/// back edge and LLVM IR translation makes llvm.loop.unroll.disable. For
/// loops over bodies already large, whose unrolled copies cost LLVM much
/// time and gain nothing. The caller's pass must load the LLVM dialect.
void disableUnrolling(Operation *loop);

} // namespace mlir::tfs

#endif // TFS_CODEGEN_UTILS_H
