#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The errors users can hit: each gives the documented exit status, one line
# on stderr naming the tool, the container and the cause, leaves nothing
# behind (checked after every case) and does not touch the user's files.

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# The config file is the same as before, byte for byte.
assert_unchanged() {
	assert_eq "$2" "$(sha "$1")" "checksum of $1"
}

# Nothing of the failed start remains in the state.
assert_no_trace() {
	assert_state "$1" STOPPED
	assert_empty "$(ct_pid "$1")" "pid of $1"
	assert_empty "$(ct_cgroups "$1")" "cgroups of $1"
}

case_command_not_found() {
	assert_exit 127 lxc_execute -n "$CT" -- /bin/nosuch
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'failed to exec "/bin/nosuch"' stderr
	assert_contains "$ERR" 'No such file or directory' stderr
	assert_no_trace "$CT"
	assert_exit 127 lxc_start -F -n "$CT" -- /bin/nosuch
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" 'failed to exec "/bin/nosuch"' stderr
	assert_no_trace "$CT"
}

case_command_not_found_daemon() {
	assert_exit 127 lxc_start -n "$CT" -- /bin/nosuch
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" 'failed to exec "/bin/nosuch"' stderr
	assert_no_trace "$CT"
}

case_command_not_in_path() {
	assert_exit 127 lxc_execute -n "$CT" -- nosuch-command-xyz
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'nosuch-command-xyz' stderr
}

case_not_executable() {
	printf 'echo hi\n' >"$CASE_TMP/script"
	chmod 644 "$CASE_TMP/script"
	assert_exit 126 lxc_execute -n "$CT" -- "$CASE_TMP/script"
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$CASE_TMP/script" stderr
	assert_no_trace "$CT"
	assert_exit 126 lxc_start -F -n "$CT" -- "$CASE_TMP/script"
	assert_error_line lxc-start "$CT"
	# A directory cannot be executed either.
	assert_exit 126 lxc_execute -n "$CT" -- "$CASE_TMP"
	assert_error_line lxc-execute "$CT"
}

case_quiet() {
	assert_exit 127 lxc_execute -q -n "$CT" -- /bin/nosuch
	assert_empty "$ERR" "stderr with -q"
	assert_exit 2 lxc_stop -q -n "$CT"
	assert_empty "$ERR" "stderr with -q"
}

case_unknown_key() {
	local conf=$CASE_TMP/my.conf sum
	write_config "$conf" "lxc.uts.name = x" "lxc.foo = 1"
	sum=$(sha "$conf")
	assert_exit 1 lxc_start -n "$CT" -f "$conf" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "$conf:2: unknown key \"lxc.foo\"" stderr
	assert_no_trace "$CT"
	assert_exit 1 lxc_execute -n "$CT" -f "$conf" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$conf:2: unknown key \"lxc.foo\"" stderr
	assert_no_trace "$CT"
	assert_unchanged "$conf" "$sum"
	# No runtime state either: the runtime directory has nothing of CT.
	local dir
	dir=$(runtime_dir)
	if [ -n "$dir" ]; then
		assert_empty "$(find "$dir" -name "*$CT*")" "runtime files"
	fi
	assert_empty "$(ls -A "$LXCPATH")" "contents of LXCPATH"
}

case_unknown_key_container_config() {
	# The same in LXCPATH/NAME/config, found without -f.
	local conf=$LXCPATH/$CT/config sum
	mkdir "$LXCPATH/$CT"
	write_config "$conf" "# comment" "lxc.foo = 1"
	sum=$(sha "$conf")
	assert_exit 1 lxc_execute -n "$CT" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$conf:2: unknown key \"lxc.foo\"" stderr
	assert_no_trace "$CT"
	assert_unchanged "$conf" "$sum"
	assert_eq "$CT" "$(ls -A "$LXCPATH")" "contents of LXCPATH"
	assert_eq config "$(ls -A "$LXCPATH/$CT")" "contents of LXCPATH/$CT"
	rm -r "${LXCPATH:?}/$CT"
}

