// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the pinned BPF links in /sys/fs/bpf/capsicum/<program name>.
//
// A pinned link keeps its program attached after capsicumctl exits; unlinking the pin (and
// nothing else holding the link) detaches it.
#ifndef CAPSICUM_CAPSICUMCTL_PINS_H_
#define CAPSICUM_CAPSICUMCTL_PINS_H_

#include <stdint.h>

#include <string>
#include <vector>

#include "failure.h"

namespace capsicumctl {

inline constexpr const char* kBpffs = "/sys/fs/bpf";
inline constexpr const char* kPinDir = "/sys/fs/bpf/capsicum";

std::string PinPath(const std::string& program);

// Mounts bpffs on /sys/fs/bpf unless one is there, and creates the pin directory (0700).
Outcome<> EnsurePinDir();

// Names of the entries of the pin directory, sorted; empty if the directory does not exist.
Outcome<std::vector<std::string>> PinNames();

// Whether `program`'s pin exists and is a BPF link.
bool PinIsLink(const std::string& program);

// What the kernel says about one pinned link.
struct LinkInfo {
  uint32_t link_id = 0;
  uint32_t prog_id = 0;
  std::string prog_name;    // the kernel's name, truncated to 15 characters
  std::string attach_type;  // libbpf's name, e.g. "lsm_mac"
  std::string hook;         // e.g. "lsm/file_permission"
};
Outcome<LinkInfo> InspectPin(const std::string& program);

// Unlinks the pins of `programs` (missing ones are fine).  Returns how many were removed.
Outcome<int> RemovePins(const std::vector<std::string>& programs);

// Unlinks every pin and the directory.  Returns how many pins were removed.
Outcome<int> RemoveAllPins();

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_PINS_H_
