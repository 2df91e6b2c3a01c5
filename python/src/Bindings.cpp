//===- Bindings.cpp - pybind11 bindings of the frontend core --------------===//
//
// This file implements the `tfs._tfs` extension: bindings of the frontend
// graph, variables, scopes and op builders for the Python front, the
// conversion of frontend errors into the Python exceptions TF raises, and
// the traceback provider that records the user's Python file:line on every
// op.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "tfs/Frontend/Errors.h"
#include "tfs/Frontend/Ops.h"
#include "tfs/Frontend/Variables.h"

#include <frameobject.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace tfs::frontend;

namespace {

[[noreturn]] void throwStatus(const absl::Status &status) {
  std::string message(status.message());
  switch (pyErrorKind(status)) {
  case PyErrorKind::TypeError:
    throw py::type_error(message);
  case PyErrorKind::RuntimeError:
    throw std::runtime_error(message);
  case PyErrorKind::NotImplemented:
    PyErr_SetString(PyExc_NotImplementedError, message.c_str());
    throw py::error_already_set();
  case PyErrorKind::ValueError:
    break;
  }
  throw py::value_error(message);
}

template <typename T> T unwrap(absl::StatusOr<T> result) {
  if (!result.ok())
    throwStatus(result.status());
  return std::move(*result);
}
void check(const absl::Status &status) {
  if (!status.ok())
    throwStatus(status);
}

/// None -> unknown rank; a sequence of int/None -> dims (-1 unknown).
Shape toShape(const py::object &obj) {
  if (obj.is_none())
    return Shape::unknownRank();
  std::vector<int64_t> dims;
  for (py::handle d : obj)
    dims.push_back(d.is_none() ? Shape::kUnknownDim : d.cast<int64_t>());
  return Shape(dims);
}
py::object fromShape(const Shape &shape) {
  if (!shape.hasRank())
    return py::none();
  py::list dims;
  for (int64_t d : shape.dims())
    dims.append(d < 0 ? py::object(py::none()) : py::object(py::int_(d)));
  return std::move(dims);
}

const char *numpyName(DType t) {
  switch (t) {
  case DType::Float32:
    return "float32";
  case DType::Float64:
    return "float64";
  case DType::Int8:
    return "int8";
  case DType::Int16:
    return "int16";
  case DType::Int32:
    return "int32";
  case DType::Int64:
    return "int64";
  case DType::UInt8:
    return "uint8";
  case DType::UInt16:
    return "uint16";
  case DType::UInt32:
    return "uint32";
  case DType::UInt64:
    return "uint64";
  case DType::Bool:
    return "bool";
  default:
    return nullptr;
  }
}

DenseElements denseFromNumpy(py::array array, DType type) {
  const char *np = numpyName(type);
  if (!np)
    check(notImplementedError(absl::StrCat(
        "tfsc does not support constants of dtype ", dtypeName(type),
        " yet.")));
  py::module_ numpy = py::module_::import("numpy");
  // np.ascontiguousarray would turn 0-d arrays into 1-d ones.
  py::array contiguous =
      numpy.attr("array")(array, np, py::arg("order") = "C");
  std::vector<int64_t> shape(contiguous.shape(),
                             contiguous.shape() + contiguous.ndim());
  std::string raw(static_cast<const char *>(contiguous.data()),
                  contiguous.nbytes());
  return unwrap(DenseElements::fromRaw(type, shape, std::move(raw)));
}

py::array denseToNumpy(const DenseElements &d) {
  py::module_ numpy = py::module_::import("numpy");
  py::dtype dt(numpyName(d.dtype()));
  std::vector<py::ssize_t> flatShape{static_cast<py::ssize_t>(d.numStored())};
  py::array flat(dt, flatShape);
  std::memcpy(flat.mutable_data(), d.raw().data(), d.raw().size());
  py::tuple shape(d.shape().size());
  for (size_t i = 0; i < d.shape().size(); ++i)
    shape[i] = d.shape()[i];
  if (d.isSplat())
    return numpy.attr("broadcast_to")(flat.attr("reshape")(py::tuple()),
                                      shape)
        .attr("copy")();
  return flat.attr("reshape")(shape);
}

py::object attrToPython(const AttrValue &value) {
  struct Visitor {
    py::object operator()(int64_t v) { return py::int_(v); }
    py::object operator()(double v) { return py::float_(v); }
    py::object operator()(bool v) { return py::bool_(v); }
    py::object operator()(const std::string &v) { return py::str(v); }
    py::object operator()(const std::vector<int64_t> &v) {
      return py::cast(v);
    }
    py::object operator()(const std::vector<double> &v) {
      return py::cast(v);
    }
    py::object operator()(const Shape &s) { return fromShape(s); }
    py::object operator()(DType t) { return py::cast(t); }
    py::object operator()(const DenseElements &d) { return denseToNumpy(d); }
  };
  return std::visit(Visitor{}, value);
}

std::shared_ptr<void> holdPython(py::object obj) {
  if (obj.is_none())
    return nullptr;
  auto *held = new py::object(std::move(obj));
  return std::shared_ptr<void>(held, [](void *p) {
    py::gil_scoped_acquire gil;
    delete static_cast<py::object *>(p);
  });
}
py::object heldPython(const std::shared_ptr<void> &p) {
  return p ? *static_cast<py::object *>(p.get()) : py::none();
}

/// A Python callable regularizer: fn(graph, variable) -> Tensor | None.
class PyRegularizer : public Regularizer {
public:
  explicit PyRegularizer(py::function fn) : fn(std::move(fn)) {}
  absl::StatusOr<std::optional<Tensor>> apply(Graph &graph,
                                              Variable &variable) override {
    py::object result = fn(py::cast(&variable, py::return_value_policy::reference));
    if (result.is_none())
      return std::optional<Tensor>();
    return std::optional<Tensor>(result.cast<Tensor>());
  }
  py::function fn;
};

std::shared_ptr<Regularizer> makeRegularizer(py::object fn,
                                             py::object handle) {
  if (fn.is_none())
    return nullptr;
  auto r = std::make_shared<PyRegularizer>(fn.cast<py::function>());
  r->frontHandle = holdPython(std::move(handle));
  return r;
}

std::optional<Reuse> toReuse(py::object obj) {
  if (obj.is_none())
    return std::nullopt;
  return static_cast<Reuse>(obj.cast<int>());
}

/// Records the Python stack (innermost first) minus frames under `skip`
/// prefixes (the tfs package) and interpreter-internal frames.
Traceback pythonTraceback(const std::vector<std::string> &skip) {
  Traceback tb;
  PyFrameObject *frame = PyEval_GetFrame();
  if (!frame)
    return tb;
  Py_INCREF(frame);
  while (frame && tb.size() < 32) {
    PyCodeObject *code = PyFrame_GetCode(frame);
    py::object codeObj = py::reinterpret_steal<py::object>(
        reinterpret_cast<PyObject *>(code));
    std::string file = py::str(codeObj.attr("co_filename"));
    bool skipped = file.rfind("<frozen ", 0) == 0;
    for (const std::string &prefix : skip)
      if (file.rfind(prefix, 0) == 0)
        skipped = true;
    if (!skipped)
      tb.push_back({file, PyFrame_GetLineNumber(frame),
                    std::string(py::str(codeObj.attr("co_name")))});
    PyFrameObject *back = PyFrame_GetBack(frame);
    Py_DECREF(frame);
    frame = back;
  }
  Py_XDECREF(frame);
  return tb;
}

py::object collectionItemToPython(const CollectionItem &item) {
  if (Variable *v = item.variable())
    return py::cast(v, py::return_value_policy::reference);
  if (auto t = item.tensor())
    return py::cast(*t);
  return py::cast(item.operation(), py::return_value_policy::reference);
}

} // namespace

