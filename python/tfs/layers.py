# ===- layers.py - tf.layers (TF 1.15's legacy layers) ---------------------===#
#
# tf.layers.dense, conv2d, max_pooling2d, average_pooling2d, flatten,
# dropout and batch_normalization (at inference) with the
# variable management of TF 1.15's legacy layers (tensorflow/python/layers/
# base.py): a layer's variable scope is opened once, at its first call,
# as variable_scope(name) when named or variable_scope(None,
# default_name="dense") otherwise (so "dense", "dense_1", ... and a
# surrounding scope's prefix), `reuse` passed through; its variables are
# get_variable("kernel") / ("bias") in that scope, and its ops are created
# in the scope's original name scope ("dense/MatMul", "dense/BiasAdd",
# "dense/Relu").
#
# ===-----------------------------------------------------------------------===#
"""tf.layers: dense, conv2d, max_pooling2d, average_pooling2d, flatten,
dropout, batch_normalization (at inference)."""

import numpy as np

from tfs import framework
from tfs import init_ops
from tfs import ops
from tfs import variable_scope as vs

_unsupported = framework.unsupported


class _Layer(object):
    """The variable and name scoping of TF 1.15's tf.layers.Layer."""

    base_name = None

    def __init__(self, name=None, reuse=None, trainable=True):
        self._reuse = reuse
        self._trainable = trainable
        self.built = False
        if name:
            with vs.variable_scope(name) as captured:
                self._scope = captured
        else:
            self._scope = None

    def _set_scope(self, scope=None):
        if self._scope is not None:
            return
        if self._reuse:
            with vs.variable_scope(scope if scope is not None else
                                   self.base_name) as captured:
                self._scope = captured
        else:
            with vs.variable_scope(scope,
                                   default_name=self.base_name) as captured:
                self._scope = captured

    def add_weight(self, name, shape, initializer, trainable=True):
        with vs.variable_scope(self._scope, reuse=self.built or self._reuse,
                               auxiliary_name_scope=False) as scope:
            with framework.name_scope(scope.original_name_scope):
                return vs.get_variable(
                    name, shape, initializer=initializer,
                    trainable=self._trainable and trainable)

    def _scoped_call(self, inputs, call, scope=None):
        """base.Layer.__call__: call(inputs) in the layer's variable scope
        (reused once built) and the scope's original name scope, the layer
        built first from the inputs' shape."""
        self._set_scope(scope)
        inputs = framework.convert_to_tensor(inputs)
        with vs.variable_scope(self._scope,
                               reuse=True if self.built else self._reuse,
                               auxiliary_name_scope=False) as current:
            with framework.name_scope(current.original_name_scope):
                if not self.built:
                    self.build(inputs.shape)
                    self.built = True
                return call(inputs)

    def __call__(self, inputs):
        return self._scoped_call(inputs, self.call)

    def build(self, input_shape):
        pass


def _reject(where, **unsupported):
    for arg, value in unsupported.items():
        if value is not None:
            _unsupported("tf.layers.%s(%s=...)" % (where, arg))


def _pair(value, what):
    if isinstance(value, int):
        return (value, value)
    value = tuple(value)
    if len(value) != 2 or not all(isinstance(v, int) for v in value):
        raise ValueError("The `%s` argument must be a tuple of 2 integers. "
                         "Received: %s" % (what, value))
    return value


def _padding(padding):
    """Keras' normalize_padding, as TF's padding string."""
    padding = padding.lower() if isinstance(padding, str) else padding
    if padding not in ("valid", "same", "causal"):
        raise ValueError("The `padding` argument must be one of \"valid\", "
                         "\"same\" (or \"causal\", only for `Conv1D). "
                         "Received: %s" % padding)
    if padding == "causal":
        raise ValueError("Causal padding is only supported for `Conv1D` and "
                         "``SeparableConv1D`.")
    return padding.upper()


def _channels_last(data_format, where):
    if data_format != "channels_last":
        _unsupported("tf.layers.%s(data_format=%r) (only channels_last)" %
                     (where, data_format))


