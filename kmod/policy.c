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
#include <linux/ioctl.h>
#include <linux/mman.h>
#include <linux/spinlock.h>
#include <asm/ioctls.h>
#include "policy.h"

/* The x32 ABI shares the x86-64 numbers, tagged with this bit. */
#define CAPSICUM_X32_BIT 0x40000000

struct capsicum_nr {
	u16 nr;
	u8 call;
};

/* x86-64: arch/x86/entry/syscalls/syscall_64.tbl, "common" and "64" rows. */
static const struct capsicum_nr capsicum_native[] = {
	{ 0, CAPSICUM_CALL_READ }, { 1, CAPSICUM_CALL_WRITE },
	{ 2, CAPSICUM_CALL_OPEN }, { 3, CAPSICUM_CALL_CLOSE },
	{ 5, CAPSICUM_CALL_FSTAT }, { 9, CAPSICUM_CALL_MMAP },
	{ 10, CAPSICUM_CALL_MPROTECT }, { 16, CAPSICUM_CALL_IOCTL },
	{ 17, CAPSICUM_CALL_PREAD }, { 18, CAPSICUM_CALL_PWRITE },
	{ 19, CAPSICUM_CALL_READ }, { 20, CAPSICUM_CALL_WRITE },
	{ 32, CAPSICUM_CALL_DUP }, { 33, CAPSICUM_CALL_DUP2 },
	{ 40, CAPSICUM_CALL_SENDFILE }, { 42, CAPSICUM_CALL_SOCKET },
	{ 43, CAPSICUM_CALL_SOCKET }, { 44, CAPSICUM_CALL_SOCKET },
	{ 45, CAPSICUM_CALL_SOCKET }, { 46, CAPSICUM_CALL_SOCKET },
	{ 47, CAPSICUM_CALL_SOCKET }, { 48, CAPSICUM_CALL_SOCKET },
	{ 49, CAPSICUM_CALL_SOCKET }, { 50, CAPSICUM_CALL_SOCKET },
	{ 51, CAPSICUM_CALL_SOCKET }, { 52, CAPSICUM_CALL_SOCKET },
	{ 54, CAPSICUM_CALL_SOCKET }, { 55, CAPSICUM_CALL_SOCKET },
	{ 56, CAPSICUM_CALL_CLONE },
	{ 59, CAPSICUM_CALL_EXECVE }, { 72, CAPSICUM_CALL_FCNTL },
	{ 73, CAPSICUM_CALL_FLOCK }, { 77, CAPSICUM_CALL_FTRUNCATE },
	{ 78, CAPSICUM_CALL_GETDENTS }, { 81, CAPSICUM_CALL_FCHDIR },
	{ 85, CAPSICUM_CALL_OPEN }, { 91, CAPSICUM_CALL_FCHMOD },
	{ 93, CAPSICUM_CALL_FCHOWN }, { 138, CAPSICUM_CALL_FSTATFS },
	{ 190, CAPSICUM_CALL_FXATTR }, { 193, CAPSICUM_CALL_FXATTR },
	{ 196, CAPSICUM_CALL_FXATTR }, { 199, CAPSICUM_CALL_FXATTR },
	{ 217, CAPSICUM_CALL_GETDENTS }, { 257, CAPSICUM_CALL_OPENAT },
	{ 258, CAPSICUM_CALL_MKDIRAT }, { 259, CAPSICUM_CALL_MKNODAT },
	{ 260, CAPSICUM_CALL_FCHOWNAT }, { 261, CAPSICUM_CALL_FUTIMESAT },
	{ 262, CAPSICUM_CALL_STATAT }, { 263, CAPSICUM_CALL_UNLINKAT },
	{ 264, CAPSICUM_CALL_RENAMEAT }, { 265, CAPSICUM_CALL_LINKAT },
	{ 266, CAPSICUM_CALL_SYMLINKAT }, { 267, CAPSICUM_CALL_READLINKAT },
	{ 268, CAPSICUM_CALL_FCHMODAT }, { 269, CAPSICUM_CALL_ACCESSAT },
	{ 275, CAPSICUM_CALL_SPLICE }, { 276, CAPSICUM_CALL_TEE },
	{ 280, CAPSICUM_CALL_UTIMENSAT }, { 285, CAPSICUM_CALL_PWRITE },
	{ 288, CAPSICUM_CALL_SOCKET }, { 292, CAPSICUM_CALL_DUP2 },
	{ 295, CAPSICUM_CALL_PREAD }, { 296, CAPSICUM_CALL_PWRITE },
	{ 299, CAPSICUM_CALL_SOCKET }, { 301, CAPSICUM_CALL_FANOTIFY_MARK },
	{ 307, CAPSICUM_CALL_SOCKET }, { 316, CAPSICUM_CALL_RENAMEAT },
	{ 322, CAPSICUM_CALL_EXECVEAT }, { 326, CAPSICUM_CALL_COPY_FILE_RANGE },
	{ 327, CAPSICUM_CALL_PREAD }, { 328, CAPSICUM_CALL_PWRITE },
	{ 332, CAPSICUM_CALL_STATX }, { 424, CAPSICUM_CALL_PIDFD_SEND_SIGNAL },
	{ 426, CAPSICUM_CALL_IO_URING }, { 434, CAPSICUM_CALL_PIDFD_OPEN },
	{ 435, CAPSICUM_CALL_CLONE }, { 436, CAPSICUM_CALL_CLOSE },
	{ 437, CAPSICUM_CALL_OPENAT }, { 438, CAPSICUM_CALL_PIDFD_GETFD },
	{ 439, CAPSICUM_CALL_ACCESSAT2 }, { 452, CAPSICUM_CALL_FCHMODAT2 },
};

