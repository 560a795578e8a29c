// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: CAP_READ, CAP_WRITE, CAP_PREAD, CAP_PWRITE on the read/write syscall family.
//
// Every descriptor here is a fresh open of a scratch file, opened O_RDWR so
// that the only thing standing between a call and the file is the rights
// the test gave the descriptor.  None of these tests enters capability
// mode: rights are enforced outside it too.
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

constexpr char kContents[] = "0123456789";

class RightsRwTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = scratch_.Path("data");
    WriteFile(path_, kContents);
  }
  int OpenWith(const cap_rights_t& rights) { return OpenLimited(path_, O_RDWR, rights); }
  // A second scratch file, unlimited, for calls that need a destination.
  int OpenSink() {
    return open(scratch_.Path("sink").c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }

  ScratchDir scratch_;
  std::string path_;
};

using RightsRead = RightsRwTest;
using RightsWrite = RightsRwTest;
using RightsPread = RightsRwTest;
using RightsPwrite = RightsRwTest;
using RightsTransfer = RightsRwTest;
using RightsGetdents = RightsRwTest;
using Control = RightsRwTest;

// --- read, readv: CAP_READ ---

TEST_F(RightsRead, ReadWithReadSucceeds) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  char buf[4] = {};
  EXPECT_EQ(4, read(fd, buf, 4));
  EXPECT_EQ("0123", std::string(buf, 4));
  close(fd);
}

TEST_F(RightsRead, ReadWithoutReadIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_WRITE, CAP_SEEK, CAP_FSTAT}));
  ASSERT_OK(fd);
  char buf[4];
  EXPECT_NOTCAPABLE(read(fd, buf, 4));
  close(fd);
}

TEST_F(RightsRead, ReadvWithReadSucceeds) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  char a[2] = {}, b[3] = {};
  struct iovec iov[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
  EXPECT_EQ(5, readv(fd, iov, 2));
  EXPECT_EQ("01", std::string(a, 2));
  EXPECT_EQ("234", std::string(b, 3));
  close(fd);
}

TEST_F(RightsRead, ReadvWithoutReadIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(fd);
  char a[2];
  struct iovec iov = {a, sizeof(a)};
  EXPECT_NOTCAPABLE(readv(fd, &iov, 1));
  close(fd);
}

// --- write, writev: CAP_WRITE ---

TEST_F(RightsWrite, WriteWithWriteSucceeds) {
  const int fd = OpenWith(Rights({CAP_WRITE}));
  ASSERT_OK(fd);
  EXPECT_EQ(2, write(fd, "ab", 2));
  close(fd);
  EXPECT_EQ("ab23456789", ReadFile(path_));
}

TEST_F(RightsWrite, WriteWithoutWriteIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_READ, CAP_SEEK, CAP_FSTAT}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(write(fd, "ab", 2));
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_)) << "a refused write changed the file";
}

TEST_F(RightsWrite, WritevWithWriteSucceeds) {
  const int fd = OpenWith(Rights({CAP_WRITE}));
  ASSERT_OK(fd);
  char a[] = "ab", b[] = "c";
  struct iovec iov[2] = {{a, 2}, {b, 1}};
  EXPECT_EQ(3, writev(fd, iov, 2));
  close(fd);
  EXPECT_EQ("abc3456789", ReadFile(path_));
}

TEST_F(RightsWrite, WritevWithoutWriteIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_READ, CAP_SEEK}));
  ASSERT_OK(fd);
  char a[] = "ab";
  struct iovec iov = {a, 2};
  EXPECT_NOTCAPABLE(writev(fd, &iov, 1));
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_));
}

// --- pread64, preadv, preadv2: CAP_PREAD = CAP_READ | CAP_SEEK ---

TEST_F(RightsPread, PreadWithPreadSucceeds) {
  const int fd = OpenWith(Rights({CAP_PREAD}));
  ASSERT_OK(fd);
  char buf[3] = {};
  EXPECT_EQ(3, pread(fd, buf, 3, 5));
  EXPECT_EQ("567", std::string(buf, 3));
  close(fd);
}

TEST_F(RightsPread, PreadWithReadOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  char buf[3];
  EXPECT_NOTCAPABLE(pread(fd, buf, 3, 5));
  close(fd);
}

TEST_F(RightsPread, PreadWithSeekOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_SEEK, CAP_WRITE}));
  ASSERT_OK(fd);
  char buf[3];
  EXPECT_NOTCAPABLE(pread(fd, buf, 3, 5));
  close(fd);
}

