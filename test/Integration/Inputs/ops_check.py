"""Checks every output of the compiled ops.mlir model against numpy.

Usage: ops_check.py WORKDIR TFS_RUN

Inputs are random (fixed seed); references are computed in float64 by
reference.py and plain numpy. Tolerances (rtol, atol): 1e-5, 1e-5 for
outputs of magnitude ~1-10 (float32 sums over at most 72 products);
1e-4, 1e-4 for mm_packed, mm_split, mm_odd_columns, mm_odd_rows and
mm_prime_rows (sums of 96 and 300 products of numbers in [-1, 1]),
conv_halves (288),
conv_odd_width and conv_rgb (576), conv_channels (144), conv_rows (288),
conv_rows_d2 (72), conv_rows_batch (200), conv_rows_wide (144),
mm_flat (512), mm_flat12 (96), mm_narrow_rows (256), mm_transpose_b and
bmm_adj (64), rnn_step (tanh of a sum of 256
products, weights in [-0.1, 0.1]), dense_relu (256 products) and
batch_convs (two convolutions of 144 products each); 1e-4, 2e-4 for
mm_chunked, mm_tall, gemv_transpose_b, matvec and shared_rhs (1024
products; shared_rhs's second one summed from the last),
mm_odd_columns_few_rows (2048) and conv_blocked (2304).
relu_specials and relu6_specials (NaN, signed zeros, infinities) must match
TF's std::max / std::min bit for bit; softmax_specials (rows holding NaN,
infinities, signed zeros) must be NaN exactly where TF's softmax is. The int32 cast must match exactly (inputs are kept away from integer
boundaries).
"""

import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import reference  # noqa: E402

work, tfs_run = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(1)


def f32(*shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape).astype(np.float32)


