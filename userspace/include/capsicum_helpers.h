/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - FreeBSD-compatible <capsicum_helpers.h> (libcapsicum's caph_* helpers). */
#ifndef _CAPSICUM_HELPERS_H_
#define _CAPSICUM_HELPERS_H_

/*
 * FreeBSD's lib/libcapsicum/capsicum_helpers.h, for glibc.  Every helper is static inline, as
 * in FreeBSD, so it needs nothing from the library beyond the <sys/capsicum.h> calls.
 *
 * ENOSYS tolerance (FreeBSD's): where Capsicum is missing (no /dev/capsicum, a module not
 * armed, or a module older than ABI 2 for the ioctl and fcntl lists) the calls below fail with
 * ENOSYS and the helpers treat that as success, so a program runs unsandboxed instead of
 * failing.  Any other error is returned (-1, errno set).
 *
 * Linux differences (docs/userspace.md, "capsicum_helpers.h"):
 * - caph_limit_stream() keeps the tty ioctls TCGETS (isatty(3), tcgetattr(3)) and TIOCGWINSZ;
 *   FreeBSD keeps TIOCGETA, TIOCGWINSZ and FIODTYPE, which Linux does not have.
 * - caph_cache_catpages() loads glibc's translations of libc's messages (strerror(3),
 *   strsignal(3)), which glibc reads through gettext and not through catopen(3).
 * - caph_enter_casper() enters capability mode only when <libcasper.h> is there and says
 *   CASPER_SUPPORT; without casper it is a no-op returning 0, as FreeBSD's without casper.
 */

#include <sys/capsicum.h>
#include <sys/ioctl.h>
#include <sys/param.h>

#include <errno.h>
#include <nl_types.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* tzset(3) is POSIX: strict ISO C (-std=c11) does not declare it. */
#if !defined(__cplusplus) && defined(__GLIBC__) && !defined(__USE_POSIX)
extern void tzset(void);
#endif

#if defined(__has_include)
#if __has_include(<libcasper.h>)
#include <libcasper.h>
#endif
#endif
#ifndef CASPER_SUPPORT
#define CASPER_SUPPORT 0
#endif

#define CAPH_IGNORE_EBADF 0x0001
#define CAPH_READ 0x0002
#define CAPH_WRITE 0x0004
#define CAPH_LOOKUP 0x0008

#ifdef __cplusplus
extern "C" {
#endif

/* The ioctls and fcntls a stream keeps: Linux's counterparts of FreeBSD's TIOCGETA and
 * TIOCGWINSZ (FIODTYPE has none). */
static const cap_ioctl_t caph_stream_cmds[] = {TCGETS, TIOCGWINSZ};
static const uint32_t caph_stream_fcntls = CAP_FCNTL_GETFL;

/* The rights of a stream: FreeBSD's set, plus CAP_READ, CAP_WRITE, CAP_LOOKUP per flags. */
static __inline void caph_stream_rights(cap_rights_t* rights, int flags) __CAPSICUM_NOEXCEPT {
  cap_rights_init(rights, CAP_EVENT, CAP_FCNTL, CAP_FSTAT, CAP_IOCTL, CAP_SEEK);
  if ((flags & CAPH_READ) != 0) cap_rights_set(rights, CAP_READ);
  if ((flags & CAPH_WRITE) != 0) cap_rights_set(rights, CAP_WRITE);
  if ((flags & CAPH_LOOKUP) != 0) cap_rights_set(rights, CAP_LOOKUP);
}

/*
 * caph_limit_stream(fd, flags): limit fd to the rights of a stream, its ioctls to
 * caph_stream_cmds and its fcntls to F_GETFL.  EBADF from the first step is success with
 * CAPH_IGNORE_EBADF (a closed standard stream); ENOSYS from any step is success.
 */
static __inline int caph_limit_stream(int fd, int flags) __CAPSICUM_NOEXCEPT {
  cap_rights_t rights;

  caph_stream_rights(&rights, flags);
  if (cap_rights_limit(fd, &rights) < 0 && errno != ENOSYS) {
    if (errno == EBADF && (flags & CAPH_IGNORE_EBADF) != 0) return 0;
    return -1;
  }
  if (cap_ioctls_limit(fd, caph_stream_cmds, nitems(caph_stream_cmds)) < 0 && errno != ENOSYS)
    return -1;
  if (cap_fcntls_limit(fd, caph_stream_fcntls) < 0 && errno != ENOSYS) return -1;
  return 0;
}

static __inline int caph_limit_stdin(void) __CAPSICUM_NOEXCEPT {
  return caph_limit_stream(STDIN_FILENO, CAPH_READ);
}

static __inline int caph_limit_stderr(void) __CAPSICUM_NOEXCEPT {
  return caph_limit_stream(STDERR_FILENO, CAPH_WRITE);
}

static __inline int caph_limit_stdout(void) __CAPSICUM_NOEXCEPT {
  return caph_limit_stream(STDOUT_FILENO, CAPH_WRITE);
}

/* All three standard streams; a closed one is skipped (CAPH_IGNORE_EBADF). */
static __inline int caph_limit_stdio(void) __CAPSICUM_NOEXCEPT {
  const int iebadf = CAPH_IGNORE_EBADF;

  if (caph_limit_stream(STDIN_FILENO, CAPH_READ | iebadf) == -1 ||
      caph_limit_stream(STDOUT_FILENO, CAPH_WRITE | iebadf) == -1 ||
      caph_limit_stream(STDERR_FILENO, CAPH_WRITE | iebadf) == -1)
    return -1;
  return 0;
}

/*
 * caph_cache_tzdata(): read the time zone (TZ, else /etc/localtime) now.  glibc keeps it and
 * reads the file again only when TZ changes, so localtime(3) and strftime(3) keep the zone in
 * capability mode, where the file can no longer be opened (glibc would fall back to UTC).
 */
static __inline void caph_cache_tzdata(void) __CAPSICUM_NOEXCEPT {
  int saved = errno;
  tzset();
  errno = saved;
}

/*
 * caph_cache_catpages(): load the message catalog of libc for the current LC_MESSAGES locale
 * now.  glibc translates strerror(3) and strsignal(3) through gettext's "libc" domain, which
 * keeps a catalog once it is loaded: one lookup loads the whole file (strsignal(3) uses the
 * same catalog).  In the C locale there
 * is nothing to load.  FreeBSD's catopen("libc") is kept for code that uses catgets(3).
 */
static __inline void caph_cache_catpages(void) __CAPSICUM_NOEXCEPT {
  int saved = errno;
  (void)catopen("libc", NL_CAT_LOCALE);
  (void)strerror(ENOENT);
  errno = saved;
}

/* caph_enter(): cap_enter(), with ENOSYS (no Capsicum) as success. */
static __inline int caph_enter(void) __CAPSICUM_NOEXCEPT {
  if (cap_enter() < 0 && errno != ENOSYS) return -1;
  return 0;
}

/* cap_rights_limit(), with ENOSYS as success. */
static __inline int caph_rights_limit(int fd, const cap_rights_t* rights) __CAPSICUM_NOEXCEPT {
  if (cap_rights_limit(fd, rights) < 0 && errno != ENOSYS) return -1;
  return 0;
}

/* cap_ioctls_limit(), with ENOSYS as success. */
static __inline int caph_ioctls_limit(int fd, const cap_ioctl_t* cmds,
                                      size_t ncmds) __CAPSICUM_NOEXCEPT {
  if (cap_ioctls_limit(fd, cmds, ncmds) < 0 && errno != ENOSYS) return -1;
  return 0;
}

/* cap_fcntls_limit(), with ENOSYS as success. */
static __inline int caph_fcntls_limit(int fd, uint32_t fcntlrights) __CAPSICUM_NOEXCEPT {
  if (cap_fcntls_limit(fd, fcntlrights) < 0 && errno != ENOSYS) return -1;
  return 0;
}

/*
 * caph_enter_casper(): caph_enter() when casper services are available (CASPER_SUPPORT), else
 * 0 without entering: without casper, FreeBSD's libcasper calls run in the process itself and
 * need the global namespaces.
 */
static __inline int caph_enter_casper(void) __CAPSICUM_NOEXCEPT {
  return CASPER_SUPPORT == 0 ? 0 : caph_enter();
}

#ifdef __cplusplus
}
#endif

#endif /* _CAPSICUM_HELPERS_H_ */
