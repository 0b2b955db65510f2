#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The container's file system tree: rootfs (directory, overlay, read-only,
# lxc.rootfs.mount), lxc.mount.entry and lxc.mount.fstab, lxc.mount.auto
# and lxc.autodev.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# A busybox rootfs with the applets these cases use.
rootfs() {
	local dir=${1:-$CASE_TMP/rootfs}
	make_rootfs "$dir" grep mkdir rmdir stat readlink test echo
}

# Run a shell command in a container on $CASE_TMP/rootfs, with -s KEY=VALUE
# settings before "--".
in_ct() {
	local args=()
	while [ "$1" != "--" ]; do
		args+=(-s "$1")
		shift
	done
	shift
	run_cmd lxc_execute -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" "${args[@]}" -- /bin/sh -c "$1"
}

# The fields of the container's mount of PATH: "OPTIONS FSTYPE".
mount_of() {
	awk -v p="$2" '$5 == p { for (i = 7; $i != "-"; i++); print $6, $(i + 1) }' <<<"$1" | tail -n 1
}

host_mounts_unchanged() {
	local now
	now=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
	assert_eq "$1" "$now" "the host's mount points"
}

case_entry_bind() {
	rootfs
	mkdir "$CASE_TMP/src" && echo data >"$CASE_TMP/src/file"
	mkdir "$CASE_TMP/rootfs/mnt"
	in_ct "lxc.mount.entry=$CASE_TMP/src mnt none bind 0 0" -- 'cat /mnt/file; echo more >/mnt/new'
	assert_eq 0 "$RC" "exit status"
	assert_eq data "$OUT" "file seen through the bind mount"
	assert_eq more "$(cat "$CASE_TMP/src/new")" "file written through the bind mount"
}

case_entry_symlink_to_etc() {
	local before
	rootfs
	before=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
	mkdir "$CASE_TMP/src" && echo planted >"$CASE_TMP/src/planted"
	ln -s /etc "$CASE_TMP/rootfs/evil"
	# Without create=dir: the link points at the rootfs's /etc, which is
	# missing, so the entry fails; the host's /etc is never a candidate.
	in_ct "lxc.mount.entry=$CASE_TMP/src evil none bind 0 0" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'target "evil" does not exist' stderr
	[ ! -e /etc/planted ] || fail "the entry was mounted on the host's /etc"
	# With create=dir: the rootfs gets its own etc/, and the mount lands there.
	in_ct "lxc.mount.entry=$CASE_TMP/src evil none bind,create=dir 0 0" -- 'cat /etc/planted; cat /evil/planted'
	assert_eq 0 "$RC" "exit status"
	assert_eq $'planted\nplanted' "$OUT" "the entry seen in the container"
	[ -d "$CASE_TMP/rootfs/etc" ] || fail "the rootfs has no etc/"
	[ ! -e /etc/planted ] || fail "the entry was mounted on the host's /etc"
	# A relative link climbing out with "..": the same.
	mkdir -p "$CASE_TMP/rootfs/a"
	ln -s ../../../../../../../etc "$CASE_TMP/rootfs/a/up"
	in_ct "lxc.mount.entry=$CASE_TMP/src a/up/sub none bind,create=dir 0 0" -- 'cat /etc/sub/planted'
	assert_eq 0 "$RC" "exit status"
	assert_eq planted "$OUT" "the entry through a/up"
	[ ! -e /etc/sub ] || fail "a directory was made in the host's /etc"
	host_mounts_unchanged "$before"
}

case_entry_symlink_fallback() {
	# The same without openat2: the library walks the path itself.
	rootfs
	mkdir "$CASE_TMP/src" && echo planted >"$CASE_TMP/src/planted"
	ln -s /etc "$CASE_TMP/rootfs/evil"
	LXC_TEST_DISABLE_SYSCALLS=openat2 in_ct "lxc.mount.entry=$CASE_TMP/src evil none bind,create=dir 0 0" -- 'cat /etc/planted'
	assert_eq 0 "$RC" "exit status"
	assert_eq planted "$OUT" "the entry seen in the container"
	[ ! -e /etc/planted ] || fail "the entry was mounted on the host's /etc"
}

