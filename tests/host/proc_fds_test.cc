// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: capsicumctl's /proc/PID/fd walk and descriptor types.

#include "proc_fds.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <climits>
#include <map>
#include <string>

#include "unique_fd.h"

namespace {

using capsicum::UniqueFd;
using capsicumctl::FdType;
using capsicumctl::ListProcFds;

struct stat Mode(mode_t mode) {
  struct stat st {};
  st.st_mode = mode;
  return st;
}

TEST(FdType, FromTheLinkTarget) {
  EXPECT_EQ(FdType("socket:[4242]", nullptr), "socket");
  EXPECT_EQ(FdType("pipe:[4242]", nullptr), "pipe");
  EXPECT_EQ(FdType("anon_inode:[eventfd]", nullptr), "anon");
  EXPECT_EQ(FdType("anon_inode:inotify", nullptr), "anon");
  EXPECT_EQ(FdType("net:[4026531840]", nullptr), "ns");
  EXPECT_EQ(FdType("pid_for_children:[4026531836]", nullptr), "ns");
  EXPECT_EQ(FdType("/dev/null", nullptr), "?");
  EXPECT_EQ(FdType("", nullptr), "?");
  EXPECT_EQ(FdType("netx:[1]", nullptr), "?");
}

TEST(FdType, FromTheMode) {
  const struct stat reg = Mode(S_IFREG), dir = Mode(S_IFDIR), chr = Mode(S_IFCHR),
                    blk = Mode(S_IFBLK), fifo = Mode(S_IFIFO), sock = Mode(S_IFSOCK),
                    lnk = Mode(S_IFLNK), none = Mode(0);
  EXPECT_EQ(FdType("/etc/passwd", &reg), "file");
  EXPECT_EQ(FdType("/memfd:x (deleted)", &reg), "file");
  EXPECT_EQ(FdType("/tmp", &dir), "dir");
  EXPECT_EQ(FdType("/dev/null", &chr), "chr");
  EXPECT_EQ(FdType("/dev/sda", &blk), "blk");
  EXPECT_EQ(FdType("/tmp/fifo", &fifo), "fifo");
  EXPECT_EQ(FdType("/run/x.sock", &sock), "socket");
  EXPECT_EQ(FdType("/tmp/link", &lnk), "link");
  EXPECT_EQ(FdType("/x", &none), "other");
  EXPECT_EQ(FdType("pipe:[1]", &fifo), "pipe");  // the target says more than the mode
}

TEST(ListProcFds, OwnDescriptorsWithNamesAndTypes) {
  int p[2], s[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s), 0);
  UniqueFd pr(p[0]), pw(p[1]), s0(s[0]), s1(s[1]);
  UniqueFd dir(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  UniqueFd null(open("/dev/null", O_RDONLY | O_CLOEXEC));
  UniqueFd event(eventfd(0, EFD_CLOEXEC));
  ASSERT_TRUE(dir.valid() && null.valid() && event.valid());

  auto fds = ListProcFds(getpid());
  ASSERT_TRUE(fds.ok()) << fds.error().value;
  std::map<int, std::pair<std::string, std::string>> seen;
  int previous = -1;
  for (const auto& fd : fds.value()) {
    EXPECT_GT(fd.fd, previous) << "not in ascending order";
    previous = fd.fd;
    seen[fd.fd] = {fd.name, std::string(fd.type)};
  }
  EXPECT_EQ(seen[pr.get()].second, "pipe");
  EXPECT_EQ(seen[pr.get()].first.rfind("pipe:[", 0), 0u);
  EXPECT_EQ(seen[s0.get()].second, "socket");
  EXPECT_EQ(seen[dir.get()], std::make_pair(std::string("/"), std::string("dir")));
  EXPECT_EQ(seen[null.get()], std::make_pair(std::string("/dev/null"), std::string("chr")));
  EXPECT_EQ(seen[event.get()],
            std::make_pair(std::string("anon_inode:[eventfd]"), std::string("anon")));
}

TEST(ListProcFds, NoSuchProcessIsEsrch) {
  auto fds = ListProcFds(INT_MAX);  // above any pid_max
  ASSERT_FALSE(fds.ok());
  EXPECT_EQ(fds.error().value, ESRCH);
}

}  // namespace
