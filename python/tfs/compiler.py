# ===- compiler.py - tfs.compile and tfs.load ------------------------------===#
#
# tfs.compile compiles (part of) a graph to a native model .so in process
# (import into the tfs dialect and the tfsc pipelines, through tfs._tfs);
# tfs.load opens any model .so and runs it on numpy arrays. The subgraph
# walk here is shared with tf.Session.
#
# ===-----------------------------------------------------------------------===#
"""Compile graphs to model shared objects and run them (tfs.compile/load)."""

import os
import tempfile

import numpy as np

from tfs import _tfs
from tfs import framework

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))

# Ops that write the variable behind their first (ref) input.
_ASSIGN_OPS = ("Assign", "AssignAdd", "AssignSub")


def runtime_library():
    """The C runtime archive linked into every model: $TFS_RUNTIME_LIBRARY,
    else <build or install tree>/lib/libtfs_runtime.a."""
    env = os.environ.get("TFS_RUNTIME_LIBRARY")
    if env:
        return env
    return os.path.normpath(os.path.join(_PACKAGE_DIR, os.pardir, os.pardir,
                                         "lib", "libtfs_runtime.a"))


def _key(ctensor):
    return (ctensor.op.id, ctensor.index)


class Subgraph(object):
    """What computing some tensors from some fed tensors touches: the fed
    tensors reached, the placeholders reached but not fed, and the variables
    read and written (by name)."""

    def __init__(self, fetches, fed_keys):
        self.fed = []            # C++ tensors, in the order reached
        self.placeholders = []   # unfed placeholder ops
        self.reads = {}          # variable name -> VariableV2 op id
        self.writes = set()
        seen_fed = set()
        visited = set()
        stack = list(reversed(fetches))
        while stack:
            t = stack.pop()
            key = _key(t)
            if key in fed_keys:
                if key not in seen_fed:
                    seen_fed.add(key)
                    self.fed.append(t)
                continue
            op = t.op
            if op.id in visited:
                continue
            visited.add(op.id)
            if op.type == "Placeholder":
                self.placeholders.append(op)
                continue
            if op.type == "VariableV2":
                self.reads[op.name] = op.id
                continue
            for i, inp in enumerate(op.inputs):
                if (i == 0 and op.type in _ASSIGN_OPS and
                        inp.op.type == "VariableV2" and
                        _key(inp) not in fed_keys):
                    self.writes.add(inp.op.name)
                    if op.type != "Assign":
                        self.reads.setdefault(inp.op.name, inp.op.id)
                    continue
                stack.append(inp)


