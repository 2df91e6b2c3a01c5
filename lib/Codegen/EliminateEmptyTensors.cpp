//===- EliminateEmptyTensors.cpp - empty tensor elimination, chains too ---===//
//
// This file implements tfs-eliminate-empty-tensors: upstream's
// eliminateEmptyTensors, then a fix for chains of insertions that it
// resolves in the wrong order. In a split op's result (part one inserted
// into an empty tensor, part two into that, the whole written to an
// output), upstream meets part one's insertion while its destination is
// still the empty tensor, so part one's empty init becomes a slice of that
// empty tensor; only later does the empty destination become the output.
// Part one was then computed in a buffer of its own and copied into the
// output. Such inits are made slices of the insertion's destination as it
// is at the end.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"
#include "tfs/Codegen/Utils.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_ELIMINATEEMPTYTENSORSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using mlir::tfs::tiedInit;

namespace {

/// Whether two slices take the same part (static offsets, sizes, strides).
bool sameSlice(tensor::ExtractSliceOp slice, tensor::InsertSliceOp insert) {
  return slice.getStaticOffsets() == insert.getStaticOffsets() &&
         slice.getStaticSizes() == insert.getStaticSizes() &&
         slice.getStaticStrides() == insert.getStaticStrides() &&
         slice.getOffsets().empty() && slice.getSizes().empty() &&
         slice.getStrides().empty() && insert.getOffsets().empty() &&
         insert.getSizes().empty() && insert.getStrides().empty() &&
         slice.getType() == insert.getSourceType();
}

/// Results written to a buffer through a reshape: a packed matmul's C is
/// computed as M x N/16 x 16 into an expanded empty tensor and collapsed
/// to M x N for the output. Upstream follows chains of one type only, so
/// that empty tensor stayed, and C was computed in a buffer of its own and
/// copied into the output by one thread (matmul 1024^3: 4 MiB a call).
/// The write of a collapse into an identity-layout memref becomes a write
/// of the collapse's source into the memref expanded the same way (a
/// view), and an expand_shape of an empty tensor an empty tensor of the
/// expanded type, so that upstream finds one chain of one type.
void writeThroughReshapes(IRRewriter &rewriter, Operation *module) {
  module->walk([&](bufferization::MaterializeInDestinationOp materialize) {
    auto collapse =
        materialize.getSource().getDefiningOp<tensor::CollapseShapeOp>();
    auto dest = dyn_cast<TypedValue<MemRefType>>(materialize.getDest());
    if (!collapse || !dest || !dest.getType().getLayout().isIdentity() ||
        !collapse.getSrcType().hasStaticShape())
      return;
    rewriter.setInsertionPointAfterValue(dest);
    auto viewType = MemRefType::get(
        collapse.getSrcType().getShape(), dest.getType().getElementType(),
        MemRefLayoutAttrInterface(), dest.getType().getMemorySpace());
    Value view =
        memref::ExpandShapeOp::create(rewriter, materialize.getLoc(), viewType,
                                      dest, collapse.getReassociationIndices());
    rewriter.modifyOpInPlace(materialize, [&] {
      materialize.getSourceMutable().assign(collapse.getSrc());
      materialize.getDestMutable().assign(view);
    });
    if (collapse->use_empty())
      rewriter.eraseOp(collapse);
  });
  module->walk([&](tensor::ExpandShapeOp expand) {
    if (!expand.getSrc().getDefiningOp<tensor::EmptyOp>() ||
        !expand.getResultType().hasStaticShape())
      return;
    rewriter.setInsertionPoint(expand);
    rewriter.replaceOpWithNewOp<tensor::EmptyOp>(
        expand, expand.getResultType().getShape(),
        expand.getResultType().getElementType());
  });
}

/// The uses of `value` that write into it: inits of destination-style ops
/// (linalg ops, insertions, vector writes) and loop-carried values of
/// scf.for and scf.forall loops (a tiled op's init).
SmallVector<OpOperand *> writingUses(Value value) {
  SmallVector<OpOperand *> uses;
  for (OpOperand &use : value.getUses()) {
    Operation *owner = use.getOwner();
    bool writes = false;
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(owner))
      writes = dps.isDpsInit(&use);
    else if (auto loop = dyn_cast<scf::ForOp>(owner))
      writes = use.getOperandNumber() >= loop.getNumControlOperands();
    else if (auto forall = dyn_cast<scf::ForallOp>(owner))
      writes = llvm::is_contained(forall.getOutputs(), use.get());
    if (writes)
      uses.push_back(&use);
  }
  return uses;
}

