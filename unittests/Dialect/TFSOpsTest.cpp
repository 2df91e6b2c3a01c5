//===- TFSOpsTest.cpp - tfs ops through the C++ builder API ---------------===//
//
// Builds tfs ops the way the frontend importer does (result types inferred
// from operands and attributes) and checks the inferred shapes, verification
// and folding.
//
//===----------------------------------------------------------------------===//

#include "dialects/TFS/IR/TFSOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::tfs;

namespace {

class TFSOpsTest : public ::testing::Test {
protected:
  TFSOpsTest() : builder(&context) {
    context.loadDialect<TFSDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToStart(module->getBody());
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// A value of `type` (a function argument), to feed ops under test.
  Value arg(Type type) {
    auto func = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                     builder.getFunctionType({type}, {}));
    Block *entry = func.addEntryBlock();
    builder.setInsertionPointToStart(entry);
    auto ret = func::ReturnOp::create(builder, builder.getUnknownLoc());
    builder.setInsertionPoint(ret);
    return entry->getArgument(0);
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(TFSOpsTest, ConvInfersSameAndValidShapes) {
  Value x = arg(f32({1, 64, 64, 32}));
  Location loc = builder.getUnknownLoc();
  auto w = ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(f32({5, 5, 32, 16}), builder.getF32FloatAttr(1)));
  auto same = Conv2DOp::create(builder, loc, x, w, ArrayRef<int64_t>{1, 2, 2, 1},
                               ArrayRef<int64_t>{1, 1, 1, 1}, "SAME");
  EXPECT_EQ(same.getType(), f32({1, 32, 32, 16}));
  auto valid =
      Conv2DOp::create(builder, loc, x, w, ArrayRef<int64_t>{1, 1, 1, 1},
                       ArrayRef<int64_t>{1, 2, 2, 1}, "VALID");
  // Effective window (5 - 1) * 2 + 1 = 9: 64 - 9 + 1 = 56.
  EXPECT_EQ(valid.getType(), f32({1, 56, 56, 16}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(TFSOpsTest, BroadcastInference) {
  Value x = arg(f32({8, 1, 3}));
  Location loc = builder.getUnknownLoc();
  auto y = ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(f32({4, 1}), builder.getF32FloatAttr(2)));
  auto sum = AddOp::create(builder, loc, x, y);
  EXPECT_EQ(sum.getType(), f32({8, 4, 3}));
}

TEST_F(TFSOpsTest, IncompatibleBroadcastFailsInference) {
  SmallVector<Type> results;
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  Value x = arg(f32({2, 3}));
  Location loc = builder.getUnknownLoc();
  auto y = ConstantOp::create(
      builder, loc, DenseElementsAttr::get(f32({4}), builder.getF32FloatAttr(2)));
  AddOp::Adaptor adaptor(ValueRange{x, y});
  EXPECT_TRUE(
      failed(AddOp::inferReturnTypes(&context, loc, adaptor, results)));
  EXPECT_EQ(message, "'tfs.add' op operands are not broadcast-compatible: "
                     "[2, 3] vs. [4] (dimension 1: 3 and 4)");
}

TEST_F(TFSOpsTest, ReduceAndTransposeInference) {
  Value x = arg(f32({2, 3, 4}));
  Location loc = builder.getUnknownLoc();
  auto kept = ReduceSumOp::create(builder, loc, x, ArrayRef<int64_t>{-1, 0},
                                  /*keep_dims=*/true);
  EXPECT_EQ(kept.getType(), f32({1, 3, 1}));
  auto dropped = ReduceMeanOp::create(builder, loc, x, ArrayRef<int64_t>{1},
                                      /*keep_dims=*/false);
  EXPECT_EQ(dropped.getType(), f32({2, 4}));
  auto t = TransposeOp::create(builder, loc, x, ArrayRef<int64_t>{2, 0, 1});
  EXPECT_EQ(t.getType(), f32({4, 2, 3}));
}

TEST_F(TFSOpsTest, ConstantFoldingThroughCreateOrFold) {
  Location loc = builder.getUnknownLoc();
  arg(f32({1}));
  auto c = ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(f32({2}), ArrayRef<float>{1.0f, 4.0f}));
  Value root = builder.createOrFold<SqrtOp>(loc, c.getType(), c);
  auto folded = root.getDefiningOp<ConstantOp>();
  ASSERT_TRUE(folded);
  auto values = cast<DenseElementsAttr>(folded.getValue());
  EXPECT_EQ(values.getValues<float>()[0], 1.0f);
  EXPECT_EQ(values.getValues<float>()[1], 2.0f);
}

TEST_F(TFSOpsTest, VariableReadMustMatchType) {
  Location loc = builder.getUnknownLoc();
  VariableOp::create(builder, loc, builder.getStringAttr("scope/x"),
                     TypeAttr::get(f32({})), ZerosInitializerAttr::get(&context),
                     builder.getBoolAttr(true));
  arg(f32({1}));
  ReadVariableOp::create(builder, loc, f32({2}), "scope/x");
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  EXPECT_TRUE(failed(verify(*module)));
  EXPECT_NE(message.find("does not match the type 'tensor<f32>' of variable "
                         "@\"scope/x\""),
            std::string::npos)
      << message;
}

} // namespace
