// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: capability mode: entering, reporting, inheritance, exec, the closed namespace.
//
// cap_enter() cannot be undone, so every test that enters capability mode
// runs its body in a forked child (RunInChild).
#include <fcntl.h>
#include <limits.h>
#include <linux/capsicum.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "capsicum_test.h"

extern char** environ;

namespace capsicum_e2e {
namespace {

class CapModeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = scratch_.Path("file");
    WriteFile(file_, "0123456789");
  }

  ScratchDir scratch_;
  std::string file_;
};

using CapMode = CapModeTest;
using CapModeInherit = CapModeTest;
using CapModeExec = CapModeTest;
using CapModeOpen = CapModeTest;

// The path of this very binary, read before capability mode closes /proc.
std::string SelfExePath() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) {
    ADD_FAILURE() << "readlink(/proc/self/exe): " << DescribeErrno(errno);
    return "";
  }
  return std::string(buf, n);
}

long Execveat(int fd, const char* flag) {
  char arg0[] = "capsicum-e2e";
  char* argv[] = {arg0, const_cast<char*>(flag), nullptr};
  fflush(stdout);
  fflush(stderr);
  return syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
}

// Enters capability mode and forks; the child execveat()s `fd` as
// `capsicum-e2e --report-capmode`.  Returns the child's pid, for StatusOfChildMadeInside()
// (in capability mode wait4 is refused: the child is reaped outside).
pid_t EnterAndExecReportChild(int fd) {
  if (cap_enter() != 0) {
    ADD_FAILURE() << "cap_enter: " << DescribeErrno(errno);
    return -1;
  }
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = fork();
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    Execveat(fd, kReportCapmodeFlag);
    printf("[exec] execveat(fd %d, \"\", AT_EMPTY_PATH): %s\n", fd, DescribeErrno(errno).c_str());
    fflush(stdout);
    _exit(kExitExecFailed);
  }
  return pid;
}

void ExpectReportedCapMode(int status, const char* who) {
  if (status == -1 || !WIFEXITED(status))
    ADD_FAILURE() << who << " " << DescribeWaitStatus(status);
  else if (WEXITSTATUS(status) != 0)
    ADD_FAILURE() << who << ": " << DescribeCapmodeReport(WEXITSTATUS(status));
}

// --- entering and reporting ---

TEST_F(CapMode, NotInCapabilityModeByDefault) {
  unsigned mode = 99;
  EXPECT_OK(cap_getmode(&mode));
  EXPECT_EQ(0u, mode);
  EXPECT_FALSE(cap_sandboxed());
}

TEST_F(CapMode, EnterSetsTheMode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    unsigned mode = 99;
    EXPECT_OK(cap_getmode(&mode));
    EXPECT_EQ(1u, mode);
    EXPECT_TRUE(cap_sandboxed());
  });
}

TEST_F(CapMode, EnteringAgainSucceedsAndTheModeStays) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(cap_enter());
    unsigned mode = 99;
    EXPECT_OK(cap_getmode(&mode));
    EXPECT_EQ(1u, mode);
    EXPECT_TRUE(cap_sandboxed());
    EXPECT_CAPMODE(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  });
}

