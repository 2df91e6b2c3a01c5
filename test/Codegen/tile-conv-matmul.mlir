// RUN: tfs-opt %s --tfs-tile-conv-matmul --split-input-file | FileCheck %s

// conv: one loop over output rows (F and W fit one 8 x 32 register tile),
// then kh, kw, c reduction loops carrying the 8 x 32 accumulator block in
// registers; the body is 8 broadcast FMAs on 32-wide vectors, read and
// written once per tile.
// CHECK-LABEL: func.func @conv
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<1x8x8x32xf32>)
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} vector<8x32xf32>
// CHECK: scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<1x1x8x32xf32>
func.func @conv(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x32xf32>, %o: tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// -----

// A convolution whose only user is an elementwise epilogue (bias + relu,
// fused into one generic first) is computed inside the epilogue's tiles:
// the accumulators start at zero in registers (the fill is fused, no load),
// and bias and relu apply to them before the one store of the block.
// CHECK-LABEL: func.func @conv_epilogue
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: linalg.fill
// CHECK: %[[B:.*]] = vector.transfer_read %arg2{{.*}} vector<32xf32>
// CHECK: scf.for {{.*}} -> (tensor<1x8x8x32xf32>)
// CHECK-NOT: vector.transfer_read {{.*}} : tensor<1x8x8x32xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<1x8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK: arith.addf {{.*}} : vector<8x32xf32>
// CHECK: arith.maximumf {{.*}} : vector<8x32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<1x8x8x32xf32>
// CHECK-NOT: linalg.generic
#id4e = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bc4e = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @conv_epilogue(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x32xf32>, %b: tensor<32xf32>) -> tensor<1x8x8x32xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x32xf32>
  %o = linalg.fill ins(%z : f32) outs(%e : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %1 = linalg.generic {indexing_maps = [#id4e, #bc4e, #id4e], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0, %b : tensor<1x8x8x32xf32>, tensor<32xf32>) outs(%e : tensor<1x8x8x32xf32>) {
  ^bb0(%a: f32, %bb: f32, %out: f32):
    %s = arith.addf %a, %bb : f32
    linalg.yield %s : f32
  } -> tensor<1x8x8x32xf32>
  %2 = linalg.generic {indexing_maps = [#id4e, #id4e], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%1 : tensor<1x8x8x32xf32>) outs(%e : tensor<1x8x8x32xf32>) {
  ^bb0(%a: f32, %out: f32):
    %r = arith.maximumf %a, %z : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8x32xf32>
  return %2 : tensor<1x8x8x32xf32>
}

// -----

// A convolution that starts from zeros and has no epilogue gets a copy as
// one: its accumulators too start at zero in registers, and the block is
// stored once (no fill of the output, no load of it).
// CHECK-LABEL: func.func @conv_zeros
// CHECK-NOT: linalg.fill
// CHECK: scf.for {{.*}} -> (tensor<1x8x8x32xf32>)
// CHECK-NOT: vector.transfer_read {{.*}} : tensor<1x8x8x32xf32>
// CHECK: scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<1x8x8x32xf32>
// CHECK-NOT: linalg.generic
func.func @conv_zeros(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x32xf32>) -> tensor<1x8x8x32xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x32xf32>
  %o = linalg.fill ins(%z : f32) outs(%e : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// -----

// A 14-wide output row takes a 14 x 32 register tile (28 accumulator
// registers), the widest that divides the row within the budget.
// CHECK-LABEL: func.func @conv_wide
// CHECK: %{{.*}} = vector.transfer_read {{.*}} vector<14x32xf32>
// CHECK: scf.for {{.*}} -> (vector<1x14x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x14x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x14x32xf32>)
// CHECK-COUNT-14: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
func.func @conv_wide(%x: tensor<1x4x16x8xf32>, %w: tensor<3x3x8x32xf32>, %o: tensor<1x2x14x32xf32>) -> tensor<1x2x14x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x16x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x2x14x32xf32>) -> tensor<1x2x14x32xf32>
  return %0 : tensor<1x2x14x32xf32>
}

// -----

// 32 output columns, which 14 does not divide (a conv of 9.4 MFLOP): the
// conv and its epilogue are split into columns [0, 14), one 14 x 32
// register tile, and [14, 32), 18 columns in 9 x 32 tiles reading input
// columns from 14 on (not 28 + 4: a 4-column tile has too few
// accumulators); each part starts from zeros in registers and applies
// the relu before its one store.
// CHECK-LABEL: func.func @conv_split
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (tensor<1x8x14x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x14x32xf32>)
// CHECK: arith.maximumf {{.*}} : vector<14x32xf32>
// CHECK: %[[HEAD:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 8, 14, 32]
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (tensor<1x8x18x32xf32>)
// CHECK: %[[C:.*]] = scf.for %[[J:.*]] = %c0 to %c18 step %c9
// CHECK: scf.for {{.*}} -> (vector<1x9x32xf32>)
// CHECK: %[[COL:.*]] = affine.apply #{{[a-z0-9]+}}()[%[[J]], %{{[a-z0-9_]+}}]
// CHECK: vector.transfer_read %arg0[%c0, %{{.*}}, %[[COL]], %{{.*}}]
// CHECK: arith.maximumf {{.*}} : vector<9x32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<9x32xf32>, tensor<1x8x18x32xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[HEAD]][0, 0, 14, 0] [1, 8, 18, 32]
func.func @conv_split(%x: tensor<1x10x34x64xf32>, %w: tensor<3x3x64x32xf32>) -> tensor<1x8x32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x32x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x32x32xf32>) -> tensor<1x8x32x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x34x64xf32>, tensor<3x3x64x32xf32>) outs(%f : tensor<1x8x32x32xf32>) -> tensor<1x8x32x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x8x32x32xf32>) outs(%e : tensor<1x8x32x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x32x32xf32>
  return %r : tensor<1x8x32x32xf32>
}

// -----

// The epilogue's other operands follow the split: a residual with columns
// is read from column 14 on in the second part, the bias (no columns)
// and a scalar are used whole by both.
// CHECK: #[[PLUS14:.*]] = affine_map<()[s0] -> (s0 + 14)>
// CHECK-LABEL: func.func @conv_split_operands
// CHECK: vector.transfer_read %arg3[%c0]{{.*}} vector<32xf32>
// CHECK: vector.transfer_read %arg2[%c0, %{{.*}}, %c0, %c0]{{.*}} vector<14x32xf32>
// CHECK: vector.broadcast %arg4 : f32 to vector<14x32xf32>
// CHECK: tensor.insert_slice %{{.*}}[0, 0, 0, 0] [1, 8, 14, 32]
// CHECK: vector.transfer_read %arg3[%c0]{{.*}} vector<32xf32>
// CHECK: %[[COL:.*]] = affine.apply #[[PLUS14]]()[%{{.*}}]
// CHECK-NEXT: vector.transfer_read %arg2[%c0, %{{.*}}, %[[COL]], %c0]{{.*}} vector<9x32xf32>
// CHECK: vector.broadcast %arg4 : f32 to vector<9x32xf32>
// CHECK: tensor.insert_slice %{{.*}}[0, 0, 14, 0] [1, 8, 18, 32]
func.func @conv_split_operands(%x: tensor<1x10x34x64xf32>, %w: tensor<3x3x64x32xf32>, %res: tensor<1x8x32x32xf32>, %bias: tensor<32xf32>, %scale: f32) -> tensor<1x8x32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x32x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x32x32xf32>) -> tensor<1x8x32x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x34x64xf32>, tensor<3x3x64x32xf32>) outs(%f : tensor<1x8x32x32xf32>) -> tensor<1x8x32x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> ()>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %res, %bias, %scale : tensor<1x8x32x32xf32>, tensor<1x8x32x32xf32>, tensor<32xf32>, f32) outs(%e : tensor<1x8x32x32xf32>) {
  ^bb0(%a: f32, %r0: f32, %b0: f32, %s: f32, %o: f32):
    %m = arith.addf %a, %r0 : f32
    %n = arith.addf %m, %b0 : f32
    %p = arith.mulf %n, %s : f32
    linalg.yield %p : f32
  } -> tensor<1x8x32x32xf32>
  return %r : tensor<1x8x32x32xf32>
}

// -----

// A depthwise conv with a relu: 32-channel blocks, a row of 14 x 32
// outputs from zeros in registers, kh one step at a time, each kh's input
// row (16 columns) and filter row read once and the 3 taps as FMAs over
// whole 14 x 32 tiles, then the relu and one store.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 {{.*}} -> (vector<1x14x32xf32>)
// CHECK: vector.transfer_read %arg0{{.*}} vector<16x32xf32>
// CHECK: vector.transfer_read %arg1{{.*}} vector<3x32xf32>
// CHECK-COUNT-3: vector.fma {{.*}} : vector<14x32xf32>
// CHECK: arith.maximumf {{.*}} : vector<14x32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<14x32xf32>, tensor<1x8x14x32xf32>
// CHECK-NOT: linalg.generic
func.func @depthwise(%x: tensor<1x10x16x64xf32>, %w: tensor<3x3x64xf32>) -> tensor<1x8x14x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x14x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x14x64xf32>) -> tensor<1x8x14x64xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x16x64xf32>, tensor<3x3x64xf32>) outs(%f : tensor<1x8x14x64xf32>) -> tensor<1x8x14x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x8x14x64xf32>) outs(%e : tensor<1x8x14x64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x14x64xf32>
  return %r : tensor<1x8x14x64xf32>
}

// -----

