# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: tfsc run %s %t | FileCheck %s
# tfs.compile + tfs.load from Python (the extension module under python3,
# and the embedded one under `tfsc run`): a two-layer MLP compiled in
# process, run on numpy arrays and checked against numpy; signature,
# variables as live views, set_variable, weights, clear errors.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [None, 4], name="x")
with tf.variable_scope("dense"):
    w1 = tf.get_variable("w", [4, 8], initializer=tf.random_normal_initializer(
        seed=1))
    b1 = tf.get_variable("b", [8], initializer=tf.constant_initializer(0.1))
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
with tf.variable_scope("out"):
    w2 = tf.get_variable("w", [8, 3])
    logits = tf.matmul(h, w2)
probs = tf.nn.softmax(logits, name="probs")

path = tfs.compile([h, probs], feeds={x: (2, 4)},
                   output=os.path.join(out, "libmlp.so"))
print(os.path.basename(path), os.path.exists(path))
# CHECK: libmlp.so True
m = tfs.load(path)
info = m.info
print(info["name"])
print(info["inputs"])
print(info["outputs"])
print([(v["name"], v["shape"]) for v in info["variables"]])
# CHECK-NEXT: mlp
# CHECK-NEXT: [{'name': 'x:0', 'dtype': 'float32', 'shape': (2, 4)}]
# CHECK-NEXT: [{'name': 'dense/Relu:0', 'dtype': 'float32', 'shape': (2, 8)}, {'name': 'probs:0', 'dtype': 'float32', 'shape': (2, 3)}]
# CHECK-NEXT: [('dense/w', (4, 8)), ('dense/b', (8,)), ('out/w', (8, 3))]

variables = m.variables
print(sorted(variables), variables["dense/b"][:2])
# CHECK-NEXT: ['dense/b', 'dense/w', 'out/w'] [0.1 0.1]


def reference(xv, vs):
    hv = np.maximum(xv @ vs["dense/w"] + vs["dense/b"], 0)
    lv = hv @ vs["out/w"]
    e = np.exp(lv - lv.max(axis=1, keepdims=True))
    return hv, e / e.sum(axis=1, keepdims=True)


xv = np.random.RandomState(0).randn(2, 4).astype(np.float32)
result = m({"x": xv})
hv, pv = reference(xv, m.variables)
print(sorted(result), np.allclose(result["dense/Relu:0"], hv, rtol=1e-5,
                                  atol=1e-6),
      np.allclose(result["probs:0"], pv, rtol=1e-5, atol=1e-6))
# CHECK-NEXT: ['dense/Relu:0', 'probs:0'] True True
# The same through m.run with "x:0" and a tensor key.
print(np.array_equal(m.run({"x:0": xv})["probs:0"], result["probs:0"]),
      np.array_equal(m.run({x: xv})["probs:0"], result["probs:0"]))
# CHECK-NEXT: True True

# Variables are views of the model's buffers: writes change the next run.
m.variables["dense/b"][:] = 1.0
m.set_variable("out/w:0", np.ones((8, 3), np.float32))
r2 = m({"x": xv})
print(np.allclose(r2["probs:0"], 1.0 / 3), m.variable("dense/b")[0])
# CHECK-NEXT: True 1.0

# Errors: wrong input name, shape, dtype, missing inputs, bad variables.
for bad in ({"y": xv}, {"x": xv[:1]}, {"x": xv.astype(np.float64)}, {}):
    try:
        m(bad)
    except ValueError as e:
        print("ValueError:", e)
# CHECK-NEXT: ValueError: unknown input 'y': the model's inputs are 'x:0'
# CHECK-NEXT: ValueError: input 'x:0' expects shape (2, 4), got (1, 4)
# CHECK-NEXT: ValueError: input 'x:0' expects dtype float32, got float64
# CHECK-NEXT: ValueError: missing input 'x:0' (float32 (2, 4))
for name, value in (("nope", 0), ("dense/b", np.zeros(3, np.float32))):
    try:
        m.set_variable(name, value)
    except ValueError as e:
        print("ValueError:", e)
