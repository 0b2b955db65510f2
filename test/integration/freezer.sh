#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The freezer: lxc-freeze / lxc-unfreeze, the FREEZING, FROZEN and THAWED
# states, stopping a frozen container, and what a dead monitor leaves.  Each
# behaviour runs on this host's v1 freezer and, with
# LXC_TEST_CGROUP_LAYOUT=unified (liblxc then ignores the v1 hierarchies,
# as on a cgroup2-only host), on cgroup2's cgroup.freeze.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

lxc_freeze() { "$LXC_BINDIR/lxc-freeze" -P "$LXCPATH" "$@"; }
lxc_unfreeze() { "$LXC_BINDIR/lxc-unfreeze" -P "$LXCPATH" "$@"; }
lxc_cgroup() { "$LXC_BINDIR/lxc-cgroup" -P "$LXCPATH" "$@"; }

# A container that counts as fast as it can into $CASE_TMP/counter; the
# file is replaced by rename, so a reader never sees it half written.
# start_counter NAME [LXC-START-OPTIONS...]
start_counter() {
	assert_exit 0 lxc_start -n "$@" -- sh -c \
		'i=0; while :; do i=$((i+1)); echo $i >"$0.tmp"; mv -f "$0.tmp" "$0"; done' \
		"$CASE_TMP/counter"
	wait_for [ -s "$CASE_TMP/counter" ]
}

counter() { cat "$CASE_TMP/counter"; }
counter_above() { [ "$(counter)" -gt "$1" ]; }