// A depthwise conv of a zero-padded input (SAME) reads the input in place:
// the 14 x 14 outputs whose windows lie inside it read %arg0 itself, and
// only the bands around them (the top and bottom rows at full width, the
// left and right columns of the rows between) read padded slices of it,
// each part with its copy of the bias epilogue, inserted in turn into one
// result. The 18 x 18 padded copy of the whole input is gone.
// CHECK-LABEL: func.func @depthwise_unpadded
// CHECK-NOT: tensor.pad %arg0
// CHECK: %[[TOP:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 2, 16, 32] [1, 1, 1, 1]
// CHECK: tensor.pad %[[TOP]] low[0, 1, 1, 0] high[0, 0, 1, 0]
// CHECK: } : tensor<1x2x16x32xf32> to tensor<1x3x18x32xf32>
// CHECK: %[[R0:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 1, 16, 32] [1, 1, 1, 1]
// CHECK: %[[LEFT:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 16, 2, 32] [1, 1, 1, 1]
// CHECK: tensor.pad %[[LEFT]] low[0, 0, 1, 0] high[0, 0, 0, 0]
// CHECK: %[[R1:.*]] = tensor.insert_slice %{{.*}} into %[[R0]][0, 1, 0, 0] [1, 14, 1, 32] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x16x16x32xf32>, vector<16x32xf32>
// CHECK: arith.addf {{.*}} : vector<14x32xf32>
// CHECK: %[[R2:.*]] = tensor.insert_slice %{{.*}} into %[[R1]][0, 1, 1, 0] [1, 14, 14, 32] [1, 1, 1, 1]
// CHECK: %[[RIGHT:.*]] = tensor.extract_slice %arg0[0, 0, 14, 0] [1, 16, 2, 32] [1, 1, 1, 1]
// CHECK: tensor.pad %[[RIGHT]] low[0, 0, 0, 0] high[0, 0, 1, 0]
// CHECK: %[[R3:.*]] = tensor.insert_slice %{{.*}} into %[[R2]][0, 1, 15, 0] [1, 14, 1, 32] [1, 1, 1, 1]
// CHECK: %[[BOTTOM:.*]] = tensor.extract_slice %arg0[0, 14, 0, 0] [1, 2, 16, 32] [1, 1, 1, 1]
// CHECK: tensor.pad %[[BOTTOM]] low[0, 0, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[R4:.*]] = tensor.insert_slice %{{.*}} into %[[R3]][0, 15, 0, 0] [1, 1, 16, 32] [1, 1, 1, 1]
// CHECK: return %[[R4]]
func.func @depthwise_unpadded(%x: tensor<1x16x16x32xf32>, %w: tensor<3x3x32xf32>, %b: tensor<32xf32>) -> tensor<1x16x16x32xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x16x16x32xf32> to tensor<1x18x18x32xf32>
  %e = tensor.empty() : tensor<1x16x16x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %w : tensor<1x18x18x32xf32>, tensor<3x3x32xf32>) outs(%z : tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %b : tensor<1x16x16x32xf32>, tensor<32xf32>) outs(%e : tensor<1x16x16x32xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    linalg.yield %s : f32
  } -> tensor<1x16x16x32xf32>
  return %r : tensor<1x16x16x32xf32>
}

// -----

// A max pool of an input padded with -inf (SAME, 3x3 stride 2 on 16 x 16:
// one row and column of padding after) likewise: the 7 x 7 interior reads
// %arg0 in place, the last column and the last row padded slices of it
// (padded with -inf, the op's own padding value).
// CHECK-LABEL: func.func @max_pool_unpadded
// CHECK-DAG: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NOT: tensor.pad %arg0
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x16x16x32xf32>, vector<15x32xf32>
// CHECK: %[[R0:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 7, 7, 32] [1, 1, 1, 1]
// CHECK: %[[RIGHT:.*]] = tensor.extract_slice %arg0[0, 0, 14, 0] [1, 15, 2, 32] [1, 1, 1, 1]
// CHECK: tensor.pad %[[RIGHT]] low[0, 0, 0, 0] high[0, 0, 1, 0]
// CHECK: tensor.yield %[[NINF]] : f32
// CHECK: %[[R1:.*]] = tensor.insert_slice %{{.*}} into %[[R0]][0, 0, 7, 0] [1, 7, 1, 32] [1, 1, 1, 1]
// CHECK: %[[BOTTOM:.*]] = tensor.extract_slice %arg0[0, 14, 0, 0] [1, 2, 16, 32] [1, 1, 1, 1]
// CHECK: tensor.pad %[[BOTTOM]] low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[NINF]] : f32
// CHECK: tensor.insert_slice %{{.*}} into %[[R1]][0, 7, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1]
func.func @max_pool_unpadded(%x: tensor<1x16x16x32xf32>) -> tensor<1x8x8x32xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %padded = tensor.pad %x low[0, 0, 0, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<1x16x16x32xf32> to tensor<1x17x17x32xf32>
  %window = tensor.empty() : tensor<3x3xf32>
  %e = tensor.empty() : tensor<1x8x8x32xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %m = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%padded, %window : tensor<1x17x17x32xf32>, tensor<3x3xf32>) outs(%init : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %m : tensor<1x8x8x32xf32>
}

// -----

// Padding that leaves fewer than 55 % of the outputs' windows inside the
// input (7 x 7 with a 3x3 filter: 5 x 5 of 49, 51 %) keeps the padded copy.
// CHECK-LABEL: func.func @depthwise_small_interior
// CHECK: tensor.pad %arg0 low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK-NOT: tensor.pad
func.func @depthwise_small_interior(%x: tensor<1x7x7x32xf32>, %w: tensor<3x3x32xf32>) -> tensor<1x7x7x32xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x7x7x32xf32> to tensor<1x9x9x32xf32>
  %e = tensor.empty() : tensor<1x7x7x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %w : tensor<1x9x9x32xf32>, tensor<3x3x32xf32>) outs(%z : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  return %c : tensor<1x7x7x32xf32>
}

// -----

// A 3x3 stride-2 max pool over 64 channels: 32-channel blocks, rows of
// 14 x 32 outputs starting from -inf in registers, each kh's 29 input
// columns read once and the taps as vector maxima, one store per row.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[NINF:.*]] = arith.constant dense<0xFF800000> : vector<1x14x32xf32>
// CHECK-NOT: linalg.pooling_nhwc_max
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}} = %[[NINF]]) -> (vector<1x14x32xf32>)
// CHECK: vector.transfer_read %arg0{{.*}} vector<29x32xf32>
// CHECK-COUNT-42: arith.maximumf {{.*}} : vector<32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<14x32xf32>, tensor<1x4x14x32xf32>
func.func @max_pool(%x: tensor<1x9x30x64xf32>) -> tensor<1x4x14x64xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %window = tensor.empty() : tensor<3x3xf32>
  %e = tensor.empty() : tensor<1x4x14x64xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x4x14x64xf32>) -> tensor<1x4x14x64xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %window : tensor<1x9x30x64xf32>, tensor<3x3xf32>) outs(%f : tensor<1x4x14x64xf32>) -> tensor<1x4x14x64xf32>
  return %p : tensor<1x4x14x64xf32>
}

// -----

// 3 output channels (an RGB image), which 4 does not divide, into an init
// that is not a fill on 28 columns (a row convolution would compute 32,
// the extra ones from zeros): vectors of 3 lanes, one register each, so
// rows of 28 of them (they were scalar loops).
// CHECK-LABEL: func.func @narrow_channels
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c1 {{.*}} -> (vector<1x28x3xf32>)
// CHECK-COUNT-28: vector.fma {{.*}} : vector<3xf32>
// CHECK-NOT: vector.fma
// CHECK: vector.transfer_write {{.*}} : vector<28x3xf32>
func.func @narrow_channels(%x: tensor<1x10x30x16xf32>, %w: tensor<3x3x16x3xf32>, %o: tensor<1x8x28x3xf32>) -> tensor<1x8x28x3xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x30x16xf32>, tensor<3x3x16x3xf32>) outs(%o : tensor<1x8x28x3xf32>) -> tensor<1x8x28x3xf32>
  return %0 : tensor<1x8x28x3xf32>
}

// -----

// 3 output channels on 32 columns (a multiple of a vector): vectorized over
// columns instead (row convolution). The input is transposed to [N, H, C,
// W], the result computed as [N, F, OH, OW] in tiles of 3 channels x 7
// rows x 16 columns (21 accumulators, 7 input rows and 3 filter values: 31
// registers), input channels outermost in the reduction, each step one
// read of 7 rows x 16 columns and the filter's 3 values broadcast (no
// transposes in the loop), then transposed back.
// CHECK-LABEL: func.func @row_conv
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: linalg.transpose ins(%arg0 : tensor<1x16x34x16xf32>) outs({{.*}} : tensor<1x16x16x34xf32>) permutation = [0, 1, 3, 2]
// CHECK: linalg.fill {{.*}} -> tensor<1x3x14x32xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c14 step %c7
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK: vector.transfer_read {{.*}} : tensor<1x3x7x16xf32>, vector<3x7x16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c1 {{.*}} -> (vector<3x7x16xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 {{.*}} -> (vector<3x7x16xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 {{.*}} -> (vector<3x7x16xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<1x16x16x34xf32>, vector<7x16xf32>
// CHECK-NOT: vector.transpose
// CHECK: vector.broadcast {{.*}} : vector<3x1x1xf32> to vector<3x7x16xf32>
// CHECK-NEXT: math.fma {{.*}} : vector<3x7x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<3x7x16xf32>, tensor<1x3x7x16xf32>
// CHECK: linalg.transpose ins({{.*}} : tensor<1x3x14x32xf32>) outs({{.*}} : tensor<1x14x32x3xf32>) permutation = [0, 2, 3, 1]
func.func @row_conv(%x: tensor<1x16x34x16xf32>, %w: tensor<3x3x16x3xf32>) -> tensor<1x14x32x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x32x3xf32>
  %o = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x32x3xf32>) -> tensor<1x14x32x3xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x34x16xf32>, tensor<3x3x16x3xf32>) outs(%o : tensor<1x14x32x3xf32>) -> tensor<1x14x32x3xf32>
  return %0 : tensor<1x14x32x3xf32>
}

// -----