/* x32: the "common" rows above plus the "x32" rows of the same table. */
static const struct capsicum_nr capsicum_x32[] = {
	{ 0, CAPSICUM_CALL_READ }, { 1, CAPSICUM_CALL_WRITE },
	{ 2, CAPSICUM_CALL_OPEN }, { 3, CAPSICUM_CALL_CLOSE },
	{ 5, CAPSICUM_CALL_FSTAT }, { 9, CAPSICUM_CALL_MMAP },
	{ 10, CAPSICUM_CALL_MPROTECT }, { 16, CAPSICUM_CALL_IOCTL },
	{ 17, CAPSICUM_CALL_PREAD }, { 18, CAPSICUM_CALL_PWRITE },
	{ 32, CAPSICUM_CALL_DUP }, { 33, CAPSICUM_CALL_DUP2 },
	{ 40, CAPSICUM_CALL_SENDFILE }, { 42, CAPSICUM_CALL_SOCKET },
	{ 43, CAPSICUM_CALL_SOCKET }, { 44, CAPSICUM_CALL_SOCKET },
	{ 45, CAPSICUM_CALL_SOCKET }, { 46, CAPSICUM_CALL_SOCKET },
	{ 47, CAPSICUM_CALL_SOCKET }, { 48, CAPSICUM_CALL_SOCKET },
	{ 49, CAPSICUM_CALL_SOCKET }, { 50, CAPSICUM_CALL_SOCKET },
	{ 51, CAPSICUM_CALL_SOCKET }, { 52, CAPSICUM_CALL_SOCKET },
	{ 54, CAPSICUM_CALL_SOCKET }, { 55, CAPSICUM_CALL_SOCKET },
	{ 56, CAPSICUM_CALL_CLONE },
	{ 72, CAPSICUM_CALL_FCNTL }, { 73, CAPSICUM_CALL_FLOCK },
	{ 77, CAPSICUM_CALL_FTRUNCATE }, { 78, CAPSICUM_CALL_GETDENTS },
	{ 81, CAPSICUM_CALL_FCHDIR }, { 85, CAPSICUM_CALL_OPEN },
	{ 91, CAPSICUM_CALL_FCHMOD }, { 93, CAPSICUM_CALL_FCHOWN },
	{ 138, CAPSICUM_CALL_FSTATFS }, { 190, CAPSICUM_CALL_FXATTR },
	{ 193, CAPSICUM_CALL_FXATTR }, { 196, CAPSICUM_CALL_FXATTR },
	{ 199, CAPSICUM_CALL_FXATTR }, { 217, CAPSICUM_CALL_GETDENTS },
	{ 257, CAPSICUM_CALL_OPENAT }, { 258, CAPSICUM_CALL_MKDIRAT },
	{ 259, CAPSICUM_CALL_MKNODAT }, { 260, CAPSICUM_CALL_FCHOWNAT },
	{ 261, CAPSICUM_CALL_FUTIMESAT }, { 262, CAPSICUM_CALL_STATAT },
	{ 263, CAPSICUM_CALL_UNLINKAT }, { 264, CAPSICUM_CALL_RENAMEAT },
	{ 265, CAPSICUM_CALL_LINKAT }, { 266, CAPSICUM_CALL_SYMLINKAT },
	{ 267, CAPSICUM_CALL_READLINKAT }, { 268, CAPSICUM_CALL_FCHMODAT },
	{ 269, CAPSICUM_CALL_ACCESSAT }, { 275, CAPSICUM_CALL_SPLICE },
	{ 276, CAPSICUM_CALL_TEE }, { 280, CAPSICUM_CALL_UTIMENSAT },
	{ 285, CAPSICUM_CALL_PWRITE }, { 288, CAPSICUM_CALL_SOCKET },
	{ 292, CAPSICUM_CALL_DUP2 }, { 301, CAPSICUM_CALL_FANOTIFY_MARK },
	{ 316, CAPSICUM_CALL_RENAMEAT }, { 326, CAPSICUM_CALL_COPY_FILE_RANGE },
	{ 332, CAPSICUM_CALL_STATX }, { 424, CAPSICUM_CALL_PIDFD_SEND_SIGNAL },
	{ 426, CAPSICUM_CALL_IO_URING }, { 434, CAPSICUM_CALL_PIDFD_OPEN },
	{ 435, CAPSICUM_CALL_CLONE }, { 436, CAPSICUM_CALL_CLOSE },
	{ 437, CAPSICUM_CALL_OPENAT }, { 438, CAPSICUM_CALL_PIDFD_GETFD },
	{ 439, CAPSICUM_CALL_ACCESSAT2 }, { 452, CAPSICUM_CALL_FCHMODAT2 },
	{ 514, CAPSICUM_CALL_IOCTL }, { 515, CAPSICUM_CALL_READ },
	{ 516, CAPSICUM_CALL_WRITE }, { 517, CAPSICUM_CALL_SOCKET },
	{ 518, CAPSICUM_CALL_SOCKET }, { 519, CAPSICUM_CALL_SOCKET },
	{ 520, CAPSICUM_CALL_EXECVE }, { 534, CAPSICUM_CALL_PREAD },
	{ 535, CAPSICUM_CALL_PWRITE }, { 537, CAPSICUM_CALL_SOCKET },
	{ 538, CAPSICUM_CALL_SOCKET }, { 541, CAPSICUM_CALL_SOCKET },
	{ 542, CAPSICUM_CALL_SOCKET }, { 545, CAPSICUM_CALL_EXECVEAT },
	{ 546, CAPSICUM_CALL_PREAD }, { 547, CAPSICUM_CALL_PWRITE },
};

