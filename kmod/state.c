// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - state: which creds are in capability mode, which
 * open files have limited rights.
 *
 * Two RCU hash tables keyed by object address.  Capability mode lives on
 * struct cred: the kernel copies a cred through cred_prepare on fork, exec,
 * setuid and every other change, so the mark follows the process wherever
 * it goes and dies with the last cred (cred_free).  Rights live on struct
 * file in ABI 1 (per-descriptor rights come with ABI 2) and die with it
 * (file_free_security).  An entry is only ever created while the enforcing
 * programs are attached, and they observe every free, so an address is
 * never found stale; if it were, the new object would only get fewer
 * rights.  Readers take no lock; writers take the table's spinlock.
 */
#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/fs.h>
#include "policy.h"
#include "state.h"

#define CAPSICUM_HASH_BITS 10

struct capsicum_cred_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct cred *cred;
	bool capmode;
};

struct capsicum_file_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct file *file;
	struct cap_rights rights;
	bool unvalidated;
};

static DEFINE_HASHTABLE(capsicum_creds, CAPSICUM_HASH_BITS);
static DEFINE_SPINLOCK(capsicum_creds_lock);
static atomic_long_t capsicum_nr_capmode = ATOMIC_LONG_INIT(0);
static atomic_long_t capsicum_nr_cred_entries = ATOMIC_LONG_INIT(0);

static DEFINE_HASHTABLE(capsicum_files, CAPSICUM_HASH_BITS);
static DEFINE_SPINLOCK(capsicum_files_lock);
static atomic_long_t capsicum_nr_limited = ATOMIC_LONG_INIT(0);

/* Caller holds rcu_read_lock() or capsicum_creds_lock. */
static struct capsicum_cred_entry *capsicum_cred_find(const struct cred *cred)
{
	struct capsicum_cred_entry *e;

	hash_for_each_possible_rcu(capsicum_creds, e, node, (unsigned long)cred)
		if (e->cred == cred)
			return e;
	return NULL;
}

/**
 * capsicum_cred_capmode() - is @cred in capability mode?
 * @cred: a live cred, usually current_cred().
 *
 * Costs one atomic read while no process anywhere is in capability mode.
 *
 * Return: true if marked.
 */
bool capsicum_cred_capmode(const struct cred *cred)
{
	struct capsicum_cred_entry *e;
	bool capmode = false;

	if (!atomic_long_read(&capsicum_nr_capmode))
		return false;
	rcu_read_lock();
	e = capsicum_cred_find(cred);
	if (e)
		capmode = READ_ONCE(e->capmode);
	rcu_read_unlock();
	return capmode;
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
 * capsicum_cred_inherit() - carry capability mode from @old to @new.
 * @new: the cred being prepared.
 * @old: the cred it is copied from.
 *
 * Return: 0, or -ENOMEM, which makes the kernel fail the fork, exec or
 * credential change rather than let @new out of capability mode.
 */
int capsicum_cred_inherit(const struct cred *new, const struct cred *old)
{
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
	}
	spin_unlock_irqrestore(&capsicum_creds_lock, flags);
	if (e)
		kfree_rcu(e, rcu);
}

/* Caller holds rcu_read_lock() or capsicum_files_lock. */
static struct capsicum_file_entry *capsicum_file_find(const struct file *file)
{
	struct capsicum_file_entry *e;

	hash_for_each_possible_rcu(capsicum_files, e, node, (unsigned long)file)
		if (e->file == file)
			return e;
	return NULL;
}

/**
 * capsicum_file_get_rights() - the rights of an open file.
 * @file: the file.
 * @rights: out: its rights; every right if it was never limited.
 *
 * Costs one atomic read while no file anywhere is limited.
 *
 * Return: true if the file has an entry (limited, or made in capability
 * mode and not validated yet).
 */
bool capsicum_file_get_rights(const struct file *file,
			      struct cap_rights *rights)
{
	struct capsicum_file_entry *e;
	bool limited = false;

	if (atomic_long_read(&capsicum_nr_limited)) {
		rcu_read_lock();
		e = capsicum_file_find(file);
		if (e) {
			/* Rights only shrink: a torn read sees fewer. */
			rights->cr_rights[0] = READ_ONCE(e->rights.cr_rights[0]);
			rights->cr_rights[1] = READ_ONCE(e->rights.cr_rights[1]);
			capsicum_effective_rights(rights, READ_ONCE(e->unvalidated),
						  file->f_mode & FMODE_PATH);
			limited = true;
		}
		rcu_read_unlock();
	}
	if (!limited)
		capsicum_rights_init_all(rights);
	return limited;
}

