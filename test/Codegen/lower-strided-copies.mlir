// RUN: tfs-opt %s --tfs-lower-strided-copies | FileCheck %s

// A copy out of a strided view becomes linalg.copy (plain loops, no
// runtime-library call); a copy between identity layouts stays a
// memref.copy (memcpy).
// CHECK-LABEL: func.func @copies
// CHECK: %[[V:.*]] = memref.subview
// CHECK: linalg.copy ins(%[[V]] : memref<2x2xf32, strided<[4, 1]>>) outs(%arg1 : memref<2x2xf32>)
// CHECK: memref.copy %arg0, %arg2 : memref<4x4xf32> to memref<4x4xf32>
func.func @copies(%a: memref<4x4xf32>, %b: memref<2x2xf32>, %c: memref<4x4xf32>) {
  %v = memref.subview %a[0, 0] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1]>>
  memref.copy %v, %b : memref<2x2xf32, strided<[4, 1]>> to memref<2x2xf32>
  memref.copy %a, %c : memref<4x4xf32> to memref<4x4xf32>
  return
}
