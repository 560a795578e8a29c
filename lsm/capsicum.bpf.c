// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - the BPF-LSM programs: thin forwarders to capsicum.ko.
 *
 * hook                 what it enforces or observes
 * file_permission      CAP_READ/WRITE/PREAD/PWRITE on read and write calls
 * file_alloc_security  capability mode for opens that never reach
 *                      file_open (O_PATH); tags files made in it
 * file_open            capability mode and dirfd rights on open, openat,
 *                      openat2, execve, execveat; rights inheritance; the
 *                      kernel's open of an fexecve'd program's interpreter
 * bprm_check_security  only the fexecve'd file runs in capability mode
 *                      ("#!" and binfmt_misc interpreters are refused)
 * path_mknod           CAP_LOOKUP|CAP_CREATE and capability mode before
 *                      openat(O_CREAT) makes a name
 * file_free_security   forgets a file's rights
 * cred_prepare         carries capability mode to a new cred (fork, exec)
 * cred_alloc_blank     reserves room for cred_transfer
 * cred_transfer        carries capability mode where the kernel cannot fail
 * bprm_committing_creds  carries capability mode into an exec's cred that
 *                      was prepared before a concurrent cap_enter()
 * task_fix_setuid      likewise for setuid(2) and friends; task_fix_setgid,
 * task_fix_setgid,     task_fix_setgroups and capset for the setgid family,
 * task_fix_setgroups,  setgroups(2) and capset(2)
 * capset
 * cred_free            forgets a cred
 * file_receive         drops stale descriptor records before a descriptor
 *                      arrives by SCM_RIGHTS or pidfd_getfd
 * ptrace_access_check  capability mode: no other process (ptrace,
 *                      process_vm_*, kcmp, pidfd_getfd, /proc/PID/mem);
 *                      pidfd_getfd: the source descriptor's rights
 * file_ioctl(_compat)  CAP_IOCTL and the ioctl list; capability mode:
 *                      FIOSETOWN, SIOCSPGRP only to the own process
 * file_fcntl           CAP_FCNTL and its sub-rights, CAP_FLOCK for locks;
 *                      capability mode: F_SETOWN(_EX) only to the own process
 * file_set_fowner,     capability mode: an owner it set gets the file's
 * file_send_sigiotask  SIGIO/SIGURG only within the setter's process
 * file_lock            CAP_FLOCK (flock)
 * mmap_file            CAP_MMAP, CAP_MMAP_R/W/X
 * file_mprotect        CAP_MMAP_R/W/X against the file's floor
 * file_truncate,       CAP_FTRUNCATE (ftruncate)
 * path_truncate
 * inode_getattr        CAP_FSTAT, CAP_FSTATAT (fstat, fstatat, statx)
 * sb_statfs            CAP_FSTATFS
 * path_chmod           CAP_FCHMOD, CAP_FCHMODAT
 * path_chown           CAP_FCHOWN, CAP_FCHOWNAT
 * inode_setattr        CAP_FUTIMES, CAP_FUTIMESAT (futimens, utimensat)
 * inode_permission     every directory a walk searches stays beneath the
 *                      walk's dirfd (capability mode, limited dirfds), and
 *                      no ".." is looked up in the dirfd's own directory;
 *                      CAP_FCHDIR (fchdir), CAP_FSTATAT (faccessat)
 * inode_follow_link    capability mode: no /proc/PID magic link of another
 *                      process (root, cwd, exe, fd/N, map_files, ns)
 * inode_*xattr         CAP_EXTATTR_* (fgetxattr and friends)
 * inode_readlink       CAP_LOOKUP (readlinkat)
 * path_mkdir, path_mknod, path_unlink, path_rmdir, path_symlink,
 * path_link, path_rename  the *at rights on directory descriptors
 * path_notify          CAP_NOTIFY (fanotify_mark on a directory descriptor)
 * socket_*             CAP_BIND ... CAP_SHUTDOWN, CAP_READ, CAP_WRITE and
 *                      CAP_CONNECT for a send with an address; capability
 *                      mode: no bind, connect or send with an address
 * task_kill            capability mode: signals to the own process, or
 *                      through a pdfork pidfd to its process
 * task_setnice, task_setioprio, task_setscheduler, task_movememory,
 * task_setpgid, task_getsid, task_getpgid, task_prlimit
 *                      capability mode: only on the own process
 * task_alloc           capability mode: no CLONE_NEW* (clone3 too)
 * userns_create        capability mode: no user namespace
 *
 * Observers of fd-table changes, which have no LSM hook (fentry/fexit):
 * dup_fd               a table copied (fork, unshare, exec, close_range)
 * receive_fd           a descriptor received (SCM_RIGHTS, pidfd_getfd)
 * put_files_struct,    a table freed
 * exit_files
 * dup, dup2, dup3, fcntl(F_DUPFD*), close, close_range, execve, execveat
 *                      (x86-64 and ia32 entry points): a descriptor copied,
 *                      slots emptied
 *
 * Every decision is the module's; a program only respects an earlier
 * program's denial and keeps the module's answer inside what the verifier
 * accepts from an LSM hook.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "capsicum_kfuncs.h"

