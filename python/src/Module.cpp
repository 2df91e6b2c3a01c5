//===- Module.cpp - the tfs._tfs Python extension module ------------------===//
//
// The extension module entry point for `import tfs._tfs` under a plain
// Python interpreter.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

PYBIND11_MODULE(_tfs, m) { tfs::python::populateModule(m); }
