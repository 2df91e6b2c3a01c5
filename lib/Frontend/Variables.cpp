//===- Variables.cpp - variables, initializers and scopes -----------------===//
//
// This file implements tf.Variable (RefVariable._init_from_args), the
// get_variable store (_VariableStore._get_single_variable), initializers
// (init_ops), VariableScope and the variable_scope / name_scope context
// objects, following TensorFlow 1.15's variable_scope.py.
//
//===----------------------------------------------------------------------===//

#include "tfs/Frontend/Variables.h"
#include "tfs/Frontend/Errors.h"
#include "tfs/Frontend/Ops.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <cmath>

namespace tfs::frontend {

//===----------------------------------------------------------------------===//
// Initializer
//===----------------------------------------------------------------------===//

Initializer Initializer::constant(DenseElements value) {
  Initializer i;
  i.kind = Kind::Constant;
  i.value = std::move(value);
  return i;
}
Initializer Initializer::zeros() {
  Initializer i;
  i.kind = Kind::Zeros;
  return i;
}
Initializer Initializer::ones() {
  Initializer i;
  i.kind = Kind::Ones;
  return i;
}
Initializer Initializer::randomUniform(double minval, double maxval,
                                       std::optional<int64_t> seed) {
  Initializer i;
  i.kind = Kind::RandomUniform;
  i.minval = minval;
  i.maxval = maxval;
  i.opSeed = seed;
  return i;
}
Initializer Initializer::randomNormal(double mean, double stddev,
                                      std::optional<int64_t> seed) {
  Initializer i;
  i.kind = Kind::RandomNormal;
  i.mean = mean;
  i.stddev = stddev;
  i.opSeed = seed;
  return i;
}
Initializer Initializer::truncatedNormal(double mean, double stddev,
                                         std::optional<int64_t> seed) {
  Initializer i = randomNormal(mean, stddev, seed);
  i.kind = Kind::TruncatedNormal;
  return i;
}
Initializer Initializer::glorotUniform(std::optional<int64_t> seed) {
  Initializer i;
  i.kind = Kind::GlorotUniform;
  i.opSeed = seed;
  return i;
}
Initializer Initializer::glorotNormal(std::optional<int64_t> seed) {
  Initializer i;
  i.kind = Kind::GlorotNormal;
  i.opSeed = seed;
  return i;
}

absl::string_view initializerKindName(Initializer::Kind kind) {
  switch (kind) {
  case Initializer::Kind::Constant:
    return "constant";
  case Initializer::Kind::Zeros:
    return "zeros";
  case Initializer::Kind::Ones:
    return "ones";
  case Initializer::Kind::RandomUniform:
    return "random_uniform";
  case Initializer::Kind::RandomNormal:
    return "random_normal";
  case Initializer::Kind::TruncatedNormal:
    return "truncated_normal";
  case Initializer::Kind::GlorotUniform:
    return "glorot_uniform";
  case Initializer::Kind::GlorotNormal:
    return "glorot_normal";
  case Initializer::Kind::FromTensor:
    return "from_tensor";
  }
  return "unknown";
}

/// init_ops._compute_fans.
static std::pair<double, double> computeFans(const Shape &shape) {
  const std::vector<int64_t> &d = shape.dims();
  if (d.empty())
    return {1, 1};
  if (d.size() == 1)
    return {double(d[0]), double(d[0])};
  if (d.size() == 2)
    return {double(d[0]), double(d[1])};
  double receptive = 1;
  for (size_t i = 0; i + 2 < d.size(); ++i)
    receptive *= d[i];
  return {d[d.size() - 2] * receptive, d[d.size() - 1] * receptive};
}

absl::StatusOr<Tensor> Initializer::materialize(Graph &graph,
                                                const Shape &shape, DType type,
                                                Initializer &resolved) const {
  resolved = *this;
  resolved.custom = nullptr;
  resolved.dtype = type;
  OpSeeds seeds;
  absl::StatusOr<Tensor> result;
  switch (kind) {
  case Kind::Constant: {
    if (!value)
      return valueError("constant initializer without a value");
    TFS_ASSIGN_OR_RETURN(DenseElements v,
                         makeConstantValue(*value, type, shape.dims()));
    resolved.value = v;
    return ::tfs::frontend::constant(graph, std::move(v));
  }
  case Kind::Zeros:
    return ::tfs::frontend::zeros(graph, shape, type);
  case Kind::Ones:
    return ::tfs::frontend::ones(graph, shape, type);
  case Kind::RandomUniform:
    result = ::tfs::frontend::randomUniform(graph, shape, minval, maxval, type, opSeed, "",
                           &seeds);
    break;
  case Kind::RandomNormal:
    result = ::tfs::frontend::randomNormal(graph, shape, mean, stddev, type, opSeed, "", &seeds);
    break;
  case Kind::TruncatedNormal:
    result =
        ::tfs::frontend::truncatedNormal(graph, shape, mean, stddev, type, opSeed, "", &seeds);
    break;
  case Kind::GlorotUniform: {
    // VarianceScaling(scale=1, mode="fan_avg", distribution="uniform").
    auto [fanIn, fanOut] = computeFans(shape);
    double scale = 1.0 / std::max(1.0, (fanIn + fanOut) / 2.0);
    double limit = std::sqrt(3.0 * scale);
    resolved.minval = -limit;
    resolved.maxval = limit;
    result = ::tfs::frontend::randomUniform(graph, shape, -limit, limit, type, opSeed, "",
                           &seeds);
    break;
  }
  case Kind::GlorotNormal: {
    auto [fanIn, fanOut] = computeFans(shape);
    double scale = 1.0 / std::max(1.0, (fanIn + fanOut) / 2.0);
    double stddev = std::sqrt(scale) / .87962566103423978;
    resolved.mean = 0.0;
    resolved.stddev = stddev;
    result = ::tfs::frontend::truncatedNormal(graph, shape, 0.0, stddev, type, opSeed, "",
                             &seeds);
    break;
  }
  case Kind::FromTensor:
    if (!custom)
      return valueError("custom initializer without a function");
    resolved.kind = Kind::FromTensor;
    return custom(graph, shape, type);
  }
  resolved.seed = seeds.seed;
  resolved.seed2 = seeds.seed2;
  return result;
}

Regularizer::~Regularizer() = default;

//===----------------------------------------------------------------------===//
// tf.Variable
//===----------------------------------------------------------------------===//

namespace {
/// Leaves a name scope when going out of scope.
class NameScopeGuard {
public:
  explicit NameScopeGuard(Graph &graph) : graph(graph) {}
  ~NameScopeGuard() {
    if (active)
      graph.exitNameScope();
  }
  absl::StatusOr<std::string> enter(std::optional<absl::string_view> name) {
    absl::StatusOr<std::string> s = graph.enterNameScope(name);
    active = s.ok();
    return s;
  }

private:
  Graph &graph;
  bool active = false;
};

std::string tensorStr(const Tensor &t) {
  std::string s = absl::StrCat("Tensor(\"", t.name(), "\"");
  if (t.shape().hasRank())
    absl::StrAppend(&s, ", shape=", t.shape().toString());
  absl::StrAppend(&s, ", dtype=", t.dtypeName(), ")");
  return s;
}

std::string dtypeRepr(DType t) {
  return absl::StrCat("<dtype: '", dtypeName(t), "'>");
}
} // namespace

absl::StatusOr<Variable *>
Graph::createVariable(const VariableOptions &options) {
  int forms = (options.initialValue ? 1 : 0) + (options.initialDense ? 1 : 0) +
              (options.initialValueFn ? 1 : 0);
  if (forms == 0)
    return valueError("initial_value must be specified.");
  if (forms > 1)
    return valueError("only one initial value may be given");
  std::vector<std::string> collections =
      options.collections.value_or(std::vector<std::string>{
          std::string(graph_keys::kGlobalVariables)});
  if (options.trainable &&
      std::find(collections.begin(), collections.end(),
                graph_keys::kTrainableVariables) == collections.end())
    collections.emplace_back(graph_keys::kTrainableVariables);

  NameScopeGuard scope(*this);
  TFS_ASSIGN_OR_RETURN(
      std::string scopeName,
      scope.enter(options.name.empty() ? absl::string_view("Variable")
                                       : absl::string_view(options.name)));
  Tensor initial;
  if (options.initialValueFn) {
    NameScopeGuard initScope(*this);
    TFS_RETURN_IF_ERROR(initScope.enter("Initializer").status());
    TFS_ASSIGN_OR_RETURN(initial, options.initialValueFn(*this));
  } else if (options.initialDense) {
    DenseElements v = *options.initialDense;
    if (options.dtype && *options.dtype != v.dtype()) {
      TFS_ASSIGN_OR_RETURN(v, v.castTo(*options.dtype));
    }
    TFS_ASSIGN_OR_RETURN(initial, constant(*this, std::move(v),
                                           "initial_value"));
  } else {
    initial = *options.initialValue;
  }
  if (!initial)
    return valueError("initial value function returned no tensor");
  if (options.dtype && *options.dtype != initial.dtype())
    return valueError(absl::StrFormat(
        "Tensor conversion requested dtype %s for Tensor with dtype %s: '%s'",
        dtypeName(*options.dtype), dtypeName(initial.dtype()),
        tensorStr(initial)));
  if (options.validateShape && !initial.shape().isFullyDefined())
    return valueError(absl::StrCat("initial_value must have a shape specified: ",
                                   tensorStr(initial)));
  Shape shape = options.validateShape ? initial.shape() : Shape();
  TFS_ASSIGN_OR_RETURN(Operation * varOp,
                       buildOp(*this, "VariableV2", scopeName, {},
                               {{"shape", shape}, {"dtype", initial.dtype()}}));
  auto variable = std::make_unique<Variable>();
  variable->op_ = varOp;
  variable->trainable_ = options.trainable;
  variable->initialValue_ = initial;
  TFS_ASSIGN_OR_RETURN(Tensor assigned,
                       assign(*this, "Assign", varOp->output(0), initial,
                              options.validateShape, "Assign"));
  variable->assign_ = assigned.op();
  TFS_ASSIGN_OR_RETURN(variable->read_,
                       unaryOp(*this, "Identity", varOp->output(0), "read"));
  if (options.description) {
    variable->initializer_ = *options.description;
  } else if (std::optional<DenseElements> v = constantValue(initial)) {
    variable->initializer_ = Initializer::constant(*v);
    variable->initializer_.dtype = initial.dtype();
  } else {
    variable->initializer_.kind = Initializer::Kind::FromTensor;
    variable->initializer_.dtype = initial.dtype();
  }
  variable->initializer_.custom = nullptr;
  variable->collections_ = collections;
  Variable *raw = variable.get();
  variablesByOp_[varOp] = raw;
  variables_.push_back(std::move(variable));
  for (const std::string &key : collections)
    addToCollection(key, raw);
  return raw;
}

//===----------------------------------------------------------------------===//
// tf.get_variable
//===----------------------------------------------------------------------===//

absl::StatusOr<Variable *>
Graph::getVariable(absl::string_view name, const GetVariableOptions &options) {
  return currentVariableScope()->getVariable(*this, name, options);
}

absl::StatusOr<Variable *>
VariableScope::getVariable(Graph &graph, absl::string_view name,
                           GetVariableOptions options) const {
  std::string fullName =
      name_.empty() ? std::string(name) : absl::StrCat(name_, "/", name);
  // Variable names only depend on the variable scope, not the name scope.
  NameScopeGuard rootScope(graph);
  TFS_RETURN_IF_ERROR(rootScope.enter(std::nullopt).status());

  bool fromValue = options.initialValue || options.initialDense;
  if (options.dtype && fromValue) {
    DType initType = options.initialValue ? options.initialValue->dtype()
                                          : options.initialDense->dtype();
    if (initType != *options.dtype)
      return valueError(absl::StrFormat(
          "Initializer type '%s' and explicit dtype '%s' don't match.",
          dtypeRepr(initType), dtypeRepr(*options.dtype)));
  }
  std::optional<Initializer> initializer = options.initializer;
  if (!initializer && !fromValue)
    initializer = initializer_;
  std::shared_ptr<Regularizer> regularizer =
      options.regularizer ? options.regularizer : regularizer_;
  Reuse reuse = options.reuse.value_or(reuse_);
  DType dtype = options.dtype.value_or(dtype_);
  bool trainable = options.trainable.value_or(true);

  // _VariableStore._get_single_variable.
  if (options.shape && fromValue)
    return valueError("If initializer is a constant, do not specify shape.");
  Shape shape = options.shape.value_or(Shape::unknownRank());

  if (Variable *found = graph.findStoredVariable(fullName)) {
    if (reuse == Reuse::False) {
      std::string message = absl::StrFormat(
          "Variable %s already exists, disallowed. Did you mean to set "
          "reuse=True or reuse=tf.AUTO_REUSE in VarScope?",
          fullName);
      return valueError(absl::StrCat(
          message, " Originally defined at:\n\n",
          graph.formatTraceback(found->op()->traceback(), 5)));
    }
    if (!shape.isCompatibleWith(found->shape()))
      return valueError(absl::StrFormat(
          "Trying to share variable %s, but specified shape %s and found "
          "shape %s.",
          fullName, shape.toString(), found->shape().toString()));
    if (dtype != found->dtype())
      return valueError(absl::StrFormat(
          "Trying to share variable %s, but specified dtype %s and found "
          "dtype %s.",
          fullName, dtypeName(dtype), found->ref().dtypeName()));
    return found;
  }
  if (reuse == Reuse::True)
    return valueError(absl::StrFormat(
        "Variable %s does not exist, or was not created with "
        "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
        "VarScope?",
        fullName));

  VariableOptions varOptions;
  varOptions.name = fullName;
  varOptions.trainable = trainable;
  varOptions.collections = options.collections;
  varOptions.validateShape = options.validateShape;
  if (fromValue) {
    varOptions.initialValue = options.initialValue;
    varOptions.initialDense = options.initialDense;
  } else {
    if (!initializer) {
      // _get_default_initializer.
      if (isFloating(dtype))
        initializer = Initializer::glorotUniform();
      else if (isInteger(dtype) || dtype == DType::Bool ||
               dtype == DType::String)
        initializer = Initializer::zeros();
      else
        return valueError(absl::StrFormat(
            "An initializer for variable %s of %s is required", fullName,
            dtypeRepr(dtype)));
    }
    if (!shape.isFullyDefined())
      return valueError(
          "The initializer passed is not valid. It should be a callable with "
          "no arguments and the shape should not be provided or an instance "
          "of `tf.keras.initializers.*' and `shape` should be fully "
          "defined.");
    auto description = std::make_shared<Initializer>();
    Initializer spec = *initializer;
    varOptions.dtype = dtype;
    varOptions.initialValueFn =
        [spec, shape, dtype, description](Graph &g) -> absl::StatusOr<Tensor> {
      return spec.materialize(g, shape, dtype, *description);
    };
    TFS_ASSIGN_OR_RETURN(Variable * v, graph.createVariable(varOptions));
    v->initializer_ = *description;
    v->initializer_.frontHandle = initializer->frontHandle;
    v->storeName_ = fullName;
    graph.varStore_[fullName] = v;
    varOptions.initialValueFn = nullptr;
    if (regularizer) {
      NameScopeGuard regScope(graph);
      TFS_RETURN_IF_ERROR(
          regScope.enter(absl::StrCat(fullName, "/Regularizer/")).status());
      TFS_ASSIGN_OR_RETURN(std::optional<Tensor> loss,
                           regularizer->apply(graph, *v));
      if (loss) {
        v->loss_ = loss;
        graph.addToCollection(graph_keys::kRegularizationLosses, *loss);
      }
    }
    return v;
  }
  TFS_ASSIGN_OR_RETURN(Variable * v, graph.createVariable(varOptions));
  v->storeName_ = fullName;
  graph.varStore_[fullName] = v;
  if (regularizer) {
    NameScopeGuard regScope(graph);
    TFS_RETURN_IF_ERROR(
        regScope.enter(absl::StrCat(fullName, "/Regularizer/")).status());
    TFS_ASSIGN_OR_RETURN(std::optional<Tensor> loss,
                         regularizer->apply(graph, *v));
    if (loss) {
      v->loss_ = loss;
      graph.addToCollection(graph_keys::kRegularizationLosses, *loss);
    }
  }
  return v;
}

//===----------------------------------------------------------------------===//
// name_scope / variable_scope context objects
//===----------------------------------------------------------------------===//

absl::StatusOr<std::string> NameScopeContext::enter(Graph &graph) {
  if (name_)
    return graph.enterNameScope(*name_);
  return graph.enterNameScope(std::nullopt);
}

void NameScopeContext::exit(Graph &graph) { graph.exitNameScope(); }

absl::StatusOr<std::unique_ptr<VariableScopeContext>>
VariableScopeContext::create(VariableScopeArgs args) {
  if (std::holds_alternative<std::monostate>(args.nameOrScope) &&
      !args.defaultName)
    return typeError("If default_name is None then name_or_scope is required");
  // reuse=False means "inherit" (None) since TF 1.1.
  if (args.reuse == Reuse::False)
    args.reuse = std::nullopt;
  return std::unique_ptr<VariableScopeContext>(
      new VariableScopeContext(std::move(args)));
}

absl::StatusOr<std::shared_ptr<VariableScope>>
VariableScopeContext::enter(Graph &graph) {
  if (pure_) {
    // Re-entering the same context object reuses its pure scope.
    if (nameScope_)
      TFS_RETURN_IF_ERROR(nameScope_->enter(graph).status());
    return enterPure(graph, *pure_);
  }

  std::optional<NameScopeContext> current;
  if (!args_.auxiliaryNameScope) {
    std::string ns = graph.nameStack();
    current.emplace(ns.empty() ? ns : ns + "/");
  }

  PureScope pure;
  pure.initializer = args_.initializer;
  pure.regularizer = args_.regularizer;
  pure.dtype = args_.dtype;

  if (!std::holds_alternative<std::monostate>(args_.nameOrScope)) {
    const auto *str = std::get_if<std::string>(&args_.nameOrScope);
    std::shared_ptr<VariableScope> captured;
    std::string nameScope;
    if (str) {
      nameScope = *str;
      pure.nameOrScope = *str;
    } else {
      captured = std::get<std::shared_ptr<VariableScope>>(args_.nameOrScope);
      const std::string &n = captured->name();
      size_t slash = n.rfind('/');
      nameScope = slash == std::string::npos ? n : n.substr(slash + 1);
      pure.nameOrScope = captured;
    }
    pure.reuse = args_.reuse;
    if (!nameScope.empty() || current) {
      if (!current)
        current.emplace(nameScope);
      TFS_ASSIGN_OR_RETURN(std::string currentName, current->enter(graph));
      nameScope_ = std::move(current);
      pure.oldNameScope =
          str ? currentName : captured->originalNameScope();
    } else {
      // Entering the root variable scope.
      nameScope_.reset();
    }
    if (captured) {
      // Jumping to a captured scope: a copy with possibly changed reuse,
      // initializer, regularizer and dtype.
      pure.newName = captured->name();
      Reuse reuse = args_.reuse ? *args_.reuse : captured->reuse();
      auto scope = std::make_shared<VariableScope>(
          reuse, captured->name(), captured->originalNameScope());
      scope->setInitializer(captured->initializer());
      scope->setRegularizer(captured->regularizer());
      scope->setDtype(captured->dtype());
      if (args_.initializer)
        scope->setInitializer(args_.initializer);
      if (args_.regularizer)
        scope->setRegularizer(args_.regularizer);
      if (args_.dtype)
        scope->setDtype(*args_.dtype);
      pure.cachedScope = std::move(scope);
    }
  } else {
    // default_name: made unique among sibling variable scopes.
    if (args_.reuse == Reuse::True || args_.reuse == Reuse::AutoReuse) {
      return valueError("reuse=True cannot be used without a name_or_scope");
    }
    if (!current)
      current.emplace(*args_.defaultName);
    TFS_ASSIGN_OR_RETURN(std::string currentName, current->enter(graph));
    nameScope_ = std::move(current);
    pure.nameOrScope = graph.uniqueVariableScope(*args_.defaultName);
    pure.oldNameScope = currentName;
  }
  pure_ = std::move(pure);
  return enterPure(graph, *pure_);
}

std::shared_ptr<VariableScope>
VariableScopeContext::enterPure(Graph &graph, PureScope &pure) {
  pure.old = graph.currentVariableScope();
  std::shared_ptr<VariableScope> scope;
  if (pure.cachedScope) {
    graph.openVariableScope(pure.newName);
    pure.oldSubscopes = graph.variableScopesCount();
    scope = pure.cachedScope;
  } else {
    const std::string &name = std::get<std::string>(pure.nameOrScope);
    const VariableScope &old = *pure.old;
    pure.newName = old.name().empty() ? name : old.name() + "/" + name;
    // Re-using is inherited by sub-scopes.
    if (!pure.reuse || *pure.reuse == Reuse::False)
      pure.reuse = old.reuse();
    scope = std::make_shared<VariableScope>(
        *pure.reuse, pure.newName,
        pure.oldNameScope ? *pure.oldNameScope : name);
    scope->setInitializer(old.initializer());
    scope->setRegularizer(old.regularizer());
    scope->setDtype(old.dtype());
    if (pure.initializer)
      scope->setInitializer(pure.initializer);
    if (pure.regularizer)
      scope->setRegularizer(pure.regularizer);
    if (pure.dtype)
      scope->setDtype(*pure.dtype);
    graph.openVariableScope(pure.newName);
  }
  graph.setCurrentVariableScope(scope);
  pure.last = scope;
  return scope;
}

absl::Status VariableScopeContext::exitPure(Graph &graph, PureScope &pure) {
  if (graph.currentVariableScope() != pure.last)
    return runtimeError("Improper nesting of variable_scope.");
  if (pure.cachedScope)
    graph.setVariableScopesCount(pure.oldSubscopes);
  else
    graph.closeVariableSubscopes(pure.newName);
  graph.setCurrentVariableScope(pure.old);
  return absl::OkStatus();
}

absl::Status VariableScopeContext::exit(Graph &graph) {
  if (!pure_)
    return runtimeError("variable_scope exited without being entered");
  absl::Status status = exitPure(graph, *pure_);
  if (nameScope_)
    nameScope_->exit(graph);
  return status;
}

} // namespace tfs::frontend
