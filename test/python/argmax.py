# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.argmax / tf.argmin (tf.math too): TF 1.15's ArgMax / ArgMin ops (the
# axis a constant "dimension" input, int64 unless output_type=tf.int32),
# shapes and errors; compiled, the first index of the strict maximum or
# minimum of each line, NaN never selected (an all-NaN line gives 0), as
# TF's CPU kernel compares. Exact against numpy's argmax/argmin on lines
# without NaN, and against a loop with that rule on all lines, at -O0 and
# -O3.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [5, 7], name="x")
n = tf.placeholder(tf.int32, [3, 4, 2], name="n")
a = tf.argmax(x, 1)
b = tf.argmin(x, axis=-2, output_type=tf.int32)
c = tf.math.argmax(tf.reshape(x, [35]), name="flat")
d = tf.argmin(n, dimension=1)
for t in (a, b, c, d):
    print(t.name, t.shape, t.dtype.name, [i.name for i in t.op.inputs])
# CHECK: ArgMax:0 (5,) int64 ['x:0', 'ArgMax/dimension:0']
# CHECK-NEXT: ArgMin:0 (7,) int32 ['x:0', 'ArgMin/dimension:0']
# CHECK-NEXT: flat:0 () int64 ['Reshape:0', 'flat/dimension:0']
# CHECK-NEXT: ArgMin_1:0 (3, 2) int64 ['n:0', 'ArgMin_1/dimension:0']

for bad in (lambda: tf.argmax(x, 2),
            lambda: tf.argmax(x, axis=0, dimension=1),
            lambda: tf.argmax(x, 0, output_type=tf.float32)):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
# CHECK-NEXT: ValueError: Dimension (2) must be in the range [-2, 2), where 2 is the number of dimensions in the input for 'ArgMax_1' (op: 'ArgMax') with input shapes: [5,7], [] and with computed input tensors: input[1] = <2>.
# CHECK-NEXT: ValueError: Cannot specify both 'axis' and 'dimension'
# CHECK-NEXT: TypeError: Value passed to parameter 'output_type' has DataType float32 not in list of allowed values: int32, int64

# A vector passes TF's shape function with any dimension; TF's kernel
# rejects it when it runs, tfsc when it compiles.
v = tf.placeholder(tf.float32, [4], name="v")
bad = tf.argmax(v, 3, name="bad")
print(bad.shape)
# CHECK-NEXT: ()
try:
    tfs.compile(bad, output=os.path.join(out, "libbad.so"))
except Exception as e:  # pylint: disable=broad-except
    print(type(e).__name__ + ":", str(e).splitlines()[0])
# CHECK-NEXT: {{.*}}Error: {{.*}}ArgMax: Expected dimension in the range [-1, 1), but got 3

rng = np.random.default_rng(3)
xv = rng.integers(-3, 4, [5, 7]).astype(np.float32)  # many ties
xv[1, 2] = np.nan
xv[2, :] = np.nan
xv[3, :] = -np.inf
xv[4, 5] = np.inf
nv = rng.integers(-5, 5, [3, 4, 2]).astype(np.int32)


def strict(values, axis, better):
    """TF's rule: from (index 0, the lowest value), take an element only
    if strictly better."""
    moved = np.moveaxis(values, axis, -1)
    start = (np.finfo(np.float32).min if values.dtype == np.float32
             else np.iinfo(values.dtype).min)
    if better is np.less:
        start = (np.finfo(np.float32).max if values.dtype == np.float32
                 else np.iinfo(values.dtype).max)
    result = np.zeros(moved.shape[:-1], np.int64)
    for idx in np.ndindex(*moved.shape[:-1]):
        best = start
        for j, value in enumerate(moved[idx]):
            if better(value, best):
                best, result[idx] = value, j
    return result


want = {"ArgMax:0": strict(xv, 1, np.greater),
        "ArgMin:0": strict(xv, 0, np.less),
        "flat:0": strict(xv.reshape(35), 0, np.greater),
        "ArgMin_1:0": strict(nv, 1, np.less)}
clean = [0, 3, 4]  # rows without NaN: numpy's first-index argmax agrees
assert np.array_equal(want["ArgMax:0"][clean], np.argmax(xv[clean], 1))
assert np.array_equal(want["ArgMin_1:0"], np.argmin(nv, 1))
for level in (0, 3):
    m = tfs.load(tfs.compile([a, b, c, d], opt_level=level,
                             output=os.path.join(out, "libarg%d.so" % level)))
    got = m.run({"x": xv, "n": nv})
    print(level, {k: bool(np.array_equal(got[k], w) and got[k].dtype ==
                          (np.int32 if k == "ArgMin:0" else np.int64))
                  for k, w in want.items()})
# CHECK-NEXT: 0 {'ArgMax:0': True, 'ArgMin:0': True, 'flat:0': True, 'ArgMin_1:0': True}
# CHECK-NEXT: 3 {'ArgMax:0': True, 'ArgMin:0': True, 'flat:0': True, 'ArgMin_1:0': True}
