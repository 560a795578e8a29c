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
#include <linux/fs_struct.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/binfmts.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/net.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/socket.h>
#include <linux/dcache.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>
#include <net/sock.h>
#include <asm/syscall.h>
#include "capmode.h"
#include "capsicum_kfuncs.h"
#include "hooks.h"
#include "policy.h"
#include "slots.h"
#include "state.h"
#include "trace.h"

/**
 * capsicum_current_syscall() - the syscall the current task is in.
 * @sc: out: its ABI, number as a &enum capsicum_call, and arguments.
 */
void capsicum_current_syscall(struct capsicum_syscall *sc)
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
 * Returns the descriptor found, or -1.
 */
static int capsicum_current_fd(const struct capsicum_syscall *sc, int arg,
			       const struct file *file,
			       struct capsicum_held *held)
{
	struct files_struct *files = current->files;
	int fd = arg >= 0 ? (int)sc->args[arg] : -1;

	if (fd >= 0 && capsicum_slot_file(files, fd) == file) {
		capsicum_fd_held(files, fd, file, held);
		return fd;
	}
	capsicum_fd_held(NULL, -1, file, held);
	return -1;
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
	int fd;

	if (!capsicum_slots_files())
		return 0;
	capsicum_current_syscall(&sc);
	fd = capsicum_current_fd(&sc, capsicum_rw_fdarg(&sc, mask), file, &held);
	if (!held.tracked)
		return 0;
	capsicum_rw_needed(&sc, mask, fd >= 0, &need);
	if (capsicum_rights_contains(&held.rights, &need))
		return 0;
	return capsicum_trace_deny(-ENOTCAPABLE, fd, &need, &held.rights);
}

/**
 * bpf_capsicum_file_alloc() - a file is being made for the current task.
 * @file: the new file; only its address is known yet.
 *
 * For lsm/file_alloc_security.  Refuses, in capability mode, the calls
 * that start at the global namespace (this catches O_PATH opens, which
 * never reach file_open), and tags every other file a capability-mode
 * task makes until file_open validates it.  Pidfds are judged and noted
 * by capsicum_capmode_file_alloc(), in every mode.
 *
 * Return: 0, -ECAPMODE or -ENOMEM.
 */
__bpf_kfunc long bpf_capsicum_file_alloc(struct file *file)
{
	struct capsicum_syscall sc;
	bool capmode, has_dirfd;
	int verdict;
	long ret;

	capmode = capsicum_current_capmode();
	capsicum_current_syscall(&sc);
	ret = capsicum_capmode_file_alloc(file, &sc, capmode);
	if (ret || !capmode)
		return capsicum_trace_deny(ret, -1, NULL, NULL);
	has_dirfd = capsicum_open_uses_dirfd(sc.call) &&
		    (int)sc.args[0] != AT_FDCWD;
	verdict = capsicum_decide_alloc(&sc, true, has_dirfd);
	if (verdict < 0)
		return capsicum_trace_deny(verdict, -1, NULL, NULL);
	if (verdict == CAPSICUM_ALLOC_TAG)
		return capsicum_file_tag(file);
	return 0;
}

/**
 * bpf_capsicum_file_open() - may the current task open @file this way?
 * @file: the file being opened, path resolved, f_flags as asked.
 * @walk_dfd: the descriptor the open's path walk started from
 *	(current->nameidata->dfd, read by the program), or
 *	CAPSICUM_NO_WALK.
 *
 * For lsm/file_open.  Gathers the directory descriptor of openat,
 * openat2 or execveat, its rights, whether the path was relative and
 * whether @file lies beneath it, and asks capsicum_decide_open().  A file
 * opened through a limited directory descriptor starts with its rights.
 *
 * Return: 0, -ECAPMODE, -ENOTCAPABLE or -ENOMEM.
 */
__bpf_kfunc long bpf_capsicum_file_open(struct file *file, int walk_dfd)
{
	struct capsicum_open_facts f = {};
	struct capsicum_syscall sc;
	struct file *dir;
	long ret;

	f.capmode = capsicum_current_capmode();
	if (!f.capmode && !capsicum_slots_files())
		return 0;
	capsicum_current_syscall(&sc);
	dir = capsicum_gather_dirfd(&f, &sc, &file->f_path);
	if (IS_ERR(dir))
		return capsicum_trace_deny(PTR_ERR(dir), (int)sc.args[0], NULL,
					   NULL);
	if (dir && sc.call == CAPSICUM_CALL_EXECVEAT) {
		f.exec_empty_path = f.exec_empty_path &&
				    path_equal(&file->f_path, &dir->f_path);
		f.exec_interp = walk_dfd == AT_FDCWD &&
				(file->f_flags & __FMODE_EXEC);
	}
	capsicum_open_needed(file->f_flags, (__force unsigned int)file->f_mode,
			     &f.need);
	ret = capsicum_trace_deny(capsicum_decide_open(&f),
				  f.has_dirfd ? (int)sc.args[0] : -1, &f.need,
				  &f.dir_rights);
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

	f.capmode = capsicum_current_capmode();
	if (!f.capmode && !capsicum_slots_files())
		return 0;
	capsicum_current_syscall(&sc);
	if (sc.call != CAPSICUM_CALL_OPENAT)
		return 0;
	dirf = capsicum_gather_dirfd(&f, &sc, dir);
	if (IS_ERR(dirf))
		return capsicum_trace_deny(PTR_ERR(dirf), (int)sc.args[0], NULL,
					   NULL);
	capsicum_create_needed(&f.need);
	ret = capsicum_trace_deny(capsicum_decide_open(&f),
				  f.has_dirfd ? (int)sc.args[0] : -1, &f.need,
				  &f.dir_rights);
	if (dirf)
		fput(dirf);
	return ret;
}

