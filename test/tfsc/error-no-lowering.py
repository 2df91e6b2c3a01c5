# RUN: not tfsc %s -o %t.so 2>&1 | FileCheck %s
# RUN: not test -e %t.so
# An op the code generator cannot compile is an error at the model's
# file:line naming the TF op; no .so is written.
import tensorflow as tf

x = tf.placeholder(tf.float32, [4], name="x")
y = tf.cast(x, tf.uint8)
z = tf.identity(y + y, name="z")
# CHECK: error-no-lowering.py:8:0: error: cannot compile TF op 'Cast' (tfs.cast): element type ui8 is not supported by the code generator yet
# CHECK: error-no-lowering.py:9:0: error: cannot compile TF op 'add' (tfs.add): element type ui8
