# ===- variable_scope.py - variable scopes and get_variable -----------------===#
#
# tf.variable_scope, tf.get_variable, tf.get_variable_scope, AUTO_REUSE and
# the VariableScope object, on top of the C++ implementation of TF 1.15's
# variable_scope.py rules.
#
# ===-----------------------------------------------------------------------===#
"""Variable scopes."""

import enum

from tfs import _tfs
from tfs import dtypes
from tfs import framework
from tfs import init_ops


class _ReuseMode(enum.Enum):
    """Mode for variable access within a variable scope."""
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


_unsupported = framework.unsupported


def _reject_unsupported(where, caching_device, partitioner, custom_getter,
                        use_resource, constraint):
    """The variable features variable_scope and get_variable share and tfsc
    does not have."""
    if caching_device is not None:
        _unsupported("%s(caching_device=...)" % where)
    if partitioner is not None:
        _unsupported("partitioned variables")
    if custom_getter is not None:
        _unsupported("custom getters")
    if use_resource:
        _unsupported("resource variables")
    if constraint is not None:
        _unsupported("variable constraints")


def _reuse_to_int(reuse):
    if reuse is None:
        return None
    if reuse is AUTO_REUSE:
        return 2
    return 1 if reuse is True else 0


def _regularizer_fn(regularizer):
    if regularizer is None:
        return None

    def apply(cvar):
        g = framework.get_default_graph()
        loss = regularizer(g._wrap_variable(cvar))
        if loss is None:
            return None
        return framework.convert_to_tensor(loss)._c
    return apply


def _init_cpp(initializer):
    cpp, tensor, array = init_ops.to_cpp(initializer)
    if tensor is not None or array is not None:
        _unsupported("a constant value as a variable scope's default "
                     "initializer")
    return cpp


VariableScope = _tfs.VariableScope
VariableScope.reuse = property(
    lambda self: {0: False, 1: True, 2: AUTO_REUSE}[self.reuse_mode])
VariableScope.initializer = property(
    lambda self: None if self.initializer_cpp is None
    else self.initializer_cpp.front_handle)
VariableScope.regularizer = property(lambda self: self.regularizer_handle)
VariableScope.dtype = property(
    lambda self: dtypes.as_dtype(self.dtype_enum))
VariableScope.caching_device = property(lambda self: None)
VariableScope.partitioner = property(lambda self: None)
VariableScope.custom_getter = property(lambda self: None)
VariableScope.use_resource = property(lambda self: False)
VariableScope.constraint = property(lambda self: None)
VariableScope.set_initializer = lambda self, init: self.set_initializer_cpp(
    _init_cpp(init))
VariableScope.set_regularizer = lambda self, reg: self.set_regularizer_cpp(
    _regularizer_fn(reg), reg)
VariableScope.set_dtype = lambda self, dtype: self.set_dtype_enum(
    dtypes.as_dtype(dtype).base_dtype._enum)
VariableScope.__repr__ = lambda self: "<tf.VariableScope '%s'>" % self.name


def get_variable_scope():
    return framework.get_default_graph()._c.current_variable_scope


class variable_scope(object):  # pylint: disable=invalid-name
    """tf.variable_scope: opens a name scope and a variable scope."""

    def __init__(self, name_or_scope, default_name=None, values=None,
                 initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None,
                 auxiliary_name_scope=True):
        _reject_unsupported("variable_scope", caching_device, partitioner,
                            custom_getter, use_resource, constraint)
        if reuse is False:
            reuse = None
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or "
                             "None.")
        if name_or_scope is not None and not isinstance(
                name_or_scope, (str, VariableScope)):
            raise TypeError("VariableScope: name_or_scope must be a string or "
                            "VariableScope.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or "
                            "`False`, while get {}".format(
                                auxiliary_name_scope))
        self._graph = framework._graph_from(values)
        self._ctx = _tfs.VariableScopeContext(
            name_or_scope, default_name, _init_cpp(initializer),
            _regularizer_fn(regularizer), regularizer, _reuse_to_int(reuse),
            None if dtype is None else dtypes.as_dtype(dtype).base_dtype._enum,
            auxiliary_name_scope)

    def __enter__(self):
        self._graph_ctx = self._graph.as_default()
        self._graph_ctx.__enter__()
        try:
            return self._ctx.enter(self._graph._c)
        except BaseException:
            self._graph_ctx.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        try:
            self._ctx.exit(self._graph._c)
        finally:
            self._graph_ctx.__exit__(*exc)
        return False


def variable_op_scope(values, name_or_scope, default_name=None, **kwargs):
    return variable_scope(name_or_scope, default_name=default_name,
                          values=values, **kwargs)


def get_variable(name, shape=None, dtype=None, initializer=None,
                 regularizer=None, trainable=None, collections=None,
                 caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    _reject_unsupported("get_variable", caching_device, partitioner,
                        custom_getter, use_resource, constraint)
    g = framework.get_default_graph()
    shape_given = shape is not None
    if shape_given:
        shape = framework.as_shape(shape)._cpp()
    dt = None if dtype is None else dtypes.as_dtype(dtype).base_dtype._enum
    cpp, tensor, array = init_ops.to_cpp(initializer)
    if collections is not None:
        collections = list(collections)
    cvar = g._c.get_variable(
        name, shape, shape_given, dt, cpp, tensor, array,
        _regularizer_fn(regularizer), regularizer,
        None if trainable is None else bool(trainable), collections,
        bool(validate_shape))
    return g._wrap_variable(cvar)


def get_local_variable(name, shape=None, dtype=None, initializer=None,
                       regularizer=None, trainable=False, collections=None,
                       **kwargs):
    collections = list(collections or []) + ["local_variables"]
    return get_variable(name, shape, dtype, initializer, regularizer,
                        False, collections, **kwargs)
