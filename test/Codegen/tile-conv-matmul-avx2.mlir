// RUN: tfs-opt %s --tfs-tile-conv-matmul=vector-bits=256 --split-input-file | FileCheck %s

// With 256-bit vectors (AVX2: 16 registers of 8 floats) the register tiles
// shrink to fit: conv blocks of 16 channels, a 4 x 16 tile (8 of the 16
// registers; 6 does not divide 56) ...
// CHECK-LABEL: func.func @conv
// CHECK: scf.for {{.*}} -> (vector<1x4x16xf32>)
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
func.func @conv(%x: tensor<1x10x58x8xf32>, %w: tensor<3x3x8x32xf32>, %o: tensor<1x8x56x32xf32>) -> tensor<1x8x56x32xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x58x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x8x56x32xf32>) -> tensor<1x8x56x32xf32>
  return %0 : tensor<1x8x56x32xf32>
}

// -----

// ... matmuls in tiles two vectors wide: 6 x 16 (12 registers) where
// at least 12 rows allow, here one of 6 rows and two of 5 for the rest of
// the 16 rather than 6 + 6 + 4 (8 x 8 tiles, one vector wide, load a row
// of B per 8 broadcasts: MLP b64 2.86 -> 2.37 ms on an AVX2 EPYC) ...
// CHECK-LABEL: func.func @matmul
// CHECK: scf.for {{.*}} -> (vector<6x16xf32>)
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c10 step %c5
// CHECK: scf.for {{.*}} -> (vector<5x16xf32>)
// CHECK-COUNT-5: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
func.func @matmul(%a: tensor<16x64xf32>, %b: tensor<64x64xf32>, %c: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x64xf32>, tensor<64x64xf32>) outs(%c : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %0 : tensor<16x64xf32>
}

// -----

// ... 4 x 16 with fewer rows (8) ...
// CHECK-LABEL: func.func @few_rows
// CHECK: scf.for {{.*}} -> (vector<4x16xf32>)
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
func.func @few_rows(%a: tensor<8x64xf32>, %b: tensor<64x64xf32>, %c: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x64xf32>, tensor<64x64xf32>) outs(%c : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}

// -----

// ... one vector wide where two do not divide N (24) ...
// CHECK-LABEL: func.func @narrow
// CHECK: scf.for {{.*}} -> (vector<8x8xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: vector.fma
func.func @narrow(%a: tensor<8x64xf32>, %b: tensor<64x24xf32>, %c: tensor<8x24xf32>) -> tensor<8x24xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x64xf32>, tensor<64x24xf32>) outs(%c : tensor<8x24xf32>) -> tensor<8x24xf32>
  return %0 : tensor<8x24xf32>
}

// -----

// ... and packed panels of 16 columns, blocks of 64 rows in 9 tiles of 6
// rows and 2 of 5.
// CHECK-LABEL: func.func @packed
// CHECK: tensor.empty() : tensor<4x64x16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c54 step %c6
// CHECK: scf.for {{.*}} -> (vector<6x1x16xf32>)
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c10 step %c5
// CHECK: scf.for {{.*}} -> (vector<5x1x16xf32>)
// CHECK-COUNT-5: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
func.func @packed(%a: tensor<128x64xf32>, %b: tensor<64x64xf32>, %c: tensor<128x64xf32>) -> tensor<128x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x64xf32>, tensor<64x64xf32>) outs(%c : tensor<128x64xf32>) -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}

// -----

// On AVX2, B is packed from 64 rows on (with 512-bit vectors, from 128):
// a 64-row matmul reads it from panels of 16 columns too.
// CHECK-LABEL: func.func @packed_64_rows
// CHECK: tensor.empty() : tensor<4x64x16xf32>
// CHECK: scf.for {{.*}} -> (vector<{{[0-9]+}}x1x16xf32>)
// CHECK-NOT: linalg.matmul
func.func @packed_64_rows(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// Packed matmuls keep all their rows, whatever 8 does not divide: 1020
// rows in blocks of 60 (10 tiles of 6 rows), not 1016 + 4 ...
// CHECK-LABEL: func.func @packed_odd_rows
// CHECK-NOT: linalg.matmul
// CHECK: scf.for %{{.*}} = %c0 to %c1020 step %c60
// CHECK: scf.for %{{.*}} = %c0 to %c60 step %c6
// CHECK: scf.for {{.*}} -> (vector<6x1x16xf32>)
// CHECK-NOT: vector<4x1x16xf32>
// CHECK: return
func.func @packed_odd_rows(%a: tensor<1020x128xf32>, %b: tensor<128x128xf32>, %c: tensor<1020x128xf32>) -> tensor<1020x128xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1020x128xf32>, tensor<128x128xf32>) outs(%c : tensor<1020x128xf32>) -> tensor<1020x128xf32>
  return %0 : tensor<1020x128xf32>
}

