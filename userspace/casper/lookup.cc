// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - name lookups for system.dns and system.net: both sides.
//
// The client calls (cap_getaddrinfo, ...) are the same for both services; each service answers
// them under its own limits. Answers are checked before anything reaches the caller.
#include "lookup.h"

#include <arpa/inet.h>
#include <casper/cap_dns.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dnv.h>
#include <sys/un.h>

#include <string>

#include "c_api.h"
#include "service.h"

namespace capsicum::casper {
namespace {

constexpr size_t kMaxResults = 256;
constexpr size_t kMaxHostAddrs = 64;

sa_family_t FamilyOf(const void* addr) {
  sa_family_t f;
  memcpy(&f, addr, sizeof(f));
  return f;
}

size_t SockaddrLen(int family) {
  switch (family) {
    case AF_INET:
      return sizeof(sockaddr_in);
    case AF_INET6:
      return sizeof(sockaddr_in6);
    default:
      return 0;
  }
}

bool PairValueIn(const nvlist_t* list, int type, const void* value, size_t size) {
  int t;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(list, &t, &cookie)) {
    if (t != type) continue;
    if (type == NV_TYPE_NUMBER &&
        nvlist_get_number(list, name) == *static_cast<const uint64_t*>(value))
      return true;
    if (type == NV_TYPE_STRING &&
        strcmp(nvlist_get_string(list, name), static_cast<const char*>(value)) == 0)
      return true;
    if (type == NV_TYPE_BINARY) {
      size_t n;
      const void* b = nvlist_get_binary(list, name, &n);
      if (SameSockaddr(b, n, value, size)) return true;
    }
  }
  return false;
}

bool SameList(const nvlist_t* a, const nvlist_t* b) {
  return ValuesSubset(a, b) && ValuesSubset(b, a);
}

}  // namespace

bool SockaddrOk(const void* addr, size_t len) {
  if (addr == nullptr || len < sizeof(sa_family_t)) return false;
  int family = FamilyOf(addr);
  if (family == AF_UNIX) return len > offsetof(sockaddr_un, sun_path) && len <= sizeof(sockaddr_un);
  return SockaddrLen(family) != 0 && len == SockaddrLen(family);
}

bool SameSockaddr(const void* a, size_t alen, const void* b, size_t blen) {
  if (!SockaddrOk(a, alen) || !SockaddrOk(b, blen) || FamilyOf(a) != FamilyOf(b)) return false;
  switch (FamilyOf(a)) {
    case AF_INET: {
      sockaddr_in x, y;
      memcpy(&x, a, sizeof(x));
      memcpy(&y, b, sizeof(y));
      return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
    }
    case AF_INET6: {
      sockaddr_in6 x, y;
      memcpy(&x, a, sizeof(x));
      memcpy(&y, b, sizeof(y));
      return x.sin6_port == y.sin6_port && x.sin6_scope_id == y.sin6_scope_id &&
             memcmp(&x.sin6_addr, &y.sin6_addr, sizeof(x.sin6_addr)) == 0;
    }
    default:
      return alen == blen && memcmp(a, b, alen) == 0;
  }
}

bool ListHasNumber(const nvlist_t* list, uint64_t value) {
  return PairValueIn(list, NV_TYPE_NUMBER, &value, sizeof(value));
}
bool ListHasString(const nvlist_t* list, const char* value) {
  return value != nullptr && PairValueIn(list, NV_TYPE_STRING, value, 0);
}
bool ListHasSockaddr(const nvlist_t* list, const void* addr, size_t len) {
  return PairValueIn(list, NV_TYPE_BINARY, addr, len);
}

bool ValuesSubset(const nvlist_t* sub, const nvlist_t* super) {
  int type;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(sub, &type, &cookie)) {
    bool found = false;
    switch (type) {
      case NV_TYPE_NUMBER:
        found = ListHasNumber(super, nvlist_get_number(sub, name));
        break;
      case NV_TYPE_STRING:
        found = ListHasString(super, nvlist_get_string(sub, name));
        break;
      case NV_TYPE_BINARY: {
        size_t n;
        const void* b = nvlist_get_binary(sub, name, &n);
        found = ListHasSockaddr(super, b, n);
        break;
      }
      case NV_TYPE_NVLIST: {
        const nvlist_t* mine = nvlist_get_nvlist(sub, name);
        int t;
        void* c = nullptr;
        while (const char* other = nvlist_next(super, &t, &c)) {
          if (t == NV_TYPE_NVLIST && SameList(mine, nvlist_get_nvlist(super, other))) found = true;
        }
        break;
      }
      default:
        break;
    }
    if (!found) return false;
  }
  return true;
}

