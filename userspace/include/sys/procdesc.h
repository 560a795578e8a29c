/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - FreeBSD-compatible <sys/procdesc.h>: process descriptors (libcapsicum). */
#ifndef _SYS_PROCDESC_H_
#define _SYS_PROCDESC_H_

/*
 * A process descriptor is a Linux pidfd made by clone3(CLONE_PIDFD) with no exit signal: the
 * child sends its parent no SIGCHLD and wait(2)/waitpid(-1, ...) do not see it; poll(2) on the
 * descriptor reports POLLIN when it exits; closing the last descriptor kills it (SIGKILL) unless
 * PD_DAEMON was given.  Each call returns -1 with errno set on failure (pdfork: the child's pid
 * in the parent, 0 in the child).  The rights CAP_PDKILL, CAP_PDGETPID and CAP_PDWAIT of
 * <sys/capsicum.h> govern pdkill, pdgetpid and pdwait4.  docs/userspace.md lists what differs
 * from FreeBSD.
 */

#include <sys/types.h>

/* Flags of pdfork(). */
#define PD_DAEMON 0x00000001  /* the child outlives the last close of its descriptor */
#define PD_CLOEXEC 0x00000002 /* the descriptor is closed on exec */
#define PD_ALLOWED_AT_FORK (PD_DAEMON | PD_CLOEXEC)

struct rusage;

/* Every function here is noexcept in C++. */
#ifdef __cplusplus
#define __PROCDESC_NOEXCEPT noexcept
extern "C" {
#else
#define __PROCDESC_NOEXCEPT
#endif

/* Fork; the parent gets the child's pid and, in *fdp, a process descriptor for it. */
pid_t pdfork(int *fdp, int flags) __PROCDESC_NOEXCEPT;
/* The pid of the process of fd (needs CAP_PDGETPID). */
int pdgetpid(int fd, pid_t *pidp) __PROCDESC_NOEXCEPT;
/* Send signum to the process of fd (needs CAP_PDKILL). */
int pdkill(int fd, int signum) __PROCDESC_NOEXCEPT;
/* wait4(2) for the child of fd (needs CAP_PDWAIT); returns its pid, or 0 (WNOHANG). */
pid_t pdwait4(int fd, int *status, int options, struct rusage *rusage) __PROCDESC_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* _SYS_PROCDESC_H_ */
