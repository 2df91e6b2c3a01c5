//===- Passes.td - tfs dialect conversions --------------------------------===//
//
// Conversions out of the tfs dialect into upstream MLIR dialects.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CONVERSION_PASSES_TD
#define TFS_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTFSToLinalgPass : Pass<"convert-tfs-to-linalg", "ModuleOp"> {
  let summary = "Lowers tfs compute ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every tfs compute op into upstream ops on tensors, by op family:

    - elementwise and broadcasting ops, `tfs.cast`, `tfs.bias_add` →
      `linalg.generic` (numpy broadcasting as indexing maps, size-1
      dimensions read at index 0);
    - `tfs.matmul` → `linalg.matmul` (transposes as indexing maps, no copy),
      `tfs.batch_matmul` → a `linalg.generic` contraction with broadcast
      batch dimensions;
    - `tfs.conv2d` → `linalg.conv_2d_nhwc_hwcf`, `tfs.depthwise_conv2d` →
      `linalg.depthwise_conv_2d_nhwc_hwcm` + `tensor.collapse_shape`;
      `SAME` padding is TF's (`pad_total = max((out - 1) * stride +
      (k - 1) * dilation + 1 - in, 0)`, the smaller half before) as a
      `tensor.pad`;
    - `tfs.max_pool` → `linalg.pooling_nhwc_max` over `-inf` padding,
      `tfs.avg_pool` → `linalg.pooling_nhwc_sum` divided by the number of
      real (unpadded) elements in each window, as TF does;
    - reductions → `linalg.reduce` (+ `tensor.expand_shape` for
      `keep_dims`); `tfs.softmax`/`tfs.log_softmax` → the max-shifted,
      overflow-free formulation;
    - shape ops → `tensor` (`collapse_shape`/`expand_shape`,
      `extract_slice`, `insert_slice`, `pad`) and `linalg.transpose`;
      `REFLECT`/`SYMMETRIC` padding → a `linalg.generic` that gathers;
      `tfs.gather` → a `linalg.generic` reading the table through a
      clamped `tensor.extract`; comparisons, logic and `tfs.select` →
      elementwise `linalg.generic`s; `tfs.conv2d_transpose` → one
      `linalg.conv_2d_nhwc_hwcf` per output phase, written with strided
      `tensor.insert_slice`s;
    - `tfs.random` → a buffer that the runtime's `tfs_rt_random_fill`
      fills on every run from the op's generator state (a private
      `memref.global`), read through `bufferization.to_tensor`.

    Variable accesses must already be lowered (`tfs-lower-variables`);
    `tfs.variable` declarations are left alone. An op that cannot be lowered
    (for example one on unsigned integers) is an error that names the op's
    TF name and its location in the model.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::bufferization::BufferizationDialect",
    "mlir::func::FuncDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::memref::MemRefDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // TFS_CONVERSION_PASSES_TD
