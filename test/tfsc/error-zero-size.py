# RUN: not tfsc %s -o %t.so 2>&1 | FileCheck %s
# RUN: not test -e %t.so
# RUN: not tfsc %s -o %t.so --fetch=z 2>&1 | FileCheck %s --check-prefix=FETCH
# RUN: not test -e %t.so
# Zero-size inputs or outputs (a [4, 0] feed, an empty slice) are an
# error naming the tensor and its shape at the model's line: the entry's
# calling convention produced invalid LLVM IR for them.
import tensorflow as tf

x = tf.placeholder(tf.float32, [4, 0], name="x")
y = tf.identity(x + 1.0, name="y")
u = tf.placeholder(tf.float32, [4, 3], name="u")
z = tf.identity(u[:, 3:], name="z")
# CHECK: error-zero-size.py:10:0: error: tfsc does not support zero-size tensors as inputs or outputs yet: feed 'x:0' has shape (4, 0)
# FETCH: error-zero-size.py:13:0: error: tfsc does not support zero-size tensors as inputs or outputs yet: fetch 'z:0' has shape (4, 0)
