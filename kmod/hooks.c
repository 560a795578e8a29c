// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - the kfuncs behind the BPF-LSM programs.
 *
 * Each kfunc gathers the facts of one hook (the syscall the task is in,
 * the descriptors it names, the rights they hold), asks policy.c, and
 * updates state.c.  The BPF programs in lsm/ only forward their arguments
 * and return what these return.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/fcntl.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/binfmts.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include "capsicum_kfuncs.h"
#include "hooks.h"
#include "policy.h"
#include "slots.h"
#include "state.h"

/*
 * 6.1 has none of these; its kfuncs are plain global functions, which are
 * never inlined away since nothing in C calls them.
 */
#ifndef __bpf_kfunc
#define __bpf_kfunc __used
#endif
#ifndef __bpf_kfunc_start_defs
#define __bpf_kfunc_start_defs()
#define __bpf_kfunc_end_defs()
#endif

/* Fill @sc with the syscall the current task is in. */
static void capsicum_current_syscall(struct capsicum_syscall *sc)
{
	struct pt_regs *regs;
	int nr;

	memset(sc, 0, sizeof(*sc));
	if (current->flags & (PF_KTHREAD | PF_IO_WORKER)) {
		/* io-wq workers act for a task but are in no syscall of it. */
		sc->kthread = !(current->flags & PF_IO_WORKER);
		sc->abi = CAPSICUM_ABI_NONE;
		capsicum_classify(sc, -1);
		return;
	}
	regs = task_pt_regs(current);
	nr = syscall_get_nr(current, regs);
	if (in_ia32_syscall())
		sc->abi = CAPSICUM_ABI_IA32;
	else if (nr >= 0 && (nr & __X32_SYSCALL_BIT))
		sc->abi = CAPSICUM_ABI_X32;
	else
		sc->abi = CAPSICUM_ABI_NATIVE;
	syscall_get_arguments(current, regs, sc->args);
	capsicum_classify(sc, nr);
}

/* Is the user path at @uptr relative?  Unreadable counts as absolute. */
static bool capsicum_path_relative(unsigned long uptr, bool *empty)
{
	char c;

	if (copy_from_user_nofault(&c, (const char __user *)uptr, 1)) {
		*empty = false;
		return false;
	}
	*empty = c == '\0';
	return c != '/';
}

/* The file in slot @fd of @files, or NULL; only compared, never used. */
static struct file *capsicum_slot_file(struct files_struct *files, int fd)
{
	struct file *f = NULL;

	if (!files || fd < 0)
		return NULL;
	rcu_read_lock();
	f = files_lookup_fd_raw(files, fd);
	rcu_read_unlock();
	return f;
}

/*
 * What the current task holds on @file through descriptor argument @arg
 * of its syscall, if that slot holds @file; else the file's floor.
 * Returns whether the slot was found.
 */
static bool capsicum_current_held(const struct capsicum_syscall *sc, int arg,
				  const struct file *file,
				  struct capsicum_held *held)
{
	struct files_struct *files = current->files;
	int fd = arg >= 0 ? (int)sc->args[arg] : -1;

	if (fd >= 0 && capsicum_slot_file(files, fd) == file) {
		capsicum_fd_held(files, fd, file, held);
		return true;
	}
	capsicum_fd_held(NULL, -1, file, held);
	return false;
}

static int capsicum_fd_limited(const void *files, struct file *file,
			       unsigned int fd)
{
	struct capsicum_held held;

	capsicum_fd_held((struct files_struct *)files, fd, file, &held);
	return !capsicum_rights_is_all(&held.rights);
}

/* Does the current task's descriptor table hold a limited descriptor? */
static bool capsicum_table_limited(void)
{
	struct files_struct *files = current->files;

	return files && capsicum_slots_files() &&
	       iterate_fd(files, 0, capsicum_fd_limited, files);
}

/*
 * Fill in @f for @sc: the directory descriptor the call names, its
 * rights, whether the path was relative, whether @target lies beneath it,
 * and whether the opener holds limited descriptors when the descriptor
 * cannot be known.  Returns the directory's file (to fput), NULL, or an
 * ERR_PTR.
 */
