/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The network parsers (network.c). */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "network.h"

#define UNIT_SUITE "network"
#include "unit.h"

/* Parse s and print it back (static buffer); NULL when it is invalid. */
static const char *roundtrip(int family, const char *s, bool bcast)
{
	static char buf[128];
	struct net_addr a;
	char *p;

	if (net_parse_addr(family, s, bcast, &a) < 0)
		return NULL;
	p = net_format_addr(&a);
	unit_format(buf, sizeof(buf), "%s", p);
	free(p);
	return buf;
}

static void test_parse_ipv4(void)
{
	CHECK_STR(roundtrip(AF_INET, "10.0.3.5/24", true), "10.0.3.5/24");
	CHECK_STR(roundtrip(AF_INET, "10.0.3.5/24 10.0.3.255", true), "10.0.3.5/24 10.0.3.255");
	CHECK_STR(roundtrip(AF_INET, "10.0.3.5/32", true), "10.0.3.5/32");
	CHECK_STR(roundtrip(AF_INET, "10.0.3.5/0", true), "10.0.3.5/0");
	/* Without a prefix: the classful one, as LXC. */
	CHECK_STR(roundtrip(AF_INET, "10.0.3.5", true), "10.0.3.5/8");
	CHECK_STR(roundtrip(AF_INET, "172.16.0.1", true), "172.16.0.1/16");
	CHECK_STR(roundtrip(AF_INET, "192.168.1.2", true), "192.168.1.2/24");
	CHECK(!roundtrip(AF_INET, "10.0.3.5/24 10.0.3.255", false));
	CHECK(!roundtrip(AF_INET, "10.0.3.5/33", true));
	CHECK(!roundtrip(AF_INET, "10.0.3.5/-1", true));
	CHECK(!roundtrip(AF_INET, "10.0.3.5/x", true));
	CHECK(!roundtrip(AF_INET, "10.0.3/24", true));
	CHECK(!roundtrip(AF_INET, "", true));
	/* A trailing blank is no broadcast address. */
	CHECK(!roundtrip(AF_INET, "10.0.3.5/24 ", true));
	CHECK(!roundtrip(AF_INET, "10.0.3.5/24 300.0.0.1", true));
}

static void test_parse_ipv6(void)
{
	CHECK_STR(roundtrip(AF_INET6, "fd00::5/64", false), "fd00::5/64");
	CHECK_STR(roundtrip(AF_INET6, "FD00:0:0::5/48", false), "fd00::5/48");
	CHECK_STR(roundtrip(AF_INET6, "fd00::5", false), "fd00::5/64");
	CHECK(!roundtrip(AF_INET6, "fd00::5/129", false));
	CHECK(!roundtrip(AF_INET6, "fd00::5/64 fd00::ff", false));
	CHECK(!roundtrip(AF_INET6, "10.0.0.1/8", false));
	CHECK(!roundtrip(AF_INET6, "fd00:::5/64", false));
}

static void test_hwaddr(void)
{
	unsigned char mac[6], other[6];

	CHECK(net_hwaddr_valid("00:16:3e:12:ab:CD"));
	CHECK(net_hwaddr_valid("00:16:3e:xx:xx:xx"));
	CHECK(net_hwaddr_valid("xx:xx:xx:xx:xx:XX"));
	CHECK(!net_hwaddr_valid("00:16:3e:12:ab"));
	CHECK(!net_hwaddr_valid("00:16:3e:12:ab:cd:ef"));
	CHECK(!net_hwaddr_valid("00-16-3e-12-ab-cd"));
	CHECK(!net_hwaddr_valid("0:16:3e:12:ab:cd"));
	CHECK(!net_hwaddr_valid("00:16:3e:12:ab:cg"));
	CHECK(!net_hwaddr_valid(""));

	CHECK_INT(net_hwaddr_fill("00:16:3e:12:ab:cd", mac), 0);
	CHECK(memcmp(mac, "\x00\x16\x3e\x12\xab\xcd", 6) == 0);
	CHECK_INT(net_hwaddr_fill("00:16:3e:xx:xx:xx", mac), 0);
	CHECK(memcmp(mac, "\x00\x16\x3e", 3) == 0);
	/* x digits are random per start: 24 bits hardly repeat twice. */
	for (int i = 0; i < 4; i++) {
		CHECK_INT(net_hwaddr_fill("00:16:3e:xx:xx:xx", other), 0);
		if (memcmp(mac, other, 6) != 0)
			break;
		CHECK(i < 3);
	}
	/* A random first octet never makes a multicast address. */
	for (int i = 0; i < 64; i++) {
		CHECK_INT(net_hwaddr_fill("xx:xx:xx:xx:xx:xx", mac), 0);
		CHECK((mac[0] & 1) == 0);
	}
	CHECK_INT(net_hwaddr_fill("bad", mac), -EINVAL);
}

static void test_ifname(void)
{
	CHECK(net_ifname_valid("eth0"));
	CHECK(net_ifname_valid("veth-a_b.1"));
	CHECK(net_ifname_valid("fifteen-chars-x"));
	CHECK(!net_ifname_valid("sixteen-chars-xx"));
	CHECK(!net_ifname_valid(""));
	CHECK(!net_ifname_valid("."));
	CHECK(!net_ifname_valid(".."));
	CHECK(!net_ifname_valid("a/b"));
	CHECK(!net_ifname_valid("a:b"));
	CHECK(!net_ifname_valid("a b"));
	CHECK(!net_ifname_valid("a\tb"));
}

int main(void)
{
	RUN("parse-ipv4", test_parse_ipv4);
	RUN("parse-ipv6", test_parse_ipv6);
	RUN("hwaddr", test_hwaddr);
	RUN("ifname", test_ifname);
	return unit_done();
}
