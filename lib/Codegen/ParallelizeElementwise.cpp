//===- ParallelizeElementwise.cpp - elementwise loops across threads ------===//
//
// This file implements tfs-parallelize-elementwise: large all-parallel
// linalg.generic ops (the fused elementwise chains, bias + activation
// epilogues) are tiled with scf.forall along their first sizeable dimension,
// which the pipeline turns into OpenMP worksharing loops; constant pads of
// a batch become one task per image, with the op computing their source
// fused in, and those of one image tasks over blocks of rows.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"
#include "tfs/Codegen/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_PARALLELIZEELEMENTWISEPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// How a tensor.pad is built: by one thread, one task per image of a batch
/// (N >= 2), or tasks over blocks of rows of one image (N = 1). Large
/// constant pads of static sizes not padding N qualify.
enum class PadKind { Serial, Batch, Image };

PadKind classify(tensor::PadOp pad) {
  if (tfs::isInTiledLoop(pad))
    return PadKind::Serial;
  // Read only by one thread's loops (a convolution too small for the
  // threads): built by that thread too. Built over the threads, its rows
  // moved between the cores' caches on every call (7x7x1024 depthwise +
  // bias + relu6: 2.9x its 1-thread time at 2 threads).
  if (!pad->use_empty() && llvm::all_of(pad->getUsers(), [](Operation *user) {
        return tfs::isInTiledLoop(user) &&
               !user->getParentOfType<scf::ForallOp>();
      }))
    return PadKind::Serial;
  RankedTensorType type = pad.getResultType();
  if (!tfs::isStaticPad(pad) || type.getRank() < 2 ||
      type.getNumElements() < tfs::kParallelElements ||
      !pad.getConstantPaddingValue() || pad.getStaticLow()[0] != 0 ||
      pad.getStaticHigh()[0] != 0)
    return PadKind::Serial;
  if (type.getDimSize(0) >= 2)
    return PadKind::Batch;
  if (type.getDimSize(1) >= 2)
    return PadKind::Image;
  return PadKind::Serial;
}

/// Fills with `pad`'s constant the elements of `block` that lie in its
/// padding, and returns the result; inserting the source's elements then
/// completes it. `block` holds the padded tensor's elements [first, first +
/// rows) in dimension 1 and all of the others. One fill per padded side of
/// each dimension, over the whole block in the other dimensions (corners
/// are filled twice): the interior is not written twice, as it was with a
/// fill of the whole block (conv 56x56x64: 861 KB of zeros a call, then
/// the copy over most of them).
Value fillBorders(OpBuilder &b, Location loc, tensor::PadOp pad, Value block,
                  Value first, int64_t rows) {
  RankedTensorType type = pad.getResultType();
  auto sourceType = cast<RankedTensorType>(pad.getSource().getType());
  int64_t rank = type.getRank();
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  // Clamped to [0, rows].
  auto clamp = [&](Value v) -> Value {
    return arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, v, index(0)), index(rows));
  };
  Value value = pad.getConstantPaddingValue();
  SmallVector<OpFoldResult> ones(rank, b.getIndexAttr(1));
  auto fill = [&](int64_t dim, OpFoldResult offset, OpFoldResult size) {
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(b.getIndexAttr(d == 1 ? rows : type.getDimSize(d)));
    offsets[dim] = offset;
    sizes[dim] = size;
    Value slab =
        tensor::ExtractSliceOp::create(b, loc, block, offsets, sizes, ones);
    Value filled = linalg::FillOp::create(b, loc, value, slab)->getResult(0);
    block = tensor::InsertSliceOp::create(b, loc, filled, block, offsets, sizes,
                                          ones);
  };
  for (int64_t d = 0; d < rank; ++d) {
    int64_t low = pad.getStaticLow()[d], high = pad.getStaticHigh()[d];
    if (d != 1) {
      if (low > 0)
        fill(d, b.getIndexAttr(0), b.getIndexAttr(low));
      if (high > 0)
        fill(d, b.getIndexAttr(low + sourceType.getDimSize(d)),
             b.getIndexAttr(high));
      continue;
    }
    // The block's rows above the source, then those below it.
    if (low > 0)
      fill(d, b.getIndexAttr(0),
           clamp(arith::SubIOp::create(b, loc, index(low), first)));
    if (high > 0) {
      Value begin = clamp(arith::SubIOp::create(
          b, loc, index(low + sourceType.getDimSize(d)), first));
      fill(d, begin,
           arith::SubIOp::create(b, loc, index(rows), begin).getResult());
    }
  }
  return block;
}

