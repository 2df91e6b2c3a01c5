"""Measures the accuracy of the compiled transcendental ops against float64
numpy and checks it against the stated bounds.

Usage: math_check.py WORKDIR TFS_RUN

Domains: exp on [-87, 88], log on [1e-30, 1e30] (log-uniform), tanh and
sigmoid on [-20, 20], sin and cos on [-pi, pi] and [-10000, 10000]. The error is measured in
units of float32 epsilon relative to max(|reference|, 1) (so values near
zero are judged absolutely). Stated bounds (what -O2/-O3's polynomial
approximations reach; -O0 calls libm and stays within 1 eps): exp, log and
sigmoid 2 eps, tanh 4 eps; sin and cos 2 eps on [-10000, 10000] (a
three-part reduction by pi/2), checked again on [-pi, pi].
"""

import os
import subprocess
import sys

import numpy as np

work, tfs_run = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(3)
n = 65536
inputs = {
    "e": rng.uniform(-87, 88, n).astype(np.float32),
    "l": np.exp(rng.uniform(np.log(1e-30), np.log(1e30), n)).astype(np.float32),
    "t": rng.uniform(-20, 20, n).astype(np.float32),
    "s": np.concatenate([rng.uniform(-np.pi, np.pi, n // 2),
                         rng.uniform(-1e4, 1e4, n // 2)]).astype(np.float32),
}
np.savez(os.path.join(work, "in.npz"), **inputs)
out = os.path.join(work, "out.npz")
subprocess.run([tfs_run, os.path.join(work, "libmath.so"), "--inputs",
                os.path.join(work, "in.npz"), "--output", out],
               check=True, stdout=subprocess.DEVNULL)
got = np.load(out)
x = {k: v.astype(np.float64) for k, v in inputs.items()}
want = {
    "exp:0": np.exp(x["e"]), "log:0": np.log(x["l"]),
    "tanh:0": np.tanh(x["t"]), "sigmoid:0": 1 / (1 + np.exp(-x["t"])),
    "sin:0": np.sin(x["s"]), "cos:0": np.cos(x["s"]),
}
eps = np.finfo(np.float32).eps
bounds = {"exp:0": 2, "log:0": 2, "tanh:0": 4, "sigmoid:0": 2,
          "sin:0": 2, "cos:0": 2}
small = np.abs(x["s"]) <= np.pi
failed = False
for name, ref in want.items():
    err = np.abs(got[name].astype(np.float64) - ref) / np.maximum(
        np.abs(ref), 1) / eps
    checks = [("", err, bounds[name])]
    if name in ("sin:0", "cos:0"):
        checks.append((" on [-pi, pi]", err[small], 2))
    for what, e, bound in checks:
        ok = e.max() <= bound
        failed |= not ok
        print(f"{name}{what} max error {e.max():.2f} eps "
              f"({'OK' if ok else 'FAIL'}, bound {bound} eps)")
if failed:
    raise SystemExit("accuracy bound exceeded")
