// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl rights PID: every descriptor's rights, like procstat -C.
#ifndef CAPSICUM_CAPSICUMCTL_RIGHTS_H_
#define CAPSICUM_CAPSICUMCTL_RIGHTS_H_

#include <sys/types.h>

#include <string>

#include "failure.h"

namespace capsicumctl {

// The report of every descriptor of process `pid` (FormatText or FormatJson), or the message
// to print, which ends with the errno's name: "no process PID (ESRCH)", "not permitted to read
// the descriptors of process PID (EPERM)", "capsicumctl runs in capability mode, ..."
// (ECAPMODE), "Capsicum is not available: ..." (ENOSYS), "the loaded capsicum module cannot
// report descriptors ..." (ENOTTY), else "<step> of process PID: <strerror> (<ENAME>)".
Outcome<std::string> FdRightsReport(pid_t pid, bool json);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_RIGHTS_H_
