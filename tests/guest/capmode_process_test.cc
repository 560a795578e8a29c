// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: capability mode and other processes: signals, priorities, limits, process
// groups, the ptrace check, pidfds, namespaces and the owner of a file's signals.
//
// In capability mode a process acts on its own threads only.  It reaches its children through
// process descriptors: pidfds made by clone(CLONE_PIDFD), FreeBSD's pdfork(), signalled with
// pidfd_send_signal() and reaped with waitid(P_PIDFD).  These rules are the module's LSM hooks
// (kmod/capmode.c); the seccomp filter refuses other calls by their number or a register.
// Each test picks a call whose refusal comes from a hook (kill(getppid(), 0), not kill(0, ...),
// which the filter refuses by its argument), so the tests hold with and without the filter.
//
// CapModeCreds: an io_uring request under creds registered before cap_enter() is judged by the
// task's own cred.  RunInChild's child is "the sandbox"; the gtest process is "the parent".  The
// tests run as root.  Where a caller without privileges would meet one of the kernel's own checks
// first, and get EPERM or EACCES rather than ECAPMODE, a comment says so.  CapModeOutside runs the
// calls without cap_enter(): each succeeds, as without the module.
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "capsicum_test.h"
#include "raw_syscalls.h"

namespace capsicum_e2e {
namespace {

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
// include/uapi/linux/ioprio.h
constexpr int kIoprioWhoProcess = 1;
constexpr int kIoprioClassBe = 2;
constexpr int kIoprioClassShift = 13;

// clone3(2) without a stack (the child goes on like a fork child), with CLONE_PIDFD: the
// child's process descriptor goes to *pidfd.  Returns what clone3 returns.
long Clone3WithPidfd(uint64_t flags, int* pidfd) {
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.flags = flags | CLONE_PIDFD;
  args.pidfd = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(pidfd));
  args.exit_signal = SIGCHLD;
  fflush(stdout);
  fflush(stderr);
  return syscall(SYS_clone3, &args, sizeof(args));
}

// How a child reaped through its pidfd ended: "exited N" or "killed by N" (si_code, si_status).
struct Ending {
  int code = 0;
  int status = -1;
};

Ending Reap(int pidfd) {
  siginfo_t si;
  memset(&si, 0, sizeof(si));
  long rc;
  do {
    rc = syscall(SYS_waitid, P_PIDFD, pidfd, &si, WEXITED, nullptr);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    ADD_FAILURE() << "waitid(P_PIDFD): " << DescribeErrno(errno);
    return {};
  }
  return {si.si_code, si.si_status};
}

// A child made by pdfork (clone3 with CLONE_PIDFD) that waits until Release(); it then exits
// with what `at_exit` returns, or 0.
struct Child {
  pid_t pid = -1;
  int pidfd = -1;
  int gate = -1;
};

Child Pdfork(int (*at_exit)() = nullptr) {
  Child c;
  int gate[2];
  if (pipe2(gate, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << DescribeErrno(errno);
    return c;
  }
  const long pid = Clone3WithPidfd(0, &c.pidfd);
  if (pid == 0) {
    // Only its own gate: a gate of an earlier child left open here would keep that child.
    char byte;
    if (dup2(gate[0], 3) != 3) _exit(100);
    syscall(SYS_close_range, 4, ~0U, 0);
    while (read(3, &byte, 1) < 0 && errno == EINTR) {
    }
    _exit(at_exit ? at_exit() : 0);
  }
  close(gate[0]);
  if (pid < 0) {
    ADD_FAILURE() << "clone3(CLONE_PIDFD): " << DescribeErrno(errno);
    close(gate[1]);
    return c;
  }
  c.pid = static_cast<pid_t>(pid);
  c.gate = gate[1];
  return c;
}

// Lets the child exit and reaps it; its exit status, or -1 if it did not exit by itself.
int Release(Child& c) {
  close(c.gate);
  const Ending end = Reap(c.pidfd);
  close(c.pidfd);
  return end.code == CLD_EXITED ? end.status : -1;
}

// The child of Pdfork(SigusrPending) exits 1 if SIGUSR1 reached it (blocked, so pending).
int SigusrPending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGUSR1) ? 1 : 0;
}

void BlockSignal(int sig) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ASSERT_OK(sigprocmask(SIG_BLOCK, &set, nullptr));
}

bool SignalPending(int sig) {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, sig);
}

// What some tests need of the kernel.  The guest kernels differ: our KUnit kernel has no block
// layer (ioprio), no NUMA (move_pages) and no namespaces; such a test is skipped there, saying
// so, rather than fail for the kernel's sake.
bool HasSyscall(long nr) {
  errno = 0;
  return syscall(nr, 0, 0, nullptr, nullptr, nullptr, 0) >= 0 || errno != ENOSYS;
}
bool HasNamespace(const std::string& name) {
  return access(("/proc/self/ns/" + name).c_str(), F_OK) == 0;
}
#define SKIP_UNLESS(cond, what) \
  if (!(cond)) GTEST_SKIP() << "this kernel has no " << what

