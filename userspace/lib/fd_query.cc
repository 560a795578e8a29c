// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - QueryFd: the rights, fcntls and ioctls of any process's descriptor.

#include "fd_query.h"

#include <errno.h>
#include <string.h>

#include <new>

#include "device.h"

namespace capsicum {
namespace {

// A count above this is no list a module could hold, but a broken answer.
constexpr __s64 kIoctlListLimit = 1 << 16;

// One CAPSICUM_IOC_FD_QUERY, with room for ioctls.size() commands in `ioctls`.
Result<struct capsicum_fd_query> QueryOnce(pid_t pid, int fd, std::vector<uint64_t>& ioctls) {
  struct capsicum_fd_query q;
  memset(&q, 0, sizeof(q));
  q.size = sizeof(q);
  q.pid = pid;
  q.fd = fd;
  q.ioctls = reinterpret_cast<uintptr_t>(ioctls.data());
  q.nioctls = static_cast<__s64>(ioctls.size());
  if (auto ret = internal::DeviceIoctl(CAPSICUM_IOC_FD_QUERY, &q); !ret.ok()) return ret.error();
  if (q.nioctls < 0 || (q.nioctls > kIoctlListLimit && q.nioctls != CAP_IOCTLS_ALL)) {
    return Errno{EPROTO};
  }
  return q;
}

}  // namespace

Result<FdInfo> QueryFd(pid_t pid, int fd) noexcept try {
  // CAP_IOCTLS_MAX is the longest list a descriptor can hold, so one call is enough; the loop
  // only guards against a module that allows longer lists one day.  Lists only shrink, so the
  // second call, sized by the first's count, always fits.
  std::vector<uint64_t> ioctls(CAP_IOCTLS_MAX);
  for (int attempt = 0; attempt < 2; attempt++) {
    auto q = QueryOnce(pid, fd, ioctls);
    if (!q.ok()) return q.error();
    FdInfo info;
    info.flags = q.value().flags;
    info.rights = q.value().rights;
    info.fcntls = q.value().fcntls;
    const __s64 count = q.value().nioctls;
    if (count == CAP_IOCTLS_ALL) return info;
    if (static_cast<uint64_t>(count) <= ioctls.size()) {
      ioctls.resize(static_cast<size_t>(count));
      info.ioctls = std::move(ioctls);
      return info;
    }
    ioctls.resize(static_cast<size_t>(count));
  }
  return Errno{EPROTO};
} catch (const std::bad_alloc&) {
  return Errno{ENOMEM};
}

}  // namespace capsicum
