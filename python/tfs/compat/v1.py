# ===- compat/v1.py - the TF1 API surface ----------------------------------===#
#
# `tfs.compat.v1`: the TensorFlow 1 names tfsc supports. Under `tfsc run`,
# `import tensorflow` resolves to this module. Names TF has but tfsc does
# not support raise AttributeError saying so, never a silent no-op.
#
# ===-----------------------------------------------------------------------===#
"""TensorFlow 1 compatible API of tfsc."""

import sys
import types

from tfs import dtypes as _dtypes
from tfs import errors  # noqa: F401  (tf.errors)
from tfs import framework as _framework
from tfs import init_ops as _init_ops
from tfs import image as _image
from tfs import layers as _layers
from tfs import ops as _ops
from tfs import rnn as _rnn
from tfs import session as _session
from tfs import variable_scope as _vs
from tfs import variables as _variables

__version__ = "1.15.0"
VERSION = __version__


def _unsupported_attribute(module_name):
    def __getattr__(name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError("module '%s' has no attribute '%s'" %
                                 (module_name, name))
        raise AttributeError(
            "module '%s' has no attribute '%s'. tfsc does not support %s.%s "
            "yet." % (module_name, name, module_name.replace("tensorflow",
                                                             "tf"), name))
    return __getattr__


__getattr__ = _unsupported_attribute("tensorflow")

# dtypes
DType = _dtypes.DType
as_dtype = _dtypes.as_dtype
float16 = half = _dtypes.float16
bfloat16 = _dtypes.bfloat16
float32 = _dtypes.float32
float64 = double = _dtypes.float64
int8 = _dtypes.int8
int16 = _dtypes.int16
int32 = _dtypes.int32
int64 = _dtypes.int64
uint8 = _dtypes.uint8
uint16 = _dtypes.uint16
uint32 = _dtypes.uint32
uint64 = _dtypes.uint64
bool = _dtypes.bool_  # pylint: disable=redefined-builtin
string = _dtypes.string
complex64 = _dtypes.complex64
complex128 = _dtypes.complex128

# graphs, tensors, shapes
Graph = _framework.Graph
Tensor = _framework.Tensor
Operation = _framework.Operation
TensorShape = _framework.TensorShape
Dimension = _framework.Dimension
get_default_graph = _framework.get_default_graph
reset_default_graph = _framework.reset_default_graph
name_scope = _framework.name_scope
convert_to_tensor = _framework.convert_to_tensor
is_tensor = _framework.is_tensor


def set_random_seed(seed):
    _framework.get_default_graph().seed = seed


class GraphKeys(object):
    """Standard names of graph collections."""
    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    TRAIN_OP = "train_op"
    GLOBAL_STEP = "global_step"
    VARIABLES = "variables"


def get_collection(key, scope=None):
    return _framework.get_default_graph().get_collection(key, scope)


def add_to_collection(name, value):
    _framework.get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    _framework.get_default_graph().add_to_collections(names, value)


def global_variables(scope=None):
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope=None):
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)


# variables and scopes
Variable = _variables.Variable
get_variable = _vs.get_variable
get_local_variable = _vs.get_local_variable
variable_scope = _vs.variable_scope
variable_op_scope = _vs.variable_op_scope
get_variable_scope = _vs.get_variable_scope
VariableScope = _vs.VariableScope
AUTO_REUSE = _vs.AUTO_REUSE

# initializers
zeros_initializer = _init_ops.zeros_initializer
ones_initializer = _init_ops.ones_initializer
constant_initializer = _init_ops.constant_initializer
random_uniform_initializer = _init_ops.random_uniform_initializer
random_normal_initializer = _init_ops.random_normal_initializer
truncated_normal_initializer = _init_ops.truncated_normal_initializer
glorot_uniform_initializer = _init_ops.glorot_uniform_initializer
glorot_normal_initializer = _init_ops.glorot_normal_initializer

# ops
placeholder = _ops.placeholder
constant = _ops.constant
zeros = _ops.zeros
ones = _ops.ones
zeros_like = _ops.zeros_like
ones_like = _ops.ones_like
fill = _ops.fill
random_uniform = _ops.random_uniform
random_normal = _ops.random_normal
truncated_normal = _ops.truncated_normal
identity = _ops.identity
cast = _ops.cast
negative = _ops.negative
abs = _ops.abs  # pylint: disable=redefined-builtin
exp = _ops.exp
log = _ops.log
sin = _ops.sin
cos = _ops.cos
tanh = _ops.tanh
sigmoid = _ops.sigmoid
sqrt = _ops.sqrt
rsqrt = _ops.rsqrt
square = _ops.square
floor = _ops.floor
ceil = _ops.ceil
round = _ops.round  # pylint: disable=redefined-builtin
reciprocal = _ops.reciprocal
add = _ops.add
subtract = _ops.subtract
multiply = _ops.multiply
divide = _ops.divide
truediv = _ops.truediv
maximum = _ops.maximum
minimum = _ops.minimum
pow = _ops.pow  # pylint: disable=redefined-builtin
squared_difference = _ops.squared_difference
clip_by_value = _ops.clip_by_value
matmul = _ops.matmul
reduce_sum = _ops.reduce_sum
reduce_mean = _ops.reduce_mean
reduce_max = _ops.reduce_max
reduce_min = _ops.reduce_min
reduce_prod = _ops.reduce_prod
argmax = _ops.argmax
argmin = _ops.argmin
gather = _ops.gather
equal = _ops.equal
not_equal = _ops.not_equal
less = _ops.less
less_equal = _ops.less_equal
greater = _ops.greater
greater_equal = _ops.greater_equal
logical_and = _ops.logical_and
logical_or = _ops.logical_or
logical_not = _ops.logical_not
logical_xor = _ops.logical_xor
where = _ops.where
where_v2 = _ops.where_v2
stop_gradient = _ops.stop_gradient
tile = _ops.tile
one_hot = _ops.one_hot
reshape = _ops.reshape
transpose = _ops.transpose
concat = _ops.concat
split = _ops.split
slice = _ops.slice  # pylint: disable=redefined-builtin
strided_slice = _ops.strided_slice
expand_dims = _ops.expand_dims
squeeze = _ops.squeeze
stack = _ops.stack
unstack = _ops.unstack
newaxis = None
pad = _ops.pad
shape = _ops.shape
assign = _ops.assign
assign_add = _ops.assign_add
assign_sub = _ops.assign_sub


