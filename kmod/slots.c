// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - the rights of each descriptor (fd-table slot).
 *
 * Rights belong to a descriptor, not to the open file: after dup() or
 * fork() two slots share one struct file and may hold different rights.
 * Linux has no hook on fd-table changes, so the state is kept beside the
 * tables and checked against them:
 *
 * - a *file record* (frec) for every file some slot limits, or that was
 *   opened through a limited directory descriptor.  Its *floor* is the
 *   intersection of every rights set any slot of the file was ever given;
 *   it only shrinks, and it lives as long as the file.
 * - a *slot record* for (table, fd, file): the rights of that descriptor.
 *   It applies only while the slot still holds that very file.
 * - a *table record* listing the slot records of one files_struct.
 *
 * A use of a file through a descriptor gets the slot record's rights when
 * there is one, else the file's floor (a copy not observed yet, a file
 * received over a socket, a use whose descriptor is unknown), else, for a
 * file with no record, every right.  The floor is below every rights set
 * of every descriptor of the file, so whatever cannot be known costs
 * rights, never grants them.  docs/design.md has the argument for each
 * window.  Readers take no lock; writers take one spinlock.
 */
#include <linux/atomic.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/rculist.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/mm.h>
#include "policy.h"
#include "slots.h"

/* A rights set with its sub-lists; immutable once published, shared. */
struct capsicum_rset {
	refcount_t ref;
	struct rcu_head rcu;
	struct cap_rights rights;
	u32 fcntls;
	s32 nioctls;		/* -1: every command */
	u64 ioctls[];		/* sorted, unique */
};

/* What is left when memory runs out: nothing.  Never freed. */
static struct capsicum_rset capsicum_rset_none = {
	.ref = REFCOUNT_INIT(1),
	.rights = { { CAPRIGHT(0, 0ULL), CAPRIGHT(1, 0ULL) } },
};

struct capsicum_frec {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct file *file;
	struct list_head slots;
	struct capsicum_rset __rcu *floor;	/* NULL: every right */
	/*
	 * Descriptors of this file on their way to another table (an
	 * SCM_RIGHTS message, pidfd_getfd()): how many, and the intersection
	 * of their rights since the count was last zero.
	 */
	unsigned int ninflight;
	struct capsicum_rset *inflight;
	bool unvalidated;
};

struct capsicum_table {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct files_struct *files;
	struct list_head slots;
};

struct capsicum_slot {
	struct hlist_node node;
	struct list_head file_link;
	struct list_head table_link;
	struct rcu_head rcu;
	struct capsicum_frec *frec;
	struct capsicum_table *table;
	const struct files_struct *files;
	unsigned int fd;
	const struct file *file;
	struct capsicum_rset __rcu *rs;		/* NULL: every right */
	/* Limited while it had no record: a late copy must not widen it. */
	bool from_unobserved;
};

static DEFINE_HASHTABLE(capsicum_frecs, 10);
static DEFINE_HASHTABLE(capsicum_slot_hash, 12);
static DEFINE_HASHTABLE(capsicum_tables, 8);
static DEFINE_SPINLOCK(capsicum_slots_lock);
static atomic_long_t capsicum_nr_frecs = ATOMIC_LONG_INIT(0);
static atomic_long_t capsicum_nr_slots = ATOMIC_LONG_INIT(0);
static atomic_long_t capsicum_nr_tables = ATOMIC_LONG_INIT(0);

#define capsicum_deref(p) \
	rcu_dereference_check(p, lockdep_is_held(&capsicum_slots_lock))

static unsigned long capsicum_slot_key(const struct files_struct *files,
				       unsigned int fd)
{
	return (unsigned long)files + fd;
}

static void capsicum_rset_get(struct capsicum_rset *rs)
{
	if (rs && rs != &capsicum_rset_none)
		refcount_inc(&rs->ref);
}

static void capsicum_rset_put(struct capsicum_rset *rs)
{
	if (rs && rs != &capsicum_rset_none && refcount_dec_and_test(&rs->ref))
		kfree_rcu(rs, rcu);
}

static struct capsicum_rset *capsicum_rset_alloc(u32 nioctls)
{
	struct capsicum_rset *rs;

	rs = kzalloc(struct_size(rs, ioctls, nioctls), GFP_ATOMIC);
	if (rs)
		refcount_set(&rs->ref, 1);
	return rs;
}

static void capsicum_rset_view(const struct capsicum_rset *rs,
			       struct capsicum_held *held)
{
	if (!rs) {
		capsicum_rights_init_all(&held->rights);
		held->fcntls = CAP_FCNTL_ALL;
		held->nioctls = -1;
		return;
	}
	held->rights = rs->rights;
	held->fcntls = rs->fcntls;
	held->nioctls = rs->nioctls;
}