/*
 * Check @need (and fcntl sub-right @fcntl) on the descriptor of @file.  A
 * file no descriptor limits passes; the one lookup that finds its rights
 * tells.
 */
static long capsicum_check_file(struct file *file, const struct cap_rights *need,
				u32 fcntl, bool ioctl, unsigned int cmd)
{
	struct capsicum_held held;
	struct capsicum_syscall sc;
	int fd;

	capsicum_current_syscall(&sc);
	if (sc.kthread)
		return 0;
	fd = capsicum_current_fd(&sc, capsicum_atargs(sc.call)->fd, file, &held);
	if (!held.tracked)
		return 0;
	if (capsicum_decide_fd(&held.rights, held.fcntls, need, fcntl))
		return capsicum_trace_deny(-ENOTCAPABLE, fd, need, &held.rights);
	if (ioctl && !capsicum_fd_ioctl_allowed(fd >= 0 ? current->files : NULL,
						fd, file, cmd))
		return capsicum_trace_deny(-ENOTCAPABLE, fd, need, &held.rights);
	return 0;
}

/**
 * bpf_capsicum_file_op() - may the current task do @op on @file?
 * @file: the file of the descriptor.
 * @op: CAPSICUM_OP_IOCTL (@a: the command), CAPSICUM_OP_FCNTL (@a: the
 *	command), CAPSICUM_OP_LOCK, CAPSICUM_OP_MMAP (@a: the protection asked
 *	for, @b: the flags) or CAPSICUM_OP_TRUNCATE.
 * @a: see @op.
 * @b: see @op; for CAPSICUM_OP_IOCTL and CAPSICUM_OP_FCNTL the argument.
 *
 * For lsm/file_ioctl, file_ioctl_compat, file_fcntl, file_lock, mmap_file
 * and file_truncate.  The rights are those of the descriptor the syscall
 * names, if it still holds @file, else the file's floor.  In capability
 * mode, the commands that set the owner of the file's signals may only
 * name the caller's own process (capsicum_capmode_setown()).
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_file_op(struct file *file, int op, u64 a, u64 b)
{
	struct cap_rights need;
	u32 fcntl = 0;
	long ret;

	if (op == CAPSICUM_OP_IOCTL || op == CAPSICUM_OP_FCNTL) {
		ret = capsicum_capmode_setown(op == CAPSICUM_OP_IOCTL,
					      (unsigned int)a, b);
		if (ret)
			return capsicum_trace_deny(ret, -1, NULL, NULL);
	}
	if (!file || !capsicum_slots_files())
		return 0;
	switch (op) {
	case CAPSICUM_OP_IOCTL:
		if (!capsicum_ioctl_needed((unsigned int)a, &need))
			return 0;
		return capsicum_check_file(file, &need, 0, true, (unsigned int)a);
	case CAPSICUM_OP_FCNTL:
		if (!capsicum_fcntl_needed((unsigned int)a, &need, &fcntl))
			return 0;
		break;
	case CAPSICUM_OP_LOCK:
		capsicum_rights_init_none(&need);
		capsicum_rights_add(&need, CAP_FLOCK);
		break;
	case CAPSICUM_OP_MMAP:
		capsicum_mmap_needed(a, b, &need);
		break;
	case CAPSICUM_OP_TRUNCATE:
		capsicum_rights_init_none(&need);
		capsicum_rights_add(&need, CAP_FTRUNCATE);
		break;
	default:
		return -ENOTCAPABLE;
	}
	return capsicum_check_file(file, &need, fcntl, false, 0);
}

/**
 * bpf_capsicum_mprotect() - may a file mapping's protection grow to @reqprot?
 * @vma: the mapping.
 * @reqprot: the protection asked for.
 *
 * For lsm/file_mprotect.  The descriptor the mapping was made through is
 * not known any more: the file's floor must allow the new protection
 * (stricter than FreeBSD, which remembers the mapping's maximum).
 * Lowering the protection needs nothing.
 *
 * Return: 0 or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_mprotect(struct vm_area_struct *vma, u64 reqprot)
{
	struct file *file = vma->vm_file;
	struct capsicum_held held;
	struct cap_rights need;

	if (!file || !capsicum_slots_files() ||
	    !(reqprot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return 0;
	if (current->flags & PF_KTHREAD)
		return 0;
	capsicum_mmap_needed(reqprot, vma->vm_flags & VM_SHARED ?
			     MAP_SHARED : MAP_PRIVATE, &need);
	capsicum_fd_held(NULL, -1, file, &held);
	if (!held.tracked || capsicum_rights_contains(&held.rights, &need))
		return 0;
	return capsicum_trace_deny(-ENOTCAPABLE, -1, &need, &held.rights);
}

/* A right of one word as a set. */
static void capsicum_need(struct cap_rights *need, u64 right)
{
	capsicum_rights_init_none(need);
	capsicum_rights_add(need, right);
}

/* Is the capability-mode check or a limited descriptor in play at all? */
static bool capsicum_at_relevant(bool *capmode)
{
	*capmode = capsicum_current_capmode();
	return *capmode || capsicum_slots_files();
}

/*
 * Check an operation on or through descriptor pair @which (0: fd and path,
 * 1: fd2 and path2) of the current syscall.  @dentry or @inode is the
 * object the hook sees (for an operation on the descriptor itself),
 * @under where it lies (for one through a directory descriptor), or
 * @beneath whether it does, when the caller found out itself.
 * @self_right and @at_right are each of one word; an operation through a
 * directory descriptor needs CAP_LOOKUP besides.
 */
