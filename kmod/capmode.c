// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - capability mode's rules on processes, signals,
 * sockets and namespaces.
 *
 * A seccomp filter (seccomp.c) refuses the syscalls capability mode
 * refuses by number or by a register argument.  What it cannot see is
 * decided here, in the LSM hooks, where the kernel has found the objects:
 * which process a signal, a priority change or a ptrace check reaches;
 * which pidfd a pidfd_send_signal() names; the flags clone3() passes in
 * memory; the owner an F_SETOWN_EX names; an address given to io_uring.
 * These rules also hold without the filter.
 *
 * In capability mode a process may act only on its own threads.  Its
 * children are reached through process descriptors: pidfds made by
 * clone(CLONE_PIDFD) (pdfork), which the module notes when the file is
 * made, in every mode, since a process may pdfork first and sandbox
 * itself later.  The same notes make them process descriptors in every
 * mode: their rights (CAP_PDKILL, CAP_PDGETPID, CAP_PDWAIT) are checked,
 * and one marked by pdfork() without PD_DAEMON kills its process when its
 * file goes (file_free_security: the last reference, in any process).
 *
 * Outside capability mode every kfunc here returns 0 after one or two
 * atomic reads (no process anywhere in capability mode).
 */
#include <linux/cred.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sockios.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <asm/ioctls.h>
#include "capmode.h"
#include "trace.h"
#include "capsicum_kfuncs.h"
#include "hooks.h"
#include "policy.h"
#include "rights.h"
#include "slots.h"
#include "state.h"

/* Every flag that makes clone(), clone3() or unshare() create a namespace. */
#define CAPSICUM_CLONE_NEW (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
			    CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
			    CLONE_NEWNET | CLONE_NEWTIME)

/* --- the decisions: pure, tested by KUnit (capmode_test.c) --- */

/**
 * capsicum_decide_signal() - may a capability-mode task send this signal?
 * @f: the facts task_kill gathered.
 *
 * Signals go to the sender's own threads (kill, tkill, tgkill,
 * rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal on its own pidfd),
 * or through a process descriptor to the process it names:
 * pidfd_send_signal() on a pidfd made by clone(CLONE_PIDFD), FreeBSD's
 * pdkill().  A pidfd from pidfd_open() is not a process descriptor.
 *
 * Return: 0 or -ECAPMODE.
 */
int capsicum_decide_signal(const struct capsicum_signal_facts *f)
{
	if (f->own_group)
		return 0;
	if (f->pidfd && f->pdfork && f->names_target)
		return 0;
	return -ECAPMODE;
}

/**
 * capsicum_decide_procdesc() - may a descriptor be used as a process descriptor?
 * @names_target: the descriptor's slot holds a pidfd of the process the
 *	call reaches (a slot swapped since the kernel looked does not).
 * @held: the rights of the descriptor.
 * @right: the one right of word 1 the use needs: CAP_PDKILL
 *	(pidfd_send_signal(), pdkill()), CAP_PDGETPID (pdgetpid()) or
 *	CAP_PDWAIT (pdwait4()).
 *
 * The rights hold in every mode, like every other right.
 *
 * Return: 0 or -ENOTCAPABLE.
 */
int capsicum_decide_procdesc(bool names_target, const struct cap_rights *held,
			     u64 right)
{
	if (!names_target || !capsicum_rights_has(held, right))
		return -ENOTCAPABLE;
	return 0;
}

/**
 * capsicum_decide_clone() - may a capability-mode task clone with these flags?
 * @clone_flags: the flags copy_process() got (clone3() passes them in
 *	memory, where a seccomp filter cannot read them).
 *
 * Return: -ECAPMODE for any flag that creates a namespace, else 0.
 */
int capsicum_decide_clone(u64 clone_flags)
{
	return clone_flags & CAPSICUM_CLONE_NEW ? -ECAPMODE : 0;
}

