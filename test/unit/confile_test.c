/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container configuration reader (confile.c). */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>

#include "conf.h"
#include "confile.h"
#include "log.h"
#include "network.h"
#include "utils.h"

#define UNIT_SUITE "confile"
#include "unit.h"

static struct lxc_conf *new_conf(void)
{
	struct lxc_conf *conf = conf_new();

	if (!conf)
		unit_fail(__FILE__, __LINE__, "conf_new() failed");
	return conf;
}

/* Parse text as the file "origin", with a fresh failure cause. */
static int parse(struct lxc_conf *conf, const char *text)
{
	log_reset_cause();
	return confile_parse_text(conf, text, "origin");
}

static int read_conf(struct lxc_conf *conf, const char *path)
{
	log_reset_cause();
	return confile_read(conf, path);
}

/* The value of key, as confile_get() prints it (static buffer). */
static const char *get(const struct lxc_conf *conf, const char *key)
{
	static char buf[4096];
	char *v = NULL;
	int ret;

	ret = confile_get(conf, key, &v);
	if (ret < 0)
		unit_fail(__FILE__, __LINE__, "confile_get(\"%s\") = %d", key, ret);
	unit_format(buf, sizeof(buf), "%s", v);
	free(v);
	return buf;
}

/* Parse one line that must fail; returns the cause. */
static const char *parse_error(const char *text)
{
	struct lxc_conf *conf = new_conf();
	int ret = parse(conf, text);

	if (ret >= 0)
		unit_fail(__FILE__, __LINE__, "\"%s\" was accepted", text);
	if (!log_has_cause())
		unit_fail(__FILE__, __LINE__, "\"%s\" failed (%d) without a cause", text, ret);
	conf_free(conf);
	return log_cause();
}

static void test_defaults(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_STR(get(conf, "lxc.uts.name"), "");
	CHECK_STR(get(conf, "lxc.rootfs.path"), "");
	CHECK_STR(get(conf, "lxc.init.cmd"), "");
	CHECK_STR(get(conf, "lxc.environment"), "");
	CHECK_STR(get(conf, "lxc.init.uid"), "");
	CHECK_STR(get(conf, "lxc.signal.halt"), "SIGPWR");
	CHECK_STR(get(conf, "lxc.signal.stop"), "SIGKILL");
	CHECK_INT(conf->signal_halt, SIGPWR);
	CHECK_INT(conf->signal_stop, SIGKILL);
	CHECK(!conf->cgroup_relative);
	CHECK_INT(conf->nnetdevs, 0);
	CHECK_INT(conf_clone_flags(conf), CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
						  CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP);
	conf_free(conf);
}

static void test_comments_and_blank_lines(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "# a comment\n"
			      "\n"
			      "   # an indented comment\n"
			      "\t\n"
			      "lxc.uts.name = web\n"
			      "# lxc.uts.name = commented\n"),
		  0);
	CHECK_STR(conf->uts_name, "web");
	CHECK_INT(parse(conf, ""), 0);
	CHECK_INT(parse(conf, "\n\n"), 0);
	CHECK_STR(conf->uts_name, "web");
	conf_free(conf);
}

static void test_whitespace(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "   lxc.uts.name   =    spaced   \n"), 0);
	CHECK_STR(conf->uts_name, "spaced");
	CHECK_INT(parse(conf, "\tlxc.uts.name\t=\ttabbed\t"), 0);
	CHECK_STR(conf->uts_name, "tabbed");
	CHECK_INT(parse(conf, "lxc.uts.name=tight"), 0);
	CHECK_STR(conf->uts_name, "tight");
	/* Inner blanks are kept. */
	CHECK_INT(parse(conf, "lxc.init.cmd = /bin/sleep  100\n"), 0);
	CHECK_STR(get(conf, "lxc.init.cmd"), "/bin/sleep  100");
	/* Only the first "=" separates. */
	CHECK_INT(parse(conf, "lxc.environment = A=b=c\n"), 0);
	CHECK_STR(get(conf, "lxc.environment"), "A=b=c");
	conf_free(conf);
}

static void test_quotes(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.uts.name = \"double quoted\"\n"), 0);
	CHECK_STR(conf->uts_name, "double quoted");
	CHECK_INT(parse(conf, "lxc.uts.name = 'single'\n"), 0);
	CHECK_STR(conf->uts_name, "single");
	CHECK_INT(parse(conf, "lxc.uts.name = \"  padded  \"\n"), 0);
	CHECK_STR(conf->uts_name, "  padded  ");
	/* Mismatched quotes are not quotes. */
	CHECK_INT(parse(conf, "lxc.uts.name = \"half'\n"), 0);
	CHECK_STR(conf->uts_name, "\"half'");
	CHECK_INT(parse(conf, "lxc.uts.name = \"\n"), 0);
	CHECK_STR(conf->uts_name, "\"");
	conf_free(conf);
}

static void test_non_lxc_lines_ignored(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "foo = bar\n"
			      "not a key at all\n"
			      "lxcfoo = 1\n"
			      "lxc.uts.name = kept\n"),
		  0);
	CHECK_STR(conf->uts_name, "kept");
	conf_free(conf);
}

static void test_unknown_key(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK(parse(conf, "lxc.uts.name = a\nlxc.foo = 1\n") < 0);
	CHECK_STR(log_cause(), "origin:2: unknown key \"lxc.foo\"");
	conf_free(conf);

	CHECK_STR(parse_error("lxc.uts = x\n"), "origin:1: unknown key \"lxc.uts\"");
	CHECK_STR(parse_error("lxc.uts.name.x = x\n"), "origin:1: unknown key \"lxc.uts.name.x\"");
	CHECK_STR(parse_error("lxc. = x\n"), "origin:1: unknown key \"lxc.\"");
}

static void test_line_numbers(void)
{
	/* Blank and comment lines count. */
	CHECK_STR(parse_error("\n\n# c\nlxc.foo = 1"), "origin:4: unknown key \"lxc.foo\"");
	CHECK_STR(parse_error("lxc.uts.name = a\n\n\n\n\n\n\n\n\nlxc.bar=2\n"),
		  "origin:10: unknown key \"lxc.bar\"");
}

static void test_missing_equals(void)
{
	const char *cause = parse_error("lxc.uts.name\n");

	CHECK_CONTAINS(cause, "origin:1:");
	CHECK_CONTAINS(cause, "lxc.uts.name");
}

static void test_legacy_keys(void)
{
	const char *cause;

	cause = parse_error("lxc.utsname = web\n");
	CHECK_CONTAINS(cause, "origin:1:");
	CHECK_CONTAINS(cause, "\"lxc.utsname\"");
	CHECK_CONTAINS(cause, "lxc.uts.name");

	cause = parse_error("\nlxc.rootfs = /srv/rootfs\n");
	CHECK_CONTAINS(cause, "origin:2:");
	CHECK_CONTAINS(cause, "lxc.rootfs.path");

	cause = parse_error("lxc.network.type = veth\n");
	CHECK_CONTAINS(cause, "lxc.network.type");
	CHECK_CONTAINS(cause, "lxc.net.");

	cause = parse_error("lxc.haltsignal = SIGTERM\n");
	CHECK_CONTAINS(cause, "lxc.signal.halt");
}

static void test_invalid_values(void)
{
	const char *cause;

	cause = parse_error("lxc.init.uid = abc\n");
	CHECK_CONTAINS(cause, "origin:1:");
	CHECK_CONTAINS(cause, "lxc.init.uid");
	CHECK_CONTAINS(cause, "abc");

	CHECK_CONTAINS(parse_error("lxc.init.uid = -1\n"), "lxc.init.uid");
	CHECK_CONTAINS(parse_error("lxc.init.gid = 1x\n"), "lxc.init.gid");
	CHECK_CONTAINS(parse_error("lxc.signal.halt = SIGNOPE\n"), "lxc.signal.halt");
	CHECK_CONTAINS(parse_error("lxc.signal.stop = 0\n"), "lxc.signal.stop");
	CHECK_CONTAINS(parse_error("lxc.log.level = LOUD\n"), "lxc.log.level");
	CHECK_CONTAINS(parse_error("lxc.rootfs.path = relative/dir\n"), "lxc.rootfs.path");
	CHECK_CONTAINS(parse_error("lxc.cgroup.relative = maybe\n"), "lxc.cgroup.relative");
	CHECK_CONTAINS(parse_error("lxc.namespace.clone = pid bogus\n"), "lxc.namespace.clone");
	CHECK_CONTAINS(parse_error("lxc.namespace.keep = bogus\n"), "lxc.namespace.keep");
	CHECK_CONTAINS(parse_error("lxc.environment = =x\n"), "lxc.environment");
	CHECK_CONTAINS(parse_error("lxc.net.0.type = bogus\n"), "lxc.net.0.type");
}

static void test_invalid_value_keeps_old(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.init.uid = 1000\n"), 0);
	CHECK(parse(conf, "lxc.init.uid = abc\n") < 0);
	CHECK_STR(get(conf, "lxc.init.uid"), "1000");
	conf_free(conf);
}

static void test_ids(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.init.uid = 1000\nlxc.init.gid = 0\n"), 0);
	CHECK(conf->init_uid_set);
	CHECK_INT(conf->init_uid, 1000);
	CHECK(conf->init_gid_set);
	CHECK_INT(conf->init_gid, 0);
	CHECK_STR(get(conf, "lxc.init.uid"), "1000");
	CHECK_STR(get(conf, "lxc.init.gid"), "0");
	/* An empty value unsets. */
	CHECK_INT(parse(conf, "lxc.init.uid =\n"), 0);
	CHECK(!conf->init_uid_set);
	CHECK_STR(get(conf, "lxc.init.uid"), "");
	conf_free(conf);
}