static long capsicum_check_at(const struct capsicum_syscall *sc, bool capmode,
			      int which, const struct dentry *dentry,
			      const struct inode *inode, const struct path *under,
			      const bool *beneath, u64 self_right, u64 at_right)
{
	const struct capsicum_atargs *a = capsicum_atargs(sc->call);
	int fdarg = which ? a->fd2 : a->fd;
	int patharg = which ? a->path2 : a->path;
	struct capsicum_at_facts f = {};
	struct capsicum_held held;
	bool empty = false;
	struct file *dir;
	long ret;
	int fd;

	if (fdarg < 0)
		return 0;
	fd = (int)sc->args[fdarg];
	f.kthread = sc->kthread;
	f.capmode = capmode;
	f.cwd = fd == AT_FDCWD;
	if (f.kthread || f.cwd)
		return capsicum_trace_deny(capsicum_decide_at(&f), fd, NULL, NULL);
	f.self = patharg < 0 || !sc->args[patharg];
	if (!f.self) {
		f.path_relative = capsicum_path_relative(sc->args[patharg], &empty);
		if (empty && a->flags >= 0 && (sc->args[a->flags] & AT_EMPTY_PATH))
			f.self = true;
	}
	dir = fget_raw(fd);
	/* The descriptor went away under us: grant nothing. */
	if (!dir)
		return capsicum_trace_deny(-ENOTCAPABLE, fd, NULL, NULL);
	capsicum_fd_held(current->files, fd, dir, &held);
	f.held = held.rights;
	capsicum_need(&f.need, f.self ? self_right : at_right);
	/* Every lookup through a directory descriptor needs CAP_LOOKUP. */
	if (!f.self)
		capsicum_rights_add(&f.need, CAP_LOOKUP);
	if (f.self)
		f.same = (dentry && dentry == dir->f_path.dentry) ||
			 (inode && inode == file_inode(dir));
	else
		f.beneath = beneath ? *beneath :
			    under && path_is_under(under, &dir->f_path);
	ret = capsicum_trace_deny(capsicum_decide_at(&f), fd, &f.need, &f.held);
	fput(dir);
	return ret;
}

/*
 * A path operation from io_uring or an io-wq worker: the registers name
 * none of the request's descriptors (capsicum_decide_unnamed()).
 */
static bool capsicum_unnamed(const struct capsicum_syscall *sc, bool capmode,
			     long *ret)
{
	if (sc->call != CAPSICUM_CALL_IO_URING && sc->call != CAPSICUM_CALL_NONE)
		return false;
	*ret = capsicum_trace_deny(capsicum_decide_unnamed(sc, capmode,
				!capmode && capsicum_table_limited()), -1, NULL, NULL);
	return true;
}

/*
 * The start of every path hook: is anything in play, which syscall is it,
 * and is it one that names no descriptor (io_uring)?  False when the hook
 * is decided already, with the verdict in @ret.
 */
static bool capsicum_path_begin(struct capsicum_syscall *sc, bool *capmode,
				long *ret)
{
	*ret = 0;
	if (!capsicum_at_relevant(capmode))
		return false;
	capsicum_current_syscall(sc);
	return !capsicum_unnamed(sc, *capmode, ret);
}

/**
 * bpf_capsicum_path_op() - may the current task do @op on @path?
 * @path: the object.
 * @op: CAPSICUM_OP_GETATTR, _CHMOD, _CHOWN, _PATH_TRUNCATE or _NOTIFY.
 *
 * For lsm/inode_getattr, path_chmod, path_chown, path_truncate and
 * path_notify.  Only the calls that name a descriptor are judged: fstat,
 * fstatat and statx need CAP_FSTAT on the descriptor or CAP_FSTATAT on
 * the directory; fchmod/fchmodat, fchown/fchownat likewise; ftruncate
 * (on kernels without file_truncate) CAP_FTRUNCATE; fanotify_mark
 * CAP_NOTIFY (with CAP_LOOKUP for a path).
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_path_op(const struct path *path, int op)
{
	struct capsicum_syscall sc;
	u64 self, at;
	bool capmode;
	long ret;

	if (!capsicum_path_begin(&sc, &capmode, &ret))
		return ret;
	switch (op) {
	case CAPSICUM_OP_GETATTR:
		if (sc.call != CAPSICUM_CALL_FSTAT && sc.call != CAPSICUM_CALL_STATAT &&
		    sc.call != CAPSICUM_CALL_STATX)
			return 0;
		self = CAP_FSTAT;
		at = CAP_FSTATAT;
		break;
	case CAPSICUM_OP_CHMOD:
		if (sc.call != CAPSICUM_CALL_FCHMOD && sc.call != CAPSICUM_CALL_FCHMODAT &&
		    sc.call != CAPSICUM_CALL_FCHMODAT2)
			return 0;
		self = CAP_FCHMOD;
		at = CAP_FCHMODAT;
		break;
	case CAPSICUM_OP_CHOWN:
		if (sc.call != CAPSICUM_CALL_FCHOWN && sc.call != CAPSICUM_CALL_FCHOWNAT)
			return 0;
		self = CAP_FCHOWN;
		at = CAP_FCHOWNAT;
		break;
	case CAPSICUM_OP_PATH_TRUNCATE:
		if (sc.call != CAPSICUM_CALL_FTRUNCATE)
			return 0;
		self = CAP_FTRUNCATE;
		at = CAP_FTRUNCATE;
		break;
	case CAPSICUM_OP_NOTIFY:
		if (sc.call != CAPSICUM_CALL_FANOTIFY_MARK &&
		    sc.call != CAPSICUM_CALL_FANOTIFY_MARK32)
			return 0;
		self = CAP_NOTIFY;
		at = CAP_NOTIFY;	/* a word-1 right; CAP_LOOKUP is added */
		break;
	default:
		return -ENOTCAPABLE;
	}
	return capsicum_check_at(&sc, capmode, 0, path->dentry, NULL, path, NULL,
				 self, at);
}

