// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: capsicumctl rights PID against a fake module.

#include "rights.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/capsicum.h>
#include <unistd.h>

#include <climits>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "device.h"
#include "fake_module.h"
#include "unique_fd.h"

namespace {

using capsicum::UniqueFd;
using capsicum::internal::SetDevicePathForTesting;
using capsicum_test::FakeModule;
using capsicum_test::InstallFakeModule;
using capsicumctl::FdRightsReport;

TEST(ErrnoName, LinuxAndCapsicumErrnos) {
  EXPECT_EQ(capsicumctl::ErrnoName(ESRCH), "ESRCH");
  EXPECT_EQ(capsicumctl::ErrnoName(EPERM), "EPERM");
  EXPECT_EQ(capsicumctl::ErrnoName(ECAPMODE), "ECAPMODE");
  EXPECT_EQ(capsicumctl::ErrnoName(ENOTCAPABLE), "ENOTCAPABLE");
  EXPECT_EQ(capsicumctl::ErrnoName(4000), "errno 4000");
}

std::string Message(pid_t pid) {
  auto report = FdRightsReport(pid, false);
  EXPECT_FALSE(report.ok());
  return report.ok() ? "" : report.error().message;
}

TEST(RightsCommandWithoutModule, NoDeviceIsEnosys) {
  SetDevicePathForTesting("/nonexistent/capsicum");
  EXPECT_EQ(Message(getpid()),
            "Capsicum is not available: no /dev/capsicum (is the module loaded?) (ENOSYS)");
  SetDevicePathForTesting(nullptr);
}

TEST(RightsCommandWithoutModule, AModuleOlderThanAbi2IsEnotty) {
  SetDevicePathForTesting("/dev/null");
  EXPECT_EQ(Message(getpid()),
            "the loaded capsicum module is older than ABI 2: it has no CAPSICUM_IOC_FD_QUERY "
            "(ENOTTY)");
  SetDevicePathForTesting(nullptr);
}

class RightsCommandOverFake : public ::testing::Test {
 protected:
  void SetUp() override { InstallFakeModule(&module_); }
  void TearDown() override { InstallFakeModule(nullptr); }
  FakeModule module_;
};

TEST_F(RightsCommandOverFake, TheModulesRefusalsAreNamed) {
  module_.error = ESRCH;
  EXPECT_EQ(Message(1234), "no process 1234 (ESRCH)");
  module_.error = EPERM;
  EXPECT_EQ(Message(1234), "not permitted to read the descriptors of process 1234 (EPERM)");
  module_.error = ECAPMODE;
  EXPECT_EQ(Message(1234),
            "capsicumctl runs in capability mode, where other processes cannot be inspected "
            "(ECAPMODE)");
  module_.error = ENOMEM;
  EXPECT_EQ(Message(1234), "query of process 1234: Cannot allocate memory (ENOMEM)");
}

TEST_F(RightsCommandOverFake, AProcessThatIsGoneFromProcIsEsrch) {
  EXPECT_EQ(Message(INT_MAX), "no process 2147483647 (ESRCH)");  // the fake let the probe pass
}

TEST_F(RightsCommandOverFake, OneLinePerDescriptorWithTheModulesAnswer) {
  UniqueFd null(open("/dev/null", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(null.valid());
  cap_rights_init(&module_.rights, CAP_READ);
  module_.flags = CAPSICUM_FD_LIMITED;
  module_.fcntls = 0;
  module_.all_ioctls = false;
  auto report = FdRightsReport(getpid(), false);
  ASSERT_TRUE(report.ok()) << report.error().message;
  std::istringstream lines(report.value());
  std::string line;
  std::vector<std::string> row;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<std::string> tokens{std::istream_iterator<std::string>(fields), {}};
    if (tokens.empty()) continue;
    if (tokens[0] == "FD") {
      EXPECT_EQ(tokens, (std::vector<std::string>{"FD", "TYPE", "FLAGS", "RIGHTS", "FCNTLS",
                                                  "IOCTLS", "NAME"}));
    }
    if (tokens[0] == std::to_string(null.get())) row = tokens;
  }
  EXPECT_EQ(row, (std::vector<std::string>{std::to_string(null.get()), "chr", "limited", "CAP_READ",
                                           "-", "-", "/dev/null"}))
      << report.value();
  EXPECT_EQ(module_.pid, getpid());
}

// The module answers the probe (descriptor -1) with EBADF when it can see the process.
TEST_F(RightsCommandOverFake, EbadfForTheProbeIsTheAnswerExpected) {
  module_.closed_fd = -1;
  auto report = FdRightsReport(getpid(), false);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_NE(report.value().find(" GETFL,SETFL,GETOWN,SETOWN all "), std::string::npos)
      << report.value();
}

TEST_F(RightsCommandOverFake, ADescriptorClosedMeanwhileIsLeftOut) {
  UniqueFd null(open("/dev/null", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(null.valid());
  module_.closed_fd = null.get();
  auto report = FdRightsReport(getpid(), true);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report.value().find("\"fd\":" + std::to_string(null.get()) + ","), std::string::npos)
      << report.value();
  EXPECT_EQ(report.value().rfind("{\"pid\":" + std::to_string(getpid()) + ",", 0), 0u);
}

}  // namespace
