//===- LowerVariables.cpp - tfs.variable to memref.global -----------------===//
//
// This file implements tfs-lower-variables: every tfs.variable becomes one
// memref.global, reads become views of (or snapshots of) that global and
// assigns write it in place.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "dialects/TFS/IR/TFSOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_LOWERVARIABLESPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using namespace mlir::tfs;

namespace {

/// assign_add/assign_sub(v, x) -> assign_variable(v, read(v) +/- x).
template <typename AssignOpT, typename BinaryOpT>
void expandCompoundAssign(ModuleOp module) {
  module.walk([](AssignOpT op) {
    OpBuilder builder(op);
    Location loc = op.getLoc();
    Type type = op.getValue().getType();
    Value current =
        ReadVariableOp::create(builder, loc, type, op.getVariableAttr());
    Value updated = BinaryOpT::create(builder, loc, current, op.getValue());
    auto assign = AssignVariableOp::create(builder, loc, type,
                                           op.getVariableAttr(), updated);
    op.replaceAllUsesWith(assign.getResult());
    op.erase();
  });
}

struct LowerVariablesPass
    : public tfs::impl::LowerVariablesPassBase<LowerVariablesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    expandCompoundAssign<AssignAddVariableOp, AddOp>(module);
    expandCompoundAssign<AssignSubVariableOp, SubOp>(module);

    // One global per variable.
    OpBuilder builder(module.getBodyRegion());
    llvm::StringMap<memref::GlobalOp> globals;
    for (auto variable :
         llvm::make_early_inc_range(module.getOps<VariableOp>())) {
      RankedTensorType type = variable.getTensorType();
      auto memrefType =
          MemRefType::get(type.getShape(), type.getElementType());
      builder.setInsertionPoint(variable);
      std::string name = (kVariableGlobalPrefix + variable.getSymName()).str();
      if (SymbolTable::lookupSymbolIn(module, name)) {
        variable.emitOpError("cannot lower: the symbol @\"")
            << name << "\" is already taken";
        return signalPassFailure();
      }
      auto global = memref::GlobalOp::create(
          builder, variable.getLoc(), name, builder.getStringAttr("public"),
          memrefType, builder.getUnitAttr(), /*constant=*/false,
          builder.getI64IntegerAttr(64));
      globals[variable.getSymName()] = global;
    }

    WalkResult result = module.walk([&](func::FuncOp func) {
      return lowerFunction(func, globals) ? WalkResult::advance()
                                          : WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      return signalPassFailure();

    for (auto variable :
         llvm::make_early_inc_range(module.getOps<VariableOp>()))
      variable.erase();
  }

  /// Rewrites the reads and assigns of one function.
  bool lowerFunction(func::FuncOp func,
                     const llvm::StringMap<memref::GlobalOp> &globals) {
    llvm::StringSet<> assigned;
    func.walk([&](AssignVariableOp op) { assigned.insert(op.getVariable()); });

    auto globalFor = [&](Operation *op, StringRef name) -> memref::GlobalOp {
      auto it = globals.find(name);
      if (it == globals.end()) {
        op->emitOpError("refers to unknown variable @\"") << name << "\"";
        return {};
      }
      return it->second;
    };

    // Read-only variables: one shared view per function, at its entry.
    llvm::StringMap<Value> views;
    bool ok = true;
    func.walk([&](ReadVariableOp read) {
      memref::GlobalOp global = globalFor(read, read.getVariable());
      if (!global) {
        ok = false;
        return;
      }
      OpBuilder builder(read);
      Location loc = read.getLoc();
      auto type = cast<RankedTensorType>(read.getType());
      Value replacement;
      if (!assigned.contains(read.getVariable())) {
        Value &view = views[read.getVariable()];
        if (!view) {
          builder.setInsertionPointToStart(&func.getBody().front());
          Value memref = memref::GetGlobalOp::create(
              builder, loc, global.getType(), global.getSymName());
          view = bufferization::ToTensorOp::create(
              builder, loc, type, memref, /*restrict=*/true,
              /*writable=*/false);
        }
        replacement = view;
      } else {
        // A snapshot: later assigns must not change this value.
        Value memref = memref::GetGlobalOp::create(
            builder, loc, global.getType(), global.getSymName());
        Value copy = memref::AllocOp::create(builder, loc, global.getType(),
                                             builder.getI64IntegerAttr(64));
        memref::CopyOp::create(builder, loc, memref, copy);
        replacement = bufferization::ToTensorOp::create(
            builder, loc, type, copy, /*restrict=*/true, /*writable=*/true);
      }
      read.replaceAllUsesWith(replacement);
      read.erase();
    });
    if (!ok)
      return false;

    func.walk([&](AssignVariableOp assign) {
      memref::GlobalOp global = globalFor(assign, assign.getVariable());
      if (!global) {
        ok = false;
        return;
      }
      OpBuilder builder(assign);
      Location loc = assign.getLoc();
      Value memref = memref::GetGlobalOp::create(
          builder, loc, global.getType(), global.getSymName());
      bufferization::MaterializeInDestinationOp::create(
          builder, loc, TypeRange(), assign.getValue(), memref,
          /*restrict=*/true, /*writable=*/true);
      // The assign's result is the new value.
      assign.replaceAllUsesWith(assign.getValue());
      assign.erase();
    });
    return ok;
  }
};

} // namespace