def _graph_tensor(graph, item, what):
    """A fetch or feed given as Tensor, Variable, Operation or name -> the
    framework Tensor it denotes (an operation denotes its first output)."""
    from tfs import variables
    if isinstance(item, variables.Variable):
        item = item._ref()
    if isinstance(item, str):
        try:
            item = graph.as_graph_element(item)
        except (KeyError, ValueError) as e:
            raise ValueError("%s %r is not in the graph: %s" %
                             (what, item, e.args[0] if e.args else e))
    if isinstance(item, framework.Operation):
        if not item.outputs:
            raise ValueError("%s %r names operation '%s' (%s), which has no "
                             "outputs" % (what, item.name, item.name,
                                          item.type))
        item = item.outputs[0]
    if not isinstance(item, framework.Tensor):
        raise TypeError("%s must be a Tensor, Variable, Operation or name, "
                        "got %r" % (what, item))
    if item.graph is not graph:
        raise ValueError("%s %s is not an element of this graph." %
                         (what, item))
    return item


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def compile(fetches, feeds=None, output="libm.so", weights=None,  # pylint: disable=redefined-builtin
            graph=None, name=None, opt_level=3, winograd=True):
    """Compiles the part of `graph` (default: the default graph) that
    computes `fetches` into the model shared object `output`; returns its
    absolute path.

    fetches: a Tensor, Variable, Operation or name ("dense/Relu:0"), or a
      list of them.
    feeds: None (every placeholder reached is an input), a list of tensors or
      names to feed, or a dict {tensor or name: shape} whose shapes fix
      unknown dimensions (None keeps the graph's shape).
    weights: an .npz of trained values for every variable of the model
      (keys "scope/w" or "scope/w:0"), compiled in as the initial values,
      as `tfsc --weights` does; a missing, extra or mis-shaped entry is a
      ValueError that names each one.
    name: the model name (C entry prefix; default from `output`).
    opt_level: 0..3.
    winograd: at opt_level 2 and 3, compute stride-1 3x3 and 5x5
      convolutions with Winograd's algorithm (as `tfsc --winograd`); False
      keeps the direct sums.
    """
    graph = graph or framework.get_default_graph()
    fetch_tensors = [_graph_tensor(graph, f, "fetch") for f in
                     _as_list(fetches)]
    if not fetch_tensors:
        raise ValueError("tfs.compile needs at least one fetch")
    shapes = {}
    if feeds is not None:
        items = feeds.items() if isinstance(feeds, dict) else [
            (f, None) for f in _as_list(feeds)]
        for key, shape in items:
            t = _graph_tensor(graph, key, "feed")
            if shape is not None:
                try:
                    shape = [int(d) for d in shape]
                except TypeError:
                    raise ValueError("the shape of feed '%s' must be a list "
                                     "of ints, got %r" % (t.name, shape))
                if not t.shape.is_compatible_with(shape):
                    raise ValueError("feed '%s' has shape %s; the given "
                                     "shape %s does not match it" %
                                     (t.name, t.shape, tuple(shape)))
            shapes[t.name] = (t, shape)
    fed_keys = {_key(t._c) for t, _ in shapes.values()}
    sub = Subgraph([t._c for t in fetch_tensors], fed_keys)
    for op in sub.placeholders:
        t = graph._wrap_tensor(op.output(0))
        shapes.setdefault(t.name, (t, None))
    for tname, (t, shape) in shapes.items():
        if shape is None and not t.shape.is_fully_defined():
            raise ValueError(
                "feed '%s' has shape %s; tfsc compiles static shapes: give "
                "its full shape, e.g. feeds={'%s': %s}" %
                (tname, t.shape, t.op.name,
                 tuple(1 if d is None else d for d in t.shape.as_list())
                 if t.shape.ndims is not None else "(...)"))
    path = os.path.abspath(output)
    _tfs.compile_graph(graph._c, [(n, s) for n, (_, s) in shapes.items()],
                       [t.name for t in fetch_tensors], path,
                       runtime_library(), name or "", int(opt_level),
                       os.fspath(weights) if weights is not None else "",
                       bool(winograd))
    return path


def load(path, weights=None):
    """Opens a model .so built by tfsc (tfs.compile or the tfsc driver).
    Its variables get their compiled initial values, then (if given) the
    values of `weights`, an .npz keyed by variable name that may hold any
    subset of the variables."""
    return Model(path, weights=weights)


