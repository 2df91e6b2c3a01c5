# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Stride-1 3x3 and 5x5 convolutions compiled at -O3 use Winograd's
# algorithm (tfs-winograd-conv: F(4x4, 3x3), F(2x2, 5x5)), fused with their
# bias and activation; the same graphs compiled with winograd=False sum
# directly. Both are checked against float64 numpy: inputs and filters
# uniform in [-1, 1), errors as a fraction of the largest output magnitude
# (max |got - want| / max |want|). The stated bound is 2e-5 for Winograd
# (measured: 2e-6 to 1.2e-5), about 3-10x the direct sums' error (which
# must stay below 5e-6; measured 5e-7 to 2.3e-6, tanh's approximation
# included), checked
# over several shapes: both tile sizes, batches, channel counts over one
# and several vectors, tasks of several tile rows over the threads, rows
# split into tasks, sizes the tile does not divide (computed on whole tiles
# and sliced, a residual input padded alike), transformed filters read in
# blocks of channels, and a convolution the pass leaves alone (6 x 6
# outputs).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "Integration", "Inputs"))
import reference  # noqa: E402

out = sys.argv[1]
rng = np.random.default_rng(11)
cases = [
    # name, input NHWC, filter HWIO, padding, activation
    ("k3_same", [1, 16, 16, 32], [3, 3, 32, 64], "SAME", "relu"),
    ("k3_valid_batch", [2, 18, 10, 16], [3, 3, 16, 32], "VALID", None),
    ("k5_same", [1, 32, 32, 32], [5, 5, 32, 32], "SAME", "relu"),
    ("k5_deep", [1, 8, 8, 128], [5, 5, 128, 48], "SAME", None),
    ("k3_tanh", [1, 8, 8, 16], [3, 3, 16, 16], "SAME", "tanh"),
    # sizes the tile does not divide: zeros below and right, sliced
    ("k3_odd_width", [1, 15, 15, 32], [3, 3, 32, 32], "SAME", "relu"),
    ("k3_14_residual", [1, 14, 14, 64], [3, 3, 64, 64], "SAME", "residual"),
    ("k5_7x7", [2, 7, 7, 32], [5, 5, 32, 32], "SAME", "relu"),
    ("k3_valid_odd", [1, 17, 11, 16], [3, 3, 16, 16], "VALID", None),
    # 13 x 13 as 16 x 16 (1.51x the outputs)
    ("k3_13x13", [1, 13, 13, 64], [3, 3, 64, 64], "SAME", "relu"),
    # left alone: 6 x 6 outputs would be computed as 8 x 8 (1.8x)
    ("k3_6x6", [1, 6, 6, 16], [3, 3, 16, 16], "SAME", "relu"),
    # 4 tasks of 4 tile rows, over the threads
    ("k3_tall", [1, 64, 16, 32], [3, 3, 32, 32], "SAME", "relu"),
    # rows of 13 tiles: register tiles of 7 and 6 tiles
    ("k3_prime_row", [1, 52, 52, 16], [3, 3, 16, 32], "SAME", "relu"),
    # rows of 56 tiles as tasks of 28
    ("k3_wide", [1, 8, 224, 64], [3, 3, 64, 64], "SAME", None),
    # U over 4 MiB: tasks of 64 output channels, products summed over
    # blocks of input channels; 14 x 14 as whole tiles, 3 blocks of 64
    ("k3_blocked", [1, 16, 16, 256], [3, 3, 256, 256], "SAME", "residual"),
    ("k3_blocked_odd", [2, 14, 14, 256], [3, 3, 256, 192], "SAME", "relu"),
]
for name, xs, ws, padding, act in cases:
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, xs, name="x")
    w = tf.placeholder(tf.float32, ws, name="w")
    b = tf.placeholder(tf.float32, [ws[3]], name="b")
    y = tf.nn.bias_add(tf.nn.conv2d(x, w, [1, 1, 1, 1], padding), b)
    feeds = {"x": rng.uniform(-1, 1, xs).astype(np.float32),
             "w": rng.uniform(-1, 1, ws).astype(np.float32),
             "b": rng.uniform(-1, 1, [ws[3]]).astype(np.float32)}
    want = reference.conv2d(feeds["x"], feeds["w"], padding=padding) \
        + feeds["b"].astype(np.float64)
    if act == "relu":
        y = tf.nn.relu(y)
        want = np.maximum(want, 0)
    elif act == "tanh":
        y = tf.tanh(y)
        want = np.tanh(want)
    elif act == "residual":
        # relu(conv + b + r): an elementwise input of the output's shape
        r = tf.placeholder(tf.float32, y.shape.as_list(), name="r")
        y = tf.nn.relu(y + r)
        feeds["r"] = rng.uniform(-1, 1, y.shape.as_list()).astype(np.float32)
        want = np.maximum(want + feeds["r"], 0)
    errors = []
    for winograd in (True, False):
        lib = os.path.join(out, "lib%s_%d.so" % (name, winograd))
        m = tfs.load(tfs.compile(y, output=lib, winograd=winograd))
        got = m.run(feeds)[y.name]
        assert got.shape == want.shape, (got.shape, want.shape)
        errors.append(float(np.abs(got - want).max() / np.abs(want).max()))
    print(name, "winograd", errors[0] < 2e-5, "direct", errors[1] < 5e-6,
          "(%.1e, %.1e)" % tuple(errors), file=sys.stderr)
    print(name, "winograd", errors[0] < 2e-5, "direct", errors[1] < 5e-6)
