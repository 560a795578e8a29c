// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: tracing capability violations and trapping on them (ABI 4).
//
// CAPSICUM_IOC_TRACE_OPEN and its events (exact fields), the pid filter, the ring that drops
// rather than blocks, who may trace; capsicumctl trace's text and JSON lines; the trap
// switches (global: CAPSICUM_IOC_TRAPCAP_CTL, per process: procctl(PROC_TRAPCAP_CTL)), which
// turn a violation in capability mode into SIGTRAP.  The test process runs as root; every
// test that enters capability mode or drops root does so in a forked child.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/procctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "capsicum_test.h"
#include "raw_syscalls.h"

namespace capsicum_e2e {
namespace {

using Events = std::vector<capsicum_trace_event>;

// A descriptor that closes itself.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int Device() { return open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC); }

capsicum_trace_open TraceRequest(pid_t pid) {
  capsicum_trace_open o = {};
  o.size = sizeof(o);
  o.pid = pid;
  return o;
}

// A tracer for `pid` (0: every process), non-blocking; -1 with errno on failure.
int OpenTracer(pid_t pid) {
  Fd dev(Device());
  if (dev.get() < 0) return -1;
  capsicum_trace_open o = TraceRequest(pid);
  const int fd = ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, &o);
  if (fd >= 0) fcntl(fd, F_SETFL, O_NONBLOCK);
  return fd;
}

// Every event the tracer holds now.
Events Drain(int tracer) {
  Events out;
  capsicum_trace_event buf[16];
  for (;;) {
    const ssize_t n = read(tracer, buf, sizeof(buf));
    if (n <= 0) {
      EXPECT_EQ(-1, n);
      EXPECT_EQ(EAGAIN, errno) << DescribeErrno(errno);
      return out;
    }
    EXPECT_EQ(0u, static_cast<size_t>(n) % sizeof(buf[0]));
    out.insert(out.end(), buf, buf + n / sizeof(buf[0]));
  }
}

// A scratch file opened O_RDWR and limited to CAP_WRITE|CAP_SEEK: read(2) on it is refused.
class TraceTest : public ::testing::Test {
 protected:
  int OpenWriteOnly() {
    const std::string path = scratch_.Path("data");
    WriteFile(path, "0123456789");
    return OpenLimited(path, O_RDWR, Rights({CAP_WRITE, CAP_SEEK}));
  }
  // Refuses one read(2) on a fresh write-only descriptor; returns the descriptor's number.
  int DenyRead() {
    const int fd = OpenWriteOnly();
    EXPECT_OK(fd);
    char c;
    EXPECT_NOTCAPABLE(read(fd, &c, 1));
    close(fd);
    return fd;
  }

