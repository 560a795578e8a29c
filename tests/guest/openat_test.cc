// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: openat/openat2 from a directory descriptor: CAP_LOOKUP, staying beneath, flag
// rights.
//
// The tree every test starts from:
//   <scratch>/outside          "outside"     (never reachable from root/)
//   <scratch>/root/            the directory descriptor's directory
//   <scratch>/root/file        "inside"
//   <scratch>/root/sub/inner   "inner"
//   <scratch>/root/sub/up_to_file -> ../file          (stays beneath)
//   <scratch>/root/in_link     -> file                (stays beneath)
//   <scratch>/root/up_link     -> ../outside          (climbs out)
//   <scratch>/root/abs_link    -> <scratch>/outside   (absolute)
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <vector>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

class OpenatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = scratch_.Path("root");
    WriteFile(scratch_.Path("outside"), "outside");
    ASSERT_OK(mkdir(root_.c_str(), 0755));
    ASSERT_OK(mkdir((root_ + "/sub").c_str(), 0755));
    WriteFile(root_ + "/file", "inside");
    WriteFile(root_ + "/sub/inner", "inner");
    ASSERT_OK(symlink("../file", (root_ + "/sub/up_to_file").c_str()));
    ASSERT_OK(symlink("file", (root_ + "/in_link").c_str()));
    ASSERT_OK(symlink("../outside", (root_ + "/up_link").c_str()));
    ASSERT_OK(symlink(scratch_.Path("outside").c_str(), (root_ + "/abs_link").c_str()));
  }

  void TearDown() override {
    for (const int fd : dirs_) close(fd);
  }

  // A new open of root/, limited to `rights`; closed at TearDown.
  int OpenRoot(const cap_rights_t& rights) {
    return Keep(OpenLimited(root_, O_RDONLY | O_DIRECTORY, rights));
  }
  int OpenRootUnlimited() { return Keep(open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); }

  ScratchDir scratch_;
  std::string root_;

 private:
  int Keep(int fd) {
    if (fd >= 0) dirs_.push_back(fd);
    return fd;
  }
  std::vector<int> dirs_;
};

// Reads what is left of `fd` and closes it.
std::string ReadAllAndClose(int fd) {
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) out.append(buf, n);
  if (n < 0) ADD_FAILURE() << "read: " << DescribeErrno(errno);
  close(fd);
  return out;
}

long Openat2(int dirfd, const char* path, int flags) {
  struct open_how how = {};
  how.flags = static_cast<uint64_t>(flags) | O_CLOEXEC;
  return syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

using OpenatCapMode = OpenatTest;
using OpenatRights = OpenatTest;
using OpenatControl = OpenatTest;

constexpr int kRd = O_RDONLY | O_CLOEXEC;

// --- in capability mode: relative lookups beneath a CAP_LOOKUP dirfd ---

TEST_F(OpenatCapMode, RelativePathWithLookupAndReadSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ}));
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, "file", kRd);
    ASSERT_OK(fd);
    EXPECT_EQ("inside", ReadAllAndClose(fd));
    const int inner = openat(dir, "sub/inner", kRd);
    ASSERT_OK(inner);
    EXPECT_EQ("inner", ReadAllAndClose(inner));
  });
}

TEST_F(OpenatCapMode, DirfdWithoutLookupIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_READ, CAP_FSTAT, CAP_SEEK}));
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "file", kRd));
  });
}

TEST_F(OpenatCapMode, UnlimitedDirfdSucceedsAndGivesAllRights) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, "file", O_RDWR | O_CLOEXEC);
    ASSERT_OK(fd);
    EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
    EXPECT_EQ("inside", ReadAllAndClose(fd));
  });
}

TEST_F(OpenatCapMode, OpenedFileInheritsTheDirfdsRights) {
  const cap_rights_t rights = Rights({CAP_LOOKUP, CAP_READ, CAP_SEEK, CAP_FSTAT});
  const int dir = OpenRoot(rights);
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, "file", kRd);
    ASSERT_OK(fd);
    EXPECT_RIGHTS_EQ(rights, GetRights(fd));
    const int sub = openat(dir, "sub", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_OK(sub);
    EXPECT_RIGHTS_EQ(rights, GetRights(sub));
    // ... and passes them on again.
    const int inner = openat(sub, "inner", kRd);
    ASSERT_OK(inner);
    EXPECT_RIGHTS_EQ(rights, GetRights(inner));
    EXPECT_EQ("inner", ReadAllAndClose(inner));
    close(fd);
    close(sub);
  });
}

TEST_F(OpenatCapMode, AbsolutePathIsNotCapable) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  const std::string outside = scratch_.Path("outside");
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, outside.c_str(), kRd));
    EXPECT_NOTCAPABLE(openat(dir, "/etc/passwd", kRd));
  });
}

