// RUN: tfs-opt %s --tfs-lower-variables | FileCheck %s

// One public, 64-byte aligned global per variable; the tfs.variable ops go.
// CHECK-DAG: memref.global "public" @"tfs.var.s/w" : memref<3xf32> = uninitialized {alignment = 64 : i64}
// CHECK-DAG: memref.global "public" @"tfs.var.s/counter" : memref<f32> = uninitialized {alignment = 64 : i64}
// CHECK-NOT: tfs.variable
tfs.variable @"s/w" : tensor<3xf32> = #tfs.zeros
tfs.variable @"s/counter" : tensor<f32> = dense<0.0> : tensor<f32>

// A function that never assigns a variable reads it through one shared
// read-only view: two reads, one get_global, no copy.
// CHECK-LABEL: func.func @read_only
// CHECK: %[[G:.*]] = memref.get_global @"tfs.var.s/w" : memref<3xf32>
// CHECK-NEXT: %[[V:.*]] = bufferization.to_tensor %[[G]] restrict : memref<3xf32> to tensor<3xf32>
// CHECK-NOT: memref.get_global
// CHECK-NOT: memref.copy
// CHECK: tfs.add %[[V]], %[[V]]
func.func @read_only(%x: tensor<3xf32>) -> tensor<3xf32> {
  %a = tfs.read_variable @"s/w" : tensor<3xf32>
  %b = tfs.read_variable @"s/w" : tensor<3xf32>
  %0 = tfs.add %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// In a function that assigns the variable, each read is a snapshot (so the
// read before the assign keeps the old value), assign_add expands to
// read + add + assign, and the assign writes the global in place.
// CHECK-LABEL: func.func @update
// CHECK: %[[G1:.*]] = memref.get_global @"tfs.var.s/counter"
// CHECK: %[[OLD:.*]] = memref.alloc() {alignment = 64 : i64} : memref<f32>
// CHECK: memref.copy %[[G1]], %[[OLD]]
// CHECK: %[[OLDT:.*]] = bufferization.to_tensor %[[OLD]] restrict writable
// CHECK: %[[CUR:.*]] = memref.alloc()
// CHECK: %[[CURT:.*]] = bufferization.to_tensor %[[CUR]]
// CHECK: %[[NEW:.*]] = tfs.add %[[CURT]], %arg0
// CHECK: %[[G3:.*]] = memref.get_global @"tfs.var.s/counter"
// CHECK: bufferization.materialize_in_destination %[[NEW]] in restrict writable %[[G3]]
// CHECK: return %[[OLDT]], %[[NEW]]
func.func @update(%d: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %old = tfs.read_variable @"s/counter" : tensor<f32>
  %new = tfs.assign_add @"s/counter", %d : tensor<f32>
  return %old, %new : tensor<f32>, tensor<f32>
}
