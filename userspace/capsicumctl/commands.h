// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl's commands; each returns the process exit code.
#ifndef CAPSICUM_CAPSICUMCTL_COMMANDS_H_
#define CAPSICUM_CAPSICUMCTL_COMMANDS_H_

#include <sys/types.h>

#include <string>

namespace capsicumctl {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Loads capsicum.ko (from module_path, or DefaultModulePath() if empty), attaches and pins the
// BPF-LSM programs, arms the module.  Every step already done is reported and skipped.
int Load(const std::string& module_path);

// Disarms the module (refused while a sandbox is live), removes the pins, unloads the module.
int Unload();

// Prints what is loaded, attached, armed and enforced.
int PrintStatus();

// Prints the rights, fcntls and ioctls of every descriptor of process `pid`, as text or JSON.
int PrintFdRights(pid_t pid, bool json);

// Prints every capability violation (of process `pid`, or of all when 0) as it happens, as
// text or JSON lines, until SIGINT/SIGTERM or `count` events (0: no limit).
int Trace(pid_t pid, bool json, long count);

// The global trap switch (kern.trap_enotcap): prints it when `state` is empty, else sets it to
// "on" or "off".
int Trap(const std::string& state);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_COMMANDS_H_
