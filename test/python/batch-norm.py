# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Batch normalization at inference: tf.layers.batch_normalization
# (training=False) with TF 1.15's variables (gamma, beta, moving_mean,
# moving_variance; the moving ones not trainable) and ops (4-D inputs
# through FusedBatchNormV3, others through tf.nn.batch_normalization's
# composite), tf.nn.fused_batch_norm(is_training=False) and
# tf.nn.batch_normalization; compiled at -O0 and -O3, 1 and 2 threads,
# against numpy's (x - mean) / sqrt(variance + epsilon) * gamma + beta
# (rtol 1e-5, atol 1e-5; float64 reference), with random statistics.
# After a convolution the normalization is computed in its tiles, so its
# output is checked against numpy applied to the convolution's output.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
rng = np.random.default_rng(11)

x = tf.placeholder(tf.float32, [2, 5, 5, 8], name="x")
d = tf.placeholder(tf.float32, [4, 6], name="d")
conv = tf.layers.conv2d(x, 16, 3, padding="same", use_bias=False)
y_conv = tf.nn.relu(tf.layers.batch_normalization(conv, training=False))
y4 = tf.layers.batch_normalization(x, epsilon=0.01, name="bn4")
y2 = tf.layers.batch_normalization(d)
scale_v = rng.uniform(0.5, 2, 8).astype(np.float32)
offset_v = rng.uniform(-1, 1, 8).astype(np.float32)
mean_v = rng.uniform(-1, 1, 8).astype(np.float32)
var_v = rng.uniform(0.1, 2, 8).astype(np.float32)
scale, offset, mean, var = (tf.constant(v) for v in (scale_v, offset_v,
                                                     mean_v, var_v))
f, f_mean, f_var = tf.nn.fused_batch_norm(x, scale, offset, mean, var,
                                          epsilon=1e-7, is_training=False)
n = tf.nn.batch_normalization(d, mean[:6], var[:6], None, scale[:6], 0.5)
for t in (y_conv.op.inputs[0], y4, y2, f, f_mean, n):
    print(t.name, t.shape, [i.name for i in t.op.inputs])
print([i.name for i in n.op.inputs[1].op.inputs])
# CHECK: batch_normalization/FusedBatchNormV3:0 (2, 5, 5, 16) ['conv2d/Conv2D:0', 'batch_normalization/gamma/read:0', 'batch_normalization/beta/read:0', 'batch_normalization/moving_mean/read:0', 'batch_normalization/moving_variance/read:0']
# CHECK-NEXT: bn4/FusedBatchNormV3:0 (2, 5, 5, 8) ['x:0', 'bn4/gamma/read:0', 'bn4/beta/read:0', 'bn4/moving_mean/read:0', 'bn4/moving_variance/read:0']
# CHECK-NEXT: batch_normalization_1/batchnorm/add_1:0 (4, 6) ['batch_normalization_1/batchnorm/mul_1:0', 'batch_normalization_1/batchnorm/sub:0']
# CHECK-NEXT: FusedBatchNormV3:0 (2, 5, 5, 8) ['x:0', 'Const:0', 'Const_1:0', 'Const_2:0', 'Const_3:0']
# CHECK-NEXT: FusedBatchNormV3:1 (8,) ['x:0', 'Const:0', 'Const_1:0', 'Const_2:0', 'Const_3:0']
# CHECK-NEXT: batchnorm/add_1:0 (4, 6) ['batchnorm/mul_1:0', 'batchnorm/mul_2:0']
# CHECK-NEXT: ['batchnorm/Neg:0', 'batchnorm/mul:0']
print("%.4g %.4g" % (f.op.get_attr("epsilon"), y4.op.get_attr("epsilon")),
      y4.op.get_attr("is_training"))
# CHECK-NEXT: 1.001e-05 0.01 False
print([v.name for v in tf.global_variables() if "bn4" in v.name])
print([v.name for v in tf.trainable_variables() if "bn4" in v.name])
# CHECK-NEXT: ['bn4/gamma:0', 'bn4/beta:0', 'bn4/moving_mean:0', 'bn4/moving_variance:0']
# CHECK-NEXT: ['bn4/gamma:0', 'bn4/beta:0']

