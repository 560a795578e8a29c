// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl's error type: which step failed, and the errno.
#ifndef CAPSICUM_CAPSICUMCTL_FAILURE_H_
#define CAPSICUM_CAPSICUMCTL_FAILURE_H_

#include <string>

#include "result.h"

namespace capsicumctl {

using capsicum::kOk;
using capsicum::Unit;

// A message ready for the user: "<step>: <strerror> (errno N)[; hint]".
struct Failure {
  std::string message;
};

template <class T = Unit>
using Outcome = capsicum::Result<T, Failure>;

// The failure of `step` with errno `err`, optionally followed by a hint on what to do.
Failure SysFailure(const std::string& step, int err, const std::string& hint = "");

// The errno's symbolic name: "ESRCH", "ECAPMODE", "ENOTCAPABLE"; "errno N" if it has none.
std::string ErrnoName(int err);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_FAILURE_H_
