#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Guest side of the demo: load Capsicum, then show a sandbox at work.
#
# Runs as root inside the VM, under busybox sh.  Needs capsicumctl and
# capsicum-demo in PATH.  Exit status: capsicum-demo's (0 only if every
# step had the expected outcome), 1 if loading failed.

capsicumctl load
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "run-demo: FAILED: capsicumctl load exited $rc" >&2
	exit 1
fi
capsicum-demo
