/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_NETWORK_H
#define LXC_NETWORK_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "macro.h"

/*
 * The container's network: the lxc.net.N.* keys, the host side (creating
 * interfaces and moving them into the container's network namespace, host
 * routes, returning physical interfaces) and the container side
 * (addresses, routes).  All netlink work goes through libnl-route-3.
 */

struct lxc_conf;
struct lxc_cmd_req;
struct lxc_cmd_rsp;

enum netdev_type {
	NETDEV_UNSET,
	NETDEV_NONE,		/* the host's network namespace */
	NETDEV_EMPTY,		/* a new namespace with only lo */
	NETDEV_VETH,
	NETDEV_MACVLAN,
	NETDEV_IPVLAN,
	NETDEV_VLAN,
	NETDEV_PHYS,
};

struct net_addr {
	int family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
	unsigned int prefix;
	struct in_addr bcast;	/* IPv4 only */
	bool has_bcast;		/* given explicitly */
};

enum net_gateway_kind {
	NET_GW_NONE,
	NET_GW_ADDR,		/* via an address */
	NET_GW_AUTO,		/* via the first address of the host's link */
	NET_GW_DEV,		/* a default route on the device, no gateway */
};

struct net_gateway {
	enum net_gateway_kind kind;
	struct net_addr addr;	/* NET_GW_ADDR */
};

/* One lxc.net.N: the configuration only, nothing of the system. */
struct lxc_netdev {
	unsigned int index;	/* N */
	enum netdev_type type;
	char *link;
	char *name;		/* container side; NULL: eth0, eth1, ... */
	char *hwaddr;		/* may hold x digits, randomised per start */
	unsigned int mtu;	/* 0: not set */
	bool up;		/* flags = up */
	char *script_up;
	char *script_down;
	struct net_addr *ipv4, *ipv6;
	size_t nipv4, nipv6;
	struct net_gateway gw4, gw6;
	/* veth */
	char *veth_pair;	/* host side name; NULL: generated */
	bool veth_router;	/* veth.mode = router */
	struct net_addr *routes4, *routes6;
	size_t nroutes4, nroutes6;
	unsigned int veth_vlan_id;	/* 0: none */
	/* macvlan, ipvlan, vlan */
	int macvlan_mode;	/* MACVLAN_MODE_*; 0: private */
	int ipvlan_mode;	/* IPVLAN_MODE_*; -1: l3 (default) */
	int ipvlan_isolation;	/* IPVLAN_F_*; -1: bridge (default) */
	int vlan_id;		/* -1: not set */
	/* The generated host side name of a running veth (not configuration). */
	char *veth_host;
};

/* --- configuration (confile.c's "lxc.net" row) --- */

/*
 * Set lxc.net, lxc.net.N or lxc.net.N.KEY.  Returns 0, -ENOENT for an
 * unknown key, -EINVAL for an invalid value, -ENOMEM.
 */
__hidden int network_config_set(struct lxc_conf *conf, const char *key, const char *value);
/* The value as written in a file (malloc'd), or NULL for an unknown key. */
__hidden char *network_config_get(const struct lxc_conf *conf, const char *key);
/* What a valid value of key looks like, for error messages. */
__hidden const char *network_config_expect(const char *key);
__hidden void network_config_free(struct lxc_conf *conf);
/* lxc.net.N.type = none: the container keeps the host's network namespace. */
__hidden bool network_shares_host(const struct lxc_conf *conf);

/* Parsers, exposed for the unit tests. */
__hidden int net_parse_addr(int family, const char *s, bool allow_bcast, struct net_addr *out);
__hidden char *net_format_addr(const struct net_addr *a);
/* hwaddr: six colon-separated pairs of hex digits or x (randomised). */
__hidden bool net_hwaddr_valid(const char *s);
/* Fill mac from a valid pattern, randomising x digits (never multicast). */
__hidden int net_hwaddr_fill(const char *pattern, unsigned char mac[6]);
__hidden bool net_ifname_valid(const char *s);

/* --- the running container --- */

/* The network state of one start, owned by the monitor (opaque). */
struct lxc_network;

/*
 * Parent, before the container is spawned: check the configuration
 * against the host (links exist, bridges are bridges, names are unique),
 * pick names and hardware addresses.  *out is NULL when the container
 * has no interface to create: nothing else costs anything then.
 */
__hidden int network_prepare(struct lxc_conf *conf, const char *name, struct lxc_network **out);
/*
 * Parent, once the child exists: create the interfaces in its network
 * namespace (pid), set up the host side and run script.up.  On failure
 * whatever was made is removed again.
 */
__hidden int network_create(struct lxc_network *net, pid_t pid);
/* Child, after CONFIGURE: addresses, routes and gateways. */
__hidden int network_setup_child(const struct lxc_network *net);
/*
 * Parent, after the container's init has exited: give physical and
 * lxc-device interfaces back to the host under their original names, run
 * script.down, and let the namespace go (the kernel removes the rest
 * asynchronously: no waiting here).  failed: the start failed, so the
 * host side veth ends are removed right away.
 */
__hidden void network_teardown(struct lxc_network *net, bool failed);
__hidden void network_free(struct lxc_network *net);

/* The monitor's commands: LXC_CMD_GET_IPS and LXC_CMD_NET_DEVICE. */
__hidden void network_command(struct lxc_network **net, const struct lxc_conf *conf,
			      const char *name, pid_t pid, const struct lxc_cmd_req *req,
			      struct lxc_cmd_rsp *rsp);

#endif
