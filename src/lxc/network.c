/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "commands.h"
#include "conf.h"
#include "log.h"
#include "lxc.h"
#include "network.h"
#include "state.h"
#include "start.h"
#include "utils.h"

#ifndef IFLA_IPVLAN_FLAGS
#define IFLA_IPVLAN_FLAGS 2
#endif
#ifndef IPVLAN_F_PRIVATE
#define IPVLAN_F_PRIVATE 0x01
#define IPVLAN_F_VEPA 0x02
#endif

/* ------------------------------------------------------------------------ */
/* Configuration                                                             */
/* ------------------------------------------------------------------------ */

static const struct {
	const char *name;
	enum netdev_type type;
} type_names[] = {
	{ "none", NETDEV_NONE },     { "empty", NETDEV_EMPTY }, { "veth", NETDEV_VETH },
	{ "macvlan", NETDEV_MACVLAN }, { "ipvlan", NETDEV_IPVLAN }, { "vlan", NETDEV_VLAN },
	{ "phys", NETDEV_PHYS },
};

static const char *type_name(enum netdev_type t)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_names); i++)
		if (type_names[i].type == t)
			return type_names[i].name;
	return "";
}

struct mode_name {
	const char *name;
	int value;
};

static const struct mode_name macvlan_modes[] = {
	{ "private", MACVLAN_MODE_PRIVATE }, { "vepa", MACVLAN_MODE_VEPA },
	{ "bridge", MACVLAN_MODE_BRIDGE },   { "passthru", MACVLAN_MODE_PASSTHRU },
	{ NULL, 0 },
};

static const struct mode_name ipvlan_modes[] = {
	{ "l2", IPVLAN_MODE_L2 }, { "l3", IPVLAN_MODE_L3 }, { "l3s", IPVLAN_MODE_L3S }, { NULL, 0 },
};

static const struct mode_name ipvlan_isolations[] = {
	{ "bridge", 0 }, { "private", IPVLAN_F_PRIVATE }, { "vepa", IPVLAN_F_VEPA }, { NULL, 0 },
};

static int mode_parse(const struct mode_name *m, const char *v, int *out)
{
	for (; m->name; m++)
		if (strcmp(m->name, v) == 0) {
			*out = m->value;
			return 0;
		}
	return -EINVAL;
}

static const char *mode_print(const struct mode_name *m, int value)
{
	for (; m->name; m++)
		if (m->value == value)
			return m->name;
	return "";
}

bool net_ifname_valid(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= IFNAMSIZ || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s) || !isprint((unsigned char)*s))
			return false;
	return true;
}

bool net_hwaddr_valid(const char *s)
{
	for (int i = 0; i < 6; i++) {
		for (int j = 0; j < 2; j++, s++)
			if (!isxdigit((unsigned char)*s) && *s != 'x' && *s != 'X')
				return false;
		if (i < 5 && *s++ != ':')
			return false;
	}
	return *s == '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return tolower((unsigned char)c) - 'a' + 10;
}

int net_hwaddr_fill(const char *pattern, unsigned char mac[6])
{
	unsigned char rnd[12];
	bool random_first = false;

	if (!net_hwaddr_valid(pattern))
		return -EINVAL;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -errno;
	for (int i = 0; i < 6; i++) {
		const char *p = pattern + 3 * i;
		int hi, lo;

		hi = (p[0] == 'x' || p[0] == 'X') ? rnd[2 * i] & 0xf : hexval(p[0]);
		lo = (p[1] == 'x' || p[1] == 'X') ? rnd[2 * i + 1] & 0xf : hexval(p[1]);
		if (i == 0 && (p[1] == 'x' || p[1] == 'X'))
			random_first = true;
		mac[i] = (unsigned char)(hi << 4 | lo);
	}
	/* A random first octet must not come out as a multicast address. */
	if (random_first)
		mac[0] &= 0xfe;
	return 0;
}

static unsigned int default_prefix4(struct in_addr a)
{
	/* As LXC: the classful prefix when none is given. */
	uint32_t h = ntohl(a.s_addr);

	if ((h & 0x80000000u) == 0)
		return 8;
	if ((h & 0xc0000000u) == 0x80000000u)
		return 16;
	return 24;
}

int net_parse_addr(int family, const char *s, bool allow_bcast, struct net_addr *out)
{
	char buf[128], *slash, *bcast;
	struct net_addr a = { .family = family };
	unsigned int prefix, max = family == AF_INET ? 32 : 128;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	bcast = strpbrk(buf, " \t");
	if (bcast) {
		*bcast++ = '\0';
		bcast = trim(bcast);
		if (!allow_bcast || family != AF_INET || !*bcast)
			return -EINVAL;
	}
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(family, buf, &a.addr) != 1)
		return -EINVAL;
	if (slash) {
		if (parse_uint(slash, &prefix) < 0 || prefix > max || !*slash)
			return -EINVAL;
		a.prefix = prefix;
	} else {
		a.prefix = family == AF_INET ? default_prefix4(a.addr.v4) : 64;
	}
	if (bcast) {
		if (inet_pton(AF_INET, bcast, &a.bcast) != 1)
			return -EINVAL;
		a.has_bcast = true;
	}
	*out = a;
	return 0;
}

char *net_format_addr(const struct net_addr *a)
{
	char addr[INET6_ADDRSTRLEN], bcast[INET_ADDRSTRLEN];

	inet_ntop(a->family, &a->addr, addr, sizeof(addr));
	if (a->has_bcast) {
		inet_ntop(AF_INET, &a->bcast, bcast, sizeof(bcast));
		return must_sprintf("%s/%u %s", addr, a->prefix, bcast);
	}
	return must_sprintf("%s/%u", addr, a->prefix);
}

/* The host bits of a route's destination must be zero. */
static bool net_addr_is_network(const struct net_addr *a)
{
	const unsigned char *b = (const unsigned char *)&a->addr;
	unsigned int bytes = a->family == AF_INET ? 4 : 16;

	for (unsigned int i = 0; i < bytes; i++) {
		unsigned int bit0 = 8 * i;
		unsigned char mask;

		if (bit0 + 8 <= a->prefix)
			continue;
		mask = bit0 >= a->prefix ? 0xff : (unsigned char)(0xff >> (a->prefix - bit0));
		if (b[i] & mask)
			return false;
	}
	return true;
}

static void netdev_free(struct lxc_netdev *d)
{
	if (!d)
		return;
	free(d->link);
	free(d->name);
	free(d->hwaddr);
	free(d->script_up);
	free(d->script_down);
	free(d->ipv4);
	free(d->ipv6);
	free(d->veth_pair);
	free(d->routes4);
	free(d->routes6);
	free(d->veth_host);
	free(d);
}

void network_config_free(struct lxc_conf *conf)
{
	for (size_t i = 0; i < conf->nnetdevs; i++)
		netdev_free(conf->netdevs[i]);
	free(conf->netdevs);
	conf->netdevs = NULL;
	conf->nnetdevs = 0;
}

bool network_shares_host(const struct lxc_conf *conf)
{
	for (size_t i = 0; i < conf->nnetdevs; i++)
		if (conf->netdevs[i]->type == NETDEV_NONE)
			return true;
	return false;
}

/* lxc.net[.N[.SUB]]: index -1 for "lxc.net", sub "" for "lxc.net.N". */
static int split_key(const char *key, int *index, const char **sub)
{
	const char *p = key + strlen("lxc.net");
	unsigned int n;
	char num[16];
	size_t len;

	if (strncmp(key, "lxc.net", 7) != 0)
		return -ENOENT;
	if (!*p) {
		*index = -1;
		*sub = "";
		return 0;
	}
	if (*p++ != '.')
		return -ENOENT;
	len = strspn(p, "0123456789");
	if (len == 0 || len >= sizeof(num) || (p[len] != '.' && p[len] != '\0'))
		return -ENOENT;
	memcpy(num, p, len);
	num[len] = '\0';
	if (parse_uint(num, &n) < 0 || n > 1000000)
		return -ENOENT;
	*index = (int)n;
	*sub = p[len] ? p + len + 1 : "";
	if (p[len] && !**sub)
		return -ENOENT;
	return 0;
}

static struct lxc_netdev *netdev_find(const struct lxc_conf *conf, unsigned int index)
{
	for (size_t i = 0; i < conf->nnetdevs; i++)
		if (conf->netdevs[i]->index == index)
			return conf->netdevs[i];
	return NULL;
}

/* Find or add lxc.net.N, keeping the list ordered by N. */
static struct lxc_netdev *netdev_get(struct lxc_conf *conf, unsigned int index)
{
	struct lxc_netdev *d = netdev_find(conf, index), **v;
	size_t pos;

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->index = index;
	d->ipvlan_mode = -1;
	d->ipvlan_isolation = -1;
	d->vlan_id = -1;
	v = realloc(conf->netdevs, (conf->nnetdevs + 1) * sizeof(*v));
	if (!v) {
		free(d);
		return NULL;
	}
	conf->netdevs = v;
	for (pos = 0; pos < conf->nnetdevs && conf->netdevs[pos]->index < index; pos++)
		;
	memmove(&v[pos + 1], &v[pos], (conf->nnetdevs - pos) * sizeof(*v));
	v[pos] = d;
	conf->nnetdevs++;
	return d;
}

static void netdev_remove(struct lxc_conf *conf, unsigned int index)
{
	for (size_t i = 0; i < conf->nnetdevs; i++) {
		if (conf->netdevs[i]->index != index)
			continue;
		netdev_free(conf->netdevs[i]);
		memmove(&conf->netdevs[i], &conf->netdevs[i + 1],
			(conf->nnetdevs - i - 1) * sizeof(conf->netdevs[0]));
		conf->nnetdevs--;
		return;
	}
}

static int set_str(char **dst, const char *v)
{
	char *c = NULL;

	if (*v && !(c = strdup(v)))
		return -ENOMEM;
	free(*dst);
	*dst = c;
	return 0;
}

static int set_ifname(char **dst, const char *v)
{
	if (*v && !net_ifname_valid(v))
		return -EINVAL;
	return set_str(dst, v);
}

