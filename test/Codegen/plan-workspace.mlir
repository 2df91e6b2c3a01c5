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

// -----

// A thread's task buffer (inside scf.forall; a packed panel) goes on the
// stack: an i8 alloca viewed from byte 1088, in an alloca_scope around the
// rest of its block (here a loop body, whose yielded value comes out of
// the scope). A buffer over 1 MiB keeps its malloc. The function records
// the stack a task needs: 64 bytes + 1088 + 4096 of alignment slack.
// CHECK-LABEL: func.func @task_buffers
// CHECK-SAME: tfs.task_stack_size = 5248 : i64
// CHECK: scf.forall
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (f32)
// CHECK: %[[SUM:.*]] = memref.alloca_scope -> (f32) {
// CHECK: %[[RAW:.*]] = memref.alloca() {alignment = 4096 : i64} : memref<1152xi8>
// CHECK: %[[SHIFT:.*]] = arith.constant 1088 : index
// CHECK: %[[PANEL:.*]] = memref.view %[[RAW]][%[[SHIFT]]][] : memref<1152xi8> to memref<16xf32>
// CHECK: memref.store %{{.*}}, %[[PANEL]]
// CHECK: memref.alloca_scope.return %{{.*}} : f32
// CHECK: scf.yield %[[SUM]] : f32
// CHECK: memref.alloc() : memref<512x1024xf32>
func.func @task_buffers(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.forall (%t) in (2) {
    %s = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> (f32) {
      %panel = memref.alloc() : memref<16xf32>
      %x = memref.load %in[%i] : memref<4xf32>
      memref.store %x, %panel[%i] : memref<16xf32>
      %y = arith.addf %acc, %x : f32
      scf.yield %y : f32
    }
    %big = memref.alloc() : memref<512x1024xf32>
    memref.store %s, %big[%c0, %c0] : memref<512x1024xf32>
  }
  return
}

// -----

// A temporary in a loop's body (one image of a chain computed image by
// image) takes workspace bytes for the whole loop: not %a's, which lives
// across it. One that the body yields to the next iteration keeps its
// malloc: the next iteration's allocation would reuse its bytes.
// CHECK-LABEL: func.func @loop
// CHECK-SAME: tfs.workspace_size = 128
// CHECK: %[[WS:.*]] = memref.get_global @tfs.workspace.loop
// CHECK: memref.view %[[WS]][%{{.*}}][] : memref<128xi8> to memref<4xf32>
// CHECK: scf.for
// CHECK-NEXT: %[[OB:.*]] = arith.constant {{0|64}} : index
// CHECK-NEXT: memref.view %[[WS]][%[[OB]]][] : memref<128xi8> to memref<4xf32>
// CHECK: %[[C:.*]] = memref.alloc() : memref<4xf32>
// CHECK: scf.yield %[[C]]
func.func @loop(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %in) -> (memref<4xf32>) {
    %b = memref.alloc() : memref<4xf32>
    memref.copy %a, %b : memref<4xf32> to memref<4xf32>
    %c = memref.alloc() : memref<4xf32>
    memref.copy %b, %c : memref<4xf32> to memref<4xf32>
    scf.yield %c : memref<4xf32>
  }
  memref.copy %r, %out : memref<4xf32> to memref<4xf32>
  return
}