/* Find or add the entry of @file; store @rights if allowed. */
static int capsicum_file_set(const struct file *file,
			     const struct cap_rights *rights, gfp_t gfp,
			     bool tag, bool validate)
{
	struct capsicum_file_entry *e, *fresh;
	struct cap_rights held;
	unsigned long flags;
	int ret = 0;

	fresh = kzalloc(sizeof(*fresh), gfp);
	spin_lock_irqsave(&capsicum_files_lock, flags);
	e = capsicum_file_find(file);
	if (!e && fresh) {
		e = fresh;
		fresh = NULL;
		e->file = file;
		capsicum_rights_init_all(&e->rights);
		e->unvalidated = tag;
		hash_add_rcu(capsicum_files, &e->node, (unsigned long)file);
		atomic_long_inc(&capsicum_nr_limited);
	}
	if (!e) {
		ret = -ENOMEM;
		goto out;
	}
	held = e->rights;
	capsicum_effective_rights(&held, e->unvalidated,
				  file->f_mode & FMODE_PATH);
	if (!validate && !capsicum_rights_contains(&held, rights)) {
		ret = -ENOTCAPABLE;
		goto out;
	}
	WRITE_ONCE(e->rights.cr_rights[0], rights->cr_rights[0]);
	WRITE_ONCE(e->rights.cr_rights[1], rights->cr_rights[1]);
	if (validate)
		WRITE_ONCE(e->unvalidated, false);
out:
	spin_unlock_irqrestore(&capsicum_files_lock, flags);
	kfree(fresh);
	return ret;
}

/**
 * capsicum_file_limit() - limit an open file to @rights.
 * @file: the file.
 * @rights: a valid set.
 *
 * Return: 0; -ENOTCAPABLE, changing nothing, if @rights holds a right the
 * file does not have; -ENOMEM.
 */
int capsicum_file_limit(const struct file *file,
			const struct cap_rights *rights)
{
	return capsicum_file_set(file, rights, GFP_KERNEL, false, false);
}

/**
 * capsicum_file_tag() - remember a file made in capability mode.
 * @file: the file, from file_alloc_security.
 *
 * Return: 0 or -ENOMEM.
 */
int capsicum_file_tag(const struct file *file)
{
	struct cap_rights all;

	capsicum_rights_init_all(&all);
	return capsicum_file_set(file, &all, GFP_ATOMIC, true, false);
}

/**
 * capsicum_file_validate() - file_open checked @file: give it @rights.
 * @file: the file being opened.
 * @rights: the rights it starts with (its directory descriptor's).
 *
 * Return: 0 or -ENOMEM.
 */
int capsicum_file_validate(const struct file *file,
			   const struct cap_rights *rights)
{
	return capsicum_file_set(file, rights, GFP_ATOMIC, false, true);
}

/**
 * capsicum_file_forget() - drop the entry of a file being freed.
 * @file: the file.
 */
void capsicum_file_forget(const struct file *file)
{
	struct capsicum_file_entry *e;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_limited))
		return;
	spin_lock_irqsave(&capsicum_files_lock, flags);
	e = capsicum_file_find(file);
	if (e) {
		hash_del_rcu(&e->node);
		atomic_long_dec(&capsicum_nr_limited);
	}
	spin_unlock_irqrestore(&capsicum_files_lock, flags);
	if (e)
		kfree_rcu(e, rcu);
}

/**
 * capsicum_state_capmode_creds() - live creds in capability mode.
 *
 * Return: the count.
 */
long capsicum_state_capmode_creds(void)
{
	return atomic_long_read(&capsicum_nr_capmode);
}

/**
 * capsicum_state_limited_files() - live files with limited rights.
 *
 * Return: the count.
 */
long capsicum_state_limited_files(void)
{
	return atomic_long_read(&capsicum_nr_limited);
}

/**
 * capsicum_state_destroy() - free every entry, at module exit.
 *
 * The programs are detached by then (they hold a module reference), so no
 * reader is left once the RCU grace period has passed.
 */
void capsicum_state_destroy(void)
{
	struct capsicum_cred_entry *c;
	struct capsicum_file_entry *f;
	struct hlist_node *tmp;
	int bkt;

	synchronize_rcu();
	hash_for_each_safe(capsicum_creds, bkt, tmp, c, node) {
		hash_del(&c->node);
		kfree(c);
	}
	hash_for_each_safe(capsicum_files, bkt, tmp, f, node) {
		hash_del(&f->node);
		kfree(f);
	}
	atomic_long_set(&capsicum_nr_capmode, 0);
	atomic_long_set(&capsicum_nr_cred_entries, 0);
	atomic_long_set(&capsicum_nr_limited, 0);
}
