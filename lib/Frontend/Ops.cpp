//===- Ops.cpp - op builders with TF shape inference ----------------------===//
//
// This file implements buildOp's per-op-type shape functions (mirroring TF
// 1.15's C++ shape functions and their error text) and the composite
// builders (zeros/ones, random ops) that create the same sub-ops TF does.
//
//===----------------------------------------------------------------------===//

#include "tfs/Frontend/Ops.h"
#include "tfs/Frontend/Errors.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

#include <algorithm>
#include <cmath>

namespace tfs::frontend {

namespace {

constexpr int64_t kUnknown = Shape::kUnknownDim;

/// Shape inference for one op; formats errors like TF's shape functions.
class Inference {
public:
  Inference(absl::string_view opName, absl::string_view type,
            const std::vector<Tensor> &inputs, AttrMap &attrs)
      : opName(opName), type(type), inputs(inputs), attrs(attrs) {}

  absl::Status error(absl::string_view message) const {
    std::vector<std::string> shapes;
    for (const Tensor &t : inputs)
      shapes.push_back(t.shape().toDebugString());
    std::string computed;
    std::vector<std::string> values;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (auto v = constantValue(inputs[i]); v && v->numElements() <= 8 &&
                                             !isFloating(v->dtype())) {
        std::vector<int64_t> ints;
        for (int64_t k = 0; k < v->numElements(); ++k)
          ints.push_back(v->getInt(k));
        values.push_back(absl::StrCat(
            "input[", i, "] = <", absl::StrJoin(ints, " "), ">"));
      }
    }
    if (!values.empty())
      computed = absl::StrCat(" and with computed input tensors: ",
                              absl::StrJoin(values, ", "));
    return valueError(absl::StrCat(message, " for '", opName, "' (op: '",
                                   type, "') with input shapes: ",
                                   absl::StrJoin(shapes, ", "), computed,
                                   "."));
  }

  absl::Status withRank(int i, int64_t rank) const {
    const Shape &s = inputs[i].shape();
    if (s.hasRank() && s.rank() != rank)
      return error(absl::StrFormat("Shape must be rank %d but is rank %d",
                                   rank, s.rank()));
    return absl::OkStatus();
  }
  absl::Status withRankAtLeast(int i, int64_t rank) const {
    const Shape &s = inputs[i].shape();
    if (s.hasRank() && s.rank() < rank)
      return error(absl::StrFormat(
          "Shape must be at least rank %d but is rank %d", rank, s.rank()));
    return absl::OkStatus();
  }
  absl::StatusOr<int64_t> mergeDim(int64_t a, int64_t b) const {
    if (a >= 0 && b >= 0 && a != b)
      return error(absl::StrFormat(
          "Dimensions must be equal, but are %d and %d", a, b));
    return a >= 0 ? a : b;
  }

  template <typename T> const T *attr(absl::string_view name) const {
    auto it = attrs.find(name);
    return it == attrs.end() ? nullptr : std::get_if<T>(&it->second);
  }

