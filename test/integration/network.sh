#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Networking: lxc.net.N of every type, addresses, routes, gateways, hooks,
# the errors users can hit, and that a stop or a failed start leaves no
# interface behind.  The whole script runs in a network namespace of its
# own (TEST_NETNS): bridges and host-side interfaces are made there, and
# traffic goes only between them.
# shellcheck disable=SC2016 # $ in single quotes is for the container's shell

TEST_NETNS=1
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

BUSYBOX=/bin/busybox

# --- host-side interfaces of a case (host_link in lib.sh) ----------------------

# bridge NAME [ADDRESS...]: a bridge, up, with addresses.
bridge() {
	local name=$1 a
	shift
	host_link "$name" type bridge
	for a in "$@"; do
		ip addr add "$a" dev "$name" nodad 2>/dev/null || ip addr add "$a" dev "$name"
	done
	ip link set "$name" up
}

# spare_link NAME: a link to put macvlan/vlan/ipvlan/phys on (this kernel
# has no dummy interfaces): one end of a veth pair, up.
spare_link() {
	host_link "$1" type veth peer name "$1p"
	ip link set "$1" up
	ip link set "$1p" up
}

# The MAC address in "ip -o link" output.
mac_of() { sed -n 's/.*link\/ether \([^ ]*\).*/\1/p' <<<"$1"; }


needs_busybox() {
	[ -x "$BUSYBOX" ] || skip_case "needs $BUSYBOX (busybox-static)"
}

# The kernel can make a link of this type (probed on a spare link).
kernel_has() {
	local kind=$1 ok=1
	spare_link tkprobe
	case $kind in
	ipvlan) ip link add tkprobe.i link tkprobe type ipvlan mode l2 2>/dev/null || ok=0 ;;
	vlan) ip link add tkprobe.v link tkprobe type vlan id 7 2>/dev/null || ok=0 ;;
	vlan_filtering)
		host_link tkprobe-br type bridge
		ip link set tkprobe-br type bridge vlan_filtering 1 2>/dev/null || ok=0
		;;
	esac
	ip link del tkprobe.i 2>/dev/null || true
	ip link del tkprobe.v 2>/dev/null || true
	[ "$ok" = 1 ]
}

# The interfaces of the namespace, and after a failed start, that nothing
# was added (synchronously: the failure path removes what it made).
links_now() { links | tr '\n' ' '; }

# --- veth on a bridge --------------------------------------------------------------

case_veth_bridge_ping() {
	local host
	needs_busybox
	bridge tb0 10.60.0.1/24
	write_config "$CASE_TMP/a.conf" \
		"lxc.net.0.type = veth" "lxc.net.0.link = tb0" "lxc.net.0.flags = up" \
		"lxc.net.0.ipv4.address = 10.60.0.2/24" "lxc.net.0.ipv4.gateway = 10.60.0.1"
	write_config "$CASE_TMP/b.conf" \
		"lxc.net.0.type = veth" "lxc.net.0.link = tb0" "lxc.net.0.flags = up" \
		"lxc.net.0.ipv4.address = 10.60.0.3/24" "lxc.net.0.ipv4.gateway = 10.60.0.1"
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/a.conf" -- sleep 1000
	# The generated host end, attached to the bridge and up.
	host=$(lxc_info -n "$CT" -H -c lxc.net.0.veth.pair)
	assert_match "$host" '^veth[0-9a-f]{8}$' "host end of the veth"
	assert_match "$(ip -o link show "$host")" "master tb0 .*state UP" "host end"
	# Container to container, container to the bridge, host to container.
	assert_exit 0 lxc_execute -n "$CT-2" -f "$CASE_TMP/b.conf" -- sh -c \
		"$BUSYBOX ping -c1 -W3 10.60.0.2 && $BUSYBOX ping -c1 -W3 10.60.0.1 && ip route"
	assert_contains "$OUT" "default via 10.60.0.1 dev eth0"
	assert_contains "$OUT" "1 packets received"
	assert_exit 0 "$BUSYBOX" ping -c1 -W3 10.60.0.2
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_for link_gone "$host"
}

