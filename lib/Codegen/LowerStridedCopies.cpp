//===- LowerStridedCopies.cpp - strided memref.copy to linalg.copy --------===//
//
// This file implements tfs-lower-strided-copies, which keeps model shared
// objects free of calls into MLIR's runner utilities (memrefCopy).
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/Builders.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_LOWERSTRIDEDCOPIESPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

bool isContiguous(Value value) {
  return memref::isStaticShapeAndContiguousRowMajor(
      cast<MemRefType>(value.getType()));
}

struct LowerStridedCopiesPass
    : public tfs::impl::LowerStridedCopiesPassBase<LowerStridedCopiesPass> {
  void runOnOperation() override {
    getOperation().walk([](memref::CopyOp copy) {
      if (isContiguous(copy.getSource()) && isContiguous(copy.getTarget()))
        return;
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
  }
};

} // namespace