// A SAME pad whose value is a constant defined inside its region: the fill
// of the transposed, padded input takes a copy of it.
// CHECK-LABEL: func.func @row_conv_pad
// CHECK-NOT: tensor.pad
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ZERO]] : f32) {{.*}} -> tensor<1x10x16x34xf32>
// CHECK: math.fma {{.*}} : vector<3x4x16xf32>
func.func @row_conv_pad(%x: tensor<1x8x32x16xf32>, %w: tensor<3x3x16x3xf32>) -> tensor<1x8x32x3xf32> {
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    %z = arith.constant 0.0 : f32
    tensor.yield %z : f32
  } : tensor<1x8x32x16xf32> to tensor<1x10x34x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x32x3xf32>
  %o = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x32x3xf32>) -> tensor<1x8x32x3xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x10x34x16xf32>, tensor<3x3x16x3xf32>) outs(%o : tensor<1x8x32x3xf32>) -> tensor<1x8x32x3xf32>
  return %0 : tensor<1x8x32x3xf32>
}

// -----

// 28 columns, which no vector divides: computed on 32, the transposed
// input written into a zero-filled tensor 4 columns wider, the result
// sliced back to 28 columns before its transpose.
// CHECK-LABEL: func.func @row_conv_wide
// CHECK: %[[ZEROS:.*]] = linalg.fill {{.*}} -> tensor<1x10x16x34xf32>
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[ZEROS]][0, 0, 0, 0] [1, 10, 16, 30]
// CHECK: linalg.transpose ins(%arg0 : tensor<1x10x30x16xf32>) outs(%[[INTERIOR]] : tensor<1x10x16x30xf32>)
// CHECK: linalg.fill {{.*}} -> tensor<1x3x8x32xf32>
// CHECK: math.fma {{.*}} : vector<3x4x16xf32>
// CHECK: %[[COLUMNS:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 3, 8, 28]
// CHECK: linalg.transpose ins(%[[COLUMNS]] : tensor<1x3x8x28xf32>) outs({{.*}} : tensor<1x8x28x3xf32>)
func.func @row_conv_wide(%x: tensor<1x10x30x16xf32>, %w: tensor<3x3x16x3xf32>) -> tensor<1x8x28x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x28x3xf32>
  %o = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x28x3xf32>) -> tensor<1x8x28x3xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x30x16xf32>, tensor<3x3x16x3xf32>) outs(%o : tensor<1x8x28x3xf32>) -> tensor<1x8x28x3xf32>
  return %0 : tensor<1x8x28x3xf32>
}

// -----

// 13 rows, which no tile of 2 to 9 rows divides: computed on 14 (tiles of
// 7 rows, the input one row of zeros taller), sliced back to 13.
// CHECK-LABEL: func.func @row_conv_rows
// CHECK: linalg.fill {{.*}} -> tensor<1x16x16x34xf32>
// CHECK: linalg.fill {{.*}} -> tensor<1x3x14x32xf32>
// CHECK: math.fma {{.*}} : vector<3x7x16xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 3, 13, 32]
func.func @row_conv_rows(%x: tensor<1x15x34x16xf32>, %w: tensor<3x3x16x3xf32>) -> tensor<1x13x32x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x13x32x3xf32>
  %o = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x32x3xf32>) -> tensor<1x13x32x3xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x15x34x16xf32>, tensor<3x3x16x3xf32>) outs(%o : tensor<1x13x32x3xf32>) -> tensor<1x13x32x3xf32>
  return %0 : tensor<1x13x32x3xf32>
}

// -----

// 8 output channels (half a vector) on 32 columns keep vectors of channels.
// CHECK-LABEL: func.func @half_vector_channels
// CHECK-NOT: linalg.transpose
// CHECK: vector.fma {{.*}} : vector<8xf32>
func.func @half_vector_channels(%x: tensor<1x10x34x16xf32>, %w: tensor<3x3x16x8xf32>, %o: tensor<1x8x32x8xf32>) -> tensor<1x8x32x8xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x34x16xf32>, tensor<3x3x16x8xf32>) outs(%o : tensor<1x8x32x8xf32>) -> tensor<1x8x32x8xf32>
  return %0 : tensor<1x8x32x8xf32>
}

// -----

// One output row of 8 columns: one register tile covers it, so no loop
// precedes the reduction (the schedule had been invalid for this shape).
// CHECK-LABEL: func.func @conv_one_row
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: vector.transfer_read %arg2{{.*}} vector<8x32xf32>
// CHECK: scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<1x1x8x32xf32>
func.func @conv_one_row(%x: tensor<1x3x10x8xf32>, %w: tensor<3x3x8x32xf32>, %o: tensor<1x1x8x32xf32>) -> tensor<1x1x8x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x3x10x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x1x8x32xf32>) -> tensor<1x1x8x32xf32>
  return %0 : tensor<1x1x8x32xf32>
}

// -----

// A 3x3 512 -> 512 conv on 7x7: an F block's slice of the filter (3 x 3 x
// 512 x 32 floats, 576 KiB, 128 of every 2048 bytes of the filter) is
// more than L2 keeps from one output row to the next, so C is reduced in
// blocks of 32 channels (36 KiB of filter) outside the rows: F blocks,
// then C blocks, then a 7 x 32 register tile per row, loaded and stored
// once per C block, with kh, kw and the block's 32 channels inside.
// CHECK-LABEL: func.func @conv_blocked
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: scf.for %{{.*}} = %c0 to %c512 step %c32 {{.*}} -> (tensor<1x7x7x512xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c512 step %c32 {{.*}} -> (tensor<1x7x7x32xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c7 step %c1 {{.*}} -> (tensor<1x7x7x32xf32>)
// CHECK: vector.transfer_read {{.*}} vector<7x32xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 {{.*}} -> (vector<1x7x32xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 {{.*}} -> (vector<1x7x32xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1 {{.*}} -> (vector<1x7x32xf32>)
// CHECK-COUNT-7: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: vector.transfer_write {{.*}} : vector<7x32xf32>, tensor<1x1x7x32xf32>
func.func @conv_blocked(%x: tensor<1x9x9x512xf32>, %w: tensor<3x3x512x512xf32>, %o: tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x512xf32>, tensor<3x3x512x512xf32>) outs(%o : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %0 : tensor<1x7x7x512xf32>
}

// -----

// 50 output channels, which no vector width divides (they ran in scalar
// loops): the conv and its bias + relu are split into channels [0, 32),
// tiled as usual with the epilogue fused, and the other 18, convolved
// with their filter channels padded with zeros to 32 (whole vectors; no
// 18-lane vectors) and read back through an 18-channel slice by their
// own epilogue. Both parts land in the result's channels.
// CHECK-LABEL: func.func @conv_channels
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: vector.fma {{.*}} : vector<32xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 8, 8, 32]
// CHECK: %[[REST:.*]] = tensor.extract_slice %arg1[0, 0, 0, 32] [3, 3, 8, 18]
// CHECK: tensor.pad %[[REST]] low[0, 0, 0, 0] high[0, 0, 0, 14]
// CHECK: vector.fma {{.*}} : vector<32xf32>
// CHECK: %[[PART:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 8, 8, 18]
// CHECK: %[[BIAS:.*]] = tensor.extract_slice %arg2[32] [18]
// CHECK: linalg.generic {{.*}} ins(%[[PART]], %[[BIAS]] : tensor<1x8x8x18xf32>, tensor<18xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 32] [1, 8, 8, 18]
func.func @conv_channels(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x50xf32>, %bias: tensor<50xf32>) -> tensor<1x8x8x50xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x50xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x50xf32>) -> tensor<1x8x8x50xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x50xf32>) outs(%z : tensor<1x8x8x50xf32>) -> tensor<1x8x8x50xf32>
  %e2 = tensor.empty() : tensor<1x8x8x50xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0, %bias : tensor<1x8x8x50xf32>, tensor<50xf32>) outs(%e2 : tensor<1x8x8x50xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8x50xf32>
  return %1 : tensor<1x8x8x50xf32>
}

// -----

// A 2-D transpose: 16 x 16 blocks (one AVX-512 vector per row), each read
// by rows of the input, transposed in registers by the 4-stage sequence of
// 64 shuffles and written by rows of the output.
// CHECK-LABEL: func.func @transpose
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c16
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK: vector.transfer_read %arg0[{{.*}}], %{{.*}} {in_bounds = [true, true]} : tensor<32x64xf32>, vector<16x16xf32>
// CHECK-COUNT-64: vector.shuffle
// CHECK-NOT: vector.transpose
// CHECK: vector.transfer_write {{.*}} : vector<16x16xf32>, tensor<64x32xf32>
func.func @transpose(%a: tensor<32x64xf32>, %b: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %0 = linalg.transpose ins(%a : tensor<32x64xf32>) outs(%b : tensor<64x32xf32>) permutation = [1, 0]
  return %0 : tensor<64x32xf32>
}

// -----

// A times B transposed (transpose_b, few rows): no transpose of B; the
// rows of A and of B are read in 16-lane slices of K, 4 x 4 tiles of C
// keep 16 vectors of partial sums (one FMA on vector<4x4x16> per K step),
// summed across their lanes once per tile.
// CHECK-LABEL: func.func @transpose_b_dot
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.transpose
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2]] output_shape [8, 4, 16]
// CHECK: tensor.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [32, 4, 16]
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c4
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c4
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1 {{.*}} -> (vector<4x4x16xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<8x4x16xf32>, vector<4x1x16xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<32x4x16xf32>, vector<4x1x16xf32>
// CHECK: vector.fma {{.*}} : vector<4x4x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<4x4xf32>, tensor<8x32xf32>
func.func @transpose_b_dot(%a: tensor<8x64xf32>, %b: tensor<32x64xf32>, %c: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%a, %b : tensor<8x64xf32>, tensor<32x64xf32>) outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}

// -----