#define CAPSICUM_EPERM 1
#define CAPSICUM_ENOMEM 12
#define CAPSICUM_ECAPMODE 134
#define CAPSICUM_ENOTCAPABLE 135
/* include/linux/fs.h: not in vmlinux.h, being macros. */
#define CAPSICUM_MAY_EXEC 0x00000001
#define CAPSICUM_MAY_ACCESS 0x00000010
#define CAPSICUM_MAY_CHDIR 0x00000040

char LICENSE[] SEC("license") = "GPL";

/*
 * An LSM hook may only return 0 or -errno, and the verifier cannot see
 * inside a kfunc.  The kfuncs return long, so that each comparison below
 * bounds the whole register the compiler may hand back; anything but the
 * module's known answers would be a module bug, and denies.
 */
static __always_inline int capsicum_verdict(long ret)
{
	if (ret == 0)
		return 0;
	if (ret == -CAPSICUM_ECAPMODE)
		return -CAPSICUM_ECAPMODE;
	if (ret == -CAPSICUM_ENOTCAPABLE)
		return -CAPSICUM_ENOTCAPABLE;
	if (ret == -CAPSICUM_ENOMEM)
		return -CAPSICUM_ENOMEM;
	return -CAPSICUM_EPERM;
}

SEC("lsm/file_permission")
int BPF_PROG(capsicum_file_permission, struct file *file, int mask, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_permission(file, mask));
}

SEC("lsm/file_alloc_security")
int BPF_PROG(capsicum_file_alloc, struct file *file, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_alloc(file));
}

/*
 * The path walk in progress, if any: current->nameidata (fs/namei.c keeps
 * struct nameidata private; BTF and CO-RE reach it).  Returns the address
 * of nd->path, the directory the walk is at, or 0; *dfd gets nd->dfd, the
 * descriptor the walk started from, or CAPSICUM_NO_WALK.
 */
static __always_inline __u64 capsicum_walk(int *dfd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct nameidata *nd = BPF_CORE_READ(task, nameidata);

	*dfd = CAPSICUM_NO_WALK;
	if (!nd)
		return 0;
	*dfd = BPF_CORE_READ(nd, dfd);
	return (__u64)__builtin_preserve_access_index(&nd->path);
}

SEC("lsm/file_open")
int BPF_PROG(capsicum_file_open, struct file *file, int ret)
{
	int dfd;

	if (ret)
		return ret;
	capsicum_walk(&dfd);
	return capsicum_verdict(bpf_capsicum_file_open(file, dfd));
}

SEC("lsm/bprm_check_security")
int BPF_PROG(capsicum_bprm_check, struct linux_binprm *bprm, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_bprm_check(bprm));
}

SEC("lsm/path_mknod")
int BPF_PROG(capsicum_path_mknod, const struct path *dir, struct dentry *dentry,
	     umode_t mode, unsigned int dev, int ret)
{
	if (ret)
		return ret;
	ret = capsicum_verdict(bpf_capsicum_path_mknod(dir));
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_entry(dir, dentry,
							 CAPSICUM_OP_MKNOD, mode));
}

