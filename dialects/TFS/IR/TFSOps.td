//===- TFSOps.td - tfs dialect operations ---------------------------------===//
//
// Operations of the tfs dialect: variables, constants, elementwise math with
// numpy broadcasting, contractions, convolutions, pooling, reductions and
// shape manipulation, each with TensorFlow 1.15 semantics.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_OPS_TD
#define TFS_OPS_TD

include "dialects/TFS/IR/TFSBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class TFS_Op<string mnemonic, list<Trait> traits = []>
    : Op<TFS_Dialect, mnemonic, traits>;

// Ops computing on tensors: static shapes, no side effects.
class TFS_PureOp<string mnemonic, list<Trait> traits = []>
    : TFS_Op<mnemonic, !listconcat([TFS_StaticShapes, Pure], traits)>;

// The state of all variables, as one side-effect resource.
def TFS_VariableResource : Resource<"::mlir::tfs::VariableResource">;

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

def TFS_VariableOp : TFS_Op<"variable", [Symbol, HasParent<"ModuleOp">,
                                         TFS_StaticShapes]> {
  let summary = "a shared TF variable (module-level symbol)";
  let description = [{
    One TF variable, named by its full TF name (for example
    `image_filters/conv1/weights`). All towers, time steps and calls that
    share the variable refer to this one symbol.

    `initializer` is either a constant value (an `ElementsAttr` of the
    variable's type, or a splat of it) or a symbolic initializer
    (`#tfs.zeros`, `#tfs.ones`, `#tfs.random_uniform<...>`,
    `#tfs.random_normal<...>`, `#tfs.truncated_normal<...>`,
    `#tfs.glorot_uniform<...>`). `trainable` mirrors TF's flag (membership in
    `TRAINABLE_VARIABLES`).

    Example:

    ```mlir
    tfs.variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32>
        = #tfs.random_normal<stddev = 1.0>
    tfs.variable @"image_filters/conv1/biases" : tensor<32xf32>
        = dense<0.0> : tensor<32xf32>
    tfs.variable @"global_step" : tensor<i64> = #tfs.zeros {trainable = false}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<TFS_Tensor>:$type,
                       TFS_AnyInitializerAttr:$initializer,
                       DefaultValuedAttr<BoolAttr, "true">:$trainable);
  let assemblyFormat = "$sym_name `:` $type `=` $initializer attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
  }];
}

def TFS_ReadVariableOp : TFS_Op<"read_variable", [
    TFS_StaticShapes, DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    MemoryEffects<[MemRead<TFS_VariableResource>]>]> {
  let summary = "reads the current value of a variable";
  let description = [{
    Yields the current value of the `tfs.variable` named by `variable`. The
    result type must equal the variable's type.

    Example:

    ```mlir
    %w = tfs.read_variable @"image_filters/conv1/weights" : tensor<5x5x32x32xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable);
  let results = (outs TFS_Tensor:$value);
  let assemblyFormat = "$variable attr-dict `:` type($value)";
}

class TFS_AssignOp<string mnemonic, string what>
    : TFS_Op<mnemonic, [TFS_StaticShapes,
                        DeclareOpInterfaceMethods<SymbolUserOpInterface>,
                        AllTypesMatch<["value", "result"]>,
                        MemoryEffects<[MemRead<TFS_VariableResource>,
                                       MemWrite<TFS_VariableResource>]>]> {
  let summary = "sets a variable to " # what;
  let description = [{
    Updates the `tfs.variable` named by `variable` in place and yields its new
    value, like TF's `Assign`/`AssignAdd`/`AssignSub` ops. The value type must
    equal the variable's type.

    Example:

    ```mlir
    %new = tfs.}] # mnemonic # [{ @"counter", %v : tensor<1xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable, TFS_Tensor:$value);
  let results = (outs TFS_Tensor:$result);
  let assemblyFormat = "$variable `,` $value attr-dict `:` type($value)";
}

def TFS_AssignVariableOp : TFS_AssignOp<"assign_variable", "a new value">;
def TFS_AssignAddVariableOp
    : TFS_AssignOp<"assign_add", "its value plus an increment">;
def TFS_AssignSubVariableOp
    : TFS_AssignOp<"assign_sub", "its value minus a decrement">;

//===----------------------------------------------------------------------===//
// Constants, identity, cast
//===----------------------------------------------------------------------===//

// The generators of random ops: each run draws new values.
def TFS_RandomResource : Resource<"::mlir::tfs::RandomResource">;

def TFS_RandomOp : TFS_Op<"random", [TFS_StaticShapes,
    MemoryEffects<[MemRead<TFS_RandomResource>, MemWrite<TFS_RandomResource>]>]> {
  let summary = "random values, new on every run (TF RandomUniform, "
                "RandomStandardNormal, TruncatedNormal)";
  let description = [{
    `kind` is `"uniform"` ([0, 1)), `"normal"` (standard) or
    `"truncated_normal"` (standard, redrawn outside two deviations), from
    TF's Philox stream keyed by `(seed, seed2)` with TF's conversions; each
    run continues the stream where the previous one left it, as TF's
    stateful kernels do. Not pure: two random ops never merge.

    Example:

    ```mlir
    %u = tfs.random {kind = "uniform", seed = 1 : i64, seed2 = 7 : i64} : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins StrAttr:$kind, I64Attr:$seed, I64Attr:$seed2);
  let results = (outs RankedTensorOf<[F32]>:$output);
  let assemblyFormat = "attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def TFS_ConstantOp : TFS_PureOp<"constant", [ConstantLike,
    AllTypesMatch<["value", "output"]>]> {
  let summary = "a constant tensor (TF Const)";
  let description = [{
    Example:

    ```mlir
    %c = tfs.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
    build($_builder, $_state, value.getType(), value);
  }]>];
}

def TFS_IdentityOp : TFS_PureOp<"identity", [SameOperandsAndResultType]> {
  let summary = "returns its input (TF Identity)";
  let description = [{
    Example:

    ```mlir
    %y = tfs.identity %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$input);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasFolder = 1;
}

def TFS_CastOp : TFS_PureOp<"cast"> {
  let summary = "converts element type (TF Cast)";
  let description = [{
    Converts each element to the result's element type with TF's rules:
    float to int truncates toward zero, to bool is `x != 0`. Shapes must be
    equal.

    Example:

    ```mlir
    %y = tfs.cast %x : tensor<4xf32> to tensor<4xi32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$input);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

class TFS_UnaryOp<string mnemonic, string tfName, Type tensorType,
                  string formula, list<Trait> traits = []>
    : TFS_PureOp<mnemonic, !listconcat([Elementwise,
                                        SameOperandsAndResultType], traits)> {
  let summary = "elementwise " # formula # " (TF " # tfName # ")";
  let description = [{
    Computes `}] # formula # [{` for every element.

    Example:

    ```mlir
    %y = tfs.}] # mnemonic # [{ %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins tensorType:$x);
  let results = (outs tensorType:$y);
  let assemblyFormat = "$x attr-dict `:` type($y)";
  let hasFolder = 1;
}

def TFS_NegOp : TFS_UnaryOp<"neg", "Neg", TFS_NumericTensor, "-x", [Involution]>;
def TFS_AbsOp : TFS_UnaryOp<"abs", "Abs", TFS_NumericTensor, "|x|", [Idempotent]>;
def TFS_ExpOp : TFS_UnaryOp<"exp", "Exp", TFS_FloatTensor, "e^x">;
def TFS_LogOp : TFS_UnaryOp<"log", "Log", TFS_FloatTensor, "ln(x)">;
def TFS_SinOp : TFS_UnaryOp<"sin", "Sin", TFS_FloatTensor, "sin(x)">;
def TFS_CosOp : TFS_UnaryOp<"cos", "Cos", TFS_FloatTensor, "cos(x)">;
def TFS_TanhOp : TFS_UnaryOp<"tanh", "Tanh", TFS_FloatTensor, "tanh(x)">;
def TFS_SigmoidOp : TFS_UnaryOp<"sigmoid", "Sigmoid", TFS_FloatTensor,
                                "1 / (1 + e^-x)">;
def TFS_ReluOp : TFS_UnaryOp<"relu", "Relu", TFS_NumericTensor, "max(x, 0)",
                             [Idempotent]>;
def TFS_Relu6Op : TFS_UnaryOp<"relu6", "Relu6", TFS_NumericTensor,
                              "min(max(x, 0), 6)", [Idempotent]>;
def TFS_SqrtOp : TFS_UnaryOp<"sqrt", "Sqrt", TFS_FloatTensor, "sqrt(x)">;
def TFS_RsqrtOp : TFS_UnaryOp<"rsqrt", "Rsqrt", TFS_FloatTensor, "1 / sqrt(x)">;
def TFS_SquareOp : TFS_UnaryOp<"square", "Square", TFS_NumericTensor, "x * x">;
def TFS_FloorOp : TFS_UnaryOp<"floor", "Floor", TFS_NumericTensor, "floor(x)",
                              [Idempotent]>;
def TFS_CeilOp : TFS_UnaryOp<"ceil", "Ceil", TFS_NumericTensor, "ceil(x)",
                             [Idempotent]>;
def TFS_RoundOp : TFS_UnaryOp<"round", "Round", TFS_NumericTensor,
                              "x rounded to the nearest integer, halves to even",
                              [Idempotent]>;
def TFS_ReciprocalOp : TFS_UnaryOp<"reciprocal", "Reciprocal", TFS_FloatTensor,
                                   "1 / x", [Involution]>;

//===----------------------------------------------------------------------===//
// Elementwise binary with numpy broadcasting
//===----------------------------------------------------------------------===//

class TFS_BinaryOp<string mnemonic, string tfName, Type tensorType,
                   string formula, list<Trait> traits = []>
    : TFS_PureOp<mnemonic, !listconcat([TFS_ShapeFunction, InferTypeOpAdaptor], traits)> {
  let summary = "elementwise " # formula # " with broadcasting (TF " # tfName # ")";
  let description = [{
    Computes `}] # formula # [{` elementwise. Operands must have the same
    element type; their shapes broadcast like numpy (dimensions aligned from
    the back, each pair equal or one of them 1).

    Example:

    ```mlir
    %z = tfs.}] # mnemonic # [{ %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins tensorType:$lhs, tensorType:$rhs);
  let results = (outs tensorType:$z);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def TFS_AddOp : TFS_BinaryOp<"add", "AddV2", TFS_NumericTensor, "x + y",
                             [Commutative]>;
def TFS_SubOp : TFS_BinaryOp<"sub", "Sub", TFS_NumericTensor, "x - y">;
def TFS_MulOp : TFS_BinaryOp<"mul", "Mul", TFS_NumericTensor, "x * y",
                             [Commutative]>;
def TFS_DivOp : TFS_BinaryOp<"div", "RealDiv", TFS_NumericTensor, "x / y">;
def TFS_MaximumOp : TFS_BinaryOp<"maximum", "Maximum", TFS_NumericTensor,
                                 "max(x, y)", [Commutative]>;
def TFS_MinimumOp : TFS_BinaryOp<"minimum", "Minimum", TFS_NumericTensor,
                                 "min(x, y)", [Commutative]>;
def TFS_PowOp : TFS_BinaryOp<"pow", "Pow", TFS_NumericTensor, "x ^ y">;

//===----------------------------------------------------------------------===//
// Comparisons, logic and selection (booleans are i1)
//===----------------------------------------------------------------------===//

class TFS_CompareOp<string mnemonic, string tfName, string formula,
                    list<Trait> traits = []>
    : TFS_PureOp<mnemonic, !listconcat([TFS_ShapeFunction, InferTypeOpAdaptor], traits)> {
  let summary = "elementwise " # formula # " with broadcasting (TF " # tfName # ")";
  let description = [{
    Compares `}] # formula # [{` elementwise into booleans (i1). Operands
    have the same element type and broadcast like numpy. Floats compare as
    TF's kernels do: `x != y` is true when either is NaN, every other
    comparison false.

    Example:

    ```mlir
    %b = tfs.}] # mnemonic # [{ %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins TFS_Tensor:$lhs, TFS_Tensor:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$z);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def TFS_EqualOp : TFS_CompareOp<"equal", "Equal", "x == y", [Commutative]>;
def TFS_NotEqualOp : TFS_CompareOp<"not_equal", "NotEqual", "x != y",
                                   [Commutative]>;
def TFS_LessOp : TFS_CompareOp<"less", "Less", "x < y">;
def TFS_LessEqualOp : TFS_CompareOp<"less_equal", "LessEqual", "x <= y">;
def TFS_GreaterOp : TFS_CompareOp<"greater", "Greater", "x > y">;
def TFS_GreaterEqualOp : TFS_CompareOp<"greater_equal", "GreaterEqual",
                                       "x >= y">;

class TFS_LogicalOp<string mnemonic, string tfName, string formula>
    : TFS_PureOp<mnemonic, [TFS_ShapeFunction, InferTypeOpAdaptor, Commutative]> {
  let summary = "elementwise " # formula # " of booleans with broadcasting (TF " # tfName # ")";
  let description = [{
    Computes `}] # formula # [{` of i1 tensors that broadcast like numpy.

    Example:

    ```mlir
    %c = tfs.}] # mnemonic # [{ %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$lhs, RankedTensorOf<[I1]>:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$z);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def TFS_LogicalAndOp : TFS_LogicalOp<"logical_and", "LogicalAnd", "x and y">;
def TFS_LogicalOrOp : TFS_LogicalOp<"logical_or", "LogicalOr", "x or y">;

def TFS_LogicalNotOp : TFS_PureOp<"logical_not", [Elementwise,
                                                 SameOperandsAndResultType]> {
  let summary = "elementwise not of booleans (TF LogicalNot)";
  let description = [{
    Example:

    ```mlir
    %n = tfs.logical_not %b : tensor<4xi1>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$x);
  let results = (outs RankedTensorOf<[I1]>:$y);
  let assemblyFormat = "$x attr-dict `:` type($y)";
}