def _channels(input_shape):
    """The inputs' (last) channel dimension, which must be known."""
    channels = input_shape[-1].value if input_shape.ndims else None
    if channels is None:
        raise ValueError("The channel dimension of the inputs should be "
                         "defined. Found `None`.")
    return channels


class _Kernel(_Layer):
    """A layer with a kernel, an optional bias added to its product, and
    an optional activation (Dense, Conv2D)."""

    def __init__(self, activation, use_bias, kernel_initializer,
                 bias_initializer, **kwargs):
        super(_Kernel, self).__init__(**kwargs)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer

    def _add_weights(self, kernel_shape):
        self.kernel = self.add_weight("kernel", kernel_shape,
                                      self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", [kernel_shape[-1]],
                                        self.bias_initializer)

    def _finish(self, outputs):
        if self.use_bias:
            outputs = ops.bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation else outputs


class _Dense(_Kernel):
    base_name = "dense"

    def __init__(self, units, *args, **kwargs):
        super(_Dense, self).__init__(*args, **kwargs)
        self.units = int(units)

    def build(self, input_shape):
        last = input_shape[-1].value if input_shape.ndims else None
        if last is None:
            raise ValueError("The last dimension of the inputs to `Dense` "
                             "should be defined. Found `None`.")
        self._add_weights([last, self.units])

    def call(self, inputs):
        if inputs.shape.ndims != 2:
            _unsupported("tf.layers.dense on inputs of rank %s (tensordot)" %
                         inputs.shape.ndims)
        return self._finish(ops.matmul(inputs, self.kernel))


class _Conv2D(_Kernel):
    base_name = "conv2d"

    def __init__(self, filters, kernel_size, strides, padding, dilation_rate,
                 *args, **kwargs):
        super(_Conv2D, self).__init__(*args, **kwargs)
        self.filters = int(filters)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.strides = _pair(strides, "strides")
        self.padding = _padding(padding)
        self.dilation_rate = _pair(dilation_rate, "dilation_rate")

    def build(self, input_shape):
        self._add_weights(list(self.kernel_size) +
                          [_channels(input_shape), self.filters])

    def call(self, inputs):
        return self._finish(ops.conv2d(
            inputs, self.kernel, strides=[1] + list(self.strides) + [1],
            padding=self.padding,
            dilations=[1] + list(self.dilation_rate) + [1]))


class _Conv2DTranspose(_Conv2D):
    """Keras' Conv2DTranspose (TF 1.15's v1 layer): kernel (kh, kw,
    filters, channels); the output shape computed from tf.shape(inputs) as
    TF builds it (deconv_output_length), the static shape set from the
    input's."""

    base_name = "conv2d_transpose"

    def build(self, input_shape):
        channels = _channels(input_shape)
        if self.dilation_rate != (1, 1):
            _unsupported("tf.layers.conv2d_transpose with dilation_rate")
        self.kernel = self.add_weight(
            "kernel", list(self.kernel_size) + [self.filters, channels],
            self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.filters],
                                        self.bias_initializer)

    def _length(self, size, kernel, stride):
        """conv_utils.deconv_output_length without output_padding."""
        if size is None:
            return None
        size = size * stride
        if self.padding == "VALID":
            size = size + max(kernel - stride, 0)
        return size

    def call(self, inputs):
        inputs_shape = ops.shape(inputs)
        batch_size = inputs_shape[0]
        height, width = inputs_shape[1], inputs_shape[2]
        out_height = self._length(height, self.kernel_size[0],
                                  self.strides[0])
        out_width = self._length(width, self.kernel_size[1], self.strides[1])
        output_shape = ops.stack((batch_size, out_height, out_width,
                                  self.filters))
        # backend.conv2d_transpose indexes the shape tensor to see whether
        # the batch is known (a StridedSlice TF builds too).
        output_shape[0]  # pylint: disable=pointless-statement
        outputs = ops.conv2d_transpose(
            inputs, self.kernel, output_shape,
            [1] + list(self.strides) + [1], padding=self.padding)
        dims = inputs.shape.as_list()
        outputs.set_shape([
            dims[0], self._length(dims[1], self.kernel_size[0],
                                  self.strides[0]),
            self._length(dims[2], self.kernel_size[1], self.strides[1]),
            self.filters])
        return self._finish(outputs)


