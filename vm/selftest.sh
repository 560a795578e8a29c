#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end test of vm/ itself: parser, initramfs, boots on every kernel, failure detection.
#
# usage: vm/selftest.sh [-k] [KERNEL...]     (default: every name of vm/kernel.sh --list)
#   -k   keep the work directory (logs, initramfs, modules) even on success
#
# 1. parse-results.py on crafted logs: panic, Oops (6.1 and 6.12 style), BUG,
#    WARNING, lockdep, sleep in atomic, timeout, BEGIN without END, missing DONE, missing expected
#    section; skipped tests must never count as passed.
# 2. per kernel: build vm/selftest/vm_selftest.ko against KDIR (from a copy),
#    check vermagic and, where kbuild makes it, module BTF (bpftool -B);
#    boot a check-mode initramfs: insmod, guest-smoke (a static glibc program:
#    threads, pipes, event fds, SCM_RIGHTS, TCP loopback, BPF-LSM active,
#    bpffs, misc device), fake gtest and KTAP sections, rmmod.
# 3. on kernels with KUnit: kunit mode, passing and failing (fail=1).
# 4. on the first kernel: a real panic (sysrq c), a hang (short timeout), a
#    guest that reboots before DONE, a section that never ends.
# Prints a table of boot times at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

keep=0
if [ "${1:-}" = -k ]; then
	keep=1
	shift
fi
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || mapfile -t kernels < <("$here/kernel.sh" --list)

work=$(mktemp -d "${TMPDIR:-/tmp}/capsicum-vm-selftest.XXXXXX")
failures=0
cleanup() {
	if [ "$failures" = 0 ] && [ "$keep" = 0 ]; then rm -rf "$work"; else log "work directory kept: $work"; fi
}
trap cleanup EXIT
ok() { log "ok: $*"; }
bad() {
	log "NOT OK: $*"
	failures=$((failures + 1))
}

parse=(python3 "$here/parse-results.py" --quiet)

# expect_parse WANT(PASS|FAIL) PATTERN LOGFILE [parse args...]: check verdict and reason.
expect_parse() {
	local want=$1 pattern=$2 logfile=$3 out
	shift 3
	out=$("${parse[@]}" --log "$logfile" --kernel t "$@" || true)
	if [[ "$out" == "$want "* ]] && [[ "$out" == *$pattern* ]]; then
		ok "$(basename "$logfile"): $out"
	else
		bad "$(basename "$logfile"): wanted $want *$pattern*, got: $out"
	fi
}

# --- 1. the parser on crafted logs
log "== parser on crafted logs"
c="$work/crafted"
mkdir -p "$c"
init='@@CAPSICUM-INIT mode=check release=x uptime=1.00@@'
printf '%s\n' "$init" '@@CAPSICUM-BEGIN a@@' '[ RUN      ] A.b' '[       OK ] A.b (0 ms)' \
	'@@CAPSICUM-END a rc=0@@' '@@CAPSICUM-DONE rc=0@@' >"$c/pass.log"
