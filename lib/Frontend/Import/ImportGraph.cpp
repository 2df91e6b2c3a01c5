//===- ImportGraph.cpp - frontend graph to the tfs dialect ----------------===//
//
// This file implements the import of a frontend Graph into the tfs dialect:
// it walks back from the fetches to the feeds, creates one tfs.variable per
// variable reached, and turns every TF op into its tfs form with a location
// naming the TF op and the Python line that created it.
//
//===----------------------------------------------------------------------===//

#include "tfs/Frontend/ImportGraph.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Frontend/Ops.h"
#include "tfs/Frontend/Variables.h"
#include "tfs/Target/ModelSignature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::tfs;
namespace fe = ::tfs::frontend;

namespace {

std::string shapeText(ArrayRef<int64_t> dims) {
  std::string text;
  for (size_t i = 0; i < dims.size(); ++i)
    text += (i ? "x" : "") +
            (dims[i] < 0 ? std::string("?") : std::to_string(dims[i]));
  return text.empty() ? "scalar" : text;
}

/// Up to four known names closest to `name` (edit distance), for "did you
/// mean" hints.
std::string closeMatches(StringRef name, ArrayRef<std::string> candidates) {
  std::vector<std::pair<unsigned, std::string>> scored;
  for (const std::string &c : candidates) {
    unsigned d = StringRef(c).edit_distance(name, true, 1000);
    unsigned limit = std::max<size_t>(3, name.size() / 2);
    if (d <= limit || StringRef(c).contains(name) ||
        StringRef(c).ends_with("/" + name.str()))
      scored.emplace_back(d, c);
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  if (scored.empty())
    return "";
  std::string text = "; did you mean ";
  for (size_t i = 0; i < std::min<size_t>(scored.size(), 4); ++i)
    text += (i ? ", '" : "'") + scored[i].second + "'";
  return text + "?";
}

class Importer {
public:
  Importer(const fe::Graph &graph, MLIRContext &context)
      : graph(graph), context(context), builder(&context) {}

  OwningOpRef<ModuleOp> run(const ImportOptions &options);

private:
  Location locationOf(const fe::Operation *op);
  FailureOr<Type> elementType(fe::DType type, Location loc);
  FailureOr<RankedTensorType> tensorType(const fe::Shape &shape,
                                         fe::DType dtype, Location loc,
                                         StringRef what);
  FailureOr<ElementsAttr> denseAttr(const fe::DenseElements &value,
                                    RankedTensorType type, Location loc);
  FailureOr<fe::Tensor> resolveTensor(StringRef name, StringRef role);
  FailureOr<FlatSymbolRefAttr> variableSymbol(const fe::Operation *varOp);
  FailureOr<Attribute> initializerAttr(const fe::Variable &variable,
                                       RankedTensorType type, Location loc);
  FailureOr<Value> valueOf(fe::Tensor tensor, Location useLoc);
  FailureOr<std::vector<int64_t>> constInts(const fe::Operation *op,
                                            int input, StringRef what);
  std::optional<std::vector<int64_t>> intsOf(fe::Tensor tensor);
  std::optional<LogicalResult> foldShapeOp(const fe::Operation *op,
                                           Location loc);
  LogicalResult importOp(const fe::Operation *op);
  InFlightDiagnostic opError(const fe::Operation *op) {
    return emitError(locationOf(op))
           << "TF op " << op->type() << " ('" << op->name() << "'): ";
  }

  const fe::Graph &graph;
  MLIRContext &context;
  OpBuilder builder;
  ModuleOp module;
  /// Values of imported tensors.
  llvm::DenseMap<std::pair<const fe::Operation *, int>, Value> values;
  /// Symbols of imported variables.
  llvm::DenseMap<const fe::Operation *, FlatSymbolRefAttr> variables;
  Operation *variableInsertPoint = nullptr;
};

Location Importer::locationOf(const fe::Operation *op) {
  Location child = UnknownLoc::get(&context);
  if (const fe::SourceFrame *frame = op->location())
    child = FileLineColLoc::get(&context, frame->file, frame->line, 0);
  return NameLoc::get(StringAttr::get(&context, op->name()), child);
}

FailureOr<Type> Importer::elementType(fe::DType type, Location loc) {
  switch (type) {
  case fe::DType::Float16: return Type(builder.getF16Type());
  case fe::DType::BFloat16: return Type(builder.getBF16Type());
  case fe::DType::Float32: return Type(builder.getF32Type());
  case fe::DType::Float64: return Type(builder.getF64Type());
  case fe::DType::Int8: return Type(builder.getI8Type());
  case fe::DType::Int16: return Type(builder.getI16Type());
  case fe::DType::Int32: return Type(builder.getI32Type());
  case fe::DType::Int64: return Type(builder.getI64Type());
  case fe::DType::UInt8:
    return Type(builder.getIntegerType(8, /*isSigned=*/false));
  case fe::DType::Bool: return Type(builder.getI1Type());
  default:
    return emitError(loc) << "dtype " << fe::dtypeName(type)
                          << " is not supported by tfsc",
           failure();
  }
}

FailureOr<RankedTensorType> Importer::tensorType(const fe::Shape &shape,
                                                 fe::DType dtype, Location loc,
                                                 StringRef what) {
  if (!shape.hasRank() || !shape.isFullyDefined())
    return emitError(loc) << what << " has shape " << shape.toString()
                          << "; tfsc compiles static shapes only for now",
           failure();
  FailureOr<Type> element = elementType(dtype, loc);
  if (failed(element))
    return failure();
  return RankedTensorType::get(shape.dims(), *element);
}

FailureOr<ElementsAttr> Importer::denseAttr(const fe::DenseElements &value,
                                            RankedTensorType type,
                                            Location loc) {
  if (value.numElements() != type.getNumElements() &&
      value.numStored() != 1)
    return emitError(loc) << "constant of " << value.numElements()
                          << " elements does not fit " << type,
           failure();
  if (value.dtype() == fe::DType::Bool) {
    SmallVector<bool> bits;
    for (int64_t i = 0; i < value.numStored(); ++i)
      bits.push_back(value.raw()[i] != 0);
    if (bits.size() == 1)
      return ElementsAttr(DenseElementsAttr::get(type, bits.front()));
    return ElementsAttr(DenseElementsAttr::get(type, bits));
  }
  ArrayRef<char> raw(value.raw().data(), value.raw().size());
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, raw, detectedSplat))
    return emitError(loc) << "constant data does not match " << type,
           failure();
  return ElementsAttr(DenseElementsAttr::getFromRawBuffer(type, raw));
}

FailureOr<fe::Tensor> Importer::resolveTensor(StringRef name, StringRef role) {
  absl::StatusOr<fe::Tensor> tensor = graph.findTensor(name.str());
  if (tensor.ok())
    return *tensor;
  std::vector<std::string> known;
  for (const auto &op : graph.operations()) {
    known.push_back(op->name());
    for (int i = 0; i < op->numOutputs(); ++i)
      known.push_back(op->name() + ":" + std::to_string(i));
  }
  emitError(UnknownLoc::get(&context))
      << "unknown --" << role << " '" << name << "': the graph has no such "
      << "tensor or operation" << closeMatches(name, known);
  return failure();
}

