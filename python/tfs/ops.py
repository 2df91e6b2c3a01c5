# ===- ops.py - TF1 op functions and Tensor operators ----------------------===#
#
# The op functions of tfs.compat.v1 (math, nn, array, random, state ops)
# with TensorFlow 1.15's naming: the same name scopes, default op names and
# names of converted constant inputs (`add/y`, `MatMul/b`, ...), building
# ops through the C++ builders, which infer shapes and raise TF's errors.
#
# ===-----------------------------------------------------------------------===#
"""TF1 op functions."""

import builtins

import numpy as np

from tfs import _tfs
from tfs import dtypes
from tfs import framework
from tfs.framework import Tensor, convert_to_tensor, name_scope


def _g():
    return framework.get_default_graph()


def _wrap(ct):
    return _g()._wrap_tensor(ct)


_unsupported = framework.unsupported


def _build(op_type, scope, inputs, attrs=None):
    outs = _tfs.build_op(_g()._c, op_type, scope, [t._c for t in inputs],
                         attrs or {})
    return [_wrap(o) for o in outs]


def _apply(op_type, name, inputs, attrs=None, same_type=True):
    """op_def_library._apply_op_helper: opens the op's name scope, converts
    Python inputs to constants named after the input arguments (inputs that
    share the type attribute take the first input's dtype), then builds."""
    with name_scope(name if name else op_type,
                    values=[v for _, v in inputs]) as scope:
        tensors = []
        dtype = None
        for arg, value in inputs:
            # Python values take the type; a tensor of another one is TF's
            # TypeError, raised by the C++ builder ("Input 'y' of 'Add' Op
            # has type int32 that does not match type float32 of argument
            # 'x'.").
            t = convert_to_tensor(
                value, dtype=dtype if same_type and not _is_tensor_like(value)
                else None, name=arg)
            if same_type and dtype is None:
                dtype = t.dtype.base_dtype
            tensors.append(t)
        return _build(op_type, scope, tensors, attrs)


def _apply1(op_type, name, inputs, attrs=None, same_type=True):
    return _apply(op_type, name, inputs, attrs, same_type)[0]


# --- constants, placeholders, fills ------------------------------------------

def placeholder(dtype, shape=None, name=None):
    dtype = dtypes.as_dtype(dtype).base_dtype
    g = _g()
    return g._wrap_tensor(_tfs.placeholder(
        g._c, dtype._enum, framework.TensorShape(shape)._cpp(),
        name or "Placeholder"))


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    arr, dt = framework.constant_array(value, dtype)
    if shape is not None:
        shape = framework.TensorShape(shape).as_list()
        if verify_shape and list(np.shape(arr)) != shape:
            raise TypeError("Expected Tensor's shape: %s, got %s." %
                            (tuple(shape), np.shape(arr)))
    g = _g()
    return g._wrap_tensor(_tfs.constant(g._c, arr, dt._enum, shape,
                                        name or "Const"))


def _static_shape(shape, what):
    if isinstance(shape, (Tensor,)):
        _unsupported("%s with a tensor shape" % what)
    s = framework.TensorShape(shape)
    if not s.is_fully_defined():
        raise ValueError("Cannot create a tensor of unknown shape %s" % s)
    return s.as_list()


def zeros(shape, dtype=dtypes.float32, name=None):
    dtype = dtypes.as_dtype(dtype).base_dtype
    g = _g()
    return g._wrap_tensor(_tfs.zeros(g._c, _static_shape(shape, "tf.zeros"),
                                     dtype._enum, name or ""))


def ones(shape, dtype=dtypes.float32, name=None):
    dtype = dtypes.as_dtype(dtype).base_dtype
    g = _g()
    return g._wrap_tensor(_tfs.ones(g._c, _static_shape(shape, "tf.ones"),
                                    dtype._enum, name or ""))


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    g = _g()
    t = convert_to_tensor(tensor)
    dt = None if dtype is None else dtypes.as_dtype(dtype).base_dtype._enum
    return g._wrap_tensor(_tfs.zeros_like(g._c, t._c, dt, name or ""))


def ones_like(tensor, dtype=None, name=None, optimize=True):
    g = _g()
    t = convert_to_tensor(tensor)
    dt = None if dtype is None else dtypes.as_dtype(dtype).base_dtype._enum
    return g._wrap_tensor(_tfs.ones_like(g._c, t._c, dt, name or ""))


def fill(dims, value, name=None):
    return _apply1("Fill", name, [("dims", dims), ("value", value)],
                   same_type=False)


def _random_from_tensor_shape(kind, shape, a, b, dtype, seed, name):
    """TF 1.15's random_uniform / random_normal / truncated_normal for a
    shape given as a tensor (tf.shape(x)): the random op on it, scaled and
    shifted, named as TF names them."""
    scope_name, op_type, names = {
        "uniform": ("random_uniform", "RandomUniform", ("min", "max")),
        "normal": ("random_normal", "RandomStandardNormal",
                   ("mean", "stddev")),
        "truncated": ("truncated_normal", "TruncatedNormal",
                      ("mean", "stddev")),
    }[kind]
    with name_scope(name, scope_name, [shape, a, b]) as scope:
        shape = convert_to_tensor(shape, name="shape")
        a = convert_to_tensor(a, dtype=dtype, name=names[0])
        b = convert_to_tensor(b, dtype=dtype, name=names[1])
        seed1, seed2 = _g()._c.get_seed(seed)
        rnd = _apply1(op_type, None, [("shape", shape)],
                      {"dtype": dtype._enum, "seed": seed1, "seed2": seed2},
                      same_type=False)
        if kind == "uniform":
            return add(rnd * (b - a), a, name=scope)
        return add(rnd * b, a, name=scope)