// A thread that lives until the object goes; tid() is its thread id.
class Thread {
 public:
  Thread() {
    if (pipe2(gate_, O_CLOEXEC) != 0) ADD_FAILURE() << "pipe2: " << DescribeErrno(errno);
    thread_ = std::thread([this] {
      tid_ = gettid();
      char byte;
      while (read(gate_[0], &byte, 1) < 0 && errno == EINTR) {
      }
    });
    while (tid_ == 0) sched_yield();
  }
  ~Thread() {
    close(gate_[1]);
    thread_.join();
    close(gate_[0]);
  }
  pid_t tid() const { return tid_; }

 private:
  int gate_[2] = {-1, -1};
  std::atomic<pid_t> tid_{0};
  std::thread thread_;
};

volatile sig_atomic_t g_usr1_caught = 0;
void CatchUsr1(int) { g_usr1_caught = 1; }

// --- signals: task_kill ---

TEST(CapModeSignal, KillOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    ASSERT_OK(cap_enter());
    // Another user's process: EPERM first without privileges.
    EXPECT_CAPMODE(kill(parent, 0));
    EXPECT_CAPMODE(kill(parent, SIGCONT));
  });
}

TEST(CapModeSignal, KillOfItselfSucceeds) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(kill(getpid(), 0));
    g_usr1_caught = 0;
    ASSERT_NE(SIG_ERR, signal(SIGUSR1, CatchUsr1));
    EXPECT_OK(kill(getpid(), SIGUSR1));
    EXPECT_EQ(1, g_usr1_caught);
  });
}

// Children are signalled through their process descriptor, not by number (FreeBSD: pdkill).
TEST(CapModeSignal, KillOfItsOwnChildIsCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    EXPECT_CAPMODE(kill(child.pid, 0));
    EXPECT_CAPMODE(kill(child.pid, SIGKILL));
    EXPECT_EQ(0, Release(child)) << "the child was killed";
  });
}

TEST(CapModeSignal, TgkillOfItsOwnThreadSucceeds) {
  RunInChild([] {
    Thread thread;
    ASSERT_OK(cap_enter());
    EXPECT_OK(syscall(SYS_tgkill, getpid(), thread.tid(), 0));
    EXPECT_OK(syscall(SYS_tkill, thread.tid(), 0));
    EXPECT_OK(syscall(SYS_tgkill, getpid(), getpid(), 0));
  });
}

TEST(CapModeSignal, TgkillAndTkillOfTheParentAreCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(SYS_tgkill, parent, parent, 0));
    EXPECT_CAPMODE(syscall(SYS_tkill, parent, 0));
  });
}

TEST(CapModeSignal, RtSigqueueinfoToTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(RtSigqueueinfo(parent, 0));
    EXPECT_CAPMODE(RtTgsigqueueinfo(parent, parent, 0));
  });
}

TEST(CapModeSignal, RtSigqueueinfoToItselfSucceeds) {
  RunInChild([] {
    Thread thread;
    ASSERT_OK(cap_enter());
    EXPECT_OK(RtSigqueueinfo(getpid(), 0));
    EXPECT_OK(RtTgsigqueueinfo(getpid(), thread.tid(), 0));
  });
}

TEST(CapModeSignal, PidfdSendSignalThroughPdforkPidfdSucceeds) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    EXPECT_OK(PidfdSendSignal(child.pidfd, SIGKILL));
    const Ending end = Reap(child.pidfd);
    EXPECT_EQ(CLD_KILLED, end.code);
    EXPECT_EQ(SIGKILL, end.status);
  });
}

// pdfork first, sandbox later: the descriptor was noted when clone3 made it.
TEST(CapModeSignal, PidfdSendSignalThroughAPdforkPidfdMadeBeforeCapEnterSucceeds) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    ASSERT_OK(cap_enter());
    EXPECT_OK(PidfdSendSignal(child.pidfd, SIGKILL));
    const Ending end = Reap(child.pidfd);
    EXPECT_EQ(CLD_KILLED, end.code);
    EXPECT_EQ(SIGKILL, end.status);
  });
}

TEST(CapModeSignal, PidfdSendSignalThroughPidfdOpenedBeforeIsCapmode) {
  RunInChild([] {
    const int parent = static_cast<int>(PidfdOpen(getppid()));
    ASSERT_OK(parent);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(PidfdSendSignal(parent, 0));
    EXPECT_CAPMODE(PidfdSendSignal(parent, SIGCONT));
  });
}

// A pidfd_open()'d descriptor of its own child is not a process descriptor either.
TEST(CapModeSignal, PidfdSendSignalToAChildThroughPidfdOpenIsCapmode) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    const int opened = static_cast<int>(PidfdOpen(child.pid));
    ASSERT_OK(opened);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(PidfdSendSignal(opened, SIGKILL));
    EXPECT_EQ(0, Release(child)) << "the child was killed";
  });
}

