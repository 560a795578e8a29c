// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: the rights of ABI 2 beyond read/write: metadata, locks, fcntl, ioctl, mmap,
// extended attributes, sockets, the *at calls on a directory descriptor, fanotify.
//
// TARGET: ABI 2 enforcement (CAPSICUM.md section 3).  Every rule is tested both ways: the
// operation succeeds on a descriptor limited to exactly the rights it needs (plus what the test
// needs to observe the effect, said where it happens), and fails with exactly ENOTCAPABLE on a
// descriptor limited to every right except that one (AllExcept), where a refusal must also
// leave no effect (mode, owner, times, size, names, locks, bytes queued all unchanged).
//
// The *AT rights are composites (CAP_xxxAT = CAP_LOOKUP | own bit): "without" clears only the
// own bit (Own()), so the refused dirfd still holds CAP_LOOKUP and the refusal is for the
// operation, not for the lookup.
//
// Nothing here enters capability mode.  A limited directory descriptor makes every lookup from
// it strictly relative (FreeBSD: NI_LCF_STRICTRELATIVE when the dirfd lacks any right), so an
// absolute path or a ".." that leaves the directory is ENOTCAPABLE even outside capability mode.
//
// The OpsControl suite checks that never-limited descriptors behave as without the module.
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

constexpr char kContents[] = "0123456789";  // the file the descriptor tests use
constexpr char kInside[] = "inside";        // root/file, beneath the directory descriptor

// The own bit of an *AT composite right: the right without the CAP_LOOKUP it includes.
constexpr uint64_t kLookupBit = CAP_LOOKUP & ~CAPRIGHT(0, 0ULL);
constexpr uint64_t Own(uint64_t right) { return right & ~kLookupBit; }
// CAP_MMAP_X's own bit (CAP_MMAP_X = CAP_MMAP | CAP_SEEK | this).
constexpr uint64_t kMmapXBit = CAPRIGHT(0, 0x20ULL);

// Every right except the listed ones (each cleared with the library's cap_rights_clear, so a
// composite clears all of its bits: pass Own(CAP_xxxAT) to keep CAP_LOOKUP).
cap_rights_t AllExcept(std::initializer_list<uint64_t> rights) {
  cap_rights_t out = AllRights();
  for (const uint64_t right : rights) cap_rights_clear(&out, right);
  return out;
}

// mmap as a long: -1 for MAP_FAILED, so EXPECT_NOTCAPABLE and ASSERT_OK apply.
long Mmap(size_t len, int prot, int flags, int fd) {
  return reinterpret_cast<long>(mmap(nullptr, len, prot, flags, fd, 0));
}
void* Ptr(long addr) { return reinterpret_cast<void*>(addr); }

// The permissions column of /proc/self/maps for the mapping that starts at `addr` ("r--s").
std::string MapPerms(long addr) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    unsigned long start = 0, end = 0;
    char perms[5] = {};
    if (sscanf(line.c_str(), "%lx-%lx %4s", &start, &end, perms) == 3 &&
        start == static_cast<unsigned long>(addr))
      return perms;
  }
  ADD_FAILURE() << "no mapping at " << std::hex << addr << " in /proc/self/maps";
  return "";
}

// The "flags:" field of /proc/self/fdinfo/FD (octal open flags), or -1 and a failure.
int FdinfoFlags(int fd) {
  std::ifstream info("/proc/self/fdinfo/" + std::to_string(fd));
  std::string key;
  while (info >> key) {
    if (key == "flags:") {
      std::string value;
      info >> value;
      return static_cast<int>(std::stoul(value, nullptr, 8));
    }
    std::string rest;
    std::getline(info, rest);
  }
  ADD_FAILURE() << "no flags: in /proc/self/fdinfo/" << fd;
  return -1;
}

struct stat Lstat(const std::string& path) {
  struct stat st;
  memset(&st, 0, sizeof(st));
  if (lstat(path.c_str(), &st) != 0)
    ADD_FAILURE() << "lstat(" << path << "): " << DescribeErrno(errno);
  return st;
}

bool SameTime(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// Bytes queued for reading on a socket, by FIONREAD through the descriptor itself (it holds
// CAP_IOCTL in the refused cases that use this), so nothing is consumed.
int Queued(int fd) {
  int n = -1;
  if (ioctl(fd, FIONREAD, &n) != 0) ADD_FAILURE() << "FIONREAD: " << DescribeErrno(errno);
  return n;
}

// What arrives on `fd` without waiting: the bytes, or "" when nothing is queued (EAGAIN).
std::string RecvNow(int fd) {
  char buf[64];
  const ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
  if (n < 0) {
    if (errno != EAGAIN) ADD_FAILURE() << "recv: " << DescribeErrno(errno);
    return "";
  }
  return std::string(buf, n);
}

class RightsOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = scratch_.Path("data");
    outside_ = scratch_.Path("outside");
    root_ = scratch_.Path("root");
    other_ = scratch_.Path("other");
    WriteFile(file_, kContents);
    WriteFile(outside_, "outside");
    ASSERT_OK(mkdir(root_.c_str(), 0755));
    ASSERT_OK(mkdir(other_.c_str(), 0755));
    ASSERT_OK(mkdir(In("sub").c_str(), 0755));
    ASSERT_OK(mkdir(In("emptydir").c_str(), 0755));
    WriteFile(In("file"), kInside);
    ASSERT_OK(symlink("file", In("link").c_str()));
    ASSERT_OK(symlink("../outside", scratch_.Path("outlink").c_str()));
  }

  void TearDown() override {
    for (const int fd : fds_) close(fd);
    for (const auto& m : maps_) munmap(m.first, m.second);
  }

  // root/NAME and other/NAME.
  std::string In(const std::string& name) const { return root_ + "/" + name; }
  std::string InOther(const std::string& name) const { return other_ + "/" + name; }

  // A fresh O_RDWR open of the data file, limited to `rights`.
  int File(const cap_rights_t& rights, int flags = O_RDWR) {
    return Keep(OpenLimited(file_, flags, rights));
  }
  // A fresh open of root/ (or `path`), limited to `rights`.
  int Dir(const cap_rights_t& rights) { return DirAt(root_, rights); }
  int DirAt(const std::string& path, const cap_rights_t& rights) {
    return Keep(OpenLimited(path, O_RDONLY | O_DIRECTORY, rights));
  }
  int DirUnlimited(const std::string& path) {
    return Keep(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  // Limits an already open descriptor (a socket, a pipe end); -1 and a failure on error.
  int Limit(int fd, const cap_rights_t& rights) {
    if (fd < 0) return -1;
    if (cap_rights_limit(fd, &rights) != 0) {
      ADD_FAILURE() << "cap_rights_limit(" << fd << "): " << DescribeErrno(errno);
      return -1;
    }
    return fd;
  }
  int Keep(int fd) {
    if (fd >= 0) fds_.push_back(fd);
    return fd;
  }
  // Closes `fd` now (TearDown will not close it again).
  void CloseNow(int fd) {
    fds_.erase(std::remove(fds_.begin(), fds_.end(), fd), fds_.end());
    close(fd);
  }
  long KeepMap(long addr, size_t len) {
    if (addr != -1) maps_.emplace_back(Ptr(addr), len);
    return addr;
  }
  void UnmapNow(long addr) {
    for (auto it = maps_.begin(); it != maps_.end(); ++it) {
      if (it->first == Ptr(addr)) {
        munmap(it->first, it->second);
        maps_.erase(it);
        return;
      }
    }
  }

  // A pipe with `data` written into it; both ends kept.
  void PipeWith(const std::string& data, int* r, int* w) {
    int p[2];
    *r = *w = -1;
    ASSERT_OK(pipe2(p, O_CLOEXEC));
    *r = Keep(p[0]);
    *w = Keep(p[1]);
    if (!data.empty()) {
      ASSERT_EQ(static_cast<ssize_t>(data.size()), write(*w, data.data(), data.size()));
    }
  }

  // --- sockets ---
  static sockaddr_un UnixAddr(const std::string& path, socklen_t* len) {
    sockaddr_un addr;
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    EXPECT_LT(path.size(), sizeof(addr.sun_path)) << "socket path too long: " << path;
    strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    *len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    return addr;
  }
  static sockaddr_in Loopback(uint16_t port) {
    sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
  }
  int UnixSocket(int type) { return Keep(socket(AF_UNIX, type | SOCK_CLOEXEC, 0)); }
  int InetSocket(int type) { return Keep(socket(AF_INET, type | SOCK_CLOEXEC, 0)); }
  int BindUnix(int fd, const std::string& path) {
    socklen_t len;
    const sockaddr_un addr = UnixAddr(path, &len);
    return bind(fd, reinterpret_cast<const sockaddr*>(&addr), len);
  }
  int ConnectUnix(int fd, const std::string& path) {
    socklen_t len;
    const sockaddr_un addr = UnixAddr(path, &len);
    return connect(fd, reinterpret_cast<const sockaddr*>(&addr), len);
  }
  int BindInet(int fd, uint16_t port) {
    const sockaddr_in addr = Loopback(port);
    return bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
  }
  int ConnectInet(int fd, uint16_t port) {
    const sockaddr_in addr = Loopback(port);
    return connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
  }
  // An unlimited, non-blocking AF_UNIX stream listener on scratch/NAME.
  int UnixListener(const std::string& name) {
    const int fd = Keep(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (fd < 0 || BindUnix(fd, scratch_.Path(name)) != 0 || listen(fd, 8) != 0) {
      ADD_FAILURE() << "unix listener " << name << ": " << DescribeErrno(errno);
      return -1;
    }
    return fd;
  }
  // An unlimited, non-blocking TCP listener on 127.0.0.1; its port in *port.
  int InetListener(uint16_t* port) {
    *port = 0;
    const int fd = Keep(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    sockaddr_in addr;
    socklen_t len = sizeof(addr);
    if (fd < 0 || BindInet(fd, 0) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "TCP listener on 127.0.0.1 (is lo up in the guest?): "
                    << DescribeErrno(errno);
      return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
  }
  // An unlimited AF_UNIX stream socket pair.
  void Pair(int* a, int* b, int type = SOCK_STREAM) {
    int sv[2];
    *a = *b = -1;
    ASSERT_OK(socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv));
    *a = Keep(sv[0]);
    *b = Keep(sv[1]);
  }
  // Whether a connection waits on the listener (poll, no accept).
  static bool Pending(int listener) {
    struct pollfd p = {listener, POLLIN, 0};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
  }
  // A TCP connect to the loopback returns before the listener's queue has the connection when
  // the handshake's last step runs in softirq context later (seen under TCG on 6.1): wait up to
  // 5 s for it, so a following accept of a non-blocking listener does not see EAGAIN.
  static bool WaitPending(int listener) {
    struct pollfd p = {listener, POLLIN, 0};
    return poll(&p, 1, 5000) == 1 && (p.revents & POLLIN);
  }

  ScratchDir scratch_;
  std::string file_, outside_, root_, other_;

 private:
  std::vector<int> fds_;
  std::vector<std::pair<void*, size_t>> maps_;
};

using RightsFstat = RightsOpsTest;
using RightsFstatat = RightsOpsTest;
using RightsFstatfs = RightsOpsTest;
using RightsFchmod = RightsOpsTest;
using RightsFchown = RightsOpsTest;
using RightsFtruncate = RightsOpsTest;
using RightsFallocate = RightsOpsTest;
using RightsFutimes = RightsOpsTest;
using RightsFchdir = RightsOpsTest;
using RightsFlock = RightsOpsTest;
using RightsIoctl = RightsOpsTest;
using RightsMmap = RightsOpsTest;
using RightsBind = RightsOpsTest;
using RightsConnect = RightsOpsTest;
using RightsListen = RightsOpsTest;
using RightsAccept = RightsOpsTest;
using RightsGetsockname = RightsOpsTest;
using RightsGetpeername = RightsOpsTest;
using RightsGetsockopt = RightsOpsTest;
using RightsSetsockopt = RightsOpsTest;
using RightsShutdown = RightsOpsTest;
using RightsSend = RightsOpsTest;
using RightsRecv = RightsOpsTest;
using RightsSocketRw = RightsOpsTest;
using RightsMkdirat = RightsOpsTest;
using RightsUnlinkat = RightsOpsTest;
using RightsRenameat = RightsOpsTest;
using RightsLinkat = RightsOpsTest;
using RightsSymlinkat = RightsOpsTest;
using RightsMkfifoat = RightsOpsTest;
using RightsMknodat = RightsOpsTest;
using RightsReadlinkat = RightsOpsTest;
using RightsFaccessat = RightsOpsTest;
using OpsControl = RightsOpsTest;

// ===================================================================================
// fstat, newfstatat(fd, "", AT_EMPTY_PATH), statx(fd, "", AT_EMPTY_PATH): CAP_FSTAT
// (hook: inode_getattr, which sees the path only: the syscall's fd argument tells).
// ===================================================================================

TEST_F(RightsFstat, FstatWithFstatSucceeds) {
  const int fd = File(Rights({CAP_FSTAT}));
  ASSERT_OK(fd);
  struct stat st = {};
  ASSERT_OK(syscall(SYS_fstat, fd, &st));
  EXPECT_EQ(10, st.st_size);
  EXPECT_TRUE(S_ISREG(st.st_mode));
}

TEST_F(RightsFstat, FstatWithoutFstatIsNotCapable) {
  const int fd = File(AllExcept({CAP_FSTAT}));
  ASSERT_OK(fd);
  struct stat st;
  EXPECT_NOTCAPABLE(syscall(SYS_fstat, fd, &st));
}

TEST_F(RightsFstat, NewfstatatEmptyPathWithFstatSucceeds) {
  const int fd = File(Rights({CAP_FSTAT}));
  ASSERT_OK(fd);
  struct stat st = {};
  ASSERT_OK(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
  EXPECT_EQ(10, st.st_size);
}

TEST_F(RightsFstat, NewfstatatEmptyPathWithoutFstatIsNotCapable) {
  const int fd = File(AllExcept({CAP_FSTAT}));
  ASSERT_OK(fd);
  struct stat st;
  EXPECT_NOTCAPABLE(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
}

TEST_F(RightsFstat, StatxEmptyPathWithFstatSucceeds) {
  const int fd = File(Rights({CAP_FSTAT}));
  ASSERT_OK(fd);
  struct statx stx = {};
  ASSERT_OK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_SIZE, &stx));
  EXPECT_EQ(10u, stx.stx_size);
}

TEST_F(RightsFstat, StatxEmptyPathWithoutFstatIsNotCapable) {
  const int fd = File(AllExcept({CAP_FSTAT}));
  ASSERT_OK(fd);
  struct statx stx;
  EXPECT_NOTCAPABLE(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_SIZE, &stx));
}

// ===================================================================================
// fstatat(dirfd, "name", 0): CAP_FSTATAT = CAP_FSTAT | CAP_LOOKUP on the dirfd
// (hook: inode_getattr; the lookup must stay beneath the dirfd).
// ===================================================================================

TEST_F(RightsFstatat, RelativeWithFstatatSucceeds) {
  const int dir = Dir(Rights({CAP_FSTATAT}));
  ASSERT_OK(dir);
  struct stat st = {};
  ASSERT_OK(fstatat(dir, "file", &st, 0));
  EXPECT_EQ(6, st.st_size);
  ASSERT_OK(fstatat(dir, "sub", &st, 0));
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  ASSERT_OK(fstatat(dir, "link", &st, AT_SYMLINK_NOFOLLOW));
  EXPECT_TRUE(S_ISLNK(st.st_mode));
}

TEST_F(RightsFstatat, RelativeWithoutFstatIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_FSTAT}));
  ASSERT_OK(dir);
  struct stat st;
  EXPECT_NOTCAPABLE(fstatat(dir, "file", &st, 0));
}

