//===- ParallelizeElementwise.cpp - elementwise loops across threads ------===//
//
// This file implements tfs-parallelize-elementwise: large all-parallel
// linalg.generic ops (the fused elementwise chains, bias + activation
// epilogues) are tiled with scf.forall along their first sizeable dimension,
// which the pipeline turns into OpenMP worksharing loops; constant pads of
// a batch become one task per image, with the op computing their source
// fused in.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_PARALLELIZEELEMENTWISEPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// Below this many elements a loop stays on the calling thread: forking
/// costs about a microsecond, about what 64K elements take.
constexpr int64_t kParallelElements = 1 << 16;

/// The number of tasks a parallel loop is cut into (several per core, so
/// that any thread count up to 16 divides the work evenly enough).
constexpr int64_t kTasks = 16;

struct ParallelizeElementwisePass
    : public tfs::impl::ParallelizeElementwisePassBase<
          ParallelizeElementwisePass> {
  /// Large constant pads of a batch (a SAME convolution's input, N >= 2)
  /// become one task per image: scf.forall over N, with the elementwise
  /// op computing the pad's source (bias + activation of the previous
  /// convolution) fused in, and each task's pad decomposed into a fill of
  /// its slice of the padded tensor and an insert of the interior, so that
  /// the padded batch is built in place and in parallel.
  LogicalResult parallelizePads(IRRewriter &rewriter) {
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) {
      if (pad->getParentOfType<scf::ForallOp>() ||
          pad->getParentOfType<scf::ForOp>())
        return;
      RankedTensorType type = pad.getResultType();
      auto isZero = [](OpFoldResult v) {
        std::optional<int64_t> c = getConstantIntValue(v);
        return c && *c == 0;
      };
      if (type.hasStaticShape() && type.getRank() >= 2 &&
          type.getDimSize(0) >= 2 &&
          type.getNumElements() >= kParallelElements &&
          pad.getConstantPaddingValue() && isZero(pad.getMixedLowPad()[0]) &&
          isZero(pad.getMixedHighPad()[0]))
        pads.push_back(pad);
    });
    for (tensor::PadOp pad : pads) {
      SmallVector<OpFoldResult> tileSizes(pad.getResultType().getRank(),
                                          rewriter.getIndexAttr(0));
      tileSizes[0] = rewriter.getIndexAttr(1);
      scf::SCFTilingOptions tiling;
      tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      tiling.setTileSizes(tileSizes);
      scf::SCFTileAndFuseOptions options;
      options.setTilingOptions(tiling);
      // Fuse only all-parallel generics (bias, activation), not what
      // produced them.
      options.setFusionControlFn(
          [](tensor::ExtractSliceOp, OpResult producer, bool)
              -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
            auto generic = dyn_cast<linalg::GenericOp>(producer.getOwner());
            if (!generic ||
                generic.getNumParallelLoops() != generic.getNumLoops())
              return std::nullopt;
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
          });
      rewriter.setInsertionPoint(pad);
      FailureOr<scf::SCFTileAndFuseResult> tiled =
          scf::tileConsumerAndFuseProducersUsingSCF(
              rewriter, cast<TilingInterface>(pad.getOperation()), options);
      if (failed(tiled))
        return pad.emitError("tfs-parallelize-elementwise: tiling failed");
      rewriter.replaceOp(pad, tiled->replacements.lookup(pad.getResult()));
      // Each task fills its slice and inserts the interior, in place.
      SmallVector<Operation *> tiledPads;
      for (Operation *op : tiled->tiledAndFusedOps)
        if (isa<tensor::PadOp>(op))
          tiledPads.push_back(op);
      RewritePatternSet patterns(&getContext());
      linalg::populateDecomposePadPatterns(patterns);
      if (failed(applyOpPatternsGreedily(tiledPads, std::move(patterns))))
        return pad.emitError("tfs-parallelize-elementwise: cannot decompose");
    }
    return success();
  }

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      // Elementwise generics, and the fills that contractions accumulate
      // on (zeroed by the threads that then compute on them, in the same
      // contiguous halves, so the lines are already in their caches).
      if (!isa<linalg::GenericOp, linalg::FillOp>(op.getOperation()))
        return;
      // Already inside a thread-level or tiled loop: leave it.
      if (op->getParentOfType<scf::ForallOp>() ||
          op->getParentOfType<scf::ForOp>())
        return;
      if (!op.hasPureTensorSemantics() ||
          op.getNumParallelLoops() != op.getNumLoops() || op.getNumLoops() == 0)
        return;
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      int64_t elements = 1;
      for (int64_t r : ranges) {
        if (ShapedType::isDynamic(r))
          return;
        elements *= r;
      }
      // A result that is padded next (a SAME convolution's input) is
      // better written by one loop: bufferization then writes it straight
      // into the padded buffer instead of copying a forall's result.
      bool feedsPad = llvm::any_of(op->getUsers(), [](Operation *user) {
        return isa<tensor::PadOp>(user);
      });
      if (elements >= kParallelElements && !feedsPad)
        candidates.push_back(op);
    });

    IRRewriter rewriter(&getContext());
    if (failed(parallelizePads(rewriter)))
      return signalPassFailure();
    for (linalg::LinalgOp op : candidates) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      // Cut the first dimension with room for the tasks (the outermost
      // one, for contiguous chunks per thread).
      auto it = llvm::find_if(ranges, [](int64_t r) { return r >= 2; });
      if (it == ranges.end())
        continue;
      int64_t dim = it - ranges.begin();
      SmallVector<OpFoldResult> tileSizes(ranges.size(),
                                          rewriter.getIndexAttr(0));
      tileSizes[dim] =
          rewriter.getIndexAttr(llvm::divideCeil(ranges[dim], kTasks));
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      options.setTileSizes(tileSizes);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled)) {
        op.emitError("tfs-parallelize-elementwise: tiling failed");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, tiled->replacements);
    }
  }
};

} // namespace
