# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.expand_dims, tf.squeeze, tf.stack and tf.unstack build TF 1.15's
# ExpandDims / Squeeze / Pack / Unpack ops (a stack of Python values is one
# constant, as in TF) with TF's shapes and errors; compiled (reshapes, a
# concat, a split), they give numpy's values at -O0 and -O3.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [3, 1, 4], name="x")
ys = [tf.expand_dims(x, 0), tf.expand_dims(x, -1), tf.squeeze(x),
      tf.squeeze(x, [1]), tf.squeeze(x, axis=-2),
      tf.stack([x, x * 2.0, x + 1.0], axis=1), tf.stack([x, x], axis=-1)]
parts = tf.unstack(x, axis=2)
constant = tf.stack([1, 2, 3])
for t in ys + parts + [constant]:
    print(t.name, t.shape, t.op.type)
# CHECK: ExpandDims:0 (1, 3, 1, 4) ExpandDims
# CHECK-NEXT: ExpandDims_1:0 (3, 1, 4, 1) ExpandDims
# CHECK-NEXT: Squeeze:0 (3, 4) Squeeze
# CHECK-NEXT: Squeeze_1:0 (3, 4) Squeeze
# CHECK-NEXT: Squeeze_2:0 (3, 4) Squeeze
# CHECK-NEXT: stack:0 (3, 3, 1, 4) Pack
# CHECK-NEXT: stack_1:0 (3, 1, 4, 2) Pack
# CHECK-NEXT: unstack:0 (3, 1) Unpack
# CHECK-NEXT: unstack:1 (3, 1) Unpack
# CHECK-NEXT: unstack:2 (3, 1) Unpack
# CHECK-NEXT: unstack:3 (3, 1) Unpack
# CHECK-NEXT: stack_2:0 (3,) Const

xv = np.random.default_rng(5).uniform(-1, 1, [3, 1, 4]).astype(np.float32)
wants = [xv[None], xv[..., None], xv.squeeze(), xv.squeeze(1),
         xv.squeeze(-2), np.stack([xv, xv * 2, xv + 1], axis=1),
         np.stack([xv, xv], axis=-1)] + [xv[:, :, i] for i in range(4)]
for level in (0, 3):
    m = tfs.load(tfs.compile(ys + parts,
                             output=os.path.join(out, "lib%d.so" % level),
                             opt_level=level))
    got = m.run({"x": xv})
    print("-O%d" % level, all(got[t.name].shape == w.shape and
                              np.array_equal(got[t.name], w)
                              for t, w in zip(ys + parts, wants)))
# CHECK-NEXT: -O0 True
# CHECK-NEXT: -O3 True

y = tf.placeholder(tf.float32, [3, 4], name="y")
z = tf.placeholder(tf.float32, [3, 2, 4], name="z")
n = tf.placeholder(tf.float32, [None, 4], name="n")
for make in [lambda: tf.squeeze(x, [2]), lambda: tf.expand_dims(x, 5),
             lambda: tf.stack([x, y]), lambda: tf.stack([x, z]),
             lambda: tf.stack([x, x], axis=5), lambda: tf.unstack(n),
             lambda: tf.unstack(x, axis=3), lambda: tf.expand_dims(x)]:
    try:
        make()
        print("no error")
    except ValueError as e:
        print(repr(str(e)))
# CHECK-NEXT: "Can not squeeze dim[2], expected a dimension of 1, got 4 for 'Squeeze_3' (op: 'Squeeze') with input shapes: [3,1,4]."
# CHECK-NEXT: "Tried to expand dim index 5 for tensor with 3 dimensions. for 'ExpandDims_2' (op: 'ExpandDims') with input shapes: [3,1,4], [] and with computed input tensors: input[1] = <5>."
# CHECK-NEXT: "Shapes must be equal rank, but are 3 and 2\n\tFrom merging shape 0 with other shapes. for 'stack_3' (op: 'Pack') with input shapes: [3,1,4], [3,4]."
# CHECK-NEXT: "Dimension 1 in both shapes must be equal, but are 1 and 2\n\tFrom merging shape 0 with other shapes. for 'stack_4' (op: 'Pack') with input shapes: [3,1,4], [3,2,4]."
# CHECK-NEXT: 'axis = 5 not in [-4, 4)'
# CHECK-NEXT: 'Cannot infer num from shape (?, 4)'
# CHECK-NEXT: 'axis = 3 not in [-3, 3)'
# CHECK-NEXT: 'Must specify an axis argument to tf.expand_dims()'

# tf.unstack with a num that is not the dimension: TF's Unpack shape
# function error.
try:
    tf.unstack(x, num=3, axis=2)
except ValueError as e:
    print(repr(str(e)))
# CHECK-NEXT: "Dimension must be 3 but is 4 for 'unstack_1' (op: 'Unpack') with input shapes: [3,1,4]."

# A squeeze of a dimension that the feed makes other than 1 is the
# importer's error at the model's line.
graph = tf.Graph()
with graph.as_default():
    q = tf.placeholder(tf.float32, [None, 4], name="q")
    s = tf.squeeze(q, [0])
try:
    tfs.compile(s, graph=graph, feeds={"q": [3, 4]},
                output=os.path.join(out, "libsqueeze.so"))
except ValueError as e:
    print(e)
# CHECK-NEXT: {{.*}}stack-squeeze.py:86: TF op Squeeze ('Squeeze'): squeezes dimension 0 of size 3