# CHECK: k3_same winograd True direct True
# CHECK-NEXT: k3_valid_batch winograd True direct True
# CHECK-NEXT: k5_same winograd True direct True
# CHECK-NEXT: k5_deep winograd True direct True
# CHECK-NEXT: k3_tanh winograd True direct True
# CHECK-NEXT: k3_odd_width winograd True direct True
# CHECK-NEXT: k3_14_residual winograd True direct True
# CHECK-NEXT: k5_7x7 winograd True direct True
# CHECK-NEXT: k3_valid_odd winograd True direct True
# CHECK-NEXT: k3_13x13 winograd True direct True
# CHECK-NEXT: k3_6x6 winograd True direct True
# CHECK-NEXT: k3_tall winograd True direct True
# CHECK-NEXT: k3_prime_row winograd True direct True
# CHECK-NEXT: k3_wide winograd True direct True
# CHECK-NEXT: k3_blocked winograd True direct True
# CHECK-NEXT: k3_blocked_odd winograd True direct True

# The transformed filter is kept between calls and computed again when the
# filter's bits change: through set_variable, through the live numpy view
# of the variable, and back to an earlier value; U whole (32 channels) and
# in blocks of channels (256).
for channels in (32, 256):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [1, 16, 16, channels], name="x")
    with tf.variable_scope("c"):
        w = tf.get_variable("w", [3, 3, channels, channels],
                            initializer=tf.random_uniform_initializer(-1, 1))
    y = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
    m = tfs.load(tfs.compile(
        y, output=os.path.join(out, "libvariable%d.so" % channels)))
    xv = rng.uniform(-1, 1, [1, 16, 16, channels]).astype(np.float32)

    def check(label):
        got = m.run({"x": xv})[y.name]
        want = reference.conv2d(xv, np.array(m.variables["c/w"]),
                                padding="SAME")
        error = float(np.abs(got - want).max() / np.abs(want).max())
        print(channels, label, error < 2e-5)

    check("initial")
    first = np.array(m.variables["c/w"])
    m.set_variable("c/w", rng.uniform(-1, 1, [3, 3, channels, channels])
                   .astype(np.float32))
    check("set_variable")
    m.variables["c/w"][1, 1, 5, channels - 7] += 1.0
    check("live view, one element")
    m.set_variable("c/w", first)
    check("back to the first")
# CHECK-NEXT: 32 initial True
# CHECK-NEXT: 32 set_variable True
# CHECK-NEXT: 32 live view, one element True
# CHECK-NEXT: 32 back to the first True
# CHECK-NEXT: 256 initial True
# CHECK-NEXT: 256 set_variable True
# CHECK-NEXT: 256 live view, one element True
# CHECK-NEXT: 256 back to the first True
