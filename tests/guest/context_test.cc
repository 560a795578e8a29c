// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: rights enforced where the syscall context is unusual: io_uring and ia32.
//
// io_uring.  An operation submitted to a ring reaches the same hooks as read(2) and write(2)
// (rw_verify_area -> file_permission), but the task is in io_uring_enter, or is an io-wq
// worker in no syscall at all (IOSQE_ASYNC), so no syscall argument names the descriptor.
// The module then judges the file by its *floor*, the intersection of the rights of every
// descriptor of that file, and asks for the positional right (CAP_PREAD, CAP_PWRITE), since
// it cannot tell whether an offset is used (docs/design.md, "Fail safe where the facts are
// missing").  Each test's file has exactly one descriptor, a fresh open, so its floor is
// that descriptor's rights; IoUringFloor shows what the floor means for a second, unlimited
// descriptor of the same file.  There is no liburing in the guest: IoUring (raw_syscalls.h) is a
// minimal ring over the raw syscalls.  A kernel without io_uring FAILS these tests.
// The path operations (MKDIRAT, UNLINKAT, RENAMEAT, STATX) name no descriptor the module can
// see at all; IoUringPath and DivergenceIoUringCapMode test what it does instead.
//
// ia32.  `int $0x80` from this 64-bit binary enters the kernel through the 32-bit table,
// where 3 is read (natively: close), 4 write, 180 pread64 (offset in two halves), 197
// fstat64, 28 oldfstat and 89 readdir.  The module must look the number up in the ia32
// table.  The kernel reads only the low 32 bits of each pointer, so every buffer is mapped
// below 4 GiB (MAP_32BIT).  Each ia32 test runs in a forked child: a kernel booted without
// ia32 emulation answers int $0x80 with SIGSEGV, which must fail the test, not end the whole
// run.
#include <dirent.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "abi2_test.h"
#include "capsicum_test.h"
#include "fd_query.h"
#include "raw_syscalls.h"

namespace capsicum_e2e {
namespace {

constexpr char kContents[] = "0123456789";
constexpr size_t kContentsLen = sizeof(kContents) - 1;
// What a buffer holds before a call that must not fill it.
constexpr char kUntouched = 'X';

// Every right but `right`: the descriptor lacks exactly the one that matters.
cap_rights_t AllRightsExcept(uint64_t right) {
  cap_rights_t rights = AllRights();
  cap_rights_clear(&rights, right);
  return rights;
}

// An SQE for IORING_OP_READ/WRITE (addr: the buffer) or _READV/_WRITEV (addr: the iovecs,
// len: their count).  offset ~0: the file position, like read(2).
struct io_uring_sqe RwSqe(uint8_t op, int fd, const void* addr, uint32_t len, uint64_t offset,
                          uint8_t flags = 0) {
  struct io_uring_sqe sqe;
  memset(&sqe, 0, sizeof(sqe));
  sqe.opcode = op;
  sqe.flags = flags;
  sqe.fd = fd;
  sqe.addr = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(addr));
  sqe.len = len;
  sqe.off = offset;
  sqe.user_data = 0x5eed;
  return sqe;
}

constexpr uint64_t kFilePosition = ~0ULL;

class IoUringTest : public Abi2Test {
 protected:
  void SetUp() override {
    Abi2Test::SetUp();
    if (HasFatalFailure()) return;
    path_ = scratch_.Path("data");
    WriteFile(path_, kContents);
    ASSERT_TRUE(ring_.Init());
  }
  int OpenWith(const cap_rights_t& rights) { return OpenLimited(path_, O_RDWR, rights); }

  ScratchDir scratch_;
  std::string path_;
  IoUring ring_;
};

using IoUringRead = IoUringTest;
using IoUringWrite = IoUringTest;
using IoUringAsync = IoUringTest;
using IoUringFloor = IoUringTest;

// --- IORING_OP_READ, IORING_OP_READV ---

TEST_F(IoUringRead, ReadWithoutCapReadIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_READ));
  ASSERT_OK(fd);
  std::string buf(16, kUntouched);
  for (const uint64_t offset : {uint64_t{0}, kFilePosition}) {
    const auto cqe = ring_.Run(RwSqe(IORING_OP_READ, fd, buf.data(), kContentsLen, offset));
    EXPECT_EQ(-ENOTCAPABLE, cqe.res) << "offset " << static_cast<int64_t>(offset);
    EXPECT_EQ(0x5eedu, cqe.user_data);
  }
  EXPECT_EQ(std::string(16, kUntouched), buf) << "bytes of the file reached the buffer";
  EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR)) << "the refused read moved the file position";
  close(fd);
}

