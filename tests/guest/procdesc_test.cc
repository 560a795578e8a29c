// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: process descriptors (<sys/procdesc.h>): pdfork, pdgetpid, pdkill, pdwait4.
//
// What FreeBSD promises and these tests check, outside and inside capability mode: the child
// sends no SIGCHLD and wildcard wait does not see it; poll on the descriptor reports its exit;
// closing the last descriptor kills it unless PD_DAEMON; CAP_PDKILL, CAP_PDGETPID and
// CAP_PDWAIT govern the calls; the descriptor travels over SCM_RIGHTS with its rights and works
// in the receiver.  Also CAPSICUM_IOC_PROCDESC_GET/SET's bad input, below the library.
#include <fcntl.h>
#include <linux/capsicum.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/procdesc.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

#include "abi2_test.h"
#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

constexpr int kPidfdIdType = 3;  // P_PIDFD

// How long a live child is watched before it counts as "not killed".
constexpr int kAliveMs = 300;
// How long a death may take to be seen under TCG.
constexpr int kDeathMs = 10000;

// A child that waits for a signal forever; its pid (0 in no case: the child never returns).
pid_t PdforkSleeper(int* fd, int flags) {
  pid_t pid = pdfork(fd, flags);
  if (pid == 0) {
    for (;;) pause();
  }
  return pid;
}

// poll(POLLIN) on a pidfd: true when the process exited within `ms`.
bool ExitsWithin(int pidfd, int ms) {
  struct pollfd p = {pidfd, POLLIN, 0};
  int n;
  do {
    n = poll(&p, 1, ms);
  } while (n < 0 && errno == EINTR);
  return n == 1 && (p.revents & POLLIN);
}

// Raw waitid(P_PIDFD) as the kernel offers it (needs __WALL for a child without exit signal).
siginfo_t RawWait(int pidfd, int options) {
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  if (syscall(SYS_waitid, kPidfdIdType, pidfd, &info, options | WEXITED | __WALL, nullptr) != 0)
    info.si_signo = -errno;
  return info;
}

long PidfdOpen(pid_t pid) { return syscall(SYS_pidfd_open, pid, 0); }
long PidfdSendSignal(int fd, int sig) {
  return syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0);
}

void Limit(int fd, std::initializer_list<uint64_t> rights) {
  const cap_rights_t r = Rights(rights);
  ASSERT_OK(cap_rights_limit(fd, &r));
}

// A child whose death the parent sees as end of file on `*death_read`: the child holds the only
// other end.  For a child the caller has no handle on any more.
pid_t PdforkWithDeathPipe(int* fd, int flags, int* death_read) {
  int death[2];
  if (pipe2(death, O_CLOEXEC) != 0) return -1;
  pid_t pid = pdfork(fd, flags);
  if (pid == 0) {
    close(death[0]);
    for (;;) pause();
  }
  close(death[1]);
  *death_read = death[0];
  return pid;
}

// True when the pipe's write end went away (its holder died) within `ms`.
bool PipeClosedWithin(int read_end, int ms) {
  struct pollfd p = {read_end, POLLIN, 0};
  if (poll(&p, 1, ms) != 1) return false;
  char c;
  return read(read_end, &c, 1) == 0;
}

TEST(Procdesc, PdforkGivesThePidAndADescriptorThatPdwait4Reaps) {
  RunInChild([] {
    int fd = -1;
    const pid_t pid = pdfork(&fd, 0);
    ASSERT_OK(pid);
    if (pid == 0) _exit(7);
    ASSERT_LE(0, fd);
    pid_t got = 0;
    EXPECT_OK(pdgetpid(fd, &got));
    EXPECT_EQ(pid, got);
    EXPECT_TRUE(ExitsWithin(fd, kDeathMs)) << "poll did not report the exit";
    // Invisible to wildcard wait, even once it exited.
    int status = 0;
    EXPECT_SYSCALL_FAIL(ECHILD, waitpid(-1, &status, WNOHANG));
    EXPECT_SYSCALL_FAIL(ECHILD, wait(&status));
    struct rusage ru;
    memset(&ru, 0xff, sizeof(ru));
    EXPECT_EQ(pid, pdwait4(fd, &status, 0, &ru));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7) << DescribeWaitStatus(status);
    EXPECT_LE(0, ru.ru_utime.tv_sec) << "rusage was not filled in";
    // pdgetpid still answers after the reap, as on FreeBSD.
    got = 0;
    EXPECT_OK(pdgetpid(fd, &got));
    EXPECT_EQ(pid, got);
    EXPECT_OK(close(fd));
  });
}