TEST_F(RightsPread, PreadvWithPreadSucceeds) {
  const int fd = OpenWith(Rights({CAP_PREAD}));
  ASSERT_OK(fd);
  char a[2] = {}, b[2] = {};
  struct iovec iov[2] = {{a, 2}, {b, 2}};
  EXPECT_EQ(4, preadv(fd, iov, 2, 6));
  EXPECT_EQ("67", std::string(a, 2));
  EXPECT_EQ("89", std::string(b, 2));
  close(fd);
}

TEST_F(RightsPread, PreadvWithReadOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  char a[2];
  struct iovec iov = {a, 2};
  EXPECT_NOTCAPABLE(preadv(fd, &iov, 1, 6));
  close(fd);
}

TEST_F(RightsPread, Preadv2AtOffsetWithPreadSucceeds) {
  const int fd = OpenWith(Rights({CAP_PREAD}));
  ASSERT_OK(fd);
  char a[2] = {};
  struct iovec iov = {a, 2};
  EXPECT_EQ(2, preadv2(fd, &iov, 1, 8, 0));
  EXPECT_EQ("89", std::string(a, 2));
  close(fd);
}

TEST_F(RightsPread, Preadv2AtOffsetWithReadOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  char a[2];
  struct iovec iov = {a, 2};
  EXPECT_NOTCAPABLE(preadv2(fd, &iov, 1, 8, 0));
  close(fd);
}

// Offset -1 means "at the file position": a plain readv, so CAP_READ is enough.
TEST_F(RightsPread, Preadv2AtCurrentPositionNeedsOnlyRead) {
  const int fd = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(fd);
  char a[3] = {};
  struct iovec iov = {a, 3};
  EXPECT_EQ(3, preadv2(fd, &iov, 1, -1, 0));
  EXPECT_EQ("012", std::string(a, 3));
  close(fd);
}

TEST_F(RightsPread, Preadv2AtCurrentPositionWithoutReadIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_SEEK, CAP_WRITE}));
  ASSERT_OK(fd);
  char a[3];
  struct iovec iov = {a, 3};
  EXPECT_NOTCAPABLE(preadv2(fd, &iov, 1, -1, 0));
  close(fd);
}

// --- pwrite64, pwritev, pwritev2: CAP_PWRITE = CAP_WRITE | CAP_SEEK ---

TEST_F(RightsPwrite, PwriteWithPwriteSucceeds) {
  const int fd = OpenWith(Rights({CAP_PWRITE}));
  ASSERT_OK(fd);
  EXPECT_EQ(2, pwrite(fd, "xy", 2, 4));
  close(fd);
  EXPECT_EQ("0123xy6789", ReadFile(path_));
}

TEST_F(RightsPwrite, PwriteWithWriteOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_WRITE}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(pwrite(fd, "xy", 2, 4));
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_));
}

TEST_F(RightsPwrite, PwriteWithSeekOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_SEEK, CAP_READ}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(pwrite(fd, "xy", 2, 4));
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_));
}

TEST_F(RightsPwrite, PwritevWithPwriteSucceeds) {
  const int fd = OpenWith(Rights({CAP_PWRITE}));
  ASSERT_OK(fd);
  char a[] = "x", b[] = "yz";
  struct iovec iov[2] = {{a, 1}, {b, 2}};
  EXPECT_EQ(3, pwritev(fd, iov, 2, 1));
  close(fd);
  EXPECT_EQ("0xyz456789", ReadFile(path_));
}

TEST_F(RightsPwrite, PwritevWithWriteOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_WRITE}));
  ASSERT_OK(fd);
  char a[] = "x";
  struct iovec iov = {a, 1};
  EXPECT_NOTCAPABLE(pwritev(fd, &iov, 1, 1));
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_));
}

TEST_F(RightsPwrite, Pwritev2AtOffsetWithPwriteSucceeds) {
  const int fd = OpenWith(Rights({CAP_PWRITE}));
  ASSERT_OK(fd);
  char a[] = "z";
  struct iovec iov = {a, 1};
  EXPECT_EQ(1, pwritev2(fd, &iov, 1, 9, 0));
  close(fd);
  EXPECT_EQ("012345678z", ReadFile(path_));
}

TEST_F(RightsPwrite, Pwritev2AtOffsetWithWriteOnlyIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_WRITE}));
  ASSERT_OK(fd);
  char a[] = "z";
  struct iovec iov = {a, 1};
  EXPECT_NOTCAPABLE(pwritev2(fd, &iov, 1, 9, 0));
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_));
}

