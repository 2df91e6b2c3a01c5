// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-parallelize-elementwise))" --split-input-file | FileCheck %s

// A 1M-element elementwise op is cut into 16 contiguous chunks under an
// scf.forall (later an OpenMP worksharing loop), each task's chunk
// vectorized in rows of 64 elements.
// CHECK-LABEL: func.func @large
// CHECK: scf.forall (%{{.*}}) = (0) to (1048576) step (65536) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1048576xf32>)
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c64
// CHECK: vector.transfer_read {{.*}} : tensor<64xf32>, vector<64xf32>
// CHECK: math.exp {{.*}} : vector<64xf32>
// CHECK: vector.transfer_write {{.*}} : vector<64xf32>, tensor<64xf32>
// CHECK-NOT: linalg.generic
// CHECK: tensor.parallel_insert_slice
#id = affine_map<(d0) -> (d0)>
func.func @large(%x: tensor<1048576xf32>) -> tensor<1048576xf32> {
  %e = tensor.empty() : tensor<1048576xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<1048576xf32>) outs(%e : tensor<1048576xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<1048576xf32>
  return %0 : tensor<1048576xf32>
}

// -----

// The first dimension of size >= 2 is cut (the batch of 1 is not);
// small ops and reductions stay whole.
// CHECK-LABEL: func.func @nhwc
// CHECK: scf.forall (%{{.*}}) = (0) to (64) step (4) {{.*}} -> (tensor<1x64x64x32xf32>)
// CHECK: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}, 0, 0] [1, 4, 64, 32]
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: scf.forall
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#id1 = affine_map<(d0) -> (d0)>
#sum = affine_map<(d0) -> ()>
func.func @nhwc(%x: tensor<1x64x64x32xf32>) -> tensor<1x64x64x32xf32> {
  %e = tensor.empty() : tensor<1x64x64x32xf32>
  %0 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x64x64x32xf32>) outs(%e : tensor<1x64x64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c = arith.constant 0.0 : f32
    %1 = arith.maximumf %in, %c : f32
    linalg.yield %1 : f32
  } -> tensor<1x64x64x32xf32>
  return %0 : tensor<1x64x64x32xf32>
}
func.func @left_alone(%small: tensor<1024xf32>, %big: tensor<1048576xf32>)
    -> (tensor<1024xf32>, tensor<f32>) {
  %e = tensor.empty() : tensor<1024xf32>
  %0 = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%small : tensor<1024xf32>) outs(%e : tensor<1024xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<1024xf32>
  %z = tensor.empty() : tensor<f32>
  %s = linalg.generic {indexing_maps = [#id1, #sum], iterator_types = ["reduction"]}
      ins(%big : tensor<1048576xf32>) outs(%z : tensor<f32>) {
  ^bb0(%in: f32, %acc: f32):
    %1 = arith.addf %in, %acc : f32
    linalg.yield %1 : f32
  } -> tensor<f32>
  return %0, %s : tensor<1024xf32>, tensor<f32>
}

// -----

// The SAME pad of one image (66 rows, >= 64K elements) is built by 11
// tasks of 6 padded rows: each fills the padding in its rows (the rows
// above and below the source, clamped to the block, possibly none; the
// left and right columns) and inserts the source rows that fall into them
// (clamped, possibly none). The interior is written once, by the insert.
// The relu whose result is padded runs in tasks of its own before.
// CHECK-LABEL: func.func @image_pad
// CHECK: %[[RELU:.*]] = scf.forall (%{{.*}}) = (0) to (64) step (4)
// CHECK: scf.forall (%[[T:.*]]) in (11) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x66x66x32xf32>)
// CHECK: %[[FIRST:.*]] = arith.muli %[[T]], %c6
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %[[OUT]][0, %[[FIRST]], 0, 0] [1, 6, 66, 32]
// CHECK-NOT: linalg.fill {{.*}} tensor<1x6x66x32xf32>
// CHECK: %[[ABOVE:.*]] = arith.subi %c1, %[[FIRST]]
// CHECK: %[[TOP:.*]] = tensor.extract_slice %[[BLOCK]][0, 0, 0, 0] [1, %{{.*}}, 66, 32]
// CHECK: %[[TOPZ:.*]] = linalg.fill {{.*}} outs(%[[TOP]] : tensor<1x?x66x32xf32>)
// CHECK: %[[B1:.*]] = tensor.insert_slice %[[TOPZ]] into %[[BLOCK]][0, 0, 0, 0] [1, %{{.*}}, 66, 32]
// CHECK: %[[BELOW:.*]] = arith.subi %c65, %[[FIRST]]
// CHECK: %[[BOTTOM:.*]] = tensor.extract_slice %[[B1]][0, %{{.*}}, 0, 0] [1, %{{.*}}, 66, 32]
// CHECK: linalg.fill {{.*}} outs(%[[BOTTOM]] : tensor<1x?x66x32xf32>)
// CHECK: %[[LEFT:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 6, 1, 32]
// CHECK: linalg.fill {{.*}} outs(%[[LEFT]] : tensor<1x6x1x32xf32>)
// CHECK: %[[RIGHT:.*]] = tensor.extract_slice %{{.*}}[0, 0, 65, 0] [1, 6, 1, 32]
// CHECK: linalg.fill {{.*}} outs(%[[RIGHT]] : tensor<1x6x1x32xf32>)
// CHECK: %[[BORDERS:.*]] = tensor.insert_slice %{{.*}}[0, 0, 65, 0] [1, 6, 1, 32]
// CHECK: %[[BEGIN:.*]] = arith.minsi %{{.*}}, %c65
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[RELU]][0, %{{.*}}, 0, 0] [1, %{{.*}}, 64, 32]
// CHECK: tensor.insert_slice %[[ROWS]] into %[[BORDERS]][0, %{{.*}}, 1, 0] [1, %{{.*}}, 64, 32]
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[OUT]][0, %[[FIRST]], 0, 0] [1, 6, 66, 32]
// CHECK-NOT: tensor.pad
#id4i = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @image_pad(%img: tensor<1x64x64x32xf32>) -> tensor<1x66x66x32xf32> {
  %ei = tensor.empty() : tensor<1x64x64x32xf32>
  %r = linalg.generic {indexing_maps = [#id4i, #id4i], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%img : tensor<1x64x64x32xf32>) outs(%ei : tensor<1x64x64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c = arith.constant 0.0 : f32
    %1 = arith.maximumf %in, %c : f32
    linalg.yield %1 : f32
  } -> tensor<1x64x64x32xf32>
  %pad = arith.constant 0.0 : f32
  %p = tensor.pad %r low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %pad : f32
  } : tensor<1x64x64x32xf32> to tensor<1x66x66x32xf32>
  return %p : tensor<1x66x66x32xf32>
}

