//===- TransformOps.cpp - tfsc's transform-dialect ops --------------------===//
//
// This file implements transform.tfs.fuse_into_loop (see TransformOps.td)
// and the transform-dialect extension that registers it.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/TransformOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/TilingInterface.h"

#define GET_OP_CLASSES
#include "tfs/Codegen/TransformOps.cpp.inc"

using namespace mlir;
using namespace mlir::tfs;

namespace {

/// The ops that compute a fused slice, or none when the loop reads no
/// slice of the kind looked for.
using Fused = FailureOr<SmallVector<Operation *>>;

/// Replaces `slice` by the same slice of result `resultNumber` of
/// `producer`, computed in its place; returns the ops that compute it.
Fused replaceByTile(RewriterBase &rewriter, TilingInterface producer,
                    unsigned resultNumber, tensor::ExtractSliceOp slice) {
  FailureOr<TilingResult> tile = producer.generateResultTileValue(
      rewriter, resultNumber, slice.getMixedOffsets(), slice.getMixedSizes());
  if (failed(tile) || tile->tiledValues.empty())
    return failure();
  FailureOr<Value> value = tensor::ExtractSliceOp::rankReduceIfNeeded(
      rewriter, slice.getLoc(), tile->tiledValues.front(),
      slice.getType().getShape());
  if (failed(value))
    return failure();
  rewriter.replaceOp(slice, *value);
  return SmallVector<Operation *>(tile->tiledOps);
}

/// Fuses `producer` into the first slice of one of its results that `loop`
/// reads. Where the slice is read right inside a loop that starts from
/// one of the producer's inits, the slice is computed into that loop's
/// iteration argument instead.
Fused fuseDirectSlice(RewriterBase &rewriter, TilingInterface producer,
                      Operation *loop) {
  tensor::ExtractSliceOp slice;
  for (Operation *user : producer->getUsers()) {
    auto candidate = dyn_cast<tensor::ExtractSliceOp>(user);
    if (candidate && loop->isProperAncestor(candidate)) {
      slice = candidate;
      break;
    }
  }
  if (!slice)
    return SmallVector<Operation *>();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(slice);
  unsigned resultNumber = cast<OpResult>(slice.getSource()).getResultNumber();
  auto parentLoop = dyn_cast<LoopLikeOpInterface>(slice->getParentOp());
  if (!parentLoop)
    return replaceByTile(rewriter, producer, resultNumber, slice);
  Operation *clone = rewriter.clone(*producer);
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(clone)) {
    rewriter.modifyOpInPlace(clone, [&] {
      for (OpOperand &init : dps.getDpsInitsMutable())
        for (BlockArgument iterArg : parentLoop.getRegionIterArgs())
          if (parentLoop.getTiedLoopInit(iterArg)->get() == init.get()) {
            init.set(iterArg);
            break;
          }
    });
  }
  Fused fused = replaceByTile(rewriter, cast<TilingInterface>(clone),
                              resultNumber, slice);
  rewriter.eraseOp(clone);
  return fused;
}

/// Fuses `producer` into the first slice that `loop`, an scf.forall
/// whose shared_outs the producer initializes, reads of the corresponding
/// block argument: the slice is computed into the block argument, and
/// the loop starts from the producer's own init instead.
Fused fuseSharedOutSlice(RewriterBase &rewriter, TilingInterface producer,
                         Operation *loop) {
  auto forall = dyn_cast<scf::ForallOp>(loop);
  auto dps = dyn_cast<DestinationStyleOpInterface>(producer.getOperation());
  if (!forall || !dps)
    return SmallVector<Operation *>();
  OpOperand *use = nullptr;
  for (OpOperand &candidate : producer->getUses())
    if (candidate.getOwner() == forall) {
      use = &candidate;
      break;
    }
  if (!use)
    return SmallVector<Operation *>();
  BlockArgument arg = forall.getTiedBlockArgument(use);
  tensor::ExtractSliceOp slice;
  for (Operation *user : arg.getUsers())
    if ((slice = dyn_cast<tensor::ExtractSliceOp>(user)))
      break;
  if (!slice)
    return SmallVector<Operation *>();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(slice);
  unsigned resultNumber = cast<OpResult>(use->get()).getResultNumber();
  Value init = dps.getDpsInitOperand(resultNumber)->get();
  IRMapping mapping;
  mapping.map(init, arg);
  auto clone = cast<TilingInterface>(rewriter.clone(*producer, mapping));
  Fused fused = replaceByTile(rewriter, clone, resultNumber, slice);
  rewriter.eraseOp(clone);
  if (succeeded(fused))
    rewriter.modifyOpInPlace(forall, [&] { use->set(init); });
  return fused;
}

