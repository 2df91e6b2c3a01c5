//===- TFSDialect.h - tfs dialect and attributes ----------------*- C++ -*-===//
//
// Declares the tfs dialect, its variable-initializer attributes and the
// interface they share.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_DIALECT_TFS_IR_TFSDIALECT_H
#define TFS_DIALECT_TFS_IR_TFSDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/TFS/IR/TFSDialect.h.inc"

#include "dialects/TFS/IR/TFSAttrInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/TFS/IR/TFSAttrs.h.inc"

#endif // TFS_DIALECT_TFS_IR_TFSDIALECT_H
