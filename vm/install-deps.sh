#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install (as root, with apt) every Debian 12 package the build, the tests and the guests need.
#
# usage: vm/install-deps.sh        installs only what is missing; quiet when nothing is
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

pkgs=(
	build-essential cmake pkg-config bc bison flex libssl-dev libelf-dev
	zlib1g-dev libzstd-dev cpio kmod xz-utils zstd python3 rsync
	clang llvm bpftool libbpf-dev dwarves
	libgtest-dev libbenchmark-dev clang-format nlohmann-json3-dev
	qemu-system-x86 busybox-static systemd groff-base man-db dkms
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root or install them"
log "installing: ${missing[*]}"
apt_update_once
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install failed: ${missing[*]}"
