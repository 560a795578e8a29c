// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl's error type: which step failed, and the errno.

#include "failure.h"

#include <sys/capsicum.h>

namespace capsicumctl {

Failure SysFailure(const std::string& step, int err, const std::string& hint) {
  std::string msg = step + ": " + cap_strerror(err) + " (errno " + std::to_string(err) + ")";
  if (!hint.empty()) msg += "; " + hint;
  return Failure{std::move(msg)};
}

}  // namespace capsicumctl
