# RUN: tfsc run %s | FileCheck %s
# TF features tfsc does not have raise NotImplementedError naming them,
# never a silent no-op.
import tensorflow as tf

cases = [
    lambda: tf.get_variable("a", [1], partitioner=lambda *a, **k: None),
    lambda: tf.get_variable("b", [1], caching_device="/cpu:0"),
    lambda: tf.variable_scope("s", caching_device="/cpu:0").__enter__(),
    lambda: tf.variable_scope("s", custom_getter=lambda *a, **k: None),
    lambda: tf.get_variable("c", [1], use_resource=True),
    lambda: tf.get_variable("d", [1], constraint=lambda v: v),
    lambda: tf.Variable(1.0, caching_device="/cpu:0"),
    lambda: tf.Variable(1.0, shape=[]),
    lambda: tf.constant([1.0, 2.0])[tf.constant(0)],
    lambda: tf.constant([1.0, 2.0])[tf.constant([True, False])],
    lambda: tf.constant(1.0).op.node_def,
]
for case in cases:
    try:
        case()
        print("no error")
    except NotImplementedError as e:
        print("NotImplementedError:", e)
# CHECK: NotImplementedError: tfsc does not support partitioned variables yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support get_variable(caching_device=...) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support variable_scope(caching_device=...) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support custom getters yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support resource variables yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support variable constraints yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.Variable(caching_device=...) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.Variable(shape=...) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support indexing a Tensor with a tensor index (a tf.strided_slice with computed bounds) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support boolean masks as indices (tf.boolean_mask) yet.
# CHECK-NEXT: NotImplementedError: tfsc does not support Operation.node_def yet.
# CHECK-NOT: no error
