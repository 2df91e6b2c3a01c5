# RUN: tfsc run %s | FileCheck %s
# Products large enough for packed B (computed as M x N/16 x 16 and
# reshaped) written straight into their destinations by
# tfs-eliminate-empty-tensors: a fetched output and a variable assigned in
# the same run, and a variable assigned its own product (v = v @ w, v read
# while it is written). Results against float64 numpy, relative error
# bound 1e-5 (K = 128 or 256 float32 products).
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x0 = rng.standard_normal((128, 128)).astype(np.float32)
w0 = rng.standard_normal((128, 256)).astype(np.float32)
u0 = rng.standard_normal((256, 256)).astype(np.float32)
m0 = rng.standard_normal((256, 256)).astype(np.float32)
x = tf.placeholder(tf.float32, [128, 128], name="x")
w = tf.get_variable("w", [128, 256], initializer=tf.constant_initializer(w0))
v = tf.get_variable("v", [128, 256], initializer=tf.zeros_initializer())
u = tf.get_variable("u", [256, 256], initializer=tf.constant_initializer(u0))
m = tf.get_variable("m", [256, 256], initializer=tf.constant_initializer(m0))
y = tf.matmul(x, w, name="y")
to_v = tf.assign(v, y)
old_sum = tf.reduce_sum(u, name="old_sum")
to_u = tf.assign(u, tf.matmul(u, m))


def close(got, want):
    return bool(np.abs(got - want).max() <= 1e-5 * np.abs(want).max())


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ref = x0.astype(np.float64) @ w0
    got_y, got_v = sess.run([y, to_v], {x: x0})
    print("output", close(got_y, ref), "assigned", close(got_v, ref),
          "variable", close(sess.run(v), ref))
    # CHECK: output True assigned True variable True
    s, got_u = sess.run([old_sum, to_u])
    ref_u = u0.astype(np.float64) @ m0
    print("read before", bool(abs(s - u0.sum(dtype=np.float64)) < 1e-2),
          "own product", close(got_u, ref_u), "again",
          close(sess.run(to_u), got_u.astype(np.float64) @ m0))
    # CHECK-NEXT: read before True own product True again True
