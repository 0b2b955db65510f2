#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The console and the ttys: lxc.console.*, lxc.tty.*, lxc-console,
# lxc-start -F on a terminal.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

lxc_console() { "$LXC_BINDIR/lxc-console" -P "$LXCPATH" "$@"; }

# An lxc-console of this case's container is connected to its monitor.
console_connected() {
	local p
	for p in $(pgrep -f -x ".*/lxc-console -P $LXCPATH -n $CT .*"); do
		has_socket "$p" && return 0
	done
	return 1
}

# The container's shell ran what came before its "exec sh".
execed_sh() { [ "$(tr '\0' ' ' </proc/"$(ct_pid "$CT")"/cmdline)" = "sh " ]; }

console_rootfs() {
	make_rootfs "$CASE_TMP/rootfs" grep echo tty setsid yes head stat readlink test seq
}

# start_ct SETTING... -- COMMAND: lxc-start (daemon) on the rootfs.
start_ct() {
	local args=()
	while [ "$1" != "--" ]; do
		args+=(-s "$1")
		shift
	done
	shift
	assert_exit 0 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.mount.auto=proc:mixed \
		"${args[@]}" -- /bin/sh -c "$1"
}

# feed DELAY TEXT...: write each TEXT after DELAY seconds (printf format).
feed() {
	local delay=$1
	shift
	for t in "$@"; do
		sleep "$delay"
		# shellcheck disable=SC2059 # the texts are formats
		printf "$t"
	done
}

case_console_log() {
	console_rootfs
	start_ct "lxc.console.logfile=$CASE_TMP/console.log" -- 'echo hello-console; ls -l /dev/console; exec sleep 100'
	wait_for grep -q hello-console "$CASE_TMP/console.log"
	wait_for grep -q /dev/console "$CASE_TMP/console.log"
	assert_match "$(grep /dev/console "$CASE_TMP/console.log")" '^c' "/dev/console: a character device"
	assert_exit 0 lxc_stop -n "$CT" -k
	# -L is the same key.
	rm "$CASE_TMP/console.log"
	assert_exit 0 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -L "$CASE_TMP/console.log" -- \
		/bin/sh -c 'echo via-L; exec sleep 100'
	wait_for grep -q via-L "$CASE_TMP/console.log"
	assert_exit 0 lxc_stop -n "$CT" -k
	# A log that cannot be opened fails the start.
	assert_exit 1 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -L "$CASE_TMP/nosuch/log" -- /bin/sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "lxc.console.logfile: cannot open \"$CASE_TMP/nosuch/log\"" stderr
	assert_state "$CT" STOPPED
}

