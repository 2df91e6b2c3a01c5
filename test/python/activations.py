# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.nn.leaky_relu, tf.nn.elu, tf.nn.softplus: TF 1.15's LeakyRelu (alpha
# attribute), Elu and Softplus ops, compiled as TF's kernels compute them
# (x > 0 ? x : alpha x; x < 0 ? exp(x) - 1 : x; softplus's thresholds at
# log(eps) + 2); at -O0 and -O3 against numpy (float64 reference of the
# same formulas; relative error 1e-6 against max(|y|, 1), exact for
# leaky_relu; NaN where the reference has NaN; +-0, +-inf, 30 included).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [4, 64], name="x")
outs = [tf.nn.leaky_relu(x), tf.nn.leaky_relu(x, alpha=0.1), tf.nn.elu(x),
        tf.nn.softplus(x)]
for o in outs:
    print(o.name, o.op.type, [i.name for i in o.op.inputs])
print("%.3g" % outs[1].op.get_attr("alpha"))
# CHECK: LeakyRelu:0 LeakyRelu ['x:0']
# CHECK-NEXT: LeakyRelu_1:0 LeakyRelu ['x:0']
# CHECK-NEXT: Elu:0 Elu ['x:0']
# CHECK-NEXT: Softplus:0 Softplus ['x:0']
# CHECK-NEXT: 0.1

xv = np.random.default_rng(0).standard_normal([4, 64]).astype(np.float32) * 10
xv[0, :6] = [0.0, -0.0, np.nan, np.inf, -np.inf, 30.0]
x64 = xv.astype(np.float64)
threshold = np.log(np.finfo(np.float32).eps) + 2
with np.errstate(over="ignore", invalid="ignore"):
    want = [np.where(xv > 0, xv, xv * np.float32(0.2)),
            np.where(xv > 0, xv, xv * np.float32(0.1)),
            np.where(x64 < 0, np.exp(x64) - 1, x64),
            np.where(x64 > -threshold, x64,
                     np.where(x64 < threshold, np.exp(x64),
                              np.log(np.exp(x64) + 1)))]
for level in (0, 3):
    m = tfs.load(tfs.compile(outs, opt_level=level,
                             output=os.path.join(out, "libact%d.so" % level)))
    got = m.run({"x": xv})
    ok = [np.array_equal(got[outs[0].name], want[0], equal_nan=True),
          np.array_equal(got[outs[1].name], want[1], equal_nan=True)]
    for o, w in zip(outs[2:], want[2:]):
        g = got[o.name].astype(np.float64)
        finite = np.isfinite(w)
        ok.append(np.array_equal(np.isnan(g), np.isnan(w)) and
                  np.array_equal(g[np.isinf(w)], w[np.isinf(w)]) and
                  bool((np.abs(g - w)[finite] <=
                        1e-6 * np.maximum(np.abs(w[finite]), 1)).all()))
    print(level, ok)
# CHECK-NEXT: 0 [True, True, True, True]
# CHECK-NEXT: 3 [True, True, True, True]
