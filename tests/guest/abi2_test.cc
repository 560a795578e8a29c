// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: helpers behind abi2_test.h (ABI guard, sub-rights ioctls, probes, children).
#include "abi2_test.h"

#include <fcntl.h>
#include <linux/capsicum.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>

namespace capsicum_e2e {

namespace {

// A fresh descriptor of /dev/capsicum for one call: these helpers keep no descriptor of
// their own, so that tests which care about descriptor numbers see only their own.  It is
// moved to a number >= 512 so that it never takes the number of a descriptor just closed
// (a test asking about that number would otherwise ask about the device).
class Device {
 public:
  Device() {
    const int low = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
    if (low < 0) {
      errno_ = errno;
      return;
    }
    fd_ = fcntl(low, F_DUPFD_CLOEXEC, 512);
    errno_ = errno;
    close(low);
  }
  ~Device() {
    if (fd_ >= 0) close(fd_);
  }
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  // ioctl on the device; with no device, -1 and the errno of the failed open.
  int Ioctl(unsigned long cmd, void* arg) const {
    if (fd_ < 0) {
      errno = errno_;
      return -1;
    }
    return ioctl(fd_, cmd, arg);
  }
  int fd() const { return fd_; }
  int error() const { return errno_; }

 private:
  int fd_ = -1;
  int errno_ = 0;
};

}  // namespace

::testing::AssertionResult ModuleImplementsAbi2() {
  const Device dev;
  if (dev.fd() < 0)
    return ::testing::AssertionFailure()
           << CAPSICUM_DEVICE << ": " << DescribeErrno(dev.error())
           << ": the capsicum module is not loaded; this test needs ABI >= " << kAbiPerDescriptor
           << " (run `capsicumctl load`)";
  errno = 0;
  const int abi = ioctl(dev.fd(), CAPSICUM_IOC_VERSION);
  if (abi < 0)
    return ::testing::AssertionFailure() << "ioctl(CAPSICUM_IOC_VERSION): " << DescribeErrno(errno);
  if (abi < kAbiPerDescriptor)
    return ::testing::AssertionFailure()
           << "the capsicum module reports ABI " << abi << "; this test targets ABI "
           << kAbiPerDescriptor
           << " (rights per descriptor, fcntl/ioctl sub-rights, slot records) and FAILS "
              "(it is not skipped) until the module implements it";
  return ::testing::AssertionSuccess();
}

void Abi2Test::SetUp() { ASSERT_TRUE(ModuleImplementsAbi2()); }

// --- sub-rights ---

int RawFcntlsLimit(int fd, uint32_t fcntls, uint32_t reserved) {
  struct capsicum_fcntls_arg a;
  memset(&a, 0, sizeof(a));
  a.size = sizeof(a);
  a.fd = fd;
  a.fcntls = fcntls;
  a.__reserved = reserved;
  return Device().Ioctl(CAPSICUM_IOC_FCNTLS_LIMIT, &a) < 0 ? -1 : 0;
}

int RawFcntlsGet(int fd, uint32_t* fcntls, uint32_t reserved) {
  struct capsicum_fcntls_arg a;
  memset(&a, 0, sizeof(a));
  a.size = sizeof(a);
  a.fd = fd;
  a.fcntls = *fcntls;
  a.__reserved = reserved;
  if (Device().Ioctl(CAPSICUM_IOC_FCNTLS_GET, &a) < 0) return -1;
  *fcntls = a.fcntls;
  return 0;
}

int RawIoctlsLimit(int fd, const cap_ioctl_t* cmds, int64_t ncmds) {
  static_assert(sizeof(cap_ioctl_t) == sizeof(uint64_t), "the module takes __u64 commands");
  struct capsicum_ioctls_arg a;
  memset(&a, 0, sizeof(a));
  a.size = sizeof(a);
  a.fd = fd;
  a.cmds = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(cmds));
  a.ncmds = ncmds;
  return Device().Ioctl(CAPSICUM_IOC_IOCTLS_LIMIT, &a) < 0 ? -1 : 0;
}

int IoctlsLimit(int fd, const std::vector<cap_ioctl_t>& cmds) {
  return cap_ioctls_limit(fd, cmds.empty() ? nullptr : cmds.data(), cmds.size());
}

