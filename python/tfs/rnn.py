# ===- rnn.py - tf.nn.rnn_cell, tf.nn.static_rnn, tf.nn.dynamic_rnn -------===#
#
# TF 1.15's RNN cells (tensorflow/python/ops/rnn_cell_impl.py) and the
# functions that unroll them (tensorflow/python/ops/rnn.py), with their
# variable management: a cell is a legacy layer whose variable scope is
# opened at its first call, as variable_scope(None,
# default_name="basic_lstm_cell") (or the cell's name) inside the scope of
# that call, and reused by every later call: static_rnn and dynamic_rnn
# call it once per step inside variable_scope("rnn"), so every step shares
# "rnn/basic_lstm_cell/kernel" and ".../bias". dynamic_rnn needs a static
# number of steps and unrolls them (TF builds a while loop, whose step
# tfsc would unroll anyway); its outputs are TF's "rnn/transpose_1" for
# batch-major inputs.
#
# ===-----------------------------------------------------------------------===#
"""tf.nn.rnn_cell, tf.nn.static_rnn, tf.nn.dynamic_rnn."""

import collections

from tfs import dtypes
from tfs import framework
from tfs import init_ops
from tfs import layers
from tfs import ops
from tfs import variable_scope as vs

_unsupported = framework.unsupported

_ACTIVATIONS = {"tanh": ops.tanh, "sigmoid": ops.sigmoid, "relu": ops.relu,
                "relu6": ops.relu6}


def _activation(activation):
    if activation is None:
        return ops.tanh
    if isinstance(activation, str):
        if activation not in _ACTIVATIONS:
            _unsupported("the RNN cell activation %r" % activation)
        return _ACTIVATIONS[activation]
    return activation


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The (c, h) state of an LSTM cell."""
    __slots__ = ()

    @property
    def dtype(self):
        (c, h) = self
        if c.dtype != h.dtype:
            raise TypeError("Inconsistent internal state: %s vs %s" %
                            (str(c.dtype), str(h.dtype)))
        return c.dtype


def _flatten(structure):
    if isinstance(structure, (tuple, list)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _map(fn, structure):
    if isinstance(structure, LSTMStateTuple):
        return LSTMStateTuple(*[_map(fn, item) for item in structure])
    if isinstance(structure, tuple):
        return tuple(_map(fn, item) for item in structure)
    if isinstance(structure, list):
        return [_map(fn, item) for item in structure]
    return fn(structure)


class RNNCell(layers._Layer):  # pylint: disable=protected-access
    """TF 1.15's RNNCell: a legacy layer called as cell(inputs, state)."""

    # The snake-case class name TF's layers use as default scope name.
    base_name = None

    def __init__(self, reuse=None, name=None, dtype=None, trainable=True):
        if dtype is not None and dtypes.as_dtype(dtype) != dtypes.float32:
            _unsupported("RNN cells of dtype %s (float32 only)" %
                         dtypes.as_dtype(dtype).name)
        super(RNNCell, self).__init__(reuse=reuse, trainable=trainable)
        # A name is the base of the scope's name, opened at the first
        # call (default_name: "rnn/foo", then "rnn/foo_1" for another
        # cell named foo), as TF's legacy layers do without _scope.
        if name:
            self.base_name = name
        self._rnncell_scope = None

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def call(self, inputs, state):
        raise NotImplementedError("Abstract method")

    def add_variable(self, name, shape, initializer=None):
        return vs.get_variable(name, shape, initializer=initializer,
                               trainable=self._trainable)

    def _layer_call(self, inputs, state, scope=None):
        return self._scoped_call(inputs, lambda x: self.call(x, state),
                                 scope)

    def __call__(self, inputs, state, scope=None):
        # RNNCell.__call__: the variable scope of the first call, kept for
        # every later one (TF enters it again with a custom getter).
        if scope is not None:
            with vs.variable_scope(scope) as scope:
                return self._layer_call(inputs, state, scope=scope)
        if self._rnncell_scope is None:
            self._rnncell_scope = vs.get_variable_scope()
        with vs.variable_scope(self._rnncell_scope):
            return self._layer_call(inputs, state)

    def zero_state(self, batch_size, dtype):
        if isinstance(batch_size, framework.Tensor):
            _unsupported("RNNCell.zero_state with a tensor batch size (give "
                         "the inputs a static batch dimension)")
        with framework.name_scope(type(self).__name__ + "ZeroState"):
            return _map(lambda size: ops.zeros([int(batch_size), size],
                                               dtype=dtype),
                        self.state_size)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = framework.convert_to_tensor(inputs, name="inputs")
            batch_size = inputs.shape[0].value
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError(
                "batch_size and dtype cannot be None while constructing "
                "initial state: batch_size={}, dtype={}".format(
                    batch_size, dtype))
        return self.zero_state(batch_size, dtype)


