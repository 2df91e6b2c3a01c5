// RUN: tfs-opt %s --tfs-normalize-matmuls --split-input-file | FileCheck %s

// transpose_b (x @ W^T) with 128 rows or more: W is transposed once into
// a new tensor, then a plain linalg.matmul (no indexing maps) multiplies.
// CHECK-LABEL: func.func @transpose_b
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg1 : tensor<32x64xf32>) outs(%{{.*}} : tensor<64x32xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%arg0, %[[T]] : tensor<128x64xf32>, tensor<64x32xf32>) outs(%arg2 : tensor<128x32xf32>)
// CHECK-NOT: indexing_maps
func.func @transpose_b(%a: tensor<128x64xf32>, %b: tensor<32x64xf32>, %c: tensor<128x32xf32>) -> tensor<128x32xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%a, %b : tensor<128x64xf32>, tensor<32x64xf32>) outs(%c : tensor<128x32xf32>) -> tensor<128x32xf32>
  return %0 : tensor<128x32xf32>
}

// -----

// transpose_b with fewer rows, K a multiple of 16 and N of 4 is left to
// tfs-tile-conv-matmul, which computes dot products over K in place.
// CHECK-LABEL: func.func @transpose_b_dot
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul indexing_maps
func.func @transpose_b_dot(%a: tensor<16x64xf32>, %b: tensor<32x64xf32>, %c: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%a, %b : tensor<16x64xf32>, tensor<32x64xf32>) outs(%c : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}

// -----

// transpose_a and transpose_b: both operands transposed.
// CHECK-LABEL: func.func @transpose_both
// CHECK: %[[A:.*]] = linalg.transpose ins(%arg0 : tensor<64x16xf32>) outs(%{{.*}} : tensor<16x64xf32>) permutation = [1, 0]
// CHECK: %[[B:.*]] = linalg.transpose ins(%arg1 : tensor<32x64xf32>) outs(%{{.*}} : tensor<64x32xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<16x64xf32>, tensor<64x32xf32>)
func.func @transpose_both(%a: tensor<64x16xf32>, %b: tensor<32x64xf32>, %c: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%a, %b : tensor<64x16xf32>, tensor<32x64xf32>) outs(%c : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}

// -----

// A small batched matmul from zeros (what a batched tf.matmul lowers to):
// a loop over the 4 matrices, each a linalg.matmul of 2-D slices starting
// from its own zeros, inserted into its slice of the result.
// CHECK-LABEL: func.func @batch
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x8x16xf32>
// CHECK: scf.for %[[I:.*]] = %c0 to %c4 step %c1 iter_args(%[[R:.*]] = %[[E]]) -> (tensor<4x8x16xf32>)
// CHECK: %[[A:.*]] = tensor.extract_slice %arg0[%[[I]], 0, 0] [1, 8, 32] [1, 1, 1] : tensor<4x8x32xf32> to tensor<8x32xf32>
// CHECK: %[[B:.*]] = tensor.extract_slice %arg1[%[[I]], 0, 0] [1, 32, 16] [1, 1, 1] : tensor<4x32x16xf32> to tensor<32x16xf32>
// CHECK: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<8x16xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<8x32xf32>, tensor<32x16xf32>) outs(%[[Z]] : tensor<8x16xf32>)
// CHECK: tensor.insert_slice %[[P]] into %[[R]][%[[I]], 0, 0] [1, 8, 16] [1, 1, 1]
// CHECK-NOT: linalg.generic
func.func @batch(%a: tensor<4x8x32xf32>, %b: tensor<4x32x16xf32>) -> tensor<4x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x8x32xf32>, tensor<4x32x16xf32>) outs(%z : tensor<4x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x8x16xf32>
  return %0 : tensor<4x8x16xf32>
}

// -----

// A large batch (16 x 128^3, 67 MFLOP) with B transposed: B is transposed
// as a batch ([0, 2, 1]), and threads take whole matrices (scf.forall); an
// init that is not a constant is accumulated into, slice by slice.
// CHECK-LABEL: func.func @batch_parallel
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg1 : tensor<16x128x128xf32>) outs(%{{.*}} : tensor<16x128x128xf32>) permutation = [0, 2, 1]
// CHECK: scf.forall (%[[I:.*]]) in (16) shared_outs(%[[R:.*]] = %arg2) -> (tensor<16x128x128xf32>)
// CHECK: %[[B:.*]] = tensor.extract_slice %[[T]][%[[I]], 0, 0]
// CHECK: %[[C:.*]] = tensor.extract_slice %[[R]][%[[I]], 0, 0]
// CHECK: linalg.matmul ins(%{{.*}}, %[[B]] : tensor<128x128xf32>, tensor<128x128xf32>) outs(%[[C]] : tensor<128x128xf32>)
// CHECK: tensor.parallel_insert_slice
func.func @batch_parallel(%a: tensor<16x128x128xf32>, %b: tensor<16x128x128xf32>, %c: tensor<16x128x128xf32>) -> tensor<16x128x128xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<16x128x128xf32>, tensor<16x128x128xf32>) outs(%c : tensor<16x128x128xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<16x128x128xf32>
  return %0 : tensor<16x128x128xf32>
}

// -----

// Left alone: a plain matmul, and a generic that is not a contraction.
// CHECK-LABEL: func.func @untouched
// CHECK: linalg.matmul ins(%arg0, %arg1
// CHECK: linalg.generic
// CHECK-NOT: linalg.transpose
func.func @untouched(%a: tensor<16x64xf32>, %b: tensor<64x32xf32>, %c: tensor<16x32xf32>) -> (tensor<16x32xf32>, tensor<16x32xf32>) {
  %0 = linalg.matmul ins(%a, %b : tensor<16x64xf32>, tensor<64x32xf32>) outs(%c : tensor<16x32xf32>) -> tensor<16x32xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%0 : tensor<16x32xf32>) outs(%c : tensor<16x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  } -> tensor<16x32xf32>
  return %0, %1 : tensor<16x32xf32>, tensor<16x32xf32>
}