TEST_F(IoUringRead, ReadvWithoutCapReadIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_READ));
  ASSERT_OK(fd);
  std::string a(4, kUntouched), b(8, kUntouched);
  struct iovec iov[2] = {{a.data(), a.size()}, {b.data(), b.size()}};
  for (const uint64_t offset : {uint64_t{0}, kFilePosition}) {
    const auto cqe = ring_.Run(RwSqe(IORING_OP_READV, fd, iov, 2, offset));
    EXPECT_EQ(-ENOTCAPABLE, cqe.res) << "offset " << static_cast<int64_t>(offset);
  }
  EXPECT_EQ(std::string(4, kUntouched), a);
  EXPECT_EQ(std::string(8, kUntouched), b);
  close(fd);
}

TEST_F(IoUringRead, ReadWithReadAndSeekReturnsTheBytes) {
  const int fd = OpenWith(Rights({CAP_READ, CAP_SEEK}));
  ASSERT_OK(fd);
  std::string buf(16, kUntouched);
  auto cqe = ring_.Run(RwSqe(IORING_OP_READ, fd, buf.data(), kContentsLen, 0));
  EXPECT_EQ(static_cast<int>(kContentsLen), cqe.res);
  EXPECT_EQ(std::string(kContents) + std::string(6, kUntouched), buf);
  // At the file position too.
  std::string two(2, kUntouched);
  cqe = ring_.Run(RwSqe(IORING_OP_READ, fd, two.data(), 2, kFilePosition));
  EXPECT_EQ(2, cqe.res);
  EXPECT_EQ("01", two);
  close(fd);
}

TEST_F(IoUringRead, ReadvWithReadAndSeekReturnsTheBytes) {
  const int fd = OpenWith(Rights({CAP_READ, CAP_SEEK}));
  ASSERT_OK(fd);
  std::string a(2, kUntouched), b(3, kUntouched);
  struct iovec iov[2] = {{a.data(), a.size()}, {b.data(), b.size()}};
  const auto cqe = ring_.Run(RwSqe(IORING_OP_READV, fd, iov, 2, 4));
  EXPECT_EQ(5, cqe.res);
  EXPECT_EQ("45", a);
  EXPECT_EQ("678", b);
  close(fd);
}

// The fail-safe of docs/design.md: the module cannot tell whether an io_uring read uses an
// offset, so it asks for CAP_PREAD (CAP_READ|CAP_SEEK) even at the file position, where
// read(2) needs only CAP_READ.  Stricter than necessary; if the module learns to tell the
// two apart, the kFilePosition case should succeed.
TEST_F(IoUringRead, ReadWithCapReadAloneNeedsThePositionalRight) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  std::string buf(16, kUntouched);
  for (const uint64_t offset : {uint64_t{0}, kFilePosition}) {
    const auto cqe = ring_.Run(RwSqe(IORING_OP_READ, fd, buf.data(), kContentsLen, offset));
    EXPECT_EQ(-ENOTCAPABLE, cqe.res) << "offset " << static_cast<int64_t>(offset);
  }
  EXPECT_EQ(std::string(16, kUntouched), buf);
  char c;
  EXPECT_EQ(1, read(fd, &c, 1)) << "read(2) needs only CAP_READ";
  close(fd);
}

// --- IORING_OP_WRITE, IORING_OP_WRITEV ---

TEST_F(IoUringWrite, WriteWithoutCapWriteIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_WRITE));
  ASSERT_OK(fd);
  const char data[] = "abc";
  for (const uint64_t offset : {uint64_t{0}, kFilePosition}) {
    const auto cqe = ring_.Run(RwSqe(IORING_OP_WRITE, fd, data, 3, offset));
    EXPECT_EQ(-ENOTCAPABLE, cqe.res) << "offset " << static_cast<int64_t>(offset);
  }
  struct iovec iov = {const_cast<char*>(data), 3};
  const auto cqe = ring_.Run(RwSqe(IORING_OP_WRITEV, fd, &iov, 1, 0));
  EXPECT_EQ(-ENOTCAPABLE, cqe.res) << "IORING_OP_WRITEV";
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_)) << "a refused write changed the file";
}