std::atomic<int> g_sigchld{0};
void CountSigchld(int) { g_sigchld++; }

TEST(Procdesc, TheChildSendsNoSigchld) {
  RunInChild([] {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = CountSigchld;
    ASSERT_OK(sigaction(SIGCHLD, &sa, nullptr));
    int fd = -1;
    const pid_t pid = pdfork(&fd, 0);
    ASSERT_OK(pid);
    if (pid == 0) _exit(0);
    ASSERT_TRUE(ExitsWithin(fd, kDeathMs));
    int status = -1;
    EXPECT_EQ(pid, pdwait4(fd, &status, 0, nullptr));
    EXPECT_EQ(0, g_sigchld.load());
    // Control: a plain fork's child does send it.
    const pid_t plain = fork();
    ASSERT_OK(plain);
    if (plain == 0) _exit(0);
    EXPECT_EQ(0, WaitForChild(plain));
    EXPECT_EQ(1, g_sigchld.load());
    close(fd);
  });
}

TEST(Procdesc, PdCloexecAndItsAbsence) {
  RunInChild([] {
    int fd = -1;
    ASSERT_OK(PdforkSleeper(&fd, 0));
    EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
    int cfd = -1;
    ASSERT_OK(PdforkSleeper(&cfd, PD_CLOEXEC));
    EXPECT_EQ(FD_CLOEXEC, fcntl(cfd, F_GETFD) & FD_CLOEXEC);
    EXPECT_OK(pdkill(fd, SIGKILL));
    EXPECT_OK(pdkill(cfd, SIGKILL));
    int status = 0;
    EXPECT_LT(0, pdwait4(fd, &status, 0, nullptr));
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << DescribeWaitStatus(status);
    EXPECT_LT(0, pdwait4(cfd, &status, 0, nullptr));
  });
}

// The holder execs (busybox's sleep): exec closes a PD_CLOEXEC descriptor, and that close kills
// the child while the holder lives on; without PD_CLOEXEC the child outlives the exec.
void ExpectExecOfTheHolder(int flags, bool killed) {
  int report[2];
  ASSERT_OK(pipe2(report, O_CLOEXEC));
  fflush(nullptr);
  const pid_t holder = fork();
  ASSERT_OK(holder);
  if (holder == 0) {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, flags);
    if (write(report[1], &pid, sizeof(pid)) != sizeof(pid)) _exit(2);
    execl("/bin/sleep", "sleep", "20", static_cast<char*>(nullptr));
    _exit(kExitExecFailed);
  }
  close(report[1]);
  pid_t pid = -1;
  ASSERT_EQ(static_cast<ssize_t>(sizeof(pid)), read(report[0], &pid, sizeof(pid)));
  close(report[0]);
  ASSERT_LT(0, pid);
  const int watch = static_cast<int>(PidfdOpen(pid));
  ASSERT_OK(watch);
  if (killed) {
    EXPECT_TRUE(ExitsWithin(watch, kDeathMs)) << "exec did not close the PD_CLOEXEC descriptor";
  } else {
    EXPECT_FALSE(ExitsWithin(watch, kAliveMs)) << "the child died at its holder's exec";
  }
  int status = 0;
  EXPECT_EQ(0, waitpid(holder, &status, WNOHANG)) << "the holder is gone: " << status;
  EXPECT_OK(kill(holder, SIGKILL));
  status = WaitForChild(holder);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << DescribeWaitStatus(status);
  // The holder's death closes the descriptor in the other case.
  EXPECT_TRUE(ExitsWithin(watch, kDeathMs));
  close(watch);
}

