/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cat -- concatenate files from capability mode, opening them through casper.
 *
 * The names on the command line are given to casper's system.fileargs service
 * before cap_enter(); afterwards fileargs_open() asks the service for each of
 * them and receives a descriptor limited to CAP_READ and CAP_FSTAT.  Any other
 * name is refused by the service (ENOTCAPABLE), and open(2) by the kernel
 * (ECAPMODE).  With no file operands, standard input is copied.
 *
 *	-x path	after the files, copy path as well, which casper was not told
 *		about: both ways of opening it are refused, and each refusal
 *		is reported.
 *
 * Errors that may be ECAPMODE or ENOTCAPABLE are printed with cap_strerror(3):
 * glibc's strerror(3), and with it err(3) and warn(3), knows neither.
 */
#include <sys/capsicum.h>

#include <capsicum_helpers.h>
#include <casper/cap_fileargs.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <libcasper.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int rval;

static void
usage(void)
{

	fprintf(stderr, "usage: cat [-x path] [file ...]\n");
	exit(1);
}

static void
raw_cat(int rfd, const char *filename)
{
	char buf[4096];
	ssize_t nr, nw, off;

	while ((nr = read(rfd, buf, sizeof(buf))) > 0)
		for (off = 0; nr > 0; nr -= nw, off += nw)
			if ((nw = write(STDOUT_FILENO, buf + off,
			    (size_t)nr)) < 0)
				errx(1, "stdout: %s", cap_strerror(errno));
	if (nr < 0) {
		warnx("%s: %s", filename, cap_strerror(errno));
		rval = 1;
	}
}

int
main(int argc, char *argv[])
{
	cap_rights_t rights;
	fileargs_t *fa;
	const char *xpath;
	int ch, fd, i;

	xpath = NULL;
	while ((ch = getopt(argc, argv, "x:")) != -1)
		switch (ch) {
		case 'x':
			xpath = optarg;
			break;
		case '?':
		default:
			usage();
		}
	argc -= optind;
	argv += optind;

	fa = fileargs_init(argc, argv, O_RDONLY, 0,
	    cap_rights_init(&rights, CAP_READ, CAP_FSTAT), FA_OPEN);
	if (fa == NULL)
		err(1, "unable to init casper");
	if (caph_limit_stdio() < 0)
		errx(1, "unable to limit stdio: %s", cap_strerror(errno));
	if (caph_enter_casper() < 0)
		errx(1, "unable to enter capability mode: %s",
		    cap_strerror(errno));

	if (argc == 0)
		raw_cat(STDIN_FILENO, "stdin");
	for (i = 0; i < argc; i++) {
		if ((fd = fileargs_open(fa, argv[i])) < 0) {
			warnx("%s: %s", argv[i], cap_strerror(errno));
			rval = 1;
			continue;
		}
		raw_cat(fd, argv[i]);
		close(fd);
	}

	if (xpath != NULL) {
		/* Not among the names system.fileargs holds: it refuses. */
		if ((fd = fileargs_open(fa, xpath)) < 0) {
			warnx("%s: fileargs_open: %s", xpath,
			    cap_strerror(errno));
			/* The global file namespace is closed as well. */
			if ((fd = open(xpath, O_RDONLY)) < 0)
				warnx("%s: open: %s", xpath,
				    cap_strerror(errno));
		}
		if (fd >= 0) {
			raw_cat(fd, xpath);
			close(fd);
		} else
			rval = 1;
	}

	fileargs_free(fa);
	exit(rval);
}
