# RUN: tfsc run %s | FileCheck %s
# Seed 001 (the TF "Sharing Variables" guide), "initializers in variable
# scope": the guide's `v.eval()` asserts hold under a default session once
# the variables are initialized (the guide leaves both implicit), and the
# values print as TF prints them. The guide's stray `:` after the `w` line
# is dropped.
import tensorflow as tf

with tf.variable_scope("foo", initializer=tf.constant_initializer(0.4)):
    v = tf.get_variable("v", [1])
    w = tf.get_variable("w", [1], initializer=tf.constant_initializer(0.3))
    with tf.variable_scope("bar"):
        v_bar = tf.get_variable("v", [1])
    with tf.variable_scope("baz", initializer=tf.constant_initializer(0.2)):
        v_baz = tf.get_variable("v", [1])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    assert v.eval() == 0.4  # Default initializer as set above.
    assert w.eval() == 0.3  # Specific initializer overrides the default.
    assert v_bar.eval() == 0.4  # Inherited default initializer.
    assert v_baz.eval() == 0.2  # Changed default initializer.
    for var in (v, w, v_bar, v_baz):
        print(var.name, var.eval())
# CHECK: foo/v:0 [0.4]
# CHECK-NEXT: foo/w:0 [0.3]
# CHECK-NEXT: foo/bar/v:0 [0.4]
# CHECK-NEXT: foo/baz/v:0 [0.2]

# Ops in a variable scope share its name; the value is computed.
with tf.variable_scope("foo", reuse=True):
    x = 1.0 + tf.get_variable("v", [1])
assert x.op.name == "foo_1/add"
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(x.op.name, sess.run(x))
# CHECK-NEXT: foo_1/add [1.4]

# The image filter: both towers read the same four variables, so both give
# the same result for the same image.
import numpy as np


def conv_relu(input, kernel_shape, bias_shape):
    weights = tf.get_variable("weights", kernel_shape,
                              initializer=tf.random_normal_initializer())
    biases = tf.get_variable("biases", bias_shape,
                             initializer=tf.constant_initializer(0.0))
    conv = tf.nn.conv2d(input, weights, strides=[1, 1, 1, 1], padding='SAME')
    return tf.nn.relu(conv + biases)


def my_image_filter(input_images):
    with tf.variable_scope("conv1"):
        relu1 = conv_relu(input_images, [5, 5, 8, 8], [8])
    with tf.variable_scope("conv2"):
        return conv_relu(relu1, [5, 5, 8, 8], [8])


tf.reset_default_graph()
image1 = tf.placeholder(tf.float32, [1, 16, 16, 8], name="image1")
image2 = tf.placeholder(tf.float32, [1, 16, 16, 8], name="image2")
with tf.variable_scope("image_filters") as scope:
    result1 = my_image_filter(image1)
    scope.reuse_variables()
    result2 = my_image_filter(image2)
image = np.random.RandomState(0).rand(1, 16, 16, 8).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r1, r2 = sess.run([result1, result2], {image1: image, image2: image})
    print(r1.shape, r2.dtype, np.array_equal(r1, r2), bool(r1.max() > 0))
    # A change to a shared bias changes both towers.
    biases = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES,
                               "image_filters/conv2/biases")[0]
    sess.run(biases.assign(tf.ones([8])))
    s1, s2 = sess.run((result1, result2), {image1: image, image2: image})
    # relu(pre + 1) vs relu(pre): never smaller, exactly 1 more where pre > 0.
    print(bool((s1 >= r1).all()),
          bool(np.isclose((s1 - r1).max(), 1.0, atol=1e-5)),
          np.array_equal(s1, s2))
# CHECK-NEXT: (1, 16, 16, 8) float32 True True
# CHECK-NEXT: True True True