class _Pooling2D(_Layer):

    def __init__(self, pool, base_name, pool_size, strides, padding,
                 **kwargs):
        self.base_name = base_name
        super(_Pooling2D, self).__init__(**kwargs)
        self.pool = pool
        self.pool_size = _pair(pool_size, "pool_size")
        self.strides = _pair(strides, "strides")
        self.padding = _padding(padding)

    def call(self, inputs):
        return self.pool(inputs, ksize=[1] + list(self.pool_size) + [1],
                         strides=[1] + list(self.strides) + [1],
                         padding=self.padding, data_format="NHWC")


class _Dropout(_Layer):
    base_name = "dropout"

    def call(self, inputs):
        # Keras' smart_cond with training=False: the inputs through an
        # Identity ("dropout/Identity").
        return ops.identity(inputs)


class _BatchNormalization(_Layer):
    """Keras' BatchNormalization at inference (TF 1.15's v1 layer): gamma,
    beta, moving_mean and moving_variance (the last two not trainable);
    a 4-D input through FusedBatchNormV3 ("batch_normalization/
    FusedBatchNormV3"), others through tf.nn.batch_normalization with the
    moving statistics."""

    base_name = "batch_normalization"

    def __init__(self, axis, epsilon, initializers, fused, **kwargs):
        super(_BatchNormalization, self).__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon
        self.initializers = initializers
        self.fused = fused

    def build(self, input_shape):
        ndims = input_shape.ndims
        if ndims is None:
            raise ValueError("Input has undefined rank:", input_shape)
        axis = self.axis + ndims if self.axis < 0 else self.axis
        if axis < 0 or axis >= ndims:
            raise ValueError("Invalid axis: %d" % self.axis)
        if axis != ndims - 1:
            _unsupported("tf.layers.batch_normalization over axis %d of a "
                         "rank-%d input (only the last axis)" %
                         (self.axis, ndims))
        channels = input_shape[axis].value
        if channels is None:
            raise ValueError("Input has undefined `axis` dimension. Input "
                             "shape: ", input_shape)
        if self.fused is None:
            self.fused = ndims == 4
        gamma, beta, mean, variance = self.initializers
        self.gamma = self.add_weight("gamma", [channels], gamma)
        self.beta = self.add_weight("beta", [channels], beta)
        self.moving_mean = self.add_weight("moving_mean", [channels], mean,
                                           trainable=False)
        self.moving_variance = self.add_weight(
            "moving_variance", [channels], variance, trainable=False)

    def call(self, inputs):
        if self.fused and inputs.shape.ndims == 4:
            return ops.fused_batch_norm(
                inputs, self.gamma, self.beta, mean=self.moving_mean,
                variance=self.moving_variance, epsilon=self.epsilon,
                is_training=False, data_format="NHWC")[0]
        if self.fused:
            raise ValueError("Only 4D inputs are supported when fused=True "
                             "(got rank %d)" % inputs.shape.ndims)
        outputs = ops.batch_normalization(
            inputs, self.moving_mean, self.moving_variance, self.beta,
            self.gamma, self.epsilon)
        outputs.set_shape(inputs.shape)
        return outputs


class _Flatten(_Layer):
    base_name = "flatten"

    def call(self, inputs):
        # TF 1.15's Flatten: reshape to (batch, -1), the batch a constant
        # when known, else tf.shape(inputs)[0]; then the static shape.
        dims = inputs.shape.as_list() if inputs.shape.ndims else None
        if dims is None:
            _unsupported("tf.layers.flatten of a tensor of unknown rank")
        batch = dims[0] if dims and dims[0] is not None else \
            ops.shape(inputs)[0]
        outputs = ops.reshape(inputs, (batch, -1))
        rest = dims[1:]
        outputs.set_shape([dims[0] if dims else None,
                           int(np.prod(rest)) if all(rest) else None])
        return outputs


