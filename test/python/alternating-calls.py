# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Workshare loops that read weights take their blocks in the opposite
# order on every other call (tfs-partition-workshare-loops), so that the
# L2 still holds what the previous call read last. An MLP whose 2.7 MB
# of weights exceed one core's L2 (its two large layers are split over
# contiguous chunks of K): consecutive calls, odd and even, at 1, 2 and 3
# threads, give bitwise the same result, and it matches numpy (rtol 1e-4,
# atol 1e-6: float32 sums of 784 and 512 products in another order).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [1, 784], name="x")
h = x
for name, units in (("hidden1", 512), ("hidden2", 512), ("logits", 10)):
    with tf.variable_scope(name):
        w = tf.get_variable("kernel", [h.shape[1], units],
                            initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("bias", [units],
                            initializer=tf.random_normal_initializer())
        h = tf.nn.bias_add(tf.matmul(h, w), b)
        if name != "logits":
            h = tf.nn.relu(h)
probs = tf.nn.softmax(h, name="probs")

m = tfs.load(tfs.compile([probs], output=os.path.join(out, "libmlp.so")))
vs = m.variables
xv = np.random.RandomState(0).randn(1, 784).astype(np.float32)
ref = xv.astype(np.float64)
for name in ("hidden1", "hidden2", "logits"):
    ref = ref @ vs[name + "/kernel"] + vs[name + "/bias"]
    if name != "logits":
        ref = np.maximum(ref, 0)
ref = np.exp(ref - ref.max())
ref /= ref.sum()

first = None
for threads in (1, 2, 3):
    m.set_num_threads(threads)
    for call in range(4):
        got = m({"x": xv})["probs:0"]
        if first is None:
            first = got
        assert np.array_equal(got, first), (threads, call)
print("identical", np.allclose(first, ref, rtol=1e-4, atol=1e-6))
# CHECK: identical True
