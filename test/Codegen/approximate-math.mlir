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

// sin: q = round(x / pi) through the magic number 1.5 * 2^23 (t = x / pi +
// M, q = t - M), r = x - q pi with pi in two parts (two FMAs), one odd
// polynomial for sin r (three FMAs in r^2), and bit 0 of t XOR-ed into the
// sign bit. cos: the same with t = x / pi - 1/2 + (M + 1) and r = x -
// (q + 1/2) pi. No second polynomial, no selects, no float-int conversion.
// CHECK-LABEL: func.func @sin_cos
// CHECK-DAG: %[[HALF:.*]] = arith.constant dense<5.000000e-01> : vector<16xf32>
// CHECK-DAG: %[[M1:.*]] = arith.constant dense<0x4B400001> : vector<16xf32>
// CHECK-DAG: %[[MHALF:.*]] = arith.constant dense<-5.000000e-01> : vector<16xf32>
// CHECK-DAG: %[[C31:.*]] = arith.constant dense<31> : vector<16xi32>
// CHECK-DAG: %[[PILO:.*]] = arith.constant dense<-8.74227765E-8> : vector<16xf32>
// CHECK-DAG: %[[PI:.*]] = arith.constant dense<3.14159274> : vector<16xf32>
// CHECK-DAG: %[[INVPI:.*]] = arith.constant dense<0.318309873> : vector<16xf32>
// CHECK-DAG: %[[M:.*]] = arith.constant dense<0x4B400000> : vector<16xf32>
// CHECK: %[[T:.*]] = math.fma %arg0, %[[INVPI]], %[[M]]
// CHECK: %[[Q:.*]] = arith.subf %[[T]], %[[M]]
// CHECK: %[[NQ:.*]] = arith.negf %[[Q]]
// CHECK: %[[R1:.*]] = math.fma %[[NQ]], %[[PI]], %arg0
// CHECK: %[[R:.*]] = math.fma %[[NQ]], %[[PILO]], %[[R1]]
// CHECK: %[[R2:.*]] = arith.mulf %[[R]], %[[R]]
// CHECK: math.fma
// CHECK: math.fma
// CHECK: %[[U:.*]] = math.fma
// CHECK: %[[R3:.*]] = arith.mulf %[[R2]], %[[R]]
// CHECK: %[[S:.*]] = math.fma %[[R3]], %[[U]], %[[R]]
// CHECK: %[[SB:.*]] = arith.bitcast %[[S]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[TB:.*]] = arith.bitcast %[[T]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[SIGN:.*]] = arith.shli %[[TB]], %[[C31]]
// CHECK: %[[X:.*]] = arith.xori %[[SB]], %[[SIGN]]
// CHECK: %[[SIN:.*]] = arith.bitcast %[[X]] : vector<16xi32> to vector<16xf32>
// CHECK: %[[Y:.*]] = math.fma %arg0, %[[INVPI]], %[[MHALF]]
// CHECK: %[[CT:.*]] = arith.addf %[[Y]], %[[M1]]
// CHECK: %[[CQ1:.*]] = arith.subf %[[CT]], %[[M]]
// CHECK: %[[CM:.*]] = arith.subf %[[CQ1]], %[[HALF]]
// CHECK: %[[NCM:.*]] = arith.negf %[[CM]]
// CHECK: math.fma %[[NCM]], %[[PI]], %arg0
// CHECK: %[[CTB:.*]] = arith.bitcast %[[CT]] : vector<16xf32> to vector<16xi32>
// CHECK: arith.shli %[[CTB]], %[[C31]]
// CHECK: %[[COS:.*]] = arith.bitcast
// CHECK-NOT: arith.select
// CHECK-NOT: arith.fptosi
// CHECK: return %[[SIN]], %[[COS]]
func.func @sin_cos(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>) {
  %0 = math.sin %x : vector<16xf32>
  %1 = math.cos %x : vector<16xf32>
  return %0, %1 : vector<16xf32>, vector<16xf32>
}

// exp: k = round(x / ln 2) through the magic number (t = x log2(e) + M),
// r = x - k ln 2 (two FMAs), a degree-6 polynomial (six FMAs), 2^k added
// to the exponent field as the integer t << 23; then +inf above
// 88.7228317 (x * inf, so NaN stays NaN) and 0 below -87.3365402. No
// clamps of x or k, no floor, no fptosi.
// CHECK-LABEL: func.func @exp
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -87.3365402 : f32
// CHECK-DAG: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 88.7228317 : f32
// CHECK-DAG: %[[C23:.*]] = arith.constant 23 : i32
// CHECK-DAG: %[[LOG2E:.*]] = arith.constant 1.44269502 : f32
// CHECK-DAG: %[[M:.*]] = arith.constant 0x4B400000 : f32
// CHECK: %[[T:.*]] = math.fma %arg0, %[[LOG2E]], %[[M]]
// CHECK: %[[K:.*]] = arith.subf %[[T]], %[[M]]
// CHECK: %[[NK:.*]] = arith.negf %[[K]]
// CHECK: %[[R1:.*]] = math.fma %[[NK]], %{{.*}}, %arg0
// CHECK: %[[R:.*]] = math.fma %[[NK]], %{{.*}}, %[[R1]]
// CHECK-COUNT-5: math.fma %{{.*}}, %[[R]], %{{.*}}
// CHECK: %[[P:.*]] = math.fma %{{.*}}, %[[R]], %{{.*}}
// CHECK: %[[PB:.*]] = arith.bitcast %[[P]] : f32 to i32
// CHECK: %[[TB:.*]] = arith.bitcast %[[T]] : f32 to i32
// CHECK: %[[SH:.*]] = arith.shli %[[TB]], %[[C23]]
// CHECK: %[[SUM:.*]] = arith.addi %[[PB]], %[[SH]]
// CHECK: %[[E:.*]] = arith.bitcast %[[SUM]] : i32 to f32
// CHECK: %[[OVER:.*]] = arith.cmpf ugt, %arg0, %[[HI]]
// CHECK: %[[XINF:.*]] = arith.mulf %arg0, %[[INF]]
// CHECK: %[[E1:.*]] = arith.select %[[OVER]], %[[XINF]], %[[E]]
// CHECK: %[[UNDER:.*]] = arith.cmpf olt, %arg0, %[[LO]]
// CHECK: %[[E2:.*]] = arith.select %[[UNDER]], %[[ZERO]], %[[E1]]
// CHECK: return %[[E2]]
func.func @exp(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// exp of a sin (or cos) result, |x| <= 1: one degree-9 polynomial in x
// (nine FMAs), no reduction, no scaling, no compares.
// CHECK-LABEL: func.func @exp_of_sin
// CHECK: %[[S:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK-COUNT-8: math.fma %{{.*}}, %[[S]], %{{.*}}
// CHECK: %[[E:.*]] = math.fma %{{.*}}, %[[S]], %{{.*}}
// CHECK-NOT: arith.cmpf
// CHECK-NOT: arith.shli
// CHECK: return %[[E]]
func.func @exp_of_sin(%x: f32) -> f32 {
  %0 = math.sin %x : f32
  %1 = math.exp %0 : f32
  return %1 : f32
}