def flatten(inputs, name=None, data_format="channels_last"):
    _channels_last(data_format, "flatten")
    return _Flatten(name=name)(inputs)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False,
            name=None):
    if training is not False:
        _unsupported("tf.layers.dropout with training=%r (only inference: "
                     "training=False)" % (training,))
    return _Dropout(name=name)(inputs)


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3,
                        center=True, scale=True,
                        beta_initializer=init_ops.zeros_initializer(),
                        gamma_initializer=init_ops.ones_initializer(),
                        moving_mean_initializer=init_ops.zeros_initializer(),
                        moving_variance_initializer=init_ops.ones_initializer(),
                        beta_regularizer=None, gamma_regularizer=None,
                        beta_constraint=None, gamma_constraint=None,
                        training=False, trainable=True, name=None, reuse=None,
                        renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None,
                        virtual_batch_size=None, adjustment=None):
    """tf.layers.batch_normalization at inference (training=False): the
    moving statistics normalize the input."""
    del momentum, renorm_momentum  # Used only when training.
    if training is not False:
        _unsupported("tf.layers.batch_normalization with training=%r (only "
                     "inference: training=False)" % (training,))
    if not center or not scale:
        _unsupported("tf.layers.batch_normalization with center=False or "
                     "scale=False")
    if renorm or virtual_batch_size is not None or adjustment is not None:
        _unsupported("tf.layers.batch_normalization with renorm, "
                     "virtual_batch_size or adjustment")
    _reject("batch_normalization", beta_regularizer=beta_regularizer,
            gamma_regularizer=gamma_regularizer,
            beta_constraint=beta_constraint,
            gamma_constraint=gamma_constraint,
            renorm_clipping=renorm_clipping)
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            _unsupported("tf.layers.batch_normalization over several axes")
        axis = axis[0]
    return _BatchNormalization(
        int(axis), epsilon,
        (gamma_initializer, beta_initializer, moving_mean_initializer,
         moving_variance_initializer), fused, name=name, reuse=reuse,
        trainable=trainable)(inputs)


def dense(inputs, units, activation=None, use_bias=True,
          kernel_initializer=None,
          bias_initializer=init_ops.zeros_initializer(),
          kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None, trainable=True, name=None, reuse=None):
    _reject("dense", kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint)
    return _Dense(units, activation, use_bias, kernel_initializer,
                  bias_initializer, name=name, reuse=reuse,
                  trainable=trainable)(inputs)


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1),
           activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=init_ops.zeros_initializer(),
           kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    _channels_last(data_format, "conv2d")
    _reject("conv2d", kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint)
    return _Conv2D(filters, kernel_size, strides, padding, dilation_rate,
                   activation, use_bias, kernel_initializer,
                   bias_initializer, name=name, reuse=reuse,
                   trainable=trainable)(inputs)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1),
                     padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(),
                     kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
    _channels_last(data_format, "conv2d_transpose")
    _reject("conv2d_transpose", kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint)
    return _Conv2DTranspose(filters, kernel_size, strides, padding, (1, 1),
                            activation, use_bias, kernel_initializer,
                            bias_initializer, name=name, reuse=reuse,
                            trainable=trainable)(inputs)


def max_pooling2d(inputs, pool_size, strides, padding="valid",
                  data_format="channels_last", name=None):
    _channels_last(data_format, "max_pooling2d")
    return _Pooling2D(ops.max_pool, "max_pooling2d", pool_size, strides,
                      padding, name=name)(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid",
                      data_format="channels_last", name=None):
    _channels_last(data_format, "average_pooling2d")
    return _Pooling2D(ops.avg_pool, "average_pooling2d", pool_size, strides,
                      padding, name=name)(inputs)
