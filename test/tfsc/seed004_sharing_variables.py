# RUN: tfsc run %s | FileCheck %s
# Seed 004: failing to share with tf.Variable, sharing through a dict, and
# tf.variable_scope capture. Cut: the ValueError/TypeError cells (covered by
# errors_*.py tests) and the Session that printed values; hex(id(...)) lines
# are not printed since ids differ between runs.
import tensorflow as tf


def my_op(x):
    W = tf.Variable(tf.random_normal([32, 10]), name="W")
    b = tf.Variable(tf.zeros([10]), name="b")
    return x @ W + b


image1 = tf.placeholder(tf.float32, shape=(None, 32), name='image1')
image2 = tf.placeholder(tf.float32, shape=(None, 32), name='image2')
result1 = my_op(image1)
result2 = my_op(image2)
print(tf.GraphKeys.TRAINABLE_VARIABLES)
print(tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES))
# CHECK: trainable_variables
# CHECK-NEXT: [<tf.Variable 'W:0' shape=(32, 10) dtype=float32_ref>, <tf.Variable 'b:0' shape=(10,) dtype=float32_ref>, <tf.Variable 'W_1:0' shape=(32, 10) dtype=float32_ref>, <tf.Variable 'b_1:0' shape=(10,) dtype=float32_ref>]
print(result1, result2)
# CHECK-NEXT: Tensor("add:0", shape=(?, 10), dtype=float32) Tensor("add_1:0", shape=(?, 10), dtype=float32)

tf.reset_default_graph()
variables_dict = {"weight": tf.Variable(tf.random_normal([32, 10]), name="W"),
                  "bias": tf.Variable(tf.zeros([10]), name="b")}


def my_op2(x, variables_dict):
    return x @ variables_dict['weight'] + variables_dict['bias']


image1 = tf.placeholder(tf.float32, shape=(None, 32), name='image1')
image2 = tf.placeholder(tf.float32, shape=(None, 32), name='image2')
result1 = my_op2(image1, variables_dict)
result2 = my_op2(image2, variables_dict)
print(tf.GraphKeys.TRAINABLE_VARIABLES)
print(tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES))
# CHECK-NEXT: trainable_variables
# CHECK-NEXT: [<tf.Variable 'W:0' shape=(32, 10) dtype=float32_ref>, <tf.Variable 'b:0' shape=(10,) dtype=float32_ref>]

tf.reset_default_graph()
with tf.variable_scope("one"):
    a = tf.get_variable("v", shape=[1])
with tf.variable_scope("one", reuse=True):
    b = tf.get_variable("v", shape=[1])
assert(a is b)
print(a.name)
print(b.name)
# CHECK-NEXT: one/v:0
# CHECK-NEXT: one/v:0

tf.reset_default_graph()
with tf.variable_scope("one"):
    a = tf.get_variable("v", shape=[1])
    tf.get_variable_scope().reuse_variables()
    b = tf.get_variable("v", shape=[1])
assert(a is b)

tf.reset_default_graph()
with tf.variable_scope("foo") as foo_scope:
    v = tf.get_variable("v", [1])
with tf.variable_scope(foo_scope):
    w = tf.get_variable("w", [1])
with tf.variable_scope(foo_scope, reuse=True):
    v1 = tf.get_variable("v", [1])
    w1 = tf.get_variable("w", [1])
assert v1 == v
assert w1 == w
print(v.name)
print(w.name)
print(v1.name)
print(w1.name)
# CHECK-NEXT: foo/v:0
# CHECK-NEXT: foo/w:0
# CHECK-NEXT: foo/v:0
# CHECK-NEXT: foo/w:0

tf.reset_default_graph()
with tf.variable_scope("foo") as foo_scope:
    print(foo_scope.name)  # foo
with tf.variable_scope("bar"):
    with tf.variable_scope("baz") as other_scope:
        print(other_scope.name)  # bar/baz
# CHECK-NEXT: foo
# CHECK-NEXT: bar/baz

tf.reset_default_graph()
with tf.variable_scope("foo") as foo_scope:
    print(foo_scope.name)
with tf.variable_scope("bar"):
    with tf.variable_scope("baz") as other_scope:
        with tf.variable_scope(foo_scope) as foo_scope2:
            print(foo_scope2.name)  # foo
# CHECK-NEXT: foo
# CHECK-NEXT: foo
