/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - FreeBSD-compatible <sys/capsicum.h> for C and C++ (libcapsicum). */
#ifndef _SYS_CAPSICUM_H_
#define _SYS_CAPSICUM_H_

/*
 * Conventions of this interface (FreeBSD's, unless said otherwise):
 *
 * 1. Rights, their bit layout and the errnos ECAPMODE (134) and ENOTCAPABLE (135) come from
 *    <linux/capsicum.h>, the kernel ABI; this header adds the functions.
 * 2. The "system calls" (cap_enter, cap_getmode, cap_rights_limit, cap_rights_get and the
 *    cap_fcntls_* and cap_ioctls_* calls) return 0 (cap_ioctls_get: a count) on success and -1
 *    with errno set on failure.  Where Capsicum is not available (no
 *    /dev/capsicum) they fail with ENOSYS, as on a FreeBSD kernel built without Capsicum; a
 *    module not armed yet refuses cap_enter and the *_limit calls with ENOSYS too, and a module
 *    older than ABI 2 (no sub-rights) refuses the cap_fcntls_* and cap_ioctls_* calls so.
 * 3. A NULL pointer argument fails with EFAULT instead of crashing, except where FreeBSD gives
 *    NULL a meaning: cap_ioctls_get() with NULL cmds returns the count only, and
 *    cap_ioctls_limit() accepts NULL cmds with ncmds 0 (no ioctl allowed).
 * 4. The cap_rights_* helpers never call the kernel and never abort.  FreeBSD assert()s on a
 *    malformed set or right; here a malformed right or set passed to a helper that modifies a
 *    set marks that set malformed instead (cap_rights_is_valid() is then false and
 *    cap_rights_limit() fails with EINVAL), so the mistake surfaces as an error and never as
 *    extra rights.  See docs/userspace.md.
 * 5. The rights helpers are variadic macros that append a 0 terminator: pass only CAP_*
 *    rights (unsigned long long constants), e.g. cap_rights_init(&r, CAP_READ, CAP_SEEK) or
 *    cap_rights_init(&r) for no rights.
 * 6. Like FreeBSD's, this header brings in <sys/param.h> (plus nitems(), which glibc lacks),
 *    <fcntl.h> and <sys/types.h>.  CAP_UNUSED1_22 is not defined: bits 22-25 of word 1 hold
 *    the Linux-only rights (CAP_FSIGNAL ...); the first unused bit is CAP_UNUSED1_26.
 */

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/caprights.h>
#include <sys/param.h>
#include <sys/types.h>

/*
 * FreeBSD's <sys/capsicum.h> includes <sys/param.h> (nitems, MIN, MAX) and <sys/fcntl.h>
 * (O_*, F_*), and FreeBSD code relies on them; glibc's <sys/param.h> has no nitems().
 */
#ifndef nitems
#define nitems(x) (sizeof((x)) / sizeof((x)[0]))
#endif

/* FreeBSD's CAP_IOCTLS_ALL is SSIZE_MAX, of type ssize_t as cap_ioctls_get() returns it. */
#undef CAP_IOCTLS_ALL
#define CAP_IOCTLS_ALL ((ssize_t)(~(size_t)0 >> 1))

/* Backward compatibility, as in FreeBSD. */
#define CAP_POLL_EVENT CAP_EVENT

/* Fill a cap_rights_t with every right / with no right. */
#define CAP_ALL(rights)                                                       \
  do {                                                                        \
    (rights)->cr_rights[0] = ((uint64_t)CAP_RIGHTS_VERSION << 62) | CAP_ALL0; \
    (rights)->cr_rights[1] = CAP_ALL1;                                        \
  } while (0)

#define CAP_NONE(rights)                                                               \
  do {                                                                                 \
    (rights)->cr_rights[0] = ((uint64_t)CAP_RIGHTS_VERSION << 62) | CAPRIGHT(0, 0ULL); \
    (rights)->cr_rights[1] = CAPRIGHT(1, 0ULL);                                        \
  } while (0)

/* Every function here is noexcept in C++ (glibc's __THROW, spelled for this header). */
#ifdef __cplusplus
#define __CAPSICUM_NOEXCEPT noexcept
#else
#define __CAPSICUM_NOEXCEPT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * cap_enter(): enter capability mode, irreversibly, for the whole process and its descendants.
 * Already in capability mode: a no-op.  Errors: ENOSYS (no Capsicum), ENOMEM.
 */
int cap_enter(void) __CAPSICUM_NOEXCEPT;

/* cap_sandboxed(): true in capability mode; false outside it and where Capsicum is missing. */
bool cap_sandboxed(void) __CAPSICUM_NOEXCEPT;

/*
 * cap_getmode(): store 1 in *modep in capability mode, 0 outside.
 * Errors: ENOSYS (no Capsicum), EFAULT (modep is NULL).
 */
int cap_getmode(unsigned int* modep) __CAPSICUM_NOEXCEPT;

/*
 * cap_rights_limit(): limit fd to *rights.  Rights can only shrink.
 * Errors, in this order: ENOSYS, EFAULT (rights is NULL), EINVAL (malformed rights),
 * then the kernel's: EBADF, ENOTCAPABLE (a right fd does not hold), ENOMEM.
 */
int cap_rights_limit(int fd, const cap_rights_t* rights) __CAPSICUM_NOEXCEPT;

/*
 * cap_rights_get(): store fd's rights in *rights (all rights if never limited).
 * Errors: ENOSYS, EINVAL (unknown version), EBADF, EFAULT (rights is NULL).
 */