// Offset -1 means "at the file position": a plain writev, so CAP_WRITE is enough.
TEST_F(RightsPwrite, Pwritev2AtCurrentPositionNeedsOnlyWrite) {
  const int fd = OpenWith(Rights({CAP_WRITE}));
  ASSERT_OK(fd);
  char a[] = "ab";
  struct iovec iov = {a, 2};
  EXPECT_EQ(2, pwritev2(fd, &iov, 1, -1, 0));
  close(fd);
  EXPECT_EQ("ab23456789", ReadFile(path_));
}

TEST_F(RightsPwrite, Pwritev2AtCurrentPositionWithoutWriteIsNotCapable) {
  const int fd = OpenWith(Rights({CAP_READ, CAP_SEEK}));
  ASSERT_OK(fd);
  char a[] = "ab";
  struct iovec iov = {a, 2};
  EXPECT_NOTCAPABLE(pwritev2(fd, &iov, 1, -1, 0));
  close(fd);
  EXPECT_EQ(kContents, ReadFile(path_));
}

// --- sendfile, splice, copy_file_range: CAP_READ on the source, CAP_WRITE
// on the destination, plus CAP_SEEK on a side given an offset (CAPSICUM.md
// section 3).  The module tells the two sides apart by which argument slot
// holds the file the kernel checks.

