# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.nn.conv2d_transpose: TF 1.15's Conv2DBackpropInput (named after the
# scope, output_shape its constant input_sizes), the kernel's checks as
# compile errors at the model's line; compiled (one convolution per
# output phase) at -O0 and -O3 against a numpy scatter of every input
# element times the filter into the output window (float64, rtol and atol
# 1e-4), for SAME and VALID, strides 1 to 3, filters smaller than the
# stride (phases without taps), larger, and non-square.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
rng = np.random.default_rng(0)


def scatter(x, w, out_shape, s, padding):
    _, ih, iw, _ = x.shape
    kh, kw = w.shape[:2]
    oh, ow = out_shape[1], out_shape[2]
    pt = pl = 0
    if padding == "SAME":
        pt = max((ih - 1) * s + kh - oh, 0) // 2
        pl = max((iw - 1) * s + kw - ow, 0) // 2
    y = np.zeros(out_shape)
    for i in range(ih):
        for j in range(iw):
            for a in range(kh):
                for b in range(kw):
                    r, q = i * s + a - pt, j * s + b - pl
                    if 0 <= r < oh and 0 <= q < ow:
                        y[:, r, q, :] += x[:, i, j, :].astype(np.float64) @ \
                            w[a, b].T.astype(np.float64)
    return y


cases = [((1, 4, 4, 8), (3, 3, 5, 8), (1, 8, 8, 5), 2, "SAME"),
         ((2, 5, 5, 3), (3, 3, 4, 3), (2, 11, 11, 4), 2, "VALID"),
         ((1, 3, 5, 16), (5, 5, 8, 16), (1, 9, 15, 8), 3, "SAME"),
         ((1, 7, 7, 32), (3, 3, 16, 32), (1, 7, 7, 16), 1, "SAME"),
         ((1, 4, 4, 2), (2, 2, 3, 2), (1, 8, 8, 3), 2, "VALID"),
         ((1, 4, 4, 2), (3, 3, 3, 2), (1, 7, 7, 3), 2, "SAME"),
         ((1, 3, 3, 4), (1, 1, 2, 4), (1, 6, 6, 2), 2, "SAME"),
         ((1, 3, 3, 4), (2, 2, 2, 4), (1, 9, 9, 2), 3, "VALID"),
         ((2, 3, 4, 4), (4, 3, 2, 4), (2, 8, 9, 2), 2, "VALID")]
outs, feeds, wants = [], {}, []
for k, (xs, ws, os_, s, p) in enumerate(cases):
    x = tf.placeholder(tf.float32, xs, name="x%d" % k)
    wv = rng.standard_normal(ws).astype(np.float32)
    y = tf.nn.conv2d_transpose(x, tf.constant(wv), os_, [1, s, s, 1], p)
    xv = rng.standard_normal(xs).astype(np.float32)
    outs.append(y)
    feeds["x%d" % k] = xv
    wants.append(scatter(xv, wv, os_, s, p))
print(outs[0].name, outs[0].shape, [i.name for i in outs[0].op.inputs])
print(outs[0].op.type, outs[0].op.get_attr("strides"),
      outs[0].op.get_attr("padding"))
# CHECK: conv2d_transpose:0 (1, 8, 8, 5) ['conv2d_transpose/input_sizes:0', 'Const:0', 'x0:0']
# CHECK-NEXT: Conv2DBackpropInput [1, 2, 2, 1] SAME
for level in (0, 3):
    m = tfs.load(tfs.compile(outs, opt_level=level,
                             output=os.path.join(out, "libct%d.so" % level)))
    got = m.run(feeds)
    print(level, all(np.allclose(got[o.name], w, rtol=1e-4, atol=1e-4)
                     for o, w in zip(outs, wants)))
# CHECK-NEXT: 0 True
# CHECK-NEXT: 3 True

