// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicum_rights_format: RightsToString for C (and the C++ API's Rights).

#include <string.h>
#include <sys/capsicum.h>

#include <new>
#include <string>

#include "c_api.h"
#include "rights_table.h"

extern "C" CAPSICUM_EXPORT ssize_t capsicum_rights_format(const cap_rights_t* rights, char* buf,
                                                          size_t size) noexcept {
  if (rights == nullptr || (buf == nullptr && size > 0)) {
    errno = EFAULT;
    return -1;
  }
  try {
    const std::string text = capsicum::RightsToString(*rights);
    if (size > 0) {
      const size_t n = text.size() < size - 1 ? text.size() : size - 1;
      memcpy(buf, text.data(), n);
      buf[n] = '\0';
    }
    return static_cast<ssize_t>(text.size());
  } catch (const std::bad_alloc&) {
    errno = ENOMEM;
    return -1;
  }
}
