#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lxc-create and lxc-destroy, the busybox and local templates, lxc.ephemeral.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

TEMPLATES=$(cd "$TEST_DIR/../templates" && pwd)
export LXC_TEMPLATE_DIR=$TEMPLATES

lxc_create() { "$LXC_BINDIR/lxc-create" -P "$LXCPATH" "$@"; }
lxc_destroy() { "$LXC_BINDIR/lxc-destroy" -P "$LXCPATH" "$@"; }

need_busybox() {
	[ -x /bin/busybox ] || skip_case "needs /bin/busybox (busybox-static)"
}

case_create_busybox() {
	need_busybox
	assert_exit 0 lxc_create -n "$CT" -t busybox
	assert_contains "$OUT" "making a busybox system" "template's progress"
	[ -x "$LXCPATH/$CT/rootfs/bin/busybox" ] || fail "no busybox in the rootfs"
	[ -L "$LXCPATH/$CT/rootfs/sbin/init" ] || fail "no /sbin/init in the rootfs"
	assert_contains "$(cat "$LXCPATH/$CT/rootfs/etc/inittab")" "console::respawn:/sbin/getty" "inittab"
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.rootfs.path -c lxc.uts.name -c lxc.signal.halt
	assert_eq "$LXCPATH/$CT/rootfs"$'\n'"$CT"$'\nSIGUSR1' "$OUT" "configuration written by the template"
	assert_contains "$(head -n 1 "$LXCPATH/$CT/config")" "# Template used to create this container: $TEMPLATES/lxc-busybox" "config header"
	# The same name again: refused, the container untouched.
	cp "$LXCPATH/$CT/config" "$CASE_TMP/config.before"
	assert_exit 1 lxc_create -n "$CT" -t busybox
	assert_error_line lxc-create "$CT"
	assert_contains "$ERR" "already exists" stderr
	cmp -s "$CASE_TMP/config.before" "$LXCPATH/$CT/config" || fail "the existing config changed"
	assert_exit 0 lxc_destroy -n "$CT"
	assert_file_gone "$LXCPATH/$CT"
}

case_create_config_keeps_includes() {
	need_busybox
	write_config "$CASE_TMP/common.conf" "lxc.tty.max = 3"
	write_config "$CASE_TMP/mine.conf" "# shared settings" "lxc.include = $CASE_TMP/common.conf" "lxc.group = web"
	assert_exit 0 lxc_create -n "$CT" -t busybox -f "$CASE_TMP/mine.conf"
	assert_contains "$(cat "$LXCPATH/$CT/config")" "lxc.include = $CASE_TMP/common.conf" "the copied config"
	assert_contains "$(cat "$LXCPATH/$CT/config")" "# shared settings" "the copied config"
	assert_not_contains "$(cat "$LXCPATH/$CT/config")" "lxc.tty.max = 3" "the copied config"
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.group
	assert_eq web "$OUT" "lxc.group from -f"
	assert_exit 0 lxc_destroy -n "$CT"
}

case_create_default_config() {
	need_busybox
	write_config "$CASE_TMP/lxc.conf" "lxc.default_config = $CASE_TMP/default.conf"
	write_config "$CASE_TMP/default.conf" "lxc.start.auto = 1"
	LXC_GLOBAL_CONF=$CASE_TMP/lxc.conf assert_exit 0 lxc_create -n "$CT" -t busybox
	assert_contains "$(cat "$LXCPATH/$CT/config")" "lxc.start.auto = 1" "the default configuration copied"
	assert_exit 0 lxc_destroy -n "$CT"
}

case_create_template_args() {
	need_busybox
	assert_exit 0 lxc_create -n "$CT" -t "$TEMPLATES/lxc-busybox" -- --busybox-path /bin/busybox
	assert_contains "$(head -n 2 "$LXCPATH/$CT/config")" "Parameters passed to the template: --busybox-path /bin/busybox" "config header"
	assert_exit 0 lxc_destroy -n "$CT"
	# A bad template argument: the template fails, nothing is left.
	assert_exit 1 lxc_create -n "$CT" -t busybox -- --busybox-path /nosuch/busybox
	assert_error_line_after lxc-create "$CT" 'template "busybox" failed with status 1'
	assert_contains "$(cat "$CASE_TMP/err" "$CASE_TMP/out")" "/nosuch/busybox" "template's message"
	assert_file_gone "$LXCPATH/$CT"
}

