//===- FuseImageChains.cpp - chains of convolutions image by image --------===//
//
// This file implements tfs-fuse-image-chains. A batch of images going
// through two or more convolutions (with their pads, bias, activations and
// pools between them) is computed op by op over the whole batch: each
// intermediate is written for all images before the next op reads it back,
// and for a batch of any size that is more than the L2 holds (image filter
// b8: 4 MiB per intermediate). Such a chain becomes loops over the
// images whose bodies compute the whole chain for one image, so that an
// image's intermediates stay in the cache between the ops (and take one
// image's bytes of memory instead of a batch's): a forall whose tasks
// take whole images, or a sequential loop whose ops are threaded within
// the image, chosen at run time by the number of threads.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
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
/// biases, scalars): NHWC convolutions (depthwise too) and pools,
/// elementwise generics over the image dimension, pads that do not pad
/// it, and fills.
bool isImageOp(Operation *op, int64_t batch) {
  if (op->getNumResults() != 1 || batchOf(op->getResult(0)) != batch)
    return false;
  if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp,
          linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp, linalg::FillOp>(
          op))
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

/// The runtime's thread count (Runtime.c), linked into every model.
constexpr llvm::StringLiteral kNumThreadsFunction = "tfs_model_get_num_threads";

/// Bytes of one image of `value`.
int64_t imageBytes(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.getNumElements() / type.getDimSize(0) *
         type.getElementTypeBitWidth() / 8;
}

/// Tiles `root` by images with loops of `type`, fusing the ops of `chain`
/// into them. Returns the loop, or null after reporting an error.
Operation *tileByImages(RewriterBase &rewriter, Operation *root,
                        const llvm::SetVector<Operation *> &chain,
                        scf::SCFTilingOptions::LoopType type) {
  size_t rank = cast<TilingInterface>(root).getLoopIteratorTypes().size();
  SmallVector<OpFoldResult> tiles(rank, rewriter.getIndexAttr(0));
  tiles[0] = rewriter.getIndexAttr(1);
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(tiles).setLoopType(type);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
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
    return nullptr;
  }
  rewriter.replaceOp(root, result->replacements.lookup(root->getResult(0)));
  return result->loops.front();
}

/// Replaces the chain ending at `root` by two loops over its images, of
/// which one runs all of them and the other none, as chosen at run time
/// by the number of threads T:
/// - an scf.forall whose tasks each compute the chain for one image, on
///   one thread, when T >= 2 divides the batch (each thread takes N / T
///   whole images, which stay in its own L2: image filter b8 on 2
///   threads 17.2 -> 16.4 ms);
/// - otherwise an scf.for computing one image after the other, each op of
///   an image spread over the threads as usual (on more threads than
///   images, or T = 1, where this loop was the faster: 31.7 vs 32.5 ms).
/// The forall covers images [0, K) and the loop [K, N), K = N or 0, one
/// after the other on the same destination (an scf.if choosing between
/// them would yield a new buffer for the batch and copy into it).
LogicalResult buildLoops(IRRewriter &rewriter, Operation *root,
                         llvm::SetVector<Operation *> &chain) {
  // A copy of the chain for the forall, before the root.
  llvm::SmallVector<Operation *> ordered(chain.begin(), chain.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  IRMapping mapping;
  llvm::SetVector<Operation *> copy;
  rewriter.setInsertionPoint(root);
  for (Operation *op : ordered)
    copy.insert(rewriter.clone(*op, mapping));
  Operation *copyRoot = mapping.lookup(root);

  Location loc = root->getLoc();
  int64_t batch = batchOf(root->getResult(0));
  auto module = root->getParentOfType<ModuleOp>();
  auto tasks = dyn_cast_or_null<scf::ForallOp>(tileByImages(
      rewriter, copyRoot, copy, scf::SCFTilingOptions::LoopType::ForallOp));
  auto serial = dyn_cast_or_null<scf::ForOp>(tileByImages(
      rewriter, root, chain, scf::SCFTilingOptions::LoopType::ForOp));
  if (!tasks || !serial)
    return failure();
  serial->setAttr(kImageLoopAttr, rewriter.getUnitAttr());

  // K = T >= 2 && N % T == 0 ? N : 0, T = tfs_model_get_num_threads()
  // (the runtime's).
  auto threadsType = rewriter.getFunctionType({}, rewriter.getI32Type());
  if (!module.lookupSymbol<func::FuncOp>(kNumThreadsFunction)) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    func::FuncOp::create(rewriter, loc, kNumThreadsFunction, threadsType)
        .setPrivate();
  }
  rewriter.setInsertionPoint(tasks);
  Value threads = func::CallOp::create(rewriter, loc, kNumThreadsFunction,
                                       rewriter.getI32Type(), ValueRange{})
                      .getResult(0);
  auto constant = [&](int64_t v) -> Value {
    return arith::ConstantIntOp::create(rewriter, loc, v, 32);
  };
  Value several = arith::CmpIOp::create(
      rewriter, loc, arith::CmpIPredicate::sge, threads, constant(2));
  Value rest = arith::RemSIOp::create(rewriter, loc, constant(batch), threads);
  Value divides = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                        rest, constant(0));
  Value useTasks = arith::AndIOp::create(rewriter, loc, several, divides);
  Value images = arith::SelectOp::create(
      rewriter, loc, useTasks,
      arith::ConstantIndexOp::create(rewriter, loc, batch),
      arith::ConstantIndexOp::create(rewriter, loc, 0));
  rewriter.modifyOpInPlace(tasks, [&] {
    tasks.getDynamicUpperBoundMutable().assign(images);
    tasks.setStaticUpperBound({ShapedType::kDynamic});
  });
  rewriter.modifyOpInPlace(serial, [&] {
    serial.setLowerBound(images);
    serial.getInitArgsMutable()[0].assign(tasks.getResult(0));
  });
  return success();
}

struct FuseImageChainsPass
    : public tfs::impl::FuseImageChainsPassBase<FuseImageChainsPass> {
  void runOnOperation() override {
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>()))
      if (!func.isExternal() && failed(fuseChains(func)))
        return signalPassFailure();
  }

  LogicalResult fuseChains(func::FuncOp func) {
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
        return isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(
            op);
      });
      // The intermediates that go to memory: those read by pads, pools
      // and convolutions (a conv's elementwise epilogue is computed on
      // its accumulators and its zeros in registers, see
      // tfs-tile-conv-matmul).
      int64_t bytes = 0, largest = 0;
      for (Operation *op : chain)
        if (op != root && !isa<linalg::FillOp>(op) &&
            llvm::any_of(op->getUsers(), [](Operation *user) {
              return !isa<linalg::GenericOp>(user);
            })) {
          bytes += imageBytes(op->getResult(0));
          largest = std::max(largest, imageBytes(op->getResult(0)));
        }
      // The tasks of the forall keep each intermediate on their stack.
      if (shared || convs < 2 || bytes > kImageBytes ||
          largest > kTaskStackBytes)
        continue;

      if (llvm::any_of(chain, [&](Operation *op) {
            return op->getBlock() != root->getBlock();
          }))
        continue;
      if (failed(buildLoops(rewriter, root, chain)))
        return failure();
    }

    // One image's empty tensors instead of slices of the batch's, and no
    // guards for empty slices of the pads (the image slices are never
    // empty: their conditions fold to false).
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorEmptyPatterns(patterns);
    scf::IfOp::getCanonicalizationPatterns(patterns, &getContext());
    return applyPatternsGreedily(func, std::move(patterns));
  }
};

} // namespace
