//===- TileConvMatmul.cpp - cache/register tiling + vectorization ---------===//
//
// This file implements tfs-tile-conv-matmul: linalg.matmul and
// linalg.conv_2d_nhwc_hwcf get a two-level tiling (cache blocks, then a
// register block of accumulators), vectorization, hoisting of the
// accumulators out of the reduction loops and lowering of the contraction
// to outer products (FMAs). Tile sizes come from each op's shape and the
// target's vector registers: every tile divides its dimension (the
// vectorizer needs static, full tiles). Some products are rewritten first:
// large matmuls read B from packed panels, few-row narrow matmuls and
// parallel GEMVs sum in split reductions, and a convolution followed by an
// elementwise epilogue is computed inside the epilogue's tiles. The
// schedule is expressed in the transform dialect, generated per op shape
// and run by the transform interpreter.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"
#include "tfs/Codegen/TransformOps.h"
#include "tfs/Codegen/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_TILECONVMATMULPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using namespace mlir::tfs;

namespace {

constexpr llvm::StringLiteral kScheduleAttr = "tfs.schedule";
/// Marks the thread-level loops whose tasks take their blocks in reverse
/// order (see reverseTasks).
constexpr llvm::StringLiteral kReverseAttr = "tfs.reverse_tasks";
/// Marks the scf.for loops that run their iterations last to first (see
/// backwardLoops).
constexpr llvm::StringLiteral kBackwardAttr = "tfs.backward";
/// Marks the parts of a convolution split by splitConv whose whole was
/// worth a parallel region: the parts are too, whatever their own FLOPs.
/// The small CNN's 16-wide 32 -> 64 conv splits into 12 + 4 columns; its
/// 2.4 MFLOP 4-column part ran on one thread while the other waited
/// (2 threads, call by call: 96 -> 83 us; 1 thread 1.01-1.02x the time).
constexpr llvm::StringLiteral kParallelPartAttr = "tfs.parallel_part";
/// Marks the generics that rowConv made of convolutions with few output
/// channels: their schedule vectorizes over output columns.
constexpr llvm::StringLiteral kRowConvAttr = "tfs.row_conv";

/// Matmuls whose B has at least this many bytes run in parallel whatever
/// their FLOPs: MLP b1 (2.7 MB of weights, more than one core's L2, half
/// of them fits) takes 67 us on 1 thread and 15 us on 2. Below 4 MFLOP with
/// smaller weights (the RNN's 16-row steps), a parallel region by columns
/// lost more to the fork and to moving activations between cores than it
/// gained (by rows, with the epilogue, it gains: see kStepFlops).
constexpr double kParallelBytes = 512 * 1024;
/// The most ops the body of a generic may reach by fusing elementwise
/// producers into it (see the pass; f(x) reaches 14, an LSTM step's
/// epilogue about 30), and the most a producer read by several ops may
/// have to be copied into them (f(x)'s cos x: 2, with the yield; only
/// over large tensors, see the pass).
constexpr int64_t kMaxFusedOps = 48;
constexpr int64_t kCopiedProducerOps = 8;
/// Matmuls of at least this many FLOPs that an elementwise epilogue
/// follows run in parallel by blocks of rows, epilogue included (see the
/// matmul branch of the pass): RNN b16's 2.1 MFLOP steps.
constexpr double kStepFlops = 1e6;
/// Few-row steps of a recurrence (an epilogue follows, and other few-row
/// matmuls of the function read the same B) whose B has at least this
/// many bytes run in parallel by blocks of columns: each core then reads
/// its own share of B from its own L2 at every step. A tanh RNN of 32
/// steps at batch 1 on 2 threads of the AVX2 EPYC, call by call: hidden
/// 256 (W_h 256 KiB) 0.68-0.74x the time, 192 (144 KiB) 0.86x, 128 (64
/// KiB) 1.03x, where the barrier per step costs more than half of W_h;
/// on 1 thread 1.01-1.02x. AVX2 targets only (see stepsOverThreads).
constexpr double kStepBytes = 128 * 1024;

/// The register budget of the target, from its vector width: AVX-512 has
/// 32 registers of 16 floats, AVX2 16 of 8, SSE/NEON 16 (32 on AArch64,
/// counted as 16) of 4.
struct RegisterBudget {
  int64_t lanes, registers;
  explicit RegisterBudget(int64_t vectorBits)
      : lanes(std::max<int64_t>(vectorBits / 32, 4)),
        registers(vectorBits >= 512 ? 32 : 16) {}
  /// Floats in accumulators of a conv tile: all registers but 4 (filter
  /// row, broadcast input): 28 x 16 on AVX-512, 12 x 8 on AVX2.
  int64_t convAccumulators() const { return (registers - 4) * lanes; }
  /// Floats in accumulators of a matmul tile: half the registers (16 x 16
  /// on AVX-512, 8 x 8 on AVX2), which hides the FMA latency even for
  /// GEMV-like shapes and leaves room for the B row and broadcasts.
  int64_t matmulAccumulators() const { return registers / 2 * lanes; }
  /// Floats in accumulators of a tall matmul tile (see tallTiles): 6 x 16
  /// on AVX2 (12 registers, as a conv tile), 12 x 32 on AVX-512 (24: 8
  /// registers left for B's two vectors and the broadcasts of A). With 14
  /// x 32 (28 registers, as a conv tile) LLVM hoists the broadcasts of a k
  /// step, spills three accumulators and rotates the others through
  /// register moves at every step (MLP b64's kernel on a Zen 5 EPYC: 26
  /// moves and 6 stack accesses per 28 FMAs); 12 rows, call by call: MLP
  /// b64 0.81-0.84x the time (13 rows 0.95x, 10 rows 0.85x), matmul
  /// 1024^3 0.98x.
  int64_t matmulTallAccumulators() const {
    return (registers >= 32 ? registers - 8 : registers - 4) * lanes;
  }
  /// Widest conv output-channel block: two vectors.
  int64_t maxChannels() const { return 2 * lanes; }
};

/// Whether few-row recurrence steps may run over threads (kStepBytes) on
/// this target: on AVX2 only. On the AVX-512 Xeon of the earlier sessions
/// (2 MiB of L2, where W_h stays whole in each core's L2) RNN b1's steps
/// split by columns took 64 us on 2 threads and 66 on 1 against 57-60
/// serial, with libomp's barrier and no backward k loops; not measured
/// since, as no such machine was available.
bool stepsOverThreads(const RegisterBudget &budget) {
  return budget.lanes == 8;
}

/// Matmuls with at least this many rows read B from a packed copy in
/// panels of two vectors of columns; see packRhs. Packing
/// costs a pass over B per call, repaid only when many rows reuse each
/// panel: at 1024 rows it takes matmul 1024^3 from 29 to 13 ms on a CPU
/// with 48 KiB L1, while the 16-row steps of the RNN benchmark got 1.6x
/// slower with it and the 64-row MLP no faster.
constexpr int64_t kPackRows = 128;

/// The fewest rows of a matmul that packs B (see kPackRows). On AVX2 (the
/// AMD EPYC of the sixth session: 32 KiB L1, 512 KiB L2) 64 rows repay it:
/// B's rows 2 KiB apart map a 16-column panel onto 2 of the L1's sets, so
/// every 6-row tile read its panel from L2 again, and a 392 x 512 block
/// (784 KB) did not stay in L2 either. MLP b64 (64 x 784 x 512, 64 x 512 x
/// 512), call by call against the unpacked build: 0.79-0.85x the time at
/// 1 thread, 0.86-0.89x at 2. The RNN's 16-row steps stay unpacked (1.3x
/// slower packed at 1 thread, 2x at 2).
int64_t packRows(const RegisterBudget &budget) {
  return budget.lanes == 8 ? 64 : kPackRows;
}

/// The rows of a regular matmul register tile.
constexpr int64_t kRowTile = 8;

/// A convolution's F block reads its slice of the filter (kh x kw x C x f
/// floats) once per register tile of outputs. Above this many bytes the
/// slice does not stay in L2 from one row of tiles to the next: it is
/// spread over every row of the filter (f of F floats each), so it maps
/// onto f / F of the cache's sets. Such convolutions reduce C in blocks
/// whose slice does stay (see blockedConvSchedule). 3x3 512 -> 512
/// channels (576 KiB slices) on 7x7: 2.93 -> 1.70-1.85 ms at 1 thread,
/// 1.80 -> 0.88-0.93 ms at 2; on 14x14: 7.6 -> 5.0-5.4 ms, 4.0 -> 2.7 ms.
/// 256 -> 256 channels (288 KiB): 28x28 5.07 -> 4.78 ms at 1 thread, 13x13
/// 0.62 -> 0.54-0.59 ms at 2, 14x14 1.21 -> 1.22 ms and 0.63 -> 0.66 ms;
/// 128 channels (144 KiB) run at 90 % of the FMA peak unblocked.
constexpr int64_t kFilterSliceBytes = 256 * 1024;
/// The largest slice of a C block of a blocked convolution: 32 channels
/// of a 3x3 filter (36 KiB). 16 channels were slower (7x7 512: 2.0 ms), 64
/// no faster (1.76-1.78 ms).
constexpr int64_t kFilterBlockBytes = 64 * 1024;

/// 2 x the product of all loop bounds (one multiply-add per point).
double flops(linalg::LinalgOp op) {
  double points = 1;
  for (int64_t bound : op.getStaticLoopRanges())
    points *= static_cast<double>(bound);
  return 2 * points;
}

/// The largest candidate that divides `size`, or 0.
int64_t largestDivisor(int64_t size, ArrayRef<int64_t> candidates) {
  for (int64_t c : candidates)
    if (c <= size && size % c == 0)
      return c;
  return 0;
}

/// The largest divisor of `size` that is at most `limit`.
int64_t blockSize(int64_t size, int64_t limit) {
  for (int64_t c = std::min(size, limit); c > 1; --c)
    if (size % c == 0)
      return c;
  return 1;
}

/// The largest divisor of `size` that is at most `limit`, if that is at
/// least half of `limit`; else the smallest divisor above `limit` (the
/// whole of a prime `size`). Blocks of rows of a packed matmul: 1016 rows
/// (8 x 127) got blocks of 8 rows otherwise, too few for tall register
/// tiles (see tallTiles); as 1016 + 4 rows, 1020 x 1024 x 1024 took 1.25x
/// the time of 1024^3 (median; 1.04x at the 10th percentile), 1.04x with
/// blocks of 508. 1024^3 in one block of all its rows took the time of
/// 64-row blocks (0.999x; A stays in L3), so larger blocks cost little.
int64_t coarseBlockSize(int64_t size, int64_t limit) {
  int64_t block = blockSize(size, limit);
  if (2 * block >= std::min(size, limit))
    return block;
  for (int64_t c = limit + 1; c < size; ++c)
    if (size % c == 0)
      return c;
  return size;
}

/// Register tiles of two vectors of columns (`nr`) over a block of `rows`
/// rows get as many rows as the tall tiles' accumulators allow (12 x 32 on
/// AVX-512, 6 x 16 on AVX2; see matmulTallAccumulators), so each row of B
/// loaded serves more rows of A, when the block holds at least two of
/// them. Updates `mr` and returns {split, restRows}: the first `split`
/// rows of the block take mr x nr tiles, the rest tiles of restRows x nr
/// (split 0: mr divides the block).
std::pair<int64_t, int64_t> tallTiles(const RegisterBudget &budget,
                                      int64_t rows, int64_t nr, int64_t &mr) {
  int64_t tall = budget.matmulTallAccumulators() / nr;
  if (nr != 2 * budget.lanes || tall <= mr || rows < 2 * tall)
    return {0, 0};
  // The block as `head` tiles of `p` rows and the rest in tiles of `q`
  // rows (q <= p <= tall): the smallest tile as large as possible, then
  // the largest p. 64 rows as 2 x 12 + 4 x 10 rather than 5 x 12 + 4,
  // whose 4-row tile (8 accumulators) ran at about 2/3 of the others'
  // speed (MLP b64 on the Zen 5 EPYC, call by call: 0.98x the time at 1
  // thread, 1.00x at 2); 40 rows as 4 x 10.
  int64_t bestP = 0, bestQ = 0, bestHead = 0;
  for (int64_t p = tall; p > mr; --p)
    for (int64_t head = rows / p; head >= 0; --head) {
      int64_t rest = rows - head * p;
      int64_t q = rest ? blockSize(rest, p) : p;
      if (q > bestQ) {
        bestP = p;
        bestQ = q;
        bestHead = head;
      }
    }
  if (bestHead == 0) {
    mr = bestQ;
    return {0, 0};
  }
  mr = bestP;
  if (bestHead * bestP == rows)
    return {0, 0};
  return {bestHead * bestP, bestQ};
}

/// The fewest FLOPs of a convolution spread over threads (by rows of
/// outputs): kParallelFlops, or a quarter of it on AVX2, whose cores take
/// twice as long for the same FLOPs. The small CNN's 1.8 MFLOP first conv
/// on the AVX2 EPYC, call by call: 0.91-0.92x the time at 2 threads,
/// 0.99x at 1; with AVX-512 (the sixth session's Xeon) it was slower on 2
/// threads (50 -> 54 us), the pool after it reading the other core's rows.
/// Whether few-row matmuls (at most 4 rows: a recurrence's steps) add
/// their products to parts of `matmul`'s result (its rows, reshaped), as
/// tfs-batch-shared-matmuls leaves a recurrence's input projection.
bool feedsFewRowSteps(linalg::MatmulOp matmul) {
  SmallVector<Value> worklist = {matmul->getResult(0)};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (isa<tensor::ExtractSliceOp, tensor::ExpandShapeOp,
              tensor::CollapseShapeOp>(user)) {
        worklist.push_back(user->getResult(0));
        continue;
      }
      auto step = dyn_cast<linalg::MatmulOp>(user);
      if (step && step.isDpsInit(&use)) {
        auto type = dyn_cast<RankedTensorType>(step.getResultTypes()[0]);
        if (type && type.hasStaticShape() && type.getDimSize(0) <= 4)
          return true;
      }
    }
  }
  return false;
}

double convParallelFlops(const RegisterBudget &budget) {
  return budget.lanes == 8 ? kParallelFlops / 4 : kParallelFlops;
}

/// The widest row of conv outputs whose ow x f accumulators fit the
/// register budget (on AVX-512, 28 of the 32 vector registers; the others
/// hold the filter row and the broadcast input) and that divides the
/// output width: 14 x 32 on 56-wide images measured 8 % faster than 8 x 32.
int64_t convTileWidth(const RegisterBudget &budget, int64_t width, int64_t f) {
  // Accumulators are whole registers: f = 8 or 3 on AVX-512 still take one
  // each.
  int64_t registers = budget.convAccumulators() / budget.lanes;
  int64_t widest = registers / llvm::divideCeil(f, budget.lanes);
  for (int64_t c = std::min(width, widest); c > 1; --c)
    if (width % c == 0)
      return c;
  return 1;
}

bool isStaticF32(linalg::LinalgOp op) {
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return false;
  }
  return true;
}

/// "a, b, c": a transform op's size list.
std::string joinSizes(ArrayRef<int64_t> sizes) {
  return llvm::join(
      llvm::map_range(sizes, [](int64_t s) { return std::to_string(s); }),
      ", ");
}

/// ", !transform.any_op" `count` times: the handle types of that many
/// loops in a tiling's result list.
std::string anyOpTypes(int64_t count) {
  std::string types;
  for (int64_t i = 0; i < count; ++i)
    types += ", !transform.any_op";
  return types;
}

/// The transform line that distributes the op `%<target>` over threads
/// (`scf.forall`, later OpenMP) in tasks of `sizes` ("a, b, ..."):
/// `%<tiled>` is one task's op, `%<forall>` the loop. With `reverse`, the
/// loop is marked for reverseTasks.
std::string distribute(const std::string &tiled, const std::string &forall,
                       const std::string &target, StringRef sizes,
                       bool reverse = false) {
  std::string text = llvm::formatv(R"mlir(
      %{0}, %{1} = transform.structured.tile_using_forall %{2}
          tile_sizes [{3}]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
)mlir",
                                   tiled, forall, target, sizes)
                         .str();
  if (reverse)
    text += llvm::formatv(R"mlir(
      transform.annotate %{0} "{1}" : !transform.any_op
)mlir",
                          forall, kReverseAttr)
                .str();
  return text;
}

/// The lines that name `%<tag>_p` the tasks of `%<tag>` distributed over
/// threads in tasks of `sizes` (see distribute), or, with no sizes,
/// `%<tag>` itself.
std::string distributeOrName(const std::string &tag, StringRef sizes,
                             bool reverse = false) {
  if (!sizes.empty())
    return distribute(tag + "_p", tag + "_forall", tag, sizes, reverse);
  return llvm::formatv(R"mlir(
      %{0}_p = transform.merge_handles %{0} : !transform.any_op
)mlir",
                       tag)
      .str();
}

/// Makes task t of each 1-D `scf.forall` marked by `distribute` take the
/// block of task T - 1 - t. Consecutive matmuls distributed by blocks of
/// columns alternate the order, so that a thread's blocks of two
/// consecutive layers are different parts of B's rows: a block of columns
/// is the same part of every row of B, which maps onto a fraction of the
/// cache's sets, and a thread's blocks of both layers then fill different
/// sets of its L2 instead of competing for the same (MLP b64 on 2 threads:
/// 0.261 -> 0.250 ms, 8 of 8 alternating runs faster; 1 thread
/// unchanged).
void reverseTasks(ModuleOp module) {
  module.walk([](scf::ForallOp forall) {
    if (!forall->hasAttr(kReverseAttr))
      return;
    forall->removeAttr(kReverseAttr);
    std::optional<int64_t> tasks =
        getConstantIntValue(forall.getMixedUpperBound()[0]);
    if (forall.getRank() != 1 || !forall.isNormalized() || !tasks)
      return;
    OpBuilder b = OpBuilder::atBlockBegin(forall.getBody());
    Value task = forall.getInductionVar(0);
    Value last = arith::ConstantIndexOp::create(b, forall.getLoc(), *tasks - 1);
    Value reversed = arith::SubIOp::create(b, forall.getLoc(), last, task);
    task.replaceAllUsesExcept(reversed, reversed.getDefiningOp());
  });
}

/// Makes each `scf.for` marked by matmulTiles (constant bounds and step)
/// run its iterations from the last to the first: its induction variable's
/// uses see lb + ub' - iv instead, ub' the last iteration's value.
void backwardLoops(ModuleOp module) {
  module.walk([](scf::ForOp loop) {
    if (!loop->hasAttr(kBackwardAttr))
      return;
    loop->removeAttr(kBackwardAttr);
    std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound()),
                           upper = getConstantIntValue(loop.getUpperBound()),
                           step = getConstantIntValue(loop.getStep());
    if (!lower || !upper || !step || *step <= 0 || *upper <= *lower)
      return;
    int64_t last = *lower + (*upper - *lower - 1) / *step * *step;
    OpBuilder b = OpBuilder::atBlockBegin(loop.getBody());
    Value iv = loop.getInductionVar();
    Value mirror =
        arith::ConstantIndexOp::create(b, loop.getLoc(), *lower + last);
    Value backward = arith::SubIOp::create(b, loop.getLoc(), mirror, iv);
    iv.replaceAllUsesExcept(backward, backward.getDefiningOp());
  });
}

