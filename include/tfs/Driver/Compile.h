//===- Compile.h - tfsc compile command -------------------------*- C++ -*-===//
//
// `tfsc INPUT [-o OUT] [--emit=…]`: compiles a tfs-dialect .mlir file (or a
// module imported from a Python model) to a model shared object or an
// intermediate form.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_DRIVER_COMPILE_H
#define TFS_DRIVER_COMPILE_H

#include "tfs/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <optional>
#include <string>

namespace mlir::tfs {

/// "tfs", "linalg", …, "so" -> the stage tfsc stops at ("tfs" is nullopt:
/// the imported module itself).
std::optional<EmitKind> parseEmitKind(llvm::StringRef text, bool &isTFS,
                                      bool &valid);

/// The default model name for an output path: libfilter.so -> "filter".
std::string modelNameForOutput(llvm::StringRef outputPath,
                               llvm::StringRef inputPath);

/// Parses and verifies a tfs-dialect .mlir file; diagnostics go to stderr.
OwningOpRef<ModuleOp> parseTFSFile(llvm::StringRef path, MLIRContext &context);

/// Replaces the initializer of every tfs.variable of `module` by the array
/// of the same name in the .npz at `path` (keys "scope/w" or "scope/w:0").
/// A missing, extra or mis-shaped/mis-typed entry is an error that names
/// each one; the module is left unchanged then.
llvm::Error embedWeights(ModuleOp module, llvm::StringRef path);

/// Registers the dialects tfsc reads and produces.
void registerTFSCompilerDialects(DialectRegistry &registry);

/// Where libtfs_runtime.a lives, relative to the running executable
/// (<bin>/../lib), or `TFS_RUNTIME_LIBRARY` when set.
std::string findRuntimeArchive(const char *argv0);

} // namespace mlir::tfs

#endif // TFS_DRIVER_COMPILE_H