// -----

// The same pad read only by one thread's loops (a convolution too small
// for the threads) is built by that thread, and so is the relu whose
// result it pads (written straight into the padded buffer): no forall.
// CHECK-LABEL: func.func @image_pad_serial_reader
// CHECK-NOT: scf.forall
// CHECK: tensor.pad
// CHECK-NOT: scf.forall
// CHECK: return
func.func @image_pad_serial_reader(%img: tensor<1x64x64x32xf32>, %o: tensor<1x64x64x32xf32>) -> tensor<1x64x64x32xf32> {
  %ei = tensor.empty() : tensor<1x64x64x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%img : tensor<1x64x64x32xf32>) outs(%ei : tensor<1x64x64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c = arith.constant 0.0 : f32
    %1 = arith.maximumf %in, %c : f32
    linalg.yield %1 : f32
  } -> tensor<1x64x64x32xf32>
  %pad = arith.constant 0.0 : f32
  %p = tensor.pad %r low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %pad : f32
  } : tensor<1x64x64x32xf32> to tensor<1x66x66x32xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %rows = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %o) -> (tensor<1x64x64x32xf32>) {
    %s = tensor.extract_slice %p[0, %i, 1, 0] [1, 1, 64, 32] [1, 1, 1, 1] : tensor<1x66x66x32xf32> to tensor<1x1x64x32xf32>
    %d = tensor.insert_slice %s into %acc[0, %i, 0, 0] [1, 1, 64, 32] [1, 1, 1, 1] : tensor<1x1x64x32xf32> into tensor<1x64x64x32xf32>
    scf.yield %d : tensor<1x64x64x32xf32>
  }
  return %rows : tensor<1x64x64x32xf32>
}