/// Moves back into each thread's task loop (tfs-fuse-image-chains) the
/// tensor.empty ops, the fills of them and the slices of those (or of
/// anything) that the schedules' clean-up moved out of it as
/// loop-invariant (hoist_redundant_vector_transfers
/// runs LICM on every loop, scf.forall included): outside, each task's
/// temporary was one tensor of all tasks, which bufferization gave every
/// task a private copy of, copied in from the shared one (MLP b64 at 2
/// threads, 32-row tasks: 15 copies per task).
void sinkIntoTasks(ModuleOp module) {
  module.walk([](scf::ForallOp forall) {
    if (!forall->hasAttr(kTaskLoopAttr))
      return;
    Operation *front = &forall.getBody()->front();
    for (Operation *op = forall->getPrevNode(); op;) {
      Operation *previous = op->getPrevNode();
      auto fill = dyn_cast<linalg::FillOp>(op);
      bool fillOfEmpty = fill && fill.hasPureTensorSemantics() &&
                         fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>();
      if ((fillOfEmpty || isa<tensor::EmptyOp, tensor::ExtractSliceOp>(op)) &&
          !op->use_empty() &&
          llvm::all_of(op->getUsers(), [&](Operation *user) {
            return forall->isProperAncestor(user);
          })) {
        op->moveBefore(front);
        front = op;
      }
      op = previous;
    }
  });
}

/// The transform line that fuses the producer `%<producer>` into the loop
/// `%<container>`: `%<fused>` is the fused op, `%<loop>` the loop. It is
/// tfsc's own fusion op (see TransformOps.td): upstream's
/// fuse_into_containing_op costs time in proportion to the function per
/// fusion.
std::string fuseInto(const std::string &fused, const std::string &loop,
                     const std::string &producer,
                     const std::string &container) {
  return llvm::formatv(R"mlir(
      %{0}, %{1} = transform.tfs.fuse_into_loop %{2} into %{3}
          : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
)mlir",
                       fused, loop, producer, container)
      .str();
}

/// The transform line that vectorizes the op `%<handle>`.
std::string vectorize(const std::string &handle) {
  return llvm::formatv(R"mlir(
      transform.structured.vectorize %{0} : !transform.any_op
)mlir",
                       handle)
      .str();
}

/// The transform-dialect lines that match the ops of schedule `index` and
/// open a `transform.foreach` over them, the body's handle `%<tag>` being
/// one op: for schedules that fuse an op's own producers (which needs one
/// op and its loops at a time). The caller closes it with "}".
std::string matchEach(StringRef tag, StringRef opName, int index) {
  return llvm::formatv(R"mlir(
    %{0}_all = transform.structured.match ops{{["{1}"]}
        attributes {{tfs.schedule = {2} : i64} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.foreach %{0}_all : !transform.any_op {{
    ^bb0(%{0}: !transform.any_op):
)mlir",
                       tag, opName, index)
      .str();
}

/// The transform-dialect lines that match the ops of schedule `index` and,
/// when `forallSizes` is not empty, distribute them over threads
/// (`scf.forall`, later OpenMP); the handle to tile further is `%<tag>_p`.
std::string matchAndDistribute(StringRef tag, StringRef opName, int index,
                               ArrayRef<int64_t> forallSizes) {
  std::string matched = forallSizes.empty() ? (tag + "_p").str() : tag.str();
  std::string text = llvm::formatv(R"mlir(
    %{0} = transform.structured.match ops{{["{1}"]}
        attributes {{tfs.schedule = {2} : i64} in %root
        : (!transform.any_op) -> !transform.any_op
)mlir",
                                   matched, opName, index)
                         .str();
  if (forallSizes.empty())
    return text;
  return text + distribute((tag + "_p").str(), (tag + "_forall").str(),
                           tag.str(), joinSizes(forallSizes));
}

/// The transform line that names `%<result>` the producer of operand
/// `operand` of the op `%<op>`.
std::string producerOf(const std::string &result, const std::string &op,
                       int64_t operand) {
  return llvm::formatv(R"mlir(
      %{0} = transform.get_producer_of_operand %{1}[{2}]
          : (!transform.any_op) -> !transform.any_op
)mlir",
                       result, op, operand)
      .str();
}

/// The transform line that tiles `%<target>` by `sizes` into `%<result>`
/// and its `loops` loops `%<loopName>#i`, or, with no loops (tiles that
/// cover every dimension), names `%<target>` `%<result>`.
std::string tileOrName(const std::string &result, const std::string &loopName,
                       const std::string &target, StringRef sizes,
                       int64_t loops) {
  if (!loops)
    return llvm::formatv(R"mlir(
      %{0} = transform.merge_handles %{1} : !transform.any_op
)mlir",
                         result, target)
        .str();
  return llvm::formatv(R"mlir(
      %{0}, %{1}:{2} = transform.structured.tile_using_for %{3}
          tile_sizes [{4}]
          : (!transform.any_op) -> (!transform.any_op{5})
)mlir",
                       result, loopName, loops, target, sizes,
                       anyOpTypes(loops))
      .str();
}

/// The transform lines that take the reduction of the register tile
/// `%<target>` one step at a time (kh, kw and c; a channelwise op's kh,
/// with kw whole), decompose it to a 1-D convolution and vectorize that:
/// FMAs (or maxima, or sums) over the tile's channels.
std::string reduceByTaps(const std::string &tag, const std::string &target,
                         bool channelwise) {
  return llvm::formatv(R"mlir(
      %{0}_c, %{0}_l2:{2} = transform.structured.tile_using_for %{1}
          tile_sizes [0, 0, 0, 0, {3}]
          : (!transform.any_op) -> (!transform.any_op{4})
      %{0}_d = transform.structured.decompose %{0}_c
          : (!transform.any_op) -> !transform.any_op
      transform.structured.vectorize %{0}_d : !transform.any_op
)mlir",
                       tag, target, channelwise ? 1 : 3,
                       channelwise ? "1, 0" : "1, 1, 1",
                       anyOpTypes(channelwise ? 1 : 3))
      .str();
}

/// The steps for one conv_2d_nhwc_hwcf schedule: optionally output rows
/// across threads (`rows` per task), F in blocks of `f`, a 1 x 1 x ow x f
/// register tile of outputs (`tile` over n, oh, ow; 0 where a tile covers
/// the dimension), the kh/kw/c reduction one step at a time, then
/// decomposition to a 1-D conv (kh = oh = 1) which the vectorizer turns
/// into FMAs over `f`.
///
/// With an epilogue (`epilogueOperand` >= 0: the all-parallel generic that
/// is the conv's only user, e.g. bias + activation, reading the conv's
/// result as that operand), the schedule matches the epilogue instead,
/// tiles it like the conv's output, and fuses the conv into its innermost
/// tile, so the epilogue applies to the accumulators before the block's
/// single store and the raw convolution never goes to memory. With `fill`
/// (the conv's init is a linalg.fill of zeros), the fill is fused into the
/// innermost tile too: the accumulators start at zero in registers instead
/// of being loaded from a zeroed buffer (epilogue schedules only).
///
/// `opName` is the conv's op. A depthwise_conv_2d_nhwc_hwc or an NHWC max
/// or sum pool (loops n, oh, ow, c, kh, kw: `f` blocks the channels) has
/// its kh taken one step at a time and kw whole: the 1-D op it decomposes
/// into becomes one FMA (or max, or add) per tap and vector of channels.
std::string convSchedule(int index, ArrayRef<int64_t> tile, int64_t f,
                         int64_t rows, int64_t epilogueOperand, bool fill,
                         StringRef opName) {
  bool epilogue = epilogueOperand >= 0;
  bool channelwise = opName != "linalg.conv_2d_nhwc_hwcf";
  std::string tag = (epilogue ? "econv" : "conv") + std::to_string(index);
  // The conv has 7 loops (n, oh, ow, f, kh, kw, c), a depthwise conv or a
  // pool 6, the epilogue 4.
  std::string reductionDims =
      epilogue ? "" : (channelwise ? ", 0, 0" : ", 0, 0, 0");
  int64_t loops = llvm::count_if(tile, [](int64_t t) { return t != 0; });
  std::string text =
      matchEach(tag, epilogue ? StringRef("linalg.generic") : opName, index);
  if (epilogue)
    text += producerOf(tag + "_conv0", tag, epilogueOperand);
  if (fill)
    text += producerOf(tag + "_fill0", epilogue ? tag + "_conv0" : tag, 2);
  // The loops, outermost first; the fused producers go into each in turn,
  // ending up in the innermost.
  SmallVector<std::string> containers;
  std::string consumer = tag;
  if (rows) {
    text += distribute(tag + "_e", tag + "_forall", tag,
                       "1, " + std::to_string(rows) + ", 0, 0" + reductionDims);
    containers.push_back(tag + "_forall");
    consumer = tag + "_e";
  }
  text += llvm::formatv(R"mlir(
      %{0}_a, %{0}_l0 = transform.structured.tile_using_for %{1}
          tile_sizes [0, 0, 0, {2}{3}]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
)mlir",
                        tag, consumer, f, reductionDims)
              .str();
  // A register tile that covers the whole row block needs no loop.
  text += tileOrName(tag + "_b", tag + "_l1", tag + "_a",
                     joinSizes(tile) + ", 0" + reductionDims, loops);
  containers.push_back(tag + "_l0");
  for (int64_t i = 0; i < loops; ++i)
    containers.push_back(tag + "_l1#" + std::to_string(i));
  // `<tag>_<name><level+1>` is producer `<name>` fused into loop `level`.
  auto fuse = [&](StringRef name, size_t level, const std::string &container) {
    std::string producer = tag + "_" + name.str();
    return fuseInto(producer + std::to_string(level + 1),
                    producer + "_in" + std::to_string(level + 1),
                    producer + std::to_string(level), container);
  };
  for (auto [level, container] : llvm::enumerate(containers)) {
    if (epilogue)
      text += fuse("conv", level, container);
    if (fill)
      text += fuse("fill", level, container);
  }
  size_t last = containers.size();
  if (fill)
    text += vectorize(tag + "_fill" + std::to_string(last));
  std::string convTile =
      epilogue ? tag + "_conv" + std::to_string(last) : tag + "_b";
  text += reduceByTaps(tag, convTile, channelwise);
  if (epilogue)
    text += vectorize(tag + "_b");
  return text + "    }\n";
}

/// The steps for one conv_2d_nhwc_hwcf schedule whose filter slices are
/// too large to stay in cache (see kFilterSliceBytes): optionally output
/// channels across threads (`channels` per task), then F in blocks of `f`
/// and C in blocks of `cb`, so that the block's slice of the filter (kh x
/// kw x cb x f) stays in cache while every row of outputs uses it, then
/// the register tile and the reduction of convSchedule. The accumulators
/// are loaded from the output and stored back once per C block; the
/// output's zeros and any epilogue stay separate ops.
std::string blockedConvSchedule(int index, ArrayRef<int64_t> tile, int64_t f,
                                int64_t cb, int64_t channels) {
  std::string tag = "bconv" + std::to_string(index);
  int64_t loops = llvm::count_if(tile, [](int64_t t) { return t != 0; });
  std::string loopTypes = anyOpTypes(loops);
  std::string text =
      matchAndDistribute(tag, "linalg.conv_2d_nhwc_hwcf", index,
                         channels ? SmallVector<int64_t>{0, 0, 0, channels}
                                  : SmallVector<int64_t>{});
  text += llvm::formatv(R"mlir(
    %{0}_a, %{0}_l0:2 = transform.structured.tile_using_for %{0}_p
        tile_sizes [0, 0, 0, {1}, 0, 0, {2}]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
           !transform.any_op)
)mlir",
                        tag, f, cb)
              .str();
  std::string registerTile = tag + "_a";
  if (loops) {
    text += llvm::formatv(R"mlir(
    %{0}_b, %{0}_l1:{1} = transform.structured.tile_using_for %{0}_a
        tile_sizes [{2}, 0, 0, 0, 0]
        : (!transform.any_op) -> (!transform.any_op{3})
)mlir",
                          tag, loops, joinSizes(tile), loopTypes)
                .str();
    registerTile = tag + "_b";
  }
  return text + reduceByTaps(tag, registerTile, false);
}

/// The steps for one generic made by rowConv (loops n, f, oh, ow, kh, kw,
/// c): optionally output rows across threads (`rows` per task), a register
/// tile of all f channels x `tile[1]` rows x `tile[2]` columns (`tile` over
/// n, oh, ow; 0 where the tile covers the dimension), the reduction one
/// step at a time, input channels outermost (a channel's rows of the
/// tile, read at every kh and kw, stay in L1; with kh outermost the
/// tile's rows of all channels did not), whose unit dimensions are folded
/// away so that the step vectorizes as an elementwise op: per channel, an
/// FMA of the input's columns (one contiguous read) by the broadcast
/// filter value.
std::string rowConvSchedule(int index, ArrayRef<int64_t> tile, int64_t rows) {
  // One op at a time: the patterns apply to one op's loop.
  std::string tag = "rconv" + std::to_string(index);
  std::string text = matchEach(tag, "linalg.generic", index);
  text += distributeOrName(
      tag, rows ? "1, 0, " + std::to_string(rows) + ", 0, 0, 0, 0" : "");
  int64_t loops = llvm::count_if(tile, [](int64_t t) { return t != 0; });
  text += tileOrName(tag + "_a", tag + "_l", tag + "_p",
                     llvm::formatv("{0}, 0, {1}, {2}, 0, 0, 0", tile[0],
                                   tile[1], tile[2])
                         .str(),
                     loops);
  return text + llvm::formatv(R"mlir(
    %{0}_c, %{0}_rc = transform.structured.tile_using_for %{0}_a
        tile_sizes [0, 0, 0, 0, 0, 0, 1]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %{0}_b, %{0}_r:2 = transform.structured.tile_using_for %{0}_c
        tile_sizes [0, 0, 0, 0, 1, 1, 0]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
           !transform.any_op)
    transform.apply_patterns to %{0}_r#1 {{
      transform.apply_patterns.linalg.fold_unit_extent_dims_via_slices
    } : !transform.any_op
    %{0}_g = transform.structured.match ops{{["linalg.generic"]} in %{0}_r#1
        : (!transform.any_op) -> !transform.any_op
    transform.structured.vectorize %{0}_g : !transform.any_op
    }
)mlir",
                              tag)
                    .str();
}

/// The steps for one linalg.transpose schedule: optionally tasks of
/// `forall` over the threads, then tiles of `sizes` (t x t in the two
/// dimensions that are innermost in the input and in the output, 1 in the
/// others), vectorized: each block is read by rows of the input,
/// transposed in registers and written by rows of the output.
std::string transposeSchedule(int index, ArrayRef<int64_t> sizes,
                              ArrayRef<int64_t> forall = {}) {
  std::string tag = "tr" + std::to_string(index);
  int64_t loops = llvm::count_if(sizes, [](int64_t t) { return t != 0; });
  std::string loopTypes = anyOpTypes(loops);
  return matchAndDistribute(tag, "linalg.transpose", index, forall) +
         llvm::formatv(R"mlir(
    %{0}_t, %{0}_l:{1} = transform.structured.tile_using_for %{0}_p
        tile_sizes [{2}]
        : (!transform.any_op) -> (!transform.any_op{3})
    transform.structured.vectorize %{0}_t : !transform.any_op
)mlir",
                       tag, loops, joinSizes(sizes), loopTypes)
             .str();
}

/// The register tiles of the cache block `%<tag>_a`, `tile(part, rows)`
/// giving the lines that tile `%<tag>_<part>` by `rows` rows: mr rows
/// throughout, or with `split`, mr rows over the first `split` rows (along
/// the block's `dimension`) and restRows over the rest.
std::string
registerTiles(StringRef tag, int64_t dimension, int64_t split, int64_t mr,
              int64_t restRows,
              llvm::function_ref<std::string(StringRef, int64_t)> tile) {
  if (!split)
    return tile("a", mr);
  return llvm::formatv(R"mlir(
      %{0}_parts = transform.structured.split %{0}_a after {1} {{dimension = {2}}
          : !transform.any_op
      %{0}_head, %{0}_rest = transform.split_handle %{0}_parts
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
)mlir",
                       tag, split, dimension)
             .str() +
         tile("head", mr) + tile("rest", restRows);
}

/// The cache and register tiles of a matmul schedule, from the handle
/// `%<tag>_p` on: cache blocks [mc, nc, kc] in BLIS loop order (n, k, m),
/// then an mr x nr register tile with k by 1. With `split` (mc is then all
/// the rows), the first `split` rows of a cache block take mr x nr tiles
/// and the rest `restRows` x nr tiles.
std::string matmulTiles(StringRef tag, int64_t mc, int64_t nc, int64_t kc,
                        int64_t mr, int64_t nr, int64_t split, int64_t restRows,
                        bool backwardK = false) {
  // With `backwardK`, the k loops are marked for backwardLoops.
  auto mark = [&](const std::string &loop) {
    if (!backwardK)
      return std::string();
    return llvm::formatv(R"mlir(
    transform.annotate {0} "{1}" : !transform.any_op
)mlir",
                         loop, kBackwardAttr)
        .str();
  };
  std::string text = llvm::formatv(R"mlir(
    %{0}_a, %{0}_l0:3 = transform.structured.tile_using_for %{0}_p
        tile_sizes [{1}, {2}, {3}] interchange = [1, 2, 0]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
           !transform.any_op, !transform.any_op)
)mlir",
                                   tag, mc, nc, kc)
                         .str() +
                     mark(("%" + tag + "_l0#1").str());
  auto registerTile = [&](StringRef part, int64_t rows) {
    std::string name = (tag + "_" + part).str();
    return llvm::formatv(R"mlir(
    %{0}_r, %{0}_l:3 = transform.structured.tile_using_for %{0}
        tile_sizes [{1}, {2}, 1] interchange = [1, 0, 2]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
           !transform.any_op, !transform.any_op)
)mlir",
                         name, rows, nr)
               .str() +
           mark("%" + name + "_l#2") + vectorize(name + "_r");
  };
  return text + registerTiles(tag, 0, split, mr, restRows, registerTile);
}