TEST(Procdesc, ExecClosesAPdCloexecDescriptorAndKillsTheChild) {
  RunInChild([] { ExpectExecOfTheHolder(PD_CLOEXEC, true); });
}

TEST(Procdesc, WithoutPdCloexecTheChildOutlivesItsHoldersExec) {
  RunInChild([] { ExpectExecOfTheHolder(0, false); });
}

TEST(Procdesc, ClosingTheLastDescriptorKillsTheChild) {
  RunInChild([] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, 0);
    ASSERT_OK(pid);
    const int watch = static_cast<int>(PidfdOpen(pid));  // not a process descriptor
    ASSERT_OK(watch);
    const int copy = dup(fd);
    ASSERT_OK(copy);
    EXPECT_OK(close(fd));
    EXPECT_FALSE(ExitsWithin(watch, kAliveMs)) << "killed while a descriptor was open";
    EXPECT_OK(close(copy));
    ASSERT_TRUE(ExitsWithin(watch, kDeathMs)) << "the last close did not kill the child";
    const siginfo_t info = RawWait(watch, 0);
    EXPECT_EQ(CLD_KILLED, info.si_code);
    EXPECT_EQ(SIGKILL, info.si_status);
  });
}

TEST(Procdesc, PdDaemonChildOutlivesItsDescriptor) {
  RunInChild([] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, PD_DAEMON);
    ASSERT_OK(pid);
    const int watch = static_cast<int>(PidfdOpen(pid));
    ASSERT_OK(watch);
    EXPECT_OK(close(fd));
    EXPECT_FALSE(ExitsWithin(watch, kAliveMs)) << "PD_DAEMON child killed by the close";
    EXPECT_OK(PidfdSendSignal(watch, SIGKILL));
    EXPECT_EQ(CLD_KILLED, RawWait(watch, 0).si_code);
  });
}

// The process holding the descriptor exits: its table closes the descriptor, the child dies.
TEST(Procdesc, TheParentsExitKillsTheChild) {
  RunInChild([] {
    ASSERT_OK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
    int report[2];
    ASSERT_OK(pipe2(report, O_CLOEXEC));
    const pid_t middle = fork();
    ASSERT_OK(middle);
    if (middle == 0) {
      int fd = -1;
      const pid_t pid = PdforkSleeper(&fd, 0);
      if (write(report[1], &pid, sizeof(pid)) != sizeof(pid)) _exit(2);
      _exit(pid > 0 ? 0 : 1);
    }
    close(report[1]);
    pid_t grandchild = -1;
    ASSERT_EQ(static_cast<ssize_t>(sizeof(grandchild)),
              read(report[0], &grandchild, sizeof(grandchild)));
    ASSERT_LT(0, grandchild);
    int status = WaitForChild(middle);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
    // Reparented to us (the subreaper); a clone child needs __WALL.
    ASSERT_EQ(grandchild, waitpid(grandchild, &status, __WALL));
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << DescribeWaitStatus(status);
  });
}

