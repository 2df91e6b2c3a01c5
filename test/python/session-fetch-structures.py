# RUN: tfsc run %s | FileCheck %s
# Session.run with TF1 fetch structures: a single tensor, variable or op
# (None), lists, tuples, namedtuples, dicts and nests of them, names, and the
# same tensor fetched twice; feeds keyed by tensor, "name:0" or "name".
import collections

import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [2], name="x")
v = tf.get_variable("v", [2], initializer=tf.constant_initializer(3.0))
y = tf.multiply(x, v, name="y")
z = tf.add(y, 1.0, name="z")
init = tf.global_variables_initializer()
print(init.name, init.type)
# CHECK: init NoOp

with tf.Session() as sess:
    print(sess.run(init))
    # CHECK-NEXT: None
    feed = {x: [1.0, 2.0]}
    print(repr(sess.run(y, feed)))
    # CHECK-NEXT: array([3., 6.], dtype=float32)
    print(repr(sess.run(v)))
    # CHECK-NEXT: array([3., 3.], dtype=float32)
    print(sess.run(z.op, feed))
    # CHECK-NEXT: None
    print(sess.run([y, z], feed))
    # CHECK-NEXT: [array([3., 6.], dtype=float32), array([4., 7.], dtype=float32)]
    print(sess.run((y, v), feed))
    # CHECK-NEXT: (array([3., 6.], dtype=float32), array([3., 3.], dtype=float32))
    print(sess.run({"y": y, "nest": [z, (v, init)]}, feed))
    # CHECK-NEXT: {'y': array([3., 6.], dtype=float32), 'nest': [array([4., 7.], dtype=float32), (array([3., 3.], dtype=float32), None)]}
    Pair = collections.namedtuple("Pair", ["a", "b"])
    print(sess.run(Pair(y, [z, z]), feed))
    # CHECK-NEXT: Pair(a=array([3., 6.], dtype=float32), b=[array([4., 7.], dtype=float32), array([4., 7.], dtype=float32)])
    od = sess.run(collections.OrderedDict([("z", z), ("y", y)]), feed)
    print(type(od).__name__, list(od))
    # CHECK-NEXT: OrderedDict ['z', 'y']
    print(sess.run(["y:0", "z"], feed))
    # CHECK-NEXT: [array([3., 6.], dtype=float32), None]
    print(sess.run([], feed), sess.run({}))
    # CHECK-NEXT: [] {}
    # Feeds by "name:0" and by "name".
    print(sess.run(z, {"x:0": np.array([0.5, 1.0])}))
    # CHECK-NEXT: [2.5 4. ]
    print(sess.run(z, {"x": [2, 2]}))
    # CHECK-NEXT: [7. 7.]
    # A fed non-placeholder tensor replaces its computation.
    print(sess.run(z, {y: [10.0, 20.0]}))
    # CHECK-NEXT: [11. 21.]
    # Scalars and ints convert to the placeholder's dtype.
    s = tf.placeholder(tf.int32, [], name="s")
    r = sess.run(s * 2, {s: 21})
    print(repr(r), type(r).__name__)
    # CHECK-NEXT: 42 int32
    # Unknown dimensions take the fed shape.
    u = tf.placeholder(tf.float32, [None, 2], name="u")
    w = tf.reduce_sum(u * v, axis=1)
    print(sess.run(w, {u: np.ones((3, 2), np.float32)}))
    # CHECK-NEXT: [6. 6. 6.]
    print(sess.run(w, {u: np.ones((1, 2), np.float32)}))
    # CHECK-NEXT: [6.]
    # tf.group runs all of its inputs.
    a1 = tf.assign_add(v, [1.0, 1.0])
    a2 = tf.assign_sub(v, [0.0, 0.5])
    print(sess.run(tf.group(a1, a2, name="step")), sess.run(v))
    # CHECK-NEXT: None [4.  3.5]
