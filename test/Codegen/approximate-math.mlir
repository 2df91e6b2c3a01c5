// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-approximate-math))" | FileCheck %s

// f32 exp, tanh and sin become polynomial arithmetic (no libm call left to
// block vectorization); f64 keeps the math op (libm at full precision).
// CHECK-LABEL: func.func @approximate
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.sin
// CHECK: math.fma
// CHECK: %[[D:.*]] = math.exp %{{.*}} : f64
// CHECK: return %{{.*}}, %[[D]]
func.func @approximate(%x: f32, %d: f64) -> (f32, f64) {
  %0 = math.exp %x : f32
  %1 = math.tanh %0 : f32
  %2 = math.sin %1 : f32
  %3 = math.exp %d : f64
  return %2, %3 : f32, f64
}
