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
#include <linux/fdtable.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <asm/ioctls.h>
#include "policy.h"
#include "rights.h"
#include "slots.h"

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

static void rights_intersect_and_has(struct kunit *test)
{
	struct cap_rights r = rights_of(CAP_PREAD, CAP_IOCTL);
	struct cap_rights o = rights_of(CAP_READ | CAP_WRITE, CAP_IOCTL);

	KUNIT_EXPECT_TRUE(test, capsicum_rights_has(&r, CAP_SEEK));
	KUNIT_EXPECT_TRUE(test, capsicum_rights_has(&r, CAP_IOCTL));
	KUNIT_EXPECT_FALSE(test, capsicum_rights_has(&r, CAP_WRITE));
	KUNIT_EXPECT_FALSE(test, capsicum_rights_has(&r, 0x1ULL)); /* no word */
	capsicum_rights_intersect(&r, &o);
	EXPECT_RIGHTS_EQ(test, r, rights_of(CAP_READ, CAP_IOCTL));
	KUNIT_EXPECT_TRUE(test, capsicum_rights_valid(&r));
}

static void rights_ioctl_lists(struct kunit *test)
{
	u64 l[] = { 30, 10, 20, 10, 30 };
	u64 small[] = { 10, 30 }, other[] = { 5, 30 }, out[5];

	KUNIT_ASSERT_EQ(test, capsicum_ioctls_normalize(l, 5), 3U);
	KUNIT_EXPECT_EQ(test, l[0], 10ULL);
	KUNIT_EXPECT_EQ(test, l[1], 20ULL);
	KUNIT_EXPECT_EQ(test, l[2], 30ULL);
	KUNIT_EXPECT_TRUE(test, capsicum_ioctls_has(l, 3, 20));
	KUNIT_EXPECT_FALSE(test, capsicum_ioctls_has(l, 3, 25));
	KUNIT_EXPECT_TRUE(test, capsicum_ioctls_has(NULL, -1, 25));
	KUNIT_EXPECT_FALSE(test, capsicum_ioctls_has(NULL, 0, 25));
	KUNIT_EXPECT_TRUE(test, capsicum_ioctls_subset(l, 3, small, 2));
	KUNIT_EXPECT_FALSE(test, capsicum_ioctls_subset(small, 2, l, 3));
	KUNIT_EXPECT_TRUE(test, capsicum_ioctls_subset(NULL, -1, l, 3));
	KUNIT_EXPECT_FALSE(test, capsicum_ioctls_subset(l, 3, NULL, -1));
	KUNIT_EXPECT_TRUE(test, capsicum_ioctls_subset(NULL, 0, NULL, 0));
	KUNIT_EXPECT_EQ(test, capsicum_ioctls_intersect(small, 2, other, 2, out), 1);
	KUNIT_EXPECT_EQ(test, out[0], 30ULL);
	KUNIT_EXPECT_EQ(test, capsicum_ioctls_intersect(NULL, -1, other, 2, out), 2);
	KUNIT_EXPECT_EQ(test, out[0], 5ULL);
	KUNIT_EXPECT_EQ(test, capsicum_ioctls_intersect(NULL, -1, NULL, -1, out), -1);
}