TEST(CapModeSignal, PidfdSendSignalToItselfThroughPidfdOpenSucceeds) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    const int self = static_cast<int>(PidfdOpen(getpid()));
    ASSERT_OK(self);
    EXPECT_OK(PidfdSendSignal(self, 0));
  });
}

// The module looks the pidfd up again after the kernel did: a thread swapping the slot between
// a process descriptor of a child and a pidfd_open()'d one of another process (the victim) in
// between must never get a signal to the victim.  The victim and the child block SIGUSR1 and
// report at exit whether one is pending.
TEST(CapModeSignal, PidfdSendSignalRacingDup2NeverSignalsAnotherProcess) {
  RunInChild([] {
    BlockSignal(SIGUSR1);  // inherited by both children
    Child victim = Pdfork(SigusrPending);
    Child child = Pdfork(SigusrPending);
    ASSERT_LT(0, victim.pid);
    ASSERT_LT(0, child.pid);
    const int opened = static_cast<int>(PidfdOpen(victim.pid));
    ASSERT_OK(opened);
    ASSERT_OK(cap_enter());
    const int slot = dup(child.pidfd);
    ASSERT_OK(slot);
    std::atomic<bool> stop{false};
    std::thread swapper([&] {
      while (!stop) {
        dup2(opened, slot);
        dup2(child.pidfd, slot);
      }
    });
    long sent = 0, refused = 0, other = 0;
    int other_errno = 0;
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (std::chrono::steady_clock::now() < end) {
      if (PidfdSendSignal(slot, SIGUSR1) == 0) {
        sent++;
      } else if (errno == ECAPMODE) {
        refused++;
      } else {
        other++;
        other_errno = errno;
      }
    }
    stop = true;
    swapper.join();
    printf(
        "[race] pidfd_send_signal through a slot swapped between a pdfork pidfd and a "
        "pidfd_open one: %ld sent, %ld ECAPMODE, %ld other\n",
        sent, refused, other);
    EXPECT_EQ(0, other) << "last other errno " << DescribeErrno(other_errno);
    EXPECT_LT(0, sent) << "no signal went through the pdfork pidfd: no race ran";
    EXPECT_LT(0, refused) << "no signal met the pidfd_open one: no race ran";
    EXPECT_EQ(0, Release(victim)) << "SIGUSR1 reached the victim";
    EXPECT_EQ(1, Release(child)) << "SIGUSR1 never reached the child";
  });
}

// --- other processes: task_setnice, task_setioprio, task_setscheduler, task_prlimit,
//     task_setpgid, task_getsid, task_getpgid, ptrace_access_check ---

TEST(CapModeProcess, SetpriorityOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, parent);
    ASSERT_EQ(0, errno) << DescribeErrno(errno);
    ASSERT_OK(cap_enter());
    // The same value: without privileges, another user's process is EPERM first, and a lower
    // value EACCES.
    EXPECT_CAPMODE(setpriority(PRIO_PROCESS, parent, nice));
  });
}

TEST(CapModeProcess, SetpriorityOfItselfSucceeds) {
  RunInChild([] {
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, 0);
    ASSERT_EQ(0, errno) << DescribeErrno(errno);
    ASSERT_OK(cap_enter());
    EXPECT_OK(setpriority(PRIO_PROCESS, 0, nice + 1));
    EXPECT_OK(setpriority(PRIO_PROCESS, getpid(), nice + 2));
    EXPECT_EQ(nice + 2, getpriority(PRIO_PROCESS, 0));
  });
}

// PRIO_PGRP reaches every member of the group, the parent among them: each is judged.  (The
// guest's processes are in process group 0, which is nobody's: the parent makes its own.)
TEST(CapModeProcess, SetpriorityOfItsProcessGroupIsCapmodeAndLeavesTheParentAlone) {
  RunInChild([] {
    ASSERT_OK(setpgid(0, 0));
    errno = 0;
    const int before = getpriority(PRIO_PROCESS, 0);
    ASSERT_EQ(0, errno) << DescribeErrno(errno);
    RunInChild([before] {
      ASSERT_OK(cap_enter());
      EXPECT_CAPMODE(setpriority(PRIO_PGRP, 0, before + 1));
    });
    EXPECT_EQ(before, getpriority(PRIO_PROCESS, 0));
  });
}

TEST(CapModeProcess, SchedSetaffinityOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    cpu_set_t set;
    ASSERT_OK(sched_getaffinity(parent, sizeof(set), &set));
    ASSERT_OK(cap_enter());
    // Another user's process: EPERM first without CAP_SYS_NICE.
    EXPECT_CAPMODE(sched_setaffinity(parent, sizeof(set), &set));
    EXPECT_OK(sched_setaffinity(0, sizeof(set), &set));
  });
}

TEST(CapModeProcess, SchedSetschedulerOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    struct sched_param param;
    memset(&param, 0, sizeof(param));
    ASSERT_OK(cap_enter());
    // Another user's process: EPERM first without CAP_SYS_NICE.
    EXPECT_CAPMODE(sched_setscheduler(parent, SCHED_OTHER, &param));
    EXPECT_CAPMODE(sched_setparam(parent, &param));
  });
}