/// Clones `producer` right before its first reader inside `loop`, which
/// then reads the clone: for a producer read whole in the loop, or one
/// already in it (the clone takes its place there).
Fused cloneToFirstRead(RewriterBase &rewriter, Operation *producer,
                       Operation *loop) {
  OpOperand *read = nullptr;
  for (OpResult result : producer->getResults())
    for (OpOperand &use : result.getUses()) {
      // Not cloned into the loop whose operand it is.
      if (use.getOwner() == loop)
        return SmallVector<Operation *>();
      if (!read && loop->isProperAncestor(use.getOwner()))
        read = &use;
    }
  if (!read || isa<tensor::ParallelInsertSliceOp>(read->getOwner()))
    return SmallVector<Operation *>();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(read->getOwner());
  Operation *clone = rewriter.clone(*producer);
  rewriter.modifyOpInPlace(read->getOwner(), [&] {
    read->set(clone->getResult(cast<OpResult>(read->get()).getResultNumber()));
  });
  return SmallVector<Operation *>{clone};
}

/// Registers the ops of TransformOps.td with the transform dialect.
class TransformExtension
    : public transform::TransformDialectExtension<TransformExtension> {
public:
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TransformExtension)
  using Base::Base;

  void init() {
    declareGeneratedDialect<affine::AffineDialect>();
    declareGeneratedDialect<arith::ArithDialect>();
    declareGeneratedDialect<tensor::TensorDialect>();
    registerTransformOps<
#define GET_OP_LIST
#include "tfs/Codegen/TransformOps.cpp.inc"
        >();
  }
};

} // namespace

DiagnosedSilenceableFailure
FuseIntoLoopOp::apply(transform::TransformRewriter &rewriter,
                      transform::TransformResults &results,
                      transform::TransformState &state) {
  auto loops = state.getPayloadOps(getLoop());
  if (!llvm::hasSingleElement(loops))
    return emitDefiniteFailure()
           << "expects one loop, got " << llvm::range_size(loops);
  Operation *loop = *loops.begin();
  auto producers = state.getPayloadOps(getProducer());
  SetVector<Operation *> remaining(producers.begin(), producers.end());
  SmallVector<Operation *> fused;
  while (!remaining.empty()) {
    // A producer read in the loop; one read there once leaves the list.
    Operation *producer = nullptr;
    for (Operation *candidate : remaining) {
      int64_t reads = llvm::count_if(candidate->getUsers(), [&](Operation *op) {
        return loop->isAncestor(op);
      });
      if (reads == 0)
        continue;
      producer = candidate;
      if (reads == 1)
        remaining.remove(candidate);
      break;
    }
    if (!producer) {
      DiagnosedSilenceableFailure diag =
          emitSilenceableError() << "the loop reads none of the "
                                 << remaining.size() << " producers left";
      diag.attachNote(loop->getLoc()) << "loop";
      return diag;
    }
    auto tileable = dyn_cast<TilingInterface>(producer);
    Fused tiles = SmallVector<Operation *>();
    if (tileable) {
      tiles = fuseDirectSlice(rewriter, tileable, loop);
      if (succeeded(tiles) && tiles->empty())
        tiles = fuseSharedOutSlice(rewriter, tileable, loop);
    }
    if (succeeded(tiles) && tiles->empty())
      tiles = cloneToFirstRead(rewriter, producer, loop);
    if (failed(tiles) || tiles->empty()) {
      DiagnosedSilenceableFailure diag = emitSilenceableError();
      if (failed(tiles))
        diag << "could not tile " << producer->getName();
      else
        diag << "could not fuse " << producer->getName()
             << ": the loop reads no slice of it, and it cannot be cloned "
                "into the loop (it is an operand of the loop, or only a "
                "parallel_insert_slice reads it)";
      diag.attachNote(producer->getLoc()) << "producer";
      diag.attachNote(loop->getLoc()) << "loop";
      return diag;
    }
    fused.append(*tiles);
  }
  results.set(cast<OpResult>(getFused()), fused);
  results.set(cast<OpResult>(getNewLoop()), {loop});
  return DiagnosedSilenceableFailure::success();
}

void FuseIntoLoopOp::getEffects(
    SmallVectorImpl<MemoryEffects::EffectInstance> &effects) {
  transform::consumesHandle(getProducerMutable(), effects);
  transform::onlyReadsHandle(getLoopMutable(), effects);
  transform::producesHandle(getOperation()->getOpResults(), effects);
  transform::modifiesPayload(effects);
}

void mlir::tfs::registerTransformDialectExtension(DialectRegistry &registry) {
  registry.addExtensions<TransformExtension>();
}