// A depthwise conv with a channel multiplier of 2 (it was left to scalar
// loops): the input's 16 channels each repeated twice (a broadcasting
// generic, collapsed to 32 channels), the filter and output viewed as 32
// channels, then the multiplier-1 depthwise schedule (FMAs over 32
// channels), its result viewed back as 16 x 2.
// CHECK-LABEL: func.func @depthwise_multiplier
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwcm
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<1x10x10x16xf32>) outs(%{{.*}} : tensor<1x10x10x16x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x10x10x16x2xf32> into tensor<1x10x10x32xf32>
// CHECK: tensor.collapse_shape %arg1 {{\[\[}}0], [1], [2, 3]] : tensor<3x3x16x2xf32> into tensor<3x3x32xf32>
// CHECK: vector.fma {{.*}} : vector<8x32xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] output_shape [1, 8, 8, 16, 2]
func.func @depthwise_multiplier(%x: tensor<1x10x10x16xf32>, %w: tensor<3x3x16x2xf32>, %o: tensor<1x8x8x16x2xf32>) -> tensor<1x8x8x16x2xf32> {
  %0 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x2xf32>) outs(%o : tensor<1x8x8x16x2xf32>) -> tensor<1x8x8x16x2xf32>
  return %0 : tensor<1x8x8x16x2xf32>
}

// -----

// With a padded input (SAME) and zeros as init, the unpadded input's
// channels are repeated, then padded, and the 32-channel convolution
// starts from a fill of its own shape, so it reads the repeated input in
// place like a multiplier-1 one (see @depthwise_unpadded): no padded copy
// of the whole input.
// CHECK-LABEL: func.func @depthwise_multiplier_padded
// CHECK-NOT: tensor.pad %arg0
// CHECK: %[[REP:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<1x16x16x16xf32>) outs(%{{.*}} : tensor<1x16x16x16x2xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[REP]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x16x16x16x2xf32> into tensor<1x16x16x32xf32>
// CHECK-NOT: tensor.pad %[[FLAT]]
// CHECK: tensor.extract_slice %[[FLAT]][0, 0, 0, 0] [1, 2, 16, 32] [1, 1, 1, 1]
// CHECK: tensor.insert_slice %{{.*}} [1, 14, 14, 32] [1, 1, 1, 1]
func.func @depthwise_multiplier_padded(%x: tensor<1x16x16x16xf32>, %w: tensor<3x3x16x2xf32>) -> tensor<1x16x16x16x2xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x16x16x16xf32> to tensor<1x18x18x16xf32>
  %e = tensor.empty() : tensor<1x16x16x16x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x16x2xf32>) -> tensor<1x16x16x16x2xf32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%padded, %w : tensor<1x18x18x16xf32>, tensor<3x3x16x2xf32>) outs(%z : tensor<1x16x16x16x2xf32>) -> tensor<1x16x16x16x2xf32>
  return %0 : tensor<1x16x16x16x2xf32>
}

// -----

// A bias over the multiplier's C * M channels (TF's view of the result)
// reads the 32-channel convolution's result directly, so it is fused into
// the convolution's tiles like a multiplier-1 one's: no expand_shape back
// to 16 x 2 and no separate pass over the output. The convolution (74
// KFLOP) stays on one thread, so the repeated copy is marked tfs.serial
// for tfs-parallelize-elementwise.
// CHECK-LABEL: func.func @depthwise_multiplier_epilogue
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<1x16x16x16xf32>) outs(%{{.*}} : tensor<1x16x16x16x2xf32>) attrs = {tfs.serial}
// CHECK-NOT: tensor.expand_shape
// CHECK: vector.fma {{.*}} : vector<14x32xf32>
// CHECK: arith.addf {{.*}} : vector<14x32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<14x32xf32>, tensor<1x14x14x32xf32>
// CHECK-NOT: linalg.generic
// CHECK-NOT: tensor.expand_shape
// CHECK: return
func.func @depthwise_multiplier_epilogue(%x: tensor<1x16x16x16xf32>, %w: tensor<3x3x16x2xf32>, %b: tensor<32xf32>) -> tensor<1x16x16x32xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x16x16x16xf32> to tensor<1x18x18x16xf32>
  %e = tensor.empty() : tensor<1x16x16x16x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x16x2xf32>) -> tensor<1x16x16x16x2xf32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%padded, %w : tensor<1x18x18x16xf32>, tensor<3x3x16x2xf32>) outs(%z : tensor<1x16x16x16x2xf32>) -> tensor<1x16x16x16x2xf32>
  %c = tensor.collapse_shape %0 [[0], [1], [2], [3, 4]] : tensor<1x16x16x16x2xf32> into tensor<1x16x16x32xf32>
  %e2 = tensor.empty() : tensor<1x16x16x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %b : tensor<1x16x16x32xf32>, tensor<32xf32>) outs(%e2 : tensor<1x16x16x32xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %s = arith.addf %in, %in_1 : f32
    linalg.yield %s : f32
  } -> tensor<1x16x16x32xf32>
  return %r : tensor<1x16x16x32xf32>
}

// -----

// A multiplier convolution worth the threads (56 x 56 x 64 x 9 x 2 = 3.6
// MFLOP is not, 64 x 64 is: 4.7) leaves its repeated copy to
// tfs-parallelize-elementwise, which spreads it over them.
// PAR-LABEL: func.func @depthwise_multiplier_threads
// PAR: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x66x66x32x2xf32>) {
// PAR-NOT: tfs.serial
// PAR: scf.forall
func.func @depthwise_multiplier_threads(%x: tensor<1x66x66x32xf32>, %w: tensor<3x3x32x2xf32>, %o: tensor<1x64x64x32x2xf32>) -> tensor<1x64x64x32x2xf32> {
  %0 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x66x66x32xf32>, tensor<3x3x32x2xf32>) outs(%o : tensor<1x64x64x32x2xf32>) -> tensor<1x64x64x32x2xf32>
  return %0 : tensor<1x64x64x32x2xf32>
}

// -----

// A matrix times one column: the column viewed as a row of B transposed,
// then dot products (16 rows of A at a time, 16 accumulators of 16 lanes)
// instead of 1-lane FMAs.
// CHECK-LABEL: func.func @matvec
// CHECK-NOT: linalg.matmul
// CHECK: tensor.collapse_shape %arg1 {{\[\[}}0, 1]] : tensor<64x1xf32> into tensor<64xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1 {{.*}} -> (vector<16x1x16xf32>)
// CHECK: vector.fma {{.*}} : vector<16x1x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16x1xf32>, tensor<32x1xf32>
func.func @matvec(%a: tensor<32x64xf32>, %b: tensor<64x1xf32>, %c: tensor<32x1xf32>) -> tensor<32x1xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<32x64xf32>, tensor<64x1xf32>) outs(%c : tensor<32x1xf32>) -> tensor<32x1xf32>
  return %0 : tensor<32x1xf32>
}

// -----

// 18 output channels, fewer than two vectors and more than short vectors
// handle well (18-lane vectors were assembled from pieces): the filter is
// padded with zeros to 32 channels, the conv tiled as usual, and the bias
// + relu read the 18 channels of its result.
// CHECK-LABEL: func.func @conv_pad_channels
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK: tensor.pad %arg1 low[0, 0, 0, 0] high[0, 0, 0, 14]
// CHECK: vector.fma {{.*}} : vector<32xf32>
// CHECK: %[[PART:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 8, 8, 18]
// CHECK: linalg.generic {{.*}} ins(%[[PART]], %arg2 : tensor<1x8x8x18xf32>, tensor<18xf32>)
func.func @conv_pad_channels(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x18xf32>, %bias: tensor<18xf32>) -> tensor<1x8x8x18xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x18xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x18xf32>) -> tensor<1x8x8x18xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x18xf32>) outs(%z : tensor<1x8x8x18xf32>) -> tensor<1x8x8x18xf32>
  %e2 = tensor.empty() : tensor<1x8x8x18xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0, %bias : tensor<1x8x8x18xf32>, tensor<18xf32>) outs(%e2 : tensor<1x8x8x18xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8x18xf32>
  return %1 : tensor<1x8x8x18xf32>
}

// -----