  absl::string_view opName, type;
  const std::vector<Tensor> &inputs;
  AttrMap &attrs;
};

std::string argName(absl::string_view type, size_t i) {
  if (type == "MatMul")
    return i == 0 ? "a" : "b";
  if (type == "Conv2D" || type == "DepthwiseConv2dNative")
    return i == 0 ? "input" : "filter";
  if (type == "BiasAdd")
    return i == 0 ? "value" : "bias";
  if (type == "Assign" || type == "AssignAdd" || type == "AssignSub")
    return i == 0 ? "ref" : "value";
  return i == 0 ? "x" : "y";
}

/// The common-dtype check TF's op_def_library does for inputs sharing T.
absl::Status checkSameType(absl::string_view type,
                           const std::vector<Tensor> &inputs, size_t count) {
  for (size_t i = 1; i < count && i < inputs.size(); ++i)
    if (inputs[i].dtype() != inputs[0].dtype())
      return typeError(absl::StrFormat(
          "Input '%s' of '%s' Op has type %s that does not match type %s of "
          "argument '%s'.",
          argName(type, i), type, dtypeName(inputs[i].dtype()),
          dtypeName(inputs[0].dtype()), argName(type, 0)));
  return absl::OkStatus();
}

/// The check TF's op_def_library does for a list input `values` (the
/// first `n` inputs) sharing one type.
absl::Status checkListType(absl::string_view type,
                           const std::vector<Tensor> &inputs, size_t n) {
  for (size_t i = 1; i < n; ++i)
    if (inputs[i].dtype() != inputs[0].dtype()) {
      std::vector<std::string> types;
      for (size_t k = 0; k < n; ++k)
        types.emplace_back(dtypeName(inputs[k].dtype()));
      return typeError(absl::StrFormat(
          "Tensors in list passed to 'values' of '%s' Op have types [%s] "
          "that don't all match.",
          type, absl::StrJoin(types, ", ")));
    }
  return absl::OkStatus();
}

std::optional<std::vector<int64_t>> constInts(Tensor t) {
  std::optional<DenseElements> v = constantValue(t);
  if (!v || isFloating(v->dtype()))
    return std::nullopt;
  std::vector<int64_t> out;
  for (int64_t i = 0; i < v->numElements(); ++i)
    out.push_back(v->getInt(i));
  return out;
}

absl::StatusOr<Shape> broadcastShapes(const Inference &ctx, const Shape &x,
                                      const Shape &y) {
  if (!x.hasRank() || !y.hasRank())
    return Shape::unknownRank();
  int64_t rank = std::max(x.rank(), y.rank());
  std::vector<int64_t> out(rank);
  for (int64_t i = 0; i < rank; ++i) {
    int64_t xi = i - (rank - x.rank()), yi = i - (rank - y.rank());
    int64_t dx = xi >= 0 ? x.dim(xi) : 1, dy = yi >= 0 ? y.dim(yi) : 1;
    if (dx == 1)
      out[i] = dy;
    else if (dy == 1)
      out[i] = dx;
    else if (dx < 0)
      out[i] = dy;
    else if (dy < 0)
      out[i] = dx;
    else if (dx == dy)
      out[i] = dx;
    else
      return ctx.error(absl::StrFormat(
          "Dimensions must be equal, but are %d and %d", dx, dy));
  }
  return Shape(out);
}

int64_t convOutputSize(int64_t in, int64_t k, int64_t stride, int64_t dilation,
                       bool same) {
  if (in < 0 || k < 0)
    return kUnknown;
  int64_t effective = (k - 1) * dilation + 1;
  if (same)
    return (in + stride - 1) / stride;
  return (in - effective + stride) / stride;
}

absl::Status checkPadding(const Inference &ctx, bool &same) {
  const std::string *padding = ctx.attr<std::string>("padding");
  if (!padding || (*padding != "SAME" && *padding != "VALID"))
    return valueError(absl::StrFormat(
        "Value for attr 'padding' of \"%s\" is not in the list of allowed "
        "values: \"SAME\", \"VALID\"",
        padding ? *padding : ""));
  same = *padding == "SAME";
  return absl::OkStatus();
}

absl::StatusOr<std::vector<int64_t>> fourInts(const Inference &ctx,
                                              absl::string_view attr,
                                              std::vector<int64_t> dflt) {
  const auto *v = ctx.attr<std::vector<int64_t>>(attr);
  std::vector<int64_t> values = v ? *v : dflt;
  if (values.size() != 4)
    return ctx.error(absl::StrFormat(
        "%s requires the %s attribute to contain 4 values, but got: %d",
        ctx.type, attr == "strides" ? "stride" : attr, values.size()));
  return values;
}

absl::StatusOr<std::vector<OutputInfo>> inferConv(Inference &ctx,
                                                  bool depthwise) {
  TFS_RETURN_IF_ERROR(checkSameType(ctx.type, ctx.inputs, 2));
  TFS_RETURN_IF_ERROR(ctx.withRank(0, 4));
  TFS_RETURN_IF_ERROR(ctx.withRank(1, 4));
  TFS_ASSIGN_OR_RETURN(std::vector<int64_t> strides,
                       fourInts(ctx, "strides", {}));
  TFS_ASSIGN_OR_RETURN(std::vector<int64_t> dilations,
                       fourInts(ctx, "dilations", {1, 1, 1, 1}));
  if (strides[0] != 1 || strides[3] != 1)
    return ctx.error("Current implementation does not yet support strides "
                     "in the batch and depth dimensions.");
  bool same;
  TFS_RETURN_IF_ERROR(checkPadding(ctx, same));
  ctx.attrs["strides"] = strides;
  ctx.attrs["dilations"] = dilations;
  ctx.attrs.try_emplace("data_format", std::string("NHWC"));
  ctx.attrs["T"] = ctx.inputs[0].dtype();
  const Shape &in = ctx.inputs[0].shape(), &f = ctx.inputs[1].shape();
  auto dim = [](const Shape &s, int i) { return s.hasRank() ? s.dim(i) : -1; };
  TFS_ASSIGN_OR_RETURN(int64_t depth, ctx.mergeDim(dim(in, 3), dim(f, 2)));
  int64_t outDepth = dim(f, 3);
  if (depthwise)
    outDepth = (depth >= 0 && outDepth >= 0) ? depth * outDepth : kUnknown;
  Shape out({dim(in, 0),
             convOutputSize(dim(in, 1), dim(f, 0), strides[1], dilations[1],
                            same),
             convOutputSize(dim(in, 2), dim(f, 1), strides[2], dilations[2],
                            same),
             outDepth});
  return std::vector<OutputInfo>{{ctx.inputs[0].dtype(), out}};
}

absl::StatusOr<std::vector<OutputInfo>> inferPool(Inference &ctx) {
  TFS_RETURN_IF_ERROR(ctx.withRank(0, 4));
  TFS_ASSIGN_OR_RETURN(std::vector<int64_t> ksize, fourInts(ctx, "ksize", {}));
  TFS_ASSIGN_OR_RETURN(std::vector<int64_t> strides,
                       fourInts(ctx, "strides", {}));
  bool same;
  TFS_RETURN_IF_ERROR(checkPadding(ctx, same));
  ctx.attrs.try_emplace("data_format", std::string("NHWC"));
  ctx.attrs["T"] = ctx.inputs[0].dtype();
  const Shape &in = ctx.inputs[0].shape();
  auto dim = [&](int i) { return in.hasRank() ? in.dim(i) : -1; };
  Shape out({dim(0), convOutputSize(dim(1), ksize[1], strides[1], 1, same),
             convOutputSize(dim(2), ksize[2], strides[2], 1, same),
             dim(3)});
  return std::vector<OutputInfo>{{ctx.inputs[0].dtype(), out}};
}

/// The value of a scalar integer tensor as far as shape inference knows
/// it: a Const's, or element i of tf.shape(x) (TF's partial evaluation of
/// shape tensors: x's dimension i, unknown if x's is); nullopt when not
/// known.
std::optional<int64_t> knownScalar(Tensor t) {
  if (std::optional<std::vector<int64_t>> v = constInts(t))
    return v->size() == 1 ? std::optional<int64_t>(v->front()) : std::nullopt;
  Operation *op = t.op();
  if (op->type() != "StridedSlice" || op->inputs().size() != 4)
    return std::nullopt;
  const int64_t *shrink = op->getAttr<int64_t>("shrink_axis_mask");
  std::optional<std::vector<int64_t>> begin = constInts(op->inputs()[1]);
  Tensor source = op->inputs()[0];
  if (!shrink || *shrink != 1 || !begin || begin->size() != 1)
    return std::nullopt;
  // The sliced vector: a Const (tf.shape of a fully known tensor is one)
  // or tf.shape(x), whose unknown dimensions are not known values.
  std::optional<std::vector<int64_t>> elements = constInts(source);
  bool fromShape = !elements && source.op()->type() == "Shape" &&
                   source.op()->inputs()[0].shape().hasRank();
  if (fromShape)
    elements = source.op()->inputs()[0].shape().dims();
  if (!elements)
    return std::nullopt;
  int64_t n = elements->size();
  int64_t i = (*begin)[0] < 0 ? (*begin)[0] + n : (*begin)[0];
  if (i < 0 || i >= n || (fromShape && (*elements)[i] < 0))
    return std::nullopt;
  return (*elements)[i];
}

absl::StatusOr<Shape> shapeFromTensor(const Inference &ctx, Tensor t) {
  if (auto dims = constInts(t)) {
    for (int64_t d : *dims)
      if (d < 0)
        return ctx.error(absl::StrCat("Dimension ", d, " must be >= 0"));
    return Shape(*dims);
  }
  const Shape &s = t.shape();
  if (s.hasRank() && s.rank() == 1 && s.dim(0) >= 0)
    return Shape::unknownDims(s.dim(0));
  return Shape::unknownRank();
}

absl::StatusOr<std::vector<OutputInfo>>
inferOutputs(Inference &ctx) {
  absl::string_view type = ctx.type;
  const std::vector<Tensor> &in = ctx.inputs;
  auto expectInputs = [&](size_t n) -> absl::Status {
    if (in.size() != n)
      return valueError(absl::StrFormat("%s expects %d inputs, got %d", type,
                                        n, in.size()));
    return absl::OkStatus();
  };
  auto same = [&](int i) {
    return std::vector<OutputInfo>{{in[i].dtype(), in[i].shape()}};
  };

  if (type == "Placeholder") {
    const DType *dt = ctx.attr<DType>("dtype");
    const Shape *shape = ctx.attr<Shape>("shape");
    if (!dt)
      return valueError("Placeholder needs a dtype");
    return std::vector<OutputInfo>{{*dt, shape ? *shape : Shape()}};
  }
  if (type == "Const") {
    const DenseElements *v = ctx.attr<DenseElements>("value");
    if (!v)
      return valueError("Const needs a value");
    ctx.attrs["dtype"] = v->dtype();
    return std::vector<OutputInfo>{{v->dtype(), Shape(v->shape())}};
  }
  if (type == "VariableV2") {
    const DType *dt = ctx.attr<DType>("dtype");
    const Shape *shape = ctx.attr<Shape>("shape");
    if (!dt || !shape)
      return valueError("VariableV2 needs dtype and shape");
    ctx.attrs.try_emplace("container", std::string());
    ctx.attrs.try_emplace("shared_name", std::string());
    return std::vector<OutputInfo>{{*dt, *shape, /*isRef=*/true}};
  }
  if (type == "LeakyRelu") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs.try_emplace("alpha", 0.2);
    return same(0);
  }
  if (type == "Identity" || type == "StopGradient" || type == "Neg" ||
      type == "Abs" || type == "Exp" || type == "Log" || type == "Sin" ||
      type == "Cos" || type == "Tanh" || type == "Sigmoid" || type == "Relu" ||
      type == "Relu6" || type == "Elu" || type == "Softplus" ||
      type == "Floor" || type == "Ceil" || type == "Round" ||
      type == "Reciprocal" || type == "Sqrt" || type == "Rsqrt" ||
      type == "Square" || type == "ZerosLike" || type == "OnesLike") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    ctx.attrs["T"] = in[0].dtype();
    return same(0);
  }
  if (type == "Softmax" || type == "LogSoftmax") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    TFS_RETURN_IF_ERROR(ctx.withRankAtLeast(0, 1));
    ctx.attrs["T"] = in[0].dtype();
    return same(0);
  }
  if (type == "Cast") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    const DType *dst = ctx.attr<DType>("DstT");
    if (!dst)
      return valueError("Cast needs DstT");
    ctx.attrs["SrcT"] = in[0].dtype();
    ctx.attrs.try_emplace("Truncate", false);
    return std::vector<OutputInfo>{{*dst, in[0].shape()}};
  }
  if (type == "Shape") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs.try_emplace("out_type", DType::Int32);
    const Shape &s = in[0].shape();
    return std::vector<OutputInfo>{
        {*ctx.attr<DType>("out_type"),
         Shape({s.hasRank() ? s.rank() : kUnknown})}};
  }
  if (type == "Add" || type == "AddV2" || type == "Sub" || type == "Mul" ||
      type == "RealDiv" || type == "Maximum" || type == "Minimum" ||
      type == "Pow" || type == "SquaredDifference") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    TFS_RETURN_IF_ERROR(checkSameType(type, in, 2));
    ctx.attrs["T"] = in[0].dtype();
    TFS_ASSIGN_OR_RETURN(Shape out,
                         broadcastShapes(ctx, in[0].shape(), in[1].shape()));
    return std::vector<OutputInfo>{{in[0].dtype(), out}};
  }
  if (type == "Equal" || type == "NotEqual" || type == "Less" ||
      type == "LessEqual" || type == "Greater" || type == "GreaterEqual") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    TFS_RETURN_IF_ERROR(checkSameType(type, in, 2));
    ctx.attrs["T"] = in[0].dtype();
    if (type == "Equal" || type == "NotEqual")
      ctx.attrs.try_emplace("incompatible_shape_error", true);
    TFS_ASSIGN_OR_RETURN(Shape out,
                         broadcastShapes(ctx, in[0].shape(), in[1].shape()));
    return std::vector<OutputInfo>{{DType::Bool, out}};
  }
  if (type == "LogicalAnd" || type == "LogicalOr" || type == "LogicalNot") {
    size_t n = type == "LogicalNot" ? 1 : 2;
    TFS_RETURN_IF_ERROR(expectInputs(n));
    for (size_t i = 0; i < n; ++i)
      if (in[i].dtype() != DType::Bool)
        return typeError(absl::StrFormat(
            "Input '%s' of '%s' Op has type %s that does not match expected "
            "type of bool.",
            i == 0 ? "x" : "y", type, dtypeName(in[i].dtype())));
    if (n == 1)
      return same(0);
    TFS_ASSIGN_OR_RETURN(Shape out,
                         broadcastShapes(ctx, in[0].shape(), in[1].shape()));
    return std::vector<OutputInfo>{{DType::Bool, out}};
  }
  if (type == "Select" || type == "SelectV2") {
    TFS_RETURN_IF_ERROR(expectInputs(3));
    if (in[0].dtype() != DType::Bool)
      return typeError(absl::StrFormat(
          "Input 'condition' of '%s' Op has type %s that does not match "
          "expected type of bool.",
          type, dtypeName(in[0].dtype())));
    if (in[2].dtype() != in[1].dtype())
      return typeError(absl::StrFormat(
          "Input 'e' of '%s' Op has type %s that does not match type %s of "
          "argument 't'.",
          type, dtypeName(in[2].dtype()), dtypeName(in[1].dtype())));
    ctx.attrs["T"] = in[1].dtype();
    const Shape &cond = in[0].shape();
    if (type == "SelectV2") {
      TFS_ASSIGN_OR_RETURN(Shape values,
                           broadcastShapes(ctx, in[1].shape(), in[2].shape()));
      TFS_ASSIGN_OR_RETURN(Shape out, broadcastShapes(ctx, cond, values));
      return std::vector<OutputInfo>{{in[1].dtype(), out}};
    }
    // TF 1.15's Select: t and e of one shape; the condition a scalar, of
    // their shape, or a vector over their first dimension.
    auto merge = [&](const Shape &a, const Shape &b) -> absl::StatusOr<Shape> {
      if (!a.hasRank())
        return b;
      if (!b.hasRank())
        return a;
      if (a.rank() != b.rank())
        return ctx.error(
            absl::StrFormat("Shapes must be equal rank, but are %d and %d",
                            a.rank(), b.rank()));
      std::vector<int64_t> dims(a.dims());
      for (int64_t i = 0; i < a.rank(); ++i) {
        if (a.dim(i) >= 0 && b.dim(i) >= 0 && a.dim(i) != b.dim(i))
          return ctx.error(absl::StrFormat(
              "Dimension %d in both shapes must be equal, but are %d and %d. "
              "Shapes are %s and %s.",
              i, a.dim(i), b.dim(i), a.toDebugString(), b.toDebugString()));
        if (dims[i] < 0)
          dims[i] = b.dim(i);
      }
      return Shape(dims);
    };
    TFS_ASSIGN_OR_RETURN(Shape data, merge(in[1].shape(), in[2].shape()));
    if (!cond.hasRank() || !data.hasRank() || cond.rank() == 0)
      return std::vector<OutputInfo>{{in[1].dtype(), data}};
    if (cond.rank() != 1 || data.rank() == 0) {
      TFS_ASSIGN_OR_RETURN(data, merge(data, cond));
      return std::vector<OutputInfo>{{in[1].dtype(), data}};
    }
    TFS_RETURN_IF_ERROR(
        merge(cond, Shape(std::vector<int64_t>{data.dim(0)})).status());
    return std::vector<OutputInfo>{{in[1].dtype(), data}};
  }
  if (type == "MatMul") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    TFS_RETURN_IF_ERROR(checkSameType(type, in, 2));
    TFS_RETURN_IF_ERROR(ctx.withRank(0, 2));
    TFS_RETURN_IF_ERROR(ctx.withRank(1, 2));
    ctx.attrs.try_emplace("transpose_a", false);
    ctx.attrs.try_emplace("transpose_b", false);
    ctx.attrs["T"] = in[0].dtype();
    bool ta = *ctx.attr<bool>("transpose_a"),
         tb = *ctx.attr<bool>("transpose_b");
    const Shape &a = in[0].shape(), &b = in[1].shape();
    auto dim = [](const Shape &s, int i) {
      return s.hasRank() ? s.dim(i) : kUnknown;
    };
    int64_t outRows = dim(a, ta ? 1 : 0), innerA = dim(a, ta ? 0 : 1);
    int64_t innerB = dim(b, tb ? 1 : 0), outCols = dim(b, tb ? 0 : 1);
    TFS_RETURN_IF_ERROR(ctx.mergeDim(innerA, innerB).status());
    return std::vector<OutputInfo>{{in[0].dtype(), Shape({outRows, outCols})}};
  }
  if (type == "BatchMatMulV2") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    TFS_RETURN_IF_ERROR(checkSameType(type, in, 2));
    TFS_RETURN_IF_ERROR(ctx.withRankAtLeast(0, 2));
    TFS_RETURN_IF_ERROR(ctx.withRankAtLeast(1, 2));
    ctx.attrs.try_emplace("adj_x", false);
    ctx.attrs.try_emplace("adj_y", false);
    ctx.attrs["T"] = in[0].dtype();
    const Shape &a = in[0].shape(), &b = in[1].shape();
    if (!a.hasRank() || !b.hasRank())
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    bool ax = *ctx.attr<bool>("adj_x"), ay = *ctx.attr<bool>("adj_y");
    int64_t ra = a.rank(), rb = b.rank();
    int64_t rows = a.dim(ax ? ra - 1 : ra - 2),
            innerA = a.dim(ax ? ra - 2 : ra - 1);
    int64_t innerB = b.dim(ay ? rb - 1 : rb - 2),
            cols = b.dim(ay ? rb - 2 : rb - 1);
    TFS_RETURN_IF_ERROR(ctx.mergeDim(innerA, innerB).status());
    std::vector<int64_t> ba(a.dims().begin(), a.dims().end() - 2),
        bb(b.dims().begin(), b.dims().end() - 2);
    TFS_ASSIGN_OR_RETURN(Shape batch,
                         broadcastShapes(ctx, Shape(ba), Shape(bb)));
    std::vector<int64_t> out = batch.dims();
    out.push_back(rows);
    out.push_back(cols);
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "Conv2D" || type == "DepthwiseConv2dNative") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    return inferConv(ctx, type == "DepthwiseConv2dNative");
  }
  if (type == "BiasAdd") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    TFS_RETURN_IF_ERROR(checkSameType(type, in, 2));
    TFS_RETURN_IF_ERROR(ctx.withRankAtLeast(0, 2));
    TFS_RETURN_IF_ERROR(ctx.withRank(1, 1));
    ctx.attrs.try_emplace("data_format", std::string("NHWC"));
    ctx.attrs["T"] = in[0].dtype();
    Shape out = in[0].shape();
    if (out.hasRank() && in[1].shape().hasRank()) {
      std::vector<int64_t> dims = out.dims();
      TFS_ASSIGN_OR_RETURN(dims.back(),
                           ctx.mergeDim(dims.back(), in[1].shape().dim(0)));
      out = Shape(dims);
    }
    return std::vector<OutputInfo>{{in[0].dtype(), out}};
  }
  if (type == "Tile") {
    // TF's shape function: each dimension times its multiple.
    TFS_RETURN_IF_ERROR(expectInputs(2));
    if (in[1].dtype() != DType::Int32 && in[1].dtype() != DType::Int64)
      return typeError(
          absl::StrCat("Value passed to parameter 'multiples' has DataType ",
                       dtypeName(in[1].dtype()),
                       " not in list of allowed values: int32, int64"));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tmultiples"] = in[1].dtype();
    TFS_RETURN_IF_ERROR(ctx.withRank(1, 1));
    const Shape &x = in[0].shape();
    if (x.hasRank() && in[1].shape().hasRank() && in[1].shape().dim(0) >= 0 &&
        in[1].shape().dim(0) != x.rank())
      return ctx.error(absl::StrFormat("Dimension must be %d but is %d",
                                       x.rank(), in[1].shape().dim(0)));
    std::optional<std::vector<int64_t>> multiples = constInts(in[1]);
    if (!x.hasRank() || !multiples)
      return std::vector<OutputInfo>{
          {in[0].dtype(),
           x.hasRank() ? Shape::unknownDims(x.rank()) : Shape()}};
    std::vector<int64_t> dims;
    for (int64_t i = 0; i < x.rank(); ++i)
      dims.push_back(x.dim(i) < 0 ? kUnknown : x.dim(i) * (*multiples)[i]);
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(dims)}};
  }
  if (type == "OneHot") {
    // TF's shape function: the indices' shape with depth inserted at axis.
    TFS_RETURN_IF_ERROR(expectInputs(4));
    ctx.attrs["T"] = in[2].dtype();
    ctx.attrs["TI"] = in[0].dtype();
    ctx.attrs.try_emplace("axis", int64_t(-1));
    int64_t axis = *ctx.attr<int64_t>("axis");
    if (axis < -1)
      return ctx.error(absl::StrCat("axis must be >= -1"));
    if (in[3].dtype() != in[2].dtype())
      return typeError(absl::StrFormat(
          "Input 'off_value' of 'OneHot' Op has type %s that does not match "
          "type %s of argument 'on_value'.",
          dtypeName(in[3].dtype()), dtypeName(in[2].dtype())));
    TFS_RETURN_IF_ERROR(ctx.withRank(1, 0));
    TFS_RETURN_IF_ERROR(ctx.withRank(2, 0));
    TFS_RETURN_IF_ERROR(ctx.withRank(3, 0));
    const Shape &indices = in[0].shape();
    if (!indices.hasRank())
      return std::vector<OutputInfo>{{in[2].dtype(), Shape()}};
    if (axis > indices.rank())
      return ctx.error(
          absl::StrFormat("Shape must be at least rank %d but is rank %d", axis,
                          indices.rank()));
    std::optional<std::vector<int64_t>> depth = constInts(in[1]);
    if (depth && (*depth)[0] < 0)
      return ctx.error(
          absl::StrCat("depth must be non-negative, got: ", (*depth)[0]));
    std::vector<int64_t> dims = indices.dims();
    dims.insert(dims.begin() + (axis == -1 ? indices.rank() : axis),
                depth ? (*depth)[0] : kUnknown);
    return std::vector<OutputInfo>{{in[2].dtype(), Shape(dims)}};
  }
  if (type == "ResizeBilinear" || type == "ResizeNearestNeighbor") {
    // TF's ResizeShapeFn: [batch, size[0], size[1], channels]; bilinear
    // results are float32.
    TFS_RETURN_IF_ERROR(expectInputs(2));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs.try_emplace("align_corners", false);
    ctx.attrs.try_emplace("half_pixel_centers", false);
    TFS_RETURN_IF_ERROR(ctx.withRank(0, 4));
    TFS_RETURN_IF_ERROR(ctx.withRank(1, 1));
    if (in[1].shape().hasRank() && in[1].shape().dim(0) >= 0 &&
        in[1].shape().dim(0) != 2)
      return ctx.error(absl::StrFormat("Dimension must be 2 but is %d",
                                       in[1].shape().dim(0)));
    DType out = type == "ResizeBilinear" ? DType::Float32 : in[0].dtype();
    const Shape &x = in[0].shape();
    std::vector<int64_t> dims = {x.hasRank() ? x.dim(0) : kUnknown, kUnknown,
                                 kUnknown, x.hasRank() ? x.dim(3) : kUnknown};
    if (std::optional<std::vector<int64_t>> size = constInts(in[1])) {
      for (int i = 0; i < 2; ++i)
        if ((*size)[i] < 0)
          return ctx.error("size must be non-negative");
      dims[1] = (*size)[0];
      dims[2] = (*size)[1];
    }
    return std::vector<OutputInfo>{{out, Shape(dims)}};
  }
  if (type == "Conv2DBackpropInput") {
    // TF's shape function: the result is input_sizes (a constant of 4
    // entries); the kernel checks the rest when it runs (the importer,
    // when tfsc compiles).
    TFS_RETURN_IF_ERROR(expectInputs(3));
    TFS_RETURN_IF_ERROR(
        checkSameType(type, std::vector<Tensor>{in[1], in[2]}, 2));
    ctx.attrs["T"] = in[1].dtype();
    ctx.attrs.try_emplace("data_format", std::string("NHWC"));
    ctx.attrs.try_emplace("dilations", std::vector<int64_t>{1, 1, 1, 1});
    ctx.attrs.try_emplace("use_cudnn_on_gpu", true);
    ctx.attrs.try_emplace("explicit_paddings", std::vector<int64_t>{});
    TFS_RETURN_IF_ERROR(ctx.withRank(0, 1));
    std::optional<std::vector<int64_t>> sizes = constInts(in[0]);
    if (!sizes)
      return std::vector<OutputInfo>{{in[1].dtype(), Shape::unknownDims(4)}};
    if (sizes->size() != 4)
      return ctx.error(absl::StrFormat("Shape must be rank 4 but is rank %d",
                                       sizes->size()));
    return std::vector<OutputInfo>{{in[1].dtype(), Shape(*sizes)}};
  }
  if (type == "FusedBatchNormV3") {
    // TF's FusedBatchNormV3Shape: y like x with its channel dimension merged
    // with the parameters' (3 of them when training, else 5), the
    // parameter-sized statistics, and a reserve of unknown shape.
    TFS_RETURN_IF_ERROR(expectInputs(5));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["U"] = in[1].dtype();
    ctx.attrs.try_emplace("epsilon", 0.0001);
    ctx.attrs.try_emplace("data_format", std::string("NHWC"));
    ctx.attrs.try_emplace("is_training", true);
    TFS_RETURN_IF_ERROR(ctx.withRank(0, 4));
    const std::string &format = *ctx.attr<std::string>("data_format");
    if (format != "NHWC" && format != "NCHW")
      return valueError(absl::StrCat("Invalid data format string: ", format));
    int channelIndex = format == "NHWC" ? 3 : 1;
    int params = *ctx.attr<bool>("is_training") ? 3 : 5;
    const Shape &x = in[0].shape();
    int64_t channels = x.hasRank() ? x.dim(channelIndex) : kUnknown;
    for (int i = 1; i < params; ++i) {
      TFS_RETURN_IF_ERROR(ctx.withRank(i, 1));
      if (in[i].shape().hasRank()) {
        TFS_ASSIGN_OR_RETURN(channels,
                             ctx.mergeDim(channels, in[i].shape().dim(0)));
      }
    }
    Shape y = x;
    if (x.hasRank()) {
      std::vector<int64_t> dims = x.dims();
      dims[channelIndex] = channels;
      y = Shape(dims);
    }
    Shape vector(std::vector<int64_t>{channels});
    DType u = in[1].dtype();
    return std::vector<OutputInfo>{{in[0].dtype(), y}, {u, vector},
                                   {u, vector},        {u, vector},
                                   {u, vector},        {u, Shape()}};
  }
  if (type == "MaxPool" || type == "AvgPool") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    return inferPool(ctx);
  }
  if (type == "Sum" || type == "Mean" || type == "Max" || type == "Min" ||
      type == "Prod") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    ctx.attrs.try_emplace("keep_dims", false);
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tidx"] = in[1].dtype();
    bool keep = *ctx.attr<bool>("keep_dims");
    const Shape &s = in[0].shape();
    std::optional<std::vector<int64_t>> axes = constInts(in[1]);
    if (!s.hasRank())
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    if (!axes) {
      if (keep)
        return std::vector<OutputInfo>{
            {in[0].dtype(), Shape::unknownDims(s.rank())}};
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    }
    std::vector<bool> reduced(s.rank(), false);
    for (int64_t a : *axes) {
      if (a < -s.rank() || a >= s.rank())
        return ctx.error(absl::StrFormat(
            "Invalid reduction dimension %d for input with %d dimensions", a,
            s.rank()));
      reduced[a < 0 ? a + s.rank() : a] = true;
    }
    std::vector<int64_t> out;
    for (int64_t i = 0; i < s.rank(); ++i) {
      if (!reduced[i])
        out.push_back(s.dim(i));
      else if (keep)
        out.push_back(1);
    }
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "ArgMax" || type == "ArgMin") {
    // TF's ArgOpShape: the input without the reduced dimension.
    TFS_RETURN_IF_ERROR(expectInputs(2));
    TFS_RETURN_IF_ERROR(ctx.withRank(1, 0));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tidx"] = in[1].dtype();
    ctx.attrs.try_emplace("output_type", DType::Int64);
    DType out = *ctx.attr<DType>("output_type");
    if (out != DType::Int32 && out != DType::Int64)
      return typeError(absl::StrCat(
          "Value passed to parameter 'output_type' has DataType ",
          dtypeName(out), " not in list of allowed values: int32, int64"));
    const Shape &s = in[0].shape();
    if (!s.hasRank())
      return std::vector<OutputInfo>{{out, Shape()}};
    if (s.rank() <= 1)
      return std::vector<OutputInfo>{{out, Shape(std::vector<int64_t>{})}};
    std::optional<std::vector<int64_t>> dim = constInts(in[1]);
    if (!dim)
      return std::vector<OutputInfo>{{out, Shape::unknownDims(s.rank() - 1)}};
    int64_t value = dim->at(0);
    int64_t axis = value < 0 ? value + s.rank() : value;
    if (axis < 0 || axis >= s.rank())
      return ctx.error(absl::StrFormat(
          "Dimension (%d) must be in the range [%d, %d), where %d is the "
          "number of dimensions in the input",
          value, -s.rank(), s.rank(), s.rank()));
    std::vector<int64_t> dims;
    for (int64_t i = 0; i < s.rank(); ++i)
      if (i != axis)
        dims.push_back(s.dim(i));
    return std::vector<OutputInfo>{{out, Shape(dims)}};
  }
  if (type == "GatherV2") {
    // TF's GatherV2 shape function: params[:axis] + indices[batch_dims:] +
    // params[axis + 1:].
    TFS_RETURN_IF_ERROR(expectInputs(3));
    for (auto [i, arg] :
         {std::pair<int, const char *>{1, "indices"}, {2, "axis"}})
      if (in[i].dtype() != DType::Int32 && in[i].dtype() != DType::Int64)
        return typeError(
            absl::StrCat("Value passed to parameter '", arg, "' has DataType ",
                         dtypeName(in[i].dtype()),
                         " not in list of allowed values: int32, int64"));
    ctx.attrs["Tparams"] = in[0].dtype();
    ctx.attrs["Tindices"] = in[1].dtype();
    ctx.attrs["Taxis"] = in[2].dtype();
    ctx.attrs.try_emplace("batch_dims", int64_t(0));
    TFS_RETURN_IF_ERROR(ctx.withRankAtLeast(0, 1));
    TFS_RETURN_IF_ERROR(ctx.withRank(2, 0));
    const Shape &params = in[0].shape(), &indices = in[1].shape();
    std::optional<std::vector<int64_t>> axisValue = constInts(in[2]);
    if (!axisValue || !params.hasRank() || !indices.hasRank()) {
      if (params.hasRank() && indices.hasRank())
        return std::vector<OutputInfo>{
            {in[0].dtype(),
             Shape::unknownDims(params.rank() + indices.rank() - 1)}};
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    }
    int64_t axis = axisValue->at(0);
    TFS_RETURN_IF_ERROR(ctx.withRankAtLeast(0, axis < 0 ? -axis : axis + 1));
    int64_t batchDims = *ctx.attr<int64_t>("batch_dims");
    TFS_RETURN_IF_ERROR(
        ctx.withRankAtLeast(1, batchDims < 0 ? -batchDims : batchDims));
    if (batchDims < 0)
      batchDims += indices.rank();
    TFS_RETURN_IF_ERROR(ctx.withRankAtLeast(0, batchDims + 1));
    if (axis < 0)
      axis += params.rank();
    std::vector<int64_t> out(params.dims().begin(),
                             params.dims().begin() + axis);
    out.insert(out.end(), indices.dims().begin() + batchDims,
               indices.dims().end());
    out.insert(out.end(), params.dims().begin() + axis + 1,
               params.dims().end());
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "Reshape") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tshape"] = in[1].dtype();
    std::optional<std::vector<int64_t>> target = constInts(in[1]);
    // A packed shape ([tf.shape(x)[0], -1]): its known elements.
    if (!target && in[1].op()->type() == "Pack") {
      std::vector<int64_t> dims;
      bool all = true;
      for (const Tensor &e : in[1].op()->inputs()) {
        std::optional<int64_t> d = knownScalar(e);
        all = all && d.has_value();
        dims.push_back(d ? *d : kUnknown);
      }
      if (!all) // -1 (kUnknown) cannot be inferred next to an unknown.
        return std::vector<OutputInfo>{{in[0].dtype(), Shape(dims)}};
      target = dims;
    }
    if (!target) {
      TFS_ASSIGN_OR_RETURN(Shape s, shapeFromTensor(ctx, in[1]));
      return std::vector<OutputInfo>{{in[0].dtype(), s}};
    }
    int64_t unknownIndex = -1, known = 1;
    for (size_t i = 0; i < target->size(); ++i) {
      int64_t d = (*target)[i];
      if (d == -1) {
        if (unknownIndex >= 0)
          return ctx.error(absl::StrFormat(
              "Cannot infer multiple unknown dimensions in shape [%s]",
              absl::StrJoin(*target, ",")));
        unknownIndex = i;
      } else if (d < -1) {
        return ctx.error(absl::StrCat("Dimension ", d, " must be >= -1"));
      } else {
        known *= d;
      }
    }
    std::vector<int64_t> out = *target;
    std::optional<int64_t> n = in[0].shape().numElements();
    if (n) {
      if (unknownIndex >= 0) {
        if (known == 0 || *n % known != 0)
          return ctx.error(absl::StrFormat(
              "Cannot reshape a tensor with %d elements to shape [%s] (%d "
              "elements)",
              *n, absl::StrJoin(*target, ","), known));
        out[unknownIndex] = *n / known;
      } else if (known != *n) {
        return ctx.error(absl::StrFormat(
            "Cannot reshape a tensor with %d elements to shape [%s] (%d "
            "elements)",
            *n, absl::StrJoin(*target, ","), known));
      }
    }
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "Transpose") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tperm"] = in[1].dtype();
    const Shape &s = in[0].shape();
    std::optional<std::vector<int64_t>> perm = constInts(in[1]);
    if (!perm) {
      if (s.hasRank())
        return std::vector<OutputInfo>{
            {in[0].dtype(), Shape::unknownDims(s.rank())}};
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    }
    int64_t rank = perm->size();
    if (s.hasRank() && s.rank() != rank)
      return ctx.error("Dimension must be " + absl::StrCat(s.rank()) +
                       " but is " + absl::StrCat(rank));
    std::vector<bool> seen(rank, false);
    std::vector<int64_t> out(rank);
    for (int64_t i = 0; i < rank; ++i) {
      int64_t p = (*perm)[i];
      if (p < 0 || p >= rank || seen[p])
        return ctx.error(absl::StrFormat(
            "%d is out of range [0 .. %d) or repeated", p, rank));
      seen[p] = true;
      out[i] = s.hasRank() ? s.dim(p) : kUnknown;
    }
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "ConcatV2") {
    if (in.size() < 3)
      return valueError("ConcatV2 expects at least two values and an axis");
    size_t n = in.size() - 1;
    TFS_RETURN_IF_ERROR(checkListType(type, in, n));
    ctx.attrs["N"] = static_cast<int64_t>(n);
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tidx"] = in[n].dtype();
    std::optional<std::vector<int64_t>> axisV = constInts(in[n]);
    int64_t rank = -1;
    for (size_t i = 0; i < n; ++i)
      if (in[i].shape().hasRank()) {
        if (rank >= 0 && in[i].shape().rank() != rank)
          return ctx.error(absl::StrFormat(
              "Shape must be rank %d but is rank %d", rank,
              in[i].shape().rank()));
        rank = in[i].shape().rank();
      }
    if (rank < 0)
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    if (!axisV || axisV->size() != 1)
      return std::vector<OutputInfo>{
          {in[0].dtype(), Shape::unknownDims(rank)}};
    int64_t axis = (*axisV)[0];
    if (axis < -rank || axis >= rank)
      return ctx.error(absl::StrFormat(
          "ConcatOp : Expected concatenating dimensions in the range [%d, "
          "%d), but got %d",
          -rank, rank, axis));
    if (axis < 0)
      axis += rank;
    std::vector<int64_t> out(rank, kUnknown);
    int64_t total = 0;
    Shape merged;
    for (size_t i = 0; i < n; ++i) {
      const Shape &s = in[i].shape();
      if (!s.hasRank()) {
        total = kUnknown;
        continue;
      }
      std::vector<int64_t> dims = s.dims();
      int64_t d = dims[axis];
      total = (total < 0 || d < 0) ? kUnknown : total + d;
      dims[axis] = kUnknown;
      Shape masked(dims);
      std::optional<Shape> m = merged.mergeWith(masked);
      if (!m) {
        for (int64_t k = 0; k < rank; ++k) {
          int64_t a = merged.dim(k), b = masked.dim(k);
          if (a >= 0 && b >= 0 && a != b)
            return ctx.error(absl::StrFormat(
                "Dimension %d in both shapes must be equal, but are %d and "
                "%d. Shapes are %s and %s.",
                k, a, b, merged.toDebugString(), masked.toDebugString()));
        }
      }
      merged = *m;
    }
    out = merged.hasRank() ? merged.dims() : out;
    out[axis] = total;
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "Split" || type == "SplitV") {
    bool isV = type == "SplitV";
    TFS_RETURN_IF_ERROR(expectInputs(isV ? 3 : 2));
    const int64_t *numSplitP = ctx.attr<int64_t>("num_split");
    if (!numSplitP || *numSplitP < 1)
      return valueError("Split needs num_split >= 1");
    int64_t numSplit = *numSplitP;
    Tensor value = isV ? in[0] : in[1];
    Tensor axisT = isV ? in[2] : in[0];
    ctx.attrs["T"] = value.dtype();
    if (isV)
      ctx.attrs["Tlen"] = in[1].dtype();
    const Shape &s = value.shape();
    std::optional<std::vector<int64_t>> axisV = constInts(axisT);
    std::vector<OutputInfo> outs;
    if (!s.hasRank() || !axisV) {
      Shape o = s.hasRank() ? Shape::unknownDims(s.rank()) : Shape();
      for (int64_t i = 0; i < numSplit; ++i)
        outs.push_back({value.dtype(), o});
      return outs;
    }
    int64_t axis = (*axisV)[0];
    if (axis < -s.rank() || axis >= s.rank())
      return ctx.error(absl::StrFormat(
          "Dimension must be in range [%d, %d), but is %d", -s.rank(),
          s.rank(), axis));
    if (axis < 0)
      axis += s.rank();
    int64_t d = s.dim(axis);
    std::vector<int64_t> sizes;
    if (isV) {
      std::optional<std::vector<int64_t>> sz = constInts(in[1]);
      if (!sz) {
        sizes.assign(numSplit, kUnknown);
      } else {
        if (static_cast<int64_t>(sz->size()) != numSplit)
          return ctx.error(absl::StrFormat(
              "Length of size_splits should be equal to num_split, got %d "
              "and %d",
              sz->size(), numSplit));
        sizes = *sz;
        int64_t known = 0, unknownAt = -1;
        for (int64_t i = 0; i < numSplit; ++i) {
          if (sizes[i] == -1)
            unknownAt = i;
          else
            known += sizes[i];
        }
        if (unknownAt >= 0 && d >= 0)
          sizes[unknownAt] = d - known;
        else if (unknownAt < 0 && d >= 0 && known != d)
          return ctx.error(absl::StrFormat(
              "Determined shape must either match input shape along "
              "split_dim exactly if fully specified, or be less than the "
              "size of the input along split_dim if not fully specified.  "
              "Got: %d",
              known));
      }
    } else {
      if (d >= 0 && d % numSplit != 0)
        return ctx.error(absl::StrFormat(
            "Dimension size must be evenly divisible by %d but is %d",
            numSplit, d));
      sizes.assign(numSplit, d >= 0 ? d / numSplit : kUnknown);
    }
    for (int64_t i = 0; i < numSplit; ++i) {
      std::vector<int64_t> dims = s.dims();
      dims[axis] = sizes[i];
      outs.push_back({value.dtype(), Shape(dims)});
    }
    return outs;
  }
  if (type == "Slice") {
    TFS_RETURN_IF_ERROR(expectInputs(3));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Index"] = in[1].dtype();
    const Shape &s = in[0].shape();
    std::optional<std::vector<int64_t>> begin = constInts(in[1]),
                                        size = constInts(in[2]);
    if (!s.hasRank())
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    if (!size)
      return std::vector<OutputInfo>{
          {in[0].dtype(), Shape::unknownDims(s.rank())}};
    if (static_cast<int64_t>(size->size()) != s.rank())
      return ctx.error(absl::StrFormat("Shape must be rank %d but is rank %d",
                                       s.rank(), size->size()));
    std::vector<int64_t> out(s.rank());
    for (int64_t i = 0; i < s.rank(); ++i) {
      int64_t sz = (*size)[i];
      if (sz == -1) {
        out[i] = (begin && s.dim(i) >= 0) ? s.dim(i) - (*begin)[i] : kUnknown;
      } else {
        if (begin && s.dim(i) >= 0 && (*begin)[i] + sz > s.dim(i))
          return ctx.error(absl::StrFormat(
              "Expected size[%d] in [0, %d], but got %d", i,
              s.dim(i) - (*begin)[i], sz));
        out[i] = sz;
      }
    }
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "ExpandDims") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tdim"] = in[1].dtype();
    const Shape &s = in[0].shape();
    std::optional<std::vector<int64_t>> axisV = constInts(in[1]);
    if (!s.hasRank() || !axisV)
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    if (axisV->size() != 1)
      return ctx.error("'dim' input must be a tensor with a single value");
    int64_t rank = s.rank(), axis = (*axisV)[0];
    if (axis < -1 - rank || axis > rank)
      return ctx.error(absl::StrFormat(
          "Tried to expand dim index %d for tensor with %d dimensions.", axis,
          rank));
    if (axis < 0)
      axis += rank + 1;
    std::vector<int64_t> dims = s.dims();
    dims.insert(dims.begin() + axis, 1);
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(dims)}};
  }
  if (type == "Squeeze") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    ctx.attrs["T"] = in[0].dtype();
    std::vector<int64_t> axes;
    if (const auto *a = ctx.attr<std::vector<int64_t>>("squeeze_dims"))
      axes = *a;
    ctx.attrs["squeeze_dims"] = axes;
    const Shape &s = in[0].shape();
    if (!s.hasRank())
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    int64_t rank = s.rank();
    std::vector<bool> drop(rank, false);
    for (int64_t axis : axes) {
      if (axis < -rank || axis >= rank)
        return ctx.error(absl::StrFormat(
            "Tried to squeeze dim index %d for tensor with %d dimensions.",
            axis, rank));
      drop[axis < 0 ? axis + rank : axis] = true;
    }
    std::vector<int64_t> dims;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t dim = s.dim(d);
      if (axes.empty()) {
        // Every dimension of 1; an unknown one could be 1 or not.
        if (dim < 0)
          return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
        if (dim != 1)
          dims.push_back(dim);
      } else if (drop[d]) {
        if (dim >= 0 && dim != 1)
          return ctx.error(absl::StrFormat(
              "Can not squeeze dim[%d], expected a dimension of 1, got %d", d,
              dim));
      } else {
        dims.push_back(dim);
      }
    }
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(dims)}};
  }
  if (type == "Pack") {
    size_t n = in.size();
    if (n < 1)
      return valueError("Pack needs at least one input");
    TFS_RETURN_IF_ERROR(checkListType(type, in, n));
    ctx.attrs["N"] = static_cast<int64_t>(n);
    ctx.attrs["T"] = in[0].dtype();
    int64_t axis = 0;
    if (const int64_t *a = ctx.attr<int64_t>("axis"))
      axis = *a;
    ctx.attrs["axis"] = axis;
    // TF's shape function merges from the last input back to the first.
    Shape merged = in[n - 1].shape();
    for (size_t i = n - 1; i-- > 0;) {
      const Shape &s = in[i].shape();
      std::optional<Shape> m = s.mergeWith(merged);
      if (!m) {
        std::string why;
        if (s.rank() != merged.rank()) {
          why = absl::StrFormat("Shapes must be equal rank, but are %d and %d",
                                s.rank(), merged.rank());
        } else {
          for (int64_t k = 0; k < s.rank(); ++k)
            if (s.dim(k) >= 0 && merged.dim(k) >= 0 &&
                s.dim(k) != merged.dim(k)) {
              why = absl::StrFormat(
                  "Dimension %d in both shapes must be equal, but are %d and "
                  "%d",
                  k, s.dim(k), merged.dim(k));
              break;
            }
        }
        return ctx.error(absl::StrFormat(
            "%s\n\tFrom merging shape %d with other shapes.", why, i));
      }
      merged = *m;
    }
    if (!merged.hasRank())
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    int64_t rank = merged.rank();
    if (axis < -(rank + 1) || axis > rank)
      return ctx.error(absl::StrFormat("Invalid axis: %d; must be in [%d,%d)",
                                       axis, -(rank + 1), rank + 1));
    if (axis < 0)
      axis += rank + 1;
    std::vector<int64_t> dims = merged.dims();
    dims.insert(dims.begin() + axis, static_cast<int64_t>(n));
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(dims)}};
  }
  if (type == "Unpack") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    ctx.attrs["T"] = in[0].dtype();
    const int64_t *numP = ctx.attr<int64_t>("num");
    if (!numP || *numP < 0)
      return valueError("Unpack needs num >= 0");
    int64_t axis = 0;
    if (const int64_t *a = ctx.attr<int64_t>("axis"))
      axis = *a;
    ctx.attrs["axis"] = axis;
    const Shape &s = in[0].shape();
    std::vector<OutputInfo> outs;
    if (!s.hasRank()) {
      for (int64_t i = 0; i < *numP; ++i)
        outs.push_back({in[0].dtype(), Shape()});
      return outs;
    }
    int64_t rank = s.rank();
    if (axis < -rank || axis >= rank)
      return ctx.error(absl::StrFormat("Invalid axis: %d; must be in [%d,%d)",
                                       axis, -rank, rank));
    if (axis < 0)
      axis += rank;
    if (s.dim(axis) >= 0 && s.dim(axis) != *numP)
      return ctx.error(absl::StrFormat("Dimension must be %d but is %d", *numP,
                                       s.dim(axis)));
    std::vector<int64_t> dims = s.dims();
    dims.erase(dims.begin() + axis);
    for (int64_t i = 0; i < *numP; ++i)
      outs.push_back({in[0].dtype(), Shape(dims)});
    return outs;
  }
  if (type == "StridedSlice") {
    TFS_RETURN_IF_ERROR(expectInputs(4));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Index"] = in[1].dtype();
    int64_t masks[5] = {0, 0, 0, 0, 0};
    const char *maskNames[5] = {"begin_mask", "end_mask", "ellipsis_mask",
                                "new_axis_mask", "shrink_axis_mask"};
    for (int i = 0; i < 5; ++i) {
      if (const int64_t *m = ctx.attr<int64_t>(maskNames[i]))
        masks[i] = *m;
      ctx.attrs[maskNames[i]] = masks[i];
    }
    const Shape &s = in[0].shape();
    std::optional<std::vector<int64_t>> begin = constInts(in[1]),
                                        end = constInts(in[2]),
                                        strides = constInts(in[3]);
    if (!s.hasRank() || !begin || !end || !strides)
      return std::vector<OutputInfo>{{in[0].dtype(), Shape()}};
    absl::StatusOr<StridedSliceSpec> spec =
        resolveStridedSlice(s.dims(), *begin, *end, *strides, masks[0],
                            masks[1], masks[2], masks[3], masks[4]);
    if (!spec.ok())
      return ctx.error(spec.status().message());
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(spec->finalShape)}};
  }
  if (type == "Pad") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs["Tpaddings"] = in[1].dtype();
    const Shape &s = in[0].shape();
    std::optional<std::vector<int64_t>> p = constInts(in[1]);
    if (!s.hasRank() || !p)
      return std::vector<OutputInfo>{
          {in[0].dtype(),
           s.hasRank() ? Shape::unknownDims(s.rank()) : Shape()}};
    if (static_cast<int64_t>(p->size()) != 2 * s.rank())
      return ctx.error(absl::StrFormat(
          "The first dimension of paddings must be the rank of inputs[%d,2] "
          "%s",
          p->size() / 2, s.toDebugString()));
    std::vector<int64_t> out(s.rank());
    for (int64_t i = 0; i < s.rank(); ++i)
      out[i] = s.dim(i) < 0 ? kUnknown
                            : s.dim(i) + (*p)[2 * i] + (*p)[2 * i + 1];
    return std::vector<OutputInfo>{{in[0].dtype(), Shape(out)}};
  }
  if (type == "Fill") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    ctx.attrs["T"] = in[1].dtype();
    ctx.attrs["index_type"] = in[0].dtype();
    TFS_RETURN_IF_ERROR(ctx.withRank(1, 0));
    TFS_ASSIGN_OR_RETURN(Shape s, shapeFromTensor(ctx, in[0]));
    return std::vector<OutputInfo>{{in[1].dtype(), s}};
  }
  if (type == "RandomUniform" || type == "RandomStandardNormal" ||
      type == "TruncatedNormal") {
    TFS_RETURN_IF_ERROR(expectInputs(1));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs.try_emplace("seed", int64_t(0));
    ctx.attrs.try_emplace("seed2", int64_t(0));
    const DType *dt = ctx.attr<DType>("dtype");
    if (!dt)
      return valueError(absl::StrCat(type, " needs a dtype"));
    TFS_ASSIGN_OR_RETURN(Shape s, shapeFromTensor(ctx, in[0]));
    return std::vector<OutputInfo>{{*dt, s}};
  }
  if (type == "Assign" || type == "AssignAdd" || type == "AssignSub") {
    TFS_RETURN_IF_ERROR(expectInputs(2));
    if (!in[0].isRef())
      return typeError(absl::StrFormat(
          "'%s' Op requires that input 'ref' be a mutable tensor (e.g.: a "
          "tf.Variable)",
          type));
    TFS_RETURN_IF_ERROR(checkSameType(type, in, 2));
    ctx.attrs["T"] = in[0].dtype();
    ctx.attrs.try_emplace("use_locking", type == "Assign");
    if (type == "Assign")
      ctx.attrs.try_emplace("validate_shape", true);
    Shape out = in[0].shape();
    const bool *validate = ctx.attr<bool>("validate_shape");
    if (type != "Assign" || (validate && *validate)) {
      std::optional<Shape> merged = out.mergeWith(in[1].shape());
      if (!merged)
        return ctx.error(absl::StrFormat(
            "Shapes must be equal rank, but are %d and %d",
            out.hasRank() ? out.rank() : -1,
            in[1].shape().hasRank() ? in[1].shape().rank() : -1));
      out = *merged;
    } else {
      out = in[1].shape();
    }
    return std::vector<OutputInfo>{{in[0].dtype(), out, /*isRef=*/true}};
  }
  return notImplementedError(
      absl::StrCat("tfsc does not support op type '", type, "' yet."));
}

