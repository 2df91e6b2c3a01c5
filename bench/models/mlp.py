# MLP 784-512-512-10 + softmax at batch B (default 1).
import sys

import tensorflow as tf

batch = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def dense(x, units, name, activation=None):
    with tf.variable_scope(name):
        w = tf.get_variable("kernel", [x.shape[1], units],
                            initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("bias", [units],
                            initializer=tf.zeros_initializer())
        y = tf.nn.bias_add(tf.matmul(x, w), b)
        return activation(y) if activation else y


x = tf.placeholder(tf.float32, [batch, 784], name="x")
with tf.variable_scope("mlp"):
    h = dense(x, 512, "hidden1", tf.nn.relu)
    h = dense(h, 512, "hidden2", tf.nn.relu)
    probs = tf.nn.softmax(dense(h, 10, "logits"), name="probs")