class LayerRNNCell(RNNCell):
    """An RNNCell whose __call__ is the layer's own (no captured scope)."""

    def __call__(self, inputs, state, scope=None):
        return self._layer_call(inputs, state, scope=scope)


def _input_depth(inputs_shape, cell):
    depth = inputs_shape[-1].value if inputs_shape.ndims else None
    if depth is None:
        raise ValueError("Expected inputs.shape[-1] to be known, saw shape: "
                         "%s" % inputs_shape)
    if inputs_shape.ndims != 2:
        raise ValueError("Input 0 of layer %s is incompatible with the "
                         "layer: expected ndim=2, found ndim=%d. Full shape "
                         "received: %s" % (cell.base_name, inputs_shape.ndims,
                                           inputs_shape))
    return depth


class _UnitsCell(LayerRNNCell):
    """A cell whose state and output are its num_units values."""

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units


class BasicRNNCell(_UnitsCell):
    """output = new_state = activation(concat([inputs, state]) W + b)."""

    base_name = "basic_rnn_cell"

    def __init__(self, num_units, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super(BasicRNNCell, self).__init__(reuse=reuse, name=name,
                                           dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, self)
        self._kernel = self.add_variable(
            "kernel", [depth + self._num_units, self._num_units])
        self._bias = self.add_variable(
            "bias", [self._num_units],
            initializer=init_ops.zeros_initializer())

    def call(self, inputs, state):
        gate_inputs = ops.matmul(ops.concat([inputs, state], 1),
                                 self._kernel)
        gate_inputs = ops.bias_add(gate_inputs, self._bias)
        output = self._activation(gate_inputs)
        return output, output


class GRUCell(_UnitsCell):
    """Gated recurrent unit (arXiv:1406.1078), as TF 1.15's GRUCell."""

    base_name = "gru_cell"

    def __init__(self, num_units, activation=None, reuse=None,
                 kernel_initializer=None, bias_initializer=None, name=None,
                 dtype=None, **kwargs):
        super(GRUCell, self).__init__(reuse=reuse, name=name, dtype=dtype,
                                      **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, self)
        n = self._num_units
        self._gate_kernel = self.add_variable(
            "gates/kernel", [depth + n, 2 * n],
            initializer=self._kernel_initializer)
        self._gate_bias = self.add_variable(
            "gates/bias", [2 * n],
            initializer=(self._bias_initializer
                         if self._bias_initializer is not None else
                         init_ops.constant_initializer(1.0)))
        self._candidate_kernel = self.add_variable(
            "candidate/kernel", [depth + n, n],
            initializer=self._kernel_initializer)
        self._candidate_bias = self.add_variable(
            "candidate/bias", [n],
            initializer=(self._bias_initializer
                         if self._bias_initializer is not None else
                         init_ops.zeros_initializer()))

    def call(self, inputs, state):
        gate_inputs = ops.matmul(ops.concat([inputs, state], 1),
                                 self._gate_kernel)
        gate_inputs = ops.bias_add(gate_inputs, self._gate_bias)
        value = ops.sigmoid(gate_inputs)
        r, u = ops.split(value=value, num_or_size_splits=2, axis=1)
        r_state = r * state
        candidate = ops.matmul(ops.concat([inputs, r_state], 1),
                               self._candidate_kernel)
        candidate = ops.bias_add(candidate, self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class BasicLSTMCell(LayerRNNCell):
    """LSTM without peepholes or projection, forget_bias added to the
    forget gate, as TF 1.15's BasicLSTMCell."""

    base_name = "basic_lstm_cell"

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None,
                 **kwargs):
        super(BasicLSTMCell, self).__init__(reuse=reuse, name=name,
                                            dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        return (LSTMStateTuple(self._num_units, self._num_units)
                if self._state_is_tuple else 2 * self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, self)
        self._kernel = self.add_variable(
            "kernel", [depth + self._num_units, 4 * self._num_units])
        self._bias = self.add_variable(
            "bias", [4 * self._num_units],
            initializer=init_ops.zeros_initializer())

    def call(self, inputs, state):
        one = ops.constant(1, dtype=dtypes.int32)
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = ops.split(value=state, num_or_size_splits=2, axis=one)
        gate_inputs = ops.matmul(ops.concat([inputs, h], 1), self._kernel)
        gate_inputs = ops.bias_add(gate_inputs, self._bias)
        i, j, f, o = ops.split(value=gate_inputs, num_or_size_splits=4,
                               axis=one)
        forget_bias_tensor = ops.constant(self._forget_bias, dtype=f.dtype)
        new_c = ops.add(ops.multiply(c, ops.sigmoid(ops.add(
            f, forget_bias_tensor))), ops.multiply(ops.sigmoid(i),
                                                   self._activation(j)))
        new_h = ops.multiply(self._activation(new_c), ops.sigmoid(o))
        if self._state_is_tuple:
            new_state = LSTMStateTuple(new_c, new_h)
        else:
            new_state = ops.concat([new_c, new_h], 1)
        return new_h, new_state


class LSTMCell(LayerRNNCell):
    """LSTM with optional peepholes, cell clipping and projection, as TF
    1.15's LSTMCell (without sharded variables)."""

    base_name = "lstm_cell"

    def __init__(self, num_units, use_peepholes=False, cell_clip=None,
                 initializer=None, num_proj=None, proj_clip=None,
                 num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None, **kwargs):
        super(LSTMCell, self).__init__(reuse=reuse, name=name, dtype=dtype,
                                       **kwargs)
        if num_unit_shards is not None or num_proj_shards is not None:
            _unsupported("LSTMCell(num_unit_shards=..., num_proj_shards=...)"
                         " (partitioned variables)")
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)
        out = num_proj if num_proj else num_units
        self._state_size = (LSTMStateTuple(num_units, out) if state_is_tuple
                            else num_units + out)
        self._output_size = out

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, self)
        h_depth = self._num_units if self._num_proj is None else self._num_proj
        self._kernel = self.add_variable(
            "kernel", [depth + h_depth, 4 * self._num_units],
            initializer=self._initializer)
        self._bias = self.add_variable(
            "bias", [4 * self._num_units],
            initializer=init_ops.zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = self.add_variable("w_f_diag", [self._num_units],
                                               initializer=self._initializer)
            self._w_i_diag = self.add_variable("w_i_diag", [self._num_units],
                                               initializer=self._initializer)
            self._w_o_diag = self.add_variable("w_o_diag", [self._num_units],
                                               initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self.add_variable(
                "projection/kernel", [self._num_units, self._num_proj],
                initializer=self._initializer)

    def call(self, inputs, state):
        num_proj = self._num_units if self._num_proj is None else \
            self._num_proj
        sigmoid = ops.sigmoid
        if self._state_is_tuple:
            (c_prev, m_prev) = state
        else:
            c_prev = ops.slice(state, [0, 0], [-1, self._num_units])
            m_prev = ops.slice(state, [0, self._num_units], [-1, num_proj])
        lstm_matrix = ops.matmul(ops.concat([inputs, m_prev], 1),
                                 self._kernel)
        lstm_matrix = ops.bias_add(lstm_matrix, self._bias)
        i, j, f, o = ops.split(value=lstm_matrix, num_or_size_splits=4,
                               axis=1)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) *
                 c_prev + sigmoid(i + self._w_i_diag * c_prev) *
                 self._activation(j))
        else:
            c = (sigmoid(f + self._forget_bias) * c_prev +
                 sigmoid(i) * self._activation(j))
        if self._cell_clip is not None:
            c = ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = ops.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = (LSTMStateTuple(c, m) if self._state_is_tuple else
                     ops.concat([c, m], 1))
        return m, new_state


