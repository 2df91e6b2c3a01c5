//===- CheckIndices.cpp - gather indices proven or checked ----------------===//
//
// This file implements tfs-check-indices: every tfs.gather's indices are
// proven in range from the ops that compute them, or are a feed of the
// model, which is then checked before the run (tfs.index_checks on the
// argument, turned into code by tfs-export-entry). Anything else is an
// error at the gather's source location.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"

#include "dialects/TFS/IR/TFSOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_CHECKINDICESPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;
using namespace mlir::tfs;

namespace {

/// What is known of the values of an integer tensor: every element is at
/// least `lo` and at most `hi` (either may be unknown). An empty tensor is
/// [0, -1].
struct Bounds {
  std::optional<int64_t> lo, hi;
};

/// The smallest and largest value of `type`'s signless (TF: signed)
/// integer elements; none for other types.
static std::optional<std::pair<int64_t, int64_t>> typeRange(Type type) {
  auto integer = dyn_cast<IntegerType>(getElementTypeOrSelf(type));
  if (!integer || !integer.isSignless() || integer.getWidth() > 64 ||
      integer.getWidth() < 2)
    return std::nullopt;
  unsigned width = integer.getWidth();
  return std::pair{llvm::minIntN(width), llvm::maxIntN(width)};
}

/// Interval arithmetic over the tfs ops that compute indices.
class BoundsAnalysis {
public:
  Bounds of(Value value, int depth = 0) {
    auto it = known.find(value);
    if (it != known.end())
      return it->second;
    Bounds bounds = depth > kMaxDepth ? Bounds{} : compute(value, depth + 1);
    // A bound outside the element type means the values wrapped around:
    // they may be anything.
    std::optional<std::pair<int64_t, int64_t>> range =
        typeRange(value.getType());
    auto outside = [&](std::optional<int64_t> bound) {
      return bound && (*bound < range->first || *bound > range->second);
    };
    if (!range || outside(bounds.lo) || outside(bounds.hi))
      bounds = {};
    if (bounds.lo && bounds.hi && *bounds.lo > *bounds.hi &&
        !(*bounds.lo == 0 && *bounds.hi == -1))
      bounds = {};
    known[value] = bounds;
    return bounds;
  }

private:
  /// Index computations are short; a longer chain is left unknown.
  static constexpr int kMaxDepth = 64;

  static Bounds join(Bounds a, Bounds b) {
    Bounds r;
    if (a.lo && b.lo)
      r.lo = std::min(*a.lo, *b.lo);
    if (a.hi && b.hi)
      r.hi = std::max(*a.hi, *b.hi);
    return r;
  }

  Bounds compute(Value value, int depth) {
    Operation *op = value.getDefiningOp();
    if (!op)
      return {};
    auto operand = [&](unsigned i) { return of(op->getOperand(i), depth); };
    if (auto constant = dyn_cast<ConstantOp>(op)) {
      auto ints = dyn_cast<DenseIntElementsAttr>(constant.getValue());
      if (!ints)
        return {};
      if (ints.empty())
        return {0, -1};
      Bounds r{INT64_MAX, INT64_MIN};
      for (const APInt &v : ints.getValues<APInt>()) {
        int64_t x = v.getSExtValue();
        r.lo = std::min(*r.lo, x);
        r.hi = std::max(*r.hi, x);
      }
      return r;
    }
    if (isa<ArgMaxOp, ArgMinOp>(op)) {
      auto input = cast<RankedTensorType>(op->getOperand(0).getType());
      int64_t axis = cast<IntegerAttr>(op->getAttr("axis")).getInt();
      if (axis < 0)
        axis += input.getRank();
      return {0, input.getDimSize(axis) - 1};
    }
    // Ops whose elements are some of their input's.
    if (isa<IdentityOp, ReshapeOp, TransposeOp, SliceOp, StridedSliceOp,
            SplitOp>(op))
      return operand(0);
    if (isa<GatherOp>(op))
      return operand(0);
    if (isa<CastOp>(op))
      return isa<IntegerType>(getElementTypeOrSelf(op->getOperand(0).getType()))
                 ? operand(0)
                 : Bounds{};
    if (isa<SelectOp>(op))
      return join(operand(1), operand(2));
    if (isa<ConcatOp>(op)) {
      Bounds r = operand(0);
      for (unsigned i = 1; i < op->getNumOperands(); ++i)
        r = join(r, operand(i));
      return r;
    }
    if (auto pad = dyn_cast<PadOp>(op)) {
      if (pad.getMode() != "CONSTANT")
        return operand(0);
      auto padding = int64_t(pad.getConstantValue().convertToDouble());
      return join(operand(0), {padding, padding});
    }
    if (isa<MaximumOp, MinimumOp, AddOp, SubOp>(op)) {
      Bounds a = operand(0), b = operand(1);
      using Bound = std::optional<int64_t>;
      // f of two bounds, known when both are (both) or when either is
      // (either: a maximum is at least its known lower bound).
      auto both = [](Bound x, Bound y, auto f) -> Bound {
        return x && y ? f(*x, *y) : std::nullopt;
      };
      auto either = [](Bound x, Bound y, auto f) -> Bound {
        return x && y ? f(*x, *y) : x ? x : y;
      };
      auto maxOf = [](int64_t x, int64_t y) -> Bound { return std::max(x, y); };
      auto minOf = [](int64_t x, int64_t y) -> Bound { return std::min(x, y); };
      auto plus = [](int64_t x, int64_t y) { return llvm::checkedAdd(x, y); };
      auto minus = [](int64_t x, int64_t y) { return llvm::checkedSub(x, y); };
      if (isa<MaximumOp>(op))
        return {either(a.lo, b.lo, maxOf), both(a.hi, b.hi, maxOf)};
      if (isa<MinimumOp>(op))
        return {both(a.lo, b.lo, minOf), either(a.hi, b.hi, minOf)};
      if (isa<AddOp>(op))
        return {both(a.lo, b.lo, plus), both(a.hi, b.hi, plus)};
      return {both(a.lo, b.hi, minus), both(a.hi, b.lo, minus)};
    }
    return {};
  }