TEST(Procdesc, EveryCallNeedsItsRight) {
  RunInChild([] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, 0);
    ASSERT_OK(pid);
    // Every right but the three: the calls are refused and the child is untouched.
    const int all_but = dup(fd);
    ASSERT_OK(all_but);
    cap_rights_t r = AllRights();
    cap_rights_clear(&r, CAP_PDKILL, CAP_PDGETPID, CAP_PDWAIT);
    ASSERT_OK(cap_rights_limit(all_but, &r));
    pid_t got = 777;
    int status = 777;
    EXPECT_NOTCAPABLE(pdgetpid(all_but, &got));
    EXPECT_NOTCAPABLE(pdkill(all_but, SIGKILL));
    EXPECT_NOTCAPABLE(PidfdSendSignal(all_but, SIGKILL));
    EXPECT_NOTCAPABLE(PidfdSendSignal(all_but, 0));
    EXPECT_NOTCAPABLE(pdwait4(all_but, &status, WNOHANG, nullptr));
    EXPECT_EQ(777, got);
    EXPECT_EQ(777, status);
    EXPECT_FALSE(ExitsWithin(fd, kAliveMs)) << "the child was signalled";
    // Each right alone allows its own call only.
    const int getpid_only = dup(fd);
    Limit(getpid_only, {CAP_PDGETPID});
    EXPECT_OK(pdgetpid(getpid_only, &got));
    EXPECT_EQ(pid, got);
    EXPECT_NOTCAPABLE(pdkill(getpid_only, 0));
    EXPECT_NOTCAPABLE(pdwait4(getpid_only, &status, WNOHANG, nullptr));
    const int wait_only = dup(fd);
    Limit(wait_only, {CAP_PDWAIT});
    EXPECT_EQ(0, pdwait4(wait_only, &status, WNOHANG, nullptr));
    EXPECT_NOTCAPABLE(pdgetpid(wait_only, &got));
    EXPECT_NOTCAPABLE(pdkill(wait_only, 0));
    const int kill_only = dup(fd);
    Limit(kill_only, {CAP_PDKILL});
    EXPECT_NOTCAPABLE(pdgetpid(kill_only, &got));
    EXPECT_OK(pdkill(kill_only, SIGTERM));
    EXPECT_TRUE(ExitsWithin(fd, kDeathMs));
    EXPECT_EQ(pid, pdwait4(wait_only, &status, 0, nullptr));
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << DescribeWaitStatus(status);
  });
}

// CAP_PDKILL is a right of the descriptor: a pidfd_open()'d pidfd limited without it cannot
// signal either (outside capability mode, where such a pidfd may signal at all).
TEST(Procdesc, PidfdSendSignalNeedsCapPdkillOnAnyPidfd) {
  RunInChild([] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, 0);
    ASSERT_OK(pid);
    const int opened = static_cast<int>(PidfdOpen(pid));
    ASSERT_OK(opened);
    Limit(opened, {CAP_PDGETPID, CAP_EVENT});
    EXPECT_NOTCAPABLE(PidfdSendSignal(opened, SIGKILL));
    EXPECT_FALSE(ExitsWithin(fd, kAliveMs));
    // The process itself, through a limited pidfd of its own.
    const int self = static_cast<int>(PidfdOpen(getpid()));
    ASSERT_OK(self);
    Limit(self, {});
    EXPECT_NOTCAPABLE(PidfdSendSignal(self, 0));
    EXPECT_OK(pdkill(fd, SIGKILL));
    int status = 0;
    EXPECT_EQ(pid, pdwait4(fd, &status, 0, nullptr));
  });
}

// FreeBSD checks the right before the type: a limited file that is not a process descriptor.
TEST(Procdesc, ErrnoOrderRightBeforeType) {
  const int file = OpenLimited("/proc/self/exe", O_RDONLY, Rights({CAP_READ}));
  ASSERT_OK(file);
  pid_t got = 777;
  int status = 777;
  EXPECT_NOTCAPABLE(pdgetpid(file, &got));
  EXPECT_NOTCAPABLE(pdwait4(file, &status, WNOHANG, nullptr));
  const int plain = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  ASSERT_OK(plain);
  EXPECT_SYSCALL_FAIL(EBADF, pdgetpid(plain, &got));
  EXPECT_SYSCALL_FAIL(EBADF, pdwait4(plain, &status, WNOHANG, nullptr));
  EXPECT_SYSCALL_FAIL(EBADF, pdkill(plain, 0));
  EXPECT_SYSCALL_FAIL(EBADF, pdgetpid(-1, &got));
  EXPECT_SYSCALL_FAIL(EINVAL, pdkill(plain, 65));
  EXPECT_EQ(777, got);
  EXPECT_EQ(777, status);
  close(plain);
  close(file);
}

