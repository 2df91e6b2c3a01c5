//===- ExportEntry.cpp - @main to the model's C entry point ---------------===//
//
// This file implements tfs-export-entry: the tensor function @main becomes
// `i32 @<name>_run(memref feeds..., memref fetches...)` in
// destination-passing style, the shape of the model's C ABI, which checks
// the feeds that index gathers (tfs.index_checks) before anything runs.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

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

/// The address of `buffer`'s first element as an i64.
static Value addressOf(OpBuilder &b, Location loc, Value buffer) {
  Value index = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

/// A private constant global of `data` (renamed if `name` is taken) and the
/// address of its first element as an i64, as the runtime's C functions
/// take pointers.
static Value constantAddress(OpBuilder &b, SymbolTable &symbols, Location loc,
                             StringRef name, DenseElementsAttr data) {
  auto type = MemRefType::get(data.getType().getShape(),
                              data.getType().getElementType());
  memref::GlobalOp global;
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(cast<ModuleOp>(symbols.getOp()).getBody());
    global = memref::GlobalOp::create(b, loc, name, b.getStringAttr("private"),
                                      type, data, /*constant=*/true,
                                      /*alignment=*/nullptr);
    symbols.insert(global);
  }
  Value ref = memref::GetGlobalOp::create(b, loc, type, global.getSymName());
  return addressOf(b, loc, ref);
}

struct ExportEntryPass : public tfs::impl::ExportEntryPassBase<ExportEntryPass> {
  using Base::Base;

