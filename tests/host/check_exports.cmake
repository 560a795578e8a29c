# SPDX-License-Identifier: BSD-2-Clause
# Capsicum for Linux - checks that LIB (libcapsicum.so) exports exactly the C API.
set(expected
  __cap_rights_clear __cap_rights_get __cap_rights_init __cap_rights_is_set __cap_rights_set
  cap_enter cap_fcntls_get cap_fcntls_limit cap_getmode cap_ioctls_get cap_ioctls_limit
  cap_rights_contains cap_rights_is_empty cap_rights_is_valid
  cap_rights_limit cap_rights_merge cap_rights_remove cap_sandboxed cap_strerror
  capsicum_rights_format pdfork pdgetpid pdkill pdwait4 procctl)
execute_process(COMMAND nm -D --defined-only --format=posix ${LIB}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIB}")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${out}")
set(exported)
foreach(line IN LISTS lines)
  # "name type value size": only code and data symbols count.
  if(line MATCHES "^([^ ]+) [TDBRW] ")
    list(APPEND exported ${CMAKE_MATCH_1})
  endif()
endforeach()
list(SORT exported)
list(SORT expected)
if(NOT exported STREQUAL expected)
  message(FATAL_ERROR "exported: ${exported}\nexpected: ${expected}")
endif()