static void test_last_value_wins(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.uts.name = a\nlxc.uts.name = b\n"), 0);
	CHECK_STR(get(conf, "lxc.uts.name"), "b");
	CHECK_INT(parse(conf, "lxc.uts.name =\n"), 0);
	CHECK_STR(get(conf, "lxc.uts.name"), "");
	conf_free(conf);
}

static void test_environment_list(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.environment = A=1\nlxc.environment = B=two words\n"), 0);
	CHECK_INT(strv_len(conf->environment), 2);
	CHECK_STR(conf->environment[0], "A=1");
	CHECK_STR(conf->environment[1], "B=two words");
	CHECK_STR(get(conf, "lxc.environment"), "A=1\nB=two words");
	/* An empty value clears the list so far. */
	CHECK_INT(parse(conf, "lxc.environment =\nlxc.environment = C=3\n"), 0);
	CHECK_INT(strv_len(conf->environment), 1);
	CHECK_STR(conf->environment[0], "C=3");
	CHECK_INT(parse(conf, "lxc.environment = \n"), 0);
	CHECK_INT(strv_len(conf->environment), 0);
	CHECK_STR(get(conf, "lxc.environment"), "");
	conf_free(conf);
}

static void test_namespaces(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.namespace.clone = pid mount\n"), 0);
	CHECK_INT(conf->ns_clone, CLONE_NEWPID | CLONE_NEWNS);
	CHECK_INT(conf_clone_flags(conf), CLONE_NEWPID | CLONE_NEWNS);
	CHECK_STR(get(conf, "lxc.namespace.clone"), "mount pid");
	CHECK_INT(parse(conf, "lxc.namespace.clone = uts ipc net cgroup user time\n"), 0);
	CHECK_INT(conf->ns_clone, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP |
					 CLONE_NEWUSER | CLONE_NEWTIME);
	/* Empty: back to the default set. */
	CHECK_INT(parse(conf, "lxc.namespace.clone =\n"), 0);
	CHECK_INT(conf_clone_flags(conf), CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
						  CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP);

	CHECK_INT(parse(conf, "lxc.namespace.keep = net uts\n"), 0);
	CHECK_INT(conf->ns_keep, CLONE_NEWNET | CLONE_NEWUTS);
	CHECK_INT(conf_clone_flags(conf), CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWCGROUP);
	CHECK_INT(parse(conf, "lxc.namespace.keep =\n"), 0);
	CHECK_INT(conf->ns_keep, 0);
	conf_free(conf);
}

static void test_signals(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.signal.halt = SIGTERM\n"), 0);
	CHECK_INT(conf->signal_halt, SIGTERM);
	CHECK_STR(get(conf, "lxc.signal.halt"), "SIGTERM");
	CHECK_INT(parse(conf, "lxc.signal.halt = USR1\n"), 0);
	CHECK_INT(conf->signal_halt, SIGUSR1);
	CHECK_INT(parse(conf, "lxc.signal.stop = 15\n"), 0);
	CHECK_INT(conf->signal_stop, 15);
	CHECK_INT(parse(conf, "lxc.signal.reboot = SIGRTMIN+3\n"), 0);
	CHECK_INT(conf->signal_reboot, SIGRTMIN + 3);
	CHECK_STR(get(conf, "lxc.signal.reboot"), "SIGRTMIN+3");
	/* Empty: the default again. */
	CHECK_INT(parse(conf, "lxc.signal.halt =\nlxc.signal.stop =\n"), 0);
	CHECK_INT(conf->signal_halt, SIGPWR);
	CHECK_INT(conf->signal_stop, SIGKILL);
	conf_free(conf);
}

static void test_rootfs(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.rootfs.path = /srv/rootfs\n"), 0);
	CHECK_STR(conf->rootfs_path, "/srv/rootfs");
	CHECK_INT(parse(conf, "lxc.rootfs.path = dir:/srv/other\n"), 0);
	CHECK_STR(conf->rootfs_path, "/srv/other");
	CHECK_INT(parse(conf, "lxc.rootfs.options = ro,nodev\nlxc.rootfs.mount = /mnt\n"), 0);
	CHECK_STR(get(conf, "lxc.rootfs.options"), "ro,nodev");
	CHECK_STR(get(conf, "lxc.rootfs.mount"), "/mnt");
	conf_free(conf);
}

static void test_cgroup_settings(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.cgroup.pids.max = 20\n"
			      "lxc.cgroup2.memory.max = 1M\n"
			      "lxc.cgroup.relative = 1\n"
			      "lxc.cgroup.dir = my.slice\n"),
		  0);
	CHECK_INT(conf->cgroup_nsettings, 2);
	CHECK_STR(conf->cgroup_settings[0].key, "pids.max");
	CHECK_STR(conf->cgroup_settings[0].value, "20");
	CHECK(!conf->cgroup_settings[0].v2);
	CHECK_STR(conf->cgroup_settings[1].key, "memory.max");
	CHECK(conf->cgroup_settings[1].v2);
	CHECK_STR(get(conf, "lxc.cgroup.pids.max"), "20");
	CHECK_STR(get(conf, "lxc.cgroup2.memory.max"), "1M");
	CHECK_STR(get(conf, "lxc.cgroup2.pids.max"), "");
	CHECK(conf->cgroup_relative);
	CHECK_STR(get(conf, "lxc.cgroup.relative"), "1");
	CHECK_STR(get(conf, "lxc.cgroup.dir"), "my.slice");
	/* An empty value removes the setting. */
	CHECK_INT(parse(conf, "lxc.cgroup.pids.max =\n"), 0);
	CHECK_INT(conf->cgroup_nsettings, 1);
	CHECK_STR(get(conf, "lxc.cgroup.pids.max"), "");
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.cgroup.pidsmax = 1\n"), "lxc.cgroup.pidsmax");
	CHECK_CONTAINS(parse_error("lxc.cgroup2. = 1\n"), "lxc.cgroup2.");
	CHECK_CONTAINS(parse_error("lxc.cgroup.pids/../x.max = 1\n"), "origin:1:");
}

static void test_network(void)
{
	struct lxc_conf *conf = new_conf();
	const char *cause;

	CHECK_INT(parse(conf, "lxc.net.0.type = none\n"), 0);
	CHECK(network_shares_host(conf));
	CHECK_STR(get(conf, "lxc.net.0.type"), "none");
	CHECK(!(conf_clone_flags(conf) & CLONE_NEWNET));
	CHECK_INT(parse(conf, "lxc.net.0.type = empty\n"), 0);
	CHECK(!network_shares_host(conf));
	CHECK_STR(get(conf, "lxc.net.0.type"), "empty");
	CHECK(conf_clone_flags(conf) & CLONE_NEWNET);
	/* "lxc.net =" clears. */
	CHECK_INT(parse(conf, "lxc.net =\n"), 0);
	CHECK_INT(conf->nnetdevs, 0);
	CHECK_STR(get(conf, "lxc.net.0.type"), "");
	conf_free(conf);

	cause = parse_error("lxc.net.0.type = bogus\n");
	CHECK_CONTAINS(cause, "origin:1:");
	CHECK_CONTAINS(cause, "none, empty, veth, macvlan, ipvlan, vlan or phys");
	CHECK_CONTAINS(parse_error("lxc.net.x.type = none\n"), "lxc.net.x.type");
	CHECK_CONTAINS(parse_error("lxc.net.0.bogus = 1\n"), "unknown key \"lxc.net.0.bogus\"");
	CHECK_CONTAINS(parse_error("lxc.net.0. = 1\n"), "unknown key");
	CHECK_CONTAINS(parse_error("lxc.net = x\n"), "invalid value");
}

