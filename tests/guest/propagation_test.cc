// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: how rights travel (ABI 2): rights belong to the descriptor, FreeBSD's semantics.
//
// CAPSICUM.md section 5: a copy of a descriptor (dup*, fork, SCM_RIGHTS, pidfd_getfd, exec)
// starts with exactly the rights of its source, and from then on each descriptor is limited
// on its own, even when both name the same open file; descriptors sharing one table
// (threads, CLONE_FILES) share one set of rights; a number that is closed and reused starts
// over with all rights.  Every test fails (does not skip) on a module older than ABI 2.
//
// Outcomes are checked both ways: cap_rights_get must return the exact set, and a write
// must either land in the file (checked byte by byte at the end) or fail with ENOTCAPABLE.
#include <fcntl.h>
#include <limits.h>
#include <linux/capsicum.h>
#include <linux/close_range.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "abi2_test.h"

extern char** environ;

namespace capsicum_e2e {
namespace {

// The data file's content before a test writes to it; every descriptor of it is O_APPEND,
// so each successful one-byte write appends exactly that byte.
constexpr char kBase[] = "0123456789";

// argv[1] of this binary re-executed as the child side of the protocol below.
constexpr char kProtocolChildFlag[] = "--abi2-protocol-child";

// --- the two-descriptor protocol: private table or shared table? ---
//
// A and B are two descriptors of the data file, both limited to StartRights() by the parent
// before the child (process, thread or exec'd program) exists.
//
//   child:  report 1: probe A (writes 'a'), probe B ('b'), limit A to ChildLimit(), probe A
//           again ('c'); then wait for the parent.
//   parent: probe its own A ('P'), limit its own B to ParentLimit(), release the child.
//   child:  report 2: probe B ('d'), probe A ('e').
//
// Private tables (fork, vfork, clone/clone3 without CLONE_FILES, exec, unshare): the child
// starts with StartRights() on both; its limit of A stays in the child (the parent's A still
// writes 'P'); the parent's limit of B stays in the parent (the child's B still writes 'd').
// The file ends in kBase + "abPd".  One shared table (CLONE_FILES, threads): each side sees
// the other's limit, and the file ends in kBase + "ab".

cap_rights_t StartRights() { return Rights({CAP_READ, CAP_WRITE, CAP_FSTAT}); }
cap_rights_t ChildLimit() { return Rights({CAP_READ, CAP_FSTAT}); }
cap_rights_t ParentLimit() { return Rights({CAP_FSTAT}); }

struct Report1 {
  Probe a0;
  Probe b0;
  int32_t limit_rc;
  int32_t limit_errno;
  Probe a1;
};
struct Report2 {
  Probe b2;
  Probe a2;
};

// The child side.  No gtest here: it also runs in clone3 children and exec'd programs.
// Returns an exit status (0: every step could be reported).
int ProtocolChild(int a, int b, int report, int gate) {
  Report1 r1;
  memset(&r1, 0, sizeof(r1));
  r1.a0 = ProbeFd(a, 'a');
  r1.b0 = ProbeFd(b, 'b');
  const cap_rights_t limit = ChildLimit();
  errno = 0;
  r1.limit_rc = cap_rights_limit(a, &limit);
  r1.limit_errno = r1.limit_rc ? errno : 0;
  r1.a1 = ProbeFd(a, 'c');
  if (!WriteAll(report, &r1, sizeof(r1))) return 2;
  char c;
  ssize_t n;
  do {
    n = read(gate, &c, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) return 3;
  Report2 r2;
  memset(&r2, 0, sizeof(r2));
  r2.b2 = ProbeFd(b, 'd');
  r2.a2 = ProbeFd(a, 'e');
  if (!WriteAll(report, &r2, sizeof(r2))) return 4;
  return 0;
}

// This binary re-executed by the exec tests: `capsicum-e2e --abi2-protocol-child A B REPORT
// GATE` runs the child side and exits before main() (and gtest) ever start.  glibc passes
// argc/argv to ELF constructors, in static programs too.
__attribute__((constructor)) void ProtocolChildAfterExec(int argc, char** argv, char**) {
  if (argc != 6 || strcmp(argv[1], kProtocolChildFlag) != 0) return;
  alarm(kWatchdogSeconds);
  _exit(ProtocolChild(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5])));
}

struct ProtocolFds {
  int a = -1;
  int b = -1;
  Pipe report;
  Pipe gate;
};

// The parent side: checks both reports against a private (`shared` false) or a shared table.
// Always releases the child, even after a failure, so that it cannot hang.
void ExpectProtocol(ProtocolFds& p, bool shared, pid_t child, const std::string& who) {
  Report1 r1;
  const bool got1 = ReadAll(p.report.r, &r1, sizeof(r1), who + ": report 1", child);
  if (got1) {
    ExpectProbe(r1.a0, StartRights(), true, who + ": A as the child starts");
    ExpectProbe(r1.b0, StartRights(), true, who + ": B as the child starts");
    EXPECT_EQ(0, r1.limit_rc) << who << ": the child's cap_rights_limit(A): "
                              << DescribeErrno(r1.limit_errno);
    ExpectProbe(r1.a1, ChildLimit(), false, who + ": the child's A after its own limit");
    const Probe own_a = ProbeFd(p.a, 'P');
    ExpectProbe(own_a, shared ? ChildLimit() : StartRights(), !shared,
                who + ": the parent's A after the child limited its A");
    const cap_rights_t parent_limit = ParentLimit();
    EXPECT_OK(cap_rights_limit(p.b, &parent_limit));
    EXPECT_RIGHTS_EQ(parent_limit, GetRights(p.b));
  }
  EXPECT_TRUE(WriteAll(p.gate.w, "g", 1)) << "releasing the child: " << DescribeErrno(errno);
  if (!got1) return;
  Report2 r2;
  if (!ReadAll(p.report.r, &r2, sizeof(r2), who + ": report 2", child)) return;
  ExpectProbe(r2.b2, shared ? ParentLimit() : StartRights(), !shared,
              who + ": the child's B after the parent limited its B");
  ExpectProbe(r2.a2, ChildLimit(), false, who + ": the child's A at the end");
}

std::string SelfExe() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) {
    ADD_FAILURE() << "readlink(/proc/self/exe): " << DescribeErrno(errno);
    return "";
  }
  return std::string(buf, static_cast<size_t>(n));
}

