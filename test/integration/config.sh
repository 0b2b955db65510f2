#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What the configuration keys do to a running container.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# Interface names as seen by "ip -o link" output on stdin.
link_names() { awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort; }

case_uts_name() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.uts.name=custom-host -- uname -n
	assert_eq custom-host "$OUT" hostname
}

case_container_config() {
	# LXCPATH/NAME/config is found without -f.
	mkdir "$LXCPATH/$CT"
	write_config "$LXCPATH/$CT/config" "# my container" "lxc.uts.name = from-config"
	assert_exit 0 lxc_execute -n "$CT" -- uname -n
	assert_eq from-config "$OUT" hostname
	# -f wins over it, -s over both.
	write_config "$CASE_TMP/other.conf" "lxc.uts.name = from-f"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/other.conf" -- uname -n
	assert_eq from-f "$OUT" hostname
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/other.conf" -s lxc.uts.name=from-s -- uname -n
	assert_eq from-s "$OUT" hostname
	rm -r "${LXCPATH:?}/$CT"
}

case_default_config() {
	write_config "$CASE_TMP/lxc.conf" "lxc.default_config = $CASE_TMP/default.conf"
	write_config "$CASE_TMP/default.conf" "lxc.uts.name = from-default"
	export LXC_GLOBAL_CONF=$CASE_TMP/lxc.conf
	assert_exit 0 lxc_execute -n "$CT" -- uname -n
	assert_eq from-default "$OUT" hostname
	# The container's own configuration replaces the default one.
	mkdir "$LXCPATH/$CT"
	write_config "$LXCPATH/$CT/config" "lxc.environment = OWN=1"
	assert_exit 0 lxc_execute -n "$CT" -- uname -n
	assert_eq "$CT" "$OUT" "hostname with a container config"
	rm -r "${LXCPATH:?}/$CT"
}

case_config_syntax() {
	write_config "$CASE_TMP/c.conf" \
		"# comment" \
		"" \
		"   lxc.uts.name   =   \"quoted-name\"   " \
		"not.an.lxc.key = ignored" \
		"	lxc.environment = 'SQ=single quoted'"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/c.conf" -- sh -c 'uname -n; echo "$SQ"'
	assert_eq "quoted-name"$'\n'"single quoted" "$OUT" output
}

case_environment() {
	export FOO_LEAK=leaked TERM=xterm-test
	assert_exit 0 lxc_execute -n "$CT" -s lxc.environment=BAR=baz -s "lxc.environment=SPACED=a b" -- env
	assert_contains "$OUT" "BAR=baz" environment
	assert_contains "$OUT" "SPACED=a b" environment
	assert_match "$OUT" '(^|'$'\n'')container=lxc($|'$'\n'')' environment
	assert_match "$OUT" '(^|'$'\n'')PATH=' environment
	assert_match "$OUT" '(^|'$'\n'')TERM=xterm-test($|'$'\n'')' environment
	assert_not_contains "$OUT" FOO_LEAK environment
	assert_not_contains "$OUT" "LXC_GLOBAL_CONF" environment
	# The same for lxc-start.
	assert_exit 0 lxc_start -F -n "$CT" -s lxc.environment=BAR=baz -- env
	assert_contains "$OUT" "BAR=baz" environment
	assert_not_contains "$OUT" FOO_LEAK environment
}

case_environment_clear() {
	write_config "$CASE_TMP/env.conf" \
		"lxc.environment = A_VAR=1" \
		"lxc.environment =" \
		"lxc.environment = B_VAR=2"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/env.conf" -- env
	assert_contains "$OUT" "B_VAR=2" environment
	assert_not_contains "$OUT" "A_VAR" environment
}

case_init_cwd() {
	mkdir "$CASE_TMP/work dir"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.init.cwd=$CASE_TMP/work dir" -- pwd
	assert_eq "$CASE_TMP/work dir" "$OUT" "working directory"
	assert_exit 0 lxc_start -F -n "$CT" -s "lxc.init.cwd=$CASE_TMP/work dir" -- pwd
	assert_eq "$CASE_TMP/work dir" "$OUT" "working directory"
}

case_init_uid_gid() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.init.uid=65534 -s lxc.init.gid=65533 -- sh -c 'id -u; id -g'
	assert_eq "65534"$'\n'"65533" "$OUT" "uid and gid"
}