// A pidfd_open()'d pidfd is not a process descriptor: pdgetpid says EBADF, as FreeBSD says
// for any descriptor that is not one.
TEST(Procdesc, PidfdOpenIsNotAProcessDescriptor) {
  const int self = static_cast<int>(PidfdOpen(getpid()));
  ASSERT_OK(self);
  pid_t got = 777;
  EXPECT_SYSCALL_FAIL(EBADF, pdgetpid(self, &got));
  EXPECT_EQ(777, got);
  close(self);
}

TEST(Procdesc, EverythingWorksInCapabilityMode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    int fd = -1;
    const pid_t pid = pdfork(&fd, 0);
    ASSERT_OK(pid);
    if (pid == 0) {
      pause();
      _exit(0);
    }
    pid_t got = 0;
    EXPECT_OK(pdgetpid(fd, &got));
    EXPECT_EQ(pid, got);
    // By pid it is another process: a global namespace.
    EXPECT_CAPMODE(kill(pid, 0));
    int status = 0;
    EXPECT_CAPMODE(waitpid(pid, &status, WNOHANG));
    EXPECT_EQ(0, pdwait4(fd, &status, WNOHANG, nullptr));
    EXPECT_OK(pdkill(fd, SIGUSR1));
    EXPECT_TRUE(ExitsWithin(fd, kDeathMs));
    EXPECT_EQ(pid, pdwait4(fd, &status, 0, nullptr));
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1) << DescribeWaitStatus(status);
    // The last close kills, inside too.
    int death = -1;
    ASSERT_OK(PdforkWithDeathPipe(&fd, PD_CLOEXEC, &death));
    EXPECT_FALSE(PipeClosedWithin(death, kAliveMs));
    EXPECT_OK(close(fd));
    EXPECT_TRUE(PipeClosedWithin(death, kDeathMs)) << "the last close did not kill the child";
  });
}

// A process forked after cap_enter() (not by pdfork) makes and manages its own.
TEST(Procdesc, WorksInAChildForkedAfterCapEnter) {
  RunInChild([] {
    const int status = StatusOfChildMadeInside([] {
      if (cap_enter() != 0) return static_cast<pid_t>(-1);
      const pid_t child = fork();
      if (child == 0) {
        int fd = -1;
        const pid_t pid = PdforkSleeper(&fd, PD_CLOEXEC);
        pid_t got = 0;
        int st = 0;
        const bool ok = pid > 0 && cap_sandboxed() && pdgetpid(fd, &got) == 0 && got == pid &&
                        pdkill(fd, SIGTERM) == 0 && pdwait4(fd, &st, 0, nullptr) == pid &&
                        WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM;
        _exit(ok ? 0 : 1);
      }
      return child;
    });
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  });
}

