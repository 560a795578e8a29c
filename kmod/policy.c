// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - every capability decision (pure logic, no state).
 *
 * By stated policy, as in FreeBSD's sys_capability.c, all evaluation lives
 * here: which syscall the task is in, which rights an operation needs, and
 * whether an open is allowed.  When a fact is unknown the answer is the one
 * that grants fewer rights.
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include "policy.h"

/* The x32 ABI shares the x86-64 numbers, tagged with this bit. */
#define CAPSICUM_X32_BIT 0x40000000

struct capsicum_nr {
	int nr;
	enum capsicum_call call;
};

/* x86-64: arch/x86/entry/syscalls/syscall_64.tbl, "common" and "64" rows. */
static const struct capsicum_nr capsicum_native[] = {
	{ 0, CAPSICUM_CALL_READ },	{ 1, CAPSICUM_CALL_WRITE },
	{ 2, CAPSICUM_CALL_OPEN },	{ 17, CAPSICUM_CALL_PREAD },
	{ 18, CAPSICUM_CALL_PWRITE },	{ 19, CAPSICUM_CALL_READ },
	{ 20, CAPSICUM_CALL_WRITE },	{ 59, CAPSICUM_CALL_EXECVE },
	{ 78, CAPSICUM_CALL_GETDENTS },	{ 85, CAPSICUM_CALL_OPEN },
	{ 217, CAPSICUM_CALL_GETDENTS }, { 257, CAPSICUM_CALL_OPENAT },
	{ 295, CAPSICUM_CALL_PREAD },	{ 296, CAPSICUM_CALL_PWRITE },
	{ 322, CAPSICUM_CALL_EXECVEAT }, { 327, CAPSICUM_CALL_PREAD },
	{ 328, CAPSICUM_CALL_PWRITE },	{ 437, CAPSICUM_CALL_OPENAT },
	{ 3, CAPSICUM_CALL_CLOSE },	{ 32, CAPSICUM_CALL_DUP },
	{ 33, CAPSICUM_CALL_DUP2 },	{ 40, CAPSICUM_CALL_SENDFILE },
	{ 72, CAPSICUM_CALL_FCNTL },	{ 275, CAPSICUM_CALL_SPLICE },
	{ 276, CAPSICUM_CALL_TEE },	{ 292, CAPSICUM_CALL_DUP2 },
	{ 326, CAPSICUM_CALL_COPY_FILE_RANGE },
	{ 436, CAPSICUM_CALL_CLOSE },	{ 438, CAPSICUM_CALL_PIDFD_GETFD },
};

/* x32: the "common" rows above plus the "x32" rows of the same table. */
static const struct capsicum_nr capsicum_x32[] = {
	{ 0, CAPSICUM_CALL_READ },	{ 1, CAPSICUM_CALL_WRITE },
	{ 2, CAPSICUM_CALL_OPEN },	{ 17, CAPSICUM_CALL_PREAD },
	{ 18, CAPSICUM_CALL_PWRITE },	{ 78, CAPSICUM_CALL_GETDENTS },
	{ 85, CAPSICUM_CALL_OPEN },	{ 217, CAPSICUM_CALL_GETDENTS },
	{ 257, CAPSICUM_CALL_OPENAT },	{ 437, CAPSICUM_CALL_OPENAT },
	{ 515, CAPSICUM_CALL_READ },	{ 516, CAPSICUM_CALL_WRITE },
	{ 520, CAPSICUM_CALL_EXECVE },	{ 534, CAPSICUM_CALL_PREAD },
	{ 535, CAPSICUM_CALL_PWRITE },	{ 545, CAPSICUM_CALL_EXECVEAT },
	{ 546, CAPSICUM_CALL_PREAD },	{ 547, CAPSICUM_CALL_PWRITE },
	{ 3, CAPSICUM_CALL_CLOSE },	{ 32, CAPSICUM_CALL_DUP },
	{ 33, CAPSICUM_CALL_DUP2 },	{ 40, CAPSICUM_CALL_SENDFILE },
	{ 72, CAPSICUM_CALL_FCNTL },	{ 275, CAPSICUM_CALL_SPLICE },
	{ 276, CAPSICUM_CALL_TEE },	{ 292, CAPSICUM_CALL_DUP2 },
	{ 326, CAPSICUM_CALL_COPY_FILE_RANGE },
	{ 436, CAPSICUM_CALL_CLOSE },	{ 438, CAPSICUM_CALL_PIDFD_GETFD },
};