/* Append to (or, with an empty value, clear) a list of addresses. */
static int set_addr_list(struct net_addr **list, size_t *n, int family, const char *v,
			 bool allow_bcast, bool network)
{
	struct net_addr a, *l;

	if (!*v) {
		free(*list);
		*list = NULL;
		*n = 0;
		return 0;
	}
	if (net_parse_addr(family, v, allow_bcast, &a) < 0)
		return -EINVAL;
	if (network && (!strchr(v, '/') || !net_addr_is_network(&a)))
		return -EINVAL;
	l = realloc(*list, (*n + 1) * sizeof(*l));
	if (!l)
		return -ENOMEM;
	l[(*n)++] = a;
	*list = l;
	return 0;
}

static char *print_addr_list(const struct net_addr *list, size_t n)
{
	__do_free_strv char **v = calloc(1, sizeof(char *));

	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		__do_free char *s = net_format_addr(&list[i]);
		if (!s || strv_append(&v, s) < 0)
			return NULL;
	}
	return strv_join(v, "\n");
}

static int set_gateway(struct net_gateway *gw, int family, const char *v)
{
	struct net_gateway g = { .kind = NET_GW_NONE };

	if (strcmp(v, "auto") == 0) {
		g.kind = NET_GW_AUTO;
	} else if (strcmp(v, "dev") == 0) {
		g.kind = NET_GW_DEV;
	} else if (*v) {
		if (strchr(v, '/') || strpbrk(v, " \t") || net_parse_addr(family, v, false, &g.addr) < 0)
			return -EINVAL;
		g.addr.prefix = family == AF_INET ? 32 : 128;
		g.kind = NET_GW_ADDR;
	}
	*gw = g;
	return 0;
}

static char *print_gateway(const struct net_gateway *gw)
{
	char buf[INET6_ADDRSTRLEN];

	switch (gw->kind) {
	case NET_GW_AUTO:
		return strdup("auto");
	case NET_GW_DEV:
		return strdup("dev");
	case NET_GW_ADDR:
		inet_ntop(gw->addr.family, &gw->addr.addr, buf, sizeof(buf));
		return strdup(buf);
	case NET_GW_NONE:
		break;
	}
	return strdup("");
}

static int set_uint_range(const char *v, unsigned int min, unsigned int max, unsigned int *out)
{
	unsigned int n;

	if (!*v) {
		*out = 0;
		return 0;
	}
	if (parse_uint(v, &n) < 0 || n < min || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

/* One sub-key of lxc.net.N. */
struct net_key {
	const char *name;
	const char *expect;
	int (*set)(struct lxc_netdev *d, const char *v);
	char *(*get)(const struct lxc_netdev *d);
};

static int set_type(struct lxc_netdev *d, const char *v)
{
	if (!*v) {
		d->type = NETDEV_UNSET;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(type_names); i++)
		if (strcmp(type_names[i].name, v) == 0) {
			d->type = type_names[i].type;
			return 0;
		}
	return -EINVAL;
}

static char *get_type(const struct lxc_netdev *d)
{
	return strdup(type_name(d->type));
}

static int set_flags(struct lxc_netdev *d, const char *v)
{
	if (*v && strcmp(v, "up") != 0)
		return -EINVAL;
	d->up = *v != '\0';
	return 0;
}

static char *get_flags(const struct lxc_netdev *d)
{
	return strdup(d->up ? "up" : "");
}

static int set_link(struct lxc_netdev *d, const char *v)
{
	return set_ifname(&d->link, v);
}

static char *get_link(const struct lxc_netdev *d)
{
	return strdup(d->link ? d->link : "");
}

static int set_name(struct lxc_netdev *d, const char *v)
{
	return set_ifname(&d->name, v);
}

static char *get_name(const struct lxc_netdev *d)
{
	return strdup(d->name ? d->name : "");
}

static int set_hwaddr(struct lxc_netdev *d, const char *v)
{
	if (*v && !net_hwaddr_valid(v))
		return -EINVAL;
	return set_str(&d->hwaddr, v);
}

static char *get_hwaddr(const struct lxc_netdev *d)
{
	return strdup(d->hwaddr ? d->hwaddr : "");
}

static int set_mtu(struct lxc_netdev *d, const char *v)
{
	return set_uint_range(v, 68, 65535, &d->mtu);
}

static char *get_mtu(const struct lxc_netdev *d)
{
	return d->mtu ? must_sprintf("%u", d->mtu) : strdup("");
}

static int set_ipv4_address(struct lxc_netdev *d, const char *v)
{
	return set_addr_list(&d->ipv4, &d->nipv4, AF_INET, v, true, false);
}

static char *get_ipv4_address(const struct lxc_netdev *d)
{
	return print_addr_list(d->ipv4, d->nipv4);
}

static int set_ipv6_address(struct lxc_netdev *d, const char *v)
{
	return set_addr_list(&d->ipv6, &d->nipv6, AF_INET6, v, false, false);
}

static char *get_ipv6_address(const struct lxc_netdev *d)
{
	return print_addr_list(d->ipv6, d->nipv6);
}

static int set_ipv4_gateway(struct lxc_netdev *d, const char *v)
{
	return set_gateway(&d->gw4, AF_INET, v);
}

static char *get_ipv4_gateway(const struct lxc_netdev *d)
{
	return print_gateway(&d->gw4);
}

static int set_ipv6_gateway(struct lxc_netdev *d, const char *v)
{
	return set_gateway(&d->gw6, AF_INET6, v);
}

static char *get_ipv6_gateway(const struct lxc_netdev *d)
{
	return print_gateway(&d->gw6);
}

static int set_script_up(struct lxc_netdev *d, const char *v)
{
	return set_str(&d->script_up, v);
}

static char *get_script_up(const struct lxc_netdev *d)
{
	return strdup(d->script_up ? d->script_up : "");
}

static int set_script_down(struct lxc_netdev *d, const char *v)
{
	return set_str(&d->script_down, v);
}

static char *get_script_down(const struct lxc_netdev *d)
{
	return strdup(d->script_down ? d->script_down : "");
}

static int set_veth_pair(struct lxc_netdev *d, const char *v)
{
	return set_ifname(&d->veth_pair, v);
}

static char *get_veth_pair(const struct lxc_netdev *d)
{
	/* A running container reports the name it was given. */
	if (d->veth_pair)
		return strdup(d->veth_pair);
	return strdup(d->veth_host ? d->veth_host : "");
}

static int set_veth_mode(struct lxc_netdev *d, const char *v)
{
	if (!*v || strcmp(v, "bridge") == 0)
		d->veth_router = false;
	else if (strcmp(v, "router") == 0)
		d->veth_router = true;
	else
		return -EINVAL;
	return 0;
}

static char *get_veth_mode(const struct lxc_netdev *d)
{
	return strdup(d->veth_router ? "router" : "bridge");
}

static int set_veth_ipv4_route(struct lxc_netdev *d, const char *v)
{
	return set_addr_list(&d->routes4, &d->nroutes4, AF_INET, v, false, true);
}

static char *get_veth_ipv4_route(const struct lxc_netdev *d)
{
	return print_addr_list(d->routes4, d->nroutes4);
}

static int set_veth_ipv6_route(struct lxc_netdev *d, const char *v)
{
	return set_addr_list(&d->routes6, &d->nroutes6, AF_INET6, v, false, true);
}

static char *get_veth_ipv6_route(const struct lxc_netdev *d)
{
	return print_addr_list(d->routes6, d->nroutes6);
}

static int set_veth_vlan_id(struct lxc_netdev *d, const char *v)
{
	if (strcmp(v, "none") == 0)
		v = "";
	return set_uint_range(v, 1, 4094, &d->veth_vlan_id);
}

static char *get_veth_vlan_id(const struct lxc_netdev *d)
{
	return d->veth_vlan_id ? must_sprintf("%u", d->veth_vlan_id) : strdup("");
}

static int set_macvlan_mode(struct lxc_netdev *d, const char *v)
{
	if (!*v) {
		d->macvlan_mode = 0;
		return 0;
	}
	return mode_parse(macvlan_modes, v, &d->macvlan_mode);
}

static char *get_macvlan_mode(const struct lxc_netdev *d)
{
	return strdup(mode_print(macvlan_modes, d->macvlan_mode));
}

static int set_ipvlan_mode(struct lxc_netdev *d, const char *v)
{
	if (!*v) {
		d->ipvlan_mode = -1;
		return 0;
	}
	return mode_parse(ipvlan_modes, v, &d->ipvlan_mode);
}

static char *get_ipvlan_mode(const struct lxc_netdev *d)
{
	return strdup(d->ipvlan_mode < 0 ? "" : mode_print(ipvlan_modes, d->ipvlan_mode));
}

static int set_ipvlan_isolation(struct lxc_netdev *d, const char *v)
{
	if (!*v) {
		d->ipvlan_isolation = -1;
		return 0;
	}
	return mode_parse(ipvlan_isolations, v, &d->ipvlan_isolation);
}

static char *get_ipvlan_isolation(const struct lxc_netdev *d)
{
	return strdup(d->ipvlan_isolation < 0 ? "" : mode_print(ipvlan_isolations, d->ipvlan_isolation));
}

static int set_vlan_id(struct lxc_netdev *d, const char *v)
{
	unsigned int id;

	if (!*v) {
		d->vlan_id = -1;
		return 0;
	}
	if (parse_uint(v, &id) < 0 || id > 4094)
		return -EINVAL;
	d->vlan_id = (int)id;
	return 0;
}

static char *get_vlan_id(const struct lxc_netdev *d)
{
	return d->vlan_id < 0 ? strdup("") : must_sprintf("%d", d->vlan_id);
}

static const struct net_key net_keys[] = {
	{ "type", "none, empty, veth, macvlan, ipvlan, vlan or phys", set_type, get_type },
	{ "flags", "up", set_flags, get_flags },
	{ "link", "an interface name (at most 15 characters)", set_link, get_link },
	{ "name", "an interface name (at most 15 characters)", set_name, get_name },
	{ "hwaddr", "a MAC address like 00:16:3e:xx:xx:xx (x: a random digit)", set_hwaddr, get_hwaddr },
	{ "mtu", "an MTU between 68 and 65535", set_mtu, get_mtu },
	{ "ipv4.address", "an IPv4 address as A.B.C.D/PREFIX [BROADCAST]", set_ipv4_address, get_ipv4_address },
	{ "ipv4.gateway", "an IPv4 address, auto or dev", set_ipv4_gateway, get_ipv4_gateway },
	{ "ipv6.address", "an IPv6 address as ADDRESS/PREFIX", set_ipv6_address, get_ipv6_address },
	{ "ipv6.gateway", "an IPv6 address, auto or dev", set_ipv6_gateway, get_ipv6_gateway },
	{ "script.up", "a command", set_script_up, get_script_up },
	{ "script.down", "a command", set_script_down, get_script_down },
	{ "veth.pair", "an interface name (at most 15 characters)", set_veth_pair, get_veth_pair },
	{ "veth.mode", "bridge or router", set_veth_mode, get_veth_mode },
	{ "veth.ipv4.route", "an IPv4 network as A.B.C.D/PREFIX", set_veth_ipv4_route, get_veth_ipv4_route },
	{ "veth.ipv6.route", "an IPv6 network as ADDRESS/PREFIX", set_veth_ipv6_route, get_veth_ipv6_route },
	{ "veth.vlan.id", "a VLAN id between 1 and 4094, or none", set_veth_vlan_id, get_veth_vlan_id },
	{ "macvlan.mode", "private, vepa, bridge or passthru", set_macvlan_mode, get_macvlan_mode },
	{ "ipvlan.mode", "l2, l3 or l3s", set_ipvlan_mode, get_ipvlan_mode },
	{ "ipvlan.isolation", "bridge, private or vepa", set_ipvlan_isolation, get_ipvlan_isolation },
	{ "vlan.id", "a VLAN id between 0 and 4094", set_vlan_id, get_vlan_id },
};

static const struct net_key *net_key_find(const char *sub)
{
	for (size_t i = 0; i < ARRAY_SIZE(net_keys); i++)
		if (strcmp(net_keys[i].name, sub) == 0)
			return &net_keys[i];
	return NULL;
}

int network_config_set(struct lxc_conf *conf, const char *key, const char *value)
{
	const struct net_key *k;
	struct lxc_netdev *d;
	const char *sub;
	bool existed;
	int index, ret;

	if (split_key(key, &index, &sub) < 0)
		return -ENOENT;
	if (index < 0 || !*sub) {
		/* "lxc.net =" clears every interface, "lxc.net.N =" one. */
		if (*value)
			return -EINVAL;
		if (index < 0)
			network_config_free(conf);
		else
			netdev_remove(conf, (unsigned int)index);
		return 0;
	}
	k = net_key_find(sub);
	if (!k)
		return -ENOENT;
	existed = netdev_find(conf, (unsigned int)index) != NULL;
	d = netdev_get(conf, (unsigned int)index);
	if (!d)
		return -ENOMEM;
	ret = k->set(d, value);
	/* A bad value leaves no new interface behind. */
	if (ret < 0 && !existed)
		netdev_remove(conf, (unsigned int)index);
	return ret;
}

char *network_config_get(const struct lxc_conf *conf, const char *key)
{
	static const struct lxc_netdev unset = { .ipvlan_mode = -1, .ipvlan_isolation = -1,
						 .vlan_id = -1 };
	const struct lxc_netdev *d;
	const struct net_key *k;
	const char *sub;
	int index;

	if (split_key(key, &index, &sub) < 0)
		return NULL;
	if (index < 0) {
		/* "lxc.net": the indices in use, one a line. */
		__do_free_strv char **v = calloc(1, sizeof(char *));

		for (size_t i = 0; v && i < conf->nnetdevs; i++) {
			__do_free char *n = must_sprintf("%u", conf->netdevs[i]->index);
			if (!n || strv_append(&v, n) < 0)
				return NULL;
		}
		return v ? strv_join(v, "\n") : NULL;
	}
	if (!*sub) {
		d = netdev_find(conf, (unsigned int)index);
		return strdup(d ? type_name(d->type) : "");
	}
	k = net_key_find(sub);
	if (!k)
		return NULL;
	d = netdev_find(conf, (unsigned int)index);
	return k->get(d ? d : &unset);
}

const char *network_config_expect(const char *key)
{
	const struct net_key *k;
	const char *sub;
	int index;

	if (split_key(key, &index, &sub) < 0 || index < 0 || !*sub)
		return "an empty value (to clear)";
	k = net_key_find(sub);
	return k ? k->expect : "a value";
}

/* ------------------------------------------------------------------------ */
/* Netlink                                                                   */
/* ------------------------------------------------------------------------ */

/* The outcome of one request: the kernel's errno and extended ack text. */
struct nl_reply {
	bool done;
	int err;
	char ext[160];
	int (*on_msg)(struct nl_msg *msg, void *arg);
	void *arg;
};

static int reply_valid(struct nl_msg *msg, void *arg)
{
	struct nl_reply *r = arg;

	return r->on_msg ? r->on_msg(msg, r->arg) : NL_OK;
}

static int reply_done(struct nl_msg *msg, void *arg)
{
	struct nl_reply *r = arg;

	r->done = true;
	return NL_STOP;
}

static int reply_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	/* libnl hands over the payload of the NLMSG_ERROR message. */
	const struct nlmsghdr *h = (const void *)((const char *)e - NLMSG_HDRLEN);
	struct nl_reply *r = arg;

	r->done = true;
	r->err = e->error;
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		size_t off = sizeof(*e);
		struct nlattr *a;
		int len;

		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
		len = (int)h->nlmsg_len - (int)NLMSG_HDRLEN - (int)off;
		if (len > 0) {
			a = nla_find((struct nlattr *)((char *)e + off), len, NLMSGERR_ATTR_MSG);
			if (a)
				snprintf(r->ext, sizeof(r->ext), "%.*s", nla_len(a),
					 (const char *)nla_data(a));
		}
	}
	return NL_STOP;
}

