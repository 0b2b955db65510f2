#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Security: each case tries an escape or a forbidden operation from inside
# a container and checks that it fails: capabilities, no_new_privs, seccomp
# profiles, /proc and /sys, safe mounts, inherited fds, CVE-2019-5736.
# User namespaces: userns.sh.  Never run anything here that would change
# the host if the protection failed (the clock, modules, ...) without
# first proving that it will fail.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

CONFIG_DIR=$(cd "$TEST_DIR/../config" && pwd)

# The static probe of test/probe/secprobe.c, in $CASE_TMP.
secprobe() {
	command -v cc >/dev/null || skip_case "needs a C compiler for the probe"
	[ -x "$CASE_TMP/secprobe" ] && return 0
	cc -static -O2 -o "$CASE_TMP/secprobe" "$TEST_DIR/probe/secprobe.c" 2>"$CASE_TMP/cc.err" ||
		skip_case "cannot link a static probe: $(head -n 1 "$CASE_TMP/cc.err")"
}

# A busybox rootfs with more applets, and the probe.
sec_rootfs() {
	local dir=$CASE_TMP/rootfs
	make_rootfs "$dir" grep mkdir chmod echo date umount stat readlink test ln wc seq
	secprobe
	cp "$CASE_TMP/secprobe" "$dir/bin/secprobe"
}

# common.conf of config/, pointing at config/common.seccomp.
common_conf() {
	sed "s|@LXCCONFIGDIR@|$CONFIG_DIR|g" "$CONFIG_DIR/common.conf.in" >"$CASE_TMP/common.conf"
	echo "$CASE_TMP/common.conf"
}

# "CapXxx: HEX" of a status text.
cap_of() { sed -n "s/^$2:[[:space:]]*//p" <<<"$1"; }

# --- capabilities -----------------------------------------------------------------

case_cap_drop_sets() {
	local status bit
	secprobe
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.cap.drop=sys_time sys_module" -- \
		grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status
	status=$OUT
	# sys_time is 25, sys_module 16: in no set of init.
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do
		bit=$((0x$(cap_of "$status" $set) & ((1 << 25) | (1 << 16))))
		assert_eq 0 "$bit" "sys_time and sys_module in $set"
	done
	# The operations they allow fail.  settimeofday(NULL, current timezone)
	# changes nothing even when allowed: only then is date -s tried.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.cap.drop=sys_time sys_module" -- "$CASE_TMP/secprobe" settz
	assert_eq EPERM "$OUT" "setting the timezone without sys_time"
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.cap.drop=sys_time sys_module" -- date -s "2000-01-01"
	assert_contains "$ERR" "Operation not permitted" "date -s without sys_time"
	[ "$(date +%Y)" != 2000 ] || fail "the host's clock was set"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.cap.drop=sys_time sys_module" -- "$CASE_TMP/secprobe" init-module
	# A kernel without modules says ENOSYS to anyone.
	assert_match "$OUT" '^(EPERM|ENOSYS)$' "init_module without sys_module"
	# With the capability the same probe succeeds (the comparison that makes EPERM mean something).
	assert_exit 0 lxc_execute -n "$CT" -- "$CASE_TMP/secprobe" settz
	assert_eq OK "$OUT" "setting the timezone with sys_time"
}

case_cap_keep_none() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.cap.keep=none -- grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do
		assert_eq 0000000000000000 "$(cap_of "$OUT" $set)" "$set with lxc.cap.keep = none"
	done
	# keep: only what is listed.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.cap.keep=chown net_bind_service" -- grep -E '^Cap(Prm|Eff)' /proc/self/status
	assert_eq "$(printf '%016x' $(((1 << 0) | (1 << 10))))" "$(cap_of "$OUT" CapEff)" "CapEff with lxc.cap.keep"
}

case_cap_ambient_cleared() {
	# An ambient capability of the caller does not reach the container.
	command -v setpriv >/dev/null || skip_case "needs setpriv (util-linux)"
	assert_exit 0 setpriv --inh-caps=+net_raw --ambient-caps=+net_raw "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" \
		-n "$CT" -s lxc.init.uid=1000 -- grep -E '^Cap(Amb|Eff)' /proc/self/status
	assert_eq 0000000000000000 "$(cap_of "$OUT" CapAmb)" "ambient set"
	assert_eq 0000000000000000 "$(cap_of "$OUT" CapEff)" "effective set of uid 1000"
}

