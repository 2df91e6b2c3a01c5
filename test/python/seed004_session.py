# RUN: tfsc run %s | FileCheck %s
# Seed 004's Session: `tf.global_variables_initializer().run()` under the
# default session, then both names of the shared variable fetch one value.
# TF picks fresh random values (the default glorot_uniform initializer); a
# compiled model is reproducible, so only the form and the sharing are
# checked. hex(id(...)) lines are not printed since ids differ between runs.
import tensorflow as tf

with tf.variable_scope("one"):
    a = tf.get_variable("v", shape=[1])
    tf.get_variable_scope().reuse_variables()
    b = tf.get_variable("v", shape=[1])

assert(a is b)  #Assertion is true, they refer to the same object.

print(a.name)
print(b.name)
# CHECK: one/v:0
# CHECK-NEXT: one/v:0

with tf.Session() as sess:
    tf.global_variables_initializer().run()

    print(sess.run([a, b]))
    va, vb = sess.run([a, b])
    # glorot_uniform of shape [1]: limit sqrt(6 / (1 + 1)).
    print(va == vb, abs(float(va[0])) <= 3 ** 0.5)
# CHECK-NEXT: [array([{{-?[0-9.]+}}], dtype=float32), array([{{-?[0-9.]+}}], dtype=float32)]
# CHECK-NEXT: [ True] True
