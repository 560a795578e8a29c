// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: cap_rights_limit only shrinks; bad input is refused and changes nothing.
#include <fcntl.h>
#include <unistd.h>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

class RightsLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = scratch_.Path("data");
    WriteFile(path_, "0123456789");
  }
  int OpenUnlimited() { return open(path_.c_str(), O_RDWR | O_CLOEXEC); }

  ScratchDir scratch_;
  std::string path_;
};

using RightsLimit = RightsLimitTest;
using RightsInherit = RightsLimitTest;

// --- the rights a descriptor reports ---

TEST_F(RightsLimit, NeverLimitedDescriptorHoldsAllRights) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  close(fd);
}

TEST_F(RightsLimit, GetReturnsTheLimitedRights) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t rights = Rights({CAP_READ, CAP_SEEK, CAP_FSTAT, CAP_EVENT});
  EXPECT_OK(cap_rights_limit(fd, &rights));
  EXPECT_RIGHTS_EQ(rights, GetRights(fd));
  close(fd);
}

TEST_F(RightsLimit, ReopenedFileStartsWithAllRights) {
  int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t rights = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(fd, &rights));
  close(fd);
  fd = OpenUnlimited();
  ASSERT_OK(fd);
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  EXPECT_EQ(1, write(fd, "x", 1));
  close(fd);
}

// --- shrinking is allowed ---

TEST_F(RightsLimit, ShrinkingSucceeds) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t wide = Rights({CAP_READ, CAP_WRITE, CAP_SEEK});
  const cap_rights_t narrow = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(fd, &wide));
  EXPECT_EQ(1, write(fd, "x", 1));
  EXPECT_OK(cap_rights_limit(fd, &narrow));
  EXPECT_RIGHTS_EQ(narrow, GetRights(fd));
  EXPECT_NOTCAPABLE(write(fd, "x", 1));
  char c;
  EXPECT_EQ(1, read(fd, &c, 1));
  close(fd);
}

TEST_F(RightsLimit, LimitingToTheSameRightsAgainSucceeds) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t rights = Rights({CAP_READ, CAP_IOCTL});
  EXPECT_OK(cap_rights_limit(fd, &rights));
  EXPECT_OK(cap_rights_limit(fd, &rights));
  EXPECT_RIGHTS_EQ(rights, GetRights(fd));
  close(fd);
}

TEST_F(RightsLimit, LimitingToNoRightsSucceeds) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t none = Rights({});
  EXPECT_OK(cap_rights_limit(fd, &none));
  EXPECT_RIGHTS_EQ(none, GetRights(fd));
  char c;
  EXPECT_NOTCAPABLE(read(fd, &c, 1));
  EXPECT_NOTCAPABLE(write(fd, "x", 1));
  close(fd);
}

// --- growing is refused, and leaves the rights as they were ---

TEST_F(RightsLimit, GrowingIsNotCapable) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t read_only = Rights({CAP_READ});
  const cap_rights_t read_write = Rights({CAP_READ, CAP_WRITE});
  EXPECT_OK(cap_rights_limit(fd, &read_only));
  EXPECT_NOTCAPABLE(cap_rights_limit(fd, &read_write));
  EXPECT_RIGHTS_EQ(read_only, GetRights(fd));
  EXPECT_NOTCAPABLE(write(fd, "x", 1));
  close(fd);
  EXPECT_EQ("0123456789", ReadFile(path_));
}

TEST_F(RightsLimit, GrowingInWordOneIsNotCapable) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t before = Rights({CAP_READ, CAP_EVENT});
  const cap_rights_t more = Rights({CAP_READ, CAP_EVENT, CAP_IOCTL});
  EXPECT_OK(cap_rights_limit(fd, &before));
  EXPECT_NOTCAPABLE(cap_rights_limit(fd, &more));
  EXPECT_RIGHTS_EQ(before, GetRights(fd));
  close(fd);
}

// Swapping one right for another is growing too.
TEST_F(RightsLimit, TradingARightIsNotCapable) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t read_only = Rights({CAP_READ});
  const cap_rights_t write_only = Rights({CAP_WRITE});
  EXPECT_OK(cap_rights_limit(fd, &read_only));
  EXPECT_NOTCAPABLE(cap_rights_limit(fd, &write_only));
  EXPECT_RIGHTS_EQ(read_only, GetRights(fd));
  close(fd);
}

// --- malformed rights: EINVAL, nothing changes ---

// Limits `fd` with `bad` and checks EINVAL and that `fd` kept `expected`.
void ExpectInvalidChangesNothing(int fd, const cap_rights_t& bad, const cap_rights_t& expected) {
  EXPECT_SYSCALL_FAIL(EINVAL, cap_rights_limit(fd, &bad));
  EXPECT_RIGHTS_EQ(expected, GetRights(fd));
}

TEST_F(RightsLimit, WrongVersionIsInvalid) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  cap_rights_t bad = Rights({CAP_READ});
  bad.cr_rights[0] |= 1ULL << 62;  // version 1: three words, not two
  ExpectInvalidChangesNothing(fd, bad, AllRights());
  close(fd);
}

