#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Interfaces that come from the host and go back to it: lxc.net.N.type =
# phys (also when the container's init is killed), lxc-device add/del, and
# lxc-info -i.  The script runs in a network namespace of its own.

TEST_NETNS=1
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# spare_link NAME: a host interface to hand to a container (one end of a
# veth pair: this kernel has no dummy interfaces), removed at the end with
# its peer, which stays on the host while NAME is in the container.
spare_link() {
	host_link "$1" type veth peer name "$1p"
	CASE_LINKS="$1p $CASE_LINKS"
}

phys_conf() {
	write_config "$CASE_TMP/p.conf" \
		"lxc.net.0.type = phys" "lxc.net.0.link = tp0" "lxc.net.0.name = eth3" \
		"lxc.net.0.flags = up" "lxc.net.0.mtu = 1300" "lxc.net.0.hwaddr = 02:00:00:00:00:33" \
		"lxc.net.0.ipv4.address = 10.70.0.2/24"
}

# tp0 is on the host as before: name, MTU and MAC address.
assert_tp0_home() {
	assert_exit 0 ip -o link show tp0
	assert_contains "$OUT" "mtu 1400" "tp0 back on the host"
	assert_contains "$OUT" "link/ether $1" "tp0 back on the host"
}

case_phys() {
	local mac
	spare_link tp0
	ip link set tp0 mtu 1400
	mac=$(ip -o link show tp0 | sed -n 's/.*link\/ether \([^ ]*\).*/\1/p')
	phys_conf
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/p.conf" -- sleep 1000
	assert_match "$(in_ct_netns "$CT" ip -o link show eth3)" "mtu 1300 .*state .*link/ether 02:00:00:00:00:33" eth3
	assert_contains "$(in_ct_netns "$CT" ip -o addr show eth3)" "10.70.0.2/24"
	assert_exit 1 ip link show tp0
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_tp0_home "$mac"
}

case_phys_kill9() {
	local pid mac
	spare_link tp0
	ip link set tp0 mtu 1400
	mac=$(ip -o link show tp0 | sed -n 's/.*link\/ether \([^ ]*\).*/\1/p')
	phys_conf
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/p.conf" -- sleep 1000
	pid=$(ct_pid "$CT")
	kill -9 "$pid"
	assert_exit 0 lxc_wait -n "$CT" -s STOPPED -t 10
	assert_tp0_home "$mac"
	# Renamed in the container, it still comes back under its own name.
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/p.conf" -- sleep 1000
	in_ct_netns "$CT" ip link set eth3 down
	in_ct_netns "$CT" ip link set eth3 name renamed0
	kill -9 "$(ct_pid "$CT")"
	assert_exit 0 lxc_wait -n "$CT" -s STOPPED -t 10
	assert_tp0_home "$mac"
}

case_phys_failed_start() {
	spare_link tp0
	# The container side fails after tp0 was moved: it comes back.
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=phys -s lxc.net.0.link=tp0 \
		-s lxc.net.0.ipv4.address=10.70.0.2/24 -s lxc.net.0.ipv4.address=10.70.0.2/24 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "failed to add 10.70.0.2/24"
	assert_exit 0 ip link show tp0
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=phys -s lxc.net.0.link=lo -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" '"lo" is the loopback interface'
}

