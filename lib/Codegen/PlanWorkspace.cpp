//===- PlanWorkspace.cpp - temporaries in one static workspace ------------===//
//
// This file implements tfs-plan-workspace: after bufferization, every
// statically shaped temporary buffer of a function's top-level block (or
// of the scf.for loops there) becomes a view into one 64-byte aligned workspace
// global, placed by liveness so that buffers whose lifetimes do not overlap
// share bytes; those of a thread's task go on its stack. Nothing is malloc'd on
// the run path and the pages, once touched, stay mapped across calls.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_PLANWORKSPACEPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using namespace mlir::tfs;

namespace {

constexpr int64_t kAlignment = 64;

/// The alignment of a task's stack buffer (a page), and where in its page
/// the buffer starts (see stackTaskBuffers).
constexpr int64_t kTaskStackAlignment = 4096;
constexpr int64_t kTaskStackShift = 1088;

/// One temporary: its allocation, byte size, live range in top-level op
/// positions (inclusive) and assigned offset.
struct Buffer {
  memref::AllocOp alloc;
  int64_t size = 0;
  int64_t begin = 0, end = 0;
  int64_t offset = -1;
};

/// The byte size of a statically shaped identity-layout buffer whose
/// element type is a whole number of bytes, or nullopt.
std::optional<int64_t> byteSize(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace())
    return std::nullopt;
  Type element = type.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  return type.getNumElements() * (element.getIntOrFloatBitWidth() / 8);
}

/// The last top-level position at which `root` or any value derived from
/// it (views, casts, any memref result of a user) is used.
int64_t lastUse(Value root, Block &block,
                const DenseMap<Operation *, int64_t> &position) {
  int64_t last = position.lookup(root.getDefiningOp());
  llvm::SetVector<Value> worklist;
  worklist.insert(root);
  for (size_t i = 0; i < worklist.size(); ++i) {
    for (Operation *user : worklist[i].getUsers()) {
      Operation *top = block.findAncestorOpInBlock(*user);
      if (top)
        last = std::max(last, position.lookup(top));
      // Conservatively, every memref a user produces may alias the buffer.
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          worklist.insert(result);
    }
  }
  return last;
}

/// Whether `alloc` is in `block` or in the bodies of scf.for loops there:
/// one call runs such a loop body one iteration at a time (unlike a
/// thread's task, see stackTaskBuffers).
bool inTopLevelLoops(memref::AllocOp alloc, Block &block) {
  for (Operation *parent = alloc->getParentOp(); parent;
       parent = parent->getParentOp()) {
    if (parent == block.getParentOp())
      return true;
    if (!isa<scf::ForOp>(parent))
      return false;
  }
  return false;
}

/// Whether `alloc`, or a value derived from it, leaves its region through
/// a terminator (as a loop's iteration value, say).
bool isYielded(memref::AllocOp alloc) {
  llvm::SetVector<Value> worklist;
  worklist.insert(alloc.getResult());
  for (size_t i = 0; i < worklist.size(); ++i)
    for (Operation *user : worklist[i].getUsers()) {
      if (user->hasTrait<OpTrait::IsTerminator>())
        return true;
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          worklist.insert(result);
    }
  return false;
}

