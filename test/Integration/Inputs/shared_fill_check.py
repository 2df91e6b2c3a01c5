"""Runs the compiled shared_fill.mlir model on random inputs and checks
both outputs against numpy (rtol, atol 1e-5).

Usage: shared_fill_check.py LIB TFS_RUN WORKDIR
"""
import os
import subprocess
import sys

import numpy as np

lib, tfs_run, work = sys.argv[1:4]
rng = np.random.default_rng(0)
inputs = {name: rng.uniform(-1, 1, shape).astype(np.float32)
          for name, shape in (("a", (2, 3)), ("b", (3, 4)), ("c", (2, 5)),
                              ("d", (5, 4)))}
feeds = os.path.join(work, "in.npz")
out = os.path.join(work, "out.npz")
np.savez(feeds, **inputs)
subprocess.run([tfs_run, lib, "--inputs", feeds, "--output", out],
               check=True, stdout=subprocess.DEVNULL)
got = dict(np.load(out))
for name, want in (("first:0", inputs["a"] @ inputs["b"]),
                   ("second:0", inputs["c"] @ inputs["d"])):
    ok = np.allclose(got[name], want, rtol=1e-5, atol=1e-5)
    print(f"{name}: {'OK' if ok else 'WRONG'}")
