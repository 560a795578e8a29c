// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - trace: refused operations reported to tracers and
 * trapped with SIGTRAP.
 *
 * Where the module refuses an operation with ECAPMODE or ENOTCAPABLE it
 * knows the facts (the descriptor, the rights needed and held) and calls
 * capsicum_trace_deny().  That costs one atomic read and two flag reads
 * while nobody traces and no trap switch is on, and nothing at all on an
 * operation that is allowed.  Each tracer (a descriptor made by
 * CAPSICUM_IOC_TRACE_OPEN) owns a fixed ring of events allocated when it
 * is opened; a hook copies the event in under the ring's spinlock, never
 * allocates, never sleeps, drops (and counts) what does not fit, and
 * wakes the reader through an irq_work, so that no hook ever takes a
 * scheduler lock itself.  Tracers are on an RCU list.
 *
 * The trap switch: FreeBSD's kern.trap_enotcap (global) and
 * procctl(PROC_TRAPCAP_CTL) (per process, kept on the cred beside the
 * capability-mode mark, so fork and exec carry it).  A process in
 * capability mode with either on gets SIGTRAP, si_code CAPSICUM_TRAP_CAP,
 * at the refusal; the signal is delivered when the syscall returns.
 */
#include <linux/atomic.h>
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/pid_namespace.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <asm/syscall.h>
#include "capmode.h"
#include "state.h"
#include "trace.h"

/**
 * struct capsicum_tracer - one open tracer.
 * @node: on capsicum_tracers (RCU).
 * @wake: wakes @wait outside the hook that stored an event.
 * @wait: readers and pollers.
 * @lock: guards @pos and @ring.
 * @ns: the pid namespace pids are reported in (the opener's).
 * @pid: only this process (in @ns), or 0 for all.
 * @pos: the ring's head, count and drops.
 * @ring: the events.
 */
struct capsicum_tracer {
	struct list_head node;
	struct irq_work wake;
	wait_queue_head_t wait;
	spinlock_t lock;
	struct pid_namespace *ns;
	pid_t pid;
	struct capsicum_trace_pos pos;
	struct capsicum_trace_event ring[CAPSICUM_TRACE_RING];
};

static LIST_HEAD(capsicum_tracers);
static DEFINE_MUTEX(capsicum_tracers_lock);
static atomic_t capsicum_nr_tracers = ATOMIC_INIT(0);
static bool capsicum_trap_all;

/**
 * capsicum_trap_wanted() - should a refusal raise SIGTRAP?
 * @err: the refusal (negative errno).
 * @user_syscall: the task is in a syscall of its own (not a kernel thread
 *	or an io_uring worker, which take no signals).
 * @capmode: the task is in capability mode.
 * @global: the global switch is on.
 * @process: the task's process switch is on.
 *
 * FreeBSD's rule: only in capability mode, only ECAPMODE and ENOTCAPABLE.
 *
 * Return: true to send SIGTRAP.
 */
bool capsicum_trap_wanted(long err, bool user_syscall, bool capmode,
			  bool global, bool process)
{
	if (err != -ECAPMODE && err != -ENOTCAPABLE)
		return false;
	return user_syscall && capmode && (global || process);
}

/**
 * capsicum_trace_wants() - does a tracer with pid filter @filter want an
 *	event of process @tgid?
 * @filter: the tracer's filter (0: every process).
 * @tgid: the process, in the tracer's pid namespace (0: not visible).
 *
 * Return: true if the event is for this tracer.
 */
bool capsicum_trace_wants(pid_t filter, pid_t tgid)
{
	return !filter || filter == tgid;
}

/**
 * capsicum_trace_ring_push() - make room for one event.
 * @r: the ring.
 * @size: its capacity.
 * @lost: out: the events dropped before this one.
 *
 * Return: the slot to fill, or -ENOSPC when the ring is full (the event
 * is counted as dropped).
 */
int capsicum_trace_ring_push(struct capsicum_trace_pos *r, u32 size,
			     u32 *lost)
{
	int slot;

	if (r->count >= size) {
		if (r->dropped < U32_MAX)
			r->dropped++;
		return -ENOSPC;
	}
	slot = (r->head + r->count) % size;
	r->count++;
	*lost = r->dropped;
	r->dropped = 0;
	return slot;
}

/**
 * capsicum_trace_ring_pop() - take the oldest event.
 * @r: the ring.
 * @size: its capacity.
 *
 * Return: its slot, or -ENOENT when the ring is empty.
 */
