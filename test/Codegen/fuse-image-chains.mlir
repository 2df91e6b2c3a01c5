// RUN: tfs-opt %s --tfs-fuse-image-chains --split-input-file | FileCheck %s

// Two SAME convolutions with bias + relu between them (the seed's image
// filter) over a batch of 4 are computed image by image: pads,
// convolutions and generics of one image, its intermediates one image
// large. A forall whose tasks take whole images covers images [0, K), a
// sequential loop [K, 4), K = 4 if the thread count T >= 2 divides 4,
// else 0.
// CHECK: func.func private @tfs_model_get_num_threads() -> i32
// CHECK-LABEL: func.func @filter
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<4x8x8x16xf32>
// CHECK: %[[T:.*]] = call @tfs_model_get_num_threads() : () -> i32
// CHECK: %[[SEVERAL:.*]] = arith.cmpi sge, %[[T]], %c2_i32 : i32
// CHECK: %[[REM:.*]] = arith.remsi %c4_i32, %[[T]] : i32
// CHECK: %[[DIVIDES:.*]] = arith.cmpi eq, %[[REM]], %c0_i32 : i32
// CHECK: %[[BOTH:.*]] = arith.andi %[[SEVERAL]], %[[DIVIDES]] : i1
// CHECK: %[[K:.*]] = arith.select %[[BOTH]], %c4, %c0 : index
// CHECK: %[[TASKS:.*]] = scf.forall (%[[I:.*]]) in (%[[K]]) shared_outs(%[[SHARED:.*]] = %[[OUT]])
// CHECK: tensor.extract_slice %arg0[%[[I]], 0, 0, 0] [1, 8, 8, 16] [1, 1, 1, 1]
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x8x8x16xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x8x8x16xf32>
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[SHARED]][%[[I]], 0, 0, 0] [1, 8, 8, 16]
// CHECK: %[[R:.*]] = scf.for %[[N:.*]] = %[[K]] to %c4 step %c1 iter_args(%[[ACC:.*]] = %[[TASKS]])
// CHECK: %[[IMAGE:.*]] = tensor.extract_slice %arg0[%[[N]], 0, 0, 0] [1, 8, 8, 16] [1, 1, 1, 1]
// CHECK: tensor.pad %[[IMAGE]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.empty() : tensor<1x8x8x16xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x8x8x16xf32>
// CHECK: linalg.generic
// CHECK: } -> tensor<1x8x8x16xf32>
// CHECK: tensor.pad
// CHECK: } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x8x8x16xf32>
// CHECK: tensor.extract_slice %[[ACC]][%[[N]], 0, 0, 0] [1, 8, 8, 16]
// CHECK: %[[LAST:.*]] = linalg.generic
// CHECK: } -> tensor<1x8x8x16xf32>
// CHECK: tensor.insert_slice %[[LAST]] into %[[ACC]][%[[N]], 0, 0, 0] [1, 8, 8, 16]
// CHECK: } {tfs.image_loop}
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: return %[[R]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @filter(%x: tensor<4x8x8x16xf32>, %w1: tensor<3x3x16x16xf32>, %b1: tensor<16xf32>, %w2: tensor<3x3x16x16xf32>, %b2: tensor<16xf32>) -> tensor<4x8x8x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8x8x16xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %p1 = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<4x8x8x16xf32> to tensor<4x10x10x16xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p1, %w1 : tensor<4x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %r1 = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1, %b1 : tensor<4x8x8x16xf32>, tensor<16xf32>) outs(%e : tensor<4x8x8x16xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    %m = arith.maximumf %s, %z : f32
    linalg.yield %m : f32
  } -> tensor<4x8x8x16xf32>
  %p2 = tensor.pad %r1 low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<4x8x8x16xf32> to tensor<4x10x10x16xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p2, %w2 : tensor<4x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %r2 = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c2, %b2 : tensor<4x8x8x16xf32>, tensor<16xf32>) outs(%e : tensor<4x8x8x16xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    %m = arith.maximumf %s, %z : f32
    linalg.yield %m : f32
  } -> tensor<4x8x8x16xf32>
  return %r2 : tensor<4x8x8x16xf32>
}

