#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (once) our own 6.12 KUnit kernel from linux-source-6.12; print its env file.
#
# usage: vm/kunit-kernel.sh
#
# tinyconfig + vm/kunit.config + olddefconfig, every fragment line verified,
# then `make bzImage modules`.  Only a small artifact is kept, in
#   $CAPSICUM_CACHE/kunit/<source version>-<key>/
#     bzImage        the kernel to boot
#     build/         external-module build tree (KDIR): install-extmod-build
#                    output + .config + Module.symvers + a BTF-only vmlinux
#     vmlinux.btf    raw .BTF of vmlinux (bpftool -B, vmlinux.h)
#     System.map config key env
# <key> hashes the source version, vm/kunit.config, this script and the
# gcc/pahole/binutils versions: changing any of them rebuilds.  The source
# tree (2.5 GB) is deleted after a successful build.  A warm run only hashes
# and prints the env file:
#   KERNEL_NAME KERNEL_RELEASE KERNEL_PKG_VERSION VMLINUZ KDIR VMLINUX_BTF
#
# The newest linux-source tarball already in the cache is used without asking
# apt (warm runs stay offline); CAPSICUM_REFRESH=1 asks apt for a newer one.
# Concurrent runs serialize on a lock.  Build output goes to
# <cache>/kunit/build-<key>.log (kept on failure, with the source tree).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

fragment="$here/kunit.config"
pkg=linux-source-6.12

# --- the source tarball: newest in the cache, else fetch it
tarball=""
if [ "${CAPSICUM_REFRESH:-0}" != 1 ]; then
	tarball=$(ls -d "$CAPSICUM_CACHE"/src/"$pkg"-*/"$pkg".tar.xz 2>/dev/null | sort -V | tail -n1 || true)
fi
[ -n "$tarball" ] || tarball=$("$here/linux-source.sh" tarball)
version=$(basename "$(dirname "$tarball")")
version=${version#"$pkg"-}

# --- the cache key
tools="$(gcc --version | head -n1); $(pahole --version); $(ld --version | head -n1); $(objcopy --version | head -n1)"
key=$({
	echo "$pkg $version"
	sha256sum <"$fragment"
	sha256sum <"$0"
	echo "$tools"
} | sha256sum | cut -c1-12)
top="$CAPSICUM_CACHE/kunit"
out="$top/$version-$key"
if [ -f "$out/env" ]; then
	cat "$out/env"
	exit 0
fi

mkdir -p "$top"
exec 9>"$top/.lock"
if ! flock -n 9; then
	log "another kunit-kernel.sh is building; waiting"
	flock 9
fi
if [ -f "$out/env" ]; then
	cat "$out/env"
	exit 0
fi

scratch="$top/build-$key"
blog="$top/build-$key.log"
log "building the KUnit kernel ($pkg $version, key $key) in $scratch; log: $blog"
start=$SECONDS
rm -rf "$scratch" "$out.tmp"
mkdir -p "$scratch"
: >"$blog"
tar -xJf "$tarball" -C "$scratch" || die "cannot extract $tarball"
src="$scratch/$pkg"
[ -f "$src/Makefile" ] || die "no $pkg/Makefile in $tarball"

export KBUILD_BUILD_USER=capsicum KBUILD_BUILD_HOST=capsicum-vm
mk() { make -C "$src" -j"$(nproc)" "$@" >>"$blog" 2>&1; }
fail() {
	tail -n 40 "$blog" >&2
	die "$* (full log: $blog; tree kept in $scratch)"
}

mk tinyconfig || fail "make tinyconfig failed"
(cd "$src" && scripts/kconfig/merge_config.sh -m .config "$fragment") >>"$blog" 2>&1 ||
	fail "merge_config.sh failed"
mk olddefconfig || fail "make olddefconfig failed"

# Every line of the fragment must have survived olddefconfig.
dropped=""
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*) want=$line ;;
	"# CONFIG_"*" is not set") want=$line ;;
	*) continue ;;
	esac
	grep -qxF -- "$want" "$src/.config" || dropped="$dropped ${want%%=*}"
