// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-fuse-row-chains,cse))" --split-input-file | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// Softmax over 16 x 4096 (64K elements): one scf.forall, 16 tasks of one
// row, each running the whole chain on its row in a tfs.row_loop; the
// exps live in a one-row temporary, the result is inserted into the
// forall's output.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax_threads
// CHECK-SAME: (%[[X:.*]]: tensor<16x4096xf32>)
// CHECK: %[[MAXINIT:.*]] = linalg.fill ins(%cst_1
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<16x4096xf32>
// CHECK: %[[SUMINIT:.*]] = linalg.fill ins(%cst_0
// CHECK: %[[R:.*]] = scf.forall (%[[T:.*]]) in (16) shared_outs(%[[S:.*]] = %[[OUT]])
// CHECK: %[[TASK:.*]] = arith.muli %[[T]], %c1
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %[[S]][%[[TASK]], 0] [1, 4096] [1, 1]
// CHECK: %[[DONE:.*]] = scf.for %[[I:.*]] = %c0 to %c1 step %c1 iter_args(%[[ACC:.*]] = %[[BLOCK]])
// CHECK: %[[FIRST:.*]] = arith.addi %[[TASK]], %[[I]]
// CHECK: %[[XROW:.*]] = tensor.extract_slice %[[X]][%[[FIRST]], 0] [1, 4096] [1, 1]
// CHECK: %[[M0:.*]] = tensor.extract_slice %[[MAXINIT]][%[[FIRST]]] [1] [1]
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[XROW]] : tensor<1x4096xf32>) outs(%[[M0]] : tensor<1xf32>)
// CHECK: arith.cmpf olt
// CHECK: %[[TMP:.*]] = tensor.empty() : tensor<1x4096xf32>
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[XROW]], %[[MAX]] : tensor<1x4096xf32>, tensor<1xf32>) outs(%[[TMP]] : tensor<1x4096xf32>)
// CHECK: math.exp
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[SUMINIT]][%[[FIRST]]] [1] [1]
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<1x4096xf32>) outs(%[[S0]] : tensor<1xf32>)
// CHECK: %[[YROW:.*]] = tensor.extract_slice %[[ACC]][%[[I]], 0] [1, 4096] [1, 1]
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<1x4096xf32>, tensor<1xf32>) outs(%[[YROW]] : tensor<1x4096xf32>)
// CHECK: arith.mulf
// CHECK: %[[NEXT:.*]] = tensor.insert_slice %[[Y]] into %[[ACC]][%[[I]], 0] [1, 4096] [1, 1]
// CHECK: scf.yield %[[NEXT]]
// CHECK: } {tfs.row_loop}
// CHECK: tensor.parallel_insert_slice %[[DONE]] into %[[S]][%[[TASK]], 0] [1, 4096] [1, 1]
// CHECK: return %[[R]]
// CHECK-NOT: linalg.reduce
func.func @softmax_threads(%arg0: tensor<16x4096xf32>) -> tensor<16x4096xf32> {
  %cst = arith.constant 1.000000e+00 : f32
  %cst_0 = arith.constant 0.000000e+00 : f32
  %cst_1 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<16xf32>
  %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<16xf32>) -> tensor<16xf32>
  %reduced = linalg.reduce ins(%arg0 : tensor<16x4096xf32>) outs(%1 : tensor<16xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.cmpf olt, %init, %in : f32
      %7 = arith.select %6, %in, %init : f32
      linalg.yield %7 : f32
    }
  %2 = tensor.empty() : tensor<16x4096xf32>
  %3 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%arg0, %reduced : tensor<16x4096xf32>, tensor<16xf32>) outs(%2 : tensor<16x4096xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.subf %in, %in_3 : f32
    %7 = math.exp %6 : f32
    linalg.yield %7 : f32
  } -> tensor<16x4096xf32>
  %4 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<16xf32>) -> tensor<16xf32>
  %reduced_2 = linalg.reduce ins(%3 : tensor<16x4096xf32>) outs(%4 : tensor<16xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.addf %in, %init fastmath<reassoc> : f32
      linalg.yield %6 : f32
    }
  %5 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%3, %reduced_2 : tensor<16x4096xf32>, tensor<16xf32>) outs(%2 : tensor<16x4096xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.divf %cst, %in_3 : f32
    %7 = arith.mulf %in, %6 : f32
    linalg.yield %7 : f32
  } -> tensor<16x4096xf32>
  return %5 : tensor<16x4096xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// 64 x 1000 (under 64K elements): one scf.for on the calling thread, two
