// y = x * w + b, a model small enough for the ABI error tests.
tfs.variable @"layer/w" : tensor<3xf32> = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
tfs.variable @"layer/b" : tensor<f32> = dense<0.5> : tensor<f32>
func.func @main(%x: tensor<2x3xf32> {tfs.name = "x:0"}) -> (tensor<2x3xf32> {tfs.name = "layer/add:0"}) {
  %w = tfs.read_variable @"layer/w" : tensor<3xf32>
  %b = tfs.read_variable @"layer/b" : tensor<f32>
  %m = tfs.mul %x, %w : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %y = tfs.add %m, %b : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