/* ia32: arch/x86/entry/syscalls/syscall_32.tbl. */
static const struct capsicum_nr capsicum_ia32[] = {
	{ 3, CAPSICUM_CALL_READ }, { 4, CAPSICUM_CALL_WRITE },
	{ 5, CAPSICUM_CALL_OPEN }, { 6, CAPSICUM_CALL_CLOSE },
	{ 8, CAPSICUM_CALL_OPEN }, { 11, CAPSICUM_CALL_EXECVE },
	{ 28, CAPSICUM_CALL_FSTAT }, { 41, CAPSICUM_CALL_DUP },
	{ 54, CAPSICUM_CALL_IOCTL },
	{ 55, CAPSICUM_CALL_FCNTL }, { 63, CAPSICUM_CALL_DUP2 },
	{ 89, CAPSICUM_CALL_GETDENTS }, { 93, CAPSICUM_CALL_FTRUNCATE },
	{ 94, CAPSICUM_CALL_FCHMOD },
	{ 95, CAPSICUM_CALL_FCHOWN }, { 100, CAPSICUM_CALL_FSTATFS },
	{ 108, CAPSICUM_CALL_FSTAT }, { 120, CAPSICUM_CALL_CLONE },
	{ 125, CAPSICUM_CALL_MPROTECT },
	{ 133, CAPSICUM_CALL_FCHDIR }, { 141, CAPSICUM_CALL_GETDENTS },
	{ 143, CAPSICUM_CALL_FLOCK }, { 145, CAPSICUM_CALL_READ },
	{ 146, CAPSICUM_CALL_WRITE }, { 180, CAPSICUM_CALL_PREAD },
	{ 181, CAPSICUM_CALL_PWRITE }, { 187, CAPSICUM_CALL_SENDFILE },
	{ 192, CAPSICUM_CALL_MMAP }, { 194, CAPSICUM_CALL_FTRUNCATE },
	{ 197, CAPSICUM_CALL_FSTAT }, { 207, CAPSICUM_CALL_FCHOWN },
	{ 220, CAPSICUM_CALL_GETDENTS }, { 221, CAPSICUM_CALL_FCNTL },
	{ 228, CAPSICUM_CALL_FXATTR }, { 231, CAPSICUM_CALL_FXATTR },
	{ 234, CAPSICUM_CALL_FXATTR }, { 237, CAPSICUM_CALL_FXATTR },
	{ 239, CAPSICUM_CALL_SENDFILE }, { 269, CAPSICUM_CALL_FSTATFS },
	{ 295, CAPSICUM_CALL_OPENAT }, { 296, CAPSICUM_CALL_MKDIRAT },
	{ 297, CAPSICUM_CALL_MKNODAT }, { 298, CAPSICUM_CALL_FCHOWNAT },
	{ 299, CAPSICUM_CALL_FUTIMESAT }, { 300, CAPSICUM_CALL_STATAT },
	{ 301, CAPSICUM_CALL_UNLINKAT }, { 302, CAPSICUM_CALL_RENAMEAT },
	{ 303, CAPSICUM_CALL_LINKAT }, { 304, CAPSICUM_CALL_SYMLINKAT },
	{ 305, CAPSICUM_CALL_READLINKAT }, { 306, CAPSICUM_CALL_FCHMODAT },
	{ 307, CAPSICUM_CALL_ACCESSAT }, { 313, CAPSICUM_CALL_SPLICE },
	{ 315, CAPSICUM_CALL_TEE }, { 320, CAPSICUM_CALL_UTIMENSAT },
	{ 324, CAPSICUM_CALL_PWRITE }, { 330, CAPSICUM_CALL_DUP2 },
	{ 333, CAPSICUM_CALL_PREAD }, { 334, CAPSICUM_CALL_PWRITE },
	{ 337, CAPSICUM_CALL_SOCKET }, { 339, CAPSICUM_CALL_FANOTIFY_MARK32 },
	{ 345, CAPSICUM_CALL_SOCKET }, { 353, CAPSICUM_CALL_RENAMEAT },
	{ 358, CAPSICUM_CALL_EXECVEAT }, { 361, CAPSICUM_CALL_SOCKET },
	{ 362, CAPSICUM_CALL_SOCKET }, { 363, CAPSICUM_CALL_SOCKET },
	{ 364, CAPSICUM_CALL_SOCKET }, { 365, CAPSICUM_CALL_SOCKET },
	{ 366, CAPSICUM_CALL_SOCKET }, { 367, CAPSICUM_CALL_SOCKET },
	{ 368, CAPSICUM_CALL_SOCKET }, { 369, CAPSICUM_CALL_SOCKET },
	{ 370, CAPSICUM_CALL_SOCKET }, { 371, CAPSICUM_CALL_SOCKET },
	{ 372, CAPSICUM_CALL_SOCKET }, { 373, CAPSICUM_CALL_SOCKET },
	{ 377, CAPSICUM_CALL_COPY_FILE_RANGE }, { 378, CAPSICUM_CALL_PREAD },
	{ 379, CAPSICUM_CALL_PWRITE }, { 383, CAPSICUM_CALL_STATX },
	{ 412, CAPSICUM_CALL_UTIMENSAT }, { 417, CAPSICUM_CALL_SOCKET },
	{ 424, CAPSICUM_CALL_PIDFD_SEND_SIGNAL }, { 426, CAPSICUM_CALL_IO_URING },
	{ 434, CAPSICUM_CALL_PIDFD_OPEN }, { 435, CAPSICUM_CALL_CLONE },
	{ 436, CAPSICUM_CALL_CLOSE },
	{ 437, CAPSICUM_CALL_OPENAT },
	{ 438, CAPSICUM_CALL_PIDFD_GETFD }, { 439, CAPSICUM_CALL_ACCESSAT2 },
	{ 452, CAPSICUM_CALL_FCHMODAT2 },
};

