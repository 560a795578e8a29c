// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: cap_fcntls_* and cap_ioctls_* without the module.
//
// Without /dev/capsicum every call is ENOSYS, before any argument error.  Over /dev/null, whose
// ioctls fail with ENOTTY as a module older than ABI 2 does, every call is ENOSYS too.  A fake
// module (fake_module.h) shows that the library's own argument checks answer without asking the
// module, what the library sends, and how it hands the answer back.

#include <gtest/gtest.h>
#include <stdint.h>
#include <sys/capsicum.h>

#include <vector>

#include "device.h"
#include "fake_module.h"

namespace {

using capsicum::internal::NoteCapabilityMode;
using capsicum::internal::SetDevicePathForTesting;
using capsicum_test::FakeModule;
using capsicum_test::InstallFakeModule;

// Expects `call` to return -1 with errno `err`.
#define EXPECT_ERRNO(err, call)       \
  do {                                \
    errno = 0;                        \
    EXPECT_EQ((call), -1);            \
    EXPECT_EQ(errno, (err)) << #call; \
  } while (0)

constexpr cap_ioctl_t kTcgets = 0x5401;
constexpr cap_ioctl_t kFionread = 0x541B;

class SubRightsWithoutDevice : public ::testing::Test {
 protected:
  void SetUp() override { SetDevicePathForTesting("/nonexistent/capsicum"); }
  void TearDown() override { SetDevicePathForTesting(nullptr); }
};

TEST_F(SubRightsWithoutDevice, EveryCallIsEnosysAndStoresNothing) {
  uint32_t fcntls = 77;
  cap_ioctl_t cmds[2] = {kTcgets, kFionread};
  EXPECT_ERRNO(ENOSYS, cap_fcntls_limit(0, CAP_FCNTL_GETFL));
  EXPECT_ERRNO(ENOSYS, cap_fcntls_get(0, &fcntls));
  EXPECT_EQ(fcntls, 77u);
  EXPECT_ERRNO(ENOSYS, cap_ioctls_limit(0, cmds, 2));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_get(0, cmds, 2));
  EXPECT_EQ(cmds[0], kTcgets);
  EXPECT_EQ(cmds[1], kFionread);
}

TEST_F(SubRightsWithoutDevice, EnosysComesBeforeArgumentErrors) {
  cap_ioctl_t cmd = kTcgets;
  EXPECT_ERRNO(ENOSYS, cap_fcntls_limit(0, 1u << 0));
  EXPECT_ERRNO(ENOSYS, cap_fcntls_get(0, nullptr));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_limit(0, &cmd, CAP_IOCTLS_MAX + 1));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_limit(0, nullptr, 1));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_get(0, nullptr, 0));
}

class SubRightsOverStandIn : public ::testing::Test {
 protected:
  void SetUp() override { SetDevicePathForTesting("/dev/null"); }
  void TearDown() override { SetDevicePathForTesting(nullptr); }
};

// /dev/null's ENOTTY is what a module older than ABI 2 answers: the calls do not exist there.
TEST_F(SubRightsOverStandIn, AModuleWithoutTheIoctlsIsEnosys) {
  uint32_t fcntls = 77;
  cap_ioctl_t cmd = kTcgets;
  EXPECT_ERRNO(ENOSYS, cap_fcntls_limit(0, CAP_FCNTL_GETFL));
  EXPECT_ERRNO(ENOSYS, cap_fcntls_get(0, &fcntls));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_limit(0, &cmd, 1));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_get(0, &cmd, 1));
  EXPECT_EQ(fcntls, 77u);
  EXPECT_EQ(cmd, kTcgets);
  EXPECT_GE(capsicum::internal::CachedDeviceFdForTesting(), 0);  // the device was reached
}

TEST_F(SubRightsOverStandIn, InCapabilityModeALostDescriptorIsEcapmode) {
  uint32_t fcntls;
  cap_ioctl_t cmd = kTcgets;
  EXPECT_ERRNO(ENOSYS, cap_fcntls_get(0, &fcntls));
  close(capsicum::internal::CachedDeviceFdForTesting());
  NoteCapabilityMode();
  EXPECT_ERRNO(ECAPMODE, cap_fcntls_limit(0, 0));
  EXPECT_ERRNO(ECAPMODE, cap_fcntls_get(0, &fcntls));
  EXPECT_ERRNO(ECAPMODE, cap_ioctls_limit(0, &cmd, 1));
  EXPECT_ERRNO(ECAPMODE, cap_ioctls_get(0, &cmd, 1));
}

