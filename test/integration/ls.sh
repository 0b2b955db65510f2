#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lxc-ls: names, the table, filters.

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

lxc_ls() { "$LXC_BINDIR/lxc-ls" -P "$LXCPATH" "$@"; }

# Three containers: A (defined, autostart, groups web,db), B (defined,
# unprivileged by its id map), C (running, no configuration).
setup_three() {
	A=$CT-a B=$CT-b C=$CT-c
	# The configurations go with the case, even a failed one.
	trap 'rm -rf "${LXCPATH:?}/$CT"-*' EXIT
	mkdir "$LXCPATH/$A" "$LXCPATH/$B"
	write_config "$LXCPATH/$A/config" "lxc.start.auto = 1" "lxc.group = web db" "lxc.init.cmd = sleep 1000"
	write_config "$LXCPATH/$B/config" "lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536"
	assert_exit 0 lxc_start -n "$C" -- sleep 1000
}

teardown_three() {
	lxc_stop -n "$A" -k >/dev/null 2>&1 || true
	assert_exit 0 lxc_stop -n "$C" -k
	rm -r "${LXCPATH:?}/$A" "${LXCPATH:?}/$B"
}

case_names() {
	setup_three
	assert_exit 0 lxc_ls -1
	assert_eq "$A"$'\n'"$B"$'\n'"$C" "$OUT" "lxc-ls -1"
	# Columns, as ls does (80 wide when not on a terminal).
	assert_exit 0 lxc_ls
	assert_eq "$(printf '%-*s%-*s%s' $((${#A} + 2)) "$A" $((${#A} + 2)) "$B" "$C")" "$OUT" "lxc-ls"
	teardown_three
}

case_fancy() {
	local w p
	setup_three
	assert_exit 0 lxc_start -n "$A"
	assert_exit 0 lxc_ls -f
	w=${#A}
	assert_eq "$(printf '%-*s %-7s %-9s %-6s %-4s %-4s %s\n' "$w" NAME STATE AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED
		printf '%-*s %-7s %-9s %-6s %-4s %-4s %s\n' "$w" "$A" RUNNING 1 web,db - - false
		printf '%-*s %-7s %-9s %-6s %-4s %-4s %s\n' "$w" "$B" STOPPED 0 - - - true
		printf '%-*s %-7s %-9s %-6s %-4s %-4s %s' "$w" "$C" RUNNING 0 - - - false)" "$OUT" "lxc-ls -f"
	assert_exit 0 lxc_ls -F name,pid,state
	# The PID column is as wide as the longer pid (or its header).
	p=3
	for pid in "$(ct_pid "$A")" "$(ct_pid "$C")"; do
		[ "${#pid}" -le "$p" ] || p=${#pid}
	done
	assert_eq "$(printf '%-*s %-*s %s\n' "$w" NAME "$p" PID STATE
		printf '%-*s %-*s %s\n' "$w" "$A" "$p" "$(ct_pid "$A")" RUNNING
		printf '%-*s %-*s %s\n' "$w" "$B" "$p" - STOPPED
		printf '%-*s %-*s %s' "$w" "$C" "$p" "$(ct_pid "$C")" RUNNING)" "$OUT" "lxc-ls -F name,pid,state"
	teardown_three
}

case_filters() {
	setup_three
	assert_exit 0 lxc_ls -1 --running
	assert_eq "$C" "$OUT" "--running"
	assert_exit 0 lxc_ls -1 --stopped
	assert_eq "$A"$'\n'"$B" "$OUT" "--stopped"
	assert_exit 0 lxc_ls -1 --active
	assert_eq "$C" "$OUT" "--active"
	assert_exit 0 lxc_ls -1 --frozen
	assert_empty "$OUT" "--frozen"
	assert_exit 0 lxc_ls -1 --running --stopped
	assert_eq 3 "$(wc -l <<<"$OUT")" "--running --stopped"
	assert_exit 0 lxc_ls -1 --defined
	assert_eq "$A"$'\n'"$B" "$OUT" "--defined"
	assert_exit 0 lxc_ls -1 --filter '-[ab]$'
	assert_eq "$A"$'\n'"$B" "$OUT" "--filter"
	assert_exit 0 lxc_ls -1 -- '-c$'
	assert_eq "$C" "$OUT" "a regular expression as argument"
	assert_exit 0 lxc_ls -1 -g web
	assert_eq "$A" "$OUT" "-g web"
	assert_exit 0 lxc_ls -1 -g web,nosuch
	assert_empty "$OUT" "-g web,nosuch"
	assert_exit 1 lxc_ls --filter '('
	assert_contains "$ERR" "invalid regular expression" stderr
	assert_exit 1 lxc_ls -F name,bogus
	assert_contains "$ERR" 'invalid value "name,bogus" for option -F' stderr
	teardown_three
}

case_addresses() {
	local pid
	assert_exit 0 lxc_start -n "$CT" -- sleep 1000
	pid=$(ct_pid "$CT")
	# Addresses in the container's own network namespace (made by the test).
	nsenter -t "$pid" -n ip addr add 192.0.2.10/32 dev lo
	nsenter -t "$pid" -n ip addr add 192.0.2.11/32 dev lo
	nsenter -t "$pid" -n ip addr add 2001:db8::10/128 dev lo nodad
	assert_exit 0 lxc_ls -F name,ipv4,ipv6
	assert_contains "$OUT" "192.0.2.10, 192.0.2.11" "IPv4 column"
	assert_contains "$OUT" "2001:db8::10" "IPv6 column"
	assert_not_contains "$OUT" "127.0.0.1" "IPv4 column"
	# The host's namespace is left as it was.
	assert_not_contains "$(ip -o addr)" "192.0.2.10" "the host's addresses"
	assert_eq "$(readlink /proc/self/ns/net)" "$(readlink /proc/$BASHPID/ns/net)" "our namespace"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_empty_and_missing_lxcpath() {
	assert_exit 0 lxc_ls -1
	assert_empty "$OUT" "lxc-ls of an empty path"
	assert_exit 0 "$LXC_BINDIR/lxc-ls" -P "$CASE_TMP/nosuch" -f
	assert_eq "NAME STATE AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED" "$OUT" "lxc-ls -f of a missing path"
}

run_case names case_names
run_case fancy case_fancy
run_case filters case_filters
run_case addresses case_addresses
run_case empty-and-missing-lxcpath case_empty_and_missing_lxcpath
finish
