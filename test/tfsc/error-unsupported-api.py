# RUN: not tfsc run %s 2>&1 | FileCheck %s
# Unknown names raise AttributeError saying tfsc does not support them
# (never a silent no-op).
import tensorflow as tf

try:
    tf.nn.conv3d
except AttributeError as e:
    print(e)
# CHECK: module 'tensorflow.nn' has no attribute 'conv3d'. tfsc does not support tf.nn.conv3d yet.
optimizer = tf.train.AdamOptimizer(0.1)
# CHECK: AttributeError: module 'tensorflow' has no attribute 'train'. tfsc does not support tf.train yet.