expect_parse PASS "1 passed" "$c/pass.log"
expect_parse FAIL "expected section(s) missing: zzz" "$c/pass.log" --expect zzz
expect_parse FAIL "timeout" "$c/pass.log" --timed-out 5
{ sed '$d' "$c/pass.log"; } >"$c/nodone.log"
expect_parse FAIL "@@CAPSICUM-DONE@@ missing" "$c/nodone.log"
printf '%s\n' "$init" '@@CAPSICUM-BEGIN a@@' '[ RUN      ] A.b' >"$c/noend.log"
expect_parse FAIL "section a began but never ended" "$c/noend.log"
printf '%s\n' "Linux version 6.12" "Run /init as init process" >"$c/noinit.log"
expect_parse FAIL "never reached /init" "$c/noinit.log"
{
	cat "$c/pass.log"
	echo '[    5.123456] sysrq: Trigger a crash'
	echo '[    5.123999] Kernel panic - not syncing: sysrq triggered crash'
} >"$c/panic.log"
expect_parse FAIL "kernel panic" "$c/panic.log"
printf '%s\n' "$init" '[    3.1] general protection fault, probably for non-canonical address 0xdead: 0000 [#1] PREEMPT SMP NOPTI' >"$c/oops61.log"
expect_parse FAIL "kernel Oops" "$c/oops61.log"
printf '%s\n' "$init" 'Oops: general protection fault, probably for non-canonical address 0xdead: 0000 [#1] SMP' >"$c/oops612.log"
expect_parse FAIL "kernel Oops" "$c/oops612.log"
printf '%s\n' "$init" 'BUG: kernel NULL pointer dereference, address: 0000000000000000' >"$c/bug.log"
expect_parse FAIL "kernel BUG" "$c/bug.log"
printf '%s\n' "$init" '[    3.2] kernel BUG at mm/slub.c:123!' >"$c/kbug.log"
expect_parse FAIL "kernel BUG" "$c/kbug.log"
{
	cat "$c/pass.log"
	echo 'WARNING: CPU: 0 PID: 75 at kmod/capsicum.c:12 capsicum_init+0x10/0x20 [capsicum]'
} >"$c/warn.log"
expect_parse FAIL "kernel WARNING" "$c/warn.log"
expect_parse PASS "1 passed" "$c/warn.log" --allow-warn
{
	cat "$c/pass.log"
	printf '%s\n' '======================================================' \
		'WARNING: possible circular locking dependency detected' '6.12.117-kunit #1 Tainted: G O'
} >"$c/lockdep.log"
expect_parse FAIL "kernel lockdep" "$c/lockdep.log" --allow-warn
printf '%s\n' "$init" 'BUG: sleeping function called from invalid context at mm/slub.c:4117' >"$c/atomic.log"
expect_parse FAIL "kernel BUG" "$c/atomic.log"
printf '%s\n' "$init" '@@CAPSICUM-BEGIN a@@' '[ RUN      ] A.b' '[  SKIPPED ] A.b (0 ms)' \
	'@@CAPSICUM-END a rc=0@@' '@@CAPSICUM-BEGIN kunit-x@@' 'KTAP version 1' '1..1' \
	'    KTAP version 1' '    # Subtest: s' '    1..2' '    ok 1 c1 # SKIP no' '    ok 2 c2 # skip' \
	'ok 1 s # SKIP' '@@CAPSICUM-END kunit-x rc=0@@' '@@CAPSICUM-DONE rc=0@@' >"$c/skips.log"
expect_parse PASS "0 passed, 0 failed, 3 skipped" "$c/skips.log"
printf '%s\n' "$init" '@@CAPSICUM-BEGIN kunit-x@@' 'insmod: cannot insert' '@@CAPSICUM-END kunit-x rc=0@@' \
	'@@CAPSICUM-DONE rc=0@@' >"$c/noktap.log"
expect_parse FAIL "kunit-x" "$c/noktap.log"
printf '%s\n' "$init" '@@CAPSICUM-BEGIN a@@' '@@CAPSICUM-END a rc=0@@' '@@CAPSICUM-DONE rc=3@@' >"$c/scriptrc.log"
expect_parse FAIL "run script exited 3" "$c/scriptrc.log"

# --- 2.-4. boots
gcc -static -O2 -Wall -pthread -o "$work/guest-smoke" "$here/selftest/guest-smoke.c" ||
	die "cannot build guest-smoke (static glibc: libc6-dev)"

cat >"$work/run-selftest" <<'EOF'
section load insmod "$CAPSICUM_KO"
section smoke guest-smoke
section fake-gtest sh -c 'echo "[ RUN      ] Fake.A"; echo "[       OK ] Fake.A (0 ms)";
	echo "[ RUN      ] Fake.B"; echo "[  SKIPPED ] Fake.B (0 ms)"'
section fake-ktap printf 'KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: fake\n    1..2\n    ok 1 fake_a\n    ok 2 fake_b # SKIP not here\nok 1 fake\n'
section unload rmmod vm_selftest
EOF
echo 'ktap_section kunit-fail insmod "$CAPSICUM_KO" fail=1' >"$work/run-kunit-fail"
echo 'echo c >/proc/sysrq-trigger' >"$work/run-panic"
echo 'section hang sleep 100000' >"$work/run-hang"
echo 'reboot -f; sleep 100' >"$work/run-nodone"
printf '%s\n' 'echo "@@CAPSICUM-BEGIN cut@@"' 'reboot -f; sleep 100' >"$work/run-noend"

# boot TAG EXPECT(PASS|FAIL) PATTERN ENVFILE INITRD [run.sh args]
boot() {
	local tag=$1 want=$2 pattern=$3 env=$4 ird=$5 out
	shift 5
	out=$("$here/run.sh" -q -E "$env" -i "$ird" -l "$work/$tag.log" -S "$work/$tag.results" "$@" 2>"$work/$tag.err" | tail -n1 || true)
	if [[ "$out" == "$want "* ]] && [[ "$out" == *$pattern* ]]; then
		ok "$tag: $out"
	else
		bad "$tag: wanted $want *$pattern*, got: $out (log $work/$tag.log)"
		sed -n '/\(section\|failed\)\t/p' "$work/$tag.results" 2>/dev/null >&2 || true
	fi
}

