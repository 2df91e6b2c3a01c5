# ===- framework.py - graphs, tensors, operations, shapes -------------------===#
#
# Python objects that behave and print like TF 1.15's Graph, Tensor,
# Operation, TensorShape and Dimension, wrapping the C++ frontend graph.
# Every wrapper is cached per graph so identity holds (`v1 is v`).
#
# ===-----------------------------------------------------------------------===#
"""Graph, Tensor, Operation, TensorShape."""

import contextlib
import os

import numpy as np

from tfs import _tfs
from tfs import dtypes

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def unsupported(what):
    """Raises the error for TF API that tfsc does not have (yet): never a
    silent no-op."""
    raise NotImplementedError("tfsc does not support %s yet." % what)


class Dimension(object):
    """A TensorShape dimension (TF 1.x `tf.Dimension`)."""

    def __init__(self, value):
        self._value = None if value is None else int(value)

    @property
    def value(self):
        return self._value

    def __int__(self):
        if self._value is None:
            raise TypeError("int() argument must be a string, a bytes-like "
                            "object or a number, not 'NoneType'")
        return self._value

    __index__ = __int__

    def __eq__(self, other):
        other = other if isinstance(other, Dimension) else Dimension(other)
        if self._value is None or other._value is None:
            return None
        return self._value == other._value

    def __ne__(self, other):
        eq = self.__eq__(other)
        return None if eq is None else not eq

    def __hash__(self):
        return hash(self._value)

    def _binary(self, other, fn):
        other = other if isinstance(other, Dimension) else Dimension(other)
        if self._value is None or other._value is None:
            return Dimension(None)
        return Dimension(fn(self._value, other._value))

    def __add__(self, other):
        return self._binary(other, lambda a, b: a + b)

    __radd__ = __add__

    def __sub__(self, other):
        return self._binary(other, lambda a, b: a - b)

    def __mul__(self, other):
        return self._binary(other, lambda a, b: a * b)

    __rmul__ = __mul__

    def __floordiv__(self, other):
        return self._binary(other, lambda a, b: a // b)

    def __repr__(self):
        return "Dimension(%s)" % repr(self._value)

    def __str__(self):
        return "?" if self._value is None else str(self._value)


class TensorShape(object):
    """A possibly partially known shape (TF 1.x `tf.TensorShape`)."""

    def __init__(self, dims):
        if dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = None if dims._dims is None else list(dims._dims)
        else:
            if isinstance(dims, (int, np.integer)):
                dims = [dims]
            self._dims = [d.value if isinstance(d, Dimension) else
                          (None if d is None or d == -1 else int(d))
                          for d in dims]

    @property
    def ndims(self):
        return None if self._dims is None else len(self._dims)

    rank = ndims

    @property
    def dims(self):
        return None if self._dims is None else [Dimension(d)
                                                for d in self._dims]

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown "
                             "TensorShape.")
        return list(self._dims)

    def is_fully_defined(self):
        return self._dims is not None and all(d is not None
                                              for d in self._dims)

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def is_compatible_with(self, other):
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b
                   for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are incompatible" %
                             (self, other))

    def merge_with(self, other):
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are not compatible" %
                             (self, other))
        return TensorShape([a if a is not None else b
                            for a, b in zip(self._dims, other._dims)])

    def _cpp(self):
        return None if self._dims is None else list(self._dims)

    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of Shape with unknown "
                             "rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(Dimension(d) for d in self._dims)

    def __getitem__(self, key):
        if self._dims is None:
            if isinstance(key, slice):
                return TensorShape(None)
            return Dimension(None)
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return Dimension(self._dims[key])

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except TypeError:
            return NotImplemented
        return self._dims == other._dims

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(None if self._dims is None else tuple(self._dims))

    def __str__(self):
        return _tfs.shape_str(self._cpp())

    def __repr__(self):
        if self._dims is None:
            return "TensorShape(None)"
        return "TensorShape([%s])" % ", ".join(repr(Dimension(d))
                                               for d in self._dims)