bool AllOfType(const nvlist_t* list, int type) {
  int t;
  void* cookie = nullptr;
  while (nvlist_next(list, &t, &cookie) != nullptr) {
    if (t != type) return false;
  }
  return true;
}

bool Families::Allows(int family) const {
  return list == nullptr || ListHasNumber(list, static_cast<uint64_t>(family));
}

int ServeGetaddrinfo(const nvlist_t* in, nvlist_t* out, const Families& families,
                     std::vector<std::vector<unsigned char>>* seen) {
  const char* host = dnvlist_get_string(in, "hostname", nullptr);
  const char* serv = dnvlist_get_string(in, "servname", nullptr);
  addrinfo hints{};
  hints.ai_flags = static_cast<int>(dnvlist_get_number(in, "hints.ai_flags", 0));
  hints.ai_family = static_cast<int>(dnvlist_get_number(in, "hints.ai_family", AF_UNSPEC));
  hints.ai_socktype = static_cast<int>(dnvlist_get_number(in, "hints.ai_socktype", 0));
  hints.ai_protocol = static_cast<int>(dnvlist_get_number(in, "hints.ai_protocol", 0));
  if (hints.ai_family != AF_UNSPEC && !families.Allows(hints.ai_family)) return ENOTCAPABLE;
  addrinfo* res = nullptr;
  int eai = getaddrinfo(host, serv, &hints, &res);
  if (eai == 0) {
    unsigned n = 0;
    for (addrinfo* ai = res; ai != nullptr && n < kMaxResults; ai = ai->ai_next) {
      if (!families.Allows(ai->ai_family) || !SockaddrOk(ai->ai_addr, ai->ai_addrlen) ||
          ai->ai_addr->sa_family == AF_UNIX)
        continue;
      NvPtr item = MakeList();
      nvlist_add_number(item.get(), "ai_flags", static_cast<uint64_t>(ai->ai_flags));
      nvlist_add_number(item.get(), "ai_family", static_cast<uint64_t>(ai->ai_family));
      nvlist_add_number(item.get(), "ai_socktype", static_cast<uint64_t>(ai->ai_socktype));
      nvlist_add_number(item.get(), "ai_protocol", static_cast<uint64_t>(ai->ai_protocol));
      nvlist_add_binary(item.get(), "ai_addr", ai->ai_addr, ai->ai_addrlen);
      if (ai->ai_canonname != nullptr)
        nvlist_add_string(item.get(), "ai_canonname", ai->ai_canonname);
      char name[32];
      snprintf(name, sizeof(name), "res%u", n++);
      nvlist_move_nvlist(out, name, item.release());
      if (seen != nullptr) {
        auto* b = reinterpret_cast<const unsigned char*>(ai->ai_addr);
        seen->emplace_back(b, b + ai->ai_addrlen);
      }
    }
    freeaddrinfo(res);
    if (n == 0) eai = EAI_NONAME;  // every result was of a family the limits exclude
  }
  nvlist_add_number(out, "eai", static_cast<uint64_t>(static_cast<int64_t>(eai)));
  if (eai == EAI_SYSTEM) nvlist_add_number(out, "errno", static_cast<uint64_t>(errno));
  return 0;
}

int ServeGetnameinfo(const nvlist_t* in, nvlist_t* out) {
  size_t salen = 0;
  const void* sa = dnvlist_get_binary(in, "sa", &salen, nullptr, 0);
  if (!SockaddrOk(sa, salen) || FamilyOf(sa) == AF_UNIX) return EINVAL;
  size_t hostlen = dnvlist_get_number(in, "hostlen", 0);
  size_t servlen = dnvlist_get_number(in, "servlen", 0);
  int flags = static_cast<int>(dnvlist_get_number(in, "flags", 0));
  if (hostlen > NI_MAXHOST) hostlen = NI_MAXHOST;
  if (servlen > NI_MAXSERV) servlen = NI_MAXSERV;
  char host[NI_MAXHOST], serv[NI_MAXSERV];
  int eai =
      getnameinfo(static_cast<const sockaddr*>(sa), static_cast<socklen_t>(salen),
                  hostlen ? host : nullptr, hostlen, servlen ? serv : nullptr, servlen, flags);
  nvlist_add_number(out, "eai", static_cast<uint64_t>(static_cast<int64_t>(eai)));
  if (eai == 0) {
    if (hostlen) nvlist_add_string(out, "host", host);
    if (servlen) nvlist_add_string(out, "serv", serv);
  }
  return 0;
}

