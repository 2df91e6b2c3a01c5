# RUN: tfsc run %s | FileCheck %s
# Seed 001 (the TF "Sharing Variables" guide): the image filter shares four
# variables between two towers; the guide's asserts hold and the names print
# as TF prints them. Cut from the seed: the `v.eval()` asserts of the
# initializer section (they need a Session); the initializers are checked
# structurally instead.
import tensorflow as tf


def conv_relu(input, kernel_shape, bias_shape):
    weights = tf.get_variable("weights", kernel_shape,
                              initializer=tf.random_normal_initializer())
    biases = tf.get_variable("biases", bias_shape,
                             initializer=tf.constant_initializer(0.0))
    conv = tf.nn.conv2d(input, weights, strides=[1, 1, 1, 1], padding='SAME')
    return tf.nn.relu(conv + biases)


def my_image_filter(input_images):
    with tf.variable_scope("conv1"):
        relu1 = conv_relu(input_images, [5, 5, 32, 32], [32])
    with tf.variable_scope("conv2"):
        return conv_relu(relu1, [5, 5, 32, 32], [32])


image1 = tf.placeholder(tf.float32, [1, 64, 64, 32], name="image1")
image2 = tf.placeholder(tf.float32, [1, 64, 64, 32], name="image2")
with tf.variable_scope("image_filters") as scope:
    result1 = my_image_filter(image1)
    scope.reuse_variables()
    result2 = my_image_filter(image2)
for v in tf.global_variables():
    print(v)
# CHECK: <tf.Variable 'image_filters/conv1/weights:0' shape=(5, 5, 32, 32) dtype=float32_ref>
# CHECK-NEXT: <tf.Variable 'image_filters/conv1/biases:0' shape=(32,) dtype=float32_ref>
# CHECK-NEXT: <tf.Variable 'image_filters/conv2/weights:0' shape=(5, 5, 32, 32) dtype=float32_ref>
# CHECK-NEXT: <tf.Variable 'image_filters/conv2/biases:0' shape=(32,) dtype=float32_ref>
print(result1)
print(result2)
# CHECK-NEXT: Tensor("image_filters/conv2/Relu:0", shape=(1, 64, 64, 32), dtype=float32)
# CHECK-NEXT: Tensor("image_filters/conv2_1/Relu:0", shape=(1, 64, 64, 32), dtype=float32)

# Without reuse a second call raises.
try:
    with tf.variable_scope("image_filters"):
        my_image_filter(image1)
except ValueError as e:
    print(str(e).splitlines()[0])
# CHECK-NEXT: Variable image_filters/conv1/weights already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:

tf.reset_default_graph()
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
assert v.name == "foo/v:0"
with tf.variable_scope("foo", reuse=True):
    v1 = tf.get_variable("v", [1])
assert v1 == v
with tf.variable_scope("foo"):
    with tf.variable_scope("bar"):
        v = tf.get_variable("v", [1])
assert v.name == "foo/bar/v:0"
with tf.variable_scope("foo2"):
    v = tf.get_variable("v", [1])
    tf.get_variable_scope().reuse_variables()
    v1 = tf.get_variable("v", [1])
assert v1 == v
with tf.variable_scope("root"):
    assert tf.get_variable_scope().reuse == False
    with tf.variable_scope("foo"):
        assert tf.get_variable_scope().reuse == False
    with tf.variable_scope("foo", reuse=True):
        assert tf.get_variable_scope().reuse == True
        with tf.variable_scope("bar"):
            assert tf.get_variable_scope().reuse == True
    assert tf.get_variable_scope().reuse == False
with tf.variable_scope("cap") as foo_scope:
    v = tf.get_variable("v", [1])
with tf.variable_scope(foo_scope):
    w = tf.get_variable("w", [1])
with tf.variable_scope(foo_scope, reuse=True):
    v1 = tf.get_variable("v", [1])
    w1 = tf.get_variable("w", [1])
assert v1 == v
assert w1 == w
with tf.variable_scope("foo3") as foo_scope:
    assert foo_scope.name == "foo3"
with tf.variable_scope("bar"):
    with tf.variable_scope("baz") as other_scope:
        assert other_scope.name == "bar/baz"
        with tf.variable_scope(foo_scope) as foo_scope2:
            assert foo_scope2.name == "foo3"
with tf.variable_scope("init", initializer=tf.constant_initializer(0.4)):
    v = tf.get_variable("v", [1])
    w = tf.get_variable("w", [1], initializer=tf.constant_initializer(0.3))
    with tf.variable_scope("bar"):
        v2 = tf.get_variable("v", [1])
    with tf.variable_scope("baz", initializer=tf.constant_initializer(0.2)):
        v3 = tf.get_variable("v", [1])
print([x.initial_value.op.get_attr("value").tolist() for x in (v, w, v2, v3)])
# CHECK-NEXT: {{\[\[0.4000000059604645\], \[0.30000001192092896\], \[0.4000000059604645\], \[0.20000000298023224\]\]}}
with tf.variable_scope("ops"):
    x = 1.0 + tf.get_variable("v", [1])
assert x.op.name == "ops/add"
with tf.variable_scope("ops2"):
    with tf.name_scope("bar"):
        v = tf.get_variable("v", [1])
        x = 1.0 + v
assert v.name == "ops2/v:0"
assert x.op.name == "ops2/bar/add"
print("asserts passed")
# CHECK-NEXT: asserts passed