/**
 * bpf_capsicum_dentry_op() - may the current task do @op on @dentry?
 * @dentry: the object.
 * @op: CAPSICUM_OP_STATFS, _SETATTR (@a: ia_valid), _XATTR_GET, _SET,
 *	_LIST, _REMOVE, or _READLINK.
 * @a: see @op.
 *
 * For lsm/sb_statfs (fstatfs: CAP_FSTATFS), inode_setattr (futimens,
 * utimensat: CAP_FUTIMES, CAP_FUTIMESAT), inode_getxattr, setxattr,
 * listxattr, removexattr (fgetxattr and friends: CAP_EXTATTR_*) and
 * inode_readlink (readlinkat: CAP_LOOKUP).  A dentry has no mount: the
 * object counts as beneath the directory descriptor only when it is
 * reached without crossing a mount point (stricter, never looser).
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_dentry_op(struct dentry *dentry, int op, u64 a)
{
	struct capsicum_syscall sc;
	struct path under = {};
	struct file *dir;
	u64 self, at;
	bool capmode;
	long ret;
	int fd;

	if (!capsicum_path_begin(&sc, &capmode, &ret))
		return ret;
	switch (op) {
	case CAPSICUM_OP_STATFS:
		if (sc.call != CAPSICUM_CALL_FSTATFS)
			return 0;
		self = at = CAP_FSTATFS;
		break;
	case CAPSICUM_OP_SETATTR:
		if ((sc.call != CAPSICUM_CALL_UTIMENSAT &&
		     sc.call != CAPSICUM_CALL_FUTIMESAT) ||
		    !(a & (ATTR_ATIME | ATTR_MTIME)))
			return 0;
		self = CAP_FUTIMES;
		at = CAP_FUTIMESAT;
		break;
	case CAPSICUM_OP_XATTR_GET:
	case CAPSICUM_OP_XATTR_SET:
	case CAPSICUM_OP_XATTR_LIST:
	case CAPSICUM_OP_XATTR_REMOVE:
		if (sc.call != CAPSICUM_CALL_FXATTR)
			return 0;
		self = at = op == CAPSICUM_OP_XATTR_GET ? CAP_EXTATTR_GET :
			    op == CAPSICUM_OP_XATTR_SET ? CAP_EXTATTR_SET :
			    op == CAPSICUM_OP_XATTR_LIST ? CAP_EXTATTR_LIST :
			    CAP_EXTATTR_DELETE;
		break;
	case CAPSICUM_OP_READLINK:
		if (sc.call != CAPSICUM_CALL_READLINKAT)
			return 0;
		self = at = CAP_LOOKUP;
		break;
	default:
		return -ENOTCAPABLE;
	}
	/* Where the object lies: the directory descriptor's mount. */
	fd = (int)sc.args[capsicum_atargs(sc.call)->fd];
	dir = fd >= 0 ? fget_raw(fd) : NULL;
	if (dir) {
		under.mnt = dir->f_path.mnt;
		under.dentry = dentry;
	}
	ret = capsicum_check_at(&sc, capmode, 0, dentry, NULL,
				dir ? &under : NULL, NULL, self, at);
	if (dir)
		fput(dir);
	return ret;
}

/*
 * Does @inode lie beneath directory @dir?  Only an inode is known here:
 * its first alias is checked, without a reference (BPF programs run under
 * rcu_read_lock(), which keeps the dentry's memory, and may not sleep, so
 * no dput()).  An inode reached over a mount point counts as not beneath:
 * fewer rights.
 */
static bool capsicum_inode_beneath(struct inode *inode, struct dentry *dir)
{
	struct dentry *alias = NULL;
	bool ok;

	rcu_read_lock();
	spin_lock(&inode->i_lock);
	if (!hlist_empty(&inode->i_dentry))
		alias = hlist_entry(inode->i_dentry.first, struct dentry,
				    d_u.d_alias);
	spin_unlock(&inode->i_lock);
	ok = alias && alias->d_sb == dir->d_sb && is_subdir(alias, dir);
	rcu_read_unlock();
	return ok;
}

/*
 * A path walk enters directory @inode (MAY_EXEC): if it starts at a
 * directory descriptor of the current *at call, that descriptor needs the
 * call's right before any name is looked up.  May run in RCU-walk mode:
 * takes no reference and does not sleep.
 */
static long capsicum_walk_start(const struct capsicum_syscall *sc, bool capmode,
				struct inode *inode)
{
	const struct capsicum_atargs *a = capsicum_atargs(sc->call);
	struct files_struct *files = current->files;
	struct capsicum_held held;
	struct cap_rights need;
	struct file *file;
	long ret = 0;
	int which, fd;

	if (sc->kthread || a->path < 0 || !files)
		return 0;
	rcu_read_lock();
	for (which = 0; which < 2 && !ret; which++) {
		fd = which ? (a->fd2 >= 0 ? (int)sc->args[a->fd2] : -1) :
			     (int)sc->args[a->fd];
		if (fd < 0)
			continue;
		file = files_lookup_fd_raw(files, fd);
		if (!file || file_inode(file) != inode)
			continue;
		capsicum_fd_held(files, fd, file, &held);
		if (!capmode && capsicum_rights_is_all(&held.rights))
			continue;
		capsicum_need(&need, CAP_LOOKUP);
		capsicum_rights_add(&need, capsicum_walk_right(sc, which) ?: CAP_LOOKUP);
		if (!capsicum_rights_contains(&held.rights, &need))
			ret = capsicum_trace_deny(-ENOTCAPABLE, fd, &need,
						  &held.rights);
	}
	rcu_read_unlock();
	return ret;
}

