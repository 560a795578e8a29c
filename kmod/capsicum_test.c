// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - KUnit suites for the rights algebra and the policy.
 *
 * Built into capsicum.ko when the kernel has KUnit; the suites run when the
 * module loads and print KTAP on the console.
 */
#include <kunit/test.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include "policy.h"
#include "rights.h"

static struct cap_rights rights_of(u64 a, u64 b)
{
	struct cap_rights r;

	capsicum_rights_init_none(&r);
	capsicum_rights_add(&r, a);
	if (b)
		capsicum_rights_add(&r, b);
	return r;
}

#define EXPECT_RIGHTS_EQ(test, got, want)                                      \
	do {                                                                   \
		KUNIT_EXPECT_EQ(test, (got).cr_rights[0], (want).cr_rights[0]); \
		KUNIT_EXPECT_EQ(test, (got).cr_rights[1], (want).cr_rights[1]); \
	} while (0)

static void rights_all_and_none(struct kunit *test)
{
	struct cap_rights all, none;

	capsicum_rights_init_all(&all);
	capsicum_rights_init_none(&none);
	KUNIT_EXPECT_TRUE(test, capsicum_rights_valid(&all));
	KUNIT_EXPECT_TRUE(test, capsicum_rights_valid(&none));
	KUNIT_EXPECT_TRUE(test, capsicum_rights_is_all(&all));
	KUNIT_EXPECT_FALSE(test, capsicum_rights_is_all(&none));
	KUNIT_EXPECT_EQ(test, all.cr_rights[0], 0x020007FFFFFFFFFFULL);
	KUNIT_EXPECT_EQ(test, all.cr_rights[1], 0x0400000001FFFFFFULL);
	KUNIT_EXPECT_EQ(test, none.cr_rights[0], 0x0200000000000000ULL);
	KUNIT_EXPECT_EQ(test, none.cr_rights[1], 0x0400000000000000ULL);
	KUNIT_EXPECT_TRUE(test, capsicum_rights_contains(&all, &none));
	KUNIT_EXPECT_FALSE(test, capsicum_rights_contains(&none, &all));
}

static void rights_valid_rejects_malformed(struct kunit *test)
{
	struct cap_rights r;

	capsicum_rights_init_all(&r);
	r.cr_rights[0] |= 1ULL << 62;	/* version 1 */
	KUNIT_EXPECT_FALSE(test, capsicum_rights_valid(&r));

	capsicum_rights_init_all(&r);
	r.cr_rights[1] |= 1ULL << 62;	/* version bits on word 1 */
	KUNIT_EXPECT_FALSE(test, capsicum_rights_valid(&r));

	capsicum_rights_init_none(&r);
	r.cr_rights[0] = CAPRIGHT(1, 0);	/* word 0 tagged as word 1 */
	KUNIT_EXPECT_FALSE(test, capsicum_rights_valid(&r));

	capsicum_rights_init_none(&r);
	r.cr_rights[1] |= CAPRIGHT(0, 0);	/* two index bits */
	KUNIT_EXPECT_FALSE(test, capsicum_rights_valid(&r));

	r = rights_of(CAP_UNUSED0_44, 0);
	KUNIT_EXPECT_FALSE(test, capsicum_rights_valid(&r));
	r = rights_of(CAP_UNUSED0_57, 0);
	KUNIT_EXPECT_FALSE(test, capsicum_rights_valid(&r));
	r = rights_of(CAP_UNUSED1_26, 0);
	KUNIT_EXPECT_FALSE(test, capsicum_rights_valid(&r));

	r = rights_of(CAP_SETNS, CAP_RENAMEAT_TARGET);	/* highest in use */
	KUNIT_EXPECT_TRUE(test, capsicum_rights_valid(&r));
}

static void rights_composites(struct kunit *test)
{
	struct cap_rights pread = rights_of(CAP_PREAD, 0);
	struct cap_rights read = rights_of(CAP_READ, 0);
	struct cap_rights seek = rights_of(CAP_SEEK, 0);
	struct cap_rights mixed = rights_of(CAP_READ, CAP_EVENT);
	struct cap_rights event = rights_of(CAP_EVENT, 0);

	KUNIT_EXPECT_TRUE(test, capsicum_rights_contains(&pread, &read));
	KUNIT_EXPECT_TRUE(test, capsicum_rights_contains(&pread, &seek));
	KUNIT_EXPECT_FALSE(test, capsicum_rights_contains(&read, &pread));
	KUNIT_EXPECT_TRUE(test, capsicum_rights_contains(&mixed, &event));
	KUNIT_EXPECT_FALSE(test, capsicum_rights_contains(&read, &event));
	KUNIT_EXPECT_FALSE(test, capsicum_rights_add(&read, 0x1ULL));	/* no index */
	KUNIT_EXPECT_EQ(test, read.cr_rights[0], CAP_READ);
}

