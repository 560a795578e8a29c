// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - pdfork, pdgetpid, pdkill, pdwait4: FreeBSD's process descriptors on pidfd.
//
// A process descriptor is a pidfd made by clone3(CLONE_PIDFD) with exit signal 0: the kernel
// sends no SIGCHLD for such a child, and wait(2) without __WALL or __WCLONE skips it, so it is
// invisible to waitpid(-1, ...).  The module notes every pidfd clone makes; pdfork() without
// PD_DAEMON then asks it (CAPSICUM_IOC_PROCDESC_SET) to kill the child when the descriptor's
// file goes.  The rights are the kernel's to check: CAP_PDKILL by the task_kill hook on
// pidfd_send_signal(2), CAP_PDGETPID and CAP_PDWAIT by CAPSICUM_IOC_PROCDESC_GET.
//
// Errors come in FreeBSD's order: the flags or signal number first (EINVAL), then the
// descriptor (EBADF, ENOTCAPABLE), then the pointer the result goes to (EFAULT).

#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capsicum.h>
#include <sys/procdesc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "c_api.h"
#include "device.h"
#include "unique_fd.h"

namespace capsicum {
namespace {

using internal::DeviceIoctl;

constexpr int kPidfdIdType = 3;  // P_PIDFD (Linux 5.4); glibc 2.36 does not name it
constexpr int kMaxSignal = 64;   // the kernel's _NSIG: signals 0..64 are valid
constexpr int kWaitOptions = WNOHANG | WUNTRACED | WCONTINUED | WNOWAIT | WEXITED;

// One CAPSICUM_IOC_PROCDESC_* request about descriptor `fd`: the pid (GET), or ENOSYS (no
// module, or one older than ABI 4), EBADF, ENOTCAPABLE, and for SET ENOMEM.
Result<pid_t> ProcdescIoctl(unsigned long request, int fd, uint64_t right, uint32_t flags) {
  struct capsicum_procdesc_arg arg;
  memset(&arg, 0, sizeof(arg));
  arg.size = sizeof(arg);
  arg.fd = fd;
  arg.right = right;
  arg.flags = flags;
  auto ret = DeviceIoctl(request, &arg);
  if (!ret.ok()) return ret.error().value == ENOTTY ? Errno{ENOSYS} : ret.error();
  return static_cast<pid_t>(arg.pid);
}

// Whether `fd` holds `right` (CAP_PDGETPID or CAP_PDWAIT), and its process's pid.
Result<pid_t> ProcdescGet(int fd, uint64_t right) {
  return ProcdescIoctl(CAPSICUM_IOC_PROCDESC_GET, fd, right, 0);
}

// Kill-on-last-close for `fd` (fd -1: only whether the module can do it, answered by EBADF).
Status ProcdescSetKill(int fd) {
  auto ret = ProcdescIoctl(CAPSICUM_IOC_PROCDESC_SET, fd, 0, CAPSICUM_PROCDESC_KILL);
  if (!ret.ok()) return ret.error();
  return kOk;
}

// Without the module there are no rights and no notes: the pid of any pidfd, from the
// "Pid:" line of /proc/self/fdinfo/FD (-1 there: the process is gone).  EBADF if `fd` is not
// an open pidfd.
Result<pid_t> PidFromFdinfo(int fd) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
  FILE* f = fopen(path, "re");
  if (f == nullptr) return Errno{errno == ENOENT ? EBADF : errno};
  char line[256];
  long pid = 0;
  bool found = false;
  while (!found && fgets(line, sizeof(line), f) != nullptr) {
    found = sscanf(line, "Pid: %ld", &pid) == 1;
  }
  fclose(f);
  if (!found) return Errno{EBADF};
  return static_cast<pid_t>(pid < 0 ? 0 : pid);
}

// The status wait4(2) would give for what waitid(2) reported.
int WaitStatusOf(const siginfo_t& info) {
  switch (info.si_code) {
    case CLD_EXITED:
      return (info.si_status & 0xff) << 8;
    case CLD_KILLED:
      return info.si_status & 0x7f;
    case CLD_DUMPED:
      return (info.si_status & 0x7f) | 0x80;
    case CLD_STOPPED:
    case CLD_TRAPPED:
      return ((info.si_status & 0xff) << 8) | 0x7f;
    default:  // CLD_CONTINUED
      return 0xffff;
  }
}

// clone3(CLONE_PIDFD) with no exit signal: the child's pid (0 in the child) and, in the parent,
// the pidfd in *pidfd (O_CLOEXEC, as the kernel makes every pidfd).
Result<pid_t> ClonePidfd(int* pidfd) {
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.flags = CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uintptr_t>(pidfd);
  args.exit_signal = 0;
  fflush(nullptr);  // fork(2) leaves stdio buffers to the caller too; flushed, they print once
  const long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid < 0) return Errno{errno};
  return static_cast<pid_t>(pid);
}