/* Does @big allow everything @little allows?  NULL is every right. */
static bool capsicum_rset_contains(const struct capsicum_rset *big,
				   const struct capsicum_rset *little)
{
	struct capsicum_held b, l;

	if (!big)
		return true;
	capsicum_rset_view(big, &b);
	capsicum_rset_view(little, &l);
	return capsicum_rights_contains(&b.rights, &l.rights) &&
	       !(l.fcntls & ~b.fcntls) &&
	       capsicum_ioctls_subset(big->ioctls, big->nioctls,
				      little ? little->ioctls : NULL,
				      l.nioctls);
}

/* A new reference to the intersection of @a and @b (none if no memory). */
static struct capsicum_rset *capsicum_rset_intersect(struct capsicum_rset *a,
						     struct capsicum_rset *b)
{
	struct capsicum_rset *rs;
	u32 room;

	if (capsicum_rset_contains(b, a)) {
		capsicum_rset_get(a);
		return a;
	}
	if (capsicum_rset_contains(a, b)) {
		capsicum_rset_get(b);
		return b;
	}
	/* Both are limited here: neither is NULL. */
	room = a->nioctls < 0 ? b->nioctls : a->nioctls;
	rs = capsicum_rset_alloc(room);
	if (!rs)
		return &capsicum_rset_none;
	rs->rights = a->rights;
	capsicum_rights_intersect(&rs->rights, &b->rights);
	rs->fcntls = a->fcntls & b->fcntls;
	rs->nioctls = capsicum_ioctls_intersect(a->ioctls, a->nioctls,
						b->ioctls, b->nioctls,
						rs->ioctls);
	return rs;
}

/* Caller holds rcu_read_lock() or capsicum_slots_lock. */
static struct capsicum_frec *capsicum_frec_find(const struct file *file)
{
	struct capsicum_frec *fr;

	hash_for_each_possible_rcu(capsicum_frecs, fr, node, (unsigned long)file)
		if (fr->file == file)
			return fr;
	return NULL;
}

static struct capsicum_slot *capsicum_slot_find(const struct files_struct *files,
						unsigned int fd)
{
	struct capsicum_slot *s;

	hash_for_each_possible_rcu(capsicum_slot_hash, s, node,
				   capsicum_slot_key(files, fd))
		if (s->files == files && s->fd == fd)
			return s;
	return NULL;
}

static struct capsicum_table *capsicum_table_find(const struct files_struct *files)
{
	struct capsicum_table *t;

	hash_for_each_possible_rcu(capsicum_tables, t, node, (unsigned long)files)
		if (t->files == files)
			return t;
	return NULL;
}

/*
 * The rights set of @file reached through slot @fd of @files: the slot's
 * own when it has a record for this very file, else the file's floor.
 */
static struct capsicum_rset *capsicum_resolve(struct capsicum_frec *fr,
					      const struct files_struct *files,
					      int fd, const struct file *file,
					      bool *unobserved)
{
	struct capsicum_slot *s = NULL;

	if (files && fd >= 0)
		s = capsicum_slot_find(files, fd);
	if (s && s->file == file) {
		*unobserved = false;
		return capsicum_deref(s->rs);
	}
	*unobserved = true;
	return capsicum_deref(fr->floor);
}

/* Apply the tag of a file made in capability mode and never checked. */
static void capsicum_held_effective(struct capsicum_held *held,
				    const struct capsicum_frec *fr,
				    const struct file *file)
{
	struct cap_rights before = held->rights;

	capsicum_effective_rights(&held->rights, READ_ONCE(fr->unvalidated),
				  file->f_mode & FMODE_PATH);
	if (!capsicum_rights_contains(&held->rights, &before)) {
		held->fcntls = 0;
		held->nioctls = 0;
	}
}

/**
 * capsicum_fd_held() - what a descriptor may do with its file.
 * @files: the descriptor table, or NULL when unknown.
 * @fd: the descriptor, or -1 when unknown.
 * @file: the file the operation uses (the caller checked, or could not,
 *	that slot @fd holds it).
 * @held: out: the rights.
 *
 * Costs one atomic read while no file anywhere has a record.
 */
void capsicum_fd_held(struct files_struct *files, int fd,
		      const struct file *file, struct capsicum_held *held)
{
	struct capsicum_frec *fr;
	bool unobserved = false;

	held->tracked = false;
	held->unobserved = false;
	if (!atomic_long_read(&capsicum_nr_frecs)) {
		capsicum_rset_view(NULL, held);
		return;
	}
	rcu_read_lock();
	fr = capsicum_frec_find(file);
	if (fr) {
		capsicum_rset_view(capsicum_resolve(fr, files, fd, file,
						    &unobserved), held);
		held->tracked = true;
		held->unobserved = unobserved;
		capsicum_held_effective(held, fr, file);
	} else {
		capsicum_rset_view(NULL, held);
	}
	rcu_read_unlock();
}