def _random(kind, shape, a, b, dtype, seed, name):
    dtype = dtypes.as_dtype(dtype).base_dtype
    for v in (a, b):
        if isinstance(v, (Tensor,)):
            _unsupported("random ops with tensor parameters")
    if _is_tensor_like(shape):
        return _random_from_tensor_shape(kind, shape, a, b, dtype, seed,
                                         name)
    g = _g()
    return g._wrap_tensor(_tfs.random(
        g._c, kind, _static_shape(shape, "random ops"), float(a), float(b),
        dtype._enum, seed, name or ""))


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32,
                   seed=None, name=None):
    dtype = dtypes.as_dtype(dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError("Must specify maxval for integer dtype %r" %
                             dtype)
        maxval = 1
    return _random("uniform", shape, minval, maxval, dtype, seed, name)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                  seed=None, name=None):
    return _random("normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                     seed=None, name=None):
    return _random("truncated", shape, mean, stddev, dtype, seed, name)


# --- elementwise math ---------------------------------------------------------

def _unary(op_type):
    def fn(x, name=None):
        return _apply1(op_type, name, [("x", x)])
    fn.__name__ = op_type.lower()
    return fn


negative = neg = _unary("Neg")
exp = _unary("Exp")
log = _unary("Log")
sin = _unary("Sin")
cos = _unary("Cos")
tanh = _unary("Tanh")
sqrt = _unary("Sqrt")
rsqrt = _unary("Rsqrt")
square = _unary("Square")
floor = _unary("Floor")
ceil = _unary("Ceil")
reciprocal = _unary("Reciprocal")


def round(x, name=None):  # pylint: disable=redefined-builtin
    """tf.round: halves to even; integers are returned as they are."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    return _apply1("Round", name, [("x", x)])


def abs(x, name=None):  # pylint: disable=redefined-builtin
    with name_scope(name, "Abs", [x]) as scope:
        return _apply1("Abs", scope, [("x", x)])


def sigmoid(x, name=None):
    with name_scope(name, "Sigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return _apply1("Sigmoid", scope, [("x", x)])


def identity(input, name=None):  # pylint: disable=redefined-builtin
    return _apply1("Identity", name, [("input", input)])


def relu(features, name=None):
    return _apply1("Relu", name, [("features", features)])


def leaky_relu(features, alpha=0.2, name=None):
    """tf.nn.leaky_relu: TF 1.15's LeakyRelu (integers cast to float32)."""
    with name_scope(name, "LeakyRelu", [features, alpha]) as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            features = cast(features, dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return _build("LeakyRelu", scope, [features],
                      {"alpha": float(alpha)})[0]


def elu(features, name=None):
    return _apply1("Elu", name, [("features", features)])


def softplus(features, name=None):
    return _apply1("Softplus", name, [("features", features)])


def relu6(features, name=None):
    with name_scope(name, "Relu6", [features]) as scope:
        features = convert_to_tensor(features, name="features")
        return _apply1("Relu6", scope, [("features", features)])


def _softmax(op_type, logits, axis, name):
    logits = convert_to_tensor(logits)
    rank = logits.shape.ndims
    if axis is None:
        axis = -1
    if axis != -1 and not (rank is not None and axis == rank - 1):
        _unsupported("%s over a non-last axis" % op_type.lower())
    return _apply1(op_type, name, [("logits", logits)])


def softmax(logits, axis=None, name=None, dim=None):
    return _softmax("Softmax", logits, dim if axis is None else axis, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    return _softmax("LogSoftmax", logits, dim if axis is None else axis, name)


def _binary(op_type):
    def fn(x, y, name=None):
        return _apply1(op_type, name, [("x", x), ("y", y)])
    fn.__name__ = op_type.lower()
    return fn


add = _binary("Add")
subtract = _binary("Sub")
multiply = _binary("Mul")
maximum = _binary("Maximum")
minimum = _binary("Minimum")
squared_difference = _binary("SquaredDifference")
_add_v2 = _binary("AddV2")
_real_div = _binary("RealDiv")
equal = _binary("Equal")
not_equal = _binary("NotEqual")
less = _binary("Less")
less_equal = _binary("LessEqual")
greater = _binary("Greater")
greater_equal = _binary("GreaterEqual")
logical_and = _binary("LogicalAnd")
logical_or = _binary("LogicalOr")
for _fn, _public in ((equal, "equal"), (not_equal, "not_equal"),
                     (less, "less"), (less_equal, "less_equal"),
                     (greater, "greater"), (greater_equal, "greater_equal"),
                     (logical_and, "logical_and"),
                     (logical_or, "logical_or")):
    _fn.__name__ = _public


def logical_not(x, name=None):
    return _apply1("LogicalNot", name, [("x", x)])


def logical_xor(x, y, name="LogicalXor"):
    """TF 1.15's composite: (x or y) and not (x and y)."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)),
                       name=name)


def _select(op_type, condition, x, y, name):
    with name_scope(name if name else op_type,
                    values=[condition, x, y]) as scope:
        condition = convert_to_tensor(condition, name="condition")
        t = convert_to_tensor(x, name="t")
        # A Python value takes t's dtype; a tensor of another one is TF's
        # TypeError (from the C++ builder).
        e = convert_to_tensor(y, dtype=None if _is_tensor_like(y)
                              else t.dtype.base_dtype, name="e")
        return _build(op_type, scope, [condition, t, e])[0]


def where(condition, x=None, y=None, name=None):
    """tf.where (TF 1.15's v1): Select of x and y by the condition (of
    their shape, or a vector over their first dimension)."""
    if x is None and y is None:
        _unsupported("tf.where(condition) without x and y (the indices of "
                     "true elements: a result of unknown shape)")
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _select("Select", condition, x, y, name)


def where_v2(condition, x=None, y=None, name=None):
    """tf.where_v2: SelectV2, the three broadcasting like numpy."""
    if x is None and y is None:
        _unsupported("tf.where_v2(condition) without x and y")
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _select("SelectV2", condition, x, y, name)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """min(max(t, lo), hi) as TF 1.15 builds it: Minimum, then Maximum named
    after the scope; bounds that would broadcast t to a larger shape are
    an error."""
    with name_scope(name, "clip_by_value",
                    [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t, name="t")
        t_min = minimum(values, clip_value_max)
        values.shape.merge_with(t_min.shape)
        t_max = maximum(t_min, clip_value_min, name=scope)
        values.shape.merge_with(t_max.shape)
        return t_max


def pow(x, y, name=None):  # pylint: disable=redefined-builtin
    with name_scope(name, "Pow", [x]) as scope:
        return _apply1("Pow", scope, [("x", x), ("y", y)])


_TRUEDIV_TABLE = {
    dtypes.uint8: dtypes.float32, dtypes.int8: dtypes.float32,
    dtypes.uint16: dtypes.float32, dtypes.int16: dtypes.float32,
    dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64,
    dtypes.uint32: dtypes.float64, dtypes.uint64: dtypes.float64,
    dtypes.float16: None, dtypes.float32: None, dtypes.float64: None,
}


def truediv(x, y, name=None):
    with name_scope(name, "truediv", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y")
        xd, yd = x.dtype.base_dtype, y.dtype.base_dtype
        if xd != yd:
            raise TypeError("x and y must have the same dtype, got %r != %r"
                            % (xd, yd))
        if xd not in _TRUEDIV_TABLE:
            raise TypeError("Invalid dtype %r in __truediv__" % xd)
        target = _TRUEDIV_TABLE[xd]
        if target is not None:
            x = cast(x, target)
            y = cast(y, target)
        return _real_div(x, y, name=scope)


def divide(x, y, name=None):
    if name is not None:
        with name_scope(name) as scope:
            return truediv(x, y, name=scope)
    return x / y if isinstance(x, (Tensor,)) or not isinstance(
        y, (Tensor,)) else truediv(x, y)


def cast(x, dtype, name=None):
    from tfs import variables
    base = dtypes.as_dtype(dtype).base_dtype
    if isinstance(x, Tensor) and base == x.dtype:
        return x
    with name_scope(name, "Cast", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype != base:
            g = _g()
            x = g._wrap_tensor(_tfs.cast(g._c, x._c, base._enum, scope))
        return x


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False,
           adjoint_b=False, a_is_sparse=False, b_is_sparse=False, name=None):
    with name_scope(name, "MatMul", [a, b]) as scope:
        if transpose_a and adjoint_a:
            raise ValueError("Only one of transpose_a and adjoint_a can be "
                             "True.")
        if transpose_b and adjoint_b:
            raise ValueError("Only one of transpose_b and adjoint_b can be "
                             "True.")
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b", dtype=a.dtype.base_dtype)
        ra, rb = a.shape.ndims, b.shape.ndims
        g = _g()
        if ra is None or ra > 2 or rb is None or rb > 2:
            return g._wrap_tensor(_tfs.batch_matmul(
                g._c, a._c, b._c, bool(transpose_a or adjoint_a),
                bool(transpose_b or adjoint_b), scope))
        return g._wrap_tensor(_tfs.matmul(
            g._c, a._c, b._c, bool(transpose_a or adjoint_a),
            bool(transpose_b or adjoint_b), scope))


def _reduction(op_type):
    def fn(input_tensor, axis=None, keepdims=None, name=None,
           reduction_indices=None, keep_dims=None):
        if axis is not None and reduction_indices is not None:
            raise ValueError("Cannot specify both 'axis' and "
                             "'reduction_indices'.")
        axis = reduction_indices if axis is None else axis
        keepdims = keep_dims if keepdims is None else keepdims
        keepdims = bool(keepdims)
        x = convert_to_tensor(input_tensor)
        if axis is None:
            rank = x.shape.ndims
            if rank is None:
                _unsupported("reducing a tensor of unknown rank")
            axis = constant(np.arange(rank, dtype=np.int32))
        return _apply1(op_type, name, [("input", x),
                                       ("reduction_indices", axis)],
                       {"keep_dims": keepdims}, same_type=False)
    return fn


reduce_sum = _reduction("Sum")
reduce_mean = _reduction("Mean")
reduce_max = _reduction("Max")
reduce_min = _reduction("Min")
reduce_prod = _reduction("Prod")


def _arg_reduction(op_type, public):
    def fn(input, axis=None, name=None, dimension=None,  # pylint: disable=redefined-builtin
           output_type=dtypes.int64):
        # deprecated_argument_lookup("axis", axis, "dimension", dimension).
        if axis is not None and dimension is not None:
            raise ValueError("Cannot specify both 'axis' and 'dimension'")
        axis = dimension if axis is None else axis
        if axis is None:
            axis = 0
        output_type = dtypes.as_dtype(output_type).base_dtype
        return _apply1(op_type, name, [("input", input),
                                       ("dimension", axis)],
                       {"output_type": output_type._enum}, same_type=False)
    fn.__name__ = public
    return fn


argmax = _arg_reduction("ArgMax", "argmax")
argmin = _arg_reduction("ArgMin", "argmin")


# --- array ops -------------------------------------------------------------

def reshape(tensor, shape, name=None):
    return _apply1("Reshape", name, [("tensor", tensor), ("shape", shape)],
                   same_type=False)


def transpose(a, perm=None, name="transpose", conjugate=False):
    with name_scope(name, "transpose", [a]) as scope:
        if perm is None:
            a = convert_to_tensor(a, name="a")
            rank = a.shape.ndims
            if rank is None:
                _unsupported("tf.transpose of a tensor of unknown rank "
                             "without perm")
            perm = np.arange(rank, dtype=np.int32)[::-1].copy()
        return _apply1("Transpose", scope, [("x", a), ("perm", perm)],
                       same_type=False)


def concat(values, axis, name="concat"):
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        with name_scope(name) as scope:
            convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32)
            return identity(values[0], name=scope)
    with name_scope(name, values=list(values)) as scope:
        tensors = _convert_list(values)
        axis_t = convert_to_tensor(axis, name="axis")
        return _build("ConcatV2", scope, tensors + [axis_t])[0]


def gather(params, indices, validate_indices=None, name=None, axis=None,
           batch_dims=0):
    """tf.gather: TF 1.15's GatherV2 (axis a constant input `axis`)."""
    del validate_indices  # TF 1.15 ignores it too.
    if axis is None:
        axis = batch_dims
    if isinstance(axis, Tensor):
        _unsupported("tf.gather with a tensor axis")
    if int(axis) == 0:
        # TF 1.15 builds this case without batch_dims (params.sparse_read
        # or a plain GatherV2): a batch_dims given with axis=0 is dropped.
        batch_dims = 0
    return _apply1("GatherV2", name, [("params", params),
                                      ("indices", indices), ("axis", axis)],
                   {"batch_dims": int(batch_dims)}, same_type=False)


def embedding_lookup(params, ids, partition_strategy="mod", name=None,
                     validate_indices=True, max_norm=None):
    """tf.nn.embedding_lookup over one (unsharded) table: a GatherV2 named
    after the scope (`embedding_lookup`) and its Identity, as TF 1.15
    builds it."""
    del partition_strategy, validate_indices  # One table: no partitions.
    if params is None:
        raise ValueError("params must be specified")
    if isinstance(params, (list, tuple)) and not params:
        raise ValueError("Need at least one param")
    if not isinstance(params, (list, tuple)):
        params = [params]
    if len(params) > 1:
        _unsupported("tf.nn.embedding_lookup over several (sharded) params")
    if max_norm is not None:
        _unsupported("tf.nn.embedding_lookup with max_norm")
    with name_scope(name, "embedding_lookup", list(params) + [ids]) as scope:
        table = convert_to_tensor(params[0], name="params_0")
        ids = convert_to_tensor(ids, name="ids")
        result = gather(table, ids, name=scope)
        return identity(result)


def stop_gradient(input, name=None):  # pylint: disable=redefined-builtin
    """tf.stop_gradient: TF's StopGradient op (the input at inference)."""
    return _apply1("StopGradient", name, [("input", input)])


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """tf.nn.moments: TF 1.15's composite (mean, then the mean squared
    difference from the stopped-gradient mean), squeezed unless keepdims."""
    del shift  # TF 1.15 ignores it too.
    if keep_dims is not None and keepdims is not None:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'")
    keep = keepdims if keepdims is not None else keep_dims
    with name_scope(name, "moments", [x, axes]):
        y = convert_to_tensor(x)
        if y.dtype.base_dtype == dtypes.float16:
            _unsupported("tf.nn.moments of float16 (computed in float32)")
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduce_mean(
            squared_difference(y, stop_gradient(mean)), axes, keepdims=True,
            name="variance")
        if not keep:
            mean = squeeze(mean, axes)
            variance = squeeze(variance, axes)
        return mean, variance


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """tf.nn.l2_normalize: x / sqrt(max(sum(x^2, axis), epsilon)) as TF
    1.15 builds it (Square, Sum, Maximum, Rsqrt, Mul named after the
    scope)."""
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'")
    axis = dim if axis is None else axis
    with name_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = reduce_sum(square(x), axis, keepdims=True)
        x_inv_norm = rsqrt(maximum(square_sum, epsilon))
        return multiply(x, x_inv_norm, name=scope)


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None,
            rate=None):
    """tf.nn.dropout (TF 1.15's v1: rate = 1 - keep_prob, then dropout_v2):
    x * (1 / (1 - rate)) where a uniform draw is at least rate, else 0,
    drawn anew on every run; a Python rate of 0 (keep_prob 1.0) returns x
    itself, as TF does. Feeding keep_prob 1.0 at inference gives x."""
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both 'rate' and 'keep_prob'")
    if keep_prob is not None:
        try:
            rate = 1. - keep_prob
        except TypeError:
            raise ValueError("keep_prob must be a floating point number or "
                             "Tensor (got %r)" % (keep_prob,))
    if rate is None:
        raise ValueError("You must provide a rate to dropout.")
    with name_scope(name, "dropout", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError("x has to be a floating point tensor since it's "
                             "going to be scaled. Got a %s tensor instead." %
                             x.dtype)
        if not _is_tensor_like(rate):
            if not 0 <= rate < 1:
                raise ValueError("rate must be a scalar tensor or a float in "
                                 "the range [0, 1), got %g" % rate)
            if rate == 0:
                return x
        rate = convert_to_tensor(rate, dtype=x.dtype, name="rate")
        if rate.shape.ndims not in (None, 0):
            raise ValueError("Shape %s must have rank 0" % rate.shape)
        if noise_shape is None:
            noise_shape = shape(x)
        random_tensor = random_uniform(noise_shape, seed=seed,
                                       dtype=x.dtype)
        keep_prob = 1 - rate
        scale = 1 / keep_prob
        # TF: values of rate or more are kept ((1.0 + rate) - 1 may equal
        # rate).
        keep_mask = random_tensor >= rate
        ret = x * scale * cast(keep_mask, x.dtype)
        ret.set_shape(x.shape)
        return ret


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon,
                        name=None):
    """tf.nn.batch_normalization: TF 1.15's composite, op for op (scope
    `batchnorm`: add, Rsqrt, mul, mul_1, mul_2, sub, add_1)."""
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x, mean, variance = (convert_to_tensor(t) for t in (x, mean,
                                                             variance))
        inv = rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv *= convert_to_tensor(scale)
        # The Tensor operators build what TF's do (AddV2 "add", Mul "mul"),
        # in TF's order: x * inv first.
        scaled = x * cast(inv, x.dtype)
        shifted = convert_to_tensor(offset) - mean * inv \
            if offset is not None else -mean * inv
        return scaled + cast(shifted, x.dtype)


def fused_batch_norm(x, scale, offset, mean=None, variance=None,
                     epsilon=0.001, data_format="NHWC", is_training=True,
                     name=None):
    """tf.nn.fused_batch_norm at inference (is_training=False): TF 1.15's
    FusedBatchNormV3, returning (y, mean, variance)."""
    if is_training:
        _unsupported("tf.nn.fused_batch_norm with is_training=True "
                     "(training: statistics of the batch)")
    if mean is None:
        raise ValueError("Mean must be provided for inference.")
    if variance is None:
        raise ValueError("Variance must be provided for inference.")
    # TF raises epsilon to the smallest value cuDNN accepts.
    epsilon = max(float(epsilon), 1.001e-5)
    outs = _apply("FusedBatchNormV3", name,
                  [("x", x), ("scale", scale), ("offset", offset),
                   ("mean", mean), ("variance", variance)],
                  {"epsilon": epsilon, "data_format": data_format,
                   "is_training": False}, same_type=False)
    return outs[0], outs[1], outs[2]


def tile(input, multiples, name=None):  # pylint: disable=redefined-builtin
    """tf.tile: TF's Tile (multiples a constant input)."""
    return _apply1("Tile", name, [("input", input), ("multiples", multiples)],
                   same_type=False)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None,
            dtype=None, name=None):
    """tf.one_hot: TF 1.15's OneHot, with its dtype rules for on_value and
    off_value (float32 1 / 0 by default)."""
    with name_scope(name, "one_hot", [indices, depth, on_value, off_value,
                                      axis, dtype]) as scope:
        on_exists, off_exists = on_value is not None, off_value is not None
        on_dtype = convert_to_tensor(on_value).dtype.base_dtype \
            if on_exists else None
        off_dtype = convert_to_tensor(off_value).dtype.base_dtype \
            if off_exists else None
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype).base_dtype
        if on_exists or off_exists:
            if dtype is not None:
                if on_exists and on_dtype != dtype:
                    raise TypeError("dtype {0} of on_value does not match "
                                    "dtype parameter {1}".format(on_dtype,
                                                                 dtype))
                if off_exists and off_dtype != dtype:
                    raise TypeError("dtype {0} of off_value does not match "
                                    "dtype parameter {1}".format(off_dtype,
                                                                 dtype))
            else:
                dtype = on_dtype if on_exists else off_dtype
        elif dtype is None:
            dtype = dtypes.float32
        if not on_exists:
            on_value = convert_to_tensor(1, dtype, name="on_value")
            on_dtype = dtype
        if not off_exists:
            off_value = convert_to_tensor(0, dtype, name="off_value")
            off_dtype = dtype
        if on_dtype != off_dtype:
            raise TypeError("dtype {0} of on_value does not match "
                            "dtype {1} of off_value".format(on_dtype,
                                                            off_dtype))
        return _apply1("OneHot", scope,
                       [("indices", indices), ("depth", depth),
                        ("on_value", on_value), ("off_value", off_value)],
                       {"axis": -1 if axis is None else int(axis)},
                       same_type=False)


