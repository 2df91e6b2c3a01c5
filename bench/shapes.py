"""tfsc on shapes beyond the issue's workloads: matmuls whose sizes two
vectors do not divide, transposed and batched matmuls, convolutions on odd
image widths, with many channels or few or odd output channels, a
depthwise convolution, a max pool, a transpose, softmax, an embedding
lookup, a transposed convolution and an LSTM cell, each timed at one
thread against PyTorch (eager, one thread) and, for the matmuls, the
transpose and softmax, numpy (OpenBLAS), in the same run. Each workload is a one-op TF
model compiled by tfsc and timed by tfs-run --bench (median after a
warm-up), interleaved with the peers in rounds (TFS_BENCH_ROUNDS, 3, of
about TFS_BENCH_ROUND_SECONDS, 0.4 s each; see run.py), each figure the
median of its rounds; the peers' results are checked against tfsc's.
Writes a
Markdown table (docs/benchmarks-shapes.md from bench/run.sh).

  bench/shapes.py --build BUILD [--write FILE]
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time

# One thread for OpenBLAS too (read when numpy loads it).
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402

from run import (ROUND_SECONDS, ROUNDS, median_ms,  # noqa: E402
                 openblas_kernel, pin_one_cpu)

try:
    import torch
    torch.set_num_threads(1)
except Exception:  # noqa: BLE001 - any import failure means "no peer"
    torch = None

# name, kind, shape. Kinds: "matmul" (m, k, n: a @ b, b a variable),
# "matmul_tb" (m, k, n: a @ b^T, b an n x k variable), "bmm" (batch, m, k,
# n: a batch of a @ b, b a variable), "conv" (h, w, c, f, k, stride, relu:
# SAME), "depthwise" (h, w, c, k), "maxpool" (h, w, c, k, stride),
# "transpose" (h, w, c: NHWC -> NCHW of a batch of 2), "softmax" (m, n:
# over the last axis), "lstm" (steps, batch, input, hidden: TF's
# BasicLSTMCell, concat([x_t, h]) @ kernel, x_t = x[t]), "embedding"
# (vocabulary, width, batch, steps: tf.nn.embedding_lookup of random ids),
# "deconv" (h, w, c, f, k, stride: tf.nn.conv2d_transpose of [1, h, w, c]
# to [1, h * stride, w * stride, f], SAME).
SHAPES = [
    ("matmul 1000^3", "matmul", (1000, 1000, 1000)),
    ("matmul 1040^3", "matmul", (1040, 1040, 1040)),
    ("dense 64 x 2048 -> 1000", "matmul", (64, 2048, 1000)),
    ("conv 13x13 256->256 3x3", "conv", (13, 13, 256, 256, 3, 1, True)),
    ("conv 14x14 256->256 3x3", "conv", (14, 14, 256, 256, 3, 1, True)),
    ("conv 17x17 128->128 3x3", "conv", (17, 17, 128, 128, 3, 1, True)),
    ("conv 27x27 96->256 3x3", "conv", (27, 27, 96, 256, 3, 1, True)),
    ("conv 59x59 32->32 3x3", "conv", (59, 59, 32, 32, 3, 1, True)),
    ("conv 7x7 512->512 3x3", "conv", (7, 7, 512, 512, 3, 1, True)),
    ("conv 14x14 512->512 3x3", "conv", (14, 14, 512, 512, 3, 1, True)),
    ("conv 26x26 256->255 1x1", "conv", (26, 26, 256, 255, 1, 1, False)),
    ("conv 28x28 64->50 3x3", "conv", (28, 28, 64, 50, 3, 1, True)),
    ("conv 112x112 64->3 3x3", "conv", (112, 112, 64, 3, 3, 1, False)),
    ("conv 56x56 64->1 3x3", "conv", (56, 56, 64, 1, 3, 1, False)),
    ("conv 224x224 3->64 7x7 /2", "conv", (224, 224, 3, 64, 7, 2, True)),
    ("depthwise 112x112x64 3x3", "depthwise", (112, 112, 64, 3)),
    ("max pool 112x112x64 3x3 /2", "maxpool", (112, 112, 64, 3, 2)),
    ("matmul 256^3 transpose_b", "matmul_tb", (256, 256, 256)),
    ("matmul 64 x 1024 x 1024 transpose_b", "matmul_tb", (64, 1024, 1024)),
    ("batch matmul 16 x 256^3", "bmm", (16, 256, 256, 256)),
    ("transpose 2x56x56x64 -> NCHW", "transpose", (56, 56, 64)),
    ("softmax 64 x 1000", "softmax", (64, 1000)),
    ("softmax 256 x 1024", "softmax", (256, 1024)),
    ("LSTM cell 16 steps 128 -> 256, b1", "lstm", (16, 1, 128, 256)),
    ("embedding lookup 32 x 20 ids, 10000 x 256", "embedding",
     (10000, 256, 32, 20)),
    ("conv2d_transpose 28x28 64->32 3x3 /2", "deconv", (28, 28, 64, 32, 3, 2)),
]


def model_source(kind, shape):
    """The TF script of one workload and the feed's shape."""
    head = "import tensorflow as tf\n"
    init = "initializer=tf.glorot_uniform_initializer()"
    if kind == "matmul":
        m, k, n = shape
        return (head + f'a = tf.placeholder(tf.float32, [{m}, {k}], name="x")\n'
                f'b = tf.get_variable("w", [{k}, {n}], {init})\n'
                'y = tf.matmul(a, b, name="y")\n'), (m, k)
    if kind == "matmul_tb":
        m, k, n = shape
        return (head + f'a = tf.placeholder(tf.float32, [{m}, {k}], name="x")\n'
                f'b = tf.get_variable("w", [{n}, {k}], {init})\n'
                'y = tf.matmul(a, b, transpose_b=True, name="y")\n'), (m, k)
    if kind == "bmm":
        batch, m, k, n = shape
        return (head + f'a = tf.placeholder(tf.float32, [{batch}, {m}, {k}], '
                'name="x")\n'
                f'b = tf.get_variable("w", [{batch}, {k}, {n}], {init})\n'
                'y = tf.matmul(a, b, name="y")\n'), (batch, m, k)
    if kind == "transpose":
        h, w, c = shape
        return (head + f'x = tf.placeholder(tf.float32, [2, {h}, {w}, {c}], '
                'name="x")\n'
                'y = tf.transpose(x, [0, 3, 1, 2], name="y")\n'), (2, h, w, c)
    if kind == "softmax":
        m, n = shape
        return (head + f'x = tf.placeholder(tf.float32, [{m}, {n}], name="x")\n'
                'y = tf.nn.softmax(x, name="y")\n'), (m, n)
    if kind == "lstm":
        steps, batch, inputs, hidden = shape
        return (head + f'x = tf.placeholder(tf.float32, [{steps}, {batch}, '
                f'{inputs}], name="x")\n'
                f'w = tf.get_variable("w", [{inputs + hidden}, {4 * hidden}], '
                f'{init})\n'
                f'b = tf.get_variable("b", [{4 * hidden}], '
                'initializer=tf.zeros_initializer())\n'
                f'h = tf.zeros([{batch}, {hidden}])\n'
                f'c = tf.zeros([{batch}, {hidden}])\n'
                f'for t in range({steps}):\n'
                '    z = tf.matmul(tf.concat([x[t], h], axis=1), w) + b\n'
                '    i, j, f, o = tf.split(z, 4, axis=1)\n'
                '    c = tf.sigmoid(f + 1.0) * c + tf.sigmoid(i) * tf.tanh(j)\n'
                '    h = tf.sigmoid(o) * tf.tanh(c)\n'
                'y = tf.identity(h, name="y")\n'), (steps, batch, inputs)
    if kind == "deconv":
        h, w, c, f, k, s = shape
        return (head + f'x = tf.placeholder(tf.float32, [1, {h}, {w}, {c}], '
                'name="x")\n'
                f'w = tf.get_variable("w", [{k}, {k}, {f}, {c}], {init})\n'
                f'y = tf.nn.conv2d_transpose(x, w, [1, {h * s}, {w * s}, '
                f'{f}], [1, {s}, {s}, 1], "SAME", name="y")\n'), (1, h, w, c)
    if kind == "embedding":
        vocab, width, batch, steps = shape
        return (head + f'x = tf.placeholder(tf.int32, [{batch}, {steps}], '
                'name="x")\n'
                f'w = tf.get_variable("w", [{vocab}, {width}], {init})\n'
                'y = tf.identity(tf.nn.embedding_lookup(w, x), name="y")\n'),\
            (batch, steps)
    if kind == "conv":
        h, w, c, f, k, s, relu = shape
        conv = (f'tf.nn.conv2d(x, w, strides=[1, {s}, {s}, 1], '
                'padding="SAME")')
        out = f"tf.nn.relu({conv}, name=\"y\")" if relu else \
            conv[:-1] + ', name="y")'
        return (head + f'x = tf.placeholder(tf.float32, [1, {h}, {w}, {c}], '
                'name="x")\n'
                f'w = tf.get_variable("w", [{k}, {k}, {c}, {f}], {init})\n'
                f"y = {out}\n"), (1, h, w, c)
    if kind == "depthwise":
        h, w, c, k = shape
        return (head + f'x = tf.placeholder(tf.float32, [1, {h}, {w}, {c}], '
                'name="x")\n'
                f'w = tf.get_variable("w", [{k}, {k}, {c}, 1], {init})\n'
                'y = tf.nn.relu(tf.nn.depthwise_conv2d(x, w, strides=[1, 1, '
                '1, 1], padding="SAME"), name="y")\n'), (1, h, w, c)
    h, w, c, k, s = shape
    return (head + f'x = tf.placeholder(tf.float32, [1, {h}, {w}, {c}], '
            'name="x")\n'
            f'y = tf.nn.max_pool(x, ksize=[1, {k}, {k}, 1], strides=[1, {s}, '
            f'{s}, 1], padding="SAME", name="y")\n'), (1, h, w, c)


