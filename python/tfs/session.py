# ===- session.py - tf.Session on compiled code ----------------------------===#
#
# tf.Session for tfsc: every distinct (fetches, feeds) signature of
# Session.run is compiled once into a model .so (in a per-session temporary
# directory) and cached. Variable values live in the session as numpy arrays
# and are copied into a model's variable buffers before a run (only when
# they changed since) and out of them after it, so state persists across
# runs and across signatures. Running a variable's initializer gives it the
# compiled initial value (a model holding the variables, after its init
# entry). Also default sessions (eval/run), initializer ops and tf.group.
#
# ===-----------------------------------------------------------------------===#
"""tf.Session, tf.InteractiveSession, initializers and tf.group."""

import atexit
import contextlib
import re
import shutil
import tempfile
import weakref

import numpy as np

from tfs import _tfs
from tfs import compiler
from tfs import errors
from tfs import framework

_default_session_stack = []
# Open sessions, closed at exit so that their temporary directories go.
_live_sessions = weakref.WeakSet()

# Optimization level of the models a Session compiles.
DEFAULT_OPT_LEVEL = 2


def get_default_session():
    """The innermost session installed by `with sess.as_default()` (or
    `with tf.Session() as sess`), or None."""
    return _default_session_stack[-1] if _default_session_stack else None


def _tf_dtype_name(cdtype):
    """TF's DataTypeString: float, double, int32, ..."""
    name = _tfs.dtype_name(cdtype)
    return {"float32": "float", "float64": "double"}.get(name, name)


def _tf_shape_text(shape):
    if shape is None:
        return "<unknown>"
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape)


class _Compiled(object):
    """A compiled signature: the loaded model, its variables' views and the
    state version each view holds."""

    def __init__(self, model, input_names):
        self.model = model
        self.input_names = input_names
        self.views = {}
        for i, name in enumerate(model.variable_names()):
            self.views[name] = model.variable(i)
        self.synced = {}


class _Element(object):
    """One unique thing a run fetches: a tensor (value returned) or an
    operation (run for its effect, None returned)."""

    def __init__(self, tensor=None, op=None):
        self.tensor = tensor
        self.op = op


