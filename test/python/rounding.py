# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.floor, tf.ceil, tf.round (halves to even, as TF's Round) and
# tf.reciprocal: TF's Floor, Ceil, Round, Reciprocal ops (tf.round of an
# integer tensor is the tensor itself, as in TF); compiled at -O0 and
# -O3, exact against numpy, signed zeros, NaN and infinities included.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [4, 64], name="x")
n = tf.placeholder(tf.int32, [8], name="n")
outs = [tf.floor(x), tf.ceil(x), tf.round(x), tf.reciprocal(x),
        tf.math.floor(n)]
for o in outs:
    print(o.name, o.dtype.name, [i.name for i in o.op.inputs])
print(tf.round(n) is n)
# CHECK: Floor:0 float32 ['x:0']
# CHECK-NEXT: Ceil:0 float32 ['x:0']
# CHECK-NEXT: Round:0 float32 ['x:0']
# CHECK-NEXT: Reciprocal:0 float32 ['x:0']
# CHECK-NEXT: Floor_1:0 int32 ['n:0']
# CHECK-NEXT: True

xv = (np.random.default_rng(0).standard_normal([4, 64]) * 4).astype(
    np.float32)
xv[0, :10] = [0.5, 1.5, 2.5, -0.5, -1.5, -0.0, np.nan, np.inf, -np.inf, 0.0]
nv = np.arange(-4, 4, dtype=np.int32)
with np.errstate(divide="ignore"):
    want = [np.floor(xv), np.ceil(xv), np.round(xv), np.float32(1) / xv, nv]


def same(a, w):
    if w.dtype.kind != "f":
        return np.array_equal(a, w)
    return np.array_equal(a, w, equal_nan=True) and \
        np.array_equal(np.signbit(a), np.signbit(w))


for level in (0, 3):
    m = tfs.load(tfs.compile(outs, opt_level=level,
                             output=os.path.join(out, "libr%d.so" % level)))
    got = m.run({"x": xv, "n": nv})
    print(level, [same(got[o.name], w) for o, w in zip(outs, want)])
# CHECK-NEXT: 0 [True, True, True, True, True]
# CHECK-NEXT: 3 [True, True, True, True, True]