case_no_new_privs_setuid() {
	sec_rootfs
	# A setuid-root copy of the probe: uid 1000 gains euid 0 through it...
	cp "$CASE_TMP/secprobe" "$CASE_TMP/rootfs/bin/suid"
	chown 0:0 "$CASE_TMP/rootfs/bin/suid"
	chmod 4755 "$CASE_TMP/rootfs/bin/suid"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.init.uid=1000 \
		-s lxc.init.gid=1000 -- /bin/suid ids
	assert_eq "1000 0 1000 1000" "$OUT" "ids through a setuid binary"
	# ...but not with lxc.no_new_privs.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.init.uid=1000 \
		-s lxc.init.gid=1000 -s lxc.no_new_privs=1 -- /bin/suid ids
	assert_eq "1000 1000 1000 1000" "$OUT" "ids through a setuid binary with lxc.no_new_privs"
	assert_exit 0 lxc_start -F -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.no_new_privs=1 -- \
		grep NoNewPrivs /proc/self/status
	assert_match "$OUT" 'NoNewPrivs:[[:space:]]+1' "lxc-start's init"
}

# --- seccomp -------------------------------------------------------------------------

profile() {
	local f=$CASE_TMP/$1
	shift
	printf '%s\n' "$@" >"$f"
	echo "$f"
}

case_seccomp_errno() {
	local p
	p=$(profile deny.seccomp 2 denylist "mkdir errno 13" "mkdirat errno 13")
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- mkdir "$CASE_TMP/made"
	assert_contains "$ERR" "Permission denied" "mkdir under the profile"
	[ ! -e "$CASE_TMP/made" ] || fail "mkdir succeeded"
	# lxc-start's init too, and its children.
	assert_exit 0 lxc_start -F -n "$CT" -s "lxc.seccomp.profile=$p" -- \
		sh -c "sh -c 'mkdir $CASE_TMP/made2 2>&1'; grep -E '^Seccomp:' /proc/self/status"
	assert_contains "$OUT" "Permission denied" "mkdir in a child of init"
	assert_match "$OUT" 'Seccomp:[[:space:]]+2' "seccomp mode of init"
	# Without the profile it works.
	assert_exit 0 lxc_execute -n "$CT" -- mkdir "$CASE_TMP/made"
}

case_seccomp_kill_and_trap() {
	local p
	p=$(profile kill.seccomp 2 denylist "mkdir kill" "mkdirat kill")
	# Killed by SIGSYS (31): 128 + 31.
	assert_exit 159 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- mkdir "$CASE_TMP/made"
	[ ! -e "$CASE_TMP/made" ] || fail "mkdir succeeded"
	p=$(profile trap.seccomp 2 denylist "mkdir trap" "mkdirat trap")
	assert_exit 159 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- mkdir "$CASE_TMP/made"
	# A denylist line without an action kills.
	p=$(profile bare.seccomp 2 denylist mkdir mkdirat)
	assert_exit 159 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- mkdir "$CASE_TMP/made"
}

case_seccomp_arg_filter() {
	local p
	touch "$CASE_TMP/f"
	p=$(profile args.seccomp 2 denylist "chmod errno 1 [1,0700,SCMP_CMP_EQ]" "fchmodat errno 1 [2,0700,==]")
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- \
		sh -c "chmod 700 $CASE_TMP/f; echo \$?; chmod 750 $CASE_TMP/f; echo \$?"
	assert_eq $'1\n0' "$OUT" "chmod 700 refused, chmod 750 allowed"
	assert_eq 750 "$(stat -c %a "$CASE_TMP/f")" "mode of the file"
	# A masked comparison: any mode with the setuid bit.
	p=$(profile masked.seccomp 2 denylist "chmod errno 1 [1,04000,SCMP_CMP_MASKED_EQ,04000]" "fchmodat errno 1 [2,04000,&=,04000]")
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- \
		sh -c "chmod 4755 $CASE_TMP/f; echo \$?; chmod 755 $CASE_TMP/f; echo \$?"
	assert_eq $'1\n0' "$OUT" "setuid refused, 755 allowed"
}

