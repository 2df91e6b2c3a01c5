# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Recurrences long enough that tfs-roll-repeats computes their steps in a
# loop (41 steps: an odd count, so a step is left after the loop's pairs;
# the per-step outputs read after the loop come from its stack): a
# BasicLSTMCell under tf.nn.dynamic_rnn with its outputs fetched, a
# GRUCell + BasicRNNCell stack under tf.nn.static_rnn with every step's
# output fetched, and a tanh RNN written as a Python loop over time with
# tf.get_variable and reuse_variables (the seeds' style), and two stacked
# LSTMs at batch 1 from fed initial states. Numerics against
# numpy in float64 at -O0 and -O3, 1 and 2 threads; tolerance 1e-5: the
# states stay below 1 in magnitude and each step's error (float32 sums of
# at most 24 products, about 1e-7) is damped by the tanh/sigmoid gates.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "Integration", "Inputs"))
from reference import basic_lstm_step, gru_basic_rnn_step  # noqa: E402

out = sys.argv[1]
B, T, I, H = 3, 41, 5, 8
rng = np.random.default_rng(11)
xv = rng.uniform(-1, 1, [B, T, I]).astype(np.float32)
yv = rng.uniform(-1, 1, [T, 1, I]).astype(np.float32)
c0v = rng.uniform(-1, 1, [1, H]).astype(np.float32)
h0v = rng.uniform(-1, 1, [1, H]).astype(np.float32)

x = tf.placeholder(tf.float32, [B, T, I], name="x")
lstm_outputs, lstm_state = tf.nn.dynamic_rnn(
    tf.nn.rnn_cell.BasicLSTMCell(H), x, dtype=tf.float32, scope="lstm")
stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(H),
                                     tf.nn.rnn_cell.BasicRNNCell(4)])
steps, _ = tf.nn.static_rnn(stack, tf.unstack(x, axis=1), dtype=tf.float32,
                            scope="stack")
with tf.variable_scope("loop") as scope:
    h = tf.zeros([B, H])
    for t in range(T):
        if t > 0:
            scope.reuse_variables()
        w_x = tf.get_variable("w_x", [I, H])
        w_h = tf.get_variable("w_h", [H, H])
        b = tf.get_variable("b", [H])
        h = tf.tanh(tf.matmul(x[:, t], w_x) + tf.matmul(h, w_h) + b)
# Two stacked LSTMs at batch 1, time-major, from fed initial states.
y = tf.placeholder(tf.float32, [T, 1, I], name="y")
c0 = tf.placeholder(tf.float32, [1, H], name="c0")
h0 = tf.placeholder(tf.float32, [1, H], name="h0")
layers = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(H),
                                      tf.nn.rnn_cell.BasicLSTMCell(H)])
deep_outputs, deep_state = tf.nn.dynamic_rnn(
    layers, y, time_major=True, scope="deep",
    initial_state=(tf.nn.rnn_cell.LSTMStateTuple(c0, h0),
                   tf.nn.rnn_cell.LSTMStateTuple(h0, c0)))
print(lstm_outputs.shape, len(steps), h.name, deep_outputs.shape)
# CHECK: (3, 41, 8) 41 loop/Tanh_40:0 (41, 1, 8)

weights = {v.name[:-2]: rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(
    np.float32) for v in tf.global_variables()}


def w(name):
    return weights[name].astype(np.float64)


def reference():
    got = {}
    xs = xv.astype(np.float64)
    c = np.zeros([B, H])
    h = np.zeros([B, H])
    hs = []
    for t in range(T):
        c, h = basic_lstm_step(xs[:, t], c, h,
                               w("lstm/basic_lstm_cell/kernel"),
                               w("lstm/basic_lstm_cell/bias"))
        hs.append(h)
    got["lstm_outputs"] = np.stack(hs, 1)
    got["lstm_c"] = c
    g = np.zeros([B, H])
    s = np.zeros([B, 4])
    for t in range(T):
        g, s = gru_basic_rnn_step(xs[:, t], g, s, w, "stack/multi_rnn_cell/")
        got["step%d" % t] = s
    h = np.zeros([B, H])
    for t in range(T):
        h = np.tanh(xs[:, t] @ w("loop/w_x") + h @ w("loop/w_h") + w("loop/b"))
    got["loop"] = h
    state = [(c0v.astype(np.float64), h0v.astype(np.float64)),
             (h0v.astype(np.float64), c0v.astype(np.float64))]
    tops = []
    for t in range(T):
        inp = yv[t].astype(np.float64)
        for n in range(2):
            c, h = state[n]
            p = "deep/multi_rnn_cell/cell_%d/basic_lstm_cell/" % n
            c, h = basic_lstm_step(inp, c, h, w(p + "kernel"),
                                   w(p + "bias"))
            state[n] = (c, h)
            inp = h
        tops.append(inp)
    got["deep_outputs"] = np.stack(tops)
    got["deep_c0"] = state[0][0]
    return got


fetches = {"lstm_outputs": lstm_outputs, "lstm_c": lstm_state.c,
           "loop": h, "deep_outputs": deep_outputs,
           "deep_c0": deep_state[0].c}
fetches.update({"step%d" % t: s for t, s in enumerate(steps)})
want = reference()
for level in (0, 3):
    m = tfs.load(tfs.compile(list(fetches.values()), opt_level=level,
                             output=os.path.join(out, "liblong%d.so" % level)))
    for name, value in weights.items():
        m.set_variable(name, value)
    for threads in (1, 2):
        m.set_num_threads(threads)
        res = m.run({"x": xv, "y": yv, "c0": c0v, "h0": h0v})
        errors = {k: float(np.abs(res[t.name] - want[k]).max())
                  for k, t in fetches.items()}
        worst = max(errors, key=errors.get)
        print(level, threads, errors[worst] < 1e-5,
              "" if errors[worst] < 1e-5 else (worst, errors[worst]))
# CHECK-NEXT: 0 1 True
# CHECK-NEXT: 0 2 True
# CHECK-NEXT: 3 1 True
# CHECK-NEXT: 3 2 True