namespace {

void AddHostent(nvlist_t* out, const hostent* h, const Families& families) {
  if (h == nullptr || !families.Allows(h->h_addrtype) ||
      h->h_length != (h->h_addrtype == AF_INET ? 4 : 16)) {
    nvlist_add_number(out, "h_errno", HOST_NOT_FOUND);
    return;
  }
  nvlist_add_number(out, "h_errno", 0);
  nvlist_add_string(out, "name", h->h_name != nullptr ? h->h_name : "");
  nvlist_add_number(out, "addrtype", static_cast<uint64_t>(h->h_addrtype));
  NvPtr aliases = MakeList(), addrs = MakeList();
  char key[32];
  for (size_t i = 0; h->h_aliases != nullptr && h->h_aliases[i] != nullptr && i < kMaxHostAddrs;
       i++) {
    snprintf(key, sizeof(key), "%zu", i);
    nvlist_add_string(aliases.get(), key, h->h_aliases[i]);
  }
  for (size_t i = 0; h->h_addr_list[i] != nullptr && i < kMaxHostAddrs; i++) {
    snprintf(key, sizeof(key), "%zu", i);
    nvlist_add_binary(addrs.get(), key, h->h_addr_list[i], static_cast<size_t>(h->h_length));
  }
  nvlist_move_nvlist(out, "aliases", aliases.release());
  nvlist_move_nvlist(out, "addrs", addrs.release());
}

}  // namespace

int ServeGethostbyname(const nvlist_t* in, nvlist_t* out, const Families& families) {
  const char* name = dnvlist_get_string(in, "name", nullptr);
  int family = static_cast<int>(dnvlist_get_number(in, "family", AF_INET));
  if (name == nullptr) return EINVAL;
  if (!families.Allows(family)) return ENOTCAPABLE;
  AddHostent(out, gethostbyname2(name, family), families);
  return 0;
}

int ServeGethostbyaddr(const nvlist_t* in, nvlist_t* out) {
  size_t len = 0;
  const void* addr = dnvlist_get_binary(in, "addr", &len, nullptr, 0);
  int family = static_cast<int>(dnvlist_get_number(in, "family", AF_INET));
  if (addr == nullptr || (family != AF_INET && family != AF_INET6) ||
      len != (family == AF_INET ? 4u : 16u))
    return EINVAL;
  AddHostent(out, gethostbyaddr(addr, static_cast<socklen_t>(len), family), Families{});
  return 0;
}