/**
 * capsicum_fd_tracked() - may some descriptor of @file hold fewer rights?
 * @file: the file.
 *
 * Return: true if @file has a record.
 */
bool capsicum_fd_tracked(const struct file *file)
{
	bool tracked;

	if (!atomic_long_read(&capsicum_nr_frecs))
		return false;
	rcu_read_lock();
	tracked = capsicum_frec_find(file);
	rcu_read_unlock();
	return tracked;
}

/**
 * capsicum_fd_ioctl_allowed() - is @cmd in the descriptor's ioctl list?
 * @files: the descriptor table, or NULL.
 * @fd: the descriptor, or -1.
 * @file: the file.
 * @cmd: the ioctl command.
 *
 * Return: true if allowed (CAP_IOCTL itself is checked by the caller).
 */
bool capsicum_fd_ioctl_allowed(struct files_struct *files, int fd,
			       const struct file *file, u64 cmd)
{
	struct capsicum_rset *rs;
	struct capsicum_frec *fr;
	bool unobserved, ok = true;

	if (!atomic_long_read(&capsicum_nr_frecs))
		return true;
	rcu_read_lock();
	fr = capsicum_frec_find(file);
	if (fr) {
		rs = capsicum_resolve(fr, files, fd, file, &unobserved);
		ok = !rs || capsicum_ioctls_has(rs->ioctls, rs->nioctls, cmd);
	}
	rcu_read_unlock();
	return ok;
}

/**
 * capsicum_fd_ioctls_get() - copy out a descriptor's ioctl list.
 * @files: the descriptor table.
 * @fd: the descriptor.
 * @file: the file slot @fd holds.
 * @buf: room for @room commands.
 * @room: how many fit.
 *
 * Return: the length of the list (min(@room, length) written), or -1 for
 * every command.
 */
s32 capsicum_fd_ioctls_get(struct files_struct *files, int fd,
			   const struct file *file, u64 *buf, u32 room)
{
	struct capsicum_rset *rs = NULL;
	struct capsicum_frec *fr;
	struct capsicum_held held;
	bool unobserved;
	s32 n;

	rcu_read_lock();
	fr = atomic_long_read(&capsicum_nr_frecs) ? capsicum_frec_find(file) : NULL;
	if (fr)
		rs = capsicum_resolve(fr, files, fd, file, &unobserved);
	capsicum_rset_view(rs, &held);
	if (fr)
		capsicum_held_effective(&held, fr, file);
	n = held.nioctls;
	if (n > 0)
		memcpy(buf, rs->ioctls, min_t(u32, n, room) * sizeof(*buf));
	rcu_read_unlock();
	return n;
}

static struct capsicum_frec *capsicum_frec_get(const struct file *file)
{
	struct capsicum_frec *fr = capsicum_frec_find(file);

	if (fr)
		return fr;
	fr = kzalloc(sizeof(*fr), GFP_ATOMIC);
	if (!fr)
		return NULL;
	fr->file = file;
	INIT_LIST_HEAD(&fr->slots);
	hash_add_rcu(capsicum_frecs, &fr->node, (unsigned long)file);
	atomic_long_inc(&capsicum_nr_frecs);
	return fr;
}

static struct capsicum_table *capsicum_table_get(const struct files_struct *files)
{
	struct capsicum_table *t = capsicum_table_find(files);

	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_ATOMIC);
	if (!t)
		return NULL;
	t->files = files;
	INIT_LIST_HEAD(&t->slots);
	hash_add_rcu(capsicum_tables, &t->node, (unsigned long)files);
	atomic_long_inc(&capsicum_nr_tables);
	return t;
}

/* A table record goes with its last slot record. */
static void capsicum_table_put_empty(struct capsicum_table *t)
{
	if (!list_empty(&t->slots))
		return;
	hash_del_rcu(&t->node);
	atomic_long_dec(&capsicum_nr_tables);
	kfree_rcu(t, rcu);
}

static void capsicum_slot_del(struct capsicum_slot *s)
{
	struct capsicum_table *t = s->table;

	hash_del_rcu(&s->node);
	list_del(&s->file_link);
	list_del(&s->table_link);
	capsicum_rset_put(rcu_dereference_protected(s->rs, 1));
	atomic_long_dec(&capsicum_nr_slots);
	kfree_rcu(s, rcu);
	capsicum_table_put_empty(t);
}