case_seccomp_allowlist() {
	local p
	# Only what a shell needs to run true: everything else (mkdir) gets errno 38.
	p=$(profile allow.seccomp 2 "allowlist errno 38" execve execveat exit exit_group brk mmap munmap \
		mprotect arch_prctl set_tid_address set_robust_list rseq prlimit64 getrandom readlink \
		rt_sigaction rt_sigprocmask rt_sigreturn getpid getppid getuid geteuid getgid getegid \
		newfstatat fstat stat lstat statx access faccessat faccessat2 openat open close read write \
		ioctl fcntl dup2 dup3 wait4 clone clone3 fork vfork uname getcwd chdir pipe pipe2 \
		sigaltstack rt_sigtimedwait kill prctl sendto sendmsg futex poll ppoll pselect6 lseek \
		getdents64 setpgid getpgid getpgrp setsid pread64 writev readv madvise mremap)
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- sh -c "mkdir $CASE_TMP/made; echo \$?"
	assert_eq 1 "$OUT" "mkdir under an allowlist"
	assert_contains "$ERR" "Function not implemented" "mkdir's error"
}

case_seccomp_default_profile() {
	local conf
	secprobe
	conf=$(common_conf)
	# kexec_load: refused by the profile (EPERM), not by the kernel.
	assert_exit 0 lxc_execute -n "$CT" -- "$CASE_TMP/secprobe" kexec
	local bare=$OUT
	assert_exit 0 lxc_execute -n "$CT" -f "$conf" -- "$CASE_TMP/secprobe" kexec
	assert_eq EPERM "$OUT" "kexec_load under common.seccomp"
	assert_ne EPERM "$bare" "kexec_load without it (the kernel's answer)"
	# umount -f of a mount of the container's own: refused (EACCES).
	assert_exit 0 lxc_execute -n "$CT" -f "$conf" -- \
		sh -c "mount -t tmpfs none $CASE_TMP; busybox umount -f $CASE_TMP 2>&1; echo \$?; busybox umount $CASE_TMP; echo \$?"
	assert_contains "$OUT" "Permission denied" "umount -f"
	assert_match "$OUT" $'1\n0$' "umount -f refused, umount allowed"
	# And the capabilities common.conf drops.
	assert_exit 0 lxc_execute -n "$CT" -f "$conf" -- grep CapBnd /proc/self/status
	for bit in 33 32 25 16 17; do # mac_admin mac_override sys_time sys_module sys_rawio
		assert_eq 0 $((0x$(cap_of "$OUT" CapBnd) & (1 << bit))) "capability $bit with common.conf"
	done
}

case_seccomp_notify() {
	local p pid
	secprobe
	p=$(profile notify.seccomp 2 denylist "mkdir notify" "mkdirat notify")
	# Without a proxy the monitor answers ENOSYS.
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- mkdir "$CASE_TMP/made"
	assert_contains "$ERR" "Function not implemented" "mkdir without a proxy"
	# The proxy decides, and gets the cookie.
	"$CASE_TMP/secprobe" seccomp-proxy "$CASE_TMP/proxy.sock" 13 1 >"$CASE_TMP/proxy.out" &
	pid=$!
	wait_for test -S "$CASE_TMP/proxy.sock"
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -s "lxc.seccomp.notify.proxy=unix:$CASE_TMP/proxy.sock" \
		-s lxc.seccomp.notify.cookie=c00kie -- mkdir "$CASE_TMP/made"
	assert_contains "$ERR" "Permission denied" "mkdir as the proxy answered"
	wait_job "$pid"
	assert_match "$(cat "$CASE_TMP/proxy.out")" '^nr=[0-9]+ cookie=c00kie version=1$' "what the proxy got"
	[ ! -e "$CASE_TMP/made" ] || fail "mkdir succeeded"
	# A proxy that is not there: ENOSYS, and the start goes on.
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -s "lxc.seccomp.notify.proxy=unix:$CASE_TMP/none.sock" \
		-- mkdir "$CASE_TMP/made"
	assert_contains "$ERR" "Function not implemented" "mkdir with an absent proxy"
}

