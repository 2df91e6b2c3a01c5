//===- ExportEntry.cpp - @main to the model's C entry point ---------------===//
//
// This file implements tfs-export-entry: the tensor function @main becomes
// `i32 @<name>_run(memref feeds..., memref fetches...)` in
// destination-passing style, the shape of the model's C ABI.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_EXPORTENTRYPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using namespace mlir::tfs;

namespace {

/// The identity-layout memref with the same shape and element type.
static FailureOr<MemRefType> bufferTypeOf(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return failure();
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

struct ExportEntryPass : public tfs::impl::ExportEntryPassBase<ExportEntryPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto main = module.lookupSymbol<func::FuncOp>(entry);
    if (!main || main.isExternal()) {
      module.emitError("no function @") << entry << " to export";
      return signalPassFailure();
    }
    std::string runName = modelName + "_run";
    if (module.lookupSymbol(runName)) {
      main.emitError("cannot export: the symbol @") << runName
                                                    << " is already taken";
      return signalPassFailure();
    }

    FunctionType type = main.getFunctionType();
    SmallVector<Type> bufferTypes;
    for (auto [kind, types] : {std::pair<StringRef, TypeRange>{"feed", type.getInputs()},
                               {"fetch", type.getResults()}}) {
      for (auto [i, t] : llvm::enumerate(types)) {
        FailureOr<MemRefType> buffer = bufferTypeOf(t);
        if (failed(buffer)) {
          main.emitError("cannot export ")
              << kind << " #" << i << " of type " << t
              << ": entry points take statically shaped tensors";
          return signalPassFailure();
        }
        bufferTypes.push_back(*buffer);
      }
    }

    // Everything but the entry point is internal.
    for (auto func : module.getOps<func::FuncOp>())
      if (func != main && !func.isExternal())
        func.setPrivate();

    OpBuilder builder(main);
    Location loc = main.getLoc();
    auto run = func::FuncOp::create(
        builder, loc, runName,
        builder.getFunctionType(bufferTypes, builder.getI32Type()));
    run.setPublic();
    // Keep the feed/fetch names the importer attached.
    unsigned numFeeds = type.getNumInputs();
    for (unsigned i = 0; i < numFeeds; ++i)
      if (DictionaryAttr attrs = main.getArgAttrDict(i))
        run.setArgAttrs(i, attrs);
    for (unsigned i = 0; i < type.getNumResults(); ++i)
      if (DictionaryAttr attrs = main.getResultAttrDict(i))
        run.setArgAttrs(numFeeds + i, attrs);

    Block *entryBlock = run.addEntryBlock();
    builder.setInsertionPointToStart(entryBlock);
    IRMapping mapping;
    for (unsigned i = 0; i < numFeeds; ++i) {
      Value tensor = bufferization::ToTensorOp::create(
          builder, loc, type.getInput(i), entryBlock->getArgument(i),
          /*restrict=*/true, /*writable=*/false);
      mapping.map(main.getArgument(i), tensor);
    }
    if (!llvm::hasSingleElement(main.getBody())) {
      main.emitError("cannot export a function with more than one block");
      return signalPassFailure();
    }
    for (Operation &op : main.getBody().front().without_terminator())
      builder.clone(op, mapping);
    auto ret = cast<func::ReturnOp>(main.getBody().front().getTerminator());
    for (auto [i, value] : llvm::enumerate(ret.getOperands()))
      bufferization::MaterializeInDestinationOp::create(
          builder, ret.getLoc(), TypeRange(), mapping.lookupOrDefault(value),
          entryBlock->getArgument(numFeeds + i), /*restrict=*/true,
          /*writable=*/true);
    Value ok = arith::ConstantIntOp::create(builder, loc, 0, 32);
    func::ReturnOp::create(builder, ret.getLoc(), ok);
    main.erase();
  }
};

} // namespace