static void test_network_veth(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.net.0.type = veth\n"
			      "lxc.net.0.link = br0\n"
			      "lxc.net.0.flags = up\n"
			      "lxc.net.0.name = eth5\n"
			      "lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx\n"
			      "lxc.net.0.mtu = 1400\n"
			      "lxc.net.0.ipv4.address = 10.0.3.5/24\n"
			      "lxc.net.0.ipv4.address = 10.0.4.5/16 10.0.255.255\n"
			      "lxc.net.0.ipv4.gateway = 10.0.3.1\n"
			      "lxc.net.0.ipv6.address = fd00::5/64\n"
			      "lxc.net.0.ipv6.gateway = auto\n"
			      "lxc.net.0.veth.pair = vhost0\n"
			      "lxc.net.0.script.up = /bin/true up\n"
			      "lxc.net.0.script.down = /bin/true\n"),
		  0);
	CHECK_INT(conf->nnetdevs, 1);
	CHECK_STR(get(conf, "lxc.net.0.type"), "veth");
	CHECK_STR(get(conf, "lxc.net.0.link"), "br0");
	CHECK_STR(get(conf, "lxc.net.0.flags"), "up");
	CHECK_STR(get(conf, "lxc.net.0.name"), "eth5");
	CHECK_STR(get(conf, "lxc.net.0.hwaddr"), "00:16:3e:xx:xx:xx");
	CHECK_STR(get(conf, "lxc.net.0.mtu"), "1400");
	CHECK_STR(get(conf, "lxc.net.0.ipv4.address"), "10.0.3.5/24\n10.0.4.5/16 10.0.255.255");
	CHECK_STR(get(conf, "lxc.net.0.ipv4.gateway"), "10.0.3.1");
	CHECK_STR(get(conf, "lxc.net.0.ipv6.address"), "fd00::5/64");
	CHECK_STR(get(conf, "lxc.net.0.ipv6.gateway"), "auto");
	CHECK_STR(get(conf, "lxc.net.0.veth.pair"), "vhost0");
	CHECK_STR(get(conf, "lxc.net.0.veth.mode"), "bridge");
	CHECK_STR(get(conf, "lxc.net.0.script.up"), "/bin/true up");
	CHECK_STR(get(conf, "lxc.net.0.script.down"), "/bin/true");
	CHECK_STR(get(conf, "lxc.net"), "0");
	/* An empty value clears a list. */
	CHECK_INT(parse(conf, "lxc.net.0.ipv4.address =\n"), 0);
	CHECK_STR(get(conf, "lxc.net.0.ipv4.address"), "");
	CHECK_INT(parse(conf, "lxc.net.0.veth.mode = router\n"
			      "lxc.net.0.veth.ipv4.route = 10.9.0.0/16\n"
			      "lxc.net.0.veth.ipv6.route = fd01::/64\n"
			      "lxc.net.0.veth.vlan.id = 10\n"),
		  0);
	CHECK_STR(get(conf, "lxc.net.0.veth.mode"), "router");
	CHECK_STR(get(conf, "lxc.net.0.veth.ipv4.route"), "10.9.0.0/16");
	CHECK_STR(get(conf, "lxc.net.0.veth.ipv6.route"), "fd01::/64");
	CHECK_STR(get(conf, "lxc.net.0.veth.vlan.id"), "10");
	CHECK_INT(parse(conf, "lxc.net.0.veth.vlan.id = none\n"), 0);
	CHECK_STR(get(conf, "lxc.net.0.veth.vlan.id"), "");
	conf_free(conf);
}

static void test_network_order(void)
{
	struct lxc_conf *conf = new_conf();

	/* Interfaces come in the order of N, whatever the order of the keys. */
	CHECK_INT(parse(conf, "lxc.net.10.type = veth\n"
			      "lxc.net.2.type = macvlan\n"
			      "lxc.net.2.link = eth0\n"
			      "lxc.net.0.type = phys\n"),
		  0);
	CHECK_INT(conf->nnetdevs, 3);
	CHECK_INT(conf->netdevs[0]->index, 0);
	CHECK_INT(conf->netdevs[1]->index, 2);
	CHECK_INT(conf->netdevs[2]->index, 10);
	CHECK_STR(get(conf, "lxc.net"), "0\n2\n10");
	/* "lxc.net.N =" removes one. */
	CHECK_INT(parse(conf, "lxc.net.2 =\n"), 0);
	CHECK_INT(conf->nnetdevs, 2);
	CHECK_STR(get(conf, "lxc.net.2.type"), "");
	CHECK_STR(get(conf, "lxc.net.2.link"), "");
	conf_free(conf);
}

static void test_network_lower_types(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.net.0.type = macvlan\nlxc.net.0.macvlan.mode = bridge\n"
			      "lxc.net.1.type = ipvlan\nlxc.net.1.ipvlan.mode = l3s\n"
			      "lxc.net.1.ipvlan.isolation = private\n"
			      "lxc.net.2.type = vlan\nlxc.net.2.vlan.id = 0\n"),
		  0);
	CHECK_STR(get(conf, "lxc.net.0.macvlan.mode"), "bridge");
	CHECK_STR(get(conf, "lxc.net.1.ipvlan.mode"), "l3s");
	CHECK_STR(get(conf, "lxc.net.1.ipvlan.isolation"), "private");
	CHECK_STR(get(conf, "lxc.net.2.vlan.id"), "0");
	CHECK_STR(get(conf, "lxc.net.3.vlan.id"), "");
	CHECK_STR(get(conf, "lxc.net.3.ipvlan.mode"), "");
	conf_free(conf);
}

static void test_network_invalid(void)
{
	static const char *const bad[] = {
		"lxc.net.0.flags = down\n",
		"lxc.net.0.link = a-name-that-is-too-long\n",
		"lxc.net.0.name = a/b\n",
		"lxc.net.0.name = a b\n",
		"lxc.net.0.hwaddr = 00:16:3e:xx:xx\n",
		"lxc.net.0.hwaddr = 00:16:3e:xx:xx:xg\n",
		"lxc.net.0.hwaddr = nonsense\n",
		"lxc.net.0.mtu = 10\n",
		"lxc.net.0.mtu = 70000\n",
		"lxc.net.0.ipv4.address = 10.0.0.300/24\n",
		"lxc.net.0.ipv4.address = 10.0.0.1/33\n",
		"lxc.net.0.ipv4.address = 10.0.0.1/\n",
		"lxc.net.0.ipv4.address = fd00::1/64\n",
		"lxc.net.0.ipv4.address = 10.0.0.1/24 nonsense\n",
		"lxc.net.0.ipv6.address = 10.0.0.1/24\n",
		"lxc.net.0.ipv6.address = fd00::1/129\n",
		"lxc.net.0.ipv4.gateway = 10.0.0.1/24\n",
		"lxc.net.0.ipv4.gateway = somewhere\n",
		"lxc.net.0.ipv6.gateway = 10.0.0.1\n",
		"lxc.net.0.veth.mode = nat\n",
		"lxc.net.0.veth.ipv4.route = 10.0.0.1/24\n",
		"lxc.net.0.veth.ipv4.route = 10.0.0.0\n",
		"lxc.net.0.veth.vlan.id = 0\n",
		"lxc.net.0.veth.vlan.id = 4095\n",
		"lxc.net.0.macvlan.mode = source\n",
		"lxc.net.0.ipvlan.mode = l4\n",
		"lxc.net.0.ipvlan.isolation = open\n",
		"lxc.net.0.vlan.id = 4095\n",
		"lxc.net.0.vlan.id = -1\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *cause = parse_error(bad[i]);
		char key[64];

		unit_format(key, sizeof(key), "%.*s", (int)strcspn(bad[i], " "), bad[i]);
		CHECK_CONTAINS(cause, "origin:1: invalid value");
		CHECK_CONTAINS(cause, key);
		CHECK_CONTAINS(cause, "expected");
	}
	CHECK_CONTAINS(parse_error("lxc.net.0.ipv4.address = 1.2.3.4/40\n"),
		       "expected an IPv4 address as A.B.C.D/PREFIX [BROADCAST]");
	CHECK_CONTAINS(parse_error("lxc.net.0.hwaddr = zz\n"), "expected a MAC address");
}

/* A bad value leaves no interface behind (fuzz_confile: a failed
 * set_config_item of lxc.net.0.type added an lxc.net.0). */
static void test_network_invalid_leaves_nothing(void)
{
	struct lxc_conf *conf = new_conf();

	log_reset_cause();
	CHECK(confile_set(conf, "lxc.net.0.type", "bogus", "here") < 0);
	CHECK_INT(conf->nnetdevs, 0);
	CHECK_STR(get(conf, "lxc.net"), "");
	/* An interface that was there stays, unchanged. */
	CHECK_INT(parse(conf, "lxc.net.1.type = veth\n"), 0);
	CHECK(confile_set(conf, "lxc.net.1.mtu", "1", "here") < 0);
	CHECK_INT(conf->nnetdevs, 1);
	CHECK_STR(get(conf, "lxc.net.1.type"), "veth");
	CHECK_STR(get(conf, "lxc.net.1.mtu"), "");
	conf_free(conf);
}

static void test_log_keys(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.log.file = /tmp/x.log\nlxc.log.level = DEBUG\n"), 0);
	CHECK_STR(get(conf, "lxc.log.file"), "/tmp/x.log");
	CHECK_STR(get(conf, "lxc.log.level"), "DEBUG");
	CHECK_INT(parse(conf, "lxc.arch = x86_64\n"), 0);
	CHECK_STR(get(conf, "lxc.arch"), "x86_64");
	conf_free(conf);
}

static void test_commands(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.init.cmd = /sbin/init --log-level=debug\n"
			      "lxc.execute.cmd = /bin/true\n"
			      "lxc.init.cwd = /tmp\n"),
		  0);
	CHECK_STR(get(conf, "lxc.init.cmd"), "/sbin/init --log-level=debug");
	CHECK_STR(get(conf, "lxc.execute.cmd"), "/bin/true");
	CHECK_STR(get(conf, "lxc.init.cwd"), "/tmp");
	conf_free(conf);
}

static void test_get_unknown(void)
{
	struct lxc_conf *conf = new_conf();
	char *v = (char *)"untouched";

	log_reset_cause();
	CHECK_INT(confile_get(conf, "lxc.foo", &v), -EINVAL);
	CHECK_STR(v, "untouched");
	CHECK_CONTAINS(log_cause(), "lxc.foo");
	CHECK_INT(confile_get(conf, "lxc.utsname", &v), -EINVAL);
	CHECK_INT(confile_get(conf, "lxc.cgroup.nodot", &v), -EINVAL);
	conf_free(conf);
}

static void test_key_is_valid(void)
{
	CHECK(confile_key_is_valid("lxc.uts.name"));
	CHECK(confile_key_is_valid("lxc.include"));
	CHECK(confile_key_is_valid("lxc.cgroup.pids.max"));
	CHECK(confile_key_is_valid("lxc.cgroup2.memory.max"));
	CHECK(confile_key_is_valid("lxc.net.0.type"));
	CHECK(confile_key_is_valid("lxc.cgroup.relative"));
	CHECK(!confile_key_is_valid("lxc.foo"));
	CHECK(!confile_key_is_valid("lxc.utsname"));
	CHECK(!confile_key_is_valid("lxc.cgroup."));
	CHECK(!confile_key_is_valid("lxc.cgroup2.nodot"));
	CHECK(!confile_key_is_valid("uts.name"));
	CHECK(!confile_key_is_valid(""));
}

