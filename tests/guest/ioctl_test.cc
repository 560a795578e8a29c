// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: /dev/capsicum itself, below the library: every ioctl's bad input and its errno.
//
// The library checks some arguments before the kernel sees them; these tests
// talk to the device directly so that the module's own checks are the ones
// under test, in the order uapi/linux/capsicum.h documents.

#include <fcntl.h>
#include <linux/capsicum.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

class DeviceIoctl : public DeviceTest {
 protected:
  void SetUp() override {
    DeviceTest::SetUp();
    if (HasFatalFailure()) return;
    fd_ = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    ASSERT_OK(fd_);
  }
  void TearDown() override {
    if (fd_ >= 0) close(fd_);
    DeviceTest::TearDown();
  }

  struct capsicum_rights_arg Arg(uint64_t w0, uint64_t w1) const {
    struct capsicum_rights_arg a;
    memset(&a, 0, sizeof(a));
    a.size = sizeof(a);
    a.fd = fd_;
    a.rights.cr_rights[0] = w0;
    a.rights.cr_rights[1] = w1;
    return a;
  }

  struct cap_rights Get() const {
    struct capsicum_rights_arg a = Arg(0, 0);
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_RIGHTS_GET, &a));
    return a.rights;
  }

  int fd_ = -1;
};

// The same ioctl number with another size in its size field: what a program
// built against a later, larger struct sends.
constexpr unsigned long WithSize(unsigned long cmd, unsigned size) {
  return (cmd & ~(static_cast<unsigned long>(_IOC_SIZEMASK) << _IOC_SIZESHIFT)) |
         (static_cast<unsigned long>(size) << _IOC_SIZESHIFT);
}

constexpr uint64_t kRead = CAP_READ;
constexpr uint64_t kWord1 = CAPRIGHT(1, 0ULL);

TEST_F(DeviceIoctl, VersionIsAbi1) {
  EXPECT_EQ(CAPSICUM_ABI_VERSION, ioctl(dev_, CAPSICUM_IOC_VERSION));
}

TEST_F(DeviceIoctl, UnknownCommandIsEnotty) {
  EXPECT_SYSCALL_FAIL(ENOTTY, ioctl(dev_, _IO(CAPSICUM_IOC_MAGIC, 99)));
  EXPECT_SYSCALL_FAIL(ENOTTY, ioctl(dev_, _IO('x', 2)));
}

TEST_F(DeviceIoctl, GetmodeNullIsEfault) {
  EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev_, CAPSICUM_IOC_GETMODE, nullptr));
}

TEST_F(DeviceIoctl, GetmodeSizeTooSmallIsEinval) {
  struct capsicum_mode m = {4, 77};
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_GETMODE, &m));
  EXPECT_EQ(77u, m.mode);  // nothing written
}

TEST_F(DeviceIoctl, GetmodeLargerStructWithZeroTailWorks) {
  uint32_t buf[8] = {sizeof(buf), 77, 0, 0, 0, 0, 0, 0};
  EXPECT_OK(ioctl(dev_, WithSize(CAPSICUM_IOC_GETMODE, sizeof(buf)), buf));
  EXPECT_EQ(0u, buf[1]);
  EXPECT_EQ(0u, buf[2]);  // the module writes only what it knows
}

TEST_F(DeviceIoctl, GetmodeLargerStructWithNonZeroTailIsE2big) {
  uint32_t buf[8] = {sizeof(buf), 77, 0, 0, 0, 0, 0, 1};
  EXPECT_SYSCALL_FAIL(E2BIG, ioctl(dev_, WithSize(CAPSICUM_IOC_GETMODE, sizeof(buf)), buf));
  EXPECT_EQ(77u, buf[1]);
}

TEST_F(DeviceIoctl, LimitNullIsEfault) {
  EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, nullptr));
}

TEST_F(DeviceIoctl, LimitSizeTooSmallIsEinvalAndChangesNothing) {
  struct capsicum_rights_arg a = Arg(kRead, kWord1);
  a.size = CAPSICUM_RIGHTS_ARG_SIZE_VER0 - 1;
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  struct cap_rights r = Get();
  EXPECT_EQ(CAP_ALL0, r.cr_rights[0]);
  EXPECT_EQ(CAP_ALL1, r.cr_rights[1]);
}