SubRights GetSubRights(int fd) {
  SubRights out;
  errno = 0;
  if (cap_rights_get(fd, &out.rights) != 0) {
    ADD_FAILURE() << "cap_rights_get(" << fd << "): " << DescribeErrno(errno);
    return out;
  }
  if (cap_fcntls_get(fd, &out.fcntls) != 0) {
    ADD_FAILURE() << "cap_fcntls_get(" << fd << "): " << DescribeErrno(errno);
    return out;
  }
  std::vector<cap_ioctl_t> buf(CAP_IOCTLS_MAX, 0);
  const ssize_t n = cap_ioctls_get(fd, buf.data(), buf.size());
  if (n < 0) {
    ADD_FAILURE() << "cap_ioctls_get(" << fd << "): " << DescribeErrno(errno);
    return out;
  }
  out.nioctls = n;
  if (n != CAP_IOCTLS_ALL) {
    if (n > static_cast<int64_t>(buf.size())) {
      ADD_FAILURE() << "cap_ioctls_get(" << fd << ") reports " << n
                    << " commands, more than CAP_IOCTLS_MAX";
      return out;
    }
    out.ioctls.assign(buf.begin(), buf.begin() + n);
    std::sort(out.ioctls.begin(), out.ioctls.end());
  }
  out.ok = true;
  return out;
}

SubRights AllSubRights() { return MakeSubRights(AllRights(), CAP_FCNTL_ALL, {}, true); }

SubRights MakeSubRights(const cap_rights_t& rights, uint32_t fcntls,
                        std::vector<cap_ioctl_t> ioctls, bool all_ioctls) {
  SubRights out;
  out.ok = true;
  out.rights = rights;
  out.fcntls = fcntls;
  if (all_ioctls) {
    out.nioctls = CAP_IOCTLS_ALL;
  } else {
    std::sort(ioctls.begin(), ioctls.end());
    ioctls.erase(std::unique(ioctls.begin(), ioctls.end()), ioctls.end());
    out.nioctls = static_cast<int64_t>(ioctls.size());
    out.ioctls = std::move(ioctls);
  }
  return out;
}

std::string RightsHex(const cap_rights_t& r) {
  char buf[64];
  snprintf(buf, sizeof(buf), "{0x%016" PRIx64 ", 0x%016" PRIx64 "}",
           static_cast<uint64_t>(r.cr_rights[0]), static_cast<uint64_t>(r.cr_rights[1]));
  return buf;
}

static std::string Describe(const SubRights& s) {
  if (!s.ok) return "(query failed)";
  char buf[64];
  snprintf(buf, sizeof(buf), " fcntls 0x%x ioctls ", s.fcntls);
  std::string out = "rights " + RightsHex(s.rights) + buf;
  if (s.nioctls == CAP_IOCTLS_ALL) return out + "ALL";
  out += "[";
  for (size_t i = 0; i < s.ioctls.size(); i++) {
    snprintf(buf, sizeof(buf), "%s0x%lx", i ? ", " : "", s.ioctls[i]);
    out += buf;
  }
  return out + "]";
}

::testing::AssertionResult SubRightsEqual(const char* expected_expr, const char* actual_expr,
                                          const SubRights& expected, const SubRights& actual) {
  const bool same = expected.ok && actual.ok &&
                    expected.rights.cr_rights[0] == actual.rights.cr_rights[0] &&
                    expected.rights.cr_rights[1] == actual.rights.cr_rights[1] &&
                    expected.fcntls == actual.fcntls && expected.nioctls == actual.nioctls &&
                    expected.ioctls == actual.ioctls;
  if (same) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "sub-rights differ: " << actual_expr << " = " << Describe(actual) << ", expected "
         << expected_expr << " = " << Describe(expected);
}

// --- probes ---

Probe ProbeFd(int fd, char byte) {
  Probe p;
  memset(&p, 0, sizeof(p));
  cap_rights_t rights;
  memset(&rights, 0, sizeof(rights));
  errno = 0;
  p.get_rc = cap_rights_get(fd, &rights);
  p.get_errno = p.get_rc ? errno : 0;
  p.rights[0] = rights.cr_rights[0];
  p.rights[1] = rights.cr_rights[1];
  errno = 0;
  p.write_rc = write(fd, &byte, 1);
  p.write_errno = p.write_rc < 0 ? errno : 0;
  return p;
}

void ExpectProbe(const Probe& probe, const cap_rights_t& rights, bool write_allowed,
                 const std::string& who) {
  SCOPED_TRACE(who);
  if (probe.get_rc != 0) {
    ADD_FAILURE() << who << ": cap_rights_get failed: " << DescribeErrno(probe.get_errno);
  } else {
    cap_rights_t got;
    got.cr_rights[0] = probe.rights[0];
    got.cr_rights[1] = probe.rights[1];
    EXPECT_RIGHTS_EQ(rights, got);
  }
  if (write_allowed) {
    EXPECT_EQ(1, probe.write_rc) << who << ": write failed: " << DescribeErrno(probe.write_errno);
  } else if (probe.write_rc != -1) {
    ADD_FAILURE() << who << ": write = " << probe.write_rc << "; expected ENOTCAPABLE";
  } else if (probe.write_errno != ENOTCAPABLE) {
    ADD_FAILURE() << who << ": write failed with " << DescribeErrno(probe.write_errno)
                  << "; expected " << DescribeErrno(ENOTCAPABLE);
  }
}