def as_shape(shape):
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape():
    return TensorShape(None)


class Operation(object):
    """A graph node (TF's `tf.Operation`)."""

    def __init__(self, graph, cop):
        self._graph = graph
        self._c = cop

    @property
    def name(self):
        return self._c.name

    @property
    def type(self):
        return self._c.type

    @property
    def graph(self):
        return self._graph

    @property
    def inputs(self):
        return [self._graph._wrap_tensor(t) for t in self._c.inputs]

    @property
    def outputs(self):
        return [self._graph._wrap_tensor(self._c.output(i))
                for i in range(self._c.num_outputs)]

    @property
    def control_inputs(self):
        return [self._graph._wrap_op(o) for o in self._c.control_inputs]

    @property
    def device(self):
        return ""

    @property
    def traceback(self):
        return [(f, l, fn, None) for f, l, fn in reversed(self._c.traceback)]

    def get_attr(self, name):
        attrs = self._c.attrs
        if name not in attrs:
            raise ValueError("No attr named '%s' in %s" % (name, self))
        value = attrs[name]
        if isinstance(value, _tfs.DType):
            return dtypes.as_dtype(value)
        return value

    @property
    def node_def(self):
        unsupported("Operation.node_def")

    def run(self, feed_dict=None, session=None):
        """Runs this operation in `session` (default: the default session)."""
        from tfs import session as session_lib
        session_lib.run_operation(self, feed_dict, session)

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self.name, self.type)

    def __str__(self):
        lines = ['name: "%s"' % self.name, 'op: "%s"' % self.type]
        for t in self._c.inputs:
            lines.append('input: "%s"' % (t.op.name if t.index == 0
                                          else t.name))
        return "\n".join(lines) + "\n"


class Tensor(object):
    """A symbolic graph tensor (TF's `tf.Tensor`)."""

    def __init__(self, graph, ctensor):
        self._graph = graph
        self._c = ctensor

    @property
    def name(self):
        return self._c.name

    @property
    def op(self):
        return self._graph._wrap_op(self._c.op)

    @property
    def graph(self):
        return self._graph

    @property
    def value_index(self):
        return self._c.index

    @property
    def dtype(self):
        d = dtypes.as_dtype(self._c.dtype)
        return d._ref_dtype if self._c.is_ref else d

    @property
    def shape(self):
        return TensorShape(self._c.shape)

    def set_shape(self, shape):
        """Tensor.set_shape: refines the static shape with `shape`."""
        shape = as_shape(shape)
        if not self._c.merge_shape(shape._cpp()):
            raise ValueError("Shapes %s and %s are incompatible" %
                             (self.shape, shape))

    def get_shape(self):
        return self.shape

    @property
    def device(self):
        return ""

    def consumers(self):
        return [op for op in self._graph.get_operations()
                if any(t._c == self._c for t in op.inputs)]

    def eval(self, feed_dict=None, session=None):
        """This tensor's value in `session` (default: the default session)."""
        from tfs import session as session_lib
        return session_lib.eval_tensor(self, feed_dict, session)

    def __repr__(self):
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (
            self.name, self.get_shape(), self.dtype.name)

    def __str__(self):
        shape = self.get_shape()
        return "Tensor(\"%s\"%s%s)" % (
            self.name,
            (", shape=%s" % shape) if shape.ndims is not None else "",
            ", dtype=%s" % self.dtype.name)

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __bool__(self):
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not "
                        "allowed. Use `if t is not None:` instead of `if t:` "
                        "to test if a tensor is defined, and use TensorFlow "
                        "ops such as tf.cond to execute subgraphs "
                        "conditioned on the value of a tensor.")

    def __iter__(self):
        raise TypeError("Tensor objects are only iterable when eager "
                        "execution is enabled. To iterate over this tensor "
                        "use tf.map_fn.")

    def __len__(self):
        raise TypeError("len is not well defined for symbolic Tensors. (%s) "
                        "Please call `x.shape` rather than `len(x)` for shape "
                        "information." % self.name)

    def __getitem__(self, key):
        from tfs import ops  # pylint: disable=import-outside-toplevel
        return ops._slice_helper(self, key)  # pylint: disable=protected-access

    __array_priority__ = 100


