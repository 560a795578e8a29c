# SPDX-License-Identifier: GPL-2.0
# Run script of `make check` in the guest (sourced by vm/guest/init): load, status, the e2e suites,
# the examples.

# capsicumctl rights against a process whose descriptors are known: `capsicum-e2e
# --hold-limited-fds DIR` (tests/guest/hold_fds.cc) limits descriptors 20-23, writes DIR/pid and
# waits.  Every expected line of the text and the JSON report must be there exactly; a process
# that does not exist must fail with ESRCH and exit status 1.  Prints what it saw on any
# mismatch.  A subshell: nothing here can end the run script.
capsicumctl_rights_check() (
	fails=0
	bad() {
		echo "capsicumctl-rights: FAIL: $*"
		fails=$((fails + 1))
	}
	dir=$(mktemp -d /tmp/capsicumctl-rights.XXXXXX) || exit 1
	capsicum-e2e --hold-limited-fds "$dir" &
	holder=$!
	i=0
	while [ ! -s "$dir/pid" ] && [ $i -lt 300 ] && kill -0 "$holder" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -s "$dir/pid" ]; then
		echo "capsicumctl-rights: FAIL: the holder (pid $holder) never wrote $dir/pid"
		kill "$holder" 2>/dev/null
		wait "$holder"
		rm -rf "$dir"
		exit 1
	fi
	pid=$(cat "$dir/pid")
	[ "$pid" = "$holder" ] || bad "$dir/pid says $pid, the holder is $holder"

	# Text: FD TYPE FLAGS RIGHTS FCNTLS IOCTLS NAME, columns padded with spaces.
	text=$(capsicumctl rights "$pid")
	rc=$?
	echo "--- capsicumctl rights $pid (exit $rc)"
	echo "$text"
	[ "$rc" -eq 0 ] || bad "capsicumctl rights $pid exited $rc"
	squeezed=$(echo "$text" | tr -s ' ' | sed 's/^ //')
	for want in \
		"FD TYPE FLAGS RIGHTS FCNTLS IOCTLS NAME" \
		"20 file limited CAP_READ|CAP_FSTAT - - $dir/held-rights" \
		"21 file limited CAP_READ|CAP_FCNTL|CAP_FSTAT GETFL - $dir/held-fcntls" \
		"22 file limited all GETFL,SETFL,GETOWN,SETOWN 0x541b $dir/held-ioctls" \
		"23 file - all GETFL,SETFL,GETOWN,SETOWN all $dir/held-plain"; do
		echo "$squeezed" | grep -qxF "$want" || bad "no text line: $want"
	done

	# JSON: one descriptor per line, a comma after all but the last.
	json=$(capsicumctl rights --json "$pid")
	rc=$?
	echo "--- capsicumctl rights --json $pid (exit $rc)"
	echo "$json"
	[ "$rc" -eq 0 ] || bad "capsicumctl rights --json $pid exited $rc"
	echo "$json" | head -n 1 | grep -qxF "{\"pid\":$pid,\"descriptors\":[" ||
		bad "the JSON does not start with {\"pid\":$pid,\"descriptors\":["
	echo "$json" | tail -n 1 | grep -qxF "]}" || bad "the JSON does not end with ]}"
	objects=$(echo "$json" | sed 's/,$//')
	for want in \
		"{\"fd\":20,\"type\":\"file\",\"name\":\"$dir/held-rights\",\"limited\":true,\"unobserved\":false,\"rights\":[\"CAP_READ\",\"CAP_FSTAT\"],\"cr_rights\":[\"0x0200000000080001\",\"0x0400000000000000\"],\"fcntls\":[],\"ioctls\":[]}" \
		"{\"fd\":21,\"type\":\"file\",\"name\":\"$dir/held-fcntls\",\"limited\":true,\"unobserved\":false,\"rights\":[\"CAP_READ\",\"CAP_FCNTL\",\"CAP_FSTAT\"],\"cr_rights\":[\"0x0200000000088001\",\"0x0400000000000000\"],\"fcntls\":[\"GETFL\"],\"ioctls\":[]}"; do
		echo "$objects" | grep -qxF "$want" || bad "no JSON line: $want"
	done
	# Every right: the names are long; the words say it exactly.
	all_prefix='"rights":["CAP_READ","CAP_WRITE",'
	all_suffix='"CAP_SETNS"],"cr_rights":["0x020007ffffffffff","0x0400000001ffffff"],"fcntls":["GETFL","SETFL","GETOWN","SETOWN"],'
	for fd in 22 23; do
		if [ "$fd" = 22 ]; then
			prefix="{\"fd\":22,\"type\":\"file\",\"name\":\"$dir/held-ioctls\",\"limited\":true,\"unobserved\":false,$all_prefix"
			suffix="$all_suffix\"ioctls\":[\"0x541b\"]}"
		else
			prefix="{\"fd\":23,\"type\":\"file\",\"name\":\"$dir/held-plain\",\"limited\":false,\"unobserved\":false,$all_prefix"
			suffix="$all_suffix\"ioctls\":\"all\"}"
		fi
		line=$(echo "$objects" | grep -F "{\"fd\":$fd,")
		case "$line" in
		"$prefix"*"$suffix") ;;
		*) bad "no JSON line $prefix...$suffix" ;;
		esac
	done

	kill "$holder"
	wait "$holder"

	# A process that does not exist.
	err=$(capsicumctl rights 999999 2>&1 >/dev/null)
	rc=$?
	echo "--- capsicumctl rights 999999 (exit $rc): $err"
	[ "$rc" -eq 1 ] || bad "capsicumctl rights 999999 exited $rc, expected 1"
	case "$err" in
	*ESRCH*) ;;
	*) bad "capsicumctl rights 999999 said '$err', expected a message naming ESRCH" ;;
	esac

	rm -rf "$dir"
	if [ "$fails" -ne 0 ]; then
		echo "capsicumctl-rights: $fails mismatch(es)"
		exit 1
	fi
	echo "capsicumctl-rights: every line as expected"
)