TEST_F(IoUringWrite, WriteWithWriteAndSeekWritesTheBytes) {
  const int fd = OpenWith(Rights({CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(fd);
  const auto cqe = ring_.Run(RwSqe(IORING_OP_WRITE, fd, "abc", 3, 2));
  EXPECT_EQ(3, cqe.res);
  close(fd);
  EXPECT_EQ("01abc56789", ReadFile(path_));
}

// --- IOSQE_ASYNC: the operation runs in an io-wq worker, a thread in no syscall ---

TEST_F(IoUringAsync, ReadWithoutCapReadIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_READ));
  ASSERT_OK(fd);
  std::string buf(16, kUntouched);
  auto cqe = ring_.Run(RwSqe(IORING_OP_READ, fd, buf.data(), kContentsLen, 0, IOSQE_ASYNC));
  EXPECT_EQ(-ENOTCAPABLE, cqe.res);
  std::string a(4, kUntouched);
  struct iovec iov = {a.data(), a.size()};
  cqe = ring_.Run(RwSqe(IORING_OP_READV, fd, &iov, 1, 0, IOSQE_ASYNC));
  EXPECT_EQ(-ENOTCAPABLE, cqe.res) << "IORING_OP_READV";
  EXPECT_EQ(std::string(16, kUntouched), buf);
  EXPECT_EQ(std::string(4, kUntouched), a);
  close(fd);
}

TEST_F(IoUringAsync, ReadWithReadAndSeekReturnsTheBytes) {
  const int fd = OpenWith(Rights({CAP_READ, CAP_SEEK}));
  ASSERT_OK(fd);
  std::string buf(16, kUntouched);
  const auto cqe = ring_.Run(RwSqe(IORING_OP_READ, fd, buf.data(), kContentsLen, 0, IOSQE_ASYNC));
  EXPECT_EQ(static_cast<int>(kContentsLen), cqe.res);
  EXPECT_EQ(std::string(kContents) + std::string(6, kUntouched), buf);
  close(fd);
}

TEST_F(IoUringAsync, WriteWithoutCapWriteIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_WRITE));
  ASSERT_OK(fd);
  const auto cqe = ring_.Run(RwSqe(IORING_OP_WRITE, fd, "abc", 3, 0, IOSQE_ASYNC));
  EXPECT_EQ(-ENOTCAPABLE, cqe.res);
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_)) << "a refused write changed the file";
}

// --- the floor ---

// Two descriptors of one open file, one unlimited and one limited without CAP_READ: read(2)
// through the unlimited one works, but an io_uring read through it is judged by the file's
// floor (the intersection of both) and refused.  Stricter than the descriptor's own rights:
// nothing in an io_uring operation says which slot the file came from.
TEST_F(IoUringFloor, ReadThroughAnUnlimitedDescriptorIsJudgedByTheFileFloor) {
  const int fd = open(path_.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_OK(fd);
  const int limited = dup(fd);
  ASSERT_OK(limited);
  const cap_rights_t no_read = AllRightsExcept(CAP_READ);
  ASSERT_OK(cap_rights_limit(limited, &no_read));
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  std::string buf(16, kUntouched);
  const auto cqe = ring_.Run(RwSqe(IORING_OP_READ, fd, buf.data(), kContentsLen, 0));
  EXPECT_EQ(-ENOTCAPABLE, cqe.res);
  EXPECT_EQ(std::string(16, kUntouched), buf);
  char two[2] = {};
  EXPECT_EQ(2, pread(fd, two, 2, 0)) << "pread(2) on the unlimited descriptor";
  close(limited);
  close(fd);
}

// --- io_uring path operations: MKDIRAT, UNLINKAT, RENAMEAT, STATX ---
//
// These run in an io-wq worker (io_uring forces them async), whose registers name none of the
// request's descriptors, so the module cannot know which directory descriptor a request uses
// or what rights it holds.  Its rule (kmod/policy.c, capsicum_decide_unnamed()): in capability
// mode such an operation is ECAPMODE; outside it, ENOTCAPABLE while the process's descriptor
// table holds any limited descriptor (the request may have used it), and unaffected while it
// holds none.  Both can refuse what the same call made as a syscall would be allowed to do.

static_assert(ENOTCAPABLE == 135, "the completions below are compared with -135");
static_assert(ECAPMODE == 134, "the completions below are compared with -134");

struct io_uring_sqe MkdiratSqe(int dirfd, const char* path) {
  struct io_uring_sqe sqe = PathSqe(IORING_OP_MKDIRAT, dirfd, path);
  sqe.len = 0755;  // the mode
  return sqe;
}

struct io_uring_sqe UnlinkatSqe(int dirfd, const char* path) {
  return PathSqe(IORING_OP_UNLINKAT, dirfd, path);  // unlink_flags 0: a file
}

struct io_uring_sqe RenameatSqe(int old_dirfd, const char* old_path, int new_dirfd,
                                const char* new_path) {
  struct io_uring_sqe sqe = PathSqe(IORING_OP_RENAMEAT, old_dirfd, old_path);
  sqe.len = static_cast<uint32_t>(new_dirfd);
  sqe.addr2 = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(new_path));
  return sqe;  // rename_flags 0
}