/// The steps for one matmul schedule: optionally columns across threads
/// (`columns` per task, in reverse order with `reverse`), then
/// matmulTiles; with `backwardK`, its k loops run backwards (see
/// backwardLoops).
std::string matmulSchedule(int index, int64_t mc, int64_t nc, int64_t kc,
                           int64_t mr, int64_t nr, int64_t columns,
                           int64_t split, int64_t restRows, bool reverse,
                           bool backwardK) {
  std::string tag = "mm" + std::to_string(index);
  // One op at a time: a split makes two ops of each.
  std::string text = matchEach(tag, "linalg.matmul", index);
  text += distributeOrName(tag, columns ? joinSizes({0, columns, 0}) : "",
                           reverse);
  return text +
         matmulTiles(tag, mc, nc, kc, mr, nr, split, restRows, backwardK) +
         "    }\n";
}

/// The steps for one matmul schedule driven by its elementwise epilogue
/// (the generic matched, reading the matmul as operand `epilogueOperand`;
/// see fusableEpilogue): threads take blocks of `rows` rows or `columns`
/// columns of the epilogue (the other 0), into which the matmul and its
/// zero fill (`fill`) are fused, so a task computes its block of the
/// product and applies the epilogue to it while it is in cache, in one
/// parallel region per matmul; then matmulTiles for the fused matmul. With
/// `reverse`, the tasks take their blocks in reverse order; with
/// `backwardK`, the k loops run backwards (see backwardLoops).
std::string epilogueMatmulSchedule(int index, int64_t mc, int64_t nc,
                                   int64_t kc, int64_t mr, int64_t nr,
                                   int64_t rows, int64_t columns, int64_t split,
                                   int64_t restRows, int64_t epilogueOperand,
                                   bool fill, int64_t vectorColumns,
                                   bool reverse, bool backwardK) {
  std::string tag = "emm" + std::to_string(index);
  std::string text = matchEach(tag, "linalg.generic", index) +
                     producerOf(tag + "_mm", tag, epilogueOperand);
  if (fill)
    text += producerOf(tag + "_fill", tag + "_mm", 2);
  text += distribute(tag + "_e", tag + "_forall", tag,
                     joinSizes({rows, columns}), reverse) +
          fuseInto(tag + "_p", tag + "_forall1", tag + "_mm", tag + "_forall");
  if (fill)
    text += fuseInto(tag + "_fill1", tag + "_forall2", tag + "_fill",
                     tag + "_forall1");
  // The task's epilogue and zeros are vectorized here, by rows of
  // `vectorColumns`: left to LLVM, each task's loops were versioned for
  // aliasing and peeled (RNN b16's 32 step regions: 2.5x the code, and
  // 2.4 s to compile instead of 1.35).
  auto rowTiles = [&](StringRef handle, StringRef name) {
    return llvm::formatv(R"mlir(
      %{0}_{2}t, %{0}_{2}l:2 = transform.structured.tile_using_for %{1}
          tile_sizes [1, {3}]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
             !transform.any_op)
      transform.structured.vectorize %{0}_{2}t : !transform.any_op
)mlir",
                         tag, handle, name, vectorColumns)
        .str();
  };
  text += matmulTiles(tag, mc, nc, kc, mr, nr, split, restRows, backwardK) +
          rowTiles(tag + "_e", "e");
  if (fill)
    text += rowTiles(tag + "_fill1", "f");
  return text + "    }\n";
}

/// The steps for one dot-product schedule (see dotProducts): optionally
/// blocks of `columns` columns of C (contiguous rows of B) across threads,
/// then mr x nr tiles of C, into each of which the partial sums and their
/// zeros are fused: mr x nr accumulators of r lanes, the k loop by 1 over
/// r-wide slices of mr rows of A and nr rows of B, then one horizontal sum
/// per element of the tile.
std::string dotProductSchedule(int index, int64_t mr, int64_t nr,
                               int64_t columns) {
  std::string tag = "dmm" + std::to_string(index);
  std::string text = matchEach(tag, "linalg.generic", index) +
                     producerOf(tag + "_part0", tag, 0) +
                     producerOf(tag + "_fill0", tag + "_part0", 2);
  SmallVector<std::string> containers;
  std::string consumer = tag;
  if (columns) {
    text += distribute(tag + "_e", tag + "_forall", tag,
                       joinSizes({0, columns, 0}));
    containers.push_back(tag + "_forall");
    consumer = tag + "_e";
  }
  text += llvm::formatv(R"mlir(
      %{0}_t, %{0}_l:2 = transform.structured.tile_using_for %{1}
          tile_sizes [{2}, {3}, 0] interchange = [1, 0, 2]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
             !transform.any_op)
)mlir",
                        tag, consumer, mr, nr)
              .str();
  containers.push_back(tag + "_l#0");
  containers.push_back(tag + "_l#1");
  for (auto [level, container] : llvm::enumerate(containers))
    for (StringRef name : {"part", "fill"}) {
      std::string producer = tag + "_" + name.str();
      text += fuseInto(producer + std::to_string(level + 1),
                       producer + "_in" + std::to_string(level + 1),
                       producer + std::to_string(level), container);
    }
  std::string last = std::to_string(containers.size());
  return text + llvm::formatv(R"mlir(
      %{0}_pt, %{0}_pl = transform.structured.tile_using_for %{0}_part{1}
          tile_sizes [0, 0, 0, 1]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
      transform.structured.vectorize %{0}_pt : !transform.any_op
      transform.apply_patterns to %{0}_pl {{
        transform.apply_patterns.vector.reduction_to_contract
        transform.apply_patterns.vector.lower_contraction lowering_strategy = "parallelarith"
      } : !transform.any_op
      transform.structured.vectorize %{0}_fill{1} : !transform.any_op
      transform.structured.vectorize %{0}_t : !transform.any_op
      transform.apply_patterns to %{0}_l#0 {{
        transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = "innerparallel"
      } : !transform.any_op
    }
)mlir",
                              tag, last)
                    .str();
}

/// The steps for one split-reduction matmul schedule (see splitReduction):
/// the k loop by 1 over the whole partial-sum block, vectorized.
std::string splitReductionSchedule(int index) {
  std::string tag = "rmm" + std::to_string(index);
  return matchAndDistribute(tag, "linalg.generic", index, {}) +
         llvm::formatv(R"mlir(
    %{0}_t, %{0}_l = transform.structured.tile_using_for %{0}_p
        tile_sizes [0, 0, 0, 1]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.structured.vectorize %{0}_t : !transform.any_op
)mlir",
                       tag)
             .str();
}

/// The steps for one chunked split-K schedule (splitReduction, chunked):
/// threads take the K chunks (contiguous rows of B), each an mr x nr
/// register tile with k by 1 into its own partial sum; with `kb` > 1, the
/// k loop is outermost, by `kb` rows of B, each swept whole in mr x nr
/// tiles (see the kmm branch of the pass).
std::string chunkedSplitSchedule(int index, int64_t mr, int64_t nr,
                                 int64_t kb) {
  std::string tag = "kmm" + std::to_string(index);
  return matchAndDistribute(tag, "linalg.generic", index, {1, 0, 0, 0}) +
         llvm::formatv(R"mlir(
    %{0}_t, %{0}_l:3 = transform.structured.tile_using_for %{0}_p
        tile_sizes [0, {1}, {2}, {3}]{4}
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
           !transform.any_op, !transform.any_op)
    transform.structured.vectorize %{0}_t : !transform.any_op
)mlir",
                       tag, mr, nr, kb,
                       kb > 1 ? " interchange = [0, 3, 1, 2]" : "")
             .str();
}

/// The steps for one packed matmul schedule (see packRhs): optionally
/// column panels across threads (`columns` per task), cache blocks of
/// `nc` columns x `kc` depth in which the panel of B is packed (the
/// transpose producing the packed B is fused there, so each panel is
/// packed once, right before its `mc`-row blocks use it, and stays in
/// cache), then an mr x nr register tile with k by 1. The panels are
/// packed row by row of B (each row's part of every panel of the block,
/// then the next row), so the copy reads B's rows in order, as the
/// hardware prefetchers follow, rather than a 64-byte piece of each row
/// per panel (call by call on the AVX2 EPYC: MLP b64 0.97-0.99x the time,
/// matmul 1024^3 0.98x). One op at a time: fusion needs the op's own
/// producer and loops.
std::string packedMatmulSchedule(int index, int64_t mc, int64_t nc, int64_t kc,
                                 int64_t mr, int64_t nr, int64_t columns,
                                 int64_t split, int64_t restRows) {
  std::string tag = "pmm" + std::to_string(index);
  std::string text = matchEach(tag, "linalg.generic", index) +
                     producerOf(tag + "_pack", tag, 1);
  if (columns)
    text += distribute(tag + "_p", tag + "_forall", tag,
                       joinSizes({columns / nr, 0, 0, 0})) +
            fuseInto(tag + "_packp", tag + "_forall2", tag + "_pack",
                     tag + "_forall");
  else
    text += llvm::formatv(R"mlir(
      %{0}_p = transform.merge_handles %{0} : !transform.any_op
      %{0}_packp = transform.merge_handles %{0}_pack : !transform.any_op
)mlir",
                          tag)
                .str();
  auto registerTile = [&](StringRef part, int64_t rows) {
    return llvm::formatv(R"mlir(
      %{0}_r, %{0}_l:3 = transform.structured.tile_using_for %{0}
          tile_sizes [1, {1}, 0, 1]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
             !transform.any_op, !transform.any_op)
      transform.structured.vectorize %{0}_r : !transform.any_op
)mlir",
                         (tag + "_" + part).str(), rows)
        .str();
  };
  std::string tiles = registerTiles(tag, 1, split, mr, restRows, registerTile);
  return text +
         llvm::formatv(R"mlir(
      %{0}_a, %{0}_l0:3 = transform.structured.tile_using_for %{0}_p
          tile_sizes [{1}, {2}, 0, {3}] interchange = [0, 3, 1, 2]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
             !transform.any_op, !transform.any_op)
)mlir",
                       tag, nc / nr, mc, kc)
             .str() +
         fuseInto(tag + "_packt", tag + "_kloop", tag + "_packp",
                  tag + "_l0#1") +
         tiles +
         llvm::formatv(R"mlir(
      %{0}_pv, %{0}_pl:2 = transform.structured.tile_using_for %{0}_packt
          tile_sizes [1, 1, 0] interchange = [1, 0, 2]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
             !transform.any_op)
      transform.structured.vectorize %{0}_pv : !transform.any_op
    }
)mlir",
                       tag)
             .str();
}

/// The body of a contraction generic: out + in0 * in1.
void multiplyAdd(OpBuilder &b, Location loc, ValueRange args) {
  Value product = arith::MulFOp::create(b, loc, args[0], args[1]);
  Value sum = arith::AddFOp::create(b, loc, args[2], product);
  linalg::YieldOp::create(b, loc, sum);
}

/// A matmul's operands and sizes: C[m, n] += A[m, k] * B[..] (k from A).
struct MatmulShape {
  Value lhs, rhs, init;
  int64_t m, n, k;
  Type element;
  explicit MatmulShape(linalg::MatmulOp matmul)
      : lhs(matmul.getInputs()[0]), rhs(matmul.getInputs()[1]),
        init(matmul.getOutputs()[0]) {
    auto type = cast<RankedTensorType>(init.getType());
    m = type.getDimSize(0);
    n = type.getDimSize(1);
    k = cast<RankedTensorType>(lhs.getType()).getDimSize(1);
    element = type.getElementType();
  }
};

/// Rewrites C = A * B (M x K times K x N) as the product with B padded by
/// zero columns to `columns`, computed into an init of `columns` columns
/// (zeros where C's init is a fill of zeros, else C's init padded), of
/// which C is the first N columns. Returns the padded product.
linalg::MatmulOp padColumns(linalg::MatmulOp matmul, int64_t columns) {
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  MatmulShape shape(matmul);
  Value init = shape.init;
  int64_t m = shape.m, n = shape.n, k = shape.k;
  Type f32 = shape.element;
  SmallVector<OpFoldResult> zeroOffsets(2, b.getIndexAttr(0)),
      unitStrides(2, b.getIndexAttr(1));
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(f32));
  auto padded = [&](Value source, int64_t rows, Value fillValue) -> Value {
    Value empty = tensor::EmptyOp::create(b, loc, {rows, columns}, f32);
    Value filled =
        linalg::FillOp::create(b, loc, fillValue, empty)->getResult(0);
    if (!source)
      return filled;
    return tensor::InsertSliceOp::create(
        b, loc, source, filled, zeroOffsets,
        SmallVector<OpFoldResult>{b.getIndexAttr(rows), b.getIndexAttr(n)},
        unitStrides);
  };
  Value paddedRhs = padded(shape.rhs, k, zero);
  auto fill = init.getDefiningOp<linalg::FillOp>();
  Value paddedInit =
      fill ? padded(nullptr, m, fill.getInputs()[0]) : padded(init, m, zero);
  auto product = linalg::MatmulOp::create(
      b, loc, TypeRange{paddedInit.getType()}, ValueRange{shape.lhs, paddedRhs},
      ValueRange{paddedInit});
  Value result = tensor::ExtractSliceOp::create(
      b, loc, product->getResult(0), zeroOffsets,
      SmallVector<OpFoldResult>{b.getIndexAttr(m), b.getIndexAttr(n)},
      unitStrides);
  matmul->getResult(0).replaceAllUsesWith(result);
  matmul->erase();
  return product;
}

/// Rewrites C = A * B (M x K times K x N, N a multiple of `nr`) so that B
/// is read from a packed copy: B viewed as K x N/nr x nr is transposed to
/// N/nr x K x nr (each nr-column panel contiguous, row after row), and the
/// product becomes a generic contraction over (n1, m, n0, k) writing C
/// viewed as M x N/nr x nr (a reshape, no copy):
///   C[m][n1][n0] += A[m][k] * Bp[n1][k][n0].
/// The register tile then loads B from consecutive addresses instead of
/// one row every N floats, which on wide matrices costs a TLB miss and a
/// cache-set conflict per row. Returns the contraction; the transpose is
/// the producer of its operand 1.
linalg::GenericOp packRhs(linalg::MatmulOp matmul, int64_t nr) {
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  auto [lhs, rhs, init, m, n, k, f32] = MatmulShape(matmul);
  SmallVector<ReassociationIndices> split = {{0}, {1, 2}};

  auto expanded = [&, n = n, f32 = f32](Value v, int64_t rows) {
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({rows, n / nr, nr}, f32), v, split);
  };
  Value empty = tensor::EmptyOp::create(b, loc, {n / nr, k, nr}, f32);
  Value packed = linalg::TransposeOp::create(b, loc, expanded(rhs, k), empty,
                                             ArrayRef<int64_t>{1, 0, 2})
                     ->getResult(0);

  MLIRContext *ctx = b.getContext();
  AffineExpr n1, mm, n0, kk;
  bindDims(ctx, n1, mm, n0, kk);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {mm, kk}, ctx),
                                 AffineMap::get(4, 0, {n1, kk, n0}, ctx),
                                 AffineMap::get(4, 0, {mm, n1, n0}, ctx)};
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value out = expanded(init, m);
  auto contraction =
      linalg::GenericOp::create(b, loc, out.getType(), ValueRange{lhs, packed},
                                ValueRange{out}, maps, iterators, multiplyAdd);
  Value result = tensor::CollapseShapeOp::create(
      b, loc, init.getType(), contraction.getResult(0), split);
  matmul->getResult(0).replaceAllUsesWith(result);
  matmul->erase();
  return contraction;
}

/// Replaces `matmul` by C += sum_j P[..j..], the generic that adds up the
/// partial sums `partial` (P, read through `partialMap` over the loops
/// (m, n, j)) into the matmul's init; returns that generic.
linalg::GenericOp sumPartials(OpBuilder &b, linalg::MatmulOp matmul,
                              Value partial, AffineMap partialMap) {
  MLIRContext *ctx = b.getContext();
  Value init = matmul.getOutputs()[0];
  AffineExpr m, n;
  bindDims(ctx, m, n);
  auto sum = linalg::GenericOp::create(
      b, matmul.getLoc(), init.getType(), ValueRange{partial}, ValueRange{init},
      SmallVector<AffineMap>{partialMap, AffineMap::get(3, 0, {m, n}, ctx)},
      SmallVector<utils::IteratorType>{utils::IteratorType::parallel,
                                       utils::IteratorType::parallel,
                                       utils::IteratorType::reduction},
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value total = arith::AddFOp::create(nb, nloc, args[1], args[0]);
        linalg::YieldOp::create(nb, nloc, total);
      });
  matmul->getResult(0).replaceAllUsesWith(sum.getResult(0));
  matmul->erase();
  return sum;
}

/// Rewrites C = A * B (M x K times K x N) as `r` interleaved partial sums:
/// with A viewed as M x K/r x r and B as K/r x r x N (reshapes, no copies),
///   P[m][j][n] = sum_kk A[m][kk][j] * B[kk][j][n]   (P starts at zero)
///   C[m][n]   += sum_j P[m][j][n].
/// Each step of the kk loop then reads r consecutive rows of B and updates
/// r x N independent sums, where the plain product chains every FMA of a
/// narrow, few-row product through one accumulator. `chunked` splits K
/// into r contiguous chunks instead (A as M x r x K/r, B as r x K/r x N,
/// P as r x M x N): the form that threads take one chunk each of. Returns
/// the first contraction.
linalg::GenericOp splitReduction(linalg::MatmulOp matmul, int64_t r,
                                 bool chunked) {
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  MLIRContext *ctx = b.getContext();
  auto [lhs, rhs, init, m, n, k, f32] = MatmulShape(matmul);

  // Interleaved: k = kk * r + j; chunked: k = j * (K / r) + kk.
  int64_t chunk = k / r;
  Value lhsView = tensor::ExpandShapeOp::create(
      b, loc,
      RankedTensorType::get(chunked ? ArrayRef<int64_t>{m, r, chunk}
                                    : ArrayRef<int64_t>{m, chunk, r},
                            f32),
      lhs, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  Value rhsView = tensor::ExpandShapeOp::create(
      b, loc,
      RankedTensorType::get(chunked ? ArrayRef<int64_t>{r, chunk, n}
                                    : ArrayRef<int64_t>{chunk, r, n},
                            f32),
      rhs, SmallVector<ReassociationIndices>{{0, 1}, {2}});
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(f32));
  Value empty = tensor::EmptyOp::create(
      b, loc, chunked ? ArrayRef<int64_t>{r, m, n} : ArrayRef<int64_t>{m, r, n},
      f32);
  Value partialInit = linalg::FillOp::create(b, loc, zero, empty)->getResult(0);

  // Iteration dims: (m, j, n, kk) interleaved, (j, m, n, kk) chunked.
  AffineExpr d0, d1, dn, dk;
  bindDims(ctx, d0, d1, dn, dk);
  AffineExpr dm = chunked ? d1 : d0, dj = chunked ? d0 : d1;
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  SmallVector<AffineMap> maps =
      chunked ? SmallVector<AffineMap>{AffineMap::get(4, 0, {dm, dj, dk}, ctx),
                                       AffineMap::get(4, 0, {dj, dk, dn}, ctx),
                                       AffineMap::get(4, 0, {dj, dm, dn}, ctx)}
              : SmallVector<AffineMap>{AffineMap::get(4, 0, {dm, dk, dj}, ctx),
                                       AffineMap::get(4, 0, {dk, dj, dn}, ctx),
                                       AffineMap::get(4, 0, {dm, dj, dn}, ctx)};
  auto partial = linalg::GenericOp::create(
      b, loc, partialInit.getType(), ValueRange{lhsView, rhsView},
      ValueRange{partialInit}, maps, iterators, multiplyAdd);

  AffineExpr em, en, ej;
  bindDims(ctx, em, en, ej);
  sumPartials(b, matmul, partial.getResult(0),
              AffineMap::get(3, 0,
                             chunked ? ArrayRef<AffineExpr>{ej, em, en}
                                     : ArrayRef<AffineExpr>{em, ej, en},
                             ctx));
  return partial;
}

