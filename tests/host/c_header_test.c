/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - host test: <sys/capsicum.h> from C, every macro form (built -Werror). */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capsicum.h>
/* After <sys/capsicum.h>, as FreeBSD code includes it; strict C11 (no POSIX feature macros). */
#include <capsicum_helpers.h>
#include <sys/caprights.h>

static int failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      failures++;                                                              \
    }                                                                          \
  } while (0)

int main(void) {
  cap_rights_t r, other, all;
  unsigned int mode = 0;
  uint32_t fcntls = 0;
  cap_ioctl_t cmds[1] = {0x5401UL};

  CHECK(cap_rights_init(&r) == &r);
  CHECK(cap_rights_is_empty(&r));
  CHECK(cap_rights_init(&r, CAP_READ) == &r);
  CHECK(cap_rights_init(&r, CAP_READ, CAP_WRITE, CAP_EVENT) == &r);
  CHECK(cap_rights_set(&r, CAP_FSTAT) == &r);
  CHECK(cap_rights_set(&r, CAP_SEEK, CAP_IOCTL) == &r);
  CHECK(cap_rights_set(&r) == &r);
  CHECK(cap_rights_clear(&r, CAP_IOCTL) == &r);
  CHECK(cap_rights_clear(&r, CAP_WRITE, CAP_EVENT) == &r);
  CHECK(cap_rights_clear(&r) == &r);
  CHECK(cap_rights_is_set(&r, CAP_READ));
  CHECK(cap_rights_is_set(&r, CAP_PREAD, CAP_FSTAT));
  CHECK(!cap_rights_is_set(&r, CAP_WRITE));
  CHECK(cap_rights_is_set(&r));
  CHECK(cap_rights_is_valid(&r));

  cap_rights_init(&other, CAP_SETNS);
  CHECK(cap_rights_merge(&r, &other) == &r);
  CHECK(cap_rights_is_set(&r, CAP_SETNS));
  CHECK(cap_rights_remove(&r, &other) == &r);
  CHECK(!cap_rights_is_set(&r, CAP_SETNS));
  CAP_ALL(&all);
  CHECK(cap_rights_contains(&all, &r));
  CHECK(!cap_rights_contains(&r, &all));
  CAP_NONE(&other);
  CHECK(cap_rights_is_empty(&other));

  {
    char text[32];
    cap_rights_init(&other, CAP_PREAD);
    CHECK(capsicum_rights_format(&other, text, sizeof(text)) == 17);
    CHECK(strcmp(text, "CAP_READ|CAP_SEEK") == 0);
    CHECK(nitems(text) == 32);
    CHECK(CAP_IOCTLS_ALL == (ssize_t)(~(size_t)0 >> 1));
  }
  caph_cache_tzdata();
  caph_cache_catpages();

  CHECK(strcmp(cap_strerror(ENOTCAPABLE), "Capabilities insufficient") == 0);
  CHECK(strcmp(cap_strerror(ECAPMODE), "Not permitted in capability mode") == 0);

  /* The host has no /dev/capsicum. */
  if (cap_enter() == 0 || errno != ENOSYS) {
    fprintf(stderr, "note: cap_enter did not fail with ENOSYS (is /dev/capsicum here?)\n");
  } else {
    CHECK(cap_getmode(&mode) == -1 && errno == ENOSYS);
    CHECK(!cap_sandboxed());
    CHECK(cap_rights_limit(0, &r) == -1 && errno == ENOSYS);
    CHECK(cap_rights_get(0, &r) == -1 && errno == ENOSYS);
    CHECK(cap_fcntls_limit(0, CAP_FCNTL_GETFL) == -1 && errno == ENOSYS);
    CHECK(cap_fcntls_get(0, &fcntls) == -1 && errno == ENOSYS);
    CHECK(cap_ioctls_limit(0, cmds, 1) == -1 && errno == ENOSYS);
    CHECK(cap_ioctls_get(0, cmds, 1) == -1 && errno == ENOSYS);
    CHECK(caph_enter() == 0);
    CHECK(caph_enter_casper() == 0);
    CHECK(caph_limit_stdio() == 0);
    CHECK(caph_limit_stream(-1, CAPH_READ | CAPH_WRITE | CAPH_LOOKUP) == 0);
    CHECK(caph_rights_limit(0, &r) == 0);
    CHECK(caph_ioctls_limit(0, cmds, 1) == 0);
    CHECK(caph_fcntls_limit(0, CAP_FCNTL_GETFL) == 0);
  }

  if (failures != 0) return 1;
  puts("c_header_test: ok");
  return 0;
}