// --- synchronisation ---

bool WriteAll(int fd, const void* buf, size_t n) {
  const char* p = static_cast<const char*>(buf);
  while (n > 0) {
    const ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

static bool ChildHasExited(pid_t child) {
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  return waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == child;
}

bool WaitReadable(int fd, const std::string& what, pid_t child, int timeout_ms) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  bool child_gone = false;
  for (;;) {
    struct pollfd pfd = {fd, POLLIN, 0};
    const int ready = poll(&pfd, 1, 100);
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) {
      ADD_FAILURE() << "waiting for " << what << ": poll: " << DescribeErrno(errno);
      return false;
    }
    // A child that has exited writes nothing more; what it wrote before is seen by one
    // more poll.
    if (child > 0 && !child_gone && ChildHasExited(child)) {
      child_gone = true;
      continue;
    }
    if (child_gone) {
      ADD_FAILURE() << "waiting for " << what << ": the child exited without sending it";
      return false;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    const long elapsed_ms =
        (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
    if (elapsed_ms > timeout_ms) {
      ADD_FAILURE() << "waiting for " << what << ": nothing after " << timeout_ms << " ms";
      return false;
    }
  }
}

bool ReadAll(int fd, void* buf, size_t n, const std::string& what, pid_t child, int timeout_ms) {
  char* p = static_cast<char*>(buf);
  while (n > 0) {
    if (!WaitReadable(fd, what, child, timeout_ms)) return false;
    const ssize_t r = read(fd, p, n);
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (r < 0) {
      ADD_FAILURE() << "reading " << what << ": " << DescribeErrno(errno);
      return false;
    }
    if (r == 0) {
      ADD_FAILURE() << "reading " << what << ": end of file, " << n << " bytes missing";
      return false;
    }
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool Pipe::Open(int flags) {
  int p[2];
  if (pipe2(p, O_CLOEXEC | flags) != 0) {
    ADD_FAILURE() << "pipe2: " << DescribeErrno(errno);
    return false;
  }
  r = p[0];
  w = p[1];
  return true;
}

void Pipe::Close() {
  if (r >= 0) close(r);
  if (w >= 0) close(w);
  r = w = -1;
}

pid_t ForkChild(const std::function<void()>& body) {
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << DescribeErrno(errno);
    return -1;
  }
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    body();
    fflush(stdout);
    fflush(stderr);
    _exit(::testing::Test::HasFailure() ? 1 : 0);
  }
  return pid;
}

void ExpectChildPassed(pid_t pid, const std::string& who) {
  if (pid <= 0) return;
  const int status = WaitForChild(pid);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  ADD_FAILURE() << who << " " << DescribeWaitStatus(status)
                << (WIFEXITED(status) && WEXITSTATUS(status) == 1
                        ? ": its failures are printed above"
                        : "");
}

void ExpectChildExitedZero(pid_t pid, const std::string& who) {
  if (pid <= 0) return;
  const int status = WaitForChild(pid);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
    ADD_FAILURE() << who << " " << DescribeWaitStatus(status);
}

// --- descriptor passing ---

int SendFd(int sock, int fd) {
  char byte = 'F';
  struct iovec iov = {&byte, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  memset(&u, 0, sizeof(u));
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = u.buf;
  msg.msg_controllen = sizeof(u.buf);
  struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof(int));
  return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

int RecvFd(int sock) {
  char byte = 0;
  struct iovec iov = {&byte, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  memset(&u, 0, sizeof(u));
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = u.buf;
  msg.msg_controllen = sizeof(u.buf);
  if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1) return -1;
  struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (c == nullptr || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
      c->cmsg_len != CMSG_LEN(sizeof(int))) {
    errno = ENOMSG;
    return -1;
  }
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}

// --- counters ---

SlotCounters ReadSlotCounters() {
  SlotCounters out;
  const Device dev;
  struct capsicum_status st;
  memset(&st, 0, sizeof(st));
  st.size = CAPSICUM_STATUS_SIZE_VER1;
  static_assert(sizeof(st) == CAPSICUM_STATUS_SIZE_VER1, "struct capsicum_status of ABI 2");
  if (dev.Ioctl(CAPSICUM_IOC_STATUS, &st) != 0) {
    out.error = "ioctl(CAPSICUM_IOC_STATUS): " + DescribeErrno(errno);
    return out;
  }
  out.ok = true;
  out.slot_entries = st.slot_entries;
  out.limited_files = st.limited_files;
  out.tables = st.tables;
  return out;
}

}  // namespace capsicum_e2e
