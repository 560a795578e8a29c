// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: what capability mode must leave alone.
//
// CapModeWorkload: a realistic sandboxed program runs fine inside: worker threads fed through
// a std::mutex/std::condition_variable queue (futex), input in a memfd mapped twice, results
// through a pipe, and one epoll loop over the pipe, an eventfd, a timerfd and a signalfd; plus
// getrandom, clock_gettime, nanosleep and a signal raised to itself.  Every result is checked
// exactly (bytes, counts).
//
// CapModeControl: calls that capability mode refuses, made OUTSIDE capability mode with the
// module loaded and armed: each behaves as on a kernel without the module (success with its
// effect, or the kernel's own errno).
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <linux/kcmp.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "capsicum_test.h"
#include "raw_syscalls.h"

namespace capsicum_e2e {
namespace {

// === inside: a workload ===

constexpr int kWorkers = 4;
constexpr int kJobs = 16;
constexpr size_t kChunk = 4096;
constexpr size_t kInputSize = kJobs * kChunk;

uint8_t InputByte(size_t i) { return static_cast<uint8_t>((i * 7 + 3) ^ (i >> 8)); }

// What job j reports: the sum of its chunk of the input.
std::string JobLine(int job, uint64_t sum) {
  return "job " + std::to_string(job) + " sum " + std::to_string(sum) + "\n";
}

std::atomic<int> g_sigusr2_handled{0};
void OnSigusr2(int) { g_sigusr2_handled.fetch_add(1); }

int64_t Nanos(const struct timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

struct itimerspec OneShot(long ms) {
  struct itimerspec its;
  memset(&its, 0, sizeof(its));
  its.it_value.tv_nsec = ms * 1000000;
  return its;
}

TEST(CapModeWorkload, ThreadsPipesEpollMemfdTimersAndSignalsRunInside) {
  RunInChild([] {
    // SIGUSR1 is read from a signalfd: blocked before any thread exists, so in every thread.
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &usr1, nullptr));
    ASSERT_OK(cap_enter());

    // --- memory: a memfd mapped twice, anonymous memory, mprotect, madvise ---
    const int mfd = memfd_create("workload", MFD_CLOEXEC);
    ASSERT_OK(mfd);
    ASSERT_OK(ftruncate(mfd, kInputSize));
    auto* input = static_cast<uint8_t*>(
        mmap(nullptr, kInputSize, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0));
    ASSERT_NE(MAP_FAILED, input) << DescribeErrno(errno);
    for (size_t i = 0; i < kInputSize; i++) input[i] = InputByte(i);
    ASSERT_OK(mprotect(input, kInputSize, PROT_READ));
    const auto* view =
        static_cast<const uint8_t*>(mmap(nullptr, kInputSize, PROT_READ, MAP_SHARED, mfd, 0));
    ASSERT_NE(MAP_FAILED, view) << DescribeErrno(errno);
    EXPECT_OK(madvise(const_cast<uint8_t*>(view), kInputSize, MADV_WILLNEED));
    EXPECT_EQ(0, memcmp(input, view, kInputSize)) << "the second mapping sees other bytes";
    auto* scratch =
        static_cast<uint64_t*>(mmap(nullptr, kJobs * sizeof(uint64_t), PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    ASSERT_NE(MAP_FAILED, scratch) << DescribeErrno(errno);

    // --- the descriptors of the event loop ---
    int results[2];
    ASSERT_OK(pipe2(results, O_CLOEXEC));
    ASSERT_OK(fcntl(results[0], F_SETFL, O_NONBLOCK));
    const int done = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    ASSERT_OK(done);
    const int timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    ASSERT_OK(timer);
    const int sigs = signalfd(-1, &usr1, SFD_CLOEXEC | SFD_NONBLOCK);
    ASSERT_OK(sigs);
    const int ep = epoll_create1(EPOLL_CLOEXEC);
    ASSERT_OK(ep);
    for (const int fd : {results[0], done, timer, sigs}) {
      struct epoll_event ev;
      memset(&ev, 0, sizeof(ev));
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      ASSERT_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    }

    // --- workers fed through a mutex and a condition variable ---
    std::mutex mu;
    std::condition_variable cv;
    std::deque<int> queue;
    bool closing = false;
    std::atomic<int> write_errors{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < kWorkers; w++) {
      workers.emplace_back([&] {
        for (;;) {
          int job;
          {
            std::unique_lock<std::mutex> lock(mu);
            cv.wait(lock, [&] { return !queue.empty() || closing; });
            if (queue.empty()) return;
            job = queue.front();
            queue.pop_front();
          }
          uint64_t sum = 0;
          for (size_t i = 0; i < kChunk; i++) sum += view[job * kChunk + i];
          scratch[job] = sum;
          const std::string line = JobLine(job, sum);
          const uint64_t one = 1;
          if (write(results[1], line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
              write(done, &one, sizeof(one)) != sizeof(one))
            write_errors.fetch_add(1);
        }
      });
    }
    for (int j = 0; j < kJobs; j++) {
      std::lock_guard<std::mutex> lock(mu);
      queue.push_back(j);
      cv.notify_one();
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      closing = true;
    }
    cv.notify_all();

    // --- the event loop ---
    std::string expected;
    std::vector<std::string> expected_lines;
    for (int j = 0; j < kJobs; j++) {
      uint64_t sum = 0;
      for (size_t i = 0; i < kChunk; i++) sum += InputByte(j * kChunk + i);
      expected_lines.push_back(JobLine(j, sum));
      expected += expected_lines.back();
    }
    std::string received;
    uint64_t completions = 0;
    uint64_t expirations = 0;
    int timer_reads = 0;
    int signals = 0;
    bool signal_sent = false;
    struct itimerspec first = OneShot(20);
    ASSERT_OK(timerfd_settime(timer, 0, &first, nullptr));
    while (completions < kJobs || received.size() < expected.size() || expirations < 2 ||
           signals < 1) {
      struct epoll_event events[4];
      const int n = epoll_wait(ep, events, 4, 10000);
      ASSERT_LT(0, n) << "epoll_wait: " << (n < 0 ? DescribeErrno(errno) : "10 s without an event")
                      << "; " << completions << " completions, " << received.size() << " of "
                      << expected.size() << " bytes, " << expirations << " expirations, " << signals
                      << " signals";
      for (int e = 0; e < n; e++) {
        const int fd = events[e].data.fd;
        if (fd == results[0]) {
          char buf[512];
          ssize_t got;
          while ((got = read(fd, buf, sizeof(buf))) > 0) received.append(buf, got);
        } else if (fd == done) {
          uint64_t v = 0;
          if (read(done, &v, sizeof(v)) == sizeof(v)) completions += v;
        } else if (fd == timer) {
          uint64_t v = 0;
          if (read(timer, &v, sizeof(v)) == sizeof(v)) {
            expirations += v;
            timer_reads++;
            if (expirations == 1) {
              struct itimerspec again = OneShot(10);
              EXPECT_OK(timerfd_settime(timer, 0, &again, nullptr));
            }
          }
        } else if (fd == sigs) {
          struct signalfd_siginfo si;
          while (read(sigs, &si, sizeof(si)) == sizeof(si)) {
            EXPECT_EQ(static_cast<uint32_t>(SIGUSR1), si.ssi_signo);
            EXPECT_EQ(static_cast<uint32_t>(getpid()), si.ssi_pid);
            signals++;
          }
        }
      }
      if (completions == kJobs && !signal_sent) {
        ASSERT_OK(kill(getpid(), SIGUSR1));
        signal_sent = true;
      }
    }
    for (std::thread& t : workers) t.join();

    EXPECT_EQ(0, write_errors.load());
    EXPECT_EQ(static_cast<uint64_t>(kJobs), completions);
    EXPECT_EQ(2u, expirations);
    EXPECT_EQ(2, timer_reads);
    EXPECT_EQ(1, signals);
    EXPECT_EQ(expected.size(), received.size());
    std::vector<std::string> lines;
    std::istringstream in(received);
    for (std::string line; std::getline(in, line);) lines.push_back(line + "\n");
    std::sort(lines.begin(), lines.end());
    std::sort(expected_lines.begin(), expected_lines.end());
    EXPECT_EQ(expected_lines, lines);
    for (int j = 0; j < kJobs; j++) {
      uint64_t sum = 0;
      for (size_t i = 0; i < kChunk; i++) sum += InputByte(j * kChunk + i);
      EXPECT_EQ(sum, scratch[j]) << "job " << j;
    }

    // --- the rest of a program's day ---
    unsigned char random[64];
    memset(random, 0, sizeof(random));
    EXPECT_EQ(64, getrandom(random, sizeof(random), 0));
    EXPECT_TRUE(std::any_of(random, random + sizeof(random), [](unsigned char c) { return c; }));
    struct timespec t0, t1, real;
    ASSERT_OK(clock_gettime(CLOCK_MONOTONIC, &t0));
    const struct timespec ms = {0, 1000000};
    EXPECT_OK(nanosleep(&ms, nullptr));
    ASSERT_OK(clock_gettime(CLOCK_MONOTONIC, &t1));
    EXPECT_GE(Nanos(t1) - Nanos(t0), 1000000);
    EXPECT_OK(clock_gettime(CLOCK_REALTIME, &real));
    EXPECT_GT(real.tv_sec, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = OnSigusr2;
    ASSERT_OK(sigaction(SIGUSR2, &sa, nullptr));
    EXPECT_OK(raise(SIGUSR2));
    EXPECT_EQ(1, g_sigusr2_handled.load());
    sigset_t old;
    EXPECT_OK(sigprocmask(SIG_BLOCK, &usr1, &old));
    EXPECT_OK(sched_yield());
    EXPECT_EQ(getpid(), static_cast<pid_t>(syscall(SYS_gettid)));
    struct rusage ru;
    EXPECT_OK(getrusage(RUSAGE_SELF, &ru));

    EXPECT_OK(munmap(scratch, kJobs * sizeof(uint64_t)));
    EXPECT_OK(munmap(const_cast<uint8_t*>(view), kInputSize));
    EXPECT_OK(munmap(input, kInputSize));
    for (const int fd : {ep, sigs, timer, done, results[0], results[1], mfd}) EXPECT_OK(close(fd));
  });
}

// === outside: the same calls as without the module ===

class CapModeControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ModuleStatus st = QueryModuleStatus();
    ASSERT_TRUE(st.ok && st.armed) << "the control needs the module loaded and armed: " << st.error;
    unsigned mode = 99;
    ASSERT_OK(cap_getmode(&mode));
    ASSERT_EQ(0u, mode) << "the control must run outside capability mode";
    file_ = scratch_.Path("file");
    WriteFile(file_, "control");
  }

  ScratchDir scratch_;
  std::string file_;
};

using CapModeControl = CapModeControlTest;

TEST_F(CapModeControl, PathSyscallsWork) {
  const int fd = open(file_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  char buf[16] = {};
  EXPECT_EQ(7, read(fd, buf, sizeof(buf)));
  EXPECT_STREQ("control", buf);
  close(fd);
  struct stat st;
  ASSERT_OK(stat(file_.c_str(), &st));
  EXPECT_EQ(7, st.st_size);
  EXPECT_OK(lstat(file_.c_str(), &st));
  EXPECT_OK(access(file_.c_str(), R_OK | W_OK));
  const std::string dir = scratch_.Path("dir");
  EXPECT_OK(mkdir(dir.c_str(), 0755));
  EXPECT_TRUE(PathExists(dir));
  EXPECT_SYSCALL_FAIL(EEXIST, mkdir(dir.c_str(), 0755));
  EXPECT_OK(rmdir(dir.c_str()));
  const std::string moved = scratch_.Path("moved");
  EXPECT_OK(rename(file_.c_str(), moved.c_str()));
  EXPECT_OK(link(moved.c_str(), file_.c_str()));
  EXPECT_OK(unlink(moved.c_str()));
  const std::string link_path = scratch_.Path("link");
  EXPECT_OK(symlink("file", link_path.c_str()));
  char target[16] = {};
  EXPECT_EQ(4, readlink(link_path.c_str(), target, sizeof(target)));
  EXPECT_STREQ("file", target);
  EXPECT_OK(chmod(file_.c_str(), 0600));
  EXPECT_OK(chown(file_.c_str(), 0, 0));
  EXPECT_OK(truncate(file_.c_str(), 3));
  EXPECT_EQ("con", ReadFile(file_));
  struct timeval times[2] = {{1, 0}, {2, 0}};
  EXPECT_OK(utimes(file_.c_str(), times));
  ASSERT_OK(stat(file_.c_str(), &st));
  EXPECT_EQ(2, st.st_mtime);
  struct statfs fs;
  EXPECT_OK(statfs(scratch_.path().c_str(), &fs));
  const std::string fifo = scratch_.Path("fifo");
  EXPECT_OK(mknod(fifo.c_str(), S_IFIFO | 0644, 0));
  EXPECT_SYSCALL_FAIL(ENOENT, open(scratch_.Path("missing").c_str(), O_RDONLY | O_CLOEXEC));
  const int at = openat(AT_FDCWD, file_.c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_OK(at);
  close(at);
  const int ifd = inotify_init1(IN_CLOEXEC);
  ASSERT_OK(ifd);
  EXPECT_OK(inotify_add_watch(ifd, file_.c_str(), IN_MODIFY));
  close(ifd);
  RunInChild([&] {
    EXPECT_OK(chdir(scratch_.path().c_str()));
    const int rel = open("file", O_RDONLY | O_CLOEXEC);
    EXPECT_OK(rel);
    EXPECT_OK(chroot(scratch_.path().c_str()));
    EXPECT_TRUE(PathExists("/file")) << "after chroot";
  });
}

TEST_F(CapModeControl, KillOfTheParentWithSignalZero) {
  EXPECT_OK(kill(getppid(), 0));
  RunInChild([] {
    EXPECT_OK(kill(getppid(), 0));
    EXPECT_OK(syscall(SYS_tgkill, getppid(), getppid(), 0));
    const int pidfd = PidfdOpen(getppid());
    EXPECT_OK(pidfd);
    EXPECT_OK(PidfdSendSignal(pidfd, 0));
  });
  // A pid that no process has: the kernel's own ESRCH (pid_max is at most 2^22).
  EXPECT_SYSCALL_FAIL(ESRCH, kill(1 << 22, 0));
}

TEST_F(CapModeControl, SignalsAndPidfdsToAChild) {
  const pid_t child = fork();
  ASSERT_OK(child);
  if (child == 0) {
    pause();
    _exit(0);
  }
  const int pidfd = PidfdOpen(child);
  ASSERT_OK(pidfd);
  EXPECT_OK(RtSigqueueinfo(child, SIGCONT));
  EXPECT_OK(PidfdSendSignal(pidfd, SIGKILL));
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  constexpr int kPPidfd = 3;  // P_PIDFD of waitid(2)
  EXPECT_OK(waitid(static_cast<idtype_t>(kPPidfd), pidfd, &info, WEXITED));
  EXPECT_EQ(CLD_KILLED, info.si_code);
  EXPECT_EQ(SIGKILL, info.si_status);
  close(pidfd);
}

TEST_F(CapModeControl, BindAndConnectToAListeningAfUnixPath) {
  const struct sockaddr_un addr = UnixAddress(scratch_.Path("sock"));
  const auto* sa = reinterpret_cast<const sockaddr*>(&addr);
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(listener);
  ASSERT_OK(bind(listener, sa, sizeof(addr)));
  const int again = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(again);
  EXPECT_SYSCALL_FAIL(EADDRINUSE, bind(again, sa, sizeof(addr)));
  // Bound but not listening: the kernel's own ECONNREFUSED.
  EXPECT_SYSCALL_FAIL(ECONNREFUSED, connect(again, sa, sizeof(addr)));
  ASSERT_OK(listen(listener, 4));
  const int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(client);
  ASSERT_OK(connect(client, sa, sizeof(addr)));
  const int server = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_OK(server);
  EXPECT_EQ(4, send(client, "ping", 4, 0));
  char buf[8] = {};
  EXPECT_EQ(4, recv(server, buf, sizeof(buf), 0));
  EXPECT_STREQ("ping", buf);
  for (const int fd : {server, client, again, listener}) close(fd);
}

TEST_F(CapModeControl, SendtoAndConnectOnLoopback) {
  const int rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(rx);
  ASSERT_OK(tx);
  struct sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_OK(bind(rx, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)));
  ASSERT_OK(getsockname(rx, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_EQ(5, sendto(tx, "hello", 5, 0, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)));
  char buf[8] = {};
  EXPECT_EQ(5, recv(rx, buf, sizeof(buf), 0));
  EXPECT_STREQ("hello", buf);
  EXPECT_OK(connect(tx, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)));
  close(tx);
  close(rx);
}

TEST_F(CapModeControl, UnshareCloneFiles) {
  RunInChild([] {
    EXPECT_OK(unshare(CLONE_FILES));
    const int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    EXPECT_OK(fd);
  });
}

// In a forked child, whose only children are the two below.
TEST_F(CapModeControl, Wait4OfAChild) {
  RunInChild([] {
    const pid_t child = fork();
    ASSERT_OK(child);
    if (child == 0) _exit(7);
    int status = 0;
    struct rusage ru;
    EXPECT_EQ(child, wait4(child, &status, 0, &ru));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7) << DescribeWaitStatus(status);
    const pid_t second = fork();
    ASSERT_OK(second);
    if (second == 0) _exit(8);
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    EXPECT_OK(waitid(P_PID, second, &info, WEXITED));
    EXPECT_EQ(8, info.si_status);
    // No child left: the kernel's own ECHILD.
    EXPECT_SYSCALL_FAIL(ECHILD, wait4(-1, &status, WNOHANG, nullptr));
  });
}

TEST_F(CapModeControl, PersonalityQueryAndChange) {
  EXPECT_EQ(PER_LINUX, personality(0xffffffff));
  RunInChild([] {
    constexpr int kNoRandomize = PER_LINUX | static_cast<int>(ADDR_NO_RANDOMIZE);
    EXPECT_EQ(PER_LINUX, personality(kNoRandomize));
    EXPECT_EQ(kNoRandomize, personality(0xffffffff));
  });
}

TEST_F(CapModeControl, Int80Getpid) {
  RunInChild([] { EXPECT_EQ(getpid(), Int80(kIa32Getpid)); });
}

// Debian's kernels have the x32 ABI but leave it off unless booted with syscall.x32=y.
TEST_F(CapModeControl, X32Getpid) {
  const std::string cmdline = ReadFile("/proc/cmdline");
  if (cmdline.find("syscall.x32=y") != std::string::npos)
    EXPECT_EQ(getpid(), syscall(kX32SyscallBit | SYS_getpid));
  else
    EXPECT_SYSCALL_FAIL(ENOSYS, syscall(kX32SyscallBit | SYS_getpid));
}

TEST_F(CapModeControl, NamespacesMountsAndSetns) {
  const std::string mnt = scratch_.Path("mnt");
  ASSERT_OK(mkdir(mnt.c_str(), 0755));
  RunInChild([&] {
    ASSERT_OK(unshare(CLONE_NEWNS));
    ASSERT_OK(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr));
    ASSERT_OK(mount("none", mnt.c_str(), "tmpfs", 0, nullptr));
    WriteFile(mnt + "/in-tmpfs", "x");
    EXPECT_OK(umount2(mnt.c_str(), MNT_DETACH));
    const int uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    ASSERT_OK(uts);
    EXPECT_OK(setns(uts, CLONE_NEWUTS));
    const int plain = open(file_.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_SYSCALL_FAIL(EINVAL, setns(plain, 0));
  });
  EXPECT_FALSE(PathExists(mnt + "/in-tmpfs")) << "the child's mount was not private";
  RunInChild([] {
    EXPECT_OK(unshare(CLONE_NEWUSER));
    EXPECT_EQ(65534u, geteuid()) << "the overflow uid in a new user namespace without a map";
  });
}

TEST_F(CapModeControl, Clone3WithNewUserNamespace) {
  struct {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  } args = {CLONE_NEWUSER, 0, 0, 0, SIGCHLD, 0, 0, 0};
  fflush(stdout);
  const long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid == 0) _exit(geteuid() == 65534 ? 0 : 1);
  ASSERT_OK(pid);
  const int status = WaitForChild(static_cast<pid_t>(pid));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
}

TEST_F(CapModeControl, PtraceProcessVmReadvAndKcmp) {
  static char buffer[16];
  memset(buffer, 0, sizeof(buffer));
  int gate[2];
  ASSERT_OK(pipe2(gate, O_CLOEXEC));
  memcpy(buffer, "child's bytes", 14);
  const pid_t child = fork();
  ASSERT_OK(child);
  if (child == 0) {
    char c;
    close(gate[1]);
    _exit(read(gate[0], &c, 1) == 0 ? 0 : 1);
  }
  close(gate[0]);
  memset(buffer, 0, sizeof(buffer));
  char local[16] = {};
  struct iovec liov = {local, sizeof(local)};
  struct iovec riov = {buffer, sizeof(buffer)};
  EXPECT_EQ(16, process_vm_readv(child, &liov, 1, &riov, 1, 0));
  EXPECT_STREQ("child's bytes", local);
  EXPECT_EQ(0, syscall(SYS_kcmp, getpid(), getpid(), KCMP_VM, 0, 0));
  EXPECT_LT(0, syscall(SYS_kcmp, getpid(), child, KCMP_VM, 0, 0));
  EXPECT_OK(ptrace(PTRACE_SEIZE, child, nullptr, nullptr));
  close(gate[1]);
  const int status = WaitForChild(child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  RunInChild([] { EXPECT_OK(ptrace(PTRACE_TRACEME, 0, nullptr, nullptr)); });
}

TEST_F(CapModeControl, SysvAndPosixIpc) {
  const int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  ASSERT_OK(shm);
  void* at = shmat(shm, nullptr, 0);
  EXPECT_NE(reinterpret_cast<void*>(-1), at) << DescribeErrno(errno);
  EXPECT_OK(shmdt(at));
  EXPECT_OK(shmctl(shm, IPC_RMID, nullptr));
  const int msg = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  EXPECT_OK(msg);
  EXPECT_OK(msgctl(msg, IPC_RMID, nullptr));
  const int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
  EXPECT_OK(sem);
  EXPECT_OK(semctl(sem, 0, IPC_RMID));
  const std::string name = "/capsicum-control-" + std::to_string(getpid());
  const mqd_t mq = mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, nullptr);
  EXPECT_OK(mq);
  EXPECT_OK(mq_unlink(name.c_str()));
  EXPECT_SYSCALL_FAIL(ENOENT, mq_unlink(name.c_str()));
  mq_close(mq);
}

TEST_F(CapModeControl, BpfIoUringAndFileHandles) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof(attr));
  EXPECT_OK(syscall(SYS_bpf, BPF_PROG_GET_NEXT_ID, &attr, sizeof(attr)));
  EXPECT_LT(0u, attr.next_id) << "the module's programs are loaded: there is a program id";
  IoUring ring;
  EXPECT_TRUE(ring.Init());
  FileHandle handle;
  int mount_id = 0;
  ASSERT_OK(name_to_handle_at(AT_FDCWD, file_.c_str(), &handle.fh, &mount_id, 0));
  const int dir = open(scratch_.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_OK(dir);
  const int fd = open_by_handle_at(dir, &handle.fh, O_RDONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  char buf[16] = {};
  EXPECT_EQ(7, read(fd, buf, sizeof(buf)));
  EXPECT_STREQ("control", buf);
  close(fd);
  close(dir);
  // A module that does not exist: the kernel's own ENOENT.
  EXPECT_SYSCALL_FAIL(ENOENT, syscall(SYS_delete_module, "capsicum_no_such_module", O_NONBLOCK));
}

}  // namespace
}  // namespace capsicum_e2e
