// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - the seccomp layer of capability mode.
 *
 * Capability mode refuses many syscalls for what they are (mount, ptrace,
 * a path-only open) or for a register argument (AT_FDCWD as the directory
 * descriptor, a namespace flag of clone).  No LSM hook sees most of them,
 * and where one does it cannot tell which syscall it runs for.  A seccomp
 * filter sees exactly that: the number, the ABI and the six arguments.  So
 * the policy of those rules lives here, as a table, and the module turns it
 * into one classic-BPF program that libcapsicum installs on every thread
 * (SECCOMP_FILTER_FLAG_TSYNC) before CAPSICUM_IOC_ENTER, which refuses to
 * mark a process whose threads do not all run a filter.
 *
 * Every refusal is SECCOMP_RET_ERRNO with ECAPMODE.  Rules that depend on
 * which process a syscall names (kill of another pid, setpriority, ...)
 * are the LSM's: a filter cannot know who the pid is.  Where the LSM's only
 * hook is the ptrace check, whose refusal the kernel reports as EPERM
 * (pidfd_getfd, migrate_pages, move_pages), the filter refuses the call
 * itself: always, or for any pid but 0 (the caller).
 */
#include <linux/audit.h>
#include <linux/bug.h>
#include <linux/fanotify.h>
#include <linux/fcntl.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seccomp.h>
#include <linux/stddef.h>
#include <uapi/linux/wait.h>
#include <asm/unistd.h>
#include <uapi/linux/capsicum.h>
#include "seccomp.h"

/* Numbers the 6.1 headers do not have yet (syscall_64.tbl of 6.12). */
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif
#ifndef __NR_statmount
#define __NR_statmount 457
#endif
#ifndef __NR_listmount
#define __NR_listmount 458
#endif

/* The x32 ABI shares the x86-64 table, tagged with this bit. */
#define CAPSICUM_SC_X32_BIT 0x40000000U

/* Every namespace flag that clone() and unshare() accept. */
#define CAPSICUM_SC_CLONE_NEW						\
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |	\
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
/* clone() keeps its low byte for the exit signal: only unshare has it. */
#define CAPSICUM_SC_UNSHARE_NEW (CAPSICUM_SC_CLONE_NEW | CLONE_NEWTIME)

#define R_ALWAYS(n)	  { #n, __NR_##n, CAPSICUM_SC_ALWAYS, 0, 0 }
#define R_FDCWD(n, a)	  { #n, __NR_##n, CAPSICUM_SC_AT_FDCWD, a, 0 }
#define R_FLAGS(n, a, m)  { #n, __NR_##n, CAPSICUM_SC_FLAGS, a, m }
#define R_NONZERO(n, a)	  { #n, __NR_##n, CAPSICUM_SC_NONZERO, a, 0 }
#define R_PID_LE0(n, a)	  { #n, __NR_##n, CAPSICUM_SC_PID_LE0, a, 0 }
#define R_UNLESS(n, a, v) { #n, __NR_##n, CAPSICUM_SC_UNLESS, a, v }

/*
 * The rules, sorted by number (the builder and KUnit rely on it).  A
 * syscall that is not here is allowed by the filter; the LSM programs and
 * the descriptor rights still judge it.  docs/coverage.md ("Capability
 * mode") lists them with the tests that show each.
 */
