//===- RollRepeats.cpp - repeated straight-line code as one loop ----------===//
//
// This file implements tfs-roll-repeats: a run of ops in a function's block
// that repeats with some period (an unrolled recurrence's steps) becomes an
// scf.for over the repetitions. Repetitions are compared op by op, regions
// included; every operand must play the same part in each of them (see
// Role), which also fixes what the loop carries, what it reads per
// iteration and what it stacks for the code after the run.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"
#include "tfs/Codegen/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_ROLLREPEATSPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// The attributes of `op` that take part in the comparison: all of them
/// but a slice's static offsets, which may step along the repetitions.
SmallVector<NamedAttribute> comparedAttributes(Operation *op) {
  SmallVector<NamedAttribute> attributes;
  bool slice = isa<OffsetSizeAndStrideOpInterface>(op);
  for (NamedAttribute attribute : op->getAttrs())
    if (!slice || attribute.getName() != "static_offsets")
      attributes.push_back(attribute);
  return attributes;
}

/// A hash of `op`'s kind, attributes (see comparedAttributes), types and
/// regions: equal for ops that can be repetitions of each other.
llvm::hash_code signature(Operation *op) {
  llvm::hash_code hash =
      llvm::hash_combine(op->getName().getAsOpaquePointer(),
                         op->getNumOperands(), op->getNumRegions());
  for (NamedAttribute attribute : comparedAttributes(op))
    hash = llvm::hash_combine(hash, attribute.getName().getAsOpaquePointer(),
                              attribute.getValue().getAsOpaquePointer());
  for (Type type : op->getOperandTypes())
    hash = llvm::hash_combine(hash, type.getAsOpaquePointer());
  for (Type type : op->getResultTypes())
    hash = llvm::hash_combine(hash, type.getAsOpaquePointer());
  for (Region &region : op->getRegions())
    for (Block &block : region) {
      hash = llvm::hash_combine(hash, block.getNumArguments());
      for (Operation &nested : block)
        hash = llvm::hash_combine(hash, signature(&nested));
    }
  return hash;
}

/// The part an operand plays, the same in every repetition.
enum class Role {
  /// A value defined inside the operand's own top-level op (in a region).
  Nested,
  /// A result of an op of the same repetition.
  Internal,
  /// A result of an op of the previous repetition; in the first one, a
  /// value from before the run (the loop's initial value).
  Carried,
  /// The same value from before the run in every repetition.
  Invariant,
  /// Values from before the run that step along the repetitions.
  Stepping,
};

/// One operand position within a repetition (operands numbered in walk
/// order, nested ops included), and its value in each repetition.
struct Slot {
  Role role = Role::Nested;
  /// Internal and Carried: the defining op's position in the repetition and
  /// the result number.
  int64_t position = 0;
  unsigned result = 0;
  SmallVector<Value> values;
};

/// The static offsets of one slice op within a repetition, in each
/// repetition.
struct OffsetSlot {
  SmallVector<SmallVector<int64_t>> offsets;
};

/// A value that is a slice of a tensor, at static offsets, sizes and
/// strides, maybe reshaped: a step's row of a recurrence's input.
struct SliceView {
  tensor::ExtractSliceOp slice;
  /// The reshapes from the slice to the value, in order.
  SmallVector<Operation *> reshapes;
};

std::optional<SliceView> sliceView(Value value) {
  SliceView view;
  Operation *def = value.getDefiningOp();
  while (isa_and_nonnull<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def) &&
         def->getNumOperands() == 1) {
    view.reshapes.push_back(def);
    def = def->getOperand(0).getDefiningOp();
  }
  view.slice = dyn_cast_or_null<tensor::ExtractSliceOp>(def);
  if (!view.slice || view.slice->getNumOperands() != 1)
    return std::nullopt;
  std::reverse(view.reshapes.begin(), view.reshapes.end());
  return view;
}

/// Whether `a` and `b` view slices of one tensor alike, offsets aside.
bool sameView(SliceView a, SliceView b) {
  if (a.slice.getSource() != b.slice.getSource() ||
      a.slice.getType() != b.slice.getType() ||
      a.slice.getStaticSizes() != b.slice.getStaticSizes() ||
      a.slice.getStaticStrides() != b.slice.getStaticStrides() ||
      a.reshapes.size() != b.reshapes.size())
    return false;
  for (auto [x, y] : llvm::zip(a.reshapes, b.reshapes))
    if (x->getName() != y->getName() ||
        x->getAttrDictionary() != y->getAttrDictionary() ||
        !llvm::equal(x->getResultTypes(), y->getResultTypes()))
      return false;
  return true;
}

/// Whether a[k] = a[0] + k * (a[1] - a[0]) for the last k.
bool extendsProgression(ArrayRef<int64_t> values) {
  int64_t k = values.size() - 1;
  return k < 2 || values[k] == values[0] + k * (values[1] - values[0]);
}

/// The ops of a function's block, in order, and their positions.
struct BlockOps {
  explicit BlockOps(Block &block) : block(block) {
    for (Operation &op : block) {
      index[&op] = ops.size();
      ops.push_back(&op);
    }
  }
  Block &block;
  SmallVector<Operation *> ops;
  DenseMap<Operation *, int64_t> index;
};

