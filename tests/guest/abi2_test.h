// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: shared vocabulary of the ABI 2 suites (rights per descriptor, sub-rights, races).
//
// Every fixture here derives from Abi2Test, whose SetUp() FAILS (never skips) when the module
// reports an ABI below 2: a module that keeps rights per open file cannot pass these tests,
// and a skipped test must not be counted as a pass.
#ifndef CAPSICUM_E2E_ABI2_TEST_H_
#define CAPSICUM_E2E_ABI2_TEST_H_

#include <stdint.h>
#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "capsicum_test.h"

namespace capsicum_e2e {

// The first ABI with rights per descriptor (fd-table slot) and fcntl/ioctl sub-rights.
inline constexpr int kAbiPerDescriptor = 2;

// Success when ioctl(/dev/capsicum, CAPSICUM_IOC_VERSION) >= 2; otherwise a failure that says
// which ABI the module reports and why these tests cannot pass on it.
::testing::AssertionResult ModuleImplementsAbi2();

// The base fixture of every ABI 2 test: SetUp() fails the test when the module is older.
class Abi2Test : public ::testing::Test {
 protected:
  void SetUp() override;
};

// --- sub-rights ---
//
// The tests use libcapsicum's cap_fcntls_limit, cap_fcntls_get, cap_ioctls_limit and
// cap_ioctls_get (FreeBSD's API).  The library checks some arguments itself before the kernel
// sees them (a bit outside CAP_FCNTL_ALL, more than CAP_IOCTLS_MAX commands), so the tests
// of the module's own checks go through these raw ioctls (uapi/linux/capsicum.h) instead.
// Both return 0 or -1 with errno.
int RawFcntlsLimit(int fd, uint32_t fcntls, uint32_t reserved = 0);
int RawFcntlsGet(int fd, uint32_t* fcntls, uint32_t reserved = 0);
int RawIoctlsLimit(int fd, const cap_ioctl_t* cmds, int64_t ncmds);
// cap_ioctls_limit with a list, e.g. IoctlsLimit(fd, {FIONREAD}).
int IoctlsLimit(int fd, const std::vector<cap_ioctl_t>& cmds);

// Everything a descriptor holds: rights, fcntl sub-rights, ioctl list (sorted; empty and
// nioctls == CAP_IOCTLS_ALL when unrestricted).  A failing query is a test failure and
// leaves ok false.
struct SubRights {
  bool ok = false;
  cap_rights_t rights{};
  uint32_t fcntls = 0;
  int64_t nioctls = 0;
  std::vector<cap_ioctl_t> ioctls;
};
SubRights GetSubRights(int fd);
// What a never-limited descriptor holds.
SubRights AllSubRights();
// Exactly `rights`, `fcntls` and the ioctl list `ioctls` (CAP_IOCTLS_ALL: pass all_ioctls).
SubRights MakeSubRights(const cap_rights_t& rights, uint32_t fcntls,
                        std::vector<cap_ioctl_t> ioctls, bool all_ioctls = false);
::testing::AssertionResult SubRightsEqual(const char* expected_expr, const char* actual_expr,
                                          const SubRights& expected, const SubRights& actual);
#define EXPECT_SUBRIGHTS_EQ(expected, actual) \
  EXPECT_PRED_FORMAT2(::capsicum_e2e::SubRightsEqual, expected, actual)

// The rights part only, printed like EXPECT_RIGHTS_EQ.
std::string RightsHex(const cap_rights_t& rights);

// --- what one process sees through one descriptor, passed between processes as bytes ---

// The result of cap_rights_get(fd) and of write(fd, &byte, 1).  Plain data: a child (even a
// clone3 child or an exec'd program) fills it and writes it to a pipe.
struct Probe {
  int32_t get_rc;
  int32_t get_errno;
  uint64_t rights[2];
  int64_t write_rc;
  int32_t write_errno;
  int32_t reserved;
};
Probe ProbeFd(int fd, char byte);
// The probe shows exactly `rights`, and the write either wrote its byte or was refused with
// ENOTCAPABLE, as `write_allowed` says.
void ExpectProbe(const Probe& probe, const cap_rights_t& rights, bool write_allowed,
                 const std::string& who);

// --- synchronisation with children and threads ---

// Writes all of buf; false on error.
bool WriteAll(int fd, const void* buf, size_t n);
// Waits until fd is readable (or at end of file) within timeout_ms.  If `child` > 0, gives up
// early (false) once that child has exited with nothing left to read.  A failure message
// naming `what` is added when it returns false.
bool WaitReadable(int fd, const std::string& what, pid_t child = -1, int timeout_ms = 20000);
// Reads exactly n bytes within timeout_ms.  If `child` > 0, gives up early (false) once that
// child has exited.  A failure message is added when it returns false.
bool ReadAll(int fd, void* buf, size_t n, const std::string& what, pid_t child = -1,
             int timeout_ms = 20000);

// A pipe pair (both ends O_CLOEXEC unless made inheritable by the caller).
struct Pipe {
  int r = -1;
  int w = -1;
  bool Open(int flags = 0);
  void Close();
};

// Forks; the child runs `body` with the watchdog, like RunInChild, and exits 1 if it had a
// gtest failure.  The parent gets the pid at once (so it can talk to the child) and later
// calls ExpectChildPassed.  -1 (and a failure) if fork fails.
pid_t ForkChild(const std::function<void()>& body);
void ExpectChildPassed(pid_t pid, const std::string& who);
// The child exited 0; otherwise a failure naming its status.
void ExpectChildExitedZero(pid_t pid, const std::string& who);

// --- the descriptor-passing primitives ---

// sendmsg one descriptor with SCM_RIGHTS; -1 on error.
int SendFd(int sock, int fd);
// recvmsg one descriptor (MSG_CMSG_CLOEXEC); -1 on error or if none arrived.
int RecvFd(int sock);

// --- /dev/capsicum counters (CAPSICUM_IOC_STATUS, struct capsicum_status of ABI 2) ---
struct SlotCounters {
  bool ok = false;
  std::string error;
  uint64_t slot_entries = 0;
  uint64_t limited_files = 0;
  uint64_t tables = 0;
};
SlotCounters ReadSlotCounters();

}  // namespace capsicum_e2e

#endif  // CAPSICUM_E2E_ABI2_TEST_H_
