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
// Rows of matrices going through two or more matmuls (dense layers, with
// their bias, activations and a softmax) get the same two loops, the
// forall's tasks taking blocks of rows: op by op, each matmul is spread
// over the threads by columns and ends in a barrier; by rows, a thread
// runs its rows through every layer without waiting for the other.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/CSE.h"
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
/// Also the most that one task's rows of a row chain may take.
constexpr int64_t kImageBytes = 2 << 20;

/// A row chain's tasks take at least this many rows each: the matmuls of
/// a task read all of their B for these rows (a 32-row task of MLP b64
/// runs at the speed of the whole batch per row on one thread).
constexpr int64_t kTaskRows = 32;

/// ... or this many, in two tasks, when all of B fits in a core's L2 with
/// room to spare (kCachedWeightBytes), so that it is read from there (a
/// recurrence's W_h, read at every step; RNN b16): a register tile's rows.
constexpr int64_t kCachedTaskRows = 8;
constexpr int64_t kCachedWeightBytes = 512 << 10;

/// A row chain goes to tasks of rows up to this many rows: from 128 rows
/// its matmuls read B from a packed copy, which each task would make
/// again (MLP 784-512-512-10 at batch 128, 4 tasks of 32 rows: 0.99x the
/// time at 2 threads; larger batches not measured).
constexpr int64_t kMaxChainRows = 128;

/// The most bytes of B a row chain's matmuls may read: each task reads
/// all of them, where op by op each thread reads its columns' share
/// (MLP b64: 2.7 MB).
constexpr int64_t kChainWeightBytes = 8 << 20;

/// The chains this pass builds: over the images of NHWC tensors, or over
/// the rows of matrices (and of their one-value-per-row vectors).
enum class ChainKind { None, Images, Rows };

/// The kind of chain a value of a static tensor type may be part of
/// (4-D: images, 1-D or 2-D: rows).
ChainKind kindOf(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return ChainKind::None;
  if (type.getRank() == 4)
    return ChainKind::Images;
  if (type.getRank() == 1 || type.getRank() == 2)
    return ChainKind::Rows;
  return ChainKind::None;
}

/// The batch size (images or rows) of a value of a tensor type that can
/// be part of a chain, or 0.
int64_t batchOf(Value value) {
  if (kindOf(value) == ChainKind::None)
    return 0;
  return cast<RankedTensorType>(value.getType()).getDimSize(0);
}

/// Whether `value` can be part of a chain of kind `kind` over a batch of
/// `batch`.
bool inBatch(Value value, ChainKind kind, int64_t batch) {
  return kindOf(value) == kind && batchOf(value) == batch;
}

/// Whether `a` and `b` can be part of the same chain.
bool sameBatch(Value a, Value b) { return inBatch(b, kindOf(a), batchOf(a)); }

/// Whether `op` is a linalg op on tensors whose loop 0 is parallel and is
/// dimension 0 of its inits and of every other operand that has the batch
/// (of kind `kind` and size `batch`), and no other operand depends on it.
bool isBatchLinalgOp(linalg::LinalgOp op, int64_t batch, ChainKind kind) {
  if (!op.hasPureTensorSemantics() || op.getNumLoops() == 0 ||
      op.getIteratorTypesArray()[0] != utils::IteratorType::parallel)
    return false;
  AffineExpr d0 = getAffineDimExpr(0, op->getContext());
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    bool hasBatch = map.getNumResults() > 0 && map.getResult(0) == d0;
    if (hasBatch ? !inBatch(operand.get(), kind, batch)
                 : op.isDpsInit(&operand) || map.isFunctionOfDim(0))
      return false;
  }
  return true;
}

