//===- GraphToDot.cpp - Graphviz rendering of a frontend graph ------------===//
//
// This file implements graphToDot: one node per op (variables as cylinders),
// one edge per data input, name scopes as nested clusters.
//
//===----------------------------------------------------------------------===//

#include "tfs/Frontend/GraphToDot.h"

#include "tfs/Frontend/Variables.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <map>
#include <memory>

using namespace mlir::tfs;
namespace fe = ::tfs::frontend;

namespace {

/// A name scope and what lives directly in it.
struct Scope {
  std::string name;
  std::map<std::string, std::unique_ptr<Scope>> children;
  std::vector<const fe::Operation *> ops;
};

std::string quote(llvm::StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\')
      out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

} // namespace

std::string mlir::tfs::graphToDot(const fe::Graph &graph) {
  // Variable plumbing folds into the variable node: the VariableV2 op stands
  // for its `read`, its Assign and its initializer subgraph.
  llvm::DenseMap<const fe::Operation *, const fe::Operation *> representative;
  llvm::DenseSet<const fe::Operation *> hidden;
  for (const auto &variable : graph.variables()) {
    const fe::Operation *var = variable->op();
    representative[variable->read().op()] = var;
    hidden.insert(variable->read().op());
    std::vector<const fe::Operation *> stack = {variable->initializerOp()};
    while (!stack.empty()) {
      const fe::Operation *op = stack.back();
      stack.pop_back();
      if (!op || op == var || !hidden.insert(op).second)
        continue;
      bool initOnly = op == variable->initializerOp() ||
                      llvm::StringRef(op->name()).starts_with(
                          variable->name() + "/Initializer/");
      if (!initOnly) {
        hidden.erase(op);
        continue;
      }
      for (const fe::Tensor &in : op->inputs())
        stack.push_back(in.op());
    }
  }

  Scope root;
  for (const auto &op : graph.operations()) {
    if (hidden.count(op.get()))
      continue;
    Scope *scope = &root;
    llvm::StringRef name(op->name());
    size_t slash;
    std::string prefix;
    while ((slash = name.find('/')) != llvm::StringRef::npos) {
      std::string part = name.take_front(slash).str();
      prefix += (prefix.empty() ? "" : "/") + part;
      auto &child = scope->children[part];
      if (!child) {
        child = std::make_unique<Scope>();
        child->name = prefix;
      }
      scope = child.get();
      name = name.drop_front(slash + 1);
    }
    scope->ops.push_back(op.get());
  }

  std::string text;
  llvm::raw_string_ostream os(text);
  os << "digraph tfs {\n  rankdir=TB;\n  compound=true;\n"
     << "  node [shape=box, style=rounded, fontname=\"Helvetica\", "
        "fontsize=10];\n";
  int clusterId = 0;
  std::function<void(const Scope &, int)> emitScope = [&](const Scope &scope,
                                                          int depth) {
    std::string indent(2 * depth, ' ');
    for (const fe::Operation *op : scope.ops) {
      llvm::StringRef leaf = llvm::StringRef(op->name()).rsplit('/').second;
      if (leaf.empty())
        leaf = op->name();
      os << indent << quote(op->name()) << " [";
      if (op->type() == "VariableV2") {
        const fe::Shape &shape = op->outputInfo(0).shape;
        os << "shape=cylinder, style=filled, fillcolor=\"#ffd27f\", "
              "label="
           << quote(leaf.str() + "\n" + shape.toString());
      } else if (op->type() == "Placeholder") {
        os << "shape=invhouse, style=filled, fillcolor=\"#b3d9ff\", label="
           << quote(leaf.str() + "\n" + op->outputInfo(0).shape.toString());
      } else if (op->type() == "Const") {
        os << "shape=plaintext, label=" << quote(leaf);
      } else {
        os << "label=" << quote(leaf.str() + "\n(" + op->type() + ")");
      }
      os << "];\n";
    }
    for (const auto &[part, child] : scope.children) {
      os << indent << "subgraph cluster_" << clusterId++ << " {\n"
         << indent << "  label=" << quote(part) << ";\n"
         << indent << "  style=rounded; color=\"#888888\";\n";
      emitScope(*child, depth + 1);
      os << indent << "}\n";
    }
  };
  emitScope(root, 1);

  for (const auto &op : graph.operations()) {
    if (hidden.count(op.get()))
      continue;
    for (const fe::Tensor &in : op->inputs()) {
      const fe::Operation *from = in.op();
      auto it = representative.find(from);
      if (it != representative.end())
        from = it->second;
      if (hidden.count(from))
        continue;
      os << "  " << quote(from->name()) << " -> " << quote(op->name());
      if (from->type() == "VariableV2")
        os << " [color=\"#cc8400\"]";
      os << ";\n";
    }
  }
  os << "}\n";
  return text;
}