// -----

// A SAME pad of a batch (N = 4, >= 64K elements) is built one image per
// task: the relu computing its source is fused into the task, and each
// task fills the borders of its padded image (the first and last rows and
// columns) and inserts the relu's result into it (no tensor.pad left, no
// separate relu loop, no fill of the interior).
// CHECK-LABEL: func.func @batch_pad
// CHECK-NOT: tensor.pad
// CHECK: scf.forall (%[[I:.*]]) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<4x34x34x16xf32>)
// CHECK: tensor.extract_slice %arg0[%[[I]], 0, 0, 0] [1, 32, 32, 16]
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<1x32x32x16xf32>)
// CHECK: arith.maximumf
// CHECK-NOT: linalg.fill {{.*}} tensor<1x34x34x16xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, %{{.*}}, 34, 16]
// CHECK: linalg.fill {{.*}} -> tensor<1x?x34x16xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, %{{.*}}, 0, 0] [1, %{{.*}}, 34, 16]
// CHECK: linalg.fill {{.*}} -> tensor<1x?x34x16xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 34, 1, 16]
// CHECK: linalg.fill {{.*}} -> tensor<1x34x1x16xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 33, 0] [1, 34, 1, 16]
// CHECK: linalg.fill {{.*}} -> tensor<1x34x1x16xf32>
// CHECK: tensor.insert_slice %[[RELU]] into %{{.*}}[0, 1, 1, 0] [1, 32, 32, 16]
// CHECK: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[I]], 0, 0, 0] [1, 34, 34, 16]
// CHECK-NOT: tensor.pad
#id4b = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @batch_pad(%img: tensor<4x32x32x16xf32>) -> tensor<4x34x34x16xf32> {
  %ei = tensor.empty() : tensor<4x32x32x16xf32>
  %r = linalg.generic {indexing_maps = [#id4b, #id4b], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%img : tensor<4x32x32x16xf32>) outs(%ei : tensor<4x32x32x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c = arith.constant 0.0 : f32
    %1 = arith.maximumf %in, %c : f32
    linalg.yield %1 : f32
  } -> tensor<4x32x32x16xf32>
  %pad = arith.constant 0.0 : f32
  %p = tensor.pad %r low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %pad : f32
  } : tensor<4x32x32x16xf32> to tensor<4x34x34x16xf32>
  return %p : tensor<4x34x34x16xf32>
}

// -----

// A large fill (the zeros a convolution accumulates on) is cut like the
// elementwise ops, so that each thread zeroes the rows it will compute.
// CHECK-LABEL: func.func @large_fill
// CHECK: scf.forall (%{{.*}}) = (0) to (64) step (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x64x64x32xf32>)
// CHECK: linalg.fill {{.*}} -> tensor<1x4x64x32xf32>
func.func @large_fill() -> tensor<1x64x64x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x64x64x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x64x64x32xf32>) -> tensor<1x64x64x32xf32>
  return %f : tensor<1x64x64x32xf32>
}

// -----