namespace {

// The last answer of cap_gethostby*, per thread, like gethostbyname's static storage.
struct HostStorage {
  hostent h{};
  std::string name;
  std::vector<std::string> aliases;
  std::vector<char*> alias_ptrs;
  std::vector<std::vector<char>> addrs;
  std::vector<char*> addr_ptrs;
};
thread_local HostStorage host_storage;

// Values "0", "1", ... of list, each of type, in order; false if the list holds anything else.
template <class F>
bool Numbered(const nvlist_t* list, int type, size_t max, F&& each) {
  size_t n = 0;
  int t;
  void* cookie = nullptr;
  while (nvlist_next(list, &t, &cookie) != nullptr) n++;
  if (n > max) return false;
  char key[32];
  for (size_t i = 0; i < n; i++) {
    snprintf(key, sizeof(key), "%zu", i);
    if (!nvlist_exists_type(list, key, type) || !each(key)) return false;
  }
  return true;
}

hostent* Fail(int herr, int err) {
  h_errno = herr;
  if (err != 0) errno = err;
  return nullptr;
}

hostent* HostentFromAnswer(NvPtr answer) {
  if (!answer) return Fail(NO_RECOVERY, 0);
  if (!nvlist_exists_number(answer.get(), "h_errno")) return Fail(NO_RECOVERY, EBADMSG);
  uint64_t herr = nvlist_get_number(answer.get(), "h_errno");
  if (herr != 0) return Fail(herr <= NO_DATA ? static_cast<int>(herr) : NO_RECOVERY, 0);
  const char* name = dnvlist_get_string(answer.get(), "name", nullptr);
  uint64_t type = dnvlist_get_number(answer.get(), "addrtype", 0);
  const nvlist_t* aliases = dnvlist_get_nvlist(answer.get(), "aliases", nullptr);
  const nvlist_t* addrs = dnvlist_get_nvlist(answer.get(), "addrs", nullptr);
  size_t length = type == AF_INET ? 4 : type == AF_INET6 ? 16 : 0;
  if (name == nullptr || length == 0 || aliases == nullptr || addrs == nullptr)
    return Fail(NO_RECOVERY, EBADMSG);
  try {
    HostStorage s;
    s.name = name;
    bool ok = Numbered(aliases, NV_TYPE_STRING, kMaxHostAddrs, [&](const char* key) {
      s.aliases.emplace_back(nvlist_get_string(aliases, key));
      return true;
    });
    ok = ok && Numbered(addrs, NV_TYPE_BINARY, kMaxHostAddrs, [&](const char* key) {
           size_t n;
           auto* b = static_cast<const char*>(nvlist_get_binary(addrs, key, &n));
           if (n != length) return false;
           s.addrs.emplace_back(b, b + n);
           return true;
         });
    if (!ok) return Fail(NO_RECOVERY, EBADMSG);
    HostStorage& h = host_storage;
    h = std::move(s);
    h.alias_ptrs.clear();
    for (auto& a : h.aliases) h.alias_ptrs.push_back(a.data());
    h.alias_ptrs.push_back(nullptr);
    h.addr_ptrs.clear();
    for (auto& a : h.addrs) h.addr_ptrs.push_back(a.data());
    h.addr_ptrs.push_back(nullptr);
    h.h.h_name = h.name.data();
    h.h.h_aliases = h.alias_ptrs.data();
    h.h.h_addrtype = static_cast<int>(type);
    h.h.h_length = static_cast<int>(length);
    h.h.h_addr_list = h.addr_ptrs.data();
    return &h.h;
  } catch (...) {
    return Fail(NO_RECOVERY, ENOMEM);
  }
}

// One addrinfo as glibc's freeaddrinfo() frees it: the struct and its address in one block,
// the canonical name in another.
addrinfo* NewAddrinfo(const nvlist_t* item) {
  size_t len = 0;
  const void* addr = dnvlist_get_binary(item, "ai_addr", &len, nullptr, 0);
  uint64_t family = dnvlist_get_number(item, "ai_family", 0);
  if (!nvlist_exists_number(item, "ai_family") || !nvlist_exists_number(item, "ai_socktype") ||
      !nvlist_exists_number(item, "ai_protocol") || !nvlist_exists_number(item, "ai_flags") ||
      !SockaddrOk(addr, len) || FamilyOf(addr) != family || family == AF_UNIX)
    return nullptr;
  const char* canon = dnvlist_get_string(item, "ai_canonname", nullptr);
  auto* ai = static_cast<addrinfo*>(calloc(1, sizeof(addrinfo) + len));
  if (ai == nullptr) return nullptr;
  ai->ai_flags = static_cast<int>(nvlist_get_number(item, "ai_flags"));
  ai->ai_family = static_cast<int>(family);
  ai->ai_socktype = static_cast<int>(nvlist_get_number(item, "ai_socktype"));
  ai->ai_protocol = static_cast<int>(nvlist_get_number(item, "ai_protocol"));
  ai->ai_addrlen = static_cast<socklen_t>(len);
  ai->ai_addr = reinterpret_cast<sockaddr*>(ai + 1);
  memcpy(ai->ai_addr, addr, len);
  if (canon != nullptr && (ai->ai_canonname = strdup(canon)) == nullptr) {
    free(ai);
    return nullptr;
  }
  return ai;
}

}  // namespace
}  // namespace capsicum::casper

namespace cc = capsicum::casper;

