//===- Run.cpp - `tfsc run`: TF1 programs under the embedded Python ------===//
//
// This file implements `tfsc run`: it starts the
// embedded Debian CPython (executable /usr/bin/python3), registers the
// frontend bindings as `tfs._tfs`, puts the build tree's python directory
// (<bin>/../python) on sys.path, aliases `tensorflow` to tfs.compat.v1 and
// runs the script as __main__.
//
//===----------------------------------------------------------------------===//

#include "tfs/Driver/Run.h"

#include "Bindings.h"

#include "tfs/Frontend/Graph.h"

#include <pybind11/embed.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace py = pybind11;

PYBIND11_EMBEDDED_MODULE(_tfs_embedded, m) { tfs::python::populateModule(m); }

namespace tfs::driver {

frontend::Graph &defaultGraph() {
  py::object graph =
      py::module_::import("tfs.framework").attr("get_default_graph")();
  return graph.attr("_c").cast<frontend::Graph &>();
}

bool isRunCommand(int argc, char **argv) {
  return argc >= 2 && std::string(argv[1]) == "run";
}

int runMain(int argc, char **argv) {
  if (argc < 3 || std::string(argv[2]) == "-h" ||
      std::string(argv[2]) == "--help") {
    std::cerr << "usage: tfsc run SCRIPT.py [args...]\n"
                 "  Runs a TF1 program; `import tensorflow` resolves to "
                 "tfsc's front (tfs.compat.v1).\n";
    return argc < 3 ? 2 : 0;
  }
  RunOptions options;
  options.script = argv[2];
  options.scriptArgs.assign(argv + 3, argv + argc);
  return runScript(options);
}

/// The build/install tree's python directory: <dir of tfsc>/../python.
static std::string pythonDir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec)
    return "";
  return (exe.parent_path().parent_path() / "python").string();
}

int runScript(const RunOptions &options) {
  FILE *file = std::fopen(options.script.c_str(), "rb");
  if (!file) {
    std::cerr << "tfsc: can't open file '" << options.script
              << "': " << std::strerror(errno) << "\n";
    return 2;
  }

  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;
  config.install_signal_handlers = 1;
  PyConfig_SetBytesString(&config, &config.executable, "/usr/bin/python3");
  PyConfig_SetBytesString(&config, &config.program_name, "/usr/bin/python3");
  std::vector<std::string> argvStorage;
  argvStorage.push_back(options.script);
  argvStorage.insert(argvStorage.end(), options.scriptArgs.begin(),
                     options.scriptArgs.end());
  std::vector<const char *> argv;
  for (std::string &s : argvStorage)
    argv.push_back(s.c_str());

  // sys.argv = [SCRIPT, args...].
  py::scoped_interpreter interpreter(&config, static_cast<int>(argv.size()),
                                     argv.data(),
                                     /*add_program_dir_to_path=*/false);
  int exitCode = 0;
  try {
    py::module_ sys = py::module_::import("sys");
    py::list path = sys.attr("path");
    std::filesystem::path script = std::filesystem::absolute(options.script);
    // Like `python3 SCRIPT`: the script's directory first, then tfsc's
    // python package.
    path.insert(0, script.parent_path().string());
    path.insert(1, pythonDir());
    py::dict modules = sys.attr("modules");
    modules["tfs._tfs"] = py::module_::import("_tfs_embedded");
    py::module_ v1 = py::module_::import("tfs.compat.v1");
    modules["tensorflow"] = v1;
    modules["tensorflow.compat"] = v1.attr("compat");
    modules["tensorflow.compat.v1"] = v1;
    py::dict main =
        py::module_::import("__main__").attr("__dict__").cast<py::dict>();
    main["__file__"] = options.script;
  } catch (const py::error_already_set &e) {
    std::fclose(file);
    std::cerr << "tfsc: cannot load the tfs Python package from "
              << pythonDir() << ":\n"
              << e.what() << "\n";
    return 2;
  }
  PyObject *mainDict = PyModule_GetDict(PyImport_AddModule("__main__"));
  PyObject *result =
      PyRun_FileExFlags(file, options.script.c_str(), Py_file_input, mainDict,
                        mainDict, /*closeit=*/1, nullptr);
  if (!result) {
    // Flush what the script printed so that it precedes the traceback.
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    if (PyObject *out = PySys_GetObject("stdout")) {
      PyObject *r = PyObject_CallMethod(out, "flush", nullptr);
      Py_XDECREF(r);
      PyErr_Clear();
    }
    PyErr_Restore(type, value, traceback);
    // Prints the traceback; for SystemExit, exits with its status.
    PyErr_Print();
    exitCode = 1;
  } else {
    Py_DECREF(result);
    if (options.afterScript)
      exitCode = options.afterScript();
  }
  try {
    py::module_::import("sys").attr("stdout").attr("flush")();
  } catch (const py::error_already_set &) {
  }
  return exitCode;
}

} // namespace tfs::driver
