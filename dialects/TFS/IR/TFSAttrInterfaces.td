//===- TFSAttrInterfaces.td - tfs attribute interfaces -------------------===//
//
// Interfaces shared by tfs attributes. Kept in their own file because
// interface declarations are only generated for the main .td file.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_ATTR_INTERFACES_TD
#define TFS_ATTR_INTERFACES_TD

include "mlir/IR/OpBase.td"

def TFS_InitializerAttrInterface : AttrInterface<"InitializerAttrInterface"> {
  let cppNamespace = "::mlir::tfs";
  let description = [{
    A symbolic initializer of a `tfs.variable` (zeros, ones, random
    distributions). Constant initial values are plain `ElementsAttr`s instead.
  }];
  let methods = [
    InterfaceMethod<[{
        Checks that this initializer can produce a value of `type`; reports
        the reason through `emitError` otherwise.
      }], "::llvm::LogicalResult", "verifyForType",
      (ins "::mlir::RankedTensorType":$type,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError)>
  ];
}

#endif // TFS_ATTR_INTERFACES_TD