# The kernel's checks, at the model's line when tfsc compiles.
x = tf.placeholder(tf.float32, [1, 4, 4, 2], name="bad_x")
w = tf.constant(np.ones([3, 3, 3, 2], np.float32))
for shape in ([1, 8, 9, 3], [1, 8, 8, 4]):
    bad = tf.nn.conv2d_transpose(x, w, shape, 2)
    try:
        tfs.compile(bad, output=os.path.join(out, "libbad.so"))
    except Exception as err:  # pylint: disable=broad-except
        print(str(err).splitlines()[-1].replace(__file__, "FILE"))
# CHECK-NEXT: FILE:{{[0-9]+}}: TF op Conv2DBackpropInput ('conv2d_transpose_{{[0-9]+}}'): Conv2DCustomBackpropInput: Size of out_backprop doesn't match computed: actual = 4, computed = 5 spatial_dim: 2 input: 9 filter: 3 output: 4 stride: 2 dilation: 1
# CHECK-NEXT: FILE:{{[0-9]+}}: TF op Conv2DBackpropInput ('conv2d_transpose_{{[0-9]+}}'): Conv2DCustomBackpropInput: input and filter must have the same depth
try:
    tf.nn.conv2d_transpose(x, w, [1, 8, 8, 3], 2, padding="FULL")
except ValueError as err:
    print(err)
# CHECK-NEXT: padding must be either VALID or SAME: FULL

# tf.layers.conv2d_transpose: kernel (kh, kw, filters, channels), the
# output shape from tf.shape as TF builds it, bias and activation.
graph = tf.Graph()
with graph.as_default():
    lx = tf.placeholder(tf.float32, [2, 7, 7, 16], name="lx")
    ly = tf.layers.conv2d_transpose(lx, 8, 3, strides=2, padding="same",
                                    activation=tf.nn.relu)
    lz = tf.layers.conv2d_transpose(lx, 4, (4, 3), strides=(2, 1),
                                    padding="valid")
    for t in (ly, lz):
        print(t.name, t.shape, [i.name for i in t.op.inputs])
    print([v.name + str(v.shape) for v in tf.global_variables()])
# CHECK-NEXT: conv2d_transpose/Relu:0 (2, 14, 14, 8) ['conv2d_transpose/BiasAdd:0']
# CHECK-NEXT: conv2d_transpose_1/BiasAdd:0 (2, 16, 9, 4) ['conv2d_transpose_1/conv2d_transpose:0', 'conv2d_transpose_1/bias/read:0']
# CHECK-NEXT: ['conv2d_transpose/kernel:0(3, 3, 8, 16)', 'conv2d_transpose/bias:0(8,)', 'conv2d_transpose_1/kernel:0(4, 3, 4, 16)', 'conv2d_transpose_1/bias:0(4,)']
with graph.as_default():
    m = tfs.load(tfs.compile([ly, lz], output=os.path.join(out, "liblct.so")))
    m.init()
    for name in ("conv2d_transpose/bias", "conv2d_transpose_1/bias"):
        m.set_variable(name, rng.standard_normal(m.variable(name).shape).astype(
            np.float32))
    lxv = rng.standard_normal([2, 7, 7, 16]).astype(np.float32)
    got = m.run({"lx": lxv})
    want_y = np.maximum(scatter(lxv, m.variable("conv2d_transpose/kernel"),
                                (2, 14, 14, 8), 2, "SAME") +
                        m.variable("conv2d_transpose/bias"), 0)
    w1 = m.variable("conv2d_transpose_1/kernel")
    # A (2, 1) stride: the scatter per dimension.
    want_z = np.zeros((2, 16, 9, 4))
    for i in range(7):
        for j in range(7):
            for a in range(4):
                for b in range(3):
                    want_z[:, i * 2 + a, j + b, :] += \
                        lxv[:, i, j, :].astype(np.float64) @ w1[a, b].T
    want_z += m.variable("conv2d_transpose_1/bias")
    print(np.allclose(got[ly.name], want_y, rtol=1e-4, atol=1e-4),
          np.allclose(got[lz.name], want_z, rtol=1e-4, atol=1e-4))
# CHECK-NEXT: True True
