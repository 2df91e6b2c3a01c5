//===- ModelSignature.cpp - feeds, fetches, variables and the C header ----===//
//
// This file reads a model's signature off its tfs module and renders the C
// header that declares the model's typed entry points.
//
//===----------------------------------------------------------------------===//

#include "tfs/Target/ModelSignature.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Codegen/Passes.h"
#include "tfs/Runtime/tfs_runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/xxhash.h"

#include <cctype>

using namespace mlir;
using namespace mlir::tfs;

int64_t TensorSpec::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t TensorSpec::byteSize() const {
  return numElements() * tfs_rt_dtype_size(dtype);
}

int32_t mlir::tfs::dtypeOf(Type type) {
  if (type.isF32())
    return TFS_FLOAT;
  if (type.isF64())
    return TFS_DOUBLE;
  if (type.isF16())
    return TFS_HALF;
  if (type.isBF16())
    return TFS_BFLOAT16;
  if (type.isSignlessInteger(1))
    return TFS_BOOL;
  if (type.isSignlessInteger(8))
    return TFS_INT8;
  if (type.isSignlessInteger(16))
    return TFS_INT16;
  if (type.isSignlessInteger(32))
    return TFS_INT32;
  if (type.isSignlessInteger(64))
    return TFS_INT64;
  if (type.isUnsignedInteger(8))
    return TFS_UINT8;
  return 0;
}

StringRef mlir::tfs::cTypeOf(int32_t dtype) {
  switch (dtype) {
  case TFS_FLOAT:
    return "float";
  case TFS_DOUBLE:
    return "double";
  case TFS_INT32:
    return "int32_t";
  case TFS_INT64:
    return "int64_t";
  case TFS_INT16:
    return "int16_t";
  case TFS_INT8:
    return "int8_t";
  case TFS_UINT8:
    return "uint8_t";
  case TFS_BOOL:
    return "uint8_t";
  case TFS_HALF:
  case TFS_BFLOAT16:
    return "uint16_t";
  default:
    return "void";
  }
}

std::string mlir::tfs::sanitizeIdentifier(StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])))
    out.insert(out.begin(), '_');
  return out;
}

/// Fills `spec` from a tensor type; reports what the ABI cannot carry.
static LogicalResult fillTensor(TensorSpec &spec, Type type, Location loc,
                                StringRef what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return emitError(loc) << what << " '" << spec.name << "' has type " << type
                          << "; compiled models need static shapes";
  spec.dtype = dtypeOf(tensor.getElementType());
  if (!spec.dtype)
    return emitError(loc) << what << " '" << spec.name << "' has element type "
                          << tensor.getElementType()
                          << ", which the model ABI does not support";
  spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  return success();
}

/// The raw C-layout bytes of a constant initial value.
static std::vector<char> rawData(ElementsAttr value, int32_t dtype) {
  std::vector<char> bytes;
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return bytes;
  int64_t n = dense.getNumElements();
  int64_t size = tfs_rt_dtype_size(dtype);
  bytes.resize(n * size);
  if (dtype == TFS_BOOL) {
    int64_t i = 0;
    for (bool b : dense.getValues<bool>())
      bytes[i++] = b;
    return bytes;
  }
  ArrayRef<char> raw = dense.getRawData();
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(bytes.data() + i * size,
                raw.data() + (dense.isSplat() ? 0 : i * size), size);
  return bytes;
}

/// The graph seed of variables whose initializer has no seed at all.
static constexpr int64_t kUnseededGraphSeed = 87654321;

