#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Starting, running and stopping containers: exit codes, states, isolation,
# supervision.

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# An init that ignores the halt signal (pid 1 without a handler) and one
# that exits cleanly on it.
DEAF_INIT=(sleep 100)
HALTING_INIT=(sh -c 'trap "exit 0" PWR; while :; do sleep 0.1; done')

# stop_within MS LXC-STOP-OPTIONS...: lxc-stop succeeds in under MS ms.
stop_within() {
	local limit=$1 start elapsed
	shift
	start=$(now_ms)
	assert_exit 0 timeout 30 "$LXC_BINDIR/lxc-stop" -P "$LXCPATH" -n "$CT" "$@"
	elapsed=$(($(now_ms) - start))
	[ "$elapsed" -lt "$limit" ] || fail "lxc-stop $* took $elapsed ms"
}

start_sleeper() {
	assert_exit 0 lxc_start -n "$1" -- "${DEAF_INIT[@]}"
}

case_execute_true() {
	assert_exit 0 lxc_execute -n "$CT" -- /bin/true
	assert_empty "$ERR" stderr
	assert_state "$CT" STOPPED
}

case_execute_exit_code() {
	assert_exit 3 lxc_execute -n "$CT" -- sh -c 'exit 3'
	assert_exit 0 lxc_execute -n "$CT" -- sh -c 'exit 0'
	assert_exit 255 lxc_execute -n "$CT" -- sh -c 'exit 255'
}

case_execute_killed() {
	# Not PID 1 under lxc-execute: SIGKILL from inside works.
	assert_exit 137 lxc_execute -n "$CT" -- sh -c 'kill -9 $$'
	assert_exit 143 lxc_execute -n "$CT" -- sh -c 'kill -TERM $$'
}

case_execute_output() {
	assert_exit 0 lxc_execute -n "$CT" -- sh -c 'echo to-out; echo to-err >&2'
	assert_eq to-out "$OUT" stdout
	assert_eq to-err "$ERR" stderr
}

case_execute_stdin() {
	RC=0
	OUT=$(echo piped-in | lxc_execute -n "$CT" -- cat) || RC=$?
	assert_eq 0 "$RC" "exit status"
	assert_eq piped-in "$OUT" "stdout"
}

case_start_foreground_status() {
	assert_exit 5 lxc_start -F -n "$CT" -- sh -c 'exit 5'
	assert_exit 0 lxc_start -F -n "$CT" -- /bin/true
	assert_state "$CT" STOPPED
}

case_start_daemon_running() {
	local pid
	# -d is the default.
	assert_exit 0 lxc_start -n "$CT" -- "${DEAF_INIT[@]}"
	assert_empty "$OUT" stdout
	assert_empty "$ERR" stderr
	assert_eq RUNNING "$(ct_state "$CT")" "state right after lxc-start"
	pid=$(ct_pid "$CT")
	assert_match "$pid" '^[0-9]+$' "lxc-info -p -H"
	pid_alive "$pid" || fail "init pid $pid is not alive"
	assert_eq sleep "$(cat /proc/"$pid"/comm)" "comm of init"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_state "$CT" STOPPED
	assert_empty "$(ct_pid "$CT")" "pid of stopped container"
	pid_dead "$pid" || fail "init $pid still alive after lxc-stop -k"
}

