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