// argv of the exec'd protocol child, with stable storage.
struct ProtocolArgv {
  std::vector<std::string> strings;
  std::vector<char*> argv;
  ProtocolArgv(const ProtocolFds& p) {
    strings = {"capsicum-e2e",      kProtocolChildFlag,         std::to_string(p.a),
               std::to_string(p.b), std::to_string(p.report.w), std::to_string(p.gate.r)};
    for (auto& s : strings) argv.push_back(s.data());
    argv.push_back(nullptr);
  }
};

struct CloneChildArgs {
  const ProtocolFds* fds = nullptr;
  const char* exe = nullptr;  // exec this with `argv` instead of running the protocol here
  char** argv = nullptr;
};

int CloneChildMain(void* arg) {
  alarm(kWatchdogSeconds);
  const CloneChildArgs* c = static_cast<const CloneChildArgs*>(arg);
  if (c->exe != nullptr) {
    execve(c->exe, c->argv, environ);
    return kExitExecFailed;
  }
  return ProtocolChild(c->fds->a, c->fds->b, c->fds->report.w, c->fds->gate.r);
}

// clone(2) through glibc, on a stack of its own (the child has a copy of our memory).
pid_t CloneChild(int flags, CloneChildArgs* args, std::vector<char>* stack) {
  stack->assign(1 << 20, 0);
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = clone(CloneChildMain, stack->data() + stack->size(), flags | SIGCHLD, args);
  if (pid < 0) ADD_FAILURE() << "clone: " << DescribeErrno(errno);
  return pid;
}

// clone3(2) with no stack: like fork, the child continues here on its copy of our stack.
pid_t Clone3(uint64_t flags) {
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.flags = flags;
  args.exit_signal = SIGCHLD;
  fflush(stdout);
  fflush(stderr);
  return static_cast<pid_t>(syscall(SYS_clone3, &args, sizeof(args)));
}

// `count` consecutive descriptor numbers, none open, at or above `from`.
int FreeRange(int from, int count) {
  for (int base = from; base + count < 1024; base++) {
    bool free = true;
    for (int i = 0; i < count && free; i++) free = fcntl(base + i, F_GETFD) == -1 && errno == EBADF;
    if (free) return base;
  }
  ADD_FAILURE() << "no " << count << " free descriptor numbers from " << from;
  return -1;
}

class PropagationTest : public Abi2Test {
 protected:
  void SetUp() override {
    Abi2Test::SetUp();
    if (HasFatalFailure()) return;
    path_ = scratch_.Path("data");
    WriteFile(path_, kBase);
  }

  // A new open file of data (O_RDWR | O_APPEND), close-on-exec unless `inheritable`.
  int OpenData(bool inheritable = false) {
    const int fd = open(path_.c_str(), O_RDWR | O_APPEND | (inheritable ? 0 : O_CLOEXEC));
    if (fd < 0) ADD_FAILURE() << "open(" << path_ << "): " << DescribeErrno(errno);
    return fd;
  }
  int OpenDataLimited(const cap_rights_t& rights) {
    const int fd = OpenData();
    if (fd >= 0) EXPECT_OK(cap_rights_limit(fd, &rights));
    return fd;
  }
  std::string Data() { return ReadFile(path_); }

  // A and B limited to StartRights(), and the two pipes.  With `inheritable`, A, B, the
  // report pipe's write end and the gate's read end survive exec.
  bool OpenProtocol(ProtocolFds* p, bool inheritable) {
    p->a = OpenData(inheritable);
    p->b = OpenData(inheritable);
    if (p->a < 0 || p->b < 0) return false;
    const cap_rights_t start = StartRights();
    if (cap_rights_limit(p->a, &start) != 0 || cap_rights_limit(p->b, &start) != 0) {
      ADD_FAILURE() << "cap_rights_limit(StartRights): " << DescribeErrno(errno);
      return false;
    }
    if (!p->report.Open() || !p->gate.Open()) return false;
    if (inheritable && (fcntl(p->report.w, F_SETFD, 0) != 0 || fcntl(p->gate.r, F_SETFD, 0) != 0)) {
      ADD_FAILURE() << "fcntl(F_SETFD, 0): " << DescribeErrno(errno);
      return false;
    }
    return true;
  }
  void CloseProtocol(ProtocolFds* p) {
    if (p->a >= 0) close(p->a);
    if (p->b >= 0) close(p->b);
    p->report.Close();
    p->gate.Close();
  }
  void ExpectProtocolData(bool shared) {
    EXPECT_EQ(std::string(kBase) + (shared ? "ab" : "abPd"), Data())
        << "the bytes written by the child ('a'..'e') and the parent ('P')";
  }

