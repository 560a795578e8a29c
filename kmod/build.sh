#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build capsicum.ko with BTF against one kernel of the matrix.
#
# usage: kmod/build.sh ENV_FILE OUT_DIR
#   ENV_FILE: printed by vm/kernel.sh (KDIR, VMLINUX_BTF, KERNEL_RELEASE).
#   OUT_DIR:  gets capsicum.ko; the build itself runs in OUT_DIR/src, since
#             an M= build writes into its source directory.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
env_file=${1:?usage: $0 ENV_FILE OUT_DIR}
out=${2:?usage: $0 ENV_FILE OUT_DIR}
# shellcheck disable=SC1090
. "$env_file"

src="$out/src"
rm -rf "$src"
mkdir -p "$src"
cp -r "$top/kmod" "$top/uapi" "$src/"
make -s -C "$KDIR" M="$src/kmod" modules >"$out/build.log" 2>&1 || {
	cat "$out/build.log" >&2
	echo "kmod: build against $KERNEL_RELEASE failed" >&2
	exit 1
}
grep -E 'warning|error' "$out/build.log" >&2 || true
ko="$src/kmod/capsicum.ko"

# 6.12's headers ship the kernel's BTF and resolve_btfids, and kbuild adds
# module BTF itself; 6.1's do not ("Skipping BTF generation"), so add it
# here against the BTF taken out of the kernel image.
# (into a variable: grep -q on a pipe can SIGPIPE readelf under pipefail)
sections=$(readelf -S "$ko")
if ! grep -q '\.BTF ' <<<"$sections"; then
	# 6.1's kbuild package has no resolve_btfids; 6.12's works for it.  RESOLVE_BTFIDS
	# names one (a DKMS build has no vm/ to fetch the 6.12 headers with).
	resolve=${RESOLVE_BTFIDS:-$KDIR/tools/bpf/resolve_btfids/resolve_btfids}
	if [ ! -x "$resolve" ] && [ -x "$top/vm/kernel.sh" ]; then
		kdir612=$("$top/vm/kernel.sh" debian-6.12 | sed -n 's/^KDIR=//p')
		resolve="$kdir612/tools/bpf/resolve_btfids/resolve_btfids"
	fi
	[ -x "$resolve" ] || {
		echo "kmod: no resolve_btfids for $KERNEL_RELEASE (looked in $KDIR and the 6.12 headers; set RESOLVE_BTFIDS)" >&2
		exit 1
	}
	LLVM_OBJCOPY=objcopy pahole -J --btf_gen_floats -j --lang_exclude=rust \
		--btf_base "$VMLINUX_BTF" "$ko"
	"$resolve" -b "$VMLINUX_BTF" "$ko"
fi
# (no grep -q on the pipe: pipefail would see bpftool's SIGPIPE)
btf_dump=$(bpftool -B "$VMLINUX_BTF" btf dump file "$ko")
grep -q "FUNC 'bpf_capsicum_file_permission'" <<<"$btf_dump" || {
	echo "kmod: $ko has no BTF for its kfuncs" >&2
	exit 1
}
cp "$ko" "$out/capsicum.ko"
echo "$out/capsicum.ko"
