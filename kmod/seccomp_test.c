// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - KUnit suite for the seccomp layer (seccomp.c).
 *
 * Checks the rule table, checks the built program the way the kernel's
 * seccomp_check_filter() and bpf_check_classic() would, and runs it with a
 * small classic-BPF interpreter over seccomp_data made for every rule:
 * each rule refuses what it names and nothing else.
 */
#include <kunit/test.h>
#include <linux/audit.h>
#include <linux/fanotify.h>
#include <linux/fcntl.h>
#include <linux/filter.h>
#include <linux/personality.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/string.h>
#include <uapi/linux/wait.h>
#include <asm/unistd.h>
#include <uapi/linux/capsicum.h>
#include "seccomp.h"

#define DENY (SECCOMP_RET_ERRNO | ECAPMODE)
#define ALLOW SECCOMP_RET_ALLOW
/* Returned by the interpreter for a program it cannot run. */
#define BROKEN 0xdeadbeefU

struct sc_prog {
	struct sock_filter *insns;
	unsigned int len;
};

static struct sc_prog sc_build(struct kunit *test)
{
	struct sc_prog p;

	p.len = capsicum_seccomp_build(NULL, 0);
	p.insns = kunit_kcalloc(test, p.len, sizeof(*p.insns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p.insns);
	KUNIT_ASSERT_EQ(test, capsicum_seccomp_build(p.insns, p.len), p.len);
	return p;
}

/* A classic-BPF interpreter for the instructions seccomp accepts. */
static u32 sc_run(struct kunit *test, const struct sc_prog *p,
		  const struct seccomp_data *d)
{
	unsigned int pc = 0;
	u32 a = 0;

	while (pc < p->len) {
		const struct sock_filter *f = &p->insns[pc++];

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k >= sizeof(*d) || f->k & 3) {
				KUNIT_FAIL(test, "load at %u", f->k);
				return BROKEN;
			}
			memcpy(&a, (const u8 *)d + f->k, sizeof(a));
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += a & f->k ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			KUNIT_FAIL(test, "opcode %#x at %u", f->code, pc - 1);
			return BROKEN;
		}
	}
	KUNIT_FAIL(test, "the program runs off its end");
	return BROKEN;
}

static struct seccomp_data sc_data(u32 arch, int nr)
{
	struct seccomp_data d = { .nr = nr, .arch = arch };

	return d;
}

static u32 sc_call(struct kunit *test, const struct sc_prog *p, int nr,
		   u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	struct seccomp_data d = sc_data(AUDIT_ARCH_X86_64, nr);

	d.args[0] = a0;
	d.args[1] = a1;
	d.args[2] = a2;
	d.args[3] = a3;
	d.args[4] = a4;
	d.args[5] = 0;
	return sc_run(test, p, &d);
}

static const char *sc_action(u32 action)
{
	return action == DENY ? "ERRNO(ECAPMODE)" :
	       action == ALLOW ? "ALLOW" : "something else";
}

static bool sc_has_rules(int nr)
{
	unsigned int i;

	for (i = 0; i < capsicum_seccomp_nr_rules; i++)
		if (capsicum_seccomp_rules[i].nr == nr)
			return true;
	return false;
}

static void seccomp_rules_are_sorted_and_well_formed(struct kunit *test)
{
	const struct capsicum_seccomp_rule *r = capsicum_seccomp_rules;
	unsigned int i;

	KUNIT_EXPECT_GT(test, capsicum_seccomp_nr_rules, 100U);
	for (i = 0; i < capsicum_seccomp_nr_rules; i++) {
		KUNIT_EXPECT_LT_MSG(test, r[i].nr, CAPSICUM_SECCOMP_NR_END,
				    "%s", r[i].name);
		KUNIT_EXPECT_LE_MSG(test, r[i].kind, CAPSICUM_SC_UNLESS,
				    "%s", r[i].name);
		KUNIT_EXPECT_LT_MSG(test, r[i].arg, 6, "%s", r[i].name);
		if (i > 0) {
			KUNIT_EXPECT_LE_MSG(test, r[i - 1].nr, r[i].nr,
					    "%s after %s", r[i].name,
					    r[i - 1].name);
			/* Two rules of one number name one syscall. */
			if (r[i - 1].nr == r[i].nr) {
				KUNIT_EXPECT_STREQ(test, r[i - 1].name,
						   r[i].name);
				/* An unconditional rule is alone. */
				KUNIT_EXPECT_NE_MSG(test, r[i].kind,
						    CAPSICUM_SC_ALWAYS, "%s",
						    r[i].name);
				KUNIT_EXPECT_NE_MSG(test, r[i - 1].kind,
						    CAPSICUM_SC_ALWAYS, "%s",
						    r[i].name);
			}
		}
	}
}

