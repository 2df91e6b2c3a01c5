//===- OpsTest.cpp - op builders and shape inference ----------------------===//
//
// Tests build-time shape inference (broadcasting, matmul, conv, pooling,
// reductions, reshape, concat, split...) including unknown dimensions and
// TF's error text for incompatible shapes.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "tfs/Frontend/Errors.h"
#include "tfs/Frontend/Ops.h"

using namespace tfs::frontend;
using tfs::frontend::testing::errorOf;
using tfs::frontend::testing::valueOrDie;

namespace {

Tensor ints(Graph &g, std::vector<int64_t> shape,
            std::vector<int64_t> values) {
  return valueOrDie(constant(
      g, valueOrDie(DenseElements::fromInts(DType::Int32, shape, values))));
}

Tensor ph(Graph &g, std::vector<int64_t> dims, DType t = DType::Float32) {
  return valueOrDie(placeholder(g, t, Shape(std::move(dims))));
}

TEST(Ops, BroadcastKeepsUnknownDims) {
  Graph g;
  Tensor a = ph(g, {-1, 1, 3}), b = ph(g, {4, 1});
  Tensor c = valueOrDie(binaryOp(g, "AddV2", a, b, "add"));
  EXPECT_EQ(c.shape().toString(), "(?, 4, 3)");
  EXPECT_EQ(c.op()->name(), "add");
}

TEST(Ops, BroadcastErrorText) {
  Graph g;
  Tensor a = ph(g, {2, 3}), b = ph(g, {2, 4});
  EXPECT_EQ(errorOf(binaryOp(g, "AddV2", a, b, "add")),
            "Dimensions must be equal, but are 3 and 4 for 'add' (op: "
            "'AddV2') with input shapes: [2,3], [2,4].");
}

TEST(Ops, DtypeMismatchIsTypeError) {
  Graph g;
  Tensor a = ph(g, {2}), b = ph(g, {2}, DType::Int32);
  auto r = binaryOp(g, "Mul", a, b);
  EXPECT_EQ(errorOf(r), "Input 'y' of 'Mul' Op has type int32 that does not "
                        "match type float32 of argument 'x'.");
  EXPECT_EQ(pyErrorKind(r.status()), PyErrorKind::TypeError);
}

TEST(Ops, MatMul) {
  Graph g;
  Tensor a = ph(g, {-1, 32}), b = ph(g, {32, 10});
  EXPECT_EQ(valueOrDie(matMul(g, a, b)).shape().toString(), "(?, 10)");
  EXPECT_EQ(valueOrDie(matMul(g, b, b, true, false)).shape().toString(),
            "(10, 10)");
  EXPECT_EQ(errorOf(matMul(g, b, b)),
            "Dimensions must be equal, but are 10 and 32 for 'MatMul_2' (op: "
            "'MatMul') with input shapes: [32,10], [32,10].");
  Tensor r3 = ph(g, {2, 3, 4});
  EXPECT_EQ(errorOf(matMul(g, r3, b)),
            "Shape must be rank 2 but is rank 3 for 'MatMul_2' (op: "
            "'MatMul') with input shapes: [2,3,4], [32,10].");
}

TEST(Ops, BatchMatMulBroadcastsBatch) {
  Graph g;
  Tensor a = ph(g, {5, 1, 2, 3}), b = ph(g, {4, 3, 7});
  EXPECT_EQ(valueOrDie(batchMatMul(g, a, b)).shape().toString(),
            "(5, 4, 2, 7)");
}

TEST(Ops, Conv2DAndPooling) {
  Graph g;
  Tensor x = ph(g, {1, 64, 64, 32}), w = ph(g, {5, 5, 32, 16});
  EXPECT_EQ(
      valueOrDie(conv2d(g, x, w, {1, 1, 1, 1}, "SAME")).shape().toString(),
      "(1, 64, 64, 16)");
  EXPECT_EQ(
      valueOrDie(conv2d(g, x, w, {1, 2, 2, 1}, "VALID")).shape().toString(),
      "(1, 30, 30, 16)");
  EXPECT_EQ(valueOrDie(conv2d(g, x, w, {1, 1, 1, 1}, "VALID", {1, 2, 2, 1}))
                .shape()
                .toString(),
            "(1, 56, 56, 16)");
  Tensor dw = ph(g, {3, 3, 32, 2});
  EXPECT_EQ(valueOrDie(depthwiseConv2d(g, x, dw, {1, 1, 1, 1}, "SAME"))
                .shape()
                .toString(),
            "(1, 64, 64, 64)");
  EXPECT_EQ(valueOrDie(pool(g, "MaxPool", x, {1, 2, 2, 1}, {1, 2, 2, 1},
                            "VALID"))
                .shape()
                .toString(),
            "(1, 32, 32, 32)");
  EXPECT_EQ(valueOrDie(pool(g, "AvgPool", x, {1, 3, 3, 1}, {1, 2, 2, 1},
                            "SAME"))
                .shape()
                .toString(),
            "(1, 32, 32, 32)");
  Tensor bad = ph(g, {5, 5, 3, 16});
  EXPECT_EQ(errorOf(conv2d(g, x, bad, {1, 1, 1, 1}, "SAME")),
            "Dimensions must be equal, but are 32 and 3 for 'Conv2D_3' (op: "
            "'Conv2D') with input shapes: [1,64,64,32], [5,5,3,16].");
  EXPECT_FALSE(conv2d(g, x, w, {1, 1, 1, 1}, "FULL").ok());
}

TEST(Ops, BiasAdd) {
  Graph g;
  Tensor x = ph(g, {-1, 8, 8, 32}), b = ph(g, {32});
  EXPECT_EQ(valueOrDie(biasAdd(g, x, b)).shape().toString(), "(?, 8, 8, 32)");
  Tensor b2 = ph(g, {16});
  EXPECT_FALSE(biasAdd(g, x, b2).ok());
}

TEST(Ops, Reductions) {
  Graph g;
  Tensor x = ph(g, {2, -1, 4});
  Tensor s = valueOrDie(reduce(g, "Sum", x, std::vector<int64_t>{1}, false));
  EXPECT_EQ(s.shape().toString(), "(2, 4)");
  EXPECT_EQ(s.op()->name(), "Sum");
  EXPECT_EQ(s.op()->inputs()[1].op()->name(), "Sum/reduction_indices");
  Tensor m = valueOrDie(reduce(g, "Mean", x, std::vector<int64_t>{-1}, true));
  EXPECT_EQ(m.shape().toString(), "(2, ?, 1)");
  Tensor all = valueOrDie(reduce(g, "Max", x, std::nullopt, false));
  EXPECT_EQ(all.shape().toString(), "()");
  EXPECT_EQ(all.op()->inputs()[1].op()->name(), "Const");
  EXPECT_FALSE(reduce(g, "Min", x, std::vector<int64_t>{3}, false).ok());
}

TEST(Ops, ReshapeInfersMinusOne) {
  Graph g;
  Tensor x = ph(g, {2, 3, 4});
  Tensor s = valueOrDie(constantInts(g, {-1, 4}));
  EXPECT_EQ(valueOrDie(reshape(g, x, s)).shape().toString(), "(6, 4)");
  Tensor bad = valueOrDie(constantInts(g, {5, 5}));
  EXPECT_EQ(errorOf(reshape(g, x, bad)),
            "Cannot reshape a tensor with 24 elements to shape [5,5] (25 "
            "elements) for 'Reshape_1' (op: 'Reshape') with input shapes: "
            "[2,3,4], [2] and with computed input tensors: input[1] = <5 5>.");
  Tensor u = ph(g, {-1, 4});
  EXPECT_EQ(valueOrDie(reshape(g, u, s)).shape().toString(), "(?, 4)");
}

TEST(Ops, TransposeConcatSplitSlicePad) {
  Graph g;
  Tensor x = ph(g, {2, 3, 4});
  EXPECT_EQ(valueOrDie(transpose(g, x, valueOrDie(constantInts(g, {2, 0, 1}))))
                .shape()
                .toString(),
            "(4, 2, 3)");
  Tensor y = ph(g, {2, 5, 4});
  Tensor axis0 = ints(g, {}, {1});
  EXPECT_EQ(valueOrDie(concat(g, {x, y}, axis0)).shape().toString(),
            "(2, 8, 4)");
  Tensor z = ph(g, {3, 5, 4});
  EXPECT_EQ(errorOf(concat(g, {x, z}, axis0)),
            "Dimension 0 in both shapes must be equal, but are 2 and 3. "
            "Shapes are [2,?,4] and [3,?,4]. for 'concat_1' (op: 'ConcatV2') "
            "with input shapes: [2,3,4], [3,5,4], [] and with computed input "
            "tensors: input[2] = <1>.");
  Tensor two = ints(g, {}, {2});
  auto parts = valueOrDie(split(g, two, x, 2));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].name(), "split:1");
  EXPECT_EQ(parts[1].shape().toString(), "(2, 3, 2)");
  EXPECT_FALSE(split(g, two, x, 3).ok());
  auto v = valueOrDie(splitV(g, x, valueOrDie(constantInts(g, {1, -1})),
                             two, 2));
  EXPECT_EQ(v[1].shape().toString(), "(2, 3, 3)");
  EXPECT_EQ(valueOrDie(slice(g, x, valueOrDie(constantInts(g, {0, 1, 0})),
                             valueOrDie(constantInts(g, {-1, 2, 3}))))
                .shape()
                .toString(),
            "(2, 2, 3)");
  Tensor paddings = ints(g, {3, 2}, {0, 0, 1, 1, 2, 0});
  EXPECT_EQ(valueOrDie(pad(g, x, paddings)).shape().toString(), "(2, 5, 6)");
}

