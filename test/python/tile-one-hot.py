# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.tile and tf.one_hot: TF 1.15's Tile and OneHot (names, shapes, dtype
# rules, errors); compiled at -O0 and -O3, exact against numpy's tile and
# a where over an arange (tile keeps -0.0 and NaN; one_hot gives a row of
# off_value for an index outside [0, depth), as TF's kernel).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [2, 3], name="x")
b = tf.placeholder(tf.bool, [3], name="b")
ids = tf.placeholder(tf.int32, [4], name="ids")
outs = [tf.tile(x, [2, 3]), tf.tile(x, [1, 1]), tf.tile(b, [2]),
        tf.one_hot(ids, 5),
        tf.one_hot(ids, 3, on_value=7, off_value=-1, axis=0),
        tf.one_hot(tf.reshape(ids, [2, 2]), 4, dtype=tf.int64, axis=1)]
for o in outs:
    print(o.name, o.shape, o.dtype.name, [i.name for i in o.op.inputs])
# CHECK: Tile:0 (4, 9) float32 ['x:0', 'Tile/multiples:0']
# CHECK-NEXT: Tile_1:0 (2, 3) float32 ['x:0', 'Tile_1/multiples:0']
# CHECK-NEXT: Tile_2:0 (6,) bool ['b:0', 'Tile_2/multiples:0']
# CHECK-NEXT: one_hot:0 (4, 5) float32 ['ids:0', 'one_hot/depth:0', 'one_hot/on_value:0', 'one_hot/off_value:0']
# CHECK-NEXT: one_hot_1:0 (3, 4) int32 ['ids:0', 'one_hot_1/depth:0', 'one_hot_1/on_value:0', 'one_hot_1/off_value:0']
# CHECK-NEXT: one_hot_2:0 (2, 4, 2) int64 ['Reshape:0', 'one_hot_2/depth:0', 'one_hot_2/on_value:0', 'one_hot_2/off_value:0']

for bad in (lambda: tf.tile(x, [2]),
            lambda: tf.tile(x, [2.0, 1.0]),
            lambda: tf.one_hot(ids, 3, on_value=1.0, dtype=tf.int32),
            lambda: tf.one_hot(ids, 3, on_value=1.0, off_value=0)):
    try:
        bad()
    except (ValueError, TypeError) as err:
        print(type(err).__name__ + ":", err)
# CHECK-NEXT: ValueError: Dimension must be 2 but is 1 for 'Tile_3' (op: 'Tile') with input shapes: [2,3], [1] and with computed input tensors: input[1] = <2>.
# CHECK-NEXT: TypeError: Value passed to parameter 'multiples' has DataType float32 not in list of allowed values: int32, int64
# CHECK-NEXT: TypeError: dtype <dtype: 'float32'> of on_value does not match dtype parameter <dtype: 'int32'>
# CHECK-NEXT: TypeError: dtype <dtype: 'float32'> of on_value does not match dtype <dtype: 'int32'> of off_value

xv = np.array([[1, -0.0, np.nan], [np.inf, 2, 3]], np.float32)
bv = np.array([True, False, True])
iv = np.array([0, 4, -1, 2], np.int32)


def one_hot(i, depth, on=1, off=0, axis=-1, dtype=np.float32):
    r = np.where(np.expand_dims(i, -1) == np.arange(depth), on, off)
    return np.moveaxis(r.astype(dtype), -1, axis)


want = [np.tile(xv, [2, 3]), xv, np.tile(bv, 2), one_hot(iv, 5),
        one_hot(iv, 3, 7, -1, 0, np.int32),
        one_hot(iv.reshape(2, 2), 4, axis=1, dtype=np.int64)]


def same(a, w):
    if a.dtype != w.dtype:
        return False
    if w.dtype.kind == "f":
        return np.array_equal(a, w, equal_nan=True) and \
            np.array_equal(np.signbit(a), np.signbit(w))
    return np.array_equal(a, w)


for level in (0, 3):
    m = tfs.load(tfs.compile(outs, opt_level=level,
                             output=os.path.join(out, "libto%d.so" % level)))
    got = m.run({"x": xv, "b": bv, "ids": iv})
    print(level, [same(got[o.name], w) for o, w in zip(outs, want)])
# CHECK-NEXT: 0 [True, True, True, True, True, True]
# CHECK-NEXT: 3 [True, True, True, True, True, True]