# sessions (compiled code), initializers, groups
Session = _session.Session
InteractiveSession = _session.InteractiveSession
get_default_session = _session.get_default_session
global_variables_initializer = _session.global_variables_initializer
initialize_all_variables = _session.global_variables_initializer
local_variables_initializer = _session.local_variables_initializer
initialize_local_variables = _session.local_variables_initializer
variables_initializer = _session.variables_initializer
initialize_variables = _session.variables_initializer
group = _session.group
no_op = _session.no_op


def _submodule(name, **attrs):
    mod = types.ModuleType("tensorflow." + name)
    mod.__dict__.update(attrs)
    mod.__getattr__ = _unsupported_attribute("tensorflow." + name)
    return mod


image = _submodule(
    "image", resize_bilinear=_image.resize_bilinear,
    resize_nearest_neighbor=_image.resize_nearest_neighbor,
    resize_images=_image.resize_images, ResizeMethod=_image.ResizeMethod)
rnn_cell = _submodule(
    "nn.rnn_cell", RNNCell=_rnn.RNNCell, BasicRNNCell=_rnn.BasicRNNCell,
    BasicLSTMCell=_rnn.BasicLSTMCell, LSTMCell=_rnn.LSTMCell,
    GRUCell=_rnn.GRUCell, MultiRNNCell=_rnn.MultiRNNCell,
    LSTMStateTuple=_rnn.LSTMStateTuple)
nn = _submodule(
    "nn", conv2d=_ops.conv2d, depthwise_conv2d=_ops.depthwise_conv2d,
    relu=_ops.relu, relu6=_ops.relu6, bias_add=_ops.bias_add,
    leaky_relu=_ops.leaky_relu, elu=_ops.elu, softplus=_ops.softplus,
    max_pool=_ops.max_pool, avg_pool=_ops.avg_pool, softmax=_ops.softmax,
    log_softmax=_ops.log_softmax, sigmoid=_ops.sigmoid, tanh=_ops.tanh,
    rnn_cell=rnn_cell, static_rnn=_rnn.static_rnn,
    dynamic_rnn=_rnn.dynamic_rnn, embedding_lookup=_ops.embedding_lookup,
    batch_normalization=_ops.batch_normalization, dropout=_ops.dropout,
    moments=_ops.moments, l2_normalize=_ops.l2_normalize,
    conv2d_transpose=_ops.conv2d_transpose,
    fused_batch_norm=_ops.fused_batch_norm)
math = _submodule(
    "math", add=add, subtract=subtract, multiply=multiply, divide=divide,
    truediv=truediv, maximum=maximum, minimum=minimum, pow=pow, exp=exp,
    log=log, sin=sin, cos=cos, tanh=tanh, sigmoid=sigmoid, sqrt=sqrt,
    rsqrt=rsqrt, square=square, abs=abs, negative=negative,
    reduce_sum=reduce_sum, reduce_mean=reduce_mean, reduce_max=reduce_max,
    reduce_min=reduce_min, reduce_prod=reduce_prod, argmax=argmax,
    argmin=argmin,
    squared_difference=squared_difference, equal=equal, not_equal=not_equal,
    less=less, less_equal=less_equal, greater=greater,
    greater_equal=greater_equal, logical_and=logical_and,
    logical_or=logical_or, logical_not=logical_not, logical_xor=logical_xor,
    floor=floor, ceil=ceil, round=round, reciprocal=reciprocal)
initializers = _submodule(
    "initializers", zeros=zeros_initializer, ones=ones_initializer,
    constant=constant_initializer, random_uniform=random_uniform_initializer,
    random_normal=random_normal_initializer,
    truncated_normal=truncated_normal_initializer,
    glorot_uniform=glorot_uniform_initializer,
    glorot_normal=glorot_normal_initializer)
random = _submodule("random", uniform=random_uniform, normal=random_normal,
                    truncated_normal=truncated_normal,
                    set_random_seed=set_random_seed)
layers = _submodule("layers", dense=_layers.dense, conv2d=_layers.conv2d,
                    max_pooling2d=_layers.max_pooling2d,
                    average_pooling2d=_layers.average_pooling2d,
                    dropout=_layers.dropout, flatten=_layers.flatten,
                    batch_normalization=_layers.batch_normalization,
                    conv2d_transpose=_layers.conv2d_transpose)
compat = _submodule("compat", v1=sys.modules[__name__])
