# ===- variables.py - tf.Variable ------------------------------------------===#
#
# The Python Variable object (TF1 RefVariable): created by tf.Variable or
# returned by tf.get_variable, backed by a C++ frontend variable.
#
# ===-----------------------------------------------------------------------===#
"""tf.Variable."""

from tfs import _tfs
from tfs import dtypes
from tfs import framework


_unsupported = framework.unsupported


class Variable(object):
    """A TF1 reference variable (`tf.Variable`)."""

    def __init__(self, initial_value=None, trainable=None, collections=None,
                 validate_shape=True, caching_device=None, name=None,
                 variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None,
                 synchronization=None, aggregation=None, shape=None):
        if variable_def is not None:
            _unsupported("tf.Variable(variable_def=...)")
        if caching_device is not None:
            _unsupported("tf.Variable(caching_device=...)")
        if constraint is not None:
            _unsupported("tf.Variable(constraint=...)")
        if use_resource:
            _unsupported("resource variables")
        if shape is not None:
            _unsupported("tf.Variable(shape=...)")
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is not None and not isinstance(
                collections, (list, tuple, set)):
            raise ValueError(
                "collections argument to Variable constructor must be a list, "
                "tuple, or set. Got %s of type %s" % (collections,
                                                      type(collections)))
        g = framework.get_default_graph()
        trainable = True if trainable is None else bool(trainable)
        base = None if dtype is None else dtypes.as_dtype(dtype).base_dtype
        init_t = init_arr = init_fn = None
        if callable(initial_value) and not isinstance(
                initial_value, (framework.Tensor, Variable)):
            fn = initial_value

            def init_fn():
                return framework.convert_to_tensor(fn(), dtype=base,
                                                   name="initial_value")._c
        elif isinstance(initial_value, (framework.Tensor, Variable)):
            init_t = framework.convert_to_tensor(initial_value, dtype=base)._c
        else:
            arr, dt = framework.constant_array(initial_value, base)
            init_arr = (arr, dt._enum)
        cvar = g._c.create_variable(
            init_t, init_arr, init_fn, name or "",
            None if base is None else base._enum, trainable,
            None if collections is None else list(collections),
            bool(validate_shape))
        self._graph = g
        self._cvar = cvar
        g._variables[cvar.op.id] = self

    @classmethod
    def _from_cpp(cls, graph, cvar):
        obj = cls.__new__(cls)
        obj._graph = graph
        obj._cvar = cvar
        return obj

    @property
    def name(self):
        return self._cvar.name + ":0"

    @property
    def op(self):
        return self._graph._wrap_op(self._cvar.op)

    @property
    def graph(self):
        return self._graph

    @property
    def dtype(self):
        return dtypes.as_dtype(self._cvar.dtype)._ref_dtype

    @property
    def shape(self):
        return framework.TensorShape(self._cvar.shape)

    def get_shape(self):
        return self.shape

    @property
    def device(self):
        return ""

    @property
    def trainable(self):
        return self._cvar.trainable

    @property
    def initializer(self):
        return self._graph._wrap_op(self._cvar.initializer_op)

    @property
    def initial_value(self):
        return self._graph._wrap_tensor(self._cvar.initial_value)

    def value(self):
        return self._graph._wrap_tensor(self._cvar.read)

    def _as_tensor(self):
        return self.value()

    def _ref(self):
        return self._graph._wrap_tensor(self._cvar.ref)

    def assign(self, value, use_locking=False, name=None, read_value=True):
        from tfs import ops
        return ops.assign(self, value, use_locking=use_locking, name=name)

    def assign_add(self, delta, use_locking=False, name=None,
                   read_value=True):
        from tfs import ops
        return ops.assign_add(self, delta, use_locking=use_locking, name=name)

    def assign_sub(self, delta, use_locking=False, name=None,
                   read_value=True):
        from tfs import ops
        return ops.assign_sub(self, delta, use_locking=use_locking, name=name)

    def eval(self, session=None):
        """The variable's value in `session` (default: the default
        session)."""
        from tfs import session as session_lib
        return session_lib.eval_tensor(self, None, session)

    def load(self, value, session=None):
        """Sets the variable's value in `session` without running an op."""
        from tfs import session as session_lib
        session_lib.load_variable(self, value, session)

    def initialized_value(self):
        _unsupported("Variable.initialized_value()")

    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (
            self.name, self.get_shape(), self.dtype.name)

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __bool__(self):
        return self.value().__bool__()

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __getitem__(self, key):
        return self.value()[key]

    __array_priority__ = 100


def _overload(operator):
    def method(a, *args):
        return getattr(a.value(), operator)(*args)
    method.__name__ = operator
    setattr(Variable, operator, method)


for _op in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__",
            "__rmul__", "__truediv__", "__rtruediv__", "__matmul__",
            "__rmatmul__", "__pow__", "__rpow__", "__neg__", "__abs__"):
    _overload(_op)