/// Whether `matmul` multiplies A by the transpose of B (indexing maps
/// A[m, k], B[n, k], C[m, n]: tf.matmul's transpose_b, which
/// tfs-normalize-matmuls leaves to dotProducts below when M < 128, K is a
/// multiple of 16 and N one of 4).
bool isTransposedB(linalg::MatmulOp matmul) {
  if (!matmul.hasUserDefinedMaps())
    return false;
  MLIRContext *ctx = matmul.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  SmallVector<AffineMap> want = {AffineMap::get(3, 0, {m, k}, ctx),
                                 AffineMap::get(3, 0, {n, k}, ctx),
                                 AffineMap::get(3, 0, {m, n}, ctx)};
  return matmul.getIndexingMapsArray() == ArrayRef<AffineMap>(want);
}

/// `matmul` (C[M, 1] += A[M, K] * B[K, 1]) with B viewed as its transpose
/// [1, K] (a reshape: one column is contiguous) and transposed indexing
/// maps, the form of isTransposedB; replaces and returns it.
linalg::MatmulOp asTransposedB(linalg::MatmulOp matmul) {
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  MLIRContext *ctx = b.getContext();
  auto [lhs, rhs, init, m, n, k, f32] = MatmulShape(matmul);
  Value column = tensor::CollapseShapeOp::create(
      b, loc, rhs, SmallVector<ReassociationIndices>{{0, 1}});
  Value row = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({1, k}, f32), column,
      SmallVector<ReassociationIndices>{{0, 1}});
  AffineExpr dm, dn, dk;
  bindDims(ctx, dm, dn, dk);
  auto maps = b.getAffineMapArrayAttr({AffineMap::get(3, 0, {dm, dk}, ctx),
                                       AffineMap::get(3, 0, {dn, dk}, ctx),
                                       AffineMap::get(3, 0, {dm, dn}, ctx)});
  auto transposed = linalg::MatmulOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{lhs, row}, ValueRange{init},
      {b.getNamedAttr("indexing_maps", maps)});
  matmul->getResult(0).replaceAllUsesWith(transposed->getResult(0));
  matmul->erase();
  return transposed;
}

/// Rewrites C += A * B^T (see isTransposedB) as dot products over K in
/// vectors of `r` lanes, without transposing B: P[m][n][j] = sum_kk
/// A[m][kk*r+j] * B[n][kk*r+j] (rows of A and of B read contiguously, r
/// partial sums per element of C), then C[m][n] += sum_j P[m][n][j].
/// Returns the final sum, whose schedule fuses the partial sums into its
/// tiles (see dotProductSchedule): P never leaves the registers.
linalg::GenericOp dotProducts(linalg::MatmulOp matmul, int64_t r) {
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  MLIRContext *ctx = b.getContext();
  auto [lhs, rhs, init, m, n, k, f32] = MatmulShape(matmul);
  SmallVector<ReassociationIndices> split = {{0}, {1, 2}};
  Value lhsView = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({m, k / r, r}, f32), lhs, split);
  Value rhsView = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({n, k / r, r}, f32), rhs, split);
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(f32));
  Value empty = tensor::EmptyOp::create(b, loc, {m, n, r}, f32);
  Value partialInit = linalg::FillOp::create(b, loc, zero, empty)->getResult(0);
  // Iteration dims (m, n, j, kk).
  AffineExpr dm, dn, dj, dk;
  bindDims(ctx, dm, dn, dj, dk);
  auto partial = linalg::GenericOp::create(
      b, loc, partialInit.getType(), ValueRange{lhsView, rhsView},
      ValueRange{partialInit},
      SmallVector<AffineMap>{AffineMap::get(4, 0, {dm, dk, dj}, ctx),
                             AffineMap::get(4, 0, {dn, dk, dj}, ctx),
                             AffineMap::get(4, 0, {dm, dn, dj}, ctx)},
      SmallVector<utils::IteratorType>{
          utils::IteratorType::parallel, utils::IteratorType::parallel,
          utils::IteratorType::parallel, utils::IteratorType::reduction},
      multiplyAdd);
  return sumPartials(b, matmul, partial.getResult(0),
                     AffineMap::getMultiDimIdentityMap(3, ctx));
}

/// Rewrites an elementwise epilogue that reads a contraction's result as
/// input `operand` (see fusableEpilogue) to update that result in place:
/// the result becomes the epilogue's init, read through the init's block
/// argument. Tiled by the epilogue, a task then accumulates into its block
/// of the result and finishes it there; with a separate init, bufferizing
/// the task's zeros and epilogue into one block needed a temporary per
/// task (a malloc per task and call). Returns the new epilogue, whose init
/// is operand number getNumDpsInputs(); the old one is left without uses
/// for the caller to erase. The epilogue must not read its own init.
linalg::GenericOp inPlaceEpilogue(linalg::GenericOp epilogue, int64_t operand) {
  Block &body = epilogue.getRegion().front();
  assert(body.getArgument(epilogue.getNumDpsInputs()).use_empty() &&
         "the epilogue reads its init");
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *in : epilogue.getDpsInputOperands())
    if (in->getOperandNumber() != operand) {
      inputs.push_back(in->get());
      maps.push_back(epilogue.getMatchingIndexingMap(in));
    }
  Value result = epilogue.getDpsInputOperand(operand)->get();
  maps.push_back(epilogue.getIndexingMapMatchingResult(epilogue->getResult(0)));
  OpBuilder b(epilogue);
  auto updated = linalg::GenericOp::create(
      b, epilogue.getLoc(), result.getType(), inputs, ValueRange{result}, maps,
      epilogue.getIteratorTypesArray(),
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        // The old body, its argument `operand` now the init's.
        IRMapping mapping;
        int64_t next = 0;
        for (int64_t i = 0, e = epilogue.getNumDpsInputs(); i < e; ++i)
          mapping.map(body.getArgument(i),
                      i == operand ? args.back() : args[next++]);
        for (Operation &op : body.without_terminator())
          nb.clone(op, mapping);
        auto yield = cast<linalg::YieldOp>(body.getTerminator());
        linalg::YieldOp::create(nb, loc,
                                mapping.lookupOrDefault(yield.getOperand(0)));
      });
  epilogue->getResult(0).replaceAllUsesWith(updated->getResult(0));
  return updated;
}

/// Appends an identity generic (a copy into a new tensor) after `conv` and
/// makes it the user of the conv's result: an epilogue that only stores.
std::pair<linalg::GenericOp, int64_t> copyEpilogue(linalg::LinalgOp conv) {
  OpBuilder b(conv->getContext());
  b.setInsertionPointAfter(conv);
  Location loc = conv.getLoc();
  Value result = conv->getResult(0);
  auto type = cast<RankedTensorType>(result.getType());
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  auto copy = linalg::GenericOp::create(
      b, loc, type, ValueRange{result}, ValueRange{empty},
      SmallVector<AffineMap>{id, id},
      SmallVector<utils::IteratorType>(type.getRank(),
                                       utils::IteratorType::parallel),
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, args[0]);
      });
  result.replaceAllUsesExcept(copy.getResult(0), copy);
  return {copy, 0};
}

/// The epilogue of `conv` (see fusableEpilogue), or, when it has none and
/// starts from a fill, a copy as one (copyEpilogue): the zeros can be
/// fused only through an epilogue's tiles (a conv's own init reaches its
/// tiles through loop-carried values, which fusion does not follow), so
/// that a conv that starts from zeros without an epilogue also starts
/// from zeros in registers instead of zeroing its output in memory and
/// loading it back (conv 56x56: 1.36 -> 1.31 ms at 1 thread). {nullptr, 0}
/// when neither applies.
std::pair<linalg::GenericOp, int64_t> epilogueOrCopy(linalg::LinalgOp conv) {
  std::pair<linalg::GenericOp, int64_t> found =
      fusableEpilogue(conv->getResult(0));
  if (!found.first &&
      conv.getDpsInitOperand(0)->get().getDefiningOp<linalg::FillOp>())
    return copyEpilogue(conv);
  return found;
}

/// The slice of `value` that is whole but along dimension `dim`, where it
/// is [offset, offset + length).
Value sliceAlong(OpBuilder &b, Location loc, Value value, int64_t dim,
                 int64_t offset, int64_t length) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0)), sizes;
  for (int64_t extent : type.getShape())
    sizes.push_back(b.getIndexAttr(extent));
  offsets[dim] = b.getIndexAttr(offset);
  sizes[dim] = b.getIndexAttr(length);
  return tensor::ExtractSliceOp::create(
             b, loc, value, offsets, sizes,
             SmallVector<OpFoldResult>(type.getRank(), b.getIndexAttr(1)))
      .getResult();
}

/// Rewrites a depthwise convolution with a channel multiplier M,
/// out[n, h, w, c, m] += in[n, h + kh, w + kw, c] * W[kh, kw, c, m], as one
/// with multiplier 1 over the input's channels each repeated M times
/// (channel c * M + m of a [N, H, W, C * M] copy), with the filter and
/// the output viewed as C * M channels: the multiplier-1 form is tiled
/// and vectorized like a convolution, the other was left to scalar loops
/// (8 x 56 x 56 x 64 with M = 2: 9.4 -> 4.6 ms; the repeated copy, whose
/// innermost dimension is M, is most of the rest). The copy is marked
/// tfs::kSerialAttr when the convolution stays on one thread (`serial`).
void repeatChannels(linalg::DepthwiseConv2DNhwcHwcmOp conv, bool serial) {
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  Value input = conv.getInputs()[0], filter = conv.getInputs()[1];
  Value init = conv.getOutputs()[0];
  // A spatially padded input is repeated before it is padded, and a
  // filled init filled in its new shape, so that the multiplier-1
  // convolution still reads a tensor.pad and starts from a fill (see
  // unpadWindows).
  auto pad = input.getDefiningOp<tensor::PadOp>();
  Value padValue = pad ? pad.getConstantPaddingValue() : Value();
  if (pad && padValue &&
      cast<RankedTensorType>(pad.getSource().getType()).hasStaticShape() &&
      !ShapedType::isDynamicShape(pad.getStaticLow()) &&
      !ShapedType::isDynamicShape(pad.getStaticHigh()) &&
      pad.getStaticLow()[3] == 0 && pad.getStaticHigh()[3] == 0)
    input = pad.getSource();
  else
    pad = nullptr;
  auto inputType = cast<RankedTensorType>(input.getType());
  auto initType = cast<RankedTensorType>(init.getType());
  Type f32 = inputType.getElementType();
  int64_t multiplier = cast<RankedTensorType>(filter.getType()).getDimSize(3);
  SmallVector<int64_t> repeatedShape(inputType.getShape());
  repeatedShape.push_back(multiplier);
  Value empty = tensor::EmptyOp::create(b, loc, repeatedShape, f32);
  AffineMap id = b.getMultiDimIdentityMap(5);
  auto repeated = linalg::GenericOp::create(
      b, loc, empty.getType(), ValueRange{input}, ValueRange{empty},
      SmallVector<AffineMap>{id.dropResult(4), id},
      SmallVector<utils::IteratorType>(5, utils::IteratorType::parallel),
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, args[0]);
      });
  if (serial)
    repeated->setAttr(kSerialAttr, b.getUnitAttr());
  SmallVector<ReassociationIndices> channels = {{0}, {1}, {2}, {3, 4}};
  Value repeatedView =
      tensor::CollapseShapeOp::create(b, loc, repeated.getResult(0), channels);
  if (pad) {
    auto viewType = cast<RankedTensorType>(repeatedView.getType());
    SmallVector<int64_t> paddedShape(viewType.getShape());
    for (int d = 1; d < 3; ++d)
      paddedShape[d] += pad.getStaticLow()[d] + pad.getStaticHigh()[d];
    repeatedView = tensor::PadOp::create(
        b, loc, RankedTensorType::get(paddedShape, f32), repeatedView,
        pad.getMixedLowPad(), pad.getMixedHighPad(), padValue);
  }
  Value filterView = tensor::CollapseShapeOp::create(
      b, loc, filter, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  Value initView;
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    auto viewType =
        tensor::CollapseShapeOp::inferCollapsedType(initType, channels);
    initView = linalg::FillOp::create(b, loc, fill.getInputs()[0],
                                      ValueRange{tensor::EmptyOp::create(
                                          b, loc, viewType.getShape(), f32)})
                   ->getResult(0);
  } else {
    initView = tensor::CollapseShapeOp::create(b, loc, init, channels);
  }
  auto flat = linalg::DepthwiseConv2DNhwcHwcOp::create(
      b, loc, TypeRange{initView.getType()},
      ValueRange{repeatedView, filterView}, ValueRange{initView},
      {b.getNamedAttr("strides", conv.getStrides()),
       b.getNamedAttr("dilations", conv.getDilations())});
  // Users that view the result as C * M channels again (a bias add over
  // them) take the flat result, so that an epilogue there fuses into the
  // convolution's tiles (it was a separate pass over the output: 56x56x32
  // x 2 + bias + relu6 took 0.81x the time at 1 thread without it).
  for (OpOperand &use :
       llvm::make_early_inc_range(conv->getResult(0).getUses()))
    if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(use.getOwner()))
      if (collapse.getType() == flat->getResult(0).getType() &&
          collapse.getReassociationIndices() == channels) {
        collapse.getResult().replaceAllUsesWith(flat->getResult(0));
        collapse->erase();
      }
  if (!conv->getResult(0).use_empty()) {
    Value result = tensor::ExpandShapeOp::create(b, loc, initType,
                                                 flat->getResult(0), channels);
    conv->getResult(0).replaceAllUsesWith(result);
  }
  conv->erase();
}

/// The most rows of a row convolution's register tile with `f` channels:
/// its f x rows accumulators, the rows of the input a step reads and the
/// f filter values fill the vector registers at most (LLVM loads a step's
/// operands before its FMAs). 3 channels in tiles of 8 rows (35 registers)
/// took 1.23x the time of 7 rows (3x3 64 -> 3 on 112 x 112).
int64_t rowConvMaxRows(const RegisterBudget &budget, int64_t f) {
  return std::max<int64_t>((budget.registers - f) / (f + 1), 1);
}

/// The register tile of a row convolution (see rowConv) over `rows`
/// output rows (a thread's block, or all) of `width` columns and `f`
/// channels: {tile rows, tile columns}, the columns one register's lanes
/// (or half, whichever divides the width), the rows as many as
/// rowConvMaxRows allows that divide `rows`, at least 2
/// unless f is 1; {0, 0} if there is no such tile. Rows of vectors, rather
/// than one row of several: a loop-carried vector of 7 registers (112
/// columns) was split into 128-bit pieces and reassembled at every step.
/// One row of several channels would put a unit dimension between f and
/// the columns, which kept the accumulators from being hoisted.
std::pair<int64_t, int64_t> rowConvTile(const RegisterBudget &budget,
                                        int64_t rows, int64_t width,
                                        int64_t f) {
  int64_t cols = 0;
  for (int64_t c : {budget.lanes, budget.lanes / 2})
    if (c >= 4 && width % c == 0) {
      cols = c;
      break;
    }
  int64_t tileRows = blockSize(rows, rowConvMaxRows(budget, f));
  if (!cols || (f > 1 && tileRows < 2))
    return {0, 0};
  return {tileRows, cols};
}

