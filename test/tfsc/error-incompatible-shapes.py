# RUN: not tfsc run %s 2>&1 | FileCheck %s
# Incompatible shapes are reported at build time with TF's message.
import tensorflow as tf

a = tf.placeholder(tf.float32, [2, 3], name="a")
b = tf.placeholder(tf.float32, [4, 5], name="b")
try:
    tf.matmul(a, b)
except ValueError as e:
    print(e)
# CHECK: Dimensions must be equal, but are 3 and 4 for 'MatMul' (op: 'MatMul') with input shapes: [2,3], [4,5].
c = tf.placeholder(tf.float32, [2, 4])
a + c
# CHECK: line 13, in <module>
# CHECK: ValueError: Dimensions must be equal, but are 3 and 4 for 'add' (op: 'AddV2') with input shapes: [2,3], [2,4].
