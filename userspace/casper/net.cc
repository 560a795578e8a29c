// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - system.net: cap_bind, cap_connect, its limits and service.
//
// Limits: {"mode": CAPNET_*, and lists that, when present, name what is allowed:
// "bind", "connect", "addr2name" (addresses), "name2addr" ({"name", "serv"} lists),
// "addr2name_family", "name2addr_family" (numbers)}. A new limit keeps a subset of the mode
// and of every list the old one had.
#include <casper/cap_net.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/dnv.h>

#include <new>
#include <vector>

#include "c_api.h"
#include "lookup.h"
#include "service.h"

struct cap_net_limit {
  cap_channel_t* chan = nullptr;
  capsicum::casper::NvPtr limits;
};

namespace capsicum::casper {
namespace {

constexpr uint64_t kModes = CAPNET_ADDR2NAME | CAPNET_NAME2ADDR | CAPNET_DEPRECATED_ADDR2NAME |
                            CAPNET_DEPRECATED_NAME2ADDR | CAPNET_CONNECT | CAPNET_BIND |
                            CAPNET_CONNECTDNS;
const char* const kAddrLists[] = {"bind", "connect", "addr2name"};
const char* const kFamilyLists[] = {"addr2name_family", "name2addr_family"};

// Addresses getaddrinfo gave this client (CAPNET_CONNECTDNS may connect to them).
std::vector<std::vector<unsigned char>> resolved;

bool ValidList(const char* name, const nvlist_t* list) {
  int t;
  void* c = nullptr;
  for (const char* l : kAddrLists) {
    if (strcmp(name, l) != 0) continue;
    while (const char* k = nvlist_next(list, &t, &c)) {
      size_t n;
      if (t != NV_TYPE_BINARY) return false;
      const void* b = nvlist_get_binary(list, k, &n);
      if (!SockaddrOk(b, n)) return false;
    }
    return true;
  }
  for (const char* l : kFamilyLists) {
    if (strcmp(name, l) == 0) return AllOfType(list, NV_TYPE_NUMBER);
  }
  if (strcmp(name, "name2addr") != 0 || !AllOfType(list, NV_TYPE_NVLIST)) return false;
  while (const char* k = nvlist_next(list, &t, &c)) {
    const nvlist_t* entry = nvlist_get_nvlist(list, k);
    int et;
    void* ec = nullptr;
    while (const char* ek = nvlist_next(entry, &et, &ec)) {
      if (et != NV_TYPE_STRING || (strcmp(ek, "name") != 0 && strcmp(ek, "serv") != 0))
        return false;
    }
  }
  return true;
}

int NetLimit(const nvlist_t* oldlimits, const nvlist_t* newlimits) {
  int type;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(newlimits, &type, &cookie)) {
    if (strcmp(name, "mode") == 0) {
      if (type != NV_TYPE_NUMBER || (nvlist_get_number(newlimits, name) & ~kModes)) return EINVAL;
    } else if (type != NV_TYPE_NVLIST || !ValidList(name, nvlist_get_nvlist(newlimits, name))) {
      return EINVAL;
    }
  }
  if (!nvlist_exists_number(newlimits, "mode")) return EINVAL;
  if (oldlimits == nullptr) return 0;
  if (nvlist_get_number(newlimits, "mode") & ~nvlist_get_number(oldlimits, "mode"))
    return ENOTCAPABLE;
  cookie = nullptr;
  while (const char* name = nvlist_next(oldlimits, &type, &cookie)) {
    if (type != NV_TYPE_NVLIST) continue;
    const nvlist_t* now = dnvlist_get_nvlist(newlimits, name, nullptr);
    if (now == nullptr || !ValuesSubset(now, nvlist_get_nvlist(oldlimits, name)))
      return ENOTCAPABLE;
  }
  return 0;
}

bool Mode(const nvlist_t* limits, uint64_t bit) {
  return limits == nullptr || (nvlist_get_number(limits, "mode") & bit);
}

// Is the address in the list key (absent: any address)?
bool AddressAllowed(const nvlist_t* limits, const char* key, const void* sa, size_t len) {
  const nvlist_t* list = dnvlist_get_nvlist(limits, key, nullptr);
  return list == nullptr || ListHasSockaddr(list, sa, len);
}

bool NameAllowed(const nvlist_t* limits, const char* host, const char* serv) {
  const nvlist_t* list = dnvlist_get_nvlist(limits, "name2addr", nullptr);
  if (list == nullptr) return true;
  int t;
  void* c = nullptr;
  while (const char* k = nvlist_next(list, &t, &c)) {
    const nvlist_t* e = nvlist_get_nvlist(list, k);
    const char* n = dnvlist_get_string(e, "name", nullptr);
    const char* s = dnvlist_get_string(e, "serv", nullptr);
    bool name_ok = n == nullptr || (host != nullptr && strcmp(n, host) == 0);
    bool serv_ok = s == nullptr || (serv != nullptr && strcmp(s, serv) == 0);
    if (name_ok && serv_ok) return true;
  }
  return false;
}

bool Resolved(const void* sa, size_t len) {
  for (const auto& r : resolved) {
    if (SameSockaddr(r.data(), r.size(), sa, len)) return true;
  }
  return false;
}

int BindOrConnect(const char* cmd, const nvlist_t* limits, const nvlist_t* in) {
  bool bind_cmd = strcmp(cmd, "bind") == 0;
  size_t len = 0;
  const void* sa = dnvlist_get_binary(in, "sa", &len, nullptr, 0);
  int s = dnvlist_get_descriptor(in, "s", -1);
  if (s < 0 || !SockaddrOk(sa, len)) return EINVAL;
  if (bind_cmd) {
    if (!Mode(limits, CAPNET_BIND) || !AddressAllowed(limits, "bind", sa, len)) return ENOTCAPABLE;
  } else {
    bool direct = Mode(limits, CAPNET_CONNECT) && AddressAllowed(limits, "connect", sa, len);
    bool dns = limits != nullptr && Mode(limits, CAPNET_CONNECTDNS) && Resolved(sa, len);
    if (!direct && !dns) return ENOTCAPABLE;
  }
  auto* addr = static_cast<const sockaddr*>(sa);
  int r = bind_cmd ? bind(s, addr, static_cast<socklen_t>(len))
                   : connect(s, addr, static_cast<socklen_t>(len));
  return r == 0 ? 0 : errno;
}

int NetCommand(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out) {
  if (strcmp(cmd, "bind") == 0 || strcmp(cmd, "connect") == 0)
    return BindOrConnect(cmd, limits, in);
  if (strcmp(cmd, "getaddrinfo") == 0) {
    if (!Mode(limits, CAPNET_NAME2ADDR) ||
        !NameAllowed(limits, dnvlist_get_string(in, "hostname", nullptr),
                     dnvlist_get_string(in, "servname", nullptr)))
      return ENOTCAPABLE;
    Families f{dnvlist_get_nvlist(limits, "name2addr_family", nullptr)};
    return ServeGetaddrinfo(in, out, f, &resolved);
  }
  if (strcmp(cmd, "gethostbyname") == 0) {
    if (!Mode(limits, CAPNET_DEPRECATED_NAME2ADDR) ||
        !NameAllowed(limits, dnvlist_get_string(in, "name", nullptr), nullptr))
      return ENOTCAPABLE;
    return ServeGethostbyname(in, out,
                              Families{dnvlist_get_nvlist(limits, "name2addr_family", nullptr)});
  }
  Families a2n{dnvlist_get_nvlist(limits, "addr2name_family", nullptr)};
  if (strcmp(cmd, "getnameinfo") == 0) {
    size_t len = 0;
    const void* sa = dnvlist_get_binary(in, "sa", &len, nullptr, 0);
    if (!SockaddrOk(sa, len)) return EINVAL;
    if (!Mode(limits, CAPNET_ADDR2NAME) || !AddressAllowed(limits, "addr2name", sa, len) ||
        !a2n.Allows(static_cast<const sockaddr*>(sa)->sa_family))
      return ENOTCAPABLE;
    return ServeGetnameinfo(in, out);
  }
  if (strcmp(cmd, "gethostbyaddr") == 0) {
    if (!Mode(limits, CAPNET_DEPRECATED_ADDR2NAME) ||
        !a2n.Allows(static_cast<int>(dnvlist_get_number(in, "family", AF_INET))))
      return ENOTCAPABLE;
    return ServeGethostbyaddr(in, out);
  }
  return EINVAL;
}

int SendSocket(cap_channel_t* chan, const char* cmd, int s, const sockaddr* sa, socklen_t len) {
  if (sa == nullptr || !SockaddrOk(sa, len)) {
    errno = EINVAL;
    return -1;
  }
  NvPtr req = Request(cmd, chan);
  nvlist_add_descriptor(req.get(), "s", s);
  nvlist_add_binary(req.get(), "sa", sa, len);
  return Call(chan, std::move(req)) ? 0 : -1;
}

// The list key of limit's nvlist, made on first use; nullptr if it cannot be.
nvlist_t* SubList(cap_net_limit_t* limit, const char* key) {
  if (limit == nullptr) return nullptr;
  if (!nvlist_exists_nvlist(limit->limits.get(), key))
    nvlist_move_nvlist(limit->limits.get(), key, nvlist_create(0));
  return const_cast<nvlist_t*>(dnvlist_get_nvlist(limit->limits.get(), key, nullptr));
}

void AddNumbered(nvlist_t* list, const char* prefix, auto&& add) {
  if (list == nullptr) return;
  char key[48];
  size_t n = 0;
  int t;
  void* c = nullptr;
  while (nvlist_next(list, &t, &c) != nullptr) n++;
  snprintf(key, sizeof(key), "%s%zu", prefix, n);
  add(list, key);
}

cap_net_limit_t* AddAddress(cap_net_limit_t* limit, const char* key, const sockaddr* sa,
                            socklen_t len) {
  nvlist_t* list = SubList(limit, key);
  if (list == nullptr) return limit;
  if (!SockaddrOk(sa, len)) {
    nvlist_set_error(limit->limits.get(), EINVAL);
    return limit;
  }
  AddNumbered(list, "sockaddr",
              [&](nvlist_t* l, const char* k) { nvlist_add_binary(l, k, sa, len); });
  return limit;
}

cap_net_limit_t* AddFamilies(cap_net_limit_t* limit, const char* key, const int* family,
                             size_t size) {
  nvlist_t* list = SubList(limit, key);
  if (list == nullptr) return limit;
  if (family == nullptr && size > 0) nvlist_set_error(limit->limits.get(), EINVAL);
  for (size_t i = 0; family != nullptr && i < size; i++) {
    AddNumbered(list, "family", [&](nvlist_t* l, const char* k) {
      nvlist_add_number(l, k, static_cast<uint64_t>(family[i]));
    });
  }
  return limit;
}

}  // namespace

