//===- Graph.cpp - TF1 graph: operations, tensors, names ------------------===//
//
// This file implements the graph's unique-name table, name-scope stack,
// operation creation, collections and TF's get_seed rules.
//
//===----------------------------------------------------------------------===//

#include "tfs/Frontend/Graph.h"
#include "tfs/Frontend/Errors.h"
#include "tfs/Frontend/Variables.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

#include <fstream>
#include <regex>

namespace tfs::frontend {

//===----------------------------------------------------------------------===//
// Tensor / Operation
//===----------------------------------------------------------------------===//

std::string Tensor::name() const {
  return absl::StrCat(op_->name(), ":", index_);
}

const OutputInfo &Tensor::info() const { return op_->outputInfo(index_); }

std::string Tensor::dtypeName() const {
  std::string n(frontend::dtypeName(dtype()));
  if (isRef())
    n += "_ref";
  return n;
}

const AttrValue *Operation::findAttr(absl::string_view name) const {
  auto it = attrs_.find(name);
  return it == attrs_.end() ? nullptr : &it->second;
}

Variable *CollectionItem::variable() const {
  auto *v = std::get_if<Variable *>(&item_);
  return v ? *v : nullptr;
}
std::optional<Tensor> CollectionItem::tensor() const {
  if (auto *t = std::get_if<Tensor>(&item_))
    return *t;
  return std::nullopt;
}
Operation *CollectionItem::operation() const {
  auto *op = std::get_if<Operation *>(&item_);
  return op ? *op : nullptr;
}
std::string CollectionItem::name() const {
  if (Variable *v = variable())
    return absl::StrCat(v->name(), ":0");
  if (auto t = tensor())
    return t->name();
  return operation()->name();
}

//===----------------------------------------------------------------------===//
// Graph
//===----------------------------------------------------------------------===//

Graph::Graph()
    : currentVarScope_(std::make_shared<VariableScope>(Reuse::False)) {}

Graph::~Graph() = default;

bool isValidScopeName(absl::string_view name, bool atRoot) {
  // _VALID_OP_NAME_REGEX = "^[A-Za-z0-9.][A-Za-z0-9_.\\-/>]*$"
  // _VALID_SCOPE_NAME_REGEX = "^[A-Za-z0-9_.\\-/>]*$"
  auto isTail = [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           c == '.' || c == '-' || c == '/' || c == '>';
  };
  if (atRoot) {
    if (name.empty())
      return false;
    char c = name[0];
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.')
      return false;
  }
  for (char c : name)
    if (!isTail(c))
      return false;
  return true;
}

std::string Graph::uniqueName(absl::string_view rawName, bool markAsUsed) {
  std::string name = nameStack_.empty()
                         ? std::string(rawName)
                         : absl::StrCat(nameStack_, "/", rawName);
  // Names are compared case-insensitively (foo == Foo).
  std::string nameKey = absl::AsciiStrToLower(name);
  int i = 0;
  if (auto it = namesInUse_.find(nameKey); it != namesInUse_.end())
    i = it->second;
  if (markAsUsed)
    namesInUse_[nameKey] = i + 1;
  if (i > 0) {
    std::string baseNameKey = nameKey;
    // Make sure the composed name key is not already used.
    while (namesInUse_.contains(nameKey)) {
      nameKey = absl::StrCat(baseNameKey, "_", i);
      ++i;
    }
    // Mark the composed key as used in case someone asks for "name_1".
    if (markAsUsed)
      namesInUse_[nameKey] = 1;
    // Keep the caller's capitalization.
    name = absl::StrCat(name, "_", i - 1);
  }
  return name;
}

absl::StatusOr<std::string>
Graph::enterNameScope(std::optional<absl::string_view> name) {
  if (name && !name->empty()) {
    if (!isValidScopeName(*name, /*atRoot=*/nameStack_.empty()))
      return valueError(absl::StrCat("'", *name, "' is not a valid scope name"));
  }
  std::string newStack;
  if (!name || name->empty())
    newStack = "";
  else if (name->back() == '/')
    newStack = std::string(name->substr(0, name->size() - 1));
  else
    newStack = uniqueName(*name);
  nameStackSaved_.push_back(nameStack_);
  nameStack_ = newStack;
  return newStack.empty() ? std::string() : newStack + "/";
}

void Graph::exitNameScope() {
  if (nameStackSaved_.empty())
    return;
  nameStack_ = std::move(nameStackSaved_.back());
  nameStackSaved_.pop_back();
}

absl::StatusOr<Operation *> Graph::createOp(absl::string_view type,
                                            absl::string_view name,
                                            std::vector<Tensor> inputs,
                                            std::vector<OutputInfo> outputs,
                                            AttrMap attrs) {
  std::string opName;
  if (name.empty())
    name = type;
  if (name.back() == '/') {
    opName = std::string(name.substr(0, name.size() - 1));
  } else {
    if (!isValidScopeName(name, /*atRoot=*/nameStack_.empty()))
      return valueError(absl::StrCat("'", name, "' is not a valid scope name"));
    opName = uniqueName(name);
  }
  if (opsByName_.contains(opName))
    return valueError(
        absl::StrCat("Duplicate node name in graph: '", opName, "'"));
  for (const Tensor &t : inputs)
    if (!t || &t.op()->graph() != this)
      return valueError(absl::StrCat(
          "Tensor must be from the same graph as the op '", opName, "'."));
  auto op = std::unique_ptr<Operation>(new Operation());
  op->graph_ = this;
  op->id_ = lastId() + 1;
  op->name_ = std::move(opName);
  op->type_ = std::string(type);
  op->inputs_ = std::move(inputs);
  op->outputs_ = std::move(outputs);
  op->attrs_ = std::move(attrs);
  op->traceback_ = currentTraceback();
  Operation *raw = op.get();
  opsByName_[raw->name_] = raw;
  ops_.push_back(std::move(op));
  return raw;
}

Operation *Graph::findOperation(absl::string_view name) const {
  auto it = opsByName_.find(name);
  return it == opsByName_.end() ? nullptr : it->second;
}

absl::StatusOr<Tensor> Graph::findTensor(absl::string_view name) const {
  absl::string_view opName = name;
  int index = 0;
  if (size_t colon = name.rfind(':'); colon != absl::string_view::npos) {
    opName = name.substr(0, colon);
    if (!absl::SimpleAtoi(name.substr(colon + 1), &index))
      return valueError(absl::StrCat(
          "The name '", name,
          "' looks a like a Tensor name, but is not a valid one. Tensor names "
          "must be of the form \"<op_name>:<output_index>\"."));
  }
  Operation *op = findOperation(opName);
  if (!op)
    return valueError(absl::StrCat("The name '", name,
                                   "' refers to a Tensor which does not "
                                   "exist. The operation, '",
                                   opName, "', does not exist in the graph."));
  if (index < 0 || index >= op->numOutputs())
    return valueError(absl::StrFormat(
        "The name '%s' refers to a Tensor which does not exist. The "
        "operation, '%s', exists but only has %d outputs.",
        name, opName, op->numOutputs()));
  return Tensor(op, index);
}

OpSeeds Graph::getSeed(std::optional<int64_t> opSeed) const {
  constexpr int64_t kDefaultGraphSeed = 87654321;
  constexpr int64_t kMaxInt32 = (int64_t(1) << 31) - 1;
  auto truncate = [](int64_t s) {
    // Python's % is a floor modulo.
    int64_t r = s % kMaxInt32;
    return r < 0 ? r + kMaxInt32 : r;
  };
  OpSeeds seeds;
  if (seed_) {
    int64_t op = opSeed ? *opSeed : lastId();
    seeds = {truncate(*seed_), truncate(op)};
  } else if (opSeed) {
    seeds = {kDefaultGraphSeed, truncate(*opSeed)};
  } else {
    return {0, 0};
  }
  // (0, 0) would mean nondeterminism to the kernels.
  if (seeds.seed == 0 && seeds.seed2 == 0)
    return {0, kMaxInt32};
  return seeds;
}

void Graph::addToCollection(absl::string_view key, CollectionItem item) {
  auto [it, inserted] = collections_.try_emplace(std::string(key));
  if (inserted)
    collectionKeys_.emplace_back(key);
  it->second.push_back(std::move(item));
}

std::vector<CollectionItem> Graph::getCollection(absl::string_view key) const {
  auto it = collections_.find(key);
  return it == collections_.end() ? std::vector<CollectionItem>()
                                  : it->second;
}

absl::StatusOr<std::vector<CollectionItem>>
Graph::getCollection(absl::string_view key, absl::string_view scope) const {
  std::vector<CollectionItem> result;
  auto it = collections_.find(key);
  if (it == collections_.end())
    return result;
  std::regex regex;
  try {
    regex = std::regex(std::string(scope), std::regex::ECMAScript);
  } catch (const std::regex_error &e) {
    return valueError(absl::StrCat("invalid collection scope regex '", scope,
                                   "': ", e.what()));
  }
  for (const CollectionItem &item : it->second) {
    std::string name = item.name();
    if (std::regex_search(name, regex, std::regex_constants::match_continuous))
      result.push_back(item);
  }
  return result;
}

void Graph::clearCollection(absl::string_view key) {
  collections_.erase(key);
  for (auto it = collectionKeys_.begin(); it != collectionKeys_.end(); ++it)
    if (*it == key) {
      collectionKeys_.erase(it);
      break;
    }
}

Variable *Graph::variableForOp(const Operation *op) const {
  auto it = variablesByOp_.find(op);
  return it == variablesByOp_.end() ? nullptr : it->second;
}

Variable *Graph::findStoredVariable(absl::string_view name) const {
  auto it = varStore_.find(name);
  return it == varStore_.end() ? nullptr : it->second;
}

void Graph::openVariableScope(const std::string &name) {
  ++varScopesCount_[name];
}

void Graph::closeVariableSubscopes(const std::string &name) {
  std::string prefix = name + "/";
  for (auto &[key, count] : varScopesCount_)
    if (absl::StartsWith(key, prefix))
      count = 0;
}

int Graph::variableScopeCount(const std::string &name) const {
  auto it = varScopesCount_.find(name);
  return it == varScopesCount_.end() ? 0 : it->second;
}

std::string Graph::uniqueVariableScope(const std::string &prefix) const {
  const std::string &current = currentVarScope_->name();
  std::string name = current.empty() ? prefix : current + "/" + prefix;
  if (variableScopeCount(name) == 0)
    return prefix;
  int idx = 1;
  while (variableScopeCount(absl::StrCat(name, "_", idx)) > 0)
    ++idx;
  return absl::StrCat(prefix, "_", idx);
}

std::string Graph::sourceLine(const std::string &file, int line) {
  auto it = sourceCache_.find(file);
  if (it == sourceCache_.end()) {
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string l; std::getline(in, l);)
      lines.push_back(std::move(l));
    it = sourceCache_.emplace(file, std::move(lines)).first;
  }
  if (line < 1 || line > static_cast<int>(it->second.size()))
    return "";
  return std::string(absl::StripAsciiWhitespace(it->second[line - 1]));
}

std::string Graph::formatTraceback(const Traceback &tb, size_t limit) {
  std::string out;
  for (size_t i = 0; i < tb.size() && i < limit; ++i) {
    const SourceFrame &f = tb[i];
    absl::StrAppend(&out, "  File \"", f.file, "\", line ", f.line, ", in ",
                    f.function, "\n");
    std::string src = sourceLine(f.file, f.line);
    if (!src.empty())
      absl::StrAppend(&out, "    ", src, "\n");
  }
  return out;
}

} // namespace tfs::frontend