// In the sequential loop over images of tfs-fuse-image-chains, the pad of
// one image is built by tasks as above; in a thread's task (one image of
// its forall), by that thread alone.
// CHECK-LABEL: func.func @image_loop_pads
// CHECK: scf.for
// CHECK: scf.forall (%{{.*}}) in (11) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x66x66x32xf32>)
// CHECK: } {tfs.image_loop}
// CHECK: scf.forall (%{{.*}}) in (2)
// CHECK-NOT: scf.forall
// CHECK: tensor.pad
// CHECK: tensor.parallel_insert_slice
func.func @image_loop_pads(%img: tensor<2x64x64x32xf32>, %o: tensor<2x66x66x32xf32>) -> (tensor<2x66x66x32xf32>, tensor<2x66x66x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %pad = arith.constant 0.0 : f32
  %r = scf.for %n = %c0 to %c2 step %c1 iter_args(%acc = %o) -> (tensor<2x66x66x32xf32>) {
    %image = tensor.extract_slice %img[%n, 0, 0, 0] [1, 64, 64, 32] [1, 1, 1, 1] : tensor<2x64x64x32xf32> to tensor<1x64x64x32xf32>
    %p = tensor.pad %image low[0, 1, 1, 0] high[0, 1, 1, 0] {
    ^bb0(%a: index, %b: index, %c: index, %d: index):
      tensor.yield %pad : f32
    } : tensor<1x64x64x32xf32> to tensor<1x66x66x32xf32>
    %next = tensor.insert_slice %p into %acc[%n, 0, 0, 0] [1, 66, 66, 32] [1, 1, 1, 1] : tensor<1x66x66x32xf32> into tensor<2x66x66x32xf32>
    scf.yield %next : tensor<2x66x66x32xf32>
  } {tfs.image_loop}
  %t = scf.forall (%n) in (2) shared_outs(%acc = %o) -> (tensor<2x66x66x32xf32>) {
    %image = tensor.extract_slice %img[%n, 0, 0, 0] [1, 64, 64, 32] [1, 1, 1, 1] : tensor<2x64x64x32xf32> to tensor<1x64x64x32xf32>
    %p = tensor.pad %image low[0, 1, 1, 0] high[0, 1, 1, 0] {
    ^bb0(%a: index, %b: index, %c: index, %d: index):
      tensor.yield %pad : f32
    } : tensor<1x64x64x32xf32> to tensor<1x66x66x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %p into %acc[%n, 0, 0, 0] [1, 66, 66, 32] [1, 1, 1, 1] : tensor<1x66x66x32xf32> into tensor<2x66x66x32xf32>
    }
  }
  return %r, %t : tensor<2x66x66x32xf32>, tensor<2x66x66x32xf32>
}

// -----

// An innermost dimension shorter than a vector (a channel multiplier's
// repeated input: [..., C, 2]) is taken whole, with 32 of the next
// dimension: rows of 64 elements, each one load of 32 input elements
// shuffled into 64 lanes (every lane twice) and one store through a view
// without the repeats' dimension.
// CHECK-LABEL: func.func @short_rows
// CHECK: scf.forall
// CHECK: %[[ROW:.*]] = vector.transfer_read {{.*}} : tensor<1x1x1x32xf32>, vector<32xf32>
// CHECK: %[[REP:.*]] = vector.shuffle %[[ROW]], %[[ROW]] [0, 0, 1, 1, 2, 2, {{.*}}, 30, 30, 31, 31] : vector<32xf32>, vector<32xf32>
// CHECK: %[[VIEW:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x1x1x32x2xf32> into tensor<1x1x1x64xf32>
// CHECK: vector.transfer_write %[[REP]], %[[VIEW]]{{.*}} : vector<64xf32>, tensor<1x1x1x64xf32>
// CHECK: tensor.expand_shape
// CHECK-NOT: linalg.generic
func.func @short_rows(%x: tensor<1x64x64x32xf32>) -> tensor<1x64x64x32x2xf32> {
  %e = tensor.empty() : tensor<1x64x64x32x2xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x64x64x32xf32>) outs(%e : tensor<1x64x64x32x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x64x64x32x2xf32>
  return %0 : tensor<1x64x64x32x2xf32>
}

// -----

