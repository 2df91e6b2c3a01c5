//===- GraphToDot.h - Graphviz rendering of a frontend graph ----*- C++ -*-===//
//
// Renders a frontend Graph as Graphviz DOT: name scopes become nested
// clusters, variables are drawn as filled cylinders (their `read`, Assign
// and initializer plumbing folded into them), so that which towers share
// which variables shows at a glance.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_FRONTEND_GRAPHTODOT_H
#define TFS_FRONTEND_GRAPHTODOT_H

#include "tfs/Frontend/Graph.h"

#include <string>

namespace mlir::tfs {

std::string graphToDot(const ::tfs::frontend::Graph &graph);

} // namespace mlir::tfs

#endif // TFS_FRONTEND_GRAPHTODOT_H
