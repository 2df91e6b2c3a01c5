//===- Passes.td - tfsc codegen passes ------------------------------------===//
//
// Passes between the tfs dialect and the LLVM dialect that are tfsc's own:
// variable storage and the entry point ABI.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CODEGEN_PASSES_TD
#define TFS_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerVariablesPass : Pass<"tfs-lower-variables", "ModuleOp"> {
  let summary = "Turns every tfs.variable into one memref.global";
  let description = [{
    Each `tfs.variable` becomes exactly one public `memref.global` named
    `tfs.var.<TF name>` (64-byte aligned, uninitialized: the model's init
    entry fills it), however many towers or steps read it.

    - `tfs.assign_add`/`tfs.assign_sub` first expand to a read, a `tfs.add` /
      `tfs.sub` and a `tfs.assign_variable`.
    - In a function that never assigns a variable, all its reads share one
      `memref.get_global` + `bufferization.to_tensor restrict` (a read-only
      view, no copy).
    - In a function that assigns it, every read takes a snapshot (a copy of
      the global into a fresh buffer), and every assign writes the global in
      place with `bufferization.materialize_in_destination`, so reads before
      an assign see the old value and reads after it the new one.

    Run after the tfs-level clean-ups and before `convert-tfs-to-linalg`.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::bufferization::BufferizationDialect"];
}

def ExportEntryPass : Pass<"tfs-export-entry", "ModuleOp"> {
  let summary = "Rewrites @main into the model's C entry point";
  let description = [{
    Turns `func.func @main(%feeds: tensor<...>) -> (tensor<...>)` into
    `func.func @<name>_run(%feeds: memref<...>, %fetches: memref<...>) -> i32`:
    inputs are read through `bufferization.to_tensor restrict`, results are
    written into the caller's output buffers with
    `bufferization.materialize_in_destination`, and the function returns 0.
    Every other function becomes private. With the bare-pointer calling
    convention this is `int32_t NAME_run(const float *in…, float *out…)`.
    Feeds and fetches must not overlap in memory (documented in docs/abi.md).
  }];
  let options = [
    Option<"modelName", "name", "std::string", /*default=*/"\"model\"",
           "Model name: the entry point is <name>_run">,
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The function to export">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::arith::ArithDialect"];
}

def LowerStridedCopiesPass
    : Pass<"tfs-lower-strided-copies", "func::FuncOp"> {
  let summary = "Turns memref.copy between strided views into linalg.copy";
  let description = [{
    `memref.copy` between non-contiguous views (subviews made by bufferizing
    slices, splits and pads) lowers to a call of `memrefCopy` from MLIR's
    runner utils, which a model .so must not depend on. This pass rewrites
    such copies into `linalg.copy`, which lowers to plain loops. Copies
    between identity-layout buffers stay (they become `llvm.memcpy`).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

#endif // TFS_CODEGEN_PASSES_TD