inputs = {
    "x": f32(1, 7, 7, 3), "w": f32(3, 3, 3, 4), "dw": f32(3, 3, 3, 2),
    "a": f32(4, 3), "b": f32(5, 4), "p": f32(2, 1, 3, 4), "q": f32(5, 4, 6),
    "logits": f32(4, 10, lo=-30, hi=30), "bias": f32(3),
    "g": f32(256, 96, lo=-1, hi=1), "h": f32(96, 160, lo=-1, hi=1),
    "u": f32(2, 300, lo=-1, hi=1), "v": f32(300, 10, lo=-1, hi=1),
    "s": f32(1, 1024, lo=-1, hi=1), "t": f32(1024, 128, lo=-1, hi=1),
    "bx": f32(4, 32, 32, 16, lo=-1, hi=1), "bw1": f32(3, 3, 16, 16, lo=-0.2, hi=0.2),
    "bb1": f32(16, lo=-0.5, hi=0.5), "bw2": f32(3, 3, 16, 8, lo=-0.2, hi=0.2),
    "tg": f32(40, 1024, lo=-1, hi=1), "th": f32(1024, 256, lo=-1, hi=1),
    "sh": f32(16, 256, lo=-1, hi=1), "sw": f32(256, 256, lo=-0.1, hi=0.1),
    "sx": f32(16, 256, lo=-1, hi=1),
    "wx": f32(1, 63, 63, 8), "ww": f32(3, 3, 8, 32), "wb": f32(32),
    "rx": f32(1, 3, 10, 8),
    "da": f32(64, 256, lo=-1, hi=1), "dd": f32(256, 512, lo=-1, hi=1),
    "db": f32(512, lo=-1, hi=1),
    "oa": f32(136, 300, lo=-1, hi=1), "ob": f32(300, 72, lo=-1, hi=1),
    "pa": f32(100, 300, lo=-1, hi=1), "pb": f32(300, 96, lo=-1, hi=1),
    "qx": f32(1, 17, 17, 32, lo=-1, hi=1), "qw": f32(3, 3, 32, 32, lo=-1, hi=1),
    "tx": f32(1, 13, 13, 64, lo=-1, hi=1), "tw": f32(3, 3, 64, 32, lo=-1, hi=1),
    "mx": f32(1, 15, 15, 32), "mw": f32(3, 3, 32, 1),
    "ua": f32(16, 2048, lo=-1, hi=1), "ub": f32(2048, 72, lo=-1, hi=1),
    "nw": f32(3, 3, 64, 3, lo=-1, hi=1),
    "kx": f32(1, 7, 7, 256, lo=-1, hi=1), "kw": f32(3, 3, 256, 64, lo=-1, hi=1),
    "cx": f32(1, 9, 9, 16, lo=-1, hi=1), "cw": f32(3, 3, 16, 50, lo=-1, hi=1),
    "cb": f32(50, lo=-1, hi=1), "cw1": f32(1, 1, 16, 36, lo=-1, hi=1),
    "ma": f32(32, 64, lo=-1, hi=1), "mb": f32(48, 64, lo=-1, hi=1),
    "ba": f32(8, 64, 64, lo=-1, hi=1), "bb": f32(8, 64, 64, lo=-1, hi=1),
    "nx": f32(1, 8, 16, 32),
    "gv": f32(1, 1024, lo=-1, hi=1), "gw": f32(512, 1024, lo=-1, hi=1),
    "mw3": f32(3, 3, 32, 3),
    "sa": f32(100, 100, lo=-1, hi=1), "sb": f32(100, 100, lo=-1, hi=1),
    "mvw": f32(1024, 1, lo=-1, hi=1),
    "boa": f32(4, 50, 64, lo=-1, hi=1), "bob": f32(4, 64, 50, lo=-1, hi=1),
    "fw18": f32(3, 3, 16, 18, lo=-1, hi=1),
    "rw": f32(1024, 64, lo=-1, hi=1), "ra": f32(131, 300, lo=-1, hi=1),
    "yx": f32(1, 64, 64, 32, lo=-1, hi=1), "yw": f32(3, 3, 32, 3, lo=-1, hi=1),
    "yb": f32(3, lo=-1, hi=1),
    "zx": f32(1, 13, 20, 8, lo=-1, hi=1), "zw": f32(3, 3, 8, 1, lo=-1, hi=1),
    "vx": f32(2, 8, 24, 8, lo=-1, hi=1), "vw": f32(5, 5, 8, 5, lo=-1, hi=1),
    "ux": f32(1, 12, 28, 16, lo=-1, hi=1), "uw": f32(3, 3, 16, 3, lo=-1, hi=1),
    "fa": f32(2, 512, lo=-1, hi=1), "fb": f32(512, 10, lo=-1, hi=1),
    "ga": f32(3, 96, lo=-1, hi=1), "gb": f32(96, 12, lo=-1, hi=1),
    "nb": f32(256, 10, lo=-1, hi=1),
    "bandx": f32(2, 20, 21, 16), "bandw": f32(5, 5, 16, 1, lo=-0.3, hi=0.3),
    "bandb": f32(16),
    "m3w": f32(3, 3, 16, 3, lo=-1, hi=1), "m3b": f32(48, lo=-1, hi=1),
    "m2w": f32(3, 3, 32, 2, lo=-1, hi=1), "m2b": f32(64, lo=-1, hi=1),
    "sml": f32(64, 1000, lo=-8, hi=8), "r3": f32(4, 6, 100),
    "smx": f32(6, 20, lo=-8, hi=8), "rc": f32(97, 700, lo=-8, hi=8),
    "lng": f32(100, lo=0.5, hi=1.5), "lnb": f32(100, lo=-1, hi=1),
}
# Softmax rows holding a NaN (all NaN), +inf (inf - inf: all NaN), only
# -inf (-inf - -inf: all NaN), one -inf among finite values (its
# probability 0), values near the float32 exp range, signed zeros.
inputs["smx"][0, 3] = np.nan
inputs["smx"][1, 7] = np.inf
inputs["smx"][2, :] = -np.inf
inputs["smx"][3, 11] = -np.inf
inputs["smx"][4, ::2] = 85.0
inputs["smx"][5, :] = np.where(np.arange(20) % 2, -0.0, 0.0)
# Values where relu and relu6 implementations differ: NaN, signed zeros,
# infinities, the bounds, denormals; each row in another order, so that
# every value takes several vector lanes.
specials = np.array([np.nan, -0.0, 0.0, -1.0, 1.0, 7.0, -np.inf, np.inf, 6.0,
                     5.5, -3e38, 3e38, 1e-45, -1e-45, 0.5, -0.5], np.float32)
inputs["specials"] = np.stack([np.roll(specials, 5 * r) for r in range(4)])
# Keep logits * 10 away from integers so the truncating cast is exact.
inputs["logits"] = (np.round(inputs["logits"] * 10) + 0.5).astype(
    np.float32) / np.float32(10)
np.savez(os.path.join(work, "ops_in.npz"), **inputs)
out = os.path.join(work, "ops_out.npz")