TEST_F(RightsFstatat, RelativeWithoutLookupIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_LOOKUP}));
  ASSERT_OK(dir);
  struct stat st;
  EXPECT_NOTCAPABLE(fstatat(dir, "file", &st, 0));
}

TEST_F(RightsFstatat, AbsolutePathFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_FSTATAT}));
  ASSERT_OK(dir);
  struct stat st;
  EXPECT_NOTCAPABLE(fstatat(dir, outside_.c_str(), &st, 0));
  EXPECT_NOTCAPABLE(fstatat(dir, In("file").c_str(), &st, 0));  // absolute, even if beneath
}

TEST_F(RightsFstatat, DotDotFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_FSTATAT}));
  ASSERT_OK(dir);
  struct stat st;
  EXPECT_NOTCAPABLE(fstatat(dir, "../outside", &st, 0));
  EXPECT_NOTCAPABLE(fstatat(dir, "..", &st, 0));
}

// ===================================================================================
// fstatfs: CAP_FSTATFS (hook: sb_statfs, with the syscall's fd).
// ===================================================================================

TEST_F(RightsFstatfs, FstatfsWithFstatfsSucceeds) {
  const int fd = File(Rights({CAP_FSTATFS}));
  ASSERT_OK(fd);
  struct statfs expected = {}, got = {};
  ASSERT_OK(statfs(file_.c_str(), &expected));
  ASSERT_OK(fstatfs(fd, &got));
  EXPECT_EQ(expected.f_type, got.f_type);
  EXPECT_EQ(expected.f_bsize, got.f_bsize);
}

TEST_F(RightsFstatfs, FstatfsWithoutFstatfsIsNotCapable) {
  const int fd = File(AllExcept({CAP_FSTATFS}));
  ASSERT_OK(fd);
  struct statfs st;
  EXPECT_NOTCAPABLE(fstatfs(fd, &st));
}

// ===================================================================================
// fchmod: CAP_FCHMOD; fchmodat(dirfd, name): CAP_FCHMODAT (hook: path_chmod).
// ===================================================================================

TEST_F(RightsFchmod, FchmodWithFchmodSucceeds) {
  const int fd = File(Rights({CAP_FCHMOD}));
  ASSERT_OK(fd);
  ASSERT_OK(fchmod(fd, 0600));
  EXPECT_EQ(0600u, Lstat(file_).st_mode & 07777);
}

