#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Capsicum for Linux - `make install`'s output, installed into a scratch DESTDIR and used.
#
# usage: tests/install/run.sh CHECK BUILD_DIR PREFIX LIBDIR VERSION [KERNEL_ENV]
#   CHECK: files | pkg-config | examples | cmake | systemd | man | dkms (dkms needs KERNEL_ENV, a
#   vm/kernel.sh env file whose headers it builds the module against)
# Prints what it checked; exits 1 on the first difference, saying what it expected.
set -euo pipefail
check=${1:?usage: $0 CHECK BUILD_DIR PREFIX LIBDIR VERSION [KERNEL_ENV]}
build=${2:?} prefix=${3:?} libdir=${4:?} version=${5:?} kenv=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
root="$dest$prefix"
dkms_tree="$dest/usr/src/capsicum-$version"

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

DESTDIR="$dest" cmake --install "$build" >"$tmp/install.log" 2>&1 || {
	cat "$tmp/install.log" >&2
	fail "cmake --install with DESTDIR"
}
expect_output() { # what program...
	local what=$1 out
	shift
	out=$("$@") || fail "$what exited $?"
	[[ "$out" == "rights ok; cap_getmode=-1 errno=ENOSYS" ]] || fail "$what printed '$out'"
	ok "$what runs: $out"
}

case "$check" in
files)
	for f in include/sys/capsicum.h include/linux/capsicum.h "$libdir/libcapsicum.a" \
		"$libdir/libcapsicum.so.1" "$libdir/libcapsicum.so" "$libdir/pkgconfig/libcapsicum.pc" \
		"$libdir/libcasper.a" "$libdir/libcasper.so.1" "$libdir/libcasper.so" \
		"$libdir/pkgconfig/libcasper.pc" include/libcasper.h \
		include/sys/nv.h include/casper/cap_fileargs.h include/sys/procdesc.h \
		include/sys/procctl.h include/capsicum_helpers.h include/capsicum/capsicum.hpp \
		"$libdir/cmake/Capsicum/CapsicumConfig.cmake" \
		"$libdir/cmake/Capsicum/CapsicumConfigVersion.cmake" \
		"$libdir/cmake/Capsicum/CapsicumTargets.cmake" sbin/capsicumctl \
		lib/systemd/system/capsicum.service; do
		[ -e "$root/$f" ] || fail "$prefix/$f is not installed"
	done
	for f in dkms.conf dkms-build.sh kmod/Kbuild kmod/build.sh kmod/main.c uapi/linux/capsicum.h; do
		[ -e "$dkms_tree/$f" ] || fail "/usr/src/capsicum-$version/$f is not installed"
	done
	[ -x "$root/sbin/capsicumctl" ] || fail "capsicumctl is not executable"
	# libcasper.so exports casper's and libnv's C API and nothing of its C++ inside.
	others=$(nm -D --defined-only --format=posix "$root/$libdir/libcasper.so.1" |
		awk '$2 ~ /^[TDBVWR]$/ { print $1 }' | grep -vE '^(cap_|fileargs_|nvlist_|dnvlist_)' |
		grep -vE '^(_init|_fini|_edata|_end|__bss_start)$' || true)
	[ -z "$others" ] || fail "libcasper.so exports $(tr '\n' ' ' <<<"$others")"
	# (into a variable: grep -q on the pipe could SIGPIPE nm under pipefail)
	exported=$(nm -D --defined-only "$root/$libdir/libcasper.so.1")
	grep -q ' T fileargs_open$' <<<"$exported" || fail "libcasper.so does not export fileargs_open"
	if [ -n "${CAPSICUM_EXPECT_BPF_OBJECT:-}" ]; then
		bpf="$root/$libdir/capsicum/capsicum.bpf.o"
		[ -f "$bpf" ] || fail "$prefix/$libdir/capsicum/capsicum.bpf.o is not installed"
		readelf -h "$bpf" | grep -q 'Machine: *Linux BPF' || fail "capsicum.bpf.o is not a BPF object"
	fi
	if find "$dkms_tree" -name '*.o' -o -name '*.ko' | grep -q .; then
		fail "build output in the DKMS tree"
	fi
	ok "headers, libraries, pkg-config and CMake files, capsicumctl, unit, DKMS tree under $prefix"
	;;
