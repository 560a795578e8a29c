/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - the seccomp layer of capability mode.
 *
 * What capability mode refuses by syscall number or by a register
 * argument is a table of rules (seccomp.c); from it the module builds one
 * classic-BPF seccomp filter, which libcapsicum installs on every thread
 * before CAPSICUM_IOC_ENTER.
 */
#ifndef _CAPSICUM_SECCOMP_H
#define _CAPSICUM_SECCOMP_H

#include <linux/types.h>

struct sock_filter;
struct task_struct;

/* What makes a rule refuse its syscall; "low" is the low 32 bits. */
enum capsicum_seccomp_kind {
	CAPSICUM_SC_ALWAYS,	/* whatever the arguments */
	CAPSICUM_SC_AT_FDCWD,	/* argument @arg (low) is AT_FDCWD */
	CAPSICUM_SC_FLAGS,	/* argument @arg (low) has a bit of @value */
	CAPSICUM_SC_NONZERO,	/* argument @arg (all 64 bits) is not 0 */
	CAPSICUM_SC_PID_LE0,	/* argument @arg (low), as a pid_t, is <= 0 */
	CAPSICUM_SC_UNLESS,	/* argument @arg (low) is not @value */
};

/**
 * struct capsicum_seccomp_rule - one reason to refuse one x86-64 syscall.
 * @name: the syscall's name, for messages and documentation.
 * @nr: its x86-64 number.
 * @kind: enum capsicum_seccomp_kind.
 * @arg: the argument the rule looks at (0-5); unused for ALWAYS.
 * @value: the mask (FLAGS) or the one allowed value (UNLESS).
 *
 * A syscall may have several rules (renameat: either directory
 * descriptor); it is refused when any of them says so.
 */
struct capsicum_seccomp_rule {
	const char *name;
	u16 nr;
	u8 kind;
	u8 arg;
	u32 value;
};

extern const struct capsicum_seccomp_rule capsicum_seccomp_rules[];
extern const unsigned int capsicum_seccomp_nr_rules;

/*
 * x86-64 numbers from here up are refused: no kernel this module was
 * written for has them, so no rule can say what they do.
 */
#define CAPSICUM_SECCOMP_NR_END 463

unsigned int capsicum_seccomp_build(struct sock_filter *prog,
				    unsigned int room);
bool capsicum_seccomp_all_threads_filtered(struct task_struct *leader);

#endif /* _CAPSICUM_SECCOMP_H */