struct io_uring_sqe StatxSqe(int dirfd, const char* path, struct statx* out) {
  struct io_uring_sqe sqe = PathSqe(IORING_OP_STATX, dirfd, path);
  sqe.len = STATX_TYPE | STATX_SIZE;  // the mask
  sqe.addr2 = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(out));
  sqe.statx_flags = AT_SYMLINK_NOFOLLOW;
  return sqe;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The descriptors of this process that the module counts as limited (CAPSICUM_IOC_FD_QUERY's
// CAPSICUM_FD_LIMITED: fewer than all rights), over /proc/self/fd.
std::vector<int> LimitedDescriptors() {
  std::vector<int> open_fds, limited;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) {
    ADD_FAILURE() << "opendir(/proc/self/fd): " << DescribeErrno(errno);
    return limited;
  }
  while (const struct dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    const int fd = atoi(entry->d_name);
    if (fd != dirfd(dir)) open_fds.push_back(fd);
  }
  closedir(dir);
  for (const int fd : open_fds) {
    const auto info = capsicum::QueryFd(0, fd);
    if (!info.ok()) {
      ADD_FAILURE() << "CAPSICUM_IOC_FD_QUERY(descriptor " << fd
                    << "): " << DescribeErrno(info.error().value);
      continue;
    }
    if (info.value().limited()) limited.push_back(fd);
  }
  return limited;
}

// scratch/box/{a,b,c} and scratch/outside, each holding kContents.
class IoUringPathTest : public Abi2Test {
 protected:
  void SetUp() override {
    Abi2Test::SetUp();
    if (HasFatalFailure()) return;
    box_ = scratch_.Path("box");
    ASSERT_OK(mkdir(box_.c_str(), 0755));
    for (const char* name : {"a", "b", "c"}) WriteFile(InBox(name), kContents);
    WriteFile(scratch_.Path("outside"), kContents);
  }
  std::string InBox(const std::string& name) const { return box_ + "/" + name; }

  ScratchDir scratch_;
  std::string box_;
};

using IoUringPath = IoUringPathTest;
using DivergenceIoUringCapMode = IoUringPathTest;

// Through a directory descriptor without CAP_MKDIRAT, CAP_UNLINKAT, CAP_RENAMEAT_* or
// CAP_FSTATAT, as mkdirat(2), unlinkat(2), renameat(2) and statx(2) through it would be.
// (The refusal does not depend on this descriptor: any limited one in the table suffices.)
TEST_F(IoUringPath, OpsThroughALimitedDirfdAreNotCapable) {
  IoUring ring;
  ASSERT_TRUE(ring.Init());
  const int box = OpenLimited(box_, O_RDONLY | O_DIRECTORY, Rights({CAP_LOOKUP, CAP_READ}));
  ASSERT_OK(box);

  auto cqe = ring.Run(MkdiratSqe(box, "m"));
  EXPECT_EQ(-135, cqe.res) << "IORING_OP_MKDIRAT";
  EXPECT_EQ(0x5eedu, cqe.user_data);
  EXPECT_FALSE(PathExists(InBox("m"))) << "the refused mkdirat made box/m";

  cqe = ring.Run(UnlinkatSqe(box, "a"));
  EXPECT_EQ(-135, cqe.res) << "IORING_OP_UNLINKAT";
  EXPECT_EQ(kContents, ReadFile(InBox("a"))) << "the refused unlinkat removed box/a";

  cqe = ring.Run(RenameatSqe(box, "b", box, "b2"));
  EXPECT_EQ(-135, cqe.res) << "IORING_OP_RENAMEAT";
  EXPECT_EQ(kContents, ReadFile(InBox("b"))) << "the refused renameat moved box/b";
  EXPECT_FALSE(PathExists(InBox("b2"))) << "the refused renameat made box/b2";

  struct statx stx;
  memset(&stx, kUntouched, sizeof(stx));
  cqe = ring.Run(StatxSqe(box, "c", &stx));
  EXPECT_EQ(-135, cqe.res) << "IORING_OP_STATX";
  EXPECT_EQ(std::string(sizeof(stx), kUntouched),
            std::string(reinterpret_cast<const char*>(&stx), sizeof(stx)))
      << "the refused statx filled the buffer";

  std::vector<std::string> names;
  DIR* dir = opendir(box_.c_str());
  ASSERT_NE(nullptr, dir) << DescribeErrno(errno);
  while (const struct dirent* entry = readdir(dir))
    if (entry->d_name[0] != '.') names.push_back(entry->d_name);
  closedir(dir);
  std::sort(names.begin(), names.end());
  EXPECT_EQ((std::vector<std::string>{"a", "b", "c"}), names) << "box/ changed";
  close(box);
}