/**
 * capsicum_owner_arg() - does a command name the owner of a file's signals?
 * @ioctl: @cmd is an ioctl(2) command (else an fcntl(2) one).
 * @cmd: the command.
 *
 * The owner gets SIGIO and SIGURG when the file is ready: F_SETOWN names
 * it in its argument (a negative number is a process group), F_SETOWN_EX
 * in a struct f_owner_ex, FIOSETOWN and SIOCSPGRP in an int in memory.
 *
 * Return: where the command's owner is, or %CAPSICUM_OWNER_NONE.
 */
enum capsicum_owner_arg capsicum_owner_arg(bool ioctl, unsigned int cmd)
{
	if (ioctl)
		return cmd == FIOSETOWN || cmd == SIOCSPGRP ?
		       CAPSICUM_OWNER_INT_PTR : CAPSICUM_OWNER_NONE;
	switch (cmd) {
	case F_SETOWN:
		return CAPSICUM_OWNER_VALUE;
	case F_SETOWN_EX:
		return CAPSICUM_OWNER_EX_PTR;
	default:
		return CAPSICUM_OWNER_NONE;
	}
}

/**
 * capsicum_decide_owner() - may a capability-mode task name this owner?
 * @type: F_OWNER_TID, F_OWNER_PID or F_OWNER_PGRP.
 * @who: the thread, process or group (0: no owner).
 * @own_group: @who is a thread of the caller's own process.
 *
 * Clearing the owner, or naming the caller's own process or one of its
 * threads, is allowed; another process or any process group (the
 * caller's own group holds its parent, as a rule) is not.  An unknown
 * @type passes: the kernel refuses it with EINVAL.
 *
 * Return: 0 or -ECAPMODE.
 */
int capsicum_decide_owner(int type, int who, bool own_group)
{
	if (!who)
		return 0;
	switch (type) {
	case F_OWNER_TID:
	case F_OWNER_PID:
		return own_group ? 0 : -ECAPMODE;
	case F_OWNER_PGRP:
		return -ECAPMODE;
	default:
		return 0;
	}
}

/* --- notes on files: process descriptors, owners set in capability mode --- */

/*
 * One note per file and table.  In capsicum_pdforks: the file is a pidfd
 * made by clone(CLONE_PIDFD); @pid, if set, is its process, to be killed when
 * the file goes (CAPSICUM_IOC_PROCDESC_SET, a reference).  In capsicum_sigio: a task
 * in capability mode made itself or its process the file's owner; @pid
 * is its thread group (a reference), the only process the file's signals
 * may reach.  Notes are immutable once published and go with the file
 * (file_free_security), after an RCU grace period that keeps @pid alive
 * for readers comparing it.
 */
struct capsicum_note {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct file *file;
	struct pid *pid;
};

static DEFINE_HASHTABLE(capsicum_pdforks, 8);
static DEFINE_HASHTABLE(capsicum_sigio, 6);
static DEFINE_SPINLOCK(capsicum_notes_lock);
static atomic_long_t capsicum_nr_pdforks = ATOMIC_LONG_INIT(0);
static atomic_long_t capsicum_nr_sigio = ATOMIC_LONG_INIT(0);

#define capsicum_bucket(table, file) \
	(&(table)[hash_min((unsigned long)(file), HASH_BITS(table))])

/* Caller holds rcu_read_lock() or capsicum_notes_lock. */
static struct capsicum_note *capsicum_note_find(struct hlist_head *bucket,
						const struct file *file)
{
	struct capsicum_note *n;

	hlist_for_each_entry_rcu(n, bucket, node)
		if (n->file == file)
			return n;
	return NULL;
}

static struct capsicum_note *capsicum_pdfork_find(const struct file *file)
{
	return capsicum_note_find(capsicum_bucket(capsicum_pdforks, file), file);
}

static struct capsicum_note *capsicum_sigio_find(const struct file *file)
{
	return capsicum_note_find(capsicum_bucket(capsicum_sigio, file), file);
}

static void capsicum_note_free(struct rcu_head *head)
{
	struct capsicum_note *n = container_of(head, struct capsicum_note, rcu);

	put_pid(n->pid);
	kfree(n);
}

/* Caller holds capsicum_notes_lock. */
static void capsicum_note_del(struct capsicum_note *n, atomic_long_t *count)
{
	hash_del_rcu(&n->node);
	atomic_long_dec(count);
	call_rcu(&n->rcu, capsicum_note_free);
}