static struct file *capsicum_gather_dirfd(struct capsicum_open_facts *f,
					  const struct capsicum_syscall *sc,
					  const struct path *target)
{
	struct capsicum_held held;
	struct file *dir;
	bool empty = false;

	f->call = sc->call;
	f->kthread = sc->kthread;
	capsicum_rights_init_all(&f->dir_rights);
	if (!f->capmode && !f->kthread &&
	    (sc->call == CAPSICUM_CALL_OTHER || sc->call == CAPSICUM_CALL_NONE))
		f->table_limited = capsicum_table_limited();
	if (!capsicum_open_uses_dirfd(sc->call) || (int)sc->args[0] == AT_FDCWD)
		return NULL;
	dir = fget_raw((int)sc->args[0]);
	/* The descriptor went away under us: grant nothing. */
	if (!dir)
		return ERR_PTR(-ENOTCAPABLE);
	f->has_dirfd = true;
	capsicum_fd_held(current->files, (int)sc->args[0], dir, &held);
	f->dir_rights = held.rights;
	f->dir_limited = !capsicum_rights_is_all(&held.rights);
	f->path_relative = capsicum_path_relative(sc->args[1], &empty);
	f->beneath = path_is_under(target, &dir->f_path);
	f->exec_empty_path = sc->call == CAPSICUM_CALL_EXECVEAT &&
			     (sc->args[4] & AT_EMPTY_PATH) && empty;
	return dir;
}

__bpf_kfunc_start_defs();

/**
 * bpf_capsicum_file_permission() - may the current task read or write @file?
 * @file: the file of the descriptor being read or written.
 * @mask: MAY_READ, MAY_WRITE, MAY_APPEND, as file_permission gives them.
 *
 * For lsm/file_permission.  The syscall number tells read from pread and
 * which argument names the descriptor whose rights apply.
 *
 * Return: 0, or -ENOTCAPABLE when @file lacks a right the call needs.
 */
__bpf_kfunc long bpf_capsicum_file_permission(struct file *file, int mask)
{
	struct capsicum_held held;
	struct capsicum_syscall sc;
	struct cap_rights need;
	bool found;

	if (!capsicum_fd_tracked(file))
		return 0;
	capsicum_current_syscall(&sc);
	found = capsicum_current_held(&sc, capsicum_rw_fdarg(&sc, mask), file,
				      &held);
	capsicum_rw_needed(&sc, mask, found, &need);
	return capsicum_rights_contains(&held.rights, &need) ? 0 : -ENOTCAPABLE;
}

/**
 * bpf_capsicum_file_alloc() - a file is being made for the current task.
 * @file: the new file; only its address is known yet.
 *
 * For lsm/file_alloc_security.  Refuses, in capability mode, the calls
 * that start at the global namespace (this catches O_PATH opens, which
 * never reach file_open), and tags every other file a capability-mode
 * task makes until file_open validates it.
 *
 * Return: 0, -ECAPMODE or -ENOMEM.
 */
__bpf_kfunc long bpf_capsicum_file_alloc(struct file *file)
{
	struct capsicum_syscall sc;
	bool has_dirfd;
	int verdict;

	if (!capsicum_cred_capmode(current_cred()))
		return 0;
	capsicum_current_syscall(&sc);
	has_dirfd = capsicum_open_uses_dirfd(sc.call) &&
		    (int)sc.args[0] != AT_FDCWD;
	verdict = capsicum_decide_alloc(&sc, true, has_dirfd);
	if (verdict < 0)
		return verdict;
	if (verdict == CAPSICUM_ALLOC_TAG)
		return capsicum_file_tag(file);
	return 0;
}

/**
 * bpf_capsicum_file_open() - may the current task open @file this way?
 * @file: the file being opened, path resolved, f_flags as asked.
 *
 * For lsm/file_open.  Gathers the directory descriptor of openat,
 * openat2 or execveat, its rights, whether the path was relative and
 * whether @file lies beneath it, and asks capsicum_decide_open().  A file
 * opened through a limited directory descriptor starts with its rights.
 *
 * Return: 0, -ECAPMODE, -ENOTCAPABLE or -ENOMEM.
 */
