#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the e2e check: load Capsicum, show its status, run capsicum-e2e.
#
# Runs as root inside the VM, under busybox sh.  Needs capsicumctl and
# capsicum-e2e in PATH.  Extra arguments go to capsicum-e2e, e.g.
#   run-check.sh --gtest_filter='CapMode*'
# Exit status: capsicum-e2e's (0 only if every test passed), 1 if loading failed.

say() { echo "run-check: $*"; }

say "capsicumctl load"
capsicumctl load
rc=$?
if [ "$rc" -ne 0 ]; then
	say "FAILED: capsicumctl load exited $rc; not running the tests" >&2
	exit 1
fi

say "capsicumctl status"
capsicumctl status
rc=$?
if [ "$rc" -ne 0 ]; then
	say "FAILED: capsicumctl status exited $rc" >&2
	exit 1
fi

say "capsicum-e2e --gtest_color=no $*"
capsicum-e2e --gtest_color=no "$@"
rc=$?
say "capsicum-e2e exited $rc"
exit "$rc"
