// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the BPF-LSM programs embedded in capsicumctl (lsm/'s skeleton).
#ifndef CAPSICUM_CAPSICUMCTL_PROGRAMS_H_
#define CAPSICUM_CAPSICUMCTL_PROGRAMS_H_

#include <string>
#include <vector>

#include "failure.h"

namespace capsicumctl {

// Names of the programs of the embedded object (no kernel needed: the object is only opened).
Outcome<std::vector<std::string>> ProgramNames();

// Loads the embedded object, attaches every program and pins each link at PinPath(name).
// On failure, pins made by this call are removed again.  Returns the number of programs.
Outcome<int> AttachAndPin();

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_PROGRAMS_H_