case_veth_names_order() {
	bridge tb0
	write_config "$CASE_TMP/c.conf" \
		"lxc.net.2.type = veth" "lxc.net.2.link = tb0" \
		"lxc.net.0.type = veth" "lxc.net.0.link = tb0" "lxc.net.0.flags = up" \
		"lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx" "lxc.net.0.mtu = 1400" \
		"lxc.net.0.veth.pair = tvp0" \
		"lxc.net.1.type = veth" "lxc.net.1.name = ext0" "lxc.net.1.flags = up"
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/c.conf" -- sleep 1000
	# In the order of N: lxc.net.0 -> eth0, lxc.net.1 -> ext0, lxc.net.2 -> eth1.
	run_cmd in_ct_netns "$CT" ip -o link
	assert_eq "lo eth0 ext0 eth1" "$(awk -F': ' '{ sub(/@.*/, "", $2); printf "%s%s", s, $2; s=" " }' <<<"$OUT")" \
		"interfaces in the container"
	assert_match "$(in_ct_netns "$CT" ip -o link show eth0)" "mtu 1400 .*state UP.*link/ether 00:16:3e:" eth0
	assert_match "$(in_ct_netns "$CT" ip -o link show eth1)" "state DOWN" "eth1 without flags = up"
	assert_match "$(ip -o link show tvp0)" "mtu 1400 .*master tb0" "host end tvp0"
	# A veth.pair name is reported as configured; a veth without link is on no bridge.
	assert_eq tvp0 "$(lxc_info -n "$CT" -H -c lxc.net.0.veth.pair)"
	assert_not_contains "$(ip -o link show "$(lxc_info -n "$CT" -H -c lxc.net.1.veth.pair)")" master
	assert_exit 0 lxc_stop -n "$CT" -k
	# A fixed host name can be used again at once, though the old pair
	# goes away in the background.
	assert_exit 0 lxc_execute -n "$CT" -f "$CASE_TMP/c.conf" -- true
	wait_for link_gone tvp0
}

case_veth_bridge_mtu() {
	bridge tb0
	ip link set tb0 mtu 1450
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 -- \
		ip -o link show eth0
	assert_contains "$OUT" "mtu 1450" "eth0 takes the bridge's MTU"
}

case_hwaddr_random_per_start() {
	local a b
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.hwaddr=02:xx:xx:xx:xx:xx -- \
		ip -o link show eth0
	a=$(mac_of "$OUT")
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.hwaddr=02:xx:xx:xx:xx:xx -- \
		ip -o link show eth0
	b=$(mac_of "$OUT")
	assert_match "$a" '^02:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$' hwaddr
	assert_ne "$a" "$b" "hwaddr of the second start"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.hwaddr=02:11:22:33:44:55 -- \
		ip -o link show eth0
	assert_eq 02:11:22:33:44:55 "$(mac_of "$OUT")" hwaddr
}

case_ipv6() {
	needs_busybox
	bridge tb0 fd60::1/64
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.0.flags=up -s lxc.net.0.ipv6.address=fd60::2/64 -s lxc.net.0.ipv6.gateway=fd60::1 \
		-s lxc.net.0.ipv4.address=10.61.0.2/24 -- \
		sh -c "ip -6 -o addr show dev eth0; ip -6 route; $BUSYBOX ping6 -c1 -W3 fd60::1"
	assert_contains "$OUT" "inet6 fd60::2/64"
	assert_contains "$OUT" "default via fd60::1 dev eth0"
	assert_contains "$OUT" "1 packets received"
}

case_gateway_auto_dev() {
	bridge tb0 10.62.0.1/24
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.0.flags=up -s lxc.net.0.ipv4.address=10.62.0.2/24 -s lxc.net.0.ipv4.gateway=auto -- \
		ip route
	assert_contains "$OUT" "default via 10.62.0.1 dev eth0"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.0.flags=up -s lxc.net.0.ipv4.gateway=dev -- ip route
	assert_contains "$OUT" "default dev eth0"
	# A gateway outside the address's subnet is reached on the link.
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.0.flags=up -s lxc.net.0.ipv4.address=10.63.0.2/32 -s lxc.net.0.ipv4.gateway=10.62.0.1 -- \
		ip route
	assert_contains "$OUT" "default via 10.62.0.1 dev eth0"
	assert_contains "$OUT" "10.62.0.1 dev eth0"
	# auto needs an address on the bridge.
	bridge tb1
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb1 \
		-s lxc.net.0.flags=up -s lxc.net.0.ipv4.gateway=auto -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.ipv4.gateway = auto: bridge "tb1" has no IPv4 address'
}

