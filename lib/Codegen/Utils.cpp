//===- Utils.cpp - helpers shared by the codegen passes -------------------===//

#include "tfs/Codegen/Utils.h"

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
