# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s | FileCheck %s
# The errors of tf.nn.rnn_cell, tf.nn.static_rnn, tf.nn.dynamic_rnn and
# tf.clip_by_value: TF 1.15's texts where TF raises, tfsc's "does not
# support ... yet" where tfsc lacks what TF has, and tfsc's compile error
# for an ArgMax over an empty dimension, which TF's kernel rejects when it
# runs.
import tfs
from tfs.compat import v1 as tf

x = tf.placeholder(tf.float32, [2, 6, 3], name="x")
xs = tf.unstack(tf.placeholder(tf.float32, [6, 2, 3], name="xs"))
cell = tf.nn.rnn_cell.BasicRNNCell(4)
cases = [
    lambda: tf.nn.static_rnn(cell, x[0], dtype=tf.float32),
    lambda: tf.nn.static_rnn(cell, [], dtype=tf.float32),
    lambda: tf.nn.static_rnn(cell, xs),
    lambda: tf.nn.static_rnn(cell, xs, dtype=tf.float32,
                             sequence_length=[6, 6]),
    lambda: tf.nn.static_rnn("cell", xs, dtype=tf.float32),
    lambda: tf.nn.dynamic_rnn(cell, [x], dtype=tf.float32),
    lambda: tf.nn.dynamic_rnn(
        cell, tf.placeholder(tf.float32, [2, None, 3]), dtype=tf.float32),
    lambda: tf.nn.dynamic_rnn(
        cell, tf.placeholder(tf.float32, [None, 6, 3]), dtype=tf.float32),
    lambda: tf.nn.rnn_cell.MultiRNNCell([]),
    lambda: tf.nn.rnn_cell.MultiRNNCell(cell),
    lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4)],
                                        state_is_tuple=False),
    lambda: tf.nn.rnn_cell.LSTMCell(4, num_unit_shards=2),
    lambda: tf.nn.rnn_cell.GRUCell(4, activation="softsign"),
    lambda: tf.nn.rnn_cell.BasicRNNCell(4, dtype=tf.float64),
    lambda: cell.zero_state(tf.constant(2), tf.float32),
    lambda: tf.nn.rnn_cell.BasicRNNCell(4)(x, tf.zeros([2, 4])),
    lambda: tf.clip_by_value(tf.zeros([3]), tf.zeros([2, 3]), 1.0),
]
for case in cases:
    try:
        case()
        print("no error")
    except (ValueError, TypeError, NotImplementedError) as e:
        print(type(e).__name__ + ":", str(e).splitlines()[0])
# CHECK: TypeError: inputs must be a sequence
# CHECK-NEXT: ValueError: inputs must not be empty
# CHECK-NEXT: ValueError: If no initial_state is provided, dtype must be specified
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.nn.static_rnn(sequence_length=...) yet.
# CHECK-NEXT: TypeError: The argument 'cell' (cell) is not an RNNCell: tfsc runs the cells of tf.nn.rnn_cell.
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.nn.dynamic_rnn over nested inputs yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.nn.dynamic_rnn over a time dimension of unknown size (tfsc unrolls the steps: feed a static shape) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.nn.dynamic_rnn over inputs of unknown batch size (feed a static batch) yet.
# CHECK-NEXT: ValueError: Must specify at least one cell for MultiRNNCell.
# CHECK-NEXT: TypeError: cells must be a list or tuple, but saw: <tfs.rnn.BasicRNNCell object at {{.*}}>.
# CHECK-NEXT: ValueError: Some cells return tuples of states, but the flag state_is_tuple is not set.  State sizes are: [LSTMStateTuple(c=4, h=4)]
# CHECK-NEXT: NotImplementedError: tfsc does not support LSTMCell(num_unit_shards=..., num_proj_shards=...) (partitioned variables) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support the RNN cell activation 'softsign' yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support RNN cells of dtype float64 (float32 only) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support RNNCell.zero_state with a tensor batch size (give the inputs a static batch dimension) yet.
# CHECK-NEXT: ValueError: Input 0 of layer basic_rnn_cell is incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: (2, 6, 3)
# CHECK-NEXT: ValueError: Shapes (3,) and (2, 3) are not compatible

# ArgMax over a dimension of size 0: TF's kernel fails when it runs
# ("Reduction axis 1 is empty"); tfsc when it compiles.
empty = tf.argmax(tf.zeros([3, 0]), 1, name="empty")
try:
    tfs.compile(empty, output="/dev/null")
except Exception as e:  # pylint: disable=broad-except
    print(type(e).__name__ + ":", str(e).splitlines()[0])
# CHECK-NEXT: {{.*}}Error: {{.*}}ArgMax: Reduction axis 1 is empty in shape 'tensor<3x0xf32>'