// -----

// ... and when no block of 32 to 64 rows divides them, blocks of the
// smallest size above 64 that does: 1016 rows (8 x 127) in two blocks of
// 508 (83 tiles of 6 rows and two of 5), not 127 of 8 rows in 4-row
// tiles ...
// CHECK-LABEL: func.func @packed_coarse_rows
// CHECK: scf.for %{{.*}} = %c0 to %c1016 step %c508
// CHECK: scf.for %{{.*}} = %c0 to %c498 step %c6
// CHECK: scf.for {{.*}} -> (vector<6x1x16xf32>)
// CHECK: scf.for {{.*}} -> (vector<5x1x16xf32>)
// CHECK: return
func.func @packed_coarse_rows(%a: tensor<1016x128xf32>, %b: tensor<128x128xf32>, %c: tensor<1016x128xf32>) -> tensor<1016x128xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1016x128xf32>, tensor<128x128xf32>) outs(%c : tensor<1016x128xf32>) -> tensor<1016x128xf32>
  return %0 : tensor<1016x128xf32>
}

// -----

// ... or all of them: 131 rows (prime) as 21 tiles of 6 rows and one of
// 5, not 131 tiles of one row.
// CHECK-LABEL: func.func @packed_prime_rows
// CHECK: scf.for %{{.*}} = %c0 to %c126 step %c6
// CHECK: scf.for {{.*}} -> (vector<6x1x16xf32>)
// CHECK: scf.for {{.*}} -> (vector<5x1x16xf32>)
// CHECK-NOT: vector<1x1x16xf32>
// CHECK: return
func.func @packed_prime_rows(%a: tensor<131x300xf32>, %b: tensor<300x96xf32>, %c: tensor<131x96xf32>) -> tensor<131x96xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<131x300xf32>, tensor<300x96xf32>) outs(%c : tensor<131x96xf32>) -> tensor<131x96xf32>
  return %0 : tensor<131x96xf32>
}

// -----

// A narrow N that 8 does not divide (10 logits) is padded with zero
// columns to whole vectors: B is copied into 512 x 16 zeros, the product
// (packed, 64 rows) computes 16 columns from zeros, and the result is its
// first 10. (With 512-bit vectors the 10 columns stay one register tile.)
// CHECK-LABEL: func.func @narrow_padded
// CHECK-SAME: (%{{.*}}: tensor<64x512xf32>, %[[B:.*]]: tensor<512x10xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<512x16xf32>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<512x16xf32>)
// CHECK: tensor.insert_slice %[[B]] into %[[Z]][0, 0] [512, 10] [1, 1]
// CHECK: scf.for {{.*}} -> (vector<6x1x16xf32>)
// CHECK: scf.for {{.*}} -> (vector<5x1x16xf32>)
// CHECK: %[[R:.*]] = tensor.extract_slice %{{.*}}[0, 0] [64, 10] [1, 1] : tensor<64x16xf32> to tensor<64x10xf32>
// CHECK: return %[[R]]
func.func @narrow_padded(%a: tensor<64x512xf32>, %b: tensor<512x10xf32>) -> tensor<64x10xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x10xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<64x10xf32>) -> tensor<64x10xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<64x512xf32>, tensor<512x10xf32>) outs(%c : tensor<64x10xf32>) -> tensor<64x10xf32>
  return %0 : tensor<64x10xf32>
}

// -----

