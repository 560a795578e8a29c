// SPDX-License-Identifier: BSD-2-Clause
// capsicum-e2e: the C++ API (<capsicum/capsicum.hpp>) against the module: Fd limit/get,
// enter(), and the error codes of refused operations.  Each test runs in a child.

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <capsicum/capsicum.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

constexpr capsicum::Rights kReadOnly{CAP_READ, CAP_SEEK, CAP_FSTAT, CAP_FCNTL, CAP_IOCTL};

TEST(CxxApi, FdLimitAndGet) {
  ScratchDir dir;
  WriteFile(dir.Path("f"), "0123456789");
  RunInChild([&] {
    capsicum::Fd fd(open(dir.Path("f").c_str(), O_RDWR | O_CLOEXEC));
    ASSERT_TRUE(fd);
    std::error_code ec;
    EXPECT_EQ(fd.rights(ec), capsicum::Rights::All());
    EXPECT_FALSE(ec);
    EXPECT_FALSE(fd.ioctls(ec).has_value());  // every command
    EXPECT_FALSE(ec);

    ASSERT_FALSE(fd.limit(kReadOnly));
    const cap_ioctl_t cmds[] = {FIONREAD};
    ASSERT_FALSE(fd.limit_ioctls(cmds));
    ASSERT_FALSE(fd.limit_fcntls(CAP_FCNTL_GETFL));
    EXPECT_EQ(fd.rights(ec), kReadOnly);
    EXPECT_EQ(fd.rights(ec).to_string(), "CAP_READ|CAP_SEEK|CAP_FCNTL|CAP_FSTAT|CAP_IOCTL");
    auto ioctls = fd.ioctls(ec);
    ASSERT_TRUE(ioctls.has_value());
    EXPECT_EQ(*ioctls, std::vector<cap_ioctl_t>{FIONREAD});
    EXPECT_EQ(fd.fcntls(ec), static_cast<uint32_t>(CAP_FCNTL_GETFL));
    EXPECT_FALSE(ec);

    // A refused operation, and a refused widening, as error codes.
    errno = 0;
    EXPECT_EQ(write(fd.get(), "x", 1), -1);
    const std::error_code write_ec = capsicum::ErrorFromErrno(errno);
    EXPECT_EQ(write_ec, capsicum::Errc::not_capable);
    EXPECT_EQ(write_ec.message(), "Capabilities insufficient");
    EXPECT_EQ(fd.limit(kReadOnly | capsicum::Rights{CAP_WRITE}), capsicum::Errc::not_capable);
    EXPECT_EQ(fd.limit_fcntls(CAP_FCNTL_ALL), capsicum::Errc::not_capable);

    // Moved, the limits stay with the descriptor.
    capsicum::Fd moved(std::move(fd));
    EXPECT_EQ(moved.rights(ec), kReadOnly);
    EXPECT_EQ(capsicum::Fd(-1).limit(kReadOnly), std::errc::bad_file_descriptor);
  });
}

TEST(CxxApi, EnterThenGlobalNamespacesAreCapabilityModeErrors) {
  ScratchDir dir;
  RunInChild([&] {
    EXPECT_FALSE(capsicum::sandboxed());
    ASSERT_FALSE(capsicum::enter());
    EXPECT_TRUE(capsicum::sandboxed());
    EXPECT_FALSE(capsicum::enter());  // a no-op now
    errno = 0;
    EXPECT_EQ(open(dir.path().c_str(), O_RDONLY), -1);
    const std::error_code ec = capsicum::ErrorFromErrno(errno);
    EXPECT_EQ(ec, capsicum::Errc::capability_mode);
    EXPECT_EQ(ec.message(), "Not permitted in capability mode");
  });
}

}  // namespace
}  // namespace capsicum_e2e
