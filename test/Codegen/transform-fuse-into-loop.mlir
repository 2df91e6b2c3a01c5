// RUN: tfs-opt %s --transform-interpreter --split-input-file --verify-diagnostics | FileCheck %s

// transform.tfs.fuse_into_loop: an elementwise producer read through a
// slice is computed per tile inside the scf.forall, and the tile of the
// fill that initializes the forall's shared_outs writes the block
// argument's slice; the loop then starts from the fill's own init. Once
// canonicalized, neither op is left outside the loop.
// CHECK-LABEL: func.func @into_forall
// CHECK-SAME: (%[[X:.*]]: tensor<64x32xf32>, %[[OUT:.*]]: tensor<64x32xf32>)
// CHECK-NOT: linalg.exp
// CHECK-NOT: linalg.fill
// CHECK: scf.forall (%{{.*}}) in (4) shared_outs(%[[ARG:.*]] = %[[OUT]])
// CHECK-DAG: %[[XT:.*]] = tensor.extract_slice %[[X]][%{{.*}}, 0] [16, 32]
// CHECK-DAG: %[[EXP:.*]] = linalg.exp ins(%[[XT]] : tensor<16x32xf32>)
// CHECK-DAG: %[[OUTT:.*]] = tensor.extract_slice %[[ARG]][%{{.*}}, 0] [16, 32]
// CHECK-DAG: %[[ZERO:.*]] = linalg.fill {{.*}} outs(%[[OUTT]] : tensor<16x32xf32>)
// CHECK: linalg.add ins(%[[EXP]], %[[XT]] : tensor<16x32xf32>, tensor<16x32xf32>) outs(%[[ZERO]]
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.exp
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @into_forall(%x: tensor<64x32xf32>, %out: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x32xf32>
  %exp = linalg.exp ins(%x : tensor<64x32xf32>) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
  %zero = linalg.fill ins(%cst : f32) outs(%out : tensor<64x32xf32>) -> tensor<64x32xf32>
  %sum = linalg.add ins(%exp, %x : tensor<64x32xf32>, tensor<64x32xf32>) outs(%zero : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %sum : tensor<64x32xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %add = transform.structured.match ops{["linalg.add"]} in %root : (!transform.any_op) -> !transform.any_op
    %exp = transform.structured.match ops{["linalg.exp"]} in %root : (!transform.any_op) -> !transform.any_op
    %fill = transform.structured.match ops{["linalg.fill"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %forall = transform.structured.tile_using_forall %add tile_sizes [16]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %both = transform.merge_handles %exp, %fill : !transform.any_op
    %fused, %loop = transform.tfs.fuse_into_loop %both into %forall
        : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %func {
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    transform.apply_cse to %func : !transform.any_op
    transform.yield
  }
}

// -----

// Into an scf.for that starts from the producer's own init: the fill's
// tile writes a slice of the loop's iteration argument, not of the
// buffer the loop started from.
// CHECK-LABEL: func.func @into_for
// CHECK-SAME: (%[[X:.*]]: tensor<64x32xf32>, %[[OUT:.*]]: tensor<64x32xf32>)
// CHECK: scf.for {{.*}} iter_args(%[[ITER:.*]] = %[[OUT]])
// CHECK: %[[T:.*]] = tensor.extract_slice %[[ITER]]
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} outs(%[[T]] : tensor<8x32xf32>)
// CHECK: linalg.add ins(%[[ZERO]], %{{.*}} : tensor<8x32xf32>, tensor<8x32xf32>)
func.func @into_for(%x: tensor<64x32xf32>, %out: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %cst = arith.constant 0.0 : f32
  %zero = linalg.fill ins(%cst : f32) outs(%out : tensor<64x32xf32>) -> tensor<64x32xf32>
  %r = linalg.add ins(%zero, %x : tensor<64x32xf32>, tensor<64x32xf32>) outs(%out : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %add = transform.structured.match ops{["linalg.add"]} in %root : (!transform.any_op) -> !transform.any_op
    %fill = transform.structured.match ops{["linalg.fill"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loop = transform.structured.tile_using_for %add tile_sizes [8]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %fused, %l = transform.tfs.fuse_into_loop %fill into %loop
        : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A producer already inside the loop (fused into the outer loop, it lands
// where the inner loop reads its slice) is cloned right before its reader.
// CHECK-LABEL: func.func @already_inside
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: scf.for
// CHECK: linalg.exp {{.*}} -> tensor<8x16xf32>
// CHECK: %[[EXP:.*]] = linalg.exp {{.*}} -> tensor<8x16xf32>
// CHECK-NEXT: linalg.negf ins(%[[EXP]]
func.func @already_inside(%x: tensor<64x32xf32>, %out: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %e = tensor.empty() : tensor<64x32xf32>
  %exp = linalg.exp ins(%x : tensor<64x32xf32>) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
  %neg = linalg.negf ins(%exp : tensor<64x32xf32>) outs(%out : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %neg : tensor<64x32xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %neg = transform.structured.match ops{["linalg.negf"]} in %root : (!transform.any_op) -> !transform.any_op
    %exp = transform.structured.match ops{["linalg.exp"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %loops:2 = transform.structured.tile_using_for %neg tile_sizes [8, 16]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %exp1, %o = transform.tfs.fuse_into_loop %exp into %loops#0
        : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    %exp2, %i = transform.tfs.fuse_into_loop %exp1 into %loops#1
        : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A producer that the loop does not read is an error that names it.
func.func @not_read(%x: tensor<64x32xf32>, %out: tensor<64x32xf32>) -> (tensor<64x32xf32>, tensor<64x32xf32>) {
  %e = tensor.empty() : tensor<64x32xf32>
  // expected-note @below {{loop}}
  %neg = linalg.negf ins(%x : tensor<64x32xf32>) outs(%out : tensor<64x32xf32>) -> tensor<64x32xf32>
  %exp = linalg.exp ins(%x : tensor<64x32xf32>) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %neg, %exp : tensor<64x32xf32>, tensor<64x32xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %neg = transform.structured.match ops{["linalg.negf"]} in %root : (!transform.any_op) -> !transform.any_op
    %exp = transform.structured.match ops{["linalg.exp"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %loop = transform.structured.tile_using_for %neg tile_sizes [8]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    // expected-error @below {{the loop reads none of the 1 producers left}}
    %f, %l = transform.tfs.fuse_into_loop %exp into %loop
        : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