/// TF's random initial values, as built by tf.random_uniform & co:
/// add(mul(RandomUniform, sub(max, min)), min), add(mul(RandomStandardNormal,
/// stddev), mean) and the TruncatedNormal variant.
static std::optional<fe::Initializer> matchRandomValue(fe::Tensor t) {
  const fe::Operation *add = t.op();
  if (!add || (add->type() != "Add" && add->type() != "AddV2") ||
      add->inputs().size() != 2)
    return std::nullopt;
  const fe::Operation *mul = add->inputs()[0].op();
  std::optional<fe::DenseElements> offset = fe::constantValue(add->inputs()[1]);
  if (!mul || mul->type() != "Mul" || !offset || offset->numStored() != 1)
    return std::nullopt;
  const fe::Operation *random = mul->inputs()[0].op();
  fe::Tensor scaleTensor = mul->inputs()[1];
  std::optional<double> scale;
  if (auto c = fe::constantValue(scaleTensor); c && c->numStored() == 1)
    scale = c->getDouble(0);
  else if (const fe::Operation *sub = scaleTensor.op();
           sub && sub->type() == "Sub") {
    auto hi = fe::constantValue(sub->inputs()[0]);
    auto lo = fe::constantValue(sub->inputs()[1]);
    if (hi && lo && hi->numStored() == 1 && lo->numStored() == 1)
      scale = hi->getDouble(0) - lo->getDouble(0);
  }
  if (!random || !scale)
    return std::nullopt;
  fe::Initializer init;
  double base = offset->getDouble(0);
  if (random->type() == "RandomUniform") {
    init = fe::Initializer::randomUniform(base, base + *scale);
  } else if (random->type() == "RandomStandardNormal") {
    init = fe::Initializer::randomNormal(base, *scale);
  } else if (random->type() == "TruncatedNormal") {
    init = fe::Initializer::truncatedNormal(base, *scale);
  } else {
    return std::nullopt;
  }
  if (const int64_t *s = random->getAttr<int64_t>("seed"))
    init.seed = *s;
  if (const int64_t *s = random->getAttr<int64_t>("seed2"))
    init.seed2 = *s;
  return init;
}

FailureOr<Attribute> Importer::initializerAttr(const fe::Variable &variable,
                                               RankedTensorType type,
                                               Location loc) {
  fe::Initializer init = variable.initializer();
  if (init.kind == fe::Initializer::Kind::FromTensor) {
    if (std::optional<fe::DenseElements> value =
            fe::constantValue(variable.initialValue())) {
      init = fe::Initializer::constant(*value);
    } else if (std::optional<fe::Initializer> random =
                   matchRandomValue(variable.initialValue())) {
      init = *random;
    } else {
      const fe::Operation *producer = variable.initialValue().op();
      return emitError(loc)
                 << "variable '" << variable.name()
                 << "' is initialized from a computed tensor ('"
                 << (producer ? producer->name() : "?") << "', TF op "
                 << (producer ? producer->type() : "?")
                 << "); tfsc compiles constant, zeros, ones, random_uniform, "
                    "random_normal, truncated_normal and glorot initial "
                    "values",
             failure();
    }
  }
  auto f64 = [&](double v) { return APFloat(v); };
  switch (init.kind) {
  case fe::Initializer::Kind::Constant: {
    if (!init.value)
      return emitError(loc) << "variable '" << variable.name()
                            << "' has a constant initializer without a value",
             failure();
    FailureOr<fe::DenseElements> cast =
        init.value->dtype() == variable.dtype()
            ? FailureOr<fe::DenseElements>(*init.value)
            : FailureOr<fe::DenseElements>(failure());
    if (failed(cast)) {
      absl::StatusOr<fe::DenseElements> converted =
          init.value->castTo(variable.dtype());
      if (!converted.ok())
        return emitError(loc) << converted.status().message(), failure();
      cast = *converted;
    }
    FailureOr<ElementsAttr> attr = denseAttr(*cast, type, loc);
    if (failed(attr))
      return failure();
    return Attribute(*attr);
  }
  case fe::Initializer::Kind::Zeros:
    return Attribute(ZerosInitializerAttr::get(&context));
  case fe::Initializer::Kind::Ones:
    return Attribute(OnesInitializerAttr::get(&context));
  case fe::Initializer::Kind::RandomUniform:
  case fe::Initializer::Kind::GlorotUniform:
    // GlorotUniform is stored resolved: U[-limit, limit) for this shape.
    return Attribute(RandomUniformInitializerAttr::get(
        &context, f64(init.minval), f64(init.maxval), init.seed, init.seed2));
  case fe::Initializer::Kind::RandomNormal:
    return Attribute(RandomNormalInitializerAttr::get(
        &context, f64(init.mean), f64(init.stddev), init.seed, init.seed2));
  case fe::Initializer::Kind::TruncatedNormal:
  case fe::Initializer::Kind::GlorotNormal:
    return Attribute(TruncatedNormalInitializerAttr::get(
        &context, f64(init.mean), f64(init.stddev), init.seed, init.seed2));
  case fe::Initializer::Kind::FromTensor:
    break;
  }
  return emitError(loc) << "unsupported initializer", failure();
}

FailureOr<FlatSymbolRefAttr>
Importer::variableSymbol(const fe::Operation *varOp) {
  auto it = variables.find(varOp);
  if (it != variables.end())
    return it->second;
  const fe::Variable *variable = graph.variableForOp(varOp);
  Location loc = locationOf(varOp);
  if (!variable)
    return emitError(loc) << "'" << varOp->name()
                          << "' is not a variable of this graph",
           failure();
  FailureOr<RankedTensorType> type = tensorType(
      variable->shape(), variable->dtype(), loc,
      "variable '" + variable->name() + "'");
  if (failed(type))
    return failure();
  FailureOr<Attribute> init = initializerAttr(*variable, *type, loc);
  if (failed(init))
    return failure();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(variableInsertPoint);
  VariableOp::create(builder, loc, builder.getStringAttr(variable->name()),
                     TypeAttr::get(*type), *init,
                     builder.getBoolAttr(variable->trainable()));
  auto symbol = FlatSymbolRefAttr::get(&context, variable->name());
  variables[varOp] = symbol;
  return symbol;
}

/// A rank-0 tfs.constant `value` of the float type `type`.
static Value floatScalar(OpBuilder &b, Location loc, Type type, double value) {
  return ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({}, type),
                             b.getFloatAttr(type, value)));
}

/// An integer attribute of `op`, 0 when absent (TF's default for
/// StridedSlice's masks and Pack/Unpack's axis).
static int64_t intAttr(const fe::Operation *op, absl::string_view name) {
  const int64_t *v = op->getAttr<int64_t>(name);
  return v ? *v : 0;
}

/// A StridedSlice `op` resolved against `dims` with its masks.
static absl::StatusOr<fe::StridedSliceSpec>
resolveSlice(const fe::Operation *op, std::vector<int64_t> dims,
             const std::vector<int64_t> &begin, const std::vector<int64_t> &end,
             const std::vector<int64_t> &strides) {
  return fe::resolveStridedSlice(
      dims, begin, end, strides, intAttr(op, "begin_mask"),
      intAttr(op, "end_mask"), intAttr(op, "ellipsis_mask"),
      intAttr(op, "new_axis_mask"), intAttr(op, "shrink_axis_mask"));
}

/// Whether a dimension after the first is 0: the identity layout then has
/// a zero stride, and the entry's bare-pointer calling convention gave
/// invalid LLVM IR for such an argument or result (a leading 0 is fine).
static bool hasZeroStride(RankedTensorType type) {
  return type.getRank() >= 2 &&
         llvm::is_contained(type.getShape().drop_front(), 0);
}

FailureOr<Value> Importer::valueOf(fe::Tensor tensor, Location useLoc) {
  auto it = values.find({tensor.op(), tensor.index()});
  if (it != values.end())
    return it->second;
  // Ops consume variables through their ref output: a read.
  if (tensor.op()->type() == "VariableV2") {
    FailureOr<FlatSymbolRefAttr> symbol = variableSymbol(tensor.op());
    if (failed(symbol))
      return failure();
    auto var = module.lookupSymbol<VariableOp>(symbol->getAttr());
    return Value(ReadVariableOp::create(builder, useLoc, var.getType(),
                                        *symbol));
  }
  return emitError(useLoc) << "internal error: tensor '" << tensor.name()
                           << "' used before it was imported",
         failure();
}

FailureOr<std::vector<int64_t>>
Importer::constInts(const fe::Operation *op, int input, StringRef what) {
  std::optional<std::vector<int64_t>> ints = intsOf(op->inputs()[input]);
  if (!ints)
    return opError(op) << what
                       << " must be a constant (tf.constant, a Python list, "
                          "or computed from tf.shape) for tfsc to compile it",
           failure();
  return *ints;
}

