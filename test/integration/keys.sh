#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What the system container keys do to a running container: process
# attributes, limits, capabilities, logging, the monitor.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

case_no_new_privs() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.no_new_privs=1 -- grep NoNewPrivs /proc/self/status
	assert_match "$OUT" '^NoNewPrivs:[[:space:]]+1$' "NoNewPrivs with lxc.no_new_privs = 1"
	assert_exit 0 lxc_execute -n "$CT" -- grep NoNewPrivs /proc/self/status
	assert_match "$OUT" '^NoNewPrivs:[[:space:]]+0$' "NoNewPrivs by default"
}

case_monitor_signal_pdeath() {
	local mon init
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -s lxc.monitor.signal.pdeath=SIGTERM -- \
		sh -c "trap 'echo got-term >$CASE_TMP/term; exit 0' TERM; while :; do sleep 0.1; done"
	mon=$(cat "$CASE_TMP/pidfile")
	init=$(ct_pid "$CT")
	kill -9 "$mon"
	wait_for pid_dead "$init"
	assert_eq got-term "$(cat "$CASE_TMP/term" 2>/dev/null)" "what init got when the monitor died"
	# The next start removes what the dead monitor left.
	assert_exit 0 lxc_execute -n "$CT" -- true
}

case_monitor_unshare() {
	local mon
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -s lxc.monitor.unshare=1 -- sleep 100
	mon=$(cat "$CASE_TMP/pidfile")
	assert_ne "$(readlink /proc/self/ns/mnt)" "$(readlink /proc/"$mon"/ns/mnt)" "mount namespace of the monitor"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -- sleep 100
	mon=$(cat "$CASE_TMP/pidfile")
	assert_eq "$(readlink /proc/self/ns/mnt)" "$(readlink /proc/"$mon"/ns/mnt)" "mount namespace of the monitor by default"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_log_syslog() {
	# A private /dev with our own syslogd on /dev/log: the host's /dev
	# is not touched.
	cat >"$CASE_TMP/run.sh" <<EOF
set -eu
mount -t tmpfs none /dev
mknod -m 666 /dev/null c 1 3
busybox syslogd -n -O "$CASE_TMP/syslog" &
for i in \$(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done
rc=0
"$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -s lxc.log.syslog=local3 -s lxc.log.level=INFO -- true || rc=\$?
sleep 0.3
kill \$!
wait \$! || true
exit \$rc
EOF
	assert_exit 0 unshare -m --propagation private bash "$CASE_TMP/run.sh"
	assert_contains "$(cat "$CASE_TMP/syslog")" "local3.info lxc-execute" "syslog"
	assert_contains "$(cat "$CASE_TMP/syslog")" "$CT: container running" "syslog"
}

run_case no-new-privs case_no_new_privs
run_case monitor-signal-pdeath case_monitor_signal_pdeath
run_case monitor-unshare case_monitor_unshare
run_case log-syslog case_log_syslog
finish