static struct kunit_case capsicum_rights_cases[] = {
	KUNIT_CASE(rights_all_and_none),
	KUNIT_CASE(rights_valid_rejects_malformed),
	KUNIT_CASE(rights_composites),
	{}
};

static struct kunit_suite capsicum_rights_suite = {
	.name = "capsicum_rights",
	.test_cases = capsicum_rights_cases,
};

static enum capsicum_call classify(enum capsicum_abi abi, int nr)
{
	struct capsicum_syscall sc = { .abi = abi };

	capsicum_classify(&sc, nr);
	return sc.call;
}

static void policy_classify_per_abi(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 0), CAPSICUM_CALL_READ);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 3), CAPSICUM_CALL_OTHER);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 17), CAPSICUM_CALL_PREAD);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 2), CAPSICUM_CALL_OPEN);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 257), CAPSICUM_CALL_OPENAT);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 437), CAPSICUM_CALL_OPENAT);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 322), CAPSICUM_CALL_EXECVEAT);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_IA32, 3), CAPSICUM_CALL_READ);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_IA32, 5), CAPSICUM_CALL_OPEN);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_IA32, 295), CAPSICUM_CALL_OPENAT);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_IA32, 257), CAPSICUM_CALL_OTHER);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_X32, 0x40000000 | 515),
			CAPSICUM_CALL_READ);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_X32, 0x40000000 | 19),
			CAPSICUM_CALL_OTHER);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, -1), CAPSICUM_CALL_NONE);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NONE, 0), CAPSICUM_CALL_NONE);
}

static void policy_rw_needed(struct kunit *test)
{
	struct capsicum_syscall sc = { .abi = CAPSICUM_ABI_NATIVE };
	struct cap_rights need;

	capsicum_classify(&sc, 0);		/* read */
	capsicum_rw_needed(&sc, MAY_READ, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));

	capsicum_classify(&sc, 17);		/* pread64 */
	capsicum_rw_needed(&sc, MAY_READ, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));

	capsicum_classify(&sc, 1);		/* write, O_APPEND file */
	capsicum_rw_needed(&sc, MAY_WRITE | MAY_APPEND, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_WRITE, 0));

	capsicum_classify(&sc, 18);		/* pwrite64 */
	capsicum_rw_needed(&sc, MAY_WRITE, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PWRITE, 0));

	sc.args[3] = ~0UL;			/* preadv2(..., -1, ...) */
	capsicum_classify(&sc, 327);
	capsicum_rw_needed(&sc, MAY_READ, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));
	sc.args[3] = 0;				/* preadv2 at offset 0 */
	capsicum_classify(&sc, 327);
	capsicum_rw_needed(&sc, MAY_READ, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));

	capsicum_classify(&sc, 40);		/* sendfile: unknown offset use */
	capsicum_rw_needed(&sc, MAY_READ, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));

	sc.abi = CAPSICUM_ABI_IA32;		/* ia32 preadv2, offset -1 split */
	sc.args[3] = 0xffffffff;
	sc.args[4] = 0xffffffff;
	capsicum_classify(&sc, 378);
	capsicum_rw_needed(&sc, MAY_READ, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));

	sc.abi = CAPSICUM_ABI_NONE;		/* io-wq worker */
	capsicum_classify(&sc, -1);
	capsicum_rw_needed(&sc, MAY_READ | MAY_WRITE, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, CAP_PWRITE));
	sc.kthread = true;			/* kernel thread proper */
	capsicum_rw_needed(&sc, MAY_READ | MAY_WRITE, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(0, 0));
}

static void policy_open_needed(struct kunit *test)
{
	struct cap_rights need;
	unsigned int r = (__force unsigned int)FMODE_READ;
	unsigned int w = (__force unsigned int)FMODE_WRITE;

	capsicum_open_needed(O_RDONLY, r, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP | CAP_READ, 0));
	capsicum_open_needed(O_WRONLY, w, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP | CAP_WRITE | CAP_SEEK, 0));
	capsicum_open_needed(O_WRONLY | O_APPEND, w, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP | CAP_WRITE, 0));
	capsicum_open_needed(O_RDWR | O_CREAT | O_TRUNC, r | w, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP | CAP_READ | CAP_WRITE |
					      CAP_CREATE | CAP_FTRUNCATE, 0));
	capsicum_open_needed(O_RDONLY | O_DSYNC, r, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP | CAP_READ | CAP_FSYNC, 0));
	capsicum_open_needed(O_PATH, 0, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP, 0));
	capsicum_open_needed(O_RDONLY | __FMODE_EXEC, r, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP | CAP_READ | CAP_FEXECVE, 0));
	capsicum_create_needed(&need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_LOOKUP | CAP_CREATE, 0));
}