pkg-config)
	export PKG_CONFIG_PATH="$root/$libdir/pkgconfig" PKG_CONFIG_LIBDIR="$root/$libdir/pkgconfig"
	[ "$(pkg-config --modversion libcapsicum)" = "$version" ] || fail "pkg-config --modversion"
	cflags=$(pkg-config --cflags libcapsicum)
	libs=$(pkg-config --libs libcapsicum)
	incdir=$(sed -E 's/^-I([^ ]*) *$/\1/' <<<"$cflags")
	[ "$(realpath -m "$incdir")" = "$(realpath "$root/include")" ] ||
		fail "cflags '$cflags' (expected the include directory $root/include)"
	# shellcheck disable=SC2086
	cc -std=c11 -Wall -Werror $cflags "$here/freebsd_style.c" $libs -o "$tmp/by-pkg-config"
	expect_output "a program built with pkg-config" env LD_LIBRARY_PATH="$root/$libdir" "$tmp/by-pkg-config"
	ok "pkg-config: $cflags $libs"
	# Static: libcapsicum.a is C++ inside, so --static must bring -lstdc++.
	static_libs=$(pkg-config --static --libs libcapsicum)
	# shellcheck disable=SC2086
	cc -std=c11 -Wall -Werror -static $cflags "$here/freebsd_style.c" $static_libs \
		-o "$tmp/by-pkg-config-static" || fail "linking statically with pkg-config --static"
	expect_output "a program linked statically with pkg-config --static" "$tmp/by-pkg-config-static"
	ok "pkg-config --static: $static_libs"
	# A FreeBSD-style cat reading its argument through system.fileargs.
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Werror $(pkg-config --cflags libcasper) "$here/../host/casper_cat.c" \
		$(pkg-config --libs libcasper) -o "$tmp/casper-cat"
	readelf -d "$tmp/casper-cat" | grep -q 'NEEDED.*libcasper\.so\.1' ||
		fail "pkg-config libcasper did not link libcasper.so"
	out=$(LD_LIBRARY_PATH="$root/$libdir" "$tmp/casper-cat" "$here/freebsd_style.c") ||
		fail "casper-cat built with pkg-config libcasper exited $?"
	[ "$out" = "$(cat "$here/freebsd_style.c")" ] || fail "casper-cat printed something else"
	ok "pkg-config libcasper: casper-cat reads its argument through system.fileargs"
	;;
examples)
	# examples/ as examples/README.md builds it: make, with pkg-config finding the installed
	# tree, linked with the shared libraries.  Here, without the module, the programs run
	# unsandboxed (the caph_* helpers take ENOSYS as success): same output, nothing refused.
	# The guest runs them sandboxed (tests/examples/run-examples.sh).
	export PKG_CONFIG_PATH="$root/$libdir/pkgconfig" PKG_CONFIG_LIBDIR="$root/$libdir/pkgconfig"
	make -C "$here/../../examples" O="$tmp/examples" WARNS="-Wall -Wextra -Werror" \
		>"$tmp/examples.log" 2>&1 || {
		cat "$tmp/examples.log" >&2
		fail "make -C examples with pkg-config"
	}
	for p in cat echo netclient wc; do
		dyn=$(readelf -d "$tmp/examples/$p")
		grep -q 'NEEDED.*libcapsicum\.so\.1' <<<"$dyn" || fail "examples/$p is not linked with libcapsicum.so"
	done
	export LD_LIBRARY_PATH="$root/$libdir"
	printf 'one two\nthree\n' >"$tmp/a.txt"
	expect_bytes() { # expected-bytes program args...
		local want=$1
		shift
		"$@" >"$tmp/got" </dev/null || fail "$* exited $?"
		printf '%s' "$want" | cmp -s - "$tmp/got" || fail "$* printed '$(cat "$tmp/got")'"
	}
	expect_bytes $'hello capsicum\n' "$tmp/examples/echo" hello capsicum
	expect_bytes $'one two\nthree\none two\nthree\n' "$tmp/examples/cat" "$tmp/a.txt" "$tmp/a.txt"
	expect_bytes "       2       3      14 $tmp/a.txt"$'\n' "$tmp/examples/wc" "$tmp/a.txt"
	ok "examples/ builds with pkg-config against libcapsicum.so and libcasper.so; echo, cat and wc run"
	;;
