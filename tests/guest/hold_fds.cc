// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e --hold-limited-fds DIR: a process whose descriptors `capsicumctl rights` reads.
//
// The section `capsicumctl-rights` of tests/guest/vm-check.sh starts this binary with the
// flag, waits for DIR/pid, compares `capsicumctl rights PID` (text and --json) with what is
// set up here, and kills it.  An ELF constructor handles the flag before main() and gtest,
// like --abi2-protocol-child in propagation_test.cc: no new program in the initramfs.
//
// The descriptors, each a fresh open of its own file in DIR (so the NAME column tells them
// apart), moved to fixed numbers:
//
//   20  DIR/held-rights   cap_rights_limit(CAP_READ|CAP_FSTAT): no fcntls, no ioctls
//   21  DIR/held-fcntls   cap_rights_limit(CAP_READ|CAP_FSTAT|CAP_FCNTL), cap_fcntls_limit(GETFL)
//   22  DIR/held-ioctls   cap_ioctls_limit({FIONREAD}): every right and fcntl, one ioctl
//   23  DIR/held-plain    never limited
//
// (CAP_READ|CAP_FSTAT with the fcntl list {GETFL} is not a state a descriptor can be in: a
// rights set without CAP_FCNTL empties the list, FreeBSD's rule, so 21 holds CAP_FCNTL too.)
//
// Any failure prints `[hold] ...` on stderr and exits 1 before DIR/pid exists.  Once ready it
// waits for a signal; a watchdog ends it after kHoldSeconds if nobody does.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capsicum.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <string>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

constexpr char kHoldLimitedFdsFlag[] = "--hold-limited-fds";
constexpr unsigned kHoldSeconds = 120;

[[noreturn]] void Fail(const std::string& what) {
  fprintf(stderr, "[hold] %s: %s\n", what.c_str(), DescribeErrno(errno).c_str());
  _exit(1);
}

// Creates DIR/NAME and opens it read-only as descriptor `number`.
void OpenAs(const std::string& dir, const char* name, int number) {
  const std::string path = dir + "/" + name;
  const int fd = open(path.c_str(), O_RDONLY | O_CREAT, 0644);
  if (fd < 0) Fail("open " + path);
  if (dup2(fd, number) != number) Fail("dup2 " + path);
  close(fd);
}

int HoldLimitedFds(const std::string& dir) {
  OpenAs(dir, "held-rights", 20);
  OpenAs(dir, "held-fcntls", 21);
  OpenAs(dir, "held-ioctls", 22);
  OpenAs(dir, "held-plain", 23);

  cap_rights_t rights;
  cap_rights_init(&rights, CAP_READ, CAP_FSTAT);
  if (cap_rights_limit(20, &rights) != 0) Fail("cap_rights_limit(20)");
  cap_rights_init(&rights, CAP_READ, CAP_FSTAT, CAP_FCNTL);
  if (cap_rights_limit(21, &rights) != 0) Fail("cap_rights_limit(21)");
  if (cap_fcntls_limit(21, CAP_FCNTL_GETFL) != 0) Fail("cap_fcntls_limit(21)");
  const cap_ioctl_t cmds[1] = {FIONREAD};
  if (cap_ioctls_limit(22, cmds, 1) != 0) Fail("cap_ioctls_limit(22)");

  // DIR/pid appears whole (rename), and only once everything above is in place.
  const std::string pid = std::to_string(getpid()) + "\n";
  const std::string tmp = dir + "/pid.tmp";
  const int out = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) Fail("open " + tmp);
  if (write(out, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) Fail("write " + tmp);
  close(out);
  if (rename(tmp.c_str(), (dir + "/pid").c_str()) != 0) Fail("rename " + tmp);
  fprintf(stderr, "[hold] pid %d holds descriptors 20-23 of %s\n", getpid(), dir.c_str());
  alarm(kHoldSeconds);
  for (;;) pause();
}

// glibc passes argc/argv to ELF constructors, in static programs too.
__attribute__((constructor)) void HoldLimitedFdsBeforeMain(int argc, char** argv, char**) {
  if (argc != 3 || strcmp(argv[1], kHoldLimitedFdsFlag) != 0) return;
  _exit(HoldLimitedFds(argv[2]));
}

}  // namespace
}  // namespace capsicum_e2e
