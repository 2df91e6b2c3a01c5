"""tfsc benchmarks: compiles each workload with tfsc, times it with
tfs-run --bench 200 --bench-time S (median after a warm-up, over about
S s of repeats, at least 200), and times the same computation
in numpy (OpenBLAS), PyTorch (eager, and jit.trace + freeze of a module
taking the feeds as arguments), ONNX Runtime (that module exported to
ONNX, timed by bench/ort/bench.js under onnxruntime-node) and oneDNN (the
workload built from oneDNN primitives by bench/dnnl/bench.cpp, compiled
by bench/run.sh into BUILD/bench/bench-dnnl) when available, in the same
run: every contender ROUNDS times (--rounds, default 3), interleaved,
each time over about S = ROUND_SECONDS (--round-seconds, default 0.4),
its figure the median of its rounds. One table per thread count, each
measured in a process of its own, plus a 1-thread table measured with
glibc's default malloc (without the MALLOC_* variables bench/run.sh sets;
--no-untuned skips it). Each table's
process first measures the machine's physical limits with
BUILD/bench/limits (bench/limits.c, compiled by bench/run.sh): the f32 FMA
peak of one core (times the thread count), and the read and copy
bandwidths at the table's thread count for the working sets the
memory-bound rows need; each row then shows tfsc's time as a fraction of
its limit (FLOPs at the FMA peak for the compute-bound rows, the weights
read at the read bandwidth for MLP b1 and RNN b1, x read and the result
written at the copy bandwidth for f(x), none for x + 1; see WORKLOADS).
Without the binary, the peak falls back to FALLBACK_PEAK_GFLOPS per core
and the bandwidth limits are missing. Prints the tables and optionally
writes them as docs/benchmarks.md. Run through bench/run.sh (it sets the
peers' best environment)."""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# FMA peak per core measured earlier on this machine kind: used only when
# BUILD/bench/limits (bench/limits.c, built by bench/run.sh) is missing or
# fails; otherwise the peak is measured in the run.
FALLBACK_PEAK_GFLOPS = 225.0

THREADS = int(os.environ.get("TFS_BENCH_THREADS", "1"))
# Every contender of a row (tfsc and each peer) is timed ROUNDS times, the
# rounds one after the other (tfsc, then each peer, then again), each time
# over about ROUND_SECONDS of repeats; its figure is the median of its
# rounds' medians. These VMs go through phases of minutes where the same
# code runs 10-40 % slower: timed once each, one after the other, two
# contenders of a row could fall on different sides of a change of phase
# (matmul 1024^3 at 1 thread, one run: 0.92x oneDNN in one table, 1.12x
# in the next); interleaved rounds expose them to the same phases.
ROUNDS = int(os.environ.get("TFS_BENCH_ROUNDS", "3"))
ROUND_SECONDS = float(os.environ.get("TFS_BENCH_ROUND_SECONDS", "0.4"))
# tfsc compiles of each workload, whose median is its compile time.
COMPILES = 3
try:
    import torch
    torch.set_num_threads(THREADS)
except Exception:  # noqa: BLE001 - any import failure means "no peer"
    torch = None


def flops_conv(n, h, w, c, f, k):
    return 2.0 * n * h * w * c * f * k * k


MLP_WEIGHT_BYTES = 4 * (784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10)
RNN_WH_BYTES = 4 * 256 * 256  # w_h, read by every step
# w_x (128 x 256, half of w_h) needs to be read only once: the steps'
# input projections do not depend on the recurrence (tfsc computes them as
# one matmul, as oneDNN and cuDNN do).
RNN_PASSES = 32 + 0.5
FX_BYTES = 4 << 20  # x: 2**20 floats

# The physical limit a workload's time is compared with: "fma" (its FLOPs
# at the FMA peak), ("read", working set, passes) (passes x the working set
# read at the read bandwidth measured for that working set), ("copy",
# bytes) (bytes read + bytes written at the copy bandwidth measured for
# two buffers of that size), or None (no limit: a fixed-cost row).
FMA = "fma"

# name, script, script args, FLOPs (None: not a FLOP workload), limit
WORKLOADS = [
    ("matmul 1024^3", "bench/models/matmul.py", [], 2.0 * 1024 ** 3, FMA),
    ("conv 56x56 C=F=64 3x3", "bench/models/conv.py", [],
     flops_conv(1, 56, 56, 64, 64, 3), FMA),
    ("image filter b1", "examples/image_filter.py", ["1"],
     4 * flops_conv(1, 64, 64, 32, 32, 5), FMA),
    ("image filter b8", "examples/image_filter.py", ["8"],
     4 * flops_conv(8, 64, 64, 32, 32, 5), FMA),
    ("MLP b1", "bench/models/mlp.py", ["1"],
     2.0 * (784 * 512 + 512 * 512 + 512 * 10),
     ("read", MLP_WEIGHT_BYTES, 1)),
    ("MLP b64", "bench/models/mlp.py", ["64"],
     64 * 2.0 * (784 * 512 + 512 * 512 + 512 * 10), FMA),
    ("RNN b1 (32 steps)", "examples/rnn.py", ["1", "128", "256", "32"],
     32 * 2.0 * (128 * 256 + 256 * 256),
     ("read", RNN_WH_BYTES, RNN_PASSES)),
    ("RNN b16 (32 steps)", "examples/rnn.py", ["16", "128", "256", "32"],
     16 * 32 * 2.0 * (128 * 256 + 256 * 256), FMA),
    ("small CNN b1", "examples/cnn.py", [],
     flops_conv(1, 32, 32, 3, 32, 3) + flops_conv(1, 16, 16, 32, 64, 3)
     + 2.0 * 4096 * 10, FMA),
    ("f(x) on 1M floats", "examples/fx.py", [], None, ("copy", FX_BYTES)),
    ("x + 1 (fixed cost)", "bench/models/trivial.py", [], None, None),
]


class BenchError(Exception):
    """A peer that failed or computed a different result: the reason."""


def pin_one_cpu():
    """Pins this process, and so the processes it starts, to the first CPU
    of its affinity mask, for 1-thread measurements: the two vCPUs of
    these VMs ran the same code up to 5 % apart (matmul 1024^3: 11.05 /
    11.68 ms, then 10.25 / 10.54), so a row's contenders are timed on the
    same one. Does nothing where affinity is not available."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def median_ms(fn, seconds=1.0, max_reps=2000):
    """Median of fn's time in ms over about `seconds` of repeats (at least
    5, at most max_reps), after a warm-up call."""
    fn()  # warm-up
    t = time.perf_counter()
    fn()
    once = time.perf_counter() - t
    reps = int(max(5, min(max_reps, seconds / max(once, 1e-7))))
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1e3 * float(np.median(times))


def im2col_conv(x, w, pad):
    """NHWC x HWIO conv, stride 1, via patches + one GEMM (numpy's best)."""
    k = w.shape[0]
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0))) if pad else x
    n, hp, wp, c = xp.shape
    oh, ow = hp - k + 1, wp - k + 1
    s = xp.strides
    cols = np.lib.stride_tricks.as_strided(
        xp, (n, oh, ow, k, k, c), (s[0], s[1], s[2], s[1], s[2], s[3]))
    return cols.reshape(n * oh * ow, k * k * c) @ w.reshape(k * k * c, -1)