__bpf_kfunc long bpf_capsicum_file_open(struct file *file)
{
	struct capsicum_open_facts f = {};
	struct capsicum_syscall sc;
	struct file *dir;
	long ret;

	f.capmode = capsicum_cred_capmode(current_cred());
	if (!f.capmode && !capsicum_slots_files())
		return 0;
	capsicum_current_syscall(&sc);
	dir = capsicum_gather_dirfd(&f, &sc, &file->f_path);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (dir && sc.call == CAPSICUM_CALL_EXECVEAT)
		f.exec_empty_path = f.exec_empty_path &&
				    path_equal(&file->f_path, &dir->f_path);
	capsicum_open_needed(file->f_flags, (__force unsigned int)file->f_mode,
			     &f.need);
	ret = capsicum_decide_open(&f);
	if (!ret) {
		if (f.capmode)
			capsicum_file_validated(file); /* checked: drop the tag */
		/* openat's new file inherits the whole rights set. */
		if (f.call == CAPSICUM_CALL_OPENAT && f.dir_limited)
			ret = capsicum_file_inherit(file, current->files,
						    (int)sc.args[0], dir);
	}
	if (dir)
		fput(dir);
	return ret;
}

/**
 * bpf_capsicum_path_mknod() - may openat(O_CREAT) create a name in @dir?
 * @dir: the directory the new name goes into.
 *
 * For lsm/path_mknod, which open(O_CREAT) reaches before the file system
 * changes (file_open comes after the name exists).  Only openat and
 * openat2 are judged here; mknodat's own rights come with ABI 2.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_path_mknod(const struct path *dir)
{
	struct capsicum_open_facts f = {};
	struct capsicum_syscall sc;
	struct file *dirf;
	long ret;

	f.capmode = capsicum_cred_capmode(current_cred());
	if (!f.capmode && !capsicum_slots_files())
		return 0;
	capsicum_current_syscall(&sc);
	if (sc.call != CAPSICUM_CALL_OPENAT)
		return 0;
	dirf = capsicum_gather_dirfd(&f, &sc, dir);
	if (IS_ERR(dirf))
		return PTR_ERR(dirf);
	capsicum_create_needed(&f.need);
	ret = capsicum_decide_open(&f);
	if (dirf)
		fput(dirf);
	return ret;
}

/**
 * bpf_capsicum_file_free() - forget the rights of a file being freed.
 * @file: the file.
 *
 * For lsm/file_free_security.
 */
__bpf_kfunc void bpf_capsicum_file_free(struct file *file)
{
	capsicum_file_forget(file);
}

/**
 * bpf_capsicum_cred_prepare() - carry capability mode into a new cred.
 * @new: the cred being prepared (fork, exec, setuid, ...).
 * @old: the cred it is copied from.
 *
 * For lsm/cred_prepare.
 *
 * Return: 0, or -ENOMEM, which fails the operation rather than let the
 * new cred out of capability mode.
 */
__bpf_kfunc long bpf_capsicum_cred_prepare(struct cred *new, const struct cred *old)
{
	return capsicum_cred_inherit(new, old);
}

/**
 * bpf_capsicum_cred_alloc_blank() - reserve room for a blank cred's mode.
 * @cred: a cred from cred_alloc_blank(), filled later by cred_transfer.
 *
 * For lsm/cred_alloc_blank.
 *
 * Return: 0 or -ENOMEM.
 */
__bpf_kfunc long bpf_capsicum_cred_alloc_blank(struct cred *cred)
{
	return capsicum_cred_reserve(cred);
}

/**
 * bpf_capsicum_cred_transfer() - carry capability mode where nothing may fail.
 * @new: a cred reserved by bpf_capsicum_cred_alloc_blank().
 * @old: the cred it takes its attributes from.
 *
 * For lsm/cred_transfer.
 */
__bpf_kfunc void bpf_capsicum_cred_transfer(struct cred *new, const struct cred *old)
{
	capsicum_cred_transfer_mode(new, old);
}

/**
 * bpf_capsicum_bprm_committing() - keep capability mode across a slow exec.
 * @bprm: the exec about to commit its new cred.
 *
 * For lsm/bprm_committing_creds.  An exec prepares its cred early and
 * commits it late, possibly after reading the binary for a long time; if
 * another thread entered capability mode in between, the prepared cred
 * is unmarked.  Mark it now, from the exec'ing thread's own cred, which
 * cap_enter() marked.  Without memory for the mark the task is killed:
 * it must not run the new program outside capability mode.
 */
