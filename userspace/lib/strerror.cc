// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - cap_strerror: strerror(3) that also knows ECAPMODE and ENOTCAPABLE.

#include <string.h>
#include <sys/capsicum.h>

#include "c_api.h"

extern "C" CAPSICUM_EXPORT const char* cap_strerror(int errnum) noexcept {
  // FreeBSD's wording (lib/libc/gen/errlst.c).
  switch (errnum) {
    case ECAPMODE:
      return "Not permitted in capability mode";
    case ENOTCAPABLE:
      return "Capabilities insufficient";
    default:
      return strerror(errnum);
  }
}
