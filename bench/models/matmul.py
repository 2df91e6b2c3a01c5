# C = A @ B on N x N float32 matrices (default N = 1024).
import sys

import tensorflow as tf

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
a = tf.placeholder(tf.float32, [n, n], name="a")
b = tf.placeholder(tf.float32, [n, n], name="b")
c = tf.matmul(a, b, name="c")
