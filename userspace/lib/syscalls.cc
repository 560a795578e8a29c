// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - cap_enter, cap_getmode, cap_sandboxed, cap_rights_limit, cap_rights_get.
//
// FreeBSD's system calls, done as /dev/capsicum ioctls.  Each C entry calls one internal
// function returning a Result and hands it to ToC(), the one errno translator.  Errors come in
// a fixed order: ENOSYS first (no Capsicum: the device is reached before any argument is
// looked at, as a missing system call would), then the argument checks FreeBSD's kernel does
// before touching the descriptor (version EINVAL, NULL EFAULT, malformed rights EINVAL), then
// the module's answer.

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/capsicum.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <memory>
#include <new>

#include "c_api.h"
#include "device.h"

namespace capsicum {
namespace {

using internal::DeviceIoctl;

// The capability-mode seccomp filter of the module (CAPSICUM_IOC_SECCOMP_FILTER, ABI 3).
struct SeccompFilter {
  std::unique_ptr<struct sock_filter[]> insns;
  uint32_t count = 0;
};

// Asks for the length (ENOSPC with the count), then for the filter.  Errors: the ioctl's
// (ENOTTY from a module older than ABI 3, ENOSYS when not armed), ENOMEM.
Result<SeccompFilter> FetchSeccompFilter() {
  SeccompFilter filter;
  // The module always gives the same filter: the second call fits unless memory ran out.
  for (int attempt = 0; attempt < 3; attempt++) {
    struct capsicum_seccomp_filter_arg arg;
    memset(&arg, 0, sizeof(arg));
    arg.size = sizeof(arg);
    arg.count = filter.count;
    arg.filter = reinterpret_cast<uintptr_t>(filter.insns.get());
    auto ret = DeviceIoctl(CAPSICUM_IOC_SECCOMP_FILTER, &arg);
    if (ret.ok()) {
      filter.count = arg.count;
      return filter;
    }
    if (ret.error().value != ENOSPC || arg.count <= filter.count) return ret.error();
    filter.insns.reset(new (std::nothrow) struct sock_filter[arg.count]);
    if (!filter.insns) return Errno{ENOMEM};
    filter.count = arg.count;
  }
  return Errno{ENOSPC};
}

// Installs `filter` on every thread: no_new_privs first (an unprivileged process may install a
// filter only then), then seccomp with TSYNC, which fails as a whole when some thread runs a
// filter of its own that the calling thread's does not contain.  Errors: EBUSY for that,
// otherwise the errno of prctl or seccomp.
Status InstallOnEveryThread(const SeccompFilter& filter) {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return Errno{errno};
  struct sock_fprog prog;
  memset(&prog, 0, sizeof(prog));
  prog.len = static_cast<unsigned short>(filter.count);
  prog.filter = filter.insns.get();
  const long ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog);
  // TSYNC names the thread it could not synchronize by returning its (positive) id.
  if (ret > 0) return Errno{EBUSY};
  if (ret < 0) return Errno{errno};
  return kOk;
}

// Whether the process is in capability mode already (the answer of cap_getmode()).
Result<bool> AlreadyInside() {
  auto dev = internal::EnsureDevice();
  // ECAPMODE: only a process in capability mode is refused the device that way.
  if (!dev.ok()) {
    if (dev.error().value == ECAPMODE) return true;
    return dev.error();
  }
  struct capsicum_mode arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  auto ret = DeviceIoctl(CAPSICUM_IOC_GETMODE, &arg);
  if (!ret.ok()) {
    if (ret.error().value == ECAPMODE) return true;
    return ret.error();
  }
  return arg.mode != 0;
}

// Already inside: nothing to do (no second filter).  Else the filter on every thread, then
// CAPSICUM_IOC_ENTER, which the module refuses (EPERM) to a process without it.  A module older
// than ABI 3 has no filter to give (ENOTTY): only the ENTER of that module is done.
Status Enter() {
  auto inside = AlreadyInside();
  if (!inside.ok()) return inside.error();
  if (!inside.value()) {
    auto filter = FetchSeccompFilter();
    if (filter.ok()) {
      if (auto installed = InstallOnEveryThread(filter.value()); !installed.ok()) return installed;
    } else if (filter.error().value != ENOTTY) {
      return filter.error();
    }
  }
  auto ret = DeviceIoctl(CAPSICUM_IOC_ENTER, nullptr);
  // ECAPMODE: the device is out of reach because we are already in capability mode, where
  // cap_enter() is a no-op.
  if (!ret.ok() && ret.error().value != ECAPMODE) return ret.error();
  internal::NoteCapabilityMode();
  return kOk;
}

Status GetMode(unsigned int* modep) {
  // ECAPMODE: only a process in capability mode is refused the device that way.
  auto dev = internal::EnsureDevice();
  if (!dev.ok() && dev.error().value != ECAPMODE) return dev;
  if (modep == nullptr) return Errno{EFAULT};
  unsigned int mode = 1;
  if (dev.ok()) {
    struct capsicum_mode arg;
    memset(&arg, 0, sizeof(arg));
    arg.size = sizeof(arg);
    auto ret = DeviceIoctl(CAPSICUM_IOC_GETMODE, &arg);
    if (!ret.ok() && ret.error().value != ECAPMODE) return ret.error();
    if (ret.ok()) mode = arg.mode != 0 ? 1 : 0;
  }
  if (mode != 0) internal::NoteCapabilityMode();
  *modep = mode;
  return kOk;
}

Status RightsLimit(int fd, const cap_rights_t* rights) {
  if (auto dev = internal::EnsureDevice(); !dev.ok()) return dev;
  if (rights == nullptr) return Errno{EFAULT};
  if (!cap_rights_is_valid(rights)) return Errno{EINVAL};
  struct capsicum_rights_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  arg.fd = fd;
  arg.rights = *rights;
  auto ret = DeviceIoctl(CAPSICUM_IOC_RIGHTS_LIMIT, &arg);
  if (!ret.ok()) return ret.error();
  return kOk;
}

Status RightsGet(int version, int fd, cap_rights_t* rights) {
  if (auto dev = internal::EnsureDevice(); !dev.ok()) return dev;
  if (version != CAP_RIGHTS_VERSION_00) return Errno{EINVAL};
  struct capsicum_rights_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  arg.fd = fd;
  auto ret = DeviceIoctl(CAPSICUM_IOC_RIGHTS_GET, &arg);
  if (!ret.ok()) return ret.error();
  // FreeBSD copies out last: a bad descriptor is EBADF even with a NULL rights pointer.
  if (rights == nullptr) return Errno{EFAULT};
  *rights = arg.rights;
  return kOk;
}

}  // namespace
}  // namespace capsicum

extern "C" {

CAPSICUM_EXPORT int cap_enter(void) noexcept { return capsicum::ToC(capsicum::Enter()); }

CAPSICUM_EXPORT int cap_getmode(unsigned int* modep) noexcept {
  return capsicum::ToC(capsicum::GetMode(modep));
}

CAPSICUM_EXPORT bool cap_sandboxed(void) noexcept {
  int saved = errno;
  unsigned int mode = 0;
  bool sandboxed = capsicum::GetMode(&mode).ok() && mode != 0;
  errno = saved;
  return sandboxed;
}

CAPSICUM_EXPORT int cap_rights_limit(int fd, const cap_rights_t* rights) noexcept {
  return capsicum::ToC(capsicum::RightsLimit(fd, rights));
}

CAPSICUM_EXPORT int __cap_rights_get(int version, int fd, cap_rights_t* rights) noexcept {
  return capsicum::ToC(capsicum::RightsGet(version, fd, rights));
}

}  // extern "C"
