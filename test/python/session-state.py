# RUN: tfsc run %s | FileCheck %s
# Variable state lives in the session: it persists across runs and across
# differently compiled signatures (assign_add in one, read in another), and
# each session has its own.
import numpy as np
import tensorflow as tf

v = tf.get_variable("v", [2], initializer=tf.constant_initializer(1.0))
w = tf.Variable([10.0, 20.0], name="w")
x = tf.placeholder(tf.float32, [2], name="x")
inc = tf.assign_add(v, [1.0, 2.0])
dec = v.assign_sub(x)
total = tf.reduce_sum(v * w, name="total")
copy = tf.assign(w, v * 3.0)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(total))
    # CHECK: 30.0
    sess.run(inc)
    sess.run(inc)
    print(sess.run(v), sess.run(total))
    # CHECK-NEXT: [3. 5.] 130.0
    print(sess.run(dec, {x: [0.5, 0.5]}), v.eval())
    # CHECK-NEXT: [2.5 4.5] [2.5 4.5]
    print(sess.run(copy), sess.run(total))
    # CHECK-NEXT: [ 7.5 13.5] 79.5
    # The initializer resets one variable to its initial value.
    sess.run(v.initializer)
    print(sess.run([v, w]))
    # CHECK-NEXT: [array([1., 1.], dtype=float32), array([ 7.5, 13.5], dtype=float32)]
    sess.run(tf.variables_initializer([w]))
    print(sess.run(total))
    # CHECK-NEXT: 30.0
    # Variable.load sets a value without an op; v.assign(...) returns it.
    v.load([2.0, 2.0])
    print(sess.run(total), sess.run(v.assign([0.0, 1.0])), sess.run(total))
    # CHECK-NEXT: 60.0 [0. 1.] 20.0
    other = tf.Session()
    other.run(tf.global_variables_initializer())
    print(other.run(total))
    # CHECK-NEXT: 30.0
    other.close()
    print(sess.run(total))
    # CHECK-NEXT: 20.0

# tf.assign initializes an uninitialized variable; then it can be read.
with tf.Session() as sess:
    print(sess.run(tf.assign(v, [4.0, 5.0])), sess.run(v))
    # CHECK-NEXT: [4. 5.] [4. 5.]

# Random initializers: compiled Philox values, the same in every session and
# in a model compiled by tfs.compile.
import tfs

r = tf.get_variable("r", [3], initializer=tf.random_uniform_initializer(
    -1.0, 1.0, seed=7))
with tf.Session() as s1, tf.Session() as s2:
    s1.run(r.initializer)
    s2.run(r.initializer)
    a, b = s1.run(r), s2.run(r)
    print(np.array_equal(a, b), bool(np.all(np.abs(a) <= 1)))
    # CHECK-NEXT: True True
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        m = tfs.load(tfs.compile(r, output=d + "/libr.so"))
        print(np.array_equal(m.variables["r"], a))
        # CHECK-NEXT: True

# An InteractiveSession is the default session until closed.
isess = tf.InteractiveSession()
tf.global_variables_initializer().run()
print(total.eval(), tf.get_default_session() is isess)
# CHECK-NEXT: 30.0 True
isess.close()
print(tf.get_default_session())
# CHECK-NEXT: None