SEC("lsm/file_free_security")
int BPF_PROG(capsicum_file_free, struct file *file)
{
	bpf_capsicum_file_free(file);
	return 0;
}

SEC("lsm/cred_prepare")
int BPF_PROG(capsicum_cred_prepare, struct cred *new, const struct cred *old,
	     gfp_t gfp, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_cred_prepare(new, old));
}

SEC("lsm/cred_alloc_blank")
int BPF_PROG(capsicum_cred_alloc_blank, struct cred *cred, gfp_t gfp, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_cred_alloc_blank(cred));
}

SEC("lsm/cred_transfer")
int BPF_PROG(capsicum_cred_transfer, struct cred *new, const struct cred *old)
{
	bpf_capsicum_cred_transfer(new, old);
	return 0;
}

SEC("lsm/bprm_committing_creds")
int BPF_PROG(capsicum_bprm_committing, struct linux_binprm *bprm)
{
	bpf_capsicum_bprm_committing(bprm);
	return 0;
}

SEC("lsm/task_fix_setuid")
int BPF_PROG(capsicum_task_fix_setuid, struct cred *new, const struct cred *old,
	     int flags, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_fix_setuid(new, old));
}

/* Likewise for the other credential changes that have a hook between prepare and commit. */
SEC("lsm/task_fix_setgid")
int BPF_PROG(capsicum_task_fix_setgid, struct cred *new, const struct cred *old,
	     int flags, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_fix_setuid(new, old));
}

SEC("lsm/task_fix_setgroups")
int BPF_PROG(capsicum_task_fix_setgroups, struct cred *new, const struct cred *old,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_fix_setuid(new, old));
}

SEC("lsm/capset")
int BPF_PROG(capsicum_capset, struct cred *new, const struct cred *old,
	     const kernel_cap_t *effective, const kernel_cap_t *inheritable,
	     const kernel_cap_t *permitted, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_fix_setuid(new, old));
}

SEC("lsm/cred_free")
int BPF_PROG(capsicum_cred_free, struct cred *cred)
{
	bpf_capsicum_cred_free(cred);
	return 0;
}

SEC("lsm/file_receive")
int BPF_PROG(capsicum_file_receive, struct file *file, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_receive(file));
}

SEC("lsm/file_ioctl")
int BPF_PROG(capsicum_file_ioctl, struct file *file, unsigned int cmd,
	     unsigned long arg, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_op(file, CAPSICUM_OP_IOCTL, cmd, arg));
}

/* 6.7 and later check 32-bit ioctls here rather than in file_ioctl. */
SEC("lsm/file_ioctl_compat")
int BPF_PROG(capsicum_opt_file_ioctl_compat, struct file *file, unsigned int cmd,
	     unsigned long arg, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_op(file, CAPSICUM_OP_IOCTL, cmd, arg));
}

SEC("lsm/file_fcntl")
int BPF_PROG(capsicum_file_fcntl, struct file *file, unsigned int cmd,
	     unsigned long arg, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_op(file, CAPSICUM_OP_FCNTL, cmd, arg));
}

SEC("lsm/file_lock")
int BPF_PROG(capsicum_file_lock, struct file *file, unsigned int cmd, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_op(file, CAPSICUM_OP_LOCK, cmd, 0));
}

SEC("lsm/mmap_file")
int BPF_PROG(capsicum_mmap_file, struct file *file, unsigned long reqprot,
	     unsigned long prot, unsigned long flags, int ret)
{
	if (ret || !file)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_op(file, CAPSICUM_OP_MMAP,
						     reqprot, flags));
}

SEC("lsm/file_mprotect")
int BPF_PROG(capsicum_file_mprotect, struct vm_area_struct *vma,
	     unsigned long reqprot, unsigned long prot, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_mprotect(vma, reqprot));
}

