// RUN: tfs-opt %s --convert-tfs-to-linalg --split-input-file | FileCheck %s

// Negative axes count from the back; keep_dims expands the reduced result
// back with size-1 dimensions.
// CHECK-LABEL: func.func @sum_keep_dims
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2xf32>) dimensions = [1, 2]
// Float sums are reassociable (as TF's vectorized reductions are), so
// that LLVM vectorizes long rows.
// CHECK: arith.addf {{.*}} fastmath<reassoc> : f32
// CHECK: tensor.expand_shape %[[R]] {{\[}}[0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
func.func @sum_keep_dims(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %0 = tfs.reduce_sum %x {axes = array<i64: -1, 1>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

// mean divides the sum by the number of reduced elements.
// CHECK-LABEL: func.func @mean
// CHECK: linalg.reduce
// CHECK: %[[N:.*]] = arith.constant 1.200000e+01 : f32
// CHECK: linalg.generic
// CHECK: arith.divf %{{.*}}, %[[N]]
func.func @mean(%x: tensor<3x4x5xf32>) -> tensor<5xf32> {
  %0 = tfs.reduce_mean %x {axes = array<i64: 0, 1>} : (tensor<3x4x5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// max starts from -inf, min from +inf, and a full keep_dims reduction
// expands a scalar with an empty reassociation. Integer min starts from the
// largest i32.
// CHECK-LABEL: func.func @max_min
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.reduce
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK: arith.constant 2147483647 : i32
// CHECK: linalg.reduce
// CHECK: arith.minsi
func.func @max_min(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>) -> (tensor<1x1xf32>, tensor<3xi32>) {
  %0 = tfs.reduce_max %x {axes = array<i64: 0, 1>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  %1 = tfs.reduce_min %i {axes = array<i64: 0>} : (tensor<2x3xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<1x1xf32>, tensor<3xi32>
}

// -----

// No axes: nothing is reduced.
// CHECK-LABEL: func.func @no_axes
// CHECK-NEXT: return %arg0
func.func @no_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tfs.reduce_sum %x {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// softmax subtracts the row maximum before exp, then multiplies by the
// inverse of the sum (as TF 1.15 does). The maximum is a compare and a
// select (maxps), not the NaN-propagating arith.maximumf: a NaN makes the
// row all NaN either way.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax
// CHECK: %[[MAX:.*]] = linalg.reduce
// CHECK-NEXT: (%[[IN:.*]]: f32, %[[ACC:.*]]: f32) {
// CHECK-NEXT: %[[LESS:.*]] = arith.cmpf olt, %[[ACC]], %[[IN]] : f32
// CHECK-NEXT: %[[M:.*]] = arith.select %[[LESS]], %[[IN]], %[[ACC]] : f32
// CHECK-NEXT: linalg.yield %[[M]]
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]{{.*}} ins(%{{.*}}, %[[MAX]]
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[EXP]]
// CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<8xf32>)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00
// CHECK: arith.divf %[[ONE]],
// CHECK: linalg.generic {{.*}} ins(%[[EXP]], %[[INV]]
// CHECK: arith.mulf
func.func @softmax(%x: tensor<8x10xf32>) -> tensor<8x10xf32> {
  %0 = tfs.softmax %x : tensor<8x10xf32>
  return %0 : tensor<8x10xf32>
}

// -----

// log_softmax is (x - max) - log(sum(exp(x - max))).
// CHECK-LABEL: func.func @log_softmax
// CHECK: %[[MAX:.*]] = linalg.reduce
// CHECK: %[[SUM:.*]] = linalg.reduce
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[MAX]], %[[SUM]]
// CHECK: %[[SHIFTED:.*]] = arith.subf
// CHECK: %[[LOG:.*]] = math.log
// CHECK: arith.subf %[[SHIFTED]], %[[LOG]]
func.func @log_softmax(%x: tensor<8x10xf32>) -> tensor<8x10xf32> {
  %0 = tfs.log_softmax %x : tensor<8x10xf32>
  return %0 : tensor<8x10xf32>
}

// -----

// arg_max: one generic reducing the axis into the best value (from the
// lowest float) and its index (from 0), both replaced only when the element
// is strictly greater: ties keep the first index, NaN never wins.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @arg_max
// CHECK: %[[BEST:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<8xf32>)
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<8xi64>)
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[OUT]], #[[OUT]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<8x10xf32>) outs(%[[BEST]], %[[ZERO]] : tensor<8xf32>, tensor<8xi64>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[B:.*]]: f32, %[[I:.*]]: i64):
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ogt, %[[IN]], %[[B]] : f32
// CHECK-NEXT: %[[POS:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[POS64:.*]] = arith.index_cast %[[POS]] : index to i64
// CHECK-NEXT: %[[NB:.*]] = arith.select %[[GT]], %[[IN]], %[[B]] : f32
// CHECK-NEXT: %[[NI:.*]] = arith.select %[[GT]], %[[POS64]], %[[I]] : i64
// CHECK-NEXT: linalg.yield %[[NB]], %[[NI]]
// CHECK: return %[[R]]#1
func.func @arg_max(%x: tensor<8x10xf32>) -> tensor<8xi64> {
  %0 = tfs.arg_max %x {axis = 1 : i64} : (tensor<8x10xf32>) -> tensor<8xi64>
  return %0 : tensor<8xi64>
}

// -----

// arg_min of integers over the first axis: a signed less-than.
// CHECK-LABEL: func.func @arg_min_int
// CHECK: iterator_types = ["reduction", "parallel"]
// CHECK: arith.cmpi slt
// CHECK: linalg.index 0
// CHECK: arith.index_cast %{{.*}} : index to i32
func.func @arg_min_int(%x: tensor<8x10xi32>) -> tensor<10xi32> {
  %0 = tfs.arg_min %x {axis = 0 : i64} : (tensor<8x10xi32>) -> tensor<10xi32>
  return %0 : tensor<10xi32>
}
