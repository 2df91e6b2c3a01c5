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

// Fills become 1-D over their contiguous innermost dimensions, through a
// view of the same buffer: a whole buffer to one run of 8192 floats, a
// view of 2 x 8 of 16 rows to 2 runs of 256; a fill whose last dimension
// is strided, or 1-D, stays as it is.
// CHECK-LABEL: func.func @fills
// CHECK: %[[BASE:.*]], %{{.*}}, %{{.*}}:4, %{{.*}}:4 = memref.extract_strided_metadata %arg0
// CHECK: %[[FLAT:.*]] = memref.reinterpret_cast %[[BASE]] to offset: [0], sizes: [8192], strides: [1] : memref<f32> to memref<8192xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[FLAT]] : memref<8192xf32>)
// CHECK: %[[VIEW:.*]] = memref.subview %arg1
// CHECK: %[[VBASE:.*]], %[[VOFF:.*]], %{{.*}}:3, %{{.*}}:3 = memref.extract_strided_metadata %[[VIEW]]
// CHECK: %[[ROWS:.*]] = memref.reinterpret_cast %[[VBASE]] to offset: [%[[VOFF]]], sizes: [2, 256], strides: [512, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[ROWS]] : memref<2x256xf32, strided<[512, 1], offset: ?>>)
// CHECK-NOT: memref.reinterpret_cast
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<4x4xf32, strided<[8, 2]>>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%arg3 : memref<64xf32>)
func.func @fills(%a: memref<1x16x16x32xf32>, %b: memref<4x16x32xf32>, %c: memref<8x8xf32>, %d: memref<64xf32>, %i: index) {
  %ninf = arith.constant 0xFF800000 : f32
  linalg.fill ins(%ninf : f32) outs(%a : memref<1x16x16x32xf32>)
  %rows = memref.subview %b[%i, 0, 0] [2, 8, 32] [1, 1, 1] : memref<4x16x32xf32> to memref<2x8x32xf32, strided<[512, 32, 1], offset: ?>>
  linalg.fill ins(%ninf : f32) outs(%rows : memref<2x8x32xf32, strided<[512, 32, 1], offset: ?>>)
  %cols = memref.subview %c[0, 0] [4, 4] [1, 2] : memref<8x8xf32> to memref<4x4xf32, strided<[8, 2]>>
  linalg.fill ins(%ninf : f32) outs(%cols : memref<4x4xf32, strided<[8, 2]>>)
  linalg.fill ins(%ninf : f32) outs(%d : memref<64xf32>)
  return
}
