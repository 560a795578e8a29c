/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - casper's system.net: bind, connect and lookups under limits. */
#ifndef _CAP_NETWORK_H_
#define _CAP_NETWORK_H_

#include <sys/dnv.h>
#include <sys/nv.h>
#include <sys/socket.h>

#include <stdint.h>

#include <libcasper.h>

struct addrinfo;
struct hostent;

struct cap_net_limit;
typedef struct cap_net_limit cap_net_limit_t;

#define CAPNET_ADDR2NAME (0x01)
#define CAPNET_NAME2ADDR (0x02)
#define CAPNET_DEPRECATED_ADDR2NAME (0x04)
#define CAPNET_DEPRECATED_NAME2ADDR (0x08)
#define CAPNET_CONNECT (0x10)
#define CAPNET_BIND (0x20)
#define CAPNET_CONNECTDNS (0x40)

#ifdef __cplusplus
extern "C" {
#endif

int cap_bind(cap_channel_t *chan, int s, const struct sockaddr *addr,
             socklen_t addrlen) NV_NOEXCEPT;
int cap_connect(cap_channel_t *chan, int s, const struct sockaddr *name,
                socklen_t namelen) NV_NOEXCEPT;

int cap_getaddrinfo(cap_channel_t *chan, const char *hostname, const char *servname,
                    const struct addrinfo *hints, struct addrinfo **res) NV_NOEXCEPT;
int cap_getnameinfo(cap_channel_t *chan, const struct sockaddr *sa, socklen_t salen, char *host,
                    size_t hostlen, char *serv, size_t servlen, int flags) NV_NOEXCEPT;

/* FreeBSD names a function like its type: C++ warns (-Wshadow) that it hides the type's
 * constructor, which no caller uses. */
#if defined(__cplusplus) && defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#endif
cap_net_limit_t *cap_net_limit_init(cap_channel_t *chan, uint64_t mode) NV_NOEXCEPT;
/* Sends the limits and frees limit, whatever the outcome. */
int cap_net_limit(cap_net_limit_t *limit) NV_NOEXCEPT;
void cap_net_free(cap_net_limit_t *limit) NV_NOEXCEPT;
#if defined(__cplusplus) && defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

cap_net_limit_t *cap_net_limit_addr2name_family(cap_net_limit_t *limit, int *family,
                                                size_t size) NV_NOEXCEPT;
cap_net_limit_t *cap_net_limit_addr2name(cap_net_limit_t *limit, const struct sockaddr *sa,
                                         socklen_t salen) NV_NOEXCEPT;
cap_net_limit_t *cap_net_limit_name2addr_family(cap_net_limit_t *limit, int *family,
                                                size_t size) NV_NOEXCEPT;
cap_net_limit_t *cap_net_limit_name2addr(cap_net_limit_t *limit, const char *name,
                                         const char *serv) NV_NOEXCEPT;
cap_net_limit_t *cap_net_limit_connect(cap_net_limit_t *limit, const struct sockaddr *sa,
                                       socklen_t salen) NV_NOEXCEPT;
cap_net_limit_t *cap_net_limit_bind(cap_net_limit_t *limit, const struct sockaddr *sa,
                                    socklen_t salen) NV_NOEXCEPT;

struct hostent *cap_gethostbyname(cap_channel_t *chan, const char *name) NV_NOEXCEPT;
struct hostent *cap_gethostbyname2(cap_channel_t *chan, const char *name, int af) NV_NOEXCEPT;
struct hostent *cap_gethostbyaddr(cap_channel_t *chan, const void *addr, socklen_t len,
                                  int af) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_CAP_NETWORK_H_ */