// With no limited descriptor in the table the four operations work through an unlimited
// dirfd, as without the module.  In a forked child, whose table is its own: it first closes
// any limited descriptor it inherited (none, unless an earlier test leaked one), then checks
// every descriptor in /proc/self/fd with CAPSICUM_IOC_FD_QUERY.  Then it shows the other half
// of the rule: an unrelated limited descriptor (a file the request never names) is enough for
// ENOTCAPABLE, and closing it lifts the refusal.  FreeBSD has no io_uring; judged as syscalls,
// that refusal would be stricter than FreeBSD, which would look only at the dirfd.
TEST_F(IoUringPath, OpsWithNoLimitedDescriptorInTheTableSucceed) {
  const std::string spare = scratch_.Path("outside");
  RunInChild([this, &spare] {
    for (const int fd : LimitedDescriptors()) close(fd);
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    const int box = open(box_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_OK(box);
    const std::vector<int> limited = LimitedDescriptors();
    ASSERT_TRUE(limited.empty()) << "descriptor " << limited.front()
                                 << " is still limited: the check below would not be free";

    EXPECT_EQ(0, ring.Run(MkdiratSqe(box, "m")).res) << "IORING_OP_MKDIRAT";
    EXPECT_EQ(0, ring.Run(UnlinkatSqe(box, "a")).res) << "IORING_OP_UNLINKAT";
    EXPECT_EQ(0, ring.Run(RenameatSqe(box, "b", box, "b2")).res) << "IORING_OP_RENAMEAT";
    struct statx stx;
    memset(&stx, 0, sizeof(stx));
    EXPECT_EQ(0, ring.Run(StatxSqe(box, "c", &stx)).res) << "IORING_OP_STATX";
    EXPECT_EQ(STATX_TYPE | STATX_SIZE, stx.stx_mask & (STATX_TYPE | STATX_SIZE));
    EXPECT_TRUE(S_ISREG(stx.stx_mode)) << "stx_mode " << std::oct << stx.stx_mode;
    EXPECT_EQ(kContentsLen, stx.stx_size);

    // An unrelated limited descriptor: the same request through the same dirfd is refused.
    const int other = OpenLimited(spare, O_RDONLY, Rights({CAP_READ}));
    ASSERT_OK(other);
    EXPECT_EQ(-135, ring.Run(MkdiratSqe(box, "m2")).res)
        << "IORING_OP_MKDIRAT with an unrelated limited descriptor open";
    EXPECT_FALSE(IsDirectory(InBox("m2")));
    close(other);
    EXPECT_EQ(0, ring.Run(MkdiratSqe(box, "m2")).res)
        << "IORING_OP_MKDIRAT after closing the unrelated limited descriptor";
    close(box);
  });
  EXPECT_TRUE(IsDirectory(InBox("m"))) << "box/m";
  EXPECT_TRUE(IsDirectory(InBox("m2"))) << "box/m2";
  EXPECT_FALSE(PathExists(InBox("a"))) << "box/a was not removed";
  EXPECT_FALSE(PathExists(InBox("b"))) << "box/b was not renamed";
  EXPECT_EQ(kContents, ReadFile(InBox("b2")));
  EXPECT_EQ(kContents, ReadFile(InBox("c")));
}

// Documented divergence (stricter; FreeBSD has no io_uring).  In capability mode every io_uring
// path operation is ECAPMODE, even one the dirfd's rights would allow as a syscall and whose
// name is beneath it: mkdirat(2)(box, NAME) with CAP_MKDIRAT works, IORING_OP_MKDIRAT does
// not.  The escape the rule closes: IORING_OP_UNLINKAT(box, "../outside") removed a file
// outside the sandbox before the module knew io_uring.  If the module learns which dirfd a
// request names, the MKDIRAT here should succeed (and the UNLINKAT be ENOTCAPABLE, like
// unlinkat(2)): move it to IoUringPath then.  The ring is set up, and an io-wq worker started
// (an IOSQE_ASYNC NOP), before cap_enter, as a program preparing its sandbox would.
TEST_F(DivergenceIoUringCapMode, PathOpsAreCapmodeEvenBeneathTheDirfd) {
  RunInChild([this] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    struct io_uring_sqe nop = PathSqe(IORING_OP_NOP, -1, nullptr);
    nop.flags = IOSQE_ASYNC;
    ASSERT_EQ(0, ring.Run(nop).res) << "IORING_OP_NOP before cap_enter";
    const int box = OpenLimited(box_, O_RDONLY | O_DIRECTORY,
                                Rights({CAP_LOOKUP, CAP_READ, CAP_UNLINKAT, CAP_MKDIRAT}));
    ASSERT_OK(box);
    ASSERT_OK(cap_enter());

    EXPECT_EQ(-134, ring.Run(UnlinkatSqe(box, "../outside")).res)
        << "IORING_OP_UNLINKAT(box, \"../outside\")";
    EXPECT_NOTCAPABLE(unlinkat(box, "../outside", 0));  // unlinkat(2), for comparison
    EXPECT_EQ(-134, ring.Run(MkdiratSqe(box, "inside")).res)
        << "IORING_OP_MKDIRAT(box, \"inside\")";
    EXPECT_OK(mkdirat(box, "by-syscall", 0755));  // mkdirat(2), for comparison
    close(box);
  });
  EXPECT_EQ(kContents, ReadFile(scratch_.Path("outside"))) << "the file outside the box";
  EXPECT_FALSE(PathExists(InBox("inside"))) << "the refused IORING_OP_MKDIRAT made box/inside";
  EXPECT_TRUE(IsDirectory(InBox("by-syscall")));
}

