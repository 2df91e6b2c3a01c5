"""Runs the model of winograd_blocked.py compiled to argv[1] on random
inputs and prints whether it matches float64 numpy within Winograd's bound
(2e-5 of the largest output magnitude, as in test/python/winograd.py)."""
import sys

import numpy as np

import reference
import tfs

m = tfs.load(sys.argv[1])
x = np.random.default_rng(3).uniform(-1, 1, [2, 14, 14, 256]).astype(
    np.float32)
got = m.run({"x": x})["y:0"]
w = np.array(m.variables["w"])
b = np.array(m.variables["b"]).astype(np.float64)
want = np.maximum(reference.conv2d(x, w, padding="SAME") + b, 0)
error = float(np.abs(got - want).max() / np.abs(want).max())
print("blocked winograd", error < 2e-5, "(%.1e)" % error, file=sys.stderr)
print("blocked winograd", error < 2e-5)
