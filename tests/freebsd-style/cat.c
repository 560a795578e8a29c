/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capsicum for Linux - FreeBSD-style test program: cat(1) that opens its files, limits them
 * to reading, enters capability mode, then copies them to stdout.  With -m it also tries to
 * fchmod(2) the first file (refused: ENOTCAPABLE) and with -o to open a path (refused:
 * ECAPMODE), and reports the refusal.
 */
#include <sys/types.h>
#include <sys/capsicum.h>
#include <sys/stat.h>

#include <capsicum_helpers.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXFILES 8

static void
usage(void)
{
	fprintf(stderr, "usage: cat [-mo] file ...\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	cap_rights_t rights;
	char buf[256];
	int fds[MAXFILES];
	int ch, i, mflag, nfiles, oflag;
	ssize_t n;

	mflag = oflag = 0;
	while ((ch = getopt(argc, argv, "mo")) != -1) {
		switch (ch) {
		case 'm':
			mflag = 1;
			break;
		case 'o':
			oflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > MAXFILES)
		usage();

	cap_rights_init(&rights, CAP_READ, CAP_FSTAT);
	nfiles = 0;
	for (i = 0; i < argc; i++) {
		fds[nfiles] = open(argv[i], O_RDONLY);
		if (fds[nfiles] < 0)
			err(1, "%s", argv[i]);
		if (caph_rights_limit(fds[nfiles], &rights) < 0)
			err(1, "unable to limit rights for %s", argv[i]);
		nfiles++;
	}
	if (caph_limit_stdio() < 0)
		err(1, "unable to limit stdio");
	if (caph_enter() < 0)
		err(1, "unable to enter capability mode");

	for (i = 0; i < nfiles; i++) {
		while ((n = read(fds[i], buf, sizeof(buf))) > 0) {
			if (write(STDOUT_FILENO, buf, (size_t)n) != n)
				err(1, "stdout");
		}
		if (n < 0)
			err(1, "%s", argv[i]);
	}
	if (mflag) {
		if (fchmod(fds[0], 0600) < 0)
			printf("fchmod %s: %s\n", argv[0], cap_strerror(errno));
		else
			printf("fchmod %s: allowed\n", argv[0]);
	}
	if (oflag) {
		if (open(argv[0], O_RDONLY) < 0)
			printf("open %s: %s\n", argv[0], cap_strerror(errno));
		else
			printf("open %s: allowed\n", argv[0]);
	}
	return (0);
}
