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
#include "capsicum_kfuncs.h"	/* CAPSICUM_WALK_UNLESS_DOTDOT */
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
	CAPSICUM_CALL_FSTAT,	/* fstat, fstat64 */
	CAPSICUM_CALL_STATAT,	/* newfstatat, fstatat64 */
	CAPSICUM_CALL_STATX,
	CAPSICUM_CALL_ACCESSAT,	/* faccessat */
	CAPSICUM_CALL_ACCESSAT2,
	CAPSICUM_CALL_FSTATFS,	/* fstatfs, fstatfs64 */
	CAPSICUM_CALL_FCHMOD,
	CAPSICUM_CALL_FCHMODAT,
	CAPSICUM_CALL_FCHMODAT2,
	CAPSICUM_CALL_FCHOWN,	/* fchown, fchown32 */
	CAPSICUM_CALL_FCHOWNAT,
	CAPSICUM_CALL_FTRUNCATE, /* ftruncate, ftruncate64 */
	CAPSICUM_CALL_UTIMENSAT, /* utimensat, utimensat_time64 */
	CAPSICUM_CALL_FUTIMESAT,
	CAPSICUM_CALL_FCHDIR,
	CAPSICUM_CALL_FLOCK,
	CAPSICUM_CALL_IOCTL,
	CAPSICUM_CALL_FXATTR,	/* fgetxattr, fsetxattr, flistxattr, fremovexattr */
	CAPSICUM_CALL_SOCKET,	/* bind ... shutdown, send*, recv*: fd first */
	CAPSICUM_CALL_MKDIRAT,
	CAPSICUM_CALL_MKNODAT,
	CAPSICUM_CALL_UNLINKAT,
	CAPSICUM_CALL_RENAMEAT,	/* renameat, renameat2 */
	CAPSICUM_CALL_LINKAT,
	CAPSICUM_CALL_SYMLINKAT,
	CAPSICUM_CALL_READLINKAT,
	CAPSICUM_CALL_FANOTIFY_MARK,
	CAPSICUM_CALL_FANOTIFY_MARK32,	/* ia32: the mask takes two arguments */
	CAPSICUM_CALL_MMAP,	/* mmap, mmap2 */
	CAPSICUM_CALL_MPROTECT,
	CAPSICUM_CALL_PIDFD_OPEN,	/* opens a file of its own, no path */
	CAPSICUM_CALL_IO_URING,	/* io_uring_enter: acts for the ring's requests */
	CAPSICUM_CALL_CLONE,	/* clone, clone3: may make a pidfd (CLONE_PIDFD) */
	CAPSICUM_CALL_PIDFD_SEND_SIGNAL,
	CAPSICUM_CALL_NR
};

/**
 * struct capsicum_atargs - where a call names its descriptors and paths.
 * @fd: the descriptor the call acts on or through (the file itself, or
 *	the directory @path is relative to), or -1.
 * @path: the path relative to @fd, or -1 for calls that take none.
 * @flags: the AT_* flags argument, or -1.
 * @fd2: a second directory descriptor (renameat, linkat: the target), or -1.
 * @path2: its path, or -1.
 */
struct capsicum_atargs {
	s8 fd, path, flags, fd2, path2;
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
void capsicum_policy_init(void);
const struct capsicum_fdroles *capsicum_fdroles(enum capsicum_call call);
const struct capsicum_atargs *capsicum_atargs(enum capsicum_call call);
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
 * @exec_interp: the kernel's own open of an interpreter during
 *	execveat(fd, ...): an FMODE_EXEC open walked from AT_FDCWD while the
 *	call named a real descriptor (open_exec() of PT_INTERP or "#!").
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
	bool exec_interp;
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

/**
 * struct capsicum_at_facts - what a hook knows about one *at operation.
 * @kthread: a kernel thread acts (not checked).
 * @capmode: the task is in capability mode.
 * @cwd: the call named AT_FDCWD.
 * @self: the operation is on the descriptor itself (no path, an empty
 *	path with AT_EMPTY_PATH, or a call that takes no path).
 * @same: for @self: the descriptor still holds the object the hook sees.
 * @held: the descriptor's rights.
 * @path_relative: the path is known to be relative.
 * @beneath: the object lies beneath the directory descriptor.
 * @need: the right the operation needs (the "at" right unless @self).
 */
struct capsicum_at_facts {
	bool kthread;
	bool capmode;
	bool cwd;
	bool self;
	bool same;
	struct cap_rights held;
	bool path_relative;
	bool beneath;
	struct cap_rights need;
};

int capsicum_decide_at(const struct capsicum_at_facts *f);

/**
 * struct capsicum_walk_facts - what a hook knows about one step of a walk.
 * @kthread: a kernel thread walks (not checked).
 * @capmode: the walker is in capability mode.
 * @cwd: the walk started at AT_FDCWD.
 * @kernel_exec: the kernel's walk to an interpreter during execveat(fd, ...)
 *	(the call named a real descriptor, the walk AT_FDCWD).
 * @known: the walk's directory descriptor was found in the caller's table.
 * @limited: that descriptor has limited rights.
 * @beneath: the directory being searched lies beneath that descriptor.
 * @at_top: it is the descriptor's own directory, whose ".." is outside
 *	(it is not the process's root, where ".." stays).
 */
struct capsicum_walk_facts {
	bool kthread;
	bool capmode;
	bool cwd;
	bool kernel_exec;
	bool known;
	bool limited;
	bool beneath;
	bool at_top;
};

int capsicum_decide_walk(const struct capsicum_walk_facts *f);
int capsicum_decide_proc_link(bool capmode, bool own);
int capsicum_decide_exec(bool capmode, bool kthread, enum capsicum_call call,
			 bool same_file);
int capsicum_decide_unnamed(const struct capsicum_syscall *sc, bool capmode,
			    bool table_limited);
u64 capsicum_walk_right(const struct capsicum_syscall *sc, int which);
bool capsicum_fcntl_needed(unsigned int cmd, struct cap_rights *need,
			   u32 *fcntl);
bool capsicum_ioctl_needed(unsigned int cmd, struct cap_rights *need);
void capsicum_mmap_needed(unsigned long prot, unsigned long flags,
			  struct cap_rights *need);
int capsicum_decide_fd(const struct cap_rights *held, u32 held_fcntls,
		       const struct cap_rights *need, u32 fcntl);

#endif /* _CAPSICUM_POLICY_H */
