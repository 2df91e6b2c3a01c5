# A small CNN: 3x3 conv 3->32, 2x2 max pool, 3x3 conv 32->64, 2x2 max pool,
# dense 10, softmax, on one 32x32 RGB image.
#   tfsc examples/cnn.py -o libcnn.so
import tensorflow as tf


def conv_pool(x, filters, name):
    with tf.variable_scope(name):
        w = tf.get_variable("weights", [3, 3, x.shape[3], filters],
                            initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("biases", [filters],
                            initializer=tf.zeros_initializer())
        y = tf.nn.relu(tf.nn.conv2d(x, w, strides=[1, 1, 1, 1],
                                    padding="SAME") + b)
        return tf.nn.max_pool(y, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                              padding="VALID")


image = tf.placeholder(tf.float32, [1, 32, 32, 3], name="image")
with tf.variable_scope("cnn"):
    h = conv_pool(image, 32, "conv1")
    h = conv_pool(h, 64, "conv2")
    h = tf.reshape(h, [1, 8 * 8 * 64])
    w = tf.get_variable("dense/kernel", [8 * 8 * 64, 10],
                        initializer=tf.glorot_uniform_initializer())
    b = tf.get_variable("dense/bias", [10], initializer=tf.zeros_initializer())
    probs = tf.nn.softmax(tf.matmul(h, w) + b, name="probs")
print(probs.name)