static void fillInitializer(VariableSpec &spec, Attribute init) {
  if (auto value = dyn_cast<ElementsAttr>(init)) {
    spec.initKind = TFS_INIT_CONSTANT;
    spec.initData = rawData(value, spec.tensor.dtype);
  } else if (isa<ZerosInitializerAttr>(init)) {
    spec.initKind = TFS_INIT_ZEROS;
  } else if (isa<OnesInitializerAttr>(init)) {
    spec.initKind = TFS_INIT_ONES;
  } else if (auto u = dyn_cast<RandomUniformInitializerAttr>(init)) {
    spec.initKind = TFS_INIT_RANDOM_UNIFORM;
    spec.initA = u.getMinval().convertToDouble();
    spec.initB = u.getMaxval().convertToDouble();
    spec.seed = u.getSeed();
    spec.seed2 = u.getSeed2();
  } else if (auto n = dyn_cast<RandomNormalInitializerAttr>(init)) {
    spec.initKind = TFS_INIT_RANDOM_NORMAL;
    spec.initA = n.getMean().convertToDouble();
    spec.initB = n.getStddev().convertToDouble();
    spec.seed = n.getSeed();
    spec.seed2 = n.getSeed2();
  } else if (auto t = dyn_cast<TruncatedNormalInitializerAttr>(init)) {
    spec.initKind = TFS_INIT_TRUNCATED_NORMAL;
    spec.initA = t.getMean().convertToDouble();
    spec.initB = t.getStddev().convertToDouble();
    spec.seed = t.getSeed();
    spec.seed2 = t.getSeed2();
  } else if (auto g = dyn_cast<GlorotUniformInitializerAttr>(init)) {
    spec.initKind = TFS_INIT_GLOROT_UNIFORM;
    spec.seed = g.getSeed();
    spec.seed2 = g.getSeed2();
  }
}

FailureOr<ModelSignature> mlir::tfs::extractSignature(ModuleOp module,
                                                      StringRef modelName,
                                                      StringRef entry) {
  ModelSignature signature;
  signature.name = sanitizeIdentifier(modelName);
  auto main = module.lookupSymbol<func::FuncOp>(entry);
  if (!main)
    return module.emitError("no function @") << entry << " in the module",
           failure();

  llvm::StringSet<> cNames;
  auto uniqueCName = [&](StringRef tfName) {
    std::string base = sanitizeIdentifier(
        tfName.ends_with(":0") ? tfName.drop_back(2) : tfName);
    std::string name = base;
    for (int i = 1; !cNames.insert(name).second; ++i)
      name = llvm::formatv("{0}_{1}", base, i).str();
    return name;
  };
  auto nameOf = [](DictionaryAttr attrs, std::string fallback) {
    if (attrs)
      if (auto name = attrs.getAs<StringAttr>(kTensorNameAttr))
        return name.str();
    return fallback;
  };

  FunctionType type = main.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    TensorSpec spec;
    spec.name = nameOf(main.getArgAttrDict(i), llvm::formatv("input_{0}:0", i));
    spec.cName = uniqueCName(spec.name);
    if (failed(fillTensor(spec, type.getInput(i), main.getLoc(), "feed")))
      return failure();
    signature.feeds.push_back(std::move(spec));
  }
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    TensorSpec spec;
    spec.name =
        nameOf(main.getResultAttrDict(i), llvm::formatv("output_{0}:0", i));
    spec.cName = uniqueCName(spec.name);
    if (failed(fillTensor(spec, type.getResult(i), main.getLoc(), "fetch")))
      return failure();
    signature.fetches.push_back(std::move(spec));
  }
  for (auto variable : module.getOps<VariableOp>()) {
    VariableSpec spec;
    spec.tensor.name = variable.getSymName().str();
    spec.tensor.cName = sanitizeIdentifier(spec.tensor.name);
    if (failed(fillTensor(spec.tensor, variable.getType(), variable.getLoc(),
                          "variable")))
      return failure();
    spec.globalSymbol = (kVariableGlobalPrefix + variable.getSymName()).str();
    spec.trainable = variable.getTrainable();
    fillInitializer(spec, variable.getInitializer());
    // TF draws fresh seeds for an unseeded random op. A compiled model stays
    // reproducible, but its variables still get distinct streams: the op
    // seed is a hash of the variable's name.
    if (spec.seed == 0 && spec.seed2 == 0 &&
        spec.initKind >= TFS_INIT_RANDOM_UNIFORM) {
      spec.seed = kUnseededGraphSeed;
      spec.seed2 = static_cast<int64_t>(llvm::xxh3_64bits(spec.tensor.name) &
                                        0x7fffffffffffffffULL);
    }
    signature.variables.push_back(std::move(spec));
  }
  return signature;
}

