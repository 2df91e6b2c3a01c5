# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.nn.rnn_cell's BasicRNNCell, BasicLSTMCell, LSTMCell (peepholes, cell
# clip, projection), GRUCell and MultiRNNCell under tf.nn.dynamic_rnn and
# tf.nn.static_rnn: TF 1.15's variable names (each cell's scope opened at
# its first call inside "rnn", every later step reusing it; a second
# static_rnn in "rnn" again reuses nothing it did not ask for), its tensor
# names where they do not depend on TF's while loop, and the numerics
# against numpy in float64 at -O0 and -O3, 1 and 2 threads (tolerance
# 1e-5: sums of at most 12 products of values below 1, through 6 steps).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "Integration", "Inputs"))
from reference import (basic_lstm_step, gru_basic_rnn_step,  # noqa: E402
                       sigmoid)

out = sys.argv[1]
B, T, I = 2, 6, 3
rng = np.random.default_rng(5)
xv = rng.uniform(-1, 1, [B, T, I]).astype(np.float32)
yv = rng.uniform(-1, 1, [T, B, I]).astype(np.float32)
c0v = rng.uniform(-1, 1, [B, 5]).astype(np.float32)
m0v = rng.uniform(-1, 1, [B, 2]).astype(np.float32)

x = tf.placeholder(tf.float32, [B, T, I], name="x")
y = tf.placeholder(tf.float32, [T, B, I], name="y")
c0 = tf.placeholder(tf.float32, [B, 5], name="c0")
m0 = tf.placeholder(tf.float32, [B, 2], name="m0")

lstm = tf.nn.rnn_cell.BasicLSTMCell(4)
outputs, state = tf.nn.dynamic_rnn(lstm, x, dtype=tf.float32)
print(outputs.name, outputs.shape, type(state).__name__, state.c.shape)
# CHECK: rnn/transpose_1:0 (2, 6, 4) LSTMStateTuple (2, 4)

stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(4),
                                     tf.nn.rnn_cell.BasicRNNCell(5)])
steps, (gru_state, basic_state) = tf.nn.static_rnn(
    stack, tf.unstack(y), dtype=tf.float32)
print(len(steps), steps[0].name, steps[-1].name, steps[-1] is basic_state)
# CHECK-NEXT: 6 rnn_1/rnn/multi_rnn_cell/cell_1/basic_rnn_cell/Tanh:0 rnn_1/rnn/multi_rnn_cell/cell_1/basic_rnn_cell/Tanh_5:0 True

peep = tf.nn.rnn_cell.LSTMCell(5, use_peepholes=True, cell_clip=0.5,
                               num_proj=2, forget_bias=0.5)
projected, peep_state = tf.nn.dynamic_rnn(
    peep, y, initial_state=tf.nn.rnn_cell.LSTMStateTuple(c0, m0),
    time_major=True, scope="peep")
print(projected.name, projected.shape)
# CHECK-NEXT: peep/stack:0 (6, 2, 2)

for v in tf.global_variables():
    print(v.name, v.shape)
# CHECK-NEXT: rnn/basic_lstm_cell/kernel:0 (7, 16)
# CHECK-NEXT: rnn/basic_lstm_cell/bias:0 (16,)
# CHECK-NEXT: rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel:0 (7, 8)
# CHECK-NEXT: rnn/multi_rnn_cell/cell_0/gru_cell/gates/bias:0 (8,)
# CHECK-NEXT: rnn/multi_rnn_cell/cell_0/gru_cell/candidate/kernel:0 (7, 4)
# CHECK-NEXT: rnn/multi_rnn_cell/cell_0/gru_cell/candidate/bias:0 (4,)
# CHECK-NEXT: rnn/multi_rnn_cell/cell_1/basic_rnn_cell/kernel:0 (9, 5)
# CHECK-NEXT: rnn/multi_rnn_cell/cell_1/basic_rnn_cell/bias:0 (5,)
# CHECK-NEXT: peep/lstm_cell/kernel:0 (5, 20)
# CHECK-NEXT: peep/lstm_cell/bias:0 (20,)
# CHECK-NEXT: peep/lstm_cell/w_f_diag:0 (5,)
# CHECK-NEXT: peep/lstm_cell/w_i_diag:0 (5,)
# CHECK-NEXT: peep/lstm_cell/w_o_diag:0 (5,)
# CHECK-NEXT: peep/lstm_cell/projection/kernel:0 (5, 2)