class MultiRNNCell(RNNCell):
    """Cells stacked: cell i in variable scope "cell_i", its output the
    next one's input."""

    base_name = "multi_rnn_cell"

    def __init__(self, cells, state_is_tuple=True):
        super(MultiRNNCell, self).__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for "
                             "MultiRNNCell.")
        if not isinstance(cells, (list, tuple)):
            raise TypeError("cells must be a list or tuple, but saw: %s." %
                            cells)
        self._cells = cells
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(
                isinstance(c.state_size, tuple) for c in cells):
            raise ValueError("Some cells return tuples of states, but the "
                             "flag state_is_tuple is not set.  State sizes "
                             "are: %s" % str([c.state_size for c in cells]))

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        with framework.name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype)
                             for cell in self._cells)
            return super(MultiRNNCell, self).zero_state(batch_size, dtype)

    def call(self, inputs, state):
        cur_state_pos = 0
        cur_inp = inputs
        new_states = []
        for i, cell in enumerate(self._cells):
            with vs.variable_scope("cell_%d" % i):
                if self._state_is_tuple:
                    if not isinstance(state, (tuple, list)):
                        raise ValueError(
                            "Expected state to be a tuple of length %d, but "
                            "received: %s" % (len(self.state_size), state))
                    cur_state = state[i]
                else:
                    cur_state = ops.slice(state, [0, cur_state_pos],
                                          [-1, cell.state_size])
                    cur_state_pos += cell.state_size
                cur_inp, new_state = cell(cur_inp, cur_state)
                new_states.append(new_state)
        new_states = (tuple(new_states) if self._state_is_tuple else
                      ops.concat(new_states, 1))
        return cur_inp, new_states