// rows per iteration (at most 2048 elements).
// CHECK-LABEL: func.func @softmax_serial
// CHECK-NOT: scf.forall
// CHECK: %[[R:.*]] = scf.for %[[I:.*]] = %c0 to %c64 step %c2 iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<64x1000xf32>)
// CHECK: %[[FIRST:.*]] = arith.addi %c0, %[[I]]
// CHECK: tensor.extract_slice %arg0[%[[FIRST]], 0] [2, 1000] [1, 1]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2xf32>)
// CHECK: tensor.empty() : tensor<2x1000xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x1000xf32>)
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x1000xf32>)
// CHECK: tensor.insert_slice %[[Y]] into %[[ACC]][%[[I]], 0] [2, 1000] [1, 1]
// CHECK: } {tfs.row_loop}
// CHECK: return %[[R]]
func.func @softmax_serial(%arg0: tensor<64x1000xf32>) -> tensor<64x1000xf32> {
  %cst = arith.constant 1.000000e+00 : f32
  %cst_0 = arith.constant 0.000000e+00 : f32
  %cst_1 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<64xf32>
  %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<64xf32>) -> tensor<64xf32>
  %reduced = linalg.reduce ins(%arg0 : tensor<64x1000xf32>) outs(%1 : tensor<64xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.cmpf olt, %init, %in : f32
      %7 = arith.select %6, %in, %init : f32
      linalg.yield %7 : f32
    }
  %2 = tensor.empty() : tensor<64x1000xf32>
  %3 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%arg0, %reduced : tensor<64x1000xf32>, tensor<64xf32>) outs(%2 : tensor<64x1000xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.subf %in, %in_3 : f32
    %7 = math.exp %6 : f32
    linalg.yield %7 : f32
  } -> tensor<64x1000xf32>
  %4 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<64xf32>) -> tensor<64xf32>
  %reduced_2 = linalg.reduce ins(%3 : tensor<64x1000xf32>) outs(%4 : tensor<64xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.addf %in, %init fastmath<reassoc> : f32
      linalg.yield %6 : f32
    }
  %5 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%3, %reduced_2 : tensor<64x1000xf32>, tensor<64xf32>) outs(%2 : tensor<64x1000xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.divf %cst, %in_3 : f32
    %7 = arith.mulf %in, %6 : f32
    linalg.yield %7 : f32
  } -> tensor<64x1000xf32>
  return %5 : tensor<64x1000xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// 97 rows of 700: 14 tasks of 7 rows, the last one 6 (97 - 13 * 7).
