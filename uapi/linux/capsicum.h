/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Capsicum for Linux - user space API: rights, errnos and /dev/capsicum.
 *
 * The rights layout is FreeBSD's (sys/sys/capsicum.h, CAP_RIGHTS_VERSION_00)
 * so that code written for FreeBSD compiles and means the same thing here.
 * Every right says which operations it allows, the FreeBSD name it mirrors
 * (always the same name) and the ABI version of this module that first
 * enforced it.  A right that is defined but not yet enforced is marked
 * "not enforced (ABI 2)": such a right can be limited and queried, but an
 * operation it covers is not checked.  capsicumctl status lists them.
 *
 * What is NOT restricted is listed at the end of this file.
 */
#ifndef _UAPI_LINUX_CAPSICUM_H
#define _UAPI_LINUX_CAPSICUM_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * CAPSICUM_ABI_VERSION - version of this ABI.
 *
 * Returned by the %CAPSICUM_IOC_VERSION ioctl.  It grows by one whenever
 * enforcement or the ioctl interface gains something user space may want
 * to probe for.
 */
#define CAPSICUM_ABI_VERSION 4

/* Errnos.  Linux has none for these; mainline's table ends at 133. */
#define ECAPMODE	134	/* Not permitted in capability mode */
#define ENOTCAPABLE	135	/* Capabilities insufficient */

/* The rights set: two 64-bit words, FreeBSD's version 0 layout. */
#define CAP_RIGHTS_VERSION_00	0
#define CAP_RIGHTS_VERSION	CAP_RIGHTS_VERSION_00

/**
 * struct cap_rights - a descriptor's rights, FreeBSD's cap_rights_t.
 * @cr_rights: two words.  Bits 62-63 of word 0 hold the version
 *	(number of words - 2), bits 57-61 of each word the one-hot word index
 *	(word 0: bit 57, word 1: bit 58), bits 0-56 the rights.
 */
struct cap_rights {
	__u64 cr_rights[CAP_RIGHTS_VERSION + 2];
};

#ifndef __KERNEL__
typedef struct cap_rights cap_rights_t;
#endif

#define CAPRIGHT(idx, bit)	((1ULL << (57 + (idx))) | (bit))
#define CAPRVER(right)		((int)((right) >> 62))
#define CAPVER(rights)		CAPRVER((rights)->cr_rights[0])
#define CAPARSIZE(rights)	(CAPVER(rights) + 2)
#define CAPIDXBIT(right)	((int)(((right) >> 57) & 0x1F))
#define CAPRIGHT_BITS_MASK	((1ULL << 57) - 1)

/*
 * Word 0.
 */