class Graph(object):
    """A TF1 graph (`tf.Graph`)."""

    def __init__(self):
        self._c = _tfs.Graph()
        self._c.install_python_traceback([_PACKAGE_DIR])
        self._ops = {}
        self._tensors = {}
        self._variables = {}
        self._scopes = {}
        self._py_collections = {}

    # --- wrappers -----------------------------------------------------------
    def _wrap_op(self, cop):
        if cop is None:
            return None
        w = self._ops.get(cop.id)
        if w is None:
            w = self._ops[cop.id] = Operation(self, cop)
        return w

    def _wrap_tensor(self, ct):
        key = (ct.op.id, ct.index)
        w = self._tensors.get(key)
        if w is None:
            w = self._tensors[key] = Tensor(self, ct)
        return w

    def _wrap_variable(self, cvar):
        if cvar is None:
            return None
        key = cvar.op.id
        w = self._variables.get(key)
        if w is None:
            from tfs import variables
            w = self._variables[key] = variables.Variable._from_cpp(self, cvar)
        return w

    def _wrap_item(self, item):
        if isinstance(item, _tfs.Variable):
            return self._wrap_variable(item)
        if isinstance(item, _tfs.Tensor):
            return self._wrap_tensor(item)
        return self._wrap_op(item)

    # --- public API ---------------------------------------------------------
    @contextlib.contextmanager
    def as_default(self):
        _default_graph_stack.append(self)
        try:
            yield self
        finally:
            _default_graph_stack.remove(self)

    @property
    def seed(self):
        return self._c.seed

    @seed.setter
    def seed(self, value):
        self._c.seed = value

    @property
    def building_function(self):
        return False

    @property
    def finalized(self):
        return False

    def unique_name(self, name, mark_as_used=True):
        return self._c.unique_name(name, mark_as_used)

    def get_name_scope(self):
        return self._c.name_stack

    def name_scope(self, name):
        return _GraphNameScope(self, name)

    def get_operations(self):
        return [self._wrap_op(o) for o in self._c.operations()]

    def get_operation_by_name(self, name):
        op = self._c.find_operation(name)
        if op is None:
            raise KeyError("The name %s refers to an Operation not in the "
                           "graph." % repr(name))
        return self._wrap_op(op)

    def get_tensor_by_name(self, name):
        return self._wrap_tensor(self._c.find_tensor(name))

    def as_graph_element(self, obj):
        if isinstance(obj, (Tensor, Operation)):
            return obj
        if ":" in obj:
            return self.get_tensor_by_name(obj)
        return self.get_operation_by_name(obj)

    def add_to_collection(self, name, value):
        from tfs import variables
        if isinstance(value, variables.Variable):
            self._c.add_to_collection(name, value._cvar)
        elif isinstance(value, Tensor):
            self._c.add_to_collection(name, value._c)
        elif isinstance(value, Operation):
            self._c.add_to_collection(name, value._c)
        else:
            self._py_collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        raise NotImplementedError(
            "tfsc does not support get_collection_ref yet; use "
            "get_collection and add_to_collection.")

    def get_collection(self, name, scope=None):
        import re
        items = [self._wrap_item(i) for i in self._c.get_collection(name)]
        items += self._py_collections.get(name, [])
        if scope is None:
            return items
        regex = re.compile(scope)
        out = []
        for item in items:
            try:
                if regex.match(item.name):
                    out.append(item)
            except AttributeError:
                pass
        return out

    def get_all_collection_keys(self):
        return list(self._c.collection_keys()) + [
            k for k in self._py_collections if k not in
            self._c.collection_keys()]

    def clear_collection(self, name):
        self._c.clear_collection(name)
        self._py_collections.pop(name, None)


