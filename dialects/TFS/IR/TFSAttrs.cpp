//===- TFSAttrs.cpp - tfs variable-initializer attributes -----------------===//
//
// This file implements the initializer attributes of tfs.variable and their
// checks against the variable's type.
//
//===----------------------------------------------------------------------===//

#include "dialects/TFS/IR/TFSDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tfs;

namespace mlir {
/// Lets the generated `struct(params)` parsers read double parameters.
template <>
struct FieldParser<APFloat> {
  static FailureOr<APFloat> parse(AsmParser &parser) {
    double value;
    if (parser.parseFloat(value))
      return failure();
    return APFloat(value);
  }
};
} // namespace mlir

#include "dialects/TFS/IR/TFSAttrInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/TFS/IR/TFSAttrs.cpp.inc"

void TFSDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/TFS/IR/TFSAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Parameter checks
//===----------------------------------------------------------------------===//

LogicalResult
RandomUniformInitializerAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                     APFloat minvalAttr, APFloat maxvalAttr,
                                     int64_t, int64_t) {
  double minval = minvalAttr.convertToDouble();
  double maxval = maxvalAttr.convertToDouble();
  if (!std::isfinite(minval) || !std::isfinite(maxval) || !(minval < maxval))
    return emitError() << "random_uniform needs finite minval < maxval, got ["
                       << minval << ", " << maxval << ")";
  return success();
}

static LogicalResult verifyNormal(function_ref<InFlightDiagnostic()> emitError,
                                  StringRef name, double mean, double stddev) {
  if (!std::isfinite(mean) || !std::isfinite(stddev) || stddev < 0)
    return emitError() << name
                       << " needs a finite mean and a finite stddev >= 0, got "
                          "mean "
                       << mean << ", stddev " << stddev;
  return success();
}

LogicalResult
RandomNormalInitializerAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                    APFloat mean, APFloat stddev, int64_t,
                                    int64_t) {
  return verifyNormal(emitError, "random_normal", mean.convertToDouble(),
                      stddev.convertToDouble());
}

LogicalResult TruncatedNormalInitializerAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, APFloat mean, APFloat stddev,
    int64_t, int64_t) {
  return verifyNormal(emitError, "truncated_normal", mean.convertToDouble(),
                      stddev.convertToDouble());
}

//===----------------------------------------------------------------------===//
// InitializerAttrInterface
//===----------------------------------------------------------------------===//

LogicalResult
ZerosInitializerAttr::verifyForType(RankedTensorType,
                                    function_ref<InFlightDiagnostic()>) const {
  return success();
}

LogicalResult
OnesInitializerAttr::verifyForType(RankedTensorType,
                                   function_ref<InFlightDiagnostic()>) const {
  return success();
}

/// Random initializers only produce floating-point values (TF raises
/// "Invalid dtype" for integer variables with them).
static LogicalResult
verifyFloatVariable(StringRef name, RankedTensorType type,
                    function_ref<InFlightDiagnostic()> emitError) {
  if (isa<FloatType>(type.getElementType()))
    return success();
  return emitError() << "initializer #tfs." << name
                     << " needs a floating-point variable, got " << type;
}

LogicalResult RandomUniformInitializerAttr::verifyForType(
    RankedTensorType type, function_ref<InFlightDiagnostic()> emitError) const {
  // TF's random_uniform also accepts integer dtypes with integral bounds.
  if (isa<IntegerType>(type.getElementType()) &&
      !type.getElementType().isInteger(1)) {
    if (!getMinval().isInteger() || !getMaxval().isInteger())
      return emitError() << "initializer #tfs.random_uniform for " << type
                         << " needs integral minval and maxval";
    return success();
  }
  return verifyFloatVariable("random_uniform", type, emitError);
}

LogicalResult RandomNormalInitializerAttr::verifyForType(
    RankedTensorType type, function_ref<InFlightDiagnostic()> emitError) const {
  return verifyFloatVariable("random_normal", type, emitError);
}

LogicalResult TruncatedNormalInitializerAttr::verifyForType(
    RankedTensorType type, function_ref<InFlightDiagnostic()> emitError) const {
  return verifyFloatVariable("truncated_normal", type, emitError);
}

LogicalResult GlorotUniformInitializerAttr::verifyForType(
    RankedTensorType type, function_ref<InFlightDiagnostic()> emitError) const {
  return verifyFloatVariable("glorot_uniform", type, emitError);
}