// -----

// The first convolution's result is also returned: it is needed for the
// whole batch, so the chain stops there and what is left holds one
// convolution: nothing to gain, nothing changes.
// CHECK-LABEL: func.func @shared
// CHECK-NOT: scf.for
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<4x8x8x16xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<4x8x8x16xf32>
func.func @shared(%x: tensor<4x8x8x16xf32>, %w1: tensor<3x3x16x16xf32>, %w2: tensor<3x3x16x16xf32>) -> (tensor<4x8x8x16xf32>, tensor<4x8x8x16xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8x8x16xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %p1 = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<4x8x8x16xf32> to tensor<4x10x10x16xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p1, %w1 : tensor<4x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %p2 = tensor.pad %c1 low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<4x8x8x16xf32> to tensor<4x10x10x16xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p2, %w2 : tensor<4x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  return %c1, %c2 : tensor<4x8x8x16xf32>, tensor<4x8x8x16xf32>
}

// -----

// One image's intermediates would take 2.1 MiB (the padded 130x130x16
// input of the second convolution and the first's 128x128x16 result),
// more than a core's L2: left alone.
// CHECK-LABEL: func.func @large
// CHECK-NOT: scf.for
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<2x128x128x16xf32>
func.func @large(%x: tensor<2x130x130x16xf32>, %w1: tensor<3x3x16x16xf32>, %w2: tensor<3x3x16x16xf32>) -> tensor<2x128x128x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x128x128x16xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<2x128x128x16xf32>) -> tensor<2x128x128x16xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<2x130x130x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<2x128x128x16xf32>) -> tensor<2x128x128x16xf32>
  %p2 = tensor.pad %c1 low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<2x128x128x16xf32> to tensor<2x130x130x16xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p2, %w2 : tensor<2x130x130x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<2x128x128x16xf32>) -> tensor<2x128x128x16xf32>
  return %c2 : tensor<2x128x128x16xf32>
}

// -----

// A generic that mixes images (image n of its result is row n of every
// image of its input: a transpose of N and H) is not an image op: the
// chain breaks there, into two of one convolution each, left alone.
// CHECK-LABEL: func.func @mixing
// CHECK-NOT: scf.for
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#swap = affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>
func.func @mixing(%x: tensor<8x10x10x16xf32>, %w1: tensor<3x3x16x16xf32>, %w2: tensor<3x3x16x16xf32>) -> tensor<8x8x8x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8x8x16xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<8x8x8x16xf32>) -> tensor<8x8x8x16xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<8x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<8x8x8x16xf32>) -> tensor<8x8x8x16xf32>
  %t = linalg.generic {indexing_maps = [#swap, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1 : tensor<8x8x8x16xf32>) outs(%e : tensor<8x8x8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<8x8x8x16xf32>
  %p2 = tensor.pad %t low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<8x8x8x16xf32> to tensor<8x10x10x16xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p2, %w2 : tensor<8x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<8x8x8x16xf32>) -> tensor<8x8x8x16xf32>
  return %c2 : tensor<8x8x8x16xf32>
}

// -----

