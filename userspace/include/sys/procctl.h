/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capsicum for Linux - <sys/procctl.h>: FreeBSD's procctl(2), for its Capsicum commands only.
 *
 * PROC_TRAPCAP_CTL and PROC_TRAPCAP_STATUS: the per-process switch that turns every ECAPMODE
 * or ENOTCAPABLE a process in capability mode gets from the kernel module into a SIGTRAP
 * (si_code CAPSICUM_TRAP_CAP, si_errno the error, si_syscall the syscall), so that a program
 * being ported dumps core at the refused call.  Inherited by fork, kept across exec.  The
 * global switch (FreeBSD's kern.trap_enotcap) is `capsicumctl trap on`.
 *
 * Linux divergences: only the calling process (idtype P_PID, id 0 or getpid()); another
 * process fails with EPERM, another idtype with EINVAL.  The
 * switch is per process as on FreeBSD, but kept on the creds of its threads: a thread that
 * changes its own creds while another thread flips the switch may keep the old state.
 */
#ifndef _SYS_PROCCTL_H_
#define _SYS_PROCCTL_H_

#include <sys/types.h>
#include <sys/wait.h> /* idtype_t, P_PID */

/* FreeBSD's values. */
#define PROC_TRAPCAP_CTL 9
#define PROC_TRAPCAP_STATUS 10
#define PROC_TRAPCAP_CTL_ENABLE 1
#define PROC_TRAPCAP_CTL_DISABLE 2

#ifdef __cplusplus
extern "C" {
#endif

/*
 * procctl(P_PID, 0 or getpid(), PROC_TRAPCAP_CTL, &state): state PROC_TRAPCAP_CTL_ENABLE or
 * _DISABLE.  procctl(..., PROC_TRAPCAP_STATUS, &state): reads it.  Refused in capability mode,
 * as FreeBSD's procctl is.
 * Errors, in this order: ECAPMODE (in capability mode), EINVAL (cmd, idtype), EPERM (another
 * process), EFAULT
 * (data NULL), EINVAL (state), ENOSYS (no Capsicum, or a module older than ABI 4), ENOMEM.
 */
int procctl(idtype_t idtype, id_t id, int cmd, void* data)
#ifdef __cplusplus
    noexcept
#endif
    ;

#ifdef __cplusplus
}
#endif

#endif /* _SYS_PROCCTL_H_ */
