# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Random ops computed when the model runs (tf.random_uniform,
# tf.random_normal, tf.truncated_normal in the graph, also on a tf.shape)
# and tf.nn.dropout with a fed keep_prob, as in TF 1.15's tutorials: TF's
# graphs; every run draws new values (TF's stateful kernels), a run's
# first draw is TF's Philox stream for the op's seeds (the same values an
# initializer with those seeds gets); uniform values in [0, 1), mean and
# standard deviations within 5 standard errors; dropout with keep_prob
# 1.0 gives x exactly, with 0.5 zeros about half (5 standard errors) and
# doubles the rest; at -O0 and -O3.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [64, 256], name="x")
keep = tf.placeholder(tf.float32, [], name="keep_prob")
d = tf.nn.dropout(x, keep)
print(d.name, d.shape, [o.name for o in tf.get_default_graph().get_operations()
                        if o.name.startswith("dropout/")])
# CHECK: dropout/mul_1:0 (64, 256) ['dropout/Shape', 'dropout/random_uniform/min', 'dropout/random_uniform/max', 'dropout/random_uniform/RandomUniform', 'dropout/random_uniform/sub', 'dropout/random_uniform/mul', 'dropout/random_uniform', 'dropout/sub/x', 'dropout/sub', 'dropout/truediv/x', 'dropout/truediv', 'dropout/GreaterEqual', 'dropout/mul', 'dropout/Cast', 'dropout/mul_1']
u = tf.random_uniform(tf.shape(x), seed=3)
n = tf.random_normal([1000, 100], seed=4)
t = tf.truncated_normal([1000, 100], seed=4)
r = tf.random_uniform([8], seed=5)
v = tf.get_variable("v", initializer=tf.random_uniform([8], seed=5))
print(u.op.type, [i.op.type for i in u.op.inputs[0].op.inputs])
# CHECK-NEXT: Add ['RandomUniform', 'Sub']

xv = np.random.default_rng(0).standard_normal([64, 256]).astype(np.float32)
for level in (0, 3):
    m = tfs.load(tfs.compile([d, u, n, t, r, v.value()], opt_level=level,
                             output=os.path.join(out, "librd%d.so" % level)))
    m.init()
    one = m.run({"x": xv, "keep_prob": np.float32(1.0)})
    half = m.run({"x": xv, "keep_prob": np.float32(0.5)})
    again = m.run({"x": xv, "keep_prob": np.float32(0.5)})
    dropped = half[d.name] == 0
    uv, nv, tv = one[u.name], one[n.name], one[t.name]
    checks = {
        "keep 1.0 is x": np.array_equal(one[d.name], xv),
        "half dropped": abs(dropped.mean() - 0.5) < 5 * 0.5 / np.sqrt(
            dropped.size),
        "rest doubled": np.array_equal(half[d.name][~dropped],
                                       xv[~dropped] * np.float32(2)),
        "new mask each run": not np.array_equal(half[d.name], again[d.name]),
        "uniform in [0, 1)": uv.min() >= 0 and uv.max() < 1,
        "uniform mean": abs(uv.mean() - 0.5) < 5 * np.sqrt(1 / 12 / uv.size),
        "normal moments": abs(nv.mean()) < 5 / np.sqrt(nv.size) and
        abs(nv.std() - 1) < 5 / np.sqrt(2 * nv.size),
        "truncated within 2": np.abs(tv).max() < 2,
        "new values each run": not np.array_equal(uv, half[u.name]),
        "TF's stream": np.array_equal(one[r.name], one["v/read:0"]),
    }
    print(level, [k for k, ok in checks.items() if not ok])
# CHECK-NEXT: 0 []
# CHECK-NEXT: 3 []

# Random values of other types than float32 are a compile error at the
# op's line.
r64 = tf.random_uniform([4], dtype=tf.float64, name="r64")
try:
    tfs.compile(r64, output=os.path.join(out, "libr64.so"))
except Exception as err:  # pylint: disable=broad-except
    print(str(err).splitlines()[-1].replace(__file__, "FILE"))
# CHECK-NEXT: FILE:{{[0-9]+}}: TF op RandomUniform ('r64/RandomUniform'): random values of 'f64' are not supported yet (only float32)