void tfs::python::populateModule(py::module_ &m) {
  m.doc() = "tfsc frontend core (graph, scopes, variables, op builders)";

  py::enum_<DType>(m, "DType")
      .value("float16", DType::Float16)
      .value("bfloat16", DType::BFloat16)
      .value("float32", DType::Float32)
      .value("float64", DType::Float64)
      .value("int8", DType::Int8)
      .value("int16", DType::Int16)
      .value("int32", DType::Int32)
      .value("int64", DType::Int64)
      .value("uint8", DType::UInt8)
      .value("uint16", DType::UInt16)
      .value("uint32", DType::UInt32)
      .value("uint64", DType::UInt64)
      .value("bool", DType::Bool)
      .value("string", DType::String)
      .value("complex64", DType::Complex64)
      .value("complex128", DType::Complex128);
  m.def("dtype_name", [](DType t) { return std::string(dtypeName(t)); });
  m.def("is_floating", &isFloating);
  m.def("is_integer", &isInteger);
  m.def("is_unsigned", &isUnsigned);
  m.def("is_complex", &isComplex);
  m.def("shape_str", [](py::object s) { return toShape(s).toString(); });

  py::enum_<Initializer::Kind>(m, "InitKind")
      .value("constant", Initializer::Kind::Constant)
      .value("zeros", Initializer::Kind::Zeros)
      .value("ones", Initializer::Kind::Ones)
      .value("random_uniform", Initializer::Kind::RandomUniform)
      .value("random_normal", Initializer::Kind::RandomNormal)
      .value("truncated_normal", Initializer::Kind::TruncatedNormal)
      .value("glorot_uniform", Initializer::Kind::GlorotUniform)
      .value("glorot_normal", Initializer::Kind::GlorotNormal)
      .value("from_tensor", Initializer::Kind::FromTensor);

  py::class_<Tensor>(m, "Tensor")
      .def_property_readonly("name", &Tensor::name)
      .def_property_readonly("op", &Tensor::op,
                             py::return_value_policy::reference)
      .def_property_readonly("index", &Tensor::index)
      .def_property_readonly(
          "shape", [](const Tensor &t) { return fromShape(t.shape()); })
      .def_property_readonly("dtype", &Tensor::dtype)
      .def_property_readonly("is_ref", &Tensor::isRef)
      .def_property_readonly("dtype_name", &Tensor::dtypeName)
      .def("merge_shape",
           [](const Tensor &t, py::object shape) {
             return t.op()->mergeOutputShape(t.index(), toShape(shape));
           })
      .def("__eq__", [](const Tensor &a, const Tensor &b) { return a == b; })
      .def("__hash__", [](const Tensor &t) {
        return std::hash<const void *>()(t.op()) ^ t.index();
      });

  py::class_<Operation, std::unique_ptr<Operation, py::nodelete>>(m,
                                                                  "Operation")
      .def_property_readonly("name", &Operation::name)
      .def_property_readonly("type", &Operation::type)
      .def_property_readonly("id", &Operation::id)
      .def_property_readonly("inputs", &Operation::inputs)
      .def_property_readonly("num_outputs", &Operation::numOutputs)
      .def("output", &Operation::output)
      .def_property_readonly(
          "control_inputs",
          [](const Operation &op) {
            py::list out;
            for (Operation *c : op.controlInputs())
              out.append(py::cast(c, py::return_value_policy::reference));
            return out;
          })
      .def_property_readonly("attrs",
                             [](const Operation &op) {
                               py::dict d;
                               for (const auto &[k, v] : op.attrs())
                                 d[py::str(k)] = attrToPython(v);
                               return d;
                             })
      .def_property_readonly("traceback", [](const Operation &op) {
        py::list out;
        for (const SourceFrame &f : op.traceback())
          out.append(py::make_tuple(f.file, f.line, f.function));
        return out;
      });

  py::class_<Initializer>(m, "Initializer")
      .def(py::init<>())
      .def_readwrite("kind", &Initializer::kind)
      .def_readwrite("minval", &Initializer::minval)
      .def_readwrite("maxval", &Initializer::maxval)
      .def_readwrite("mean", &Initializer::mean)
      .def_readwrite("stddev", &Initializer::stddev)
      .def_readwrite("op_seed", &Initializer::opSeed)
      .def_readwrite("seed", &Initializer::seed)
      .def_readwrite("seed2", &Initializer::seed2)
      .def_readwrite("dtype", &Initializer::dtype)
      .def_property(
          "value",
          [](const Initializer &i) -> py::object {
            return i.value ? py::object(denseToNumpy(*i.value))
                           : py::object(py::none());
          },
          [](Initializer &i, py::object v) {
            if (v.is_none()) {
              i.value.reset();
              return;
            }
            py::tuple pair = v.cast<py::tuple>();
            i.value = denseFromNumpy(pair[0].cast<py::array>(),
                                     pair[1].cast<DType>());
          })
      .def_property(
          "front_handle",
          [](const Initializer &i) { return heldPython(i.frontHandle); },
          [](Initializer &i, py::object o) { i.frontHandle = holdPython(o); })
      .def("set_custom", [](Initializer &i, py::function fn) {
        i.kind = Initializer::Kind::FromTensor;
        i.custom = [fn](Graph &g, const Shape &shape,
                        DType type) -> absl::StatusOr<Tensor> {
          return fn(fromShape(shape), type).cast<Tensor>();
        };
      });

  py::class_<Variable, std::unique_ptr<Variable, py::nodelete>>(m, "Variable")
      .def_property_readonly("name", &Variable::name)
      .def_property_readonly("op", &Variable::op,
                             py::return_value_policy::reference)
      .def_property_readonly("ref", &Variable::ref)
      .def_property_readonly("read", &Variable::read)
      .def_property_readonly("initial_value", &Variable::initialValue)
      .def_property_readonly("initializer_op", &Variable::initializerOp,
                             py::return_value_policy::reference)
      .def_property_readonly(
          "shape", [](const Variable &v) { return fromShape(v.shape()); })
      .def_property_readonly("dtype", &Variable::dtype)
      .def_property_readonly("trainable", &Variable::trainable)
      .def_property_readonly("store_name", &Variable::storeName)
      .def_property_readonly("initializer", &Variable::initializer)
      .def_property_readonly("collections", &Variable::collections)
      .def_property_readonly("regularization_loss",
                             &Variable::regularizationLoss);

  py::class_<VariableScope, std::shared_ptr<VariableScope>>(m,
                                                             "VariableScope")
      .def(py::init([](int reuse, std::string name, std::string nameScope) {
             return std::make_shared<VariableScope>(static_cast<Reuse>(reuse),
                                                    name, nameScope);
           }),
           py::arg("reuse"), py::arg("name") = "", py::arg("name_scope") = "")
      .def_property_readonly("name", &VariableScope::name)
      .def_property_readonly("original_name_scope",
                             &VariableScope::originalNameScope)
      .def_property_readonly(
          "reuse_mode", [](const VariableScope &s) { return int(s.reuse()); })
      .def("reuse_variables", &VariableScope::reuseVariables)
      .def("set_reuse",
           [](VariableScope &s, int r) { s.setReuse(static_cast<Reuse>(r)); })
      .def_property_readonly("initializer_cpp", &VariableScope::initializer)
      .def("set_initializer_cpp", &VariableScope::setInitializer)
      .def_property_readonly("regularizer_handle",
                             [](const VariableScope &s) {
                               return s.regularizer()
                                          ? heldPython(
                                                s.regularizer()->frontHandle)
                                          : py::object(py::none());
                             })
      .def("set_regularizer",
           [](VariableScope &s, py::object fn, py::object handle) {
             s.setRegularizer(makeRegularizer(fn, handle));
           })
      .def("set_regularizer_cpp",
           [](VariableScope &s, py::object fn, py::object handle) {
             s.setRegularizer(makeRegularizer(fn, handle));
           })
      .def_property_readonly("dtype_enum", &VariableScope::dtype)
      .def("set_dtype_enum", &VariableScope::setDtype);

  py::class_<VariableScopeContext>(m, "VariableScopeContext")
      .def(py::init([](py::object nameOrScope, std::optional<std::string> dflt,
                       std::optional<Initializer> init, py::object reg,
                       py::object regHandle, py::object reuse,
                       std::optional<DType> dtype, bool aux) {
             VariableScopeArgs args;
             if (py::isinstance<py::str>(nameOrScope))
               args.nameOrScope = nameOrScope.cast<std::string>();
             else if (!nameOrScope.is_none())
               args.nameOrScope =
                   nameOrScope.cast<std::shared_ptr<VariableScope>>();
             args.defaultName = dflt;
             args.initializer = std::move(init);
             args.regularizer = makeRegularizer(reg, regHandle);
             args.reuse = toReuse(reuse);
             args.dtype = dtype;
             args.auxiliaryNameScope = aux;
             return unwrap(VariableScopeContext::create(std::move(args)));
           }),
           py::arg("name_or_scope"), py::arg("default_name"),
           py::arg("initializer"), py::arg("regularizer"),
           py::arg("regularizer_handle"), py::arg("reuse"), py::arg("dtype"),
           py::arg("auxiliary_name_scope"))
      .def("enter",
           [](VariableScopeContext &c, Graph &g) { return unwrap(c.enter(g)); })
      .def("exit", [](VariableScopeContext &c, Graph &g) { check(c.exit(g)); });

  py::class_<Graph, std::shared_ptr<Graph>>(m, "Graph")
      .def(py::init<>())
      .def("unique_name", &Graph::uniqueName, py::arg("name"),
           py::arg("mark_as_used") = true)
      .def_property_readonly("name_stack", &Graph::nameStack)
      .def("enter_name_scope",
           [](Graph &g, std::optional<std::string> name) {
             return unwrap(name ? g.enterNameScope(*name)
                                : g.enterNameScope(std::nullopt));
           })
      .def("exit_name_scope", &Graph::exitNameScope)
      .def("operations",
           [](const Graph &g) {
             py::list out;
             for (const auto &op : g.operations())
               out.append(py::cast(op.get(), py::return_value_policy::reference));
             return out;
           })
      .def(
          "find_operation",
          [](const Graph &g, const std::string &name) {
            return g.findOperation(name);
          },
          py::return_value_policy::reference)
      .def("find_tensor",
           [](const Graph &g, std::string name) {
             return unwrap(g.findTensor(name));
           })
      .def_property_readonly("last_id", &Graph::lastId)
      .def_property("seed", &Graph::seed, &Graph::setSeed)
      .def("get_seed",
           [](const Graph &g, std::optional<int64_t> s) {
             OpSeeds seeds = g.getSeed(s);
             return py::make_tuple(seeds.seed, seeds.seed2);
           })
      .def("add_to_collection",
           [](Graph &g, std::string key, py::object item) {
             if (py::isinstance<Variable>(item))
               g.addToCollection(key, item.cast<Variable *>());
             else if (py::isinstance<Tensor>(item))
               g.addToCollection(key, item.cast<Tensor>());
             else
               g.addToCollection(key, item.cast<Operation *>());
           })
      .def("get_collection",
           [](const Graph &g, std::string key) {
             py::list out;
             for (const CollectionItem &item : g.getCollection(key))
               out.append(collectionItemToPython(item));
             return out;
           })
      .def("collection_keys", &Graph::collectionKeys)
      .def("clear_collection", &Graph::clearCollection)
      .def_property_readonly("current_variable_scope",
                             &Graph::currentVariableScope)
      .def("variables",
           [](const Graph &g) {
             py::list out;
             for (const auto &v : g.variables())
               out.append(py::cast(v.get(), py::return_value_policy::reference));
             return out;
           })
      .def("variable_for_op", &Graph::variableForOp,
           py::return_value_policy::reference)
      .def("find_stored_variable", &Graph::findStoredVariable,
           py::return_value_policy::reference)
      .def("install_python_traceback",
           [](Graph &g, std::vector<std::string> skip) {
             g.setTracebackProvider([skip] { return pythonTraceback(skip); });
           })
      .def("format_traceback", &Graph::formatTraceback)
      .def(
          "create_variable",
          [](Graph &g, py::object initial, py::object initialArray,
             py::object initialFn, std::string name,
             std::optional<DType> dtype, bool trainable,
             std::optional<std::vector<std::string>> collections,
             bool validateShape) {
            VariableOptions o;
            if (!initial.is_none())
              o.initialValue = initial.cast<Tensor>();
            if (!initialArray.is_none()) {
              py::tuple pair = initialArray.cast<py::tuple>();
              o.initialDense = denseFromNumpy(pair[0].cast<py::array>(),
                                              pair[1].cast<DType>());
            }
            if (!initialFn.is_none()) {
              py::function fn = initialFn.cast<py::function>();
              o.initialValueFn = [fn](Graph &) -> absl::StatusOr<Tensor> {
                return fn().cast<Tensor>();
              };
            }
            o.name = name;
            o.dtype = dtype;
            o.trainable = trainable;
            o.collections = collections;
            o.validateShape = validateShape;
            return unwrap(g.createVariable(o));
          },
          py::return_value_policy::reference)
      .def(
          "get_variable",
          [](Graph &g, std::string name, py::object shape, bool shapeGiven,
             std::optional<DType> dtype, std::optional<Initializer> init,
             py::object initialValue, py::object initialArray,
             py::object regularizer, py::object regHandle,
             std::optional<bool> trainable,
             std::optional<std::vector<std::string>> collections,
             bool validateShape) {
            GetVariableOptions o;
            if (shapeGiven)
              o.shape = toShape(shape);
            o.dtype = dtype;
            o.initializer = std::move(init);
            if (!initialValue.is_none())
              o.initialValue = initialValue.cast<Tensor>();
            if (!initialArray.is_none()) {
              py::tuple pair = initialArray.cast<py::tuple>();
              o.initialDense = denseFromNumpy(pair[0].cast<py::array>(),
                                              pair[1].cast<DType>());
            }
            o.regularizer = makeRegularizer(regularizer, regHandle);
            o.trainable = trainable;
            o.collections = collections;
            o.validateShape = validateShape;
            return unwrap(g.getVariable(name, o));
          },
          py::return_value_policy::reference);

  // Op builders.
  m.def("placeholder", [](Graph &g, DType t, py::object shape,
                          std::string name) {
    return unwrap(placeholder(g, t, toShape(shape), name));
  });
  m.def("constant", [](Graph &g, py::array value, DType t, py::object shape,
                       std::string name) {
    DenseElements v = denseFromNumpy(value, t);
    std::optional<std::vector<int64_t>> dims;
    if (!shape.is_none())
      dims = toShape(shape).dims();
    return unwrap(
        constant(g, unwrap(makeConstantValue(v, t, dims)), name));
  });
  m.def("zeros", [](Graph &g, py::object shape, DType t, std::string name) {
    return unwrap(zeros(g, toShape(shape), t, name));
  });
  m.def("ones", [](Graph &g, py::object shape, DType t, std::string name) {
    return unwrap(ones(g, toShape(shape), t, name));
  });
  m.def("fill", [](Graph &g, Tensor dims, Tensor v, std::string name) {
    return unwrap(fill(g, dims, v, name));
  });
  m.def("zeros_like", [](Graph &g, Tensor x, std::optional<DType> t,
                         std::string name) {
    return unwrap(zerosLike(g, x, t, name));
  });
  m.def("ones_like", [](Graph &g, Tensor x, std::optional<DType> t,
                        std::string name) {
    return unwrap(onesLike(g, x, t, name));
  });
  m.def("random", [](Graph &g, std::string kind, py::object shape, double a,
                     double b, DType t, std::optional<int64_t> seed,
                     std::string name) {
    Shape s = toShape(shape);
    if (kind == "uniform")
      return unwrap(randomUniform(g, s, a, b, t, seed, name));
    if (kind == "normal")
      return unwrap(randomNormal(g, s, a, b, t, seed, name));
    return unwrap(truncatedNormal(g, s, a, b, t, seed, name));
  });
  m.def("initializer_call", [](Graph &g, const Initializer &init,
                               py::object shape, DType t) {
    Initializer resolved;
    return unwrap(init.materialize(g, toShape(shape), t, resolved));
  });
  m.def("unary", [](Graph &g, std::string type, Tensor x, std::string name) {
    return unwrap(unaryOp(g, type, x, name));
  });
  m.def("binary", [](Graph &g, std::string type, Tensor x, Tensor y,
                     std::string name) {
    return unwrap(binaryOp(g, type, x, y, name));
  });
  m.def("cast", [](Graph &g, Tensor x, DType t, std::string name) {
    return unwrap(cast(g, x, t, name));
  });
  m.def("matmul", [](Graph &g, Tensor a, Tensor b, bool ta, bool tb,
                     std::string name) {
    return unwrap(matMul(g, a, b, ta, tb, name));
  });
  m.def("batch_matmul", [](Graph &g, Tensor a, Tensor b, bool ta, bool tb,
                           std::string name) {
    return unwrap(batchMatMul(g, a, b, ta, tb, name));
  });
  m.def("conv2d", [](Graph &g, Tensor x, Tensor f, std::vector<int64_t> s,
                     std::string padding, std::vector<int64_t> d,
                     std::string name) {
    return unwrap(conv2d(g, x, f, s, padding, d, name));
  });
  m.def("depthwise_conv2d", [](Graph &g, Tensor x, Tensor f,
                               std::vector<int64_t> s, std::string padding,
                               std::vector<int64_t> d, std::string name) {
    return unwrap(depthwiseConv2d(g, x, f, s, padding, d, name));
  });
  m.def("bias_add", [](Graph &g, Tensor x, Tensor b, std::string name) {
    return unwrap(biasAdd(g, x, b, name));
  });
  m.def("pool", [](Graph &g, std::string type, Tensor x,
                   std::vector<int64_t> k, std::vector<int64_t> s,
                   std::string padding, std::string name) {
    return unwrap(pool(g, type, x, k, s, padding, name));
  });
  m.def("reduce", [](Graph &g, std::string type, Tensor x,
                     std::optional<std::vector<int64_t>> axes, bool keep,
                     std::string name) {
    return unwrap(reduce(g, type, x, axes, keep, name));
  });
  m.def("build_op", [](Graph &g, std::string type, std::string name,
                       std::vector<Tensor> inputs, py::dict attrs) {
    AttrMap map;
    for (auto [k, v] : attrs) {
      std::string key = k.cast<std::string>();
      if (py::isinstance<py::bool_>(v))
        map[key] = v.cast<bool>();
      else if (py::isinstance<py::int_>(v))
        map[key] = v.cast<int64_t>();
      else if (py::isinstance<py::float_>(v))
        map[key] = v.cast<double>();
      else if (py::isinstance<py::str>(v))
        map[key] = v.cast<std::string>();
      else if (py::isinstance<DType>(v))
        map[key] = v.cast<DType>();
      else
        map[key] = v.cast<std::vector<int64_t>>();
    }
    Operation *op = unwrap(buildOp(g, type, name, inputs, map));
    std::vector<Tensor> outs;
    for (int i = 0; i < op->numOutputs(); ++i)
      outs.push_back(op->output(i));
    return outs;
  });
  m.def("constant_value", [](Tensor t) -> py::object {
    auto v = constantValue(t);
    return v ? py::object(denseToNumpy(*v)) : py::object(py::none());
  });
  m.def("is_supported_op_type",
        [](std::string type) { return isSupportedOpType(type); });
  // tf.no_op / tf.group: a NoOp that runs `controlInputs` when run.
  m.def(
      "no_op",
      [](Graph &g, std::string name, std::vector<Operation *> controlInputs) {
        Operation *op = unwrap(g.createOp("NoOp", name, {}, {}));
        for (Operation *c : controlInputs)
          op->addControlInput(c);
        return op;
      },
      py::return_value_policy::reference);

  populateCompilerModule(m);
}
