// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - system.dns: its limits and service (the lookups are in lookup.cc).
//
// Limits: {"type": {"type0": "NAME2ADDR", ...}, "family": {"family0": AF_INET, ...}}; each
// list, once set, only narrows.
#include <casper/cap_dns.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/dnv.h>

#include "c_api.h"
#include "lookup.h"
#include "service.h"

namespace capsicum::casper {
namespace {

bool KnownType(const char* t) {
  return strcmp(t, "NAME2ADDR") == 0 || strcmp(t, "ADDR2NAME") == 0 || strcmp(t, "NAME") == 0 ||
         strcmp(t, "ADDR") == 0;
}

int DnsLimit(const nvlist_t* oldlimits, const nvlist_t* newlimits) {
  int type;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(newlimits, &type, &cookie)) {
    if (type != NV_TYPE_NVLIST) return EINVAL;
    const nvlist_t* list = nvlist_get_nvlist(newlimits, name);
    if (strcmp(name, "type") == 0) {
      if (!AllOfType(list, NV_TYPE_STRING)) return EINVAL;
      int t;
      void* c = nullptr;
      while (const char* k = nvlist_next(list, &t, &c)) {
        if (!KnownType(nvlist_get_string(list, k))) return EINVAL;
      }
    } else if (strcmp(name, "family") == 0) {
      if (!AllOfType(list, NV_TYPE_NUMBER)) return EINVAL;
      int t;
      void* c = nullptr;
      while (const char* k = nvlist_next(list, &t, &c)) {
        uint64_t f = nvlist_get_number(list, k);
        if (f != AF_INET && f != AF_INET6) return EINVAL;
      }
    } else {
      return EINVAL;
    }
  }
  if (oldlimits == nullptr) return 0;
  for (const char* key : {"type", "family"}) {
    const nvlist_t* old = dnvlist_get_nvlist(oldlimits, key, nullptr);
    if (old == nullptr) continue;
    const nvlist_t* now = dnvlist_get_nvlist(newlimits, key, nullptr);
    if (now == nullptr || !ValuesSubset(now, old)) return ENOTCAPABLE;
  }
  return 0;
}

// May the limits' types do this (new name or old)?
bool TypeAllowed(const nvlist_t* limits, const char* type, const char* old_name) {
  const nvlist_t* types = dnvlist_get_nvlist(limits, "type", nullptr);
  return types == nullptr || ListHasString(types, type) || ListHasString(types, old_name);
}

int DnsCommand(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out) {
  Families families{dnvlist_get_nvlist(limits, "family", nullptr)};
  bool name2addr = TypeAllowed(limits, "NAME2ADDR", "NAME");
  bool addr2name = TypeAllowed(limits, "ADDR2NAME", "ADDR");
  if (strcmp(cmd, "getaddrinfo") == 0) {
    if (!name2addr) return ENOTCAPABLE;
    return ServeGetaddrinfo(in, out, families, nullptr);
  }
  if (strcmp(cmd, "gethostbyname") == 0) {
    if (!name2addr) return ENOTCAPABLE;
    return ServeGethostbyname(in, out, families);
  }
  if (strcmp(cmd, "getnameinfo") == 0) {
    if (!addr2name) return ENOTCAPABLE;
    size_t len = 0;
    const void* sa = dnvlist_get_binary(in, "sa", &len, nullptr, 0);
    if (!SockaddrOk(sa, len)) return EINVAL;
    if (!families.Allows(static_cast<const sockaddr*>(sa)->sa_family)) return ENOTCAPABLE;
    return ServeGetnameinfo(in, out);
  }
  if (strcmp(cmd, "gethostbyaddr") == 0) {
    if (!addr2name) return ENOTCAPABLE;
    if (!families.Allows(static_cast<int>(dnvlist_get_number(in, "family", AF_INET))))
      return ENOTCAPABLE;
    return ServeGethostbyaddr(in, out);
  }
  return EINVAL;
}

// chan's limits with the list key made by fill.
template <class F>
int SetList(cap_channel_t* chan, const char* key, F&& fill) {
  NvPtr list = MakeList();
  if (list) fill(list.get());
  return ReplaceLimitList(chan, key, std::move(list));
}

}  // namespace

const Service kDnsService = {"system.dns", DnsLimit, DnsCommand};

}  // namespace capsicum::casper

namespace cc = capsicum::casper;

CASPER_EXPORT int cap_dns_type_limit(cap_channel_t* chan, const char* const* types,
                                     size_t ntypes) noexcept {
  if (types == nullptr && ntypes > 0) {
    errno = EINVAL;
    return -1;
  }
  return cc::SetList(chan, "type", [&](nvlist_t* list) {
    char key[32];
    for (size_t i = 0; i < ntypes; i++) {
      snprintf(key, sizeof(key), "type%zu", i);
      if (types[i] == nullptr)
        nvlist_set_error(list, EINVAL);
      else
        nvlist_add_string(list, key, types[i]);
    }
  });
}

CASPER_EXPORT int cap_dns_family_limit(cap_channel_t* chan, const int* families,
                                       size_t nfamilies) noexcept {
  if (families == nullptr && nfamilies > 0) {
    errno = EINVAL;
    return -1;
  }
  return cc::SetList(chan, "family", [&](nvlist_t* list) {
    char key[32];
    for (size_t i = 0; i < nfamilies; i++) {
      snprintf(key, sizeof(key), "family%zu", i);
      nvlist_add_number(list, key, static_cast<uint64_t>(families[i]));
    }
  });
}
