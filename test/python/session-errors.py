# RUN: not tfsc run %s 2>&1 | FileCheck %s
# Session errors: reading an uninitialized variable (TF's
# FailedPreconditionError text), unfed placeholders, feeds of the wrong shape
# or to unknown names, bad fetches, eval without a default session.
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [2], name="x")
with tf.variable_scope("layer"):
    w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
y = x * w + b

sess = tf.Session()
try:
    sess.run(w)
except tf.errors.FailedPreconditionError as e:
    print(type(e).__name__, e.error_code, e.op.name)
    print(e)
# CHECK: FailedPreconditionError 9 layer/w
# CHECK-NEXT: Attempting to use uninitialized value layer/w
sess.run(w.initializer)
try:
    sess.run(y, {x: [1.0, 2.0]})
except tf.errors.OpError as e:
    print(e)
# CHECK-NEXT: Attempting to use uninitialized value layer/b
# assign_add reads its variable; assign does not.
try:
    sess.run(tf.assign_add(b, [1.0, 1.0]))
except tf.errors.FailedPreconditionError as e:
    print(e)
# CHECK-NEXT: Attempting to use uninitialized value layer/b
sess.run(tf.global_variables_initializer())
print(sess.run(y, {x: [1.0, 2.0]}))
# CHECK-NEXT: [1. 2.]

try:
    sess.run(y)
except tf.errors.InvalidArgumentError as e:
    print(e)
# CHECK-NEXT: You must feed a value for placeholder tensor 'x' with dtype float and shape [2]
try:
    sess.run(y, {x: [1.0, 2.0, 3.0]})
except ValueError as e:
    print(e)
# CHECK-NEXT: Cannot feed value of shape (3,) for Tensor 'x:0', which has shape '(2,)'
try:
    sess.run(y, {"nope:0": [1.0, 2.0]})
except (KeyError, ValueError) as e:
    print(type(e).__name__)
# CHECK-NEXT: ValueError
try:
    sess.run(y, {x: y})
except TypeError as e:
    print(e)
# CHECK-NEXT: The value of a feed cannot be a tf.Tensor object. Acceptable feed values include Python scalars, strings, lists, numpy ndarrays, or TensorHandles.
try:
    sess.run(None)
except TypeError as e:
    print(e)
# CHECK-NEXT: Fetch argument None has invalid type <class 'NoneType'>
try:
    sess.run([y, 3], {x: [1.0, 2.0]})
except TypeError as e:
    print(e)
# CHECK-NEXT: Fetch argument 3 has invalid type <class 'int'>, must be a string or Tensor. (Can not convert a int into a Tensor or Operation.)
try:
    sess.run("missing:0")
except ValueError as e:
    print(str(e).split(" (")[0])
# CHECK-NEXT: Fetch argument 'missing:0' cannot be interpreted as a Tensor.
g2 = tf.Graph()
with g2.as_default():
    other = tf.constant(1.0)
try:
    sess.run(other)
except ValueError as e:
    print(e)
# CHECK-NEXT: Fetch argument <tf.Tensor 'Const:0' shape=() dtype=float32> cannot be interpreted as a Tensor. (Tensor Tensor("Const:0", shape=(), dtype=float32) is not an element of this graph.)
# The session still works after errors.
print(sess.run(y, {x: np.array([3.0, 4.0])}))
# CHECK-NEXT: [3. 4.]
sess.close()

try:
    y.eval({x: [1.0, 2.0]})
except ValueError as e:
    print(e)
# CHECK-NEXT: Cannot evaluate tensor using `eval()`: No default session is registered. Use `with sess.as_default()` or pass an explicit session to `eval(session=sess)`
try:
    w.initializer.run()
except ValueError as e:
    print(e)
# CHECK-NEXT: Cannot execute operation using `run()`: No default session is registered. Use `with sess.as_default():` or pass an explicit session to `run(session=sess)`

# An uncaught FailedPreconditionError ends `tfsc run` with TF's message.
with tf.Session() as sess:
    sess.run(y, {x: [1.0, 2.0]})
# CHECK-NEXT: Traceback (most recent call last):
# CHECK: FailedPreconditionError: Attempting to use uninitialized value layer/w
