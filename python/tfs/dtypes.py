# ===- dtypes.py - TF DType objects ----------------------------------------===#
#
# DType objects that print and compare like TF 1.15's (`tf.float32`,
# `<dtype: 'float32'>`, `float32_ref`).
#
# ===-----------------------------------------------------------------------===#
"""TF dtypes."""

import numpy as np

from tfs import _tfs


class DType(object):
    """A TensorFlow element type (optionally a reference type)."""

    def __init__(self, enum, is_ref=False):
        self._enum = enum
        self._is_ref = is_ref

    @property
    def name(self):
        base = _tfs.dtype_name(self._enum)
        return base + "_ref" if self._is_ref else base

    @property
    def base_dtype(self):
        return _BY_ENUM[self._enum] if self._is_ref else self

    @property
    def _ref_dtype(self):
        return _REF_BY_ENUM[self._enum]

    @property
    def _is_ref_dtype(self):
        return self._is_ref

    @property
    def is_floating(self):
        return _tfs.is_floating(self._enum)

    @property
    def is_integer(self):
        return _tfs.is_integer(self._enum)

    @property
    def is_unsigned(self):
        return _tfs.is_unsigned(self._enum)

    @property
    def is_complex(self):
        return _tfs.is_complex(self._enum)

    @property
    def is_bool(self):
        return self._enum == _tfs.DType.bool

    @property
    def as_numpy_dtype(self):
        return np.dtype(_tfs.dtype_name(self._enum)).type

    def is_compatible_with(self, other):
        return self._enum == as_dtype(other)._enum

    def __eq__(self, other):
        if other is None:
            return False
        try:
            other = as_dtype(other)
        except TypeError:
            return False
        return self._enum == other._enum and self._is_ref == other._is_ref

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((int(self._enum), self._is_ref))

    def __repr__(self):
        return "tf." + self.name

    def __str__(self):
        return "<dtype: '%s'>" % self.name


_BY_ENUM = {}
_REF_BY_ENUM = {}
for _name, _enum in _tfs.DType.__members__.items():
    _BY_ENUM[_enum] = DType(_enum)
    _REF_BY_ENUM[_enum] = DType(_enum, is_ref=True)

float16 = half = _BY_ENUM[_tfs.DType.float16]
bfloat16 = _BY_ENUM[_tfs.DType.bfloat16]
float32 = _BY_ENUM[_tfs.DType.float32]
float64 = double = _BY_ENUM[_tfs.DType.float64]
int8 = _BY_ENUM[_tfs.DType.int8]
int16 = _BY_ENUM[_tfs.DType.int16]
int32 = _BY_ENUM[_tfs.DType.int32]
int64 = _BY_ENUM[_tfs.DType.int64]
uint8 = _BY_ENUM[_tfs.DType.uint8]
uint16 = _BY_ENUM[_tfs.DType.uint16]
uint32 = _BY_ENUM[_tfs.DType.uint32]
uint64 = _BY_ENUM[_tfs.DType.uint64]
bool_ = _BY_ENUM[_tfs.DType.bool]
string = _BY_ENUM[_tfs.DType.string]
complex64 = _BY_ENUM[_tfs.DType.complex64]
complex128 = _BY_ENUM[_tfs.DType.complex128]
float32_ref = _REF_BY_ENUM[_tfs.DType.float32]
float64_ref = _REF_BY_ENUM[_tfs.DType.float64]
int32_ref = _REF_BY_ENUM[_tfs.DType.int32]
int64_ref = _REF_BY_ENUM[_tfs.DType.int64]

_NAMES = {d.name: d for d in _BY_ENUM.values()}
_NAMES.update({d.name: d for d in _REF_BY_ENUM.values()})
_NAMES.update({"half": float16, "float": float32, "double": float64})


def as_dtype(type_value):
    """tf.as_dtype: DType, name, numpy dtype or Python type -> DType."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, _tfs.DType):
        return _BY_ENUM[type_value]
    if isinstance(type_value, str):
        if type_value in _NAMES:
            return _NAMES[type_value]
    else:
        if type_value is float:
            return float32
        if type_value is int:
            return int32
        if type_value is bool:
            return bool_
        try:
            npd = np.dtype(type_value)
        except TypeError:
            npd = None
        if npd is not None and npd.name in _NAMES:
            return _NAMES[npd.name]
    raise TypeError("Cannot convert value %r to a TensorFlow DType." %
                    (type_value,))
