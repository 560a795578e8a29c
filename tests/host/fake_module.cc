// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test helper: a stand-in for the module's ABI-2 ioctls.

#include "fake_module.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <algorithm>

#include "device.h"

namespace capsicum_test {
namespace {

FakeModule* g_module = nullptr;

uint64_t* UserArray(uint64_t address) { return reinterpret_cast<uint64_t*>(address); }

// Writes min(capacity, count) entries and returns the count, as GET and FD_QUERY do.
int64_t CopyOutList(const FakeModule& m, uint64_t address, int64_t capacity) {
  if (m.all_ioctls) return CAP_IOCTLS_ALL;
  const size_t n = std::min(static_cast<size_t>(capacity), m.ioctls.size());
  std::copy_n(m.ioctls.begin(), n, UserArray(address));
  return static_cast<int64_t>(m.ioctls.size());
}

int Fake(int, unsigned long request, void* arg) {
  FakeModule& m = *g_module;
  m.calls++;
  m.request = request & ~(static_cast<unsigned long>(IOCSIZE_MASK));
  m.requests.push_back(m.request);
  if (m.request == (CAPSICUM_IOC_ENTER & ~IOCSIZE_MASK)) {  // no argument
    errno = m.error != 0 ? m.error : m.enter_error;
    return errno != 0 ? -1 : 0;
  }
  m.size = *static_cast<uint32_t*>(arg);
  if (m.error != 0) {
    errno = m.error;
    return -1;
  }
  if (m.request == (CAPSICUM_IOC_GETMODE & ~IOCSIZE_MASK)) {
    static_cast<struct capsicum_mode*>(arg)->mode = m.mode;
    return 0;
  }
  if (m.request == (CAPSICUM_IOC_SECCOMP_FILTER & ~IOCSIZE_MASK)) {
    auto* a = static_cast<struct capsicum_seccomp_filter_arg*>(arg);
    if (m.filter_error != 0) {
      errno = m.filter_error;
      return -1;
    }
    const uint32_t room = a->count;
    m.capacity = room;
    a->count = static_cast<uint32_t>(m.filter.size());
    if (room < m.filter.size()) {
      errno = ENOSPC;
      return -1;
    }
    std::copy(m.filter.begin(), m.filter.end(),
              reinterpret_cast<struct sock_filter*>(static_cast<uintptr_t>(a->filter)));
    return 0;
  }
  if (m.request == (CAPSICUM_IOC_RIGHTS_LIMIT & ~IOCSIZE_MASK) ||
      m.request == (CAPSICUM_IOC_RIGHTS_GET & ~IOCSIZE_MASK)) {
    auto* a = static_cast<struct capsicum_rights_arg*>(arg);
    m.fd = a->fd;
    if (m.request == (CAPSICUM_IOC_RIGHTS_LIMIT & ~IOCSIZE_MASK))
      m.sent_rights = a->rights;
    else
      a->rights = m.rights;
    return 0;
  }
  if (m.request == (CAPSICUM_IOC_FCNTLS_LIMIT & ~IOCSIZE_MASK) ||
      m.request == (CAPSICUM_IOC_FCNTLS_GET & ~IOCSIZE_MASK)) {
    auto* a = static_cast<struct capsicum_fcntls_arg*>(arg);
    m.fd = a->fd;
    m.sent_fcntls = a->fcntls;
    if (m.request == (CAPSICUM_IOC_FCNTLS_GET & ~IOCSIZE_MASK)) a->fcntls = m.fcntls;
    return 0;
  }
  if (m.request == (CAPSICUM_IOC_IOCTLS_LIMIT & ~IOCSIZE_MASK)) {
    auto* a = static_cast<struct capsicum_ioctls_arg*>(arg);
    m.fd = a->fd;
    m.capacity = a->ncmds;
    m.sent_cmds.assign(UserArray(a->cmds), UserArray(a->cmds) + a->ncmds);
    return 0;
  }
  if (m.request == (CAPSICUM_IOC_IOCTLS_GET & ~IOCSIZE_MASK)) {
    auto* a = static_cast<struct capsicum_ioctls_arg*>(arg);
    m.fd = a->fd;
    m.capacity = a->ncmds;
    a->ncmds = CopyOutList(m, a->cmds, a->ncmds);
    return 0;
  }
  if (m.request == (CAPSICUM_IOC_FD_QUERY & ~IOCSIZE_MASK)) {
    auto* q = static_cast<struct capsicum_fd_query*>(arg);
    m.pid = q->pid;
    m.fd = q->fd;
    m.capacity = q->nioctls;
    if (q->fd == m.closed_fd) {
      errno = EBADF;
      return -1;
    }
    q->flags = m.flags;
    q->rights = m.rights;
    q->fcntls = m.fcntls;
    q->nioctls = CopyOutList(m, q->ioctls, q->nioctls);
    return 0;
  }
  errno = ENOTTY;
  return -1;
}

}  // namespace

void InstallFakeModule(FakeModule* module) {
  g_module = module;
  capsicum::internal::SetDevicePathForTesting(module != nullptr ? "/dev/null" : nullptr);
  capsicum::internal::SetIoctlForTesting(module != nullptr ? Fake : nullptr);
}

}  // namespace capsicum_test