case_create_failures_leave_nothing() {
	# A template that makes files, mounts in its rootfs, then fails.
	cat >"$CASE_TMP/lxc-broken" <<'EOF'
#!/bin/sh
set -e
for a in "$@"; do case $a in --path=*) path=${a#*=} ;; --rootfs=*) rootfs=${a#*=} ;; esac; done
mkdir -p "$rootfs/proc" "$rootfs/etc"
echo half >"$rootfs/etc/file"
mount -t proc proc "$rootfs/proc"
echo "lxc.uts.name = x" >>"$path/config"
echo "broken on purpose" >&2
exit 4
EOF
	chmod 755 "$CASE_TMP/lxc-broken"
	assert_exit 1 lxc_create -n "$CT" -t "$CASE_TMP/lxc-broken"
	assert_error_line_after lxc-create "$CT" "template \"$CASE_TMP/lxc-broken\" failed with status 4"
	assert_file_gone "$LXCPATH/$CT"
	# A template that writes a bad configuration.
	cat >"$CASE_TMP/lxc-badconf" <<'EOF'
#!/bin/sh
for a in "$@"; do case $a in --path=*) path=${a#*=} ;; esac; done
echo "lxc.bogus = 1" >>"$path/config"
EOF
	chmod 755 "$CASE_TMP/lxc-badconf"
	assert_exit 1 lxc_create -n "$CT" -t "$CASE_TMP/lxc-badconf"
	assert_error_line lxc-create "$CT"
	assert_contains "$ERR" "the template wrote an unusable configuration" stderr
	assert_contains "$ERR" 'unknown key "lxc.bogus"' stderr
	assert_file_gone "$LXCPATH/$CT"
	# No such template, a non-executable one, no template at all.
	assert_exit 1 lxc_create -n "$CT" -t nosuch
	assert_error_line lxc-create "$CT"
	assert_contains "$ERR" "template \"nosuch\" not found (\"$TEMPLATES/lxc-nosuch\")" stderr
	chmod 644 "$CASE_TMP/lxc-badconf"
	assert_exit 1 lxc_create -n "$CT" -t "$CASE_TMP/lxc-badconf"
	assert_contains "$ERR" "is not an executable file" stderr
	assert_exit 1 lxc_create -n "$CT"
	assert_contains "$ERR" "no template given" stderr
	assert_exit 1 lxc_create -n "$CT" -t busybox -f "$CASE_TMP/nosuch.conf"
	assert_contains "$ERR" "$CASE_TMP/nosuch.conf" stderr
	assert_exit 1 lxc_create -n "$CT" -t busybox -B lvm
	assert_contains "$ERR" 'invalid value "lvm" for option -B' stderr
	assert_file_gone "$LXCPATH/$CT"
}

# The last stderr line is "PROG: NAME: ..." and contains TEXT (the
# template's own messages come before it).
assert_error_line_after() {
	local last
	last=$(tail -n 1 "$CASE_TMP/err")
	[[ $last == "$1: $2: "* ]] || fail "last stderr line does not start with \"$1: $2: \": \"$last\""
	assert_contains "$last" "$3" "last stderr line"
}

case_create_local() {
	need_busybox
	make_rootfs "$CASE_TMP/tree"
	echo from-tarball >"$CASE_TMP/tree/marker"
	mkdir -p "$CASE_TMP/tree/etc"
	tar -C "$CASE_TMP/tree" -czf "$CASE_TMP/rootfs.tar.gz" .
	write_config "$CASE_TMP/extra.conf" "lxc.environment = FROM_SNIPPET=1"
	assert_exit 0 lxc_create -n "$CT" -t local -- --fstree "$CASE_TMP/rootfs.tar.gz" --config "$CASE_TMP/extra.conf"
	assert_eq from-tarball "$(cat "$LXCPATH/$CT/rootfs/marker")" "the unpacked tarball"
	assert_exit 0 lxc_execute -n "$CT" -- /bin/sh -c 'cat /marker; hostname; echo $FROM_SNIPPET'
	assert_eq $'from-tarball\n'"$CT"$'\n1' "$OUT" "a container from the tarball"
	assert_exit 0 lxc_destroy -n "$CT"
	# Metadata of an LXC image: its config is added.
	mkdir "$CASE_TMP/meta"
	echo "lxc.group = from-image" >"$CASE_TMP/meta/config"
	tar -C "$CASE_TMP/meta" -cf "$CASE_TMP/meta.tar" config
	assert_exit 0 lxc_create -n "$CT" -t local -- --fstree "$CASE_TMP/rootfs.tar.gz" --metadata "$CASE_TMP/meta.tar"
	assert_exit 0 lxc_info -n "$CT" -H -c lxc.group
	assert_eq from-image "$OUT" "lxc.group from the image's metadata"
	assert_exit 0 lxc_destroy -n "$CT"
	# No --fstree, or a broken one: nothing is left.
	assert_exit 1 lxc_create -n "$CT" -t local
	assert_contains "$(cat "$CASE_TMP/err")" "--fstree is required" "template's message"
	assert_file_gone "$LXCPATH/$CT"
	echo "not a tarball" >"$CASE_TMP/junk.tar"
	assert_exit 1 lxc_create -n "$CT" -t local -- --fstree "$CASE_TMP/junk.tar"
	assert_file_gone "$LXCPATH/$CT"
}