TEST_F(RightsFchmod, FchmodWithoutFchmodIsNotCapable) {
  ASSERT_OK(chmod(file_.c_str(), 0644));
  const struct stat before = Lstat(file_);
  const int fd = File(AllExcept({CAP_FCHMOD}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fchmod(fd, 0600));
  const struct stat after = Lstat(file_);
  EXPECT_EQ(0644u, after.st_mode & 07777) << "a refused fchmod changed the mode";
  EXPECT_TRUE(SameTime(before.st_ctim, after.st_ctim)) << "a refused fchmod changed ctime";
}

TEST_F(RightsFchmod, FchmodatWithFchmodatSucceeds) {
  const int dir = Dir(Rights({CAP_FCHMODAT}));
  ASSERT_OK(dir);
  ASSERT_OK(fchmodat(dir, "file", 0600, 0));
  EXPECT_EQ(0600u, Lstat(In("file")).st_mode & 07777);
  ASSERT_OK(fchmodat(dir, "sub", 0700, 0));
  EXPECT_EQ(0700u, Lstat(In("sub")).st_mode & 07777);
}

TEST_F(RightsFchmod, FchmodatWithoutFchmodIsNotCapable) {
  ASSERT_OK(chmod(In("file").c_str(), 0644));
  const int dir = Dir(AllExcept({CAP_FCHMOD}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(fchmodat(dir, "file", 0600, 0));
  EXPECT_EQ(0644u, Lstat(In("file")).st_mode & 07777);
}

TEST_F(RightsFchmod, FchmodatOutsideFromLimitedDirfdIsNotCapable) {
  ASSERT_OK(chmod(outside_.c_str(), 0644));
  const int dir = Dir(Rights({CAP_FCHMODAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(fchmodat(dir, "../outside", 0600, 0));
  EXPECT_NOTCAPABLE(fchmodat(dir, outside_.c_str(), 0600, 0));
  EXPECT_EQ(0644u, Lstat(outside_).st_mode & 07777);
}

// ===================================================================================
// fchown: CAP_FCHOWN, also for (-1, -1) (FreeBSD checks before looking at the ids);
// fchownat(dirfd, name): CAP_FCHOWNAT (hook: path_chown).  The guest runs as root.
// ===================================================================================

TEST_F(RightsFchown, FchownWithFchownSucceeds) {
  const int fd = File(Rights({CAP_FCHOWN}));
  ASSERT_OK(fd);
  EXPECT_OK(fchown(fd, -1, -1));
  EXPECT_OK(fchown(fd, getuid(), getgid()));
  EXPECT_OK(fchown(fd, 1234, 1234));
  const struct stat st = Lstat(file_);
  EXPECT_EQ(1234u, st.st_uid);
  EXPECT_EQ(1234u, st.st_gid);
}

TEST_F(RightsFchown, FchownWithoutFchownIsNotCapable) {
  const struct stat before = Lstat(file_);
  const int fd = File(AllExcept({CAP_FCHOWN}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fchown(fd, -1, -1));
  EXPECT_NOTCAPABLE(fchown(fd, getuid(), getgid()));
  EXPECT_NOTCAPABLE(fchown(fd, 1234, 1234));
  const struct stat after = Lstat(file_);
  EXPECT_EQ(before.st_uid, after.st_uid);
  EXPECT_EQ(before.st_gid, after.st_gid);
  EXPECT_TRUE(SameTime(before.st_ctim, after.st_ctim)) << "a refused fchown changed ctime";
}

TEST_F(RightsFchown, FchownatWithFchownatSucceeds) {
  const int dir = Dir(Rights({CAP_FCHOWNAT}));
  ASSERT_OK(dir);
  EXPECT_OK(fchownat(dir, "file", -1, -1, 0));
  EXPECT_OK(fchownat(dir, "file", 1234, 1234, 0));
  EXPECT_EQ(1234u, Lstat(In("file")).st_uid);
  EXPECT_OK(fchownat(dir, "link", 4321, 4321, AT_SYMLINK_NOFOLLOW));
  EXPECT_EQ(4321u, Lstat(In("link")).st_uid);
  EXPECT_EQ(1234u, Lstat(In("file")).st_uid);
}

TEST_F(RightsFchown, FchownatWithoutFchownIsNotCapable) {
  const struct stat before = Lstat(In("file"));
  const int dir = Dir(AllExcept({CAP_FCHOWN}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(fchownat(dir, "file", -1, -1, 0));
  EXPECT_NOTCAPABLE(fchownat(dir, "file", 1234, 1234, 0));
  EXPECT_EQ(before.st_uid, Lstat(In("file")).st_uid);
}

TEST_F(RightsFchown, FchownatOutsideFromLimitedDirfdIsNotCapable) {
  const struct stat before = Lstat(outside_);
  const int dir = Dir(Rights({CAP_FCHOWNAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(fchownat(dir, "../outside", 1234, 1234, 0));
  EXPECT_NOTCAPABLE(fchownat(dir, outside_.c_str(), 1234, 1234, 0));
  EXPECT_EQ(before.st_uid, Lstat(outside_).st_uid);
}

// ===================================================================================
// ftruncate: CAP_FTRUNCATE (hook: file_truncate, or path_truncate before 6.2).
// fallocate: CAP_PWRITE (our documented choice: FreeBSD's posix_fallocate needs CAP_PWRITE;
// hook: file_permission(MAY_WRITE) from vfs_fallocate).
// ===================================================================================

TEST_F(RightsFtruncate, FtruncateWithFtruncateSucceeds) {
  const int fd = File(Rights({CAP_FTRUNCATE}));
  ASSERT_OK(fd);
  ASSERT_OK(ftruncate(fd, 4));
  EXPECT_EQ("0123", ReadFile(file_));
  ASSERT_OK(ftruncate(fd, 6));
  EXPECT_EQ(std::string("0123\0\0", 6), ReadFile(file_));
}

TEST_F(RightsFtruncate, FtruncateWithoutFtruncateIsNotCapable) {
  const int fd = File(AllExcept({CAP_FTRUNCATE}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(ftruncate(fd, 4));
  EXPECT_NOTCAPABLE(ftruncate(fd, 100));
  EXPECT_EQ(kContents, ReadFile(file_)) << "a refused ftruncate changed the file";
}

TEST_F(RightsFallocate, FallocateWithPwriteSucceeds) {
  const int fd = File(Rights({CAP_PWRITE}));
  ASSERT_OK(fd);
  ASSERT_OK(fallocate(fd, 0, 0, 4096));
  EXPECT_EQ(4096, Lstat(file_).st_size);
  EXPECT_EQ(kContents, ReadFile(file_).substr(0, 10));
}

TEST_F(RightsFallocate, FallocateWithoutWriteIsNotCapable) {
  const int fd = File(AllExcept({CAP_WRITE}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fallocate(fd, 0, 0, 4096));
  EXPECT_EQ(10, Lstat(file_).st_size) << "a refused fallocate grew the file";
}

TEST_F(RightsFallocate, FallocateWithoutSeekIsNotCapable) {
  const int fd = File(AllExcept({CAP_SEEK}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fallocate(fd, 0, 0, 4096));
  EXPECT_EQ(10, Lstat(file_).st_size) << "a refused fallocate grew the file";
}

TEST_F(RightsFallocate, FallocateWithFtruncateOnlyIsNotCapable) {
  const int fd = File(Rights({CAP_FTRUNCATE, CAP_WRITE}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fallocate(fd, 0, 0, 4096));
  EXPECT_EQ(10, Lstat(file_).st_size);
}

// ===================================================================================
// futimens(fd): CAP_FUTIMES; utimensat(dirfd, name): CAP_FUTIMESAT (hook: inode_setattr or
// path-based; utimensat(fd, NULL) is futimens).
// ===================================================================================

constexpr struct timespec kTimes[2] = {{1000000000, 0}, {1200000000, 500}};

TEST_F(RightsFutimes, FutimensWithFutimesSucceeds) {
  const int fd = File(Rights({CAP_FUTIMES}));
  ASSERT_OK(fd);
  ASSERT_OK(futimens(fd, kTimes));
  const struct stat st = Lstat(file_);
  EXPECT_EQ(1000000000, st.st_atim.tv_sec);
  EXPECT_EQ(1200000000, st.st_mtim.tv_sec);
  EXPECT_EQ(500, st.st_mtim.tv_nsec);
}

TEST_F(RightsFutimes, FutimensWithoutFutimesIsNotCapable) {
  const struct stat before = Lstat(file_);
  const int fd = File(AllExcept({CAP_FUTIMES}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(futimens(fd, kTimes));
  EXPECT_NOTCAPABLE(futimens(fd, nullptr));  // "now"
  const struct stat after = Lstat(file_);
  EXPECT_TRUE(SameTime(before.st_mtim, after.st_mtim)) << "a refused futimens changed mtime";
  EXPECT_TRUE(SameTime(before.st_atim, after.st_atim)) << "a refused futimens changed atime";
}

TEST_F(RightsFutimes, UtimensatWithFutimesatSucceeds) {
  const int dir = Dir(Rights({CAP_FUTIMESAT}));
  ASSERT_OK(dir);
  ASSERT_OK(utimensat(dir, "file", kTimes, 0));
  EXPECT_EQ(1200000000, Lstat(In("file")).st_mtim.tv_sec);
}

TEST_F(RightsFutimes, UtimensatWithoutFutimesIsNotCapable) {
  const struct stat before = Lstat(In("file"));
  const int dir = Dir(AllExcept({CAP_FUTIMES}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(utimensat(dir, "file", kTimes, 0));
  EXPECT_TRUE(SameTime(before.st_mtim, Lstat(In("file")).st_mtim));
}

TEST_F(RightsFutimes, UtimensatOutsideFromLimitedDirfdIsNotCapable) {
  const struct stat before = Lstat(outside_);
  const int dir = Dir(Rights({CAP_FUTIMESAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(utimensat(dir, "../outside", kTimes, 0));
  EXPECT_NOTCAPABLE(utimensat(dir, outside_.c_str(), kTimes, 0));
  EXPECT_TRUE(SameTime(before.st_mtim, Lstat(outside_).st_mtim));
}

// ===================================================================================
// fchdir: CAP_FCHDIR (no LSM hook of its own: inode_permission(MAY_EXEC|MAY_CHDIR) with the
// syscall's fd).  In a forked child so that the test process keeps its cwd.
// ===================================================================================

TEST_F(RightsFchdir, FchdirWithFchdirSucceeds) {
  const int dir = Dir(Rights({CAP_FCHDIR}));
  ASSERT_OK(dir);
  char want[PATH_MAX];
  ASSERT_NE(nullptr, realpath(root_.c_str(), want));
  RunInChild([&] {
    ASSERT_OK(fchdir(dir));
    char cwd[PATH_MAX];
    ASSERT_NE(nullptr, getcwd(cwd, sizeof(cwd)));
    EXPECT_STREQ(want, cwd);
  });
}

TEST_F(RightsFchdir, FchdirWithoutFchdirIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_FCHDIR}));
  ASSERT_OK(dir);
  RunInChild([&] {
    char before[PATH_MAX], after[PATH_MAX];
    ASSERT_NE(nullptr, getcwd(before, sizeof(before)));
    EXPECT_NOTCAPABLE(fchdir(dir));
    ASSERT_NE(nullptr, getcwd(after, sizeof(after)));
    EXPECT_STREQ(before, after) << "a refused fchdir changed the cwd";
  });
}

// ===================================================================================
// flock, fcntl(F_SETLK, F_SETLKW, F_GETLK, F_OFD_*): CAP_FLOCK, not CAP_FCNTL
// (hooks: file_lock for flock and set, file_fcntl for every fcntl command).
// ===================================================================================

// Whether another open file of `path` can take an exclusive flock at once.
bool FlockFree(const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    ADD_FAILURE() << "open(" << path << "): " << DescribeErrno(errno);
    return false;
  }
  const bool is_free = flock(fd, LOCK_EX | LOCK_NB) == 0;
  close(fd);
  return is_free;
}

// The lock another open file of `path` sees on its first 10 bytes (F_OFD_GETLK; an OFD query
// also sees the process-associated locks of other processes and, since it is not the owner,
// those of this process).
short LockSeen(const std::string& path, pid_t* pid = nullptr) {
  const int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    ADD_FAILURE() << "open(" << path << "): " << DescribeErrno(errno);
    return -1;
  }
  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_len = 10;
  if (fcntl(fd, F_OFD_GETLK, &fl) != 0) ADD_FAILURE() << "F_OFD_GETLK: " << DescribeErrno(errno);
  close(fd);
  if (pid) *pid = fl.l_pid;
  return fl.l_type;
}

struct flock WriteLock(short type = F_WRLCK) {
  struct flock fl = {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_len = 10;
  return fl;
}

TEST_F(RightsFlock, FlockWithFlockSucceeds) {
  const int fd = File(Rights({CAP_FLOCK}));
  ASSERT_OK(fd);
  ASSERT_OK(flock(fd, LOCK_EX));
  EXPECT_FALSE(FlockFree(file_)) << "flock succeeded but took no lock";
  ASSERT_OK(flock(fd, LOCK_UN));
  EXPECT_TRUE(FlockFree(file_));
}

TEST_F(RightsFlock, FlockWithoutFlockIsNotCapable) {
  const int fd = File(AllExcept({CAP_FLOCK}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(flock(fd, LOCK_EX));
  EXPECT_NOTCAPABLE(flock(fd, LOCK_SH | LOCK_NB));
  EXPECT_TRUE(FlockFree(file_)) << "a refused flock took the lock";
}

TEST_F(RightsFlock, FcntlSetlkAndGetlkWithFlockOnlySucceed) {
  const int fd = File(Rights({CAP_FLOCK}));  // no CAP_FCNTL
  ASSERT_OK(fd);
  struct flock fl = WriteLock();
  ASSERT_OK(fcntl(fd, F_SETLK, &fl));
  pid_t holder = 0;
  EXPECT_EQ(F_WRLCK, LockSeen(file_, &holder));
  EXPECT_EQ(getpid(), holder);
  struct flock query = WriteLock();
  ASSERT_OK(fcntl(fd, F_GETLK, &query));
  EXPECT_EQ(F_UNLCK, query.l_type);  // its own lock does not conflict
  fl = WriteLock(F_UNLCK);
  ASSERT_OK(fcntl(fd, F_SETLKW, &fl));
  EXPECT_EQ(F_UNLCK, LockSeen(file_));
}

TEST_F(RightsFlock, FcntlSetlkWithoutFlockIsNotCapable) {
  const int fd = File(AllExcept({CAP_FLOCK}));  // still holds CAP_FCNTL
  ASSERT_OK(fd);
  struct flock fl = WriteLock();
  EXPECT_NOTCAPABLE(fcntl(fd, F_SETLK, &fl));
  EXPECT_NOTCAPABLE(fcntl(fd, F_SETLKW, &fl));
  EXPECT_EQ(F_UNLCK, LockSeen(file_)) << "a refused F_SETLK took the lock";
}

TEST_F(RightsFlock, FcntlGetlkWithoutFlockIsNotCapable) {
  const int fd = File(AllExcept({CAP_FLOCK}));
  ASSERT_OK(fd);
  struct flock query = WriteLock();
  EXPECT_NOTCAPABLE(fcntl(fd, F_GETLK, &query));
  EXPECT_NOTCAPABLE(fcntl(fd, F_OFD_GETLK, &query));
}

TEST_F(RightsFlock, FcntlOfdSetlkWithFlockSucceeds) {
  const int fd = File(Rights({CAP_FLOCK}));
  ASSERT_OK(fd);
  struct flock fl = WriteLock();
  ASSERT_OK(fcntl(fd, F_OFD_SETLK, &fl));
  EXPECT_EQ(F_WRLCK, LockSeen(file_));
  struct flock query = WriteLock();
  ASSERT_OK(fcntl(fd, F_OFD_GETLK, &query));
  EXPECT_EQ(F_UNLCK, query.l_type);
}

TEST_F(RightsFlock, FcntlOfdSetlkWithoutFlockIsNotCapable) {
  const int fd = File(AllExcept({CAP_FLOCK}));
  ASSERT_OK(fd);
  struct flock fl = WriteLock();
  EXPECT_NOTCAPABLE(fcntl(fd, F_OFD_SETLK, &fl));
  EXPECT_NOTCAPABLE(fcntl(fd, F_OFD_SETLKW, &fl));
  EXPECT_EQ(F_UNLCK, LockSeen(file_)) << "a refused F_OFD_SETLK took the lock";
}

// ===================================================================================
// fcntl: CAP_FCNTL plus, for F_GETFL/F_SETFL/F_GETOWN/F_SETOWN, the command's bit in the
// descriptor's fcntl sub-rights; F_GETFD/F_SETFD/F_DUPFD* need no right; any other command
// CAP_FCNTL only (hook: file_fcntl).
// ===================================================================================

class RightsFcntlSub : public RightsOpsTest {
 protected:
  // The data file limited to CAP_FCNTL with exactly `fcntls` as its fcntl sub-rights.
  int FileWithFcntls(uint32_t fcntls) {
    const int fd = File(Rights({CAP_FCNTL}));
    if (fd < 0) return -1;
    if (cap_fcntls_limit(fd, fcntls) != 0) {
      ADD_FAILURE() << "cap_fcntls_limit: " << DescribeErrno(errno);
      return -1;
    }
    return fd;
  }
};
using RightsFcntlGetfl = RightsFcntlSub;
using RightsFcntlSetfl = RightsFcntlSub;
using RightsFcntlOwn = RightsFcntlSub;
using RightsFcntlFree = RightsFcntlSub;
using RightsFcntlOther = RightsFcntlSub;

TEST_F(RightsFcntlGetfl, GetflWithFcntlAndGetflSucceeds) {
  const int fd = FileWithFcntls(CAP_FCNTL_GETFL);
  ASSERT_OK(fd);
  const int flags = fcntl(fd, F_GETFL);
  ASSERT_OK(flags);
  EXPECT_EQ(O_RDWR, flags & O_ACCMODE);
}

TEST_F(RightsFcntlGetfl, GetflWithoutGetflSubRightIsNotCapable) {
  const int fd = FileWithFcntls(CAP_FCNTL_SETFL | CAP_FCNTL_GETOWN | CAP_FCNTL_SETOWN);
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fcntl(fd, F_GETFL));
}

TEST_F(RightsFcntlGetfl, GetflWithoutFcntlIsNotCapable) {
  const int fd = File(AllExcept({CAP_FCNTL}));  // sub-rights never limited: all four
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fcntl(fd, F_GETFL));
}

TEST_F(RightsFcntlSetfl, SetflWithFcntlAndSetflSucceeds) {
  const int fd = FileWithFcntls(CAP_FCNTL_SETFL);
  ASSERT_OK(fd);
  ASSERT_OK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
  const int flags = FdinfoFlags(fd);
  EXPECT_TRUE(flags & O_APPEND);
  EXPECT_TRUE(flags & O_NONBLOCK);
}

TEST_F(RightsFcntlSetfl, SetflWithoutSetflSubRightIsNotCapable) {
  const int fd = FileWithFcntls(CAP_FCNTL_GETFL | CAP_FCNTL_GETOWN | CAP_FCNTL_SETOWN);
  ASSERT_OK(fd);
  const int before = FdinfoFlags(fd);
  EXPECT_NOTCAPABLE(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
  EXPECT_EQ(before, FdinfoFlags(fd)) << "a refused F_SETFL changed the flags";
  EXPECT_FALSE(fcntl(fd, F_GETFL) & O_APPEND);
}

TEST_F(RightsFcntlSetfl, SetflWithoutFcntlIsNotCapable) {
  const int fd = File(AllExcept({CAP_FCNTL}));
  ASSERT_OK(fd);
  const int before = FdinfoFlags(fd);
  EXPECT_NOTCAPABLE(fcntl(fd, F_SETFL, O_APPEND));
  EXPECT_EQ(before, FdinfoFlags(fd));
}

TEST_F(RightsFcntlOwn, SetownAndGetownWithTheirSubRightsSucceed) {
  const int fd = FileWithFcntls(CAP_FCNTL_SETOWN | CAP_FCNTL_GETOWN);
  ASSERT_OK(fd);
  ASSERT_OK(fcntl(fd, F_SETOWN, getpid()));
  EXPECT_EQ(getpid(), fcntl(fd, F_GETOWN));
}

TEST_F(RightsFcntlOwn, GetownWithGetownOnlySucceeds) {
  const int fd = FileWithFcntls(CAP_FCNTL_GETOWN);
  ASSERT_OK(fd);
  EXPECT_EQ(0, fcntl(fd, F_GETOWN));
}

TEST_F(RightsFcntlOwn, SetownWithoutSetownSubRightIsNotCapable) {
  const int fd = FileWithFcntls(CAP_FCNTL_GETOWN | CAP_FCNTL_GETFL | CAP_FCNTL_SETFL);
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fcntl(fd, F_SETOWN, getpid()));
  EXPECT_EQ(0, fcntl(fd, F_GETOWN)) << "a refused F_SETOWN set the owner";
}

TEST_F(RightsFcntlOwn, GetownWithoutGetownSubRightIsNotCapable) {
  const int fd = FileWithFcntls(CAP_FCNTL_SETOWN | CAP_FCNTL_GETFL | CAP_FCNTL_SETFL);
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fcntl(fd, F_GETOWN));
}

TEST_F(RightsFcntlOwn, OwnWithoutFcntlIsNotCapable) {
  const int fd = File(AllExcept({CAP_FCNTL}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fcntl(fd, F_SETOWN, getpid()));
  EXPECT_NOTCAPABLE(fcntl(fd, F_GETOWN));
}

TEST_F(RightsFcntlFree, GetfdSetfdDupfdNeedNoRight) {
  const cap_rights_t rights = Rights({CAP_READ});
  const int fd = File(rights);
  ASSERT_OK(fd);
  EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD));
  ASSERT_OK(fcntl(fd, F_SETFD, 0));
  EXPECT_EQ(0, fcntl(fd, F_GETFD));
  const int dup1 = Keep(fcntl(fd, F_DUPFD, 100));
  ASSERT_OK(dup1);
  EXPECT_LE(100, dup1);
  EXPECT_RIGHTS_EQ(rights, GetRights(dup1));
  const int dup2 = Keep(fcntl(fd, F_DUPFD_CLOEXEC, 0));
  ASSERT_OK(dup2);
  EXPECT_EQ(FD_CLOEXEC, fcntl(dup2, F_GETFD));
  EXPECT_RIGHTS_EQ(rights, GetRights(dup2));
}

TEST_F(RightsFcntlFree, GetfdSetfdDupfdNeedNoRightEvenWithNoRights) {
  const int fd = File(Rights({}));
  ASSERT_OK(fd);
  EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD));
  EXPECT_OK(fcntl(fd, F_SETFD, FD_CLOEXEC));
  EXPECT_OK(Keep(fcntl(fd, F_DUPFD_CLOEXEC, 0)));
}

TEST_F(RightsFcntlOther, GetpipeSzWithFcntlOnlySucceeds) {
  int r, w;
  PipeWith("", &r, &w);
  const int expected = fcntl(w, F_GETPIPE_SZ);
  ASSERT_OK(expected);
  ASSERT_OK(Limit(r, Rights({CAP_FCNTL})));
  ASSERT_OK(cap_fcntls_limit(r, 0));  // no sub-right: not needed by other commands
  EXPECT_EQ(expected, fcntl(r, F_GETPIPE_SZ));
}

TEST_F(RightsFcntlOther, GetpipeSzWithoutFcntlIsNotCapable) {
  int r, w;
  PipeWith("", &r, &w);
  ASSERT_OK(Limit(r, AllExcept({CAP_FCNTL})));
  EXPECT_NOTCAPABLE(fcntl(r, F_GETPIPE_SZ));
}

TEST_F(RightsFcntlOther, SetpipeSzWithoutFcntlIsNotCapableAndKeepsTheSize) {
  int r, w;
  PipeWith("", &r, &w);
  const int before = fcntl(w, F_GETPIPE_SZ);
  ASSERT_OK(before);
  ASSERT_OK(Limit(r, AllExcept({CAP_FCNTL})));
  EXPECT_NOTCAPABLE(fcntl(r, F_SETPIPE_SZ, before * 2));
  EXPECT_EQ(before, fcntl(w, F_GETPIPE_SZ));
}

// ===================================================================================
// ioctl: CAP_IOCTL plus the command in the descriptor's ioctl list; FIOCLEX/FIONCLEX need
// no right (hook: file_ioctl).
// ===================================================================================

TEST_F(RightsIoctl, FionreadWithIoctlSucceeds) {
  int r, w;
  PipeWith("abc", &r, &w);
  ASSERT_OK(Limit(r, Rights({CAP_IOCTL})));
  int n = -1;
  ASSERT_OK(ioctl(r, FIONREAD, &n));
  EXPECT_EQ(3, n);
}

TEST_F(RightsIoctl, FionreadWithoutIoctlIsNotCapable) {
  int r, w;
  PipeWith("abc", &r, &w);
  ASSERT_OK(Limit(r, AllExcept({CAP_IOCTL})));
  int n = -1;
  EXPECT_NOTCAPABLE(ioctl(r, FIONREAD, &n));
  EXPECT_EQ(-1, n);
}

TEST_F(RightsIoctl, ListedCommandAllowedOthersNotCapable) {
  int r, w;
  PipeWith("abc", &r, &w);
  ASSERT_OK(Limit(r, Rights({CAP_IOCTL})));
  const cap_ioctl_t cmds[] = {FIONREAD};
  ASSERT_OK(cap_ioctls_limit(r, cmds, 1));
  int n = -1;
  ASSERT_OK(ioctl(r, FIONREAD, &n));
  EXPECT_EQ(3, n);
  int on = 1;
  EXPECT_NOTCAPABLE(ioctl(r, FIONBIO, &on));
  EXPECT_FALSE(FdinfoFlags(r) & O_NONBLOCK) << "a refused FIONBIO set O_NONBLOCK";
}

TEST_F(RightsIoctl, EmptyIoctlListRefusesEveryCommand) {
  int r, w;
  PipeWith("abc", &r, &w);
  ASSERT_OK(Limit(r, Rights({CAP_IOCTL})));
  ASSERT_OK(cap_ioctls_limit(r, nullptr, 0));
  int n = -1;
  EXPECT_NOTCAPABLE(ioctl(r, FIONREAD, &n));
}

TEST_F(RightsIoctl, FioclexFionclexNeedNoRight) {
  int r, w;
  PipeWith("", &r, &w);
  ASSERT_OK(Limit(r, Rights({CAP_READ})));
  ASSERT_OK(ioctl(r, FIONCLEX));
  EXPECT_EQ(0, fcntl(r, F_GETFD));
  ASSERT_OK(ioctl(r, FIOCLEX));
  EXPECT_EQ(FD_CLOEXEC, fcntl(r, F_GETFD));
}

TEST_F(RightsIoctl, FioclexFionclexNeedNoListEntry) {
  int r, w;
  PipeWith("", &r, &w);
  ASSERT_OK(Limit(r, Rights({CAP_IOCTL})));
  ASSERT_OK(cap_ioctls_limit(r, nullptr, 0));
  ASSERT_OK(ioctl(r, FIONCLEX));
  EXPECT_EQ(0, fcntl(r, F_GETFD));
  ASSERT_OK(ioctl(r, FIOCLEX));
  EXPECT_EQ(FD_CLOEXEC, fcntl(r, F_GETFD));
}

// ===================================================================================
// mmap: CAP_MMAP for PROT_NONE, CAP_MMAP_R for PROT_READ, CAP_MMAP_W for PROT_WRITE on
// MAP_SHARED only, CAP_MMAP_X for PROT_EXEC (hook: mmap_file).  mprotect may not raise a
// mapping above what the descriptor allowed when it was mapped (hook: file_mprotect).
// The scratch directory is on the guest's /tmp, a tmpfs without noexec.
// ===================================================================================

TEST_F(RightsMmap, ProtNoneWithMmapSucceeds) {
  const int fd = File(Rights({CAP_MMAP}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_NONE, MAP_PRIVATE, fd), 4096);
  ASSERT_OK(p);
  EXPECT_EQ("---p", MapPerms(p));
}

TEST_F(RightsMmap, ProtNoneWithoutMmapIsNotCapable) {
  const int fd = File(AllExcept({CAP_MMAP}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_NONE, MAP_PRIVATE, fd), 4096));
}

TEST_F(RightsMmap, ProtReadWithMmapRSucceeds) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ, MAP_PRIVATE, fd), 4096);
  ASSERT_OK(p);
  EXPECT_EQ("0123", std::string(static_cast<const char*>(Ptr(p)), 4));
}

TEST_F(RightsMmap, SharedProtReadNeedsOnlyMmapR) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ, MAP_SHARED, fd), 4096);
  ASSERT_OK(p);
  EXPECT_EQ("0123", std::string(static_cast<const char*>(Ptr(p)), 4));
}

TEST_F(RightsMmap, ProtReadWithoutMmapIsNotCapable) {
  const int fd = File(AllExcept({CAP_MMAP}));  // still READ and SEEK
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_READ, MAP_PRIVATE, fd), 4096));
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_READ, MAP_SHARED, fd), 4096));
}

TEST_F(RightsMmap, ProtReadWithoutReadIsNotCapable) {
  const int fd = File(AllExcept({CAP_READ}));  // still MMAP and SEEK
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_READ, MAP_PRIVATE, fd), 4096));
}

