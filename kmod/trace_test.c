// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - KUnit suite for trace.c's decisions: when to trap,
 * which tracer wants an event, and the ring that drops rather than waits.
 */
#include <kunit/test.h>
#include "trace.h"

static void trace_trap_wanted(struct kunit *test)
{
	/* FreeBSD: only in capability mode, only the two Capsicum errors. */
	KUNIT_EXPECT_TRUE(test, capsicum_trap_wanted(-ENOTCAPABLE, true, true,
						     true, false));
	KUNIT_EXPECT_TRUE(test, capsicum_trap_wanted(-ECAPMODE, true, true,
						     false, true));
	KUNIT_EXPECT_TRUE(test, capsicum_trap_wanted(-ENOTCAPABLE, true, true,
						     true, true));
	/* Both switches off. */
	KUNIT_EXPECT_FALSE(test, capsicum_trap_wanted(-ENOTCAPABLE, true, true,
						      false, false));
	/* Outside capability mode a limited descriptor does not trap. */
	KUNIT_EXPECT_FALSE(test, capsicum_trap_wanted(-ENOTCAPABLE, true,
						      false, true, true));
	/* Other errors never do. */
	KUNIT_EXPECT_FALSE(test, capsicum_trap_wanted(-EPERM, true, true,
						      true, true));
	KUNIT_EXPECT_FALSE(test, capsicum_trap_wanted(-ENOMEM, true, true,
						      true, true));
	KUNIT_EXPECT_FALSE(test, capsicum_trap_wanted(0, true, true, true,
						      true));
	/* io_uring workers take no signals. */
	KUNIT_EXPECT_FALSE(test, capsicum_trap_wanted(-ENOTCAPABLE, false,
						      true, true, true));
}

static void trace_wants(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, capsicum_trace_wants(0, 42));
	KUNIT_EXPECT_TRUE(test, capsicum_trace_wants(0, 0));
	KUNIT_EXPECT_TRUE(test, capsicum_trace_wants(42, 42));
	KUNIT_EXPECT_FALSE(test, capsicum_trace_wants(42, 43));
	/* A process the tracer's namespace cannot see matches no filter. */
	KUNIT_EXPECT_FALSE(test, capsicum_trace_wants(42, 0));
}

static void trace_ring_drops_when_full(struct kunit *test)
{
	struct capsicum_trace_pos r = {};
	u32 lost = 99;

	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_pop(&r, 3), -ENOENT);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_push(&r, 3, &lost), 0);
	KUNIT_EXPECT_EQ(test, lost, 0U);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_push(&r, 3, &lost), 1);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_push(&r, 3, &lost), 2);
	/* Full: two events are dropped and counted. */
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_push(&r, 3, &lost), -ENOSPC);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_push(&r, 3, &lost), -ENOSPC);
	KUNIT_EXPECT_EQ(test, r.dropped, 2U);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_pop(&r, 3), 0);
	/* The next event stored says how many went before it. */
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_push(&r, 3, &lost), 0);
	KUNIT_EXPECT_EQ(test, lost, 2U);
	KUNIT_EXPECT_EQ(test, r.dropped, 0U);
	/* Oldest first, wrapping around. */
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_pop(&r, 3), 1);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_pop(&r, 3), 2);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_pop(&r, 3), 0);
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_pop(&r, 3), -ENOENT);
	/* The drop count saturates instead of wrapping to zero. */
	r = (struct capsicum_trace_pos){ .count = 3, .dropped = U32_MAX };
	KUNIT_EXPECT_EQ(test, capsicum_trace_ring_push(&r, 3, &lost), -ENOSPC);
	KUNIT_EXPECT_EQ(test, r.dropped, U32_MAX);
}

static void trace_event_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct capsicum_trace_event),
			(size_t)CAPSICUM_TRACE_EVENT_SIZE_VER0);
	KUNIT_EXPECT_EQ(test, sizeof(struct capsicum_trace_open),
			(size_t)CAPSICUM_TRACE_OPEN_SIZE_VER0);
	KUNIT_EXPECT_EQ(test, sizeof(struct capsicum_trapcap),
			(size_t)CAPSICUM_TRAPCAP_SIZE_VER0);
}

static struct kunit_case capsicum_trace_cases[] = {
	KUNIT_CASE(trace_trap_wanted),
	KUNIT_CASE(trace_wants),
	KUNIT_CASE(trace_ring_drops_when_full),
	KUNIT_CASE(trace_event_layout),
	{}
};

static struct kunit_suite capsicum_trace_suite = {
	.name = "capsicum_trace",
	.test_cases = capsicum_trace_cases,
};

kunit_test_suites(&capsicum_trace_suite);
