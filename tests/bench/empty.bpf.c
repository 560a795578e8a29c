// SPDX-License-Identifier: GPL-2.0
/*
 * capsicum-bench: the "empty" BPF-LSM program, the cost of a hook that decides nothing.
 *
 * hook                 what it blocks
 * lsm/file_permission  nothing: returns the verdict it was given
 *
 * Phase "empty" of capsicum-bench attaches it alone, so that the bench can
 * tell the price of the BPF trampoline on file_permission from the price of
 * Capsicum's own program and kfunc on the same hook.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("lsm/file_permission")
int BPF_PROG(bench_empty, struct file *file, int mask, int ret)
{
	return ret;
}