TEST_F(RightsMmap, SharedProtWriteWithMmapWSucceeds) {
  const int fd = File(Rights({CAP_MMAP_W}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_WRITE, MAP_SHARED, fd), 4096);
  ASSERT_OK(p);
  static_cast<char*>(Ptr(p))[0] = 'X';
  UnmapNow(p);
  EXPECT_EQ("X123456789", ReadFile(file_));
}

TEST_F(RightsMmap, SharedProtWriteWithMmapROnlyIsNotCapable) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_WRITE, MAP_SHARED, fd), 4096));
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd), 4096));
  EXPECT_EQ(kContents, ReadFile(file_));
}

TEST_F(RightsMmap, SharedProtWriteWithoutWriteIsNotCapable) {
  const int fd = File(AllExcept({CAP_WRITE}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_WRITE, MAP_SHARED, fd), 4096));
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd), 4096));
  EXPECT_EQ(kContents, ReadFile(file_));
}

// FreeBSD asks for CAP_MMAP_W only for MAP_SHARED: a private writable mapping cannot reach the
// file, so CAP_MMAP_R is enough (with PROT_READ).
TEST_F(RightsMmap, PrivateProtWriteNeedsOnlyMmapR) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd), 4096);
  ASSERT_OK(p);
  static_cast<char*>(Ptr(p))[0] = 'X';
  EXPECT_EQ("X123", std::string(static_cast<const char*>(Ptr(p)), 4));
  UnmapNow(p);
  EXPECT_EQ(kContents, ReadFile(file_)) << "a private mapping wrote to the file";
}

TEST_F(RightsMmap, ProtExecWithMmapXSucceeds) {
  const int fd = File(Rights({CAP_MMAP_X}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_EXEC, MAP_PRIVATE, fd), 4096);
  ASSERT_OK(p);  // EPERM here: the scratch directory is on a noexec mount
  EXPECT_EQ('x', MapPerms(p)[2]);
}

TEST_F(RightsMmap, ProtReadExecWithMmapRxSucceeds) {
  const int fd = File(Rights({CAP_MMAP_RX}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd), 4096);
  ASSERT_OK(p);
  EXPECT_EQ("r-xp", MapPerms(p));
  EXPECT_EQ("0123", std::string(static_cast<const char*>(Ptr(p)), 4));
}

TEST_F(RightsMmap, ProtExecWithoutMmapXIsNotCapable) {
  const int fd = File(AllExcept({kMmapXBit}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_EXEC, MAP_PRIVATE, fd), 4096));
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd), 4096));
}

TEST_F(RightsMmap, ProtReadExecWithMmapROnlyIsNotCapable) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(KeepMap(Mmap(4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd), 4096));
}

TEST_F(RightsMmap, MprotectSharedAboveMmapRIsNotCapable) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ, MAP_SHARED, fd), 4096);
  ASSERT_OK(p);
  EXPECT_NOTCAPABLE(mprotect(Ptr(p), 4096, PROT_READ | PROT_WRITE));
  EXPECT_EQ("r--s", MapPerms(p)) << "a refused mprotect changed the mapping";
  EXPECT_NOTCAPABLE(mprotect(Ptr(p), 4096, PROT_READ | PROT_EXEC));
  EXPECT_EQ("r--s", MapPerms(p));
  ASSERT_OK(mprotect(Ptr(p), 4096, PROT_NONE));  // down is always allowed
  EXPECT_EQ("---s", MapPerms(p));
  ASSERT_OK(mprotect(Ptr(p), 4096, PROT_READ));  // and back up to what it was mapped with
  EXPECT_EQ("r--s", MapPerms(p));
}

TEST_F(RightsMmap, MprotectSharedAboveMmapRAfterCloseIsNotCapable) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ, MAP_SHARED, fd), 4096);
  ASSERT_OK(p);
  CloseNow(fd);  // the limit was the descriptor's when mapped; closing it lifts nothing
  EXPECT_NOTCAPABLE(mprotect(Ptr(p), 4096, PROT_READ | PROT_WRITE));
  EXPECT_EQ("r--s", MapPerms(p));
}

TEST_F(RightsMmap, MprotectSharedWithinMmapRwSucceeds) {
  const int fd = File(Rights({CAP_MMAP_RW}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ, MAP_SHARED, fd), 4096);
  ASSERT_OK(p);
  ASSERT_OK(mprotect(Ptr(p), 4096, PROT_READ | PROT_WRITE));
  EXPECT_EQ("rw-s", MapPerms(p));
  static_cast<char*>(Ptr(p))[1] = 'Y';
  UnmapNow(p);
  EXPECT_EQ("0Y23456789", ReadFile(file_));
}

TEST_F(RightsMmap, MprotectPrivateToWriteNeedsOnlyMmapR) {
  const int fd = File(Rights({CAP_MMAP_R}));
  ASSERT_OK(fd);
  const long p = KeepMap(Mmap(4096, PROT_READ, MAP_PRIVATE, fd), 4096);
  ASSERT_OK(p);
  ASSERT_OK(mprotect(Ptr(p), 4096, PROT_READ | PROT_WRITE));
  EXPECT_EQ("rw-p", MapPerms(p));
}

// ===================================================================================
// fgetxattr CAP_EXTATTR_GET, fsetxattr CAP_EXTATTR_SET, flistxattr CAP_EXTATTR_LIST,
// fremovexattr CAP_EXTATTR_DELETE (hooks: inode_getxattr, inode_setxattr, inode_listxattr,
// inode_removexattr).
//
// The attributes are "trusted.*" on the guest's tmpfs: tmpfs has had trusted.* (root only;
// the guest runs as root) since long before 6.1, while user.* only came to tmpfs in 6.6.  So
// the allowed cases can assert exact success and contents on both guest kernels.
// ===================================================================================

constexpr char kXattr[] = "trusted.capsicum";
constexpr char kXattrNew[] = "trusted.capsicum-new";

class RightsXattrTest : public RightsOpsTest {
 protected:
  void SetUp() override {
    RightsOpsTest::SetUp();
    // Fails if the scratch directory's file system has no trusted.* xattrs or not as root.
    ASSERT_OK(setxattr(file_.c_str(), kXattr, "v1", 2, 0));
  }
  // The value of `name` on the data file by path, or Missing(errno) when it has none.
  std::string XattrByPath(const char* name) {
    char buf[64];
    const ssize_t n = getxattr(file_.c_str(), name, buf, sizeof(buf));
    if (n < 0) return Missing(errno);
    return std::string(buf, n);
  }
  // "<ENODATA (61, ...)>".  (Appended, not a + chain: GCC 12 warns -Wrestrict on that.)
  static std::string Missing(int err) {
    std::string out("<");
    out.append(DescribeErrno(err));
    out.append(">");
    return out;
  }
};
using RightsExtattrGet = RightsXattrTest;
using RightsExtattrSet = RightsXattrTest;
using RightsExtattrList = RightsXattrTest;
using RightsExtattrDelete = RightsXattrTest;

TEST_F(RightsExtattrGet, FgetxattrWithExtattrGetSucceeds) {
  const int fd = File(Rights({CAP_EXTATTR_GET}));
  ASSERT_OK(fd);
  char buf[16] = {};
  EXPECT_EQ(2, fgetxattr(fd, kXattr, buf, sizeof(buf)));
  EXPECT_EQ("v1", std::string(buf, 2));
}

TEST_F(RightsExtattrGet, FgetxattrWithoutExtattrGetIsNotCapable) {
  const int fd = File(AllExcept({CAP_EXTATTR_GET}));
  ASSERT_OK(fd);
  char buf[16];
  EXPECT_NOTCAPABLE(fgetxattr(fd, kXattr, buf, sizeof(buf)));
  EXPECT_NOTCAPABLE(fgetxattr(fd, kXattr, nullptr, 0));  // the size query too
}

TEST_F(RightsExtattrSet, FsetxattrWithExtattrSetSucceeds) {
  const int fd = File(Rights({CAP_EXTATTR_SET}));
  ASSERT_OK(fd);
  ASSERT_OK(fsetxattr(fd, kXattrNew, "new", 3, XATTR_CREATE));
  EXPECT_EQ("new", XattrByPath(kXattrNew));
  ASSERT_OK(fsetxattr(fd, kXattr, "v2", 2, XATTR_REPLACE));
  EXPECT_EQ("v2", XattrByPath(kXattr));
}

