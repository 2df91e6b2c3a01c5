# A tanh RNN unrolled over 8 steps whose cell variables are created at step
# 0 and shared by every later step (`if t > 0: scope.reuse_variables()`).
#   tfsc examples/rnn.py -o librnn.so [-- BATCH INPUT HIDDEN STEPS]
import sys

import tensorflow as tf

defaults = [1, 128, 256, 8]
args = [int(a) for a in sys.argv[1:]] + defaults[len(sys.argv) - 1:]
batch, n_input, n_hidden, steps = args[:4]

inputs = tf.placeholder(tf.float32, [batch, steps, n_input], name="inputs")
state = tf.zeros([batch, n_hidden], name="initial_state")
with tf.variable_scope("rnn") as scope:
    for t, x_t in enumerate(tf.split(inputs, steps, axis=1)):
        if t > 0:
            scope.reuse_variables()
        x_t = tf.reshape(x_t, [batch, n_input])
        w_x = tf.get_variable("w_x", [n_input, n_hidden],
                              initializer=tf.glorot_uniform_initializer())
        w_h = tf.get_variable("w_h", [n_hidden, n_hidden],
                              initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("b", [n_hidden],
                            initializer=tf.zeros_initializer())
        state = tf.tanh(tf.matmul(x_t, w_x) + tf.matmul(state, w_h) + b)
final_state = tf.identity(state, name="final_state")
print(final_state.name, [v.name for v in tf.global_variables()])