// CHECK-LABEL: func.func @max_shift_uneven
// CHECK: scf.forall (%[[T:.*]]) in (14) shared_outs(%[[S:.*]] = %{{.*}})
// CHECK: %[[FIRST:.*]] = arith.muli %[[T]], %c7
// CHECK: %[[LEFT:.*]] = arith.subi %c97, %[[FIRST]]
// CHECK: %[[COUNT:.*]] = arith.minsi %c7, %[[LEFT]]
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %[[S]][%[[FIRST]], 0] [%[[COUNT]], 700] [1, 1] : tensor<97x700xf32> to tensor<?x700xf32>
// CHECK: %[[DONE:.*]] = scf.for %{{.*}} = %c0 to %[[COUNT]] step %c1 iter_args(%{{.*}} = %[[BLOCK]])
// CHECK: } {tfs.row_loop}
// CHECK: tensor.parallel_insert_slice %[[DONE]] into %[[S]][%[[FIRST]], 0] [%[[COUNT]], 700] [1, 1]
func.func @max_shift_uneven(%arg0: tensor<97x700xf32>) -> tensor<97x700xf32> {
  %cst_1 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<97xf32>
  %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<97xf32>) -> tensor<97xf32>
  %reduced = linalg.reduce ins(%arg0 : tensor<97x700xf32>) outs(%1 : tensor<97xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.maximumf %in, %init : f32
      linalg.yield %6 : f32
    }
  %2 = tensor.empty() : tensor<97x700xf32>
  %3 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%arg0, %reduced : tensor<97x700xf32>, tensor<97xf32>) outs(%2 : tensor<97x700xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.subf %in, %in_3 : f32
    linalg.yield %6 : f32
  } -> tensor<97x700xf32>
  return %3 : tensor<97x700xf32>
}

// -----

#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#col3 = affine_map<(d0, d1, d2) -> (d2)>