case_seccomp_nesting() {
	local p
	secprobe
	p=$(profile deny.seccomp 2 denylist "mkdir errno 13" "mkdirat errno 13")
	# Started from under a filter (a nested container): as LXC, the
	# profile is not stacked unless lxc.seccomp.allow_nesting = 1.
	assert_exit 0 "$CASE_TMP/secprobe" filtered "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" -l INFO \
		-o "$CASE_TMP/nest.log" -s "lxc.seccomp.profile=$p" -- mkdir "$CASE_TMP/made"
	assert_contains "$(cat "$CASE_TMP/nest.log")" "a seccomp filter is in place already" log
	assert_exit 1 "$CASE_TMP/secprobe" filtered "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" -n "$CT" \
		-s "lxc.seccomp.profile=$p" -s lxc.seccomp.allow_nesting=1 -- mkdir "$CASE_TMP/made2"
	assert_contains "$ERR" "Permission denied" "mkdir with the profile stacked"
}

case_seccomp_errors() {
	local p
	p=$(profile bad.seccomp 2 denylist "mkdir errno 1" "rmdir deny")
	assert_exit 1 lxc_start -n "$CT" -s "lxc.seccomp.profile=$p" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "lxc.seccomp.profile: $p:4: unknown action \"deny\"" stderr
	assert_state "$CT" STOPPED
	p=$(profile bad2.seccomp 2 denylist "# comments count as lines" "mkdir errno 1 [1,0700,~]")
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$p" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$p:4: argument filter \"[1,0700,~]\": unknown operator" stderr
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.seccomp.profile=$CASE_TMP/nosuch" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.seccomp.profile: cannot read \"$CASE_TMP/nosuch\": No such file or directory" stderr
}