TEST(CapModeProcess, SchedSetschedulerOfItselfSucceeds) {
  RunInChild([] {
    struct sched_param param;
    memset(&param, 0, sizeof(param));
    ASSERT_OK(cap_enter());
    EXPECT_OK(sched_setscheduler(0, SCHED_BATCH, &param));
    EXPECT_EQ(SCHED_BATCH, sched_getscheduler(0));
    EXPECT_OK(sched_setparam(getpid(), &param));
  });
}

TEST(CapModeProcess, IoprioSetOfTheParentIsCapmode) {
  SKIP_UNLESS(HasSyscall(SYS_ioprio_get), "ioprio_get (CONFIG_BLOCK)");
  RunInChild([] {
    const pid_t parent = getppid();
    const long prio = syscall(SYS_ioprio_get, kIoprioWhoProcess, parent);
    ASSERT_OK(prio);
    ASSERT_OK(cap_enter());
    // Its current value; without privileges another user's process is EPERM first.
    EXPECT_CAPMODE(syscall(SYS_ioprio_set, kIoprioWhoProcess, parent, prio));
  });
}

TEST(CapModeProcess, IoprioSetOfItselfSucceeds) {
  SKIP_UNLESS(HasSyscall(SYS_ioprio_get), "ioprio_get (CONFIG_BLOCK)");
  RunInChild([] {
    const long prio = (kIoprioClassBe << kIoprioClassShift) | 7;
    ASSERT_OK(cap_enter());
    EXPECT_OK(syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, prio));
    EXPECT_EQ(prio, syscall(SYS_ioprio_get, kIoprioWhoProcess, getpid()));
  });
}

TEST(CapModeProcess, Prlimit64OfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    struct rlimit old;
    ASSERT_OK(cap_enter());
    // Reading is refused too.  Another user's process: EPERM first without
    // CAP_SYS_RESOURCE.
    EXPECT_CAPMODE(prlimit(parent, RLIMIT_NOFILE, nullptr, &old));
  });
}

// prlimit64 of itself never reaches the hook; of another of its threads it does.
TEST(CapModeProcess, Prlimit64OfItselfAndItsThreadsSucceeds) {
  RunInChild([] {
    Thread thread;
    struct rlimit old;
    ASSERT_OK(cap_enter());
    EXPECT_OK(prlimit(0, RLIMIT_NOFILE, nullptr, &old));
    EXPECT_OK(prlimit(getpid(), RLIMIT_NOFILE, nullptr, &old));
    EXPECT_OK(prlimit(thread.tid(), RLIMIT_NOFILE, nullptr, &old));
    EXPECT_OK(prlimit(thread.tid(), RLIMIT_NOFILE, &old, nullptr));
  });
}

// setpgid reaches only the caller and its children (ESRCH otherwise, before any hook).
TEST(CapModeProcess, SetpgidOfItsChildIsCapmode) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(setpgid(child.pid, child.pid));
    EXPECT_CAPMODE(setpgid(child.pid, getpgrp()));
    EXPECT_EQ(0, Release(child));
  });
}

TEST(CapModeProcess, SetpgidOfItselfSucceeds) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(setpgid(0, 0));
    EXPECT_EQ(getpid(), getpgrp());
  });
}

TEST(CapModeProcess, GetsidAndGetpgidOfTheParentAreCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(getsid(parent));
    EXPECT_CAPMODE(getpgid(parent));
  });
}

TEST(CapModeProcess, GetsidAndGetpgidOfItselfSucceed) {
  RunInChild([] {
    const pid_t sid = getsid(0), pgid = getpgrp();
    ASSERT_OK(cap_enter());
    EXPECT_EQ(sid, getsid(0));
    EXPECT_EQ(sid, getsid(getpid()));
    EXPECT_EQ(pgid, getpgid(0));
    EXPECT_EQ(pgid, getpgid(getpid()));
  });
}

TEST(CapModeProcess, PtraceSeizeOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    ASSERT_OK(cap_enter());
    // Without CAP_SYS_PTRACE, Yama (ptrace_scope 1) refuses a non-descendant with EPERM first.
    EXPECT_CAPMODE(ptrace(PTRACE_SEIZE, parent, nullptr, nullptr));
  });
}

TEST(CapModeProcess, PtraceSeizeOfItsChildIsCapmode) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(ptrace(PTRACE_SEIZE, child.pid, nullptr, nullptr));
    EXPECT_EQ(0, Release(child));
  });
}

// pidfd_getfd takes another process's descriptor: the seccomp filter refuses it (the ptrace
// check behind it could only say EPERM).  Outside capability mode the same call works, see
// CapModeOutside.PidfdOpenAndPidfdGetfdOfTheParentSucceed.
TEST(CapModeProcess, PidfdGetfdOfTheParentIsCapmode) {
  RunInChild([] {
    const int parent = static_cast<int>(PidfdOpen(getppid()));
    ASSERT_OK(parent);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(PidfdGetfd(parent, 0));
  });
}