case_entry_absolute_target() {
	rootfs
	mkdir "$CASE_TMP/src" "$CASE_TMP/rootfs/mnt" && echo abs >"$CASE_TMP/src/f"
	# An absolute target inside the rootfs, as the host names it.
	in_ct "lxc.mount.entry=$CASE_TMP/src $CASE_TMP/rootfs/mnt none bind 0 0" -- 'cat /mnt/f'
	assert_eq 0 "$RC" "exit status"
	assert_eq abs "$OUT" "entry with an absolute target in the rootfs"
	# Outside the rootfs: refused.
	in_ct "lxc.mount.entry=$CASE_TMP/src /mnt none bind 0 0" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'target "/mnt" is outside the rootfs' stderr
}

case_entry_ro_and_create_file() {
	rootfs
	mkdir "$CASE_TMP/src" && echo ro >"$CASE_TMP/src/f"
	echo one-file >"$CASE_TMP/single"
	in_ct "lxc.mount.entry=$CASE_TMP/src data none bind,ro,create=dir 0 0" \
		"lxc.mount.entry=$CASE_TMP/single etc/single none bind,create=file 0 0" -- \
		'cat /data/f /etc/single; if touch /data/x 2>/dev/null; then echo writable; else echo read-only; fi'
	assert_eq 0 "$RC" "exit status"
	assert_eq $'ro\none-file\nread-only' "$OUT" "ro bind mount and a created file"
	assert_file_gone "$CASE_TMP/src/x"
	[ -f "$CASE_TMP/rootfs/etc/single" ] || fail "create=file made no file"
}

case_entry_optional() {
	rootfs
	in_ct "lxc.mount.entry=$CASE_TMP/nosuch nope none bind,optional,create=dir 0 0" \
		"lxc.mount.entry=tmpfs tmp tmpfs size=1m,mode=1777 0 0" -- 'grep " /tmp " /proc/self/mountinfo'
	assert_eq 0 "$RC" "exit status"
	assert_contains "$OUT" "tmpfs" "tmpfs on /tmp"
	assert_contains "$OUT" "size=1024k" "tmpfs options"
	# Not optional: the start fails and says why.
	in_ct "lxc.mount.entry=$CASE_TMP/nosuch nope none bind,create=dir 0 0" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$CASE_TMP/nosuch" stderr
	assert_contains "$ERR" "No such file or directory" stderr
	assert_state "$CT" STOPPED
	# A bad file system type names the entry.
	in_ct "lxc.mount.entry=none tmp nosuchfs defaults 0 0" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_contains "$ERR" 'failed to mount "none" on "tmp"' stderr
}

case_entry_rbind() {
	rootfs
	mkdir -p "$CASE_TMP/src/sub" "$CASE_TMP/rootfs/b" "$CASE_TMP/rootfs/r"
	mount -t tmpfs none "$CASE_TMP/src/sub"
	echo submount >"$CASE_TMP/src/sub/f"
	in_ct "lxc.mount.entry=$CASE_TMP/src b none bind 0 0" "lxc.mount.entry=$CASE_TMP/src r none rbind 0 0" -- \
		'cat /r/sub/f; test -e /b/sub/f && echo bind-sees-it || echo bind-does-not'
	umount "$CASE_TMP/src/sub"
	assert_eq 0 "$RC" "exit status"
	assert_eq $'submount\nbind-does-not' "$OUT" "rbind takes submounts, bind does not"
}

case_fstab() {
	rootfs
	mkdir "$CASE_TMP/src" && echo fstab >"$CASE_TMP/src/f"
	cat >"$CASE_TMP/fstab" <<EOF
# comments and blank lines are fine

$CASE_TMP/src	srv	none	bind,create=dir	0 0
tmpfs run tmpfs mode=755,create=dir 0 0
EOF
	in_ct "lxc.mount.fstab=$CASE_TMP/fstab" -- 'cat /srv/f; grep -c " /run " /proc/self/mountinfo'
	assert_eq 0 "$RC" "exit status"
	assert_eq $'fstab\n1' "$OUT" "entries of lxc.mount.fstab"
	printf '# line 1\nonly-one-field\n' >"$CASE_TMP/fstab"
	in_ct "lxc.mount.fstab=$CASE_TMP/fstab" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$CASE_TMP/fstab:2: invalid mount entry" stderr
	in_ct "lxc.mount.fstab=$CASE_TMP/nosuch" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_contains "$ERR" "lxc.mount.fstab: cannot read \"$CASE_TMP/nosuch\"" stderr
}

