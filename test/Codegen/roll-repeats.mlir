// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-roll-repeats))" --split-input-file | FileCheck %s
// RUN: tfs-opt %s --pass-pipeline="builtin.module(func.func(tfs-roll-repeats{min-ops=100}))" --split-input-file | FileCheck %s --check-prefix=FEW

// Six steps of a recurrence: each reads its row of x (a static offset that
// steps by one) and the previous step's h. Two steps per iteration: the
// loop runs twice (steps 0-3), the last two steps stay after it and read
// the loop's h. The offsets become iv * 2 and iv * 2 + 1; the empty tensor
// the steps compute into is made in the body; the second step's h is
// written back into the iteration value.
// CHECK-LABEL: func.func @carried
// With min-ops=100 the run is too small (6 steps of 4 ops, nested ones
// included): nothing rolls.
// FEW-LABEL: func.func @carried
// FEW-NOT: scf.for
// FEW: return
// CHECK: %[[H:.+]] = scf.for %[[I:.+]] = %c0 to %c2 step %c1 iter_args(%[[ARG:.+]] = %arg1) -> (tensor<8xf32>) {
// CHECK: %[[ODD:.+]] = arith.addi
// CHECK: %[[EVEN:.+]] = arith.muli %[[I]], %{{.+}} : index
// CHECK: %[[E:.+]] = tensor.empty() : tensor<8xf32>
// CHECK: %[[X0:.+]] = tensor.extract_slice %arg0[%[[EVEN]], 0] [1, 8] [1, 1]
// CHECK: %[[H0:.+]] = linalg.add ins(%[[ARG]], %[[X0]] : {{.*}}) outs(%[[E]] :
// CHECK: %[[X1:.+]] = tensor.extract_slice %arg0[%[[ODD]], 0] [1, 8] [1, 1]
// CHECK: %[[H1:.+]] = linalg.add ins(%[[H0]], %[[X1]] : {{.*}}) outs(%[[E]] :
// CHECK: %[[BACK:.+]] = tensor.insert_slice %[[H1]] into %[[ARG]][0] [8] [1]
// CHECK: scf.yield %[[BACK]]
// CHECK: } {tfs.rolled}
// CHECK: %[[X4:.+]] = tensor.extract_slice %arg0[4, 0]
// CHECK: %[[H4:.+]] = linalg.add ins(%[[H]], %[[X4]]
// CHECK: %[[X5:.+]] = tensor.extract_slice %arg0[5, 0]
// CHECK: %[[H5:.+]] = linalg.add ins(%[[H4]], %[[X5]]
// CHECK: return %[[H5]]
func.func @carried(%x: tensor<6x8xf32>, %h0: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %x0 = tensor.extract_slice %x[0, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h1 = linalg.add ins(%h0, %x0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h2 = linalg.add ins(%h1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x2 = tensor.extract_slice %x[2, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h3 = linalg.add ins(%h2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x3 = tensor.extract_slice %x[3, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h4 = linalg.add ins(%h3, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x4 = tensor.extract_slice %x[4, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h5 = linalg.add ins(%h4, %x4 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x5 = tensor.extract_slice %x[5, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h6 = linalg.add ins(%h5, %x5 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %h6 : tensor<8xf32>
}

// -----

// Every step's h is read after the run: the loop stacks those of the steps
// it computes (3 x 8), the code after reads slices of the stack. The
// offsets are integer constants 0, 1, 2, 3: the loop's induction variable.
// Two steps per iteration would make two repetitions only: one step each.
// CHECK-LABEL: func.func @stacked
// CHECK: %[[STACK:.+]] = tensor.empty() : tensor<3x8xf32>
// CHECK: %[[R:.+]]:2 = scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[H:.+]] = %arg1, %[[S:.+]] = %[[STACK]])
// CHECK: %[[X:.+]] = tensor.extract_slice %arg0[%[[I]], 0] [1, 8] [1, 1]
// CHECK: %[[M:.+]] = linalg.mul ins(%[[H]], %[[X]]
// CHECK: %[[BACK:.+]] = tensor.insert_slice %[[M]] into %[[H]][0] [8] [1]
// CHECK: %[[PUT:.+]] = tensor.insert_slice %[[M]] into %[[S]][%[[I]], 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<3x8xf32>
// CHECK: scf.yield %[[BACK]], %[[PUT]]
// CHECK: %[[LAST:.+]] = linalg.mul ins(%[[R]]#0,
// CHECK-NOT: scf.for
// CHECK-DAG: %[[H1:.+]] = tensor.extract_slice %[[R]]#1[0, 0] [1, 8] [1, 1] : tensor<3x8xf32> to tensor<8xf32>
// CHECK-DAG: %[[H2:.+]] = tensor.extract_slice %[[R]]#1[1, 0] [1, 8] [1, 1] : tensor<3x8xf32> to tensor<8xf32>
// CHECK-DAG: %[[H3:.+]] = tensor.extract_slice %[[R]]#1[2, 0] [1, 8] [1, 1] : tensor<3x8xf32> to tensor<8xf32>
// CHECK: return %[[H1]], %[[H2]], %[[H3]], %[[LAST]]
func.func @stacked(%x: tensor<4x8xf32>, %h0: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %x0 = tensor.extract_slice %x[%c0, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %h1 = linalg.mul ins(%h0, %x0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x1 = tensor.extract_slice %x[%c1, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %h2 = linalg.mul ins(%h1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x2 = tensor.extract_slice %x[%c2, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %h3 = linalg.mul ins(%h2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x3 = tensor.extract_slice %x[%c3, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %h4 = linalg.mul ins(%h3, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %h1, %h2, %h3, %h4 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// -----

// The fourth step reads the first step's h, not the third's: the run stops
// before it (three steps, two in the loop); the rest stays as it was, the
// first step's h taken from the loop's stack.
// CHECK-LABEL: func.func @broken
// CHECK: %[[R:.+]]:2 = scf.for {{.*}} -> (tensor<8xf32>, tensor<2x8xf32>)
// CHECK: } {tfs.rolled}
// CHECK: %[[X2:.+]] = tensor.extract_slice %arg0[2, 0]
// CHECK: linalg.add ins(%[[R]]#0, %[[X2]]
// CHECK: %[[X3:.+]] = tensor.extract_slice %arg0[3, 0]
// CHECK: %[[H1:.+]] = tensor.extract_slice %[[R]]#1[0, 0]
// CHECK: %[[H4:.+]] = linalg.add ins(%[[H1]], %[[X3]]
// CHECK: linalg.add ins(%[[H4]],
// CHECK-NOT: scf.for
func.func @broken(%x: tensor<5x8xf32>, %h0: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %x0 = tensor.extract_slice %x[0, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
  %h1 = linalg.add ins(%h0, %x0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
  %h2 = linalg.add ins(%h1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x2 = tensor.extract_slice %x[2, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
  %h3 = linalg.add ins(%h2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x3 = tensor.extract_slice %x[3, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
  %h4 = linalg.add ins(%h1, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x4 = tensor.extract_slice %x[4, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
  %h5 = linalg.add ins(%h4, %x4 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %h5 : tensor<8xf32>
}


// -----

// Steps that read unrelated values (four arguments) do not roll.
// CHECK-LABEL: func.func @different_inputs
// CHECK-NOT: scf.for
func.func @different_inputs(%a: tensor<8xf32>, %b: tensor<8xf32>, %c: tensor<8xf32>, %d: tensor<8xf32>, %h0: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %h1 = linalg.add ins(%h0, %a : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %h2 = linalg.add ins(%h1, %b : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %h3 = linalg.add ins(%h2, %c : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %h4 = linalg.add ins(%h3, %d : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %h4 : tensor<8xf32>
}

// -----

// A run of slices alone (period one) does not roll: the loop would copy
// what they view into a stack.
// CHECK-LABEL: func.func @views
// CHECK-NOT: scf.for
func.func @views(%x: tensor<4x8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %x0 = tensor.extract_slice %x[0, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %x2 = tensor.extract_slice %x[2, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %x3 = tensor.extract_slice %x[3, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  return %x0, %x1, %x2, %x3 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// -----

// The first step's product has its operands the other way round (the
// constant initial state, which canonicalization moves to the right): the
// run rolls from the second step (steps 1-4: two iterations of two); the
// first stays before the loop.
// CHECK-LABEL: func.func @first_differs
// CHECK: %[[E0:.+]] = tensor.empty() : tensor<8xf32>
// CHECK: %[[X0:.+]] = tensor.extract_slice %arg0[0, 0]
// CHECK: %[[H1:.+]] = linalg.mul ins(%[[X0]], %arg1 : {{.*}}) outs(%[[E0]] :
// CHECK: scf.for %{{.+}} = %c0 to %c2 step %c1 iter_args(%{{.+}} = %[[H1]]) -> (tensor<8xf32>)
// CHECK: } {tfs.rolled}
// CHECK-COUNT-2: linalg.mul
// CHECK-NOT: linalg.mul
func.func @first_differs(%x: tensor<7x8xf32>, %h0: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %x0 = tensor.extract_slice %x[0, 0] [1, 8] [1, 1] : tensor<7x8xf32> to tensor<8xf32>
  %h1 = linalg.mul ins(%x0, %h0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 8] [1, 1] : tensor<7x8xf32> to tensor<8xf32>
  %h2 = linalg.mul ins(%h1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x2 = tensor.extract_slice %x[2, 0] [1, 8] [1, 1] : tensor<7x8xf32> to tensor<8xf32>
  %h3 = linalg.mul ins(%h2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x3 = tensor.extract_slice %x[3, 0] [1, 8] [1, 1] : tensor<7x8xf32> to tensor<8xf32>
  %h4 = linalg.mul ins(%h3, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x4 = tensor.extract_slice %x[4, 0] [1, 8] [1, 1] : tensor<7x8xf32> to tensor<8xf32>
  %h5 = linalg.mul ins(%h4, %x4 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x5 = tensor.extract_slice %x[5, 0] [1, 8] [1, 1] : tensor<7x8xf32> to tensor<8xf32>
  %h6 = linalg.mul ins(%h5, %x5 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x6 = tensor.extract_slice %x[6, 0] [1, 8] [1, 1] : tensor<7x8xf32> to tensor<8xf32>
  %h7 = linalg.mul ins(%h6, %x6 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %h7 : tensor<8xf32>
}

// -----

// A carried value computed into the previous one (a concatenation's chain
// of insertions) is yielded as it is: written back, bufferization would
// copy the whole tensor in and out on every iteration.
// CHECK-LABEL: func.func @concatenation
// CHECK: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (tensor<4x8xf32>)
// CHECK: %[[Y:.+]] = linalg.add
// CHECK-NEXT: %[[PUT:.+]] = tensor.insert_slice %[[Y]] into %[[ACC]][%[[I]], 0] [1, 8] [1, 1]
// CHECK-NEXT: scf.yield %[[PUT]] : tensor<4x8xf32>
func.func @concatenation(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %acc0 = tensor.empty() : tensor<4x8xf32>
  %x0 = tensor.extract_slice %x[0, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %y0 = linalg.add ins(%x0, %x0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %acc1 = tensor.insert_slice %y0 into %acc0[0, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %y1 = linalg.add ins(%x1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %acc2 = tensor.insert_slice %y1 into %acc1[1, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
  %x2 = tensor.extract_slice %x[2, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %y2 = linalg.add ins(%x2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %acc3 = tensor.insert_slice %y2 into %acc2[2, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
  %x3 = tensor.extract_slice %x[3, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
  %y3 = linalg.add ins(%x3, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %acc4 = tensor.insert_slice %y3 into %acc3[3, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
  return %acc4 : tensor<4x8xf32>
}

// -----

// Fourteen steps whose every h is concatenated after them (a dynamic_rnn's
// outputs). The steps roll (six iterations of two, h of each stacked);
// then the slices of the stacks move next to the insertions that read
// them, which become a run of their own: a second loop, carrying the
// concatenation and yielding its insertions as they are.
// CHECK-LABEL: func.func @outputs
// CHECK: %[[STEPS:.+]]:3 = scf.for {{.*}} -> (tensor<8xf32>, tensor<6x8xf32>, tensor<6x8xf32>)
// CHECK: } {tfs.rolled}
// CHECK: %[[CAT:.+]] = scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (tensor<14x8xf32>)
// CHECK: %[[A:.+]] = tensor.extract_slice %[[STEPS]]#1[%[[I]], 0] [1, 8] [1, 1]
// CHECK-NEXT: %[[PUT_A:.+]] = tensor.insert_slice %[[A]] into %[[ACC]]
// CHECK-NEXT: %[[B:.+]] = tensor.extract_slice %[[STEPS]]#2[%[[I]], 0] [1, 8] [1, 1]
// CHECK-NEXT: %[[PUT_B:.+]] = tensor.insert_slice %[[B]] into %[[PUT_A]]
// CHECK-NEXT: scf.yield %[[PUT_B]] : tensor<14x8xf32>
// CHECK: } {tfs.rolled}
// CHECK: tensor.insert_slice {{.*}} into %[[CAT]][10, 0]
func.func @outputs(%x: tensor<14x8xf32>, %h0: tensor<8xf32>) -> tensor<14x8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %x0 = tensor.extract_slice %x[0, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h1 = linalg.add ins(%h0, %x0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x1 = tensor.extract_slice %x[1, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h2 = linalg.add ins(%h1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x2 = tensor.extract_slice %x[2, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h3 = linalg.add ins(%h2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x3 = tensor.extract_slice %x[3, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h4 = linalg.add ins(%h3, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x4 = tensor.extract_slice %x[4, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h5 = linalg.add ins(%h4, %x4 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x5 = tensor.extract_slice %x[5, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h6 = linalg.add ins(%h5, %x5 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x6 = tensor.extract_slice %x[6, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h7 = linalg.add ins(%h6, %x6 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x7 = tensor.extract_slice %x[7, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h8 = linalg.add ins(%h7, %x7 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x8 = tensor.extract_slice %x[8, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h9 = linalg.add ins(%h8, %x8 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x9 = tensor.extract_slice %x[9, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h10 = linalg.add ins(%h9, %x9 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x10 = tensor.extract_slice %x[10, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h11 = linalg.add ins(%h10, %x10 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x11 = tensor.extract_slice %x[11, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h12 = linalg.add ins(%h11, %x11 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x12 = tensor.extract_slice %x[12, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h13 = linalg.add ins(%h12, %x12 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %x13 = tensor.extract_slice %x[13, 0] [1, 8] [1, 1] : tensor<14x8xf32> to tensor<8xf32>
  %h14 = linalg.add ins(%h13, %x13 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %acc0 = tensor.empty() : tensor<14x8xf32>
  %acc1 = tensor.insert_slice %h1 into %acc0[0, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc2 = tensor.insert_slice %h2 into %acc1[1, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc3 = tensor.insert_slice %h3 into %acc2[2, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc4 = tensor.insert_slice %h4 into %acc3[3, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc5 = tensor.insert_slice %h5 into %acc4[4, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc6 = tensor.insert_slice %h6 into %acc5[5, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc7 = tensor.insert_slice %h7 into %acc6[6, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc8 = tensor.insert_slice %h8 into %acc7[7, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc9 = tensor.insert_slice %h9 into %acc8[8, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc10 = tensor.insert_slice %h10 into %acc9[9, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc11 = tensor.insert_slice %h11 into %acc10[10, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc12 = tensor.insert_slice %h12 into %acc11[11, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc13 = tensor.insert_slice %h13 into %acc12[12, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  %acc14 = tensor.insert_slice %h14 into %acc13[13, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<14x8xf32>
  return %acc14 : tensor<14x8xf32>
}

// -----

// Each step computes into its row of a tensor computed before the run (an
// LSTM's matmul accumulating onto its rows of the batched input
// projection), which nothing but disjoint rows reads: the loop carries the
// tensor, each step takes its row out of the carried value and puts back
// what it computed, so bufferization computes each row in place (from the
// tensor before the loop, which later iterations read, it would copy the
// row first). The steps after the loop read the loop's tensor. Rows of an
// argument (read-only) or only read are not carried (see @carried).
// CHECK-LABEL: func.func @projection
// CHECK: %[[P:.+]] = linalg.add
// CHECK: %[[R:.+]]:2 = scf.for {{.*}} iter_args(%{{.+}} = %arg2, %[[PARG:.+]] = %[[P]]) -> (tensor<8xf32>, tensor<6x8xf32>)
// CHECK: %[[ROW0:.+]] = tensor.extract_slice %[[PARG]][%[[K0:.+]], 0] [1, 8] [1, 1]
// CHECK: %[[H0:.+]] = linalg.generic {{.*}} outs(%[[ROW0]] :
// CHECK: %[[ROW1:.+]] = tensor.extract_slice %[[PARG]][%[[K1:.+]], 0] [1, 8] [1, 1]
// CHECK: %[[H1:.+]] = linalg.generic {{.*}} ins(%[[H0]] : {{.*}} outs(%[[ROW1]] :
// CHECK: %[[PUT0:.+]] = tensor.insert_slice %[[H0]] into %[[PARG]][%[[K0]], 0] [1, 8] [1, 1]
// CHECK: %[[PUT1:.+]] = tensor.insert_slice %[[H1]] into %[[PUT0]][%[[K1]], 0] [1, 8] [1, 1]
// CHECK: scf.yield %{{.+}}, %[[PUT1]]
// CHECK: tensor.extract_slice %[[R]]#1[4, 0] [1, 8] [1, 1]
// CHECK: tensor.extract_slice %[[R]]#1[5, 0] [1, 8] [1, 1]
#id = affine_map<(d0) -> (d0)>
func.func @projection(%a: tensor<6x8xf32>, %b: tensor<6x8xf32>, %h0: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<6x8xf32>
  %p = linalg.add ins(%a, %b : tensor<6x8xf32>, tensor<6x8xf32>) outs(%e : tensor<6x8xf32>) -> tensor<6x8xf32>
  %s0 = tensor.extract_slice %p[0, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%h0 : tensor<8xf32>) outs(%s0 : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sum = arith.addf %in, %acc : f32
    linalg.yield %sum : f32
  } -> tensor<8xf32>
  %s1 = tensor.extract_slice %p[1, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%h1 : tensor<8xf32>) outs(%s1 : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sum = arith.addf %in, %acc : f32
    linalg.yield %sum : f32
  } -> tensor<8xf32>
  %s2 = tensor.extract_slice %p[2, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%h2 : tensor<8xf32>) outs(%s2 : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sum = arith.addf %in, %acc : f32
    linalg.yield %sum : f32
  } -> tensor<8xf32>
  %s3 = tensor.extract_slice %p[3, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h4 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%h3 : tensor<8xf32>) outs(%s3 : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sum = arith.addf %in, %acc : f32
    linalg.yield %sum : f32
  } -> tensor<8xf32>
  %s4 = tensor.extract_slice %p[4, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h5 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%h4 : tensor<8xf32>) outs(%s4 : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sum = arith.addf %in, %acc : f32
    linalg.yield %sum : f32
  } -> tensor<8xf32>
  %s5 = tensor.extract_slice %p[5, 0] [1, 8] [1, 1] : tensor<6x8xf32> to tensor<8xf32>
  %h6 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%h5 : tensor<8xf32>) outs(%s5 : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sum = arith.addf %in, %acc : f32
    linalg.yield %sum : f32
  } -> tensor<8xf32>
  return %h6 : tensor<8xf32>
}

// -----

// A thread's task of a row chain (tfs-fuse-image-chains): its six steps
// read the task's rows of x and the initial state from outside the forall
// (values from before the run), x through slices that tile-and-fuse put at
// the top of the body; the slices move next to their steps, and the steps
// roll inside the task as in a function's block. A forall without the
// mark (a tiled op's threads) is left alone.
// CHECK-LABEL: func.func @task_steps
// CHECK: scf.forall (%[[T:.+]]) in (2)
// CHECK: scf.for %{{.+}} = %c0 to %c2 step %c1 iter_args(%{{.+}} = %{{.+}}) -> (tensor<8xf32>) {
// CHECK: tensor.extract_slice %arg0[%[[T]], %{{.+}}, 0] [1, 1, 8] [1, 1, 1]
// CHECK: linalg.add
// CHECK: linalg.add
// CHECK: } {tfs.rolled}
// CHECK: tensor.parallel_insert_slice
// CHECK: } {tfs.task_loop}
// CHECK-LABEL: func.func @other_forall
// CHECK-NOT: tfs.rolled
// CHECK: return
func.func @task_steps(%x: tensor<2x6x8xf32>, %h0: tensor<8xf32>, %o: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %r = scf.forall (%t) in (2) shared_outs(%acc = %o) -> (tensor<2x8xf32>) {
    %x0 = tensor.extract_slice %x[%t, 0, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x1 = tensor.extract_slice %x[%t, 1, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x2 = tensor.extract_slice %x[%t, 2, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x3 = tensor.extract_slice %x[%t, 3, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x4 = tensor.extract_slice %x[%t, 4, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x5 = tensor.extract_slice %x[%t, 5, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %e = tensor.empty() : tensor<8xf32>
    %h1 = linalg.add ins(%h0, %x0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h2 = linalg.add ins(%h1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h3 = linalg.add ins(%h2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h4 = linalg.add ins(%h3, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h5 = linalg.add ins(%h4, %x4 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h6 = linalg.add ins(%h5, %x5 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %h6 into %acc[%t, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<2x8xf32>
    }
  } {tfs.task_loop}
  return %r : tensor<2x8xf32>
}
func.func @other_forall(%x: tensor<2x6x8xf32>, %h0: tensor<8xf32>, %o: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %r = scf.forall (%t) in (2) shared_outs(%acc = %o) -> (tensor<2x8xf32>) {
    %x0 = tensor.extract_slice %x[%t, 0, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x1 = tensor.extract_slice %x[%t, 1, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x2 = tensor.extract_slice %x[%t, 2, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %x3 = tensor.extract_slice %x[%t, 3, 0] [1, 1, 8] [1, 1, 1] : tensor<2x6x8xf32> to tensor<8xf32>
    %e = tensor.empty() : tensor<8xf32>
    %h1 = linalg.add ins(%h0, %x0 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h2 = linalg.add ins(%h1, %x1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h3 = linalg.add ins(%h2, %x2 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %h4 = linalg.add ins(%h3, %x3 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %h4 into %acc[%t, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<2x8xf32>
    }
  }
  return %r : tensor<2x8xf32>
}