/* Larger than every number in the tables above. */
#define CAPSICUM_NR_MAX 560

/*
 * The tables as direct maps, one byte per number, built once: the hot
 * path (every read of a limited file) classifies without a search.
 */
static u8 capsicum_map[3][CAPSICUM_NR_MAX];
static DEFINE_SPINLOCK(capsicum_map_lock);
static bool capsicum_map_ready;

static void capsicum_map_fill(u8 *map, const struct capsicum_nr *t, size_t n)
{
	size_t i;

	for (i = 0; i < CAPSICUM_NR_MAX; i++)
		map[i] = CAPSICUM_CALL_OTHER;
	for (i = 0; i < n; i++)
		map[t[i].nr] = t[i].call;
}

/**
 * capsicum_policy_init() - build the syscall maps.
 *
 * Called at module load; capsicum_classify() also calls it, so KUnit
 * suites that run before the module's init see the maps too.
 */
void capsicum_policy_init(void)
{
	unsigned long flags;

	/* Pairs with the release below: a true flag means filled maps. */
	if (smp_load_acquire(&capsicum_map_ready))
		return;
	spin_lock_irqsave(&capsicum_map_lock, flags);
	if (!capsicum_map_ready) {
		capsicum_map_fill(capsicum_map[0], capsicum_native,
				  ARRAY_SIZE(capsicum_native));
		capsicum_map_fill(capsicum_map[1], capsicum_x32,
				  ARRAY_SIZE(capsicum_x32));
		capsicum_map_fill(capsicum_map[2], capsicum_ia32,
				  ARRAY_SIZE(capsicum_ia32));
		/* Publish the maps before the flag; see the acquire above. */
		smp_store_release(&capsicum_map_ready, true);
	}
	spin_unlock_irqrestore(&capsicum_map_lock, flags);
}

static enum capsicum_call capsicum_lookup(int abi_index, int nr)
{
	if (nr < 0 || nr >= CAPSICUM_NR_MAX)
		return CAPSICUM_CALL_OTHER;
	capsicum_policy_init();
	return capsicum_map[abi_index][nr];
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
		sc->call = capsicum_lookup(0, nr);
		break;
	case CAPSICUM_ABI_X32:
		nr &= ~CAPSICUM_X32_BIT;
		sc->call = capsicum_lookup(1, nr);
		break;
	case CAPSICUM_ABI_IA32:
		sc->call = capsicum_lookup(2, nr);
		break;
	default:
		sc->call = CAPSICUM_CALL_OTHER;
		return;
	}
	if (sc->call == CAPSICUM_CALL_PREAD || sc->call == CAPSICUM_CALL_PWRITE)
		sc->positional = capsicum_positional(sc, nr);
}

/**
 * capsicum_fdroles() - where @call names the files it reads and writes.
 * @call: the classified syscall.
 *
 * Return: the roles; every field -1 for calls that name none.
 */
