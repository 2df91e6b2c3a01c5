# RUN: tfsc run %s | FileCheck %s
# Each distinct (fetches, feeds) signature compiles once per session; the
# compiled models live in a temporary directory deleted on close.
import os

import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3], name="x")
v = tf.get_variable("v", [3], initializer=tf.ones_initializer())
y = tf.reduce_sum(x * v, axis=1, name="y")
z = tf.nn.relu(y, name="z")

sess = tf.Session()
print(sess._compile_count)
# CHECK: 0
sess.run(v.initializer)
print(sess._compile_count)
# CHECK-NEXT: 1
for i in range(3):
    out = sess.run(y, {x: np.full((2, 3), i, np.float32)})
print(out, sess._compile_count)
# CHECK-NEXT: [6. 6.] 2
# The same signature with the feed given by name: no new compile.
sess.run(y, {"x:0": np.zeros((2, 3))})
sess.run([y], {"x": np.zeros((2, 3))})
print(sess._compile_count)
# CHECK-NEXT: 2
# Another feed shape, other fetches: new signatures.
sess.run(y, {x: np.zeros((5, 3))})
print(sess._compile_count)
# CHECK-NEXT: 3
sess.run([y, z], {x: np.zeros((2, 3))})
sess.run([y, z], {x: np.zeros((2, 3))})
print(sess._compile_count)
# CHECK-NEXT: 4
# Re-running the initializer reuses its model.
sess.run(tf.global_variables_initializer())
print(sess._compile_count)
# CHECK-NEXT: 4
workdir = sess._dir
print(len([f for f in os.listdir(workdir) if f.endswith(".so")]))
# CHECK-NEXT: 4
sess.close()
print(os.path.exists(workdir))
# CHECK-NEXT: False
try:
    sess.run(y, {x: np.zeros((2, 3))})
except RuntimeError as e:
    print(e)
# CHECK-NEXT: Attempted to use a closed Session.

# A new session compiles again.
with tf.Session() as sess2:
    sess2.run(tf.global_variables_initializer())
    sess2.run(y, {x: np.zeros((2, 3))})
    print(sess2._compile_count)
# CHECK-NEXT: 2
