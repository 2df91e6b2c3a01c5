# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.nn.depthwise_conv2d with rate > 1 (atrous, as DeepLab uses it) is a
# depthwise convolution with dilations; TF requires unit strides then, and
# so does tfsc, with an error instead of TF's undefined result. Checked
# against numpy (float64; 5 x 5 x C products of values in [-1, 1), 1e-5).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "Integration", "Inputs"))
import reference  # noqa: E402

out = sys.argv[1]
rng = np.random.default_rng(7)
x = tf.placeholder(tf.float32, [1, 24, 20, 8], name="x")
w = tf.placeholder(tf.float32, [5, 5, 8, 2], name="w")
for padding in ("SAME", "VALID"):
    y = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], padding, rate=[2, 3],
                               name="atrous_" + padding.lower())
    print(y.name, y.shape)
    m = tfs.load(tfs.compile(y, output=os.path.join(out,
                                                    "lib%s.so" % padding)))
    xv = rng.uniform(-1, 1, [1, 24, 20, 8]).astype(np.float32)
    wv = rng.uniform(-1, 1, [5, 5, 8, 2]).astype(np.float32)
    got = m.run({"x": xv, "w": wv})[y.name]
    want = reference.depthwise_conv2d(xv, wv, dilations=(2, 3),
                                      padding=padding)
    print(padding, got.shape == want.shape,
          float(np.abs(got - want).max()) < 1e-5)
# CHECK: atrous_same:0 (1, 24, 20, 16)
# CHECK-NEXT: SAME True True
# CHECK-NEXT: atrous_valid:0 (1, 16, 8, 16)
# CHECK-NEXT: VALID True True

for kwargs in ({"strides": [1, 2, 2, 1], "rate": [2, 2]},
               {"strides": [1, 1, 1, 1], "rate": [0, 1]},
               {"strides": [1, 1, 1, 1], "rate": [2]}):
    try:
        tf.nn.depthwise_conv2d(x, w, padding="SAME", **kwargs)
        print("no error")
    except ValueError as e:
        print("ValueError:", e)
# CHECK-NEXT: ValueError: depthwise_conv2d: strides must all be 1 when rate > 1, got strides [1, 2, 2, 1] and rate [2, 2]
# CHECK-NEXT: ValueError: rate must be positive, got [0, 1]
# CHECK-NEXT: ValueError: rate should be of length 2 but was 1
# CHECK-NOT: no error