const struct capsicum_fdroles *capsicum_fdroles(enum capsicum_call call)
{
	static const struct capsicum_fdroles none = { -1, -1, -1, -1 };
	static const struct capsicum_fdroles rd = { 0, -1, -1, -1 };
	static const struct capsicum_fdroles wr = { -1, -1, 0, -1 };
	/* sendfile(out, in, offset *, count) */
	static const struct capsicum_fdroles sendfile = { 1, 2, 0, -1 };
	/* splice(in, off_in *, out, off_out *, ...), copy_file_range too */
	static const struct capsicum_fdroles splice = { 0, 1, 2, 3 };
	static const struct capsicum_fdroles tee = { 0, -1, 1, -1 };

	switch (call) {
	case CAPSICUM_CALL_READ:
	case CAPSICUM_CALL_PREAD:
	case CAPSICUM_CALL_GETDENTS:
		return &rd;
	case CAPSICUM_CALL_WRITE:
	case CAPSICUM_CALL_PWRITE:
		return &wr;
	case CAPSICUM_CALL_SENDFILE:
		return &sendfile;
	case CAPSICUM_CALL_SPLICE:
	case CAPSICUM_CALL_COPY_FILE_RANGE:
		return &splice;
	case CAPSICUM_CALL_TEE:
		return &tee;
	default:
		return &none;
	}
}

/**
 * capsicum_atargs() - where @call names its descriptors and paths.
 * @call: the classified syscall.
 *
 * Return: the argument positions; @fd is -1 for calls that act on no
 * descriptor (path-only calls among them).
 */
const struct capsicum_atargs *capsicum_atargs(enum capsicum_call call)
{
	static const struct capsicum_atargs none = { -1, -1, -1, -1, -1 };
	static const struct capsicum_atargs fd0 = { 0, -1, -1, -1, -1 };
	static const struct capsicum_atargs mmap = { 4, -1, -1, -1, -1 };
	static const struct capsicum_atargs at = { 0, 1, -1, -1, -1 };
	static const struct capsicum_atargs at2 = { 0, 1, 2, -1, -1 };
	static const struct capsicum_atargs at3 = { 0, 1, 3, -1, -1 };
	static const struct capsicum_atargs at4 = { 0, 1, 4, -1, -1 };
	static const struct capsicum_atargs rename = { 0, 1, -1, 2, 3 };
	static const struct capsicum_atargs link = { 0, 1, 4, 2, 3 };
	static const struct capsicum_atargs symlink = { 1, 2, -1, -1, -1 };
	static const struct capsicum_atargs fanotify = { 3, 4, -1, -1, -1 };
	static const struct capsicum_atargs fanotify32 = { 4, 5, -1, -1, -1 };

	switch (call) {
	case CAPSICUM_CALL_READ:
	case CAPSICUM_CALL_PREAD:
	case CAPSICUM_CALL_WRITE:
	case CAPSICUM_CALL_PWRITE:
	case CAPSICUM_CALL_GETDENTS:
	case CAPSICUM_CALL_FCNTL:
	case CAPSICUM_CALL_FSTAT:
	case CAPSICUM_CALL_FSTATFS:
	case CAPSICUM_CALL_FCHMOD:
	case CAPSICUM_CALL_FCHOWN:
	case CAPSICUM_CALL_FTRUNCATE:
	case CAPSICUM_CALL_FCHDIR:
	case CAPSICUM_CALL_FLOCK:
	case CAPSICUM_CALL_IOCTL:
	case CAPSICUM_CALL_FXATTR:
	case CAPSICUM_CALL_SOCKET:
		return &fd0;
	case CAPSICUM_CALL_MMAP:
		return &mmap;
	case CAPSICUM_CALL_OPENAT:
	case CAPSICUM_CALL_ACCESSAT:
	case CAPSICUM_CALL_FCHMODAT:
	case CAPSICUM_CALL_FUTIMESAT:
	case CAPSICUM_CALL_MKDIRAT:
	case CAPSICUM_CALL_MKNODAT:
	case CAPSICUM_CALL_READLINKAT:
		return &at;
	case CAPSICUM_CALL_STATX:
	case CAPSICUM_CALL_UNLINKAT:
		return &at2;
	case CAPSICUM_CALL_STATAT:
	case CAPSICUM_CALL_ACCESSAT2:
	case CAPSICUM_CALL_FCHMODAT2:
	case CAPSICUM_CALL_UTIMENSAT:
		return &at3;
	case CAPSICUM_CALL_FCHOWNAT:
	case CAPSICUM_CALL_EXECVEAT:
		return &at4;
	case CAPSICUM_CALL_RENAMEAT:
		return &rename;
	case CAPSICUM_CALL_LINKAT:
		return &link;
	case CAPSICUM_CALL_SYMLINKAT:
		return &symlink;
	case CAPSICUM_CALL_FANOTIFY_MARK:
		return &fanotify;
	case CAPSICUM_CALL_FANOTIFY_MARK32:
		return &fanotify32;
	default:
		return &none;
	}
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
 * AT_EMPTY_PATH) with CAP_FEXECVE may exec in capability mode; the
 * kernel's own open of the program's interpreter during that exec goes
 * ahead (a "#!" interpreter is refused later, at bprm_check_security, by
 * capsicum_decide_exec()).  The pidfds of pidfd_open() and
 * clone(CLONE_PIDFD) open no path and pass.  Kernel threads open files
 * for the kernel, not for a task, and are not checked.
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
		if (f->exec_interp)
			return 0;
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
	case CAPSICUM_CALL_PIDFD_OPEN:
	case CAPSICUM_CALL_CLONE:
		/*
		 * A pidfd (6.9 and later open it like a file), no path: which
		 * process it may name was decided when the file was made
		 * (capsicum_capmode_file_alloc()).
		 */
		return 0;
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
 * Left out: CAP_SEEK and CAP_SEEK_TELL (checked within pread and pwrite,
 * but lseek has no hook), CAP_FSYNC (checked for openat(O_SYNC), but fsync
 * has no hook), CAP_FPATHCONF (glibc's fpathconf is fstatfs, which needs
 * CAP_FSTATFS), CAP_EVENT, CAP_EPOLL_CTL, CAP_FSIGNAL, CAP_SETNS and the
 * other process-descriptor rights (below), and the rights that have no Linux
 * operation (MAC, semaphores, kqueue, ACLs, TTY hooks, fsck, file flags,
 * SCTP peeloff, bindat, connectat).  Of the process-descriptor rights
 * only CAP_PDKILL is checked in full (task_kill sees pidfd_send_signal());
 * CAP_PDGETPID and CAP_PDWAIT are checked by CAPSICUM_IOC_PROCDESC_GET,
 * but /proc/PID/fdinfo and waitid(P_PIDFD) pass without them.  User space
 * lists them as not enforced.
 */