static struct capsicum_open_facts facts(enum capsicum_call call, bool capmode,
					u64 dir_rights)
{
	struct capsicum_open_facts f = {
		.call = call,
		.capmode = capmode,
		.has_dirfd = true,
		.path_relative = true,
		.beneath = true,
	};

	if (dir_rights) {
		f.dir_limited = true;
		f.dir_rights = rights_of(dir_rights, 0);
	} else {
		capsicum_rights_init_all(&f.dir_rights);
	}
	f.need = rights_of(CAP_LOOKUP | CAP_READ, 0);
	return f;
}

static void policy_decide_open(struct kunit *test)
{
	struct capsicum_open_facts f;

	f = facts(CAPSICUM_CALL_OPEN, true, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ECAPMODE);
	f = facts(CAPSICUM_CALL_OPEN, false, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f = facts(CAPSICUM_CALL_EXECVE, true, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ECAPMODE);

	f = facts(CAPSICUM_CALL_OPENAT, true, 0);
	f.has_dirfd = false;			/* AT_FDCWD */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ECAPMODE);
	f = facts(CAPSICUM_CALL_OPENAT, true, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f = facts(CAPSICUM_CALL_OPENAT, true, CAP_READ);	/* no LOOKUP */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
	f = facts(CAPSICUM_CALL_OPENAT, true, CAP_LOOKUP);	/* no READ */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
	f = facts(CAPSICUM_CALL_OPENAT, true, CAP_LOOKUP | CAP_READ);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f.path_relative = false;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
	f = facts(CAPSICUM_CALL_OPENAT, true, 0);
	f.beneath = false;			/* "..", symlink, magic link */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);

	f = facts(CAPSICUM_CALL_OPENAT, false, CAP_READ);	/* limited dirfd */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
	f = facts(CAPSICUM_CALL_OPENAT, false, 0);		/* unlimited */
	f.beneath = false;
	f.path_relative = false;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);

	f = facts(CAPSICUM_CALL_EXECVEAT, true, CAP_FEXECVE);
	f.exec_empty_path = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f = facts(CAPSICUM_CALL_EXECVEAT, true, CAP_READ);
	f.exec_empty_path = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
	f = facts(CAPSICUM_CALL_EXECVEAT, true, 0);	/* interpreter, relative */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ECAPMODE);
	f = facts(CAPSICUM_CALL_EXECVEAT, false, CAP_LOOKUP);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);

	f = facts(CAPSICUM_CALL_NONE, true, 0);	/* io-wq worker */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ECAPMODE);
	f.kthread = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f = facts(CAPSICUM_CALL_OTHER, true, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ECAPMODE);
	f = facts(CAPSICUM_CALL_OTHER, false, 0);	/* io_uring_enter */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f.table_limited = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
	f = facts(CAPSICUM_CALL_NONE, false, 0);	/* io-wq worker */
	f.table_limited = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
}

static void policy_decide_alloc(struct kunit *test)
{
	struct capsicum_syscall sc = { .abi = CAPSICUM_ABI_NATIVE };
	struct cap_rights r;

	capsicum_classify(&sc, 257);
	KUNIT_EXPECT_EQ(test, capsicum_decide_alloc(&sc, false, false),
			CAPSICUM_ALLOC_PLAIN);
	KUNIT_EXPECT_EQ(test, capsicum_decide_alloc(&sc, true, false), -ECAPMODE);
	KUNIT_EXPECT_EQ(test, capsicum_decide_alloc(&sc, true, true),
			CAPSICUM_ALLOC_TAG);
	capsicum_classify(&sc, 2);		/* open */
	KUNIT_EXPECT_EQ(test, capsicum_decide_alloc(&sc, true, false), -ECAPMODE);
	capsicum_classify(&sc, 22);		/* pipe */
	KUNIT_EXPECT_EQ(test, capsicum_decide_alloc(&sc, true, false),
			CAPSICUM_ALLOC_TAG);
	sc.kthread = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_alloc(&sc, true, false),
			CAPSICUM_ALLOC_PLAIN);

	capsicum_rights_init_all(&r);
	capsicum_effective_rights(&r, true, false);	/* a pipe */
	KUNIT_EXPECT_TRUE(test, capsicum_rights_is_all(&r));
	capsicum_effective_rights(&r, false, true);	/* O_PATH, checked */
	KUNIT_EXPECT_TRUE(test, capsicum_rights_is_all(&r));
	capsicum_effective_rights(&r, true, true);	/* O_PATH, unchecked */
	EXPECT_RIGHTS_EQ(test, r, rights_of(0, 0));
}

static struct kunit_case capsicum_policy_cases[] = {
	KUNIT_CASE(policy_classify_per_abi),
	KUNIT_CASE(policy_rw_needed),
	KUNIT_CASE(policy_open_needed),
	KUNIT_CASE(policy_decide_open),
	KUNIT_CASE(policy_decide_alloc),
	{}
};

static struct kunit_suite capsicum_policy_suite = {
	.name = "capsicum_policy",
	.test_cases = capsicum_policy_cases,
};

kunit_test_suites(&capsicum_rights_suite, &capsicum_policy_suite);
