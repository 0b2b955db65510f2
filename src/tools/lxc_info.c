/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "arguments.h"
#include "lxc.h"

static struct {
	bool state, pid, raw, stats, ips;
	const char *keys[64];
	size_t nkeys;
} opt;

static const struct option longopts[] = {
	{ "state", no_argument, NULL, 's' },
	{ "pid", no_argument, NULL, 'p' },
	{ "no-humanize", no_argument, NULL, 'H' },
	{ "stats", no_argument, NULL, 'S' },
	{ "config", required_argument, NULL, 'c' },
	{ "ips", no_argument, NULL, 'i' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	switch (c) {
	case 's':
		opt.state = true;
		return 0;
	case 'p':
		opt.pid = true;
		return 0;
	case 'H':
		opt.raw = true;
		return 0;
	case 'S':
		opt.stats = true;
		return 0;
	case 'i':
		opt.ips = true;
		return 0;
	case 'c':
		if (opt.nkeys >= sizeof(opt.keys) / sizeof(opt.keys[0]))
			return -1;
		opt.keys[opt.nkeys++] = arg;
		return 0;
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME [-s] [-p] [-i] [-S] [-H] [-c KEY]...",
	.help = "Show a container's state, init pid and configuration.\n\n"
		"  -s, --state            the state\n"
		"  -p, --pid              the init's pid (when running)\n"
		"  -i, --ips              the container's IP addresses (when running)\n"
		"  -S, --stats            CPU, memory, block I/O and network use (when running)\n"
		"  -H, --no-humanize      raw values, one per line\n"
		"  -c, --config=KEY       a configuration item (repeatable)\n",
	.shortopts = "spiSHc:",
	.longopts = longopts,
	.parse = parse,
};

static void field(const char *label, const char *value)
{
	if (opt.raw)
		printf("%s\n", value);
	else
		printf("%-15s %s\n", label, value);
}

/* "1.48 MiB"; with -H the number of bytes. */
static void bytes_field(const char *label, uint64_t n)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };
	char buf[64];
	double v = (double)n;
	size_t u = 0;

	if (opt.raw || n < 1024) {
		snprintf(buf, sizeof(buf), opt.raw ? "%llu" : "%llu bytes", (unsigned long long)n);
	} else {
		while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
			v /= 1024;
			u++;
		}
		snprintf(buf, sizeof(buf), "%.2f %s", v, units[u]);
	}
	field(label, buf);
}

static int print_stats(const struct lxc_args *args)
{
	struct lxc_container_stats st;
	char buf[64];
	int ret = lxc_container_get_stats(args->name, args->lxcpath, &st);

	if (ret < 0)
		return ret;
	if (st.has_cpu) {
		if (opt.raw)
			snprintf(buf, sizeof(buf), "%llu", (unsigned long long)st.cpu_ns);
		else
			snprintf(buf, sizeof(buf), "%.2f seconds", (double)st.cpu_ns / 1e9);
		field("CPU use:", buf);
	}
	if (st.has_blkio)
		bytes_field("BlkIO use:", st.blkio_bytes);
	if (st.has_memory)
		bytes_field("Memory use:", st.memory_bytes);
	for (size_t i = 0; i < st.nlinks; i++) {
		field("Link:", st.links[i].name);
		bytes_field(" TX bytes:", st.links[i].tx_bytes);
		bytes_field(" RX bytes:", st.links[i].rx_bytes);
		bytes_field(" Total bytes:", st.links[i].tx_bytes + st.links[i].rx_bytes);
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	lxc_state_t state;
	pid_t pid;
	char buf[32];
	int ret;

	args_parse(&args, &spec, argc, argv);
	for (size_t i = 0; i < opt.nkeys; i++) {
		char *value = NULL;

		ret = lxc_container_get_config_item(args.name, args.lxcpath, args.rcfile, opt.keys[i],
						    &value);
		if (ret < 0) {
			tool_error_lib(&args, ret);
			return 1;
		}
		if (opt.raw)
			printf("%s\n", value);
		else
			printf("%s = %s\n", opt.keys[i], value);
		free(value);
	}
	if (opt.nkeys && !opt.state && !opt.pid && !opt.stats && !opt.ips)
		return 0;

	ret = lxc_container_get_state(args.name, args.lxcpath, &state, &pid);
	if (ret < 0) {
		tool_error_lib(&args, ret);
		return 1;
	}
	if (!opt.state && !opt.pid && !opt.stats && !opt.ips) {
		field("Name:", args.name);
		opt.state = opt.pid = true;
	}
	if (opt.state)
		field("State:", lxc_state_name(state));
	if (opt.pid && pid > 0) {
		snprintf(buf, sizeof(buf), "%d", (int)pid);
		field("PID:", buf);
	}
	if (opt.ips && state != LXC_STATE_STOPPED) {
		char **ips = NULL;

		ret = lxc_container_get_ips(args.name, args.lxcpath, AF_UNSPEC, &ips);
		/* It may have stopped since: then it has no addresses. */
		if (ret < 0 && ret != -ESRCH) {
			tool_error_lib(&args, ret);
			return 1;
		}
		for (size_t i = 0; ips && ips[i]; i++) {
			field("IP:", ips[i]);
			free(ips[i]);
		}
		free(ips);
	}
	/* A stopped container has no use to report. */
	if (opt.stats && state != LXC_STATE_STOPPED) {
		ret = print_stats(&args);
		if (ret == -ESRCH)
			return 0;
		if (ret < 0) {
			tool_error_lib(&args, ret);
			return 1;
		}
	}
	return 0;
}