/* ia32: arch/x86/entry/syscalls/syscall_32.tbl. */
static const struct capsicum_nr capsicum_ia32[] = {
	{ 3, CAPSICUM_CALL_READ },	{ 4, CAPSICUM_CALL_WRITE },
	{ 5, CAPSICUM_CALL_OPEN },	{ 8, CAPSICUM_CALL_OPEN },
	{ 11, CAPSICUM_CALL_EXECVE },	{ 141, CAPSICUM_CALL_GETDENTS },
	{ 145, CAPSICUM_CALL_READ },	{ 146, CAPSICUM_CALL_WRITE },
	{ 180, CAPSICUM_CALL_PREAD },	{ 181, CAPSICUM_CALL_PWRITE },
	{ 220, CAPSICUM_CALL_GETDENTS }, { 295, CAPSICUM_CALL_OPENAT },
	{ 333, CAPSICUM_CALL_PREAD },	{ 334, CAPSICUM_CALL_PWRITE },
	{ 358, CAPSICUM_CALL_EXECVEAT }, { 378, CAPSICUM_CALL_PREAD },
	{ 379, CAPSICUM_CALL_PWRITE },	{ 437, CAPSICUM_CALL_OPENAT },
	{ 6, CAPSICUM_CALL_CLOSE },	{ 41, CAPSICUM_CALL_DUP },
	{ 55, CAPSICUM_CALL_FCNTL },	{ 63, CAPSICUM_CALL_DUP2 },
	{ 187, CAPSICUM_CALL_SENDFILE }, { 221, CAPSICUM_CALL_FCNTL },
	{ 239, CAPSICUM_CALL_SENDFILE }, { 313, CAPSICUM_CALL_SPLICE },
	{ 315, CAPSICUM_CALL_TEE },	{ 330, CAPSICUM_CALL_DUP2 },
	{ 377, CAPSICUM_CALL_COPY_FILE_RANGE },
	{ 436, CAPSICUM_CALL_CLOSE },	{ 438, CAPSICUM_CALL_PIDFD_GETFD },
};

static enum capsicum_call capsicum_lookup(const struct capsicum_nr *table,
					  size_t n, int nr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].nr == nr)
			return table[i].call;
	return CAPSICUM_CALL_OTHER;
}

/* preadv2/pwritev2 with offset -1 use the file position, like readv. */
static bool capsicum_positional(const struct capsicum_syscall *sc, int nr)
{
	bool v2;

	switch (sc->abi) {
	case CAPSICUM_ABI_NATIVE:
		v2 = nr == 327 || nr == 328;
		return !v2 || sc->args[3] != ~0UL;
	case CAPSICUM_ABI_X32:
		v2 = nr == 546 || nr == 547;
		return !v2 || sc->args[3] != ~0UL;
	case CAPSICUM_ABI_IA32:
		/* The offset comes split in two 32-bit halves. */
		v2 = nr == 378 || nr == 379;
		return !v2 || (u32)sc->args[3] != ~0U || (u32)sc->args[4] != ~0U;
	default:
		return true;
	}
}

/**
 * capsicum_classify() - tell which call a syscall number is.
 * @sc: @sc->abi and @sc->args already filled in; @sc->call and
 *	@sc->positional are set here.
 * @nr: the syscall number as the entry code saw it (orig_ax), or -1 when
 *	the task is not in a syscall.
 *
 * Numbers are looked up in the table of the ABI the syscall came through,
 * so an ia32 read (3) is not mistaken for a native close (3).
 */
void capsicum_classify(struct capsicum_syscall *sc, int nr)
{
	sc->positional = true;
	if (nr < 0 || sc->abi == CAPSICUM_ABI_NONE) {
		sc->call = CAPSICUM_CALL_NONE;
		return;
	}
	switch (sc->abi) {
	case CAPSICUM_ABI_NATIVE:
		sc->call = capsicum_lookup(capsicum_native,
					   ARRAY_SIZE(capsicum_native), nr);
		break;
	case CAPSICUM_ABI_X32:
		nr &= ~CAPSICUM_X32_BIT;
		sc->call = capsicum_lookup(capsicum_x32,
					   ARRAY_SIZE(capsicum_x32), nr);
		break;
	case CAPSICUM_ABI_IA32:
		sc->call = capsicum_lookup(capsicum_ia32,
					   ARRAY_SIZE(capsicum_ia32), nr);
		break;
	default:
		sc->call = CAPSICUM_CALL_OTHER;
		return;
	}
	if (sc->call == CAPSICUM_CALL_PREAD || sc->call == CAPSICUM_CALL_PWRITE)
		sc->positional = capsicum_positional(sc, nr);
}

