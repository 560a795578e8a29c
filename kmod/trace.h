/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - trace: refused operations reported to tracers and
 * trapped with SIGTRAP (FreeBSD's ktrace -t c and kern.trap_enotcap).
 */
#ifndef _CAPSICUM_TRACE_H
#define _CAPSICUM_TRACE_H

#include <linux/types.h>
#include <uapi/linux/capsicum.h>

struct capsicum_tracer;
struct wait_queue_head;

long capsicum_trace_deny(long err, int fd, const struct cap_rights *need,
			 const struct cap_rights *held);

bool capsicum_trap_wanted(long err, bool user_syscall, bool capmode,
			  bool global, bool process);
bool capsicum_trace_wants(pid_t filter, pid_t tgid);

/**
 * struct capsicum_trace_pos - the state of one tracer's ring.
 * @head: the slot of the oldest event.
 * @count: events in the ring.
 * @dropped: events lost since the last one stored.
 */
struct capsicum_trace_pos {
	u32 head;
	u32 count;
	u32 dropped;
};

int capsicum_trace_ring_push(struct capsicum_trace_pos *r, u32 size,
			     u32 *lost);
int capsicum_trace_ring_pop(struct capsicum_trace_pos *r, u32 size);

struct capsicum_tracer *capsicum_tracer_new(pid_t pid);
void capsicum_tracer_free(struct capsicum_tracer *tr);
bool capsicum_tracer_pop(struct capsicum_tracer *tr,
			 struct capsicum_trace_event *ev);
bool capsicum_tracer_ready(struct capsicum_tracer *tr);
struct wait_queue_head *capsicum_tracer_waitq(struct capsicum_tracer *tr);

void capsicum_trap_set_global(bool on);
bool capsicum_trap_global(void);

#endif /* _CAPSICUM_TRACE_H */
