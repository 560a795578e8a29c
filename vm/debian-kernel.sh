#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetch a stock Debian kernel (image + headers) into the cache; print its env file.
#
# usage: vm/debian-kernel.sh 6.12|6.1
#
# Resolves the newest ABI of the series for which apt has both the unsigned
# image and the headers (the archive drops old builds, so nothing is pinned),
# downloads them with apt-get download, extracts them under
# $CAPSICUM_CACHE/debian/<abi>/, and writes there an env file with
#   KERNEL_NAME KERNEL_RELEASE KERNEL_PKG_VERSION VMLINUZ KDIR VMLINUX_BTF
# A warm run finds the env file and downloads nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

series=${1:?usage: $0 6.12|6.1}
case "$series" in
6.12) pattern='^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' ;;
6.1) pattern='^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' ;;
*) die "unknown series '$series' (6.12 or 6.1)" ;;
esac

apt_update_once
abi=""
for img in $(apt-cache pkgnames linux-image- | grep -E "$pattern" | sort -rV); do
	cand=${img#linux-image-}
	cand=${cand%-unsigned}
	if apt-cache show "linux-headers-$cand" >/dev/null 2>&1; then
		abi=$cand
		break
	fi
done
[ -n "$abi" ] || die "apt has no linux-image-$series*-amd64-unsigned with matching headers"

version=$(apt-cache show "linux-headers-$abi" | awk '/^Version:/ { print $2; exit }')
dir="$CAPSICUM_CACHE/debian/$abi-$version"
env="$dir/env"
if [ -f "$env" ]; then
	cat "$env"
	exit 0
fi

log "fetching Debian kernel $abi ($version) into $dir"
rm -rf "$dir"
mkdir -p "$dir/debs" "$dir/root"
# Every package of the headers comes from the same source package, so the
# same version pins them all (kbuild-6.1 is named without the ABI).
deps=$(apt-cache show "linux-headers-$abi=$version" | awk -F': ' '/^Depends:/ { print $2; exit }' |
	tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -E '^linux-(headers-.*-common|kbuild-)' || true)
pkgs="linux-image-$abi-unsigned=$version linux-headers-$abi=$version"
for d in $deps; do pkgs="$pkgs $d=$version"; done
(cd "$dir/debs" && apt-get download $pkgs >/dev/null 2>"$dir/apt.log") || die "apt-get download failed: $pkgs"
for deb in "$dir"/debs/*.deb; do
	case "$deb" in
	*linux-image-*)
		# Only the kernel itself: the 100 MB of modules are not needed.
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/root" --wildcards './boot/*'
		;;
	*) dpkg-deb -x "$deb" "$dir/root" ;;
	esac
done
rm -rf "$dir/debs"

kdir="$dir/root/usr/src/linux-headers-$abi"
vmlinuz="$dir/root/boot/vmlinuz-$abi"
[ -f "$kdir/Makefile" ] || die "headers missing in $kdir"
# The headers' Makefile includes the common part by absolute path.
sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$kdir/Makefile"
[ -f "$vmlinuz" ] || die "kernel image missing: $vmlinuz"

# Module BTF needs the kernel's BTF.  6.12's headers ship a BTF-only vmlinux;
# 6.1's do not, so take .BTF out of the compressed kernel itself.
btf="$dir/vmlinux.btf"
if [ -f "$kdir/vmlinux" ]; then
	objcopy --dump-section .BTF="$btf" "$kdir/vmlinux" /dev/null 2>/dev/null ||
		cp "$kdir/vmlinux" "$btf"
else
	extract=$("$here/linux-source.sh" extract-vmlinux)
	"$extract" "$vmlinuz" >"$dir/vmlinux.elf" || die "extract-vmlinux failed on $vmlinuz"
	objcopy --dump-section .BTF="$btf" "$dir/vmlinux.elf" /dev/null
	rm -f "$dir/vmlinux.elf"
fi
[ -s "$btf" ] || die "no BTF for $abi"

cat >"$env.tmp" <<EOF
KERNEL_NAME=debian-$series
KERNEL_RELEASE=$abi
KERNEL_PKG_VERSION=$version
VMLINUZ=$vmlinuz
KDIR=$kdir
VMLINUX_BTF=$btf
EOF
mv "$env.tmp" "$env"
cat "$env"