static struct kunit_case capsicum_rights_cases[] = {
	KUNIT_CASE(rights_all_and_none),
	KUNIT_CASE(rights_valid_rejects_malformed),
	KUNIT_CASE(rights_composites),
	KUNIT_CASE(rights_intersect_and_has),
	KUNIT_CASE(rights_ioctl_lists),
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
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 3), CAPSICUM_CALL_CLOSE);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 4), CAPSICUM_CALL_OTHER);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_NATIVE, 33), CAPSICUM_CALL_DUP2);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_IA32, 63), CAPSICUM_CALL_DUP2);
	KUNIT_EXPECT_EQ(test, classify(CAPSICUM_ABI_IA32, 221), CAPSICUM_CALL_FCNTL);
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
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));

	capsicum_classify(&sc, 17);		/* pread64 */
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));

	capsicum_classify(&sc, 1);		/* write, O_APPEND file */
	capsicum_rw_needed(&sc, MAY_WRITE | MAY_APPEND, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_WRITE, 0));

	capsicum_classify(&sc, 18);		/* pwrite64 */
	capsicum_rw_needed(&sc, MAY_WRITE, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PWRITE, 0));

	sc.args[3] = ~0UL;			/* preadv2(..., -1, ...) */
	capsicum_classify(&sc, 327);
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));
	sc.args[3] = 0;				/* preadv2 at offset 0 */
	capsicum_classify(&sc, 327);
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));

	capsicum_classify(&sc, 0);		/* read, file not in its slot */
	capsicum_rw_needed(&sc, MAY_READ, false, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));

	sc.args[2] = 0;				/* sendfile(out, in, NULL, n) */
	capsicum_classify(&sc, 40);
	KUNIT_EXPECT_EQ(test, capsicum_rw_fdarg(&sc, MAY_READ), 1);
	KUNIT_EXPECT_EQ(test, capsicum_rw_fdarg(&sc, MAY_WRITE), 0);
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));
	capsicum_rw_needed(&sc, MAY_WRITE, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_WRITE, 0));
	sc.args[2] = 0x1000;			/* sendfile(out, in, &off, n) */
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));
	capsicum_rw_needed(&sc, MAY_READ, false, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, 0));

	sc.args[1] = 0;				/* splice(in, NULL, out, &off) */
	sc.args[3] = 0x1000;
	capsicum_classify(&sc, 275);
	KUNIT_EXPECT_EQ(test, capsicum_rw_fdarg(&sc, MAY_READ), 0);
	KUNIT_EXPECT_EQ(test, capsicum_rw_fdarg(&sc, MAY_WRITE), 2);
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));
	capsicum_rw_needed(&sc, MAY_WRITE, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PWRITE, 0));
	KUNIT_EXPECT_EQ(test, capsicum_rw_fdarg(&sc, MAY_READ | MAY_WRITE), -1);
	sc.args[1] = 0;
	sc.args[2] = 0;
	sc.args[3] = 0;

	sc.abi = CAPSICUM_ABI_IA32;		/* ia32 preadv2, offset -1 split */
	sc.args[3] = 0xffffffff;
	sc.args[4] = 0xffffffff;
	capsicum_classify(&sc, 378);
	capsicum_rw_needed(&sc, MAY_READ, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_READ, 0));

	sc.abi = CAPSICUM_ABI_NONE;		/* io-wq worker */
	capsicum_classify(&sc, -1);
	capsicum_rw_needed(&sc, MAY_READ | MAY_WRITE, true, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_PREAD, CAP_PWRITE));
	sc.kthread = true;			/* kernel thread proper */
	capsicum_rw_needed(&sc, MAY_READ | MAY_WRITE, true, &need);
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
	f = facts(CAPSICUM_CALL_EXECVEAT, true, 0);	/* a path, not "" */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ECAPMODE);
	f.exec_interp = true;		/* the kernel's open of PT_INTERP */
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);
	f = facts(CAPSICUM_CALL_EXECVEAT, false, CAP_LOOKUP);
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), -ENOTCAPABLE);
	f.exec_interp = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_open(&f), 0);

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

static void policy_fcntl_ioctl_mmap_needed(struct kunit *test)
{
	struct cap_rights need;
	u32 fcntl;

	KUNIT_EXPECT_FALSE(test, capsicum_fcntl_needed(F_DUPFD_CLOEXEC, &need, &fcntl));
	KUNIT_EXPECT_FALSE(test, capsicum_fcntl_needed(F_SETFD, &need, &fcntl));
	KUNIT_EXPECT_TRUE(test, capsicum_fcntl_needed(F_SETLKW, &need, &fcntl));
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_FLOCK, 0));
	KUNIT_EXPECT_EQ(test, fcntl, 0U);
	KUNIT_EXPECT_TRUE(test, capsicum_fcntl_needed(F_OFD_GETLK, &need, &fcntl));
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_FLOCK, 0));
	KUNIT_EXPECT_TRUE(test, capsicum_fcntl_needed(F_GETFL, &need, &fcntl));
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_FCNTL, 0));
	KUNIT_EXPECT_EQ(test, fcntl, (u32)CAP_FCNTL_GETFL);
	KUNIT_EXPECT_TRUE(test, capsicum_fcntl_needed(F_SETOWN_EX, &need, &fcntl));
	KUNIT_EXPECT_EQ(test, fcntl, (u32)CAP_FCNTL_SETOWN);
	KUNIT_EXPECT_TRUE(test, capsicum_fcntl_needed(F_SETPIPE_SZ, &need, &fcntl));
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_FCNTL, 0));
	KUNIT_EXPECT_EQ(test, fcntl, 0U);

	KUNIT_EXPECT_FALSE(test, capsicum_ioctl_needed(FIOCLEX, &need));
	KUNIT_EXPECT_TRUE(test, capsicum_ioctl_needed(FIONREAD, &need));
	EXPECT_RIGHTS_EQ(test, need, rights_of(0, CAP_IOCTL));

	capsicum_mmap_needed(PROT_NONE, MAP_SHARED, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_MMAP, 0));
	capsicum_mmap_needed(PROT_READ | PROT_WRITE, MAP_PRIVATE, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_MMAP_R, 0));
	capsicum_mmap_needed(PROT_READ | PROT_WRITE, MAP_SHARED, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_MMAP_RW, 0));
	capsicum_mmap_needed(PROT_EXEC, MAP_SHARED_VALIDATE, &need);
	EXPECT_RIGHTS_EQ(test, need, rights_of(CAP_MMAP_X, 0));
}

