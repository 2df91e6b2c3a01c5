// RUN: tfs-opt %s --convert-tfs-to-linalg --split-input-file | FileCheck %s

// SAME with stride 2 on 7x7, 3x3 kernel: out 4, pad_total = 3*2 + 3 - 7 = 2,
// one before and one after; the conv itself is VALID.
// CHECK-LABEL: func.func @conv_same_stride2
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor<1x7x7x3xf32> to tensor<1x9x9x3xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %{{.*}} : tensor<1x9x9x3xf32>, tensor<3x3x3x8xf32>)
func.func @conv_same_stride2(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

// SAME with an even total pads the smaller half before (TF): 6x6, 2x2
// kernel, stride 1: total 1, 0 before, 1 after. Dilation 2 widens the
// window: 3x3 kernel spans 5, total 4, 2 and 2.
// CHECK-LABEL: func.func @conv_same_asymmetric
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK: tensor.pad %{{.*}} low[0, 2, 2, 0] high[0, 2, 2, 0]
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
func.func @conv_same_asymmetric(%x: tensor<1x6x6x2xf32>, %w: tensor<2x2x2x2xf32>, %w3: tensor<3x3x2x2xf32>) -> (tensor<1x6x6x2xf32>, tensor<1x6x6x2xf32>) {
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x2xf32>, tensor<2x2x2x2xf32>) -> tensor<1x6x6x2xf32>
  %1 = tfs.conv2d %x, %w3 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 2, 2, 1>} : (tensor<1x6x6x2xf32>, tensor<3x3x2x2xf32>) -> tensor<1x6x6x2xf32>
  return %0, %1 : tensor<1x6x6x2xf32>, tensor<1x6x6x2xf32>
}

// -----

// VALID needs no pad. Depthwise computes [N, H, W, C, M] and collapses the
// last two dimensions (channel-major, as TF orders them).
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: tensor.pad
// CHECK: %[[DW:.*]] = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} {{.*}} -> tensor<1x4x4x8x2xf32>
// CHECK: tensor.collapse_shape %[[DW]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x4x4x8x2xf32> into tensor<1x4x4x16xf32>
func.func @depthwise(%x: tensor<1x9x9x8xf32>, %w: tensor<3x3x8x2xf32>) -> tensor<1x4x4x16xf32> {
  %0 = tfs.depthwise_conv2d %x, %w {padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x9x9x8xf32>, tensor<3x3x8x2xf32>) -> tensor<1x4x4x16xf32>
  return %0 : tensor<1x4x4x16xf32>
}

// -----

// A multiplier of 1: linalg's [N, H, W, C] depthwise form on the filter's
// [KH, KW, C] view, no collapse of the result.
// CHECK-LABEL: func.func @depthwise_one
// CHECK: %[[F:.*]] = tensor.collapse_shape %arg1 {{\[}}[0], [1], [2, 3]] : tensor<3x3x8x1xf32> into tensor<3x3x8xf32>
// CHECK: %[[DW:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %[[F]] : tensor<1x11x11x8xf32>, tensor<3x3x8xf32>) {{.*}} -> tensor<1x9x9x8xf32>
// CHECK-NOT: tensor.collapse_shape
// CHECK: return %[[DW]]
func.func @depthwise_one(%x: tensor<1x9x9x8xf32>, %w: tensor<3x3x8x1xf32>) -> tensor<1x9x9x8xf32> {
  %0 = tfs.depthwise_conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x9x9x8xf32>, tensor<3x3x8x1xf32>) -> tensor<1x9x9x8xf32>
  return %0 : tensor<1x9x9x8xf32>
}

// -----

// max_pool pads with -inf and starts from -inf.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[NEGINF]]
// CHECK: linalg.fill ins(%{{.*}} : f32)
// CHECK: linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} {{.*}} tensor<2x2xf32>
func.func @max_pool(%x: tensor<1x5x5x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = tfs.max_pool %x {ksize = array<i64: 1, 2, 2, 1>, padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x5x5x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// avg_pool with SAME padding divides each window's sum by its count of real
// elements: (min(o*s - pad + k, in) - max(o*s - pad, 0)) per spatial dim.
// CHECK-LABEL: func.func @avg_pool_same
// CHECK: %[[SUM:.*]] = linalg.pooling_nhwc_sum
// CHECK: linalg.generic {{.*}} ins(%[[SUM]]
// CHECK: %[[OH:.*]] = linalg.index 1 : index
// CHECK: arith.muli %[[OH]]
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: %[[OW:.*]] = linalg.index 2 : index
// CHECK: %[[COUNT:.*]] = arith.sitofp %{{.*}} : i64 to f32
// CHECK: arith.divf %{{.*}}, %[[COUNT]]
func.func @avg_pool_same(%x: tensor<1x5x5x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = tfs.avg_pool %x {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x5x5x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// avg_pool with VALID padding divides by the window size.
// CHECK-LABEL: func.func @avg_pool_valid
// CHECK: linalg.pooling_nhwc_sum
// CHECK: %[[N:.*]] = arith.constant 4.000000e+00 : f32
// CHECK: linalg.generic
// CHECK: arith.divf %{{.*}}, %[[N]]
func.func @avg_pool_valid(%x: tensor<1x4x4x4xf32>) -> tensor<1x2x2x4xf32> {
  %0 = tfs.avg_pool %x {ksize = array<i64: 1, 2, 2, 1>, padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x2x2x4xf32>
  return %0 : tensor<1x2x2x4xf32>
}

// -----

// conv2d_transpose, 3x3 stride 2 SAME (4 -> 8): one stride-1 convolution
// per output phase with the filter taps of that phase (2x2, 2x1, 1x2, 1x1:
// the 9 taps once), each written into the result at (py, px) with stride 2.
// The (0, 0) phase's sub-filter takes taps 2 and 0 (reversed), channels
// swapped: filter[2 - 2 d0, 2 - 2 d1, d3, d2].
// CHECK-DAG: #[[SUB00:.*]] = affine_map<(d0, d1, d2, d3) -> (d0 * -2 + 2, d1 * -2 + 2, d3, d2)>
// CHECK-LABEL: func.func @conv2d_transpose
// CHECK: linalg.generic {indexing_maps = [#[[SUB00]], {{.*}}]} ins(%arg1 : tensor<3x3x5x8xf32>) outs(%{{.*}} : tensor<2x2x8x5xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x5x5x8xf32>, tensor<2x2x8x5xf32>) outs(%{{.*}} : tensor<1x4x4x5xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 4, 4, 5] [1, 2, 2, 1]
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} tensor<2x1x8x5xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1, 0] [1, 4, 4, 5] [1, 2, 2, 1]
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} tensor<1x2x8x5xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 1, 0, 0] [1, 4, 4, 5] [1, 2, 2, 1]
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} tensor<1x1x8x5xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 1, 1, 0] [1, 4, 4, 5] [1, 2, 2, 1]
func.func @conv2d_transpose(%x: tensor<1x4x4x8xf32>, %w: tensor<3x3x5x8xf32>) -> tensor<1x8x8x5xf32> {
  %0 = tfs.conv2d_transpose %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x5x8xf32>) -> tensor<1x8x8x5xf32>
  return %0 : tensor<1x8x8x5xf32>
}
