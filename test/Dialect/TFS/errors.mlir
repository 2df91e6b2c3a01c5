// One case per verifier rule of the tfs dialect.
// RUN: tfs-opt %s -split-input-file -verify-diagnostics

// A constant initial value must have the variable's exact type.
// expected-error @+1 {{'tfs.variable' op initial value of type 'tensor<2xf32>' does not match the variable type 'tensor<3xf32>'}}
tfs.variable @v : tensor<3xf32> = dense<1.0> : tensor<2xf32>

// -----

// Random initializers need a floating-point variable.
// expected-error @+1 {{'tfs.variable' op initializer #tfs.random_normal needs a floating-point variable, got 'tensor<3xi32>'}}
tfs.variable @v : tensor<3xi32> = #tfs.random_normal

// -----

// glorot_uniform is float-only too.
// expected-error @+1 {{'tfs.variable' op initializer #tfs.glorot_uniform needs a floating-point variable, got 'tensor<2x2xi1>'}}
tfs.variable @v : tensor<2x2xi1> = #tfs.glorot_uniform

// -----

// Integer random_uniform needs integral bounds.
// expected-error @+1 {{'tfs.variable' op initializer #tfs.random_uniform for 'tensor<3xi64>' needs integral minval and maxval}}
tfs.variable @v : tensor<3xi64> = #tfs.random_uniform<minval = 0.5, maxval = 4.0>

// -----

// random_uniform needs minval < maxval.
// expected-error @+1 {{random_uniform needs finite minval < maxval, got [2.000000e+00, 1.000000e+00)}}
tfs.variable @v : tensor<3xf32> = #tfs.random_uniform<minval = 2.0, maxval = 1.0>

// -----

// Normal initializers need stddev >= 0.
// expected-error @+1 {{random_normal needs a finite mean and a finite stddev >= 0, got mean 0.000000e+00, stddev -1.000000e+00}}
tfs.variable @v : tensor<3xf32> = #tfs.random_normal<stddev = -1.0>

// -----

// expected-error @+1 {{truncated_normal needs a finite mean and a finite stddev >= 0}}
tfs.variable @v : tensor<3xf32> = #tfs.truncated_normal<stddev = -0.5>

// -----

// The initializer must be a value or a tfs initializer attribute.
// expected-error @+1 {{'tfs.variable' op attribute 'initializer' failed to satisfy constraint}}
tfs.variable @v : tensor<3xf32> = "zeros"

// -----

// Variables live at module level.
func.func @f() {
  // expected-error @+1 {{'tfs.variable' op expects parent op 'builtin.module'}}
  tfs.variable @v : tensor<3xf32> = #tfs.zeros
  return
}

// -----

// Variables have static shapes.
// expected-error @+1 {{'tfs.variable' op attribute 'type' failed to satisfy constraint}}
tfs.variable @v : tensor<*xf32> = #tfs.zeros

// -----