class _GraphNameScope(object):
    """Graph.name_scope(name): no uniquification for names ending in '/'."""

    def __init__(self, graph, name):
        self._graph = graph
        self._name = name

    def __enter__(self):
        return self._graph._c.enter_name_scope(self._name)

    def __exit__(self, *exc):
        self._graph._c.exit_name_scope()
        return False


_default_graph_stack = []
_global_default_graph = [None]


def get_default_graph():
    if _default_graph_stack:
        return _default_graph_stack[-1]
    if _global_default_graph[0] is None:
        _global_default_graph[0] = Graph()
    return _global_default_graph[0]


def reset_default_graph():
    if _default_graph_stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear "
                             "nested graphs. If you need a cleared graph, "
                             "exit the nesting and create a new graph.")
    _global_default_graph[0] = Graph()


class name_scope(object):  # pylint: disable=invalid-name
    """tf.name_scope(name, default_name=None, values=None)."""

    def __init__(self, name, default_name=None, values=None):
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values
        self._graph = None

    @property
    def name(self):
        return self._name

    def __enter__(self):
        if self._name is None and self._values is not None:
            raise ValueError("At least one of name (%s) and default_name (%s) "
                             "must be provided." % (self._name,
                                                    self._default_name))
        self._graph = _graph_from(self._values)
        self._ctx = self._graph.as_default()
        self._ctx.__enter__()
        try:
            return self._graph._c.enter_name_scope(self._name)
        except BaseException:
            self._ctx.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        self._graph._c.exit_name_scope()
        self._ctx.__exit__(*exc)
        return False


def _graph_from(values):
    from tfs import variables
    graph = None
    for v in values or []:
        g = None
        if isinstance(v, (Tensor, Operation)):
            g = v.graph
        elif isinstance(v, variables.Variable):
            g = v.graph
        if g is not None:
            if graph is not None and g is not graph:
                raise ValueError("%s must be from the same graph as %s." %
                                 (v, values[0]))
            graph = g
    return graph or get_default_graph()


def get_name_scope():
    return get_default_graph().get_name_scope()


# --- conversion --------------------------------------------------------------

def _infer_numpy(value):
    """Python value -> numpy array with TF's dtype inference."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, np.generic):
        return np.array(value)
    arr = np.array(value)
    if arr.dtype == np.float64 and not _has_numpy_float64(value):
        arr = arr.astype(np.float32)
    elif arr.dtype == np.int64 and not _has_numpy_int64(value):
        if arr.size == 0 or (arr.min() >= -2**31 and arr.max() < 2**31):
            arr = arr.astype(np.int32)
    elif arr.dtype == object:
        raise TypeError("Failed to convert object of type %s to Tensor. "
                        "Contents: %s. Consider casting elements to a "
                        "supported type." % (type(value), value))
    return arr


def _has_numpy_float64(value):
    if isinstance(value, (list, tuple)):
        return any(_has_numpy_float64(v) for v in value)
    return isinstance(value, (np.float64, np.ndarray)) and \
        np.asarray(value).dtype == np.float64


def _has_numpy_int64(value):
    if isinstance(value, (list, tuple)):
        return any(_has_numpy_int64(v) for v in value)
    return isinstance(value, (np.int64, np.ndarray)) and \
        np.asarray(value).dtype == np.int64


def _check_python_value(value, dtype):
    """TF's _AssertCompatible: e.g. 1.5 is no int32."""
    if isinstance(value, (list, tuple)):
        for v in value:
            _check_python_value(v, dtype)
        return
    if isinstance(value, np.ndarray):
        return
    if dtype.is_integer and isinstance(value, float):
        raise TypeError("Expected %s, got %s of type '%s' instead." %
                        (dtype.name, value, type(value).__name__))
    if dtype.is_bool and not isinstance(value, (bool, np.bool_)):
        raise TypeError("Expected bool, got %s of type '%s' instead." %
                        (value, type(value).__name__))


