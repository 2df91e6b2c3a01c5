//===- Random.cpp - tfs.random to a runtime call --------------------------===//
//
// This file lowers tfs.random: a buffer filled by the runtime's
// tfs_rt_random_fill (TF's Philox stream and conversions) on every run,
// from a per-op generator state kept in a private global, and read as a
// tensor.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Conversion/Passes.h"
#include "tfs/Runtime/tfs_runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tfs;

namespace {

constexpr llvm::StringLiteral kRandomFill = "tfs_rt_random_fill";

/// The address of `buffer`'s first element as an i64.
Value addressOf(OpBuilder &b, Location loc, Value buffer) {
  Value index = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

struct RandomLowering : public OpRewritePattern<RandomOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RandomOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto module = op->getParentOfType<ModuleOp>();
    auto type = cast<RankedTensorType>(op.getType());
    Type i32 = rewriter.getI32Type(), i64 = rewriter.getI64Type();

    // void tfs_rt_random_fill(float *out, int64_t n, int32_t kind,
    //     int64_t seed, int64_t seed2, uint64_t *skipped);
    auto fillType =
        rewriter.getFunctionType({i64, i64, i32, i64, i64, i64}, {});
    auto fill = module.lookupSymbol<func::FuncOp>(kRandomFill);
    memref::GlobalOp state;
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      if (!fill) {
        fill = func::FuncOp::create(rewriter, loc, kRandomFill, fillType);
        fill.setPrivate();
      } else if (fill.getFunctionType() != fillType) {
        return op.emitError("@") << kRandomFill << " has the wrong type";
      }
      // The op's generator: how many 128-bit blocks its runs have used.
      auto stateType = MemRefType::get({1}, i64);
      std::string name = "tfs.random.state";
      for (int i = 0; module.lookupSymbol(name); ++i)
        name = llvm::formatv("tfs.random.state_{0}", i).str();
      state = memref::GlobalOp::create(
          rewriter, loc, name, rewriter.getStringAttr("private"), stateType,
          DenseElementsAttr::get(RankedTensorType::get({1}, i64),
                                 rewriter.getI64IntegerAttr(0).getValue()),
          /*constant=*/false, /*alignment=*/nullptr);
    }

    int32_t kind = op.getKind() == "uniform"  ? TFS_RANDOM_UNIFORM
                   : op.getKind() == "normal" ? TFS_RANDOM_NORMAL
                                              : TFS_RANDOM_TRUNCATED_NORMAL;
    auto bufferType = MemRefType::get(type.getShape(), type.getElementType());
    Value buffer = memref::AllocOp::create(rewriter, loc, bufferType,
                                           rewriter.getI64IntegerAttr(64));
    Value stateRef = memref::GetGlobalOp::create(rewriter, loc, state.getType(),
                                                 state.getSymName());
    auto constant = [&](Type t, int64_t v) -> Value {
      return arith::ConstantOp::create(rewriter, loc, t,
                                       rewriter.getIntegerAttr(t, v));
    };
    func::CallOp::create(
        rewriter, loc, fill,
        ValueRange{addressOf(rewriter, loc, buffer),
                   constant(i64, type.getNumElements()), constant(i32, kind),
                   constant(i64, op.getSeed()), constant(i64, op.getSeed2()),
                   addressOf(rewriter, loc, stateRef)});
    rewriter.replaceOpWithNewOp<bufferization::ToTensorOp>(
        op, type, buffer, /*restrict=*/true, /*writable=*/true);
    return success();
  }
};

} // namespace

void mlir::tfs::populateTFSRandomToRuntimePatterns(
    RewritePatternSet &patterns) {
  patterns.add<RandomLowering>(patterns.getContext());
}