// matmul 16x64x32: register tile 8 x 32 (two steps over M), k by 1 with
// the accumulators in registers: 8 FMAs per k step.
// CHECK-LABEL: func.func @matmul
// CHECK-NOT: linalg.matmul
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK: vector.transfer_read {{.*}} vector<8x32xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 {{.*}} -> (vector<8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<16x32xf32>
func.func @matmul(%a: tensor<16x64xf32>, %b: tensor<64x32xf32>, %c: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x64xf32>, tensor<64x32xf32>) outs(%c : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}

// -----

// Three steps of a recurrence, h @ W with the same W (1 x 64 times
// 64 x 32, on one thread): the second runs its k loop backwards, reading
// W's rows from the last (63 - k), which the first read last; the first
// and the third go forwards.
// CHECK-LABEL: func.func @shared_rhs_steps
// CHECK: scf.for %[[K0:.*]] = %c0 to %c64 step %c1
// CHECK-NOT: arith.subi
// CHECK: vector.transfer_read %arg1[%[[K0]], %c0]
// CHECK: scf.for %[[K1:.*]] = %c0 to %c64 step %c1
// CHECK: %[[BACK:.*]] = arith.subi %c63, %[[K1]] : index
// CHECK: vector.transfer_read %arg1[%[[BACK]], %c0]
// CHECK: scf.for %[[K2:.*]] = %c0 to %c64 step %c1
// CHECK-NOT: arith.subi
// CHECK: vector.transfer_read %arg1[%[[K2]], %c0]
func.func @shared_rhs_steps(%h: tensor<1x64xf32>, %w: tensor<64x64xf32>, %c: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %0 = linalg.matmul ins(%h, %w : tensor<1x64xf32>, tensor<64x64xf32>) outs(%c : tensor<1x64xf32>) -> tensor<1x64xf32>
  %1 = linalg.matmul ins(%0, %w : tensor<1x64xf32>, tensor<64x64xf32>) outs(%c : tensor<1x64xf32>) -> tensor<1x64xf32>
  %2 = linalg.matmul ins(%1, %w : tensor<1x64xf32>, tensor<64x64xf32>) outs(%c : tensor<1x64xf32>) -> tensor<1x64xf32>
  return %2 : tensor<1x64xf32>
}

// -----

// matmul 64x64x32: 64 rows allow tall tiles of up to 12 x 32 (24
// accumulators: 14 x 32, as many as a conv's, spilled), 12 FMAs per k
// step. No tile size divides 64: the first 24 rows take two 12-row tiles,
// the other 40 four 10-row tiles (not 5 x 12 + 4: the smallest tile as
// large as can be).
// CHECK-LABEL: func.func @tall
// CHECK: tensor.extract_slice %arg2[0, 0] [24, 32] [1, 1]
// CHECK: scf.for %{{.*}} = %c0 to %c24 step %c12
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 {{.*}} -> (vector<12x32xf32>)
// CHECK-COUNT-12: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: vector.transfer_write {{.*}} : vector<12x32xf32>, tensor<24x32xf32>
// CHECK: tensor.extract_slice %{{.*}}[24, 0] [40, 32] [1, 1]
// CHECK: scf.for %{{.*}} = %c0 to %c40 step %c10
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 {{.*}} -> (vector<10x32xf32>)
// CHECK-COUNT-10: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[24, 0] [40, 32] [1, 1]
func.func @tall(%a: tensor<64x64xf32>, %b: tensor<64x32xf32>, %c: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x32xf32>) outs(%c : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %0 : tensor<64x32xf32>
}

// -----

// 40 rows: four tiles of 10 (not 3 x 12 + 4), with no split.
// CHECK-LABEL: func.func @tall_even
// CHECK-NOT: tensor.extract_slice %arg2
// CHECK: scf.for %{{.*}} = %c0 to %c40 step %c10
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 {{.*}} -> (vector<10x32xf32>)
// CHECK-COUNT-10: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
func.func @tall_even(%a: tensor<40x64xf32>, %b: tensor<64x32xf32>, %c: tensor<40x32xf32>) -> tensor<40x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<40x64xf32>, tensor<64x32xf32>) outs(%c : tensor<40x32xf32>) -> tensor<40x32xf32>
  return %0 : tensor<40x32xf32>
}

// -----

// Two matmuls of one shape share one schedule, applied to each in turn
// (its split makes two ops of each).
// CHECK-LABEL: func.func @tall_twice
// CHECK: scf.for %{{.*}} = %c0 to %c24 step %c12
// CHECK: scf.for %{{.*}} = %c0 to %c40 step %c10
// CHECK: scf.for %{{.*}} = %c0 to %c24 step %c12
// CHECK: scf.for %{{.*}} = %c0 to %c40 step %c10
// CHECK-NOT: linalg.matmul
func.func @tall_twice(%a: tensor<64x64xf32>, %b: tensor<64x32xf32>, %c: tensor<64x32xf32>, %d: tensor<64x32xf32>) -> (tensor<64x32xf32>, tensor<64x32xf32>) {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x32xf32>) outs(%c : tensor<64x32xf32>) -> tensor<64x32xf32>
  %1 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x32xf32>) outs(%d : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %0, %1 : tensor<64x32xf32>, tensor<64x32xf32>
}

// -----

// A matmul with at least 128 rows reads B from a packed copy: B viewed as
// 64 x 2 x 32 is copied row by row of B (32 contiguous floats at a time,
// every panel's part of a row before the next row) into 2 x 64 x 32, and
// the product becomes a contraction over
// (n1, m, n0, k) writing C viewed as 128 x 2 x 32 (no copy). In each
// 64-row block, 24 rows take tall 12 x 32 register tiles and the last 40
// 10 x 32 ones, with k by 1, their B row read from the panel.
// CHECK-LABEL: func.func @packed
// CHECK-NOT: linalg.matmul
// CHECK: %[[PE:.*]] = tensor.empty() : tensor<2x64x32xf32>
// CHECK: %[[BX:.*]] = tensor.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [64, 2, 32]
// CHECK: %[[CX:.*]] = tensor.expand_shape %arg2 {{\[\[}}0], [1, 2]] output_shape [128, 2, 32]
// CHECK: %[[PACK:.*]] = scf.for %[[ROW:.*]] = %c0 to %c64 step %c1 iter_args(%{{.*}} = %[[PE]]) -> (tensor<2x64x32xf32>)
// CHECK: scf.for %[[PANEL:.*]] = %c0 to %c2 step %c1
// CHECK: tensor.extract_slice %[[BX]][%[[ROW]], %[[PANEL]], 0] [1, 1, 32]
// CHECK: tensor.insert_slice {{.*}}[%[[PANEL]], %[[ROW]], 0] [1, 1, 32]
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[CX]]) -> (tensor<128x2x32xf32>)
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0] [24, 2, 32] [1, 1, 1]
// CHECK: scf.for %{{.*}} = %c0 to %c24 step %c12
// CHECK: scf.for {{.*}} -> (vector<12x1x32xf32>)
// CHECK: vector.transfer_read %[[PACK]]{{.*}} vector<32xf32>
// CHECK-COUNT-12: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: vector.transfer_write {{.*}} : vector<12x1x32xf32>, tensor<24x2x32xf32>
// CHECK: tensor.extract_slice %{{.*}}[24, 0, 0] [40, 2, 32] [1, 1, 1]
// CHECK: scf.for %{{.*}} = %c0 to %c40 step %c10
// CHECK: scf.for {{.*}} -> (vector<10x1x32xf32>)
// CHECK: vector.transfer_read %[[PACK]]{{.*}} vector<32xf32>
// CHECK-COUNT-10: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: tensor.collapse_shape {{.*}} : tensor<128x2x32xf32> into tensor<128x64xf32>
func.func @packed(%a: tensor<128x64xf32>, %b: tensor<64x64xf32>, %c: tensor<128x64xf32>) -> tensor<128x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x64xf32>, tensor<64x64xf32>) outs(%c : tensor<128x64xf32>) -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}

// -----

// A narrow N that no vector width divides (5) is one register tile.
// CHECK-LABEL: func.func @narrow
// CHECK-NOT: linalg.matmul
// CHECK: vector.fma {{.*}} : vector<5xf32>
func.func @narrow(%a: tensor<4x6xf32>, %b: tensor<6x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x6xf32>, tensor<6x5xf32>) outs(%c : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// With at most a vector per row (10 logits of 64 rows), tiles of 16 rows:
// 16 FMA chains per k step hide the FMA latency (8 rows left it exposed).
// CHECK-LABEL: func.func @narrow_rows
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c16
// CHECK: scf.for %{{.*}} = %c0 to %c512 step %c1 {{.*}} -> (vector<16x10xf32>)
// CHECK-COUNT-16: vector.fma {{.*}} : vector<10xf32>
// CHECK-NOT: vector.fma
func.func @narrow_rows(%a: tensor<64x512xf32>, %b: tensor<512x10xf32>, %c: tensor<64x10xf32>) -> tensor<64x10xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x512xf32>, tensor<512x10xf32>) outs(%c : tensor<64x10xf32>) -> tensor<64x10xf32>
  return %0 : tensor<64x10xf32>
}

// -----

// A few rows times a narrow N over a long K sums in 8 interleaved partial
// sums: A and B are viewed as 1 x 32 x 8 and 32 x 8 x 6, the k loop
// carries an 8 x 6 block of independent sums (8 FMAs per step instead of
// one chain), added up after the loop.
// CHECK-LABEL: func.func @narrow_split
// CHECK-NOT: linalg.matmul
// CHECK-DAG: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2]] output_shape [1, 32, 8]
// CHECK-DAG: tensor.expand_shape %arg1 {{\[\[}}0, 1], [2]] output_shape [32, 8, 6]
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1 {{.*}} -> (vector<1x8x6xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<6xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%{{.*}} : tensor<1x8x6xf32>) outs(%arg2 : tensor<1x6xf32>)
func.func @narrow_split(%a: tensor<1x256xf32>, %b: tensor<256x6xf32>, %c: tensor<1x6xf32>) -> tensor<1x6xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x256xf32>, tensor<256x6xf32>) outs(%c : tensor<1x6xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}

// -----

// Between half a vector and a vector of columns (10 classes): B read as one
// flat array, 8 of its rows (80 floats, 5 vectors) a step, each vector
// multiplied by A's 8 values of the step spread to match its lanes (a
// shuffle), into 5 accumulators per row of A; each column sums its 8 lanes
// after the loop, added to C.
// CHECK-LABEL: func.func @narrow_flat
// CHECK-NOT: linalg.matmul
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1]] : tensor<256x10xf32> into tensor<2560xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c256 step %c8 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-5: vector.transfer_read %[[FLAT]]
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<1x256xf32>, vector<8xf32>
// CHECK: vector.shuffle {{.*}} [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1] : vector<8xf32>, vector<8xf32>
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: vector.transfer_read %arg2{{.*}} : tensor<1x10xf32>, vector<10xf32>
// CHECK: vector.from_elements {{.*}} : vector<10xf32>
// CHECK: vector.transfer_write {{.*}} : vector<10xf32>, tensor<1x10xf32>
func.func @narrow_flat(%a: tensor<1x256xf32>, %b: tensor<256x10xf32>, %c: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x256xf32>, tensor<256x10xf32>) outs(%c : tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// N = 100, wider than one register tile and no vector width dividing it
// (it was left to scalar loops): even this small matmul is split into 96
// columns in 4 x 32 tiles and 4 more in 4 x 4 ones. Non-f32 types keep the
// default lowering.
// CHECK-LABEL: func.func @skipped
// CHECK: tensor.extract_slice %arg2[0, 0] [4, 96] [1, 1]
// CHECK: vector.fma {{.*}} : vector<32xf32>
// CHECK: %[[HEAD:.*]] = tensor.insert_slice %{{.*}} into %arg2[0, 0] [4, 96] [1, 1]
// CHECK: tensor.extract_slice %[[HEAD]][0, 96] [4, 4] [1, 1]
// CHECK: vector.fma {{.*}} : vector<4xf32>
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x6xi32>, tensor<6x8xi32>)
// CHECK-NOT: tfs.schedule
func.func @skipped(%a: tensor<4x6xf32>, %b: tensor<6x100xf32>, %c: tensor<4x100xf32>, %i: tensor<4x6xi32>, %j: tensor<6x8xi32>, %k: tensor<4x8xi32>) -> (tensor<4x100xf32>, tensor<4x8xi32>) {
  %0 = linalg.matmul ins(%a, %b : tensor<4x6xf32>, tensor<6x100xf32>) outs(%c : tensor<4x100xf32>) -> tensor<4x100xf32>
  %1 = linalg.matmul ins(%i, %j : tensor<4x6xi32>, tensor<6x8xi32>) outs(%k : tensor<4x8xi32>) -> tensor<4x8xi32>
  return %0, %1 : tensor<4x100xf32>, tensor<4x8xi32>
}

