// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: cap_enter & co. without the module, and the device cache.
//
// The host has no /dev/capsicum: every call must fail with ENOSYS, as on a FreeBSD kernel
// without Capsicum.  The cache logic (reopen after closefrom, a reused number, fork, stdio,
// threads) is exercised against /dev/null, a character device whose ioctls fail with ENOTTY.

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/capsicum.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "device.h"
#include "fake_module.h"

namespace {

using capsicum::internal::CachedDeviceFdForTesting;
using capsicum::internal::NoteCapabilityMode;
using capsicum::internal::ResetDeviceForTesting;
using capsicum::internal::SetDevicePathForTesting;

cap_rights_t ReadOnly() {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ);
  return r;
}

// Runs fn in a forked child; returns its exit status (fn's return value), or -1.
int InChild(const std::function<int()>& fn) {
  pid_t pid = fork();
  if (pid == 0) _exit(fn());
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

int OpenFdCount() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  while (struct dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n - 1;  // the directory's own descriptor
}

// Expects `call` to return -1 with errno `err`.
#define EXPECT_ERRNO(err, call)       \
  do {                                \
    errno = 0;                        \
    EXPECT_EQ((call), -1);            \
    EXPECT_EQ(errno, (err)) << #call; \
  } while (0)

class NoDevice : public ::testing::Test {
 protected:
  void SetUp() override { SetDevicePathForTesting("/nonexistent/capsicum"); }
  void TearDown() override { SetDevicePathForTesting(nullptr); }
};

TEST_F(NoDevice, EveryCallIsEnosys) {
  unsigned int mode = 7;
  cap_rights_t r = ReadOnly();
  EXPECT_ERRNO(ENOSYS, cap_enter());
  EXPECT_ERRNO(ENOSYS, cap_getmode(&mode));
  EXPECT_EQ(mode, 7u);
  EXPECT_ERRNO(ENOSYS, cap_rights_limit(0, &r));
  EXPECT_ERRNO(ENOSYS, cap_rights_get(0, &r));
  EXPECT_EQ(CachedDeviceFdForTesting(), -1);
}

TEST_F(NoDevice, EnosysComesBeforeArgumentErrors) {
  cap_rights_t bad;
  cap_rights_init(&bad, CAP_UNUSED0_44);
  EXPECT_ERRNO(ENOSYS, cap_getmode(nullptr));
  EXPECT_ERRNO(ENOSYS, cap_rights_limit(0, nullptr));
  EXPECT_ERRNO(ENOSYS, cap_rights_limit(0, &bad));
  EXPECT_ERRNO(ENOSYS, cap_rights_get(0, nullptr));
  EXPECT_ERRNO(ENOSYS, __cap_rights_get(99, 0, &bad));
}

TEST_F(NoDevice, SandboxedIsFalseAndKeepsErrno) {
  errno = EIO;
  EXPECT_FALSE(cap_sandboxed());
  EXPECT_EQ(errno, EIO);
}

TEST_F(NoDevice, ANodeThatIsNotACharacterDeviceIsNoDevice) {
  char path[] = "/tmp/capsicum-host-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  SetDevicePathForTesting(path);
  EXPECT_ERRNO(ENOSYS, cap_enter());
  unlink(path);
}

TEST(DefaultDevice, AbsentOnTheHostMeansEnosys) {
  if (access(CAPSICUM_DEVICE, F_OK) == 0) GTEST_SKIP() << CAPSICUM_DEVICE << " exists here";
  SetDevicePathForTesting(nullptr);
  EXPECT_ERRNO(ENOSYS, cap_enter());
  unsigned int mode = 0;
  EXPECT_ERRNO(ENOSYS, cap_getmode(&mode));
  EXPECT_FALSE(cap_sandboxed());
  cap_rights_t r = ReadOnly();
  EXPECT_ERRNO(ENOSYS, cap_rights_limit(STDIN_FILENO, &r));
  EXPECT_ERRNO(ENOSYS, cap_rights_get(STDIN_FILENO, &r));
}

class StandInDevice : public ::testing::Test {
 protected:
  void SetUp() override { SetDevicePathForTesting("/dev/null"); }
  void TearDown() override { SetDevicePathForTesting(nullptr); }
};

TEST_F(StandInDevice, OpenedOnceCloexecAboveStdio) {
  unsigned int mode;
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  const int fd = CachedDeviceFdForTesting();
  ASSERT_GT(fd, STDERR_FILENO);
  EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
  const int before = OpenFdCount();
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  EXPECT_ERRNO(ENOTTY, cap_enter());
  EXPECT_EQ(CachedDeviceFdForTesting(), fd);
  EXPECT_EQ(OpenFdCount(), before);
}

TEST_F(StandInDevice, ArgumentErrorsInFreeBsdOrder) {
  unsigned int mode;
  cap_rights_t r = ReadOnly(), bad;
  cap_rights_init(&bad, CAP_UNUSED1_26);
  EXPECT_ERRNO(EFAULT, cap_getmode(nullptr));
  EXPECT_ERRNO(EFAULT, cap_rights_limit(0, nullptr));
  EXPECT_ERRNO(EINVAL, cap_rights_limit(0, &bad));  // refused before the kernel is asked
  EXPECT_ERRNO(ENOTTY, cap_rights_limit(0, &r));    // the stand-in's answer: it was asked
  EXPECT_ERRNO(EINVAL, __cap_rights_get(1, 0, &r));
  EXPECT_ERRNO(ENOTTY, cap_rights_get(0, nullptr));  // kernel first, copy-out last
  (void)mode;
}

TEST_F(StandInDevice, ReopenedAfterBeingClosedBehindOurBack) {
  unsigned int mode;
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  const int fd = CachedDeviceFdForTesting();
  ASSERT_EQ(close(fd), 0);
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  const int again = CachedDeviceFdForTesting();
  ASSERT_GE(again, 0);
  EXPECT_NE(fcntl(again, F_GETFD), -1);
}

TEST_F(StandInDevice, AReusedNumberIsNeitherUsedNorClosed) {
  unsigned int mode;
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  const int fd = CachedDeviceFdForTesting();
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  ASSERT_EQ(dup2(pipefd[0], fd), fd);  // the program's own file now has our number
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  EXPECT_NE(CachedDeviceFdForTesting(), fd);
  EXPECT_NE(fcntl(fd, F_GETFD), -1) << "the program's descriptor was closed";
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  close(fd);
  close(pipefd[0]);
  close(pipefd[1]);
}

TEST_F(StandInDevice, SurvivesFork) {
  unsigned int mode;
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  const int fd = CachedDeviceFdForTesting();
  EXPECT_EQ(InChild([fd] {
              unsigned int m;
              if (cap_getmode(&m) != -1 || errno != ENOTTY) return 1;
              return CachedDeviceFdForTesting() == fd ? 0 : 2;
            }),
            0);
}

TEST_F(StandInDevice, KeptAboveStdioEvenWhenStdinIsClosed) {
  EXPECT_EQ(InChild([] {
              close(STDIN_FILENO);
              ResetDeviceForTesting();
              unsigned int m;
              if (cap_getmode(&m) != -1 || errno != ENOTTY) return 1;
              if (CachedDeviceFdForTesting() <= STDERR_FILENO) return 2;
              return fcntl(STDIN_FILENO, F_GETFD) == -1 ? 0 : 3;
            }),
            0);
}

TEST_F(StandInDevice, ConcurrentFirstUseCachesOneDescriptor) {
  const int before = OpenFdCount();
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; i++) {
    threads.emplace_back([] {
      unsigned int m;
      for (int j = 0; j < 100; j++) (void)cap_getmode(&m);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(OpenFdCount(), before + 1);
  EXPECT_GE(CachedDeviceFdForTesting(), 0);
}

// Once the process is known to be in capability mode the device cannot be reopened: the
// library answers from what it knows instead.
TEST_F(StandInDevice, InCapabilityModeALostDescriptorIsNotReopened) {
  unsigned int mode = 0;
  EXPECT_ERRNO(ENOTTY, cap_getmode(&mode));
  close(CachedDeviceFdForTesting());
  NoteCapabilityMode();
  EXPECT_EQ(cap_getmode(&mode), 0);
  EXPECT_EQ(mode, 1u);
  EXPECT_TRUE(cap_sandboxed());
  EXPECT_EQ(cap_enter(), 0);  // already in capability mode: a no-op
  cap_rights_t r = ReadOnly();
  EXPECT_ERRNO(ECAPMODE, cap_rights_limit(0, &r));
  EXPECT_ERRNO(ECAPMODE, cap_rights_get(0, &r));
  EXPECT_EQ(CachedDeviceFdForTesting(), -1);
}

// --- cap_enter() with a module of ABI 3: the seccomp filter first, on every thread ---
//
// Each test runs in a forked child, since a seccomp filter cannot be removed.  The fake module
// (fake_module.h) answers GETMODE, SECCOMP_FILTER and ENTER and records the requests.  Its filter
// refuses getppid with ECAPMODE and allows everything else, so a thread shows whether it runs it.

using capsicum_test::FakeModule;
using capsicum_test::InstallFakeModule;

unsigned long Request(unsigned long request) {
  return request & ~static_cast<unsigned long>(IOCSIZE_MASK);
}

std::vector<struct sock_filter> RefuseGetppid() {
  return {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ECAPMODE),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
}

// The value of `key:` in /proc/self/task/TID/status ("" if absent).
std::string TaskStatus(pid_t tid, const std::string& key) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) {
      const size_t start = line.find_first_not_of(" \t", key.size() + 1);
      return start == std::string::npos ? "" : line.substr(start);
    }
  }
  return "";
}