// There is no way out: not even through the device that put us in, which
// refuses to detach its programs for a process in capability mode.
TEST_F(CapMode, DisarmFromInsideIsRefused) {
  RunInChild([] {
    const int dev = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
    ASSERT_OK(dev);
    ASSERT_OK(cap_enter());
    EXPECT_SYSCALL_FAIL(EPERM, ioctl(dev, CAPSICUM_IOC_DISARM));
    unsigned mode = 99;
    EXPECT_OK(cap_getmode(&mode));
    EXPECT_EQ(1u, mode);
    EXPECT_CAPMODE(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  });
}

// Nor from outside, by root, while a sandbox lives: detaching the programs
// would lift it.  (vm-check.sh unloads for real once every sandbox is gone.)
TEST_F(CapMode, DisarmFromOutsideIsRefusedWhileASandboxLives) {
  const int dev = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
  ASSERT_OK(dev);
  int gate[2], ready[2];
  ASSERT_OK(pipe2(gate, O_CLOEXEC));
  ASSERT_OK(pipe2(ready, O_CLOEXEC));
  const pid_t child = fork();
  ASSERT_OK(child);
  if (child == 0) {
    char c = 'e';
    close(gate[1]);
    close(ready[0]);
    if (cap_enter() != 0) _exit(1);
    if (write(ready[1], &c, 1) != 1) _exit(3);
    // Held in capability mode until the parent closes its end.
    _exit(read(gate[0], &c, 1) == 0 ? 0 : 2);
  }
  close(gate[0]);
  close(ready[1]);
  unsigned mode = 0;
  // Wait until the child says it is in capability mode.  The module's count alone is not
  // enough: a cred of an earlier test's child may still be counted until its RCU-deferred free.
  char entered = 0;
  ASSERT_EQ(1, read(ready[0], &entered, 1));
  close(ready[0]);
  struct capsicum_status st;
  memset(&st, 0, sizeof(st));
  st.size = sizeof(st);
  ASSERT_OK(ioctl(dev, CAPSICUM_IOC_STATUS, &st));
  EXPECT_GT(st.capmode_creds, 0u);
  EXPECT_SYSCALL_FAIL(EBUSY, ioctl(dev, CAPSICUM_IOC_DISARM));
  // Still armed, still enforcing for us.
  EXPECT_OK(cap_getmode(&mode));
  EXPECT_EQ(0u, mode);
  memset(&st, 0, sizeof(st));
  st.size = sizeof(st);
  ASSERT_OK(ioctl(dev, CAPSICUM_IOC_STATUS, &st));
  EXPECT_EQ(1u, st.armed);
  close(gate[1]);
  int status = 0;
  ASSERT_EQ(child, waitpid(child, &status, 0));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  close(dev);
}

TEST_F(CapMode, DescriptorsHeldBeforeEnteringKeepWorking) {
  const int fd = open(file_.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_OK(fd);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    char buf[4] = {};
    EXPECT_EQ(4, read(fd, buf, 4));
    EXPECT_EQ("0123", std::string(buf, 4));
    EXPECT_EQ(2, write(fd, "ab", 2));
    EXPECT_EQ(2, pread(fd, buf, 2, 0));
    EXPECT_EQ("01", std::string(buf, 2));
    // Anonymous objects name nothing global and stay available.
    int p[2];
    EXPECT_OK(pipe2(p, O_CLOEXEC));
    int sv[2];
    EXPECT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  });
  close(fd);
  EXPECT_EQ("0123ab6789", ReadFile(file_));
}

// --- inheritance ---

TEST_F(CapModeInherit, ForkChildIsInCapabilityMode) {
  RunInChild([] {
    const int status = StatusOfChildMadeInside([] {
      EXPECT_OK(cap_enter());
      fflush(stdout);
      const pid_t pid = fork();
      if (pid == 0) _exit(CapmodeReport());
      EXPECT_OK(pid);
      return pid;
    });
    ExpectReportedCapMode(status, "fork child");
  });
}

int CloneChildMain(void*) { return CapmodeReport(); }

TEST_F(CapModeInherit, CloneChildIsInCapabilityMode) {
  RunInChild([] {
    const int status = StatusOfChildMadeInside([] {
      EXPECT_OK(cap_enter());
      static char stack[256 * 1024] __attribute__((aligned(16)));
      fflush(stdout);
      const pid_t pid = clone(CloneChildMain, stack + sizeof(stack), SIGCHLD, nullptr);
      EXPECT_OK(pid);
      return pid;
    });
    ExpectReportedCapMode(status, "clone child");
  });
}

// Capability mode is per process, not per thread: a thread that existed
// before cap_enter() is inside too.
TEST_F(CapModeInherit, ThreadStartedBeforeEnteringIsInCapabilityMode) {
  RunInChild([] {
    int go[2];
    ASSERT_OK(pipe2(go, O_CLOEXEC));
    int bits = -1;
    std::thread thread([&] {
      char c;
      if (read(go[0], &c, 1) == 1) bits = CapmodeReport();
    });
    const int entered = cap_enter();
    EXPECT_EQ(1, write(go[1], "x", 1));
    thread.join();
    ASSERT_OK(entered);
    EXPECT_EQ(0, bits) << "thread: " << DescribeCapmodeReport(bits);
  });
}

TEST_F(CapModeInherit, ThreadStartedAfterEnteringIsInCapabilityMode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    int bits = -1;
    std::thread thread([&] { bits = CapmodeReport(); });
    thread.join();
    EXPECT_EQ(0, bits) << "thread: " << DescribeCapmodeReport(bits);
  });
}

