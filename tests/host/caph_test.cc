// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: <capsicum_helpers.h>: what each caph_* sends to the module
// (a fake one) and FreeBSD's ENOSYS tolerance without the module.

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <capsicum_helpers.h>
#include <vector>

#include "device.h"
#include "fake_module.h"

namespace {

using capsicum_test::FakeModule;
using capsicum_test::InstallFakeModule;

unsigned long Req(unsigned long ioc) { return ioc & ~static_cast<unsigned long>(IOCSIZE_MASK); }

cap_rights_t StreamRights(unsigned long long extra) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_EVENT, CAP_FCNTL, CAP_FSTAT, CAP_IOCTL, CAP_SEEK);
  if (extra != 0) cap_rights_set(&r, extra);
  return r;
}

bool SameRights(const cap_rights_t& a, const cap_rights_t& b) {
  return a.cr_rights[0] == b.cr_rights[0] && a.cr_rights[1] == b.cr_rights[1];
}

class CaphOverFake : public ::testing::Test {
 protected:
  void SetUp() override { InstallFakeModule(&module_); }
  void TearDown() override { InstallFakeModule(nullptr); }
  FakeModule module_;
};

TEST_F(CaphOverFake, LimitStreamSendsRightsThenTtyIoctlsThenGetfl) {
  for (auto [flags, extra] : {std::pair{CAPH_READ, CAP_READ}, std::pair{CAPH_WRITE, CAP_WRITE},
                              std::pair{CAPH_LOOKUP, CAP_LOOKUP}, std::pair{0, 0ULL}}) {
    module_.requests.clear();
    ASSERT_EQ(caph_limit_stream(7, flags), 0);
    EXPECT_EQ(module_.requests, (std::vector<unsigned long>{Req(CAPSICUM_IOC_RIGHTS_LIMIT),
                                                            Req(CAPSICUM_IOC_IOCTLS_LIMIT),
                                                            Req(CAPSICUM_IOC_FCNTLS_LIMIT)}));
    EXPECT_TRUE(SameRights(module_.sent_rights, StreamRights(extra))) << flags;
    EXPECT_EQ(module_.sent_cmds, (std::vector<uint64_t>{TCGETS, TIOCGWINSZ}));
    EXPECT_EQ(module_.sent_fcntls, static_cast<uint32_t>(CAP_FCNTL_GETFL));
    EXPECT_EQ(module_.fd, 7);
  }
}

TEST_F(CaphOverFake, LimitStdioLimitsZeroOneTwo) {
  ASSERT_EQ(caph_limit_stdio(), 0);
  EXPECT_EQ(module_.requests.size(), 9u);
  EXPECT_EQ(module_.fd, STDERR_FILENO);
  EXPECT_TRUE(SameRights(module_.sent_rights, StreamRights(CAP_WRITE)));
  ASSERT_EQ(caph_limit_stdin(), 0);
  EXPECT_EQ(module_.fd, STDIN_FILENO);
  EXPECT_TRUE(SameRights(module_.sent_rights, StreamRights(CAP_READ)));
  ASSERT_EQ(caph_limit_stdout(), 0);
  EXPECT_EQ(module_.fd, STDOUT_FILENO);
  ASSERT_EQ(caph_limit_stderr(), 0);
  EXPECT_EQ(module_.fd, STDERR_FILENO);
}

TEST_F(CaphOverFake, EbadfIsIgnoredOnlyWhenAsked) {
  module_.error = EBADF;
  errno = 0;
  EXPECT_EQ(caph_limit_stream(9, CAPH_READ), -1);
  EXPECT_EQ(errno, EBADF);
  module_.requests.clear();
  EXPECT_EQ(caph_limit_stream(9, CAPH_READ | CAPH_IGNORE_EBADF), 0);
  // Stops after the rights: nothing more to limit.
  ASSERT_FALSE(module_.requests.empty());
  for (unsigned long r : module_.requests) EXPECT_EQ(r, Req(CAPSICUM_IOC_RIGHTS_LIMIT));
  EXPECT_EQ(caph_limit_stdio(), 0);
}

TEST_F(CaphOverFake, OtherErrorsAreReturned) {
  module_.error = ENOTCAPABLE;
  errno = 0;
  EXPECT_EQ(caph_limit_stdio(), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  const cap_rights_t r = StreamRights(0);
  errno = 0;
  EXPECT_EQ(caph_rights_limit(3, &r), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  const cap_ioctl_t cmds[] = {TCGETS};
  errno = 0;
  EXPECT_EQ(caph_ioctls_limit(3, cmds, 1), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  errno = 0;
  EXPECT_EQ(caph_fcntls_limit(3, CAP_FCNTL_GETFL), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  // Argument errors the library finds itself are not ENOSYS either.
  module_.error = 0;
  errno = 0;
  EXPECT_EQ(caph_fcntls_limit(3, 0x1), -1);
  EXPECT_EQ(errno, EINVAL);
}

// A module older than ABI 2 has no sub-right ioctls (ENOSYS): the stream keeps its rights limit
// and the helper succeeds, as FreeBSD's does on a kernel without cap_ioctls_limit.
TEST_F(CaphOverFake, SubRightsMissingIsTolerated) {
  module_.error = ENOTTY;
  EXPECT_EQ(caph_ioctls_limit(3, nullptr, 0), 0);
  EXPECT_EQ(caph_fcntls_limit(3, CAP_FCNTL_GETFL), 0);
}

class CaphWithoutDevice : public ::testing::Test {
 protected:
  void SetUp() override { capsicum::internal::SetDevicePathForTesting("/nonexistent/capsicum"); }
  void TearDown() override { capsicum::internal::SetDevicePathForTesting(nullptr); }
};

TEST_F(CaphWithoutDevice, EnosysIsSuccess) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ);
  const cap_ioctl_t cmds[] = {TCGETS};
  EXPECT_EQ(caph_enter(), 0);
  EXPECT_EQ(caph_enter_casper(), 0);
  EXPECT_EQ(caph_limit_stdio(), 0);
  EXPECT_EQ(caph_limit_stdin(), 0);
  EXPECT_EQ(caph_limit_stdout(), 0);
  EXPECT_EQ(caph_limit_stderr(), 0);
  EXPECT_EQ(caph_limit_stream(-1, CAPH_READ), 0);  // ENOSYS comes before EBADF
  EXPECT_EQ(caph_rights_limit(0, &r), 0);
  EXPECT_EQ(caph_ioctls_limit(0, cmds, 1), 0);
  EXPECT_EQ(caph_fcntls_limit(0, CAP_FCNTL_GETFL), 0);
  EXPECT_FALSE(cap_sandboxed());
}

TEST(CaphCache, KeepErrno) {
  errno = 1234;
  caph_cache_tzdata();
  caph_cache_catpages();
  EXPECT_EQ(errno, 1234);
}

}  // namespace
