// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-merge-parallel-regions))" --split-input-file | FileCheck %s

// Two parallel loops with serial code between them (a fill, a copy) and
// a view and a constant: one region. The view and the constant move
// before it, the fill and the copy run in an omp.single between the two
// workshare loops (whose implicit barriers, and the single's, keep the
// order); the third loop joins too.
// CHECK-LABEL: func.func @three
// CHECK: memref.subview
// CHECK: arith.constant 2.0
// CHECK: omp.parallel {
// CHECK: omp.wsloop {
// CHECK: memref.store %{{.*}}, %arg0
// CHECK: omp.single {
// CHECK-NEXT: linalg.fill
// CHECK-NEXT: memref.copy
// CHECK-NEXT: omp.terminator
// CHECK: omp.wsloop {
// CHECK: memref.store %{{.*}}, %arg1
// CHECK-NOT: omp.single
// CHECK: omp.wsloop {
// CHECK: memref.store %{{.*}}, %arg2
// CHECK: omp.terminator
// CHECK-NOT: omp.parallel
// CHECK: return
func.func @three(%a: memref<64xf32>, %b: memref<64xf32>, %c: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %one, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  %half = memref.subview %a[0] [32] [1] : memref<64xf32> to memref<32xf32, strided<[1]>>
  %two = arith.constant 2.0 : f32
  linalg.fill ins(%two : f32) outs(%half : memref<32xf32, strided<[1]>>)
  memref.copy %a, %c : memref<64xf32> to memref<64xf32>
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        %v = memref.load %a[%i] : memref<64xf32>
        memref.store %v, %b[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        %v = memref.load %b[%i] : memref<64xf32>
        memref.store %v, %c[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// A value read between the loops and used after them (a load) cannot be
// computed inside the region: the regions stay apart. So does one with a
// clause (num_threads).
// CHECK-LABEL: func.func @apart
// CHECK: omp.parallel {
// CHECK: memref.load %arg0[%c0]
// CHECK: omp.parallel {
// CHECK: omp.parallel num_threads
func.func @apart(%a: memref<64xf32>, %b: memref<64xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : i32
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %one, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  %x = memref.load %a[%c0] : memref<64xf32>
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %x, %b[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  omp.parallel num_threads(%c2 : i32) {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %one, %b[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return %x : f32
}

// -----

// In a sequential loop (over images, a rolled recurrence's steps), the
// regions of one iteration merge; a first region whose body does not end
// with a workshare loop gets an explicit barrier before the second's. The
// loop, now one region and hoistable ops, runs inside a region of its own
// on every thread, as blocks of that region (the workshare loops directly
// in it): one fork and join in all instead of one per iteration.
// CHECK-LABEL: func.func @in_loop
// CHECK: omp.parallel {
// CHECK-NEXT: cf.br ^bb1(%c0 : index)
// CHECK: ^bb1([[I:%.+]]: index):
// CHECK-NEXT: [[MORE:%.+]] = arith.cmpi slt, [[I]], %c4
// CHECK-NEXT: cf.cond_br [[MORE]], ^bb2([[I]] : index), ^bb3
// CHECK: ^bb2([[N:%.+]]: index):
// CHECK-NEXT: memref.store %{{.*}}, %arg0[[[N]]]
// CHECK-NEXT: omp.barrier
// CHECK-NEXT: omp.wsloop {
// CHECK: [[NEXT:%.+]] = arith.addi [[N]], %c1
// CHECK-NEXT: cf.br ^bb1([[NEXT]] : index)
// CHECK: ^bb3:
// CHECK-NEXT: omp.terminator
// CHECK-NOT: omp.parallel
// CHECK: return
func.func @in_loop(%a: memref<64xf32>, %b: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  scf.for %n = %c0 to %c4 step %c1 {
    omp.parallel {
      memref.store %one, %a[%n] : memref<64xf32>
      omp.terminator
    }
    omp.parallel {
      omp.wsloop {
        omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
          %v = memref.load %a[%i] : memref<64xf32>
          memref.store %v, %b[%i] : memref<64xf32>
          omp.yield
        }
      }
      omp.terminator
    }
  }
  return
}

// -----

// Serial ops of the loop body around its region run in omp.single blocks
// inside the wrapping region: the copy before, the store after (after a
// barrier: the region's body ends with a nowait loop); the view, which
// touches no memory, on every thread.
// CHECK-LABEL: func.func @serial_in_loop
// CHECK: omp.parallel {
// CHECK: ^bb2([[N:%.+]]: index):
// CHECK-NEXT: omp.single {
// CHECK-NEXT: memref.copy %arg0, %arg1
// CHECK-NEXT: omp.terminator
// CHECK-NEXT: }
// CHECK-NEXT: omp.wsloop nowait {
// CHECK: omp.barrier
// CHECK-NEXT: memref.subview
// CHECK-NEXT: omp.single {
// CHECK-NEXT: memref.store
// CHECK-NEXT: omp.terminator
// CHECK-NEXT: }
// CHECK-NEXT: arith.addi [[N]]
// CHECK-NOT: omp.parallel
// CHECK: return
func.func @serial_in_loop(%a: memref<64xf32>, %b: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  scf.for %n = %c0 to %c4 step %c1 {
    memref.copy %a, %b : memref<64xf32> to memref<64xf32>
    omp.parallel {
      omp.wsloop nowait {
        omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
          memref.store %one, %b[%i] : memref<64xf32>
          omp.yield
        }
      }
      omp.terminator
    }
    %v = memref.subview %a[%n] [4] [1] : memref<64xf32> to memref<4xf32, strided<[1], offset: ?>>
    memref.store %one, %v[%c0] : memref<4xf32, strided<[1], offset: ?>>
  }
  return
}

// -----

// A loop that carries a value stays a loop with a region per iteration;
// next to another region, it is not merged into it, though nothing reads
// its result (in an omp.single its region would run nested, on one
// thread).
// CHECK-LABEL: func.func @carrying_loop
// CHECK: omp.parallel {
// CHECK: omp.wsloop
// CHECK: omp.terminator
// CHECK-NEXT: }
// CHECK-NEXT: scf.for
// CHECK-NEXT: omp.parallel {
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: omp.parallel {
// CHECK: return
func.func @carrying_loop(%a: memref<64xf32>, %x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %x, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  %r = scf.for %n = %c0 to %c4 step %c1 iter_args(%s = %x) -> (f32) {
    omp.parallel {
      omp.wsloop {
        omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
          memref.store %s, %a[%i] : memref<64xf32>
          omp.yield
        }
      }
      omp.terminator
    }
    %t = arith.addf %s, %s : f32
    scf.yield %t : f32
  }
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %x, %a[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return %x : f32
}

// -----

// A loop in a loop: both run in regions of their own, the inner one
// merged into the outer one's body; the outer loop becomes blocks first,
// then the inner one blocks of the same region.
// CHECK-LABEL: func.func @nested_loops
// CHECK: omp.parallel {
// CHECK-NEXT: cf.br ^bb1(%c0 : index)
// CHECK: ^bb1([[N:%.+]]: index):
// CHECK: cf.cond_br %{{.+}}, ^bb2([[N]] : index), ^bb6
// CHECK: ^bb2([[N2:%.+]]: index):
// CHECK-NEXT: cf.br ^bb3(%c0 : index)
// CHECK: ^bb3([[M:%.+]]: index):
// CHECK: cf.cond_br %{{.+}}, ^bb4([[M]] : index), ^bb5
// CHECK: ^bb4([[M2:%.+]]: index):
// CHECK-NEXT: omp.wsloop {
// CHECK: cf.br ^bb3
// CHECK: ^bb5:
// CHECK: cf.br ^bb1
// CHECK: ^bb6:
// CHECK-NEXT: omp.terminator
// CHECK-NOT: omp.parallel
// CHECK: return
func.func @nested_loops(%a: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  scf.for %n = %c0 to %c4 step %c1 {
    scf.for %m = %c0 to %c4 step %c1 {
      omp.parallel {
        omp.wsloop {
          omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
            memref.store %one, %a[%i] : memref<64xf32>
            omp.yield
          }
        }
        omp.terminator
      }
    }
  }
  return
}