/// Rewrites a convolution with fewer output channels than half a vector's
/// lanes (an RGB output, a one-channel mask) and unit strides as one
/// vectorized over output columns instead of channels:
///   out'[n, f, oh, ow] += in'[n, oh + kh * dh, c, ow + kw * dw]
///                         * W[kh, kw, c, f]
/// (math.fma), with the input as in' = [N, H, C, W] (a transpose; when the
/// input is a constant pad, its source transposed into the interior of a
/// filled tensor, so that the transpose's blocks divide the image) and
/// out' = [N, F, OH, OW] (leading unit dimensions when F is 1, which the
/// vector patterns fold) transposed back to NHWC. Tiled by
/// rowConvSchedule, a step of the reduction is one contiguous read of a
/// tile's rows of columns and an FMA per channel with the filter value
/// broadcast; in NHWC, every FMA used f of a vector's lanes (3x3 64 -> 3
/// channels on 112 x 112: 3 of 16 lanes). `parallel`: whether the
/// convolution may take threads (blocks of output rows). Returns the
/// generic, or null when the convolution does not qualify (see the
/// conditions below and rowConvTile).
linalg::GenericOp rowConv(linalg::Conv2DNhwcHwcfOp conv,
                          const RegisterBudget &budget, bool parallel) {
  if (!isStaticF32(conv) || !conv.hasPureTensorSemantics())
    return nullptr;
  auto outType = cast<RankedTensorType>(conv.getOutputs()[0].getType());
  int64_t n = outType.getDimSize(0), oh = outType.getDimSize(1),
          ow = outType.getDimSize(2), f = outType.getDimSize(3);
  auto strides = llvm::to_vector(conv.getStrides().getValues<int64_t>());
  auto dilations = llvm::to_vector(conv.getDilations().getValues<int64_t>());
  // Register tiles of t rows, as many as the accumulators allow that
  // divide the height, at least 2 with more than one channel: a height
  // none divides (13) is computed on `extraRows` more rows, the fewest
  // that some t allows (13 -> 14, 7 rows a tile), and sliced.
  int64_t maxRows = rowConvMaxRows(budget, f);
  int64_t t = blockSize(oh, maxRows), height = oh;
  if (f > 1 && t < 2) {
    for (int64_t c = 2; c <= maxRows; ++c)
      if (t < 2 || llvm::alignTo(oh, c) <= llvm::alignTo(oh, t))
        t = c;
    height = llvm::alignTo(oh, t);
  }
  int64_t extraRows = height - oh;
  // Threads take blocks of output rows (whole tiles), as for other
  // convolutions.
  int64_t rows = 0;
  if (parallel && n * height >= 2 &&
      flops(cast<linalg::LinalgOp>(conv.getOperation())) >=
          convParallelFlops(budget))
    rows = t * blockSize(height / t, std::max<int64_t>(height / t / 8, 1));
  // Columns in whole vectors (or halves): a width neither divides is
  // computed on `extra` more columns (of zeros, which a fill of the result
  // allows) and sliced (13 -> 16, 28 -> 32).
  int64_t half = budget.lanes / 2;
  int64_t width =
      ow % half == 0 ? ow : llvm::alignTo(ow, ow > budget.lanes ? budget.lanes
                                                                : half);
  int64_t extra = width - ow;
  Value init = conv.getOutputs()[0];
  auto fill = init.getDefiningOp<linalg::FillOp>();
  // Fewer channels than half a vector: at 8 of 16 lanes (3x3 64 -> 8 on
  // 56 x 56) vectors of channels were as fast. Unit strides: a row stride
  // would make the tile's rows of the input strided, which the vectorizer
  // does not take.
  if (2 * f >= budget.lanes || strides[0] != 1 || strides[1] != 1 ||
      ((extra || extraRows) && !fill) ||
      !rowConvTile(budget, rows ? rows : height, width, f).first)
    return nullptr;
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  MLIRContext *ctx = b.getContext();
  Type f32 = outType.getElementType();
  // `shape` permuted: dimension i of the result is `permutation[i]`.
  auto permuted = [](ArrayRef<int64_t> shape, ArrayRef<int64_t> permutation) {
    return llvm::to_vector(llvm::map_range(
        permutation, [&](int64_t d) { return shape[d]; }));
  };
  // `value` transposed by `permutation` into `init` (default: a new
  // tensor).
  auto transpose = [&](Value value, ArrayRef<int64_t> permutation,
                       Value init = nullptr) {
    if (!init)
      init = tensor::EmptyOp::create(
          b, loc,
          permuted(cast<RankedTensorType>(value.getType()).getShape(),
                   permutation),
          f32);
    return linalg::TransposeOp::create(b, loc, value, init, permutation);
  };
  // NHWC -> [N, H, C, W]. The input's transpose takes blocks of rows over
  // the threads too, as many as the convolution's: a core then mostly
  // reads rows it wrote (one core transposing the whole input made 3x3 64
  // -> 3 on 112 x 112 slower on 2 threads than on 1).
  const SmallVector<int64_t> toRows = {0, 1, 3, 2};
  auto swapInner = [&](Value value, Value init = nullptr) -> Value {
    auto op = transpose(value, toRows, init);
    if (rows) {
      int64_t h = cast<RankedTensorType>(value.getType()).getDimSize(1);
      op->setAttr(kRowConvAttr,
                  b.getI64IntegerAttr(blockSize(
                      h, std::max<int64_t>(h * rows / height, 1))));
    }
    return op->getResult(0);
  };
  // `source` transposed into the interior (at `low`) of a tensor of
  // `shape` filled with `value`.
  SmallVector<OpFoldResult> ones(4, b.getIndexAttr(1));
  auto intoFilled = [&](Value source, SmallVector<OpFoldResult> low,
                        Value value, SmallVector<int64_t> shape) -> Value {
    SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
        ctx,
        permuted(cast<RankedTensorType>(source.getType()).getShape(), toRows));
    Value filled =
        linalg::FillOp::create(
            b, loc, value,
            ValueRange{tensor::EmptyOp::create(b, loc, shape, f32)})
            ->getResult(0);
    Value interior =
        tensor::ExtractSliceOp::create(b, loc, filled, low, sizes, ones);
    return tensor::InsertSliceOp::create(
        b, loc, swapInner(source, interior), filled, low, sizes, ones);
  };
  Value input = conv.getInputs()[0];
  SmallVector<int64_t> rowsShape =
      permuted(cast<RankedTensorType>(input.getType()).getShape(), toRows);
  rowsShape[1] += extraRows;
  rowsShape[3] += extra;
  Value transposed;
  auto pad = input.getDefiningOp<tensor::PadOp>();
  if (pad && pad.getConstantPaddingValue() &&
      pad.getSourceType().hasStaticShape()) {
    // The source transposed straight into the interior of the padded
    // tensor's values (a pad of the transposed source copied it again:
    // 3.2 MB, 17 % of the time of 3x3 64 -> 3 on 112 x 112).
    SmallVector<OpFoldResult> low = pad.getMixedLowPad();
    std::swap(low[2], low[3]);
    // A constant yielded from inside the pad's region is cloned out of it.
    Value padValue = pad.getConstantPaddingValue();
    if (padValue.getParentRegion() == &pad.getRegion())
      padValue = b.clone(*padValue.getDefiningOp())->getResult(0);
    transposed = intoFilled(pad.getSource(), low, padValue, rowsShape);
  } else if (extra || extraRows) {
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(f32));
    transposed = intoFilled(
        input, SmallVector<OpFoldResult>(4, b.getIndexAttr(0)), zero,
        rowsShape);
  } else {
    transposed = swapInner(input);
  }
  if (fill)
    init = linalg::FillOp::create(
               b, loc, fill.getInputs()[0],
               ValueRange{tensor::EmptyOp::create(
                   b, loc, SmallVector<int64_t>{n, f, height, width}, f32)})
               ->getResult(0);
  else
    init = transpose(init, {0, 3, 1, 2})->getResult(0);
  AffineExpr dn, df, doh, dow, dkh, dkw, dc;
  bindDims(ctx, dn, df, doh, dow, dkh, dkw, dc);
  SmallVector<AffineMap> maps = {
      AffineMap::get(
          7, 0, {dn, doh + dkh * dilations[0], dc, dow + dkw * dilations[1]},
          ctx),
      AffineMap::get(7, 0, {dkh, dkw, dc, df}, ctx),
      AffineMap::get(7, 0, {dn, df, doh, dow}, ctx)};
  auto par = utils::IteratorType::parallel,
       red = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{transposed, conv.getInputs()[1]},
      ValueRange{init}, maps,
      SmallVector<utils::IteratorType>{par, par, par, par, red, red, red},
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(
            nb, nloc,
            math::FmaOp::create(nb, nloc, args[0], args[1], args[2])
                .getResult());
      });
  generic->setAttr(kRowConvAttr, b.getI64IntegerAttr(rows));
  Value result = generic->getResult(0);
  if (extraRows)
    result = sliceAlong(b, loc, result, 2, 0, oh);
  if (extra)
    result = sliceAlong(b, loc, result, 3, 0, ow);
  // Back to [N, OH, OW, F], in scalar loops that write the result in
  // order: vectorized as an elementwise generic, the F x OW blocks became
  // transposes of single elements (6 ms for 112 x 112 x 3).
  conv->getResult(0).replaceAllUsesWith(
      transpose(result, {0, 2, 3, 1})->getResult(0));
  conv->erase();
  return generic;
}

/// Computes C += A B for a matmul of at most 4 rows whose N is between
/// half a vector and a vector (9 to 15 columns on AVX-512: 10 classes) as
/// FMAs over B read as one flat array: a step takes R rows of B (R x N
/// floats, R = lanes / gcd(N, lanes), whole vectors: 8 rows of 10 are 5
/// vectors), multiplies each vector by A's R values spread to match (a
/// shuffle of A's R values per vector and row of A) into accumulators of
/// its own, and the lanes that hold column j are summed at the end. As
/// one register tile of N-lane vectors, each row of B was assembled from
/// pieces (1 x 4096 x 10 took 2.0 us reading 160 KB). Returns false,
/// changing nothing, when the matmul does not qualify (K a multiple of R,
/// accumulators within the registers).
bool flatNarrowProduct(linalg::MatmulOp matmul, const RegisterBudget &budget) {
  if (matmul.hasUserDefinedMaps() || !isStaticF32(matmul) ||
      !matmul.hasPureTensorSemantics() || budget.lanes != 16)
    return false;
  Value a = matmul.getInputs()[0], bMatrix = matmul.getInputs()[1],
        c = matmul.getOutputs()[0];
  auto aType = cast<RankedTensorType>(a.getType());
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1);
  int64_t n = cast<RankedTensorType>(bMatrix.getType()).getDimSize(1);
  int64_t lanes = budget.lanes;
  int64_t rows = lanes / std::gcd(n, lanes), vectors = rows * n / lanes;
  // The accumulators (m x vectors) and a step's vectors of B must fit the
  // registers, with two to spare (A's values, a shuffle): an odd N takes
  // 16 rows a step, N vectors.
  if (m > 4 || 2 * n <= lanes || n >= lanes || k % rows ||
      (m + 1) * vectors > budget.registers - 2)
    return false;
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  Type f32 = aType.getElementType();
  auto index = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v).getResult();
  };
  auto laneType = VectorType::get({lanes}, f32);
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(laneType));
  Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(f32));
  Value flat = tensor::CollapseShapeOp::create(
      b, loc, bMatrix, SmallVector<ReassociationIndices>{{0, 1}});
  SmallVector<Value> inits(m * vectors, zero);
  auto loop = scf::ForOp::create(
      b, loc, index(0), index(k), index(rows), inits,
      [&](OpBuilder &nb, Location nloc, Value kv, ValueRange accs) {
        Value offset = arith::MulIOp::create(
            nb, nloc, kv, arith::ConstantIndexOp::create(nb, nloc, n));
        SmallVector<Value> bVectors;
        for (int64_t v = 0; v < vectors; ++v) {
          Value at = arith::AddIOp::create(
              nb, nloc, offset,
              arith::ConstantIndexOp::create(nb, nloc, v * lanes));
          bVectors.push_back(vector::TransferReadOp::create(
              nb, nloc, laneType, flat, ValueRange{at}, pad,
              ArrayRef<bool>{true}));
        }
        SmallVector<Value> results;
        for (int64_t row = 0; row < m; ++row) {
          Value x = vector::TransferReadOp::create(
              nb, nloc, VectorType::get({rows}, f32), a,
              ValueRange{arith::ConstantIndexOp::create(nb, nloc, row), kv},
              pad, ArrayRef<bool>{true});
          for (int64_t v = 0; v < vectors; ++v) {
            // Lane l of vector v holds B's row (v * lanes + l) / n of the
            // step.
            SmallVector<int64_t> mask;
            for (int64_t l = 0; l < lanes; ++l)
              mask.push_back((v * lanes + l) / n);
            Value spread = vector::ShuffleOp::create(nb, nloc, x, x, mask);
            results.push_back(vector::FMAOp::create(
                nb, nloc, bVectors[v], spread, accs[row * vectors + v]));
          }
        }
        scf::YieldOp::create(nb, nloc, results);
      });
  // Column j of row `row`: C's value plus the lanes (r * n + j) of the
  // step's R x N, r < R.
  Value result = c;
  for (int64_t row = 0; row < m; ++row) {
    Value prior = vector::TransferReadOp::create(
        b, loc, VectorType::get({n}, f32), result,
        ValueRange{index(row), index(0)}, pad, ArrayRef<bool>{true});
    SmallVector<Value> sums;
    for (int64_t j = 0; j < n; ++j) {
      Value sum = vector::ExtractOp::create(b, loc, prior, j);
      for (int64_t r = 0; r < rows; ++r) {
        int64_t element = r * n + j;
        sum = arith::AddFOp::create(
            b, loc, sum,
            vector::ExtractOp::create(
                b, loc, loop.getResult(row * vectors + element / lanes),
                element % lanes));
      }
      sums.push_back(sum);
    }
    Value rowSums = vector::FromElementsOp::create(
        b, loc, VectorType::get({n}, f32), sums);
    result = vector::TransferWriteOp::create(
                 b, loc, rowSums, result, ValueRange{index(row), index(0)},
                 ArrayRef<bool>{true})
                 .getResult();
  }
  matmul->getResult(0).replaceAllUsesWith(result);
  return true;
}

/// Makes the linalg.index ops of `generic` (computing one part of a
/// result) give positions in the whole: dimension d's plus offsets[d].
void shiftIndices(linalg::GenericOp generic, ArrayRef<int64_t> offsets) {
  SmallVector<linalg::IndexOp> indexOps;
  generic.getRegion().walk([&](linalg::IndexOp op) { indexOps.push_back(op); });
  for (linalg::IndexOp op : indexOps) {
    int64_t offset = offsets[op.getDim()];
    if (!offset)
      continue;
    OpBuilder b(op->getContext());
    b.setInsertionPointAfter(op);
    Value shift = arith::ConstantIndexOp::create(b, op.getLoc(), offset);
    Value shifted = arith::AddIOp::create(b, op.getLoc(), op, shift);
    op.getResult().replaceAllUsesExcept(shifted, shifted.getDefiningOp());
  }
}

/// A copy of `conv` (a convolution, depthwise convolution or pool: input,
/// filter or window, init) computing one part of its result, of `shape`,
/// from `input` and `filter`, starting from a fill like `fill` (its init's).
Value convPart(OpBuilder &b, linalg::LinalgOp conv, linalg::FillOp fill,
               Value input, Value filter, ArrayRef<int64_t> shape) {
  Location loc = conv.getLoc();
  auto type = RankedTensorType::get(
      shape, cast<ShapedType>(conv->getResult(0).getType()).getElementType());
  Value init =
      linalg::FillOp::create(b, loc, fill.getInputs()[0],
                             ValueRange{tensor::EmptyOp::create(
                                 b, loc, shape, type.getElementType())})
          ->getResult(0);
  Operation *part = b.clone(*conv);
  part->setOperand(0, input);
  part->setOperand(1, filter);
  part->setOperand(2, init);
  part->getResult(0).setType(type);
  return part->getResult(0);
}

/// A copy of `epilogue` (see fusableEpilogue) computing the part of its
/// result at `offsets` of `shape` from `partResult` (the contraction's
/// result for that part, the epilogue's operand `operand`): its other
/// inputs sliced to the part where they have its dimensions (not a bias
/// or a scalar), its init an empty tensor of the part's shape, its
/// linalg.index ops shifted (see shiftIndices). The inputs must have
/// static shapes and projected-permutation maps.
Value epiloguePart(OpBuilder &b, linalg::GenericOp epilogue, int64_t operand,
                   Value partResult, ArrayRef<int64_t> offsets,
                   ArrayRef<int64_t> shape) {
  Location loc = epilogue.getLoc();
  auto full = cast<RankedTensorType>(epilogue->getResult(0).getType());
  auto type = RankedTensorType::get(shape, full.getElementType());
  auto part = cast<linalg::GenericOp>(b.clone(*epilogue));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(part);
  for (OpOperand *in : epilogue.getDpsInputOperands()) {
    unsigned number = in->getOperandNumber();
    if (number == operand) {
      part->setOperand(number, partResult);
      continue;
    }
    AffineMap map = epilogue.getMatchingIndexingMap(in);
    auto inType = cast<RankedTensorType>(in->get().getType());
    SmallVector<OpFoldResult> inOffsets, inSizes;
    bool whole = true;
    for (auto [i, expr] : llvm::enumerate(map.getResults())) {
      unsigned dim = cast<AffineDimExpr>(expr).getPosition();
      int64_t size = shape[dim] == full.getDimSize(dim) ? inType.getDimSize(i)
                                                        : shape[dim];
      whole = whole && !offsets[dim] && size == inType.getDimSize(i);
      inOffsets.push_back(b.getIndexAttr(offsets[dim]));
      inSizes.push_back(b.getIndexAttr(size));
    }
    if (whole)
      continue;
    part->setOperand(number, tensor::ExtractSliceOp::create(
                                 b, loc, in->get(), inOffsets, inSizes,
                                 SmallVector<OpFoldResult>(inSizes.size(),
                                                           b.getIndexAttr(1))));
  }
  part->setOperand(
      epilogue.getDpsInitOperand(0)->getOperandNumber(),
      tensor::EmptyOp::create(b, loc, shape, type.getElementType()));
  part->getResult(0).setType(type);
  shiftIndices(part, offsets);
  return part->getResult(0);
}

/// Splits a convolution that starts from a fill, and the elementwise
/// epilogue it goes through (see fusableEpilogue), into two of each along
/// output dimension `dim`, at [0, split) and [split, size): output columns
/// (dim 2: each part convolves the input columns it needs) or output
/// channels (dim 3: each part convolves with its channels of the filter).
/// Each part computes into its own zeros, and its epilogue writes its part
/// of the result (tensor.empty inits, so that the parts land in place).
/// The parts are then scheduled on their own, with register tiles that
/// fit their widths. With `padTo` above the second part's channels, that
/// part convolves with its filter channels padded with zeros to `padTo`
/// and its epilogue reads the channels it has; with `split` 0 and `dim` 3,
/// the whole convolution is that part. Returns false, changing
/// nothing, for epilogue operands that are not plain projections of the
/// iteration space.
bool splitConv(linalg::Conv2DNhwcHwcfOp conv, linalg::GenericOp epilogue,
               int64_t operand, int64_t dim, int64_t split, int64_t padTo = 0) {
  auto fill = conv.getOutputs()[0].getDefiningOp<linalg::FillOp>();
  if (!fill ||
      !epilogue.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>())
    return false;
  for (OpOperand *input : epilogue.getDpsInputOperands()) {
    AffineMap map = epilogue.getMatchingIndexingMap(input);
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    if (!map.isProjectedPermutation() ||
        (map.isFunctionOfDim(dim) && (!type || !type.hasStaticShape())))
      return false;
  }
  OpBuilder b(epilogue);
  Location loc = conv.getLoc();
  Value input = conv.getInputs()[0], filter = conv.getInputs()[1];
  auto filterType = cast<RankedTensorType>(filter.getType());
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  int64_t size = outputType.getDimSize(dim);
  int64_t stride = conv.getStrides().getValues<int64_t>()[1];
  int64_t dilation = conv.getDilations().getValues<int64_t>()[1];
  int64_t kw = filterType.getDimSize(1);
  Type f32 = outputType.getElementType();
  Value result = epilogue.getDpsInitOperand(0)->get();
  SmallVector<OpFoldResult> ones(4, b.getIndexAttr(1));
  auto slice = [&](Value value, int64_t d, int64_t offset, int64_t length) {
    return sliceAlong(b, loc, value, d, offset, length);
  };
  // With `split` 0, one part: the whole convolution (with its channels
  // padded to `padTo`).
  SmallVector<std::pair<int64_t, int64_t>> parts = {{0, split},
                                                    {split, size - split}};
  if (!split)
    parts = {{0, size}};
  for (auto [start, length] : parts) {
    SmallVector<int64_t> shape(outputType.getShape());
    shape[dim] = length;
    Value partInput = input, partFilter = filter;
    if (dim == 2)
      partInput = slice(input, 2, start * stride,
                        (length - 1) * stride + (kw - 1) * dilation + 1);
    else
      partFilter = slice(filter, 3, start, length);
    SmallVector<int64_t> convShape = shape;
    bool padded = dim == 3 && (start || !split) && padTo > length;
    if (padded) {
      convShape[3] = padTo;
      SmallVector<OpFoldResult> low(4, b.getIndexAttr(0)), high = low;
      high[3] = b.getIndexAttr(padTo - length);
      SmallVector<int64_t> paddedShape(filterType.getShape());
      paddedShape[3] = padTo;
      Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(f32));
      partFilter =
          tensor::PadOp::create(b, loc, RankedTensorType::get(paddedShape, f32),
                                partFilter, low, high, zero);
    }
    Value partResult =
        convPart(b, conv, fill, partInput, partFilter, convShape);
    if (padded)
      partResult = slice(partResult, 3, 0, length);
    SmallVector<int64_t> offsets(4, 0);
    offsets[dim] = start;
    Value part = epiloguePart(b, epilogue, operand, partResult, offsets, shape);
    result = tensor::InsertSliceOp::create(
        b, loc, part, result, getAsIndexOpFoldResult(b.getContext(), offsets),
        getAsIndexOpFoldResult(b.getContext(), shape), ones);
  }
  epilogue->getResult(0).replaceAllUsesWith(result);
  epilogue->erase();
  conv->erase();
  if (fill->use_empty())
    fill->erase();
  return true;
}