  ScratchDir scratch_;
};

using Trace = TraceTest;
using TraceCli = TraceTest;
using Trap = TraceTest;

void ExpectReadEvent(const capsicum_trace_event& ev, pid_t pid, pid_t tid, int fd) {
  EXPECT_EQ(sizeof(ev), ev.size);
  EXPECT_EQ(static_cast<unsigned>(ENOTCAPABLE), ev.error);
  EXPECT_EQ(pid, ev.pid);
  EXPECT_EQ(tid, ev.tid);
  EXPECT_EQ(SYS_read, ev.syscall);
  EXPECT_EQ(fd, ev.fd);
  EXPECT_EQ(static_cast<unsigned>(CAPSICUM_TRACE_RIGHTS), ev.flags);
  EXPECT_EQ(0u, ev.dropped);
  EXPECT_RIGHTS_EQ(Rights({CAP_READ}), ev.needed);
  EXPECT_RIGHTS_EQ(Rights({CAP_WRITE, CAP_SEEK}), ev.held);
  EXPECT_STREQ("capsicum-e2e", ev.comm);
}

TEST_F(Trace, ReadOnLimitedDescriptorGivesItsExactEvent) {
  Fd tracer(OpenTracer(getpid()));
  ASSERT_OK(tracer.get());
  EXPECT_TRUE(Drain(tracer.get()).empty());
  const int fd = DenyRead();
  const Events events = Drain(tracer.get());
  ASSERT_EQ(1u, events.size());
  ExpectReadEvent(events[0], getpid(), gettid(), fd);
}

TEST_F(Trace, AllowedCallsAndOtherErrorsGiveNoEvent) {
  Fd tracer(OpenTracer(getpid()));
  ASSERT_OK(tracer.get());
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  EXPECT_EQ(1, write(fd, "x", 1));
  char c;
  EXPECT_SYSCALL_FAIL(EBADF, read(1000, &c, 1));
  close(fd);
  EXPECT_TRUE(Drain(tracer.get()).empty());
}

TEST_F(Trace, CapabilityModeRefusalHasNoRights) {
  Fd tracer(OpenTracer(0));
  ASSERT_OK(tracer.get());
  const pid_t parent = getpid();
  pid_t child = fork();
  ASSERT_OK(child);
  if (child == 0) {
    if (cap_enter() != 0) _exit(2);
    _exit(kill(parent, 0) == -1 && errno == ECAPMODE ? 0 : 3);
  }
  const int status = WaitForChild(child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  const Events events = Drain(tracer.get());
  ASSERT_EQ(1u, events.size());
  const capsicum_trace_event& ev = events[0];
  EXPECT_EQ(static_cast<unsigned>(ECAPMODE), ev.error);
  EXPECT_EQ(child, ev.pid);
  EXPECT_EQ(child, ev.tid);
  EXPECT_EQ(SYS_kill, ev.syscall);
  EXPECT_EQ(-1, ev.fd);
  EXPECT_EQ(0u, ev.flags);
  // No rights in the event: both sets are left all zero (not even a version).
  EXPECT_EQ(0u, ev.needed.cr_rights[0] | ev.needed.cr_rights[1]);
  EXPECT_EQ(0u, ev.held.cr_rights[0] | ev.held.cr_rights[1]);
}

TEST_F(Trace, Ia32CallIsMarkedWithItsOwnNumber) {
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  Fd tracer(OpenTracer(0));
  ASSERT_OK(tracer.get());
  // The hook refuses before the buffer is touched: no low page is needed.
  RunInChild([fd] { EXPECT_EQ(-ENOTCAPABLE, Int80(kIa32Read, fd, 0, 1)); });
  const Events events = Drain(tracer.get());
  ASSERT_EQ(1u, events.size());
  EXPECT_EQ(static_cast<unsigned>(CAPSICUM_TRACE_RIGHTS | CAPSICUM_TRACE_IA32), events[0].flags);
  EXPECT_EQ(kIa32Read, events[0].syscall);
  EXPECT_EQ(fd, events[0].fd);
  EXPECT_RIGHTS_EQ(Rights({CAP_READ}), events[0].needed);
  close(fd);
}

// Two children wait for a byte, then each refuse one read; the tracer of one sees only it.
TEST_F(Trace, PidFilterSeesOnlyThatProcess) {
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  int go[2];
  ASSERT_OK(pipe2(go, O_CLOEXEC));
  pid_t kids[2];
  for (pid_t& kid : kids) {
    kid = fork();
    ASSERT_OK(kid);
    if (kid == 0) {
      char c;
      if (read(go[0], &c, 1) != 1) _exit(2);
      _exit(read(fd, &c, 1) == -1 && errno == ENOTCAPABLE ? 0 : 3);
    }
  }
  Fd only_first(OpenTracer(kids[0]));
  Fd every(OpenTracer(0));
  ASSERT_OK(only_first.get());
  ASSERT_OK(every.get());
  ASSERT_EQ(2, write(go[1], "gg", 2));
  for (pid_t kid : kids) {
    const int status = WaitForChild(kid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  }
  close(go[0]);
  close(go[1]);
  close(fd);
  const Events first = Drain(only_first.get());
  ASSERT_EQ(1u, first.size());
  ExpectReadEvent(first[0], kids[0], kids[0], fd);
  Events all = Drain(every.get());
  ASSERT_EQ(2u, all.size());
  EXPECT_TRUE((all[0].pid == kids[0] && all[1].pid == kids[1]) ||
              (all[0].pid == kids[1] && all[1].pid == kids[0]));
}

TEST_F(Trace, FullRingDropsAndCountsInsteadOfBlocking) {
  Fd tracer(OpenTracer(getpid()));
  ASSERT_OK(tracer.get());
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  constexpr int kExtra = 44;
  char c;
  for (int i = 0; i < CAPSICUM_TRACE_RING + kExtra; i++) {
    ASSERT_EQ(-1, read(fd, &c, 1));
    ASSERT_EQ(ENOTCAPABLE, errno);
  }
  Events events = Drain(tracer.get());
  ASSERT_EQ(static_cast<size_t>(CAPSICUM_TRACE_RING), events.size());
  for (const capsicum_trace_event& ev : events) EXPECT_EQ(0u, ev.dropped);
  EXPECT_NOTCAPABLE(read(fd, &c, 1));
  events = Drain(tracer.get());
  ASSERT_EQ(1u, events.size());
  EXPECT_EQ(static_cast<unsigned>(kExtra), events[0].dropped);
  close(fd);
}

TEST_F(Trace, ReadPollAndBufferSize) {
  Fd tracer(OpenTracer(getpid()));
  ASSERT_OK(tracer.get());
  capsicum_trace_event ev[2];
  EXPECT_SYSCALL_FAIL(EAGAIN, read(tracer.get(), ev, sizeof(ev)));
  struct pollfd p = {tracer.get(), POLLIN, 0};
  EXPECT_EQ(0, poll(&p, 1, 0));
  DenyRead();
  p.revents = 0;
  EXPECT_EQ(1, poll(&p, 1, 0));
  EXPECT_EQ(POLLIN, p.revents & POLLIN);
  // Smaller than one record: EINVAL, and the event stays.
  EXPECT_SYSCALL_FAIL(EINVAL, read(tracer.get(), ev, sizeof(ev[0]) - 1));
  // One and a half records: one is returned.
  EXPECT_EQ(static_cast<ssize_t>(sizeof(ev[0])),
            read(tracer.get(), ev, sizeof(ev[0]) + sizeof(ev[0]) / 2));
  EXPECT_EQ(SYS_read, ev[0].syscall);
  EXPECT_SYSCALL_FAIL(EAGAIN, read(tracer.get(), ev, sizeof(ev)));
  // The descriptor is close-on-exec.
  EXPECT_EQ(FD_CLOEXEC, fcntl(tracer.get(), F_GETFD) & FD_CLOEXEC);
}

TEST_F(Trace, BlockingReadWaitsForTheNextEvent) {
  Fd tracer(OpenTracer(0));
  ASSERT_OK(tracer.get());
  fcntl(tracer.get(), F_SETFL, 0);
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  const pid_t child = fork();
  ASSERT_OK(child);
  if (child == 0) {
    usleep(200 * 1000);
    char c;
    _exit(read(fd, &c, 1) == -1 && errno == ENOTCAPABLE ? 0 : 3);
  }
  capsicum_trace_event ev;
  EXPECT_EQ(static_cast<ssize_t>(sizeof(ev)), read(tracer.get(), &ev, sizeof(ev)));
  EXPECT_EQ(child, ev.pid);
  const int status = WaitForChild(child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  close(fd);
}

TEST_F(Trace, BadArgumentsAreRefusedExactly) {
  Fd dev(Device());
  ASSERT_OK(dev.get());
  capsicum_trace_open o = TraceRequest(0);
  o.size = CAPSICUM_TRACE_OPEN_SIZE_VER0 - 4;
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, &o));
  o = TraceRequest(-1);
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, &o));
  o = TraceRequest(0);
  o.flags = 1;
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, &o));
  o = TraceRequest(0);
  o.__reserved = 1;
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, &o));
  struct {
    capsicum_trace_open o;
    uint32_t later;
  } bigger = {TraceRequest(0), 1};
  bigger.o.size = sizeof(bigger);
  EXPECT_SYSCALL_FAIL(E2BIG, ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, &bigger));
  EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, nullptr));
}

