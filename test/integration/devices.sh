#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Device control: lxc.cgroup.devices.* (the v1 devices hierarchy, or the
# cgroup2 device program when the host has no such hierarchy) and
# lxc.cgroup2.devices.* (always the BPF_PROG_TYPE_CGROUP_DEVICE program),
# on this host's layout and with LXC_TEST_CGROUP_LAYOUT=unified (liblxc
# ignores the v1 hierarchies, as on a cgroup2-only host).
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

lxc_cgroup() { "$LXC_BINDIR/lxc-cgroup" -P "$LXCPATH" "$@"; }

# Each probe prints one word: what worked, or what was refused and why.
PROBE='
try() { if "$@" 2>"$0.err"; then echo "$1-ok"; else echo "$1-$(grep -o "Operation not permitted" "$0.err" | head -n 1 | tr " " _)"; fi; }
try_null() { if echo x >/dev/null; then echo null-ok; else echo null-refused; fi; }
try_null
try mknod "$0.blk" b 7 0
rm -f "$0.blk"
if head -c 1 /dev/urandom >/dev/null 2>&1; then echo urandom-ok; else echo urandom-refused; fi
if head -c 1 /dev/zero >/dev/null 2>&1; then echo zero-ok; else echo zero-refused; fi
try mknod "$0.chr" c 1 3
rm -f "$0.chr"
'

probe() {
	assert_exit 0 lxc_execute -n "$CT" "$@" -- sh -c "$PROBE" "$CASE_TMP/node"
	PROBED=$(printf '%s' "$OUT" | tr '\n' ' ')
}

# null and zero allowed, everything else denied but mknod of char devices.
write_policy() {
	local prefix=$1
	write_config "$CASE_TMP/devices.conf" \
		"$prefix.devices.deny = a" \
		"$prefix.devices.allow = c *:* m" \
		"$prefix.devices.allow = c 1:3 rwm" \
		"$prefix.devices.allow = c 1:5 rwm"
}

EXPECT="null-ok mknod-Operation_not_permitted urandom-refused zero-ok mknod-ok"

case_no_rules_no_restriction() {
	probe
	assert_eq "null-ok mknod-ok urandom-ok zero-ok mknod-ok" "$PROBED" "device access without rules"
}