// A read names an existing variable.
func.func @f() -> tensor<3xf32> {
  // expected-error @+1 {{'tfs.read_variable' op refers to unknown variable @missing}}
  %0 = tfs.read_variable @missing : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// A read has the variable's type.
tfs.variable @v : tensor<3xf32> = #tfs.zeros
func.func @f() -> tensor<4xf32> {
  // expected-error @+1 {{'tfs.read_variable' op type 'tensor<4xf32>' does not match the type 'tensor<3xf32>' of variable @v}}
  %0 = tfs.read_variable @v : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// An assign names an existing variable.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'tfs.assign_variable' op refers to unknown variable @missing}}
  %0 = tfs.assign_variable @missing, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// An assign's value has the variable's type.
tfs.variable @v : tensor<3xf32> = #tfs.zeros
func.func @f(%x: tensor<3xf64>) -> tensor<3xf64> {
  // expected-error @+1 {{'tfs.assign_add' op type 'tensor<3xf64>' does not match the type 'tensor<3xf32>' of variable @v}}
  %0 = tfs.assign_add @v, %x : tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

tfs.variable @v : tensor<3xf32> = #tfs.zeros
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'tfs.assign_sub' op type 'tensor<2xf32>' does not match the type 'tensor<3xf32>' of variable @v}}
  %0 = tfs.assign_sub @v, %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// An assign yields a value of the assigned type.
tfs.variable @v : tensor<3xf32> = #tfs.zeros
func.func @f(%x: tensor<3xf32>) {
  // expected-error @+1 {{'tfs.assign_variable' op failed to verify that all of {value, result} have same type}}
  %0 = "tfs.assign_variable"(%x) <{variable = @v}> : (tensor<3xf32>) -> tensor<2xf32>
  return
}

// -----

// A constant's result has its value's type.
func.func @f() {
  // expected-error @+1 {{'tfs.constant' op failed to verify that all of {value, output} have same type}}
  %0 = "tfs.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

// Cast keeps the shape.
func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfs.cast' op changes the shape from 'tensor<4xf32>' to 'tensor<2x2xi32>'; cast keeps the shape}}
  %0 = tfs.cast %x : tensor<4xf32> to tensor<2x2xi32>
  return
}

// -----

// Transcendental ops take floating-point tensors.
func.func @f(%x: tensor<4xi32>) {
  // expected-error @+1 {{'tfs.exp' op operand #0 must be ranked tensor of TF floating-point element type values}}
  %0 = tfs.exp %x : tensor<4xi32>
  return
}

// -----

// Element types are TF's: no index, no complex.
func.func @f(%x: tensor<4xindex>) {
  // expected-error @+1 {{'tfs.identity' op operand #0 must be ranked tensor of TF element type values}}
  %0 = tfs.identity %x : tensor<4xindex>
  return
}

// -----

// Unknown dimensions are rejected with their own message.
func.func @f(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'tfs.relu' op operand #0 of type 'tensor<?x4xf32>' has an unknown dimension (dimension 0); tfsc supports static shapes only for now}}
  %0 = tfs.relu %x : tensor<?x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x?xf32>, %y: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.add' op operand #0 of type 'tensor<2x?xf32>' has an unknown dimension (dimension 1)}}
  %0 = tfs.add %x, %y : (tensor<2x?xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Binary operands share an element type.
func.func @f(%x: tensor<2x3xf32>, %y: tensor<3xf64>) {
  // expected-error @+1 {{'tfs.mul' op expects operands of the same element type, got 'f32' and 'f64'}}
  %0 = tfs.mul %x, %y : (tensor<2x3xf32>, tensor<3xf64>) -> tensor<2x3xf32>
  return
}

// -----

// Binary operands broadcast like numpy.
func.func @f(%x: tensor<2x3xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{'tfs.add' op operands are not broadcast-compatible: [2, 3] vs. [4] (dimension 1: 3 and 4)}}
  %0 = tfs.add %x, %y : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

// The result type is the broadcast shape.
func.func @f(%x: tensor<2x1xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{'tfs.sub' op result #0 has type 'tensor<2x1xf32>' but the op computes 'tensor<2x4xf32>'}}
  %0 = tfs.sub %x, %y : (tensor<2x1xf32>, tensor<4xf32>) -> tensor<2x1xf32>
  return
}

// -----

// MatMul takes matrices.
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'tfs.matmul' op expects rank-2 operands, got 'tensor<2x3x4xf32>' and 'tensor<4x5xf32>'}}
  %0 = tfs.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @f(%a: tensor<3x4xf32>, %b: tensor<4x5xi1>) {
  // expected-error @+1 {{'tfs.matmul' op operand #1 must be ranked tensor of TF numeric element type values}}
  %0 = tfs.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xi1>) -> tensor<3x5xf32>
  return
}

// -----

func.func @f(%a: tensor<3x4xf32>, %b: tensor<4x5xi32>) {
  // expected-error @+1 {{'tfs.matmul' op expects operands of the same element type, got 'f32' and 'i32'}}
  %0 = tfs.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xi32>) -> tensor<3x5xf32>
  return
}

// -----

// MatMul's contraction dimensions agree after transposition.
func.func @f(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'tfs.matmul' op contraction dimensions differ: a is 3x4, b^T is 5x4}}
  %0 = tfs.matmul %a, %b {transpose_b = true} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x4xf32>
  return
}

// -----