cmake)
	cmake -S "$here/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$root" >"$tmp/consumer.log" 2>&1 || {
		cat "$tmp/consumer.log" >&2
		fail "configuring a find_package(Capsicum) project"
	}
	cmake --build "$tmp/consumer" >>"$tmp/consumer.log" 2>&1 || {
		cat "$tmp/consumer.log" >&2
		fail "building it"
	}
	expect_output "Capsicum::capsicum (static)" "$tmp/consumer/consumer_static"
	expect_output "Capsicum::capsicum_shared" env LD_LIBRARY_PATH="$root/$libdir" "$tmp/consumer/consumer_shared"
	out=$("$tmp/consumer/consumer_casper" "$here/freebsd_style.c") || fail "Capsicum::casper's cat exited $?"
	[ "$out" = "$(cat "$here/freebsd_style.c")" ] || fail "Capsicum::casper's cat printed something else"
	ok "Capsicum::casper: casper-cat reads its argument through system.fileargs"
	out=$(LD_LIBRARY_PATH="$root/$libdir" "$tmp/consumer/consumer_casper_shared" "$here/freebsd_style.c") ||
		fail "Capsicum::casper_shared's cat exited $?"
	[ "$out" = "$(cat "$here/freebsd_style.c")" ] || fail "Capsicum::casper_shared's cat printed something else"
	ok "Capsicum::casper_shared: the same through libcasper.so"
	;;
systemd)
	unit="$root/lib/systemd/system/capsicum.service"
	grep -qx "ExecStart=$prefix/sbin/capsicumctl load" "$unit" || fail "ExecStart in $unit"
	grep -qx "ExecStartPre=/sbin/modprobe capsicum" "$unit" || fail "ExecStartPre in $unit"
	# verify resolves the unit's programs inside the root: give it the ones it names.
	mkdir -p "$dest/sbin"
	cp "$(readlink -f /sbin/modprobe)" "$dest/sbin/modprobe"
	out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --root="$dest" \
		"$prefix/lib/systemd/system/capsicum.service" 2>&1) || fail "systemd-analyze verify: $out"
	[ -z "$out" ] || fail "systemd-analyze verify complained: $out"
	ok "capsicum.service verifies"
	;;
dkms)
	[ -n "$kenv" ] || fail "dkms needs a KERNEL_ENV"
	# shellcheck disable=SC1090
	. "$kenv"
	grep -qx 'MAKE\[0\]="./dkms-build.sh ${kernelver} ${kernel_source_dir} out"' "$dkms_tree/dkms.conf" ||
		fail "dkms.conf's MAKE"
	# What DKMS does: copy the tree, run MAKE in the copy, take BUILT_MODULE_LOCATION/NAME.ko.
	cp -r "$dkms_tree" "$tmp/build"
	(cd "$tmp/build" && ./dkms-build.sh "$KERNEL_RELEASE" "$KDIR" out) || fail "dkms-build.sh"
	ko="$tmp/build/out/capsicum.ko"
	[ -f "$ko" ] || fail "no out/capsicum.ko"
	vermagic=$(modinfo -F vermagic "$ko")
	[[ "$vermagic" == "$KERNEL_RELEASE "* ]] || fail "vermagic '$vermagic' is not for $KERNEL_RELEASE"
	readelf -S "$ko" | grep -q '\.BTF ' || fail "capsicum.ko has no BTF"
	ok "DKMS tree builds capsicum.ko for $KERNEL_RELEASE with BTF"
	;;
man)
	man="$root/share/man"
	[ -f "$man/man8/capsicumctl.8" ] || fail "no capsicumctl(8)"
	[ -f "$man/man7/capsicum.7" ] || fail "no capsicum(7)"
	# Every function and function-like macro of the installed <sys/capsicum.h> has a page.
	names=$(sed -nE -e 's/^#define (cap_[a-z_]+)\(.*/\1/p' \
		-e 's/^[a-z_ ]+[ *](cap_[a-z_]+)\(.*\) __CAPSICUM_NOEXCEPT;/\1/p' \
		"$root/include/sys/capsicum.h" | sort -u)
	[ "$(wc -l <<<"$names")" -ge 15 ] || fail "found only $(wc -l <<<"$names") functions in <sys/capsicum.h>"
	for n in $names; do
		[ -f "$man/man2/$n.2" ] || [ -f "$man/man3/$n.3" ] || fail "$n has no manual page"
	done
	# Each page renders without a warning (links resolved from the manual's root), and
	# names itself in a NAME section that whatis can read.
	pages=0
	for page in "$man"/man[2378]/*; do
		rel=${page#"$man"/}
		out=$(cd "$man" && groff -man -ww -z -Tutf8 "$rel" 2>&1) || fail "groff $rel"
		[ -z "$out" ] || fail "groff warns about $rel: $out"
		if ! grep -q '^\.so ' "$page"; then
			lexgrog "$page" >/dev/null 2>&1 || fail "$rel: no NAME section whatis can read"
		fi
		pages=$((pages + 1))
	done
	ok "$pages manual pages, every function of <sys/capsicum.h> among them, render cleanly"
	;;
*)
	fail "unknown check '$check'"
	;;
esac
