// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - the rights algebra (pure logic, no state).
 *
 * A rights set is FreeBSD's cap_rights_t: two words, each tagged with its
 * one-hot index in bits 57-61 and the version in bits 62-63 of word 0.
 */
#include <linux/export.h>
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