case_info_ips() {
	ip link add ti0 type bridge
	CASE_LINKS="ti0"
	trap _del_links EXIT
	assert_exit 0 lxc_start -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=ti0 \
		-s lxc.net.0.flags=up -s lxc.net.0.ipv4.address=10.71.0.2/24 \
		-s lxc.net.0.ipv4.address=10.71.1.2/24 -s lxc.net.0.ipv6.address=fd71::2/64 -- sleep 1000
	assert_exit 0 lxc_info -n "$CT" -i
	assert_eq "IP:             10.71.0.2
IP:             10.71.1.2
IP:             fd71::2" "$OUT" "lxc-info -i"
	assert_exit 0 lxc_info -n "$CT" -i -H
	assert_eq "10.71.0.2
10.71.1.2
fd71::2" "$OUT" "lxc-info -i -H"
	# Together with the state; lo and link-local addresses are not listed.
	assert_exit 0 lxc_info -n "$CT" -s -i
	assert_contains "$OUT" "State:          RUNNING"
	assert_not_contains "$OUT" "127.0.0.1"
	assert_not_contains "$OUT" "fe80"
	assert_exit 0 lxc_stop -n "$CT" -k
	# Not running: no addresses, no error.
	assert_exit 0 lxc_info -n "$CT" -i
	assert_empty "$OUT" "lxc-info -i of a stopped container"
	# A container without interfaces has none.
	assert_exit 0 lxc_start -n "$CT" -- sleep 1000
	assert_exit 0 lxc_info -n "$CT" -i
	assert_empty "$OUT" "lxc-info -i without interfaces"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_device_add_del() {
	spare_link td0
	assert_exit 0 lxc_start -n "$CT" -- sleep 1000
	assert_exit 0 lxc_device -n "$CT" add td0 eth7
	assert_empty "$ERR" stderr
	assert_contains "$(in_ct_netns "$CT" ip -o link)" "eth7"
	assert_exit 1 ip link show td0
	assert_exit 0 lxc_device -n "$CT" del eth7
	assert_exit 0 ip link show td0
	assert_not_contains "$(in_ct_netns "$CT" ip -o link)" "eth7"
	# Same name inside; and back home when the container stops.
	assert_exit 0 lxc_device -n "$CT" add td0
	assert_contains "$(in_ct_netns "$CT" ip -o link)" "td0"
	assert_exit 0 lxc_stop -n "$CT" -k
	assert_exit 0 ip link show td0
	# Also when the init is killed.
	assert_exit 0 lxc_start -n "$CT" -- sleep 1000
	assert_exit 0 lxc_device -n "$CT" add td0 eth8
	kill -9 "$(ct_pid "$CT")"
	assert_exit 0 lxc_wait -n "$CT" -s STOPPED -t 10
	assert_exit 0 ip link show td0
}

case_device_errors() {
	spare_link td0
	assert_exit 2 lxc_device -n "$CT" add td0
	assert_error_line lxc-device "$CT"
	assert_contains "$ERR" "not running"
	assert_exit 0 lxc_start -n "$CT" -- sleep 1000
	assert_exit 1 lxc_device -n "$CT" add nosuch0
	assert_error_line lxc-device "$CT"
	assert_contains "$ERR" 'interface "nosuch0" does not exist'
	assert_exit 1 lxc_device -n "$CT" del nosuch0
	assert_error_line lxc-device "$CT"
	assert_contains "$ERR" 'the container has no interface "nosuch0"'
	assert_exit 1 lxc_device -n "$CT" del lo
	assert_error_line lxc-device "$CT"
	assert_exit 1 lxc_device -n "$CT" add td0 a-name-that-is-too-long
	assert_error_line lxc-device "$CT"
	assert_contains "$ERR" "invalid interface name"
	assert_exit 1 lxc_device -n "$CT" add td0 lo
	assert_error_line lxc-device "$CT"
	assert_contains "$ERR" 'the container already has an interface "lo"'
	assert_exit 1 lxc_device -n "$CT" add /dev/null
	assert_error_line lxc-device "$CT"
	assert_exit 1 lxc_device -n "$CT" frob td0
	assert_exit 1 lxc_device -n "$CT"
	assert_exit 0 ip link show td0
	assert_exit 0 lxc_stop -n "$CT" -k
	# A container in the host's network namespace has nothing to move to.
	assert_exit 0 lxc_start -n "$CT" -s lxc.net.0.type=none -- sleep 1000
	assert_exit 1 lxc_device -n "$CT" add td0
	assert_error_line lxc-device "$CT"
	assert_contains "$ERR" "shares the host's network namespace"
	assert_exit 0 lxc_stop -n "$CT" -k
}

run_case phys case_phys
run_case phys-kill9 case_phys_kill9
run_case phys-failed-start case_phys_failed_start
run_case info-ips case_info_ips
run_case device-add-del case_device_add_del
run_case device-errors case_device_errors
finish