/* read(2), readv(2), getdents64(2): ABI 1; recv(2), recvfrom(2), recvmsg(2): ABI 2 */
#define CAP_READ		CAPRIGHT(0, 0x0000000000000001ULL)
/* write(2), writev(2): ABI 1; send(2), sendto(2), sendmsg(2): ABI 2 */
#define CAP_WRITE		CAPRIGHT(0, 0x0000000000000002ULL)
/* lseek(fd, 0, SEEK_CUR). Not enforced (ABI 2): lseek has no LSM hook. */
#define CAP_SEEK_TELL		CAPRIGHT(0, 0x0000000000000004ULL)
/* lseek(2); part of pread/pwrite. Not enforced alone (ABI 2). */
#define CAP_SEEK		(CAP_SEEK_TELL | 0x0000000000000008ULL)
/* pread64(2), preadv(2), preadv2(2) with an offset. ABI 1 */
#define CAP_PREAD		(CAP_SEEK | CAP_READ)
/* pwrite64(2), pwritev(2), pwritev2(2) with an offset. ABI 1 */
#define CAP_PWRITE		(CAP_SEEK | CAP_WRITE)
/* mmap(2) with PROT_NONE. ABI 2 */
#define CAP_MMAP		CAPRIGHT(0, 0x0000000000000010ULL)
/* mmap(2) with PROT_READ. ABI 2 */
#define CAP_MMAP_R		(CAP_MMAP | CAP_SEEK | CAP_READ)
/* mmap(2) with PROT_WRITE on MAP_SHARED. ABI 2 */
#define CAP_MMAP_W		(CAP_MMAP | CAP_SEEK | CAP_WRITE)
/* mmap(2) with PROT_EXEC. ABI 2 */
#define CAP_MMAP_X		(CAP_MMAP | CAP_SEEK | 0x0000000000000020ULL)
#define CAP_MMAP_RW		(CAP_MMAP_R | CAP_MMAP_W)
#define CAP_MMAP_RX		(CAP_MMAP_R | CAP_MMAP_X)
#define CAP_MMAP_WX		(CAP_MMAP_W | CAP_MMAP_X)
#define CAP_MMAP_RWX		(CAP_MMAP_R | CAP_MMAP_W | CAP_MMAP_X)
/* openat(2) with O_CREAT, on the directory descriptor. ABI 1 */
#define CAP_CREATE		CAPRIGHT(0, 0x0000000000000040ULL)
/* fexecve(3), execveat(fd, "", AT_EMPTY_PATH). ABI 1 */
#define CAP_FEXECVE		CAPRIGHT(0, 0x0000000000000080ULL)
/* fsync(2), fdatasync(2); openat(O_SYNC/O_DSYNC). openat part only: ABI 1 */
#define CAP_FSYNC		CAPRIGHT(0, 0x0000000000000100ULL)
/* ftruncate(2); openat(O_TRUNC). ABI 2 */
#define CAP_FTRUNCATE		CAPRIGHT(0, 0x0000000000000200ULL)
/* Use as the directory descriptor of any *at(2) call. ABI 2 */
#define CAP_LOOKUP		CAPRIGHT(0, 0x0000000000000400ULL)
/* fchdir(2). ABI 2 */
#define CAP_FCHDIR		CAPRIGHT(0, 0x0000000000000800ULL)
/* FreeBSD file flags; FS_IOC_SETFLAGS on Linux. Not enforced (ABI 2). */
#define CAP_FCHFLAGS		CAPRIGHT(0, 0x0000000000001000ULL)
#define CAP_CHFLAGSAT		(CAP_FCHFLAGS | CAP_LOOKUP)
/* fchmod(2). ABI 2 */
#define CAP_FCHMOD		CAPRIGHT(0, 0x0000000000002000ULL)
#define CAP_FCHMODAT		(CAP_FCHMOD | CAP_LOOKUP)
/* fchown(2). ABI 2 */
#define CAP_FCHOWN		CAPRIGHT(0, 0x0000000000004000ULL)
#define CAP_FCHOWNAT		(CAP_FCHOWN | CAP_LOOKUP)
/* fcntl(2), with the fcntl sub-rights below. ABI 2 */
#define CAP_FCNTL		CAPRIGHT(0, 0x0000000000008000ULL)
/* flock(2), fcntl(2) record and OFD locks. ABI 2 */
#define CAP_FLOCK		CAPRIGHT(0, 0x0000000000010000ULL)
/* fpathconf(3) (fstatfs(2) in glibc). Not enforced (ABI 2). */
#define CAP_FPATHCONF		CAPRIGHT(0, 0x0000000000020000ULL)
/* FreeBSD UFS fsck; kept for compatibility, nothing to enforce. */
#define CAP_FSCK		CAPRIGHT(0, 0x0000000000040000ULL)
/* fstat(2), statx(fd, "", AT_EMPTY_PATH). ABI 2 */
#define CAP_FSTAT		CAPRIGHT(0, 0x0000000000080000ULL)
#define CAP_FSTATAT		(CAP_FSTAT | CAP_LOOKUP)
/* fstatfs(2). ABI 2 */
#define CAP_FSTATFS		CAPRIGHT(0, 0x0000000000100000ULL)
/* futimens(2), utimensat(fd, NULL). ABI 2 */
#define CAP_FUTIMES		CAPRIGHT(0, 0x0000000000200000ULL)
#define CAP_FUTIMESAT		(CAP_FUTIMES | CAP_LOOKUP)
/* linkat(2), on the target directory. ABI 2 */
#define CAP_LINKAT_TARGET	(CAP_LOOKUP | 0x0000000000400000ULL)
/* mkdirat(2). ABI 2 */
#define CAP_MKDIRAT		(CAP_LOOKUP | 0x0000000000800000ULL)
/* mkfifoat(3). ABI 2 */
#define CAP_MKFIFOAT		(CAP_LOOKUP | 0x0000000001000000ULL)
/* mknodat(2). ABI 2 */
#define CAP_MKNODAT		(CAP_LOOKUP | 0x0000000002000000ULL)
/* renameat(2), on the source directory. ABI 2 */
#define CAP_RENAMEAT_SOURCE	(CAP_LOOKUP | 0x0000000004000000ULL)
/* symlinkat(2). ABI 2 */
#define CAP_SYMLINKAT		(CAP_LOOKUP | 0x0000000008000000ULL)
/* unlinkat(2); renameat(2) onto an existing name. ABI 2 */
#define CAP_UNLINKAT		(CAP_LOOKUP | 0x0000000010000000ULL)
/* accept(2), accept4(2). ABI 2 */
#define CAP_ACCEPT		CAPRIGHT(0, 0x0000000020000000ULL)
/* bind(2). ABI 2 */
#define CAP_BIND		CAPRIGHT(0, 0x0000000040000000ULL)
/* connect(2); sendto/sendmsg with an address. ABI 2 */
#define CAP_CONNECT		CAPRIGHT(0, 0x0000000080000000ULL)
/* getpeername(2). ABI 2 */
#define CAP_GETPEERNAME		CAPRIGHT(0, 0x0000000100000000ULL)
/* getsockname(2). ABI 2 */
#define CAP_GETSOCKNAME		CAPRIGHT(0, 0x0000000200000000ULL)
/* getsockopt(2). ABI 2 */
#define CAP_GETSOCKOPT		CAPRIGHT(0, 0x0000000400000000ULL)
/* listen(2). ABI 2 */
#define CAP_LISTEN		CAPRIGHT(0, 0x0000000800000000ULL)
/* SCTP peeloff; kept for compatibility. */
#define CAP_PEELOFF		CAPRIGHT(0, 0x0000001000000000ULL)
#define CAP_RECV		CAP_READ
#define CAP_SEND		CAP_WRITE
/* setsockopt(2). ABI 2 */
#define CAP_SETSOCKOPT		CAPRIGHT(0, 0x0000002000000000ULL)
/* shutdown(2). ABI 2 */
#define CAP_SHUTDOWN		CAPRIGHT(0, 0x0000004000000000ULL)
/* bind(2) of an AF_UNIX path relative to a dirfd. Not enforced (ABI 2). */
#define CAP_BINDAT		(CAP_LOOKUP | 0x0000008000000000ULL)
/* connect(2) likewise. Not enforced (ABI 2). */
#define CAP_CONNECTAT		(CAP_LOOKUP | 0x0000010000000000ULL)
/* linkat(2), on the source directory. ABI 2 */
#define CAP_LINKAT_SOURCE	(CAP_LOOKUP | 0x0000020000000000ULL)
/* renameat(2), on the target directory. ABI 2 */
#define CAP_RENAMEAT_TARGET	(CAP_LOOKUP | 0x0000040000000000ULL)

