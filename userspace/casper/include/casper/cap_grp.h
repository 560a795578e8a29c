/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - casper's system.grp: the group database under limits. */
#ifndef _CAP_GRP_H_
#define _CAP_GRP_H_

#include <sys/types.h>
#include <grp.h>

#include <libcasper.h>

#ifdef __cplusplus
extern "C" {
#endif

struct group *cap_getgrent(cap_channel_t *chan) NV_NOEXCEPT;
struct group *cap_getgrnam(cap_channel_t *chan, const char *name) NV_NOEXCEPT;
struct group *cap_getgrgid(cap_channel_t *chan, gid_t gid) NV_NOEXCEPT;
int cap_getgrent_r(cap_channel_t *chan, struct group *grp, char *buffer, size_t bufsize,
                   struct group **result) NV_NOEXCEPT;
int cap_getgrnam_r(cap_channel_t *chan, const char *name, struct group *grp, char *buffer,
                   size_t bufsize, struct group **result) NV_NOEXCEPT;
int cap_getgrgid_r(cap_channel_t *chan, gid_t gid, struct group *grp, char *buffer,
                   size_t bufsize, struct group **result) NV_NOEXCEPT;
int cap_setgroupent(cap_channel_t *chan, int stayopen) NV_NOEXCEPT;
int cap_setgrent(cap_channel_t *chan) NV_NOEXCEPT;
void cap_endgrent(cap_channel_t *chan) NV_NOEXCEPT;

/* cmds: the names above without "cap_"; fields: "gr_name", "gr_passwd", "gr_gid", "gr_mem". */
int cap_grp_limit_cmds(cap_channel_t *chan, const char *const *cmds, size_t ncmds) NV_NOEXCEPT;
int cap_grp_limit_fields(cap_channel_t *chan, const char *const *fields,
                         size_t nfields) NV_NOEXCEPT;
int cap_grp_limit_groups(cap_channel_t *chan, const char *const *names, size_t nnames,
                         const gid_t *gids, size_t ngids) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_CAP_GRP_H_ */
