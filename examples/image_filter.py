# The image filter of the TF1 "Sharing Variables" guide (seed 001): two
# towers, one set of four variables.
#   tfsc examples/image_filter.py -o libimage_filter.so [-- BATCH]
#   tfs-run libimage_filter.so --random-inputs
import sys

import tensorflow as tf

batch = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def conv_relu(input, kernel_shape, bias_shape):
    # Create variable named "weights".
    weights = tf.get_variable("weights", kernel_shape,
                              initializer=tf.random_normal_initializer())
    # Create variable named "biases".
    biases = tf.get_variable("biases", bias_shape,
                             initializer=tf.constant_initializer(0.0))
    conv = tf.nn.conv2d(input, weights,
                        strides=[1, 1, 1, 1], padding='SAME')
    return tf.nn.relu(conv + biases)


def my_image_filter(input_images):
    with tf.variable_scope("conv1"):
        # Variables created here will be named "conv1/weights", "conv1/biases".
        relu1 = conv_relu(input_images, [5, 5, 32, 32], [32])
    with tf.variable_scope("conv2"):
        # Variables created here will be named "conv2/weights", "conv2/biases".
        return conv_relu(relu1, [5, 5, 32, 32], [32])


image1 = tf.placeholder(tf.float32, [batch, 64, 64, 32], name="image1")
image2 = tf.placeholder(tf.float32, [batch, 64, 64, 32], name="image2")
with tf.variable_scope("image_filters") as scope:
    result1 = my_image_filter(image1)
    scope.reuse_variables()
    result2 = my_image_filter(image2)