constexpr absl::string_view kSupported[] = {"Placeholder",
                                            "Const",
                                            "VariableV2",
                                            "Identity",
                                            "StopGradient",
                                            "Neg",
                                            "Abs",
                                            "Exp",
                                            "Log",
                                            "Sin",
                                            "Cos",
                                            "Tanh",
                                            "Sigmoid",
                                            "Relu",
                                            "Relu6",
                                            "Sqrt",
                                            "Rsqrt",
                                            "Square",
                                            "ZerosLike",
                                            "OnesLike",
                                            "Softmax",
                                            "LogSoftmax",
                                            "Cast",
                                            "Shape",
                                            "Add",
                                            "AddV2",
                                            "Sub",
                                            "Mul",
                                            "RealDiv",
                                            "Maximum",
                                            "Minimum",
                                            "Pow",
                                            "SquaredDifference",
                                            "Equal",
                                            "NotEqual",
                                            "Less",
                                            "LessEqual",
                                            "Greater",
                                            "GreaterEqual",
                                            "LogicalAnd",
                                            "LogicalOr",
                                            "LogicalNot",
                                            "Select",
                                            "SelectV2",
                                            "MatMul",
                                            "BatchMatMulV2",
                                            "Conv2D",
                                            "DepthwiseConv2dNative",
                                            "BiasAdd",
                                            "FusedBatchNormV3",
                                            "Conv2DBackpropInput",
                                            "ResizeBilinear",
                                            "Tile",
                                            "Floor",
                                            "Ceil",
                                            "Round",
                                            "Reciprocal",
                                            "LeakyRelu",
                                            "Elu",
                                            "Softplus",
                                            "OneHot",
                                            "ResizeNearestNeighbor",
                                            "MaxPool",
                                            "AvgPool",
                                            "Sum",
                                            "Mean",
                                            "Max",
                                            "Min",
                                            "Prod",
                                            "ArgMax",
                                            "ArgMin",
                                            "GatherV2",
                                            "Reshape",
                                            "Transpose",
                                            "ConcatV2",
                                            "Split",
                                            "SplitV",
                                            "Slice",
                                            "StridedSlice",
                                            "Pad",
                                            "Fill",
                                            "RandomUniform",
                                            "RandomStandardNormal",
                                            "TruncatedNormal",
                                            "Assign",
                                            "AssignAdd",
                                            "AssignSub"};

} // namespace

