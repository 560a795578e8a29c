#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The examples of examples/, run sandboxed: exact output, exit status and refusals, as TAP.
#
# usage: run-examples.sh DIR
#   DIR holds the example programs (cat, wc, echo, netclient) as `make examples` built them.
# Runs as root in the guest (busybox sh) with capsicum.ko loaded: each program enters
# capability mode itself, in its own process.  Needs nc and netstat (busybox) and the
# guest's /etc/hosts (vm/initramfs.sh): examples.test is 127.0.0.3, localhost 127.0.0.1.
#
# Prints TAP, one test per run: the command and what it wrote (as # lines), then `ok N` if
# stdout and stderr are exactly the expected bytes and the exit status is the expected one
# (and, for netclient, the server received exactly the line), `not ok N` with the
# differences otherwise.  The plan comes first, so a run that stops early fails the tests it
# did not reach.  Exit status 0 only if every planned test ran and passed.
dir=${1:?usage: $0 DIR}
PLAN=13
PORT=7781
n=0
failed=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/capsicum-examples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
printf 'one two\nthree\n' >"$tmp/a.txt"
printf 'four  five six\n\tseven' >"$tmp/b.txt"
printf 'not for the sandbox\n' >"$tmp/secret"
: >"$tmp/empty"

echo "TAP version 13"
echo "1..$PLAN"

# show FILE LABEL: FILE's lines as TAP comments.
show() {
	[ -s "$1" ] || return 0
	sed "s/^/#   $2| /" "$1"
	# sed keeps a missing last newline: end the line, or the next one would join it.
	if [ -n "$(tail -c 1 "$1")" ]; then
		echo
		echo "#   $2: (no newline at the end)"
	fi
}

# want STDOUT STDERR RC: the expected result of the next run (printf %b escapes).
want() {
	printf '%b' "$1" >"$tmp/want.out"
	printf '%b' "$2" >"$tmp/want.err"
	want_rc=$3
}

# run INPUT PROGRAM ARG...: runs DIR/PROGRAM with stdin from INPUT, stdout and stderr to
# fresh files (each limited by the program itself, so nothing of this script's is).
run() {
	input=$1
	shift
	prog=$1
	shift
	echo "# \$ $prog${*:+ $*} <${input##*/}"
	timeout 30 "$dir/$prog" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	show "$tmp/out" stdout
	show "$tmp/err" stderr
	echo "# exit status $rc"
	bad=""
}

# verdict DESCRIPTION: compares the last run with want; $bad may hold more differences.
verdict() {
	n=$((n + 1))
	[ "$rc" = "$want_rc" ] || bad="$bad exit status $rc, expected $want_rc;"
	if ! cmp -s "$tmp/out" "$tmp/want.out"; then
		bad="$bad stdout differs;"
		echo "#   expected stdout (od -c):"
		od -c "$tmp/want.out" | sed 's/^/#     /'
		echo "#   got (od -c):"
		od -c "$tmp/out" | sed 's/^/#     /'
	fi
	if ! cmp -s "$tmp/err" "$tmp/want.err"; then
		bad="$bad stderr differs;"
		echo "#   expected stderr:"
		sed 's/^/#     /' "$tmp/want.err"
	fi
	if [ -z "$bad" ]; then
		echo "ok $n - $1"
	else
		echo "#  $bad"
		echo "not ok $n - $1"
		failed=$((failed + 1))
	fi
}

# server: a one-connection TCP server on PORT that answers the line it reads with
# "hello, LINE" and keeps the line in $tmp/received.  Waits until it listens.
server() {
	rm -f "$tmp/received"
	cat >"$tmp/reply.sh" <<-EOS
	#!/bin/sh
	IFS= read -r line
	printf '%s\n' "\$line" >"$tmp/received"
	printf 'hello, %s\n' "\$line"
	EOS
	chmod 755 "$tmp/reply.sh"
	nc -l -p "$PORT" -e "$tmp/reply.sh" </dev/null >/dev/null 2>&1 &
	server_pid=$!
	i=0
	while [ $i -lt 100 ]; do
		case "$(netstat -ltn 2>/dev/null)" in
		*":$PORT "*) return 0 ;;
		esac
		sleep 0.1
		i=$((i + 1))
	done
	echo "#   the server never listened on port $PORT"
}