def _convert_list(values):
    """A list input: its Python values become constants "values_<i>" of
    the first value's type."""
    tensors = []
    dtype = None
    for i, v in enumerate(values):
        t = convert_to_tensor(v, dtype=dtype, name="values_%d" % i)
        dtype = dtype or t.dtype.base_dtype
        tensors.append(t)
    return tensors


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    size_splits = convert_to_tensor(num_or_size_splits)
    if isinstance(num_or_size_splits, (int, np.integer,
                                       framework.Dimension)):
        n = int(num_or_size_splits)
        return _apply("Split", name, [("split_dim", axis), ("value", value)],
                      {"num_split": n}, same_type=False)
    if num is None:
        shape = size_splits.shape
        num = shape[0].value if shape.ndims else None
        if num is None:
            raise ValueError("Cannot infer num from shape %s" %
                             num_or_size_splits)
    return _apply("SplitV", name, [("value", value),
                                   ("size_splits", size_splits),
                                   ("split_dim", axis)],
                  {"num_split": int(num)}, same_type=False)


def slice(input_, begin, size, name=None):  # pylint: disable=redefined-builtin
    return _apply1("Slice", name, [("input", input_), ("begin", begin),
                                   ("size", size)], same_type=False)


def expand_dims(input_, axis=None, name=None, dim=None):
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'")
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return _apply1("ExpandDims", name, [("input", input_), ("dim", axis)],
                   same_type=False)


