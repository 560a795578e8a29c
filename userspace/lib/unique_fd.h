// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - UniqueFd: a move-only owner of one file descriptor.
#ifndef CAPSICUM_USERSPACE_LIB_UNIQUE_FD_H_
#define CAPSICUM_USERSPACE_LIB_UNIQUE_FD_H_

#include <capsicum/capsicum.hpp>

namespace capsicum {

// The library's name for the public capsicum::Fd (get, valid, release, reset).
using UniqueFd = Fd;

}  // namespace capsicum

#endif  // CAPSICUM_USERSPACE_LIB_UNIQUE_FD_H_