class BaseSession(object):
    """A TF1 session over tfsc-compiled code."""

    def __init__(self, target="", graph=None, config=None, opt_level=None):
        if target:
            raise NotImplementedError("tfsc does not support session targets "
                                      "(got %r); it runs in process." %
                                      (target,))
        self._graph = graph or framework.get_default_graph()
        self._opt_level = DEFAULT_OPT_LEVEL if opt_level is None else int(
            opt_level)
        self._config = config
        self._state = {}       # variable name -> numpy array
        self._versions = {}    # variable name -> int, bumped on every change
        self._cache = {}       # signature -> _Compiled
        self._compile_count = 0
        self._dir = None
        self._closed = False
        self._context_stack = []
        _live_sessions.add(self)

    # --- properties -----------------------------------------------------------
    @property
    def graph(self):
        return self._graph

    @property
    def graph_def(self):
        raise NotImplementedError("tfsc does not support Session.graph_def "
                                  "yet.")

    @property
    def sess_str(self):
        return ""

    # --- lifetime -------------------------------------------------------------
    def close(self):
        """Frees the compiled models and deletes their temporary directory."""
        if self._closed:
            return
        self._closed = True
        self._cache.clear()
        self._state.clear()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # pylint: disable=broad-except
            pass

    @contextlib.contextmanager
    def as_default(self):
        """Makes this the default session (for Tensor.eval, Operation.run)."""
        _default_session_stack.append(self)
        try:
            yield self
        finally:
            _default_session_stack.remove(self)

    def __enter__(self):
        graph_ctx = self._graph.as_default()
        session_ctx = self.as_default()
        graph_ctx.__enter__()
        session_ctx.__enter__()
        self._context_stack.append((graph_ctx, session_ctx))
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        graph_ctx, session_ctx = self._context_stack.pop()
        session_ctx.__exit__(exc_type, exc_value, traceback)
        graph_ctx.__exit__(exc_type, exc_value, traceback)
        self.close()
        return False

    # --- run ------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs the ops and evaluates the tensors in `fetches` (a tensor,
        variable, operation or name, or a list/tuple/namedtuple/dict nest of
        them; operations yield None) with `feed_dict` ({tensor or name:
        value}). Returns values in the structure of `fetches`."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        elements = []
        index = {}
        build = self._flatten(fetches, elements, index)
        feeds = self._process_feeds(feed_dict)
        values = self._run_elements(elements, feeds)
        return build(values)

    def _flatten(self, fetch, elements, index):
        """Registers the elements of `fetch`; returns values -> structure."""
        if fetch is None:
            raise TypeError("Fetch argument None has invalid type %s" %
                            type(None))
        if isinstance(fetch, (list, tuple)):
            builders = [self._flatten(f, elements, index) for f in fetch]
            if hasattr(fetch, "_fields"):  # namedtuple
                return lambda values: type(fetch)(*[b(values)
                                                    for b in builders])
            if isinstance(fetch, tuple):
                return lambda values: tuple(b(values) for b in builders)
            return lambda values: [b(values) for b in builders]
        if isinstance(fetch, dict):
            keys = list(fetch.keys())
            builders = [self._flatten(fetch[k], elements, index)
                        for k in keys]

            def build_dict(values):
                try:
                    out = type(fetch)()
                except TypeError:
                    out = {}
                for k, b in zip(keys, builders):
                    out[k] = b(values)
                return out
            return build_dict
        element = self._as_element(fetch)
        key = (("t",) + compiler._key(element.tensor._c)
               if element.tensor is not None else ("o", element.op._c.id))
        if key not in index:
            index[key] = len(elements)
            elements.append(element)
        i = index[key]
        return lambda values: values[i]

    def _as_element(self, fetch):
        from tfs import variables
        g = self._graph
        if isinstance(fetch, variables.Variable):
            if fetch.graph is not g:
                raise ValueError("Fetch argument %r cannot be interpreted as "
                                 "a Tensor. (Tensor %s is not an element of "
                                 "this graph.)" % (fetch, fetch._ref()))
            return _Element(tensor=fetch._ref())
        if isinstance(fetch, str):
            try:
                fetch = g.as_graph_element(fetch)
            except (KeyError, ValueError) as e:
                raise ValueError("Fetch argument %r cannot be interpreted as "
                                 "a Tensor. (%s)" % (
                                     fetch, e.args[0] if e.args else e))
        if isinstance(fetch, framework.Tensor):
            if fetch.graph is not g:
                raise ValueError("Fetch argument %r cannot be interpreted as "
                                 "a Tensor. (Tensor %s is not an element of "
                                 "this graph.)" % (fetch, fetch))
            return _Element(tensor=fetch)
        if isinstance(fetch, framework.Operation):
            if fetch.graph is not g:
                raise ValueError("Fetch argument %r cannot be interpreted as "
                                 "a Tensor. (Operation %s is not an element "
                                 "of this graph.)" % (fetch, fetch.name))
            return _Element(op=fetch)
        raise TypeError("Fetch argument %r has invalid type %r, must be a "
                        "string or Tensor. (Can not convert a %s into a "
                        "Tensor or Operation.)" % (fetch, type(fetch),
                                                   type(fetch).__name__))

    def _feed_tensor(self, key):
        from tfs import variables
        g = self._graph
        if isinstance(key, variables.Variable):
            key = key._ref()
        if isinstance(key, str):
            try:
                element = g.as_graph_element(key)
            except (KeyError, ValueError) as e:
                raise ValueError("Cannot interpret feed_dict key as Tensor: "
                                 "%s" % (e.args[0] if e.args else e))
            if isinstance(element, framework.Operation):
                if not element.outputs:
                    raise TypeError("Cannot interpret feed_dict key as "
                                    "Tensor: operation '%s' has no outputs"
                                    % key)
                element = element.outputs[0]
            key = element
        if not isinstance(key, framework.Tensor):
            raise TypeError("Cannot interpret feed_dict key as Tensor: Can "
                            "not convert a %s into a Tensor." %
                            type(key).__name__)
        if key.graph is not g:
            raise ValueError("Cannot interpret feed_dict key as Tensor: "
                             "Tensor %s is not an element of this graph." %
                             key)
        return key

    def _process_feeds(self, feed_dict):
        """{key: value} -> {(op id, index): (Tensor, array)} with TF's
        conversion (numpy.asarray to the tensor's dtype) and shape check."""
        from tfs import variables
        feeds = {}
        for key, value in (feed_dict or {}).items():
            t = self._feed_tensor(key)
            if isinstance(value, (framework.Tensor, variables.Variable)):
                raise TypeError("The value of a feed cannot be a tf.Tensor "
                                "object. Acceptable feed values include "
                                "Python scalars, strings, lists, numpy "
                                "ndarrays, or TensorHandles.")
            np_dtype = t.dtype.base_dtype.as_numpy_dtype
            try:
                array = np.asarray(value, dtype=np_dtype)
            except (TypeError, ValueError) as e:
                raise ValueError("Cannot feed value %r for Tensor %r of "
                                 "dtype %s: %s" % (value, t.name,
                                                   t.dtype.base_dtype.name, e))
            if not t.shape.is_compatible_with(array.shape):
                raise ValueError(
                    "Cannot feed value of shape %r for Tensor %r, which has "
                    "shape %r" % (array.shape, t.name, str(t.shape)))
            feeds[compiler._key(t._c)] = (t, np.require(array,
                                                        requirements="C"))
        return feeds

    def _initializer_map(self):
        """{initializer op id: variable name} of the graph's variables."""
        out = {}
        for cvar in self._graph._c.variables():
            init = cvar.initializer_op
            if init is not None:
                out[init.id] = cvar.name
        return out

    def _run_elements(self, elements, feeds):
        # Operations: initializers, groups (NoOp) and ops run for effect.
        init_ops = None
        to_initialize = []
        computed = []  # C++ tensors
        seen_ops = set()
        stack = [e.op._c for e in reversed(elements) if e.op is not None]
        while stack:
            op = stack.pop()
            if op.id in seen_ops:
                continue
            seen_ops.add(op.id)
            if init_ops is None:
                init_ops = self._initializer_map()
            if op.id in init_ops:
                to_initialize.append(init_ops[op.id])
            elif op.type == "NoOp":
                stack.extend(reversed(op.control_inputs))
            elif op.num_outputs > 0:
                computed.append(op.output(0))
            else:
                raise NotImplementedError(
                    "tfsc cannot run operation '%s' (%s) yet" % (op.name,
                                                                  op.type))
        if to_initialize:
            self._initialize(to_initialize)
        tensor_elements = [e for e in elements if e.tensor is not None]
        computed = [e.tensor._c for e in tensor_elements] + computed
        values = {}
        if computed:
            values = self._compute(computed, feeds)
        return [None if e.tensor is None else
                values[compiler._key(e.tensor._c)] for e in elements]

    def _set_state(self, name, value):
        self._state[name] = value
        self._versions[name] = self._versions.get(name, 0) + 1
        return self._versions[name]

    def _workdir(self):
        if self._dir is None:
            self._dir = tempfile.mkdtemp(prefix="tfs-session-")
        return self._dir

    def _compile(self, key, feeds, fetches):
        """Compiles and loads a signature: feeds [(name, shape)], fetches
        [name]."""
        compiled = self._cache.get(key)
        if compiled is not None:
            return compiled
        path = "%s/model%d.so" % (self._workdir(), len(self._cache))
        _tfs.compile_graph(self._graph._c, feeds, fetches, path,
                           compiler.runtime_library(), "session",
                           self._opt_level)
        model = _tfs.LoadedModel.open(path)
        model.init()
        compiled = _Compiled(model, [n for n, _ in feeds])
        self._cache[key] = compiled
        self._compile_count += 1
        return compiled

    def _initialize(self, names):
        """Sets variables `names` to their compiled initial values."""
        names = sorted(set(names))
        compiled = self._compile(("init",) + tuple(names), [],
                                 [n + ":0" for n in names])
        compiled.model.init()
        for name in names:
            version = self._set_state(name, compiled.views[name].copy())
            compiled.synced[name] = version

    def _compute(self, tensors, feeds):
        """Values of C++ `tensors` (by key) with `feeds`, through the
        compiled (and cached) model of this signature."""
        unique = []
        seen = set()
        for t in tensors:
            if compiler._key(t) not in seen:
                seen.add(compiler._key(t))
                unique.append(t)
        sub = compiler.Subgraph(unique, set(feeds))
        if sub.placeholders:
            op = min(sub.placeholders, key=lambda o: o.id)
            out = op.output(0)
            raise errors.InvalidArgumentError(
                None, self._graph._wrap_op(op),
                "You must feed a value for placeholder tensor '%s' with "
                "dtype %s and shape %s" % (op.name, _tf_dtype_name(out.dtype),
                                           _tf_shape_text(out.shape)))
        uninitialized = [(op_id, name) for name, op_id in sub.reads.items()
                         if name not in self._state]
        if uninitialized:
            op_id, name = min(uninitialized)
            raise errors.FailedPreconditionError(
                None, self._graph.get_operation_by_name(name),
                "Attempting to use uninitialized value %s" % name)
        fed = [(t.name, feeds[compiler._key(t)][1]) for t in sub.fed]
        key = (tuple(t.name for t in unique),
               tuple((name, a.shape, a.dtype.str) for name, a in fed))
        compiled = self._compile(key, [(name, list(a.shape))
                                       for name, a in fed],
                                 [t.name for t in unique])
        # Session state -> the model's buffers, where the model is stale.
        for name, view in compiled.views.items():
            version = self._versions.get(name)
            if version is not None and compiled.synced.get(name) != version:
                np.copyto(view, self._state[name])
                compiled.synced[name] = version
        try:
            outputs = compiled.model.run(fed)
        except ValueError as e:
            # A check the model makes when it runs (gather indices in
            # range) fails as TF's kernel does: InvalidArgumentError, on the
            # node the message names; the model changed nothing.
            node = re.search(r"\[\[node (\S+)", str(e))
            if node is None:
                raise
            try:
                op = self._graph.get_operation_by_name(node.group(1))
            except KeyError:
                op = None
            raise errors.InvalidArgumentError(None, op, str(e))
        # Written variables -> session state.
        for name in sub.writes:
            view = compiled.views.get(name)
            if view is not None:
                compiled.synced[name] = self._set_state(name, view.copy())
        # Like TF, a scalar comes back as a numpy scalar (np.float32(3.0)).
        return {compiler._key(t): out if out.ndim else out[()]
                for t, out in zip(unique, outputs)}