/* What seccomp_check_filter() and bpf_check_classic() demand. */
static void seccomp_program_is_valid_classic_bpf(struct kunit *test)
{
	struct sc_prog p = sc_build(test);
	struct sock_filter *more;
	unsigned int pc;

	KUNIT_EXPECT_GT(test, p.len, 0U);
	KUNIT_EXPECT_LE(test, p.len, (unsigned int)BPF_MAXINSNS);
	for (pc = 0; pc < p.len; pc++) {
		const struct sock_filter *f = &p.insns[pc];

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			KUNIT_EXPECT_LT(test, f->k,
					(u32)sizeof(struct seccomp_data));
			KUNIT_EXPECT_EQ(test, f->k & 3, 0U);
			break;
		case BPF_JMP | BPF_JA:
			KUNIT_EXPECT_LT(test, (u64)pc + 1 + f->k, (u64)p.len);
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			KUNIT_EXPECT_LT(test, pc + 1 + f->jt, p.len);
			KUNIT_EXPECT_LT(test, pc + 1 + f->jf, p.len);
			break;
		case BPF_RET | BPF_K:
			KUNIT_EXPECT_TRUE_MSG(test,
					      f->k == DENY || f->k == ALLOW,
					      "return %#x at %u", f->k, pc);
			break;
		default:
			KUNIT_FAIL(test, "opcode %#x at %u", f->code, pc);
		}
	}
	KUNIT_EXPECT_EQ(test, p.insns[p.len - 1].code,
			(u16)(BPF_RET | BPF_K));

	/* A short buffer gets the start and nothing past its end. */
	more = kunit_kcalloc(test, p.len, sizeof(*more), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, more);
	memset(more, 0xa5, p.len * sizeof(*more));
	KUNIT_EXPECT_EQ(test, capsicum_seccomp_build(more, p.len / 2), p.len);
	KUNIT_EXPECT_EQ(test, memcmp(more, p.insns,
				     p.len / 2 * sizeof(*more)), 0);
	KUNIT_EXPECT_EQ(test, more[p.len / 2].k, 0xa5a5a5a5U);
}

static void seccomp_other_abis_are_refused(struct kunit *test)
{
	struct sc_prog p = sc_build(test);
	struct seccomp_data d;
	int nr;

	/* ia32 getpid (20), read (3), and every number at all. */
	for (nr = 0; nr < 600; nr++) {
		d = sc_data(AUDIT_ARCH_I386, nr);
		KUNIT_EXPECT_EQ_MSG(test, sc_run(test, &p, &d), DENY,
				    "ia32 %d", nr);
	}
	/* x32: the x86-64 arch with the x32 bit; read (0), getpid (39). */
	d = sc_data(AUDIT_ARCH_X86_64, 0x40000000 | 0);
	KUNIT_EXPECT_EQ(test, sc_run(test, &p, &d), DENY);
	d = sc_data(AUDIT_ARCH_X86_64, 0x40000000 | __NR_getpid);
	KUNIT_EXPECT_EQ(test, sc_run(test, &p, &d), DENY);
	d = sc_data(AUDIT_ARCH_X86_64, 0x40000000 | 512);
	KUNIT_EXPECT_EQ(test, sc_run(test, &p, &d), DENY);
	/* Numbers no table of this module has, and -1. */
	d = sc_data(AUDIT_ARCH_X86_64, CAPSICUM_SECCOMP_NR_END);
	KUNIT_EXPECT_EQ(test, sc_run(test, &p, &d), DENY);
	d = sc_data(AUDIT_ARCH_X86_64, 1000);
	KUNIT_EXPECT_EQ(test, sc_run(test, &p, &d), DENY);
	d = sc_data(AUDIT_ARCH_X86_64, -1);
	KUNIT_EXPECT_EQ(test, sc_run(test, &p, &d), DENY);
}