/* 6.2 and later: ftruncate checks here; 6.1 uses path_truncate. */
SEC("lsm/file_truncate")
int BPF_PROG(capsicum_opt_file_truncate, struct file *file, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_op(file, CAPSICUM_OP_TRUNCATE, 0, 0));
}

SEC("lsm/path_truncate")
int BPF_PROG(capsicum_path_truncate, const struct path *path, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_op(path, CAPSICUM_OP_PATH_TRUNCATE));
}

SEC("lsm/inode_getattr")
int BPF_PROG(capsicum_inode_getattr, const struct path *path, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_op(path, CAPSICUM_OP_GETATTR));
}

SEC("lsm/path_chmod")
int BPF_PROG(capsicum_path_chmod, const struct path *path, umode_t mode, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_op(path, CAPSICUM_OP_CHMOD));
}

/* kuid_t and kgid_t are structs, which BPF_PROG cannot take: raw context. */
SEC("lsm/path_chown")
int capsicum_path_chown(unsigned long long *ctx)
{
	const struct path *path = (const struct path *)ctx[0];
	int ret = (int)ctx[3];

	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_op(path, CAPSICUM_OP_CHOWN));
}

SEC("lsm/path_notify")
int BPF_PROG(capsicum_path_notify, const struct path *path, u64 mask,
	     unsigned int obj_type, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_op(path, CAPSICUM_OP_NOTIFY));
}

SEC("lsm/sb_statfs")
int BPF_PROG(capsicum_sb_statfs, struct dentry *dentry, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op(dentry, CAPSICUM_OP_STATFS, 0));
}

/*
 * 6.3 added an idmap before the dentry.  Each layout has its own
 * subprogram, so that every context access keeps a constant offset; the
 * CO-RE check picks one when the object is loaded, and the verifier never
 * walks the other.
 */
static __noinline int capsicum_setattr_idmap(unsigned long long *ctx)
{
	struct iattr *attr = (struct iattr *)ctx[2];
	int ret = (int)ctx[3];

	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op((struct dentry *)ctx[1],
						       CAPSICUM_OP_SETATTR,
						       BPF_CORE_READ(attr, ia_valid)));
}

static __noinline int capsicum_setattr_plain(unsigned long long *ctx)
{
	struct iattr *attr = (struct iattr *)ctx[1];
	int ret = (int)ctx[2];

	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op((struct dentry *)ctx[0],
						       CAPSICUM_OP_SETATTR,
						       BPF_CORE_READ(attr, ia_valid)));
}

SEC("lsm/inode_setattr")
int capsicum_inode_setattr(unsigned long long *ctx)
{
	if (bpf_core_type_exists(struct mnt_idmap))
		return capsicum_setattr_idmap(ctx);
	return capsicum_setattr_plain(ctx);
}

SEC("lsm/inode_getxattr")
int BPF_PROG(capsicum_inode_getxattr, struct dentry *dentry, const char *name,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op(dentry, CAPSICUM_OP_XATTR_GET, 0));
}

SEC("lsm/inode_setxattr")
int BPF_PROG(capsicum_inode_setxattr, void *idmap, struct dentry *dentry,
	     const char *name, const void *value, size_t size, int flags, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op(dentry, CAPSICUM_OP_XATTR_SET, 0));
}

SEC("lsm/inode_listxattr")
int BPF_PROG(capsicum_inode_listxattr, struct dentry *dentry, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op(dentry, CAPSICUM_OP_XATTR_LIST, 0));
}

SEC("lsm/inode_removexattr")
int BPF_PROG(capsicum_inode_removexattr, void *idmap, struct dentry *dentry,
	     const char *name, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op(dentry, CAPSICUM_OP_XATTR_REMOVE, 0));
}

SEC("lsm/inode_readlink")
int BPF_PROG(capsicum_inode_readlink, struct dentry *dentry, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_dentry_op(dentry, CAPSICUM_OP_READLINK, 0));
}