/// Whether image n of `op`'s result depends only on image n of its
/// operands of batch `batch` (and on operands without images: filters,
/// biases, scalars): NHWC convolutions (depthwise too) and pools,
/// elementwise generics over the image dimension, pads that do not pad
/// it, and fills.
bool isImageOp(Operation *op, int64_t batch) {
  if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp,
          linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp, linalg::FillOp>(
          op))
    return cast<linalg::LinalgOp>(op).hasPureTensorSemantics();
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    std::optional<int64_t> low = getConstantIntValue(pad.getMixedLowPad()[0]);
    std::optional<int64_t> high = getConstantIntValue(pad.getMixedHighPad()[0]);
    return low == 0 && high == 0 &&
           inBatch(pad.getSource(), ChainKind::Images, batch);
  }
  auto generic = dyn_cast<linalg::GenericOp>(op);
  return generic && generic.getNumParallelLoops() == generic.getNumLoops() &&
         llvm::all_of(
             generic.getIndexingMapsArray(),
             [](AffineMap map) { return map.isProjectedPermutation(); }) &&
         isBatchLinalgOp(generic, batch, ChainKind::Images);
}

/// Whether row m of `op`'s result depends only on row m of its operands
/// of `rows` rows (and on operands without rows: weights, biases,
/// scalars): matmuls by their A, elementwise and broadcasting generics,
/// reductions along the columns (softmax), fills.
bool isRowOp(Operation *op, int64_t rows) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp &&
         isa<linalg::MatmulOp, linalg::GenericOp, linalg::ReduceOp,
             linalg::FillOp>(op) &&
         isBatchLinalgOp(linalgOp, rows, ChainKind::Rows);
}

/// Whether `op` can be part of a chain over the batch of its result.
bool isChainOp(Operation *op) {
  if (op->getNumResults() != 1)
    return false;
  int64_t batch = batchOf(op->getResult(0));
  if (batch < 2)
    return false;
  switch (kindOf(op->getResult(0))) {
  case ChainKind::Images:
    return isImageOp(op, batch);
  case ChainKind::Rows:
    return isRowOp(op, batch);
  case ChainKind::None:
    return false;
  }
  llvm_unreachable("unknown chain kind");
}

/// The runtime's thread count (Runtime.c), linked into every model.
constexpr llvm::StringLiteral kNumThreadsFunction = "tfs_model_get_num_threads";

/// Bytes of `batch` images (or rows) of `value`.
int64_t batchBytes(Value value, int64_t batch) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.getNumElements() / type.getDimSize(0) * batch *
         type.getElementTypeBitWidth() / 8;
}

/// Tiles `root` by `tile` images (or rows) with loops of `type`, fusing
/// the ops of `chain` into them. Returns the loop, or null after
/// reporting an error.
Operation *tileByBatch(RewriterBase &rewriter, Operation *root,
                       const llvm::SetVector<Operation *> &chain, int64_t tile,
                       scf::SCFTilingOptions::LoopType type) {
  size_t rank = cast<TilingInterface>(root).getLoopIteratorTypes().size();
  SmallVector<OpFoldResult> tiles(rank, rewriter.getIndexAttr(0));
  tiles[0] = rewriter.getIndexAttr(tile);
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
    root->emitError("tfs-fuse-image-chains: could not tile by the batch");
    return nullptr;
  }
  rewriter.replaceOp(root, result->replacements.lookup(root->getResult(0)));
  return result->loops.front();
}

