// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test helper: a stand-in for the module's ABI-2 ioctls.
//
// Installs itself with SetIoctlForTesting() over /dev/null, records what the library sent and
// answers as the module documents in uapi/linux/capsicum.h, from the state a test sets up.
#ifndef CAPSICUM_TESTS_HOST_FAKE_MODULE_H_
#define CAPSICUM_TESTS_HOST_FAKE_MODULE_H_

#include <linux/filter.h>
#include <stdint.h>
#include <sys/capsicum.h>

#include <vector>

namespace capsicum_test {

struct FakeModule {
  FakeModule() { CAP_ALL(&rights); }

  // Answer: 0 to succeed, else the errno every ioctl fails with.
  int error = 0;
  // FD_QUERY of this descriptor fails with EBADF (as for one closed meanwhile).
  int closed_fd = -2;
  // The descriptor's state, as GET and FD_QUERY report it; a new fake: never limited.
  uint32_t fcntls = CAP_FCNTL_ALL;
  bool all_ioctls = true;
  std::vector<uint64_t> ioctls;
  uint32_t flags = 0;
  cap_rights_t rights{};
  // GETMODE's answer; SECCOMP_FILTER's filter, and an errno that ioctl alone fails with (0:
  // none); an errno ENTER alone fails with.
  uint32_t mode = 0;
  std::vector<struct sock_filter> filter;
  int filter_error = 0;
  int enter_error = 0;

  // What the library sent: the last request (ioctl number without its size) and argument.
  unsigned long request = 0;
  int calls = 0;
  uint32_t size = 0;
  int32_t fd = 0;
  int32_t pid = 0;
  int64_t capacity = 0;             // ncmds / nioctls as sent
  std::vector<uint64_t> sent_cmds;  // IOCTLS_LIMIT's list
  cap_rights_t sent_rights{};       // RIGHTS_LIMIT's set
  uint32_t sent_fcntls = 0;
  std::vector<unsigned long> requests;  // every request, in order (without the size)
};

// Installs `module` (nullptr: uninstalls) as the device's ioctl(2), over /dev/null.
void InstallFakeModule(FakeModule* module);

}  // namespace capsicum_test

#endif  // CAPSICUM_TESTS_HOST_FAKE_MODULE_H_
