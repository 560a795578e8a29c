// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - the rights algebra (pure logic, no state).
 *
 * A rights set is FreeBSD's cap_rights_t: two words, each tagged with its
 * one-hot index in bits 57-61 and the version in bits 62-63 of word 0.
 */
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "rights.h"

/**
 * capsicum_rights_init_all() - set @rights to every right there is.
 * @rights: the set to fill.
 *
 * This is what a descriptor holds until it is limited.
 */
void capsicum_rights_init_all(struct cap_rights *rights)
{
	rights->cr_rights[0] = CAP_ALL0 | ((u64)CAP_RIGHTS_VERSION << 62);
	rights->cr_rights[1] = CAP_ALL1;
}

/**
 * capsicum_rights_init_none() - set @rights to the empty, valid set.
 * @rights: the set to fill.
 */
void capsicum_rights_init_none(struct cap_rights *rights)
{
	rights->cr_rights[0] = CAPRIGHT(0, 0ULL) | ((u64)CAP_RIGHTS_VERSION << 62);
	rights->cr_rights[1] = CAPRIGHT(1, 0ULL);
}

/**
 * capsicum_rights_add() - add one right (or a one-word union) to a set.
 * @rights: a valid set.
 * @right: CAPRIGHT()-encoded right.
 *
 * Return: false, leaving @rights untouched, if @right names no word.
 */
bool capsicum_rights_add(struct cap_rights *rights, u64 right)
{
	int word = capsicum_right_word(right);

	if (word < 0)
		return false;
	rights->cr_rights[word] |= right;
	return true;
}

/**
 * capsicum_rights_valid() - is @rights a well-formed version-0 set?
 * @rights: the set, as user space gave it.
 *
 * Well-formed means: version 0, word 0 tagged as word 0, word 1 tagged as
 * word 1 with no version bits, and no bit that is not a right.
 *
 * Return: true if well-formed.
 */
bool capsicum_rights_valid(const struct cap_rights *rights)
{
	u64 w0 = rights->cr_rights[0];
	u64 w1 = rights->cr_rights[1];

	if (CAPRVER(w0) != CAP_RIGHTS_VERSION_00 || CAPRVER(w1) != 0)
		return false;
	if (capsicum_right_word(w0) != 0 || capsicum_right_word(w1) != 1)
		return false;
	if ((w0 & CAPRIGHT_BITS_MASK) & ~(CAP_ALL0 & CAPRIGHT_BITS_MASK))
		return false;
	if ((w1 & CAPRIGHT_BITS_MASK) & ~(CAP_ALL1 & CAPRIGHT_BITS_MASK))
		return false;
	return true;
}

/**
 * capsicum_rights_contains() - does @big hold every right of @little?
 * @big: a valid set.
 * @little: a valid set.
 *
 * Return: true if @little is a subset of @big.
 */
bool capsicum_rights_contains(const struct cap_rights *big,
			      const struct cap_rights *little)
{
	return (big->cr_rights[0] & little->cr_rights[0]) == little->cr_rights[0] &&
	       (big->cr_rights[1] & little->cr_rights[1]) == little->cr_rights[1];
}

/**
 * capsicum_rights_is_all() - does @rights hold every right?
 * @rights: a valid set.
 *
 * Return: true for an unlimited set.
 */
bool capsicum_rights_is_all(const struct cap_rights *rights)
{
	struct cap_rights all;

	capsicum_rights_init_all(&all);
	return capsicum_rights_contains(rights, &all);
}

/**
 * capsicum_rights_intersect() - keep in @rights only what @other holds too.
 * @rights: a valid set, narrowed in place.
 * @other: a valid set.
 */
void capsicum_rights_intersect(struct cap_rights *rights,
			       const struct cap_rights *other)
{
	rights->cr_rights[0] &= other->cr_rights[0];
	rights->cr_rights[1] &= other->cr_rights[1];
}

/**
 * capsicum_rights_has() - does @rights hold the right (or union) @right?
 * @rights: a valid set.
 * @right: CAPRIGHT()-encoded right of one word.
 *
 * Return: true if every bit of @right is set; false for a malformed @right.
 */
bool capsicum_rights_has(const struct cap_rights *rights, u64 right)
{
	int word = capsicum_right_word(right);

	return word >= 0 && (rights->cr_rights[word] & right) == right;
}

static void capsicum_u64_swap(void *a, void *b, int size)
{
	swap(*(u64 *)a, *(u64 *)b);
}

static int capsicum_u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/**
 * capsicum_ioctls_normalize() - sort an ioctl list and merge duplicates.
 * @cmds: the list.
 * @n: its length.
 *
 * Return: the new length.
 */
u32 capsicum_ioctls_normalize(u64 *cmds, u32 n)
{
	u32 i, out = 0;

	sort(cmds, n, sizeof(*cmds), capsicum_u64_cmp, capsicum_u64_swap);
	for (i = 0; i < n; i++)
		if (!out || cmds[out - 1] != cmds[i])
			cmds[out++] = cmds[i];
	return out;
}

/**
 * capsicum_ioctls_has() - is @cmd in a normalized list?
 * @cmds: the list, sorted.
 * @n: its length; negative means every command.
 * @cmd: the command.
 *
 * Return: true if allowed.
 */
bool capsicum_ioctls_has(const u64 *cmds, s32 n, u64 cmd)
{
	s32 lo = 0, hi = n;

	if (n < 0)
		return true;
	while (lo < hi) {
		s32 mid = lo + (hi - lo) / 2;

		if (cmds[mid] == cmd)
			return true;
		if (cmds[mid] < cmd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/**
 * capsicum_ioctls_subset() - is every command of @little allowed by @big?
 * @big: a normalized list.
 * @nbig: its length, negative for every command.
 * @little: a normalized list.
 * @nlittle: its length, negative for every command.
 *
 * Return: true if @little is a subset of @big.
 */
bool capsicum_ioctls_subset(const u64 *big, s32 nbig, const u64 *little,
			    s32 nlittle)
{
	s32 i;

	if (nbig < 0)
		return true;
	if (nlittle < 0)
		return false;
	for (i = 0; i < nlittle; i++)
		if (!capsicum_ioctls_has(big, nbig, little[i]))
			return false;
	return true;
}

/**
 * capsicum_ioctls_intersect() - the commands two normalized lists share.
 * @a: a list; @na: its length, negative for every command.
 * @b: a list; @nb: its length, negative for every command.
 * @out: room for min(@na, @nb) commands (when both are limited).
 *
 * Return: the length written to @out, or -1 when both allow everything.
 */
s32 capsicum_ioctls_intersect(const u64 *a, s32 na, const u64 *b, s32 nb,
			      u64 *out)
{
	s32 i, n = 0;

	if (na < 0 && nb < 0)
		return -1;
	if (na < 0) {
		memcpy(out, b, nb * sizeof(*out));
		return nb;
	}
	for (i = 0; i < na; i++)
		if (capsicum_ioctls_has(b, nb, a[i]))
			out[n++] = a[i];
	return n;
}
