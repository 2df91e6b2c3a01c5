# An MLP (784-512-512-10, softmax) whose training and validation towers
# share every variable: the second tower re-enters the scope with
# reuse=True.
#   tfsc examples/mlp.py -o libmlp.so
import tensorflow as tf


def dense(x, units, name, activation=None):
    with tf.variable_scope(name):
        w = tf.get_variable("kernel", [x.shape[1], units],
                            initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("bias", [units],
                            initializer=tf.zeros_initializer())
        y = tf.nn.bias_add(tf.matmul(x, w), b)
        return activation(y) if activation else y


def mlp(x):
    h = dense(x, 512, "hidden1", tf.nn.relu)
    h = dense(h, 512, "hidden2", tf.nn.relu)
    return tf.nn.softmax(dense(h, 10, "logits"))


train_images = tf.placeholder(tf.float32, [64, 784], name="train_images")
val_images = tf.placeholder(tf.float32, [1, 784], name="val_images")
with tf.variable_scope("mlp"):
    train_probs = mlp(train_images)
with tf.variable_scope("mlp", reuse=True):
    val_probs = mlp(val_images)
print(train_probs.name, val_probs.name, len(tf.trainable_variables()))