const struct capsicum_seccomp_rule capsicum_seccomp_rules[] = {
	R_ALWAYS(open),			/* 2: a path, no directory descriptor */
	R_ALWAYS(stat),
	R_ALWAYS(lstat),
	R_ALWAYS(access),
	R_ALWAYS(shmget),		/* SysV IPC: global keys and ids */
	R_ALWAYS(shmat),
	R_ALWAYS(shmctl),
	R_ALWAYS(connect),		/* 42: names a peer */
	R_NONZERO(sendto, 4),		/* a destination address */
	R_ALWAYS(bind),
	R_FLAGS(clone, 0, CAPSICUM_SC_CLONE_NEW),
	R_ALWAYS(execve),
	R_ALWAYS(wait4),		/* any child, by pid or group */
	R_PID_LE0(kill, 0),		/* a process group or every process */
	R_ALWAYS(semget),
	R_ALWAYS(semop),
	R_ALWAYS(semctl),
	R_ALWAYS(msgget),		/* 68; shmdt (67) stays allowed */
	R_ALWAYS(msgsnd),
	R_ALWAYS(msgrcv),
	R_ALWAYS(msgctl),
	R_ALWAYS(truncate),
	R_ALWAYS(chdir),
	R_ALWAYS(rename),
	R_ALWAYS(mkdir),
	R_ALWAYS(rmdir),
	R_ALWAYS(creat),
	R_ALWAYS(link),
	R_ALWAYS(unlink),
	R_ALWAYS(symlink),
	R_ALWAYS(readlink),
	R_ALWAYS(chmod),
	R_ALWAYS(chown),
	R_ALWAYS(lchown),
	R_ALWAYS(ptrace),		/* 101 */
	R_ALWAYS(syslog),
	R_PID_LE0(rt_sigqueueinfo, 0),
	R_ALWAYS(utime),
	R_ALWAYS(mknod),
	R_ALWAYS(uselib),
	R_UNLESS(personality, 0, 0xffffffff),	/* only the query */
	R_ALWAYS(ustat),		/* a device number */
	R_ALWAYS(statfs),
	R_ALWAYS(sysfs),		/* the kernel's file system types */
	R_ALWAYS(vhangup),
	R_ALWAYS(pivot_root),
	R_ALWAYS(_sysctl),
	R_ALWAYS(adjtimex),
	R_ALWAYS(chroot),
	R_ALWAYS(acct),
	R_ALWAYS(settimeofday),
	R_ALWAYS(mount),
	R_ALWAYS(umount2),
	R_ALWAYS(swapon),
	R_ALWAYS(swapoff),
	R_ALWAYS(reboot),
	R_ALWAYS(sethostname),
	R_ALWAYS(setdomainname),
	R_ALWAYS(iopl),
	R_ALWAYS(ioperm),
	R_ALWAYS(create_module),
	R_ALWAYS(init_module),
	R_ALWAYS(delete_module),
	R_ALWAYS(get_kernel_syms),
	R_ALWAYS(query_module),
	R_ALWAYS(quotactl),
	R_ALWAYS(nfsservctl),		/* 180 */
	R_ALWAYS(setxattr),		/* 188: by path; the f* forms stay */
	R_ALWAYS(lsetxattr),
	R_ALWAYS(getxattr),
	R_ALWAYS(lgetxattr),
	R_ALWAYS(listxattr),
	R_ALWAYS(llistxattr),
	R_ALWAYS(removexattr),
	R_ALWAYS(lremovexattr),
	R_ALWAYS(lookup_dcookie),	/* 212 */
	R_ALWAYS(semtimedop),
	R_ALWAYS(clock_settime),
	R_ALWAYS(utimes),
	R_ALWAYS(mq_open),		/* 240: a global name */
	R_ALWAYS(mq_unlink),
	R_ALWAYS(kexec_load),
	R_UNLESS(waitid, 0, P_PIDFD),	/* only through a process descriptor */
	R_ALWAYS(add_key),
	R_ALWAYS(request_key),
	R_ALWAYS(keyctl),
	R_ALWAYS(inotify_add_watch),	/* 254: a path */
	R_NONZERO(migrate_pages, 0),	/* 256: of another process (0: itself) */
	R_FDCWD(openat, 0),		/* 257 */
	R_FDCWD(mkdirat, 0),
	R_FDCWD(mknodat, 0),
	R_FDCWD(fchownat, 0),
	R_FDCWD(futimesat, 0),
	R_FDCWD(newfstatat, 0),
	R_FDCWD(unlinkat, 0),
	R_FDCWD(renameat, 0),
	R_FDCWD(renameat, 2),
	R_FDCWD(linkat, 0),
	R_FDCWD(linkat, 2),
	R_FDCWD(symlinkat, 1),		/* (target, newdirfd, linkpath) */
	R_FDCWD(readlinkat, 0),
	R_FDCWD(fchmodat, 0),
	R_FDCWD(faccessat, 0),
	R_FLAGS(unshare, 0, CAPSICUM_SC_UNSHARE_NEW),
	R_NONZERO(move_pages, 0),	/* 279: of another process (0: itself) */
	R_FDCWD(utimensat, 0),
	R_ALWAYS(perf_event_open),	/* 298 */
	R_FLAGS(fanotify_mark, 1, FAN_MARK_MOUNT | FAN_MARK_FILESYSTEM),
	R_FDCWD(fanotify_mark, 3),
	R_ALWAYS(name_to_handle_at),
	R_ALWAYS(open_by_handle_at),
	R_ALWAYS(clock_adjtime),
	R_ALWAYS(setns),
	R_ALWAYS(process_vm_readv),
	R_ALWAYS(process_vm_writev),
	R_ALWAYS(kcmp),
	R_ALWAYS(finit_module),
	R_FDCWD(renameat2, 0),		/* 316 */
	R_FDCWD(renameat2, 2),
	R_ALWAYS(kexec_file_load),
	R_ALWAYS(bpf),
	R_FDCWD(execveat, 0),
	R_ALWAYS(userfaultfd),
	R_FDCWD(statx, 0),		/* 332 */
	R_ALWAYS(io_uring_setup),	/* 425 */
	R_ALWAYS(open_tree),
	R_ALWAYS(move_mount),
	R_ALWAYS(fsopen),
	R_ALWAYS(fsconfig),
	R_ALWAYS(fsmount),
	R_ALWAYS(fspick),
	R_FDCWD(openat2, 0),		/* 437 */
	R_ALWAYS(pidfd_getfd),		/* another process's descriptors */
	R_FDCWD(faccessat2, 0),
	R_ALWAYS(process_madvise),
	R_ALWAYS(mount_setattr),
	R_ALWAYS(quotactl_fd),
	R_ALWAYS(process_mrelease),	/* 448 */
	R_FDCWD(fchmodat2, 0),		/* 452 */
	R_ALWAYS(statmount),
	R_ALWAYS(listmount),
};

