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
	wait_for catches "$init" TERM
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

# A busybox rootfs with the probe of test/probe.
probe_rootfs() {
	local dir=$CASE_TMP/rootfs
	make_rootfs "$dir" grep ulimit echo
	command -v cc >/dev/null || skip_case "needs a C compiler for the probe"
	cc -static -O2 -o "$dir/bin/probe" "$TEST_DIR/probe/probe.c" 2>"$CASE_TMP/cc.err" ||
		skip_case "cannot link a static probe: $(head -n 1 "$CASE_TMP/cc.err")"
}

# The capability bounding set of the command's output line "CapBnd: HEX".
cap_bnd() { sed -n 's/^CapBnd:[[:space:]]*//p' <<<"$1"; }

case_sysctl() {
	local fwd msgmax
	fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	msgmax=$(cat /proc/sys/kernel/msgmax)
	assert_exit 0 lxc_execute -n "$CT" -s lxc.sysctl.net.ipv4.ip_forward=1 -s lxc.sysctl.kernel.msgmax=12345 -- \
		sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax'
	assert_eq $'1\n12345' "$OUT" "sysctls in the container"
	# The container's own network and IPC namespaces: the host keeps its values.
	assert_eq "$fwd" "$(cat /proc/sys/net/ipv4/ip_forward)" "host's ip_forward"
	assert_eq "$msgmax" "$(cat /proc/sys/kernel/msgmax)" "host's msgmax"
	# With a rootfs and no /proc in the container, they are set all the same.
	make_rootfs "$CASE_TMP/rootfs"
	rmdir "$CASE_TMP/rootfs/proc"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.sysctl.kernel.msgmax=23456 \
		-s "lxc.mount.entry=proc mnt proc create=dir 0 0" -- /bin/cat /mnt/sys/kernel/msgmax
	assert_eq 23456 "$OUT" "sysctl in a container without /proc"
	assert_exit 1 lxc_execute -n "$CT" -s lxc.sysctl.net.nosuch.thing=1 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.sysctl.net.nosuch.thing: the kernel has no such sysctl" stderr
	assert_exit 1 lxc_execute -n "$CT" -s lxc.sysctl.net.ipv4.ip_forward=bogus -- true
	assert_contains "$ERR" "lxc.sysctl.net.ipv4.ip_forward: failed to write \"bogus\"" stderr
}

case_prlimit() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.prlimit.nofile=100:200 -s lxc.prlimit.core=unlimited -- \
		sh -c 'ulimit -n; ulimit -Hn; ulimit -c'
	assert_eq $'100\n200\nunlimited' "$OUT" "limits in the container"
	assert_exit 0 lxc_start -F -n "$CT" -s lxc.prlimit.nproc=77 -- grep processes /proc/self/limits
	assert_match "$OUT" '^Max processes +77 +77 ' "nproc limit of lxc-start's init"
	# Above the kernel's fs.nr_open: refused, and said so.
	assert_exit 1 lxc_execute -n "$CT" -s lxc.prlimit.nofile=2000000000 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.prlimit.nofile: failed to set the limit" stderr
}

case_proc() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.proc.oom_score_adj=7 -- cat /proc/self/oom_score_adj
	assert_eq 7 "$OUT" "oom_score_adj of the command"
	assert_exit 1 lxc_execute -n "$CT" -s lxc.proc.nosuch=1 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.proc.nosuch: no such file in /proc/PID" stderr
}

