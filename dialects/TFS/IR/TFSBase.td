//===- TFSBase.td - tfs dialect, types, attributes and traits -------------===//
//
// The tfs dialect models a TensorFlow 1 graph after import: variables as
// module-level symbols, and ops with TF semantics (numpy broadcasting, NHWC
// convolutions, TF padding rules) on statically shaped tensors.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_BASE_TD
#define TFS_BASE_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/OpBase.td"
include "dialects/TFS/IR/TFSAttrInterfaces.td"

//===----------------------------------------------------------------------===//
// Dialect
//===----------------------------------------------------------------------===//

def TFS_Dialect : Dialect {
  let name = "tfs";
  let cppNamespace = "::mlir::tfs";
  let summary = "TensorFlow 1 graphs with shared variables";
  let description = [{
    The `tfs` dialect is the first IR of tfsc. A TF1 graph built by the tfsc
    frontend is imported as a `func.func @main` whose arguments are the feeds
    (placeholders) and whose results are the fetches. Every variable, however
    many towers, time steps or calls reuse it, is exactly one `tfs.variable`
    symbol at module level; ops read it with `tfs.read_variable` and update it
    with `tfs.assign_variable` (and `assign_add`, `assign_sub`).

    Ops follow TensorFlow semantics: binary elementwise ops broadcast like
    numpy, convolutions and pooling take NHWC inputs and HWIO filters with
    TF's `SAME`/`VALID` padding rules, reductions take TF axes (negative axes
    count from the back). Shapes are static: an operand or result with an
    unknown dimension is rejected by the verifier.

    Each op's location is a `NameLoc` holding its TF name (for example
    `image_filters/conv1/Conv2D`) wrapping the Python `file:line` that
    created it, so diagnostics in later passes point at the user's model.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// The element types a TF1 graph uses (tf.float16 ... tf.uint8, tf.bool).
def TFS_ElementType : AnyTypeOf<[F16, BF16, F32, F64, I1, I8, I16, I32, I64,
                                 UI8, UI16, UI32, UI64], "TF element type">;
def TFS_NumericElementType : AnyTypeOf<[F16, BF16, F32, F64, I8, I16, I32, I64,
                                        UI8, UI16, UI32, UI64],
                                       "TF numeric element type">;
def TFS_FloatElementType : AnyTypeOf<[F16, BF16, F32, F64],
                                     "TF floating-point element type">;

def TFS_Tensor : RankedTensorOf<[TFS_ElementType]>;
def TFS_NumericTensor : RankedTensorOf<[TFS_NumericElementType]>;
def TFS_FloatTensor : RankedTensorOf<[TFS_FloatElementType]>;

//===----------------------------------------------------------------------===//
// Traits
//===----------------------------------------------------------------------===//

// Every operand and result tensor has a fully static shape. Verified before
// any shape inference so that an unknown dimension gets its own diagnostic.
def TFS_StaticShapes : NativeOpTrait<"StaticShapes"> {
  let cppNamespace = "::mlir::tfs::OpTrait";
}

// Runs the op's TF shape function (inferReturnTypes) as a verifier before the
// InferTypeOpInterface check, so that an invalid op reports the shape rule it
// breaks instead of a generic "failed to infer returned types".
def TFS_ShapeFunction : NativeOpTrait<"ShapeFunction"> {
  let cppNamespace = "::mlir::tfs::OpTrait";
}

//===----------------------------------------------------------------------===//
// Variable initializers
//===----------------------------------------------------------------------===//

// A double-precision attribute parameter with a default.
class TFS_F64Parameter<string default>
    : DefaultValuedParameter<"::llvm::APFloat",
                             "::llvm::APFloat(" # default # ")"> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
}

class TFS_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<TFS_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class TFS_InitializerAttr<string name, string attrMnemonic>
    : TFS_Attr<name, attrMnemonic, [DeclareAttrInterfaceMethods<
          TFS_InitializerAttrInterface>]>;