const unsigned int capsicum_seccomp_nr_rules = ARRAY_SIZE(capsicum_seccomp_rules);

#define CAPSICUM_SC_DENY (SECCOMP_RET_ERRNO | (ECAPMODE & SECCOMP_RET_DATA))
#define CAPSICUM_SC_LOW(arg) \
	(offsetof(struct seccomp_data, args) + 8 * (arg))
/* x86-64 is little-endian: the high half follows the low one. */
#define CAPSICUM_SC_HIGH(arg) (CAPSICUM_SC_LOW(arg) + 4)

/* Syscalls per leaf of the search tree: compared one after the other. */
#define CAPSICUM_SC_LEAF 4

/* A program being written; past @room it only counts. */
struct capsicum_bpf {
	struct sock_filter *prog;
	unsigned int len;
	unsigned int room;
};

static unsigned int capsicum_emit(struct capsicum_bpf *b, u16 code, u32 k,
				  u8 jt, u8 jf)
{
	if (b->len < b->room) {
		b->prog[b->len].code = code;
		b->prog[b->len].jt = jt;
		b->prog[b->len].jf = jf;
		b->prog[b->len].k = k;
	}
	return b->len++;
}

static void capsicum_emit_ld(struct capsicum_bpf *b, u32 offset)
{
	capsicum_emit(b, BPF_LD | BPF_W | BPF_ABS, offset, 0, 0);
}

static void capsicum_emit_ret(struct capsicum_bpf *b, u32 action)
{
	capsicum_emit(b, BPF_RET | BPF_K, action, 0, 0);
}

