// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - what every extern "C" entry of libcapsicum shares: export and errno.
#ifndef CAPSICUM_USERSPACE_LIB_C_API_H_
#define CAPSICUM_USERSPACE_LIB_C_API_H_

#include <errno.h>
#include <sys/types.h>

#include "result.h"

// The library is built with hidden visibility; only the C API is exported from libcapsicum.so.
#define CAPSICUM_EXPORT __attribute__((visibility("default")))

namespace capsicum {

// The one translator from internal errors to the C convention: 0, or -1 with errno set (and,
// below, its form for a call that returns a count).
inline int ToC(const Status& status) noexcept {
  if (status.ok()) return 0;
  errno = status.error().value;
  return -1;
}

// A count, or -1 with errno set.
inline ssize_t ToC(const Result<ssize_t>& count) noexcept {
  if (count.ok()) return count.value();
  errno = count.error().value;
  return -1;
}

}  // namespace capsicum

#endif  // CAPSICUM_USERSPACE_LIB_C_API_H_