// A credential change makes a new cred: it carries the mode (cred_prepare,
// task_fix_setuid).  The raw syscall changes only this thread's cred.
TEST_F(CapModeInherit, CredentialChangeInsideStaysInside) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    ASSERT_OK(syscall(SYS_setresuid, 0, 0, 65534));
    EXPECT_EQ(0, CapmodeReport()) << DescribeCapmodeReport(CapmodeReport());
    ASSERT_OK(syscall(SYS_setresuid, 0, 0, 0));
    EXPECT_EQ(0, CapmodeReport()) << DescribeCapmodeReport(CapmodeReport());
  });
}

// --- exec ---

// The program exec'd from a descriptor opened before cap_enter() (this
// static binary, re-invoked as `--report-capmode`) is still inside.
TEST_F(CapModeExec, SurvivesFexecveOfAnUnlimitedDescriptor) {
  RunInChild([] {
    const int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    ASSERT_OK(exe);
    ExpectReportedCapMode(StatusOfChildMadeInside([exe] { return EnterAndExecReportChild(exe); }),
                          "exec'd program");
  });
}

TEST_F(CapModeExec, FexecveWithFexecveRightSucceeds) {
  RunInChild([] {
    const int exe = OpenLimited("/proc/self/exe", O_RDONLY, Rights({CAP_FEXECVE, CAP_READ}));
    ASSERT_OK(exe);
    ExpectReportedCapMode(StatusOfChildMadeInside([exe] { return EnterAndExecReportChild(exe); }),
                          "exec'd program");
  });
}

// If the exec wrongly succeeds, the child becomes `--unexpectedly-executed`
// and exits kExitExecUnexpectedlyRan, which RunInChild reports.
TEST_F(CapModeExec, FexecveWithoutFexecveRightIsNotCapable) {
  RunInChild([] {
    const int exe =
        OpenLimited("/proc/self/exe", O_RDONLY, Rights({CAP_READ, CAP_FSTAT, CAP_SEEK}));
    ASSERT_OK(exe);
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(Execveat(exe, kUnexpectedExecFlag));
  });
}

TEST_F(CapModeExec, ExecveByPathIsCapmode) {
  const std::string self = SelfExePath();
  ASSERT_FALSE(self.empty());
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    char arg0[] = "capsicum-e2e";
    char* argv[] = {arg0, const_cast<char*>(kUnexpectedExecFlag), nullptr};
    fflush(stdout);
    EXPECT_CAPMODE(execve(self.c_str(), argv, environ));
  });
}

// --- the global file namespace is closed ---

TEST_F(CapModeOpen, OpenAbsolutePathIsCapmode) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(open(file_.c_str(), O_RDONLY | O_CLOEXEC));
    EXPECT_CAPMODE(open("/etc/passwd", O_RDONLY | O_CLOEXEC));
    EXPECT_CAPMODE(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  });
}

TEST_F(CapModeOpen, OpenRelativeToTheWorkingDirectoryIsCapmode) {
  RunInChild([&] {
    ASSERT_OK(chdir(scratch_.path().c_str()));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(open("file", O_RDONLY | O_CLOEXEC));
    EXPECT_CAPMODE(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  });
}

TEST_F(CapModeOpen, OpenatAtFdcwdIsCapmode) {
  RunInChild([&] {
    ASSERT_OK(chdir(scratch_.path().c_str()));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(openat(AT_FDCWD, "file", O_RDONLY | O_CLOEXEC));
    EXPECT_CAPMODE(openat(AT_FDCWD, file_.c_str(), O_RDONLY | O_CLOEXEC));
  });
}

TEST_F(CapModeOpen, OpenForWritingIsCapmode) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(open(file_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  });
  EXPECT_EQ("0123456789", ReadFile(file_)) << "a refused open truncated the file";
}

TEST_F(CapModeOpen, CreatIsCapmode) {
  const std::string fresh = scratch_.Path("fresh");
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(creat(fresh.c_str(), 0644));
  });
}

// The refusal must come before the file system is changed: a process in
// capability mode must not be able to create names in the global namespace
// even if the open then fails.
TEST_F(CapModeOpen, RefusedCreatLeavesNoFile) {
  const std::string fresh = scratch_.Path("fresh");
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(creat(fresh.c_str(), 0644));
    EXPECT_CAPMODE(open(fresh.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  });
  EXPECT_FALSE(PathExists(fresh)) << fresh << " was created by a refused creat";
}

}  // namespace
}  // namespace capsicum_e2e
