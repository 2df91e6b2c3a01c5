"""numpy reference implementations of TF 1.15 op semantics for the
integration tests (independent of tfsc: plain numpy, float64 accumulation)."""

import numpy as np


def _same_pads(size, k, stride, dilation):
    out = -(-size // stride)
    eff = (k - 1) * dilation + 1
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def _windows(x, kh, kw, strides, dilations, padding, pad_value=0.0):
    """Yields (oy, ox, patch[N, kh, kw, C]) over an NHWC input."""
    n, h, w, c = x.shape
    sh, sw = strides
    dh, dw = dilations
    if padding == "SAME":
        (pt, pb), (pl, pr) = (_same_pads(h, kh, sh, dh),
                              _same_pads(w, kw, sw, dw))
    else:
        pt = pb = pl = pr = 0
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)),
                constant_values=pad_value)
    valid = np.pad(np.ones((h, w)), ((pt, pb), (pl, pr)))
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    oh = (xp.shape[1] - eh) // sh + 1
    ow = (xp.shape[2] - ew) // sw + 1
    for oy in range(oh):
        for ox in range(ow):
            ys = slice(oy * sh, oy * sh + eh, dh)
            xs = slice(ox * sw, ox * sw + ew, dw)
            yield oy, ox, xp[:, ys, xs, :], valid[ys, xs], (oh, ow)


def conv2d(x, w, strides=(1, 1), dilations=(1, 1), padding="SAME"):
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    out = None
    for oy, ox, patch, _, (oh, ow) in _windows(x, w.shape[0], w.shape[1],
                                                 strides, dilations, padding):
        if out is None:
            out = np.zeros((x.shape[0], oh, ow, w.shape[3]))
        out[:, oy, ox, :] = np.einsum("nhwc,hwco->no", patch, w)
    return out


def depthwise_conv2d(x, w, strides=(1, 1), dilations=(1, 1), padding="SAME"):
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    c, m = w.shape[2], w.shape[3]
    out = None
    for oy, ox, patch, _, (oh, ow) in _windows(x, w.shape[0], w.shape[1],
                                                 strides, dilations, padding):
        if out is None:
            out = np.zeros((x.shape[0], oh, ow, c * m))
        out[:, oy, ox, :] = np.einsum("nhwc,hwcm->ncm", patch, w).reshape(
            x.shape[0], c * m)
    return out


def max_pool(x, ksize, strides, padding):
    out = None
    for oy, ox, patch, _, (oh, ow) in _windows(x, ksize[0], ksize[1], strides,
                                                 (1, 1), padding, -np.inf):
        if out is None:
            out = np.zeros((x.shape[0], oh, ow, x.shape[3]))
        out[:, oy, ox, :] = patch.max(axis=(1, 2))
    return out


def avg_pool(x, ksize, strides, padding):
    """TF divides by the number of real (unpadded) elements per window."""
    out = None
    for oy, ox, patch, valid, (oh, ow) in _windows(x, ksize[0], ksize[1],
                                                     strides, (1, 1), padding):
        if out is None:
            out = np.zeros((x.shape[0], oh, ow, x.shape[3]))
        out[:, oy, ox, :] = patch.sum(axis=(1, 2)) / valid.sum()
    return out


def relu(x):
    return np.maximum(x, 0)


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def basic_lstm_step(x, c, h, kernel, bias):
    """One step of TF 1.15's BasicLSTMCell (forget_bias 1): gates i, j, f, o
    from [x, h] @ kernel + bias. Returns the new (c, h)."""
    z = np.concatenate([x, h], 1) @ kernel + bias
    i, j, f, o = np.split(z, 4, axis=1)
    c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
    return c, np.tanh(c) * sigmoid(o)


def gru_step(x, h, gates_kernel, gates_bias, candidate_kernel,
             candidate_bias):
    """One step of TF 1.15's GRUCell: reset and update gates r, u from
    [x, h], the candidate from [x, r * h]. Returns the new h."""
    v = sigmoid(np.concatenate([x, h], 1) @ gates_kernel + gates_bias)
    r, u = np.split(v, 2, axis=1)
    cand = np.tanh(np.concatenate([x, r * h], 1) @ candidate_kernel
                   + candidate_bias)
    return u * h + (1 - u) * cand


def basic_rnn_step(x, h, kernel, bias):
    """One step of TF 1.15's BasicRNNCell: tanh([x, h] @ kernel + bias)."""
    return np.tanh(np.concatenate([x, h], 1) @ kernel + bias)


def gru_basic_rnn_step(x, g, s, w, prefix):
    """One step of a MultiRNNCell([GRUCell, BasicRNNCell]) whose variables
    are under `prefix` ("scope/multi_rnn_cell/"), `w` mapping a variable's
    name to its value. Returns the cells' new states (g, s)."""
    g = gru_step(x, g, w(prefix + "cell_0/gru_cell/gates/kernel"),
                 w(prefix + "cell_0/gru_cell/gates/bias"),
                 w(prefix + "cell_0/gru_cell/candidate/kernel"),
                 w(prefix + "cell_0/gru_cell/candidate/bias"))
    s = basic_rnn_step(g, s, w(prefix + "cell_1/basic_rnn_cell/kernel"),
                       w(prefix + "cell_1/basic_rnn_cell/bias"))
    return g, s


def check(name, got, want, rtol, atol):
    """Asserts closeness and prints a one-line summary."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        raise SystemExit(f"{name}: shape {got.shape}, expected {want.shape}")
    err = np.abs(got - want)
    bound = atol + rtol * np.abs(want)
    if not np.all(err <= bound):
        i = np.unravel_index(np.argmax(err - bound), err.shape)
        raise SystemExit(f"{name}: max error {err.max():.3g} at {i}: got "
                         f"{got[i]!r}, expected {want[i]!r} "
                         f"(rtol={rtol}, atol={atol})")
    print(f"{name}: OK max_abs_err={err.max():.3g}")