TEST_F(Trace, AtMostMaxTracersAreOpen) {
  std::vector<int> fds;
  for (int i = 0; i < CAPSICUM_TRACE_MAX; i++) {
    const int fd = OpenTracer(0);
    EXPECT_OK(fd);
    fds.push_back(fd);
  }
  EXPECT_SYSCALL_FAIL(EBUSY, OpenTracer(0));
  close(fds.back());
  fds.pop_back();
  const int again = OpenTracer(0);
  EXPECT_OK(again);
  fds.push_back(again);
  for (int fd : fds) close(fd);
}

TEST_F(Trace, UnprivilegedProcessMayNotTrace) {
  RunInChild([] {
    ASSERT_OK(setresuid(65534, 65534, 65534));
    EXPECT_SYSCALL_FAIL(EPERM, OpenTracer(0));
    EXPECT_SYSCALL_FAIL(EPERM, OpenTracer(getpid()));
  });
}

TEST_F(Trace, CapabilityModeMayNotTrace) {
  RunInChild([] {
    Fd dev(Device());
    ASSERT_OK(dev.get());
    ASSERT_OK(cap_enter());
    capsicum_trace_open o = TraceRequest(getpid());
    EXPECT_CAPMODE(ioctl(dev.get(), CAPSICUM_IOC_TRACE_OPEN, &o));
  });
}

// --- capsicumctl trace ---

