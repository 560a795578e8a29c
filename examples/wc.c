/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wc -- count lines, words and bytes from capability mode.
 *
 * Every file is opened first and limited with caph_rights_limit(3) to what
 * counting needs: CAP_READ to read it, CAP_FSTAT to take the size of a regular
 * file from fstat(2) when only bytes are counted (-c).  Then the standard
 * streams are limited (caph_limit_stdio(3)) and capability mode is entered
 * (caph_enter(3)) before any input is read.  With no file operands, standard
 * input is counted.
 *
 *	-c, -l, -w	count bytes, lines, words (all three by default).
 *	-x	after counting, read each file again from its start with
 *		pread(2): a positioned read needs CAP_PREAD (CAP_READ and
 *		CAP_SEEK), which the descriptors lack, so each is refused
 *		(ENOTCAPABLE) and the refusal is reported.
 *
 * Errors that may be ECAPMODE or ENOTCAPABLE are printed with cap_strerror(3):
 * glibc's strerror(3), and with it err(3) and warn(3), knows neither.
 */
#include <sys/capsicum.h>
#include <sys/stat.h>

#include <capsicum_helpers.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static uintmax_t tlinect, twordct, tcharct;
static bool doline, doword, dochar;

static void
show_cnt(const char *file, uintmax_t linect, uintmax_t wordct,
    uintmax_t charct)
{

	if (doline)
		printf(" %7ju", linect);
	if (doword)
		printf(" %7ju", wordct);
	if (dochar)
		printf(" %7ju", charct);
	if (file != NULL)
		printf(" %s\n", file);
	else
		printf("\n");
}

static int
cnt(int fd, const char *file)
{
	struct stat sb;
	uintmax_t linect, wordct, charct;
	unsigned char buf[4096];
	ssize_t len, i;
	bool gotsp;

	linect = wordct = charct = 0;
	if (dochar && !doline && !doword) {
		/* Only bytes: a regular file's size is enough. */
		if (fstat(fd, &sb) < 0) {
			warnx("%s: fstat: %s", file != NULL ? file : "stdin",
			    cap_strerror(errno));
			return (1);
		}
		if (S_ISREG(sb.st_mode)) {
			charct = (uintmax_t)sb.st_size;
			goto out;
		}
	}
	gotsp = true;
	while ((len = read(fd, buf, sizeof(buf))) > 0) {
		charct += (uintmax_t)len;
		for (i = 0; i < len; i++) {
			if (buf[i] == '\n')
				linect++;
			if (isspace(buf[i]))
				gotsp = true;
			else if (gotsp) {
				gotsp = false;
				wordct++;
			}
		}
	}
	if (len < 0) {
		warnx("%s: read: %s", file != NULL ? file : "stdin",
		    cap_strerror(errno));
		return (1);
	}
out:
	tlinect += linect;
	twordct += wordct;
	tcharct += charct;
	show_cnt(file, linect, wordct, charct);
	return (0);
}

static void
usage(void)
{

	fprintf(stderr, "usage: wc [-clwx] [file ...]\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	cap_rights_t rights;
	unsigned char c;
	int ch, errors, i, *fds, xflag;

	xflag = 0;
	while ((ch = getopt(argc, argv, "clwx")) != -1)
		switch (ch) {
		case 'c':
			dochar = true;
			break;
		case 'l':
			doline = true;
			break;
		case 'w':
			doword = true;
			break;
		case 'x':
			xflag = 1;
			break;
		case '?':
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (!doline && !doword && !dochar)
		doline = doword = dochar = true;

	if ((fds = calloc(argc + 1, sizeof(*fds))) == NULL)
		err(1, "calloc");
	cap_rights_init(&rights, CAP_READ, CAP_FSTAT);
	errors = 0;
	for (i = 0; i < argc; i++) {
		if ((fds[i] = open(argv[i], O_RDONLY)) < 0) {
			warn("%s", argv[i]);
			errors++;
			continue;
		}
		if (caph_rights_limit(fds[i], &rights) < 0)
			errx(1, "unable to limit rights for %s: %s", argv[i],
			    cap_strerror(errno));
	}
	if (caph_limit_stdio() < 0)
		errx(1, "unable to limit stdio: %s", cap_strerror(errno));
	if (caph_enter() < 0)
		errx(1, "unable to enter capability mode: %s",
		    cap_strerror(errno));

	if (argc == 0)
		errors += cnt(STDIN_FILENO, NULL);
	for (i = 0; i < argc; i++)
		if (fds[i] >= 0)
			errors += cnt(fds[i], argv[i]);
	if (argc > 1)
		show_cnt("total", tlinect, twordct, tcharct);

	if (xflag)
		for (i = 0; i < argc; i++) {
			if (fds[i] < 0)
				continue;
			if (pread(fds[i], &c, 1, 0) < 0) {
				warnx("%s: pread: %s", argv[i],
				    cap_strerror(errno));
				errors++;
			} else
				warnx("%s: pread: allowed", argv[i]);
		}

	if (fflush(stdout) == EOF)
		errx(1, "stdout: %s", cap_strerror(errno));
	exit(errors == 0 ? 0 : 1);
}