case_seccomp_cache() {
	local p dir f
	# A profile text of this case alone: its own cache file.
	p=$(profile cache.seccomp 2 denylist "mkdir errno 13" "# $CT $$")
	assert_exit 0 lxc_execute -n "$CT" -l DEBUG -o "$CASE_TMP/log1" -s "lxc.seccomp.profile=$p" -- true
	assert_contains "$(cat "$CASE_TMP/log1")" "compiled the seccomp filter" "first start"
	assert_exit 0 lxc_execute -n "$CT" -l DEBUG -o "$CASE_TMP/log2" -s "lxc.seccomp.profile=$p" -- true
	assert_contains "$(cat "$CASE_TMP/log2")" "from the cache" "second start"
	dir=/run/lxc/seccomp
	assert_eq 700 "$(stat -c %a "$dir")" "mode of the cache directory"
	# A changed profile is compiled again, and its filter applies.
	echo "rmdir errno 13" >>"$p"
	mkdir "$CASE_TMP/d"
	assert_exit 1 lxc_execute -n "$CT" -l DEBUG -o "$CASE_TMP/log3" -s "lxc.seccomp.profile=$p" -- rmdir "$CASE_TMP/d"
	assert_contains "$(cat "$CASE_TMP/log3")" "compiled the seccomp filter" "start after a change"
	# A cache file that does not hold this text is not used.
	# The file of the current text: it holds both lines.
	for f in "$dir"/*.bpf; do
		grep -q "# $CT $$" "$f" && grep -q "rmdir errno 13" "$f" && break
		f=
	done
	[ -n "$f" ] || fail "no cache file holds the profile"
	sed -i "s/# $CT $$/# $CT XX/" "$f"
	assert_exit 1 lxc_execute -n "$CT" -l DEBUG -o "$CASE_TMP/log4" -s "lxc.seccomp.profile=$p" -- rmdir "$CASE_TMP/d"
	assert_contains "$(cat "$CASE_TMP/log4")" "compiled the seccomp filter" "start with a tampered cache file"
	# The cache files of this case's texts: its own, nobody else's.
	grep -l "# $CT" "$dir"/*.bpf | xargs -r rm -f
}


# --- /proc and /sys --------------------------------------------------------------------

# What proc:mixed and sys:mixed allow and refuse, seen from the container.
# Nothing is written that would change the host if a protection failed:
# sysctls get their current value back, the rest is access(2) alone.
mixed_checks='
	secprobe writable /proc/sysrq-trigger /proc/sys/kernel /proc/sys/kernel/panic /sys/kernel /sys/class \
		/sys/devices/virtual/net/lo/mtu /proc/sys/net/ipv4/ip_forward
	cat /proc/sys/kernel/panic > /tmp/panic && cat /tmp/panic > /proc/sys/kernel/panic 2>/dev/null && echo panic-written
	echo 1 > /proc/sys/net/ipv4/ip_forward && echo net-sysctl-ok
	echo 1500 > /sys/devices/virtual/net/lo/mtu && echo net-dev-ok
	echo "keys=$(cat /proc/keys | wc -c) timer_list=$(cat /proc/timer_list | wc -c)"
	echo "firmware=$(ls /sys/firmware | wc -l) acpi=$(ls /proc/acpi | wc -l)"
'

check_mixed() {
	assert_not_contains "$OUT" written "writes to the host's kernel"
	for path in /proc/sys/kernel/panic /sys/kernel /sys/class; do
		assert_contains "$OUT" "$path: EROFS" "$path"
	done
	assert_not_contains "$OUT" "writable /proc/sys/kernel" "/proc/sys/kernel"
	assert_not_contains "$OUT" "writable /proc/sysrq-trigger" "/proc/sysrq-trigger"
	assert_contains "$OUT" "writable /proc/sys/net/ipv4/ip_forward" "the container's own net sysctl"
	assert_contains "$OUT" "writable /sys/devices/virtual/net/lo/mtu" "the container's own network device"
	assert_contains "$OUT" net-sysctl-ok "the container's own net sysctl"
	assert_contains "$OUT" net-dev-ok "the container's own network device"
	assert_contains "$OUT" "keys=0 timer_list=0" "masked /proc files"
	assert_contains "$OUT" "firmware=0 acpi=0" "masked directories"
}

case_proc_sys_mixed() {
	local panic fwd
	sec_rootfs
	panic=$(cat /proc/sys/kernel/panic)
	fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	[ "$(wc -c </proc/timer_list)" -gt 0 ] || fail "the host's /proc/timer_list is empty: nothing to mask"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" \
		-s "lxc.mount.auto=proc:mixed sys:mixed" -- sh -c "$mixed_checks"
	check_mixed
	assert_eq "$panic" "$(cat /proc/sys/kernel/panic)" "host's kernel.panic"
	assert_eq "$fwd" "$(cat /proc/sys/net/ipv4/ip_forward)" "host's ip_forward"
	# The error a write gets (its own value back: no change if it went through).
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" \
		-s "lxc.mount.auto=proc:mixed sys:mixed" -- sh -c "echo $panic > /proc/sys/kernel/panic; true"
	assert_contains "$ERR" "/proc/sys/kernel/panic: Read-only file system" stderr
	if [ -e /proc/sysrq-trigger ]; then
		assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" \
			-s "lxc.mount.auto=proc:mixed" -- secprobe writable /proc/sysrq-trigger
		assert_eq "/proc/sysrq-trigger: EROFS" "$OUT" "sysrq-trigger"
	else
		echo "this kernel has no /proc/sysrq-trigger (CONFIG_MAGIC_SYSRQ): the access checks cover its absence"
	fi
	# The same with the shipped common.conf.
	assert_exit 0 lxc_execute -n "$CT" -f "$(common_conf)" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -- sh -c "$mixed_checks"
	check_mixed
	# proc:rw keeps the old behaviour: writable /proc/sys (not written here).
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.mount.auto=proc:rw -- \
		sh -c 'grep " /proc/sys " /proc/self/mountinfo | wc -l'
	assert_eq 0 "$OUT" "no separate /proc/sys mount with proc:rw"
}

case_proc_sys_mixed_fallback() {
	# Kernels without the new mount API: mounts by path, same result.
	sec_rootfs
	LXC_TEST_DISABLE_SYSCALLS=open_tree,fsopen,mount_setattr assert_exit 0 lxc_execute -n "$CT" \
		-s "lxc.rootfs.path=$CASE_TMP/rootfs" -s "lxc.mount.auto=proc:mixed sys:mixed" -- sh -c "$mixed_checks"
	check_mixed
}

# --- mounts resolved beneath the rootfs ---------------------------------------------

case_dev_symlink_to_host() {
	local before
	sec_rootfs
	before=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
	mkdir "$CASE_TMP/hostdev"
	# The rootfs's /dev points at a host directory, absolutely and relatively.
	rmdir "$CASE_TMP/rootfs/dev"
	ln -s "$CASE_TMP/hostdev" "$CASE_TMP/rootfs/dev"
	run_cmd lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -- ls /dev
	assert_empty "$(ls -A "$CASE_TMP/hostdev")" "the host directory behind the rootfs's /dev link"
	rm "$CASE_TMP/rootfs/dev"
	ln -s ../../../../../../../../.."$CASE_TMP/hostdev" "$CASE_TMP/rootfs/dev"
	run_cmd lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -- ls /dev
	assert_empty "$(ls -A "$CASE_TMP/hostdev")" "the host directory behind a relative /dev link"
	# A mount target that is a link to a host path: the mount stays in the rootfs.
	mkdir "$CASE_TMP/hostmnt" "$CASE_TMP/src"
	echo planted >"$CASE_TMP/src/f"
	ln -s "$CASE_TMP/hostmnt" "$CASE_TMP/rootfs/mnt"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" \
		-s "lxc.mount.entry=$CASE_TMP/src mnt none bind,create=dir 0 0" -- cat /mnt/f
	assert_eq planted "$OUT" "the entry in the container"
	assert_empty "$(ls -A "$CASE_TMP/hostmnt")" "the host directory behind the mount target link"
	host_mounts_unchanged "$before"
}

host_mounts_unchanged() {
	local now
	now=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
	assert_eq "$1" "$now" "the host's mount points"
}

case_mount_race() {
	local pid pid2 pid3 i hits=0
	sec_rootfs
	mkdir "$CASE_TMP/src" "$CASE_TMP/rootfs/data" "$CASE_TMP/rootfs/data.alt" "$CASE_TMP/rootfs/sys.alt" \
		"$CASE_TMP/rootfs/dev.alt"
	echo host-data >"$CASE_TMP/src/f"
	# A /dev look-alike whose null leads to a host file (autodev fixes the
	# mode of the nodes it makes: never through a link, never there).
	echo secret >"$CASE_TMP/victim"
	chmod 600 "$CASE_TMP/victim"
	ln -s "$CASE_TMP/victim" "$CASE_TMP/rootfs/dev.alt/null"
	# While containers start, /sys and /data of the rootfs swap places with
	# look-alikes as fast as the kernel allows (a host user owning the rootfs
	# can do that).  A start that mounted sysfs on one and made the other
	# read-only by its path would leave a writable sysfs in the container;
	# one that remounted the bind by path, a writable bind.
	"$CASE_TMP/secprobe" swap "$CASE_TMP/rootfs" sys sys.alt "$CASE_TMP/stop" &
	pid=$!
	"$CASE_TMP/secprobe" swap "$CASE_TMP/rootfs" data data.alt "$CASE_TMP/stop" &
	pid2=$!
	"$CASE_TMP/secprobe" swap "$CASE_TMP/rootfs" dev dev.alt "$CASE_TMP/stop" &
	pid3=$!
	# shellcheck disable=SC2064 # now: the pids
	trap "touch '$CASE_TMP/stop'; wait $pid $pid2 $pid3" EXIT
	for i in $(seq 30); do
		# access(2) only: whatever is reachable and writable shows.
		run_cmd lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" -s lxc.mount.auto=sys:mixed \
			-s "lxc.mount.entry=$CASE_TMP/src data none bind,ro 0 0" -- \
			secprobe writable /sys/kernel /sys.alt/kernel /data/f /data.alt/f
		[ "$RC" -eq 0 ] || continue
		hits=$((hits + 1))
		assert_not_contains "$OUT" writable "sysfs and the read-only bind, reachable from the container"
	done
	touch "$CASE_TMP/stop"
	wait "$pid" "$pid2" "$pid3" || true
	trap - EXIT
	[ "$hits" -gt 0 ] || fail "no container started in 30 tries"
	echo "$hits of 30 starts succeeded under the race"
	assert_eq host-data "$(cat "$CASE_TMP/src/f")" "the bind source"
	assert_eq 600 "$(stat -c %a "$CASE_TMP/victim")" "mode of the host file behind the fake /dev/null"
}

# --- inherited fds ------------------------------------------------------------------

case_inherited_fds() {
	local mon fd
	exec 7>"$CASE_TMP/held"
	# lxc-start refuses, and says which fd it is.
	assert_exit 1 lxc_start -F -n "$CT" -- true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "inherited fd 7 (\"$CASE_TMP/held\")" stderr
	assert_contains "$ERR" "-C" stderr
	assert_state "$CT" STOPPED
	# -C closes it: neither init nor the monitor has it.
	assert_exit 0 lxc_start -F -C -n "$CT" -- ls /proc/1/fd
	assert_eq $'0\n1\n2\n3' "$OUT" "the fds of init (ls reads the directory with 3)"
	assert_exit 0 lxc_start -C -n "$CT" -p "$CASE_TMP/pid" -- sleep 100
	mon=$(cat "$CASE_TMP/pid")
	for fd in /proc/"$mon"/fd/*; do
		[ "$(readlink "$fd")" != "$CASE_TMP/held" ] || fail "the monitor holds the inherited fd ($fd)"
	done
	assert_exit 0 lxc_stop -n "$CT" -k
	# lxc-execute keeps them out of the container as well.
	assert_exit 0 lxc_execute -n "$CT" -- ls /proc/1/fd /proc/self/fd
	assert_not_contains "$OUT" 7 "fds in the container"
	exec 7>&-
}

# --- CVE-2019-5736 -----------------------------------------------------------------------

case_exe_not_writable() {
	local mode
	# A sealed memfd copy, then the detached read-only clone.
	for mode in "" memfd_create; do
		LXC_TEST_DISABLE_SYSCALLS=$mode exe_not_writable
	done
}

exe_not_writable() {
	local pid
	rm -f "$CASE_TMP/ready" "$CASE_TMP/go" "$CASE_TMP/fd.sock"
	secprobe
	# PID 1 of lxc-execute is lxc-init: nothing of it leads to a host file.
	assert_exit 0 lxc_execute -n "$CT" -- sh -c 'cat /proc/1/comm; readlink /proc/1/exe; readlink /proc/1/map_files/* | sort -u'
	assert_eq lxc-init "$(head -n 1 <<<"$OUT")" "PID 1"
	# A sealed memfd (or a detached read-only clone, shown as "/").
	assert_match "$(sed -n 2p <<<"$OUT")" '^(/memfd:lxc-exe \(deleted\)|/)$' "exe of PID 1"
	assert_eq "$(sed -n 2p <<<"$OUT")" "$(tail -n +3 <<<"$OUT")" "what PID 1 maps: its exe alone"
	# Writing through /proc/1/exe fails while it runs...
	assert_exit 0 lxc_execute -n "$CT" -- sh -c 'echo x >> /proc/1/exe && echo written; true'
	assert_not_contains "$OUT" written "a write to /proc/1/exe"
	assert_match "$ERR" "(Text file busy|Operation not permitted|Read-only file system)" "a write to /proc/1/exe"
	# ...and after: an fd of /proc/1/exe smuggled out of the container can
	# neither be made writable nor opened for writing once it stopped.
	"$CASE_TMP/secprobe" recv-fd-write "$CASE_TMP/fd.sock" "$CASE_TMP/ready" "$CASE_TMP/go" >"$CASE_TMP/attack" &
	pid=$!
	wait_for test -e "$CASE_TMP/ready"
	assert_exit 0 lxc_execute -n "$CT" -- "$CASE_TMP/secprobe" send-fd "$CASE_TMP/fd.sock" /proc/1/exe
	touch "$CASE_TMP/go"
	wait_job "$pid" 30
	assert_match "$(cat "$CASE_TMP/attack")" $'^mount_setattr EINVAL\nremount EINVAL\nwrite (EPERM|EROFS)$' "the smuggled fd"
	# The monitor is not in the container's pid namespace at all.
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	assert_exit 0 nsenter -t "$(ct_pid "$CT")" -p -m sh -c 'cat /proc/[0-9]*/comm'
	assert_not_contains "$OUT" lxc-start "processes the container sees"
	assert_contains "$OUT" sleep "processes the container sees"
	assert_exit 0 lxc_stop -n "$CT" -k
}