done <"$fragment"
[ -z "$dropped" ] || die "olddefconfig dropped from vm/kunit.config:$dropped (see $src/.config)"
log "config verified ($(grep -c '^CONFIG_' "$fragment") options); compiling (about 8 min on 2 cores)"

mk bzImage modules || fail "kernel build failed"
release=$(make -s -C "$src" kernelrelease)

# --- the artifact
mkdir -p "$out.tmp"
cp "$src/arch/x86/boot/bzImage" "$out.tmp/bzImage"
cp "$src/.config" "$out.tmp/config"
cp "$src/System.map" "$out.tmp/System.map"
mk run-command KBUILD_RUN_COMMAND="\$(srctree)/scripts/package/install-extmod-build $out.tmp/build" ||
	fail "install-extmod-build failed"
cp "$src/.config" "$out.tmp/build/.config"
# Module BTF (kbuild's `BTF [M]` step) reads the base BTF from $KDIR/vmlinux;
# pahole and resolve_btfids need only .BTF/.BTF_ids and their symbols, which
# is what Debian's headers ship too.  5 MB instead of the DWARF-laden 200 MB.
# (objcopy warns about the empty loadable segments left: harmless.)
objcopy --only-section=.BTF --only-section=.BTF_ids "$src/vmlinux" "$out.tmp/build/vmlinux" 2>>"$blog" ||
	fail "cannot strip vmlinux"
objcopy --dump-section .BTF="$out.tmp/vmlinux.btf" "$src/vmlinux" /dev/null 2>>"$blog" ||
	fail "vmlinux has no .BTF"

# Smoke test: an out-of-tree module builds against the artifact and gets BTF.
smoke="$scratch/smoke"
mkdir -p "$smoke"
cat >"$smoke/smoke.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
static int __init smoke_init(void) { return 0; }
module_init(smoke_init);
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := smoke.o' >"$smoke/Makefile"
make -C "$out.tmp/build" M="$smoke" modules >>"$blog" 2>&1 || fail "smoke module does not build against $out.tmp/build"
# (into a variable: grep -q on a pipe can SIGPIPE readelf under pipefail)
sections=$(readelf -S "$smoke/smoke.ko")
grep -q '\.BTF' <<<"$sections" || fail "smoke module has no .BTF"
grep -q 'Skipping BTF' "$blog" && fail "kbuild skipped module BTF"
vermagic=$(modinfo -F vermagic "$smoke/smoke.ko")
case "$vermagic" in
"$release "*) ;;
*) fail "smoke module vermagic '$vermagic' does not match $release" ;;
esac

# CPU time of everything this script ran: bash `times`, children's line (in
# this shell: a $(...) subshell would report its own, empty, children).
times >"$scratch/times"
cpu=$(tail -n1 "$scratch/times" | awk '{ print $1 " user, " $2 " sys" }')
cat >"$out.tmp/key" <<EOF
source: $pkg $version
fragment: $(sha256sum <"$fragment" | cut -d' ' -f1)
script: $(sha256sum <"$0" | cut -d' ' -f1)
tools: $tools
built: $(date -u +%FT%TZ) in $((SECONDS - start)) s on $(nproc) CPUs ($cpu CPU time)
EOF
cat >"$out.tmp/env" <<EOF
KERNEL_NAME=kunit-6.12
KERNEL_RELEASE=$release
KERNEL_PKG_VERSION=$version
VMLINUZ=$out/bzImage
KDIR=$out/build
VMLINUX_BTF=$out/vmlinux.btf
EOF
rm -rf "$out"
mv "$out.tmp" "$out"
rm -rf "$scratch"
log "KUnit kernel $release built in $((SECONDS - start)) s ($cpu CPU time); artifact $(du -sh "$out" | cut -f1) in $out"
cat "$out/env"