// capsicumctl with `args`, stdout and stderr on pipes; waits until it says it is tracing.
struct Ctl {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
};

Ctl StartCtl(const std::vector<std::string>& args, bool wait_for_tracing = true) {
  Ctl ctl;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return ctl;
  ctl.pid = fork();
  if (ctl.pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>("capsicumctl"));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp("capsicumctl", argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  ctl.out = out[0];
  ctl.err = err[0];
  if (wait_for_tracing) {
    std::string said;
    char c;
    while (said.find('\n') == std::string::npos) {
      struct pollfd p = {ctl.err, POLLIN, 0};
      if (poll(&p, 1, 20000) != 1 || read(ctl.err, &c, 1) != 1) break;
      said += c;
    }
    EXPECT_NE(std::string::npos, said.find("tracing capability violations")) << said;
  }
  return ctl;
}

// Everything `fd` gives until EOF (20 s at most).
std::string ReadToEnd(int fd) {
  std::string s;
  char buf[512];
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 20000) != 1) break;
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) break;
    s.append(buf, n);
  }
  close(fd);
  return s;
}

// The exit status, stdout and stderr of a capsicumctl run.
struct CtlResult {
  int status = -1;
  std::string out, err;
};

CtlResult FinishCtl(const Ctl& ctl) {
  CtlResult r;
  r.out = ReadToEnd(ctl.out);
  r.err = ReadToEnd(ctl.err);
  r.status = WaitForChild(ctl.pid);
  return r;
}

TEST_F(TraceCli, TextLineOfAKnownDenial) {
  const Ctl ctl = StartCtl({"trace", "--pid", std::to_string(getpid()), "--count", "1"});
  ASSERT_GT(ctl.pid, 0);
  const int fd = DenyRead();
  const CtlResult r = FinishCtl(ctl);
  EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) << DescribeWaitStatus(r.status);
  EXPECT_EQ("pid=" + std::to_string(getpid()) + " tid=" + std::to_string(gettid()) +
                " comm=capsicum-e2e syscall=read fd=" + std::to_string(fd) +
                " needed=CAP_READ held=CAP_WRITE|CAP_SEEK errno=ENOTCAPABLE\n",
            r.out);
}

TEST_F(TraceCli, PidOptionShowsOnlyThatProcess) {
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  int go[2];
  ASSERT_OK(pipe2(go, O_CLOEXEC));
  const pid_t other = fork();
  ASSERT_OK(other);
  if (other == 0) {
    char c;
    if (read(go[0], &c, 1) != 1) _exit(2);
    _exit(read(fd, &c, 1) == -1 && errno == ENOTCAPABLE ? 0 : 3);
  }
  const Ctl ctl = StartCtl({"trace", "--count", "1", "--pid", std::to_string(getpid())});
  ASSERT_GT(ctl.pid, 0);
  // The other process is refused first; the tracer must skip it.
  ASSERT_EQ(1, write(go[1], "g", 1));
  const int status = WaitForChild(other);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  char c;
  EXPECT_NOTCAPABLE(read(fd, &c, 1));
  const CtlResult r = FinishCtl(ctl);
  EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) << DescribeWaitStatus(r.status);
  EXPECT_EQ(0u, r.out.rfind("pid=" + std::to_string(getpid()) + " ", 0)) << r.out;
  EXPECT_EQ(std::string::npos, r.out.find("pid=" + std::to_string(other) + " ")) << r.out;
  close(go[0]);
  close(go[1]);
  close(fd);
}

TEST_F(TraceCli, JsonLineParses) {
  const Ctl ctl = StartCtl({"trace", "--json", "--pid", std::to_string(getpid()), "--count", "2"});
  ASSERT_GT(ctl.pid, 0);
  const int fd = DenyRead();
  const int fd2 = DenyRead();
  const CtlResult r = FinishCtl(ctl);
  EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) << DescribeWaitStatus(r.status);
  std::vector<nlohmann::json> objects;
  size_t start = 0;
  while (start < r.out.size()) {
    const size_t nl = r.out.find('\n', start);
    ASSERT_NE(std::string::npos, nl) << r.out;
    objects.push_back(nlohmann::json::parse(r.out.substr(start, nl - start)));
    start = nl + 1;
  }
  ASSERT_EQ(2u, objects.size()) << r.out;
  const int fds[2] = {fd, fd2};
  for (int i = 0; i < 2; i++) {
    const nlohmann::json& j = objects[i];
    EXPECT_EQ(getpid(), j.at("pid").get<int>());
    EXPECT_EQ(gettid(), j.at("tid").get<int>());
    EXPECT_EQ("capsicum-e2e", j.at("comm").get<std::string>());
    EXPECT_EQ("read", j.at("syscall").get<std::string>());
    EXPECT_EQ(SYS_read, j.at("syscall_nr").get<int>());
    EXPECT_EQ("x86_64", j.at("abi").get<std::string>());
    EXPECT_EQ(fds[i], j.at("fd").get<int>());
    EXPECT_EQ(std::vector<std::string>({"CAP_READ"}),
              j.at("needed").get<std::vector<std::string>>());
    EXPECT_EQ(std::vector<std::string>({"CAP_WRITE", "CAP_SEEK"}),
              j.at("held").get<std::vector<std::string>>());
    EXPECT_EQ(ENOTCAPABLE, j.at("errno").get<int>());
    EXPECT_EQ("ENOTCAPABLE", j.at("error").get<std::string>());
    EXPECT_FALSE(j.at("trapped").get<bool>());
    EXPECT_EQ(0, j.at("dropped").get<int>());
  }
}

