//===- CompilerBindings.cpp - compile and run models from Python ----------===//
//
// This file implements the parts of `tfs._tfs` behind tfs.compile, tfs.load
// and tf.Session: the import of (part of) a frontend graph into the tfs
// dialect and its compilation to a model shared object in process, and a
// loaded model .so (through the runtime's ModelLoader) that runs on numpy
// arrays and exposes its variables as numpy views of their global buffers.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "tfs/Driver/Compile.h"
#include "tfs/Frontend/Graph.h"
#include "tfs/Frontend/ImportGraph.h"
#include "tfs/Pipelines/Pipelines.h"
#include "tfs/Runtime/ModelLoader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace {

/// "file:line: " for a location carrying a file position, else "".
std::string filePosition(mlir::Location loc) {
  if (auto name = llvm::dyn_cast<mlir::NameLoc>(loc))
    return filePosition(name.getChildLoc());
  if (auto file = llvm::dyn_cast<mlir::FileLineColLoc>(loc))
    return file.getFilename().str() + ":" + std::to_string(file.getLine()) +
           ": ";
  if (auto fused = llvm::dyn_cast<mlir::FusedLoc>(loc))
    for (mlir::Location inner : fused.getLocations())
      if (std::string text = filePosition(inner); !text.empty())
        return text;
  return "";
}

/// Collects the errors (and their notes/remarks) emitted on a context, so
/// that a failed import or compilation becomes one Python exception.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context)
      : handler(&context, [this](mlir::Diagnostic &diag) {
          if (diag.getSeverity() == mlir::DiagnosticSeverity::Warning)
            return mlir::success();
          std::string line = filePosition(diag.getLocation()) + diag.str();
          for (mlir::Diagnostic &note : diag.getNotes())
            line += "\n  note: " + note.str();
          if (!text.empty())
            text += "\n";
          text += line;
          return mlir::success();
        }) {}

  std::string message(llvm::StringRef fallback) const {
    return text.empty() ? fallback.str() : text;
  }

private:
  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