case_namespace_keep_net() {
	local host inside
	host=$(ip -o link show | link_names)
	assert_exit 0 lxc_execute -n "$CT" -s lxc.namespace.keep=net -- ip -o link show
	inside=$(link_names <<<"$OUT")
	assert_eq "$host" "$inside" "interfaces with lxc.namespace.keep = net"
	# The other namespaces are still new.
	assert_exit 0 lxc_execute -n "$CT" -s lxc.namespace.keep=net -- uname -n
	assert_eq "$CT" "$OUT" hostname
}

case_namespace_clone() {
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.namespace.clone=mount pid" -- uname -n
	assert_eq "$(uname -n)" "$OUT" "hostname without a uts namespace"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.namespace.clone=mount pid" -- readlink /proc/self/ns/net
	assert_eq "$(readlink /proc/self/ns/net)" "$OUT" "net namespace"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.namespace.clone=mount pid uts" -- readlink /proc/self/ns/net /proc/self/ns/uts
	assert_eq "$(readlink /proc/self/ns/net)" "$(head -n 1 <<<"$OUT")" "net namespace"
	assert_ne "$(readlink /proc/self/ns/uts)" "$(tail -n 1 <<<"$OUT")" "uts namespace"
}

case_net_none() {
	local host inside
	host=$(ip -o link show | link_names)
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=none -- ip -o link show
	inside=$(link_names <<<"$OUT")
	assert_eq "$host" "$inside" "interfaces with lxc.net.0.type = none"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=none -- readlink /proc/self/ns/net
	assert_eq "$(readlink /proc/self/ns/net)" "$OUT" "net namespace"
}

case_net_empty() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=empty -- ip -o link show
	assert_eq 1 "$(wc -l <<<"$OUT")" "number of interfaces"
	assert_match "$OUT" '^1: lo: <[^>]*[<,]UP[,>]' "lo"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=empty -- readlink /proc/self/ns/net
	assert_ne "$(readlink /proc/self/ns/net)" "$OUT" "net namespace"
}

case_include() {
	mkdir "$CASE_TMP/conf.d"
	write_config "$CASE_TMP/inc.conf" "lxc.uts.name = included"
	write_config "$CASE_TMP/conf.d/10-a.conf" "lxc.environment = A_VAR=1"
	write_config "$CASE_TMP/conf.d/20-b.conf" "lxc.environment = B_VAR=2"
	write_config "$CASE_TMP/conf.d/30-c.txt" "lxc.bogus = would fail"
	write_config "$CASE_TMP/main.conf" \
		"lxc.include = $CASE_TMP/inc.conf" \
		"lxc.include = $CASE_TMP/conf.d"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/main.conf" -- sh -c 'uname -n; echo "$A_VAR$B_VAR"'
	assert_eq "included"$'\n'"12" "$OUT" output
}

case_info_config_stopped() {
	mkdir "$LXCPATH/$CT"
	write_config "$LXCPATH/$CT/config" "lxc.uts.name = cfg-name" "lxc.init.cmd = /bin/sleep 100"
	assert_exit 0 lxc_info -n "$CT" -c lxc.uts.name
	assert_eq "lxc.uts.name = cfg-name" "$OUT" "lxc-info -c"
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.uts.name
	assert_eq "cfg-name" "$OUT" "lxc-info -H -c"
	assert_exit 0 lxc_info -n "$CT" -c lxc.uts.name -c lxc.init.cmd
	assert_eq "lxc.uts.name = cfg-name"$'\n'"lxc.init.cmd = /bin/sleep 100" "$OUT" "lxc-info -c -c"
	# An unset key is empty.
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.rootfs.path
	assert_empty "$OUT" "unset lxc.rootfs.path"
	# --rcfile reads another file.
	write_config "$CASE_TMP/other.conf" "lxc.uts.name = other-name"
	assert_exit 0 lxc_info -n "$CT" --rcfile "$CASE_TMP/other.conf" -H -c lxc.uts.name
	assert_eq "other-name" "$OUT" "lxc-info --rcfile -c"
	# Unknown keys are an error.
	assert_exit 1 lxc_info -n "$CT" -c lxc.foo
	assert_one_line "$CASE_TMP/err"
	assert_contains "$ERR" lxc.foo stderr
	rm -r "${LXCPATH:?}/$CT"
}

