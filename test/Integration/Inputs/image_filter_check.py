"""Checks the compiled image filter against numpy.

Usage: image_filter_check.py WORKDIR TFS_RUN

1. The compiled initializers: conv biases are exactly 0, conv weights are
   N(0, 1) (sample mean and std within 5 sigma of the expected values).
2. With random weights loaded through --weights, both towers match
   relu(conv(relu(conv(x, w1) + b1), w2) + b2) computed in float64
   (rtol 1e-4, atol 1e-4 on outputs of magnitude ~10: float32 sums over
   5*5*32 = 800 products).
3. Sharing is real: changing only conv1/weights changes both towers.
"""

import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import reference  # noqa: E402

work, tfs_run = sys.argv[1], sys.argv[2]
lib = os.path.join(work, "libimage_filter.so")


def run(*args):
    subprocess.run([tfs_run, lib, *args], check=True)


# 1. Initial values.
init = os.path.join(work, "init.npz")
run("--random-inputs", "--save-variables", init)
v = np.load(init)
assert set(v.files) == {"image_filters/conv1/weights",
                        "image_filters/conv1/biases",
                        "image_filters/conv2/weights",
                        "image_filters/conv2/biases"}, v.files
for b in ("image_filters/conv1/biases", "image_filters/conv2/biases"):
    assert np.all(v[b] == 0), b
for w in ("image_filters/conv1/weights", "image_filters/conv2/weights"):
    n = v[w].size
    assert abs(v[w].mean()) < 5 / np.sqrt(n), (w, v[w].mean())
    assert abs(v[w].std() - 1) < 5 / np.sqrt(2 * n), (w, v[w].std())
assert not np.array_equal(v["image_filters/conv1/weights"],
                          v["image_filters/conv2/weights"])
print("initializers: OK")

# 2. Numerics against numpy.
rng = np.random.default_rng(0)
weights = {
    "image_filters/conv1/weights": rng.normal(0, 0.1, (5, 5, 32, 32)),
    "image_filters/conv1/biases": rng.normal(0, 0.1, (32,)),
    "image_filters/conv2/weights": rng.normal(0, 0.1, (5, 5, 32, 32)),
    "image_filters/conv2/biases": rng.normal(0, 0.1, (32,)),
}
weights = {k: a.astype(np.float32) for k, a in weights.items()}
image1 = rng.uniform(-1, 1, (1, 64, 64, 32)).astype(np.float32)
image2 = rng.uniform(-1, 1, (1, 64, 64, 32)).astype(np.float32)
wfile = os.path.join(work, "weights.npz")
np.savez(wfile, **weights)
np.savez(os.path.join(work, "in.npz"), image1=image1, image2=image2)
out = os.path.join(work, "out.npz")
run("--inputs", os.path.join(work, "in.npz"), "--weights", wfile,
    "--output", out)
got = dict(np.load(out))


def tower(x, w):
    h = reference.relu(reference.conv2d(x, w["image_filters/conv1/weights"])
                       + w["image_filters/conv1/biases"])
    return reference.relu(reference.conv2d(h, w["image_filters/conv2/weights"])
                          + w["image_filters/conv2/biases"])


reference.check("tower 1", got["image_filters/conv2/Relu:0"],
                tower(image1, weights), 1e-4, 1e-4)
reference.check("tower 2", got["image_filters_1/conv2/Relu:0"],
                tower(image2, weights), 1e-4, 1e-4)

# 3. One shared variable changes both towers.
changed = dict(weights)
changed["image_filters/conv1/weights"] = weights[
    "image_filters/conv1/weights"] * 2
np.savez(wfile, **changed)
out2 = os.path.join(work, "out2.npz")
run("--inputs", os.path.join(work, "in.npz"), "--weights", wfile,
    "--output", out2)
got2 = dict(np.load(out2))
for key, x in (("image_filters/conv2/Relu:0", image1),
               ("image_filters_1/conv2/Relu:0", image2)):
    assert not np.allclose(got2[key], got[key]), key
    reference.check(key + " (changed conv1/weights)", got2[key],
                    tower(x, changed), 1e-4, 1e-4)
