"""Runs a compiled example model on random inputs and checks it against a
numpy reference computed from the model's own initial variables.

Usage: models_check.py MODEL WORKDIR TFS_RUN

MODEL is one of fx, my_op, rnn, mlp, cnn, text_classifier
(examples/MODEL.py compiled to
WORKDIR/libMODEL.so). The initializers are checked too: zeros exactly,
glorot_uniform within +-sqrt(6 / (fan_in + fan_out)) with the uniform
distribution's standard deviation (5 sigma), random_normal N(0, 1),
random_uniform within its bounds with their standard deviation.
Tolerances (float64 reference): rtol 1e-4, atol 1e-5 unless stated.
"""

import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import reference  # noqa: E402

model, work, tfs_run = sys.argv[1], sys.argv[2], sys.argv[3]
lib = os.path.join(work, f"lib{model}.so")
rng = np.random.default_rng(2)


def run(inputs):
    """Runs the model; returns (outputs, initial variables)."""
    args = [tfs_run, lib]
    if inputs:
        np.savez(os.path.join(work, "in.npz"), **inputs)
        args += ["--inputs", os.path.join(work, "in.npz")]
    out = os.path.join(work, "out.npz")
    init = os.path.join(work, "init.npz")
    subprocess.run(args + ["--output", out, "--save-variables", init],
                   check=True, stdout=subprocess.DEVNULL)
    return dict(np.load(out)), {k: v.astype(np.float64)
                                for k, v in np.load(init).items()}


def check_glorot(name, w):
    fan_in, fan_out = np.prod(w.shape[:-1]), w.shape[-1]
    if w.ndim == 4:  # conv: receptive field times channels
        fan_in = np.prod(w.shape[:3])
        fan_out = w.shape[0] * w.shape[1] * w.shape[3]
    limit = np.sqrt(6 / (fan_in + fan_out))
    assert np.all(np.abs(w) <= limit), (name, np.abs(w).max(), limit)
    std = limit / np.sqrt(3)
    assert abs(w.std() - std) < 5 * std / np.sqrt(2 * w.size), (name, w.std())
    print(f"{name}: glorot_uniform OK")


def check_zeros(name, b):
    assert np.all(b == 0), name
    print(f"{name}: zeros OK")


def relu(x):
    return np.maximum(x, 0)


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


if model == "fx":
    got, v = run({})
    x = v["scope/x"]
    assert abs(x.mean()) < 5 / np.sqrt(x.size) and \
        abs(x.std() - 1) < 5 / np.sqrt(2 * x.size), (x.mean(), x.std())
    print("scope/x: random_normal OK")
    want = np.exp(np.sin(4 * np.cos(x) + 1)) + np.exp(np.sin(5 * np.cos(x) + 2))
    reference.check("add:0", got["add:0"], want, 1e-5, 1e-5)

elif model == "my_op":
    inputs = {"image1": rng.normal(size=(8, 32)).astype(np.float32),
              "image2": rng.normal(size=(8, 32)).astype(np.float32)}
    got, v = run(inputs)
    check_zeros("b", v["b"])
    for out, name in (("add:0", "image1"), ("add_1:0", "image2")):
        reference.check(out, got[out], inputs[name] @ v["W"] + v["b"],
                        1e-4, 1e-4)

elif model == "rnn":
    x = rng.uniform(-1, 1, (1, 8, 128)).astype(np.float32)
    got, v = run({"inputs": x})
    check_glorot("rnn/w_x", v["rnn/w_x"])
    check_glorot("rnn/w_h", v["rnn/w_h"])
    check_zeros("rnn/b", v["rnn/b"])
    h = np.zeros((1, 256))
    for t in range(8):
        h = np.tanh(x[:, t, :] @ v["rnn/w_x"] + h @ v["rnn/w_h"] + v["rnn/b"])
    reference.check("final_state:0", got["final_state:0"], h, 1e-4, 1e-5)