/// A candidate run in a function's block: `reps` repetitions of `period`
/// ops from `start`.
class Run {
public:
  Run(const BlockOps &blockOps, int64_t start, int64_t period)
      : block(blockOps.block), start(start), period(period), ops(blockOps.ops),
        index(blockOps.index) {}

  /// Matches repetitions 1, 2, ... against repetition 0 while they agree,
  /// up to `maxReps`; returns the number that agree (1 if none).
  int64_t match(int64_t maxReps) {
    reps = maxReps;
    for (int64_t k = 1; k < maxReps; ++k) {
      currentRep = k;
      slotCursor = offsetCursor = 0;
      nestedMap.clear();
      bool ok = true;
      for (int64_t j = 0; ok && j < period; ++j)
        ok = walk(op(0, j), op(k, j));
      if (!ok) {
        reps = k;
        break;
      }
    }
    for (Slot &slot : slots)
      if (static_cast<int64_t>(slot.values.size()) > reps)
        slot.values.resize(reps);
    for (OffsetSlot &slot : offsetSlots)
      if (static_cast<int64_t>(slot.offsets.size()) > reps)
        slot.offsets.resize(reps);
    return reps;
  }

  /// Rolls repetitions [0, reps - 1) into an scf.for; the last stays after
  /// it. Returns failure, changing nothing, where a result read after the
  /// run cannot be stacked.
  LogicalResult roll();

  /// The ops of one repetition, nested ones included.
  int64_t opsPerRep() const {
    int64_t count = 0;
    for (int64_t j = 0; j < period; ++j)
      op(0, j)->walk([&](Operation *) { ++count; });
    return count;
  }

  /// Whether a repetition only slices and reshapes: rolled, it would
  /// copy what it views into a stack.
  bool onlyViews() const {
    for (int64_t j = 0; j < period; ++j)
      if (!isa<tensor::ExtractSliceOp, tensor::ExpandShapeOp,
               tensor::CollapseShapeOp>(op(0, j)))
        return false;
    return true;
  }

  Operation *op(int64_t rep, int64_t position) const {
    return ops[start + rep * period + position];
  }

private:
  /// Where a value comes from, seen from the run.
  struct Origin {
    enum Kind { Before, InRun, Nested } kind;
    int64_t rep = 0, position = 0;
    unsigned result = 0;
  };

  Origin locate(Value value) const {
    Operation *def = value.getDefiningOp();
    Block *owner = def ? def->getBlock() : value.getParentBlock();
    // Values of the regions of the block's ops are nested; those of the
    // regions around the block (when it is a loop's body) come before.
    if (owner != &block)
      return owner->getParentOp() &&
                     block.findAncestorOpInBlock(*owner->getParentOp())
                 ? Origin{Origin::Nested}
                 : Origin{Origin::Before};
    if (!def)
      return {Origin::Before};
    int64_t i = index.lookup(def);
    if (i < start)
      return {Origin::Before};
    return {Origin::InRun, (i - start) / period, (i - start) % period,
            cast<OpResult>(value).getResultNumber()};
  }

  /// Compares `b` (in repetition currentRep) with `a` (repetition 0) and
  /// records their operands and offsets.
  bool walk(Operation *a, Operation *b);
  bool matchOperand(Value a, Value b);
  bool matchOffsets(OffsetSizeAndStrideOpInterface a,
                    OffsetSizeAndStrideOpInterface b);

  /// Calls `operandFn(slot, operand of b)` and `offsetFn(offset slot, a,
  /// b)` for `b`, structurally equal to `a`, in the order of walk.
  void
  visit(Operation *a, Operation *b,
        function_ref<void(Slot &, OpOperand &)> operandFn,
        function_ref<void(OffsetSlot &, Operation *, Operation *)> offsetFn);

  Block &block;
  int64_t start, period, reps = 0;
  ArrayRef<Operation *> ops;
  const DenseMap<Operation *, int64_t> &index;

  SmallVector<Slot> slots;
  SmallVector<OffsetSlot> offsetSlots;
  int64_t currentRep = 0;
  size_t slotCursor = 0, offsetCursor = 0;
  IRMapping nestedMap;
};

bool Run::walk(Operation *a, Operation *b) {
  if (a->getName() != b->getName() ||
      a->getNumOperands() != b->getNumOperands() ||
      a->getNumRegions() != b->getNumRegions() ||
      !llvm::equal(a->getResultTypes(), b->getResultTypes()) ||
      comparedAttributes(a) != comparedAttributes(b) || a->getNumSuccessors() ||
      b->getNumSuccessors())
    return false;
  if (auto sliceA = dyn_cast<OffsetSizeAndStrideOpInterface>(a))
    if (!matchOffsets(sliceA, cast<OffsetSizeAndStrideOpInterface>(b)))
      return false;
  for (auto [x, y] : llvm::zip(a->getOperands(), b->getOperands()))
    if (x.getType() != y.getType() || !matchOperand(x, y))
      return false;
  if (a->getBlock() != &block)
    for (auto [x, y] : llvm::zip(a->getResults(), b->getResults()))
      nestedMap.map(x, y);
  for (auto [ra, rb] : llvm::zip(a->getRegions(), b->getRegions())) {
    if (ra.getBlocks().size() != rb.getBlocks().size())
      return false;
    for (auto [ba, bb] : llvm::zip(ra, rb)) {
      if (!llvm::equal(ba.getArgumentTypes(), bb.getArgumentTypes()) ||
          ba.getOperations().size() != bb.getOperations().size())
        return false;
      for (auto [x, y] : llvm::zip(ba.getArguments(), bb.getArguments()))
        nestedMap.map(x, y);
      for (auto [x, y] : llvm::zip(ba, bb))
        if (!walk(&x, &y))
          return false;
    }
  }
  return true;
}

