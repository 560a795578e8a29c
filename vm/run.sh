#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel + initramfs in QEMU (TCG), stream and log the console, judge the run.
#
# usage: vm/run.sh [options] -i INITRD
#
# kernel (first that is given wins):
#   -K NAME      a name of vm/kernel.sh (debian-6.12, debian-6.1, kunit-6.12)
#   -E ENVFILE   an env file printed by vm/kernel.sh
#   environment  VMLINUZ (and KERNEL_NAME for reports), e.g. from `. envfile`
# options:
#   -i INITRD    initramfs from vm/initramfs.sh (required)
#   -l LOG       console log (default ${TMPDIR:-/tmp}/capsicum-vm/NAME.log)
#   -S SUMMARY   results file for the Makefile (default LOG without .log + .results)
#   -D DIR       write each section's output to DIR/SECTION.log
#   -x SECTION   fail unless this section ran (repeatable)
#   -t SECS      overall timeout (default $CAPSICUM_VM_TIMEOUT or 900)
#   -c CPUS      vCPUs (default $CAPSICUM_VM_CPUS or 2; see docs/vm.md)
#   -m MEM       guest memory (default 1G)
#   -a ARGS      more kernel command line
#   -b           benchmark: -icount shift=0,sleep=off and 1 vCPU, so guest
#                time counts guest instructions (deterministic)
#   -I           interactive: the console is your terminal (Ctrl-A x quits
#                QEMU, Ctrl-A c the monitor), no timeout, no verdict
#   -P           boot the bzImage as it is; by default a kernel that has a PVH
#                entry is booted from its uncompressed ELF (cached in
#                $CAPSICUM_CACHE/pvh/), which skips the decompressor: several
#                seconds less per boot under TCG (no KASLR then)
#   -v           verbose boot (drop `quiet`)
#   -W           do not fail on kernel WARNINGs
#   -q           do not stream the console, print only the verdict
#
# Non-interactive runs end with the verdict of vm/parse-results.py (one line
# per section, then `PASS NAME: ...` or `FAIL NAME: reason`); exit status 0
# on PASS, 1 on FAIL, 2 on usage errors.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() { die "usage: $0 [-K name | -E envfile] -i initrd [-l log] [-S summary] [-D dir] [-x section]... [-t secs] [-c cpus] [-m mem] [-a args] [-b] [-P] [-I] [-v] [-W] [-q]"; }

initrd="" logf="" summary="" sections_dir="" append="" mem=1G
timeout_s=${CAPSICUM_VM_TIMEOUT:-900}
cpus=${CAPSICUM_VM_CPUS:-2}
bench=0 pvh=1 interactive=0 verbose=0 allow_warn=0 quiet=0
expect=()
envfile=""
kname=""
while getopts "K:E:i:l:S:D:x:t:c:m:a:bPIvWqh" opt; do
	case "$opt" in
	K) kname=$OPTARG ;;
	E) envfile=$OPTARG ;;
	i) initrd=$OPTARG ;;
	l) logf=$OPTARG ;;
	S) summary=$OPTARG ;;
	D) sections_dir=$OPTARG ;;
	x) expect+=(--expect "$OPTARG") ;;
	t) timeout_s=$OPTARG ;;
	c) cpus=$OPTARG ;;
	m) mem=$OPTARG ;;
	a) append="$append $OPTARG" ;;
	b) bench=1 ;;
	P) pvh=0 ;;
	I) interactive=1 ;;
	v) verbose=1 ;;
	W) allow_warn=1 ;;
	q) quiet=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

if [ -n "$kname" ]; then
	envfile=$(mktemp)
	"$here/kernel.sh" "$kname" >"$envfile" || die "vm/kernel.sh $kname failed"
fi
if [ -n "$envfile" ]; then
	[ -f "$envfile" ] || die "no env file $envfile"
	VMLINUZ=$(sed -n 's/^VMLINUZ=//p' "$envfile")
	KERNEL_NAME=$(sed -n 's/^KERNEL_NAME=//p' "$envfile")
	[ -z "$kname" ] || rm -f "$envfile"
fi
VMLINUZ=${VMLINUZ:-}
name=${KERNEL_NAME:-guest}
[ -n "$VMLINUZ" ] || die "no kernel: give -K NAME, -E ENVFILE or VMLINUZ"
[ -f "$VMLINUZ" ] || die "kernel image not found: $VMLINUZ"
[ -n "$initrd" ] || usage
[ -f "$initrd" ] || die "initramfs not found: $initrd"
[[ "$timeout_s" =~ ^[0-9]+$ ]] || die "-t wants seconds"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"

