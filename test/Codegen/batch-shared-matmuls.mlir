// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-batch-shared-matmuls))" --split-input-file | FileCheck %s

// Three steps of a recurrence's input projection (x_t @ W, x_t a slice of
// the inputs over time) become one 6x4 @ 4x8 matmul before the first
// step; each step takes its rows of the result (slices, no copies). The
// product that depends on the step (h @ U) stays.
// CHECK-LABEL: func.func @steps
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[X]], %arg1 : tensor<6x4xf32>, tensor<4x8xf32>) outs(%{{.*}} : tensor<6x8xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0, 1], [2]] output_shape [2, 3, 8]
// CHECK: tensor.extract_slice %[[E]][0, 0, 0] [2, 1, 8] [1, 1, 1]
// CHECK: tensor.extract_slice %[[E]][0, 1, 0] [2, 1, 8] [1, 1, 1]
// CHECK: linalg.matmul ins(%{{.*}}, %arg2 : tensor<2x8xf32>, tensor<8x8xf32>)
// CHECK: tensor.extract_slice %[[E]][0, 2, 0] [2, 1, 8] [1, 1, 1]
// CHECK-NOT: linalg.matmul ins(%{{.*}}, %arg1
func.func @steps(%x: tensor<2x3x4xf32>, %w: tensor<4x8xf32>, %u: tensor<8x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %s0 = tensor.extract_slice %x[0, 0, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x0 = tensor.collapse_shape %s0 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %p0 = linalg.matmul ins(%x0, %w : tensor<2x4xf32>, tensor<4x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  %s1 = tensor.extract_slice %x[0, 1, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x1 = tensor.collapse_shape %s1 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %p1 = linalg.matmul ins(%x1, %w : tensor<2x4xf32>, tensor<4x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  %h = linalg.matmul ins(%p0, %u : tensor<2x8xf32>, tensor<8x8xf32>) outs(%p1 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %s2 = tensor.extract_slice %x[0, 2, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x2 = tensor.collapse_shape %s2 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %p2 = linalg.matmul ins(%x2, %w : tensor<2x4xf32>, tensor<4x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %p2, %h : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Left alone: a product that does not start from zeros, and then a single
// slice product that does.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-2: linalg.matmul ins(%{{.*}}, %arg1 : tensor<2x4xf32>, tensor<4x8xf32>)
// CHECK-NOT: tensor<6x4xf32>
func.func @left_alone(%x: tensor<2x3x4xf32>, %w: tensor<4x8xf32>, %c: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %s0 = tensor.extract_slice %x[0, 0, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x0 = tensor.collapse_shape %s0 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %p0 = linalg.matmul ins(%x0, %w : tensor<2x4xf32>, tensor<4x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  %s1 = tensor.extract_slice %x[0, 1, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x1 = tensor.collapse_shape %s1 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %p1 = linalg.matmul ins(%x1, %w : tensor<2x4xf32>, tensor<4x8xf32>) outs(%c : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %p0, %p1 : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// An LSTM cell's product over concat([h, x_t]) (written h first here) for
// two steps: each becomes a product per part, the x_t part first (from
// zeros; W's rows 8 to 11, one view shared by both steps), then the h part
// (rows 0 to 7) accumulating on it. The x_t parts of both steps are then
// batched into one 6x4 @ 4x8 product; the concatenation is gone.
// CHECK-LABEL: func.func @concatenated_steps
// CHECK-DAG: %[[WH:.*]] = tensor.extract_slice %arg1[0, 0] [8, 8] [1, 1]
// CHECK-DAG: %[[WX:.*]] = tensor.extract_slice %arg1[8, 0] [4, 8] [1, 1]
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[X]], %[[WX]] : tensor<6x4xf32>, tensor<4x8xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[P]]
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[E]][0, 0, 0] [2, 1, 8]
// CHECK: %[[R0:.*]] = tensor.collapse_shape %[[S0]]
// CHECK: %[[H1:.*]] = linalg.matmul ins(%arg2, %[[WH]] : tensor<2x8xf32>, tensor<8x8xf32>) outs(%[[R0]] : tensor<2x8xf32>)
// CHECK: %[[S1:.*]] = tensor.extract_slice %[[E]][0, 1, 0] [2, 1, 8]
// CHECK: %[[R1:.*]] = tensor.collapse_shape %[[S1]]
// CHECK: linalg.matmul ins(%[[H1]], %[[WH]] : tensor<2x8xf32>, tensor<8x8xf32>) outs(%[[R1]] : tensor<2x8xf32>)
// CHECK-NOT: tensor.insert_slice
func.func @concatenated_steps(%x: tensor<2x3x4xf32>, %w: tensor<12x8xf32>, %h0: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %cat = tensor.empty() : tensor<2x12xf32>
  %s0 = tensor.extract_slice %x[0, 0, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x0 = tensor.collapse_shape %s0 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %a0 = tensor.insert_slice %h0 into %cat[0, 0] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<2x12xf32>
  %b0 = tensor.insert_slice %x0 into %a0[0, 8] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x12xf32>
  %h1 = linalg.matmul ins(%b0, %w : tensor<2x12xf32>, tensor<12x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  %s1 = tensor.extract_slice %x[0, 1, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x1 = tensor.collapse_shape %s1 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %a1 = tensor.insert_slice %h1 into %cat[0, 0] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<2x12xf32>
  %b1 = tensor.insert_slice %x1 into %a1[0, 8] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x12xf32>
  %h2 = linalg.matmul ins(%b1, %w : tensor<2x12xf32>, tensor<12x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %h2 : tensor<2x8xf32>
}

// -----

// Left as it is: a concatenation none of whose parts is a step's slice.
// CHECK-LABEL: func.func @concatenation_of_values
// CHECK: tensor.insert_slice
// CHECK: linalg.matmul ins(%{{.*}}, %arg2 : tensor<2x12xf32>, tensor<12x8xf32>)
func.func @concatenation_of_values(%a: tensor<2x8xf32>, %b: tensor<2x4xf32>, %w: tensor<12x8xf32>) -> tensor<2x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %cat = tensor.empty() : tensor<2x12xf32>
  %a0 = tensor.insert_slice %a into %cat[0, 0] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<2x12xf32>
  %b0 = tensor.insert_slice %b into %a0[0, 8] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x12xf32>
  %p = linalg.matmul ins(%b0, %w : tensor<2x12xf32>, tensor<12x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %p : tensor<2x8xf32>
}

// -----

// Two concatenations that share their x_t insertion (a GRU's gates and
// candidate after CSE): both products are split (the insertions, now
// unused, are left to canonicalization).
// CHECK-LABEL: func.func @shared_insertion
// CHECK-DAG: tensor.extract_slice %arg1[0, 0] [4, 8] [1, 1]
// CHECK-DAG: tensor.extract_slice %arg2[0, 0] [4, 8] [1, 1]
// CHECK-NOT: tensor<2x12xf32>, tensor<12x8xf32>
// CHECK-COUNT-2: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x8xf32>)
// CHECK-NOT: tensor<2x12xf32>, tensor<12x8xf32>
func.func @shared_insertion(%x: tensor<2x3x4xf32>, %w: tensor<12x8xf32>, %v: tensor<12x8xf32>, %h: tensor<2x8xf32>, %g: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8xf32>
  %zero = linalg.fill ins(%z : f32) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %cat = tensor.empty() : tensor<2x12xf32>
  %s0 = tensor.extract_slice %x[0, 0, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x1x4xf32>
  %x0 = tensor.collapse_shape %s0 [[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
  %a = tensor.insert_slice %x0 into %cat[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x12xf32>
  %b = tensor.insert_slice %h into %a[0, 4] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<2x12xf32>
  %c = tensor.insert_slice %g into %a[0, 4] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<2x12xf32>
  %p = linalg.matmul ins(%b, %w : tensor<2x12xf32>, tensor<12x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  %q = linalg.matmul ins(%c, %v : tensor<2x12xf32>, tensor<12x8xf32>) outs(%zero : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %p, %q : tensor<2x8xf32>, tensor<2x8xf32>
}