#define CAPSICUM_NO_ROLES { -1, -1, -1, -1 }

/* Which arguments name the files a call reads and writes. */
static const struct capsicum_fdroles capsicum_roles[CAPSICUM_CALL_NR] = {
	[CAPSICUM_CALL_NONE] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_OTHER] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_READ] = { 0, -1, -1, -1 },
	[CAPSICUM_CALL_PREAD] = { 0, -1, -1, -1 },
	[CAPSICUM_CALL_WRITE] = { -1, -1, 0, -1 },
	[CAPSICUM_CALL_PWRITE] = { -1, -1, 0, -1 },
	[CAPSICUM_CALL_GETDENTS] = { 0, -1, -1, -1 },
	[CAPSICUM_CALL_OPEN] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_OPENAT] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_EXECVE] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_EXECVEAT] = CAPSICUM_NO_ROLES,
	/* sendfile(out, in, offset *, count) */
	[CAPSICUM_CALL_SENDFILE] = { 1, 2, 0, -1 },
	/* splice(in, off_in *, out, off_out *, ...), copy_file_range too */
	[CAPSICUM_CALL_SPLICE] = { 0, 1, 2, 3 },
	[CAPSICUM_CALL_TEE] = { 0, -1, 1, -1 },
	[CAPSICUM_CALL_COPY_FILE_RANGE] = { 0, 1, 2, 3 },
	[CAPSICUM_CALL_DUP] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_DUP2] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_FCNTL] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_CLOSE] = CAPSICUM_NO_ROLES,
	[CAPSICUM_CALL_PIDFD_GETFD] = CAPSICUM_NO_ROLES,
};

/**
 * capsicum_fdroles() - where @call names the files it reads and writes.
 * @call: the classified syscall.
 *
 * Return: the roles; every field -1 for calls that name none.
 */
const struct capsicum_fdroles *capsicum_fdroles(enum capsicum_call call)
{
	if (call >= CAPSICUM_CALL_NR)
		call = CAPSICUM_CALL_OTHER;
	return &capsicum_roles[call];
}

/**
 * capsicum_rw_fdarg() - which argument names the file a read or write uses.
 * @sc: the classified syscall.
 * @mask: the file_permission mask: MAY_READ, or MAY_WRITE / MAY_APPEND.
 *
 * Return: the argument index, or -1 when the call names no such file (or
 * the mask asks both ways, which no syscall does).
 */
int capsicum_rw_fdarg(const struct capsicum_syscall *sc, int mask)
{
	const struct capsicum_fdroles *r = capsicum_fdroles(sc->call);
	bool rd = mask & MAY_READ, wr = mask & (MAY_WRITE | MAY_APPEND);

	if (rd && !wr)
		return r->rfd;
	if (wr && !rd)
		return r->wfd;
	return -1;
}

/**
 * capsicum_rw_needed() - rights a read or write access to a file needs.
 * @sc: the classified syscall.
 * @mask: MAY_READ and/or MAY_WRITE (MAY_APPEND counts as a write), as
 *	the file_permission hook gives it.
 * @fd_known: the file was found in the slot capsicum_rw_fdarg() names.
 * @need: out: the rights needed.
 *
 * read, readv and getdents need CAP_READ; pread64, preadv and preadv2 with
 * an offset need CAP_PREAD; writes likewise.  sendfile, splice and
 * copy_file_range need CAP_READ on the file read and CAP_WRITE on the file
 * written, plus CAP_SEEK on a side given an offset; tee needs CAP_READ and
 * CAP_WRITE.  Any other caller of the hook (io_uring, a call the policy
 * does not know, a file found in no named slot) needs the positional
 * right, the larger of the two, since the policy cannot tell whether an
 * offset is used.  A kernel thread proper reads for the kernel and needs
 * nothing.
 *
 * Return: 0.
 */