// Stricter than needed (documented): the filter cannot tell the caller's own pidfd from
// another's, so pidfd_getfd on itself is refused too; dup() does the same job.
TEST(CapModeProcess, PidfdGetfdOfItselfIsCapmode) {
  RunInChild([] {
    int p[2];
    ASSERT_OK(pipe2(p, O_CLOEXEC));
    ASSERT_OK(cap_enter());
    const int self = static_cast<int>(PidfdOpen(getpid()));
    ASSERT_OK(self);
    EXPECT_CAPMODE(PidfdGetfd(self, p[1]));
    const int copy = dup(p[1]);
    ASSERT_OK(copy);
    EXPECT_EQ(1, write(copy, "x", 1));
    char byte = 0;
    EXPECT_EQ(1, read(p[0], &byte, 1));
    EXPECT_EQ('x', byte);
  });
}

// move_pages and migrate_pages of another process: the filter refuses any pid but 0 (the
// caller), before the kernel's ptrace check (which could only say EPERM).
TEST(CapModeProcess, MovePagesAndMigratePagesOfTheParentAreCapmode) {
  SKIP_UNLESS(HasSyscall(SYS_move_pages), "move_pages (CONFIG_NUMA)");
  RunInChild([] {
    const pid_t parent = getppid();
    unsigned long mask = 1;
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(SYS_move_pages, parent, 0, nullptr, nullptr, nullptr, 0));
    EXPECT_CAPMODE(syscall(SYS_migrate_pages, parent, 8 * sizeof(mask), &mask, &mask));
    EXPECT_OK(syscall(SYS_move_pages, 0, 0, nullptr, nullptr, nullptr, 0));
    EXPECT_OK(syscall(SYS_migrate_pages, 0, 8 * sizeof(mask), &mask, &mask));
  });
}

// Stricter than needed (documented): the caller's own pid, spelled out, is refused too.
TEST(CapModeProcess, MovePagesOfItselfByPidIsCapmode) {
  SKIP_UNLESS(HasSyscall(SYS_move_pages), "move_pages (CONFIG_NUMA)");
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(SYS_move_pages, getpid(), 0, nullptr, nullptr, nullptr, 0));
  });
}

TEST(CapModeProcess, PidfdOpenOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(PidfdOpen(parent));
  });
}

TEST(CapModeProcess, PidfdOpenOfItsChildIsCapmode) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(PidfdOpen(child.pid));
    EXPECT_EQ(0, Release(child));
  });
}

TEST(CapModeProcess, PidfdOpenOfItselfSucceeds) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    const int self = static_cast<int>(PidfdOpen(getpid()));
    EXPECT_OK(self);
    const int again = static_cast<int>(PidfdOpen(getpid()));
    EXPECT_OK(again);
  });
}

// --- namespaces: task_alloc, userns_create ---

// clone3 passes its flags in memory, where no seccomp filter can read them.  A new user
// namespace is refused by userns_create (before task_alloc); without privileges, the other
// flags would be EPERM, but only after task_alloc.
TEST(CapModeNamespace, Clone3WithANewNamespaceIsCapmode) {
  // Without user namespaces, CLONE_NEWUSER is EINVAL before any hook; the other flags meet
  // task_alloc before the kernel looks whether it has their namespace.
  const bool userns = HasNamespace("user");
  RunInChild([userns] {
    ASSERT_OK(cap_enter());
    const struct {
      uint64_t flag;
      const char* name;
    } flags[] = {
        {CLONE_NEWNS, "CLONE_NEWNS"},     {CLONE_NEWUTS, "CLONE_NEWUTS"},
        {CLONE_NEWIPC, "CLONE_NEWIPC"},   {CLONE_NEWNET, "CLONE_NEWNET"},
        {CLONE_NEWPID, "CLONE_NEWPID"},   {CLONE_NEWCGROUP, "CLONE_NEWCGROUP"},
        {CLONE_NEWTIME, "CLONE_NEWTIME"}, {CLONE_NEWUSER, "CLONE_NEWUSER"},
    };
    for (const auto& f : flags) {
      if (f.flag == CLONE_NEWUSER && !userns) continue;
      SCOPED_TRACE(f.name);
      int pidfd = -1;
      errno = 0;
      const long pid = Clone3WithPidfd(f.flag, &pidfd);
      if (pid == 0) _exit(0);
      EXPECT_EQ(-1, pid);
      EXPECT_EQ(ECAPMODE, errno) << DescribeErrno(errno);
      if (pid > 0) Reap(pidfd);
    }
  });
}

TEST(CapModeNamespace, UnshareOfANewUserNamespaceIsCapmode) {
  SKIP_UNLESS(HasNamespace("user"), "user namespaces (CONFIG_USER_NS)");
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(unshare(CLONE_NEWUSER));
  });
}

