#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lxc.hook.*: order, arguments, environment, failures.
# shellcheck disable=SC2016 # $ in single quotes is for the hook's shell

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

HOST_TYPES="pre-start pre-mount mount autodev start-host stop post-stop"

# A hook script that logs its type, arguments and LXC_* variables.
write_hook() {
	cat >"$CASE_TMP/hook" <<EOF
#!/bin/sh
{
	echo "type=\${LXC_HOOK_TYPE:-?} args=\$*"
	env | grep '^LXC_' | sort
	echo --
} >>"$CASE_TMP/hooks.log"
EOF
	chmod +x "$CASE_TMP/hook"
}

# The container's rootfs, with a start hook of its own (it runs inside).
hook_rootfs() {
	make_rootfs "$CASE_TMP/rootfs"
	cat >"$CASE_TMP/rootfs/start-hook" <<'EOF'
#!/bin/sh
echo "start args=$* name=$LXC_NAME host=$(hostname) container=$container" >/start.log
EOF
	chmod +x "$CASE_TMP/rootfs/start-hook"
}

hook_settings() {
	local t
	for t in $HOST_TYPES; do
		printf '%s\n' "lxc.hook.$t = $CASE_TMP/hook"
	done
	printf '%s\n' "lxc.hook.start = /start-hook"
}

case_order_and_arguments() {
	local types
	write_hook
	hook_rootfs
	{ echo "lxc.rootfs.path = $CASE_TMP/rootfs"; echo "lxc.uts.name = hooked"; hook_settings; } >"$CASE_TMP/config"
	assert_exit 0 lxc_start -F -n "$CT" -f "$CASE_TMP/config" -- /bin/sh -c true
	types=$(sed -n 's/^type=? args=[^ ]* lxc \([^ ]*\).*/\1/p' "$CASE_TMP/hooks.log" | tr '\n' ' ')
	assert_eq "pre-start pre-mount mount autodev start-host stop post-stop " "$types" "hooks in order"
	assert_contains "$(cat "$CASE_TMP/hooks.log")" "args=$CT lxc pre-start" "version 0 arguments"
	assert_eq "start args=$CT lxc start name=$CT host=hooked container=lxc" \
		"$(cat "$CASE_TMP/rootfs/start.log")" "the start hook, run in the container"
}

# The LXC_* variables of one hook in the log: "NAME=VALUE" lines.
hook_vars() {
	awk -v t="$1" '/^type=/ { on = index($0, " lxc " t) > 0 || $1 == "type=" t } on && /^LXC_/' "$CASE_TMP/hooks.log"
}

case_environment() {
	local vars pid
	write_hook
	hook_rootfs
	mkdir "$LXCPATH/$CT"
	{ echo "lxc.rootfs.path = $CASE_TMP/rootfs"; echo "lxc.log.level = INFO"; hook_settings; } >"$LXCPATH/$CT/config"
	assert_exit 0 lxc_start -n "$CT" -- /bin/sleep 100
	pid=$(ct_pid "$CT")
	vars=$(hook_vars pre-start)
	assert_contains "$vars" "LXC_NAME=$CT" "pre-start environment"
	assert_contains "$vars" "LXC_CONFIG_FILE=$LXCPATH/$CT/config" "pre-start environment"
	assert_contains "$vars" "LXC_ROOTFS_PATH=$CASE_TMP/rootfs" "pre-start environment"
	assert_contains "$vars" "LXC_ROOTFS_MOUNT=$CASE_TMP/rootfs" "pre-start environment"
	assert_contains "$vars" "LXC_LOG_LEVEL=INFO" "pre-start environment"
	assert_contains "$vars" "LXC_CGNS_AWARE=1" "pre-start environment"
	assert_contains "$vars" "LXC_HOOK_VERSION=0" "pre-start environment"
	assert_contains "$(hook_vars start-host)" "LXC_PID=$pid" "start-host environment"
	assert_contains "$(hook_vars mount)" "LXC_ROOTFS_MOUNT=$CASE_TMP/rootfs" "mount environment"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_contains "$(hook_vars stop)" "LXC_TARGET=stop" "stop environment"
	assert_contains "$(hook_vars post-stop)" "LXC_TARGET=stop" "post-stop environment"
	# The stop hook gets the container's namespaces as arguments.
	assert_match "$(grep 'lxc stop' "$CASE_TMP/hooks.log")" "net:/proc/[0-9]+/fd/[0-9]+" "stop hook arguments"
	rm -r "${LXCPATH:?}/$CT"
}