static void net_sock_close(struct nl_sock *sk)
{
	if (sk)
		nl_socket_free(sk);
}

static inline void net_sock_close_p(struct nl_sock **sk)
{
	net_sock_close(*sk);
}

static inline void nlmsg_free_p(struct nl_msg **m)
{
	if (*m)
		nlmsg_free(*m);
}

#define __do_net_sock_close __attribute__((cleanup(net_sock_close_p)))
#define __do_nlmsg_free __attribute__((cleanup(nlmsg_free_p)))

/* A NETLINK_ROUTE socket in the current network namespace. */
static struct nl_sock *nl_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk) {
		errno = ENOMEM;
		return NULL;
	}
	if (nl_connect(sk, NETLINK_ROUTE) < 0) {
		nl_socket_free(sk);
		errno = EPROTONOSUPPORT;
		return NULL;
	}
	/* The kernel's own words for a refusal ("Unknown device type"). */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return sk;
}

/* Send msg and wait for its answer; returns 0 or the kernel's -errno. */
static int nl_talk(struct nl_sock *sk, struct nl_msg *msg, struct nl_reply *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret;

	if (!cb)
		return -ENOMEM;
	r->done = false;
	r->err = 0;
	r->ext[0] = '\0';
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, reply_valid, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, reply_done, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, reply_done, r);
	nl_cb_err(cb, NL_CB_CUSTOM, reply_error, r);
	ret = nl_send_auto(sk, msg);
	if (ret < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (!r->done) {
		ret = nl_recvmsgs(sk, cb);
		if (ret < 0 && !r->done) {
			nl_cb_put(cb);
			return -EIO;
		}
	}
	nl_cb_put(cb);
	return r->err;
}

/* "Operation not supported (Unknown device type)" */
static const char *nl_strerror(int err, const struct nl_reply *r, char *buf, size_t size)
{
	if (r->ext[0])
		snprintf(buf, size, "%s (%s)", strerror(-err), r->ext);
	else
		snprintf(buf, size, "%s", strerror(-err));
	return buf;
}

static struct nl_msg *link_msg(int type, int flags, int ifindex, unsigned int ifi_flags,
			       unsigned int ifi_change)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex,
				 .ifi_flags = ifi_flags, .ifi_change = ifi_change };
	struct nl_msg *m = nlmsg_alloc_simple(type, flags);

	if (m && nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* What we need to know about an interface. */
struct link_info {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[32];
	unsigned int mtu;
	unsigned int flags;
	unsigned char mac[6];
	bool has_mac;
	int vlan_filtering;	/* bridges: -1 when the kernel does not report it */
};

static int parse_link(struct nl_msg *msg, void *arg)
{
	struct link_info *li = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct ifinfomsg *ifi = nlmsg_data(h);
	struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];

	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
		return NL_SKIP;
	memset(li, 0, sizeof(*li));
	li->vlan_filtering = -1;
	li->ifindex = ifi->ifi_index;
	li->flags = ifi->ifi_flags;
	if (tb[IFLA_IFNAME])
		snprintf(li->name, sizeof(li->name), "%s", nla_get_string(tb[IFLA_IFNAME]));
	if (tb[IFLA_MTU])
		li->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(li->mac, nla_data(tb[IFLA_ADDRESS]), 6);
		li->has_mac = true;
	}
	if (tb[IFLA_LINKINFO] && nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0) {
		if (info[IFLA_INFO_KIND])
			snprintf(li->kind, sizeof(li->kind), "%s", nla_get_string(info[IFLA_INFO_KIND]));
		if (info[IFLA_INFO_DATA] && strcmp(li->kind, "bridge") == 0) {
			struct nlattr *br[IFLA_BR_MAX + 1];

			/* vlan_filtering is always reported; the default PVID
			 * only by a kernel that can filter. */
			if (nla_parse_nested(br, IFLA_BR_MAX, info[IFLA_INFO_DATA], NULL) == 0 &&
			    br[IFLA_BR_VLAN_FILTERING] && br[IFLA_BR_VLAN_DEFAULT_PVID])
				li->vlan_filtering = nla_get_u8(br[IFLA_BR_VLAN_FILTERING]);
		}
	}
	return NL_OK;
}

/* Look an interface up by name (ifindex 0) or index: 0, -ENODEV or -errno. */
static int link_get(struct nl_sock *sk, const char *name, int ifindex, struct link_info *out)
{
	__do_nlmsg_free struct nl_msg *m = link_msg(RTM_GETLINK, 0, ifindex, 0, 0);
	struct link_info li = { .ifindex = 0 };
	struct nl_reply r = { .on_msg = parse_link, .arg = &li };
	int ret;

	if (!m)
		return -ENOMEM;
	if (!ifindex && nla_put_string(m, IFLA_IFNAME, name) < 0)
		return -ENOMEM;
	ret = nl_talk(sk, m, &r);
	if (ret < 0)
		return ret;
	if (!li.ifindex)
		return -ENODEV;
	*out = li;
	return 0;
}

