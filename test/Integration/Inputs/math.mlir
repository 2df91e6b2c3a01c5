// The transcendental elementwise ops on 65536 points each, for the accuracy
// check of their -O3 (polynomial) and -O0 (libm) lowerings; exp of sin (one
// fused chain, where tfs-approximate-math drops exp's range fix-ups); exp,
// sin and cos on special values (zeros, infinities, NaN, exp's overflow and
// underflow thresholds).
func.func @main(%e: tensor<65536xf32> {tfs.name = "e:0"},
                %l: tensor<65536xf32> {tfs.name = "l:0"},
                %t: tensor<65536xf32> {tfs.name = "t:0"},
                %s: tensor<65536xf32> {tfs.name = "s:0"},
                %x: tensor<32xf32> {tfs.name = "x:0"})
    -> (tensor<65536xf32> {tfs.name = "exp:0"},
        tensor<65536xf32> {tfs.name = "log:0"},
        tensor<65536xf32> {tfs.name = "tanh:0"},
        tensor<65536xf32> {tfs.name = "sigmoid:0"},
        tensor<65536xf32> {tfs.name = "sin:0"},
        tensor<65536xf32> {tfs.name = "cos:0"},
        tensor<65536xf32> {tfs.name = "exp_sin:0"},
        tensor<32xf32> {tfs.name = "exp_special:0"},
        tensor<32xf32> {tfs.name = "sin_special:0"},
        tensor<32xf32> {tfs.name = "cos_special:0"}) {
  %0 = tfs.exp %e : tensor<65536xf32>
  %1 = tfs.log %l : tensor<65536xf32>
  %2 = tfs.tanh %t : tensor<65536xf32>
  %3 = tfs.sigmoid %t : tensor<65536xf32>
  %4 = tfs.sin %s : tensor<65536xf32>
  %5 = tfs.cos %s : tensor<65536xf32>
  %sin_e = tfs.sin %e : tensor<65536xf32>
  %6 = tfs.exp %sin_e : tensor<65536xf32>
  %7 = tfs.exp %x : tensor<32xf32>
  %8 = tfs.sin %x : tensor<32xf32>
  %9 = tfs.cos %x : tensor<32xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : tensor<65536xf32>, tensor<65536xf32>, tensor<65536xf32>,
        tensor<65536xf32>, tensor<65536xf32>, tensor<65536xf32>,
        tensor<65536xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>
}