case_info_config_running() {
	mkdir "$LXCPATH/$CT"
	write_config "$LXCPATH/$CT/config" "lxc.uts.name = cfg-name"
	assert_exit 0 lxc_start -n "$CT" -s lxc.uts.name=run-name -s lxc.environment=R=1 -- sleep 100
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.uts.name
	assert_eq "run-name" "$OUT" "running lxc.uts.name"
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.environment
	assert_eq "R=1" "$OUT" "running lxc.environment"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.uts.name
	assert_eq "cfg-name" "$OUT" "lxc.uts.name after the stop"
	rm -r "${LXCPATH:?}/$CT"
}

case_execute_cmd() {
	printf 'exit 9\n' >"$CASE_TMP/nine.sh"
	printf 'exit 8\n' >"$CASE_TMP/eight.sh"
	write_config "$CASE_TMP/cmd.conf" \
		"lxc.execute.cmd = /bin/sh $CASE_TMP/nine.sh" \
		"lxc.init.cmd = /bin/sh $CASE_TMP/eight.sh"
	assert_exit 9 lxc_execute -n "$CT" -f "$CASE_TMP/cmd.conf"
	assert_exit 8 lxc_start -F -n "$CT" -f "$CASE_TMP/cmd.conf"
	# A command on the command line wins.
	assert_exit 4 lxc_execute -n "$CT" -f "$CASE_TMP/cmd.conf" -- sh -c 'exit 4'
	assert_exit 4 lxc_start -F -n "$CT" -f "$CASE_TMP/cmd.conf" -- sh -c 'exit 4'
}

