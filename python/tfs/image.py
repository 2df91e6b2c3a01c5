# ===- image.py - tf.image resizing (TF 1.15) ------------------------------===#
#
# tf.image.resize_bilinear, resize_nearest_neighbor and resize_images
# (bilinear and nearest neighbor) with TF 1.15's graphs: the ResizeBilinear
# / ResizeNearestNeighbor ops, resize_images' "resize" name scope, its
# expand_dims / squeeze around a single image and its skipping of a resize
# to the same size.
#
# ===-----------------------------------------------------------------------===#
"""tf.image: resizing."""

from tfs import _tfs
from tfs import dtypes
from tfs import framework
from tfs import ops
from tfs.framework import convert_to_tensor, name_scope

_unsupported = framework.unsupported


class ResizeMethod(object):
    """tf.image.ResizeMethod (TF 1.15's v1 values)."""
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def _resize(op_type, images, size, align_corners, name, half_pixel_centers):
    return ops._apply1(op_type, name, [("images", images), ("size", size)],
                       {"align_corners": bool(align_corners),
                        "half_pixel_centers": bool(half_pixel_centers)},
                       same_type=False)


def resize_bilinear(images, size, align_corners=False, name=None,
                    half_pixel_centers=False):
    return _resize("ResizeBilinear", images, size, align_corners, name,
                   half_pixel_centers)


def resize_nearest_neighbor(images, size, align_corners=False, name=None,
                            half_pixel_centers=False):
    return _resize("ResizeNearestNeighbor", images, size, align_corners,
                   name, half_pixel_centers)


def resize_images(images, size, method=ResizeMethod.BILINEAR,
                  align_corners=False, preserve_aspect_ratio=False,
                  name=None):
    """tf.image.resize_images (TF 1.15's v1 resize)."""
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        if method in (ResizeMethod.BICUBIC, ResizeMethod.AREA):
            _unsupported("tf.image.resize_images with method %s" %
                         ("BICUBIC" if method == ResizeMethod.BICUBIC
                          else "AREA"))
        raise ValueError("Resize method is not implemented.")
    if preserve_aspect_ratio:
        _unsupported("tf.image.resize_images(preserve_aspect_ratio=True)")
    with name_scope(name, "resize", [images, size]):
        images = convert_to_tensor(images, name="images")
        if images.shape.ndims is None:
            raise ValueError("'images' contains no shape.")
        is_batch = True
        if images.shape.ndims == 3:
            is_batch = False
            images = ops.expand_dims(images, 0)
        elif images.shape.ndims != 4:
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        _, height, width, _ = images.shape.as_list()
        try:
            size = convert_to_tensor(size, dtypes.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor")
        if not size.shape.is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: "
                             "new_height, new_width")
        new_size = _tfs.constant_value(size._c)
        new_height, new_width = (None, None) if new_size is None else \
            (int(new_size[0]), int(new_size[1]))
        if None not in (new_width, width, new_height, height) and \
                width == new_width and height == new_height:
            if not is_batch:
                images = ops.squeeze(images, axis=[0])
            return images
        if method == ResizeMethod.BILINEAR:
            images = resize_bilinear(images, size,
                                     align_corners=align_corners)
        else:
            images = resize_nearest_neighbor(images, size,
                                             align_corners=align_corners)
        images.set_shape([None, new_height, new_width, None])
        if not is_batch:
            images = ops.squeeze(images, axis=[0])
        return images