/// The integers of `tensor`: a Const's, or those of an imported
/// tfs.constant (what foldShapeOp makes of tf.shape(x)[0] and its packs).
std::optional<std::vector<int64_t>> Importer::intsOf(fe::Tensor tensor) {
  std::vector<int64_t> out;
  if (std::optional<fe::DenseElements> value = fe::constantValue(tensor)) {
    if (isFloating(value->dtype()))
      return std::nullopt;
    for (int64_t i = 0; i < value->numElements(); ++i)
      out.push_back(value->getInt(i));
    return out;
  }
  auto it = values.find({tensor.op(), tensor.index()});
  if (it == values.end())
    return std::nullopt;
  auto constant = it->second.getDefiningOp<ConstantOp>();
  auto dense =
      constant ? dyn_cast<DenseIntElementsAttr>(constant.getValue()) : nullptr;
  if (!dense)
    return std::nullopt;
  for (const APInt &v : dense.getValues<APInt>())
    out.push_back(v.getSExtValue());
  return out;
}

/// Integer shape arithmetic on static shapes, folded to a tfs.constant:
/// tf.shape(x) of an imported (static) x, a strided slice of such
/// integers (tf.shape(x)[0]) and a pack of them ([tf.shape(x)[0], -1]
/// as a reshape's shape, as tf.layers.flatten builds it). nullopt when
/// `op` is not one of them or its inputs are not known integers.
std::optional<LogicalResult> Importer::foldShapeOp(const fe::Operation *op,
                                                   Location loc) {
  StringRef type = op->type();
  if (type != "Shape" && type != "StridedSlice" && type != "Pack")
    return std::nullopt;
  fe::DType dtype = op->outputInfo(0).dtype;
  if (dtype != fe::DType::Int32 && dtype != fe::DType::Int64)
    return std::nullopt;
  std::vector<int64_t> result, shape;
  if (type == "Shape") {
    auto it = values.find({op->inputs()[0].op(), op->inputs()[0].index()});
    if (it == values.end())
      return std::nullopt;
    auto in = cast<RankedTensorType>(it->second.getType());
    result.assign(in.getShape().begin(), in.getShape().end());
    shape = {in.getRank()};
  } else if (type == "StridedSlice") {
    std::optional<std::vector<int64_t>> in = intsOf(op->inputs()[0]),
                                        begin = intsOf(op->inputs()[1]),
                                        end = intsOf(op->inputs()[2]),
                                        strides = intsOf(op->inputs()[3]);
    if (!in || !begin || !end || !strides ||
        op->inputs()[0].shape().rank() != 1)
      return std::nullopt;
    absl::StatusOr<fe::StridedSliceSpec> spec =
        resolveSlice(op, {int64_t(in->size())}, *begin, *end, *strides);
    if (!spec.ok())
      return opError(op) << std::string(spec.status().message());
    for (int64_t j = 0; j < spec->size[0]; ++j)
      result.push_back((*in)[spec->begin[0] + j * spec->strides[0]]);
    shape = spec->finalShape;
  } else {
    if (intAttr(op, "axis") != 0)
      return std::nullopt;
    for (const fe::Tensor &in : op->inputs()) {
      std::optional<std::vector<int64_t>> ints = intsOf(in);
      if (!ints || in.shape().rank() != 0)
        return std::nullopt;
      result.push_back(ints->front());
    }
    shape = {int64_t(result.size())};
  }
  unsigned bits = dtype == fe::DType::Int32 ? 32 : 64;
  SmallVector<APInt> elements;
  for (int64_t v : result)
    elements.push_back(APInt(bits, v, /*isSigned=*/true));
  values[{op, 0}] = ConstantOp::create(
      builder, loc,
      DenseIntElementsAttr::get(
          RankedTensorType::get(shape, builder.getIntegerType(bits)),
          elements));
  return success();
}

LogicalResult Importer::importOp(const fe::Operation *op) {
  Location loc = locationOf(op);
  StringRef type = op->type();
  auto input = [&](int i) { return valueOf(op->inputs()[i], loc); };
  auto boolAttr = [&](StringRef name) {
    const bool *v = op->getAttr<bool>(absl::string_view(name.data(), name.size()));
    return v && *v;
  };
  auto intsAttr = [&](StringRef name, std::vector<int64_t> fallback) {
    const auto *v = op->getAttr<std::vector<int64_t>>(
        absl::string_view(name.data(), name.size()));
    return v ? *v : fallback;
  };
  auto stringAttr = [&](StringRef name) {
    const std::string *v = op->getAttr<std::string>(
        absl::string_view(name.data(), name.size()));
    return v ? *v : std::string();
  };
  auto define = [&](Value v, int index = 0) {
    values[{op, index}] = v;
    return success();
  };
  auto outputType = [&](int index) {
    return tensorType(op->outputInfo(index).shape, op->outputInfo(index).dtype,
                      loc, "output " + std::to_string(index) + " of '" +
                               op->name() + "'");
  };

  if (std::optional<LogicalResult> folded = foldShapeOp(op, loc))
    return *folded;
  if (type == "VariableV2")
    return success(succeeded(variableSymbol(op)));
  if (type == "Placeholder")
    return opError(op) << "placeholder is not fed: pass it as a feed";
  if (type == "Const") {
    const auto *value = op->getAttr<fe::DenseElements>("value");
    FailureOr<RankedTensorType> t = outputType(0);
    if (!value || failed(t))
      return failure();
    FailureOr<ElementsAttr> attr = denseAttr(*value, *t, loc);
    if (failed(attr))
      return failure();
    return define(ConstantOp::create(builder, loc, *attr));
  }
  if (type == "Fill" || type == "ZerosLike" || type == "OnesLike") {
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(t))
      return failure();
    double splat = type == "OnesLike" ? 1.0 : 0.0;
    if (type == "Fill") {
      std::optional<fe::DenseElements> v = fe::constantValue(op->inputs()[1]);
      if (!v)
        return opError(op) << "the fill value must be a constant";
      splat = v->getDouble(0);
    }
    Type element = t->getElementType();
    Attribute scalar =
        isa<FloatType>(element)
            ? Attribute(builder.getFloatAttr(element, splat))
            : Attribute(builder.getIntegerAttr(element, int64_t(splat)));
    return define(ConstantOp::create(
        builder, loc, DenseElementsAttr::get(*t, scalar)));
  }
  if (type == "StopGradient") {
    // Gradients are not computed: the input itself.
    FailureOr<Value> x = input(0);
    if (failed(x))
      return failure();
    return define(IdentityOp::create(builder, loc, *x));
  }
  if (type == "SquaredDifference") {
    FailureOr<Value> x = input(0), y = input(1);
    if (failed(x) || failed(y))
      return failure();
    return define(
        SquareOp::create(builder, loc, SubOp::create(builder, loc, *x, *y)));
  }
  if (type == "Identity") {
    if (op->inputs()[0].op()->type() == "VariableV2") {
      FailureOr<Value> read = input(0);
      return failed(read) ? failure() : define(*read);
    }
    FailureOr<Value> x = input(0);
    if (failed(x))
      return failure();
    return define(IdentityOp::create(builder, loc, *x));
  }
  if (type == "Assign" || type == "AssignAdd" || type == "AssignSub") {
    const fe::Operation *target = op->inputs()[0].op();
    if (target->type() != "VariableV2")
      return opError(op) << "assigns to '" << target->name()
                         << "', which is not a variable";
    FailureOr<FlatSymbolRefAttr> symbol = variableSymbol(target);
    FailureOr<Value> v = input(1);
    if (failed(symbol) || failed(v))
      return failure();
    Type t = v->getType();
    if (type == "Assign")
      return define(AssignVariableOp::create(builder, loc, t, *symbol, *v));
    if (type == "AssignAdd")
      return define(AssignAddVariableOp::create(builder, loc, t, *symbol, *v));
    return define(AssignSubVariableOp::create(builder, loc, t, *symbol, *v));
  }
  if (type == "Cast") {
    FailureOr<Value> x = input(0);
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(x) || failed(t))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    return define(CastOp::create(
        builder, loc, RankedTensorType::get(in.getShape(), t->getElementType()),
        *x));
  }