TEST_F(TraceCli, UnprivilegedIsToldWhy) {
  RunInChild([] {
    ASSERT_OK(setresuid(65534, 65534, 65534));
    const Ctl ctl = StartCtl({"trace"}, false);
    ASSERT_GT(ctl.pid, 0);
    const CtlResult r = FinishCtl(ctl);
    EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1) << DescribeWaitStatus(r.status);
    EXPECT_EQ("capsicumctl: trace: tracing needs CAP_SYS_ADMIN (run as root) (EPERM)\n", r.err);
    EXPECT_EQ("", r.out);
  });
}

TEST_F(TraceCli, NoSuchProcess) {
  const Ctl ctl = StartCtl({"trace", "--pid", "999999"}, false);
  ASSERT_GT(ctl.pid, 0);
  const CtlResult r = FinishCtl(ctl);
  EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1) << DescribeWaitStatus(r.status);
  EXPECT_EQ("capsicumctl: trace: no process 999999 (ESRCH)\n", r.err);
}

// --- the trap switches ---

capsicum_trapcap TrapcapArg(uint32_t size, uint32_t scope, uint32_t state, uint32_t reserved) {
  capsicum_trapcap a = {};
  a.size = size;
  a.scope = scope;
  a.state = state;
  a.__reserved = reserved;
  return a;
}

int Trapcap(unsigned long cmd, uint32_t scope, uint32_t* state) {
  Fd dev(Device());
  if (dev.get() < 0) return -1;
  capsicum_trapcap a = {};
  a.size = sizeof(a);
  a.scope = scope;
  a.state = *state;
  const int ret = ioctl(dev.get(), cmd, &a);
  *state = a.state;
  return ret;
}

uint32_t GlobalState() {
  uint32_t state = 0;
  EXPECT_OK(Trapcap(CAPSICUM_IOC_TRAPCAP_STATUS, CAPSICUM_TRAPCAP_GLOBAL, &state));
  return state;
}

// The global switch on for the length of a scope, and off again whatever happens.
class GlobalTrapOn {
 public:
  GlobalTrapOn() {
    uint32_t on = CAPSICUM_TRAPCAP_ENABLE;
    EXPECT_OK(Trapcap(CAPSICUM_IOC_TRAPCAP_CTL, CAPSICUM_TRAPCAP_GLOBAL, &on));
  }
  ~GlobalTrapOn() {
    uint32_t off = CAPSICUM_TRAPCAP_DISABLE;
    EXPECT_OK(Trapcap(CAPSICUM_IOC_TRAPCAP_CTL, CAPSICUM_TRAPCAP_GLOBAL, &off));
  }
};

// Forks a child that runs `setup`, enters capability mode if `capmode`, and reads from
// write-only descriptor `fd`; returns its wait status.  Exit 0: the read was refused with
// ENOTCAPABLE and nothing killed the child.
int ChildReadsInSandbox(int fd, bool capmode, const std::function<void()>& setup = nullptr) {
  const pid_t child = fork();
  if (child == 0) {
    if (setup) setup();
    if (capmode && cap_enter() != 0) _exit(2);
    char c;
    _exit(read(fd, &c, 1) == -1 && errno == ENOTCAPABLE ? 0 : 3);
  }
  return child < 0 ? -1 : WaitForChild(child);
}

