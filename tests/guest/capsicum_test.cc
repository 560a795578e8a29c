// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: helpers behind capsicum_test.h (child runner, scratch dirs, reports).
#include "capsicum_test.h"

#include <fcntl.h>
#include <ftw.h>
#include <linux/capsicum.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>

namespace capsicum_e2e {

std::string DescribeErrno(int err) {
  const char* name = nullptr;
  if (err == ECAPMODE)
    name = "ECAPMODE";
  else if (err == ENOTCAPABLE)
    name = "ENOTCAPABLE";
  else
    name = strerrorname_np(err);
  std::string out = name ? name : "E?";
  out += " (" + std::to_string(err) + ", ";
  out += cap_strerror(err);
  out += ")";
  return out;
}

static std::string RightsHex(const cap_rights_t& r) {
  char buf[64];
  snprintf(buf, sizeof(buf), "{0x%016" PRIx64 ", 0x%016" PRIx64 "}",
           static_cast<uint64_t>(r.cr_rights[0]), static_cast<uint64_t>(r.cr_rights[1]));
  return buf;
}

::testing::AssertionResult RightsEqual(const char* expected_expr, const char* actual_expr,
                                       const cap_rights_t& expected, const cap_rights_t& actual) {
  if (expected.cr_rights[0] == actual.cr_rights[0] && expected.cr_rights[1] == actual.cr_rights[1])
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "rights differ: " << actual_expr << " = " << RightsHex(actual) << ", expected "
         << expected_expr << " = " << RightsHex(expected);
}

cap_rights_t GetRights(int fd) {
  cap_rights_t rights;
  memset(&rights, 0, sizeof(rights));
  errno = 0;
  if (cap_rights_get(fd, &rights) != 0) {
    ADD_FAILURE() << "cap_rights_get(" << fd << ") failed: " << DescribeErrno(errno);
    memset(&rights, 0, sizeof(rights));
  }
  return rights;
}

cap_rights_t AllRights() {
  cap_rights_t rights;
  cap_rights_init(&rights, CAP_ALL0, CAP_ALL1);
  return rights;
}

cap_rights_t Rights(std::initializer_list<uint64_t> rights) {
  cap_rights_t out;
  cap_rights_init(&out);
  for (const uint64_t right : rights) cap_rights_set(&out, right);
  return out;
}

int OpenLimited(const std::string& path, int flags, const cap_rights_t& rights) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    ADD_FAILURE() << "open(" << path << "): " << DescribeErrno(errno);
    return -1;
  }
  if (cap_rights_limit(fd, &rights) != 0) {
    const int err = errno;
    ADD_FAILURE() << "cap_rights_limit(" << path << "): " << DescribeErrno(err);
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

int WaitForChild(pid_t pid) {
  int status = 0;
  pid_t got;
  do {
    got = waitpid(pid, &status, 0);
  } while (got < 0 && errno == EINTR);
  return got == pid ? status : -1;
}

pid_t ForkWithPidfd(int* pidfd) {
  fflush(stdout);
  fflush(stderr);
  *pidfd = -1;
  // x86-64 clone(flags, stack, parent_tid, child_tid, tls): CLONE_PIDFD stores at parent_tid.
  return static_cast<pid_t>(
      syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, nullptr, pidfd, nullptr, nullptr));
}

int WaitForPidfd(int pidfd) {
  constexpr idtype_t kPidfd = static_cast<idtype_t>(3);  // P_PIDFD (Linux 5.4)
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  int rc;
  do {
    rc = waitid(kPidfd, static_cast<id_t>(pidfd), &info, WEXITED);
  } while (rc < 0 && errno == EINTR);
  close(pidfd);
  if (rc != 0) return -1;
  switch (info.si_code) {
    case CLD_EXITED:
      return (info.si_status & 0xff) << 8;
    case CLD_KILLED:
      return info.si_status & 0x7f;
    case CLD_DUMPED:
      return (info.si_status & 0x7f) | 0x80;
    default:
      return -1;
  }
}

int StatusOfChildMadeInside(const std::function<pid_t()>& body) {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    ADD_FAILURE() << "prctl(PR_SET_CHILD_SUBREAPER): " << DescribeErrno(errno);
    return -1;
  }
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << DescribeErrno(errno);
    return -1;
  }
  fflush(stdout);
  fflush(stderr);
  const pid_t inside = fork();
  if (inside == 0) {
    close(report[0]);
    const pid_t child = body();
    if (write(report[1], &child, sizeof(child)) != sizeof(child))
      ADD_FAILURE() << "write: " << DescribeErrno(errno);
    fflush(stdout);
    fflush(stderr);
    _exit(::testing::Test::HasFailure() ? 1 : 0);
  }
  close(report[1]);
  pid_t child = -1;
  if (inside < 0 || read(report[0], &child, sizeof(child)) != sizeof(child)) child = -1;
  close(report[0]);
  if (inside < 0) {
    ADD_FAILURE() << "fork: " << DescribeErrno(errno);
    return -1;
  }
  const int status = WaitForChild(inside);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    ADD_FAILURE() << "the process in capability mode " << DescribeWaitStatus(status)
                  << ": its failures are printed above";
  // Reparented to us once `inside` exited, which WaitForChild has seen.
  return child > 0 ? WaitForChild(child) : -1;
}

