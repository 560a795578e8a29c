/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A FreeBSD-style program built against an installed libcapsicum (pkg-config or CMake): it
 * uses the header and library as FreeBSD code does and prints what it saw.  No module is
 * needed: without /dev/capsicum the system calls fail with ENOSYS.
 */
#include <sys/capsicum.h>

#include <errno.h>
#include <stdio.h>

int main(void)
{
	cap_rights_t rights;
	unsigned int mode = 7;

	cap_rights_init(&rights, CAP_READ, CAP_FSTAT);
	if (!cap_rights_is_set(&rights, CAP_READ) || cap_rights_is_set(&rights, CAP_WRITE))
		return 1;
	errno = 0;
	int rc = cap_getmode(&mode);
	printf("rights ok; cap_getmode=%d errno=%s\n", rc, errno == ENOSYS ? "ENOSYS" : "other");
	return 0;
}
