// RUN: tfs-opt %s --tfs-plan-workspace --split-input-file | FileCheck %s

// Three temporaries: %a dies when %c is allocated, so %c reuses %a's bytes;
// %b overlaps both and gets its own. Sizes round up to 64 bytes.
// CHECK: memref.global "private" @tfs.workspace.chain : memref<128xi8> = uninitialized {alignment = 64 : i64}
// CHECK-LABEL: func.func @chain
// CHECK-SAME: tfs.workspace_size = 128
// CHECK: %[[WS:.*]] = memref.get_global @tfs.workspace.chain
// CHECK-NOT: memref.alloc
// CHECK: %[[OA:.*]] = arith.constant 0 : index
// CHECK: memref.view %[[WS]][%[[OA]]][] : memref<128xi8> to memref<4xf32>
// CHECK: %[[OB:.*]] = arith.constant 64 : index
// CHECK: memref.view %[[WS]][%[[OB]]][] : memref<128xi8> to memref<4xf32>
// CHECK: %[[OC:.*]] = arith.constant 0 : index
// CHECK: memref.view %[[WS]][%[[OC]]][] : memref<128xi8> to memref<4xf32>
// CHECK-NOT: memref.alloc
func.func @chain(%in: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  %c = memref.alloc() : memref<4xf32>
  memref.copy %b, %c : memref<4xf32> to memref<4xf32>
  memref.copy %c, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// A use through a view keeps the buffer alive: %a is read through its
// collapse_shape after %b is allocated, so they must not share bytes.
// CHECK-LABEL: func.func @alias
// CHECK: arith.constant 0 : index
// CHECK: memref.view {{.*}} to memref<2x2xf32>
// CHECK: arith.constant 64 : index
// CHECK: memref.view {{.*}} to memref<4xf32>
func.func @alias(%in: memref<2x2xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<2x2xf32>
  memref.copy %in, %a : memref<2x2xf32> to memref<2x2xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<2x2xf32> into memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  memref.copy %flat, %b : memref<4xf32> to memref<4xf32>
  memref.copy %b, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// Buffers that are deallocated, dynamically shaped or nested stay malloc'd;
// a function without temporaries gets no workspace.
// CHECK-NOT: tfs.workspace
// CHECK-LABEL: func.func @left_alone
// CHECK: memref.alloc() : memref<4xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: scf.execute_region
// CHECK: memref.alloc() : memref<8xf32>
func.func @left_alone(%n: index) {
  %a = memref.alloc() : memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  %b = memref.alloc(%n) : memref<?xf32>
  scf.execute_region {
    %c = memref.alloc() : memref<8xf32>
    scf.yield
  }
  return
}