bool KilledBySigtrap(int status) { return WIFSIGNALED(status) && WTERMSIG(status) == SIGTRAP; }
bool ExitedZero(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

TEST_F(Trap, GlobalSwitchSendsSigtrapInCapabilityModeOnlyWhenOn) {
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  ASSERT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_DISABLE), GlobalState());
  int status = ChildReadsInSandbox(fd, true);
  EXPECT_TRUE(ExitedZero(status)) << DescribeWaitStatus(status);
  {
    GlobalTrapOn on;
    EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_ENABLE), GlobalState());
    status = ChildReadsInSandbox(fd, true);
    EXPECT_TRUE(KilledBySigtrap(status)) << DescribeWaitStatus(status);
    // Outside capability mode a violation does not trap (FreeBSD's rule).
    status = ChildReadsInSandbox(fd, false);
    EXPECT_TRUE(ExitedZero(status)) << DescribeWaitStatus(status);
  }
  EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_DISABLE), GlobalState());
  status = ChildReadsInSandbox(fd, true);
  EXPECT_TRUE(ExitedZero(status)) << DescribeWaitStatus(status);
  close(fd);
}

TEST_F(Trap, GlobalSwitchTrapsCapabilityModeRefusalsOfHooks) {
  GlobalTrapOn on;
  const pid_t parent = getpid();
  const pid_t child = fork();
  ASSERT_OK(child);
  if (child == 0) {
    if (cap_enter() != 0) _exit(2);
    kill(parent, 0);  // ECAPMODE from the task_kill hook
    _exit(0);
  }
  const int status = WaitForChild(child);
  EXPECT_TRUE(KilledBySigtrap(status)) << DescribeWaitStatus(status);
}

void EnableProcessTrap() {
  int state = PROC_TRAPCAP_CTL_ENABLE;
  if (procctl(P_PID, 0, PROC_TRAPCAP_CTL, &state) != 0) _exit(4);
}

TEST_F(Trap, ProcessSwitchTrapsAndIsInheritedByFork) {
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  int status = ChildReadsInSandbox(fd, true, EnableProcessTrap);
  EXPECT_TRUE(KilledBySigtrap(status)) << DescribeWaitStatus(status);
  // Set in one process, inherited by the child it forks afterwards.
  status = ChildReadsInSandbox(fd, false, [fd] {
    EnableProcessTrap();
    const int inner = ChildReadsInSandbox(fd, true);
    _exit(KilledBySigtrap(inner) ? 0 : 5);
  });
  EXPECT_TRUE(ExitedZero(status)) << DescribeWaitStatus(status);
  // Switched off again: no trap.
  status = ChildReadsInSandbox(fd, true, [] {
    EnableProcessTrap();
    int state = PROC_TRAPCAP_CTL_DISABLE;
    if (procctl(P_PID, getpid(), PROC_TRAPCAP_CTL, &state) != 0) _exit(4);
  });
  EXPECT_TRUE(ExitedZero(status)) << DescribeWaitStatus(status);
  // The parent's own switch never moved.
  int state = -1;
  EXPECT_OK(procctl(P_PID, 0, PROC_TRAPCAP_STATUS, &state));
  EXPECT_EQ(PROC_TRAPCAP_CTL_DISABLE, state);
  close(fd);
}

// FreeBSD keeps P2_TRAPCAP across execve: so does the cred that carries it here.
TEST_F(Trap, ProcessSwitchIsKeptAcrossExec) {
  for (const bool on : {true, false}) {
    const pid_t child = fork();
    ASSERT_OK(child);
    if (child == 0) {
      if (on) EnableProcessTrap();
      execl("/proc/self/exe", "capsicum-e2e", kReportTrapcapFlag, nullptr);
      _exit(kExitExecFailed);
    }
    const int status = WaitForChild(child);
    ASSERT_TRUE(WIFEXITED(status)) << DescribeWaitStatus(status);
    EXPECT_EQ(on ? PROC_TRAPCAP_CTL_ENABLE : PROC_TRAPCAP_CTL_DISABLE, WEXITSTATUS(status));
  }
}

siginfo_t g_trap_info;
volatile sig_atomic_t g_traps = 0;

void OnTrap(int, siginfo_t* info, void*) {
  g_trap_info = *info;
  g_traps = g_traps + 1;
}

