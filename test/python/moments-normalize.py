# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.nn.moments, tf.nn.l2_normalize, tf.squared_difference and
# tf.stop_gradient: TF 1.15's composites and ops (names as TF builds
# them), compiled at -O0 and -O3 against numpy in float64 (rtol 1e-5,
# atol 1e-6).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [2, 4, 4, 8], name="x")
m, v = tf.nn.moments(x, [0, 1, 2])
m2, v2 = tf.nn.moments(x, [3], keep_dims=True)
l2 = tf.nn.l2_normalize(x, axis=-1)
sq = tf.squared_difference(x, 1.0)
st = tf.stop_gradient(x)
fetches = (m, v, m2, v2, l2, sq, st)
for t in fetches:
    print(t.name, t.shape, [i.name for i in t.op.inputs])
# CHECK: moments/Squeeze:0 (8,) ['moments/mean:0']
# CHECK-NEXT: moments/Squeeze_1:0 (8,) ['moments/variance:0']
# CHECK-NEXT: moments_1/mean:0 (2, 4, 4, 1) ['x:0', 'moments_1/mean/reduction_indices:0']
# CHECK-NEXT: moments_1/variance:0 (2, 4, 4, 1) ['moments_1/SquaredDifference:0', 'moments_1/variance/reduction_indices:0']
# CHECK-NEXT: l2_normalize:0 (2, 4, 4, 8) ['x:0', 'l2_normalize/Rsqrt:0']
# CHECK-NEXT: SquaredDifference:0 (2, 4, 4, 8) ['x:0', 'SquaredDifference/y:0']
# CHECK-NEXT: StopGradient:0 (2, 4, 4, 8) ['x:0']
print([i.name for i in v.op.inputs[0].op.inputs[0].op.inputs])
# CHECK-NEXT: ['x:0', 'moments/StopGradient:0']

xv = np.random.default_rng(0).standard_normal([2, 4, 4, 8]).astype(
    np.float32)
x64 = xv.astype(np.float64)
want = [x64.mean((0, 1, 2)), x64.var((0, 1, 2)), x64.mean(3, keepdims=True),
        x64.var(3, keepdims=True),
        x64 / np.sqrt(np.maximum((x64 ** 2).sum(-1, keepdims=True), 1e-12)),
        (x64 - 1) ** 2, x64]
for level in (0, 3):
    mod = tfs.load(tfs.compile(list(fetches), opt_level=level,
                               output=os.path.join(out, "libm%d.so" % level)))
    got = mod.run({"x": xv})
    print(level, all(np.allclose(got[t.name], w, rtol=1e-5, atol=1e-6)
                     for t, w in zip(fetches, want)))
# CHECK-NEXT: 0 True
# CHECK-NEXT: 3 True
