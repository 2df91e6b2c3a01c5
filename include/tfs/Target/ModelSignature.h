//===- ModelSignature.h - what a compiled model exposes ---------*- C++ -*-===//
//
// The feeds, fetches and variables of a model, read off the tfs module
// before lowering; the object emitter turns it into the model's info table,
// and the header generator into its C header.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_TARGET_MODELSIGNATURE_H
#define TFS_TARGET_MODELSIGNATURE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::tfs {

/// Name of the argument/result attribute carrying a feed's or fetch's TF
/// tensor name ("image1:0").
inline constexpr llvm::StringLiteral kTensorNameAttr = "tfs.name";

struct TensorSpec {
  std::string name;  ///< TF tensor name ("image1:0") or variable name.
  std::string cName; ///< A C identifier for it ("image1").
  int32_t dtype = 0; ///< tfs_dtype (TF DataType numbering).
  std::vector<int64_t> shape;
  int64_t numElements() const;
  int64_t byteSize() const;
};

struct VariableSpec {
  TensorSpec tensor;
  std::string globalSymbol; ///< The memref.global holding it.
  bool trainable = true;
  int32_t initKind = 0; ///< tfs_init_kind.
  double initA = 0, initB = 0;
  int64_t seed = 0, seed2 = 0;
  std::vector<char> initData; ///< Constant initial value, C layout.
};

struct ModelSignature {
  std::string name; ///< C identifier used as entry prefix.
  std::vector<TensorSpec> feeds, fetches;
  std::vector<VariableSpec> variables;
  /// Bytes of the static workspace holding the run's temporaries (known
  /// once the pipeline has planned it; 0 before or without temporaries).
  int64_t workspaceBytes = 0;
  /// Bytes a thread's task keeps on its stack (tfs-plan-workspace's
  /// `tfs.task_stack_size`; 0 without such buffers).
  int64_t taskStackBytes = 0;
  /// Per feed, the bound its elements must stay below when they index
  /// gathers (tfs-check-indices' `tfs.index_checks`, known once the
  /// pipeline has run it): the run fails otherwise.
  std::vector<std::optional<int64_t>> indexLimits;
};

/// The tfs_dtype of an MLIR element type, or 0 if the ABI has none.
int32_t dtypeOf(Type elementType);
/// The C type of a tfs_dtype ("float", "int32_t", ...).
StringRef cTypeOf(int32_t dtype);
/// Turns `name` into a C identifier (invalid characters become '_').
std::string sanitizeIdentifier(StringRef name);

/// Reads the signature of `entry` and the variables of a tfs module.
/// Reports unsupported element types as errors at their location.
FailureOr<ModelSignature> extractSignature(ModuleOp module,
                                           StringRef modelName,
                                           StringRef entry = "main");

/// The C header of a model .so.
std::string generateHeader(const ModelSignature &signature);

} // namespace mlir::tfs

#endif // TFS_TARGET_MODELSIGNATURE_H