  // dup, dup2, dup3 and fcntl(F_DUPFD*): the copy has exactly the source's rights, and
  // limits set afterwards on either stay on that descriptor.  `make_copy(fd)` returns the
  // new descriptor (a number other than fd).
  void ExpectCopyStartsEqualAndLimitsStaySeparate(const std::function<int(int)>& make_copy) {
    // 1. A copy of a never-limited descriptor has every right; limiting the copy leaves
    //    the original with every right.
    const int fd0 = OpenData();
    ASSERT_OK(fd0);
    const int copy0 = make_copy(fd0);
    ASSERT_OK(copy0);
    EXPECT_NE(fd0, copy0);
    EXPECT_RIGHTS_EQ(AllRights(), GetRights(copy0));
    const cap_rights_t read_only = Rights({CAP_READ});
    EXPECT_OK(cap_rights_limit(copy0, &read_only));
    EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd0));
    EXPECT_EQ(1, write(fd0, "u", 1)) << DescribeErrno(errno);
    EXPECT_NOTCAPABLE(write(copy0, "x", 1));

    // 2. A copy of a limited descriptor has exactly its rights: the write it lacks is
    //    refused, the read it has works.  Limiting the copy further leaves the original.
    const cap_rights_t read_fstat = Rights({CAP_READ, CAP_FSTAT});
    const int fd1 = OpenDataLimited(read_fstat);
    ASSERT_OK(fd1);
    const int copy1 = make_copy(fd1);
    ASSERT_OK(copy1);
    EXPECT_NE(fd1, copy1);
    EXPECT_RIGHTS_EQ(read_fstat, GetRights(copy1));
    EXPECT_NOTCAPABLE(write(copy1, "x", 1));
    char c;
    EXPECT_EQ(1, read(copy1, &c, 1)) << DescribeErrno(errno);
    const cap_rights_t fstat_only = Rights({CAP_FSTAT});
    EXPECT_OK(cap_rights_limit(copy1, &fstat_only));
    EXPECT_RIGHTS_EQ(fstat_only, GetRights(copy1));
    EXPECT_RIGHTS_EQ(read_fstat, GetRights(fd1));
    EXPECT_EQ(1, read(fd1, &c, 1)) << DescribeErrno(errno);
    EXPECT_NOTCAPABLE(read(copy1, &c, 1));

    // 3. Vice versa: limiting the original leaves the copy as it was.
    const cap_rights_t rwf = Rights({CAP_READ, CAP_WRITE, CAP_FSTAT});
    const int fd2 = OpenDataLimited(rwf);
    ASSERT_OK(fd2);
    const int copy2 = make_copy(fd2);
    ASSERT_OK(copy2);
    EXPECT_RIGHTS_EQ(rwf, GetRights(copy2));
    EXPECT_OK(cap_rights_limit(fd2, &read_only));
    EXPECT_RIGHTS_EQ(read_only, GetRights(fd2));
    EXPECT_RIGHTS_EQ(rwf, GetRights(copy2));
    EXPECT_EQ(1, write(copy2, "c", 1)) << DescribeErrno(errno);
    EXPECT_NOTCAPABLE(write(fd2, "x", 1));

    for (const int fd : {fd0, copy0, fd1, copy1, fd2, copy2}) close(fd);
    EXPECT_EQ(std::string(kBase) + "uc", Data());
  }

  ScratchDir scratch_;
  std::string path_;
};

using PropagationDup = PropagationTest;
using PropagationFork = PropagationTest;
using PropagationShared = PropagationTest;
using PropagationExec = PropagationTest;
using PropagationTransfer = PropagationTest;
using PropagationOpen = PropagationTest;

// --- dup, dup2, dup3, fcntl(F_DUPFD), fcntl(F_DUPFD_CLOEXEC) ---

TEST_F(PropagationDup, DupCopyHasTheOriginalsRightsAndLimitsStaySeparate) {
  ExpectCopyStartsEqualAndLimitsStaySeparate([](int fd) { return dup(fd); });
}

// dup2 onto an open, never-limited descriptor: the slot takes the source's rights, not
// the rights of what it held before.
TEST_F(PropagationDup, Dup2CopyHasTheOriginalsRightsAndLimitsStaySeparate) {
  ExpectCopyStartsEqualAndLimitsStaySeparate([](int fd) {
    const int target = open("/dev/null", O_RDWR | O_CLOEXEC);
    return target < 0 ? -1 : dup2(fd, target);
  });
}

// dup3 onto a free number.
TEST_F(PropagationDup, Dup3CopyHasTheOriginalsRightsAndLimitsStaySeparate) {
  ExpectCopyStartsEqualAndLimitsStaySeparate([](int fd) {
    const int target = FreeRange(300, 1);
    return target < 0 ? -1 : dup3(fd, target, O_CLOEXEC);
  });
}

TEST_F(PropagationDup, FcntlDupfdCopyHasTheOriginalsRightsAndLimitsStaySeparate) {
  ExpectCopyStartsEqualAndLimitsStaySeparate([](int fd) { return fcntl(fd, F_DUPFD, 100); });
}

TEST_F(PropagationDup, FcntlDupfdCloexecCopyHasTheOriginalsRightsAndLimitsStaySeparate) {
  ExpectCopyStartsEqualAndLimitsStaySeparate(
      [](int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 200); });
}

// dup2(fd, fd) changes nothing, rights included.
TEST_F(PropagationDup, Dup2OntoItselfKeepsItsRights) {
  const cap_rights_t read_fstat = Rights({CAP_READ, CAP_FSTAT});
  const int fd = OpenDataLimited(read_fstat);
  ASSERT_OK(fd);
  EXPECT_EQ(fd, dup2(fd, fd));
  EXPECT_RIGHTS_EQ(read_fstat, GetRights(fd));
  EXPECT_NOTCAPABLE(write(fd, "x", 1));
  close(fd);
  EXPECT_EQ(kBase, Data());
}

// The slot's old limit goes with the descriptor dup2 replaces: from another open file, and
// from a descriptor of the very same open file.
TEST_F(PropagationDup, Dup2OfAnUnlimitedDescriptorOntoALimitedSlotGivesAllRights) {
  const cap_rights_t read_only = Rights({CAP_READ});
  const int limited = OpenDataLimited(read_only);
  ASSERT_OK(limited);
  const int other = OpenData();
  ASSERT_OK(other);
  EXPECT_EQ(limited, dup2(other, limited));
  EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(limited));
  EXPECT_EQ(1, write(limited, "o", 1)) << DescribeErrno(errno);

  const int same = OpenData();
  ASSERT_OK(same);
  const int same_copy = dup(same);
  ASSERT_OK(same_copy);
  EXPECT_OK(cap_rights_limit(same_copy, &read_only));
  EXPECT_NOTCAPABLE(write(same_copy, "x", 1));
  EXPECT_EQ(same_copy, dup2(same, same_copy));
  EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(same_copy));
  EXPECT_EQ(1, write(same_copy, "s", 1)) << DescribeErrno(errno);

  for (const int fd : {limited, other, same, same_copy}) close(fd);
  EXPECT_EQ(std::string(kBase) + "os", Data());
}

