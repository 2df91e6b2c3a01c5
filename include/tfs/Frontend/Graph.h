//===- Graph.h - TF1 graph: operations, tensors, names ----------*- C++ -*-===//
//
// This file declares the frontend graph that a TF1-style Python program
// builds: operations with TF op types, unique names, inputs, attributes,
// inferred output shapes/dtypes and the Python location that created them;
// tensors named `op:index`; TF's unique-name table and name-scope stack;
// collections; the graph-level random seed; and the entry points for
// variables and variable scopes (declared in Variables.h).
//
// Naming follows TensorFlow 1.15's ops.Graph exactly: names are compared
// case-insensitively, clashes get `_1`, `_2`... suffixes, a name ending in
// '/' is a name scope used as-is, and ops, name scopes and variables share
// one table.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_FRONTEND_GRAPH_H
#define TFS_FRONTEND_GRAPH_H

#include "tfs/Frontend/Types.h"

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <variant>
#include <vector>

namespace tfs::frontend {

class Graph;
class Operation;
class Variable;
class VariableScope;
struct VariableOptions;
struct GetVariableOptions;

/// One Python stack frame: where user code created something.
struct SourceFrame {
  std::string file;
  int line = 0;
  std::string function;
};
/// Python frames, innermost first (frames inside the tfs package removed).
using Traceback = std::vector<SourceFrame>;

/// Type and shape of one operation output.
struct OutputInfo {
  DType dtype = DType::Invalid;
  Shape shape;
  /// True for reference outputs (VariableV2): printed as "float32_ref".
  bool isRef = false;
};

/// A handle to output `index` of an operation (TF's Tensor, named op:index).
class Tensor {
public:
  Tensor() = default;
  Tensor(Operation *op, int index) : op_(op), index_(index) {}

  Operation *op() const { return op_; }
  int index() const { return index_; }
  explicit operator bool() const { return op_ != nullptr; }

  /// "name:index", e.g. "foo/add:0".
  std::string name() const;
  const OutputInfo &info() const;
  const Shape &shape() const { return info().shape; }
  DType dtype() const { return info().dtype; }
  bool isRef() const { return info().isRef; }
  /// TF's dtype name including the "_ref" suffix for reference tensors.
  std::string dtypeName() const;

  bool operator==(const Tensor &other) const {
    return op_ == other.op_ && index_ == other.index_;
  }
  bool operator!=(const Tensor &other) const { return !(*this == other); }
  template <typename H> friend H AbslHashValue(H h, const Tensor &t) {
    return H::combine(std::move(h), t.op_, t.index_);
  }

private:
  Operation *op_ = nullptr;
  int index_ = 0;
};

/// A graph node (TF's Operation).
class Operation {
public:
  /// 1-based creation index, TF's Operation._id.
  int64_t id() const { return id_; }
  const std::string &name() const { return name_; }
  /// TF op type, e.g. "MatMul", "VariableV2", "Const".
  const std::string &type() const { return type_; }
  Graph &graph() const { return *graph_; }

  const std::vector<Tensor> &inputs() const { return inputs_; }
  const std::vector<Operation *> &controlInputs() const {
    return controlInputs_;
  }
  int numOutputs() const { return static_cast<int>(outputs_.size()); }
  Tensor output(int i) { return Tensor(this, i); }
  const OutputInfo &outputInfo(int i) const { return outputs_[i]; }
  const std::vector<OutputInfo> &outputInfos() const { return outputs_; }

  const AttrMap &attrs() const { return attrs_; }
  /// The attribute `name`, or null.
  const AttrValue *findAttr(absl::string_view name) const;
  /// Typed attribute access; null when absent or of another type.
  template <typename T> const T *getAttr(absl::string_view name) const {
    const AttrValue *v = findAttr(name);
    return v ? std::get_if<T>(v) : nullptr;
  }
  void setAttr(std::string name, AttrValue value) {
    attrs_[std::move(name)] = std::move(value);
  }
  void addControlInput(Operation *op) { controlInputs_.push_back(op); }
  /// Tensor.set_shape: output `i`'s shape merged with `shape` (the
  /// known dimensions of both); false, and no change, when they differ.
  bool mergeOutputShape(int i, const Shape &shape) {
    std::optional<Shape> merged = outputs_[i].shape.mergeWith(shape);
    if (!merged)
      return false;
    outputs_[i].shape = *merged;
    return true;
  }