def TFS_SelectOp : TFS_PureOp<"select", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "picks elements of two tensors by a condition (TF SelectV2)";
  let description = [{
    `condition ? x : y` elementwise; the three operands broadcast like numpy
    (TF SelectV2, `tf.where_v2`). TF 1.15's Select (`tf.where` with a
    vector condition over the first dimension) is this with the condition
    reshaped to `[n, 1, ...]` by the frontend.

    Example:

    ```mlir
    %z = tfs.select %c, %x, %y : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition, TFS_Tensor:$x,
                       TFS_Tensor:$y);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat =
      "$condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def TFS_MatMulOp : TFS_PureOp<"matmul", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "matrix product (TF MatMul)";
  let description = [{
    `op(a) x op(b)` for rank-2 `a` and `b`, where `op` transposes when
    `transpose_a`/`transpose_b` is set.

    Example:

    ```mlir
    %c = tfs.matmul %a, %b {transpose_b = true}
        : (tensor<8x64xf32>, tensor<32x64xf32>) -> tensor<8x32xf32>
    ```
  }];
  let arguments = (ins TFS_NumericTensor:$a, TFS_NumericTensor:$b,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs TFS_NumericTensor:$product);
  let assemblyFormat =
      "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

def TFS_BatchMatMulOp : TFS_PureOp<"batch_matmul", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "batched matrix product (TF BatchMatMulV2)";
  let description = [{
    Multiplies the last two dimensions of `x` and `y` (adjointed when
    `adj_x`/`adj_y` is set); the leading batch dimensions broadcast like
    numpy.

    Example:

    ```mlir
    %z = tfs.batch_matmul %x, %y
        : (tensor<4x8x16xf32>, tensor<16x32xf32>) -> tensor<4x8x32xf32>
    ```
  }];
  let arguments = (ins TFS_NumericTensor:$x, TFS_NumericTensor:$y,
                       DefaultValuedAttr<BoolAttr, "false">:$adj_x,
                       DefaultValuedAttr<BoolAttr, "false">:$adj_y);
  let results = (outs TFS_NumericTensor:$output);
  let assemblyFormat =
      "$x `,` $y attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Convolution and pooling (NHWC)
//===----------------------------------------------------------------------===//

def TFS_Conv2DOp : TFS_PureOp<"conv2d", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "2-D convolution, NHWC input, HWIO filter (TF Conv2D)";
  let description = [{
    `strides` and `dilations` have four entries in NHWC order; the batch and
    channel entries must be 1. `padding` is `"SAME"` (output size
    ceil(in / stride)) or `"VALID"` (output size
    ceil((in - (k - 1) * dilation) / stride)). The filter's input-channel
    dimension must equal the input's channels.

    Example:

    ```mlir
    %y = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
        : (tensor<1x64x64x32xf32>, tensor<5x5x32x32xf32>) -> tensor<1x64x64x32xf32>
    ```
  }];
  let arguments = (ins TFS_FloatTensor:$input, TFS_FloatTensor:$filter,
                       DenseI64ArrayAttr:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr,
                                         "{1, 1, 1, 1}">:$dilations,
                       StrAttr:$padding);
  let results = (outs TFS_FloatTensor:$output);
  let assemblyFormat =
      "$input `,` $filter attr-dict `:` functional-type(operands, results)";
}

def TFS_Conv2DTransposeOp : TFS_PureOp<"conv2d_transpose"> {
  let summary = "transposed 2-D convolution (TF Conv2DBackpropInput)";
  let description = [{
    `tf.nn.conv2d_transpose`: the gradient of a `tfs.conv2d` with respect
    to its input. The input is `[N, IH, IW, F]`, the filter `[KH, KW, C,
    F]` (a forward convolution's HWIO with I = C, O = F), the result
    `[N, OH, OW, C]`: each input element scatters `input * filter` into the
    result window at `(ih * stride - pad_top, iw * stride - pad_left)`,
    where `pad_*` are the forward convolution's TF padding. The result type
    is the forward convolution's input shape, which with these `strides`
    and `padding` (NHWC, 1 at N and C) must give back the input's spatial
    size, as TF's kernel checks. It lowers to one stride-1 convolution per
    output phase (the outputs congruent modulo the stride take only the
    filter taps congruent to them), written into the result with strided
    inserts.

    Example:

    ```mlir
    %y = tfs.conv2d_transpose %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>}
        : (tensor<1x8x8x64xf32>, tensor<3x3x32x64xf32>) -> tensor<1x16x16x32xf32>
    ```
  }];
  let arguments = (ins TFS_FloatTensor:$input, TFS_FloatTensor:$filter,
                       DenseI64ArrayAttr:$strides, StrAttr:$padding);
  let results = (outs TFS_FloatTensor:$output);
  let assemblyFormat =
      "$input `,` $filter attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TFS_DepthwiseConv2DOp : TFS_PureOp<"depthwise_conv2d", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "depthwise 2-D convolution (TF DepthwiseConv2dNative)";
  let description = [{
    Filter shape is `[H, W, C, M]`: each of the C input channels is convolved
    with its own M filters, giving `C * M` output channels. Strides,
    dilations and padding as for `tfs.conv2d`; the row and column strides
    must be equal, as in TF.

    Example:

    ```mlir
    %y = tfs.depthwise_conv2d %x, %w {padding = "VALID", strides = array<i64: 1, 2, 2, 1>}
        : (tensor<1x9x9x8xf32>, tensor<3x3x8x2xf32>) -> tensor<1x4x4x16xf32>
    ```
  }];
  let arguments = (ins TFS_FloatTensor:$input, TFS_FloatTensor:$filter,
                       DenseI64ArrayAttr:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr,
                                         "{1, 1, 1, 1}">:$dilations,
                       StrAttr:$padding);
  let results = (outs TFS_FloatTensor:$output);
  let assemblyFormat =
      "$input `,` $filter attr-dict `:` functional-type(operands, results)";
}

def TFS_BiasAddOp : TFS_PureOp<"bias_add", [
    AllTypesMatch<["value", "output"]>,
    AllElementTypesMatch<["value", "bias"]>]> {
  let summary = "adds a rank-1 bias along the last dimension (TF BiasAdd)";
  let description = [{
    `value` has rank at least 2 (NHWC or NC); `bias` has rank 1 and the size
    of `value`'s last dimension.

    Example:

    ```mlir
    %y = tfs.bias_add %x, %b : tensor<1x8x8x32xf32>, tensor<32xf32>
    ```
  }];
  let arguments = (ins TFS_NumericTensor:$value, TFS_NumericTensor:$bias);
  let results = (outs TFS_NumericTensor:$output);
  let assemblyFormat = "$value `,` $bias attr-dict `:` type($value) `,` type($bias)";
  let hasVerifier = 1;
}

class TFS_PoolOp<string mnemonic, string tfName, string what>
    : TFS_PureOp<mnemonic, [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = what # " pooling, NHWC (TF " # tfName # ")";
  let description = [{
    Pools windows of `ksize` (NHWC order, batch and channel entries 1) moved
    by `strides`, with TF's `SAME`/`VALID` padding. Padded positions are not
    counted: max ignores them and the average divides by the number of real
    elements in each window, as TF does.

    Example:

    ```mlir
    %y = tfs.}] # mnemonic # [{ %x {ksize = array<i64: 1, 2, 2, 1>, padding = "VALID",
                       strides = array<i64: 1, 2, 2, 1>}
        : (tensor<1x32x32x16xf32>) -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins TFS_FloatTensor:$input, DenseI64ArrayAttr:$ksize,
                       DenseI64ArrayAttr:$strides, StrAttr:$padding);
  let results = (outs TFS_FloatTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def TFS_MaxPoolOp : TFS_PoolOp<"max_pool", "MaxPool", "max">;
def TFS_AvgPoolOp : TFS_PoolOp<"avg_pool", "AvgPool", "average">;

//===----------------------------------------------------------------------===//
// Softmax and reductions
//===----------------------------------------------------------------------===//

class TFS_SoftmaxOp<string mnemonic, string tfName, string formula>
    : TFS_PureOp<mnemonic, [SameOperandsAndResultType]> {
  let summary = formula # " along the last dimension (TF " # tfName # ")";
  let description = [{
    Computes `}] # formula # [{` over the last dimension of a tensor of rank
    at least 1.

    Example:

    ```mlir
    %p = tfs.}] # mnemonic # [{ %logits : tensor<8x10xf32>
    ```
  }];
  let arguments = (ins TFS_FloatTensor:$logits);
  let results = (outs TFS_FloatTensor:$output);
  let assemblyFormat = "$logits attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def TFS_SoftmaxOp : TFS_SoftmaxOp<"softmax", "Softmax", "exp(x) / sum(exp(x))">;
def TFS_LogSoftmaxOp : TFS_SoftmaxOp<"log_softmax", "LogSoftmax",
                                     "x - log(sum(exp(x)))">;

class TFS_ReduceOp<string mnemonic, string tfName, string what>
    : TFS_PureOp<mnemonic, [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = what # " over axes (TF " # tfName # ")";
  let description = [{
    Reduces `input` over `axes` (negative axes count from the back; no
    duplicates). With `keep_dims` the reduced dimensions stay as size 1.
    An empty `axes` list reduces nothing, as in TF.

    Example:

    ```mlir
    %s = tfs.}] # mnemonic # [{ %x {axes = array<i64: -1>, keep_dims = true}
        : (tensor<8x10xf32>) -> tensor<8x1xf32>
    ```
  }];
  let arguments = (ins TFS_NumericTensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "false">:$keep_dims);
  let results = (outs TFS_NumericTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def TFS_ReduceSumOp : TFS_ReduceOp<"reduce_sum", "Sum", "sum">;
def TFS_ReduceMeanOp : TFS_ReduceOp<"reduce_mean", "Mean", "mean">;
def TFS_ReduceMaxOp : TFS_ReduceOp<"reduce_max", "Max", "maximum">;
def TFS_ReduceMinOp : TFS_ReduceOp<"reduce_min", "Min", "minimum">;

class TFS_ArgReduceOp<string mnemonic, string tfName, string what>
    : TFS_PureOp<mnemonic> {
  let summary = "index of the " # what # " along an axis (TF " # tfName # ")";
  let description = [{
    The index along `axis` (negative counts from the back) of the }] # what
    # [{ of each line of `input`, as the result's i32 or i64 elements; the
    axis is dropped from the shape. Ties go to the lowest index, and a NaN
    is never selected (compared as TF's CPU kernel compares: strictly,
    from a start of index 0 and the lowest value).

    Example:

    ```mlir
    %i = tfs.}] # mnemonic # [{ %x {axis = 1 : i64}
        : (tensor<8x10xf32>) -> tensor<8xi64>
    ```
  }];
  let arguments = (ins TFS_NumericTensor:$input, I64Attr:$axis);
  let results = (outs RankedTensorOf<[I32, I64]>:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TFS_ArgMaxOp : TFS_ArgReduceOp<"arg_max", "ArgMax", "maximum">;
def TFS_ArgMinOp : TFS_ArgReduceOp<"arg_min", "ArgMin", "minimum">;

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def TFS_ReshapeOp : TFS_PureOp<"reshape", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "changes the shape, keeping elements in row-major order (TF Reshape)";
  let description = [{
    The result type is the new shape; it must hold the same number of
    elements.

    Example:

    ```mlir
    %y = tfs.reshape %x : tensor<1x8x8x16xf32> to tensor<1x1024xf32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$input);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def TFS_TransposeOp : TFS_PureOp<"transpose", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "permutes dimensions (TF Transpose)";
  let description = [{
    Result dimension `i` is input dimension `perm[i]`.

    Example:

    ```mlir
    %y = tfs.transpose %x {perm = array<i64: 1, 0>}
        : (tensor<2x3xf32>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def TFS_ConcatOp : TFS_PureOp<"concat", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "joins tensors along an axis (TF ConcatV2)";
  let description = [{
    All inputs have the same rank and element type and agree in every
    dimension except `axis` (negative counts from the back).

    Example:

    ```mlir
    %y = tfs.concat %a, %b {axis = -1 : i64}
        : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<TFS_Tensor>:$values, I64Attr:$axis);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat =
      "$values attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def TFS_SplitOp : TFS_PureOp<"split", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "splits a tensor along an axis (TF Split / SplitV)";
  let description = [{
    Splits `value` along `axis` into pieces of the sizes in `size_splits`,
    which must add up to the dimension's size. `tf.split(x, 3)` becomes three
    equal sizes.

    Example:

    ```mlir
    %a, %b = tfs.split %x {axis = 1 : i64, size_splits = array<i64: 2, 3>}
        : (tensor<4x5xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>)
    ```
  }];
  let arguments = (ins TFS_Tensor:$value, I64Attr:$axis,
                       DenseI64ArrayAttr:$size_splits);
  let results = (outs Variadic<TFS_Tensor>:$outputs);
  let assemblyFormat =
      "$value attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def TFS_SliceOp : TFS_PureOp<"slice", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "extracts a contiguous block (TF Slice)";
  let description = [{
    Takes `size[i]` elements starting at `begin[i]` in each dimension;
    a size of -1 means "up to the end", as in TF.

    Example:

    ```mlir
    %y = tfs.slice %x {begin = array<i64: 0, 1>, size = array<i64: -1, 2>}
        : (tensor<4x5xf32>) -> tensor<4x2xf32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$input, DenseI64ArrayAttr:$begin,
                       DenseI64ArrayAttr:$size);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def TFS_StridedSliceOp
    : TFS_PureOp<"strided_slice", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "takes every stride-th element of a block (TF StridedSlice)";
  let description = [{
    Element `j` of dimension `i` of the result is element `begin[i] + j *
    strides[i]` of the input, for `j` in `[0, size[i])`; a stride may be
    negative (reversed) but not zero. This is TF's StridedSlice after its
    masks are resolved (the frontend does that): one entry per input
    dimension, same rank; dimensions that TF adds or removes (newaxis,
    integer indices) are a `tfs.reshape` of the result.

    Example:

    ```mlir
    %y = tfs.strided_slice %x {begin = array<i64: 0, 4>,
                               size = array<i64: 2, 3>,
                               strides = array<i64: 2, -1>}
        : (tensor<4x5xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$input, DenseI64ArrayAttr:$begin,
                       DenseI64ArrayAttr:$size, DenseI64ArrayAttr:$strides);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def TFS_GatherOp : TFS_PureOp<"gather", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "slices of a tensor picked by indices (TF GatherV2)";
  let description = [{
    Takes, along dimension `axis` of `params`, the slices that `indices`
    picks; the result's shape is `params.shape[:axis] +
    indices.shape[batch_dims:] + params.shape[axis + 1:]`:

    ```
    output[p..., i..., q...] = params[p..., indices[p[:batch_dims]..., i...], q...]
    ```

    The first `batch_dims` dimensions of `params` and `indices` are batch
    dimensions and agree (`0 <= batch_dims <= axis`, both normalized, as the
    frontend does). An index outside `[0, params.shape[axis])` is the
    model's error: the caller proves the indices in range or checks them
    before the run (`tfs-check-indices`); the lowering reads the nearest
    slice (clamped), so no index ever reads outside `params`.

    Example (an embedding lookup):

    ```mlir
    %e = tfs.gather %table, %ids {axis = 0 : i64, batch_dims = 0 : i64}
        : (tensor<1000x64xf32>, tensor<8x20xi32>) -> tensor<8x20x64xf32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$params, RankedTensorOf<[I32, I64]>:$indices,
                       I64Attr:$axis, I64Attr:$batch_dims);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat =
      "$params `,` $indices attr-dict `:` functional-type(operands, results)";
}

def TFS_PadOp : TFS_PureOp<"pad", [TFS_ShapeFunction, InferTypeOpAdaptor]> {
  let summary = "pads a tensor (TF Pad / PadV2 / MirrorPad)";
  let description = [{
    `paddings` is a `[rank, 2]` tensor of (before, after) counts per
    dimension. `mode` is `"CONSTANT"` (filled with `constant_value`),
    `"REFLECT"` (mirror without the edge; each count at most dim - 1) or
    `"SYMMETRIC"` (mirror with the edge; each count at most dim).

    Example:

    ```mlir
    %y = tfs.pad %x {paddings = dense<[[0, 0], [1, 2]]> : tensor<2x2xi64>}
        : (tensor<2x3xf32>) -> tensor<2x6xf32>
    ```
  }];
  let arguments = (ins TFS_Tensor:$input, I64ElementsAttr:$paddings,
                       DefaultValuedStrAttr<StrAttr, "CONSTANT">:$mode,
                       DefaultValuedAttr<F64Attr, "0.0">:$constant_value);
  let results = (outs TFS_Tensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

#endif // TFS_OPS_TD
