// RUN: tfs-opt %s --convert-tfs-to-linalg --split-input-file | FileCheck %s

// A unary op is one linalg.generic; sigmoid is 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: %[[NEG:.*]] = arith.negf
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]]
// CHECK: %[[DEN:.*]] = arith.addf %{{.*}}, %[[EXP]]
// CHECK: arith.divf %{{.*}}, %[[DEN]]
// CHECK-NOT: tfs.
func.func @sigmoid(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tfs.sigmoid %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// numpy broadcasting: trailing dimensions align, stretched size-1
// dimensions are read at index 0.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]]
// CHECK: arith.addf
func.func @broadcast(%x: tensor<4x1x3xf32>, %y: tensor<5x1xf32>) -> tensor<4x5x3xf32> {
  %0 = tfs.add %x, %y : (tensor<4x1x3xf32>, tensor<5x1xf32>) -> tensor<4x5x3xf32>
  return %0 : tensor<4x5x3xf32>
}

// -----

// Integer division truncates and never traps: a zero divisor gives 0.
// CHECK-LABEL: func.func @int_div
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[ISZERO:.*]] = arith.cmpi eq, %[[DEN:.*]], %[[ZERO]]
// CHECK: %[[SAFE:.*]] = arith.select %[[ISZERO]], %[[ONE]], %[[DEN]]
// CHECK: %[[Q:.*]] = arith.divsi %{{.*}}, %[[SAFE]]
// CHECK: arith.select %[[ISZERO]], %[[ZERO]], %[[Q]]
func.func @int_div(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = tfs.div %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// TF's Cast: float to int truncates, to bool is x != 0, bool to float is
// unsigned, int widening sign-extends.
// CHECK-LABEL: func.func @cast
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.cmpf une
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK: arith.extsi %{{.*}} : i32 to i64
func.func @cast(%x: tensor<4xf32>, %b: tensor<4xi1>, %i: tensor<4xi32>)
    -> (tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xi64>) {
  %0 = tfs.cast %x : tensor<4xf32> to tensor<4xi32>
  %1 = tfs.cast %x : tensor<4xf32> to tensor<4xi1>
  %2 = tfs.cast %b : tensor<4xi1> to tensor<4xf32>
  %3 = tfs.cast %i : tensor<4xi32> to tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xi64>
}

// -----

// bias_add indexes the bias by the last dimension; relu6 clamps to [0, 6]
// as TF does (std::max, then std::min, the input first): x < 0 ? 0 : x,
// then y > 6 ? 6 : y, ordered compares, so a NaN input stays NaN and -0.0
// stays -0.0 (one vmaxps / vminps each on x86; arith.maximumf would take
// three instructions for its signed-zero and NaN-bound cases).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @bias_relu6
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[LAST]], #[[ID]]]
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[X]], %[[ZERO]] : f32
// CHECK: %[[LOW:.*]] = arith.select %[[NEG]], %[[ZERO]], %[[X]] : f32
// CHECK: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: %[[HIGH:.*]] = arith.cmpf ogt, %[[LOW]], %[[SIX]] : f32
// CHECK: %[[Y:.*]] = arith.select %[[HIGH]], %[[SIX]], %[[LOW]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @bias_relu6(%x: tensor<1x8x8x16xf32>, %b: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %0 = tfs.bias_add %x, %b : tensor<1x8x8x16xf32>, tensor<16xf32>
  %1 = tfs.relu6 %0 : tensor<1x8x8x16xf32>
  return %1 : tensor<1x8x8x16xf32>
}

// -----

// Integer ops take the signed integer forms.
// CHECK-LABEL: func.func @int_ops
// CHECK: arith.maxsi
// CHECK: math.absi
// CHECK: math.ipowi
func.func @int_ops(%x: tensor<3xi32>, %y: tensor<3xi32>) -> tensor<3xi32> {
  %0 = tfs.relu %x : tensor<3xi32>
  %1 = tfs.abs %0 : tensor<3xi32>
  %2 = tfs.pow %1, %y : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %2 : tensor<3xi32>
}

// -----

// Constants become arith.constant; identities disappear.
// CHECK-LABEL: func.func @constant_identity
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]]
func.func @constant_identity() -> tensor<2xf32> {
  %0 = tfs.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = tfs.identity %0 : tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// Comparisons: ordered float predicates but for != (unordered: true with a
// NaN), signed integer ones; logic on i1; select of broadcast operands.
// CHECK-LABEL: func.func @compare_select
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf une
// CHECK: arith.cmpi sge
// CHECK: arith.andi
// CHECK: arith.xori
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>)
// CHECK: arith.select
func.func @compare_select(%x: tensor<4x8xf32>, %y: tensor<8xf32>, %n: tensor<4x8xi32>, %c: tensor<4x1xi1>) -> (tensor<4x8xi1>, tensor<4x8xf32>) {
  %0 = tfs.less %x, %y : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xi1>
  %1 = tfs.not_equal %x, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xi1>
  %2 = tfs.greater_equal %n, %n : (tensor<4x8xi32>, tensor<4x8xi32>) -> tensor<4x8xi1>
  %3 = tfs.logical_and %0, %1 : (tensor<4x8xi1>, tensor<4x8xi1>) -> tensor<4x8xi1>
  %4 = tfs.logical_or %3, %2 : (tensor<4x8xi1>, tensor<4x8xi1>) -> tensor<4x8xi1>
  %5 = tfs.logical_not %4 : tensor<4x8xi1>
  %6 = tfs.select %c, %x, %y : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %5, %6 : tensor<4x8xi1>, tensor<4x8xf32>
}
