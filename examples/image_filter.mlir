// The image filter of the TF1 "Sharing Variables" guide (seed 001) in the
// tfs dialect, written by hand the way `tfsc image_filter.py --emit=tfs`
// imports it: two towers, `result1` and `result2`, read the same four
// variables. Run: build/bin/tfs-opt examples/image_filter.mlir -canonicalize -cse
tfs.variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32> = #tfs.random_normal
tfs.variable @"image_filters/conv1/biases" : tensor<32xf32> = dense<0.0> : tensor<32xf32>
tfs.variable @"image_filters/conv2/weights" : tensor<5x5x32x32xf32> = #tfs.random_normal
tfs.variable @"image_filters/conv2/biases" : tensor<32xf32> = dense<0.0> : tensor<32xf32>

func.func @main(%image1: tensor<1x64x64x32xf32> {tfs.name = "image1:0"},
                %image2: tensor<1x64x64x32xf32> {tfs.name = "image2:0"})
    -> (tensor<1x64x64x32xf32> {tfs.name = "image_filters/conv2/Relu:0"},
        tensor<1x64x64x32xf32> {tfs.name = "image_filters_1/conv2/Relu:0"}) {
  // Tower 1 (name scope image_filters/).
  %w1 = tfs.read_variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32> loc("image_filters/conv1/weights/read")
  %b1 = tfs.read_variable @"image_filters/conv1/biases" : tensor<32xf32> loc("image_filters/conv1/biases/read")
  %c1 = tfs.conv2d %image1, %w1 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x64x64x32xf32>, tensor<5x5x32x32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters/conv1/Conv2D")
  %a1 = tfs.add %c1, %b1 : (tensor<1x64x64x32xf32>, tensor<32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters/conv1/add")
  %r1 = tfs.relu %a1 : tensor<1x64x64x32xf32> loc("image_filters/conv1/Relu")
  %w2 = tfs.read_variable @"image_filters/conv2/weights" : tensor<5x5x32x32xf32>
  %b2 = tfs.read_variable @"image_filters/conv2/biases" : tensor<32xf32>
  %c2 = tfs.conv2d %r1, %w2 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x64x64x32xf32>, tensor<5x5x32x32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters/conv2/Conv2D")
  %a2 = tfs.add %c2, %b2 : (tensor<1x64x64x32xf32>, tensor<32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters/conv2/add")
  %result1 = tfs.relu %a2 : tensor<1x64x64x32xf32> loc("image_filters/conv2/Relu")

  // Tower 2 (name scope image_filters_1/), the same variables.
  %w3 = tfs.read_variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32>
  %b3 = tfs.read_variable @"image_filters/conv1/biases" : tensor<32xf32>
  %c3 = tfs.conv2d %image2, %w3 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x64x64x32xf32>, tensor<5x5x32x32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters_1/conv1/Conv2D")
  %a3 = tfs.add %c3, %b3 : (tensor<1x64x64x32xf32>, tensor<32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters_1/conv1/add")
  %r3 = tfs.relu %a3 : tensor<1x64x64x32xf32> loc("image_filters_1/conv1/Relu")
  %w4 = tfs.read_variable @"image_filters/conv2/weights" : tensor<5x5x32x32xf32>
  %b4 = tfs.read_variable @"image_filters/conv2/biases" : tensor<32xf32>
  %c4 = tfs.conv2d %r3, %w4 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x64x64x32xf32>, tensor<5x5x32x32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters_1/conv2/Conv2D")
  %a4 = tfs.add %c4, %b4 : (tensor<1x64x64x32xf32>, tensor<32xf32>) -> tensor<1x64x64x32xf32> loc("image_filters_1/conv2/add")
  %result2 = tfs.relu %a4 : tensor<1x64x64x32xf32> loc("image_filters_1/conv2/Relu")
  return %result1, %result2 : tensor<1x64x64x32xf32>, tensor<1x64x64x32xf32>
}