  DenseMap<Value, Bounds> known;
};

/// "embedding_lookup (defined at model.py:12)", as TF names a node in its
/// errors: the NameLoc's name (the op's own name without one) and its
/// file location, if it has one.
static std::string describeNode(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  Location loc = op->getLoc();
  if (auto name = dyn_cast<NameLoc>(loc)) {
    os << name.getName().getValue();
    loc = name.getChildLoc();
  } else {
    os << op->getName();
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    os << " (defined at " << file.getFilename().getValue() << ":"
       << file.getLine() << ")";
  return text;
}

struct CheckIndicesPass
    : public tfs::impl::CheckIndicesPassBase<CheckIndicesPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    BoundsAnalysis analysis;
    bool failedAny = false;
    module.walk([&](GatherOp gather) {
      auto indicesType = cast<RankedTensorType>(gather.getIndices().getType());
      auto paramsType = cast<RankedTensorType>(gather.getParams().getType());
      int64_t limit = paramsType.getDimSize(gather.getAxis());
      if (indicesType.getNumElements() == 0)
        return;
      Bounds bounds = analysis.of(gather.getIndices());
      if (bounds.lo && bounds.hi && *bounds.lo >= 0 && *bounds.hi < limit)
        return;
      // A feed, as it is, reshaped or cast from another integer type
      // (which keeps every value in [0, limit)): checked before the run.
      Value source = gather.getIndices();
      auto passesIndices = [](Operation *op) {
        if (isa_and_nonnull<IdentityOp, ReshapeOp>(op))
          return true;
        auto cast = dyn_cast_or_null<CastOp>(op);
        return cast && typeRange(cast.getInput().getType()).has_value();
      };
      while (passesIndices(source.getDefiningOp()))
        source = source.getDefiningOp()->getOperand(0);
      auto feed = dyn_cast<BlockArgument>(source);
      auto func = feed ? dyn_cast<func::FuncOp>(feed.getOwner()->getParentOp())
                       : nullptr;
      if (!func || func.getSymName() != entry ||
          feed.getOwner() != &func.getBody().front()) {
        // At the location alone: the TF node and its line say where.
        InFlightDiagnostic diag = emitError(gather.getLoc())
                                  << "cannot prove that the indices of this "
                                     "gather are in [0, "
                                  << limit << ")";
        if (bounds.lo || bounds.hi)
          diag << " (they are known to be in ["
               << (bounds.lo ? std::to_string(*bounds.lo) : "?") << ", "
               << (bounds.hi ? std::to_string(*bounds.hi) : "?") << "])";
        diag << ": tfsc checks indices when the model runs only where they "
                "are fed (a placeholder); bound computed indices with "
                "tf.clip_by_value(ids, 0, "
             << limit - 1 << ") or feed them";
        failedAny = true;
        return;
      }
      Builder b(module.getContext());
      SmallVector<Attribute> checks;
      if (auto existing = func.getArgAttrOfType<ArrayAttr>(feed.getArgNumber(),
                                                           kIndexChecksAttr))
        llvm::append_range(checks, existing);
      checks.push_back(b.getDictionaryAttr({
          b.getNamedAttr("limit", b.getI64IntegerAttr(limit)),
          b.getNamedAttr("shape",
                         b.getDenseI64ArrayAttr(indicesType.getShape())),
          b.getNamedAttr("node", b.getStringAttr(describeNode(gather))),
      }));
      func.setArgAttr(feed.getArgNumber(), kIndexChecksAttr,
                      b.getArrayAttr(checks));
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
