#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A whole busybox system, made by the busybox template: it boots its init,
# answers lxc-attach, shows logins on its console and tty, and halts on
# lxc-stop by itself.  And the halt signal chosen for an init like systemd.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

export LXC_TEMPLATE_DIR
LXC_TEMPLATE_DIR=$(cd "$TEST_DIR/../templates" && pwd)

lxc_create() { "$LXC_BINDIR/lxc-create" -P "$LXCPATH" "$@"; }
lxc_destroy() { "$LXC_BINDIR/lxc-destroy" -P "$LXCPATH" "$@"; }
lxc_attach() { "$LXC_BINDIR/lxc-attach" -P "$LXCPATH" "$@"; }
lxc_console() { "$LXC_BINDIR/lxc-console" -P "$LXCPATH" "$@"; }

feed() {
	local delay=$1
	shift
	for t in "$@"; do
		sleep "$delay"
		# shellcheck disable=SC2059 # the texts are formats
		printf "$t"
	done
}

case_boot_attach_console_stop() {
	local start elapsed
	[ -x /bin/busybox ] || skip_case "needs /bin/busybox (busybox-static)"
	trap 'lxc_destroy -n "$CT" -f >/dev/null 2>&1 || true' EXIT
	assert_exit 0 lxc_create -n "$CT" -t busybox
	# No command: the template's lxc.init.cmd, busybox init.
	assert_exit 0 lxc_start -n "$CT" -o "$CASE_TMP/log" -l INFO
	assert_state "$CT" RUNNING
	wait_for -t 10 lxc_attach_has_gettys
	assert_exit 0 lxc_attach -n "$CT" -- ps
	assert_match "$OUT" $'\n +1 [^\n]* init\n' "init as pid 1"
	assert_contains "$OUT" "getty -L console" "getty on the console"
	assert_contains "$OUT" "getty -L tty1" "getty on tty1"
	# A login on the console (root has no password).
	feed 0.5 '\n' 'root\n' 'echo hello-$((6*7)) from $(hostname)\n' '\001q' |
		timeout 20 "$LXC_BINDIR/lxc-console" -P "$LXCPATH" -n "$CT" -t 0 >"$CASE_TMP/console" 2>/dev/null
	assert_contains "$(cat "$CASE_TMP/console")" "$CT login:" "the console's getty"
	assert_contains "$(cat "$CASE_TMP/console")" "hello-42 from $CT" "a shell after the login"
	# And on tty1.
	feed 0.5 '\n' '\001q' | timeout 20 "$LXC_BINDIR/lxc-console" -P "$LXCPATH" -n "$CT" -t 1 >"$CASE_TMP/tty1" 2>/dev/null
	assert_contains "$(cat "$CASE_TMP/tty1")" "$CT login:" "tty1's getty"
	assert_state "$CT" RUNNING
	# lxc-stop: busybox init halts on SIGUSR1, well before the timeout.
	start=$(now_ms)
	assert_exit 0 lxc_stop -n "$CT" -t 30
	elapsed=$(($(now_ms) - start))
	[ "$elapsed" -lt 10000 ] || fail "lxc-stop took $elapsed ms"
	assert_state "$CT" STOPPED
	assert_contains "$(cat "$CASE_TMP/log")" "stop requested: sending signal 10" "the halt signal sent"
	assert_not_contains "$(cat "$CASE_TMP/log")" "halt timeout expired" "log (the kill fallback)"
	assert_exit 0 lxc_destroy -n "$CT"
	assert_file_gone "$LXCPATH/$CT"
}

lxc_attach_has_gettys() {
	lxc_attach -n "$CT" -- ps 2>/dev/null | grep -q "getty -L tty1"
}

case_halt_signal_for_systemd() {
	local start
	# An init that blocks or catches SIGRTMIN+3 (as systemd does) is
	# halted with it when lxc.signal.halt is not set; SIGPWR would be
	# ignored by systemd.
	"$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -o "$CASE_TMP/log" -l INFO -- \
		sh -c 'trap "exit 0" 37; trap "" PWR; while :; do sleep 0.1; done' &
	wait_for state_is "$CT" RUNNING
	wait_for catches "$(ct_pid "$CT")" 37
	start=$(now_ms)
	assert_exit 0 lxc_stop -n "$CT" -t 20
	[ $(($(now_ms) - start)) -lt 5000 ] || fail "lxc-stop took $(($(now_ms) - start)) ms"
	wait_job $!
	assert_eq 0 "$JOB_RC" "exit status (0: halted by SIGRTMIN+3)"
	assert_contains "$(cat "$CASE_TMP/log")" "sending signal 37" "log"
	# lxc.signal.halt, when set, wins.
	"$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -s lxc.signal.halt=SIGUSR2 -- \
		sh -c 'trap "exit 0" 37; trap "exit 5" USR2; while :; do sleep 0.1; done' &
	wait_for state_is "$CT" RUNNING
	wait_for catches "$(ct_pid "$CT")" USR2
	assert_exit 0 lxc_stop -n "$CT" -t 20
	wait_job $!
	assert_eq 5 "$JOB_RC" "exit status with lxc.signal.halt = SIGUSR2"
}

run_case boot-attach-console-stop case_boot_attach_console_stop
run_case halt-signal-for-systemd case_halt_signal_for_systemd
finish