  /// Where the op was created, innermost Python frame first (may be empty
  /// when built from C++).
  const Traceback &traceback() const { return traceback_; }
  /// The innermost user frame, or null.
  const SourceFrame *location() const {
    return traceback_.empty() ? nullptr : &traceback_.front();
  }

private:
  friend class Graph;
  Operation() = default;

  Graph *graph_ = nullptr;
  int64_t id_ = 0;
  std::string name_;
  std::string type_;
  std::vector<Tensor> inputs_;
  std::vector<Operation *> controlInputs_;
  std::vector<OutputInfo> outputs_;
  AttrMap attrs_;
  Traceback traceback_;
};

/// Standard collection keys (tf.GraphKeys).
namespace graph_keys {
inline constexpr absl::string_view kGlobalVariables = "variables";
inline constexpr absl::string_view kLocalVariables = "local_variables";
inline constexpr absl::string_view kTrainableVariables = "trainable_variables";
inline constexpr absl::string_view kModelVariables = "model_variables";
inline constexpr absl::string_view kRegularizationLosses =
    "regularization_losses";
} // namespace graph_keys

/// An element of a collection.
class CollectionItem {
public:
  using Storage = std::variant<Variable *, Tensor, Operation *>;
  CollectionItem(Variable *v) : item_(v) {}
  CollectionItem(Tensor t) : item_(t) {}
  CollectionItem(Operation *op) : item_(op) {}

  const Storage &get() const { return item_; }
  Variable *variable() const;
  std::optional<Tensor> tensor() const;
  Operation *operation() const;
  /// The `.name` TF matches a collection's scope filter against.
  std::string name() const;
  bool operator==(const CollectionItem &other) const {
    return item_ == other.item_;
  }

private:
  Storage item_;
};

/// Seeds as given to random ops' `seed`/`seed2` attributes.
struct OpSeeds {
  int64_t seed = 0;
  int64_t seed2 = 0;
};

/// The graph a program builds. Owns operations and variables, the unique
/// name table, the name-scope stack, the variable store and variable-scope
/// state, collections and the graph-level seed.
class Graph {
public:
  Graph();
  ~Graph();
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  //===--------------------------------------------------------------------===//
  // Names and name scopes
  //===--------------------------------------------------------------------===//

  /// Graph.unique_name: prefixes the current name scope and makes the name
  /// unique (case-insensitively), marking it used unless told otherwise.
  std::string uniqueName(absl::string_view name, bool markAsUsed = true);
  /// The current name scope without a trailing '/' ("" at the root).
  const std::string &nameStack() const { return nameStack_; }
  /// Graph.name_scope(name).__enter__: validates the name, then "" / nullopt
  /// resets to the root, a name ending in '/' is re-entered as-is, anything
  /// else is made unique. Returns the new scope with a trailing '/' ("" at
  /// the root). Every successful enter must be paired with exitNameScope().
  absl::StatusOr<std::string>
  enterNameScope(std::optional<absl::string_view> name);
  void exitNameScope();

  //===--------------------------------------------------------------------===//
  // Operations
  //===--------------------------------------------------------------------===//

  /// Creates an operation. `name` empty means the op type; a name ending in
  /// '/' is used as-is without the slash, anything else goes through
  /// uniqueName. The traceback is taken from the traceback provider.
  absl::StatusOr<Operation *> createOp(absl::string_view type,
                                       absl::string_view name,
                                       std::vector<Tensor> inputs,
                                       std::vector<OutputInfo> outputs,
                                       AttrMap attrs = {});
  /// All operations in creation order.
  const std::vector<std::unique_ptr<Operation>> &operations() const {
    return ops_;
  }
  Operation *findOperation(absl::string_view name) const;
  /// Looks up "op:index" (or "op", meaning output 0).
  absl::StatusOr<Tensor> findTensor(absl::string_view name) const;
  /// Graph._last_id: the id of the last created op (0 when empty).
  int64_t lastId() const { return static_cast<int64_t>(ops_.size()); }

  /// Called at every op creation to record where the user created it.
  void setTracebackProvider(std::function<Traceback()> provider) {
    tracebackProvider_ = std::move(provider);
  }
  Traceback currentTraceback() const {
    return tracebackProvider_ ? tracebackProvider_() : Traceback();
  }

  //===--------------------------------------------------------------------===//
  // Random seeds
  //===--------------------------------------------------------------------===//

