# Seed 000's f(x) = exp(sin(4 cos x + 1)) + exp(sin(5 cos x + 2)): both
# calls of func2 share the one variable scope/x through
# scope.reuse_variables(). x holds N floats (default 2**20):
#   tfsc examples/fx.py -o libfx.so [-- N]
#   tfs-run libfx.so --bench 100
import sys

import tensorflow as tf

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 20


def func2(a, b):
    x = tf.get_variable(initializer=tf.random_normal_initializer(),
                        shape=[N], name="x")
    mul = a * tf.cos(x)
    add = mul + b
    sin = tf.sin(add)
    exp = tf.exp(sin)
    return exp


with tf.variable_scope("scope") as scope:
    add_left = func2(4, 1)
    scope.reuse_variables()
    add_right = func2(5, 2)
object_func = add_left + add_right
print(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES))