class SubRightsOverFake : public ::testing::Test {
 protected:
  void SetUp() override { InstallFakeModule(&module_); }
  void TearDown() override { InstallFakeModule(nullptr); }
  FakeModule module_;
};

// The library's own checks answer without asking the module (calls stays 0).
TEST_F(SubRightsOverFake, FcntlsLimitRefusesBitsOutsideTheFourCommands) {
  EXPECT_ERRNO(EINVAL, cap_fcntls_limit(0, 1u << 0));  // F_DUPFD: not limited one by one
  EXPECT_ERRNO(EINVAL, cap_fcntls_limit(0, 1u << 31));
  EXPECT_ERRNO(EINVAL, cap_fcntls_limit(0, CAP_FCNTL_ALL | (1u << 1)));
  EXPECT_EQ(module_.calls, 0);
  EXPECT_EQ(cap_fcntls_limit(0, 0), 0);  // no command at all is a valid limit
  EXPECT_EQ(cap_fcntls_limit(0, CAP_FCNTL_ALL), 0);
  EXPECT_EQ(cap_fcntls_limit(0, CAP_FCNTL_GETFL | CAP_FCNTL_SETOWN), 0);
  EXPECT_EQ(module_.calls, 3);
}

TEST_F(SubRightsOverFake, IoctlsLimitRefusesMoreThanTheMaximum) {
  std::vector<cap_ioctl_t> cmds(CAP_IOCTLS_MAX + 1, kTcgets);
  EXPECT_ERRNO(EINVAL, cap_ioctls_limit(0, cmds.data(), CAP_IOCTLS_MAX + 1));
  EXPECT_ERRNO(EINVAL, cap_ioctls_limit(0, cmds.data(), SIZE_MAX));
  EXPECT_EQ(module_.calls, 0);
  EXPECT_EQ(cap_ioctls_limit(0, cmds.data(), CAP_IOCTLS_MAX), 0);
  EXPECT_EQ(module_.calls, 1);
}

TEST_F(SubRightsOverFake, IoctlsLimitNullListIsEfaultUnlessEmpty) {
  EXPECT_ERRNO(EFAULT, cap_ioctls_limit(0, nullptr, 1));
  EXPECT_ERRNO(EINVAL, cap_ioctls_limit(0, nullptr, CAP_IOCTLS_MAX + 1));  // count first
  EXPECT_EQ(module_.calls, 0);
  EXPECT_EQ(cap_ioctls_limit(0, nullptr, 0), 0);  // "no ioctl"
  EXPECT_EQ(module_.calls, 1);
}

TEST_F(SubRightsOverFake, GetsAskTheModuleBeforeLookingAtThePointer) {
  module_.error = EBADF;
  EXPECT_ERRNO(EBADF, cap_fcntls_get(99, nullptr));
  EXPECT_ERRNO(EBADF, cap_ioctls_get(99, nullptr, 0));
}

TEST_F(SubRightsOverFake, FcntlsLimitSendsTheBitsAndTheStructSize) {
  EXPECT_EQ(cap_fcntls_limit(7, CAP_FCNTL_GETFL | CAP_FCNTL_SETFL), 0);
  EXPECT_EQ(module_.request, CAPSICUM_IOC_FCNTLS_LIMIT & ~IOCSIZE_MASK);
  EXPECT_EQ(module_.size, sizeof(struct capsicum_fcntls_arg));
  EXPECT_EQ(module_.fd, 7);
  EXPECT_EQ(module_.sent_fcntls, CAP_FCNTL_GETFL | CAP_FCNTL_SETFL);
}

TEST_F(SubRightsOverFake, FcntlsGetStoresTheKernelsBits) {
  module_.fcntls = CAP_FCNTL_GETOWN;
  uint32_t fcntls = 0;
  EXPECT_EQ(cap_fcntls_get(3, &fcntls), 0);
  EXPECT_EQ(fcntls, static_cast<uint32_t>(CAP_FCNTL_GETOWN));
  EXPECT_ERRNO(EFAULT, cap_fcntls_get(3, nullptr));  // the kernel said yes; copy-out fails
}