#define CAP_SOCK_CLIENT \
	(CAP_CONNECT | CAP_GETPEERNAME | CAP_GETSOCKNAME | CAP_GETSOCKOPT | \
	 CAP_PEELOFF | CAP_RECV | CAP_SEND | CAP_SETSOCKOPT | CAP_SHUTDOWN)
#define CAP_SOCK_SERVER \
	(CAP_ACCEPT | CAP_BIND | CAP_GETPEERNAME | CAP_GETSOCKNAME | \
	 CAP_GETSOCKOPT | CAP_LISTEN | CAP_PEELOFF | CAP_RECV | CAP_SEND | \
	 CAP_SETSOCKOPT | CAP_SHUTDOWN)

/* All word-0 rights, and the word-0 bits no right uses. */
#define CAP_ALL0		CAPRIGHT(0, 0x000007FFFFFFFFFFULL)
#define CAP_UNUSED0_44		CAPRIGHT(0, 0x0000080000000000ULL)
#define CAP_UNUSED0_57		CAPRIGHT(0, 0x0100000000000000ULL)

/*
 * Word 1.
 */
/* FreeBSD MAC labels; nothing to enforce on Linux. */
#define CAP_MAC_GET		CAPRIGHT(1, 0x0000000000000001ULL)
#define CAP_MAC_SET		CAPRIGHT(1, 0x0000000000000002ULL)
/* FreeBSD process-shared semaphores; kept for compatibility. */
#define CAP_SEM_GETVALUE	CAPRIGHT(1, 0x0000000000000004ULL)
#define CAP_SEM_POST		CAPRIGHT(1, 0x0000000000000008ULL)
#define CAP_SEM_WAIT		CAPRIGHT(1, 0x0000000000000010ULL)
/* select(2), poll(2), epoll readiness. Not enforced (ABI 2). */
#define CAP_EVENT		CAPRIGHT(1, 0x0000000000000020ULL)
/* FreeBSD kqueue; kept for compatibility. */
#define CAP_KQUEUE_EVENT	CAPRIGHT(1, 0x0000000000000040ULL)
/* ioctl(2), with the ioctl sub-list. ABI 2 */
#define CAP_IOCTL		CAPRIGHT(1, 0x0000000000000080ULL)
/* FreeBSD tty hooks; kept for compatibility. */
#define CAP_TTYHOOK		CAPRIGHT(1, 0x0000000000000100ULL)
/*
 * pdgetpid(2) on a process descriptor (CAPSICUM_IOC_PROCDESC_GET).  Not
 * enforced in full (ABI 4): /proc/PID/fdinfo of the descriptor shows the
 * pid without it.
 */
#define CAP_PDGETPID		CAPRIGHT(1, 0x0000000000000200ULL)
/*
 * pdwait4(2) on a process descriptor (CAPSICUM_IOC_PROCDESC_GET).  Not
 * enforced in full (ABI 4): waitid(P_PIDFD) itself has no hook.
 */
#define CAP_PDWAIT		CAPRIGHT(1, 0x0000000000000400ULL)
/*
 * pdkill(2): pidfd_send_signal(2) on any pidfd; CAPSICUM_IOC_PROCDESC_SET.
 * ABI 4
 */
#define CAP_PDKILL		CAPRIGHT(1, 0x0000000000000800ULL)
/* fremovexattr(2). ABI 2 */
#define CAP_EXTATTR_DELETE	CAPRIGHT(1, 0x0000000000001000ULL)
/* fgetxattr(2). ABI 2 */
#define CAP_EXTATTR_GET		CAPRIGHT(1, 0x0000000000002000ULL)
/* flistxattr(2). ABI 2 */
#define CAP_EXTATTR_LIST	CAPRIGHT(1, 0x0000000000004000ULL)
/* fsetxattr(2). ABI 2 */
#define CAP_EXTATTR_SET		CAPRIGHT(1, 0x0000000000008000ULL)
/* FreeBSD ACLs (POSIX ACL xattrs on Linux). Not enforced (ABI 2). */
#define CAP_ACL_CHECK		CAPRIGHT(1, 0x0000000000010000ULL)
#define CAP_ACL_DELETE		CAPRIGHT(1, 0x0000000000020000ULL)
#define CAP_ACL_GET		CAPRIGHT(1, 0x0000000000040000ULL)
#define CAP_ACL_SET		CAPRIGHT(1, 0x0000000000080000ULL)
/* FreeBSD kqueue; kept for compatibility. */
#define CAP_KQUEUE_CHANGE	CAPRIGHT(1, 0x0000000000100000ULL)
#define CAP_KQUEUE		(CAP_KQUEUE_EVENT | CAP_KQUEUE_CHANGE)
/* Linux only: signalfd(2) on the descriptor. Not enforced (ABI 2). */
#define CAP_FSIGNAL		CAPRIGHT(1, 0x0000000000200000ULL)
/* Linux only: epoll_ctl(2) on an epoll descriptor. Not enforced (ABI 2). */
#define CAP_EPOLL_CTL		CAPRIGHT(1, 0x0000000000400000ULL)
/* Linux only: fanotify marks via a dirfd. ABI 2 */
#define CAP_NOTIFY		CAPRIGHT(1, 0x0000000000800000ULL)
/* Linux only: setns(2) on a namespace descriptor. Not enforced (ABI 2). */
#define CAP_SETNS		CAPRIGHT(1, 0x0000000001000000ULL)

/* All word-1 rights: FreeBSD's CAP_ALL1 plus the four Linux-only rights. */
#define CAP_ALL1		CAPRIGHT(1, 0x0000000001FFFFFFULL)
#define CAP_UNUSED1_26		CAPRIGHT(1, 0x0000000002000000ULL)
#define CAP_UNUSED1_57		CAPRIGHT(1, 0x0100000000000000ULL)