// The receiver, in capability mode, gets the pid and signals the child; it cannot wait for a
// child that is not its own (ECHILD, Linux's rule).  Rights travel with the descriptor.
TEST(Procdesc, PassedOverScmRightsAndUsedByASandboxedReceiver) {
  RunInChild([] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, PD_CLOEXEC);
    ASSERT_OK(pid);
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    fflush(nullptr);
    const pid_t receiver = fork();
    ASSERT_OK(receiver);
    if (receiver == 0) {
      close(sv[0]);
      if (cap_enter() != 0) _exit(10);
      // First a copy limited to CAP_PDGETPID: it kept its rights across the socket.
      const int limited = RecvFd(sv[1]);
      if (limited < 0) _exit(11);
      pid_t got = 0;
      if (pdgetpid(limited, &got) != 0 || got != pid) _exit(12);
      if (pdkill(limited, SIGKILL) != -1 || errno != ENOTCAPABLE) _exit(13);
      // Closed before the next arrives: two descriptors of one file in the same table would
      // share the intersection of their rights (docs/design.md).
      close(limited);
      if (write(sv[1], "k", 1) != 1) _exit(16);
      const int got_fd = RecvFd(sv[1]);
      if (got_fd < 0) _exit(11);
      got = 0;
      if (pdgetpid(got_fd, &got) != 0 || got != pid) _exit(12);
      // Not its child: Linux's waitid says ECHILD.
      int status = 0;
      const pid_t waited = pdwait4(got_fd, &status, WNOHANG, nullptr);
      if (waited != -1 || errno != ECHILD) {
        fprintf(stderr, "receiver: pdwait4 = %d, errno %s\n", waited, DescribeErrno(errno).c_str());
        _exit(14);
      }
      if (pdkill(got_fd, SIGTERM) != 0) _exit(15);
      _exit(0);
    }
    close(sv[1]);
    const int limited = dup(fd);
    Limit(limited, {CAP_PDGETPID});
    ASSERT_OK(SendFd(sv[0], limited));
    EXPECT_OK(close(limited));
    char ack = 0;
    ASSERT_EQ(1, read(sv[0], &ack, 1));
    ASSERT_OK(SendFd(sv[0], fd));
    const int status = WaitForChild(receiver);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
    int child_status = 0;
    EXPECT_EQ(pid, pdwait4(fd, &child_status, 0, nullptr));
    EXPECT_TRUE(WIFSIGNALED(child_status) && WTERMSIG(child_status) == SIGTERM)
        << DescribeWaitStatus(child_status);
  });
}

// The last reference may be the receiver's: the child dies when the receiver closes it.
TEST(Procdesc, TheReceiversCloseOfTheLastCopyKillsTheChild) {
  RunInChild([] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, PD_CLOEXEC);
    ASSERT_OK(pid);
    const int watch = static_cast<int>(PidfdOpen(pid));
    ASSERT_OK(watch);
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    fflush(nullptr);
    const pid_t receiver = fork();
    ASSERT_OK(receiver);
    if (receiver == 0) {
      close(sv[0]);
      close(fd);
      const int got = RecvFd(sv[1]);
      char go;
      // Hold it until the parent has closed its copy, then close it.
      if (got < 0 || read(sv[1], &go, 1) != 1) _exit(1);
      close(got);
      _exit(0);
    }
    close(sv[1]);
    ASSERT_OK(SendFd(sv[0], fd));
    EXPECT_OK(close(fd));
    EXPECT_FALSE(ExitsWithin(watch, kAliveMs)) << "killed while the receiver held it";
    ASSERT_EQ(1, write(sv[0], "g", 1));
    EXPECT_TRUE(ExitsWithin(watch, kDeathMs)) << "the receiver's close did not kill the child";
    const int status = WaitForChild(receiver);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  });
}

// CAPSICUM_IOC_PROCDESC_GET and _SET below the library, in uapi/linux/capsicum.h's order.
class ProcdescIoctl : public DeviceTest {
 protected:
  static struct capsicum_procdesc_arg Arg(int fd, uint64_t right, uint32_t flags) {
    struct capsicum_procdesc_arg a;
    memset(&a, 0, sizeof(a));
    a.size = sizeof(a);
    a.fd = fd;
    a.right = right;
    a.flags = flags;
    a.pid = 777;
    return a;
  }
};