bool Run::matchOperand(Value a, Value b) {
  Origin la = locate(a), lb = locate(b);
  int64_t k = currentRep;
  if (k == 1) {
    Slot slot;
    if (la.kind == Origin::Nested || lb.kind == Origin::Nested) {
      if (nestedMap.lookupOrNull(a) != b)
        return false;
      slot.role = Role::Nested;
    } else if (lb.kind == Origin::InRun) {
      slot.position = lb.position;
      slot.result = lb.result;
      if (lb.rep == 1) {
        if (la.kind != Origin::InRun || la.position != lb.position ||
            la.result != lb.result)
          return false;
        slot.role = Role::Internal;
      } else {
        if (la.kind != Origin::Before)
          return false;
        slot.role = Role::Carried;
        slot.values = {a, b};
      }
    } else {
      if (la.kind != Origin::Before)
        return false;
      slot.role = a == b ? Role::Invariant : Role::Stepping;
      slot.values = {a, b};
      if (slot.role == Role::Stepping) {
        // Integer constants, or slices of one tensor.
        auto ca = a.getDefiningOp<arith::ConstantOp>();
        auto cb = b.getDefiningOp<arith::ConstantOp>();
        bool constants = ca && cb && isa<IntegerAttr>(ca.getValue()) &&
                         isa<IntegerAttr>(cb.getValue());
        std::optional<SliceView> va = sliceView(a), vb = sliceView(b);
        if (!constants && !(va && vb && sameView(*va, *vb)))
          return false;
      }
    }
    slots.push_back(std::move(slot));
    ++slotCursor;
    return true;
  }

  Slot &slot = slots[slotCursor++];
  switch (slot.role) {
  case Role::Nested:
    return nestedMap.lookupOrNull(a) == b;
  case Role::Internal:
  case Role::Carried:
    if (lb.kind != Origin::InRun || lb.position != slot.position ||
        lb.result != slot.result ||
        lb.rep != (slot.role == Role::Internal ? k : k - 1))
      return false;
    if (slot.role == Role::Carried)
      slot.values.push_back(b);
    return true;
  case Role::Invariant:
    return b == slot.values.front();
  case Role::Stepping: {
    if (lb.kind != Origin::Before)
      return false;
    slot.values.push_back(b);
    if (auto first = slot.values.front().getDefiningOp<arith::ConstantOp>()) {
      SmallVector<int64_t> values;
      for (Value value : slot.values) {
        auto constant = value.getDefiningOp<arith::ConstantOp>();
        auto attr =
            constant ? dyn_cast<IntegerAttr>(constant.getValue()) : nullptr;
        if (!attr)
          return false;
        values.push_back(attr.getValue().getSExtValue());
      }
      return extendsProgression(values);
    }
    std::optional<SliceView> first = sliceView(slot.values[0]);
    std::optional<SliceView> second = sliceView(slot.values[1]);
    std::optional<SliceView> view = sliceView(b);
    if (!view || !sameView(*first, *view))
      return false;
    for (auto [o0, o1, ok] : llvm::zip(first->slice.getStaticOffsets(),
                                       second->slice.getStaticOffsets(),
                                       view->slice.getStaticOffsets()))
      if (ok != o0 + k * (o1 - o0))
        return false;
    return true;
  }
  }
  return false;
}

bool Run::matchOffsets(OffsetSizeAndStrideOpInterface a,
                       OffsetSizeAndStrideOpInterface b) {
  ArrayRef<int64_t> oa = a.getStaticOffsets(), ob = b.getStaticOffsets();
  if (oa.size() != ob.size())
    return false;
  for (auto [x, y] : llvm::zip(oa, ob))
    if ((x == ShapedType::kDynamic) != (y == ShapedType::kDynamic))
      return false;
  // Only ops the rolled loop can rebuild with dynamic offsets step.
  bool rebuildable = isa<tensor::ExtractSliceOp, tensor::InsertSliceOp,
                         tensor::ParallelInsertSliceOp>(a.getOperation());
  if (currentRep == 1) {
    if (oa != ob && !rebuildable)
      return false;
    offsetSlots.push_back({{llvm::to_vector(oa), llvm::to_vector(ob)}});
    ++offsetCursor;
    return true;
  }
  OffsetSlot &slot = offsetSlots[offsetCursor++];
  slot.offsets.push_back(llvm::to_vector(ob));
  if (oa != ob && !rebuildable)
    return false;
  int64_t k = currentRep;
  for (size_t d = 0; d < oa.size(); ++d)
    if (ob[d] != oa[d] + k * (slot.offsets[1][d] - oa[d]))
      return false;
  return true;
}

void Run::visit(
    Operation *a, Operation *b,
    function_ref<void(Slot &, OpOperand &)> operandFn,
    function_ref<void(OffsetSlot &, Operation *, Operation *)> offsetFn) {
  if (isa<OffsetSizeAndStrideOpInterface>(a))
    offsetFn(offsetSlots[offsetCursor++], a, b);
  for (OpOperand &operand : b->getOpOperands())
    operandFn(slots[slotCursor++], operand);
  for (auto [ra, rb] : llvm::zip(a->getRegions(), b->getRegions()))
    for (auto [ba, bb] : llvm::zip(ra, rb))
      for (auto [x, y] : llvm::zip(ba, bb))
        visit(&x, &y, operandFn, offsetFn);
}

