# ===- __init__.py - the tfs Python package --------------------------------===#
#
# tfsc's Python front: `tfs.compat.v1` carries the TensorFlow 1 API names
# (graph building with exact TF 1.15 naming and variable-scope semantics,
# tf.Session on compiled code) on top of the C++ frontend core in
# `tfs._tfs`; tfs.compile / tfs.load compile a graph to a model .so and run
# one on numpy arrays.
#
# ===-----------------------------------------------------------------------===#
"""tfsc: compile TensorFlow-1-style models to native code."""

from tfs import compat  # noqa: F401
from tfs import errors  # noqa: F401
from tfs.compiler import Model, compile, load  # noqa: F401  pylint: disable=redefined-builtin
from tfs.framework import Graph, get_default_graph, reset_default_graph  # noqa: F401
from tfs.session import InteractiveSession, Session  # noqa: F401

__all__ = ["compat", "errors", "compile", "load", "Model", "Session",
           "InteractiveSession", "Graph", "get_default_graph",
           "reset_default_graph"]