first=1
times=()
for k in "${kernels[@]}"; do
	log "== $k"
	env="$work/$k.env"
	"$here/kernel.sh" "$k" >"$env" || {
		bad "$k: vm/kernel.sh failed"
		continue
	}
	KDIR=$(sed -n 's/^KDIR=//p' "$env")
	BTF=$(sed -n 's/^VMLINUX_BTF=//p' "$env")
	REL=$(sed -n 's/^KERNEL_RELEASE=//p' "$env")
	mod="$work/mod-$k"
	cp -r "$here/selftest" "$mod"
	if ! make -C "$KDIR" M="$mod" modules >"$work/mod-$k.log" 2>&1; then
		bad "$k: vm_selftest.ko does not build (log $work/mod-$k.log)"
		continue
	fi
	ko="$mod/vm_selftest.ko"
	vm=$(modinfo -F vermagic "$ko")
	[[ "$vm" == "$REL "* ]] && ok "$k: vermagic '$vm'" || bad "$k: vermagic '$vm' is not for $REL"
	if grep -q 'Skipping BTF' "$work/mod-$k.log"; then
		log "$k: kbuild makes no module BTF here (expected on debian-6.1: see ARCHITECTURE.md)"
	# (into a variable first: grep -q on the pipe would SIGPIPE bpftool, and pipefail)
	elif btf_dump=$(bpftool -B "$BTF" btf dump file "$ko" 2>/dev/null) &&
		grep -q "STRUCT 'vm_selftest_info'" <<<"$btf_dump"; then
		ok "$k: module BTF has struct vm_selftest_info (bpftool -B $BTF)"
	else
		bad "$k: module BTF missing or unreadable with base $BTF"
	fi

	"$here/initramfs.sh" -E "$env" -k "$ko" -s "$work/run-selftest" "$work/$k-check.cpio.gz" check "$work/guest-smoke" 2>/dev/null
	boot "$k-check" PASS "5 section(s), 11 passed, 0 failed, 2 skipped" "$env" "$work/$k-check.cpio.gz" -x smoke -x fake-ktap
	if grep -q $'^section\tsmoke\tgtest\t0\t7\t0\t0' <(cut -f1,3- "$work/$k-check.results" 2>/dev/null); then
		ok "$k: guest-smoke 7/7 (threads, pipes, event fds, SCM_RIGHTS, TCP, BPF-LSM, bpffs, misc device)"
	else
		bad "$k: guest-smoke not 7/7: $(grep -P '^section\t[^\t]+\tsmoke' "$work/$k-check.results" || true)"
	fi
	times+=("$k $(awk -F'\t' '$1=="boot" {u=$3} $1=="wall" {w=$3; t=$4} END {print "guest-uptime-at-init=" u "s host-wall-at-init=" w "s total=" t "s"}' "$work/$k-check.results")")

	if grep -q '^CONFIG_KUNIT=y' "$KDIR/.config" 2>/dev/null; then
		"$here/initramfs.sh" -E "$env" -k "$ko" "$work/$k-kunit.cpio.gz" kunit 2>/dev/null
		boot "$k-kunit" PASS "3 passed, 0 failed, 1 skipped" "$env" "$work/$k-kunit.cpio.gz" -x kunit-vm_selftest
		"$here/initramfs.sh" -E "$env" -k "$ko" -s "$work/run-kunit-fail" "$work/$k-kunit-fail.cpio.gz" kunit 2>/dev/null
		boot "$k-kunit-fail" FAIL "kunit-fail (rc=0, 1 failed)" "$env" "$work/$k-kunit-fail.cpio.gz"
		if grep -q $'^failed\t[^\t]*\tkunit-fail\tvm_selftest.vm_selftest_fail_on_request$' "$work/$k-kunit-fail.results"; then
			ok "$k: the failing KUnit case is named in the summary"
		else
			bad "$k: vm_selftest.vm_selftest_fail_on_request not reported as failed"
		fi
	fi

	if [ "$first" = 1 ]; then
		first=0
		for t in panic hang nodone noend; do
			"$here/initramfs.sh" -E "$env" -s "$work/run-$t" "$work/$k-$t.cpio.gz" check 2>/dev/null
		done
		boot "$k-panic" FAIL "kernel panic" "$env" "$work/$k-panic.cpio.gz"
		boot "$k-hang" FAIL "timeout" "$env" "$work/$k-hang.cpio.gz" -t 30
		boot "$k-nodone" FAIL "@@CAPSICUM-DONE@@ missing" "$env" "$work/$k-nodone.cpio.gz"
		boot "$k-noend" FAIL "section cut began but never ended" "$env" "$work/$k-noend.cpio.gz"
	fi
done

log "== boot times (check mode, TCG)"
for t in ${times[@]+"${times[@]}"}; do log "$t"; done
[ "$failures" = 0 ] || die "$failures check(s) failed"
log "all checks passed"
