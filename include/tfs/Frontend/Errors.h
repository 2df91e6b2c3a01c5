//===- Errors.h - TF-style errors as absl::Status ---------------*- C++ -*-===//
//
// The frontend reports user errors as absl::Status carrying TensorFlow's
// exact message text. The Python exception class TF would raise (ValueError,
// TypeError, ...) travels as a status payload so the Python front can raise
// the same class.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_FRONTEND_ERRORS_H
#define TFS_FRONTEND_ERRORS_H

#include "absl/status/status.h"

#include <string>
#include "absl/strings/string_view.h"

namespace tfs::frontend {

/// Python exception classes a frontend error maps to.
enum class PyErrorKind { ValueError, TypeError, RuntimeError, NotImplemented };

absl::Status valueError(absl::string_view message);
absl::Status typeError(absl::string_view message);
absl::Status runtimeError(absl::string_view message);
absl::Status notImplementedError(absl::string_view message);

/// The Python exception class for a non-OK status (ValueError by default).
PyErrorKind pyErrorKind(const absl::Status &status);

} // namespace tfs::frontend

#define TFS_RETURN_IF_ERROR(expr)                                              \
  do {                                                                         \
    absl::Status tfsStatus_ = (expr);                                          \
    if (!tfsStatus_.ok())                                                      \
      return tfsStatus_;                                                       \
  } while (false)

#define TFS_CONCAT_INNER(a, b) a##b
#define TFS_CONCAT(a, b) TFS_CONCAT_INNER(a, b)
#define TFS_ASSIGN_OR_RETURN(lhs, expr)                                        \
  TFS_ASSIGN_OR_RETURN_IMPL(TFS_CONCAT(tfsStatusOr_, __LINE__), lhs, expr)
#define TFS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)                              \
  auto tmp = (expr);                                                           \
  if (!tmp.ok())                                                               \
    return tmp.status();                                                       \
  lhs = std::move(*tmp)

#endif // TFS_FRONTEND_ERRORS_H