const Service kNetService = {"system.net", NetLimit, NetCommand};

}  // namespace capsicum::casper

namespace cc = capsicum::casper;

CASPER_EXPORT int cap_bind(cap_channel_t* chan, int s, const struct sockaddr* addr,
                           socklen_t addrlen) noexcept {
  return cc::SendSocket(chan, "bind", s, addr, addrlen);
}

CASPER_EXPORT int cap_connect(cap_channel_t* chan, int s, const struct sockaddr* name,
                              socklen_t namelen) noexcept {
  return cc::SendSocket(chan, "connect", s, name, namelen);
}

CASPER_EXPORT cap_net_limit_t* cap_net_limit_init(cap_channel_t* chan, uint64_t mode) noexcept {
  if (chan == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  auto* limit = new (std::nothrow) struct cap_net_limit;
  if (limit == nullptr) {
    errno = ENOMEM;
    return nullptr;
  }
  limit->chan = chan;
  limit->limits = cc::MakeList();
  if (!limit->limits) {
    delete limit;
    return nullptr;
  }
  nvlist_add_number(limit->limits.get(), "mode", mode);
  return limit;
}

CASPER_EXPORT int cap_net_limit(cap_net_limit_t* limit) noexcept {
  if (limit == nullptr) {
    errno = EINVAL;
    return -1;
  }
  int r = cap_limit_set(limit->chan, limit->limits.release());
  delete limit;
  return r;
}

CASPER_EXPORT void cap_net_free(cap_net_limit_t* limit) noexcept { delete limit; }

CASPER_EXPORT cap_net_limit_t* cap_net_limit_addr2name_family(cap_net_limit_t* limit, int* family,
                                                              size_t size) noexcept {
  return cc::AddFamilies(limit, "addr2name_family", family, size);
}

CASPER_EXPORT cap_net_limit_t* cap_net_limit_name2addr_family(cap_net_limit_t* limit, int* family,
                                                              size_t size) noexcept {
  return cc::AddFamilies(limit, "name2addr_family", family, size);
}

CASPER_EXPORT cap_net_limit_t* cap_net_limit_addr2name(cap_net_limit_t* limit,
                                                       const struct sockaddr* sa,
                                                       socklen_t salen) noexcept {
  return cc::AddAddress(limit, "addr2name", sa, salen);
}

CASPER_EXPORT cap_net_limit_t* cap_net_limit_connect(cap_net_limit_t* limit,
                                                     const struct sockaddr* sa,
                                                     socklen_t salen) noexcept {
  return cc::AddAddress(limit, "connect", sa, salen);
}

CASPER_EXPORT cap_net_limit_t* cap_net_limit_bind(cap_net_limit_t* limit, const struct sockaddr* sa,
                                                  socklen_t salen) noexcept {
  return cc::AddAddress(limit, "bind", sa, salen);
}

CASPER_EXPORT cap_net_limit_t* cap_net_limit_name2addr(cap_net_limit_t* limit, const char* name,
                                                       const char* serv) noexcept {
  nvlist_t* list = cc::SubList(limit, "name2addr");
  if (list == nullptr) return limit;
  cc::AddNumbered(list, "name", [&](nvlist_t* l, const char* k) {
    nvlist_t* entry = nvlist_create(0);
    if (name != nullptr) nvlist_add_string(entry, "name", name);
    if (serv != nullptr) nvlist_add_string(entry, "serv", serv);
    nvlist_move_nvlist(l, k, entry);
  });
  return limit;
}
