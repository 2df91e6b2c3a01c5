// RUN: tfs-opt %s --tfs-partition-workshare-loops --split-input-file | FileCheck %s

// Two static loops in one region. The thread number and the team size
// are read once, at the region's start; each loop becomes a loop of
// blocks over this thread's share of the iterations (N / T, one more for
// the first N % T threads), its body (the alloca scope included) cloned
// with the induction variable lb + i * step. The first loop reads a
// variable (the weights, read again by every call): on odd calls, counted
// by the function's own counter, it takes its share from the end. The
// second reads none and always goes forward. The first loop is followed
// by a barrier, the runtime's (tfs_rt_barrier, given the team's size);
// the second ends the region, whose join waits anyway.
// CHECK: func.func private @tfs_rt_barrier(i32)
// CHECK: func.func private @omp_get_num_threads() -> i32
// CHECK: func.func private @omp_get_thread_num() -> i32
// CHECK: memref.global "private" @tfs.calls.two : memref<i32> = dense<0>
// CHECK-LABEL: func.func @two
// CHECK: %[[COUNTER:.*]] = memref.get_global @tfs.calls.two : memref<i32>
// CHECK: %[[CALLS:.*]] = memref.atomic_rmw addi %{{.*}}, %[[COUNTER]][] : (i32, memref<i32>) -> i32
// CHECK: %[[ODD:.*]] = arith.trunci %[[CALLS]] : i32 to i1
// CHECK: omp.parallel {
// CHECK-NEXT: %[[TID32:.*]] = func.call @omp_get_thread_num() : () -> i32
// CHECK-NEXT: %[[TID:.*]] = arith.index_cast %[[TID32]] : i32 to index
// CHECK-NEXT: %[[NT32:.*]] = func.call @omp_get_num_threads() : () -> i32
// CHECK-NEXT: %[[NT:.*]] = arith.index_cast %[[NT32]] : i32 to index
// CHECK: %[[TRIP:.*]] = arith.ceildivsi %{{.*}}, %[[STEP:.*]] : index
// CHECK: %[[Q:.*]] = arith.divui %[[TRIP]], %[[NT]] : index
// CHECK: %[[R:.*]] = arith.remui %[[TRIP]], %[[NT]] : index
// CHECK: %[[TQ:.*]] = arith.muli %[[TID]], %[[Q]] : index
// CHECK: %[[MIN:.*]] = arith.minui %[[TID]], %[[R]] : index
// CHECK: %[[BEGIN:.*]] = arith.addi %[[TQ]], %[[MIN]] : index
// CHECK: %[[LT:.*]] = arith.cmpi ult, %[[TID]], %[[R]] : index
// CHECK: %[[EXTRA:.*]] = arith.index_castui %[[LT]] : i1 to index
// CHECK: %[[COUNT:.*]] = arith.addi %[[Q]], %[[EXTRA]] : index
// CHECK: %[[END:.*]] = arith.addi %[[BEGIN]], %[[COUNT]] : index
// CHECK: %[[SUM:.*]] = arith.addi %[[BEGIN]], %[[END]] : index
// CHECK: %[[MIRROR:.*]] = arith.subi %[[SUM]], %{{.*}} : index
// CHECK: cf.br ^[[HEAD:.*]](%[[BEGIN]] : index)
// CHECK: ^[[HEAD]](%[[I:.*]]: index):
// CHECK: %[[MORE:.*]] = arith.cmpi slt, %[[I]], %[[END]] : index
// CHECK: cf.cond_br %[[MORE]], ^[[BODY:.*]], ^[[EXIT:.*]]
// CHECK: ^[[BODY]]:
// CHECK: %[[BACK:.*]] = arith.subi %[[MIRROR]], %[[I]] : index
// CHECK: %[[TASK:.*]] = arith.select %[[ODD]], %[[BACK]], %[[I]] : index
// CHECK: %[[SCALED:.*]] = arith.muli %[[TASK]], %[[STEP]] : index
// CHECK: %[[IV:.*]] = arith.addi %{{.*}}, %[[SCALED]] : index
// CHECK: memref.alloca_scope {
// CHECK: memref.store %{{.*}}, %arg0[%[[IV]]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[I]], %{{.*}} : index
// CHECK: cf.br ^[[HEAD]](%[[NEXT]] : index)
// CHECK: ^[[EXIT]]:
// CHECK-NEXT: %[[TEAM:.*]] = arith.index_cast %[[NT]] : index to i32
// CHECK-NEXT: func.call @tfs_rt_barrier(%[[TEAM]]) : (i32) -> ()
// CHECK-NOT: omp.wsloop
// CHECK-NOT: func.call
// CHECK: cf.cond_br
// CHECK-NOT: arith.select
// CHECK: memref.store %{{.*}}, %arg1
// CHECK-NOT: omp.barrier
// CHECK-NOT: tfs_rt_barrier
// CHECK: omp.terminator
memref.global "private" @"tfs.var.w" : memref<64xf32> = dense<1.0>
func.func @two(%a: memref<64xf32>, %b: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c64 = arith.constant 64 : index
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c2) {
        memref.alloca_scope {
          %w = memref.get_global @"tfs.var.w" : memref<64xf32>
          %v = memref.load %w[%i] : memref<64xf32>
          memref.store %v, %a[%i] : memref<64xf32>
        }
        omp.yield
      }
    }
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c2) {
        %v = memref.load %a[%i] : memref<64xf32>
        memref.store %v, %b[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// A 2-D nest (a collapsed scf.forall): the 3 x 4 iterations are
// linearized, the inner index the fastest (remainder, then quotient by
// the inner trip count). An inclusive upper bound counts itself. A
// nowait loop has no barrier after it. It reads no variable: no call
// counter.
// CHECK-NOT: tfs.calls.nest
// CHECK-LABEL: func.func @nest
// CHECK-NOT: atomic_rmw
// CHECK: arith.subi
// CHECK: arith.addi
// CHECK: %[[T0:.*]] = arith.ceildivsi
// CHECK: %[[T1:.*]] = arith.ceildivsi
// CHECK: cf.cond_br
// CHECK: %[[INNER:.*]] = arith.remui %[[I:.*]], %[[T1]] : index
// CHECK: %[[OUTER:.*]] = arith.divui %[[I]], %[[T1]] : index
// CHECK: %[[J:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: %[[K:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: memref.store %{{.*}}, %arg0[%[[K]], %[[J]]]
// CHECK-NOT: omp.barrier
// CHECK: omp.terminator
func.func @nest(%a: memref<3x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop nowait {
      omp.loop_nest (%i, %j) : index = (%c0, %c0) to (%c2, %c3) inclusive step (%c1, %c1) {
        memref.store %one, %a[%i, %j] : memref<3x4xf32>
        omp.yield
      }
    }
    %v = memref.load %a[%c0, %c0] : memref<3x4xf32>
    memref.store %v, %a[%c1, %c1] : memref<3x4xf32>
    omp.terminator
  }
  return
}

// -----

// Loops with clauses (a dynamic schedule here), and loops whose step is
// not a positive constant, stay libomp's.
// CHECK-LABEL: func.func @dynamic
// CHECK: omp.wsloop schedule(dynamic)
// CHECK: omp.wsloop {
// CHECK-NOT: func.call
func.func @dynamic(%a: memref<64xf32>, %step: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop schedule(dynamic) {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %one, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%step) {
        memref.store %one, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// A region merged from two (tfs-merge-parallel-regions): a barrier, then
// the serial code between the loops in an omp.single. The barrier becomes
// the runtime's; the single's body runs on thread 0, in a block of its own
// (it may hold an alloca scope), and all threads then meet at the
// runtime's barrier, the single's implicit one.
// CHECK-LABEL: func.func @merged
// CHECK: omp.parallel {
// CHECK-NEXT: %[[TID32:.*]] = func.call @omp_get_thread_num() : () -> i32
// CHECK-NEXT: %[[TID:.*]] = arith.index_cast %[[TID32]] : i32 to index
// CHECK-NEXT: %[[NT32:.*]] = func.call @omp_get_num_threads() : () -> i32
// CHECK-NEXT: %[[NT:.*]] = arith.index_cast %[[NT32]] : i32 to index
// CHECK: memref.store %{{.*}}, %arg0[%{{.*}}]
// CHECK: cf.br ^{{.*}}(%{{.*}} : index)
// CHECK-NEXT: ^{{[a-z0-9]+}}:
// CHECK-NEXT: %[[TEAM:.*]] = arith.index_cast %[[NT]] : index to i32
// CHECK-NEXT: func.call @tfs_rt_barrier(%[[TEAM]]) : (i32) -> ()
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[FIRST:.*]] = arith.cmpi eq, %[[TID]], %[[ZERO]] : index
// CHECK-NEXT: cf.cond_br %[[FIRST]], ^[[SERIAL:.*]], ^[[AFTER:.*]]
// CHECK-NEXT: ^[[SERIAL]]:
// CHECK-NEXT: memref.alloca_scope {
// CHECK: memref.store %{{.*}}, %arg0[%c1]
// CHECK: cf.br ^[[AFTER]]
// CHECK-NEXT: ^[[AFTER]]:
// CHECK-NEXT: %[[TEAM2:.*]] = arith.index_cast %[[NT]] : index to i32
// CHECK-NEXT: func.call @tfs_rt_barrier(%[[TEAM2]]) : (i32) -> ()
// CHECK-NOT: omp.single
// CHECK-NOT: omp.barrier
// CHECK: omp.terminator
func.func @merged(%a: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop nowait {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %one, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.barrier
    omp.single {
      memref.alloca_scope {
        %v = memref.load %a[%c0] : memref<64xf32>
        memref.store %v, %a[%c1] : memref<64xf32>
      }
      omp.terminator
    }
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %one, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}
