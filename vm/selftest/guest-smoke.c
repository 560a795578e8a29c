// SPDX-License-Identifier: GPL-2.0
/*
 * guest-smoke - checks that a static glibc program has what the tests need in
 * the guest: threads, pipes, eventfd/epoll/timerfd/signalfd, SCM_RIGHTS,
 * loopback TCP, memfd, BPF-LSM active, bpffs, and (when loaded)
 * /dev/vm_selftest.  Prints GoogleTest-style result lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

static int failed;

#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond)) {                                                  \
			printf("%s:%d: Failure: %s (errno %d %s)\n", __FILE__,  \
			       __LINE__, #cond, errno, strerror(errno));        \
			return 1;                                               \
		}                                                               \
	} while (0)

static void *writer(void *arg)
{
	int fd = *(int *)arg;

	if (write(fd, "ping", 4) != 4)
		return (void *)1;
	return NULL;
}

static int t_thread_pipe(void)
{
	int p[2];
	char buf[8] = { 0 };
	pthread_t t;
	void *res;

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(pthread_create(&t, NULL, writer, &p[1]) == 0);
	CHECK(read(p[0], buf, 4) == 4 && memcmp(buf, "ping", 4) == 0);
	CHECK(pthread_join(t, &res) == 0 && res == NULL);
	close(p[0]);
	close(p[1]);
	return 0;
}

static int t_fork_wait(void)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(7);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	return 0;
}

static int t_event_fds(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct itimerspec its = { .it_value = { .tv_nsec = 1000000 } };
	uint64_t v = 1;
	sigset_t set;
	int efd, ep, tfd, sfd;

	CHECK((efd = eventfd(0, EFD_CLOEXEC)) >= 0);
	CHECK((ep = epoll_create1(EPOLL_CLOEXEC)) >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	CHECK(write(efd, &v, sizeof(v)) == sizeof(v));
	CHECK(epoll_wait(ep, &out, 1, 1000) == 1);
	CHECK((tfd = timerfd_create(CLOCK_MONOTONIC, 0)) >= 0);
	CHECK(timerfd_settime(tfd, 0, &its, NULL) == 0);
	CHECK(read(tfd, &v, sizeof(v)) == sizeof(v));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK((sfd = signalfd(-1, &set, 0)) >= 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	struct signalfd_siginfo si;
	CHECK(read(sfd, &si, sizeof(si)) == sizeof(si) && si.ssi_signo == SIGUSR1);
	close(efd);
	close(ep);
	close(tfd);
	close(sfd);
	return 0;
}

static int t_scm_rights(void)
{
	int sv[2], fd = -1, memfd;
	char data = 'x', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK((memfd = memfd_create("smoke", MFD_CLOEXEC)) >= 0);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &memfd, sizeof(int));
	CHECK(sendmsg(sv[0], &msg, 0) == 1);
	memset(cbuf, 0, sizeof(cbuf));
	CHECK(recvmsg(sv[1], &msg, 0) == 1);
	c = CMSG_FIRSTHDR(&msg);
	CHECK(c && c->cmsg_type == SCM_RIGHTS);
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	CHECK(fd >= 0 && fd != memfd);
	close(fd);
	close(memfd);
	close(sv[0]);
	close(sv[1]);
	return 0;
}

static int t_tcp_loopback(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l, c, s;

	CHECK((l = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(bind(l, (void *)&a, sizeof(a)) == 0);
	CHECK(listen(l, 1) == 0);
	CHECK(getsockname(l, (void *)&a, &len) == 0);
	CHECK((c = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(connect(c, (void *)&a, sizeof(a)) == 0);
	CHECK((s = accept(l, NULL, NULL)) >= 0);
	close(s);
	close(c);
	close(l);
	return 0;
}

static int t_bpf_lsm(void)
{
	char lsm[256] = { 0 };
	struct statfs st;
	int fd;

	CHECK((fd = open("/sys/kernel/security/lsm", O_RDONLY)) >= 0);
	CHECK(read(fd, lsm, sizeof(lsm) - 1) > 0);
	close(fd);
	printf("lsm: %s\n", lsm);
	CHECK(strstr(lsm, "bpf") != NULL);
	CHECK(statfs("/sys/fs/bpf", &st) == 0 && st.f_type == 0xcafe4a11);
	return 0;
}

static int t_misc_device(void)
{
	int fd;

	if (access("/sys/module/vm_selftest", F_OK) != 0) {
		printf("vm_selftest not loaded\n");
		return -1;
	}
	CHECK((fd = open("/dev/vm_selftest", O_RDWR)) >= 0);
	CHECK(ioctl(fd, 0, 0) == 1);
	close(fd);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
} tests[] = {
	{ "ThreadPipe", t_thread_pipe },   { "ForkWait", t_fork_wait },
	{ "EventFds", t_event_fds },       { "ScmRights", t_scm_rights },
	{ "TcpLoopback", t_tcp_loopback }, { "BpfLsm", t_bpf_lsm },
	{ "MiscDevice", t_misc_device },
};

int main(void)
{
	unsigned int i, n = sizeof(tests) / sizeof(tests[0]);

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("[==========] Running %u tests from 1 test suite.\n", n);
	for (i = 0; i < n; i++) {
		int r;

		printf("[ RUN      ] Smoke.%s\n", tests[i].name);
		r = tests[i].fn();
		if (r < 0)
			printf("[  SKIPPED ] Smoke.%s (0 ms)\n", tests[i].name);
		else if (r)
			printf("[  FAILED  ] Smoke.%s (0 ms)\n", tests[i].name), failed++;
		else
			printf("[       OK ] Smoke.%s (0 ms)\n", tests[i].name);
	}
	printf("[==========] %u tests ran.\n", n);
	return failed ? 1 : 0;
}