def TFS_ZerosInitializerAttr : TFS_InitializerAttr<"ZerosInitializer", "zeros"> {
  let summary = "all elements zero (tf.zeros_initializer)";
  let description = [{
    Example: `tfs.variable @"b" : tensor<32xf32> = #tfs.zeros`
  }];
}

def TFS_OnesInitializerAttr : TFS_InitializerAttr<"OnesInitializer", "ones"> {
  let summary = "all elements one (tf.ones_initializer)";
  let description = [{
    Example: `tfs.variable @"gamma" : tensor<32xf32> = #tfs.ones`
  }];
}

// Seeds are TF's (seed, seed2) pair after tf.get_seed: the graph-level seed
// and the op-level seed. Both zero means "nondeterministic" in TF; a compiled
// model stays reproducible instead: such a variable gets the graph seed
// 87654321 and an op seed hashed from its name, so variables still differ.
def TFS_RandomUniformInitializerAttr
    : TFS_InitializerAttr<"RandomUniformInitializer", "random_uniform"> {
  let summary = "uniform distribution in [minval, maxval)";
  let description = [{
    `tf.random_uniform_initializer(minval, maxval, seed)`.

    Example: `#tfs.random_uniform<minval = -1.0, maxval = 1.0, seed = 7>`
  }];
  let parameters = (ins
    TFS_F64Parameter<"0.0">:$minval,
    TFS_F64Parameter<"1.0">:$maxval,
    DefaultValuedParameter<"int64_t", "0">:$seed,
    DefaultValuedParameter<"int64_t", "0">:$seed2);
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
  let genVerifyDecl = 1;
}

def TFS_RandomNormalInitializerAttr
    : TFS_InitializerAttr<"RandomNormalInitializer", "random_normal"> {
  let summary = "normal distribution N(mean, stddev^2)";
  let description = [{
    `tf.random_normal_initializer(mean, stddev, seed)`.

    Example: `#tfs.random_normal<stddev = 0.1, seed = 1>`
  }];
  let parameters = (ins
    TFS_F64Parameter<"0.0">:$mean,
    TFS_F64Parameter<"1.0">:$stddev,
    DefaultValuedParameter<"int64_t", "0">:$seed,
    DefaultValuedParameter<"int64_t", "0">:$seed2);
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
  let genVerifyDecl = 1;
}

def TFS_TruncatedNormalInitializerAttr
    : TFS_InitializerAttr<"TruncatedNormalInitializer", "truncated_normal"> {
  let summary = "normal distribution re-drawn beyond two standard deviations";
  let description = [{
    `tf.truncated_normal_initializer(mean, stddev, seed)`.

    Example: `#tfs.truncated_normal<stddev = 0.01>`
  }];
  let parameters = (ins
    TFS_F64Parameter<"0.0">:$mean,
    TFS_F64Parameter<"1.0">:$stddev,
    DefaultValuedParameter<"int64_t", "0">:$seed,
    DefaultValuedParameter<"int64_t", "0">:$seed2);
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
  let genVerifyDecl = 1;
}

def TFS_GlorotUniformInitializerAttr
    : TFS_InitializerAttr<"GlorotUniformInitializer", "glorot_uniform"> {
  let summary = "Glorot/Xavier uniform, limit sqrt(6 / (fan_in + fan_out))";
  let description = [{
    `tf.glorot_uniform_initializer(seed)`, the default initializer of
    `tf.get_variable` for floating-point variables. Fans follow TF's
    `_compute_fans`: for a rank-4 HWIO filter, fan_in = H*W*I and
    fan_out = H*W*O.

    Example: `#tfs.glorot_uniform<seed = 3>`
  }];
  let parameters = (ins
    DefaultValuedParameter<"int64_t", "0">:$seed,
    DefaultValuedParameter<"int64_t", "0">:$seed2);
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
}

// A tfs.variable's initializer: a constant value or a symbolic initializer.
def TFS_AnyInitializerAttr : AnyAttrOf<[ElementsAttr,
    Attr<CPred<"::llvm::isa<::mlir::tfs::InitializerAttrInterface>($_self)">,
         "tfs initializer attribute">]>;

#endif // TFS_BASE_TD