# The systemd unit that `make install` installs (capsicum.service, put at
# /etc/capsicum/capsicum.service by the Makefile): its ExecStop, then its ExecStartPre and
# ExecStart, run as systemd would run them, on this kernel.  The unit names capsicumctl by its
# installed path; here it is the one in PATH.  Stopping must remove the module, starting must
# load it (modprobe, from modules.dep) and arm it.  A subshell, like the one above.
systemd_unit_check() (
	unit=/etc/capsicum/capsicum.service
	fails=0
	bad() {
		echo "systemd-unit: FAIL: $*"
		fails=$((fails + 1))
	}
	exec_line() { # KEY: run the unit's KEY= command
		cmd=$(sed -n "s/^$1=//p" "$unit")
		[ -n "$cmd" ] || { bad "$unit has no $1="; return 1; }
		cmd=$(echo "$cmd" | sed 's|^/[^ ]*/capsicumctl |capsicumctl |')
		echo "--- $1: $cmd"
		$cmd
	}
	loaded() { grep -q '^capsicum ' /proc/modules; }
	armed() { capsicumctl status 2>/dev/null | grep -qx 'armed: yes'; }
	[ -f "$unit" ] || { echo "systemd-unit: FAIL: no $unit"; exit 1; }
	loaded && armed || bad "Capsicum is not loaded and armed before the unit runs"
	exec_line ExecStop || bad "ExecStop exited $?"
	! loaded || bad "the module is still loaded after ExecStop"
	exec_line ExecStartPre || bad "ExecStartPre exited $?"
	loaded || bad "the module is not loaded after ExecStartPre"
	! armed || bad "armed before ExecStart"
	exec_line ExecStart || bad "ExecStart exited $?"
	armed || bad "not armed after ExecStart"
	if [ "$fails" -ne 0 ]; then
		echo "systemd-unit: $fails mismatch(es)"
		exit 1
	fi
	echo "systemd-unit: stop unloaded, start loaded and armed"
)

section load capsicum_load
section status capsicumctl status
section capsicum-e2e capsicum-e2e --gtest_color=no
section capsicumctl-rights capsicumctl_rights_check
# examples/, built against the installed headers and libraries (make examples), run sandboxed.
section examples run-examples.sh /usr/libexec/capsicum-examples
# The life cycle: with no sandbox left, unload detaches and removes the module; load brings it back.
section unload capsicumctl unload
section reload capsicumctl load
section systemd-unit systemd_unit_check