std::string DescribeWaitStatus(int status) {
  if (status == -1) return "could not be waited for";
  if (WIFEXITED(status)) return "exited " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    std::string out = "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    if (sig == SIGALRM) out += ": the watchdog fired, the child hung";
    return out;
  }
  return "stopped or continued (raw status " + std::to_string(status) + ")";
}

void RunInChild(const std::function<void()>& body, unsigned watchdog_s) {
  // A buffer still unflushed at fork() would be printed by both processes.
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = fork();
  ASSERT_LE(0, pid) << "fork: " << DescribeErrno(errno);
  if (pid == 0) {
    alarm(watchdog_s);
    body();
    // _exit() skips stdio's flush; the child's failure report must appear.
    fflush(stdout);
    fflush(stderr);
    _exit(::testing::Test::HasFailure() ? 1 : 0);
  }
  const int status = WaitForChild(pid);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  const char* hint = "";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
    hint = ": its failures are printed above";
  else if (WIFEXITED(status) && WEXITSTATUS(status) == kExitExecUnexpectedlyRan)
    hint = ": an exec that must be refused replaced the child";
  ADD_FAILURE() << "forked test body " << DescribeWaitStatus(status) << hint;
}

int CapmodeReport() {
  int bits = 0;
  unsigned mode = 0;
  errno = 0;
  const int rc = cap_getmode(&mode);
  const int getmode_errno = errno;
  if (rc != 0 || mode != 1) bits |= kReportGetmodeFailed;
  const bool sandboxed = cap_sandboxed();
  if (!sandboxed) bits |= kReportNotSandboxed;
  errno = 0;
  const int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const int open_errno = errno;
  if (fd >= 0) close(fd);
  if (!(fd == -1 && open_errno == ECAPMODE)) bits |= kReportOpenNotRefused;
  printf(
      "[report] pid %d: cap_getmode() = %d (%s) mode %u; cap_sandboxed() = %d;"
      " open(\"/\") = %d (%s)\n",
      getpid(), rc, rc ? DescribeErrno(getmode_errno).c_str() : "ok", mode, sandboxed ? 1 : 0, fd,
      fd < 0 ? DescribeErrno(open_errno).c_str() : "ok");
  fflush(stdout);
  return bits;
}

std::string DescribeCapmodeReport(int bits) {
  if (bits == 0) return "in capability mode";
  if (bits == kExitExecFailed) return "the exec itself failed (see above)";
  if (bits == kExitExecUnexpectedlyRan) return "an exec that must be refused ran the program";
  std::string out;
  if (bits & kReportGetmodeFailed) out += "[cap_getmode does not say 1] ";
  if (bits & kReportNotSandboxed) out += "[cap_sandboxed is false] ";
  if (bits & kReportOpenNotRefused) out += "[open(\"/\") was not ECAPMODE] ";
  return out + "(see the [report] line above)";
}

ScratchDir::ScratchDir() : owner_(getpid()) {
  const char* tmp = getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/capsicum-e2e.XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp(" << tmpl << "): " << DescribeErrno(errno);
    return;
  }
  path_ = tmpl;
}

static int RemoveOne(const char* path, const struct stat*, int, struct FTW*) {
  remove(path);
  return 0;
}

ScratchDir::~ScratchDir() {
  if (path_.empty() || getpid() != owner_) return;
  nftw(path_.c_str(), RemoveOne, 16, FTW_DEPTH | FTW_PHYS);
}

void WriteFile(const std::string& path, const std::string& contents) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_OK(fd);
  EXPECT_EQ(static_cast<ssize_t>(contents.size()), write(fd, contents.data(), contents.size()));
  close(fd);
}

std::string ReadFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ADD_FAILURE() << "open(" << path << "): " << DescribeErrno(errno);
    return "";
  }
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) out.append(buf, n);
  close(fd);
  return out;
}

bool PathExists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

ModuleStatus QueryModuleStatus() {
  ModuleStatus out;
  const int fd = open(CAPSICUM_DEVICE, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.error = std::string(CAPSICUM_DEVICE) + ": " + DescribeErrno(errno);
    return out;
  }
  struct capsicum_status st;
  memset(&st, 0, sizeof(st));
  st.size = sizeof(st);
  if (ioctl(fd, CAPSICUM_IOC_STATUS, &st) != 0) {
    out.error = "ioctl(CAPSICUM_IOC_STATUS): " + DescribeErrno(errno);
    close(fd);
    return out;
  }
  close(fd);
  out.ok = true;
  out.abi_version = st.abi_version;
  out.armed = st.armed != 0;
  out.capmode_creds = st.capmode_creds;
  out.limited_files = st.limited_files;
  return out;
}

}  // namespace capsicum_e2e
