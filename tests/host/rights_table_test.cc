// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: the rights table (enforcement at ABI 1) and RightsToString.

#include "rights_table.h"

#include <gtest/gtest.h>
#include <sys/capsicum.h>

#include <set>
#include <string>

namespace {

using capsicum::AllRights;
using capsicum::EnforcedAt;
using capsicum::FindRight;
using capsicum::RightIn;
using capsicum::RightsToString;

TEST(RightsTable, NamesAreUnique) {
  std::set<std::string_view> names;
  for (const auto& r : AllRights()) EXPECT_TRUE(names.insert(r.name).second) << r.name;
}

TEST(RightsTable, EnforcedAtAbi1IsExactlyTheListedRights) {
  const std::set<std::string_view> expected = {
      "CAP_READ",   "CAP_WRITE", "CAP_PREAD",     "CAP_PWRITE",  "CAP_LOOKUP",
      "CAP_CREATE", "CAP_FSYNC", "CAP_FTRUNCATE", "CAP_FEXECVE",
  };
  std::set<std::string_view> enforced;
  for (const auto& r : AllRights()) {
    if (EnforcedAt(r, 1)) enforced.insert(r.name);
    EXPECT_FALSE(EnforcedAt(r, 0)) << r.name;
  }
  EXPECT_EQ(enforced, expected);
}

// ABI 2 adds every right that has a hook (docs/coverage.md); what stays out has none.
TEST(RightsTable, NotEnforcedAtAbi2IsExactlyTheRightsWithoutAHook) {
  const std::set<std::string_view> expected = {
      "CAP_SEEK_TELL",    "CAP_FCHFLAGS",  "CAP_CHFLAGSAT", "CAP_FPATHCONF",     "CAP_FSCK",
      "CAP_PEELOFF",      "CAP_BINDAT",    "CAP_CONNECTAT", "CAP_MAC_GET",       "CAP_MAC_SET",
      "CAP_SEM_GETVALUE", "CAP_SEM_POST",  "CAP_SEM_WAIT",  "CAP_EVENT",         "CAP_KQUEUE_EVENT",
      "CAP_TTYHOOK",      "CAP_PDGETPID",  "CAP_PDWAIT",    "CAP_PDKILL",        "CAP_ACL_CHECK",
      "CAP_ACL_DELETE",   "CAP_ACL_GET",   "CAP_ACL_SET",   "CAP_KQUEUE_CHANGE", "CAP_KQUEUE",
      "CAP_FSIGNAL",      "CAP_EPOLL_CTL", "CAP_SETNS",
  };
  std::set<std::string_view> missing;
  for (const auto& r : AllRights()) {
    if (!EnforcedAt(r, 2)) missing.insert(r.name);
    if (EnforcedAt(r, 1)) EXPECT_TRUE(EnforcedAt(r, 2)) << r.name;
  }
  EXPECT_EQ(missing, expected);
}

// ABI 3 is capability mode's seccomp filter: no right is checked that ABI 2 did not check.
TEST(RightsTable, Abi3EnforcesTheRightsOfAbi2) {
  for (const auto& r : AllRights()) EXPECT_EQ(EnforcedAt(r, 3), EnforcedAt(r, 2)) << r.name;
  for (const auto& r : AllRights()) EXPECT_LE(r.enforced_since, CAPSICUM_ABI_VERSION) << r.name;
}

TEST(RightsTable, PartialEnforcementSaysWhatIsCovered) {
  EXPECT_TRUE(FindRight("CAP_READ")->coverage.empty());
  EXPECT_TRUE(FindRight("CAP_LOOKUP")->coverage.empty());
  EXPECT_TRUE(FindRight("CAP_FTRUNCATE")->coverage.empty());
  EXPECT_FALSE(FindRight("CAP_FSYNC")->coverage.empty());
  EXPECT_FALSE(FindRight("CAP_SEEK")->coverage.empty());
  EXPECT_FALSE(FindRight("CAP_NOTIFY")->coverage.empty());
}

TEST(RightsTable, FindRight) {
  ASSERT_NE(FindRight("CAP_SETNS"), nullptr);
  EXPECT_EQ(FindRight("CAP_SETNS")->value, CAP_SETNS);
  EXPECT_EQ(FindRight("CAP_RECV"), nullptr);  // an alias, not a right of its own
  EXPECT_EQ(FindRight("CAP_BPF"), nullptr);
  EXPECT_EQ(FindRight(""), nullptr);
}

// A right is in a set only with every one of its bits: a composite needs all its parts.
TEST(RightsTable, RightInNeedsEveryBit) {
  cap_rights_t enforced, all;
  cap_rights_init(&enforced, CAP_READ, CAP_WRITE, CAP_LOOKUP, CAP_CREATE, CAP_SETNS);
  EXPECT_TRUE(RightIn(*FindRight("CAP_READ"), enforced));
  EXPECT_TRUE(RightIn(*FindRight("CAP_LOOKUP"), enforced));
  EXPECT_TRUE(RightIn(*FindRight("CAP_SETNS"), enforced));
  EXPECT_FALSE(RightIn(*FindRight("CAP_PREAD"), enforced));    // CAP_SEEK is missing
  EXPECT_FALSE(RightIn(*FindRight("CAP_MKDIRAT"), enforced));  // its own bit is missing
  EXPECT_FALSE(RightIn(*FindRight("CAP_EVENT"), enforced));
  CAP_ALL(&all);
  for (const auto& r : AllRights()) EXPECT_TRUE(RightIn(r, all)) << r.name;
}

std::string Format(cap_rights_t r) { return RightsToString(r); }

TEST(RightsToString, EmptyAndSingle) {
  cap_rights_t r;
  EXPECT_EQ(Format(*cap_rights_init(&r)), "");
  EXPECT_EQ(Format(*cap_rights_init(&r, CAP_READ)), "CAP_READ");
  EXPECT_EQ(Format(*cap_rights_init(&r, CAP_SETNS)), "CAP_SETNS");
}

TEST(RightsToString, CompositesPrintAsTheirFewestParts) {
  cap_rights_t r;
  EXPECT_EQ(Format(*cap_rights_init(&r, CAP_PREAD)), "CAP_READ|CAP_SEEK");
  EXPECT_EQ(Format(*cap_rights_init(&r, CAP_SEEK_TELL)), "CAP_SEEK_TELL");
  EXPECT_EQ(Format(*cap_rights_init(&r, CAP_MKDIRAT)), "CAP_MKDIRAT");
  EXPECT_EQ(Format(*cap_rights_init(&r, CAP_LOOKUP, CAP_MKDIRAT, CAP_UNLINKAT)),
            "CAP_MKDIRAT|CAP_UNLINKAT");
  EXPECT_EQ(Format(*cap_rights_init(&r, CAP_READ, CAP_EVENT, CAP_KQUEUE)),
            "CAP_READ|CAP_EVENT|CAP_KQUEUE_EVENT|CAP_KQUEUE_CHANGE");
}

TEST(RightsToString, RoundTripsEverySingleRight) {
  for (const auto& info : AllRights()) {
    cap_rights_t r, back;
    cap_rights_init(&r, info.value);
    cap_rights_init(&back);
    std::string s = Format(r);
    size_t start = 0;
    while (start < s.size()) {
      size_t bar = s.find('|', start);
      std::string name =
          s.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      const capsicum::RightInfo* part = FindRight(name);
      ASSERT_NE(part, nullptr) << info.name << " -> " << s;
      cap_rights_set(&back, part->value);
      start = bar == std::string::npos ? s.size() : bar + 1;
    }
    EXPECT_EQ(back.cr_rights[0], r.cr_rights[0]) << info.name << " -> " << s;
    EXPECT_EQ(back.cr_rights[1], r.cr_rights[1]) << info.name << " -> " << s;
  }
}

TEST(RightsToString, UnknownBitsAndMalformedSets) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ, CAP_UNUSED0_44, CAP_UNUSED1_26);
  EXPECT_EQ(Format(r), "CAP_READ|CAPRIGHT(0,0x80000000000)|CAPRIGHT(1,0x2000000)");
  r.cr_rights[0] |= 1ULL << 62;
  EXPECT_EQ(Format(r), "(malformed)");
}

}  // namespace