/// Whether `value` is `dest` with parts of it overwritten: the result of
/// insertions into it, or of ops (loops, tasks) that compute into it,
/// transitively.
bool computedInto(Value value, Value dest) {
  while (value != dest) {
    OpOperand *init = tfs::tiedInit(value);
    if (!init)
      return false;
    value = init->get();
  }
  return true;
}

/// The value computed into `value` last: following the ops that take it
/// (then their result) as the destination they compute into, or reshape
/// it (appended to `reshapes`), while there is exactly one.
Value lastComputedInto(Value value, SmallVectorImpl<Operation *> &reshapes) {
  while (true) {
    Value next;
    Operation *reshape = nullptr;
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      Value result;
      if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(user)) {
        result = user->getResult(0);
        reshape = user;
      } else {
        result = tfs::tiedResult(use);
      }
      if (!result)
        continue;
      if (next)
        return value;
      next = result;
      if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(user))
        reshape = nullptr;
    }
    if (!next)
      return value;
    if (reshape)
      reshapes.push_back(reshape);
    value = next;
  }
}

/// Whether `value` is a tensor that the model computed (maybe reshaped or
/// sliced), not an argument, a constant or a variable: bufferization may
/// write into its buffer without a copy.
bool isComputed(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp,
            tensor::ExtractSliceOp>(def))
      value = def->getOperand(0);
    else
      return !isa<bufferization::ToTensorOp, arith::ConstantOp>(def);
  }
  return false;
}

/// Whether `value`'s only readers are slices of unit strides, pairwise
/// disjoint.
bool onlyDisjointSlices(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return false;
  SmallVector<tensor::ExtractSliceOp> slices;
  for (Operation *user : value.getUsers()) {
    auto slice = dyn_cast<tensor::ExtractSliceOp>(user);
    if (!slice || slice->getNumOperands() != 1 ||
        llvm::any_of(slice.getStaticStrides(),
                     [](int64_t stride) { return stride != 1; }))
      return false;
    slices.push_back(slice);
  }
  for (size_t x = 0; x < slices.size(); ++x)
    for (size_t y = x + 1; y < slices.size(); ++y) {
      tensor::ExtractSliceOp a = slices[x], b = slices[y];
      bool apart = false;
      for (auto [oa, sa, ob, sb] :
           llvm::zip(a.getStaticOffsets(), a.getStaticSizes(),
                     b.getStaticOffsets(), b.getStaticSizes()))
        apart |= oa + sa <= ob || ob + sb <= oa;
      if (!apart)
        return false;
    }
  return true;
}

/// Where one repetition's `type` value is in the stack of them: at `k`
/// of the leading dimension, one of it, the whole value.
SmallVector<OpFoldResult> stackOffsets(OpBuilder &b, OpFoldResult k,
                                       RankedTensorType type) {
  SmallVector<OpFoldResult> offsets = {k};
  offsets.append(type.getRank(), b.getIndexAttr(0));
  return offsets;
}

SmallVector<OpFoldResult> stackSizes(OpBuilder &b, RankedTensorType type) {
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1)};
  for (int64_t size : type.getShape())
    sizes.push_back(b.getIndexAttr(size));
  return sizes;
}

/// `base + iv * step` as an index value.
Value stepAlong(OpBuilder &b, Location loc, Value iv, int64_t base,
                int64_t step) {
  Value value = iv;
  if (step != 1)
    value = arith::MulIOp::create(b, loc, value,
                                  arith::ConstantIndexOp::create(b, loc, step));
  if (base != 0)
    value = arith::AddIOp::create(b, loc, value,
                                  arith::ConstantIndexOp::create(b, loc, base));
  return value;
}

/// The offsets of a slice in the loop: those that step (static `first`
/// and `second` in the first two repetitions), computed from the
/// induction variable, the others as in `same` (the slice's own, static or
/// a value from before the run).
SmallVector<OpFoldResult> steppingOffsets(OpBuilder &b, Location loc, Value iv,
                                          ArrayRef<int64_t> first,
                                          ArrayRef<int64_t> second,
                                          ArrayRef<OpFoldResult> same) {
  SmallVector<OpFoldResult> offsets;
  for (auto [o0, o1, o] : llvm::zip(first, second, same))
    offsets.push_back(
        o0 == o1 ? o : OpFoldResult(stepAlong(b, loc, iv, o0, o1 - o0)));
  return offsets;
}