for bad in (lambda: tf.layers.batch_normalization(x, training=True),
            lambda: tf.layers.batch_normalization(x, axis=1),
            lambda: tf.layers.batch_normalization(x, center=False),
            lambda: tf.nn.fused_batch_norm(x, scale, offset),
            lambda: tf.nn.fused_batch_norm(x, scale[:4], offset, mean, var,
                                           is_training=False),
            lambda: tf.nn.fused_batch_norm(d, scale, offset, mean, var,
                                           is_training=False)):
    try:
        bad()
    except (ValueError, NotImplementedError) as err:
        print(type(err).__name__ + ":", err)
# CHECK-NEXT: NotImplementedError: {{.*}}training=True (only inference: training=False){{.*}}
# CHECK-NEXT: NotImplementedError: {{.*}}over axis 1 of a rank-4 input (only the last axis){{.*}}
# CHECK-NEXT: NotImplementedError: {{.*}}center=False or scale=False{{.*}}
# CHECK-NEXT: NotImplementedError: {{.*}}is_training=True{{.*}}
# CHECK-NEXT: ValueError: Dimensions must be equal, but are 8 and 4 for 'FusedBatchNormV3_1' (op: 'FusedBatchNormV3') with input shapes: [2,5,5,8], [4], [8], [8], [8].
# CHECK-NEXT: ValueError: Shape must be rank 4 but is rank 2 for 'FusedBatchNormV3_2' (op: 'FusedBatchNormV3') with input shapes: [4,6], [8], [8], [8], [8].


def normalize(v, mean, var, eps, gamma=1.0, beta=0.0):
    v = v.astype(np.float64)
    return (v - mean) / np.sqrt(np.asarray(var, np.float64) + eps) * gamma \
        + beta


xv = rng.standard_normal([2, 5, 5, 8]).astype(np.float32)
dv = rng.standard_normal([4, 6]).astype(np.float32)
stats = {}
for level in (0, 3):
    m = tfs.load(tfs.compile([conv, y_conv, y4, y2, f, f_var, n],
                             opt_level=level,
                             output=os.path.join(out, "libbn%d.so" % level)))
    m.init()
    if not stats:
        for var_name in m.variables:
            if "conv2d" in var_name:
                continue
            size = m.variable(var_name).shape
            stats[var_name] = (rng.uniform(0.1, 2, size)
                               if "variance" in var_name
                               else rng.uniform(-1, 1, size)).astype(
                                   np.float32)
    for var_name, value in stats.items():
        m.set_variable(var_name, value)
    s = {k: v.astype(np.float64) for k, v in stats.items()}

    def bn(v, prefix, eps):
        return normalize(v, s[prefix + "/moving_mean"],
                         s[prefix + "/moving_variance"], eps,
                         s[prefix + "/gamma"], s[prefix + "/beta"])

    for threads in (1, 2):
        m.set_num_threads(threads)
        got = m.run({"x": xv, "d": dv})
        want = {
            y_conv.name: np.maximum(bn(got[conv.name], "batch_normalization",
                                       1e-3), 0),
            y4.name: bn(xv, "bn4", 0.01),
            y2.name: bn(dv, "batch_normalization_1", 1e-3),
            f.name: normalize(xv, mean_v, var_v, 1.001e-5, scale_v,
                              offset_v),
            f_var.name: var_v,
            n.name: normalize(dv, mean_v[:6], var_v[:6], 0.5, scale_v[:6]),
        }
        print(level, threads, all(
            np.allclose(got[k], w, rtol=1e-5, atol=1e-5)
            for k, w in want.items()),
            float(np.abs(got[y_conv.name]).max()) > 0)
# CHECK-NEXT: 0 1 True True
# CHECK-NEXT: 0 2 True True
# CHECK-NEXT: 3 1 True True
# CHECK-NEXT: 3 2 True True

# NCHW builds (TF's shape function takes channels from dimension 1) but is
# a compile error at the op's line.
nchw = tf.placeholder(tf.float32, [2, 8, 5, 5], name="nchw")
y_nchw = tf.nn.fused_batch_norm(nchw, scale, offset, mean, var,
                                is_training=False, data_format="NCHW")[0]
print(y_nchw.shape)
try:
    tfs.compile(y_nchw, output=os.path.join(out, "libnchw.so"))
except Exception as err:  # pylint: disable=broad-except
    print(str(err).splitlines()[-1].replace(__file__, "FILE"))
# CHECK-NEXT: (2, 8, 5, 5)
# CHECK-NEXT: FILE:{{[0-9]+}}: TF op FusedBatchNormV3 ('FusedBatchNormV3_{{[0-9]+}}'): data_format NCHW is not supported yet (only NHWC)