TEST_F(Trap, SiginfoSaysErrnoAndSyscall) {
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  RunInChild([fd] {
    struct sigaction sa = {};
    sa.sa_sigaction = OnTrap;
    sa.sa_flags = SA_SIGINFO;
    ASSERT_OK(sigaction(SIGTRAP, &sa, nullptr));
    int state = PROC_TRAPCAP_CTL_ENABLE;
    ASSERT_OK(procctl(P_PID, 0, PROC_TRAPCAP_CTL, &state));
    state = 0;
    ASSERT_OK(procctl(P_PID, 0, PROC_TRAPCAP_STATUS, &state));
    EXPECT_EQ(PROC_TRAPCAP_CTL_ENABLE, state);
    ASSERT_OK(cap_enter());
    char c;
    EXPECT_NOTCAPABLE(read(fd, &c, 1));
    EXPECT_EQ(1, g_traps);
    EXPECT_EQ(SIGTRAP, g_trap_info.si_signo);
    EXPECT_EQ(CAPSICUM_TRAP_CAP, g_trap_info.si_code);
    EXPECT_EQ(ENOTCAPABLE, g_trap_info.si_errno);
    EXPECT_EQ(SYS_read, g_trap_info.si_syscall);
    // Refused in capability mode, as FreeBSD's procctl is: the switch stays on.
    state = PROC_TRAPCAP_CTL_DISABLE;
    EXPECT_CAPMODE(procctl(P_PID, 0, PROC_TRAPCAP_CTL, &state));
    EXPECT_CAPMODE(procctl(P_PID, 0, PROC_TRAPCAP_STATUS, &state));
    EXPECT_EQ(PROC_TRAPCAP_CTL_DISABLE, state);
    EXPECT_NOTCAPABLE(read(fd, &c, 1));
    EXPECT_EQ(2, g_traps);
  });
  close(fd);
}

TEST_F(Trap, TracerMarksTrappedEvents) {
  const int fd = OpenWriteOnly();
  ASSERT_OK(fd);
  Fd tracer(OpenTracer(0));
  ASSERT_OK(tracer.get());
  const int status = ChildReadsInSandbox(fd, true, EnableProcessTrap);
  EXPECT_TRUE(KilledBySigtrap(status)) << DescribeWaitStatus(status);
  const Events events = Drain(tracer.get());
  ASSERT_EQ(1u, events.size());
  EXPECT_EQ(static_cast<unsigned>(CAPSICUM_TRACE_RIGHTS | CAPSICUM_TRACE_TRAPPED), events[0].flags);
  close(fd);
}

TEST_F(Trap, ProcctlBadArgumentsChangeNothing) {
  RunInChild([] {
    int state = PROC_TRAPCAP_CTL_ENABLE;
    EXPECT_SYSCALL_FAIL(EINVAL, procctl(P_PID, 0, 99, &state));
    EXPECT_SYSCALL_FAIL(EINVAL, procctl(P_PGID, 0, PROC_TRAPCAP_CTL, &state));
    EXPECT_SYSCALL_FAIL(EPERM, procctl(P_PID, getppid(), PROC_TRAPCAP_CTL, &state));
    EXPECT_SYSCALL_FAIL(EFAULT, procctl(P_PID, 0, PROC_TRAPCAP_CTL, nullptr));
    EXPECT_SYSCALL_FAIL(EFAULT, procctl(P_PID, 0, PROC_TRAPCAP_STATUS, nullptr));
    state = 3;
    EXPECT_SYSCALL_FAIL(EINVAL, procctl(P_PID, 0, PROC_TRAPCAP_CTL, &state));
    state = -1;
    ASSERT_OK(procctl(P_PID, 0, PROC_TRAPCAP_STATUS, &state));
    EXPECT_EQ(PROC_TRAPCAP_CTL_DISABLE, state);
    ASSERT_OK(cap_enter());
    // In capability mode every call is ECAPMODE, before its arguments are looked at.
    state = PROC_TRAPCAP_CTL_ENABLE;
    EXPECT_CAPMODE(procctl(P_PID, getppid(), PROC_TRAPCAP_CTL, &state));
    EXPECT_CAPMODE(procctl(P_PID, 0, PROC_TRAPCAP_CTL, &state));
    EXPECT_CAPMODE(procctl(P_PID, getpid(), PROC_TRAPCAP_STATUS, &state));
    EXPECT_CAPMODE(procctl(P_PID, 0, 99, &state));
    EXPECT_EQ(PROC_TRAPCAP_CTL_ENABLE, state);
  });
}

