// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - cap_enter, cap_getmode, cap_sandboxed, cap_rights_limit, cap_rights_get.
//
// FreeBSD's system calls, done as /dev/capsicum ioctls.  Each C entry calls one internal
// function returning a Result and hands it to ToC(), the one errno translator.  Errors come in
// a fixed order: ENOSYS first (no Capsicum: the device is reached before any argument is
// looked at, as a missing system call would), then the argument checks FreeBSD's kernel does
// before touching the descriptor (version EINVAL, NULL EFAULT, malformed rights EINVAL), then
// the module's answer.

#include <string.h>
#include <sys/capsicum.h>

#include "c_api.h"
#include "device.h"

namespace capsicum {
namespace {

using internal::DeviceIoctl;

Status Enter() {
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
