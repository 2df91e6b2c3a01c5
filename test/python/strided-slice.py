# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# Tensor indexing (x[1], x[:, -1], x[..., ::2], newaxis, negative strides)
# builds TF 1.15's graph (scope "strided_slice", constants "stack",
# "stack_1", "stack_2", the StridedSlice op) with TF's static shapes, and
# the compiled model (at -O0 and -O3) takes exactly numpy's elements for
# the same index. tf.strided_slice with explicit masks too; bad indices
# raise TF's errors.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
x = tf.placeholder(tf.float32, [4, 5, 6], name="x")
indices = [
    (1,),
    (slice(None), -1),
    (Ellipsis, slice(None, None, 2)),
    (slice(1, 3), None, slice(None, None, -1), 2),
    (slice(None, None, -2), slice(1, 4), slice(-3, None)),
    (slice(None), slice(None), tf.newaxis, slice(3, 0, -1)),
    (-1, -1, -1),
    (slice(2, 100), slice(-100, 2)),
    (slice(3, 1),),
    (Ellipsis, 0, slice(None, None, 3)),
    (slice(None, None, -1), slice(None, 2)),
]
ys = []
for key in indices:
    y = x[key]
    ys.append(y)
    print(y.name, y.shape, y.shape.as_list() == list(
        np.zeros([4, 5, 6])[key].shape))
print([op.name for op in tf.get_default_graph().get_operations()][1:5])
# CHECK: strided_slice:0 (5, 6) True
# CHECK-NEXT: strided_slice_1:0 (4, 6) True
# CHECK-NEXT: strided_slice_2:0 (4, 5, 3) True
# CHECK-NEXT: strided_slice_3:0 (2, 1, 5) True
# CHECK-NEXT: strided_slice_4:0 (2, 3, 3) True
# CHECK-NEXT: strided_slice_5:0 (4, 5, 1, 3) True
# CHECK-NEXT: strided_slice_6:0 () True
# CHECK-NEXT: strided_slice_7:0 (2, 2, 6) True
# CHECK-NEXT: strided_slice_8:0 (0, 5, 6) True
# CHECK-NEXT: strided_slice_9:0 (4, 2) True
# CHECK-NEXT: strided_slice_10:0 (4, 2, 6) True
# CHECK-NEXT: ['strided_slice/stack', 'strided_slice/stack_1', 'strided_slice/stack_2', 'strided_slice']

# tf.strided_slice itself: the op takes the given name and its Python
# bounds become constants named after its inputs.
z = tf.strided_slice(x, [0, 1], [4, 5], [2, 2], shrink_axis_mask=0,
                     end_mask=1, name="every_other")
print(z.name, z.shape, [t.name for t in z.op.inputs])
# CHECK-NEXT: every_other:0 (2, 2, 6) ['x:0', 'every_other/begin:0', 'every_other/end:0', 'every_other/strides:0']
ys.append(z)

xv = np.random.default_rng(3).uniform(-1, 1, [4, 5, 6]).astype(np.float32)
wants = [xv[key] for key in indices] + [xv[0:4:2, 1:5:2]]
for level in (0, 3):
    m = tfs.load(tfs.compile(ys, output=os.path.join(out, "lib%d.so" % level),
                             opt_level=level))
    got = m.run({"x": xv})
    print("-O%d" % level, all(got[y.name].shape == w.shape and
                     np.array_equal(got[y.name], w)
                     for y, w in zip(ys, wants)))
# CHECK-NEXT: -O0 True
# CHECK-NEXT: -O3 True

# Errors, as TF raises them at graph construction.
for key in [(4,), (0, 0, -7), (slice(None, None, 0),), (0, 0, 0, 0),
            (Ellipsis, 1, Ellipsis), (1.5,), True]:
    try:
        x[key]
        print("no error for", key)
    except (ValueError, TypeError, NotImplementedError) as e:
        print(type(e).__name__ + ":", str(e).split(" for '")[0])
# CHECK-NEXT: ValueError: slice index 4 of dimension 0 out of bounds.
# CHECK-NEXT: ValueError: slice index -7 of dimension 2 out of bounds.
# CHECK-NEXT: ValueError: strides[0] must be non-zero
# CHECK-NEXT: ValueError: Index out of range using input dim 3; input has only 3 dims
# CHECK-NEXT: ValueError: Multiple ellipses in slice spec not allowed
# CHECK-NEXT: TypeError: Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 tensors are valid indices, got 1.5
# CHECK-NEXT: NotImplementedError: tfsc does not support boolean masks as indices (tf.boolean_mask) yet.
try:
    x[tf.constant(1)]
except NotImplementedError as e:
    print(e)
# CHECK-NEXT: tfsc does not support indexing a Tensor with a tensor index (a tf.strided_slice with computed bounds) yet.
# tf.strided_slice's own argument errors, as TF's shape function words
# them (the op's context cut off at " for '").
for make in [lambda: tf.strided_slice(x, [0, 0], [1], [1, 1]),
             lambda: tf.strided_slice(x, [1], [2], [-1], shrink_axis_mask=1)]:
    try:
        make()
        print("no error")
    except ValueError as e:
        print("ValueError:", str(e).split(" for '")[0])
# CHECK-NEXT: ValueError: Expected begin, end, and strides to be 1D equal size tensors, but got shapes [2], [1], and [2] instead.
# CHECK-NEXT: ValueError: only stride 1 allowed on non-range indexing.
for make in [lambda: tf.strided_slice(x, [0], [1], [1], var=x),
             lambda: tf.strided_slice(x, tf.constant([0]), [1])]:
    try:
        make()
        print("no error")
    except NotImplementedError as e:
        print(e)
# CHECK-NEXT: tfsc does not support tf.strided_slice(var=...) yet.
# CHECK-NEXT: tfsc does not support tf.strided_slice with a tensor begin and no strides yet.