#define UNARY(TF, OP)                                                          \
  if (type == TF) {                                                            \
    FailureOr<Value> x = input(0);                                             \
    if (failed(x))                                                             \
      return failure();                                                        \
    return define(OP::create(builder, loc, *x));                               \
  }
  UNARY("Neg", NegOp)
  UNARY("Abs", AbsOp)
  UNARY("Exp", ExpOp)
  UNARY("Log", LogOp)
  UNARY("Sin", SinOp)
  UNARY("Cos", CosOp)
  UNARY("Tanh", TanhOp)
  UNARY("Sigmoid", SigmoidOp)
  UNARY("Relu", ReluOp)
  UNARY("Relu6", Relu6Op)
  UNARY("Sqrt", SqrtOp)
  UNARY("Rsqrt", RsqrtOp)
  UNARY("Square", SquareOp)
  UNARY("Floor", FloorOp)
  UNARY("Ceil", CeilOp)
  UNARY("Round", RoundOp)
  UNARY("Reciprocal", ReciprocalOp)
  UNARY("Softmax", SoftmaxOp)
  UNARY("LogSoftmax", LogSoftmaxOp)
#undef UNARY

#define BINARY(TF, OP)                                                         \
  if (type == TF) {                                                            \
    FailureOr<Value> x = input(0), y = input(1);                               \
    if (failed(x) || failed(y))                                                \
      return failure();                                                        \
    return define(OP::create(builder, loc, *x, *y));                           \
  }
  BINARY("Add", AddOp)
  BINARY("AddV2", AddOp)
  BINARY("Sub", SubOp)
  BINARY("Mul", MulOp)
  BINARY("RealDiv", DivOp)
  BINARY("Maximum", MaximumOp)
  BINARY("Minimum", MinimumOp)
  BINARY("Pow", PowOp)
  BINARY("BiasAdd", BiasAddOp)
  BINARY("Equal", EqualOp)
  BINARY("NotEqual", NotEqualOp)
  BINARY("Less", LessOp)
  BINARY("LessEqual", LessEqualOp)
  BINARY("Greater", GreaterOp)
  BINARY("GreaterEqual", GreaterEqualOp)
  BINARY("LogicalAnd", LogicalAndOp)
  BINARY("LogicalOr", LogicalOrOp)
