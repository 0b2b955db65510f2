#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Resource limits: lxc.cgroup.* (v1 files) and lxc.cgroup2.* (cgroup2
# files) applied before the command runs, and the errors for controllers,
# files and values the host does not take.  This host's cgroup2 tree has
# almost no controllers: the limits are exercised through v1, the cgroup2
# write path through its core files (cgroup.*), with
# LXC_TEST_CGROUP_LAYOUT=unified acting as a cgroup2-only host.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

lxc_cgroup() { "$LXC_BINDIR/lxc-cgroup" -P "$LXCPATH" "$@"; }

V2=$(cgroup_v2_root)
# The tests must never change the cgroup2 root's delegation.
ROOT_SUBTREE=$(cat "$V2/cgroup.subtree_control" 2>/dev/null || true)

need_v1() {
	[ -d "/sys/fs/cgroup/$1" ] || skip_case "no v1 $1 hierarchy on this host"
}

case_memory_oom() {
	# Allocating past the limit kills the allocating process in the
	# container; the container's init and the host go on.
	need_v1 memory
	assert_exit 0 lxc_start -n "$CT" -s lxc.cgroup.memory.limit_in_bytes=32M -- sh -c \
		'sh -c "x=\$(head -c 100000000 /dev/zero | tr \"\\0\" a); echo survived"; echo "$?" >"$0"; sleep 100' \
		"$CASE_TMP/hog"
	wait_for [ -s "$CASE_TMP/hog" ]
	assert_eq 137 "$(cat "$CASE_TMP/hog")" "exit status of the allocating shell (SIGKILL by the OOM killer)"
	assert_state "$CT" RUNNING
	assert_exit 0 lxc_cgroup -n "$CT" memory.limit_in_bytes
	assert_eq 33554432 "$OUT" memory.limit_in_bytes
	assert_exit 0 lxc_cgroup -n "$CT" memory.oom_control
	assert_match "$OUT" $'(^|\n)oom_kill [1-9]' memory.oom_control
	assert_exit 0 lxc_cgroup -n "$CT" memory.max_usage_in_bytes
	[ "$OUT" -le 33554432 ] || fail "memory use $OUT above the 32 MiB limit"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_pids_fork_fails() {
	need_v1 pids
	# The shell gives up at the fork past the limit.
	run_cmd lxc_execute -n "$CT" -s lxc.cgroup.pids.max=4 -- sh -c \
		'for i in 1 2 3 4 5 6; do sleep 1 & done; wait; echo all-forked'
	assert_ne 0 "$RC" "exit status of the shell forking past pids.max"
	assert_contains "$ERR" "Cannot fork" "stderr of the shell forking past pids.max"
	assert_not_contains "$OUT" all-forked
	assert_exit 0 lxc_execute -n "$CT" -s lxc.cgroup.pids.max=20 -- sh -c \
		'for i in 1 2 3 4 5 6; do sleep 0 & done; wait; echo forked'
	assert_eq forked "$OUT" "output with room to fork"
}

case_cpuset_pins() {
	need_v1 cpuset
	[ "$(nproc --all)" -ge 2 ] || skip_case "this machine has one CPU: nothing to pin to"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.cgroup.cpuset.cpus=1 -- sh -c 'grep Cpus_allowed_list /proc/self/status'
	assert_match "$OUT" $'Cpus_allowed_list:\t1$' "CPUs of the container"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.cgroup.cpuset.cpus=0 -- sh -c 'grep Cpus_allowed_list /proc/self/status'
	assert_match "$OUT" $'Cpus_allowed_list:\t0$' "CPUs of the container"
}

case_cpu_shares() {
	need_v1 cpu
	assert_exit 0 lxc_start -n "$CT" -s lxc.cgroup.cpu.shares=256 -s lxc.cgroup.cpu.cfs_quota_us=50000 -- sleep 100
	assert_exit 0 lxc_cgroup -n "$CT" cpu.shares
	assert_eq 256 "$OUT" cpu.shares
	assert_exit 0 lxc_cgroup -n "$CT" cpu.cfs_quota_us
	assert_eq 50000 "$OUT" cpu.cfs_quota_us
	assert_exit 0 lxc_stop -n "$CT" -k
}

cgroup2_core_file() {
	# cgroup.* files need no controller: the cgroup2 write path for real.
	[ -n "$V2" ] || skip_case "no cgroup2 tree mounted"
	assert_exit 0 lxc_start -n "$CT" -s lxc.cgroup2.cgroup.max.descendants=3 -s lxc.cgroup2.cgroup.max.depth=2 -- sleep 100
	assert_exit 0 lxc_cgroup -n "$CT" cgroup.max.descendants
	assert_eq 3 "$OUT" cgroup.max.descendants
	assert_exit 0 lxc_cgroup -n "$CT" cgroup.max.depth
	assert_eq 2 "$OUT" cgroup.max.depth
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_cgroup2_core_file() { cgroup2_core_file; }
case_cgroup2_core_file_unified() {
	export LXC_TEST_CGROUP_LAYOUT=unified
	cgroup2_core_file
}

case_cgroup2_controller_missing() {
	# memory is bound to v1 on this host: cgroup2 cannot have it.
	[ -n "$V2" ] || skip_case "no cgroup2 tree mounted"
	if grep -qw memory "$V2/cgroup.controllers"; then
		skip_case "memory is a cgroup2 controller here; the error path needs a host where it is not"
	fi
	assert_exit 1 lxc_start -n "$CT" -s lxc.cgroup2.memory.max=64M -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "\"lxc.cgroup2.memory.max\": the memory controller is not available in the cgroup2 tree"
	assert_state "$CT" STOPPED
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed start"
}

case_v1_controller_missing() {
	export LXC_TEST_CGROUP_LAYOUT=unified
	assert_exit 1 lxc_execute -n "$CT" -s lxc.cgroup.pids.max=10 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "\"lxc.cgroup.pids.max\": no cgroup v1 hierarchy with the pids controller is mounted on this host"
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed start"
}

case_file_missing() {
	need_v1 memory
	assert_exit 1 lxc_execute -n "$CT" -s lxc.cgroup.memory.nosuchfile=1 -- true
	assert_error_line lxc-execute "$CT"
	assert_match "$ERR" "\"lxc.cgroup.memory.nosuchfile\": the cgroup file \"memory.nosuchfile\" does not exist in /sys/fs/cgroup/memory/.*lxc\\.payload\\.$CT-"
	[ -n "$V2" ] || return 0
	assert_exit 1 lxc_execute -n "$CT" -s lxc.cgroup2.cgroup.nosuch=1 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "\"lxc.cgroup2.cgroup.nosuch\": the cgroup file \"cgroup.nosuch\" does not exist"
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed starts"
}

case_value_rejected() {
	need_v1 memory
	assert_exit 1 lxc_start -n "$CT" -s lxc.cgroup.memory.limit_in_bytes=lots -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "\"lxc.cgroup.memory.limit_in_bytes\": the kernel rejected \"lots\": Invalid argument"
	assert_state "$CT" STOPPED
	[ -n "$V2" ] || return 0
	assert_exit 1 lxc_execute -n "$CT" -s lxc.cgroup2.cgroup.max.depth=-5 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "\"lxc.cgroup2.cgroup.max.depth\": the kernel rejected \"-5\""
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed starts"
}

case_root_untouched() {
	[ -n "$V2" ] || skip_case "no cgroup2 tree mounted"
	assert_eq "$ROOT_SUBTREE" "$(cat "$V2/cgroup.subtree_control")" "cgroup.subtree_control of the cgroup2 root"
}

run_case memory-oom case_memory_oom
run_case pids-fork-fails case_pids_fork_fails
run_case cpuset-pins case_cpuset_pins
run_case cpu-shares case_cpu_shares
run_case cgroup2-core-file case_cgroup2_core_file
run_case cgroup2-core-file-unified case_cgroup2_core_file_unified
run_case cgroup2-controller-missing case_cgroup2_controller_missing
run_case v1-controller-missing case_v1_controller_missing
run_case file-missing case_file_missing
run_case value-rejected case_value_rejected
run_case root-untouched case_root_untouched
finish