static void test_set(void)
{
	struct lxc_conf *conf = new_conf();

	log_reset_cause();
	CHECK_INT(confile_set(conf, "lxc.uts.name", "direct", "here"), 0);
	CHECK_STR(conf->uts_name, "direct");
	CHECK(confile_set(conf, "lxc.foo", "1", "here") < 0);
	CHECK_STR(log_cause(), "here: unknown key \"lxc.foo\"");
	conf_free(conf);
}

static void test_override(void)
{
	struct lxc_conf *conf = new_conf();

	log_reset_cause();
	CHECK_INT(confile_override(conf, "lxc.uts.name=ov"), 0);
	CHECK_STR(conf->uts_name, "ov");
	CHECK_INT(confile_override(conf, "lxc.uts.name = spaced"), 0);
	CHECK_STR(conf->uts_name, "spaced");
	CHECK_INT(confile_override(conf, "lxc.environment=A=B"), 0);
	CHECK_STR(get(conf, "lxc.environment"), "A=B");

	log_reset_cause();
	CHECK(confile_override(conf, "noequals") < 0);
	CHECK(log_has_cause());
	CHECK_CONTAINS(log_cause(), "noequals");

	log_reset_cause();
	CHECK(confile_override(conf, "lxc.foo=1") < 0);
	CHECK_CONTAINS(log_cause(), "unknown key \"lxc.foo\"");

	log_reset_cause();
	CHECK(confile_override(conf, "lxc.init.uid=abc") < 0);
	CHECK_CONTAINS(log_cause(), "lxc.init.uid");
	conf_free(conf);
}

static void test_include_file(void)
{
	struct lxc_conf *conf = new_conf();
	char inc[PATH_MAX], text[PATH_MAX + 64];

	unit_write(inc, sizeof(inc), "inc.conf", "lxc.uts.name = included\nlxc.environment = I=1\n");
	unit_format(text, sizeof(text), "lxc.environment = A=1\nlxc.include = %s\nlxc.environment = B=2\n", inc);
	CHECK_INT(parse(conf, text), 0);
	CHECK_STR(conf->uts_name, "included");
	/* Included where the key stands. */
	CHECK_STR(get(conf, "lxc.environment"), "A=1\nI=1\nB=2");
	conf_free(conf);
}

static void test_include_error_location(void)
{
	struct lxc_conf *conf = new_conf();
	char inc[PATH_MAX], text[PATH_MAX + 64], want[PATH_MAX + 64];

	unit_write(inc, sizeof(inc), "bad.conf", "# one\n\nlxc.foo = 1\n");
	unit_format(text, sizeof(text), "lxc.include = %s\n", inc);
	CHECK(parse(conf, text) < 0);
	/* The error names the included file and its line. */
	unit_format(want, sizeof(want), "%s:3: unknown key \"lxc.foo\"", inc);
	CHECK_STR(log_cause(), want);
	conf_free(conf);
}

static void test_include_missing(void)
{
	struct lxc_conf *conf = new_conf();
	char missing[PATH_MAX], text[PATH_MAX + 64];

	unit_path(missing, sizeof(missing), "missing.conf");
	unit_format(text, sizeof(text), "lxc.include = %s\n", missing);
	CHECK(parse(conf, text) < 0);
	CHECK_CONTAINS(log_cause(), missing);

	/* A missing directory is fine. */
	unit_path(missing, sizeof(missing), "missing/");
	unit_format(text, sizeof(text), "lxc.include = %s\n", missing);
	CHECK_INT(parse(conf, text), 0);
	conf_free(conf);
}

static void test_include_directory(void)
{
	struct lxc_conf *conf = new_conf();
	char dir[PATH_MAX], path[PATH_MAX], text[PATH_MAX + 64];

	unit_path(dir, sizeof(dir), "conf.d");
	CHECK_INT(mkdir(dir, 0755), 0);
	/* Sorted order: 20-b.conf comes last and wins; other names are
	 * skipped (an invalid key would fail the parse). */
	unit_write(path, sizeof(path), "conf.d/20-b.conf", "lxc.uts.name = b\nlxc.environment = B=1\n");
	unit_write(path, sizeof(path), "conf.d/10-a.conf", "lxc.uts.name = a\nlxc.environment = A=1\n");
	unit_write(path, sizeof(path), "conf.d/30-c.txt", "lxc.bogus = 1\n");
	unit_write(path, sizeof(path), "conf.d/40-d.conf.bak", "lxc.bogus = 1\n");
	unit_format(text, sizeof(text), "lxc.include = %s\n", dir);
	CHECK_INT(parse(conf, text), 0);
	CHECK_STR(conf->uts_name, "b");
	CHECK_STR(get(conf, "lxc.environment"), "A=1\nB=1");
	conf_free(conf);
}

static void test_include_self_loop(void)
{
	struct lxc_conf *conf = new_conf();
	char a[PATH_MAX], text[PATH_MAX + 64];

	unit_path(a, sizeof(a), "a.conf");
	unit_format(text, sizeof(text), "lxc.uts.name = a\nlxc.include = %s\n", a);
	unit_write(a, sizeof(a), "a.conf", text);
	CHECK(read_conf(conf, a) < 0);
	CHECK(log_has_cause());
	CHECK_CONTAINS(log_cause(), "a.conf");
	conf_free(conf);
}

static void test_include_mutual_loop(void)
{
	struct lxc_conf *conf = new_conf();
	char a[PATH_MAX], b[PATH_MAX], text[PATH_MAX + 64];

	unit_path(a, sizeof(a), "a.conf");
	unit_path(b, sizeof(b), "b.conf");
	unit_format(text, sizeof(text), "lxc.include = %s\n", b);
	unit_write(a, sizeof(a), "a.conf", text);
	unit_format(text, sizeof(text), "lxc.include = %s\n", a);
	unit_write(b, sizeof(b), "b.conf", text);
	CHECK(read_conf(conf, a) < 0);
	CHECK(log_has_cause());
	conf_free(conf);
}

static void test_include_twice_is_not_a_loop(void)
{
	struct lxc_conf *conf = new_conf();
	char inc[PATH_MAX], text[2 * PATH_MAX + 64];

	unit_write(inc, sizeof(inc), "common.conf", "lxc.environment = C=1\n");
	unit_format(text, sizeof(text), "lxc.include = %s\nlxc.include = %s\n", inc, inc);
	CHECK_INT(parse(conf, text), 0);
	CHECK_STR(get(conf, "lxc.environment"), "C=1\nC=1");
	conf_free(conf);
}

static void test_include_directory_loop(void)
{
	struct lxc_conf *conf = new_conf();
	char dir[PATH_MAX], path[PATH_MAX], text[PATH_MAX + 64];

	unit_path(dir, sizeof(dir), "loop.d");
	CHECK_INT(mkdir(dir, 0755), 0);
	unit_format(text, sizeof(text), "lxc.include = %s\n", dir);
	unit_write(path, sizeof(path), "loop.d/x.conf", text);
	CHECK(read_conf(conf, path) < 0);
	CHECK(log_has_cause());
	conf_free(conf);
}

static void test_read_file(void)
{
	struct lxc_conf *conf = new_conf();
	char path[PATH_MAX], want[PATH_MAX + 64];

	unit_write(path, sizeof(path), "config", "lxc.uts.name = fromfile\n");
	CHECK_INT(read_conf(conf, path), 0);
	CHECK_STR(conf->uts_name, "fromfile");

	unit_write(path, sizeof(path), "bad", "lxc.uts.name = x\nlxc.foo = 1\n");
	CHECK(read_conf(conf, path) < 0);
	unit_format(want, sizeof(want), "%s:2: unknown key \"lxc.foo\"", path);
	CHECK_STR(log_cause(), want);

	unit_path(path, sizeof(path), "nonexistent");
	CHECK_INT(read_conf(conf, path), -ENOENT);
	CHECK_CONTAINS(log_cause(), path);
	conf_free(conf);
}

static void test_long_line(void)
{
	struct lxc_conf *conf = new_conf();
	size_t n = 10000;
	char *text = malloc(n + 32);

	CHECK(text != NULL);
	strcpy(text, "lxc.environment = X=");
	memset(text + strlen(text), 'v', n);
	text[20 + n] = '\0';
	CHECK_INT(parse(conf, text), 0);
	CHECK_INT(strlen(conf->environment[0]), n + 2);
	free(text);
	conf_free(conf);
}

/* --- system container keys ------------------------------------------------------ */

static void test_sys_defaults(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_STR(get(conf, "lxc.autodev"), "1");
	CHECK_STR(get(conf, "lxc.tty.max"), "0");
	CHECK_STR(get(conf, "lxc.pty.max"), "0");
	CHECK_STR(get(conf, "lxc.mount.entry"), "");
	CHECK_STR(get(conf, "lxc.mount.auto"), "");
	CHECK_STR(get(conf, "lxc.cap.drop"), "");
	CHECK_STR(get(conf, "lxc.cap.keep"), "");
	CHECK_STR(get(conf, "lxc.hook.version"), "0");
	CHECK_STR(get(conf, "lxc.hook.pre-start"), "");
	CHECK_STR(get(conf, "lxc.start.auto"), "0");
	CHECK_STR(get(conf, "lxc.keyring.session"), "1");
	CHECK_STR(get(conf, "lxc.monitor.signal.pdeath"), "SIGKILL");
	CHECK_STR(get(conf, "lxc.sysctl"), "");
	CHECK_STR(get(conf, "lxc.prlimit"), "");
	CHECK(!conf->signal_halt_set);
	conf_free(conf);
}

