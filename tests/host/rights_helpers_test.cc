// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: cap_rights_init/set/clear/is_set, exact words after each call.

#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>
#include <sys/capsicum.h>

namespace {

constexpr uint64_t kNone0 = CAPRIGHT(0, 0ULL);
constexpr uint64_t kNone1 = CAPRIGHT(1, 0ULL);

void ExpectWords(const cap_rights_t& r, uint64_t w0, uint64_t w1) {
  EXPECT_EQ(r.cr_rights[0], w0);
  EXPECT_EQ(r.cr_rights[1], w1);
}

TEST(RightsInit, NoRightsIsTheEmptySet) {
  cap_rights_t r;
  memset(&r, 0xff, sizeof(r));
  EXPECT_EQ(cap_rights_init(&r), &r);
  ExpectWords(r, kNone0, kNone1);
  EXPECT_TRUE(cap_rights_is_empty(&r));
  EXPECT_TRUE(cap_rights_is_valid(&r));
}

TEST(RightsInit, OneRight) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ);
  ExpectWords(r, CAP_READ, kNone1);
  cap_rights_init(&r, CAP_EVENT);
  ExpectWords(r, kNone0, CAP_EVENT);
}

TEST(RightsInit, ManyRightsAcrossBothWords) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ, CAP_WRITE, CAP_FSTAT, CAP_EVENT, CAP_IOCTL, CAP_SETNS);
  ExpectWords(r, CAP_READ | CAP_WRITE | CAP_FSTAT, CAP_EVENT | CAP_IOCTL | CAP_SETNS);
  EXPECT_TRUE(cap_rights_is_valid(&r));
  EXPECT_FALSE(cap_rights_is_empty(&r));
}

TEST(RightsInit, ReplacesPreviousContents) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ, CAP_EVENT);
  cap_rights_init(&r, CAP_WRITE);
  ExpectWords(r, CAP_WRITE, kNone1);
}

TEST(RightsInit, CompositeContainsItsParts) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_PREAD);
  EXPECT_TRUE(cap_rights_is_set(&r, CAP_READ));
  EXPECT_TRUE(cap_rights_is_set(&r, CAP_SEEK));
  EXPECT_TRUE(cap_rights_is_set(&r, CAP_SEEK_TELL));
  EXPECT_TRUE(cap_rights_is_set(&r, CAP_READ, CAP_SEEK));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_WRITE));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_PWRITE));

  cap_rights_t parts;
  cap_rights_init(&parts, CAP_READ, CAP_SEEK);
  ExpectWords(parts, r.cr_rights[0], r.cr_rights[1]);
}

TEST(RightsSet, AddsAndIsIdempotent) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ);
  EXPECT_EQ(cap_rights_set(&r, CAP_WRITE, CAP_EVENT), &r);
  ExpectWords(r, CAP_READ | CAP_WRITE, CAP_EVENT);
  cap_rights_set(&r, CAP_WRITE, CAP_EVENT);
  ExpectWords(r, CAP_READ | CAP_WRITE, CAP_EVENT);
  cap_rights_set(&r);
  ExpectWords(r, CAP_READ | CAP_WRITE, CAP_EVENT);
}

TEST(RightsClear, RemovesAndIsIdempotent) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ, CAP_WRITE, CAP_EVENT, CAP_IOCTL);
  EXPECT_EQ(cap_rights_clear(&r, CAP_WRITE, CAP_IOCTL), &r);
  ExpectWords(r, CAP_READ, CAP_EVENT);
  cap_rights_clear(&r, CAP_WRITE, CAP_IOCTL);
  ExpectWords(r, CAP_READ, CAP_EVENT);
  cap_rights_clear(&r, CAP_READ, CAP_EVENT);
  ExpectWords(r, kNone0, kNone1);
  EXPECT_TRUE(cap_rights_is_empty(&r));
  EXPECT_TRUE(cap_rights_is_valid(&r));
}

TEST(RightsClear, ClearingAPartRemovesItFromComposites) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_MKDIRAT, CAP_PREAD);
  cap_rights_clear(&r, CAP_LOOKUP, CAP_SEEK_TELL);
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_MKDIRAT));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_LOOKUP));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_PREAD));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_SEEK));
  EXPECT_TRUE(cap_rights_is_set(&r, CAP_READ));
  // The bit CAP_MKDIRAT adds to CAP_LOOKUP, and CAP_SEEK's own bit, stay.
  ExpectWords(r, CAPRIGHT(0, 0x800000ULL | 0x8 | 0x1), kNone1);
}