/* Is @file a process descriptor (a pidfd made by clone(CLONE_PIDFD))? */
static bool capsicum_pdfork_noted(const struct file *file)
{
	bool noted;

	if (!atomic_long_read(&capsicum_nr_pdforks))
		return false;
	rcu_read_lock();
	noted = capsicum_pdfork_find(file);
	rcu_read_unlock();
	return noted;
}

/*
 * Note @file, a pidfd clone() is making.  Without memory the pidfd is
 * not a process descriptor: it cannot signal its child in capability
 * mode (fewer rights, never more).
 */
static void capsicum_pdfork_note(const struct file *file)
{
	struct capsicum_note *n;
	unsigned long flags;

	n = kzalloc(sizeof(*n), GFP_ATOMIC);
	if (!n)
		return;
	n->file = file;
	spin_lock_irqsave(&capsicum_notes_lock, flags);
	/* Only a note left by a file freed while nobody observed can be there. */
	if (!capsicum_pdfork_find(file)) {
		hash_add_rcu(capsicum_pdforks, &n->node, (unsigned long)file);
		atomic_long_inc(&capsicum_nr_pdforks);
		n = NULL;
	}
	spin_unlock_irqrestore(&capsicum_notes_lock, flags);
	kfree(n);
}

/**
 * capsicum_capmode_file_forget() - drop the notes of a file being freed.
 * @file: the file, from file_free_security.
 */
void capsicum_capmode_file_forget(const struct file *file)
{
	struct capsicum_note *n;
	struct pid *kill = NULL;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_pdforks) &&
	    !atomic_long_read(&capsicum_nr_sigio))
		return;
	spin_lock_irqsave(&capsicum_notes_lock, flags);
	n = capsicum_pdfork_find(file);
	if (n) {
		kill = get_pid(n->pid);
		capsicum_note_del(n, &capsicum_nr_pdforks);
	}
	n = capsicum_sigio_find(file);
	if (n)
		capsicum_note_del(n, &capsicum_nr_sigio);
	spin_unlock_irqrestore(&capsicum_notes_lock, flags);
	/*
	 * The last reference to a process descriptor without PD_DAEMON:
	 * FreeBSD's procdesc_close() kills the process.  A process that
	 * already exited (or was reaped) takes no signal.
	 */
	if (kill) {
		kill_pid(kill, SIGKILL, 1);
		put_pid(kill);
	}
}

/**
 * capsicum_capmode_destroy() - drop every note (module exit, re-arming).
 *
 * Notes are only right while file_free_security is observed: after the
 * programs were detached, an address may name another file.
 */
void capsicum_capmode_destroy(void)
{
	struct capsicum_note *n;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&capsicum_notes_lock, flags);
	hash_for_each_safe(capsicum_pdforks, bkt, tmp, n, node)
		capsicum_note_del(n, &capsicum_nr_pdforks);
	hash_for_each_safe(capsicum_sigio, bkt, tmp, n, node)
		capsicum_note_del(n, &capsicum_nr_sigio);
	spin_unlock_irqrestore(&capsicum_notes_lock, flags);
}

/* --- facts about the current task --- */

/**
 * capsicum_current_capmode() - is the current task in capability mode?
 *
 * Its real cred counts too: an io_uring request may run under creds the
 * ring registered before cap_enter() (a personality), which override the
 * task's own and were never marked.  Hooks judge by this, not by
 * current_cred() alone.
 *
 * Return: true if either cred is marked.
 */
bool capsicum_current_capmode(void)
{
	const struct cred *cred = current_cred();
	const struct cred *real = current_real_cred();

	return capsicum_cred_capmode(cred) ||
	       (cred != real && capsicum_cred_capmode(real));
}

/* Does @nr (a number in the caller's pid namespace) name one of its threads? */
static bool capsicum_vpid_own(int nr)
{
	struct task_struct *t;
	bool own;

	if (nr <= 0)
		return false;
	rcu_read_lock();
	t = pid_task(find_vpid(nr), PIDTYPE_PID);
	own = t && same_thread_group(t, current);
	rcu_read_unlock();
	return own;
}

