// RUN: tfs-opt %s --tfs-eliminate-empty-tensors --split-input-file | FileCheck %s
// RUN: tfs-opt %s --pass-pipeline="builtin.module(tfs-eliminate-empty-tensors,one-shot-bufferize{bufferize-function-boundaries},canonicalize,cse,canonicalize)" --split-input-file | FileCheck %s --check-prefix=BUF

// A result made of two parts (a split op): part one inserted into an
// empty tensor, part two into that, the whole written to an output.
// Upstream's elimination turns part one's empty init into a slice of the
// empty tensor (met first), and the empty destination into the output
// only afterwards; part one then gets a buffer of its own, copied into the
// output. Here both parts are computed in slices of the output: no
// buffer, no copy once bufferized.
// CHECK-LABEL: func.func @chain
// CHECK: %[[OUT:.*]] = bufferization.to_tensor %arg0 restrict writable
// CHECK: %[[ONE:.*]] = tensor.extract_slice %[[OUT]][0, 0] [4, 6] [1, 1]
// CHECK: %[[P1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[ONE]] : tensor<4x6xf32>)
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[P1]] into %[[OUT]][0, 0] [4, 6]
// CHECK: %[[TWO:.*]] = tensor.extract_slice %[[I1]][0, 6] [4, 2] [1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[TWO]] : tensor<4x2xf32>)
// BUF-LABEL: func.func @chain
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: linalg.fill
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: linalg.fill
// BUF-NOT: memref.copy
// BUF: return
func.func @chain(%out: memref<4x8xf32>) {
  %c1 = arith.constant 1.0 : f32
  %c2 = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4x6xf32>
  %p1 = linalg.fill ins(%c1 : f32) outs(%e1 : tensor<4x6xf32>) -> tensor<4x6xf32>
  %i1 = tensor.insert_slice %p1 into %e[0, 0] [4, 6] [1, 1] : tensor<4x6xf32> into tensor<4x8xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %p2 = linalg.fill ins(%c2 : f32) outs(%e2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %i2 = tensor.insert_slice %p2 into %i1[0, 6] [4, 2] [1, 1] : tensor<4x2xf32> into tensor<4x8xf32>
  bufferization.materialize_in_destination %i2 in restrict writable %out : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  return
}

// -----

// The same chain with part one computed by a serial loop (a tiled op
// whose tiles are an scf.for carrying its init): the loop starts from a
// slice of the output, not of the empty tensor, so nothing is copied.
// CHECK-LABEL: func.func @chain_loop
// CHECK: %[[OUT:.*]] = bufferization.to_tensor %arg0 restrict writable
// CHECK: %[[ONE:.*]] = tensor.extract_slice %[[OUT]][0, 0] [4, 6] [1, 1]
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ONE]]) -> (tensor<4x6xf32>)
// BUF-LABEL: func.func @chain_loop
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: return
func.func @chain_loop(%out: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4x6xf32>
  %p1 = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %e1) -> (tensor<4x6xf32>) {
    %row = tensor.extract_slice %acc[%i, 0] [1, 6] [1, 1] : tensor<4x6xf32> to tensor<1x6xf32>
    %f = linalg.fill ins(%one : f32) outs(%row : tensor<1x6xf32>) -> tensor<1x6xf32>
    %next = tensor.insert_slice %f into %acc[%i, 0] [1, 6] [1, 1] : tensor<1x6xf32> into tensor<4x6xf32>
    scf.yield %next : tensor<4x6xf32>
  }
  %i1 = tensor.insert_slice %p1 into %e[0, 0] [4, 6] [1, 1] : tensor<4x6xf32> into tensor<4x8xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %p2 = linalg.fill ins(%two : f32) outs(%e2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %i2 = tensor.insert_slice %p2 into %i1[0, 6] [4, 2] [1, 1] : tensor<4x2xf32> into tensor<4x8xf32>
  bufferization.materialize_in_destination %i2 in restrict writable %out : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  return
}

// -----

// The same chain into an intermediate (an empty tensor that is not
// written to an output): part one stays a slice of that tensor, its
// insertion's own destination.
// CHECK-LABEL: func.func @intermediate
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[ONE:.*]] = tensor.extract_slice %[[E]][0, 0] [4, 6] [1, 1]
// CHECK: %[[P1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[ONE]] : tensor<4x6xf32>)
// CHECK: tensor.insert_slice %[[P1]] into %[[E]][0, 0] [4, 6]
func.func @intermediate(%out: memref<4x8xf32>) {
  %c1 = arith.constant 1.0 : f32
  %c2 = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4x6xf32>
  %p1 = linalg.fill ins(%c1 : f32) outs(%e1 : tensor<4x6xf32>) -> tensor<4x6xf32>
  %i1 = tensor.insert_slice %p1 into %e[0, 0] [4, 6] [1, 1] : tensor<4x6xf32> into tensor<4x8xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %p2 = linalg.fill ins(%c2 : f32) outs(%e2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %i2 = tensor.insert_slice %p2 into %i1[0, 6] [4, 2] [1, 1] : tensor<4x2xf32> into tensor<4x8xf32>
  %init = tensor.empty() : tensor<4x8xf32>
  %neg = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%i2 : tensor<4x8xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<4x8xf32>
  bufferization.materialize_in_destination %neg in restrict writable %out : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  return
}

// -----

// A result computed in a reshaped empty tensor and written to an output
// through the inverse reshape (a packed matmul's C, computed as M x N/16 x
// 16): the output, expanded the same way, becomes the init, and the
// bufferized copy writes straight into it (no buffer of its own, no copy
// of it into the output, which upstream's elimination alone left).
// CHECK-LABEL: func.func @reshaped
// CHECK: %[[VIEW:.*]] = memref.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [8, 2, 8] : memref<8x16xf32> into memref<8x2x8xf32>
// CHECK: %[[OUT:.*]] = bufferization.to_tensor %[[VIEW]] restrict writable
// CHECK: %[[R:.*]] = linalg.copy ins(%{{.*}} : tensor<8x2x8xf32>) outs(%[[OUT]] : tensor<8x2x8xf32>)
// CHECK: bufferization.materialize_in_destination %[[R]] in writable %[[VIEW]]
// BUF-LABEL: func.func @reshaped
// BUF: %[[VIEW:.*]] = memref.expand_shape %arg1
// BUF-NOT: memref.alloc
// BUF: linalg.copy ins(%{{.*}}) outs(%[[VIEW]] : memref<8x2x8xf32>)
// BUF-NOT: memref.copy
// BUF: return
func.func @reshaped(%a: tensor<8x16xf32>, %out: memref<8x16xf32>) {
  %e = tensor.empty() : tensor<8x16xf32>
  %x = tensor.expand_shape %e [[0], [1, 2]] output_shape [8, 2, 8] : tensor<8x16xf32> into tensor<8x2x8xf32>
  %ax = tensor.expand_shape %a [[0], [1, 2]] output_shape [8, 2, 8] : tensor<8x16xf32> into tensor<8x2x8xf32>
  %r = linalg.copy ins(%ax : tensor<8x2x8xf32>) outs(%x : tensor<8x2x8xf32>) -> tensor<8x2x8xf32>
  %c = tensor.collapse_shape %r [[0], [1, 2]] : tensor<8x2x8xf32> into tensor<8x16xf32>
  bufferization.materialize_in_destination %c in restrict writable %out : (tensor<8x16xf32>, memref<8x16xf32>) -> ()
  return
}
