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

#ifdef __BPF__
#define __capsicum_kfunc extern __attribute__((section(".ksyms")))
#else
#define __capsicum_kfunc
#endif

struct file;
struct cred;

/* lsm/file_permission: 0, or -ENOTCAPABLE when a right is missing. */
__capsicum_kfunc long bpf_capsicum_file_permission(struct file *file, int mask);
/* lsm/file_open: 0, -ECAPMODE, -ENOTCAPABLE or -ENOMEM. */
__capsicum_kfunc long bpf_capsicum_file_open(struct file *file);
/* lsm/file_alloc_security: 0, -ECAPMODE or -ENOMEM. */
__capsicum_kfunc long bpf_capsicum_file_alloc(struct file *file);
/* lsm/file_free_security: forget the file's rights. */
__capsicum_kfunc void bpf_capsicum_file_free(struct file *file);
/* lsm/cred_prepare: carry capability mode to the new cred; 0 or -ENOMEM. */
__capsicum_kfunc long bpf_capsicum_cred_prepare(struct cred *new, const struct cred *old);
/* lsm/cred_alloc_blank: reserve the entry cred_transfer may fill; 0 or -ENOMEM. */
__capsicum_kfunc long bpf_capsicum_cred_alloc_blank(struct cred *cred);
/* lsm/cred_transfer: likewise, into the entry reserved at cred_alloc_blank. */
__capsicum_kfunc void bpf_capsicum_cred_transfer(struct cred *new, const struct cred *old);
/* lsm/cred_free: forget the cred. */
__capsicum_kfunc void bpf_capsicum_cred_free(struct cred *cred);

#endif /* _CAPSICUM_KFUNCS_H */
