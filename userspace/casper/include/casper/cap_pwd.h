/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - casper's system.pwd: the password database under limits. */
#ifndef _CAP_PWD_H_
#define _CAP_PWD_H_

#include <sys/types.h>
#include <pwd.h>

#include <libcasper.h>

#ifdef __cplusplus
extern "C" {
#endif

struct passwd *cap_getpwent(cap_channel_t *chan) NV_NOEXCEPT;
struct passwd *cap_getpwnam(cap_channel_t *chan, const char *login) NV_NOEXCEPT;
struct passwd *cap_getpwuid(cap_channel_t *chan, uid_t uid) NV_NOEXCEPT;
int cap_getpwent_r(cap_channel_t *chan, struct passwd *pwd, char *buffer, size_t bufsize,
                   struct passwd **result) NV_NOEXCEPT;
int cap_getpwnam_r(cap_channel_t *chan, const char *name, struct passwd *pwd, char *buffer,
                   size_t bufsize, struct passwd **result) NV_NOEXCEPT;
int cap_getpwuid_r(cap_channel_t *chan, uid_t uid, struct passwd *pwd, char *buffer,
                   size_t bufsize, struct passwd **result) NV_NOEXCEPT;
int cap_setpassent(cap_channel_t *chan, int stayopen) NV_NOEXCEPT;
void cap_setpwent(cap_channel_t *chan) NV_NOEXCEPT;
void cap_endpwent(cap_channel_t *chan) NV_NOEXCEPT;

/* cmds: the names above without "cap_"; fields: "pw_name", "pw_passwd", "pw_uid", "pw_gid",
 * "pw_gecos", "pw_dir", "pw_shell" (FreeBSD's "pw_change", "pw_class", "pw_expire" are accepted
 * and mean nothing on Linux). */
int cap_pwd_limit_cmds(cap_channel_t *chan, const char *const *cmds, size_t ncmds) NV_NOEXCEPT;
int cap_pwd_limit_fields(cap_channel_t *chan, const char *const *fields,
                         size_t nfields) NV_NOEXCEPT;
int cap_pwd_limit_users(cap_channel_t *chan, const char *const *names, size_t nnames,
                        uid_t *uids, size_t nuids) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_CAP_PWD_H_ */
