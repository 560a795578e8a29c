#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the bench: read(2) cost with no program, an empty program, and Capsicum.
#
# Runs as root inside the VM (ideally under QEMU -icount shift=0), under
# busybox sh.  Needs capsicumctl and capsicum-bench in PATH.  Extra
# arguments go to every `capsicum-bench run`, e.g. `run-bench.sh -n 100000`.
# Ends with the table of `capsicum-bench report`; exit status 0 only if
# every phase ran.

say() { echo "run-bench: $*"; }
die() {
	echo "run-bench: FAILED: $*" >&2
	exit 1
}

CAPSICUM_BENCH_DIR=${CAPSICUM_BENCH_DIR:-/tmp/capsicum-bench}
export CAPSICUM_BENCH_DIR
rm -rf "$CAPSICUM_BENCH_DIR"

# Phases none and empty need Capsicum's programs detached.  unload fails
# when nothing is loaded, which is fine; phase none checks the result.
say "capsicumctl unload"
capsicumctl unload || say "(unload exited $?; continuing, phase none checks)"

capsicum-bench run none "$@" || die "phase none"
capsicum-bench run empty "$@" || die "phase empty"

say "capsicumctl load"
capsicumctl load || die "capsicumctl load exited $?"

capsicum-bench run unlimited "$@" || die "phase unlimited"
capsicum-bench run limited "$@" || die "phase limited"

say "results"
capsicum-bench report
