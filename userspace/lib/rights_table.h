// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the one table of all rights: name, value, enforcement; and a formatter.
//
// C++ only, for capsicumctl and the tests (guest and host); it is part of the static
// libcapsicum.a, not of the C ABI of libcapsicum.so.
#ifndef CAPSICUM_USERSPACE_LIB_RIGHTS_TABLE_H_
#define CAPSICUM_USERSPACE_LIB_RIGHTS_TABLE_H_

#include <linux/capsicum.h>
#include <stdint.h>

#include <span>
#include <string>
#include <string_view>

namespace capsicum {

struct RightInfo {
  // The macro's name, e.g. "CAP_READ".
  std::string_view name;
  // The macro's value: CAPRIGHT(word, bits), composites included.
  uint64_t value;
  // True for a union of other rights of the table (CAP_PREAD, CAP_MMAP_RW, CAP_FSTATAT, ...).
  bool composite;
  // First ABI version (CAPSICUM_IOC_VERSION) whose module checks this right; 0: none yet.
  int enforced_since;
  // When only some operations of the right are checked, which ones; empty when all are.
  std::string_view coverage;
};

// Every right of <linux/capsicum.h>, in its order; aliases (CAP_RECV, CAP_SEND) and the
// CAP_ALL*/CAP_UNUSED* markers are not rights and are left out.
std::span<const RightInfo> AllRights() noexcept;

// The entry named `name` ("CAP_READ"), or nullptr.
const RightInfo* FindRight(std::string_view name) noexcept;

// Whether a module speaking ABI version `abi` checks the right (maybe only in part: coverage).
bool EnforcedAt(const RightInfo& right, int abi) noexcept;

// The word (0 or 1) a right belongs to.
int WordOf(const RightInfo& right) noexcept;

// Whether every bit of `right` is in the well-formed set `rights` (a composite only when all
// its parts are).
bool RightIn(const RightInfo& right, const cap_rights_t& rights) noexcept;

// Formats a rights set as "CAP_A|CAP_B": the fewest non-composite names whose union is the set
// (CAP_PREAD prints as "CAP_READ|CAP_SEEK", CAP_SEEK_TELL is not repeated beside CAP_SEEK).
// Bits no right names print as CAPRIGHT(word,0x...).  The empty set is "", a set with a wrong
// version or wrong index bits is "(malformed)".
std::string RightsToString(const cap_rights_t& rights);

}  // namespace capsicum

#endif  // CAPSICUM_USERSPACE_LIB_RIGHTS_TABLE_H_
