// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - what a casper service provides, and helpers the clients share.
#ifndef CAPSICUM_USERSPACE_CASPER_SERVICE_H_
#define CAPSICUM_USERSPACE_CASPER_SERVICE_H_

#include <libcasper.h>
#include <sys/capsicum.h>
#include <sys/nv.h>

#include "c_api.h"
#include "nv_impl.h"

// The C API of casper and its services: exported from libcasper.so (casper.map names them).
#define CASPER_EXPORT extern "C" CAPSICUM_EXPORT

struct cap_channel {
  capsicum::UniqueFd sock;
  int flags = 0;
};

namespace capsicum::casper {

// A service runs in its own process; each function returns 0 or an errno for the client.
struct Service {
  const char* name;
  // May newlimits replace oldlimits (nullptr: never limited)? Only narrowing is allowed
  // (ENOTCAPABLE); a malformed list is EINVAL.
  int (*limit)(const nvlist_t* oldlimits, const nvlist_t* newlimits);
  // Carries out cmd within limits (nullptr: unlimited), answering in out.
  int (*command)(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out);
};

extern const Service kFileargsService;
extern const Service kDnsService;
extern const Service kNetService;
extern const Service kPwdService;
extern const Service kGrpService;
extern const Service kSyslogService;

// The request {"cmd": cmd} ready for arguments.
NvPtr Request(const char* cmd, const cap_channel_t* chan);
// Sends req and returns the answer, whose "error" was 0; else nullptr with errno (the
// service's error, EBADMSG for an answer without a valid "error", or the socket's error).
NvPtr Call(const cap_channel_t* chan, NvPtr req);

// Sets chan's limits to its current ones with the list key replaced by list (FreeBSD's
// cap_dns_type_limit and friends); 0, or -1 with errno.
int ReplaceLimitList(const cap_channel_t* chan, const char* key, NvPtr list);

// A copy of n names of a C array as {name: NULL, ...}; EINVAL for a NULL name.
NvPtr NameSet(const char* const* names, size_t n);
// Is every NULL-type name of sub in super (both sets as built by NameSet)?
bool IsSubset(const nvlist_t* sub, const nvlist_t* super);

}  // namespace capsicum::casper

#endif  // CAPSICUM_USERSPACE_CASPER_SERVICE_H_
