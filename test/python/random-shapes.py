# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Matmuls, convolutions, depthwise convolutions, pools, reductions
# (softmax too) and tensor indexing of pseudo-random shapes (fixed seed: the same cases every run), compiled at -O3 and run
# at 1 and 2 threads, against numpy in float64. The tile pass picks its
# schedules from the shapes (tall and balanced register tiles, narrow N,
# split widths and columns, row convolutions, padded windows read in
# place...), so shapes drawn across its thresholds reach paths that the
# hand-written cases do not. Tolerance: 2e-5 * sqrt(terms summed) + 1e-6,
# absolute, on inputs in [-1, 1) (float32 sums of that many products).
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "Integration", "Inputs"))
import reference  # noqa: E402

out = sys.argv[1]
rng = np.random.default_rng(20261204)


def pick(values):
    return values[int(rng.integers(len(values)))]


def matmul_case():
    m = pick([1, 2, 3, 4, 8, 12, 16, 24, 28, 40, 60, 64, 100, 128, 131])
    k = pick([1, 3, 16, 64, 100, 300, 784])
    n = pick([1, 5, 10, 12, 16, 18, 32, 48, 72, 100, 128, 255, 512])
    kind = pick(["plain", "dense_relu", "transpose_b", "transpose_a"])
    a = tf.placeholder(tf.float32, [k, m] if kind == "transpose_a" else [m, k],
                       name="a")
    b = tf.placeholder(tf.float32, [n, k] if kind == "transpose_b" else [k, n],
                       name="b")
    feeds = {"a": rng.uniform(-1, 1, a.shape.as_list()).astype(np.float32),
             "b": rng.uniform(-1, 1, b.shape.as_list()).astype(np.float32)}
    y = tf.matmul(a, b, transpose_a=kind == "transpose_a",
                  transpose_b=kind == "transpose_b")
    av = feeds["a"].astype(np.float64)
    bv = feeds["b"].astype(np.float64)
    want = (av.T if kind == "transpose_a" else av) @ (
        bv.T if kind == "transpose_b" else bv)
    if kind == "dense_relu":
        bias = tf.placeholder(tf.float32, [n], name="bias")
        feeds["bias"] = rng.uniform(-1, 1, [n]).astype(np.float32)
        y = tf.nn.relu(y + bias)
        want = np.maximum(want + feeds["bias"], 0)
    return f"matmul {kind} {m}x{k}x{n}", y, feeds, want, k


def window_case():
    n = pick([1, 1, 2])
    h = pick([3, 5, 7, 8, 13, 14, 16, 17, 28, 31])
    w = pick([3, 5, 7, 8, 13, 14, 16, 17, 28, 31, 56])
    c = pick([1, 3, 8, 16, 17, 32, 64])
    f = pick([1, 3, 4, 8, 18, 32, 64])
    kh = pick([1, 3, 3, 5])
    kw = pick([kh, kh, 1, 3])
    s = pick([1, 1, 2])
    pad = pick(["SAME", "SAME", "VALID"])
    if pad == "VALID" and (h < kh or w < kw):
        pad = "SAME"
    kind = pick(["conv_relu", "depthwise_relu6", "depthwise", "max_pool",
                 "avg_pool"])
    x = tf.placeholder(tf.float32, [n, h, w, c], name="x")
    feeds = {"x": rng.uniform(-1, 1, [n, h, w, c]).astype(np.float32)}
    name = f"{kind} {n}x{h}x{w}x{c} {kh}x{kw}/{s} {pad}"
    if kind in ("max_pool", "avg_pool"):
        fn = tf.nn.max_pool if kind == "max_pool" else tf.nn.avg_pool
        ref = reference.max_pool if kind == "max_pool" else reference.avg_pool
        return (name, fn(x, [1, kh, kw, 1], [1, s, s, 1], pad), feeds,
                ref(feeds["x"], (kh, kw), (s, s), pad), kh * kw)
    depthwise = kind.startswith("depthwise")
    mult = pick([1, 1, 2]) if depthwise else 0
    shape = [kh, kw, c, mult] if depthwise else [kh, kw, c, f]
    wt = tf.placeholder(tf.float32, shape, name="w")
    feeds["w"] = rng.uniform(-1, 1, shape).astype(np.float32)
    if depthwise:
        rate = pick([1, 1, 2]) if s == 1 else 1
        if pad == "VALID" and min(h - (kh - 1) * rate,
                                  w - (kw - 1) * rate) < 1:
            rate = 1
        name += f" rate {rate}"
        y = tf.nn.depthwise_conv2d(x, wt, [1, s, s, 1], pad,
                                   rate=[rate, rate])
        want = reference.depthwise_conv2d(feeds["x"], feeds["w"], (s, s),
                                          (rate, rate), padding=pad)
        terms, channels = kh * kw, c * mult
    else:
        y = tf.nn.conv2d(x, wt, [1, s, s, 1], pad)
        want = reference.conv2d(feeds["x"], feeds["w"], (s, s), padding=pad)
        terms, channels = kh * kw * c, f
    if kind != "depthwise":
        bias = tf.placeholder(tf.float32, [channels], name="bias")
        feeds["bias"] = rng.uniform(-1, 1, [channels]).astype(np.float32)
        y = y + bias
        want = want + feeds["bias"]
        y = tf.nn.relu6(y) if kind == "depthwise_relu6" else tf.nn.relu(y)
        want = np.clip(want, 0, 6 if kind == "depthwise_relu6" else np.inf)
    return name, y, feeds, want, terms


