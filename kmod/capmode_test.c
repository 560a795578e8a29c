// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - KUnit suite for capability mode's decisions on
 * processes, signals, owners and namespaces (capmode.c).
 */
#include <kunit/test.h>
#include <linux/fcntl.h>
#include <linux/sched.h>
#include <linux/sockios.h>
#include <asm/ioctls.h>
#include "capmode.h"
#include "policy.h"
#include "rights.h"

static void capmode_decide_signal(struct kunit *test)
{
	struct capsicum_signal_facts f = {};

	/* kill(getppid(), ...), kill of a child, tgkill of another process */
	KUNIT_EXPECT_EQ(test, capsicum_decide_signal(&f), -ECAPMODE);
	f.own_group = true;			/* kill(getpid()), tgkill of a thread */
	KUNIT_EXPECT_EQ(test, capsicum_decide_signal(&f), 0);

	f = (struct capsicum_signal_facts){ .pidfd = true };	/* pidfd_open()'d */
	KUNIT_EXPECT_EQ(test, capsicum_decide_signal(&f), -ECAPMODE);
	f.names_target = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_signal(&f), -ECAPMODE);
	f.pdfork = true;			/* pdfork pidfd of the target */
	KUNIT_EXPECT_EQ(test, capsicum_decide_signal(&f), 0);
	f.names_target = false;			/* swapped, or a process group */
	KUNIT_EXPECT_EQ(test, capsicum_decide_signal(&f), -ECAPMODE);
	f.pidfd = false;			/* kill() with a pdfork pidfd open */
	f.names_target = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_signal(&f), -ECAPMODE);
}

static void capmode_decide_clone(struct kunit *test)
{
	static const u64 news[] = {
		CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
		CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWTIME,
	};
	int i;

	KUNIT_EXPECT_EQ(test, capsicum_decide_clone(0), 0);
	/* fork, vfork, threads, pdfork */
	KUNIT_EXPECT_EQ(test, capsicum_decide_clone(CLONE_VM | CLONE_FS |
			CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
			CLONE_CHILD_CLEARTID), 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_clone(CLONE_VFORK | CLONE_VM |
			CLONE_PIDFD | CLONE_CLEAR_SIGHAND), 0);
	for (i = 0; i < ARRAY_SIZE(news); i++) {
		KUNIT_EXPECT_EQ(test, capsicum_decide_clone(news[i]), -ECAPMODE);
		KUNIT_EXPECT_EQ(test, capsicum_decide_clone(news[i] | CLONE_VM),
				-ECAPMODE);
	}
}

/* pdkill, pdgetpid, pdwait4: the descriptor's right, and the process it names. */
static void capmode_decide_procdesc(struct kunit *test)
{
	static const u64 pd[] = { CAP_PDKILL, CAP_PDGETPID, CAP_PDWAIT };
	struct cap_rights held;
	int i, j;

	capsicum_rights_init_all(&held);
	for (i = 0; i < ARRAY_SIZE(pd); i++) {
		KUNIT_EXPECT_EQ(test, capsicum_decide_procdesc(true, &held, pd[i]),
				0);
		/* A slot swapped to another process's pidfd, or emptied */
		KUNIT_EXPECT_EQ(test,
				capsicum_decide_procdesc(false, &held, pd[i]),
				-ENOTCAPABLE);
	}
	/* Each right alone allows its use and no other. */
	for (i = 0; i < ARRAY_SIZE(pd); i++) {
		capsicum_rights_init_none(&held);
		capsicum_rights_add(&held, pd[i]);
		for (j = 0; j < ARRAY_SIZE(pd); j++)
			KUNIT_EXPECT_EQ(test,
					capsicum_decide_procdesc(true, &held, pd[j]),
					i == j ? 0 : -ENOTCAPABLE);
	}
	/* CAP_EVENT (poll) and everything of word 0 grant none of them. */
	capsicum_rights_init_all(&held);
	held.cr_rights[1] &= ~(CAP_PDKILL | CAP_PDGETPID | CAP_PDWAIT) |
			     CAPRIGHT(1, 0);
	for (i = 0; i < ARRAY_SIZE(pd); i++)
		KUNIT_EXPECT_EQ(test, capsicum_decide_procdesc(true, &held, pd[i]),
				-ENOTCAPABLE);
	/* A malformed right (no word index) is never held. */
	capsicum_rights_init_all(&held);
	KUNIT_EXPECT_EQ(test, capsicum_decide_procdesc(true, &held, 0x800ULL),
			-ENOTCAPABLE);
}