// The child's first act when its parent must mark its descriptor: wait for the parent's byte.
// End of file means the parent process died before it could: the descriptor is gone, and
// FreeBSD would have killed the child.
void ChildAwaitParent(UniqueFd& ready_read, UniqueFd& ready_write) {
  ready_write.reset();
  char byte;
  ssize_t n;
  do {
    n = read(ready_read.get(), &byte, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) {
    syscall(SYS_kill, getpid(), SIGKILL);
    _exit(127);
  }
  ready_read.reset();
}

// The parent gives up on a child it could not set up: kill it and reap it, so that nothing of
// it remains.  Keeps errno.
void KillAndReap(int pidfd) {
  const int saved = errno;
  syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
  siginfo_t info;
  while (syscall(SYS_waitid, kPidfdIdType, pidfd, &info, WEXITED | __WALL, nullptr) < 0 &&
         errno == EINTR) {
  }
  close(pidfd);
  errno = saved;
}

Result<pid_t> Pdfork(int* fdp, int flags) {
  if ((flags & ~PD_ALLOWED_AT_FORK) != 0) return Errno{EINVAL};
  if (fdp == nullptr) return Errno{EFAULT};
  const bool kill_on_close = (flags & PD_DAEMON) == 0;
  UniqueFd ready_read, ready_write;
  if (kill_on_close) {
    // Whether the module can kill on close, before anything is made: EBADF for fd -1 says yes.
    auto probe = ProcdescSetKill(-1);
    if (!probe.ok() && probe.error().value != EBADF) return probe.error();
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) return Errno{errno};
    ready_read.reset(ready[0]);
    ready_write.reset(ready[1]);
  }
  int pidfd = -1;
  auto pid = ClonePidfd(&pidfd);
  if (!pid.ok()) return pid.error();
  if (pid.value() == 0) {
    if (kill_on_close) ChildAwaitParent(ready_read, ready_write);
    return 0;
  }
  ready_read.reset();
  if ((flags & PD_CLOEXEC) == 0 && fcntl(pidfd, F_SETFD, 0) != 0) {
    KillAndReap(pidfd);
    return Errno{errno};
  }
  if (kill_on_close) {
    auto marked = ProcdescSetKill(pidfd);
    if (!marked.ok()) {
      KillAndReap(pidfd);
      return marked.error();
    }
    const char go = 1;
    if (write(ready_write.get(), &go, 1) != 1) {
      const int err = errno;
      KillAndReap(pidfd);
      return Errno{err};
    }
  }
  *fdp = pidfd;
  return pid.value();
}

Result<pid_t> Pdgetpid(int fd, pid_t* pidp) {
  auto pid = ProcdescGet(fd, CAP_PDGETPID);
  if (!pid.ok() && pid.error().value == ENOSYS) pid = PidFromFdinfo(fd);
  if (!pid.ok()) return pid.error();
  if (pidp == nullptr) return Errno{EFAULT};
  *pidp = pid.value();
  return 0;
}

Status Pdkill(int fd, int signum) {
  if (signum < 0 || signum > kMaxSignal) return Errno{EINVAL};
  if (syscall(SYS_pidfd_send_signal, fd, signum, nullptr, 0) != 0) return Errno{errno};
  return kOk;
}

Result<pid_t> Pdwait4(int fd, int* status, int options, struct rusage* rusage) {
  if ((options & ~kWaitOptions) != 0) return Errno{EINVAL};
  if (fd < 0) return Errno{EBADF};  // waitid(2) would say EINVAL
  // The module checks CAP_PDWAIT; without it there are no rights to check.
  auto checked = ProcdescGet(fd, CAP_PDWAIT);
  if (!checked.ok() && checked.error().value != ENOSYS) return checked.error();
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  // __WALL: a child without exit signal is a "clone" child, which waitid skips otherwise.
  const int wait_options = options | WEXITED | __WALL;
  if (syscall(SYS_waitid, kPidfdIdType, fd, &info, wait_options, rusage) != 0) {
    return Errno{errno};
  }
  if (info.si_pid == 0) return 0;  // WNOHANG and nothing to report
  if (status != nullptr) *status = WaitStatusOf(info);
  return info.si_pid;
}

int ToCPid(const Result<pid_t>& pid) noexcept {
  if (pid.ok()) return pid.value();
  errno = pid.error().value;
  return -1;
}

}  // namespace
}  // namespace capsicum

extern "C" {

CAPSICUM_EXPORT pid_t pdfork(int* fdp, int flags) noexcept {
  return capsicum::ToCPid(capsicum::Pdfork(fdp, flags));
}

CAPSICUM_EXPORT int pdgetpid(int fd, pid_t* pidp) noexcept {
  return capsicum::ToCPid(capsicum::Pdgetpid(fd, pidp));
}

CAPSICUM_EXPORT int pdkill(int fd, int signum) noexcept {
  return capsicum::ToC(capsicum::Pdkill(fd, signum));
}

CAPSICUM_EXPORT pid_t pdwait4(int fd, int* status, int options, struct rusage* rusage) noexcept {
  return capsicum::ToCPid(capsicum::Pdwait4(fd, status, options, rusage));
}

}  // extern "C"