LogicalResult Run::roll() {
  int64_t loopReps = reps - 1;
  int64_t end = start + reps * period;
  auto inLoop = [&](Operation *user) {
    Operation *top = block.findAncestorOpInBlock(*user);
    int64_t i = index.lookup(top);
    return i >= start && i < start + loopReps * period;
  };

  // Results of the looped repetitions read elsewhere than in the loop (by
  // the code after the run; the last repetition reads only carried
  // values) are stacked.
  llvm::SetVector<std::pair<int64_t, unsigned>> stacked;
  for (int64_t k = 0; k < loopReps; ++k)
    for (int64_t j = 0; j < period; ++j)
      for (OpResult result : op(k, j)->getResults())
        for (Operation *user : result.getUsers()) {
          Operation *top = block.findAncestorOpInBlock(*user);
          if (index.lookup(top) >= end)
            stacked.insert({j, result.getResultNumber()});
        }
  for (auto [j, r] : stacked) {
    auto type = dyn_cast<RankedTensorType>(op(0, j)->getResult(r).getType());
    if (!type || !type.hasStaticShape())
      return failure();
  }

  // What the loop carries: each (position, result) with each initial
  // value. Tensors of a static shape only (yielded values must be
  // equivalent to the iteration's for bufferization: see the yields).
  llvm::MapVector<std::tuple<int64_t, unsigned, Value>, unsigned> carried;
  for (Slot &slot : slots) {
    if (slot.role != Role::Carried)
      continue;
    auto type = dyn_cast<TensorType>(slot.values.front().getType());
    if (type && !type.hasStaticShape())
      return failure();
    carried.insert({{slot.position, slot.result, slot.values.front()},
                    static_cast<unsigned>(carried.size())});
  }

  // Top-level slices of the repetitions, at stepping offsets, of a tensor
  // from before the run that nothing but disjoint slices reads (a batched
  // input projection): the loop carries the tensor, each iteration taking
  // its slices out of it and putting back what it computed into them, so
  // that a step computing into its slice (a matmul accumulating onto its
  // rows) does so in place; from the tensor before the loop, which later
  // iterations read, bufferization would copy the slice first.
  DenseMap<OffsetSlot *, Slot *> siteSource;
  DenseMap<OffsetSlot *, Operation *> firstSites;
  {
    slotCursor = offsetCursor = 0;
    OffsetSlot *pending = nullptr;
    for (int64_t j = 0; j < period; ++j)
      visit(
          op(0, j), op(0, j),
          [&](Slot &slot, OpOperand &operand) {
            if (pending && operand.getOperandNumber() == 0 &&
                slot.role == Role::Invariant)
              siteSource[pending] = &slot;
            pending = nullptr;
          },
          [&](OffsetSlot &slot, Operation *a, Operation *) {
            pending = isa<tensor::ExtractSliceOp>(a) &&
                              a->getBlock() == &block &&
                              slot.offsets[0] != slot.offsets[1]
                          ? &slot
                          : nullptr;
            firstSites[&slot] = a;
          });
  }
  llvm::MapVector<Value, SmallVector<OffsetSlot *>> threaded;
  {
    llvm::MapVector<Value, SmallVector<OffsetSlot *>> bySource;
    for (OffsetSlot &slot : offsetSlots)
      if (Slot *source = siteSource.lookup(&slot))
        bySource[source->values.front()].push_back(&slot);
    // Each slice computed into (a slice only read gains nothing).
    auto written = [&](OffsetSlot *slot) {
      Value slice = firstSites.lookup(slot)->getResult(0);
      SmallVector<Operation *> reshapes;
      Value last = lastComputedInto(slice, reshapes);
      return last != slice &&
             (reshapes.empty() || last != reshapes.back()->getResult(0));
    };
    for (auto &[source, sites] : bySource)
      if (isComputed(source) && onlyDisjointSlices(source) &&
          llvm::all_of(sites, written))
        threaded.insert({source, sites});
  }
  DenseMap<Value, unsigned> threadIndex;
  for (auto [t, entry] : llvm::enumerate(threaded))
    threadIndex[entry.first] = carried.size() + stacked.size() + t;
  // The last repetition's such slices.
  DenseMap<OffsetSlot *, Operation *> lastSites;
  if (!threaded.empty()) {
    slotCursor = offsetCursor = 0;
    for (int64_t j = 0; j < period; ++j)
      visit(
          op(0, j), op(reps - 1, j), [](Slot &, OpOperand &) {},
          [&](OffsetSlot &slot, Operation *, Operation *b) {
            if (siteSource.count(&slot))
              lastSites[&slot] = b;
          });
  }

  Operation *first = op(0, 0);
  Location loc = first->getLoc();
  OpBuilder b(first);
  SmallVector<Value> inits;
  for (auto &[key, i] : carried)
    inits.push_back(std::get<2>(key));
  for (auto [j, r] : stacked) {
    auto type = cast<RankedTensorType>(op(0, j)->getResult(r).getType());
    SmallVector<int64_t> shape = {loopReps};
    llvm::append_range(shape, type.getShape());
    inits.push_back(
        tensor::EmptyOp::create(b, loc, shape, type.getElementType()));
  }
  for (auto &entry : threaded)
    inits.push_back(entry.first);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value count = arith::ConstantIndexOp::create(b, loc, loopReps);
  auto loop = scf::ForOp::create(b, loc, zero, count, one, inits);
  loop->setAttr("tfs.rolled", b.getUnitAttr());

  Block *body = loop.getBody();
  // Without iteration values the builder gave the body its yield already.
  if (!body->empty())
    body->back().erase();
  b.setInsertionPointToStart(body);
  Value iv = loop.getInductionVar();
  // Stepping values, computed at the top of the body.
  DenseMap<Slot *, Value> stepping;
  for (Slot &slot : slots) {
    if (slot.role != Role::Stepping)
      continue;
    Value v0 = slot.values[0], v1 = slot.values[1];
    if (auto c0 = v0.getDefiningOp<arith::ConstantOp>()) {
      int64_t x0 = cast<IntegerAttr>(c0.getValue()).getValue().getSExtValue();
      int64_t x1 =
          cast<IntegerAttr>(v1.getDefiningOp<arith::ConstantOp>().getValue())
              .getValue()
              .getSExtValue();
      Value value = stepAlong(b, loc, iv, x0, x1 - x0);
      if (!v0.getType().isIndex())
        value = arith::IndexCastOp::create(b, loc, v0.getType(), value);
      stepping[&slot] = value;
      continue;
    }
    SliceView view = *sliceView(v0);
    tensor::ExtractSliceOp s0 = view.slice, s1 = sliceView(v1)->slice;
    Value value = tensor::ExtractSliceOp::create(
        b, loc, s0.getType(), s0.getSource(),
        steppingOffsets(b, loc, iv, s0.getStaticOffsets(),
                        s1.getStaticOffsets(), s0.getMixedOffsets()),
        s0.getMixedSizes(), s0.getMixedStrides());
    for (Operation *reshape : view.reshapes) {
      IRMapping operand;
      operand.map(reshape->getOperand(0), value);
      value = b.clone(*reshape, operand)->getResult(0);
    }
    stepping[&slot] = value;
  }

  // An empty tensor from before the run that a repetition computes into
  // is made in the body: each iteration's values are new ones, as each
  // repetition's were (the one from before would be written in every
  // iteration and copied first, as a value the next one may read).
  DenseMap<Operation *, Value> emptyTensors;
  auto emptyInBody = [&](tensor::EmptyOp empty) {
    Value &value = emptyTensors[empty];
    if (!value) {
      OpBuilder top = OpBuilder::atBlockBegin(body);
      value = top.clone(*empty)->getResult(0);
    }
    return value;
  };

  // The body: repetition 0's ops, their operands set by role.
  IRMapping mapping;
  SmallVector<Operation *> clones;
  for (int64_t j = 0; j < period; ++j)
    clones.push_back(b.clone(*op(0, j), mapping));
  SmallVector<std::tuple<Operation *, Operation *, OffsetSlot *>> rebuilt;
  slotCursor = offsetCursor = 0;
  for (int64_t j = 0; j < period; ++j)
    visit(
        op(0, j), clones[j],
        [&](Slot &slot, OpOperand &operand) {
          if (slot.role == Role::Carried)
            operand.set(loop.getRegionIterArgs()[carried.lookup(
                {slot.position, slot.result, slot.values.front()})]);
          else if (slot.role == Role::Stepping)
            operand.set(stepping.lookup(&slot));
          else if (slot.role == Role::Invariant)
            if (auto empty =
                    slot.values.front().getDefiningOp<tensor::EmptyOp>())
              operand.set(emptyInBody(empty));
        },
        [&](OffsetSlot &slot, Operation *original, Operation *clone) {
          if (slot.offsets[0] != slot.offsets[1])
            rebuilt.push_back({original, clone, &slot});
        });
  DenseMap<OffsetSlot *, tensor::ExtractSliceOp> siteSlices;
  for (auto [original, clone, slot] : rebuilt) {
    OpBuilder rb(clone);
    auto slice = cast<OffsetSizeAndStrideOpInterface>(clone);
    // Offsets computed at the top of the body (an scf.forall's terminator
    // region holds only its insertions).
    OpBuilder top = OpBuilder::atBlockBegin(body);
    SmallVector<OpFoldResult> offsets =
        steppingOffsets(top, loc, iv, slot->offsets[0], slot->offsets[1],
                        slice.getMixedOffsets());
    SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
    SmallVector<OpFoldResult> strides = slice.getMixedStrides();
    Operation *replacement = nullptr;
    if (auto extract = dyn_cast<tensor::ExtractSliceOp>(clone))
      replacement = tensor::ExtractSliceOp::create(
          rb, extract.getLoc(), extract.getType(), extract.getSource(), offsets,
          sizes, strides);
    else if (auto insert = dyn_cast<tensor::InsertSliceOp>(clone))
      replacement = tensor::InsertSliceOp::create(
          rb, insert.getLoc(), insert.getSource(), insert.getDest(), offsets,
          sizes, strides);
    else {
      auto parallel = cast<tensor::ParallelInsertSliceOp>(clone);
      replacement = tensor::ParallelInsertSliceOp::create(
          rb, parallel.getLoc(), parallel.getSource(), parallel.getDest(),
          offsets, sizes, strides);
    }
    clone->replaceAllUsesWith(replacement);
    clone->erase();
    mapping.map(original->getResults(), replacement->getResults());
    if (Slot *source = siteSource.lookup(slot))
      if (threadIndex.count(source->values.front()))
        siteSlices[slot] = cast<tensor::ExtractSliceOp>(replacement);
  }

  // Yields: carried values written back into their iteration value (one
  // buffer each after bufferization) unless computed into it already (a
  // chain of insertions into the previous value: a concatenation), stacked
  // ones inserted at the iteration's index.
  b.setInsertionPointToEnd(body);
  SmallVector<Value> yields;
  for (auto &[key, i] : carried) {
    auto [j, r, init] = key;
    Value value = mapping.lookup(op(0, j)->getResult(r));
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (type && !computedInto(value, loop.getRegionIterArgs()[i])) {
      Value dest = loop.getRegionIterArgs()[i];
      SmallVector<OpFoldResult> zeros(type.getRank(), b.getIndexAttr(0));
      SmallVector<OpFoldResult> ones(type.getRank(), b.getIndexAttr(1));
      value = tensor::InsertSliceOp::create(
          b, loc, value, dest, zeros,
          getAsIndexOpFoldResult(b.getContext(), type.getShape()), ones);
    }
    yields.push_back(value);
  }
  for (auto [n, key] : llvm::enumerate(stacked)) {
    auto [j, r] = key;
    Value value = mapping.lookup(op(0, j)->getResult(r));
    auto type = cast<RankedTensorType>(value.getType());
    yields.push_back(tensor::InsertSliceOp::create(
        b, loc, value, loop.getRegionIterArgs()[carried.size() + n],
        stackOffsets(b, iv, type), stackSizes(b, type),
        SmallVector<OpFoldResult>(type.getRank() + 1, b.getIndexAttr(1))));
  }
  for (auto &[source, sites] : threaded) {
    // In the order the iteration takes them out: each slice from the
    // carried tensor as it is then, what the iteration computed into it
    // (reshaped back) put back right after it is computed.
    SmallVector<tensor::ExtractSliceOp> order;
    for (OffsetSlot *slot : sites)
      if (tensor::ExtractSliceOp slice = siteSlices.lookup(slot))
        order.push_back(slice);
    llvm::sort(order, [](tensor::ExtractSliceOp x, tensor::ExtractSliceOp y) {
      return x->isBeforeInBlock(y);
    });
    Value chain = loop.getRegionIterArgs()[threadIndex.lookup(source)];
    SmallVector<Value> versions = {chain};
    for (tensor::ExtractSliceOp slice : order) {
      Operation *chainDef = chain.getDefiningOp();
      // The latest version before the slice (a version has every slice but
      // those put back already as it was: they are disjoint).
      for (Value version : llvm::reverse(versions))
        if (!version.getDefiningOp() ||
            version.getDefiningOp()->isBeforeInBlock(slice)) {
          slice->setOperand(0, version);
          break;
        }
      SmallVector<Operation *> reshapes;
      Value value = lastComputedInto(slice.getResult(), reshapes);
      // After the value's last reader too: put back, the value is the
      // carried tensor's, which bufferization sees written by the
      // insertion.
      Operation *after =
          value.getDefiningOp()
              ? body->findAncestorOpInBlock(*value.getDefiningOp())
              : slice.getOperation();
      for (Operation *user : value.getUsers())
        if (Operation *top = body->findAncestorOpInBlock(*user))
          if (after->isBeforeInBlock(top))
            after = top;
      if (chainDef && after->isBeforeInBlock(chainDef))
        after = chainDef;
      OpBuilder put(after->getContext());
      put.setInsertionPointAfter(after);
      for (Operation *reshape : llvm::reverse(reshapes)) {
        if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(reshape))
          value = tensor::ExpandShapeOp::create(
              put, loc, collapse.getSrcType(), value,
              collapse.getReassociationIndices());
        else
          value = tensor::CollapseShapeOp::create(
              put, loc, value,
              cast<tensor::ExpandShapeOp>(reshape).getReassociationIndices());
      }
      chain = tensor::InsertSliceOp::create(
          put, loc, value, chain, slice.getMixedOffsets(),
          slice.getMixedSizes(), slice.getMixedStrides());
      versions.push_back(chain);
    }
    yields.push_back(chain);
  }
  scf::YieldOp::create(b, loc, yields);

  // The last repetition reads the carried values from the loop.
  slotCursor = offsetCursor = 0;
  for (int64_t j = 0; j < period; ++j)
    visit(
        op(0, j), op(reps - 1, j),
        [&](Slot &slot, OpOperand &operand) {
          if (slot.role == Role::Carried)
            operand.set(loop.getResult(carried.lookup(
                {slot.position, slot.result, slot.values.front()})));
        },
        [](OffsetSlot &, Operation *, Operation *) {});

  // The code after the run reads the stacked results.
  b.setInsertionPointAfter(loop);
  for (auto [n, key] : llvm::enumerate(stacked)) {
    auto [j, r] = key;
    Value all = loop.getResult(carried.size() + n);
    auto type = cast<RankedTensorType>(op(0, j)->getResult(r).getType());
    SmallVector<OpFoldResult> sizes = stackSizes(b, type);
    SmallVector<OpFoldResult> strides(type.getRank() + 1, b.getIndexAttr(1));
    for (int64_t k = 0; k < loopReps; ++k) {
      Value value = op(k, j)->getResult(r);
      if (value.use_empty() || llvm::all_of(value.getUsers(), inLoop))
        continue;
      Value slice = tensor::ExtractSliceOp::create(
          b, loc, type, all, stackOffsets(b, b.getIndexAttr(k), type), sizes,
          strides);
      value.replaceUsesWithIf(
          slice, [&](OpOperand &use) { return !inLoop(use.getOwner()); });
    }
  }

  // The last repetition and the code after the run take their slices of a
  // carried tensor from the loop's (the same values: no iteration wrote
  // them).
  for (auto &[source, sites] : threaded) {
    Value all = loop.getResult(threadIndex.lookup(source));
    for (OffsetSlot *slot : sites)
      lastSites.lookup(slot)->setOperand(0, all);
    source.replaceUsesWithIf(all, [&](OpOperand &use) {
      Operation *top = block.findAncestorOpInBlock(*use.getOwner());
      return top && index.count(top) && index.lookup(top) >= end;
    });
  }

  // The looped repetitions are now read by nothing outside themselves.
  for (int64_t k = loopReps - 1; k >= 0; --k)
    for (int64_t j = period - 1; j >= 0; --j) {
      Operation *dead = op(k, j);
      dead->dropAllUses();
      dead->erase();
    }
  return success();
}

