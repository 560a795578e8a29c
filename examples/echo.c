/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * echo -- write arguments to standard output from capability mode.
 *
 * caph_limit_stdio(3) limits descriptors 0, 1 and 2 to what a stream needs
 * and caph_enter(3) enters capability mode before anything is written: from
 * then on the program can use its standard streams and nothing else.
 *
 *	-n	do not print the trailing newline.
 *	-x path	after writing, try to open path for reading: capability mode
 *		refuses it (ECAPMODE), and the refusal is reported.
 *
 * Unlike echo(1), the options are parsed with getopt(3), so "--" ends them.
 * Errors that may be ECAPMODE or ENOTCAPABLE are printed with cap_strerror(3):
 * glibc's strerror(3), and with it err(3) and warn(3), knows neither.
 */
#include <sys/capsicum.h>

#include <capsicum_helpers.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void
usage(void)
{

	fprintf(stderr, "usage: echo [-n] [-x path] [string ...]\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	const char *xpath;
	int ch, fd, nflag, rval;

	nflag = 0;
	xpath = NULL;
	while ((ch = getopt(argc, argv, "nx:")) != -1)
		switch (ch) {
		case 'n':
			nflag = 1;
			break;
		case 'x':
			xpath = optarg;
			break;
		case '?':
		default:
			usage();
		}
	argc -= optind;
	argv += optind;

	if (caph_limit_stdio() < 0 || caph_enter() < 0)
		errx(1, "capsicum: %s", cap_strerror(errno));

	while (*argv != NULL) {
		if (fputs(*argv, stdout) == EOF)
			break;
		if (*++argv != NULL && putchar(' ') == EOF)
			break;
	}
	if (!nflag)
		putchar('\n');
	if (fflush(stdout) == EOF)
		errx(1, "stdout: %s", cap_strerror(errno));

	rval = 0;
	if (xpath != NULL) {
		if ((fd = open(xpath, O_RDONLY)) < 0) {
			warnx("%s: %s", xpath, cap_strerror(errno));
			rval = 1;
		} else {
			warnx("%s: opened", xpath);
			close(fd);
		}
	}
	exit(rval);
}
