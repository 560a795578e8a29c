// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - the BPF-LSM programs: thin forwarders to capsicum.ko.
 *
 * hook                 what it enforces or observes
 * file_permission      CAP_READ/WRITE/PREAD/PWRITE on read and write calls
 * file_alloc_security  capability mode for opens that never reach
 *                      file_open (O_PATH); tags files made in it
 * file_open            capability mode and dirfd rights on open, openat,
 *                      openat2, execve, execveat; rights inheritance
 * path_mknod           CAP_LOOKUP|CAP_CREATE and capability mode before
 *                      openat(O_CREAT) makes a name
 * file_free_security   forgets a file's rights
 * cred_prepare         carries capability mode to a new cred (fork, exec)
 * cred_alloc_blank     reserves room for cred_transfer
 * cred_transfer        carries capability mode where the kernel cannot fail
 * bprm_committing_creds  carries capability mode into an exec's cred that
 *                      was prepared before a concurrent cap_enter()
 * task_fix_setuid      likewise for setuid(2) and friends
 * cred_free            forgets a cred
 * file_receive         drops stale descriptor records before a descriptor
 *                      arrives by SCM_RIGHTS or pidfd_getfd
 *
 * Observers of fd-table changes, which have no LSM hook (fentry/fexit):
 * dup_fd               a table copied (fork, unshare, exec, close_range)
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
#include "capsicum_kfuncs.h"

#define CAPSICUM_EPERM 1
#define CAPSICUM_ENOMEM 12
#define CAPSICUM_ECAPMODE 134
#define CAPSICUM_ENOTCAPABLE 135

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

SEC("lsm/file_open")
int BPF_PROG(capsicum_file_open, struct file *file, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_file_open(file));
}

SEC("lsm/path_mknod")
int BPF_PROG(capsicum_path_mknod, const struct path *dir, struct dentry *dentry,
	     umode_t mode, unsigned int dev, int ret)
{
	if (ret)
		return ret;
	return capsicum_verdict(bpf_capsicum_path_mknod(dir));
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
 * starts with capsicum_ia32_ are skipped by the loader on kernels without
 * 32-bit emulation, which then have no such entry point to observe.
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
int BPF_PROG(capsicum_ia32_dup, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_dup2")
int BPF_PROG(capsicum_ia32_dup2, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_dup3")
int BPF_PROG(capsicum_ia32_dup3, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_fcntl")
int BPF_PROG(capsicum_ia32_fcntl, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_fcntl64")
int BPF_PROG(capsicum_ia32_fcntl64, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_close")
int BPF_PROG(capsicum_ia32_close, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_sys_close_range")
int BPF_PROG(capsicum_ia32_close_range, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_execve")
int BPF_PROG(capsicum_ia32_execve, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}

SEC("fexit/__ia32_compat_sys_execveat")
int BPF_PROG(capsicum_ia32_execveat, struct pt_regs *regs, long ret)
{
	return capsicum_syscall_exit(ret);
}
