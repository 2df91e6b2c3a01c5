# y = x + 1 on 4 floats: the fixed cost of one call.
import tensorflow as tf

x = tf.placeholder(tf.float32, [4], name="x")
y = tf.add(x, 1.0, name="y")