def squeeze(input_, axis=None, name=None, squeeze_dims=None):
    if axis is not None and squeeze_dims is not None:
        raise ValueError("Cannot specify both 'axis' and 'squeeze_dims'")
    axis = squeeze_dims if axis is None else axis
    if np.isscalar(axis):
        axis = [axis]
    return _apply1("Squeeze", name, [("input", input_)],
                   {"squeeze_dims": [int(a) for a in (axis or [])]})


def _is_tensor_like(value):
    from tfs import variables  # pylint: disable=import-outside-toplevel
    return isinstance(value, (Tensor, variables.Variable))


def stack(values, axis=0, name="stack"):
    # A list of Python values is one constant, as TF converts it.
    if axis == 0 and not any(_is_tensor_like(v) for v in
                             np.asarray(values, dtype=object).ravel()
                             if v is not None):
        return convert_to_tensor(values, name=name)
    first = convert_to_tensor(values[0], name=name)
    if first.shape.ndims is not None:
        expanded = first.shape.ndims + 1
        if axis < -expanded or axis >= expanded:
            raise ValueError("axis = %d not in [%d, %d)" %
                             (axis, -expanded, expanded))
    with name_scope(name, values=list(values)) as scope:
        return _build("Pack", scope, _convert_list(values),
                      {"axis": int(axis)})[0]


