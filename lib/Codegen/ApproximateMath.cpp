//===- ApproximateMath.cpp - polynomial math for vectorizable loops -------===//
//
// This file implements tfs-approximate-math: math.exp, log, tanh, sin, cos
// (and the other functions upstream MLIR approximates) on f32 become
// polynomial arithmetic, so that the loops around them vectorize instead of
// calling libm one element at a time.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

struct ApproximateMathPass
    : public tfs::impl::ApproximateMathPassBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