# --- control socket -------------------------------------------------------------------

case_control_socket() {
	local sock
	command -v setpriv >/dev/null || skip_case "needs setpriv (util-linux)"
	assert_exit 0 lxc_start -n "$CT" -- sleep 100
	sock=$(runtime_dir)/$CT.sock
	assert_eq "600 0" "$(stat -c '%a %u' "$sock")" "mode and owner of the control socket"
	# Another user: refused, with one clear line, and the container runs on.
	chmod 755 "$TEST_TMP" "$LXCPATH"
	assert_exit 1 setpriv --reuid=65534 --regid=65534 --clear-groups env -u XDG_RUNTIME_DIR \
		"$LXC_BINDIR/lxc-stop" -P "$LXCPATH" -n "$CT" -k
	assert_error_line lxc-stop "$CT"
	assert_contains "$ERR" "permission denied: only root or the container's owner may control it" stderr
	assert_state "$CT" RUNNING
	# Reading the state needs no socket.
	assert_exit 0 setpriv --reuid=65534 --regid=65534 --clear-groups env -u XDG_RUNTIME_DIR \
		"$LXC_BINDIR/lxc-info" -P "$LXCPATH" -n "$CT" -s -H
	assert_eq RUNNING "$OUT" "state as another user"
	assert_exit 0 lxc_stop -n "$CT" -k
}