// A repeat marked tfs.serial (its convolution stays on one thread) is
// vectorized the same way but not spread over threads: three repeats of
// 16 channels, rows of 48 lanes. The mark is removed.
// CHECK-LABEL: func.func @serial_repeat
// CHECK-NOT: scf.forall
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 0, 0, 1, 1, 1, {{.*}}, 15, 15, 15] : vector<16xf32>, vector<16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<48xf32>, tensor<1x1x1x48xf32>
// CHECK-NOT: scf.forall
// CHECK-NOT: tfs.serial
// CHECK: return
func.func @serial_repeat(%x: tensor<1x64x64x16xf32>) -> tensor<1x64x64x16x3xf32> {
  %e = tensor.empty() : tensor<1x64x64x16x3xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x64x64x16xf32>) outs(%e : tensor<1x64x64x16x3xf32>) attrs = {tfs.serial} {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x64x64x16x3xf32>
  return %0 : tensor<1x64x64x16x3xf32>
}

// -----

// Rows that 8 does not divide: 10 elements as one vector of 10 (softmax
// over 10 classes), 100 as 2 vectors of 50 (the largest divisor up to
// 64). Both small: on the calling thread, in loops LLVM is told not to
// unroll (it copied an LSTM step's 4 x 8 vectors of each gate op 32 times).
// CHECK: #[[NO_UNROLL:.*]] = #llvm.loop_unroll<disable = true>
// CHECK: #[[ROLLED:.*]] = #llvm.loop_annotation<unroll = #[[NO_UNROLL]]>
// CHECK-LABEL: func.func @odd_rows
// CHECK-NOT: scf.forall
// CHECK: vector.transfer_read {{.*}} : tensor<1x10xf32>, vector<1x10xf32>
// CHECK: } {loop_annotation = #[[ROLLED]]}
// CHECK-NEXT: scf.yield
// CHECK-NEXT: } {loop_annotation = #[[ROLLED]]}
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[STEP:.*]] iter_args
// CHECK: vector.transfer_read {{.*}} : tensor<1x50xf32>, vector<1x50xf32>
// CHECK: } {loop_annotation = #[[ROLLED]]}
// CHECK-NEXT: scf.yield
// CHECK-NEXT: } {loop_annotation = #[[ROLLED]]}
// CHECK-NOT: scf.forall
func.func @odd_rows(%a: tensor<64x10xf32>, %b: tensor<16x100xf32>) -> (tensor<64x10xf32>, tensor<16x100xf32>) {
  %ea = tensor.empty() : tensor<64x10xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<64x10xf32>) outs(%ea : tensor<64x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<64x10xf32>
  %eb = tensor.empty() : tensor<16x100xf32>
  %2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<16x100xf32>) outs(%eb : tensor<16x100xf32>) {
  ^bb0(%in: f32, %out: f32):
    %3 = math.exp %in : f32
    linalg.yield %3 : f32
  } -> tensor<16x100xf32>
  return %0, %2 : tensor<64x10xf32>, tensor<16x100xf32>
}

// -----

// A gather's rows (tfs.gather's lowering): the index, one element per row,
// is read once before the row, so the table row is one contiguous vector
// load (not a vector.gather of 64 lanes). LLVM may unroll these loops
// (the embedding lookup 32 x 20 x 256 took 1.27x the time without).
// CHECK-LABEL: func.func @gather_rows
// CHECK-NOT: loop_annotation
// CHECK: %[[I:.*]] = tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<1x1xi32>
// CHECK: %[[C:.*]] = arith.index_cast %[[I]] : i32 to index
// CHECK: %[[K:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK: vector.transfer_read %{{.*}}[%[[K]], %{{.*}}], %{{.*}} {{.*}} : tensor<100x64xf32>, vector<1x1x64xf32>
// CHECK-NOT: vector.gather
// CHECK-NOT: loop_annotation
// CHECK: return
#ids = affine_map<(d0, d1, d2) -> (d0, d1)>
#out = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @gather_rows(%table: tensor<100x64xf32>, %ids: tensor<2x3xi32>) -> tensor<2x3x64xf32> {
  %e = tensor.empty() : tensor<2x3x64xf32>
  %r = linalg.generic {indexing_maps = [#ids, #out], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ids : tensor<2x3xi32>) outs(%e : tensor<2x3x64xf32>) {
  ^bb0(%i: i32, %o: f32):
    %c0 = arith.constant 0 : index
    %c99 = arith.constant 99 : index
    %k = arith.index_cast %i : i32 to index
    %lo = arith.maxsi %k, %c0 : index
    %row = arith.minsi %lo, %c99 : index
    %col = linalg.index 2 : index
    %v = tensor.extract %table[%row, %col] : tensor<100x64xf32>
    linalg.yield %v : f32
  } -> tensor<2x3x64xf32>
  return %r : tensor<2x3x64xf32>
}