// --- fork, vfork, clone, clone3: a private copy of the table ---

TEST_F(PropagationFork, ForkChildAndParentLimitIndependently) {
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, false));
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = fork();
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    _exit(ProtocolChild(p.a, p.b, p.report.w, p.gate.r));
  }
  ASSERT_OK(pid);
  ExpectProtocol(p, false, pid, "fork child");
  ExpectChildExitedZero(pid, "fork child");
  CloseProtocol(&p);
  ExpectProtocolData(false);
}

// Raw ioctls only: the vfork child runs on the parent's memory until it exits.
struct VforkCheck {
  int dev;
  int fd;
  uint64_t start[2];
  uint64_t limit[2];
};

int VforkChild(const VforkCheck* v) {
  int bits = 0;
  struct capsicum_rights_arg a;
  memset(&a, 0, sizeof(a));
  a.size = sizeof(a);
  a.fd = v->fd;
  if (ioctl(v->dev, CAPSICUM_IOC_RIGHTS_GET, &a) != 0 || a.rights.cr_rights[0] != v->start[0] ||
      a.rights.cr_rights[1] != v->start[1])
    bits |= 1;  // the child does not start with the parent's rights
  if (write(v->fd, "a", 1) != 1) bits |= 2;
  a.rights.cr_rights[0] = v->limit[0];
  a.rights.cr_rights[1] = v->limit[1];
  if (ioctl(v->dev, CAPSICUM_IOC_RIGHTS_LIMIT, &a) != 0) bits |= 4;
  errno = 0;
  if (!(write(v->fd, "x", 1) == -1 && errno == ENOTCAPABLE)) bits |= 8;
  return bits;
}

TEST_F(PropagationFork, VforkChildHasTheParentsRightsAndItsLimitStaysInTheChild) {
  const cap_rights_t start = StartRights();
  const cap_rights_t limit = ChildLimit();
  const int fd = OpenDataLimited(start);
  ASSERT_OK(fd);
  const int dev = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
  ASSERT_OK(dev);
  const VforkCheck v = {
      dev, fd, {start.cr_rights[0], start.cr_rights[1]}, {limit.cr_rights[0], limit.cr_rights[1]}};
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = vfork();
  if (pid == 0) _exit(VforkChild(&v));
  ASSERT_OK(pid);
  const int status = WaitForChild(pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "vfork child " << DescribeWaitStatus(status)
      << " (bits: 1 did not start with the parent's rights, 2 its first write failed, "
         "4 its cap_rights_limit failed, 8 its write after the limit was not ENOTCAPABLE)";
  EXPECT_RIGHTS_EQ(start, GetRights(fd));
  EXPECT_EQ(1, write(fd, "P", 1)) << DescribeErrno(errno);
  close(dev);
  close(fd);
  EXPECT_EQ(std::string(kBase) + "aP", Data());
}

TEST_F(PropagationFork, CloneWithoutCloneFilesCopiesTheRightsAndLimitsStaySeparate) {
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, false));
  CloneChildArgs args;
  args.fds = &p;
  std::vector<char> stack;
  const pid_t pid = CloneChild(0, &args, &stack);
  ASSERT_OK(pid);
  ExpectProtocol(p, false, pid, "clone child");
  ExpectChildExitedZero(pid, "clone child");
  CloseProtocol(&p);
  ExpectProtocolData(false);
}

TEST_F(PropagationFork, Clone3WithoutCloneFilesCopiesTheRightsAndLimitsStaySeparate) {
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, false));
  const pid_t pid = Clone3(0);
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    _exit(ProtocolChild(p.a, p.b, p.report.w, p.gate.r));
  }
  ASSERT_OK(pid);
  ExpectProtocol(p, false, pid, "clone3 child");
  ExpectChildExitedZero(pid, "clone3 child");
  CloseProtocol(&p);
  ExpectProtocolData(false);
}

// --- one shared table: CLONE_FILES and threads ---

TEST_F(PropagationShared, CloneFilesChildAndParentShareOneSetOfRights) {
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, false));
  CloneChildArgs args;
  args.fds = &p;
  std::vector<char> stack;
  const pid_t pid = CloneChild(CLONE_FILES, &args, &stack);
  ASSERT_OK(pid);
  ExpectProtocol(p, true, pid, "clone(CLONE_FILES) child");
  ExpectChildExitedZero(pid, "clone(CLONE_FILES) child");
  // The child is gone; the limits it set in the shared table stay.
  EXPECT_RIGHTS_EQ(ChildLimit(), GetRights(p.a));
  EXPECT_RIGHTS_EQ(ParentLimit(), GetRights(p.b));
  CloseProtocol(&p);
  ExpectProtocolData(true);
}

TEST_F(PropagationShared, Clone3WithCloneFilesChildAndParentShareOneSetOfRights) {
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, false));
  const pid_t pid = Clone3(CLONE_FILES);
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    _exit(ProtocolChild(p.a, p.b, p.report.w, p.gate.r));
  }
  ASSERT_OK(pid);
  ExpectProtocol(p, true, pid, "clone3(CLONE_FILES) child");
  ExpectChildExitedZero(pid, "clone3(CLONE_FILES) child");
  EXPECT_RIGHTS_EQ(ChildLimit(), GetRights(p.a));
  CloseProtocol(&p);
  ExpectProtocolData(true);
}

TEST_F(PropagationShared, ThreadsShareOneSetOfRights) {
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, false));
  int rc = -1;
  std::thread thread([&] { rc = ProtocolChild(p.a, p.b, p.report.w, p.gate.r); });
  ExpectProtocol(p, true, -1, "thread");
  thread.join();
  EXPECT_EQ(0, rc);
  CloseProtocol(&p);
  ExpectProtocolData(true);
}