void capsicum_enforced_rights(struct cap_rights *rights)
{
	capsicum_rights_init_none(rights);
	capsicum_rights_add(rights, CAP_READ | CAP_WRITE | CAP_MMAP |
			    CAPRIGHT(0, 0x20ULL) /* the bit of CAP_MMAP_X */ |
			    CAP_CREATE | CAP_FEXECVE | CAP_FTRUNCATE |
			    CAP_LOOKUP | CAP_FCHDIR | CAP_FCHMOD | CAP_FCHOWN |
			    CAP_FCNTL | CAP_FLOCK | CAP_FSTAT | CAP_FSTATFS |
			    CAP_FUTIMES | CAP_LINKAT_TARGET | CAP_MKDIRAT |
			    CAP_MKFIFOAT | CAP_MKNODAT | CAP_RENAMEAT_SOURCE |
			    CAP_SYMLINKAT | CAP_UNLINKAT | CAP_ACCEPT | CAP_BIND |
			    CAP_CONNECT | CAP_GETPEERNAME | CAP_GETSOCKNAME |
			    CAP_GETSOCKOPT | CAP_LISTEN | CAP_SETSOCKOPT |
			    CAP_SHUTDOWN | CAP_LINKAT_SOURCE |
			    CAP_RENAMEAT_TARGET);
	capsicum_rights_add(rights, CAP_PDKILL);
	capsicum_rights_add(rights, CAP_IOCTL | CAP_EXTATTR_DELETE |
			    CAP_EXTATTR_GET | CAP_EXTATTR_LIST |
			    CAP_EXTATTR_SET | CAP_NOTIFY);
}

/**
 * capsicum_decide_at() - may an operation on or through a descriptor go on?
 * @f: the facts the hook gathered.
 *
 * On the descriptor itself (fstat, fchmod, futimens, ...) the descriptor
 * needs the operation's right.  Through a directory descriptor (fstatat,
 * mkdirat, unlinkat, ...) it needs the "at" right (which includes
 * CAP_LOOKUP), the path must be relative and the object must lie beneath
 * the directory; outside capability mode only when the directory
 * descriptor is limited.  AT_FDCWD is refused in capability mode.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
int capsicum_decide_at(const struct capsicum_at_facts *f)
{
	if (f->kthread)
		return 0;
	if (f->cwd)
		return f->capmode ? -ECAPMODE : 0;
	if (f->self) {
		/* The descriptor changed under the call: grant nothing. */
		if (!f->same)
			return -ENOTCAPABLE;
		return capsicum_rights_contains(&f->held, &f->need) ?
		       0 : -ENOTCAPABLE;
	}
	if (!f->capmode && capsicum_rights_is_all(&f->held))
		return 0;
	if (!capsicum_rights_contains(&f->held, &f->need) ||
	    !f->path_relative || !f->beneath)
		return -ENOTCAPABLE;
	return 0;
}

/**
 * capsicum_decide_walk() - may a path walk search this directory?
 * @f: the facts the inode_permission hook gathered.
 *
 * FreeBSD checks every step of a lookup that starts at a directory
 * descriptor in capability mode, or at a limited one anywhere: each
 * directory the walk searches must lie beneath the descriptor, so a ".."
 * that leaves is refused even when a later name comes back.  A ".." that
 * is the walk's last step searches nothing after it, so the search of the
 * descriptor's own directory is allowed only if the next name is not ".."
 * (CAPSICUM_WALK_UNLESS_DOTDOT).  A walk from AT_FDCWD in capability mode
 * is refused, except the kernel's own walk to the interpreter of a program
 * being fexecve'd.
 *
 * Return: 0, CAPSICUM_WALK_UNLESS_DOTDOT, -ECAPMODE or -ENOTCAPABLE.
 */