case_legacy_key() {
	local conf=$CASE_TMP/legacy.conf sum
	write_config "$conf" "lxc.utsname = old"
	sum=$(sha "$conf")
	assert_exit 1 lxc_execute -n "$CT" -f "$conf" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$conf:1:" stderr
	assert_contains "$ERR" "lxc.utsname" stderr
	assert_contains "$ERR" "lxc.uts.name" stderr
	assert_unchanged "$conf" "$sum"

	write_config "$conf" "lxc.network.type = veth"
	assert_exit 1 lxc_execute -n "$CT" -f "$conf" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.net." stderr
}

case_invalid_value() {
	local conf=$CASE_TMP/bad.conf sum
	write_config "$conf" "" "" "lxc.init.uid = abc"
	sum=$(sha "$conf")
	assert_exit 1 lxc_execute -n "$CT" -f "$conf" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$conf:3:" stderr
	assert_contains "$ERR" "lxc.init.uid" stderr
	assert_contains "$ERR" "abc" stderr
	assert_no_trace "$CT"
	assert_unchanged "$conf" "$sum"
}

case_missing_config() {
	assert_exit 1 lxc_execute -n "$CT" -f /nonexistent -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "/nonexistent" stderr
	assert_exit 1 lxc_start -n "$CT" -f /nonexistent -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "/nonexistent" stderr
	assert_no_trace "$CT"
}

case_unreadable_config() {
	# A directory given as the configuration file.
	assert_exit 1 lxc_execute -n "$CT" -f "$CASE_TMP" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$CASE_TMP" stderr
	assert_no_trace "$CT"
}

case_bad_override() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.foo=1 -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'unknown key "lxc.foo"' stderr
	assert_exit 1 lxc_execute -n "$CT" -s novalue -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" novalue stderr
	assert_exit 1 lxc_start -n "$CT" -s lxc.init.uid=abc -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" lxc.init.uid stderr
	assert_exit 1 lxc_start -n "$CT" -s lxc.utsname=x -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" lxc.uts.name stderr
	assert_no_trace "$CT"
}

case_override_does_not_touch_config() {
	local conf=$CASE_TMP/my.conf sum
	write_config "$conf" "lxc.uts.name = fromfile"
	sum=$(sha "$conf")
	assert_exit 0 lxc_execute -n "$CT" -f "$conf" -s lxc.uts.name=fromcli -- uname -n
	assert_eq fromcli "$OUT" hostname
	assert_unchanged "$conf" "$sum"
}

case_missing_rootfs() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.rootfs.path=/nonexistent -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'rootfs "/nonexistent" does not exist' stderr
	assert_no_trace "$CT"
	assert_exit 1 lxc_start -n "$CT" -s lxc.rootfs.path=/nonexistent -- /bin/true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" 'rootfs "/nonexistent" does not exist' stderr
	assert_no_trace "$CT"
}

case_invalid_name() {
	local name
	for name in 'a/b' '..' '.' '' "$(printf 'a\nb')"; do
		assert_exit 1 lxc_execute -n "$name" -- /bin/true
		assert_one_line "$CASE_TMP/err"
		assert_exit 1 lxc_start -n "$name" -- sleep 100
		assert_one_line "$CASE_TMP/err"
	done
	assert_exit 1 lxc_info -n 'a/b'
	assert_one_line "$CASE_TMP/err"
	assert_exit 1 lxc_stop -n 'a/b'
	assert_one_line "$CASE_TMP/err"
	assert_exit 1 lxc_wait -n 'a/b' -s RUNNING -t 1
	assert_one_line "$CASE_TMP/err"
	# Nothing was created outside the container path.
	[ ! -e "$LXCPATH/a" ] || fail "$LXCPATH/a was created"
}

case_missing_name() {
	local tool
	for tool in lxc-start lxc-execute lxc-stop lxc-info lxc-wait; do
		assert_exit 1 "$LXC_BINDIR/$tool" -P "$LXCPATH"
		[ -n "$ERR" ] || fail "$tool without -n printed no error"
	done
}

case_include_loop() {
	local conf=$CASE_TMP/loop.conf sum
	write_config "$conf" "lxc.uts.name = x" "lxc.include = $conf"
	sum=$(sha "$conf")
	assert_exit 1 timeout 10 "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -f "$conf" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$conf" stderr
	assert_unchanged "$conf" "$sum"
	assert_no_trace "$CT"

	# Two files including each other.
	write_config "$CASE_TMP/a.conf" "lxc.include = $CASE_TMP/b.conf"
	write_config "$CASE_TMP/b.conf" "lxc.include = $CASE_TMP/a.conf"
	assert_exit 1 timeout 10 "$LXC_BINDIR/lxc-start" -P "$LXCPATH" -n "$CT" -f "$CASE_TMP/a.conf" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_no_trace "$CT"
}

