// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - what system.dns and system.net share: name lookups and address checks.
#ifndef CAPSICUM_USERSPACE_CASPER_LOOKUP_H_
#define CAPSICUM_USERSPACE_CASPER_LOOKUP_H_

#include <sys/nv.h>
#include <sys/socket.h>

#include <vector>

namespace capsicum::casper {

// Is (addr, len) a whole AF_INET, AF_INET6 or AF_UNIX address?
bool SockaddrOk(const void* addr, size_t len);
// The same family, address and port (AF_UNIX: path)?
bool SameSockaddr(const void* a, size_t alen, const void* b, size_t blen);
// Does some value of list (an nvlist of numbers, strings or binaries) equal this one?
bool ListHasNumber(const nvlist_t* list, uint64_t value);
bool ListHasString(const nvlist_t* list, const char* value);
bool ListHasSockaddr(const nvlist_t* list, const void* addr, size_t len);
// Is every value of sub also a value of super (same type)? Nested lists compare whole.
bool ValuesSubset(const nvlist_t* sub, const nvlist_t* super);
// Are the only pairs of list values of type (names free)?
bool AllOfType(const nvlist_t* list, int type);

// Service side of the lookups, on the request in; family filter: may a result of this family
// be given (nullptr: any)? The answers carry "eai" (getaddrinfo, getnameinfo) or "h_errno".
struct Families {
  const nvlist_t* list = nullptr;  // numbers; nullptr: every family
  bool Allows(int family) const;
};
int ServeGetaddrinfo(const nvlist_t* in, nvlist_t* out, const Families& families,
                     std::vector<std::vector<unsigned char>>* seen);
int ServeGetnameinfo(const nvlist_t* in, nvlist_t* out);
int ServeGethostbyname(const nvlist_t* in, nvlist_t* out, const Families& families);
int ServeGethostbyaddr(const nvlist_t* in, nvlist_t* out);

}  // namespace capsicum::casper

#endif  // CAPSICUM_USERSPACE_CASPER_LOOKUP_H_