static int link_delete(struct nl_sock *sk, int ifindex)
{
	__do_nlmsg_free struct nl_msg *m = link_msg(RTM_DELLINK, 0, ifindex, 0, 0);
	struct nl_reply r = { .done = false };

	if (!m)
		return -ENOMEM;
	return nl_talk(sk, m, &r);
}

static int put_addr(struct nl_msg *m, int type, const struct net_addr *a)
{
	return nla_put(m, type, a->family == AF_INET ? 4 : 16, &a->addr);
}

/* Add a route (dst NULL: default) on ifindex, via gw (NULL: on-link). */
static int route_add(struct nl_sock *sk, int family, const struct net_addr *dst,
		     const struct net_addr *gw, int ifindex, struct nl_reply *r)
{
	struct rtmsg rtm = {
		.rtm_family = (unsigned char)family,
		.rtm_dst_len = dst ? (unsigned char)dst->prefix : 0,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = RTPROT_BOOT,
		.rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK,
		.rtm_type = RTN_UNICAST,
	};
	__do_nlmsg_free struct nl_msg *m =
		nlmsg_alloc_simple(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);

	if (!m || nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    (dst && put_addr(m, RTA_DST, dst) < 0) || (gw && put_addr(m, RTA_GATEWAY, gw) < 0) ||
	    nla_put_u32(m, RTA_OIF, (uint32_t)ifindex) < 0)
		return -ENOMEM;
	return nl_talk(sk, m, r);
}

static int addr_add(struct nl_sock *sk, const struct net_addr *a, int ifindex, struct nl_reply *r)
{
	struct ifaddrmsg ifa = {
		.ifa_family = (unsigned char)a->family,
		.ifa_prefixlen = (unsigned char)a->prefix,
		/* The address is usable at once: the container's command
		 * may talk right after exec. */
		.ifa_flags = a->family == AF_INET6 ? IFA_F_NODAD : 0,
		.ifa_index = (unsigned int)ifindex,
	};
	__do_nlmsg_free struct nl_msg *m =
		nlmsg_alloc_simple(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);

	if (!m || nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
	    put_addr(m, IFA_LOCAL, a) < 0 || put_addr(m, IFA_ADDRESS, a) < 0)
		return -ENOMEM;
	if (a->family == AF_INET && a->prefix < 31) {
		struct in_addr b = a->bcast;

		if (!a->has_bcast)
			b.s_addr = a->addr.v4.s_addr | htonl(0xffffffffu >> a->prefix);
		if (nla_put(m, IFA_BROADCAST, 4, &b) < 0)
			return -ENOMEM;
	}
	return nl_talk(sk, m, r);
}

/* ------------------------------------------------------------------------ */
/* The running container                                                    */
/* ------------------------------------------------------------------------ */

/* One interface of one start. */
struct net_run {
	struct lxc_netdev *dev;
	char name[IFNAMSIZ];	/* in the container */
	char host[IFNAMSIZ];	/* veth: the host end */
	unsigned char mac[6];
	bool has_mac;
	unsigned int mtu;	/* 0: the kernel's default */
	struct link_info link;	/* the host interface lxc.net.N.link names */
	struct net_gateway gw4, gw6;	/* auto resolved */
	int host_ifindex;	/* veth: the host end, once made */
	bool made;		/* exists (veth, macvlan, ...) or was moved (phys) */
	bool up_ran;		/* script.up ran: script.down is due */
};

/* An interface lxc-device moved into the container. */
struct moved_dev {
	char orig[IFNAMSIZ];	/* its name on the host */
	char name[IFNAMSIZ];	/* its name in the container */
};

struct lxc_network {
	char *ctname;
	struct net_run *run;
	size_t n;
	struct nl_sock *sk;	/* in the monitor's namespace */
	struct nl_sock *ct_sk;	/* in the container's, made when needed */
	int self_nsfd;
	int ct_nsfd;		/* held: the namespace outlives init until teardown */
	bool hold_ns;
	pid_t pid;
	struct moved_dev *moved;
	size_t nmoved;
};

static struct lxc_network *net_alloc(const char *name)
{
	struct lxc_network *net = calloc(1, sizeof(*net));

	if (!net)
		return NULL;
	net->self_nsfd = -EBADF;
	net->ct_nsfd = -EBADF;
	net->ctname = strdup(name ? name : "");
	if (!net->ctname) {
		free(net);
		return NULL;
	}
	return net;
}

void network_free(struct lxc_network *net)
{
	if (!net)
		return;
	net_sock_close(net->sk);
	net_sock_close(net->ct_sk);
	close_prot_errno(&net->self_nsfd);
	close_prot_errno(&net->ct_nsfd);
	free(net->run);
	free(net->moved);
	free(net->ctname);
	free(net);
}

static bool is_interface(const struct lxc_netdev *d)
{
	return d->type >= NETDEV_VETH;
}

/* The kernel configuration option behind a link kind. */
static const char *kind_config(enum netdev_type t)
{
	switch (t) {
	case NETDEV_VETH:
		return "veth support (CONFIG_VETH)";
	case NETDEV_MACVLAN:
		return "macvlan support (CONFIG_MACVLAN)";
	case NETDEV_IPVLAN:
		return "ipvlan support (CONFIG_IPVLAN)";
	case NETDEV_VLAN:
		return "802.1q VLAN support (CONFIG_VLAN_8021Q)";
	default:
		return "support for it";
	}
}

struct first_addr {
	int ifindex;
	int family;
	struct net_addr found;
	int best_scope;		/* lower is better; 256: none */
};

static int pick_addr(struct nl_msg *msg, void *arg)
{
	struct first_addr *fa = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct ifaddrmsg *ifa = nlmsg_data(h);
	struct nlattr *tb[IFA_MAX + 1], *a;
	int scope;

	if (h->nlmsg_type != RTM_NEWADDR || nlmsg_parse(h, sizeof(*ifa), tb, IFA_MAX, NULL) < 0)
		return NL_SKIP;
	if ((int)ifa->ifa_index != fa->ifindex || ifa->ifa_family != fa->family)
		return NL_OK;
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || nla_len(a) != (fa->family == AF_INET ? 4 : 16))
		return NL_OK;
	/* Global addresses first, then link-local ones. */
	scope = ifa->ifa_scope == RT_SCOPE_UNIVERSE ? 0 : ifa->ifa_scope == RT_SCOPE_LINK ? 1 : 256;
	if (scope < fa->best_scope) {
		fa->best_scope = scope;
		memset(&fa->found, 0, sizeof(fa->found));
		fa->found.family = fa->family;
		fa->found.prefix = fa->family == AF_INET ? 32 : 128;
		memcpy(&fa->found.addr, nla_data(a), (size_t)nla_len(a));
	}
	return NL_OK;
}

/* ipv4.gateway = auto: the first address of the host's link. */
static int resolve_auto_gateway(struct lxc_network *net, struct net_run *r, int family)
{
	struct net_gateway *gw = family == AF_INET ? &r->gw4 : &r->gw6;
	const char *key = family == AF_INET ? "ipv4" : "ipv6";
	struct first_addr fa = { .ifindex = r->link.ifindex, .family = family, .best_scope = 256 };
	struct nl_reply rep = { .on_msg = pick_addr, .arg = &fa };
	struct rtgenmsg g = { .rtgen_family = (unsigned char)family };
	__do_nlmsg_free struct nl_msg *m = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_DUMP);
	int ret;

	if (!r->dev->link || r->dev->type != NETDEV_VETH || r->dev->veth_router)
		return CAUSE(-EINVAL, "lxc.net.%u.%s.gateway = auto needs a veth on a bridge (lxc.net.%u.link)",
			     r->dev->index, key, r->dev->index);
	if (!m || nlmsg_append(m, &g, sizeof(g), NLMSG_ALIGNTO) < 0)
		return -ENOMEM;
	ret = nl_talk(net->sk, m, &rep);
	if (ret < 0)
		return CAUSE(ret, "failed to read the addresses of \"%s\": %m", r->link.name);
	if (fa.best_scope == 256)
		return CAUSE(-EADDRNOTAVAIL, "lxc.net.%u.%s.gateway = auto: bridge \"%s\" has no %s address",
			     r->dev->index, key, r->link.name, family == AF_INET ? "IPv4" : "IPv6");
	gw->kind = NET_GW_ADDR;
	gw->addr = fa.found;
	return 0;
}

static int random_veth_name(char name[IFNAMSIZ])
{
	unsigned char rnd[4];

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -errno;
	snprintf(name, IFNAMSIZ, "veth%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3]);
	return 0;
}

static bool name_taken(const struct lxc_conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nnetdevs; i++)
		if (conf->netdevs[i]->name && strcmp(conf->netdevs[i]->name, name) == 0)
			return true;
	return false;
}