// Two chains share their first convolution (two heads on one trunk): a
// loop per chain would compute it twice, so neither becomes one.
// CHECK-LABEL: func.func @heads
// CHECK-NOT: scf.for
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @heads(%x: tensor<4x10x10x16xf32>, %w1: tensor<3x3x16x16xf32>, %w2: tensor<3x3x16x16xf32>, %w3: tensor<3x3x16x16xf32>) -> (tensor<4x6x6x16xf32>, tensor<4x6x6x16xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8x8x16xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<4x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%zero : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1 : tensor<4x8x8x16xf32>) outs(%e : tensor<4x8x8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32
  } -> tensor<4x8x8x16xf32>
  %e2 = tensor.empty() : tensor<4x6x6x16xf32>
  %zero2 = linalg.fill ins(%z : f32) outs(%e2 : tensor<4x6x6x16xf32>) -> tensor<4x6x6x16xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%r, %w2 : tensor<4x8x8x16xf32>, tensor<3x3x16x16xf32>) outs(%zero2 : tensor<4x6x6x16xf32>) -> tensor<4x6x6x16xf32>
  %c3 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%r, %w3 : tensor<4x8x8x16xf32>, tensor<3x3x16x16xf32>) outs(%zero2 : tensor<4x6x6x16xf32>) -> tensor<4x6x6x16xf32>
  return %c2, %c3 : tensor<4x6x6x16xf32>, tensor<4x6x6x16xf32>
}

// -----

// A depthwise conv and the 1x1 conv after it (a MobileNet block) count as
// two convolutions: one image at a time.
// CHECK-LABEL: func.func @separable
// CHECK: scf.forall
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}} -> tensor<1x8x8x16xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x8x8x32xf32>
// CHECK: scf.for
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}} -> tensor<1x8x8x16xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<1x8x8x32xf32>
// CHECK: } {tfs.image_loop}
func.func @separable(%x: tensor<4x10x10x16xf32>, %dw: tensor<3x3x16xf32>, %pw: tensor<1x1x16x32xf32>) -> tensor<4x8x8x32xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8x8x16xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %d = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %dw : tensor<4x10x10x16xf32>, tensor<3x3x16xf32>) outs(%zero : tensor<4x8x8x16xf32>) -> tensor<4x8x8x16xf32>
  %e2 = tensor.empty() : tensor<4x8x8x32xf32>
  %zero2 = linalg.fill ins(%z : f32) outs(%e2 : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%d, %pw : tensor<4x8x8x16xf32>, tensor<1x1x16x32xf32>) outs(%zero2 : tensor<4x8x8x32xf32>) -> tensor<4x8x8x32xf32>
  return %c : tensor<4x8x8x32xf32>
}

// -----