__bpf_kfunc void bpf_capsicum_bprm_committing(struct linux_binprm *bprm)
{
	if (capsicum_cred_inherit(bprm->cred, current_cred()))
		force_sig(SIGKILL);
}

/**
 * bpf_capsicum_task_fix_setuid() - keep capability mode across setuid.
 * @new: the cred setuid(2) and friends are about to commit.
 * @old: the current cred.
 *
 * For lsm/task_fix_setuid, which runs after the new cred was prepared:
 * a cap_enter() by another thread in between is caught here.
 *
 * Return: 0 or -ENOMEM (the call fails rather than leave the mode).
 */
__bpf_kfunc long bpf_capsicum_task_fix_setuid(struct cred *new,
					     const struct cred *old)
{
	return capsicum_cred_inherit(new, old);
}

/**
 * bpf_capsicum_cred_free() - forget a cred being freed.
 * @cred: the cred.
 *
 * For lsm/cred_free.
 */
__bpf_kfunc void bpf_capsicum_cred_free(struct cred *cred)
{
	capsicum_cred_forget(cred);
}

/**
 * bpf_capsicum_file_receive() - the current task is about to receive @file.
 * @file: a file arriving by SCM_RIGHTS, pidfd_getfd() or seccomp.
 *
 * For lsm/file_receive.  The new descriptor will have no record and hold
 * the file's floor.  Records of slots of this table that no longer hold
 * their file go first, so none of them applies to the arrival.
 *
 * Return: 0.
 */
__bpf_kfunc long bpf_capsicum_file_receive(struct file *file)
{
	if (capsicum_fd_tracked(file))
		capsicum_table_sweep(current->files);
	return 0;
}

/**
 * bpf_capsicum_fdtable_dup() - a descriptor table was copied.
 * @oldf: the table copied.
 * @newf: the copy: dup_fd()'s return value, an address or an ERR_PTR.
 *
 * For fexit/dup_fd, through which fork(), clone() without CLONE_FILES,
 * unshare(CLONE_FILES), exec of a shared table and
 * close_range(CLOSE_RANGE_UNSHARE) copy tables.  The copy is not visible
 * to any task yet.
 */
__bpf_kfunc void bpf_capsicum_fdtable_dup(struct files_struct *oldf, u64 newf)
{
	struct files_struct *copy = (struct files_struct *)(unsigned long)newf;

	if (!IS_ERR_OR_NULL(copy))
		capsicum_table_copied(oldf, copy);
}

/**
 * bpf_capsicum_fdtable_put() - a reference to a table is being dropped.
 * @files: the table.
 *
 * For fentry/put_files_struct.  Only tasks sharing a table hold references
 * to it, so a count of one here means it is about to be freed: its records
 * go first, before the address can be reused.
 */
__bpf_kfunc void bpf_capsicum_fdtable_put(struct files_struct *files)
{
	if (atomic_read(&files->count) == 1)
		capsicum_table_forget(files);
}

/**
 * bpf_capsicum_exit_files() - a task lets go of its table.
 * @tsk: the task (exiting, or a failed fork's child).
 *
 * For fentry/exit_files, in case put_files_struct() is inlined into it.
 */
__bpf_kfunc void bpf_capsicum_exit_files(struct task_struct *tsk)
{
	struct files_struct *files = READ_ONCE(tsk->files);

	if (files)
		bpf_capsicum_fdtable_put(files);
}

/**
 * bpf_capsicum_syscall_exit() - a syscall that changes the table returns.
 * @ret: its return value.
 *
 * For fexit programs on dup, dup2, dup3, fcntl, close, close_range,
 * execve and execveat (every ABI).  A copy made by dup and friends gets
 * the rights of its source; slots emptied by close, close_range, dup2
 * over a descriptor or close-on-exec lose their records.
 */
