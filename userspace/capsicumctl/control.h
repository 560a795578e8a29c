// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl's own /dev/capsicum: VERSION, STATUS, SECCOMP_FILTER, ARM,
// DISARM.
#ifndef CAPSICUM_CAPSICUMCTL_CONTROL_H_
#define CAPSICUM_CAPSICUMCTL_CONTROL_H_

#include <linux/capsicum.h>
#include <stdint.h>

#include "failure.h"
#include "unique_fd.h"

namespace capsicumctl {

// Opens /dev/capsicum, waiting up to `wait_ms` for the node to appear (devtmpfs creates it
// when the module registers the device).  A descriptor of its own, not libcapsicum's cached
// one: it must be closed before delete_module, which it would otherwise keep busy.
Outcome<capsicum::UniqueFd> OpenControl(int wait_ms);

// CAPSICUM_IOC_VERSION.
Outcome<int> AbiVersion(int fd);

// CAPSICUM_IOC_STATUS.
Outcome<struct capsicum_status> QueryStatus(int fd);

// The length in instructions of the capability-mode seccomp filter (CAPSICUM_IOC_SECCOMP_FILTER,
// ABI 3).  The errno is returned as is: ENOTTY from an older module, EOPNOTSUPP when not armed.
capsicum::Result<uint32_t> SeccompFilterLength(int fd);

// CAPSICUM_IOC_ARM / CAPSICUM_IOC_DISARM; the errno is returned as is (DISARM's EBUSY matters).
capsicum::Status Arm(int fd);
capsicum::Status Disarm(int fd);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_CONTROL_H_
