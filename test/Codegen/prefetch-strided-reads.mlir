// RUN: tfs-opt %s --pass-pipeline='builtin.module(func.func(tfs-prefetch-strided-reads))' --split-input-file | FileCheck %s

// A matmul's k loop reading a 32-float row of a 1 MiB B (512 x 512, rows
// 2 KiB apart): two prefetches (one per 64-byte line) of the row 16
// iterations ahead (the default distance), clamped to the last iteration
// (511), next to the read. The row of A (4 bytes apart per iteration) gets
// none.
// CHECK-LABEL: func.func @matmul_k_loop
// CHECK: %[[DISTANCE:.*]] = arith.constant 16 : index
// CHECK: %[[LAST:.*]] = arith.constant 511 : index
// CHECK: %[[C16:.*]] = arith.constant 16 : index
// CHECK: scf.for %[[K:.*]] = %c0 to %c512 step %c1
// CHECK: %[[NEXT:.*]] = arith.addi %[[K]], %[[DISTANCE]] : index
// CHECK: %[[AHEAD:.*]] = arith.minsi %[[NEXT]], %[[LAST]] : index
// CHECK: vector.transfer_read %arg0
// CHECK: %[[ROW:.*]] = affine.apply #{{.*}}()[%arg3, %[[AHEAD]]]
// CHECK: memref.prefetch %arg1[%[[ROW]], %arg2], read, locality<3>, data : memref<512x512xf32>
// CHECK: %[[COL:.*]] = arith.addi %arg2, %[[C16]] : index
// CHECK: memref.prefetch %arg1[%[[ROW]], %[[COL]]], read, locality<3>, data : memref<512x512xf32>
// CHECK: vector.transfer_read %arg1
// CHECK-NOT: memref.prefetch
#offset = affine_map<()[s0, s1] -> (s0 + s1)>
func.func @matmul_k_loop(%a: memref<8x512xf32>, %b: memref<512x512xf32>, %j: index, %k0: index, %init: vector<32xf32>) -> vector<32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %pad = ub.poison : f32
  %r = scf.for %k = %c0 to %c512 step %c1 iter_args(%acc = %init) -> (vector<32xf32>) {
    %x = vector.transfer_read %a[%c0, %k], %pad {in_bounds = [true]} : memref<8x512xf32>, vector<1xf32>
    %row = affine.apply #offset()[%k0, %k]
    %y = vector.transfer_read %b[%row, %j], %pad {in_bounds = [true]} : memref<512x512xf32>, vector<32xf32>
    %s = vector.extract %x[0] : f32 from vector<1xf32>
    %v = vector.broadcast %s : f32 to vector<32xf32>
    %f = vector.fma %v, %y, %acc : vector<32xf32>
    scf.yield %f : vector<32xf32>
  }
  return %r : vector<32xf32>
}

// -----

// No prefetch: B of 512 KiB (256 x 512) stays in the cache between calls;
// a 2 MiB view whose rows are contiguous (4 bytes per iteration); a read
// whose column depends on a value computed in the loop; a loop that is not
// innermost; bounds that are not constants.
// CHECK-LABEL: func.func @skipped
// CHECK-NOT: memref.prefetch
func.func @skipped(%small: memref<256x512xf32>, %big: memref<1024x512xf32>, %j: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %pad = ub.poison : f32
  scf.for %k = %c0 to %c256 step %c1 {
    %y = vector.transfer_read %small[%k, %j], %pad {in_bounds = [true]} : memref<256x512xf32>, vector<32xf32>
    %z = vector.transfer_read %big[%j, %k], %pad {in_bounds = [true]} : memref<1024x512xf32>, vector<32xf32>
    %m = arith.muli %k, %k : index
    %w = vector.transfer_read %big[%m, %j], %pad {in_bounds = [true]} : memref<1024x512xf32>, vector<32xf32>
  }
  scf.for %k = %c0 to %c256 step %c1 {
    %u = vector.transfer_read %big[%k, %j], %pad {in_bounds = [true]} : memref<1024x512xf32>, vector<32xf32>
    scf.for %i = %c0 to %c256 step %c1 {
      %s = arith.addi %i, %k : index
    }
  }
  scf.for %k = %c0 to %n step %c1 {
    %y = vector.transfer_read %big[%k, %j], %pad {in_bounds = [true]} : memref<1024x512xf32>, vector<32xf32>
  }
  return
}

// -----

// The same k loop carrying a register tile of 14 x 32 floats: 28 of the 32
// AVX-512 registers accumulate, more than three quarters of them, so no
// prefetch (LLVM shuffled such accumulators between registers to make room
// for its address). 12 x 32 (24 registers) still gets one.
// CHECK-LABEL: func.func @full_register_tile
// CHECK-NOT: memref.prefetch
// CHECK-LABEL: func.func @three_quarters_register_tile
// CHECK: memref.prefetch
#offset3 = affine_map<()[s0, s1] -> (s0 + s1)>
func.func @full_register_tile(%b: memref<512x512xf32>, %j: index, %k0: index, %init: vector<14x32xf32>) -> vector<14x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %pad = ub.poison : f32
  %r = scf.for %k = %c0 to %c512 step %c1 iter_args(%acc = %init) -> (vector<14x32xf32>) {
    %row = affine.apply #offset3()[%k0, %k]
    %y = vector.transfer_read %b[%row, %j], %pad {in_bounds = [true]} : memref<512x512xf32>, vector<32xf32>
    %v = vector.broadcast %y : vector<32xf32> to vector<14x32xf32>
    %f = arith.addf %v, %acc : vector<14x32xf32>
    scf.yield %f : vector<14x32xf32>
  }
  return %r : vector<14x32xf32>
}
func.func @three_quarters_register_tile(%b: memref<512x512xf32>, %j: index, %k0: index, %init: vector<12x32xf32>) -> vector<12x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %pad = ub.poison : f32
  %r = scf.for %k = %c0 to %c512 step %c1 iter_args(%acc = %init) -> (vector<12x32xf32>) {
    %row = affine.apply #offset3()[%k0, %k]
    %y = vector.transfer_read %b[%row, %j], %pad {in_bounds = [true]} : memref<512x512xf32>, vector<32xf32>
    %v = vector.broadcast %y : vector<32xf32> to vector<12x32xf32>
    %f = arith.addf %v, %acc : vector<12x32xf32>
    scf.yield %f : vector<12x32xf32>
  }
  return %r : vector<12x32xf32>
}