  /// The body of `run` when feeds have index checks: each check calls the
  /// runtime's tfs_rt_check_indices (which formats TF's message into the
  /// model's last error), the next one only if it passed; the model's ops
  /// (`body`) run only if all passed. Returns the first failure's status.
  LogicalResult
  buildCheckedEntry(func::FuncOp run, func::FuncOp body,
                    ArrayRef<std::pair<unsigned, ArrayAttr>> checks) {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    Location loc = run.getLoc();
    OpBuilder b(module.getContext());
    Type i32 = b.getI32Type(), i64 = b.getI64Type();
    // int32_t tfs_rt_check_indices(const void *data, int32_t bits,
    //     int32_t rank, const int64_t *shape, int64_t limit,
    //     const char *node);
    auto checkType = b.getFunctionType({i64, i32, i32, i64, i64, i64}, {i32});
    auto checkFn = module.lookupSymbol<func::FuncOp>(kCheckIndicesFunction);
    if (!checkFn) {
      b.setInsertionPointToStart(module.getBody());
      checkFn = func::FuncOp::create(b, loc, kCheckIndicesFunction, checkType);
      checkFn.setPrivate();
    } else if (checkFn.getFunctionType() != checkType) {
      return checkFn.emitError("@")
             << kCheckIndicesFunction << " has the wrong type";
    }

    Block *block = run.addEntryBlock();
    b.setInsertionPointToStart(block);
    auto constant = [&](OpBuilder &nb, Type type, int64_t value) -> Value {
      return arith::ConstantOp::create(nb, loc, type,
                                       nb.getIntegerAttr(type, value));
    };
    Value status;
    for (auto [argIndex, list] : checks) {
      for (Attribute attr : list) {
        auto check = dyn_cast<DictionaryAttr>(attr);
        auto limit = check ? check.getAs<IntegerAttr>("limit") : nullptr;
        auto shape = check ? check.getAs<DenseI64ArrayAttr>("shape") : nullptr;
        auto node = check ? check.getAs<StringAttr>("node") : nullptr;
        if (!limit || !shape || !node)
          return run.emitError("malformed ") << kIndexChecksAttr << " on feed #"
                                             << argIndex << ": " << attr;
        Value feed = block->getArgument(argIndex);
        auto feedType = cast<MemRefType>(feed.getType());
        auto call = [&](OpBuilder &nb) -> Value {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          // A rank-0 shape still gets an (unread) element to point at.
          SmallVector<int64_t> dims(shape.asArrayRef());
          if (dims.empty())
            dims.push_back(1);
          auto dimsType = RankedTensorType::get({int64_t(dims.size())}, i64);
          SmallVector<char> text(node.getValue().begin(),
                                 node.getValue().end());
          text.push_back('\0');
          auto textType =
              RankedTensorType::get({int64_t(text.size())}, b.getI8Type());
          Value args[] = {
              addressOf(b, loc, feed),
              constant(b, i32, feedType.getElementTypeBitWidth()),
              constant(b, i32, shape.size()),
              constantAddress(
                  b, symbols, loc, "tfs.check.shape",
                  DenseElementsAttr::get(dimsType, ArrayRef<int64_t>(dims))),
              constant(b, i64, limit.getInt()),
              constantAddress(
                  b, symbols, loc, "tfs.check.node",
                  DenseElementsAttr::get(textType, ArrayRef<char>(text)))};
          return func::CallOp::create(b, loc, checkFn, args).getResult(0);
        };
        if (!status) {
          status = call(b);
          continue;
        }
        Value passed = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                             status, constant(b, i32, 0));
        auto next = scf::IfOp::create(
            b, loc, passed,
            [&](OpBuilder &nb, Location) {
              scf::YieldOp::create(nb, loc, call(nb));
            },
            [&](OpBuilder &nb, Location) {
              scf::YieldOp::create(nb, loc, status);
            });
        status = next.getResult(0);
      }
    }
    Value passed = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         status, constant(b, i32, 0));
    scf::IfOp::create(b, loc, passed, [&](OpBuilder &nb, Location) {
      func::CallOp::create(nb, loc, body, block->getArguments());
      scf::YieldOp::create(nb, loc);
    });
    func::ReturnOp::create(b, loc, status);
    return success();
  }

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
    SmallVector<std::pair<unsigned, ArrayAttr>> checks;
    for (unsigned i = 0; i < numFeeds; ++i) {
      if (DictionaryAttr attrs = main.getArgAttrDict(i))
        run.setArgAttrs(i, attrs);
      if (auto feedChecks =
              run.getArgAttrOfType<ArrayAttr>(i, kIndexChecksAttr)) {
        checks.push_back({i, feedChecks});
        run.removeArgAttr(i, kIndexChecksAttr);
      }
    }
    for (unsigned i = 0; i < type.getNumResults(); ++i)
      if (DictionaryAttr attrs = main.getResultAttrDict(i))
        run.setArgAttrs(numFeeds + i, attrs);

    // With feeds to check, the model's ops go to a function of their own
    // that the entry calls once the checks pass.
    func::FuncOp body = run;
    if (!checks.empty()) {
      body = func::FuncOp::create(builder, loc, entryBodyName(runName),
                                  builder.getFunctionType(bufferTypes, {}));
      body.setPrivate();
    }
    if (!llvm::hasSingleElement(main.getBody())) {
      main.emitError("cannot export a function with more than one block");
      return signalPassFailure();
    }
    Block *entryBlock = body.addEntryBlock();
    builder.setInsertionPointToStart(entryBlock);
    IRMapping mapping;
    for (unsigned i = 0; i < numFeeds; ++i) {
      Value tensor = bufferization::ToTensorOp::create(
          builder, loc, type.getInput(i), entryBlock->getArgument(i),
          /*restrict=*/true, /*writable=*/false);
      mapping.map(main.getArgument(i), tensor);
    }
    for (Operation &op : main.getBody().front().without_terminator())
      builder.clone(op, mapping);
    auto ret = cast<func::ReturnOp>(main.getBody().front().getTerminator());
    for (auto [i, value] : llvm::enumerate(ret.getOperands()))
      bufferization::MaterializeInDestinationOp::create(
          builder, ret.getLoc(), TypeRange(), mapping.lookupOrDefault(value),
          entryBlock->getArgument(numFeeds + i), /*restrict=*/true,
          /*writable=*/true);
    // Each feed's smallest bound, or -1, for the header (kIndexLimitsAttr).
    if (!checks.empty()) {
      SmallVector<int64_t> limits(numFeeds, -1);
      for (auto [argIndex, list] : checks)
        for (auto check : list.getAsRange<DictionaryAttr>())
          if (auto limit = check.getAs<IntegerAttr>("limit"))
            limits[argIndex] = limits[argIndex] < 0
                                   ? limit.getInt()
                                   : std::min(limits[argIndex], limit.getInt());
      run->setAttr(kIndexLimitsAttr, builder.getDenseI64ArrayAttr(limits));
    }
    if (checks.empty()) {
      Value ok = arith::ConstantIntOp::create(builder, loc, 0, 32);
      func::ReturnOp::create(builder, ret.getLoc(), ok);
    } else {
      func::ReturnOp::create(builder, ret.getLoc());
      if (failed(buildCheckedEntry(run, body, checks)))
        return signalPassFailure();
    }
    main.erase();
  }
};

} // namespace