/* Check one interface against the host and fill in what it needs. */
static int prepare_one(struct lxc_network *net, struct lxc_conf *conf, struct net_run *r,
		       unsigned int *next_eth)
{
	struct lxc_netdev *d = r->dev;
	const char *type = type_name(d->type);
	int ret;

	if (d->type != NETDEV_VETH && !d->link)
		return CAUSE(-EINVAL, "lxc.net.%u.link is not set: a %s interface needs a host interface",
			     d->index, type);
	if (d->type == NETDEV_VETH && d->veth_router && d->link)
		return CAUSE(-EINVAL, "lxc.net.%u: veth.mode = router takes no link (the host routes to the container instead of bridging)",
			     d->index);
	if (d->type == NETDEV_VLAN && d->vlan_id < 0)
		return CAUSE(-EINVAL, "lxc.net.%u.vlan.id is not set: a vlan interface needs one", d->index);
	if (d->type == NETDEV_IPVLAN && d->hwaddr)
		return CAUSE(-EINVAL, "lxc.net.%u.hwaddr: an ipvlan interface shares the MAC address of its link",
			     d->index);
	if (!d->up && (d->gw4.kind != NET_GW_NONE || d->gw6.kind != NET_GW_NONE))
		return CAUSE(-EINVAL, "lxc.net.%u: a gateway needs the interface up (lxc.net.%u.flags = up)",
			     d->index, d->index);

	if (d->link) {
		ret = link_get(net->sk, d->link, 0, &r->link);
		if (ret == -ENODEV)
			return CAUSE(ret, "lxc.net.%u.link: interface \"%s\" does not exist", d->index, d->link);
		if (ret < 0)
			return CAUSE(ret, "lxc.net.%u.link: failed to look up \"%s\": %m", d->index, d->link);
		if (d->type == NETDEV_VETH && strcmp(r->link.kind, "bridge") != 0)
			return CAUSE(-EINVAL, "lxc.net.%u.link: \"%s\" is not a bridge", d->index, d->link);
		if (d->type == NETDEV_PHYS && (r->link.flags & IFF_LOOPBACK))
			return CAUSE(-EINVAL, "lxc.net.%u.link: \"%s\" is the loopback interface", d->index, d->link);
	}
	if (d->type == NETDEV_VETH && d->veth_vlan_id) {
		if (!d->link)
			return CAUSE(-EINVAL, "lxc.net.%u.veth.vlan.id needs a bridge (lxc.net.%u.link)",
				     d->index, d->index);
		if (r->link.vlan_filtering < 0)
			return CAUSE(-EOPNOTSUPP, "lxc.net.%u.veth.vlan.id: kernel has no bridge VLAN filtering support (CONFIG_BRIDGE_VLAN_FILTERING)",
				     d->index);
		if (r->link.vlan_filtering == 0)
			return CAUSE(-EINVAL, "lxc.net.%u.veth.vlan.id: bridge \"%s\" does not filter VLANs (vlan_filtering is off)",
				     d->index, d->link);
	}

	if (d->name) {
		snprintf(r->name, sizeof(r->name), "%s", d->name);
	} else {
		/* eth0, eth1, ...: the first names no other interface has. */
		do
			snprintf(r->name, sizeof(r->name), "eth%u", (*next_eth)++);
		while (name_taken(conf, r->name));
	}
	if (d->type == NETDEV_VETH) {
		if (d->veth_pair)
			snprintf(r->host, sizeof(r->host), "%s", d->veth_pair);
		else if ((ret = random_veth_name(r->host)) < 0)
			return CAUSE(ret, "failed to pick a name for the host side of lxc.net.%u: %m", d->index);
	}
	if (d->hwaddr) {
		ret = net_hwaddr_fill(d->hwaddr, r->mac);
		if (ret < 0)
			return CAUSE(ret, "lxc.net.%u.hwaddr: %m", d->index);
		if (r->mac[0] & 1)
			return CAUSE(-EINVAL, "lxc.net.%u.hwaddr: \"%s\" is a multicast address", d->index, d->hwaddr);
		r->has_mac = true;
	}
	/* A veth on a bridge takes the bridge's MTU unless told otherwise. */
	r->mtu = d->mtu;
	if (!r->mtu && d->type == NETDEV_VETH && d->link)
		r->mtu = r->link.mtu;
	r->gw4 = d->gw4;
	r->gw6 = d->gw6;
	if (r->gw4.kind == NET_GW_AUTO && (ret = resolve_auto_gateway(net, r, AF_INET)) < 0)
		return ret;
	if (r->gw6.kind == NET_GW_AUTO && (ret = resolve_auto_gateway(net, r, AF_INET6)) < 0)
		return ret;
	if (d->type == NETDEV_PHYS || d->script_down)
		net->hold_ns = true;
	return 0;
}

int network_prepare(struct lxc_conf *conf, const char *name, struct lxc_network **out)
{
	struct lxc_network *net;
	unsigned int next_eth = 0;
	size_t nif = 0;
	bool none = false;
	int ret = 0;

	*out = NULL;
	for (size_t i = 0; i < conf->nnetdevs; i++) {
		const struct lxc_netdev *d = conf->netdevs[i];

		if (d->type == NETDEV_UNSET)
			return CAUSE(-EINVAL, "lxc.net.%u.type is not set", d->index);
		if (d->type == NETDEV_NONE)
			none = true;
		if (is_interface(d))
			nif++;
		for (size_t j = 0; j < i; j++) {
			const struct lxc_netdev *o = conf->netdevs[j];

			if (d->name && o->name && strcmp(d->name, o->name) == 0)
				return CAUSE(-EINVAL, "lxc.net.%u.name: interface name \"%s\" is already used by lxc.net.%u",
					     d->index, d->name, o->index);
			if (d->type == NETDEV_VETH && o->type == NETDEV_VETH && d->veth_pair &&
			    o->veth_pair && strcmp(d->veth_pair, o->veth_pair) == 0)
				return CAUSE(-EINVAL, "lxc.net.%u.veth.pair: \"%s\" is already used by lxc.net.%u",
					     d->index, d->veth_pair, o->index);
			if (d->type == NETDEV_PHYS && o->type == NETDEV_PHYS &&
			    strcmp(d->link ? d->link : "", o->link ? o->link : "") == 0)
				return CAUSE(-EINVAL, "lxc.net.%u.link: \"%s\" is already moved by lxc.net.%u",
					     d->index, d->link ? d->link : "", o->index);
		}
		if (d->name && strcmp(d->name, "lo") == 0)
			return CAUSE(-EINVAL, "lxc.net.%u.name: \"lo\" is the container's loopback interface",
				     d->index);
	}
	if (none && conf->nnetdevs > 1)
		return CAUSE(-EINVAL, "lxc.net.N.type = none (the host's network) cannot be combined with other lxc.net entries");
	if (!nif)
		return 0;
	if (!(conf_clone_flags(conf) & CLONE_NEWNET))
		return CAUSE(-EINVAL, "lxc.net: interfaces need a network namespace of the container's own (remove \"net\" from lxc.namespace.keep)");

	net = net_alloc(name);
	if (!net)
		return CAUSE(-ENOMEM, "out of memory");
	net->run = calloc(nif, sizeof(*net->run));
	net->sk = nl_open();
	if (!net->run || !net->sk) {
		ret = net->run ? SYSCAUSE("failed to open a netlink socket: %m")
			       : CAUSE(-ENOMEM, "out of memory");
		network_free(net);
		return ret;
	}
	for (size_t i = 0; i < conf->nnetdevs && ret == 0; i++) {
		if (!is_interface(conf->netdevs[i]))
			continue;
		net->run[net->n].dev = conf->netdevs[i];
		ret = prepare_one(net, conf, &net->run[net->n], &next_eth);
		net->n++;
	}
	if (ret < 0) {
		network_free(net);
		return ret;
	}
	*out = net;
	return 0;
}

/* Run lxc.net.N.script.up/down as LXC does: "SCRIPT NAME net HOOK TYPE IFACE". */
static int run_hook(const struct lxc_network *net, const struct net_run *r, const char *hook)
{
	const struct lxc_netdev *d = r->dev;
	const char *script = strcmp(hook, "up") == 0 ? d->script_up : d->script_down;
	const char *iface = d->type == NETDEV_VETH ? r->host : (d->link ? d->link : r->name);
	char index[16];
	int status;
	pid_t pid;

	snprintf(index, sizeof(index), "%u", d->index);
	pid = fork();
	if (pid < 0)
		return SYSCAUSE("lxc.net.%u.script.%s: failed to fork: %m", d->index, hook);
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setenv("LXC_NAME", net->ctname, 1);
		setenv("LXC_HOOK_TYPE", hook, 1);
		setenv("LXC_HOOK_SECTION", "net", 1);
		setenv("LXC_NET_TYPE", type_name(d->type), 1);
		setenv("LXC_NET_INDEX", index, 1);
		setenv("LXC_NET_NAME", r->name, 1);
		if (d->link)
			setenv("LXC_NET_PARENT", d->link, 1);
		if (d->type == NETDEV_VETH)
			setenv("LXC_NET_PEER", r->host, 1);
		execl("/bin/sh", "sh", "-c", "exec_script=$1; shift; eval \"$exec_script \\\"\\$@\\\"\"",
		      "sh", script, net->ctname, "net", hook, type_name(d->type), iface, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return SYSCAUSE("lxc.net.%u.script.%s: failed to wait for \"%s\": %m", d->index,
					hook, script);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		return CAUSE(-ECANCELED, "lxc.net.%u.script.%s \"%s\" was killed by signal %d", d->index,
			     hook, script, WTERMSIG(status));
	return CAUSE(-ECANCELED, "lxc.net.%u.script.%s \"%s\" exited with status %d", d->index, hook,
		     script, WEXITSTATUS(status));
}

/* A socket in the container's network namespace (held in ct_nsfd). */
static int ct_socket(struct lxc_network *net)
{
	struct nl_sock *sk;
	int err;

	if (net->ct_sk)
		return 0;
	if (net->self_nsfd < 0) {
		net->self_nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (net->self_nsfd < 0)
			return SYSCAUSE("failed to open the monitor's network namespace: %m");
	}
	if (net->ct_nsfd < 0) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/ns/net", net->pid);
		net->ct_nsfd = open(path, O_RDONLY | O_CLOEXEC);
		if (net->ct_nsfd < 0)
			return SYSCAUSE("failed to open the container's network namespace: %m");
	}
	if (setns(net->ct_nsfd, CLONE_NEWNET) < 0)
		return SYSCAUSE("failed to enter the container's network namespace: %m");
	sk = nl_open();
	err = errno;
	if (setns(net->self_nsfd, CLONE_NEWNET) < 0) {
		/* Staying in the container's namespace would be worse than dying. */
		ERROR("failed to return to the monitor's network namespace: %m");
		_exit(1);
	}
	if (!sk) {
		errno = err;
		return SYSCAUSE("failed to open a netlink socket in the container: %m");
	}
	net->ct_sk = sk;
	return 0;
}

/* Move ifindex (seen through sk) to namespace nsfd / pid, renamed. */
static int link_move(struct nl_sock *sk, int ifindex, int nsfd, pid_t pid, const char *newname,
		     unsigned int mtu, const unsigned char *mac, bool up, struct nl_reply *r)
{
	__do_nlmsg_free struct nl_msg *m =
		link_msg(RTM_NEWLINK, 0, ifindex, up ? IFF_UP : 0, IFF_UP);

	if (!m || (nsfd >= 0 && nla_put_u32(m, IFLA_NET_NS_FD, (uint32_t)nsfd) < 0) ||
	    (nsfd < 0 && nla_put_u32(m, IFLA_NET_NS_PID, (uint32_t)pid) < 0) ||
	    (newname && nla_put_string(m, IFLA_IFNAME, newname) < 0) ||
	    (mtu && nla_put_u32(m, IFLA_MTU, mtu) < 0) || (mac && nla_put(m, IFLA_ADDRESS, 6, mac) < 0))
		return -ENOMEM;
	return nl_talk(sk, m, r);
}