TEST_F(RightsExtattrSet, FsetxattrWithoutExtattrSetIsNotCapable) {
  const int fd = File(AllExcept({CAP_EXTATTR_SET}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fsetxattr(fd, kXattrNew, "new", 3, XATTR_CREATE));
  EXPECT_NOTCAPABLE(fsetxattr(fd, kXattr, "v2", 2, XATTR_REPLACE));
  EXPECT_EQ(Missing(ENODATA), XattrByPath(kXattrNew));
  EXPECT_EQ("v1", XattrByPath(kXattr));
}

TEST_F(RightsExtattrList, FlistxattrWithExtattrListSucceeds) {
  const int fd = File(Rights({CAP_EXTATTR_LIST}));
  ASSERT_OK(fd);
  char buf[256] = {};
  const ssize_t n = flistxattr(fd, buf, sizeof(buf));
  ASSERT_OK(n);
  EXPECT_EQ(std::string(kXattr) + '\0', std::string(buf, n));
}

TEST_F(RightsExtattrList, FlistxattrWithoutExtattrListIsNotCapable) {
  const int fd = File(AllExcept({CAP_EXTATTR_LIST}));
  ASSERT_OK(fd);
  char buf[256];
  EXPECT_NOTCAPABLE(flistxattr(fd, buf, sizeof(buf)));
  EXPECT_NOTCAPABLE(flistxattr(fd, nullptr, 0));
}

TEST_F(RightsExtattrDelete, FremovexattrWithExtattrDeleteSucceeds) {
  const int fd = File(Rights({CAP_EXTATTR_DELETE}));
  ASSERT_OK(fd);
  ASSERT_OK(fremovexattr(fd, kXattr));
  EXPECT_EQ(Missing(ENODATA), XattrByPath(kXattr));
}

TEST_F(RightsExtattrDelete, FremovexattrWithoutExtattrDeleteIsNotCapable) {
  const int fd = File(AllExcept({CAP_EXTATTR_DELETE}));
  ASSERT_OK(fd);
  EXPECT_NOTCAPABLE(fremovexattr(fd, kXattr));
  EXPECT_EQ("v1", XattrByPath(kXattr)) << "a refused fremovexattr removed the attribute";
}

// ===================================================================================
// Sockets: bind CAP_BIND, connect CAP_CONNECT, listen CAP_LISTEN, accept/accept4 CAP_ACCEPT,
// getsockname, getpeername, getsockopt, setsockopt, shutdown: the right of the same name
// (hooks: socket_bind, socket_connect, socket_listen, socket_accept, socket_getsockname,
// socket_getpeername, socket_getsockopt, socket_setsockopt, socket_shutdown).
// AF_UNIX on a path in the scratch directory, AF_INET on 127.0.0.1 (the guest's /init brings
// lo up).
// ===================================================================================

TEST_F(RightsBind, UnixBindWithBindSucceeds) {
  const int s = Limit(UnixSocket(SOCK_STREAM), Rights({CAP_BIND}));
  ASSERT_OK(s);
  ASSERT_OK(BindUnix(s, scratch_.Path("sock")));
  EXPECT_TRUE(S_ISSOCK(Lstat(scratch_.Path("sock")).st_mode));
}

TEST_F(RightsBind, UnixBindWithoutBindIsNotCapable) {
  const int s = Limit(UnixSocket(SOCK_STREAM), AllExcept({CAP_BIND}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(BindUnix(s, scratch_.Path("sock")));
  EXPECT_FALSE(PathExists(scratch_.Path("sock"))) << "a refused bind made the socket file";
  sockaddr_un addr;
  socklen_t len = sizeof(addr);
  ASSERT_OK(getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_EQ(sizeof(sa_family_t), len) << "a refused bind bound the socket";
}

TEST_F(RightsBind, InetBindWithBindSucceeds) {
  const int s = Limit(InetSocket(SOCK_STREAM), Rights({CAP_BIND}));
  ASSERT_OK(s);
  ASSERT_OK(BindInet(s, 0));
}

TEST_F(RightsBind, InetBindWithoutBindIsNotCapable) {
  const int s = Limit(InetSocket(SOCK_DGRAM), AllExcept({CAP_BIND}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(BindInet(s, 0));
  sockaddr_in addr;
  socklen_t len = sizeof(addr);
  ASSERT_OK(getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_EQ(0, addr.sin_port) << "a refused bind bound the socket";
}

TEST_F(RightsConnect, UnixConnectWithConnectSucceeds) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  const int s = Limit(UnixSocket(SOCK_STREAM), Rights({CAP_CONNECT}));
  ASSERT_OK(s);
  ASSERT_OK(ConnectUnix(s, scratch_.Path("sock")));
  EXPECT_TRUE(Pending(l));
}

TEST_F(RightsConnect, UnixConnectWithoutConnectIsNotCapable) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  const int s = Limit(UnixSocket(SOCK_STREAM), AllExcept({CAP_CONNECT}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(ConnectUnix(s, scratch_.Path("sock")));
  EXPECT_FALSE(Pending(l)) << "a refused connect reached the listener";
  EXPECT_SYSCALL_FAIL(EAGAIN, accept4(l, nullptr, nullptr, SOCK_CLOEXEC));
}

TEST_F(RightsConnect, InetConnectWithConnectSucceeds) {
  uint16_t port;
  const int l = InetListener(&port);
  ASSERT_OK(l);
  const int s = Limit(InetSocket(SOCK_STREAM), Rights({CAP_CONNECT}));
  ASSERT_OK(s);
  ASSERT_OK(ConnectInet(s, port));
  ASSERT_TRUE(WaitPending(l));
  const int a = Keep(accept4(l, nullptr, nullptr, SOCK_CLOEXEC));
  EXPECT_OK(a);
}

TEST_F(RightsConnect, InetConnectWithoutConnectIsNotCapable) {
  uint16_t port;
  const int l = InetListener(&port);
  ASSERT_OK(l);
  const int s = Limit(InetSocket(SOCK_STREAM), AllExcept({CAP_CONNECT}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(ConnectInet(s, port));
  EXPECT_SYSCALL_FAIL(EAGAIN, accept4(l, nullptr, nullptr, SOCK_CLOEXEC));
}

TEST_F(RightsListen, UnixListenWithListenSucceeds) {
  const int s = UnixSocket(SOCK_STREAM);
  ASSERT_OK(s);
  ASSERT_OK(BindUnix(s, scratch_.Path("sock")));
  ASSERT_OK(Limit(s, Rights({CAP_LISTEN})));
  ASSERT_OK(listen(s, 4));
  const int c = UnixSocket(SOCK_STREAM);
  ASSERT_OK(c);
  EXPECT_OK(ConnectUnix(c, scratch_.Path("sock")));
}

TEST_F(RightsListen, UnixListenWithoutListenIsNotCapable) {
  const int s = UnixSocket(SOCK_STREAM);
  ASSERT_OK(s);
  ASSERT_OK(BindUnix(s, scratch_.Path("sock")));
  ASSERT_OK(Limit(s, AllExcept({CAP_LISTEN})));
  EXPECT_NOTCAPABLE(listen(s, 4));
  const int c = UnixSocket(SOCK_STREAM);
  ASSERT_OK(c);
  EXPECT_SYSCALL_FAIL(ECONNREFUSED, ConnectUnix(c, scratch_.Path("sock")));
}

TEST_F(RightsListen, InetListenWithListenSucceeds) {
  const int s = InetSocket(SOCK_STREAM);
  ASSERT_OK(s);
  ASSERT_OK(BindInet(s, 0));
  sockaddr_in addr;
  socklen_t len = sizeof(addr);
  ASSERT_OK(getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len));
  ASSERT_OK(Limit(s, Rights({CAP_LISTEN})));
  ASSERT_OK(listen(s, 4));
  const int c = InetSocket(SOCK_STREAM);
  ASSERT_OK(c);
  EXPECT_OK(ConnectInet(c, ntohs(addr.sin_port)));
}

TEST_F(RightsListen, InetListenWithoutListenIsNotCapable) {
  const int s = InetSocket(SOCK_STREAM);
  ASSERT_OK(s);
  ASSERT_OK(BindInet(s, 0));
  sockaddr_in addr;
  socklen_t len = sizeof(addr);
  ASSERT_OK(getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len));
  ASSERT_OK(Limit(s, AllExcept({CAP_LISTEN})));
  EXPECT_NOTCAPABLE(listen(s, 4));
  const int c = InetSocket(SOCK_STREAM);
  ASSERT_OK(c);
  EXPECT_SYSCALL_FAIL(ECONNREFUSED, ConnectInet(c, ntohs(addr.sin_port)));
}

TEST_F(RightsAccept, UnixAcceptWithAcceptSucceeds) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  for (int i = 0; i < 2; i++) {
    const int c = UnixSocket(SOCK_STREAM);
    ASSERT_OK(c);
    ASSERT_OK(ConnectUnix(c, scratch_.Path("sock")));
  }
  ASSERT_OK(Limit(l, Rights({CAP_ACCEPT})));
  EXPECT_OK(Keep(accept(l, nullptr, nullptr)));
  EXPECT_OK(Keep(accept4(l, nullptr, nullptr, SOCK_CLOEXEC)));
  EXPECT_FALSE(Pending(l));
}

TEST_F(RightsAccept, UnixAcceptWithoutAcceptIsNotCapable) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  const int c = UnixSocket(SOCK_STREAM);
  ASSERT_OK(c);
  ASSERT_OK(ConnectUnix(c, scratch_.Path("sock")));
  ASSERT_OK(Limit(l, AllExcept({CAP_ACCEPT})));
  EXPECT_NOTCAPABLE(Keep(accept(l, nullptr, nullptr)));
  EXPECT_NOTCAPABLE(Keep(accept4(l, nullptr, nullptr, SOCK_CLOEXEC)));
  EXPECT_TRUE(Pending(l)) << "a refused accept took the connection off the queue";
}

TEST_F(RightsAccept, InetAcceptWithAcceptSucceeds) {
  uint16_t port;
  const int l = InetListener(&port);
  ASSERT_OK(l);
  const int c = InetSocket(SOCK_STREAM);
  ASSERT_OK(c);
  ASSERT_OK(ConnectInet(c, port));
  ASSERT_TRUE(WaitPending(l));
  ASSERT_OK(Limit(l, Rights({CAP_ACCEPT})));
  sockaddr_in peer;
  socklen_t len = sizeof(peer);
  EXPECT_OK(Keep(accept4(l, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC)));
  EXPECT_EQ(htonl(INADDR_LOOPBACK), peer.sin_addr.s_addr);
}

TEST_F(RightsAccept, InetAcceptWithoutAcceptIsNotCapable) {
  uint16_t port;
  const int l = InetListener(&port);
  ASSERT_OK(l);
  const int c = InetSocket(SOCK_STREAM);
  ASSERT_OK(c);
  ASSERT_OK(ConnectInet(c, port));
  ASSERT_TRUE(WaitPending(l));
  ASSERT_OK(Limit(l, AllExcept({CAP_ACCEPT})));
  EXPECT_NOTCAPABLE(Keep(accept4(l, nullptr, nullptr, SOCK_CLOEXEC)));
  EXPECT_TRUE(Pending(l));
}

TEST_F(RightsGetsockname, GetsocknameWithGetsocknameSucceeds) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  ASSERT_OK(Limit(l, Rights({CAP_GETSOCKNAME})));
  sockaddr_un addr = {};
  socklen_t len = sizeof(addr);
  ASSERT_OK(getsockname(l, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_EQ(AF_UNIX, addr.sun_family);
  EXPECT_STREQ(scratch_.Path("sock").c_str(), addr.sun_path);
}

TEST_F(RightsGetsockname, GetsocknameWithoutGetsocknameIsNotCapable) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  ASSERT_OK(Limit(l, AllExcept({CAP_GETSOCKNAME})));
  sockaddr_un addr = {};
  socklen_t len = sizeof(addr);
  EXPECT_NOTCAPABLE(getsockname(l, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_EQ(0, addr.sun_path[0]) << "a refused getsockname filled in the address";
}

TEST_F(RightsGetsockname, InetGetsocknameWithGetsocknameSucceeds) {
  uint16_t port;
  const int l = InetListener(&port);
  ASSERT_OK(l);
  ASSERT_OK(Limit(l, Rights({CAP_GETSOCKNAME})));
  sockaddr_in addr = {};
  socklen_t len = sizeof(addr);
  ASSERT_OK(getsockname(l, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_EQ(port, ntohs(addr.sin_port));
}

TEST_F(RightsGetsockname, InetGetsocknameWithoutGetsocknameIsNotCapable) {
  uint16_t port;
  const int l = InetListener(&port);
  ASSERT_OK(l);
  ASSERT_OK(Limit(l, AllExcept({CAP_GETSOCKNAME})));
  sockaddr_in addr = {};
  socklen_t len = sizeof(addr);
  EXPECT_NOTCAPABLE(getsockname(l, reinterpret_cast<sockaddr*>(&addr), &len));
}

TEST_F(RightsGetpeername, GetpeernameWithGetpeernameSucceeds) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  const int c = UnixSocket(SOCK_STREAM);
  ASSERT_OK(c);
  ASSERT_OK(ConnectUnix(c, scratch_.Path("sock")));
  ASSERT_OK(Limit(c, Rights({CAP_GETPEERNAME})));
  sockaddr_un addr = {};
  socklen_t len = sizeof(addr);
  ASSERT_OK(getpeername(c, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_STREQ(scratch_.Path("sock").c_str(), addr.sun_path);
}

TEST_F(RightsGetpeername, GetpeernameWithoutGetpeernameIsNotCapable) {
  const int l = UnixListener("sock");
  ASSERT_OK(l);
  const int c = UnixSocket(SOCK_STREAM);
  ASSERT_OK(c);
  ASSERT_OK(ConnectUnix(c, scratch_.Path("sock")));
  ASSERT_OK(Limit(c, AllExcept({CAP_GETPEERNAME})));
  sockaddr_un addr = {};
  socklen_t len = sizeof(addr);
  EXPECT_NOTCAPABLE(getpeername(c, reinterpret_cast<sockaddr*>(&addr), &len));
  EXPECT_EQ(0, addr.sun_path[0]);
}

TEST_F(RightsGetsockopt, GetsockoptWithGetsockoptSucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_GETSOCKOPT})));
  int type = 0;
  socklen_t len = sizeof(type);
  ASSERT_OK(getsockopt(a, SOL_SOCKET, SO_TYPE, &type, &len));
  EXPECT_EQ(SOCK_STREAM, type);
}

TEST_F(RightsGetsockopt, GetsockoptWithoutGetsockoptIsNotCapable) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, AllExcept({CAP_GETSOCKOPT})));
  int type = -1;
  socklen_t len = sizeof(type);
  EXPECT_NOTCAPABLE(getsockopt(a, SOL_SOCKET, SO_TYPE, &type, &len));
  EXPECT_EQ(-1, type);
}

// The allowed case also holds CAP_GETSOCKOPT, to read the option back.
TEST_F(RightsSetsockopt, SetsockoptWithSetsockoptSucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_SETSOCKOPT, CAP_GETSOCKOPT})));
  const int on = 1;
  ASSERT_OK(setsockopt(a, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)));
  int got = 0;
  socklen_t len = sizeof(got);
  ASSERT_OK(getsockopt(a, SOL_SOCKET, SO_KEEPALIVE, &got, &len));
  EXPECT_EQ(1, got);
}

