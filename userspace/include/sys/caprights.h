/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - FreeBSD-compatible <sys/caprights.h>: cap_rights_t and cap_ioctl_t. */
#ifndef _SYS_CAPRIGHTS_H_
#define _SYS_CAPRIGHTS_H_

/*
 * FreeBSD declares the rights type here (and cap_ioctl_t in <sys/types.h>) so that headers can
 * name cap_rights_t without the functions of <sys/capsicum.h>.  The layout, CAP_RIGHTS_VERSION
 * and every right come from the kernel ABI, <linux/capsicum.h>.
 */
#include <linux/capsicum.h>

#ifndef _CAP_RIGHTS_T_DECLARED
#define _CAP_RIGHTS_T_DECLARED
#endif

#ifndef _CAP_IOCTL_T_DECLARED
#define _CAP_IOCTL_T_DECLARED
/* An ioctl(2) command, as cap_ioctls_limit() and cap_ioctls_get() take it (FreeBSD's type). */
typedef unsigned long cap_ioctl_t;
#endif

#endif /* _SYS_CAPRIGHTS_H_ */
