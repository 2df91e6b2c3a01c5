// Variable reads are CSE'd only while no assign can change the variable.
// RUN: tfs-opt %s -cse | FileCheck %s

tfs.variable @v : tensor<2xf32> = #tfs.zeros

// CHECK-LABEL: func.func @reads
// CHECK: %[[A:.*]] = tfs.read_variable @v
// CHECK-NOT: tfs.read_variable
// CHECK: tfs.assign_add @v
// CHECK: %[[B:.*]] = tfs.read_variable @v
// CHECK: return %[[A]], %[[A]], %[[B]]
func.func @reads(%d: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = tfs.read_variable @v : tensor<2xf32>
  %1 = tfs.read_variable @v : tensor<2xf32>
  %2 = tfs.assign_add @v, %d : tensor<2xf32>
  %3 = tfs.read_variable @v : tensor<2xf32>
  return %0, %1, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// Assigns are never dropped, even when their result is unused.
// CHECK-LABEL: func.func @assign_kept
// CHECK: tfs.assign_variable @v
func.func @assign_kept(%d: tensor<2xf32>) {
  %0 = tfs.assign_variable @v, %d : tensor<2xf32>
  return
}

// Two random ops with the same attributes draw different values (each run
// advances each op's generator): CSE keeps both.
// CHECK-LABEL: func.func @randoms
// CHECK: %[[A:.*]] = tfs.random {kind = "uniform", seed = 1 : i64, seed2 = 2 : i64} : tensor<4xf32>
// CHECK: %[[B:.*]] = tfs.random {kind = "uniform", seed = 1 : i64, seed2 = 2 : i64} : tensor<4xf32>
// CHECK: return %[[A]], %[[B]]
func.func @randoms() -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = tfs.random {kind = "uniform", seed = 1 : i64, seed2 = 2 : i64} : tensor<4xf32>
  %1 = tfs.random {kind = "uniform", seed = 1 : i64, seed2 = 2 : i64} : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}