def flops(kind, shape):
    if kind in ("matmul", "matmul_tb"):
        m, k, n = shape
        return 2.0 * m * k * n
    if kind == "bmm":
        batch, m, k, n = shape
        return 2.0 * batch * m * k * n
    if kind == "conv":
        h, w, c, f, k, s, _ = shape
        return 2.0 * -(-h // s) * -(-w // s) * c * f * k * k
    if kind == "depthwise":
        h, w, c, k = shape
        return 2.0 * h * w * c * k * k
    if kind == "lstm":
        steps, batch, inputs, hidden = shape
        return 2.0 * steps * batch * (inputs + hidden) * 4 * hidden
    if kind == "deconv":
        h, w, c, f, k, _ = shape
        return 2.0 * h * w * c * f * k * k
    return None


def torch_peer(kind, shape, x, w):
    """A callable computing the workload in PyTorch, and its result as
    NHWC / row-major numpy."""
    if torch is None:
        return None, None
    F = torch.nn.functional
    if kind in ("matmul", "bmm"):
        tx, tw = torch.from_numpy(x), torch.from_numpy(w)
        def run():
            return tx @ tw
        return run, lambda out: out.numpy()
    if kind == "matmul_tb":
        tx, tw = torch.from_numpy(x), torch.from_numpy(w)
        def run():
            return tx @ tw.T
        return run, lambda out: out.numpy()
    if kind == "transpose":
        tx = torch.from_numpy(x)
        def run():
            return tx.permute(0, 3, 1, 2).contiguous()
        return run, lambda out: out.numpy()
    if kind == "softmax":
        tx = torch.from_numpy(x)
        def run():
            return F.softmax(tx, dim=-1)
        return run, lambda out: out.numpy()
    if kind == "embedding":
        tx, tw = torch.from_numpy(x.astype(np.int64)), torch.from_numpy(w)
        def run():
            return F.embedding(tx, tw)
        return run, lambda out: out.numpy()
    if kind == "deconv":
        # TF's SAME puts the smaller half of the padding (here 0) first:
        # torch's unpadded result, cropped at the end.
        h, wd, _, _, k, s = shape
        tx = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
        tw = torch.from_numpy(w).permute(3, 2, 0, 1).contiguous()
        pad = max((h - 1) * s + k - h * s, 0) // 2
        def run():
            y = F.conv_transpose2d(tx, tw, stride=s)
            return y[:, :, pad:pad + h * s, pad:pad + wd * s]
        return run, lambda out: out.permute(0, 2, 3, 1).numpy()
    if kind == "lstm":
        # torch.nn.LSTMCell with TF's kernel: gates i, f, g, o from TF's
        # i, j, f, o columns, TF's forget bias of 1 in f's bias.
        steps, batch, inputs, hidden = shape
        w, b = w
        cols = [slice(0, hidden), slice(2 * hidden, 3 * hidden),
                slice(hidden, 2 * hidden), slice(3 * hidden, 4 * hidden)]
        kernel = np.concatenate([w[:, c] for c in cols], axis=1)
        bias = np.concatenate([b[c] for c in cols])
        bias[hidden:2 * hidden] += 1.0
        cell = torch.nn.LSTMCell(inputs, hidden)
        with torch.no_grad():
            cell.weight_ih.copy_(torch.from_numpy(kernel[:inputs].T.copy()))
            cell.weight_hh.copy_(torch.from_numpy(kernel[inputs:].T.copy()))
            cell.bias_ih.copy_(torch.from_numpy(bias))
            cell.bias_hh.zero_()
        tx = torch.from_numpy(x)
        def run():
            with torch.inference_mode():
                h = torch.zeros(batch, hidden)
                c = torch.zeros(batch, hidden)
                for t in range(steps):
                    h, c = cell(tx[t], (h, c))
                return h
        return run, lambda out: out.numpy()
    tx = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
    if kind == "maxpool":
        _, _, _, k, s = shape
        # TF's SAME: pad (total k - s for even sizes) at the end with -inf.
        h = x.shape[1]
        pad = max((-(-h // s) - 1) * s + k - h, 0)
        def run():
            return F.max_pool2d(F.pad(tx, (pad // 2, pad - pad // 2,
                                           pad // 2, pad - pad // 2),
                                      value=float("-inf")), k, s)
    elif kind == "depthwise":
        tw = torch.from_numpy(w).permute(2, 3, 0, 1).contiguous()
        c = x.shape[3]
        def run():
            return F.relu(F.conv2d(tx, tw, padding="same", groups=c))
    else:
        h, _, _, _, k, s, relu = shape
        tw = torch.from_numpy(w).permute(3, 2, 0, 1).contiguous()
        pad = max((-(-h // s) - 1) * s + k - h, 0)
        def run():
            y = F.conv2d(F.pad(tx, (pad // 2, pad - pad // 2, pad // 2,
                                    pad - pad // 2)), tw, stride=s)
            return F.relu(y) if relu else y
    return run, lambda out: out.permute(0, 2, 3, 1).numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--write")
    parser.add_argument("--only", help="run the workloads whose name has "
                        "this text (a quick look; do not --write it)")
    args = parser.parse_args()
    tfsc = os.path.join(args.build, "bin", "tfsc")
    tfs_run = os.path.join(args.build, "bin", "tfs-run")
    pin_one_cpu()
    rng = np.random.default_rng(0)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, kind, shape in SHAPES:
            if args.only and args.only not in name:
                continue
            source, feed = model_source(kind, shape)
            script = os.path.join(work, "model.py")
            with open(script, "w") as f:
                f.write(source)
            lib = os.path.join(work, "libmodel.so")
            subprocess.run([tfsc, script, "-o", lib], check=True)
            if kind == "embedding":
                x = rng.integers(0, shape[0], feed).astype(np.int32)
            else:
                x = rng.uniform(-1, 1, feed).astype(np.float32)
            feeds = os.path.join(work, "in.npz")
            np.savez(feeds, x=x)
            out = os.path.join(work, "out.npz")
            subprocess.run([tfs_run, lib, "--inputs", feeds, "--output", out,
                            "--save-variables", os.path.join(work, "v.npz")],
                           check=True, stdout=subprocess.DEVNULL)
            got = np.load(out)["y:0"]
            variables = np.load(os.path.join(work, "v.npz"))
            w = variables["w"] if "w" in variables.files else None
            if kind == "lstm":
                w = (w, variables["b"])
            def tfsc_ms():
                bench = subprocess.run(
                    [tfs_run, lib, "--inputs", feeds, "--num-threads", "1",
                     "--bench", "20", "--bench-time", str(ROUND_SECONDS)],
                    check=True, capture_output=True, text=True).stdout
                return float(re.search(r"median=([0-9.]+)", bench).group(1))
            timers = {"tfsc": tfsc_ms}
            run, to_numpy = torch_peer(kind, shape, x, w)
            if run is not None:
                want = to_numpy(run())
                if not np.allclose(got, want, rtol=1e-3, atol=1e-3):
                    sys.exit(f"{name}: torch and tfsc disagree "
                             f"(max difference {np.abs(got - want).max()})")
                timers["torch"] = run
            if kind in ("matmul", "bmm"):
                timers["numpy"] = lambda: x @ w
            elif kind == "matmul_tb":
                timers["numpy"] = lambda: x @ w.T
            elif kind == "transpose":
                timers["numpy"] = lambda: np.ascontiguousarray(
                    x.transpose(0, 3, 1, 2))
            elif kind == "softmax":
                def numpy_softmax():
                    e = np.exp(x - x.max(axis=-1, keepdims=True))
                    return e / e.sum(axis=-1, keepdims=True)
                timers["numpy"] = numpy_softmax
            elif kind == "embedding":
                timers["numpy"] = lambda: np.take(w, x, axis=0)
            # Interleaved rounds, as in run.py: each figure is the median
            # of its rounds.
            times = {p: [] for p in timers}
            for _ in range(ROUNDS):
                for p, fn in timers.items():
                    times[p].append(fn() if p == "tfsc"
                                    else median_ms(fn, ROUND_SECONDS))
            row = {"name": name, "torch": None, "numpy": None,
                   "flops": flops(kind, shape)}
            row.update({p: float(np.median(t)) for p, t in times.items()})
            rows.append(row)
            print(name, row, flush=True)
    lines = [
        "# Benchmarks: other shapes",
        "",
        f"Produced by `bench/shapes.py` (from `bench/run.sh`) on "
        f"{datetime.date.today()}: one-op models at 1 thread, each figure "
        f"the median of {ROUNDS} interleaved rounds (tfsc, then each peer) "
        f"of about {ROUND_SECONDS:g} s of calls, all on the same CPU; "
        "PyTorch eager with `torch.set_num_threads(1)`, numpy with "
        f"{openblas_kernel()}, in the same run; each peer's result "
        "checked against tfsc's (rtol, atol 1e-3). These shapes exercise "
        "the remainders of tfs-tile-conv-matmul's tiles (sizes two vectors "
        "or 14 do not divide, few or odd output channels), its blocked "
        "convolutions (filters too large for L2 per 32 output channels), "
        "its row convolutions (fewer output channels than half a vector: "
        "3 and 1 here), "
        "the depthwise, pool and transpose schedules, and the transposed "
        "and batched matmuls of tfs-normalize-matmuls, row reductions "
        "(tfs-vectorize-reductions, softmax), an embedding lookup (one "
        "GatherV2 of rows of a 10 MB table), a transposed convolution "
        "(one convolution per output phase, PyTorch's conv_transpose2d "
        "cropped to TF's SAME) and an LSTM cell written as "
        "TF's BasicLSTMCell (its input projection batched over the steps; "
        "PyTorch's torch.nn.LSTMCell with the same weights). The 3x3 "
        "convolutions 13x13 256->256 and 14x14 256->256 (their transformed "
        "filters read in blocks of channels), 17x17 128->128, 27x27 96->256 "
        "and 59x59 32->32 "
        "are computed with Winograd's algorithm (tfs-winograd-conv: F(4x4, "
        "3x3) on whole tiles, sliced), whose products are a quarter of the "
        "FLOPs counted (those of direct convolution), so their GFLOP/s can "
        "exceed the FMA peak; the other convolutions here are left direct "
        "(too many channels or too few). The main "
        "workloads "
        "are in "
        "[benchmarks.md](benchmarks.md).",
        "",
        "| workload | tfsc | torch | numpy | speed-up vs best peer | "
        "tfsc GFLOP/s |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        peers = [v for v in (row["torch"], row["numpy"]) if v]
        ratio = f"{min(peers) / row['tfsc']:.2f}x" if peers else "—"
        rate = (f"{row['flops'] / row['tfsc'] / 1e6:.0f}" if row["flops"]
                else "—")
        cells = [f"{v:.3f} ms" if v else "—"
                 for v in (row["tfsc"], row["torch"], row["numpy"])]
        lines.append(f"| {row['name']} | {' | '.join(cells)} | {ratio} | "
                     f"{rate} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        with open(args.write, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