/*
 * Reading ahead of a path walk.  The module answers
 * CAPSICUM_WALK_UNLESS_DOTDOT when a walk searches the directory of its
 * descriptor itself: a ".." looked up there leaves it, and when that ".."
 * is the walk's last step no later search shows it (an O_PATH open reaches
 * no hook after its walk).  The name about to be looked up is in the
 * string the walk reads: the path asked for, or the body of the symlink it
 * follows.  struct nameidata records the last name looked up, not the next
 * one, so the next is found after it; where the program cannot tell (a
 * symlink body the inode does not hold, i_link), it answers "not ..", and
 * the later checks stay what they were: every later search, file_open, and
 * no rights at all for an O_PATH file made in capability mode.
 */
struct capsicum_pathbuf {
	char s[4096];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct capsicum_pathbuf);
} capsicum_scratch SEC(".maps");

/* include/linux/namei.h: not in vmlinux.h, being macros. */
#define CAPSICUM_LOOKUP_BENEATH 0x080000
#define CAPSICUM_LOOKUP_IN_ROOT 0x100000

/* Is @p inside the kernel string @s (its terminating NUL included)? */
static __always_inline bool capsicum_in_string(__u64 p, __u64 s)
{
	struct capsicum_pathbuf *buf;
	__u32 zero = 0;
	long n;

	buf = bpf_map_lookup_elem(&capsicum_scratch, &zero);
	if (!buf || !s || p < s)
		return false;
	n = bpf_probe_read_kernel_str(buf->s, sizeof(buf->s), (const void *)s);
	return n > 0 && p < s + n;
}

/* Is the name at @p, after any slashes, ".."? */
static __always_inline bool capsicum_dotdot_at(__u64 p)
{
	char c[16] = {};
	int i;

	if (!p || bpf_probe_read_kernel_str(c, sizeof(c), (const void *)p) < 0)
		return false;
	for (i = 0; i < 13; i++) {
		if (c[i] != '/')
			return c[i] == '.' && c[i + 1] == '.' &&
			       (c[i + 2] == '/' || !c[i + 2]);
	}
	return false;
}

/* The stack entry of symlink @level (0 for the first one followed). */
static __always_inline struct saved *capsicum_walk_saved(struct nameidata *nd,
							 unsigned int level)
{
	__u64 stack = (__u64)BPF_CORE_READ(nd, stack);

	return (struct saved *)(stack + level * bpf_core_type_size(struct saved));
}

/*
 * The string a walk reads at symlink depth @depth: the path asked for (0),
 * or the body of the symlink followed at that depth, when its inode holds
 * it; else 0.
 */
static __always_inline __u64 capsicum_walk_string(struct nameidata *nd,
						  unsigned int depth)
{
	struct saved *sv;

	if (!depth)
		return (__u64)BPF_CORE_READ(nd, name, name);
	sv = capsicum_walk_saved(nd, depth - 1);
	return (__u64)BPF_CORE_READ(sv, link.dentry, d_inode, i_link);
}

/* Is the name the current walk looks up next ".."? */
static __always_inline bool capsicum_walk_next_dotdot(void)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct nameidata *nd = BPF_CORE_READ(task, nameidata);
	__u64 cur, last, outer, resume;
	unsigned int depth;

	/* openat2(RESOLVE_BENEATH, RESOLVE_IN_ROOT): the kernel's own rule. */
	if (!nd || BPF_CORE_READ(nd, flags) &
		   (CAPSICUM_LOOKUP_BENEATH | CAPSICUM_LOOKUP_IN_ROOT))
		return false;
	depth = BPF_CORE_READ(nd, depth);
	cur = capsicum_walk_string(nd, depth);
	if (!cur)
		return false;
	/* The first name of the path, or of a last symlink's body. */
	if (BPF_CORE_READ(nd, last_type) == LAST_ROOT)
		return capsicum_dotdot_at(cur);
	last = (__u64)BPF_CORE_READ(nd, last.name);
	if (capsicum_in_string(last, cur))
		return capsicum_dotdot_at(last + BPF_CORE_READ(nd, last.len));
	/* The last name was the symlink just entered: its body's first. */
	if (depth) {
		outer = capsicum_walk_string(nd, depth - 1);
		if (capsicum_in_string(last, outer))
			return capsicum_dotdot_at(cur);
	}
	/* Back from a symlink's body: the walk goes on where it saved. */
	resume = (__u64)BPF_CORE_READ(capsicum_walk_saved(nd, depth), name);
	if (capsicum_in_string(resume, cur))
		return capsicum_dotdot_at(resume);
	return false;
}