static void capsicum_frec_del(struct capsicum_frec *fr)
{
	struct capsicum_slot *s, *tmp;

	list_for_each_entry_safe(s, tmp, &fr->slots, file_link)
		capsicum_slot_del(s);
	hash_del_rcu(&fr->node);
	capsicum_rset_put(rcu_dereference_protected(fr->floor, 1));
	if (fr->ninflight)
		capsicum_rset_put(fr->inflight);
	atomic_long_dec(&capsicum_nr_frecs);
	kfree_rcu(fr, rcu);
}

/* Narrow the floor of @fr to what @rs allows too. */
static void capsicum_floor_narrow(struct capsicum_frec *fr,
				  struct capsicum_rset *rs)
{
	struct capsicum_rset *floor = rcu_dereference_protected(fr->floor, 1);
	struct capsicum_rset *next;

	if (capsicum_rset_contains(rs, floor))
		return;
	next = capsicum_rset_intersect(floor, rs);
	rcu_assign_pointer(fr->floor, next);
	capsicum_rset_put(floor);
}

/*
 * Give slot @fd of @files, which holds @file, the rights @rs (the caller's
 * reference is taken over).  Caller holds capsicum_slots_lock.
 */
static int capsicum_slot_set(struct files_struct *files, unsigned int fd,
			     const struct file *file, struct capsicum_frec *fr,
			     struct capsicum_rset *rs, bool from_unobserved)
{
	struct capsicum_slot *s = capsicum_slot_find(files, fd);
	struct capsicum_rset *old;
	struct capsicum_table *t;

	if (s && s->file != file) {
		capsicum_slot_del(s);
		s = NULL;
	}
	if (!s) {
		t = capsicum_table_get(files);
		s = t ? kzalloc(sizeof(*s), GFP_ATOMIC) : NULL;
		if (!s) {
			if (t)
				capsicum_table_put_empty(t);
			capsicum_rset_put(rs);
			return -ENOMEM;
		}
		s->frec = fr;
		s->table = t;
		s->files = files;
		s->fd = fd;
		s->file = file;
		s->from_unobserved = from_unobserved;
		/*
		 * The rights go in before the record is published: a reader
		 * must never see it with none set, which would mean every
		 * right.
		 */
		RCU_INIT_POINTER(s->rs, rs);
		list_add(&s->file_link, &fr->slots);
		list_add(&s->table_link, &t->slots);
		hash_add_rcu(capsicum_slot_hash, &s->node,
			     capsicum_slot_key(files, fd));
		atomic_long_inc(&capsicum_nr_slots);
		capsicum_floor_narrow(fr, rs);
		return 0;
	}
	old = rcu_dereference_protected(s->rs, 1);
	rcu_assign_pointer(s->rs, rs);
	capsicum_rset_put(old);
	s->from_unobserved = from_unobserved;
	capsicum_floor_narrow(fr, rs);
	return 0;
}

/* Descriptors that hold a file, found without capsicum_slots_lock. */
struct capsicum_holders {
	unsigned int n;
	struct {
		const struct files_struct *files;
		unsigned int fd;
	} at[];
};

#define CAPSICUM_HOLDERS_MAX 1024

/*
 * Find the descriptors of @file in every table.  Runs before the lock is
 * taken: task_lock() nests outside capsicum_slots_lock (the ptrace hook
 * runs under it), never inside.  A table may die before its entry is
 * used: the entry then only names a dead table's slot, whose record goes
 * with the file (or with the next table made at that address).
 */
/* Add the descriptors of @file in @files to @h.  Caller holds rcu_read_lock(). */
static void capsicum_holders_in(struct capsicum_holders *h,
				struct files_struct *files,
				const struct file *file)
{
	struct fdtable *fdt = files_fdtable(files);
	unsigned int fd;

	for (fd = 0; fd < fdt->max_fds && h->n < CAPSICUM_HOLDERS_MAX; fd++) {
		if (rcu_dereference_raw(fdt->fd[fd]) != file)
			continue;
		h->at[h->n].files = files;
		h->at[h->n].fd = fd;
		h->n++;
	}
}

static struct capsicum_holders *capsicum_find_holders(struct files_struct *mine,
						      const struct file *file)
{
	struct files_struct *files, *last = NULL;
	struct capsicum_holders *h;
	struct task_struct *g, *t;

	h = kvzalloc(struct_size(h, at, CAPSICUM_HOLDERS_MAX), GFP_KERNEL);
	if (!h)
		return NULL;
	rcu_read_lock();
	/*
	 * The caller's own table first: when it holds every reference but
	 * the caller's own, no other table can, and the walk is skipped.
	 */
	capsicum_holders_in(h, mine, file);
	if (h->n + 1 < file_count((struct file *)file)) {
		h->n = 0;
		for_each_process_thread(g, t) {
			task_lock(t);
			files = t->files;
			if (files && files != last) {
				last = files;
				capsicum_holders_in(h, files, file);
			}
			task_unlock(t);
		}
	}
	rcu_read_unlock();
	return h;
}

