// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - is BPF-LSM active? (the "bpf" entry of /sys/kernel/security/lsm)

#include "lsm.h"

#include <errno.h>
#include <sys/capsicum.h>

#include <fstream>
#include <sstream>

namespace capsicumctl {

BpfLsm ProbeBpfLsm() {
  std::ifstream in(kLsmFile);
  if (!in) {
    int err = errno;
    return {BpfLsm::State::kUnknown, std::string("cannot read ") + kLsmFile + ": " +
                                         cap_strerror(err) + "; is securityfs mounted?"};
  }
  std::string list;
  std::getline(in, list);
  std::stringstream names(list);
  for (std::string name; std::getline(names, name, ',');) {
    if (name == "bpf") return {BpfLsm::State::kActive, list};
  }
  return {BpfLsm::State::kInactive, list};
}

std::string Describe(const BpfLsm& lsm) {
  switch (lsm.state) {
    case BpfLsm::State::kActive:
      return "active";
    case BpfLsm::State::kInactive:
      return "not active (lsm: " + lsm.detail + ")";
    case BpfLsm::State::kUnknown:
      break;
  }
  return "unknown (" + lsm.detail + ")";
}

}  // namespace capsicumctl