# server_done LINE: the server must have received exactly LINE and a newline.
server_done() {
	i=0
	while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	printf '%s\n' "$1" >"$tmp/want.received"
	if ! cmp -s "$tmp/received" "$tmp/want.received" 2>/dev/null; then
		bad="$bad the server did not receive exactly '$1';"
		show "$tmp/received" received
	fi
}

# echo: caph_limit_stdio + caph_enter.
want 'hello capsicum\n' '' 0
run "$tmp/empty" echo hello capsicum
verdict "echo writes its arguments from capability mode"

want 'no newline' '' 0
run "$tmp/empty" echo -n no newline
verdict "echo -n"

want 'still here\n' "echo: $tmp/secret: Not permitted in capability mode\n" 1
run "$tmp/empty" echo -x "$tmp/secret" still here
verdict "echo -x: open(2) in capability mode is refused with ECAPMODE"

# cat: system.fileargs.
want 'one two\nthree\nfour  five six\n\tseven' '' 0
run "$tmp/empty" cat "$tmp/a.txt" "$tmp/b.txt"
verdict "cat copies its arguments, opened through system.fileargs"

want 'one two\nthree\n' '' 0
run "$tmp/a.txt" cat
verdict "cat copies standard input"

want 'one two\nthree\n' "cat: $tmp/missing: No such file or directory\n" 1
run "$tmp/empty" cat "$tmp/missing" "$tmp/a.txt"
verdict "cat reports a missing argument (ENOENT from the service) and goes on"

want 'one two\nthree\n' "cat: $tmp/secret: fileargs_open: Capabilities insufficient\ncat: $tmp/secret: open: Not permitted in capability mode\n" 1
run "$tmp/empty" cat -x "$tmp/secret" "$tmp/a.txt"
verdict "cat -x: a name not given to fileargs is refused (ENOTCAPABLE), open(2) too (ECAPMODE)"

# wc: descriptors limited to CAP_READ|CAP_FSTAT.
want "       2       3      14 $tmp/a.txt\n       1       4      21 $tmp/b.txt\n       3       7      35 total\n" '' 0
run "$tmp/empty" wc "$tmp/a.txt" "$tmp/b.txt"
verdict "wc counts lines, words and bytes of its limited descriptors"

want '       2\n' '' 0
run "$tmp/a.txt" wc -l
verdict "wc -l counts standard input"

want "      21 $tmp/b.txt\n" '' 0
run "$tmp/empty" wc -c "$tmp/b.txt"
verdict "wc -c takes the size from fstat(2) (CAP_FSTAT)"

want "       2       3      14 $tmp/a.txt\n" "wc: $tmp/a.txt: pread: Capabilities insufficient\n" 1
run "$tmp/empty" wc -x "$tmp/a.txt"
verdict "wc -x: pread(2) without CAP_PREAD is refused with ENOTCAPABLE"

# netclient: system.dns and system.net.
server
want 'hello, capsicum over casper\n' '' 0
run "$tmp/empty" netclient examples.test "$PORT" "capsicum over casper"
server_done "capsicum over casper"
verdict "netclient resolves through system.dns, connects through system.net, exchanges a line"

server
want 'hello, once more\n' "netclient: localhost: IPv6 lookup: Capabilities insufficient\nnetclient: 127.0.0.1 port $PORT: cap_connect: Capabilities insufficient\nnetclient: 127.0.0.1 port $PORT: connect: Not permitted in capability mode\n" 1
run "$tmp/empty" netclient -o localhost examples.test "$PORT" "once more"
server_done "once more"
verdict "netclient -o: IPv6 lookup and another address refused by casper (ENOTCAPABLE), connect(2) by capability mode (ECAPMODE)"

if [ "$n" -ne "$PLAN" ]; then
	echo "# ran $n tests, planned $PLAN"
	exit 1
fi
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