/*
 * @path is the current task's root directory, where ".." stays.  Read
 * without fs->seq: a chroot() racing the walk can only make this say "the
 * root", which drops the ".." lookahead and leaves the later checks (the
 * next step's, file_open's) to refuse.
 */
static bool capsicum_is_root(const struct path *path)
{
	struct fs_struct *fs = current->fs;

	return fs && READ_ONCE(fs->root.dentry) == path->dentry &&
	       READ_ONCE(fs->root.mnt) == path->mnt;
}

/*
 * A walk of a capability-mode task, or from a limited descriptor, searches
 * directory @walk (the walk's current position, current->nameidata->path,
 * given by the program): it must lie beneath the descriptor @dfd the walk
 * started from.  Runs at every step (RCU-walk included): takes no
 * reference and does not sleep.
 */
static long capsicum_walk_step(const struct capsicum_syscall *sc, bool capmode,
			       const struct path *walk, int dfd)
{
	struct capsicum_walk_facts f = {};
	struct files_struct *files = current->files;
	struct capsicum_held held;
	struct file *file;
	long ret;

	/* io_uring and io-wq: judged as a whole, like their other path ops. */
	if (capsicum_unnamed(sc, capmode, &ret))
		return ret;
	f.kthread = sc->kthread;
	f.capmode = capmode;
	f.cwd = dfd == AT_FDCWD;
	f.kernel_exec = sc->call == CAPSICUM_CALL_EXECVEAT &&
			(int)sc->args[0] != AT_FDCWD;
	if (f.kthread || f.cwd || dfd < 0 || !files)
		return capsicum_trace_deny(capsicum_decide_walk(&f), dfd, NULL,
					   NULL);
	rcu_read_lock();
	file = files_lookup_fd_raw(files, dfd);
	if (file) {
		f.known = true;
		capsicum_fd_held(files, dfd, file, &held);
		f.limited = !capsicum_rights_is_all(&held.rights);
		if (capmode || f.limited) {
			f.beneath = path_is_under(walk, &file->f_path);
			f.at_top = path_equal(walk, &file->f_path) &&
				   !capsicum_is_root(&file->f_path);
		}
	}
	ret = capsicum_trace_deny(capsicum_decide_walk(&f), dfd, NULL, NULL);
	rcu_read_unlock();
	return ret;
}

/**
 * bpf_capsicum_inode_permission() - path walks, fchdir(2), faccessat(2).
 * @inode: the object.
 * @mask: MAY_* as inode_permission() gives it.
 * @walk: the address of current->nameidata->path, the directory a path walk
 *	in progress is at, or 0 when no walk is (the program reads it with
 *	CO-RE: struct nameidata is private to fs/namei.c).  It is the caller's
 *	own stack object, valid for the length of this call; a program that
 *	passed anything else would be a bug in lsm/.
 * @walk_dfd: current->nameidata->dfd, the descriptor the walk started from.
 *
 * For lsm/inode_permission; the program calls this only for MAY_EXEC,
 * MAY_CHDIR and MAY_ACCESS.  A search of a directory by a path walk: the
 * walk's directory descriptor needs the call's right before the first name
 * is looked up, and in capability mode (or from a limited descriptor) each
 * directory searched must lie beneath it (capsicum_decide_walk()); where it
 * is the descriptor's own directory, the answer is
 * CAPSICUM_WALK_UNLESS_DOTDOT, and the program refuses a ".." as the next
 * name with -ENOTCAPABLE (a last ".." has no later step to check).  fchdir
 * needs CAP_FCHDIR; faccessat CAP_FSTATAT on the directory descriptor
 * (CAP_FSTAT with AT_EMPTY_PATH).
 *
 * Return: 0, CAPSICUM_WALK_UNLESS_DOTDOT, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_inode_permission(struct inode *inode, int mask,
					       u64 walk, int walk_dfd)
{
	struct capsicum_syscall sc;
	bool capmode, beneath;
	struct file *dir;
	long ret;
	int fd;

	if (!capsicum_at_relevant(&capmode))
		return 0;
	capsicum_current_syscall(&sc);
	if ((mask & MAY_CHDIR) && sc.call == CAPSICUM_CALL_FCHDIR)
		return capsicum_check_at(&sc, capmode, 0, NULL, inode, NULL, NULL,
					 CAP_FCHDIR, CAP_FCHDIR);
	/* A search of a directory, not the exec check on a program. */
	if ((mask & MAY_EXEC) && !(mask & (MAY_CHDIR | MAY_ACCESS | MAY_OPEN)) &&
	    S_ISDIR(inode->i_mode)) {
		ret = capsicum_walk_start(&sc, capmode, inode);
		if (!ret && walk)
			ret = capsicum_walk_step(&sc, capmode,
						 (const struct path *)walk,
						 walk_dfd);
		return ret;
	}
	if (!(mask & MAY_ACCESS) || (sc.call != CAPSICUM_CALL_ACCESSAT &&
				     sc.call != CAPSICUM_CALL_ACCESSAT2))
		return 0;
	fd = (int)sc.args[0];
	dir = fd >= 0 ? fget_raw(fd) : NULL;
	beneath = dir && capsicum_inode_beneath(inode, dir->f_path.dentry);
	ret = capsicum_check_at(&sc, capmode, 0, NULL, inode, NULL, &beneath,
				CAP_FSTAT, CAP_FSTATAT);
	if (dir)
		fput(dir);
	return ret;
}