[[noreturn]] void raise(PyObject *type, const std::string &message) {
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

using FeedList =
    std::vector<std::pair<std::string, std::optional<std::vector<int64_t>>>>;

/// Imports the subgraph of `graph` computing `fetches` from `feeds` and
/// compiles it to the shared object `output`, with the variable values of
/// the .npz `weights` (if not empty) compiled in as initial values. Import
/// and weights errors raise ValueError, back-end errors RuntimeError.
void compileGraph(const tfs::frontend::Graph &graph, const FeedList &feeds,
                  const std::vector<std::string> &fetches,
                  const std::string &output, const std::string &runtime,
                  const std::string &modelName, int optLevel,
                  const std::string &weights, bool winograd) {
  if (optLevel < 0 || optLevel > 3)
    raise(PyExc_ValueError,
          "opt_level must be 0..3, got " + std::to_string(optLevel));
  if (!llvm::sys::fs::exists(runtime))
    raise(PyExc_RuntimeError,
          "the tfsc runtime library is missing: " + runtime +
              " (set TFS_RUNTIME_LIBRARY to its path)");
  mlir::tfs::ImportOptions options;
  for (const auto &[name, shape] : feeds)
    options.feeds.push_back({name, shape});
  options.fetches = fetches;

  mlir::DialectRegistry registry;
  mlir::tfs::registerTFSCompilerDialects(registry);
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  DiagnosticCollector diagnostics(context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::tfs::importGraph(graph, options, context);
  if (!module)
    raise(PyExc_ValueError,
          diagnostics.message("the graph could not be imported"));
  if (!weights.empty())
    if (llvm::Error error = mlir::tfs::embedWeights(*module, weights))
      raise(PyExc_ValueError,
            "weights: " + llvm::toString(std::move(error)));

  mlir::tfs::CompileOptions compile;
  compile.modelName = modelName.empty()
                          ? mlir::tfs::modelNameForOutput(output, output)
                          : modelName;
  compile.emit = mlir::tfs::EmitKind::SharedObject;
  compile.outputPath = output;
  compile.runtimeArchive = runtime;
  compile.target.optLevel = optLevel;
  compile.winograd = winograd;
  if (mlir::failed(mlir::tfs::compileModel(*module, compile)))
    raise(PyExc_RuntimeError, "compiling " + output + " failed:\n" +
                                  diagnostics.message("(no diagnostic)"));
}

/// numpy's dtype for a tfs_dtype; raises for dtypes numpy lacks.
py::dtype numpyDType(int32_t dtype) {
  if (dtype == TFS_BFLOAT16)
    raise(PyExc_ValueError, "bfloat16 tensors have no numpy dtype");
  const char *name = tfs_rt_dtype_name(dtype);
  if (std::string(name) == "unknown")
    raise(PyExc_ValueError,
          "unknown tfs dtype " + std::to_string(dtype) + " in the model");
  return py::dtype(name);
}

py::tuple shapeTuple(const tfs_tensor_desc &desc) {
  py::tuple shape(desc.rank);
  for (int32_t i = 0; i < desc.rank; ++i)
    shape[i] = desc.shape[i];
  return shape;
}

py::dict describe(const tfs_tensor_desc &desc) {
  py::dict d;
  d["name"] = desc.name;
  d["dtype"] = tfs_rt_dtype_name(desc.dtype);
  d["shape"] = shapeTuple(desc);
  return d;
}

/// A loaded model .so: ModelLoader's Model plus the checked run entry.
class LoadedModel {
public:
  static std::shared_ptr<LoadedModel> open(const std::string &path) {
    llvm::Expected<std::unique_ptr<tfs::Model>> model = tfs::Model::open(path);
    if (!model)
      raise(PyExc_OSError, llvm::toString(model.takeError()));
    auto loaded = std::shared_ptr<LoadedModel>(new LoadedModel());
    loaded->model = std::move(*model);
    loaded->path = path;
    // Model::open keeps its handle; a second reference gives us the checked
    // generic run entry without copying buffers.
    loaded->handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    if (loaded->handle) {
      loaded->runFn = reinterpret_cast<decltype(runFn)>(
          dlsym(loaded->handle, "tfs_model_run"));
      loaded->errorFn = reinterpret_cast<decltype(errorFn)>(
          dlsym(loaded->handle, "tfs_model_last_error"));
    }
    if (!loaded->runFn || !loaded->errorFn)
      raise(PyExc_OSError, path + " is not a tfsc model (tfs_model_run "
                                  "missing)");
    return loaded;
  }

  ~LoadedModel() {
    if (handle)
      dlclose(handle);
  }

  const tfs_model_info &info() const { return model->info(); }

  py::dict infoDict() const {
    const tfs_model_info &i = info();
    py::dict d;
    d["name"] = i.name;
    d["path"] = path;
    py::list feeds, fetches, vars;
    for (int32_t k = 0; k < i.num_feeds; ++k)
      feeds.append(describe(i.feeds[k]));
    for (int32_t k = 0; k < i.num_fetches; ++k)
      fetches.append(describe(i.fetches[k]));
    for (int32_t k = 0; k < i.num_variables; ++k) {
      py::dict v = describe(i.variables[k].tensor);
      v["trainable"] = bool(i.variables[k].trainable);
      vars.append(v);
    }
    d["inputs"] = feeds;
    d["outputs"] = fetches;
    d["variables"] = vars;
    return d;
  }

  void check(llvm::Error error) {
    if (error)
      raise(PyExc_ValueError, llvm::toString(std::move(error)));
  }

  /// Numpy arrays for the inputs (matched by the model's checked run entry)
  /// -> the fetches, in signature order.
  py::list run(const std::vector<std::pair<std::string, py::array>> &inputs) {
    std::vector<std::vector<int64_t>> shapes;
    shapes.reserve(inputs.size());
    std::vector<tfs_tensor_arg> in;
    for (const auto &[name, array] : inputs) {
      if (!(array.flags() & py::array::c_style))
        raise(PyExc_ValueError,
              "input '" + name + "' is not a C-contiguous array");
      shapes.emplace_back(array.shape(), array.shape() + array.ndim());
      int32_t dtype = dtypeOf(array);
      in.push_back({name.c_str(), dtype, int32_t(array.ndim()),
                    shapes.back().data(), const_cast<void *>(array.data())});
    }
    const tfs_model_info &i = info();
    py::list results;
    std::vector<tfs_tensor_arg> out;
    for (int32_t k = 0; k < i.num_fetches; ++k) {
      const tfs_tensor_desc &desc = i.fetches[k];
      std::vector<py::ssize_t> shape(desc.shape, desc.shape + desc.rank);
      py::array array(numpyDType(desc.dtype), shape);
      out.push_back(
          {desc.name, desc.dtype, desc.rank, desc.shape, array.mutable_data()});
      results.append(array);
    }
    int status;
    {
      py::gil_scoped_release release;
      status =
          runFn(int32_t(in.size()), in.data(), int32_t(out.size()), out.data());
    }
    if (status != TFS_OK)
      raise(PyExc_ValueError, errorFn());
    return results;
  }

  /// A numpy view of variable `index`'s buffer, keeping `self` alive.
  static py::array variableView(const std::shared_ptr<LoadedModel> &self,
                                int32_t index) {
    if (index < 0 || index >= self->info().num_variables)
      raise(PyExc_IndexError, "variable index out of range");
    const tfs_variable_desc &v = self->info().variables[index];
    std::vector<py::ssize_t> shape(v.tensor.shape,
                                   v.tensor.shape + v.tensor.rank);
    return py::array(numpyDType(v.tensor.dtype), shape, {}, v.data,
                     py::cast(self));
  }

private:
  LoadedModel() = default;

  static int32_t dtypeOf(const py::array &array) {
    static const std::pair<const char *, int32_t> table[] = {
        {"float32", TFS_FLOAT}, {"float64", TFS_DOUBLE}, {"int32", TFS_INT32},
        {"uint8", TFS_UINT8},   {"int16", TFS_INT16},    {"int8", TFS_INT8},
        {"int64", TFS_INT64},   {"bool", TFS_BOOL},      {"float16", TFS_HALF}};
    for (const auto &[name, code] : table)
      if (array.dtype().is(py::dtype(name)))
        return code;
    return 0;
  }

  std::unique_ptr<tfs::Model> model;
  std::string path;
  void *handle = nullptr;
  int (*runFn)(int32_t, const tfs_tensor_arg *, int32_t,
               const tfs_tensor_arg *) = nullptr;
  const char *(*errorFn)(void) = nullptr;

public:
  tfs::Model &loader() { return *model; }
};

} // namespace

void tfs::python::populateCompilerModule(py::module_ &m) {
  m.def(
      "compile_graph",
      [](const tfs::frontend::Graph &graph, const FeedList &feeds,
         const std::vector<std::string> &fetches, const std::string &output,
         const std::string &runtime, const std::string &name, int optLevel,
         const std::string &weights, bool winograd) {
        compileGraph(graph, feeds, fetches, output, runtime, name, optLevel,
                     weights, winograd);
      },
      py::arg("graph"), py::arg("feeds"), py::arg("fetches"), py::arg("output"),
      py::arg("runtime"), py::arg("name"), py::arg("opt_level"),
      py::arg("weights") = "", py::arg("winograd") = true);

  py::class_<LoadedModel, std::shared_ptr<LoadedModel>>(m, "LoadedModel")
      .def_static("open", &LoadedModel::open, py::arg("path"))
      .def_property_readonly("info", &LoadedModel::infoDict)
      .def("init", [](LoadedModel &self) { self.check(self.loader().init()); })
      .def("set_num_threads",
           [](LoadedModel &self, int32_t n) {
             self.check(self.loader().setNumThreads(n));
           })
      .def_property_readonly(
          "num_threads",
          [](LoadedModel &self) { return self.loader().numThreads(); })
      .def("load_npz",
           [](LoadedModel &self, const std::string &path) {
             self.check(self.loader().loadNpz(path));
           })
      .def("save_npz",
           [](LoadedModel &self, const std::string &path) {
             self.check(self.loader().saveNpz(path));
           })
      .def("run", &LoadedModel::run, py::arg("inputs"))
      .def("variable_names",
           [](LoadedModel &self) {
             std::vector<std::string> names;
             const tfs_model_info &i = self.info();
             for (int32_t k = 0; k < i.num_variables; ++k)
               names.push_back(i.variables[k].tensor.name);
             return names;
           })
      .def("variable", &LoadedModel::variableView, py::arg("index"));
}