case_veth_router() {
	local host
	needs_busybox
	ip addr add 10.64.0.1/32 dev lo
	write_config "$CASE_TMP/r.conf" \
		"lxc.net.0.type = veth" "lxc.net.0.veth.mode = router" "lxc.net.0.flags = up" \
		"lxc.net.0.ipv4.address = 10.64.0.2/32" "lxc.net.0.ipv4.gateway = 10.64.0.1" \
		"lxc.net.0.veth.ipv4.route = 10.65.0.0/24"
	assert_exit 0 lxc_start -n "$CT" -f "$CASE_TMP/r.conf" -- sleep 1000
	host=$(lxc_info -n "$CT" -H -c lxc.net.0.veth.pair)
	run_cmd ip route show dev "$host"
	assert_contains "$OUT" "10.64.0.2 " "host routes"
	assert_contains "$OUT" "10.65.0.0/24" "host routes"
	assert_contains "$(ip neigh show proxy dev "$host")" "10.64.0.1" "proxy neighbour"
	assert_exit 0 "$BUSYBOX" ping -c1 -W3 10.64.0.2
	assert_exit 0 lxc_stop -n "$CT" -k
	wait_for link_gone "$host"
	assert_empty "$(ip route | grep 10.65.0.0 || true)" "routes after the stop"
	ip addr del 10.64.0.1/32 dev lo
}

# --- the other types ------------------------------------------------------------------

case_macvlan() {
	local mode
	needs_busybox
	spare_link tm0
	assert_exit 0 lxc_start -n "$CT" -s lxc.net.0.type=macvlan -s lxc.net.0.link=tm0 \
		-s lxc.net.0.macvlan.mode=bridge -s lxc.net.0.flags=up \
		-s lxc.net.0.ipv4.address=10.66.0.2/24 -- sleep 1000
	assert_match "$(in_ct_netns "$CT" ip -d -o link show eth0)" "macvlan mode bridge" eth0
	# Nothing new on the host: the interface was born in the container.
	assert_not_contains "$(links_now)" "eth0" "host interfaces"
	assert_exit 0 lxc_execute -n "$CT-2" -s lxc.net.0.type=macvlan -s lxc.net.0.link=tm0 \
		-s lxc.net.0.macvlan.mode=bridge -s lxc.net.0.flags=up \
		-s lxc.net.0.ipv4.address=10.66.0.3/24 -- "$BUSYBOX" ping -c1 -W3 10.66.0.2
	assert_exit 0 lxc_stop -n "$CT" -k
	for mode in private vepa bridge; do
		assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=macvlan -s lxc.net.0.link=tm0 \
			-s lxc.net.0.macvlan.mode=$mode -- ip -d -o link show eth0
		assert_contains "$OUT" "macvlan mode $mode"
	done
	# passthru wants to be the only macvlan on its link, and the kernel
	# deletes the earlier ones with their namespaces, in the background.
	spare_link tm1
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=macvlan -s lxc.net.0.link=tm1 \
		-s lxc.net.0.macvlan.mode=passthru -- ip -d -o link show eth0
	assert_contains "$OUT" "macvlan mode passthru"
	# The default mode is private, as LXC.
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=macvlan -s lxc.net.0.link=tm0 -- \
		ip -d -o link show eth0
	assert_contains "$OUT" "macvlan mode private"
}

case_ipvlan() {
	kernel_has ipvlan || skip_case "kernel has no ipvlan support (CONFIG_IPVLAN)"
	spare_link ti0
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=ipvlan -s lxc.net.0.link=ti0 \
		-s lxc.net.0.ipvlan.mode=l2 -s lxc.net.0.ipvlan.isolation=private -s lxc.net.0.flags=up \
		-s lxc.net.0.ipv4.address=10.67.0.2/24 -- ip -d -o addr show eth0
	assert_contains "$OUT" "ipvlan"
	assert_contains "$OUT" "10.67.0.2/24"
}

case_ipvlan_unsupported() {
	local before
	kernel_has ipvlan && skip_case "kernel has ipvlan: its refusal cannot be seen here"
	spare_link ti0
	bridge tb0
	before=$(links_now)
	# The veth made first goes again.
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.0.veth.pair=tvi0 -s lxc.net.1.type=ipvlan -s lxc.net.1.link=ti0 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.net.1: kernel has no ipvlan support (CONFIG_IPVLAN)"
	assert_eq "$before" "$(links_now)" "interfaces after the failed start"
}

case_vlan() {
	kernel_has vlan || skip_case "kernel has no 802.1q VLAN support (CONFIG_VLAN_8021Q)"
	spare_link tv0
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=vlan -s lxc.net.0.link=tv0 \
		-s lxc.net.0.vlan.id=42 -s lxc.net.0.flags=up -- ip -d -o link show eth0
	assert_contains "$OUT" "vlan protocol 802.1Q id 42"
}

