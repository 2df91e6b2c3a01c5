// Folding and canonicalization of tfs ops.
// RUN: tfs-opt %s -canonicalize -split-input-file | FileCheck %s

// Unary ops on constants fold (computed in double, rounded to f32).
// CHECK-LABEL: func.func @fold_unary_constants
// CHECK-DAG: tfs.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: tfs.constant dense<[-1.000000e+00, -4.000000e+00]> : tensor<2xf32>
// CHECK-DAG: tfs.constant dense<[0.000000e+00, 6.000000e+00]> : tensor<2xf32>
// CHECK-DAG: tfs.constant dense<[5, 0]> : tensor<2xi32>
// CHECK-NOT: tfs.sqrt
// CHECK-NOT: tfs.neg
// CHECK-NOT: tfs.relu6
// CHECK-NOT: tfs.relu
func.func @fold_unary_constants() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi32>) {
  %c = tfs.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = tfs.sqrt %c : tensor<2xf32>
  %1 = tfs.neg %c : tensor<2xf32>
  %m = tfs.constant dense<[-3.0, 7.5]> : tensor<2xf32>
  %2 = tfs.relu6 %m : tensor<2xf32>
  %i = tfs.constant dense<[5, -2]> : tensor<2xi32>
  %3 = tfs.relu %i : tensor<2xi32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi32>
}

// -----