class Session(BaseSession):
    """tf.Session: `with tf.Session() as sess: sess.run(...)`."""


class InteractiveSession(BaseSession):
    """tf.InteractiveSession: installs itself as the default session (and
    its graph as the default graph) until closed."""

    def __init__(self, target="", graph=None, config=None, opt_level=None):
        super(InteractiveSession, self).__init__(target, graph, config,
                                                 opt_level)
        self._default_session = self.as_default()
        self._default_session.__enter__()
        self._default_graph = self._graph.as_default()
        self._default_graph.__enter__()

    def close(self):
        if not self._closed and self._default_session is not None:
            self._default_graph.__exit__(None, None, None)
            self._default_session.__exit__(None, None, None)
            self._default_session = None
        super(InteractiveSession, self).close()


@atexit.register
def _close_live_sessions():
    for session in list(_live_sessions):
        session.close()


# --- initializers and groups --------------------------------------------------

def no_op(name=None):
    """tf.no_op: an operation that does nothing."""
    g = framework.get_default_graph()
    return g._wrap_op(_tfs.no_op(g._c, name or "", []))


def group(*inputs, **kwargs):
    """tf.group: a NoOp that runs all of `inputs` (ops or tensors)."""
    from tfs import variables
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("Unknown keyword arguments: " + ", ".join(kwargs))
    flat = []

    def add(x):
        if isinstance(x, (list, tuple)):
            for y in x:
                add(y)
        elif isinstance(x, dict):
            for y in x.values():
                add(y)
        elif x is not None:
            flat.append(x)
    add(inputs)
    ops = []
    for x in flat:
        if isinstance(x, variables.Variable):
            x = x.op
        elif isinstance(x, framework.Tensor):
            x = x.op
        if not isinstance(x, framework.Operation):
            raise TypeError("Expected a tf.Operation or tf.Tensor, got %r" %
                            (x,))
        ops.append(x)
    g = framework.get_default_graph()
    with framework.name_scope(name, "group_deps", flat) as scope:
        return g._wrap_op(_tfs.no_op(g._c, scope, [o._c for o in ops]))