case_destroy() {
	need_busybox
	assert_exit 0 lxc_create -n "$CT" -t busybox
	assert_exit 0 lxc_start -n "$CT" -- /bin/sleep 100
	# Running: refused without -f.
	assert_exit 2 lxc_destroy -n "$CT"
	assert_error_line lxc-destroy "$CT"
	assert_contains "$ERR" "is RUNNING: stop it first, or use -f" stderr
	[ -d "$LXCPATH/$CT/rootfs" ] || fail "the rootfs of a running container was removed"
	assert_state "$CT" RUNNING
	assert_exit 0 lxc_destroy -n "$CT" -f
	assert_state "$CT" STOPPED
	assert_file_gone "$LXCPATH/$CT"
	assert_exit 1 lxc_destroy -n "$CT"
	assert_contains "$ERR" "no such container" stderr
}

case_destroy_safety() {
	local outside=$CASE_TMP/outside
	need_busybox
	assert_exit 0 lxc_create -n "$CT" -t busybox
	# A symlink to a directory outside, a mount below: neither is followed.
	mkdir "$outside" && echo keep >"$outside/file"
	ln -s "$outside" "$LXCPATH/$CT/rootfs/link"
	assert_exit 0 lxc_destroy -n "$CT"
	assert_eq keep "$(cat "$outside/file")" "a file behind a symlink"
	assert_exit 0 lxc_create -n "$CT" -t busybox
	mkdir "$LXCPATH/$CT/rootfs/mnt/sub"
	mount --bind "$outside" "$LXCPATH/$CT/rootfs/mnt/sub"
	assert_exit 1 lxc_destroy -n "$CT"
	assert_error_line lxc-destroy "$CT"
	assert_contains "$ERR" "something is mounted below it" stderr
	umount "$LXCPATH/$CT/rootfs/mnt/sub"
	assert_eq keep "$(cat "$outside/file")" "a file behind a mount"
	assert_exit 0 lxc_destroy -n "$CT"
	assert_file_gone "$LXCPATH/$CT"
	# A rootfs outside the container's directory is kept.
	mkdir "$LXCPATH/$CT"
	make_rootfs "$CASE_TMP/ext-rootfs"
	write_config "$LXCPATH/$CT/config" "lxc.rootfs.path = $CASE_TMP/ext-rootfs"
	assert_exit 0 lxc_destroy -n "$CT"
	[ -x "$CASE_TMP/ext-rootfs/bin/busybox" ] || fail "an outside rootfs was removed"
}

case_destroy_hook() {
	need_busybox
	assert_exit 0 lxc_create -n "$CT" -t busybox
	echo "lxc.hook.destroy = echo \$LXC_NAME >$CASE_TMP/destroyed" >>"$LXCPATH/$CT/config"
	assert_exit 0 lxc_destroy -n "$CT"
	assert_eq "$CT $CT lxc destroy" "$(cat "$CASE_TMP/destroyed")" "the destroy hook ran (with its version 0 arguments)"
	assert_exit 0 lxc_create -n "$CT" -t busybox
	echo "lxc.hook.destroy = exit 3" >>"$LXCPATH/$CT/config"
	assert_exit 1 lxc_destroy -n "$CT"
	assert_contains "$ERR" 'lxc.hook.destroy "exit 3" failed with status 3' stderr
	[ -d "$LXCPATH/$CT/rootfs" ] || fail "removed although the destroy hook failed"
	sed -i '/lxc.hook.destroy/d' "$LXCPATH/$CT/config"
	assert_exit 0 lxc_destroy -n "$CT"
}

case_ephemeral() {
	need_busybox
	assert_exit 0 lxc_create -n "$CT" -t busybox
	echo "lxc.ephemeral = 1" >>"$LXCPATH/$CT/config"
	assert_exit 0 lxc_start -n "$CT" -- /bin/sleep 100
	[ -d "$LXCPATH/$CT" ] || fail "removed while running"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_file_gone "$LXCPATH/$CT"
}

run_case create-busybox case_create_busybox
run_case create-config-keeps-includes case_create_config_keeps_includes
run_case create-default-config case_create_default_config
run_case create-template-args case_create_template_args
run_case create-failures-leave-nothing case_create_failures_leave_nothing
run_case create-local case_create_local
run_case destroy case_destroy
run_case destroy-safety case_destroy_safety
run_case destroy-hook case_destroy_hook
run_case ephemeral case_ephemeral
finish
