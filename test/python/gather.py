# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.gather and tf.nn.embedding_lookup: TF 1.15's GatherV2 graph (names,
# the constant axis input, batch_dims, shapes and errors); compiled, exact
# against numpy's take at -O0 and -O3 and 1 / 2 threads; indices fed to
# the model are checked before the run (TF's InvalidArgumentError, the
# first bad index, nothing changed: fetches and variables keep their
# values), indices computed in the model are proven in range or rejected
# at compile time with the gather's line.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
rng = np.random.default_rng(5)

table_value = rng.standard_normal([10, 4]).astype(np.float32)
with tf.variable_scope("embed"):
    table = tf.get_variable("table", initializer=table_value)
ids = tf.placeholder(tf.int32, [2, 3], name="ids")
x = tf.placeholder(tf.float32, [3, 5, 2], name="x")
cols = tf.placeholder(tf.int64, [4], name="cols")
rows = tf.placeholder(tf.int32, [3, 2], name="rows")

e = tf.nn.embedding_lookup(table, ids)
g1 = tf.gather(x, cols, axis=1)
g2 = tf.gather(x, rows, axis=1, batch_dims=1)
g3 = tf.gather(x, 2, name="scalar")
g4 = tf.gather([[1, 2], [3, 4], [5, 6]], [2, 0])
for t in (e, e.op.inputs[0], g1, g2, g3, g4):
    print(t.name, t.shape, t.dtype.name, [i.name for i in t.op.inputs])
# CHECK: embedding_lookup/Identity:0 (2, 3, 4) float32 ['embedding_lookup:0']
# CHECK-NEXT: embedding_lookup:0 (2, 3, 4) float32 ['embed/table/read:0', 'ids:0', 'embedding_lookup/axis:0']
# CHECK-NEXT: GatherV2:0 (3, 4, 2) float32 ['x:0', 'cols:0', 'GatherV2/axis:0']
# CHECK-NEXT: GatherV2_1:0 (3, 2, 2) float32 ['x:0', 'rows:0', 'GatherV2_1/axis:0']
# CHECK-NEXT: scalar:0 (5, 2) float32 ['x:0', 'scalar/indices:0', 'scalar/axis:0']
# CHECK-NEXT: GatherV2_2:0 (2, 2) int32 ['GatherV2_2/params:0', 'GatherV2_2/indices:0', 'GatherV2_2/axis:0']
print(g2.op.get_attr("batch_dims"), e.op.inputs[0].op.get_attr("batch_dims"))
# CHECK-NEXT: 1 0

for bad in (lambda: tf.gather(x, [0.5]),
            lambda: tf.gather(x, cols, axis=3),
            lambda: tf.gather(x, cols, axis=-4),
            lambda: tf.nn.embedding_lookup([], ids),
            lambda: tf.nn.embedding_lookup([table, table], ids),
            lambda: tf.nn.embedding_lookup(table, ids, max_norm=1.0)):
    try:
        bad()
    except (ValueError, TypeError, NotImplementedError) as err:
        print(type(err).__name__ + ":", err)
# CHECK-NEXT: TypeError: Value passed to parameter 'indices' has DataType float32 not in list of allowed values: int32, int64
# CHECK-NEXT: ValueError: Shape must be at least rank 4 but is rank 3 for 'GatherV2_4' (op: 'GatherV2') with input shapes: [3,5,2], [4], [] and with computed input tensors: input[2] = <3>.
# CHECK-NEXT: ValueError: Shape must be at least rank 4 but is rank 3 for 'GatherV2_5' (op: 'GatherV2') with input shapes: [3,5,2], [4], [] and with computed input tensors: input[2] = <-4>.
# CHECK-NEXT: ValueError: Need at least one param
# CHECK-NEXT: NotImplementedError: {{.*}}several (sharded) params{{.*}}
# CHECK-NEXT: NotImplementedError: {{.*}}max_norm{{.*}}

# Values: numpy's take, at -O0 and -O3, 1 and 2 threads.
idv = rng.integers(0, 10, [2, 3]).astype(np.int32)
xv = rng.standard_normal([3, 5, 2]).astype(np.float32)
colv = np.array([4, 0, 4, 1], np.int64)
rowv = rng.integers(0, 5, [3, 2]).astype(np.int32)
want = {"embedding_lookup/Identity:0": table_value[idv],
        "GatherV2:0": np.take(xv, colv, axis=1),
        "GatherV2_1:0": np.stack([xv[b][rowv[b]] for b in range(3)]),
        "scalar:0": xv[2],
        "GatherV2_2:0": np.array([[5, 6], [1, 2]], np.int32)}