TEST_F(DeviceIoctl, LimitMalformedRightsIsEinvalAndChangesNothing) {
  struct capsicum_rights_arg a = Arg(kRead | (1ULL << 62), kWord1);  // version 1
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  a = Arg(kRead, kWord1 | CAP_UNUSED1_26);  // no such right
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  a = Arg(CAPRIGHT(1, 1ULL), kWord1);  // word 0 tagged as word 1
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  struct cap_rights r = Get();
  EXPECT_EQ(CAP_ALL0, r.cr_rights[0]);
  EXPECT_EQ(CAP_ALL1, r.cr_rights[1]);
}

// FreeBSD's order: malformed rights are reported before a bad descriptor.
TEST_F(DeviceIoctl, LimitMalformedRightsOnABadFdIsEinval) {
  struct capsicum_rights_arg a = Arg(kRead | (1ULL << 62), kWord1);
  a.fd = -1;
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  a = Arg(kRead, kWord1);
  a.fd = -1;
  EXPECT_SYSCALL_FAIL(EBADF, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
}

TEST_F(DeviceIoctl, LimitThenGrowIsNotcapableAndKeepsTheLimit) {
  struct capsicum_rights_arg a = Arg(kRead, kWord1);
  ASSERT_OK(ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  a = Arg(kRead | CAP_WRITE, kWord1);
  EXPECT_SYSCALL_FAIL(ENOTCAPABLE, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  a = Arg(kRead, kWord1 | CAP_EVENT);
  EXPECT_SYSCALL_FAIL(ENOTCAPABLE, ioctl(dev_, CAPSICUM_IOC_RIGHTS_LIMIT, &a));
  struct cap_rights r = Get();
  EXPECT_EQ(kRead, r.cr_rights[0]);
  EXPECT_EQ(kWord1, r.cr_rights[1]);
}

TEST_F(DeviceIoctl, GetNullIsEfault) {
  EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev_, CAPSICUM_IOC_RIGHTS_GET, nullptr));
}

TEST_F(DeviceIoctl, GetBadFdIsEbadf) {
  struct capsicum_rights_arg a = Arg(0, 0);
  a.fd = 1 << 20;
  EXPECT_SYSCALL_FAIL(EBADF, ioctl(dev_, CAPSICUM_IOC_RIGHTS_GET, &a));
}

TEST_F(DeviceIoctl, StatusReportsArmedAbi1) {
  struct capsicum_status s;
  memset(&s, 0, sizeof(s));
  s.size = sizeof(s);
  ASSERT_OK(ioctl(dev_, CAPSICUM_IOC_STATUS, &s));
  EXPECT_EQ(static_cast<uint32_t>(CAPSICUM_ABI_VERSION), s.abi_version);
  EXPECT_EQ(1u, s.armed);
}

// Global counts are not for a sandbox to read.
TEST_F(DeviceIoctl, StatusInCapabilityModeIsEcapmode) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    struct capsicum_status s;
    memset(&s, 0, sizeof(s));
    s.size = sizeof(s);
    EXPECT_CAPMODE(ioctl(dev_, CAPSICUM_IOC_STATUS, &s));
  });
}

// Only a privileged loader arms or disarms the module.
TEST_F(DeviceIoctl, ArmAndDisarmNeedCapSysAdmin) {
  RunInChild([&] {
    ASSERT_OK(syscall(SYS_setresuid, 65534, 65534, 65534));
    EXPECT_SYSCALL_FAIL(EPERM, ioctl(dev_, CAPSICUM_IOC_ARM));
    EXPECT_SYSCALL_FAIL(EPERM, ioctl(dev_, CAPSICUM_IOC_DISARM));
  });
  struct capsicum_status s;
  memset(&s, 0, sizeof(s));
  s.size = sizeof(s);
  ASSERT_OK(ioctl(dev_, CAPSICUM_IOC_STATUS, &s));
  EXPECT_EQ(1u, s.armed);
}

}  // namespace
}  // namespace capsicum_e2e
