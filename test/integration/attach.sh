#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lxc-attach: namespaces, cgroups, capabilities, environment, ids, ptys,
# exit status, signals, errors.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

lxc_attach() { "$LXC_BINDIR/lxc-attach" -P "$LXCPATH" "$@"; }

attach_rootfs() {
	make_rootfs "$CASE_TMP/rootfs" grep echo tty readlink ash test
	mkdir -p "$CASE_TMP/rootfs/etc"
	printf 'root:x:0:0:root:/root:/bin/sh\nwww:x:1000:1000:web:/home/www:/bin/ash\n' >"$CASE_TMP/rootfs/etc/passwd"
	touch "$CASE_TMP/rootfs/marker-$CT"
}

# A running system container (rootfs, own hostname), with SETTINGS.
start_ct() {
	local args=()
	for s in "$@"; do args+=(-s "$s"); done
	assert_exit 0 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.mount.auto=proc:mixed \
		-s lxc.uts.name=inside "${args[@]}" -- /bin/sleep 1000
}

cap_bnd() { sed -n 's/^CapBnd:[[:space:]]*//p' <<<"$1"; }

case_command_and_status() {
	attach_rootfs
	start_ct
	assert_exit 0 lxc_attach -n "$CT" -- /bin/hostname
	assert_eq inside "$OUT" "hostname in the container"
	assert_exit 7 lxc_attach -n "$CT" -- /bin/sh -c 'echo out; echo err >&2; exit 7'
	assert_eq out "$OUT" stdout
	assert_eq err "$ERR" stderr
	assert_exit 137 lxc_attach -n "$CT" -- /bin/sh -c 'kill -9 $$'
	RC=0
	OUT=$(echo piped | lxc_attach -n "$CT" -- /bin/cat) || RC=$?
	assert_eq 0 "$RC" "exit status"
	assert_eq piped "$OUT" "stdin of the command"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_namespaces() {
	local init host
	attach_rootfs
	start_ct
	init=$(ct_pid "$CT")
	# Its own view: the rootfs, the pid namespace (init is 1), the network.
	assert_exit 0 lxc_attach -n "$CT" -- /bin/sh -c "ls /; ps -o pid,comm; for ns in net mnt uts ipc; do readlink /proc/self/ns/\$ns; done"
	assert_contains "$OUT" "marker-$CT" "/ in the container"
	assert_match "$OUT" $'\n +1 sleep' "init as pid 1"
	for ns in net mnt uts ipc; do
		assert_contains "$OUT" "$(readlink /proc/"$init"/ns/$ns)" "$ns namespace of the attached process"
	done
	# Its cgroup: the container's, which is / in its cgroup namespace.
	assert_exit 0 lxc_attach -n "$CT" -- /bin/grep -c ':/$' /proc/self/cgroup
	assert_eq "$(wc -l </proc/"$init"/cgroup)" "$OUT" "cgroups seen from inside"
	# Every cgroup of init's, seen from the host: the helper is cloned into
	# the cgroup2 one (CLONE_INTO_CGROUP) and joins the v1 ones itself; a
	# kernel without clone3 gets a fork and writes to cgroup.procs.
	for disabled in none clone3; do
		LXC_TEST_DISABLE_SYSCALLS=$disabled "$LXC_BINDIR/lxc-attach" -P "$LXCPATH" -n "$CT" -- /bin/sleep 30 &
		wait_for pgrep -P $! -x sleep
		host=$(pgrep -P $! -x sleep)
		assert_eq "$(cat /proc/"$init"/cgroup)" "$(cat /proc/"$host"/cgroup)" "cgroups of the attached process ($disabled disabled)"
		assert_match "$(proc_cgroup "$host" "")" "lxc\\.payload\\.$CT" "cgroup2 cgroup of the attached process"
		assert_eq "$(readlink /proc/"$init"/ns/pid)" "$(readlink /proc/"$host"/ns/pid)" "pid namespace of the attached process"
		kill "$host"
		wait || true
	done
	# -s: only the network namespace.
	assert_exit 0 lxc_attach -n "$CT" -s NETWORK -- sh -c 'hostname; readlink /proc/self/ns/net'
	assert_eq "$(hostname)"$'\n'"$(readlink /proc/"$init"/ns/net)" "$OUT" "hostname and net namespace with -s NETWORK"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_pidfd_fallbacks() {
	local init
	attach_rootfs
	start_ct
	init=$(ct_pid "$CT")
	# Without setns(pidfd) (Linux < 5.8), and without pidfds at all.
	for disabled in setns_pidfd pidfd_open,setns_pidfd; do
		RC=0
		OUT=$(LXC_TEST_DISABLE_SYSCALLS=$disabled lxc_attach -n "$CT" -- /bin/sh -c 'hostname; readlink /proc/self/ns/mnt; exit 3' </dev/null) || RC=$?
		assert_eq 3 "$RC" "exit status without $disabled"
		assert_eq "inside"$'\n'"$(readlink /proc/"$init"/ns/mnt)" "$OUT" "namespaces without $disabled"
	done
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_capabilities() {
	local host
	attach_rootfs
	host=$(cap_bnd "$(cat /proc/self/status)")
	start_ct lxc.cap.drop=sys_admin
	assert_exit 0 lxc_attach -n "$CT" -- /bin/grep CapBnd /proc/self/status
	assert_eq "$(printf '%016x' $((0x$host & ~(1 << 21))))" "$(cap_bnd "$OUT")" "bounding set of the attached process"
	# -e keeps them (and the caller's cgroup).
	assert_exit 0 lxc_attach -n "$CT" -e -- /bin/grep CapBnd /proc/self/status
	assert_eq "$host" "$(cap_bnd "$OUT")" "bounding set with -e"
	assert_exit 0 lxc_attach -n "$CT" -eCAP -- /bin/grep CapBnd /proc/self/status
	assert_eq "$host" "$(cap_bnd "$OUT")" "bounding set with -eCAP"
	assert_exit 0 lxc_attach -n "$CT" --elevated-privileges=CGROUP -- /bin/grep CapBnd /proc/self/status
	assert_eq "$(printf '%016x' $((0x$host & ~(1 << 21))))" "$(cap_bnd "$OUT")" "bounding set with -e CGROUP only"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_security() {
	local p
	attach_rootfs
	# The container's seccomp filter and no_new_privs hold for attached
	# processes too: mkdir is denied with EACCES, as in init.
	p=$CASE_TMP/deny.seccomp
	printf '%s\n' 2 denylist "mkdir errno 13" "mkdirat errno 13" >"$p"
	start_ct "lxc.seccomp.profile=$p" lxc.no_new_privs=1
	assert_exit 1 lxc_attach -n "$CT" -- /bin/busybox mkdir /made
	assert_contains "$ERR" "Permission denied" "mkdir in the attached process"
	assert_exit 0 lxc_attach -n "$CT" -- /bin/grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status
	assert_match "$OUT" 'Seccomp:[[:space:]]+2' "seccomp mode of the attached process"
	assert_match "$OUT" 'NoNewPrivs:[[:space:]]+1' "no_new_privs of the attached process"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_elevated_cgroup() {
	local pid
	attach_rootfs
	start_ct
	"$LXC_BINDIR/lxc-attach" -P "$LXCPATH" -n "$CT" -eCGROUP -- /bin/sleep 30 &
	wait_for pgrep -P $! -x sleep
	pid=$(pgrep -P $! -x sleep)
	assert_eq "$(proc_cgroup "$BASHPID" pids)" "$(proc_cgroup "$pid" pids)" "pids cgroup with -e CGROUP"
	kill "$pid"
	wait || true
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_environment() {
	attach_rootfs
	start_ct lxc.environment=FROM_CONF=1
	export FOO_LEAK=leaked TERM=xterm-attach
	assert_exit 0 lxc_attach -n "$CT" -- /bin/env
	assert_not_contains "$OUT" FOO_LEAK "clean environment"
	assert_contains "$OUT" "container=lxc" "clean environment"
	assert_contains "$OUT" "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "clean environment"
	assert_contains "$OUT" "HOME=/root" "clean environment"
	assert_contains "$OUT" "USER=root" "clean environment"
	assert_contains "$OUT" "TERM=xterm-attach" "clean environment"
	assert_contains "$OUT" "FROM_CONF=1" "clean environment"
	assert_exit 0 lxc_attach -n "$CT" --clear-env --keep-var FOO_LEAK -v SET=yes -- /bin/env
	assert_contains "$OUT" "FOO_LEAK=leaked" "--keep-var"
	assert_contains "$OUT" "SET=yes" "-v"
	assert_exit 0 lxc_attach -n "$CT" --keep-env -v SET=yes -- /bin/env
	assert_contains "$OUT" "FOO_LEAK=leaked" "--keep-env"
	assert_contains "$OUT" "container=lxc" "--keep-env"
	assert_contains "$OUT" "SET=yes" "--keep-env with -v"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_ids() {
	attach_rootfs
	start_ct
	assert_exit 0 lxc_attach -n "$CT" -- /bin/sh -c 'id -u; id -g; echo $HOME'
	assert_eq $'0\n0\n/root' "$OUT" "ids by default"
	assert_exit 0 lxc_attach -n "$CT" -u 1000 -g 1000 -- /bin/sh -c 'id -u; id -g; echo $HOME $USER'
	assert_eq $'1000\n1000\n/home/www www' "$OUT" "ids with -u and -g"
	assert_exit 0 lxc_stop -n "$CT" -k
	start_ct lxc.init.uid=1000 lxc.init.gid=1000
	assert_exit 0 lxc_attach -n "$CT" -- /bin/sh -c 'id -u'
	assert_eq 1000 "$OUT" "uid from lxc.init.uid"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_default_shell() {
	attach_rootfs
	start_ct
	RC=0
	OUT=$(echo 'echo shell=$0' | lxc_attach -n "$CT") || RC=$?
	assert_eq 0 "$RC" "exit status"
	assert_eq "shell=/bin/sh" "$OUT" "root's shell"
	RC=0
	OUT=$(echo 'echo shell=$0' | lxc_attach -n "$CT" -u 1000) || RC=$?
	assert_eq "shell=/bin/ash" "$OUT" "www's shell"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_pty() {
	attach_rootfs
	command -v script >/dev/null || skip_case "needs script(1)"
	start_ct
	{ sleep 1; printf 'tty; test -t 0 && echo is-a-tty; exit 4\n'; sleep 1; } |
		timeout 20 script -qefc "$LXC_BINDIR/lxc-attach -P $LXCPATH -n $CT" /dev/null >"$CASE_TMP/out" 2>&1 || RC=$?
	assert_eq 4 "${RC:-0}" "exit status through the pty"
	assert_contains "$(cat "$CASE_TMP/out")" "/dev/pts/" "tty of the attached shell"
	assert_contains "$(cat "$CASE_TMP/out")" "is-a-tty" "the shell's stdin"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_signals() {
	local pid
	attach_rootfs
	start_ct
	"$LXC_BINDIR/lxc-attach" -P "$LXCPATH" -n "$CT" -- /bin/sh -c "trap 'exit 9' TERM; touch /ready; while :; do sleep 0.1; done" &
	pid=$!
	wait_for test -e "$CASE_TMP/rootfs/ready"
	kill -TERM "$pid"
	wait_job "$pid"
	assert_eq 9 "$JOB_RC" "exit status after SIGTERM to lxc-attach"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_application_container() {
	assert_exit 0 lxc_start -n "$CT" -s lxc.uts.name=app -- sleep 1000
	assert_exit 0 lxc_attach -n "$CT" -- sh -c 'hostname; ps -o pid,comm | grep -c sleep'
	assert_eq $'app\n1' "$OUT" "attached to an application container"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_errors() {
	attach_rootfs
	assert_exit 1 lxc_attach -n "$CT" -- /bin/true
	assert_error_line lxc-attach "$CT"
	assert_contains "$ERR" "not running" stderr
	start_ct
	assert_exit 127 lxc_attach -n "$CT" -- /bin/nosuch
	assert_error_line lxc-attach "$CT"
	assert_contains "$ERR" 'failed to exec "/bin/nosuch": No such file or directory' stderr
	chmod 644 "$CASE_TMP/rootfs/marker-$CT"
	assert_exit 126 lxc_attach -n "$CT" -- "/marker-$CT"
	assert_error_line lxc-attach "$CT"
	assert_exit 1 lxc_attach -n "$CT" -s BOGUS -- /bin/true
	assert_contains "$ERR" 'invalid value "BOGUS" for option -s' stderr
	assert_exit 1 lxc_attach -n "$CT" -u nobody -- /bin/true
	assert_exit 0 lxc_stop -n "$CT" -k
}

run_case command-and-status case_command_and_status
run_case namespaces case_namespaces
run_case pidfd-fallbacks case_pidfd_fallbacks
run_case capabilities case_capabilities
run_case security case_security
run_case elevated-cgroup case_elevated_cgroup
run_case environment case_environment
run_case ids case_ids
run_case default-shell case_default_shell
run_case pty case_pty
run_case signals case_signals
run_case application-container case_application_container
run_case errors case_errors
finish
