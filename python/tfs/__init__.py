# ===- __init__.py - the tfs Python package --------------------------------===#
#
# tfsc's Python front: `tfs.compat.v1` carries the TensorFlow 1 API names
# (graph building with exact TF 1.15 naming and variable-scope semantics)
# on top of the C++ frontend core in `tfs._tfs`.
#
# ===-----------------------------------------------------------------------===#
"""tfsc: compile TensorFlow-1-style models to native code."""

from tfs import compat  # noqa: F401
from tfs.framework import Graph, get_default_graph, reset_default_graph  # noqa: F401

__all__ = ["compat", "Graph", "get_default_graph", "reset_default_graph"]
