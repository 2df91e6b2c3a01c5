# RUN: tfsc run %s | FileCheck %s
# Seed 000: tf.Variable in a function creates a new variable per call; the
# get_variable + scope.reuse_variables() version shares one.
# The seed shows the collection's list wrapped over two lines; Python prints
# it on one line, which is what we check.
import tensorflow as tf


def func(a, b):
    x = tf.Variable(tf.random_uniform([]), name="x")
    mul = a * tf.cos(x)
    add = mul + b
    sin = tf.sin(add)
    exp = tf.exp(sin)
    return exp


object_func = func(4, 1) + func(5, 2)
graph = tf.get_default_graph()
print(graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES))
# CHECK: [<tf.Variable 'x:0' shape=() dtype=float32_ref>, <tf.Variable 'x_1:0' shape=() dtype=float32_ref>]

tf.reset_default_graph()


def func2(a, b):
    x = tf.get_variable(initializer=tf.random_normal_initializer(), shape=[],
                        name="x")
    mul = a * tf.cos(x)
    add = mul + b
    sin = tf.sin(add)
    exp = tf.exp(sin)
    return exp


with tf.variable_scope("scope") as scope:
    add_left = func2(4, 1)
    scope.reuse_variables()
    add_right = func2(5, 2)
object_func = add_left + add_right
print(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES))
# CHECK-NEXT: [<tf.Variable 'scope/x:0' shape=() dtype=float32_ref>]
print(add_left.op.name, add_right.op.name, object_func.op.name)
# CHECK-NEXT: scope/Exp scope/Exp_1 add
print(add_left.op.inputs[0].op.inputs[0].op.inputs[0].name)
# CHECK-NEXT: scope/mul:0
