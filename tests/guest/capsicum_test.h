// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: the test vocabulary shared by every suite (google/capsicum-test style).
#ifndef CAPSICUM_E2E_CAPSICUM_TEST_H_
#define CAPSICUM_E2E_CAPSICUM_TEST_H_

#include <errno.h>
#include <fcntl.h>
#include <sys/capsicum.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

namespace capsicum_e2e {

// How long a forked test body may run before SIGALRM ends it.  Generous:
// the guest runs under QEMU TCG, which is 10-50 times slower than the host.
inline constexpr unsigned kWatchdogSeconds = 30;

// "ENOTCAPABLE (135, Capabilities insufficient)": name, number and text,
// since glibc knows neither the name nor the text of 134 and 135.
std::string DescribeErrno(int err);

}  // namespace capsicum_e2e

// The call returns >= 0 (a descriptor, a byte count or 0).  errno is not
// cleared first, so `int fd = open(...); ASSERT_OK(fd);` reports open's errno.
// Failures are reported at the line of the macro, with the errno's name.
#define CAPSICUM_E2E_CHECK_OK_(expr, fail)                                                  \
  do {                                                                                      \
    const long capsicum_e2e_rc_ = static_cast<long>(expr);                                  \
    const int capsicum_e2e_errno_ = errno;                                                  \
    if (capsicum_e2e_rc_ < 0)                                                               \
      fail() << #expr << " = " << capsicum_e2e_rc_ << ", errno "                            \
             << ::capsicum_e2e::DescribeErrno(capsicum_e2e_errno_) << "; expected success"; \
  } while (0)
#define EXPECT_OK(expr) CAPSICUM_E2E_CHECK_OK_(expr, ADD_FAILURE)
#define ASSERT_OK(expr) CAPSICUM_E2E_CHECK_OK_(expr, GTEST_FAIL)

// The call returns exactly -1 with errno exactly `err`.
#define EXPECT_SYSCALL_FAIL(err, expr)                                                     \
  do {                                                                                     \
    errno = 0;                                                                             \
    const long capsicum_e2e_rc_ = static_cast<long>(expr);                                 \
    const int capsicum_e2e_errno_ = errno;                                                 \
    if (capsicum_e2e_rc_ != -1) {                                                          \
      ADD_FAILURE() << #expr << " = " << capsicum_e2e_rc_ << "; expected -1 with errno "   \
                    << ::capsicum_e2e::DescribeErrno(err);                                 \
    } else if (capsicum_e2e_errno_ != (err)) {                                             \
      ADD_FAILURE() << #expr << " failed with errno "                                      \
                    << ::capsicum_e2e::DescribeErrno(capsicum_e2e_errno_) << "; expected " \
                    << ::capsicum_e2e::DescribeErrno(err);                                 \
    }                                                                                      \
  } while (0)

// Refused because the process is in capability mode.
#define EXPECT_CAPMODE(expr) EXPECT_SYSCALL_FAIL(ECAPMODE, expr)
// Refused because the descriptor lacks a right.
#define EXPECT_NOTCAPABLE(expr) EXPECT_SYSCALL_FAIL(ENOTCAPABLE, expr)

// Both rights sets hold exactly the same words.
#define EXPECT_RIGHTS_EQ(expected, actual) \
  EXPECT_PRED_FORMAT2(::capsicum_e2e::RightsEqual, expected, actual)

