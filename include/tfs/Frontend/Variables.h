//===- Variables.h - variables, initializers and scopes ---------*- C++ -*-===//
//
// This file declares TF1 variables (RefVariable: a VariableV2 op, its
// Assign initializer and the `read` Identity that consumers use), their
// structured initializer descriptions, VariableScope with TF 1.15's reuse,
// inheritance and capture rules, and the context objects that mirror
// `tf.variable_scope(...)` and `tf.name_scope(...)`.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_FRONTEND_VARIABLES_H
#define TFS_FRONTEND_VARIABLES_H

#include "tfs/Frontend/Graph.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tfs::frontend {

/// An initializer: as a spec (what the user passed, shape-independent) and,
/// once a variable exists, as the resolved description stored on it.
struct Initializer {
  enum class Kind {
    Constant,        ///< `value` (dense data or a scalar splat)
    Zeros,           ///< zeros_initializer
    Ones,            ///< ones_initializer
    RandomUniform,   ///< U[minval, maxval)
    RandomNormal,    ///< N(mean, stddev)
    TruncatedNormal, ///< N(mean, stddev) truncated at 2 stddev
    GlorotUniform,   ///< U[minval, maxval) with minval = -limit (resolved)
    GlorotNormal,    ///< truncated N(0, stddev) (stddev resolved)
    FromTensor,      ///< the initial-value tensor of a tf.Variable or a
                     ///< custom Python initializer: see Variable::
                     ///< initialValue()
  };
  Kind kind = Kind::Zeros;
  /// Constant: the value as given (scalar/list) before broadcasting in a
  /// spec; in a resolved description it has the variable's shape (splat or
  /// dense) and dtype.
  std::optional<DenseElements> value;
  double minval = 0.0, maxval = 1.0;
  double mean = 0.0, stddev = 1.0;
  /// Op-level seed the user gave (spec); resolved descriptions carry the
  /// (seed, seed2) attributes computed by Graph::getSeed.
  std::optional<int64_t> opSeed;
  int64_t seed = 0, seed2 = 0;
  /// dtype the initializer was constructed with, if any (TF initializers
  /// default to float32 but get_variable passes its own dtype).
  std::optional<DType> dtype;
  /// Custom initializers: builds the initial value inside the
  /// `<var>/Initializer/` name scope.
  std::function<absl::StatusOr<Tensor>(Graph &, const Shape &, DType)>
      custom;
  /// Opaque handle owned by the embedding front (e.g. the Python initializer
  /// object) so that it can hand the same object back; never read here.
  std::shared_ptr<void> frontHandle;

  static Initializer constant(DenseElements value);
  static Initializer zeros();
  static Initializer ones();
  static Initializer randomUniform(double minval, double maxval,
                                   std::optional<int64_t> seed = {});
  static Initializer randomNormal(double mean, double stddev,
                                  std::optional<int64_t> seed = {});
  static Initializer truncatedNormal(double mean, double stddev,
                                     std::optional<int64_t> seed = {});
  static Initializer glorotUniform(std::optional<int64_t> seed = {});
  static Initializer glorotNormal(std::optional<int64_t> seed = {});

  /// Builds the initial value ops for `shape`/`type` in the current name
  /// scope (TF's initializer.__call__), and fills `resolved` with the
  /// description to store on the variable.
  absl::StatusOr<Tensor> materialize(Graph &graph, const Shape &shape,
                                     DType type, Initializer &resolved) const;
};

absl::string_view initializerKindName(Initializer::Kind kind);

/// A variable regularizer (e.g. a Python callable). Called inside the
/// `<var>/Regularizer/` name scope; a returned tensor is added to
/// REGULARIZATION_LOSSES.
class Regularizer {
public:
  virtual ~Regularizer();
  virtual absl::StatusOr<std::optional<Tensor>> apply(Graph &graph,
                                                      Variable &variable) = 0;
  /// Opaque handle of the embedding front.
  std::shared_ptr<void> frontHandle;
};

/// A TF1 reference variable.
class Variable {
public:
  /// Full op name, e.g. "foo/v" (the Python `v.name` is "foo/v:0").
  const std::string &name() const { return op_->name(); }
  /// The VariableV2 op.
  Operation *op() const { return op_; }
  /// The VariableV2 output (dtype "..._ref"); assignments write it.
  Tensor ref() const { return Tensor(op_, 0); }
  /// The `<name>/read` Identity output that consuming ops read.
  Tensor read() const { return read_; }
  /// The `<name>/Assign` op that initializes the variable.
  Operation *initializerOp() const { return assign_; }
  /// The tensor assigned by the initializer op.
  Tensor initialValue() const { return initialValue_; }
  const Shape &shape() const { return op_->outputInfo(0).shape; }
  /// Base dtype (without _ref).
  DType dtype() const { return op_->outputInfo(0).dtype; }
  bool trainable() const { return trainable_; }
  /// How the variable is initialized (structured).
  const Initializer &initializer() const { return initializer_; }
  /// The key in the get_variable store ("" for tf.Variable). It may differ
  /// from name() when an op already used the name (TF then renames the
  /// variable op, e.g. "var1_2", while the store key stays "var1").
  const std::string &storeName() const { return storeName_; }
  bool createdByGetVariable() const { return !storeName_.empty(); }
  /// Collections the variable was added to.
  const std::vector<std::string> &collections() const { return collections_; }
  /// The regularization loss tensor, if a regularizer produced one.
  std::optional<Tensor> regularizationLoss() const { return loss_; }

private:
  friend class Graph;
  friend class VariableScope;
  Operation *op_ = nullptr;
  Operation *assign_ = nullptr;
  Tensor read_;
  Tensor initialValue_;
  bool trainable_ = true;
  Initializer initializer_;
  std::string storeName_;
  std::vector<std::string> collections_;
  std::optional<Tensor> loss_;
};

