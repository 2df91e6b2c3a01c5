# One 3x3 SAME convolution, 1 x 56 x 56 x 64 -> 64 channels.
import tensorflow as tf

x = tf.placeholder(tf.float32, [1, 56, 56, 64], name="x")
w = tf.get_variable("w", [3, 3, 64, 64],
                    initializer=tf.glorot_uniform_initializer())
y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME", name="y")
