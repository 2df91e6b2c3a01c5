// Round-trip of every variable initializer; defaults are elided when printed.
// RUN: tfs-opt %s | tfs-opt | FileCheck %s

// CHECK: tfs.variable @zeros : tensor<3xi32> = #tfs.zeros
tfs.variable @zeros : tensor<3xi32> = #tfs.zeros
// CHECK: tfs.variable @ones : tensor<3xf64> = #tfs.ones
tfs.variable @ones : tensor<3xf64> = #tfs.ones
// CHECK: tfs.variable @uniform : tensor<2x2xf32> = #tfs.random_uniform{{$}}
tfs.variable @uniform : tensor<2x2xf32> = #tfs.random_uniform<minval = 0.0, maxval = 1.0>
// CHECK: tfs.variable @uniform_int : tensor<4xi32> = #tfs.random_uniform<minval = -5.000000e+00, maxval = 5.000000e+00, seed = 1, seed2 = 2>
tfs.variable @uniform_int : tensor<4xi32> = #tfs.random_uniform<minval = -5.0, maxval = 5.0, seed = 1, seed2 = 2>
// CHECK: tfs.variable @normal : tensor<f32> = #tfs.random_normal<mean = 1.000000e+00>
tfs.variable @normal : tensor<f32> = #tfs.random_normal<mean = 1.0>
// CHECK: tfs.variable @truncated : tensor<3x3xbf16> = #tfs.truncated_normal<stddev = 1.000000e-01, seed = 42>
tfs.variable @truncated : tensor<3x3xbf16> = #tfs.truncated_normal<stddev = 0.1, seed = 42>
// CHECK: tfs.variable @glorot : tensor<5x5x32x32xf32> = #tfs.glorot_uniform<seed2 = 9>
tfs.variable @glorot : tensor<5x5x32x32xf32> = #tfs.glorot_uniform<seed2 = 9>
// CHECK: tfs.variable @splat : tensor<2x3xf32> = dense<2.500000e-01> : tensor<2x3xf32>
tfs.variable @splat : tensor<2x3xf32> = dense<0.25> : tensor<2x3xf32>
// CHECK: tfs.variable @flag : tensor<i1> = dense<true> : tensor<i1> {trainable = false}
tfs.variable @flag : tensor<i1> = dense<true> : tensor<i1> {trainable = false}
