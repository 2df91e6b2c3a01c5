# RUN: not tfsc run %s 2>&1 | FileCheck %s
# Sharing with a different shape.
import tensorflow as tf

with tf.variable_scope("foo"):
    tf.get_variable("v", [1])
with tf.variable_scope("foo", reuse=True):
    tf.get_variable("v", [2])
# CHECK: ValueError: Trying to share variable foo/v, but specified shape (2,) and found shape (1,).
