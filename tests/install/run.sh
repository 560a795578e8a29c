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
expect_cat() { # what program...: a casper cat must print freebsd_style.c, its argument
	local what=$1 out
	shift
	out=$("$@" "$here/freebsd_style.c") || fail "$what exited $?"
	[ "$out" = "$(cat "$here/freebsd_style.c")" ] || fail "$what printed something else"
	ok "$what reads its argument through system.fileargs"
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
		grep -q 'Machine: *Linux BPF' <<<"$(readelf -h "$bpf")" || fail "capsicum.bpf.o is not a BPF object"
	fi
	if [ -n "$(find "$dkms_tree" -name '*.o' -o -name '*.ko')" ]; then
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
	# The FreeBSD-style programs of tests/freebsd-style, unchanged, against the installed
	# headers only (the guest runs the same sources sandboxed); echo runs here, where
	# caph_enter() tolerates the absent module (ENOSYS) as FreeBSD's does.
	progs=0
	for src in "$here"/../freebsd-style/*.c; do
		prog=$(basename "$src" .c)
		# shellcheck disable=SC2086
		cc -std=gnu11 -Wall -Wextra -Werror $cflags "$src" $libs -o "$tmp/fbsd-$prog" ||
			fail "tests/freebsd-style/$prog.c does not build against the installed headers"
		progs=$((progs + 1))
	done
	[ "$progs" -ge 4 ] || fail "found only $progs programs in tests/freebsd-style"
	out=$(LD_LIBRARY_PATH="$root/$libdir" "$tmp/fbsd-echo" one two) || fail "fbsd-echo exited $?"
	[ "$out" = $'one two\nsandboxed: no' ] || fail "fbsd-echo printed '$out'"
	ok "pkg-config: $progs FreeBSD-style programs build unchanged; echo runs"
	# A FreeBSD-style cat reading its argument through system.fileargs.
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Werror $(pkg-config --cflags libcasper) "$here/../host/casper_cat.c" \
		$(pkg-config --libs libcasper) -o "$tmp/casper-cat"
	grep -q 'NEEDED.*libcasper\.so\.1' <<<"$(readelf -d "$tmp/casper-cat")" ||
		fail "pkg-config libcasper did not link libcasper.so"
	expect_cat "casper-cat built with pkg-config libcasper" \
		env LD_LIBRARY_PATH="$root/$libdir" "$tmp/casper-cat"
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
	expect_cat "Capsicum::casper's cat" "$tmp/consumer/consumer_casper"
	expect_cat "Capsicum::casper_shared's cat (libcasper.so)" \
		env LD_LIBRARY_PATH="$root/$libdir" "$tmp/consumer/consumer_casper_shared"
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
	command -v dkms >/dev/null || fail "no dkms (vm/install-deps.sh installs it)"
	# shellcheck disable=SC1090
	. "$kenv"
	grep -qx 'MAKE\[0\]="./dkms-build.sh ${kernelver} ${kernel_source_dir} out"' "$dkms_tree/dkms.conf" ||
		fail "dkms.conf's MAKE"
	# Debian's dkms itself, on the installed tree, with its own scratch DKMS tree (the
	# system's /var/lib/dkms is not touched) and the kernel's headers from the cache.
	mkdir "$tmp/dkms"
	dkms_() { dkms --sourcetree "$dest/usr/src" --dkmstree "$tmp/dkms" "$@"; }
	dkms_ add "capsicum/$version" >"$tmp/dkms.log" 2>&1 || { cat "$tmp/dkms.log" >&2; fail "dkms add"; }
	dkms_ build "capsicum/$version" -k "$KERNEL_RELEASE" --kernelsourcedir "$KDIR" \
		>"$tmp/dkms.log" 2>&1 || { cat "$tmp/dkms.log" >&2; fail "dkms build"; }
	ko="$tmp/dkms/capsicum/$version/$KERNEL_RELEASE/$(uname -m)/module/capsicum.ko"
	[ -f "$ko" ] || fail "dkms build left no ${ko#"$tmp/"}"
	status=$(dkms_ status "capsicum/$version" -k "$KERNEL_RELEASE" 2>&1)
	[[ "$status" == "capsicum/$version, $KERNEL_RELEASE, $(uname -m): built" ]] ||
		fail "dkms status says '$status'"
	vermagic=$(modinfo -F vermagic "$ko")
	[[ "$vermagic" == "$KERNEL_RELEASE "* ]] || fail "vermagic '$vermagic' is not for $KERNEL_RELEASE"
	grep -q '\.BTF ' <<<"$(readelf -S "$ko")" || fail "capsicum.ko has no BTF"
	ok "dkms builds capsicum.ko for $KERNEL_RELEASE with BTF ($status)"
	;;
man)
	man="$root/share/man"
	[ -f "$man/man8/capsicumctl.8" ] || fail "no capsicumctl(8)"
	[ -f "$man/man7/capsicum.7" ] || fail "no capsicum(7)"
	# Each page renders without a warning and names itself in a NAME section that whatis can
	# read; each link (.so) names, from the manual's root, a page that does.
	declare -A whatis synopsis
	pages=0
	for page in "$man"/man[2378]/*; do
		rel=${page#"$man"/}
		pages=$((pages + 1))
		target=$(sed -nE '1s/^\.so +//p' "$page")
		if [ -n "$target" ]; then
			if [ "$(wc -l <"$page")" != 1 ] || [ ! -f "$man/$target" ] ||
				grep -q '^\.so ' "$man/$target"; then
				fail "$rel: a link to $target, which is no page"
			fi
			continue
		fi
		out=$(groff -man -ww -z -Tutf8 "$page" 2>&1) || fail "groff $rel"
		[ -z "$out" ] || fail "groff warns about $rel: $out"
		whatis[$rel]=$(lexgrog "$page" 2>&1) || fail "$rel: no NAME section whatis can read"
		synopsis[$rel]=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$page")
	done
	# Every function and function-like macro that an installed C header declares has a page in
	# section 2 or 3 (itself or a .so link to one) whose NAME section names it and whose
	# SYNOPSIS shows it.  The compiler lists them: gcc -aux-info writes one prototype per
	# function declared or defined (static inline ones too) with the file that declares it, and
	# -E -dD keeps each #define where its header has it.  Names with a leading underscore are
	# the implementation's (__cap_rights_init behind the cap_rights_init() macro).
	command -v gcc >/dev/null || fail "gcc is needed to list the headers' functions (-aux-info)"
	inc=$(realpath "$root/include")
	mapfile -t headers < <(cd "$inc" && find . -name '*.h' | sed 's|^\./||' | LC_ALL=C sort)
	[ "${#headers[@]}" -ge 15 ] || fail "found only ${#headers[@]} installed C headers"
	printf '#include <%s>\n' "${headers[@]}" >"$tmp/headers.c"
	gcc -fsyntax-only -aux-info "$tmp/headers.aux" -I"$inc" "$tmp/headers.c" ||
		fail "the installed C headers do not compile together"
	gcc -E -dD -I"$inc" "$tmp/headers.c" >"$tmp/headers.i" || fail "gcc -E -dD of the headers"
	names=$({
		awk -v inc="$inc/" 'index($0, "/* " inc) == 1 {
			decl = substr($0, index($0, " */ ") + 4)
			sub(/ \(.*/, "", decl)
			n = split(decl, word, /[ *]+/)
			print word[n]
		}' "$tmp/headers.aux"
		awk -v inc="$inc/" '/^# [0-9]+ "/ {
			match($0, /"[^"]*"/)
			file = substr($0, RSTART + 1, RLENGTH - 2)
			next
		}
		/^#define [A-Za-z_][A-Za-z0-9_]*\(/ && index(file, inc) == 1 {
			name = $2
			sub(/\(.*/, "", name)
			print name
		}' "$tmp/headers.i"
	} | grep -v '^_' | LC_ALL=C sort -u)
	count=$(wc -l <<<"$names")
	# The extraction itself is checked: a few names of each kind must be among them.
	for n in cap_enter pdfork procctl cap_init fileargs_open nvlist_create dnvlist_get_bool \
		cap_getpwnam caph_enter channel_nvlist_flags cap_rights_init CAP_ALL CAPRIGHT nitems; do
		grep -qx "$n" <<<"$names" || fail "the header scan missed $n: it is broken"
	done
	[ "$count" -ge 180 ] || fail "found only $count functions and macros in the installed headers"
	for n in $names; do
		page=
		for f in "man2/$n.2" "man3/$n.3"; do
			[ -f "$man/$f" ] && page=$f && break
		done
		[ -n "$page" ] || fail "$n (declared in an installed header) has no page in man2 or man3"
		target=$(sed -nE '1s/^\.so +//p' "$man/$page")
		[ -z "$target" ] || page=$target
		[[ "$page" == man[23]/* && -f "$man/$page" && -n "${whatis[$page]:-}" ]] ||
			fail "$n: its page $page is not a page of section 2 or 3"
		[[ "${whatis[$page]}" == *": \"$n - "* ]] || fail "$n: the NAME section of $page lacks it"
		[[ "${synopsis[$page]}" == *"$n("* ]] || fail "$n: the SYNOPSIS of $page does not show it"
	done
	# capsicum.hpp has its page, whose SYNOPSIS shows every class and function the header
	# declares in namespace capsicum (clang-format keeps them at column 0; detail:: is not API).
	[ -n "${whatis[man3/capsicum.hpp.3]:-}" ] || fail "capsicum.hpp has no page (man3/capsicum.hpp.3)"
	grep -qF ': "capsicum.hpp - ' <<<"${whatis[man3/capsicum.hpp.3]}" ||
		fail "the NAME section of capsicum.hpp(3) lacks capsicum.hpp"
	cxx=$(awk '/^namespace capsicum \{/ { api = 1; next }
		/^\}  \/\/ namespace capsicum$/ { api = 0; next }
		/^namespace detail \{/ { detail = 1; next }
		/^\}  \/\/ namespace detail$/ { detail = 0; next }
		!api || detail { next }
		/^(class|struct|enum class) [A-Za-z_]/ {
			n = $0
			sub(/^(enum class|class|struct) /, "", n)
			sub(/[^A-Za-z0-9_].*/, "", n)
			print n
		}
		/^inline [^(]*\(/ { n = $0; sub(/\(.*/, "", n); sub(/.*[ &*]/, "", n); print n }' \
		"$root/include/capsicum/capsicum.hpp" | LC_ALL=C sort -u)
	cxx_count=$(wc -l <<<"$cxx")
	for n in Rights Fd Errc enter sandboxed category strerror limit get_ioctls; do
		grep -qx "$n" <<<"$cxx" || fail "the capsicum.hpp scan missed $n: it is broken"
	done
	for n in $cxx; do
		grep -qw -- "$n" <<<"${synopsis[man3/capsicum.hpp.3]}" ||
			fail "capsicum::$n: the SYNOPSIS of capsicum.hpp(3) lacks it"
	done
	ok "$pages manual pages render cleanly; each of the $count functions and macros of the" \
		"${#headers[@]} installed C headers, and the $cxx_count names of capsicum.hpp, is on its page"
	;;
*)
	fail "unknown check '$check'"
	;;
esac