def reduction_case():
    rank = pick([1, 2, 2, 3, 4])
    dims = [pick([1, 2, 3, 5, 8, 10, 16, 33, 64, 100, 1000])
            for _ in range(rank)]
    while np.prod(dims) > 1 << 18:
        dims[int(rng.integers(rank))] = pick([1, 2, 3, 5])
    kind = pick(["sum", "sum", "max", "min", "mean", "softmax",
                 "log_softmax"])
    x = tf.placeholder(tf.float32, dims, name="x")
    feeds = {"x": rng.uniform(-1, 1, dims).astype(np.float32)}
    xv = feeds["x"].astype(np.float64)
    name = f"{kind} {'x'.join(map(str, dims))}"
    if kind in ("softmax", "log_softmax"):
        shifted = xv - xv.max(axis=-1, keepdims=True)
        logsum = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        fn = tf.nn.softmax if kind == "softmax" else tf.nn.log_softmax
        want = (np.exp(shifted - logsum) if kind == "softmax"
                else shifted - logsum)
        return name, fn(x), feeds, want, dims[-1]
    # Mostly the last axis (tfs-vectorize-reductions' rows), sometimes
    # others or several.
    axes = pick([[rank - 1], [rank - 1], [0], list(range(rank))])
    keep = bool(rng.integers(2))
    name += f" axes {axes} keep {keep}"
    fn = {"sum": tf.reduce_sum, "max": tf.reduce_max, "min": tf.reduce_min,
          "mean": tf.reduce_mean}[kind]
    ref = {"sum": np.sum, "max": np.max, "min": np.min, "mean": np.mean}[kind]
    return (name, fn(x, axis=axes, keepdims=keep), feeds,
            ref(xv, axis=tuple(axes), keepdims=keep),
            int(np.prod([dims[a] for a in axes])))


def index_case():
    """x[key] for a random key of integers (negative too), slices with any
    bounds and steps (negative, beyond the ends), Ellipsis and newaxis,
    against numpy's indexing (the same rules as TF's)."""
    rank = int(rng.integers(1, 5))
    dims = [int(rng.integers(1, 7)) for _ in range(rank)]
    while True:
        key, used, ellipsis = [], 0, False
        for _ in range(int(rng.integers(1, rank + 2))):
            kind = int(rng.integers(6))
            if kind == 0 and used < rank:
                key.append(int(rng.integers(-dims[used], dims[used])))
                used += 1
            elif kind == 1 and not ellipsis:
                key.append(Ellipsis)
                ellipsis = True
            elif kind == 2:
                key.append(None)
            elif used < rank:
                d = dims[used]
                bound = [None] + list(range(-d - 2, d + 3))
                key.append(slice(pick(bound), pick(bound),
                                 pick([None, None, -3, -2, -1, 1, 2, 3])))
                used += 1
        key = tuple(key)
        try:
            want = np.zeros(dims)[key]
        except IndexError:  # an integer past the end after an Ellipsis
            continue
        if want.size:
            break
    x = tf.placeholder(tf.float32, dims, name="x")
    feeds = {"x": rng.uniform(-1, 1, dims).astype(np.float32)}
    return (f"index {'x'.join(map(str, dims))} {key}", x[key], feeds,
            feeds["x"][key].astype(np.float64), 0)


cases = ([matmul_case for _ in range(40)] + [window_case for _ in range(80)]
         + [reduction_case for _ in range(40)]
         + [index_case for _ in range(30)])
failures = 0
for i, make in enumerate(cases):
    graph = tf.Graph()
    with graph.as_default():
        name, y, feeds, want, terms = make()
        y = tf.identity(y, name="y")
        path = tfs.compile([y], output=os.path.join(out, f"lib{i}.so"),
                           graph=graph)
    model = tfs.load(path)
    tolerance = 2e-5 * np.sqrt(terms) + 1e-6
    for threads in (1, 2):
        model.set_num_threads(threads)
        got = model.run(feeds)["y:0"]
        error = np.abs(got - want).max() if got.size else 0.0
        if got.shape != want.shape or not error <= tolerance:
            failures += 1
            print(f"MISMATCH {name} at {threads} threads: shape {got.shape} "
                  f"(expected {want.shape}), max error {error:.3g} "
                  f"(tolerance {tolerance:.3g})")
print(f"{len(cases)} cases, {failures} mismatches")
# CHECK-NOT: MISMATCH
# CHECK: 190 cases, 0 mismatches
