//===- WinogradConv.cpp - Winograd 3x3 and 5x5 convolutions ---------------===//
//
// This file implements tfs-winograd-conv: a stride-1 NHWC convolution with a
// 3x3 or 5x5 filter computes its outputs in tiles of m x m with Winograd's
// minimal filtering algorithm F(m x m, r x r) (Lavin and Gray, "Fast
// Algorithms for Convolutional Neural Networks", 2016): F(4x4, 3x3) and
// F(2x2, 5x5), both on 6 x 6 input tiles. Per tile and channel pair, 36
// multiply-adds replace 144 (3x3) or 100 (5x5); the rest is linear
// transforms of the input tiles, the filter and the products, with small
// constant coefficients.
//
// The code is emitted as vector loops on tensors, before bufferization:
// the filter transform U = G g G^T over the whole filter, then one task per
// block of tile rows of an image (an scf.forall over images and blocks):
// the input transform V = B^T d B of the task's tiles, 36 products V[p] x
// U[p] in register tiles of R tiles x two vectors of output channels, and
// the output transform Y = A^T M A, with the elementwise epilogue that
// follows the convolution (bias, activation) applied to the vectors before
// they are stored. Channels are the vector lanes throughout (NHWC), so
// every load and store is a whole vector.
//
// Results differ from direct sums by rounding (about 1e-5 of the output's
// range, measured in test/python/winograd.py), and an infinity or NaN in a
// tile's inputs makes all of its outputs NaN.
//
//===----------------------------------------------------------------------===//

#include "tfs/Codegen/Passes.h"
#include "tfs/Codegen/Utils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

namespace mlir::tfs {
#define GEN_PASS_DEF_WINOGRADCONVPASS
#include "tfs/Codegen/Passes.h.inc"
} // namespace mlir::tfs

using namespace mlir;

namespace {

/// The transform matrices of F(m, r) on n = m + r - 1 points: 0, 1, -1, 2,
/// -2 (as many as needed) and infinity, in the form Y = A^T [(G g) . (B^T
/// d)] for the correlation y_i = sum_k d_{i+k} g_k (a convolution layer's).
struct Transform {
  int64_t m, r, n;
  SmallVector<double> at; // m x n
  SmallVector<double> g;  // n x r
  SmallVector<double> bt; // n x n

  Transform(int64_t m, int64_t r) : m(m), r(r), n(m + r - 1) {
    static const double kPoints[] = {0, 1, -1, 2, -2, 0.5, -0.5};
    assert(n - 1 <= static_cast<int64_t>(std::size(kPoints)));
    ArrayRef<double> a(kPoints, n - 1);
    at.assign(m * n, 0);
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n - 1; ++j)
        at[i * n + j] = std::pow(a[j], static_cast<double>(i));
      at[i * n + n - 1] = i == m - 1 ? 1 : 0;
    }
    g.assign(n * r, 0);
    for (int64_t j = 0; j < n - 1; ++j) {
      double f = 1;
      for (int64_t l = 0; l < n - 1; ++l)
        if (l != j)
          f *= a[j] - a[l];
      for (int64_t k = 0; k < r; ++k)
        g[j * r + k] = std::pow(a[j], static_cast<double>(k)) / f;
    }
    g[(n - 1) * r + r - 1] = 1;
    // Row j < n - 1: the coefficients of prod_{l != j} (x - a_l); the last
    // row: those of prod_l (x - a_l).
    bt.assign(n * n, 0);
    for (int64_t j = 0; j < n; ++j) {
      SmallVector<double> p = {1};
      for (int64_t l = 0; l < n - 1; ++l) {
        if (l == j)
          continue;
        SmallVector<double> q(p.size() + 1, 0);
        for (size_t i = 0; i < p.size(); ++i) {
          q[i] -= a[l] * p[i];
          q[i + 1] += p[i];
        }
        p = std::move(q);
      }
      for (size_t i = 0; i < p.size(); ++i)
        bt[j * n + i] = p[i];
    }
  }
};

/// The tile size m of the F(m, r) used for an r x r filter, or 0.
int64_t tileSize(int64_t r) {
  switch (r) {
  case 3:
    return 4;
  case 5:
    return 2;
  default:
    return 0;
  }
}

/// Builds the vector arithmetic of the transforms.
struct VectorBuilder {
  OpBuilder &b;
  Location loc;
  VectorType type;

  Value splat(double v) {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getF32FloatAttr(v)));
  }
  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  /// sum_j coeffs[j] * values[j]: zero coefficients skipped, +-1 as
  /// additions and subtractions, others as FMAs.
  Value combine(ArrayRef<double> coeffs, ArrayRef<Value> values) {
    Value acc;
    for (auto [c, v] : llvm::zip_equal(coeffs, values)) {
      if (c == 0)
        continue;
      if (!acc)
        acc = c == 1    ? v
              : c == -1 ? arith::NegFOp::create(b, loc, v).getResult()
                        : arith::MulFOp::create(b, loc, splat(c), v);
      else if (c == 1)
        acc = arith::AddFOp::create(b, loc, acc, v);
      else if (c == -1)
        acc = arith::SubFOp::create(b, loc, acc, v);
      else
        acc = vector::FMAOp::create(b, loc, splat(c), v, acc);
    }
    return acc ? acc : splat(0);
  }

  /// out = M x M^T for the rows x cols matrix M (row-major) and a cols x
  /// cols matrix x of vectors: rows x rows vectors.
  SmallVector<Value> transform2d(ArrayRef<double> mat, int64_t rows,
                                 int64_t cols, ArrayRef<Value> x) {
    SmallVector<Value> tmp(rows * cols), out(rows * rows), column(cols);
    for (int64_t a = 0; a < rows; ++a)
      for (int64_t j = 0; j < cols; ++j) {
        for (int64_t i = 0; i < cols; ++i)
          column[i] = x[i * cols + j];
        tmp[a * cols + j] = combine(mat.slice(a * cols, cols), column);
      }
    for (int64_t a = 0; a < rows; ++a)
      for (int64_t c = 0; c < rows; ++c)
        out[a * rows + c] = combine(mat.slice(c * cols, cols),
                                    ArrayRef<Value>(tmp).slice(a * cols, cols));
    return out;
  }

  Value read(Value tensor, ArrayRef<Value> indices) {
    return vector::TransferReadOp::create(b, loc, type, tensor, indices,
                                          std::nullopt, ArrayRef<bool>{true});
  }
  Value write(Value vector, Value tensor, ArrayRef<Value> indices) {
    return vector::TransferWriteOp::create(b, loc, vector, tensor, indices,
                                           ArrayRef<bool>{true})
        .getResult();
  }
  /// Writes `rows` at consecutive positions of the second-to-last
  /// dimension from `indices`, as one 2-D transfer (a rows x vl vector,
  /// unrolled again after bufferization): One-Shot Bufferize's analysis
  /// grew faster than linearly with the length of a chain of writes into
  /// one tensor.
  Value writeRows(ArrayRef<Value> rows, Value tensor, ArrayRef<Value> indices) {
    auto rowsType = VectorType::get(
        {static_cast<int64_t>(rows.size()), type.getNumElements()},
        type.getElementType());
    Value matrix = ub::PoisonOp::create(b, loc, rowsType);
    for (auto [i, row] : llvm::enumerate(rows))
      matrix = vector::InsertOp::create(b, loc, row, matrix,
                                        ArrayRef<int64_t>{(int64_t)i});
    return vector::TransferWriteOp::create(b, loc, matrix, tensor, indices,
                                           ArrayRef<bool>{true, true})
        .getResult();
  }
};