// BatchMatMul takes rank >= 2.
func.func @f(%a: tensor<4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'tfs.batch_matmul' op expects operands of rank at least 2, got 'tensor<4xf32>' and 'tensor<4x5xf32>'}}
  %0 = tfs.batch_matmul %a, %b : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<2x3x5xf32>) {
  // expected-error @+1 {{'tfs.batch_matmul' op contraction dimensions differ: x has 4, y has 3}}
  %0 = tfs.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+1 {{'tfs.batch_matmul' op batch dimensions are not broadcast-compatible: [2] vs. [3] (dimension 0: 2 and 3)}}
  %0 = tfs.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

// Conv2D input is NHWC.
func.func @f(%x: tensor<64x64x32xf32>, %w: tensor<5x5x32x32xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op expects input of rank 4 (NHWC), got 'tensor<64x64x32xf32>'}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<64x64x32xf32>, tensor<5x5x32x32xf32>) -> tensor<1x64x64x32xf32>
  return
}

// -----

// Conv2D filter is HWIO.
func.func @f(%x: tensor<1x64x64x32xf32>, %w: tensor<5x32x32xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op expects filter of rank 4 (HWIO), got 'tensor<5x32x32xf32>'}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x64x64x32xf32>, tensor<5x32x32xf32>) -> tensor<1x64x64x32xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf64>) {
  // expected-error @+1 {{'tfs.conv2d' op expects input and filter of the same element type, got 'f32' and 'f64'}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf64>) -> tensor<1x8x8x4xf32>
  return
}

// -----

// Padding is SAME or VALID.
func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op expects padding "SAME" or "VALID", got "same"}}
  %0 = tfs.conv2d %x, %w {padding = "same", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

// Strides have 4 entries.
func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op expects strides with 4 entries (NHWC), got 2}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

// Strides are positive.
func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op expects positive strides, got [1, 0, 1, 1]}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 0, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

// No striding over batch or channels (TF does not support it either).
func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op does not support strides in the batch and depth dimensions: [2, 1, 1, 1] (entries 0 and 3 must be 1)}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 2, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op does not support dilations in the batch and depth dimensions: [1, 2, 2, 2] (entries 0 and 3 must be 1)}}
  %0 = tfs.conv2d %x, %w {dilations = array<i64: 1, 2, 2, 2>, padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

// The filter's input channels match the input's channels.
func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x4x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op filter input-channel dimension (2) is 4 but the input has 3 channels}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x4x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

// VALID padding cannot produce a negative size (TF's message).
func.func @f(%x: tensor<1x3x3x3xf32>, %w: tensor<5x5x3x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op computed output size would be negative: -1 [input_size: 3, effective_filter_size: 5, stride: 1]}}
  %0 = tfs.conv2d %x, %w {padding = "VALID", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x3x3x3xf32>, tensor<5x5x3x4xf32>) -> tensor<1x1x1x4xf32>
  return
}

// -----

// The result type is the inferred NHWC shape.
func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d' op result #0 has type 'tensor<1x8x8x4xf32>' but the op computes 'tensor<1x4x4x4xf32>'}}
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

// Depthwise conv needs equal row and column strides.
func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x2xf32>) {
  // expected-error @+1 {{'tfs.depthwise_conv2d' op expects equal row and column strides, got [1, 1, 2, 1]}}
  %0 = tfs.depthwise_conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 2, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>) -> tensor<1x8x4x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x4x2xf32>) {
  // expected-error @+1 {{'tfs.depthwise_conv2d' op filter channel dimension (2) is 4 but the input has 3 channels}}
  %0 = tfs.depthwise_conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x4x2xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

// BiasAdd: value rank >= 2.
func.func @f(%x: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'tfs.bias_add' op expects value of rank at least 2, got rank 1}}
  %0 = tfs.bias_add %x, %b : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

// BiasAdd: bias rank 1.
func.func @f(%x: tensor<2x4xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{'tfs.bias_add' op expects bias of rank 1, got rank 2}}
  %0 = tfs.bias_add %x, %b : tensor<2x4xf32>, tensor<1x4xf32>
  return
}

// -----

// BiasAdd: bias size is the channel count.
func.func @f(%x: tensor<2x4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'tfs.bias_add' op bias has 3 elements but the last dimension of value has 4}}
  %0 = tfs.bias_add %x, %b : tensor<2x4xf32>, tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4xf32>, %b: tensor<4xf64>) {
  // expected-error @+1 {{'tfs.bias_add' op failed to verify that all of {value, bias} have same element type}}
  %0 = tfs.bias_add %x, %b : tensor<2x4xf32>, tensor<4xf64>
  return
}