case_entry_without_rootfs() {
	local before
	before=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
	mkdir "$CASE_TMP/mnt"
	# No rootfs: targets are paths of the container's own view.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.mount.entry=tmpfs $CASE_TMP/mnt tmpfs size=2m 0 0" -- \
		sh -c "grep ' $CASE_TMP/mnt ' /proc/self/mountinfo"
	assert_contains "$OUT" "tmpfs" "mount in the container"
	host_mounts_unchanged "$before"
}

case_auto_proc() {
	rootfs
	in_ct "lxc.mount.auto=proc:mixed" -- 'cat /proc/self/mountinfo'
	assert_eq 0 "$RC" "exit status"
	assert_match "$(mount_of "$OUT" /proc/sys)" '^ro,' "/proc/sys with proc:mixed"
	assert_match "$(mount_of "$OUT" /proc/sys/net)" '^rw,' "/proc/sys/net with proc:mixed"
	in_ct "lxc.mount.auto=proc:mixed" -- 'echo 1 >/proc/sys/net/ipv4/ip_forward && echo net-ok; echo 1 >/proc/sys/kernel/sysrq 2>/dev/null || echo kernel-ro'
	assert_eq $'net-ok\nkernel-ro' "$OUT" "writes with proc:mixed"
	in_ct "lxc.mount.auto=proc:rw" -- 'cat /proc/self/mountinfo'
	assert_match "$(mount_of "$OUT" /proc)" '^rw,' "/proc with proc:rw"
	assert_empty "$(mount_of "$OUT" /proc/sys)" "/proc/sys mount with proc:rw"
}

case_auto_sys() {
	rootfs
	in_ct "lxc.mount.auto=sys:ro" -- 'cat /proc/self/mountinfo'
	assert_match "$(mount_of "$OUT" /sys)" '^ro,.* sysfs$' "/sys with sys:ro"
	in_ct "lxc.mount.auto=sys:rw" -- 'cat /proc/self/mountinfo'
	assert_match "$(mount_of "$OUT" /sys)" '^rw,.* sysfs$' "/sys with sys:rw"
	in_ct "lxc.mount.auto=sys:mixed" -- 'cat /proc/self/mountinfo; ls /sys/devices/virtual/net'
	assert_match "$(mount_of "$OUT" /sys)" '^ro,' "/sys with sys:mixed"
	assert_match "$(mount_of "$OUT" /sys/devices/virtual/net)" '^rw,' "/sys/devices/virtual/net with sys:mixed"
	# The container's own network namespace: only lo.
	assert_eq lo "$(tail -n 1 <<<"$OUT")" "network devices in /sys"
}

case_auto_cgroup_in_cgroupns() {
	rootfs
	[ -d /sys/fs/cgroup/pids ] || skip_case "no pids cgroup v1 hierarchy"
	in_ct "lxc.mount.auto=sys:ro cgroup:mixed:force" -- \
		'cat /proc/self/mountinfo; cat /sys/fs/cgroup/pids/cgroup.procs | wc -l; mkdir /sys/fs/cgroup/pids/sub && rmdir /sys/fs/cgroup/pids/sub && echo own-writable; mkdir /sys/fs/cgroup/x 2>/dev/null || echo tmpfs-ro'
	assert_eq 0 "$RC" "exit status"
	assert_match "$(mount_of "$OUT" /sys/fs/cgroup)" '^ro,.* tmpfs$' "/sys/fs/cgroup with cgroup:mixed"
	assert_match "$(mount_of "$OUT" /sys/fs/cgroup/pids)" '^rw,.* cgroup$' "pids hierarchy with cgroup:mixed"
	assert_contains "$OUT" $'own-writable\ntmpfs-ro' "writes"
	# The root of the mount is the container's cgroup: init, sh, cat, wc.
	assert_contains "$OUT" $'\n4\n' "processes in the container's pids cgroup"
	in_ct "lxc.mount.auto=sys:ro cgroup:ro:force" -- 'cat /proc/self/mountinfo; mkdir /sys/fs/cgroup/pids/sub 2>/dev/null || echo own-ro'
	assert_match "$(mount_of "$OUT" /sys/fs/cgroup/pids)" '^ro,.* cgroup$' "pids hierarchy with cgroup:ro"
	assert_contains "$OUT" own-ro "writes with cgroup:ro"
	in_ct "lxc.mount.auto=sys:ro cgroup:rw:force" -- 'cat /proc/self/mountinfo'
	assert_match "$(mount_of "$OUT" /sys/fs/cgroup)" '^rw,.* tmpfs$' "/sys/fs/cgroup with cgroup:rw"
	# Without :force, a container that keeps CAP_SYS_ADMIN mounts its own.
	in_ct "lxc.mount.auto=sys:ro cgroup:mixed" -- 'cat /proc/self/mountinfo'
	assert_empty "$(mount_of "$OUT" /sys/fs/cgroup)" "/sys/fs/cgroup without :force"
	# cgroup2: the cgroup2 tree alone on /sys/fs/cgroup.
	in_ct "lxc.mount.auto=sys:ro cgroup2" -- 'cat /proc/self/mountinfo'
	assert_match "$(mount_of "$OUT" /sys/fs/cgroup)" '^rw,.* cgroup2$' "/sys/fs/cgroup with cgroup2"
}