absl::StatusOr<StridedSliceSpec> resolveStridedSlice(
    const std::vector<int64_t> &dims, const std::vector<int64_t> &begin,
    const std::vector<int64_t> &end, const std::vector<int64_t> &strides,
    int64_t beginMask, int64_t endMask, int64_t ellipsisMask,
    int64_t newAxisMask, int64_t shrinkAxisMask) {
  if (begin.size() != end.size() || begin.size() != strides.size())
    return valueError(absl::StrFormat(
        "Expected begin, end, and strides to be 1D equal size tensors, but "
        "got shapes [%d], [%d], and [%d] instead.",
        begin.size(), end.size(), strides.size()));
  if (ellipsisMask & (ellipsisMask - 1))
    return valueError("Multiple ellipses in slice spec not allowed");
  // The sparse spec, with an ellipsis at its end when it has none (the
  // dimensions it does not name are taken whole).
  int64_t sparseDims = begin.size();
  if (!ellipsisMask)
    ellipsisMask = int64_t(1) << sparseDims++;
  auto bit = [](int64_t mask, int64_t i) { return (mask >> i) & 1; };
  int64_t newAxesAfterEllipsis = 0;
  for (int64_t i = sparseDims - 1; i >= 0 && !bit(ellipsisMask, i); --i)
    newAxesAfterEllipsis += bit(newAxisMask, i);
  // The dense spec: one entry per input dimension.
  int64_t rank = dims.size();
  static constexpr int64_t kNewAxis = -1, kShrinkAxis = -2;
  std::vector<int64_t> dBegin(rank, 0), dEnd(rank, 0), dStrides(rank, 1);
  std::vector<bool> dBeginMasked(rank, false), dEndMasked(rank, false),
      dShrink(rank, false);
  std::vector<int64_t> gather;
  int64_t full = 0;
  for (int64_t i = 0; i < sparseDims; ++i) {
    if (bit(ellipsisMask, i)) {
      int64_t next =
          std::min(rank - (sparseDims - i) + 1 + newAxesAfterEllipsis, rank);
      for (; full < next; ++full) {
        dBeginMasked[full] = dEndMasked[full] = true;
        gather.push_back(full);
      }
    } else if (bit(newAxisMask, i)) {
      gather.push_back(kNewAxis);
    } else {
      if (full == rank)
        return valueError(absl::StrFormat(
            "Index out of range using input dim %d; input has only %d dims",
            full, rank));
      dBegin[full] = begin[i];
      dEnd[full] = end[i];
      dStrides[full] = strides[i];
      dBeginMasked[full] = bit(beginMask, i);
      dEndMasked[full] = bit(endMask, i);
      if (bit(shrinkAxisMask, i)) {
        dShrink[full] = true;
        gather.push_back(kShrinkAxis);
      } else {
        gather.push_back(full);
      }
      ++full;
    }
  }
  StridedSliceSpec spec;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t stride = dStrides[d], dim = dims[d];
    if (stride == 0)
      return valueError(absl::StrFormat("strides[%d] must be non-zero", d));
    if (dShrink[d] && stride <= 0)
      return valueError("only stride 1 allowed on non-range indexing.");
    if (dim < 0) {
      // Unknown dimension: the first element and count are known only for
      // an integer index (resolved when the import fixes the dimension).
      spec.begin.push_back(0);
      spec.size.push_back(dShrink[d] ? 1 : Shape::kUnknownDim);
      spec.strides.push_back(stride);
      continue;
    }
    int64_t first, last;
    if (dShrink[d]) {
      first = dBegin[d] < 0 ? dim + dBegin[d] : dBegin[d];
      if (first < 0 || first >= dim)
        return valueError(absl::StrFormat(
            "slice index %d of dimension %d out of bounds.", dBegin[d], d));
      last = first + 1;
    } else {
      // TF's canonical(): masked ends take the whole range in the stride's
      // direction; others count from the end when negative and are clamped
      // to [0, dim] (stride > 0) or [-1, dim - 1] (stride < 0).
      int64_t lo = stride > 0 ? 0 : -1, hi = stride > 0 ? dim : dim - 1;
      auto canonical = [&](int64_t x, bool masked, bool isEnd) {
        if (masked)
          return (stride > 0) != isEnd ? lo : hi;
        int64_t fwd = x < 0 ? dim + x : x;
        return std::clamp(fwd, lo, hi);
      };
      first = canonical(dBegin[d], dBeginMasked[d], false);
      last = canonical(dEnd[d], dEndMasked[d], true);
    }
    int64_t interval = last - first, count;
    if (interval == 0 || ((interval < 0) != (stride < 0)))
      count = 0;
    else
      count = interval / stride + (interval % stride != 0);
    spec.begin.push_back(count ? first : 0);
    spec.size.push_back(count);
    spec.strides.push_back(stride);
  }
  for (int64_t g : gather) {
    if (g == kNewAxis)
      spec.finalShape.push_back(1);
    else if (g >= 0)
      spec.finalShape.push_back(spec.size[g]);
  }
  return spec;
}

