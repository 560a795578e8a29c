/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capsicum for Linux - FreeBSD-style test program: date(1) in capability mode.  The time
 * zone is read before cap_enter() with caph_cache_tzdata(); without it (-n) glibc cannot open
 * the zone file in capability mode and falls back to UTC.
 */
#include <sys/capsicum.h>

#include <capsicum_helpers.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	char buf[64];
	struct tm *tm;
	time_t t;

	if (argc > 1 && strcmp(argv[1], "-n") != 0) {
		fprintf(stderr, "usage: date [-n]\n");
		exit(2);
	}
	if (argc == 1)
		caph_cache_tzdata();
	caph_cache_catpages();
	if (caph_limit_stdio() < 0)
		err(1, "unable to limit stdio");
	if (caph_enter() < 0)
		err(1, "unable to enter capability mode");

	t = 86400;
	tm = localtime(&t);
	if (tm == NULL)
		err(1, "localtime");
	if (strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %z %Z", tm) == 0)
		errx(1, "strftime");
	printf("%s\n", buf);
	return (0);
}