elif model == "mlp":
    inputs = {"train_images": rng.uniform(0, 1, (64, 784)).astype(np.float32),
              "val_images": rng.uniform(0, 1, (1, 784)).astype(np.float32)}
    got, v = run(inputs)
    for layer in ("hidden1", "hidden2", "logits"):
        check_glorot(f"mlp/{layer}/kernel", v[f"mlp/{layer}/kernel"])
        check_zeros(f"mlp/{layer}/bias", v[f"mlp/{layer}/bias"])

    def mlp(x):
        h = relu(x @ v["mlp/hidden1/kernel"] + v["mlp/hidden1/bias"])
        h = relu(h @ v["mlp/hidden2/kernel"] + v["mlp/hidden2/bias"])
        return softmax(h @ v["mlp/logits/kernel"] + v["mlp/logits/bias"])

    reference.check("mlp/Softmax:0", got["mlp/Softmax:0"],
                    mlp(inputs["train_images"]), 1e-4, 1e-6)
    reference.check("mlp_1/Softmax:0", got["mlp_1/Softmax:0"],
                    mlp(inputs["val_images"]), 1e-4, 1e-6)

elif model == "cnn":
    image = rng.uniform(0, 1, (1, 32, 32, 3)).astype(np.float32)
    got, v = run({"image": image})
    for layer in ("conv1", "conv2"):
        check_glorot(f"cnn/{layer}/weights", v[f"cnn/{layer}/weights"])
        check_zeros(f"cnn/{layer}/biases", v[f"cnn/{layer}/biases"])
    check_glorot("cnn/dense/kernel", v["cnn/dense/kernel"])

    def conv_pool(x, layer):
        y = relu(reference.conv2d(x, v[f"cnn/{layer}/weights"])
                 + v[f"cnn/{layer}/biases"])
        return reference.max_pool(y, (2, 2), (2, 2), "VALID")

    h = conv_pool(conv_pool(image, "conv1"), "conv2").reshape(1, -1)
    want = softmax(h @ v["cnn/dense/kernel"] + v["cnn/dense/bias"])
    reference.check("cnn/probs:0", got["cnn/probs:0"], want, 1e-4, 1e-6)

elif model == "text_classifier":
    # 4 sentences of 16 word ids from a vocabulary of 5000, embedded in 64,
    # an LSTM of 128 (TF's BasicLSTMCell: gates i, j, f, o, forget bias
    # 1), a dense layer to 5 classes.
    ids = rng.integers(0, 5000, (4, 16)).astype(np.int32)
    got, v = run({"word_ids": ids})
    table = v["classifier/embedding"]
    assert np.all(np.abs(table) <= 0.1) and \
        abs(table.std() - 0.2 / np.sqrt(12)) < 5 * 0.2 / np.sqrt(12) / \
        np.sqrt(2 * table.size), table.std()
    print("classifier/embedding: random_uniform OK")
    kernel = v["classifier/rnn/basic_lstm_cell/kernel"]
    check_glorot("classifier/rnn/basic_lstm_cell/kernel", kernel)
    check_zeros("classifier/rnn/basic_lstm_cell/bias",
                v["classifier/rnn/basic_lstm_cell/bias"])

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    x = table[ids]
    h = np.zeros((4, 128))
    c = np.zeros((4, 128))
    for t in range(16):
        z = np.concatenate([x[:, t], h], axis=1) @ kernel + \
            v["classifier/rnn/basic_lstm_cell/bias"]
        i, j, f, o = np.split(z, 4, axis=1)
        c = c * sigmoid(f + 1) + sigmoid(i) * np.tanh(j)
        h = np.tanh(c) * sigmoid(o)
    logits = h @ v["classifier/logits/kernel"] + v["classifier/logits/bias"]
    reference.check("classifier/probabilities:0",
                    got["classifier/probabilities:0"], softmax(logits),
                    1e-4, 1e-6)
    # The predicted class is exact where the two best logits are apart by
    # more than the tolerance.
    top2 = np.sort(logits, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 1e-4
    assert np.array_equal(got["classifier/prediction:0"][clear],
                          np.argmax(logits, 1)[clear]), \
        (got["classifier/prediction:0"], np.argmax(logits, 1))
    print(f"classifier/prediction:0: OK ({int(clear.sum())} of 4 rows "
          "clear)")

else:
    raise SystemExit(f"unknown model {model}")
