#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Resolve a kernel name to its env file (fetching or building it once): the Makefile's one entry point.
#
# usage: vm/kernel.sh NAME          print the env file
#        vm/kernel.sh --list        print the known names
#
# NAME: debian-6.12 | debian-6.1 (stock Debian kernels, vm/debian-kernel.sh)
#       kunit-6.12                (our tinyconfig KUnit kernel, vm/kunit-kernel.sh)
# The env file has KERNEL_NAME KERNEL_RELEASE KERNEL_PKG_VERSION VMLINUZ KDIR
# VMLINUX_BTF, one NAME=value a line (usable from make's `include` and from sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

names="debian-6.12 debian-6.1 kunit-6.12"
case "${1:-}" in
debian-6.12) exec "$here/debian-kernel.sh" 6.12 ;;
debian-6.1) exec "$here/debian-kernel.sh" 6.1 ;;
kunit-6.12) exec "$here/kunit-kernel.sh" ;;
--list) printf '%s\n' $names ;;
*) die "usage: $0 NAME|--list (NAME: ${names// /, })" ;;
esac