// A layer norm over the rows of a 4 x 6 x 100 tensor, as elementwise
// fusion leaves it (reductions with keep_dims over 4 x 6 x 1 x 100, the
// unit dimension read as 0, the centered rows reshaped for the second
// reduction): all in one loop over 24 rows of 100, 12 per iteration;
// per-column scale and offset read whole; the mean, also read after the
// chain, carried by the loop and expanded back.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<4x6x100xf32>, %[[G:.*]]: tensor<100xf32>, %[[B:.*]]: tensor<100xf32>)
// CHECK-DAG: %[[XROWS:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2], [3]] : tensor<4x6x1x100xf32> into tensor<24x100xf32>
// CHECK-DAG: %[[X2:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<4x6x100xf32> into tensor<24x100xf32>
// CHECK: %[[R:.*]]:2 = scf.for %[[I:.*]] = %c0 to %c24 step %c12 iter_args(%[[MEANS:.*]] = %{{.*}}, %[[YS:.*]] = %{{.*}}) -> (tensor<24xf32>, tensor<24x100xf32>)
// CHECK: %[[FIRST:.*]] = arith.addi %c0, %[[I]]
// CHECK: %[[XROW:.*]] = tensor.extract_slice %[[XROWS]][%[[FIRST]], 0] [12, 100] [1, 1]
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[XROW]] : tensor<12x100xf32>) outs(%{{.*}} : tensor<12xf32>)
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<12xf32>) outs(%{{.*}} : tensor<12xf32>)
// CHECK: %[[XROW2:.*]] = tensor.extract_slice %[[X2]][%[[FIRST]], 0] [12, 100] [1, 1]
// CHECK: %[[D:.*]] = linalg.generic {{.*}} ins(%[[XROW2]], %[[MEAN]] : tensor<12x100xf32>, tensor<12xf32>) outs(%{{.*}} : tensor<12x100xf32>)
// CHECK: %[[VAR:.*]] = linalg.generic {{.*}} ins(%[[D]] : tensor<12x100xf32>) outs(%{{.*}} : tensor<12xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[D]], %[[VAR]], %[[G]], %[[B]] : tensor<12x100xf32>, tensor<12xf32>, tensor<100xf32>, tensor<100xf32>)
// CHECK: math.rsqrt
// CHECK: tensor.insert_slice %[[MEAN]] into %[[MEANS]][%[[I]]] [12] [1]
// CHECK: tensor.insert_slice %[[Y]] into %[[YS]][%[[I]], 0] [12, 100] [1, 1]
// CHECK: } {tfs.row_loop}
// CHECK-DAG: %[[MEANOUT:.*]] = tensor.expand_shape %[[R]]#0 {{\[}}[0, 1, 2]] output_shape [4, 6, 1] : tensor<24xf32> into tensor<4x6x1xf32>
// CHECK-DAG: %[[YOUT:.*]] = tensor.expand_shape %[[R]]#1 {{\[}}[0, 1], [2]] output_shape [4, 6, 100] : tensor<24x100xf32> into tensor<4x6x100xf32>
// CHECK: return %[[YOUT]], %[[MEANOUT]]
func.func @layer_norm(%arg0: tensor<4x6x100xf32>, %arg1: tensor<100xf32>, %arg2: tensor<100xf32>) -> (tensor<4x6x100xf32>, tensor<4x6x1xf32>) {
  %cst = arith.constant 1.000000e-03 : f32
  %cst_2 = arith.constant 1.000000e+02 : f32
  %cst_3 = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<4x6xf32>
  %expanded = tensor.expand_shape %arg0 [[0], [1, 2], [3]] output_shape [4, 6, 1, 100] : tensor<4x6x100xf32> into tensor<4x6x1x100xf32>
  %expanded_4 = tensor.expand_shape %0 [[0], [1, 2]] output_shape [4, 6, 1] : tensor<4x6xf32> into tensor<4x6x1xf32>
  %1 = linalg.fill ins(%cst_3 : f32) outs(%expanded_4 : tensor<4x6x1xf32>) -> tensor<4x6x1xf32>
  %2 = linalg.generic {indexing_maps = [#id4, #row4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%expanded : tensor<4x6x1x100xf32>) outs(%1 : tensor<4x6x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %15 = arith.addf %in, %out fastmath<reassoc> : f32
    linalg.yield %15 : f32
  } -> tensor<4x6x1xf32>
  %3 = tensor.empty() : tensor<4x6x1xf32>
  %4 = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%2 : tensor<4x6x1xf32>) outs(%3 : tensor<4x6x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %15 = arith.divf %in, %cst_2 : f32
    linalg.yield %15 : f32
  } -> tensor<4x6x1xf32>
  %5 = tensor.empty() : tensor<4x6x100xf32>
  %6 = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %4 : tensor<4x6x100xf32>, tensor<4x6x1xf32>) outs(%5 : tensor<4x6x100xf32>) {
  ^bb0(%in: f32, %in_7: f32, %out: f32):
    %15 = arith.subf %in, %in_7 : f32
    linalg.yield %15 : f32
  } -> tensor<4x6x100xf32>
  %expanded_5 = tensor.expand_shape %6 [[0], [1, 2], [3]] output_shape [4, 6, 1, 100] : tensor<4x6x100xf32> into tensor<4x6x1x100xf32>
  %7 = linalg.generic {indexing_maps = [#id4, #row4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%expanded_5 : tensor<4x6x1x100xf32>) outs(%1 : tensor<4x6x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %15 = arith.mulf %in, %in : f32
    %16 = arith.addf %15, %out fastmath<reassoc> : f32
    linalg.yield %16 : f32
  } -> tensor<4x6x1xf32>
  %8 = linalg.generic {indexing_maps = [#id3, #row3, #col3, #col3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6, %7, %arg1, %arg2 : tensor<4x6x100xf32>, tensor<4x6x1xf32>, tensor<100xf32>, tensor<100xf32>) outs(%5 : tensor<4x6x100xf32>) {
  ^bb0(%in: f32, %in_7: f32, %in_8: f32, %in_9: f32, %out: f32):
    %15 = arith.divf %in_7, %cst_2 : f32
    %16 = arith.addf %15, %cst : f32
    %17 = math.rsqrt %16 : f32
    %18 = arith.mulf %in, %17 : f32
    %19 = arith.mulf %18, %in_8 : f32
    %20 = arith.addf %19, %in_9 : f32
    linalg.yield %20 : f32
  } -> tensor<4x6x100xf32>
  return %8, %4 : tensor<4x6x100xf32>, tensor<4x6x1xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#bc = affine_map<(d0, d1) -> (d0, 0)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>

// Left op by op: a chain of one row (its elementwise ops are spread over
// threads along the columns); a chain whose value a matmul reads before
// the chain's last op; a reduction alone.
// CHECK-LABEL: func.func @one_row
// CHECK-NOT: tfs.row_loop
// CHECK: linalg.reduce
// CHECK-LABEL: func.func @read_before_end
// CHECK-NOT: tfs.row_loop
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @alone
// CHECK-NOT: tfs.row_loop
// CHECK: linalg.reduce
// CHECK-NOT: tfs.row_loop
func.func @one_row(%arg0: tensor<1x100000xf32>) -> tensor<1x100000xf32> {
  %cst_1 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<1xf32>
  %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<1xf32>) -> tensor<1xf32>
  %reduced = linalg.reduce ins(%arg0 : tensor<1x100000xf32>) outs(%1 : tensor<1xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.maximumf %in, %init : f32
      linalg.yield %6 : f32
    }
  %2 = tensor.empty() : tensor<1x100000xf32>
  %3 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%arg0, %reduced : tensor<1x100000xf32>, tensor<1xf32>) outs(%2 : tensor<1x100000xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.subf %in, %in_3 : f32
    linalg.yield %6 : f32
  } -> tensor<1x100000xf32>
  return %3 : tensor<1x100000xf32>
}

