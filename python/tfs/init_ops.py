# ===- init_ops.py - TF1 initializers --------------------------------------===#
#
# tf.*_initializer classes. Each maps to a structured C++ initializer that
# get_variable materializes exactly as TF does (ops under
# `<var>/Initializer/`), and each is callable like TF's.
#
# ===-----------------------------------------------------------------------===#
"""Variable initializers (init_ops v1)."""

from tfs import _tfs
from tfs import dtypes
from tfs import framework


class Initializer(object):
    """Base class of initializers."""

    dtype = dtypes.float32

    def _cpp(self):
        raise NotImplementedError

    def _cpp_with_handle(self):
        c = self._cpp()
        c.front_handle = self
        return c

    def __call__(self, shape, dtype=None, partition_info=None):
        if dtype is None:
            dtype = self.dtype
        dtype = dtypes.as_dtype(dtype).base_dtype
        g = framework.get_default_graph()
        shape = framework.as_shape(shape)._cpp()
        return g._wrap_tensor(_tfs.initializer_call(g._c, self._cpp(), shape,
                                                    dtype._enum))

    def get_config(self):
        return {}


def _make(kind, **fields):
    c = _tfs.Initializer()
    c.kind = kind
    for k, v in fields.items():
        setattr(c, k, v)
    return c


class Zeros(Initializer):
    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def _cpp(self):
        return _make(_tfs.InitKind.zeros)


class Ones(Initializer):
    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def _cpp(self):
        return _make(_tfs.InitKind.ones)


class Constant(Initializer):
    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        self.value = value
        self.dtype = dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def _cpp(self):
        arr, dt = framework.constant_array(self.value)
        c = _make(_tfs.InitKind.constant)
        c.value = (arr, dt._enum)
        return c

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    def __init__(self, minval=0, maxval=None, seed=None,
                 dtype=dtypes.float32):
        self.minval = minval
        self.maxval = maxval
        self.seed = seed
        self.dtype = dtypes.as_dtype(dtype)

    def _cpp(self):
        return _make(_tfs.InitKind.random_uniform, minval=float(self.minval),
                     maxval=1.0 if self.maxval is None else float(self.maxval),
                     op_seed=self.seed)


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean = mean
        self.stddev = stddev
        self.seed = seed
        self.dtype = dtypes.as_dtype(dtype)

    def _cpp(self):
        return _make(_tfs.InitKind.random_normal, mean=float(self.mean),
                     stddev=float(self.stddev), op_seed=self.seed)


class TruncatedNormal(RandomNormal):
    def _cpp(self):
        return _make(_tfs.InitKind.truncated_normal, mean=float(self.mean),
                     stddev=float(self.stddev), op_seed=self.seed)


class GlorotUniform(Initializer):
    def __init__(self, seed=None, dtype=dtypes.float32):
        self.seed = seed
        self.dtype = dtypes.as_dtype(dtype)

    def _cpp(self):
        return _make(_tfs.InitKind.glorot_uniform, op_seed=self.seed)


class GlorotNormal(GlorotUniform):
    def _cpp(self):
        return _make(_tfs.InitKind.glorot_normal, op_seed=self.seed)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal


def to_cpp(initializer):
    """get_variable's `initializer` argument -> (cpp initializer, tensor,
    array) with exactly one set (or all None)."""
    if initializer is None:
        return None, None, None
    if isinstance(initializer, type) and issubclass(initializer, Initializer):
        initializer = initializer()
    if isinstance(initializer, Initializer):
        return initializer._cpp_with_handle(), None, None
    from tfs import variables
    if isinstance(initializer, (framework.Tensor, variables.Variable)):
        return None, framework.convert_to_tensor(initializer)._c, None
    if callable(initializer):
        c = _tfs.Initializer()
        fn = initializer

        def call(shape, dtype_enum):
            value = fn(shape, dtype=dtypes.as_dtype(dtype_enum),
                       partition_info=None)
            return framework.convert_to_tensor(value)._c

        c.set_custom(call)
        c.front_handle = initializer
        return c, None, None
    arr, dt = framework.constant_array(initializer)
    return None, None, (arr, dt._enum)