int capsicum_decide_walk(const struct capsicum_walk_facts *f)
{
	if (f->kthread)
		return 0;
	if (f->cwd)
		return f->capmode && !f->kernel_exec ? -ECAPMODE : 0;
	/* The descriptor left the table under the walk: grant nothing. */
	if (!f->known)
		return f->capmode ? -ENOTCAPABLE : 0;
	if (!f->capmode && !f->limited)
		return 0;
	if (!f->beneath)
		return -ENOTCAPABLE;
	return f->at_top ? CAPSICUM_WALK_UNLESS_DOTDOT : 0;
}

/**
 * capsicum_decide_proc_link() - may a walk follow a link of /proc/PID?
 * @capmode: the walker is in capability mode.
 * @own: the link belongs to the walker's own process (/proc/self/fd/N,
 *	/proc/PID/task/TID/cwd of one of its threads, ...).
 *
 * A magic link of another process (root, cwd, exe, fd/N, map_files, ns)
 * leads to that process's objects, outside every directory descriptor:
 * ENOTCAPABLE, as for any link that leaves.  (The kernel's ptrace check
 * would refuse it too, as EACCES.)  The own process's links are followed;
 * where they lead is checked like any other step.
 *
 * Return: 0 or -ENOTCAPABLE.
 */
int capsicum_decide_proc_link(bool capmode, bool own)
{
	return capmode && !own ? -ENOTCAPABLE : 0;
}

/**
 * capsicum_decide_exec() - may this program image run?
 * @capmode: the task is in capability mode.
 * @kthread: a kernel thread execs (usermode helpers: not checked).
 * @call: the syscall.
 * @same_file: the image is the file of execveat's descriptor.
 *
 * For bprm_check_security, which the kernel calls once per image it is
 * asked to run: the program itself, then the interpreter a "#!" script or
 * binfmt_misc names.  In capability mode only the descriptor's own file
 * may run: an interpreter reached by a path is the global namespace.
 * (An ELF interpreter is loaded by the ELF loader, not run through this
 * hook: it is part of the program.)
 *
 * Return: 0 or -ECAPMODE.
 */
int capsicum_decide_exec(bool capmode, bool kthread, enum capsicum_call call,
			 bool same_file)
{
	if (!capmode || kthread)
		return 0;
	return call == CAPSICUM_CALL_EXECVEAT && same_file ? 0 : -ECAPMODE;
}

/**
 * capsicum_fcntl_needed() - rights an fcntl(2) command needs.
 * @cmd: the command.
 * @need: out: the rights.
 * @fcntl: out: the CAP_FCNTL_* sub-right it needs, or 0.
 *
 * F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD and F_SETFD need nothing; record and
 * open-file-description locks need CAP_FLOCK; F_GETFL, F_SETFL, F_GETOWN
 * and F_SETOWN (and their _EX forms) need CAP_FCNTL and their sub-right;
 * every other command needs CAP_FCNTL.
 *
 * Return: false when the command needs nothing at all.
 */
bool capsicum_fcntl_needed(unsigned int cmd, struct cap_rights *need,
			   u32 *fcntl)
{
	capsicum_rights_init_none(need);
	*fcntl = 0;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
	case F_GETFD:
	case F_SETFD:
		return false;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		capsicum_rights_add(need, CAP_FLOCK);
		return true;
	case F_GETFL:
		*fcntl = CAP_FCNTL_GETFL;
		break;
	case F_SETFL:
		*fcntl = CAP_FCNTL_SETFL;
		break;
	case F_GETOWN:
	case F_GETOWN_EX:
		*fcntl = CAP_FCNTL_GETOWN;
		break;
	case F_SETOWN:
	case F_SETOWN_EX:
		*fcntl = CAP_FCNTL_SETOWN;
		break;
	default:
		break;
	}
	capsicum_rights_add(need, CAP_FCNTL);
	return true;
}

/**
 * capsicum_ioctl_needed() - rights an ioctl(2) command needs.
 * @cmd: the command.
 * @need: out: CAP_IOCTL (the command must also be in the ioctl list).
 *
 * FIOCLEX and FIONCLEX change the descriptor, not the file, as
 * fcntl(F_SETFD) does, and need nothing.
 *
 * Return: false when the command needs nothing at all.
 */
bool capsicum_ioctl_needed(unsigned int cmd, struct cap_rights *need)
{
	capsicum_rights_init_none(need);
	if (cmd == FIOCLEX || cmd == FIONCLEX)
		return false;
	capsicum_rights_add(need, CAP_IOCTL);
	return true;
}

