// The model of split-in-place.test: a matmul the tiler splits by columns.
func.func @main(%a: tensor<128x256xf32> {tfs.name = "a:0"}, %b: tensor<256x136xf32> {tfs.name = "b:0"}) -> (tensor<128x136xf32> {tfs.name = "y:0"}) {
  %y = tfs.matmul %a, %b : (tensor<128x256xf32>, tensor<256x136xf32>) -> tensor<128x136xf32>
  return %y : tensor<128x136xf32>
}
