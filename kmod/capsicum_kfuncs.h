/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - the kfuncs capsicum.ko offers to its BPF-LSM programs.
 *
 * One declaration list for both sides: the module includes it to check its
 * definitions against it, lsm/capsicum.bpf.c includes it (after vmlinux.h)
 * to call them.  LSM programs may call them all; fentry and fexit programs
 * only the observers of fd-table changes (enforced by a kfunc filter where
 * the kernel has one, 6.12).
 */
#ifndef _CAPSICUM_KFUNCS_H
#define _CAPSICUM_KFUNCS_H

/* On the BPF side, include <bpf/bpf_helpers.h> first for __ksym. */
#ifdef __BPF__
#define __capsicum_ksym __ksym
#else
#define __capsicum_ksym
#endif

/* The operation a shared kfunc is asked about. */
#define CAPSICUM_OP_IOCTL		1	/* bpf_capsicum_file_op() */
#define CAPSICUM_OP_FCNTL		2
#define CAPSICUM_OP_LOCK		3
#define CAPSICUM_OP_MMAP		4
#define CAPSICUM_OP_TRUNCATE		5
#define CAPSICUM_OP_GETATTR		10	/* bpf_capsicum_path_op() */
#define CAPSICUM_OP_CHMOD		11
#define CAPSICUM_OP_CHOWN		12
#define CAPSICUM_OP_PATH_TRUNCATE	13
#define CAPSICUM_OP_NOTIFY		14
#define CAPSICUM_OP_STATFS		20	/* bpf_capsicum_dentry_op() */
#define CAPSICUM_OP_SETATTR		21
#define CAPSICUM_OP_XATTR_GET		22
#define CAPSICUM_OP_XATTR_SET		23
#define CAPSICUM_OP_XATTR_LIST		24
#define CAPSICUM_OP_XATTR_REMOVE	25
#define CAPSICUM_OP_READLINK		26
#define CAPSICUM_OP_MKDIR		30	/* bpf_capsicum_path_entry() */
#define CAPSICUM_OP_MKNOD		31
#define CAPSICUM_OP_UNLINK		32
#define CAPSICUM_OP_RMDIR		33
#define CAPSICUM_OP_SYMLINK		34
#define CAPSICUM_OP_BIND		40	/* bpf_capsicum_socket_op() */
#define CAPSICUM_OP_CONNECT		41
#define CAPSICUM_OP_LISTEN		42
#define CAPSICUM_OP_ACCEPT		43
#define CAPSICUM_OP_GETSOCKNAME		44
#define CAPSICUM_OP_GETPEERNAME		45
#define CAPSICUM_OP_GETSOCKOPT		46
#define CAPSICUM_OP_SETSOCKOPT		47
#define CAPSICUM_OP_SHUTDOWN		48
#define CAPSICUM_OP_RECVMSG		49

struct file;
struct cred;
struct path;
struct linux_binprm;
struct files_struct;
struct task_struct;
struct dentry;
struct inode;
struct socket;
struct msghdr;
struct vm_area_struct;
struct fown_struct;

/* lsm/file_permission: 0, or -ENOTCAPABLE when a right is missing. */
long bpf_capsicum_file_permission(struct file *file, int mask) __capsicum_ksym;
/* No path walk in progress (current->nameidata is NULL). */
#define CAPSICUM_NO_WALK	(-1000)

/* lsm/file_open: 0, -ECAPMODE, -ENOTCAPABLE or -ENOMEM. */
long bpf_capsicum_file_open(struct file *file, int walk_dfd) __capsicum_ksym;
/* lsm/file_alloc_security: 0, -ECAPMODE or -ENOMEM. */
long bpf_capsicum_file_alloc(struct file *file) __capsicum_ksym;
/* lsm/path_mknod: openat(O_CREAT) rights before the name exists. */
long bpf_capsicum_path_mknod(const struct path *dir) __capsicum_ksym;
/* lsm/file_free_security: forget the file's rights. */
void bpf_capsicum_file_free(struct file *file) __capsicum_ksym;
/* lsm/cred_prepare: carry capability mode to the new cred; 0 or -ENOMEM. */
long bpf_capsicum_cred_prepare(struct cred *new, const struct cred *old) __capsicum_ksym;
/* lsm/cred_alloc_blank: reserve the entry cred_transfer may fill; 0 or -ENOMEM. */
long bpf_capsicum_cred_alloc_blank(struct cred *cred) __capsicum_ksym;
/* lsm/cred_transfer: likewise, into the entry reserved at cred_alloc_blank. */
void bpf_capsicum_cred_transfer(struct cred *new, const struct cred *old) __capsicum_ksym;
/* lsm/bprm_committing_creds: mark the exec's new cred; kills if it cannot. */
void bpf_capsicum_bprm_committing(struct linux_binprm *bprm) __capsicum_ksym;
/* task_fix_setuid, task_fix_setgid, task_fix_setgroups, capset: mark the new cred. */
long bpf_capsicum_task_fix_setuid(struct cred *new, const struct cred *old) __capsicum_ksym;
/* lsm/cred_free: forget the cred. */
void bpf_capsicum_cred_free(struct cred *cred) __capsicum_ksym;
/* file_ioctl, file_fcntl, file_lock, mmap_file, file_truncate: CAPSICUM_OP_*. */
long bpf_capsicum_file_op(struct file *file, int op, __u64 a, __u64 b) __capsicum_ksym;
/* file_mprotect: @reqprot as asked. */
long bpf_capsicum_mprotect(struct vm_area_struct *vma, __u64 reqprot) __capsicum_ksym;
/* inode_getattr, path_chmod, path_chown, path_truncate, path_notify. */
long bpf_capsicum_path_op(const struct path *path, int op) __capsicum_ksym;
/* sb_statfs, inode_setattr (@a: ia_valid), inode_*xattr, inode_readlink. */
long bpf_capsicum_dentry_op(struct dentry *dentry, int op, __u64 a) __capsicum_ksym;
/*
 * inode_permission: path walks (MAY_EXEC on a directory; @walk the address
 * of current->nameidata->path or 0, @walk_dfd its dfd), fchdir (MAY_CHDIR)
 * and faccessat (MAY_ACCESS).
 */
