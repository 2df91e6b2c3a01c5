//===- Types.h - dtypes, shapes, dense values and attributes ----*- C++ -*-===//
//
// This file declares the value types of the tfsc frontend graph: TF dtypes,
// partially known shapes (TensorShape semantics, unknown dim = -1, unknown
// rank possible), dense constant values and the small attribute variant that
// operations carry.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_FRONTEND_TYPES_H
#define TFS_FRONTEND_TYPES_H

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <variant>
#include <vector>

namespace tfs::frontend {

/// TensorFlow element types (the subset tfsc knows about).
enum class DType {
  Invalid,
  Float16,
  BFloat16,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  UInt8,
  UInt16,
  UInt32,
  UInt64,
  Bool,
  String,
  Complex64,
  Complex128,
};

/// TF's name of a dtype ("float32", "int64", "bool"...).
absl::string_view dtypeName(DType type);
/// Parses a TF dtype name; also accepts the "_ref" suffix (dropped).
std::optional<DType> parseDType(absl::string_view name);
bool isFloating(DType type);
bool isInteger(DType type);
bool isUnsigned(DType type);
bool isComplex(DType type);
/// Size in bytes of one element in a DenseElements buffer (0 for strings).
size_t dtypeSize(DType type);

/// A tensor shape whose rank and dimensions may be unknown (TF TensorShape).
class Shape {
public:
  static constexpr int64_t kUnknownDim = -1;

  /// A shape of unknown rank.
  Shape() = default;
  explicit Shape(std::vector<int64_t> dims) : dims_(std::move(dims)) {}
  static Shape unknownRank() { return Shape(); }
  static Shape scalar() { return Shape(std::vector<int64_t>{}); }
  static Shape unknownDims(int64_t rank) {
    return Shape(std::vector<int64_t>(rank, kUnknownDim));
  }

  bool hasRank() const { return dims_.has_value(); }
  /// Rank; only valid when hasRank().
  int64_t rank() const { return static_cast<int64_t>(dims_->size()); }
  const std::vector<int64_t> &dims() const { return *dims_; }
  int64_t dim(int64_t i) const { return (*dims_)[i]; }
  bool isFullyDefined() const;
  /// Number of elements, or nullopt when not fully defined.
  std::optional<int64_t> numElements() const;
  /// TensorShape.is_compatible_with.
  bool isCompatibleWith(const Shape &other) const;
  /// TensorShape.merge_with: the most specific compatible shape.
  std::optional<Shape> mergeWith(const Shape &other) const;

  /// Python TensorShape formatting: "(2, ?)", "(3,)", "()", "<unknown>".
  std::string toString() const;
  /// Shape-function formatting used in TF's C++ errors: "[2,?]", "?".
  std::string toDebugString() const;

  bool operator==(const Shape &other) const { return dims_ == other.dims_; }
  bool operator!=(const Shape &other) const { return !(*this == other); }

private:
  std::optional<std::vector<int64_t>> dims_;
};

/// A dense constant tensor value stored as raw little-endian elements of its
/// dtype (bool as one byte). A single stored element with a shape of more
/// elements is a splat. Strings are not representable.
class DenseElements {
public:
  DenseElements() = default;
  static absl::StatusOr<DenseElements>
  fromDoubles(DType type, std::vector<int64_t> shape,
              const std::vector<double> &values);
  static absl::StatusOr<DenseElements>
  fromInts(DType type, std::vector<int64_t> shape,
           const std::vector<int64_t> &values);
  /// Takes a raw buffer of numElements (or 1 for a splat) elements.
  static absl::StatusOr<DenseElements> fromRaw(DType type,
                                               std::vector<int64_t> shape,
                                               std::string raw);

  DType dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  /// Number of elements of the value's shape.
  int64_t numElements() const;
  /// Number of elements actually stored (1 for a splat).
  int64_t numStored() const;
  bool isSplat() const { return numStored() == 1 && numElements() != 1; }
  /// Raw element bytes (numStored() elements).
  const std::string &raw() const { return raw_; }
  /// Element i of the full tensor (splats repeat), converted.
  double getDouble(int64_t i) const;
  int64_t getInt(int64_t i) const;
  /// A copy converted to another dtype (numeric conversion like numpy).
  absl::StatusOr<DenseElements> castTo(DType type) const;
  /// A copy with another shape of equal element count (or a splat).
  DenseElements reshaped(std::vector<int64_t> shape) const;

  bool operator==(const DenseElements &other) const {
    return dtype_ == other.dtype_ && shape_ == other.shape_ &&
           raw_ == other.raw_;
  }

private:
  DType dtype_ = DType::Invalid;
  std::vector<int64_t> shape_;
  std::string raw_;
};

/// An operation attribute: int, float, bool, string, int list, float list,
/// shape, dtype or dense tensor value.
using AttrValue =
    std::variant<int64_t, double, bool, std::string, std::vector<int64_t>,
                 std::vector<double>, Shape, DType, DenseElements>;
/// Attributes by name, iterated in name order.
using AttrMap = std::map<std::string, AttrValue, std::less<>>;

/// Renders an attribute for debugging/dumps.
std::string attrToString(const AttrValue &value);

} // namespace tfs::frontend

#endif // TFS_FRONTEND_TYPES_H