int capsicum_rw_needed(const struct capsicum_syscall *sc, int mask,
		       bool fd_known, struct cap_rights *need)
{
	const struct capsicum_fdroles *r = capsicum_fdroles(sc->call);
	enum capsicum_call call = sc->call;
	int off;

	capsicum_rights_init_none(need);
	if (sc->kthread)
		return 0;
	if (mask & MAY_READ) {
		off = r->roff;
		if (call == CAPSICUM_CALL_PREAD && sc->positional)
			capsicum_rights_add(need, CAP_PREAD);
		else if (fd_known && r->rfd >= 0)
			capsicum_rights_add(need, off >= 0 && sc->args[off] ?
					    CAP_PREAD : CAP_READ);
		else
			capsicum_rights_add(need, CAP_PREAD);
	}
	if (mask & (MAY_WRITE | MAY_APPEND)) {
		off = r->woff;
		if (call == CAPSICUM_CALL_PWRITE && sc->positional)
			capsicum_rights_add(need, CAP_PWRITE);
		else if (fd_known && r->wfd >= 0)
			capsicum_rights_add(need, off >= 0 && sc->args[off] ?
					    CAP_PWRITE : CAP_WRITE);
		else
			capsicum_rights_add(need, CAP_PWRITE);
	}
	return 0;
}

/**
 * capsicum_open_needed() - rights openat needs on its directory descriptor.
 * @f_flags: the new file's f_flags at file_open time (the kernel's own
 *	copy of the open flags: O_CREAT and O_TRUNC are still there).
 * @f_mode: the new file's f_mode.
 * @need: out: CAP_LOOKUP plus the rights the flags imply (CAPSICUM.md §3).
 */
void capsicum_open_needed(unsigned int f_flags, unsigned int f_mode,
			  struct cap_rights *need)
{
	capsicum_rights_init_none(need);
	capsicum_rights_add(need, CAP_LOOKUP);
	if (f_flags & O_PATH)
		return;
	if (f_mode & (__force unsigned int)FMODE_READ)
		capsicum_rights_add(need, CAP_READ);
	if (f_mode & (__force unsigned int)FMODE_WRITE) {
		capsicum_rights_add(need, CAP_WRITE);
		if (!(f_flags & (O_APPEND | O_TRUNC)))
			capsicum_rights_add(need, CAP_SEEK);
	}
	if (f_flags & O_CREAT)
		capsicum_rights_add(need, CAP_CREATE);
	if (f_flags & O_TRUNC)
		capsicum_rights_add(need, CAP_FTRUNCATE);
	if (f_flags & (__O_SYNC | O_DSYNC))
		capsicum_rights_add(need, CAP_FSYNC);
	if (f_flags & __FMODE_EXEC)
		capsicum_rights_add(need, CAP_FEXECVE);
}

/**
 * capsicum_create_needed() - rights openat(O_CREAT) needs to make a name.
 * @need: out: CAP_LOOKUP and CAP_CREATE on the directory descriptor.
 *
 * Checked before the name is made; the rest of the flags' rights are
 * checked when the file is opened.
 */
void capsicum_create_needed(struct cap_rights *need)
{
	capsicum_rights_init_none(need);
	capsicum_rights_add(need, CAP_LOOKUP | CAP_CREATE);
}

/**
 * capsicum_open_uses_dirfd() - does @call take a directory descriptor?
 * @call: the classified syscall.
 *
 * Return: true for openat, openat2 and execveat (first argument).
 */
bool capsicum_open_uses_dirfd(enum capsicum_call call)
{
	return call == CAPSICUM_CALL_OPENAT || call == CAPSICUM_CALL_EXECVEAT;
}

static int capsicum_decide_lookup(const struct capsicum_open_facts *f,
				  const struct cap_rights *need)
{
	if (!capsicum_rights_contains(&f->dir_rights, need))
		return -ENOTCAPABLE;
	if (!f->path_relative || !f->beneath)
		return -ENOTCAPABLE;
	return 0;
}