TEST(CapModeNamespace, Clone3PlainSucceedsAndTheChildIsInCapabilityMode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    int pidfd = -1;
    const long pid = Clone3WithPidfd(0, &pidfd);
    if (pid == 0) _exit(CapmodeReport());
    ASSERT_OK(pid);
    const Ending end = Reap(pidfd);
    EXPECT_EQ(CLD_EXITED, end.code);
    EXPECT_EQ(0, end.status) << DescribeCapmodeReport(end.status);
  });
}

// --- the owner of a file's signals: file_fcntl, file_ioctl, file_set_fowner,
//     file_send_sigiotask ---

// Process groups are named by a number: the test makes its own group (the guest's processes
// are in group 0, and 0 means "no owner").
TEST(CapModeOwner, FSetownOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    ASSERT_OK(setpgid(0, 0));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(fcntl(sv[0], F_SETOWN, parent));
    // A process group, even its own: a group usually holds the parent.
    EXPECT_CAPMODE(fcntl(sv[0], F_SETOWN, -getpgrp()));
    EXPECT_EQ(0, fcntl(sv[0], F_GETOWN));
  });
}

TEST(CapModeOwner, FSetownOfItselfSucceeds) {
  RunInChild([] {
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    ASSERT_OK(cap_enter());
    EXPECT_OK(fcntl(sv[0], F_SETOWN, getpid()));
    EXPECT_EQ(getpid(), fcntl(sv[0], F_GETOWN));
    EXPECT_OK(fcntl(sv[0], F_SETOWN, 0));
    EXPECT_EQ(0, fcntl(sv[0], F_GETOWN));
  });
}

TEST(CapModeOwner, FSetownExOfTheParentIsCapmode) {
  RunInChild([] {
    const pid_t parent = getppid();
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    ASSERT_OK(setpgid(0, 0));
    ASSERT_OK(cap_enter());
    struct f_owner_ex owner = {F_OWNER_PID, parent};
    EXPECT_CAPMODE(fcntl(sv[0], F_SETOWN_EX, &owner));
    owner = {F_OWNER_TID, parent};
    EXPECT_CAPMODE(fcntl(sv[0], F_SETOWN_EX, &owner));
    owner = {F_OWNER_PGRP, getpgrp()};
    EXPECT_CAPMODE(fcntl(sv[0], F_SETOWN_EX, &owner));
  });
}

TEST(CapModeOwner, FSetownExOfItselfAndItsThreadSucceeds) {
  RunInChild([] {
    Thread thread;
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    ASSERT_OK(cap_enter());
    struct f_owner_ex owner = {F_OWNER_PID, getpid()};
    EXPECT_OK(fcntl(sv[0], F_SETOWN_EX, &owner));
    owner = {F_OWNER_TID, thread.tid()};
    EXPECT_OK(fcntl(sv[0], F_SETOWN_EX, &owner));
    struct f_owner_ex got = {};
    EXPECT_OK(fcntl(sv[0], F_GETOWN_EX, &got));
    EXPECT_EQ(F_OWNER_TID, got.type);
    EXPECT_EQ(thread.tid(), got.pid);
  });
}

TEST(CapModeOwner, FiosetownAndSiocspgrpOfTheParentAreCapmode) {
  RunInChild([] {
    ASSERT_OK(setpgid(0, 0));
    int parent = getppid(), group = -getpgrp();
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(ioctl(sv[0], FIOSETOWN, &parent));
    EXPECT_CAPMODE(ioctl(sv[0], SIOCSPGRP, &parent));
    EXPECT_CAPMODE(ioctl(sv[0], FIOSETOWN, &group));
    int self = getpid();
    EXPECT_OK(ioctl(sv[0], FIOSETOWN, &self));
    EXPECT_OK(ioctl(sv[0], SIOCSPGRP, &self));
    EXPECT_EQ(getpid(), fcntl(sv[0], F_GETOWN));
  });
}

TEST(CapModeOwner, SigioToItselfArrives) {
  RunInChild([] {
    BlockSignal(SIGIO);
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    ASSERT_OK(cap_enter());
    ASSERT_OK(fcntl(sv[0], F_SETOWN, getpid()));
    ASSERT_OK(fcntl(sv[0], F_SETFL, O_ASYNC));
    ASSERT_EQ(1, write(sv[1], "x", 1));
    EXPECT_TRUE(SignalPending(SIGIO));
  });
}

// The sandbox S makes the parent M the owner and then makes the socket ready.  `owner`
// names how; M blocks SIGIO and reports whether it arrived.
enum class OwnerWay { kSetown, kSetownExUnmapped };

