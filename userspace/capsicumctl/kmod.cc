// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - loading and unloading capsicum.ko (finit_module, delete_module).

#include "kmod.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "unique_fd.h"

namespace capsicumctl {

bool ModuleLoaded() { return access("/sys/module/capsicum", F_OK) == 0; }

std::string DefaultModulePath() {
  struct utsname u;
  if (uname(&u) != 0) return "/lib/modules/capsicum.ko";
  return std::string("/lib/modules/") + u.release + "/extra/capsicum.ko";
}

Outcome<bool> LoadModule(const std::string& path) {
  capsicum::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    return SysFailure("open module " + path, errno, "give its path with --module PATH");
  }
  if (syscall(SYS_finit_module, fd.get(), "", 0) != 0) {
    if (errno == EEXIST) return false;
    return SysFailure("finit_module(" + path + ")", errno, "the kernel log (dmesg) says why");
  }
  return true;
}

Outcome<bool> UnloadModule(int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (syscall(SYS_delete_module, kModuleName, O_NONBLOCK) == 0) return true;
    int err = errno;
    if (err == ENOENT) return false;
    if ((err != EAGAIN && err != EBUSY) || Clock::now() >= deadline) {
      std::string hint;
      if (err == EAGAIN || err == EBUSY) {
        hint = "still in use after " + std::to_string(timeout_ms / 1000) +
               " s: a process may hold /dev/capsicum open (libcapsicum keeps it open; see "
               "fuser /dev/capsicum)";
      }
      return SysFailure(std::string("delete_module(") + kModuleName + ")", err, hint);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace capsicumctl