  std::optional<int64_t> seed() const { return seed_; }
  /// tf.set_random_seed.
  void setSeed(std::optional<int64_t> seed) { seed_ = seed; }
  /// random_seed.get_seed: the (seed, seed2) attributes of the next random op
  /// given its op-level seed; (0, 0) means nondeterministic.
  OpSeeds getSeed(std::optional<int64_t> opSeed) const;

  //===--------------------------------------------------------------------===//
  // Collections
  //===--------------------------------------------------------------------===//

  void addToCollection(absl::string_view key, CollectionItem item);
  /// The collection `key` in insertion order (empty if absent).
  std::vector<CollectionItem> getCollection(absl::string_view key) const;
  /// Graph.get_collection(key, scope): items whose name matches the regular
  /// expression `scope` at its start (Python re.match), items without a name
  /// skipped.
  absl::StatusOr<std::vector<CollectionItem>>
  getCollection(absl::string_view key, absl::string_view scope) const;
  /// Collection keys in first-use order.
  const std::vector<std::string> &collectionKeys() const {
    return collectionKeys_;
  }
  /// Drops a whole collection (tf.Graph.clear_collection).
  void clearCollection(absl::string_view key);

  //===--------------------------------------------------------------------===//
  // Variables and variable scopes (implemented in Variables.cpp)
  //===--------------------------------------------------------------------===//

  /// tf.Variable (RefVariable): creates `name` (default "Variable") in the
  /// current name scope, renamed on clashes.
  absl::StatusOr<Variable *> createVariable(const VariableOptions &options);
  /// tf.get_variable in the current variable scope.
  absl::StatusOr<Variable *> getVariable(absl::string_view name,
                                         const GetVariableOptions &options);
  /// All variables (tf.Variable and get_variable) in creation order.
  const std::vector<std::unique_ptr<Variable>> &variables() const {
    return variables_;
  }
  /// The variable owning VariableV2 op `op`, or null.
  Variable *variableForOp(const Operation *op) const;
  /// The get_variable store entry for full name `name`, or null.
  Variable *findStoredVariable(absl::string_view name) const;

  /// tf.get_variable_scope().
  const std::shared_ptr<VariableScope> &currentVariableScope() const {
    return currentVarScope_;
  }
  void setCurrentVariableScope(std::shared_ptr<VariableScope> scope) {
    currentVarScope_ = std::move(scope);
  }
  /// _VariableScopeStore.variable_scopes_count bookkeeping.
  void openVariableScope(const std::string &name);
  void closeVariableSubscopes(const std::string &name);
  int variableScopeCount(const std::string &name) const;
  const absl::flat_hash_map<std::string, int> &variableScopesCount() const {
    return varScopesCount_;
  }
  void setVariableScopesCount(absl::flat_hash_map<std::string, int> counts) {
    varScopesCount_ = std::move(counts);
  }
  /// _get_unique_variable_scope(prefix) for default_name scopes.
  std::string uniqueVariableScope(const std::string &prefix) const;

  /// Reads line `line` (1-based) of `file`, stripped; "" if unavailable.
  std::string sourceLine(const std::string &file, int line);
  /// traceback.format_list of the first `limit` frames.
  std::string formatTraceback(const Traceback &tb, size_t limit);

private:
  friend class VariableScope;

  absl::flat_hash_map<std::string, int> namesInUse_;
  std::string nameStack_;
  std::vector<std::string> nameStackSaved_;

  std::vector<std::unique_ptr<Operation>> ops_;
  absl::flat_hash_map<std::string, Operation *> opsByName_;
  std::function<Traceback()> tracebackProvider_;

  std::optional<int64_t> seed_;

  absl::flat_hash_map<std::string, std::vector<CollectionItem>> collections_;
  std::vector<std::string> collectionKeys_;

  std::vector<std::unique_ptr<Variable>> variables_;
  absl::flat_hash_map<const Operation *, Variable *> variablesByOp_;
  absl::flat_hash_map<std::string, Variable *> varStore_;
  std::shared_ptr<VariableScope> currentVarScope_;
  absl::flat_hash_map<std::string, int> varScopesCount_;

  absl::flat_hash_map<std::string, std::vector<std::string>> sourceCache_;
};

/// Validates a name scope / op name like TF's _VALID_OP_NAME_REGEX (at the
/// root) or _VALID_SCOPE_NAME_REGEX (nested).
bool isValidScopeName(absl::string_view name, bool atRoot);

} // namespace tfs::frontend

#endif // TFS_FRONTEND_GRAPH_H