int capsicum_trace_ring_pop(struct capsicum_trace_pos *r, u32 size)
{
	int slot;

	if (!r->count)
		return -ENOENT;
	slot = r->head;
	r->head = (r->head + 1) % size;
	r->count--;
	return slot;
}

/* The syscall facts of the current task, into @ev. */
static void capsicum_trace_syscall(struct capsicum_trace_event *ev)
{
	if (current->flags & PF_IO_WORKER) {
		ev->syscall = -1;
		ev->flags |= CAPSICUM_TRACE_NOSYSCALL;
		return;
	}
	ev->syscall = syscall_get_nr(current, task_pt_regs(current));
	if (in_ia32_syscall())
		ev->flags |= CAPSICUM_TRACE_IA32;
}

static void capsicum_trace_store(struct capsicum_tracer *tr,
				 const struct capsicum_trace_event *ev)
{
	unsigned long flags;
	pid_t tgid;
	u32 lost;
	int slot;

	tgid = task_tgid_nr_ns(current, tr->ns);
	if (!capsicum_trace_wants(tr->pid, tgid))
		return;
	spin_lock_irqsave(&tr->lock, flags);
	slot = capsicum_trace_ring_push(&tr->pos, CAPSICUM_TRACE_RING, &lost);
	if (slot >= 0) {
		tr->ring[slot] = *ev;
		tr->ring[slot].pid = tgid;
		tr->ring[slot].tid = task_pid_nr_ns(current, tr->ns);
		tr->ring[slot].dropped = lost;
	}
	spin_unlock_irqrestore(&tr->lock, flags);
	if (slot >= 0)
		irq_work_queue(&tr->wake);
}

static void capsicum_trap(const struct capsicum_trace_event *ev)
{
	struct kernel_siginfo info;

	clear_siginfo(&info);
	info.si_signo = SIGTRAP;
	info.si_errno = ev->error;
	info.si_code = CAPSICUM_TRAP_CAP;
	info.si_call_addr =
		(void __user *)instruction_pointer(task_pt_regs(current));
	info.si_syscall = ev->syscall;
	info.si_arch = ev->flags & CAPSICUM_TRACE_IA32 ? AUDIT_ARCH_I386 :
							 AUDIT_ARCH_X86_64;
	send_sig_info(SIGTRAP, &info, current);
}

/* Is the process switch on for the current task (either of its creds)? */
static bool capsicum_current_trapcap(void)
{
	const struct cred *cred = current_cred();
	const struct cred *real = current_real_cred();

	return capsicum_cred_trapcap(cred) ||
	       (cred != real && capsicum_cred_trapcap(real));
}

/**
 * capsicum_trace_deny() - report a refusal the module is about to return.
 * @err: the verdict (negative errno); only -ECAPMODE and -ENOTCAPABLE
 *	are reported, anything else passes through untouched.
 * @fd: the descriptor whose rights were checked, or -1.
 * @need: the rights the operation needs, or NULL (kept for ENOTCAPABLE).
 * @held: the rights the descriptor holds, or NULL (likewise).
 *
 * Called from hook context (BPF-LSM, under RCU): takes only spinlocks,
 * allocates nothing.  Kernel threads are never reported.
 *
 * Return: @err.
 */
long capsicum_trace_deny(long err, int fd, const struct cap_rights *need,
			 const struct cap_rights *held)
{
	struct capsicum_trace_event ev;
	struct capsicum_tracer *tr;
	bool trap;

	if (err != -ECAPMODE && err != -ENOTCAPABLE)
		return err;
	if (!atomic_read(&capsicum_nr_tracers) && !READ_ONCE(capsicum_trap_all) &&
	    !capsicum_current_trapcap())
		return err;
	if (current->flags & PF_KTHREAD && !(current->flags & PF_IO_WORKER))
		return err;
	memset(&ev, 0, sizeof(ev));
	ev.size = sizeof(ev);
	ev.error = -err;
	ev.fd = fd;
	if (need && held && err == -ENOTCAPABLE) {
		ev.needed = *need;
		ev.held = *held;
		ev.flags |= CAPSICUM_TRACE_RIGHTS;
	}
	strscpy_pad(ev.comm, current->comm, sizeof(ev.comm));
	capsicum_trace_syscall(&ev);
	trap = capsicum_trap_wanted(err,
				    !(ev.flags & CAPSICUM_TRACE_NOSYSCALL),
				    capsicum_current_capmode(),
				    READ_ONCE(capsicum_trap_all),
				    capsicum_current_trapcap());
	if (trap)
		ev.flags |= CAPSICUM_TRACE_TRAPPED;
	if (atomic_read(&capsicum_nr_tracers)) {
		rcu_read_lock();
		list_for_each_entry_rcu(tr, &capsicum_tracers, node)
			capsicum_trace_store(tr, &ev);
		rcu_read_unlock();
	}
	if (trap)
		capsicum_trap(&ev);
	return err;
}

