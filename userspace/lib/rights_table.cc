// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the one table of all rights: name, value, enforcement; and a formatter.

#include "rights_table.h"

#include <stdio.h>

#include <vector>

namespace capsicum {
namespace {

constexpr bool kComposite = true;
constexpr bool kPrimitive = false;

// {name, value} come from the same macro, so the table cannot disagree with the header.
#define RIGHT(name, kind, since, coverage) \
  RightInfo { #name, name, kind, since, coverage }

// Enforced at ABI 1: what the file_permission, file_open and exec hooks check (see
// uapi/linux/capsicum.h, "ABI 1" on each right).
constexpr RightInfo kRights[] = {
    // Word 0.
    RIGHT(CAP_READ, kPrimitive, 1, ""),
    RIGHT(CAP_WRITE, kPrimitive, 1, ""),
    RIGHT(CAP_SEEK_TELL, kPrimitive, 0, ""),
    RIGHT(
        CAP_SEEK, kPrimitive, 2,
        "within pread(2)/pwrite(2) and the offsets of sendfile(2), splice(2), copy_file_range(2), "
        "not lseek(2)"),
    RIGHT(CAP_PREAD, kComposite, 1, ""),
    RIGHT(CAP_PWRITE, kComposite, 1, ""),
    RIGHT(CAP_MMAP, kPrimitive, 2, ""),
    RIGHT(CAP_MMAP_R, kComposite, 2, ""),
    RIGHT(CAP_MMAP_W, kComposite, 2, ""),
    RIGHT(CAP_MMAP_X, kPrimitive, 2, ""),
    RIGHT(CAP_MMAP_RW, kComposite, 2, ""),
    RIGHT(CAP_MMAP_RX, kComposite, 2, ""),
    RIGHT(CAP_MMAP_WX, kComposite, 2, ""),
    RIGHT(CAP_MMAP_RWX, kComposite, 2, ""),
    RIGHT(CAP_CREATE, kPrimitive, 1, "openat(2) with O_CREAT"),
    RIGHT(CAP_FEXECVE, kPrimitive, 1, "execveat(2) and fexecve(3)"),
    RIGHT(CAP_FSYNC, kPrimitive, 1, "openat(2) with O_SYNC/O_DSYNC only, not fsync(2)"),
    RIGHT(CAP_FTRUNCATE, kPrimitive, 1, ""),
    RIGHT(CAP_LOOKUP, kPrimitive, 1, ""),
    RIGHT(CAP_FCHDIR, kPrimitive, 2, ""),
    RIGHT(CAP_FCHFLAGS, kPrimitive, 0, ""),
    RIGHT(CAP_CHFLAGSAT, kComposite, 0, ""),
    RIGHT(CAP_FCHMOD, kPrimitive, 2, ""),
    RIGHT(CAP_FCHMODAT, kComposite, 2, ""),
    RIGHT(CAP_FCHOWN, kPrimitive, 2, ""),
    RIGHT(CAP_FCHOWNAT, kComposite, 2, ""),
    RIGHT(CAP_FCNTL, kPrimitive, 2, ""),
    RIGHT(CAP_FLOCK, kPrimitive, 2, ""),
    RIGHT(CAP_FPATHCONF, kPrimitive, 0, ""),
    RIGHT(CAP_FSCK, kPrimitive, 0, ""),
    RIGHT(CAP_FSTAT, kPrimitive, 2, ""),
    RIGHT(CAP_FSTATAT, kComposite, 2, ""),
    RIGHT(CAP_FSTATFS, kPrimitive, 2, ""),
    RIGHT(CAP_FUTIMES, kPrimitive, 2, ""),
    RIGHT(CAP_FUTIMESAT, kComposite, 2, ""),
    RIGHT(CAP_LINKAT_TARGET, kPrimitive, 2, ""),
    RIGHT(CAP_MKDIRAT, kPrimitive, 2, ""),
    RIGHT(CAP_MKFIFOAT, kPrimitive, 2, ""),
    RIGHT(CAP_MKNODAT, kPrimitive, 2, ""),
    RIGHT(CAP_RENAMEAT_SOURCE, kPrimitive, 2, ""),
    RIGHT(CAP_SYMLINKAT, kPrimitive, 2, ""),
    RIGHT(CAP_UNLINKAT, kPrimitive, 2, ""),
    RIGHT(CAP_ACCEPT, kPrimitive, 2, ""),
    RIGHT(CAP_BIND, kPrimitive, 2, ""),
    RIGHT(CAP_CONNECT, kPrimitive, 2, ""),
    RIGHT(CAP_GETPEERNAME, kPrimitive, 2, ""),
    RIGHT(CAP_GETSOCKNAME, kPrimitive, 2, ""),
    RIGHT(CAP_GETSOCKOPT, kPrimitive, 2, ""),
    RIGHT(CAP_LISTEN, kPrimitive, 2, ""),
    RIGHT(CAP_PEELOFF, kPrimitive, 0, ""),
    RIGHT(CAP_SETSOCKOPT, kPrimitive, 2, ""),
    RIGHT(CAP_SHUTDOWN, kPrimitive, 2, ""),
    RIGHT(CAP_BINDAT, kPrimitive, 0, ""),
    RIGHT(CAP_CONNECTAT, kPrimitive, 0, ""),
    RIGHT(CAP_LINKAT_SOURCE, kPrimitive, 2, ""),
    RIGHT(CAP_RENAMEAT_TARGET, kPrimitive, 2, ""),
    RIGHT(CAP_SOCK_CLIENT, kComposite, 2, "CAP_PEELOFF has no Linux operation"),
    RIGHT(CAP_SOCK_SERVER, kComposite, 2, "CAP_PEELOFF has no Linux operation"),
    // Word 1.
    RIGHT(CAP_MAC_GET, kPrimitive, 0, ""),
    RIGHT(CAP_MAC_SET, kPrimitive, 0, ""),
    RIGHT(CAP_SEM_GETVALUE, kPrimitive, 0, ""),
    RIGHT(CAP_SEM_POST, kPrimitive, 0, ""),
    RIGHT(CAP_SEM_WAIT, kPrimitive, 0, ""),
    RIGHT(CAP_EVENT, kPrimitive, 0, ""),
    RIGHT(CAP_KQUEUE_EVENT, kPrimitive, 0, ""),
    RIGHT(CAP_IOCTL, kPrimitive, 2, ""),
    RIGHT(CAP_TTYHOOK, kPrimitive, 0, ""),
    RIGHT(CAP_PDGETPID, kPrimitive, 4,
          "pdgetpid(2), not the Pid: line of /proc/PID/fdinfo of the descriptor"),
    RIGHT(CAP_PDWAIT, kPrimitive, 4, "pdwait4(2), not waitid(P_PIDFD) itself"),
    RIGHT(CAP_PDKILL, kPrimitive, 4, ""),
    RIGHT(CAP_EXTATTR_DELETE, kPrimitive, 2, ""),
    RIGHT(CAP_EXTATTR_GET, kPrimitive, 2, ""),
    RIGHT(CAP_EXTATTR_LIST, kPrimitive, 2, ""),
    RIGHT(CAP_EXTATTR_SET, kPrimitive, 2, ""),
    RIGHT(CAP_ACL_CHECK, kPrimitive, 0, ""),
    RIGHT(CAP_ACL_DELETE, kPrimitive, 0, ""),
    RIGHT(CAP_ACL_GET, kPrimitive, 0, ""),
    RIGHT(CAP_ACL_SET, kPrimitive, 0, ""),
    RIGHT(CAP_KQUEUE_CHANGE, kPrimitive, 0, ""),
    RIGHT(CAP_KQUEUE, kComposite, 0, ""),
    RIGHT(CAP_FSIGNAL, kPrimitive, 0, ""),
    RIGHT(CAP_EPOLL_CTL, kPrimitive, 0, ""),
    RIGHT(CAP_NOTIFY, kPrimitive, 2,
          "fanotify_mark(2) on a directory descriptor; inotify takes paths"),
    RIGHT(CAP_SETNS, kPrimitive, 0, ""),
};

#undef RIGHT

constexpr int WordOfValue(uint64_t value) { return CAPIDXBIT(value) == 1 ? 0 : 1; }

// Each right carries exactly one valid word index and no version bits, and no enforcement claim
// is newer than this header's ABI.
constexpr bool TableIsWellFormed() {
  for (const RightInfo& r : kRights) {
    if (CAPRVER(r.value) != 0) return false;
    if (CAPIDXBIT(r.value) != 1 && CAPIDXBIT(r.value) != 2) return false;
    if ((r.value & CAPRIGHT_BITS_MASK) == 0) return false;
    if (r.enforced_since < 0 || r.enforced_since > CAPSICUM_ABI_VERSION) return false;
  }
  return true;
}
static_assert(TableIsWellFormed());

bool IsSubset(uint64_t little, uint64_t big) { return (big & little) == little; }

}  // namespace

std::span<const RightInfo> AllRights() noexcept { return kRights; }

const RightInfo* FindRight(std::string_view name) noexcept {
  for (const RightInfo& r : kRights) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

bool EnforcedAt(const RightInfo& right, int abi) noexcept {
  return right.enforced_since != 0 && right.enforced_since <= abi;
}

int WordOf(const RightInfo& right) noexcept { return WordOfValue(right.value); }

bool RightIn(const RightInfo& right, const cap_rights_t& rights) noexcept {
  return IsSubset(right.value, rights.cr_rights[WordOf(right)]);
}

std::string RightsToString(const cap_rights_t& rights) {
  const uint64_t w0 = rights.cr_rights[0];
  const uint64_t w1 = rights.cr_rights[1];
  if (CAPRVER(w0) != CAP_RIGHTS_VERSION_00 || CAPIDXBIT(w0) != 1 || CAPIDXBIT(w1) != 2 ||
      CAPRVER(w1) != 0) {
    return "(malformed)";
  }

  std::vector<const RightInfo*> held;
  for (const RightInfo& r : kRights) {
    if (!r.composite && IsSubset(r.value, rights.cr_rights[WordOf(r)])) held.push_back(&r);
  }

  std::string out;
  uint64_t named[2] = {0, 0};
  for (const RightInfo* r : held) {
    // Leave out a right whose bits another held right already has (CAP_SEEK_TELL in CAP_SEEK).
    bool implied = false;
    for (const RightInfo* other : held) {
      if (other != r && WordOf(*other) == WordOf(*r) && other->value != r->value &&
          IsSubset(r->value, other->value)) {
        implied = true;
        break;
      }
    }
    named[WordOf(*r)] |= r->value;
    if (implied) continue;
    if (!out.empty()) out += '|';
    out += r->name;
  }

  for (int word = 0; word < 2; word++) {
    uint64_t rest = rights.cr_rights[word] & CAPRIGHT_BITS_MASK & ~named[word];
    if (rest == 0) continue;
    char buf[48];
    snprintf(buf, sizeof(buf), "CAPRIGHT(%d,0x%llx)", word, static_cast<unsigned long long>(rest));
    if (!out.empty()) out += '|';
    out += buf;
  }
  return out;
}

}  // namespace capsicum