// Absolute is refused as such, even when it names a file beneath the dirfd.
TEST_F(OpenatCapMode, AbsolutePathBeneathTheDirfdIsNotCapable) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  const std::string inside = root_ + "/file";
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, inside.c_str(), kRd));
  });
}

TEST_F(OpenatCapMode, DotDotAboveTheDirfdIsNotCapable) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "../outside", kRd));
    EXPECT_NOTCAPABLE(openat(dir, "sub/../../outside", kRd));
    EXPECT_NOTCAPABLE(openat(dir, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  });
}

TEST_F(OpenatCapMode, DotDotStayingBeneathSucceeds) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, "sub/../file", kRd);
    ASSERT_OK(fd);
    EXPECT_EQ("inside", ReadAllAndClose(fd));
  });
}

TEST_F(OpenatCapMode, DotIsTheDirfdItselfAndSucceeds) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_OK(fd);
    close(fd);
  });
}

TEST_F(OpenatCapMode, SymlinkToAnAbsolutePathIsNotCapable) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "abs_link", kRd));
  });
}

TEST_F(OpenatCapMode, SymlinkClimbingAboveTheDirfdIsNotCapable) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "up_link", kRd));
  });
}

TEST_F(OpenatCapMode, SymlinkStayingBeneathSucceeds) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    int fd = openat(dir, "in_link", kRd);
    ASSERT_OK(fd);
    EXPECT_EQ("inside", ReadAllAndClose(fd));
    fd = openat(dir, "sub/up_to_file", kRd);
    ASSERT_OK(fd);
    EXPECT_EQ("inside", ReadAllAndClose(fd));
  });
}

TEST_F(OpenatCapMode, ReadOnlyOpenWithoutReadIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "file", kRd));
  });
}

TEST_F(OpenatCapMode, CreateWithCreateSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_CREATE}));
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, "made", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    ASSERT_OK(fd);
    EXPECT_EQ(4, write(fd, "made", 4));
    close(fd);
  });
  EXPECT_EQ("made", ReadFile(root_ + "/made"));
}

TEST_F(OpenatCapMode, CreateWithoutCreateIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "made", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  });
}

TEST_F(OpenatCapMode, Openat2RelativeSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ}));
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const long fd = Openat2(dir, "sub/inner", O_RDONLY);
    ASSERT_OK(fd);
    EXPECT_EQ("inner", ReadAllAndClose(static_cast<int>(fd)));
  });
}

TEST_F(OpenatCapMode, Openat2LeavingTheDirfdIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ}));
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(Openat2(dir, "../outside", O_RDONLY));
    EXPECT_NOTCAPABLE(Openat2(dir, "abs_link", O_RDONLY));
  });
}

TEST_F(OpenatCapMode, Openat2AtFdcwdIsCapmode) {
  RunInChild([&] {
    ASSERT_OK(chdir(root_.c_str()));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(Openat2(AT_FDCWD, "file", O_RDONLY));
  });
}

// --- outside capability mode: the rights a limited dirfd must hold ---

TEST_F(OpenatRights, DirfdWithoutLookupIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_READ, CAP_WRITE, CAP_SEEK, CAP_FSTAT}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", kRd));
}

TEST_F(OpenatRights, OpenedFileInheritsTheDirfdsRights) {
  const cap_rights_t rights = Rights({CAP_LOOKUP, CAP_READ, CAP_FSTAT});
  const int dir = OpenRoot(rights);
  ASSERT_OK(dir);
  const int fd = openat(dir, "file", kRd);
  ASSERT_OK(fd);
  EXPECT_RIGHTS_EQ(rights, GetRights(fd));
  char buf[2];
  EXPECT_NOTCAPABLE(pread(fd, buf, 2, 0));  // no CAP_SEEK to inherit
  close(fd);
}

TEST_F(OpenatRights, ReadOnlyWithReadSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ}));
  ASSERT_OK(dir);
  const int fd = openat(dir, "file", kRd);
  ASSERT_OK(fd);
  EXPECT_EQ("inside", ReadAllAndClose(fd));
}

TEST_F(OpenatRights, ReadOnlyWithoutReadIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", kRd));
}

// O_APPEND keeps the allowed cases free of CAP_SEEK, which O_WRONLY and
// O_RDWR without O_APPEND or O_TRUNC also need (see WriteOnlyWithoutSeek).
TEST_F(OpenatRights, WriteOnlyWithWriteSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE}));
  ASSERT_OK(dir);
  const int fd = openat(dir, "file", O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_OK(fd);
  EXPECT_EQ(1, write(fd, "!", 1));
  close(fd);
  EXPECT_EQ("inside!", ReadFile(root_ + "/file"));
}