/**
 * capsicum_mmap_needed() - rights mmap(2) or mprotect(2) of a file needs.
 * @prot: PROT_* as the caller asked (before READ_IMPLIES_EXEC).
 * @flags: MAP_* flags, or for mprotect MAP_SHARED when the mapping is
 *	shared.
 * @need: out: CAP_MMAP, plus CAP_MMAP_R for PROT_READ, CAP_MMAP_W for
 *	PROT_WRITE on a shared mapping, CAP_MMAP_X for PROT_EXEC (FreeBSD's
 *	vm_mmap rules).
 */
void capsicum_mmap_needed(unsigned long prot, unsigned long flags,
			  struct cap_rights *need)
{
	capsicum_rights_init_none(need);
	capsicum_rights_add(need, CAP_MMAP);
	if (prot & PROT_READ)
		capsicum_rights_add(need, CAP_MMAP_R);
	if ((prot & PROT_WRITE) && (flags & MAP_TYPE) != MAP_PRIVATE)
		capsicum_rights_add(need, CAP_MMAP_W);
	if (prot & PROT_EXEC)
		capsicum_rights_add(need, CAP_MMAP_X);
}

/**
 * capsicum_decide_fd() - may an operation on a descriptor go on?
 * @held: the descriptor's rights.
 * @held_fcntls: its fcntl sub-rights.
 * @need: the rights the operation needs.
 * @fcntl: the fcntl sub-right it needs, or 0.
 *
 * Return: 0 or -ENOTCAPABLE.
 */
int capsicum_decide_fd(const struct cap_rights *held, u32 held_fcntls,
		       const struct cap_rights *need, u32 fcntl)
{
	if (!capsicum_rights_contains(held, need) || (fcntl & ~held_fcntls))
		return -ENOTCAPABLE;
	return 0;
}

/**
 * capsicum_walk_right() - the right a lookup through a descriptor needs.
 * @sc: the classified syscall.
 * @which: 0 for the first directory descriptor, 1 for the second
 *	(renameat and linkat: the target).
 *
 * Checked when the path walk starts at the directory descriptor, before
 * any name is resolved, so a descriptor without the right cannot even
 * tell whether a name exists (FreeBSD checks rights before the lookup
 * too).  CAP_LOOKUP is needed besides.
 *
 * Return: the right (of one word), or 0 when the call needs only
 * CAP_LOOKUP at this point (openat and execveat: the rest depends on
 * what is opened and is checked in file_open).
 */
u64 capsicum_walk_right(const struct capsicum_syscall *sc, int which)
{
	switch (sc->call) {
	case CAPSICUM_CALL_STATAT:
	case CAPSICUM_CALL_STATX:
	case CAPSICUM_CALL_ACCESSAT:
	case CAPSICUM_CALL_ACCESSAT2:
		return CAP_FSTATAT;
	case CAPSICUM_CALL_FCHMODAT:
	case CAPSICUM_CALL_FCHMODAT2:
		return CAP_FCHMODAT;
	case CAPSICUM_CALL_FCHOWNAT:
		return CAP_FCHOWNAT;
	case CAPSICUM_CALL_UTIMENSAT:
	case CAPSICUM_CALL_FUTIMESAT:
		return CAP_FUTIMESAT;
	case CAPSICUM_CALL_MKDIRAT:
		return CAP_MKDIRAT;
	case CAPSICUM_CALL_MKNODAT:
		return S_ISFIFO(sc->args[2]) ? CAP_MKFIFOAT : CAP_MKNODAT;
	case CAPSICUM_CALL_UNLINKAT:
		return CAP_UNLINKAT;
	case CAPSICUM_CALL_RENAMEAT:
		return which ? CAP_RENAMEAT_TARGET : CAP_RENAMEAT_SOURCE;
	case CAPSICUM_CALL_LINKAT:
		return which ? CAP_LINKAT_TARGET : CAP_LINKAT_SOURCE;
	case CAPSICUM_CALL_SYMLINKAT:
		return CAP_SYMLINKAT;
	case CAPSICUM_CALL_FANOTIFY_MARK:
	case CAPSICUM_CALL_FANOTIFY_MARK32:
		return CAP_NOTIFY;
	default:
		return 0;
	}
}

/**
 * capsicum_decide_unnamed() - a path operation from a context that names no
 *	directory descriptor the module can see.
 * @sc: the classified syscall: io_uring_enter, or none (an io-wq worker).
 * @capmode: the task is in capability mode.
 * @table_limited: its descriptor table holds a limited descriptor.
 *
 * io_uring's mkdirat, unlinkat, renameat, linkat, symlinkat and statx go
 * through the same hooks as the syscalls, but from io_uring_enter or a
 * worker, whose registers name none of the request's descriptors.  In
 * capability mode they are refused; outside it, while the table holds a
 * limited descriptor (which the request may have used), too.  Other
 * callers (path-only syscalls, the kernel's own) are not concerned.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
int capsicum_decide_unnamed(const struct capsicum_syscall *sc, bool capmode,
			    bool table_limited)
{
	if (sc->kthread || (sc->call != CAPSICUM_CALL_IO_URING &&
			    sc->call != CAPSICUM_CALL_NONE))
		return 0;
	if (capmode)
		return -ECAPMODE;
	return table_limited ? -ENOTCAPABLE : 0;
}
