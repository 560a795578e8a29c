// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - state: which creds and processes are in capability
 * mode.
 *
 * An RCU hash table keyed by cred address.  Capability mode lives on
 * struct cred: the kernel copies a cred through cred_prepare on fork, exec,
 * setuid and every other change, so the mark follows the process wherever
 * it goes and dies with the last cred (cred_free).  An entry is only ever
 * created while the enforcing programs are attached, and they observe
 * every free, so an address is never found stale.  Readers take no lock;
 * writers take the table's spinlock.  Descriptor rights live in slots.c.
 *
 * Beside the creds, a second table keyed by the thread-group pid (struct
 * pid, referenced) remembers every process that entered capability mode.
 * A thread that committed a cred prepared before another thread's
 * cap_enter() holds an unmarked cred; the process record still finds it,
 * and the first check that does marks that cred too.  A record goes when
 * the last thread of its process exits (exit_files with signal->live at 0).
 */
#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "state.h"

#define CAPSICUM_HASH_BITS 10

struct capsicum_cred_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct cred *cred;
	bool capmode;
	bool trapcap;	/* PROC_TRAPCAP_CTL: SIGTRAP on violations */
};


struct capsicum_process_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	struct pid *tgid;	/* referenced */
};

static DEFINE_HASHTABLE(capsicum_creds, CAPSICUM_HASH_BITS);
static DEFINE_SPINLOCK(capsicum_creds_lock);
static atomic_long_t capsicum_nr_capmode = ATOMIC_LONG_INIT(0);
static atomic_long_t capsicum_nr_cred_entries = ATOMIC_LONG_INIT(0);
static atomic_long_t capsicum_nr_trapcap = ATOMIC_LONG_INIT(0);

static DEFINE_HASHTABLE(capsicum_processes, 8);
static DEFINE_SPINLOCK(capsicum_processes_lock);
static atomic_long_t capsicum_nr_processes = ATOMIC_LONG_INIT(0);


/* Caller holds rcu_read_lock() or capsicum_creds_lock. */
static struct capsicum_cred_entry *capsicum_cred_find(const struct cred *cred)
{
	struct capsicum_cred_entry *e;

	hash_for_each_possible_rcu(capsicum_creds, e, node, (unsigned long)cred)
		if (e->cred == cred)
			return e;
	return NULL;
}

/* Caller holds rcu_read_lock() or capsicum_processes_lock. */
static struct capsicum_process_entry *capsicum_process_find(struct pid *tgid)
{
	struct capsicum_process_entry *e;

	hash_for_each_possible_rcu(capsicum_processes, e, node,
				   (unsigned long)tgid)
		if (e->tgid == tgid)
			return e;
	return NULL;
}

static int capsicum_cred_set(const struct cred *cred, bool capmode, gfp_t gfp);

/*
 * Is the current process recorded as in capability mode?  If so, mark
 * @cred (the current task's, found unmarked) so that the next check is
 * the cred lookup alone; without memory the record still answers.
 */
static bool capsicum_current_process_capmode(const struct cred *cred)
{
	bool found;

	if (!atomic_long_read(&capsicum_nr_processes))
		return false;
	if (cred != current_cred() && cred != rcu_access_pointer(current->real_cred))
		return false;
	rcu_read_lock();
	found = capsicum_process_find(task_tgid(current));
	rcu_read_unlock();
	if (found)
		capsicum_cred_set(cred, true, GFP_ATOMIC);
	return found;
}

/**
 * capsicum_cred_capmode() - is @cred in capability mode?
 * @cred: a live cred, usually current_cred().
 *
 * A marked cred is.  So is the current task's own cred when its process
 * entered capability mode (the cred was committed by a credential change
 * that raced cap_enter()).  Costs one atomic read while no process
 * anywhere is in capability mode.
 *
 * Return: true if in capability mode.
 */
bool capsicum_cred_capmode(const struct cred *cred)
{
	struct capsicum_cred_entry *e;
	bool capmode = false;

	if (!atomic_long_read(&capsicum_nr_capmode) &&
	    !atomic_long_read(&capsicum_nr_processes))
		return false;
	rcu_read_lock();
	e = capsicum_cred_find(cred);
	if (e)
		capmode = READ_ONCE(e->capmode);
	rcu_read_unlock();
	return capmode || capsicum_current_process_capmode(cred);
}

/**
 * capsicum_process_enter() - record the current process as in capability
 *	mode, before its creds are marked.
 *
 * May be called under a spinlock (the caller holds the siglock).
 *
 * Return: 0 or -ENOMEM.
 */
