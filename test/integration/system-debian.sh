#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A Debian 12 container made by the debian template (debootstrap from the
# Debian mirror this machine's apt uses) boots systemd as PID 1 to running
# or degraded with no failed unit, shows a login on its console, and
# shuts down cleanly on lxc-stop (SIGRTMIN+3, chosen because systemd
# blocks it).  Skipped only when the mirror cannot be reached.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

# The first debootstrap downloads about 60 MB; later ones use the cache.
CASE_TIMEOUT=${CASE_TIMEOUT:-540}

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

export LXC_TEMPLATE_DIR
LXC_TEMPLATE_DIR=$(cd "$TEST_DIR/../templates" && pwd)
# The template's cache, kept between runs (LXC_TEST_CACHE moves it).
export LXC_CACHE_PATH=${LXC_TEST_CACHE:-/var/cache/lxc}

lxc_create() { "$LXC_BINDIR/lxc-create" -P "$LXCPATH" "$@"; }
lxc_destroy() { "$LXC_BINDIR/lxc-destroy" -P "$LXCPATH" "$@"; }
lxc_attach() { "$LXC_BINDIR/lxc-attach" -P "$LXCPATH" "$@"; }

# The Debian mirror of this machine's apt configuration.
apt_mirror() {
	local m
	m=$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$m" ] || m=$(sed -n 's/^deb  *\(http[^ ]*debian\)\/* .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

# The mirror answers for bookworm (HTTP through bash's /dev/tcp: no
# download tool needed).
mirror_reachable() {
	local url=$1 hostport host port path line
	hostport=${url#http://}
	path=/${hostport#*/}
	hostport=${hostport%%/*}
	host=${hostport%%:*}
	port=80
	[ "$hostport" = "$host" ] || port=${hostport#*:}
	[ "$path" != "/$hostport" ] || path=
	exec 3<>"/dev/tcp/$host/$port" || return 1
	printf 'HEAD %s/dists/bookworm/Release HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
	read -r -t 10 line <&3 || line=
	exec 3<&-
	[[ $line == HTTP/*" 200"* ]]
}

# systemd's private socket is there: systemctl can talk to it.
systemd_up() {
	lxc_attach -n "$CT" -- test -S /run/systemd/private 2>/dev/null
}

case_debian_boots_systemd() {
	local mirror start elapsed
	mirror=$(apt_mirror)
	[[ $mirror == http://* ]] || skip_case "the apt mirror \"$mirror\" is not plain http; cannot test it"
	timeout 15 bash -c "$(declare -f mirror_reachable); mirror_reachable '$mirror'" ||
		skip_case "the Debian mirror $mirror cannot be reached from this machine"
	command -v debootstrap >/dev/null || fail "debootstrap is not installed (scripts/deps installs it)"
	trap 'lxc_destroy -n "$CT" -f >/dev/null 2>&1 || true' EXIT
	assert_exit 0 timeout 480 "$LXC_BINDIR/lxc-create" -P "$LXCPATH" -n "$CT" -t debian -- --mirror "$mirror"
	assert_contains "$OUT" "lxc-debian: $CT is ready" "template's progress"
	assert_exit 0 lxc_start -n "$CT" -o "$CASE_TMP/log" -l INFO -L "$CASE_TMP/console"
	assert_state "$CT" RUNNING
	assert_eq systemd "$(cat /proc/"$(ct_pid "$CT")"/comm)" "PID 1 of the container"
	wait_for -t 60 systemd_up
	assert_exit 0 timeout 120 "$LXC_BINDIR/lxc-attach" -P "$LXCPATH" -n "$CT" -- systemctl is-system-running --wait
	assert_match "$OUT" '^(running|degraded)$' "systemctl is-system-running"
	assert_exit 0 lxc_attach -n "$CT" -- systemctl --failed --plain --no-legend --no-pager
	assert_empty "$OUT" "failed units"
	assert_exit 0 lxc_attach -n "$CT" -- sh -c 'echo $container; hostname; ls /dev/console /dev/tty1'
	assert_eq "lxc"$'\n'"$CT"$'\n/dev/console\n/dev/tty1' "$OUT" "the container as systemd sees it"
	wait_for -t 30 grep -q "$CT login:" "$CASE_TMP/console"
	# lxc-stop: systemd blocks SIGRTMIN+3, so that is the halt signal.
	start=$(now_ms)
	assert_exit 0 lxc_stop -n "$CT" -t 60
	elapsed=$(($(now_ms) - start))
	[ "$elapsed" -lt 30000 ] || fail "lxc-stop took $elapsed ms"
	assert_state "$CT" STOPPED
	assert_contains "$(cat "$CASE_TMP/log")" "stop requested: sending signal $((34 + 3))" "the halt signal"
	assert_not_contains "$(cat "$CASE_TMP/log")" "halt timeout expired" "log (the kill fallback)"
	assert_contains "$(cat "$CASE_TMP/console")" "Halting system." "systemd's shutdown on the console"
	assert_exit 0 lxc_destroy -n "$CT"
}

run_case debian-boots-systemd case_debian_boots_systemd
finish
