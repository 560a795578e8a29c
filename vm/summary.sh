#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Add up every test layer of `make check` and print per-layer and total pass/fail lines.
#
# usage: vm/summary.sh RESULTS_DIR GUEST_KERNEL...
#   RESULTS_DIR/host.log          ctest output
#   RESULTS_DIR/kunit.results     vm/run.sh summary of the KUnit kernel
#   RESULTS_DIR/guest-K.results   vm/run.sh summary of guest kernel K
# A layer that left no results counts as one failure: nothing is assumed to pass.
# Exit status 0 only if every layer ran and nothing failed.
set -euo pipefail
dir=${1:?usage: $0 RESULTS_DIR GUEST_KERNEL...}
shift
total_p=0 total_f=0 lines=()

add() { # name passed failed note
	lines+=("$(printf '%-34s %d passed, %d failed%s' "$1:" "$2" "$3" "${4:+  ($4)}")")
	total_p=$((total_p + $2))
	total_f=$((total_f + $3))
}

# ctest: "N% tests passed, F tests failed out of T"
if [ -f "$dir/host.log" ] && line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$dir/host.log" | tail -n1); then
	f=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$line")
	t=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
	add "host unit tests (ctest)" $((t - f)) "$f"
else
	add "host unit tests (ctest)" 0 1 "no ctest result"
fi

vm_layer() { # label results-file
	local label=$1 file=$2 p f verdict
	if [ ! -f "$file" ]; then
		add "$label" 0 1 "no results: the guest never ran"
		return
	fi
	read -r p f < <(awk -F'\t' '$1 == "section" { p += $6; f += $7 } END { print p + 0, f + 0 }' "$file")
	verdict=$(awk -F'\t' '$1 == "run" { print $3 == "PASS" ? "" : $4 }' "$file")
	# A failed run (panic, hang, missing section) fails the layer even if no test did.
	if [ -n "$verdict" ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	add "$label" "$p" "$f" "$verdict"
}

release() { sed -n 's/^KERNEL_RELEASE=//p' "$(dirname "$dir")/kernels/$1.env" 2>/dev/null || true; }

vm_layer "kunit-6.12 $(release kunit-6.12) (KUnit)" "$dir/kunit.results"
for k in "$@"; do
	vm_layer "$k $(release "$k") (guest)" "$dir/guest-$k.results"
done

{
	echo
	echo "== make check summary =="
	printf '%s\n' "${lines[@]}"
	echo "total: $total_p passed, $total_f failed"
} | tee "$dir/summary.txt"
[ "$total_f" -eq 0 ]