static void policy_decide_at_and_walk(struct kunit *test)
{
	struct capsicum_at_facts f = {};
	struct capsicum_syscall sc = { .abi = CAPSICUM_ABI_NATIVE };

	/* On the descriptor itself: its right, and it must still hold it. */
	f.self = true;
	f.same = true;
	f.held = rights_of(CAP_FSTAT, 0);
	f.need = rights_of(CAP_FSTAT, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), 0);
	f.held = rights_of(CAP_READ, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), -ENOTCAPABLE);
	f.held = rights_of(CAP_FSTAT, 0);
	f.same = false;
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), -ENOTCAPABLE);

	/* Through a directory: unlimited outside capability mode goes. */
	memset(&f, 0, sizeof(f));
	capsicum_rights_init_all(&f.held);
	f.need = rights_of(CAP_MKDIRAT, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), 0);
	f.capmode = true;		/* capability mode: relative, beneath */
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), -ENOTCAPABLE);
	f.path_relative = true;
	f.beneath = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), 0);
	f.capmode = false;		/* limited: the at right */
	f.held = rights_of(CAP_LOOKUP, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), -ENOTCAPABLE);
	f.held = rights_of(CAP_MKDIRAT, 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), 0);
	f.beneath = false;
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), -ENOTCAPABLE);
	memset(&f, 0, sizeof(f));	/* AT_FDCWD */
	f.cwd = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), 0);
	f.capmode = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), -ECAPMODE);
	f.kthread = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_at(&f), 0);

	capsicum_classify(&sc, 264);	/* renameat: source, target */
	KUNIT_EXPECT_EQ(test, capsicum_walk_right(&sc, 0), CAP_RENAMEAT_SOURCE);
	KUNIT_EXPECT_EQ(test, capsicum_walk_right(&sc, 1), CAP_RENAMEAT_TARGET);
	KUNIT_EXPECT_EQ(test, capsicum_atargs(sc.call)->fd2, 2);
	sc.args[2] = S_IFIFO | 0600;	/* mknodat of a FIFO */
	capsicum_classify(&sc, 259);
	KUNIT_EXPECT_EQ(test, capsicum_walk_right(&sc, 0), CAP_MKFIFOAT);
	sc.args[2] = S_IFREG | 0600;
	KUNIT_EXPECT_EQ(test, capsicum_walk_right(&sc, 0), CAP_MKNODAT);
	capsicum_classify(&sc, 301);	/* fanotify_mark: a word-1 right */
	KUNIT_EXPECT_EQ(test, capsicum_walk_right(&sc, 0), CAP_NOTIFY);
	KUNIT_EXPECT_EQ(test, capsicum_atargs(sc.call)->fd, 3);
	sc.abi = CAPSICUM_ABI_IA32;	/* ia32 fanotify_mark: split mask */
	capsicum_classify(&sc, 339);
	KUNIT_EXPECT_EQ(test, capsicum_atargs(sc.call)->fd, 4);
	capsicum_classify(&sc, 300);	/* ia32 fstatat64 */
	KUNIT_EXPECT_EQ(test, capsicum_walk_right(&sc, 0), CAP_FSTATAT);
	KUNIT_EXPECT_EQ(test, capsicum_atargs(sc.call)->flags, 3);
	capsicum_classify(&sc, 257);	/* ia32 257 is not openat */
	KUNIT_EXPECT_EQ(test, capsicum_walk_right(&sc, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, capsicum_atargs(sc.call)->fd, -1);
}

