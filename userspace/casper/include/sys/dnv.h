/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - FreeBSD's nvlist getters with a default for a missing name. */
#ifndef _SYS_DNV_H_
#define _SYS_DNV_H_

#include <sys/nv.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The value of name when it exists with that type; else the default (FreeBSD aborts on a name
 * of another type; here that also gives the default). */
bool dnvlist_get_bool(const nvlist_t *nvl, const char *name, bool defval) NV_NOEXCEPT;
uint64_t dnvlist_get_number(const nvlist_t *nvl, const char *name, uint64_t defval) NV_NOEXCEPT;
const char *dnvlist_get_string(const nvlist_t *nvl, const char *name,
                               const char *defval) NV_NOEXCEPT;
const nvlist_t *dnvlist_get_nvlist(const nvlist_t *nvl, const char *name,
                                   const nvlist_t *defval) NV_NOEXCEPT;
int dnvlist_get_descriptor(const nvlist_t *nvl, const char *name, int defval) NV_NOEXCEPT;
const void *dnvlist_get_binary(const nvlist_t *nvl, const char *name, size_t *sizep,
                               const void *defval, size_t defsize) NV_NOEXCEPT;

bool dnvlist_take_bool(nvlist_t *nvl, const char *name, bool defval) NV_NOEXCEPT;
uint64_t dnvlist_take_number(nvlist_t *nvl, const char *name, uint64_t defval) NV_NOEXCEPT;
char *dnvlist_take_string(nvlist_t *nvl, const char *name, char *defval) NV_NOEXCEPT;
nvlist_t *dnvlist_take_nvlist(nvlist_t *nvl, const char *name, nvlist_t *defval) NV_NOEXCEPT;
int dnvlist_take_descriptor(nvlist_t *nvl, const char *name, int defval) NV_NOEXCEPT;
void *dnvlist_take_binary(nvlist_t *nvl, const char *name, size_t *sizep, void *defval,
                          size_t defsize) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_SYS_DNV_H_ */