int capsicum_process_enter(void)
{
	struct capsicum_process_entry *fresh;
	struct pid *tgid = task_tgid(current);
	unsigned long flags;

	fresh = kzalloc(sizeof(*fresh), GFP_ATOMIC);
	if (!fresh)
		return -ENOMEM;
	spin_lock_irqsave(&capsicum_processes_lock, flags);
	if (!capsicum_process_find(tgid)) {
		fresh->tgid = get_pid(tgid);
		hash_add_rcu(capsicum_processes, &fresh->node,
			     (unsigned long)tgid);
		atomic_long_inc(&capsicum_nr_processes);
		fresh = NULL;
	}
	spin_unlock_irqrestore(&capsicum_processes_lock, flags);
	kfree(fresh);
	return 0;
}

/**
 * capsicum_process_exit() - a thread exits; forget its process when it was
 *	the last.
 * @tsk: the exiting thread (exit_files()).
 */
void capsicum_process_exit(struct task_struct *tsk)
{
	struct capsicum_process_entry *e;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_processes) ||
	    atomic_read(&tsk->signal->live))
		return;
	spin_lock_irqsave(&capsicum_processes_lock, flags);
	e = capsicum_process_find(task_tgid(tsk));
	if (e) {
		hash_del_rcu(&e->node);
		atomic_long_dec(&capsicum_nr_processes);
	}
	spin_unlock_irqrestore(&capsicum_processes_lock, flags);
	if (e) {
		put_pid(e->tgid);
		kfree_rcu(e, rcu);
	}
}

/* Find or add the entry of @cred, with @capmode or'ed in. */
static int capsicum_cred_set(const struct cred *cred, bool capmode, gfp_t gfp)
{
	struct capsicum_cred_entry *e, *fresh;
	unsigned long flags;

	fresh = kzalloc(sizeof(*fresh), gfp);
	spin_lock_irqsave(&capsicum_creds_lock, flags);
	e = capsicum_cred_find(cred);
	if (!e && fresh) {
		e = fresh;
		fresh = NULL;
		e->cred = cred;
		hash_add_rcu(capsicum_creds, &e->node, (unsigned long)cred);
		atomic_long_inc(&capsicum_nr_cred_entries);
	}
	if (e && capmode && !e->capmode) {
		WRITE_ONCE(e->capmode, true);
		atomic_long_inc(&capsicum_nr_capmode);
	}
	spin_unlock_irqrestore(&capsicum_creds_lock, flags);
	kfree(fresh);
	return e ? 0 : -ENOMEM;
}

/**
 * capsicum_cred_enter() - mark @cred as in capability mode, for good.
 * @cred: a cred of the entering process.
 *
 * Return: 0 or -ENOMEM.
 */
int capsicum_cred_enter(const struct cred *cred)
{
	return capsicum_cred_set(cred, true, GFP_ATOMIC);
}

/**
 * capsicum_cred_inherit() - carry capability mode (and the trap switch)
 *	from @old to @new.
 * @new: the cred being prepared.
 * @old: the cred it is copied from.
 *
 * Return: 0, or -ENOMEM, which makes the kernel fail the fork, exec or
 * credential change rather than let @new out of capability mode.
 */
int capsicum_cred_inherit(const struct cred *new, const struct cred *old)
{
	/* A debugging switch: lost, not fatal, when memory is short. */
	if (capsicum_cred_trapcap(old))
		capsicum_cred_set_trapcap(new, true);
	if (!capsicum_cred_capmode(old))
		return 0;
	return capsicum_cred_set(new, true, GFP_ATOMIC);
}

/**
 * capsicum_cred_reserve() - make room for a mark on a blank cred.
 * @cred: a cred from cred_alloc_blank(), which cred_transfer may fill
 *	later, at a point where the kernel cannot fail.
 *
 * Return: 0 or -ENOMEM.
 */
int capsicum_cred_reserve(const struct cred *cred)
{
	return capsicum_cred_set(cred, false, GFP_ATOMIC);
}

/**
 * capsicum_cred_transfer_mode() - carry capability mode without failing.
 * @new: a cred reserved by capsicum_cred_reserve().
 * @old: the cred whose mode it takes.
 */
void capsicum_cred_transfer_mode(const struct cred *new,
				 const struct cred *old)
{
	if (capsicum_cred_trapcap(old))
		capsicum_cred_set_trapcap(new, true);
	if (!capsicum_cred_capmode(old))
		return;
	/* The entry exists, so this cannot fail on memory. */
	WARN_ON_ONCE(capsicum_cred_set(new, true, GFP_ATOMIC));
}