case_vlan_unsupported() {
	kernel_has vlan && skip_case "kernel has 802.1q VLANs: their refusal cannot be seen here"
	spare_link tv0
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=vlan -s lxc.net.0.link=tv0 \
		-s lxc.net.0.vlan.id=42 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "lxc.net.0: kernel has no 802.1q VLAN support (CONFIG_VLAN_8021Q)"
}

case_veth_vlan() {
	kernel_has vlan_filtering ||
		skip_case "kernel has no bridge VLAN filtering support (CONFIG_BRIDGE_VLAN_FILTERING)"
	bridge tbv0
	ip link set tbv0 type bridge vlan_filtering 1
	assert_exit 0 lxc_start -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tbv0 \
		-s lxc.net.0.veth.pair=tvv0 -s lxc.net.0.veth.vlan.id=42 -- sleep 1000
	run_cmd bridge vlan show dev tvv0
	assert_match "$OUT" "42 PVID Egress Untagged"
	assert_exit 0 lxc_stop -n "$CT" -k
}

case_veth_vlan_unsupported() {
	kernel_has vlan_filtering && skip_case "kernel filters VLANs on bridges: the refusal cannot be seen here"
	bridge tbv0
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tbv0 \
		-s lxc.net.0.veth.vlan.id=42 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "kernel has no bridge VLAN filtering support (CONFIG_BRIDGE_VLAN_FILTERING)"
}

case_none_and_empty() {
	bridge tb0
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=none -- ip -o link
	assert_contains "$OUT" "tb0" "the host's interfaces with type none"
	assert_exit 0 lxc_execute -n "$CT" -s lxc.net.0.type=empty -- ip -o link
	assert_eq 1 "$(printf '%s\n' "$OUT" | wc -l)" "interfaces with type empty"
	assert_match "$OUT" '^1: lo: <[^>]*[<,]UP[,>]' "lo with type empty"
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=none -s lxc.net.1.type=veth -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "cannot be combined"
}

# --- hooks ----------------------------------------------------------------------------

case_scripts() {
	local host
	bridge tb0
	printf '#!/bin/sh\n{ echo "args: $*"; env | grep "^LXC_" | sort; } >>"%s"\n' \
		"$CASE_TMP/hook.out" >"$CASE_TMP/hook"
	chmod +x "$CASE_TMP/hook"
	assert_exit 0 lxc_start -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s "lxc.net.0.script.up=$CASE_TMP/hook first" -s "lxc.net.0.script.down=$CASE_TMP/hook" \
		-- sleep 1000
	host=$(lxc_info -n "$CT" -H -c lxc.net.0.veth.pair)
	run_cmd cat "$CASE_TMP/hook.out"
	assert_contains "$OUT" "args: first $CT net up veth $host"
	assert_contains "$OUT" "LXC_HOOK_TYPE=up"
	assert_contains "$OUT" "LXC_HOOK_SECTION=net"
	assert_contains "$OUT" "LXC_NET_TYPE=veth"
	assert_contains "$OUT" "LXC_NET_PARENT=tb0"
	assert_contains "$OUT" "LXC_NET_PEER=$host"
	assert_contains "$OUT" "LXC_NAME=$CT"
	assert_not_contains "$OUT" "LXC_HOOK_TYPE=down"
	assert_exit 0 lxc_stop -n "$CT" -k
	run_cmd cat "$CASE_TMP/hook.out"
	assert_contains "$OUT" "args: $CT net down veth $host"
	assert_contains "$OUT" "LXC_HOOK_TYPE=down"
}

case_script_up_fails() {
	local before
	bridge tb0
	before=$(links_now)
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s "lxc.net.0.script.up=exit 3" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.script.up "exit 3" exited with status 3'
	assert_eq "$before" "$(links_now)" "interfaces after the failed start"
}

# --- errors ---------------------------------------------------------------------------

case_error_nonexistent_link() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=nosuch0 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.link: interface "nosuch0" does not exist'
	assert_exit 1 lxc_start -n "$CT" -s lxc.net.0.type=macvlan -s lxc.net.0.link=nosuch0 -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" 'lxc.net.0.link: interface "nosuch0" does not exist'
	assert_state "$CT" STOPPED
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=phys -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.link is not set'
}

case_error_not_a_bridge() {
	spare_link tn0
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tn0 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.link: "tn0" is not a bridge'
}