// -----

// Pooling input is NHWC.
func.func @f(%x: tensor<8x8x3xf32>) {
  // expected-error @+1 {{'tfs.max_pool' op expects input of rank 4 (NHWC), got 'tensor<8x8x3xf32>'}}
  %0 = tfs.max_pool %x {ksize = array<i64: 1, 2, 2, 1>, padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<8x8x3xf32>) -> tensor<1x4x4x3xf32>
  return
}

// -----

// No pooling over channels.
func.func @f(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'tfs.avg_pool' op does not support ksize in the batch and depth dimensions: [1, 2, 2, 3] (entries 0 and 3 must be 1)}}
  %0 = tfs.avg_pool %x {ksize = array<i64: 1, 2, 2, 3>, padding = "VALID", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x1xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'tfs.max_pool' op expects padding "SAME" or "VALID", got "FULL"}}
  %0 = tfs.max_pool %x {ksize = array<i64: 1, 2, 2, 1>, padding = "FULL", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<1x2x2x3xf32>) {
  // expected-error @+1 {{'tfs.max_pool' op computed output size would be negative: -1 [input_size: 2, effective_filter_size: 4, stride: 1]}}
  %0 = tfs.max_pool %x {ksize = array<i64: 1, 4, 4, 1>, padding = "VALID", strides = array<i64: 1, 1, 1, 1>} : (tensor<1x2x2x3xf32>) -> tensor<1x1x1x3xf32>
  return
}

// -----

// Softmax needs a dimension to normalize over.
func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'tfs.softmax' op expects logits of rank at least 1, got a scalar}}
  %0 = tfs.softmax %x : tensor<f32>
  return
}

// -----

// Reduction axes are in range.
func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.reduce_sum' op axis 2 is out of range for rank 2 (expected in [-2, 2))}}
  %0 = tfs.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

// Reduction axes are unique (TF: "Axes contains duplicate dimension").
func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.reduce_max' op axes contain duplicate dimension 1}}
  %0 = tfs.reduce_max %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

// arg_max / arg_min: the axis in range, the result the input without it,
// a non-empty axis, indices as i32 or i64.
func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.arg_max' op expects axis in [-2, 2), got 2}}
  %0 = tfs.arg_max %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.arg_min' op expects result shape [2], got 'tensor<3xi64>'}}
  %0 = tfs.arg_min %x {axis = -1 : i64} : (tensor<2x3xf32>) -> tensor<3xi64>
  return
}

// -----

func.func @f(%x: tensor<2x0xf32>) {
  // expected-error @+1 {{'tfs.arg_max' op expects a non-empty reduction axis}}
  %0 = tfs.arg_max %x {axis = 1 : i64} : (tensor<2x0xf32>) -> tensor<2xi64>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.arg_max' op result #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = tfs.arg_max %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

// Reshape keeps the element count.
func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.reshape' op cannot reshape 'tensor<2x3xf32>' (6 elements) to 'tensor<4xf32>' (4 elements)}}
  %0 = tfs.reshape %x : tensor<2x3xf32> to tensor<4xf32>
  return
}

// -----

// Reshape keeps the element type.
func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.reshape' op failed to verify that all of {input, output} have same element type}}
  %0 = tfs.reshape %x : tensor<2x3xf32> to tensor<6xi32>
  return
}

// -----

// Transpose: one perm entry per dimension.
func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.transpose' op perm has 3 entries but the input has rank 2}}
  %0 = tfs.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Transpose: perm is a permutation.
func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.transpose' op perm [1, 1] is not a permutation of [0, 2)}}
  %0 = tfs.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

