# ===- compat/__init__.py - TF compatibility namespaces ---------------------===#
"""TensorFlow compatibility namespaces (`tfs.compat.v1`)."""

from tfs.compat import v1  # noqa: F401
