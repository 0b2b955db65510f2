#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The configuration files LXC 5 ships (test copies in test/configs/lxc5),
# every key read back with lxc-info -c, the keys this build refuses at
# start, and writing a configuration back out.

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

CONFIGS=$TEST_DIR/configs/lxc5
SET_ITEM=$LXC_BINDIR/doc/examples/set-config-item

# A copy of the LXC 5 configuration files with their include paths
# pointing at the copy; prints its directory.
copy_configs() {
	local dir=$CASE_TMP/lxc5 f
	mkdir -p "$dir/common.conf.d"
	for f in "$CONFIGS"/*.conf "$CONFIGS"/common.seccomp; do
		sed "s|@CONFIGDIR@|$dir|g" "$f" >"$dir/$(basename "$f")"
	done
	echo "$dir"
}

case_every_file_parses() {
	local dir f n=0
	dir=$(copy_configs)
	for f in "$dir"/*.conf; do
		assert_exit 0 lxc_info -n "$CT" --rcfile "$f" -H -c lxc.cap.drop -c lxc.mount.auto
		n=$((n + 1))
	done
	[ "$n" -ge 20 ] || fail "only $n configuration files found in $CONFIGS"
}

case_debian_values() {
	local dir
	dir=$(copy_configs)
	assert_exit 0 lxc_info -n "$CT" --rcfile "$dir/debian.common.conf" -H \
		-c lxc.tty.dir -c lxc.pty.max -c lxc.mount.auto -c lxc.cap.drop -c lxc.seccomp.profile
	assert_eq "
1024
proc:mixed sys:mixed cgroup:mixed
sys_module sys_rawio sys_time mac_override mac_admin
$dir/common.seccomp" "$OUT" "debian.common.conf"
	assert_exit 0 lxc_info -n "$CT" --rcfile "$dir/debian.common.conf" -H -c lxc.mount.entry
	assert_eq "/sys/fs/fuse/connections sys/fs/fuse/connections none bind,optional 0 0" "$OUT" "lxc.mount.entry"
	assert_exit 0 lxc_info -n "$CT" --rcfile "$dir/debian.common.conf" -H -c lxc.cgroup.devices.allow
	assert_eq "c 10:232 rwm" "$OUT" "the last lxc.cgroup.devices.allow"
}

case_userns_clears() {
	local dir
	dir=$(copy_configs)
	# userns.conf after common.conf: the lists are cleared.
	write_config "$CASE_TMP/both.conf" "lxc.include = $dir/common.conf" "lxc.include = $dir/userns.conf"
	assert_exit 0 lxc_info -n "$CT" --rcfile "$CASE_TMP/both.conf" -H -c lxc.cap.drop -c lxc.tty.dir -c lxc.pty.max
	assert_eq $'\n\n1024' "$OUT" "cap.drop and tty.dir cleared, pty.max kept"
	assert_exit 0 lxc_info -n "$CT" --rcfile "$CASE_TMP/both.conf" -H -c lxc.mount.entry
	assert_eq 17 "$(wc -l <<<"$OUT")" "mount entries of common.conf and userns.conf"
}

case_container_config() {
	local dir
	dir=$(copy_configs)
	mkdir "$LXCPATH/$CT"
	cp "$dir/container.conf" "$LXCPATH/$CT/config"
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.start.auto -c lxc.start.delay -c lxc.start.order \
		-c lxc.group -c lxc.apparmor.profile -c lxc.apparmor.allow_nesting -c lxc.arch -c lxc.uts.name
	assert_eq $'1\n5\n10\nonboot\ngenerated\n1\nlinux64\nweb' "$OUT" "container config"
	rm -r "${LXCPATH:?}/$CT"
}

case_include_dir_conf_d() {
	local dir
	dir=$(copy_configs)
	# common.conf includes common.conf.d/: its *.conf files are read.
	cp "$dir/lxcfs.conf" "$dir/common.conf.d/00-lxcfs.conf"
	assert_exit 0 lxc_info -n "$CT" --rcfile "$dir/debian.common.conf" -H -c lxc.hook.mount -c lxc.hook.post-stop
	assert_eq $'/usr/share/lxcfs/lxc.mount.hook\n/usr/share/lxcfs/lxc.reboot.hook' "$OUT" "hooks from common.conf.d"
	# A missing directory is fine.
	rm -r "$dir/common.conf.d"
	assert_exit 0 lxc_info -n "$CT" --rcfile "$dir/debian.common.conf" -H -c lxc.hook.mount
	assert_empty "$OUT" "hooks without common.conf.d"
}

case_include_missing_file() {
	write_config "$CASE_TMP/c.conf" "lxc.uts.name = x" "lxc.include = $CASE_TMP/nosuch.conf"
	assert_exit 1 lxc_start -n "$CT" -f "$CASE_TMP/c.conf" -- true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "$CASE_TMP/nosuch.conf" stderr
	assert_contains "$ERR" "No such file or directory" stderr
}

case_include_loop() {
	write_config "$CASE_TMP/a.conf" "lxc.include = $CASE_TMP/b.conf"
	write_config "$CASE_TMP/b.conf" "lxc.include = $CASE_TMP/a.conf"
	assert_exit 1 timeout 10 "$LXC_BINDIR/lxc-start" -P "$LXCPATH" -n "$CT" -f "$CASE_TMP/a.conf" -- true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "include loop" stderr
}

case_legacy_keys() {
	write_config "$CASE_TMP/old.conf" "lxc.tty = 4"
	assert_exit 1 lxc_start -n "$CT" -f "$CASE_TMP/old.conf" -- true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "$CASE_TMP/old.conf:1:" stderr
	assert_contains "$ERR" '"lxc.tty.max"' stderr
	write_config "$CASE_TMP/old.conf" "# networking" "lxc.network.type = veth"
	assert_exit 1 lxc_start -n "$CT" -f "$CASE_TMP/old.conf" -- true
	assert_contains "$ERR" "$CASE_TMP/old.conf:2:" stderr
	assert_contains "$ERR" '"lxc.net.N.*"' stderr
}

case_malformed_value() {
	write_config "$CASE_TMP/bad.conf" "lxc.prlimit.nofile = lots"
	assert_exit 1 lxc_start -n "$CT" -f "$CASE_TMP/bad.conf" -- true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "$CASE_TMP/bad.conf:1: invalid value \"lots\" for \"lxc.prlimit.nofile\": expected SOFT[:HARD]" stderr
	assert_exit 1 lxc_start -n "$CT" -s "lxc.mount.entry=just-one-field" -- true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "SOURCE TARGET FSTYPE" stderr
}

case_info_running_value() {
	mkdir "$LXCPATH/$CT"
	write_config "$LXCPATH/$CT/config" "lxc.group = from-file" "lxc.start.delay = 1"
	assert_exit 0 lxc_start -n "$CT" -s lxc.group=from-s -s lxc.start.delay=7 \
		-s lxc.apparmor.profile=unconfined -- sleep 100
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.group -c lxc.start.delay -c lxc.apparmor.profile -c lxc.autodev
	assert_eq $'from-file from-s\n7\nunconfined\n1' "$OUT" "running values"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.group -c lxc.start.delay
	assert_eq $'from-file\n1' "$OUT" "values of the file"
	rm -r "${LXCPATH:?}/$CT"
}

case_lsm_unconfined_runs() {
	assert_exit 0 lxc_execute -n "$CT" -s lxc.apparmor.profile=unconfined -s lxc.selinux.context=unchanged -- true
	assert_exit 0 lxc_execute -n "$CT" -s lxc.apparmor.profile=unchanged -s lxc.apparmor.allow_nesting=1 -- true
}

case_lsm_profile_refused() {
	[ ! -e /sys/module/apparmor ] || skip_case "this host has AppArmor"
	# "generated" (LXC's default) means no confinement where there is no AppArmor.
	assert_exit 0 lxc_execute -n "$CT" -s lxc.apparmor.profile=generated -- true
	assert_exit 1 lxc_start -n "$CT" -s lxc.apparmor.profile=lxc-container-default -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" 'lxc.apparmor.profile = "lxc-container-default": AppArmor is not enabled on this host' stderr
	assert_state "$CT" STOPPED
	[ ! -e /sys/fs/selinux/enforce ] || skip_case "this host has SELinux"
	assert_exit 1 lxc_execute -n "$CT" -s lxc.selinux.context=system_u:system_r:lxc_t:s0 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "SELinux is not enabled on this host" stderr
}

case_idmap_refused() {
	# A map without the container's gid 0: refused before anything is made.
	assert_exit 1 lxc_start -n "$CT" -s "lxc.idmap=u 0 100000 65536" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "lxc.idmap: the container's root needs a map" stderr
	assert_state "$CT" STOPPED
}

case_cap_drop_and_keep_refused() {
	assert_exit 1 lxc_start -n "$CT" -s lxc.cap.drop=sys_module -s lxc.cap.keep=chown -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "both lxc.cap.drop and lxc.cap.keep" stderr
}

case_set_config_item() {
	local inc=$CASE_TMP/inc.conf
	[ -x "$SET_ITEM" ] || skip_case "$SET_ITEM not built (make check)"
	mkdir "$LXCPATH/$CT"
	write_config "$inc" "lxc.tty.max = 4" "lxc.cap.drop = sys_module"
	write_config "$LXCPATH/$CT/config" "# mine" "lxc.include = $inc" "lxc.uts.name = a"
	assert_exit 0 "$SET_ITEM" "$CT" "$LXCPATH" lxc.uts.name=b "lxc.mount.entry=tmpfs tmp tmpfs defaults 0 0" \
		lxc.tty.max=1 lxc.cap.drop=
	assert_eq "# mine
lxc.include = $inc
lxc.uts.name = b
lxc.mount.entry = tmpfs tmp tmpfs defaults 0 0
lxc.tty.max = 1
lxc.cap.drop =" "$(cat "$LXCPATH/$CT/config")" "the written configuration"
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.uts.name -c lxc.tty.max -c lxc.cap.drop
	assert_eq $'b\n1' "$OUT" "read back"
	# Errors leave the file alone.
	cp "$LXCPATH/$CT/config" "$CASE_TMP/before"
	assert_exit 1 "$SET_ITEM" "$CT" "$LXCPATH" lxc.tty.max=x
	assert_contains "$ERR" "expected a number of ttys" stderr
	assert_exit 1 "$SET_ITEM" "$CT" "$LXCPATH" lxc.bogus=1
	assert_contains "$ERR" 'unknown key "lxc.bogus"' stderr
	cmp "$CASE_TMP/before" "$LXCPATH/$CT/config" || fail "a failed set changed the file"
	assert_exit 1 "$SET_ITEM" "$CT-none" "$LXCPATH" lxc.tty.max=1
	assert_contains "$ERR" "No such file or directory" stderr
	rm -r "${LXCPATH:?}/$CT"
}

run_case every-file-parses case_every_file_parses
run_case debian-values case_debian_values
run_case userns-clears case_userns_clears
run_case container-config case_container_config
run_case include-dir-conf-d case_include_dir_conf_d
run_case include-missing-file case_include_missing_file
run_case include-loop case_include_loop
run_case legacy-keys case_legacy_keys
run_case malformed-value case_malformed_value
run_case info-running-value case_info_running_value
run_case lsm-unconfined-runs case_lsm_unconfined_runs
run_case lsm-profile-refused case_lsm_profile_refused
run_case idmap-refused case_idmap_refused
run_case cap-drop-and-keep-refused case_cap_drop_and_keep_refused
run_case set-config-item case_set_config_item
finish