case_include_missing_file() {
	local conf=$CASE_TMP/inc.conf
	write_config "$conf" "lxc.include = $CASE_TMP/nosuch.conf"
	assert_exit 1 lxc_execute -n "$CT" -f "$conf" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$CASE_TMP/nosuch.conf" stderr
}

case_network_link_missing() {
	# Refused before anything is made (network.sh tests the rest in a
	# namespace of its own).
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=lxcnosuchbr0 -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.link: interface "lxcnosuchbr0" does not exist' stderr
	assert_no_trace "$CT"
}

case_bad_cgroup_value() {
	[ -d /sys/fs/cgroup/pids ] || skip_case "no pids cgroup v1 hierarchy"
	assert_exit 1 lxc_start -n "$CT" -s lxc.cgroup.pids.max=bogus -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" pids.max stderr
	assert_no_trace "$CT"
	assert_exit 1 lxc_execute -n "$CT" -s lxc.cgroup.nosuchcontroller.max=1 -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_no_trace "$CT"
}

case_unknown_option() {
	local tool
	for tool in lxc-start lxc-stop lxc-info lxc-execute lxc-wait lxc-monitor; do
		assert_exit 1 "$LXC_BINDIR/$tool" -P "$LXCPATH" -n "$CT" --bogus-option
		[ -n "$ERR" ] || fail "$tool --bogus-option printed no error"
	done
}

# A bad option value is a usage error: one line naming the tool (the
# container is not required).
assert_usage_line() {
	assert_one_line "$CASE_TMP/err"
	[[ $ERR == "$1: "* ]] || fail "stderr does not start with \"$1: \": \"$ERR\""
}

case_bad_log_level() {
	assert_exit 1 lxc_execute -n "$CT" -l BOGUS -- /bin/true
	assert_usage_line lxc-execute
	assert_contains "$ERR" BOGUS stderr
	assert_exit 1 lxc_info -n "$CT" -l BOGUS
}

case_bad_log_file() {
	assert_exit 1 lxc_execute -n "$CT" -o /nonexistent/dir/log -- /bin/true
	assert_usage_line lxc-execute
	assert_contains "$ERR" /nonexistent/dir/log stderr
}

case_bad_init_cwd() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.init.cwd=/nonexistent -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" /nonexistent stderr
	assert_no_trace "$CT"
}

case_help_and_version() {
	local tool
	for tool in lxc-start lxc-stop lxc-info lxc-execute lxc-wait lxc-monitor; do
		assert_exit 0 "$LXC_BINDIR/$tool" --help
		[ -n "$OUT$ERR" ] || fail "$tool --help printed nothing"
		assert_exit 0 "$LXC_BINDIR/$tool" --version
		[ -n "$OUT" ] || fail "$tool --version printed nothing"
	done
}

run_case command-not-found case_command_not_found
run_case command-not-found-daemon case_command_not_found_daemon
run_case command-not-in-path case_command_not_in_path
run_case not-executable case_not_executable
run_case quiet case_quiet
run_case unknown-key case_unknown_key
run_case unknown-key-container-config case_unknown_key_container_config
run_case legacy-key case_legacy_key
run_case invalid-value case_invalid_value
run_case missing-config case_missing_config
run_case unreadable-config case_unreadable_config
run_case bad-override case_bad_override
run_case override-does-not-touch-config case_override_does_not_touch_config
run_case missing-rootfs case_missing_rootfs
run_case invalid-name case_invalid_name
run_case missing-name case_missing_name
run_case include-loop case_include_loop
run_case include-missing-file case_include_missing_file
run_case network-link-missing case_network_link_missing
run_case bad-cgroup-value case_bad_cgroup_value
run_case unknown-option case_unknown_option
run_case bad-log-level case_bad_log_level
run_case bad-log-file case_bad_log_file
run_case bad-init-cwd case_bad_init_cwd
run_case help-and-version case_help_and_version
finish