bool isSupportedOpType(absl::string_view type) {
  return std::find(std::begin(kSupported), std::end(kSupported), type) !=
         std::end(kSupported);
}

absl::StatusOr<Operation *> buildOp(Graph &graph, absl::string_view type,
                                    absl::string_view name,
                                    std::vector<Tensor> inputs,
                                    AttrMap attrs) {
  for (const Tensor &t : inputs)
    if (!t)
      return valueError(absl::StrCat("null input to ", type));
  // The op's final name is only known once created; shape errors name it as
  // TF does (the name the op would get).
  std::string displayName;
  if (name.empty())
    displayName = graph.uniqueName(type, /*markAsUsed=*/false);
  else if (name.back() == '/')
    displayName = std::string(name.substr(0, name.size() - 1));
  else
    displayName = graph.uniqueName(name, /*markAsUsed=*/false);
  Inference ctx(displayName, type, inputs, attrs);
  TFS_ASSIGN_OR_RETURN(std::vector<OutputInfo> outputs, inferOutputs(ctx));
  // Non-ref inputs: reading a ref tensor yields its value.
  return graph.createOp(type, name, std::move(inputs), std::move(outputs),
                        std::move(attrs));
}

std::optional<DenseElements> constantValue(Tensor t) {
  if (!t || t.op()->type() != "Const")
    return std::nullopt;
  if (const auto *v = t.op()->getAttr<DenseElements>("value"))
    return *v;
  return std::nullopt;
}