/**
 * bpf_capsicum_proc_link() - may the current task follow a link of /proc?
 * @pid: the address of the struct pid of the /proc/PID (or
 *	/proc/PID/task/TID) directory the link is in, as the program read it
 *	from the link's proc_inode; 0 for a link of no process (/proc/self,
 *	/proc/mounts).  The inode, which the kernel holds for the length of
 *	the hook, holds a reference to it.
 *
 * For lsm/inode_follow_link, on procfs only.  In capability mode a magic
 * link of another process is refused (capsicum_decide_proc_link()).
 * Runs in RCU-walk mode too: takes no reference and does not sleep.
 *
 * Return: 0 or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_proc_link(u64 pid)
{
	struct task_struct *task;
	bool own;

	if (!pid || !capsicum_current_capmode())
		return 0;
	rcu_read_lock();
	task = pid_task((struct pid *)(unsigned long)pid, PIDTYPE_PID);
	own = task && same_thread_group(task, current);
	rcu_read_unlock();
	return capsicum_trace_deny(capsicum_decide_proc_link(true, own), -1,
				   NULL, NULL);
}

/**
 * bpf_capsicum_bprm_check() - may this program image run?
 * @bprm: the exec; @bprm->file the image the kernel is about to load.
 *
 * For lsm/bprm_check_security, called for the program and again for each
 * interpreter a "#!" script or binfmt_misc substitutes.  In capability
 * mode only the file of execveat's descriptor may run
 * (capsicum_decide_exec()).
 *
 * Return: 0 or -ECAPMODE.
 */
__bpf_kfunc long bpf_capsicum_bprm_check(struct linux_binprm *bprm)
{
	struct capsicum_syscall sc;
	bool same = false;
	struct file *fd_file;

	if (!capsicum_cred_capmode(current_cred()))
		return 0;
	capsicum_current_syscall(&sc);
	if (sc.call == CAPSICUM_CALL_EXECVEAT && bprm->file) {
		fd_file = fget_raw((int)sc.args[0]);
		if (fd_file) {
			same = path_equal(&bprm->file->f_path,
					  &fd_file->f_path);
			fput(fd_file);
		}
	}
	return capsicum_trace_deny(capsicum_decide_exec(true, sc.kthread,
							sc.call, same),
				   sc.call == CAPSICUM_CALL_EXECVEAT ?
				   (int)sc.args[0] : -1, NULL, NULL);
}

/**
 * bpf_capsicum_path_entry() - may the current task make or remove a name?
 * @dir: the directory the name is in.
 * @dentry: the name.
 * @op: CAPSICUM_OP_MKDIR, _MKNOD (@mode: the mode), _UNLINK, _RMDIR or
 *	_SYMLINK.
 * @mode: see @op.
 *
 * For lsm/path_mkdir (mkdirat: CAP_MKDIRAT), path_mknod (mknodat:
 * CAP_MKNODAT, CAP_MKFIFOAT for a FIFO), path_unlink and path_rmdir
 * (unlinkat: CAP_UNLINKAT) and path_symlink (symlinkat: CAP_SYMLINKAT).
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_path_entry(const struct path *dir,
					 struct dentry *dentry, int op, u64 mode)
{
	struct capsicum_syscall sc;
	enum capsicum_call call;
	bool capmode;
	u64 right;
	long ret;

	if (!capsicum_path_begin(&sc, &capmode, &ret))
		return ret;
	switch (op) {
	case CAPSICUM_OP_MKDIR:
		call = CAPSICUM_CALL_MKDIRAT;
		right = CAP_MKDIRAT;
		break;
	case CAPSICUM_OP_MKNOD:
		call = CAPSICUM_CALL_MKNODAT;
		right = S_ISFIFO(mode) ? CAP_MKFIFOAT : CAP_MKNODAT;
		break;
	case CAPSICUM_OP_UNLINK:
	case CAPSICUM_OP_RMDIR:
		call = CAPSICUM_CALL_UNLINKAT;
		right = CAP_UNLINKAT;
		break;
	case CAPSICUM_OP_SYMLINK:
		call = CAPSICUM_CALL_SYMLINKAT;
		right = CAP_SYMLINKAT;
		break;
	default:
		return -ENOTCAPABLE;
	}
	if (sc.call != call)
		return 0;
	return capsicum_check_at(&sc, capmode, 0, NULL, NULL, dir, NULL, right,
				 right);
}

/**
 * bpf_capsicum_path_link() - linkat(2): CAP_LINKAT_SOURCE and _TARGET.
 * @old_dentry: the existing file.
 * @new_dir: the directory the new name goes into.
 *
 * For lsm/path_link.  linkat(fd, "", ..., AT_EMPTY_PATH) links the
 * descriptor's own file: CAP_LINKAT_SOURCE on it.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_path_link(struct dentry *old_dentry,
					const struct path *new_dir)
{
	struct path old = { .mnt = new_dir->mnt, .dentry = old_dentry };
	struct capsicum_syscall sc;
	bool capmode;
	long ret;

	if (!capsicum_path_begin(&sc, &capmode, &ret))
		return ret;
	if (sc.call != CAPSICUM_CALL_LINKAT)
		return 0;
	/* Both names are on one mount: linkat refuses otherwise. */
	ret = capsicum_check_at(&sc, capmode, 0, old_dentry, NULL, &old, NULL,
				CAP_LINKAT_SOURCE, CAP_LINKAT_SOURCE);
	if (!ret)
		ret = capsicum_check_at(&sc, capmode, 1, NULL, NULL, new_dir, NULL,
					CAP_LINKAT_TARGET, CAP_LINKAT_TARGET);
	return ret;
}