// A times B transposed with few rows: dot products, as with AVX-512 (see
// transpose_b_dot in tile-conv-matmul.mlir), in 2 x 4 tiles of C: its 8
// accumulators of 8 lanes hold no 4 x 4 tile (which left the matmul to
// scalar loops).
// CHECK-LABEL: func.func @transpose_b_dot
// CHECK-NOT: linalg.matmul
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2]] output_shape [8, 8, 8]
// CHECK: tensor.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [32, 8, 8]
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c4
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c2
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1 {{.*}} -> (vector<2x4x8xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<8x8x8xf32>, vector<2x1x8xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<32x8x8xf32>, vector<4x1x8xf32>
// CHECK: vector.fma {{.*}} : vector<2x4x8xf32>
// CHECK: vector.transfer_write {{.*}} : vector<2x4xf32>, tensor<8x32xf32>
func.func @transpose_b_dot(%a: tensor<8x64xf32>, %b: tensor<32x64xf32>, %c: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%a, %b : tensor<8x64xf32>, tensor<32x64xf32>) outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}

// -----

// With threads, a GEMV whose B has 512 KiB or more is split into 8 chunks
// of K as with AVX-512 (see tile-conv-matmul.mlir), but each chunk sweeps
// B by whole rows, two at a time (the k loop outermost, step 2), in tiles
// of 32 columns: consecutive reads of B, not 64-column panels of all its
// rows.
// RUN: tfs-opt %s --tfs-tile-conv-matmul="vector-bits=256 parallel=true" --split-input-file | FileCheck %s --check-prefix=PAR
// CHECK-LABEL: func.func @par_gemv
// PAR-LABEL: func.func @par_gemv
// PAR: scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<8x1x512xf32>)
// PAR: scf.for %{{.*}} = %c0 to %c32 step %c2
// PAR: scf.for %{{.*}} = %c0 to %c512 step %c32
// PAR-COUNT-2: vector.fma {{.*}} : vector<32xf32>
// PAR-NOT: vector.fma
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0, 0] [1, 1, 512]
func.func @par_gemv(%a: tensor<1x256xf32>, %b: tensor<256x512xf32>, %c: tensor<1x512xf32>) -> tensor<1x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x256xf32>, tensor<256x512xf32>) outs(%c : tensor<1x512xf32>) -> tensor<1x512xf32>
  return %0 : tensor<1x512xf32>
}

// -----

// An init other than zeros is padded the same way, its values kept.
// CHECK-LABEL: func.func @narrow_padded_init
// CHECK-SAME: (%{{.*}}: tensor<8x512xf32>, %{{.*}}: tensor<512x12xf32>, %[[C:.*]]: tensor<8x12xf32>)
// CHECK: tensor.empty() : tensor<8x16xf32>
// CHECK: tensor.insert_slice %[[C]] into %{{.*}}[0, 0] [8, 12] [1, 1]
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [8, 12] [1, 1] : tensor<8x16xf32> to tensor<8x12xf32>
func.func @narrow_padded_init(%a: tensor<8x512xf32>, %b: tensor<512x12xf32>, %c: tensor<8x12xf32>) -> tensor<8x12xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x512xf32>, tensor<512x12xf32>) outs(%c : tensor<8x12xf32>) -> tensor<8x12xf32>
  return %0 : tensor<8x12xf32>
}

// -----

