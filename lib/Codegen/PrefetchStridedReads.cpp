//===- PrefetchStridedReads.cpp - software prefetch of strided rows -------===//
//
// This file implements tfs-prefetch-strided-reads: in innermost loops, a
// vector read whose address advances by a large stride each iteration (a
// row of B in a matmul's k loop) gets a prefetch of the row it will read
// some iterations ahead. Hardware prefetchers follow such strides poorly:
// the L2 streamer stops at each 4 KiB page, which a 2 KiB stride leaves
// every two rows.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_PREFETCHSTRIDEDREADSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// How much `index` grows when the induction variable `iv` grows by
/// `step`: `index` is `iv` itself, an affine.apply linear in it, or
/// defined outside `loop` (0). Fails on anything else.
FailureOr<int64_t> indexDelta(Value index, Value iv, int64_t step,
                              scf::ForOp loop) {
  if (index == iv)
    return step;
  if (loop.isDefinedOutsideOfLoop(index))
    return 0;
  auto apply = index.getDefiningOp<affine::AffineApplyOp>();
  if (!apply)
    return failure();
  AffineMap map = apply.getAffineMap();
  unsigned dims = map.getNumDims();
  AffineExpr expr = map.getResult(0), shifted = expr;
  for (auto [position, operand] : llvm::enumerate(apply.getMapOperands())) {
    if (operand == iv) {
      AffineExpr variable =
          position < dims
              ? getAffineDimExpr(position, map.getContext())
              : getAffineSymbolExpr(position - dims, map.getContext());
      shifted = shifted.replace(variable, variable + step);
      continue;
    }
    // Other operands must not change from one iteration to the next.
    if (!loop.isDefinedOutsideOfLoop(operand))
      return failure();
  }
  auto delta = dyn_cast<AffineConstantExpr>(
      simplifyAffineExpr(shifted - expr, dims, map.getNumSymbols()));
  if (!delta)
    return failure();
  return delta.getValue();
}

struct PrefetchStridedReadsPass
    : public tfs::impl::PrefetchStridedReadsPassBase<PrefetchStridedReadsPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation().walk([&](scf::ForOp loop) { prefetch(loop); });
  }

  void prefetch(scf::ForOp loop) {
    bool innermost = true;
    loop.getBody()->walk([&](LoopLikeOpInterface) { innermost = false; });
    std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (!innermost || !lower || !upper || !step || *step <= 0 ||
        *upper <= *lower)
      return;
    // A register tile that fills the vector registers (a convolution's 14
    // pixels x 2 vectors: 28 accumulators, 2 filter vectors and a
    // broadcast of 32 registers): with a prefetch's address to compute as
    // well, LLVM moved the accumulators from register to register (36
    // vmovaps and 3 spills an iteration; 3x3 512 -> 512 on 14 x 14 took
    // 1.13x the time). Three quarters of the registers (32 of vector-bits
    // on AVX-512, 16 below) may accumulate.
    int64_t carriedBits = 0;
    for (BlockArgument arg : loop.getRegionIterArgs())
      if (auto vector = dyn_cast<VectorType>(arg.getType());
          vector && vector.getElementType().isIntOrFloat())
        carriedBits += vector.getNumElements() *
                       vector.getElementType().getIntOrFloatBitWidth();
    int64_t registers = vectorBits >= 512 ? 32 : 16;
    if (carriedBits > registers * 3 / 4 * vectorBits)
      return;
    Value iv = loop.getInductionVar();
    // The iteration `distance` ahead, never past the last one (whose
    // addresses are in bounds: the loop reads them).
    int64_t last = *lower + (*upper - *lower - 1) / *step * *step;
    Value ahead;
    for (Operation &op : llvm::make_early_inc_range(*loop.getBody())) {
      auto read = dyn_cast<vector::TransferReadOp>(op);
      if (!read || read.getVectorType().getRank() != 1 ||
          !read.getPermutationMap().isMinorIdentity() || read.getMask() ||
          !read.getInBoundsValues()[0])
        continue;
      auto type = dyn_cast<MemRefType>(read.getBase().getType());
      SmallVector<int64_t> strides;
      int64_t offset;
      if (!type || failed(type.getStridesAndOffset(strides, offset)) ||
          strides.back() != 1 || !type.getElementType().isIntOrFloat())
        continue;
      int64_t bytes = 0;
      bool affine = true;
      for (auto [index, stride] : llvm::zip(read.getIndices(), strides)) {
        FailureOr<int64_t> delta = indexDelta(index, iv, *step, loop);
        if (failed(delta) || (*delta && ShapedType::isDynamic(stride))) {
          affine = false;
          break;
        }
        bytes += *delta * stride;
      }
      int64_t elementBytes = type.getElementTypeBitWidth() / 8;
      bytes *= elementBytes;
      int64_t readBytes = read.getVectorType().getNumElements() * elementBytes;
      if (!affine || std::abs(bytes) < minStrideBytes || elementBytes == 0 ||
          readBytes > maxReadBytes)
        continue;
      // Only buffers too large to stay in cache from one call to the next.
      int64_t span = 1;
      for (auto [size, stride] : llvm::zip(type.getShape(), strides)) {
        if (ShapedType::isDynamic(size) || ShapedType::isDynamic(stride)) {
          span = 0;
          break;
        }
        span += (size - 1) * stride;
      }
      if (span * elementBytes < minBytes)
        continue;

      OpBuilder b(read);
      Location loc = read.getLoc();
      // Constants go before the loop.
      auto constant = [&](int64_t value) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(loop);
        return arith::ConstantIndexOp::create(b, loc, value);
      };
      if (!ahead) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(loop.getBody());
        Value next =
            arith::AddIOp::create(b, loc, iv, constant(distance * *step));
        ahead = arith::MinSIOp::create(b, loc, next, constant(last));
      }
      SmallVector<Value> indices;
      for (Value index : read.getIndices()) {
        auto apply = index.getDefiningOp<affine::AffineApplyOp>();
        if (index == iv) {
          indices.push_back(ahead);
        } else if (apply && llvm::is_contained(apply.getMapOperands(), iv)) {
          SmallVector<Value> operands(apply.getMapOperands());
          llvm::replace(operands, iv, ahead);
          indices.push_back(affine::AffineApplyOp::create(
              b, loc, apply.getAffineMap(), operands));
        } else {
          indices.push_back(index);
        }
      }
      // One prefetch per cache line the vector covers.
      int64_t lineElements = std::max<int64_t>(64 / elementBytes, 1);
      int64_t length = read.getVectorType().getNumElements();
      Value column = indices.back();
      for (int64_t start = 0; start < length; start += lineElements) {
        indices.back() =
            start ? arith::AddIOp::create(b, loc, column, constant(start))
                        .getResult()
                  : column;
        memref::PrefetchOp::create(b, loc, read.getBase(), indices,
                                   /*isWrite=*/false, /*localityHint=*/3,
                                   /*isDataCache=*/true);
      }
    }
  }
};

} // namespace