/**
 * bpf_capsicum_path_rename() - renameat(2): CAP_RENAMEAT_SOURCE and _TARGET.
 * @old_dir: the source directory.
 * @old_dentry: the source name.
 * @new_dir: the target directory.
 * @new_dentry: the target name.
 * @flags: RENAME_* flags.
 *
 * For lsm/path_rename.  Replacing an existing name also needs
 * CAP_UNLINKAT on the target directory; RENAME_EXCHANGE, which FreeBSD
 * does not have, moves both names and needs every right on both sides.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_path_rename(const struct path *old_dir,
					  struct dentry *old_dentry,
					  const struct path *new_dir,
					  struct dentry *new_dentry,
					  unsigned int flags)
{
	u64 src = CAP_RENAMEAT_SOURCE, dst = CAP_RENAMEAT_TARGET;
	struct capsicum_syscall sc;
	bool capmode;
	long ret;

	if (!capsicum_path_begin(&sc, &capmode, &ret))
		return ret;
	if (sc.call != CAPSICUM_CALL_RENAMEAT)
		return 0;
	if (flags & RENAME_EXCHANGE) {
		src |= CAP_RENAMEAT_TARGET | CAP_UNLINKAT;
		dst |= CAP_RENAMEAT_SOURCE | CAP_UNLINKAT;
	} else if (d_is_positive(new_dentry)) {
		dst |= CAP_UNLINKAT;
	}
	ret = capsicum_check_at(&sc, capmode, 0, NULL, NULL, old_dir, NULL, src,
				src);
	if (!ret)
		ret = capsicum_check_at(&sc, capmode, 1, NULL, NULL, new_dir, NULL,
					dst, dst);
	return ret;
}

/*
 * Descriptors sent in an SCM_RIGHTS message: each carries its slot's
 * rights to the receiver (capsicum_fd_sending()).  The control data is in
 * kernel memory by the time socket_sendmsg runs.
 */
static void capsicum_scm_sending(struct socket *sock, struct msghdr *msg)
{
	struct files_struct *files = current->files;
	struct cmsghdr *cmsg;
	struct file *file;
	int i, n, *fds;

	if (!capsicum_slots_files() || !files || !msg->msg_controllen ||
	    msg->msg_control_is_user || !sock->sk ||
	    sock->sk->sk_family != AF_UNIX)
		return;
	for_each_cmsghdr(cmsg, msg) {
		if (!CMSG_OK(msg, cmsg))
			break;
		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		fds = (int *)CMSG_DATA(cmsg);
		for (i = 0; i < n; i++) {
			file = capsicum_slot_file(files, fds[i]);
			if (file && capsicum_fd_tracked(file))
				capsicum_fd_sending(files, fds[i], file);
		}
	}
}

/**
 * bpf_capsicum_socket_op() - may the current task do @op on @sock?
 * @sock: the socket.
 * @op: CAPSICUM_OP_BIND ... CAPSICUM_OP_RECVMSG.
 *
 * For lsm/socket_bind, socket_connect, socket_listen, socket_accept,
 * socket_getsockname, socket_getpeername, socket_getsockopt,
 * socket_setsockopt, socket_shutdown and socket_recvmsg: each needs the
 * right of its name (receiving needs CAP_READ).  Capability mode refuses
 * bind and connect outright, also from io_uring.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_socket_op(struct socket *sock, int op)
{
	struct file *file = sock->file;
	struct cap_rights need;
	u64 right;
	long ret;

	if (op == CAPSICUM_OP_BIND || op == CAPSICUM_OP_CONNECT) {
		ret = capsicum_capmode_sockaddr();
		if (ret)
			return ret;
	}
	if (!file || !capsicum_slots_files())
		return 0;
	switch (op) {
	case CAPSICUM_OP_BIND:
		right = CAP_BIND;
		break;
	case CAPSICUM_OP_CONNECT:
		right = CAP_CONNECT;
		break;
	case CAPSICUM_OP_LISTEN:
		right = CAP_LISTEN;
		break;
	case CAPSICUM_OP_ACCEPT:
		right = CAP_ACCEPT;
		break;
	case CAPSICUM_OP_GETSOCKNAME:
		right = CAP_GETSOCKNAME;
		break;
	case CAPSICUM_OP_GETPEERNAME:
		right = CAP_GETPEERNAME;
		break;
	case CAPSICUM_OP_GETSOCKOPT:
		right = CAP_GETSOCKOPT;
		break;
	case CAPSICUM_OP_SETSOCKOPT:
		right = CAP_SETSOCKOPT;
		break;
	case CAPSICUM_OP_SHUTDOWN:
		right = CAP_SHUTDOWN;
		break;
	case CAPSICUM_OP_RECVMSG:
		right = CAP_READ;
		break;
	default:
		return -ENOTCAPABLE;
	}
	capsicum_need(&need, right);
	return capsicum_check_file(file, &need, 0, false, 0);
}

/**
 * bpf_capsicum_socket_sendmsg() - may the current task send on @sock?
 * @sock: the socket.
 * @msg: the message; an address in it makes this a connect as well.
 *
 * For lsm/socket_sendmsg: CAP_WRITE, plus CAP_CONNECT when the message
 * names a destination (sendto, sendmsg with msg_name), which capability
 * mode refuses outright, also from io_uring.
 *
 * Return: 0, -ECAPMODE or -ENOTCAPABLE.
 */
__bpf_kfunc long bpf_capsicum_socket_sendmsg(struct socket *sock,
					     struct msghdr *msg)
{
	struct file *file = sock->file;
	struct cap_rights need;
	long ret;