bool GetppidRefused() { return syscall(SYS_getppid) == -1 && errno == ECAPMODE; }

// A thread that waits until told, then reports whether its getppid is refused.
class WaitingThread {
 public:
  WaitingThread() {
    if (pipe(go_) != 0) go_[0] = go_[1] = -1;
    thread_ = std::thread([this] {
      tid_ = static_cast<pid_t>(syscall(SYS_gettid));
      ready_ = true;
      char c;
      if (read(go_[0], &c, 1) == 1) refused_ = GetppidRefused();
    });
    while (!ready_) std::this_thread::yield();
  }
  ~WaitingThread() { Finish(); }
  // Lets the thread probe getppid and waits for it; returns what it saw.
  bool Finish() {
    if (thread_.joinable()) {
      (void)!write(go_[1], "x", 1);
      thread_.join();
      close(go_[0]);
      close(go_[1]);
    }
    return refused_;
  }
  pid_t tid() const { return tid_; }

 private:
  int go_[2];
  std::thread thread_;
  std::atomic<bool> ready_{false};
  std::atomic<pid_t> tid_{0};
  bool refused_ = false;
};

TEST(CapEnterSeccomp, InstallsTheFilterOnEveryThreadWithNoNewPrivsThenEnters) {
  EXPECT_EQ(InChild([] {
              FakeModule m;
              m.filter = RefuseGetppid();
              InstallFakeModule(&m);
              WaitingThread other;
              if (GetppidRefused()) return 1;
              if (cap_enter() != 0) return 2;
              const std::vector<unsigned long> expected = {
                  Request(CAPSICUM_IOC_GETMODE), Request(CAPSICUM_IOC_SECCOMP_FILTER),
                  Request(CAPSICUM_IOC_SECCOMP_FILTER), Request(CAPSICUM_IOC_ENTER)};
              if (m.requests != expected) return 3;  // length, then filter, then ENTER
              if (!GetppidRefused()) return 4;
              if (TaskStatus(other.tid(), "Seccomp") != "2") return 5;
              if (TaskStatus(other.tid(), "NoNewPrivs") != "1") return 6;
              if (!other.Finish()) return 7;  // the thread that existed before runs it too
              if (TaskStatus(getpid(), "NoNewPrivs") != "1") return 8;
              m.mode = 1;  // what the module now says
              m.requests.clear();
              if (cap_enter() != 0) return 9;  // inside now: no second filter
              if (m.requests.size() != 2) return 10;
              InstallFakeModule(nullptr);
              return 0;
            }),
            0);
}