func.func @read_before_end(%arg0: tensor<8x16xf32>, %arg1: tensor<16x16xf32>) -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %expanded = tensor.expand_shape %0 [[0, 1]] output_shape [8, 1] : tensor<8xf32> into tensor<8x1xf32>
  %1 = linalg.fill ins(%cst_0 : f32) outs(%expanded : tensor<8x1xf32>) -> tensor<8x1xf32>
  %expanded_1 = tensor.expand_shape %arg0 [[0, 1], [2]] output_shape [8, 1, 16] : tensor<8x16xf32> into tensor<8x1x16xf32>
  %2 = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%expanded_1 : tensor<8x1x16xf32>) outs(%1 : tensor<8x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %10 = arith.maximumf %in, %out : f32
    linalg.yield %10 : f32
  } -> tensor<8x1xf32>
  %3 = tensor.empty() : tensor<8x16xf32>
  %4 = linalg.generic {indexing_maps = [#id, #bc, #id], iterator_types = ["parallel", "parallel"]} ins(%arg0, %2 : tensor<8x16xf32>, tensor<8x1xf32>) outs(%3 : tensor<8x16xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %10 = arith.subf %in, %in_3 : f32
    linalg.yield %10 : f32
  } -> tensor<8x16xf32>
  %5 = linalg.fill ins(%cst : f32) outs(%3 : tensor<8x16xf32>) -> tensor<8x16xf32>
  %6 = linalg.matmul ins(%4, %arg1 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%5 : tensor<8x16xf32>) -> tensor<8x16xf32>
  %7 = linalg.fill ins(%cst : f32) outs(%expanded : tensor<8x1xf32>) -> tensor<8x1xf32>
  %expanded_2 = tensor.expand_shape %4 [[0, 1], [2]] output_shape [8, 1, 16] : tensor<8x16xf32> into tensor<8x1x16xf32>
  %8 = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%expanded_2 : tensor<8x1x16xf32>) outs(%7 : tensor<8x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %10 = arith.addf %in, %out fastmath<reassoc> : f32
    linalg.yield %10 : f32
  } -> tensor<8x1xf32>
  %9 = linalg.generic {indexing_maps = [#id, #bc, #id], iterator_types = ["parallel", "parallel"]} ins(%4, %8 : tensor<8x16xf32>, tensor<8x1xf32>) outs(%3 : tensor<8x16xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %10 = arith.mulf %in, %in_3 : f32
    linalg.yield %10 : f32
  } -> tensor<8x16xf32>
  return %6, %9 : tensor<8x16xf32>, tensor<8x16xf32>
}

func.func @alone(%arg0: tensor<64x1000xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %r = linalg.reduce ins(%arg0 : tensor<64x1000xf32>) outs(%init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc fastmath<reassoc> : f32
      linalg.yield %s : f32
    }
  return %r : tensor<64xf32>
}
