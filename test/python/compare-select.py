# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Comparisons (tf.equal ... tf.greater_equal and the Tensor operators < <=
# > >=), logic (tf.logical_and/or/not/xor and & | ^ ~) and selection
# (tf.where: TF 1.15's Select, a vector condition picking rows;
# tf.where_v2: SelectV2, broadcasting): TF 1.15's ops, names and errors;
# compiled, exact against numpy at -O0 and -O3 (booleans are bytes: a
# vector store of i1 lanes would pack them), NaN compared as C++ does
# (false but for !=). The MNIST tutorials' accuracy,
# reduce_mean(cast(equal(argmax, argmax))), too.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [4, 64], name="x")
y = tf.placeholder(tf.float32, [64], name="y")
n = tf.placeholder(tf.int32, [4, 64], name="n")
outs = [tf.equal(x, y), tf.not_equal(x, y), x < y, x <= 0.5, x > y,
        tf.greater_equal(x, y), tf.logical_and(x < y, n > 0),
        (x < 0) | (n < 0), ~(x < 0), (x < 0) ^ (n < 0),
        tf.where(x < y, x, tf.zeros_like(x)),
        tf.where(tf.reduce_max(x, 1) > 0, x, -x),
        tf.where_v2(y > 0, x, 1.0),
        tf.reduce_mean(tf.cast(tf.equal(tf.argmax(x, 1), tf.argmax(n, 1)),
                               tf.float32)),
        tf.cast(x, tf.bool)]
for o in outs:
    print(o.name, o.shape, o.dtype.name, [i.name for i in o.op.inputs])
# CHECK: Equal:0 (4, 64) bool ['x:0', 'y:0']
# CHECK-NEXT: NotEqual:0 (4, 64) bool ['x:0', 'y:0']
# CHECK-NEXT: Less:0 (4, 64) bool ['x:0', 'y:0']
# CHECK-NEXT: LessEqual:0 (4, 64) bool ['x:0', 'LessEqual/y:0']
# CHECK-NEXT: Greater:0 (4, 64) bool ['x:0', 'y:0']
# CHECK-NEXT: GreaterEqual:0 (4, 64) bool ['x:0', 'y:0']
# CHECK-NEXT: LogicalAnd:0 (4, 64) bool ['Less_1:0', 'Greater_1:0']
# CHECK-NEXT: or:0 (4, 64) bool ['Less_2:0', 'Less_3:0']
# CHECK-NEXT: LogicalNot:0 (4, 64) bool ['Less_4:0']
# CHECK-NEXT: xor:0 (4, 64) bool ['xor/LogicalOr:0', 'xor/LogicalNot:0']
# CHECK-NEXT: Select:0 (4, 64) float32 ['Less_7:0', 'x:0', 'zeros_like:0']
# CHECK-NEXT: Select_1:0 (4, 64) float32 ['Greater_2:0', 'x:0', 'Neg:0']
# CHECK-NEXT: SelectV2:0 (4, 64) float32 ['Greater_3:0', 'x:0', 'SelectV2/e:0']
# CHECK-NEXT: Mean:0 () float32 ['Cast:0', 'Const:0']
# CHECK-NEXT: Cast_1:0 (4, 64) bool ['x:0']

v = tf.placeholder(tf.float32, [3], name="v")
for bad in (lambda: tf.logical_and(x, x < 0),
            lambda: tf.where(x < y, x, n),
            lambda: tf.where(v > 0, x, x),
            lambda: tf.where(x < 0),
            lambda: x < n):
    try:
        bad()
    except (ValueError, TypeError, NotImplementedError) as err:
        print(type(err).__name__ + ":", err)
# CHECK-NEXT: TypeError: Input 'x' of 'LogicalAnd' Op has type float32 that does not match expected type of bool.
# CHECK-NEXT: TypeError: Input 'e' of 'Select' Op has type int32 that does not match type float32 of argument 't'.
# CHECK-NEXT: ValueError: Dimension 0 in both shapes must be equal, but are 3 and 4. Shapes are [3] and [4]. for 'Select_{{[0-9]+}}' (op: 'Select') with input shapes: [3], [4,64], [4,64].
# CHECK-NEXT: NotImplementedError: {{.*}}tf.where(condition) without x and y{{.*}}
# CHECK-NEXT: TypeError: Input 'y' of 'Less' Op has type int32 that does not match type float32 of argument 'x'.

rng = np.random.default_rng(0)
xv = rng.standard_normal([4, 64]).astype(np.float32)
xv[0, :8] = np.nan
xv[1, :4] = 0
yv = rng.standard_normal([64]).astype(np.float32)
yv[:2] = 0
yv[5] = np.nan
nv = rng.integers(-3, 3, [4, 64]).astype(np.int32)
with np.errstate(invalid="ignore"):
    want = [xv == yv, xv != yv, xv < yv, xv <= 0.5, xv > yv, xv >= yv,
            (xv < yv) & (nv > 0), (xv < 0) | (nv < 0), ~(xv < 0),
            (xv < 0) ^ (nv < 0), np.where(xv < yv, xv, 0),
            np.where((np.max(xv, 1) > 0)[:, None], xv, -xv),
            np.where(yv > 0, xv, 1.0),
            np.mean(np.argmax(np.nan_to_num(xv, nan=-np.inf), 1) ==
                    np.argmax(nv, 1)),
            xv != 0]
for level in (0, 3):
    m = tfs.load(tfs.compile(outs, opt_level=level,
                             output=os.path.join(out, "libcmp%d.so" % level)))
    got = m.run({"x": xv, "y": yv, "n": nv})
    print(level, [bool(np.array_equal(got[o.name], np.asarray(w, got[o.name].dtype),
                                      equal_nan=got[o.name].dtype != bool))
                  for o, w in zip(outs, want)])
# CHECK-NEXT: 0 [True, True, True, True, True, True, True, True, True, True, True, True, True, True, True]
# CHECK-NEXT: 3 [True, True, True, True, True, True, True, True, True, True, True, True, True, True, True]
