// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl's error type: which step failed, and the errno.

#include "failure.h"

#include <string.h>
#include <sys/capsicum.h>

namespace capsicumctl {

Failure SysFailure(const std::string& step, int err, const std::string& hint) {
  std::string msg = step + ": " + cap_strerror(err) + " (errno " + std::to_string(err) + ")";
  if (!hint.empty()) msg += "; " + hint;
  return Failure{std::move(msg)};
}

std::string ErrnoName(int err) {
  // glibc knows the names of Linux's errnos, but not of the two Capsicum adds.
  if (err == ECAPMODE) return "ECAPMODE";
  if (err == ENOTCAPABLE) return "ENOTCAPABLE";
  if (const char* name = strerrorname_np(err); name != nullptr) return name;
  return "errno " + std::to_string(err);
}

}  // namespace capsicumctl