/*
 * fcntl(2) sub-rights: only these four commands are limited one by one;
 * the bit is 1 << the command's Linux value.
 */
#define CAP_FCNTL_GETFL		(1U << 3)	/* F_GETFL */
#define CAP_FCNTL_SETFL		(1U << 4)	/* F_SETFL */
#define CAP_FCNTL_GETOWN	(1U << 9)	/* F_GETOWN */
#define CAP_FCNTL_SETOWN	(1U << 8)	/* F_SETOWN */
#define CAP_FCNTL_ALL \
	(CAP_FCNTL_GETFL | CAP_FCNTL_SETFL | CAP_FCNTL_GETOWN | CAP_FCNTL_SETOWN)

/* cap_ioctls_get(3) returns this when the ioctl list is unrestricted. */
#define CAP_IOCTLS_ALL		((__s64)(~0ULL >> 1))	/* SSIZE_MAX */
#define CAP_IOCTLS_MAX		256

/*
 * /dev/capsicum.
 *
 * Every structure starts with its own size, set by the caller to
 * sizeof(the structure it was compiled with).  The module matches ioctl
 * numbers without their size field, so a caller built against a later,
 * larger structure still reaches the same ioctl.  The module accepts any size
 * from the first version's up: bytes it does not know must be zero
 * (else E2BIG), and a smaller size than the first version's is EINVAL.
 * Structures have no holes and are the same on every architecture.
 */
#define CAPSICUM_DEVICE		"/dev/capsicum"
#define CAPSICUM_IOC_MAGIC	0xCA

/**
 * struct capsicum_mode - capability mode of the calling process.
 * @size: sizeof(struct capsicum_mode), set by the caller.
 * @mode: out: 1 in capability mode, 0 outside.
 */
struct capsicum_mode {
	__u32 size;
	__u32 mode;
};

#define CAPSICUM_MODE_SIZE_VER0	8

/**
 * struct capsicum_rights_arg - rights of one descriptor of the caller.
 * @size: sizeof(struct capsicum_rights_arg), set by the caller.
 * @fd: the descriptor.
 * @rights: in for CAPSICUM_IOC_RIGHTS_LIMIT, out for CAPSICUM_IOC_RIGHTS_GET.
 */
struct capsicum_rights_arg {
	__u32 size;
	__s32 fd;
	struct cap_rights rights;
};

#define CAPSICUM_RIGHTS_ARG_SIZE_VER0	24

/*
 * CAPSICUM_IOC_VERSION: returns CAPSICUM_ABI_VERSION (>= 1). Argument unused.
 * Possible returned errors: none.  Any command the module does not know
 * fails with ENOTTY.
 */
#define CAPSICUM_IOC_VERSION	_IO(CAPSICUM_IOC_MAGIC, 0)

/*
 * CAPSICUM_IOC_ENTER: put the calling process (all its threads) in
 * capability mode, irreversibly, and set no_new_privs.  Entering twice is
 * not an error.  Argument unused.
 * From ABI 3 on, a process that is not yet in capability mode must first
 * install the filter of CAPSICUM_IOC_SECCOMP_FILTER on every thread:
 * prctl(PR_SET_NO_NEW_PRIVS, 1), then seccomp(SECCOMP_SET_MODE_FILTER,
 * SECCOMP_FILTER_FLAG_TSYNC, prog).  cap_enter() does all of it.
 * Possible returned errors are, checked in this order:
 * - EOPNOTSUPP: the enforcing programs are not attached (see
 *   CAPSICUM_IOC_ARM); the call changes nothing rather than pretend.
 *   libcapsicum reports this as ENOSYS, as FreeBSD does without Capsicum.
 * - EPERM (ABI 3): the caller is not in capability mode and some live
 *   thread of its process runs no seccomp filter, or another filter than
 *   the calling thread's (TSYNC was not done).  Nothing changes.  The
 *   module checks that one filter runs on every thread, not that it is
 *   the module's: a caller that installs another gets what it installed.
 * - ENOMEM: no memory to record the mode.
 */
#define CAPSICUM_IOC_ENTER	_IO(CAPSICUM_IOC_MAGIC, 1)

/*
 * CAPSICUM_IOC_GETMODE: argument struct capsicum_mode *.
 * Possible returned errors are:
 * - EFAULT: the argument cannot be read or written.
 * - EINVAL: @size is smaller than CAPSICUM_MODE_SIZE_VER0.
 * - E2BIG: @size is larger than known and the extra bytes are not zero.
 */
#define CAPSICUM_IOC_GETMODE	_IOWR(CAPSICUM_IOC_MAGIC, 2, struct capsicum_mode)

/*
 * CAPSICUM_IOC_RIGHTS_LIMIT: limit @fd to @rights.  Rights only shrink.
 * Argument struct capsicum_rights_arg *.
 * Possible returned errors are, checked in this order:
 * - EOPNOTSUPP: the enforcing programs are not attached (libcapsicum:
 *   ENOSYS).
 * - EFAULT: the argument cannot be read.
 * - EINVAL: @size is smaller than CAPSICUM_RIGHTS_ARG_SIZE_VER0.
 * - E2BIG: @size is larger than known and the extra bytes are not zero.
 * - EINVAL: @rights is malformed: wrong version, wrong word index bits,
 *   or a bit that is no right (FreeBSD's order: before EBADF).
 * - EBADF: @fd is not an open descriptor (O_PATH descriptors count as
 *   open).
 * - ENOTCAPABLE: @rights holds a right the descriptor does not have.
 * - ENOMEM: no memory to record the rights.
 */