// exp(0) == 1 and sigmoid(0) == 0.5 exactly.
// CHECK-LABEL: func.func @fold_transcendental
// CHECK-DAG: tfs.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-DAG: tfs.constant dense<5.000000e-01> : tensor<3xf32>
func.func @fold_transcendental() -> (tensor<3xf32>, tensor<3xf32>) {
  %z = tfs.constant dense<0.0> : tensor<3xf32>
  %0 = tfs.exp %z : tensor<3xf32>
  %1 = tfs.sigmoid %z : tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// neg is an involution; relu, relu6 and abs are idempotent; identity and
// same-type casts disappear.
// CHECK-LABEL: func.func @involution_idempotence
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[R:.*]] = tfs.relu %[[X]]
// CHECK-NOT: tfs.relu
// CHECK: %[[A:.*]] = tfs.abs %[[X]]
// CHECK-NOT: tfs.abs
// CHECK-NOT: tfs.neg
// CHECK-NOT: tfs.identity
// CHECK-NOT: tfs.cast
// CHECK: return %[[X]], %[[R]], %[[A]], %[[X]], %[[X]]
func.func @involution_idempotence(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %n = tfs.neg %x : tensor<4xf32>
  %0 = tfs.neg %n : tensor<4xf32>
  %r = tfs.relu %x : tensor<4xf32>
  %1 = tfs.relu %r : tensor<4xf32>
  %a = tfs.abs %x : tensor<4xf32>
  %2 = tfs.abs %a : tensor<4xf32>
  %3 = tfs.identity %x : tensor<4xf32>
  %4 = tfs.cast %x : tensor<4xf32> to tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// x + 0, x * 1, x - 0, x / 1, x ^ 1, max(x, x) fold to x when broadcasting
// does not change x's type.
// CHECK-LABEL: func.func @binary_identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: tfs.add
// CHECK-NOT: tfs.mul
// CHECK-NOT: tfs.sub
// CHECK-NOT: tfs.div
// CHECK-NOT: tfs.pow
// CHECK-NOT: tfs.maximum
// CHECK-NOT: tfs.minimum
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @binary_identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %zero = tfs.constant dense<0.0> : tensor<3xf32>
  %one = tfs.constant dense<1.0> : tensor<f32>
  %0 = tfs.add %x, %zero : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = tfs.add %zero, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = tfs.mul %one, %x : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = tfs.sub %x, %zero : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = tfs.div %x, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %5 = tfs.pow %x, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %6 = tfs.maximum %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = tfs.minimum %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Adding zero that broadcasts x to a bigger shape is not a no-op.
// CHECK-LABEL: func.func @broadcasting_zero_is_kept
// CHECK: tfs.add
func.func @broadcasting_zero_is_kept(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %zero = tfs.constant dense<0.0> : tensor<2x3xf32>
  %0 = tfs.add %x, %zero : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Binary ops on same-typed constants fold.
// CHECK-LABEL: func.func @fold_binary_constants
// CHECK-DAG: tfs.constant dense<[4.000000e+00, 6.000000e+00]> : tensor<2xf32>
// CHECK-DAG: tfs.constant dense<[3, 8]> : tensor<2xi32>
// CHECK-DAG: tfs.constant dense<[2.500000e-01, 5.000000e-01]> : tensor<2xf32>
func.func @fold_binary_constants() -> (tensor<2xf32>, tensor<2xi32>, tensor<2xf32>) {
  %a = tfs.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = tfs.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %0 = tfs.add %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %i = tfs.constant dense<[1, 2]> : tensor<2xi32>
  %j = tfs.constant dense<[3, 4]> : tensor<2xi32>
  %1 = tfs.mul %i, %j : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %f = tfs.constant dense<4.0> : tensor<2xf32>
  %2 = tfs.div %a, %f : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xi32>, tensor<2xf32>
}

// -----

// Shape ops that do nothing fold away; reshape chains collapse; reshaping a
// constant reshapes the constant.
// CHECK-LABEL: func.func @shape_noops
// CHECK-SAME: (%[[X:.*]]: tensor<4x5xf32>)
// CHECK-DAG: %[[R:.*]] = tfs.reshape %[[X]] : tensor<4x5xf32> to tensor<20xf32>
// CHECK-DAG: %[[C:.*]] = tfs.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00]]> : tensor<1x2xf32>
// CHECK-NOT: tfs.transpose
// CHECK-NOT: tfs.concat
// CHECK-NOT: tfs.split
// CHECK-NOT: tfs.slice
// CHECK-NOT: tfs.pad
// CHECK-NOT: tfs.reduce_sum
// CHECK: return %[[X]], %[[R]], %[[C]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @shape_noops(%x: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<20xf32>, tensor<1x2xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>) {
  %0 = tfs.reshape %x : tensor<4x5xf32> to tensor<4x5xf32>
  %r = tfs.reshape %x : tensor<4x5xf32> to tensor<2x10xf32>
  %1 = tfs.reshape %r : tensor<2x10xf32> to tensor<20xf32>
  %c = tfs.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %2 = tfs.reshape %c : tensor<2xf32> to tensor<1x2xf32>
  %3 = tfs.transpose %x {perm = array<i64: 0, 1>} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  %t = tfs.transpose %x {perm = array<i64: 1, 0>} : (tensor<4x5xf32>) -> tensor<5x4xf32>
  %4 = tfs.transpose %t {perm = array<i64: 1, 0>} : (tensor<5x4xf32>) -> tensor<4x5xf32>
  %5 = tfs.concat %x {axis = 0 : i64} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  %6 = tfs.split %x {axis = 1 : i64, size_splits = array<i64: 5>} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  %7 = tfs.slice %x {begin = array<i64: 0, 0>, size = array<i64: -1, 5>} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  %8 = tfs.pad %x {paddings = dense<0> : tensor<2x2xi64>} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  %9 = tfs.reduce_sum %x {axes = array<i64>} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4x5xf32>, tensor<20xf32>, tensor<1x2xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// Transposes compose: [1, 2, 0] after [2, 0, 1] is the identity and folds
// away; [1, 0, 2] after [2, 0, 1] composes to one transpose by [0, 2, 1].
// CHECK-LABEL: func.func @transpose_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.*]] = tfs.transpose %[[X]] {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
// CHECK: return %[[X]], %[[T]]
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x4x3xf32>) {
  %t = tfs.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %0 = tfs.transpose %t {perm = array<i64: 1, 2, 0>} : (tensor<4x2x3xf32>) -> tensor<2x3x4xf32>
  %1 = tfs.transpose %t {perm = array<i64: 1, 0, 2>} : (tensor<4x2x3xf32>) -> tensor<2x4x3xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<2x4x3xf32>
}

// -----

// A strided slice of the whole input with unit strides folds away; a
// reversed one does not.
// CHECK-LABEL: func.func @strided_slice
// CHECK: %[[R:.*]] = tfs.strided_slice %arg0 {begin = array<i64: 0, 4>, size = array<i64: 4, 5>, strides = array<i64: 1, -1>}
// CHECK: return %arg0, %[[R]]
func.func @strided_slice(%x: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %0 = tfs.strided_slice %x {begin = array<i64: 0, 0>, size = array<i64: 4, 5>, strides = array<i64: 1, 1>} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  %1 = tfs.strided_slice %x {begin = array<i64: 0, 4>, size = array<i64: 4, 5>, strides = array<i64: 1, -1>} : (tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0, %1 : tensor<4x5xf32>, tensor<4x5xf32>
}
