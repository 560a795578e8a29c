/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - every capability decision (pure logic, no state).
 *
 * The hooks gather facts (which syscall, which descriptor, which rights)
 * and this file alone decides what they mean; KUnit tests it directly.
 */
#ifndef _CAPSICUM_POLICY_H
#define _CAPSICUM_POLICY_H

#include <linux/types.h>
#include "rights.h"

/* Which syscall table the current syscall came through. */
enum capsicum_abi {
	CAPSICUM_ABI_NONE,	/* no user syscall: kernel thread, io-wq worker */
	CAPSICUM_ABI_NATIVE,	/* x86-64 */
	CAPSICUM_ABI_X32,	/* x32: x86-64 numbers with __X32_SYSCALL_BIT */
	CAPSICUM_ABI_IA32,	/* int 0x80, sysenter, 32-bit syscall */
};

/* The calls the policy tells apart; anything else is CAPSICUM_CALL_OTHER. */
enum capsicum_call {
	CAPSICUM_CALL_NONE,	/* not in a syscall */
	CAPSICUM_CALL_OTHER,
	CAPSICUM_CALL_READ,	/* read, readv */
	CAPSICUM_CALL_PREAD,	/* pread64, preadv, preadv2 */
	CAPSICUM_CALL_WRITE,	/* write, writev */
	CAPSICUM_CALL_PWRITE,	/* pwrite64, pwritev, pwritev2 */
	CAPSICUM_CALL_GETDENTS,	/* getdents, getdents64 */
	CAPSICUM_CALL_OPEN,	/* open, creat: path only */
	CAPSICUM_CALL_OPENAT,	/* openat, openat2 */
	CAPSICUM_CALL_EXECVE,
	CAPSICUM_CALL_EXECVEAT,
	CAPSICUM_CALL_SENDFILE,	/* sendfile, sendfile64 */
	CAPSICUM_CALL_SPLICE,
	CAPSICUM_CALL_TEE,
	CAPSICUM_CALL_COPY_FILE_RANGE,
	CAPSICUM_CALL_DUP,	/* dup: the copy is the return value */
	CAPSICUM_CALL_DUP2,	/* dup2, dup3: the copy is the second argument */
	CAPSICUM_CALL_FCNTL,	/* fcntl, fcntl64 */
	CAPSICUM_CALL_CLOSE,	/* close, close_range */
	CAPSICUM_CALL_PIDFD_GETFD,
	CAPSICUM_CALL_NR
};

/**
 * struct capsicum_fdroles - where a call names the files it reads and writes.
 * @rfd: the argument holding the descriptor read from, or -1.
 * @roff: the argument holding its offset pointer (non-NULL: positional), or -1.
 * @wfd: the argument holding the descriptor written to, or -1.
 * @woff: likewise for it.
 */
struct capsicum_fdroles {
	s8 rfd, roff, wfd, woff;
};

/**
 * struct capsicum_syscall - the syscall the current task is in.
 * @abi: the table it came through.
 * @kthread: a kernel thread proper (io-wq workers are not).
 * @call: what it is, as far as the policy cares.
 * @args: its six arguments (zero-extended for ia32).
 * @positional: for PREAD/PWRITE: false when preadv2/pwritev2 were given
 *	offset -1, which means "the file position", as read/write.
 */
struct capsicum_syscall {
	enum capsicum_abi abi;
	bool kthread;
	enum capsicum_call call;
	unsigned long args[6];
	bool positional;
};

void capsicum_classify(struct capsicum_syscall *sc, int nr);
const struct capsicum_fdroles *capsicum_fdroles(enum capsicum_call call);
int capsicum_rw_fdarg(const struct capsicum_syscall *sc, int mask);
int capsicum_rw_needed(const struct capsicum_syscall *sc, int mask,
		       bool fd_known, struct cap_rights *need);
void capsicum_open_needed(unsigned int f_flags, unsigned int f_mode,
			  struct cap_rights *need);

/**
 * struct capsicum_open_facts - what file_open knows about one open.
 * @call: the syscall doing the open.
 * @kthread: the opener is a kernel thread (not an io-wq worker).
 * @capmode: the opener is in capability mode.
 * @has_dirfd: the call names a real directory descriptor (not AT_FDCWD).
 * @dir_limited: that descriptor has limited rights, in @dir_rights.
 * @dir_rights: the rights of the descriptor (all rights if unlimited).
 * @path_relative: the path is known to be relative (false: absolute or
 *	unreadable).
 * @beneath: the opened file lies beneath the directory descriptor.
 * @exec_empty_path: execveat(fd, "", AT_EMPTY_PATH) re-opening fd's file.
 * @table_limited: the opener's descriptor table holds a file with limited
 *	rights (only gathered when the call's directory descriptor is unknown).
 * @need: the rights the open needs on the directory descriptor.
 */
struct capsicum_open_facts {
	enum capsicum_call call;
	bool kthread;
	bool capmode;
	bool has_dirfd;
	bool dir_limited;
	struct cap_rights dir_rights;
	bool path_relative;
	bool beneath;
	bool exec_empty_path;
	bool table_limited;
	struct cap_rights need;
};

int capsicum_decide_open(const struct capsicum_open_facts *facts);

/* What file_alloc_security does with a file a capability-mode task makes. */
enum capsicum_alloc {
	CAPSICUM_ALLOC_PLAIN,	/* nothing to remember */
	CAPSICUM_ALLOC_TAG,	/* remember it as not yet validated */
};

int capsicum_decide_alloc(const struct capsicum_syscall *sc, bool capmode,
			  bool has_dirfd);
void capsicum_effective_rights(struct cap_rights *rights, bool unvalidated,
			       bool o_path);
bool capsicum_open_uses_dirfd(enum capsicum_call call);
void capsicum_create_needed(struct cap_rights *need);
void capsicum_enforced_rights(struct cap_rights *rights);

#endif /* _CAPSICUM_POLICY_H */