// --- ia32 system calls through int $0x80 ---

// The ia32 numbers (arch/x86/entry/syscalls/syscall_32.tbl).
constexpr long kIa32Write = 4;
constexpr long kIa32Fstat = 108;
constexpr long kIa32Pread64 = 180;
constexpr long kIa32Fstat64 = 197;

// One page below 4 GiB, filled with kUntouched; unmapped when it goes.
class LowPage {
 public:
  LowPage() {
    addr_ = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
                 -1, 0);
    if (addr_ == MAP_FAILED) {
      ADD_FAILURE() << "mmap(MAP_32BIT): " << DescribeErrno(errno);
      return;
    }
    if (reinterpret_cast<uintptr_t>(addr_) + kSize > (uintptr_t{1} << 32))
      ADD_FAILURE() << "MAP_32BIT gave " << addr_ << ", above 4 GiB";
    memset(addr_, kUntouched, kSize);
  }
  ~LowPage() {
    if (addr_ != MAP_FAILED) munmap(addr_, kSize);
  }
  LowPage(const LowPage&) = delete;
  LowPage& operator=(const LowPage&) = delete;

  bool ok() const { return addr_ != MAP_FAILED; }
  char* data() const { return static_cast<char*>(addr_); }
  long arg() const { return static_cast<long>(reinterpret_cast<uintptr_t>(addr_)); }
  std::string Head(size_t n) const { return std::string(data(), n); }

  static constexpr size_t kSize = 4096;

 private:
  void* addr_ = MAP_FAILED;
};

class Ia32Test : public Abi2Test {
 protected:
  void SetUp() override {
    Abi2Test::SetUp();
    if (HasFatalFailure()) return;
    path_ = scratch_.Path("data");
    WriteFile(path_, kContents);
  }
  int OpenWith(const cap_rights_t& rights) { return OpenLimited(path_, O_RDWR, rights); }

