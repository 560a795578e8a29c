# SPDX-License-Identifier: GPL-2.0
# Guest helpers (busybox ash), sourced by /init before the run script.
#
#   section [-t SECS] NAME CMD [ARG...]
#	Runs CMD between @@CAPSICUM-BEGIN NAME@@ and @@CAPSICUM-END NAME rc=N@@
#	(with -t, killed after SECS seconds: rc 143).  Always returns 0, so a
#	failing section never stops the run script; the host reads rc from the
#	marker.  NAME: [A-Za-z0-9._-]+.  Sections named kunit* must print KTAP.
#   ktap_section [-t SECS] NAME CMD [ARG...]
#	section, with the console log level at 8 meanwhile: KUnit prints its
#	KTAP at KERN_INFO, which `quiet` and level 5 keep off the console.
#   capsicum_load
#	insmod capsicum.ko (if the initramfs has one) and `capsicumctl load`
#	(if capsicumctl is in /usr/bin).  Fails on the first error.
#   capsicum_programs GLOB
#	Prints the programs of /usr/bin given to vm/initramfs.sh matching GLOB.
#
# Variables from /etc/capsicum/env: MODE, KERNEL_RELEASE, CAPSICUM_KO (guest
# path of the module, empty if none), PROGRAMS (basenames, space separated)
# and whatever `vm/initramfs.sh -e NAME=VALUE` added.

section() {
	_t=""
	if [ "$1" = -t ]; then
		_t=$2
		shift 2
	fi
	_name=$1
	shift
	echo "@@CAPSICUM-BEGIN $_name@@"
	if [ -n "$_t" ]; then
		timeout "$_t" "$@"
	else
		"$@"
	fi
	_rc=$?
	echo "@@CAPSICUM-END $_name rc=$_rc@@"
	return 0
}

ktap_section() {
	dmesg -n 8
	section "$@"
	dmesg -n 5
}

capsicum_load() {
	if [ -n "${CAPSICUM_KO:-}" ]; then
		insmod "$CAPSICUM_KO" || return
	fi
	if [ -x /usr/bin/capsicumctl ]; then
		capsicumctl load || return
	fi
	return 0
}

capsicum_programs() {
	for _p in $PROGRAMS; do
		case "$_p" in
		$1) echo "/usr/bin/$_p" ;;
		esac
	done
}

# Uncolored GoogleTest output (TERM=linux would turn colors on).
export GTEST_COLOR=no