TEST_F(ProcdescIoctl, GetBadInput) {
  RunInChild([this] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, PD_CLOEXEC);
    ASSERT_OK(pid);
    struct capsicum_procdesc_arg a = Arg(fd, CAP_PDGETPID, 0);
    a.size = 8;
    EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_PROCDESC_GET, &a));
    for (uint64_t right : {uint64_t{0}, uint64_t{CAP_PDKILL}, uint64_t{CAP_READ},
                           uint64_t{CAP_PDGETPID | CAP_PDWAIT}, uint64_t{0x200}}) {
      a = Arg(fd, right, 0);
      EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_PROCDESC_GET, &a));
    }
    a = Arg(fd, CAP_PDGETPID, 1);
    EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_PROCDESC_GET, &a));
    a = Arg(-1, CAP_PDGETPID, 0);
    EXPECT_SYSCALL_FAIL(EBADF, ioctl(dev_, CAPSICUM_IOC_PROCDESC_GET, &a));
    a = Arg(dev_, CAP_PDWAIT, 0);
    EXPECT_SYSCALL_FAIL(EBADF, ioctl(dev_, CAPSICUM_IOC_PROCDESC_GET, &a));
    EXPECT_EQ(777, a.pid);
    EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev_, CAPSICUM_IOC_PROCDESC_GET, nullptr));
    a = Arg(fd, CAP_PDWAIT, 0);
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_PROCDESC_GET, &a));
    EXPECT_EQ(pid, a.pid);
    EXPECT_OK(pdkill(fd, SIGKILL));
  });
}

TEST_F(ProcdescIoctl, SetBadInputChangesNothing) {
  RunInChild([this] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, PD_DAEMON | PD_CLOEXEC);
    ASSERT_OK(pid);
    const int watch = static_cast<int>(PidfdOpen(pid));
    ASSERT_OK(watch);
    struct capsicum_procdesc_arg a = Arg(fd, 0, 0);
    EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    a = Arg(fd, 0, CAPSICUM_PROCDESC_KILL | 2);
    EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    a = Arg(fd, CAP_PDKILL, CAPSICUM_PROCDESC_KILL);
    EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    a = Arg(-1, 0, CAPSICUM_PROCDESC_KILL);
    EXPECT_SYSCALL_FAIL(EBADF, ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    // Not a process descriptor: a pidfd_open()'d pidfd, a device.
    a = Arg(watch, 0, CAPSICUM_PROCDESC_KILL);
    EXPECT_SYSCALL_FAIL(EBADF, ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    a = Arg(dev_, 0, CAPSICUM_PROCDESC_KILL);
    EXPECT_SYSCALL_FAIL(EBADF, ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    // Without CAP_PDKILL the holder may not decide the process's death.
    const int no_kill = dup(fd);
    Limit(no_kill, {CAP_PDGETPID, CAP_PDWAIT});
    a = Arg(no_kill, 0, CAPSICUM_PROCDESC_KILL);
    EXPECT_NOTCAPABLE(ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    // Still a daemon: closing every descriptor leaves it alive.
    EXPECT_OK(close(no_kill));
    EXPECT_OK(close(fd));
    EXPECT_FALSE(ExitsWithin(watch, kAliveMs)) << "a refused SET changed the child's fate";
    EXPECT_OK(PidfdSendSignal(watch, SIGKILL));
    EXPECT_EQ(CLD_KILLED, RawWait(watch, 0).si_code);
  });
}

// SET on a PD_DAEMON descriptor later: the last close then kills.
TEST_F(ProcdescIoctl, SetMakesTheLastCloseKill) {
  RunInChild([this] {
    int fd = -1;
    const pid_t pid = PdforkSleeper(&fd, PD_DAEMON | PD_CLOEXEC);
    ASSERT_OK(pid);
    const int watch = static_cast<int>(PidfdOpen(pid));
    ASSERT_OK(watch);
    struct capsicum_procdesc_arg a = Arg(fd, 0, CAPSICUM_PROCDESC_KILL);
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_PROCDESC_SET, &a));  // again: the same
    EXPECT_FALSE(ExitsWithin(watch, kAliveMs));
    EXPECT_OK(close(fd));
    ASSERT_TRUE(ExitsWithin(watch, kDeathMs));
    EXPECT_EQ(SIGKILL, RawWait(watch, 0).si_status);
  });
}

}  // namespace
}  // namespace capsicum_e2e