TEST_F(RightsTransfer, SendfileWithoutOffsetNeedsOnlyReadOnTheSource) {
  const int in = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  EXPECT_EQ(4, sendfile(out, in, nullptr, 4));
  close(in);
  close(out);
  EXPECT_EQ("0123", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, SendfileWithOffsetFromReadOnlySourceIsNotCapable) {
  const int in = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  off_t off = 0;
  EXPECT_NOTCAPABLE(sendfile(out, in, &off, 4));
  close(in);
  close(out);
  EXPECT_EQ("", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, SendfileWithOffsetFromPreadSourceSucceeds) {
  const int in = OpenWith(Rights({CAP_PREAD}));
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  off_t off = 2;
  EXPECT_EQ(4, sendfile(out, in, &off, 4));
  close(in);
  close(out);
  EXPECT_EQ("2345", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, SendfileFromSourceWithoutReadIsNotCapable) {
  const int in = OpenWith(Rights({CAP_WRITE, CAP_SEEK, CAP_FSTAT}));
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  EXPECT_NOTCAPABLE(sendfile(out, in, nullptr, 4));
  close(in);
  close(out);
  EXPECT_EQ("", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, SendfileToDestinationWithoutWriteIsNotCapable) {
  const int in = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  const cap_rights_t rights = Rights({CAP_READ, CAP_SEEK, CAP_FSTAT});
  ASSERT_OK(cap_rights_limit(out, &rights));
  EXPECT_NOTCAPABLE(sendfile(out, in, nullptr, 4));
  close(in);
  close(out);
  EXPECT_EQ("", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, SpliceWithoutOffsetNeedsOnlyReadOnTheSource) {
  const int in = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(in);
  int p[2];
  ASSERT_OK(pipe2(p, O_CLOEXEC));
  EXPECT_EQ(4, splice(in, nullptr, p[1], nullptr, 4, 0));
  char buf[4] = {};
  EXPECT_EQ(4, read(p[0], buf, 4));
  EXPECT_EQ("0123", std::string(buf, 4));
  close(in);
  close(p[0]);
  close(p[1]);
}

TEST_F(RightsTransfer, SpliceWithOffsetFromReadOnlySourceIsNotCapable) {
  const int in = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(in);
  int p[2];
  ASSERT_OK(pipe2(p, O_CLOEXEC));
  loff_t off = 0;
  EXPECT_NOTCAPABLE(splice(in, &off, p[1], nullptr, 4, 0));
  close(in);
  close(p[0]);
  close(p[1]);
}

TEST_F(RightsTransfer, SpliceWithOffsetFromPreadSourceSucceeds) {
  const int in = OpenWith(Rights({CAP_PREAD}));
  ASSERT_OK(in);
  int p[2];
  ASSERT_OK(pipe2(p, O_CLOEXEC));
  loff_t off = 6;
  EXPECT_EQ(4, splice(in, &off, p[1], nullptr, 4, 0));
  char buf[4] = {};
  EXPECT_EQ(4, read(p[0], buf, 4));
  EXPECT_EQ("6789", std::string(buf, 4));
  close(in);
  close(p[0]);
  close(p[1]);
}

TEST_F(RightsTransfer, SpliceFromSourceWithoutReadIsNotCapable) {
  const int in = OpenWith(Rights({CAP_SEEK, CAP_FSTAT}));
  ASSERT_OK(in);
  int p[2];
  ASSERT_OK(pipe2(p, O_CLOEXEC));
  EXPECT_NOTCAPABLE(splice(in, nullptr, p[1], nullptr, 4, 0));
  close(in);
  close(p[0]);
  close(p[1]);
}

TEST_F(RightsTransfer, CopyFileRangeWithoutOffsetsNeedsReadAndWrite) {
  const int in = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  const cap_rights_t rights = Rights({CAP_WRITE});
  ASSERT_OK(cap_rights_limit(out, &rights));
  EXPECT_EQ(4, copy_file_range(in, nullptr, out, nullptr, 4, 0));
  close(in);
  close(out);
  EXPECT_EQ("0123", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, CopyFileRangeWithSourceOffsetFromReadOnlySourceIsNotCapable) {
  const int in = OpenWith(Rights({CAP_READ}));
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  loff_t off = 0;
  EXPECT_NOTCAPABLE(copy_file_range(in, &off, out, nullptr, 4, 0));
  close(in);
  close(out);
  EXPECT_EQ("", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, CopyFileRangeWithDestinationOffsetToWriteOnlyIsNotCapable) {
  const int in = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  const cap_rights_t rights = Rights({CAP_WRITE});
  ASSERT_OK(cap_rights_limit(out, &rights));
  loff_t off = 0;
  EXPECT_NOTCAPABLE(copy_file_range(in, nullptr, out, &off, 4, 0));
  close(in);
  close(out);
  EXPECT_EQ("", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, CopyFileRangeWithOffsetsAndPositionalRightsSucceeds) {
  const int in = OpenWith(Rights({CAP_PREAD}));
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  const cap_rights_t rights = Rights({CAP_PWRITE});
  ASSERT_OK(cap_rights_limit(out, &rights));
  loff_t in_off = 3, out_off = 0;
  EXPECT_EQ(4, copy_file_range(in, &in_off, out, &out_off, 4, 0));
  close(in);
  close(out);
  EXPECT_EQ("3456", ReadFile(scratch_.Path("sink")));
}

TEST_F(RightsTransfer, CopyFileRangeToDestinationWithoutWriteIsNotCapable) {
  const int in = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(in);
  const int out = OpenSink();
  ASSERT_OK(out);
  const cap_rights_t rights = Rights({CAP_READ, CAP_SEEK});
  ASSERT_OK(cap_rights_limit(out, &rights));
  EXPECT_NOTCAPABLE(copy_file_range(in, nullptr, out, nullptr, 4, 0));
  close(in);
  close(out);
  EXPECT_EQ("", ReadFile(scratch_.Path("sink")));
}

// --- getdents64: CAP_READ alone (it has no offset argument) ---

TEST_F(RightsGetdents, GetdentsWithReadSucceeds) {
  const int dir = OpenLimited(scratch_.path(), O_RDONLY | O_DIRECTORY, Rights({CAP_READ}));
  ASSERT_OK(dir);
  alignas(8) char buf[4096];
  // ".", ".." and "data" at least.
  EXPECT_LT(0L, syscall(SYS_getdents64, dir, buf, sizeof(buf)));
  close(dir);
}

TEST_F(RightsGetdents, GetdentsWithoutReadIsNotCapable) {
  const int dir = OpenLimited(scratch_.path(), O_RDONLY | O_DIRECTORY,
                              Rights({CAP_LOOKUP, CAP_FSTAT, CAP_SEEK}));
  ASSERT_OK(dir);
  alignas(8) char buf[4096];
  EXPECT_NOTCAPABLE(syscall(SYS_getdents64, dir, buf, sizeof(buf)));
  close(dir);
}

// --- Control: no limits, no capability mode, nothing changes ---

TEST_F(Control, UnlimitedDescriptorBehavesAsWithoutTheModule) {
  const int fd = open(path_.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_OK(fd);
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  char buf[4] = {};
  EXPECT_EQ(2, read(fd, buf, 2));
  EXPECT_EQ("01", std::string(buf, 2));
  EXPECT_EQ(2, write(fd, "ab", 2));
  EXPECT_EQ(2, pread(fd, buf, 2, 0));
  EXPECT_EQ("01", std::string(buf, 2));
  EXPECT_EQ(2, pwrite(fd, "yz", 2, 8));
  char a[3] = {};
  struct iovec iov = {a, 3};
  EXPECT_EQ(3, preadv2(fd, &iov, 1, 1, 0));
  EXPECT_EQ("1ab", std::string(a, 3));
  EXPECT_EQ(3, readv(fd, &iov, 1));  // the position is 4 after the write
  EXPECT_EQ("456", std::string(a, 3));
  EXPECT_EQ(3, writev(fd, &iov, 1));
  close(fd);
  EXPECT_EQ("01ab456456", ReadFile(path_));
}

}  // namespace
}  // namespace capsicum_e2e