def run(threads):
    subprocess.run([tfs_run, os.path.join(work, "libops.so"), "--inputs",
                    os.path.join(work, "ops_in.npz"), "--output", out,
                    "--num-threads", str(threads)],
                   check=True, stdout=subprocess.DEVNULL)
    return dict(np.load(out))


got = run(2)

x = inputs["x"].astype(np.float64)
logits = inputs["logits"].astype(np.float64)
bias = inputs["bias"].astype(np.float64)


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def layer_norm(z):
    d = z - z.mean(axis=-1, keepdims=True)
    var = (d * d).mean(axis=-1, keepdims=True)
    return d / np.sqrt(var + 1e-3) * inputs["lng"] + inputs["lnb"]


split0, split1 = logits[:, :3], logits[:, 3:]
expected = {
    "conv_same_s2:0": reference.conv2d(x, inputs["w"], strides=(2, 2)),
    "conv_valid_d2:0": reference.conv2d(x, inputs["w"], dilations=(2, 2),
                                        padding="VALID"),
    "depthwise:0": reference.depthwise_conv2d(x, inputs["dw"]),
    "max_pool:0": reference.max_pool(x, (3, 3), (2, 2), "SAME"),
    "avg_pool:0": reference.avg_pool(x, (3, 3), (2, 2), "SAME"),
    "matmul_tt:0": inputs["a"].T.astype(np.float64) @ inputs["b"].T,
    "batch_matmul:0": np.matmul(inputs["p"].astype(np.float64), inputs["q"]),
    "softmax:0": softmax(logits),
    "log_softmax:0": np.log(softmax(logits)),
    "mean_keep:0": x.mean(axis=(1, 2), keepdims=True),
    "max_last:0": x.max(axis=-1),
    "elementwise:0": (1 / (1 + np.exp(-(x - bias)))) * np.tanh(x)
    + (1 / np.sqrt(np.abs(x) + 1)) ** 2 / np.maximum(x, 0.5),
    "reshape:0": x.reshape(7, 21),
    "transpose:0": x.transpose(3, 1, 2, 0),
    "concat_split:0": np.concatenate(
        [split1, split0, inputs["a"][:, :3]], axis=-1),
    "pad_reflect:0": np.pad(x, ((0, 0), (1, 1), (0, 0), (0, 0)),
                            mode="reflect")[:, :, 1:6, :],
    "pad_symmetric:0": np.pad(x, ((0, 0), (0, 0), (2, 2), (0, 0)),
                              mode="symmetric"),
    "cast:0": np.trunc(inputs["logits"] * np.float32(10)).astype(np.int32),
    "bias_relu6:0": np.clip(x + bias, 0, 6),
    "mm_packed:0": inputs["g"].astype(np.float64) @ inputs["h"],
    "mm_split:0": inputs["u"].astype(np.float64) @ inputs["v"],
    "mm_chunked:0": inputs["s"].astype(np.float64) @ inputs["t"],
    "mm_tall:0": inputs["tg"].astype(np.float64) @ inputs["th"],
    "conv_split_s2:0": np.maximum(reference.conv2d(
        inputs["wx"], inputs["ww"], strides=(2, 2)) + inputs["wb"], 0),
    "conv_split_d2:0": np.maximum(reference.conv2d(
        inputs["wx"], inputs["ww"], dilations=(2, 2), padding="VALID")
        + inputs["wb"], 0),
    "conv_one_row:0": reference.conv2d(inputs["rx"], inputs["ww"],
                                       padding="VALID"),
    "dense_relu:0": np.maximum(inputs["da"].astype(np.float64) @ inputs["dd"]
                               + inputs["db"], 0),
    "rnn_step:0": np.tanh(inputs["sx"].astype(np.float64)
                          + inputs["sh"].astype(np.float64) @ inputs["sw"]),
    "mm_odd_columns:0": inputs["oa"].astype(np.float64) @ inputs["ob"],
    "mm_odd_rows:0": inputs["pa"].astype(np.float64) @ inputs["pb"],
    "conv_halves:0": np.maximum(reference.conv2d(inputs["qx"], inputs["qw"]),
                                0),
    "conv_odd_width:0": reference.conv2d(inputs["tx"], inputs["tw"]),
    "depthwise_relu:0": np.maximum(
        reference.depthwise_conv2d(inputs["mx"], inputs["mw"]), 0),
    "depthwise_s2:0": reference.depthwise_conv2d(inputs["mx"], inputs["mw"],
                                                 strides=(2, 2)),
    "mm_odd_columns_few_rows:0": inputs["ua"].astype(np.float64)
    @ inputs["ub"],
    "conv_rgb:0": reference.conv2d(inputs["tx"], inputs["nw"]),
    "max_pool_wide:0": reference.max_pool(inputs["mx"], (3, 3), (2, 2),
                                          "SAME"),
    "avg_pool_wide:0": reference.avg_pool(inputs["mx"], (3, 3), (2, 2),
                                          "SAME"),
    "conv_blocked:0": np.maximum(reference.conv2d(inputs["kx"], inputs["kw"]),
                                 0),
    "conv_channels:0": np.maximum(
        reference.conv2d(inputs["cx"], inputs["cw"]) + inputs["cb"], 0),
    "conv_channels_1x1:0": reference.conv2d(inputs["cx"], inputs["cw1"]),
    "mm_transpose_b:0": inputs["ma"].astype(np.float64) @ inputs["mb"].T,
    "bmm_adj:0": np.swapaxes(inputs["ba"].astype(np.float64), 1, 2)
    @ np.swapaxes(inputs["bb"], 1, 2),
    "transpose_nchw:0": inputs["nx"].transpose(0, 3, 1, 2),
    "gemv_transpose_b:0": inputs["gv"].astype(np.float64) @ inputs["gw"].T,
    "depthwise_m3:0": reference.depthwise_conv2d(inputs["mx"], inputs["mw3"],
                                                 strides=(2, 2)),
    "mm_small_odd:0": inputs["sa"].astype(np.float64) @ inputs["sb"],
    "matvec:0": inputs["tg"].astype(np.float64) @ inputs["mvw"],
    "bmm_odd:0": inputs["boa"].astype(np.float64) @ inputs["bob"],
    "conv_f18:0": np.maximum(reference.conv2d(inputs["cx"], inputs["fw18"]),
                             0),
    "shared_rhs:0": (inputs["gv"].astype(np.float64)
                     + np.tanh(inputs["gv"].astype(np.float64)))
    @ inputs["rw"],
    "mm_prime_rows:0": inputs["ra"].astype(np.float64) @ inputs["pb"],
    "conv_rows:0": np.maximum(
        reference.conv2d(inputs["yx"], inputs["yw"]) + inputs["yb"], 0),
    "conv_rows_d2:0": reference.conv2d(inputs["zx"], inputs["zw"],
                                       dilations=(2, 2), padding="VALID"),
    "conv_rows_batch:0": reference.conv2d(inputs["vx"], inputs["vw"]),
    "conv_rows_wide:0": reference.conv2d(inputs["ux"], inputs["uw"]),
    "mm_flat:0": inputs["fa"].astype(np.float64) @ inputs["fb"],
    "mm_flat12:0": inputs["ga"].astype(np.float64) @ inputs["gb"],
    "mm_narrow_rows:0": inputs["da"].astype(np.float64) @ inputs["nb"],
    "depthwise_bands:0": np.clip(
        reference.depthwise_conv2d(inputs["bandx"], inputs["bandw"],
                                   strides=(2, 2)) + inputs["bandb"], 0, 6),
    "max_pool_bands:0": reference.max_pool(inputs["bandx"], (3, 3), (2, 2),
                                           "SAME"),
    "avg_pool_bands:0": reference.avg_pool(inputs["bandx"], (3, 5), (1, 1),
                                           "SAME"),
    "depthwise_rate2:0": reference.depthwise_conv2d(
        inputs["bandx"], inputs["bandw"], dilations=(2, 3)),
    # TF's Relu and Relu6: std::max(x, 0), then std::min(., 6).
    "relu_specials:0": np.where(inputs["specials"] < 0, np.float32(0),
                                inputs["specials"]),
    "relu6_specials:0": np.minimum(np.where(inputs["specials"] < 0,
                                            np.float32(0),
                                            inputs["specials"]), 6),
    "depthwise_m3_bias:0": np.clip(
        reference.depthwise_conv2d(inputs["bx"], inputs["m3w"])
        + inputs["m3b"], 0, 6),
    "depthwise_m2_threads:0": np.clip(
        reference.depthwise_conv2d(inputs["yx"], inputs["m2w"])
        + inputs["m2b"], 0, 6),
    "softmax_rows:0": softmax(inputs["sml"].astype(np.float64)),
    "max_rows_3d:0": inputs["r3"].max(axis=-1),
    "sum_rows_3d:0": inputs["r3"].astype(np.float64).sum(axis=-1),
    "sum_rows_threads:0": inputs["sml"].astype(np.float64).sum(axis=1),
    "softmax_uneven_tasks:0": softmax(inputs["rc"].astype(np.float64)),
    "layer_norm:0": layer_norm(inputs["r3"].astype(np.float64)),
    "layer_norm_mean:0": inputs["r3"].astype(np.float64).mean(
        axis=-1, keepdims=True),
    "batch_convs:0": reference.conv2d(np.maximum(
        reference.conv2d(inputs["bx"], inputs["bw1"]) + inputs["bb1"], 0),
        inputs["bw2"]),
}
tolerance = {"mm_packed:0": (1e-4, 1e-4), "mm_split:0": (1e-4, 1e-4),
             "mm_chunked:0": (1e-4, 2e-4), "batch_convs:0": (1e-4, 1e-4),
             "mm_tall:0": (1e-4, 2e-4), "rnn_step:0": (1e-4, 1e-4),
             "dense_relu:0": (1e-4, 1e-4), "mm_odd_columns:0": (1e-4, 1e-4),
             "mm_odd_rows:0": (1e-4, 1e-4), "conv_halves:0": (1e-4, 1e-4),
             "conv_odd_width:0": (1e-4, 1e-4), "conv_rgb:0": (1e-4, 1e-4),
             "mm_odd_columns_few_rows:0": (1e-4, 2e-4),
             "conv_blocked:0": (1e-4, 2e-4), "conv_channels:0": (1e-4, 1e-4),
             "mm_transpose_b:0": (1e-4, 1e-4), "bmm_adj:0": (1e-4, 1e-4),
             "gemv_transpose_b:0": (1e-4, 2e-4),
             "mm_small_odd:0": (1e-4, 1e-4), "matvec:0": (1e-4, 2e-4),
             "bmm_odd:0": (1e-4, 1e-4), "conv_f18:0": (1e-4, 1e-4),
             "shared_rhs:0": (1e-4, 2e-4), "mm_prime_rows:0": (1e-4, 1e-4),
             "conv_rows:0": (1e-4, 1e-4), "conv_rows_d2:0": (1e-4, 1e-4),
             "conv_rows_batch:0": (1e-4, 1e-4),
             "conv_rows_wide:0": (1e-4, 1e-4), "mm_flat:0": (1e-4, 1e-4),
             "mm_flat12:0": (1e-4, 1e-4), "mm_narrow_rows:0": (1e-4, 1e-4),
             # 1000 float32 terms up to 8 that cancel to a few units:
             # rounding grows with the partial sums (bound n * eps * 8 =
             # 5e-4), not with the result.
             "sum_rows_threads:0": (1e-5, 1e-3)}