#define cap_rights_get(fd, rights) __cap_rights_get(CAP_RIGHTS_VERSION, (fd), (rights))
int __cap_rights_get(int version, int fd, cap_rights_t* rights) __CAPSICUM_NOEXCEPT;

/*
 * cap_fcntls_limit(): limit the fcntl(2) commands fd may use to fcntlrights (CAP_FCNTL_*; the
 * other commands need only CAP_FCNTL).  Only shrinks.
 * Errors, in this order: ENOSYS, EINVAL (a bit outside CAP_FCNTL_ALL), then the kernel's:
 * EBADF, ENOTCAPABLE (a command fd may not use now), ENOMEM.
 */
int cap_fcntls_limit(int fd, uint32_t fcntlrights) __CAPSICUM_NOEXCEPT;

/*
 * cap_fcntls_get(): store fd's CAP_FCNTL_* bits in *fcntlrightsp (CAP_FCNTL_ALL if never
 * limited).  Errors: ENOSYS, EBADF, EFAULT (fcntlrightsp is NULL).
 */
int cap_fcntls_get(int fd, uint32_t* fcntlrightsp) __CAPSICUM_NOEXCEPT;

/*
 * cap_ioctls_limit(): limit the ioctl(2) commands fd may use to the ncmds commands in cmds
 * (at most CAP_IOCTLS_MAX; 0 allows none, and cmds may then be NULL).  Only shrinks.
 * Errors, in this order: ENOSYS, EINVAL (ncmds > CAP_IOCTLS_MAX), EFAULT (cmds is NULL and
 * ncmds > 0), then the kernel's: EBADF, ENOTCAPABLE (a command fd may not use now), ENOMEM.
 */
int cap_ioctls_limit(int fd, const cap_ioctl_t* cmds, size_t ncmds) __CAPSICUM_NOEXCEPT;

/*
 * cap_ioctls_get(): the number of ioctl commands fd may use, or CAP_IOCTLS_ALL when it may use
 * every command.  The first min(maxcmds, count) commands are stored in cmds (nothing for
 * CAP_IOCTLS_ALL); a NULL cmds asks for the count only.  Errors: ENOSYS, EBADF.
 */
ssize_t cap_ioctls_get(int fd, cap_ioctl_t* cmds, size_t maxcmds) __CAPSICUM_NOEXCEPT;

/* cap_rights_init(rights, ...): set *rights to exactly the listed rights; returns rights. */
#define cap_rights_init(...) __cap_rights_init(CAP_RIGHTS_VERSION, __VA_ARGS__, 0ULL)
cap_rights_t* __cap_rights_init(int version, cap_rights_t* rights, ...) __CAPSICUM_NOEXCEPT;

/* cap_rights_set(rights, ...): add the listed rights; returns rights. */
#define cap_rights_set(...) __cap_rights_set(__VA_ARGS__, 0ULL)
cap_rights_t* __cap_rights_set(cap_rights_t* rights, ...) __CAPSICUM_NOEXCEPT;

/* cap_rights_clear(rights, ...): remove the listed rights; returns rights. */
#define cap_rights_clear(...) __cap_rights_clear(__VA_ARGS__, 0ULL)
cap_rights_t* __cap_rights_clear(cap_rights_t* rights, ...) __CAPSICUM_NOEXCEPT;

/* cap_rights_is_set(rights, ...): true if every listed right is in *rights. */
#define cap_rights_is_set(...) __cap_rights_is_set(__VA_ARGS__, 0ULL)
bool __cap_rights_is_set(const cap_rights_t* rights, ...) __CAPSICUM_NOEXCEPT;

/* True if *rights holds no right (FreeBSD 13+). */
bool cap_rights_is_empty(const cap_rights_t* rights) __CAPSICUM_NOEXCEPT;
/* True if *rights is well formed: version 0, correct word index bits, no unknown bit. */
bool cap_rights_is_valid(const cap_rights_t* rights) __CAPSICUM_NOEXCEPT;
/* *dst |= *src; returns dst. */
cap_rights_t* cap_rights_merge(cap_rights_t* dst, const cap_rights_t* src) __CAPSICUM_NOEXCEPT;
/* *dst &= ~*src; returns dst. */
cap_rights_t* cap_rights_remove(cap_rights_t* dst, const cap_rights_t* src) __CAPSICUM_NOEXCEPT;
/* True if *big holds every right of *little. */
bool cap_rights_contains(const cap_rights_t* big, const cap_rights_t* little) __CAPSICUM_NOEXCEPT;

/*
 * cap_strerror(): like strerror(3), but also knows ECAPMODE ("Not permitted in capability
 * mode") and ENOTCAPABLE ("Capabilities insufficient"), which glibc does not.
 */
const char* cap_strerror(int errnum) __CAPSICUM_NOEXCEPT;

/*
 * capsicum_rights_format() (Linux only): write *rights as the fewest non-composite right names
 * joined by '|' ("CAP_READ|CAP_SEEK" for CAP_PREAD; bits no right names as
 * "CAPRIGHT(word,0x...)"; "" for no right; "(malformed)" for a malformed set), like snprintf:
 * at most size - 1 characters and a NUL into buf, and the length of the whole text returned.
 * Errors: EFAULT (rights is NULL, or buf is NULL with size > 0), ENOMEM.
 */
ssize_t capsicum_rights_format(const cap_rights_t* rights, char* buf,
                               size_t size) __CAPSICUM_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* _SYS_CAPSICUM_H_ */