// -----

// A matmul of 128 rows (packed) whose N = 72 two vectors of columns do
// not divide: 64 columns packed, with tall tiles, and the last 8 in 8 x 8
// tiles, each part into its slice of C (the second's slice taken from the
// result of the first, so both are computed in C's buffer).
// CHECK-LABEL: func.func @odd_columns
// CHECK: tensor.extract_slice %arg1[0, 0] [256, 64] [1, 1]
// CHECK: tensor.extract_slice %arg2[0, 0] [128, 64] [1, 1]
// CHECK: -> (vector<12x1x32xf32>)
// CHECK: %[[HEAD:.*]] = tensor.insert_slice %{{.*}} into %arg2[0, 0] [128, 64] [1, 1]
// CHECK: tensor.extract_slice %[[HEAD]][0, 64] [128, 8] [1, 1]
// CHECK: -> (vector<8x8xf32>)
// CHECK: %[[ALL:.*]] = tensor.insert_slice %{{.*}} into %[[HEAD]][0, 64] [128, 8] [1, 1]
// CHECK: return %[[ALL]]
func.func @odd_columns(%a: tensor<128x256xf32>, %b: tensor<256x72xf32>, %c: tensor<128x72xf32>) -> tensor<128x72xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x256xf32>, tensor<256x72xf32>) outs(%c : tensor<128x72xf32>) -> tensor<128x72xf32>
  return %0 : tensor<128x72xf32>
}

// -----

// The same N with 16 rows (not packed): 64 columns in 8 x 32 tiles, the
// last 8 in 8 x 8.
// CHECK-LABEL: func.func @odd_columns_few_rows
// CHECK: tensor.extract_slice %arg2[0, 0] [16, 64] [1, 1]
// CHECK: -> (vector<8x32xf32>)
// CHECK: %[[HEAD:.*]] = tensor.insert_slice %{{.*}} into %arg2[0, 0] [16, 64] [1, 1]
// CHECK: tensor.extract_slice %[[HEAD]][0, 64] [16, 8] [1, 1]
// CHECK: -> (vector<8x8xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[HEAD]][0, 64] [16, 8] [1, 1]
func.func @odd_columns_few_rows(%a: tensor<16x2048xf32>, %b: tensor<2048x72xf32>, %c: tensor<16x72xf32>) -> tensor<16x72xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x2048xf32>, tensor<2048x72xf32>) outs(%c : tensor<16x72xf32>) -> tensor<16x72xf32>
  return %0 : tensor<16x72xf32>
}

// -----

// 100 rows, which 8-row tiles do not divide: 96 rows (in 12-row tiles),
// then the last 4 in 4 x 32 tiles.
// CHECK-LABEL: func.func @odd_rows
// CHECK: tensor.extract_slice %arg2[0, 0] [96, 96] [1, 1]
// CHECK: scf.for %{{.*}} = %c0 to %c96 step %c12
// CHECK: -> (vector<12x32xf32>)
// CHECK: %[[HEAD:.*]] = tensor.insert_slice %{{.*}} into %arg2[0, 0] [96, 96] [1, 1]
// CHECK: tensor.extract_slice %[[HEAD]][96, 0] [4, 96] [1, 1]
// CHECK: -> (vector<4x32xf32>)
// CHECK: vector.transfer_read %arg0[%c96, %{{.*}}]{{.*}} vector<4x1xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[HEAD]][96, 0] [4, 96] [1, 1]
func.func @odd_rows(%a: tensor<100x256xf32>, %b: tensor<256x96xf32>, %c: tensor<100x96xf32>) -> tensor<100x96xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<100x256xf32>, tensor<256x96xf32>) outs(%c : tensor<100x96xf32>) -> tensor<100x96xf32>
  return %0 : tensor<100x96xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Elementwise producers fused into their generic users: a small one read
// twice (cos x of f(x), one op) over a large tensor (64K elements, memory
// traffic saved) is copied into both and its generic goes; a larger one
// read twice (a recurrence step, 9 ops) stays its own generic, both users
// reading its result: copied, such steps grew exponentially over a
// recurrence.
// CHECK-LABEL: func.func @fusion_copies(
// CHECK: %[[BIG:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<256x256xf32>, tensor<256x256xf32>)
// CHECK-COUNT-4: arith.mulf
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[BIG]] : tensor<256x256xf32>, tensor<256x256xf32>)
// CHECK: math.cos
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[BIG]] : tensor<256x256xf32>, tensor<256x256xf32>)
// CHECK: math.cos
// CHECK: math.sin
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @fusion_copies(%x: tensor<256x256xf32>, %y: tensor<256x256xf32>) -> (tensor<256x256xf32>, tensor<256x256xf32>) {
  %e = tensor.empty() : tensor<256x256xf32>
  %cos = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<256x256xf32>) outs(%e : tensor<256x256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.cos %in : f32
    linalg.yield %0 : f32
  } -> tensor<256x256xf32>
  %big = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %y : tensor<256x256xf32>, tensor<256x256xf32>) outs(%e : tensor<256x256xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.mulf %0, %a : f32
    %2 = arith.mulf %1, %b : f32
    %3 = arith.mulf %2, %a : f32
    %4 = arith.addf %3, %b : f32
    %5 = arith.addf %4, %a : f32
    %6 = arith.subf %5, %b : f32
    %7 = arith.subf %6, %a : f32
    linalg.yield %7 : f32
  } -> tensor<256x256xf32>
  %u = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%cos, %big : tensor<256x256xf32>, tensor<256x256xf32>) outs(%e : tensor<256x256xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %0 = arith.addf %a, %b : f32
    %1 = math.exp %0 : f32
    linalg.yield %1 : f32
  } -> tensor<256x256xf32>
  %v = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%cos, %big : tensor<256x256xf32>, tensor<256x256xf32>) outs(%e : tensor<256x256xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = math.sin %0 : f32
    linalg.yield %1 : f32
  } -> tensor<256x256xf32>
  return %u, %v : tensor<256x256xf32>, tensor<256x256xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Over a small tensor (an RNN step's 4 x 8), a producer read twice is not
// copied, however small: it stays in L1 between its users, and copies
// recomputed each LSTM step's cell state in the next step's ops (an LSTM
// of 16 steps: 0.95x the time, 2.5 -> 1.5 s to compile).
// CHECK-LABEL: func.func @fusion_copies_small(
// CHECK: %[[COS:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<4x8xf32>)
// CHECK: math.cos
// CHECK: %[[BIG:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[COS]], %[[BIG]] : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK-NOT: math.cos
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[COS]], %[[BIG]] : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK-NOT: math.cos
// CHECK: math.sin
// CHECK: return
func.func @fusion_copies_small(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %cos = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.cos %in : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %big = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %y : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.mulf %0, %a : f32
    %2 = arith.mulf %1, %b : f32
    %3 = arith.mulf %2, %a : f32
    %4 = arith.addf %3, %b : f32
    %5 = arith.addf %4, %a : f32
    %6 = arith.subf %5, %b : f32
    %7 = arith.subf %6, %a : f32
    linalg.yield %7 : f32
  } -> tensor<4x8xf32>
  %u = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%cos, %big : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %0 = arith.addf %a, %b : f32
    %1 = math.exp %0 : f32
    linalg.yield %1 : f32
  } -> tensor<4x8xf32>
  %v = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%cos, %big : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = math.sin %0 : f32
    linalg.yield %1 : f32
  } -> tensor<4x8xf32>
  return %u, %v : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Fusion stops at 48 ops per body: a producer of 26 ops (with its yield)