/// Replaces the chain ending at `root` by two loops over its batch (of N
/// images or rows), of which one runs all of it and the other none, as
/// chosen at run time by the number of threads T:
/// - an scf.forall (marked kTaskLoopAttr) whose P = N / `taskSize` tasks
///   each compute the chain for `taskSize` images or rows, on one thread,
///   when T >= 2 divides P (each thread takes P / T tasks, whose
///   intermediates stay in its own L2: image filter b8 on 2 threads 17.2
///   -> 16.4 ms; MLP b64 in two tasks of 32 rows, no barrier between its
///   layers: 247 -> 223 us in one of the machine's slow phases, 0.99x in
///   a fast one);
/// - otherwise an scf.for computing `serialSize` images (one after the
///   other) or rows (all at once), each op spread over the threads as
///   usual (on more threads than tasks, or T = 1, where this loop was the
///   faster for images: 31.7 vs 32.5 ms).
/// The forall covers [0, K) and the loop [K, N), K = N or 0, one after the
/// other on the same destination (an scf.if choosing between them would
/// yield a new buffer for the batch and copy into it).
LogicalResult buildLoops(IRRewriter &rewriter, Operation *root,
                         llvm::SetVector<Operation *> &chain, int64_t taskSize,
                         int64_t serialSize) {
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
  auto tasks = dyn_cast_or_null<scf::ForallOp>(
      tileByBatch(rewriter, copyRoot, copy, taskSize,
                  scf::SCFTilingOptions::LoopType::ForallOp));
  auto serial = dyn_cast_or_null<scf::ForOp>(
      tileByBatch(rewriter, root, chain, serialSize,
                  scf::SCFTilingOptions::LoopType::ForOp));
  if (!tasks || !serial)
    return failure();
  tasks->setAttr(kTaskLoopAttr, rewriter.getUnitAttr());
  serial->setAttr(kImageLoopAttr, rewriter.getUnitAttr());
  // A loop over the whole batch at once runs for iteration 0 or not at
  // all: the slices its ops read are the whole tensors (constant offsets;
  // with the induction variable's, RNN b16 took 1.01x the time at 1
  // thread). The insertion of its result into the loop's destination
  // keeps it, so that bufferization sees the result computed in place.
  if (serialSize == batch) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(serial.getBody());
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    rewriter.replaceUsesWithIf(
        serial.getInductionVar(), zero, [&](OpOperand &use) {
          auto insert = dyn_cast<tensor::InsertSliceOp>(use.getOwner());
          return !insert || !llvm::is_contained(serial.getRegionIterArgs(),
                                                insert.getDest());
        });
  }

  // K = T >= 2 && P % T == 0 ? N : 0, T = tfs_model_get_num_threads()
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
  Value rest = arith::RemSIOp::create(rewriter, loc, constant(batch / taskSize),
                                      threads);
  Value divides = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                        rest, constant(0));
  Value useTasks = arith::AndIOp::create(rewriter, loc, several, divides);
  Value split = arith::SelectOp::create(
      rewriter, loc, useTasks,
      arith::ConstantIndexOp::create(rewriter, loc, batch),
      arith::ConstantIndexOp::create(rewriter, loc, 0));
  rewriter.modifyOpInPlace(tasks, [&] {
    tasks.getDynamicUpperBoundMutable().assign(split);
    tasks.setStaticUpperBound({ShapedType::kDynamic});
  });
  rewriter.modifyOpInPlace(serial, [&] {
    serial.setLowerBound(split);
    serial.getInitArgsMutable()[0].assign(tasks.getResult(0));
  });
  return success();
}

/// What the matmuls of a row chain compute and read.
struct ChainMatmuls {
  int64_t count = 0;
  double flops = 0;
  /// Bytes of their B, each distinct B once (a recurrence's steps share
  /// W_h).
  int64_t weightBytes = 0;
};

ChainMatmuls matmulsOf(const llvm::SetVector<Operation *> &chain) {
  ChainMatmuls result;
  llvm::SmallPtrSet<Value, 4> weights;
  for (Operation *op : chain)
    if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
      ++result.count;
      auto a = cast<RankedTensorType>(matmul.getInputs()[0].getType());
      auto b = cast<RankedTensorType>(matmul.getInputs()[1].getType());
      result.flops += 2.0 * a.getNumElements() * b.getDimSize(1);
      if (weights.insert(matmul.getInputs()[1]).second)
        result.weightBytes +=
            b.getNumElements() * b.getElementTypeBitWidth() / 8;
    }
  return result;
}

/// The rows per task of a row chain of `rows` rows whose matmuls read
/// `weightBytes` of B: the most tasks (8, 4 or 2) of at least kTaskRows
/// rows each, or two tasks of at least kCachedTaskRows for a B that stays
/// in the L2; 0 if none fits (the chain stays op by op).
int64_t rowTaskSize(int64_t rows, int64_t weightBytes) {
  if (rows > kMaxChainRows || rows % 2)
    return 0;
  for (int64_t tasks : {8, 4, 2})
    if (rows % tasks == 0 && rows / tasks >= kTaskRows)
      return rows / tasks;
  if (weightBytes <= kCachedWeightBytes && rows / 2 >= kCachedTaskRows)
    return rows / 2;
  return 0;
}

