# RUN: not tfsc run %s 2>&1 | FileCheck %s
# tf.Session is absent (not faked) until the codegen issue lands; unknown
# names raise AttributeError saying tfsc does not support them.
import tensorflow as tf

try:
    tf.nn.conv3d
except AttributeError as e:
    print(e)
# CHECK: module 'tensorflow.nn' has no attribute 'conv3d'. tfsc does not support tf.nn.conv3d yet.
with tf.Session() as sess:
    pass
# CHECK: AttributeError: module 'tensorflow' has no attribute 'Session'. tfsc does not support tf.Session yet.