  ScratchDir scratch_;
  std::string path_;
};

using Ia32 = Ia32Test;
using Ia32Read = Ia32Test;
using Ia32Write = Ia32Test;
using Ia32Pread = Ia32Test;
using Ia32Fstat = Ia32Test;

// The precondition of every other ia32 test: int $0x80 works at all.
TEST_F(Ia32, Int80ReachesTheKernel) {
  RunInChild([] { EXPECT_EQ(getpid(), Int80(kIa32Getpid)); });
}

TEST_F(Ia32Read, ReadWithoutCapReadIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_READ));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage buf;
    ASSERT_TRUE(buf.ok());
    EXPECT_EQ(-ENOTCAPABLE, Int80(kIa32Read, fd, buf.arg(), kContentsLen));
    EXPECT_EQ(std::string(16, kUntouched), buf.Head(16)) << "bytes of the file reached the buffer";
    EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR)) << "the refused read moved the file position";
    // 3 is close natively: the descriptor must still be open.
    EXPECT_OK(fcntl(fd, F_GETFD));
  });
  close(fd);
}

TEST_F(Ia32Read, ReadWithCapReadReturnsTheBytes) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage buf;
    ASSERT_TRUE(buf.ok());
    EXPECT_EQ(static_cast<int32_t>(kContentsLen), Int80(kIa32Read, fd, buf.arg(), 16));
    EXPECT_EQ(std::string(kContents) + std::string(6, kUntouched), buf.Head(16));
    EXPECT_OK(fcntl(fd, F_GETFD));
  });
  close(fd);
}

TEST_F(Ia32Write, WriteWithoutCapWriteIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_WRITE));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage buf;
    ASSERT_TRUE(buf.ok());
    memcpy(buf.data(), "abc", 3);
    EXPECT_EQ(-ENOTCAPABLE, Int80(kIa32Write, fd, buf.arg(), 3));
  });
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_)) << "a refused write changed the file";
}

TEST_F(Ia32Write, WriteWithCapWriteWritesTheBytes) {
  const int fd = OpenWith(Rights({CAP_WRITE}));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage buf;
    ASSERT_TRUE(buf.ok());
    memcpy(buf.data(), "abc", 3);
    EXPECT_EQ(3, Int80(kIa32Write, fd, buf.arg(), 3));
  });
  close(fd);
  EXPECT_EQ("abc3456789", ReadFile(path_));
}

// ia32 pread64(fd, buf, count, offset low half, offset high half).
TEST_F(Ia32Pread, Pread64WithCapReadAloneIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage buf;
    ASSERT_TRUE(buf.ok());
    EXPECT_EQ(-ENOTCAPABLE, Int80(kIa32Pread64, fd, buf.arg(), 4, 2, 0));
    EXPECT_EQ(-ENOTCAPABLE, Int80(kIa32Pread64, fd, buf.arg(), 4, 0, 0)) << "offset 0";
    EXPECT_EQ(std::string(16, kUntouched), buf.Head(16));
  });
  close(fd);
}

TEST_F(Ia32Pread, Pread64WithCapPreadReturnsTheBytesAtTheOffset) {
  const int fd = OpenWith(Rights({CAP_PREAD}));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage buf;
    ASSERT_TRUE(buf.ok());
    EXPECT_EQ(4, Int80(kIa32Pread64, fd, buf.arg(), 4, 2, 0));
    EXPECT_EQ("2345", buf.Head(4));
    EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR)) << "pread64 moved the file position";
  });
  close(fd);
}

// ia32 fstat64 fills a packed struct stat64: st_mode at byte 16, st_size (64 bits) at 44.
TEST_F(Ia32Fstat, Fstat64WithoutCapFstatIsNotCapable) {
  const int fd = OpenWith(AllRightsExcept(CAP_FSTAT));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage st;
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(-ENOTCAPABLE, Int80(kIa32Fstat64, fd, st.arg()));
    EXPECT_EQ(std::string(96, kUntouched), st.Head(96)) << "the refused fstat64 filled the buffer";
    EXPECT_EQ(-ENOTCAPABLE, Int80(kIa32Fstat, fd, st.arg())) << "ia32 fstat (108)";
  });
  close(fd);
}

