/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - the kfuncs behind the BPF-LSM programs.
 */
#ifndef _CAPSICUM_HOOKS_H
#define _CAPSICUM_HOOKS_H

#include <linux/btf.h>

/*
 * 6.1 has none of these; its kfuncs are plain global functions, which are
 * never inlined away since nothing in C calls them.
 */
#ifndef __bpf_kfunc
#define __bpf_kfunc __used
#endif
#ifndef __bpf_kfunc_start_defs
#define __bpf_kfunc_start_defs()
#define __bpf_kfunc_end_defs()
#endif

struct capsicum_syscall;

int capsicum_hooks_register(void);
void capsicum_current_syscall(struct capsicum_syscall *sc);

#endif /* _CAPSICUM_HOOKS_H */
