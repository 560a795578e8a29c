// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - loading and unloading capsicum.ko (finit_module, delete_module).
#ifndef CAPSICUM_CAPSICUMCTL_KMOD_H_
#define CAPSICUM_CAPSICUMCTL_KMOD_H_

#include <string>

#include "failure.h"

namespace capsicumctl {

inline constexpr const char* kModuleName = "capsicum";

// Whether the module is in the kernel (/sys/module/capsicum exists).
bool ModuleLoaded();

// /lib/modules/$(uname -r)/extra/capsicum.ko
std::string DefaultModulePath();

// finit_module() of the file at `path`.  True if loaded now, false if it already was (EEXIST).
Outcome<bool> LoadModule(const std::string& path);

// delete_module("capsicum", O_NONBLOCK), retried while the module is busy (program free is
// RCU-deferred after the BPF links go) for up to `timeout_ms`.  True if unloaded now, false if
// it was not loaded.
Outcome<bool> UnloadModule(int timeout_ms);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_KMOD_H_