case_version_1() {
	local netns cgroupns
	write_hook
	# The stop hook reads the namespace the container had.
	cat >"$CASE_TMP/stop-hook" <<EOF
#!/bin/sh
readlink "\$LXC_NET_NS" >"$CASE_TMP/stop-netns"
readlink "\$LXC_CGROUP_NS" >"$CASE_TMP/stop-cgroupns"
EOF
	chmod +x "$CASE_TMP/stop-hook"
	assert_exit 0 lxc_start -n "$CT" -s lxc.hook.version=1 -s "lxc.hook.pre-start=$CASE_TMP/hook" \
		-s "lxc.hook.stop=$CASE_TMP/stop-hook" -- sleep 100
	netns=$(readlink /proc/"$(ct_pid "$CT")"/ns/net)
	cgroupns=$(readlink /proc/"$(ct_pid "$CT")"/ns/cgroup)
	assert_ne "$(readlink /proc/self/ns/cgroup)" "$cgroupns" "the container's cgroup namespace"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_contains "$(cat "$CASE_TMP/hooks.log")" $'type=pre-start args=\n' "version 1: no arguments"
	assert_contains "$(hook_vars pre-start)" "LXC_HOOK_SECTION=lxc" "version 1 environment"
	assert_contains "$(hook_vars pre-start)" "LXC_HOOK_TYPE=pre-start" "version 1 environment"
	assert_eq "$netns" "$(cat "$CASE_TMP/stop-netns")" "the stop hook's LXC_NET_NS"
	assert_eq "$cgroupns" "$(cat "$CASE_TMP/stop-cgroupns")" "the stop hook's LXC_CGROUP_NS"
}

case_several_in_order() {
	assert_exit 0 lxc_execute -n "$CT" -s "lxc.hook.pre-start=echo one >>$CASE_TMP/order" \
		-s "lxc.hook.pre-start=echo two >>$CASE_TMP/order" -s "lxc.hook.pre-start=echo three >>$CASE_TMP/order" -- true
	assert_eq $'one '"$CT"$' lxc pre-start\ntwo '"$CT"$' lxc pre-start\nthree '"$CT"' lxc pre-start' \
		"$(cat "$CASE_TMP/order")" "hooks of one type"
}

case_hook_output_logged() {
	assert_exit 0 lxc_execute -n "$CT" -o "$CASE_TMP/log" -l INFO -s "lxc.hook.pre-start=echo said-so" -- true
	assert_contains "$(cat "$CASE_TMP/log")" "lxc.hook.pre-start: said-so $CT lxc pre-start" "log"
}

# A failing hook: the start fails with one line, nothing is left.
hook_fails() {
	local type=$1
	shift
	assert_exit 1 lxc_start -n "$CT" "$@" -s "lxc.hook.$type=echo bad news >&2; exit 3" -- /bin/sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" "lxc.hook.$type \"echo bad news >&2; exit 3\" failed with status 3: bad news" stderr
	assert_state "$CT" STOPPED
	assert_empty "$(ct_cgroups "$CT")" "cgroups after the failed start"
}

case_failures() {
	make_rootfs "$CASE_TMP/rootfs"
	hook_fails pre-start
	hook_fails pre-mount -s "lxc.rootfs.path=$CASE_TMP/rootfs"
	hook_fails mount -s "lxc.rootfs.path=$CASE_TMP/rootfs"
	hook_fails autodev -s "lxc.rootfs.path=$CASE_TMP/rootfs"
	hook_fails start -s "lxc.rootfs.path=$CASE_TMP/rootfs"
	hook_fails start-host
	hook_fails mount
}

case_stop_hook_failure_is_not_fatal() {
	assert_exit 0 lxc_start -n "$CT" -s "lxc.hook.post-stop=exit 4" -s "lxc.hook.stop=exit 5" -- sleep 100
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_state "$CT" STOPPED
}

run_case order-and-arguments case_order_and_arguments
run_case environment case_environment
run_case version-1 case_version_1
run_case several-in-order case_several_in_order
run_case hook-output-logged case_hook_output_logged
run_case failures case_failures
run_case stop-hook-failure-is-not-fatal case_stop_hook_failure_is_not_fatal
finish