TEST_F(RightsLimit, WrongWordIndexIsInvalid) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  cap_rights_t bad = Rights({CAP_READ});
  bad.cr_rights[1] = CAP_READ;  // word 1 claiming to be word 0
  ExpectInvalidChangesNothing(fd, bad, AllRights());
  close(fd);
}

TEST_F(RightsLimit, MissingWordIndexIsInvalid) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  cap_rights_t bad = Rights({CAP_READ});
  bad.cr_rights[1] = 0;
  ExpectInvalidChangesNothing(fd, bad, AllRights());
  close(fd);
}

TEST_F(RightsLimit, UnknownBitInWordZeroIsInvalid) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  cap_rights_t bad = Rights({CAP_READ});
  bad.cr_rights[0] |= CAP_UNUSED0_44;
  ExpectInvalidChangesNothing(fd, bad, AllRights());
  bad = Rights({CAP_READ});
  bad.cr_rights[0] |= CAP_UNUSED0_57;
  ExpectInvalidChangesNothing(fd, bad, AllRights());
  close(fd);
}

TEST_F(RightsLimit, UnknownBitInWordOneIsInvalid) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  cap_rights_t bad = Rights({CAP_READ});
  bad.cr_rights[1] |= CAP_UNUSED1_26;
  ExpectInvalidChangesNothing(fd, bad, AllRights());
  bad = Rights({CAP_READ});
  bad.cr_rights[1] |= CAP_UNUSED1_57;
  ExpectInvalidChangesNothing(fd, bad, AllRights());
  close(fd);
}

// A malformed set must not shrink an already limited descriptor either.
TEST_F(RightsLimit, InvalidRightsLeaveALimitedDescriptorAsItWas) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t rights = Rights({CAP_READ, CAP_WRITE});
  EXPECT_OK(cap_rights_limit(fd, &rights));
  cap_rights_t bad = Rights({CAP_READ});
  bad.cr_rights[0] |= CAP_UNUSED0_44;
  ExpectInvalidChangesNothing(fd, bad, rights);
  EXPECT_EQ(1, write(fd, "x", 1));
  close(fd);
}

// --- bad descriptors: EBADF ---

TEST_F(RightsLimit, NegativeFdIsBadf) {
  const cap_rights_t rights = Rights({CAP_READ});
  EXPECT_SYSCALL_FAIL(EBADF, cap_rights_limit(-1, &rights));
  cap_rights_t out;
  EXPECT_SYSCALL_FAIL(EBADF, cap_rights_get(-1, &out));
}

TEST_F(RightsLimit, ClosedFdIsBadf) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  close(fd);
  const cap_rights_t rights = Rights({CAP_READ});
  EXPECT_SYSCALL_FAIL(EBADF, cap_rights_limit(fd, &rights));
  cap_rights_t out;
  EXPECT_SYSCALL_FAIL(EBADF, cap_rights_get(fd, &out));
}

// An O_PATH descriptor counts as open (uapi: RIGHTS_LIMIT) and can be limited.
TEST_F(RightsLimit, OPathFdCanBeLimited) {
  const int fd = open(scratch_.path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  ASSERT_OK(fd);
  const cap_rights_t rights = Rights({CAP_LOOKUP, CAP_FSTAT});
  EXPECT_OK(cap_rights_limit(fd, &rights));
  EXPECT_RIGHTS_EQ(rights, GetRights(fd));
  const cap_rights_t more = Rights({CAP_LOOKUP, CAP_FSTAT, CAP_READ});
  EXPECT_NOTCAPABLE(cap_rights_limit(fd, &more));
  close(fd);
}

// --- how limits travel (the same in ABI 1 and FreeBSD) ---

TEST_F(RightsInherit, DupHasTheOriginalsRights) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t rights = Rights({CAP_READ, CAP_FSTAT});
  EXPECT_OK(cap_rights_limit(fd, &rights));
  const int copy = dup(fd);
  ASSERT_OK(copy);
  EXPECT_RIGHTS_EQ(rights, GetRights(copy));
  EXPECT_NOTCAPABLE(write(copy, "x", 1));
  char c;
  EXPECT_EQ(1, read(copy, &c, 1));
  close(copy);
  close(fd);
}

TEST_F(RightsInherit, ForkChildHasTheParentsRights) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const cap_rights_t rights = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(fd, &rights));
  RunInChild([&] {
    EXPECT_RIGHTS_EQ(rights, GetRights(fd));
    EXPECT_NOTCAPABLE(write(fd, "x", 1));
    char c;
    EXPECT_EQ(1, read(fd, &c, 1));
  });
  close(fd);
}

// Rights belong to the descriptor (ABI 2): limiting a dup leaves the
// original's rights, and its writes, alone.
TEST_F(RightsLimit, LimitingADupLeavesTheOriginalAlone) {
  const int fd = OpenUnlimited();
  ASSERT_OK(fd);
  const int copy = dup(fd);
  ASSERT_OK(copy);
  const cap_rights_t rights = Rights({CAP_READ});
  EXPECT_OK(cap_rights_limit(copy, &rights));
  EXPECT_RIGHTS_EQ(rights, GetRights(copy));
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  EXPECT_EQ(1, write(fd, "x", 1));
  EXPECT_NOTCAPABLE(write(copy, "x", 1));
  close(copy);
  close(fd);
}

}  // namespace
}  // namespace capsicum_e2e