TEST_F(Trap, IoctlBadArgumentsAndPermissionsChangeNothing) {
  uint32_t state = CAPSICUM_TRAPCAP_ENABLE;
  EXPECT_SYSCALL_FAIL(EINVAL, Trapcap(CAPSICUM_IOC_TRAPCAP_CTL, 2, &state));
  state = 0;
  EXPECT_SYSCALL_FAIL(EINVAL, Trapcap(CAPSICUM_IOC_TRAPCAP_CTL, CAPSICUM_TRAPCAP_GLOBAL, &state));
  state = 3;
  EXPECT_SYSCALL_FAIL(EINVAL, Trapcap(CAPSICUM_IOC_TRAPCAP_CTL, CAPSICUM_TRAPCAP_GLOBAL, &state));
  {
    Fd dev(Device());
    capsicum_trapcap a = TrapcapArg(sizeof(a), CAPSICUM_TRAPCAP_GLOBAL, CAPSICUM_TRAPCAP_ENABLE, 1);
    EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev.get(), CAPSICUM_IOC_TRAPCAP_CTL, &a));
    a = TrapcapArg(CAPSICUM_TRAPCAP_SIZE_VER0 - 4, CAPSICUM_TRAPCAP_GLOBAL, CAPSICUM_TRAPCAP_ENABLE,
                   0);
    EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev.get(), CAPSICUM_IOC_TRAPCAP_CTL, &a));
    EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev.get(), CAPSICUM_IOC_TRAPCAP_CTL, nullptr));
  }
  EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_DISABLE), GlobalState());
  RunInChild([] {
    ASSERT_OK(setresuid(65534, 65534, 65534));
    uint32_t on = CAPSICUM_TRAPCAP_ENABLE;
    EXPECT_SYSCALL_FAIL(EPERM, Trapcap(CAPSICUM_IOC_TRAPCAP_CTL, CAPSICUM_TRAPCAP_GLOBAL, &on));
    // Reading it, and the own process switch, need no privilege.
    EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_DISABLE), GlobalState());
    on = CAPSICUM_TRAPCAP_ENABLE;
    EXPECT_OK(Trapcap(CAPSICUM_IOC_TRAPCAP_CTL, CAPSICUM_TRAPCAP_PROCESS, &on));
  });
  RunInChild([] {
    Fd dev(Device());
    ASSERT_OK(dev.get());
    ASSERT_OK(cap_enter());
    capsicum_trapcap a = TrapcapArg(sizeof(a), CAPSICUM_TRAPCAP_GLOBAL, CAPSICUM_TRAPCAP_ENABLE, 0);
    EXPECT_CAPMODE(ioctl(dev.get(), CAPSICUM_IOC_TRAPCAP_CTL, &a));
    EXPECT_CAPMODE(ioctl(dev.get(), CAPSICUM_IOC_TRAPCAP_STATUS, &a));
    // The process switch too, below the library.
    a = TrapcapArg(sizeof(a), CAPSICUM_TRAPCAP_PROCESS, CAPSICUM_TRAPCAP_ENABLE, 0);
    EXPECT_CAPMODE(ioctl(dev.get(), CAPSICUM_IOC_TRAPCAP_CTL, &a));
    EXPECT_CAPMODE(ioctl(dev.get(), CAPSICUM_IOC_TRAPCAP_STATUS, &a));
    EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_ENABLE), a.state);
  });
  EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_DISABLE), GlobalState());
}

TEST_F(TraceCli, TrapCommandSetsAndShowsTheGlobalSwitch) {
  CtlResult r = FinishCtl(StartCtl({"trap"}, false));
  EXPECT_TRUE(ExitedZero(r.status)) << DescribeWaitStatus(r.status);
  EXPECT_EQ("trap_enotcap: off\n", r.out);
  r = FinishCtl(StartCtl({"trap", "on"}, false));
  EXPECT_TRUE(ExitedZero(r.status)) << DescribeWaitStatus(r.status);
  EXPECT_EQ("trap_enotcap: on\n", r.out);
  EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_ENABLE), GlobalState());
  r = FinishCtl(StartCtl({"trap", "off"}, false));
  EXPECT_TRUE(ExitedZero(r.status)) << DescribeWaitStatus(r.status);
  EXPECT_EQ("trap_enotcap: off\n", r.out);
  EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_DISABLE), GlobalState());
  RunInChild([] {
    ASSERT_OK(setresuid(65534, 65534, 65534));
    const CtlResult u = FinishCtl(StartCtl({"trap", "on"}, false));
    EXPECT_TRUE(WIFEXITED(u.status) && WEXITSTATUS(u.status) == 1) << DescribeWaitStatus(u.status);
    EXPECT_EQ(
        "capsicumctl: trap: setting the trap switch needs CAP_SYS_ADMIN (run as root) (EPERM)\n",
        u.err);
  });
  EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_TRAPCAP_DISABLE), GlobalState());
}

}  // namespace
}  // namespace capsicum_e2e