static void test_mount_entries(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.mount.entry = /srv data none bind,create=dir 0 0\n"
			      "lxc.mount.entry = tmpfs tmp tmpfs defaults\n"
			      "lxc.mount.entry = proc proc proc\n"
			      "lxc.mount.fstab = /etc/lxc/fstab\n"),
		  0);
	CHECK_INT(strv_len(conf->mount_entries), 3);
	CHECK_STR(get(conf, "lxc.mount.entry"),
		  "/srv data none bind,create=dir 0 0\ntmpfs tmp tmpfs defaults\nproc proc proc");
	CHECK_STR(get(conf, "lxc.mount.fstab"), "/etc/lxc/fstab");
	CHECK_INT(parse(conf, "lxc.mount.entry =\n"), 0);
	CHECK_INT(strv_len(conf->mount_entries), 0);
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.mount.entry = onlysource\n"), "SOURCE TARGET FSTYPE");
	CHECK_CONTAINS(parse_error("lxc.mount.entry = a b c d e f g\n"), "lxc.mount.entry");
	CHECK_CONTAINS(parse_error("lxc.mount.entry = /a b none bind,create=pipe 0 0\n"), "origin:1:");
	CHECK_CONTAINS(parse_error("lxc.mount.entry = /a b none bind x y\n"), "lxc.mount.entry");
}

static void test_mount_auto(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.mount.auto = proc sys cgroup\n"), 0);
	CHECK_INT(conf->mount_auto, LXC_AUTO_PROC_MIXED | LXC_AUTO_SYS_MIXED | LXC_AUTO_CGROUP_NOSPEC);
	CHECK_STR(get(conf, "lxc.mount.auto"), "proc:mixed sys:mixed cgroup");
	/* Lines add up; a later mode of the same kind replaces the earlier. */
	CHECK_INT(parse(conf, "lxc.mount.auto = proc:rw sys:ro\nlxc.mount.auto = cgroup:mixed:force\n"), 0);
	CHECK_STR(get(conf, "lxc.mount.auto"), "proc:rw sys:ro cgroup:mixed:force");
	CHECK_INT(parse(conf, "lxc.mount.auto = cgroup-full:ro cgroup2\n"), 0);
	CHECK_STR(get(conf, "lxc.mount.auto"), "proc:rw sys:ro cgroup2");
	CHECK_INT(parse(conf, "lxc.mount.auto = cgroup-full:rw\n"), 0);
	CHECK_STR(get(conf, "lxc.mount.auto"), "proc:rw sys:ro cgroup-full:rw");
	CHECK_INT(parse(conf, "lxc.mount.auto =\nlxc.mount.auto = sys:rw\n"), 0);
	CHECK_STR(get(conf, "lxc.mount.auto"), "sys:rw");
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.mount.auto = proc:bogus\n"), "proc[:mixed|:rw]");
	CHECK_CONTAINS(parse_error("lxc.mount.auto = shmounts:/a:/b\n"), "lxc.mount.auto");
}

/* A word longer than any name is refused, not cut (fuzz_confile: the
 * ":force" check read past the cut copy; 70 characters read just past it,
 * which ASan builds show). */
static void test_mount_auto_long_word(void)
{
	char text[256];

	unit_format(text, sizeof(text), "lxc.mount.auto = cgroup%058d:force\n", 0);
	CHECK_CONTAINS(parse_error(text), "lxc.mount.auto");
}

static void test_devices_and_console(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.autodev = 0\n"
			      "lxc.autodev.tmpfs.size = 1M\n"
			      "lxc.tty.max = 4\n"
			      "lxc.tty.dir = lxc\n"
			      "lxc.pty.max = 1024\n"
			      "lxc.console.path = none\n"
			      "lxc.console.logfile = /var/log/c.log\n"
			      "lxc.console.rotate = 1\n"
			      "lxc.console.buffer.size = auto\n"
			      "lxc.console.size = 64K\n"),
		  0);
	CHECK_INT(conf->autodev, 0);
	CHECK_STR(get(conf, "lxc.autodev.tmpfs.size"), "1048576");
	CHECK_INT(conf->tty_max, 4);
	CHECK_STR(get(conf, "lxc.tty.dir"), "lxc");
	CHECK_INT(conf->pty_max, 1024);
	CHECK_STR(get(conf, "lxc.console.path"), "none");
	CHECK_STR(get(conf, "lxc.console.logfile"), "/var/log/c.log");
	CHECK_STR(get(conf, "lxc.console.rotate"), "1");
	CHECK_STR(get(conf, "lxc.console.buffer.size"), "131072");
	CHECK_STR(get(conf, "lxc.console.size"), "65536");
	/* Empty: the default again. */
	CHECK_INT(parse(conf, "lxc.tty.dir =\nlxc.autodev =\nlxc.tty.max =\n"), 0);
	CHECK_STR(get(conf, "lxc.tty.dir"), "");
	CHECK_INT(conf->autodev, 1);
	CHECK_INT(conf->tty_max, 0);
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.tty.max = many\n"), "lxc.tty.max");
	CHECK_CONTAINS(parse_error("lxc.tty.dir = a/b\n"), "lxc.tty.dir");
	CHECK_CONTAINS(parse_error("lxc.console.path = relative\n"), "lxc.console.path");
	CHECK_CONTAINS(parse_error("lxc.console.size = 12Q\n"), "lxc.console.size");
	CHECK_CONTAINS(parse_error("lxc.autodev = 2\n"), "lxc.autodev");
}

static void test_hooks(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.hook.pre-start = /bin/a\n"
			      "lxc.hook.pre-start = /bin/b arg\n"
			      "lxc.hook.start-host = /bin/c\n"
			      "lxc.hook.post-stop = /bin/d\n"
			      "lxc.hook.version = 1\n"),
		  0);
	CHECK_INT(strv_len(conf->hooks[LXC_HOOK_PRE_START]), 2);
	CHECK_STR(get(conf, "lxc.hook.pre-start"), "/bin/a\n/bin/b arg");
	CHECK_STR(get(conf, "lxc.hook.start-host"), "/bin/c");
	CHECK_STR(get(conf, "lxc.hook.post-stop"), "/bin/d");
	CHECK_INT(conf->hook_version, 1);
	CHECK_INT(parse(conf, "lxc.hook.pre-start =\n"), 0);
	CHECK_STR(get(conf, "lxc.hook.pre-start"), "");
	CHECK_STR(get(conf, "lxc.hook.start-host"), "/bin/c");
	conf_free(conf);

	CHECK_STR(parse_error("lxc.hook.bogus = /bin/x\n"), "origin:1: unknown key \"lxc.hook.bogus\"");
	CHECK_CONTAINS(parse_error("lxc.hook.version = 2\n"), "lxc.hook.version");
	CHECK(confile_key_is_valid("lxc.hook.mount"));
	CHECK(!confile_key_is_valid("lxc.hook.bogus"));
}

static void test_sysctl_proc(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.sysctl.net.ipv4.ip_forward = 1\n"
			      "lxc.sysctl.kernel.msgmax = 8192\n"
			      "lxc.sysctl.net.ipv4.ip_forward = 0\n"
			      "lxc.proc.oom_score_adj = 10\n"),
		  0);
	CHECK_INT(conf->nsysctls, 2);
	CHECK_STR(get(conf, "lxc.sysctl.net.ipv4.ip_forward"), "0");
	CHECK_STR(get(conf, "lxc.sysctl.kernel.msgmax"), "8192");
	CHECK_STR(get(conf, "lxc.sysctl.kernel.shmmax"), "");
	CHECK_STR(get(conf, "lxc.sysctl"), "kernel.msgmax = 8192\nnet.ipv4.ip_forward = 0");
	CHECK_STR(get(conf, "lxc.proc.oom_score_adj"), "10");
	CHECK_INT(parse(conf, "lxc.sysctl.kernel.msgmax =\n"), 0);
	CHECK_INT(conf->nsysctls, 1);
	CHECK_INT(parse(conf, "lxc.sysctl =\nlxc.proc =\n"), 0);
	CHECK_INT(conf->nsysctls, 0);
	CHECK_INT(conf->nprocs, 0);
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.sysctl.../etc/passwd = x\n"), "unknown key");
	CHECK_CONTAINS(parse_error("lxc.sysctl.net/ipv4 = x\n"), "unknown key");
	CHECK_CONTAINS(parse_error("lxc.sysctlx = 1\n"), "unknown key");
	CHECK_CONTAINS(parse_error("lxc.proc.../x = 1\n"), "unknown key");
	CHECK_CONTAINS(parse_error("lxc.sysctl = 1\n"), "lxc.sysctl");
}