/// The output positions [begin, end) of one spatial dimension of a
/// convolution whose windows lie wholly inside its unpadded input: o * s -
/// low >= 0 and o * s - low + (k - 1) * d < size. Empty (begin >= end)
/// when there are none.
std::pair<int64_t, int64_t> interiorRange(int64_t outputs, int64_t size,
                                          int64_t low, int64_t k, int64_t s,
                                          int64_t d) {
  int64_t begin = llvm::divideCeil(low, s);
  int64_t last = size - 1 + low - (k - 1) * d;
  int64_t end = last < 0 ? 0 : std::min(outputs, last / s + 1);
  return {std::min(begin, outputs), end};
}

/// Rewrites a depthwise convolution or an NHWC pool (`conv`: input,
/// window or filter, init) whose input is a padded tensor (TF's SAME
/// padding: a tensor.pad of the whole input with zeros, or -inf for a max
/// pool, copied before the op reads it) and whose result goes through
/// `epilogue` (see epilogueOrCopy) into parts that read the unpadded
/// input: the outputs whose windows lie inside it (the interior) read it
/// in place, and the bands around them (rows above and below, columns
/// left and right of the interior rows) read small padded slices of it.
/// Each part is the op from its init's fill value and a copy of the
/// epilogue on its slices, inserted into the epilogue's init. These ops
/// do a few operations per input element (9 FMAs for a 3x3 depthwise
/// convolution, 2.25 maxima for a 3x3 stride-2 pool), so the padded copy,
/// written and read again, took 17-20 % of a depthwise convolution's time
/// (112 x 112 x 64, 3x3, at 1 thread; 32 % at 2) and 40 % of a max
/// pool's (3x3 stride 2 on 112 x 112 x 64). Returns false, changing
/// nothing, when the shapes do not fit (dynamic, a padding value that is
/// not a constant, an interior of less than 55 % of the outputs: on 7 x 7
/// x 1024, 3x3, the 5 x 5 interior and four thin bands took 1.01-1.05x
/// the time of the padded copy, on 8 x 8 0.93x, on 14 x 14 x 512 0.62x).
bool unpadWindows(linalg::LinalgOp conv, linalg::GenericOp epilogue,
                  int64_t operand) {
  auto pad = conv.getDpsInputs()[0].getDefiningOp<tensor::PadOp>();
  auto fill = conv.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  auto stridesAttr = conv->getAttrOfType<DenseIntElementsAttr>("strides");
  auto dilationsAttr = conv->getAttrOfType<DenseIntElementsAttr>("dilations");
  if (!pad || !fill || !stridesAttr || !dilationsAttr ||
      !epilogue.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>())
    return false;
  // The bands are padded with the same value, so any constant keeps the
  // op's results.
  Value padValue = pad.getConstantPaddingValue();
  if (!padValue || !padValue.getDefiningOp<arith::ConstantOp>())
    return false;
  SmallVector<int64_t> low(pad.getStaticLow()), high(pad.getStaticHigh());
  if (ShapedType::isDynamicShape(low) || ShapedType::isDynamicShape(high) ||
      low[0] || high[0] || low[3] || high[3])
    return false;
  Value input = pad.getSource();
  auto inputType = dyn_cast<RankedTensorType>(input.getType());
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  auto filterType = cast<RankedTensorType>(conv.getDpsInputs()[1].getType());
  if (!inputType || !inputType.hasStaticShape())
    return false;
  for (OpOperand *in : epilogue.getDpsInputOperands()) {
    AffineMap map = epilogue.getMatchingIndexingMap(in);
    auto type = dyn_cast<RankedTensorType>(in->get().getType());
    if (!map.isProjectedPermutation() || !type || !type.hasStaticShape())
      return false;
  }
  // Per spatial dimension (1: rows, 2: columns): the interior's range.
  int64_t strides[2], dilations[2], kernel[2];
  std::pair<int64_t, int64_t> interior[2];
  for (int i = 0; i < 2; ++i) {
    strides[i] = stridesAttr.getValues<int64_t>()[i];
    dilations[i] = dilationsAttr.getValues<int64_t>()[i];
    kernel[i] = filterType.getDimSize(i);
    interior[i] =
        interiorRange(outputType.getDimSize(i + 1), inputType.getDimSize(i + 1),
                      low[i + 1], kernel[i], strides[i], dilations[i]);
  }
  int64_t rows = outputType.getDimSize(1), cols = outputType.getDimSize(2);
  int64_t interiorArea = (interior[0].second - interior[0].first) *
                         (interior[1].second - interior[1].first);
  if (interior[0].first >= interior[0].second ||
      interior[1].first >= interior[1].second ||
      20 * interiorArea < 11 * rows * cols)
    return false;
  // The parts, as [row begin, row end) x [column begin, column end): the
  // bands above and below the interior rows at full width, then the
  // interior rows left of, in, and right of the interior columns.
  struct Part {
    int64_t r0, r1, c0, c1;
  };
  auto [ri0, ri1] = interior[0];
  auto [ci0, ci1] = interior[1];
  SmallVector<Part> parts;
  for (Part part :
       {Part{0, ri0, 0, cols}, Part{ri0, ri1, 0, ci0}, Part{ri0, ri1, ci0, ci1},
        Part{ri0, ri1, ci1, cols}, Part{ri1, rows, 0, cols}})
    if (part.r0 < part.r1 && part.c0 < part.c1)
      parts.push_back(part);
  // Every part's window must touch the input (with huge padding a band's
  // could lie wholly in it; not worth a case of its own).
  auto window = [&](int i, int64_t begin, int64_t end) {
    int64_t first = begin * strides[i] - low[i + 1];
    int64_t last = (end - 1) * strides[i] - low[i + 1] +
                   (kernel[i] - 1) * dilations[i] + 1;
    return std::make_pair(first, last);
  };
  for (const Part &part : parts) {
    auto [rf, rl] = window(0, part.r0, part.r1);
    auto [cf, cl] = window(1, part.c0, part.c1);
    if (rl <= 0 || rf >= inputType.getDimSize(1) || cl <= 0 ||
        cf >= inputType.getDimSize(2))
      return false;
  }

  OpBuilder b(epilogue);
  Location loc = conv.getLoc();
  Type f32 = outputType.getElementType();
  Value result = epilogue.getDpsInitOperand(0)->get();
  SmallVector<OpFoldResult> ones(4, b.getIndexAttr(1));
  auto indices = [&](ArrayRef<int64_t> values) {
    return getAsIndexOpFoldResult(b.getContext(), values);
  };
  int64_t n = outputType.getDimSize(0), c = outputType.getDimSize(3);
  for (const Part &part : parts) {
    // The part's input: the rows and columns its windows read, clipped to
    // the input, and padded with the op's padding value where they
    // reach past it.
    auto [rf, rl] = window(0, part.r0, part.r1);
    auto [cf, cl] = window(1, part.c0, part.c1);
    int64_t h = inputType.getDimSize(1), w = inputType.getDimSize(2);
    int64_t r0 = std::max<int64_t>(rf, 0), r1 = std::min(rl, h);
    int64_t c0 = std::max<int64_t>(cf, 0), c1 = std::min(cl, w);
    Value partInput =
        tensor::ExtractSliceOp::create(b, loc, input, indices({0, r0, c0, 0}),
                                       indices({n, r1 - r0, c1 - c0, c}), ones);
    int64_t padTop = r0 - rf, padBottom = rl - r1, padLeft = c0 - cf,
            padRight = cl - c1;
    if (padTop || padBottom || padLeft || padRight) {
      auto paddedType = RankedTensorType::get({n, rl - rf, cl - cf, c}, f32);
      partInput = tensor::PadOp::create(
          b, loc, paddedType, partInput, indices({0, padTop, padLeft, 0}),
          indices({0, padBottom, padRight, 0}), padValue);
    }
    SmallVector<int64_t> shape = {n, part.r1 - part.r0, part.c1 - part.c0, c};
    Value partResult =
        convPart(b, conv, fill, partInput, conv.getDpsInputs()[1], shape);
    // An average pool's epilogue divides by each window's count of real
    // elements, computed from its position: epiloguePart shifts it.
    SmallVector<int64_t> offsets = {0, part.r0, part.c0, 0};
    Value partEpilogue =
        epiloguePart(b, epilogue, operand, partResult, offsets, shape);
    result = tensor::InsertSliceOp::create(
        b, loc, partEpilogue, result, indices(offsets), indices(shape), ones);
  }
  epilogue->getResult(0).replaceAllUsesWith(result);
  epilogue->erase();
  conv->erase();
  if (fill->use_empty())
    fill->erase();
  if (pad->use_empty())
    pad->erase();
  return true;
}

/// Splits `matmul` along `dim` (0: rows of A and C, 1: columns of B and C)
/// into [0, head) and [head, size): two matmuls on slices of its operands,
/// each accumulating into its slice of the init, inserted back into it.
/// Returns the two.
std::pair<linalg::MatmulOp, linalg::MatmulOp>
splitMatmul(linalg::MatmulOp matmul, int dim, int64_t head) {
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  Value lhs = matmul.getInputs()[0], rhs = matmul.getInputs()[1];
  Value init = matmul.getOutputs()[0];
  auto type = cast<RankedTensorType>(init.getType());
  int64_t size = type.getDimSize(dim);
  auto slice = [&](Value value, int sliced, int64_t start, int64_t length) {
    return sliceAlong(b, loc, value, sliced, start, length);
  };
  Value result = init;
  SmallVector<linalg::MatmulOp> parts;
  for (auto [start, length] :
       {std::pair<int64_t, int64_t>{0, head}, {head, size - head}}) {
    Value partLhs = dim == 0 ? slice(lhs, 0, start, length) : lhs;
    Value partRhs = dim == 1 ? slice(rhs, 1, start, length) : rhs;
    // The slice of the result so far, not of `init`: the second part then
    // reads what the first produced, which lets bufferization compute both
    // in the result's buffer (sliced from `init` itself, the first part of
    // 1000^3 went to a temporary, copied back with the whole result: 5.8 %
    // of its time in memmove).
    Value partInit = slice(result, dim, start, length);
    auto part = linalg::MatmulOp::create(b, loc, ValueRange{partLhs, partRhs},
                                         ValueRange{partInit});
    parts.push_back(part);
    SmallVector<OpFoldResult> offsets(2, b.getIndexAttr(0));
    offsets[dim] = b.getIndexAttr(start);
    result = tensor::InsertSliceOp::create(
                 b, loc, part.getResult(0), result, offsets,
                 tensor::getMixedSizes(b, loc, part.getResult(0)),
                 SmallVector<OpFoldResult>(2, b.getIndexAttr(1)))
                 .getResult();
  }
  matmul.getResult(0).replaceAllUsesWith(result);
  matmul.erase();
  return {parts[0], parts[1]};
}

/// Clean-ups shared by all schedules: fold the vector transfers into the
/// tiles, hoist the accumulators out of the reduction loops, and lower
/// vector.contract to outer products.
constexpr llvm::StringLiteral kCommonTail = R"mlir(
    %funcs = transform.structured.match ops{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.foreach %funcs : !transform.any_op {
    ^bb0(%f: !transform.any_op):
      transform.apply_patterns to %f {
        transform.apply_patterns.vector.reduction_to_contract
        transform.apply_patterns.vector.transfer_permutation_patterns
        transform.apply_patterns.canonicalization
        transform.apply_patterns.tensor.fold_tensor_subset_ops_into_vector_transfers
      } : !transform.any_op
      transform.apply_cse to %f : !transform.any_op
      %hoisted = transform.structured.hoist_redundant_vector_transfers %f
          : (!transform.any_op) -> !transform.any_op
      %loops = transform.structured.match interface{LoopLikeInterface} in %hoisted
          : (!transform.any_op) -> !transform.any_op
      transform.apply_licm to %loops : !transform.any_op
      transform.loop.hoist_loop_invariant_subsets %loops : !transform.any_op
      transform.apply_patterns to %hoisted {
        transform.apply_patterns.vector.reduction_to_contract
        transform.apply_patterns.vector.cast_away_vector_leading_one_dim
        transform.apply_patterns.canonicalization
      } : !transform.any_op
      transform.apply_patterns to %hoisted {
        transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
        transform.apply_patterns.vector.lower_outerproduct
      } : !transform.any_op
    }
)mlir";

/// transpose(broadcast(v : S) : B, P) -> broadcast(shape_cast(v) : S') when
/// the transpose keeps v's own dimensions in their order: S' is the result
/// from v's first dimension on, with 1 for every dimension that is not
/// v's (a filter value per channel spread over rows and columns: v : <3>,
/// B = <7x16x3>, P = [0, 2, 1] gives S' = <3x1>). The vectorizer writes a
/// rowConv step's operands this way; lowered as transposes, they became
/// shuffles of every element of the register tile at every step.
struct TransposedBroadcastToBroadcast
    : OpRewritePattern<vector::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto broadcast = op.getVector().getDefiningOp<vector::BroadcastOp>();
    if (!broadcast)
      return failure();
    auto source = dyn_cast<VectorType>(broadcast.getSourceType());
    VectorType broadcastType = broadcast.getResultVectorType();
    VectorType type = op.getResultVectorType();
    if (!source || source.getRank() == 0 || source.isScalable() ||
        type.isScalable())
      return failure();
    int64_t rank = type.getRank(), leading = rank - source.getRank();
    // v's dimensions must be whole in B (no stretched unit dimensions).
    if (broadcastType.getShape().drop_front(leading) != source.getShape())
      return failure();
    ArrayRef<int64_t> permutation = op.getPermutation();
    SmallVector<int64_t> positions;
    for (int64_t d = leading; d < rank; ++d)
      positions.push_back(llvm::find(permutation, d) - permutation.begin());
    if (!llvm::is_sorted(positions))
      return failure();
    SmallVector<int64_t> shape(type.getShape().drop_front(positions[0]));
    for (int64_t j = positions[0]; j < rank; ++j)
      if (!llvm::is_contained(positions, j))
        shape[j - positions[0]] = 1;
    Value reshaped = vector::ShapeCastOp::create(
        rewriter, op.getLoc(),
        VectorType::get(shape, source.getElementType()),
        broadcast.getSource());
    rewriter.replaceOpWithNewOp<vector::BroadcastOp>(op, type, reshaped);
    return success();
  }
};