__bpf_kfunc void bpf_capsicum_syscall_exit(long ret)
{
	struct files_struct *files = current->files;
	struct capsicum_syscall sc;

	if (ret < 0 || !files || !capsicum_slots_files())
		return;
	capsicum_current_syscall(&sc);
	switch (sc.call) {
	case CAPSICUM_CALL_DUP:
		capsicum_fd_copied(files, (int)sc.args[0], (int)ret);
		break;
	case CAPSICUM_CALL_DUP2:
		capsicum_table_sweep(files);
		capsicum_fd_copied(files, (int)sc.args[0], (int)sc.args[1]);
		break;
	case CAPSICUM_CALL_FCNTL:
		if ((int)sc.args[1] == F_DUPFD ||
		    (int)sc.args[1] == F_DUPFD_CLOEXEC)
			capsicum_fd_copied(files, (int)sc.args[0], (int)ret);
		break;
	case CAPSICUM_CALL_CLOSE:
	case CAPSICUM_CALL_EXECVE:
	case CAPSICUM_CALL_EXECVEAT:
		capsicum_table_sweep(files);
		break;
	default:
		break;
	}
}

__bpf_kfunc_end_defs();

#ifdef CAPSICUM_HAVE_BTF_KFUNCS
BTF_KFUNCS_START(capsicum_kfunc_ids)
#else
BTF_SET8_START(capsicum_kfunc_ids)
#endif
BTF_ID_FLAGS(func, bpf_capsicum_file_permission)
BTF_ID_FLAGS(func, bpf_capsicum_file_alloc)
BTF_ID_FLAGS(func, bpf_capsicum_file_open)
BTF_ID_FLAGS(func, bpf_capsicum_path_mknod)
BTF_ID_FLAGS(func, bpf_capsicum_file_free)
BTF_ID_FLAGS(func, bpf_capsicum_cred_prepare)
BTF_ID_FLAGS(func, bpf_capsicum_cred_alloc_blank)
BTF_ID_FLAGS(func, bpf_capsicum_cred_transfer)
BTF_ID_FLAGS(func, bpf_capsicum_bprm_committing)
BTF_ID_FLAGS(func, bpf_capsicum_task_fix_setuid)
BTF_ID_FLAGS(func, bpf_capsicum_cred_free)
BTF_ID_FLAGS(func, bpf_capsicum_file_receive)
BTF_ID_FLAGS(func, bpf_capsicum_fdtable_dup)
BTF_ID_FLAGS(func, bpf_capsicum_fdtable_put)
BTF_ID_FLAGS(func, bpf_capsicum_exit_files)
BTF_ID_FLAGS(func, bpf_capsicum_syscall_exit)
#ifdef CAPSICUM_HAVE_BTF_KFUNCS
BTF_KFUNCS_END(capsicum_kfunc_ids)
#else
BTF_SET8_END(capsicum_kfunc_ids)
#endif

#ifdef CAPSICUM_HAVE_KFUNC_FILTER
/* The kfuncs the observers of fd-table changes (fentry, fexit) call. */
BTF_ID_LIST(capsicum_observer_ids)
BTF_ID(func, bpf_capsicum_fdtable_dup)
BTF_ID(func, bpf_capsicum_fdtable_put)
BTF_ID(func, bpf_capsicum_exit_files)
BTF_ID(func, bpf_capsicum_syscall_exit)

/*
 * LSM and tracing programs share one kfunc hook: LSM programs may call
 * every kfunc, fentry/fexit programs only the observers, others none.
 */
static int capsicum_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	int i;

	if (!btf_id_set8_contains(&capsicum_kfunc_ids, kfunc_id))
		return 0;
	if (prog->type == BPF_PROG_TYPE_LSM)
		return 0;
	if (prog->type != BPF_PROG_TYPE_TRACING ||
	    (prog->expected_attach_type != BPF_TRACE_FENTRY &&
	     prog->expected_attach_type != BPF_TRACE_FEXIT))
		return -EACCES;
	for (i = 0; i < 4; i++)
		if (capsicum_observer_ids[i] == kfunc_id)
			return 0;
	return -EACCES;
}
#endif

static const struct btf_kfunc_id_set capsicum_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &capsicum_kfunc_ids,
#ifdef CAPSICUM_HAVE_KFUNC_FILTER
	.filter = capsicum_kfunc_filter,
#endif
};

/**
 * capsicum_hooks_register() - offer the kfuncs to BPF-LSM programs.
 *
 * Return: 0 or the negative errno of register_btf_kfunc_id_set().
 */
int capsicum_hooks_register(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &capsicum_kfunc_set);
}