absl::StatusOr<DenseElements>
makeConstantValue(const DenseElements &value, std::optional<DType> dtype,
                  std::optional<std::vector<int64_t>> shape) {
  DenseElements v = value;
  if (dtype && *dtype != v.dtype()) {
    TFS_ASSIGN_OR_RETURN(v, v.castTo(*dtype));
  }
  if (!shape)
    return v;
  int64_t need = 1;
  for (int64_t d : *shape)
    need *= d;
  int64_t have = v.numElements();
  if (have == need)
    return v.reshaped(*shape);
  if (have == 1)
    return DenseElements::fromRaw(v.dtype(), *shape, v.raw().substr(
                                                         0, dtypeSize(v.dtype())));
  if (have > need)
    return typeError(absl::StrFormat(
        "Too many elements provided. Needed at most %d, but received %d",
        need, have));
  // Fewer values: pad with the last one (TF 1.x make_tensor_proto).
  std::string raw = v.raw();
  size_t size = dtypeSize(v.dtype());
  std::string last = raw.substr(raw.size() - size);
  while (static_cast<int64_t>(raw.size() / size) < need)
    raw += last;
  return DenseElements::fromRaw(v.dtype(), *shape, std::move(raw));
}

absl::StatusOr<Tensor> placeholder(Graph &graph, DType type, Shape shape,
                                   absl::string_view name) {
  TFS_ASSIGN_OR_RETURN(
      Operation * op,
      buildOp(graph, "Placeholder", name, {},
              {{"dtype", type}, {"shape", std::move(shape)}}));
  return op->output(0);
}