// read once stays out of a consumer of 26.
// CHECK-LABEL: func.func @fusion_cap
// CHECK: %[[P:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<4x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[P]], %arg0 : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: return
func.func @fusion_cap(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %out: f32):
    %p0 = arith.mulf %a, %a : f32
    %p1 = arith.mulf %p0, %a : f32
    %p2 = arith.mulf %p1, %a : f32
    %p3 = arith.mulf %p2, %a : f32
    %p4 = arith.mulf %p3, %a : f32
    %p5 = arith.mulf %p4, %a : f32
    %p6 = arith.mulf %p5, %a : f32
    %p7 = arith.mulf %p6, %a : f32
    %p8 = arith.mulf %p7, %a : f32
    %p9 = arith.mulf %p8, %a : f32
    %p10 = arith.mulf %p9, %a : f32
    %p11 = arith.mulf %p10, %a : f32
    %p12 = arith.mulf %p11, %a : f32
    %p13 = arith.mulf %p12, %a : f32
    %p14 = arith.mulf %p13, %a : f32
    %p15 = arith.mulf %p14, %a : f32
    %p16 = arith.mulf %p15, %a : f32
    %p17 = arith.mulf %p16, %a : f32
    %p18 = arith.mulf %p17, %a : f32
    %p19 = arith.mulf %p18, %a : f32
    %p20 = arith.mulf %p19, %a : f32
    %p21 = arith.mulf %p20, %a : f32
    %p22 = arith.mulf %p21, %a : f32
    %p23 = arith.mulf %p22, %a : f32
    %p24 = arith.mulf %p23, %a : f32
    linalg.yield %p24 : f32
  } -> tensor<4x8xf32>
  %c = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%p, %x : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %c0 = arith.mulf %a, %b : f32
    %c1 = arith.mulf %c0, %b : f32
    %c2 = arith.mulf %c1, %b : f32
    %c3 = arith.mulf %c2, %b : f32
    %c4 = arith.mulf %c3, %b : f32
    %c5 = arith.mulf %c4, %b : f32
    %c6 = arith.mulf %c5, %b : f32
    %c7 = arith.mulf %c6, %b : f32
    %c8 = arith.mulf %c7, %b : f32
    %c9 = arith.mulf %c8, %b : f32
    %c10 = arith.mulf %c9, %b : f32
    %c11 = arith.mulf %c10, %b : f32
    %c12 = arith.mulf %c11, %b : f32
    %c13 = arith.mulf %c12, %b : f32
    %c14 = arith.mulf %c13, %b : f32
    %c15 = arith.mulf %c14, %b : f32
    %c16 = arith.mulf %c15, %b : f32
    %c17 = arith.mulf %c16, %b : f32
    %c18 = arith.mulf %c17, %b : f32
    %c19 = arith.mulf %c18, %b : f32
    %c20 = arith.mulf %c19, %b : f32
    %c21 = arith.mulf %c20, %b : f32
    %c22 = arith.mulf %c21, %b : f32
    %c23 = arith.mulf %c22, %b : f32
    %c24 = arith.mulf %c23, %b : f32
    linalg.yield %c24 : f32
  } -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

// RUN: tfs-opt %s --tfs-tile-conv-matmul=parallel=true --split-input-file | FileCheck %s --check-prefix=PAR

// With parallel=true, ops of at least 4 MFLOP are first distributed over
// threads: conv by blocks of output rows (32 rows in 8 tasks of 4), matmul
// by blocks of columns (512 in 4 tasks of 128); the register-level schedule
// runs inside each task. Smaller ops stay sequential.
// PAR-LABEL: func.func @par_conv
// PAR: scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x32x32x32xf32>)
// PAR: vector.fma
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}, 0, 0] [1, 4, 32, 32]
// PAR-LABEL: func.func @par_matmul
// PAR: scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<64x512xf32>)
// PAR: scf.for %{{.*}} = %c0 to %c24 step %c12
// PAR: vector.fma
// PAR: scf.for {{.*}} -> (vector<10x32xf32>)
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}] [64, 128]
// PAR-LABEL: func.func @par_small
// PAR-NOT: scf.forall
// PAR: vector.fma
// A packed matmul: each task packs its own 4 panels of B (128 columns),
// then runs the register tiles over them.
// PAR-LABEL: func.func @par_packed
// PAR: scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<128x16x32xf32>)
// PAR: scf.for {{.*}} -> (tensor<4x256x32xf32>)
// PAR: tensor.insert_slice {{.*}} [1, 1, 32]
// PAR: vector.fma
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}, 0] [128, 4, 32]
// A GEMV-like matmul below 4 MFLOP whose B has 512 KiB or more is split
// over threads all the same, by 8 contiguous chunks of K (32 rows of B
// each), each task summing into its own partial row; the 8 partial rows
// are added up after the loop.
// PAR-LABEL: func.func @par_gemv
// PAR: tensor.expand_shape %arg1 {{\[\[}}0, 1], [2]] output_shape [8, 32, 512]
// PAR: scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<8x1x512xf32>)
// PAR: scf.for %{{.*}} = %c0 to %c32 step %c1
// PAR: vector.fma {{.*}} : vector<256xf32>
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0, 0] [1, 1, 512]
// PAR: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// PAR-SAME: ins(%{{.*}} : tensor<8x1x512xf32>) outs(%arg2 : tensor<1x512xf32>)
// A recurrence's step, 2.1 MFLOP followed by an elementwise epilogue: one
// parallel region by blocks of 8 rows, each task zeroing, computing and
// finishing (add + tanh) its own rows, which the next step's task on the
// same rows reads; the zeros and the epilogue are vectorized by rows of 64.
// PAR-LABEL: func.func @par_step
// PAR: scf.forall (%{{.*}}) in (2) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<16x256xf32>)
// PAR: vector.transfer_write %{{.*}} : vector<64xf32>, tensor<8x256xf32>
// PAR: scf.for %{{.*}} = %c0 to %c256 step %c1 {{.*}} -> (vector<8x32xf32>)
// PAR-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// PAR: math.tanh {{.*}} : vector<64xf32>
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [8, 256]
// PAR-NOT: linalg.matmul
// A large matmul with a bias + relu epilogue: the epilogue's 4 blocks of
// 128 columns are the tasks, each zeroing, computing (12- and 10-row
// tiles) and finishing its own block.
// PAR-LABEL: func.func @par_dense
// PAR: scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<64x512xf32>)
// PAR: vector.transfer_write %{{.*}} : vector<64xf32>, tensor<64x128xf32>
// PAR: scf.for %{{.*}} = %c0 to %c24 step %c12
// PAR: vector.fma
// PAR: scf.for %{{.*}} = %c0 to %c40 step %c10
// PAR: vector.fma
// PAR: arith.maximumf {{.*}} : vector<64xf32>
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}] [64, 128]
// An epilogue that reads its own init (a residual accumulated in place)
// cannot update the product in place: the matmul's tasks are its own, the
// epilogue one loop after them.
// PAR-LABEL: func.func @par_dense_init
// PAR: %[[PRODUCT:.*]] = scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<64x512xf32>)
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}] [64, 128]
// PAR: linalg.generic {{.*}} ins(%[[PRODUCT]] : tensor<64x512xf32>) outs(%arg2 : tensor<64x512xf32>)
// In the sequential loop over images of tfs-fuse-image-chains, each
// image's conv is spread over threads as usual; in a thread's task (one
// image of its forall), it is not spread again.
// A blocked conv (see @conv_blocked) is spread over threads by blocks of
// output channels (4 tasks of 128), each task's filter slices its own.
// PAR-LABEL: func.func @par_conv_blocked
// PAR: scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x7x7x512xf32>)
// PAR: scf.for %{{.*}} = %c0 to %c128 step %c32
// PAR: scf.for %{{.*}} = %c0 to %c512 step %c32
// PAR: vector.fma
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[0, 0, 0, %{{.*}}] [1, 7, 7, 128]
// Two consecutive matmuls distributed by blocks of columns: the second's
// tasks take their blocks in reverse order (task t, block 3 - t), so that
// a thread's blocks of the two layers lie in different parts of B's rows.
// PAR-LABEL: func.func @par_two_layers
// PAR: scf.forall (%{{.*}}) in (4)
// PAR-NOT: arith.subi
// PAR: scf.forall (%[[T1:.*]]) in (4)
// PAR: %[[R:.*]] = arith.subi %c3, %[[T1]] : index
// PAR: affine.apply #{{.*}}(%[[R]])
// PAR-NOT: tfs.reverse_tasks
// PAR-LABEL: func.func @par_image_loop
// PAR: scf.for
// PAR: scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x32x32x32xf32>)
// PAR: vector.fma
// PAR: } {tfs.image_loop}
// PAR-LABEL: func.func @par_image_task
// PAR: scf.forall (%{{.*}}) in (2)
// PAR-NOT: scf.forall
// PAR: vector.fma
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0, 0, 0] [1, 32, 32, 32]
func.func @par_conv(%x: tensor<1x34x34x16xf32>, %w: tensor<3x3x16x32xf32>, %o: tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x34x34x16xf32>, tensor<3x3x16x32xf32>) outs(%o : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  return %0 : tensor<1x32x32x32xf32>
}
func.func @par_matmul(%a: tensor<64x256xf32>, %b: tensor<256x512xf32>, %c: tensor<64x512xf32>) -> tensor<64x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x256xf32>, tensor<256x512xf32>) outs(%c : tensor<64x512xf32>) -> tensor<64x512xf32>
  return %0 : tensor<64x512xf32>
}
func.func @par_small(%a: tensor<8x64xf32>, %b: tensor<64x64xf32>, %c: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x64xf32>, tensor<64x64xf32>) outs(%c : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}
func.func @par_packed(%a: tensor<128x256xf32>, %b: tensor<256x512xf32>, %c: tensor<128x512xf32>) -> tensor<128x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x256xf32>, tensor<256x512xf32>) outs(%c : tensor<128x512xf32>) -> tensor<128x512xf32>
  return %0 : tensor<128x512xf32>
}
func.func @par_gemv(%a: tensor<1x256xf32>, %b: tensor<256x512xf32>, %c: tensor<1x512xf32>) -> tensor<1x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x256xf32>, tensor<256x512xf32>) outs(%c : tensor<1x512xf32>) -> tensor<1x512xf32>
  return %0 : tensor<1x512xf32>
}
func.func @par_step(%h: tensor<16x256xf32>, %w: tensor<256x256xf32>, %x: tensor<16x256xf32>) -> tensor<16x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x256xf32>) -> tensor<16x256xf32>
  %p = linalg.matmul ins(%h, %w : tensor<16x256xf32>, tensor<256x256xf32>) outs(%f : tensor<16x256xf32>) -> tensor<16x256xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %p : tensor<16x256xf32>, tensor<16x256xf32>) outs(%e : tensor<16x256xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<16x256xf32>
  return %r : tensor<16x256xf32>
}
func.func @par_dense(%a: tensor<64x256xf32>, %b: tensor<256x512xf32>, %bias: tensor<512xf32>) -> tensor<64x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x512xf32>) -> tensor<64x512xf32>
  %p = linalg.matmul ins(%a, %b : tensor<64x256xf32>, tensor<256x512xf32>) outs(%f : tensor<64x512xf32>) -> tensor<64x512xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%p, %bias : tensor<64x512xf32>, tensor<512xf32>) outs(%e : tensor<64x512xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<64x512xf32>
  return %r : tensor<64x512xf32>
}
func.func @par_dense_init(%a: tensor<64x256xf32>, %b: tensor<256x512xf32>, %res: tensor<64x512xf32>) -> tensor<64x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x512xf32>) -> tensor<64x512xf32>
  %p = linalg.matmul ins(%a, %b : tensor<64x256xf32>, tensor<256x512xf32>) outs(%f : tensor<64x512xf32>) -> tensor<64x512xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%p : tensor<64x512xf32>) outs(%res : tensor<64x512xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  } -> tensor<64x512xf32>
  return %r : tensor<64x512xf32>
}
func.func @par_conv_blocked(%x: tensor<1x9x9x512xf32>, %w: tensor<3x3x512x512xf32>, %o: tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x512xf32>, tensor<3x3x512x512xf32>) outs(%o : tensor<1x7x7x512xf32>) -> tensor<1x7x7x512xf32>
  return %0 : tensor<1x7x7x512xf32>
}
func.func @par_two_layers(%a: tensor<64x256xf32>, %b1: tensor<256x512xf32>, %b2: tensor<512x512xf32>, %c: tensor<64x512xf32>) -> tensor<64x512xf32> {
  %0 = linalg.matmul ins(%a, %b1 : tensor<64x256xf32>, tensor<256x512xf32>) outs(%c : tensor<64x512xf32>) -> tensor<64x512xf32>
  %1 = linalg.matmul ins(%0, %b2 : tensor<64x512xf32>, tensor<512x512xf32>) outs(%c : tensor<64x512xf32>) -> tensor<64x512xf32>
  return %1 : tensor<64x512xf32>
}
func.func @par_image_loop(%x: tensor<2x34x34x16xf32>, %w: tensor<3x3x16x32xf32>, %o: tensor<2x32x32x32xf32>) -> tensor<2x32x32x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %r = scf.for %n = %c0 to %c2 step %c1 iter_args(%acc = %o) -> (tensor<2x32x32x32xf32>) {
    %image = tensor.extract_slice %x[%n, 0, 0, 0] [1, 34, 34, 16] [1, 1, 1, 1] : tensor<2x34x34x16xf32> to tensor<1x34x34x16xf32>
    %init = tensor.extract_slice %acc[%n, 0, 0, 0] [1, 32, 32, 32] [1, 1, 1, 1] : tensor<2x32x32x32xf32> to tensor<1x32x32x32xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%image, %w : tensor<1x34x34x16xf32>, tensor<3x3x16x32xf32>) outs(%init : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
    %next = tensor.insert_slice %y into %acc[%n, 0, 0, 0] [1, 32, 32, 32] [1, 1, 1, 1] : tensor<1x32x32x32xf32> into tensor<2x32x32x32xf32>
    scf.yield %next : tensor<2x32x32x32xf32>
  } {tfs.image_loop}
  return %r : tensor<2x32x32x32xf32>
}
func.func @par_image_task(%x: tensor<2x34x34x16xf32>, %w: tensor<3x3x16x32xf32>, %o: tensor<2x32x32x32xf32>) -> tensor<2x32x32x32xf32> {
  %r = scf.forall (%n) in (2) shared_outs(%acc = %o) -> (tensor<2x32x32x32xf32>) {
    %image = tensor.extract_slice %x[%n, 0, 0, 0] [1, 34, 34, 16] [1, 1, 1, 1] : tensor<2x34x34x16xf32> to tensor<1x34x34x16xf32>
    %init = tensor.extract_slice %acc[%n, 0, 0, 0] [1, 32, 32, 32] [1, 1, 1, 1] : tensor<2x32x32x32xf32> to tensor<1x32x32x32xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%image, %w : tensor<1x34x34x16xf32>, tensor<3x3x16x32xf32>) outs(%init : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %y into %acc[%n, 0, 0, 0] [1, 32, 32, 32] [1, 1, 1, 1] : tensor<1x32x32x32xf32> into tensor<2x32x32x32xf32>
    }
  }
  return %r : tensor<2x32x32x32xf32>
}

