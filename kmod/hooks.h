/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - the kfuncs behind the BPF-LSM programs.
 */
#ifndef _CAPSICUM_HOOKS_H
#define _CAPSICUM_HOOKS_H

int capsicum_hooks_register(void);

#endif /* _CAPSICUM_HOOKS_H */
