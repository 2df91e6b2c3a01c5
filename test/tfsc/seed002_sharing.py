# RUN: tfsc run %s | FileCheck %s
# Seed 002 (a shorter translation of the sharing guide): its examples with
# the typos fixed (`get_variables`, `resue`, `stripes`, missing commas) since
# TF would reject those too.
import tensorflow as tf

with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
assert v.name == "foo/v:0"
with tf.variable_scope("foo"):
    with tf.variable_scope("bar"):
        v = tf.get_variable("v", [1])
assert v.name == "foo/bar/v:0"
with tf.variable_scope("foo"):
    v = tf.get_variable("w", [1])
    tf.get_variable_scope().reuse_variables()
    v1 = tf.get_variable("w", [1])
assert v1 is v
with tf.variable_scope("root"):
    assert tf.get_variable_scope().reuse == False
    with tf.variable_scope("foo"):
        assert tf.get_variable_scope().reuse == False
    with tf.variable_scope("foo", reuse=True):
        assert tf.get_variable_scope().reuse == True
        with tf.variable_scope("bar"):
            assert tf.get_variable_scope().reuse == True
    assert tf.get_variable_scope().reuse == False
with tf.variable_scope("cap") as foo_scope:
    v = tf.get_variable("v", [1])
with tf.variable_scope(foo_scope):
    w = tf.get_variable("w", [1])
with tf.variable_scope(foo_scope, reuse=True):
    v1 = tf.get_variable("v", [1])
    w1 = tf.get_variable("w", [1])
assert v1 is v
assert w1 is w
print(v1.name, w1.name)
# CHECK: cap/v:0 cap/w:0