/*
 * Every path walk calls this, for every directory: only searches
 * (MAY_EXEC), fchdir and faccessat reach the module.
 */
SEC("lsm/inode_permission")
int BPF_PROG(capsicum_inode_permission, struct inode *inode, int mask, int ret)
{
	__u64 walk;
	long verdict;
	int dfd;

	if (ret)
		return ret;
	if (!(mask & (CAPSICUM_MAY_EXEC | CAPSICUM_MAY_CHDIR | CAPSICUM_MAY_ACCESS)))
		return 0;
	walk = capsicum_walk(&dfd);
	verdict = bpf_capsicum_inode_permission(inode, mask, walk, dfd);
	if (verdict == CAPSICUM_WALK_UNLESS_DOTDOT)
		return capsicum_walk_next_dotdot() ? -CAPSICUM_ENOTCAPABLE : 0;
	return capsicum_verdict(verdict);
}

/* include/uapi/linux/magic.h */
#define CAPSICUM_PROC_SUPER_MAGIC 0x9fa0

/*
 * Every symlink a walk follows: on procfs, the module judges the links of
 * /proc/PID (struct proc_inode, private to fs/proc, holds the pid).
 */
SEC("lsm/inode_follow_link")
int BPF_PROG(capsicum_inode_follow_link, struct dentry *dentry,
	     struct inode *inode, bool rcu, int ret)
{
	struct proc_inode *pi;

	if (ret)
		return ret;
	if (BPF_CORE_READ(inode, i_sb, s_magic) != CAPSICUM_PROC_SUPER_MAGIC)
		return 0;
	pi = (struct proc_inode *)((__u64)inode -
				   bpf_core_field_offset(struct proc_inode, vfs_inode));
	return capsicum_verdict(bpf_capsicum_proc_link((__u64)BPF_CORE_READ(pi, pid)));
}

SEC("lsm/path_mkdir")
int BPF_PROG(capsicum_path_mkdir, const struct path *dir, struct dentry *dentry,
	     umode_t mode, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_entry(dir, dentry, CAPSICUM_OP_MKDIR, 0));
}

SEC("lsm/path_unlink")
int BPF_PROG(capsicum_path_unlink, const struct path *dir, struct dentry *dentry,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_entry(dir, dentry, CAPSICUM_OP_UNLINK, 0));
}

SEC("lsm/path_rmdir")
int BPF_PROG(capsicum_path_rmdir, const struct path *dir, struct dentry *dentry,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_entry(dir, dentry, CAPSICUM_OP_RMDIR, 0));
}

SEC("lsm/path_symlink")
int BPF_PROG(capsicum_path_symlink, const struct path *dir, struct dentry *dentry,
	     const char *old_name, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_entry(dir, dentry, CAPSICUM_OP_SYMLINK, 0));
}

SEC("lsm/path_link")
int BPF_PROG(capsicum_path_link, struct dentry *old_dentry, const struct path *new_dir,
	     struct dentry *new_dentry, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_link(old_dentry, new_dir));
}

SEC("lsm/path_rename")
int BPF_PROG(capsicum_path_rename, const struct path *old_dir, struct dentry *old_dentry,
	     const struct path *new_dir, struct dentry *new_dentry, unsigned int flags,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_rename(old_dir, old_dentry, new_dir,
							 new_dentry, flags));
}

SEC("lsm/socket_getsockname")
int BPF_PROG(capsicum_socket_getsockname, struct socket *sock, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_GETSOCKNAME));
}

SEC("lsm/socket_getpeername")
int BPF_PROG(capsicum_socket_getpeername, struct socket *sock, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_GETPEERNAME));
}

