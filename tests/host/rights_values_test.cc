// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: every right's value against CAPSICUM.md section 2, literally.

#include <gtest/gtest.h>
#include <limits.h>
#include <stdint.h>
#include <sys/capsicum.h>

#include <string_view>

#include "rights_table.h"

namespace {

constexpr uint64_t W0 = 1ULL << 57;  // word 0 index bit
constexpr uint64_t W1 = 1ULL << 58;  // word 1 index bit

struct Expected {
  std::string_view name;
  uint64_t value;
  uint64_t spec;
};

#define E(name, spec) \
  Expected { #name, name, spec }

// The numbers are CAPSICUM.md's, written out; composites are the unions it names.
constexpr Expected kSpec[] = {
    E(CAP_READ, W0 | 0x1),
    E(CAP_WRITE, W0 | 0x2),
    E(CAP_SEEK_TELL, W0 | 0x4),
    E(CAP_SEEK, W0 | 0x4 | 0x8),
    E(CAP_PREAD, W0 | 0xC | 0x1),
    E(CAP_PWRITE, W0 | 0xC | 0x2),
    E(CAP_MMAP, W0 | 0x10),
    E(CAP_MMAP_R, W0 | 0x10 | 0xC | 0x1),
    E(CAP_MMAP_W, W0 | 0x10 | 0xC | 0x2),
    E(CAP_MMAP_X, W0 | 0x10 | 0xC | 0x20),
    E(CAP_MMAP_RW, W0 | 0x1F),
    E(CAP_MMAP_RX, W0 | 0x3D),
    E(CAP_MMAP_WX, W0 | 0x3E),
    E(CAP_MMAP_RWX, W0 | 0x3F),
    E(CAP_CREATE, W0 | 0x40),
    E(CAP_FEXECVE, W0 | 0x80),
    E(CAP_FSYNC, W0 | 0x100),
    E(CAP_FTRUNCATE, W0 | 0x200),
    E(CAP_LOOKUP, W0 | 0x400),
    E(CAP_FCHDIR, W0 | 0x800),
    E(CAP_FCHFLAGS, W0 | 0x1000),
    E(CAP_CHFLAGSAT, W0 | 0x1000 | 0x400),
    E(CAP_FCHMOD, W0 | 0x2000),
    E(CAP_FCHMODAT, W0 | 0x2000 | 0x400),
    E(CAP_FCHOWN, W0 | 0x4000),
    E(CAP_FCHOWNAT, W0 | 0x4000 | 0x400),
    E(CAP_FCNTL, W0 | 0x8000),
    E(CAP_FLOCK, W0 | 0x10000),
    E(CAP_FPATHCONF, W0 | 0x20000),
    E(CAP_FSCK, W0 | 0x40000),
    E(CAP_FSTAT, W0 | 0x80000),
    E(CAP_FSTATAT, W0 | 0x80000 | 0x400),
    E(CAP_FSTATFS, W0 | 0x100000),
    E(CAP_FUTIMES, W0 | 0x200000),
    E(CAP_FUTIMESAT, W0 | 0x200000 | 0x400),
    E(CAP_LINKAT_TARGET, W0 | 0x400 | 0x400000),
    E(CAP_MKDIRAT, W0 | 0x400 | 0x800000),
    E(CAP_MKFIFOAT, W0 | 0x400 | 0x1000000),
    E(CAP_MKNODAT, W0 | 0x400 | 0x2000000),
    E(CAP_RENAMEAT_SOURCE, W0 | 0x400 | 0x4000000),
    E(CAP_SYMLINKAT, W0 | 0x400 | 0x8000000),
    E(CAP_UNLINKAT, W0 | 0x400 | 0x10000000),
    E(CAP_ACCEPT, W0 | 0x20000000),
    E(CAP_BIND, W0 | 0x40000000),
    E(CAP_CONNECT, W0 | 0x80000000),
    E(CAP_GETPEERNAME, W0 | 0x100000000),
    E(CAP_GETSOCKNAME, W0 | 0x200000000),
    E(CAP_GETSOCKOPT, W0 | 0x400000000),
    E(CAP_LISTEN, W0 | 0x800000000),
    E(CAP_PEELOFF, W0 | 0x1000000000),
    E(CAP_SETSOCKOPT, W0 | 0x2000000000),
    E(CAP_SHUTDOWN, W0 | 0x4000000000),
    E(CAP_BINDAT, W0 | 0x400 | 0x8000000000),
    E(CAP_CONNECTAT, W0 | 0x400 | 0x10000000000),
    E(CAP_LINKAT_SOURCE, W0 | 0x400 | 0x20000000000),
    E(CAP_RENAMEAT_TARGET, W0 | 0x400 | 0x40000000000),
    // CAP_CONNECT GETPEERNAME GETSOCKNAME GETSOCKOPT PEELOFF RECV SEND SETSOCKOPT SHUTDOWN
    E(CAP_SOCK_CLIENT, W0 | 0x80000000 | 0x100000000 | 0x200000000 | 0x400000000 | 0x1000000000 |
                           0x1 | 0x2 | 0x2000000000 | 0x4000000000),
    // CAP_ACCEPT BIND GETPEERNAME GETSOCKNAME GETSOCKOPT LISTEN PEELOFF RECV SEND SETSOCKOPT
    // SHUTDOWN
    E(CAP_SOCK_SERVER, W0 | 0x20000000 | 0x40000000 | 0x100000000 | 0x200000000 | 0x400000000 |
                           0x800000000 | 0x1000000000 | 0x1 | 0x2 | 0x2000000000 | 0x4000000000),
    E(CAP_MAC_GET, W1 | 0x1),
    E(CAP_MAC_SET, W1 | 0x2),
    E(CAP_SEM_GETVALUE, W1 | 0x4),
    E(CAP_SEM_POST, W1 | 0x8),
    E(CAP_SEM_WAIT, W1 | 0x10),
    E(CAP_EVENT, W1 | 0x20),
    E(CAP_KQUEUE_EVENT, W1 | 0x40),
    E(CAP_IOCTL, W1 | 0x80),
    E(CAP_TTYHOOK, W1 | 0x100),
    E(CAP_PDGETPID, W1 | 0x200),
    E(CAP_PDWAIT, W1 | 0x400),
    E(CAP_PDKILL, W1 | 0x800),
    E(CAP_EXTATTR_DELETE, W1 | 0x1000),
    E(CAP_EXTATTR_GET, W1 | 0x2000),
    E(CAP_EXTATTR_LIST, W1 | 0x4000),
    E(CAP_EXTATTR_SET, W1 | 0x8000),
    E(CAP_ACL_CHECK, W1 | 0x10000),
    E(CAP_ACL_DELETE, W1 | 0x20000),
    E(CAP_ACL_GET, W1 | 0x40000),
    E(CAP_ACL_SET, W1 | 0x80000),
    E(CAP_KQUEUE_CHANGE, W1 | 0x100000),
    E(CAP_KQUEUE, W1 | 0x40 | 0x100000),
    E(CAP_FSIGNAL, W1 | 0x200000),
    E(CAP_EPOLL_CTL, W1 | 0x400000),
    E(CAP_NOTIFY, W1 | 0x800000),
    E(CAP_SETNS, W1 | 0x1000000),
};

#undef E

TEST(RightsValues, EveryRightHasItsSpecValue) {
  for (const Expected& e : kSpec) {
    EXPECT_EQ(e.value, e.spec) << e.name;
  }
}

TEST(RightsValues, TableMatchesSpecOneToOne) {
  ASSERT_EQ(capsicum::AllRights().size(), std::size(kSpec));
  for (const Expected& e : kSpec) {
    const capsicum::RightInfo* r = capsicum::FindRight(e.name);
    ASSERT_NE(r, nullptr) << e.name;
    EXPECT_EQ(r->value, e.spec) << e.name;
  }
}

TEST(RightsValues, AliasesAndMarkers) {
  EXPECT_EQ(CAP_RECV, CAP_READ);
  EXPECT_EQ(CAP_SEND, CAP_WRITE);
  EXPECT_EQ(CAP_POLL_EVENT, CAP_EVENT);
  EXPECT_EQ(CAP_ALL0, W0 | 0x7FFFFFFFFFFULL);
  EXPECT_EQ(CAP_ALL1, W1 | 0x1FFFFFFULL);  // FreeBSD's 0x1FFFFF plus the four Linux rights
  EXPECT_EQ(CAP_UNUSED0_44, W0 | 0x80000000000ULL);
  EXPECT_EQ(CAP_UNUSED1_26, W1 | 0x2000000ULL);
}

TEST(RightsValues, EveryPrimitiveRightIsInAll) {
  for (const capsicum::RightInfo& r : capsicum::AllRights()) {
    const uint64_t all = capsicum::WordOf(r) == 0 ? CAP_ALL0 : CAP_ALL1;
    EXPECT_EQ(r.value & all, r.value) << r.name;
  }
}

TEST(RightsValues, LayoutMacros) {
  EXPECT_EQ(CAPRIGHT(0, 0x1ULL), W0 | 0x1);
  EXPECT_EQ(CAPRIGHT(1, 0x1ULL), W1 | 0x1);
  EXPECT_EQ(CAPIDXBIT(CAP_READ), 1);
  EXPECT_EQ(CAPIDXBIT(CAP_EVENT), 2);
  EXPECT_EQ(CAPRVER(CAP_READ), 0);
  EXPECT_EQ(CAP_RIGHTS_VERSION, CAP_RIGHTS_VERSION_00);
  EXPECT_EQ(sizeof(cap_rights_t), 16u);
}

TEST(RightsValues, ErrnosAndSubRights) {
  EXPECT_EQ(ECAPMODE, 134);
  EXPECT_EQ(ENOTCAPABLE, 135);
  EXPECT_EQ(CAP_FCNTL_GETFL, 0x8u);
  EXPECT_EQ(CAP_FCNTL_SETFL, 0x10u);
  EXPECT_EQ(CAP_FCNTL_GETOWN, 0x200u);
  EXPECT_EQ(CAP_FCNTL_SETOWN, 0x100u);
  EXPECT_EQ(CAP_IOCTLS_ALL, SSIZE_MAX);
}

}  // namespace
