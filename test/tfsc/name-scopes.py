# RUN: tfsc run %s | FileCheck %s
# Name-scope and variable-scope naming rules (ports of TF's
# variable_scope_test.py cases that need no Session).
import tensorflow as tf

# Ops are renamed on clashes; names are case-insensitive; '/' re-enters.
a = tf.constant(1.0, name="c")
b = tf.constant(1.0, name="C")
with tf.name_scope("s") as s:
    c = tf.constant(1.0, name="c")
with tf.name_scope(s):
    d = tf.constant(1.0, name="c")
print(a.name, b.name, c.name, d.name, s)
# CHECK: c:0 C_1:0 s/c:0 s/c_1:0 s/

# Re-entering a variable scope: ops get foo_1/, variables stay foo/.
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
    x = v * 2.0
with tf.variable_scope("foo", reuse=True):
    v1 = tf.get_variable("v", [1])
    y = v1 * 2.0
print(v1 is v, x.op.name, y.op.name, x.op.inputs[1].op.name)
# CHECK-NEXT: True foo/mul foo_1/mul foo/mul/y

# Capturing a scope inside another: ops get a fresh name scope there.
with tf.variable_scope("outer"):
    with tf.variable_scope("foo") as fs:
        pass
with tf.variable_scope("bar"):
    with tf.variable_scope(fs) as fs2:
        z = tf.identity(tf.get_variable("v", [1]))
print(fs.name, fs2.name, fs2.original_name_scope, z.op.name)
# CHECK-NEXT: outer/foo outer/foo outer/foo/ bar/foo/Identity

# default_name uniquification.
names = []
for _ in range(2):
    with tf.variable_scope(None, default_name="layer") as ls:
        names.append(ls.name)
        names.append(tf.get_variable("w", []).name)
print(names)
# CHECK-NEXT: ['layer', 'layer/w:0', 'layer_1', 'layer_1/w:0']

# AUTO_REUSE, reuse inheritance, reuse=False does not switch reuse off.
def shared():
    with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
        return tf.get_variable("v", [1])
print(shared() is shared(), tf.AUTO_REUSE)
# CHECK-NEXT: True _ReuseMode.AUTO_REUSE
with tf.variable_scope("r", reuse=True):
    with tf.variable_scope("inner", reuse=False) as inner:
        print(inner.reuse)
# CHECK-NEXT: True

# get_variable ignores name scopes; tf.Variable follows them.
with tf.name_scope("ns"):
    gv = tf.get_variable("gv", [1])
    tv = tf.Variable(1.0, name="tv")
print(gv.name, tv.name, tv.initializer.name, tv.value().name)
# CHECK-NEXT: gv:0 ns/tv:0 ns/tv/Assign ns/tv/read:0

# The ops TF creates for a get_variable with an initializer.
with tf.variable_scope("ops"):
    tf.get_variable("k", [3, 3], initializer=tf.truncated_normal_initializer(stddev=0.1))
print([op.name for op in tf.get_default_graph().get_operations()
       if op.name.startswith("ops/")])
# CHECK-NEXT: ['ops/k/Initializer/truncated_normal/shape', 'ops/k/Initializer/truncated_normal/mean', 'ops/k/Initializer/truncated_normal/stddev', 'ops/k/Initializer/truncated_normal/TruncatedNormal', 'ops/k/Initializer/truncated_normal/mul', 'ops/k/Initializer/truncated_normal', 'ops/k', 'ops/k/Assign', 'ops/k/read']

# Initializer and dtype inheritance.
with tf.variable_scope("d", dtype=tf.float64, initializer=tf.zeros_initializer()):
    with tf.variable_scope("e"):
        dv = tf.get_variable("v", [2])
print(dv, dv.initial_value.op.name)
# CHECK-NEXT: <tf.Variable 'd/e/v:0' shape=(2,) dtype=float64_ref> d/e/v/Initializer/zeros

# Collections with scope filters (re.match) and trainable=False.
nt = tf.get_variable("nt", [1], trainable=False)
print([v.name for v in tf.global_variables("foo")], nt in tf.trainable_variables())
# CHECK-NEXT: ['foo/v:0'] False
print(len(tf.global_variables()), len(tf.trainable_variables()))
# CHECK-NEXT: 10 9