TEST(CapEnterSeccomp, AlreadyInCapabilityModeInstallsNoFilter) {
  EXPECT_EQ(InChild([] {
              FakeModule m;
              m.mode = 1;
              m.filter = RefuseGetppid();
              InstallFakeModule(&m);
              if (cap_enter() != 0) return 1;
              const std::vector<unsigned long> expected = {Request(CAPSICUM_IOC_GETMODE),
                                                           Request(CAPSICUM_IOC_ENTER)};
              if (m.requests != expected) return 2;
              if (TaskStatus(getpid(), "Seccomp") != "0") return 3;
              if (GetppidRefused()) return 4;
              InstallFakeModule(nullptr);
              return 0;
            }),
            0);
}

// Not armed: the module refuses the filter (EOPNOTSUPP), the library says ENOSYS, and nothing is
// installed, not even no_new_privs.
TEST(CapEnterSeccomp, NotArmedIsEnosysAndInstallsNothing) {
  EXPECT_EQ(InChild([] {
              FakeModule m;
              m.filter = RefuseGetppid();
              m.filter_error = EOPNOTSUPP;
              InstallFakeModule(&m);
              if (cap_enter() != -1 || errno != ENOSYS) return 1;
              for (unsigned long r : m.requests)
                if (r == Request(CAPSICUM_IOC_ENTER)) return 2;
              if (TaskStatus(getpid(), "Seccomp") != "0") return 3;
              if (TaskStatus(getpid(), "NoNewPrivs") != "0") return 4;
              InstallFakeModule(nullptr);
              return 0;
            }),
            0);
}