static void test_prlimits(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.prlimit.nofile = 1024:4096\n"
			      "lxc.prlimit.core = unlimited\n"
			      "lxc.prlimit.nproc = 100\n"),
		  0);
	CHECK_INT(conf->nprlimits, 3);
	CHECK_STR(get(conf, "lxc.prlimit.nofile"), "1024:4096");
	CHECK_STR(get(conf, "lxc.prlimit.core"), "unlimited");
	CHECK_STR(get(conf, "lxc.prlimit.nproc"), "100");
	CHECK_STR(get(conf, "lxc.prlimit.stack"), "");
	CHECK_INT(parse(conf, "lxc.prlimit.nofile = 10:unlimited\n"), 0);
	CHECK_INT(conf->nprlimits, 3);
	CHECK_STR(get(conf, "lxc.prlimit.nofile"), "10:unlimited");
	CHECK_INT(parse(conf, "lxc.prlimit.core =\n"), 0);
	CHECK_INT(conf->nprlimits, 2);
	CHECK_INT(parse(conf, "lxc.prlimit =\n"), 0);
	CHECK_INT(conf->nprlimits, 0);
	/* A long soft limit is read whole, not cut to 63 characters. */
	CHECK_INT(parse(conf, "lxc.prlimit.nofile = "
			      "0000000000000000000000000000000000000000000000000000000000000012:100\n"),
		  0);
	CHECK_STR(get(conf, "lxc.prlimit.nofile"), "12:100");
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.prlimit.bogus = 1\n"), "unknown key");
	CHECK_CONTAINS(parse_error("lxc.prlimit.nofile = lots\n"), "SOFT[:HARD]");
	CHECK_CONTAINS(parse_error("lxc.prlimit.nofile = 10:5\n"), "lxc.prlimit.nofile");
	CHECK_CONTAINS(parse_error("lxc.prlimit.nofile = unlimited:5\n"), "lxc.prlimit.nofile");
}

static void test_caps(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.cap.drop = sys_module mac_admin\nlxc.cap.drop = CAP_SYS_TIME\n"), 0);
	CHECK_STR(get(conf, "lxc.cap.drop"), "sys_module sys_time mac_admin");
	CHECK(conf->cap_drop & (1ULL << 16));
	CHECK_INT(parse(conf, "lxc.cap.drop =\n"), 0);
	CHECK_INT(conf->cap_drop, 0);
	CHECK_INT(parse(conf, "lxc.cap.keep = chown 1\n"), 0);
	CHECK(conf->cap_keep_set);
	CHECK_STR(get(conf, "lxc.cap.keep"), "chown dac_override");
	CHECK_INT(parse(conf, "lxc.cap.keep = none\n"), 0);
	CHECK_STR(get(conf, "lxc.cap.keep"), "none");
	CHECK_INT(parse(conf, "lxc.cap.keep =\n"), 0);
	CHECK(!conf->cap_keep_set);
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.cap.drop = sys_bogus\n"), "capability names");
	CHECK_CONTAINS(parse_error("lxc.cap.drop = 64\n"), "lxc.cap.drop");
}

static void test_misc_sys_keys(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.start.auto = 1\n"
			      "lxc.start.delay = 5\n"
			      "lxc.start.order = -3\n"
			      "lxc.group = onboot web\n"
			      "lxc.group = db\n"
			      "lxc.init.groups = 10,20\n"
			      "lxc.log.syslog = daemon\n"
			      "lxc.apparmor.profile = unconfined\n"
			      "lxc.apparmor.allow_nesting = 1\n"
			      "lxc.apparmor.allow_incomplete = 0\n"
			      "lxc.apparmor.raw = mount,\n"
			      "lxc.selinux.context = system_u:system_r:lxc_t:s0:c22\n"
			      "lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp\n"
			      "lxc.seccomp.allow_nesting = 1\n"
			      "lxc.idmap = u 0 100000 65536\n"
			      "lxc.idmap = g 0 100000 65536\n"
			      "lxc.no_new_privs = 1\n"
			      "lxc.ephemeral = 0\n"
			      "lxc.keyring.session = 0\n"
			      "lxc.monitor.unshare = 0\n"
			      "lxc.monitor.signal.pdeath = SIGTERM\n"
			      "lxc.rootfs.managed = 0\n"
			      "lxc.sched.core = 0\n"
			      "lxc.time.offset.boot = -10s\n"
			      "lxc.time.offset.monotonic = 500ms\n"),
		  0);
	CHECK(conf->start_auto);
	CHECK_INT(conf->start_delay, 5);
	CHECK_INT(conf->start_order, -3);
	CHECK_STR(get(conf, "lxc.group"), "onboot web db");
	CHECK_STR(get(conf, "lxc.init.groups"), "10,20");
	CHECK_STR(get(conf, "lxc.log.syslog"), "daemon");
	CHECK_STR(get(conf, "lxc.apparmor.profile"), "unconfined");
	CHECK_STR(get(conf, "lxc.apparmor.allow_nesting"), "1");
	CHECK_STR(get(conf, "lxc.apparmor.raw"), "mount,");
	CHECK_STR(get(conf, "lxc.selinux.context"), "system_u:system_r:lxc_t:s0:c22");
	CHECK_STR(get(conf, "lxc.seccomp.profile"), "/usr/share/lxc/config/common.seccomp");
	CHECK_STR(get(conf, "lxc.idmap"), "u 0 100000 65536\ng 0 100000 65536");
	CHECK(conf->no_new_privs);
	CHECK(!conf->keyring_session);
	CHECK_INT(conf->monitor_pdeath_signal, SIGTERM);
	CHECK(!conf->rootfs_managed);
	CHECK_STR(get(conf, "lxc.time.offset.boot"), "-10s");
	CHECK_INT(parse(conf, "lxc.group =\nlxc.idmap =\nlxc.init.groups =\n"), 0);
	CHECK_STR(get(conf, "lxc.group"), "");
	CHECK_STR(get(conf, "lxc.idmap"), "");
	CHECK_INT(conf->ninit_groups, 0);
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.start.auto = maybe\n"), "lxc.start.auto");
	CHECK_CONTAINS(parse_error("lxc.start.delay = soon\n"), "lxc.start.delay");
	CHECK_CONTAINS(parse_error("lxc.idmap = x 0 1 2\n"), "u|g NSID HOSTID RANGE");
	CHECK_CONTAINS(parse_error("lxc.idmap = u 0 1\n"), "lxc.idmap");
	CHECK_CONTAINS(parse_error("lxc.log.syslog = nowhere\n"), "lxc.log.syslog");
	CHECK_CONTAINS(parse_error("lxc.init.groups = 1,x\n"), "lxc.init.groups");
	CHECK_CONTAINS(parse_error("lxc.time.offset.boot = 5 parsecs\n"), "lxc.time.offset.boot");
	CHECK_CONTAINS(parse_error("lxc.monitor.signal.pdeath = SIGNOPE\n"), "lxc.monitor.signal.pdeath");
}

static void test_rootfs_overlay(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.rootfs.path = overlay:/srv/base:/srv/delta\n"), 0);
	CHECK_STR(get(conf, "lxc.rootfs.path"), "overlay:/srv/base:/srv/delta");
	CHECK_INT(parse(conf, "lxc.rootfs.path = overlayfs:/a:/b:/c\n"), 0);
	CHECK_STR(get(conf, "lxc.rootfs.path"), "overlayfs:/a:/b:/c");
	conf_free(conf);

	CHECK_CONTAINS(parse_error("lxc.rootfs.path = overlay:/only\n"), "overlay:LOWER:UPPER");
	CHECK_CONTAINS(parse_error("lxc.rootfs.path = overlay:rel:/b\n"), "lxc.rootfs.path");
}

static void test_signal_halt_set(void)
{
	struct lxc_conf *conf = new_conf();

	CHECK_INT(parse(conf, "lxc.signal.halt = SIGPWR\n"), 0);
	CHECK(conf->signal_halt_set);
	CHECK_INT(parse(conf, "lxc.signal.halt =\n"), 0);
	CHECK(!conf->signal_halt_set);
	conf_free(conf);
}

/* Every key of the table can be read back (lxc-info -c). */
static void test_every_key_gettable(void)
{
	static const char *const keys[] = {
		"lxc.rootfs.managed", "lxc.mount.entry", "lxc.mount.fstab", "lxc.mount.auto",
		"lxc.autodev", "lxc.autodev.tmpfs.size", "lxc.tty.max", "lxc.tty.dir",
		"lxc.pty.max", "lxc.console.path", "lxc.console.logfile", "lxc.console.rotate",
		"lxc.console.buffer.size", "lxc.console.size", "lxc.hook.version",
		"lxc.hook.pre-start", "lxc.hook.pre-mount", "lxc.hook.mount", "lxc.hook.autodev",
		"lxc.hook.start", "lxc.hook.start-host", "lxc.hook.stop", "lxc.hook.post-stop",
		"lxc.hook.clone", "lxc.hook.destroy", "lxc.sysctl", "lxc.sysctl.net.core.somaxconn",
		"lxc.prlimit", "lxc.prlimit.nofile", "lxc.proc", "lxc.proc.oom_score_adj",
		"lxc.cap.drop", "lxc.cap.keep", "lxc.init.groups", "lxc.start.auto",
		"lxc.start.delay", "lxc.start.order", "lxc.group", "lxc.log.syslog",
		"lxc.apparmor.profile", "lxc.apparmor.allow_incomplete",
		"lxc.apparmor.allow_nesting", "lxc.apparmor.raw", "lxc.selinux.context",
		"lxc.selinux.context.keyring", "lxc.seccomp.profile", "lxc.seccomp.allow_nesting",
		"lxc.seccomp.notify.proxy", "lxc.seccomp.notify.cookie", "lxc.idmap",
		"lxc.no_new_privs", "lxc.ephemeral", "lxc.keyring.session", "lxc.monitor.unshare",
		"lxc.monitor.signal.pdeath", "lxc.sched.core", "lxc.time.offset.boot",
		"lxc.time.offset.monotonic",
	};
	struct lxc_conf *conf = new_conf();

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *v = NULL;

		if (!confile_key_is_valid(keys[i]))
			unit_fail(__FILE__, __LINE__, "\"%s\" is not a valid key", keys[i]);
		if (confile_get(conf, keys[i], &v) < 0 || !v)
			unit_fail(__FILE__, __LINE__, "\"%s\" cannot be read", keys[i]);
		free(v);
		/* ... and cleared with an empty value. */
		log_reset_cause();
		if (confile_set(conf, keys[i], "", "here") < 0)
			unit_fail(__FILE__, __LINE__, "\"%s\" cannot be cleared: %s", keys[i], log_cause());
	}
	conf_free(conf);
}

