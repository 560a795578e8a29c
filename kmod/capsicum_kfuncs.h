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

struct file;
struct cred;
struct path;
struct linux_binprm;
struct files_struct;
struct task_struct;

/* lsm/file_permission: 0, or -ENOTCAPABLE when a right is missing. */
long bpf_capsicum_file_permission(struct file *file, int mask) __capsicum_ksym;
/* lsm/file_open: 0, -ECAPMODE, -ENOTCAPABLE or -ENOMEM. */
long bpf_capsicum_file_open(struct file *file) __capsicum_ksym;
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
/* lsm/task_fix_setuid: mark the setuid's new cred; 0 or -ENOMEM. */
long bpf_capsicum_task_fix_setuid(struct cred *new, const struct cred *old) __capsicum_ksym;
/* lsm/cred_free: forget the cred. */
void bpf_capsicum_cred_free(struct cred *cred) __capsicum_ksym;
/* lsm/file_receive: drop records of slots that changed file; returns 0. */
long bpf_capsicum_file_receive(struct file *file) __capsicum_ksym;

/* fexit/dup_fd: copy the records of @oldf to the new table @newf. */
void bpf_capsicum_fdtable_dup(struct files_struct *oldf, __u64 newf) __capsicum_ksym;
/* fentry/put_files_struct: forget a table whose last reference goes. */
void bpf_capsicum_fdtable_put(struct files_struct *files) __capsicum_ksym;
/* fentry/exit_files: likewise for @tsk's table. */
void bpf_capsicum_exit_files(struct task_struct *tsk) __capsicum_ksym;
/* fexit of dup, dup2, dup3, fcntl, close, close_range, execve, execveat. */
void bpf_capsicum_syscall_exit(long ret) __capsicum_ksym;

#endif /* _CAPSICUM_KFUNCS_H */