/* A syscall without rules is allowed whatever its arguments. */
static void seccomp_syscalls_without_rules_are_allowed(struct kunit *test)
{
	struct sc_prog p = sc_build(test);
	struct seccomp_data d;
	int nr, i;

	for (nr = 0; nr < CAPSICUM_SECCOMP_NR_END; nr++) {
		if (sc_has_rules(nr))
			continue;
		d = sc_data(AUDIT_ARCH_X86_64, nr);
		KUNIT_EXPECT_EQ_MSG(test, sc_run(test, &p, &d), ALLOW,
				    "%d, zero arguments", nr);
		for (i = 0; i < 6; i++)
			d.args[i] = (u64)(s64)AT_FDCWD;
		KUNIT_EXPECT_EQ_MSG(test, sc_run(test, &p, &d), ALLOW,
				    "%d, AT_FDCWD everywhere", nr);
	}
}

/* Arguments that none of the rules of @nr refuses. */
static void sc_benign(int nr, struct seccomp_data *d)
{
	unsigned int i;

	*d = sc_data(AUDIT_ARCH_X86_64, nr);
	for (i = 0; i < capsicum_seccomp_nr_rules; i++) {
		const struct capsicum_seccomp_rule *r = &capsicum_seccomp_rules[i];

		if (r->nr != nr)
			continue;
		switch (r->kind) {
		case CAPSICUM_SC_AT_FDCWD:
			d->args[r->arg] = 3;	/* a directory descriptor */
			break;
		case CAPSICUM_SC_PID_LE0:
			d->args[r->arg] = 1;
			break;
		case CAPSICUM_SC_UNLESS:
			d->args[r->arg] = r->value;
			break;
		default:
			d->args[r->arg] = 0;
		}
	}
}

static void sc_expect_arg(struct kunit *test, const struct sc_prog *p,
			  const struct capsicum_seccomp_rule *r, u64 value,
			  u32 want)
{
	struct seccomp_data d;
	u32 got;

	sc_benign(r->nr, &d);
	d.args[r->arg] = value;
	got = sc_run(test, p, &d);
	KUNIT_EXPECT_EQ_MSG(test, got, want,
			    "%s (%u) with argument %u = %#llx: %s, expected %s",
			    r->name, r->nr, r->arg, value, sc_action(got),
			    sc_action(want));
}

/* Every rule refuses what it names, and only that. */
static void seccomp_each_rule_refuses_exactly_its_case(struct kunit *test)
{
	struct sc_prog p = sc_build(test);
	unsigned int i, bit;

	for (i = 0; i < capsicum_seccomp_nr_rules; i++) {
		const struct capsicum_seccomp_rule *r = &capsicum_seccomp_rules[i];
		struct seccomp_data d;

		if (r->kind == CAPSICUM_SC_ALWAYS) {
			sc_benign(r->nr, &d);
			KUNIT_EXPECT_EQ_MSG(test, sc_run(test, &p, &d), DENY,
					    "%s", r->name);
			d.args[0] = 3;
			KUNIT_EXPECT_EQ_MSG(test, sc_run(test, &p, &d), DENY,
					    "%s", r->name);
			continue;
		}
		/* The benign arguments pass every rule of the syscall. */
		sc_benign(r->nr, &d);
		KUNIT_EXPECT_EQ_MSG(test, sc_run(test, &p, &d), ALLOW,
				    "%s with benign arguments", r->name);
		switch (r->kind) {
		case CAPSICUM_SC_AT_FDCWD:
			/* The kernel reads an int: the high half is noise. */
			sc_expect_arg(test, &p, r, 0xffffff9cULL, DENY);
			sc_expect_arg(test, &p, r, (u64)(s64)AT_FDCWD, DENY);
			sc_expect_arg(test, &p, r, 0x12345678ffffff9cULL, DENY);
			sc_expect_arg(test, &p, r, 0, ALLOW);
			sc_expect_arg(test, &p, r, 0xffffff9dULL, ALLOW);
			sc_expect_arg(test, &p, r, 0xffffff9c00000003ULL, ALLOW);
			break;
		case CAPSICUM_SC_FLAGS:
			for (bit = 0; bit < 32; bit++) {
				if (r->value & BIT(bit))
					sc_expect_arg(test, &p, r, BIT(bit), DENY);
				else
					sc_expect_arg(test, &p, r, BIT(bit), ALLOW);
			}
			sc_expect_arg(test, &p, r, r->value, DENY);
			sc_expect_arg(test, &p, r, ~(u64)r->value, ALLOW);
			break;
		case CAPSICUM_SC_NONZERO:
			sc_expect_arg(test, &p, r, 1, DENY);
			sc_expect_arg(test, &p, r, 1ULL << 32, DENY);
			sc_expect_arg(test, &p, r, 0x7ffc12345678ULL, DENY);
			sc_expect_arg(test, &p, r, 0, ALLOW);
			break;
		case CAPSICUM_SC_PID_LE0:
			sc_expect_arg(test, &p, r, 0, DENY);
			sc_expect_arg(test, &p, r, 0xffffffffULL, DENY);
			sc_expect_arg(test, &p, r, (u64)-1, DENY);
			sc_expect_arg(test, &p, r, 0x80000000ULL, DENY);
			sc_expect_arg(test, &p, r, 1ULL << 32, DENY);
			sc_expect_arg(test, &p, r, 1, ALLOW);
			sc_expect_arg(test, &p, r, 0x7fffffffULL, ALLOW);
			sc_expect_arg(test, &p, r, 0xffffffff00000001ULL, ALLOW);
			break;
		case CAPSICUM_SC_UNLESS:
			sc_expect_arg(test, &p, r, r->value, ALLOW);
			sc_expect_arg(test, &p, r, 0xffffffff00000000ULL | r->value,
				      ALLOW);
			sc_expect_arg(test, &p, r, r->value + 1ULL, DENY);
			sc_expect_arg(test, &p, r, r->value - 1ULL, DENY);
			sc_expect_arg(test, &p, r, 0, DENY);
			break;
		}
	}
}

