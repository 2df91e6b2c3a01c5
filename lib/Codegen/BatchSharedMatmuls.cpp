//===- BatchSharedMatmuls.cpp - one matmul for slices sharing a B ---------===//
//
// This file implements tfs-batch-shared-matmuls. An unrolled recurrence
// (tf.split of the inputs over time, then x_t @ W in every step) computes
// many small products with the same B, each on one slice of the same
// tensor. They do not depend on the recurrence, so they become one matmul
// over the whole tensor, computed once before the first step (what cuDNN
// and oneDNN do with an RNN's input projection); each step reads its rows
// of the result. B is then read once instead of once per step, and the big
// product is tiled, packed and threaded like any large matmul. A product
// over concat([x_t, h]) (TF's LSTM and GRU cells) is first split into one
// product per part, so that its x_t part is batched too.
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

/// Whether `value` is one index of dimension 0 or 1 of a static 3-D tensor
/// (collapse_shape(extract_slice(X))): an input that a slice product reads
/// (see matchSliceProduct).
bool isStepSlice(Value value) {
  auto collapse = value.getDefiningOp<tensor::CollapseShapeOp>();
  auto slice = collapse
                   ? collapse.getSrc().getDefiningOp<tensor::ExtractSliceOp>()
                   : nullptr;
  return slice && slice.getSourceType().getRank() == 3 &&
         slice.getSourceType().hasStaticShape();
}

/// A matmul whose A is a concatenation along K of parts of which one is a
/// step's slice (TF's LSTM and GRU cells: concat([x_t, h]) @ W) becomes a
/// chain of matmuls accumulating one part each, C = init + sum_i A_i *
/// B[k_i : k_i + K_i], the step slices first: their products then start
/// from zeros and are batched over the steps like any slice product; the
/// concatenation is never built. B's row blocks are views, one per block
/// (`blocks`), so that the products of every step share them.
void splitConcatenatedProduct(
    IRRewriter &rewriter, linalg::MatmulOp matmul,
    llvm::DenseMap<std::tuple<Value, int64_t, int64_t>, Value> &blocks) {
  if (matmul.hasUserDefinedMaps() || !matmul.hasPureTensorSemantics())
    return;
  Value lhs = matmul.getInputs()[0], rhs = matmul.getInputs()[1];
  auto lhsType = dyn_cast<RankedTensorType>(lhs.getType());
  auto rhsType = dyn_cast<RankedTensorType>(rhs.getType());
  if (!lhsType || !rhsType || !lhsType.hasStaticShape() ||
      !rhsType.hasStaticShape())
    return;
  // The parts: insert_slices of whole rows into an empty tensor, covering
  // the K columns exactly. The insertions are left to their other users
  // (a GRU's two concatenations share their x_t insertion after CSE).
  SmallVector<std::pair<int64_t, tensor::InsertSliceOp>> parts;
  Value v = lhs;
  while (auto insert = v.getDefiningOp<tensor::InsertSliceOp>()) {
    std::optional<SmallVector<int64_t>> offsets =
        getConstantIntValues(insert.getMixedOffsets());
    std::optional<SmallVector<int64_t>> sizes =
        getConstantIntValues(insert.getMixedSizes());
    if (!offsets || !sizes || !insert.hasUnitStride() ||
        insert.getSourceType().getRank() != 2 || (*offsets)[0] != 0 ||
        (*sizes)[0] != lhsType.getDimSize(0))
      return;
    parts.push_back({(*offsets)[1], insert});
    v = insert.getDest();
  }
  if (parts.size() < 2 || !v.getDefiningOp<tensor::EmptyOp>())
    return;
  llvm::sort(parts, [](auto a, auto b) { return a.first < b.first; });
  int64_t next = 0;
  for (auto &[offset, insert] : parts) {
    if (offset != next)
      return;
    next += insert.getSourceType().getDimSize(1);
  }
  if (next != lhsType.getDimSize(1) || llvm::none_of(parts, [](auto p) {
        return isStepSlice(p.second.getSource());
      }))
    return;
  llvm::stable_sort(parts, [](auto a, auto b) {
    return isStepSlice(a.second.getSource()) &&
           !isStepSlice(b.second.getSource());
  });
  Value acc = matmul.getOutputs()[0];
  for (auto &[offset, insert] : parts) {
    int64_t k = insert.getSourceType().getDimSize(1);
    Value &block = blocks[{rhs, offset, k}];
    if (!block) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointAfterValue(rhs);
      block = tensor::ExtractSliceOp::create(
          rewriter, matmul.getLoc(), rhs,
          getAsIndexOpFoldResult(rewriter.getContext(), {offset, 0}),
          getAsIndexOpFoldResult(rewriter.getContext(),
                                 {k, rhsType.getDimSize(1)}),
          getAsIndexOpFoldResult(rewriter.getContext(), {1, 1}));
    }
    rewriter.setInsertionPoint(matmul);
    acc = linalg::MatmulOp::create(rewriter, matmul.getLoc(),
                                   ValueRange{insert.getSource(), block},
                                   ValueRange{acc})
              .getResult(0);
  }
  rewriter.replaceOp(matmul, acc);
}

struct BatchSharedMatmulsPass
    : public tfs::impl::BatchSharedMatmulsPassBase<BatchSharedMatmulsPass> {
  void runOnOperation() override {
    {
      IRRewriter rewriter(&getContext());
      llvm::DenseMap<std::tuple<Value, int64_t, int64_t>, Value> blocks;
      SmallVector<linalg::MatmulOp> matmuls;
      getOperation().walk(
          [&](linalg::MatmulOp matmul) { matmuls.push_back(matmul); });
      for (linalg::MatmulOp matmul : matmuls)
        splitConcatenatedProduct(rewriter, matmul, blocks);
    }
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
