#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The bridge helper lxc-net and the installed default configuration: a
# container with no configuration of its own gets a veth on lxcbr0 and,
# with dnsmasq, an address by DHCP.  Everything happens in the script's
# own network namespace (TEST_NETNS), where lxcbr0 is ours.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

TEST_NETNS=1
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

LXC_NET=$TEST_DIR/../config/lxc-net
DEFAULT_CONF=$TEST_DIR/../config/default.conf

lxc_net() {
	LXC_NET_CONFIG=$CASE_TMP/lxc-net.conf LXC_NET_RUNDIR=$CASE_TMP/run \
		LXC_NET_LEASEFILE=$CASE_TMP/leases "$LXC_NET" "$@"
}

# Whatever happens, the case ends with the bridge down.
net_down_at_exit() {
	: >"$CASE_TMP/lxc-net.conf"
	trap 'lxc_net stop force >/dev/null 2>&1 || true' EXIT
}

has() { command -v "$1" >/dev/null 2>&1; }

case_start_stop() {
	local pid=""
	net_down_at_exit
	assert_exit 0 lxc_net start
	assert_match "$(ip -o addr show dev lxcbr0)" "inet 10.0.3.1/24 brd 10.0.3.255" "address of lxcbr0"
	assert_match "$(ip -o link show lxcbr0)" "state UP|,UP" "lxcbr0"
	assert_eq 1 "$(cat /proc/sys/net/ipv4/ip_forward)" "net.ipv4.ip_forward"
	if has nft; then
		run_cmd nft list table ip lxc_net_lxcbr0
		assert_contains "$OUT" "ip saddr 10.0.3.0/24 ip daddr != 10.0.3.0/24 masquerade" "NAT rule"
	else
		assert_contains "$ERR" "no NAT"
	fi
	if has dnsmasq; then
		pid=$(cat "$CASE_TMP/run/dnsmasq.pid")
		pid_alive "$pid" || fail "dnsmasq ($pid) is not running"
	fi
	assert_exit 0 lxc_net status
	assert_contains "$OUT" "lxcbr0 is up"
	assert_exit 0 lxc_net start
	assert_contains "$OUT" "already up"
	assert_exit 0 lxc_net stop
	assert_exit 1 ip link show lxcbr0
	if has nft; then
		assert_exit 1 nft list table ip lxc_net_lxcbr0
	fi
	[ -z "$pid" ] || wait_for pid_dead "$pid"
	assert_exit 3 lxc_net status
	assert_contains "$OUT" "lxcbr0 is down"
}

case_settings() {
	net_down_at_exit
	printf '%s\n' 'LXC_BRIDGE=tbr9' 'LXC_ADDR=10.90.0.1' 'LXC_NETMASK=255.255.0.0' \
		'LXC_NETWORK=10.90.0.0/16' 'LXC_DHCP_RANGE=10.90.0.2,10.90.0.9' >"$CASE_TMP/lxc-net.conf"
	trap 'lxc_net stop force >/dev/null 2>&1 || true' EXIT
	assert_exit 0 lxc_net start
	assert_contains "$(ip -o addr show dev tbr9)" "inet 10.90.0.1/16"
	assert_exit 0 lxc_net stop
	assert_exit 1 ip link show tbr9
	printf 'USE_LXC_BRIDGE=false\n' >"$CASE_TMP/lxc-net.conf"
	assert_exit 0 lxc_net start
	assert_contains "$OUT" "nothing to do"
	assert_exit 1 ip link show lxcbr0
}

case_foreign_bridge() {
	net_down_at_exit
	ip link add lxcbr0 type bridge
	trap 'ip link del lxcbr0 2>/dev/null || true' EXIT
	assert_exit 1 lxc_net start
	assert_contains "$ERR" "an interface lxcbr0 exists that lxc-net did not make"
	# Left alone.
	assert_exit 0 ip link show lxcbr0
}

case_default_conf() {
	local script=$CASE_TMP/udhcpc.script
	[ -x /bin/busybox ] || skip_case "needs /bin/busybox (busybox-static)"
	net_down_at_exit
	assert_exit 0 lxc_net start
	# A container without a configuration of its own gets the default one.
	write_config "$LXC_GLOBAL_CONF" "lxc.default_config = $DEFAULT_CONF"
	assert_exit 0 lxc_execute -n "$CT" -- ip -o link show eth0
	assert_match "$OUT" "state UP .*link/ether 00:16:3e:" "eth0 of the default configuration"
	has dnsmasq || return 0
	printf '#!/bin/sh\n[ "$1" = bound ] && ip addr add "$ip/$mask" dev "$interface"\nexit 0\n' >"$script"
	chmod +x "$script"
	assert_exit 0 lxc_execute -n "$CT" -- sh -c \
		"/bin/busybox udhcpc -i eth0 -n -q -t 5 -s $script && /bin/busybox ping -c1 -W3 10.0.3.1"
	assert_match "$OUT$ERR" "lease of 10\.0\.3\.[0-9]+ obtained" "DHCP from lxc-net's dnsmasq"
	assert_contains "$OUT" "1 packets received"
	assert_exit 0 lxc_net stop
}

run_case start-stop case_start_stop
run_case settings case_settings
run_case foreign-bridge case_foreign_bridge
run_case default-conf case_default_conf
finish
