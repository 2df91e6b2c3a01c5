//===- Types.cpp - dtypes, shapes, dense values and attributes ------------===//
//
// This file implements TF dtype names, TensorShape compatibility and
// formatting, and dense constant storage.
//
//===----------------------------------------------------------------------===//

#include "tfs/Frontend/Types.h"
#include "tfs/Frontend/Errors.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

#include <cmath>
#include <cstring>

namespace tfs::frontend {

namespace {
struct DTypeEntry {
  DType type;
  absl::string_view name;
  size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {DType::Float16, "float16", 2},     {DType::BFloat16, "bfloat16", 2},
    {DType::Float32, "float32", 4},     {DType::Float64, "float64", 8},
    {DType::Int8, "int8", 1},           {DType::Int16, "int16", 2},
    {DType::Int32, "int32", 4},         {DType::Int64, "int64", 8},
    {DType::UInt8, "uint8", 1},         {DType::UInt16, "uint16", 2},
    {DType::UInt32, "uint32", 4},       {DType::UInt64, "uint64", 8},
    {DType::Bool, "bool", 1},           {DType::String, "string", 0},
    {DType::Complex64, "complex64", 8}, {DType::Complex128, "complex128", 16},
};
} // namespace

absl::string_view dtypeName(DType type) {
  for (const DTypeEntry &e : kDTypes)
    if (e.type == type)
      return e.name;
  return "invalid";
}

std::optional<DType> parseDType(absl::string_view name) {
  if (name.size() > 4 && name.substr(name.size() - 4) == "_ref")
    name.remove_suffix(4);
  if (name == "half")
    return DType::Float16;
  if (name == "float")
    return DType::Float32;
  if (name == "double")
    return DType::Float64;
  for (const DTypeEntry &e : kDTypes)
    if (e.name == name)
      return e.type;
  return std::nullopt;
}

bool isFloating(DType t) {
  return t == DType::Float16 || t == DType::BFloat16 || t == DType::Float32 ||
         t == DType::Float64;
}
bool isUnsigned(DType t) {
  return t == DType::UInt8 || t == DType::UInt16 || t == DType::UInt32 ||
         t == DType::UInt64;
}
bool isInteger(DType t) {
  return t == DType::Int8 || t == DType::Int16 || t == DType::Int32 ||
         t == DType::Int64 || isUnsigned(t);
}
bool isComplex(DType t) {
  return t == DType::Complex64 || t == DType::Complex128;
}
size_t dtypeSize(DType type) {
  for (const DTypeEntry &e : kDTypes)
    if (e.type == type)
      return e.size;
  return 0;
}

//===----------------------------------------------------------------------===//
// Shape
//===----------------------------------------------------------------------===//

bool Shape::isFullyDefined() const {
  if (!dims_)
    return false;
  for (int64_t d : *dims_)
    if (d < 0)
      return false;
  return true;
}

std::optional<int64_t> Shape::numElements() const {
  if (!isFullyDefined())
    return std::nullopt;
  int64_t n = 1;
  for (int64_t d : *dims_)
    n *= d;
  return n;
}

bool Shape::isCompatibleWith(const Shape &other) const {
  if (!dims_ || !other.dims_)
    return true;
  if (dims_->size() != other.dims_->size())
    return false;
  for (size_t i = 0; i < dims_->size(); ++i) {
    int64_t a = (*dims_)[i], b = (*other.dims_)[i];
    if (a >= 0 && b >= 0 && a != b)
      return false;
  }
  return true;
}

std::optional<Shape> Shape::mergeWith(const Shape &other) const {
  if (!isCompatibleWith(other))
    return std::nullopt;
  if (!dims_)
    return other;
  if (!other.dims_)
    return *this;
  std::vector<int64_t> dims(*dims_);
  for (size_t i = 0; i < dims.size(); ++i)
    if (dims[i] < 0)
      dims[i] = (*other.dims_)[i];
  return Shape(std::move(dims));
}

static std::string dimString(int64_t d) {
  return d < 0 ? std::string("?") : absl::StrCat(d);
}

std::string Shape::toString() const {
  if (!dims_)
    return "<unknown>";
  if (dims_->size() == 1)
    return absl::StrCat("(", dimString((*dims_)[0]), ",)");
  std::vector<std::string> parts;
  for (int64_t d : *dims_)
    parts.push_back(dimString(d));
  return absl::StrCat("(", absl::StrJoin(parts, ", "), ")");
}

std::string Shape::toDebugString() const {
  if (!dims_)
    return "?";
  std::vector<std::string> parts;
  for (int64_t d : *dims_)
    parts.push_back(dimString(d));
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

//===----------------------------------------------------------------------===//
// DenseElements
//===----------------------------------------------------------------------===//

static int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t DenseElements::numElements() const { return product(shape_); }

int64_t DenseElements::numStored() const {
  size_t size = dtypeSize(dtype_);
  return size ? static_cast<int64_t>(raw_.size() / size) : 0;
}

namespace {
template <typename T> void appendRaw(std::string &raw, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  raw.append(bytes, sizeof(T));
}
template <typename T> T readRaw(const std::string &raw, int64_t i) {
  T value;
  std::memcpy(&value, raw.data() + i * sizeof(T), sizeof(T));
  return value;
}

absl::Status checkCount(DType type, const std::vector<int64_t> &shape,
                        int64_t count) {
  if (type == DType::String || type == DType::Invalid || isComplex(type) ||
      type == DType::Float16 || type == DType::BFloat16)
    return notImplementedError(absl::StrCat(
        "tfsc does not support dense constants of dtype ", dtypeName(type),
        " yet."));
  int64_t n = product(shape);
  if (count != n && count != 1)
    return valueError(absl::StrFormat(
        "dense value of shape [%s] needs %d elements, got %d",
        absl::StrJoin(shape, ","), n, count));
  return absl::OkStatus();
}

void appendDouble(std::string &raw, DType type, double v) {
  switch (type) {
  case DType::Float32:
    return appendRaw<float>(raw, static_cast<float>(v));
  case DType::Float64:
    return appendRaw<double>(raw, v);
  default:
    break;
  }
}
void appendInt(std::string &raw, DType type, int64_t v) {
  switch (type) {
  case DType::Float32:
    return appendRaw<float>(raw, static_cast<float>(v));
  case DType::Float64:
    return appendRaw<double>(raw, static_cast<double>(v));
  case DType::Int8:
    return appendRaw<int8_t>(raw, static_cast<int8_t>(v));
  case DType::Int16:
    return appendRaw<int16_t>(raw, static_cast<int16_t>(v));
  case DType::Int32:
    return appendRaw<int32_t>(raw, static_cast<int32_t>(v));
  case DType::Int64:
    return appendRaw<int64_t>(raw, v);
  case DType::UInt8:
    return appendRaw<uint8_t>(raw, static_cast<uint8_t>(v));
  case DType::UInt16:
    return appendRaw<uint16_t>(raw, static_cast<uint16_t>(v));
  case DType::UInt32:
    return appendRaw<uint32_t>(raw, static_cast<uint32_t>(v));
  case DType::UInt64:
    return appendRaw<uint64_t>(raw, static_cast<uint64_t>(v));
  case DType::Bool:
    return appendRaw<uint8_t>(raw, v != 0);
  default:
    break;
  }
}
} // namespace

absl::StatusOr<DenseElements>
DenseElements::fromDoubles(DType type, std::vector<int64_t> shape,
                           const std::vector<double> &values) {
  TFS_RETURN_IF_ERROR(checkCount(type, shape, values.size()));
  DenseElements result;
  result.dtype_ = type;
  result.shape_ = std::move(shape);
  for (double v : values) {
    if (isFloating(type))
      appendDouble(result.raw_, type, v);
    else
      appendInt(result.raw_, type, static_cast<int64_t>(v));
  }
  return result;
}

absl::StatusOr<DenseElements>
DenseElements::fromInts(DType type, std::vector<int64_t> shape,
                        const std::vector<int64_t> &values) {
  TFS_RETURN_IF_ERROR(checkCount(type, shape, values.size()));
  DenseElements result;
  result.dtype_ = type;
  result.shape_ = std::move(shape);
  for (int64_t v : values)
    appendInt(result.raw_, type, v);
  return result;
}

absl::StatusOr<DenseElements> DenseElements::fromRaw(DType type,
                                                     std::vector<int64_t> shape,
                                                     std::string raw) {
  size_t size = dtypeSize(type);
  if (size == 0 || raw.size() % size != 0)
    return valueError("raw buffer does not hold whole elements");
  TFS_RETURN_IF_ERROR(checkCount(type, shape, raw.size() / size));
  DenseElements result;
  result.dtype_ = type;
  result.shape_ = std::move(shape);
  result.raw_ = std::move(raw);
  return result;
}

double DenseElements::getDouble(int64_t i) const {
  if (numStored() == 1)
    i = 0;
  switch (dtype_) {
  case DType::Float32:
    return readRaw<float>(raw_, i);
  case DType::Float64:
    return readRaw<double>(raw_, i);
  default:
    return static_cast<double>(getInt(i));
  }
}

int64_t DenseElements::getInt(int64_t i) const {
  if (numStored() == 1)
    i = 0;
  switch (dtype_) {
  case DType::Float32:
    return static_cast<int64_t>(readRaw<float>(raw_, i));
  case DType::Float64:
    return static_cast<int64_t>(readRaw<double>(raw_, i));
  case DType::Int8:
    return readRaw<int8_t>(raw_, i);
  case DType::Int16:
    return readRaw<int16_t>(raw_, i);
  case DType::Int32:
    return readRaw<int32_t>(raw_, i);
  case DType::Int64:
    return readRaw<int64_t>(raw_, i);
  case DType::UInt8:
  case DType::Bool:
    return readRaw<uint8_t>(raw_, i);
  case DType::UInt16:
    return readRaw<uint16_t>(raw_, i);
  case DType::UInt32:
    return readRaw<uint32_t>(raw_, i);
  case DType::UInt64:
    return static_cast<int64_t>(readRaw<uint64_t>(raw_, i));
  default:
    return 0;
  }
}

absl::StatusOr<DenseElements> DenseElements::castTo(DType type) const {
  if (type == dtype_)
    return *this;
  int64_t n = numStored();
  if (isFloating(dtype_)) {
    std::vector<double> values;
    for (int64_t i = 0; i < n; ++i)
      values.push_back(getDouble(i));
    return fromDoubles(type, shape_, values);
  }
  std::vector<int64_t> values;
  for (int64_t i = 0; i < n; ++i)
    values.push_back(getInt(i));
  return fromInts(type, shape_, values);
}

DenseElements DenseElements::reshaped(std::vector<int64_t> shape) const {
  DenseElements copy = *this;
  copy.shape_ = std::move(shape);
  return copy;
}

std::string attrToString(const AttrValue &value) {
  struct Printer {
    std::string operator()(int64_t v) { return absl::StrCat(v); }
    std::string operator()(double v) { return absl::StrCat(v); }
    std::string operator()(bool v) { return v ? "true" : "false"; }
    std::string operator()(const std::string &v) {
      return absl::StrCat("\"", v, "\"");
    }
    std::string operator()(const std::vector<int64_t> &v) {
      return absl::StrCat("[", absl::StrJoin(v, ", "), "]");
    }
    std::string operator()(const std::vector<double> &v) {
      return absl::StrCat("[", absl::StrJoin(v, ", "), "]");
    }
    std::string operator()(const Shape &s) { return s.toDebugString(); }
    std::string operator()(DType t) { return std::string(dtypeName(t)); }
    std::string operator()(const DenseElements &d) {
      std::vector<std::string> parts;
      int64_t n = std::min<int64_t>(d.numStored(), 8);
      for (int64_t i = 0; i < n; ++i)
        parts.push_back(isFloating(d.dtype()) ? absl::StrCat(d.getDouble(i))
                                              : absl::StrCat(d.getInt(i)));
      if (d.numStored() > n)
        parts.push_back("...");
      return absl::StrCat(dtypeName(d.dtype()), "[",
                          absl::StrJoin(d.shape(), ","), "]{",
                          absl::StrJoin(parts, ", "), "}");
    }
  };
  return std::visit(Printer{}, value);
}

} // namespace tfs::frontend