/**
 * capsicum_cred_forget() - drop the entry of a cred being freed.
 * @cred: the cred.
 */
void capsicum_cred_forget(const struct cred *cred)
{
	struct capsicum_cred_entry *e;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_cred_entries))
		return;
	spin_lock_irqsave(&capsicum_creds_lock, flags);
	e = capsicum_cred_find(cred);
	if (e) {
		hash_del_rcu(&e->node);
		atomic_long_dec(&capsicum_nr_cred_entries);
		if (e->capmode)
			atomic_long_dec(&capsicum_nr_capmode);
		if (e->trapcap)
			atomic_long_dec(&capsicum_nr_trapcap);
	}
	spin_unlock_irqrestore(&capsicum_creds_lock, flags);
	if (e)
		kfree_rcu(e, rcu);
}

/**
 * capsicum_cred_trapcap() - does @cred carry the per-process trap switch?
 * @cred: a live cred.
 *
 * Costs one atomic read while no process has the switch on.
 *
 * Return: true if a violation should raise SIGTRAP (in capability mode).
 */
bool capsicum_cred_trapcap(const struct cred *cred)
{
	struct capsicum_cred_entry *e;
	bool on = false;

	if (!atomic_long_read(&capsicum_nr_trapcap))
		return false;
	rcu_read_lock();
	e = capsicum_cred_find(cred);
	if (e)
		on = READ_ONCE(e->trapcap);
	rcu_read_unlock();
	return on;
}

/**
 * capsicum_cred_set_trapcap() - turn the trap switch of @cred on or off.
 * @cred: a cred of the calling process (every thread's are set in turn).
 * @on: the new state.
 *
 * The switch lives beside the capability-mode mark, so cred_prepare
 * carries it through fork and exec.  Only while the programs observe
 * cred_free (armed): an entry must never outlive its cred.
 *
 * Return: 0 or -ENOMEM.
 */
int capsicum_cred_set_trapcap(const struct cred *cred, bool on)
{
	struct capsicum_cred_entry *e;
	unsigned long flags;
	int ret;

	if (on) {
		ret = capsicum_cred_set(cred, false, GFP_ATOMIC);
		if (ret)
			return ret;
	}
	spin_lock_irqsave(&capsicum_creds_lock, flags);
	e = capsicum_cred_find(cred);
	if (e && e->trapcap != on) {
		WRITE_ONCE(e->trapcap, on);
		if (on)
			atomic_long_inc(&capsicum_nr_trapcap);
		else
			atomic_long_dec(&capsicum_nr_trapcap);
	}
	spin_unlock_irqrestore(&capsicum_creds_lock, flags);
	return 0;
}

/**
 * capsicum_state_clear_trapcap() - turn every per-process trap switch off.
 *
 * At disarm: once the programs are detached, cred_free is not observed
 * and a freed cred's address may come back for another process.
 */
void capsicum_state_clear_trapcap(void)
{
	struct capsicum_cred_entry *c;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&capsicum_creds_lock, flags);
	hash_for_each(capsicum_creds, bkt, c, node)
		WRITE_ONCE(c->trapcap, false);
	atomic_long_set(&capsicum_nr_trapcap, 0);
	spin_unlock_irqrestore(&capsicum_creds_lock, flags);
}

/**
 * capsicum_state_capmode_creds() - live marks of capability mode.
 *
 * Return: the number of creds marked plus the number of processes recorded.
 */
long capsicum_state_capmode_creds(void)
{
	return atomic_long_read(&capsicum_nr_capmode) +
	       atomic_long_read(&capsicum_nr_processes);
}

/**
 * capsicum_state_destroy() - free every entry, at module exit.
 *
 * The programs are detached by then (they hold a module reference), so no
 * reader is left once the RCU grace period has passed.
 */
void capsicum_state_destroy(void)
{
	struct capsicum_process_entry *p;
	struct capsicum_cred_entry *c;
	struct hlist_node *tmp;
	int bkt;

	synchronize_rcu();
	hash_for_each_safe(capsicum_creds, bkt, tmp, c, node) {
		hash_del(&c->node);
		kfree(c);
	}
	hash_for_each_safe(capsicum_processes, bkt, tmp, p, node) {
		hash_del(&p->node);
		put_pid(p->tgid);
		kfree(p);
	}
	atomic_long_set(&capsicum_nr_processes, 0);
	atomic_long_set(&capsicum_nr_capmode, 0);
	atomic_long_set(&capsicum_nr_cred_entries, 0);
	atomic_long_set(&capsicum_nr_trapcap, 0);
}
