# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.layers.dense / conv2d / max_pooling2d / average_pooling2d / dropout
# (at inference: an Identity in scope "dropout") manage
# their variables as TF 1.15's legacy layers do: a variable scope opened
# at the first call (default names "dense", "dense_1", ... inside the
# surrounding scope; a given name used as is; reuse passed through), its
# get_variable("kernel") / ("bias") with glorot-uniform and zeros
# initializers, and its ops in the scope's name scope. A small CNN built
# from them matches numpy at -O0 and -O3 (tolerance 1e-5).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [2, 8, 8, 3], name="x")
h = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
h = tf.layers.max_pooling2d(h, 2, 2)
h = tf.layers.conv2d(h, 6, (3, 3), strides=1, name="c2")
h = tf.layers.average_pooling2d(h, 2, 1, padding="same")
flat = tf.reshape(h, [2, -1])
y = tf.layers.dense(flat, 5, activation=tf.nn.relu)
y = tf.layers.dropout(y, 0.4)
with tf.variable_scope("head"):
    z = tf.layers.dense(y, 3, use_bias=False)
    z2 = tf.layers.dense(z, 3, name="shared")
    z3 = tf.layers.dense(z2, 3, name="shared", reuse=True)
print([v.name for v in tf.global_variables()])
# CHECK: ['conv2d/kernel:0', 'conv2d/bias:0', 'c2/kernel:0', 'c2/bias:0', 'dense/kernel:0', 'dense/bias:0', 'head/dense/kernel:0', 'head/shared/kernel:0', 'head/shared/bias:0']
for t in [h, y, z, z2, z3]:
    print(t.name, t.shape, [i.name for i in t.op.inputs])
# CHECK-NEXT: average_pooling2d/AvgPool:0 (2, 2, 2, 6) ['c2/BiasAdd:0']
# CHECK-NEXT: dropout/Identity:0 (2, 5) ['dense/Relu:0']
# CHECK-NEXT: head/dense/MatMul:0 (2, 3) ['dropout/Identity:0', 'head/dense/kernel/read:0']
# CHECK-NEXT: head/shared/BiasAdd:0 (2, 3) ['head/shared/MatMul:0', 'head/shared/bias/read:0']
# CHECK-NEXT: head/shared_1/BiasAdd:0 (2, 3) ['head/shared_1/MatMul:0', 'head/shared/bias/read:0']
print([op.name for op in tf.get_default_graph().get_operations()
       if op.name.startswith("dense/")])
# CHECK-NEXT: ['dense/kernel/Initializer/random_uniform/shape', 'dense/kernel/Initializer/random_uniform/min', 'dense/kernel/Initializer/random_uniform/max', 'dense/kernel/Initializer/random_uniform/RandomUniform', 'dense/kernel/Initializer/random_uniform/sub', 'dense/kernel/Initializer/random_uniform/mul', 'dense/kernel/Initializer/random_uniform', 'dense/kernel', 'dense/kernel/Assign', 'dense/kernel/read', 'dense/bias/Initializer/zeros', 'dense/bias', 'dense/bias/Assign', 'dense/bias/read', 'dense/MatMul', 'dense/BiasAdd', 'dense/Relu']