/*
 * Before the floor of @fr shrinks, give every descriptor of its file that
 * has no record of its own (found by capsicum_find_holders()) a record
 * with the current floor: what it holds now, and must keep.  A copy in
 * flight (a fork between copying its table and joining the task list, a
 * file in an SCM_RIGHTS message, a descriptor beyond the first
 * CAPSICUM_HOLDERS_MAX) is missed and keeps the smaller floor: fewer
 * rights.  @pending: the file was tracked already, so a descriptor without
 * a record may be a copy whose observer has not run yet; its record is
 * marked so that the late copy cannot widen it.  When the file was not
 * tracked, no copy of it was ever recorded, and its descriptors are
 * simply old.  Caller holds capsicum_slots_lock.
 */
static void capsicum_materialize(struct capsicum_frec *fr,
				 const struct capsicum_holders *h, bool pending)
{
	struct files_struct *files;
	struct capsicum_slot *s;
	unsigned int i, fd;

	for (i = 0; h && i < h->n; i++) {
		files = (struct files_struct *)h->at[i].files;
		fd = h->at[i].fd;
		s = capsicum_slot_find(files, fd);
		if (s && s->file == fr->file)
			continue;
		capsicum_rset_get(rcu_dereference_protected(fr->floor, 1));
		/* No memory: the slot keeps the floor, smaller. */
		capsicum_slot_set(files, fd, fr->file, fr,
				  rcu_dereference_protected(fr->floor, 1),
				  pending);
	}
}

/* The new rights set for a limit: @rights with @cur's surviving sub-lists. */
static struct capsicum_rset *capsicum_rset_limited(const struct cap_rights *rights,
						   u32 fcntls, const u64 *cmds,
						   s32 ncmds)
{
	struct capsicum_rset *rs;

	if (!capsicum_rights_has(rights, CAP_IOCTL))
		ncmds = 0;
	rs = capsicum_rset_alloc(ncmds > 0 ? ncmds : 0);
	if (!rs)
		return NULL;
	rs->rights = *rights;
	rs->fcntls = capsicum_rights_has(rights, CAP_FCNTL) ? fcntls : 0;
	rs->nioctls = ncmds;
	if (ncmds > 0)
		memcpy(rs->ioctls, cmds, ncmds * sizeof(*cmds));
	return rs;
}

enum capsicum_limit_what {
	CAPSICUM_LIMIT_RIGHTS,
	CAPSICUM_LIMIT_FCNTLS,
	CAPSICUM_LIMIT_IOCTLS,
};

static int capsicum_limit(struct files_struct *files, int fd,
			  const struct file *file, enum capsicum_limit_what what,
			  const struct cap_rights *rights, u32 fcntls,
			  const u64 *cmds, u32 ncmds)
{
	struct capsicum_holders *holders = NULL;
	struct capsicum_rset *currs, *rs = NULL;
	struct capsicum_held cur;
	struct capsicum_frec *fr;
	unsigned long flags;
	bool unobserved, created;
	int ret = 0;

	/* Another reference than the slot's and the caller's: find them. */
	if (file_count((struct file *)file) > 2)
		holders = capsicum_find_holders(files, file);
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	created = !capsicum_frec_find(file);
	fr = capsicum_frec_get(file);
	if (!fr) {
		ret = -ENOMEM;
		goto out;
	}
	currs = capsicum_resolve(fr, files, fd, file, &unobserved);
	capsicum_rset_view(currs, &cur);
	capsicum_held_effective(&cur, fr, file);
	switch (what) {
	case CAPSICUM_LIMIT_RIGHTS:
		if (!capsicum_rights_contains(&cur.rights, rights))
			ret = -ENOTCAPABLE;
		else
			rs = capsicum_rset_limited(rights, cur.fcntls,
						   currs ? currs->ioctls : NULL,
						   cur.nioctls);
		break;
	case CAPSICUM_LIMIT_FCNTLS:
		if (fcntls & ~cur.fcntls)
			ret = -ENOTCAPABLE;
		else
			rs = capsicum_rset_limited(&cur.rights, fcntls,
						   currs ? currs->ioctls : NULL,
						   cur.nioctls);
		break;
	default:
		if (!capsicum_ioctls_subset(currs ? currs->ioctls : NULL,
					    cur.nioctls, cmds, ncmds))
			ret = -ENOTCAPABLE;
		else
			rs = capsicum_rset_limited(&cur.rights,
						   cur.fcntls, cmds, ncmds);
		break;
	}
	if (!ret && !rs)
		ret = -ENOMEM;
	if (ret) {
		/* Change nothing: a record made just now goes again. */
		if (created && fr)
			capsicum_frec_del(fr);
		goto out;
	}
	capsicum_materialize(fr, holders, !created);
	/* Without a record before, but untracked: an old descriptor. */
	ret = capsicum_slot_set(files, fd, file, fr, rs, unobserved && !created);
out:
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
	kvfree(holders);
	return ret;
}

