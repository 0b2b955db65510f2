#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The C API, through the example program of lxc(7)'s library section
# (doc/examples/start-and-wait, built by make check).

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

EXAMPLE=$LXC_BINDIR/doc/examples/start-and-wait

need_example() {
	[ -x "$EXAMPLE" ] || skip_case "$EXAMPLE not built (make check)"
}

case_start_and_wait() {
	need_example
	assert_exit 0 timeout 30 "$EXAMPLE" "$CT" "$LXCPATH" -- sh -c 'sleep 0.5; exit 4'
	assert_eq "state: RUNNING"$'\n'"exit status: 4"$'\n'"state: STOPPED" "$OUT" "output of start-and-wait"
	assert_empty "$ERR" stderr
	assert_state "$CT" STOPPED
}

case_start_and_wait_killed() {
	local pid
	need_example
	# The example prints line by line, so the file shows when it started.
	"$EXAMPLE" "$CT" "$LXCPATH" -- sleep 100 >"$CASE_TMP/example.out" 2>&1 &
	pid=$!
	wait_for grep -q "state: RUNNING" "$CASE_TMP/example.out"
	# Until it waits in lxc_container_join(), connected to the monitor.
	wait_for has_socket "$pid"
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_job "$pid"
	assert_eq 0 "$JOB_RC" "exit status of start-and-wait"
	assert_eq "state: RUNNING"$'\n'"exit status: 137"$'\n'"state: STOPPED" "$(cat "$CASE_TMP/example.out")" "output of start-and-wait"
}

case_start_and_wait_error() {
	need_example
	assert_exit 1 timeout 30 "$EXAMPLE" "$CT" "$LXCPATH" -- /bin/nosuch
	assert_empty "$OUT" stdout
	assert_one_line "$CASE_TMP/err"
	[[ $ERR == "$CT: "* ]] || fail "stderr does not start with \"$CT: \": $ERR"
	assert_contains "$ERR" 'failed to exec "/bin/nosuch"' "stderr (lxc_last_error)"
	assert_contains "$ERR" 'No such file or directory' "stderr (lxc_last_error)"
	assert_state "$CT" STOPPED
}

case_start_and_wait_busy() {
	need_example
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_exit 1 timeout 30 "$EXAMPLE" "$CT" "$LXCPATH" -- /bin/true
	assert_one_line "$CASE_TMP/err"
	assert_contains "$ERR" "already running" stderr
	assert_state "$CT" RUNNING
	assert_exit 0 lxc_stop -n "$CT" -k
}

run_case start-and-wait case_start_and_wait
run_case start-and-wait-killed case_start_and_wait_killed
run_case start-and-wait-error case_start_and_wait_error
run_case start-and-wait-busy case_start_and_wait_busy
finish