static void policy_decide_walk_and_exec(struct kunit *test)
{
	struct capsicum_walk_facts w = { .capmode = true, .known = true,
					 .beneath = true };

	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);
	w.beneath = false;		/* "../x", "/x", a symlink out */
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), -ENOTCAPABLE);
	w.capmode = false;		/* unlimited descriptor, outside */
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);
	w.limited = true;		/* limited descriptor: strictly beneath */
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), -ENOTCAPABLE);
	w.beneath = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);
	w.at_top = true;		/* the descriptor's own directory */
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w),
			CAPSICUM_WALK_UNLESS_DOTDOT);
	w.limited = false;		/* unlimited, outside: no lookahead */
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);
	w.capmode = true;
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w),
			CAPSICUM_WALK_UNLESS_DOTDOT);
	w = (struct capsicum_walk_facts){ .capmode = true };
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), -ENOTCAPABLE);
	w.capmode = false;		/* gone, outside: the end check decides */
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);
	w = (struct capsicum_walk_facts){ .capmode = true, .cwd = true };
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), -ECAPMODE);
	w.kernel_exec = true;		/* the interpreter of an fexecve */
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);
	w = (struct capsicum_walk_facts){ .cwd = true };
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);
	w = (struct capsicum_walk_facts){ .capmode = true, .kthread = true };
	KUNIT_EXPECT_EQ(test, capsicum_decide_walk(&w), 0);

	KUNIT_EXPECT_EQ(test, capsicum_decide_exec(false, false,
						   CAPSICUM_CALL_EXECVE, false), 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_exec(true, false,
						   CAPSICUM_CALL_EXECVEAT, true), 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_exec(true, false,
						   CAPSICUM_CALL_EXECVEAT, false),
			-ECAPMODE);	/* "#!" interpreter */
	KUNIT_EXPECT_EQ(test, capsicum_decide_exec(true, false,
						   CAPSICUM_CALL_EXECVE, true),
			-ECAPMODE);
	KUNIT_EXPECT_EQ(test, capsicum_decide_exec(true, true,
						   CAPSICUM_CALL_NONE, false), 0);
}

static void policy_decide_proc_link(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, capsicum_decide_proc_link(true, false),
			-ENOTCAPABLE);	/* /proc/1/root */
	KUNIT_EXPECT_EQ(test, capsicum_decide_proc_link(true, true), 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_proc_link(false, false), 0);
	KUNIT_EXPECT_EQ(test, capsicum_decide_proc_link(false, true), 0);
}

static struct kunit_case capsicum_policy_cases[] = {
	KUNIT_CASE(policy_fcntl_ioctl_mmap_needed),
	KUNIT_CASE(policy_decide_at_and_walk),
	KUNIT_CASE(policy_classify_per_abi),
	KUNIT_CASE(policy_rw_needed),
	KUNIT_CASE(policy_open_needed),
	KUNIT_CASE(policy_decide_open),
	KUNIT_CASE(policy_decide_alloc),
	KUNIT_CASE(policy_decide_walk_and_exec),
	KUNIT_CASE(policy_decide_proc_link),
	{}
};

static struct kunit_suite capsicum_policy_suite = {
	.name = "capsicum_policy",
	.test_cases = capsicum_policy_cases,
};

/*
 * The descriptor table's own logic, on a made-up table and file: only
 * their addresses are used as keys, and the file's reference count tells
 * the limit that no other descriptor holds it.
 */
struct slots_fixture {
	struct files_struct *files;
	struct file *file;
};

static struct slots_fixture slots_setup(struct kunit *test)
{
	struct slots_fixture f;

	f.files = kunit_kzalloc(test, 64, GFP_KERNEL);
	f.file = kunit_kzalloc(test, sizeof(*f.file), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f.files);
	KUNIT_ASSERT_NOT_NULL(test, f.file);
	atomic_long_set(&f.file->f_count, 1);
	return f;
}

