//===- TestUtil.h - helpers for frontend unit tests -------------*- C++ -*-===//
//
// Assertion helpers for absl::Status / StatusOr results in frontend tests.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_UNITTESTS_FRONTEND_TESTUTIL_H
#define TFS_UNITTESTS_FRONTEND_TESTUTIL_H

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace tfs::frontend::testing {

/// Unwraps a StatusOr, failing the test (and returning a default) if not OK.
template <typename T> T valueOrDie(absl::StatusOr<T> result) {
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok())
    return T();
  return std::move(*result);
}

/// The error message of a result that must have failed.
template <typename T> std::string errorOf(const absl::StatusOr<T> &result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? std::string() : std::string(result.status().message());
}

} // namespace tfs::frontend::testing

#endif // TFS_UNITTESTS_FRONTEND_TESTUTIL_H