/**
 * capsicum_decide_open() - may this open go ahead?
 * @f: the facts the file_open hook gathered.
 *
 * Capability mode refuses every open that does not start at a directory
 * descriptor (open, creat, openat(AT_FDCWD), execve, and any call the
 * policy does not know); a relative openat needs the rights of
 * capsicum_open_needed() on the directory descriptor and must end beneath
 * it.  The same lookup rules apply outside capability mode when the
 * directory descriptor has limited rights; an open whose directory
 * descriptor cannot be known is refused while the opener holds any
 * limited file.  Only execveat(fd, "",
 * AT_EMPTY_PATH) with CAP_FEXECVE may exec in capability mode.  Kernel
 * threads open files for the kernel, not for a task, and are not checked.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
int capsicum_decide_open(const struct capsicum_open_facts *f)
{
	struct cap_rights need;

	if (f->kthread)
		return 0;
	switch (f->call) {
	case CAPSICUM_CALL_OPENAT:
		if (!f->has_dirfd)
			return f->capmode ? -ECAPMODE : 0;
		if (!f->capmode && !f->dir_limited)
			return 0;
		return capsicum_decide_lookup(f, &f->need);
	case CAPSICUM_CALL_EXECVEAT:
		capsicum_rights_init_none(&need);
		if (f->exec_empty_path) {
			capsicum_rights_add(&need, CAP_FEXECVE);
			if (!capsicum_rights_contains(&f->dir_rights, &need))
				return -ENOTCAPABLE;
			return 0;
		}
		if (f->capmode)
			return -ECAPMODE;
		if (!f->has_dirfd || !f->dir_limited)
			return 0;
		capsicum_rights_add(&need, CAP_LOOKUP | CAP_FEXECVE);
		return capsicum_decide_lookup(f, &need);
	case CAPSICUM_CALL_OPEN:
	case CAPSICUM_CALL_EXECVE:
		return f->capmode ? -ECAPMODE : 0;
	default:
		/*
		 * No syscall (an io-wq worker) or one we do not know
		 * (io_uring_enter, open_by_handle_at, ...): it may have used a
		 * limited directory descriptor we cannot see.
		 */
		if (f->capmode)
			return -ECAPMODE;
		return f->table_limited ? -ENOTCAPABLE : 0;
	}
}

/**
 * capsicum_decide_alloc() - a capability-mode task is getting a new file.
 * @sc: the classified syscall.
 * @capmode: the task is in capability mode.
 * @has_dirfd: @sc names a real directory descriptor (not AT_FDCWD).
 *
 * O_PATH opens never reach file_open, so capability mode is enforced
 * here, where every file is born: a call that starts at the global
 * namespace (open, creat, openat(AT_FDCWD), execve, execveat(AT_FDCWD)) is
 * refused.  Every other file a capability-mode task makes is tagged as
 * not validated; file_open clears the tag of the ones it checks, and a
 * tagged O_PATH file has no rights at all (capsicum_effective_rights()),
 * which shuts out open_tree(), fsmount(), open_by_handle_at(O_PATH) and
 * openat(O_PATH) lookups that file_open never saw.
 *
 * Return: -ECAPMODE, or a &enum capsicum_alloc.
 */
int capsicum_decide_alloc(const struct capsicum_syscall *sc, bool capmode,
			  bool has_dirfd)
{
	if (!capmode || sc->kthread)
		return CAPSICUM_ALLOC_PLAIN;
	switch (sc->call) {
	case CAPSICUM_CALL_OPEN:
	case CAPSICUM_CALL_EXECVE:
		return -ECAPMODE;
	case CAPSICUM_CALL_OPENAT:
	case CAPSICUM_CALL_EXECVEAT:
		return has_dirfd ? CAPSICUM_ALLOC_TAG : -ECAPMODE;
	default:
		return CAPSICUM_ALLOC_TAG;
	}
}

/**
 * capsicum_effective_rights() - the rights a file really has.
 * @rights: in: the stored rights; out: the effective ones.
 * @unvalidated: the file was made in capability mode and no file_open
 *	checked it.
 * @o_path: the file is an O_PATH file (FMODE_PATH).
 *
 * An unvalidated O_PATH file may point anywhere: it has no rights.
 * Unvalidated anonymous files (pipes, sockets, eventfds, memfds) keep
 * their stored rights.
 */
void capsicum_effective_rights(struct cap_rights *rights, bool unvalidated,
			       bool o_path)
{
	if (unvalidated && o_path)
		capsicum_rights_init_none(rights);
}

/**
 * capsicum_enforced_rights() - the rights this module checks in full.
 * @rights: out: every right whose absence some hook enforces for every
 *	operation FreeBSD governs with it.
 *
 * Rights checked only in part (CAP_SEEK within pread/pwrite but not by
 * lseek, CAP_FSYNC and CAP_FTRUNCATE within openat only) are left out:
 * user space lists what is missing here as not enforced.
 */
void capsicum_enforced_rights(struct cap_rights *rights)
{
	capsicum_rights_init_none(rights);
	capsicum_rights_add(rights, CAP_READ | CAP_WRITE | CAP_LOOKUP |
			    CAP_CREATE | CAP_FEXECVE);
}