case_init_cmd_daemon() {
	assert_exit 0 lxc_start -n "$CT" -s "lxc.init.cmd=/bin/sleep 100"
	assert_state "$CT" RUNNING
	assert_eq sleep "$(cat /proc/"$(ct_pid "$CT")"/comm)" "init command"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_rootfs() {
	local rootfs=$CASE_TMP/rootfs
	make_rootfs "$rootfs"
	touch "$rootfs/marker-$CT"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$rootfs" -- /bin/sh -c 'ls /'
	assert_contains "$OUT" "marker-$CT" "ls / in the container"
	assert_contains "$OUT" bin "ls / in the container"
	assert_not_contains "$OUT" usr "ls / in the container"
	# A fresh /proc of the container: init and sh (the glob forks nothing).
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=dir:$rootfs" -- /bin/sh -c 'set -- /proc/[0-9]*; echo $#'
	assert_eq 2 "$OUT" "processes in the container's /proc"
	# lxc-start too, with /bin/sh of the rootfs as init.
	assert_exit 0 lxc_start -F -n "$CT" -s "lxc.rootfs.path=$rootfs" -- /bin/sh -c 'ls /'
	assert_contains "$OUT" "marker-$CT" "ls / in the container"
	# A command missing from the rootfs.
	assert_exit 127 lxc_execute -n "$CT" -s "lxc.rootfs.path=$rootfs" -- /usr/bin/env
	assert_error_line lxc-execute "$CT"
	# Writes go to the directory.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$rootfs" -- /bin/sh -c 'echo hi >/written'
	assert_eq hi "$(cat "$rootfs/written")" "file written in the container"
}

case_rootfs_daemon() {
	local rootfs=$CASE_TMP/rootfs
	make_rootfs "$rootfs"
	touch "$rootfs/marker-$CT"
	assert_exit 0 lxc_start -n "$CT" -s "lxc.rootfs.path=$rootfs" -- /bin/sleep 100
	assert_state "$CT" RUNNING
	[ -e "/proc/$(ct_pid "$CT")/root/marker-$CT" ] || fail "the root of init is not $rootfs"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_rootfs_readonly() {
	local rootfs=$CASE_TMP/rootfs
	make_rootfs "$rootfs"
	assert_exit 11 lxc_execute -n "$CT" -s "lxc.rootfs.path=$rootfs" -s lxc.rootfs.options=ro -- \
		/bin/sh -c 'if touch /x 2>/dev/null; then exit 10; else exit 11; fi'
	assert_file_gone "$rootfs/x"
	assert_exit 10 lxc_execute -n "$CT" -s "lxc.rootfs.path=$rootfs" -- \
		/bin/sh -c 'if touch /x 2>/dev/null; then exit 10; else exit 11; fi'
	[ -e "$rootfs/x" ] || fail "file written in a read-write rootfs is missing"
	# The host's view of the directory stays writable.
	touch "$rootfs/host-write"
}

case_cgroup_v1_setting() {
	local path
	[ -d /sys/fs/cgroup/pids ] || skip_case "no pids cgroup v1 hierarchy"
	assert_exit 0 lxc_start -n "$CT" -s lxc.cgroup.pids.max=20 -- sleep 100
	path=$(find /sys/fs/cgroup/pids -maxdepth 6 -type d -name "lxc.payload.$CT-*")
	[ -n "$path" ] || fail "no pids cgroup for $CT"
	assert_eq 20 "$(cat "$path/pids.max")" "$path/pids.max"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_cgroup_v1_limit_applies() {
	[ -d /sys/fs/cgroup/pids ] || skip_case "no pids cgroup v1 hierarchy"
	# Set before the command runs: init, sh and one sleep make 3, so sh
	# cannot fork a fourth process (and gives up).
	run_cmd lxc_execute -n "$CT" -s lxc.cgroup.pids.max=3 -- sh -c 'sleep 5 & sleep 0; echo forked'
	assert_ne 0 "$RC" "exit status"
	assert_not_contains "$OUT" forked output
	assert_contains "$ERR" fork stderr
	# The same with room to spare.
	assert_exit 0 lxc_execute -n "$CT" -s lxc.cgroup.pids.max=10 -- sh -c 'sleep 0 & sleep 0; echo forked'
	assert_eq forked "$OUT" output
}

case_cgroup_v2_setting() {
	local v2 path
	v2=$(cgroup_v2_root)
	[ -n "$v2" ] || skip_case "no cgroup v2 tree"
	grep -qw pids "$v2/cgroup.controllers" || skip_case "pids controller not in cgroup v2"
	assert_exit 0 lxc_start -n "$CT" -s lxc.cgroup2.pids.max=25 -- sleep 100
	path=$(find "$v2" -maxdepth 6 -type d -name "lxc.payload.$CT-*")
	assert_eq 25 "$(cat "$path/pids.max")" "$path/pids.max"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_cgroup_relative() {
	local pid ctrl mine got checked=0
	assert_exit 0 lxc_start -n "$CT" -s lxc.cgroup.relative=1 -- sleep 100
	pid=$(ct_pid "$CT")
	for ctrl in pids memory cpu; do
		[ -d "/sys/fs/cgroup/$ctrl" ] || continue
		mine=$(proc_cgroup "$BASHPID" "$ctrl")
		got=$(proc_cgroup "$pid" "$ctrl")
		assert_match "$got" "^${mine%/}/lxc\\.payload\\.$CT-[0-9a-f]{8}\$" "$ctrl cgroup of init (caller in $mine)"
		checked=$((checked + 1))
	done
	[ "$checked" -gt 0 ] || skip_case "no pids, memory or cpu cgroup v1 hierarchy"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_cgroup_default_placement() {
	local pid ctrl init got
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	pid=$(ct_pid "$CT")
	for ctrl in pids memory cpu; do
		[ -d "/sys/fs/cgroup/$ctrl" ] || continue
		init=$(proc_cgroup 1 "$ctrl")
		got=$(proc_cgroup "$pid" "$ctrl")
		assert_match "$got" "^${init%/}/lxc\\.payload\\.$CT-[0-9a-f]{8}\$" "$ctrl cgroup of init (PID 1 in $init)"
	done
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_cgroup_dir() {
	local base="lxctest-$$-dir" pid got
	[ -d /sys/fs/cgroup/pids ] || skip_case "no pids cgroup v1 hierarchy"
	# The base is ours: remove it, wherever it was made, when done.
	trap 'find /sys/fs/cgroup -maxdepth 2 -type d -name "lxctest-$$-dir" -exec rmdir {} + 2>/dev/null || true' EXIT
	assert_exit 0 lxc_start -n "$CT" -s "lxc.cgroup.dir=$base" -- sleep 100
	pid=$(ct_pid "$CT")
	got=$(proc_cgroup "$pid" pids)
	assert_match "$got" "^/$base/lxc\\.payload\\.$CT-[0-9a-f]{8}\$" "pids cgroup of init"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_log_file_option() {
	local log=$CASE_TMP/tool.log text
	assert_exit 0 lxc_execute -n "$CT" -o "$log" -l DEBUG -- /bin/true
	assert_empty "$ERR" "stderr with -o"
	[ -s "$log" ] || fail "log file $log is empty"
	text=$(cat "$log")
	assert_contains "$text" "$CT" "log"
	assert_contains "$text" RUNNING "log"
	assert_contains "$text" STOPPED "log"
	assert_contains "$text" DEBUG "log"
	# Appended, not truncated.
	assert_exit 0 lxc_execute -n "$CT" -o "$log" -l DEBUG -- /bin/true
	[ "$(wc -l <"$log")" -gt "$(wc -l <<<"$text")" ] || fail "the second run did not append to $log"
	# The default level, ERROR: nothing for a good run.
	assert_exit 0 lxc_execute -n "$CT" -o "$CASE_TMP/quiet.log" -- /bin/true
	assert_empty "$(cat "$CASE_TMP/quiet.log" 2>/dev/null)" "log at level ERROR"
}

case_log_stderr() {
	assert_exit 0 lxc_execute -n "$CT" -l DEBUG -- /bin/true
	assert_contains "$ERR" "$CT" "stderr at DEBUG"
	assert_contains "$ERR" RUNNING "stderr at DEBUG"
}

case_log_config() {
	local log=$CASE_TMP/conf.log
	write_config "$CASE_TMP/log.conf" "lxc.log.file = $log" "lxc.log.level = DEBUG"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/log.conf" -- /bin/true
	[ -s "$log" ] || fail "lxc.log.file $log is empty"
	assert_contains "$(cat "$log")" RUNNING "log"
	# -o wins over lxc.log.file.
	rm "$log"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/log.conf" -o "$CASE_TMP/opt.log" -l DEBUG -- /bin/true
	assert_file_gone "$log"
	[ -s "$CASE_TMP/opt.log" ] || fail "-o log is empty"
	# Daemon mode: the monitor logs the end.
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/log.conf" -- sleep 100
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_contains "$(cat "$log")" STOPPED "log of the daemon"
}

case_signal_halt() {
	local pid
	"$LXC_BINDIR/lxc-start" -P "$LXCPATH" -F -n "$CT" -s lxc.signal.halt=SIGUSR1 -- \
		sh -c 'trap "exit 0" USR1; while :; do sleep 0.1; done' &
	pid=$!
	wait_for state_is "$CT" RUNNING
	wait_for catches "$(ct_pid "$CT")" USR1
	assert_exit 0 timeout 30 "$LXC_BINDIR/lxc-stop" -P "$LXCPATH" -n "$CT" -t 20
	wait_job "$pid"
	assert_eq 0 "$JOB_RC" "exit status (0: halted by SIGUSR1, 137: killed)"
}

case_arch() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.arch=x86_64 -- /bin/true
}

run_case uts-name case_uts_name
run_case container-config case_container_config
run_case default-config case_default_config
run_case config-syntax case_config_syntax
run_case environment case_environment
run_case environment-clear case_environment_clear
run_case init-cwd case_init_cwd
run_case init-uid-gid case_init_uid_gid
run_case namespace-keep-net case_namespace_keep_net
run_case namespace-clone case_namespace_clone
run_case net-none case_net_none
run_case net-empty case_net_empty
run_case include case_include
run_case info-config-stopped case_info_config_stopped
run_case info-config-running case_info_config_running
run_case execute-cmd case_execute_cmd
run_case init-cmd-daemon case_init_cmd_daemon
run_case rootfs case_rootfs
run_case rootfs-daemon case_rootfs_daemon
run_case rootfs-readonly case_rootfs_readonly
run_case cgroup-v1-setting case_cgroup_v1_setting
run_case cgroup-v1-limit-applies case_cgroup_v1_limit_applies
run_case cgroup-v2-setting case_cgroup_v2_setting
run_case cgroup-relative case_cgroup_relative
run_case cgroup-default-placement case_cgroup_default_placement
run_case cgroup-dir case_cgroup_dir
run_case log-file-option case_log_file_option
run_case log-stderr case_log_stderr
run_case log-config case_log_config
run_case signal-halt case_signal_halt
run_case arch case_arch
finish
