/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - FreeBSD's libcasper: channels to services outside capability mode. */
#ifndef _LIBCASPER_H_
#define _LIBCASPER_H_

#include <sys/types.h>
#include <sys/nv.h>

#include <stdlib.h>
#include <unistd.h>

/* This library always provides casper: FreeBSD's stubs for builds without it are not needed. */
#ifndef WITH_CASPER
#define WITH_CASPER
#endif

#define CASPER_NO_UNIQ 0x00000001

#ifndef _CAP_CHANNEL_T_DECLARED
#define _CAP_CHANNEL_T_DECLARED
struct cap_channel;
typedef struct cap_channel cap_channel_t;
#define CASPER_SUPPORT (1)
#endif

#ifdef __cplusplus
extern "C" {
#endif

int cap_channel_flags(const cap_channel_t *chan) NV_NOEXCEPT;

static inline int channel_nvlist_flags(const cap_channel_t *chan) {
  return (cap_channel_flags(chan) & CASPER_NO_UNIQ) != 0 ? NV_FLAG_NO_UNIQUE : 0;
}

/* Starts casper (a process forked now, outside capability mode) and returns a channel to it. */
cap_channel_t *cap_init(void) NV_NOEXCEPT;
cap_channel_t *cap_service_open(const cap_channel_t *chan, const char *name) NV_NOEXCEPT;
int cap_service_limit(const cap_channel_t *chan, const char *const *names,
                      size_t nnames) NV_NOEXCEPT;
cap_channel_t *cap_wrap(int sock, int flags) NV_NOEXCEPT;
int cap_unwrap(cap_channel_t *chan, int *flags) NV_NOEXCEPT;
cap_channel_t *cap_clone(const cap_channel_t *chan) NV_NOEXCEPT;
void cap_close(cap_channel_t *chan) NV_NOEXCEPT;
int cap_sock(const cap_channel_t *chan) NV_NOEXCEPT;
/* Always destroys limits. */
int cap_limit_set(const cap_channel_t *chan, nvlist_t *limits) NV_NOEXCEPT;
/* *limitsp is NULL when the channel has never been limited. */
int cap_limit_get(const cap_channel_t *chan, nvlist_t **limitsp) NV_NOEXCEPT;
int cap_send_nvlist(const cap_channel_t *chan, const nvlist_t *nvl) NV_NOEXCEPT;
nvlist_t *cap_recv_nvlist(const cap_channel_t *chan) NV_NOEXCEPT;
/* Sends nvl (destroying it) and returns the answer. */
nvlist_t *cap_xfer_nvlist(const cap_channel_t *chan, nvlist_t *nvl) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_LIBCASPER_H_ */