#define CAPSICUM_IOC_RIGHTS_LIMIT \
	_IOW(CAPSICUM_IOC_MAGIC, 3, struct capsicum_rights_arg)

/*
 * CAPSICUM_IOC_RIGHTS_GET: read the rights of @fd into @rights (all
 * rights for a descriptor never limited).
 * Argument struct capsicum_rights_arg *.
 * Possible returned errors are, checked in this order:
 * - EFAULT: the argument cannot be read or written.
 * - EINVAL: @size is smaller than CAPSICUM_RIGHTS_ARG_SIZE_VER0.
 * - E2BIG: @size is larger than known and the extra bytes are not zero.
 * - EBADF: @fd is not an open descriptor.
 */
#define CAPSICUM_IOC_RIGHTS_GET \
	_IOWR(CAPSICUM_IOC_MAGIC, 4, struct capsicum_rights_arg)

/**
 * struct capsicum_status - what the module enforces and holds.
 * @size: sizeof(struct capsicum_status), set by the caller.
 * @abi_version: out: CAPSICUM_ABI_VERSION.
 * @armed: out: 1 when the enforcing programs are attached (ARM).
 * @__reserved: zero.
 * @capmode_creds: out: live credentials marked as in capability mode.
 * @limited_files: out: live open files that some descriptor limits (or
 *	that were opened through a limited directory descriptor).
 * @slot_entries: out: live per-descriptor records (ABI 2).
 * @tables: out: descriptor tables holding such records (ABI 2).
 * @enforced: out: every right this module enforces on the running kernel
 *	(ABI 2); a right not in it is not checked, see docs/coverage.md.
 */
struct capsicum_status {
	__u32 size;
	__u32 abi_version;
	__u32 armed;
	__u32 __reserved;
	__u64 capmode_creds;
	__u64 limited_files;
	__u64 slot_entries;
	__u64 tables;
	struct cap_rights enforced;
};

#define CAPSICUM_STATUS_SIZE_VER0	32
#define CAPSICUM_STATUS_SIZE_VER1	64

/*
 * CAPSICUM_IOC_STATUS: argument struct capsicum_status *.
 * Possible returned errors are:
 * - ECAPMODE: the caller is in capability mode (the counts are global).
 * - EFAULT, EINVAL, E2BIG: as for CAPSICUM_IOC_GETMODE.
 */
#define CAPSICUM_IOC_STATUS	_IOWR(CAPSICUM_IOC_MAGIC, 5, struct capsicum_status)

/*
 * CAPSICUM_IOC_ARM / CAPSICUM_IOC_DISARM: the loader says that every
 * enforcing program is attached (ARM) or is about to be detached (DISARM).
 * Until armed, ENTER and RIGHTS_LIMIT fail with EOPNOTSUPP, so no process
 * believes it is sandboxed while nothing enforces it.  Argument unused.
 * Possible returned errors are:
 * - EPERM: the caller lacks CAP_SYS_ADMIN, or is in capability mode.
 * - EBUSY (DISARM): a process is in capability mode or a file is limited;
 *   detaching now would lift their sandbox.
 */
#define CAPSICUM_IOC_ARM	_IO(CAPSICUM_IOC_MAGIC, 6)
#define CAPSICUM_IOC_DISARM	_IO(CAPSICUM_IOC_MAGIC, 7)

/**
 * struct capsicum_fcntls_arg - fcntl sub-rights of one descriptor (ABI 2).
 * @size: sizeof(struct capsicum_fcntls_arg), set by the caller.
 * @fd: the descriptor, in the caller's table.
 * @fcntls: in for LIMIT, out for GET: CAP_FCNTL_* bits.
 * @__reserved: zero.
 */
struct capsicum_fcntls_arg {
	__u32 size;
	__s32 fd;
	__u32 fcntls;
	__u32 __reserved;
};

#define CAPSICUM_FCNTLS_ARG_SIZE_VER0	16

/*
 * CAPSICUM_IOC_FCNTLS_LIMIT: limit the fcntl commands @fd may use.  Only
 * shrinks.  Argument struct capsicum_fcntls_arg *.
 * Possible returned errors are, checked in this order:
 * - EOPNOTSUPP: not armed (libcapsicum: ENOSYS).
 * - EFAULT, EINVAL (size), E2BIG: as for CAPSICUM_IOC_RIGHTS_LIMIT.
 * - EINVAL: @fcntls has a bit outside CAP_FCNTL_ALL, or @__reserved is
 *   not zero.
 * - EBADF: @fd is not an open descriptor.
 * - ENOTCAPABLE: @fcntls holds a command the descriptor may not use.
 * - ENOMEM.
 *
 * CAPSICUM_IOC_FCNTLS_GET: read them.  Errors: EFAULT, EINVAL (size or
 * @__reserved), E2BIG, EBADF.
 */
#define CAPSICUM_IOC_FCNTLS_LIMIT \
	_IOW(CAPSICUM_IOC_MAGIC, 8, struct capsicum_fcntls_arg)
#define CAPSICUM_IOC_FCNTLS_GET \
	_IOWR(CAPSICUM_IOC_MAGIC, 9, struct capsicum_fcntls_arg)

/**
 * struct capsicum_ioctls_arg - the ioctl list of one descriptor (ABI 2).
 * @size: sizeof(struct capsicum_ioctls_arg), set by the caller.
 * @fd: the descriptor, in the caller's table.
 * @cmds: user pointer to an array of __u64 ioctl commands.
 * @ncmds: LIMIT: in: entries in @cmds, 0 to CAP_IOCTLS_MAX.
 *	GET: in: capacity of @cmds (0 to ask for the count only); out: the
 *	number of commands the descriptor allows, or CAP_IOCTLS_ALL when
 *	its list is unrestricted.  min(capacity, count) entries are written.
 */
