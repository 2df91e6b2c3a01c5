// RUN: tfs-opt %s --tfs-check-indices --split-input-file --verify-diagnostics | FileCheck %s

// Indices fed to the model (as they are or reshaped) are recorded on the
// feed, one check per gather: the bound, the gather's indices shape, and
// the TF node with its source line.
// CHECK-LABEL: func.func @main
// CHECK-SAME: %{{.*}}: tensor<2x3xi32> {tfs.index_checks = [{limit = 10 : i64, node = "embedding_lookup (defined at model.py:7)", shape = array<i64: 2, 3>}, {limit = 4 : i64, node = "flat (defined at model.py:9)", shape = array<i64: 6>}], tfs.name = "ids:0"}
// CHECK-SAME: %{{.*}}: tensor<10x4xf32> {tfs.name = "table:0"}
// CHECK-SAME: %{{.*}}: tensor<5xi64> {tfs.index_checks = [{limit = 10 : i64, node = "tfs.gather (defined at model.py:11)", shape = array<i64: 5>}]})
func.func @main(%ids: tensor<2x3xi32> {tfs.name = "ids:0"}, %table: tensor<10x4xf32> {tfs.name = "table:0"}, %wide: tensor<5xi64>) -> (tensor<2x3x4xf32>, tensor<10x6xf32>, tensor<5x4xf32>) {
  %0 = tfs.gather %table, %ids {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2x3xi32>) -> tensor<2x3x4xf32> loc(#embedding)
  %1 = tfs.reshape %ids : tensor<2x3xi32> to tensor<6xi32>
  %2 = tfs.identity %1 : tensor<6xi32>
  %3 = tfs.gather %table, %2 {axis = 1 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<6xi32>) -> tensor<10x6xf32> loc(#flat)
  %4 = tfs.cast %wide : tensor<5xi64> to tensor<5xi32>
  %5 = tfs.gather %table, %4 {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<5xi32>) -> tensor<5x4xf32> loc("model.py":11:0)
  return %0, %3, %5 : tensor<2x3x4xf32>, tensor<10x6xf32>, tensor<5x4xf32>
}
#embedding = loc("embedding_lookup"("model.py":7:0))
#flat = loc("flat"("model.py":9:0))

// -----

// Proven in range, nothing recorded: an argmax over 10 (0..9) indexing 10
// rows, a clip to [0, 9] of a feed plus 3 (min, then max, as
// tf.clip_by_value builds it), constants, a cast and a concat of those,
// a slice of the argmax, a gather of constants in range, a select
// between values in range.
// CHECK-LABEL: func.func @main
// CHECK-NOT: tfs.index_checks
func.func @main(%logits: tensor<2x10xf32>, %ids: tensor<4xi32>, %table: tensor<10x4xf32>) -> (tensor<2x4xf32>, tensor<4x4xf32>, tensor<5x4xf32>, tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>) {
  %a = tfs.arg_max %logits {axis = 1 : i64} : (tensor<2x10xf32>) -> tensor<2xi64>
  %0 = tfs.gather %table, %a {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %three = tfs.constant dense<3> : tensor<i32>
  %lo = tfs.constant dense<0> : tensor<i32>
  %hi = tfs.constant dense<9> : tensor<i32>
  %s = tfs.add %ids, %three : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %m = tfs.minimum %s, %hi : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %c = tfs.maximum %m, %lo : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %1 = tfs.gather %table, %c {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<4xi32>) -> tensor<4x4xf32>
  %k = tfs.constant dense<[0, 9, 4]> : tensor<3xi64>
  %k32 = tfs.cast %k : tensor<3xi64> to tensor<3xi32>
  %a32 = tfs.cast %a : tensor<2xi64> to tensor<2xi32>
  %j = tfs.concat %k32, %a32 {axis = 0 : i64} : (tensor<3xi32>, tensor<2xi32>) -> tensor<5xi32>
  %2 = tfs.gather %table, %j {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<5xi32>) -> tensor<5x4xf32>
  %first = tfs.slice %a {begin = array<i64: 0>, size = array<i64: 2>} : (tensor<2xi64>) -> tensor<2xi64>
  %3 = tfs.gather %table, %first {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %sel = tfs.constant dense<[2, 0, 1]> : tensor<3xi32>
  %row = tfs.gather %k, %sel {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<3xi64>, tensor<3xi32>) -> tensor<3xi64>
  %4 = tfs.gather %table, %row {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %ok = tfs.less %ids, %hi : (tensor<4xi32>, tensor<i32>) -> tensor<4xi1>
  %picked = tfs.select %ok, %c, %lo : (tensor<4xi1>, tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %5 = tfs.gather %table, %picked {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<4xi32>) -> tensor<4x4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x4xf32>, tensor<4x4xf32>, tensor<5x4xf32>, tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>
}

// -----

// A feed plus 3 is bounded on neither side: an error that says so and
// how to bound it.
func.func @main(%ids: tensor<4xi32>, %table: tensor<10x4xf32>) -> tensor<4x4xf32> {
  %three = tfs.constant dense<3> : tensor<i32>
  %s = tfs.add %ids, %three : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  // expected-error @+1 {{cannot prove that the indices of this gather are in [0, 10): tfsc checks indices when the model runs only where they are fed (a placeholder); bound computed indices with tf.clip_by_value(ids, 0, 9) or feed them}}
  %0 = tfs.gather %table, %s {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<4xi32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// An argmax over 12 can reach 11: known, but not below 10. Constants out
// of range are known too.
func.func @main(%logits: tensor<2x12xf32>, %table: tensor<10x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %a = tfs.arg_max %logits {axis = 1 : i64} : (tensor<2x12xf32>) -> tensor<2xi64>
  // expected-error @+1 {{cannot prove that the indices of this gather are in [0, 10) (they are known to be in [0, 11])}}
  %0 = tfs.gather %table, %a {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %k = tfs.constant dense<[-1, 3]> : tensor<2xi32>
  // expected-error @+1 {{(they are known to be in [-1, 3])}}
  %1 = tfs.gather %table, %k {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<2xi32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// A value that wraps around in its element type is unknown: 2^31 - 1
// plus 1 in i32.
func.func @main(%table: tensor<10x4xf32>) -> tensor<1x4xf32> {
  %big = tfs.constant dense<2147483647> : tensor<1xi32>
  %one = tfs.constant dense<1> : tensor<1xi32>
  %s = tfs.add %big, %one : (tensor<1xi32>, tensor<1xi32>) -> tensor<1xi32>
  // expected-error @+1 {{cannot prove that the indices of this gather are in [0, 10): tfsc checks}}
  %0 = tfs.gather %table, %s {axis = 0 : i64, batch_dims = 0 : i64} : (tensor<10x4xf32>, tensor<1xi32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
