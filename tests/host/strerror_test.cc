// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: cap_strerror knows ECAPMODE and ENOTCAPABLE, defers otherwise.

#include <errno.h>
#include <gtest/gtest.h>
#include <string.h>
#include <sys/capsicum.h>

#include <string>

namespace {

TEST(CapStrerror, CapsicumErrnos) {
  EXPECT_STREQ(cap_strerror(ECAPMODE), "Not permitted in capability mode");
  EXPECT_STREQ(cap_strerror(ENOTCAPABLE), "Capabilities insufficient");
}

TEST(CapStrerror, OtherErrnosAreStrerrors) {
  for (int e : {EPERM, ENOENT, EBADF, EFAULT, EINVAL, ENOSYS, EHWPOISON, 0, 4096, -1}) {
    const std::string expected = strerror(e);
    EXPECT_EQ(cap_strerror(e), expected) << e;
  }
}

}  // namespace