def variables_initializer(var_list, name="init"):
    """tf.variables_initializer: an op that initializes `var_list`."""
    if var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


def global_variables_initializer():
    """tf.global_variables_initializer."""
    g = framework.get_default_graph()
    return variables_initializer(g.get_collection("variables"))


def local_variables_initializer():
    """tf.local_variables_initializer."""
    g = framework.get_default_graph()
    return variables_initializer(g.get_collection("local_variables"))


# --- eval / run under the default session -------------------------------------

def eval_tensor(tensor, feed_dict=None, session=None):
    """Tensor.eval / Variable.eval."""
    session = session or get_default_session()
    if session is None:
        raise ValueError("Cannot evaluate tensor using `eval()`: No default "
                         "session is registered. Use `with "
                         "sess.as_default()` or pass an explicit session to "
                         "`eval(session=sess)`")
    if session.graph is not tensor.graph:
        raise ValueError("Cannot use the given session to evaluate tensor: "
                         "the tensor's graph is different from the session's "
                         "graph.")
    return session.run(tensor, feed_dict)


def run_operation(op, feed_dict=None, session=None):
    """Operation.run."""
    session = session or get_default_session()
    if session is None:
        raise ValueError("Cannot execute operation using `run()`: No default "
                         "session is registered. Use `with "
                         "sess.as_default():` or pass an explicit session to "
                         "`run(session=sess)`")
    if session.graph is not op.graph:
        raise ValueError("Cannot use the given session to execute operation: "
                         "the operation's graph is different from the "
                         "session's graph.")
    session.run(op, feed_dict)


def load_variable(variable, value, session=None):
    """Variable.load: sets the variable's value in the session."""
    session = session or get_default_session()
    if session is None:
        raise ValueError("Either session argument should be provided or "
                         "default session should be established")
    arr = np.array(value, dtype=variable.dtype.base_dtype.as_numpy_dtype)
    if tuple(arr.shape) != tuple(variable.shape.as_list()):
        raise ValueError("Cannot load value of shape %s into variable '%s' "
                         "of shape %s" % (arr.shape, variable.name,
                                          variable.shape))
    session._set_state(variable.op.name, arr)
