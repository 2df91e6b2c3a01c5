# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# An LSTM (and below a GRU) written as TF 1.15's cells compute them (one kernel over
# concat([x_t, h]), gates i, j, f, o from tf.split, forget bias 1), over
# steps taken from the inputs by indexing (x[t]), by tf.unstack, and with
# the concatenation the other way round ([h, x_t]). At -O3 the product of
# each concatenation is computed as one product per part, the x_t parts
# of every step batched into one matmul (tfs-batch-shared-matmuls).
# Against numpy in float64 at -O0 and -O3, 1 and 2 threads; tolerance
# 1e-5 (384-term sums of values below 1, through 12 steps).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
T, B, I, H = 12, 2, 24, 40
rng = np.random.default_rng(11)
xv = rng.uniform(-1, 1, [T, B, I]).astype(np.float32)
wv = rng.uniform(-0.3, 0.3, [I + H, 4 * H]).astype(np.float32)
bv = rng.uniform(-0.3, 0.3, [4 * H]).astype(np.float32)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def reference(h_first):
    w = wv.astype(np.float64)
    if h_first:
        w = np.concatenate([w[I:], w[:I]])
    h = np.zeros([B, H])
    c = np.zeros([B, H])
    for t in range(T):
        xh = [h, xv[t]] if h_first else [xv[t], h]
        z = np.concatenate(xh, axis=1) @ w + bv
        i, j, f, o = np.split(z, 4, axis=1)
        c = sigmoid(f + 1.0) * c + sigmoid(i) * np.tanh(j)
        h = sigmoid(o) * np.tanh(c)
    return h


for variant in ("index", "unstack", "h_first"):
    graph = tf.Graph()
    with graph.as_default():
        xs = tf.placeholder(tf.float32, [T, B, I], name="x")
        w = tf.get_variable("kernel", [I + H, 4 * H])
        b = tf.get_variable("bias", [4 * H])
        h = tf.zeros([B, H])
        c = tf.zeros([B, H])
        steps = tf.unstack(xs) if variant == "unstack" else [
            xs[t] for t in range(T)]
        for x_t in steps:
            xh = [h, x_t] if variant == "h_first" else [x_t, h]
            z = tf.matmul(tf.concat(xh, axis=1), w) + b
            i, j, f, o = tf.split(z, 4, axis=1)
            c = tf.sigmoid(f + 1.0) * c + tf.sigmoid(i) * tf.tanh(j)
            h = tf.sigmoid(o) * tf.tanh(c)
        y = tf.identity(h, name="y")
    want = reference(variant == "h_first")
    results = []
    for level in (0, 3):
        m = tfs.load(tfs.compile(
            y, graph=graph, opt_level=level,
            output=os.path.join(out, "lib_%s_%d.so" % (variant, level))))
        m.set_variable("kernel", np.concatenate([wv[I:], wv[:I]])
                       if variant == "h_first" else wv)
        m.set_variable("bias", bv)
        for threads in (1, 2):
            m.set_num_threads(threads)
            got = m.run({"x": xv})["y:0"]
            results.append(float(np.abs(got - want).max()) < 1e-5)
    print(variant, results)
# CHECK: index [True, True, True, True]
# CHECK-NEXT: unstack [True, True, True, True]
# CHECK-NEXT: h_first [True, True, True, True]

# A GRU cell as TF's GRUCell computes it: gates from concat([x_t, h]), the
# candidate from concat([x_t, r * h]) (after CSE both concatenations share
# their x_t insertion); both x_t products are batched over the steps.
wg = rng.uniform(-0.3, 0.3, [I + H, 2 * H]).astype(np.float32)
bg = rng.uniform(-0.3, 0.3, [2 * H]).astype(np.float32)
wc = rng.uniform(-0.3, 0.3, [I + H, H]).astype(np.float32)
bc = rng.uniform(-0.3, 0.3, [H]).astype(np.float32)
graph = tf.Graph()
with graph.as_default():
    xs = tf.placeholder(tf.float32, [T, B, I], name="x")
    with tf.variable_scope("gru"):
        gk = tf.get_variable("gates/kernel", [I + H, 2 * H])
        gb = tf.get_variable("gates/bias", [2 * H])
        ck = tf.get_variable("candidate/kernel", [I + H, H])
        cb = tf.get_variable("candidate/bias", [H])
    h = tf.zeros([B, H])
    for x_t in tf.unstack(xs):
        r, u = tf.split(tf.sigmoid(tf.matmul(tf.concat([x_t, h], 1), gk) + gb),
                        2, axis=1)
        c = tf.tanh(tf.matmul(tf.concat([x_t, r * h], 1), ck) + cb)
        h = u * h + (1 - u) * c
    y = tf.identity(h, name="y")
hv = np.zeros([B, H])
for t in range(T):
    g = sigmoid(np.concatenate([xv[t], hv], 1) @ wg + bg)
    rv, uv = g[:, :H], g[:, H:]
    cv = np.tanh(np.concatenate([xv[t], rv * hv], 1) @ wc + bc)
    hv = uv * hv + (1 - uv) * cv
results = []
for level in (0, 3):
    m = tfs.load(tfs.compile(y, graph=graph, opt_level=level,
                             output=os.path.join(out, "lib_gru_%d.so" % level)))
    for name, value in [("gru/gates/kernel", wg), ("gru/gates/bias", bg),
                        ("gru/candidate/kernel", wc),
                        ("gru/candidate/bias", bc)]:
        m.set_variable(name, value)
    for threads in (1, 2):
        m.set_num_threads(threads)
        results.append(float(np.abs(m.run({"x": xv})["y:0"] - hv).max())
                       < 1e-5)
print("gru", results)
# CHECK-NEXT: gru [True, True, True, True]