TEST_F(OpenatRights, WriteOnlyWithWriteAndSeekSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  const int fd = openat(dir, "file", O_WRONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  EXPECT_EQ(1, write(fd, "I", 1));
  close(fd);
  EXPECT_EQ("Inside", ReadFile(root_ + "/file"));
}

TEST_F(OpenatRights, WriteOnlyWithoutWriteIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", O_WRONLY | O_APPEND | O_CLOEXEC));
  EXPECT_NOTCAPABLE(openat(dir, "file", O_WRONLY | O_CLOEXEC));
}

// Writing at the file position of a fresh descriptor implies seeking it:
// O_WRONLY without O_APPEND or O_TRUNC asks for CAP_SEEK too (FreeBSD).
TEST_F(OpenatRights, WriteOnlyWithoutSeekIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", O_WRONLY | O_CLOEXEC));
}

TEST_F(OpenatRights, ReadWriteWithReadAndWriteSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ, CAP_WRITE}));
  ASSERT_OK(dir);
  const int fd = openat(dir, "file", O_RDWR | O_APPEND | O_CLOEXEC);
  ASSERT_OK(fd);
  EXPECT_EQ(1, write(fd, "!", 1));
  close(fd);
  EXPECT_EQ("inside!", ReadFile(root_ + "/file"));
}

TEST_F(OpenatRights, ReadWriteWithoutWriteIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", O_RDWR | O_APPEND | O_CLOEXEC));
}

TEST_F(OpenatRights, ReadWriteWithoutReadIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", O_RDWR | O_APPEND | O_CLOEXEC));
}

TEST_F(OpenatRights, CreateWithCreateSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_CREATE}));
  ASSERT_OK(dir);
  const int fd = openat(dir, "made", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  ASSERT_OK(fd);
  close(fd);
  EXPECT_TRUE(PathExists(root_ + "/made"));
}

TEST_F(OpenatRights, CreateWithoutCreateIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "made", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  // O_CREAT asks for CAP_CREATE even when the name already exists.
  EXPECT_NOTCAPABLE(openat(dir, "file", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
}

TEST_F(OpenatRights, TruncateWithFtruncateSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_FTRUNCATE}));
  ASSERT_OK(dir);
  const int fd = openat(dir, "file", O_WRONLY | O_TRUNC | O_CLOEXEC);
  ASSERT_OK(fd);
  close(fd);
  EXPECT_EQ("", ReadFile(root_ + "/file"));
}

TEST_F(OpenatRights, TruncateWithoutFtruncateIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", O_WRONLY | O_TRUNC | O_CLOEXEC));
  EXPECT_EQ("inside", ReadFile(root_ + "/file")) << "a refused O_TRUNC truncated";
}

TEST_F(OpenatRights, SyncWithFsyncSucceeds) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_FSYNC}));
  ASSERT_OK(dir);
  int fd = openat(dir, "file", O_WRONLY | O_APPEND | O_SYNC | O_CLOEXEC);
  ASSERT_OK(fd);
  close(fd);
  fd = openat(dir, "file", O_WRONLY | O_APPEND | O_DSYNC | O_CLOEXEC);
  ASSERT_OK(fd);
  close(fd);
}

TEST_F(OpenatRights, SyncWithoutFsyncIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "file", O_WRONLY | O_APPEND | O_SYNC | O_CLOEXEC));
  EXPECT_NOTCAPABLE(openat(dir, "file", O_WRONLY | O_APPEND | O_DSYNC | O_CLOEXEC));
}

// --- control: outside capability mode an unlimited dirfd is plain openat ---

TEST_F(OpenatControl, UnlimitedDirfdBehavesAsWithoutTheModule) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  const std::string outside = scratch_.Path("outside");
  int fd = openat(dir, "../outside", kRd);
  ASSERT_OK(fd);
  EXPECT_EQ("outside", ReadAllAndClose(fd));
  fd = openat(dir, outside.c_str(), kRd);
  ASSERT_OK(fd);
  EXPECT_EQ("outside", ReadAllAndClose(fd));
  fd = openat(dir, "abs_link", kRd);
  ASSERT_OK(fd);
  EXPECT_EQ("outside", ReadAllAndClose(fd));
  fd = openat(dir, "up_link", kRd);
  ASSERT_OK(fd);
  EXPECT_EQ("outside", ReadAllAndClose(fd));
  fd = openat(AT_FDCWD, (root_ + "/file").c_str(), kRd);
  ASSERT_OK(fd);
  EXPECT_EQ("inside", ReadAllAndClose(fd));
  fd = openat(dir, "made", O_RDWR | O_CREAT | O_TRUNC | O_SYNC | O_CLOEXEC, 0644);
  ASSERT_OK(fd);
  EXPECT_RIGHTS_EQ(AllRights(), GetRights(fd));
  close(fd);
}