// -----

// Booleans are bytes in memory but bits in an LLVM vector (a vector store
// of i1 lanes packs 8 to a byte): an op writing or reading i1 stays a
// scalar loop.
// CHECK-LABEL: func.func @bool_rows
// CHECK: linalg.generic
// CHECK: arith.cmpf
// CHECK-NOT: vector.transfer_write
// CHECK: return
#row = affine_map<(d0, d1) -> (d0, d1)>
func.func @bool_rows(%x: tensor<4x64xf32>) -> tensor<4x64xi1> {
  %e = tensor.empty() : tensor<4x64xi1>
  %r = linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x64xf32>) outs(%e : tensor<4x64xi1>) {
  ^bb0(%a: f32, %o: i1):
    %zero = arith.constant 0.0 : f32
    %b = arith.cmpf one, %a, %zero : f32
    linalg.yield %b : i1
  } -> tensor<4x64xi1>
  return %r : tensor<4x64xi1>
}

// -----

// The ops of a thread's task (tfs-fuse-image-chains' tfs.task_loop) are
// whole ops on that thread: vectorized by rows, not threaded again. In a
// forall without the mark (a tiled op's threads) the generic is part of a
// tiled op and left as it is.
// CHECK-LABEL: func.func @task_rows
// CHECK: scf.forall
// CHECK-NOT: scf.forall
// CHECK: vector.transfer_write
// CHECK: } {tfs.task_loop}
// CHECK-LABEL: func.func @tiled_rows
// CHECK: scf.forall
// CHECK: linalg.generic
// CHECK-NOT: vector.transfer_write
// CHECK: return
#row = affine_map<(d0, d1) -> (d0, d1)>
func.func @task_rows(%x: tensor<64x256xf32>, %o: tensor<64x256xf32>) -> tensor<64x256xf32> {
  %r = scf.forall (%i) = (0) to (64) step (32) shared_outs(%acc = %o) -> (tensor<64x256xf32>) {
    %rows = tensor.extract_slice %x[%i, 0] [32, 256] [1, 1] : tensor<64x256xf32> to tensor<32x256xf32>
    %e = tensor.empty() : tensor<32x256xf32>
    %y = linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel", "parallel"]} ins(%rows : tensor<32x256xf32>) outs(%e : tensor<32x256xf32>) {
    ^bb0(%a: f32, %out: f32):
      %t = math.tanh %a : f32
      linalg.yield %t : f32
    } -> tensor<32x256xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %y into %acc[%i, 0] [32, 256] [1, 1] : tensor<32x256xf32> into tensor<64x256xf32>
    }
  } {tfs.task_loop}
  return %r : tensor<64x256xf32>
}
func.func @tiled_rows(%x: tensor<64x256xf32>, %o: tensor<64x256xf32>) -> tensor<64x256xf32> {
  %r = scf.forall (%i) = (0) to (64) step (32) shared_outs(%acc = %o) -> (tensor<64x256xf32>) {
    %rows = tensor.extract_slice %x[%i, 0] [32, 256] [1, 1] : tensor<64x256xf32> to tensor<32x256xf32>
    %e = tensor.empty() : tensor<32x256xf32>
    %y = linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel", "parallel"]} ins(%rows : tensor<32x256xf32>) outs(%e : tensor<32x256xf32>) {
    ^bb0(%a: f32, %out: f32):
      %t = math.tanh %a : f32
      linalg.yield %t : f32
    } -> tensor<32x256xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %y into %acc[%i, 0] [32, 256] [1, 1] : tensor<32x256xf32> into tensor<64x256xf32>
    }
  }
  return %r : tensor<64x256xf32>
}
