// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the cap_rights_* helpers: FreeBSD's subr_capability.c semantics, no abort.
//
// For well-formed input every function does exactly what FreeBSD's does.  Where FreeBSD
// assert()s (a set with the wrong version or word index bits, a right that names no word of a
// version-0 set, merge/remove of a set that is not valid), these functions never abort: a
// function that modifies a set marks it malformed, a predicate answers false, and a NULL set
// is returned or answered false.  A malformed set fails cap_rights_is_valid() and is refused
// by cap_rights_limit() with EINVAL, so a programming error shows up as an error and can never
// grant rights that were meant to be cleared.

#include <stdarg.h>
#include <stdint.h>
#include <sys/capsicum.h>

#include "c_api.h"

namespace {

constexpr int kWords = CAP_RIGHTS_VERSION_00 + 2;

// The bits of a word that hold rights, as opposed to the version and index bits.
constexpr uint64_t kRightBits = 0x01FFFFFFFFFFFFFFULL;

// Word index of a right from its one-hot index bits (FreeBSD's right_to_index), -1 if none.
int RightToIndex(uint64_t right) {
  static constexpr int kBitToIndex[32] = {
      -1, 0,  1,  -1, 2,  -1, -1, -1, 3,  -1, -1, -1, -1, -1, -1, -1,
      4,  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  };
  return kBitToIndex[CAPIDXBIT(right)];
}

// The word of a version-0 set that `right` belongs to, or -1 if it belongs to none.
int WordOf(uint64_t right) {
  if (CAPRVER(right) != 0) return -1;
  int i = RightToIndex(right);
  return i >= 0 && i < kWords ? i : -1;
}

// A set the helpers can work on: version 0 and each word carrying its own index bit.
bool WellFormed(const cap_rights_t* rights) {
  if (CAPVER(rights) != CAP_RIGHTS_VERSION_00) return false;
  for (int i = 0; i < kWords; i++) {
    if (RightToIndex(rights->cr_rights[i]) != i) return false;
    if (i > 0 && CAPRVER(rights->cr_rights[i]) != 0) return false;
  }
  return true;
}

// Marks a set malformed by clearing the index bits of word 0.
void MarkMalformed(cap_rights_t* rights) { rights->cr_rights[0] &= ~(0x1FULL << 57); }

void SetNone(cap_rights_t* rights) {
  rights->cr_rights[0] = (static_cast<uint64_t>(CAP_RIGHTS_VERSION_00) << 62) | CAPRIGHT(0, 0ULL);
  rights->cr_rights[1] = CAPRIGHT(1, 0ULL);
}

// Applies op(word, right) to every right up to the 0 terminator.  Every argument is consumed
// even after a bad one, so the call's contract (stop at 0) holds; the set is marked malformed
// if it was, or if any right was.
template <class Op>
void ForEachRight(cap_rights_t* rights, va_list ap, Op op) {
  bool ok = WellFormed(rights);
  for (;;) {
    uint64_t right = va_arg(ap, unsigned long long);
    if (right == 0) break;
    int i = WordOf(right);
    if (!ok || i < 0) {
      ok = false;
      continue;
    }
    op(rights->cr_rights[i], right);
  }
  if (!ok) MarkMalformed(rights);
}

void VSet(cap_rights_t* rights, va_list ap) {
  ForEachRight(rights, ap, [](__u64& word, uint64_t right) { word |= right; });
}

void VClear(cap_rights_t* rights, va_list ap) {
  ForEachRight(rights, ap, [](__u64& word, uint64_t right) { word &= ~(right & kRightBits); });
}

bool IsValid(const cap_rights_t* rights) {
  if (rights == nullptr || !WellFormed(rights)) return false;
  return (rights->cr_rights[0] & ~CAP_ALL0) == 0 && (rights->cr_rights[1] & ~CAP_ALL1) == 0;
}

}  // namespace

extern "C" {

CAPSICUM_EXPORT cap_rights_t* __cap_rights_init(int version, cap_rights_t* rights, ...) noexcept {
  if (rights == nullptr) return nullptr;
  SetNone(rights);
  va_list ap;
  va_start(ap, rights);
  VSet(rights, ap);
  va_end(ap);
  // A version this library does not know cannot be honoured: the empty set it made is marked.
  if (version != CAP_RIGHTS_VERSION_00) MarkMalformed(rights);
  return rights;
}

CAPSICUM_EXPORT cap_rights_t* __cap_rights_set(cap_rights_t* rights, ...) noexcept {
  if (rights == nullptr) return nullptr;
  va_list ap;
  va_start(ap, rights);
  VSet(rights, ap);
  va_end(ap);
  return rights;
}

CAPSICUM_EXPORT cap_rights_t* __cap_rights_clear(cap_rights_t* rights, ...) noexcept {
  if (rights == nullptr) return nullptr;
  va_list ap;
  va_start(ap, rights);
  VClear(rights, ap);
  va_end(ap);
  return rights;
}

CAPSICUM_EXPORT bool __cap_rights_is_set(const cap_rights_t* rights, ...) noexcept {
  if (rights == nullptr) return false;
  bool ok = WellFormed(rights);
  va_list ap;
  va_start(ap, rights);
  for (;;) {
    uint64_t right = va_arg(ap, unsigned long long);
    if (right == 0) break;
    int i = WordOf(right);
    if (i < 0 || (rights->cr_rights[i] & right) != right) ok = false;
  }
  va_end(ap);
  return ok;
}

CAPSICUM_EXPORT bool cap_rights_is_empty(const cap_rights_t* rights) noexcept {
  if (rights == nullptr) return false;
  cap_rights_t none;
  SetNone(&none);
  for (int i = 0; i < kWords; i++) {
    if (rights->cr_rights[i] != none.cr_rights[i]) return false;
  }
  return true;
}

CAPSICUM_EXPORT bool cap_rights_is_valid(const cap_rights_t* rights) noexcept {
  return IsValid(rights);
}

CAPSICUM_EXPORT cap_rights_t* cap_rights_merge(cap_rights_t* dst,
                                               const cap_rights_t* src) noexcept {
  if (dst == nullptr) return nullptr;
  if (!IsValid(src) || !IsValid(dst)) {
    MarkMalformed(dst);
    return dst;
  }
  for (int i = 0; i < kWords; i++) dst->cr_rights[i] |= src->cr_rights[i];
  return dst;
}

CAPSICUM_EXPORT cap_rights_t* cap_rights_remove(cap_rights_t* dst,
                                                const cap_rights_t* src) noexcept {
  if (dst == nullptr) return nullptr;
  if (!IsValid(src) || !IsValid(dst)) {
    MarkMalformed(dst);
    return dst;
  }
  for (int i = 0; i < kWords; i++) dst->cr_rights[i] &= ~(src->cr_rights[i] & kRightBits);
  return dst;
}

CAPSICUM_EXPORT bool cap_rights_contains(const cap_rights_t* big,
                                         const cap_rights_t* little) noexcept {
  if (big == nullptr || little == nullptr || !WellFormed(big) || !WellFormed(little)) return false;
  for (int i = 0; i < kWords; i++) {
    if ((big->cr_rights[i] & little->cr_rights[i]) != little->cr_rights[i]) return false;
  }
  return true;
}

}  // extern "C"
