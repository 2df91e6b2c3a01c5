//===- Errors.cpp - TF-style errors as absl::Status -----------------------===//
//
// This file implements the helpers that tag frontend errors with the Python
// exception class TensorFlow raises for them.
//
//===----------------------------------------------------------------------===//

#include "tfs/Frontend/Errors.h"

#include "absl/strings/cord.h"

namespace tfs::frontend {

namespace {
constexpr absl::string_view kKindPayload = "tfs.frontend/py_error_kind";

absl::Status make(absl::StatusCode code, absl::string_view message,
                  absl::string_view kind) {
  absl::Status status(code, absl::string_view(message));
  status.SetPayload(kKindPayload, absl::Cord(kind));
  return status;
}
} // namespace

absl::Status valueError(absl::string_view message) {
  return make(absl::StatusCode::kInvalidArgument, message, "ValueError");
}
absl::Status typeError(absl::string_view message) {
  return make(absl::StatusCode::kInvalidArgument, message, "TypeError");
}
absl::Status runtimeError(absl::string_view message) {
  return make(absl::StatusCode::kFailedPrecondition, message, "RuntimeError");
}
absl::Status notImplementedError(absl::string_view message) {
  return make(absl::StatusCode::kUnimplemented, message,
              "NotImplementedError");
}

PyErrorKind pyErrorKind(const absl::Status &status) {
  auto kind = status.GetPayload(kKindPayload);
  if (kind) {
    if (*kind == "TypeError")
      return PyErrorKind::TypeError;
    if (*kind == "RuntimeError")
      return PyErrorKind::RuntimeError;
    if (*kind == "NotImplementedError")
      return PyErrorKind::NotImplemented;
    return PyErrorKind::ValueError;
  }
  if (status.code() == absl::StatusCode::kUnimplemented)
    return PyErrorKind::NotImplemented;
  if (status.code() == absl::StatusCode::kFailedPrecondition)
    return PyErrorKind::RuntimeError;
  return PyErrorKind::ValueError;
}

} // namespace tfs::frontend
