// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-vectorize-reductions,canonicalize))" --split-input-file | FileCheck %s

// A row maximum (softmax's first step) over 1000 columns: per row, the
// first 64 columns as the accumulator, 64 more per step up to 960, one
// reduction with the row's initial value, then the 40 columns left.
// 64 000 elements: on the calling thread.
// CHECK-LABEL: func.func @row_max
// CHECK-NOT: scf.forall
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c64 step %c1 iter_args(%[[OUT:.*]] = %arg1)
// CHECK: %[[INIT:.*]] = tensor.extract %[[OUT]][%[[ROW]]]
// CHECK: %[[FIRST:.*]] = vector.transfer_read %arg0[%{{.*}}, %c0]{{.*}} : tensor<64x1000xf32>, vector<64xf32>
// CHECK: %[[ACC:.*]] = scf.for %[[COL:.*]] = %c64 to %c960 step %c64 iter_args(%[[A:.*]] = %[[FIRST]]) -> (vector<64xf32>)
// CHECK: %[[NEXT:.*]] = vector.transfer_read %arg0[%{{.*}}, %[[COL]]]{{.*}} : tensor<64x1000xf32>, vector<64xf32>
// CHECK: arith.maximumf %[[A]], %[[NEXT]]{{.*}} : vector<64xf32>
// CHECK: %[[PART:.*]] = vector.reduction <maximumf>, %[[ACC]], %[[INIT]]{{.*}} : vector<64xf32> into f32
// CHECK: %[[TAIL:.*]] = vector.transfer_read %arg0[%{{.*}}, %c960]{{.*}} : tensor<64x1000xf32>, vector<40xf32>
// CHECK: %[[ALL:.*]] = vector.reduction <maximumf>, %[[TAIL]], %[[PART]]{{.*}} : vector<40xf32> into f32
// CHECK: tensor.insert %[[ALL]] into %[[OUT]][%[[ROW]]]
// CHECK-NOT: linalg.reduce
func.func @row_max(%x: tensor<64x1000xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %r = linalg.reduce ins(%x : tensor<64x1000xf32>) outs(%init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  return %r : tensor<64xf32>
}

// -----

// A sum that may be reordered (reassoc, as the tfs lowering emits) over
// 256K elements: blocks of 16 rows in the 16 tasks of an scf.forall, the
// vector sums reassociable too.
// CHECK-LABEL: func.func @row_sum_threads
// CHECK: scf.forall (%[[T:.*]]) in (16) shared_outs(%[[S:.*]] = %arg1)
// CHECK: %[[FIRST:.*]] = arith.muli %[[T]], %c16
// CHECK: tensor.extract_slice %[[S]][%[[FIRST]]] [16] [1]
// CHECK: scf.for {{.*}} -> (vector<64xf32>)
// CHECK: arith.addf {{.*}} fastmath<reassoc> : vector<64xf32>
// CHECK: vector.reduction <add>, {{.*}} fastmath<reassoc> : vector<64xf32> into f32
// CHECK: tensor.parallel_insert_slice
func.func @row_sum_threads(%x: tensor<256x1024xf32>, %init: tensor<256xf32>) -> tensor<256xf32> {
  %r = linalg.reduce ins(%x : tensor<256x1024xf32>) outs(%init : tensor<256xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc fastmath<reassoc> : f32
      linalg.yield %s : f32
    }
  return %r : tensor<256xf32>
}

// -----

// The last axis of a 3-D tensor: viewed as 6 rows of 100, 64 and 36
// columns; the result viewed back as 2 x 3. A row shorter than 8 is one
// reduction of its own vector.
// CHECK-LABEL: func.func @rows_of_3d
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<2x3x100xf32> into tensor<6x100xf32>
// CHECK: tensor.collapse_shape %arg1 {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: vector.transfer_read %[[ROWS]]{{.*}} vector<64xf32>
// CHECK-NOT: scf.for {{.*}} -> (vector<64xf32>)
// CHECK: vector.reduction <minimumf>, {{.*}} : vector<64xf32> into f32
// CHECK: vector.transfer_read %[[ROWS]][%{{.*}}, %c64]{{.*}} vector<36xf32>
// CHECK: tensor.expand_shape {{.*}} output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK-LABEL: func.func @short_rows
// CHECK-NOT: vector<64xf32>
// CHECK: %[[ROW:.*]] = vector.transfer_read {{.*}} : tensor<16x5xf32>, vector<5xf32>
// CHECK: vector.reduction <maxnumf>, %[[ROW]], {{.*}} : vector<5xf32> into f32
func.func @rows_of_3d(%x: tensor<2x3x100xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = linalg.reduce ins(%x : tensor<2x3x100xf32>) outs(%init : tensor<2x3xf32>) dimensions = [2]
    (%in: f32, %acc: f32) {
      %m = arith.minimumf %in, %acc : f32
      linalg.yield %m : f32
    }
  return %r : tensor<2x3xf32>
}

func.func @short_rows(%x: tensor<16x5xf32>, %init: tensor<16xf32>) -> tensor<16xf32> {
  %r = linalg.reduce ins(%x : tensor<16x5xf32>) outs(%init : tensor<16xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maxnumf %acc, %in : f32
      linalg.yield %m : f32
    }
  return %r : tensor<16xf32>
}

// -----

// Left as they are: a sum without reassoc (its order is part of its
// value), a reduction over another dimension than the innermost, and a
// body whose other ops read the accumulator.
// CHECK-LABEL: func.func @strict_sum
// CHECK: linalg.reduce
// CHECK-LABEL: func.func @column_sum
// CHECK: linalg.reduce
// CHECK-LABEL: func.func @scaled_accumulator
// CHECK: linalg.reduce
// CHECK-NOT: vector.reduction
func.func @strict_sum(%x: tensor<64x1000xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %r = linalg.reduce ins(%x : tensor<64x1000xf32>) outs(%init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<64xf32>
}

func.func @column_sum(%x: tensor<64x1000xf32>, %init: tensor<1000xf32>) -> tensor<1000xf32> {
  %r = linalg.reduce ins(%x : tensor<64x1000xf32>) outs(%init : tensor<1000xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc fastmath<reassoc> : f32
      linalg.yield %s : f32
    }
  return %r : tensor<1000xf32>
}

func.func @scaled_accumulator(%x: tensor<64x1000xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %r = linalg.reduce ins(%x : tensor<64x1000xf32>) outs(%init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %q = arith.mulf %in, %acc : f32
      %s = arith.addf %q, %acc fastmath<reassoc> : f32
      linalg.yield %s : f32
    }
  return %r : tensor<64xf32>
}

// -----

// A sum of squares (the square fused into the reduction): each chunk
// squared as a vector before it is added.
// CHECK-LABEL: func.func @sum_of_squares
// CHECK: %[[FIRST:.*]] = vector.transfer_read %arg0[%{{.*}}, %c0]{{.*}} : tensor<64x1000xf32>, vector<64xf32>
// CHECK: %[[SQ:.*]] = arith.mulf %[[FIRST]], %[[FIRST]] : vector<64xf32>
// CHECK: scf.for {{.*}} iter_args(%[[A:.*]] = %[[SQ]]) -> (vector<64xf32>)
// CHECK: %[[NEXT:.*]] = vector.transfer_read
// CHECK: %[[NSQ:.*]] = arith.mulf %[[NEXT]], %[[NEXT]] : vector<64xf32>
// CHECK: arith.addf %[[A]], %[[NSQ]] fastmath<reassoc> : vector<64xf32>
// CHECK: %[[TAIL:.*]] = vector.transfer_read {{.*}} vector<40xf32>
// CHECK: %[[TSQ:.*]] = arith.mulf %[[TAIL]], %[[TAIL]] : vector<40xf32>
// CHECK: vector.reduction <add>, %[[TSQ]]
// CHECK-NOT: linalg.reduce
func.func @sum_of_squares(%x: tensor<64x1000xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %r = linalg.reduce ins(%x : tensor<64x1000xf32>) outs(%init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %q = arith.mulf %in, %in : f32
      %s = arith.addf %q, %acc fastmath<reassoc> : f32
      linalg.yield %s : f32
    }
  return %r : tensor<64xf32>
}

// -----

// Softmax's row maximum, a compare and a select (maxps): kept as such in
// vectors, and each vector reduced by halves (10 -> 5 -> 2 -> 1, the odd
// fifth element combined last).
// CHECK-LABEL: func.func @select_max
// CHECK: %[[ROW:.*]] = vector.transfer_read {{.*}} : tensor<32x10xf32>, vector<10xf32>
// CHECK: %[[LO:.*]] = vector.shuffle %[[ROW]], %[[ROW]] [0, 1, 2, 3, 4]
// CHECK: %[[HI:.*]] = vector.shuffle %[[ROW]], %[[ROW]] [5, 6, 7, 8, 9]
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[LO]], %[[HI]] : vector<5xf32>
// CHECK: %[[M5:.*]] = arith.select %[[LT]], %[[HI]], %[[LO]] : vector<5xi1>, vector<5xf32>
// CHECK: %[[ODD:.*]] = vector.extract %[[M5]][4] : f32 from vector<5xf32>
// CHECK: vector.shuffle %[[M5]], %[[M5]] [0, 1]
// CHECK: vector.shuffle %[[M5]], %[[M5]] [2, 3]
// CHECK: vector.extract {{.*}}[0] : f32 from vector<1xf32>
// CHECK: arith.cmpf olt
// CHECK: %[[LAST:.*]] = arith.cmpf olt, %{{.*}}, %[[ODD]] : f32
// CHECK: arith.select %[[LAST]], %[[ODD]], %{{.*}} : f32
// CHECK-NOT: arith.maximumf
func.func @select_max(%x: tensor<32x10xf32>, %init: tensor<32xf32>) -> tensor<32xf32> {
  %r = linalg.reduce ins(%x : tensor<32x10xf32>) outs(%init : tensor<32xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %lt = arith.cmpf olt, %acc, %in : f32
      %m = arith.select %lt, %in, %acc : f32
      linalg.yield %m : f32
    }
  return %r : tensor<32xf32>
}
