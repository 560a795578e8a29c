// SPDX-License-Identifier: BSD-2-Clause
// capsicum-e2e: <capsicum_helpers.h> against the module: what each caph_* leaves on the
// descriptor (rights, ioctl list, fcntls), what it then refuses, caph_enter, and
// caph_cache_tzdata in capability mode.  Everything that limits or enters runs in a child.

#include <capsicum_helpers.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <functional>
#include <iostream>
#include <string>

#include "capsicum_test.h"
#include "tzif.h"

namespace capsicum_e2e {
namespace {

cap_rights_t StreamRights(uint64_t extra) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_EVENT, CAP_FCNTL, CAP_FSTAT, CAP_IOCTL, CAP_SEEK);
  cap_rights_set(&r, extra);
  return r;
}

// fd carries exactly a stream's limits: `rights`, TCGETS and TIOCGWINSZ, F_GETFL.
void ExpectStream(int fd, const cap_rights_t& rights) {
  EXPECT_RIGHTS_EQ(rights, GetRights(fd));
  cap_ioctl_t cmds[4] = {};
  EXPECT_EQ(cap_ioctls_get(fd, cmds, 4), 2) << fd;
  EXPECT_EQ(cmds[0], static_cast<cap_ioctl_t>(TCGETS));
  EXPECT_EQ(cmds[1], static_cast<cap_ioctl_t>(TIOCGWINSZ));
  uint32_t fcntls = 0;
  EXPECT_OK(cap_fcntls_get(fd, &fcntls));
  EXPECT_EQ(fcntls, static_cast<uint32_t>(CAP_FCNTL_GETFL));
}

// Runs body in a child whose descriptors 0, 1 and 2 are its own: the ends of two socket pairs
// (read and write both possible, so a missing right shows as ENOTCAPABLE and not as the
// kernel's EBADF), never files the test runner shares (limiting those would leave the runner
// with limited files).  The child's gtest output goes to a file that is printed on failure.
void RunWithPrivateStdio(const std::function<void()>& body) {
  ScratchDir dir;
  const std::string log = dir.Path("gtest-output");
  RunInChild([&] {
    fflush(stdout);
    FILE* out = fopen(log.c_str(), "w");
    ASSERT_NE(out, nullptr);
    stdout = out;
    int a[2], b[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, a));
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, b));
    ASSERT_OK(dup2(a[0], 0));
    ASSERT_OK(dup2(b[0], 1));
    ASSERT_OK(dup2(b[0], 2));
    body();
    fflush(stdout);
  });
  if (::testing::Test::HasFailure()) std::cout << "child's output:\n" << ReadFile(log);
}

TEST(Caph, LimitStdioLeavesEachStreamItsRights) {
  RunWithPrivateStdio([] {
    ASSERT_EQ(caph_limit_stdio(), 0) << DescribeErrno(errno);
    ExpectStream(0, StreamRights(CAP_READ));
    ExpectStream(1, StreamRights(CAP_WRITE));
    ExpectStream(2, StreamRights(CAP_WRITE));
    // What a stream may still do: write, fstat, F_GETFL, and isatty() reaches the driver
    // (TCGETS kept: ENOTTY from the pipe, not ENOTCAPABLE).
    EXPECT_EQ(write(1, "x", 1), 1);
    struct stat st;
    EXPECT_OK(fstat(1, &st));
    EXPECT_OK(fcntl(1, F_GETFL));
    errno = 0;
    EXPECT_EQ(isatty(1), 0);
    EXPECT_EQ(errno, ENOTTY);
    // What it may not.
    char c;
    EXPECT_NOTCAPABLE(read(1, &c, 1));
    EXPECT_NOTCAPABLE(write(0, "x", 1));
    EXPECT_NOTCAPABLE(fcntl(1, F_SETFL, O_NONBLOCK));
    int n;
    EXPECT_NOTCAPABLE(ioctl(0, FIONREAD, &n));
  });
}