/// Replaces `pad` (tfs::isStaticPad, with a constant padding value) by its
/// borders filled in a new tensor and its source inserted.
void decomposePad(RewriterBase &rewriter, tensor::PadOp pad) {
  Location loc = pad.getLoc();
  RankedTensorType type = pad.getResultType();
  rewriter.setInsertionPoint(pad);
  Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                        type.getElementType());
  Value filled = fillBorders(rewriter, loc, pad, empty,
                             arith::ConstantIndexOp::create(rewriter, loc, 0),
                             type.getDimSize(1));
  auto sourceType = cast<RankedTensorType>(pad.getSource().getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : sourceType.getShape())
    sizes.push_back(rewriter.getIndexAttr(d));
  rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
      pad, pad.getSource(), filled, pad.getMixedLowPad(), sizes,
      SmallVector<OpFoldResult>(type.getRank(), rewriter.getIndexAttr(1)));
}

struct ParallelizeElementwisePass
    : public tfs::impl::ParallelizeElementwisePassBase<
          ParallelizeElementwisePass> {
  /// A large constant pad of one image (N = 1, static padding; a SAME
  /// convolution's input) becomes tasks over blocks of rows of the padded
  /// tensor: each fills its block and copies in the source rows that fall
  /// into it, so the padded image is built in parallel and in place (conv
  /// 56x56 on 2 threads: 0.67 -> 0.61 ms; image filter b1: 2.62 -> 2.42).
  void parallelizeImagePad(IRRewriter &rewriter, tensor::PadOp pad) {
    Location loc = pad.getLoc();
    RankedTensorType type = pad.getResultType();
    auto sourceType = cast<RankedTensorType>(pad.getSource().getType());
    int64_t rank = type.getRank(), height = type.getDimSize(1);
    int64_t low = pad.getStaticLow()[1];
    int64_t sourceHeight = sourceType.getDimSize(1);
    // Blocks of whole rows, as many as the divisor of the height nearest
    // to kParallelTasks (58 rows: 29 blocks of 2).
    int64_t tasks = 1;
    for (int64_t t = 2; t <= height; ++t)
      if (height % t == 0 && std::abs(t - tfs::kParallelTasks) <=
                                 std::abs(tasks - tfs::kParallelTasks))
        tasks = t;
    int64_t rows = height / tasks;
    rewriter.setInsertionPoint(pad);
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          type.getElementType());
    auto forall = scf::ForallOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(tasks)},
        ValueRange{empty}, std::nullopt,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          auto index = [&](int64_t v) -> Value {
            return arith::ConstantIndexOp::create(b, nloc, v);
          };
          Value first = arith::MulIOp::create(b, nloc, args[0], index(rows));
          SmallVector<OpFoldResult> blockOffsets(rank, b.getIndexAttr(0));
          blockOffsets[1] = first;
          SmallVector<OpFoldResult> blockSizes;
          for (int64_t d : type.getShape())
            blockSizes.push_back(b.getIndexAttr(d));
          blockSizes[1] = b.getIndexAttr(rows);
          SmallVector<OpFoldResult> ones(rank, b.getIndexAttr(1));
          Value block = tensor::ExtractSliceOp::create(
              b, nloc, args[1], blockOffsets, blockSizes, ones);
          Value filled = fillBorders(b, nloc, pad, block, first, rows);
          // The source rows in [first, first + rows), clamped to the
          // source: [begin, end) in padded coordinates.
          Value begin = arith::MinSIOp::create(
              b, nloc, arith::MaxSIOp::create(b, nloc, first, index(low)),
              index(low + sourceHeight));
          Value last = arith::AddIOp::create(b, nloc, first, index(rows));
          Value end = arith::MaxSIOp::create(
              b, nloc, begin,
              arith::MinSIOp::create(b, nloc, last, index(low + sourceHeight)));
          Value count = arith::SubIOp::create(b, nloc, end, begin);
          SmallVector<OpFoldResult> sourceOffsets(rank, b.getIndexAttr(0));
          sourceOffsets[1] =
              arith::SubIOp::create(b, nloc, begin, index(low)).getResult();
          SmallVector<OpFoldResult> sourceSizes;
          for (int64_t d : sourceType.getShape())
            sourceSizes.push_back(b.getIndexAttr(d));
          sourceSizes[1] = count;
          Value interior = tensor::ExtractSliceOp::create(
              b, nloc, pad.getSource(), sourceOffsets, sourceSizes, ones);
          SmallVector<OpFoldResult> insertOffsets;
          for (int64_t d = 0; d < rank; ++d)
            insertOffsets.push_back(b.getIndexAttr(pad.getStaticLow()[d]));
          insertOffsets[1] =
              arith::SubIOp::create(b, nloc, begin, first).getResult();
          Value result = tensor::InsertSliceOp::create(
              b, nloc, interior, filled, insertOffsets, sourceSizes, ones);
          auto inParallel = scf::InParallelOp::create(b, nloc);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(inParallel.getBody());
          tensor::ParallelInsertSliceOp::create(b, nloc, result, args[1],
                                                blockOffsets, blockSizes, ones);
        });
    rewriter.replaceOp(pad, forall->getResults());
  }

  /// Large constant pads of a batch (a SAME convolution's input, N >= 2)
  /// become one task per image: scf.forall over N, with the elementwise
  /// op computing the pad's source (bias + activation of the previous
  /// convolution) fused in, and each task's pad decomposed into a fill of
  /// its slice of the padded tensor and an insert of the interior, so that
  /// the padded batch is built in place and in parallel.
  LogicalResult parallelizePads(IRRewriter &rewriter) {
    SmallVector<tensor::PadOp> pads, imagePads;
    getOperation().walk([&](tensor::PadOp pad) {
      switch (classify(pad)) {
      case PadKind::Batch:
        pads.push_back(pad);
        break;
      case PadKind::Image:
        imagePads.push_back(pad);
        break;
      case PadKind::Serial:
        break;
      }
    });
    for (tensor::PadOp pad : imagePads)
      parallelizeImagePad(rewriter, pad);
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
      // Each task fills its slice's borders and inserts the interior, in
      // place; a tiled pad whose sizes tiling left dynamic fills its whole
      // slice first (upstream's decomposition).
      SmallVector<Operation *> dynamicPads;
      for (Operation *op : tiled->tiledAndFusedOps)
        if (auto tiledPad = dyn_cast<tensor::PadOp>(op)) {
          if (tfs::isStaticPad(tiledPad))
            decomposePad(rewriter, tiledPad);
          else
            dynamicPads.push_back(tiledPad);
        }
      if (!dynamicPads.empty()) {
        RewritePatternSet patterns(&getContext());
        linalg::populateDecomposePadPatterns(patterns);
        if (failed(applyOpPatternsGreedily(dynamicPads, std::move(patterns))))
          return pad.emitError("tfs-parallelize-elementwise: cannot decompose");
      }
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
      if (tfs::isInTiledLoop(op))
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
      // A result that a pad built by one thread uses (a SAME
      // convolution's input) is better written by one loop: bufferization
      // then writes it straight into the padded buffer instead of copying
      // a forall's result. Pads of a batch fuse it into their tasks; the
      // tasks of a pad of one image copy it in rows.
      bool feedsPad = llvm::any_of(op->getUsers(), [](Operation *user) {
        auto pad = dyn_cast<tensor::PadOp>(user);
        return pad && classify(pad) != PadKind::Image;
      });
      if (elements >= tfs::kParallelElements && !feedsPad &&
          !op->hasAttr(tfs::kSerialAttr))
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
      tileSizes[dim] = rewriter.getIndexAttr(
          llvm::divideCeil(ranges[dim], tfs::kParallelTasks));
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
      // Each task's generic is vectorized here rather than left to LLVM:
      // inside the outlined OpenMP region its buffers arrive as pointers
      // LLVM cannot tell apart, and it left softmax's loops over the
      // workspace scalar (1568 x 1024: 4.57 -> 1.92 ms; f(x) 0.92 -> 0.67
      // ms, whose loop LLVM did vectorize, but worse).
      if (auto generic = dyn_cast<linalg::GenericOp>(tiled->tiledOps[0]))
        if (failed(vectorizeRows(rewriter, generic))) {
          generic.emitError(
              "tfs-parallelize-elementwise: cannot vectorize a task");
          return signalPassFailure();
        }
    }
    // The elementwise generics left on the calling thread (small ones,
    // those marked tfs::kSerialAttr, those writing a pad's source) are
    // vectorized the same way: LLVM left them scalar (softmax of 64 x
    // 1000, 64K elements: 172 -> 76 us), and so are those of a row of a
    // tfs-fuse-row-chains loop.
    SmallVector<linalg::GenericOp> serial;
    getOperation().walk([&](linalg::GenericOp op) {
      op->removeAttr(tfs::kSerialAttr);
      if (tfs::isWholeOp(op) && op.hasPureTensorSemantics() &&
          op.getNumLoops() > 0 && op.getNumParallelLoops() == op.getNumLoops())
        serial.push_back(op);
    });
    for (linalg::GenericOp op : serial)
      if (failed(vectorizeRows(rewriter, op))) {
        op.emitError("tfs-parallelize-elementwise: cannot vectorize");
        return signalPassFailure();
      }
  }

  /// Whether `op` copies its input with each element repeated along a new
  /// innermost dimension (out[..., i, m] = in[..., i]: a depthwise
  /// convolution's channels repeated for its multiplier).
  static bool isRepeat(linalg::GenericOp op) {
    if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1)
      return false;
    int64_t rank = op.getNumLoops();
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, op.getContext());
    Block &body = op.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    return rank >= 2 &&
           op.getIndexingMapsArray()[0] == id.dropResult(rank - 1) &&
           op.getIndexingMapsArray()[1] == id &&
           body.getOperations().size() == 1 &&
           yield.getValues()[0] == body.getArgument(0);
  }

  /// Vectorizes a row of a repeat (see isRepeat) as one load of the input
  /// row and one shuffle that repeats its lanes. The vectorizer's
  /// broadcasting read became a load and an insert per element (56x56x32
  /// channels x 2: 19 us of a 49 us depthwise convolution; with the
  /// shuffle, the whole convolution took 0.83x the time).
  static void repeatRow(IRRewriter &rewriter, linalg::GenericOp row) {
    Location loc = row.getLoc();
    Value input = row.getDpsInputs()[0], init = row.getDpsInits()[0];
    auto inputType = cast<RankedTensorType>(input.getType());
    auto initType = cast<RankedTensorType>(init.getType());
    int64_t lanes = inputType.getShape().back(),
            repeats = initType.getShape().back();
    rewriter.setInsertionPoint(row);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value read = vector::TransferReadOp::create(
        rewriter, loc, VectorType::get({lanes}, inputType.getElementType()),
        input, SmallVector<Value>(inputType.getRank(), zero),
        ub::PoisonOp::create(rewriter, loc, inputType.getElementType()),
        SmallVector<bool>{true});
    SmallVector<int64_t> mask;
    for (int64_t i = 0; i < lanes * repeats; ++i)
      mask.push_back(i / repeats);
    Value repeated = vector::ShuffleOp::create(rewriter, loc, read, read, mask);
    // Written as one row through a view without the repeats' dimension (a
    // 2-D write becomes a store per element).
    int64_t rank = initType.getRank();
    SmallVector<ReassociationIndices> flat;
    for (int64_t d = 0; d < rank - 2; ++d)
      flat.push_back({d});
    flat.push_back({rank - 2, rank - 1});
    Value row1d = tensor::CollapseShapeOp::create(rewriter, loc, init, flat);
    Value written =
        vector::TransferWriteOp::create(rewriter, loc, repeated, row1d,
                                        SmallVector<Value>(rank - 1, zero),
                                        SmallVector<bool>{true})
            .getResult();
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(row, initType, written,
                                                       flat);
  }

  /// Vectorizes a task's elementwise generic along its innermost dimension,
  /// in rows of the largest of 64, 32, 16 or 8 elements that divides it
  /// (others are left to LLVM).
  LogicalResult vectorizeRows(IRRewriter &rewriter, linalg::GenericOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return success();
    // Booleans (i1) are bytes in memory but bits in an LLVM vector: a
    // vector store of i1 lanes packs them, 8 to a byte (a tf.cast to bool
    // over 4 x 64 came out wrong at -O2). Ops reading or writing them stay
    // scalar loops, which LLVM keeps byte-wise.
    auto isBool = [](Type type) {
      return getElementTypeOrSelf(type).isInteger(1);
    };
    if (llvm::any_of(op->getOperandTypes(), isBool) ||
        llvm::any_of(op->getResultTypes(), isBool))
      return success();
    int64_t inner = ranges.back(), width = 0;
    for (int64_t c : {64, 32, 16, 8})
      if (inner % c == 0) {
        width = c;
        break;
      }
    SmallVector<OpFoldResult> sizes(ranges.size(), rewriter.getIndexAttr(1));
    sizes.back() = rewriter.getIndexAttr(width);
    // A short innermost dimension (a depthwise channel multiplier's
    // repeated copy: [..., C, 2]) is taken whole, with enough of the next
    // one for rows of 32 to 64 elements.
    if (!width && inner < 8 && ranges.size() >= 2)
      for (int64_t c : {32, 16, 8})
        if (ranges[ranges.size() - 2] % c == 0 && c * inner <= 64) {
          sizes.back() = rewriter.getIndexAttr(inner);
          sizes[ranges.size() - 2] = rewriter.getIndexAttr(c);
          width = c * inner;
          break;
        }
    // Other widths: a row of at most 64 whole (softmax over 10 classes: a
    // vector of 10), a longer one in its largest piece of 9 to 64 (100:
    // 50) - vectors of any length, which LLVM splits into registers.
    // Softmax of 1024 x 10: 23.2 -> 12.4 us.
    if (!width && inner >= 8) {
      if (inner <= 64)
        width = inner;
      else
        for (int64_t c = 64; c > 8 && !width; --c)
          if (inner % c == 0)
            width = c;
      sizes.back() = rewriter.getIndexAttr(width);
    }
    if (!width)
      return success();
    scf::SCFTilingOptions options;
    options.setTileSizes(sizes);
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      return failure();
    rewriter.replaceOp(op, tiled->replacements);
    Operation *row = tiled->tiledOps[0];
    auto generic = cast<linalg::GenericOp>(row);
    bool gathers = !generic.getBody()->getOps<tensor::ExtractOp>().empty();
    // LLVM fully unrolled these loops where their trip counts were small
    // (an LSTM step's gates: 4 rows x 8 chunks, 32 copies of each op; the
    // text classifier's machine code 1.5x as large and 0.3 s longer to
    // compile, at the same speed). Rows that gather (below) keep it: the
    // embedding lookup 32 x 20 x 256 took 1.27x the time without.
    if (!gathers)
      for (LoopLikeOpInterface loop : tiled->loops)
        tfs::disableUnrolling(loop);
    if (isRepeat(generic)) {
      repeatRow(rewriter, generic);
      return success();
    }
    // Rows that read through tensor.extract (a gather's table rows, a
    // mirror pad's input) too: contiguous reads become vector loads. An
    // input with one element per row (a gather's index) is read once
    // before the row, so the vectorizer sees the coordinates it computes
    // as the same for the whole row (a load, not a gather of lanes).
    if (gathers) {
      rewriter.setInsertionPoint(generic);
      for (OpOperand *input : generic.getDpsInputOperands()) {
        auto type = dyn_cast<RankedTensorType>(input->get().getType());
        BlockArgument arg = generic.getMatchingBlockArgument(input);
        if (!type || !type.hasStaticShape() || type.getNumElements() != 1 ||
            arg.use_empty())
          continue;
        Value zero = arith::ConstantIndexOp::create(rewriter, row->getLoc(), 0);
        SmallVector<Value> origin(type.getRank(), zero);
        Value scalar = tensor::ExtractOp::create(rewriter, row->getLoc(),
                                                 input->get(), origin);
        rewriter.replaceAllUsesWith(arg, scalar);
      }
    }
    if (failed(linalg::vectorizeOpPrecondition(row, {}, {},
                                               /*vectorizeNDExtract=*/true)))
      return success();
    rewriter.setInsertionPoint(row);
    FailureOr<linalg::VectorizationResult> vectorized =
        linalg::vectorize(rewriter, row, {}, {}, /*vectorizeNDExtract=*/true);
    if (failed(vectorized))
      return failure();
    rewriter.replaceOp(row, vectorized->replacements);
    return success();
  }
};

} // namespace
