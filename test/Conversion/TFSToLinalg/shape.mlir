// RUN: tfs-opt %s --convert-tfs-to-linalg --split-input-file | FileCheck %s

// reshape goes through one flat dimension; rank-0 sides use an empty
// reassociation.
// CHECK-LABEL: func.func @reshape
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
// CHECK: tensor.expand_shape %arg1 [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK: tensor.collapse_shape %arg2 [] : tensor<1x1xf32> into tensor<f32>
func.func @reshape(%x: tensor<2x3x4xf32>, %s: tensor<f32>, %o: tensor<1x1xf32>) -> (tensor<4x6xf32>, tensor<1x1xf32>, tensor<f32>) {
  %0 = tfs.reshape %x : tensor<2x3x4xf32> to tensor<4x6xf32>
  %1 = tfs.reshape %s : tensor<f32> to tensor<1x1xf32>
  %2 = tfs.reshape %o : tensor<1x1xf32> to tensor<f32>
  return %0, %1, %2 : tensor<4x6xf32>, tensor<1x1xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = tfs.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// concat inserts each piece at its running offset along the (negative)
// axis; split extracts the pieces back.
// CHECK-LABEL: func.func @concat_split
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[A:.*]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK: %[[AB:.*]] = tensor.insert_slice %arg1 into %[[A]][0, 3] [2, 5] [1, 1]
// CHECK: tensor.extract_slice %[[AB]][0, 0] [2, 4] [1, 1]
// CHECK: tensor.extract_slice %[[AB]][0, 4] [2, 4] [1, 1]
func.func @concat_split(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = tfs.concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %1:2 = tfs.split %0 {axis = 1 : i64, size_splits = array<i64: 4, 4>} : (tensor<2x8xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  return %1#0, %1#1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// A size of -1 runs to the end of the dimension.
// CHECK-LABEL: func.func @slice
// CHECK: tensor.extract_slice %arg0[0, 1] [4, 2] [1, 1] : tensor<4x5xf32> to tensor<4x2xf32>
func.func @slice(%x: tensor<4x5xf32>) -> tensor<4x2xf32> {
  %0 = tfs.slice %x {begin = array<i64: 0, 1>, size = array<i64: -1, 2>} : (tensor<4x5xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// Positive strides: a strided extract_slice (x[1:4:2, ::2]). A negative
// one (x[::-1, 1:4]): the extract_slice of the elements taken, then a copy
// reading element 3 - j of dimension 0 (a map with a plain d1 next to it:
// linalg infers d1's range from that operand, which must be the slice).
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1) -> (-d0 + 3, d1)>
// CHECK-LABEL: func.func @strided_slice
// CHECK: tensor.extract_slice %arg0[1, 0] [2, 3] [2, 2] : tensor<4x5xf32> to tensor<2x3xf32>
// CHECK: %[[TAKEN:.*]] = tensor.extract_slice %arg0[0, 1] [4, 3] [1, 1] : tensor<4x5xf32> to tensor<4x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[REV]], #{{.*}}]{{.*}} ins(%[[TAKEN]] : tensor<4x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]]
func.func @strided_slice(%x: tensor<4x5xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>) {
  %0 = tfs.strided_slice %x {begin = array<i64: 1, 0>, size = array<i64: 2, 3>, strides = array<i64: 2, 2>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
  %1 = tfs.strided_slice %x {begin = array<i64: 3, 1>, size = array<i64: 4, 3>, strides = array<i64: -1, 1>} : (tensor<4x5xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<4x3xf32>
}

// -----

// CONSTANT padding is tensor.pad with the constant.
// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[V:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: tensor.pad %arg0 low[0, 1] high[0, 2]
// CHECK: tensor.yield %[[V]] : f32
func.func @pad_constant(%x: tensor<2x3xf32>) -> tensor<2x6xf32> {
  %0 = tfs.pad %x {paddings = dense<[[0, 0], [1, 2]]> : tensor<2x2xi64>, constant_value = 1.5} : (tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// REFLECT gathers: i = o - before; i < 0 reads -i, i >= n reads 2n - 2 - i.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x3xf32>)
// CHECK: %[[O:.*]] = linalg.index 0 : index
// CHECK: %[[I:.*]] = arith.subi %[[O]], %c1
// CHECK: %[[LOW:.*]] = arith.subi %c0, %[[I]]
// CHECK: %[[HIGH:.*]] = arith.subi %c2, %[[I]]
// CHECK: %[[ISLOW:.*]] = arith.cmpi slt, %[[I]]
// CHECK: %[[ISHIGH:.*]] = arith.cmpi sge, %[[I]]
// CHECK: %[[M:.*]] = arith.select %[[ISHIGH]], %[[HIGH]], %[[I]]
// CHECK: %[[ROW:.*]] = arith.select %[[ISLOW]], %[[LOW]], %[[M]]
// CHECK: tensor.extract %arg0[%[[ROW]], %{{.*}}] : tensor<2x3xf32>
func.func @pad_reflect(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = tfs.pad %x {paddings = dense<[[1, 1], [0, 0]]> : tensor<2x2xi64>, mode = "REFLECT"} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// SYMMETRIC mirrors with the edge: i < 0 reads -i - 1, i >= n reads
// 2n - 1 - i.
// CHECK-LABEL: func.func @pad_symmetric
// CHECK: %[[I:.*]] = arith.subi %{{.*}}, %c2
// CHECK: arith.subi %c-1, %[[I]]
// CHECK: arith.subi %c5, %[[I]]
func.func @pad_symmetric(%x: tensor<3xf32>) -> tensor<7xf32> {
  %0 = tfs.pad %x {paddings = dense<[[2, 2]]> : tensor<1x2xi64>, mode = "SYMMETRIC"} : (tensor<3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// gather reads its index through an indexing map (indices dimension d is
// result dimension d for batch dimensions, axis + d - batch_dims after),
// clamps it to [0, n) and extracts the params element; the other params
// coordinates are result dimensions.
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[P:.*]]: tensor<3x5x6xf32>, %[[I:.*]]: tensor<3x2x4xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[IDX]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<3x2x4xi64>) outs(%{{.*}} : tensor<3x2x4x6xf32>)
// CHECK: ^bb0(%[[V:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[C:.*]] = arith.index_cast %[[V]] : i64 to index
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[LAST:.*]] = arith.constant 4 : index
// CHECK: %[[LO:.*]] = arith.maxsi %[[C]], %[[ZERO]] : index
// CHECK: %[[K:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK: %[[B:.*]] = linalg.index 0 : index
// CHECK: %[[Q:.*]] = linalg.index 3 : index
// CHECK: %[[E:.*]] = tensor.extract %[[P]][%[[B]], %[[K]], %[[Q]]] : tensor<3x5x6xf32>
// CHECK: linalg.yield %[[E]] : f32
func.func @gather(%p: tensor<3x5x6xf32>, %i: tensor<3x2x4xi64>) -> tensor<3x2x4x6xf32> {
  %0 = tfs.gather %p, %i {axis = 1 : i64, batch_dims = 1 : i64} : (tensor<3x5x6xf32>, tensor<3x2x4xi64>) -> tensor<3x2x4x6xf32>
  return %0 : tensor<3x2x4x6xf32>
}