// Row chains: a batch of 64 rows through two dense layers (bias + relu)
// and a 10-class softmax, 6.5 MFLOP. Row m of every op's result depends
// only on row m of the ops before it, so the chain is computed in tasks
// of 32 rows, one per thread when T >= 2 divides the 2 tasks (one
// parallel region instead of one per matmul), else whole, its ops each
// spread over the threads as before. The softmax's logits and
// exponentials, each read by two ops, are computed once per task.
// CHECK-LABEL: func.func @mlp
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<64x10xf32>
// CHECK: %[[T:.*]] = call @tfs_model_get_num_threads() : () -> i32
// CHECK: %[[SEVERAL:.*]] = arith.cmpi sge, %[[T]], %c2_i32 : i32
// CHECK: %[[REM:.*]] = arith.remsi %c2_i32, %[[T]] : i32
// CHECK: %[[DIVIDES:.*]] = arith.cmpi eq, %[[REM]], %c0_i32 : i32
// CHECK: %[[BOTH:.*]] = arith.andi %[[SEVERAL]], %[[DIVIDES]] : i1
// CHECK: %[[K:.*]] = arith.select %[[BOTH]], %c64, %c0 : index
// CHECK: %[[TASKS:.*]] = scf.forall (%[[I:.*]]) = (0) to (%[[K]]) step (32) shared_outs(%[[SHARED:.*]] = %[[OUT]])
// CHECK: tensor.extract_slice %arg0[%[[I]], 0] [32, 256] [1, 1]
// CHECK: linalg.matmul {{.*}} -> tensor<32x128xf32>
// CHECK-NOT: linalg.matmul {{.*}} -> tensor<32x128xf32>
// CHECK: linalg.matmul {{.*}} -> tensor<32x128xf32>
// CHECK-NOT: linalg.matmul {{.*}} -> tensor<32x128xf32>
// CHECK: linalg.matmul {{.*}} -> tensor<32x10xf32>
// CHECK-NOT: linalg.matmul
// CHECK: linalg.reduce
// CHECK-NOT: linalg.matmul
// CHECK: linalg.reduce
// CHECK-NOT: linalg.matmul
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[SHARED]][%[[I]], 0] [32, 10] [1, 1]
// CHECK: } {tfs.task_loop}
// The loop over all rows runs once or not at all: its ops read the whole
// tensors, only its result is inserted at the induction variable.
// CHECK: %[[R:.*]] = scf.for %[[N:.*]] = %[[K]] to %c64 step %c64 iter_args(%[[ACC:.*]] = %[[TASKS]])
// CHECK-NOT: tensor.extract_slice
// CHECK: linalg.matmul ins(%arg0, %arg1 : {{.*}}) {{.*}} -> tensor<64x128xf32>
// CHECK: linalg.matmul {{.*}} -> tensor<64x128xf32>
// CHECK: linalg.matmul {{.*}} -> tensor<64x10xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[ACC]][%[[N]], 0] [64, 10] [1, 1]
// CHECK: } {tfs.image_loop}
// CHECK-NOT: linalg.matmul
// CHECK: return %[[R]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
#row = affine_map<(d0, d1) -> (d0)>
#vec = affine_map<(d0) -> (d0)>
func.func @mlp(%x: tensor<64x256xf32>, %w1: tensor<256x128xf32>, %b1: tensor<128xf32>, %w2: tensor<128x128xf32>, %b2: tensor<128xf32>, %w3: tensor<128x10xf32>) -> tensor<64x10xf32> {
  %z = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<64x128xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
  %m1 = linalg.matmul ins(%x, %w1 : tensor<64x256xf32>, tensor<256x128xf32>) outs(%zero : tensor<64x128xf32>) -> tensor<64x128xf32>
  %h1 = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]} ins(%m1, %b1 : tensor<64x128xf32>, tensor<128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    %r = arith.maximumf %s, %z : f32
    linalg.yield %r : f32
  } -> tensor<64x128xf32>
  %m2 = linalg.matmul ins(%h1, %w2 : tensor<64x128xf32>, tensor<128x128xf32>) outs(%zero : tensor<64x128xf32>) -> tensor<64x128xf32>
  %h2 = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]} ins(%m2, %b2 : tensor<64x128xf32>, tensor<128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    %r = arith.maximumf %s, %z : f32
    linalg.yield %r : f32
  } -> tensor<64x128xf32>
  %e10 = tensor.empty() : tensor<64x10xf32>
  %zero10 = linalg.fill ins(%z : f32) outs(%e10 : tensor<64x10xf32>) -> tensor<64x10xf32>
  %logits = linalg.matmul ins(%h2, %w3 : tensor<64x128xf32>, tensor<128x10xf32>) outs(%zero10 : tensor<64x10xf32>) -> tensor<64x10xf32>
  %e64 = tensor.empty() : tensor<64xf32>
  %lowest = linalg.fill ins(%ninf : f32) outs(%e64 : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.reduce ins(%logits : tensor<64x10xf32>) outs(%lowest : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  %exp = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%logits, %max : tensor<64x10xf32>, tensor<64xf32>) outs(%e10 : tensor<64x10xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %x1 = math.exp %d : f32
    linalg.yield %x1 : f32
  } -> tensor<64x10xf32>
  %zero64 = linalg.fill ins(%z : f32) outs(%e64 : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.reduce ins(%exp : tensor<64x10xf32>) outs(%zero64 : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  %probs = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%exp, %sum : tensor<64x10xf32>, tensor<64xf32>) outs(%e10 : tensor<64x10xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %p = arith.divf %in, %s : f32
    linalg.yield %p : f32
  } -> tensor<64x10xf32>
  return %probs : tensor<64x10xf32>
}

// -----

// A recurrence's steps over 16 rows, each h @ W_h + x_t then tanh: 16
// rows make no two tasks of 32, but W_h (256 KB) stays in the L2, so two
// tasks of 8 rows each run every step for their rows.
// CHECK-LABEL: func.func @steps
// CHECK: %[[K:.*]] = arith.select %{{.*}}, %c16, %c0 : index
// CHECK: scf.forall (%[[I:.*]]) = (0) to (%[[K]]) step (8)
// CHECK-COUNT-4: linalg.matmul {{.*}} -> tensor<8x256xf32>
// CHECK: } {tfs.task_loop}
// CHECK: scf.for %{{.*}} = %[[K]] to %c16 step %c16
// CHECK-COUNT-4: linalg.matmul {{.*}} -> tensor<16x256xf32>
// CHECK: } {tfs.image_loop}
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @steps(%x: tensor<4x16x256xf32>, %h0: tensor<16x256xf32>, %w: tensor<256x256xf32>) -> tensor<16x256xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x256xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<16x256xf32>) -> tensor<16x256xf32>
  %x0 = tensor.extract_slice %x[0, 0, 0] [1, 16, 256] [1, 1, 1] : tensor<4x16x256xf32> to tensor<16x256xf32>
  %m0 = linalg.matmul ins(%h0, %w : tensor<16x256xf32>, tensor<256x256xf32>) outs(%zero : tensor<16x256xf32>) -> tensor<16x256xf32>
  %h1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%m0, %x0 : tensor<16x256xf32>, tensor<16x256xf32>) outs(%e : tensor<16x256xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<16x256xf32>
  %x1 = tensor.extract_slice %x[1, 0, 0] [1, 16, 256] [1, 1, 1] : tensor<4x16x256xf32> to tensor<16x256xf32>
  %m1 = linalg.matmul ins(%h1, %w : tensor<16x256xf32>, tensor<256x256xf32>) outs(%zero : tensor<16x256xf32>) -> tensor<16x256xf32>
  %h2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%m1, %x1 : tensor<16x256xf32>, tensor<16x256xf32>) outs(%e : tensor<16x256xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<16x256xf32>
  %x2 = tensor.extract_slice %x[2, 0, 0] [1, 16, 256] [1, 1, 1] : tensor<4x16x256xf32> to tensor<16x256xf32>
  %m2 = linalg.matmul ins(%h2, %w : tensor<16x256xf32>, tensor<256x256xf32>) outs(%zero : tensor<16x256xf32>) -> tensor<16x256xf32>
  %h3 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%m2, %x2 : tensor<16x256xf32>, tensor<16x256xf32>) outs(%e : tensor<16x256xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<16x256xf32>
  %x3 = tensor.extract_slice %x[3, 0, 0] [1, 16, 256] [1, 1, 1] : tensor<4x16x256xf32> to tensor<16x256xf32>
  %m3 = linalg.matmul ins(%h3, %w : tensor<16x256xf32>, tensor<256x256xf32>) outs(%zero : tensor<16x256xf32>) -> tensor<16x256xf32>
  %h4 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%m3, %x3 : tensor<16x256xf32>, tensor<16x256xf32>) outs(%e : tensor<16x256xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<16x256xf32>
  return %h4 : tensor<16x256xf32>
}