struct FuseImageChainsPass
    : public tfs::impl::FuseImageChainsPassBase<FuseImageChainsPass> {
  void runOnOperation() override {
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>()))
      if (!func.isExternal() && failed(fuseChains(func)))
        return signalPassFailure();
  }

  LogicalResult fuseChains(func::FuncOp func) {
    // The ops that can move into a loop over a batch: chain ops whose
    // results either only chain ops of the same kind and batch use, or
    // none (the ends of chains). Fills may have any users: they are cheap
    // to repeat per image (or block of rows) for each.
    llvm::SetVector<Operation *> members;
    func.walk([&](Operation *op) {
      if (isChainOp(op))
        members.insert(op);
    });
    for (bool changed = true; changed;) {
      changed = false;
      for (Operation *op : llvm::to_vector(members)) {
        if (isa<linalg::FillOp>(op))
          continue;
        auto isMember = [&](Operation *user) {
          return members.contains(user) &&
                 sameBatch(op->getResult(0), user->getResult(0));
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
    bool built = false;
    for (Operation *root : roots) {
      // The chain: the root and the members it reaches through operands.
      // Members of another batch (a matmul's B computed by ops over its
      // own rows) stay out: they are not cut by this batch.
      llvm::SetVector<Operation *> chain;
      chain.insert(root);
      for (size_t i = 0; i < chain.size(); ++i)
        for (Value operand : chain[i]->getOperands())
          if (Operation *def = operand.getDefiningOp())
            if (members.contains(def) && sameBatch(root->getResult(0), operand))
              chain.insert(def);
      // An op that another chain also uses would be computed by both
      // loops: such chains stay as they are.
      bool shared = llvm::any_of(chain, [&](Operation *op) {
        return op != root && !isa<linalg::FillOp>(op) &&
               llvm::any_of(op->getUsers(), [&](Operation *user) {
                 return !chain.contains(user);
               });
      });
      if (shared || llvm::any_of(chain, [&](Operation *op) {
            return op->getBlock() != root->getBlock();
          }))
        continue;
      bool images = kindOf(root->getResult(0)) == ChainKind::Images;
      int64_t batch = batchOf(root->getResult(0));
      int64_t taskSize = 1;
      if (images) {
        if (llvm::count_if(chain, [](Operation *op) {
              return isa<linalg::Conv2DNhwcHwcfOp,
                         linalg::DepthwiseConv2DNhwcHwcOp>(op);
            }) < 2)
          continue;
      } else {
        // At least two matmuls (one parallel region instead of one per
        // matmul, each ending in a barrier), worth threads, whose B are
        // not too large to read once per task.
        ChainMatmuls matmuls = matmulsOf(chain);
        if (matmuls.count < 2 || matmuls.flops < kParallelFlops ||
            matmuls.weightBytes > kChainWeightBytes)
          continue;
        taskSize = rowTaskSize(batch, matmuls.weightBytes);
        if (!taskSize)
          continue;
      }
      // What a task's intermediates take in memory: images, those read
      // by pads, pools and convolutions (a conv's elementwise epilogue is
      // computed on its accumulators and its zeros in registers, see
      // tfs-tile-conv-matmul); rows, all of them.
      int64_t bytes = 0, largest = 0;
      for (Operation *op : chain)
        if (op != root && !isa<linalg::FillOp>(op) &&
            (!images || llvm::any_of(op->getUsers(), [](Operation *user) {
              return !isa<linalg::GenericOp>(user);
            }))) {
          int64_t opBytes = batchBytes(op->getResult(0), taskSize);
          bytes += opBytes;
          largest = std::max(largest, opBytes);
        }
      // The tasks of the forall keep each intermediate on their stack.
      if (bytes > kImageBytes || largest > kTaskStackBytes)
        continue;
      if (failed(
              buildLoops(rewriter, root, chain, taskSize, images ? 1 : batch)))
        return failure();
      built = true;
    }

    // One image's empty tensors instead of slices of the batch's, and no
    // guards for empty slices of the pads (the image slices are never
    // empty: their conditions fold to false).
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorEmptyPatterns(patterns);
    scf::IfOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return failure();
    // Tile-and-fuse fused a producer read by two ops of the chain (a
    // softmax's logits, its exponentials) once for each: the copies are
    // the same ops on the same slices.
    if (built) {
      DominanceInfo dominance(func);
      eliminateCommonSubExpressions(rewriter, dominance, func);
    }
    return success();
  }
};

} // namespace