TEST_F(RightsSetsockopt, SetsockoptWithSetsockoptOnlySucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_SETSOCKOPT})));
  const int on = 1;
  EXPECT_OK(setsockopt(a, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)));
}

TEST_F(RightsSetsockopt, SetsockoptWithoutSetsockoptIsNotCapable) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, AllExcept({CAP_SETSOCKOPT})));
  const int on = 1;
  EXPECT_NOTCAPABLE(setsockopt(a, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)));
  int got = -1;
  socklen_t len = sizeof(got);
  ASSERT_OK(getsockopt(a, SOL_SOCKET, SO_KEEPALIVE, &got, &len));
  EXPECT_EQ(0, got) << "a refused setsockopt set the option";
}

TEST_F(RightsShutdown, ShutdownWithShutdownSucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_SHUTDOWN})));
  ASSERT_OK(shutdown(a, SHUT_WR));
  char c;
  EXPECT_EQ(0, recv(b, &c, 1, MSG_DONTWAIT)) << "the peer sees no end of file";
}

TEST_F(RightsShutdown, ShutdownWithoutShutdownIsNotCapable) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, AllExcept({CAP_SHUTDOWN})));
  EXPECT_NOTCAPABLE(shutdown(a, SHUT_WR));
  EXPECT_NOTCAPABLE(shutdown(a, SHUT_RDWR));
  char c;
  EXPECT_SYSCALL_FAIL(EAGAIN, recv(b, &c, 1, MSG_DONTWAIT));
  // MSG_NOSIGNAL: should the shutdown have happened, EPIPE fails this test and no SIGPIPE
  // ends the whole binary.
  EXPECT_EQ(1, send(a, "x", 1, MSG_NOSIGNAL)) << "a refused shutdown shut the socket";
}

// --- send, sendto(NULL), sendmsg, sendmmsg without an address: CAP_WRITE; with an address:
// CAP_WRITE | CAP_CONNECT (hook: socket_sendmsg, which sees msg_name) ---

TEST_F(RightsSend, SendWithWriteSucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_WRITE})));
  EXPECT_EQ(1, send(a, "a", 1, 0));
  EXPECT_EQ(1, sendto(a, "b", 1, 0, nullptr, 0));
  char c[] = "c";
  struct iovec iov = {c, 1};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  EXPECT_EQ(1, sendmsg(a, &msg, 0));
  char d[] = "d";
  struct iovec iov2 = {d, 1};
  struct mmsghdr mm = {};
  mm.msg_hdr.msg_iov = &iov2;
  mm.msg_hdr.msg_iovlen = 1;
  EXPECT_EQ(1, sendmmsg(a, &mm, 1, 0));
  EXPECT_EQ("abcd", RecvNow(b));
}

TEST_F(RightsSend, SendWithoutWriteIsNotCapable) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, AllExcept({CAP_WRITE})));
  EXPECT_NOTCAPABLE(send(a, "a", 1, 0));
  EXPECT_NOTCAPABLE(sendto(a, "b", 1, 0, nullptr, 0));
  char c[] = "c";
  struct iovec iov = {c, 1};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  EXPECT_NOTCAPABLE(sendmsg(a, &msg, 0));
  struct mmsghdr mm = {};
  mm.msg_hdr = msg;
  EXPECT_NOTCAPABLE(sendmmsg(a, &mm, 1, 0));
  EXPECT_EQ("", RecvNow(b)) << "a refused send delivered bytes";
}

class RightsSendtoTest : public RightsOpsTest {
 protected:
  void SetUp() override {
    RightsOpsTest::SetUp();
    receiver_ = UnixSocket(SOCK_DGRAM);
    ASSERT_OK(receiver_);
    ASSERT_OK(BindUnix(receiver_, scratch_.Path("dgram")));
    addr_ = UnixAddr(scratch_.Path("dgram"), &addr_len_);
  }
  ssize_t SendTo(int s, const char* what) {
    return sendto(s, what, strlen(what), 0, reinterpret_cast<const sockaddr*>(&addr_), addr_len_);
  }
  ssize_t SendMsgTo(int s, const char* what) {
    struct iovec iov = {const_cast<char*>(what), strlen(what)};
    struct msghdr msg = {};
    msg.msg_name = &addr_;
    msg.msg_namelen = addr_len_;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    return sendmsg(s, &msg, 0);
  }
  int SendMmsgTo(int s, const char* what) {
    struct iovec iov = {const_cast<char*>(what), strlen(what)};
    struct mmsghdr mm = {};
    mm.msg_hdr.msg_name = &addr_;
    mm.msg_hdr.msg_namelen = addr_len_;
    mm.msg_hdr.msg_iov = &iov;
    mm.msg_hdr.msg_iovlen = 1;
    return sendmmsg(s, &mm, 1, 0);
  }
  int receiver_ = -1;
  sockaddr_un addr_;
  socklen_t addr_len_ = 0;
};
using RightsSendto = RightsSendtoTest;

TEST_F(RightsSendto, SendtoAddressWithWriteAndConnectSucceeds) {
  const int s = Limit(UnixSocket(SOCK_DGRAM), Rights({CAP_WRITE, CAP_CONNECT}));
  ASSERT_OK(s);
  EXPECT_EQ(3, SendTo(s, "abc"));
  EXPECT_EQ("abc", RecvNow(receiver_));
  EXPECT_EQ(2, SendMsgTo(s, "de"));
  EXPECT_EQ("de", RecvNow(receiver_));
  EXPECT_EQ(1, SendMmsgTo(s, "f"));
  EXPECT_EQ("f", RecvNow(receiver_));
}

TEST_F(RightsSendto, SendtoAddressWithWriteOnlyIsNotCapable) {
  const int s = Limit(UnixSocket(SOCK_DGRAM), Rights({CAP_WRITE}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(SendTo(s, "abc"));
  EXPECT_NOTCAPABLE(SendMsgTo(s, "de"));
  EXPECT_NOTCAPABLE(SendMmsgTo(s, "f"));
  EXPECT_EQ("", RecvNow(receiver_)) << "a refused sendto delivered a datagram";
}

TEST_F(RightsSendto, SendtoAddressWithoutConnectIsNotCapable) {
  const int s = Limit(UnixSocket(SOCK_DGRAM), AllExcept({CAP_CONNECT}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(SendTo(s, "abc"));
  EXPECT_NOTCAPABLE(SendMsgTo(s, "de"));
  EXPECT_EQ("", RecvNow(receiver_));
}

TEST_F(RightsSendto, SendtoAddressWithConnectOnlyIsNotCapable) {
  const int s = Limit(UnixSocket(SOCK_DGRAM), AllExcept({CAP_WRITE}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(SendTo(s, "abc"));
  EXPECT_EQ("", RecvNow(receiver_));
}

TEST_F(RightsSendto, InetSendtoAddressWithWriteOnlyIsNotCapable) {
  const int r = InetSocket(SOCK_DGRAM);
  ASSERT_OK(r);
  ASSERT_OK(BindInet(r, 0));
  sockaddr_in to;
  socklen_t len = sizeof(to);
  ASSERT_OK(getsockname(r, reinterpret_cast<sockaddr*>(&to), &len));
  const int s = Limit(InetSocket(SOCK_DGRAM), Rights({CAP_WRITE}));
  ASSERT_OK(s);
  EXPECT_NOTCAPABLE(sendto(s, "abc", 3, 0, reinterpret_cast<const sockaddr*>(&to), len));
  EXPECT_EQ("", RecvNow(r));
  const int ok = Limit(InetSocket(SOCK_DGRAM), Rights({CAP_WRITE, CAP_CONNECT}));
  ASSERT_OK(ok);
  EXPECT_EQ(3, sendto(ok, "abc", 3, 0, reinterpret_cast<const sockaddr*>(&to), len));
  struct pollfd p = {r, POLLIN, 0};
  ASSERT_EQ(1, poll(&p, 1, 5000));
  EXPECT_EQ("abc", RecvNow(r));
}

// --- recv, recvfrom, recvmsg, recvmmsg: CAP_READ (hook: socket_recvmsg) ---

TEST_F(RightsRecv, RecvWithReadSucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_READ})));
  ASSERT_EQ(7, write(b, "abcdefg", 7));
  char buf[8] = {};
  EXPECT_EQ(1, recv(a, buf, 1, 0));
  EXPECT_EQ('a', buf[0]);
  EXPECT_EQ(1, recvfrom(a, buf, 1, 0, nullptr, nullptr));
  EXPECT_EQ('b', buf[0]);
  struct iovec iov = {buf, 2};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  EXPECT_EQ(2, recvmsg(a, &msg, 0));
  EXPECT_EQ("cd", std::string(buf, 2));
  struct iovec iov2 = {buf, 3};
  struct mmsghdr mm = {};
  mm.msg_hdr.msg_iov = &iov2;
  mm.msg_hdr.msg_iovlen = 1;
  EXPECT_EQ(1, recvmmsg(a, &mm, 1, MSG_DONTWAIT, nullptr));
  EXPECT_EQ(3u, mm.msg_len);
  EXPECT_EQ("efg", std::string(buf, 3));
}

TEST_F(RightsRecv, RecvWithoutReadIsNotCapable) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, AllExcept({CAP_READ})));
  ASSERT_EQ(3, write(b, "abc", 3));
  char buf[8];
  // MSG_DONTWAIT: a recv that is let through must not block the test.
  EXPECT_NOTCAPABLE(recv(a, buf, 1, MSG_DONTWAIT));
  EXPECT_NOTCAPABLE(recv(a, buf, 1, MSG_PEEK | MSG_DONTWAIT));
  EXPECT_NOTCAPABLE(recvfrom(a, buf, 1, MSG_DONTWAIT, nullptr, nullptr));
  struct iovec iov = {buf, 2};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  EXPECT_NOTCAPABLE(recvmsg(a, &msg, MSG_DONTWAIT));
  struct mmsghdr mm = {};
  mm.msg_hdr = msg;
  EXPECT_NOTCAPABLE(recvmmsg(a, &mm, 1, MSG_DONTWAIT, nullptr));
  EXPECT_EQ(3, Queued(a)) << "a refused recv consumed bytes";
}

// --- read, write on a socket: CAP_READ, CAP_WRITE (hook: file_permission) ---

TEST_F(RightsSocketRw, ReadWithReadSucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_READ})));
  ASSERT_EQ(3, write(b, "abc", 3));
  char buf[3] = {};
  EXPECT_EQ(3, read(a, buf, 3));
  EXPECT_EQ("abc", std::string(buf, 3));
}

TEST_F(RightsSocketRw, ReadWithoutReadIsNotCapable) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, AllExcept({CAP_READ})));
  ASSERT_EQ(3, write(b, "abc", 3));
  char buf[3];
  EXPECT_NOTCAPABLE(read(a, buf, 3));
  EXPECT_EQ(3, Queued(a));
}

TEST_F(RightsSocketRw, WriteWithWriteSucceeds) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, Rights({CAP_WRITE})));
  EXPECT_EQ(3, write(a, "abc", 3));
  EXPECT_EQ("abc", RecvNow(b));
}

TEST_F(RightsSocketRw, WriteWithoutWriteIsNotCapable) {
  int a, b;
  Pair(&a, &b);
  ASSERT_OK(Limit(a, AllExcept({CAP_WRITE})));
  EXPECT_NOTCAPABLE(write(a, "abc", 3));
  EXPECT_EQ("", RecvNow(b));
}

// ===================================================================================
// *at calls on a directory descriptor: mkdirat CAP_MKDIRAT, unlinkat CAP_UNLINKAT (files
// and AT_REMOVEDIR), renameat CAP_RENAMEAT_SOURCE / CAP_RENAMEAT_TARGET (+ CAP_UNLINKAT on
// the target dirfd onto an existing name), linkat CAP_LINKAT_SOURCE / CAP_LINKAT_TARGET,
// symlinkat CAP_SYMLINKAT, mknodat S_IFIFO CAP_MKFIFOAT, S_IFREG CAP_MKNODAT, readlinkat
// CAP_LOOKUP, faccessat CAP_FSTATAT.  (hooks: path_mkdir, path_unlink, path_rmdir,
// path_rename, path_link, path_symlink, path_mknod, inode_readlink, inode_permission; the
// syscall's dirfd arguments say which descriptor holds which right.)  From a limited dirfd an
// absolute path or a ".." that leaves it is ENOTCAPABLE and changes nothing.
// ===================================================================================

TEST_F(RightsMkdirat, MkdiratWithMkdiratSucceeds) {
  const int dir = Dir(Rights({CAP_MKDIRAT}));
  ASSERT_OK(dir);
  ASSERT_OK(mkdirat(dir, "made", 0755));
  EXPECT_TRUE(S_ISDIR(Lstat(In("made")).st_mode));
  ASSERT_OK(mkdirat(dir, "sub/deeper", 0755));
  EXPECT_TRUE(S_ISDIR(Lstat(In("sub/deeper")).st_mode));
}