SEC("lsm/socket_bind")
int BPF_PROG(capsicum_socket_bind, struct socket *sock, struct sockaddr *address,
	     int addrlen, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_BIND));
}

SEC("lsm/socket_connect")
int BPF_PROG(capsicum_socket_connect, struct socket *sock, struct sockaddr *address,
	     int addrlen, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_CONNECT));
}

SEC("lsm/socket_listen")
int BPF_PROG(capsicum_socket_listen, struct socket *sock, int backlog, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_LISTEN));
}

SEC("lsm/socket_accept")
int BPF_PROG(capsicum_socket_accept, struct socket *sock, struct socket *newsock,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_ACCEPT));
}

SEC("lsm/socket_getsockopt")
int BPF_PROG(capsicum_socket_getsockopt, struct socket *sock, int level, int optname,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_GETSOCKOPT));
}

SEC("lsm/socket_setsockopt")
int BPF_PROG(capsicum_socket_setsockopt, struct socket *sock, int level, int optname,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_SETSOCKOPT));
}

SEC("lsm/socket_shutdown")
int BPF_PROG(capsicum_socket_shutdown, struct socket *sock, int how, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_SHUTDOWN));
}

SEC("lsm/socket_recvmsg")
int BPF_PROG(capsicum_socket_recvmsg, struct socket *sock, struct msghdr *msg,
	     int size, int flags, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_op(sock, CAPSICUM_OP_RECVMSG));
}

SEC("lsm/socket_sendmsg")
int BPF_PROG(capsicum_socket_sendmsg, struct socket *sock, struct msghdr *msg,
	     int size, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_socket_sendmsg(sock, msg));
}

SEC("lsm/ptrace_access_check")
int BPF_PROG(capsicum_ptrace_access, struct task_struct *child, unsigned int mode,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_ptrace_access(child));
}

SEC("lsm/task_kill")
int BPF_PROG(capsicum_task_kill, struct task_struct *p, struct kernel_siginfo *info,
	     int sig, const struct cred *cred, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_kill(p, cred));
}

SEC("lsm/task_setnice")
int BPF_PROG(capsicum_task_setnice, struct task_struct *p, int nice, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_target(p));
}

SEC("lsm/task_setioprio")
int BPF_PROG(capsicum_task_setioprio, struct task_struct *p, int ioprio, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_target(p));
}

SEC("lsm/task_setscheduler")
int BPF_PROG(capsicum_task_setscheduler, struct task_struct *p, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_target(p));
}

SEC("lsm/task_movememory")
int BPF_PROG(capsicum_task_movememory, struct task_struct *p, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_target(p));
}

SEC("lsm/task_setpgid")
int BPF_PROG(capsicum_task_setpgid, struct task_struct *p, pid_t pgid, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_target(p));
}

SEC("lsm/task_getsid")
int BPF_PROG(capsicum_task_getsid, struct task_struct *p, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_target(p));
}

SEC("lsm/task_getpgid")
int BPF_PROG(capsicum_task_getpgid, struct task_struct *p, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_target(p));
}

SEC("lsm/task_prlimit")
int BPF_PROG(capsicum_task_prlimit, const struct cred *cred, const struct cred *tcred,
	     unsigned int flags, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_prlimit(tcred));
}

SEC("lsm/task_alloc")
int BPF_PROG(capsicum_task_alloc, struct task_struct *task, unsigned long clone_flags,
	     int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_task_alloc(clone_flags));
}

SEC("lsm/userns_create")
int BPF_PROG(capsicum_userns_create, const struct cred *cred, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_userns_create());
}

SEC("lsm/file_set_fowner")
int BPF_PROG(capsicum_file_set_fowner, struct file *file)
{
	bpf_capsicum_set_fowner(file);
	return 0;
}

SEC("lsm/file_send_sigiotask")
int BPF_PROG(capsicum_file_send_sigiotask, struct task_struct *tsk,
	     struct fown_struct *fown, int sig, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_sigio(tsk, fown));
}