bool SigioReachesTheParent(bool capmode, OwnerWay way) {
  BlockSignal(SIGIO);
  fflush(stdout);
  fflush(stderr);
  const pid_t sandbox = fork();
  if (sandbox < 0) {
    ADD_FAILURE() << "fork: " << DescribeErrno(errno);
    return false;
  }
  if (sandbox == 0) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) _exit(10);
    // F_SETOWN_EX's struct in a page the process has never touched: the hook cannot read it
    // without a fault and lets the call through; the kernel then reads it.
    const struct f_owner_ex owner = {F_OWNER_PID, getppid()};
    const int memfd = memfd_create("owner", MFD_CLOEXEC);
    if (memfd < 0 || write(memfd, &owner, sizeof(owner)) != sizeof(owner)) _exit(11);
    void* page = mmap(nullptr, 4096, PROT_READ, MAP_SHARED, memfd, 0);
    if (page == MAP_FAILED) _exit(12);
    if (capmode && cap_enter() != 0) _exit(13);
    const int set = way == OwnerWay::kSetown ? fcntl(sv[0], F_SETOWN, getppid())
                                             : fcntl(sv[0], F_SETOWN_EX, page);
    if (set != 0) _exit(14);
    if (fcntl(sv[0], F_GETOWN) != getppid()) _exit(15);
    if (fcntl(sv[0], F_SETFL, O_ASYNC) != 0) _exit(16);
    if (write(sv[1], "x", 1) != 1) _exit(17);
    _exit(0);
  }
  const int status = WaitForChild(sandbox);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "sandbox " << DescribeWaitStatus(status) << " (10-17: the step that failed)";
  return SignalPending(SIGIO);
}

// A value the hook could not read is caught when the signal goes out: an owner set in
// capability mode gets no signal outside the setter's process (file_send_sigiotask).
TEST(CapModeOwner, FSetownExReadFromAnUnmappedPageStillNeverSignalsTheParent) {
  RunInChild([] { EXPECT_FALSE(SigioReachesTheParent(true, OwnerWay::kSetownExUnmapped)); });
}

// --- creds from before cap_enter() ---

// An io_uring personality holds the creds the task had when it was registered; a request that
// names it runs under them.  After a credential change (setgroups here: a new cred for this
// thread; the old one stays with the ring, unmarked) and cap_enter(), only the task's own (real)
// cred says it is in capability mode: every hook must judge by it, or such a request opens and
// creates by absolute path.
class CapModeCreds : public ::testing::Test {
 protected:
  // Submits `sqe` under that personality from a child the capability-mode process forks (a
  // process that never called cap_enter() itself: only its creds carry the mode), then from the
  // process itself.  -ECAPMODE expected from both.  (The child goes first: a check that finds
  // the old creds in use by a process that entered capability mode marks them.)
  static void ExpectCapmodeUnderAnOldPersonality(struct io_uring_sqe sqe) {
    RunInChild([&] {
      IoUring ring;
      ASSERT_TRUE(ring.Init());
      const long personality = ring.RegisterPersonality();
      ASSERT_OK(personality);
      ASSERT_OK(syscall(SYS_setgroups, 0, nullptr));  // this thread only
      ASSERT_OK(cap_enter());
      sqe.personality = static_cast<uint16_t>(personality);
      int pidfd = -1;
      const long pid = Clone3WithPidfd(0, &pidfd);
      if (pid == 0) {
        const int res = ring.Run(sqe).res;
        printf("[creds] the request from the fork child: %d\n", res);
        fflush(stdout);
        _exit(res == -ECAPMODE ? 0 : 1);
      }
      ASSERT_OK(pid);
      const Ending end = Reap(pidfd);
      EXPECT_EQ(CLD_EXITED, end.code);
      EXPECT_EQ(0, end.status) << "the fork child's request was not refused";
      EXPECT_EQ(-ECAPMODE, ring.Run(sqe).res);
    });
  }
};

TEST_F(CapModeCreds, IoUringOpenatUnderAPersonalityFromBeforeCapEnterIsCapmode) {
  struct io_uring_sqe sqe = PathSqe(IORING_OP_OPENAT, AT_FDCWD, "/");
  sqe.open_flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
  ExpectCapmodeUnderAnOldPersonality(sqe);
}

TEST_F(CapModeCreds, IoUringMkdiratUnderAPersonalityFromBeforeCapEnterIsCapmode) {
  ScratchDir scratch;
  const std::string dir = scratch.Path("made-by-an-old-personality");
  struct io_uring_sqe sqe = PathSqe(IORING_OP_MKDIRAT, AT_FDCWD, dir.c_str());
  sqe.len = 0755;
  ExpectCapmodeUnderAnOldPersonality(sqe);
  EXPECT_FALSE(PathExists(dir));
}

// --- outside capability mode, every hook above lets the same calls through ---

TEST(CapModeOutside, KillTgkillAndRtSigqueueinfoOfTheParentSucceed) {
  RunInChild([] {
    const pid_t parent = getppid();
    EXPECT_OK(kill(parent, 0));
    EXPECT_OK(syscall(SYS_tgkill, parent, parent, 0));
    EXPECT_OK(RtSigqueueinfo(parent, 0));
  });
}

