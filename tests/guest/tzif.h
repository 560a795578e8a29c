// SPDX-License-Identifier: BSD-2-Clause
// capsicum-e2e: a time zone file for the caph_cache_tzdata tests (the guest has no tzdata).
#ifndef CAPSICUM_E2E_TZIF_H_
#define CAPSICUM_E2E_TZIF_H_

#include <string>

namespace capsicum_e2e {

// A version-1 TZif file (RFC 8536) with no transitions and one local time type: UTC+1,
// standard time, abbreviated "TST".
inline std::string TzifPlusOneHour() {
  std::string z("TZif", 4);
  z.append(16, '\0');                             // version 1, 15 reserved bytes
  const unsigned counts[6] = {0, 0, 0, 0, 1, 4};  // isut, isstd, leap, time, type, char
  for (unsigned c : counts) {
    z += static_cast<char>(c >> 24);
    z += static_cast<char>(c >> 16);
    z += static_cast<char>(c >> 8);
    z += static_cast<char>(c);
  }
  z.append(std::string("\0\0\x0e\x10", 4));  // utoff 3600, big-endian
  z.append(std::string("\0\0", 2));          // isdst 0, desigidx 0
  z.append(std::string("TST\0", 4));
  return z;
}

}  // namespace capsicum_e2e

#endif  // CAPSICUM_E2E_TZIF_H_