static void capmode_owner_arg(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(false, F_SETOWN),
			CAPSICUM_OWNER_VALUE);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(false, F_SETOWN_EX),
			CAPSICUM_OWNER_EX_PTR);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(true, FIOSETOWN),
			CAPSICUM_OWNER_INT_PTR);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(true, SIOCSPGRP),
			CAPSICUM_OWNER_INT_PTR);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(false, F_GETOWN),
			CAPSICUM_OWNER_NONE);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(false, F_GETOWN_EX),
			CAPSICUM_OWNER_NONE);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(false, F_SETSIG),
			CAPSICUM_OWNER_NONE);
	/* An fcntl number is not an ioctl one, nor the other way round. */
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(true, F_SETOWN),
			CAPSICUM_OWNER_NONE);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(false, FIOSETOWN),
			CAPSICUM_OWNER_NONE);
	KUNIT_EXPECT_EQ(test, capsicum_owner_arg(true, FIOGETOWN),
			CAPSICUM_OWNER_NONE);
}

static void capmode_decide_owner(struct kunit *test)
{
	/* Clearing the owner. */
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_PID, 0, false), 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_PGRP, 0, false), 0);
	/* The own process or one of its threads. */
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_PID, 42, true), 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_TID, 43, true), 0);
	/* Another process or thread, any group (F_SETOWN with -pgid too). */
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_PID, 1, false),
			-ECAPMODE);
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_TID, 1, false),
			-ECAPMODE);
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_PGRP, 42, true),
			-ECAPMODE);
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(F_OWNER_PGRP, -42, false),
			-ECAPMODE);
	/* The kernel refuses an unknown type with EINVAL. */
	KUNIT_EXPECT_EQ(test, capsicum_decide_owner(7, 1, false), 0);
}

/* The calls the capability-mode hooks tell apart, in every ABI. */
static void capmode_classify(struct kunit *test)
{
	struct capsicum_syscall sc = { .abi = CAPSICUM_ABI_NATIVE };

	capsicum_classify(&sc, 56);
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_CLONE);
	capsicum_classify(&sc, 435);
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_CLONE);
	capsicum_classify(&sc, 424);
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_PIDFD_SEND_SIGNAL);
	capsicum_classify(&sc, 57);		/* fork: makes no pidfd */
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_OTHER);
	sc.abi = CAPSICUM_ABI_X32;
	capsicum_classify(&sc, 0x40000000 | 435);
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_CLONE);
	sc.abi = CAPSICUM_ABI_IA32;
	capsicum_classify(&sc, 120);
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_CLONE);
	capsicum_classify(&sc, 56);		/* ia32 56: mpx, not clone */
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_OTHER);
	capsicum_classify(&sc, 424);
	KUNIT_EXPECT_EQ(test, sc.call, CAPSICUM_CALL_PIDFD_SEND_SIGNAL);
}

/* Pidfds open no path: decided when the file is made, not in file_open. */
static void capmode_pidfd_open_passes_file_open(struct kunit *test)
{
	struct capsicum_open_facts f = { .capmode = true };

	capsicum_rights_init_all(&f.dir_rights);
	f.call = CAPSICUM_CALL_PIDFD_OPEN;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f.call = CAPSICUM_CALL_CLONE;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f.capmode = false;
	f.table_limited = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
}

static struct kunit_case capsicum_capmode_cases[] = {
	KUNIT_CASE(capmode_decide_signal),
	KUNIT_CASE(capmode_decide_clone),
	KUNIT_CASE(capmode_decide_procdesc),
	KUNIT_CASE(capmode_owner_arg),
	KUNIT_CASE(capmode_decide_owner),
	KUNIT_CASE(capmode_classify),
	KUNIT_CASE(capmode_pidfd_open_passes_file_open),
	{}
};

static struct kunit_suite capsicum_capmode_suite = {
	.name = "capsicum_capmode",
	.test_cases = capsicum_capmode_cases,
};

kunit_test_suites(&capsicum_capmode_suite);
