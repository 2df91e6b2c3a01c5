# A 3x3 SAME convolution whose transformed filter (36 x 256 x 192 floats,
# 7 MB) tfs-winograd-conv reads in blocks of channels; 14 x 14 outputs as
# whole tiles of 4, batch 2, bias and relu fused.
import tensorflow as tf

x = tf.placeholder(tf.float32, [2, 14, 14, 256], name="x")
w = tf.get_variable("w", [3, 3, 256, 192],
                    initializer=tf.random_uniform_initializer(-1, 1))
b = tf.get_variable("b", [192],
                    initializer=tf.random_uniform_initializer(-1, 1))
y = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), b),
               name="y")