def constant_array(value, dtype=None):
    """Python/numpy value -> (numpy array, DType)."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype).base_dtype
        _check_python_value(value, dtype)
        arr = np.asarray(value)
        if arr.dtype == object:
            raise TypeError("Failed to convert object of type %s to Tensor."
                            % type(value))
        return arr, dtype
    arr = _infer_numpy(value)
    return arr, dtypes.as_dtype(arr.dtype)


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None):
    """ops.convert_to_tensor: Tensors pass through (dtype checked),
    variables yield their `read` tensor, Python values become Const ops."""
    from tfs import variables
    if isinstance(value, variables.Variable):
        value = value._as_tensor()
    if isinstance(value, Tensor):
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
            if not dtype.is_compatible_with(value.dtype):
                raise ValueError(
                    "Tensor conversion requested dtype %s for Tensor with "
                    "dtype %s: %r" % (dtype.name, value.dtype.name, value))
        return value
    if isinstance(value, Operation):
        raise TypeError("Can't convert Operation '%s' to Tensor (target "
                        "dtype=%s, name=%s, as_ref=False)" %
                        (value.name, dtype, name))
    if isinstance(value, (list, tuple)) and _holds_tensor(value):
        # TF's _autopacking_conversion_function: the dtype asked for, else
        # the first tensor's.
        dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None \
            else _first_tensor_dtype(value)
        return _autopack(value, dtype, name or "packed")
    if dtype is None and preferred_dtype is not None:
        try:
            arr, dt = constant_array(value, preferred_dtype)
        except TypeError:
            arr, dt = constant_array(value)
    else:
        arr, dt = constant_array(value, dtype)
    g = get_default_graph()
    return g._wrap_tensor(_tfs.constant(g._c, arr, dt._enum, None,
                                        name or "Const"))


def _holds_tensor(value):
    from tfs import variables
    if isinstance(value, (Tensor, variables.Variable)):
        return True
    return isinstance(value, (list, tuple)) and any(
        _holds_tensor(v) for v in value)


def _first_tensor_dtype(value):
    from tfs import variables
    if isinstance(value, (Tensor, variables.Variable)):
        return value.dtype.base_dtype
    for v in value if isinstance(value, (list, tuple)) else []:
        dt = _first_tensor_dtype(v)
        if dt is not None:
            return dt
    return None


def _autopack(values, dtype, name):
    """TF's _autopacking_helper: a list holding tensors (tf.shape(x)[0] in
    a shape) becomes a Pack op `name` of its elements, Python values among
    them constants named by their index, nested lists packed the same
    way."""
    from tfs import ops
    with name_scope(name) as scope:
        elems = []
        for i, elem in enumerate(values):
            if isinstance(elem, (list, tuple)) and _holds_tensor(elem):
                elem = _autopack(elem, dtype, str(i))
            if is_tensor(elem):
                elem = convert_to_tensor(elem)
                if dtype is not None and elem.dtype.base_dtype != dtype:
                    raise TypeError(
                        "Cannot convert a list containing a tensor of dtype "
                        "%s to %s (Tensor is: %r)" % (elem.dtype, dtype, elem))
            elems.append(elem)
        elems = [e if is_tensor(e) else
                 convert_to_tensor(e, dtype=dtype, name=str(i))
                 for i, e in enumerate(elems)]
        return ops._build("Pack", scope, elems,  # pylint: disable=protected-access
                          {"axis": 0})[0]


def is_tensor(x):
    from tfs import variables
    return isinstance(x, (Tensor, variables.Variable))
