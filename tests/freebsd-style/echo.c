/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capsicum for Linux - FreeBSD-style test program: echo(1) in a sandbox.
 * Written as FreeBSD code is; compiled unchanged against this project's headers.
 */
#include <sys/capsicum.h>

#include <capsicum_helpers.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	int i;

	if (caph_limit_stdio() < 0)
		err(1, "caph_limit_stdio");
	if (caph_enter() < 0)
		err(1, "caph_enter");

	for (i = 1; i < argc; i++) {
		if (i > 1)
			putchar(' ');
		fputs(argv[i], stdout);
	}
	putchar('\n');
	printf("sandboxed: %s\n", cap_sandboxed() ? "yes" : "no");
	if (fflush(stdout) != 0)
		err(1, "stdout");
	return (0);
}