long bpf_capsicum_inode_permission(struct inode *inode, int mask, __u64 walk,
				   int walk_dfd) __capsicum_ksym;
/*
 * bpf_capsicum_inode_permission()'s answer when a walk searches its
 * directory descriptor's own directory: allowed unless the next name is
 * "..", which only the program can read (the walk's string).
 */
#define CAPSICUM_WALK_UNLESS_DOTDOT 1
/* lsm/inode_follow_link on procfs: @pid of the link's process directory, or 0. */
long bpf_capsicum_proc_link(__u64 pid) __capsicum_ksym;
/* lsm/bprm_check_security: only the fexecve'd file runs in capability mode. */
long bpf_capsicum_bprm_check(struct linux_binprm *bprm) __capsicum_ksym;
/* path_mkdir, path_mknod (@mode), path_unlink, path_rmdir, path_symlink. */
long bpf_capsicum_path_entry(const struct path *dir, struct dentry *dentry, int op,
			     __u64 mode) __capsicum_ksym;
/* path_link */
long bpf_capsicum_path_link(struct dentry *old_dentry, const struct path *new_dir) __capsicum_ksym;
/* path_rename */
long bpf_capsicum_path_rename(const struct path *old_dir, struct dentry *old_dentry,
			      const struct path *new_dir, struct dentry *new_dentry,
			      unsigned int flags) __capsicum_ksym;
/* socket_bind ... socket_recvmsg: CAPSICUM_OP_*. */
long bpf_capsicum_socket_op(struct socket *sock, int op) __capsicum_ksym;
/* socket_sendmsg: CAP_WRITE, and CAP_CONNECT with an address. */
long bpf_capsicum_socket_sendmsg(struct socket *sock, struct msghdr *msg) __capsicum_ksym;
/* lsm/file_receive: drop records of slots that changed file; returns 0. */
long bpf_capsicum_file_receive(struct file *file) __capsicum_ksym;

/* lsm/task_kill: signals in capability mode; 0 or -ECAPMODE. */
long bpf_capsicum_task_kill(struct task_struct *p, const struct cred *cred) __capsicum_ksym;
/* task_setnice, setioprio, setscheduler, movememory, setpgid, getsid, getpgid. */
long bpf_capsicum_task_target(struct task_struct *p) __capsicum_ksym;
/* lsm/task_prlimit: the target's creds; 0 or -ECAPMODE. */
long bpf_capsicum_task_prlimit(const struct cred *tcred) __capsicum_ksym;
/* lsm/task_alloc: no CLONE_NEW* in capability mode; 0 or -ECAPMODE. */
long bpf_capsicum_task_alloc(__u64 clone_flags) __capsicum_ksym;
/* lsm/userns_create: not in capability mode; 0 or -ECAPMODE. */
long bpf_capsicum_userns_create(void) __capsicum_ksym;
/* lsm/file_set_fowner: note an owner set in capability mode. */
void bpf_capsicum_set_fowner(struct file *file) __capsicum_ksym;
/* lsm/file_send_sigiotask: SIGIO only to that owner's process; 0 or -ECAPMODE. */
long bpf_capsicum_sigio(struct task_struct *tsk, struct fown_struct *fown) __capsicum_ksym;

/* fexit/receive_fd, fexit/__receive_fd (6.1): a descriptor arrived. */
void bpf_capsicum_fd_received(struct file *file, long fd) __capsicum_ksym;
/* lsm/ptrace_access_check: -ECAPMODE in capability mode; pidfd_getfd() rights. */
long bpf_capsicum_ptrace_access(struct task_struct *child) __capsicum_ksym;
/* fexit/dup_fd: copy the records of @oldf to the new table @newf. */
void bpf_capsicum_fdtable_dup(struct files_struct *oldf, __u64 newf) __capsicum_ksym;
/* fentry/put_files_struct: forget a table whose last reference goes. */
void bpf_capsicum_fdtable_put(struct files_struct *files) __capsicum_ksym;
/* fentry/exit_files: likewise for @tsk's table. */
void bpf_capsicum_exit_files(struct task_struct *tsk) __capsicum_ksym;
/* fexit of dup, dup2, dup3, fcntl, close, close_range, execve, execveat. */
void bpf_capsicum_syscall_exit(long ret) __capsicum_ksym;

#endif /* _CAPSICUM_KFUNCS_H */
