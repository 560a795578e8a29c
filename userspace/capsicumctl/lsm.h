// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - is BPF-LSM active? (the "bpf" entry of /sys/kernel/security/lsm)
#ifndef CAPSICUM_CAPSICUMCTL_LSM_H_
#define CAPSICUM_CAPSICUMCTL_LSM_H_

#include <string>

namespace capsicumctl {

inline constexpr const char* kLsmFile = "/sys/kernel/security/lsm";

struct BpfLsm {
  enum class State { kActive, kInactive, kUnknown };
  State state;
  // kActive/kInactive: the active LSM list; kUnknown: why it could not be read.
  std::string detail;
};

BpfLsm ProbeBpfLsm();

// "active", "not active (lsm: <list>)" or "unknown (<why>)".
std::string Describe(const BpfLsm& lsm);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_LSM_H_
