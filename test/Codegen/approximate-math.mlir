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

// sin and cos: x = q * pi/2 + r with pi/2 in three parts (three FMAs), both
// polynomials, then the quadrant (q mod 4) picks and signs one.
// CHECK-LABEL: func.func @sin_cos
// CHECK-DAG: %[[C3:.*]] = arith.constant dense<7.549790e-08> : vector<16xf32>
// CHECK-DAG: %[[C2:.*]] = arith.constant dense<4.83751297E-4> : vector<16xf32>
// CHECK-DAG: %[[C1:.*]] = arith.constant dense<1.5703125> : vector<16xf32>
// CHECK: %[[Q:.*]] = math.roundeven
// CHECK: %[[NQ:.*]] = arith.negf %[[Q]]
// CHECK: %[[R1:.*]] = math.fma %[[NQ]], %[[C1]], %arg0
// CHECK: %[[R2:.*]] = math.fma %[[NQ]], %[[C2]], %[[R1]]
// CHECK: math.fma %[[NQ]], %[[C3]], %[[R2]]
// CHECK: arith.fptosi %[[Q]] : vector<16xf32> to vector<16xi32>
// CHECK: arith.select
// CHECK-NOT: math.sin
// CHECK-NOT: math.cos
func.func @sin_cos(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>) {
  %0 = math.sin %x : vector<16xf32>
  %1 = math.cos %x : vector<16xf32>
  return %0, %1 : vector<16xf32>, vector<16xf32>
}