TEST_F(Ia32Fstat, Fstat64WithCapFstatSucceeds) {
  const int fd = OpenWith(Rights({CAP_FSTAT}));
  ASSERT_OK(fd);
  RunInChild([fd] {
    LowPage st;
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(0, Int80(kIa32Fstat64, fd, st.arg()));
    uint32_t mode = 0;
    int64_t size = -1;
    memcpy(&mode, st.data() + 16, sizeof(mode));
    memcpy(&size, st.data() + 44, sizeof(size));
    EXPECT_TRUE(S_ISREG(mode)) << "st_mode " << std::oct << mode;
    EXPECT_EQ(static_cast<int64_t>(kContentsLen), size);
    EXPECT_EQ(0, Int80(kIa32Fstat, fd, st.arg())) << "ia32 fstat (108)";
  });
  close(fd);
}

// --- ia32 oldfstat (28) and readdir (89) ---

constexpr long kIa32Oldfstat = 28;
constexpr long kIa32Readdir = 89;

using Ia32OldCalls = Ia32Test;

// oldfstat fills a struct __old_kernel_stat: 16-bit st_dev, st_ino, st_mode, ... (st_ino at
// byte 2, st_mode at 4), and fails with EOVERFLOW for an inode number above 65535, which a
// file made late in a long run on tmpfs may have; so it stats "/", whose inode number is small
// on every file system.  readdir (old_readdir) reads one struct compat_old_linux_dirent
// {u32 d_ino; u32 d_offset; u16 d_namlen; char d_name[]} and returns 1, or 0 at the end; its
// count argument is ignored.  It is getdents' older sibling and needs CAP_READ like it.
TEST_F(Ia32OldCalls, OldfstatNeedsCapFstatAndReaddirNeedsCapRead) {
  struct stat root;
  ASSERT_OK(stat("/", &root));
  ASSERT_LE(root.st_ino, 0xffffu) << "oldfstat cannot report the inode number of /";
  const int no_fstat = OpenLimited("/", O_RDONLY | O_DIRECTORY, AllRightsExcept(CAP_FSTAT));
  const int with_fstat = OpenLimited("/", O_RDONLY | O_DIRECTORY, Rights({CAP_FSTAT}));
  const int no_read =
      OpenLimited(scratch_.path(), O_RDONLY | O_DIRECTORY, AllRightsExcept(CAP_READ));
  const int with_read = OpenLimited(scratch_.path(), O_RDONLY | O_DIRECTORY, Rights({CAP_READ}));
  ASSERT_OK(no_fstat);
  ASSERT_OK(with_fstat);
  ASSERT_OK(no_read);
  ASSERT_OK(with_read);
  RunInChild([&] {
    LowPage st;
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(-135, Int80(kIa32Oldfstat, no_fstat, st.arg())) << "oldfstat without CAP_FSTAT";
    EXPECT_EQ(std::string(64, kUntouched), st.Head(64)) << "the refused oldfstat filled the buffer";
    EXPECT_EQ(0, Int80(kIa32Oldfstat, with_fstat, st.arg())) << "oldfstat with CAP_FSTAT";
    uint16_t ino = 0, mode = 0;
    memcpy(&ino, st.data() + 2, sizeof(ino));
    memcpy(&mode, st.data() + 4, sizeof(mode));
    EXPECT_EQ(root.st_ino, ino);
    EXPECT_TRUE(S_ISDIR(mode)) << "st_mode " << std::oct << mode;

    LowPage ent;
    ASSERT_TRUE(ent.ok());
    EXPECT_EQ(-135, Int80(kIa32Readdir, no_read, ent.arg(), 1)) << "readdir without CAP_READ";
    EXPECT_EQ(std::string(64, kUntouched), ent.Head(64)) << "the refused readdir filled the buffer";
    EXPECT_EQ(1, Int80(kIa32Readdir, with_read, ent.arg(), 1)) << "readdir with CAP_READ";
    uint16_t namlen = 0;
    memcpy(&namlen, ent.data() + 8, sizeof(namlen));
    const std::string name(ent.data() + 10, std::min<size_t>(namlen, 64));
    EXPECT_TRUE(name == "." || name == ".." || name == "data") << "first entry \"" << name << "\"";
    EXPECT_EQ('\0', ent.data()[10 + std::min<size_t>(namlen, 64)]) << "d_name is not terminated";
  });
  for (const int fd : {no_fstat, with_fstat, no_read, with_read}) close(fd);
}

}  // namespace
}  // namespace capsicum_e2e