def peers(name, inputs, v):
    """{peer: callable} computing the workload on the same data."""
    out = {}
    f32 = {k: a.astype(np.float32) for k, a in {**inputs, **v}.items()}
    if name.startswith("matmul"):
        a, b = f32["a"], f32["b"]
        out["numpy"] = lambda: a @ b
        if torch is not None:
            ta, tb = torch.from_numpy(a), torch.from_numpy(b)
            out["torch"] = lambda: torch.mm(ta, tb)
    elif name.startswith("conv"):
        x, w = f32["x"], f32["w"]
        out["numpy"] = lambda: im2col_conv(x, w, 1)
        if torch is not None:
            tx = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
            tw = torch.from_numpy(w.transpose(3, 2, 0, 1).copy())
            out["torch"] = lambda: torch.nn.functional.conv2d(tx, tw, padding=1)
    elif name.startswith("image filter"):
        w1, b1 = f32["image_filters/conv1/weights"], f32["image_filters/conv1/biases"]
        w2, b2 = f32["image_filters/conv2/weights"], f32["image_filters/conv2/biases"]
        i1, i2 = f32["image1"], f32["image2"]

        def np_tower(x):
            n = x.shape[0]
            h = np.maximum(im2col_conv(x, w1, 2) + b1, 0).reshape(n, 64, 64, 32)
            return np.maximum(im2col_conv(h, w2, 2) + b2, 0)
        out["numpy"] = lambda: (np_tower(i1), np_tower(i2))
        if torch is not None:
            F = torch.nn.functional
            tw1 = torch.from_numpy(w1.transpose(3, 2, 0, 1).copy())
            tw2 = torch.from_numpy(w2.transpose(3, 2, 0, 1).copy())
            tb1, tb2 = torch.from_numpy(b1), torch.from_numpy(b2)
            t1 = torch.from_numpy(i1.transpose(0, 3, 1, 2).copy())
            t2 = torch.from_numpy(i2.transpose(0, 3, 1, 2).copy())

            def torch_tower(x):
                h = F.relu(F.conv2d(x, tw1, tb1, padding=2))
                return F.relu(F.conv2d(h, tw2, tb2, padding=2))
            out["torch"] = lambda: (torch_tower(t1), torch_tower(t2))
    elif name.startswith("MLP"):
        x = f32["x"]
        ws = [(f32[f"mlp/{l}/kernel"], f32[f"mlp/{l}/bias"])
              for l in ("hidden1", "hidden2", "logits")]

        def np_mlp():
            h = np.maximum(x @ ws[0][0] + ws[0][1], 0)
            h = np.maximum(h @ ws[1][0] + ws[1][1], 0)
            z = h @ ws[2][0] + ws[2][1]
            e = np.exp(z - z.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        out["numpy"] = np_mlp
        if torch is not None:
            tx = torch.from_numpy(x)
            tws = [(torch.from_numpy(w), torch.from_numpy(b)) for w, b in ws]

            def torch_mlp(x):
                h = torch.relu(torch.addmm(tws[0][1], x, tws[0][0]))
                h = torch.relu(torch.addmm(tws[1][1], h, tws[1][0]))
                return torch.softmax(torch.addmm(tws[2][1], h, tws[2][0]), 1)
            out["torch"] = lambda: torch_mlp(tx)
    elif name.startswith("RNN"):
        xs = f32["inputs"]
        wx, wh, b = f32["rnn/w_x"], f32["rnn/w_h"], f32["rnn/b"]

        def np_rnn():
            h = np.zeros((xs.shape[0], 256), np.float32)
            for t in range(xs.shape[1]):
                h = np.tanh(xs[:, t, :] @ wx + h @ wh + b)
            return h
        out["numpy"] = np_rnn
        if torch is not None:
            txs = torch.from_numpy(xs)
            twx, twh, tb = (torch.from_numpy(a) for a in (wx, wh, b))

            def torch_rnn():
                h = torch.zeros(xs.shape[0], 256)
                for t in range(xs.shape[1]):
                    h = torch.tanh(torch.addmm(tb, txs[:, t, :], twx) + h @ twh)
                return h
            out["torch"] = torch_rnn
    elif name.startswith("small CNN"):
        x = f32["image"]
        c1w, c1b = f32["cnn/conv1/weights"], f32["cnn/conv1/biases"]
        c2w, c2b = f32["cnn/conv2/weights"], f32["cnn/conv2/biases"]
        dw, db = f32["cnn/dense/kernel"], f32["cnn/dense/bias"]

        def pool(y, s):
            return y.reshape(1, s // 2, 2, s // 2, 2, -1).max(axis=(2, 4))

        def np_cnn():
            h = pool(np.maximum(im2col_conv(x, c1w, 1) + c1b, 0), 32)
            h = pool(np.maximum(im2col_conv(h, c2w, 1) + c2b, 0), 16)
            z = h.reshape(1, -1) @ dw + db
            e = np.exp(z - z.max())
            return e / e.sum()
        out["numpy"] = np_cnn
        if torch is not None:
            F = torch.nn.functional
            tx = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
            t1 = torch.from_numpy(c1w.transpose(3, 2, 0, 1).copy())
            t2 = torch.from_numpy(c2w.transpose(3, 2, 0, 1).copy())
            # NCHW flatten order differs from NHWC; timing is what matters.
            tdw, tdb = torch.from_numpy(dw), torch.from_numpy(db)
            tb1, tb2 = torch.from_numpy(c1b), torch.from_numpy(c2b)

            def torch_cnn():
                h = F.max_pool2d(F.relu(F.conv2d(tx, t1, tb1, padding=1)), 2)
                h = F.max_pool2d(F.relu(F.conv2d(h, t2, tb2, padding=1)), 2)
                return torch.softmax(torch.addmm(tdb, h.reshape(1, -1), tdw), 1)
            out["torch"] = torch_cnn
    elif name.startswith("f(x)"):
        x = f32["scope/x"]
        out["numpy"] = lambda: (np.exp(np.sin(4 * np.cos(x) + 1))
                                + np.exp(np.sin(5 * np.cos(x) + 2)))
        if torch is not None:
            tx = torch.from_numpy(x)
            out["torch"] = lambda: (torch.exp(torch.sin(4 * torch.cos(tx) + 1))
                                    + torch.exp(torch.sin(5 * torch.cos(tx) + 2)))
    elif name.startswith("x + 1"):
        x = f32["x"]
        out["numpy"] = lambda: x + 1
        if torch is not None:
            tx = torch.from_numpy(x)
            out["torch"] = lambda: tx + 1
    if torch is not None and "torch" in out:
        with_grad = out["torch"]

        def no_grad(f=with_grad):
            with torch.no_grad():
                return f()
        out["torch"] = no_grad
    return out


def torch_module(name, inputs, v):
    """The workload as a torch.nn.Module for the graph-level peers (torch
    jit, ONNX Runtime): forward takes the feeds as arguments (NCHW where
    there are convolutions, like the eager peer), the variables are
    buffers. Returns (module, example args, input names), or None."""
    if torch is None:
        return None
    F = torch.nn.functional
    f32 = {k: a.astype(np.float32) for k, a in {**inputs, **v}.items()}

    def nchw(a):
        return torch.from_numpy(a.transpose(0, 3, 1, 2).copy())

    def oihw(a):
        return torch.from_numpy(a.transpose(3, 2, 0, 1).copy())

    class Workload(torch.nn.Module):
        def __init__(self, weights, fn):
            super().__init__()
            for k, t in weights.items():
                self.register_buffer(k, t)
            self.fn = fn

        def forward(self, *args):
            return self.fn(self, *args)

    t = torch.from_numpy
    if name.startswith("matmul"):
        return (Workload({}, lambda m, a, b: torch.mm(a, b)),
                (t(f32["a"]), t(f32["b"])), ["a", "b"])
    if name.startswith("conv"):
        return (Workload({"w": oihw(f32["w"])},
                         lambda m, x: F.conv2d(x, m.w, padding=1)),
                (nchw(f32["x"]),), ["x"])
    if name.startswith("image filter"):
        p = "image_filters/conv"
        ws = {"w1": oihw(f32[p + "1/weights"]), "b1": t(f32[p + "1/biases"]),
              "w2": oihw(f32[p + "2/weights"]), "b2": t(f32[p + "2/biases"])}

        def tower(m, x):
            h = F.relu(F.conv2d(x, m.w1, m.b1, padding=2))
            return F.relu(F.conv2d(h, m.w2, m.b2, padding=2))
        return (Workload(ws, lambda m, a, b: (tower(m, a), tower(m, b))),
                (nchw(f32["image1"]), nchw(f32["image2"])),
                ["image1", "image2"])
    if name.startswith("MLP"):
        ws = {}
        for i, l in enumerate(("hidden1", "hidden2", "logits")):
            ws[f"w{i}"] = t(f32[f"mlp/{l}/kernel"])
            ws[f"b{i}"] = t(f32[f"mlp/{l}/bias"])

        def mlp(m, x):
            h = torch.relu(torch.addmm(m.b0, x, m.w0))
            h = torch.relu(torch.addmm(m.b1, h, m.w1))
            return torch.softmax(torch.addmm(m.b2, h, m.w2), 1)
        return Workload(ws, mlp), (t(f32["x"]),), ["x"]
    if name.startswith("RNN"):
        ws = {"wx": t(f32["rnn/w_x"]), "wh": t(f32["rnn/w_h"]),
              "b": t(f32["rnn/b"])}
        batch, steps = f32["inputs"].shape[:2]

        def rnn(m, xs):
            # Not addmm as in the eager peer: torch 1.13's freeze breaks
            # addmm after the constant first step (a shape-propagation
            # error at run time); ONNX Runtime fuses MatMul + Add itself.
            h = torch.zeros(batch, 256)
            for i in range(steps):
                h = torch.tanh(xs[:, i, :] @ m.wx + h @ m.wh + m.b)
            return h
        return Workload(ws, rnn), (t(f32["inputs"]),), ["inputs"]
    if name.startswith("small CNN"):
        p = "cnn/"
        ws = {"w1": oihw(f32[p + "conv1/weights"]),
              "b1": t(f32[p + "conv1/biases"]),
              "w2": oihw(f32[p + "conv2/weights"]),
              "b2": t(f32[p + "conv2/biases"]),
              "dw": t(f32[p + "dense/kernel"]), "db": t(f32[p + "dense/bias"])}

        def cnn(m, x):
            h = F.max_pool2d(F.relu(F.conv2d(x, m.w1, m.b1, padding=1)), 2)
            h = F.max_pool2d(F.relu(F.conv2d(h, m.w2, m.b2, padding=1)), 2)
            return torch.softmax(torch.addmm(m.db, h.reshape(1, -1), m.dw), 1)
        return Workload(ws, cnn), (nchw(f32["image"]),), ["image"]
    if name.startswith("f(x)"):
        # x is a tfsc variable (read from memory each run); as a constant
        # the peers would fold the whole computation away, so it is an input.
        return (Workload({}, lambda m, x: (
            torch.exp(torch.sin(4 * torch.cos(x) + 1))
            + torch.exp(torch.sin(5 * torch.cos(x) + 2)))),
            (t(f32["scope/x"]),), ["x"])
    if name.startswith("x + 1"):
        return Workload({}, lambda m, x: x + 1), (t(f32["x"]),), ["x"]
    return None


def first(out):
    return out[0] if isinstance(out, (tuple, list)) else out


def close(a, b):
    """rtol 1e-3, atol 1e-4 times the largest |b| (at least 1): the image
    filter's unit-normal 5x5x32 weights give outputs up to ~1e3, where the
    summation order alone moves entries near 0 by ~1e-3 (ONNX Runtime's on
    an AVX2 CPU, say)."""
    a, b = np.asarray(a, np.float32), np.asarray(b, np.float32)
    if a.shape != b.shape:
        return False
    scale = max(1.0, float(np.abs(b).max())) if b.size else 1.0
    return np.allclose(a / scale, b / scale, rtol=1e-3, atol=1e-4)


def torch_jit_peer(model):
    """torch.jit.trace of the module (feeds as arguments) + freeze (the
    buffers become constants); checked against eager. (callable, reason)."""
    mod, args, _ = model
    try:
        with torch.no_grad():
            frozen = torch.jit.freeze(torch.jit.trace(mod.eval(), args))
            for _ in range(3):  # the profiling executor optimizes on run 2
                got = frozen(*args)
            want = mod(*args)
    except Exception as e:  # noqa: BLE001
        return None, f"trace/freeze failed: {type(e).__name__}: {e}"
    if not close(first(got), first(want)):
        return None, "traced module's result differs from eager"

    def run():
        with torch.no_grad():
            return frozen(*args)
    return run, None


ORT_DIR = os.path.join(ROOT, "bench", "ort")


def onnxruntime_peer(model, work, slug):
    """Exports the module with torch.onnx.export (feeds as graph inputs,
    buffers as initializers) for bench/ort/bench.js under onnxruntime-node.
    (timer, reason): timer() runs bench.js once, checks the result against
    torch and returns the median in ms, or raises BenchError."""
    if not os.path.isdir(os.path.join(ORT_DIR, "node_modules",
                                      "onnxruntime-node")):
        return None, "onnxruntime-node not installed (bench/run.sh installs it)"
    mod, args, names = model
    path = os.path.join(work, slug + ".onnx")
    with torch.no_grad():
        want = first(mod.eval()(*args)).numpy()
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(mod, args, path, input_names=names,
                              opset_version=13, do_constant_folding=True)
    except Exception as e:  # noqa: BLE001
        return None, f"torch.onnx.export failed: {type(e).__name__}: {e}"
    feeds = []
    for i, (n, a) in enumerate(zip(names, args)):
        p = os.path.join(work, f"{slug}.in{i}.bin")
        a.numpy().astype("<f4").tofile(p)
        feeds.append({"name": n, "path": p, "dims": list(a.shape)})
    out = os.path.join(work, slug + ".out.bin")
    spec = os.path.join(work, slug + ".json")
    with open(spec, "w") as f:
        json.dump({"threads": THREADS, "seconds": ROUND_SECONDS, "models": [
            {"name": slug, "path": path, "inputs": feeds, "output": out}]}, f)

    def timer():
        r = subprocess.run(["node", os.path.join(ORT_DIR, "bench.js"), spec],
                           capture_output=True, text=True)
        if r.returncode != 0:
            err = r.stderr.strip().splitlines()
            raise BenchError("onnxruntime failed: "
                             + (err[-1] if err else f"exit {r.returncode}"))
        if not close(np.fromfile(out, "<f4"), want.reshape(-1)):
            raise BenchError("onnxruntime's result differs from torch")
        return json.loads(r.stdout)[slug]
    return timer, None


def onednn_spec(name, f32, raw):
    """bench/dnnl/bench.cpp's layer list for the workload (see its header
    for the format); raw(key) writes f32[key] raw and returns its path.
    (lines, None) or (None, reason)."""
    if name.startswith("matmul"):
        n, k = f32["a"].shape
        return [f"input {raw('a')} nc {n} {k}",
                f"matmul {raw('b')} {k} {f32['b'].shape[1]}"], None
    if name.startswith("conv"):
        n, h, w, c = f32["x"].shape
        kh, kw, _, o = f32["w"].shape
        return [f"input {raw('x')} nhwc {n} {h} {w} {c}",
                f"conv {raw('w')} {kh} {kw} {c} {o} {kh // 2}"], None
    if name.startswith("image filter"):
        lines = []
        for img in ("image1", "image2"):
            lines.append(f"input {raw(img)} nhwc "
                         + " ".join(map(str, f32[img].shape)))
            for c in ("conv1", "conv2"):
                p = f"image_filters/{c}/"
                kh, kw, i, o = f32[p + "weights"].shape
                lines.append(f"conv {raw(p + 'weights')} {kh} {kw} {i} {o} "
                             f"{kh // 2} bias {raw(p + 'biases')} relu")
        return lines, None
    if name.startswith("MLP"):
        x = f32["x"]
        lines = [f"input {raw('x')} nc {x.shape[0]} {x.shape[1]}"]
        for l, act in (("hidden1", " relu"), ("hidden2", " relu"),
                       ("logits", "")):
            w = f"mlp/{l}/kernel"
            lines.append(f"dense {raw(w)} {f32[w].shape[0]} {f32[w].shape[1]}"
                         f" bias {raw(f'mlp/{l}/bias')}{act}")
        return lines + ["softmax"], None
    if name.startswith("RNN"):
        b, t, c = f32["inputs"].shape
        return [f"input {raw('inputs')} ntc {b} {t} {c}",
                f"rnn {raw('rnn/w_x')} {raw('rnn/w_h')} {raw('rnn/b')} "
                f"{f32['rnn/w_h'].shape[0]}"], None
    if name.startswith("small CNN"):
        p = "cnn/"
        lines = ["input " + raw("image") + " nhwc "
                 + " ".join(map(str, f32["image"].shape))]
        for c in ("conv1", "conv2"):
            kh, kw, i, o = f32[p + c + "/weights"].shape
            lines += [f"conv {raw(p + c + '/weights')} {kh} {kw} {i} {o} 1 "
                      f"bias {raw(p + c + '/biases')} relu", "maxpool 2"]
        i, o = f32[p + "dense/kernel"].shape
        return lines + [f"dense {raw(p + 'dense/kernel')} {i} {o} "
                        f"bias {raw(p + 'dense/bias')}", "softmax"], None
    if name.startswith("x + 1"):
        return [f"input {raw('x')} x {f32['x'].size}", "linear 1 1"], None
    if name.startswith("f(x)"):
        return None, "oneDNN has no sin/cos elementwise primitive"
    return None, "no oneDNN layer list for this workload"


DNNL_REORDERS = {}  # workload: activation reorders in oneDNN's timed call
# workload: whether oneDNN's faster run had Winograd convolutions (models
# with 3x3 convolutions only)
DNNL_WINOGRAD = {}


def onednn_peer(name, inputs, v, work, slug, binary):
    """The workload built from oneDNN primitives by bench/dnnl/bench.cpp
    (compiled by bench/run.sh into BUILD/bench/bench-dnnl) with the feeds
    and variables as raw files. (timer, reason): timer() runs it once,
    checks the result against numpy's, records the timed reorders in
    DNNL_REORDERS and returns the median in ms, or raises BenchError."""
    if not os.path.exists(binary):
        if not os.path.exists("/usr/include/oneapi/dnnl/dnnl.hpp"):
            return None, "libdnnl-dev not installed (bench/run.sh installs it)"
        return None, f"{binary} not built (bench/run.sh builds it)"
    f32 = {k: a.astype(np.float32) for k, a in {**inputs, **v}.items()}

    def raw(key):
        path = os.path.join(work, slug + ".dnnl." + re.sub(r"\W+", "_", key)
                            + ".bin")
        f32[key].astype("<f4").tofile(path)
        return path
    lines, why = onednn_spec(name, f32, raw)
    if lines is None:
        return None, why
    out = os.path.join(work, slug + ".dnnl.out.bin")
    # Its best settings: models with 3x3 convolutions run both with direct
    # and with Winograd convolutions (oneDNN's Winograd kernels are 3x3
    # only), and the faster counts, as tfsc's convolutions are Winograd's.
    algorithms = ["direct"]
    if any(l.startswith("conv ") and l.split()[2:4] == ["3", "3"]
           for l in lines):
        algorithms.append("winograd")
    specs = []
    for algorithm in algorithms:
        spec = os.path.join(work, f"{slug}.dnnl.{algorithm}.txt")
        with open(spec, "w") as f:
            f.write("\n".join([f"threads {THREADS}",
                               f"seconds {ROUND_SECONDS}",
                               f"conv_algorithm {algorithm}",
                               f"model {slug} {out}"] + lines) + "\n")
        specs.append((algorithm, spec))
    want = np.asarray(first(peers(name, inputs, v)["numpy"]()),
                      np.float32).reshape(-1)

    def timer():
        best = None
        for algorithm, spec in specs:
            r = subprocess.run([binary, spec], capture_output=True, text=True)
            if r.returncode != 0:
                err = r.stderr.strip().splitlines()
                raise BenchError("oneDNN failed: "
                                 + (err[-1] if err else f"exit {r.returncode}"))
            if not close(np.fromfile(out, "<f4"), want):
                raise BenchError(f"oneDNN's result ({algorithm} convolutions)"
                                 " differs from numpy")
            _, ms, reorders = r.stdout.split()
            if best is None or float(ms) < best[0]:
                best = (float(ms), int(reorders), algorithm,
                        "winograd" in r.stderr)
        DNNL_REORDERS[name] = best[1]
        if len(specs) > 1:
            DNNL_WINOGRAD[name] = best[2] == "winograd" and best[3]
        return best[0]
    return timer, None


def limit_key(spec):
    """bench/limits' arguments (before the thread count) for a limit."""
    return "peak" if spec == FMA else f"{spec[0]} {spec[1]}"


def machine_limits(binary, specs):
    """Measures the limits the workloads need with BUILD/bench/limits:
    {"peak": GFLOP/s (the 1-thread FMA peak, "peak_core", times THREADS),
    "read BYTES" / "copy BYTES": GB/s (measured at THREADS threads, each
    with its 1/THREADS share of the working set; totals over the
    threads)}, plus "fallback": the reason when the binary is missing or
    fails (the peak is then FALLBACK_PEAK_GFLOPS per core times THREADS,
    and the bandwidths are missing)."""
    def fallback(why):
        return {"peak_core": FALLBACK_PEAK_GFLOPS,
                "peak": FALLBACK_PEAK_GFLOPS * THREADS, "fallback": why}
    if not os.path.exists(binary):
        return fallback(f"{binary} not built (bench/run.sh builds it)")
    out = {}
    keys = ["peak"] + list(dict.fromkeys(limit_key(s) for s in specs
                                         if s and s != FMA))
    for key in keys:
        # The peak on one core: a core's FMA units are its own, and one
        # thread is less exposed than two to another process on the
        # machine. Bandwidths at THREADS threads: whether each thread's
        # share fits in its core's caches decides them.
        threads = 1 if key == "peak" else THREADS
        r = subprocess.run([binary] + key.split() + [str(threads)],
                           capture_output=True, text=True)
        try:
            out[key] = float(r.stdout)
        except ValueError:
            err = r.stderr.strip().splitlines()
            return fallback(f"`limits {key} {threads}` failed: "
                            + (err[-1] if err else f"exit {r.returncode}"))
    out["peak_core"] = out["peak"]
    out["peak"] *= THREADS
    return out


def mb(nbytes):
    return (f"{nbytes / 1e6:.1f} MB" if nbytes >= 1e6
            else f"{nbytes / 1e3:.0f} KB")


def row_limit(flops, spec, limits):
    """The time the workload would take at its physical limit, and the
    limit in words: {"ms", "what"}, or None (no limit, or not measured)."""
    if spec == FMA:
        return {"ms": flops / (limits["peak"] * 1e9) * 1e3,
                "what": "FMA peak"}
    rate = spec and limits.get(limit_key(spec))
    if not rate:
        return None
    if spec[0] == "read":
        _, size, passes = spec
        what = (f"{passes} × " if passes > 1 else "") + f"{mb(size)} read"
        return {"ms": passes * size / (rate * 1e9) * 1e3,
                "what": f"{what} at {rate:.0f} GB/s"}
    size = spec[1]
    return {"ms": 2 * size / (rate * 1e9) * 1e3,
            "what": f"{mb(size)} in + {mb(size)} out at {rate:.0f} GB/s"}


def measure(args):
    """Runs every workload at THREADS threads; returns the machine's limits
    (machine_limits) and the table rows."""
    tfsc = os.path.join(args.build, "bin", "tfsc")
    tfs_run = os.path.join(args.build, "bin", "tfs-run")
    dnnl = os.path.join(args.build, "bench", "bench-dnnl")
    work = tempfile.mkdtemp(prefix="tfs-bench-")
    if THREADS == 1:
        pin_one_cpu()
    rows = []
    rng = np.random.default_rng(0)
    selected = [w for w in WORKLOADS
                if not args.only or re.search(args.only, w[0])]
    limits = machine_limits(os.path.join(args.build, "bench", "limits"),
                            [w[4] for w in selected])
    for name, script, sargs, flops, limit in selected:
        lib = os.path.join(work, re.sub(r"\W+", "_", name) + ".so")
        # Compile time: the median of COMPILES runs of tfsc (script to
        # .so): one run now and then took 1.5x the others' time (RNN b16
        # 2.42 s against 1.4-1.6 s).
        compile_times = []
        for _ in range(COMPILES):
            t = time.perf_counter()
            subprocess.run([tfsc, os.path.join(ROOT, script), "-o", lib, "--"]
                           + sargs, check=True, stdout=subprocess.DEVNULL)
            compile_times.append(time.perf_counter() - t)
        compile_s = sorted(compile_times)[len(compile_times) // 2]
        info = subprocess.run([tfs_run, lib, "--info"], check=True,
                              capture_output=True, text=True).stdout
        inputs = {}
        for line in info.splitlines():
            if line.startswith("feed "):
                _, tname, dims, _ = line.split()
                shape = [int(d) for d in dims.split("x")] if dims != "scalar" else []
                inputs[tname[:-2]] = rng.uniform(-1, 1, shape).astype(np.float32)
        inz = os.path.join(work, "in.npz")
        np.savez(inz, **inputs)
        varz = os.path.join(work, "vars.npz")

        def tfsc_ms(save_variables=False):
            # At least 200 calls, as MLP b1 at 2 threads took 55 us a call
            # over 200 calls (5 ms) and 23 us over 1000 on the EPYC: the
            # second core was not yet up to speed.
            out = subprocess.run(
                [tfs_run, lib] + (["--inputs", inz] if inputs else [])
                + (["--save-variables", varz] if save_variables else [])
                + ["--num-threads", str(THREADS), "--bench", "200",
                   "--bench-time", str(ROUND_SECONDS)],
                check=True, capture_output=True, text=True).stdout
            return float(re.search(r"median=([0-9.]+)", out).group(1))
        rounds = {"tfsc": [tfsc_ms(save_variables=True)]}
        v = dict(np.load(varz))
        timers = {p: (lambda fn=fn: median_ms(fn, ROUND_SECONDS))
                  for p, fn in peers(name, inputs, v).items()}
        missing = {}
        slug = re.sub(r"\W+", "_", name)
        model = torch_module(name, inputs, v)
        if model is None:
            missing["torch jit"] = missing["onnxruntime"] = "no PyTorch"
        else:
            fn, why = torch_jit_peer(model)
            timers["torch jit"] = fn and (
                lambda fn=fn: median_ms(fn, ROUND_SECONDS))
            timers["onnxruntime"], why_ort = onnxruntime_peer(model, work,
                                                               slug)
            for p, w in (("torch jit", why), ("onnxruntime", why_ort)):
                if w:
                    missing[p] = w
        timers["onednn"], why = onednn_peer(name, inputs, v, work, slug, dnnl)
        if why:
            missing["onednn"] = why
        for p in timers:
            rounds[p] = []
        for r in range(ROUNDS):
            if r:
                rounds["tfsc"].append(tfsc_ms())
            for p, timer in timers.items():
                if timer is None or p in missing:
                    continue
                try:
                    rounds[p].append(timer())
                except BenchError as e:
                    missing[p] = str(e)
        tfs_ms = float(np.median(rounds["tfsc"]))
        peer_ms = {p: (float(np.median(rounds[p]))
                       if p not in missing and rounds[p] else None)
                   for p in timers}
        # Each round's best peer over tfsc: the spread of the speed-up.
        speedups = [min(rounds[p][r] for p in peer_ms if peer_ms[p])
                    / rounds["tfsc"][r]
                    for r in range(ROUNDS)] if any(peer_ms.values()) else []
        times = [m for m in peer_ms.values() if m is not None]
        best = min(times) if times else None
        row = {"name": name, "tfsc": tfs_ms, "peers": peer_ms, "best": best,
               "speedups": speedups,
               "flops": flops, "compile": compile_s, "missing": missing,
               "dnnl_reorders": DNNL_REORDERS.get(name),
               "dnnl_winograd": DNNL_WINOGRAD.get(name),
               "peak": limits["peak"],
               "limit": row_limit(flops, limit, limits)}
        rows.append(row)
        label = (", default malloc" if os.environ.get("TFS_BENCH_UNTUNED")
                 else "")
        print(f"[{THREADS} thread(s){label}] " + format_row(row), flush=True)
    return {"limits": limits, "rows": rows}


def main():
    global ROUNDS, ROUND_SECONDS
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--write", help="write the results as markdown here")
    parser.add_argument("--only", help="regex of workload names to run")
    parser.add_argument("--threads", default="1,2",
                        help="thread counts, one table each (default 1,2)")
    parser.add_argument("--no-untuned", action="store_true",
                        help="skip the 1-thread table measured with glibc's "
                        "default malloc (MALLOC_MMAP_THRESHOLD_ and "
                        "MALLOC_TRIM_THRESHOLD_ unset); it is measured when "
                        "the thread counts include 1")
    parser.add_argument("--rounds", type=int, default=ROUNDS,
                        help="times each contender of a row is timed, "
                        "interleaved; its figure is the median of these "
                        f"(default {ROUNDS})")
    parser.add_argument("--round-seconds", type=float, default=ROUND_SECONDS,
                        help="seconds of repeats per round (default "
                        f"{ROUND_SECONDS})")
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rounds < 1 or not args.round_seconds > 0:
        parser.error("--rounds must be at least 1 and --round-seconds "
                     "positive")
    ROUNDS, ROUND_SECONDS = args.rounds, args.round_seconds
    if args.json:  # one thread count, in a process of its own
        with open(args.json, "w") as f:
            json.dump(measure(args), f)
        return 0

    def child(threads, env):
        # OpenBLAS reads its thread count when loaded: one process per count.
        env = dict(env, TFS_BENCH_THREADS=str(threads),
                   TFS_BENCH_ROUNDS=str(ROUNDS),
                   TFS_BENCH_ROUND_SECONDS=str(ROUND_SECONDS),
                   OPENBLAS_NUM_THREADS=str(threads),
                   OMP_NUM_THREADS=str(threads))
        out = os.path.join(tempfile.mkdtemp(prefix="tfs-bench-"), "rows.json")
        cmd = [sys.executable, os.path.abspath(__file__), "--build", args.build,
               "--json", out] + (["--only", args.only] if args.only else [])
        subprocess.run(cmd, check=True, env=env)
        with open(out) as f:
            return json.load(f)
    thread_counts = [int(t) for t in args.threads.split(",")]
    results = [(threads, child(threads, os.environ))
               for threads in thread_counts]
    tables = [(threads, r["rows"]) for threads, r in results]
    limits = [(threads, r["limits"]) for threads, r in results]
    untuned = None
    if not args.no_untuned and 1 in thread_counts:
        # The same at 1 thread with glibc's default malloc: freed memory
        # returned to the OS, so per-call allocations page-fault again.
        # OPENBLAS_CORETYPE stays: it picks a kernel, not memory behaviour.
        env = {k: v for k, v in os.environ.items()
               if k not in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")}
        if len(env) == len(os.environ):
            print("run.py: MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ are "
                  "not set (run through bench/run.sh): both 1-thread tables "
                  "use the default malloc", file=sys.stderr)
        untuned = child(1, dict(env, TFS_BENCH_UNTUNED="1"))["rows"]
    chart = None
    if args.write:
        chart = os.path.splitext(args.write)[0] + ".png"
        if not draw_chart(tables, chart):
            chart = None
    text = render(tables, chart and os.path.basename(chart), untuned, limits)
    print(text)
    if args.write:
        with open(args.write, "w") as f:
            f.write(text)
    return 0


def draw_chart(tables, path):
    """Speed-up over the best peer per workload and thread count (log
    scale, 1.0 marked) as a PNG; False without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = [r["name"] for r in tables[0][1]]
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(tables)
    for i, (threads, rows) in enumerate(tables):
        speed = {r["name"]: r["best"] / r["tfsc"] for r in rows if r["best"]}
        xs = [j + i * width for j in range(len(names))]
        ys = [speed.get(n) for n in names]
        # Bars grow from 1.0, up when tfsc is faster, down when slower.
        ax.bar([x for x, y in zip(xs, ys) if y],
               [y - 1 for y in ys if y], width, bottom=1,
               label=f"{threads} thread{'s' if threads > 1 else ''}")
        for x, y in zip(xs, ys):
            if y:
                ax.annotate(f"{y:.2f}", (x, y), ha="center",
                            va="bottom" if y >= 1 else "top", fontsize=7,
                            xytext=(0, 2 if y >= 1 else -2),
                            textcoords="offset points")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    allsp = [r["best"] / r["tfsc"] for _, rows in tables for r in rows
             if r["best"]] or [1.0]
    ax.set_ylim(min(0.5, min(allsp) / 1.5), max(2.0, max(allsp) * 1.5))
    ax.set_ylabel("speed-up of tfsc over the best peer")
    ax.set_xticks([j + width * (len(tables) - 1) / 2
                   for j in range(len(names))])
    ax.set_xticklabels(names, rotation=35, ha="right", fontsize=8)
    ax.legend()
    ax.set_title("tfsc vs the best of numpy/OpenBLAS, PyTorch eager and jit, "
                 "ONNX Runtime, oneDNN (higher is better)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def fmt_ms(ms):
    return "—" if ms is None else (f"{ms * 1e3:.2f} µs" if ms < 0.1 else f"{ms:.3f} ms")


def format_row(row):
    peers = ", ".join(f"{p} {fmt_ms(m)}" for p, m in row["peers"].items())
    return f"{row['name']}: tfsc {fmt_ms(row['tfsc'])} ({peers})"


def render_table(rows):
    peer_names = []
    for r in rows:
        for p in r["peers"]:
            if p not in peer_names:
                peer_names.append(p)
    lines = [
        "| workload | tfsc | " + " | ".join(peer_names) +
        " | speed-up vs best peer | tfsc GFLOP/s (% of peak) "
        "| tfsc fraction of limit | compile |",
        "|---|---|" + "---|" * len(peer_names) + "---|---|---|---|",
    ]
    for r in rows:
        cells = [fmt_ms(r["peers"].get(p)) for p in peer_names]
        speed = f"{r['best'] / r['tfsc']:.2f}x" if r["best"] else "—"
        if r["best"] and len(r.get("speedups", [])) > 1:
            speed += (f" ({min(r['speedups']):.2f}–"
                      f"{max(r['speedups']):.2f})")
        if r["flops"]:
            g = r["flops"] / (r["tfsc"] * 1e-3) / 1e9
            perf = f"{g:.0f} ({100 * g / r['peak']:.0f} %)"
        else:
            perf = "—"
        lim = r.get("limit")
        frac = (f"{100 * lim['ms'] / r['tfsc']:.0f} % of {lim['what']}"
                if lim else "—")
        lines.append(f"| {r['name']} | {fmt_ms(r['tfsc'])} | "
                     + " | ".join(cells)
                     + f" | {speed} | {perf} | {frac} "
                     f"| {r['compile']:.2f} s |")
    return lines


def cpu_description():
    """The CPU's model name and widest vector ISA from /proc/cpuinfo, e.g.
    "AMD EPYC, AVX2", or the machine name."""
    model, flags = None, set()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and model is None:
                    model = value.strip()
                elif key.strip() == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    isa = ("AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags
           else None)
    parts = [p for p in (model or os.uname().machine, isa) if p]
    return ", ".join(parts)


def openblas_kernel():
    """How OpenBLAS's kernel was chosen (bench/run.sh forces SkylakeX on
    AVX-512 CPUs, where these machines' environment says Haswell)."""
    core = os.environ.get("OPENBLAS_CORETYPE")
    return (f"OpenBLAS's {core} kernel" if core
            else "OpenBLAS's kernel for the detected CPU")


def cpu_caches():
    """cpu0's data caches from sysfs, e.g. "L1d 48K, L2 2048K, L3 ...",
    or None."""
    base = "/sys/devices/system/cpu/cpu0/cache"
    out = []
    try:
        for d in sorted(os.listdir(base)):
            if not d.startswith("index"):
                continue

            def get(f):
                with open(os.path.join(base, d, f)) as fh:
                    return fh.read().strip()
            if get("type") == "Instruction":
                continue
            level = get("level")
            shared = len(get("shared_cpu_list").replace("-", ",").split(","))
            size = int(get("size").rstrip("K"))  # KiB
            size = f"{size // 1024} MiB" if size >= 1024 else f"{size} KiB"
            out.append(f"L{level}{'d' if level == '1' else ''} {size}"
                       + (" shared" if shared > 1 else " per core"))
    except OSError:
        return None
    return ", ".join(out) or None


def render_limits(limits):
    """The limits measured in this run, one column per thread count, and
    what each row's "fraction of limit" compares with."""
    fallback = [(t, lim["fallback"]) for t, lim in limits if "fallback" in lim]
    keys = []
    for _, lim in limits:
        keys += [k for k in lim
                 if k not in keys and k not in ("fallback", "peak_core")]

    def label(key):
        if key == "peak":
            return "f32 FMA peak, GFLOP/s"
        kind, size = key.split()
        if kind == "read":
            return f"read bandwidth, {mb(int(size))} working set, GB/s"
        return f"copy bandwidth, two {mb(int(size))} buffers, GB/s"
    head = [f"{t} thread{'s' if t > 1 else ''}" for t, _ in limits]
    lines = [
        "## Physical limits",
        "",
        "Measured in this run by `bench/limits` (`bench/limits.c`, built by "
        "`bench/run.sh` with `-O2 -march=native`) in each table's process, "
        "before its workloads. The FMA peak is measured on one thread (a "
        "core's FMA units are its own) and multiplied by the table's thread "
        "count: independent chains of vector FMAs in registers (24 zmm "
        "accumulators with AVX-512, 12 ymm with AVX2, else SSE multiplies "
        "and adds), best of 5 runs of ~0.15 s. The bandwidths are measured "
        "at the table's thread count, each thread on its own 1/threads share "
        "of the working set (allocated and first touched by that thread), "
        "started together, a run lasting as long as the slowest thread; "
        "figures are totals over the threads, best of 10 runs of ~0.05 s "
        "after a warm-up run. Read: sums a warm float buffer repeatedly "
        "with vector loads into 8 independent accumulators. Copy: "
        "`y[i] = 2 x[i] + 1` over two buffers with regular stores, counted "
        "as the bytes read plus the bytes written."
        + (f" Caches: {cpu_caches()}." if cpu_caches() else ""),
        "",
    ]
    if fallback:
        lines += [
            "**Not measured** at " + "; at ".join(
                f"{t} thread{'s' if t > 1 else ''}: {why}"
                for t, why in fallback)
            + ". There the FMA peak is the constant "
            f"{FALLBACK_PEAK_GFLOPS:.0f} GFLOP/s per core (measured earlier on this machine kind) times "
            "the thread count, and the bandwidth limits are shown as —.",
            "",
        ]
    lines += ["| limit | " + " | ".join(head) + " |",
              "|---|" + "---|" * len(head)]
    for k in keys:
        cells = []
        for t, lim in limits:
            v = lim.get(k)
            cell = "—" if v is None else f"{v:.0f}"
            if k == "peak" and v is not None:
                cell += (f" ({lim['peak_core']:.0f} × {t})" if t > 1 else "")
                cell += " (constant)" if "fallback" in lim else ""
            cells.append(cell)
        lines.append(f"| {label(k)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "\"tfsc fraction of limit\" is the time the workload would take at "
        "its physical limit over tfsc's time (100 % = at the limit; the "
        "remainder is the headroom), with the limit chosen per workload "
        "below. Take them as ±10 %: the limits vary about that much between "
        "processes on this machine (clock speed, other load, and the "
        "physical pages a buffer gets, which decide the cache conflicts of "
        "a working set close to a cache's size), so a row at its limit can "
        "show somewhat over 100 %.",
        "",
        "- matmul, conv, image filter, MLP b64, RNN b16, small CNN "
        "(compute bound): their FLOPs (a multiply-add counts 2) at the FMA "
        "peak of the table's threads: the GFLOP/s column's %. The FLOPs are "
        "those of direct convolution; tfsc computes the 3x3 and 5x5 "
        "convolutions of conv, image filter and small CNN (its second) with "
        "Winograd's algorithm (tfs-winograd-conv), whose products are 1/4 "
        "(3x3) or 9/25 (5x5) of them, plus transforms: those rows can show "
        "more than 100 %, and the percentage is the speed relative to a "
        "direct convolution at the peak, not how busy the FMA units are.",
        "- MLP b1: one read of its weights and biases (784×512 + 512 + "
        "512×512 + 512 + 512×10 + 10 floats, "
        f"{mb(MLP_WEIGHT_BYTES)}) at the read bandwidth measured for a "
        f"{mb(MLP_WEIGHT_BYTES)} working set; at 2 threads each thread "
        f"reads its own {mb(MLP_WEIGHT_BYTES / 2)} half, which may fit in "
        "a core's L2 where the whole does not. The bandwidth is that of "
        "reading the working set in one order, call after call, where a "
        "cache smaller than it keeps nothing for the next pass; tfsc reads "
        "the weights in the opposite order on every other call, so that "
        "part of them still comes from L2 (see "
        "tfs-partition-workshare-loops), and can show more than 100 %.",
        f"- RNN b1: the least its weights must be read: `w_h` (256×256 "
        f"floats, {mb(RNN_WH_BYTES)}) by each of the 32 steps, `w_x` "
        f"(128×256, half as much) once, as the steps' input projections "
        f"do not depend on the recurrence: 32.5 × {mb(RNN_WH_BYTES)} at "
        f"the read bandwidth measured for a {mb(RNN_WH_BYTES)} working "
        "set (L2-resident).",
        f"- f(x): {mb(FX_BYTES)} read (`x`) + {mb(FX_BYTES)} written (the "
        f"result) at the copy bandwidth measured for two {mb(FX_BYTES)} "
        "buffers. This is a memory floor, not f(x)'s own limit: f(x) is "
        "compute bound (5 transcendental functions per element: `cos x`, "
        "then a `sin` and an `exp` on each side), so its fraction shows how "
        "far it is from the memory floor.",
        "- x + 1: no physical limit (—): 4 floats, the row measures the "
        "fixed cost of a call.",
        "",
    ]
    return lines


def render(tables, chart=None, untuned=None, limits=None):
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `bench/run.sh` on {datetime.date.today()} "
        f"({cpu_description()}; each figure the median of {ROUNDS} "
        f"interleaved rounds (tfsc, then every peer, {ROUNDS} times), each "
        f"round the median over about {ROUND_SECONDS:g} s of calls; at 1 "
        "thread, every contender on the same CPU; "
        "peers measured in the same run "
        f"with their best settings: {openblas_kernel()} with "
        "`OPENBLAS_NUM_THREADS` set, `torch.set_num_threads` set, ONNX "
        "Runtime's `intraOpNumThreads` set, oneDNN's OpenMP thread count "
        "set, freed memory kept by glibc (`MALLOC_MMAP_THRESHOLD_` and "
        "`MALLOC_TRIM_THRESHOLD_` at 4 GiB; a table without them follows); "
        "tfsc with `--num-threads`). Speed-up is the "
        "best peer's time over tfsc's (> 1: tfsc is faster); in brackets, "
        "the lowest and highest of the rounds' own speed-ups, so the spread "
        "the machine's noise gives a row is visible. % of peak and "
        "fraction of limit compare tfsc's time with the machine's physical "
        "limits (FMA peak, cache/memory bandwidth) measured in the same run "
        "at the table's thread count; see Physical limits below the tables. "
        f"Compile is tfsc's wall time from the model script to the `.so`, "
        f"the median of {COMPILES} runs.",
        "",
    ]
    if chart:
        lines += [f"![speed-up of tfsc over the best peer]({chart})", ""]
    one = dict(tables).get(1)
    for threads, rows in tables:
        lines += [f"## {threads} thread{'s' if threads > 1 else ''}", ""]
        lines += render_table(rows)
        lines.append("")
        if one and threads > 1:
            base = {r["name"]: r["tfsc"] for r in one}
            scal = [f"{r['name']} {base[r['name']] / r['tfsc']:.2f}x"
                    for r in rows if r["name"] in base]
            lines += [f"tfsc's own speed-up from 1 to {threads} threads: "
                      + ", ".join(scal) + ".", ""]
    if untuned:
        lines += render_untuned(untuned, one)
    if limits:
        lines += render_limits(limits)
    lines += [
        "Peers: `numpy` is numpy on OpenBLAS (convolutions as im2col + one "
        "GEMM); `torch` is PyTorch 1.13 eager under `no_grad`; `torch jit` "
        "is the same computation as a module whose forward takes the feeds "
        "as arguments and holds the variables as buffers, through "
        "`torch.jit.trace` + `torch.jit.freeze`, called under `no_grad` "
        "after three warm-up calls; `onnxruntime` is ONNX Runtime 1.30.0 "
        "(npm `onnxruntime-node`, CPU provider) running that module "
        "exported by `torch.onnx.export` (opset 13, feeds as graph inputs, "
        "variables as initializers), with `intraOpNumThreads` = the table's "
        "thread count, `interOpNumThreads` 1, graph optimization level "
        "`all`, sequential execution, timed by `bench/ort/bench.js` (median "
        "of `await session.run(...)` with the input tensors reused, so it "
        "includes the Node binding's asynchronous dispatch, a fixed cost per "
        "call that weighs on the microsecond rows). The `torch jit` and `onnxruntime` results "
        "are checked against eager PyTorch before timing (`rtol` 1e-3, "
        "`atol` 1e-4 times the result's largest magnitude). PyTorch and ONNX "
        "Runtime get convolution inputs in NCHW, their native layout "
        "(transposed outside the timing). In `f(x)`, `x` is a tfsc variable "
        "(read from memory each run); for `torch jit` and `onnxruntime` it "
        "is a graph input, since as a constant they fold the whole "
        "computation away. The RNN module writes each step as "
        "`x @ w_x + h @ w_h + b` rather than `addmm` (torch 1.13's `freeze` "
        "breaks `addmm` there with a shape-propagation error at run time).",
        "",
        "`onednn` is oneDNN 2.6.3 (Debian's `libdnnl`, OpenMP threading "
        "with `omp_set_num_threads` = the table's thread count) running the "
        "workload built from its primitives by `bench/dnnl/bench.cpp`, set "
        "up as a tuned oneDNN user would: `forward_inference` primitives; "
        "the matmul primitive for `matmul` (both operands are feeds: "
        "row-major, as given), convolutions with the bias as the bias "
        "argument and relu as an eltwise post-op, max pooling, inner "
        "products for the dense layers (bias and relu fused likewise; the "
        "CNN's dense weights are given as `hwio`, i.e. rows in NHWC flatten "
        "order like TensorFlow's, and the layer takes the pooled "
        "activations in the layout they are in), the softmax primitive, the "
        "RNN as one `vanilla_rnn_forward` primitive with tanh (zero "
        "initial state; `w_x`, `w_h` are oneDNN's `ldigo` as given), "
        "`x + 1` as `eltwise_linear`. Weights and activations inside the "
        "network use the memory formats oneDNN prefers (`format_tag::any`); "
        "the weights are reordered into them once, before timing. The "
        "timed call runs every primitive plus any reorder of the feeds from "
        "their given layout (NHWC, row-major; batch-major for the RNN "
        "input) into the one oneDNN chose and of the result back to it, "
        "then `stream.wait()`. " + dnnl_reorders(tables) + " "
        + dnnl_winograd(tables) + " Median after two "
        "warm-up calls, repeats sized to about the round's time. Each "
        "round's result is "
        "checked against numpy's (`rtol` 1e-3, `atol` 1e-4 times the "
        "result's largest magnitude, as the image filter's unit-normal "
        "weights give outputs up to ~1e3).",
        "",
    ]
    missing = {}
    labelled = [(f"{t}t", rows) for t, rows in tables]
    if untuned:
        labelled.append(("1t, default malloc", untuned))
    for label, rows in labelled:
        for r in rows:
            for p, why in r.get("missing", {}).items():
                missing.setdefault((p, why), []).append(
                    f"{r['name']} ({label})")
    if missing:
        lines += ["Not measured (shown as —):", ""]
        lines += [f"- {p}: {why}: " + ", ".join(w) + "."
                  for (p, why), w in missing.items()]
        lines.append("")
    return "\n".join(lines)


def dnnl_winograd(tables):
    """Which oneDNN algorithm won on the models with 3x3 convolutions, in
    words."""
    runs = {}
    for t, rows in tables:
        for r in rows:
            if r.get("dnnl_winograd") is not None:
                runs.setdefault(r["dnnl_winograd"], []).append(
                    f"{r['name']} ({t}t)")
    if not runs:
        return ""
    text = ("Models with 3x3 convolutions run twice per round, with "
            "`convolution_direct` and with `convolution_winograd` (oneDNN's "
            "Winograd kernels, F(4x4, 3x3) on AVX-512, where it has one for "
            "the shape), and the faster counts, as tfsc computes such "
            "convolutions with Winograd's algorithm too (tfs-winograd-conv).")
    if runs.get(True):
        text += " Winograd was the faster for " + ", ".join(runs[True]) + "."
    if runs.get(False):
        text += (" Direct was the faster (or oneDNN had no Winograd kernel) "
                 "for " + ", ".join(runs[False]) + ".")
    return text


def dnnl_reorders(tables):
    """Which oneDNN timed calls include activation reorders, in words."""
    counts = {}
    for _, rows in tables:
        for r in rows:
            if r.get("dnnl_reorders") is not None:
                counts[r["name"]] = max(counts.get(r["name"], 0),
                                        r["dnnl_reorders"])
    with_reorders = [n for n, c in counts.items() if c]
    if not counts:
        return "No oneDNN result in this run."
    if not with_reorders:
        return ("In this run oneDNN kept the feeds' layouts for the "
                "activations of every workload (NHWC for the convolutions "
                "and pooling), so no reorder was timed.")
    return ("In this run the timed call includes activation reorders for "
            + ", ".join(with_reorders) + ", none for the other workloads.")


def render_untuned(rows, tuned):
    """The 1-thread table measured with glibc's default malloc, and its
    times over the tuned 1-thread table's."""
    lines = [
        "## 1 thread, glibc's default malloc (freed memory returned to the OS)",
        "",
        "The 1-thread measurement again, in a process whose environment "
        "lacks `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` "
        "(everything else as above, `OPENBLAS_CORETYPE` included): glibc's "
        "defaults then serve large blocks by `mmap` and unmap them on `free` "
        "(from 128 KiB, a threshold glibc raises as such blocks are freed, "
        "up to 32 MiB) and trim the heap above 128 KiB free, so code that "
        "allocates its buffers per call page-faults on them again each call "
        "(~10 µs per 4 KiB page on these VMs). Speed-ups here are against "
        "this table's own peers, and its fractions of limit use limits "
        "measured in its own process; the headline figures (and the chart) "
        "are the tuned tables above.",
        "",
    ]
    lines += render_table(rows)
    lines.append("")
    if not tuned:
        return lines
    base = {r["name"]: r for r in tuned}
    peer_names = []
    for r in rows:
        for p in r["peers"]:
            if p not in peer_names:
                peer_names.append(p)
    lines += [
        "Time with the default malloc over the tuned time at 1 thread "
        "(> 1: slower without keeping freed memory; both measured in this "
        "run, so differences within a few % are noise):",
        "",
        "| workload | tfsc | " + " | ".join(peer_names) + " |",
        "|---|---|" + "---|" * len(peer_names),
    ]

    def ratio(a, b):
        return f"{a / b:.2f}x" if a and b else "—"
    for r in rows:
        t = base.get(r["name"])
        if not t:
            continue
        cells = [ratio(r["tfsc"], t["tfsc"])] + [
            ratio(r["peers"].get(p), t["peers"].get(p)) for p in peer_names]
        lines.append(f"| {r['name']} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


if __name__ == "__main__":
    sys.exit(main())
