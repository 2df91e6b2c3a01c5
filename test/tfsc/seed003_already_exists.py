# RUN: not tfsc run %s > %t.out 2>&1
# RUN: FileCheck %s < %t.out
# Seed 003, code 3: get_variable twice with the same name raises TF's error
# naming where the variable was first defined. Cut: the Session part after
# the failing line (never reached).
import tensorflow as tf

initializer = tf.constant_initializer(value=1)
var3 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)
var4 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)
# CHECK: Traceback (most recent call last):
# CHECK: File "{{.*}}seed003_already_exists.py", line 10, in <module>
# CHECK: ValueError: Variable var3 already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:
# CHECK-EMPTY:
# CHECK-NEXT: File "{{.*}}seed003_already_exists.py", line 9, in <module>
# CHECK-NEXT: var3 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)