// unshare(CLONE_FILES) in a thread gives it a private copy: rights kept, limits separate.
TEST_F(PropagationShared, UnshareFilesKeepsTheRightsAndSeparatesTheLimits) {
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, false));
  int unshare_rc = -1;
  int unshare_errno = 0;
  int rc = -1;
  std::thread thread([&] {
    unshare_rc = unshare(CLONE_FILES);
    unshare_errno = errno;
    rc = ProtocolChild(p.a, p.b, p.report.w, p.gate.r);
  });
  ExpectProtocol(p, false, -1, "thread after unshare(CLONE_FILES)");
  thread.join();
  EXPECT_EQ(0, unshare_rc) << "unshare(CLONE_FILES): " << DescribeErrno(unshare_errno);
  EXPECT_EQ(0, rc);
  CloseProtocol(&p);
  ExpectProtocolData(false);
}

// --- exec ---

// This binary re-executed (`--abi2-protocol-child`) from a forked child: the descriptors
// it inherits keep their rights across execve, and its table is its own.
TEST_F(PropagationExec, ExecKeepsTheRights) {
  const std::string exe = SelfExe();
  ASSERT_FALSE(exe.empty());
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, true));
  ProtocolArgv argv(p);
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = fork();
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    execve(exe.c_str(), argv.argv.data(), environ);
    _exit(kExitExecFailed);
  }
  ASSERT_OK(pid);
  ExpectProtocol(p, false, pid, "exec'd program");
  ExpectChildExitedZero(pid, "exec'd program");
  CloseProtocol(&p);
  ExpectProtocolData(false);
}

// A clone(CLONE_FILES) child execs: execve unshares the table it shared with us, and the
// private copy keeps every right (then limits are separate, as after fork).
TEST_F(PropagationExec, ExecFromASharedTableUnsharesAndKeepsTheRights) {
  const std::string exe = SelfExe();
  ASSERT_FALSE(exe.empty());
  ProtocolFds p;
  ASSERT_TRUE(OpenProtocol(&p, true));
  ProtocolArgv argv(p);
  CloneChildArgs args;
  args.exe = exe.c_str();
  args.argv = argv.argv.data();
  std::vector<char> stack;
  const pid_t pid = CloneChild(CLONE_FILES, &args, &stack);
  ASSERT_OK(pid);
  ExpectProtocol(p, false, pid, "program exec'd from a CLONE_FILES child");
  ExpectChildExitedZero(pid, "program exec'd from a CLONE_FILES child");
  CloseProtocol(&p);
  ExpectProtocolData(false);
}

// --- close_range ---

// Four descriptors at free numbers base..base+3, limited to four different sets.
struct FourSlots {
  int base = -1;
  cap_rights_t rights[4];
};

class PropagationCloseRange : public PropagationTest {
 protected:
  bool PlaceFour(FourSlots* s) {
    s->base = FreeRange(600, 4);
    if (s->base < 0) return false;
    s->rights[0] = Rights({CAP_READ, CAP_FSTAT});
    s->rights[1] = Rights({CAP_WRITE});
    s->rights[2] = Rights({CAP_READ, CAP_WRITE});
    s->rights[3] = AllRights();
    for (int i = 0; i < 4; i++) {
      const int fd = OpenData();
      if (fd < 0 || dup2(fd, s->base + i) != s->base + i) {
        ADD_FAILURE() << "dup2 to " << s->base + i << ": " << DescribeErrno(errno);
        return false;
      }
      close(fd);
      if (i < 3 && cap_rights_limit(s->base + i, &s->rights[i]) != 0) {
        ADD_FAILURE() << "cap_rights_limit(" << s->base + i << "): " << DescribeErrno(errno);
        return false;
      }
    }
    return true;
  }
  void CloseFour(const FourSlots& s) {
    if (s.base >= 0) syscall(SYS_close_range, s.base, s.base + 3, 0);
  }
};

TEST_F(PropagationCloseRange, CloseRangeKeepsTheRightsOfTheSurvivors) {
  FourSlots s;
  ASSERT_TRUE(PlaceFour(&s));
  EXPECT_OK(syscall(SYS_close_range, s.base + 1, s.base + 2, 0));
  EXPECT_SYSCALL_FAIL(EBADF, fcntl(s.base + 1, F_GETFD));
  EXPECT_SYSCALL_FAIL(EBADF, fcntl(s.base + 2, F_GETFD));
  EXPECT_RIGHTS_EQ(s.rights[0], GetRights(s.base));
  EXPECT_NOTCAPABLE(write(s.base, "x", 1));
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(s.base + 3));
  EXPECT_EQ(1, write(s.base + 3, "3", 1)) << DescribeErrno(errno);
  CloseFour(s);
  EXPECT_EQ(std::string(kBase) + "3", Data());
}

TEST_F(PropagationCloseRange, CloseRangeCloexecKeepsTheRights) {
  FourSlots s;
  ASSERT_TRUE(PlaceFour(&s));
  EXPECT_OK(syscall(SYS_close_range, s.base, s.base + 3, CLOSE_RANGE_CLOEXEC));
  for (int i = 0; i < 4; i++) {
    EXPECT_EQ(FD_CLOEXEC, fcntl(s.base + i, F_GETFD)) << s.base + i;
    EXPECT_RIGHTS_EQ(s.rights[i], GetRights(s.base + i));
  }
  EXPECT_NOTCAPABLE(write(s.base, "x", 1));
  EXPECT_EQ(1, write(s.base + 1, "1", 1)) << DescribeErrno(errno);
  CloseFour(s);
  EXPECT_EQ(std::string(kBase) + "1", Data());
}