# --- LSM keys ----------------------------------------------------------------------------

case_lsm_keys() {
	[ ! -e /sys/module/apparmor ] || skip_case "this host has AppArmor: the error paths need a host without it"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.apparmor.profile=unconfined -- true
	assert_exit 0 lxc_execute -n "$CT" -s lxc.apparmor.profile=generated -- true
	assert_exit 1 lxc_execute -n "$CT" -s lxc.apparmor.profile=lxc-container-default -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "AppArmor is not enabled on this host (set lxc.apparmor.allow_incomplete = 1 to run unconfined)" stderr
	assert_exit 0 lxc_execute -n "$CT" -l WARN -o "$CASE_TMP/lsm.log" -s lxc.apparmor.profile=lxc-container-default \
		-s lxc.apparmor.allow_incomplete=1 -- true
	assert_contains "$(cat "$CASE_TMP/lsm.log")" "running unconfined (lxc.apparmor.allow_incomplete = 1)" log
	[ ! -e /sys/fs/selinux/enforce ] || skip_case "this host has SELinux"
	assert_exit 1 lxc_execute -n "$CT" -s lxc.selinux.context=system_u:system_r:lxc_t:s0 -- true
	assert_contains "$ERR" "SELinux is not enabled on this host" stderr
}

run_case cap-drop-sets case_cap_drop_sets
run_case cap-keep-none case_cap_keep_none
run_case cap-ambient-cleared case_cap_ambient_cleared
run_case no-new-privs-setuid case_no_new_privs_setuid
run_case seccomp-errno case_seccomp_errno
run_case seccomp-kill-and-trap case_seccomp_kill_and_trap
run_case seccomp-arg-filter case_seccomp_arg_filter
run_case seccomp-allowlist case_seccomp_allowlist
run_case seccomp-default-profile case_seccomp_default_profile
run_case seccomp-notify case_seccomp_notify
run_case seccomp-nesting case_seccomp_nesting
run_case seccomp-errors case_seccomp_errors
run_case seccomp-cache case_seccomp_cache
run_case proc-sys-mixed case_proc_sys_mixed
run_case proc-sys-mixed-fallback case_proc_sys_mixed_fallback
run_case dev-symlink-to-host case_dev_symlink_to_host
run_case mount-race case_mount_race
run_case inherited-fds case_inherited_fds
run_case exe-not-writable case_exe_not_writable
run_case control-socket case_control_socket
run_case lsm-keys case_lsm_keys
finish