case_error_invalid_cidr() {
	write_config "$CASE_TMP/c.conf" "lxc.net.0.type = veth" "lxc.net.0.ipv4.address = 10.0.0.300/24"
	assert_exit 1 lxc_execute -n "$CT" -f "$CASE_TMP/c.conf" -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" "$CASE_TMP/c.conf:2: invalid value \"10.0.0.300/24\" for \"lxc.net.0.ipv4.address\""
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.ipv6.address=fd00::1/200 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'invalid value "fd00::1/200" for "lxc.net.0.ipv6.address"'
}

case_error_duplicate_name() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.name=eth0 \
		-s lxc.net.1.type=veth -s lxc.net.1.name=eth0 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.1.name: interface name "eth0" is already used by lxc.net.0'
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.name=lo -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" '"lo" is the container'
}

case_error_bad_hwaddr() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.hwaddr=00:16:3e:zz:00:01 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'invalid value "00:16:3e:zz:00:01" for "lxc.net.0.hwaddr": expected a MAC address'
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.hwaddr=01:00:5e:00:00:01 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.hwaddr: "01:00:5e:00:00:01" is a multicast address'
}

case_error_second_fails() {
	local before
	bridge tb0
	before=$(links_now)
	# The second host end's name is taken: the first pair is removed again.
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.0.veth.pair=tva0 -s lxc.net.1.type=veth -s lxc.net.1.veth.pair=tb0 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.1.veth.pair: interface "tb0" already exists'
	assert_eq "$before" "$(links_now)" "interfaces after the failed start"
	# The second interface's link does not exist: nothing is made at all.
	assert_exit 1 lxc_start -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.1.type=veth -s lxc.net.1.link=nosuch0 -- sleep 100
	assert_error_line lxc-start "$CT"
	assert_contains "$ERR" 'lxc.net.1.link: interface "nosuch0" does not exist'
	assert_eq "$before" "$(links_now)" "interfaces after the failed start"
}

case_error_address_fails() {
	local before
	bridge tb0
	before=$(links_now)
	# The container side fails (the same address twice) after the host side was made.
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.link=tb0 \
		-s lxc.net.0.ipv4.address=10.68.0.2/24 -s lxc.net.0.ipv4.address=10.68.0.2/24 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.ipv4.address: failed to add 10.68.0.2/24 to "eth0"'
	assert_eq "$before" "$(links_now)" "interfaces after the failed start"
	assert_state "$CT" STOPPED
}

case_error_gateway_needs_up() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.type=veth -s lxc.net.0.ipv4.gateway=10.0.0.1 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0: a gateway needs the interface up (lxc.net.0.flags = up)'
}

case_error_type_unset() {
	assert_exit 1 lxc_execute -n "$CT" -s lxc.net.0.link=tb0 -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'lxc.net.0.type is not set'
	# An interface in the host's own namespace would be a surprise: refused.
	assert_exit 1 lxc_execute -n "$CT" -s lxc.namespace.keep=net -s lxc.net.0.type=veth -- true
	assert_error_line lxc-execute "$CT"
	assert_contains "$ERR" 'interfaces need a network namespace of the container'
}

run_case veth-bridge-ping case_veth_bridge_ping
run_case veth-names-order case_veth_names_order
run_case veth-bridge-mtu case_veth_bridge_mtu
run_case hwaddr-random-per-start case_hwaddr_random_per_start
run_case ipv6 case_ipv6
run_case gateway-auto-dev case_gateway_auto_dev
run_case veth-router case_veth_router
run_case macvlan case_macvlan
run_case ipvlan case_ipvlan
run_case ipvlan-unsupported case_ipvlan_unsupported
run_case vlan case_vlan
run_case vlan-unsupported case_vlan_unsupported
run_case veth-vlan case_veth_vlan
run_case veth-vlan-unsupported case_veth_vlan_unsupported
run_case none-and-empty case_none_and_empty
run_case scripts case_scripts
run_case script-up-fails case_script_up_fails
run_case error-nonexistent-link case_error_nonexistent_link
run_case error-not-a-bridge case_error_not_a_bridge
run_case error-invalid-cidr case_error_invalid_cidr
run_case error-duplicate-name case_error_duplicate_name
run_case error-bad-hwaddr case_error_bad_hwaddr
run_case error-second-fails case_error_second_fails
run_case error-address-fails case_error_address_fails
run_case error-gateway-needs-up case_error_gateway_needs_up
run_case error-type-unset case_error_type_unset
finish