TEST(RightsClear, CompositeClearsEveryPart) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ, CAP_SEEK, CAP_WRITE);
  cap_rights_clear(&r, CAP_PREAD);
  ExpectWords(r, CAP_WRITE, kNone1);
}

TEST(RightsIsSet, AllListedRightsMustBeHeld) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ, CAP_WRITE, CAP_EVENT);
  EXPECT_TRUE(cap_rights_is_set(&r, CAP_READ, CAP_WRITE, CAP_EVENT));
  EXPECT_TRUE(cap_rights_is_set(&r, CAP_EVENT, CAP_READ));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_READ, CAP_SEEK));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_EVENT, CAP_IOCTL));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_READ, CAP_WRITE, CAP_EVENT, CAP_SETNS));
  // No right listed: vacuously true, as FreeBSD.
  EXPECT_TRUE(cap_rights_is_set(&r));
}

TEST(RightsIsSet, SameLowBitsInTheOtherWordAreNotConfused) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ);                     // word 0, bit 0x1
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_MAC_GET));  // word 1, bit 0x1
  cap_rights_init(&r, CAP_MAC_GET);
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_READ));
}

// Inputs FreeBSD assert()s on: never abort; a modified set becomes malformed (so that
// cap_rights_limit refuses it with EINVAL), a predicate answers false.
TEST(RightsMalformed, RightSpanningBothWordsMarksTheSet) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ);
  cap_rights_set(&r, CAP_WRITE | CAP_EVENT);
  EXPECT_FALSE(cap_rights_is_valid(&r));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_READ));
  cap_rights_init(&r, CAP_READ, CAP_WRITE | CAP_EVENT);
  EXPECT_FALSE(cap_rights_is_valid(&r));
}

TEST(RightsMalformed, ClearWithABadRightNeverLeavesAValidSetWithTheRight) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ, CAP_WRITE);
  cap_rights_clear(&r, CAP_WRITE | CAP_EVENT);
  EXPECT_FALSE(cap_rights_is_valid(&r));
}

TEST(RightsMalformed, RightWithVersionBitsOrNoIndex) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ | (1ULL << 62));
  EXPECT_FALSE(cap_rights_is_valid(&r));
  cap_rights_init(&r, 0x1ULL);  // no index bit at all
  EXPECT_FALSE(cap_rights_is_valid(&r));
  cap_rights_init(&r, (1ULL << 59) | 0x1);  // index of a third word, absent in version 0
  EXPECT_FALSE(cap_rights_is_valid(&r));
  cap_rights_init(&r, CAP_READ);
  EXPECT_FALSE(cap_rights_is_set(&r, 0x1ULL | (1ULL << 59)));
}

TEST(RightsMalformed, MalformedSetStaysMalformedUntilInit) {
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ | CAP_EVENT);
  cap_rights_set(&r, CAP_WRITE);
  EXPECT_FALSE(cap_rights_is_valid(&r));
  EXPECT_FALSE(cap_rights_is_set(&r, CAP_WRITE));
  cap_rights_init(&r, CAP_WRITE);
  EXPECT_TRUE(cap_rights_is_valid(&r));
}

TEST(RightsMalformed, UnknownVersionPassedToInit) {
  cap_rights_t r;
  __cap_rights_init(1, &r, CAP_READ, 0ULL);
  EXPECT_FALSE(cap_rights_is_valid(&r));
}

TEST(RightsMalformed, NullIsNotACrash) {
  EXPECT_EQ(__cap_rights_init(CAP_RIGHTS_VERSION, nullptr, CAP_READ, 0ULL), nullptr);
  EXPECT_EQ(__cap_rights_set(nullptr, CAP_READ, 0ULL), nullptr);
  EXPECT_EQ(__cap_rights_clear(nullptr, CAP_READ, 0ULL), nullptr);
  EXPECT_FALSE(__cap_rights_is_set(nullptr, CAP_READ, 0ULL));
  EXPECT_FALSE(cap_rights_is_empty(nullptr));
  EXPECT_FALSE(cap_rights_is_valid(nullptr));
  cap_rights_t r;
  cap_rights_init(&r, CAP_READ);
  EXPECT_EQ(cap_rights_merge(nullptr, &r), nullptr);
  EXPECT_EQ(cap_rights_remove(nullptr, &r), nullptr);
  EXPECT_FALSE(cap_rights_contains(nullptr, &r));
  EXPECT_FALSE(cap_rights_contains(&r, nullptr));
  cap_rights_merge(&r, nullptr);
  EXPECT_FALSE(cap_rights_is_valid(&r));
}

}  // namespace
