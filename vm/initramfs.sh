#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build a gzip'd newc initramfs: busybox-static, /init, capsicum.ko, programs, a run script.
#
# usage: vm/initramfs.sh [options] OUT.cpio.gz MODE [PROGRAM...]
#
#   MODE        check | demo | bench | shell | kunit: /init runs
#               /etc/capsicum/run-MODE (see vm/guest/run-* for the defaults)
#   PROGRAM     executables copied to /usr/bin under their basename; ELF
#               files must be static (no PT_INTERP), scripts need a #! line
# options (each falls back to the environment variable named after it):
#   -E ENVFILE  read KERNEL_RELEASE from an env file of vm/kernel.sh
#   -r RELEASE  KERNEL_RELEASE: the guest kernel's `uname -r`; required with -k
#   -k KO       CAPSICUM_KO: module to install as /lib/modules/RELEASE/extra/
#               <basename> (depmod'ed, so `modprobe capsicum` works too)
#   -s SCRIPT   RUN_SCRIPT: run script for MODE instead of vm/guest/run-MODE;
#               sourced by /init (busybox ash) after vm/guest/lib.sh
#   -a SRC:DST  add a file or directory at guest path DST (repeatable)
#   -e N=V      add `N='V'` to /etc/capsicum/env (repeatable)
#
# Guest layout:
#   /init                        vm/guest/init
#   /bin/busybox + applet links  (busybox --list-full)
#   /etc/capsicum/lib.sh         vm/guest/lib.sh: section, capsicum_load, ...
#   /etc/capsicum/env            MODE KERNEL_RELEASE CAPSICUM_KO PROGRAMS + -e
#   /etc/capsicum/run-MODE       the run script
#   /lib/modules/REL/extra/*.ko  the module, with modules.dep
#   /usr/bin/*                   the programs
#   /etc/passwd, /etc/group      root and nobody (65534)
#   /etc/hosts, /etc/nsswitch.conf  localhost, casper-e2e.test (127.0.0.2), examples.test
#                                (127.0.0.3); files only
# Markers printed on the console: see vm/guest/lib.sh and docs/vm.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() { die "usage: $0 [-E envfile] [-r release] [-k module.ko] [-s run-script] [-a src:dst]... [-e name=value]... OUT.cpio.gz check|demo|bench|shell|kunit [program...]"; }

release=${KERNEL_RELEASE:-}
ko=${CAPSICUM_KO:-}
script=${RUN_SCRIPT:-}
adds=()
envs=()
while getopts "E:r:k:s:a:e:h" opt; do
	case "$opt" in
	E) release=$(sed -n 's/^KERNEL_RELEASE=//p' "$OPTARG") ;;
	r) release=$OPTARG ;;
	k) ko=$OPTARG ;;
	s) script=$OPTARG ;;
	a) adds+=("$OPTARG") ;;
	e) envs+=("$OPTARG") ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
out=$1
mode=$2
shift 2
case "$mode" in
check | demo | bench | shell | kunit) ;;
*) die "unknown mode '$mode' (check|demo|bench|shell|kunit)" ;;
esac
[ -n "$script" ] || script="$here/guest/run-$mode"
[ -f "$script" ] || die "run script not found: $script"
[ -x /bin/busybox ] || die "/bin/busybox missing (apt-get install busybox-static)"
# (readelf into a variable: grep -q on a pipe can SIGPIPE readelf under pipefail)
interp() { local h; h=$(readelf -l "$1" 2>/dev/null) || true; grep -q 'Requesting program interpreter' <<<"$h"; }
! interp /bin/busybox || die "/bin/busybox is not static (install busybox-static)"

root=$(mktemp -d "${TMPDIR:-/tmp}/capsicum-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/capsicum,proc,sys,dev,tmp,run,root,lib/modules,mnt}
chmod 1777 "$root/tmp"

cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ "$applet" = bin/busybox ] && continue
	ln -s /bin/busybox "$root/$applet"
done

cp "$here/guest/init" "$root/init"
chmod 755 "$root/init"
cp "$here/guest/lib.sh" "$root/etc/capsicum/lib.sh"
cp "$script" "$root/etc/capsicum/run-$mode"

# shell single quotes for the guest env file
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

guest_ko=""
if [ -n "$ko" ]; then
	[ -f "$ko" ] || die "module not found: $ko"
	[ -n "$release" ] || die "-k needs the kernel release (-r, -E or KERNEL_RELEASE)"
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
	case "$vermagic" in
	"$release "*) ;;
	*) die "$ko is built for '${vermagic%% *}', not for $release" ;;
	esac
	moddir="$root/lib/modules/$release/extra"
	mkdir -p "$moddir"
	cp "$ko" "$moddir/"
	guest_ko="/lib/modules/$release/extra/$(basename "$ko")"
	depmod -b "$root" "$release" 2>/dev/null || log "depmod failed; only insmod will work in the guest"
fi

programs=""
for p in "$@"; do
	[ -f "$p" ] || die "program not found: $p"
	if [ "$(head -c4 "$p" | tr -d '\0')" = $'\x7fELF' ]; then
		if interp "$p"; then
			die "$p is dynamically linked; the guest has no libraries (link it with -static)"
		fi
	elif [ "$(head -c2 "$p")" != "#!" ]; then
		die "$p is neither an ELF executable nor a #! script"
	elif head -n1 "$p" | grep -Eq 'bash|python|perl'; then
		log "warning: $p wants $(head -n1 "$p" | cut -c3-); the guest has only busybox sh"
	fi
	install -m 755 "$p" "$root/usr/bin/$(basename "$p")"
	programs="$programs $(basename "$p")"
done

for a in ${adds[@]+"${adds[@]}"}; do
	src=${a%%:*}
	dst=${a#*:}
	[ "$src" != "$a" ] && [ "${dst#/}" != "$dst" ] || die "-a wants SRC:/guest/path, got '$a'"
	[ -e "$src" ] || die "not found: $src"
	mkdir -p "$(dirname "$root$dst")"
	cp -a "$src" "$root$dst"
done

{
	echo "export MODE=$mode"
	echo "export KERNEL_RELEASE=$(q "$release")"
	echo "export CAPSICUM_KO=$(q "$guest_ko")"
	echo "export PROGRAMS=$(q "${programs# }")"
	for e in ${envs[@]+"${envs[@]}"}; do
		name=${e%%=*}
		[[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && [ "$name" != "$e" ] || die "-e wants NAME=VALUE, got '$e'"
		echo "export $name=$(q "${e#*=}")"
	done
} >"$root/etc/capsicum/env"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF

# Names for the casper tests (tests/guest/casper_test.cc) and examples/netclient
# (tests/examples/run-examples.sh): files only, no DNS server.
cat >"$root/etc/hosts" <<'EOF2'
127.0.0.1 localhost
127.0.0.2 casper-e2e.test
127.0.0.3 examples.test
::1 localhost ip6-localhost
EOF2
cat >"$root/etc/nsswitch.conf" <<'EOF2'
passwd: files
group: files
hosts: files
EOF2

# Reproducible archive: fixed mtimes, root-owned, sorted.
find "$root" -exec touch -h -d @0 {} +
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
log "initramfs $out ($(du -k "$out" | cut -f1) KB): mode $mode, release ${release:-any}, module ${guest_ko:-none}, programs:${programs:- none}"