/* The process (or thread) of a pidfd. */
static struct pid *capsicum_pidfd_pid(const struct file *file)
{
#ifdef CAPSICUM_HAVE_PIDFS
	/* pidfs keeps it in the inode. */
	struct inode *inode = READ_ONCE(file->f_inode);

	return inode ? inode->i_private : NULL;
#else
	/* An anon_inode file: pidfd_create() put it here. */
	return file->private_data;
#endif
}

/**
 * capsicum_procdesc_pid() - the pid of a process descriptor.
 * @file: the descriptor's file (the caller holds a reference).
 * @nr: out: the process's id in the caller's pid namespace, 0 if none.
 *
 * For CAPSICUM_IOC_PROCDESC_GET (pdgetpid()).
 *
 * Return: 0, or -EBADF when @file is not a process descriptor.
 */
int capsicum_procdesc_pid(const struct file *file, pid_t *nr)
{
	struct pid *pid;

	if (!capsicum_pdfork_noted(file))
		return -EBADF;
	pid = capsicum_pidfd_pid(file);
	if (!pid)
		return -EBADF;
	*nr = pid_vnr(pid);
	return 0;
}

/**
 * capsicum_procdesc_set_kill() - kill a descriptor's process when its file goes.
 * @file: the descriptor's file (the caller holds a reference).
 *
 * For CAPSICUM_IOC_PROCDESC_SET (pdfork() without PD_DAEMON): the note of
 * @file gets a reference to the process, and capsicum_capmode_file_forget()
 * sends SIGKILL to it.  Notes are immutable: a new one replaces the old.
 *
 * Return: 0, -EBADF when @file is not a process descriptor, or -ENOMEM.
 */
int capsicum_procdesc_set_kill(const struct file *file)
{
	struct capsicum_note *n, *old;
	unsigned long flags;
	struct pid *pid;

	pid = capsicum_pidfd_pid(file);
	if (!pid || !capsicum_pdfork_noted(file))
		return -EBADF;
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->file = file;
	n->pid = get_pid(pid);
	spin_lock_irqsave(&capsicum_notes_lock, flags);
	/* Our reference keeps @file, and so its note, alive. */
	old = capsicum_pdfork_find(file);
	if (old) {
		hlist_replace_rcu(&old->node, &n->node);
		call_rcu(&old->rcu, capsicum_note_free);
		n = NULL;
	}
	spin_unlock_irqrestore(&capsicum_notes_lock, flags);
	if (n) {
		/* Notes were dropped meanwhile (re-armed): not a process descriptor. */
		put_pid(n->pid);
		kfree(n);
		return -EBADF;
	}
	return 0;
}

/*
 * pidfd_send_signal() reaches @p through descriptor @fd of the caller:
 * does the descriptor hold CAP_PDKILL?  As in capsicum_pidfd_facts(), the
 * file in the slot now must name @p; a slot emptied or swapped since the
 * kernel looked is refused (the caller raced itself).
 */
static long capsicum_pdkill_right(int fd, struct task_struct *p)
{
	struct files_struct *files = current->files;
	struct capsicum_held held;
	bool names = false;
	struct file *file;
	struct pid *pid;

	if (!files || fd < 0)
		return -ENOTCAPABLE;
	rcu_read_lock();
	file = files_lookup_fd_raw(files, fd);
	if (file) {
		pid = capsicum_pidfd_pid(file);
		names = pid && (pid == task_pid(p) || pid == task_tgid(p));
	}
	rcu_read_unlock();
	if (!file)
		return -ENOTCAPABLE;
	/* Only compared: the rights of the slot, if it still holds @file. */
	capsicum_fd_held(files, fd, file, &held);
	return capsicum_decide_procdesc(names, &held.rights, CAP_PDKILL);
}

/*
 * pidfd_send_signal() reaches @p: is descriptor @fd of the caller a
 * process descriptor naming @p?  The kernel looked the descriptor up
 * before us; another thread may have put another file in the slot since.
 * The file found now must itself name @p, so a swap can only make us
 * judge a process descriptor the caller holds for @p anyway.
 */