fetches = [e, g1, g2, g3, g4]
feeds = {"ids": idv, "x": xv, "cols": colv, "rows": rowv}
for level in (0, 3):
    m = tfs.load(tfs.compile(fetches, opt_level=level,
                             output=os.path.join(out, "libg%d.so" % level)))
    m.init()
    for threads in (1, 2):
        m.set_num_threads(threads)
        got = m.run(feeds)
        print(level, threads, all(np.array_equal(got[k], w) and
                                  got[k].dtype == w.dtype
                                  for k, w in want.items()))
# CHECK-NEXT: 0 1 True
# CHECK-NEXT: 0 2 True
# CHECK-NEXT: 3 1 True
# CHECK-NEXT: 3 2 True

# A fed index out of range: TF's message for the first bad element; the
# run changes nothing (the fetch buffer, the variable the run assigns).
counter = tf.get_variable("counter", initializer=np.float32(0.0))
step = tf.assign_add(counter, 1.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([e, step], {ids: idv})[1])
    for bad_ids in ([[1, 2, 3], [4, 10, -1]], [[-3, 0, 0], [0, 0, 0]]):
        try:
            sess.run([e, step], {ids: bad_ids})
        except tf.errors.InvalidArgumentError as err:
            print(type(err).__name__, err.op.name,
                  err.message.replace(__file__, "FILE"))
    print(sess.run(counter))
# CHECK-NEXT: 1.0
# CHECK-NEXT: InvalidArgumentError embedding_lookup indices[1,1] = 10 is not in [0, 10)
# CHECK-NEXT: {{^}}	 {{\[\[}}node embedding_lookup (defined at FILE:[[LINE:[0-9]+]]) ]]
# CHECK-NEXT: InvalidArgumentError embedding_lookup indices[0,0] = -3 is not in [0, 10)
# CHECK-NEXT: {{^}}	 {{\[\[}}node embedding_lookup (defined at FILE:[[LINE]]) ]]
# CHECK-NEXT: 1.0

# Through the C ABI (tfs.load): the call fails with the message and leaves
# the caller's output buffer alone.
m = tfs.load(tfs.compile([e], output=os.path.join(out, "libe.so")))
m.init()
try:
    m.run({"ids": np.array([[0, 0, 0], [0, 0, 12]], np.int32)})
except ValueError as err:
    print(str(err).splitlines()[0])
# CHECK-NEXT: indices[1,2] = 12 is not in [0, 10)
print(np.array_equal(m.run({"ids": idv})["embedding_lookup/Identity:0"],
                     table_value[idv]))
# CHECK-NEXT: True

# A feed of a narrower integer type, cast to the indices' type, is checked
# as it is (int16 elements here).
small = tf.placeholder(tf.int16, [3], name="small")
g16 = tf.gather(table, tf.cast(small, tf.int32))
m = tfs.load(tfs.compile([g16], output=os.path.join(out, "lib16.so")))
m.init()
print(np.array_equal(m.run({"small": np.array([9, 0, 3], np.int16)})[g16.name],
                     table_value[[9, 0, 3]]))
try:
    m.run({"small": np.array([1, -2, 3], np.int16)})
except ValueError as err:
    print(str(err).splitlines()[0])
# CHECK-NEXT: True
# CHECK-NEXT: indices[1] = -2 is not in [0, 10)

# Computed indices: argmax (below the reduced size), clip_by_value, a
# constant are proven in range; others are a compile error at their line.
logits = tf.placeholder(tf.float32, [2, 10], name="logits")
greedy = tf.nn.embedding_lookup(table, tf.argmax(logits, 1))
clipped = tf.gather(table, tf.clip_by_value(ids + 3, 0, 9))
shifted = tf.gather(table, ids + 3, name="shifted")
print("line", shifted.op.traceback[-1][1])
# CHECK-NEXT: line [[SHIFTED:[0-9]+]]
lv = rng.standard_normal([2, 10]).astype(np.float32)
m = tfs.load(tfs.compile([greedy, clipped],
                         output=os.path.join(out, "libc.so")))
m.init()
got = m.run({"logits": lv, "ids": idv})
print(np.array_equal(got[greedy.name], table_value[np.argmax(lv, 1)]),
      np.array_equal(got[clipped.name], table_value[np.clip(idv + 3, 0, 9)]))
# CHECK-NEXT: True True
try:
    tfs.compile(shifted, output=os.path.join(out, "libs.so"))
except Exception as err:  # pylint: disable=broad-except
    print(type(err).__name__ + ":", str(err).replace(__file__, "FILE"))
# CHECK-NEXT: RuntimeError: compiling {{.*}}libs.so failed:
# CHECK-NEXT: FILE:[[SHIFTED]]: cannot prove that the indices of this gather are in [0, 10): tfsc checks indices when the model runs only where they are fed (a placeholder); bound computed indices with tf.clip_by_value(ids, 0, 9) or feed them
# CHECK-EMPTY:
