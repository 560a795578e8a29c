#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Capsicum for Linux - DKMS's MAKE: build capsicum.ko with BTF for one installed kernel.
#
# usage: dkms-build.sh KERNELVER KERNEL_SOURCE_DIR OUT_DIR
#   Run from the DKMS tree (kmod/, uapi/ beside this script); leaves OUT_DIR/capsicum.ko.
# The kfuncs need the module's BTF, built against the kernel's own: from the headers' vmlinux
# (Debian's 6.12 headers ship one), else /sys/kernel/btf/vmlinux when KERNELVER is running.
# Kernels whose headers lack resolve_btfids (Debian 6.1) need RESOLVE_BTFIDS=path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kver=${1:?usage: $0 KERNELVER KERNEL_SOURCE_DIR OUT_DIR}
kdir=${2:?usage: $0 KERNELVER KERNEL_SOURCE_DIR OUT_DIR}
out=${3:?usage: $0 KERNELVER KERNEL_SOURCE_DIR OUT_DIR}
[ -f "$kdir/Makefile" ] || { echo "dkms-build: $kdir is not a kernel build tree" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
btf="$out/vmlinux.btf"
if [ -f "$kdir/vmlinux" ]; then
	objcopy --dump-section .BTF="$btf" "$kdir/vmlinux" /dev/null 2>/dev/null || cp "$kdir/vmlinux" "$btf"
elif [ "$kver" = "$(uname -r)" ] && [ -r /sys/kernel/btf/vmlinux ]; then
	cp /sys/kernel/btf/vmlinux "$btf"
else
	echo "dkms-build: no BTF for $kver: $kdir has no vmlinux and $kver is not the running kernel" >&2
	exit 1
fi
printf 'KERNEL_RELEASE=%s\nKDIR=%s\nVMLINUX_BTF=%s\n' "$kver" "$kdir" "$btf" >"$out/kernel.env"
"$here/kmod/build.sh" "$out/kernel.env" "$out" >/dev/null