/// A linalg.generic applying elementwise ops to a convolution's result
/// (bias, activation), vectorizable along the channels: all loops parallel,
/// the result and the input it reads the convolution's result through with
/// identity maps, other inputs indexed by the identity or by the channel
/// alone, a body of elementwise arith/math ops on f32 values.
struct Epilogue {
  linalg::GenericOp op;
  int64_t operand; // the input that reads the previous value
  /// What the body reads for each input (the inputs, or padded copies).
  SmallVector<Value> inputs;
};

bool isVectorizableBody(linalg::GenericOp generic) {
  for (Operation &op : generic.getBody()->without_terminator()) {
    if (!isa<arith::ArithDialect, math::MathDialect>(op.getDialect()))
      return false;
    if (isa<arith::ConstantOp>(op)) {
      if (!isa<FloatType>(op.getResult(0).getType()))
        return false;
      continue;
    }
    if (!op.hasTrait<OpTrait::Elementwise>() || op.getNumRegions() != 0 ||
        op.getNumResults() != 1)
      return false;
    for (Type type : op.getOperandTypes())
      if (!type.isF32() && !type.isInteger(1))
        return false;
    if (!op.getResult(0).getType().isF32() &&
        !op.getResult(0).getType().isInteger(1))
      return false;
  }
  return true;
}

std::optional<Epilogue> epilogueOf(Value value) {
  auto [generic, operand] = tfs::fusableEpilogue(value);
  if (!generic ||
      !generic.getMatchingBlockArgument(generic.getDpsInitOperand(0))
           .use_empty())
    return std::nullopt;
  MLIRContext *context = generic.getContext();
  AffineMap channel = AffineMap::get(4, 0, getAffineDimExpr(3, context));
  for (OpOperand *in : generic.getDpsInputOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(in);
    auto inType = dyn_cast<RankedTensorType>(in->get().getType());
    if (!inType || !inType.getElementType().isF32())
      return std::nullopt;
    if (!map.isIdentity() && map != channel)
      return std::nullopt;
  }
  if (!isVectorizableBody(generic))
    return std::nullopt;
  return Epilogue{generic, operand, generic.getDpsInputs()};
}

/// Applies an epilogue's body to `value`, the vector of channels
/// [f, f + lanes) at (n, y, x): the body's ops on vectors.
Value applyEpilogue(VectorBuilder &vb, const Epilogue &epilogue, Value value,
                    ArrayRef<Value> position) {
  linalg::GenericOp generic = epilogue.op;
  Block *body = generic.getBody();
  IRMapping mapping;
  for (OpOperand *in : generic.getDpsInputOperands()) {
    BlockArgument arg = generic.getMatchingBlockArgument(in);
    if (in->getOperandNumber() == epilogue.operand)
      mapping.map(arg, value);
    else if (arg.use_empty())
      continue;
    else if (generic.getMatchingIndexingMap(in).isIdentity())
      mapping.map(arg,
                  vb.read(epilogue.inputs[in->getOperandNumber()], position));
    else
      mapping.map(arg, vb.read(epilogue.inputs[in->getOperandNumber()],
                               position.back()));
  }
  auto vectorOf = [&](Type type) {
    return VectorType::get(vb.type.getShape(), type);
  };
  auto lookup = [&](Value v) -> Value {
    if (Value mapped = mapping.lookupOrNull(v))
      return mapped;
    // A scalar from outside the body: broadcast.
    return vector::BroadcastOp::create(vb.b, vb.loc, vectorOf(v.getType()), v);
  };
  for (Operation &op : body->without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto attr = cast<FloatAttr>(constant.getValue());
      mapping.map(constant.getResult(),
                  arith::ConstantOp::create(
                      vb.b, vb.loc,
                      DenseElementsAttr::get(vectorOf(attr.getType()), attr)));
      continue;
    }
    OperationState state(vb.loc, op.getName());
    for (Value operand : op.getOperands())
      state.operands.push_back(lookup(operand));
    state.types.push_back(vectorOf(op.getResult(0).getType()));
    state.attributes = op.getAttrs();
    mapping.map(op.getResult(0), vb.b.create(state)->getResult(0));
  }
  return lookup(body->getTerminator()->getOperand(0));
}

/// Whether `value` is a constant +0.0 (not -0.0: x + -0.0 keeps x's sign
/// where x + 0.0 does not).
bool isPlusZero(Value value) {
  return value && matchPattern(value, m_AnyZeroFloat()) &&
         !matchPattern(value, m_NegZeroFloat());
}

/// `value` (N x H x W x C) with `rows` and `cols` more rows and columns of
/// zeros (the init or an epilogue's input, read at output positions). A
/// zero tensor.pad used only here grows instead (one copy).
Value padHigh(OpBuilder &b, Location loc, Value value, int64_t rows,
              int64_t cols) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += rows;
  shape[2] += cols;
  auto padded = RankedTensorType::get(shape, type.getElementType());
  Value zero =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  if (auto pad = value.getDefiningOp<tensor::PadOp>();
      pad && pad->hasOneUse() && isPlusZero(pad.getConstantPaddingValue())) {
    SmallVector<OpFoldResult> high = pad.getMixedHighPad();
    auto grow = [&](int64_t dim, int64_t extra) {
      if (extra)
        high[dim] = affine::makeComposedFoldedAffineApply(
            b, loc, b.getAffineDimExpr(0) + extra, {high[dim]});
    };
    grow(1, rows);
    grow(2, cols);
    return tensor::PadOp::create(b, loc, padded, pad.getSource(),
                                 pad.getMixedLowPad(), high, zero,
                                 pad.getNofold());
  }
  return tensor::createPadHighOp(padded, value, zero, /*nofold=*/false, loc, b);
}

/// A part of a tensor: offsets and sizes (unit strides).
struct Part {
  SmallVector<OpFoldResult> offsets, sizes;
};