# The special rows' NaNs where TF has them, the other values close.
with np.errstate(invalid="ignore"):
    want = softmax(inputs["smx"].astype(np.float64))
name = "softmax_specials:0"
assert np.array_equal(np.isnan(got[name]), np.isnan(want)), (name, got[name])
assert np.isnan(want[:3]).all() and not np.isnan(want[3:]).any()
assert got[name][3, 11] == 0, got[name][3]
reference.check(name, got.pop(name)[3:], want[3:], 1e-5, 1e-5)
assert set(got) == set(expected), sorted(set(got) ^ set(expected))
# On 2 threads, batch_convs runs as a forall whose tasks take whole images
# (2 divides its 4); on 1 and 3, as a loop over the images whose ops are
# threaded (see tfs-fuse-image-chains). Each run computes every image the
# same way, so the results agree exactly. conv_rows (a row convolution of
# 7 MFLOP) takes blocks of output rows over the threads, each output
# computed the same way whatever the thread count.
for threads in (1, 3):
    other = run(threads)
    for name in ("batch_convs:0", "conv_rows:0"):
        assert np.array_equal(other[name], got[name]), (name, threads)
# Bit for bit: the NaNs are the input's, and relu(-0.0) is -0.0.
bitwise = {"relu_specials:0", "relu6_specials:0"}
for name, want in expected.items():
    if name in bitwise:
        assert got[name].dtype == np.float32, (name, got[name].dtype)
        assert np.array_equal(got[name].view(np.uint32),
                              want.astype(np.float32).view(np.uint32)), (
            name, got[name], want)
        print(f"{name}: OK bitwise")
    elif want.dtype == np.int32:
        assert got[name].dtype == np.int32, (name, got[name].dtype)
        assert np.array_equal(got[name], want), (name, got[name], want)
        print(f"{name}: OK exact")
    else:
        reference.check(name, got[name], want,
                        *tolerance.get(name, (1e-5, 1e-5)))