/* --- writing a configuration back out ------------------------------------------- */

static char *slurp(const char *path)
{
	char *text = NULL;

	if (read_file(path, &text, NULL) < 0)
		unit_fail(__FILE__, __LINE__, "cannot read \"%s\"", path);
	return text;
}

static void test_write_back_keeps_includes(void)
{
	struct lxc_conf *conf = new_conf();
	struct lxc_conf *again = new_conf();
	char inc[PATH_MAX], main[PATH_MAX], text[2 * PATH_MAX], want[2 * PATH_MAX];
	char *out;

	unit_write(inc, sizeof(inc), "common.conf", "lxc.tty.max = 4\nlxc.cap.drop = sys_module\n");
	unit_format(text, sizeof(text),
		    "# my container\n"
		    "lxc.include = %s\n"
		    "\n"
		    "lxc.uts.name = web\n"
		    "lxc.mount.entry = /srv srv none bind,create=dir 0 0\n",
		    inc);
	unit_write(main, sizeof(main), "config", text);
	conf->keep_raw = true;
	CHECK_INT(read_conf(conf, main), 0);
	CHECK_INT(conf->tty_max, 4);
	/* Replaced where it stands; a list key gets a line more. */
	CHECK_INT(confile_set_item(conf, "lxc.uts.name", "db", "here"), 0);
	CHECK_INT(confile_set_item(conf, "lxc.mount.entry", "/opt opt none bind 0 0", "here"), 0);
	/* A key the included file sets: the new line comes after the include. */
	CHECK_INT(confile_set_item(conf, "lxc.tty.max", "2", "here"), 0);
	/* A clear of a list key the include fills must override it. */
	CHECK_INT(confile_set_item(conf, "lxc.cap.drop", "", "here"), 0);
	CHECK_INT(confile_write(conf, main), 0);
	out = slurp(main);
	unit_format(want, sizeof(want),
		    "# my container\n"
		    "lxc.include = %s\n"
		    "\n"
		    "lxc.uts.name = db\n"
		    "lxc.mount.entry = /srv srv none bind,create=dir 0 0\n"
		    "lxc.mount.entry = /opt opt none bind 0 0\n"
		    "lxc.tty.max = 2\n"
		    "lxc.cap.drop =\n",
		    inc);
	CHECK_STR(out, want);
	free(out);
	/* Read back, it means the same. */
	CHECK_INT(read_conf(again, main), 0);
	CHECK_STR(get(again, "lxc.uts.name"), "db");
	CHECK_INT(again->tty_max, 2);
	CHECK_INT(again->cap_drop, 0);
	CHECK_INT(strv_len(again->mount_entries), 2);
	conf_free(again);
	conf_free(conf);
}

static void test_write_back_clear_and_replace(void)
{
	struct lxc_conf *conf = new_conf();
	char main[PATH_MAX];
	char *out;

	unit_write(main, sizeof(main), "config",
		   "lxc.uts.name = a\n"
		   "lxc.sysctl.kernel.msgmax = 1\n"
		   "lxc.sysctl.kernel.msgmnb = 2\n"
		   "lxc.uts.name = b\n"
		   "lxc.environment = X=1\n");
	conf->keep_raw = true;
	CHECK_INT(read_conf(conf, main), 0);
	/* The last line wins, the earlier duplicate goes. */
	CHECK_INT(confile_set_item(conf, "lxc.uts.name", "c", "here"), 0);
	/* No include: a clear just removes the lines ("lxc.sysctl" all of them). */
	CHECK_INT(confile_set_item(conf, "lxc.sysctl", "", "here"), 0);
	CHECK_INT(confile_set_item(conf, "lxc.environment", "Y=2", "here"), 0);
	CHECK_INT(confile_write(conf, main), 0);
	out = slurp(main);
	CHECK_STR(out, "lxc.uts.name = c\nlxc.environment = X=1\nlxc.environment = Y=2\n");
	free(out);
	/* A bad value changes nothing. */
	log_reset_cause();
	CHECK(confile_set_item(conf, "lxc.tty.max", "x", "here") < 0);
	CHECK_CONTAINS(log_cause(), "lxc.tty.max");
	CHECK_INT(confile_write(conf, main), 0);
	out = slurp(main);
	CHECK_STR(out, "lxc.uts.name = c\nlxc.environment = X=1\nlxc.environment = Y=2\n");
	free(out);
	conf_free(conf);
}

static void test_include_dir_skips_directories(void)
{
	struct lxc_conf *conf = new_conf();
	char dir[PATH_MAX], path[PATH_MAX], text[PATH_MAX + 64];

	unit_path(dir, sizeof(dir), "conf.d");
	CHECK_INT(mkdir(dir, 0755), 0);
	unit_path(path, sizeof(path), "conf.d/50-dir.conf");
	CHECK_INT(mkdir(path, 0755), 0);
	unit_write(path, sizeof(path), "conf.d/10-a.conf", "lxc.uts.name = a\n");
	unit_write(path, sizeof(path), "conf.d/Z-upper.conf", "lxc.environment = Z=1\n");
	unit_write(path, sizeof(path), "conf.d/a-lower.conf", "lxc.environment = a=1\n");
	/* With a trailing slash, as LXC's common.conf writes it. */
	unit_format(text, sizeof(text), "lxc.include = %s/\n", dir);
	CHECK_INT(parse(conf, text), 0);
	CHECK_STR(conf->uts_name, "a");
	/* Byte order: "Z" before "a". */
	CHECK_STR(get(conf, "lxc.environment"), "Z=1\na=1");
	conf_free(conf);
}

/* Parsed from text, as from a file: only the text's own lines are kept
 * (fuzz_confile found the lines of an included file written back too). */
static void test_write_back_from_text(void)
{
	struct lxc_conf *conf = new_conf();
	char inc[PATH_MAX], text[PATH_MAX + 64];
	char *out;

	unit_write(inc, sizeof(inc), "inc.conf", "lxc.mount.entry = /a a none bind 0 0\n");
	unit_format(text, sizeof(text), "lxc.environment = A=1\nlxc.include = %s\n", inc);
	conf->keep_raw = true;
	CHECK_INT(parse(conf, text), 0);
	out = confile_to_text(conf);
	CHECK_STR(out, text);
	/* Nor is the included file the one read (LXC_CONFIG_FILE). */
	CHECK(conf->rcfile == NULL);
	free(out);
	conf_free(conf);
}

/* A value cannot hold a newline: written back, the rest of it would be
 * read as lines of their own, a key of its own ("x\nlxc.hook.start = ...")
 * (fuzz_confile). */
static void test_write_back_newline_refused(void)
{
	struct lxc_conf *conf = new_conf();
	char *out;

	conf->keep_raw = true;
	CHECK_INT(parse(conf, "lxc.uts.name = a\n"), 0);
	log_reset_cause();
	CHECK(confile_set_item(conf, "lxc.uts.name", "b\nlxc.hook.pre-start = /bin/evil", "here") < 0);
	CHECK_CONTAINS(log_cause(), "newline");
	CHECK(confile_set_item(conf, "lxc.environment", "A=1\n", "here") < 0);
	/* Nor a key (lxc.cgroup2.* takes most names), nor one with "=". */
	CHECK(confile_set_item(conf, "lxc.cgroup2.a.b\nlxc.uts.name", "x", "here") < 0);
	CHECK(confile_set_item(conf, "lxc.cgroup2.a.b=c", "x", "here") < 0);
	CHECK_INT(conf->cgroup_nsettings, 0);
	/* Nothing changed. */
	CHECK_STR(conf->uts_name, "a");
	CHECK(conf->environment == NULL);
	out = confile_to_text(conf);
	CHECK_STR(out, "lxc.uts.name = a\n");
	free(out);
	conf_free(conf);
}

/* A value that would read back trimmed or unquoted is written quoted; a
 * cgroup key with a blank is no key (fuzz_confile). */
static void test_write_back_quotes(void)
{
	struct lxc_conf *conf = new_conf();
	struct lxc_conf *again = new_conf();
	char *out;

	conf->keep_raw = true;
	CHECK_INT(confile_set_item(conf, "lxc.uts.name", " c", "here"), 0);
	CHECK_INT(confile_set_item(conf, "lxc.init.cmd", "'/sbin/init'", "here"), 0);
	CHECK_INT(confile_set_item(conf, "lxc.environment", "A=1\t", "here"), 0);
	CHECK_INT(confile_set_item(conf, "lxc.environment", "B=\"x\"", "here"), 0);
	out = confile_to_text(conf);
	CHECK_STR(out, "lxc.uts.name = \" c\"\n"
		       "lxc.init.cmd = \"'/sbin/init'\"\n"
		       "lxc.environment = \"A=1\t\"\n"
		       "lxc.environment = B=\"x\"\n");
	CHECK_INT(parse(again, out), 0);
	CHECK_STR(again->uts_name, " c");
	CHECK_STR(again->init_cmd, "'/sbin/init'");
	CHECK_STR(get(again, "lxc.environment"), "A=1\t\nB=\"x\"");
	free(out);

	log_reset_cause();
	CHECK(confile_set_item(conf, "lxc.cgroup.devices.allow ", "a", "here") < 0);
	CHECK_CONTAINS(log_cause(), "unknown key");
	CHECK_CONTAINS(parse_error("lxc.cgroup2.memory. max = 1\n"), "unknown key");
	conf_free(again);
	conf_free(conf);
}