#undef BINARY
  if (type == "LogicalNot") {
    FailureOr<Value> x = input(0);
    if (failed(x))
      return failure();
    return define(LogicalNotOp::create(builder, loc, *x));
  }
  if (type == "Select" || type == "SelectV2") {
    FailureOr<Value> c = input(0), x = input(1), y = input(2);
    if (failed(c) || failed(x) || failed(y))
      return failure();
    auto cond = cast<RankedTensorType>(c->getType());
    auto data = cast<RankedTensorType>(x->getType());
    // TF 1.15's Select with a vector condition over the first dimension
    // of rank >= 2 values: the condition as [n, 1, ...], which broadcasts.
    if (type == "Select" && cond.getRank() == 1 && data.getRank() > 1) {
      SmallVector<int64_t> shape(data.getRank(), 1);
      shape[0] = cond.getDimSize(0);
      *c = ReshapeOp::create(
          builder, loc, RankedTensorType::get(shape, cond.getElementType()),
          *c);
    }
    return define(SelectOp::create(builder, loc, *c, *x, *y));
  }

  if (type == "LeakyRelu" || type == "Elu" || type == "Softplus") {
    // TF's kernels, elementwise: LeakyRelu x > 0 ? x : x * alpha; Elu
    // x < 0 ? exp(x) - 1 : x; Softplus x past -log(eps) - 2 itself, below
    // log(eps) + 2 exp(x), else log(exp(x) + 1) (eps of the float type).
    FailureOr<Value> x = input(0);
    if (failed(x))
      return failure();
    auto xType = cast<RankedTensorType>(x->getType());
    auto floatType = dyn_cast<FloatType>(xType.getElementType());
    if (!floatType)
      return opError(op) << "integer inputs are not supported yet";
    auto scalar = [&](double v) {
      return floatScalar(builder, loc, floatType, v);
    };
    Value v = *x;
    if (type == "LeakyRelu") {
      const double *alpha = op->getAttr<double>("alpha");
      Value scaled =
          MulOp::create(builder, loc, v, scalar(alpha ? *alpha : 0.2));
      Value positive = GreaterOp::create(builder, loc, v, scalar(0));
      return define(SelectOp::create(builder, loc, positive, v, scaled));
    }
    if (type == "Elu") {
      Value negative = LessOp::create(builder, loc, v, scalar(0));
      Value expm1 = SubOp::create(builder, loc, ExpOp::create(builder, loc, v),
                                  scalar(1));
      return define(SelectOp::create(builder, loc, negative, expm1, v));
    }
    double epsilon = floatType.isF64()   ? 2.220446049250313e-16
                     : floatType.isF16() ? 0.0009765625
                                         : 1.1920928955078125e-07;
    double threshold = std::log(epsilon) + 2;
    Value e = ExpOp::create(builder, loc, v);
    Value log1p =
        LogOp::create(builder, loc, AddOp::create(builder, loc, e, scalar(1)));
    Value small = SelectOp::create(
        builder, loc, LessOp::create(builder, loc, v, scalar(threshold)), e,
        log1p);
    return define(SelectOp::create(
        builder, loc, GreaterOp::create(builder, loc, v, scalar(-threshold)), v,
        small));
  }
  if (type == "Tile") {
    // [d0, d1] tiled [m0, m1]: [1, d0, 1, d1] broadcast against ones (or
    // true) of [m0, 1, m1, 1] (x * 1 keeps every value, -0.0 and NaN
    // included), then [m0 * d0, m1 * d1].
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> multiples =
        constInts(op, 1, "the multiples");
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(x) || failed(multiples) || failed(t))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    Type element = in.getElementType();
    if (llvm::all_of(*multiples, [](int64_t m) { return m == 1; }))
      return define(IdentityOp::create(builder, loc, *x));
    SmallVector<int64_t> spread, ones;
    for (int64_t i = 0; i < in.getRank(); ++i) {
      spread.append({1, in.getDimSize(i)});
      ones.append({(*multiples)[i], 1});
    }
    Value spreadX = ReshapeOp::create(
        builder, loc, RankedTensorType::get(spread, element), *x);
    auto onesType = RankedTensorType::get(ones, element);
    Attribute one = isa<FloatType>(element)
                        ? Attribute(builder.getFloatAttr(element, 1.0))
                        : Attribute(builder.getIntegerAttr(element, 1));
    Value unit =
        ConstantOp::create(builder, loc, DenseElementsAttr::get(onesType, one));
    Value tiled =
        element.isInteger(1)
            ? LogicalAndOp::create(builder, loc, spreadX, unit).getResult()
            : MulOp::create(builder, loc, spreadX, unit).getResult();
    return define(ReshapeOp::create(builder, loc, *t, tiled));
  }
  if (type == "OneHot") {
    // out[..., j, ...] = indices[...] == j ? on : off (j along axis; an
    // index outside [0, depth) gives a row of off, as TF's kernel).
    FailureOr<Value> indices = input(0), on = input(2), off = input(3);
    FailureOr<std::vector<int64_t>> depth = constInts(op, 1, "the depth");
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(indices) || failed(on) || failed(off) || failed(depth) ||
        failed(t))
      return failure();
    auto in = cast<RankedTensorType>(indices->getType());
    int64_t axis = intAttr(op, "axis");
    if (axis == -1)
      axis = in.getRank();
    SmallVector<int64_t> expanded(in.getShape());
    expanded.insert(expanded.begin() + axis, 1);
    Value column = ReshapeOp::create(
        builder, loc, RankedTensorType::get(expanded, in.getElementType()),
        *indices);
    SmallVector<int64_t> positionsShape(t->getRank(), 1);
    positionsShape[axis] = (*depth)[0];
    SmallVector<APInt> positions;
    for (int64_t j = 0; j < (*depth)[0]; ++j)
      positions.push_back(
          APInt(in.getElementType().getIntOrFloatBitWidth(), j));
    Value iota = ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(
            RankedTensorType::get(positionsShape, in.getElementType()),
            positions));
    Value hit = EqualOp::create(builder, loc, column, iota);
    return define(SelectOp::create(builder, loc, hit, *on, *off));
  }
  if (type == "RandomUniform" || type == "RandomStandardNormal" ||
      type == "TruncatedNormal") {
    // Random values computed when the model runs (variable initializers
    // are matched before, as initializer attributes).
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(t))
      return failure();
    if (!t->getElementType().isF32())
      return opError(op) << "random values of " << t->getElementType()
                         << " are not supported yet (only float32)";
    int64_t seed = intAttr(op, "seed"), seed2 = intAttr(op, "seed2");
    // TF draws fresh seeds for an unseeded op; a compiled model stays
    // reproducible, each such op with a stream of its own (as variables'
    // initializers get).
    if (seed == 0 && seed2 == 0) {
      seed = 87654321;
      seed2 = int64_t(llvm::xxh3_64bits(op->name()) & 0x7fffffffffffffffULL);
    }
    StringRef kind = type == "RandomUniform"          ? "uniform"
                     : type == "RandomStandardNormal" ? "normal"
                                                      : "truncated_normal";
    return define(RandomOp::create(builder, loc, *t, kind, seed, seed2));
  }
  if (type == "ResizeBilinear" || type == "ResizeNearestNeighbor") {
    // Sizes are static: the rows and columns each output reads, and the
    // bilinear weights, are computed here as TF's kernels compute them
    // (float scale and coordinates), and the resize becomes gathers of
    // those rows and columns (and the weighted sum of four of them).
    FailureOr<Value> images = input(0);
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(images) || failed(t))
      return failure();
    bool alignCorners = boolAttr("align_corners");
    bool halfPixel = boolAttr("half_pixel_centers");
    if (alignCorners && halfPixel)
      return opError(op) << "If half_pixel_centers is True, align_corners "
                            "must be False.";
    auto in = cast<RankedTensorType>(images->getType());
    bool nearest = type == "ResizeNearestNeighbor";
    int64_t inSize[2] = {in.getDimSize(1), in.getDimSize(2)};
    int64_t outSize[2] = {t->getDimSize(1), t->getDimSize(2)};
    if (inSize[0] == 0 || inSize[1] == 0)
      return opError(op) << "input image must be of non-zero size";
    SmallVector<int64_t> lower[2], upper[2];
    SmallVector<float> lerp[2];
    for (int d = 0; d < 2; ++d) {
      int64_t inLen = inSize[d], outLen = outSize[d];
      float scale = (alignCorners && outLen > 1)
                        ? float(inLen - 1) / float(outLen - 1)
                        : float(inLen) / float(outLen);
      for (int64_t i = 0; i < outLen; ++i) {
        if (nearest) {
          float at = halfPixel ? (float(i) + 0.5f) * scale : float(i) * scale;
          int64_t index = std::min<int64_t>(alignCorners ? int64_t(roundf(at))
                                                         : int64_t(floorf(at)),
                                            inLen - 1);
          lower[d].push_back(std::max<int64_t>(index, 0));
          continue;
        }
        float at =
            halfPixel ? (float(i) + 0.5f) * scale - 0.5f : float(i) * scale;
        float floorAt = std::floor(at);
        lower[d].push_back(std::max<int64_t>(int64_t(floorAt), 0));
        upper[d].push_back(
            std::min<int64_t>(int64_t(std::ceil(at)), inLen - 1));
        lerp[d].push_back(at - floorAt);
      }
    }
    auto indexConst = [&](ArrayRef<int64_t> values) -> Value {
      auto type =
          RankedTensorType::get({int64_t(values.size())}, builder.getI64Type());
      return ConstantOp::create(builder, loc,
                                DenseElementsAttr::get(type, values));
    };
    auto gather = [&](Value x, ArrayRef<int64_t> rows, int64_t axis) {
      return GatherOp::create(builder, loc, x, indexConst(rows), axis, 0)
          .getResult();
    };
    Value x = *images;
    if (!nearest && !in.getElementType().isF32())
      x = CastOp::create(
          builder, loc,
          RankedTensorType::get(in.getShape(), builder.getF32Type()), x);
    if (nearest)
      return define(gather(gather(x, lower[0], 1), lower[1], 2));
    Value top = gather(x, lower[0], 1), bottom = gather(x, upper[0], 1);
    Value tl = gather(top, lower[1], 2), tr = gather(top, upper[1], 2);
    Value bl = gather(bottom, lower[1], 2), br = gather(bottom, upper[1], 2);
    auto weights = [&](ArrayRef<float> values, int d) -> Value {
      SmallVector<int64_t> shape = {1, 1, 1, 1};
      shape[d + 1] = int64_t(values.size());
      auto type = RankedTensorType::get(shape, builder.getF32Type());
      return ConstantOp::create(builder, loc,
                                DenseElementsAttr::get(type, values));
    };
    Value xLerp = weights(lerp[1], 1), yLerp = weights(lerp[0], 0);
    // TF's compute_lerp: top + (bottom - top) * y_lerp, the rows
    // interpolated first along x.
    auto mix = [&](Value a, Value b, Value w) -> Value {
      return AddOp::create(
          builder, loc, a,
          MulOp::create(builder, loc, SubOp::create(builder, loc, b, a), w));
    };
    return define(mix(mix(tl, tr, xLerp), mix(bl, br, xLerp), yLerp));
  }
  if (type == "Conv2DBackpropInput") {
    FailureOr<Value> filter = input(1), value = input(2);
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(filter) || failed(value) || failed(t))
      return failure();
    std::vector<int64_t> strides = intsAttr("strides", {1, 1, 1, 1});
    std::vector<int64_t> dilations = intsAttr("dilations", {1, 1, 1, 1});
    if (stringAttr("data_format") != "NHWC")
      return opError(op) << "data_format " << stringAttr("data_format")
                         << " is not supported yet (only NHWC)";
    if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
      return opError(op) << "dilations are not supported yet";
    if (stringAttr("padding") == "EXPLICIT")
      return opError(op) << "explicit paddings are not supported yet";
    // TF's kernel checks (Conv2DCustomBackpropInput), at the model's line.
    auto in = cast<RankedTensorType>(value->getType());
    auto w = cast<RankedTensorType>(filter->getType());
    if (strides.size() != 4 || strides[0] != 1 || strides[3] != 1)
      return opError(op) << "Current implementation does not yet support "
                            "strides in the batch and depth dimensions.";
    if (w.getRank() != 4 || in.getRank() != 4)
      return opError(op) << "filter and out_backprop must be 4-dimensional";
    if (t->getDimSize(0) != in.getDimSize(0))
      return opError(op) << "Conv2DCustomBackpropInput: input and "
                            "out_backprop must have the same batch size";
    if (t->getDimSize(3) != w.getDimSize(2))
      return opError(op) << "Conv2DCustomBackpropInput: input and filter "
                            "must have the same depth";
    if (w.getDimSize(3) != in.getDimSize(3))
      return opError(op) << "Conv2DCustomBackpropInput: filter and "
                            "out_backprop must have the same out_depth";
    for (int d : {1, 2}) {
      int64_t size = t->getDimSize(d), k = w.getDimSize(d - 1), s = strides[d];
      int64_t computed = stringAttr("padding") == "SAME" ? (size + s - 1) / s
                                                         : (size - k + s) / s;
      if (computed != in.getDimSize(d))
        return opError(op)
               << "Conv2DCustomBackpropInput: Size of out_backprop doesn't "
                  "match computed: actual = "
               << in.getDimSize(d) << ", computed = " << computed
               << " spatial_dim: " << d << " input: " << size
               << " filter: " << k << " output: " << in.getDimSize(d)
               << " stride: " << s << " dilation: 1";
    }
    return define(Conv2DTransposeOp::create(builder, loc, *t, *value, *filter,
                                            strides, stringAttr("padding")));
  }
  if (type == "FusedBatchNormV3") {
    // At inference, y = x * s + (offset - mean * s) with s = scale *
    // rsqrt(variance + epsilon), per channel (the shifts broadcast over
    // NHWC's last dimension and fuse into a convolution's tiles); the
    // statistics outputs are the given mean and variance, as TF's kernel
    // returns them.
    if (boolAttr("is_training") || !op->getAttr<bool>("is_training"))
      return opError(op) << "training-mode batch normalization (statistics "
                            "of the batch) is not supported yet: build the "
                            "model for inference (is_training=False, "
                            "tf.layers.batch_normalization(training=False))";
    if (stringAttr("data_format") != "NHWC")
      return opError(op) << "data_format " << stringAttr("data_format")
                         << " is not supported yet (only NHWC)";
    FailureOr<Value> x = input(0), scale = input(1), offset = input(2),
                     mean = input(3), variance = input(4);
    if (failed(x) || failed(scale) || failed(offset) || failed(mean) ||
        failed(variance))
      return failure();
    if (getElementTypeOrSelf(x->getType()) !=
        getElementTypeOrSelf(scale->getType()))
      return opError(op) << "x and the parameters must have one float type";
    const double *epsilon = op->getAttr<double>("epsilon");
    auto paramType = cast<RankedTensorType>(scale->getType());
    Value eps = floatScalar(builder, loc, paramType.getElementType(),
                            epsilon ? *epsilon : 0.0001);
    Value inv = RsqrtOp::create(builder, loc,
                                AddOp::create(builder, loc, *variance, eps));
    Value s = MulOp::create(builder, loc, inv, *scale);
    Value shift = SubOp::create(builder, loc, *offset,
                                MulOp::create(builder, loc, *mean, s));
    Value y =
        AddOp::create(builder, loc, MulOp::create(builder, loc, *x, s), shift);
    for (auto [i, value] : llvm::enumerate(
             SmallVector<Value>{y, *mean, *variance, *mean, *variance}))
      (void)define(value, i);
    return success();
  }
  if (type == "MatMul") {
    FailureOr<Value> a = input(0), b = input(1);
    if (failed(a) || failed(b))
      return failure();
    return define(MatMulOp::create(builder, loc, *a, *b,
                                   boolAttr("transpose_a"),
                                   boolAttr("transpose_b")));
  }
  if (type == "BatchMatMulV2" || type == "BatchMatMul") {
    FailureOr<Value> x = input(0), y = input(1);
    if (failed(x) || failed(y))
      return failure();
    return define(BatchMatMulOp::create(builder, loc, *x, *y,
                                        boolAttr("adj_x"), boolAttr("adj_y")));
  }
  if (type == "Conv2D" || type == "DepthwiseConv2dNative") {
    FailureOr<Value> x = input(0), w = input(1);
    if (failed(x) || failed(w))
      return failure();
    std::vector<int64_t> strides = intsAttr("strides", {1, 1, 1, 1});
    std::vector<int64_t> dilations = intsAttr("dilations", {1, 1, 1, 1});
    std::string padding = stringAttr("padding");
    if (type == "Conv2D")
      return define(Conv2DOp::create(builder, loc, *x, *w, strides, dilations,
                                     padding));
    return define(DepthwiseConv2DOp::create(builder, loc, *x, *w, strides,
                                            dilations, padding));
  }
  if (type == "MaxPool" || type == "AvgPool") {
    FailureOr<Value> x = input(0);
    if (failed(x))
      return failure();
    std::vector<int64_t> ksize = intsAttr("ksize", {}),
                         strides = intsAttr("strides", {});
    std::string padding = stringAttr("padding");
    if (type == "MaxPool")
      return define(
          MaxPoolOp::create(builder, loc, *x, ksize, strides, padding));
    return define(AvgPoolOp::create(builder, loc, *x, ksize, strides, padding));
  }
  if (type == "ArgMax" || type == "ArgMin") {
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> dim =
        constInts(op, 1, "the reduced dimension");
    FailureOr<RankedTensorType> t = outputType(0);
    if (failed(x) || failed(dim) || failed(t))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    int64_t rank = in.getRank(), value = dim->at(0);
    // TF's kernel checks these when it runs (its shape function lets a
    // scalar or vector through with any dimension).
    if (rank == 0 || value < -rank || value >= rank)
      return emitError(loc)
             << type << ": Expected dimension in the range ["
             << -std::max<int64_t>(rank, 1) << ", "
             << std::max<int64_t>(rank, 1) << "), but got " << value;
    int64_t axis = value < 0 ? value + rank : value;
    if (in.getDimSize(axis) == 0)
      return emitError(loc) << type << ": Reduction axis " << axis
                            << " is empty in shape " << in;
    SmallVector<int64_t> shape(in.getShape());
    shape.erase(shape.begin() + axis);
    auto result = RankedTensorType::get(shape, t->getElementType());
    if (type == "ArgMax")
      return define(ArgMaxOp::create(builder, loc, result, *x, axis));
    return define(ArgMinOp::create(builder, loc, result, *x, axis));
  }
  if (type == "GatherV2") {
    FailureOr<Value> params = input(0);
    FailureOr<Value> indices = input(1);
    FailureOr<std::vector<int64_t>> axisValue = constInts(op, 2, "the axis");
    if (failed(params) || failed(indices) || failed(axisValue))
      return failure();
    auto p = cast<RankedTensorType>(params->getType());
    auto i = cast<RankedTensorType>(indices->getType());
    // TF's kernel checks these when it runs (its shape function leaves
    // them); here they are the model's errors at its line.
    int64_t axis = axisValue->at(0), batchDims = intAttr(op, "batch_dims");
    if (axis < -p.getRank() || axis >= p.getRank())
      return emitError(loc)
             << type << ": Expected axis in the range [" << -p.getRank() << ", "
             << p.getRank() << "), but got " << axis;
    if (axis < 0)
      axis += p.getRank();
    if (batchDims != 0 &&
        (batchDims < -i.getRank() || batchDims >= i.getRank()))
      return emitError(loc)
             << type << ": Expected batch_dims in the range [" << -i.getRank()
             << ", " << i.getRank() << "), but got " << batchDims;
    if (batchDims < 0)
      batchDims += i.getRank();
    if (batchDims > axis)
      return emitError(loc)
             << type << ": batch_dims (" << batchDims
             << ") must be less than or equal to axis (" << axis << ").";
    for (int64_t d = 0; d < batchDims; ++d)
      if (p.getDimSize(d) != i.getDimSize(d))
        return emitError(loc)
               << type << ": params.shape[" << d << "]: " << p.getDimSize(d)
               << " should be equal to indices.shape[" << d
               << "]: " << i.getDimSize(d);
    return define(
        GatherOp::create(builder, loc, *params, *indices, axis, batchDims));
  }
  if (type == "Sum" || type == "Mean" || type == "Max" || type == "Min") {
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> axes =
        constInts(op, 1, "the reduction axes");
    if (failed(x) || failed(axes))
      return failure();
    bool keep = boolAttr("keep_dims");
    if (type == "Sum")
      return define(ReduceSumOp::create(builder, loc, *x, *axes, keep));
    if (type == "Mean")
      return define(ReduceMeanOp::create(builder, loc, *x, *axes, keep));
    if (type == "Max")
      return define(ReduceMaxOp::create(builder, loc, *x, *axes, keep));
    return define(ReduceMinOp::create(builder, loc, *x, *axes, keep));
  }
  if (type == "Reshape") {
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> dims = constInts(op, 1, "the new shape");
    if (failed(x) || failed(dims))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    int64_t known = 1, unknownAt = -1;
    for (size_t i = 0; i < dims->size(); ++i) {
      if ((*dims)[i] == -1)
        unknownAt = i;
      else
        known *= (*dims)[i];
    }
    if (unknownAt >= 0 && known > 0)
      (*dims)[unknownAt] = in.getNumElements() / known;
    return define(ReshapeOp::create(
        builder, loc, RankedTensorType::get(*dims, in.getElementType()), *x));
  }
  if (type == "Transpose") {
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> perm = constInts(op, 1, "the permutation");
    if (failed(x) || failed(perm))
      return failure();
    return define(TransposeOp::create(builder, loc, *x, *perm));
  }
  if (type == "ConcatV2") {
    int n = int(op->inputs().size()) - 1;
    SmallVector<Value> inputs;
    for (int i = 0; i < n; ++i) {
      FailureOr<Value> v = input(i);
      if (failed(v))
        return failure();
      inputs.push_back(*v);
    }
    FailureOr<std::vector<int64_t>> axis = constInts(op, n, "the axis");
    if (failed(axis))
      return failure();
    return define(ConcatOp::create(builder, loc, inputs, axis->front()));
  }
  if (type == "Split" || type == "SplitV") {
    bool v = type == "SplitV";
    FailureOr<Value> x = input(v ? 0 : 1);
    FailureOr<std::vector<int64_t>> axis =
        constInts(op, v ? 2 : 0, "the split axis");
    if (failed(x) || failed(axis))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    int64_t rank = in.getRank(), a = axis->front();
    int64_t dim = in.getDimSize(a < 0 ? a + rank : a);
    std::vector<int64_t> sizes;
    if (v) {
      FailureOr<std::vector<int64_t>> given = constInts(op, 1, "size_splits");
      if (failed(given))
        return failure();
      sizes = *given;
      int64_t known = 0;
      for (int64_t s : sizes)
        known += s == -1 ? 0 : s;
      for (int64_t &s : sizes)
        if (s == -1)
          s = dim - known;
    } else {
      int64_t n = op->numOutputs();
      sizes.assign(n, n ? dim / n : 0);
    }
    auto split = SplitOp::create(builder, loc, *x, a, sizes);
    for (auto [i, result] : llvm::enumerate(split.getResults()))
      values[{op, int(i)}] = result;
    return success();
  }
  if (type == "Slice") {
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> begin = constInts(op, 1, "begin");
    FailureOr<std::vector<int64_t>> size = constInts(op, 2, "size");
    if (failed(x) || failed(begin) || failed(size))
      return failure();
    return define(SliceOp::create(builder, loc, *x, *begin, *size));
  }
  // Dimensions of 1 added or removed (a reshape), from the input's now
  // static shape.
  if (type == "ExpandDims" || type == "Squeeze") {
    FailureOr<Value> x = input(0);
    if (failed(x))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    int64_t rank = in.getRank();
    SmallVector<int64_t> shape(in.getShape());
    if (type == "ExpandDims") {
      FailureOr<std::vector<int64_t>> axis = constInts(op, 1, "the axis");
      if (failed(axis))
        return failure();
      int64_t a = axis->front() < 0 ? axis->front() + rank + 1 : axis->front();
      shape.insert(shape.begin() + a, 1);
    } else {
      std::vector<int64_t> axes = intsAttr("squeeze_dims", {});
      SmallVector<int64_t> kept;
      for (int64_t d = 0; d < rank; ++d) {
        bool listed = llvm::any_of(
            axes, [&](int64_t a) { return (a < 0 ? a + rank : a) == d; });
        if (axes.empty() ? shape[d] != 1 : !listed)
          kept.push_back(shape[d]);
        else if (shape[d] != 1)
          return opError(op)
                 << "squeezes dimension " << d << " of size " << shape[d];
      }
      shape = kept;
    }
    return define(ReshapeOp::create(
        builder, loc, RankedTensorType::get(shape, in.getElementType()), *x));
  }
  // tf.stack: each value with a dimension of 1 at the axis, concatenated
  // along it.
  if (type == "Pack") {
    SmallVector<Value> pieces;
    int64_t axis = intAttr(op, "axis");
    for (int i = 0, e = op->inputs().size(); i < e; ++i) {
      FailureOr<Value> v = input(i);
      if (failed(v))
        return failure();
      auto in = cast<RankedTensorType>(v->getType());
      int64_t a = axis < 0 ? axis + in.getRank() + 1 : axis;
      SmallVector<int64_t> shape(in.getShape());
      shape.insert(shape.begin() + a, 1);
      pieces.push_back(ReshapeOp::create(
          builder, loc, RankedTensorType::get(shape, in.getElementType()), *v));
    }
    auto first = cast<RankedTensorType>(pieces.front().getType());
    for (Value piece : pieces)
      if (piece.getType() != first)
        return opError(op) << "stacks values of different shapes";
    int64_t a = axis < 0 ? axis + first.getRank() : axis;
    return define(ConcatOp::create(builder, loc, pieces, a));
  }
  // tf.unstack: a split into pieces of 1 along the axis, each without it.
  if (type == "Unpack") {
    FailureOr<Value> x = input(0);
    if (failed(x))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    int64_t axis = intAttr(op, "axis");
    if (axis < 0)
      axis += in.getRank();
    int64_t n = op->numOutputs();
    if (in.getDimSize(axis) != n)
      return opError(op) << "unstacks " << n << " values from a dimension of "
                         << in.getDimSize(axis);
    SmallVector<Value> pieces;
    if (n == 1) {
      pieces.push_back(*x);
    } else {
      auto split =
          SplitOp::create(builder, loc, *x, axis, std::vector<int64_t>(n, 1));
      pieces.append(split.getResults().begin(), split.getResults().end());
    }
    SmallVector<int64_t> shape(in.getShape());
    shape.erase(shape.begin() + axis);
    auto outType = RankedTensorType::get(shape, in.getElementType());
    for (int64_t i = 0; i < n; ++i)
      (void)define(ReshapeOp::create(builder, loc, outType, pieces[i]), i);
    return success();
  }
  if (type == "StridedSlice") {
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> begin = constInts(op, 1, "begin");
    FailureOr<std::vector<int64_t>> end = constInts(op, 2, "end");
    FailureOr<std::vector<int64_t>> strides = constInts(op, 3, "strides");
    if (failed(x) || failed(begin) || failed(end) || failed(strides))
      return failure();
    auto in = cast<RankedTensorType>(x->getType());
    // Resolved against the input's now static shape (fed dimensions).
    absl::StatusOr<fe::StridedSliceSpec> spec = resolveSlice(
        op, std::vector<int64_t>(in.getShape()), *begin, *end, *strides);
    if (!spec.ok())
      return opError(op) << std::string(spec.status().message());
    Value sliced = StridedSliceOp::create(builder, loc, *x, spec->begin,
                                          spec->size, spec->strides);
    if (ArrayRef<int64_t>(spec->finalShape) != ArrayRef<int64_t>(spec->size))
      sliced = ReshapeOp::create(
          builder, loc,
          RankedTensorType::get(spec->finalShape, in.getElementType()), sliced);
    return define(sliced);
  }
  if (type == "Pad" || type == "PadV2" || type == "MirrorPad") {
    FailureOr<Value> x = input(0);
    FailureOr<std::vector<int64_t>> pads = constInts(op, 1, "the paddings");
    if (failed(x) || failed(pads))
      return failure();
    int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
    auto padsType = RankedTensorType::get({rank, 2}, builder.getI64Type());
    if (int64_t(pads->size()) != 2 * rank)
      return opError(op) << "paddings need shape [" << rank << ", 2]";
    double constant = 0;
    if (type == "PadV2") {
      std::optional<fe::DenseElements> c = fe::constantValue(op->inputs()[2]);
      if (!c)
        return opError(op) << "the pad value must be a constant";
      constant = c->getDouble(0);
    }
    std::string mode = type == "MirrorPad" ? stringAttr("mode") : "CONSTANT";
    return define(PadOp::create(
        builder, loc, *x,
        DenseIntElementsAttr::get(padsType, ArrayRef<int64_t>(*pads)),
        builder.getStringAttr(mode), builder.getF64FloatAttr(constant)));
  }
  return opError(op) << "has no tfs lowering in tfsc yet";
}