TEST_F(RightsMkdirat, MkdiratWithoutMkdiratIsNotCapable) {
  const int dir = Dir(AllExcept({Own(CAP_MKDIRAT)}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(mkdirat(dir, "made", 0755));
  EXPECT_FALSE(PathExists(In("made")));
}

TEST_F(RightsMkdirat, MkdiratWithoutLookupIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_LOOKUP}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(mkdirat(dir, "made", 0755));
  EXPECT_FALSE(PathExists(In("made")));
}

TEST_F(RightsMkdirat, MkdiratOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_MKDIRAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(mkdirat(dir, "../escaped", 0755));
  EXPECT_NOTCAPABLE(mkdirat(dir, scratch_.Path("escaped2").c_str(), 0755));
  EXPECT_NOTCAPABLE(mkdirat(dir, In("inside-but-absolute").c_str(), 0755));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped")));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped2")));
  EXPECT_FALSE(PathExists(In("inside-but-absolute")));
}

TEST_F(RightsUnlinkat, UnlinkatFileWithUnlinkatSucceeds) {
  const int dir = Dir(Rights({CAP_UNLINKAT}));
  ASSERT_OK(dir);
  ASSERT_OK(unlinkat(dir, "file", 0));
  EXPECT_FALSE(PathExists(In("file")));
  ASSERT_OK(unlinkat(dir, "link", 0));
  EXPECT_FALSE(PathExists(In("link")));
}

