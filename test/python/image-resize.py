# RUN: rm -rf %t && mkdir -p %t
# RUN: env PYTHONPATH=%tfs_obj_root/python %python %s %t | FileCheck %s
# tf.image.resize_bilinear / resize_nearest_neighbor / resize_images: TF
# 1.15's ResizeBilinear / ResizeNearestNeighbor ops and resize_images'
# graph (scope "resize", a single image expanded and squeezed, a resize
# to the same size skipped); compiled at -O0 and -O3 against numpy
# following TF's kernels in float32 (scale in / out or (in - 1) / (out -
# 1) with align_corners, legacy or half-pixel coordinates, rows
# interpolated along x first): equal to the last bit (max |difference|
# printed), up- and downscaling, odd sizes.
import os
import sys

import numpy as np

import tfs
from tfs.compat import v1 as tf

out = sys.argv[1]
f32 = np.float32


def scale_of(inl, outl, align):
    if align and outl > 1:
        return f32(inl - 1) / f32(outl - 1)
    return f32(inl) / f32(outl)


def ref_bilinear(x, oh, ow, align, half):
    def weights(inl, outl):
        scale = scale_of(inl, outl, align)
        lo, up, lerp = [], [], []
        for i in range(outl):
            at = (f32(i) + f32(0.5)) * scale - f32(0.5) if half \
                else f32(i) * scale
            fl = np.floor(at)
            lo.append(max(int(fl), 0))
            up.append(min(int(np.ceil(at)), inl - 1))
            lerp.append(f32(at - fl))
        return lo, up, np.array(lerp, f32)
    ly, uy, wy = weights(x.shape[1], oh)
    lx, ux, wx = weights(x.shape[2], ow)
    tl, tr = x[:, ly][:, :, lx], x[:, ly][:, :, ux]
    bl, br = x[:, uy][:, :, lx], x[:, uy][:, :, ux]
    wx, wy = wx[None, None, :, None], wy[None, :, None, None]
    top, bottom = tl + (tr - tl) * wx, bl + (br - bl) * wx
    return top + (bottom - top) * wy


def ref_nearest(x, oh, ow, align, half):
    def rows(inl, outl):
        scale = scale_of(inl, outl, align)
        out_rows = []
        for i in range(outl):
            at = (f32(i) + f32(0.5)) * scale if half else f32(i) * scale
            # C's roundf: halves away from zero (numpy rounds them to even).
            at = np.floor(at + f32(0.5)) if align else np.floor(at)
            out_rows.append(max(min(int(at), inl - 1), 0))
        return out_rows
    return x[:, rows(x.shape[1], oh)][:, :, rows(x.shape[2], ow)]


x = tf.placeholder(tf.float32, [2, 5, 7, 3], name="x")
cases = [(10, 14, False, False), (3, 4, False, False), (9, 13, True, False),
         (8, 8, False, True), (11, 5, False, False)]
rng = np.random.default_rng(0)
xv = rng.standard_normal([2, 5, 7, 3]).astype(np.float32)
outs, wants = [], []
for oh, ow, align, half in cases:
    outs.append(tf.image.resize_bilinear(x, [oh, ow], align_corners=align,
                                         half_pixel_centers=half))
    wants.append(ref_bilinear(xv, oh, ow, align, half))
    outs.append(tf.image.resize_nearest_neighbor(
        x, [oh, ow], align_corners=align, half_pixel_centers=half))
    wants.append(ref_nearest(xv, oh, ow, align, half))
r = tf.image.resize_images(x, [10, 14])
same = tf.image.resize_images(x[0], [5, 7],
                              method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
single = tf.image.resize_images(x[1], (6, 6),
                                method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
for t in (outs[0], outs[1], r, same, single):
    print(t.name, t.shape, t.dtype.name, [i.name for i in t.op.inputs])
# CHECK: ResizeBilinear:0 (2, 10, 14, 3) float32 ['x:0', 'ResizeBilinear/size:0']
# CHECK-NEXT: ResizeNearestNeighbor:0 (2, 10, 14, 3) float32 ['x:0', 'ResizeNearestNeighbor/size:0']
# CHECK-NEXT: resize/ResizeBilinear:0 (2, 10, 14, 3) float32 ['x:0', 'resize/size:0']
# CHECK-NEXT: resize_1/Squeeze:0 (5, 7, 3) float32 ['resize_1/ExpandDims:0']
# CHECK-NEXT: resize_2/Squeeze:0 (6, 6, 3) float32 ['resize_2/ResizeNearestNeighbor:0']
outs += [r, single]
wants += [ref_bilinear(xv, 10, 14, False, False),
          ref_nearest(xv[1:], 6, 6, False, False)[0]]
for level in (0, 3):
    m = tfs.load(tfs.compile(outs, opt_level=level,
                             output=os.path.join(out, "librs%d.so" % level)))
    got = m.run({"x": xv})
    print(level, max(float(np.abs(got[o.name] - w).max())
                     for o, w in zip(outs, wants)))
# CHECK-NEXT: 0 0.0
# CHECK-NEXT: 3 0.0

for bad in (lambda: tf.image.resize_images(x, [4, 4], method=2),
            lambda: tf.image.resize_bilinear(x, [4, 4, 4]),
            lambda: tf.image.resize_images(x[0][0], [4, 4])):
    try:
        bad()
    except (ValueError, NotImplementedError) as err:
        print(type(err).__name__ + ":", err)
# CHECK-NEXT: NotImplementedError: tfsc does not support tf.image.resize_images with method BICUBIC yet.
# CHECK-NEXT: ValueError: Dimension must be 2 but is 3 for 'ResizeBilinear_{{[0-9]+}}' (op: 'ResizeBilinear') with input shapes: [2,5,7,3], [3] and with computed input tensors: input[1] = <4 4 4>.
# CHECK-NEXT: ValueError: 'images' must have either 3 or 4 dimensions.
bad = tf.image.resize_bilinear(x, [4, 4], align_corners=True,
                               half_pixel_centers=True)
try:
    tfs.compile(bad, output=os.path.join(out, "libbad.so"))
except Exception as err:  # pylint: disable=broad-except
    print(str(err).splitlines()[-1].replace(__file__, "FILE"))
# CHECK-NEXT: FILE:{{[0-9]+}}: TF op ResizeBilinear ('ResizeBilinear_{{[0-9]+}}'): If half_pixel_centers is True, align_corners must be False.