OwningOpRef<ModuleOp> Importer::run(const ImportOptions &options) {
  Location unknown = UnknownLoc::get(&context);
  OwningOpRef<ModuleOp> owned = ModuleOp::create(unknown);
  module = *owned;

  // Feeds given by name.
  llvm::DenseMap<std::pair<const fe::Operation *, int>, const FeedSpec *>
      explicitFeeds;
  for (const FeedSpec &feed : options.feeds) {
    FailureOr<fe::Tensor> t = resolveTensor(feed.name, "feed");
    if (failed(t))
      return nullptr;
    explicitFeeds[{t->op(), t->index()}] = &feed;
  }
  std::vector<std::string> fetchNames = options.fetches;
  if (fetchNames.empty())
    fetchNames = defaultFetches(graph);
  if (fetchNames.empty()) {
    emitError(unknown) << "the graph computes nothing to fetch";
    return nullptr;
  }
  std::vector<fe::Tensor> fetches;
  for (const std::string &name : fetchNames) {
    FailureOr<fe::Tensor> t = resolveTensor(name, "fetch");
    if (failed(t))
      return nullptr;
    if (t->op()->numOutputs() == 0) {
      emitError(unknown) << "--fetch '" << name << "' names operation '"
                         << t->op()->name() << "', which has no outputs";
      return nullptr;
    }
    fetches.push_back(*t);
  }

  // The ops needed, from the fetches back to the feeds.
  llvm::DenseSet<const fe::Operation *> needed;
  std::vector<std::pair<const fe::Operation *, int>> feeds;
  llvm::DenseSet<std::pair<const fe::Operation *, int>> feedSet;
  std::vector<fe::Tensor> stack(fetches.begin(), fetches.end());
  while (!stack.empty()) {
    fe::Tensor t = stack.back();
    stack.pop_back();
    std::pair<const fe::Operation *, int> key{t.op(), t.index()};
    if (explicitFeeds.count(key) || t.op()->type() == "Placeholder") {
      if (feedSet.insert(key).second)
        feeds.push_back(key);
      continue;
    }
    if (!needed.insert(t.op()).second)
      continue;
    for (const fe::Tensor &in : t.op()->inputs())
      stack.push_back(in);
  }
  std::sort(feeds.begin(), feeds.end(), [](auto a, auto b) {
    return std::make_pair(a.first->id(), a.second) <
           std::make_pair(b.first->id(), b.second);
  });

  // @main's signature.
  SmallVector<Type> argTypes;
  for (auto [op, index] : feeds) {
    const FeedSpec *spec = explicitFeeds.lookup({op, index});
    fe::Shape shape = op->outputInfo(index).shape;
    if (spec && spec->shape) {
      fe::Shape given(*spec->shape);
      if (!given.isCompatibleWith(shape)) {
        emitError(locationOf(op))
            << "--feed " << spec->name << "=" << shapeText(*spec->shape)
            << " does not match its shape " << shape.toString();
        return nullptr;
      }
      shape = given;
    }
    std::string what = "feed '" + op->name() + ":" + std::to_string(index) +
                       "'";
    FailureOr<RankedTensorType> type =
        tensorType(shape, op->outputInfo(index).dtype, locationOf(op), what);
    if (failed(type)) {
      // The flag to give, its unknown sizes written N (shapeText's '?'
      // would be taken literally).
      InFlightDiagnostic remark = emitRemark(locationOf(op));
      remark << "fix it with --feed " << op->name() << "=";
      if (!shape.hasRank()) {
        remark << "DIMS (its whole shape, e.g. 1x64x64x32)";
        return nullptr;
      }
      std::string dims = shapeText(shape.dims());
      std::replace(dims.begin(), dims.end(), '?', 'N');
      remark << dims << ", N being the size to compile for";
      return nullptr;
    }
    if (hasZeroStride(*type)) {
      emitError(locationOf(op))
          << "tfsc does not support inputs or outputs with a zero-size "
             "dimension after the first yet: "
          << what << " has shape " << shape.toString();
      return nullptr;
    }
    argTypes.push_back(*type);
  }

  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, unknown, "main",
                                   builder.getFunctionType(argTypes, {}));
  variableInsertPoint = func;
  Block *entry = func.addEntryBlock();
  for (auto [i, key] : llvm::enumerate(feeds)) {
    values[key] = entry->getArgument(i);
    func.setArgAttr(i, kTensorNameAttr,
                    builder.getStringAttr(key.first->name() + ":" +
                                          std::to_string(key.second)));
    entry->getArgument(i).setLoc(locationOf(key.first));
  }
  builder.setInsertionPointToStart(entry);

  std::vector<const fe::Operation *> order(needed.begin(), needed.end());
  std::sort(order.begin(), order.end(),
            [](auto *a, auto *b) { return a->id() < b->id(); });
  for (const fe::Operation *op : order)
    if (failed(importOp(op)))
      return nullptr;

  SmallVector<Value> results;
  for (const fe::Tensor &t : fetches) {
    FailureOr<Value> v = valueOf(t, locationOf(t.op()));
    if (failed(v))
      return nullptr;
    auto fetchType = dyn_cast<RankedTensorType>(v->getType());
    if (fetchType && hasZeroStride(fetchType)) {
      emitError(locationOf(t.op()))
          << "tfsc does not support inputs or outputs with a zero-size "
             "dimension after the first yet: fetch '"
          << t.name() << "' has shape "
          << fe::Shape(std::vector<int64_t>(fetchType.getShape())).toString();
      return nullptr;
    }
    results.push_back(*v);
  }
  func::ReturnOp::create(builder, unknown, results);
  func.setFunctionType(builder.getFunctionType(
      argTypes, ValueRange(results).getTypes()));
  for (auto [i, t] : llvm::enumerate(fetches))
    func.setResultAttr(i, kTensorNameAttr, builder.getStringAttr(t.name()));
  if (failed(verify(module)))
    return nullptr;
  return owned;
}

} // namespace

