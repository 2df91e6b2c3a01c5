//===- Passes.h - tfs dialect conversions -----------------------*- C++ -*-===//
//
// Declares the conversion passes of lib/Conversion (see Passes.td) and the
// pattern sets they apply.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CONVERSION_PASSES_H
#define TFS_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mlir::tfs {

#define GEN_PASS_DECL
#include "tfs/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tfs/Conversion/Passes.h.inc"

/// Patterns lowering the tfs compute ops to linalg/tensor/arith/math, by op
/// family. Together they cover every tfs op except the variable ops.
void populateTFSElementwiseToLinalgPatterns(RewritePatternSet &patterns);
void populateTFSContractionToLinalgPatterns(RewritePatternSet &patterns);
void populateTFSConvolutionToLinalgPatterns(RewritePatternSet &patterns);
void populateTFSReductionToLinalgPatterns(RewritePatternSet &patterns);
void populateTFSShapeToTensorPatterns(RewritePatternSet &patterns);
void populateTFSRandomToRuntimePatterns(RewritePatternSet &patterns);
void populateTFSToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::tfs

#endif // TFS_CONVERSION_PASSES_H
