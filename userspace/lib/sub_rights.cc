// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - cap_fcntls_limit, cap_fcntls_get, cap_ioctls_limit, cap_ioctls_get.
//
// The fcntl and ioctl sub-rights, as /dev/capsicum ioctls (ABI 2), in the order of syscalls.cc:
// ENOSYS first (the device is reached before any argument is looked at, as a missing system
// call would be), then the checks FreeBSD's sys_capability.c makes before it looks up the
// descriptor (a bit outside CAP_FCNTL_ALL, more than CAP_IOCTLS_MAX commands, an unreadable
// list), then the module's answer.  A module older than ABI 2 does not know these ioctls
// (ENOTTY): to a program that is a kernel without the system call, ENOSYS, which FreeBSD code
// already expects (capsicum_helpers.h's caph_limit_stream ignores ENOSYS from
// cap_ioctls_limit and cap_fcntls_limit).

#include <limits.h>
#include <string.h>
#include <sys/capsicum.h>

#include <algorithm>
#include <array>

#include "c_api.h"
#include "device.h"

namespace capsicum {
namespace {

// DeviceIoctl, with a module that predates the sub-rights answering as no Capsicum would.
Result<int> SubRightsIoctl(unsigned long request, void* arg) {
  auto ret = internal::DeviceIoctl(request, arg);
  if (!ret.ok() && ret.error().value == ENOTTY) return Errno{ENOSYS};
  return ret;
}

// The kernel's CAP_IOCTLS_ALL is an __s64; the C API returns it as an ssize_t.
static_assert(CAP_IOCTLS_ALL == SSIZE_MAX, "CAP_IOCTLS_ALL must be FreeBSD's SSIZE_MAX");

// The kernel takes and gives ioctl commands as __u64, the C API as unsigned long.
using IoctlBuffer = std::array<__u64, CAP_IOCTLS_MAX>;

Status FcntlsLimit(int fd, uint32_t fcntls) {
  if (auto dev = internal::EnsureDevice(); !dev.ok()) return dev;
  if ((fcntls & ~static_cast<uint32_t>(CAP_FCNTL_ALL)) != 0) return Errno{EINVAL};
  struct capsicum_fcntls_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  arg.fd = fd;
  arg.fcntls = fcntls;
  if (auto ret = SubRightsIoctl(CAPSICUM_IOC_FCNTLS_LIMIT, &arg); !ret.ok()) return ret.error();
  return kOk;
}

Status FcntlsGet(int fd, uint32_t* fcntlsp) {
  if (auto dev = internal::EnsureDevice(); !dev.ok()) return dev;
  struct capsicum_fcntls_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  arg.fd = fd;
  if (auto ret = SubRightsIoctl(CAPSICUM_IOC_FCNTLS_GET, &arg); !ret.ok()) return ret.error();
  // FreeBSD copies out last: a bad descriptor is EBADF even with a NULL pointer.
  if (fcntlsp == nullptr) return Errno{EFAULT};
  *fcntlsp = arg.fcntls;
  return kOk;
}

Status IoctlsLimit(int fd, const cap_ioctl_t* cmds, size_t ncmds) {
  if (auto dev = internal::EnsureDevice(); !dev.ok()) return dev;
  if (ncmds > CAP_IOCTLS_MAX) return Errno{EINVAL};
  if (cmds == nullptr && ncmds > 0) return Errno{EFAULT};
  IoctlBuffer buf;
  std::copy_n(cmds, ncmds, buf.begin());
  struct capsicum_ioctls_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  arg.fd = fd;
  arg.cmds = reinterpret_cast<uintptr_t>(buf.data());
  arg.ncmds = static_cast<__s64>(ncmds);
  if (auto ret = SubRightsIoctl(CAPSICUM_IOC_IOCTLS_LIMIT, &arg); !ret.ok()) return ret.error();
  return kOk;
}

Result<ssize_t> IoctlsGet(int fd, cap_ioctl_t* cmds, size_t maxcmds) {
  if (auto dev = internal::EnsureDevice(); !dev.ok()) return dev.error();
  // No descriptor allows more than CAP_IOCTLS_MAX commands: a larger array is never filled
  // further.  FreeBSD treats a NULL array as a request for the count.
  const size_t capacity = cmds == nullptr ? 0 : std::min<size_t>(maxcmds, CAP_IOCTLS_MAX);
  IoctlBuffer buf;
  struct capsicum_ioctls_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  arg.fd = fd;
  arg.cmds = reinterpret_cast<uintptr_t>(buf.data());
  arg.ncmds = static_cast<__s64>(capacity);
  if (auto ret = SubRightsIoctl(CAPSICUM_IOC_IOCTLS_GET, &arg); !ret.ok()) return ret.error();
  if (arg.ncmds == CAP_IOCTLS_ALL) return static_cast<ssize_t>(CAP_IOCTLS_ALL);
  // Anything else outside 0..CAP_IOCTLS_MAX is no answer the ABI allows.
  if (arg.ncmds < 0 || arg.ncmds > CAP_IOCTLS_MAX) return Errno{EPROTO};
  const size_t count = static_cast<size_t>(arg.ncmds);
  std::copy_n(buf.begin(), std::min(count, capacity), cmds);
  return static_cast<ssize_t>(count);
}

}  // namespace
}  // namespace capsicum

extern "C" {

CAPSICUM_EXPORT int cap_fcntls_limit(int fd, uint32_t fcntlrights) noexcept {
  return capsicum::ToC(capsicum::FcntlsLimit(fd, fcntlrights));
}

CAPSICUM_EXPORT int cap_fcntls_get(int fd, uint32_t* fcntlrightsp) noexcept {
  return capsicum::ToC(capsicum::FcntlsGet(fd, fcntlrightsp));
}

CAPSICUM_EXPORT int cap_ioctls_limit(int fd, const cap_ioctl_t* cmds, size_t ncmds) noexcept {
  return capsicum::ToC(capsicum::IoctlsLimit(fd, cmds, ncmds));
}

CAPSICUM_EXPORT ssize_t cap_ioctls_get(int fd, cap_ioctl_t* cmds, size_t maxcmds) noexcept {
  return capsicum::ToC(capsicum::IoctlsGet(fd, cmds, maxcmds));
}

}  // extern "C"
