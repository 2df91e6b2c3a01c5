# RUN: not tfsc run %s 2>&1 | FileCheck %s
# Re-entering a variable scope by name without reuse: the error shows the
# innermost user frames where the variable was first defined (TF prints up
# to five, innermost first).
import tensorflow as tf


def layer():
    return tf.get_variable("w", [2, 2])


def model():
    with tf.variable_scope("one"):
        return layer()


model()
model()
# CHECK: ValueError: Variable one/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:
# CHECK-EMPTY:
# CHECK-NEXT:   File "{{.*}}error-already-exists-nested.py", line 9, in layer
# CHECK-NEXT:     return tf.get_variable("w", [2, 2])
# CHECK-NEXT:   File "{{.*}}error-already-exists-nested.py", line 14, in model
# CHECK-NEXT:     return layer()
# CHECK-NEXT:   File "{{.*}}error-already-exists-nested.py", line 17, in <module>
# CHECK-NEXT:     model()