TEST_F(SubRightsOverFake, KernelErrorsPassThrough) {
  uint32_t fcntls;
  cap_ioctl_t cmd = kTcgets;
  module_.error = ENOTCAPABLE;
  EXPECT_ERRNO(ENOTCAPABLE, cap_fcntls_limit(3, CAP_FCNTL_GETFL));
  EXPECT_ERRNO(ENOTCAPABLE, cap_ioctls_limit(3, &cmd, 1));
  module_.error = EBADF;
  EXPECT_ERRNO(EBADF, cap_fcntls_get(99, &fcntls));
  EXPECT_ERRNO(EBADF, cap_ioctls_get(99, &cmd, 1));
  module_.error = EOPNOTSUPP;  // not armed: no sandbox is promised
  EXPECT_ERRNO(ENOSYS, cap_fcntls_limit(3, 0));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_limit(3, nullptr, 0));
  module_.error = ENOTTY;  // a module older than ABI 2: as if the calls did not exist
  EXPECT_ERRNO(ENOSYS, cap_fcntls_limit(3, 0));
  EXPECT_ERRNO(ENOSYS, cap_fcntls_get(3, &fcntls));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_limit(3, nullptr, 0));
  EXPECT_ERRNO(ENOSYS, cap_ioctls_get(3, &cmd, 1));
}

TEST_F(SubRightsOverFake, IoctlsLimitSendsEveryCommandAs64Bits) {
  std::vector<cap_ioctl_t> cmds;
  for (cap_ioctl_t i = 0; i < CAP_IOCTLS_MAX; i++) cmds.push_back(0x80000000UL + i);
  EXPECT_EQ(cap_ioctls_limit(4, cmds.data(), cmds.size()), 0);
  EXPECT_EQ(module_.request, CAPSICUM_IOC_IOCTLS_LIMIT & ~IOCSIZE_MASK);
  EXPECT_EQ(module_.size, sizeof(struct capsicum_ioctls_arg));
  EXPECT_EQ(module_.fd, 4);
  EXPECT_EQ(module_.capacity, CAP_IOCTLS_MAX);
  EXPECT_EQ(module_.sent_cmds, std::vector<uint64_t>(cmds.begin(), cmds.end()));
}

TEST_F(SubRightsOverFake, IoctlsLimitToNone) {
  EXPECT_EQ(cap_ioctls_limit(4, nullptr, 0), 0);
  EXPECT_EQ(module_.capacity, 0);
  EXPECT_TRUE(module_.sent_cmds.empty());
}

TEST_F(SubRightsOverFake, IoctlsGetUnrestrictedIsAllAndStoresNothing) {
  cap_ioctl_t cmd = 42;
  EXPECT_EQ(cap_ioctls_get(3, &cmd, 1), CAP_IOCTLS_ALL);
  EXPECT_EQ(cmd, 42u);
  EXPECT_EQ(cap_ioctls_get(3, nullptr, 0), CAP_IOCTLS_ALL);
}

TEST_F(SubRightsOverFake, IoctlsGetStoresAtMostMaxcmdsAndReturnsTheCount) {
  module_.all_ioctls = false;
  module_.ioctls = {kTcgets, kFionread, 0x5402};
  cap_ioctl_t cmds[4] = {0, 0, 0, 0};
  EXPECT_EQ(cap_ioctls_get(3, cmds, 2), 3);
  EXPECT_EQ(module_.capacity, 2);
  EXPECT_EQ(cmds[0], kTcgets);
  EXPECT_EQ(cmds[1], kFionread);
  EXPECT_EQ(cmds[2], 0u);
  EXPECT_EQ(cap_ioctls_get(3, cmds, 4), 3);
  EXPECT_EQ(cmds[2], 0x5402u);
  EXPECT_EQ(cmds[3], 0u);
}

TEST_F(SubRightsOverFake, IoctlsGetWithANullArrayAsksForTheCountOnly) {
  module_.all_ioctls = false;
  module_.ioctls = {kTcgets};
  EXPECT_EQ(cap_ioctls_get(3, nullptr, 100), 1);
  EXPECT_EQ(module_.capacity, 0);
}

TEST_F(SubRightsOverFake, IoctlsGetNeverOffersMoreRoomThanAListCanHold) {
  module_.all_ioctls = false;
  module_.ioctls = {kTcgets};
  std::vector<cap_ioctl_t> cmds(CAP_IOCTLS_MAX + 10);
  EXPECT_EQ(cap_ioctls_get(3, cmds.data(), SIZE_MAX), 1);
  EXPECT_EQ(module_.capacity, CAP_IOCTLS_MAX);
  EXPECT_EQ(cmds[0], kTcgets);
}

TEST_F(SubRightsOverFake, IoctlsGetEmptyListIsZero) {
  module_.all_ioctls = false;
  cap_ioctl_t cmd = 42;
  EXPECT_EQ(cap_ioctls_get(3, &cmd, 1), 0);
  EXPECT_EQ(cmd, 42u);
}

}  // namespace