// Concat needs an input.
func.func @f() {
  // expected-error @+1 {{'tfs.concat' op expects at least one input}}
  %0 = tfs.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'tfs.concat' op cannot concatenate scalars}}
  %0 = tfs.concat %x, %x {axis = 0 : i64} : (tensor<f32>, tensor<f32>) -> tensor<2xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfs.concat' op axis -3 is out of range for rank 2 (expected in [-2, 2))}}
  %0 = tfs.concat %x, %x {axis = -3 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<2x3xi32>) {
  // expected-error @+1 {{'tfs.concat' op input #1 has element type 'i32' but input #0 has 'f32'}}
  %0 = tfs.concat %x, %y {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<6xf32>) {
  // expected-error @+1 {{'tfs.concat' op input #1 has rank 1 but input #0 has rank 2}}
  %0 = tfs.concat %x, %y {axis = 0 : i64} : (tensor<2x3xf32>, tensor<6xf32>) -> tensor<4x3xf32>
  return
}

// -----

// Concat inputs agree off the axis.
func.func @f(%x: tensor<2x3xf32>, %y: tensor<2x4xf32>) {
  // expected-error @+1 {{'tfs.concat' op input #1 has shape [2, 4] but input #0 has [2, 3]; they must agree except in dimension 0}}
  %0 = tfs.concat %x, %y {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'tfs.split' op cannot split a scalar}}
  %0 = tfs.split %x {axis = 0 : i64, size_splits = array<i64: 1>} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.split' op axis 2 is out of range for rank 2 (expected in [-2, 2))}}
  %0:2 = tfs.split %x {axis = 2 : i64, size_splits = array<i64: 3, 3>} : (tensor<4x6xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>)
  return
}

// -----

func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.split' op expects at least one entry in size_splits}}
  tfs.split %x {axis = 1 : i64, size_splits = array<i64>} : (tensor<4x6xf32>) -> ()
  return
}

// -----

func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.split' op expects non-negative size_splits, got [7, -1]}}
  %0:2 = tfs.split %x {axis = 1 : i64, size_splits = array<i64: 7, -1>} : (tensor<4x6xf32>) -> (tensor<4x7xf32>, tensor<4x0xf32>)
  return
}

// -----

// Split sizes add up to the dimension.
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.split' op size_splits [2, 3] add up to 5 but dimension 1 has size 6}}
  %0:2 = tfs.split %x {axis = 1 : i64, size_splits = array<i64: 2, 3>} : (tensor<4x6xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>)
  return
}

// -----

// Slice: one begin and size entry per dimension.
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.slice' op expects begin and size with 2 entries (the input rank), got 1 and 2}}
  %0 = tfs.slice %x {begin = array<i64: 0>, size = array<i64: 1, 1>} : (tensor<4x6xf32>) -> tensor<1x1xf32>
  return
}

// -----

// Slice stays in bounds.
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.slice' op slice of begin 5 and size 2 is out of bounds for dimension 1 of size 6}}
  %0 = tfs.slice %x {begin = array<i64: 0, 5>, size = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<1x2xf32>
  return
}

// -----

// Strided slice: one begin, size and stride per dimension.
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.strided_slice' op expects begin, size and strides with 2 entries (the input rank), got 2, 2 and 1}}
  %0 = tfs.strided_slice %x {begin = array<i64: 0, 0>, size = array<i64: 1, 1>, strides = array<i64: 1>} : (tensor<4x6xf32>) -> tensor<1x1xf32>
  return
}

// -----

// Strided slice: no zero stride.
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.strided_slice' op stride 1 is zero}}
  %0 = tfs.strided_slice %x {begin = array<i64: 0, 0>, size = array<i64: 1, 1>, strides = array<i64: 1, 0>} : (tensor<4x6xf32>) -> tensor<1x1xf32>
  return
}

// -----

// Strided slice: every element taken in bounds (dimension 0: 3 and 1;
// dimension 1: 5, 7 and 9).
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.strided_slice' op elements 5 to 9 by 2 are out of bounds for dimension 1 of size 6}}
  %0 = tfs.strided_slice %x {begin = array<i64: 3, 5>, size = array<i64: 2, 3>, strides = array<i64: -2, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Pad modes are TF's.
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.pad' op expects mode "CONSTANT", "REFLECT" or "SYMMETRIC", got "EDGE"}}
  %0 = tfs.pad %x {mode = "EDGE", paddings = dense<1> : tensor<2x2xi64>} : (tensor<4x6xf32>) -> tensor<6x8xf32>
  return
}

// -----

