// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl's own /dev/capsicum: VERSION, STATUS, SECCOMP_FILTER, ARM,
// DISARM.

#include "control.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>

#include <chrono>
#include <thread>

namespace capsicumctl {

Outcome<capsicum::UniqueFd> OpenControl(int wait_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
  for (;;) {
    int fd = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0) return capsicum::UniqueFd(fd);
    int err = errno;
    if (err != ENOENT || Clock::now() >= deadline) {
      return SysFailure(std::string("open ") + CAPSICUM_DEVICE, err,
                        err == ENOENT ? "is devtmpfs mounted on /dev?" : "");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Outcome<int> AbiVersion(int fd) {
  int ret = ioctl(fd, CAPSICUM_IOC_VERSION);
  if (ret < 0) return SysFailure("ioctl CAPSICUM_IOC_VERSION", errno);
  return ret;
}

Outcome<struct capsicum_status> QueryStatus(int fd) {
  struct capsicum_status st;
  memset(&st, 0, sizeof(st));
  st.size = sizeof(st);
  if (ioctl(fd, CAPSICUM_IOC_STATUS, &st) != 0) {
    return SysFailure("ioctl CAPSICUM_IOC_STATUS", errno);
  }
  return st;
}

capsicum::Result<uint32_t> SeccompFilterLength(int fd) {
  struct capsicum_seccomp_filter_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  // A capacity of 0 asks for the length: ENOSPC with the count.
  if (ioctl(fd, CAPSICUM_IOC_SECCOMP_FILTER, &arg) == 0 || errno == ENOSPC) return arg.count;
  return capsicum::Errno{errno};
}

capsicum::Status Arm(int fd) {
  if (ioctl(fd, CAPSICUM_IOC_ARM) != 0) return capsicum::Errno{errno};
  return kOk;
}

capsicum::Status Disarm(int fd) {
  if (ioctl(fd, CAPSICUM_IOC_DISARM) != 0) return capsicum::Errno{errno};
  return kOk;
}

}  // namespace capsicumctl
