// Round-trip of every tfs op: custom form, then generic form back to custom.
// RUN: tfs-opt %s | tfs-opt | FileCheck %s
// RUN: tfs-opt %s --mlir-print-op-generic | tfs-opt | FileCheck %s

// CHECK: tfs.variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32> = #tfs.random_normal<stddev = 2.000000e+00, seed = 3, seed2 = 7>
tfs.variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32> = #tfs.random_normal<stddev = 2.0, seed = 3, seed2 = 7>
// CHECK: tfs.variable @"image_filters/conv1/biases" : tensor<32xf32> = dense<0.000000e+00> : tensor<32xf32>
tfs.variable @"image_filters/conv1/biases" : tensor<32xf32> = dense<0.0> : tensor<32xf32>
// CHECK: tfs.variable @counter : tensor<1xf32> = dense<1.000000e+00> : tensor<1xf32> {trainable = false}
tfs.variable @counter : tensor<1xf32> = dense<1.0> : tensor<1xf32> {trainable = false}

// CHECK-LABEL: func.func @variables
func.func @variables(%v: tensor<1xf32>) -> (tensor<5x5x32x32xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) {
  // CHECK: tfs.read_variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32>
  %w = tfs.read_variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32>
  // CHECK: tfs.assign_variable @counter, %{{.*}} : tensor<1xf32>
  %a = tfs.assign_variable @counter, %v : tensor<1xf32>
  // CHECK: tfs.assign_add @counter, %{{.*}} : tensor<1xf32>
  %b = tfs.assign_add @counter, %v : tensor<1xf32>
  // CHECK: tfs.assign_sub @counter, %{{.*}} : tensor<1xf32>
  %c = tfs.assign_sub @counter, %v : tensor<1xf32>
  return %w, %a, %b, %c : tensor<5x5x32x32xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>
}

