/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - casper's system.dns: name and address lookups. */
#ifndef _CAP_DNS_H_
#define _CAP_DNS_H_

#include <sys/socket.h>
#include <netdb.h>

#include <libcasper.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Also served by system.net (<casper/cap_net.h>), under its own limits. */
struct hostent *cap_gethostbyname(cap_channel_t *chan, const char *name) NV_NOEXCEPT;
struct hostent *cap_gethostbyname2(cap_channel_t *chan, const char *name, int af) NV_NOEXCEPT;
struct hostent *cap_gethostbyaddr(cap_channel_t *chan, const void *addr, socklen_t len,
                                  int af) NV_NOEXCEPT;
int cap_getaddrinfo(cap_channel_t *chan, const char *hostname, const char *servname,
                    const struct addrinfo *hints, struct addrinfo **res) NV_NOEXCEPT;
int cap_getnameinfo(cap_channel_t *chan, const struct sockaddr *sa, socklen_t salen, char *host,
                    size_t hostlen, char *serv, size_t servlen, int flags) NV_NOEXCEPT;

/* types: "NAME2ADDR" (getaddrinfo, gethostbyname), "ADDR2NAME" (getnameinfo, gethostbyaddr);
 * "NAME" and "ADDR" are their old names. families: AF_INET, AF_INET6. */
int cap_dns_type_limit(cap_channel_t *chan, const char *const *types, size_t ntypes) NV_NOEXCEPT;
int cap_dns_family_limit(cap_channel_t *chan, const int *families,
                         size_t nfamilies) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_CAP_DNS_H_ */