/* Bridge port VLAN: untagged, and the port's PVID. */
static int bridge_port_vlan(struct nl_sock *sk, int ifindex, unsigned int vid, struct nl_reply *r)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = ifindex };
	struct bridge_vlan_info vi = {
		.flags = BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED,
		.vid = (uint16_t)vid,
	};
	__do_nlmsg_free struct nl_msg *m = nlmsg_alloc_simple(RTM_SETLINK, 0);
	struct nlattr *spec;

	if (!m || nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    !(spec = nla_nest_start(m, IFLA_AF_SPEC)) ||
	    nla_put(m, IFLA_BRIDGE_VLAN_INFO, sizeof(vi), &vi) < 0)
		return -ENOMEM;
	nla_nest_end(m, spec);
	return nl_talk(sk, m, r);
}

static int proxy_neigh_add(struct nl_sock *sk, const struct net_addr *a, int ifindex,
			   struct nl_reply *r)
{
	struct ndmsg nd = { .ndm_family = (unsigned char)a->family, .ndm_ifindex = ifindex,
			    .ndm_flags = NTF_PROXY, .ndm_state = NUD_PERMANENT };
	__do_nlmsg_free struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE);

	if (!m || nlmsg_append(m, &nd, sizeof(nd), NLMSG_ALIGNTO) < 0 || put_addr(m, NDA_DST, a) < 0)
		return -ENOMEM;
	return nl_talk(sk, m, r);
}

static int create_veth_msg(struct lxc_network *net, struct net_run *r, struct nl_reply *rep)
{
	const struct lxc_netdev *d = r->dev;
	/* The container end comes up in the container: a veth cannot open
	 * before its peer is linked to it, which is after both are made. */
	struct ifinfomsg peer_ifi = { .ifi_family = AF_UNSPEC };
	/* NLM_F_ECHO: the kernel answers with the new host end (its index). */
	__do_nlmsg_free struct nl_msg *m =
		link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, 0, IFF_UP, IFF_UP);
	struct nlattr *info, *data, *peer;

	/* One message: the host end (on its bridge, up) and the container
	 * end, born in the container's namespace with its final name. */
	if (!m || nla_put_string(m, IFLA_IFNAME, r->host) < 0 ||
	    (r->mtu && nla_put_u32(m, IFLA_MTU, r->mtu) < 0) ||
	    (d->link && nla_put_u32(m, IFLA_MASTER, (uint32_t)r->link.ifindex) < 0) ||
	    !(info = nla_nest_start(m, IFLA_LINKINFO)) ||
	    nla_put_string(m, IFLA_INFO_KIND, "veth") < 0 ||
	    !(data = nla_nest_start(m, IFLA_INFO_DATA)) || !(peer = nla_nest_start(m, VETH_INFO_PEER)) ||
	    nlmsg_append(m, &peer_ifi, sizeof(peer_ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(m, IFLA_IFNAME, r->name) < 0 ||
	    nla_put_u32(m, IFLA_NET_NS_PID, (uint32_t)net->pid) < 0 ||
	    (r->has_mac && nla_put(m, IFLA_ADDRESS, 6, r->mac) < 0) ||
	    (r->mtu && nla_put_u32(m, IFLA_MTU, r->mtu) < 0))
		return -ENOMEM;
	nla_nest_end(m, peer);
	nla_nest_end(m, data);
	nla_nest_end(m, info);
	return nl_talk(net->sk, m, rep);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int create_veth(struct lxc_network *net, struct net_run *r)
{
	const struct lxc_netdev *d = r->dev;
	struct link_info li, echo = { .ifindex = 0 };
	struct nl_reply rep = { .on_msg = parse_link, .arg = &echo };
	char err[256];
	int ret;

	ret = create_veth_msg(net, r, &rep);
	/*
	 * A fixed veth.pair name may still belong to the previous run: the
	 * kernel removes that pair with the old namespace, asynchronously.
	 */
	if (ret == -EEXIST && d->veth_pair) {
		int64_t deadline = mono_ms() + 2000;

		while (ret == -EEXIST && mono_ms() < deadline &&
		       link_get(net->sk, r->host, 0, &li) == 0 && strcmp(li.kind, "veth") == 0) {
			struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

			nanosleep(&ts, NULL);
			ret = create_veth_msg(net, r, &rep);
		}
	}
	if (ret == -EEXIST)
		return CAUSE(ret, "lxc.net.%u.veth.pair: interface \"%s\" already exists", d->index, r->host);
	if (ret == -EOPNOTSUPP)
		return CAUSE(ret, "lxc.net.%u: kernel has no %s", d->index, kind_config(d->type));
	if (ret < 0)
		return CAUSE(ret, "lxc.net.%u: failed to create the veth pair \"%s\"/\"%s\": %s", d->index,
			     r->host, r->name, nl_strerror(ret, &rep, err, sizeof(err)));
	r->made = true;
	if (echo.ifindex && strcmp(echo.name, r->host) == 0) {
		r->host_ifindex = echo.ifindex;
		return 0;
	}
	ret = link_get(net->sk, r->host, 0, &li);
	if (ret < 0)
		return CAUSE(ret, "lxc.net.%u: the new interface \"%s\" vanished: %m", d->index, r->host);
	r->host_ifindex = li.ifindex;
	return 0;
}

/* veth.mode = router and veth.vlan.id: the host side around a veth. */
static int setup_veth_host(struct lxc_network *net, struct net_run *r)
{
	const struct lxc_netdev *d = r->dev;
	struct nl_reply rep;
	char err[256];
	int ret;

	if (d->veth_vlan_id) {
		ret = bridge_port_vlan(net->sk, r->host_ifindex, d->veth_vlan_id, &rep);
		if (ret == -EOPNOTSUPP)
			return CAUSE(ret, "lxc.net.%u.veth.vlan.id: kernel has no bridge VLAN filtering support (CONFIG_BRIDGE_VLAN_FILTERING)",
				     d->index);
		if (ret < 0)
			return CAUSE(ret, "lxc.net.%u.veth.vlan.id: failed to put \"%s\" on VLAN %u: %s",
				     d->index, r->host, d->veth_vlan_id, nl_strerror(ret, &rep, err, sizeof(err)));
	}
	if (!d->veth_router)
		return 0;
	for (int fam = 0; fam < 2; fam++) {
		const struct net_addr *addrs = fam ? d->ipv6 : d->ipv4;
		const struct net_addr *routes = fam ? d->routes6 : d->routes4;
		size_t naddrs = fam ? d->nipv6 : d->nipv4, nroutes = fam ? d->nroutes6 : d->nroutes4;
		const struct net_gateway *gw = fam ? &r->gw6 : &r->gw4;

		for (size_t i = 0; i < naddrs + nroutes; i++) {
			struct net_addr dst = i < naddrs ? addrs[i] : routes[i - naddrs];
			__do_free char *text = NULL;

			/* The container's own addresses are host routes. */
			if (i < naddrs)
				dst.prefix = dst.family == AF_INET ? 32 : 128;
			ret = route_add(net->sk, dst.family, &dst, NULL, r->host_ifindex, &rep);
			if (ret < 0 && ret != -EEXIST) {
				text = net_format_addr(&dst);
				return CAUSE(ret, "lxc.net.%u: failed to route %s to \"%s\" on the host: %s",
					     d->index, text ? text : "?", r->host,
					     nl_strerror(ret, &rep, err, sizeof(err)));
			}
		}
		/* The container finds its gateway through the host end. */
		if (gw->kind == NET_GW_ADDR) {
			ret = proxy_neigh_add(net->sk, &gw->addr, r->host_ifindex, &rep);
			if (ret < 0)
				return CAUSE(ret, "lxc.net.%u: failed to add a proxy neighbour entry on \"%s\": %s",
					     d->index, r->host, nl_strerror(ret, &rep, err, sizeof(err)));
		}
	}
	return 0;
}

static int create_lower(struct lxc_network *net, struct net_run *r)
{
	const struct lxc_netdev *d = r->dev;
	const char *kind = type_name(d->type);
	__do_nlmsg_free struct nl_msg *m =
		link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, d->up ? IFF_UP : 0, IFF_UP);
	struct nlattr *info, *data;
	struct nl_reply rep;
	char err[256];
	int ret;

	if (!m || nla_put_string(m, IFLA_IFNAME, r->name) < 0 ||
	    nla_put_u32(m, IFLA_LINK, (uint32_t)r->link.ifindex) < 0 ||
	    nla_put_u32(m, IFLA_NET_NS_PID, (uint32_t)net->pid) < 0 ||
	    (r->has_mac && nla_put(m, IFLA_ADDRESS, 6, r->mac) < 0) ||
	    (r->mtu && nla_put_u32(m, IFLA_MTU, r->mtu) < 0) ||
	    !(info = nla_nest_start(m, IFLA_LINKINFO)) || nla_put_string(m, IFLA_INFO_KIND, kind) < 0 ||
	    !(data = nla_nest_start(m, IFLA_INFO_DATA)))
		return CAUSE(-ENOMEM, "out of memory");
	switch (d->type) {
	case NETDEV_MACVLAN:
		ret = nla_put_u32(m, IFLA_MACVLAN_MODE,
				  (uint32_t)(d->macvlan_mode ? d->macvlan_mode : MACVLAN_MODE_PRIVATE));
		break;
	case NETDEV_IPVLAN:
		ret = nla_put_u16(m, IFLA_IPVLAN_MODE,
				  (uint16_t)(d->ipvlan_mode < 0 ? IPVLAN_MODE_L3 : d->ipvlan_mode));
		if (ret == 0)
			ret = nla_put_u16(m, IFLA_IPVLAN_FLAGS,
					  (uint16_t)(d->ipvlan_isolation < 0 ? 0 : d->ipvlan_isolation));
		break;
	default:
		ret = nla_put_u16(m, IFLA_VLAN_ID, (uint16_t)d->vlan_id);
	}
	if (ret < 0)
		return CAUSE(-ENOMEM, "out of memory");
	nla_nest_end(m, data);
	nla_nest_end(m, info);
	ret = nl_talk(net->sk, m, &rep);
	if (ret == -EOPNOTSUPP)
		return CAUSE(ret, "lxc.net.%u: kernel has no %s", d->index, kind_config(d->type));
	if (ret < 0)
		return CAUSE(ret, "lxc.net.%u: failed to create %s interface \"%s\" on \"%s\": %s",
			     d->index, kind, r->name, d->link, nl_strerror(ret, &rep, err, sizeof(err)));
	r->made = true;
	return 0;
}

static int move_phys(struct lxc_network *net, struct net_run *r)
{
	const struct lxc_netdev *d = r->dev;
	struct nl_reply rep;
	char err[256];
	int ret;

	ret = link_move(net->sk, r->link.ifindex, -EBADF, net->pid, r->name, r->mtu,
			r->has_mac ? r->mac : NULL, d->up, &rep);
	if (ret < 0)
		return CAUSE(ret, "lxc.net.%u: failed to move \"%s\" into the container: %s", d->index,
			     d->link, nl_strerror(ret, &rep, err, sizeof(err)));
	r->made = true;
	return 0;
}

/* Give a physical interface back under its original name. */
static void return_phys(struct lxc_network *net, struct net_run *r)
{
	struct link_info li;
	struct nl_reply rep;
	char err[256];
	int ret;

	if (ct_socket(net) < 0) {
		WARN("lxc.net.%u: cannot return \"%s\" to the host: %s", r->dev->index, r->dev->link,
		     log_cause());
		return;
	}
	/* The container may have renamed it: the index is kept across moves. */
	ret = link_get(net->ct_sk, r->name, 0, &li);
	if (ret < 0)
		ret = link_get(net->ct_sk, NULL, r->link.ifindex, &li);
	if (ret < 0) {
		WARN("lxc.net.%u: \"%s\" is no longer in the container", r->dev->index, r->name);
		return;
	}
	ret = link_move(net->ct_sk, li.ifindex, net->self_nsfd, 0, r->link.name,
			r->mtu ? r->link.mtu : 0, r->has_mac && r->link.has_mac ? r->link.mac : NULL,
			false, &rep);
	if (ret < 0)
		WARN("lxc.net.%u: failed to return \"%s\" to the host as \"%s\": %s", r->dev->index,
		     li.name, r->link.name, nl_strerror(ret, &rep, err, sizeof(err)));
	else
		r->made = false;
}

/* Undo what a failed start made, newest first. */
static void undo(struct lxc_network *net)
{
	for (size_t i = net->n; i-- > 0;) {
		struct net_run *r = &net->run[i];

		if (!r->made)
			continue;
		if (r->up_ran && r->dev->script_down)
			run_hook(net, r, "down");
		if (r->dev->type == NETDEV_VETH && r->host_ifindex > 0)
			link_delete(net->sk, r->host_ifindex);
		else if (r->dev->type == NETDEV_PHYS)
			return_phys(net, r);
		r->made = false;
	}
}

int network_create(struct lxc_network *net, pid_t pid)
{
	int ret = 0;

	net->pid = pid;
	if (net->hold_ns) {
		/* Hold the namespace: physical interfaces are returned from
		 * it, and script.down sees the host side, even after init
		 * was killed. */
		ret = ct_socket(net);
		if (ret < 0)
			return ret;
	}
	for (size_t i = 0; i < net->n && ret == 0; i++) {
		struct net_run *r = &net->run[i];

		switch (r->dev->type) {
		case NETDEV_VETH:
			ret = create_veth(net, r);
			if (ret == 0)
				ret = setup_veth_host(net, r);
			if (ret == 0 && !r->dev->veth_pair)
				ret = (r->dev->veth_host = strdup(r->host)) ? 0 : -ENOMEM;
			break;
		case NETDEV_PHYS:
			ret = move_phys(net, r);
			break;
		default:
			ret = create_lower(net, r);
		}
		if (ret == 0 && r->dev->script_up) {
			ret = run_hook(net, r, "up");
			r->up_ran = ret == 0;
		}
		TRACE("lxc.net.%u: %s \"%s\" made", r->dev->index, type_name(r->dev->type), r->name);
	}
	if (ret < 0)
		undo(net);
	return ret;
}

void network_teardown(struct lxc_network *net, bool failed)
{
	if (!net)
		return;
	if (failed) {
		undo(net);
	} else {
		for (size_t i = net->n; i-- > 0;) {
			struct net_run *r = &net->run[i];

			if (r->up_ran && r->dev->script_down && run_hook(net, r, "down") < 0)
				WARN("%s", log_cause());
			if (r->made && r->dev->type == NETDEV_PHYS)
				return_phys(net, r);
		}
	}
	for (size_t i = 0; i < net->nmoved; i++) {
		struct moved_dev *md = &net->moved[i];
		struct link_info li;
		struct nl_reply rep;

		if (ct_socket(net) < 0 || link_get(net->ct_sk, md->name, 0, &li) < 0)
			continue;
		if (link_move(net->ct_sk, li.ifindex, net->self_nsfd, 0, md->orig, 0, NULL, false, &rep) < 0)
			WARN("failed to return \"%s\" to the host as \"%s\"", md->name, md->orig);
	}
	for (size_t i = 0; i < net->n; i++)
		if (!net->run[i].dev->veth_pair) {
			free(net->run[i].dev->veth_host);
			net->run[i].dev->veth_host = NULL;
		}
	/* Closing the last reference lets the kernel dismantle the namespace
	 * (and with it the veth pairs) in the background. */
	net_sock_close(net->ct_sk);
	net->ct_sk = NULL;
	close_prot_errno(&net->ct_nsfd);
}

/* ------------------------------------------------------------------------ */
/* The container's side                                                      */
/* ------------------------------------------------------------------------ */

static bool in_subnet(const struct net_addr *a, const struct net_addr *net)
{
	const unsigned char *x = (const void *)&a->addr, *y = (const void *)&net->addr;
	unsigned int bits = net->prefix;

	if (a->family != net->family)
		return false;
	for (unsigned int i = 0; bits > 0; i++, bits = bits > 8 ? bits - 8 : 0) {
		unsigned char mask = bits >= 8 ? 0xff : (unsigned char)(0xff << (8 - bits));

		if ((x[i] & mask) != (y[i] & mask))
			return false;
	}
	return true;
}

static int setup_gateway(struct nl_sock *sk, const struct net_run *r, int family, int ifindex)
{
	const struct lxc_netdev *d = r->dev;
	const struct net_gateway *gw = family == AF_INET ? &r->gw4 : &r->gw6;
	const struct net_addr *addrs = family == AF_INET ? d->ipv4 : d->ipv6;
	size_t n = family == AF_INET ? d->nipv4 : d->nipv6;
	const char *key = family == AF_INET ? "ipv4" : "ipv6";
	bool reachable = false;
	struct nl_reply rep;
	char err[256], text[INET6_ADDRSTRLEN];
	int ret;

	if (gw->kind == NET_GW_NONE)
		return 0;
	if (gw->kind == NET_GW_DEV) {
		ret = route_add(sk, family, NULL, NULL, ifindex, &rep);
		if (ret < 0)
			return CAUSE(ret, "lxc.net.%u.%s.gateway: failed to add a default route on \"%s\": %s",
				     d->index, key, r->name, nl_strerror(ret, &rep, err, sizeof(err)));
		return 0;
	}
	inet_ntop(family, &gw->addr.addr, text, sizeof(text));
	for (size_t i = 0; i < n; i++)
		if (in_subnet(&gw->addr, &addrs[i]))
			reachable = true;
	if (family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&gw->addr.addr.v6))
		reachable = true;
	/* A gateway outside the interface's subnets is on the link. */
	if (!reachable) {
		ret = route_add(sk, family, &gw->addr, NULL, ifindex, &rep);
		if (ret < 0 && ret != -EEXIST)
			return CAUSE(ret, "lxc.net.%u.%s.gateway: failed to add a route to %s on \"%s\": %s",
				     d->index, key, text, r->name, nl_strerror(ret, &rep, err, sizeof(err)));
	}
	ret = route_add(sk, family, NULL, &gw->addr, ifindex, &rep);
	if (ret < 0)
		return CAUSE(ret, "lxc.net.%u.%s.gateway: failed to add the default route via %s: %s",
			     d->index, key, text, nl_strerror(ret, &rep, err, sizeof(err)));
	return 0;
}