/* One rule: load its argument, refuse when it says so, else fall through. */
static void capsicum_emit_rule(struct capsicum_bpf *b,
			       const struct capsicum_seccomp_rule *r)
{
	switch (r->kind) {
	case CAPSICUM_SC_ALWAYS:
		break;
	case CAPSICUM_SC_AT_FDCWD:
		capsicum_emit_ld(b, CAPSICUM_SC_LOW(r->arg));
		capsicum_emit(b, BPF_JMP | BPF_JEQ | BPF_K, (u32)AT_FDCWD, 0, 1);
		break;
	case CAPSICUM_SC_FLAGS:
		capsicum_emit_ld(b, CAPSICUM_SC_LOW(r->arg));
		capsicum_emit(b, BPF_JMP | BPF_JSET | BPF_K, r->value, 0, 1);
		break;
	case CAPSICUM_SC_NONZERO:
		capsicum_emit_ld(b, CAPSICUM_SC_LOW(r->arg));
		capsicum_emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2);
		capsicum_emit_ld(b, CAPSICUM_SC_HIGH(r->arg));
		capsicum_emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0);
		break;
	case CAPSICUM_SC_PID_LE0:
		capsicum_emit_ld(b, CAPSICUM_SC_LOW(r->arg));
		capsicum_emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0);
		capsicum_emit(b, BPF_JMP | BPF_JSET | BPF_K, 0x80000000U, 0, 1);
		break;
	case CAPSICUM_SC_UNLESS:
		capsicum_emit_ld(b, CAPSICUM_SC_LOW(r->arg));
		capsicum_emit(b, BPF_JMP | BPF_JEQ | BPF_K, r->value, 1, 0);
		break;
	default:
		/* An unknown kind refuses: fail safe. */
		break;
	}
	/* Each test above jumps here to refuse, or over this to go on. */
	capsicum_emit_ret(b, CAPSICUM_SC_DENY);
}

/* The end of the group of rules that starts at @i (same number). */
static unsigned int capsicum_group_end(unsigned int i)
{
	u16 nr = capsicum_seccomp_rules[i].nr;

	while (i < capsicum_seccomp_nr_rules &&
	       capsicum_seccomp_rules[i].nr == nr)
		i++;
	return i;
}

/* Rules [@lo, @hi) for one number, the accumulator holding that number. */
static void capsicum_emit_group(struct capsicum_bpf *b, unsigned int lo,
				unsigned int hi)
{
	unsigned int i;

	for (i = lo; i < hi; i++) {
		capsicum_emit_rule(b, &capsicum_seccomp_rules[i]);
		/* Nothing after an unconditional refusal is reached. */
		if (capsicum_seccomp_rules[i].kind == CAPSICUM_SC_ALWAYS)
			return;
	}
	capsicum_emit_ret(b, SECCOMP_RET_ALLOW);
}

static void capsicum_patch(struct capsicum_bpf *b, unsigned int at, u32 k,
			   u8 jf)
{
	if (at < b->room) {
		b->prog[at].k = k;
		b->prog[at].jf = jf;
	}
}

/*
 * The rules [@lo, @hi), whole groups, as a binary search on the syscall
 * number in the accumulator; a number without rules reaches ALLOW.
 */