// CLOSE_RANGE_UNSHARE in a thread: the thread gets a private copy of the table without the
// closed range; the survivors keep their rights there, and from then on the two tables
// are limited separately.
TEST_F(PropagationCloseRange, CloseRangeUnshareKeepsTheRightsOfTheSurvivors) {
  FourSlots s;
  ASSERT_TRUE(PlaceFour(&s));
  std::thread thread([&] {
    EXPECT_OK(syscall(SYS_close_range, s.base + 1, s.base + 2, CLOSE_RANGE_UNSHARE));
    EXPECT_SYSCALL_FAIL(EBADF, fcntl(s.base + 1, F_GETFD));
    EXPECT_SYSCALL_FAIL(EBADF, fcntl(s.base + 2, F_GETFD));
    EXPECT_RIGHTS_EQ(s.rights[0], GetRights(s.base));
    EXPECT_NOTCAPABLE(write(s.base, "x", 1));
    EXPECT_RIGHTS_EQ(AllRights(), GetRights(s.base + 3));
    EXPECT_EQ(1, write(s.base + 3, "t", 1)) << DescribeErrno(errno);
    const cap_rights_t read_only = Rights({CAP_READ});
    EXPECT_OK(cap_rights_limit(s.base + 3, &read_only));
    EXPECT_NOTCAPABLE(write(s.base + 3, "x", 1));
  });
  thread.join();
  // The main thread's table still has all four, each with its own rights.
  for (int i = 0; i < 4; i++) EXPECT_RIGHTS_EQ(s.rights[i], GetRights(s.base + i));
  EXPECT_EQ(1, write(s.base + 3, "m", 1)) << DescribeErrno(errno);
  CloseFour(s);
  EXPECT_EQ(std::string(kBase) + "tm", Data());
}

// --- SCM_RIGHTS and pidfd_getfd ---

TEST_F(PropagationTransfer, ScmRightsReceiverGetsTheSendersRights) {
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  const cap_rights_t read_fstat = Rights({CAP_READ, CAP_FSTAT});
  const int fd = OpenDataLimited(read_fstat);
  ASSERT_OK(fd);
  ASSERT_OK(SendFd(sv[0], fd));
  const int got = RecvFd(sv[1]);
  ASSERT_OK(got);
  EXPECT_NE(fd, got);
  EXPECT_RIGHTS_EQ(read_fstat, GetRights(got));
  EXPECT_NOTCAPABLE(write(got, "x", 1));
  char c;
  EXPECT_EQ(1, read(got, &c, 1)) << DescribeErrno(errno);
  // From here on the received descriptor is limited on its own.
  const cap_rights_t fstat_only = Rights({CAP_FSTAT});
  EXPECT_OK(cap_rights_limit(got, &fstat_only));
  EXPECT_RIGHTS_EQ(read_fstat, GetRights(fd));
  for (const int x : {fd, got, sv[0], sv[1]}) close(x);
  EXPECT_EQ(kBase, Data());
}

// The child limits its (fork-copied) descriptor and sends it; we receive its rights, while
// our own descriptor of the same number and open file keeps every right.
TEST_F(PropagationTransfer, ScmRightsFromAnotherProcessCarriesItsSlotsRights) {
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  const int fd = OpenData();
  ASSERT_OK(fd);
  const cap_rights_t read_fstat = Rights({CAP_READ, CAP_FSTAT});
  const pid_t pid = ForkChild([&] {
    ASSERT_OK(cap_rights_limit(fd, &read_fstat));
    ASSERT_OK(SendFd(sv[0], fd));
  });
  ASSERT_OK(pid);
  int got = -1;
  // Wait for the message without blocking forever if the child failed.
  if (WaitReadable(sv[1], "the child's descriptor", pid)) got = RecvFd(sv[1]);
  ExpectChildPassed(pid, "sending child");
  ASSERT_OK(got);
  EXPECT_RIGHTS_EQ(read_fstat, GetRights(got));
  EXPECT_NOTCAPABLE(write(got, "x", 1));
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  EXPECT_EQ(1, write(fd, "p", 1)) << DescribeErrno(errno);
  for (const int x : {fd, got, sv[0], sv[1]}) close(x);
  EXPECT_EQ(std::string(kBase) + "p", Data());
}

// The rights travel in the message: closing the sender's descriptor before the receive, and
// reusing its number for an unlimited descriptor, changes nothing for the receiver.
TEST_F(PropagationTransfer, ScmRightsSenderClosingAfterTheSendKeepsTheLimit) {
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  const cap_rights_t read_fstat = Rights({CAP_READ, CAP_FSTAT});
  const int fd = OpenDataLimited(read_fstat);
  ASSERT_OK(fd);
  ASSERT_OK(SendFd(sv[0], fd));
  close(fd);
  const int reused = OpenData();
  ASSERT_OK(reused);
  const int got = RecvFd(sv[1]);
  ASSERT_OK(got);
  EXPECT_RIGHTS_EQ(read_fstat, GetRights(got));
  EXPECT_NOTCAPABLE(write(got, "x", 1));
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(reused));
  for (const int x : {reused, got, sv[0], sv[1]}) close(x);
  EXPECT_EQ(kBase, Data());
}

// FreeBSD copies the descriptor's rights into the message when it is sent (unp_internalize):
// a limit the sender sets after the send does not reach the message already in flight.
TEST_F(PropagationTransfer, ScmRightsCarriesTheRightsAtTheTimeOfTheSend) {
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  const cap_rights_t rwf = Rights({CAP_READ, CAP_WRITE, CAP_FSTAT});
  const int fd = OpenDataLimited(rwf);
  ASSERT_OK(fd);
  ASSERT_OK(SendFd(sv[0], fd));
  const cap_rights_t read_only = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(fd, &read_only));
  const int got = RecvFd(sv[1]);
  ASSERT_OK(got);
  EXPECT_RIGHTS_EQ(rwf, GetRights(got));
  EXPECT_EQ(1, write(got, "w", 1)) << DescribeErrno(errno);
  EXPECT_NOTCAPABLE(write(fd, "x", 1));
  for (const int x : {fd, got, sv[0], sv[1]}) close(x);
  EXPECT_EQ(std::string(kBase) + "w", Data());
}

// The receiver gets the rights of the descriptor that was sent: an unlimited descriptor
// arrives with every right, even when another descriptor of the same open file is limited.
TEST_F(PropagationTransfer, ScmRightsOfAnUnlimitedDescriptorGivesAllRights) {
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  const int fd = OpenData();
  ASSERT_OK(fd);
  const int copy = dup(fd);
  ASSERT_OK(copy);
  const cap_rights_t read_only = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(copy, &read_only));
  ASSERT_OK(SendFd(sv[0], fd));
  const int got = RecvFd(sv[1]);
  ASSERT_OK(got);
  EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(got));
  EXPECT_EQ(1, write(got, "a", 1)) << DescribeErrno(errno);
  EXPECT_NOTCAPABLE(write(copy, "x", 1));
  for (const int x : {fd, copy, got, sv[0], sv[1]}) close(x);
  EXPECT_EQ(std::string(kBase) + "a", Data());
}