/// Gives each op that writes into a `linalg.fill` that other ops write
/// into too (see writingUses; CSE merges equal fills) its own copy of it,
/// on an empty tensor of its own. Upstream elimination follows one
/// result's chain back to the fill's empty tensor and makes it the output
/// buffer; another op writing into the same fill then read that buffer as
/// its zeros: of two outputs computed by matmuls from one shared fill, the
/// second returned the first's values (a silent wrong result, at -O0
/// too). Shared empty tensors hold no values and stay shared (two
/// elementwise outputs from one empty tensor were right).
void unshareFills(IRRewriter &rewriter, Operation *module) {
  SmallVector<linalg::FillOp> shared;
  module->walk([&](linalg::FillOp fill) {
    if (fill->getNumResults() == 1 &&
        writingUses(fill->getResult(0)).size() >= 2)
      shared.push_back(fill);
  });
  for (linalg::FillOp fill : shared) {
    SmallVector<OpOperand *> uses = writingUses(fill->getResult(0));
    for (OpOperand *use : llvm::drop_begin(uses)) {
      rewriter.setInsertionPoint(use->getOwner());
      auto copy = cast<linalg::FillOp>(rewriter.clone(*fill));
      if (auto empty = fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>()) {
        Operation *ownEmpty = rewriter.clone(*empty);
        ownEmpty->moveBefore(copy);
        rewriter.modifyOpInPlace(copy, [&] {
          copy.getOutputsMutable()[0].set(ownEmpty->getResult(0));
        });
      }
      rewriter.modifyOpInPlace(use->getOwner(),
                               [&] { use->set(copy->getResult(0)); });
    }
  }
}

struct EliminateEmptyTensorsPass
    : public tfs::impl::EliminateEmptyTensorsPassBase<
          EliminateEmptyTensorsPass> {
  void runOnOperation() override {
    Operation *module = getOperation();
    IRRewriter rewriter(&getContext());
    unshareFills(rewriter, module);
    writeThroughReshapes(rewriter, module);
    if (failed(bufferization::eliminateEmptyTensors(rewriter, module)))
      return signalPassFailure();
    // An insertion whose source was computed into a slice of an empty
    // tensor that is no longer the insertion's destination: the same slice
    // of the destination instead.
    DominanceInfo dominance(module);
    module->walk([&](tensor::InsertSliceOp insert) {
      OpOperand *init = tiedInit(insert.getSource());
      if (!init)
        return;
      auto slice = init->get().getDefiningOp<tensor::ExtractSliceOp>();
      if (!slice || !slice.getSource().getDefiningOp<tensor::EmptyOp>() ||
          slice.getSource() == insert.getDest() || !sameSlice(slice, insert) ||
          !dominance.properlyDominates(insert.getDest(), init->getOwner()))
        return;
      rewriter.setInsertionPoint(init->getOwner());
      auto retargeted = tensor::ExtractSliceOp::create(
          rewriter, slice.getLoc(), insert.getDest(), slice.getMixedOffsets(),
          slice.getMixedSizes(), slice.getMixedStrides());
      rewriter.modifyOpInPlace(init->getOwner(),
                               [&] { init->set(retargeted); });
    });
  }
};

} // namespace