/// A run of `block` by signature (unchecked): its start, period and number
/// of repetitions.
struct Candidate {
  int64_t start, period, reps;
};

/// The maximal runs of at least `minRepeats` repetitions for every period,
/// those covering the most ops first.
SmallVector<Candidate> findCandidates(Block &block, int64_t minRepeats) {
  SmallVector<llvm::hash_code> signatures;
  for (Operation &op : block)
    signatures.push_back(op.hasTrait<OpTrait::IsTerminator>()
                             ? llvm::hash_code(0)
                             : signature(&op));
  int64_t n = signatures.size();
  SmallVector<Candidate> candidates;
  for (int64_t period = 1; period * minRepeats <= n; ++period) {
    int64_t runStart = 0;
    for (int64_t i = 0; i + period <= n; ++i) {
      bool same = i + period < n && signatures[i] == signatures[i + period] &&
                  signatures[i] != llvm::hash_code(0);
      if (same)
        continue;
      // Ops [runStart, i + period) have period `period`.
      int64_t reps = (i + period - runStart) / period;
      if (reps >= minRepeats)
        candidates.push_back({runStart, period, reps});
      runStart = i + 1;
    }
  }
  // Most ops first, then the shortest period, then the earliest.
  llvm::sort(candidates, [](const Candidate &x, const Candidate &y) {
    int64_t cx = x.period * x.reps, cy = y.period * y.reps;
    return std::make_tuple(-cx, x.period, x.start) <
           std::make_tuple(-cy, y.period, y.start);
  });
  return candidates;
}

