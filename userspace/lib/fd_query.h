// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - QueryFd: the rights, fcntls and ioctls of any process's descriptor.
//
// C++ only, for capsicumctl and the tests; part of the static libcapsicum.a, not of the C ABI.
#ifndef CAPSICUM_USERSPACE_LIB_FD_QUERY_H_
#define CAPSICUM_USERSPACE_LIB_FD_QUERY_H_

#include <linux/capsicum.h>
#include <stdint.h>
#include <sys/types.h>

#include <optional>
#include <vector>

#include "result.h"

namespace capsicum {

// What CAPSICUM_IOC_FD_QUERY says about one descriptor (FreeBSD's procstat -C).
struct FdInfo {
  // CAPSICUM_FD_LIMITED, CAPSICUM_FD_UNOBSERVED.
  uint32_t flags = 0;
  cap_rights_t rights{};
  // CAP_FCNTL_* bits.
  uint32_t fcntls = 0;
  // The ioctl commands the descriptor may use, in the module's order; nullopt when it may use
  // every command (CAP_IOCTLS_ALL).
  std::optional<std::vector<uint64_t>> ioctls;

  bool limited() const noexcept { return (flags & CAPSICUM_FD_LIMITED) != 0; }
  bool unobserved() const noexcept { return (flags & CAPSICUM_FD_UNOBSERVED) != 0; }
};

// Descriptor `fd` of process `pid` (0: the caller), through the library's /dev/capsicum.
// Errors, as the module gives them (uapi/linux/capsicum.h):
// - ENOSYS: no /dev/capsicum (no module).
// - ENOTTY: the module predates ABI 2 and has no CAPSICUM_IOC_FD_QUERY.
// - ECAPMODE: the caller is in capability mode and `pid` is another process.
// - ESRCH: no process `pid`.
// - EPERM: the caller may not read `pid`'s descriptors (the rule of /proc/PID/fd).
// - EBADF: `fd` is not open in `pid`.
// - ENOMEM: no memory for the ioctl list.
// - EPROTO: the module's answer is outside what the ABI allows.
Result<FdInfo> QueryFd(pid_t pid, int fd) noexcept;

}  // namespace capsicum

#endif  // CAPSICUM_USERSPACE_LIB_FD_QUERY_H_
