// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - system.syslog: the client calls and the service (no limits, as FreeBSD).
#include <casper/cap_syslog.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dnv.h>
#include <syslog.h>

#include <string>

#include "c_api.h"
#include "service.h"

namespace capsicum::casper {
namespace {

// openlog() keeps the pointer it is given: the service keeps the string alive.
std::string ident;

int SyslogLimit(const nvlist_t*, const nvlist_t* newlimits) {
  return nvlist_empty(newlimits) ? 0 : EINVAL;
}

int SyslogCommand(const char* cmd, const nvlist_t*, const nvlist_t* in, nvlist_t* out) {
  if (strcmp(cmd, "vsyslog") == 0) {
    const char* message = dnvlist_get_string(in, "message", nullptr);
    if (message == nullptr || !nvlist_exists_number(in, "priority")) return EINVAL;
    syslog(static_cast<int>(nvlist_get_number(in, "priority")), "%s", message);
    return 0;
  }
  if (strcmp(cmd, "openlog") == 0) {
    const char* id = dnvlist_get_string(in, "ident", nullptr);
    closelog();
    ident = id != nullptr ? id : "";
    openlog(id != nullptr ? ident.c_str() : nullptr,
            static_cast<int>(dnvlist_get_number(in, "logopt", 0)),
            static_cast<int>(dnvlist_get_number(in, "facility", LOG_USER)));
    return 0;
  }
  if (strcmp(cmd, "closelog") == 0) {
    closelog();
    return 0;
  }
  if (strcmp(cmd, "setlogmask") == 0) {
    if (!nvlist_exists_number(in, "maskpri")) return EINVAL;
    int old = setlogmask(static_cast<int>(nvlist_get_number(in, "maskpri")));
    nvlist_add_number(out, "omask", static_cast<uint64_t>(static_cast<unsigned>(old)));
    return 0;
  }
  return EINVAL;
}

}  // namespace

const Service kSyslogService = {"system.syslog", SyslogLimit, SyslogCommand};

}  // namespace capsicum::casper

namespace cc = capsicum::casper;

CASPER_EXPORT void cap_vsyslog(cap_channel_t* chan, int priority, const char* fmt,
                               va_list ap) noexcept {
  if (fmt == nullptr) return;
  char* message = nullptr;
  if (vasprintf(&message, fmt, ap) < 0) return;
  cc::NvPtr req = cc::Request("vsyslog", chan);
  nvlist_add_number(req.get(), "priority", static_cast<uint64_t>(priority));
  nvlist_add_string(req.get(), "message", message);
  free(message);
  cc::Call(chan, std::move(req));
}

CASPER_EXPORT void cap_syslog(cap_channel_t* chan, int pri, const char* fmt, ...) noexcept {
  va_list ap;
  va_start(ap, fmt);
  cap_vsyslog(chan, pri, fmt, ap);
  va_end(ap);
}

CASPER_EXPORT void cap_openlog(cap_channel_t* chan, const char* ident, int logopt,
                               int facility) noexcept {
  cc::NvPtr req = cc::Request("openlog", chan);
  if (ident != nullptr) nvlist_add_string(req.get(), "ident", ident);
  nvlist_add_number(req.get(), "logopt", static_cast<uint64_t>(logopt));
  nvlist_add_number(req.get(), "facility", static_cast<uint64_t>(facility));
  cc::Call(chan, std::move(req));
}

CASPER_EXPORT void cap_closelog(cap_channel_t* chan) noexcept {
  cc::Call(chan, cc::Request("closelog", chan));
}

CASPER_EXPORT int cap_setlogmask(cap_channel_t* chan, int maskpri) noexcept {
  cc::NvPtr req = cc::Request("setlogmask", chan);
  nvlist_add_number(req.get(), "maskpri", static_cast<uint64_t>(static_cast<unsigned>(maskpri)));
  cc::NvPtr answer = cc::Call(chan, std::move(req));
  if (!answer || !nvlist_exists_number(answer.get(), "omask")) return -1;
  return static_cast<int>(nvlist_get_number(answer.get(), "omask"));
}