// -----

// Left op by op: a chain of one matmul (no barrier to save), a chain of
// 32 rows (two tasks of 16 rows: too few to repay reading all of B per
// task), and one whose matmuls read more than 8 MiB of B (each task
// would read all of it where op by op each thread reads its share).
// CHECK-LABEL: func.func @one_matmul
// CHECK-NOT: scf.for
// CHECK-LABEL: func.func @few_rows
// CHECK-NOT: scf.for
// CHECK-LABEL: func.func @large_weights
// CHECK-NOT: scf.for
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @one_matmul(%x: tensor<64x512xf32>, %w: tensor<512x512xf32>) -> tensor<64x512xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x512xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<64x512xf32>) -> tensor<64x512xf32>
  %m = linalg.matmul ins(%x, %w : tensor<64x512xf32>, tensor<512x512xf32>) outs(%zero : tensor<64x512xf32>) -> tensor<64x512xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<64x512xf32>) outs(%e : tensor<64x512xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.maximumf %in, %z : f32
    linalg.yield %y : f32
  } -> tensor<64x512xf32>
  return %r : tensor<64x512xf32>
}
func.func @few_rows(%x: tensor<32x512xf32>, %w1: tensor<512x512xf32>, %w2: tensor<512x512xf32>) -> tensor<32x512xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x512xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<32x512xf32>) -> tensor<32x512xf32>
  %m1 = linalg.matmul ins(%x, %w1 : tensor<32x512xf32>, tensor<512x512xf32>) outs(%zero : tensor<32x512xf32>) -> tensor<32x512xf32>
  %m2 = linalg.matmul ins(%m1, %w2 : tensor<32x512xf32>, tensor<512x512xf32>) outs(%zero : tensor<32x512xf32>) -> tensor<32x512xf32>
  return %m2 : tensor<32x512xf32>
}
func.func @large_weights(%x: tensor<64x1024xf32>, %w1: tensor<1024x1024xf32>, %w2: tensor<1024x1024xf32>, %w3: tensor<1024x1024xf32>) -> tensor<64x1024xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x1024xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<64x1024xf32>) -> tensor<64x1024xf32>
  %m1 = linalg.matmul ins(%x, %w1 : tensor<64x1024xf32>, tensor<1024x1024xf32>) outs(%zero : tensor<64x1024xf32>) -> tensor<64x1024xf32>
  %m2 = linalg.matmul ins(%m1, %w2 : tensor<64x1024xf32>, tensor<1024x1024xf32>) outs(%zero : tensor<64x1024xf32>) -> tensor<64x1024xf32>
  %m3 = linalg.matmul ins(%m2, %w3 : tensor<64x1024xf32>, tensor<1024x1024xf32>) outs(%zero : tensor<64x1024xf32>) -> tensor<64x1024xf32>
  return %m3 : tensor<64x1024xf32>
}