static void capsicum_emit_tree(struct capsicum_bpf *b, unsigned int lo,
			       unsigned int hi)
{
	unsigned int groups = 0, mid, i, at, jump;

	for (i = lo; i < hi; i = capsicum_group_end(i))
		groups++;
	if (groups <= CAPSICUM_SC_LEAF) {
		for (i = lo; i < hi; i = capsicum_group_end(i)) {
			/* jeq nr: fall into the group, else jump over it. */
			at = capsicum_emit(b, BPF_JMP | BPF_JEQ | BPF_K,
					   capsicum_seccomp_rules[i].nr, 0, 0);
			capsicum_emit_group(b, i, capsicum_group_end(i));
			/* A group is a few instructions: the offset fits. */
			WARN_ON_ONCE(b->len - at - 1 > 255);
			capsicum_patch(b, at, capsicum_seccomp_rules[i].nr,
				       b->len - at - 1);
		}
		capsicum_emit_ret(b, SECCOMP_RET_ALLOW);
		return;
	}
	/* Split at the start of the middle group. */
	mid = lo;
	for (i = 0; i < groups / 2; i++)
		mid = capsicum_group_end(mid);
	/* nr >= mid's: the ja to the upper half; else skip it. */
	capsicum_emit(b, BPF_JMP | BPF_JGE | BPF_K,
		      capsicum_seccomp_rules[mid].nr, 0, 1);
	jump = capsicum_emit(b, BPF_JMP | BPF_JA, 0, 0, 0);
	capsicum_emit_tree(b, lo, mid);
	capsicum_patch(b, jump, b->len - jump - 1, 0);
	capsicum_emit_tree(b, mid, hi);
}

/**
 * capsicum_seccomp_build() - write the capability-mode seccomp filter.
 * @prog: where to write; may be NULL when @room is 0.
 * @room: instructions @prog holds.
 *
 * The program: an ia32 syscall (any arch but x86-64) is refused, so is an
 * x32 one (the number's x32 bit) and a number above every table this
 * module knows; then a binary search on the number finds the rules of the
 * syscall.  Every refusal is ERRNO(ECAPMODE); everything else is ALLOW.
 * Only 32-bit loads from struct seccomp_data and constant jumps are used.
 *
 * Return: the number of instructions of the whole program.  Only the first
 * @room are written; call again with more room when it is larger.
 */
unsigned int capsicum_seccomp_build(struct sock_filter *prog,
				    unsigned int room)
{
	struct capsicum_bpf b = { .prog = prog, .room = prog ? room : 0 };

	capsicum_emit_ld(&b, offsetof(struct seccomp_data, arch));
	capsicum_emit(&b, BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	capsicum_emit_ret(&b, CAPSICUM_SC_DENY);
	capsicum_emit_ld(&b, offsetof(struct seccomp_data, nr));
	capsicum_emit(&b, BPF_JMP | BPF_JSET | BPF_K, CAPSICUM_SC_X32_BIT, 0, 1);
	capsicum_emit_ret(&b, CAPSICUM_SC_DENY);
	capsicum_emit(&b, BPF_JMP | BPF_JGE | BPF_K, CAPSICUM_SECCOMP_NR_END,
		      0, 1);
	capsicum_emit_ret(&b, CAPSICUM_SC_DENY);
	capsicum_emit_tree(&b, 0, capsicum_seccomp_nr_rules);
	return b.len;
}

/**
 * capsicum_seccomp_all_threads_filtered() - is every thread filtered alike?
 * @task: a thread of the process; its sighand->siglock is held, so no
 *	thread can come, go or change its filter meanwhile.
 *
 * A thread that is exiting is skipped, as SECCOMP_FILTER_FLAG_TSYNC skips
 * it: it never returns to user space.
 *
 * Return: true when @task runs a seccomp filter (SECCOMP_MODE_FILTER) and
 * every other live thread of its process runs the very same one.
 */
bool capsicum_seccomp_all_threads_filtered(struct task_struct *task)
{
#ifdef CONFIG_SECCOMP_FILTER
	struct seccomp_filter *filter = READ_ONCE(task->seccomp.filter);
	struct task_struct *t;

	lockdep_assert_held(&task->sighand->siglock);
	if (READ_ONCE(task->seccomp.mode) != SECCOMP_MODE_FILTER || !filter)
		return false;
	for_each_thread(task, t) {
		if (t->flags & PF_EXITING)
			continue;
		if (READ_ONCE(t->seccomp.mode) != SECCOMP_MODE_FILTER ||
		    READ_ONCE(t->seccomp.filter) != filter)
			return false;
	}
	return true;
#else
	return false;
#endif
}