struct PlanWorkspacePass
    : public tfs::impl::PlanWorkspacePassBase<PlanWorkspacePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>()))
      if (!func.isExternal()) {
        stackTaskBuffers(func);
        planFunction(func, symbols);
      }
  }

  /// Temporaries of a thread's task (inside an scf.forall: a packed panel
  /// of B) go on that thread's stack, in a memref.alloca_scope around the
  /// rest of their block, so each loop iteration gives its bytes back:
  /// the shared workspace cannot hold them, and a malloc per task and
  /// call would be on the run path.
  void stackTaskBuffers(func::FuncOp func) {
    SmallVector<std::pair<memref::AllocOp, int64_t>> allocs;
    // The stack bytes of each task, all of its buffers at once (their
    // scopes nest), with each one's alignment slack.
    llvm::DenseMap<Operation *, int64_t> taskBytes;
    func.walk([&](memref::AllocOp alloc) {
      std::optional<int64_t> size = byteSize(alloc.getType());
      auto task = alloc->getParentOfType<scf::ForallOp>();
      if (size && *size <= tfs::kTaskStackBytes && task &&
          llvm::none_of(alloc->getUsers(), [](Operation *user) {
            return isa<memref::DeallocOp>(user);
          })) {
        allocs.emplace_back(alloc, *size);
        taskBytes[task] += *size + kTaskStackShift + kTaskStackAlignment;
      }
    });
    int64_t largest = 0;
    for (auto [task, bytes] : taskBytes)
      largest = std::max(largest, bytes);
    if (largest)
      func->setAttr(
          "tfs.task_stack_size",
          IntegerAttr::get(IntegerType::get(func.getContext(), 64), largest));
    for (auto [alloc, bytes] : allocs) {
      Block *block = alloc->getBlock();
      Operation *terminator = block->getTerminator();
      OpBuilder b(alloc);
      // Values the rest of the block passes to its terminator come out of
      // the scope.
      SmallVector<Value> results;
      for (Value operand : terminator->getOperands())
        if (Operation *def = operand.getDefiningOp())
          if (def->getBlock() == block && !def->isBeforeInBlock(alloc))
            results.push_back(operand);
      auto scope = memref::AllocaScopeOp::create(
          b, alloc.getLoc(), ValueRange(results).getTypes());
      Block *body = b.createBlock(&scope.getBodyRegion());
      body->getOperations().splice(body->end(), block->getOperations(),
                                   Block::iterator(alloc),
                                   Block::iterator(terminator));
      b.setInsertionPointToEnd(body);
      memref::AllocaScopeReturnOp::create(b, alloc.getLoc(), results);
      for (auto [old, replacement] : llvm::zip(results, scope.getResults()))
        terminator->replaceUsesOfWith(old, replacement);
      // 1088 bytes past a 4 KiB boundary: page-aligned, the packed panels
      // of matmul 1024^3 made it 2-4 % slower than in malloc'd memory
      // (12.7 vs 12.5 ms); at this offset it runs as fast (12.56 ms).
      b.setInsertionPoint(alloc);
      auto raw = memref::AllocaOp::create(
          b, alloc.getLoc(),
          MemRefType::get({bytes + kTaskStackShift}, b.getI8Type()),
          b.getI64IntegerAttr(kTaskStackAlignment));
      Value offset =
          arith::ConstantIndexOp::create(b, alloc.getLoc(), kTaskStackShift);
      auto view = memref::ViewOp::create(b, alloc.getLoc(), alloc.getType(),
                                         raw, offset, ValueRange{});
      alloc.replaceAllUsesWith(view.getResult());
      alloc.erase();
    }
  }

  void planFunction(func::FuncOp func, SymbolTable &symbols) {
    Block &block = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    int64_t index = 0;
    for (Operation &op : block)
      position[&op] = index++;

    SmallVector<Buffer> buffers;
    func.walk([&](memref::AllocOp alloc) {
      std::optional<int64_t> size = byteSize(alloc.getType());
      if (!size || !inTopLevelLoops(alloc, block))
        return;
      // A buffer that is freed explicitly or returned keeps its malloc.
      bool escapes = llvm::any_of(alloc->getUsers(), [](Operation *user) {
        return isa<memref::DeallocOp, func::ReturnOp>(user);
      });
      // One in a loop must not outlive its iteration: the next one reuses
      // its bytes.
      if (escapes || (alloc->getBlock() != &block && isYielded(alloc)))
        return;
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.size = llvm::alignTo(std::max<int64_t>(*size, 1), kAlignment);
      buffer.begin = position[block.findAncestorOpInBlock(*alloc)];
      buffer.end = lastUse(alloc.getResult(), block, position);
      buffers.push_back(buffer);
    });
    if (buffers.empty())
      return;

    // Greedy by size: each buffer takes the lowest aligned offset that does
    // not overlap a placed buffer whose lifetime overlaps its own.
    SmallVector<Buffer *> order;
    for (Buffer &buffer : buffers)
      order.push_back(&buffer);
    llvm::stable_sort(order,
                      [](Buffer *a, Buffer *b) { return a->size > b->size; });
    int64_t total = 0;
    SmallVector<Buffer *> placed;
    for (Buffer *buffer : order) {
      SmallVector<std::pair<int64_t, int64_t>> taken;
      for (Buffer *other : placed)
        if (other->begin <= buffer->end && buffer->begin <= other->end)
          taken.push_back({other->offset, other->offset + other->size});
      llvm::sort(taken);
      int64_t offset = 0;
      for (auto [start, stop] : taken) {
        if (offset + buffer->size <= start)
          break;
        offset = std::max(offset, stop);
      }
      buffer->offset = offset;
      total = std::max(total, offset + buffer->size);
      placed.push_back(buffer);
    }

    OpBuilder builder(module());
    builder.setInsertionPoint(func);
    auto workspaceType = MemRefType::get({total}, builder.getI8Type());
    auto global = memref::GlobalOp::create(
        builder, func.getLoc(), ("tfs.workspace." + func.getSymName()).str(),
        builder.getStringAttr("private"), workspaceType, builder.getUnitAttr(),
        /*constant=*/false, builder.getI64IntegerAttr(kAlignment));
    symbols.insert(global);
    builder.setInsertionPointToStart(&block);
    Value workspace = memref::GetGlobalOp::create(
        builder, func.getLoc(), workspaceType, global.getSymName());
    for (Buffer &buffer : buffers) {
      builder.setInsertionPoint(buffer.alloc);
      Value shift = arith::ConstantIndexOp::create(
          builder, buffer.alloc.getLoc(), buffer.offset);
      Value view = memref::ViewOp::create(builder, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), workspace,
                                          shift, ValueRange{});
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
    func->setAttr("tfs.workspace_size", builder.getI64IntegerAttr(total));
  }

  ModuleOp module() { return getOperation(); }
};

} // namespace
