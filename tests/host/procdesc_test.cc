// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host tests of <sys/procdesc.h>: argument checks, and PD_DAEMON children
// without the module (the guest tests, tests/guest/procdesc_test.cc, do the rest).
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/capsicum.h>
#include <sys/procdesc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "device.h"
#include "fake_module.h"

namespace {

using capsicum::internal::SetDevicePathForTesting;

// Every test runs without a module: the device is a path that does not exist.
class ProcdescHost : public ::testing::Test {
 protected:
  void SetUp() override { SetDevicePathForTesting("/nonexistent/capsicum"); }
  void TearDown() override { SetDevicePathForTesting(nullptr); }

  // Whether the test process has any child left, waited for or not (ECHILD: none).
  static bool HasNoChild() {
    siginfo_t info{};
    return waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT | __WALL) == -1 && errno == ECHILD;
  }
};

TEST_F(ProcdescHost, FlagsOutsidePdAllowedAtForkAreEinvalAndMakeNoChild) {
  for (int flags : {0x4, 0x8, 0x100, PD_ALLOWED_AT_FORK | 0x10, -1}) {
    int fd = 1234;
    errno = 0;
    EXPECT_EQ(-1, pdfork(&fd, flags)) << flags;
    EXPECT_EQ(EINVAL, errno) << flags;
    EXPECT_EQ(1234, fd) << flags;
  }
  EXPECT_TRUE(HasNoChild());
}

TEST_F(ProcdescHost, NullDescriptorPointerIsEfaultAndMakesNoChild) {
  errno = 0;
  EXPECT_EQ(-1, pdfork(nullptr, PD_DAEMON));
  EXPECT_EQ(EFAULT, errno);
  EXPECT_TRUE(HasNoChild());
}

TEST_F(ProcdescHost, WithoutTheModuleKillOnCloseIsEnosysAndMakesNoChild) {
  int fd = 1234;
  errno = 0;
  EXPECT_EQ(-1, pdfork(&fd, 0));
  EXPECT_EQ(ENOSYS, errno);
  EXPECT_EQ(-1, pdfork(&fd, PD_CLOEXEC));
  EXPECT_EQ(ENOSYS, errno);
  EXPECT_EQ(1234, fd);
  EXPECT_TRUE(HasNoChild());
}

TEST_F(ProcdescHost, AModuleWithoutProcessDescriptorsIsEnosys) {
  capsicum_test::FakeModule module;  // answers ENOTTY to ioctls it does not know (ABI < 4)
  capsicum_test::InstallFakeModule(&module);
  int fd = 1234;
  errno = 0;
  EXPECT_EQ(-1, pdfork(&fd, 0));
  EXPECT_EQ(ENOSYS, errno);
  capsicum_test::InstallFakeModule(nullptr);
  EXPECT_EQ(1234, fd);
  EXPECT_TRUE(HasNoChild());
}

TEST_F(ProcdescHost, DaemonChildIsInvisibleToWildcardWaitAndReapedByPdwait4) {
  int fd = -1;
  pid_t pid = pdfork(&fd, PD_DAEMON);
  ASSERT_GE(pid, 0) << strerror(errno);
  if (pid == 0) _exit(42);
  ASSERT_GE(fd, 0);
  // Without PD_CLOEXEC the descriptor survives exec.
  EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
  // poll says when it is gone, and wait(-1) never sees it.
  struct pollfd p = {fd, POLLIN, 0};
  ASSERT_EQ(1, poll(&p, 1, 10000));
  EXPECT_TRUE(p.revents & POLLIN);
  int status = 0;
  EXPECT_EQ(-1, waitpid(-1, &status, WNOHANG));
  EXPECT_EQ(ECHILD, errno);
  pid_t got = -1;
  EXPECT_EQ(0, pdgetpid(fd, &got));
  EXPECT_EQ(pid, got);
  struct rusage ru {};
  EXPECT_EQ(pid, pdwait4(fd, &status, 0, &ru));
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(42, WEXITSTATUS(status));
  // Reaped: a second wait has nothing.
  EXPECT_EQ(-1, pdwait4(fd, &status, WNOHANG, nullptr));
  EXPECT_EQ(ECHILD, errno);
  EXPECT_EQ(0, close(fd));
  EXPECT_TRUE(HasNoChild());
}

TEST_F(ProcdescHost, PdCloexecSetsCloseOnExecAndPdkillKills) {
  int fd = -1;
  pid_t pid = pdfork(&fd, PD_DAEMON | PD_CLOEXEC);
  ASSERT_GE(pid, 0) << strerror(errno);
  if (pid == 0) {
    pause();
    _exit(0);
  }
  EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
  int status = 0;
  EXPECT_EQ(0, pdwait4(fd, &status, WNOHANG, nullptr));  // alive: nothing yet
  EXPECT_EQ(0, pdkill(fd, SIGTERM));
  EXPECT_EQ(pid, pdwait4(fd, &status, 0, nullptr));
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(SIGTERM, WTERMSIG(status));
  EXPECT_EQ(0, close(fd));
}

TEST_F(ProcdescHost, BadSignalsAreEinvalBeforeTheDescriptorIsLookedAt) {
  for (int sig : {-1, 65, 1000}) {
    errno = 0;
    EXPECT_EQ(-1, pdkill(-1, sig)) << sig;
    EXPECT_EQ(EINVAL, errno) << sig;
  }
  errno = 0;
  EXPECT_EQ(-1, pdkill(-1, SIGKILL));
  EXPECT_EQ(EBADF, errno);
  // A descriptor that is not a pidfd.
  EXPECT_EQ(-1, pdkill(STDIN_FILENO, 0));
  EXPECT_EQ(EBADF, errno);
}

TEST_F(ProcdescHost, BadDescriptorsAreEbadf) {
  pid_t pid = 777;
  int status = 777;
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(devnull, 0);
  for (int fd : {-1, 9999, devnull}) {
    errno = 0;
    EXPECT_EQ(-1, pdgetpid(fd, &pid)) << fd;
    EXPECT_EQ(EBADF, errno) << fd;
    errno = 0;
    EXPECT_EQ(-1, pdwait4(fd, &status, WNOHANG, nullptr)) << fd;
    EXPECT_EQ(EBADF, errno) << fd;
  }
  EXPECT_EQ(777, pid);
  EXPECT_EQ(777, status);
  close(devnull);
}

TEST_F(ProcdescHost, Pdwait4OptionsOutsideWait4sAreEinval) {
  int status = 777;
  for (int options : {0x10000, static_cast<int>(__WALL), static_cast<int>(__WCLONE), -1}) {
    errno = 0;
    EXPECT_EQ(-1, pdwait4(-1, &status, options, nullptr)) << options;
    EXPECT_EQ(EINVAL, errno) << options;
  }
  EXPECT_EQ(777, status);
}

TEST_F(ProcdescHost, PdgetpidNullPointerIsEfaultAfterTheDescriptor) {
  errno = 0;
  EXPECT_EQ(-1, pdgetpid(-1, nullptr));
  EXPECT_EQ(EBADF, errno);
  int fd = -1;
  pid_t pid = pdfork(&fd, PD_DAEMON | PD_CLOEXEC);
  ASSERT_GE(pid, 0) << strerror(errno);
  if (pid == 0) _exit(0);
  errno = 0;
  EXPECT_EQ(-1, pdgetpid(fd, nullptr));
  EXPECT_EQ(EFAULT, errno);
  EXPECT_EQ(pid, pdwait4(fd, nullptr, 0, nullptr));
  close(fd);
}

}  // namespace
