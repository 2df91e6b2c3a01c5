//===- Utils.cpp - helpers shared by the codegen passes -------------------===//

#include "tfs/Codegen/Utils.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

using namespace mlir;

OpOperand *mlir::tfs::tiedInit(Value value) {
  auto result = dyn_cast<OpResult>(value);
  if (!result)
    return nullptr;
  if (auto forall = dyn_cast<scf::ForallOp>(result.getOwner()))
    return forall.getTiedOpOperand(result);
  if (auto loop = dyn_cast<scf::ForOp>(result.getOwner()))
    return loop.getTiedLoopInit(result);
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(result.getOwner()))
    return dps.getTiedOpOperand(result);
  return nullptr;
}

Value mlir::tfs::tiedResult(OpOperand &use) {
  Operation *owner = use.getOwner();
  if (auto forall = dyn_cast<scf::ForallOp>(owner))
    return use.getOperandNumber() >= forall.getNumDynamicControlOperands()
               ? forall.getTiedOpResult(&use)
               : Value();
  if (auto loop = dyn_cast<scf::ForOp>(owner))
    return loop.getTiedLoopResult(&use);
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(owner))
    return dps.isDpsInit(&use) ? dps.getTiedOpResult(&use) : Value();
  return Value();
}

std::pair<linalg::GenericOp, int64_t> mlir::tfs::fusableEpilogue(Value result) {
  if (!result.hasOneUse())
    return {nullptr, 0};
  OpOperand &use = *result.getUses().begin();
  auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumLoops() !=
          cast<RankedTensorType>(result.getType()).getRank() ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      generic.getNumDpsInits() != 1 || generic->getNumResults() != 1 ||
      !generic.isDpsInput(&use) ||
      !generic.getMatchingIndexingMap(&use).isIdentity() ||
      !generic.getIndexingMapMatchingResult(generic->getResult(0))
           .isIdentity() ||
      generic->getResult(0).getType() != result.getType())
    return {nullptr, 0};
  return {generic, use.getOperandNumber()};
}

bool mlir::tfs::isStaticPad(tensor::PadOp pad) {
  auto isStatic = [](int64_t v) { return !ShapedType::isDynamic(v); };
  return pad.getResultType().hasStaticShape() &&
         pad.getSourceType().hasStaticShape() &&
         llvm::all_of(pad.getStaticLow(), isStatic) &&
         llvm::all_of(pad.getStaticHigh(), isStatic);
}

void mlir::tfs::disableUnrolling(Operation *loop) {
  MLIRContext *ctx = loop->getContext();
  auto unroll = LLVM::LoopUnrollAttr::get(ctx, BoolAttr::get(ctx, true), {}, {},
                                          {}, {}, {}, {});
  loop->setAttr("loop_annotation", LLVM::LoopAnnotationAttr::get(
                                       ctx, {}, {}, {}, unroll, {}, {}, {}, {},
                                       {}, {}, {}, {}, {}, {}, {}));
}