// Paddings are [rank, 2].
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.pad' op expects paddings of shape [2, 2], got [3, 2]}}
  %0 = tfs.pad %x {paddings = dense<1> : tensor<3x2xi64>} : (tensor<4x6xf32>) -> tensor<6x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.pad' op paddings must be non-negative, got [0, -1] for dimension 1}}
  %0 = tfs.pad %x {paddings = dense<[[0, 0], [0, -1]]> : tensor<2x2xi64>} : (tensor<4x6xf32>) -> tensor<4x5xf32>
  return
}

// -----

// REFLECT pads at most dim - 1.
func.func @f(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfs.pad' op REFLECT paddings must be at most 3 for dimension 0 of size 4, got [4, 0]}}
  %0 = tfs.pad %x {mode = "REFLECT", paddings = dense<[[4, 0], [0, 0]]> : tensor<2x2xi64>} : (tensor<4x6xf32>) -> tensor<8x6xf32>
  return
}

// -----

func.func @f(%x: tensor<3x5xf32>, %i: tensor<4xi32>) {
  // expected-error @+1 {{'tfs.gather' op expects axis in [0, 2), got 2}}
  %0 = tfs.gather %x, %i {axis = 2 : i64, batch_dims = 0 : i64} : (tensor<3x5xf32>, tensor<4xi32>) -> tensor<3x5x4xf32>
  return
}

// -----

func.func @f(%x: tensor<3x5xf32>, %i: tensor<3x4xi32>) {
  // expected-error @+1 {{'tfs.gather' op expects batch_dims in [0, min(axis, rank of indices)] = [0, 0], got 1}}
  %0 = tfs.gather %x, %i {axis = 0 : i64, batch_dims = 1 : i64} : (tensor<3x5xf32>, tensor<3x4xi32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<3x5xf32>, %i: tensor<2x4xi32>) {
  // expected-error @+1 {{'tfs.gather' op batch dimension 0 of params ([3, 5]) and indices ([2, 4]) differ}}
  %0 = tfs.gather %x, %i {axis = 1 : i64, batch_dims = 1 : i64} : (tensor<3x5xf32>, tensor<2x4xi32>) -> tensor<3x4xf32>
  return
}

// -----

// The result is params[:axis] + indices[batch_dims:] + params[axis + 1:].
func.func @f(%x: tensor<3x5xf32>, %i: tensor<4xi32>) {
  // expected-error @+1 {{'tfs.gather' op result #0 has type 'tensor<4x3xf32>' but the op computes 'tensor<3x4xf32>'}}
  %0 = tfs.gather %x, %i {axis = 1 : i64, batch_dims = 0 : i64} : (tensor<3x5xf32>, tensor<4xi32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<3x5xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{'tfs.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = tfs.gather %x, %i {axis = 1 : i64, batch_dims = 0 : i64} : (tensor<3x5xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %n: tensor<4x8xi32>) {
  // expected-error @+1 {{'tfs.less' op expects operands of the same element type, got 'f32' and 'i32'}}
  %0 = tfs.less %x, %n : (tensor<4x8xf32>, tensor<4x8xi32>) -> tensor<4x8xi1>
  return
}

// -----

func.func @f(%c: tensor<3xi1>, %x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tfs.select' op the condition and the values are not broadcast-compatible: [3] vs. [4, 8] (dimension 1: 3 and 8)}}
  %0 = tfs.select %c, %x, %x : (tensor<3xi1>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// A transposed convolution's result must convolve back to its input.
func.func @f(%x: tensor<1x4x4x8xf32>, %w: tensor<3x3x5x8xf32>) {
  // expected-error @+1 {{'tfs.conv2d_transpose' op a convolution of the result's [1, 9, 8, 5] would give 5 in dimension 1, not the input's 4}}
  %0 = tfs.conv2d_transpose %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x5x8xf32>) -> tensor<1x9x8x5xf32>
  return
}

// -----

func.func @f(%x: tensor<1x4x4x8xf32>, %w: tensor<3x3x5x4xf32>) {
  // expected-error @+1 {{'tfs.conv2d_transpose' op expects the filter's last dimension (4) to be the input's channels (8)}}
  %0 = tfs.conv2d_transpose %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x5x4xf32>) -> tensor<1x8x8x5xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'tfs.random' op expects kind "uniform", "normal" or "truncated_normal", got "gamma"}}
  %0 = tfs.random {kind = "gamma", seed = 1 : i64, seed2 = 2 : i64} : tensor<4xf32>
  return
}