case_start_daemon_explicit() {
	assert_exit 0 lxc_start -d -n "$CT" -- "${DEAF_INIT[@]}"
	assert_eq RUNNING "$(ct_state "$CT")" "state right after lxc-start -d"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_info_output() {
	local pid
	assert_exit 0 lxc_info -n "$CT"
	assert_eq "Name:           $CT"$'\n'"State:          STOPPED" "$OUT" "lxc-info of a stopped container"
	assert_exit 0 lxc_info -n "$CT" -p -H
	assert_empty "$OUT" "pid of a stopped container"
	start_sleeper "$CT"
	pid=$(ct_pid "$CT")
	assert_exit 0 lxc_info -n "$CT"
	assert_eq "Name:           $CT"$'\n'"State:          RUNNING"$'\n'"PID:            $pid" "$OUT" "lxc-info of a running container"
	assert_exit 0 lxc_info -n "$CT" -s
	assert_eq "State:          RUNNING" "$OUT" "lxc-info -s"
	assert_exit 0 lxc_info -n "$CT" -s -p -H
	assert_eq "RUNNING"$'\n'"$pid" "$OUT" "lxc-info -s -p -H"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_stop_kill() {
	local pid
	start_sleeper "$CT"
	pid=$(ct_pid "$CT")
	stop_within 2000 -k
	assert_state "$CT" STOPPED
	pid_dead "$pid" || fail "init $pid still alive"
	assert_empty "$(ct_cgroups "$CT")" "cgroups after lxc-stop -k"
}

case_stop_timeout_kills() {
	local start elapsed
	start_sleeper "$CT"
	start=$(now_ms)
	assert_exit 0 timeout 20 "$LXC_BINDIR/lxc-stop" -P "$LXCPATH" -n "$CT" -t 1
	elapsed=$(($(now_ms) - start))
	[ "$elapsed" -ge 900 ] || fail "lxc-stop -t 1 returned after $elapsed ms, before the timeout"
	[ "$elapsed" -lt 5000 ] || fail "lxc-stop -t 1 took $elapsed ms"
	assert_state "$CT" STOPPED
}

case_stop_timeout_zero() {
	start_sleeper "$CT"
	stop_within 2000 -t 0
	assert_state "$CT" STOPPED
}

case_stop_clean() {
	local pid
	"$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -- "${HALTING_INIT[@]}" &
	pid=$!
	wait_for state_is "$CT" RUNNING
	wait_for catches "$(ct_pid "$CT")" PWR
	stop_within 5000 -t 20
	assert_state "$CT" STOPPED
	wait_job "$pid"
	assert_eq 0 "$JOB_RC" "exit status of lxc-start -F (0: halted, 137: killed)"
}

case_stop_halt_daemon() {
	assert_exit 0 lxc_start -n "$CT" -- "${HALTING_INIT[@]}"
	wait_for catches "$(ct_pid "$CT")" PWR
	stop_within 5000 -t 20
	assert_state "$CT" STOPPED
}

case_stop_not_running() {
	assert_exit 2 lxc_stop -n "$CT"
	assert_error_line lxc-stop "$CT"
	assert_exit 2 lxc_stop -n "$CT" -k
	assert_exit 0 lxc_execute -n "$CT" -- /bin/true
	assert_exit 2 lxc_stop -n "$CT"
	assert_error_line lxc-stop "$CT"
}

case_start_already_running() {
	local pid
	start_sleeper "$CT"
	pid=$(ct_pid "$CT")
	assert_exit 2 lxc_start -n "$CT" -- "${DEAF_INIT[@]}"
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "already running" stderr
	assert_state "$CT" RUNNING
	assert_eq "$pid" "$(ct_pid "$CT")" "pid after the second start"
	pid_alive "$pid" || fail "init $pid died"
	assert_exit 2 lxc_start -F -n "$CT" -- /bin/true
	assert_error_line lxc-start "$CT"
	assert_exit 2 lxc_execute -n "$CT" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "already running" stderr
	assert_eq "$pid" "$(ct_pid "$CT")" "pid after the third start"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_pid_namespace() {
	assert_exit 0 lxc_execute -n "$CT" -- ps -eo pid=,comm=
	local lines
	lines=$(printf '%s\n' "$OUT" | wc -l)
	assert_eq 2 "$lines" "number of processes seen by ps (init and ps): $OUT"
	assert_match "$OUT" '(^|'$'\n'')[[:space:]]*1 ' "ps output (pid 1)"
	assert_match "$OUT" '[[:space:]]ps$' "ps output (ps itself)"
	# lxc-start: the command is pid 1 itself.
	assert_exit 0 lxc_start -F -n "$CT" -- ps -eo pid=,comm=
	assert_match "$OUT" '^[[:space:]]*1 ps$' "ps as init"
}

case_hostname() {
	assert_exit 0 lxc_execute -n "$CT" -- uname -n
	assert_eq "$CT" "$OUT" hostname
	assert_ne "$(uname -n)" "$CT" "host name"
}

case_network_lo_only() {
	assert_exit 0 lxc_execute -n "$CT" -- ip -o link show
	assert_eq 1 "$(printf '%s\n' "$OUT" | wc -l)" "number of interfaces"
	assert_match "$OUT" '^1: lo: <[^>]*[<,]UP[,>]' "lo"
	assert_exit 0 lxc_execute -n "$CT" -- ip -o addr show lo
	assert_contains "$OUT" "127.0.0.1" "addresses of lo"
}

case_cgroup_namespace() {
	assert_exit 0 lxc_execute -n "$CT" -- cat /proc/self/cgroup
	assert_match "$OUT" '(^|'$'\n'')0::/($|'$'\n'')' "/proc/self/cgroup"
	assert_not_contains "$OUT" "lxc.payload" "/proc/self/cgroup"
	local line
	while IFS= read -r line; do
		[[ $line == *:/ ]] || fail "/proc/self/cgroup line \"$line\" is not the namespace root"
	done <<<"$OUT"
}

case_cgroup_while_running() {
	local pid v2 root cgs hier path
	start_sleeper "$CT"
	pid=$(ct_pid "$CT")
	cgs=$(ct_cgroups "$CT")
	v2=$(cgroup_v2_root)
	if [ -n "$v2" ]; then
		path=$(find "$v2" -maxdepth 6 -type d -regextype posix-extended \
			-regex ".*/lxc\.payload\.$CT-[0-9a-f]{8}")
		[ -n "$path" ] || fail "no cgroup lxc.payload.$CT-XXXXXXXX in $v2: $cgs"
		grep -qx "$pid" "$path/cgroup.procs" || fail "init $pid not in $path/cgroup.procs"
		assert_eq "${path#"$v2"}" "$(proc_cgroup "$pid" "")" "v2 cgroup of init"
	fi
	for root in $(cgroup_v1_roots); do
		path=$(find "$root" -maxdepth 6 -type d -regextype posix-extended \
			-regex ".*/lxc\.payload\.$CT-[0-9a-f]{8}")
		[ -n "$path" ] || fail "no cgroup lxc.payload.$CT-XXXXXXXX in $root"
		grep -qx "$pid" "$path/cgroup.procs" || fail "init $pid not in $path/cgroup.procs"
	done
	if [ -d /sys/fs/cgroup/pids ]; then
		hier=$(proc_cgroup "$pid" pids)
		assert_match "$hier" "/lxc\\.payload\\.$CT-[0-9a-f]{8}\$" "pids cgroup of init"
	fi
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_empty "$(ct_cgroups "$CT")" "cgroups right after lxc-stop"
}

case_cgroup_default_lxcpath() {
	# With LXCPATH as the default container path the cgroup has no suffix.
	local pid
	printf 'lxc.lxcpath = %s\nlxc.default_config = %s\n' "$LXCPATH" "$CASE_TMP/none" >"$CASE_TMP/lxc.conf"
	LXC_GLOBAL_CONF=$CASE_TMP/lxc.conf assert_exit 0 "$LXC_BINDIR/lxc-start" -n "$CT" -- "${DEAF_INIT[@]}"
	pid=$(ct_pid "$CT")
	assert_match "$pid" '^[0-9]+$' "pid"
	if [ -d /sys/fs/cgroup/pids ]; then
		assert_eq "/lxc.payload.$CT" "$(proc_cgroup "$pid" pids)" "pids cgroup of init"
		[ -d "/sys/fs/cgroup/pids/lxc.payload.$CT" ] || fail "/sys/fs/cgroup/pids/lxc.payload.$CT missing"
	fi
	LXC_GLOBAL_CONF=$CASE_TMP/lxc.conf assert_exit 0 "$LXC_BINDIR/lxc-stop" -n "$CT" -k
	assert_file_gone "/sys/fs/cgroup/pids/lxc.payload.$CT"
}

case_runtime_files() {
	local dir pid
	start_sleeper "$CT"
	pid=$(ct_pid "$CT")
	dir=/run/lxc/$(fnv1a64 "$LXCPATH")
	[ -d "$dir" ] || fail "runtime directory $dir (FNV-1a 64 of $LXCPATH) missing; have: $(ls /run/lxc)"
	assert_eq "$LXCPATH" "$(cat "$dir/lxcpath")" "$dir/lxcpath"
	assert_eq "RUNNING $pid" "$(readlink "$dir/$CT.state")" "$CT.state"
	[ -S "$dir/$CT.sock" ] || fail "$dir/$CT.sock is not a socket"
	assert_eq 600 "$(stat -c %a "$dir/$CT.sock")" "mode of $CT.sock"
	[ -f "$dir/$CT.lock" ] || fail "$dir/$CT.lock missing"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_file_gone "$dir/$CT.state"
	assert_file_gone "$dir/$CT.sock"
	assert_file_gone "$dir/$CT.lock"
}

case_monitor_killed() {
	local mon init
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -- "${DEAF_INIT[@]}"
	mon=$(cat "$CASE_TMP/pidfile")
	init=$(ct_pid "$CT")
	pid_alive "$mon" || fail "monitor $mon (from the pidfile) is not alive"
	kill -9 "$mon"
	wait_for pid_dead "$init"
	assert_state "$CT" STOPPED
	assert_empty "$(ct_pid "$CT")" "pid after the monitor died"
	# The next start cleans up and works.
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -- "${DEAF_INIT[@]}"
	assert_state "$CT" RUNNING
	init=$(ct_pid "$CT")
	pid_alive "$init" || fail "new init $init is not alive"
	assert_eq 1 "$(printf '%s\n' "$(ct_cgroups "$CT")" | grep -c pids)" "pids cgroups of the restarted container"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_state "$CT" STOPPED
}

case_foreground_supervisor_killed() {
	local pid init
	"$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -- "${DEAF_INIT[@]}" &
	pid=$!
	wait_for state_is "$CT" RUNNING
	init=$(ct_pid "$CT")
	kill -9 "$pid"
	wait_job "$pid"
	wait_for pid_dead "$init"
	assert_state "$CT" STOPPED
	assert_exit 0 lxc_execute -n "$CT" -- /bin/true
}

case_pidfile() {
	local mon init
	assert_exit 0 lxc_start -n "$CT" -p "$CASE_TMP/pidfile" -- "${DEAF_INIT[@]}"
	[ -f "$CASE_TMP/pidfile" ] || fail "pidfile not written"
	mon=$(cat "$CASE_TMP/pidfile")
	assert_match "$mon" '^[0-9]+$' "pidfile content"
	init=$(ct_pid "$CT")
	assert_ne "$init" "$mon" "pid in the pidfile (the monitor, not init)"
	pid_alive "$mon" || fail "pid $mon in the pidfile is not alive"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_file_gone "$CASE_TMP/pidfile"
}

case_pidfile_foreground() {
	local pid
	"$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -p "$CASE_TMP/pidfile" -- "${DEAF_INIT[@]}" &
	pid=$!
	wait_for state_is "$CT" RUNNING
	wait_for [ -s "$CASE_TMP/pidfile" ]
	assert_eq "$pid" "$(cat "$CASE_TMP/pidfile")" "pidfile of lxc-start -F"
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_job "$pid"
	assert_file_gone "$CASE_TMP/pidfile"
}

case_foreground_signal() {
	local pid sig
	for sig in TERM INT HUP; do
		# Background jobs of a script ignore SIGINT: undo that, as a
		# terminal would.
		env --default-signal=INT,QUIT "$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -- \
			sh -c "trap 'echo got-$sig; exit 7' $sig; while :; do sleep 0.1; done" \
			>"$CASE_TMP/fg.out" 2>&1 &
		pid=$!
		wait_for state_is "$CT" RUNNING
		wait_for catches "$(ct_pid "$CT")" "$sig"
		kill -"$sig" "$pid"
		wait_job "$pid"
		assert_eq 7 "$JOB_RC" "exit status after SIG$sig"
		assert_contains "$(cat "$CASE_TMP/fg.out")" "got-$sig" "output after SIG$sig"
		assert_state "$CT" STOPPED
	done
}

case_execute_signal() {
	local pid sig
	for sig in TERM INT HUP; do
		env --default-signal=INT,QUIT "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -- \
			sh -c "trap 'echo got-$sig; exit 7' $sig; while :; do sleep 0.1; done" \
			>"$CASE_TMP/fg.out" 2>&1 &
		pid=$!
		wait_for state_is "$CT" RUNNING
		wait_for ct_child_catches "$CT" "$sig"
		kill -"$sig" "$pid"
		wait_job "$pid"
		assert_eq 7 "$JOB_RC" "exit status after SIG$sig"
		assert_contains "$(cat "$CASE_TMP/fg.out")" "got-$sig" "output after SIG$sig"
	done
	# The command keeps the default dispositions: SIGTERM kills it.
	"$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -- sleep 100 &
	pid=$!
	wait_for state_is "$CT" RUNNING
	kill -TERM "$pid"
	wait_job "$pid"
	assert_eq 143 "$JOB_RC" "exit status of sleep after SIGTERM"
}

case_foreground_killed_status() {
	local pid
	"$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -- "${DEAF_INIT[@]}" &
	pid=$!
	wait_for state_is "$CT" RUNNING
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_job "$pid"
	assert_eq 137 "$JOB_RC" "exit status of lxc-start -F killed by lxc-stop -k"
}

case_execute_reaps_zombies() {
	# The orphan's parent dies; the minimal init must reap it.
	assert_exit 0 lxc_execute -n "$CT" -- sh -c \
		'sh -c "sleep 0.2 & exit 0"; sleep 0.5; ps -eo stat= | grep -c "^Z" || true'
	assert_eq 0 "$OUT" "zombies in the container"
}

case_no_config() {
	assert_exit 0 lxc_execute -n "$CT" -- /bin/true
	assert_exit 0 lxc_start -n "$CT" -- "${DEAF_INIT[@]}"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_empty "$(ls -A "$LXCPATH")" "contents of LXCPATH"
}

case_no_command_no_rootfs() {
	assert_exit 1 lxc_start -n "$CT"
	assert_error_line lxc-start "$CT"
	assert_state "$CT" STOPPED
	assert_exit 1 lxc_start -F -n "$CT"
	assert_error_line lxc-start "$CT"
	assert_exit 1 lxc_execute -n "$CT"
	assert_error_line lxc-execute "$CT"
}

case_close_fds() {
	# Nothing the caller has open leaks into the container: fd 9 is ours.
	local fd
	exec 9>"$CASE_TMP/fd9"
	assert_exit 0 lxc_execute -n "$CT" -- ls /proc/self/fd
	# lxc-start refuses an inherited fd unless -C closes it (security.sh).
	assert_exit 1 lxc_start -F -n "$CT" -- ls /proc/self/fd
	assert_contains "$ERR" "inherited fd 9" stderr
	OUT="$OUT $(lxc_start -F -C -n "$CT" -- ls /proc/self/fd)"
	exec 9>&-
	# 0-2, and 3 for ls reading the directory.
	for fd in $OUT; do
		[ "$fd" -le 3 ] || fail "fd $fd is open in the container: $(oneline "$OUT")"
	done
}

run_case execute-true case_execute_true
run_case execute-exit-code case_execute_exit_code
run_case execute-killed case_execute_killed
run_case execute-output case_execute_output
run_case execute-stdin case_execute_stdin
run_case start-foreground-status case_start_foreground_status
run_case start-daemon-running case_start_daemon_running
run_case start-daemon-explicit case_start_daemon_explicit
run_case info-output case_info_output
run_case stop-kill case_stop_kill
run_case stop-timeout-kills case_stop_timeout_kills
run_case stop-timeout-zero case_stop_timeout_zero
run_case stop-clean case_stop_clean
run_case stop-halt-daemon case_stop_halt_daemon
run_case stop-not-running case_stop_not_running
run_case start-already-running case_start_already_running
run_case pid-namespace case_pid_namespace
run_case hostname case_hostname
run_case network-lo-only case_network_lo_only
run_case cgroup-namespace case_cgroup_namespace
run_case cgroup-while-running case_cgroup_while_running
run_case cgroup-default-lxcpath case_cgroup_default_lxcpath
run_case runtime-files case_runtime_files
run_case monitor-killed case_monitor_killed
run_case foreground-supervisor-killed case_foreground_supervisor_killed
run_case pidfile case_pidfile
run_case pidfile-foreground case_pidfile_foreground
run_case foreground-signal case_foreground_signal
run_case execute-signal case_execute_signal
run_case foreground-killed-status case_foreground_killed_status
run_case execute-reaps-zombies case_execute_reaps_zombies
run_case no-config case_no_config
run_case no-command-no-rootfs case_no_command_no_rootfs
run_case close-fds case_close_fds
finish
