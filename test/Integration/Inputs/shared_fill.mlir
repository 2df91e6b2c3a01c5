// Two outputs of the same type, each a matmul from zeros: CSE merges the
// two zero fills into one, which both matmuls write into.
func.func @main(%a: tensor<2x3xf32> {tfs.name = "a:0"}, %b: tensor<3x4xf32> {tfs.name = "b:0"},
                %c: tensor<2x5xf32> {tfs.name = "c:0"}, %d: tensor<5x4xf32> {tfs.name = "d:0"})
    -> (tensor<2x4xf32> {tfs.name = "first:0"}, tensor<2x4xf32> {tfs.name = "second:0"}) {
  %0 = tfs.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = tfs.matmul %c, %d : (tensor<2x5xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}