// A GEMV-like product of 10 columns is split into 8 columns and 2, each
// with its own split reduction (vectors of 8 and of 2 lanes, not 10).
// CHECK-LABEL: func.func @gemv_narrow_split
// CHECK-SAME: (%{{.*}}: tensor<1x512xf32>, %[[B:.*]]: tensor<512x10xf32>, %[[C:.*]]: tensor<1x10xf32>)
// CHECK: %[[HEAD:.*]] = tensor.insert_slice %{{.*}} into %[[C]][0, 0] [1, 8]
// CHECK: tensor.extract_slice %[[B]][0, 8] [512, 2]
// CHECK: vector.transfer_read {{.*}} vector<8x2xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[HEAD]][0, 8] [1, 2]
// CHECK-NOT: vector<{{[0-9x]*}}10xf32>
func.func @gemv_narrow_split(%a: tensor<1x512xf32>, %b: tensor<512x10xf32>, %c: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x512xf32>, tensor<512x10xf32>) outs(%c : tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// A recurrence's step (see par_step in tile-conv-matmul.mlir) in blocks of
// 8 rows, as with AVX-512, each block's two 4 x 16 tiles sharing a B
// panel: blocks of 4, one per 4-row tile, read all of W_h each.
// CHECK-LABEL: func.func @par_step
// PAR-LABEL: func.func @par_step
// PAR: scf.forall (%{{.*}}) in (2) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<16x256xf32>)
// PAR: scf.for %{{.*}} = %c0 to %c256 step %c1 {{.*}} -> (vector<4x16xf32>)
// PAR: math.tanh
// PAR: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [8, 256]
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

// -----

// Batch-1 steps of a recurrence sharing a 256 KiB W_h (h @ W_h, then tanh)
// cannot be split by rows: they are split by columns, each task the same
// block of columns at every step (so a core's share of W_h stays in its
// L2: no reversed tasks), the epilogue computed in the task, and every
// other step's k loop running backwards (L1 keeps the rows of W_h read
// last). Their input projection (2.1 MFLOP, below kParallelFlops) is
// spread over threads too: its tasks join the steps' parallel region.
// Without threads the steps stay serial, and so they do with 512-bit
// vectors (measured slower split on an AVX-512 CPU with 2 MiB of L2).
// CHECK-LABEL: func.func @par_gemv_step
// CHECK-NOT: scf.forall
// CHECK: return
// PAR512-LABEL: func.func @par_gemv_step
// PAR512-NOT: scf.forall
// PAR512: return
// PAR-LABEL: func.func @par_gemv_step
// PAR: scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<32x256xf32>)
// PAR: scf.forall (%[[T0:.*]]) in (4)
// PAR-NEXT: affine.apply #{{.*}}(%[[T0]])
// PAR: scf.for %[[K0:.*]] = %c0 to %c256 step %c1 {{.*}} -> (vector<1x64xf32>)
// PAR-NOT: arith.subi
// PAR: math.tanh
// PAR: tensor.parallel_insert_slice
// PAR: scf.forall (%[[T1:.*]]) in (4)
// PAR-NEXT: affine.apply #{{.*}}(%[[T1]])
// PAR: scf.for %[[K1:.*]] = %c0 to %c256 step %c1 {{.*}} -> (vector<1x64xf32>)
// PAR: arith.subi %c255, %[[K1]]
// PAR: math.tanh
func.func @par_gemv_step(%h: tensor<1x256xf32>, %w: tensor<256x256xf32>, %in: tensor<32x128xf32>, %wx: tensor<128x256xf32>) -> tensor<1x256xf32> {
  %zero = arith.constant 0.0 : f32
  %ex = tensor.empty() : tensor<32x256xf32>
  %fx = linalg.fill ins(%zero : f32) outs(%ex : tensor<32x256xf32>) -> tensor<32x256xf32>
  %x = linalg.matmul ins(%in, %wx : tensor<32x128xf32>, tensor<128x256xf32>) outs(%fx : tensor<32x256xf32>) -> tensor<32x256xf32>
  %e = tensor.empty() : tensor<1x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x256xf32>) -> tensor<1x256xf32>
  %x0 = tensor.extract_slice %x[0, 0] [1, 256] [1, 1] : tensor<32x256xf32> to tensor<1x256xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 256] [1, 1] : tensor<32x256xf32> to tensor<1x256xf32>
  %p0 = linalg.matmul ins(%h, %w : tensor<1x256xf32>, tensor<256x256xf32>) outs(%f : tensor<1x256xf32>) -> tensor<1x256xf32>
  %h1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x0, %p0 : tensor<1x256xf32>, tensor<1x256xf32>) outs(%e : tensor<1x256xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<1x256xf32>
  %p1 = linalg.matmul ins(%h1, %w : tensor<1x256xf32>, tensor<256x256xf32>) outs(%f : tensor<1x256xf32>) -> tensor<1x256xf32>
  %h2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x1, %p1 : tensor<1x256xf32>, tensor<1x256xf32>) outs(%e : tensor<1x256xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<1x256xf32>
  return %h2 : tensor<1x256xf32>
}

// -----

