/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - <sys/procdesc.h> from strict C11, as FreeBSD code uses it. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/procdesc.h>
#include <sys/wait.h>
#include <unistd.h>

/* FreeBSD's pattern: fork a worker, signal it through the descriptor, collect its status. */
int main(void)
{
	int fd = -1;
	int status = 0;
	pid_t pid, got = 0;

	if (PD_ALLOWED_AT_FORK != (PD_DAEMON | PD_CLOEXEC) || PD_DAEMON != 1 || PD_CLOEXEC != 2) {
		fprintf(stderr, "flag values differ from FreeBSD's\n");
		return 1;
	}
	/* PD_DAEMON: no module needed on the host. */
	pid = pdfork(&fd, PD_DAEMON | PD_CLOEXEC);
	if (pid < 0) {
		perror("pdfork");
		return 1;
	}
	if (pid == 0) {
		pause();
		_exit(0);
	}
	if (pdgetpid(fd, &got) != 0 || got != pid) {
		fprintf(stderr, "pdgetpid: %d (errno %d), expected %d\n", (int)got, errno, (int)pid);
		return 1;
	}
	if (pdkill(fd, SIGTERM) != 0) {
		perror("pdkill");
		return 1;
	}
	if (pdwait4(fd, &status, 0, NULL) != pid || !WIFSIGNALED(status) ||
	    WTERMSIG(status) != SIGTERM) {
		fprintf(stderr, "pdwait4: status %#x\n", (unsigned int)status);
		return 1;
	}
	close(fd);
	puts("procdesc from C: ok");
	return 0;
}
