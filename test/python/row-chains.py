# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# A batch of 64 rows through dense layers and a softmax is computed in
# two tasks of 32 rows, one per thread, when the thread count divides
# them (2), and op by op otherwise (1, 3, 4 threads), see
# tfs-fuse-image-chains. Every thread count matches numpy (rtol 1e-4,
# atol 1e-6: float32 sums of 256 and 128 products in another order), the
# two tasks' rows included, and so does a model that also fetches the
# first layer's activations (the chain then starts after them). A tanh
# recurrence of 16 rows over 8 steps, whose 256 KB W_h stays in the L2,
# runs in two tasks of 8 rows (each thread its rows through every step,
# the steps rolled into a loop in each task) and matches numpy alike.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [64, 256], name="x")
h = x
acts = []
for name, units in (("hidden1", 256), ("hidden2", 128), ("logits", 10)):
    with tf.variable_scope(name):
        w = tf.get_variable("kernel", [h.shape[1], units],
                            initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("bias", [units],
                            initializer=tf.random_normal_initializer())
        h = tf.nn.bias_add(tf.matmul(h, w), b)
        if name != "logits":
            h = tf.nn.relu(h)
            acts.append(h)
probs = tf.nn.softmax(h, name="probs")

xv = np.random.RandomState(0).randn(64, 256).astype(np.float32)


def reference(vs):
    ref = xv.astype(np.float64)
    hidden = []
    for name in ("hidden1", "hidden2", "logits"):
        ref = ref @ vs[name + "/kernel"] + vs[name + "/bias"]
        if name != "logits":
            ref = np.maximum(ref, 0)
            hidden.append(ref)
    ref = np.exp(ref - ref.max(axis=1, keepdims=True))
    return ref / ref.sum(axis=1, keepdims=True), hidden[0]


for fetches, lib in (([probs], "libchain.so"), ([probs, acts[0]], "libfetch.so")):
    m = tfs.load(tfs.compile(fetches, output=os.path.join(out, lib)))
    ref, hidden1 = reference(m.variables)
    ok = []
    for threads in (1, 2, 3, 4):
        m.set_num_threads(threads)
        got = m({"x": xv})
        ok.append(np.allclose(got["probs:0"], ref, rtol=1e-4, atol=1e-6))
        if len(fetches) == 2:
            ok.append(np.allclose(got[acts[0].name], hidden1, rtol=1e-4,
                                  atol=1e-6))
    print(lib, all(ok), len(ok))
# CHECK: libchain.so True 4
# CHECK: libfetch.so True 8

tf.reset_default_graph()
xs = tf.placeholder(tf.float32, [16, 8, 64], name="xs")
with tf.variable_scope("rnn"):
    w_x = tf.get_variable("w_x", [64, 256],
                          initializer=tf.glorot_uniform_initializer())
    w_h = tf.get_variable("w_h", [256, 256],
                          initializer=tf.glorot_uniform_initializer())
    b = tf.get_variable("b", [256], initializer=tf.random_normal_initializer())
h = tf.zeros([16, 256])
for t in range(8):
    h = tf.tanh(tf.matmul(xs[:, t, :], w_x) + tf.matmul(h, w_h) + b)
h = tf.identity(h, name="state")
m = tfs.load(tfs.compile([h], output=os.path.join(out, "librnn.so")))
vs = m.variables
xsv = np.random.RandomState(1).randn(16, 8, 64).astype(np.float32)
ref = np.zeros((16, 256))
for t in range(8):
    ref = np.tanh(xsv[:, t, :].astype(np.float64) @ vs["rnn/w_x"]
                  + ref @ vs["rnn/w_h"] + vs["rnn/b"])
ok = []
for threads in (1, 2, 3, 4):
    m.set_num_threads(threads)
    ok.append(np.allclose(m({"xs": xsv})["state:0"], ref, rtol=1e-4,
                          atol=1e-5))
print("librnn.so", all(ok), len(ok))
# CHECK: librnn.so True 4