/// Moves the region-free tensor ops of `block` that only reshape or slice
/// (pure) right before their first user: after a roll, the slices of the
/// stacked results, their reshapes and the insertions of a concatenation
/// are three runs one after the other; op by op they repeat in turn.
void sinkSlices(Block &block) {
  SmallVector<Operation *> candidates;
  for (Operation &op : block)
    if (isa<tensor::ExtractSliceOp, tensor::ExpandShapeOp,
            tensor::CollapseShapeOp>(op))
      candidates.push_back(&op);
  for (Operation *op : llvm::reverse(candidates)) {
    Operation *first = nullptr;
    for (Operation *user : op->getUsers()) {
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!first || top->isBeforeInBlock(first))
        first = top;
    }
    if (first && first != op->getNextNode())
      op->moveBefore(first);
  }
}

struct RollRepeatsPass
    : public tfs::impl::RollRepeatsPassBase<RollRepeatsPass> {
  using RollRepeatsPassBase::RollRepeatsPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    // The bodies of the loops whose ops are whole ops of a batch
    // (tfs-fuse-image-chains: a recurrence's steps for a thread's rows, or
    // for all of them), then the function's block: rolling it may move
    // those loops into a loop of its own.
    SmallVector<Block *> bodies;
    func.walk([&](Operation *op) {
      if (op->hasAttr(tfs::kTaskLoopAttr) || op->hasAttr(tfs::kImageLoopAttr))
        bodies.push_back(&op->getRegion(0).front());
    });
    for (Block *body : bodies)
      rollBlock(*body, /*sunk=*/true);
    rollBlock(func.getBody().front(), /*sunk=*/false);
  }

  /// Rolls the runs of `block`. Its slices first move next to their users
  /// when `sunk` (in a loop's body, tile-and-fuse put the slices of the
  /// loop's rows that every step reads at its top, not in the steps).
  void rollBlock(Block &block, bool sunk) {
    if (sunk)
      sinkSlices(block);
    int64_t minReps = std::max<int64_t>(minRepeats, 3);
    // Each rolled run makes the block shorter; look again until nothing
    // rolls.
    for (bool rolled = true; rolled;) {
      rolled = false;
      BlockOps blockOps(block);
      for (Candidate candidate : findCandidates(block, minReps)) {
        // Two repetitions per iteration first: the first computes the
        // carried values into new buffers, the second into the loop's own,
        // which nothing reads any more by then; with one, it would
        // overwrite values it still reads, and bufferization copies them
        // first. A run whose first repetition differs in its operands (a
        // first step reading the constant initial state, which
        // canonicalization moved to the other side of a product) rolls
        // from the next one.
        for (int64_t skip = 0; skip < 2 && !rolled; ++skip)
          for (int64_t factor = 2; factor >= 1 && !rolled; --factor) {
            int64_t reps = (candidate.reps - skip) / factor;
            if (reps < minReps)
              continue;
            Run run(blockOps, candidate.start + skip * candidate.period,
                    factor * candidate.period);
            reps = run.match(reps);
            if (reps < minReps || reps * run.opsPerRep() < minOps ||
                run.onlyViews())
              continue;
            rolled = succeeded(run.roll());
          }
        if (rolled)
          break;
      }
      if (rolled && !sunk) {
        sinkSlices(block);
        sunk = true;
      }
    }
  }
};

} // namespace
