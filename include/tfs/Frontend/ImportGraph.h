//===- ImportGraph.h - frontend graph to the tfs dialect --------*- C++ -*-===//
//
// Imports (part of) a frontend Graph into a tfs-dialect module:
// `func.func @main` whose arguments are the feeds and whose results are the
// fetches, with one `tfs.variable` per variable however many ops read it,
// and every op located at NameLoc(TF name, file:line).
//
//===----------------------------------------------------------------------===//

#ifndef TFS_FRONTEND_IMPORTGRAPH_H
#define TFS_FRONTEND_IMPORTGRAPH_H

#include "tfs/Frontend/Graph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::tfs {

struct FeedSpec {
  std::string name; ///< Tensor or op name ("image1" or "image1:0").
  /// Replaces the placeholder's shape (fixes unknown dimensions).
  std::optional<std::vector<int64_t>> shape;
};

struct ImportOptions {
  /// Tensors to feed (placeholders are fed whether listed or not; listing
  /// one only fixes its shape; a listed non-placeholder tensor is fed
  /// instead of computed).
  std::vector<FeedSpec> feeds;
  /// Op or tensor names to fetch; empty means the graph's sinks.
  std::vector<std::string> fetches;
};

/// The fetches used when none are given: outputs of operations that no
/// other operation consumes, excluding variable plumbing (VariableV2, the
/// initializer subgraphs, unused `read`s), placeholders and constants.
std::vector<std::string> defaultFetches(const ::tfs::frontend::Graph &graph);

/// Imports the subgraph needed to compute `options.fetches` from the feeds.
/// Errors (unknown names with close matches, unknown dimensions, ops without
/// a tfs form) are emitted as diagnostics on `context`.
OwningOpRef<ModuleOp> importGraph(const ::tfs::frontend::Graph &graph,
                                  const ImportOptions &options,
                                  MLIRContext &context);

} // namespace mlir::tfs

#endif // TFS_FRONTEND_IMPORTGRAPH_H