// pidfd_getfd: the new descriptor has the source descriptor's rights (CAPSICUM.md section 5),
// from another process (whose copy of the number is limited, ours is not) and from ourselves.
TEST_F(PropagationTransfer, PidfdGetfdGetsTheSourceDescriptorsRights) {
  const int fd = OpenData();
  ASSERT_OK(fd);
  Pipe ready, gate;
  ASSERT_TRUE(ready.Open());
  ASSERT_TRUE(gate.Open());
  const cap_rights_t read_fstat = Rights({CAP_READ, CAP_FSTAT});
  const pid_t pid = ForkChild([&] {
    EXPECT_OK(cap_rights_limit(fd, &read_fstat));
    EXPECT_TRUE(WriteAll(ready.w, "r", 1));
    char c;
    EXPECT_EQ(1, read(gate.r, &c, 1));
  });
  ASSERT_OK(pid);
  char c;
  if (ReadAll(ready.r, &c, 1, "the child's limit", pid)) {
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    EXPECT_OK(pidfd);
    const int got = static_cast<int>(syscall(SYS_pidfd_getfd, pidfd, fd, 0));
    EXPECT_OK(got);
    if (got >= 0) {
      EXPECT_RIGHTS_EQ(read_fstat, GetRights(got));
      EXPECT_NOTCAPABLE(write(got, "x", 1));
      close(got);
    }
    if (pidfd >= 0) close(pidfd);
  }
  EXPECT_TRUE(WriteAll(gate.w, "g", 1));
  ExpectChildPassed(pid, "child holding the limited descriptor");
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  EXPECT_EQ(1, write(fd, "p", 1)) << DescribeErrno(errno);

  // From ourselves: a limited dup of fd.
  const int self = static_cast<int>(syscall(SYS_pidfd_open, getpid(), 0));
  ASSERT_OK(self);
  const int copy = dup(fd);
  ASSERT_OK(copy);
  const cap_rights_t read_only = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(copy, &read_only));
  const int got = static_cast<int>(syscall(SYS_pidfd_getfd, self, copy, 0));
  ASSERT_OK(got);
  EXPECT_RIGHTS_EQ(read_only, GetRights(got));
  EXPECT_NOTCAPABLE(write(got, "x", 1));
  for (const int x : {self, copy, got, fd}) close(x);
  ready.Close();
  gate.Close();
  EXPECT_EQ(std::string(kBase) + "p", Data());
}

// Likewise for pidfd_getfd of an unlimited descriptor whose open file is limited elsewhere.
TEST_F(PropagationTransfer, PidfdGetfdOfAnUnlimitedDescriptorGivesAllRights) {
  const int fd = OpenData();
  ASSERT_OK(fd);
  const int copy = dup(fd);
  ASSERT_OK(copy);
  const cap_rights_t read_only = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(copy, &read_only));
  const int self = static_cast<int>(syscall(SYS_pidfd_open, getpid(), 0));
  ASSERT_OK(self);
  const int got = static_cast<int>(syscall(SYS_pidfd_getfd, self, fd, 0));
  ASSERT_OK(got);
  EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(got));
  EXPECT_EQ(1, write(got, "a", 1)) << DescribeErrno(errno);
  for (const int x : {fd, copy, got, self}) close(x);
  EXPECT_EQ(std::string(kBase) + "a", Data());
}

// --- descriptors that are created: openat, openat2, accept, reuse of a number ---

class PropagationOpenat : public PropagationTest {
 protected:
  void SetUp() override {
    PropagationTest::SetUp();
    if (HasFatalFailure()) return;
    dir_ = scratch_.Path("dir");
    ASSERT_OK(mkdir(dir_.c_str(), 0755));
    WriteFile(dir_ + "/file", "inside");
  }
  // The directory, limited to LOOKUP|READ|FSTAT|FCNTL|IOCTL (no SEEK, no WRITE), its fcntls
  // to F_GETFL and its ioctls to FIONREAD.  *expected gets all of that.
  int OpenLimitedDir(SubRights* expected) {
    const cap_rights_t rights = Rights({CAP_LOOKUP, CAP_READ, CAP_FSTAT, CAP_FCNTL, CAP_IOCTL});
    const int dir = OpenLimited(dir_, O_RDONLY | O_DIRECTORY, rights);
    if (dir < 0) return -1;
    EXPECT_OK(cap_fcntls_limit(dir, CAP_FCNTL_GETFL));
    EXPECT_OK(IoctlsLimit(dir, {FIONREAD}));
    *expected = MakeSubRights(rights, CAP_FCNTL_GETFL, {FIONREAD});
    EXPECT_SUBRIGHTS_EQ(*expected, GetSubRights(dir));
    return dir;
  }
  // The new descriptor: exactly the dirfd's rights; it reads (READ) but cannot pread
  // (no SEEK).
  void ExpectOpenedLikeTheDir(int fd, const SubRights& expected) {
    EXPECT_SUBRIGHTS_EQ(expected, GetSubRights(fd));
    char buf[16] = {};
    EXPECT_NOTCAPABLE(pread(fd, buf, sizeof(buf), 0));
    EXPECT_EQ(6, read(fd, buf, sizeof(buf))) << DescribeErrno(errno);
    EXPECT_EQ("inside", std::string(buf, 6));
  }
  std::string dir_;
};