// CHECK-LABEL: func.func @constant_identity_cast
func.func @constant_identity_cast(%x: tensor<4xf32>) -> (tensor<2xf32>, tensor<4xf32>, tensor<4xi32>) {
  // CHECK: tfs.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %c = tfs.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: tfs.identity %{{.*}} : tensor<4xf32>
  %i = tfs.identity %x : tensor<4xf32>
  // CHECK: tfs.cast %{{.*}} : tensor<4xf32> to tensor<4xi32>
  %k = tfs.cast %x : tensor<4xf32> to tensor<4xi32>
  return %c, %i, %k : tensor<2xf32>, tensor<4xf32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<2x3xf32>) {
  // CHECK: tfs.neg %{{.*}} : tensor<2x3xf32>
  %0 = tfs.neg %x : tensor<2x3xf32>
  // CHECK: tfs.abs
  %1 = tfs.abs %x : tensor<2x3xf32>
  // CHECK: tfs.exp
  %2 = tfs.exp %x : tensor<2x3xf32>
  // CHECK: tfs.log
  %3 = tfs.log %x : tensor<2x3xf32>
  // CHECK: tfs.sin
  %4 = tfs.sin %x : tensor<2x3xf32>
  // CHECK: tfs.cos
  %5 = tfs.cos %x : tensor<2x3xf32>
  // CHECK: tfs.tanh
  %6 = tfs.tanh %x : tensor<2x3xf32>
  // CHECK: tfs.sigmoid
  %7 = tfs.sigmoid %x : tensor<2x3xf32>
  // CHECK: tfs.relu %{{.*}} : tensor<2x3xf32>
  %8 = tfs.relu %x : tensor<2x3xf32>
  // CHECK: tfs.relu6
  %9 = tfs.relu6 %x : tensor<2x3xf32>
  // CHECK: tfs.sqrt
  %10 = tfs.sqrt %x : tensor<2x3xf32>
  // CHECK: tfs.rsqrt
  %11 = tfs.rsqrt %x : tensor<2x3xf32>
  // CHECK: tfs.square
  %12 = tfs.square %x : tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @binary
func.func @binary(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %i: tensor<4x1xi32>, %j: tensor<5xi32>) {
  // CHECK: tfs.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = tfs.add %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tfs.sub
  %1 = tfs.sub %y, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: tfs.mul %{{.*}}, %{{.*}} : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  %2 = tfs.mul %i, %j : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  // CHECK: tfs.div
  %3 = tfs.div %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: tfs.maximum
  %4 = tfs.maximum %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tfs.minimum
  %5 = tfs.minimum %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tfs.pow
  %6 = tfs.pow %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @contractions
func.func @contractions(%a: tensor<8x64xf32>, %b: tensor<32x64xf32>, %x: tensor<4x1x8x16xf32>, %y: tensor<3x32x16xf32>) {
  // CHECK: tfs.matmul %{{.*}}, %{{.*}} {transpose_b = true} : (tensor<8x64xf32>, tensor<32x64xf32>) -> tensor<8x32xf32>
  %0 = tfs.matmul %a, %b {transpose_b = true} : (tensor<8x64xf32>, tensor<32x64xf32>) -> tensor<8x32xf32>
  // CHECK: tfs.matmul %{{.*}}, %{{.*}} {transpose_a = true} : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<64x64xf32>
  %1 = tfs.matmul %a, %a {transpose_a = true} : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<64x64xf32>
  // CHECK: tfs.batch_matmul %{{.*}}, %{{.*}} {adj_y = true} : (tensor<4x1x8x16xf32>, tensor<3x32x16xf32>) -> tensor<4x3x8x32xf32>
  %2 = tfs.batch_matmul %x, %y {adj_y = true} : (tensor<4x1x8x16xf32>, tensor<3x32x16xf32>) -> tensor<4x3x8x32xf32>
  return
}

// CHECK-LABEL: func.func @windows
func.func @windows(%x: tensor<1x64x64x32xf32>, %w: tensor<5x5x32x16xf32>, %d: tensor<3x3x32x2xf32>, %b: tensor<16xf32>) {
  // CHECK: tfs.conv2d %{{.*}}, %{{.*}} {padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>, tensor<5x5x32x16xf32>) -> tensor<1x32x32x16xf32>
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>, tensor<5x5x32x16xf32>) -> tensor<1x32x32x16xf32>
  // CHECK: tfs.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 2, 2, 1>, padding = "VALID", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x64x64x32xf32>, tensor<5x5x32x16xf32>) -> tensor<1x56x56x16xf32>
  %1 = tfs.conv2d %x, %w {dilations = array<i64: 1, 2, 2, 1>, padding = "VALID", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x64x64x32xf32>, tensor<5x5x32x16xf32>) -> tensor<1x56x56x16xf32>
  // CHECK: tfs.depthwise_conv2d %{{.*}}, %{{.*}} {padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>, tensor<3x3x32x2xf32>) -> tensor<1x31x31x64xf32>
  %2 = tfs.depthwise_conv2d %x, %d {padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>, tensor<3x3x32x2xf32>) -> tensor<1x31x31x64xf32>
  // CHECK: tfs.bias_add %{{.*}}, %{{.*}} : tensor<1x32x32x16xf32>, tensor<16xf32>
  %3 = tfs.bias_add %0, %b : tensor<1x32x32x16xf32>, tensor<16xf32>
  // CHECK: tfs.max_pool %{{.*}} {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>) -> tensor<1x32x32x32xf32>
  %4 = tfs.max_pool %x {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>) -> tensor<1x32x32x32xf32>
  // CHECK: tfs.avg_pool %{{.*}} {ksize = array<i64: 1, 2, 2, 1>, padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>) -> tensor<1x32x32x32xf32>
  %5 = tfs.avg_pool %x {ksize = array<i64: 1, 2, 2, 1>, padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x64x64x32xf32>) -> tensor<1x32x32x32xf32>
  return
}

// CHECK-LABEL: func.func @softmax_reduce
func.func @softmax_reduce(%x: tensor<8x10xf32>) {
  // CHECK: tfs.softmax %{{.*}} : tensor<8x10xf32>
  %0 = tfs.softmax %x : tensor<8x10xf32>
  // CHECK: tfs.log_softmax %{{.*}} : tensor<8x10xf32>
  %1 = tfs.log_softmax %x : tensor<8x10xf32>
  // CHECK: tfs.reduce_sum %{{.*}} {axes = array<i64: -1>, keep_dims = true} : (tensor<8x10xf32>) -> tensor<8x1xf32>
  %2 = tfs.reduce_sum %x {axes = array<i64: -1>, keep_dims = true} : (tensor<8x10xf32>) -> tensor<8x1xf32>
  // CHECK: tfs.reduce_mean %{{.*}} {axes = array<i64: 0, 1>} : (tensor<8x10xf32>) -> tensor<f32>
  %3 = tfs.reduce_mean %x {axes = array<i64: 0, 1>} : (tensor<8x10xf32>) -> tensor<f32>
  // CHECK: tfs.reduce_max %{{.*}} {axes = array<i64: 0>} : (tensor<8x10xf32>) -> tensor<10xf32>
  %4 = tfs.reduce_max %x {axes = array<i64: 0>} : (tensor<8x10xf32>) -> tensor<10xf32>
  // CHECK: tfs.reduce_min %{{.*}} {axes = array<i64: 1>} : (tensor<8x10xf32>) -> tensor<8xf32>
  %5 = tfs.reduce_min %x {axes = array<i64: 1>} : (tensor<8x10xf32>) -> tensor<8xf32>
  // CHECK: tfs.arg_max %{{.*}} {axis = 1 : i64} : (tensor<8x10xf32>) -> tensor<8xi64>
  %6 = tfs.arg_max %x {axis = 1 : i64} : (tensor<8x10xf32>) -> tensor<8xi64>
  // CHECK: tfs.arg_min %{{.*}} {axis = -2 : i64} : (tensor<8x10xf32>) -> tensor<10xi32>
  %7 = tfs.arg_min %x {axis = -2 : i64} : (tensor<8x10xf32>) -> tensor<10xi32>
  return
}

// CHECK-LABEL: func.func @compare_select
func.func @compare_select(%x: tensor<4x8xf32>, %y: tensor<8xf32>, %c: tensor<4x1xi1>) {
  // CHECK: tfs.less %{{.*}}, %{{.*}} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xi1>
  %0 = tfs.less %x, %y : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xi1>
  // CHECK: tfs.not_equal %{{.*}}, %{{.*}} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xi1>
  %1 = tfs.not_equal %x, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xi1>
  // CHECK: tfs.logical_and %{{.*}}, %{{.*}} : (tensor<4x8xi1>, tensor<4x1xi1>) -> tensor<4x8xi1>
  %2 = tfs.logical_and %0, %c : (tensor<4x8xi1>, tensor<4x1xi1>) -> tensor<4x8xi1>
  // CHECK: tfs.logical_not %{{.*}} : tensor<4x8xi1>
  %3 = tfs.logical_not %2 : tensor<4x8xi1>
  // CHECK: tfs.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %4 = tfs.select %c, %x, %y : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// CHECK-LABEL: func.func @gather
func.func @gather(%table: tensor<10x4xf32>, %ids: tensor<2x3xi32>, %x: tensor<3x5x2xf32>, %rows: tensor<3x2xi64>, %i: tensor<i32>) {
  // CHECK: tfs.gather %{{.*}}, %{{.*}} {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2x3xi32>) -> tensor<2x3x4xf32>
  %0 = tfs.gather %table, %ids {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2x3xi32>) -> tensor<2x3x4xf32>
  // CHECK: tfs.gather %{{.*}}, %{{.*}} {axis = 1 : i64, batch_dims = 1 : i64} : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<3x2x2xf32>
  %1 = tfs.gather %x, %rows {axis = 1 : i64, batch_dims = 1 : i64} : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<3x2x2xf32>
  // CHECK: tfs.gather %{{.*}}, %{{.*}} {axis = 2 : i64, batch_dims = 0 : i64} : (tensor<3x5x2xf32>, tensor<i32>) -> tensor<3x5xf32>
  %2 = tfs.gather %x, %i {axis = 2 : i64, batch_dims = 0 : i64} : (tensor<3x5x2xf32>, tensor<i32>) -> tensor<3x5xf32>
  return
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<4x5xf32>, %y: tensor<4x3xf32>) {
  // CHECK: tfs.reshape %{{.*}} : tensor<4x5xf32> to tensor<2x10xf32>
  %0 = tfs.reshape %x : tensor<4x5xf32> to tensor<2x10xf32>
  // CHECK: tfs.transpose %{{.*}} {perm = array<i64: 1, 0>} : (tensor<4x5xf32>) -> tensor<5x4xf32>
  %1 = tfs.transpose %x {perm = array<i64: 1, 0>} : (tensor<4x5xf32>) -> tensor<5x4xf32>
  // CHECK: tfs.concat %{{.*}}, %{{.*}} {axis = -1 : i64} : (tensor<4x5xf32>, tensor<4x3xf32>) -> tensor<4x8xf32>
  %2 = tfs.concat %x, %y {axis = -1 : i64} : (tensor<4x5xf32>, tensor<4x3xf32>) -> tensor<4x8xf32>
  // CHECK: %{{.*}}:2 = tfs.split %{{.*}} {axis = 1 : i64, size_splits = array<i64: 2, 3>} : (tensor<4x5xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>)
  %3:2 = tfs.split %x {axis = 1 : i64, size_splits = array<i64: 2, 3>} : (tensor<4x5xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>)
  // CHECK: tfs.slice %{{.*}} {begin = array<i64: 1, 1>, size = array<i64: -1, 2>} : (tensor<4x5xf32>) -> tensor<3x2xf32>
  %4 = tfs.slice %x {begin = array<i64: 1, 1>, size = array<i64: -1, 2>} : (tensor<4x5xf32>) -> tensor<3x2xf32>
  // CHECK: tfs.strided_slice %{{.*}} {begin = array<i64: 3, 4>, size = array<i64: 2, 3>, strides = array<i64: -2, -1>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
  %s = tfs.strided_slice %x {begin = array<i64: 3, 4>, size = array<i64: 2, 3>, strides = array<i64: -2, -1>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
  // CHECK: tfs.pad %{{.*}} {paddings = dense<{{\[\[}}0, 0], [1, 2]]> : tensor<2x2xi64>} : (tensor<4x5xf32>) -> tensor<4x8xf32>
  %5 = tfs.pad %x {paddings = dense<[[0, 0], [1, 2]]> : tensor<2x2xi64>} : (tensor<4x5xf32>) -> tensor<4x8xf32>
  // CHECK: tfs.pad %{{.*}} {constant_value = 1.500000e+00 : f64, mode = "SYMMETRIC", paddings = dense<{{\[\[}}4, 4], [0, 5]]> : tensor<2x2xi64>} : (tensor<4x5xf32>) -> tensor<12x10xf32>
  %6 = tfs.pad %x {constant_value = 1.5 : f64, mode = "SYMMETRIC", paddings = dense<[[4, 4], [0, 5]]> : tensor<2x2xi64>} : (tensor<4x5xf32>) -> tensor<12x10xf32>
  return
}
