// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - syscall names by number, from the generated syscall_table.inc.

#include "syscall_names.h"

#include <span>
#include <string_view>

namespace capsicumctl {
namespace {

struct SyscallName {
  int nr;
  std::string_view name;
};

#include "syscall_table.inc"

std::string_view Find(std::span<const SyscallName> table, int nr) {
  for (const SyscallName& s : table) {
    if (s.nr == nr) return s.name;
  }
  return {};
}

}  // namespace

std::string SyscallName(int nr, bool ia32) {
  const std::string_view name = ia32 ? Find(kSyscalls32, nr) : Find(kSyscalls64, nr);
  if (name.empty()) return "syscall_" + std::to_string(nr);
  return std::string(name);
}

}  // namespace capsicumctl