// -----

// A matmul's B computed by an op over B's own 256 rows (relu of a
// variable) is no part of the chain over A's 64 rows: it is computed
// once, before the tasks, which read it whole.
// CHECK-LABEL: func.func @computed_weights
// CHECK: %[[W:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<256x128xf32>)
// CHECK: scf.forall
// CHECK-NOT: tensor<256x128xf32>) outs
// CHECK: linalg.matmul ins(%{{.*}}, %[[W]] : tensor<32x256xf32>, tensor<256x128xf32>)
// CHECK: } {tfs.task_loop}
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @computed_weights(%x: tensor<64x256xf32>, %v: tensor<256x128xf32>, %w2: tensor<128x128xf32>) -> tensor<64x128xf32> {
  %z = arith.constant 0.0 : f32
  %ew = tensor.empty() : tensor<256x128xf32>
  %w = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%v : tensor<256x128xf32>) outs(%ew : tensor<256x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %z : f32
    linalg.yield %r : f32
  } -> tensor<256x128xf32>
  %e = tensor.empty() : tensor<64x128xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
  %m1 = linalg.matmul ins(%x, %w : tensor<64x256xf32>, tensor<256x128xf32>) outs(%zero : tensor<64x128xf32>) -> tensor<64x128xf32>
  %m2 = linalg.matmul ins(%m1, %w2 : tensor<64x128xf32>, tensor<128x128xf32>) outs(%zero : tensor<64x128xf32>) -> tensor<64x128xf32>
  %m3 = linalg.matmul ins(%m2, %w2 : tensor<64x128xf32>, tensor<128x128xf32>) outs(%zero : tensor<64x128xf32>) -> tensor<64x128xf32>
  return %m3 : tensor<64x128xf32>
}
