/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - host test: <sys/capsicum.h> from C, every macro form (built -Werror). */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capsicum.h>

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
  }

  if (failures != 0) return 1;
  puts("c_header_test: ok");
  return 0;
}