case_auto_cgroup_without_cgroupns() {
	local own
	rootfs
	[ -d /sys/fs/cgroup/pids ] || skip_case "no pids cgroup v1 hierarchy"
	# No cgroup namespace: the host's paths, with only the container's
	# own cgroup writable.
	in_ct "lxc.namespace.keep=cgroup" "lxc.mount.auto=sys:ro cgroup:mixed" -- \
		'cat /proc/self/mountinfo; for f in /proc/self/cgroup; do grep pids $f; done'
	assert_eq 0 "$RC" "exit status"
	own=$(sed -n 's/^[0-9]*:pids://p' <<<"$OUT")
	assert_match "$own" "lxc\\.payload\\.$CT" "the container's pids cgroup"
	assert_match "$(mount_of "$OUT" "/sys/fs/cgroup/pids$own")" '^rw,' "own pids cgroup with cgroup:mixed"
	assert_match "$(mount_of "$OUT" /sys/fs/cgroup)" '^ro,.* tmpfs$' "/sys/fs/cgroup with cgroup:mixed"
	# cgroup-full: the whole hierarchy, read-only, and the own cgroup writable.
	in_ct "lxc.namespace.keep=cgroup" "lxc.mount.auto=sys:ro cgroup-full:mixed" -- \
		"cat /proc/self/mountinfo; mkdir /sys/fs/cgroup/pids/x 2>/dev/null || echo top-ro; mkdir /sys/fs/cgroup/pids$own/x && rmdir /sys/fs/cgroup/pids$own/x && echo own-rw"
	assert_match "$(mount_of "$OUT" /sys/fs/cgroup/pids)" '^ro,.* cgroup$' "pids hierarchy with cgroup-full:mixed"
	assert_contains "$OUT" $'top-ro\nown-rw' "writes with cgroup-full:mixed"
}

case_autodev() {
	rootfs
	touch "$CASE_TMP/rootfs/dev/marker"
	in_ct -- 'ls /dev; stat -c "%t:%T %a" /dev/null; readlink /dev/ptmx; readlink /dev/fd; grep " /dev/pts " /proc/self/mountinfo; grep " /dev/shm " /proc/self/mountinfo'
	assert_eq 0 "$RC" "exit status"
	assert_not_contains "$OUT" marker "/dev with lxc.autodev = 1"
	for node in null zero full random urandom tty ptmx pts shm fd stdin stdout stderr; do
		assert_contains "$OUT" "$node" "/dev"
	done
	assert_contains "$OUT" $'1:3 666\npts/ptmx\n/proc/self/fd' "/dev/null and links"
	assert_contains "$OUT" "devpts" "/dev/pts"
	assert_contains "$OUT" "ptmxmode=666" "/dev/pts"
	assert_contains "$OUT" "- tmpfs shm" "/dev/shm"
	# A pty can be opened in the container's own devpts.
	in_ct -- 'sh -c "test -t 0 && echo tty" </dev/ptmx 2>/dev/null; ls /dev/pts'
	assert_contains "$OUT" ptmx "/dev/pts"
	in_ct "lxc.autodev=0" -- 'ls /dev'
	assert_eq marker "$OUT" "/dev with lxc.autodev = 0"
	in_ct "lxc.autodev.tmpfs.size=1M" -- 'grep " /dev " /proc/self/mountinfo'
	assert_contains "$OUT" "size=1024k" "/dev size"
}

