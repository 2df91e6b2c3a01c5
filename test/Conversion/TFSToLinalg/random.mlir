// RUN: tfs-opt %s --convert-tfs-to-linalg | FileCheck %s

// A random op becomes a 64-byte aligned buffer that the runtime's
// tfs_rt_random_fill fills on every run (address, element count, kind 0
// uniform / 1 normal / 2 truncated normal, the seeds, the address of the
// op's own generator state, a private global counting the blocks used),
// read as a tensor. Each op has its own state.
// CHECK-DAG: memref.global "private" @tfs.random.state : memref<1xi64> = dense<0>
// CHECK-DAG: memref.global "private" @tfs.random.state_0 : memref<1xi64> = dense<0>
// CHECK-DAG: func.func private @tfs_rt_random_fill(i64, i64, i32, i64, i64, i64)
// CHECK-LABEL: func.func @randoms
// CHECK: %[[BUF:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
// CHECK: %[[STATE:.*]] = memref.get_global @tfs.random.state{{(_0)?}} : memref<1xi64>
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[BUF]]
// CHECK-DAG: %[[N:.*]] = arith.constant 32 : i64
// CHECK-DAG: %[[KIND:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[SEED:.*]] = arith.constant 7 : i64
// CHECK: call @tfs_rt_random_fill(%{{.*}}, %[[N]], %[[KIND]], %[[SEED]], %{{.*}}, %{{.*}})
// CHECK: bufferization.to_tensor %[[BUF]] restrict writable
// CHECK: arith.constant 1 : i32
// CHECK: call @tfs_rt_random_fill
func.func @randoms() -> (tensor<4x8xf32>, tensor<16xf32>) {
  %0 = tfs.random {kind = "uniform", seed = 7 : i64, seed2 = 9 : i64} : tensor<4x8xf32>
  %1 = tfs.random {kind = "normal", seed = 7 : i64, seed2 = 9 : i64} : tensor<16xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<16xf32>
}