struct TileConvMatmulPass
    : public tfs::impl::TileConvMatmulPassBase<TileConvMatmulPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerTransformDialectExtension(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    // Equal schedules share one transform sequence.
    llvm::StringMap<int> scheduleIndex;
    std::string body;
    auto assign = [&](Operation *op, const std::string &key,
                      llvm::function_ref<std::string(int)> make) {
      auto [it, inserted] = scheduleIndex.try_emplace(
          key, static_cast<int>(scheduleIndex.size()));
      if (inserted)
        body += make(it->second);
      op->setAttr(kScheduleAttr,
                  IntegerAttr::get(IntegerType::get(context, 64), it->second));
    };

    // Chains of elementwise ops after a contraction (bias, activation)
    // become one generic first, so that it can be fused into the
    // contraction's tiles as one epilogue. Only generic into generic:
    // reshapes stay out of the named contractions; and only producers that
    // only generics use, which fusion then removes (f(x)'s cos x, used
    // twice, is computed once in the fused body after CSE): one that a
    // reduction also reads would be computed twice (softmax's exp:
    // 64 x 1000 took 1.45x the time). A producer is copied into each use
    // (CSE merges the copies afterwards), so a recurrence whose elementwise
    // steps each read the previous one several times (an LSTM cell with
    // peepholes and clipping) grew its bodies exponentially with the steps
    // (6 steps: this pass took minutes). A producer read more than once is
    // copied only if small (kCopiedProducerOps) and over at least
    // kParallelElements elements, where the copy saves memory traffic:
    // a smaller result stays in L1 between its users, and copies made an
    // LSTM step recompute the previous step's cell state (16 steps of 256:
    // 0.95x the time, 2.5 -> 1.5 s to compile). No body grows beyond
    // kMaxFusedOps ops.
    {
      RewritePatternSet patterns(context);
      auto elementCount = [](Operation *op) {
        return cast<ShapedType>(op->getResult(0).getType()).getNumElements();
      };
      auto bodySize = [](Operation *op) {
        return static_cast<int64_t>(
            cast<linalg::GenericOp>(op).getBody()->getOperations().size());
      };
      linalg::populateElementwiseOpsFusionPatterns(
          patterns, [&](OpOperand *operand) {
            Operation *producer = operand->get().getDefiningOp();
            Operation *consumer = operand->getOwner();
            return producer && isa<linalg::GenericOp>(producer) &&
                   isa<linalg::GenericOp>(consumer) &&
                   llvm::all_of(producer->getUsers(),
                                [](Operation *user) {
                                  return isa<linalg::GenericOp>(user);
                                }) &&
                   (producer->hasOneUse() ||
                    (bodySize(producer) <= kCopiedProducerOps &&
                     elementCount(producer) >= kParallelElements)) &&
                   bodySize(producer) + bodySize(consumer) <= kMaxFusedOps;
          });
      if (failed(applyPatternsGreedily(module, std::move(patterns))))
        return signalPassFailure();
    }
    RegisterBudget budget(vectorBits);
    // Convolutions with more output channels than a register tile's two
    // vectors that one vector does not divide (YOLO's 255-channel heads)
    // are split into the channels that two-vector tiles divide and the
    // rest. A rest that 4 divides takes vectors of its width; another is
    // computed with its filter padded to whole vectors (31 -> 32), as
    // vectors of 31 lanes were assembled from pieces (1x1 256 -> 255
    // channels on 26x26: 3.0 ms with 31 lanes, 0.50 ms padded). Without
    // the split, no vector width divided F and the convolution ran in
    // scalar loops (1x1 256 -> 255 channels on 26x26: 16.2 -> 0.50 ms, 256
    // channels taking 0.42 ms; 3x3 64 -> 50 on 28x28: 10.3 -> 0.28 ms; 64
    // -> 100, in 4-lane vectors before: 1.42 -> 0.47 ms).
    {
      SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
      module.walk(
          [&](linalg::Conv2DNhwcHwcfOp conv) { convs.push_back(conv); });
      for (linalg::Conv2DNhwcHwcfOp conv : convs) {
        int64_t channels =
            cast<RankedTensorType>(conv.getOutputs()[0].getType())
                .getDimSize(3);
        int64_t f = budget.maxChannels();
        if (!isStaticF32(conv) || channels % budget.lanes == 0 || channels <= 8)
          continue;
        // Fewer channels than two vectors (more than 8, which short
        // vectors handle) are one part (split 0): the whole convolution
        // with its filter padded to whole vectors (3x3 32 -> 18 channels on
        // 56 x 56: 7.7 -> 0.34 ms, 31: 14.7 -> 0.35 ms; 20, in 4-lane
        // vectors: 0.61 -> 0.34 ms).
        int64_t split = channels / f * f, rest = channels - split;
        int64_t padTo =
            split && rest % 4 == 0 ? 0 : llvm::alignTo(rest, budget.lanes);
        auto [epilogue, operand] = epilogueOrCopy(conv);
        if (flops(cast<linalg::LinalgOp>(conv.getOperation())) >=
            convParallelFlops(budget))
          conv->setAttr(kParallelPartAttr, UnitAttr::get(context));
        if (epilogue)
          splitConv(conv, epilogue, operand, 3, split, padTo);
      }
    }
    // Convolutions of at least 4 MFLOP whose width the widest register
    // tile (14 on AVX-512) does not divide are split by columns (see
    // splitConv), until each part has tiles of at least half that:
    // - at least two tiles wide, into a multiple of 14 and the rest, or
    //   14 more than the rest when the rest is under 7 (image filter b1,
    //   64 = 56 + 8: 4.84 -> 4.55 ms at 1 thread, no change measured at 2
    //   threads or batch 8; 59 = 42 + 17: 0.377 -> 0.341 ms);
    // - narrower, when no divisor of the width is at least 7, into halves
    //   (17 = 9 + 8, 3x3 128 -> 128 channels: 1.41 -> 0.45 ms).
    // The small CNN's 1.8 MFLOP first conv (28 + 4) was 3 % slower on 2
    // threads split.
    for (bool changed = true; changed;) {
      changed = false;
      SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
      module.walk(
          [&](linalg::Conv2DNhwcHwcfOp conv) { convs.push_back(conv); });
      for (linalg::Conv2DNhwcHwcfOp conv : convs) {
        if (!isStaticF32(conv) ||
            flops(cast<linalg::LinalgOp>(conv.getOperation())) < kParallelFlops)
          continue;
        auto output = cast<RankedTensorType>(conv.getOutputs()[0].getType());
        int64_t f = budget.maxChannels(), width = output.getDimSize(2);
        int64_t tall = budget.convAccumulators() / f;
        if (output.getDimSize(3) % f || width % tall == 0 || width <= tall)
          continue;
        int64_t split;
        if (width >= 2 * tall) {
          int64_t rest = width % tall;
          split = width - rest - (2 * rest < tall ? tall : 0);
        } else if (2 * convTileWidth(budget, width, f) < tall) {
          split = (width + 1) / 2;
        } else {
          continue;
        }
        auto [epilogue, operand] = epilogueOrCopy(conv);
        conv->setAttr(kParallelPartAttr, UnitAttr::get(context));
        if (epilogue && splitConv(conv, epilogue, operand, 2, split))
          changed = true;
      }
    }
    // Large matmuls whose N two vectors of columns (a packed panel) do not
    // divide, or whose M 8-row tiles do not, are split into the largest
    // part that they divide, tiled as usual, and the remaining columns or
    // rows with smaller tiles (1000 x 1000 x 1000: 26.7 -> 14.7 ms, 1024^3
    // taking 13.8 ms in the same run; whole, it was not packed and its
    // 8-column tiles were half vectors; 64 x 2048 x 1000: 3.67 -> 1.91
    // ms). An epilogue then runs after the parts. Smaller matmuls are
    // split by columns too when 8 does not divide an N of more than 16
    // (into whole panels, or multiples of 8 up to 32 columns): no register
    // tile fitted it, and it ran in scalar loops or in vectors of odd
    // widths (100 x 100 x 100: 0.314 -> 0.012 ms, numpy taking 0.013 ms;
    // 12 batches of 50 x 64 x 50: 0.99 -> 0.049 ms).
    SmallVector<linalg::MatmulOp> matmuls;
    module.walk([&](linalg::MatmulOp matmul) { matmuls.push_back(matmul); });
    for (size_t i = 0; i < matmuls.size(); ++i) {
      linalg::MatmulOp matmul = matmuls[i];
      if (!isStaticF32(matmul) || matmul.hasUserDefinedMaps() ||
          !matmul.hasPureTensorSemantics())
        continue;
      auto output = cast<RankedTensorType>(matmul.getOutputs()[0].getType());
      int64_t m = output.getDimSize(0), n = output.getDimSize(1);
      int64_t panel = 2 * budget.lanes;
      bool large = flops(cast<linalg::LinalgOp>(matmul.getOperation())) >=
                   kParallelFlops;
      std::pair<linalg::MatmulOp, linalg::MatmulOp> parts;
      if (large && m >= kRowTile && n > panel && n % panel)
        parts = splitMatmul(matmul, 1, n / panel * panel);
      else if (n > 16 && n % 8)
        parts =
            splitMatmul(matmul, 1, n > panel ? n / panel * panel : n / 8 * 8);
      // Packed ones keep their rows: a row block ends in a shorter tile
      // (see tallTiles, coarseBlockSize). 1020 x 1024 x 1024 took 1.04x
      // the time of 1024^3 as 1016 + 4 rows, 0.985x whole; two dense
      // layers (784 -> 512 -> 512, relu) at batch 100, 131 and 1020,
      // call by call on the AVX2 EPYC: 0.86x, 0.89x and 0.81x the time of
      // split rows in blocks of divisors at 1 thread, 0.91x, 0.87x and
      // 0.81x at 2.
      else if (large && m > kRowTile && m % kRowTile &&
               !(m >= packRows(budget) && n % panel == 0))
        parts = splitMatmul(matmul, 0, m / kRowTile * kRowTile);
      // On AVX2, a GEMV-like product (4 rows or fewer) of 9 to 15 columns
      // too, into 8 and the rest: vectors of 10 lanes took two registers
      // and were loaded piecewise (1 x 4096 x 10, the small CNN's dense
      // layer: 21 us; as 8 + 2 columns: 5.5 + 1.8 us).
      else if (budget.lanes == 8 && m <= 4 && n > 8 && n % 8)
        parts = splitMatmul(matmul, 1, n / 8 * 8);
      else
        continue;
      matmuls.push_back(parts.first);
      matmuls.push_back(parts.second);
    }
    // Convolutions with fewer output channels than half a vector's lanes
    // are vectorized over output columns (see rowConv): 3x3 64 -> 3 channels on
    // 112 x 112 took 1.22 ms in 28 x 3 tiles (35 GFLOP/s).
    {
      SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
      module.walk(
          [&](linalg::Conv2DNhwcHwcfOp conv) { convs.push_back(conv); });
      for (linalg::Conv2DNhwcHwcfOp conv : convs)
        rowConv(conv, budget, this->parallel && !isInTiledLoop(conv));
    }
    SmallVector<linalg::DepthwiseConv2DNhwcHwcmOp> multiplied;
    module.walk([&](linalg::DepthwiseConv2DNhwcHwcmOp conv) {
      if (isStaticF32(cast<linalg::LinalgOp>(conv.getOperation())) &&
          conv.hasPureTensorSemantics() &&
          cast<RankedTensorType>(conv.getInputs()[1].getType()).getDimSize(3) >
              1)
        multiplied.push_back(conv);
    });
    for (linalg::DepthwiseConv2DNhwcHwcmOp conv : multiplied)
      repeatChannels(conv,
                     !this->parallel || isInTiledLoop(conv) ||
                         flops(cast<linalg::LinalgOp>(conv.getOperation())) <
                             convParallelFlops(budget));
    // Depthwise convolutions and pools of a padded input read it in place
    // (see unpadWindows).
    {
      SmallVector<linalg::LinalgOp> windowed;
      module.walk([&](linalg::LinalgOp op) {
        if (isa<linalg::DepthwiseConv2DNhwcHwcOp, linalg::PoolingNhwcMaxOp,
                linalg::PoolingNhwcSumOp>(op.getOperation()) &&
            isStaticF32(op) && op.hasPureTensorSemantics() &&
            op.getDpsInputs()[0].getDefiningOp<tensor::PadOp>())
          windowed.push_back(op);
      });
      for (linalg::LinalgOp op : windowed) {
        auto [epilogue, operand] = epilogueOrCopy(op);
        if (epilogue)
          unpadWindows(op, epilogue, operand);
      }
    }
    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    // Ops rewritten while scheduling, erased after the loop over `ops`.
    SmallVector<Operation *> replaced;
    // Matmuls distributed by blocks of columns so far, per function: every
    // other one takes its blocks in reverse order (see reverseTasks).
    llvm::DenseMap<Operation *, int64_t> columnMatmuls;
    // Few-row matmuls of a function seen so far, by their B (serial ones
    // and recurrence steps; see backwardK below).
    llvm::DenseMap<std::pair<Operation *, Value>, int64_t> sharedRhsMatmuls;
    // All few-row matmuls of a function, by their B.
    llvm::DenseMap<std::pair<Operation *, Value>, int64_t> fewRowMatmuls;
    module.walk([&](linalg::MatmulOp matmul) {
      auto type = dyn_cast<RankedTensorType>(matmul.getResultTypes()[0]);
      if (type && type.hasStaticShape() && type.getDimSize(0) <= 4)
        ++fewRowMatmuls[{matmul->getParentOfType<FunctionOpInterface>(),
                         matmul.getInputs()[1]}];
    });
    // Functions with few-row matmuls that may be recurrence steps over
    // threads (see kStepBytes): a B of that size read by several of them.
    llvm::SmallPtrSet<Operation *, 4> recurrentFunctions;
    for (auto [key, count] : fewRowMatmuls) {
      if (!stepsOverThreads(budget))
        break;
      auto rhs = dyn_cast<RankedTensorType>(key.second.getType());
      if (count >= 2 && rhs && rhs.hasStaticShape() &&
          4.0 * rhs.getNumElements() >= kStepBytes)
        recurrentFunctions.insert(key.first);
    }
    // The widest transpose block scheduled (0: none).
    int64_t transposeTiles = 0;
    for (linalg::LinalgOp op : ops) {
      if (!isStaticF32(op))
        continue;
      // Ops of a thread's task (one image of a batch, see
      // tfs-fuse-image-chains) are not spread over threads again.
      bool parallel = this->parallel && !isInTiledLoop(op);
      if (isa<linalg::GenericOp>(op.getOperation()) &&
          op->hasAttr(kRowConvAttr)) {
        // [N, F, OH, OW]: F x rows x a vector of columns per register
        // tile, rows over threads as for other convolutions.
        auto output =
            cast<RankedTensorType>(op.getDpsInitOperand(0)->get().getType());
        int64_t n = output.getDimSize(0), oh = output.getDimSize(2);
        int64_t ow = output.getDimSize(3);
        int64_t rows = op->getAttrOfType<IntegerAttr>(kRowConvAttr).getInt();
        auto [tileRows, cols] =
            rowConvTile(budget, rows ? rows : oh, ow, output.getDimSize(1));
        SmallVector<int64_t> tile = {n == 1 || rows ? 0 : 1,
                                     tileRows == (rows ? rows : oh) ? 0
                                                                    : tileRows,
                                     cols == ow ? 0 : cols};
        assign(op, "rconv " + joinSizes(tile) + " " + std::to_string(rows),
               [&](int i) { return rowConvSchedule(i, tile, rows); });
        continue;
      }
      if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp,
              linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(
              op.getOperation())) {
        linalg::LinalgOp conv = op;
        StringRef opName = op->getName().getStringRef();
        auto output =
            cast<RankedTensorType>(conv.getDpsInitOperand(0)->get().getType());
        int64_t f = 0;
        for (int64_t c : {32, 16, 8, 4})
          if (c <= budget.maxChannels() && output.getDimSize(3) % c == 0) {
            f = c;
            break;
          }
        // Fewer channels than two vectors that 4 does not divide (an RGB
        // output, 10 classes) take vectors of their own width: 3x3 64 -> 3
        // channels on 112 x 112 took 10.9 ms in scalar loops, 1.35 ms in
        // 28 x 3 tiles.
        if (!f && output.getDimSize(3) < budget.maxChannels())
          f = output.getDimSize(3);
        // Any width that divides the row, not only even ones: 13 x 13
        // images take 13 x 32 tiles (they took 1 x 32: 10.2 -> 1.12 ms for
        // a 256 -> 256 channel 3x3 conv).
        if (!f)
          continue;
        int64_t ow = convTileWidth(budget, output.getDimSize(2), f);
        // Threads take whole output rows (several per task when there are
        // many), for convolutions worth a parallel region.
        int64_t oh = output.getDimSize(1);
        int64_t rows = 0;
        if (parallel && output.getDimSize(0) * oh >= 2 &&
            (flops(op) >= convParallelFlops(budget) ||
             op->hasAttr(kParallelPartAttr)))
          rows = blockSize(oh, std::max<int64_t>(oh / 8, 1));
        // The register tile over (n, oh, ow): dimensions it covers whole
        // (a forall task's single image or row, a row of ow) get no loop.
        SmallVector<int64_t> tile = {1, 1, ow};
        int64_t sizes[] = {rows ? 1 : output.getDimSize(0),
                           rows ? rows : output.getDimSize(1),
                           output.getDimSize(2)};
        for (int d = 0; d < 3; ++d)
          if (tile[d] == sizes[d])
            tile[d] = 0;
        // A filter whose F blocks' slices do not stay in cache: C in
        // blocks, threads (if any) taking blocks of output channels, each
        // reading only its own part of the filter (by rows, every task
        // read all of it).
        auto filter =
            cast<RankedTensorType>(conv.getDpsInputOperand(1)->get().getType());
        if (opName == "linalg.conv_2d_nhwc_hwcf" && f % budget.lanes == 0 &&
            4 * filter.getNumElements() / output.getDimSize(3) * f >
                kFilterSliceBytes) {
          int64_t cb = blockSize(
              filter.getDimSize(2),
              std::max<int64_t>(kFilterBlockBytes / (4 * filter.getDimSize(0) *
                                                     filter.getDimSize(1) * f),
                                1));
          int64_t blocks = output.getDimSize(3) / f, channels = 0;
          if (parallel && blocks >= 2 && flops(op) >= kParallelFlops)
            channels = f * blockSize(blocks, std::max<int64_t>(blocks / 4, 1));
          SmallVector<int64_t> blockTile = {1, 1, ow};
          for (int d = 0; d < 3; ++d)
            if (blockTile[d] == output.getDimSize(d))
              blockTile[d] = 0;
          assign(op,
                 llvm::formatv("bconv {0} {1} {2} {3} {4} {5}", blockTile[0],
                               blockTile[1], blockTile[2], f, cb, channels)
                     .str(),
                 [&](int i) {
                   return blockedConvSchedule(i, blockTile, f, cb, channels);
                 });
          continue;
        }
        bool fill = static_cast<bool>(
            conv.getDpsInitOperand(0)->get().getDefiningOp<linalg::FillOp>());
        auto [epilogue, operand] = epilogueOrCopy(conv);
        int64_t epilogueOperand = epilogue ? operand : -1;
        assign(epilogue ? epilogue.getOperation() : op.getOperation(),
               llvm::formatv("conv {0} {1} {2} {3} {4} {5} {6} {7}", tile[0],
                             tile[1], tile[2], f, rows, epilogueOperand, fill,
                             opName)
                   .str(),
               [&](int i) {
                 return convSchedule(i, tile, f, rows, epilogueOperand, fill,
                                     opName);
               });
        continue;
      }
      // A transpose that moves the input's innermost dimension: blocks of
      // t x t (a vector's lanes), transposed in registers with shuffles
      // (1024 x 1024: 6.7 -> 0.41 ms; element by element, each load and
      // store touched a different cache line).
      if (auto transpose = dyn_cast<linalg::TransposeOp>(op.getOperation())) {
        ArrayRef<int64_t> permutation = transpose.getPermutation();
        int64_t rank = permutation.size();
        auto type = cast<RankedTensorType>(transpose.getInit().getType());
        // Output dimension `inner` holds the input's innermost one.
        int64_t inner = llvm::find(permutation, rank - 1) - permutation.begin();
        if (rank < 2 || inner == rank - 1)
          continue;
        int64_t t = 0;
        for (int64_t c : {budget.lanes, budget.lanes / 2, int64_t(4)})
          if (c >= 4 && type.getDimSize(inner) % c == 0 &&
              type.getDimSize(rank - 1) % c == 0) {
            t = c;
            break;
          }
        if (!t)
          continue;
        SmallVector<int64_t> sizes(rank, 1);
        sizes[inner] = sizes[rank - 1] = t;
        transposeTiles = std::max(transposeTiles, t);
        // A row convolution's input (see rowConv): blocks of rows over the
        // threads, as the convolution's.
        SmallVector<int64_t> forall;
        if (auto rows = op->getAttrOfType<IntegerAttr>(kRowConvAttr)) {
          forall.assign(rank, 0);
          forall[0] = 1;
          forall[1] = rows.getInt();
          sizes[0] = 0;
        }
        assign(op, "tr " + joinSizes(sizes) + " " + joinSizes(forall),
               [&](int i) { return transposeSchedule(i, sizes, forall); });
        continue;
      }
      if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation())) {
        if (flatNarrowProduct(matmul, budget)) {
          replaced.push_back(matmul);
          continue;
        }
        // A times B transposed with few rows (tfs-normalize-matmuls leaves
        // it): dot products over K, B's rows read in place, instead of a
        // transpose of B per call (64 x 1024 x 1024: 1.53 -> 1.08 ms at 1
        // thread, 0.54 ms at 2; 1 x 1024 x 1024: 0.70 -> 0.14 ms, as fast as
        // the product with B as it is, 0.036 ms at 2 threads).
        // A matrix times one column (x @ w, w of K x 1) with at least 8 rows:
        // w is a contiguous row of K, so the product is M dot products
        // (see dotProducts), not 1-lane FMAs (4096 x 64 x 1: 0.037 -> 0.020
        // ms).
        if (!matmul.hasUserDefinedMaps() && isStaticF32(op)) {
          auto rhsType =
              cast<RankedTensorType>(matmul.getInputs()[1].getType());
          auto lhsType =
              cast<RankedTensorType>(matmul.getInputs()[0].getType());
          if (rhsType.getDimSize(1) == 1 && lhsType.getDimSize(0) >= kRowTile &&
              lhsType.getDimSize(1) % budget.lanes == 0)
            matmul = asTransposedB(matmul);
        }
        if (isTransposedB(matmul)) {
          auto output =
              cast<RankedTensorType>(matmul.getOutputs()[0].getType());
          int64_t m = output.getDimSize(0), n = output.getDimSize(1);
          int64_t k = cast<RankedTensorType>(matmul.getInputs()[0].getType())
                          .getDimSize(1);
          int64_t r = budget.lanes, accumulators = budget.registers / 2;
          // The most rows of A (up to 4) with which a tile of 4 or more
          // rows of B fits the accumulators: 4 x 4 on AVX-512, 2 x 4 on
          // AVX2 (its 8 accumulators took no 4-row tile, and 64 x 1024 x
          // 1024 ran in scalar loops: 61 -> 1.5 ms, numpy 1.7 ms).
          int64_t mr = 1, nr = 0;
          for (int64_t rows : {4, 2, 1}) {
            if (m % rows)
              continue;
            for (int64_t c : {16, 8, 4})
              if (c * rows <= accumulators && n % c == 0) {
                mr = rows;
                nr = c;
                break;
              }
            if (nr)
              break;
          }
          // One to three rows of B (a matrix times a vector): all of them,
          // and as many rows of A as the accumulators allow.
          if (!nr && n < 4) {
            nr = n;
            mr = largestDivisor(m, {16, 8, 4, 2, 1});
            while (mr * nr > accumulators)
              mr /= 2;
          }
          if (k % r || !nr || m % mr)
            continue;
          int64_t columns = 0;
          bool large = flops(cast<linalg::LinalgOp>(matmul.getOperation())) >=
                           kParallelFlops ||
                       4.0 * k * n >= kParallelBytes;
          if (parallel && large && n / nr >= 2)
            columns = nr * blockSize(n / nr, std::max<int64_t>(n / nr / 4, 1));
          linalg::GenericOp sum = dotProducts(matmul, r);
          assign(sum, llvm::formatv("dmm {0} {1} {2}", mr, nr, columns).str(),
                 [&](int i) { return dotProductSchedule(i, mr, nr, columns); });
          continue;
        }
        if (matmul.hasUserDefinedMaps())
          continue;
        auto output = cast<RankedTensorType>(matmul.getOutputs()[0].getType());
        auto lhs = cast<RankedTensorType>(matmul.getInputs()[0].getType());
        int64_t m = output.getDimSize(0), n = output.getDimSize(1);
        int64_t k = lhs.getDimSize(1);
        int64_t mr = largestDivisor(m, {8, 4, 2, 1});
        int64_t accumulators = budget.matmulAccumulators();
        // On AVX2, a narrow N between one and eight vectors that 8 does not
        // divide (a classifier's 10 logits) is padded to whole vectors: as
        // one register tile of N columns (below), LLVM rebuilt its rows of
        // 10 or 12 lanes element by element at every k step (64 x 512 x
        // 10: 180 us, padded to 16: 18 us; 12: 220 us). GEMV-like ones
        // (split reductions, below) and AVX-512 (10 lanes fit one register
        // there, and the code has no such rebuild) keep N as it is.
        if (budget.lanes == 8 && n > budget.lanes && n % budget.lanes != 0 &&
            n <= 64 && n * mr <= 2 * accumulators && !(m <= 4 && k >= 64)) {
          matmul = padColumns(matmul, llvm::alignTo(n, budget.lanes));
          op = matmul;
          n = llvm::alignTo(n, budget.lanes);
        }
        // Enough rows to reuse each packed panel of B: pack it.
        int64_t packedNr = 2 * budget.lanes;
        if (m >= packRows(budget) && n % packedNr == 0) {
          int64_t nr = packedNr, panels = n / nr;
          while (mr * nr > accumulators)
            mr /= 2;
          int64_t columns = 0;
          if (parallel && panels >= 2 && flops(op) >= kParallelFlops)
            columns = nr * blockSize(panels, std::max<int64_t>(panels / 4, 1));
          int64_t span = columns ? columns : n;
          int64_t nc = nr * blockSize(span / nr, 128 / nr);
          int64_t mc =
              mr * coarseBlockSize(m / mr, std::max<int64_t>(64 / mr, 1));
          // On AVX2 the whole of K up to 1024 in one block: each C tile
          // is then loaded and stored once, not once per block (1024^3 on
          // the EPYC, call by call: 0.95-0.96x the time of kc = 512 at 1
          // thread, 0.96-0.97x at 2; MLP b64 unchanged).
          int64_t kc = blockSize(k, budget.lanes == 8 ? 1024 : 512);
          // Tall tiles in the 64-row blocks: 2 x 12 + 4 x 10 rows on
          // AVX-512 (with 4 x 14 + 8 rows against 8-row tiles, on the Xeon
          // of the earlier sessions, matmul 1024^3: 14.0 -> 13.4 ms at 1
          // thread, 7.2 -> 6.9 ms at 2; 2 x 12 + 4 x 10 against 5 x 12 + 4
          // on the Zen 5 EPYC: 0.99x the time at 1 thread, 1.00x at 2).
          auto [split, restRows] = tallTiles(budget, mc, nr, mr);
          linalg::GenericOp packedOp = packRhs(matmul, nr);
          assign(packedOp,
                 llvm::formatv("pmm {0} {1} {2} {3} {4} {5} {6} {7}", mc, nc,
                               kc, mr, nr, columns, split, restRows)
                     .str(),
                 [&](int i) {
                   return packedMatmulSchedule(i, mc, nc, kc, mr, nr, columns,
                                               split, restRows);
                 });
          continue;
        }
        // Register tiles of `accumulators` floats (16 AVX-512 vectors).
        int64_t nr = 0;
        for (int64_t c : {256, 128, 64, 32, 16, 8})
          if (c * mr <= accumulators && c <= n && n % c == 0) {
            nr = c;
            break;
          }
        // A narrow N that no vector width divides (10 classes, say) is one
        // register tile as a whole.
        if (!nr && n <= 64 && n * mr <= 2 * accumulators) {
          nr = n;
          // A GEMV-like product with a narrow N (a classifier's 10
          // logits): split the reduction into 8 interleaved partial sums
          // (small CNN's 4096 x 10 layer: one FMA chain of 4096 steps).
          int64_t r = largestDivisor(k, {8, 4, 2});
          if (m <= 4 && k >= 64 && r) {
            linalg::GenericOp partial = splitReduction(matmul, r, false);
            assign(partial, "rmm",
                   [&](int i) { return splitReductionSchedule(i); });
            continue;
          }
          // A vector or less per row of the tile (one FMA chain each): up
          // to 16 rows on AVX-512, so that 16 chains hide the FMA latency
          // (64 x 512 x 10, MLP b64's logits: 8 rows 6.8 us, 16 rows 6.2).
          if (n <= budget.lanes && 16 <= budget.registers / 2)
            mr = largestDivisor(m, {16, 8, 4, 2, 1});
        }
        // Tiles of two vectors of columns rather than one: the B row a
        // k step loads then serves twice the broadcasts. On AVX2 the
        // search above picks 8 x 8 tiles (8 accumulators, one load of B
        // and 8 broadcasts per 8 FMAs); 4 x 16 ones (6 x 16 with tall
        // tiles) take 2 loads of B and 4 broadcasts. On AVX-512, 8-row
        // tiles are 32 columns wide already.
        int64_t wide = 2 * budget.lanes, wideRows = accumulators / wide;
        if (mr && nr && nr < wide && n % wide == 0 && wideRows >= 1 &&
            m % wideRows == 0) {
          nr = wide;
          mr = wideRows;
        }
        if (!mr || !nr)
          continue;
        // GEMV-like matmuls with large B are bound by reading B: split over
        // threads, each core's share stays in its own L2 across calls.
        bool streamsB = 4.0 * k * n >= kParallelBytes;
        // By contiguous chunks of K rather than by columns: a column block
        // is half of every row of B, which maps onto half of the L2's sets
        // and so does not stay there (MLP b1 on 2 threads: 34 -> 15 us).
        int64_t chunks = largestDivisor(k, {8, 4, 2});
        if (parallel && streamsB && m <= 4 && chunks && k / chunks >= 32) {
          // On AVX2 each chunk reads B by whole rows, 2 at a time, in
          // 32-column tiles, rather than by 64-column panels of all its
          // rows: consecutive reads the hardware prefetchers follow, for
          // B streamed from L3 (MLP b1 on an AVX2 EPYC with 512 KiB of L2:
          // 67 -> 56 us at 1 thread, 63 -> 47 us at 2). AVX-512 keeps the
          // panels (tuned on a CPU with 2 MiB of L2, where a thread's
          // chunks stay in L2 between calls; not measured this way).
          int64_t kb = 1;
          if (budget.lanes == 8) {
            int64_t streamNr = largestDivisor(n, {4 * budget.lanes});
            int64_t rowsAtOnce = largestDivisor(k / chunks, {2});
            if (streamNr && rowsAtOnce) {
              nr = streamNr;
              kb = rowsAtOnce;
            }
          }
          linalg::GenericOp partial = splitReduction(matmul, chunks, true);
          assign(partial, llvm::formatv("kmm {0} {1} {2}", mr, nr, kb).str(),
                 [&](int i) { return chunkedSplitSchedule(i, mr, nr, kb); });
          continue;
        }
        // Threads take blocks of columns (at least 4 per matmul when N
        // allows), for matmuls worth a parallel region.
        auto [epilogue, operand] = fusableEpilogue(matmul->getResult(0));
        // Only epilogues that can update the product in place (see
        // inPlaceEpilogue) are computed in the matmul's tasks.
        if (epilogue && !epilogue.getRegion()
                             .front()
                             .getArgument(epilogue.getNumDpsInputs())
                             .use_empty())
          epilogue = nullptr;
        int64_t rows = 0, columns = 0;
        bool large = flops(op) >= kParallelFlops || streamsB;
        // In a function whose recurrence steps may run over threads, larger
        // matmuls from kStepFlops do too: their tasks join the steps'
        // parallel region, so they cost no fork of their own (RNN b1's
        // batched input projection, 2.1 MFLOP, on 2 threads of the AVX2
        // EPYC, call by call: 0.89x the time; 1 thread unchanged).
        if (m > 4 && flops(op) >= kStepFlops &&
            recurrentFunctions.contains(
                op->getParentOfType<FunctionOpInterface>()))
          large = true;
        // A batch-1 recurrence's step (h @ W_h, then tanh) cannot be split
        // by rows (below); it is split by columns when B is large enough
        // that reading half of it per core beats a barrier per step. A
        // thread's tasks are the same blocks at every step (not reversed),
        // so its share of B stays in its L2. The cost is the other core's
        // half of h, read at each step (1 KiB for RNN b1).
        auto rhsKey = std::make_pair(
            op->getParentOfType<FunctionOpInterface>().getOperation(),
            matmul.getInputs()[1]);
        bool step = stepsOverThreads(budget) && epilogue && m <= 4 &&
                    m / mr < 2 && 4.0 * k * n >= kStepBytes &&
                    fewRowMatmuls[rhsKey] >= 2;
        // A recurrence's batched input projection whose rows few-row steps
        // then add to on the calling thread (where steps are not spread
        // over threads) stays there below 4x the usual FLOPs: split by
        // columns, half of its result moves to the steps' core (a text
        // classifier's 64 x 64 x 512 projection, 4.2 MFLOP, made its run
        // at 2 threads 1.03-1.06x its time at 1).
        if (large && !streamsB && !stepsOverThreads(budget) &&
            flops(op) < 4 * kParallelFlops && feedsFewRowSteps(matmul))
          large = false;
        if (parallel && n / nr >= 2 && (large || step))
          columns = nr * blockSize(n / nr, std::max<int64_t>(n / nr / 4, 1));
        // Smaller matmuls that an elementwise epilogue follows (a
        // recurrence's step, h @ W_h then tanh) are distributed by blocks
        // of rows, the epilogue fused into each block: a row of the result
        // depends only on the same row of A, so the recurrence's state
        // stays on the core that computes it from one step to the next
        // (RNN b16 on 2 threads: 0.56 -> 0.42 ms; by columns, each core
        // reads the half the other wrote: 0.76 ms). A block has at least 8
        // rows: each block reads all of B, and AVX2's 4-row tiles made 4
        // blocks of RNN b16's 16 rows, each reading W_h (256 KiB) from L2
        // (8-row blocks, call by call on the EPYC: 0.89-0.98x the time at
        // 1 thread, 0.99x at 2; AVX-512's 8-row tiles made 8-row blocks).
        else if (parallel && epilogue && m / mr >= 2 && flops(op) >= kStepFlops)
          rows = mr *
                 blockSize(m / mr, std::max<int64_t>({m / mr / 4, 8 / mr, 1}));
        step = step && columns && !large;
        int64_t rowSpan = rows ? rows : m, span = columns ? columns : n;
        int64_t mc =
            mr * blockSize(rowSpan / mr, std::max<int64_t>(128 / mr, 1));
        int64_t nc = nr * blockSize(span / nr, std::max<int64_t>(512 / nr, 1));
        int64_t kc = blockSize(k, 512);
        // From two tall tiles' rows up to 128 rows (64 x 784 times 784 x
        // 512, MLP b64's first layer: 0.311 -> 0.285 ms; 64 x 256 times
        // 256 x 512: 0.102 -> 0.090 ms).
        int64_t split = 0, restRows = 0;
        if (rowSpan <= kPackRows) {
          int64_t regularRows = mr;
          std::tie(split, restRows) = tallTiles(budget, rowSpan, nr, mr);
          // The split is within one cache block of all the rows.
          if (mr != regularRows)
            mc = rowSpan;
        }
        // A parallel matmul with an epilogue computes it in its tasks, with
        // its zeros: MLP b64 0.50 -> 0.485 ms at 1 thread, 0.289 -> 0.277
        // ms at 2.
        bool reverse =
            columns && !step &&
            columnMatmuls[op->getParentOfType<FunctionOpInterface>()]++ % 2 ==
                1;
        // A few-row product on one thread, or a recurrence's step, whose B
        // the previous such product read too (h @ W_h): every other one
        // runs its k loop backwards, starting with the rows of B that the
        // one before read last, which L1 still holds (RNN b1's steps: B is
        // 256 KB, L1 48 KB).
        bool backwardK = false;
        if ((!columns && !rows && m <= 4) || step)
          backwardK = sharedRhsMatmuls[rhsKey]++ % 2 == 1;
        if (epilogue && (rows || columns)) {
          linalg::GenericOp updated = inPlaceEpilogue(epilogue, operand);
          replaced.push_back(epilogue);
          epilogue = updated;
          operand = updated.getNumDpsInputs();
          bool fill = static_cast<bool>(
              matmul.getOutputs()[0].getDefiningOp<linalg::FillOp>());
          int64_t vectorColumns =
              largestDivisor(span, {4 * budget.lanes, 2 * budget.lanes,
                                    budget.lanes, 4, 2, 1});
          assign(epilogue,
                 llvm::formatv("emm {0} {1} {2} {3} {4} {5} {6} {7} {8} {9} "
                               "{10} {11} {12} {13}",
                               mc, nc, kc, mr, nr, rows, columns, split,
                               restRows, operand, fill, vectorColumns, reverse,
                               backwardK)
                     .str(),
                 [&](int i) {
                   return epilogueMatmulSchedule(
                       i, mc, nc, kc, mr, nr, rows, columns, split, restRows,
                       operand, fill, vectorColumns, reverse, backwardK);
                 });
          continue;
        }
        assign(op,
               llvm::formatv("mm {0} {1} {2} {3} {4} {5} {6} {7} {8} {9}", mc,
                             nc, kc, mr, nr, columns, split, restRows, reverse,
                             backwardK)
                   .str(),
               [&](int i) {
                 return matmulSchedule(i, mc, nc, kc, mr, nr, columns, split,
                                       restRows, reverse, backwardK);
               });
      }
    }
    for (Operation *op : replaced)
      op->erase();
    module.walk([](Operation *op) {
      op->removeAttr(kParallelPartAttr);
      op->removeAttr(kRowConvAttr);
    });
    if (scheduleIndex.empty())
      return;

    // Transposed blocks become shuffles: 16 x 16 ones by the AVX-512
    // sequence, 8 x 8 ones by the AVX2 one, others one shuffle per row.
    std::string transposeTail;
    if (transposeTiles)
      transposeTail =
          llvm::formatv(R"mlir(
    %tfuncs = transform.structured.match ops{{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %tfuncs {{
      transform.apply_patterns.vector.lower_transpose {0}
    } : !transform.any_op
)mlir",
                        transposeTiles == 16
                            ? "lowering_strategy = \"shuffle_16x16\""
                        : transposeTiles == 8 && vectorBits == 256
                            ? "avx2_lowering_strategy = true"
                            : "lowering_strategy = \"shuffle_1d\"")
              .str();
    // The schedules, then (when transposes were blocked) the lowering of
    // transposes to shuffles: in between, transposed broadcasts become
    // broadcasts (see TransposedBroadcastToBroadcast).
    auto apply = [&](const std::string &sequence) {
      std::string script =
          "module attributes {transform.with_named_sequence} {\n"
          "  transform.named_sequence @__transform_main("
          "%root: !transform.any_op {transform.readonly}) {\n" +
          sequence + "    transform.yield\n  }\n}\n";
      OwningOpRef<ModuleOp> transforms =
          parseSourceString<ModuleOp>(script, ParserConfig(context));
      if (!transforms) {
        module.emitError(
            "tfs-tile-conv-matmul: generated an invalid schedule");
        return failure();
      }
      Operation *entry = transforms->lookupSymbol("__transform_main");
      return transform::applyTransformNamedSequence(
          module, entry, *transforms, transform::TransformOptions());
    };
    if (failed(apply(body + kCommonTail.str())))
      return signalPassFailure();
    {
      RewritePatternSet patterns(context);
      patterns.add<TransposedBroadcastToBroadcast>(context);
      if (failed(applyPatternsGreedily(module, std::move(patterns))))
        return signalPassFailure();
    }
    if (!transposeTail.empty() && failed(apply(transposeTail)))
      return signalPassFailure();
    module.walk([](Operation *op) { op->removeAttr(kScheduleAttr); });
    reverseTasks(module);
    backwardLoops(module);
    sinkIntoTasks(module);
  }
};

} // namespace