[ -n "$logf" ] || logf="${TMPDIR:-/tmp}/capsicum-vm/$name.log"
[ -n "$summary" ] || summary="${logf%.log}.results"
mkdir -p "$(dirname "$logf")" "$(dirname "$summary")"

# pvh_image BZIMAGE: print the cached uncompressed ELF of BZIMAGE if the kernel
# has a PVH entry point (Xen note XEN_ELFNOTE_PHYS32_ENTRY), else BZIMAGE.
pvh_image() {
	local img=$1 sum dir elf extract
	sum=$(sha256sum "$img" | cut -c1-16)
	dir="$CAPSICUM_CACHE/pvh"
	elf="$dir/$sum.elf"
	if [ -f "$elf" ]; then echo "$elf"; return; fi
	if [ -f "$dir/$sum.none" ]; then echo "$img"; return; fi
	mkdir -p "$dir"
	extract=$(ls "$CAPSICUM_CACHE"/src/linux-source-*/extract-vmlinux 2>/dev/null | tail -n1 || true)
	[ -n "$extract" ] || extract=$("$here/linux-source.sh" extract-vmlinux)
	if "$extract" "$img" >"$elf.$$" 2>/dev/null &&
		readelf -n "$elf.$$" 2>/dev/null | grep -Eq 'Xen .*(\(0x00000012\)|PHYS32_ENTRY)'; then
		mv "$elf.$$" "$elf"
		echo "$elf"
	else
		rm -f "$elf.$$"
		: >"$dir/$sum.none"
		echo "$img"
	fi
}
boot_image=$VMLINUZ
[ "$pvh" = 0 ] || boot_image=$(pvh_image "$VMLINUZ")

cmdline="console=ttyS0 panic=-1 oops=panic"
[ "$verbose" = 1 ] || cmdline="$cmdline quiet"
cmdline="$cmdline$append"

qemu=(qemu-system-x86_64 -accel tcg -cpu max -m "$mem" -no-reboot -nodefaults
	-kernel "$boot_image" -initrd "$initrd" -append "$cmdline")
if [ "$bench" = 1 ]; then
	qemu+=(-icount shift=0,sleep=off -smp 1)
else
	qemu+=(-smp "$cpus")
fi

if [ "$interactive" = 1 ]; then
	log "interactive $name: Ctrl-A x quits, Ctrl-A c switches to the QEMU monitor; log: $logf"
	qemu+=(-display none -chardev "stdio,id=con,mux=on,signal=off,logfile=$logf"
		-serial chardev:con -mon chardev=con,mode=readline)
	exec "${qemu[@]}"
fi

qemu+=(-display none -serial stdio -monitor none)
log "booting $name ($(basename "$VMLINUZ")$([ "$boot_image" = "$VMLINUZ" ] || echo ", PVH")) with $(basename "$initrd"), timeout ${timeout_s} s; log: $logf"
start=$EPOCHREALTIME
init_at=""
: >"$logf.tmp"
rm -f "$logf.init"
set +e
timeout --foreground -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 |
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line" >>"$logf.tmp"
		[ "$quiet" = 1 ] || printf '%s\n' "$line"
		if [ -z "$init_at" ] && [[ "$line" == *@@CAPSICUM-INIT* ]]; then
			init_at=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
			echo "$init_at" >"$logf.init"
		fi
	done
rcs=("${PIPESTATUS[@]}")
set -e
mv "$logf.tmp" "$logf" 2>/dev/null || : >"$logf"
qrc=${rcs[0]}
wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
init_at=$(cat "$logf.init" 2>/dev/null || echo "-")
rm -f "$logf.init"

parse=(python3 "$here/parse-results.py" --log "$logf" --kernel "$name" --summary "$summary"
	--qemu-rc "$qrc" ${expect[@]+"${expect[@]}"})
[ -z "$sections_dir" ] || parse+=(--sections-dir "$sections_dir")
[ "$allow_warn" = 0 ] || parse+=(--allow-warn)
[ "$qrc" != 124 ] && [ "$qrc" != 137 ] || parse+=(--timed-out "$timeout_s")
log "$name: QEMU exited $qrc after $wall s (/init reached at $init_at s wall clock); summary: $summary"
printf 'wall\t%s\t%s\t%s\n' "$name" "$init_at" "$wall" >"$summary.wall"
status=0
"${parse[@]}" || status=$?
# The wall-clock record goes into the summary after the parser rewrote it.
cat "$summary.wall" >>"$summary" && rm -f "$summary.wall"
exit "$status"