case_cap_drop() {
	local host bnd
	host=$(cap_bnd "$(cat /proc/self/status)")
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.cap.drop=sys_admin net_raw" -- grep -E '^Cap(Bnd|Inh|Amb)' /proc/self/status
	bnd=$(cap_bnd "$OUT")
	assert_eq "$(printf '%016x' $((0x$host & ~((1 << 21) | (1 << 13)))))" "$bnd" "bounding set with lxc.cap.drop"
	# Without CAP_SYS_ADMIN, mounting fails in the container.
	assert_exit 5 lxc_execute -n "$CT" -s lxc.cap.drop=sys_admin -- sh -c 'mount -t tmpfs none /mnt 2>/dev/null || exit 5'
	# A child of init cannot get it back either.
	assert_exit 0 lxc_start -F -n "$CT" -s lxc.cap.drop=sys_admin -- sh -c 'sh -c "grep CapBnd /proc/self/status"'
	assert_eq "$(printf '%016x' $((0x$host & ~(1 << 21))))" "$(cap_bnd "$OUT")" "bounding set of a grandchild"
}

case_cap_keep() {
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.cap.keep=chown kill" -- grep CapBnd /proc/self/status
	assert_eq "$(printf '%016x' $(((1 << 0) | (1 << 5))))" "$(cap_bnd "$OUT")" "bounding set with lxc.cap.keep"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.cap.keep=none -- grep CapBnd /proc/self/status
	assert_eq 0000000000000000 "$(cap_bnd "$OUT")" "bounding set with lxc.cap.keep = none"
}

case_cap_drop_cgroup_mount() {
	# "cgroup" means cgroup:mixed for a container without CAP_SYS_ADMIN,
	# and such a container cannot mount them itself: they are mounted.
	[ -d /sys/fs/cgroup/pids ] || skip_case "no pids cgroup v1 hierarchy"
	make_rootfs "$CASE_TMP/rootfs"
	ln -s busybox "$CASE_TMP/rootfs/bin/grep"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.cap.drop=sys_admin \
		-s "lxc.mount.auto=sys:ro cgroup" -- /bin/grep -E ' /sys/fs/cgroup(/pids)? ' /proc/self/mountinfo
	assert_match "$OUT" ' /sys/fs/cgroup ro,' "/sys/fs/cgroup: a read-only tmpfs"
	assert_match "$OUT" ' /sys/fs/cgroup/pids rw,' "pids: the container's cgroup, writable"
}

case_init_groups() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.init.groups=10,20 -- id -G
	assert_eq "0 10 20" "$OUT" "groups with lxc.init.groups"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.init.groups=30 -s lxc.init.uid=65534 -s lxc.init.gid=65534 -- \
		sh -c 'id -u; id -g; id -G'
	assert_eq $'65534\n65534\n65534 30' "$OUT" "ids with groups, uid and gid"
}

case_keyring() {
	local host
	probe_rootfs
	host=$("$CASE_TMP/rootfs/bin/probe" keyring)
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -- /bin/probe keyring
	assert_ne "$host" "$OUT" "session keyring of a container with a rootfs"
	assert_ne 0 "$OUT" "session keyring of a container with a rootfs"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.keyring.session=0 -- /bin/probe keyring
	assert_eq "$host" "$OUT" "session keyring with lxc.keyring.session = 0"
}

case_sched_core() {
	probe_rootfs
	if "$CASE_TMP/rootfs/bin/probe" can-sched-core; then
		assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.sched.core=1 -- /bin/probe sched-core
		assert_eq cookie "$OUT" "core scheduling cookie"
	else
		# This kernel cannot: the start fails and says why.
		assert_exit 1 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.sched.core=1 -- /bin/true
		assert_error_line lxc-execute "$CT"
		assert_contains "$ERR" "lxc.sched.core: the kernel has no core scheduling" stderr
	fi
}

run_case sysctl case_sysctl
run_case prlimit case_prlimit
run_case proc case_proc
run_case cap-drop case_cap_drop
run_case cap-keep case_cap_keep
run_case cap-drop-cgroup-mount case_cap_drop_cgroup_mount
run_case init-groups case_init_groups
run_case keyring case_keyring
run_case sched-core case_sched_core
run_case no-new-privs case_no_new_privs
run_case monitor-signal-pdeath case_monitor_signal_pdeath
run_case monitor-unshare case_monitor_unshare
run_case log-syslog case_log_syslog
finish
