// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: QueryFd (CAPSICUM_IOC_FD_QUERY) without the module.

#include "fd_query.h"

#include <gtest/gtest.h>
#include <sys/capsicum.h>

#include "device.h"
#include "fake_module.h"

namespace {

using capsicum::QueryFd;
using capsicum::internal::SetDevicePathForTesting;
using capsicum_test::FakeModule;
using capsicum_test::InstallFakeModule;

TEST(QueryFdWithoutModule, NoDeviceIsEnosys) {
  SetDevicePathForTesting("/nonexistent/capsicum");
  auto info = QueryFd(1, 0);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().value, ENOSYS);
  SetDevicePathForTesting(nullptr);
}

TEST(QueryFdWithoutModule, AModuleWithoutTheIoctlIsEnotty) {
  SetDevicePathForTesting("/dev/null");
  auto info = QueryFd(1, 0);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().value, ENOTTY);
  SetDevicePathForTesting(nullptr);
}

class QueryFdOverFake : public ::testing::Test {
 protected:
  void SetUp() override { InstallFakeModule(&module_); }
  void TearDown() override { InstallFakeModule(nullptr); }
  FakeModule module_;
};

TEST_F(QueryFdOverFake, SendsPidFdAndRoomForTheLongestList) {
  auto info = QueryFd(1234, 5);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(module_.request, CAPSICUM_IOC_FD_QUERY & ~IOCSIZE_MASK);
  EXPECT_EQ(module_.size, sizeof(struct capsicum_fd_query));
  EXPECT_EQ(module_.pid, 1234);
  EXPECT_EQ(module_.fd, 5);
  EXPECT_EQ(module_.capacity, CAP_IOCTLS_MAX);
  EXPECT_EQ(module_.calls, 1);
}

TEST_F(QueryFdOverFake, ReturnsRightsFcntlsFlagsAndAllIoctls) {
  cap_rights_init(&module_.rights, CAP_READ, CAP_FSTAT);
  module_.fcntls = CAP_FCNTL_GETFL;
  module_.flags = CAPSICUM_FD_LIMITED | CAPSICUM_FD_UNOBSERVED;
  auto info = QueryFd(1, 3);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(cap_rights_contains(&info.value().rights, &module_.rights));
  EXPECT_TRUE(cap_rights_contains(&module_.rights, &info.value().rights));
  EXPECT_EQ(info.value().fcntls, static_cast<uint32_t>(CAP_FCNTL_GETFL));
  EXPECT_TRUE(info.value().limited());
  EXPECT_TRUE(info.value().unobserved());
  EXPECT_FALSE(info.value().ioctls.has_value());
}

TEST_F(QueryFdOverFake, ReturnsTheIoctlList) {
  module_.all_ioctls = false;
  module_.ioctls = {0x5401, 0x541B};
  auto info = QueryFd(1, 3);
  ASSERT_TRUE(info.ok());
  ASSERT_TRUE(info.value().ioctls.has_value());
  EXPECT_EQ(*info.value().ioctls, (std::vector<uint64_t>{0x5401, 0x541B}));
  EXPECT_FALSE(info.value().limited());
}

TEST_F(QueryFdOverFake, AnEmptyListIsNotAll) {
  module_.all_ioctls = false;
  auto info = QueryFd(1, 3);
  ASSERT_TRUE(info.ok());
  ASSERT_TRUE(info.value().ioctls.has_value());
  EXPECT_TRUE(info.value().ioctls->empty());
}

TEST_F(QueryFdOverFake, AListLongerThanTheBufferIsFetchedAgain) {
  module_.all_ioctls = false;
  for (uint64_t i = 0; i < CAP_IOCTLS_MAX + 44; i++) module_.ioctls.push_back(i);
  auto info = QueryFd(1, 3);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(module_.calls, 2);
  EXPECT_EQ(module_.capacity, CAP_IOCTLS_MAX + 44);
  EXPECT_EQ(*info.value().ioctls, module_.ioctls);
}

TEST_F(QueryFdOverFake, ErrorsPassThrough) {
  for (int err : {ESRCH, EPERM, ECAPMODE, EINVAL}) {
    module_.error = err;
    auto info = QueryFd(1, 3);
    ASSERT_FALSE(info.ok());
    EXPECT_EQ(info.error().value, err);
  }
}

}  // namespace