use_layout() {
	if [ "$1" = unified ]; then
		[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
		export LXC_TEST_CGROUP_LAYOUT=unified
	elif [ ! -d /sys/fs/cgroup/freezer ]; then
		skip_case "no v1 freezer hierarchy on this host"
	fi
}

# What the kernel says about the container's freezer.
kernel_frozen() {
	if [ "${LXC_TEST_CGROUP_LAYOUT:-}" = unified ]; then
		lxc_cgroup -n "$CT" cgroup.events | grep -qx 'frozen 1'
	else
		[ "$(lxc_cgroup -n "$CT" freezer.state)" = FROZEN ]
	fi
}

freeze_unfreeze() {
	local a b
	use_layout "$1"
	start_counter "$CT"
	assert_exit 0 lxc_freeze -n "$CT"
	assert_empty "$OUT$ERR" "output of lxc-freeze"
	assert_state "$CT" FROZEN
	kernel_frozen || fail "the kernel does not report the cgroup frozen"
	a=$(counter)
	sleep 0.3
	b=$(counter)
	assert_eq "$a" "$b" "counter while frozen"
	# Freezing a frozen container is no error.
	assert_exit 0 lxc_freeze -n "$CT"
	assert_exit 0 lxc_unfreeze -n "$CT"
	assert_empty "$OUT$ERR" "output of lxc-unfreeze"
	assert_state "$CT" RUNNING
	! kernel_frozen || fail "the kernel still reports the cgroup frozen"
	wait_for counter_above "$b"
	# Thawing a running container is no error either.
	assert_exit 0 lxc_unfreeze -n "$CT"
	assert_state "$CT" RUNNING
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_freeze_v1() { freeze_unfreeze v1; }
case_freeze_cgroup2() { freeze_unfreeze unified; }

freeze_states() {
	local want mon
	use_layout "$1"
	start_counter "$CT"
	"$LXC_BINDIR/lxc-monitor" -P "$LXCPATH" -n "$CT" >"$CASE_TMP/monitor.out" 2>&1 &
	mon=$!
	wait_for -t 5 has_inotify_watch "$mon"
	"$LXC_BINDIR/lxc-wait" -P "$LXCPATH" -n "$CT" -s FROZEN -t 10 &
	local waiter=$!
	wait_for -t 5 has_inotify_watch "$waiter"
	assert_exit 0 lxc_freeze -n "$CT"
	wait_job "$waiter"
	assert_eq 0 "$JOB_RC" "lxc-wait -s FROZEN"
	assert_exit 0 lxc_unfreeze -n "$CT"
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_for -t 5 grep -q STOPPED "$CASE_TMP/monitor.out"
	kill "$mon"
	wait_job "$mon"
	want=""
	for s in FREEZING FROZEN THAWED RUNNING STOPPING STOPPED; do
		want+="'$CT' changed state to [$s]"$'\n'
	done
	assert_eq "${want%$'\n'}" "$(cat "$CASE_TMP/monitor.out")" "lxc-monitor output"
}

# The counter's shell (dash) runs mv through vfork: a parent that starts
# waiting for its child just after the v1 freezer asked it to freeze is
# missed, and the cgroup would stay FREEZING unless asked again.  Freeze and
# thaw it many times; each freeze must finish.
freeze_often() {
	local i
	use_layout "$1"
	start_counter "$CT"
	for i in $(seq 1 60); do
		assert_exit 0 lxc_freeze -n "$CT" -t 5
		assert_state "$CT" FROZEN
		assert_exit 0 lxc_unfreeze -n "$CT"
	done
	wait_for counter_above "$(counter)"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_freeze_often_v1() { freeze_often v1; }
case_freeze_often_cgroup2() { freeze_often unified; }

case_freeze_states_v1() { freeze_states v1; }
case_freeze_states_cgroup2() { freeze_states unified; }

stop_frozen() {
	local pid
	use_layout "$1"
	start_counter "$CT"
	pid=$(ct_pid "$CT")
	assert_exit 0 lxc_freeze -n "$CT"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_state "$CT" STOPPED
	pid_dead "$pid" || fail "init $pid survived lxc-stop -k of the frozen container"
	assert_empty "$(ct_cgroups "$CT")" "cgroups after lxc-stop -k"
	# Halting: the container must be thawed to see the signal.
	assert_exit 0 lxc_start -n "$CT" -- sh -c 'trap "exit 0" PWR; while :; do sleep 0.05; done'
	wait_for catches "$(ct_pid "$CT")" PWR
	assert_exit 0 lxc_freeze -n "$CT"
	assert_exit 0 timeout 20 "$LXC_BINDIR/lxc-stop" -P "$LXCPATH" -n "$CT" -t 15
	assert_state "$CT" STOPPED
	assert_empty "$(ct_cgroups "$CT")" "cgroups after lxc-stop"
}

case_stop_frozen_v1() { stop_frozen v1; }
case_stop_frozen_cgroup2() { stop_frozen unified; }

# kill -9 of the monitor of a frozen container: on v1 its processes stay
# frozen (the kill from the parent-death signal waits for a thaw) until the
# next start removes them; on cgroup2 a fatal signal gets through.
monitor_killed_frozen() {
	local mon init
	use_layout "$1"
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -- sh -c 'sleep 100 & sleep 100'
	mon=$(cat "$CASE_TMP/pidfile")
	init=$(ct_pid "$CT")
	assert_exit 0 lxc_freeze -n "$CT"
	kill -9 "$mon"
	wait_for pid_dead "$mon"
	assert_state "$CT" STOPPED
	if [ "$1" = unified ]; then
		wait_for pid_dead "$init"
	else
		sleep 0.2
		pid_alive "$init" || fail "init $init of the frozen v1 container died without a thaw"
	fi
	# The next start cleans up: thaws, kills, removes.
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	pid_dead "$init" || fail "the leftover init $init survived the next start"
	assert_state "$CT" RUNNING
	assert_eq 1 "$(ct_cgroups "$CT" | grep -c "$(cgroup_v2_root)/")" "cgroup2 cgroups of the restarted container"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_monitor_killed_frozen_v1() { monitor_killed_frozen v1; }
case_monitor_killed_frozen_cgroup2() { monitor_killed_frozen unified; }

case_freeze_timeout() {
	# A monitor that does not answer in time (stopped here): lxc-freeze -t
	# gives up, asks for a thaw, and the container ends up RUNNING.
	local mon job
	start_counter "$CT" -p "$CASE_TMP/pidfile"
	mon=$(cat "$CASE_TMP/pidfile")
	kill -STOP "$mon"
	"$LXC_BINDIR/lxc-freeze" -P "$LXCPATH" -n "$CT" -t 1 >"$CASE_TMP/freeze.out" 2>&1 &
	job=$!
	sleep 1.5
	kill -CONT "$mon"
	wait_job "$job"
	assert_eq 1 "$JOB_RC" "exit status of lxc-freeze -t 1"
	assert_one_line "$CASE_TMP/freeze.out" "lxc-freeze output"
	assert_contains "$(cat "$CASE_TMP/freeze.out")" "lxc-freeze: $CT: not frozen within 1000 ms" "lxc-freeze output"
	wait_for state_is "$CT" RUNNING
	wait_for counter_above "$(counter)"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_not_running() {
	assert_exit 2 lxc_freeze -n "$CT"
	assert_error_line lxc-freeze "$CT"
	assert_contains "$ERR" "not running"
	assert_exit 2 lxc_unfreeze -n "$CT"
	assert_error_line lxc-unfreeze "$CT"
	assert_contains "$ERR" "not running"
}

case_usage_errors() {
	assert_exit 1 lxc_freeze -n "$CT" -t soon
	assert_one_line
	assert_contains "$ERR" "lxc-freeze: invalid value \"soon\""
	assert_exit 1 lxc_freeze
	assert_one_line
	assert_exit 1 lxc_unfreeze -n "$CT" extra
	assert_one_line
}

case_execute_frozen_exit_status() {
	# A frozen lxc-execute container keeps its exit status once stopped.
	local pid
	"$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -- sleep 100 &
	pid=$!
	wait_for state_is "$CT" RUNNING
	assert_exit 0 lxc_freeze -n "$CT"
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_job "$pid"
	assert_eq 137 "$JOB_RC" "exit status of lxc-execute"
}

run_case freeze-v1 case_freeze_v1
run_case freeze-cgroup2 case_freeze_cgroup2
run_case freeze-states-v1 case_freeze_states_v1
run_case freeze-states-cgroup2 case_freeze_states_cgroup2
run_case freeze-often-v1 case_freeze_often_v1
run_case freeze-often-cgroup2 case_freeze_often_cgroup2
run_case stop-frozen-v1 case_stop_frozen_v1
run_case stop-frozen-cgroup2 case_stop_frozen_cgroup2
run_case monitor-killed-frozen-v1 case_monitor_killed_frozen_v1
run_case monitor-killed-frozen-cgroup2 case_monitor_killed_frozen_cgroup2
run_case freeze-timeout case_freeze_timeout
run_case not-running case_not_running
run_case usage-errors case_usage_errors
run_case execute-frozen-exit-status case_execute_frozen_exit_status
finish