# A second cell under the same scope name: "rnn" again, so the variables
# exist and reuse was not asked for.
try:
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
except ValueError as e:
    print("ValueError:", str(e).splitlines()[0])
# CHECK-NEXT: ValueError: Variable rnn/basic_lstm_cell/kernel already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?
try:
    tf.nn.dynamic_rnn(lstm, x)
except ValueError as e:
    print("ValueError:", e)
# CHECK-NEXT: ValueError: If there is no initial_state, you must give a dtype.
try:
    tf.nn.dynamic_rnn(lstm, x, dtype=tf.float32, sequence_length=[6, 6])
except NotImplementedError as e:
    print("NotImplementedError:", e)
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.nn.dynamic_rnn(sequence_length=...) yet.

# Random weights for every variable (the initializers' values are checked
# elsewhere), set into each compiled model.
weights = {v.name[:-2]: rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(
    np.float32) for v in tf.global_variables()}


def w(name):
    return weights[name].astype(np.float64)


def reference():
    got = {}
    # BasicLSTMCell over x, batch-major.
    c = np.zeros([B, 4])
    h = np.zeros([B, 4])
    hs = []
    for t in range(T):
        c, h = basic_lstm_step(xv[:, t], c, h,
                               w("rnn/basic_lstm_cell/kernel"),
                               w("rnn/basic_lstm_cell/bias"))
        hs.append(h)
    got["outputs"] = np.stack(hs, 1)
    got["c"], got["h"] = c, h
    # GRUCell then BasicRNNCell, over y.
    g = np.zeros([B, 4])
    s = np.zeros([B, 5])
    for t in range(T):
        g, s = gru_basic_rnn_step(yv[t], g, s, w, "rnn/multi_rnn_cell/")
    got["gru"], got["basic"] = g, s
    # LSTMCell with peepholes, clip 0.5, projection to 2, over y.
    c = c0v.astype(np.float64)
    m = m0v.astype(np.float64)
    ms = []
    q = "peep/lstm_cell/"
    for t in range(T):
        z = np.concatenate([yv[t], m], 1) @ w(q + "kernel") + w(q + "bias")
        i, j, f, o = np.split(z, 4, axis=1)
        c = (sigmoid(f + 0.5 + w(q + "w_f_diag") * c) * c
             + sigmoid(i + w(q + "w_i_diag") * c) * np.tanh(j))
        c = np.clip(c, -0.5, 0.5)
        m = sigmoid(o + w(q + "w_o_diag") * c) * np.tanh(c)
        m = m @ w(q + "projection/kernel")
        ms.append(m)
    got["projected"] = np.stack(ms)
    got["peep_c"], got["peep_m"] = c, m
    return got


fetches = {"outputs": outputs, "c": state.c, "h": state.h,
           "gru": gru_state, "basic": basic_state,
           "projected": projected, "peep_c": peep_state.c,
           "peep_m": peep_state.h}
want = reference()
for level in (0, 3):
    m = tfs.load(tfs.compile(list(fetches.values()), opt_level=level,
                             output=os.path.join(out, "librnn%d.so" % level)))
    for name, value in weights.items():
        m.set_variable(name, value)
    for threads in (1, 2):
        m.set_num_threads(threads)
        res = m.run({"x": xv, "y": yv, "c0": c0v, "m0": m0v})
        errors = {k: float(np.abs(res[t.name] - want[k]).max())
                  for k, t in fetches.items()}
        print(level, threads, all(e < 1e-5 for e in errors.values()),
              "" if all(e < 1e-5 for e in errors.values()) else errors)
# CHECK-NEXT: 0 1 True
# CHECK-NEXT: 0 2 True
# CHECK-NEXT: 3 1 True
# CHECK-NEXT: 3 2 True