TEST(Ops, CompositeNamesMatchTF) {
  Graph g;
  Tensor z = valueOrDie(zeros(g, Shape({32}), DType::Float32));
  EXPECT_EQ(z.op()->name(), "zeros");
  EXPECT_EQ(z.op()->type(), "Const");
  Tensor r = valueOrDie(randomUniform(g, Shape::scalar(), 0, 1,
                                      DType::Float32, std::nullopt));
  EXPECT_EQ(r.op()->name(), "random_uniform");
  EXPECT_NE(g.findOperation("random_uniform/RandomUniform"), nullptr);
  EXPECT_NE(g.findOperation("random_uniform/sub"), nullptr);
  EXPECT_NE(g.findOperation("random_uniform/mul"), nullptr);
  Tensor r2 = valueOrDie(randomUniform(g, Shape::scalar(), 0, 1,
                                       DType::Float32, std::nullopt));
  EXPECT_EQ(r2.op()->name(), "random_uniform_1");
  Tensor ol = valueOrDie(onesLike(g, z));
  EXPECT_EQ(ol.op()->name(), "ones_like");
  EXPECT_EQ(ol.shape().toString(), "(32,)");
  Tensor zl = valueOrDie(zerosLike(g, z));
  EXPECT_EQ(zl.op()->name(), "zeros_like");
}

TEST(Ops, ConstantValueRules) {
  DenseElements three =
      valueOrDie(DenseElements::fromDoubles(DType::Float32, {2}, {1, 2}));
  DenseElements padded =
      valueOrDie(makeConstantValue(three, std::nullopt, std::vector<int64_t>{4}));
  EXPECT_EQ(padded.getDouble(3), 2.0);
  EXPECT_EQ(errorOf(makeConstantValue(three, std::nullopt,
                                      std::vector<int64_t>{1})),
            "Too many elements provided. Needed at most 1, but received 2");
  DenseElements scalar =
      valueOrDie(DenseElements::fromDoubles(DType::Float32, {}, {0.5}));
  DenseElements splat = valueOrDie(
      makeConstantValue(scalar, DType::Float64, std::vector<int64_t>{3, 3}));
  EXPECT_TRUE(splat.isSplat());
  EXPECT_EQ(splat.dtype(), DType::Float64);
  EXPECT_EQ(splat.getDouble(8), 0.5);
}

TEST(Ops, AssignNeedsRef) {
  Graph g;
  Tensor x = ph(g, {2});
  auto r = assign(g, "Assign", x, x);
  EXPECT_EQ(pyErrorKind(r.status()), PyErrorKind::TypeError);
}

} // namespace