struct capsicum_ioctls_arg {
	__u32 size;
	__s32 fd;
	__u64 cmds;
	__s64 ncmds;
};

#define CAPSICUM_IOCTLS_ARG_SIZE_VER0	24

/*
 * CAPSICUM_IOC_IOCTLS_LIMIT: limit the ioctl commands @fd may use to the
 * @ncmds in @cmds (duplicates are merged).  Only shrinks: every command
 * must already be allowed.  Argument struct capsicum_ioctls_arg *.
 * Possible returned errors are, checked in this order:
 * - EOPNOTSUPP: not armed (libcapsicum: ENOSYS).
 * - EFAULT, EINVAL (size), E2BIG: as for CAPSICUM_IOC_RIGHTS_LIMIT.
 * - EINVAL: @ncmds is negative or larger than CAP_IOCTLS_MAX.
 * - EFAULT: @cmds cannot be read.
 * - EBADF: @fd is not an open descriptor.
 * - ENOTCAPABLE: a command in @cmds is not allowed now.
 * - ENOMEM.
 *
 * CAPSICUM_IOC_IOCTLS_GET: read the list.  Errors: EFAULT (argument or
 * @cmds), EINVAL (size, or @ncmds negative), E2BIG, EBADF.
 */
#define CAPSICUM_IOC_IOCTLS_LIMIT \
	_IOW(CAPSICUM_IOC_MAGIC, 10, struct capsicum_ioctls_arg)
#define CAPSICUM_IOC_IOCTLS_GET \
	_IOWR(CAPSICUM_IOC_MAGIC, 11, struct capsicum_ioctls_arg)

/* struct capsicum_fd_query flags. */
#define CAPSICUM_FD_LIMITED	(1U << 0)	/* fewer than all rights */
#define CAPSICUM_FD_UNOBSERVED	(1U << 1)	/* rights are its file's floor */

/**
 * struct capsicum_fd_query - one descriptor of any process (ABI 2).
 * @size: sizeof(struct capsicum_fd_query), set by the caller.
 * @pid: the process (0: the caller).
 * @fd: the descriptor in its table.
 * @flags: out: CAPSICUM_FD_*.
 * @rights: out: the descriptor's rights.
 * @fcntls: out: its CAP_FCNTL_* bits.
 * @__reserved: zero.
 * @ioctls: user pointer to an array of __u64 (may be 0 if @nioctls is 0).
 * @nioctls: in: capacity of @ioctls; out: the number of commands allowed,
 *	or CAP_IOCTLS_ALL.  min(capacity, count) entries are written.
 */
struct capsicum_fd_query {
	__u32 size;
	__s32 pid;
	__s32 fd;
	__u32 flags;
	struct cap_rights rights;
	__u32 fcntls;
	__u32 __reserved;
	__u64 ioctls;
	__s64 nioctls;
};

#define CAPSICUM_FD_QUERY_SIZE_VER0	56

/*
 * CAPSICUM_IOC_FD_QUERY: what procstat -C shows, for one descriptor.
 * Argument struct capsicum_fd_query *.
 * Possible returned errors are, checked in this order:
 * - EFAULT, EINVAL (size, @__reserved, negative @nioctls), E2BIG.
 * - ECAPMODE: the caller is in capability mode and @pid is another process.
 * - ESRCH: no process @pid.
 * - EPERM: the caller may not read @pid's descriptors (the rule of
 *   /proc/PID/fd: PTRACE_MODE_READ).
 * - EBADF: @fd is not open in @pid.
 * - EFAULT: @ioctls cannot be written.
 */
#define CAPSICUM_IOC_FD_QUERY \
	_IOWR(CAPSICUM_IOC_MAGIC, 12, struct capsicum_fd_query)

/**
 * struct capsicum_seccomp_filter_arg - the capability-mode seccomp filter (ABI 3).
 * @size: sizeof(struct capsicum_seccomp_filter_arg), set by the caller.
 * @count: in: capacity of @filter, in instructions; out: the number of
 *	instructions of the filter (also when the call fails with ENOSPC).
 * @filter: user pointer to an array of struct sock_filter (<linux/filter.h>),
 *	ready for a struct sock_fprog {.len = @count, .filter = @filter}.
 */
struct capsicum_seccomp_filter_arg {
	__u32 size;
	__u32 count;
	__u64 filter;
};

#define CAPSICUM_SECCOMP_FILTER_ARG_SIZE_VER0	16

/*
 * CAPSICUM_IOC_SECCOMP_FILTER: copy the classic-BPF seccomp filter of
 * capability mode to @filter.  It refuses, with SECCOMP_RET_ERRNO and
 * ECAPMODE, every ia32 and x32 syscall and every x86-64 syscall that
 * capability mode refuses by its number or a register argument (the list
 * is in docs/coverage.md); it allows everything else.  The same module always
 * gives the same filter.  Allowed in capability mode.
 * Argument struct capsicum_seccomp_filter_arg *.
 * Possible returned errors are, checked in this order:
 * - EOPNOTSUPP: the enforcing programs are not attached (libcapsicum:
 *   ENOSYS): a filter without capability mode would be half a sandbox.
 * - EFAULT, EINVAL (size), E2BIG: as for CAPSICUM_IOC_GETMODE.
 * - ENOSPC: @count is smaller than the filter; @count is set to its length
 *   and nothing is written to @filter (a partial filter must never be
 *   installed).  @count 0 asks for the length this way.
 * - EFAULT: @filter cannot be written.
 * - ENOMEM.
 */
