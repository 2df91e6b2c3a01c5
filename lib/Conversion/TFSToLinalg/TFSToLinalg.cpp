//===- TFSToLinalg.cpp - the convert-tfs-to-linalg pass -------------------===//
//
// This file implements convert-tfs-to-linalg, which applies the op-family
// pattern sets of this directory and reports every op it cannot lower with
// the op's TF name and model location.
//
//===----------------------------------------------------------------------===//

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Conversion/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_CONVERTTFSTOLINALGPASS
#include "tfs/Conversion/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using namespace mlir::tfs;

void mlir::tfs::populateTFSToLinalgPatterns(RewritePatternSet &patterns) {
  populateTFSElementwiseToLinalgPatterns(patterns);
  populateTFSContractionToLinalgPatterns(patterns);
  populateTFSConvolutionToLinalgPatterns(patterns);
  populateTFSReductionToLinalgPatterns(patterns);
  populateTFSShapeToTensorPatterns(patterns);
  populateTFSRandomToRuntimePatterns(patterns);
}

namespace {

/// The TF name of an op imported from a model (the name of its NameLoc),
/// or "" for hand-written IR.
StringRef tfNameOf(Operation *op) {
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(inner))
        return name.getName();
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName();
  return "";
}

/// Why `op` cannot be lowered, or "" if it can.
std::string whyNotLowerable(Operation *op) {
  if (isa<ReadVariableOp, AssignVariableOp, AssignAddVariableOp,
          AssignSubVariableOp>(op))
    return "variable accesses must be lowered first (run "
           "tfs-lower-variables before convert-tfs-to-linalg)";
  for (Type type :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
    Type element = getElementTypeOrSelf(type);
    if (element.isUnsignedInteger())
      return (llvm::Twine("element type ") +
              llvm::formatv("{0}", element).str() +
              " is not supported by the code generator yet (only float "
              "and signed integer tensors are)")
          .str();
  }
  return "";
}

struct ConvertTFSToLinalgPass
    : public tfs::impl::ConvertTFSToLinalgPassBase<ConvertTFSToLinalgPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool ok = true;
    module.walk([&](Operation *op) {
      if (!isa<TFSDialect>(op->getDialect()) || isa<VariableOp>(op))
        return;
      std::string why = whyNotLowerable(op);
      if (why.empty())
        return;
      InFlightDiagnostic diag = op->emitError("cannot compile ");
      StringRef tfName = tfNameOf(op);
      if (!tfName.empty())
        diag << "TF op '" << tfName << "' (" << op->getName() << ")";
      else
        diag << "'" << op->getName() << "'";
      diag << ": " << why;
      ok = false;
    });
    if (!ok)
      return signalPassFailure();

    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addLegalDialect<
        arith::ArithDialect, bufferization::BufferizationDialect,
        func::FuncDialect, linalg::LinalgDialect, math::MathDialect,
        memref::MemRefDialect, tensor::TensorDialect>();
    target.addIllegalDialect<TFSDialect>();
    target.addLegalOp<VariableOp>();
    RewritePatternSet patterns(context);
    populateTFSToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