def unstack(value, num=None, axis=0, name="unstack"):
    value = convert_to_tensor(value)
    shape = value.shape
    if num is None:
        if shape.ndims is not None:
            if axis < -shape.ndims or axis >= shape.ndims:
                raise ValueError("axis = %d not in [%d, %d)" %
                                 (axis, -shape.ndims, shape.ndims))
            num = shape.dims[axis].value
        if num is None:
            raise ValueError("Cannot infer num from shape %s" % shape)
    return _apply("Unpack", name, [("value", value)],
                  {"num": int(num), "axis": int(axis)})


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0,
                  ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0,
                  var=None, name=None):
    if var is not None:
        _unsupported("tf.strided_slice(var=...)")
    if strides is None:
        # TF takes ones_like(begin); a constant is all tfsc can slice with.
        if isinstance(begin, Tensor):
            _unsupported("tf.strided_slice with a tensor begin and no strides")
        strides = [1] * len(begin)
    return _apply1("StridedSlice", name,
                   [("input", input_), ("begin", begin), ("end", end),
                    ("strides", strides)],
                   {"begin_mask": int(begin_mask), "end_mask": int(end_mask),
                    "ellipsis_mask": int(ellipsis_mask),
                    "new_axis_mask": int(new_axis_mask),
                    "shrink_axis_mask": int(shrink_axis_mask)},
                   same_type=False)


