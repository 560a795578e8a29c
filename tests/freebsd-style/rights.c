/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capsicum for Linux - FreeBSD-style test program: the cap_rights(3), cap_ioctls_limit(2) and
 * cap_fcntls_limit(2) families on one descriptor, printed.  The rights algebra needs no
 * kernel; the descriptor part reports ENOSYS where Capsicum is missing.
 */
#include <sys/param.h>
#include <sys/capsicum.h>
#include <sys/ioctl.h>

#include <capsicum_helpers.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *
yesno(bool b)
{

	return (b ? "yes" : "no");
}

int
main(int argc, char *argv[])
{
	cap_rights_t rights, base, all;
	cap_ioctl_t cmds[] = { FIONREAD, FIONBIO }, got[4];
	struct winsize ws;
	uint32_t fcntls;
	ssize_t nioctls;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: rights file\n");
		exit(2);
	}

	/* The set algebra. */
	cap_rights_init(&rights);
	printf("empty: %s\n", yesno(cap_rights_is_empty(&rights)));
	cap_rights_init(&rights, CAP_READ, CAP_WRITE, CAP_SEEK);
	cap_rights_set(&rights, CAP_FSTAT, CAP_FCNTL, CAP_IOCTL);
	cap_rights_clear(&rights, CAP_WRITE);
	printf("valid: %s\n", yesno(cap_rights_is_valid(&rights)));
	printf("pread: %s\n", yesno(cap_rights_is_set(&rights, CAP_PREAD)));
	printf("pwrite: %s\n", yesno(cap_rights_is_set(&rights, CAP_PWRITE)));
	cap_rights_init(&base, CAP_READ);
	printf("contains read: %s\n", yesno(cap_rights_contains(&rights, &base)));
	CAP_ALL(&all);
	printf("all contains: %s\n", yesno(cap_rights_contains(&all, &rights)));
	cap_rights_merge(&base, &rights);
	cap_rights_remove(&base, &rights);
	printf("merge-remove empty: %s\n", yesno(cap_rights_is_empty(&base)));

	/* One descriptor: limit, then read back. */
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		err(1, "%s", argv[1]);
	nioctls = cap_ioctls_get(fd, NULL, 0);
	if (nioctls < 0)
		printf("cap_ioctls_get: %s\n", cap_strerror(errno));
	else
		printf("ioctls before: %s\n", nioctls == CAP_IOCTLS_ALL ? "all" : "some");
	if (caph_rights_limit(fd, &rights) < 0)
		err(1, "caph_rights_limit");
	if (caph_ioctls_limit(fd, cmds, nitems(cmds)) < 0)
		err(1, "caph_ioctls_limit");
	if (caph_fcntls_limit(fd, CAP_FCNTL_GETFL) < 0)
		err(1, "caph_fcntls_limit");
	if (cap_rights_get(fd, &base) < 0) {
		printf("cap_rights_get: %s\n", cap_strerror(errno));
		return (0);
	}
	printf("rights equal: %s\n", yesno(memcmp(&base, &rights, sizeof(base)) == 0));
	nioctls = cap_ioctls_get(fd, got, nitems(got));
	printf("ioctls: %zd %s\n", nioctls,
	    nioctls == 2 && got[0] == FIONREAD && got[1] == FIONBIO ? "FIONREAD,FIONBIO" : "?");
	if (cap_fcntls_get(fd, &fcntls) < 0)
		err(1, "cap_fcntls_get");
	printf("fcntls: %s\n", fcntls == CAP_FCNTL_GETFL ? "GETFL" : "?");
	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0)
		printf("F_SETFL: %s\n", cap_strerror(errno));
	if (ioctl(fd, TIOCGWINSZ, &ws) < 0)
		printf("TIOCGWINSZ: %s\n", cap_strerror(errno));
	if (caph_fcntls_limit(fd, CAP_FCNTL_ALL) < 0)
		printf("widen fcntls: %s\n", cap_strerror(errno));
	return (0);
}