TEST(Caph, LimitStreamWithLookupOnADirectory) {
  ScratchDir dir;
  WriteFile(dir.Path("f"), "abc");
  RunInChild([&] {
    const int d = open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_OK(d);
    ASSERT_EQ(caph_limit_stream(d, CAPH_READ | CAPH_LOOKUP), 0) << DescribeErrno(errno);
    ExpectStream(d, StreamRights(CAP_READ | CAP_LOOKUP));
    const int f = openat(d, "f", O_RDONLY | O_CLOEXEC);
    EXPECT_OK(f);
    EXPECT_NOTCAPABLE(openat(d, "g", O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  });
}

TEST(Caph, ClosedStreamsAreSkippedOnlyWhenAsked) {
  RunWithPrivateStdio([] {
    ASSERT_OK(close(0));
    errno = 0;
    EXPECT_EQ(caph_limit_stdin(), -1);
    EXPECT_EQ(errno, EBADF);
    EXPECT_EQ(caph_limit_stream(0, CAPH_READ | CAPH_IGNORE_EBADF), 0);
    EXPECT_EQ(caph_limit_stdio(), 0) << DescribeErrno(errno);
    ExpectStream(1, StreamRights(CAP_WRITE));
  });
}

TEST(Caph, LimitHelpersOnlyShrink) {
  ScratchDir dir;
  WriteFile(dir.Path("f"), "abc");
  RunInChild([&] {
    const int fd = open(dir.Path("f").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_OK(fd);
    cap_rights_t r;
    cap_rights_init(&r, CAP_READ, CAP_FCNTL, CAP_IOCTL);
    const cap_ioctl_t one[] = {FIONREAD};
    EXPECT_EQ(caph_rights_limit(fd, &r), 0);
    EXPECT_EQ(caph_ioctls_limit(fd, one, nitems(one)), 0);
    EXPECT_EQ(caph_fcntls_limit(fd, CAP_FCNTL_GETFL), 0);
    EXPECT_RIGHTS_EQ(r, GetRights(fd));
    // Widening is refused, not tolerated.
    cap_rights_t more;
    cap_rights_init(&more, CAP_READ, CAP_WRITE);
    const cap_ioctl_t two[] = {FIONREAD, FIONBIO};
    errno = 0;
    EXPECT_EQ(caph_rights_limit(fd, &more), -1);
    EXPECT_EQ(errno, ENOTCAPABLE);
    errno = 0;
    EXPECT_EQ(caph_ioctls_limit(fd, two, nitems(two)), -1);
    EXPECT_EQ(errno, ENOTCAPABLE);
    errno = 0;
    EXPECT_EQ(caph_fcntls_limit(fd, CAP_FCNTL_ALL), -1);
    EXPECT_EQ(errno, ENOTCAPABLE);
  });
}

TEST(Caph, EnterAndEnterCasper) {
  RunInChild([] {
    EXPECT_FALSE(cap_sandboxed());
    ASSERT_EQ(caph_enter(), 0) << DescribeErrno(errno);
    EXPECT_TRUE(cap_sandboxed());
    EXPECT_CAPMODE(open("/", O_RDONLY));
    EXPECT_EQ(caph_enter(), 0);  // already: a no-op
    EXPECT_EQ(caph_enter_casper(), 0);
  });
  // caph_enter_casper enters exactly when casper is there (CASPER_SUPPORT).
  RunInChild([] {
    ASSERT_EQ(caph_enter_casper(), 0) << DescribeErrno(errno);
    EXPECT_EQ(cap_sandboxed(), CASPER_SUPPORT != 0);
  });
}

// localtime(3) fields for t = 86400 in the process's time zone.
struct tm LocalDayOne() {
  time_t t = 86400;
  struct tm tm;
  memset(&tm, 0, sizeof(tm));
  localtime_r(&t, &tm);
  return tm;
}

TEST(Caph, CacheTzdataKeepsTheZoneInCapabilityMode) {
  ScratchDir dir;
  WriteFile(dir.Path("zone"), TzifPlusOneHour());
  RunInChild([&] {
    ASSERT_OK(setenv("TZ", dir.Path("zone").c_str(), 1));
    caph_cache_tzdata();
    ASSERT_EQ(caph_enter(), 0);
    EXPECT_CAPMODE(open(dir.Path("zone").c_str(), O_RDONLY));
    struct tm tm = LocalDayOne();
    EXPECT_EQ(tm.tm_gmtoff, 3600);
    EXPECT_EQ(tm.tm_hour, 1);
    EXPECT_STREQ(tm.tm_zone, "TST");
    time_t t = 86400;
    struct tm* shared = localtime(&t);  // localtime() checks TZ again: unchanged, kept
    ASSERT_NE(shared, nullptr);
    EXPECT_EQ(shared->tm_gmtoff, 3600);
  });
  // Without the cache the zone file cannot be read any more: UTC.
  RunInChild([&] {
    ASSERT_OK(setenv("TZ", dir.Path("zone").c_str(), 1));
    ASSERT_EQ(caph_enter(), 0);
    struct tm tm = LocalDayOne();
    EXPECT_EQ(tm.tm_gmtoff, 0);
    EXPECT_EQ(tm.tm_hour, 0);
  });
}

TEST(Caph, CacheCatpagesThenStrerrorInCapabilityMode) {
  RunInChild([] {
    caph_cache_catpages();
    ASSERT_EQ(caph_enter(), 0);
    EXPECT_STREQ(strerror(ENOENT), "No such file or directory");
    EXPECT_STREQ(cap_strerror(ENOTCAPABLE), "Capabilities insufficient");
  });
}

}  // namespace
}  // namespace capsicum_e2e