absl::StatusOr<Tensor> constant(Graph &graph, DenseElements value,
                                absl::string_view name) {
  TFS_ASSIGN_OR_RETURN(
      Operation * op,
      buildOp(graph, "Const", name, {}, {{"value", std::move(value)}}));
  return op->output(0);
}

absl::StatusOr<Tensor> constantInts(Graph &graph,
                                    const std::vector<int64_t> &values,
                                    absl::string_view name, DType type) {
  TFS_ASSIGN_OR_RETURN(
      DenseElements v,
      DenseElements::fromInts(type, {static_cast<int64_t>(values.size())},
                              values));
  return constant(graph, std::move(v), name);
}

absl::StatusOr<Tensor> constantScalar(Graph &graph, double value, DType type,
                                      absl::string_view name) {
  TFS_ASSIGN_OR_RETURN(DenseElements v,
                       DenseElements::fromDoubles(type, {}, {value}));
  return constant(graph, std::move(v), name);
}

namespace {
/// Runs `body` inside name scope `name` (or `defaultName` if empty), as
/// ops.name_scope(name, default_name) does, passing the opened scope.
template <typename Fn>
auto withNameScope(Graph &graph, absl::string_view name,
                   absl::string_view defaultName, Fn body)
    -> decltype(body(std::string())) {
  TFS_ASSIGN_OR_RETURN(std::string scope,
                       graph.enterNameScope(name.empty() ? defaultName : name));
  auto result = body(scope);
  graph.exitNameScope();
  return result;
}

absl::StatusOr<Tensor> filled(Graph &graph, const Shape &shape, DType type,
                              double value, absl::string_view name,
                              absl::string_view defaultName) {
  if (!shape.isFullyDefined())
    return valueError("tf.zeros/ones need a fully defined shape");
  return withNameScope(
      graph, name, defaultName,
      [&](const std::string &scope) -> absl::StatusOr<Tensor> {
        int64_t n = *shape.numElements();
        if (n < 1000) {
          TFS_ASSIGN_OR_RETURN(
              DenseElements v,
              DenseElements::fromDoubles(type, shape.dims(), {value}));
          return constant(graph, std::move(v), scope);
        }
        TFS_ASSIGN_OR_RETURN(
            Tensor dims, constantInts(graph, shape.dims(), "shape_as_tensor"));
        TFS_ASSIGN_OR_RETURN(Tensor v, constantScalar(graph, value, type));
        return fill(graph, dims, v, scope);
      });
}

enum class RandomKind { Uniform, Normal, Truncated };

absl::StatusOr<Tensor> randomOp(Graph &graph, RandomKind kind,
                                const Shape &shape, double a, double b,
                                DType type, std::optional<int64_t> seed,
                                absl::string_view name, OpSeeds *seedsOut) {
  if (!shape.isFullyDefined())
    return valueError("random ops need a fully defined shape");
  if (!isFloating(type))
    return notImplementedError(absl::StrCat(
        "tfsc does not support random ops of dtype ", dtypeName(type),
        " yet."));
  absl::string_view defaultName = kind == RandomKind::Uniform ? "random_uniform"
                                 : kind == RandomKind::Normal
                                     ? "random_normal"
                                     : "truncated_normal";
  return withNameScope(
      graph, name, defaultName,
      [&](const std::string &scope) -> absl::StatusOr<Tensor> {
        TFS_ASSIGN_OR_RETURN(Tensor shapeT,
                             constantInts(graph, shape.dims(), "shape"));
        bool uniform = kind == RandomKind::Uniform;
        TFS_ASSIGN_OR_RETURN(
            Tensor aT, constantScalar(graph, a, type, uniform ? "min" : "mean"));
        TFS_ASSIGN_OR_RETURN(
            Tensor bT,
            constantScalar(graph, b, type, uniform ? "max" : "stddev"));
        OpSeeds seeds = graph.getSeed(seed);
        if (seedsOut)
          *seedsOut = seeds;
        absl::string_view opType = uniform ? "RandomUniform"
                                  : kind == RandomKind::Normal
                                      ? "RandomStandardNormal"
                                      : "TruncatedNormal";
        TFS_ASSIGN_OR_RETURN(
            Operation * rnd,
            buildOp(graph, opType, "", {shapeT},
                    {{"dtype", type},
                     {"seed", seeds.seed},
                     {"seed2", seeds.seed2}}));
        if (uniform) {
          TFS_ASSIGN_OR_RETURN(Tensor range,
                               binaryOp(graph, "Sub", bT, aT, "sub"));
          TFS_ASSIGN_OR_RETURN(
              Tensor scaled, binaryOp(graph, "Mul", rnd->output(0), range, "mul"));
          return binaryOp(graph, "Add", scaled, aT, scope);
        }
        TFS_ASSIGN_OR_RETURN(
            Tensor scaled, binaryOp(graph, "Mul", rnd->output(0), bT, "mul"));
        return binaryOp(graph, "Add", scaled, aT, scope);
      });
}
} // namespace