def _check_index(idx):
    # As TF's: any Python integer (bools too) or Dimension.
    if isinstance(idx, (int, np.integer, framework.Dimension)):
        return
    if isinstance(idx, Tensor) and idx.dtype.base_dtype in (dtypes.int32,
                                                            dtypes.int64):
        _unsupported("indexing a Tensor with a tensor index (a "
                     "tf.strided_slice with computed bounds)")
    raise TypeError("Only integers, slices (`:`), ellipsis (`...`), "
                    "tf.newaxis (`None`) and scalar tf.int32/tf.int64 tensors "
                    "are valid indices, got %r" % (idx,))


def _slice_bound(value):
    """A slice's start or stop: (the index, whether it is masked: None)."""
    if value is None:
        return 0, 1
    _check_index(value)
    return int(value), 0


def _slice_helper(tensor, slice_spec):
    """Tensor.__getitem__ as TF 1.15's array_ops._slice_helper builds it:
    scope "strided_slice", its begin/end/strides as constants "stack",
    "stack_1", "stack_2", then the StridedSlice op "strided_slice"."""
    if isinstance(slice_spec, bool) or \
            (isinstance(slice_spec, Tensor) and
             slice_spec.dtype.base_dtype == dtypes.bool_) or \
            (isinstance(slice_spec, np.ndarray) and slice_spec.dtype == bool):
        _unsupported("boolean masks as indices (tf.boolean_mask)")
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    begin_mask = end_mask = ellipsis_mask = new_axis_mask = 0
    shrink_axis_mask = 0
    for index, s in enumerate(slice_spec):
        if isinstance(s, builtins.slice):
            value, masked = _slice_bound(s.start)
            begin.append(value)
            begin_mask |= masked << index
            value, masked = _slice_bound(s.stop)
            end.append(value)
            end_mask |= masked << index
            if s.step is not None:
                _check_index(s.step)
                strides.append(int(s.step))
            else:
                strides.append(1)
        elif s is Ellipsis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            ellipsis_mask |= 1 << index
        elif s is None:
            begin.append(0)
            end.append(0)
            strides.append(1)
            new_axis_mask |= 1 << index
        else:
            _check_index(s)
            s = int(s)
            begin.append(s)
            end.append(s + 1)
            strides.append(1)
            shrink_axis_mask |= 1 << index
    with name_scope(None, "strided_slice", [tensor]) as name:
        if begin:
            packed = [constant(np.array(v, np.int32), name="stack")
                      for v in (begin, end, strides)]
        else:
            empty = constant(np.zeros([0], np.int32))
            packed = [empty, empty, empty]
        return strided_slice(tensor, packed[0], packed[1], packed[2],
                             begin_mask=begin_mask, end_mask=end_mask,
                             ellipsis_mask=ellipsis_mask,
                             new_axis_mask=new_axis_mask,
                             shrink_axis_mask=shrink_axis_mask, name=name)


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    if mode.upper() != "CONSTANT" or isinstance(constant_values, Tensor) or \
            constant_values != 0:
        _unsupported("tf.pad with mode=%s / non-zero constant_values" % mode)
    return _apply1("Pad", name, [("input", tensor), ("paddings", paddings)],
                   same_type=False)


