# RUN: not tfsc %s -o %t.so 2>&1 | FileCheck %s
# RUN: not test -e %t.so
# RUN: not tfsc %s -o %t.so --fetch=z 2>&1 | FileCheck %s --check-prefix=FETCH
# RUN: not test -e %t.so
# Inputs or outputs with a zero-size dimension after the first (a [4, 0]
# feed, an empty column slice) are an error naming the tensor and its
# shape at the model's line: the entry's calling convention produced
# invalid LLVM IR for them. A leading 0 compiles (test/python/
# strided-slice.py fetches a (0, 5, 6) slice).
import tensorflow as tf

x = tf.placeholder(tf.float32, [4, 0], name="x")
y = tf.identity(x + 1.0, name="y")
u = tf.placeholder(tf.float32, [4, 3], name="u")
z = tf.identity(u[:, 3:], name="z")
# CHECK: error-zero-size.py:12:0: error: tfsc does not support inputs or outputs with a zero-size dimension after the first yet: feed 'x:0' has shape (4, 0)
# FETCH: error-zero-size.py:15:0: error: tfsc does not support inputs or outputs with a zero-size dimension after the first yet: fetch 'z:0' has shape (4, 0)