CASPER_EXPORT int cap_getaddrinfo(cap_channel_t* chan, const char* hostname, const char* servname,
                                  const struct addrinfo* hints, struct addrinfo** res) noexcept {
  if (res == nullptr || (hostname == nullptr && servname == nullptr)) return EAI_NONAME;
  cc::NvPtr req = cc::Request("getaddrinfo", chan);
  if (hostname != nullptr) nvlist_add_string(req.get(), "hostname", hostname);
  if (servname != nullptr) nvlist_add_string(req.get(), "servname", servname);
  if (hints != nullptr) {
    nvlist_add_number(req.get(), "hints.ai_flags", static_cast<uint64_t>(hints->ai_flags));
    nvlist_add_number(req.get(), "hints.ai_family", static_cast<uint64_t>(hints->ai_family));
    nvlist_add_number(req.get(), "hints.ai_socktype", static_cast<uint64_t>(hints->ai_socktype));
    nvlist_add_number(req.get(), "hints.ai_protocol", static_cast<uint64_t>(hints->ai_protocol));
  }
  cc::NvPtr answer = cc::Call(chan, std::move(req));
  if (!answer) return EAI_SYSTEM;  // errno: the service's refusal (ENOTCAPABLE, ...)
  if (!nvlist_exists_number(answer.get(), "eai")) {
    errno = EBADMSG;
    return EAI_SYSTEM;
  }
  int eai = static_cast<int>(static_cast<int64_t>(nvlist_get_number(answer.get(), "eai")));
  if (eai != 0) {
    if (eai == EAI_SYSTEM) errno = static_cast<int>(dnvlist_get_number(answer.get(), "errno", EIO));
    return eai;
  }
  addrinfo* first = nullptr;
  addrinfo** tail = &first;
  char key[32];
  size_t n = 0;
  for (;; n++) {
    snprintf(key, sizeof(key), "res%zu", n);
    const nvlist_t* item = dnvlist_get_nvlist(answer.get(), key, nullptr);
    if (item == nullptr) break;
    addrinfo* ai = n < cc::kMaxResults ? cc::NewAddrinfo(item) : nullptr;
    if (ai == nullptr) {
      freeaddrinfo(first);
      errno = EBADMSG;
      return EAI_SYSTEM;
    }
    *tail = ai;
    tail = &ai->ai_next;
  }
  if (first == nullptr) return EAI_NONAME;
  *res = first;
  return 0;
}

CASPER_EXPORT int cap_getnameinfo(cap_channel_t* chan, const struct sockaddr* sa, socklen_t salen,
                                  char* host, size_t hostlen, char* serv, size_t servlen,
                                  int flags) noexcept {
  if (!cc::SockaddrOk(sa, salen)) return EAI_FAMILY;
  if (host == nullptr) hostlen = 0;
  if (serv == nullptr) servlen = 0;
  if (hostlen == 0 && servlen == 0) return EAI_NONAME;
  cc::NvPtr req = cc::Request("getnameinfo", chan);
  nvlist_add_binary(req.get(), "sa", sa, salen);
  nvlist_add_number(req.get(), "hostlen", hostlen);
  nvlist_add_number(req.get(), "servlen", servlen);
  nvlist_add_number(req.get(), "flags", static_cast<uint64_t>(flags));
  cc::NvPtr answer = cc::Call(chan, std::move(req));
  if (!answer) return EAI_SYSTEM;
  if (!nvlist_exists_number(answer.get(), "eai")) {
    errno = EBADMSG;
    return EAI_SYSTEM;
  }
  int eai = static_cast<int>(static_cast<int64_t>(nvlist_get_number(answer.get(), "eai")));
  if (eai != 0) return eai;
  const char* h = dnvlist_get_string(answer.get(), "host", nullptr);
  const char* s = dnvlist_get_string(answer.get(), "serv", nullptr);
  if ((hostlen != 0 && h == nullptr) || (servlen != 0 && s == nullptr)) {
    errno = EBADMSG;
    return EAI_SYSTEM;
  }
  if ((hostlen != 0 && strlen(h) >= hostlen) || (servlen != 0 && strlen(s) >= servlen))
    return EAI_OVERFLOW;
  if (hostlen != 0) strcpy(host, h);
  if (servlen != 0) strcpy(serv, s);
  return 0;
}

CASPER_EXPORT struct hostent* cap_gethostbyname2(cap_channel_t* chan, const char* name,
                                                 int af) noexcept {
  if (name == nullptr) return cc::Fail(HOST_NOT_FOUND, EINVAL);
  cc::NvPtr req = cc::Request("gethostbyname", chan);
  nvlist_add_string(req.get(), "name", name);
  nvlist_add_number(req.get(), "family", static_cast<uint64_t>(af));
  return cc::HostentFromAnswer(cc::Call(chan, std::move(req)));
}

CASPER_EXPORT struct hostent* cap_gethostbyname(cap_channel_t* chan, const char* name) noexcept {
  return cap_gethostbyname2(chan, name, AF_INET);
}

CASPER_EXPORT struct hostent* cap_gethostbyaddr(cap_channel_t* chan, const void* addr,
                                                socklen_t len, int af) noexcept {
  if (addr == nullptr) return cc::Fail(HOST_NOT_FOUND, EINVAL);
  cc::NvPtr req = cc::Request("gethostbyaddr", chan);
  nvlist_add_binary(req.get(), "addr", addr, len);
  nvlist_add_number(req.get(), "family", static_cast<uint64_t>(af));
  return cc::HostentFromAnswer(cc::Call(chan, std::move(req)));
}