TEST(CapModeOutside, PidfdSendSignalThroughPidfdOpenSucceeds) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    const int opened = static_cast<int>(PidfdOpen(child.pid));
    ASSERT_OK(opened);
    EXPECT_OK(PidfdSendSignal(opened, SIGKILL));
    const Ending end = Reap(child.pidfd);
    EXPECT_EQ(CLD_KILLED, end.code);
  });
}

TEST(CapModeOutside, SetpriorityIoprioSchedAndPrlimitOfTheParentSucceed) {
  const bool ioprio = HasSyscall(SYS_ioprio_get), move_pages = HasSyscall(SYS_move_pages);
  RunInChild([=] {
    const pid_t parent = getppid();
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, parent);
    ASSERT_EQ(0, errno);
    EXPECT_OK(setpriority(PRIO_PROCESS, parent, nice));
    if (ioprio) {
      const long prio = syscall(SYS_ioprio_get, kIoprioWhoProcess, parent);
      ASSERT_OK(prio);
      EXPECT_OK(syscall(SYS_ioprio_set, kIoprioWhoProcess, parent, prio));
    }
    cpu_set_t set;
    ASSERT_OK(sched_getaffinity(parent, sizeof(set), &set));
    EXPECT_OK(sched_setaffinity(parent, sizeof(set), &set));
    struct sched_param param;
    memset(&param, 0, sizeof(param));
    EXPECT_OK(sched_setscheduler(parent, SCHED_OTHER, &param));
    struct rlimit old;
    EXPECT_OK(prlimit(parent, RLIMIT_NOFILE, nullptr, &old));
    if (move_pages) {
      unsigned long mask = 1;
      EXPECT_OK(syscall(SYS_move_pages, parent, 0, nullptr, nullptr, nullptr, 0));
      EXPECT_OK(syscall(SYS_migrate_pages, parent, 8 * sizeof(mask), &mask, &mask));
    }
  });
}

TEST(CapModeOutside, SetpgidOfAChildAndGetsidAndGetpgidOfTheParentSucceed) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    EXPECT_OK(setpgid(child.pid, child.pid));
    EXPECT_EQ(child.pid, getpgid(child.pid));
    EXPECT_EQ(0, Release(child));
    EXPECT_OK(getsid(getppid()));
    EXPECT_OK(getpgid(getppid()));
  });
}

TEST(CapModeOutside, PtraceSeizeOfAChildSucceeds) {
  RunInChild([] {
    Child child = Pdfork();
    ASSERT_LT(0, child.pid);
    EXPECT_OK(ptrace(PTRACE_SEIZE, child.pid, nullptr, nullptr));
    EXPECT_EQ(0, Release(child));
  });
}

TEST(CapModeOutside, PidfdOpenAndPidfdGetfdOfTheParentSucceed) {
  RunInChild([] {
    const int parent = static_cast<int>(PidfdOpen(getppid()));
    ASSERT_OK(parent);
    const int copy = static_cast<int>(PidfdGetfd(parent, 0));
    EXPECT_OK(copy);
  });
}

TEST(CapModeOutside, Clone3WithANewNamespaceSucceeds) {
  SKIP_UNLESS(HasNamespace("uts") && HasNamespace("mnt"), "UTS and mount namespaces");
  RunInChild([] {
    int pidfd = -1;
    const long pid = Clone3WithPidfd(CLONE_NEWUTS | CLONE_NEWNS, &pidfd);
    if (pid == 0) _exit(0);
    ASSERT_OK(pid);
    const Ending end = Reap(pidfd);
    EXPECT_EQ(CLD_EXITED, end.code);
  });
}

TEST(CapModeOutside, UnshareOfAUserNamespaceSucceeds) {
  SKIP_UNLESS(HasNamespace("user"), "user namespaces (CONFIG_USER_NS)");
  RunInChild([] { EXPECT_OK(unshare(CLONE_NEWUSER)); });
}

TEST(CapModeOutside, FSetownFSetownExAndFiosetownOfTheParentSucceed) {
  RunInChild([] {
    int parent = getppid();
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    EXPECT_OK(fcntl(sv[0], F_SETOWN, parent));
    EXPECT_EQ(parent, fcntl(sv[0], F_GETOWN));
    struct f_owner_ex owner = {F_OWNER_PID, parent};
    EXPECT_OK(fcntl(sv[0], F_SETOWN_EX, &owner));
    EXPECT_OK(ioctl(sv[1], FIOSETOWN, &parent));
    EXPECT_EQ(parent, fcntl(sv[1], F_GETOWN));
  });
}

// The same way as FSetownExReadFromAnUnmappedPageStillNeverSignalsTheParent, without
// capability mode: the signal arrives, so the test above does test the hook.
TEST(CapModeOutside, SigioReachesTheParent) {
  RunInChild([] { EXPECT_TRUE(SigioReachesTheParent(false, OwnerWay::kSetownExUnmapped)); });
  RunInChild([] { EXPECT_TRUE(SigioReachesTheParent(false, OwnerWay::kSetown)); });
}

}  // namespace
}  // namespace capsicum_e2e