static void capsicum_tracer_wake(struct irq_work *work)
{
	struct capsicum_tracer *tr =
		container_of(work, struct capsicum_tracer, wake);

	wake_up_interruptible(&tr->wait);
}

/**
 * capsicum_tracer_new() - open a tracer.
 * @pid: only events of this process (in the caller's pid namespace), or 0.
 *
 * Return: the tracer, or ERR_PTR(-EBUSY) when CAPSICUM_TRACE_MAX are open,
 * or ERR_PTR(-ENOMEM).
 */
struct capsicum_tracer *capsicum_tracer_new(pid_t pid)
{
	struct capsicum_tracer *tr;

	tr = kvzalloc(sizeof(*tr), GFP_KERNEL);
	if (!tr)
		return ERR_PTR(-ENOMEM);
	init_irq_work(&tr->wake, capsicum_tracer_wake);
	init_waitqueue_head(&tr->wait);
	spin_lock_init(&tr->lock);
	tr->pid = pid;
	tr->ns = get_pid_ns(task_active_pid_ns(current));
	mutex_lock(&capsicum_tracers_lock);
	if (atomic_read(&capsicum_nr_tracers) >= CAPSICUM_TRACE_MAX) {
		mutex_unlock(&capsicum_tracers_lock);
		put_pid_ns(tr->ns);
		kvfree(tr);
		return ERR_PTR(-EBUSY);
	}
	list_add_tail_rcu(&tr->node, &capsicum_tracers);
	atomic_inc(&capsicum_nr_tracers);
	mutex_unlock(&capsicum_tracers_lock);
	return tr;
}

/**
 * capsicum_tracer_free() - close a tracer.
 * @tr: a tracer from capsicum_tracer_new().
 *
 * Sleeps: waits for every hook that may still be storing into it.
 */
void capsicum_tracer_free(struct capsicum_tracer *tr)
{
	mutex_lock(&capsicum_tracers_lock);
	list_del_rcu(&tr->node);
	atomic_dec(&capsicum_nr_tracers);
	mutex_unlock(&capsicum_tracers_lock);
	synchronize_rcu();
	irq_work_sync(&tr->wake);
	put_pid_ns(tr->ns);
	kvfree(tr);
}

/**
 * capsicum_tracer_pop() - take the oldest event of @tr.
 * @tr: the tracer.
 * @ev: out: the event.
 *
 * Return: true if there was one.
 */
bool capsicum_tracer_pop(struct capsicum_tracer *tr,
			 struct capsicum_trace_event *ev)
{
	unsigned long flags;
	int slot;

	spin_lock_irqsave(&tr->lock, flags);
	slot = capsicum_trace_ring_pop(&tr->pos, CAPSICUM_TRACE_RING);
	if (slot >= 0)
		*ev = tr->ring[slot];
	spin_unlock_irqrestore(&tr->lock, flags);
	return slot >= 0;
}

/**
 * capsicum_tracer_ready() - does @tr hold an event?
 * @tr: the tracer.
 *
 * Return: true if a read would not block.
 */
bool capsicum_tracer_ready(struct capsicum_tracer *tr)
{
	return READ_ONCE(tr->pos.count) != 0;
}

/**
 * capsicum_tracer_waitq() - where readers of @tr wait.
 * @tr: the tracer.
 *
 * Return: its wait queue.
 */
struct wait_queue_head *capsicum_tracer_waitq(struct capsicum_tracer *tr)
{
	return &tr->wait;
}

/**
 * capsicum_trap_set_global() - FreeBSD's kern.trap_enotcap.
 * @on: the new state.
 */
void capsicum_trap_set_global(bool on)
{
	WRITE_ONCE(capsicum_trap_all, on);
}

/**
 * capsicum_trap_global() - is the global trap switch on?
 *
 * Return: its state.
 */
bool capsicum_trap_global(void)
{
	return READ_ONCE(capsicum_trap_all);
}
