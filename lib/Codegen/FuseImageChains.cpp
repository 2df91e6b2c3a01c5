//===- FuseImageChains.cpp - chains of convolutions image by image --------===//
//
// This file implements tfs-fuse-image-chains. A batch of images going
// through two or more convolutions (with their pads, bias, activations and
// pools between them) is computed op by op over the whole batch: each
// intermediate is written for all images before the next op reads it back,
// and for a batch of any size that is more than the L2 holds (image filter
// b8: 4 MiB per intermediate). Such a chain becomes one loop over the
// images whose body computes the whole chain for one image, so that an
// image's intermediates stay in the cache between the ops (and take one
// image's bytes of workspace instead of a batch's).
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_FUSEIMAGECHAINSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using namespace mlir::tfs;

namespace {

/// The most bytes one image's intermediates may take: about a core's L2
/// (2 MiB on this project's reference Xeon). Image filter: 1.7 MiB (the
/// first conv's padded input, its result and the second's padded input).
constexpr int64_t kImageBytes = 2 << 20;

/// The batch size of a value of a 4-D static tensor type, or 0.
int64_t batchOf(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 4 || !type.hasStaticShape())
    return 0;
  return type.getDimSize(0);
}

/// Whether image n of `op`'s result depends only on image n of its
/// operands of batch `batch` (and on operands without images: filters,
/// biases, scalars): NHWC convolutions and pools, elementwise generics
/// over the image dimension, pads that do not pad it, and fills.
bool isImageOp(Operation *op, int64_t batch) {
  if (op->getNumResults() != 1 || batchOf(op->getResult(0)) != batch)
    return false;
  if (isa<linalg::Conv2DNhwcHwcfOp, linalg::PoolingNhwcMaxOp,
          linalg::PoolingNhwcSumOp, linalg::FillOp>(op))
    return cast<linalg::LinalgOp>(op).hasPureTensorSemantics();
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    std::optional<int64_t> low = getConstantIntValue(pad.getMixedLowPad()[0]);
    std::optional<int64_t> high = getConstantIntValue(pad.getMixedHighPad()[0]);
    return low == 0 && high == 0 && batchOf(pad.getSource()) == batch;
  }
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return false;
  // The image dimension is loop 0 in every operand that has images, and
  // no other operand depends on it.
  for (OpOperand &operand : generic->getOpOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(&operand);
    if (!map.isProjectedPermutation())
      return false;
    bool hasImages = map.getNumResults() == 4 &&
                     map.getResult(0) == getAffineDimExpr(0, op->getContext());
    if (hasImages ? batchOf(operand.get()) != batch : map.isFunctionOfDim(0))
      return false;
  }
  return true;
}

/// Bytes of one image of `value`.
int64_t imageBytes(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.getNumElements() / type.getDimSize(0) *
         type.getElementTypeBitWidth() / 8;
}

struct FuseImageChainsPass
    : public tfs::impl::FuseImageChainsPassBase<FuseImageChainsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // The ops that can move into a loop over images: image ops whose
    // results either only image ops of the same batch use, or none (the
    // ends of chains). Fills may have any users: they are cheap to repeat
    // per image for each.
    llvm::SetVector<Operation *> members;
    func.walk([&](Operation *op) {
      int64_t batch = op->getNumResults() == 1 ? batchOf(op->getResult(0)) : 0;
      if (batch >= 2 && isImageOp(op, batch))
        members.insert(op);
    });
    for (bool changed = true; changed;) {
      changed = false;
      for (Operation *op : llvm::to_vector(members)) {
        if (isa<linalg::FillOp>(op))
          continue;
        auto isMember = [&](Operation *user) {
          return members.contains(user) &&
                 batchOf(user->getResult(0)) == batchOf(op->getResult(0));
        };
        if (llvm::any_of(op->getUsers(), isMember) &&
            !llvm::all_of(op->getUsers(), isMember)) {
          members.remove(op);
          changed = true;
        }
      }
    }

    // Each chain ends at a member no member uses (its root).
    SmallVector<Operation *> roots;
    for (Operation *op : members)
      if (!isa<linalg::FillOp, tensor::PadOp>(op) &&
          llvm::none_of(op->getUsers(), [&](Operation *user) {
            return members.contains(user);
          }))
        roots.push_back(op);

    IRRewriter rewriter(&getContext());
    for (Operation *root : roots) {
      // The chain: the root and the members it reaches through operands.
      llvm::SetVector<Operation *> chain;
      chain.insert(root);
      for (size_t i = 0; i < chain.size(); ++i)
        for (Value operand : chain[i]->getOperands())
          if (Operation *def = operand.getDefiningOp())
            if (members.contains(def))
              chain.insert(def);
      // An op that another chain also uses would be computed by both
      // loops: such chains stay as they are.
      bool shared = llvm::any_of(chain, [&](Operation *op) {
        return op != root && !isa<linalg::FillOp>(op) &&
               llvm::any_of(op->getUsers(), [&](Operation *user) {
                 return !chain.contains(user);
               });
      });
      int64_t convs = llvm::count_if(chain, [](Operation *op) {
        return isa<linalg::Conv2DNhwcHwcfOp>(op);
      });
      // The intermediates that go to memory: those read by pads, pools
      // and convolutions (a conv's elementwise epilogue is computed on
      // its accumulators and its zeros in registers, see
      // tfs-tile-conv-matmul).
      int64_t bytes = 0;
      for (Operation *op : chain)
        if (op != root && !isa<linalg::FillOp>(op) &&
            llvm::any_of(op->getUsers(), [](Operation *user) {
              return !isa<linalg::GenericOp>(user);
            }))
          bytes += imageBytes(op->getResult(0));
      if (shared || convs < 2 || bytes > kImageBytes)
        continue;

      auto rank = cast<TilingInterface>(root).getLoopIteratorTypes().size();
      SmallVector<OpFoldResult> tiles(rank, rewriter.getIndexAttr(0));
      tiles[0] = rewriter.getIndexAttr(1);
      scf::SCFTileAndFuseOptions options;
      options.tilingOptions.setTileSizes(tiles);
      options.setFusionControlFn(
          [&](tensor::ExtractSliceOp, OpResult producer, bool)
              -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
            if (!chain.contains(producer.getOwner()))
              return std::nullopt;
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
          });
      rewriter.setInsertionPoint(root);
      FailureOr<scf::SCFTileAndFuseResult> result =
          scf::tileConsumerAndFuseProducersUsingSCF(
              rewriter, cast<TilingInterface>(root), options);
      if (failed(result)) {
        root->emitError("tfs-fuse-image-chains: could not tile by images");
        return signalPassFailure();
      }
      result->loops.front()->setAttr(kImageLoopAttr, rewriter.getUnitAttr());
      rewriter.replaceOp(root, result->replacements.lookup(root->getResult(0)));
    }

    // One image's empty tensors instead of slices of the batch's, and no
    // guards for empty slices of the pads (the image slices are never
    // empty: their conditions fold to false).
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorEmptyPatterns(patterns);
    scf::IfOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