class Model(object):
    """A loaded model .so: m(feed_dict) / m.run(feed_dict) -> {fetch name:
    array}; m.variables -> {name: live numpy view}; m.info -> signature."""

    def __init__(self, path, weights=None):
        self._path = os.path.abspath(path)
        self._c = _tfs.LoadedModel.open(self._path)
        info = self._c.info
        self._inputs = info["inputs"]
        self._outputs = info["outputs"]
        self._variables = info["variables"]
        self._input_by_name = {}
        for d in self._inputs:
            self._input_by_name[d["name"]] = d
            if d["name"].endswith(":0"):
                self._input_by_name[d["name"][:-2]] = d
        self._var_index = {d["name"]: i
                           for i, d in enumerate(self._variables)}
        self._c.init()
        if weights is not None:
            self.load_weights(weights)

    @property
    def path(self):
        return self._path

    @property
    def info(self):
        """{"name", "path", "inputs", "outputs", "variables"}; each tensor as
        {"name", "dtype", "shape"} (variables also "trainable")."""
        return self._c.info

    @property
    def input_names(self):
        return [d["name"] for d in self._inputs]

    @property
    def output_names(self):
        return [d["name"] for d in self._outputs]

    def _input(self, key):
        name = key if isinstance(key, str) else getattr(key, "name", None)
        if not isinstance(name, str):
            raise ValueError("input keys are names or tensors, got %r" %
                             (key,))
        d = self._input_by_name.get(name)
        if d is None:
            raise ValueError(
                "unknown input '%s': the model's inputs are %s" %
                (name, ", ".join("'%s'" % n for n in self.input_names)
                 or "none"))
        return d

    def run(self, feed_dict=None, **kwargs):
        """Runs the model; inputs keyed by name ("x" or "x:0") or tensor.
        Returns {output tensor name: numpy array}."""
        feeds = dict(feed_dict or {})
        feeds.update(kwargs)
        given = {}
        for key, value in feeds.items():
            d = self._input(key)
            if d["name"] in given:
                raise ValueError("input '%s' is given twice" % d["name"])
            want = np.dtype(d["dtype"])
            if isinstance(value, np.ndarray):
                if value.dtype != want:
                    raise ValueError(
                        "input '%s' expects dtype %s, got %s" %
                        (d["name"], want.name, value.dtype.name))
                array = value
            else:
                try:
                    array = np.asarray(value, dtype=want)
                except (TypeError, ValueError) as e:
                    raise ValueError("input '%s' expects %s values: %s" %
                                     (d["name"], want.name, e))
            if tuple(array.shape) != tuple(d["shape"]):
                raise ValueError("input '%s' expects shape %s, got %s" %
                                 (d["name"], tuple(d["shape"]),
                                  tuple(array.shape)))
            given[d["name"]] = np.require(array, requirements="C")
        missing = [d for d in self._inputs if d["name"] not in given]
        if missing:
            raise ValueError("missing input%s %s" % (
                "s" if len(missing) > 1 else "",
                ", ".join("'%s' (%s %s)" % (d["name"], d["dtype"],
                                             tuple(d["shape"]))
                          for d in missing)))
        outputs = self._c.run(list(given.items()))
        return {d["name"]: a for d, a in zip(self._outputs, outputs)}

    __call__ = run

    @property
    def variables(self):
        """{variable name: numpy view of its buffer in the .so}; writing into
        a view changes what the next run computes."""
        return {d["name"]: self._c.variable(i)
                for i, d in enumerate(self._variables)}

    def _var(self, name):
        if name not in self._var_index and name.endswith(":0"):
            name = name[:-2]
        if name not in self._var_index:
            raise ValueError("unknown variable '%s': the model's variables "
                             "are %s" % (name, ", ".join(
                                 "'%s'" % n for n in self._var_index)
                                 or "none"))
        return name, self._c.variable(self._var_index[name])

    def variable(self, name):
        """A numpy view of variable `name` ("w" or "w:0")."""
        return self._var(name)[1]

    def set_variable(self, name, value):
        """Copies `value` into variable `name` (shape and dtype checked)."""
        name, view = self._var(name)
        if isinstance(value, np.ndarray) and value.dtype != view.dtype:
            raise ValueError("variable '%s' has dtype %s, got %s" %
                             (name, view.dtype.name, value.dtype.name))
        array = np.asarray(value, dtype=view.dtype)
        if array.shape != view.shape:
            raise ValueError("variable '%s' has shape %s, got %s" %
                             (name, view.shape, array.shape))
        np.copyto(view, array)

    def init(self):
        """Resets every variable to its compiled initial value."""
        self._c.init()

    def set_num_threads(self, n):
        """Threads for the model's parallel loops in runs from this thread
        (default: $TFS_NUM_THREADS, else all cores); n >= 1."""
        self._c.set_num_threads(int(n))

    @property
    def num_threads(self):
        """Threads the next run may use (1 without parallel loops)."""
        return self._c.num_threads

    def load_weights(self, path):
        """Sets variables from an .npz keyed by variable name (an archive
        may hold a subset; the other variables keep their values)."""
        path = os.fspath(path)
        with np.load(path) as archive:
            entries = {k[:-4] if k.endswith(".npy") else k: archive[k]
                       for k in archive.files}
        for key, value in entries.items():
            name = key[:-2] if key.endswith(":0") else key
            if name not in self._var_index:
                raise ValueError("%s: entry '%s' is not a variable of the "
                                 "model (its variables are %s)" % (
                                     path, key, ", ".join(
                                         "'%s'" % n for n in self._var_index)))
            view = self._c.variable(self._var_index[name])
            if value.dtype != view.dtype or value.shape != view.shape:
                raise ValueError(
                    "%s: entry '%s' is %s %s; the variable is %s %s" %
                    (path, key, value.dtype.name, value.shape,
                     view.dtype.name, view.shape))
        if len(entries) == len(self._var_index):
            self._c.load_npz(path)  # the runtime's loader checks again
            return
        # A partial archive: merge with the current values, then load.
        merged = {d["name"]: self._c.variable(i).copy()
                  for i, d in enumerate(self._variables)}
        for key, value in entries.items():
            merged[key[:-2] if key.endswith(":0") else key] = value
        fd, tmp = tempfile.mkstemp(suffix=".npz", prefix="tfs-weights-")
        os.close(fd)
        try:
            np.savez(tmp, **merged)
            self._c.load_npz(tmp)
        finally:
            os.remove(tmp)

    def save_weights(self, path):
        """Writes every variable to an uncompressed .npz."""
        self._c.save_npz(os.fspath(path))

    def __repr__(self):
        return "<tfs.Model '%s' inputs=%s outputs=%s variables=%d>" % (
            self._path, self.input_names, self.output_names,
            len(self._variables))