def _check_cell(cell):
    if not isinstance(cell, RNNCell):
        raise TypeError("The argument 'cell' (%s) is not an RNNCell: tfsc "
                        "runs the cells of tf.nn.rnn_cell." % (cell,))


def _initial_state(cell, batch_size, initial_state, dtype, message):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError(message)
    return cell.get_initial_state(inputs=None, batch_size=batch_size,
                                  dtype=dtype)


def static_rnn(cell, inputs, initial_state=None, dtype=None,
               sequence_length=None, scope=None):
    """The cell over a list of [batch, depth] inputs, in scope "rnn"
    (reused from the second step): (outputs, final state)."""
    _check_cell(cell)
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    if sequence_length is not None:
        _unsupported("tf.nn.static_rnn(sequence_length=...)")
    outputs = []
    with vs.variable_scope(scope or "rnn") as varscope:
        first = framework.convert_to_tensor(_flatten(inputs)[0])
        for flat in _flatten(inputs):
            shape = framework.convert_to_tensor(flat).shape
            if shape.ndims is None or shape.ndims < 2:
                raise ValueError("Shape %s must have rank at least 2" % shape)
            for i, size in enumerate(shape.as_list()[1:]):
                if size is None:
                    raise ValueError(
                        "Input size (dimension %d of inputs) must be "
                        "accessible via shape inference, but saw value "
                        "None." % i)
        batch_size = first.shape[0].value
        if batch_size is None:
            _unsupported("tf.nn.static_rnn over inputs of unknown batch "
                         "size (feed a static batch)")
        state = _initial_state(
            cell, batch_size, initial_state, dtype,
            "If no initial_state is provided, dtype must be specified")
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, state = cell(input_, state)
            outputs.append(output)
        return outputs, state


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None,
                dtype=None, parallel_iterations=None, swap_memory=False,
                time_major=False, scope=None):
    """The cell over the time dimension of `inputs` ([batch, time, depth],
    or [time, batch, depth] if time_major), unrolled: (outputs in the
    inputs' layout, final state)."""
    _check_cell(cell)
    if sequence_length is not None:
        _unsupported("tf.nn.dynamic_rnn(sequence_length=...)")
    if isinstance(inputs, (list, tuple)):
        _unsupported("tf.nn.dynamic_rnn over nested inputs")
    with vs.variable_scope(scope or "rnn") as varscope:
        inputs = framework.convert_to_tensor(inputs)
        shape = inputs.shape
        if shape.ndims is None or shape.ndims < 2:
            raise ValueError("Shape %s must have rank at least 2" % shape)
        if not time_major:
            # (B, T, D) => (T, B, D), as TF's _transpose_batch_time.
            perm = [1, 0] + list(range(2, shape.ndims))
            inputs = ops.transpose(inputs, perm)
        dims = inputs.shape.as_list()
        steps, batch_size = dims[0], dims[1]
        if steps is None:
            _unsupported("tf.nn.dynamic_rnn over a time dimension of "
                         "unknown size (tfsc unrolls the steps: feed a "
                         "static shape)")
        if batch_size is None:
            _unsupported("tf.nn.dynamic_rnn over inputs of unknown batch "
                         "size (feed a static batch)")
        if any(d is None for d in dims[2:]):
            raise ValueError("Input size (depth of inputs) must be accessible "
                             "via shape inference, but saw value None.")
        state = _initial_state(
            cell, batch_size, initial_state, dtype,
            "If there is no initial_state, you must give a dtype.")
        outputs = []
        # The steps in name scope "rnn/while", as TF's loop body.
        with framework.name_scope("while"):
            for time, input_ in enumerate(ops.unstack(inputs, num=steps)):
                if time > 0:
                    varscope.reuse_variables()
                output, state = cell(input_, state)
                outputs.append(output)
        outputs = ops.stack(outputs)
        if not time_major:
            perm = [1, 0] + list(range(2, outputs.shape.ndims))
            outputs = ops.transpose(outputs, perm)
        return outputs, state
