//===- LowerStridedCopies.cpp - strided memref.copy to linalg.copy --------===//
//
// This file implements tfs-lower-strided-copies, which keeps model shared
// objects free of calls into MLIR's runner utilities (memrefCopy) and
// flattens fills of contiguous buffers.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/Builders.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_LOWERSTRIDEDCOPIESPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

bool isContiguous(Value value) {
  return memref::isStaticShapeAndContiguousRowMajor(
      cast<MemRefType>(value.getType()));
}

/// The reassociation that merges the innermost dimensions of `type` laid
/// out one after the other (the last with stride 1) into one, or an empty
/// one when fewer than two are.
SmallVector<ReassociationIndices> contiguousSuffix(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  int64_t rank = type.getRank();
  if (rank < 2 || !type.hasStaticShape() ||
      failed(type.getStridesAndOffset(strides, offset)) || strides.back() != 1)
    return {};
  int64_t first = rank - 1;
  while (first > 0 &&
         strides[first - 1] == strides[first] * type.getDimSize(first))
    --first;
  if (first == rank - 1)
    return {};
  SmallVector<ReassociationIndices> groups;
  for (int64_t dim = 0; dim < first; ++dim)
    groups.push_back({dim});
  groups.emplace_back(llvm::to_vector(llvm::seq<int64_t>(first, rank)));
  return groups;
}

struct LowerStridedCopiesPass
    : public tfs::impl::LowerStridedCopiesPassBase<LowerStridedCopiesPass> {
  void runOnOperation() override {
    getOperation().walk([](memref::CopyOp copy) {
      if (isContiguous(copy.getSource()) && isContiguous(copy.getTarget()))
        return;
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
    // Fills of contiguous buffers become 1-D: LLVM vectorized the loops of
    // a 16 x 16 x 32 fill (max pooling's -inf) across pixels, into
    // scatters of 16 floats 128 bytes apart (small CNN 77.7 -> 73.1 us).
    getOperation().walk([](linalg::FillOp fill) {
      if (!fill.hasPureBufferSemantics())
        return;
      Value target = fill.getOutputs()[0];
      auto type = cast<MemRefType>(target.getType());
      SmallVector<ReassociationIndices> groups = contiguousSuffix(type);
      if (groups.empty() ||
          !memref::CollapseShapeOp::isGuaranteedCollapsible(type, groups))
        return;
      // A view of the same buffer, not a collapse_shape: that would be
      // folded into the stores as delinearized indices, which LLVM again
      // vectorized into scatters.
      OpBuilder builder(fill);
      Location loc = fill.getLoc();
      MemRefType flatType =
          memref::CollapseShapeOp::computeCollapsedType(type, groups);
      auto [strides, offset] = flatType.getStridesAndOffset();
      auto metadata =
          memref::ExtractStridedMetadataOp::create(builder, loc, target);
      auto attrs = [&](ArrayRef<int64_t> values) {
        return llvm::to_vector(llvm::map_range(values, [&](int64_t value) {
          return OpFoldResult(builder.getIndexAttr(value));
        }));
      };
      OpFoldResult start = ShapedType::isDynamic(offset)
                               ? OpFoldResult(metadata.getOffset())
                               : OpFoldResult(builder.getIndexAttr(offset));
      Value flat = memref::ReinterpretCastOp::create(
          builder, loc, flatType, metadata.getBaseBuffer(), start,
          attrs(flatType.getShape()), attrs(strides));
      linalg::FillOp::create(builder, loc, fill.getInputs()[0], flat);
      fill.erase();
    });
  }
};

} // namespace
