// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - stand-in for programs.cc when no skeleton was given (CAPSICUM_SKEL_DIR).

#include "programs.h"

namespace capsicumctl {
namespace {

Failure NoSkeleton() {
  return Failure{
      "this capsicumctl was built without the BPF programs (configure with "
      "-DCAPSICUM_SKEL_DIR=<directory of capsicum.skel.h>)"};
}

}  // namespace

Outcome<std::vector<std::string>> ProgramNames() { return NoSkeleton(); }

Outcome<int> AttachAndPin() { return NoSkeleton(); }

}  // namespace capsicumctl