std::vector<std::string>
mlir::tfs::defaultFetches(const fe::Graph &graph) {
  // Variable plumbing is never a sink: the VariableV2 op, its initializing
  // Assign and its `read` (unused when nothing reads the variable).
  llvm::DenseSet<const fe::Operation *> consumed, plumbing;
  for (const auto &variable : graph.variables()) {
    plumbing.insert(variable->op());
    plumbing.insert(variable->read().op());
    plumbing.insert(variable->initializerOp());
  }
  for (const auto &op : graph.operations())
    for (const fe::Tensor &in : op->inputs())
      consumed.insert(in.op());
  std::vector<std::string> fetches;
  for (const auto &op : graph.operations()) {
    StringRef type = op->type();
    if (consumed.count(op.get()) || plumbing.count(op.get()) ||
        type == "Placeholder" || type == "Const" || op->numOutputs() == 0)
      continue;
    for (int i = 0; i < op->numOutputs(); ++i)
      fetches.push_back(op->name() + ":" + std::to_string(i));
  }
  return fetches;
}

OwningOpRef<ModuleOp> mlir::tfs::importGraph(const fe::Graph &graph,
                                             const ImportOptions &options,
                                             MLIRContext &context) {
  context.getOrLoadDialect<TFSDialect>();
  context.getOrLoadDialect<func::FuncDialect>();
  return Importer(graph, context).run(options);
}