/**
 * capsicum_fd_limit() - limit a descriptor to @rights.
 * @files: the caller's descriptor table.
 * @fd: the descriptor.
 * @file: the file slot @fd holds (the caller holds a reference).
 * @rights: a valid set.
 *
 * Without CAP_FCNTL the fcntl sub-rights become empty, without CAP_IOCTL
 * the ioctl list does (FreeBSD's rule).
 *
 * Return: 0; -ENOTCAPABLE, changing nothing, if @rights holds a right the
 * descriptor does not have; -ENOMEM.
 */
int capsicum_fd_limit(struct files_struct *files, int fd,
		      const struct file *file, const struct cap_rights *rights)
{
	return capsicum_limit(files, fd, file, CAPSICUM_LIMIT_RIGHTS, rights, 0,
			      NULL, 0);
}

/**
 * capsicum_fd_limit_fcntls() - limit a descriptor's fcntl sub-rights.
 * @files: the caller's descriptor table.
 * @fd: the descriptor.
 * @file: the file slot @fd holds.
 * @fcntls: CAP_FCNTL_* bits, checked by the caller.
 *
 * Return: 0, -ENOTCAPABLE (changing nothing) or -ENOMEM.
 */
int capsicum_fd_limit_fcntls(struct files_struct *files, int fd,
			     const struct file *file, u32 fcntls)
{
	return capsicum_limit(files, fd, file, CAPSICUM_LIMIT_FCNTLS, NULL,
			      fcntls, NULL, 0);
}

/**
 * capsicum_fd_limit_ioctls() - limit a descriptor's ioctl list.
 * @files: the caller's descriptor table.
 * @fd: the descriptor.
 * @file: the file slot @fd holds.
 * @cmds: a normalized list (capsicum_ioctls_normalize()).
 * @n: its length, at most CAP_IOCTLS_MAX.
 *
 * Return: 0, -ENOTCAPABLE (changing nothing) or -ENOMEM.
 */
int capsicum_fd_limit_ioctls(struct files_struct *files, int fd,
			     const struct file *file, const u64 *cmds, u32 n)
{
	return capsicum_limit(files, fd, file, CAPSICUM_LIMIT_IOCTLS, NULL, 0,
			      cmds, n);
}

/**
 * capsicum_fd_copied() - slot @newfd of @files became a copy of @oldfd.
 * @files: the current task's descriptor table.
 * @oldfd: the source descriptor of dup(), dup2(), dup3(), F_DUPFD.
 * @newfd: the new descriptor.
 *
 * Called after the copy, when the syscall returns.  Until then @newfd had
 * no record and held its file's floor.  If @oldfd no longer holds the same
 * file, its rights at copy time are unknown and @newfd keeps the floor.
 */
void capsicum_fd_copied(struct files_struct *files, int oldfd, int newfd)
{
	struct capsicum_slot *src, *dst;
	struct capsicum_rset *rs, *srcrs;
	struct file *fo, *fn;
	struct capsicum_frec *fr;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_frecs) || oldfd == newfd ||
	    oldfd < 0 || newfd < 0)
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	rcu_read_lock();
	fo = files_lookup_fd_raw(files, oldfd);
	fn = files_lookup_fd_raw(files, newfd);
	fr = fn ? capsicum_frec_find(fn) : NULL;
	if (!fr)
		goto out;
	dst = capsicum_slot_find(files, newfd);
	src = capsicum_slot_find(files, oldfd);
	if (fo != fn || !src || src->file != fn) {
		/* Source unknown or without a record: the floor it is. */
		if (dst)
			capsicum_slot_del(dst);
		goto out;
	}
	srcrs = rcu_dereference_protected(src->rs, 1);
	if (dst && dst->file == fn && dst->from_unobserved) {
		/* Limited between the copy and now: keep that limit. */
		rs = capsicum_rset_intersect(srcrs,
					     rcu_dereference_protected(dst->rs, 1));
	} else {
		capsicum_rset_get(srcrs);
		rs = srcrs;
	}
	capsicum_slot_set(files, newfd, fn, fr, rs, false);
out:
	rcu_read_unlock();
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