TEST_F(RightsUnlinkat, UnlinkatFileWithoutUnlinkatIsNotCapable) {
  const int dir = Dir(AllExcept({Own(CAP_UNLINKAT)}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(unlinkat(dir, "file", 0));
  EXPECT_EQ(kInside, ReadFile(In("file")));
}

TEST_F(RightsUnlinkat, RemovedirWithUnlinkatSucceeds) {
  const int dir = Dir(Rights({CAP_UNLINKAT}));
  ASSERT_OK(dir);
  ASSERT_OK(unlinkat(dir, "emptydir", AT_REMOVEDIR));
  EXPECT_FALSE(PathExists(In("emptydir")));
}

TEST_F(RightsUnlinkat, RemovedirWithoutUnlinkatIsNotCapable) {
  const int dir = Dir(AllExcept({Own(CAP_UNLINKAT)}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(unlinkat(dir, "emptydir", AT_REMOVEDIR));
  EXPECT_TRUE(PathExists(In("emptydir")));
}

TEST_F(RightsUnlinkat, UnlinkatOutsideFromLimitedDirfdIsNotCapable) {
  ASSERT_OK(mkdir(scratch_.Path("outdir").c_str(), 0755));
  const int dir = Dir(Rights({CAP_UNLINKAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(unlinkat(dir, "../outside", 0));
  EXPECT_NOTCAPABLE(unlinkat(dir, outside_.c_str(), 0));
  EXPECT_NOTCAPABLE(unlinkat(dir, "../outdir", AT_REMOVEDIR));
  EXPECT_NOTCAPABLE(unlinkat(dir, In("file").c_str(), 0));  // absolute, even if beneath
  EXPECT_EQ("outside", ReadFile(outside_));
  EXPECT_TRUE(PathExists(scratch_.Path("outdir")));
  EXPECT_TRUE(PathExists(In("file")));
}

// root/ is the source directory, other/ the target; two different descriptors.
TEST_F(RightsRenameat, RenameatWithSourceAndTargetSucceeds) {
  const int src = Dir(Rights({CAP_RENAMEAT_SOURCE}));
  const int dst = DirAt(other_, Rights({CAP_RENAMEAT_TARGET}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  ASSERT_OK(renameat(src, "file", dst, "moved"));
  EXPECT_FALSE(PathExists(In("file")));
  EXPECT_EQ(kInside, ReadFile(InOther("moved")));
}

TEST_F(RightsRenameat, RenameatWithSwappedRightsIsNotCapable) {
  const int src = Dir(Rights({CAP_RENAMEAT_TARGET}));
  const int dst = DirAt(other_, Rights({CAP_RENAMEAT_SOURCE}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(renameat(src, "file", dst, "moved"));
  EXPECT_EQ(kInside, ReadFile(In("file")));
  EXPECT_FALSE(PathExists(InOther("moved")));
}

TEST_F(RightsRenameat, RenameatWithoutSourceIsNotCapable) {
  const int src = Dir(AllExcept({Own(CAP_RENAMEAT_SOURCE)}));
  const int dst = DirAt(other_, Rights({CAP_RENAMEAT_TARGET}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(renameat(src, "file", dst, "moved"));
  EXPECT_EQ(kInside, ReadFile(In("file")));
  EXPECT_FALSE(PathExists(InOther("moved")));
}

TEST_F(RightsRenameat, RenameatWithoutTargetIsNotCapable) {
  const int src = Dir(Rights({CAP_RENAMEAT_SOURCE}));
  const int dst = DirAt(other_, AllExcept({Own(CAP_RENAMEAT_TARGET)}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(renameat(src, "file", dst, "moved"));
  EXPECT_EQ(kInside, ReadFile(In("file")));
  EXPECT_FALSE(PathExists(InOther("moved")));
}

TEST_F(RightsRenameat, RenameatWithinOneDirfdNeedsBoth) {
  const int both = Dir(Rights({CAP_RENAMEAT_SOURCE, CAP_RENAMEAT_TARGET}));
  ASSERT_OK(both);
  ASSERT_OK(renameat(both, "file", both, "renamed"));
  EXPECT_EQ(kInside, ReadFile(In("renamed")));
  const int source_only = Dir(Rights({CAP_RENAMEAT_SOURCE}));
  ASSERT_OK(source_only);
  EXPECT_NOTCAPABLE(renameat(source_only, "renamed", source_only, "again"));
  const int target_only = Dir(Rights({CAP_RENAMEAT_TARGET}));
  ASSERT_OK(target_only);
  EXPECT_NOTCAPABLE(renameat(target_only, "renamed", target_only, "again"));
  EXPECT_EQ(kInside, ReadFile(In("renamed")));
  EXPECT_FALSE(PathExists(In("again")));
}

TEST_F(RightsRenameat, RenameatOntoExistingNeedsUnlinkatOnTheTarget) {
  WriteFile(InOther("existing"), "old");
  const int src = Dir(Rights({CAP_RENAMEAT_SOURCE}));
  const int dst = DirAt(other_, Rights({CAP_RENAMEAT_TARGET}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(renameat(src, "file", dst, "existing"));
  EXPECT_EQ(kInside, ReadFile(In("file")));
  EXPECT_EQ("old", ReadFile(InOther("existing")));
  const int dst_unlink = DirAt(other_, Rights({CAP_RENAMEAT_TARGET, CAP_UNLINKAT}));
  ASSERT_OK(dst_unlink);
  ASSERT_OK(renameat(src, "file", dst_unlink, "existing"));
  EXPECT_FALSE(PathExists(In("file")));
  EXPECT_EQ(kInside, ReadFile(InOther("existing")));
}

// UNLINKAT on the source descriptor does not stand in for it on the target.
TEST_F(RightsRenameat, RenameatOntoExistingWithUnlinkatOnTheSourceIsNotCapable) {
  WriteFile(InOther("existing"), "old");
  const int src = Dir(Rights({CAP_RENAMEAT_SOURCE, CAP_UNLINKAT}));
  const int dst = DirAt(other_, AllExcept({Own(CAP_UNLINKAT)}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(renameat(src, "file", dst, "existing"));
  EXPECT_EQ(kInside, ReadFile(In("file")));
  EXPECT_EQ("old", ReadFile(InOther("existing")));
}

TEST_F(RightsRenameat, RenameatOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_RENAMEAT_SOURCE, CAP_RENAMEAT_TARGET, CAP_UNLINKAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(renameat(dir, "file", dir, "../escaped"));
  EXPECT_NOTCAPABLE(renameat(dir, "file", dir, scratch_.Path("escaped").c_str()));
  EXPECT_NOTCAPABLE(renameat(dir, "../outside", dir, "stolen"));
  EXPECT_NOTCAPABLE(renameat(dir, outside_.c_str(), dir, "stolen"));
  EXPECT_EQ(kInside, ReadFile(In("file")));
  EXPECT_EQ("outside", ReadFile(outside_));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped")));
  EXPECT_FALSE(PathExists(In("stolen")));
}

TEST_F(RightsLinkat, LinkatWithSourceAndTargetSucceeds) {
  const int src = Dir(Rights({CAP_LINKAT_SOURCE}));
  const int dst = DirAt(other_, Rights({CAP_LINKAT_TARGET}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  ASSERT_OK(linkat(src, "file", dst, "hard", 0));
  EXPECT_EQ(Lstat(In("file")).st_ino, Lstat(InOther("hard")).st_ino);
  EXPECT_EQ(2u, Lstat(In("file")).st_nlink);
}

TEST_F(RightsLinkat, LinkatWithSwappedRightsIsNotCapable) {
  const int src = Dir(Rights({CAP_LINKAT_TARGET}));
  const int dst = DirAt(other_, Rights({CAP_LINKAT_SOURCE}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(linkat(src, "file", dst, "hard", 0));
  EXPECT_FALSE(PathExists(InOther("hard")));
  EXPECT_EQ(1u, Lstat(In("file")).st_nlink);
}

TEST_F(RightsLinkat, LinkatWithoutSourceIsNotCapable) {
  const int src = Dir(AllExcept({Own(CAP_LINKAT_SOURCE)}));
  const int dst = DirAt(other_, Rights({CAP_LINKAT_TARGET}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(linkat(src, "file", dst, "hard", 0));
  EXPECT_FALSE(PathExists(InOther("hard")));
}

TEST_F(RightsLinkat, LinkatWithoutTargetIsNotCapable) {
  const int src = Dir(Rights({CAP_LINKAT_SOURCE}));
  const int dst = DirAt(other_, AllExcept({Own(CAP_LINKAT_TARGET)}));
  ASSERT_OK(src);
  ASSERT_OK(dst);
  EXPECT_NOTCAPABLE(linkat(src, "file", dst, "hard", 0));
  EXPECT_FALSE(PathExists(InOther("hard")));
}

TEST_F(RightsLinkat, LinkatOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_LINKAT_SOURCE, CAP_LINKAT_TARGET}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(linkat(dir, "../outside", dir, "stolen", 0));
  EXPECT_NOTCAPABLE(linkat(dir, outside_.c_str(), dir, "stolen", 0));
  EXPECT_NOTCAPABLE(linkat(dir, "file", dir, "../escaped", 0));
  EXPECT_NOTCAPABLE(linkat(dir, "file", dir, scratch_.Path("escaped").c_str(), 0));
  EXPECT_FALSE(PathExists(In("stolen")));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped")));
  EXPECT_EQ(1u, Lstat(outside_).st_nlink);
  EXPECT_EQ(1u, Lstat(In("file")).st_nlink);
}

TEST_F(RightsSymlinkat, SymlinkatWithSymlinkatSucceeds) {
  const int dir = Dir(Rights({CAP_SYMLINKAT}));
  ASSERT_OK(dir);
  ASSERT_OK(symlinkat("file", dir, "sl"));
  char buf[16] = {};
  EXPECT_EQ(4, readlink(In("sl").c_str(), buf, sizeof(buf)));
  EXPECT_EQ("file", std::string(buf, 4));
}

TEST_F(RightsSymlinkat, SymlinkatWithoutSymlinkatIsNotCapable) {
  const int dir = Dir(AllExcept({Own(CAP_SYMLINKAT)}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(symlinkat("file", dir, "sl"));
  EXPECT_FALSE(PathExists(In("sl")));
}

TEST_F(RightsSymlinkat, SymlinkatOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_SYMLINKAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(symlinkat("file", dir, "../escaped"));
  EXPECT_NOTCAPABLE(symlinkat("file", dir, scratch_.Path("escaped").c_str()));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped")));
}

TEST_F(RightsMkfifoat, MkfifoatWithMkfifoatSucceeds) {
  const int dir = Dir(Rights({CAP_MKFIFOAT}));
  ASSERT_OK(dir);
  ASSERT_OK(mkfifoat(dir, "fifo", 0644));
  EXPECT_TRUE(S_ISFIFO(Lstat(In("fifo")).st_mode));
  ASSERT_OK(mknodat(dir, "fifo2", S_IFIFO | 0644, 0));
  EXPECT_TRUE(S_ISFIFO(Lstat(In("fifo2")).st_mode));
}

TEST_F(RightsMkfifoat, MkfifoatWithoutMkfifoatIsNotCapable) {
  const int dir = Dir(AllExcept({Own(CAP_MKFIFOAT)}));  // still MKNODAT and CREATE
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(mkfifoat(dir, "fifo", 0644));
  EXPECT_NOTCAPABLE(mknodat(dir, "fifo2", S_IFIFO | 0644, 0));
  EXPECT_FALSE(PathExists(In("fifo")));
  EXPECT_FALSE(PathExists(In("fifo2")));
}

TEST_F(RightsMkfifoat, MkfifoatOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_MKFIFOAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(mkfifoat(dir, "../escaped", 0644));
  EXPECT_NOTCAPABLE(mkfifoat(dir, scratch_.Path("escaped2").c_str(), 0644));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped")));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped2")));
}

TEST_F(RightsMknodat, MknodatRegularWithMknodatSucceeds) {
  const int dir = Dir(Rights({CAP_MKNODAT}));
  ASSERT_OK(dir);
  ASSERT_OK(mknodat(dir, "node", S_IFREG | 0644, 0));
  const struct stat st = Lstat(In("node"));
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(0, st.st_size);
}

TEST_F(RightsMknodat, MknodatRegularWithoutMknodatIsNotCapable) {
  const int dir = Dir(AllExcept({Own(CAP_MKNODAT)}));  // still MKFIFOAT and CREATE
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(mknodat(dir, "node", S_IFREG | 0644, 0));
  EXPECT_FALSE(PathExists(In("node")));
}

TEST_F(RightsMknodat, MknodatOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_MKNODAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(mknodat(dir, "../escaped", S_IFREG | 0644, 0));
  EXPECT_NOTCAPABLE(mknodat(dir, scratch_.Path("escaped2").c_str(), S_IFREG | 0644, 0));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped")));
  EXPECT_FALSE(PathExists(scratch_.Path("escaped2")));
}

TEST_F(RightsReadlinkat, ReadlinkatWithLookupSucceeds) {
  const int dir = Dir(Rights({CAP_LOOKUP}));
  ASSERT_OK(dir);
  char buf[16] = {};
  EXPECT_EQ(4, readlinkat(dir, "link", buf, sizeof(buf)));
  EXPECT_EQ("file", std::string(buf, 4));
}

TEST_F(RightsReadlinkat, ReadlinkatWithoutLookupIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_LOOKUP}));
  ASSERT_OK(dir);
  char buf[16] = {};
  EXPECT_NOTCAPABLE(readlinkat(dir, "link", buf, sizeof(buf)));
  EXPECT_EQ(0, buf[0]);
}

TEST_F(RightsReadlinkat, ReadlinkatOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_LOOKUP}));
  ASSERT_OK(dir);
  char buf[64] = {};
  EXPECT_NOTCAPABLE(readlinkat(dir, "../outlink", buf, sizeof(buf)));
  EXPECT_NOTCAPABLE(readlinkat(dir, scratch_.Path("outlink").c_str(), buf, sizeof(buf)));
  EXPECT_EQ(0, buf[0]);
}

TEST_F(RightsFaccessat, FaccessatWithFstatatSucceeds) {
  const int dir = Dir(Rights({CAP_FSTATAT}));
  ASSERT_OK(dir);
  EXPECT_OK(faccessat(dir, "file", R_OK | W_OK, 0));
  EXPECT_OK(syscall(SYS_faccessat, dir, "file", F_OK));
  EXPECT_OK(syscall(SYS_faccessat2, dir, "file", R_OK, AT_EACCESS));
  EXPECT_SYSCALL_FAIL(ENOENT, faccessat(dir, "missing", F_OK, 0));
}

TEST_F(RightsFaccessat, FaccessatWithoutFstatIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_FSTAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(syscall(SYS_faccessat, dir, "file", F_OK));
  EXPECT_NOTCAPABLE(syscall(SYS_faccessat2, dir, "file", R_OK, 0));
  // Refused before the lookup: a missing name is not told from an existing one.
  EXPECT_NOTCAPABLE(syscall(SYS_faccessat, dir, "missing", F_OK));
}

TEST_F(RightsFaccessat, FaccessatOutsideFromLimitedDirfdIsNotCapable) {
  const int dir = Dir(Rights({CAP_FSTATAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(syscall(SYS_faccessat, dir, "../outside", F_OK));
  EXPECT_NOTCAPABLE(syscall(SYS_faccessat, dir, outside_.c_str(), F_OK));
  EXPECT_NOTCAPABLE(syscall(SYS_faccessat2, dir, "../outside", F_OK, 0));
}

// ===================================================================================
// fanotify_mark(fanfd, FAN_MARK_ADD, mask, dirfd, NULL): CAP_NOTIFY on dirfd (hook:
// path_notify, with the syscall's dirfd).  Needs CAP_SYS_ADMIN: the guest runs as root.
// Whether a mark exists is checked with FAN_MARK_REMOVE by path (ENOENT: none), so no event
// has to be read (reading one would make the kernel open an event descriptor).
// ===================================================================================

class RightsNotifyTest : public RightsOpsTest {
 protected:
  void SetUp() override {
    RightsOpsTest::SetUp();
    fan_ = Keep(fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY));
    ASSERT_OK(fan_);
  }
  // FAN_MARK_REMOVE of the FAN_OPEN mark on root/ by path: 0 if there was one.
  int RemoveMarkByPath() {
    return fanotify_mark(fan_, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, root_.c_str());
  }
  int fan_ = -1;
};
using RightsFanotify = RightsNotifyTest;

TEST_F(RightsFanotify, MarkWithNotifySucceeds) {
  const int dir = Dir(Rights({CAP_NOTIFY}));
  ASSERT_OK(dir);
  ASSERT_OK(fanotify_mark(fan_, FAN_MARK_ADD, FAN_OPEN, dir, nullptr));
  EXPECT_OK(RemoveMarkByPath());
}

TEST_F(RightsFanotify, MarkWithoutNotifyIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_NOTIFY}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(fanotify_mark(fan_, FAN_MARK_ADD, FAN_OPEN, dir, nullptr));
  // ENOENT: there is no mark, a refused fanotify_mark added none.
  EXPECT_SYSCALL_FAIL(ENOENT, RemoveMarkByPath());
}

TEST_F(RightsFanotify, MarkRelativeNameWithoutNotifyIsNotCapable) {
  const int dir = Dir(AllExcept({CAP_NOTIFY}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(fanotify_mark(fan_, FAN_MARK_ADD, FAN_OPEN, dir, "sub"));
  EXPECT_SYSCALL_FAIL(ENOENT,
                      fanotify_mark(fan_, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, In("sub").c_str()));
}

// ===================================================================================
// Controls: descriptors that were never limited hold every right, and every call above
// behaves as without the module (including absolute paths and ".." from a dirfd).
// ===================================================================================

TEST_F(OpsControl, FileMetadataOnUnlimitedDescriptor) {
  const int fd = Keep(open(file_.c_str(), O_RDWR | O_CLOEXEC));
  ASSERT_OK(fd);
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  struct stat st = {};
  EXPECT_OK(syscall(SYS_fstat, fd, &st));
  EXPECT_EQ(10, st.st_size);
  EXPECT_OK(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
  struct statx stx = {};
  EXPECT_OK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_SIZE, &stx));
  struct statfs sfs;
  EXPECT_OK(fstatfs(fd, &sfs));
  EXPECT_OK(fchmod(fd, 0640));
  EXPECT_EQ(0640u, Lstat(file_).st_mode & 07777);
  EXPECT_OK(fchown(fd, -1, -1));
  EXPECT_OK(fchown(fd, 1234, 1234));
  EXPECT_OK(futimens(fd, kTimes));
  EXPECT_EQ(1200000000, Lstat(file_).st_mtim.tv_sec);
  EXPECT_OK(ftruncate(fd, 4));
  EXPECT_OK(fallocate(fd, 0, 0, 4096));
  EXPECT_EQ(4096, Lstat(file_).st_size);
  ASSERT_OK(setxattr(file_.c_str(), kXattr, "v1", 2, 0));
  char buf[64];
  EXPECT_EQ(2, fgetxattr(fd, kXattr, buf, sizeof(buf)));
  EXPECT_OK(fsetxattr(fd, kXattrNew, "n", 1, 0));
  EXPECT_LT(0, flistxattr(fd, buf, sizeof(buf)));
  EXPECT_OK(fremovexattr(fd, kXattrNew));
}

TEST_F(OpsControl, LocksFcntlIoctlOnUnlimitedDescriptor) {
  const int fd = Keep(open(file_.c_str(), O_RDWR | O_CLOEXEC));
  ASSERT_OK(fd);
  EXPECT_OK(flock(fd, LOCK_EX));
  EXPECT_OK(flock(fd, LOCK_UN));
  struct flock fl = WriteLock();
  EXPECT_OK(fcntl(fd, F_SETLK, &fl));
  fl = WriteLock();
  EXPECT_OK(fcntl(fd, F_GETLK, &fl));
  fl = WriteLock(F_UNLCK);
  EXPECT_OK(fcntl(fd, F_SETLK, &fl));
  fl = WriteLock();
  EXPECT_OK(fcntl(fd, F_OFD_SETLK, &fl));
  EXPECT_EQ(O_RDWR, fcntl(fd, F_GETFL) & O_ACCMODE);
  EXPECT_OK(fcntl(fd, F_SETFL, O_APPEND));
  EXPECT_TRUE(fcntl(fd, F_GETFL) & O_APPEND);
  EXPECT_OK(fcntl(fd, F_SETOWN, getpid()));
  EXPECT_EQ(getpid(), fcntl(fd, F_GETOWN));
  EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD));
  EXPECT_OK(Keep(fcntl(fd, F_DUPFD_CLOEXEC, 0)));
  int n = -1;
  EXPECT_OK(ioctl(fd, FIONREAD, &n));
  EXPECT_EQ(10, n);
  EXPECT_OK(ioctl(fd, FIONCLEX));
  EXPECT_OK(ioctl(fd, FIOCLEX));
  int r, w;
  PipeWith("abc", &r, &w);
  EXPECT_LT(0, fcntl(r, F_GETPIPE_SZ));
  EXPECT_OK(ioctl(r, FIONREAD, &n));
  EXPECT_EQ(3, n);
  int on = 1;
  EXPECT_OK(ioctl(r, FIONBIO, &on));
}

TEST_F(OpsControl, MmapOnUnlimitedDescriptor) {
  const int fd = Keep(open(file_.c_str(), O_RDWR | O_CLOEXEC));
  ASSERT_OK(fd);
  EXPECT_OK(KeepMap(Mmap(4096, PROT_NONE, MAP_PRIVATE, fd), 4096));
  EXPECT_OK(KeepMap(Mmap(4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd), 4096));
  const long p = KeepMap(Mmap(4096, PROT_READ, MAP_SHARED, fd), 4096);
  ASSERT_OK(p);
  EXPECT_OK(mprotect(Ptr(p), 4096, PROT_READ | PROT_WRITE));
  static_cast<char*>(Ptr(p))[0] = 'Z';
  EXPECT_OK(mprotect(Ptr(p), 4096, PROT_READ | PROT_EXEC));
  UnmapNow(p);
  EXPECT_EQ("Z123456789", ReadFile(file_));
}

TEST_F(OpsControl, SocketsOnUnlimitedDescriptors) {
  const int l = UnixSocket(SOCK_STREAM);
  ASSERT_OK(l);
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(l));
  ASSERT_OK(BindUnix(l, scratch_.Path("sock")));
  ASSERT_OK(listen(l, 4));
  const int c = UnixSocket(SOCK_STREAM);
  ASSERT_OK(c);
  ASSERT_OK(ConnectUnix(c, scratch_.Path("sock")));
  const int a = Keep(accept4(l, nullptr, nullptr, SOCK_CLOEXEC));
  ASSERT_OK(a);
  sockaddr_un addr;
  socklen_t len = sizeof(addr);
  EXPECT_OK(getsockname(l, reinterpret_cast<sockaddr*>(&addr), &len));
  len = sizeof(addr);
  EXPECT_OK(getpeername(c, reinterpret_cast<sockaddr*>(&addr), &len));
  int v = 1;
  socklen_t vlen = sizeof(v);
  EXPECT_OK(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v)));
  EXPECT_OK(getsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &v, &vlen));
  EXPECT_EQ(2, send(c, "ab", 2, 0));
  EXPECT_EQ(1, write(c, "c", 1));
  char buf[8] = {};
  EXPECT_EQ(1, recv(a, buf, 1, 0));
  EXPECT_EQ(2, read(a, buf, 2));
  EXPECT_OK(shutdown(c, SHUT_WR));
  EXPECT_EQ(0, recv(a, buf, 1, 0));
  // An unconnected datagram socket with an address.
  const int r = UnixSocket(SOCK_DGRAM);
  ASSERT_OK(r);
  ASSERT_OK(BindUnix(r, scratch_.Path("dgram")));
  const int s = UnixSocket(SOCK_DGRAM);
  ASSERT_OK(s);
  socklen_t to_len;
  const sockaddr_un to = UnixAddr(scratch_.Path("dgram"), &to_len);
  EXPECT_EQ(3, sendto(s, "xyz", 3, 0, reinterpret_cast<const sockaddr*>(&to), to_len));
  EXPECT_EQ("xyz", RecvNow(r));
  // TCP on the loopback.
  uint16_t port;
  const int tl = InetListener(&port);
  ASSERT_OK(tl);
  const int tc = InetSocket(SOCK_STREAM);
  ASSERT_OK(tc);
  EXPECT_OK(ConnectInet(tc, port));
  EXPECT_TRUE(WaitPending(tl));
  EXPECT_OK(Keep(accept4(tl, nullptr, nullptr, SOCK_CLOEXEC)));
}

TEST_F(OpsControl, DirfdCallsOnUnlimitedDirfd) {
  const int dir = DirUnlimited(root_);
  const int oth = DirUnlimited(other_);
  ASSERT_OK(dir);
  ASSERT_OK(oth);
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(dir));
  struct stat st;
  EXPECT_OK(fstatat(dir, "file", &st, 0));
  EXPECT_OK(fstatat(dir, "../outside", &st, 0));      // ".." out: allowed when unlimited
  EXPECT_OK(fstatat(dir, outside_.c_str(), &st, 0));  // absolute: likewise
  EXPECT_OK(faccessat(dir, "../outside", R_OK, 0));
  EXPECT_OK(fchmodat(dir, "../outside", 0600, 0));
  EXPECT_OK(fchownat(dir, "../outside", 1234, 1234, 0));
  EXPECT_OK(utimensat(dir, "../outside", kTimes, 0));
  EXPECT_OK(mkdirat(dir, "../made-dir", 0755));
  EXPECT_OK(unlinkat(dir, "../made-dir", AT_REMOVEDIR));
  EXPECT_OK(mkfifoat(dir, "fifo", 0644));
  EXPECT_OK(mknodat(dir, "node", S_IFREG | 0644, 0));
  EXPECT_OK(symlinkat("file", dir, "sl"));
  char buf[64];
  EXPECT_EQ(4, readlinkat(dir, "sl", buf, sizeof(buf)));
  EXPECT_LT(0, readlinkat(dir, "../outlink", buf, sizeof(buf)));
  EXPECT_OK(linkat(dir, "file", oth, "hard", 0));
  EXPECT_OK(renameat(dir, "node", oth, "node-moved"));
  EXPECT_OK(renameat(oth, "node-moved", dir, "../node-out"));
  EXPECT_OK(unlinkat(dir, "../node-out", 0));
  EXPECT_OK(unlinkat(oth, "hard", 0));
  char want[PATH_MAX];
  ASSERT_NE(nullptr, realpath(root_.c_str(), want));
  RunInChild([&] {
    ASSERT_OK(fchdir(dir));
    char cwd[PATH_MAX];
    ASSERT_NE(nullptr, getcwd(cwd, sizeof(cwd)));
    EXPECT_STREQ(want, cwd);
  });
  const int fan = Keep(fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY));
  ASSERT_OK(fan);
  EXPECT_OK(fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, dir, nullptr));
}

}  // namespace
}  // namespace capsicum_e2e