static void capsicum_pidfd_facts(int fd, struct task_struct *p,
				 struct capsicum_signal_facts *f)
{
	struct files_struct *files = current->files;
	struct file *file;
	struct pid *pid;

	if (!files || fd < 0)
		return;
	rcu_read_lock();
	file = files_lookup_fd_raw(files, fd);
	if (file && capsicum_pdfork_noted(file)) {
		f->pdfork = true;
		pid = capsicum_pidfd_pid(file);
		f->names_target = pid && (pid == task_pid(p) ||
					  pid == task_tgid(p));
	}
	rcu_read_unlock();
}

/* --- the hooks that hooks.c forwards here --- */

/**
 * capsicum_capmode_file_alloc() - a file is being made: pidfds.
 * @file: the new file; only its address is known yet.
 * @sc: the current syscall.
 * @capmode: the current task is in capability mode.
 *
 * For bpf_capsicum_file_alloc().  A pidfd clone() or clone3() makes
 * (CLONE_PIDFD) is noted as a process descriptor, in every mode.  In
 * capability mode pidfd_open() may only open the caller's own process or
 * threads: the number is a register argument the kernel resolved the same
 * way just before.
 *
 * Return: 0 or -ECAPMODE.
 */
long capsicum_capmode_file_alloc(struct file *file,
				 const struct capsicum_syscall *sc,
				 bool capmode)
{
	if (sc->call == CAPSICUM_CALL_CLONE && !sc->kthread)
		capsicum_pdfork_note(file);
	if (capmode && sc->call == CAPSICUM_CALL_PIDFD_OPEN &&
	    !capsicum_vpid_own((int)sc->args[0]))
		return -ECAPMODE;
	return 0;
}

/**
 * capsicum_capmode_setown() - may the current task name this owner?
 * @ioctl: @cmd is an ioctl(2) command, else an fcntl(2) one.
 * @cmd: the command.
 * @arg: its argument.
 *
 * For bpf_capsicum_file_op(): F_SETOWN, F_SETOWN_EX, FIOSETOWN and
 * SIOCSPGRP (capsicum_decide_owner()).  The kernel reads F_SETOWN_EX's
 * struct and FIOSETOWN's int after this hook; a value changed in between,
 * or memory that cannot be read without a fault here (passed), is caught
 * when a signal goes out (bpf_capsicum_sigio()).
 *
 * Return: 0 or -ECAPMODE.
 */
long capsicum_capmode_setown(bool ioctl, unsigned int cmd, unsigned long arg)
{
	enum capsicum_owner_arg kind = capsicum_owner_arg(ioctl, cmd);
	struct f_owner_ex ex;
	int who;

	if (kind == CAPSICUM_OWNER_NONE || !capsicum_current_capmode())
		return 0;
	switch (kind) {
	case CAPSICUM_OWNER_VALUE:
		who = (int)arg;
		break;
	case CAPSICUM_OWNER_INT_PTR:
		if (copy_from_user_nofault(&who, (const int __user *)arg,
					   sizeof(who)))
			return 0;
		break;
	default:
		if (copy_from_user_nofault(&ex, (const void __user *)arg,
					   sizeof(ex)))
			return 0;
		return capsicum_decide_owner(ex.type, ex.pid,
					     capsicum_vpid_own(ex.pid));
	}
	if (who < 0)
		return capsicum_decide_owner(F_OWNER_PGRP, who, false);
	return capsicum_decide_owner(F_OWNER_PID, who, capsicum_vpid_own(who));
}

/**
 * capsicum_capmode_sockaddr() - may the current task name a socket address?
 *
 * For bind, connect and a send with a destination (sendto, sendmsg with
 * msg_name), also from io_uring: not in capability mode.
 *
 * Return: 0 or -ECAPMODE.
 */
long capsicum_capmode_sockaddr(void)
{
	return capsicum_current_capmode() ?
	       capsicum_trace_deny(-ECAPMODE, -1, NULL, NULL) : 0;
}

/**
 * capsicum_capmode_ptrace() - may the current task pass a ptrace check?
 *
 * For bpf_capsicum_ptrace_access(): the check on another process (ptrace,
 * process_vm_readv/writev, kcmp, pidfd_getfd, /proc/PID/mem and the like;
 * the own process never reaches the hook) fails in capability mode.
 *
 * Return: 0 or -ECAPMODE.
 */
