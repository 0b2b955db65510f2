#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# User-namespaced containers (lxc.idmap) started by root, and
# lxc-usernsexec: root in the container is uid 100000 on the host.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

MAP=(-s "lxc.idmap=u 0 100000 65536" -s "lxc.idmap=g 0 100000 65536")

usernsexec() { "$LXC_BINDIR/lxc-usernsexec" "$@"; }

# A busybox rootfs owned by the container's root, made as the
# documentation says: lxc-usernsexec maps host root to an id of the
# namespace, so that the namespace's root may chown what root made.
mapped_rootfs() {
	local dir=$CASE_TMP/rootfs
	make_rootfs "$dir" grep stat echo wc mkdir
	# The mapped root must be able to reach its rootfs.
	chmod 755 "$TEST_TMP" "$CASE_TMP" "$LXCPATH"
	run_cmd usernsexec -m b:0:100000:65536 -m b:65536:0:1 -- chown -R -h 0:0 "$dir"
	[ "$RC" -eq 0 ] || fail "lxc-usernsexec chown failed: $ERR"
	assert_eq "100000 100000" "$(stat -c '%u %g' "$dir/bin/busybox")" "owner of the rootfs"
}

case_idmap_basics() {
	mapped_rootfs
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" "${MAP[@]}" -- \
		sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; touch /tmp/made; mkdir /tmp/dir'
	assert_match "$OUT" $'^0\n0\n +0 +100000 +65536\n +0 +100000 +65536$' "ids and maps in the container"
	assert_eq "100000 100000" "$(stat -c '%u %g' "$CASE_TMP/rootfs/tmp/made")" "owner of a file the container made"
	assert_eq "100000 100000" "$(stat -c '%u %g' "$CASE_TMP/rootfs/tmp/dir")" "owner of a directory the container made"
	# Its init runs as uid 100000 on the host.
	assert_exit 0 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" "${MAP[@]}" -- sleep 100
	assert_eq 100000 "$(stat -c %u /proc/"$(ct_pid "$CT")")" "host uid of init"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_idmap_cgroups_owned() {
	local cg n=0
	mapped_rootfs
	assert_exit 0 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" "${MAP[@]}" -- sleep 100
	for cg in $(ct_cgroups "$CT"); do
		n=$((n + 1))
		assert_eq "100000 100000" "$(stat -c '%u %g' "$cg")" "owner of $cg"
		assert_eq 100000 "$(stat -c %u "$cg/cgroup.procs")" "owner of $cg/cgroup.procs"
	done
	[ "$n" -gt 0 ] || fail "no cgroup of the container found"
	# The container's root (uid 100000 on the host) can delegate it further.
	cg=$(ct_cgroups "$CT" | head -n 1)
	assert_exit 0 setpriv --reuid=100000 --regid=100000 --clear-groups sh -c "mkdir $cg/sub && rmdir $cg/sub"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_idmap_with_protections() {
	local p
	mapped_rootfs
	p=$CASE_TMP/deny.seccomp
	printf '2\ndenylist\nmkdir errno 13\nmkdirat errno 13\n' >"$p"
	# Seccomp without no_new_privs, dropped capabilities, mixed /proc and
	# /sys, a devpts of its own: all inside the user namespace.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" "${MAP[@]}" \
		-s "lxc.seccomp.profile=$p" -s "lxc.cap.drop=sys_time" -s "lxc.mount.auto=proc:mixed sys:mixed" -- \
		sh -c 'mkdir /tmp/x 2>&1; grep -E "^(CapBnd|Seccomp):" /proc/self/status; cat /proc/sys/kernel/panic > /tmp/p; cat /tmp/p > /proc/sys/kernel/panic; stat -c %u /dev/pts/ptmx; cat /proc/timer_list | wc -c'
	assert_contains "$OUT" "Permission denied" "mkdir under the profile"
	assert_match "$OUT" 'Seccomp:[[:space:]]+2' "seccomp mode"
	assert_eq 0 $((0x$(sed -n 's/^CapBnd:[[:space:]]*//p' <<<"$OUT") & (1 << 25))) "sys_time in the bounding set"
	assert_contains "$ERR" "/proc/sys/kernel/panic: Read-only file system" "/proc/sys/kernel"
	assert_match "$OUT" $'\n0\n0$' "owner of /dev/pts/ptmx (the container's root) and masked timer_list"
}

case_idmap_errors() {
	mapped_rootfs
	# Overlapping ranges.
	assert_exit 1 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" "${MAP[@]}" -s "lxc.idmap=u 1000 300000 10" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "lxc.idmap: the uid maps 0:100000:65536 and 1000:300000:10 overlap" stderr
	assert_state "$CT" STOPPED
	# Root of the container unmapped.
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.idmap=u 1 100000 65536" -s "lxc.idmap=g 0 100000 65536" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "the container's root needs a map" stderr
	# lxc.namespace.keep = user contradicts a map.
	assert_exit 1 lxc_execute -n "$CT" "${MAP[@]}" -s lxc.namespace.keep=user -- true
	assert_contains "$ERR" "lxc.idmap needs a user namespace of the container's own" stderr
	# A rootfs its root cannot reach: one line, the start undone.
	chmod 700 "$CASE_TMP"
	assert_exit 1 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" "${MAP[@]}" -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "lxc.idmap: the container's root (uid 100000 on the host) cannot reach its rootfs: \"$CASE_TMP/\" is not searchable by it" stderr
	assert_state "$CT" STOPPED
	chmod 755 "$CASE_TMP"
}

case_idmapped_rootfs() {
	local before
	# A rootfs made by root, not chowned, behind a directory the mapped
	# root cannot search: mounted idmapped by the monitor.
	make_rootfs "$CASE_TMP/priv/rootfs"
	ln -sf busybox "$CASE_TMP/priv/rootfs/bin/stat"
	chmod 700 "$CASE_TMP/priv"
	before=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/priv/rootfs" -s lxc.rootfs.options=idmap=container \
		"${MAP[@]}" -s "lxc.mount.auto=proc:mixed sys:mixed" -- \
		sh -c 'id -u; stat -c "%u %g" /bin/busybox; touch /tmp/made; cat /proc/self/uid_map'
	assert_match "$OUT" $'^0\n0 0\n +0 +100000 +65536$' "ids, owners and map in the container"
	# Seen through the maps both ways: on disk it is root's.
	assert_eq "0 0" "$(stat -c '%u %g' "$CASE_TMP/priv/rootfs/tmp/made")" "owner on disk of a file the container made"
	assert_eq "$before" "$(awk '{ print $5 }' /proc/self/mountinfo | sort)" "the host's mount points"
	# Read-only as well.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/priv/rootfs" -s "lxc.rootfs.options=idmap=container,ro" \
		"${MAP[@]}" -- sh -c 'touch /x 2>/dev/null && echo writable; true'
	assert_empty "$OUT" "a read-only idmapped rootfs"
	# Errors.
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/priv/rootfs" -s lxc.rootfs.options=idmap=container -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.rootfs.options: idmap=container needs lxc.idmap" stderr
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.rootfs.path=overlay:$CASE_TMP/priv/rootfs:$CASE_TMP/upper" \
		-s lxc.rootfs.options=idmap=container "${MAP[@]}" -- true
	assert_contains "$ERR" "idmap=container needs a directory rootfs" stderr
}

case_usernsexec() {
	mkdir -m 755 "$CASE_TMP/owned"
	chown 100000:100000 "$CASE_TMP/owned"
	chmod 755 "$TEST_TMP" "$CASE_TMP"
	assert_exit 0 usernsexec -m u:0:100000:65536 -m g:0:100000:65536 -- \
		sh -c "id -u; id -g; cat /proc/self/uid_map; touch $CASE_TMP/owned/f"
	assert_match "$OUT" $'^0\n0\n +0 +100000 +65536$' "ids and map"
	assert_eq "100000 100000" "$(stat -c '%u %g' "$CASE_TMP/owned/f")" "owner of a file made in the namespace"
	# b: both; several maps; the command's status.
	assert_exit 7 usernsexec -m b:0:100000:10 -m b:10:200000:5 -- sh -c 'cat /proc/self/gid_map; exit 7'
	assert_match "$OUT" $'^ +0 +100000 +10\n +10 +200000 +5$' "gid map with b:"
	# Errors: one line each.
	assert_exit 127 usernsexec -m b:0:100000:10 -- /nonexistent
	assert_one_line
	assert_contains "$ERR" 'lxc-usernsexec: failed to exec "/nonexistent": No such file or directory' stderr
	assert_exit 1 usernsexec -m u:0:100000 -- true
	assert_eq 'lxc-usernsexec: invalid id map "u:0:100000": expected u|g|b:NSID:HOSTID:RANGE' "$ERR" stderr
	assert_exit 1 usernsexec -m u:0:100000:10 -m u:5:300000:10 -- true
	assert_contains "$ERR" "overlap" stderr
	if ! grep -qs '^root:' /etc/subuid; then
		assert_exit 1 usernsexec -- true
		assert_eq 'lxc-usernsexec: no id maps given (-m) and "/etc/subuid" has no range for "root"' "$ERR" stderr
	fi
}

run_case idmap-basics case_idmap_basics
run_case idmap-cgroups-owned case_idmap_cgroups_owned
run_case idmap-with-protections case_idmap_with_protections
run_case idmap-errors case_idmap_errors
run_case idmapped-rootfs case_idmapped_rootfs
run_case usernsexec case_usernsexec
finish
