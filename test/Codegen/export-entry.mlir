// RUN: tfs-opt %s --tfs-export-entry="name=net" | FileCheck %s

// @main becomes int32_t net_run(inputs..., outputs...): inputs are read
// through restrict views, results are written into the caller's buffers,
// the function returns 0, and the TF names stay on the arguments. Other
// functions become private.
// CHECK-LABEL: func.func @net_run(
// CHECK-SAME: %[[X:.*]]: memref<2xf32> {tfs.name = "x:0"}, %[[Y:.*]]: memref<2xf32> {tfs.name = "y:0"}) -> i32
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[X]] restrict : memref<2xf32> to tensor<2xf32>
// CHECK: bufferization.materialize_in_destination %[[T]] in restrict writable %[[Y]]
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: return %[[ZERO]] : i32
// CHECK: func.func private @helper
func.func @main(%x: tensor<2xf32> {tfs.name = "x:0"}) -> (tensor<2xf32> {tfs.name = "y:0"}) {
  return %x : tensor<2xf32>
}
func.func @helper() { return }