	if (msg->msg_name && msg->msg_namelen) {
		ret = capsicum_capmode_sockaddr();
		if (ret)
			return ret;
	}
	if (file && capsicum_slots_files()) {
		capsicum_need(&need, CAP_WRITE);
		if (msg->msg_name && msg->msg_namelen)
			capsicum_rights_add(&need, CAP_CONNECT);
		ret = capsicum_check_file(file, &need, 0, false, 0);
		if (ret)
			return ret;
	}
	capsicum_scm_sending(sock, msg);
	return 0;
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
	capsicum_capmode_file_forget(file);
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
 * For lsm/task_fix_setuid, and likewise lsm/task_fix_setgid,
 * lsm/task_fix_setgroups and lsm/capset: each runs after the new cred was
 * prepared, so a cap_enter() by another thread in between is caught here.
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
 * bpf_capsicum_fd_received() - a descriptor arrived in the current table.
 * @file: the file received.
 * @fd: the new descriptor, or a negative errno.
 *
 * For fexit/receive_fd (and 6.1's __receive_fd), through which SCM_RIGHTS
 * and pidfd_getfd() install descriptors: the new descriptor gets the
 * sender's rights (capsicum_fd_received()).
 */
__bpf_kfunc void bpf_capsicum_fd_received(struct file *file, long fd)
{
	struct capsicum_syscall sc;
	int srcfd = -1;

	if (fd < 0 || !current->files || !capsicum_fd_tracked(file))
		return;
	capsicum_current_syscall(&sc);
	/* pidfd_getfd() on its own process passes no ptrace check. */
	if (sc.call == CAPSICUM_CALL_PIDFD_GETFD)
		srcfd = (int)sc.args[1];
	if (capsicum_slot_file(current->files, (int)fd) == file)
		capsicum_fd_received(current->files, (int)fd, file, srcfd);
}

/**
 * bpf_capsicum_ptrace_access() - may the current task reach another process?
 * @child: the process.
 *
 * For lsm/ptrace_access_check.  Capability mode refuses it
 * (capsicum_capmode_ptrace()).  Otherwise, for pidfd_getfd(), which
 * passes the check (for another process) before it takes the descriptor,
 * the source slot's rights go in flight to the caller
 * (capsicum_fd_sending()); other callers of the hook are not concerned.
 * Runs under task_lock(@child), which the caller holds.
 *
 * Return: 0 or -ECAPMODE.
 */
__bpf_kfunc long bpf_capsicum_ptrace_access(struct task_struct *child)
{
	struct capsicum_syscall sc;
	struct files_struct *files;
	struct file *file = NULL;
	long ret;
	int fd;

	ret = capsicum_capmode_ptrace();
	if (ret || !capsicum_slots_files())
		return ret;
	capsicum_current_syscall(&sc);
	if (sc.call != CAPSICUM_CALL_PIDFD_GETFD)
		return 0;
	fd = (int)sc.args[1];
	/* ptrace_may_access() holds task_lock(child): its table stays. */
	files = child->files;
	if (files && fd >= 0) {
		rcu_read_lock();
		file = files_lookup_fd_raw(files, fd);
		rcu_read_unlock();
	}
	if (file && capsicum_fd_tracked(file))
		capsicum_fd_sending(files, fd, file);
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
 * The last thread of a process to exit also ends its capability-mode
 * record (capsicum_process_exit()).
 */
__bpf_kfunc void bpf_capsicum_exit_files(struct task_struct *tsk)
{
	struct files_struct *files = READ_ONCE(tsk->files);

	if (files)
		bpf_capsicum_fdtable_put(files);
	capsicum_process_exit(tsk);
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
BTF_ID_FLAGS(func, bpf_capsicum_fd_received)
BTF_ID_FLAGS(func, bpf_capsicum_ptrace_access)
BTF_ID_FLAGS(func, bpf_capsicum_file_op)
BTF_ID_FLAGS(func, bpf_capsicum_mprotect)
BTF_ID_FLAGS(func, bpf_capsicum_path_op)
BTF_ID_FLAGS(func, bpf_capsicum_dentry_op)
BTF_ID_FLAGS(func, bpf_capsicum_inode_permission)
BTF_ID_FLAGS(func, bpf_capsicum_bprm_check)
BTF_ID_FLAGS(func, bpf_capsicum_proc_link)
BTF_ID_FLAGS(func, bpf_capsicum_path_entry)
BTF_ID_FLAGS(func, bpf_capsicum_path_link)
BTF_ID_FLAGS(func, bpf_capsicum_path_rename)
BTF_ID_FLAGS(func, bpf_capsicum_socket_op)
BTF_ID_FLAGS(func, bpf_capsicum_socket_sendmsg)
BTF_ID_FLAGS(func, bpf_capsicum_fdtable_dup)
BTF_ID_FLAGS(func, bpf_capsicum_fdtable_put)
BTF_ID_FLAGS(func, bpf_capsicum_exit_files)
BTF_ID_FLAGS(func, bpf_capsicum_syscall_exit)
BTF_ID_FLAGS(func, bpf_capsicum_task_kill)
BTF_ID_FLAGS(func, bpf_capsicum_task_target)
BTF_ID_FLAGS(func, bpf_capsicum_task_prlimit)
BTF_ID_FLAGS(func, bpf_capsicum_task_alloc)
BTF_ID_FLAGS(func, bpf_capsicum_userns_create)
BTF_ID_FLAGS(func, bpf_capsicum_set_fowner)
BTF_ID_FLAGS(func, bpf_capsicum_sigio)
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
BTF_ID(func, bpf_capsicum_fd_received)

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
	for (i = 0; i < 5; i++)
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
