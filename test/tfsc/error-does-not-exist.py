# RUN: not tfsc run %s 2>&1 | FileCheck %s
# reuse=True on a variable that was never created with get_variable.
import tensorflow as tf

with tf.variable_scope("foo", reuse=True):
    tf.get_variable("v", [1])
# CHECK: File "{{.*}}error-does-not-exist.py", line 6, in <module>
# CHECK: ValueError: Variable foo/v does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?
