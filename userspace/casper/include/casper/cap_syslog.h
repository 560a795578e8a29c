/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - casper's system.syslog: syslog(3) from capability mode. */
#ifndef _CAP_SYSLOG_H_
#define _CAP_SYSLOG_H_

#include <stdarg.h>

#include <libcasper.h>

#ifdef __cplusplus
extern "C" {
#endif

void cap_syslog(cap_channel_t *chan, int pri, const char *fmt, ...) NV_NOEXCEPT
    __attribute__((format(printf, 3, 4)));
void cap_vsyslog(cap_channel_t *chan, int priority, const char *fmt, va_list ap) NV_NOEXCEPT
    __attribute__((format(printf, 3, 0)));
void cap_openlog(cap_channel_t *chan, const char *ident, int logopt, int facility) NV_NOEXCEPT;
void cap_closelog(cap_channel_t *chan) NV_NOEXCEPT;
int cap_setlogmask(cap_channel_t *chan, int maskpri) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_CAP_SYSLOG_H_ */