SEC("fexit/receive_fd")
int BPF_PROG(capsicum_receive_fd, struct file *file)
{
	__u64 fd = 0;

	bpf_get_func_ret(ctx, &fd);
	bpf_capsicum_fd_received(file, (long)fd);
	return 0;
}

/* 6.1: SCM_RIGHTS calls __receive_fd directly; receive_fd wraps it. */
SEC("fexit/__receive_fd")
int BPF_PROG(capsicum_opt_receive_fd_61, struct file *file)
{
	__u64 fd = 0;

	bpf_get_func_ret(ctx, &fd);
	bpf_capsicum_fd_received(file, (long)fd);
	return 0;
}

SEC("fexit/dup_fd")
int BPF_PROG(capsicum_dup_fd, struct files_struct *oldf)
{
	__u64 newf = 0;

	/* The return value's position differs between kernel versions. */
	bpf_get_func_ret(ctx, &newf);
	bpf_capsicum_fdtable_dup(oldf, newf);
	return 0;
}

SEC("fentry/put_files_struct")
int BPF_PROG(capsicum_put_files_struct, struct files_struct *files)
{
	bpf_capsicum_fdtable_put(files);
	return 0;
}

SEC("fentry/exit_files")
int BPF_PROG(capsicum_exit_files, struct task_struct *tsk)
{
	bpf_capsicum_exit_files(tsk);
	return 0;
}

/*
 * One fexit program per syscall entry point; the module reads the syscall
 * and its arguments from the task's registers itself.  Programs whose name
 * starts with capsicum_opt_ are skipped by the loader when the kernel lacks
 * what they attach to (no 32-bit emulation: no such entry point to observe).
 */
static __always_inline int capsicum_syscall_exit(long ret)
{
	bpf_capsicum_syscall_exit(ret);
	return 0;
}

SEC("fexit/__x64_sys_dup")
int BPF_PROG(capsicum_x64_dup, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__x64_sys_dup2")
int BPF_PROG(capsicum_x64_dup2, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__x64_sys_dup3")
int BPF_PROG(capsicum_x64_dup3, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__x64_sys_fcntl")
int BPF_PROG(capsicum_x64_fcntl, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__x64_sys_close")
int BPF_PROG(capsicum_x64_close, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__x64_sys_close_range")
int BPF_PROG(capsicum_x64_close_range, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__x64_sys_execve")
int BPF_PROG(capsicum_x64_execve, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__x64_sys_execveat")
int BPF_PROG(capsicum_x64_execveat, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_dup")
int BPF_PROG(capsicum_opt_ia32_dup, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_dup2")
int BPF_PROG(capsicum_opt_ia32_dup2, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_dup3")
int BPF_PROG(capsicum_opt_ia32_dup3, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_fcntl")
int BPF_PROG(capsicum_opt_ia32_fcntl, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_fcntl64")
int BPF_PROG(capsicum_opt_ia32_fcntl64, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_close")
int BPF_PROG(capsicum_opt_ia32_close, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_close_range")
int BPF_PROG(capsicum_opt_ia32_close_range, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_execve")
int BPF_PROG(capsicum_opt_ia32_execve, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_execveat")
int BPF_PROG(capsicum_opt_ia32_execveat, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

/*
 * Never loaded (the "?" prefix): it names the structs the kfuncs take, so
 * that this object's BTF describes them in full.  libbpf refuses to match
 * a kfunc whose argument type is only a forward declaration here.
 */
SEC("?lsm/file_receive")
int BPF_PROG(capsicum_btf_types, struct file *file)
{
	return bpf_core_type_exists(struct dentry) +
	       bpf_core_type_exists(struct inode) +
	       bpf_core_type_exists(struct socket) +
	       bpf_core_type_exists(struct msghdr) +
	       bpf_core_type_exists(struct vm_area_struct) +
	       bpf_core_type_exists(struct path) +
	       bpf_core_type_exists(struct files_struct) +
	       bpf_core_type_exists(struct task_struct) +
	       bpf_core_type_exists(struct linux_binprm) +
	       bpf_core_type_exists(struct cred) +
	       bpf_core_type_exists(struct fown_struct);
}