absl::StatusOr<Tensor> zeros(Graph &graph, const Shape &shape, DType type,
                             absl::string_view name) {
  return filled(graph, shape, type, 0.0, name, "zeros");
}

absl::StatusOr<Tensor> ones(Graph &graph, const Shape &shape, DType type,
                            absl::string_view name) {
  return filled(graph, shape, type, 1.0, name, "ones");
}

absl::StatusOr<Tensor> fill(Graph &graph, Tensor dims, Tensor value,
                            absl::string_view name) {
  TFS_ASSIGN_OR_RETURN(Operation * op,
                       buildOp(graph, "Fill", name, {dims, value}));
  return op->output(0);
}

absl::StatusOr<Tensor> zerosLike(Graph &graph, Tensor x,
                                 std::optional<DType> type,
                                 absl::string_view name) {
  return withNameScope(
      graph, name, "zeros_like",
      [&](const std::string &scope) -> absl::StatusOr<Tensor> {
        DType t = type.value_or(x.dtype());
        if (x.shape().isFullyDefined())
          return zeros(graph, x.shape(), t, scope);
        TFS_ASSIGN_OR_RETURN(Tensor src, type && *type != x.dtype()
                                             ? cast(graph, x, *type)
                                             : absl::StatusOr<Tensor>(x));
        TFS_ASSIGN_OR_RETURN(Operation * op,
                             buildOp(graph, "ZerosLike", scope, {src}));
        return op->output(0);
      });
}

absl::StatusOr<Tensor> onesLike(Graph &graph, Tensor x,
                                std::optional<DType> type,
                                absl::string_view name) {
  return withNameScope(
      graph, name, "ones_like",
      [&](const std::string &scope) -> absl::StatusOr<Tensor> {
        DType t = type.value_or(x.dtype());
        Tensor shapeT;
        if (x.shape().isFullyDefined()) {
          TFS_ASSIGN_OR_RETURN(shapeT,
                               constantInts(graph, x.shape().dims(), "Shape"));
        } else {
          TFS_ASSIGN_OR_RETURN(Operation * s,
                               buildOp(graph, "Shape", "Shape", {x}));
          shapeT = s->output(0);
        }
        TFS_ASSIGN_OR_RETURN(Tensor one, constantScalar(graph, 1.0, t));
        TFS_ASSIGN_OR_RETURN(Operation * op,
                             buildOp(graph, "Fill", scope, {shapeT, one}));
        // ret.set_shape(tensor.get_shape())
        const_cast<OutputInfo &>(op->outputInfo(0)).shape = x.shape();
        return op->output(0);
      });
}

absl::StatusOr<Tensor> randomUniform(Graph &graph, const Shape &shape,
                                     double minval, double maxval, DType type,
                                     std::optional<int64_t> seed,
                                     absl::string_view name, OpSeeds *seeds) {
  return randomOp(graph, RandomKind::Uniform, shape, minval, maxval, type,
                  seed, name, seeds);
}
absl::StatusOr<Tensor> randomNormal(Graph &graph, const Shape &shape,
                                    double mean, double stddev, DType type,
                                    std::optional<int64_t> seed,
                                    absl::string_view name, OpSeeds *seeds) {
  return randomOp(graph, RandomKind::Normal, shape, mean, stddev, type, seed,
                  name, seeds);
}
absl::StatusOr<Tensor> truncatedNormal(Graph &graph, const Shape &shape,
                                       double mean, double stddev, DType type,
                                       std::optional<int64_t> seed,
                                       absl::string_view name, OpSeeds *seeds) {
  return randomOp(graph, RandomKind::Truncated, shape, mean, stddev, type,
                  seed, name, seeds);
}

#define TFS_SINGLE_OUTPUT(call)                                                \
  TFS_ASSIGN_OR_RETURN(Operation * op, call);                                  \
  return op->output(0)

absl::StatusOr<Tensor> unaryOp(Graph &graph, absl::string_view type, Tensor x,
                               absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, type, name, {x}));
}
absl::StatusOr<Tensor> binaryOp(Graph &graph, absl::string_view type,
                                Tensor x, Tensor y, absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, type, name, {x, y}));
}
absl::StatusOr<Tensor> cast(Graph &graph, Tensor x, DType type,
                            absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "Cast", name, {x}, {{"DstT", type}}));
}
absl::StatusOr<Tensor> matMul(Graph &graph, Tensor a, Tensor b,
                              bool transposeA, bool transposeB,
                              absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(
      graph, "MatMul", name, {a, b},
      {{"transpose_a", transposeA}, {"transpose_b", transposeB}}));
}
absl::StatusOr<Tensor> batchMatMul(Graph &graph, Tensor x, Tensor y,
                                   bool adjX, bool adjY,
                                   absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "BatchMatMulV2", name, {x, y},
                            {{"adj_x", adjX}, {"adj_y", adjY}}));
}
absl::StatusOr<Tensor> conv2d(Graph &graph, Tensor input, Tensor filter,
                              std::vector<int64_t> strides,
                              absl::string_view padding,
                              std::vector<int64_t> dilations,
                              absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "Conv2D", name, {input, filter},
                            {{"strides", std::move(strides)},
                             {"padding", std::string(padding)},
                             {"dilations", std::move(dilations)},
                             {"use_cudnn_on_gpu", true}}));
}
absl::StatusOr<Tensor> depthwiseConv2d(Graph &graph, Tensor input,
                                       Tensor filter,
                                       std::vector<int64_t> strides,
                                       absl::string_view padding,
                                       std::vector<int64_t> dilations,
                                       absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "DepthwiseConv2dNative", name,
                            {input, filter},
                            {{"strides", std::move(strides)},
                             {"padding", std::string(padding)},
                             {"dilations", std::move(dilations)}}));
}
absl::StatusOr<Tensor> biasAdd(Graph &graph, Tensor value, Tensor bias,
                               absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "BiasAdd", name, {value, bias}));
}
absl::StatusOr<Tensor> pool(Graph &graph, absl::string_view type, Tensor value,
                            std::vector<int64_t> ksize,
                            std::vector<int64_t> strides,
                            absl::string_view padding, absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, type, name, {value},
                            {{"ksize", std::move(ksize)},
                             {"strides", std::move(strides)},
                             {"padding", std::string(padding)}}));
}
absl::StatusOr<Tensor> reduce(Graph &graph, absl::string_view type, Tensor x,
                              std::optional<std::vector<int64_t>> axes,
                              bool keepDims, absl::string_view name) {
  Tensor axesT;
  if (!axes) {
    // _ReductionDims: a Const in the caller's scope when the rank is known.
    if (!x.shape().hasRank())
      return notImplementedError(
          "tfsc does not support reducing a tensor of unknown rank yet.");
    std::vector<int64_t> all(x.shape().rank());
    for (size_t i = 0; i < all.size(); ++i)
      all[i] = i;
    TFS_ASSIGN_OR_RETURN(axesT, constantInts(graph, all));
    TFS_SINGLE_OUTPUT(
        buildOp(graph, type, name, {x, axesT}, {{"keep_dims", keepDims}}));
  }
  return withNameScope(
      graph, name, type,
      [&](const std::string &scope) -> absl::StatusOr<Tensor> {
        TFS_ASSIGN_OR_RETURN(Tensor a,
                             constantInts(graph, *axes, "reduction_indices"));
        TFS_SINGLE_OUTPUT(
            buildOp(graph, type, scope, {x, a}, {{"keep_dims", keepDims}}));
      });
}
absl::StatusOr<Tensor> reshape(Graph &graph, Tensor x, Tensor shape,
                               absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "Reshape", name, {x, shape}));
}
absl::StatusOr<Tensor> transpose(Graph &graph, Tensor x, Tensor perm,
                                 absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "Transpose", name, {x, perm}));
}
absl::StatusOr<Tensor> concat(Graph &graph, std::vector<Tensor> values,
                              Tensor axis, absl::string_view name) {
  values.push_back(axis);
  // tf.concat's Python default name is "concat".
  TFS_SINGLE_OUTPUT(buildOp(graph, "ConcatV2", name.empty() ? "concat" : name,
                            std::move(values)));
}
absl::StatusOr<std::vector<Tensor>> split(Graph &graph, Tensor axis,
                                          Tensor value, int64_t numSplit,
                                          absl::string_view name) {
  TFS_ASSIGN_OR_RETURN(Operation * op,
                       buildOp(graph, "Split", name.empty() ? "split" : name,
                               {axis, value},
                               {{"num_split", numSplit}}));
  std::vector<Tensor> outs;
  for (int i = 0; i < op->numOutputs(); ++i)
    outs.push_back(op->output(i));
  return outs;
}
absl::StatusOr<std::vector<Tensor>> splitV(Graph &graph, Tensor value,
                                           Tensor sizeSplits, Tensor axis,
                                           int64_t numSplit,
                                           absl::string_view name) {
  TFS_ASSIGN_OR_RETURN(Operation * op,
                       buildOp(graph, "SplitV", name.empty() ? "split" : name,
                               {value, sizeSplits, axis},
                               {{"num_split", numSplit}}));
  std::vector<Tensor> outs;
  for (int i = 0; i < op->numOutputs(); ++i)
    outs.push_back(op->output(i));
  return outs;
}
absl::StatusOr<Tensor> slice(Graph &graph, Tensor x, Tensor begin,
                             Tensor size, absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "Slice", name, {x, begin, size}));
}
absl::StatusOr<Tensor> pad(Graph &graph, Tensor x, Tensor paddings,
                           absl::string_view name) {
  TFS_SINGLE_OUTPUT(buildOp(graph, "Pad", name, {x, paddings}));
}
absl::StatusOr<Tensor> assign(Graph &graph, absl::string_view type, Tensor ref,
                              Tensor value, bool validateShape,
                              absl::string_view name) {
  AttrMap attrs;
  if (type == "Assign")
    attrs["validate_shape"] = validateShape;
  TFS_SINGLE_OUTPUT(buildOp(graph, type, name, {ref, value}, std::move(attrs)));
}

} // namespace tfs::frontend
