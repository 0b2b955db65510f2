#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Watching containers: lxc-wait and lxc-monitor.

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# bg_wait NAME STATES [ARGS...]: start lxc-wait in the background and wait
# until it watches (it uses inotify); its pid goes to BG_PID.
bg_wait() {
	local name=$1 states=$2
	shift 2
	"$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$name" -s "$states" "$@" \
		>"$CASE_TMP/wait.out" 2>&1 &
	BG_PID=$!
	wait_for -t 5 has_inotify_watch "$BG_PID"
}

# bg_monitor ARGS...: lxc-monitor in the background, output in
# $CASE_TMP/monitor.out, pid in MON_PID, once it watches.
bg_monitor() {
	"$LXC_BINDIR/lxc-monitor" -P "$LXCPATH" "$@" >"$CASE_TMP/monitor.out" 2>&1 &
	MON_PID=$!
	wait_for -t 5 has_inotify_watch "$MON_PID"
}

stop_monitor() {
	kill "$MON_PID"
	wait_job "$MON_PID"
}

monitor_has() { grep -qxF "$1" "$CASE_TMP/monitor.out"; }

changed() { printf "'%s' changed state to [%s]" "$1" "$2"; }

case_wait_before_start() {
	bg_wait "$CT" RUNNING -t 20
	sleep 0.2
	pid_alive "$BG_PID" || fail "lxc-wait -s RUNNING returned before the container existed: $(cat "$CASE_TMP/wait.out")"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	wait_job "$BG_PID" 5
	assert_eq 0 "$JOB_RC" "exit status of lxc-wait"
	assert_empty "$(cat "$CASE_TMP/wait.out")" "output of lxc-wait"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_wait_stopped_after_stop() {
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	bg_wait "$CT" STOPPED -t 20
	sleep 0.2
	pid_alive "$BG_PID" || fail "lxc-wait -s STOPPED returned while RUNNING"
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_job "$BG_PID" 5
	assert_eq 0 "$JOB_RC" "exit status of lxc-wait"
}

case_wait_timeout() {
	local start elapsed
	start=$(now_ms)
	assert_exit 1 timeout 10 "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s RUNNING -t 1
	elapsed=$(($(now_ms) - start))
	[ "$elapsed" -ge 900 ] || fail "lxc-wait -t 1 gave up after $elapsed ms"
	[ "$elapsed" -lt 3000 ] || fail "lxc-wait -t 1 took $elapsed ms"
}

case_wait_at_once() {
	local start
	start=$(now_ms)
	assert_exit 0 timeout 10 "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s STOPPED
	[ $(($(now_ms) - start)) -lt 1000 ] || fail "lxc-wait -s STOPPED of a stopped container took $(($(now_ms) - start)) ms"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	start=$(now_ms)
	assert_exit 0 timeout 10 "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s RUNNING
	[ $(($(now_ms) - start)) -lt 1000 ] || fail "lxc-wait -s RUNNING of a running container took $(($(now_ms) - start)) ms"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_wait_several_states() {
	assert_exit 0 timeout 10 "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s 'RUNNING|STOPPED' -t 5
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_exit 0 timeout 10 "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s 'STOPPED|RUNNING' -t 5
	assert_exit 1 timeout 10 "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s 'STOPPED|ABORTING' -t 1
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_wait_bad_state() {
	assert_exit 1 lxc_wait -n "$CT" -s BOGUS -t 1
	assert_one_line "$CASE_TMP/err"
	assert_contains "$ERR" BOGUS stderr
	assert_exit 1 lxc_wait -n "$CT" -s 'RUNNING|' -t 1
	assert_exit 1 lxc_wait -n "$CT" -s running -t 1
	assert_exit 1 lxc_wait -n "$CT"
}

case_wait_monitor_killed() {
	local mon
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -- sleep 100
	mon=$(cat "$CASE_TMP/pidfile")
	bg_wait "$CT" STOPPED -t 20
	kill -9 "$mon"
	wait_job "$BG_PID" 10
	assert_eq 0 "$JOB_RC" "exit status of lxc-wait"
	assert_state "$CT" STOPPED
	# A dead monitor leaves its cgroup and files to the next start.
	assert_exit 0 lxc_execute -n "$CT" -- /bin/true
}

case_wait_execute() {
	local pid
	bg_wait "$CT" RUNNING -t 20
	"$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -- sleep 100 &
	pid=$!
	wait_job "$BG_PID" 10
	assert_eq 0 "$JOB_RC" "exit status of lxc-wait -s RUNNING"
	bg_wait "$CT" STOPPED -t 20
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_job "$BG_PID" 10
	assert_eq 0 "$JOB_RC" "exit status of lxc-wait -s STOPPED"
	wait_job "$pid"
	assert_eq 137 "$JOB_RC" "exit status of the killed lxc-execute"
}

case_stop_nowait() {
	assert_exit 0 lxc_start -n "$CT" -- sh -c 'trap "sleep 0.3; exit 0" PWR; while :; do sleep 0.1; done'
	wait_for catches "$(ct_pid "$CT")" PWR
	assert_exit 0 lxc_stop -n "$CT" -W
	assert_exit 0 timeout 15 "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s STOPPED -t 10
	assert_state "$CT" STOPPED
}

case_monitor_sequence() {
	local want
	bg_monitor -n "$CT"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	# Lines come as they happen, not when lxc-monitor exits.
	wait_for -t 5 monitor_has "$(changed "$CT" RUNNING)"
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_for -t 5 monitor_has "$(changed "$CT" STOPPED)"
	stop_monitor
	want=$(changed "$CT" STARTING)$'\n'$(changed "$CT" RUNNING)$'\n'$(changed "$CT" STOPPING)$'\n'$(changed "$CT" STOPPED)
	assert_eq "$want" "$(cat "$CASE_TMP/monitor.out")" "lxc-monitor output"
}

case_monitor_execute() {
	local want
	bg_monitor -n "$CT"
	assert_exit 3 lxc_execute -n "$CT" -- sh -c 'exit 3'
	wait_for -t 5 monitor_has "$(changed "$CT" STOPPED)"
	stop_monitor
	want=$(changed "$CT" STARTING)$'\n'$(changed "$CT" RUNNING)$'\n'$(changed "$CT" STOPPING)$'\n'$(changed "$CT" STOPPED)
	assert_eq "$want" "$(cat "$CASE_TMP/monitor.out")" "lxc-monitor output"
}

case_monitor_failed_start() {
	local want
	bg_monitor -n "$CT"
	assert_exit 127 lxc_start -n "$CT" -- /bin/nosuch
	wait_for -t 5 monitor_has "$(changed "$CT" STOPPED)"
	stop_monitor
	want=$(changed "$CT" STARTING)$'\n'$(changed "$CT" ABORTING)$'\n'$(changed "$CT" STOPPED)
	assert_eq "$want" "$(cat "$CASE_TMP/monitor.out")" "lxc-monitor output"
}

case_monitor_regex() {
	local out
	bg_monitor -n "$CT"
	# Anchored: "$CT-2" does not match "$CT".
	assert_exit 0 lxc_execute -n "$CT-2" -- /bin/true
	assert_exit 0 lxc_execute -n "$CT" -- /bin/true
	wait_for -t 5 monitor_has "$(changed "$CT" STOPPED)"
	stop_monitor
	out=$(cat "$CASE_TMP/monitor.out")
	assert_not_contains "$out" "'$CT-2'" "lxc-monitor -n $CT output"

	bg_monitor -n "$CT-[0-9]"
	assert_exit 0 lxc_execute -n "$CT" -- /bin/true
	assert_exit 0 lxc_execute -n "$CT-3" -- /bin/true
	wait_for -t 5 monitor_has "$(changed "$CT-3" STOPPED)"
	stop_monitor
	out=$(cat "$CASE_TMP/monitor.out")
	assert_not_contains "$out" "'$CT'" "lxc-monitor -n '$CT-[0-9]' output"
	assert_contains "$out" "$(changed "$CT-3" RUNNING)" "lxc-monitor -n '$CT-[0-9]' output"
}

case_monitor_all() {
	local out
	bg_monitor
	assert_exit 0 lxc_execute -n "$CT-a" -- /bin/true
	assert_exit 0 lxc_execute -n "$CT-b" -- /bin/true
	wait_for -t 5 monitor_has "$(changed "$CT-b" STOPPED)"
	stop_monitor
	out=$(cat "$CASE_TMP/monitor.out")
	assert_contains "$out" "$(changed "$CT-a" RUNNING)" "lxc-monitor output"
	assert_contains "$out" "$(changed "$CT-b" RUNNING)" "lxc-monitor output"
}

case_monitor_bad_regex() {
	assert_exit 1 timeout 10 "$LXC_BINDIR/lxc-monitor" -P "$LXCPATH" -n '('
	assert_one_line "$CASE_TMP/err"
}

case_monitor_idle() {
	# No CPU time between events.
	local ticks
	bg_monitor -n "$CT"
	sleep 1
	ticks=$(awk '{ print $14 + $15 }' /proc/"$MON_PID"/stat)
	stop_monitor
	[ "$ticks" -le 10 ] || fail "lxc-monitor used $ticks ticks of CPU time in 1 s idle"
}

run_case wait-before-start case_wait_before_start
run_case wait-stopped-after-stop case_wait_stopped_after_stop
run_case wait-timeout case_wait_timeout
run_case wait-at-once case_wait_at_once
run_case wait-several-states case_wait_several_states
run_case wait-bad-state case_wait_bad_state
run_case wait-monitor-killed case_wait_monitor_killed
run_case wait-execute case_wait_execute
run_case stop-nowait case_stop_nowait
run_case monitor-sequence case_monitor_sequence
run_case monitor-execute case_monitor_execute
run_case monitor-failed-start case_monitor_failed_start
run_case monitor-regex case_monitor_regex
run_case monitor-all case_monitor_all
run_case monitor-bad-regex case_monitor_bad_regex
run_case monitor-idle case_monitor_idle
finish
