#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's linux-source-6.12 into the cache and hand out parts of it.
#
# usage: vm/linux-source.sh version          print the package version
#        vm/linux-source.sh tarball          print the path of the .tar.xz
#        vm/linux-source.sh extract-vmlinux  print the path of scripts/extract-vmlinux
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

pkg=linux-source-6.12
apt_update_once
version=$(apt-cache show "$pkg" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -rV | head -n1)
[ -n "$version" ] || die "apt has no $pkg"
dir="$CAPSICUM_CACHE/src/$pkg-$version"
tarball="$dir/$pkg.tar.xz"

if [ ! -f "$tarball" ]; then
	log "fetching $pkg $version"
	rm -rf "$dir"
	mkdir -p "$dir/deb"
	(cd "$dir/deb" && apt-get download "$pkg=$version" >/dev/null) || die "apt-get download $pkg failed"
	dpkg-deb --fsys-tarfile "$dir"/deb/*.deb | tar -x -C "$dir/deb" --wildcards "./usr/src/$pkg.tar.xz"
	mv "$dir/deb/usr/src/$pkg.tar.xz" "$tarball.tmp"
	rm -rf "$dir/deb"
	mv "$tarball.tmp" "$tarball"
fi

case "${1:-}" in
version) echo "$version" ;;
tarball) echo "$tarball" ;;
extract-vmlinux)
	script="$dir/extract-vmlinux"
	if [ ! -x "$script" ]; then
		tar -xJf "$tarball" -C "$dir" "$pkg/scripts/extract-vmlinux"
		mv "$dir/$pkg/scripts/extract-vmlinux" "$script"
		rm -rf "${dir:?}/$pkg"
	fi
	echo "$script"
	;;
*) die "usage: $0 version|tarball|extract-vmlinux" ;;
esac