case_console_attach() {
	console_rootfs
	start_ct -- 'exec sh'
	feed 0.3 'echo answer-$((6*7))\n' '\001q' | lxc_console -n "$CT" -t 0 >"$CASE_TMP/out" 2>"$CASE_TMP/err"
	assert_contains "$(cat "$CASE_TMP/out")" "answer-42" "console output"
	assert_contains "$(cat "$CASE_TMP/err")" "Connected to tty 0" "lxc-console's banner"
	assert_contains "$(cat "$CASE_TMP/err")" "Type <Ctrl+a q> to exit the console" "lxc-console's banner"
	# Detached, not stopped; the console can be taken again.
	assert_state "$CT" RUNNING
	feed 0.3 'echo again\n' '\001q' | lxc_console -n "$CT" -t 0 >"$CASE_TMP/out" 2>/dev/null
	assert_contains "$(cat "$CASE_TMP/out")" "again" "console output, second time"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_console_escape() {
	console_rootfs
	start_ct -- 'exec sh'
	# With -e b, Ctrl-a is just a character and Ctrl-b q detaches.
	feed 0.3 'echo one\n' '\001q\n' '\002q' | timeout 10 "$LXC_BINDIR/lxc-console" -P "$LXCPATH" -n "$CT" -t 0 -e b \
		>"$CASE_TMP/out" 2>"$CASE_TMP/err"
	assert_contains "$(cat "$CASE_TMP/err")" "Type <Ctrl+b q>" "banner"
	assert_contains "$(cat "$CASE_TMP/out")" "one" "console output"
	assert_state "$CT" RUNNING
	assert_exit 1 lxc_console -n "$CT" -e 12
	assert_contains "$ERR" "invalid value \"12\" for option -e" stderr
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_ttys() {
	local names
	console_rootfs
	start_ct lxc.tty.max=2 -- 'echo "ttys=$container_ttys" >/ttys; for t in 1 2; do setsid sh -c "exec sh </dev/tty$t >/dev/tty$t 2>&1" & done; exec sleep 100'
	wait_for test -s "$CASE_TMP/rootfs/ttys"
	names=$(cat "$CASE_TMP/rootfs/ttys")
	assert_eq "ttys=pts/0 pts/1" "$names" "container_ttys of init"
	feed 0.3 'echo on $(tty)\n' '\001q' | lxc_console -n "$CT" -t 2 >"$CASE_TMP/out" 2>"$CASE_TMP/err"
	assert_contains "$(cat "$CASE_TMP/out")" "on /dev/tty2" "tty 2"
	assert_contains "$(cat "$CASE_TMP/err")" "Connected to tty 2" "banner"
	# Without -t: the first free tty.
	feed 0.3 'echo on $(tty)\n' '\001q' | lxc_console -n "$CT" >"$CASE_TMP/out" 2>"$CASE_TMP/err"
	assert_contains "$(cat "$CASE_TMP/out")" "on /dev/tty1" "first free tty"
	# Busy: a second client of tty 1 is refused; the default then takes tty 2.
	{ sleep 3; printf '\001q'; } | lxc_console -n "$CT" -t 1 >/dev/null 2>"$CASE_TMP/holder" &
	wait_for grep -q "Connected to tty 1" "$CASE_TMP/holder"
	assert_exit 1 lxc_console -n "$CT" -t 1
	assert_error_line lxc-console "$CT"
	assert_contains "$ERR" "tty 1 is in use by another lxc-console" stderr
	feed 0.3 '\001q' | lxc_console -n "$CT" >/dev/null 2>"$CASE_TMP/err"
	assert_contains "$(cat "$CASE_TMP/err")" "Connected to tty 2" "the next free tty"
	wait
	assert_exit 1 lxc_console -n "$CT" -t 5
	assert_contains "$ERR" "the container has no tty 5 (lxc.tty.max is 2)" stderr
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_tty_dir() {
	console_rootfs
	start_ct lxc.tty.max=1 lxc.tty.dir=lxc -- 'readlink /dev/console >/links; readlink /dev/tty1 >>/links; test -c /dev/lxc/tty1 && test -c /dev/lxc/console && echo nodes >>/links; exec sleep 100'
	wait_for grep -q nodes "$CASE_TMP/rootfs/links"
	assert_eq $'lxc/console\nlxc/tty1\nnodes' "$(cat "$CASE_TMP/rootfs/links")" "links and nodes with lxc.tty.dir"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_console_none() {
	console_rootfs
	start_ct lxc.console.path=none -- 'test -e /dev/console && echo has-console >/out || echo no-console >/out; exec sleep 100'
	wait_for test -s "$CASE_TMP/rootfs/out"
	assert_eq no-console "$(cat "$CASE_TMP/rootfs/out")" "/dev/console with lxc.console.path = none"
	assert_exit 1 lxc_console -n "$CT" -t 0
	assert_contains "$ERR" "the container has no console" stderr
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_console_device() {
	# The console shown on another device: here a pty of our own.
	local py
	console_rootfs
	command -v script >/dev/null || skip_case "needs script(1)"
	# script gives a pty; its slave is the device the console goes to.
	script -qfc "tty >$CASE_TMP/tty; sleep 8" /dev/null >"$CASE_TMP/device-out" 2>&1 &
	py=$!
	wait_for test -s "$CASE_TMP/tty"
	start_ct "lxc.console.path=$(cat "$CASE_TMP/tty")" -- 'echo on-the-device; exec sleep 100'
	wait_for grep -q on-the-device "$CASE_TMP/device-out"
	assert_exit 0 lxc_stop -n "$CT" -k
	kill "$py" 2>/dev/null || true
	wait "$py" 2>/dev/null || true
	assert_exit 1 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s "lxc.console.path=$CASE_TMP/nosuch" -- /bin/sleep 100
	assert_contains "$ERR" "lxc.console.path: cannot open \"$CASE_TMP/nosuch\"" stderr
}

case_console_stop_ends_client() {
	local pid
	console_rootfs
	start_ct -- 'exec sh'
	{ sleep 30; } | lxc_console -n "$CT" -t 0 >/dev/null 2>&1 &
	pid=$!
	wait_for console_connected
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_job "$pid" 5
	assert_eq 0 "$JOB_RC" "lxc-console's status when the container stopped"
	pkill -f "sleep 30" -P $$ 2>/dev/null || true
}

case_console_errors() {
	assert_exit 1 lxc_console -n "$CT"
	assert_error_line lxc-console "$CT"
	assert_contains "$ERR" "not running" stderr
	# An application container (no rootfs) has no console.
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_exit 1 lxc_console -n "$CT" -t 0
	assert_contains "$ERR" "the container has no console" stderr
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_log_rotate() {
	console_rootfs
	start_ct "lxc.console.logfile=$CASE_TMP/c.log" lxc.console.size=2K lxc.console.rotate=1 -- \
		'for i in $(seq 500); do echo line-$i; done; echo done-writing; exec sleep 100'
	wait_for grep -q done-writing "$CASE_TMP/c.log"
	[ -f "$CASE_TMP/c.log.1" ] || fail "no rotated log"
	[ "$(stat -c %s "$CASE_TMP/c.log")" -le 2048 ] || fail "log larger than lxc.console.size"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_buffer_replay() {
	console_rootfs
	start_ct lxc.console.buffer.size=4K -- 'echo said-before-attach; exec sh'
	wait_for execed_sh
	feed 0.5 '\001q' | lxc_console -n "$CT" -t 0 >"$CASE_TMP/out" 2>/dev/null
	assert_contains "$(cat "$CASE_TMP/out")" said-before-attach "output replayed on attach"
	assert_exit 0 lxc_stop -n "$CT" -k
	# Without a buffer, nothing is replayed.
	start_ct -- 'echo said-before-attach; exec sh'
	wait_for execed_sh
	# And the monitor has read (and dropped) it from the pty.
	sleep 0.3
	feed 0.5 '\001q' | lxc_console -n "$CT" -t 0 >"$CASE_TMP/out" 2>/dev/null
	assert_not_contains "$(cat "$CASE_TMP/out")" said-before-attach "output without a buffer"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_console_drained() {
	# Nobody reads the console: the monitor must, or init would block.
	console_rootfs
	start_ct -- 'yes | head -c 3000000; touch /done; exec sleep 100'
	wait_for test -e "$CASE_TMP/rootfs/done"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_foreground_terminal() {
	console_rootfs
	command -v script >/dev/null || skip_case "needs script(1)"
	feed 1 'echo in-fg $(tty)\n' 'exit 3\n' | timeout 20 script -qefc \
		"$LXC_BINDIR/lxc-start -F -P $LXCPATH -n $CT -s lxc.rootfs.path=$CASE_TMP/rootfs -- /bin/sh" /dev/null \
		>"$CASE_TMP/out" 2>&1 || RC=$?
	assert_eq 3 "${RC:-0}" "exit status of lxc-start -F"
	assert_contains "$(cat "$CASE_TMP/out")" "in-fg /dev/console" "the console on the terminal"
	assert_state "$CT" STOPPED
}

run_case console-log case_console_log
run_case console-attach case_console_attach
run_case console-escape case_console_escape
run_case ttys case_ttys
run_case tty-dir case_tty_dir
run_case console-none case_console_none
run_case console-device case_console_device
run_case console-stop-ends-client case_console_stop_ends_client
run_case console-errors case_console_errors
run_case log-rotate case_log_rotate
run_case buffer-replay case_buffer_replay
run_case console-drained case_console_drained
run_case foreground-terminal case_foreground_terminal
finish