def conv(a, w, pad):
    kh, kw = w.shape[:2]
    if pad:
        a = np.pad(a, [(0, 0), (kh // 2, kh // 2), (kw // 2, kw // 2), (0, 0)])
    n, ih, iw, _ = a.shape
    oh, ow = ih - kh + 1, iw - kw + 1
    return np.stack([np.stack([np.tensordot(a[:, i:i + kh, j:j + kw], w, 3)
                               for j in range(ow)], 1)
                     for i in range(oh)], 1)


rng = np.random.default_rng(4)
xv = rng.uniform(-1, 1, [2, 8, 8, 3]).astype(np.float32)
values = {v.name[:-2]: rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(
    np.float32) for v in tf.global_variables()}
a = np.maximum(conv(xv.astype(np.float64), values["conv2d/kernel"], True)
               + values["conv2d/bias"], 0)
a = a.reshape(2, 4, 2, 4, 2, 4).max(axis=(2, 4))
a = conv(a, values["c2/kernel"], False) + values["c2/bias"]
# 2x2 average, stride 1, SAME: the window's real elements only.
padded = np.pad(a, [(0, 0), (0, 1), (0, 1), (0, 0)])
ones = np.pad(np.ones_like(a), [(0, 0), (0, 1), (0, 1), (0, 0)])
win = lambda t: t[:, :-1, :-1] + t[:, 1:, :-1] + t[:, :-1, 1:] + t[:, 1:, 1:]
a = win(padded) / win(ones)
a = np.maximum(a.reshape(2, -1) @ values["dense/kernel"] + values["dense/bias"],
               0)
a = a @ values["head/dense/kernel"]
a = a @ values["head/shared/kernel"] + values["head/shared/bias"]
want = a @ values["head/shared/kernel"] + values["head/shared/bias"]
for level in (0, 3):
    m = tfs.load(tfs.compile(z3, output=os.path.join(out, "lib%d.so" % level),
                             opt_level=level))
    for name, value in values.items():
        m.set_variable(name, value)
    got = m.run({"x": xv})[z3.name]
    print("-O%d" % level, float(np.abs(got - want).max()) < 1e-5)
# CHECK-NEXT: -O0 True
# CHECK-NEXT: -O3 True

for make in [lambda: tf.layers.dense(tf.placeholder(tf.float32, [2, None]), 3),
             lambda: tf.layers.dense(y, 3),
             lambda: tf.layers.conv2d(x, 2, 3, data_format="channels_first"),
             lambda: tf.layers.dense(y, 3, kernel_regularizer=lambda w: w),
             lambda: tf.layers.conv2d(x, 2, 3, padding="full"),
             lambda: tf.layers.dropout(y, training=True)]:
    try:
        make()
        print("no error")
    except (ValueError, NotImplementedError) as e:
        print(type(e).__name__ + ":", str(e).split("\n")[0])
# CHECK-NEXT: ValueError: The last dimension of the inputs to `Dense` should be defined. Found `None`.
# CHECK-NEXT: no error
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.layers.conv2d(data_format='channels_first') (only channels_last) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.layers.dense(kernel_regularizer=...) yet.
# CHECK-NEXT: ValueError: The `padding` argument must be one of "valid", "same" (or "causal", only for `Conv1D). Received: full
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.layers.dropout with training=True (only inference: training=False) yet.

# tf.layers.flatten as TF 1.15's Flatten builds it: reshape to (batch,
# -1), the batch a constant when known, else tf.shape(x)[0] packed with
# -1 ("flatten/Reshape/shape", autopacked from the Python tuple), then
# set_shape; compiled with the batch fed, the shape arithmetic folds to
# constants. tf.reshape with such a packed shape has TF's partial static
# shape (the known elements; -1 inferred when all others are known).
graph = tf.Graph()
with graph.as_default():
    u = tf.placeholder(tf.float32, [None, 4, 4, 3], name="u")
    f = tf.layers.flatten(u)
    v = tf.layers.dense(f, 2, name="out")
    w = tf.placeholder(tf.float32, [5, 2, 3], name="w")
    f2 = tf.layers.flatten(w)
    n = tf.reshape(u, [tf.shape(u)[0], 6, -1])
    k = tf.reshape(w, [tf.shape(w)[0], -1])
    n64 = tf.reshape(u, [tf.shape(u, out_type=tf.int64)[0], -1])
    print(f.name, f.shape, v.shape, f2.name, f2.shape, n.shape, k.shape)
    print(n64.op.inputs[1].dtype, [t.dtype for t in n64.op.inputs[1].op.inputs])
# CHECK-NEXT: flatten/Reshape:0 (?, 48) (?, 2) flatten_1/Reshape:0 (5, 6) (?, 6, ?) (5, 6)
# CHECK-NEXT: <dtype: 'int64'> [tf.int64, tf.int64]
    print([op.name for op in graph.get_operations()
           if op.name.startswith("flatten")])
# CHECK-NEXT: ['flatten/Shape', 'flatten/strided_slice/stack', 'flatten/strided_slice/stack_1', 'flatten/strided_slice/stack_2', 'flatten/strided_slice', 'flatten/Reshape/shape/1', 'flatten/Reshape/shape', 'flatten/Reshape', 'flatten_1/Reshape/shape', 'flatten_1/Reshape']
uv = rng.uniform(-1, 1, [3, 4, 4, 3]).astype(np.float32)
wv = rng.uniform(-1, 1, [5, 2, 3]).astype(np.float32)
m = tfs.load(tfs.compile([v, f2, n, n64], graph=graph,
                         feeds={"u": [3, 4, 4, 3]},
                         output=os.path.join(out, "libflatten.so")))
kernel = rng.uniform(-1, 1, [48, 2]).astype(np.float32)
m.set_variable("out/kernel", kernel)
got = m.run({"u": uv, "w": wv})
print(float(np.abs(got[v.name] - (uv.reshape(3, -1).astype(np.float64)
                                   @ kernel)).max()) < 1e-5,
      np.array_equal(got[f2.name], wv.reshape(5, 6)),
      np.array_equal(got[n.name], uv.reshape(3, 6, 8)),
      np.array_equal(got[n64.name], uv.reshape(3, 48)))
# CHECK-NEXT: True True True True

# A list holding a tensor of another dtype than the one asked for: TF's
# autopacking error.
with graph.as_default():
    try:
        tf.convert_to_tensor([tf.shape(u)[0], -1], dtype=tf.int64)
    except TypeError as e:
        print(str(e).split(" (Tensor is")[0])
# CHECK-NEXT: Cannot convert a list containing a tensor of dtype <dtype: 'int32'> to <dtype: 'int64'>

# What tf.layers does not support yet says so.
with graph.as_default():
    for make in [lambda: tf.layers.dense(u, 3),
                 lambda: tf.layers.flatten(tf.placeholder(tf.float32))]:
        try:
            make()
            print("no error")
        except NotImplementedError as e:
            print(e)
# CHECK-NEXT: tfsc does not support tf.layers.dense on inputs of rank 4 (tensordot) yet.
# CHECK-NEXT: tfsc does not support tf.layers.flatten of a tensor of unknown rank yet.

# tf.nn.dropout: keep_prob=1.0 (a Python rate of 0) is x itself, as in TF
# (no op); other rates build TF's graph (see random-dropout.py).
with graph.as_default():
    keep = tf.placeholder(tf.float32, [], name="keep_prob")
    kept = tf.nn.dropout(u, keep_prob=1.0)
    print(kept is u, tf.nn.dropout(u, rate=0.0) is u)
    print(tf.nn.dropout(u, keep).name, tf.nn.dropout(u, keep_prob=0.5).name)
    for make in [lambda: tf.nn.dropout(u, rate=1.5),
                 lambda: tf.nn.dropout(u),
                 lambda: tf.nn.dropout(u, keep_prob=0.5, rate=0.5)]:
        try:
            make()
        except ValueError as e:
            print(type(e).__name__ + ":", e)
# CHECK-NEXT: True True
# CHECK-NEXT: dropout_2/mul_1:0 dropout_3/mul_1:0
# CHECK-NEXT: ValueError: rate must be a scalar tensor or a float in the range [0, 1), got 1.5
# CHECK-NEXT: ValueError: You must provide a rate to dropout.
# CHECK-NEXT: ValueError: Cannot specify both 'rate' and 'keep_prob'