def shape(input, name=None, out_type=dtypes.int32):  # pylint: disable=redefined-builtin
    out_type = dtypes.as_dtype(out_type)
    with name_scope(name, "Shape", [input]) as scope:
        x = convert_to_tensor(input)
        if x.shape.is_fully_defined():
            return constant(x.shape.as_list(), dtype=out_type, name=scope)
        return _build("Shape", scope, [x], {"out_type": out_type._enum})[0]


# --- nn ----------------------------------------------------------------------

def _four(value, what, channel_first=False):
    if isinstance(value, (int, np.integer)):
        return [1, int(value), int(value), 1]
    value = [int(v) for v in value]
    if len(value) == 1:
        return [1, value[0], value[0], 1]
    if len(value) == 2:
        return [1, value[0], value[1], 1]
    if len(value) == 4:
        return value
    raise ValueError("%s should be of length 1, 2 or 4 but was %d" %
                     (what, len(value)))


def _check_nhwc(data_format):
    if data_format not in (None, "NHWC"):
        _unsupported("data_format=%r (only NHWC)" % data_format)


def _check_padding(padding):
    if not isinstance(padding, str):
        _unsupported("explicit paddings in convolutions")
    return padding


def conv2d(input, filter=None, strides=None, padding=None,  # pylint: disable=redefined-builtin
           use_cudnn_on_gpu=True, data_format="NHWC", dilations=None,
           name=None, filters=None):
    filter = filters if filter is None else filter
    _check_nhwc(data_format)
    padding = _check_padding(padding)
    dilations = [1, 1, 1, 1] if dilations is None else _four(dilations,
                                                              "dilations")
    with name_scope(name if name else "Conv2D", values=[input, filter]) as scope:
        x = convert_to_tensor(input, name="input")
        f = convert_to_tensor(filter, name="filter", dtype=x.dtype.base_dtype)
        g = _g()
        return g._wrap_tensor(_tfs.conv2d(g._c, x._c, f._c,
                                          [int(s) for s in strides], padding,
                                          dilations, scope))


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None,  # pylint: disable=redefined-builtin
                     padding="SAME", data_format="NHWC", name=None,
                     input=None, filters=None, dilations=None):  # pylint: disable=redefined-builtin
    """tf.nn.conv2d_transpose: TF 1.15's Conv2DBackpropInput named after
    the scope ("conv2d_transpose"), output_shape its input_sizes."""
    if value is not None and input is not None:
        raise ValueError("Cannot specify both 'value' and 'input'")
    if filter is not None and filters is not None:
        raise ValueError("Cannot specify both 'filter' and 'filters'")
    value = input if value is None else value
    filter = filters if filter is None else filter
    _check_nhwc(data_format)
    padding = _check_padding(padding)
    if padding not in ("VALID", "SAME"):
        raise ValueError("padding must be either VALID or SAME: %s" %
                         padding)
    strides = _four(strides, "strides")
    dilations = [1, 1, 1, 1] if dilations is None else _four(dilations,
                                                              "dilations")
    if dilations != [1, 1, 1, 1]:
        _unsupported("tf.nn.conv2d_transpose with dilations")
    with name_scope(name, "conv2d_transpose",
                    [value, filter, output_shape]) as scope:
        return _apply1("Conv2DBackpropInput", scope,
                       [("input_sizes", output_shape), ("filter", filter),
                        ("out_backprop", value)],
                       {"strides": strides, "padding": padding,
                        "data_format": "NHWC", "dilations": dilations},
                       same_type=False)


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None,  # pylint: disable=redefined-builtin
                     data_format=None, dilations=None):
    _check_nhwc(data_format)
    rate = dilations if rate is None else rate
    rate = [1, 1] if rate is None else [int(r) for r in rate]
    if len(rate) != 2:
        raise ValueError("rate should be of length 2 but was %d" % len(rate))
    if any(r < 1 for r in rate):
        raise ValueError("rate must be positive, got %s" % (rate,))
    # TF computes rate > 1 as SpaceToBatchND, the convolution and
    # BatchToSpaceND, which only gives the atrous convolution with unit
    # strides ("If it is greater than 1, then all values of strides must
    # be 1"); here it is one convolution with dilations.
    if any(r > 1 for r in rate) and any(int(s) != 1 for s in strides):
        raise ValueError("depthwise_conv2d: strides must all be 1 when rate "
                         "> 1, got strides %s and rate %s"
                         % (list(strides), rate))
    with name_scope(name, "depthwise", [input, filter]) as scope:
        x = convert_to_tensor(input, name="tensor_in")
        f = convert_to_tensor(filter, name="filter_in")
        g = _g()
        return g._wrap_tensor(_tfs.depthwise_conv2d(
            g._c, x._c, f._c, [int(s) for s in strides],
            _check_padding(padding), [1, rate[0], rate[1], 1], scope))