// With a 64 KiB W_h (hidden size 128) the same steps stay on one thread: a
// barrier per step costs more than reading half of W_h saves (RNN with
// hidden 128 on 2 threads of the AVX2 EPYC: 1.03x the time); so does their
// 1 MFLOP input projection.
// PAR-LABEL: func.func @serial_gemv_step
// PAR-NOT: scf.forall
// PAR: return
func.func @serial_gemv_step(%h: tensor<1x128xf32>, %w: tensor<128x128xf32>, %in: tensor<32x128xf32>, %wx: tensor<128x128xf32>) -> tensor<1x128xf32> {
  %zero = arith.constant 0.0 : f32
  %ex = tensor.empty() : tensor<32x128xf32>
  %fx = linalg.fill ins(%zero : f32) outs(%ex : tensor<32x128xf32>) -> tensor<32x128xf32>
  %x = linalg.matmul ins(%in, %wx : tensor<32x128xf32>, tensor<128x128xf32>) outs(%fx : tensor<32x128xf32>) -> tensor<32x128xf32>
  %e = tensor.empty() : tensor<1x128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x128xf32>) -> tensor<1x128xf32>
  %x0 = tensor.extract_slice %x[0, 0] [1, 128] [1, 1] : tensor<32x128xf32> to tensor<1x128xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 128] [1, 1] : tensor<32x128xf32> to tensor<1x128xf32>
  %p0 = linalg.matmul ins(%h, %w : tensor<1x128xf32>, tensor<128x128xf32>) outs(%f : tensor<1x128xf32>) -> tensor<1x128xf32>
  %h1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x0, %p0 : tensor<1x128xf32>, tensor<1x128xf32>) outs(%e : tensor<1x128xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<1x128xf32>
  %p1 = linalg.matmul ins(%h1, %w : tensor<1x128xf32>, tensor<128x128xf32>) outs(%f : tensor<1x128xf32>) -> tensor<1x128xf32>
  %h2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x1, %p1 : tensor<1x128xf32>, tensor<1x128xf32>) outs(%e : tensor<1x128xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<1x128xf32>
  return %h2 : tensor<1x128xf32>
}

// -----

// A convolution worth a parallel region, split by columns (16 = 12 + 4:
// 6-wide tiles and the rest), has both parts spread over threads by rows:
// the 4-column part (2.4 MFLOP, below the threshold on its own) ran on one
// thread while the others waited.
// CHECK-LABEL: func.func @par_split_rest
// PAR-LABEL: func.func @par_split_rest
// PAR: scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x16x12x64xf32>)
// PAR: -> (vector<1x6x16xf32>)
// PAR: scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x16x4x64xf32>)
// PAR: -> (vector<1x4x16xf32>)
// PAR-NOT: tfs.parallel_part
func.func @par_split_rest(%x: tensor<1x18x18x32xf32>, %w: tensor<3x3x32x64xf32>) -> tensor<1x16x16x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x16x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x64xf32>) -> tensor<1x16x16x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x18x18x32xf32>, tensor<3x3x32x64xf32>) outs(%f : tensor<1x16x16x64xf32>) -> tensor<1x16x16x64xf32>
  return %c : tensor<1x16x16x64xf32>
}

// -----

// A 1.8 MFLOP convolution (the small CNN's first, 3 -> 32 channels on 32 x
// 32) is spread over threads on AVX2 (from 1 MFLOP); with 512-bit vectors
// it stays on one thread (from 4 MFLOP).
// RUN: tfs-opt %s --tfs-tile-conv-matmul="vector-bits=512 parallel=true" --split-input-file | FileCheck %s --check-prefix=PAR512
// CHECK-LABEL: func.func @par_small_conv
// PAR-LABEL: func.func @par_small_conv
// PAR: scf.forall
// PAR512-LABEL: func.func @par_small_conv
// PAR512-NOT: scf.forall
// PAR512: return
func.func @par_small_conv(%x: tensor<1x34x34x3xf32>, %w: tensor<3x3x3x32xf32>) -> tensor<1x32x32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x32x32x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x34x34x3xf32>, tensor<3x3x3x32xf32>) outs(%f : tensor<1x32x32x32xf32>) -> tensor<1x32x32x32xf32>
  return %c : tensor<1x32x32x32xf32>
}