// A module older than ABI 3 has no filter to give (ENOTTY): its ENTER is all there is.
TEST(CapEnterSeccomp, AModuleWithoutTheFilterIoctlOnlyEnters) {
  EXPECT_EQ(InChild([] {
              FakeModule m;
              m.filter_error = ENOTTY;
              InstallFakeModule(&m);
              if (cap_enter() != 0) return 1;
              if (m.requests.empty() || m.requests.back() != Request(CAPSICUM_IOC_ENTER)) return 2;
              if (TaskStatus(getpid(), "Seccomp") != "0") return 3;
              InstallFakeModule(nullptr);
              return 0;
            }),
            0);
}

// TSYNC fails when another thread runs a filter of its own: EBUSY, and ENTER is not asked.
TEST(CapEnterSeccomp, AThreadWithItsOwnFilterMakesTsyncFailWithEbusy) {
  EXPECT_EQ(InChild([] {
              FakeModule m;
              m.filter = RefuseGetppid();
              InstallFakeModule(&m);
              std::atomic<int> stage{0};
              std::thread own([&] {
                struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
                struct sock_fprog prog = {1, &allow};
                const bool ok = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
                                syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0;
                stage = ok ? 1 : -1;
                while (stage != 2) std::this_thread::yield();
              });
              while (stage == 0) std::this_thread::yield();
              if (stage != 1) return 1;
              const int ret = cap_enter();
              const int err = errno;
              stage = 2;
              own.join();
              if (ret != -1 || err != EBUSY) return 2;
              for (unsigned long r : m.requests)
                if (r == Request(CAPSICUM_IOC_ENTER)) return 3;
              if (TaskStatus(getpid(), "Seccomp") != "0") return 4;
              InstallFakeModule(nullptr);
              return 0;
            }),
            0);
}

TEST(CapEnterSeccomp, EnterRefusedByTheModulePassesItsErrnoOn) {
  EXPECT_EQ(InChild([] {
              FakeModule m;
              m.filter = RefuseGetppid();
              m.enter_error = EPERM;
              InstallFakeModule(&m);
              if (cap_enter() != -1 || errno != EPERM) return 1;
              InstallFakeModule(nullptr);
              return 0;
            }),
            0);
}

}  // namespace