case_cgroup2_rules() {
	# On a hybrid host too: the program sits on the cgroup2 cgroup.
	[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
	write_policy lxc.cgroup2
	probe -f "$CASE_TMP/devices.conf"
	assert_eq "$EXPECT" "$PROBED" "device access"
}

case_cgroup2_rules_unified() {
	[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
	export LXC_TEST_CGROUP_LAYOUT=unified
	write_policy lxc.cgroup2
	probe -f "$CASE_TMP/devices.conf"
	assert_eq "$EXPECT" "$PROBED" "device access"
}

case_v1_rules() {
	[ -d /sys/fs/cgroup/devices ] || skip_case "no v1 devices hierarchy on this host"
	write_policy lxc.cgroup
	probe -f "$CASE_TMP/devices.conf"
	assert_eq "$EXPECT" "$PROBED" "device access"
	# The kernel holds the v1 rules.
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/devices.conf" -- sleep 100
	assert_exit 0 lxc_cgroup -n "$CT" devices.list
	assert_eq "c *:* m"$'\n'"c 1:3 rwm"$'\n'"c 1:5 rwm" "$OUT" "devices.list"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_v1_keys_unified() {
	# The same configuration on a cgroup2-only host: the program.
	[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
	export LXC_TEST_CGROUP_LAYOUT=unified
	write_policy lxc.cgroup
	probe -f "$CASE_TMP/devices.conf"
	assert_eq "$EXPECT" "$PROBED" "device access"
}

case_deny_list() {
	# "allow a" then denials: a deny-list; a later rule overrides.
	[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
	export LXC_TEST_CGROUP_LAYOUT=unified
	write_config "$CASE_TMP/devices.conf" \
		"lxc.cgroup2.devices.allow = a" \
		"lxc.cgroup2.devices.deny = b *:* m" \
		"lxc.cgroup2.devices.deny = c 1:9 rwm" \
		"lxc.cgroup2.devices.deny = c 1:5 w" \
		"lxc.cgroup2.devices.allow = c 1:5 w"
	probe -f "$CASE_TMP/devices.conf"
	assert_eq "null-ok mknod-Operation_not_permitted urandom-refused zero-ok mknod-ok" "$PROBED" "device access"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/devices.conf" -- sh -c 'echo x >/dev/zero && echo zero-write-ok'
	assert_eq zero-write-ok "$OUT" "write to /dev/zero"
}

case_many_rules() {
	# The kernel's verifier takes a long program (one block per rule).
	local i lines=()
	[ -n "$(cgroup_v2_root)" ] || skip_case "no cgroup2 tree mounted"
	lines+=("lxc.cgroup2.devices.deny = a")
	for i in $(seq 10 209); do
		lines+=("lxc.cgroup2.devices.allow = c $i:* rw")
	done
	lines+=("lxc.cgroup2.devices.allow = c 1:3 rwm")
	write_config "$CASE_TMP/devices.conf" "${lines[@]}"
	probe -f "$CASE_TMP/devices.conf"
	assert_eq "null-ok mknod-Operation_not_permitted urandom-refused zero-refused mknod-ok" "$PROBED" "device access"
}

case_shipped_policy() {
	# config/devices.conf: what a system container needs, nothing more.
	local conf
	conf=$(cd "$TEST_DIR/.." && pwd)/config/devices.conf
	[ -f "$conf" ] || fail "$conf missing"
	write_config "$CASE_TMP/c.conf" "lxc.include = $conf"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/c.conf" -- sh -c '
		for d in null zero full random urandom ptmx; do
			if head -c 0 /dev/$d 2>/dev/null && : >/dev/$d 2>/dev/null; then printf "%s " "$d"; fi
		done
		# Without a controlling terminal /dev/tty says ENXIO, not EPERM.
		( : </dev/tty ) 2>"$0.err" || grep -q "not permitted" "$0.err" || printf "tty "
		rm -f "$0.err"
		mknod "$0.blk" b 7 0 2>/dev/null && echo blk-made
		mknod "$0.chr" c 1 3 && echo chr-made
		rm -f "$0.blk" "$0.chr"' "$CASE_TMP/node"
	assert_eq "null zero full random urandom ptmx tty chr-made" "$(printf '%s' "$OUT" | tr '\n' ' ' | sed 's/ $//')" "devices usable with the shipped policy"
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/c.conf" -- sh -c 'head -c 1 /dev/loop0 || true'
	assert_contains "$ERR" "Operation not permitted" "reading a block device"
	LXC_TEST_CGROUP_LAYOUT=unified assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/c.conf" -- sh -c 'mknod "$0" b 7 0 || true' "$CASE_TMP/node"
	assert_contains "$ERR" "Operation not permitted" "mknod of a block device, cgroup2"
	assert_file_gone "$CASE_TMP/node"
}

case_bad_rule() {
	local key
	for key in lxc.cgroup2.devices.allow lxc.cgroup2.devices.deny; do
		assert_exit 1 lxc_start -n "$CT" -s "$key=x 1:3 rwm" -- sleep 100
		assert_error_line lxc-start "$CT"
		assert_contains "$ERR" "\"$key\": invalid device rule \"x 1:3 rwm\""
		assert_state "$CT" STOPPED
		assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed start"
	done
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.cgroup2.devices.allow=c 1:3 rwq" -- true
	assert_error_line lxc-execute "$CT"
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.cgroup2.devices.list=a" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "only devices.allow and devices.deny"
	LXC_TEST_CGROUP_LAYOUT=unified assert_exit 1 lxc_execute -n "$CT" -s "lxc.cgroup.devices.allow=c 1" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "invalid device rule \"c 1\""
	if [ -d /sys/fs/cgroup/devices ]; then
		# v1: the kernel's own parser says no.
		assert_exit 1 lxc_execute -n "$CT" -s "lxc.cgroup.devices.allow=x 1:3 rwm" -- true
		assert_error_line lxc-execute "$CT"
		assert_contains "$ERR" "\"lxc.cgroup.devices.allow\": the kernel rejected \"x 1:3 rwm\": Invalid argument"
	fi
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed starts"
}

case_legacy_host() {
	# Without cgroup2, lxc.cgroup2.devices.* cannot be enforced; the v1
	# keys can.
	[ -d /sys/fs/cgroup/devices ] || skip_case "no v1 devices hierarchy on this host"
	export LXC_TEST_CGROUP_LAYOUT=legacy
	assert_exit 1 lxc_start -n "$CT" -s "lxc.cgroup2.devices.deny=a" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "\"lxc.cgroup2.devices\": no cgroup2 tree is mounted on this host (use lxc.cgroup.devices.* with its v1 devices hierarchy)"
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed start"
	write_policy lxc.cgroup
	probe -f "$CASE_TMP/devices.conf"
	assert_eq "$EXPECT" "$PROBED" "device access"
}

case_no_bpf() {
	# A kernel without bpf(2) cannot enforce cgroup2 rules: say so, start nothing.
	LXC_TEST_DISABLE_SYSCALLS=bpf assert_exit 1 lxc_start -n "$CT" -s "lxc.cgroup2.devices.deny=a" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "the kernel has no bpf(2) system call (CONFIG_BPF_SYSCALL), so cgroup2 device rules cannot be enforced"
	assert_state "$CT" STOPPED
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed start"
	# Without device rules bpf(2) is not needed.
	LXC_TEST_DISABLE_SYSCALLS=bpf assert_exit 0 lxc_execute -n "$CT" -- true
}

run_case no-rules-no-restriction case_no_rules_no_restriction
run_case cgroup2-rules case_cgroup2_rules
run_case cgroup2-rules-unified case_cgroup2_rules_unified
run_case v1-rules case_v1_rules
run_case v1-keys-unified case_v1_keys_unified
run_case deny-list case_deny_list
run_case many-rules case_many_rules
run_case shipped-policy case_shipped_policy
run_case bad-rule case_bad_rule
run_case legacy-host case_legacy_host
run_case no-bpf case_no_bpf
finish
