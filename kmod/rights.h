/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - the rights algebra (pure logic, no state).
 */
#ifndef _CAPSICUM_RIGHTS_H
#define _CAPSICUM_RIGHTS_H

#include <linux/types.h>
#include <uapi/linux/capsicum.h>

/**
 * capsicum_right_word() - which word of a rights set a right lives in.
 * @right: one right or a union of rights of one word, CAPRIGHT()-encoded.
 *
 * Return: 0 or 1, or -1 when the index bits name no single word.
 */
static inline int capsicum_right_word(u64 right)
{
	switch (CAPIDXBIT(right)) {
	case 1:
		return 0;
	case 2:
		return 1;
	default:
		return -1;
	}
}

void capsicum_rights_init_all(struct cap_rights *rights);
void capsicum_rights_init_none(struct cap_rights *rights);
bool capsicum_rights_add(struct cap_rights *rights, u64 right);
bool capsicum_rights_valid(const struct cap_rights *rights);
bool capsicum_rights_contains(const struct cap_rights *big,
			      const struct cap_rights *little);
bool capsicum_rights_is_all(const struct cap_rights *rights);
void capsicum_rights_intersect(struct cap_rights *rights,
			       const struct cap_rights *other);
bool capsicum_rights_has(const struct cap_rights *rights, u64 right);
u32 capsicum_ioctls_normalize(u64 *cmds, u32 n);
bool capsicum_ioctls_has(const u64 *cmds, s32 n, u64 cmd);
bool capsicum_ioctls_subset(const u64 *big, s32 nbig, const u64 *little,
			    s32 nlittle);
s32 capsicum_ioctls_intersect(const u64 *a, s32 na, const u64 *b, s32 nb,
			      u64 *out);

#endif /* _CAPSICUM_RIGHTS_H */