int network_setup_child(const struct lxc_network *net)
{
	__do_net_sock_close struct nl_sock *sk = NULL;

	if (!net)
		return 0;
	sk = nl_open();
	if (!sk)
		return SYSCAUSE("failed to open a netlink socket in the container: %m");
	for (size_t i = 0; i < net->n; i++) {
		const struct net_run *r = &net->run[i];
		const struct lxc_netdev *d = r->dev;
		int ifindex = (int)if_nametoindex(r->name);
		struct nl_reply rep;
		char err[256];
		int ret;

		if (ifindex <= 0)
			return SYSCAUSE("lxc.net.%u: interface \"%s\" is not in the container: %m", d->index,
					r->name);
		if (d->type == NETDEV_VETH && d->up) {
			__do_nlmsg_free struct nl_msg *m = link_msg(RTM_NEWLINK, 0, ifindex, IFF_UP, IFF_UP);

			ret = m ? nl_talk(sk, m, &rep) : -ENOMEM;
			if (ret < 0)
				return CAUSE(ret, "lxc.net.%u: failed to bring up \"%s\": %s", d->index,
					     r->name, nl_strerror(ret, &rep, err, sizeof(err)));
		}
		for (size_t j = 0; j < d->nipv4 + d->nipv6; j++) {
			const struct net_addr *a = j < d->nipv4 ? &d->ipv4[j] : &d->ipv6[j - d->nipv4];

			ret = addr_add(sk, a, ifindex, &rep);
			if (ret < 0) {
				__do_free char *text = net_format_addr(a);
				return CAUSE(ret, "lxc.net.%u.%s.address: failed to add %s to \"%s\": %s",
					     d->index, a->family == AF_INET ? "ipv4" : "ipv6",
					     text ? text : "?", r->name, nl_strerror(ret, &rep, err, sizeof(err)));
			}
		}
		ret = setup_gateway(sk, r, AF_INET, ifindex);
		if (ret == 0)
			ret = setup_gateway(sk, r, AF_INET6, ifindex);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* The monitor's commands                                                     */
/* ------------------------------------------------------------------------ */

struct ip_list {
	int family;
	char *buf;
	size_t size, len;
};

static int collect_ip(struct nl_msg *msg, void *arg)
{
	struct ip_list *l = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct ifaddrmsg *ifa = nlmsg_data(h);
	struct nlattr *tb[IFA_MAX + 1], *a;
	char text[INET6_ADDRSTRLEN];
	int n;

	if (h->nlmsg_type != RTM_NEWADDR || nlmsg_parse(h, sizeof(*ifa), tb, IFA_MAX, NULL) < 0)
		return NL_SKIP;
	/* As LXC: global addresses only, not lo's nor link-local ones. */
	if (ifa->ifa_scope != RT_SCOPE_UNIVERSE || (l->family && ifa->ifa_family != l->family))
		return NL_OK;
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || !inet_ntop(ifa->ifa_family, nla_data(a), text, sizeof(text)))
		return NL_OK;
	n = snprintf(l->buf + l->len, l->size - l->len, "%s%s", l->len ? "\n" : "", text);
	if (n > 0 && (size_t)n < l->size - l->len)
		l->len += (size_t)n;
	return NL_OK;
}

static int get_ips(struct lxc_network *net, int family, char *buf, size_t size)
{
	struct ip_list l = { .family = family, .buf = buf, .size = size };
	struct nl_reply rep = { .on_msg = collect_ip, .arg = &l };
	struct rtgenmsg g = { .rtgen_family = (unsigned char)family };
	__do_nlmsg_free struct nl_msg *m = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_DUMP);
	int ret;

	buf[0] = '\0';
	ret = ct_socket(net);
	if (ret < 0)
		return ret;
	if (!m || nlmsg_append(m, &g, sizeof(g), NLMSG_ALIGNTO) < 0)
		return -ENOMEM;
	ret = nl_talk(net->ct_sk, m, &rep);
	if (ret < 0)
		return CAUSE(ret, "failed to read the container's addresses: %m");
	return 0;
}