// --- DOCUMENTED DIVERGENCES FROM FREEBSD (ABI 1, looser) ---
// --- every step of the walk stays beneath (FreeBSD's lookup tracker) ---
//
// The module checks each directory a walk searches (lsm/inode_permission
// with current->nameidata), not only where the walk ends: a ".." that
// leaves the directory descriptor is refused even when a later name comes
// back, so nothing about names outside can be learnt.

TEST_F(OpenatCapMode, DotDotLeavingAndComingBackIsNotCapable) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "../root/file", kRd));
  });
}

// ENOTCAPABLE whether or not the name outside exists: no probing.
TEST_F(OpenatCapMode, ProbingANameOutsideIsNotCapableWhetherItExistsOrNot) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "../no-such-name/../root/file", kRd));
    EXPECT_NOTCAPABLE(openat(dir, "../outside", kRd));
    EXPECT_NOTCAPABLE(openat(dir, "../no-such-name", kRd));
    struct stat st;
    EXPECT_NOTCAPABLE(fstatat(dir, "../no-such-name/x", &st, 0));
    EXPECT_NOTCAPABLE(fstatat(dir, "../root/file", &st, 0));
  });
}

TEST_F(OpenatCapMode, SymlinkLeavingAndComingBackIsNotCapable) {
  ASSERT_OK(symlink("../../root/file", (root_ + "/sub/round_trip").c_str()));
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "sub/round_trip", kRd));
  });
}

TEST_F(OpenatCapMode, DotDotThroughSubdirectoriesStayingBeneathSucceeds) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, "sub/../sub/./../sub/inner", kRd);
    ASSERT_OK(fd);
    EXPECT_EQ("inner", ReadAllAndClose(fd));
  });
}

// The refusal comes before the file system changes.
TEST_F(OpenatCapMode, MkdiratLeavingAndComingBackIsNotCapableAndMakesNothing) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(mkdirat(dir, "../root/made", 0755));
  });
  EXPECT_FALSE(PathExists(root_ + "/made"));
}

// A mount point beneath the directory descriptor is beneath it: the check
// follows mounts (path_is_under()), not only one file system's dentries.
TEST_F(OpenatCapMode, WalkAcrossAMountBeneathTheDirfdSucceeds) {
  const std::string mnt = root_ + "/mnt";
  ASSERT_OK(mkdir(mnt.c_str(), 0755));
  ASSERT_OK(mount("capsicum-e2e", mnt.c_str(), "tmpfs", 0, nullptr));
  WriteFile(mnt + "/in_mount", "mounted");
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    int fd = openat(dir, "mnt/in_mount", kRd);
    ASSERT_OK(fd);
    EXPECT_EQ("mounted", ReadAllAndClose(fd));
    fd = openat(dir, "mnt/../sub/inner", kRd);
    ASSERT_OK(fd);
    EXPECT_EQ("inner", ReadAllAndClose(fd));
  });
  EXPECT_OK(umount(mnt.c_str()));
}

// Outside capability mode a limited directory descriptor confines its
// lookups the same way; an unlimited one does not (see OpenatControl).
TEST_F(OpenatRights, DotDotLeavingAndComingBackIsNotCapable) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_READ}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "../root/file", kRd));
  EXPECT_NOTCAPABLE(openat(dir, "../no-such-name/../root/file", kRd));
}

TEST_F(OpenatControl, DotDotLeavingAndComingBackThroughAnUnlimitedDirfdSucceeds) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  const int fd = openat(dir, "../root/file", kRd);
  ASSERT_OK(fd);
  EXPECT_EQ("inside", ReadAllAndClose(fd));
  EXPECT_SYSCALL_FAIL(ENOENT, openat(dir, "../no-such-name/../root/file", kRd));
}

// An O_CREAT refused for want of CAP_CREATE must leave nothing behind:
// FreeBSD checks before the file system changes, and so does the module
// (lsm/path_mknod runs before the name is made).
TEST_F(OpenatRights, RefusedCreateLeavesNoFile) {
  const int dir = OpenRoot(Rights({CAP_LOOKUP, CAP_WRITE, CAP_SEEK}));
  ASSERT_OK(dir);
  EXPECT_NOTCAPABLE(openat(dir, "made", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  EXPECT_FALSE(PathExists(root_ + "/made"));
}

// Likewise in capability mode, for a name that would land outside.
TEST_F(OpenatCapMode, RefusedCreateOutsideLeavesNoFile) {
  const int dir = OpenRootUnlimited();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_NOTCAPABLE(openat(dir, "../made-outside", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  });
  EXPECT_FALSE(PathExists(root_ + "/../made-outside"));
}

}  // namespace
}  // namespace capsicum_e2e