long capsicum_capmode_ptrace(void)
{
	return capsicum_current_capmode() ?
	       capsicum_trace_deny(-ECAPMODE, -1, NULL, NULL) : 0;
}

__bpf_kfunc_start_defs();

/**
 * bpf_capsicum_task_kill() - may the current task signal @p?
 * @p: the target thread.
 * @cred: the creds the signal is sent with when they are not the current
 *	task's (USB async I/O completion), else NULL.
 *
 * For lsm/task_kill: kill, tkill, tgkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo and pidfd_send_signal (capsicum_decide_signal()); in
 * every mode, pidfd_send_signal() needs CAP_PDKILL on its descriptor
 * (capsicum_decide_procdesc()).  Signals the kernel sends itself (SIGCHLD,
 * job control, timers, SIGIO, the SIGKILL of a closed process descriptor)
 * do not reach the hook; one sent with @cred, or from an interrupt, is not
 * the current task's to judge.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_task_kill(struct task_struct *p,
					const struct cred *cred)
{
	struct capsicum_signal_facts f = {};
	struct capsicum_syscall sc;
	bool capmode;
	long ret;

	if (cred || !in_task())
		return 0;
	capmode = capsicum_current_capmode();
	if (!capmode && !capsicum_slots_files())
		return 0;
	capsicum_current_syscall(&sc);
	f.pidfd = sc.call == CAPSICUM_CALL_PIDFD_SEND_SIGNAL;
	if (f.pidfd && capsicum_slots_files()) {
		ret = capsicum_pdkill_right((int)sc.args[0], p);
		if (ret)
			return capsicum_trace_deny(ret, (int)sc.args[0], NULL,
						   NULL);
	}
	if (!capmode)
		return 0;
	f.own_group = same_thread_group(p, current);
	if (!f.own_group && f.pidfd)
		capsicum_pidfd_facts((int)sc.args[0], p, &f);
	return capsicum_trace_deny(capsicum_decide_signal(&f), -1, NULL, NULL);
}

/**
 * bpf_capsicum_task_target() - may the current task act on process @p?
 * @p: the target thread.
 *
 * For lsm/task_setnice (setpriority), task_setioprio (ioprio_set),
 * task_setscheduler (sched_setscheduler, sched_setparam, sched_setattr,
 * sched_setaffinity), task_movememory (migrate_pages, move_pages: the
 * ptrace check refuses them first), task_setpgid (setpgid), task_getsid
 * (getsid) and task_getpgid (getpgid): in capability mode only on a
 * thread of the caller's own process.
 *
 * Return: 0 or -ECAPMODE.
 */
__bpf_kfunc long bpf_capsicum_task_target(struct task_struct *p)
{
	if (!capsicum_current_capmode() || same_thread_group(p, current))
		return 0;
	return capsicum_trace_deny(-ECAPMODE, -1, NULL, NULL);
}

/**
 * bpf_capsicum_task_prlimit() - may the current task see or set these limits?
 * @tcred: the creds of the target of prlimit64(); the hook has no task.
 *
 * For lsm/task_prlimit, which prlimit64() on another thread than the
 * caller reaches.  Threads share their cred unless one changed its own,
 * and two processes never share one: the target is one of the caller's
 * threads when one of them has @tcred.  (A thread of the caller that
 * changed its cred alone is refused: stricter.)
 *
 * Return: 0 or -ECAPMODE.
 */
__bpf_kfunc long bpf_capsicum_task_prlimit(const struct cred *tcred)
{
	struct task_struct *t;
	bool own = false;

	if (!capsicum_current_capmode() || tcred == current_cred())
		return 0;
	rcu_read_lock();
	for_each_thread(current, t) {
		if (rcu_access_pointer(t->cred) == tcred) {
			own = true;
			break;
		}
	}
	rcu_read_unlock();
	return own ? 0 : capsicum_trace_deny(-ECAPMODE, -1, NULL, NULL);
}

