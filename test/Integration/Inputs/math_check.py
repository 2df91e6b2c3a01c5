"""Measures the accuracy of the compiled transcendental ops against float64
numpy and checks it against the stated bounds.

Usage: math_check.py WORKDIR TFS_RUN

Domains: exp on [-87, 88], log on [1e-30, 1e30] (log-uniform), tanh and
sigmoid on [-20, 20], sin and cos on [-pi, pi], [-1e4, 1e4] and [-1e5, 1e5],
exp(sin x) on [-87, 88]. The error is measured in units of float32 epsilon
(2^-23, the ulp of 1) relative to max(|reference|, 1), so values near zero
are judged absolutely. Stated bounds (what -O2/-O3's polynomial
approximations reach; -O0 calls libm and stays within 1 eps): exp, log and
sigmoid 2 eps (exp measures 0.7), tanh 4 eps; sin and cos 1.5 eps (they
measure 1.0: reduction by pi, one polynomial on [-pi/2, pi/2]) on each of
the three ranges; exp(sin x) 2.5 eps (sin's error carried through exp).

Special values: exp is exactly +inf above 88.7228317 (the largest f32 with
a finite exp) and for +inf, NaN for NaN (also one with low payload bits),
exactly 0 for -inf, -1e30 and -104; between -103.9 and -87.3365402 -O3
flushes the subnormal results to zero (libm's subnormals and the zeros both
pass the absolute bound), at the thresholds it is within the bound. sin and
cos of +-inf and NaN are NaN, of 0 and other special finite values within
the bound.
"""

import os
import subprocess
import sys

import numpy as np

work, tfs_run = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(3)
n = 65536
special = np.array(
    [-np.inf, -1e30, -104, -88, -87.3365478515625, -87.33654022216797, -87,
     -1, -0.0, 0, 1e-30, 1, 10, 88, 88.38, 88.72283172607422,
     88.72283935546875, 89, 100, 1e30, np.inf, np.nan, -np.nan, 3.14159265,
     -1.5707964, 1.5707964, 1e4, -1e4, 12345.678, 99999.99, -99999.99, 0],
    dtype=np.float32)
# A NaN with low payload bits set (exp must not shift them into a number).
special[-1:].view(np.uint32)[:] = 0x7fc001ff
inputs = {
    "e": rng.uniform(-87, 88, n).astype(np.float32),
    "l": np.exp(rng.uniform(np.log(1e-30), np.log(1e30), n)).astype(np.float32),
    "t": rng.uniform(-20, 20, n).astype(np.float32),
    "s": np.concatenate([rng.uniform(-np.pi, np.pi, n // 2),
                         rng.uniform(-1e4, 1e4, n // 4),
                         rng.uniform(-1e5, 1e5, n // 4)]).astype(np.float32),
    "x": special,
}
np.savez(os.path.join(work, "in.npz"), **inputs)
out = os.path.join(work, "out.npz")
subprocess.run([tfs_run, os.path.join(work, "libmath.so"), "--inputs",
                os.path.join(work, "in.npz"), "--output", out],
               check=True, stdout=subprocess.DEVNULL)
got = np.load(out)
x = {k: v.astype(np.float64) for k, v in inputs.items()}
np.seterr(over="ignore", invalid="ignore")
want = {
    "exp:0": np.exp(x["e"]), "log:0": np.log(x["l"]),
    "tanh:0": np.tanh(x["t"]), "sigmoid:0": 1 / (1 + np.exp(-x["t"])),
    "sin:0": np.sin(x["s"]), "cos:0": np.cos(x["s"]),
    "exp_sin:0": np.exp(np.sin(x["e"])),
    "exp_special:0": np.exp(x["x"]), "sin_special:0": np.sin(x["x"]),
    "cos_special:0": np.cos(x["x"]),
}
eps = np.finfo(np.float32).eps
bounds = {"exp:0": 2, "log:0": 2, "tanh:0": 4, "sigmoid:0": 2,
          "sin:0": 1.5, "cos:0": 1.5, "exp_sin:0": 2.5,
          "exp_special:0": 2, "sin_special:0": 1.5, "cos_special:0": 1.5}
s = np.abs(x["s"])
ranges = [(" on [-pi, pi]", s <= np.pi),
          (" on [-1e4, 1e4]", (s > np.pi) & (s <= 1e4)),
          (" on [-1e5, 1e5]", s > 1e4)]
# sin and cos of the special values: finite ones up to 1e5 are measured.
trig_special = np.isfinite(x["x"]) & (np.abs(x["x"]) <= 1e5)
failed = False
for name, ref in want.items():
    g = got[name].astype(np.float64)
    # Where the f32 result is not finite (overflow, NaN) or, for exp, 0, it
    # must match.
    ref32 = ref.astype(np.float32)
    exact = ~np.isfinite(ref32)
    if name == "exp_special:0":
        exact |= ref32 == 0
    if name in ("sin_special:0", "cos_special:0"):
        exact = ~np.isfinite(x["x"])
        measured = trig_special
    else:
        measured = ~exact
    if exact.any():
        same = (np.isnan(g) & np.isnan(ref32)) | (g == ref32)
        ok = bool(same[exact].all())
        failed |= not ok
        print(f"{name} {'inf, NaN, 0 as libm' if ok else 'FAIL'}: "
              f"{g[exact].tolist()} for {x['x' if 'special' in name else 'e'][exact].tolist()}")
    err = np.abs(g - ref) / np.maximum(np.abs(ref), 1) / eps
    checks = [("", measured)]
    if name in ("sin:0", "cos:0"):
        checks += ranges
    for what, sel in checks:
        e = err[sel].max()
        ok = e <= bounds[name]
        failed |= not ok
        print(f"{name}{what} max error {e:.2f} eps "
              f"({'OK' if ok else 'FAIL'}, bound {bounds[name]} eps)")
if failed:
    raise SystemExit("accuracy bound exceeded")