/// An scf.forall over `counts` tasks, each computing its part of `dest`
/// (`part` of the task's indices) from that slice with `body`.
Value forallParts(OpBuilder &b, Location loc, ArrayRef<int64_t> counts,
                  Value dest, function_ref<Part(OpBuilder &, ValueRange)> part,
                  function_ref<Value(OpBuilder &, ValueRange, Value)> body) {
  SmallVector<OpFoldResult> ubs;
  for (int64_t count : counts)
    ubs.push_back(b.getIndexAttr(count));
  auto forall = scf::ForallOp::create(
      b, loc, ubs, ValueRange{dest}, std::nullopt,
      [&](OpBuilder &ob, Location, ValueRange args) {
        ValueRange ivs = args.drop_back();
        Part p = part(ob, ivs);
        SmallVector<OpFoldResult> ones(p.offsets.size(), ob.getIndexAttr(1));
        Value slice = tensor::ExtractSliceOp::create(ob, loc, args.back(),
                                                     p.offsets, p.sizes, ones);
        Value computed = body(ob, ivs, slice);
        auto inParallel = scf::InParallelOp::create(ob, loc);
        OpBuilder::InsertionGuard guard(ob);
        ob.setInsertionPointToStart(inParallel.getBody());
        tensor::ParallelInsertSliceOp::create(ob, loc, computed, args.back(),
                                              p.offsets, p.sizes, ones);
      });
  return forall->getResult(0);
}

/// Nested scf.for loops, the d-th from 0 to `uppers[d]` by `steps[d]`,
/// carrying one value from `init`, which `body` computes from the loops'
/// indices and its value before.
Value loopNest(OpBuilder &b, Location loc, ArrayRef<int64_t> uppers,
               ArrayRef<int64_t> steps, Value init,
               function_ref<Value(OpBuilder &, ValueRange, Value)> body) {
  std::function<Value(OpBuilder &, SmallVector<Value>, Value)> nest =
      [&](OpBuilder &ob, SmallVector<Value> ivs, Value acc) -> Value {
    size_t d = ivs.size();
    if (d == uppers.size())
      return body(ob, ivs, acc);
    return scf::ForOp::create(
               ob, loc, arith::ConstantIndexOp::create(ob, loc, 0),
               arith::ConstantIndexOp::create(ob, loc, uppers[d]),
               arith::ConstantIndexOp::create(ob, loc, steps[d]),
               ValueRange{acc},
               [&](OpBuilder &ib, Location, Value iv, ValueRange args) {
                 SmallVector<Value> next = ivs;
                 next.push_back(iv);
                 scf::YieldOp::create(ib, loc, nest(ib, next, args[0]));
               })
        .getResult(0);
  };
  return nest(b, {}, init);
}

/// forallParts as loops on the calling thread.
Value serialParts(OpBuilder &b, Location loc, ArrayRef<int64_t> counts,
                  Value dest, function_ref<Part(OpBuilder &, ValueRange)> part,
                  function_ref<Value(OpBuilder &, ValueRange, Value)> body) {
  return loopNest(
      b, loc, counts, SmallVector<int64_t>(counts.size(), 1), dest,
      [&](OpBuilder &ob, ValueRange ivs, Value acc) -> Value {
        Part p = part(ob, ivs);
        SmallVector<OpFoldResult> ones(p.offsets.size(), ob.getIndexAttr(1));
        Value slice = tensor::ExtractSliceOp::create(ob, loc, acc, p.offsets,
                                                     p.sizes, ones);
        Value computed = body(ob, ivs, slice);
        return tensor::InsertSliceOp::create(ob, loc, computed, acc, p.offsets,
                                             p.sizes, ones);
      });
}

/// A new private zero-initialized global `tfs.winograd.<what>` (renamed if
/// taken) of `type`, read through memref.get_global at `b`.
Value cachedGlobal(OpBuilder &b, Location loc, SymbolTable &symbols,
                   StringRef what, MemRefType type) {
  auto module = symbols.getOp();
  OpBuilder mb(module->getContext());
  mb.setInsertionPointToStart(&module->getRegion(0).front());
  auto global = memref::GlobalOp::create(
      mb, loc, (Twine("tfs.winograd.") + what).str(),
      mb.getStringAttr("private"), type,
      DenseElementsAttr::get(
          RankedTensorType::get(type.getShape(), type.getElementType()),
          mb.getZeroAttr(type.getElementType())),
      /*constant=*/false, mb.getI64IntegerAttr(64));
  symbols.insert(global);

  return memref::GetGlobalOp::create(b, loc, type, global.getSymName());
}

/// Whether the f32 tensor `value` and the memref `copy` (same shape, the
/// last dimension a multiple of `vtype`'s lanes) differ in any bit, in the
/// elements whose index in dimension `dim` is `at`.
Value differs(OpBuilder &b, Location loc, Value value, Value copy,
              VectorType vtype, int64_t dim, Value at) {
  auto shape = cast<ShapedType>(value.getType()).getShape();
  int64_t lanes = vtype.getNumElements();
  auto intType = VectorType::get({lanes}, b.getI32Type());
  Value any = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  // One loop per other dimension, the last by vectors.
  SmallVector<int64_t> uppers, steps;
  for (auto [d, size] : llvm::enumerate(shape)) {
    if (static_cast<int64_t>(d) == dim)
      continue;
    uppers.push_back(size);
    steps.push_back(d + 1 == shape.size() ? lanes : 1);
  }
  return loopNest(b, loc, uppers, steps, any,
                  [&](OpBuilder &ob, ValueRange ivs, Value acc) -> Value {
                    SmallVector<Value> indices(ivs);
                    indices.insert(indices.begin() + dim, at);
                    auto read = [&](Value source) -> Value {
                      return vector::BitCastOp::create(
                          ob, loc, intType,
                          vector::TransferReadOp::create(ob, loc, vtype, source,
                                                         indices, std::nullopt,
                                                         ArrayRef<bool>{true}));
                    };
                    Value ne =
                        arith::CmpIOp::create(ob, loc, arith::CmpIPredicate::ne,
                                              read(value), read(copy));
                    Value some = vector::ReductionOp::create(
                        ob, loc, vector::CombiningKind::OR, ne);
                    return arith::OrIOp::create(ob, loc, acc, some);
                  });
}

/// Whether `value` is a tensor filled with +0.0.
bool isZeroFilled(Value value) {
  auto fill = value.getDefiningOp<linalg::FillOp>();
  return fill && isPlusZero(fill.getInputs()[0]);
}

/// Keeps LLVM from unrolling the loop computing `loopResult` (loops of few
/// iterations over large bodies: a transform's 36 vectors, twice for 32
/// channels; their unrolled copies took about a quarter of LLVM's time for
/// the image filter and gained nothing).
Value keepRolled(Value loopResult) {
  tfs::disableUnrolling(loopResult.getDefiningOp());
  return loopResult;
}

