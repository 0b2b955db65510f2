#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Looking into a running container's cgroups: lxc-cgroup, lxc-info -S and
# lxc-top, on this host's layout and as on a cgroup2-only host
# (LXC_TEST_CGROUP_LAYOUT=unified).
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

lxc_cgroup() { "$LXC_BINDIR/lxc-cgroup" -P "$LXCPATH" "$@"; }
lxc_top() { "$LXC_BINDIR/lxc-top" -P "$LXCPATH" "$@"; }

case_cgroup_read_write() {
	[ -d /sys/fs/cgroup/pids ] || skip_case "no v1 pids hierarchy on this host"
	local path
	assert_exit 0 lxc_start -n "$CT" -s lxc.cgroup.pids.max=50 -- sleep 100
	path=$(find /sys/fs/cgroup/pids -maxdepth 6 -type d -name "lxc.payload.$CT-*")
	assert_exit 0 lxc_cgroup -n "$CT" pids.max
	assert_eq 50 "$OUT" pids.max
	assert_empty "$ERR" stderr
	assert_exit 0 lxc_cgroup -n "$CT" pids.max 70
	assert_empty "$OUT$ERR" "output of a write"
	assert_eq 70 "$(cat "$path/pids.max")" "pids.max in $path"
	assert_exit 0 lxc_cgroup -n "$CT" pids.current
	assert_eq 1 "$OUT" pids.current
	# A multi-line file comes whole.
	assert_exit 0 lxc_cgroup -n "$CT" cgroup.procs
	assert_eq "$(ct_pid "$CT")" "$OUT" "cgroup.procs"
	if [ -d /sys/fs/cgroup/memory ]; then
		assert_exit 0 lxc_cgroup -n "$CT" memory.limit_in_bytes 64M
		assert_exit 0 lxc_cgroup -n "$CT" memory.limit_in_bytes
		assert_eq 67108864 "$OUT" memory.limit_in_bytes
		assert_exit 0 lxc_cgroup -n "$CT" memory.stat
		assert_match "$OUT" $'(^|\n)rss [0-9]+' memory.stat
		# A cgroup2 core file named after a v1 controller: from cgroup2.
		if [ -e "$(cgroup_v2_root)/memory.pressure" ]; then
			assert_exit 0 lxc_cgroup -n "$CT" memory.pressure
			assert_match "$OUT" '^some avg10=' memory.pressure
		fi
	fi
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_cgroup_unified() {
	local path
	[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
	export LXC_TEST_CGROUP_LAYOUT=unified
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	path=$(find "$(cgroup_v2_root)" -maxdepth 6 -type d -name "lxc.payload.$CT-*")
	assert_exit 0 lxc_cgroup -n "$CT" cgroup.max.descendants 7
	assert_eq 7 "$(cat "$path/cgroup.max.descendants")" "cgroup.max.descendants in $path"
	assert_exit 0 lxc_cgroup -n "$CT" cgroup.procs
	assert_eq "$(ct_pid "$CT")" "$OUT" cgroup.procs
	assert_exit 0 lxc_cgroup -n "$CT" cgroup.events
	assert_contains "$OUT" "populated 1" cgroup.events
	# The v1 hierarchies are out of sight in this layout.
	if ! grep -qw pids "$(cgroup_v2_root)/cgroup.controllers"; then
		assert_exit 1 lxc_cgroup -n "$CT" pids.max
		assert_error_line lxc-cgroup "$CT"
		assert_contains "$ERR" "\"pids.max\": none of the container's cgroup hierarchies has the pids controller"
	fi
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_cgroup_errors() {
	assert_exit 2 lxc_cgroup -n "$CT" pids.max
	assert_error_line lxc-cgroup "$CT"
	assert_contains "$ERR" "not running"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_exit 1 lxc_cgroup -n "$CT" pids.nosuchfile
	assert_error_line lxc-cgroup "$CT"
	assert_contains "$ERR" "\"pids.nosuchfile\": no such file in the container's cgroup"
	assert_exit 1 lxc_cgroup -n "$CT" nosuch.file
	assert_error_line lxc-cgroup "$CT"
	assert_contains "$ERR" "none of the container's cgroup hierarchies has the nosuch controller"
	for key in memory ../pids.max pids/pids.max .max ""; do
		assert_exit 1 lxc_cgroup -n "$CT" "$key"
		assert_error_line lxc-cgroup "$CT"
		assert_contains "$ERR" "invalid cgroup file \"$key\": expected CONTROLLER.FILE"
	done
	if [ -d /sys/fs/cgroup/pids ]; then
		assert_exit 1 lxc_cgroup -n "$CT" pids.max bogus
		assert_error_line lxc-cgroup "$CT"
		assert_contains "$ERR" "\"pids.max\": the kernel rejected \"bogus\": Invalid argument"
	fi
	assert_exit 1 lxc_cgroup -n "$CT"
	assert_one_line
	assert_contains "$ERR" "lxc-cgroup: expected KEY [VALUE]"
	assert_exit 1 lxc_cgroup -n "$CT" a.b c d
	assert_one_line
	assert_exit 0 lxc_stop -n "$CT" -k
}

# The value of a labelled line of lxc-info.
info_value() { printf '%s\n' "$OUT" | sed -n "s/^$1: *//p"; }

case_info_stats() {
	local mem raw
	assert_exit 0 lxc_start -n "$CT" -- sh -c 'x=$(head -c 4000000 /dev/zero | tr "\0" a); sleep 100'
	sleep 0.5
	assert_exit 0 lxc_info -n "$CT" -S
	assert_empty "$ERR" stderr
	if [ -d /sys/fs/cgroup/memory ]; then
		mem=$(info_value "Memory use")
		assert_match "$mem" '^[0-9.]+ (bytes|KiB|MiB|GiB)$' "Memory use"
		[ "$mem" != "0 bytes" ] || fail "Memory use is 0"
	fi
	[ -d /sys/fs/cgroup/cpuacct ] && assert_match "$(info_value "CPU use")" '^[0-9]+\.[0-9]{2} seconds$' "CPU use"
	[ -d /sys/fs/cgroup/blkio ] && assert_match "$(info_value "BlkIO use")" '^[0-9.]+ (bytes|KiB|MiB|GiB)$' "BlkIO use"
	# Only lo: no Link lines.
	assert_not_contains "$OUT" "Link:"
	# -H: the raw numbers, in the same order; with -s and -p first.
	assert_exit 0 lxc_info -n "$CT" -s -p -S -H
	raw=$(printf '%s\n' "$OUT" | sed -n '3,$p')
	assert_eq "RUNNING" "$(printf '%s\n' "$OUT" | sed -n 1p)" "first line of -s -p -S -H"
	assert_match "$raw" $'^[0-9]+(\n[0-9]+)*$' "raw statistics"
	if [ -d /sys/fs/cgroup/memory ]; then
		# Memory is the third figure: CPU, BlkIO, Memory.
		[ "$(printf '%s\n' "$raw" | sed -n 3p)" -gt 1000000 ] || fail "raw memory use below 1 MB: $raw"
	fi
	assert_exit 0 lxc_stop -n "$CT" -k
	# Stopped: nothing to report, and no error.
	assert_exit 0 lxc_info -n "$CT" -S
	assert_empty "$OUT$ERR" "lxc-info -S of a stopped container"
	assert_exit 0 lxc_info -n "$CT" -s -S
	assert_eq "State:          STOPPED" "$OUT" "lxc-info -s -S of a stopped container"
}

case_info_stats_unified() {
	[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
	export LXC_TEST_CGROUP_LAYOUT=unified
	assert_exit 0 lxc_start -n "$CT" -- sh -c \
		'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; echo done >"$0"; sleep 100' "$CASE_TMP/busy"
	wait_for [ -s "$CASE_TMP/busy" ]
	assert_exit 0 lxc_info -n "$CT" -S
	# cpu.stat is a core file: CPU use is there without a cpu controller.
	assert_match "$(info_value "CPU use")" '^[0-9]+\.[0-9]{2} seconds$' "CPU use"
	[ "$(info_value "CPU use")" != "0.00 seconds" ] || fail "CPU use is 0 after a busy loop"
	grep -qw memory "$(cgroup_v2_root)/cgroup.controllers" ||
		assert_not_contains "$OUT" "Memory use" "stats without a cgroup2 memory controller"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_info_stats_links() {
	# Interfaces in the container's own namespace: a veth pair made
	# inside it, an ARP probe from one end to the other.
	command -v ip >/dev/null || skip_case "needs ip(8)"
	[ -x /bin/busybox ] || skip_case "needs /bin/busybox (busybox-static) for arping"
	assert_exit 0 lxc_start -n "$CT" -- sh -c '
		ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up &&
		ip addr add 10.9.0.1/24 dev v0 && /bin/busybox arping -c 2 -w 1 -I v0 10.9.0.2 >/dev/null;
		echo done >"$0"; sleep 100' "$CASE_TMP/ready"
	wait_for [ -s "$CASE_TMP/ready" ]
	assert_exit 0 lxc_info -n "$CT" -S
	assert_contains "$OUT" "Link:           v0"
	assert_contains "$OUT" "Link:           v1"
	assert_not_contains "$OUT" "Link:           lo"
	assert_exit 0 lxc_info -n "$CT" -S -H
	# v0 sent what v1 received; numbers, not zero.
	local tx0 rx1
	tx0=$(printf '%s\n' "$OUT" | awk '$0 == "v0" { getline; print; exit }')
	rx1=$(printf '%s\n' "$OUT" | awk '$0 == "v1" { getline; getline; print; exit }')
	[ "$tx0" -gt 0 ] || fail "TX bytes of v0: \"$tx0\""
	assert_eq "$tx0" "$rx1" "RX bytes of v1 (TX bytes of v0)"
	assert_exit 0 lxc_stop -n "$CT" -k
	# In the host's namespace the host's interfaces are not the container's.
	assert_exit 0 lxc_start -n "$CT" -s lxc.net.0.type=none -- sleep 100
	assert_exit 0 lxc_info -n "$CT" -S
	assert_not_contains "$OUT" "Link:"
	assert_exit 0 lxc_stop -n "$CT" -k
}

top_rows() { grep -v -e '^Container' -e '^TOTAL' -e '^$'; }

case_top_batch() {
	local first
	assert_exit 0 lxc_start -n "$CT-big" -- sh -c 'x=$(head -c 20000000 /dev/zero | tr "\0" a); sleep 100'
	assert_exit 0 lxc_start -n "$CT-small" -- sleep 100
	sleep 0.5
	assert_exit 0 timeout 20 "$LXC_BINDIR/lxc-top" -P "$LXCPATH" -b -i 2 -d 0.2 -s m
	assert_empty "$ERR" stderr
	assert_eq 2 "$(printf '%s\n' "$OUT" | grep -c '^Container ')" "tables printed"
	assert_eq 2 "$(printf '%s\n' "$OUT" | grep -c "^TOTAL (2) ")" "total lines"
	assert_no_escape "$OUT"
	if [ -d /sys/fs/cgroup/memory ]; then
		first=$(printf '%s\n' "$OUT" | top_rows | head -n 1 | awk '{ print $1 }')
		assert_eq "$CT-big" "$first" "first row sorted by memory"
		first=$(timeout 20 "$LXC_BINDIR/lxc-top" -P "$LXCPATH" -b -i 1 -s m -r | top_rows | head -n 1 | awk '{ print $1 }')
		assert_eq "$CT-small" "$first" "first row sorted by memory, reversed"
	fi
	# By name: big before small.
	assert_eq "$CT-big"$'\n'"$CT-small" "$(timeout 20 "$LXC_BINDIR/lxc-top" -P "$LXCPATH" -b -i 1 | top_rows | awk '{ print $1 }')" "rows sorted by name"
	# The second table has a CPU % (the first has no earlier sample).
	assert_match "$(printf '%s\n' "$OUT" | top_rows | tail -n 1)" "^$CT-[a-z]+ +RUNNING +[0-9]+\\.[0-9]{2} +[0-9]+\\.[0-9] " "a row of the second table"
	# -n: one container only.
	assert_exit 0 timeout 20 "$LXC_BINDIR/lxc-top" -P "$LXCPATH" -n "$CT-small" -b -i 1
	assert_eq "$CT-small" "$(printf '%s\n' "$OUT" | top_rows | awk '{ print $1 }')" "rows with -n"
	assert_exit 0 lxc_stop -n "$CT-big" -k
	assert_exit 0 lxc_stop -n "$CT-small" -k
	# Nothing running: the header and a zero total.
	assert_exit 0 timeout 20 "$LXC_BINDIR/lxc-top" -P "$LXCPATH" -b -i 1
	assert_match "$OUT" $'^Container .*\nTOTAL \\(0\\) ' "lxc-top without containers"
}

assert_no_escape() {
	[[ $1 != *$'\033'* ]] || fail "terminal escapes in batch output"
}

case_top_terminal() {
	# On a terminal the table is redrawn in place: cursor home, clear.
	command -v script >/dev/null || skip_case "needs script(1) for a terminal"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_exit 0 timeout 20 script -qec "$LXC_BINDIR/lxc-top -P $LXCPATH -i 2 -d 0.2" "$CASE_TMP/typescript"
	assert_eq 2 "$(grep -o $'\033\\[H\033\\[J' "$CASE_TMP/typescript" | wc -l)" "screen refreshes"
	assert_contains "$(cat "$CASE_TMP/typescript")" "$CT"
	# q quits at once, not at the next refresh; m sorts by memory first.
	local start
	start=$(now_ms)
	RC=0
	{ sleep 0.5; printf m; sleep 0.3; printf q; } |
		timeout 20 script -qec "$LXC_BINDIR/lxc-top -P $LXCPATH -d 10" "$CASE_TMP/typescript2" >/dev/null || RC=$?
	assert_eq 0 "$RC" "exit status of lxc-top after q"
	[ $(($(now_ms) - start)) -lt 5000 ] || fail "lxc-top took $(($(now_ms) - start)) ms to quit on q"
	assert_eq 2 "$(grep -o $'\033\\[H\033\\[J' "$CASE_TMP/typescript2" | wc -l)" "screen refreshes (start, after m)"
	# The cursor is shown again on the way out.
	assert_contains "$(cat "$CASE_TMP/typescript2")" $'\033[?25h' "the lxc-top session"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_top_usage() {
	local bad
	for bad in "-s x" "-s mm" "-d 0" "-d abc" "-i 0"; do
		# shellcheck disable=SC2086 # split the option from its value
		assert_exit 1 lxc_top -b $bad
		assert_one_line
		assert_contains "$ERR" "lxc-top: invalid value"
	done
}

run_case cgroup-read-write case_cgroup_read_write
run_case cgroup-unified case_cgroup_unified
run_case cgroup-errors case_cgroup_errors
run_case info-stats case_info_stats
run_case info-stats-unified case_info_stats_unified
run_case info-stats-links case_info_stats_links
run_case top-batch case_top_batch
run_case top-terminal case_top_terminal
run_case top-usage case_top_usage
finish
