//===- Bindings.h - pybind11 bindings of the frontend core ------*- C++ -*-===//
//
// Declares the function that fills the `tfs._tfs` module. It is used both by
// the Python extension module and by tfsc, which embeds the same bindings so
// that one copy of the frontend lives in the process.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_PYTHON_BINDINGS_H
#define TFS_PYTHON_BINDINGS_H

#include <pybind11/pybind11.h>

namespace tfs::python {

/// Defines the classes and functions of `tfs._tfs` in `m`.
void populateModule(pybind11::module_ &m);

/// Defines the compiler part of `tfs._tfs` (graph import and compilation to a
/// model .so, loaded models); called by populateModule.
void populateCompilerModule(pybind11::module_ &m);

} // namespace tfs::python

#endif // TFS_PYTHON_BINDINGS_H
