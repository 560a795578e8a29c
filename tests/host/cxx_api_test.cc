// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: the C++ API (<capsicum/capsicum.hpp>) and
// capsicum_rights_format(), without the module.

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <capsicum/capsicum.hpp>
#include <sstream>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

#include "device.h"
#include "fake_module.h"

namespace {

using capsicum::Errc;
using capsicum::Fd;
using capsicum::Rights;

// The rights algebra is usable in constant expressions.
constexpr Rights kRead{CAP_READ};
constexpr Rights kReadSeek{CAP_READ, CAP_SEEK};
constexpr Rights kWriteEvent{CAP_WRITE, CAP_EVENT};
static_assert(Rights().empty() && Rights().valid());
static_assert(kReadSeek.contains(kRead) && !kRead.contains(kReadSeek));
static_assert(kReadSeek.contains(CAP_PREAD) && !kRead.contains(CAP_PREAD));
static_assert((kReadSeek | kWriteEvent).contains(CAP_EVENT));
static_assert((kReadSeek & kRead) == kRead);
static_assert((kReadSeek - kRead) == Rights{CAP_SEEK});
static_assert((kRead - kReadSeek).empty());
static_assert((kReadSeek | kWriteEvent).c_rights().cr_rights[0] ==
              (CAP_READ | CAP_SEEK | CAP_WRITE));
static_assert((kReadSeek | kWriteEvent).c_rights().cr_rights[1] == CAP_EVENT);
static_assert(Rights::All().valid() &&
              Rights::All().contains(Rights{CAP_SETNS, CAP_RENAMEAT_TARGET}));
static_assert(!Rights{CAP_READ | CAP_EVENT}.valid());  // names no single word
static_assert(!std::is_convertible_v<unsigned long long, Rights>);
static_assert(!std::is_copy_constructible_v<Fd> && std::is_nothrow_move_constructible_v<Fd>);

cap_rights_t CRights(auto... rights) {
  cap_rights_t r;
  __cap_rights_init(CAP_RIGHTS_VERSION, &r, static_cast<unsigned long long>(rights)..., 0ULL);
  return r;
}

TEST(CxxRights, SameWordsAsTheCHelpers) {
  const cap_rights_t c = CRights(CAP_READ, CAP_FSTAT, CAP_IOCTL, CAP_MKDIRAT);
  const Rights r{CAP_READ, CAP_FSTAT, CAP_IOCTL, CAP_MKDIRAT};
  EXPECT_EQ(memcmp(&c, &r.c_rights(), sizeof(c)), 0);
  EXPECT_EQ(Rights(c), r);
}

TEST(CxxRights, RemoveOfACompositeClearsItsParts) {
  Rights r{CAP_MKDIRAT, CAP_READ};
  cap_rights_t c = CRights(CAP_MKDIRAT, CAP_READ);
  r.remove(CAP_LOOKUP);
  cap_rights_clear(&c, CAP_LOOKUP);
  EXPECT_EQ(r, Rights(c));
  EXPECT_FALSE(r.contains(CAP_MKDIRAT));
  EXPECT_TRUE(r.contains(CAP_READ));
}

TEST(CxxRights, AMalformedRightMakesTheSetMalformedAndItStaysSo) {
  Rights r{CAP_READ};
  r.add(CAP_READ | CAP_EVENT);
  EXPECT_FALSE(r.valid());
  EXPECT_FALSE(r.empty());
  EXPECT_FALSE(r.contains(CAP_READ));
  EXPECT_FALSE((r | kRead).valid());
  EXPECT_FALSE((kRead | r).valid());
  EXPECT_FALSE((r - kRead).valid());
  EXPECT_EQ(r.to_string(), "(malformed)");
  Rights v{CAP_READ};
  v.remove(1ULL << 62 | CAP_READ);  // version bits: malformed, the right is not "removed"
  EXPECT_FALSE(v.valid());
  EXPECT_FALSE(cap_rights_is_valid(&v.c_rights()));
}

TEST(CxxRights, Formatting) {
  EXPECT_EQ(Rights().to_string(), "");
  EXPECT_EQ(Rights{CAP_PREAD}.to_string(), "CAP_READ|CAP_SEEK");
  EXPECT_EQ((Rights{CAP_FSTAT} | kWriteEvent).to_string(), "CAP_WRITE|CAP_FSTAT|CAP_EVENT");
  std::ostringstream os;
  os << Rights{CAP_SETNS, CAP_LOOKUP};
  EXPECT_EQ(os.str(), "CAP_LOOKUP|CAP_SETNS");
  // Longer than the first guess of 128 characters: every right.
  const std::string all = Rights::All().to_string();
  EXPECT_GT(all.size(), 128u);
  EXPECT_EQ(all.find("CAP_READ|CAP_WRITE|CAP_MMAP_X|CAP_CREATE|"), 0u);
  EXPECT_EQ(all.substr(all.size() - 9), "CAP_SETNS");
  cap_rights_t unknown = CRights(CAP_READ);
  unknown.cr_rights[1] |= CAP_UNUSED1_26;
  EXPECT_EQ(Rights(unknown).to_string(), "CAP_READ|CAPRIGHT(1,0x2000000)");
}

TEST(CapsicumRightsFormat, SnprintfContract) {
  const cap_rights_t r = CRights(CAP_PREAD, CAP_FSTAT);
  const std::string text = "CAP_READ|CAP_SEEK|CAP_FSTAT";
  char buf[64];
  memset(buf, 'x', sizeof(buf));
  EXPECT_EQ(capsicum_rights_format(&r, buf, sizeof(buf)), static_cast<ssize_t>(text.size()));
  EXPECT_STREQ(buf, text.c_str());
  memset(buf, 'x', sizeof(buf));
  EXPECT_EQ(capsicum_rights_format(&r, buf, 9), static_cast<ssize_t>(text.size()));
  EXPECT_STREQ(buf, "CAP_READ");  // 8 characters and the NUL
  EXPECT_EQ(buf[9], 'x');
  EXPECT_EQ(capsicum_rights_format(&r, nullptr, 0), static_cast<ssize_t>(text.size()));
  buf[0] = 'x';
  EXPECT_EQ(capsicum_rights_format(&r, buf, 0), static_cast<ssize_t>(text.size()));
  EXPECT_EQ(buf[0], 'x');
}

TEST(CapsicumRightsFormat, BadPointersAreEfault) {
  const cap_rights_t r = CRights(CAP_READ);
  char buf[8];
  errno = 0;
  EXPECT_EQ(capsicum_rights_format(nullptr, buf, sizeof(buf)), -1);
  EXPECT_EQ(errno, EFAULT);
  errno = 0;
  EXPECT_EQ(capsicum_rights_format(&r, nullptr, 1), -1);
  EXPECT_EQ(errno, EFAULT);
}

TEST(CxxErrors, TheCategoryKnowsCapsicumsErrnos) {
  const std::error_code capmode = Errc::capability_mode;
  const std::error_code notcap = make_error_code(Errc::not_capable);
  EXPECT_EQ(capmode.value(), 134);
  EXPECT_EQ(notcap.value(), 135);
  EXPECT_STREQ(capmode.category().name(), "capsicum");
  EXPECT_EQ(capmode.message(), "Not permitted in capability mode");
  EXPECT_EQ(notcap.message(), "Capabilities insufficient");
  EXPECT_EQ(capsicum::strerror(ENOTCAPABLE), "Capabilities insufficient");
  EXPECT_EQ(capsicum::strerror(EBADF), strerror(EBADF));
  EXPECT_TRUE(capsicum::ErrorFromErrno(ENOTCAPABLE) == Errc::not_capable);
  EXPECT_FALSE(capsicum::ErrorFromErrno(ECAPMODE) == Errc::not_capable);
  // Other errnos compare equal to their std::errc, and are not Capsicum's.
  const std::error_code badf = capsicum::ErrorFromErrno(EBADF);
  EXPECT_TRUE(badf == std::errc::bad_file_descriptor);
  EXPECT_EQ(badf.message(), strerror(EBADF));
  EXPECT_FALSE(capmode == std::errc::operation_not_permitted);
  EXPECT_EQ(capmode.default_error_condition().category(), capsicum::category());
}

// Without /dev/capsicum everything is ENOSYS, as error_codes; nothing throws.
class CxxWithoutDevice : public ::testing::Test {
 protected:
  void SetUp() override { capsicum::internal::SetDevicePathForTesting("/nonexistent/capsicum"); }
  void TearDown() override { capsicum::internal::SetDevicePathForTesting(nullptr); }
};

TEST_F(CxxWithoutDevice, EveryCallIsEnosys) {
  EXPECT_EQ(capsicum::enter(), std::errc::function_not_supported);
  EXPECT_FALSE(capsicum::sandboxed());
  Fd fd(open("/dev/null", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd.valid());
  EXPECT_EQ(fd.limit(kRead), std::errc::function_not_supported);
  EXPECT_EQ(fd.limit_fcntls(CAP_FCNTL_GETFL), std::errc::function_not_supported);
  const cap_ioctl_t cmds[] = {0x5401};
  EXPECT_EQ(fd.limit_ioctls(cmds), std::errc::function_not_supported);
  std::error_code ec;
  EXPECT_TRUE(fd.rights(ec).empty());  // fails closed: no rights
  EXPECT_EQ(ec, std::errc::function_not_supported);
  ec.clear();
  EXPECT_EQ(fd.fcntls(ec), 0u);
  EXPECT_EQ(ec, std::errc::function_not_supported);
  ec.clear();
  auto ioctls = fd.ioctls(ec);
  ASSERT_TRUE(ioctls.has_value());
  EXPECT_TRUE(ioctls->empty());
  EXPECT_EQ(ec, std::errc::function_not_supported);
}

// Over the fake module: what the C++ calls send, and what the getters return.
class CxxOverFake : public ::testing::Test {
 protected:
  void SetUp() override { capsicum_test::InstallFakeModule(&module_); }
  void TearDown() override { capsicum_test::InstallFakeModule(nullptr); }
  capsicum_test::FakeModule module_;
};

TEST_F(CxxOverFake, LimitAndGet) {
  Fd fd(open("/dev/null", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd);
  EXPECT_FALSE(fd.limit(kReadSeek));
  EXPECT_EQ(module_.fd, fd.get());
  EXPECT_EQ(Rights(module_.sent_rights), kReadSeek);
  const cap_ioctl_t cmds[] = {0x5401, 0x5413};
  EXPECT_FALSE(fd.limit_ioctls(cmds));
  EXPECT_EQ(module_.sent_cmds, (std::vector<uint64_t>{0x5401, 0x5413}));
  EXPECT_FALSE(fd.limit_fcntls(CAP_FCNTL_GETFL));
  EXPECT_EQ(module_.sent_fcntls, CAP_FCNTL_GETFL);

  module_.rights = Rights{CAP_READ, CAP_FSTAT}.c_rights();
  module_.fcntls = CAP_FCNTL_SETFL;
  module_.all_ioctls = false;
  module_.ioctls = {0x5413};
  std::error_code ec;
  EXPECT_EQ(fd.rights(ec), (Rights{CAP_READ, CAP_FSTAT}));
  EXPECT_FALSE(ec);
  EXPECT_EQ(fd.fcntls(ec), CAP_FCNTL_SETFL);
  EXPECT_FALSE(ec);
  auto ioctls = fd.ioctls(ec);
  EXPECT_FALSE(ec);
  ASSERT_TRUE(ioctls.has_value());
  EXPECT_EQ(*ioctls, (std::vector<cap_ioctl_t>{0x5413}));
  module_.all_ioctls = true;
  EXPECT_FALSE(fd.ioctls(ec).has_value());  // every command
  EXPECT_FALSE(ec);
}

TEST_F(CxxOverFake, TheModulesErrnoBecomesTheErrorCode) {
  module_.error = ENOTCAPABLE;
  const std::error_code ec = capsicum::limit(0, kRead);
  EXPECT_EQ(ec, Errc::not_capable);
  EXPECT_EQ(ec.message(), "Capabilities insufficient");
  module_.error = EBADF;
  EXPECT_EQ(capsicum::limit_fcntls(0, 0), std::errc::bad_file_descriptor);
}

TEST(CxxFd, OwnsMovesAndCloses) {
  int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    Fd a(raw);
    Fd b(std::move(a));
    EXPECT_FALSE(a.valid());
    EXPECT_EQ(b.get(), raw);
    Fd c;
    c = std::move(b);
    EXPECT_EQ(c.get(), raw);
    EXPECT_EQ(fcntl(raw, F_GETFD), FD_CLOEXEC);
  }
  errno = 0;
  EXPECT_EQ(fcntl(raw, F_GETFD), -1);  // closed by the owner
  EXPECT_EQ(errno, EBADF);
  int other = open("/dev/null", O_RDONLY | O_CLOEXEC);
  Fd d(other);
  EXPECT_EQ(d.release(), other);
  EXPECT_FALSE(d);
  EXPECT_EQ(close(other), 0);  // release() did not close it
}

}  // namespace
