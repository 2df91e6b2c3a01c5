//===- Ops.h - op builders with TF shape inference --------------*- C++ -*-===//
//
// This file declares the builders for the TF ops tfsc supports. Every
// builder infers output dtypes and shapes at build time (keeping unknown
// dimensions) and reports incompatible inputs with TF 1.15's error text,
// e.g. "Dimensions must be equal, but are 3 and 4 for 'add' (op: 'AddV2')
// with input shapes: [2,3], [2,4]."
//
// `name` follows Graph::createOp: "" selects TF's default name for the op
// (its type, or the composite's scope name such as "random_uniform"), a
// name ending in '/' is an already-opened name scope used as-is.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_FRONTEND_OPS_H
#define TFS_FRONTEND_OPS_H

#include "tfs/Frontend/Graph.h"

#include <optional>
#include "absl/strings/string_view.h"
#include <vector>

namespace tfs::frontend {

/// Creates an op of a supported `type`, inferring its outputs. Attributes TF
/// derives from the inputs (T, Tidx, N, ...) are filled in.
absl::StatusOr<Operation *> buildOp(Graph &graph, absl::string_view type,
                                    absl::string_view name,
                                    std::vector<Tensor> inputs,
                                    AttrMap attrs = {});
/// Whether buildOp knows `type`.
bool isSupportedOpType(absl::string_view type);

/// The value of `t` when its producer is a Const op.
std::optional<DenseElements> constantValue(Tensor t);

/// TF constant() value rules: a scalar (or single value) is broadcast to
/// `shape`; fewer values than the shape needs are padded with the last one;
/// more raise "Too many elements provided. ...".
absl::StatusOr<DenseElements>
makeConstantValue(const DenseElements &value, std::optional<DType> dtype,
                  std::optional<std::vector<int64_t>> shape);

/// TF's StridedSlice (begin, end, strides and their masks) resolved
/// against the input's dimensions as TF's ValidateStridedSliceOp does: per
/// input dimension the first element taken, the count and the stride, and
/// the result's shape after integer indices drop dimensions and newaxis
/// adds them. Unknown input dimensions give unknown counts (1 for an
/// integer index). Errors use TF's text.
struct StridedSliceSpec {
  std::vector<int64_t> begin, size, strides;
  std::vector<int64_t> finalShape;
};
absl::StatusOr<StridedSliceSpec> resolveStridedSlice(
    const std::vector<int64_t> &dims, const std::vector<int64_t> &begin,
    const std::vector<int64_t> &end, const std::vector<int64_t> &strides,
    int64_t beginMask, int64_t endMask, int64_t ellipsisMask,
    int64_t newAxisMask, int64_t shrinkAxisMask);

absl::StatusOr<Tensor> placeholder(Graph &graph, DType type, Shape shape,
                                   absl::string_view name = "");
/// A Const op ("Const").
absl::StatusOr<Tensor> constant(Graph &graph, DenseElements value,
                                absl::string_view name = "");
/// An int32 vector constant.
absl::StatusOr<Tensor> constantInts(Graph &graph,
                                    const std::vector<int64_t> &values,
                                    absl::string_view name = "",
                                    DType type = DType::Int32);
/// A scalar constant of `type`.
absl::StatusOr<Tensor> constantScalar(Graph &graph, double value, DType type,
                                      absl::string_view name = "");

/// tf.zeros/tf.ones with a known shape: a Const below 1000 elements, else
/// `shape_as_tensor` + `Const` + Fill, in scope "zeros"/"ones".
absl::StatusOr<Tensor> zeros(Graph &graph, const Shape &shape, DType type,
                             absl::string_view name = "");
absl::StatusOr<Tensor> ones(Graph &graph, const Shape &shape, DType type,
                            absl::string_view name = "");
/// tf.fill(dims, value).
absl::StatusOr<Tensor> fill(Graph &graph, Tensor dims, Tensor value,
                            absl::string_view name = "");
/// tf.zeros_like / tf.ones_like.
absl::StatusOr<Tensor> zerosLike(Graph &graph, Tensor x,
                                 std::optional<DType> type = {},
                                 absl::string_view name = "");
absl::StatusOr<Tensor> onesLike(Graph &graph, Tensor x,
                                std::optional<DType> type = {},
                                absl::string_view name = "");

/// tf.random_uniform / random_normal / truncated_normal with a known shape,
/// built as TF does (shape/min/max consts, the random op, sub/mul/add).
/// `seeds` receives the seed attributes used.
absl::StatusOr<Tensor> randomUniform(Graph &graph, const Shape &shape,
                                     double minval, double maxval, DType type,
                                     std::optional<int64_t> seed,
                                     absl::string_view name = "",
                                     OpSeeds *seeds = nullptr);
absl::StatusOr<Tensor> randomNormal(Graph &graph, const Shape &shape,
                                    double mean, double stddev, DType type,
                                    std::optional<int64_t> seed,
                                    absl::string_view name = "",
                                    OpSeeds *seeds = nullptr);
absl::StatusOr<Tensor> truncatedNormal(Graph &graph, const Shape &shape,
                                       double mean, double stddev, DType type,
                                       std::optional<int64_t> seed,
                                       absl::string_view name = "",
                                       OpSeeds *seeds = nullptr);

/// Elementwise unary ops: Identity, Neg, Abs, Exp, Log, Sin, Cos, Tanh,
/// Sigmoid, Relu, Relu6, Sqrt, Rsqrt, Square, Softmax, LogSoftmax.
absl::StatusOr<Tensor> unaryOp(Graph &graph, absl::string_view type, Tensor x,
                               absl::string_view name = "");
/// Broadcasting binary ops: Add, AddV2, Sub, Mul, RealDiv, Maximum, Minimum,
/// Pow.
absl::StatusOr<Tensor> binaryOp(Graph &graph, absl::string_view type,
                                Tensor x, Tensor y,
                                absl::string_view name = "");
absl::StatusOr<Tensor> cast(Graph &graph, Tensor x, DType type,
                            absl::string_view name = "");
absl::StatusOr<Tensor> matMul(Graph &graph, Tensor a, Tensor b,
                              bool transposeA = false, bool transposeB = false,
                              absl::string_view name = "");
absl::StatusOr<Tensor> batchMatMul(Graph &graph, Tensor x, Tensor y,
                                   bool adjX = false, bool adjY = false,
                                   absl::string_view name = "");
/// NHWC input, HWIO filter.
absl::StatusOr<Tensor> conv2d(Graph &graph, Tensor input, Tensor filter,
                              std::vector<int64_t> strides,
                              absl::string_view padding,
                              std::vector<int64_t> dilations = {1, 1, 1, 1},
                              absl::string_view name = "");
absl::StatusOr<Tensor> depthwiseConv2d(Graph &graph, Tensor input,
                                       Tensor filter,
                                       std::vector<int64_t> strides,
                                       absl::string_view padding,
                                       std::vector<int64_t> dilations = {1, 1,
                                                                         1, 1},
                                       absl::string_view name = "");
absl::StatusOr<Tensor> biasAdd(Graph &graph, Tensor value, Tensor bias,
                               absl::string_view name = "");
/// MaxPool / AvgPool.
absl::StatusOr<Tensor> pool(Graph &graph, absl::string_view type, Tensor value,
                            std::vector<int64_t> ksize,
                            std::vector<int64_t> strides,
                            absl::string_view padding,
                            absl::string_view name = "");
/// Sum / Mean / Max / Min / Prod over constant `axes` (nullopt: all).
absl::StatusOr<Tensor> reduce(Graph &graph, absl::string_view type, Tensor x,
                              std::optional<std::vector<int64_t>> axes,
                              bool keepDims, absl::string_view name = "");
absl::StatusOr<Tensor> reshape(Graph &graph, Tensor x, Tensor shape,
                               absl::string_view name = "");
absl::StatusOr<Tensor> transpose(Graph &graph, Tensor x, Tensor perm,
                                 absl::string_view name = "");
/// ConcatV2/Split/SplitV default to TF's Python names "concat"/"split".
absl::StatusOr<Tensor> concat(Graph &graph, std::vector<Tensor> values,
                              Tensor axis, absl::string_view name = "");
absl::StatusOr<std::vector<Tensor>> split(Graph &graph, Tensor axis,
                                          Tensor value, int64_t numSplit,
                                          absl::string_view name = "");
absl::StatusOr<std::vector<Tensor>> splitV(Graph &graph, Tensor value,
                                           Tensor sizeSplits, Tensor axis,
                                           int64_t numSplit,
                                           absl::string_view name = "");
absl::StatusOr<Tensor> slice(Graph &graph, Tensor x, Tensor begin,
                             Tensor size, absl::string_view name = "");
absl::StatusOr<Tensor> pad(Graph &graph, Tensor x, Tensor paddings,
                           absl::string_view name = "");
/// Assign / AssignAdd / AssignSub to a reference tensor.
absl::StatusOr<Tensor> assign(Graph &graph, absl::string_view type, Tensor ref,
                              Tensor value, bool validateShape = true,
                              absl::string_view name = "");

} // namespace tfs::frontend

#endif // TFS_FRONTEND_OPS_H