/* An include names a regular file: a FIFO blocked the open, /dev/zero
 * was read until memory ran out (fuzz_confile's scratch directory). */
static void test_include_not_regular(void)
{
	struct lxc_conf *conf = new_conf();
	char fifo[PATH_MAX], zero[PATH_MAX], text[PATH_MAX + 64];

	unit_path(fifo, sizeof(fifo), "fifo");
	CHECK_INT(mkfifo(fifo, 0644), 0);
	unit_format(text, sizeof(text), "lxc.include = %s\n", fifo);
	CHECK(parse(conf, text) < 0);
	CHECK_CONTAINS(log_cause(), "not a regular file");
	CHECK_CONTAINS(log_cause(), fifo);

	CHECK(parse(conf, "lxc.include = /dev/zero\n") < 0);
	CHECK_CONTAINS(log_cause(), "not a regular file");
	unit_path(zero, sizeof(zero), "zero.conf");
	CHECK_INT(symlink("/dev/zero", zero), 0);
	unit_format(text, sizeof(text), "lxc.include = %s\n", zero);
	CHECK(parse(conf, text) < 0);
	CHECK_CONTAINS(log_cause(), "not a regular file");
	conf_free(conf);
}

/* A configuration is at most 1 MiB: the file read may be a device. */
static void test_read_size_limit(void)
{
	struct lxc_conf *conf = new_conf();
	char path[PATH_MAX], text[PATH_MAX + 64];
	size_t n = 1 << 20;
	char *big = malloc(n + 1);

	CHECK(big != NULL);
	memset(big, '#', n);
	big[n - 1] = '\n';
	big[n] = '\0';
	unit_write(path, sizeof(path), "max.conf", big);
	CHECK_INT(read_conf(conf, path), 0);
	big[n - 1] = '#';
	unit_write(path, sizeof(path), "big.conf", big);
	CHECK_INT(truncate(path, (off_t)n + 1), 0);
	CHECK_INT(read_conf(conf, path), -EFBIG);
	CHECK_CONTAINS(log_cause(), "larger than 1 MiB");
	unit_format(text, sizeof(text), "lxc.include = %s\n", path);
	CHECK(parse(conf, text) < 0);
	CHECK_CONTAINS(log_cause(), "larger than 1 MiB");
	/* Named on the command line, a device is read, but not for ever. */
	CHECK_INT(read_conf(conf, "/dev/zero"), -EFBIG);
	free(big);
	conf_free(conf);
}

/* Set an item in text read with keep_raw; the text written back must
 * read back as the configuration the item was set in, for key. */
static void set_item_round_trip(const char *text, const char *key, const char *value,
				const char *check_key)
{
	struct lxc_conf *conf = new_conf();
	struct lxc_conf *again = new_conf();
	char want[4096];
	char *out;

	conf->keep_raw = true;
	CHECK_INT(parse(conf, text), 0);
	CHECK_INT(confile_set_item(conf, key, value, "here"), 0);
	unit_format(want, sizeof(want), "%s", get(conf, check_key));
	out = confile_to_text(conf);
	CHECK(out != NULL);
	CHECK_INT(parse(again, out), 0);
	CHECK_STR(get(again, check_key), want);
	free(out);
	conf_free(again);
	conf_free(conf);
}

/* Written back, a line set in place or cleared must not be undone by a
 * later line, nor a clear reach keys it does not clear (fuzz_confile). */
static void test_write_back_later_lines(void)
{
	char text[1024], key[600];

	/* "lxc.net =" after the line: the new line goes after it. */
	set_item_round_trip("lxc.net.0.type = veth\nlxc.net =\n", "lxc.net.0.type", "macvlan",
			    "lxc.net.0.type");
	set_item_round_trip("lxc.sysctl.a = 1\nlxc.sysctl =\n", "lxc.sysctl.a", "2", "lxc.sysctl.a");
	set_item_round_trip("lxc.net.1.type = veth\nlxc.net.1 =\n", "lxc.net.1.type", "phys",
			    "lxc.net.1.type");
	/* A clear of one key leaves the keys below it that it does not clear. */
	set_item_round_trip("lxc.cgroup.dir.container = a\n", "lxc.cgroup.dir", "",
			    "lxc.cgroup.dir.container");
	set_item_round_trip("lxc.cgroup.devices.allow.x = 1\n", "lxc.cgroup.devices.allow", "",
			    "lxc.cgroup.devices.allow.x");
	set_item_round_trip("lxc.selinux.context.keyring = a_t\n", "lxc.selinux.context", "",
			    "lxc.selinux.context.keyring");
	/* ... and does clear those it does. */
	set_item_round_trip("lxc.sysctl.a = 1\nlxc.prlimit.nofile = 1\n", "lxc.sysctl", "",
			    "lxc.sysctl.a");
	set_item_round_trip("lxc.net.0.type = veth\nlxc.net.0.link = br0\n", "lxc.net.0", "",
			    "lxc.net.0.link");
	/* A clear of an lxc.net.N.* key makes the interface: it stays. */
	set_item_round_trip("lxc.net.0.type = veth\n", "lxc.net.0.type", "", "lxc.net");
	set_item_round_trip("lxc.net =\n", "lxc.net.0.type", "", "lxc.net");
	/* A key as the reader reads it: any blank before "=", any length. */
	set_item_round_trip("lxc.uts.name\v= x\n", "lxc.uts.name", "", "lxc.uts.name");
	memset(key, 'a', sizeof(key));
	memcpy(key, "lxc.cgroup2.", 12);
	key[300] = '.';
	key[sizeof(key) - 1] = '\0';
	unit_format(text, sizeof(text), "%s = 1\n", key);
	set_item_round_trip(text, key, "", key);
}

int main(void)
{
	RUN("defaults", test_defaults);
	RUN("comments-and-blank-lines", test_comments_and_blank_lines);
	RUN("whitespace", test_whitespace);
	RUN("quotes", test_quotes);
	RUN("non-lxc-lines-ignored", test_non_lxc_lines_ignored);
	RUN("unknown-key", test_unknown_key);
	RUN("line-numbers", test_line_numbers);
	RUN("missing-equals", test_missing_equals);
	RUN("legacy-keys", test_legacy_keys);
	RUN("invalid-values", test_invalid_values);
	RUN("invalid-value-keeps-old", test_invalid_value_keeps_old);
	RUN("ids", test_ids);
	RUN("last-value-wins", test_last_value_wins);
	RUN("environment-list", test_environment_list);
	RUN("namespaces", test_namespaces);
	RUN("signals", test_signals);
	RUN("rootfs", test_rootfs);
	RUN("cgroup-settings", test_cgroup_settings);
	RUN("network", test_network);
	RUN("network-veth", test_network_veth);
	RUN("network-order", test_network_order);
	RUN("network-lower-types", test_network_lower_types);
	RUN("network-invalid", test_network_invalid);
	RUN("network-invalid-leaves-nothing", test_network_invalid_leaves_nothing);
	RUN("log-keys", test_log_keys);
	RUN("commands", test_commands);
	RUN("get-unknown", test_get_unknown);
	RUN("key-is-valid", test_key_is_valid);
	RUN("set", test_set);
	RUN("override", test_override);
	RUN("include-file", test_include_file);
	RUN("include-error-location", test_include_error_location);
	RUN("include-missing", test_include_missing);
	RUN("include-directory", test_include_directory);
	RUN("include-self-loop", test_include_self_loop);
	RUN("include-mutual-loop", test_include_mutual_loop);
	RUN("include-twice-is-not-a-loop", test_include_twice_is_not_a_loop);
	RUN("include-directory-loop", test_include_directory_loop);
	RUN("read-file", test_read_file);
	RUN("long-line", test_long_line);
	RUN("sys-defaults", test_sys_defaults);
	RUN("mount-entries", test_mount_entries);
	RUN("mount-auto", test_mount_auto);
	RUN("mount-auto-long-word", test_mount_auto_long_word);
	RUN("devices-and-console", test_devices_and_console);
	RUN("hooks", test_hooks);
	RUN("sysctl-proc", test_sysctl_proc);
	RUN("prlimits", test_prlimits);
	RUN("caps", test_caps);
	RUN("misc-sys-keys", test_misc_sys_keys);
	RUN("rootfs-overlay", test_rootfs_overlay);
	RUN("signal-halt-set", test_signal_halt_set);
	RUN("every-key-gettable", test_every_key_gettable);
	RUN("write-back-keeps-includes", test_write_back_keeps_includes);
	RUN("write-back-clear-and-replace", test_write_back_clear_and_replace);
	RUN("include-dir-skips-directories", test_include_dir_skips_directories);
	RUN("write-back-from-text", test_write_back_from_text);
	RUN("write-back-newline-refused", test_write_back_newline_refused);
	RUN("write-back-quotes", test_write_back_quotes);
	RUN("write-back-later-lines", test_write_back_later_lines);
	RUN("include-not-regular", test_include_not_regular);
	RUN("read-size-limit", test_read_size_limit);
	return unit_done();
}
