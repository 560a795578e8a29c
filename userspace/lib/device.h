// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the cached /dev/capsicum descriptor, the library's only syscall path.
#ifndef CAPSICUM_USERSPACE_LIB_DEVICE_H_
#define CAPSICUM_USERSPACE_LIB_DEVICE_H_

#include "result.h"

namespace capsicum::internal {

// Issues ioctl(request, arg) on the process's /dev/capsicum descriptor, opening it first if
// needed, and returns the ioctl's result.  Errors:
// - ENOSYS: the device does not exist (no module), or the module's programs are not attached
//   (the ioctl's EOPNOTSUPP), as FreeBSD without Capsicum.
// - ECAPMODE: the descriptor is gone (the program closed it) and the process is in capability
//   mode, where the device cannot be opened again.
// - any errno of open(2) or of the ioctl itself.
Result<int> DeviceIoctl(unsigned long request, void* arg) noexcept;

// Makes sure the descriptor is open (cap_enter opens it before entering, so that later calls
// inside capability mode still reach the device).  Same errors as DeviceIoctl's open part.
Status EnsureDevice() noexcept;

// Records that the process is in capability mode: the library stops trying to reopen the device.
void NoteCapabilityMode() noexcept;

// Test hooks (not exported from libcapsicum.so).  SetDevicePathForTesting(nullptr) restores
// /dev/capsicum; both forget (and close, if still ours) the cached descriptor and the
// capability-mode note.
void SetDevicePathForTesting(const char* path) noexcept;
void ResetDeviceForTesting() noexcept;
// The cached descriptor, or -1.
int CachedDeviceFdForTesting() noexcept;
// Replaces ioctl(2) in DeviceIoctl (nullptr: the real one) so that host tests can play the
// module's part; the descriptor is still opened and checked as usual.  The function returns
// -1 with errno set on failure, as ioctl(2) does.
using IoctlFunction = int (*)(int fd, unsigned long request, void* arg);
void SetIoctlForTesting(IoctlFunction fn) noexcept;

}  // namespace capsicum::internal

#endif  // CAPSICUM_USERSPACE_LIB_DEVICE_H_