case_rootfs_options() {
	rootfs
	in_ct "lxc.rootfs.options=ro,nosuid,nodev" -- 'cat /proc/self/mountinfo; touch /x 2>/dev/null || echo ro'
	assert_eq 0 "$RC" "exit status"
	assert_match "$(mount_of "$OUT" /)" '^ro,nosuid,nodev' "mount options of /"
	assert_contains "$OUT" $'\nro' "write to a read-only rootfs"
	in_ct "lxc.rootfs.options=bogus=1" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.rootfs.options: unsupported option "bogus=1"' stderr
}

case_rootfs_mount() {
	rootfs
	mkdir "$CASE_TMP/mnt"
	in_ct "lxc.rootfs.mount=$CASE_TMP/mnt" -- 'ls /bin/busybox'
	assert_eq 0 "$RC" "exit status"
	in_ct "lxc.rootfs.mount=$CASE_TMP/nosuch" -- 'true'
	assert_eq 1 "$RC" "exit status"
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.rootfs.mount \"$CASE_TMP/nosuch\" does not exist" stderr
}

case_rootfs_overlay() {
	local lower=$CASE_TMP/lower upper=$CASE_TMP/delta
	rootfs "$lower"
	echo base >"$lower/base-file"
	mkdir "$upper"
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=overlay:$lower:$upper" -- \
		/bin/sh -c 'cat /base-file; echo changed >/base-file; echo new >/new-file'
	assert_eq base "$OUT" "the lower layer seen in the container"
	assert_eq base "$(cat "$lower/base-file")" "the lower layer after writes"
	assert_eq changed "$(cat "$upper/base-file")" "the upper layer after writes"
	assert_eq new "$(cat "$upper/new-file")" "a new file in the upper layer"
	[ -d "$CASE_TMP/olwork" ] || fail "no work directory next to the upper layer"
	# A second run sees the changes.
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.rootfs.path=overlay:$lower:$upper" -- /bin/cat /base-file
	assert_eq changed "$OUT" "the overlay on the second run"
	# Missing layers are named.
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.rootfs.path=overlay:$CASE_TMP/nosuch:$upper" -- /bin/true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "overlay lower layer \"$CASE_TMP/nosuch\" does not exist" stderr
	assert_exit 1 lxc_execute -n "$CT" -s "lxc.rootfs.path=overlay:$lower:$CASE_TMP/nosuch" -- /bin/true
	assert_contains "$ERR" "overlay upper layer \"$CASE_TMP/nosuch\" does not exist" stderr
}

case_rootfs_missing() {
	assert_exit 1 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/nosuch" -- /bin/true
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "rootfs \"$CASE_TMP/nosuch\" does not exist" stderr
	assert_state "$CT" STOPPED
}

case_daemon_with_mounts() {
	local pid
	rootfs
	mkdir "$CASE_TMP/src"
	assert_exit 0 lxc_start -n "$CT" -s "lxc.rootfs.path=$CASE_TMP/rootfs" \
		-s "lxc.mount.auto=proc:mixed sys:mixed" -s "lxc.mount.entry=$CASE_TMP/src srv none bind,create=dir 0 0" -- /bin/sleep 100
	pid=$(ct_pid "$CT")
	assert_contains "$(cat /proc/"$pid"/mountinfo)" " /srv " "mounts of the running init"
	assert_exit 0 lxc_stop -n "$CT" -k
}

run_case entry-bind case_entry_bind
run_case entry-symlink-to-etc case_entry_symlink_to_etc
run_case entry-symlink-fallback case_entry_symlink_fallback
run_case entry-absolute-target case_entry_absolute_target
run_case entry-ro-and-create-file case_entry_ro_and_create_file
run_case entry-optional case_entry_optional
run_case entry-rbind case_entry_rbind
run_case fstab case_fstab
run_case entry-without-rootfs case_entry_without_rootfs
run_case auto-proc case_auto_proc
run_case auto-sys case_auto_sys
run_case auto-cgroup-in-cgroupns case_auto_cgroup_in_cgroupns
run_case auto-cgroup-without-cgroupns case_auto_cgroup_without_cgroupns
run_case autodev case_autodev
run_case rootfs-options case_rootfs_options
run_case rootfs-mount case_rootfs_mount
run_case rootfs-overlay case_rootfs_overlay
run_case rootfs-missing case_rootfs_missing
run_case daemon-with-mounts case_daemon_with_mounts
finish