/**
 * capsicum_fd_sending() - a descriptor of @file leaves for another table.
 * @files: the sender's table (the current task's, or pidfd_getfd()'s
 *	target's).
 * @fd: the descriptor sent.
 * @file: the file slot @fd holds.
 *
 * For SCM_RIGHTS sends and pidfd_getfd().  The receiving descriptor will
 * get the rights of the descriptors of @file in flight: exactly the
 * sender's when one is in flight (or all agree), their intersection when
 * several with different rights are.  A message that is never received
 * leaves its rights in the intersection until the file is freed: fewer
 * rights for later arrivals, never more.
 */
void capsicum_fd_sending(struct files_struct *files, int fd,
			 const struct file *file)
{
	struct capsicum_rset *rs, *next;
	struct capsicum_frec *fr;
	unsigned long flags;
	bool unobserved;

	if (!atomic_long_read(&capsicum_nr_frecs))
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	fr = capsicum_frec_find(file);
	if (fr) {
		rs = capsicum_resolve(fr, files, fd, file, &unobserved);
		if (!fr->ninflight) {
			capsicum_rset_get(rs);
			fr->inflight = rs;
		} else {
			next = capsicum_rset_intersect(fr->inflight, rs);
			capsicum_rset_put(fr->inflight);
			fr->inflight = next;
		}
		fr->ninflight++;
	}
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

/**
 * capsicum_fd_received() - slot @fd of @files received @file.
 * @files: the current task's table.
 * @fd: the new descriptor (receive_fd()'s return value).
 * @file: the file it holds.
 * @srcfd: for pidfd_getfd() on the caller's own process, the source
 *	descriptor in @files; -1 otherwise.
 *
 * Gives the new descriptor the rights of the descriptors in flight (see
 * capsicum_fd_sending()); without any, the file's floor.  Calling it twice
 * for one arrival changes nothing the second time.
 */
void capsicum_fd_received(struct files_struct *files, int fd,
			  const struct file *file, int srcfd)
{
	struct capsicum_rset *rs = NULL;
	struct capsicum_frec *fr;
	struct capsicum_slot *s;
	unsigned long flags;
	bool known = false;

	if (!atomic_long_read(&capsicum_nr_frecs) || fd < 0)
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	fr = capsicum_frec_find(file);
	s = fr ? capsicum_slot_find(files, fd) : NULL;
	if (!fr || (s && s->file == file))
		goto out;
	if (fr->ninflight) {
		rs = fr->inflight;
		capsicum_rset_get(rs);
		if (!--fr->ninflight) {
			capsicum_rset_put(fr->inflight);
			fr->inflight = NULL;
		}
		known = true;
	} else if (srcfd >= 0) {
		s = capsicum_slot_find(files, srcfd);
		if (s && s->file == file) {
			rs = rcu_dereference_protected(s->rs, 1);
			capsicum_rset_get(rs);
			known = true;
		}
	}
	/* Nothing known: no record, the floor. */
	if (known)
		capsicum_slot_set(files, fd, file, fr, rs, false);
out:
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

static void capsicum_table_forget_locked(const struct files_struct *files)
{
	struct capsicum_table *t = capsicum_table_find(files);
	struct capsicum_slot *s, *tmp;

	if (!t)
		return;
	/* The last slot_del frees the table. */
	list_for_each_entry_safe(s, tmp, &t->slots, table_link)
		capsicum_slot_del(s);
}

/**
 * capsicum_table_copied() - @newf was made as a copy of @oldf.
 * @oldf: the table copied (fork, unshare(CLONE_FILES), exec of a shared
 *	table, close_range(CLOSE_RANGE_UNSHARE)).
 * @newf: the copy, not yet visible to any task.
 *
 * Every record of @oldf whose descriptor made it into @newf with the same
 * file is copied.  Records left at @newf's address by a dead table go.
 */
void capsicum_table_copied(struct files_struct *oldf, struct files_struct *newf)
{
	struct capsicum_slot *s, *tmp;
	struct capsicum_table *t;
	struct capsicum_rset *rs;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_tables))
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	rcu_read_lock();
	capsicum_table_forget_locked(newf);
	t = capsicum_table_find(oldf);
	if (t) {
		list_for_each_entry_safe(s, tmp, &t->slots, table_link) {
			if (files_lookup_fd_raw(newf, s->fd) != s->file)
				continue;
			rs = rcu_dereference_protected(s->rs, 1);
			capsicum_rset_get(rs);
			/* No memory: the copy keeps the floor, smaller. */
			capsicum_slot_set(newf, s->fd, s->file, s->frec, rs,
					  s->from_unobserved);
		}
	}
	rcu_read_unlock();
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

/**
 * capsicum_table_sweep() - drop the records of slots that changed file.
 * @files: the current task's table, after close(), close_range(), exec
 *	or before a descriptor is received.
 *
 * A record for a closed slot must not apply to a later, unobserved
 * arrival of the same file in the same slot.
 */
void capsicum_table_sweep(struct files_struct *files)
{
	struct capsicum_slot *s, *tmp;
	struct capsicum_table *t;
	unsigned long flags;

	if (!files || !atomic_long_read(&capsicum_nr_tables))
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	rcu_read_lock();
	t = capsicum_table_find(files);
	if (t) {
		list_for_each_entry_safe(s, tmp, &t->slots, table_link)
			if (files_lookup_fd_raw(files, s->fd) != s->file)
				capsicum_slot_del(s);
	}
	rcu_read_unlock();
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

/**
 * capsicum_table_forget() - drop every record of a table being freed.
 * @files: the table; its last reference is being put.
 */
void capsicum_table_forget(struct files_struct *files)
{
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_tables))
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	capsicum_table_forget_locked(files);
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

/**
 * capsicum_file_inherit() - a file opened through a directory descriptor.
 * @file: the new file.
 * @files: the opener's table.
 * @dirfd: the directory descriptor.
 * @dir: the file slot @dirfd holds.
 *
 * Every descriptor of @file comes from this open, so the file's floor is
 * the directory descriptor's whole rights set, sub-lists included.
 *
 * Return: 0 or -ENOMEM (the open fails).
 */
int capsicum_file_inherit(const struct file *file, struct files_struct *files,
			  int dirfd, const struct file *dir)
{
	struct capsicum_frec *dfr, *fr;
	struct capsicum_rset *rs;
	unsigned long flags;
	bool unobserved;
	int ret = 0;

	if (!atomic_long_read(&capsicum_nr_frecs))
		return 0;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	dfr = capsicum_frec_find(dir);
	rs = dfr ? capsicum_resolve(dfr, files, dirfd, dir, &unobserved) : NULL;
	if (rs) {
		fr = capsicum_frec_get(file);
		if (fr) {
			capsicum_rset_get(rs);
			capsicum_floor_narrow(fr, rs);
			capsicum_rset_put(rs);
		} else {
			ret = -ENOMEM;
		}
	}
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
	return ret;
}

/**
 * capsicum_file_tag() - remember a file made in capability mode.
 * @file: the file, from file_alloc_security.
 *
 * Until file_open checks it, an O_PATH file so tagged has no rights.
 *
 * Return: 0 or -ENOMEM.
 */
int capsicum_file_tag(const struct file *file)
{
	struct capsicum_frec *fr;
	unsigned long flags;

	spin_lock_irqsave(&capsicum_slots_lock, flags);
	fr = capsicum_frec_get(file);
	if (fr)
		WRITE_ONCE(fr->unvalidated, true);
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
	return fr ? 0 : -ENOMEM;
}

/**
 * capsicum_file_validated() - file_open checked a tagged file.
 * @file: the file.
 */
void capsicum_file_validated(const struct file *file)
{
	struct capsicum_frec *fr;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_frecs))
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	fr = capsicum_frec_find(file);
	if (fr) {
		WRITE_ONCE(fr->unvalidated, false);
		if (list_empty(&fr->slots) &&
		    !rcu_dereference_protected(fr->floor, 1))
			capsicum_frec_del(fr);
	}
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