static void slots_limit_is_per_descriptor(struct kunit *test)
{
	struct slots_fixture f = slots_setup(test);
	long files0 = capsicum_slots_files(), slots0 = capsicum_slots_entries();
	long tables0 = capsicum_slots_tables();
	struct cap_rights r = rights_of(CAP_READ | CAP_FSTAT, 0);
	struct capsicum_held h;

	capsicum_fd_held(f.files, 3, f.file, &h);
	KUNIT_EXPECT_FALSE(test, h.tracked);
	KUNIT_EXPECT_TRUE(test, capsicum_rights_is_all(&h.rights));
	KUNIT_EXPECT_EQ(test, h.fcntls, (u32)CAP_FCNTL_ALL);
	KUNIT_EXPECT_EQ(test, h.nioctls, -1);

	KUNIT_ASSERT_EQ(test, capsicum_fd_limit(f.files, 3, f.file, &r), 0);
	KUNIT_EXPECT_EQ(test, capsicum_slots_files(), files0 + 1);
	KUNIT_EXPECT_EQ(test, capsicum_slots_entries(), slots0 + 1);
	KUNIT_EXPECT_EQ(test, capsicum_slots_tables(), tables0 + 1);
	capsicum_fd_held(f.files, 3, f.file, &h);
	KUNIT_EXPECT_TRUE(test, h.tracked);
	KUNIT_EXPECT_FALSE(test, h.unobserved);
	EXPECT_RIGHTS_EQ(test, h.rights, r);
	/* Without CAP_FCNTL and CAP_IOCTL the sub-lists are empty. */
	KUNIT_EXPECT_EQ(test, h.fcntls, 0U);
	KUNIT_EXPECT_EQ(test, h.nioctls, 0);

	/* Another slot of the same file, never observed: the floor. */
	capsicum_fd_held(f.files, 4, f.file, &h);
	KUNIT_EXPECT_TRUE(test, h.unobserved);
	EXPECT_RIGHTS_EQ(test, h.rights, r);
	/* An unknown descriptor likewise. */
	capsicum_fd_held(NULL, -1, f.file, &h);
	EXPECT_RIGHTS_EQ(test, h.rights, r);

	/* Rights only shrink, and a refused limit changes nothing. */
	r = rights_of(CAP_READ | CAP_WRITE, 0);
	KUNIT_EXPECT_EQ(test, capsicum_fd_limit(f.files, 3, f.file, &r), -ENOTCAPABLE);
	capsicum_fd_held(f.files, 3, f.file, &h);
	EXPECT_RIGHTS_EQ(test, h.rights, rights_of(CAP_READ | CAP_FSTAT, 0));
	r = rights_of(CAP_READ, 0);
	KUNIT_EXPECT_EQ(test, capsicum_fd_limit(f.files, 3, f.file, &r), 0);
	capsicum_fd_held(f.files, 3, f.file, &h);
	EXPECT_RIGHTS_EQ(test, h.rights, r);

	capsicum_file_forget(f.file);
	KUNIT_EXPECT_EQ(test, capsicum_slots_files(), files0);
	KUNIT_EXPECT_EQ(test, capsicum_slots_entries(), slots0);
	KUNIT_EXPECT_EQ(test, capsicum_slots_tables(), tables0);
	capsicum_fd_held(f.files, 3, f.file, &h);
	KUNIT_EXPECT_FALSE(test, h.tracked);
}