def bias_add(value, bias, data_format=None, name=None):
    _check_nhwc(data_format)
    with name_scope(name, "BiasAdd", [value, bias]) as scope:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype,
                                 name="bias")
        g = _g()
        return g._wrap_tensor(_tfs.bias_add(g._c, value._c, bias._c, scope))


def _pool(op_type, value, ksize, strides, padding, data_format, name):
    _check_nhwc(data_format)
    with name_scope(name, op_type, [value]) as scope:
        value = convert_to_tensor(value, name="input")
        g = _g()
        return g._wrap_tensor(_tfs.pool(
            g._c, op_type, value._c, _four(ksize, "ksize"),
            _four(strides, "strides"), _check_padding(padding), scope))


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None,
             input=None):  # pylint: disable=redefined-builtin
    value = input if value is None else value
    return _pool("MaxPool", value, ksize, strides, padding, data_format, name)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None,
             input=None):  # pylint: disable=redefined-builtin
    value = input if value is None else value
    return _pool("AvgPool", value, ksize, strides, padding, data_format, name)


# --- state ops ---------------------------------------------------------------

def _assign(op_type, ref, value, validate_shape, use_locking, name):
    from tfs import variables
    if not isinstance(ref, variables.Variable):
        raise TypeError("'%s' Op requires that input 'ref' be a mutable "
                        "tensor (e.g.: a tf.Variable)" % op_type)
    attrs = {}
    if use_locking is not None:
        attrs["use_locking"] = bool(use_locking)
    if op_type == "Assign":
        attrs["validate_shape"] = True if validate_shape is None else bool(
            validate_shape)
    with name_scope(name if name else op_type, values=[ref]) as scope:
        v = convert_to_tensor(value, dtype=ref.dtype.base_dtype, name="value")
        return _build(op_type, scope, [ref._ref(), v], attrs)[0]


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    return _assign("Assign", ref, value, validate_shape, use_locking, name)


def assign_add(ref, value, use_locking=None, name=None):
    return _assign("AssignAdd", ref, value, None, use_locking, name)


def assign_sub(ref, value, use_locking=None, name=None):
    return _assign("AssignSub", ref, value, None, use_locking, name)


# --- Tensor operators (math_ops._OverrideBinaryOperatorHelper) --------------

def _override_binary(func, op_name):
    def binary_op_wrapper(x, y):
        from tfs import variables
        with name_scope(None, op_name, [x, y]) as scope:
            if isinstance(y, variables.Variable):
                y = y.value()
            if isinstance(x, Tensor) and isinstance(y, Tensor):
                return func(x, y, name=scope)
            y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
            return func(x, y, name=scope)

    def r_binary_op_wrapper(y, x):
        with name_scope(None, op_name, [x, y]) as scope:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return func(x, y, name=scope)

    setattr(Tensor, "__%s__" % op_name, binary_op_wrapper)
    setattr(Tensor, "__r%s__" % op_name, r_binary_op_wrapper)


_override_binary(_add_v2, "add")
_override_binary(subtract, "sub")
_override_binary(multiply, "mul")
_override_binary(truediv, "truediv")
_override_binary(matmul, "matmul")
_override_binary(pow, "pow")
_override_binary(logical_and, "and")
_override_binary(logical_or, "or")
_override_binary(logical_xor, "xor")
Tensor.__neg__ = lambda x: neg(x)
Tensor.__abs__ = lambda x: abs(x)
# Comparisons are the ops themselves (Tensor._override_operator), named
# "Less", ...; == and != stay Python's identity comparisons, as in TF 1.
Tensor.__lt__ = lambda x, y: less(x, y)
Tensor.__le__ = lambda x, y: less_equal(x, y)
Tensor.__gt__ = lambda x, y: greater(x, y)
Tensor.__ge__ = lambda x, y: greater_equal(x, y)
Tensor.__invert__ = lambda x: logical_not(x)


def _unsupported_operator(name):
    def method(*args):
        _unsupported("the Tensor operator %s" % name)
    return method


for _name in ("__floordiv__", "__rfloordiv__", "__mod__", "__rmod__"):
    setattr(Tensor, _name, _unsupported_operator(_name))