# CHECK-NEXT: ValueError: unknown variable 'nope': the model's variables are 'dense/w', 'dense/b', 'out/w'
# CHECK-NEXT: ValueError: variable 'dense/b' has shape (8,), got (3,)

# Weights: tfs.compile compiles trained values in (every variable, as
# tfsc --weights); tfs.load(weights=) applies any subset after init.
fresh = tfs.load(path)
trained = dict(fresh.variables, **{"dense/b": np.full(8, 2.0, np.float32)})
wfile = os.path.join(out, "trained.npz")
np.savez(wfile, **trained)
wpath = tfs.compile(probs, feeds={"x": [2, 4]},
                    output=os.path.join(out, "libtrained.so"), weights=wfile)
mw = tfs.load(wpath)
print(mw.variables["dense/b"][:2])
# CHECK-NEXT: [2. 2.]
print(np.allclose(mw({"x": xv})["probs:0"], reference(xv, trained)[1],
                  rtol=1e-5, atol=1e-6))
# CHECK-NEXT: True
np.savez(os.path.join(out, "partial.npz"), **{"dense/b": np.ones(8, np.float32)})
try:
    tfs.compile(probs, feeds={"x": [2, 4]},
                output=os.path.join(out, "libpartial.so"),
                weights=os.path.join(out, "partial.npz"))
except ValueError as e:
    print("ValueError:", str(e).split(" does not match ", 1)[1])
# CHECK-NEXT: ValueError: the model's variables: missing: 'dense/w', 'out/w'.
print(os.path.exists(os.path.join(out, "libpartial.so")))
# CHECK-NEXT: False
print(tfs.load(path, weights=os.path.join(out, "partial.npz")).variables[
    "dense/b"][:2])
# CHECK-NEXT: [1. 1.]
# Models round-trip their weights.
mw.save_weights(os.path.join(out, "saved.npz"))
with np.load(os.path.join(out, "saved.npz")) as saved:
    print(sorted(saved.files), saved["dense/b"][0])
# CHECK-NEXT: ['dense/b', 'dense/w', 'out/w'] 2.0
np.savez(os.path.join(out, "bad.npz"), **{"dense/q": np.zeros(8, np.float32)})
try:
    tfs.load(path, weights=os.path.join(out, "bad.npz"))
except ValueError as e:
    print("ValueError:", str(e).split(": ", 1)[1])
# CHECK-NEXT: ValueError: entry 'dense/q' is not a variable of the model (its variables are 'dense/w', 'dense/b', 'out/w')

# Compile errors are Python exceptions.
try:
    tfs.compile(probs, output=os.path.join(out, "libbad.so"))
except ValueError as e:
    print("ValueError:", e)
# CHECK-NEXT: ValueError: feed 'x:0' has shape (?, 4); tfsc compiles static shapes: give its full shape, e.g. feeds={'x': (1, 4)}
try:
    tfs.compile("nope:0", output=os.path.join(out, "libbad.so"))
except ValueError as e:
    print("ValueError:", str(e).split(":")[0])
# CHECK-NEXT: ValueError: fetch 'nope
try:
    tfs.compile(probs, feeds={x: (2, 5)}, output=os.path.join(out, "libbad.so"))
except ValueError as e:
    print("ValueError:", e)
# CHECK-NEXT: ValueError: feed 'x:0' has shape (?, 4); the given shape (2, 5) does not match it
try:
    tfs.load(os.path.join(out, "missing.so"))
except OSError as e:
    print("OSError:", str(e).replace(out, "OUT"))
# CHECK-NEXT: OSError: cannot open model OUT/missing.so: no such file

# Threads: this small model has no parallel loops, so it reports one thread
# whatever is asked; a count below 1 is an error.
m.set_num_threads(2)
print(m.num_threads)
# CHECK-NEXT: 1
try:
    m.set_num_threads(0)
except ValueError as e:
    print("ValueError:", e)
# CHECK-NEXT: ValueError: threads: the number of threads must be at least 1, got 0