/**
 * capsicum_file_forget() - drop every record of a file being freed.
 * @file: the file.
 */
void capsicum_file_forget(const struct file *file)
{
	struct capsicum_frec *fr;
	unsigned long flags;

	if (!atomic_long_read(&capsicum_nr_frecs))
		return;
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	fr = capsicum_frec_find(file);
	if (fr)
		capsicum_frec_del(fr);
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
}

/**
 * capsicum_slots_files() - live file records.
 *
 * Return: the count.
 */
long capsicum_slots_files(void)
{
	return atomic_long_read(&capsicum_nr_frecs);
}

/**
 * capsicum_slots_entries() - live descriptor records.
 *
 * Return: the count.
 */
long capsicum_slots_entries(void)
{
	return atomic_long_read(&capsicum_nr_slots);
}

/**
 * capsicum_slots_tables() - tables with descriptor records.
 *
 * Return: the count.
 */
long capsicum_slots_tables(void)
{
	return atomic_long_read(&capsicum_nr_tables);
}

/**
 * capsicum_slots_destroy() - free every record, at module exit.
 *
 * The programs are detached by then, so no reader is left once the RCU
 * grace period has passed.
 */
void capsicum_slots_destroy(void)
{
	struct capsicum_frec *fr;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	synchronize_rcu();
	spin_lock_irqsave(&capsicum_slots_lock, flags);
	hash_for_each_safe(capsicum_frecs, bkt, tmp, fr, node)
		capsicum_frec_del(fr);
	spin_unlock_irqrestore(&capsicum_slots_lock, flags);
	rcu_barrier();
}