static std::string shapeComment(const TensorSpec &t) {
  std::string dims = "[";
  llvm::raw_string_ostream os(dims);
  llvm::interleaveComma(t.shape, os);
  os << "]";
  return dims;
}

std::string mlir::tfs::generateHeader(const ModelSignature &s) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string guard = "TFS_MODEL_" + StringRef(s.name).upper() + "_H";
  const std::string &n = s.name;
  os << "/* Generated by tfsc: the C interface of model '" << n << "'.\n"
     << "   Link with lib" << n << ".so (or whatever the .so is named).\n"
     << "   Every entry returns 0 on success; on failure " << n
     << "_last_error()\n"
     << "   says why. Feeds and fetches must not overlap in memory. */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";

  auto declareSizes = [&](const TensorSpec &t, StringRef role) {
    os << "/* " << role << " '" << t.name << "': " << cTypeOf(t.dtype) << " "
       << shapeComment(t) << " */\n";
    os << "#define " << StringRef(n).upper() << "_"
       << StringRef(t.cName).upper() << "_SIZE " << t.numElements() << "\n";
  };
  for (auto [i, t] : llvm::enumerate(s.feeds)) {
    declareSizes(t, "feed");
    if (i < s.indexLimits.size() && s.indexLimits[i])
      os << "/*   its elements index gathers: each in [0, " << *s.indexLimits[i]
         << "), or " << n
         << "_run fails\n     (TFS_ERROR_INVALID_ARGUMENT) before it "
            "changes anything. */\n";
  }
  for (const TensorSpec &t : s.fetches)
    declareSizes(t, "fetch");
  os << "/* Static memory for the run's temporaries, allocated with the .so\n"
     << "   (no malloc per call; one call at a time per loaded model). */\n"
     << "#define " << StringRef(n).upper() << "_WORKSPACE_BYTES "
     << s.workspaceBytes << "\n";
  os << "\n/* Runs the model: reads the feeds, writes the fetches. */\n";
  os << "int32_t " << n << "_run(";
  bool first = true;
  for (const TensorSpec &t : s.feeds) {
    os << (first ? "" : ", ") << "const " << cTypeOf(t.dtype) << " *"
       << t.cName;
    first = false;
  }
  for (const TensorSpec &t : s.fetches) {
    os << (first ? "" : ", ") << cTypeOf(t.dtype) << " *" << t.cName;
    first = false;
  }
  if (first)
    os << "void";
  os << ");\n\n";
  os << "/* Sets every variable to its compiled initial value. */\n"
     << "int " << n << "_init(void);\n"
     << "/* Loads / saves all variables from / to an .npz keyed by variable "
        "name. */\n"
     << "int " << n << "_load_npz(const char *path);\n"
     << "int " << n << "_save_npz(const char *path);\n"
     << "/* The buffer of a variable, by full TF name (\"scope/w\" or "
        "\"scope/w:0\"), or NULL. */\n"
     << "void *" << n << "_variable(const char *name);\n"
     << "/* The full names of the variables in a name scope (\"conv1\" or "
        "\"conv1/\";\n"
     << "   \"\" or NULL: all): writes up to capacity names, returns how "
        "many there are. */\n"
     << "int32_t " << n
     << "_scope_variables(const char *scope, const char **names,\n"
     << "                 int32_t capacity);\n"
     << "/* Threads for the parallel loops of runs from this thread (>= 1; "
        "default\n"
     << "   $TFS_NUM_THREADS, else all cores). */\n"
     << "int32_t " << n << "_set_num_threads(int32_t n);\n"
     << "/* Why the last call on this thread failed. */\n"
     << "const char *" << n << "_last_error(void);\n\n";
  os << "/* Variables (one buffer each, shared by every op that reads them):\n";
  for (const VariableSpec &v : s.variables)
    os << "     " << v.tensor.name << ": " << cTypeOf(v.tensor.dtype) << " "
       << shapeComment(v.tensor) << "\n";
  os << " */\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard
     << " */\n";
  return text;
}
