/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - host test: a FreeBSD-style cat through system.fileargs, in strict C11
 * (-Wpedantic -Werror) with every casper header; ctest compares its output with its input. */
#define _POSIX_C_SOURCE 200809L

#include <sys/capsicum.h>
#include <sys/dnv.h>
#include <sys/nv.h>

#include <casper/cap_dns.h>
#include <casper/cap_fileargs.h>
#include <casper/cap_grp.h>
#include <casper/cap_net.h>
#include <casper/cap_pwd.h>
#include <casper/cap_syslog.h>
#include <libcasper.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
  fileargs_t *fa;
  cap_rights_t rights;
  char buf[4096];
  ssize_t n;
  int i, fd;

  argc--;
  argv++;
  fa = fileargs_init(argc, argv, O_RDONLY, 0, cap_rights_init(&rights, CAP_READ, CAP_FSTAT),
                     FA_OPEN);
  if (fa == NULL) {
    fprintf(stderr, "casper-cat: fileargs_init: %s\n", strerror(errno));
    return 1;
  }
  /* FreeBSD's caph_enter(): a kernel without Capsicum (this host) answers ENOSYS. */
  if (cap_enter() < 0 && errno != ENOSYS) {
    fprintf(stderr, "casper-cat: cap_enter: %s\n", strerror(errno));
    return 1;
  }
  for (i = 0; i < argc; i++) {
    fd = fileargs_open(fa, argv[i]);
    if (fd < 0) {
      fprintf(stderr, "casper-cat: %s: %s\n", argv[i], cap_strerror(errno));
      return 1;
    }
    while ((n = read(fd, buf, sizeof(buf))) > 0) fwrite(buf, 1, (size_t)n, stdout);
    close(fd);
  }
  if (fileargs_open(fa, "/etc/hostname") >= 0 || errno != ENOTCAPABLE) {
    fprintf(stderr, "casper-cat: a name not on the command line was not refused\n");
    return 1;
  }
  fileargs_free(fa);
  return 0;
}