#define CAPSICUM_IOC_SECCOMP_FILTER \
	_IOWR(CAPSICUM_IOC_MAGIC, 13, struct capsicum_seccomp_filter_arg)

/* struct capsicum_procdesc_arg flags. */
#define CAPSICUM_PROCDESC_KILL	(1U << 0)	/* SIGKILL when the file goes */

/**
 * struct capsicum_procdesc_arg - a process descriptor of the caller (ABI 4).
 * @size: sizeof(struct capsicum_procdesc_arg), set by the caller.
 * @fd: the descriptor, in the caller's table.
 * @right: GET: the right the caller's use needs, CAP_PDGETPID or
 *	CAP_PDWAIT.  SET: zero.
 * @flags: SET: CAPSICUM_PROCDESC_KILL.  GET: zero.
 * @pid: GET, out: the process's id in the caller's pid namespace (0 when
 *	it has none there).  SET: unused.
 *
 * A process descriptor is a pidfd made by clone(2) or clone3(2) with
 * CLONE_PIDFD while the module's programs were attached (pdfork(2) in
 * libcapsicum); a pidfd from pidfd_open(2) is not one.
 */
struct capsicum_procdesc_arg {
	__u32 size;
	__s32 fd;
	__u64 right;
	__u32 flags;
	__s32 pid;
};

#define CAPSICUM_PROCDESC_ARG_SIZE_VER0	24

/*
 * CAPSICUM_IOC_PROCDESC_GET: check that @fd holds @right and read the pid
 * of its process: pdgetpid(2), and the right check of pdwait4(2).  Allowed
 * in capability mode.  Argument struct capsicum_procdesc_arg *.
 * Possible returned errors are, checked in this order (FreeBSD's: the
 * right before the type of the descriptor):
 * - EFAULT, EINVAL (size), E2BIG: as for CAPSICUM_IOC_GETMODE.
 * - EINVAL: @right is not CAP_PDGETPID or CAP_PDWAIT, or @flags is not 0.
 * - EBADF: @fd is not an open descriptor.
 * - ENOTCAPABLE: @fd lacks @right.
 * - EBADF: @fd is not a process descriptor.
 */
#define CAPSICUM_IOC_PROCDESC_GET \
	_IOWR(CAPSICUM_IOC_MAGIC, 14, struct capsicum_procdesc_arg)

/*
 * CAPSICUM_IOC_PROCDESC_SET: with CAPSICUM_PROCDESC_KILL, the process of
 * @fd gets SIGKILL when the last reference to the descriptor's file goes
 * (every descriptor closed, in every process, also those in flight over
 * SCM_RIGHTS): pdfork(2) without PD_DAEMON.  It cannot be undone.  Allowed
 * in capability mode.  Argument struct capsicum_procdesc_arg *.
 * Possible returned errors are, checked in this order:
 * - EOPNOTSUPP: not armed (libcapsicum: ENOSYS).
 * - EFAULT, EINVAL (size), E2BIG: as for CAPSICUM_IOC_GETMODE.
 * - EINVAL: @flags is not CAPSICUM_PROCDESC_KILL, or @right is not 0.
 * - EBADF: @fd is not an open descriptor.
 * - ENOTCAPABLE: @fd lacks CAP_PDKILL.
 * - EBADF: @fd is not a process descriptor.
 * - ENOMEM.
 */
#define CAPSICUM_IOC_PROCDESC_SET \
	_IOW(CAPSICUM_IOC_MAGIC, 15, struct capsicum_procdesc_arg)

/*
 * Not restricted (see docs/coverage.md): the rights not in
 * capsicum_status.enforced.  Capability mode refuses the opens and execs
 * of ABI 1 and, from ABI 3 on, every syscall of the seccomp filter
 * (CAPSICUM_IOC_SECCOMP_FILTER); docs/coverage.md lists the rules that
 * are still open.
 */

/* ---- ABI 4: tracing violations and trapping on them (issue5-trace) ---- */

/**
 * struct capsicum_trace_open - what a tracer wants to see (ABI 4).
 * @size: sizeof(struct capsicum_trace_open), set by the caller.
 * @pid: only violations of this process (thread group id, in the caller's
 *	pid namespace); 0: of every process.
 * @flags: zero (reserved for later filters).
 * @__reserved: zero.
 */
struct capsicum_trace_open {
	__u32 size;
	__s32 pid;
	__u32 flags;
	__u32 __reserved;
};

#define CAPSICUM_TRACE_OPEN_SIZE_VER0	16

/* struct capsicum_trace_event flags. */
#define CAPSICUM_TRACE_RIGHTS	(1U << 0)	/* @needed and @held are known */
#define CAPSICUM_TRACE_IA32	(1U << 1)	/* @syscall is an ia32 number */
#define CAPSICUM_TRACE_NOSYSCALL (1U << 2)	/* no syscall: an io_uring worker */
#define CAPSICUM_TRACE_TRAPPED	(1U << 3)	/* SIGTRAP was sent for it */

/**
 * struct capsicum_trace_event - one refused operation (ABI 4).
 * @size: sizeof(struct capsicum_trace_event) as the module writes it;
 *	read(2) returns whole records of this size.
 * @error: ECAPMODE or ENOTCAPABLE (positive).
 * @pid: the process (thread group id) in the tracer's pid namespace, 0
 *	when it is not visible there.
 * @tid: the thread, likewise.
 * @syscall: the syscall number (x86-64 table, or ia32 with
 *	CAPSICUM_TRACE_IA32), -1 with CAPSICUM_TRACE_NOSYSCALL.
 * @fd: the descriptor whose rights were checked, -1 when none is known
 *	(capability-mode refusals, a file reached by no descriptor argument).
 * @flags: CAPSICUM_TRACE_*.
 * @dropped: events this tracer lost (ring full) just before this one.
 * @needed: the rights the operation needs (with CAPSICUM_TRACE_RIGHTS).
 * @held: the rights the descriptor holds (with CAPSICUM_TRACE_RIGHTS).
 * @comm: the thread's command name, NUL-terminated.
 */