// -----

// A row convolution of 7 MFLOP: blocks of 8 output rows over the threads,
// and the input's transpose, written straight into the interior of its
// padded tensor, in blocks of 8 rows too (each core then reads mostly the
// rows it transposed).
// PAR-LABEL: func.func @par_row_conv
// PAR-NOT: tensor.pad
// PAR: linalg.fill {{.*}} -> tensor<1x66x32x66xf32>
// PAR: %[[IN:.*]] = tensor.extract_slice %{{.*}}[0, 1, 0, 1] [1, 64, 32, 64]
// PAR: scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %[[IN]])
// PAR: vector.transfer_read %arg0{{.*}} : tensor<1x64x64x32xf32>, vector<16x16xf32>
// PAR: tensor.insert_slice %{{.*}} into %{{.*}}[0, 1, 0, 1] [1, 64, 32, 64]
// PAR: scf.forall (%{{.*}}) in (8) {{.*}} -> (tensor<1x3x64x64xf32>)
// PAR: math.fma {{.*}} : vector<3x4x16xf32>
// PAR: linalg.transpose ins({{.*}} : tensor<1x3x64x64xf32>) outs({{.*}} : tensor<1x64x64x3xf32>) permutation = [0, 2, 3, 1]
func.func @par_row_conv(%x: tensor<1x64x64x32xf32>, %w: tensor<3x3x32x3xf32>) -> tensor<1x64x64x3xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x64x64x32xf32> to tensor<1x66x66x32xf32>
  %e = tensor.empty() : tensor<1x64x64x3xf32>
  %o = linalg.fill ins(%zero : f32) outs(%e : tensor<1x64x64x3xf32>) -> tensor<1x64x64x3xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x66x66x32xf32>, tensor<3x3x32x3xf32>) outs(%o : tensor<1x64x64x3xf32>) -> tensor<1x64x64x3xf32>
  return %0 : tensor<1x64x64x3xf32>
}

// -----

// A recurrence's batched input projection (64 x 64 x 512, 4.2 MFLOP) whose
// rows 4-row steps then add to stays on the calling thread on AVX-512,
// where the steps do: split by columns, half of its result would move to
// the steps' core. The same product without steps is split as usual.
// PAR-LABEL: func.func @par_projection_steps
// PAR-NOT: scf.forall
// PAR: return
// PAR-LABEL: func.func @par_projection_alone
// PAR: scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<64x512xf32>)
func.func @par_projection_steps(%x: tensor<64x64xf32>, %w: tensor<64x512xf32>, %c: tensor<64x512xf32>, %h: tensor<4x128xf32>, %wh: tensor<128x512xf32>) -> tensor<4x512xf32> {
  %p = linalg.matmul ins(%x, %w : tensor<64x64xf32>, tensor<64x512xf32>) outs(%c : tensor<64x512xf32>) -> tensor<64x512xf32>
  %s = tensor.extract_slice %p[0, 0] [4, 512] [1, 1] : tensor<64x512xf32> to tensor<4x512xf32>
  %r = linalg.matmul ins(%h, %wh : tensor<4x128xf32>, tensor<128x512xf32>) outs(%s : tensor<4x512xf32>) -> tensor<4x512xf32>
  return %r : tensor<4x512xf32>
}
func.func @par_projection_alone(%x: tensor<64x64xf32>, %w: tensor<64x512xf32>, %c: tensor<64x512xf32>) -> tensor<64x512xf32> {
  %p = linalg.matmul ins(%x, %w : tensor<64x64xf32>, tensor<64x512xf32>) outs(%c : tensor<64x512xf32>) -> tensor<64x512xf32>
  return %p : tensor<64x512xf32>
}

// -----

// A thread's task of a row chain (tfs-fuse-image-chains): its matmul is
// tiled on that thread, and its zero-filled temporary, which the
// clean-up's loop-invariant code motion moves out of the forall, is moved
// back in: outside, it would be one buffer for all tasks that each task
// copies in privately.
// PAR-LABEL: func.func @par_row_task
// PAR-NOT: linalg.fill
// PAR: scf.forall (%{{.*}}) = (0) to (%{{.*}}) step (32)
// PAR-NOT: scf.forall
// PAR: tensor.empty() : tensor<32x128xf32>
// PAR: linalg.fill {{.*}} -> tensor<32x128xf32>
// PAR: vector.fma
// PAR: } {tfs.task_loop}
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @par_row_task(%x: tensor<64x256xf32>, %w: tensor<256x128xf32>, %o: tensor<64x128xf32>, %k: index) -> tensor<64x128xf32> {
  %z = arith.constant 0.0 : f32
  %r = scf.forall (%i) = (0) to (%k) step (32) shared_outs(%acc = %o) -> (tensor<64x128xf32>) {
    %rows = tensor.extract_slice %x[%i, 0] [32, 256] [1, 1] : tensor<64x256xf32> to tensor<32x256xf32>
    %e = tensor.empty() : tensor<32x128xf32>
    %zero = linalg.fill ins(%z : f32) outs(%e : tensor<32x128xf32>) -> tensor<32x128xf32>
    %m = linalg.matmul ins(%rows, %w : tensor<32x256xf32>, tensor<256x128xf32>) outs(%zero : tensor<32x128xf32>) -> tensor<32x128xf32>
    %init = tensor.extract_slice %acc[%i, 0] [32, 128] [1, 1] : tensor<64x128xf32> to tensor<32x128xf32>
    %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<32x128xf32>) outs(%init : tensor<32x128xf32>) {
    ^bb0(%in: f32, %out: f32):
      %v = arith.maximumf %in, %z : f32
      linalg.yield %v : f32
    } -> tensor<32x128xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %y into %acc[%i, 0] [32, 128] [1, 1] : tensor<32x128xf32> into tensor<64x128xf32>
    }
  } {tfs.task_loop}
  return %r : tensor<64x128xf32>
}