/// Options of tf.Variable(...).
struct VariableOptions {
  /// Exactly one of the three initial-value forms must be set.
  std::optional<Tensor> initialValue;
  std::optional<DenseElements> initialDense;
  /// A callable initial value, invoked inside `<name>/Initializer/`.
  std::function<absl::StatusOr<Tensor>(Graph &)> initialValueFn;
  std::string name; ///< "" means "Variable".
  std::optional<DType> dtype;
  bool trainable = true;
  /// nullopt means [GLOBAL_VARIABLES].
  std::optional<std::vector<std::string>> collections;
  bool validateShape = true;
  /// Structured description to store; defaults to FromTensor.
  std::optional<Initializer> description;
};

/// A VariableScope's reuse flag.
enum class Reuse { False, True, AutoReuse };

/// Options of tf.get_variable(...).
struct GetVariableOptions {
  std::optional<Shape> shape; ///< nullopt = None
  std::optional<DType> dtype;
  /// A callable initializer (init_ops object or custom callable).
  std::optional<Initializer> initializer;
  /// A constant initializer value (tensor or Python value): TF's
  /// "initializing_from_value"; shape must then be None.
  std::optional<Tensor> initialValue;
  std::optional<DenseElements> initialDense;
  std::shared_ptr<Regularizer> regularizer;
  std::optional<bool> trainable;
  std::optional<std::vector<std::string>> collections;
  /// VariableScope.get_variable's reuse; nullopt = the scope's.
  std::optional<Reuse> reuse;
  bool validateShape = true;
};

/// tf.VariableScope.
class VariableScope {
public:
  explicit VariableScope(Reuse reuse, std::string name = "",
                         std::string nameScope = "")
      : reuse_(reuse), name_(std::move(name)),
        nameScope_(std::move(nameScope)) {}

  const std::string &name() const { return name_; }
  /// The name scope entered when the scope was created, with '/'.
  const std::string &originalNameScope() const { return nameScope_; }
  Reuse reuse() const { return reuse_; }
  void reuseVariables() { reuse_ = Reuse::True; }
  void setReuse(Reuse r) { reuse_ = r; }

  const std::optional<Initializer> &initializer() const {
    return initializer_;
  }
  void setInitializer(std::optional<Initializer> i) {
    initializer_ = std::move(i);
  }
  const std::shared_ptr<Regularizer> &regularizer() const {
    return regularizer_;
  }
  void setRegularizer(std::shared_ptr<Regularizer> r) {
    regularizer_ = std::move(r);
  }
  DType dtype() const { return dtype_; }
  void setDtype(DType d) { dtype_ = d; }

  /// VariableScope.get_variable: `<scope>/name` through the graph's store.
  absl::StatusOr<Variable *> getVariable(Graph &graph, absl::string_view name,
                                         GetVariableOptions options) const;

private:
  Reuse reuse_;
  std::string name_;
  std::string nameScope_;
  std::optional<Initializer> initializer_;
  std::shared_ptr<Regularizer> regularizer_;
  DType dtype_ = DType::Float32;
};

/// The arguments of tf.variable_scope(...).
struct VariableScopeArgs {
  /// The scope to open: none (use defaultName), a name, or a captured scope.
  std::variant<std::monostate, std::string, std::shared_ptr<VariableScope>>
      nameOrScope;
  std::optional<std::string> defaultName;
  std::optional<Initializer> initializer;
  std::shared_ptr<Regularizer> regularizer;
  /// nullopt = None (inherit); TF maps reuse=False to None.
  std::optional<Reuse> reuse;
  std::optional<DType> dtype;
  bool auxiliaryNameScope = true;
};

/// One `tf.name_scope(...)` context manager object (re-enterable).
class NameScopeContext {
public:
  explicit NameScopeContext(std::optional<std::string> name)
      : name_(std::move(name)) {}
  absl::StatusOr<std::string> enter(Graph &graph);
  void exit(Graph &graph);

private:
  std::optional<std::string> name_;
};

/// One `tf.variable_scope(...)` context manager object (TF's class
/// variable_scope with its cached _pure_variable_scope).
class VariableScopeContext {
public:
  /// Validates the arguments as TF's constructor does.
  static absl::StatusOr<std::unique_ptr<VariableScopeContext>>
  create(VariableScopeArgs args);

  /// __enter__: opens the name scope and the variable scope; returns the
  /// scope object that becomes current.
  absl::StatusOr<std::shared_ptr<VariableScope>> enter(Graph &graph);
  /// __exit__.
  absl::Status exit(Graph &graph);

private:
  explicit VariableScopeContext(VariableScopeArgs args)
      : args_(std::move(args)) {}

  struct PureScope {
    std::variant<std::string, std::shared_ptr<VariableScope>> nameOrScope;
    std::optional<Reuse> reuse;
    std::optional<Initializer> initializer;
    std::shared_ptr<Regularizer> regularizer;
    std::optional<std::string> oldNameScope;
    std::optional<DType> dtype;
    // State.
    std::string newName;
    std::shared_ptr<VariableScope> cachedScope;
    std::shared_ptr<VariableScope> old;
    std::shared_ptr<VariableScope> last;
    absl::flat_hash_map<std::string, int> oldSubscopes;
  };
  std::shared_ptr<VariableScope> enterPure(Graph &graph, PureScope &pure);
  absl::Status exitPure(Graph &graph, PureScope &pure);

  VariableScopeArgs args_;
  std::optional<PureScope> pure_;
  std::optional<NameScopeContext> nameScope_;
};

} // namespace tfs::frontend

#endif // TFS_FRONTEND_VARIABLES_H
