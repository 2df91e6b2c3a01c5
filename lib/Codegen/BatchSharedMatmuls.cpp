//===- BatchSharedMatmuls.cpp - one matmul for slices sharing a B ---------===//
//
// This file implements tfs-batch-shared-matmuls. An unrolled recurrence
// (tf.split of the inputs over time, then x_t @ W in every step) computes
// many small products with the same B, each on one slice of the same
// tensor. They do not depend on the recurrence, so they become one matmul
// over the whole tensor, computed once before the first step (what cuDNN
// and oneDNN do with an RNN's input projection); each step reads its rows
// of the result. B is then read once instead of once per step, and the big
// product is tiled, packed and threaded like any large matmul.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_BATCHSHAREDMATMULSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// A matmul C = A * B whose A is one index of dimension `dim` (0 or 1) of
/// a static 3-D tensor `source` ([T, M, K] or [M, T, K]), as
/// collapse_shape(extract_slice(source)), and whose C starts from zeros.
struct SliceProduct {
  linalg::MatmulOp matmul;
  Value source, rhs, zero;
  int64_t dim, index;
};

std::optional<SliceProduct> matchSliceProduct(linalg::MatmulOp matmul) {
  if (matmul.hasUserDefinedMaps() || !matmul.hasPureTensorSemantics())
    return std::nullopt;
  auto collapse =
      matmul.getInputs()[0].getDefiningOp<tensor::CollapseShapeOp>();
  if (!collapse)
    return std::nullopt;
  auto slice = collapse.getSrc().getDefiningOp<tensor::ExtractSliceOp>();
  auto fill = matmul.getOutputs()[0].getDefiningOp<linalg::FillOp>();
  if (!slice || !fill || !matchPattern(fill.value(), m_AnyZeroFloat()))
    return std::nullopt;
  auto sourceType = dyn_cast<RankedTensorType>(slice.getSourceType());
  Type resultElement =
      cast<ShapedType>(matmul.getResultTypes()[0]).getElementType();
  if (!sourceType || !sourceType.hasStaticShape() ||
      sourceType.getElementType() != resultElement ||
      getElementTypeOrSelf(matmul.getInputs()[1].getType()) != resultElement ||
      sourceType.getRank() != 3 || slice.getResultType().getRank() != 3 ||
      !slice.hasUnitStride())
    return std::nullopt;
  std::optional<SmallVector<int64_t>> offsets =
      getConstantIntValues(slice.getMixedOffsets());
  std::optional<SmallVector<int64_t>> sizes =
      getConstantIntValues(slice.getMixedSizes());
  if (!offsets || !sizes)
    return std::nullopt;
  // One index of dimension 0 or 1, everything of the others.
  for (int64_t dim : {0, 1}) {
    bool match = (*sizes)[dim] == 1 && (*offsets)[2] == 0 &&
                 (*sizes)[2] == sourceType.getDimSize(2) &&
                 (*offsets)[1 - dim] == 0 &&
                 (*sizes)[1 - dim] == sourceType.getDimSize(1 - dim);
    if (match)
      return SliceProduct{
          matmul, slice.getSource(), matmul.getInputs()[1], fill.value(),
          dim,    (*offsets)[dim]};
  }
  return std::nullopt;
}

struct BatchSharedMatmulsPass
    : public tfs::impl::BatchSharedMatmulsPassBase<BatchSharedMatmulsPass> {
  void runOnOperation() override {
    // Groups by (source, B, sliced dimension), in program order.
    llvm::MapVector<std::tuple<Value, Value, int64_t>,
                    SmallVector<SliceProduct>>
        groups;
    getOperation().walk([&](linalg::MatmulOp matmul) {
      if (std::optional<SliceProduct> p = matchSliceProduct(matmul))
        groups[{p->source, p->rhs, p->dim}].push_back(*p);
    });
    IRRewriter rewriter(&getContext());
    for (auto &[key, products] : groups) {
      if (products.size() < 2)
        continue;
      // All operands of the big product (source, B, zero) are defined
      // before the first small one: build it there.
      // (Products in different blocks, e.g. inside loops, are left alone.)
      SliceProduct first = products.front();
      if (llvm::any_of(products, [&](SliceProduct &p) {
            return p.matmul->getBlock() != first.matmul->getBlock() ||
                   p.matmul->isBeforeInBlock(first.matmul);
          }))
        continue;
      Location loc = first.matmul.getLoc();
      rewriter.setInsertionPoint(first.matmul);
      auto sourceType = cast<RankedTensorType>(first.source.getType());
      auto rhsType = cast<RankedTensorType>(first.rhs.getType());
      Type f = sourceType.getElementType();
      int64_t rows = sourceType.getDimSize(0) * sourceType.getDimSize(1);
      int64_t n = rhsType.getDimSize(1);
      Value lhs = tensor::CollapseShapeOp::create(
          rewriter, loc, first.source,
          SmallVector<ReassociationIndices>{{0, 1}, {2}});
      Value init =
          linalg::FillOp::create(
              rewriter, loc, first.zero,
              tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{rows, n},
                                      rhsType.getElementType())
                  .getResult())
              .getResult(0);
      Value product =
          linalg::MatmulOp::create(rewriter, loc, ValueRange{lhs, first.rhs},
                                   ValueRange{init})
              .getResult(0);
      auto expandedType = RankedTensorType::get(
          {sourceType.getDimSize(0), sourceType.getDimSize(1), n}, f);
      Value expanded = tensor::ExpandShapeOp::create(
          rewriter, loc, expandedType, product,
          SmallVector<ReassociationIndices>{{0, 1}, {2}});
      for (SliceProduct &p : products) {
        rewriter.setInsertionPoint(p.matmul);
        SmallVector<OpFoldResult> offsets(3, rewriter.getIndexAttr(0));
        offsets[p.dim] = rewriter.getIndexAttr(p.index);
        SmallVector<OpFoldResult> sizes = {
            rewriter.getIndexAttr(expandedType.getDimSize(0)),
            rewriter.getIndexAttr(expandedType.getDimSize(1)),
            rewriter.getIndexAttr(n)};
        sizes[p.dim] = rewriter.getIndexAttr(1);
        SmallVector<OpFoldResult> strides(3, rewriter.getIndexAttr(1));
        Value rowsOfStep = tensor::ExtractSliceOp::create(
            rewriter, p.matmul.getLoc(), expanded, offsets, sizes, strides);
        SmallVector<ReassociationIndices> merge =
            p.dim == 0 ? SmallVector<ReassociationIndices>{{0, 1}, {2}}
                       : SmallVector<ReassociationIndices>{{0}, {1, 2}};
        rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
            p.matmul, p.matmul.getResultTypes()[0], rowsOfStep, merge);
      }
    }
  }
};

} // namespace
