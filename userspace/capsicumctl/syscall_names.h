// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - syscall names by number, for capsicumctl trace.
#ifndef CAPSICUM_CAPSICUMCTL_SYSCALL_NAMES_H_
#define CAPSICUM_CAPSICUMCTL_SYSCALL_NAMES_H_

#include <string>

namespace capsicumctl {

// The name of x86-64 syscall `nr` ("read", "openat"), or of ia32 syscall `nr` when `ia32`;
// "syscall_N" for a number the table (the build machine's <asm/unistd_*.h>) does not know.
std::string SyscallName(int nr, bool ia32);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_SYSCALL_NAMES_H_
