#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Where containers' cgroups go: names that never collide across lxcpaths,
# lxc.cgroup.pattern, lxc.cgroup.dir.container / lxc.cgroup.dir.monitor,
# the cgroup2-only layout, and cleanup after a dead monitor.

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

V2=$(cgroup_v2_root)

# Every hierarchy liblxc uses on this host, as mount points.
hierarchies() {
	cgroup_v1_roots
	[ -z "$V2" ] || echo "$V2"
}

# The cgroup of a process in the hierarchy mounted at $2.
cgroup_in() {
	local pid=$1 root=$2 ctrl
	if [ "$root" = "$V2" ]; then
		proc_cgroup "$pid" ""
	else
		ctrl=$(basename "$root")
		[ "$ctrl" = systemd ] && ctrl=name=systemd
		proc_cgroup "$pid" "$ctrl"
	fi
}

case_same_name_two_lxcpaths() {
	local other=$CASE_TMP/lxcpath2 a b
	mkdir "$other"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_exit 0 "$LXC_BINDIR/lxc-start" -P "$other" -n "$CT" -- sleep 100
	a=$(ct_pid "$CT")
	b=$("$LXC_BINDIR/lxc-info" -P "$other" -n "$CT" -p -H)
	assert_ne "$(proc_cgroup "$a" "")" "$(proc_cgroup "$b" "")" "cgroups of the two containers"
	assert_match "$(proc_cgroup "$b" "")" "/lxc\\.payload\\.$CT-[0-9a-f]{8}\$" "cgroup of the second"
	assert_exit 0 "$LXC_BINDIR/lxc-stop" -P "$other" -n "$CT" -k
	assert_state "$CT" RUNNING
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_pattern() {
	local pid root
	write_config "$CASE_TMP/lxc.conf" "lxc.default_config = $CASE_TMP/none" \
		"lxc.cgroup.pattern = lxc.$CT/%n.c"
	export LXC_GLOBAL_CONF=$CASE_TMP/lxc.conf
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	pid=$(ct_pid "$CT")
	for root in $(hierarchies); do
		assert_match "$(cgroup_in "$pid" "$root")" "^/lxc\\.$CT/$CT\\.c-[0-9a-f]{8}\$" "cgroup in $root"
	done
	assert_exit 0 lxc_stop -n "$CT" -k
	# The directory the pattern made is gone with the container.
	assert_empty "$(find /sys/fs/cgroup -maxdepth 3 -name "lxc.$CT")" "directories of the pattern"
}

case_pattern_invalid() {
	local p
	for p in "lxc.fixed" "lxc/%x/%n" "../%n"; do
		write_config "$CASE_TMP/lxc.conf" "lxc.default_config = $CASE_TMP/none" "lxc.cgroup.pattern = $p"
		LXC_GLOBAL_CONF=$CASE_TMP/lxc.conf assert_exit 1 lxc_execute -n "$CT" -- true
		assert_error_line lxc-execute "$CT"
		assert_contains "$ERR" "lxc.cgroup.pattern \"$p\" in $CASE_TMP/lxc.conf: expected a cgroup path holding %n"
	done
}

case_dir_container_monitor() {
	local mon init root
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" \
		-s "lxc.cgroup.dir.container=$CT.ct/payload" -s "lxc.cgroup.dir.monitor=$CT.mon/monitor" -- sleep 100
	mon=$(cat "$CASE_TMP/pidfile")
	init=$(ct_pid "$CT")
	for root in $(hierarchies); do
		assert_eq "/$CT.ct/payload" "$(cgroup_in "$init" "$root")" "container's cgroup in $root"
		assert_eq "/$CT.mon/monitor" "$(cgroup_in "$mon" "$root")" "monitor's cgroup in $root"
	done
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_empty "$(find /sys/fs/cgroup -maxdepth 3 -name "$CT.*")" "cgroups after lxc-stop"
	# In the foreground the caller is the monitor: it moves back.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.cgroup.dir.container=$CT.ct" -s "lxc.cgroup.dir.monitor=$CT.mon" -- true
	assert_empty "$(find /sys/fs/cgroup -maxdepth 3 -name "$CT.*")" "cgroups after lxc-execute"
}

case_dir_errors() {
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.cgroup.dir.container=$CT.a" -s "lxc.cgroup.dir.monitor=$CT.a/mon" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "must not contain one another"
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.cgroup.dir.container=$CT.a/b" -s "lxc.cgroup.dir.monitor=$CT.a" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "must not contain one another"
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.cgroup.dir.container=$CT.a" -s "lxc.cgroup.dir=$CT.b" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.cgroup.dir and lxc.cgroup.dir.container are mutually exclusive"
	for key in lxc.cgroup.dir lxc.cgroup.dir.container lxc.cgroup.dir.monitor; do
		assert_exit 1 lxc_execute -n "$CT" -s "$key=../$CT.x" -- true
		assert_error_line lxc-execute "$CT"
		assert_contains "$ERR" "$key \"../$CT.x\": expected a cgroup path without \".\" or \"..\""
	done
	assert_empty "$(find /sys/fs/cgroup -maxdepth 3 -name "$CT.*")" "cgroups after the failed starts"
}

case_unified_layout() {
	# As on a cgroup2-only host: one cgroup, in the cgroup2 tree.
	local pid root
	[ -n "$V2" ] || skip_case "no cgroup2 tree mounted"
	export LXC_TEST_CGROUP_LAYOUT=unified
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	pid=$(ct_pid "$CT")
	assert_match "$(proc_cgroup "$pid" "")" "^/lxc\\.payload\\.$CT-[0-9a-f]{8}\$" "cgroup2 cgroup of init"
	for root in $(cgroup_v1_roots); do
		assert_eq "$(cgroup_in "$BASHPID" "$root")" "$(cgroup_in "$pid" "$root")" "v1 cgroup of init in $root (the caller's: untouched)"
	done
	assert_eq 1 "$(ct_cgroups "$CT" | wc -l)" "cgroups of the container"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_empty "$(ct_cgroups "$CT")" "cgroups after lxc-stop"
}

case_legacy_layout() {
	# As on a legacy host without cgroup2: v1 hierarchies only, which the
	# child joins itself (no CLONE_INTO_CGROUP).
	local pid root
	[ -n "$(cgroup_v1_roots)" ] || skip_case "no v1 hierarchy on this host"
	export LXC_TEST_CGROUP_LAYOUT=legacy
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	pid=$(ct_pid "$CT")
	for root in $(cgroup_v1_roots); do
		assert_match "$(cgroup_in "$pid" "$root")" "^/lxc\\.payload\\.$CT-[0-9a-f]{8}\$" "cgroup in $root"
	done
	[ -z "$V2" ] || assert_eq "$(proc_cgroup "$BASHPID" "")" "$(proc_cgroup "$pid" "")" "cgroup2 cgroup of init (the caller's: untouched)"
	assert_empty "$(ct_cgroups "$CT" | grep "^$V2/")" "cgroup2 cgroups of the container"
	if [ -d /sys/fs/cgroup/freezer ]; then
		assert_exit 0 "$LXC_BINDIR/lxc-freeze" -P "$LXCPATH" -n "$CT"
		assert_state "$CT" FROZEN
		assert_exit 0 "$LXC_BINDIR/lxc-unfreeze" -P "$LXCPATH" -n "$CT"
	fi
	assert_exit 0 lxc_info -n "$CT" -S
	[ ! -d /sys/fs/cgroup/memory ] || assert_contains "$OUT" "Memory use:"
	assert_exit 1 lxc_execute -n "$CT-b" -s lxc.cgroup2.pids.max=5 -- true
	assert_error_line lxc-execute "$CT-b"
	assert_contains "$ERR" "\"lxc.cgroup2.pids.max\": no cgroup2 hierarchy with the pids controller is mounted on this host"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_empty "$(ct_cgroups "$CT")" "cgroups after lxc-stop"
}

case_leftover_unified() {
	# A dead monitor's cgroup (with its processes) goes at the next start.
	local mon init
	[ -n "$V2" ] || skip_case "no cgroup2 tree mounted"
	export LXC_TEST_CGROUP_LAYOUT=unified
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -- sleep 100
	mon=$(cat "$CASE_TMP/pidfile")
	init=$(ct_pid "$CT")
	kill -9 "$mon"
	wait_for pid_dead "$init"
	assert_eq 1 "$(ct_cgroups "$CT" | wc -l)" "leftover cgroups of the dead monitor"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_eq 1 "$(ct_cgroups "$CT" | wc -l)" "cgroups of the restarted container"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_empty "$(ct_cgroups "$CT")" "cgroups after lxc-stop"
}

case_container_made_cgroups() {
	# Cgroups the container makes below its own go with it.
	local path
	[ -d /sys/fs/cgroup/pids ] || skip_case "no v1 pids hierarchy on this host"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	path=$(find /sys/fs/cgroup/pids -maxdepth 6 -type d -name "lxc.payload.$CT-*")
	mkdir "$path/inner"
	ct_pid "$CT" >"$path/inner/cgroup.procs"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_empty "$(ct_cgroups "$CT")" "cgroups after lxc-stop"
}

# A container joins its v1 cgroups itself, at once after the clone.  A
# real-time task cannot join a v1 cpu cgroup without real-time runtime: the
# start fails with the cgroup and the key to set, and leaves nothing.
case_realtime_v1() {
	[ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] ||
		skip_case "no v1 cpu hierarchy with real-time group scheduling (CONFIG_RT_GROUP_SCHED) on this host"
	assert_exit 1 chrt -f 1 "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "failed to join cgroup \"/sys/fs/cgroup/cpu/lxc.payload.$CT"
	assert_contains "$ERR" "set lxc.cgroup.cpu.rt_runtime_us"
	assert_empty "$(find /sys/fs/cgroup -maxdepth 2 -name "lxc.payload.$CT*")" "cgroups after the failed start"
	assert_exit 0 chrt -f 1 "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" \
		-s lxc.cgroup.cpu.rt_runtime_us=10000 -- sh -c 'chrt -p $$; cat /proc/self/cgroup'
	assert_contains "$OUT" "SCHED_FIFO"
	assert_contains "$OUT" ":cpu:/"
}

run_case realtime-v1 case_realtime_v1
run_case same-name-two-lxcpaths case_same_name_two_lxcpaths
run_case pattern case_pattern
run_case pattern-invalid case_pattern_invalid
run_case dir-container-monitor case_dir_container_monitor
run_case dir-errors case_dir_errors
run_case unified-layout case_unified_layout
run_case legacy-layout case_legacy_layout
run_case leftover-unified case_leftover_unified
run_case container-made-cgroups case_container_made_cgroups
finish