/* The cases docs/capmode.md names, spelled out. */
static void seccomp_named_cases(struct kunit *test)
{
	struct sc_prog p = sc_build(test);
	const u64 fdcwd = (u64)(s64)AT_FDCWD;

	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_read, 0, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_open, 0, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_openat, 3, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_openat, fdcwd, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_renameat, 3, 0, fdcwd, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_renameat, fdcwd, 0, 3, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_renameat, 3, 0, 4, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_symlinkat, 0, fdcwd, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_symlinkat, fdcwd, 3, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_unshare, CLONE_FILES, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_unshare, CLONE_NEWNS, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_unshare, CLONE_NEWTIME, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_clone, SIGCHLD, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_personality, 0xffffffff, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_personality, PER_LINUX32, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_waitid, P_PIDFD, 3, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_waitid, P_PID, 3, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_waitid, P_ALL, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_wait4, 100, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_sendto, 3, 0, 1, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_sendto, 3, 0, 1, 0, 0x7ffc0000), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_kill, 100, 9, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_kill, 0, 9, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_kill, (u64)-1, 9, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_shmdt, 0, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_shmat, 0, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_fanotify_mark, 3, 0, 0, 4, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_fanotify_mark, 3, 0, 0, fdcwd, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_move_pages, 0, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_move_pages, 100, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_migrate_pages, 0, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_migrate_pages, 100, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_pidfd_getfd, 3, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_fanotify_mark, 3, FAN_MARK_MOUNT, 0, 4, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_fanotify_mark, 3, FAN_MARK_FILESYSTEM, 0, 4, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_execveat, 3, 0, 0, 0, AT_EMPTY_PATH), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_execveat, fdcwd, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_fchdir, 3, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_getcwd, 0, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_seccomp, 1, 1, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_clone3, 0, 0, 0, 0, 0), ALLOW);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_bpf, 0, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_io_uring_setup, 1, 0, 0, 0, 0), DENY);
	KUNIT_EXPECT_EQ(test, sc_call(test, &p, __NR_io_uring_enter, 3, 0, 0, 0, 0), ALLOW);
}

static struct kunit_case capsicum_seccomp_cases[] = {
	KUNIT_CASE(seccomp_rules_are_sorted_and_well_formed),
	KUNIT_CASE(seccomp_program_is_valid_classic_bpf),
	KUNIT_CASE(seccomp_other_abis_are_refused),
	KUNIT_CASE(seccomp_syscalls_without_rules_are_allowed),
	KUNIT_CASE(seccomp_each_rule_refuses_exactly_its_case),
	KUNIT_CASE(seccomp_named_cases),
	{}
};

static struct kunit_suite capsicum_seccomp_suite = {
	.name = "capsicum_seccomp",
	.test_cases = capsicum_seccomp_cases,
};

kunit_test_suites(&capsicum_seccomp_suite);