struct WinogradConvPass
    : public tfs::impl::WinogradConvPassBase<WinogradConvPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
    getOperation().walk(
        [&](linalg::Conv2DNhwcHwcfOp conv) { convs.push_back(conv); });
    SymbolTable symbols(getOperation());
    for (linalg::Conv2DNhwcHwcfOp conv : convs)
      rewrite(conv, symbols);
  }

  /// The lanes of a vector and the registers of the target (see
  /// tfs-tile-conv-matmul's RegisterBudget).
  int64_t lanes() const { return std::max<int64_t>(vectorBits / 32, 4); }
  int64_t registers() const { return vectorBits >= 512 ? 32 : 16; }

  void rewrite(linalg::Conv2DNhwcHwcfOp conv, SymbolTable &symbols) {
    if (!conv.hasPureTensorSemantics() ||
        !llvm::all_of(conv.getStrides().getValues<int64_t>(),
                      [](int64_t s) { return s == 1; }) ||
        !llvm::all_of(conv.getDilations().getValues<int64_t>(),
                      [](int64_t d) { return d == 1; }))
      return;
    auto inputType = cast<RankedTensorType>(conv.getInputs()[0].getType());
    auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
    auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
    if (!inputType.hasStaticShape() || !filterType.hasStaticShape() ||
        !outputType.hasStaticShape() || !inputType.getElementType().isF32() ||
        !filterType.getElementType().isF32() ||
        !outputType.getElementType().isF32())
      return;
    int64_t r = filterType.getDimSize(0);
    int64_t m = tileSize(r);
    int64_t vl = lanes();
    int64_t images = outputType.getDimSize(0);
    int64_t height = outputType.getDimSize(1), width = outputType.getDimSize(2);
    int64_t c = filterType.getDimSize(2), f = filterType.getDimSize(3);
    if (m == 0 || filterType.getDimSize(1) != r || c % vl != 0 || f % vl != 0)
      return;
    Transform t(m, r);
    int64_t n = t.n, points = n * n;
    // Sizes the tile does not divide are computed as if the input had
    // zeros below and to the right, up to whole tiles, and sliced: at most
    // 1.6x the outputs (14 x 14 and 7 x 7 in tiles of 4: 1.31x; 13 x 13:
    // 1.51x, 3x3 64-256 channels 0.54-0.66x the direct time). 9 x 9 as
    // 12 x 12 (1.78x) took 0.68x the time at 1 thread but 1.23x at 2: its
    // 9 tiles make one task, for one thread.
    int64_t tiles = llvm::divideCeil(width, m);
    int64_t tileRows = llvm::divideCeil(height, m);
    int64_t padH = tileRows * m - height, padW = tiles * m - width;
    if (tiles * tileRows * m * m * 5 > height * width * 8)
      return;
    // Output channels in blocks of fb, input channels in blocks of cb: a
    // task computes fb output channels of its tiles, their products summed
    // over blocks of cb input channels. Every task reads all of U for its
    // fb channels: all of it (fb = F, cb = C) when it is small enough to
    // come from L2 or L3 for each task. A larger U (256 -> 256 channels:
    // 9.4 MB) is read from memory, once per call only if a task holds all
    // the tiles of an image: then blocks of 64 output channels, and input
    // channels in blocks that keep a block's transformed tiles and the
    // task's products in L2; up to kMaxBlockedFilterBytes (with the
    // filter's comparison, 6x the filter's bytes read each call).
    int64_t fb = f, cb = c;
    int64_t k = 1, cols = tiles;
    auto bytesOf = [&](int64_t taskTiles) {
      return points * taskTiles * (cb + fb) * 4;
    };
    if (c * (points * f + vl) * 4 > kMaxFilterBytes) {
      fb = kBlockChannels;
      if (c * points * f * 4 > kMaxBlockedFilterBytes)
        return;
      if (f % fb != 0 || tiles * tileRows < kTaskTiles)
        return;
      k = tileRows;
      for (cb = c; bytesOf(tiles * tileRows) > kTaskBytes; cb /= 2)
        if (cb % 2 != 0 || (cb / 2) % vl != 0)
          return;
    } else {
      // A task: `k` rows of `cols` tiles of an image, the fewest rows with
      // at least kTaskTiles tiles whose transformed tiles and products stay
      // in L2; in a wide image, a part of a row (224 x 224 x 64: 56 tiles a
      // row, 1 MiB of them; two tasks of 28).
      while (bytesOf(cols) > kTaskBytes && cols > 1) {
        --cols;
        while (tiles % cols != 0)
          --cols;
      }
      auto taskBytes = [&](int64_t k) { return bytesOf(k * cols); };
      while (k * cols < kTaskTiles && k < tileRows) {
        int64_t next = k + 1;
        while (tileRows % next != 0)
          ++next;
        if (taskBytes(next) > kTaskBytes)
          break;
        k = next;
      }
      if (taskBytes(k) > kTaskBytes)
        return;
    }
    int64_t chunks = tiles / cols, fBlocks = f / fb, cBlocks = c / cb;
    int64_t taskTiles = k * cols;
    // Register tile: R tiles x `nv` vectors of output channels, at most 24
    // accumulators on AVX-512 (12 on AVX2), R dividing the task's tiles.
    int64_t nv = (fb / vl) % 2 == 0 ? 2 : 1;
    int64_t maxRows = (registers() >= 32 ? 24 : 12) / nv;
    int64_t rows = 1;
    for (int64_t d = std::min(taskTiles, maxRows); d >= 1; --d)
      if (taskTiles % d == 0) {
        rows = d;
        break;
      }
    // Without such a divisor (13 tiles), tiles of equal height as far as
    // they go and one lower tile for the rest (13 = 7 + 6).
    int64_t rest = 0;
    if (rows < std::min<int64_t>(taskTiles, 4)) {
      rows = llvm::divideCeil(taskTiles, llvm::divideCeil(taskTiles, maxRows));
      rest = taskTiles % rows;
    }

    SmallVector<Epilogue> epilogues;
    Value last = conv->getResult(0);
    while (std::optional<Epilogue> e = epilogueOf(last)) {
      epilogues.push_back(*e);
      last = e->op->getResult(0);
    }

    OpBuilder b(last.getDefiningOp());
    b.setInsertionPointAfter(last.getDefiningOp());
    Location loc = conv.getLoc();
    VectorType vtype = VectorType::get({vl}, b.getF32Type());
    Value input = conv.getInputs()[0], filter = conv.getInputs()[1];
    Value init = conv.getOutputs()[0];
    bool zeroInit = isZeroFilled(init);
    // Results go to the last epilogue's init, or the convolution's; zeros
    // there are not needed (every output is written once).
    Value dest = epilogues.empty() ? init : epilogues.back().op.getOutputs()[0];
    if (auto fill = dest.getDefiningOp<linalg::FillOp>())
      dest = fill.getOutputs()[0];
    // The input is read unpadded: a zero pad of its rows and columns (a
    // SAME convolution's) is not built; a tile's inputs outside the
    // source, there or beyond the last whole tile, are zeros.
    int64_t padTop = 0, padLeft = 0;
    tensor::PadOp inputPad = input.getDefiningOp<tensor::PadOp>();
    if (auto pad = inputPad;
        pad && isPlusZero(pad.getConstantPaddingValue()) &&
        tfs::isStaticPad(pad) && pad.getStaticLow()[0] == 0 &&
        pad.getStaticHigh()[0] == 0 && pad.getStaticLow()[3] == 0 &&
        pad.getStaticHigh()[3] == 0) {
      padTop = pad.getStaticLow()[1];
      padLeft = pad.getStaticLow()[2];
      input = pad.getSource();
    } else {
      inputPad = nullptr;
    }
    int64_t sourceH = cast<RankedTensorType>(input.getType()).getDimSize(1);
    int64_t sourceW = cast<RankedTensorType>(input.getType()).getDimSize(2);
    if (padH || padW) {
      // Everything else read or written at output positions, padded.
      if (!zeroInit)
        init = padHigh(b, loc, init, padH, padW);
      for (Epilogue &e : epilogues)
        for (OpOperand *in : e.op.getDpsInputOperands())
          if (in->getOperandNumber() != e.operand &&
              e.op.getMatchingIndexingMap(in).isIdentity())
            e.inputs[in->getOperandNumber()] =
                padHigh(b, loc, in->get(), padH, padW);
      dest = tensor::EmptyOp::create(
          b, loc, ArrayRef<int64_t>{images, tileRows * m, tiles * m, f},
          b.getF32Type());
    }

    auto loop = [&](OpBuilder &ob, int64_t ub, int64_t step, Value iter,
                    function_ref<Value(OpBuilder &, Value, Value)> body) {
      VectorBuilder lb{ob, loc, vtype};
      return scf::ForOp::create(
                 ob, loc, lb.index(0), lb.index(ub), lb.index(step),
                 ValueRange{iter},
                 [&](OpBuilder &nb, Location, Value iv, ValueRange args) {
                   scf::YieldOp::create(nb, loc, body(nb, iv, args[0]));
                 })
          .getResult(0);
    };

    // U[ci][p * F + co] = (G g[.][.][ci][co] G^T)[p]: a filter vector's 36
    // transformed vectors are stored F floats apart, each input channel's
    // in one contiguous row. As U[p][ci][co] they were C x F floats apart,
    // a multiple of 4 KiB (one L1 set) for most channel counts, and the
    // transform of conv 56x56x64 took 11 % of its time. Rows are padded by
    // a vector so that the products' strided reads of one p (a row apart)
    // spread over the L1's sets.
    //
    // U is kept between calls in a global, with a copy of the filter it
    // was computed from (both zeros at first, which match: the transform
    // of zeros is zeros); a call compares the filter with the copy, bit
    // for bit, and computes U again only if they differ (variables are
    // writable between calls, through the C API or a live view). Computed
    // on every call, U's lines moved between the cores' caches: written
    // by each thread for its channels, read by all (conv 56x56x64 on 2
    // threads: the transform took 15 % of the threads' time, 7x its time
    // alone). Globals are what variables and the workspace are: one
    // loaded model runs one call at a time.
    //
    // With channels in blocks (a U too large for the caches, read from
    // memory), U[F block][C block][p][ci][co]: the cb x fb floats the
    // products of one p read, a row per input channel, are contiguous, and
    // so is the whole of a task's part. (In the layout above, the rows of
    // one p were 9 KiB apart and 3x3 512 -> 512 on 14 x 14 read U at a
    // third of the memory's bandwidth.)
    bool blocked = fb < f;
    auto uType = blocked
                     ? MemRefType::get({fBlocks, cBlocks, points, cb, fb},
                                       b.getF32Type())
                     : MemRefType::get({1, c, points * f + vl}, b.getF32Type());
    // The indices of U[p][ci][co], ci = c0 + ci' in the block of input
    // channels from c0, the cBlock-th, and co in the fBlock-th block of
    // output channels.
    auto uAt = [&](OpBuilder &ob, Value fBlock, Value cBlock, Value c0,
                   Value ci, int64_t p, Value pv, Value co) {
      if (blocked)
        return SmallVector<Value>{
            fBlock, cBlock,
            pv ? pv : arith::ConstantIndexOp::create(ob, loc, p).getResult(),
            ci, co};
      Value row =
          pv ? arith::MulIOp::create(
                   ob, loc, pv, arith::ConstantIndexOp::create(ob, loc, fb))
                   .getResult()
             : arith::ConstantIndexOp::create(ob, loc, p * fb).getResult();
      return SmallVector<Value>{fBlock, arith::AddIOp::create(ob, loc, c0, ci),
                                arith::AddIOp::create(ob, loc, row, co)};
    };
    auto filterType2 = MemRefType::get(filterType.getShape(), b.getF32Type());
    Value uMem = cachedGlobal(b, loc, symbols, "u", uType);
    Value saved = cachedGlobal(b, loc, symbols, "filter", filterType2);
    // The transform of one filter vector (input channel ci, output
    // channels [co, co + lanes)) into U, and the filter copy updated. In
    // two loops, as U = (G g) G^T is computed: per column j of g, G times
    // it, an n x r matrix whose row a is kept in U's points (a, 0..r) (r
    // <= n); per row a of that, its products with G's rows: U's points
    // (a, 0..n), which only that row's values occupied. Code that runs only
    // when the filter changed: written out, the 36 points' arithmetic took
    // about a tenth of the image filter's compile time.
    auto filterVector = [&](OpBuilder &ib, Value ci, Value co) {
      VectorBuilder v{ib, loc, vtype};
      Value fBlock = arith::DivUIOp::create(ib, loc, co, v.index(fb));
      Value column = arith::RemUIOp::create(ib, loc, co, v.index(fb));
      Value cBlock = arith::DivUIOp::create(ib, loc, ci, v.index(cb));
      Value c0 = arith::MulIOp::create(ib, loc, cBlock, v.index(cb));
      Value row = arith::SubIOp::create(ib, loc, ci, c0);
      // U's indices for point (a, j).
      auto point = [&](OpBuilder &pb, Value a, Value j) {
        Value p = arith::AddIOp::create(
            pb, loc,
            arith::MulIOp::create(pb, loc, a,
                                  arith::ConstantIndexOp::create(pb, loc, n)),
            j);
        return uAt(pb, fBlock, cBlock, c0, row, 0, p, column);
      };
      auto columns = scf::ForOp::create(
          ib, loc, v.index(0), v.index(r), v.index(1), ValueRange{},
          [&](OpBuilder &lb, Location, Value j, ValueRange) {
            VectorBuilder x{lb, loc, vtype};
            SmallVector<Value> g;
            for (int64_t i = 0; i < r; ++i) {
              SmallVector<Value> at = {x.index(i), j, ci, co};
              g.push_back(x.read(filter, at));
              vector::TransferWriteOp::create(lb, loc, g.back(), saved, at,
                                              ArrayRef<bool>{true});
            }
            for (int64_t a = 0; a < n; ++a)
              vector::TransferWriteOp::create(
                  lb, loc, x.combine(ArrayRef<double>(t.g).slice(a * r, r), g),
                  uMem, point(lb, x.index(a), j), ArrayRef<bool>{true});
            scf::YieldOp::create(lb, loc);
          });
      tfs::disableUnrolling(columns);
      auto rows = scf::ForOp::create(
          ib, loc, v.index(0), v.index(n), v.index(1), ValueRange{},
          [&](OpBuilder &lb, Location, Value a, ValueRange) {
            VectorBuilder x{lb, loc, vtype};
            SmallVector<Value> gg;
            for (int64_t j = 0; j < r; ++j)
              gg.push_back(x.read(uMem, point(lb, a, x.index(j))));
            for (int64_t c = 0; c < n; ++c)
              vector::TransferWriteOp::create(
                  lb, loc, x.combine(ArrayRef<double>(t.g).slice(c * r, r), gg),
                  uMem, point(lb, a, x.index(c)), ArrayRef<bool>{true});
            scf::YieldOp::create(lb, loc);
          });
      tfs::disableUnrolling(rows);
    };
    // An input channel's row of U, computed again if its part of the
    // filter changed.
    auto filterRow = [&](OpBuilder &ob, Value ci) {
      VectorBuilder v{ob, loc, vtype};
      Value changed = differs(ob, loc, filter, saved, vtype, 2, ci);
      scf::IfOp::create(ob, loc, changed, [&](OpBuilder &tb, Location) {
        auto vectors = scf::ForOp::create(
            tb, loc, v.index(0), v.index(f), v.index(vl), ValueRange{},
            [&](OpBuilder &ib, Location, Value co, ValueRange) {
              filterVector(ib, ci, co);
              scf::YieldOp::create(ib, loc);
            });
        tfs::disableUnrolling(vectors);
        scf::YieldOp::create(tb, loc);
      });
    };
    double flops = 2.0 * images * height * width * c * f * r * r;
    // A single task (the small CNN's 16 x 16 convolution: one image of 16
    // tiles) stays on the calling thread, its filter transform too.
    bool threaded = parallel && flops >= parallelFlops() &&
                    images * (tileRows / k) * chunks * fBlocks >= 2;
    // Over the threads, the comparison too: the threads' loops (the
    // input's pad, this, the tasks) then make one parallel region.
    if (threaded)
      scf::ForallOp::create(b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(c)},
                            ValueRange{}, std::nullopt,
                            [&](OpBuilder &ob, Location, ValueRange ivs) {
                              filterRow(ob, ivs[0]);
                              scf::InParallelOp::create(ob, loc);
                            });
    else
      scf::ForOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0),
                         arith::ConstantIndexOp::create(b, loc, c),
                         arith::ConstantIndexOp::create(b, loc, 1),
                         ValueRange{},
                         [&](OpBuilder &ob, Location, Value ci, ValueRange) {
                           filterRow(ob, ci);
                           scf::YieldOp::create(ob, loc);
                         });

    // One task per k rows of `cols` tiles of an image (from tile column
    // chunk x cols); its tiles are numbered row by row.
    auto task = [&](OpBuilder &ob, Value image, Value taskIndex, Value chunk,
                    Value fBlock, Value out) -> Value {
      VectorBuilder v{ob, loc, vtype};
      Value f0 = arith::MulIOp::create(ob, loc, fBlock, v.index(fb));
      Value y0 = arith::MulIOp::create(ob, loc, taskIndex, v.index(k * m));
      Value firstTile = arith::MulIOp::create(ob, loc, chunk, v.index(cols));
      auto tileLoop =
          [&](OpBuilder &o0, Value iter,
              function_ref<Value(OpBuilder &, Value, Value, Value, Value)>
                  body) {
            return loop(
                o0, k, 1, iter, [&](OpBuilder &o1, Value row, Value acc) {
                  return loop(
                      o1, cols, 1, acc,
                      [&](OpBuilder &o2, Value tile, Value acc) {
                        Value index = arith::AddIOp::create(
                            o2, loc,
                            arith::MulIOp::create(
                                o2, loc, row,
                                arith::ConstantIndexOp::create(o2, loc, cols)),
                            tile);
                        return body(o2, row, tile, index, acc);
                      });
                });
          };
      // V[tile][p][ci] = (B^T d B)[p], d the tile's n x n inputs. (As
      // [p][tile][ci], the 36 stores of a tile were 4 KiB apart for 32 tiles
      // of 32 channels: one L1 set, and loads of the next tile's inputs
      // waited on them (4K aliasing): the transform took 1.4x the
      // products' time.)
      //
      // The n x n input vectors of a tile from source row sy and column
      // sx: loads, or where the tile reaches outside the source
      // (`guarded`), loads of clamped positions with zeros selected
      // outside.
      auto tileInputs = [&](OpBuilder &o2, Value image, Value sy, Value sx,
                            Value channel, bool guarded) {
        VectorBuilder v{o2, loc, vtype};
        SmallVector<Value> rows, cols, rowOk, colOk;
        auto clamp = [&](Value at, int64_t size) -> Value {
          return arith::MinSIOp::create(
              o2, loc, arith::MaxSIOp::create(o2, loc, at, v.index(0)),
              v.index(size - 1));
        };
        for (int64_t i = 0; i < n; ++i) {
          Value y = arith::AddIOp::create(o2, loc, sy, v.index(i));
          Value x = arith::AddIOp::create(o2, loc, sx, v.index(i));
          rows.push_back(guarded ? clamp(y, sourceH) : y);
          cols.push_back(guarded ? clamp(x, sourceW) : x);
          if (guarded) {
            rowOk.push_back(arith::CmpIOp::create(
                o2, loc, arith::CmpIPredicate::eq, y, rows.back()));
            colOk.push_back(arith::CmpIOp::create(
                o2, loc, arith::CmpIPredicate::eq, x, cols.back()));
          }
        }
        SmallVector<Value> d;
        for (int64_t i = 0; i < n; ++i)
          for (int64_t j = 0; j < n; ++j) {
            Value loaded = v.read(input, {image, rows[i], cols[j], channel});
            if (guarded)
              loaded = arith::SelectOp::create(
                  o2, loc, arith::AndIOp::create(o2, loc, rowOk[i], colOk[j]),
                  loaded, v.splat(0));
            d.push_back(loaded);
          }
        return d;
      };
      // V[tile][p][ci] = (B^T d B)[p] for the input channels [c0, c0 + cb),
      // a tile's channels in one of two loops: plain loads inside the
      // source, guarded ones for the tiles that reach into the padding.
      auto transformInput = [&](OpBuilder &ob, Value c0) {
        Value vt = tensor::EmptyOp::create(
            ob, loc, ArrayRef<int64_t>{taskTiles, points, cb}, ob.getF32Type());
        return tileLoop(
            ob, vt,
            [&](OpBuilder &o1, Value row, Value tile, Value index, Value acc) {
              VectorBuilder w{o1, loc, vtype};
              Value x0 = arith::MulIOp::create(
                  o1, loc, arith::AddIOp::create(o1, loc, firstTile, tile),
                  w.index(m));
              Value ty = arith::AddIOp::create(
                  o1, loc, y0, arith::MulIOp::create(o1, loc, row, w.index(m)));
              // The tile's first input row and column in the source.
              Value sy = arith::SubIOp::create(o1, loc, ty, w.index(padTop));
              Value sx = arith::SubIOp::create(o1, loc, x0, w.index(padLeft));
              auto within = [&](Value at, int64_t size) {
                return arith::AndIOp::create(
                    o1, loc,
                    arith::CmpIOp::create(o1, loc, arith::CmpIPredicate::sge,
                                          at, w.index(0)),
                    arith::CmpIOp::create(o1, loc, arith::CmpIPredicate::sle,
                                          at, w.index(size - n)));
              };
              Value inside = arith::AndIOp::create(o1, loc, within(sy, sourceH),
                                                   within(sx, sourceW));
              auto channels = [&](OpBuilder &ob2, bool guarded) {
                return keepRolled(loop(
                    ob2, cb, vl, acc, [&](OpBuilder &o2, Value ci, Value acc) {
                      VectorBuilder w{o2, loc, vtype};
                      Value channel = arith::AddIOp::create(o2, loc, c0, ci);
                      SmallVector<Value> d =
                          tileInputs(o2, image, sy, sx, channel, guarded);
                      SmallVector<Value> out = w.transform2d(t.bt, n, n, d);
                      return w.writeRows(out, acc, {index, w.index(0), ci});
                    }));
              };
              auto branch = scf::IfOp::create(o1, loc, TypeRange{acc.getType()},
                                              inside, true);
              OpBuilder tb = branch.getThenBodyBuilder();
              scf::YieldOp::create(tb, loc, channels(tb, false));
              OpBuilder eb = branch.getElseBodyBuilder();
              scf::YieldOp::create(eb, loc, channels(eb, true));
              return branch.getResult(0);
            });
      };
      // M[tile][p][co] = sum_ci V[p][tile][ci] U[p][ci][co], in register
      // tiles of `rows` tiles x nv vectors, over the input channels
      // [c0, c0 + cb) of V = `vt`; added to M's sums over the previous
      // blocks unless c0 is the first.
      // One register tile: tiles [t0, t0 + height) x nv vectors from co.
      auto registerTile = [&](OpBuilder &o2, Value vt, Value c0, Value p,
                              Value t0, int64_t height, Value acc) {
        return loop(
            o2, fb, nv * vl, acc, [&](OpBuilder &o3, Value co, Value acc) {
              VectorBuilder w{o3, loc, vtype};
              SmallVector<Value> cos, tileIdx;
              Value cBlock = arith::DivUIOp::create(o3, loc, c0, w.index(cb));
              for (int64_t j = 0; j < nv; ++j)
                cos.push_back(
                    arith::AddIOp::create(o3, loc, co, w.index(j * vl)));
              for (int64_t i = 0; i < height; ++i)
                tileIdx.push_back(
                    arith::AddIOp::create(o3, loc, t0, w.index(i)));
              SmallVector<Value> inits;
              for (int64_t i = 0; i < height; ++i)
                for (int64_t j = 0; j < nv; ++j)
                  inits.push_back(cBlocks == 1
                                      ? w.splat(0)
                                      : w.read(acc, {tileIdx[i], p, cos[j]}));
              auto sums = scf::ForOp::create(
                  o3, loc, w.index(0), w.index(cb), w.index(1), inits,
                  [&](OpBuilder &o4, Location, Value ci, ValueRange sums) {
                    VectorBuilder x{o4, loc, vtype};
                    SmallVector<Value> bs, next;
                    for (int64_t j = 0; j < nv; ++j)
                      bs.push_back(x.read(
                          uMem, uAt(o4, fBlock, cBlock, c0, ci, 0, p, cos[j])));
                    if (blocked) {
                      Value ahead = arith::MinUIOp::create(
                          o4, loc,
                          arith::AddIOp::create(o4, loc, ci,
                                                x.index(kPrefetchRows)),
                          x.index(cb - 1));
                      for (int64_t j = 0; j < nv; ++j)
                        memref::PrefetchOp::create(
                            o4, loc, uMem,
                            uAt(o4, fBlock, cBlock, c0, ahead, 0, p, cos[j]),
                            /*isWrite=*/false, /*localityHint=*/3,
                            /*isDataCache=*/true);
                    }
                    for (int64_t i = 0; i < height; ++i) {
                      Value a = tensor::ExtractOp::create(
                          o4, loc, vt, ValueRange{tileIdx[i], p, ci});
                      Value splat =
                          vector::BroadcastOp::create(o4, loc, vtype, a);
                      for (int64_t j = 0; j < nv; ++j)
                        next.push_back(vector::FMAOp::create(
                            o4, loc, splat, bs[j], sums[i * nv + j]));
                    }
                    scf::YieldOp::create(o4, loc, next);
                  });
              for (int64_t i = 0; i < height; ++i)
                for (int64_t j = 0; j < nv; ++j)
                  acc = w.write(sums.getResult(i * nv + j), acc,
                                {tileIdx[i], p, cos[j]});
              return acc;
            });
      };
      auto products = [&](OpBuilder &ob, Value vt, Value c0, Value mt) {
        return loop(ob, points, 1, mt, [&](OpBuilder &o1, Value p, Value acc) {
          int64_t whole = taskTiles - rest;
          acc = loop(o1, whole, rows, acc,
                     [&](OpBuilder &o2, Value t0, Value acc) {
                       return registerTile(o2, vt, c0, p, t0, rows, acc);
                     });
          if (rest)
            acc = registerTile(o1, vt, c0, p,
                               arith::ConstantIndexOp::create(o1, loc, whole),
                               rest, acc);
          return acc;
        });
      };
      Value mt = tensor::EmptyOp::create(
          ob, loc, ArrayRef<int64_t>{taskTiles, points, fb}, ob.getF32Type());
      if (cBlocks == 1) {
        Value c0 = v.index(0);
        mt = products(ob, transformInput(ob, c0), c0, mt);
      } else {
        Value zero = arith::ConstantOp::create(ob, loc, ob.getF32FloatAttr(0));
        mt = linalg::FillOp::create(ob, loc, ValueRange{zero}, ValueRange{mt})
                 .getResult(0);
        mt = loop(ob, c, cb, mt, [&](OpBuilder &o1, Value c0, Value acc) {
          return products(o1, transformInput(o1, c0), c0, acc);
        });
      }
      // Y = A^T M A per tile and vector of output channels, plus the
      // convolution's init, then the epilogues.
      return tileLoop(
          ob, out,
          [&](OpBuilder &o1, Value row, Value tile, Value index, Value acc) {
            return keepRolled(
                loop(o1, fb, vl, acc, [&](OpBuilder &o2, Value co, Value acc) {
                  VectorBuilder w{o2, loc, vtype};
                  Value channel = arith::AddIOp::create(o2, loc, f0, co);
                  SmallVector<Value> mm;
                  for (int64_t q = 0; q < points; ++q)
                    mm.push_back(w.read(mt, {index, w.index(q), co}));
                  SmallVector<Value> ys = w.transform2d(t.at, m, n, mm);
                  Value rx = arith::MulIOp::create(o2, loc, tile, w.index(m));
                  Value x0 = arith::MulIOp::create(
                      o2, loc, arith::AddIOp::create(o2, loc, firstTile, tile),
                      w.index(m));
                  Value ry = arith::MulIOp::create(o2, loc, row, w.index(m));
                  Value ty = arith::AddIOp::create(o2, loc, y0, ry);
                  for (int64_t i = 0; i < m; ++i)
                    for (int64_t j = 0; j < m; ++j) {
                      SmallVector<Value> position = {
                          image, arith::AddIOp::create(o2, loc, ty, w.index(i)),
                          arith::AddIOp::create(o2, loc, x0, w.index(j)),
                          channel};
                      Value y = ys[i * m + j];
                      if (!zeroInit)
                        y = arith::AddFOp::create(o2, loc,
                                                  w.read(init, position), y);
                      for (const Epilogue &e : epilogues)
                        y = applyEpilogue(w, e, y, position);
                      // `out` is the task's part: (0, row * m + i,
                      // tile * m + j, co).
                      acc = w.write(
                          y, acc,
                          {w.index(0),
                           arith::AddIOp::create(o2, loc, ry, w.index(i)),
                           arith::AddIOp::create(o2, loc, rx, w.index(j)), co});
                    }
                  return acc;
                }));
          });
    };

    // The task's part of the output.
    auto partOf = [&](OpBuilder &ob, ValueRange ivs) -> Part {
      auto index = [&](int64_t v) -> Value {
        return arith::ConstantIndexOp::create(ob, loc, v);
      };
      Value y0 = arith::MulIOp::create(ob, loc, ivs[1], index(k * m));
      Value x0 = arith::MulIOp::create(ob, loc, ivs[2], index(cols * m));
      Value f0 = arith::MulIOp::create(ob, loc, ivs[3], index(fb));
      SmallVector<OpFoldResult> offsets = {ivs[0], y0, x0, f0};
      SmallVector<OpFoldResult> sizes = {
          ob.getIndexAttr(1), ob.getIndexAttr(k * m), ob.getIndexAttr(cols * m),
          ob.getIndexAttr(fb)};
      return Part{offsets, sizes};
    };
    auto taskOf = [&](OpBuilder &ob, ValueRange ivs, Value slice) {
      return task(ob, ivs[0], ivs[1], ivs[2], ivs[3], slice);
    };
    SmallVector<int64_t> counts = {images, tileRows / k, chunks, fBlocks};
    Value result = threaded ? forallParts(b, loc, counts, dest, partOf, taskOf)
                            : serialParts(b, loc, counts, dest, partOf, taskOf);
    if (padH || padW)
      result = tensor::ExtractSliceOp::create(
          b, loc, result,
          ArrayRef<OpFoldResult>(
              SmallVector<OpFoldResult>(4, b.getIndexAttr(0))),
          getAsIndexOpFoldResult(b.getContext(), outputType.getShape()),
          SmallVector<OpFoldResult>(4, b.getIndexAttr(1)));
    last.replaceAllUsesWith(result);
    for (const Epilogue &e : llvm::reverse(epilogues))
      e.op->erase();
    conv->erase();
    if (inputPad && inputPad->use_empty())
      inputPad->erase();
  }

  /// FLOPs below which a convolution stays on the calling thread (as in
  /// tfs-tile-conv-matmul: a quarter of kParallelFlops on AVX2).
  double parallelFlops() const {
    return lanes() == 8 ? tfs::kParallelFlops / 4 : tfs::kParallelFlops;
  }

  /// The most bytes of transformed tiles and products a task keeps (half a
  /// MiB: they stay in L2 between the three phases).
  static constexpr int64_t kTaskBytes = 512 * 1024;
  /// The fewest tiles of a task, where the tile rows allow: each task reads
  /// all of U (36 x C x F floats) once, for T / 2 FLOPs per byte with T
  /// tiles. The small CNN's 4-tile rows as one 16-tile task: 0.56x the
  /// time. More tiles than that cost more than they save: conv 56x56x64's
  /// 14-tile rows in 14 tasks rather than 7 of 28 tiles took 0.83x the
  /// time at 2 threads (4 tasks against 3) and 0.91-0.98x at 1.
  static constexpr int64_t kTaskTiles = 12;
  /// How many rows of U ahead the products prefetch when U comes from
  /// memory.
  static constexpr int64_t kPrefetchRows = 16;
  /// Output channels per task when U is larger than kMaxFilterBytes.
  static constexpr int64_t kBlockChannels = 64;
  /// The largest transformed filter (U, 4x a 3x3 filter's bytes) that every
  /// task reads whole: 96 -> 256 channels (3.5 MB) on 27 x 27 took 0.45x
  /// the direct convolution's time, 512 -> 512 (38 MB) on 7 x 7 and 14 x 14
  /// 2.9x and 1.8x (each task read U from memory).
  static constexpr int64_t kMaxFilterBytes = 4 << 20;
  /// The largest U read in blocks of output channels: 256 -> 256 on 16 x
  /// 16 (9.4 MB) took 0.66-0.69x the direct convolution's time, 512 -> 512
  /// on 14 x 14 (38 MB, read at a fraction of the memory's bandwidth, and
  /// the filter's comparison reading 19 MB more) 0.96-1.0x.
  static constexpr int64_t kMaxBlockedFilterBytes = 16 << 20;
};

} // namespace
