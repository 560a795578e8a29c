// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: cap_rights_merge/remove/contains/is_empty/is_valid.

#include <gtest/gtest.h>
#include <stdint.h>
#include <sys/capsicum.h>

namespace {

cap_rights_t All() {
  cap_rights_t r;
  CAP_ALL(&r);
  return r;
}

cap_rights_t None() {
  cap_rights_t r;
  CAP_NONE(&r);
  return r;
}

TEST(RightsMerge, UnionAcrossBothWords) {
  cap_rights_t a, b;
  cap_rights_init(&a, CAP_READ, CAP_EVENT);
  cap_rights_init(&b, CAP_WRITE, CAP_IOCTL, CAP_READ);
  EXPECT_EQ(cap_rights_merge(&a, &b), &a);
  EXPECT_EQ(a.cr_rights[0], CAP_READ | CAP_WRITE);
  EXPECT_EQ(a.cr_rights[1], CAP_EVENT | CAP_IOCTL);
  EXPECT_TRUE(cap_rights_is_valid(&a));
  // src is untouched.
  EXPECT_EQ(b.cr_rights[0], CAP_READ | CAP_WRITE);
  EXPECT_EQ(b.cr_rights[1], CAP_IOCTL);
}

TEST(RightsRemove, DifferenceAcrossBothWordsKeepsIndexBits) {
  cap_rights_t a, b;
  cap_rights_init(&a, CAP_READ, CAP_WRITE, CAP_EVENT, CAP_IOCTL);
  cap_rights_init(&b, CAP_WRITE, CAP_IOCTL, CAP_FSTAT);
  EXPECT_EQ(cap_rights_remove(&a, &b), &a);
  EXPECT_EQ(a.cr_rights[0], CAP_READ);
  EXPECT_EQ(a.cr_rights[1], CAP_EVENT);
  cap_rights_t all = All();
  cap_rights_remove(&a, &all);
  EXPECT_TRUE(cap_rights_is_empty(&a));
  EXPECT_TRUE(cap_rights_is_valid(&a));
}

TEST(RightsMergeRemove, RefuseInvalidSetsByMarkingDst) {
  cap_rights_t a, bad;
  cap_rights_init(&a, CAP_READ);
  cap_rights_init(&bad, CAP_UNUSED0_44);  // well formed, but an unknown bit: not valid
  ASSERT_FALSE(cap_rights_is_valid(&bad));
  cap_rights_merge(&a, &bad);
  EXPECT_FALSE(cap_rights_is_valid(&a));
  cap_rights_init(&a, CAP_READ);
  cap_rights_remove(&a, &bad);
  EXPECT_FALSE(cap_rights_is_valid(&a));
}

TEST(RightsContains, SubsetAcrossBothWords) {
  cap_rights_t big, little;
  cap_rights_init(&big, CAP_READ, CAP_WRITE, CAP_EVENT);
  cap_rights_init(&little, CAP_READ, CAP_EVENT);
  EXPECT_TRUE(cap_rights_contains(&big, &little));
  EXPECT_FALSE(cap_rights_contains(&little, &big));
  EXPECT_TRUE(cap_rights_contains(&big, &big));
  cap_rights_init(&little, CAP_IOCTL);
  EXPECT_FALSE(cap_rights_contains(&big, &little));
  cap_rights_t none = None(), all = All();
  EXPECT_TRUE(cap_rights_contains(&big, &none));
  EXPECT_TRUE(cap_rights_contains(&all, &big));
  EXPECT_FALSE(cap_rights_contains(&none, &big));
}

TEST(RightsContains, CompositeVersusParts) {
  cap_rights_t pread, parts;
  cap_rights_init(&pread, CAP_PREAD);
  cap_rights_init(&parts, CAP_READ, CAP_SEEK);
  EXPECT_TRUE(cap_rights_contains(&pread, &parts));
  EXPECT_TRUE(cap_rights_contains(&parts, &pread));
  cap_rights_init(&parts, CAP_READ, CAP_SEEK_TELL);
  EXPECT_FALSE(cap_rights_contains(&parts, &pread));
}

TEST(RightsIsEmpty, OnlyTheEmptySet) {
  cap_rights_t r = None();
  EXPECT_TRUE(cap_rights_is_empty(&r));
  cap_rights_set(&r, CAP_SETNS);
  EXPECT_FALSE(cap_rights_is_empty(&r));
  cap_rights_clear(&r, CAP_SETNS);
  EXPECT_TRUE(cap_rights_is_empty(&r));
  cap_rights_set(&r, CAP_READ);
  EXPECT_FALSE(cap_rights_is_empty(&r));
}

TEST(RightsIsValid, AcceptsAllNoneAndEveryLinuxRight) {
  cap_rights_t r = All();
  EXPECT_TRUE(cap_rights_is_valid(&r));
  r = None();
  EXPECT_TRUE(cap_rights_is_valid(&r));
  for (uint64_t right : {CAP_FSIGNAL, CAP_EPOLL_CTL, CAP_NOTIFY, CAP_SETNS}) {
    cap_rights_init(&r, right);
    EXPECT_TRUE(cap_rights_is_valid(&r)) << std::hex << right;
  }
  cap_rights_init(&r, CAP_ALL0, CAP_ALL1);
  EXPECT_TRUE(cap_rights_is_valid(&r));
  EXPECT_EQ(r.cr_rights[0], All().cr_rights[0]);
  EXPECT_EQ(r.cr_rights[1], All().cr_rights[1]);
}

TEST(RightsIsValid, RejectsWrongVersion) {
  cap_rights_t r = None();
  r.cr_rights[0] |= 1ULL << 62;
  EXPECT_FALSE(cap_rights_is_valid(&r));
  r = None();
  r.cr_rights[0] |= 3ULL << 62;
  EXPECT_FALSE(cap_rights_is_valid(&r));
  r = None();
  r.cr_rights[1] |= 1ULL << 62;  // version bits in word 1 must be 0
  EXPECT_FALSE(cap_rights_is_valid(&r));
}

TEST(RightsIsValid, RejectsWrongIndexBits) {
  cap_rights_t r = None();
  r.cr_rights[0] = CAPRIGHT(1, 0ULL);  // word 0 claiming index 1
  EXPECT_FALSE(cap_rights_is_valid(&r));
  r = None();
  r.cr_rights[1] = CAPRIGHT(0, 0ULL);  // word 1 claiming index 0
  EXPECT_FALSE(cap_rights_is_valid(&r));
  r = None();
  r.cr_rights[0] = 0;  // no index bit
  EXPECT_FALSE(cap_rights_is_valid(&r));
  r = None();
  r.cr_rights[0] |= 1ULL << 58;  // two index bits
  EXPECT_FALSE(cap_rights_is_valid(&r));
}

TEST(RightsIsValid, RejectsUnknownBits) {
  for (uint64_t unused : {CAP_UNUSED0_44, CAP_UNUSED0_57, CAP_UNUSED1_26, CAP_UNUSED1_57}) {
    cap_rights_t r = None();
    r.cr_rights[CAPIDXBIT(unused) == 1 ? 0 : 1] |= unused;
    EXPECT_FALSE(cap_rights_is_valid(&r)) << std::hex << unused;
  }
}

}  // namespace