static int device_add(struct lxc_network *net, const char *ifname, const char *newname)
{
	struct link_info li;
	struct nl_reply rep;
	struct moved_dev *md;
	char err[256];
	int ret;

	if (!net_ifname_valid(ifname) || !net_ifname_valid(newname))
		return CAUSE(-EINVAL, "invalid interface name \"%s\"",
			     net_ifname_valid(ifname) ? newname : ifname);
	ret = ct_socket(net);
	if (ret < 0)
		return ret;
	if (!net->sk && !(net->sk = nl_open()))
		return SYSCAUSE("failed to open a netlink socket: %m");
	ret = link_get(net->sk, ifname, 0, &li);
	if (ret == -ENODEV)
		return CAUSE(ret, "interface \"%s\" does not exist", ifname);
	if (ret < 0)
		return CAUSE(ret, "failed to look up \"%s\": %m", ifname);
	if (link_get(net->ct_sk, newname, 0, &(struct link_info){ 0 }) == 0)
		return CAUSE(-EEXIST, "the container already has an interface \"%s\"", newname);
	md = realloc(net->moved, (net->nmoved + 1) * sizeof(*md));
	if (!md)
		return CAUSE(-ENOMEM, "out of memory");
	net->moved = md;
	ret = link_move(net->sk, li.ifindex, net->ct_nsfd, 0, newname, 0, NULL,
			(li.flags & IFF_UP) != 0, &rep);
	if (ret < 0)
		return CAUSE(ret, "failed to move \"%s\" into the container: %s", ifname,
			     nl_strerror(ret, &rep, err, sizeof(err)));
	md = &net->moved[net->nmoved++];
	snprintf(md->orig, sizeof(md->orig), "%s", ifname);
	snprintf(md->name, sizeof(md->name), "%s", newname);
	INFO("moved \"%s\" into the container as \"%s\"", ifname, newname);
	return 0;
}

static int device_del(struct lxc_network *net, const char *ifname)
{
	const char *hostname = ifname;
	struct link_info li;
	struct nl_reply rep;
	size_t i;
	char err[256];
	int ret;

	if (!net_ifname_valid(ifname))
		return CAUSE(-EINVAL, "invalid interface name \"%s\"", ifname);
	ret = ct_socket(net);
	if (ret < 0)
		return ret;
	ret = link_get(net->ct_sk, ifname, 0, &li);
	if (ret == -ENODEV)
		return CAUSE(ret, "the container has no interface \"%s\"", ifname);
	if (ret < 0)
		return CAUSE(ret, "failed to look up \"%s\" in the container: %m", ifname);
	if (li.flags & IFF_LOOPBACK)
		return CAUSE(-EINVAL, "\"%s\" is the container's loopback interface", ifname);
	/* What came from the host goes back under its old name. */
	for (i = 0; i < net->nmoved; i++)
		if (strcmp(net->moved[i].name, ifname) == 0) {
			hostname = net->moved[i].orig;
			break;
		}
	for (size_t j = 0; j < net->n && i == net->nmoved; j++)
		if (net->run[j].dev->type == NETDEV_PHYS && net->run[j].made &&
		    strcmp(net->run[j].name, ifname) == 0)
			hostname = net->run[j].link.name;
	ret = link_move(net->ct_sk, li.ifindex, net->self_nsfd, 0, hostname, 0, NULL, false, &rep);
	if (ret < 0)
		return CAUSE(ret, "failed to move \"%s\" out of the container: %s", ifname,
			     nl_strerror(ret, &rep, err, sizeof(err)));
	if (i < net->nmoved) {
		net->moved[i] = net->moved[net->nmoved - 1];
		net->nmoved--;
	}
	for (size_t j = 0; j < net->n; j++)
		if (net->run[j].dev->type == NETDEV_PHYS && strcmp(net->run[j].name, ifname) == 0)
			net->run[j].made = false;
	INFO("moved \"%s\" out of the container as \"%s\"", ifname, hostname);
	return 0;
}

void network_command(struct lxc_network **netp, const struct lxc_conf *conf, const char *name,
		     pid_t pid, const struct lxc_cmd_req *req, struct lxc_cmd_rsp *rsp)
{
	struct lxc_network *net = *netp;
	int ret;

	log_reset_cause();
	if (!net) {
		net = net_alloc(name);
		if (!net) {
			rsp->ret = -ENOMEM;
			return;
		}
		*netp = net;
	}
	net->pid = pid;
	if (req->cmd == LXC_CMD_GET_IPS) {
		ret = get_ips(net, req->arg, rsp->data, sizeof(rsp->data));
	} else if (network_shares_host(conf)) {
		ret = CAUSE(-EINVAL, "the container shares the host's network namespace (lxc.net.N.type = none)");
	} else {
		char ifname[IFNAMSIZ * 2], *newname;

		snprintf(ifname, sizeof(ifname), "%.*s", (int)sizeof(ifname) - 1, req->data);
		newname = strchr(ifname, '\n');
		if (newname)
			*newname++ = '\0';
		if (req->flags & LXC_CMD_NET_DEVICE_DEL)
			ret = device_del(net, ifname);
		else
			ret = device_add(net, ifname, newname && *newname ? newname : ifname);
	}
	rsp->ret = ret;
	if (ret < 0)
		snprintf(rsp->data, sizeof(rsp->data), "%s", log_cause());
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

static int net_call(const char *name, const char *lxcpath, struct lxc_cmd_req *req,
		    struct lxc_cmd_rsp **out)
{
	__do_free char *path = NULL;
	__do_close int dirfd = -EBADF;
	struct lxc_cmd_rsp *rsp;
	int ret;

	log_reset_cause();
	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	path = resolve_lxcpath(lxcpath);
	if (!path)
		return CAUSE(-ENOMEM, "out of memory");
	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return CAUSE(-ENOMEM, "out of memory");
	dirfd = runtime_dir_open(path, false);
	ret = dirfd < 0 ? -ESRCH : cmd_call(dirfd, name, req, rsp);
	if (ret == -ESRCH)
		ret = CAUSE(-ESRCH, "not running");
	else if (ret == -EACCES)
		ret = CAUSE(ret, "permission denied: only root or the container's owner may control it");
	else if (ret < 0)
		ret = CAUSE(ret, "failed to talk to the container's monitor: %m");
	else if (rsp->ret < 0) {
		ret = rsp->ret;
		if (rsp->data[0])
			log_set_cause_text(rsp->data);
		else
			CAUSE(ret, "%m");
	}
	if (ret < 0) {
		free(rsp);
		return ret;
	}
	*out = rsp;
	return 0;
}

LXC_PUBLIC int lxc_container_get_ips(const char *name, const char *lxcpath, int family,
				     char ***ips)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_GET_IPS, .arg = family };
	struct lxc_cmd_rsp *rsp = NULL;
	int ret;

	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
		log_reset_cause();
		return CAUSE(-EINVAL, "unknown address family %d", family);
	}
	ret = net_call(name, lxcpath, &req, &rsp);
	if (ret < 0)
		return ret;
	*ips = strv_split(rsp->data, "\n");
	free(rsp);
	if (!*ips)
		return CAUSE(-ENOMEM, "out of memory");
	return 0;
}

static int device_request(const char *name, const char *lxcpath, const char *ifname,
			  const char *newname, bool del)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_NET_DEVICE,
				   .flags = del ? LXC_CMD_NET_DEVICE_DEL : 0 };
	struct lxc_cmd_rsp *rsp = NULL;
	int ret;

	if (!ifname || !net_ifname_valid(ifname) || (newname && !net_ifname_valid(newname))) {
		log_reset_cause();
		return CAUSE(-EINVAL, "invalid interface name \"%s\" (at most 15 characters, no \"/\", \":\" or blanks)",
			     ifname && net_ifname_valid(ifname) ? newname : (ifname ? ifname : ""));
	}
	snprintf(req.data, sizeof(req.data), "%s\n%s", ifname, newname ? newname : "");
	ret = net_call(name, lxcpath, &req, &rsp);
	free(rsp);
	return ret;
}

LXC_PUBLIC int lxc_container_add_device(const char *name, const char *lxcpath, const char *ifname,
					const char *newname)
{
	return device_request(name, lxcpath, ifname, newname, false);
}

LXC_PUBLIC int lxc_container_remove_device(const char *name, const char *lxcpath,
					   const char *ifname)
{
	return device_request(name, lxcpath, ifname, NULL, true);
}
