# tanh RNN, input 128, hidden 256, STEPS (default 32) steps sharing the cell
# variables, at batch B (default 1).
import sys

import tensorflow as tf

batch = int(sys.argv[1]) if len(sys.argv) > 1 else 1
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 32
n_input, n_hidden = 128, 256

inputs = tf.placeholder(tf.float32, [batch, steps, n_input], name="inputs")
state = tf.zeros([batch, n_hidden])
with tf.variable_scope("rnn") as scope:
    for t, x_t in enumerate(tf.split(inputs, steps, axis=1)):
        if t > 0:
            scope.reuse_variables()
        x_t = tf.reshape(x_t, [batch, n_input])
        w_x = tf.get_variable("w_x", [n_input, n_hidden],
                              initializer=tf.glorot_uniform_initializer())
        w_h = tf.get_variable("w_h", [n_hidden, n_hidden],
                              initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("b", [n_hidden], initializer=tf.zeros_initializer())
        state = tf.tanh(tf.matmul(x_t, w_x) + tf.matmul(state, w_h) + b)
final_state = tf.identity(state, name="final_state")
