// RUN: tfs-opt %s --split-input-file --tfs-export-entry="name=net" | FileCheck %s

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

// -----

// A feed with index checks: the entry calls tfs_rt_check_indices for each
// (the feed's address, its element bits, rank, shape and node text as
// constant globals, the limit), the second only if the first passed; the
// model's ops move to @net_run.body, called only if both passed; the entry
// returns the first failure's status. The checks leave the argument; the
// entry keeps each feed's smallest bound (-1: none) for the header.
// CHECK-DAG: memref.global "private" constant @tfs.check.shape{{.*}} : memref<2xi64> = dense<[2, 3]>
// CHECK-DAG: memref.global "private" constant @tfs.check.node{{.*}} : memref<26xi8> = dense<[101, 109, 98, {{.*}}, 41, 0]>
// CHECK-DAG: func.func private @tfs_rt_check_indices(i64, i32, i32, i64, i64, i64) -> i32
// CHECK-LABEL: func.func @net_run(
// CHECK-SAME: %[[IDS:[^:]*]]: memref<2x3xi64> {tfs.name = "ids:0"}, %[[T:[^:]*]]: memref<10x4xf32>, %[[OUT:[^:]*]]: memref<2x3x4xf32>) -> i32
// CHECK-SAME: attributes {tfs.index_limits = array<i64: 4, -1>}
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[IDS]]
// CHECK: %[[P64:.*]] = arith.index_cast %[[P]] : index to i64
// CHECK-DAG: %[[BITS:.*]] = arith.constant 64 : i32
// CHECK-DAG: %[[RANK:.*]] = arith.constant 2 : i32
// CHECK-DAG: %[[LIMIT:.*]] = arith.constant 10 : i64
// CHECK: %[[S0:.*]] = call @tfs_rt_check_indices(%[[P64]], %[[BITS]], %[[RANK]], %{{.*}}, %[[LIMIT]], %{{.*}})
// CHECK: %[[OK0:.*]] = arith.cmpi eq, %[[S0]], %{{.*}} : i32
// CHECK: %[[S1:.*]] = scf.if %[[OK0]] -> (i32) {
// CHECK: %[[C:.*]] = func.call @tfs_rt_check_indices
// CHECK: scf.yield %[[C]] : i32
// CHECK: } else {
// CHECK: scf.yield %[[S0]] : i32
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[S1]], %{{.*}} : i32
// CHECK: scf.if %[[OK]] {
// CHECK: func.call @net_run.body(%[[IDS]], %[[T]], %[[OUT]])
// CHECK: return %[[S1]] : i32
// CHECK: func.func private @net_run.body(%{{.*}}: memref<2x3xi64>, %{{.*}}: memref<10x4xf32>, %{{.*}}: memref<2x3x4xf32>) {
// CHECK: bufferization.to_tensor
// CHECK: tfs.gather
// CHECK: bufferization.materialize_in_destination
// CHECK-NEXT: return{{$}}
func.func @main(%ids: tensor<2x3xi64> {tfs.name = "ids:0", tfs.index_checks = [{limit = 10 : i64, node = "embedding_lookup (x.py:3)", shape = array<i64: 2, 3>}, {limit = 4 : i64, node = "g (x.py:4)", shape = array<i64: 6>}]}, %t: tensor<10x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tfs.gather %t, %ids {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