struct capsicum_trace_event {
	__u32 size;
	__u32 error;
	__s32 pid;
	__s32 tid;
	__s32 syscall;
	__s32 fd;
	__u32 flags;
	__u32 dropped;
	struct cap_rights needed;
	struct cap_rights held;
	char comm[16];
};

#define CAPSICUM_TRACE_EVENT_SIZE_VER0	80

/*
 * CAPSICUM_IOC_TRACE_OPEN: open a tracer, the Linux counterpart of
 * FreeBSD's ktrace -t c.  Returns a new descriptor (close-on-exec) from
 * which read(2) returns whole struct capsicum_trace_event records, one per
 * operation the module refused with ECAPMODE or ENOTCAPABLE from then on;
 * it blocks while there is none (unless O_NONBLOCK: EAGAIN), a buffer
 * smaller than one record gets EINVAL, and poll(2) reports POLLIN.  Each
 * tracer has a ring of CAPSICUM_TRACE_RING records; when it is full new
 * events are dropped and counted in the next record's @dropped: a traced
 * process never waits for its tracer.  The seccomp filter's refusals
 * (CAPSICUM_IOC_SECCOMP_FILTER) happen before any hook and are not traced.
 * Argument struct capsicum_trace_open *.
 * Possible returned errors are, checked in this order:
 * - ECAPMODE: the caller is in capability mode.
 * - EPERM: the caller lacks CAP_SYS_ADMIN.
 * - EFAULT, EINVAL (size), E2BIG: as for CAPSICUM_IOC_GETMODE.
 * - EINVAL: @pid is negative, or @flags or @__reserved is not zero.
 * - EBUSY: CAPSICUM_TRACE_MAX tracers are open.
 * - ENOMEM, EMFILE, ENFILE.
 */
#define CAPSICUM_IOC_TRACE_OPEN \
	_IOW(CAPSICUM_IOC_MAGIC, 16, struct capsicum_trace_open)

#define CAPSICUM_TRACE_RING	256
#define CAPSICUM_TRACE_MAX	8

/* struct capsicum_trapcap scopes and states (FreeBSD's PROC_TRAPCAP_*). */
#define CAPSICUM_TRAPCAP_PROCESS	0	/* the calling process */
#define CAPSICUM_TRAPCAP_GLOBAL		1	/* kern.trap_enotcap */
#define CAPSICUM_TRAPCAP_ENABLE		1
#define CAPSICUM_TRAPCAP_DISABLE	2

/* si_code of the SIGTRAP (FreeBSD's TRAP_CAP; Linux's own codes end at 6). */
#define CAPSICUM_TRAP_CAP	0x43

/**
 * struct capsicum_trapcap - trap on capability violations (ABI 4).
 * @size: sizeof(struct capsicum_trapcap), set by the caller.
 * @scope: CAPSICUM_TRAPCAP_PROCESS or CAPSICUM_TRAPCAP_GLOBAL.
 * @state: CTL: in, STATUS: out: CAPSICUM_TRAPCAP_ENABLE or _DISABLE.
 * @__reserved: zero.
 *
 * While enabled, a process in capability mode that gets ECAPMODE or
 * ENOTCAPABLE from an operation the module refuses is sent SIGTRAP, with
 * si_code CAPSICUM_TRAP_CAP, si_errno the error and si_syscall the
 * syscall number, as FreeBSD's kern.trap_enotcap (global) and
 * procctl(PROC_TRAPCAP_CTL) (per process) do.  The per-process switch is
 * inherited by fork and kept across exec.  A SIGTRAP that the process
 * blocks stays pending, one it ignores is lost (FreeBSD forces delivery).
 */
struct capsicum_trapcap {
	__u32 size;
	__u32 scope;
	__u32 state;
	__u32 __reserved;
};

#define CAPSICUM_TRAPCAP_SIZE_VER0	16

/*
 * CAPSICUM_IOC_TRAPCAP_CTL: set a switch.  The process switch is the
 * caller's own (every thread), allowed in capability mode; the global one
 * needs CAP_SYS_ADMIN outside capability mode.
 * Argument struct capsicum_trapcap *.
 * Possible returned errors are, checked in this order:
 * - EFAULT, EINVAL (size), E2BIG: as for CAPSICUM_IOC_GETMODE.
 * - EINVAL: @scope or @state is none of the above, or @__reserved is not
 *   zero.
 * - ECAPMODE (global): the caller is in capability mode.
 * - EPERM (global): the caller lacks CAP_SYS_ADMIN.
 * - EOPNOTSUPP (process): the enforcing programs are not attached
 *   (libcapsicum: ENOSYS).
 * - ENOMEM (process).
 *
 * CAPSICUM_IOC_TRAPCAP_STATUS: read a switch into @state (the process
 * one of the calling thread).  Errors: EFAULT, EINVAL (size, @scope,
 * @__reserved), E2BIG, ECAPMODE (global, in capability mode).
 */
#define CAPSICUM_IOC_TRAPCAP_CTL \
	_IOW(CAPSICUM_IOC_MAGIC, 17, struct capsicum_trapcap)
#define CAPSICUM_IOC_TRAPCAP_STATUS \
	_IOWR(CAPSICUM_IOC_MAGIC, 18, struct capsicum_trapcap)

/* ---- end of issue5-trace's block ---- */

#endif /* _UAPI_LINUX_CAPSICUM_H */