TEST_F(PropagationOpenat, OpenatFromALimitedDirfdHasExactlyItsRightsAndSubRights) {
  SubRights expected;
  const int dir = OpenLimitedDir(&expected);
  ASSERT_OK(dir);
  const int fd = openat(dir, "file", O_RDONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  ExpectOpenedLikeTheDir(fd, expected);
  close(fd);
  close(dir);
}

TEST_F(PropagationOpenat, Openat2FromALimitedDirfdHasExactlyItsRightsAndSubRights) {
  SubRights expected;
  const int dir = OpenLimitedDir(&expected);
  ASSERT_OK(dir);
  struct open_how how;
  memset(&how, 0, sizeof(how));
  how.flags = O_RDONLY | O_CLOEXEC;
  const int fd = static_cast<int>(syscall(SYS_openat2, dir, "file", &how, sizeof(how)));
  ASSERT_OK(fd);
  ExpectOpenedLikeTheDir(fd, expected);
  close(fd);
  close(dir);
}

// We follow FreeBSD: the accepted socket is a new descriptor with every right, whatever the
// listening socket was limited to (the earlier Linux port copied the listener's rights).
TEST_F(PropagationOpen, AcceptOnALimitedListeningSocketGivesAllRights) {
  const std::string path = scratch_.Path("sock");
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof(addr));
  addr.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof(addr.sun_path));
  memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(listener);
  ASSERT_OK(bind(listener, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)));
  ASSERT_OK(listen(listener, 4));
  const cap_rights_t listener_rights = Rights({CAP_ACCEPT, CAP_FSTAT});
  ASSERT_OK(cap_rights_limit(listener, &listener_rights));
  const int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(client);
  ASSERT_OK(connect(client, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)));
  const int accepted = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_OK(accepted);
  EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(accepted));
  EXPECT_RIGHTS_EQ(listener_rights, GetRights(listener));
  EXPECT_EQ(1, write(accepted, "x", 1)) << DescribeErrno(errno);
  char c = 0;
  EXPECT_EQ(1, read(client, &c, 1));
  EXPECT_EQ('x', c);
  for (const int x : {accepted, client, listener}) close(x);
}

// A number closed while limited (rights and both sub-lists) and reused by any way of making
// a descriptor starts over with every right: nothing of the old limit stays on the slot.
TEST_F(PropagationOpen, ReusedDescriptorNumberStartsWithAllRights) {
  const int dirfd = open(scratch_.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_OK(dirfd);
  const int spare = OpenData();
  ASSERT_OK(spare);
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  // For accept: a listener with one connection waiting, made before the number is freed.
  const std::string path = scratch_.Path("sock");
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof(addr));
  addr.sun_family = AF_UNIX;
  memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(listener);
  ASSERT_OK(bind(listener, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)));
  ASSERT_OK(listen(listener, 4));
  const int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_OK(client);
  ASSERT_OK(connect(client, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)));

  int extra = -1;  // a second descriptor some ways make (pipe2's write end)
  struct Way {
    const char* name;
    std::function<int()> make;
  };
  const std::vector<Way> ways = {
      {"open", [&] { return open(path_.c_str(), O_RDWR | O_CLOEXEC); }},
      {"openat", [&] { return openat(dirfd, "data", O_RDWR | O_CLOEXEC); }},
      {"dup", [&] { return dup(spare); }},
      {"fcntl(F_DUPFD_CLOEXEC)", [&] { return fcntl(spare, F_DUPFD_CLOEXEC, 0); }},
      {"pipe2",
       [&] {
         int p[2];
         if (pipe2(p, O_CLOEXEC) != 0) return -1;
         extra = p[1];
         return p[0];
       }},
      {"socket", [] { return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0); }},
      {"eventfd", [] { return eventfd(0, EFD_CLOEXEC); }},
      {"memfd_create", [] { return memfd_create("capsicum-e2e", MFD_CLOEXEC); }},
      {"accept4", [&] { return accept4(listener, nullptr, nullptr, SOCK_CLOEXEC); }},
      {"recvmsg(SCM_RIGHTS)", [&] { return SendFd(sv[0], spare) == 0 ? RecvFd(sv[1]) : -1; }},
  };
  const cap_rights_t limited = Rights({CAP_READ, CAP_FCNTL, CAP_IOCTL});
  for (const Way& way : ways) {
    SCOPED_TRACE(way.name);
    const int n = OpenData();
    ASSERT_OK(n);
    ASSERT_OK(cap_rights_limit(n, &limited));
    EXPECT_OK(cap_fcntls_limit(n, 0));
    EXPECT_OK(IoctlsLimit(n, {}));
    ASSERT_OK(close(n));
    extra = -1;
    const int got = way.make();
    ASSERT_OK(got);
    EXPECT_EQ(n, got) << way.name << " did not reuse the lowest free number";
    EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(got));
    close(got);
    if (extra >= 0) close(extra);
  }
  for (const int x : {dirfd, spare, sv[0], sv[1], listener, client}) close(x);
}

// Descriptors nobody limited hold every right, whatever happened to other descriptors of the
// same open file.  stdin/stdout/stderr were opened before the module was even loaded (by the
// guest's /init, or the shell that started us) and are never limited.
TEST_F(PropagationOpen, DescriptorsOpenedBeforeAnyLimitHoldAllRights) {
  int stdio_open = 0;
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) < 0) continue;
    stdio_open++;
    EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(fd)) << "descriptor " << fd;
  }
  EXPECT_GT(stdio_open, 0) << "none of stdin, stdout, stderr is open: run with them open";

  const int fd = OpenData();
  ASSERT_OK(fd);
  const int copy = dup(fd);
  ASSERT_OK(copy);
  const cap_rights_t read_only = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(copy, &read_only));
  EXPECT_OK(cap_fcntls_limit(copy, 0));
  const pid_t pid = ForkChild([&] {
    const cap_rights_t none = Rights({});
    EXPECT_OK(cap_rights_limit(fd, &none));
  });
  ExpectChildPassed(pid, "child limiting its copy");
  EXPECT_SUBRIGHTS_EQ(AllSubRights(), GetSubRights(fd));
  EXPECT_EQ(1, write(fd, "f", 1)) << DescribeErrno(errno);
  close(copy);
  close(fd);
  EXPECT_EQ(std::string(kBase) + "f", Data());
}

}  // namespace
}  // namespace capsicum_e2e
