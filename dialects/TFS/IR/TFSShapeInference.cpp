//===- TFSShapeInference.cpp - tfs result type inference ------------------===//
//
// This file implements inferReturnTypes for the tfs ops whose result shapes
// follow TF's shape functions: numpy broadcasting, MatMul, Conv2D and pooling
// window arithmetic, reductions and shape manipulation. The same functions
// verify the ops (the InferTypeOpInterface verifier calls them with the op's
// location), so each rule's diagnostic is produced here.
//
//===----------------------------------------------------------------------===//

#include "dialects/TFS/IR/TFSOps.h"

#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::tfs;

namespace {
/// Emits "'tfs.x' op ..." at the inference location, if there is one.
class InferError {
public:
  InferError(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args>
  LogicalResult operator()(Args &&...args) const {
    return emitOptionalError(loc, "'", opName, "' op ",
                             std::forward<Args>(args)...);
  }

private:
  std::optional<Location> loc;
  StringRef opName;
};
} // namespace

/// "[2, 3]" for diagnostics, TF style.
static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << "?";
    else
      os << d;
  });
  os << "]";
  return text;
}

static RankedTensorType tensorOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Normalizes a TF axis (negative counts from the back) into [0, rank).
static FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                        const InferError &error) {
  if (axis < -rank || axis >= rank)
    return error("axis ", axis, " is out of range for rank ", rank,
                 " (expected in [", -rank, ", ", rank, "))");
  return axis < 0 ? axis + rank : axis;
}

/// Numpy broadcasting of two shapes; `what` names them in the diagnostic.
static FailureOr<SmallVector<int64_t>>
broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b, StringRef what,
                const InferError &error) {
  int64_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> shape(rank);
  for (int64_t i = 0; i < rank; ++i) {
    int64_t ai = i < rank - int64_t(a.size()) ? 1 : a[i - (rank - a.size())];
    int64_t bi = i < rank - int64_t(b.size()) ? 1 : b[i - (rank - b.size())];
    if (ai != bi && ai != 1 && bi != 1)
      return error(what, " are not broadcast-compatible: ", shapeString(a),
                   " vs. ", shapeString(b), " (dimension ", i, ": ", ai,
                   " and ", bi, ")");
    shape[i] = ai == 1 ? bi : ai;
  }
  return shape;
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

template <typename OpT>
static LogicalResult inferBroadcast(std::optional<Location> loc,
                                    typename OpT::Adaptor adaptor,
                                    SmallVectorImpl<Type> &results) {
  InferError error(loc, OpT::getOperationName());
  RankedTensorType lhs = tensorOf(adaptor.getLhs());
  RankedTensorType rhs = tensorOf(adaptor.getRhs());
  if (lhs.getElementType() != rhs.getElementType())
    return error("expects operands of the same element type, got ",
                 lhs.getElementType(), " and ", rhs.getElementType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape(), "operands", error);
  if (failed(shape))
    return failure();
  results.push_back(RankedTensorType::get(*shape, lhs.getElementType()));
  return success();
}

/// Comparisons and logical ops: broadcast operands of one element type,
/// boolean results.
template <typename OpT>
static LogicalResult inferBoolBroadcast(std::optional<Location> loc,
                                        typename OpT::Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  SmallVector<Type> broadcast;
  if (failed(inferBroadcast<OpT>(loc, adaptor, broadcast)))
    return failure();
  results.push_back(RankedTensorType::get(
      cast<RankedTensorType>(broadcast[0]).getShape(),
      IntegerType::get(adaptor.getLhs().getContext(), 1)));
  return success();
}

#define TFS_INFERENCE(OP, INFER)                                               \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> l, \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &results) {         \
    return INFER<OP>(l, adaptor, results);                                     \
  }