static void slots_sub_rights_only_shrink(struct kunit *test)
{
	struct slots_fixture f = slots_setup(test);
	struct cap_rights r = rights_of(CAP_READ | CAP_FCNTL, CAP_IOCTL);
	u64 cmds[] = { 0x5401, 0x541B }, more[] = { 0x5401, 0x5413 }, buf[4];
	struct capsicum_held h;

	KUNIT_ASSERT_EQ(test, capsicum_fd_limit(f.files, 5, f.file, &r), 0);
	capsicum_fd_held(f.files, 5, f.file, &h);
	KUNIT_EXPECT_EQ(test, h.fcntls, (u32)CAP_FCNTL_ALL);
	KUNIT_EXPECT_EQ(test, h.nioctls, -1);
	KUNIT_EXPECT_TRUE(test, capsicum_fd_ioctl_allowed(f.files, 5, f.file, 0x1234));

	KUNIT_EXPECT_EQ(test, capsicum_fd_limit_fcntls(f.files, 5, f.file,
						       CAP_FCNTL_GETFL), 0);
	KUNIT_EXPECT_EQ(test, capsicum_fd_limit_fcntls(f.files, 5, f.file,
						       CAP_FCNTL_GETFL | CAP_FCNTL_SETFL),
			-ENOTCAPABLE);
	capsicum_fd_held(f.files, 5, f.file, &h);
	KUNIT_EXPECT_EQ(test, h.fcntls, (u32)CAP_FCNTL_GETFL);

	KUNIT_EXPECT_EQ(test, capsicum_fd_limit_ioctls(f.files, 5, f.file, cmds, 2), 0);
	KUNIT_EXPECT_EQ(test, capsicum_fd_limit_ioctls(f.files, 5, f.file, more, 2),
			-ENOTCAPABLE);
	KUNIT_EXPECT_EQ(test, capsicum_fd_ioctls_get(f.files, 5, f.file, buf, 4), 2);
	KUNIT_EXPECT_EQ(test, buf[0], 0x5401ULL);
	KUNIT_EXPECT_EQ(test, buf[1], 0x541BULL);
	KUNIT_EXPECT_TRUE(test, capsicum_fd_ioctl_allowed(f.files, 5, f.file, 0x541B));
	KUNIT_EXPECT_FALSE(test, capsicum_fd_ioctl_allowed(f.files, 5, f.file, 0x5413));

	/* Dropping CAP_IOCTL empties the list; the rights set stays valid. */
	r = rights_of(CAP_READ | CAP_FCNTL, 0);
	KUNIT_EXPECT_EQ(test, capsicum_fd_limit(f.files, 5, f.file, &r), 0);
	KUNIT_EXPECT_EQ(test, capsicum_fd_ioctls_get(f.files, 5, f.file, buf, 4), 0);
	capsicum_fd_held(f.files, 5, f.file, &h);
	KUNIT_EXPECT_EQ(test, h.fcntls, (u32)CAP_FCNTL_GETFL);

	capsicum_table_forget(f.files);
	capsicum_fd_held(f.files, 5, f.file, &h);
	KUNIT_EXPECT_TRUE(test, h.unobserved);	/* the file keeps its floor */
	EXPECT_RIGHTS_EQ(test, h.rights, r);
	capsicum_file_forget(f.file);
}

static void slots_floor_is_below_every_descriptor(struct kunit *test)
{
	struct slots_fixture f = slots_setup(test);
	struct files_struct *other = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct cap_rights a = rights_of(CAP_READ | CAP_FSTAT, 0);
	struct cap_rights b = rights_of(CAP_READ, 0);
	struct cap_rights w = rights_of(CAP_WRITE, 0);
	struct capsicum_held h;

	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_EQ(test, capsicum_fd_limit(f.files, 1, f.file, &a), 0);
	/*
	 * A descriptor with no record of its own holds the floor, and a
	 * limit cannot give it more.  (A real one would have been given a
	 * record of its own before the floor shrank: the file's count says
	 * when another descriptor may hold it.)
	 */
	KUNIT_EXPECT_EQ(test, capsicum_fd_limit(other, 1, f.file, &w), -ENOTCAPABLE);
	KUNIT_ASSERT_EQ(test, capsicum_fd_limit(other, 1, f.file, &b), 0);
	capsicum_fd_held(f.files, 1, f.file, &h);
	EXPECT_RIGHTS_EQ(test, h.rights, a);
	capsicum_fd_held(other, 1, f.file, &h);
	EXPECT_RIGHTS_EQ(test, h.rights, b);
	capsicum_fd_held(f.files, 9, f.file, &h);
	EXPECT_RIGHTS_EQ(test, h.rights, b);
	/* The floor does not grow back when a descriptor goes. */
	capsicum_table_forget(other);
	capsicum_fd_held(other, 1, f.file, &h);
	KUNIT_EXPECT_TRUE(test, h.unobserved);
	EXPECT_RIGHTS_EQ(test, h.rights, b);
	capsicum_fd_held(f.files, 1, f.file, &h);
	EXPECT_RIGHTS_EQ(test, h.rights, a);
	capsicum_file_forget(f.file);
}

static struct kunit_case capsicum_slots_cases[] = {
	KUNIT_CASE(slots_limit_is_per_descriptor),
	KUNIT_CASE(slots_sub_rights_only_shrink),
	KUNIT_CASE(slots_floor_is_below_every_descriptor),
	{}
};

static struct kunit_suite capsicum_slots_suite = {
	.name = "capsicum_slots",
	.test_cases = capsicum_slots_cases,
};

kunit_test_suites(&capsicum_rights_suite, &capsicum_policy_suite,
		  &capsicum_slots_suite);