/**
 * bpf_capsicum_task_alloc() - may the current task create a task so?
 * @clone_flags: the flags of clone(), clone3(), vfork() or the kernel's
 *	own thread creation.
 *
 * For lsm/task_alloc: no new namespace in capability mode
 * (capsicum_decide_clone()).  clone3() passes its flags in memory, out of
 * a seccomp filter's sight.
 *
 * Return: 0 or -ECAPMODE.
 */
__bpf_kfunc long bpf_capsicum_task_alloc(u64 clone_flags)
{
	if (!(clone_flags & CAPSICUM_CLONE_NEW) || !capsicum_current_capmode())
		return 0;
	return capsicum_trace_deny(capsicum_decide_clone(clone_flags), -1, NULL,
				   NULL);
}

/**
 * bpf_capsicum_userns_create() - may the current task create a user namespace?
 *
 * For lsm/userns_create: unshare(CLONE_NEWUSER), clone(CLONE_NEWUSER),
 * clone3(); not in capability mode.
 *
 * Return: 0 or -ECAPMODE.
 */
__bpf_kfunc long bpf_capsicum_userns_create(void)
{
	return capsicum_current_capmode() ?
	       capsicum_trace_deny(-ECAPMODE, -1, NULL, NULL) : 0;
}

/**
 * bpf_capsicum_set_fowner() - the owner of @file's signals has been set.
 * @file: the file.
 *
 * For lsm/file_set_fowner, which the kernel calls with the new owner in
 * place and the owner's lock held (6.12, and 6.1 since the stable fix of
 * that hook), so notes follow the order of the changes.  An owner set in
 * capability mode is noted with the setter's process: signals of the file
 * will reach no other (bpf_capsicum_sigio()).  An owner set outside drops
 * the note.  Without memory for the note the setter is killed rather than
 * left with an owner it may not have.
 */
__bpf_kfunc void bpf_capsicum_set_fowner(struct file *file)
{
	struct capsicum_note *n = NULL, *old;
	unsigned long flags;

	if (capsicum_current_capmode()) {
		n = kzalloc(sizeof(*n), GFP_ATOMIC);
		if (!n) {
			force_sig(SIGKILL);
			return;
		}
		n->file = file;
		n->pid = get_pid(task_tgid(current));
	} else if (!atomic_long_read(&capsicum_nr_sigio)) {
		return;
	}
	spin_lock_irqsave(&capsicum_notes_lock, flags);
	old = capsicum_sigio_find(file);
	if (old)
		capsicum_note_del(old, &capsicum_nr_sigio);
	if (n) {
		hash_add_rcu(capsicum_sigio, &n->node, (unsigned long)file);
		atomic_long_inc(&capsicum_nr_sigio);
	}
	spin_unlock_irqrestore(&capsicum_notes_lock, flags);
}

/**
 * bpf_capsicum_sigio() - may a signal of @fown's file reach @tsk?
 * @tsk: the thread SIGIO or SIGURG is about to be sent to.
 * @fown: the owner record of the file.
 *
 * For lsm/file_send_sigiotask, which may run in interrupt context.  An
 * owner a capability-mode task set (bpf_capsicum_set_fowner()) lets the
 * file's signals reach that task's process only, whatever the owner
 * names: this also covers F_SETOWN_EX and FIOSETOWN values changed after
 * their hook read them, and a terminal's default owner (its foreground
 * process group, set by O_ASYNC).  The signal is dropped otherwise.
 *
 * Return: 0 or -ECAPMODE.
 */
__bpf_kfunc long bpf_capsicum_sigio(struct task_struct *tsk,
				    struct fown_struct *fown)
{
	const struct file *file;
	struct capsicum_note *n;
	long ret = 0;

	if (!atomic_long_read(&capsicum_nr_sigio))
		return 0;
#ifdef CAPSICUM_HAVE_FOWNER_PTR
	file = fown->file;
#else
	file = container_of(fown, struct file, f_owner);
#endif
	rcu_read_lock();
	n = capsicum_sigio_find(file);
	if (n && n->pid != task_tgid(tsk))
		ret = -ECAPMODE;
	rcu_read_unlock();
	return ret;
}

__bpf_kfunc_end_defs();