TFS_INFERENCE(AddOp, inferBroadcast)
TFS_INFERENCE(SubOp, inferBroadcast)
TFS_INFERENCE(MulOp, inferBroadcast)
TFS_INFERENCE(DivOp, inferBroadcast)
TFS_INFERENCE(MaximumOp, inferBroadcast)
TFS_INFERENCE(MinimumOp, inferBroadcast)
TFS_INFERENCE(PowOp, inferBroadcast)
TFS_INFERENCE(EqualOp, inferBoolBroadcast)
TFS_INFERENCE(NotEqualOp, inferBoolBroadcast)
TFS_INFERENCE(LessOp, inferBoolBroadcast)
TFS_INFERENCE(LessEqualOp, inferBoolBroadcast)
TFS_INFERENCE(GreaterOp, inferBoolBroadcast)
TFS_INFERENCE(GreaterEqualOp, inferBoolBroadcast)
TFS_INFERENCE(LogicalAndOp, inferBoolBroadcast)
TFS_INFERENCE(LogicalOrOp, inferBoolBroadcast)
#undef TFS_INFERENCE

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType condition = tensorOf(adaptor.getCondition());
  RankedTensorType x = tensorOf(adaptor.getX());
  RankedTensorType y = tensorOf(adaptor.getY());
  if (x.getElementType() != y.getElementType())
    return error("expects x and y of the same element type, got ",
                 x.getElementType(), " and ", y.getElementType());
  FailureOr<SmallVector<int64_t>> values =
      broadcastShapes(x.getShape(), y.getShape(), "x and y", error);
  if (failed(values))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(condition.getShape(), *values,
                      "the condition and the "
                      "values",
                      error);
  if (failed(shape))
    return failure();
  results.push_back(RankedTensorType::get(*shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType a = tensorOf(adaptor.getA()), b = tensorOf(adaptor.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return error("expects rank-2 operands, got ", a, " and ", b);
  if (a.getElementType() != b.getElementType())
    return error("expects operands of the same element type, got ",
                 a.getElementType(), " and ", b.getElementType());
  bool ta = adaptor.getTransposeA(), tb = adaptor.getTransposeB();
  int64_t m = a.getDimSize(ta ? 1 : 0), ka = a.getDimSize(ta ? 0 : 1);
  int64_t kb = b.getDimSize(tb ? 1 : 0), n = b.getDimSize(tb ? 0 : 1);
  if (ka != kb)
    return error("contraction dimensions differ: a", ta ? "^T" : "", " is ",
                 m, "x", ka, ", b", tb ? "^T" : "", " is ", kb, "x", n);
  results.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

LogicalResult BatchMatMulOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType x = tensorOf(adaptor.getX()), y = tensorOf(adaptor.getY());
  if (x.getRank() < 2 || y.getRank() < 2)
    return error("expects operands of rank at least 2, got ", x, " and ", y);
  if (x.getElementType() != y.getElementType())
    return error("expects operands of the same element type, got ",
                 x.getElementType(), " and ", y.getElementType());
  bool ax = adaptor.getAdjX(), ay = adaptor.getAdjY();
  ArrayRef<int64_t> xs = x.getShape(), ys = y.getShape();
  int64_t xr = xs.size(), yr = ys.size();
  int64_t m = xs[xr - (ax ? 1 : 2)], kx = xs[xr - (ax ? 2 : 1)];
  int64_t ky = ys[yr - (ay ? 1 : 2)], n = ys[yr - (ay ? 2 : 1)];
  if (kx != ky)
    return error("contraction dimensions differ: x has ", kx, ", y has ", ky);
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(
      xs.drop_back(2), ys.drop_back(2), "batch dimensions", error);
  if (failed(shape))
    return failure();
  shape->push_back(m);
  shape->push_back(n);
  results.push_back(RankedTensorType::get(*shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Windows: convolution and pooling
//===----------------------------------------------------------------------===//

namespace {
/// The NHWC window attributes shared by conv and pooling.
struct WindowSpec {
  ArrayRef<int64_t> strides;
  ArrayRef<int64_t> dilations;
  StringRef padding;
};
} // namespace

static LogicalResult verifyPadding(StringRef padding, const InferError &error) {
  if (padding != "SAME" && padding != "VALID")
    return error("expects padding \"SAME\" or \"VALID\", got \"", padding,
                 "\"");
  return success();
}

/// Checks a 4-entry NHWC window attribute (strides, dilations, ksize).
static LogicalResult verifyNHWCWindow(ArrayRef<int64_t> values, StringRef name,
                                      const InferError &error) {
  if (values.size() != 4)
    return error("expects ", name, " with 4 entries (NHWC), got ",
                 values.size());
  if (llvm::any_of(values, [](int64_t v) { return v < 1; }))
    return error("expects positive ", name, ", got ", shapeString(values));
  if (values[0] != 1 || values[3] != 1)
    return error("does not support ", name,
                 " in the batch and depth dimensions: ", shapeString(values),
                 " (entries 0 and 3 must be 1)");
  return success();
}

/// TF's GetWindowedOutputSize for one spatial dimension.
static FailureOr<int64_t> windowOutputSize(int64_t in, int64_t window,
                                           int64_t stride, int64_t dilation,
                                           bool same, const InferError &error) {
  if (same)
    return (in + stride - 1) / stride;
  int64_t effective = (window - 1) * dilation + 1;
  // C++ division truncates toward zero exactly like TF's shape function.
  int64_t out = (in - effective + stride) / stride;
  if (out < 0)
    return error("computed output size would be negative: ", out,
                 " [input_size: ", in, ", effective_filter_size: ", effective,
                 ", stride: ", stride, "]");
  return out;
}

static LogicalResult inferConv(std::optional<Location> loc, StringRef opName,
                               Value inputValue, Value filterValue,
                               const WindowSpec &spec, bool depthwise,
                               SmallVectorImpl<Type> &results) {
  InferError error(loc, opName);
  RankedTensorType input = tensorOf(inputValue);
  RankedTensorType filter = tensorOf(filterValue);
  if (input.getRank() != 4)
    return error("expects input of rank 4 (NHWC), got ", input);
  if (filter.getRank() != 4)
    return error("expects filter of rank 4 (", depthwise ? "HWCM" : "HWIO",
                 "), got ", filter);
  if (input.getElementType() != filter.getElementType())
    return error("expects input and filter of the same element type, got ",
                 input.getElementType(), " and ", filter.getElementType());
  if (failed(verifyPadding(spec.padding, error)) ||
      failed(verifyNHWCWindow(spec.strides, "strides", error)) ||
      failed(verifyNHWCWindow(spec.dilations, "dilations", error)))
    return failure();
  if (depthwise && spec.strides[1] != spec.strides[2])
    return error("expects equal row and column strides, got ",
                 shapeString(spec.strides));
  int64_t channels = input.getDimSize(3);
  if (filter.getDimSize(2) != channels)
    return error("filter ", depthwise ? "channel" : "input-channel",
                 " dimension (2) is ", filter.getDimSize(2),
                 " but the input has ", channels, " channels");
  bool same = spec.padding == "SAME";
  SmallVector<int64_t> shape = {input.getDimSize(0)};
  for (int i = 0; i < 2; ++i) {
    FailureOr<int64_t> size = windowOutputSize(
        input.getDimSize(1 + i), filter.getDimSize(i), spec.strides[1 + i],
        spec.dilations[1 + i], same, error);
    if (failed(size))
      return failure();
    shape.push_back(*size);
  }
  shape.push_back(depthwise ? channels * filter.getDimSize(3)
                            : filter.getDimSize(3));
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return inferConv(loc, getOperationName(), adaptor.getInput(),
                   adaptor.getFilter(),
                   {adaptor.getStrides(), adaptor.getDilations(),
                    adaptor.getPadding()},
                   /*depthwise=*/false, results);
}

LogicalResult Conv2DTransposeOp::verify() {
  InferError error(getLoc(), getOperationName());
  RankedTensorType input = tensorOf(getInput()), filter = tensorOf(getFilter());
  auto output = cast<RankedTensorType>(getType());
  if (input.getRank() != 4 || filter.getRank() != 4 || output.getRank() != 4)
    return error("expects rank-4 input, filter and result, got ", input, ", ",
                 filter, " and ", output);
  if (failed(verifyNHWCWindow(getStrides(), "strides", error)) ||
      failed(verifyPadding(getPadding(), error)))
    return failure();
  if (input.getElementType() != filter.getElementType() ||
      input.getElementType() != output.getElementType())
    return error("expects one element type, got ", input, ", ", filter, " and ",
                 output);
  if (filter.getDimSize(3) != input.getDimSize(3))
    return error("expects the filter's last dimension (", filter.getDimSize(3),
                 ") to be the input's channels (", input.getDimSize(3), ")");
  if (filter.getDimSize(2) != output.getDimSize(3))
    return error("expects the filter's third dimension (", filter.getDimSize(2),
                 ") to be the result's channels (", output.getDimSize(3), ")");
  if (input.getDimSize(0) != output.getDimSize(0))
    return error("expects the batch of the input (", input.getDimSize(0),
                 ") and the result (", output.getDimSize(0), ") to agree");
  for (int d : {1, 2}) {
    FailureOr<int64_t> forward = windowOutputSize(
        output.getDimSize(d), filter.getDimSize(d - 1), getStrides()[d],
        /*dilation=*/1, getPadding() == "SAME", error);
    if (failed(forward))
      return failure();
    if (*forward != input.getDimSize(d))
      return error("a convolution of the result's ",
                   shapeString(output.getShape()), " would give ", *forward,
                   " in dimension ", d, ", not the input's ",
                   input.getDimSize(d));
  }
  return success();
}

LogicalResult DepthwiseConv2DOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return inferConv(loc, getOperationName(), adaptor.getInput(),
                   adaptor.getFilter(),
                   {adaptor.getStrides(), adaptor.getDilations(),
                    adaptor.getPadding()},
                   /*depthwise=*/true, results);
}

template <typename OpT>
static LogicalResult inferPool(std::optional<Location> loc,
                               typename OpT::Adaptor adaptor,
                               SmallVectorImpl<Type> &results) {
  InferError error(loc, OpT::getOperationName());
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (input.getRank() != 4)
    return error("expects input of rank 4 (NHWC), got ", input);
  ArrayRef<int64_t> ksize = adaptor.getKsize(), strides = adaptor.getStrides();
  if (failed(verifyPadding(adaptor.getPadding(), error)) ||
      failed(verifyNHWCWindow(ksize, "ksize", error)) ||
      failed(verifyNHWCWindow(strides, "strides", error)))
    return failure();
  bool same = adaptor.getPadding() == "SAME";
  SmallVector<int64_t> shape = {input.getDimSize(0)};
  for (int i = 1; i <= 2; ++i) {
    FailureOr<int64_t> size = windowOutputSize(
        input.getDimSize(i), ksize[i], strides[i], /*dilation=*/1, same, error);
    if (failed(size))
      return failure();
    shape.push_back(*size);
  }
  shape.push_back(input.getDimSize(3));
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return inferPool<MaxPoolOp>(loc, adaptor, results);
}

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return inferPool<AvgPoolOp>(loc, adaptor, results);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpT>
static LogicalResult inferReduce(std::optional<Location> loc,
                                 typename OpT::Adaptor adaptor,
                                 SmallVectorImpl<Type> &results) {
  InferError error(loc, OpT::getOperationName());
  RankedTensorType input = tensorOf(adaptor.getInput());
  int64_t rank = input.getRank();
  llvm::SmallSet<int64_t, 4> reduced;
  for (int64_t axis : adaptor.getAxes()) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, rank, error);
    if (failed(normalized))
      return failure();
    if (!reduced.insert(*normalized).second)
      return error("axes contain duplicate dimension ", *normalized);
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced.contains(d))
      shape.push_back(input.getDimSize(d));
    else if (adaptor.getKeepDims())
      shape.push_back(1);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

#define TFS_REDUCE_INFERENCE(OP)                                               \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> l, \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &results) {         \
    return inferReduce<OP>(l, adaptor, results);                               \
  }
TFS_REDUCE_INFERENCE(ReduceSumOp)
TFS_REDUCE_INFERENCE(ReduceMeanOp)
TFS_REDUCE_INFERENCE(ReduceMaxOp)
TFS_REDUCE_INFERENCE(ReduceMinOp)
#undef TFS_REDUCE_INFERENCE

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType input = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  int64_t rank = input.getRank();
  if (int64_t(perm.size()) != rank)
    return error("perm has ", perm.size(), " entries but the input has rank ",
                 rank);
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return error("perm ", shapeString(perm), " is not a permutation of [0, ",
                   rank, ")");
    seen[p] = true;
    shape.push_back(input.getDimSize(p));
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  ValueRange values = adaptor.getValues();
  if (values.empty())
    return error("expects at least one input");
  RankedTensorType first = tensorOf(values.front());
  int64_t rank = first.getRank();
  if (rank == 0)
    return error("cannot concatenate scalars");
  FailureOr<int64_t> axis = normalizeAxis(adaptor.getAxis(), rank, error);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(values.drop_front())) {
    RankedTensorType type = tensorOf(value);
    if (type.getElementType() != first.getElementType())
      return error("input #", i + 1, " has element type ",
                   type.getElementType(), " but input #0 has ",
                   first.getElementType());
    if (type.getRank() != rank)
      return error("input #", i + 1, " has rank ", type.getRank(),
                   " but input #0 has rank ", rank);
    for (int64_t d = 0; d < rank; ++d) {
      if (d != *axis && type.getDimSize(d) != first.getDimSize(d))
        return error("input #", i + 1, " has shape ",
                     shapeString(type.getShape()), " but input #0 has ",
                     shapeString(first.getShape()),
                     "; they must agree except in dimension ", *axis);
    }
    shape[*axis] += type.getDimSize(*axis);
  }
  results.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType input = tensorOf(adaptor.getValue());
  if (input.getRank() == 0)
    return error("cannot split a scalar");
  FailureOr<int64_t> axis =
      normalizeAxis(adaptor.getAxis(), input.getRank(), error);
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> sizes = adaptor.getSizeSplits();
  if (sizes.empty())
    return error("expects at least one entry in size_splits");
  int64_t total = 0;
  for (int64_t size : sizes) {
    if (size < 0)
      return error("expects non-negative size_splits, got ",
                   shapeString(sizes));
    total += size;
  }
  if (total != input.getDimSize(*axis))
    return error("size_splits ", shapeString(sizes), " add up to ", total,
                 " but dimension ", *axis, " has size ",
                 input.getDimSize(*axis));
  for (int64_t size : sizes) {
    SmallVector<int64_t> shape(input.getShape());
    shape[*axis] = size;
    results.push_back(RankedTensorType::get(shape, input.getElementType()));
  }
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType input = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> begin = adaptor.getBegin(), size = adaptor.getSize();
  int64_t rank = input.getRank();
  if (int64_t(begin.size()) != rank || int64_t(size.size()) != rank)
    return error("expects begin and size with ", rank,
                 " entries (the input rank), got ", begin.size(), " and ",
                 size.size());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = input.getDimSize(d);
    int64_t extent = size[d] == -1 ? dim - begin[d] : size[d];
    if (begin[d] < 0 || begin[d] > dim || extent < 0 ||
        begin[d] + extent > dim)
      return error("slice of begin ", begin[d], " and size ", size[d],
                   " is out of bounds for dimension ", d, " of size ", dim);
    shape.push_back(extent);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult StridedSliceOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType input = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> begin = adaptor.getBegin(), size = adaptor.getSize(),
                    strides = adaptor.getStrides();
  int64_t rank = input.getRank();
  if (int64_t(begin.size()) != rank || int64_t(size.size()) != rank ||
      int64_t(strides.size()) != rank)
    return error("expects begin, size and strides with ", rank,
                 " entries (the input rank), got ", begin.size(), ", ",
                 size.size(), " and ", strides.size());
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = input.getDimSize(d);
    if (strides[d] == 0)
      return error("stride ", d, " is zero");
    if (size[d] < 0)
      return error("size ", d, " is negative (", size[d], ")");
    int64_t last = begin[d] + (size[d] - 1) * strides[d];
    if (size[d] > 0 &&
        (begin[d] < 0 || begin[d] >= dim || last < 0 || last >= dim))
      return error("elements ", begin[d], " to ", last, " by ", strides[d],
                   " are out of bounds for dimension ", d, " of size ", dim);
  }
  results.push_back(RankedTensorType::get(size, input.getElementType()));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType input = tensorOf(adaptor.getInput());
  int64_t rank = input.getRank();
  StringRef mode = adaptor.getMode();
  if (mode != "CONSTANT" && mode != "REFLECT" && mode != "SYMMETRIC")
    return error("expects mode \"CONSTANT\", \"REFLECT\" or \"SYMMETRIC\", "
                 "got \"",
                 mode, "\"");
  DenseIntElementsAttr paddings = adaptor.getPaddings();
  ArrayRef<int64_t> paddingsShape = paddings.getType().getShape();
  if (paddingsShape.size() != 2 || paddingsShape[0] != rank ||
      paddingsShape[1] != 2)
    return error("expects paddings of shape [", rank, ", 2], got ",
                 shapeString(paddingsShape));
  SmallVector<int64_t> pads(paddings.getValues<int64_t>());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t before = pads[2 * d], after = pads[2 * d + 1];
    int64_t dim = input.getDimSize(d);
    if (before < 0 || after < 0)
      return error("paddings must be non-negative, got [", before, ", ",
                   after, "] for dimension ", d);
    int64_t limit = mode == "REFLECT"     ? dim - 1
                    : mode == "SYMMETRIC" ? dim
                                          : INT64_MAX;
    if (before > limit || after > limit)
      return error(mode, " paddings must be at most ", limit,
                   " for dimension ", d, " of size ", dim, ", got [", before,
                   ", ", after, "]");
    shape.push_back(dim + before + after);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  InferError error(loc, getOperationName());
  RankedTensorType params = tensorOf(adaptor.getParams());
  RankedTensorType indices = tensorOf(adaptor.getIndices());
  int64_t axis = adaptor.getAxis(), batchDims = adaptor.getBatchDims();
  if (params.getRank() == 0)
    return error("expects params of rank at least 1, got a scalar");
  if (axis < 0 || axis >= params.getRank())
    return error("expects axis in [0, ", params.getRank(), "), got ", axis);
  if (batchDims < 0 || batchDims > axis || batchDims > indices.getRank())
    return error("expects batch_dims in [0, min(axis, rank of indices)] = [0, ",
                 std::min(axis, indices.getRank()), "], got ", batchDims);
  for (int64_t d = 0; d < batchDims; ++d)
    if (params.getDimSize(d) != indices.getDimSize(d))
      return error("batch dimension ", d, " of params (",
                   shapeString(params.getShape()), ") and indices (",
                   shapeString(indices.getShape()), ") differ");
  SmallVector<int64_t> shape(params.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape().drop_front(batchDims));
  llvm::append_range(shape, params.getShape().drop_front(axis + 1));
  results.push_back(RankedTensorType::get(shape, params.getElementType()));
  return success();
}
