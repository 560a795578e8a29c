/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - the kfuncs capsicum.ko offers to its BPF-LSM programs.
 *
 * One declaration list for both sides: the module includes it to check its
 * definitions against it, lsm/capsicum.bpf.c includes it (after vmlinux.h)
 * to call them.  Only BPF_PROG_TYPE_LSM programs may call these.
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

#endif /* _CAPSICUM_KFUNCS_H */
