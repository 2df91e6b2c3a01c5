# RUN: not tfsc run %s 2>&1 | FileCheck %s
# Sharing with a different dtype.
import tensorflow as tf

with tf.variable_scope("foo"):
    tf.get_variable("v", [1])
with tf.variable_scope("foo", reuse=True):
    tf.get_variable("v", [1], dtype=tf.float64)
# CHECK: ValueError: Trying to share variable foo/v, but specified dtype float64 and found dtype float32_ref.
