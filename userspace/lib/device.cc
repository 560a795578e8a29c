// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the cached /dev/capsicum descriptor, the library's only syscall path.
//
// Why cached: in capability mode the device can no longer be opened (open(2) is a path
// lookup), so the descriptor must be opened before cap_enter() and kept.  It is O_CLOEXEC
// (an exec'd program starts over), survives fork (same number, same device), and is kept
// above stdio so that a program redirecting fds 0-2 does not clobber it.
//
// Why checked before each use: a program may close it behind the library's back
// (closefrom(3), close_range(2)) and the number may then name another file.  Each use first
// fstat()s the number; if it is closed or is not the device recorded at open time, the library
// forgets it (without closing: it is not ours any more) and, outside capability mode, opens
// the device again.
//
// No lock: the state is one atomic word (descriptor and device number), so a fork() in the
// middle of another thread's call cannot leave the child with a held lock.

#include "device.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/capsicum.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>

#include "unique_fd.h"

namespace capsicum::internal {
namespace {

std::atomic<const char*> g_path{CAPSICUM_DEVICE};

// 0: nothing cached.  Else the descriptor + 1 in the low 32 bits and the device number, in the
// kernel's 12:20 major:minor encoding, in the high 32 bits.
std::atomic<uint64_t> g_device{0};

// Set once the process is known to be in capability mode.
std::atomic<bool> g_capability_mode{false};

// A test's stand-in for ioctl(2), or nullptr.
std::atomic<IoctlFunction> g_ioctl_for_testing{nullptr};

uint32_t EncodeDev(dev_t dev) {
  return (static_cast<uint32_t>(major(dev)) << 20) | (static_cast<uint32_t>(minor(dev)) & 0xFFFFF);
}

uint64_t Pack(int fd, uint32_t dev) {
  return (static_cast<uint64_t>(dev) << 32) | static_cast<uint32_t>(fd + 1);
}
int FdOf(uint64_t state) { return static_cast<int>(static_cast<uint32_t>(state)) - 1; }
uint32_t DevOf(uint64_t state) { return static_cast<uint32_t>(state >> 32); }

// Whether fd still names the character device `dev` we opened as it.
bool StillOurs(int fd, uint32_t dev) {
  struct stat st;
  if (fstat(fd, &st) != 0) return false;
  return S_ISCHR(st.st_mode) && EncodeDev(st.st_rdev) == dev;
}

struct Opened {
  UniqueFd fd;
  uint32_t dev;
};

Result<Opened> OpenDevice() {
  int raw = open(g_path.load(), O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (raw < 0) {
    int err = errno;
    // No node, or a node whose driver is gone: Capsicum is not available.
    if (err == ENOENT || err == ENXIO || err == ENODEV) return Errno{ENOSYS};
    if (err == ECAPMODE) g_capability_mode.store(true);
    return Errno{err};
  }
  UniqueFd fd(raw);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return Errno{errno};
  if (!S_ISCHR(st.st_mode)) return Errno{ENOSYS};
  if (fd.get() <= STDERR_FILENO) {
    int moved = fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    if (moved < 0) return Errno{errno};
    fd.reset(moved);
  }
  return Opened{std::move(fd), EncodeDev(st.st_rdev)};
}

Result<int> AcquireFd() {
  for (;;) {
    uint64_t state = g_device.load(std::memory_order_acquire);
    if (state != 0) {
      if (StillOurs(FdOf(state), DevOf(state))) return FdOf(state);
      g_device.compare_exchange_strong(state, 0, std::memory_order_acq_rel);
      continue;
    }
    if (g_capability_mode.load(std::memory_order_acquire)) return Errno{ECAPMODE};
    auto opened = OpenDevice();
    if (!opened.ok()) return opened.error();
    uint64_t expected = 0;
    uint64_t packed = Pack(opened.value().fd.get(), opened.value().dev);
    if (g_device.compare_exchange_strong(expected, packed, std::memory_order_acq_rel)) {
      return opened.value().fd.release();
    }
    // Another thread cached its descriptor first: ours is closed, theirs is used.
  }
}

}  // namespace

Result<int> DeviceIoctl(unsigned long request, void* arg) noexcept {
  for (int attempt = 0;; attempt++) {
    auto fd = AcquireFd();
    if (!fd.ok()) return fd.error();
    const IoctlFunction fake = g_ioctl_for_testing.load(std::memory_order_acquire);
    int ret = fake != nullptr ? fake(fd.value(), request, arg) : ioctl(fd.value(), request, arg);
    if (ret >= 0) return ret;
    // EBADF may mean our descriptor was closed between the check and the ioctl: check again
    // once (a second EBADF is the kernel's answer about the caller's fd argument).
    if (errno == EBADF && attempt == 0) continue;
    // The module is loaded but nothing enforces yet (not armed): to a program that is the
    // same as a kernel without Capsicum.
    if (errno == EOPNOTSUPP) return Errno{ENOSYS};
    return Errno{errno};
  }
}

Status EnsureDevice() noexcept {
  auto fd = AcquireFd();
  if (!fd.ok()) return fd.error();
  return kOk;
}

void NoteCapabilityMode() noexcept { g_capability_mode.store(true, std::memory_order_release); }

void ResetDeviceForTesting() noexcept {
  uint64_t state = g_device.exchange(0);
  if (state != 0 && StillOurs(FdOf(state), DevOf(state))) close(FdOf(state));
  g_capability_mode.store(false);
}

void SetDevicePathForTesting(const char* path) noexcept {
  ResetDeviceForTesting();
  g_path.store(path != nullptr ? path : CAPSICUM_DEVICE);
}

void SetIoctlForTesting(IoctlFunction fn) noexcept {
  g_ioctl_for_testing.store(fn, std::memory_order_release);
}

int CachedDeviceFdForTesting() noexcept {
  uint64_t state = g_device.load();
  return state != 0 ? FdOf(state) : -1;
}

}  // namespace capsicum::internal