namespace capsicum_e2e {

::testing::AssertionResult RightsEqual(const char* expected_expr, const char* actual_expr,
                                       const cap_rights_t& expected, const cap_rights_t& actual);

// The rights of `fd`; a failing cap_rights_get is a test failure and
// yields an all-zero set (which matches no valid rights set).
cap_rights_t GetRights(int fd);

// Every right: what a descriptor that was never limited holds.
cap_rights_t AllRights();

// A rights set built with the library's own cap_rights_init/cap_rights_set,
// e.g. Rights({CAP_READ, CAP_SEEK}); Rights({}) is the empty set.
cap_rights_t Rights(std::initializer_list<uint64_t> rights);

// open(path, flags | O_CLOEXEC), then cap_rights_limit to `rights`.  Each
// call makes a new open file, so in ABI 1 (rights per open file) its limits
// touch no other descriptor of the test.  -1 and a test failure on error.
int OpenLimited(const std::string& path, int flags, const cap_rights_t& rights);

// Runs `body` in a forked child and waits for it.  cap_enter() cannot be
// undone, so every test that enters capability mode does so in a child.
// The child prints its own gtest failures as they happen and exits 1 if
// it had any; the parent turns that, a crash, or the watchdog firing after
// `watchdog_s` seconds into a failure of the running test.
void RunInChild(const std::function<void()>& body, unsigned watchdog_s = kWatchdogSeconds);

// waitpid() that retries on EINTR; returns the raw status, or -1.
int WaitForChild(pid_t pid);

// fork() that also gives a process descriptor for the child in *pidfd (clone with CLONE_PIDFD,
// Linux's pdfork): in capability mode a child can only be waited for through one, since wait4
// and every waitid but waitid(P_PIDFD) are ECAPMODE.  Returns the child's pid in the parent, 0
// in the child, -1 on error.  The raw clone skips glibc's fork bookkeeping (atfork handlers,
// the thread id raise() uses): the child should only report and _exit() or exec.
pid_t ForkWithPidfd(int* pidfd);

// waitid(P_PIDFD) that retries on EINTR, then closes `pidfd`; returns a status as waitpid()
// gives it (WIFEXITED and friends work on it), or -1.
int WaitForPidfd(int pidfd);

// The wait status of a child made in capability mode, waited for outside it.  `body` runs in
// a forked process that enters capability mode itself, makes a child there and returns its pid
// (-1 if it could not); that process then exits, its child is reparented to the caller (made a
// child subreaper for this) and the caller reaps it with waitpid().  The caller must stay
// outside capability mode: call it from a RunInChild body.  A failure in `body` fails the test.
// Returns the status, or -1.
int StatusOfChildMadeInside(const std::function<pid_t()>& body);

// "exited 3", "killed by signal 14 (Alarm clock)".
std::string DescribeWaitStatus(int status);

// Capability-mode self report, used after fork, clone and exec.  Bit set
// when something is wrong; 0 when the process is in capability mode by
// every account.
enum CapmodeReportBits {
  kReportGetmodeFailed = 1,   // cap_getmode() != 0 or mode != 1
  kReportNotSandboxed = 2,    // cap_sandboxed() is false
  kReportOpenNotRefused = 4,  // open("/") did not fail with ECAPMODE
};
int CapmodeReport();
std::string DescribeCapmodeReport(int bits);

// Exit statuses of re-invoked or exec'd children; distinct from the report
// bits above so a parent can tell "exec failed" from "exec'd but wrong".
inline constexpr int kExitExecFailed = 100;
inline constexpr int kExitExecUnexpectedlyRan = 101;

// The argv[1] flags main() understands before gtest sees the arguments.
inline constexpr char kReportCapmodeFlag[] = "--report-capmode";
inline constexpr char kUnexpectedExecFlag[] = "--unexpectedly-executed";
// Exits with the process's procctl(PROC_TRAPCAP_STATUS) state (1 on, 2 off; trace_test.cc).
inline constexpr char kReportTrapcapFlag[] = "--report-trapcap";

// A fresh directory under $TMPDIR (or /tmp), removed with its contents
// when the object goes.  Forked children share it and never remove it.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
  pid_t owner_;
};

// A test that talks to /dev/capsicum below the library: dev_ is a descriptor of it, opened
// read-write (and close-on-exec) before each test and closed after it.
class DeviceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dev_ = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
    ASSERT_OK(dev_);
  }
  void TearDown() override {
    if (dev_ >= 0) close(dev_);
  }
  int dev_ = -1;
};

// Creates (or truncates) `path` with `contents`; asserts on failure.
void WriteFile(const std::string& path, const std::string& contents);
// The whole content of `path` ("" and a failure if it cannot be read).
std::string ReadFile(const std::string& path);
// Whether `path` names anything (lstat succeeds).
bool PathExists(const std::string& path);

// The state /dev/capsicum reports; ok is false (and error set) when the
// device is missing or the ioctl fails.
struct ModuleStatus {
  bool ok = false;
  std::string error;
  unsigned abi_version = 0;
  bool armed = false;
  unsigned long long capmode_creds = 0;
  unsigned long long limited_files = 0;
};
ModuleStatus QueryModuleStatus();

}  // namespace capsicum_e2e

#endif  // CAPSICUM_E2E_CAPSICUM_TEST_H_
