//===- Passes.td - tfsc codegen passes ------------------------------------===//
//
// Passes between the tfs dialect and the LLVM dialect that are tfsc's own:
// variable storage and the entry point ABI.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CODEGEN_PASSES_TD
#define TFS_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerVariablesPass : Pass<"tfs-lower-variables", "ModuleOp"> {
  let summary = "Turns every tfs.variable into one memref.global";
  let description = [{
    Each `tfs.variable` becomes exactly one public `memref.global` named
    `tfs.var.<TF name>` (64-byte aligned, uninitialized: the model's init
    entry fills it), however many towers or steps read it.

    - `tfs.assign_add`/`tfs.assign_sub` first expand to a read, a `tfs.add` /
      `tfs.sub` and a `tfs.assign_variable`.
    - In a function that never assigns a variable, all its reads share one
      `memref.get_global` + `bufferization.to_tensor restrict` (a read-only
      view, no copy).
    - In a function that assigns it, every read takes a snapshot (a copy of
      the global into a fresh buffer), and every assign writes the global in
      place with `bufferization.materialize_in_destination`, so reads before
      an assign see the old value and reads after it the new one.

    Run after the tfs-level clean-ups and before `convert-tfs-to-linalg`.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::bufferization::BufferizationDialect"];
}

def CheckIndicesPass : Pass<"tfs-check-indices", "ModuleOp"> {
  let summary = "Proves gather indices in range or checks them before the run";
  let description = [{
    An index outside `[0, n)` is an error of the model in TF (its Gather
    kernel fails the run: `indices[1,2] = 12 is not in [0, 10)`), and the
    model's C ABI promises that a failed call changes nothing. For every
    `tfs.gather` of `@main`, this pass either

    - proves the indices in range from what computes them: constants,
      `tfs.arg_max` / `tfs.arg_min` (below the reduced dimension's size),
      `tfs.maximum` / `tfs.minimum` with known bounds (`tf.clip_by_value`),
      `tfs.add` / `tfs.sub`, `tfs.select` (`tf.where`), casts, gathers,
      and the shape ops that move elements without changing them; or
    - finds that they are a feed of `@main` (possibly reshaped), and records
      the bound on that argument as `tfs.index_checks` (limit, the indices'
      shape, and the TF node with its source location), which
      `tfs-export-entry` turns into a check of the feed before anything runs.

    Indices computed inside the model that it cannot bound are an error at
    the gather's location, which says how to bound them. Runs on the tfs
    dialect, before `convert-tfs-to-linalg`.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The model's function, whose arguments are the feeds">,
  ];
}

def ExportEntryPass : Pass<"tfs-export-entry", "ModuleOp"> {
  let summary = "Rewrites @main into the model's C entry point";
  let description = [{
    Turns `func.func @main(%feeds: tensor<...>) -> (tensor<...>)` into
    `func.func @<name>_run(%feeds: memref<...>, %fetches: memref<...>) -> i32`:
    inputs are read through `bufferization.to_tensor restrict`, results are
    written into the caller's output buffers with
    `bufferization.materialize_in_destination`, and the function returns 0.
    Feeds that index gathers (`tfs.index_checks`, from `tfs-check-indices`)
    are checked first, each by a call of the runtime's
    `tfs_rt_check_indices` (which reports TF's message through
    `NAME_last_error()`); the model's ops then move to a private
    `@<name>_run.body` that runs only if every check passed, and the entry
    returns the first failed check's status. Every other function becomes
    private. With the bare-pointer calling
    convention this is `int32_t NAME_run(const float *in…, float *out…)`.
    Feeds and fetches must not overlap in memory (documented in docs/abi.md).
  }];
  let options = [
    Option<"modelName", "name", "std::string", /*default=*/"\"model\"",
           "Model name: the entry point is <name>_run">,
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The function to export">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::scf::SCFDialect"];
}

def LowerStridedCopiesPass
    : Pass<"tfs-lower-strided-copies", "func::FuncOp"> {
  let summary = "Turns memref.copy between strided views into linalg.copy";
  let description = [{
    `memref.copy` between non-contiguous views (subviews made by bufferizing
    slices, splits and pads) lowers to a call of `memrefCopy` from MLIR's
    runner utils, which a model .so must not depend on. This pass rewrites
    such copies into `linalg.copy`, which lowers to plain loops. Copies
    between identity-layout buffers stay (they become `llvm.memcpy`).

    It also makes `linalg.fill`s 1-D over their contiguous innermost
    dimensions, through a `memref.reinterpret_cast` of the same buffer:
    LLVM vectorized the loops of a 16 x 16 x 32 fill (a max pooling's
    -inf) across pixels into scatters (small CNN 77.7 -> 73.1 us at 1
    thread). A `memref.collapse_shape` would not do: it is folded into the
    stores as delinearized indices, which LLVM vectorized into scatters
    again.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def PrefetchStridedReadsPass
    : Pass<"tfs-prefetch-strided-reads", "func::FuncOp"> {
  let summary = "Prefetches rows that innermost loops read at a large stride";
  let description = [{
    On buffers, after vector transfers are unrolled to 1-D. In every
    innermost `scf.for` with constant bounds, a 1-D in-bounds
    `vector.transfer_read` whose address advances by at least
    `min-stride-bytes` per iteration (its indices are the induction
    variable or `affine.apply`s linear in it, the other operands loop
    invariant) gets one `memref.prefetch` per cache line of the vector it
    will read `distance` iterations ahead (clamped to the last iteration),
    if the read is at most `max-read-bytes` long and its memref spans at
    least `min-bytes` (smaller buffers stay in cache from call to call).
    That is a row of a register tile's B in a matmul's k loop: hardware
    prefetchers do not follow a 2 KiB stride (the L2 streamer stops at each
    4 KiB page). 64 x 784 times 784 x 512 with relu: 0.345 -> 0.311 ms;
    MLP b64 on the Zen 5 EPYC, 16 iterations ahead rather than 8 (12 to 24
    alike): 0.98-0.99x the time at 1 thread, 0.99x at 2.
    Measured without gain, hence the limits: B of 512-784 KiB (1-5 %
    slower), GEMV rows of 1 KiB (MLP b1, 3 % slower). Loops carrying more
    than three quarters of the vector registers (`vector-bits` wide: 32 of
    them on AVX-512, 16 below) get none: with a prefetch address to
    compute in a convolution's 14-pixel x 2-vector tile (28 accumulators),
    LLVM shuffled the accumulators between registers (36 vmovaps and 3
    spills an iteration) and 3x3 512 -> 512 on 14 x 14, 256 -> 256 on
    13 x 13, took 1.12-1.13x the time, at 1 and 2 threads.
  }];
  let options = [
    Option<"distance", "distance", "int64_t", /*default=*/"16",
           "Iterations ahead to prefetch">,
    Option<"minStrideBytes", "min-stride-bytes", "int64_t", /*default=*/"1024",
           "Smallest per-iteration stride, in bytes, worth a prefetch">,
    Option<"minBytes", "min-bytes", "int64_t", /*default=*/"1048576",
           "Smallest buffer (the bytes the read's memref spans) worth a "
           "prefetch">,
    Option<"maxReadBytes", "max-read-bytes", "int64_t", /*default=*/"256",
           "Longest read worth a prefetch (longer runs of consecutive lines "
           "are prefetched by the hardware)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"512",
           "The target's vector register width: loops carrying more than "
           "three quarters of its vector registers (a register tile's "
           "accumulators) get no prefetch">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::affine::AffineDialect"];
}

def PlanWorkspacePass : Pass<"tfs-plan-workspace", "ModuleOp"> {
  let summary = "Places a function's temporaries in one static workspace";
  let description = [{
    Runs after bufferization, before buffer deallocation. Every
    `memref.alloc` with a static, identity-layout, whole-byte type in a
    function's top-level block, or in the bodies of `scf.for` loops there
    (one image of a chain computed image by image, see
    tfs-fuse-image-chains), becomes a `memref.view` into one private,
    64-byte aligned `memref.global` (`tfs.workspace.<function>`), so the run
    path never calls malloc and its pages stay mapped across calls (the
    measured cost of per-call malloc here was 5x on large temporaries).

    Buffers are placed greedily, largest first, at the lowest aligned offset
    not used by a buffer whose live range overlaps; a live range runs from
    the allocation to the last top-level op that uses the buffer or any
    memref derived from it (every memref result of a user counts as an
    alias); one in a loop lives over the whole loop, and is left alone if
    it leaves its iteration through a terminator (its bytes are reused by
    the next). The workspace size is recorded on the function as
    `tfs.workspace_size`. Allocations inside other nested regions,
    dynamically shaped ones, and ones that are deallocated or returned are
    left alone,
    except those of a thread's task (inside an `scf.forall`, at most 1 MiB:
    a packed panel of B): they go on the task's stack, an `i8`
    `memref.alloca` (4 KiB aligned, viewed from byte 1088 on: page-aligned
    panels made matmul 1024^3 2-4 % slower) inside a `memref.alloca_scope`
    around the rest of their block, so each iteration returns its bytes;
    the function records the most one task keeps there (its buffers' sizes
    plus 1088 and 4 KiB of alignment each) as `tfs.task_stack_size`,
    which the model's table passes on to the runtime, which raises the
    OpenMP workers' stack to it (plus 1 MiB) before they start.

    The workspace makes the function non-reentrant, like the variables
    that already live in globals: one model instance runs one call at a
    time.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect"];
}

def NormalizeMatmulsPass : Pass<"tfs-normalize-matmuls", "func::FuncOp"> {
  let summary = "Turns transposed and batched matmuls into plain linalg.matmul";
  let description = [{
    On linalg tensors, before tiling (tfs-tile-conv-matmul tiles plain
    `linalg.matmul` only). A contraction with one M, N and K dimension and
    at most one batch dimension (a `linalg.matmul` with permuted indexing
    maps, from `tf.matmul` with `transpose_a` or `transpose_b`; a batched
    `tf.matmul`'s `linalg.generic`) has each operand whose dimensions are
    not in [batch, M, K] / [batch, K, N] order transposed once into a new
    tensor (`linalg.transpose`, which the tiler blocks and turns into
    shuffles), then:
    - without a batch, becomes one `linalg.matmul`;
    - with one, becomes a loop over the matrices of the batch, each a
      `linalg.matmul` into its slice of the result (starting from its own
      zeros when the result starts from a constant). At 4 MFLOP and more,
      the loop is an `scf.forall` whose tasks take whole matrices.
    Before, these ran as scalar loops: 256^3 with `transpose_b` took 7.4
    ms against 0.16 ms for the plain product. Left alone: `transpose_b`
    without a batch and with fewer than 128 rows, K a multiple of 16 and N
    of 4 (x @ W^T at small batches), which tfs-tile-conv-matmul computes
    as dot products reading W's rows in place: transposing W would cost
    more than the product (1 x 1024 x 1024: 0.70 ms transposed, 0.14 ms
    in place).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def BatchSharedMatmulsPass
    : Pass<"tfs-batch-shared-matmuls", "func::FuncOp"> {
  let summary = "Computes matmuls of slices that share B as one matmul";
  let description = [{
    On linalg tensors, before tiling. Matmuls `A_t * B` with the same B,
    where each `A_t` is one index t of dimension 0 or 1 of the same static
    3-D tensor X (`collapse_shape(extract_slice(X))`: what `tf.split` of a
    recurrence's inputs over time gives, then `x_t @ W` in every step) and
    every product starts from zeros, are replaced by one matmul of X viewed
    as a matrix, computed before the first of them; each former product is
    the slice of that result for its t (no copy). The products do not
    depend on the recurrence, so this is the input projection that cuDNN
    and oneDNN hoist out of an RNN: B is read once instead of once per
    step, and the large product is tiled, packed and threaded as such.

    First, a matmul over a concatenation along K (insert_slices of whole
    rows into an empty tensor) of which a part is such a step slice -- TF's
    BasicLSTMCell and GRUCell multiply concat([x_t, h]) by one kernel --
    becomes a chain of matmuls, one per part, each accumulating onto the
    previous (`C = init + sum_i A_i * B[k_i : k_i + K_i]`, B's row blocks
    as views shared by every step), the step slices first so that their
    products start from zeros and are batched as above; the concatenation
    is never built. LSTM of 16 steps, input 128, hidden 256, batch 1: 309
    -> 235 us at 1 thread, 200 -> 168 us at 2.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def FuseImageChainsPass : Pass<"tfs-fuse-image-chains", "ModuleOp"> {
  let summary = "Computes chains of convolutions one image at a time, and "
                "chains of matmuls by blocks of rows";
  let description = [{
    On linalg tensors, before tiling. A chain of ops over a batch of NHWC
    images in which image n of each result depends only on image n of its
    operands (2-D convolutions, max and sum pools, elementwise generics,
    pads that do not pad the batch, and the fills they start from), each
    result used only by the next ops of the chain, holding at least two
    convolutions, and whose intermediates take at most 2 MiB per image
    (about a core's L2) and each at most 1 MiB, is computed image by
    image (upstream tile-and-fuse through the chain's last op). Op by op,
    each intermediate would be written for every image before the next op
    read it back, through the L3 once the batch outgrows the L2; image by
    image it stays in the cache. Two loops are built, one after the other
    on the same destination, and the number of threads T at run time
    (`tfs_model_get_num_threads`, declared in the module) gives one of
    them all the images and the other none:
    - an `scf.forall` (marked `tfs.task_loop`) whose tasks compute the
      chain for one image each on one thread, when T >= 2 divides the
      batch: each thread takes whole images, its intermediates on its
      stack (image filter b8 on 2 threads: 17.2 -> 16.4 ms);
    - otherwise an `scf.for` (marked `tfs.image_loop`) over the images,
      whose ops are then tiled, threaded and vectorized as usual, each
      over one image, its intermediates in the workspace (image filter
      b8 on 1 thread: 33.5 -> 31.7 ms).

    Chains over the rows of matrices are built the same way: ops on 2-D
    (and 1-D, one value per row) tensors in which row m of each result
    depends only on row m of its operands (matmuls by their A, elementwise
    and broadcasting generics, reductions along the columns, fills),
    holding at least two matmuls of 4 MFLOP or more in all that read at
    most 8 MiB of B (each distinct B counted once), over at most 128 rows.
    The forall's tasks take blocks of at least 32 rows (the most tasks, 2,
    4 or 8, that keep that many), or two tasks of at least 8 rows when all
    of B fits in 512 KiB and so stays in a core's L2 (a recurrence's W_h,
    read at every step: RNN b16), used when T >= 2 divides their number;
    the `scf.for` then runs once, over all the rows, its ops threaded as
    before and reading the whole tensors (no slices at the loop's
    induction variable: RNN b16 took 1.01x the time at 1 thread with
    them). Op by op, every matmul is a parallel region ending in a barrier,
    each thread reading its share of B; by rows, each thread runs its rows
    through every layer (or step) without waiting for the other, reading
    all of B. What that gains depends on the machine's phase: at 2
    threads, call by call, in a slow phase MLP 784-512-512-10 + softmax at
    batch 64 247 -> 223 us (239 -> 207 in another), RNN b16 (32 steps) 347
    -> 300 us, b32 770 -> 567 us; in a fast one 220 -> 219, 257 -> 251 and
    524 -> 508 us (two processes each running 32 MLP rows on its own vCPU
    then took 211 us against 197 alone: what is left is the cores' shared
    caches, not waiting); 1 thread unchanged (0.995-1.006x). Ops read by two others in a chain (a
    softmax's logits) are computed once per task (CSE after tile-and-fuse,
    which fuses a producer once per use).

    The ops of a task are whole ops of its images or rows: tiled and
    vectorized by the passes after (tfs-tile-conv-matmul,
    tfs-parallelize-elementwise, tfs-vectorize-reductions) on the task's
    thread, never threaded again.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def FuseRowChainsPass : Pass<"tfs-fuse-row-chains", "func::FuncOp"> {
  let summary = "Computes a reduction over rows and its elementwise "
                "neighbours row by row, in one loop";
  let description = [{
    On tensors, after elementwise fusion and before
    tfs-parallelize-elementwise. A chain is a reduction of a static tensor
    [R..., K] along its innermost dimension together with the ops
    connected to it (as producers or users, transitively) that iterate
    over the same rows: other such reductions, all-parallel generics over
    [R..., K] whose operands are whole rows, one value per row ([R...]),
    one value per column ([K]) or one value, and all-parallel generics
    over [R...] (softmax: max, exp(x - max), sum, e * 1/sum; a layer
    norm's mean, variance and scaling). A chain of two ops or more
    becomes one `scf.for` over the rows (the leading dimensions
    collapsed), marked `tfs.row_loop`, whose body computes every op of
    the chain on one row as a `linalg.generic` over [1, K] or [1]: the row
    stays in the L1 cache from the first op to the last, intermediates
    read only inside the chain are one row long (the whole tensor is never
    allocated), and the results read after the chain are inserted row by
    row into their inits, which the loop carries. With 64K elements or
    more, the rows are cut into up to 16 contiguous blocks, the tasks of
    an `scf.forall` each running that loop over its block: one parallel
    loop, each thread keeping its rows from op to op, where op by op
    there was one per op with a barrier after each. A large chain of one
    row is left alone (op by op, its elementwise ops are spread over the
    threads along the columns), as is a chain whose results are read
    before its last op, or whose result is computed into another of its
    values. tfs-parallelize-elementwise and tfs-vectorize-reductions then
    vectorize the ops in the row loops on the calling thread.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def RollRepeatsPass : Pass<"tfs-roll-repeats", "func::FuncOp"> {
  let summary = "Rolls straight-line code repeated many times (an unrolled "
                "recurrence) into an scf.for";
  let description = [{
    On tensors, after the tensor-level optimizations and before
    bufferization. The frontend unrolls a recurrence (`tf.nn.dynamic_rnn`,
    `static_rnn`, a Python loop over time steps): every step is the same
    ops again, and bufferization's analyses, SCF-to-CF and LLVM took time
    that grew faster than the number of steps (128 LSTM steps: 47 s to
    compile). This pass finds, in a function's block, a run of ops that
    repeats with some period (ops compared with their regions, attributes
    and types; a step's code may alternate between two forms, the period
    is then two steps) at least `min-repeats` times and over at least
    `min-ops` ops in all (nested ones included), and computes all
    repetitions but the last with one `scf.for`, marked `tfs.rolled`; the
    last stays after the loop, reading its values. The blocks searched are
    the function's and the bodies of tfs-fuse-image-chains' loops (a
    thread's task, `tfs.task_loop`, and the loop over the whole batch,
    `tfs.image_loop`: a recurrence's steps for some rows or all), where
    values from around the loop count as values from before the run and
    the slices tile-and-fuse put at the top of the body first move next to
    their users (without this, RNN b16's steps stayed unrolled in both
    loops: 0.65 -> 2.6 s to compile). Each operand of a
    repetition must be, in every repetition alike: a value of the same
    repetition, a value of the previous one (carried by the loop from the
    value before the run), one value from before the run, or values from
    before the run that step along the repetitions (integer constants in
    an arithmetic progression, `tensor.extract_slice`s of one tensor at
    offsets in one, maybe reshaped); slices inside the repetitions may also
    have static offsets in an arithmetic progression. An empty tensor from
    before the run that a repetition computes into is made anew in the
    body. Results that later code reads are stacked by the loop and sliced
    after it. The run stops at the first repetition that differs; a run
    whose first repetition differs (the first step of a recurrence reads
    the constant initial state) rolls from the second.

    Two repetitions per iteration where the run allows: the first computes
    the carried values into buffers of its own, the second into the loop's
    (each carried tensor is written back into its iteration value, one
    buffer after bufferization), which nothing reads any more by then;
    with one repetition, it would overwrite values it still reads and
    bufferization would copy them first (RNN b16: two copies of the state
    per step). A tensor computed before the run whose disjoint slices
    (rows) the repetitions take at stepping offsets and compute into, and
    that nothing else reads (an LSTM's batched input projection, which its
    steps' matmuls accumulate onto), is carried too: each iteration takes
    its slices out of the carried value and puts back what it computed
    after the last reader, so that they are computed in place (from the
    tensor before the loop, which later iterations read, bufferization
    would copy each slice in and out). Runs that only slice and reshape
    are left alone (a loop
    would copy what they view). After the first roll, slices and reshapes
    move next to their first user, so that the code reading the stacked
    results (a concatenation of the outputs) is a run too.
  }];
  let options = [
    Option<"minRepeats", "min-repeats", "int64_t", /*default=*/"3",
           "The fewest repetitions to roll (the loop runs one less)">,
    Option<"minOps", "min-ops", "int64_t", /*default=*/"0",
           "The fewest ops, nested ones included, over all "
           "repetitions, to roll">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def MergeParallelRegionsPass
    : Pass<"tfs-merge-parallel-regions", "func::FuncOp"> {
  let summary = "Merges consecutive OpenMP parallel regions into one";
  let description = [{
    After `convert-scf-to-openmp`, which gives every parallel loop its own
    `omp.parallel`. In the function's block and in those of sequential
    `scf.for` loops outside parallel regions, consecutive clause-free
    regions separated only by ops that either touch no memory and have no
    regions (constants, views, index arithmetic; `memref.alloca`) or have
    no results used afterwards (the serial loops and linalg ops between
    two parallel loops) become one region: the ops of the first kind move
    before it, those of the second run in an `omp.single` inside it
    between the two loops' bodies. The workshare loops' implicit barriers
    (or an `omp.barrier` where a body does not end with one) and the
    single's keep the order of reads and writes. Each region costs a fork
    and a join of the thread team (about 1.5 us on 2 threads here, 0.6 us
    on 1); a barrier about 0.3 us. Ops holding a parallel region are never
    put in an `omp.single` (their region would run nested, on one thread).

    A sequential loop without results whose body is then one region and
    ops of the two kinds above (no `memref.alloca`: every thread runs
    them) runs inside a region of its own (a rolled recurrence, a loop over
    images): every thread runs the loop, the workshare loops share out
    each iteration, the serial ops run in `omp.single` blocks before and
    after them, a barrier ends each iteration. The loop becomes blocks of
    that region, so that its workshare loops are directly in it (as
    tfs-partition-workshare-loops wants them), and the region merges with
    its neighbours like any other: one fork and join for all the
    iterations (RNN b16, 32 rolled steps, 2 threads: 1.39x the unrolled
    code's time with a region per step inside an omp.single, 0.98x this
    way).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::cf::ControlFlowDialect",
                           "mlir::omp::OpenMPDialect"];
}

def EliminateEmptyTensorsPass
    : Pass<"tfs-eliminate-empty-tensors", "ModuleOp"> {
  let summary = "Upstream empty tensor elimination, insertion chains too";
  let description = [{
    Right before `one-shot-bufferize`, in place of upstream's
    `eliminate-empty-tensors`, which it runs first (with its own analysis,
    function boundaries included). Before that, every op but the first
    that writes into a `linalg.fill` others write into too (CSE merges
    equal fills) gets a copy of the fill on an empty tensor of its own:
    elimination made one output's buffer the fill's tensor, and the other
    op then started from that output's values instead of zeros (two
    matmul outputs of the same type: the second returned the first's
    values, at -O0 too). One run resolves a chain of insertions
    in one order only. A convolution split into parts by columns
    (tfs-tile-conv-matmul) inserts part one into an empty tensor, part two
    into the result, and the whole is written to an output: when part
    one's insertion is met, its destination is still the empty tensor, so
    part one's empty init becomes a slice of that tensor; only afterwards
    does the empty destination become the output. Part one was then
    computed into a buffer of its own and copied into the output in an
    `omp.single`, by one thread (the image filter: 458 KB per tower). So,
    for each `tensor.insert_slice` whose source is computed (by a
    destination-style op or an `scf.forall`) into the same static slice of
    an empty tensor other than the insertion's destination, the init
    becomes that slice of the destination, where the destination dominates
    the computing op.

    Upstream also follows chains of one type only: a packed matmul's C,
    computed as M x N/16 x 16 into an expanded empty tensor and collapsed
    for the output, was computed in a buffer of its own and copied into
    the output by one thread (matmul 1024^3: 4 MiB a call, 0.96-0.97x the
    time without the copy). So first, the write of a `tensor.collapse_shape`
    into an identity-layout memref becomes a write of its source into the
    memref expanded the same way (a `memref.expand_shape` view), and a
    `tensor.expand_shape` of an empty tensor an empty tensor of the
    expanded type.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::tensor::TensorDialect"];
}

def PartitionWorkshareLoopsPass
    : Pass<"tfs-partition-workshare-loops", "ModuleOp"> {
  let summary = "Partitions static OpenMP workshare loops and their "
                "barriers without libomp";
  let description = [{
    After `tfs-merge-parallel-regions`. An `omp.wsloop` with the default
    (static) schedule lowers to calls of `__kmpc_for_static_init` and
    `__kmpc_for_static_fini` around the loop. The libomp of Debian 12
    (LLVM 19's) formats a trace string with `vsnprintf` in every
    `__kmpc_for_static_init`: about 0.28 us per loop and thread, on one
    thread too, against 0.01 us for the loop's own work in a 2-task loop.
    Each clause-free workshare loop directly in an `omp.parallel`, its
    induction variables of index type and its steps positive constants,
    becomes a loop of blocks (its body
    holds a `memref.alloca_scope`, which an `scf.for` could not once
    lowered) over this thread's block of the iterations, linearized over the nest's
    dimensions: with T threads and N iterations, thread t takes N / T, one
    more when t < N % T, after those of the threads before it (libomp's
    balanced static schedule). The thread number and team size come from
    `omp_get_thread_num` and `omp_get_num_threads`, called once at the
    start of the region. An `omp.barrier` follows the loop unless it was
    `nowait` or is the last op of the region (whose join waits anyway).

    A loop whose body reads a model variable (a `memref.global` named
    `tfs.var.*`: weights, which every call reads again) takes its share in
    the opposite order on every other call, counted by a private
    `tfs.calls.<function>` counter that the function increments
    (atomically) at its start. A call then begins with what the previous
    one read last, which the L2 still holds: MLP b1 reads 2.7 MB of
    weights, more than one core's 2 MiB L2, and went from 67 to 48-52 us on
    1 thread, where in one direction every call missed in L2 throughout.
    The threads' shares stay the same, so each core keeps its own weights,
    and the results are bitwise the same (iterations are independent).

    In a region with such loops, the barriers (`omp.barrier`, the loops'
    own and those of `tfs-merge-parallel-regions`) become calls of the
    runtime's `tfs_rt_barrier(team)`, and each clause-free `omp.single`
    becomes its body run by thread 0 (in a block of its own) followed by
    that call. libomp's barrier took 0.29-0.56 us on 2 threads of an AVX2
    EPYC, the runtime's 0.08 us (a counter and a generation, spinning, and
    yielding the CPU at once when the team has more threads than the
    process has CPUs): RNN b1, a barrier per step, 0.93-0.95x the time on 2
    threads, RNN b16 0.95-0.98x, MLP b1 0.96-0.98x.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::cf::ControlFlowDialect",
                           "mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::omp::OpenMPDialect"];
}

def TileConvMatmulPass : Pass<"tfs-tile-conv-matmul", "ModuleOp"> {
  let summary = "Tiles and vectorizes linalg.matmul and 2-D convolutions";
  let description = [{
    On tensors, before bufferization. `linalg.matmul` (f32, static shapes,
    default indexing maps) gets cache blocks [mc, nc, kc] (at most 128,
    512, 512, each dividing its dimension) in BLIS loop order, then an
    mr x nr register tile with k by 1: mr in 8/4/2/1 and nr in
    256/128/64/32/16/8, dividing M and N, with mr * nr at most 256 (about
    16 vector accumulators, enough to hide the FMA latency even for
    GEMV-like shapes with M = 1); a narrow N that none of these divides
    (at most 64, e.g. 10 classes) is one register tile, of up to 16 rows
    when it is at most a vector wide (16 FMA chains per k step; 64 x 512
    x 10: 6.8 -> 6.2 us). From 24 to 128 rows (per thread block), and in
    the 64-row blocks of packed matmuls, tiles two vectors wide get up to
    12 rows on AVX-512 (24 accumulators; 14 made LLVM spill), 6 on AVX2:
    the rows as tiles of p rows then, after a `transform.structured.split`,
    tiles of q <= p rows, the smallest tile as large as possible (64 = 2
    x 12 + 4 x 10, 40 = 4 x 10; against 5 x 12 + 4, whose 4-row tile ran
    at about 2/3 of the others' speed: MLP b64 0.98x the time, matmul
    1000^3 0.95x, 1024^3 0.99x on a Zen 5 EPYC). A matmul of at least 4 MFLOP whose N two vectors of columns do
    not divide (with at least 8 rows) or whose M 8 does not divide is
    first split into two matmuls on slices, the largest part they divide
    and the rest, each accumulating into its slice of the init (the
    second's slice taken from the first's result, so that bufferization
    computes both in the result's buffer: 1000^3 had its first part
    computed in a temporary and copied back, 13.9 -> 12.0 ms): 1000 x
    1000 x 1000 as 992 packed columns and 8 more (26.7 -> 14.7 ms; 1024^3:
    13.8 ms in the same run), a 1000-class layer at batch 64 (64 x 2048 x
    1000) as 992 + 8 (3.67 -> 1.91 ms; whole, its tiles were 8 columns
    wide, half a vector). A matmul of any size is split by columns when 8
    does not divide an N of more than 16 (into whole panels, or a multiple
    of 8 up to 32 columns): no register tile fitted it, and it ran in
    scalar loops or vectors of odd widths (100 x 100 x 100: 0.314 -> 0.012
    ms; 12 batches of 50 x 64 x 50: 0.99 -> 0.049 ms). A matmul with at least 128
    rows and N a multiple of 32 reads B from a packed copy instead: B,
    viewed as K x N/32 x 32, is transposed to N/32 x K x 32 so that every
    32-column panel is contiguous, and the product becomes a
    `linalg.generic` contraction over (n1, m, n0, k) writing C viewed as
    M x N/32 x 32 (a reshape, no copy). Its schedule packs each panel of
    [nc, kc] (128 columns by at most 512, the copy fused into the cache
    block loop) right before the mc = 64-row blocks that use it; this
    avoids the TLB miss and cache-set conflict that reading one B row every
    N floats costs on wide matrices (matmul 1024^3: 29 ms unpacked, 13 ms
    packed on a CPU with 48 KiB L1).
    Fewer rows do not repay the copy. A matmul of at most 4 rows times a
    narrow N (no vector width divides it, e.g. 10 logits) over K >= 64 is
    rewritten into r = 8 (or 4, 2: dividing K) interleaved partial sums,
    P[m][j][n] = sum_kk A[m][kk*r+j] B[kk*r+j][n] on reshaped operands,
    then C += sum_j P: the k loop carries r x N independent accumulators
    instead of one FMA chain (small CNN's 4096 x 10 layer). `linalg.conv_2d_nhwc_hwcf` is blocked over output channels
    (f in 32/16/8/4, or all of fewer channels than that: 3x3 64 -> 3
    channels on 112 x 112, 10.9 -> 1.35 ms) with a 1 x 1 x ow x f register
    tile (ow the largest width dividing the output's whose ow rows of f
    take at most 28 registers: 28 of the 32 AVX-512 registers hold
    accumulators; 13 x 13 images take 13 x
    32 tiles, 3x3 256 -> 256 channels 10.2 -> 1.12 ms, and 27 x 27 9 x 32
    ones, 96 -> 256 channels 5.3 -> 1.7 ms: they took 1 x 32 tiles)
    and its kh/kw/c reduction one step at a time, then decomposed to a 1-D
    convolution. `linalg.depthwise_conv_2d_nhwc_hwc` (TF's depthwise conv
    with a multiplier of 1) gets the same tiles over channels, with kh one
    step at a time and kw whole: each tap is one FMA over the tile
    (MobileNet-like 112 x 112 x 64, 3x3, + relu: 1.01 -> 0.61 ms at 1
    thread, 0.76 -> 0.29 ms at 2; it was left to scalar loops); one with a
    channel multiplier M (`linalg.depthwise_conv_2d_nhwc_hwcm`) is first
    rewritten as one with multiplier 1 over its input's channels each
    repeated M times, its filter and output viewed as C x M channels (8 x
    56 x 56 x 64, M = 2: 9.4 -> 4.6 ms; scalar loops before); an epilogue
    over the C x M view fuses into its tiles, and the repeated copy is
    marked `tfs.serial` when the convolution stays on one thread (see
    tfs-parallelize-elementwise). A
    depthwise convolution or NHWC pool of a padded input (SAME: zeros, or
    -inf for a max pool) that starts from a fill is split into parts that
    read the unpadded input: the outputs
    whose windows lie inside it (at least 55 % of them) read it in place,
    the bands around them (top and bottom rows at full width, the left and
    right columns of the rows between) read small padded slices of it,
    each part with its copy of the epilogue (or a copy as one), inserted
    into the result in turn (an epilogue's linalg.index, an average
    pool's count of real elements, shifted to the part's place); the
    padded copy of the whole input, written and read again for 9 FMAs
    per element, is gone (112 x 112 x 64, 3x3 depthwise: 0.80-0.84x the
    time at 1 thread and 2; 3x3 stride-2 max pool: 0.54-0.57x at 1,
    0.64-0.70x at 2). NHWC max and sum pools get
    the depthwise tiles too, their taps as vector maxima or sums (small
    CNN: 72 -> 69 us at 1 thread). A convolution of at least 4 MFLOP that starts from zeros,
    with an epilogue (or a copy as one), whose width 14 does not divide is
    first split by output columns into two convolutions and two
    epilogues, each reading the input columns it needs and writing its
    part of the result in place: at least 28 wide, into [0, 14k) and the
    rest, or 14 more than the rest when the rest is under 7 (image filter,
    64 = 56 + 8: 4.84 -> 4.55 ms at 1 thread; 59 = 42 + 17: 0.377 -> 0.341
    ms); under 28 wide and with no divisor of at least 7, into halves
    (17 = 9 + 8, 128 -> 128 channels: 1.41 -> 0.45 ms). Parts split again
    while the rules apply. A convolution with more than 32 output channels
    that 16 does not divide (YOLO's 255) is first split by output channels
    the same way, into the channels 32 divides and the rest; a rest that 4
    does not divide is convolved with its filter channels padded with
    zeros to whole vectors and read back through a slice (1x1 256 -> 255 on
    26 x 26: 16.2 -> 0.51 ms; 3x3 64 -> 50: 10.3 -> 0.28 ms; they ran in
    scalar loops). Between 8 and 32 output channels that 16 does not
    divide, the whole convolution takes its filter padded to whole vectors
    (3x3 32 -> 18 on 56 x 56: 7.7 -> 0.34 ms, 31: 14.7 -> 0.35 ms, 20 in
    4-lane vectors: 0.61 -> 0.34 ms); 8 or fewer keep short vectors. A convolution whose F block's slice of the filter (kh x
    kw x C x 32 floats) exceeds 256 KiB, which L2 does not keep from one
    output row to the next (it lies in 32 of every F floats of the filter,
    so in 32/F of the cache's sets), reduces C in blocks of 36 KiB of
    filter outside the rows instead, the accumulators loaded and stored
    once per block, threads taking blocks of output channels (3x3 512 ->
    512 on 7 x 7: 2.93 -> 1.70-1.85 ms at 1 thread, 1.80 -> 0.90 ms at 2;
    on 14 x 14: 7.6 -> 5.2 ms). A `linalg.transpose` that moves the
    input's innermost dimension is tiled into t x t blocks (t = the
    vector's lanes) of the two dimensions innermost in the input and in
    the output, each read by rows, transposed in registers by shuffles
    (the 16 x 16 AVX-512 sequence, AVX2's 8 x 8 one) and written by rows
    (1024 x 1024: 6.7 -> 0.50 ms; NHWC -> NCHW of 2 x 56 x 56 x 64: 0.47
    -> 0.14 ms). A `linalg.matmul` with B transposed (maps A[m, k], B[n,
    k]; left by tfs-normalize-matmuls) becomes dot products over K in
    vectors of one register's lanes: partial sums P[m][n][j] over K's
    slices (A and B viewed as [M, K/r, r] and [N, K/r, r], read in place)
    fused into mr x nr tiles of C, mr x nr accumulators of r lanes, summed
    across lanes once per tile (a matrix of at least 8 rows times one
    column, K a multiple of a vector, goes the same way, the column viewed
    as a row: 4096 x 64 x 1, 0.037 -> 0.020 ms; it had 1-lane FMAs);
    threads take blocks of columns of C, i.e.
    of rows of B (64 x 1024 x 1024: 1.53 -> 1.08 ms; 1 x 1024 x 1024: 0.70
    -> 0.14 ms). All are vectorized; the accumulators are hoisted out of
    the reduction loops and the contractions become outer products (FMAs).
    Ops whose shapes admit no such tiles are left to the default lowering.

    On AVX-512, a matmul of at most 4 rows with 9 to 15 columns (10
    classes) reads B as one flat array: a step takes R rows of B in whole
    vectors (8 rows of 10: 5 vectors), each multiplied by A's R values
    shuffled to match its lanes, and each column's lanes are summed after
    the loop (1 x 4096 x 10: 2.08 -> 1.17 us; 1 x 512 x 10: 0.28 -> 0.11
    us); as one register tile of 10-lane vectors each row of B was
    assembled from pieces.

    Row convolutions: a `linalg.conv_2d_nhwc_hwcf` with unit strides and
    fewer output channels than half a vector's lanes (an RGB output, a
    one-channel mask) is vectorized over output columns instead of
    channels, where every FMA used f of a vector's lanes. Columns go in
    whole vectors (or halves); a width neither divides is computed on
    more columns (the input widened with zeros, 28 -> 32) when the
    convolution starts from a fill, and sliced; so are heights that no
    tile of at least 2 rows divides (13 -> 14). Its input is transposed
    to [N, H, C, W] (when it is a constant pad, its source is transposed
    straight into the interior of the padded tensor), the product is a
    `linalg.generic` (`math.fma`) into [N, F, OH, OW], transposed back to
    NHWC after it. Register tiles are F channels x rows x a vector of
    columns (rows as many as fit the vector registers with their F x
    rows accumulators, the rows a step reads and the F filter values: 7
    with 3 channels; 8 spilled, 1.23x the time), the reduction
    one input channel, kh and kw at a time, input channels outermost; the
    unit dimensions of a step are folded so that it vectorizes as an
    elementwise FMA of a tile's rows of the input by the broadcast filter
    values. At 4 MFLOP and more, threads take blocks of output rows and
    the input's transpose takes the same blocks of rows. 3x3 64 -> 3
    channels on 112 x 112: 1.21-1.38 -> 0.33-0.45 ms at 1 thread, 0.63-0.72
    -> 0.26 ms at 2; 64 -> 1 on 56 x 56 0.29 -> 0.09 ms; 16 -> 3 on 32 x 32
    25 -> 7 us; 64 -> 3 on 28 x 28 (32 columns) 95 -> 24 us, on 7 x 7 7.2
    -> 3.5 us. Transposed broadcasts of the vectorized steps
    (`transpose(broadcast(v))` keeping v's dimensions in order) are
    rewritten as broadcasts before transposes are lowered to shuffles.

    Epilogues: chains of elementwise generics are first fused into one
    (generic into generic only, and only producers that nothing but
    generics use: softmax's exp, which its row sum also reads, was
    computed twice; 64 x 1000 took 1.45x the time; a producer read by
    several generics is copied into them only if it has at most 8 ops
    over at least 64K elements (f(x)'s cos x; smaller results stay in L1,
    and copies recomputed an LSTM step's cell state in the next step:
    16 steps 0.95x the time, 2.5 -> 1.5 s to compile), and no body grows
    past 48: copied, the steps of an LSTM with peepholes and cell
    clipping grew exponentially, 6 steps compiling in minutes). A convolution whose only user is such an
    all-parallel generic over its output (bias + activation) is scheduled
    through that generic: the generic is tiled like the convolution's
    output, and the convolution, then the `linalg.fill` of its zeros, are
    fused into its innermost tile. The accumulators then start at zero in
    registers and the epilogue applies to them before the block's single
    store: neither the zeros nor the raw convolution go to memory (image
    filter 5.0 -> 4.7 ms at 1 thread, small CNN 84 -> 76 us, and 73 -> 62
    us on 2 threads). A convolution that starts from zeros without such an
    epilogue gets a copy as one, for the same zeros in registers (the
    zeros cannot be fused through the loop-carried values of the conv's
    own tiles).

    The register tiles follow the target's vector registers (`vector-bits`,
    which tfsc sets from the target CPU): the sizes above are AVX-512's
    (32 registers of 16 floats). With AVX2 (16 registers of 8 floats) conv
    tiles hold at most 12 x 8 floats of accumulators in channel blocks of
    16, matmul tiles are 4 x 16 (6 x 16 from 12 rows on; 8 x 8 when 16
    does not divide N), and packed panels are 16 columns wide.

    With `parallel`, a matmul of at most 4 rows whose B has at least
    512 KiB (a GEMV bound by reading B) is split into 8 (or 4, 2)
    contiguous chunks of K, one partial sum each, taken by the threads:
    each reads whole rows of B, which stay in its L2 between calls (by
    column blocks, each thread's half rows use half of the L2's sets).
    With AVX2, each chunk sweeps its rows of B two at a time, in tiles of
    32 columns (the k loop outermost), so that B is read in order, for
    the hardware prefetchers (MLP b1 on an AVX2 EPYC, weights from L3:
    67 -> 56 us at 1 thread); with AVX-512, in 64-column panels of all
    its rows.
    Other ops of at least 4 MFLOP (and larger-M matmuls with such a B) are
    first distributed over
    threads with `scf.forall` (conv: blocks of output rows; matmul: blocks
    of columns, at least four when N allows; each task of a packed matmul
    packs its own panels), which the pipeline turns into
    OpenMP worksharing loops; a matmul whose only user is an all-parallel
    elementwise generic (bias + activation) is distributed through that
    generic, its tasks zeroing, computing and finishing their own columns
    (the generic rewritten to update the product in place, so no task
    needs a temporary; generics that read their own init are left out)
    (MLP b64: 0.50 -> 0.485 ms at 1 thread, 0.289 -> 0.277 ms at 2).
    Every other matmul of a function distributed by blocks of columns
    takes its blocks in reverse order (task t, block T - 1 - t): a block of
    columns is the same part of every row of B, which maps onto a
    fraction of the cache's sets, and a thread's blocks of two consecutive
    layers then lie in different sets of its L2 rather than competing for
    the same ones (MLP b64 on 2 threads: 0.261 -> 0.250 ms, faster in 8 of
    8 alternating runs; results bit-identical). Smaller ops stay on the
    calling thread, but for a matmul of at least 1 MFLOP whose only user is an all-parallel
    elementwise generic (a recurrence's step, h @ W_h then + x W_x + b and
    tanh): the generic is distributed by blocks of rows (at least two of a
    register tile's rows) and the matmul and its zero fill are fused into
    each block, one parallel region per step. A row of the result depends
    only on the same row of A, so the recurrence's state stays on the core
    that computes it (RNN b16 on 2 threads: 0.56 -> 0.42 ms; by columns,
    each core reading the half of the state the other wrote, 0.76 ms).
    Inside such tasks the zeros and the epilogue are vectorized by rows of
    up to 4 vectors: left to LLVM, every task's loops were versioned for
    aliasing and peeled (RNN b16's 32 step regions compiled in 2.4 s, now
    1.35 s). Computing a step's epilogue in its register tiles instead
    (the product never stored) was 2 % faster on RNN b16 but took its
    compile time from 1.6 to 2.0 s (the tanh of every 8 x 32 tile unrolled
    in each of the 32 steps): not kept. A matmul of at most 4 rows left on
    one thread whose B an earlier such matmul of the function read too (a
    batch-1 recurrence's steps) runs its k loops backwards when it is the
    second, fourth, ... of them: it starts with the rows of B that the one
    before read last, which L1 still holds (RNN b1, a 256 KB W_h per step
    against a 48 KB L1: about 6 % faster at 1 and 2 threads; the sum of
    each such step is taken in the opposite order, still deterministic).
    Ops inside a thread's task (`tfs.task_loop`, see tfs-fuse-image-chains)
    get the schedules of ops on one thread; the temporaries of a task
    (tensor.empty, its fills, their slices) that the clean-up's
    loop-invariant code motion moves out of the task's forall are moved
    back in: outside, one tensor served all tasks and bufferization gave
    each task a private copy of it (MLP b64's 32-row tasks: 15 copies each,
    4 left, those of a split matmul's first rows, as on one thread).

    The schedule is generated in the transform dialect (one sequence per
    distinct shape class) and run by the transform interpreter; it follows
    the hand-written schedules that matched OpenBLAS and oneDNN on this CPU.
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Distribute large ops over threads (scf.forall)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"512",
           "Width of the target's vector registers: 512 (AVX-512, 32 "
           "registers), 256 (AVX2, 16) or 128 (16); sets the register tiles">,
  ];
  let dependentDialects = [
    "mlir::transform::TransformDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::vector::VectorDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def WinogradConvPass : Pass<"tfs-winograd-conv", "ModuleOp"> {
  let summary = "Computes stride-1 3x3 and 5x5 convolutions with Winograd's "
                "minimal filtering";
  let description = [{
    On tensors, before tfs-tile-conv-matmul. A `linalg.conv_2d_nhwc_hwcf`
    (f32, static shapes, strides and dilations 1) with a 3x3 filter is
    computed as F(4x4, 3x3), a 5x5 one as F(2x2, 5x5) (Lavin and Gray), both
    on 6 x 6 input tiles from the points 0, 1, -1, 2, -2 and infinity: 36
    multiply-adds per tile and channel pair instead of 144 or 100. The
    channels in and out must be multiples of the vector width. The
    transformed filter U (36 x C x F floats) is read whole by every task up
    to 4 MiB; up to 16 MiB (256 -> 256 channels: 9.4 MB) in blocks: a task
    then computes 64 output channels of all the tiles of an image (at least
    12; U is read once a call), U laid out by blocks of output and input
    channels, each block's rows contiguous and prefetched, the products
    summed over blocks of input channels small enough for a block's
    transformed tiles and the products to stay in L2 (3x3 256 -> 256 on
    16 x 16: 0.59-0.69x the direct time at 1 thread, 0.52-0.67x at 2;
    batch 4: 0.41-0.43x). Larger ones stay direct (512 -> 512, 38 MB, on
    14 x 14: 0.84-1.02x the direct time in blocks, every call reading U and
    twice the filter, which its cache compares; 1.8-2.9x whole). Output
    sizes the tile does not divide are computed as whole tiles on an input
    with more zero rows and columns below and to the right, into a new
    tensor that is sliced, if that adds at most 0.6x the outputs (14 x 14
    and 7 x 7 as 16 x 16 and 8 x 8, 13 x 13 as 16 x 16: 0.54-0.66x the
    direct time for 64-256 channels; not 6 x 6 or 9 x 9, whose one task of
    9 tiles took 1.23x the threaded direct time at 2 threads); the init and
    the epilogues' inputs read at output positions are padded alike. The
    input itself is not padded: a zero `tensor.pad` of its rows and columns (a
    SAME convolution's) is read through, tiles inside the source with plain
    loads, the others (the padding, and past the last row or column) at
    clamped positions with zeros selected outside, in a loop of their own
    (conv 56x56x64 without the pad's copy: 0.97x the time at 1 thread,
    0.93x at 2; the image filter, whose first convolution wrote straight
    into the padded buffer, 1.00x). Other convolutions are left alone.
    The transformed filter U = G g G^T (a row per input channel) is kept
    between calls in a private global, with a copy of the filter it was
    computed from (both zero-initialized: the transform of zeros is zeros);
    each call compares each input channel's part of the filter with the
    copy bit for bit and computes that row of U again, and the copy, only
    when they differ (variables are writable between calls); over the
    threads when the tasks are, so that the input's pad, the comparison and
    the tasks make one parallel region. Computed on every call, U's lines
    moved between the cores (conv 56x56x64 at 2 threads: 0.82x the time
    with the cache). Then
    one task per block of k rows of tiles of an image (the fewest rows with
    at least 12 tiles, as the rows allow, whose transformed tiles and
    products, 36 x tiles x (C + F) floats, fit in half a MiB) computes the
    input transform V = B^T d B of its tiles, the 36 products V[p] x U[p] in
    register tiles of R tiles x 2 vectors of output channels (R divides the
    task's tiles, at most 12 on AVX-512, 6 on AVX2; without a divisor of at
    least 4, tiles of equal height and one lower: 13 = 7 + 6) and the output
    transform A^T M A, with the convolution's init added (unless zeros) and
    the chain of elementwise generics that follows it (bias, activation:
    all-parallel, identity or per-channel inputs, arith/math bodies) applied
    to each vector before it is stored. With `parallel`, a convolution of at
    least kParallelFlops (a quarter on AVX2) with two tasks or more runs its
    tasks and its filter transform as scf.foralls. Being a module pass, it
    adds the globals `tfs.winograd.u*` and `tfs.winograd.filter*`. Results
    differ from direct sums by rounding (about 1e-5 of the output's range)
    and an infinity or NaN in a tile's inputs makes all its outputs NaN.
    For compile time, a tile's 36 transformed vectors are written into V as
    one 36 x lanes transfer (One-Shot Bufferize's analysis grew faster than
    linearly with chains of writes into one tensor), and the transforms'
    loops over vectors of channels carry a `loop_annotation` disabling
    LLVM's unrolling (SCF-to-CF moves it to the loop's back edge); the
    filter transform is two such loops, over g's columns (G times each,
    kept in U's points of the same row) and over the rows of G g.
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Distribute the rows of tiles over threads (scf.forall)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"512",
           "Width of the target's vector registers: 512 (AVX-512, 32 "
           "registers), 256 (AVX2, 16) or 128 (16); sets the register tiles">,
  ];
  let dependentDialects = [
    "mlir::LLVM::LLVMDialect",
    "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
    "mlir::ub::UBDialect",
    "mlir::vector::VectorDialect",
  ];
}

def ParallelizeElementwisePass
    : Pass<"tfs-parallelize-elementwise", "func::FuncOp"> {
  let summary = "Spreads large elementwise linalg.generic ops over threads";
  let description = [{
    On tensors, after elementwise fusion. Every all-parallel
    `linalg.generic` and every `linalg.fill` (the zeros a contraction
    accumulates on: each thread then zeroes the rows it computes; conv
    56x56 on 2 threads 0.78 -> 0.74 ms) with at least 64K points (static
    shapes) that is not already inside a loop is tiled with `scf.forall`
    along its first
    dimension of size >= 2, in 16 tasks (each a contiguous chunk), which the
    pipeline turns into an OpenMP worksharing loop. Each task's generic is
    then vectorized along its innermost dimension, in rows of the largest
    of 64, 32, 16 or 8 elements dividing it (an innermost dimension under
    8 whole, with 32, 16 or 8 of the next: a channel multiplier's repeated
    input, 4.3 -> 4.1 ms for 8 x 56 x 56 x 64 x 2): left to LLVM, the loops of the
    outlined OpenMP region work on pointers LLVM cannot tell apart, and it
    left softmax's loops over the workspace scalar (1568 x 1024: 4.57 ->
    1.92 ms, numpy 2.7 ms; f(x) 0.92 -> 0.67 ms at 1 thread, 0.40 -> 0.32
    ms at 2, bit-identical). Smaller loops stay on the calling thread,
    vectorized the same way (LLVM left them scalar: softmax of 64 x 1000
    172 -> 76 us). A row that 8 does not divide is one vector if it has
    at most 64 elements, else vectors of its largest divisor up to 64
    (softmax of 1024 x 10: 23.2 -> 12.4 us). Rows that read through
    `tensor.extract` (a gather's table rows) are vectorized too, with an
    input of one element per row (a gather's index) read once before the
    row, so that the row it picks is one contiguous vector load rather than
    a gather of lanes (an embedding lookup of 32 x 20 ids into a 10000 x
    256 table: 78.8 -> 8.3 us). A
    repeat (out[..., i, m] = in[..., i]: a channel multiplier's input) is
    vectorized as one load of a row of the input and one `vector.shuffle`
    repeating its lanes, stored as one row (the vectorizer's broadcasting
    read became a load per element). Generics marked `tfs.serial`
    (tfs-tile-conv-matmul marks a repeat whose convolution stays on one
    thread) are vectorized the same way but stay on the calling thread:
    split over threads, the copy moved between the cores' caches on every
    call (56 x 56 x 32 x 2 + bias + relu6 took 2.3-2.9x as long at 2
    threads as at 1). The loops on the calling thread carry a
    `loop_annotation` keeping LLVM from unrolling them (it copied an LSTM
    step's 4 rows x 8 vectors of each gate op 32 times: the text
    classifier's compile 1.45 -> 1.18 s, run time unchanged); a gather's
    rows keep LLVM's unrolling (the embedding lookup took 1.27x the time
    without).

    A constant `tensor.pad` of a batch (N >= 2 not padded, >= 64K
    elements: the SAME padding of a convolution's input) becomes one task
    per image: an `scf.forall` over N into which the all-parallel generic
    computing the pad's source (the previous convolution's bias and
    activation) is fused, each task's pad decomposed into `linalg.fill`s
    of its padded image's borders and a `tensor.insert_slice` of the
    interior, so the padded batch is built in parallel and in place (image
    filter at batch 8 on 2 threads: 23.6 -> 21.4 ms). Only static pads
    qualify.

    Such a pad of one image (N = 1) becomes tasks over blocks of padded
    rows (as many as the divisor of the padded height nearest 16): each
    fills the padding in its rows (the rows above and below the source,
    clamped to the block, and the padded columns and channels) and inserts
    the source rows that fall into them (conv 56x56 on 2 threads: 0.67 ->
    0.61 ms; image filter b1: 2.62 -> 2.42 ms). Filling whole blocks first
    wrote the interior twice: 861 KB of zeros a call for conv 56x56x64,
    whose stores took 8 % of the calling thread's time at 2 threads; with
    the borders only, Winograd's conv 56x56x64 0.91-0.93x the time at 2
    threads, 0.95-0.99x at 1. The elementwise op computing its source, if any, is
    spread over threads like any other; only sources of pads built by one
    thread stay one loop, which bufferization writes straight into the
    padded buffer. A pad that only one thread's loops read (a
    convolution too small for the threads) is built by that thread: built
    over the threads, its rows moved between the cores' caches on every
    call (7x7x1024 depthwise + bias + relu6: 2.9x its 1-thread time at 2
    threads in a slow phase of this machine).
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::affine::AffineDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::vector::VectorDialect"];
}

def VectorizeReductionsPass
    : Pass<"tfs-vectorize-reductions", "func::FuncOp"> {
  let summary = "Reduces rows in vector registers";
  let description = [{
    On tensors, after tfs-parallelize-elementwise. A `linalg.reduce` (or
    generic) of one static f32 tensor along its innermost dimension only,
    whose body is one max, min, or (with the reassoc flag, which the tfs
    lowering sets on sums and products) add or multiply of the element
    and the accumulator, becomes a loop over rows (the other dimensions
    collapsed): each row is combined in chunks of 64 elements (four
    AVX-512 registers, four independent chains; fewer for short rows)
    into one vector, reduced once with `vector.reduction` and the row's
    initial value, then the rest of the row that 64 does not divide; a
    row of at most 64 elements is one vector.
    Inputs of 64K elements or more take their rows in up to 16 contiguous
    blocks of an `scf.forall`, as tfs-parallelize-elementwise cuts
    elementwise ops. Left to convert-linalg-to-loops, every element was
    combined into the result in memory, one at a time: LLVM could neither
    keep the result in a register (the input lives in the same workspace
    buffer) nor vectorize it (softmax of 64 x 1000: 76 -> 42 us; 256 x
    1024: 233 -> 107 us at 1 thread, 283 -> 64 us at 2).
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
    "mlir::vector::VectorDialect",
  ];
}

def ApproximateMathPass : Pass<"tfs-approximate-math", "func::FuncOp"> {
  let summary = "Replaces f32 math functions by polynomial approximations";
  let description = [{
    Applies upstream MLIR's polynomial approximations (expm1, log, log1p,
    log2, tanh, atan, atan2, erf, rsqrt, ...) to f32 math ops, so that
    elementwise loops vectorize instead of calling libm per element. Sine,
    cosine and exp use tfsc's own, cheaper approximations. sin and cos
    reduce by pi (q = round(x/pi), for cos round(x/pi - 1/2), through the
    1.5 * 2^23 magic number; pi in two parts, the first FMA exact), evaluate
    one odd degree-9 polynomial on [-pi/2, pi/2] and flip the sign by an
    integer XOR of q's parity: no second polynomial, no selects. Measured
    against float64 numpy on [-1e5, 1e5]: absolute error at most 1.0 eps
    (2^-23), about 1.6 ulp where |sin x| >= 0.01 (upstream's
    single-constant reduction loses about one ulp per unit of |x|); +-inf
    and NaN give NaN. exp reduces by ln 2 the same way, evaluates a
    degree-6 polynomial and adds k to the exponent field with a shift and
    an integer add (no clamps, no floor, no float-int conversion): within
    1 ulp, +inf above 88.7228317, 0 below -87.3365402 (subnormal results
    flush to zero), NaN for NaN. exp of a sin or cos result (|x| <= 1) is a
    single degree-9 polynomial. Run at -O2/-O3 only. The bounds (sin and
    cos 1.5 eps, exp 2 eps) are stated and checked in
    test/Integration/math-accuracy.test (Inputs/math_check.py).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::vector::VectorDialect",
                           "mlir::x86vector::X86VectorDialect"];
}

#endif // TFS_CODEGEN_PASSES_TD
