/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "arguments.h"
#include "lxc.h"

static struct {
	bool state, pid, raw, ips;
	const char *keys[64];
	size_t nkeys;
} opt;

static const struct option longopts[] = {
	{ "state", no_argument, NULL, 's' },
	{ "pid", no_argument, NULL, 'p' },
	{ "no-humanize", no_argument, NULL, 'H' },
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
	.usage = "-n NAME [-s] [-p] [-i] [-H] [-c KEY]...",
	.help = "Show a container's state, init pid and configuration.\n\n"
		"  -s, --state            the state\n"
		"  -p, --pid              the init's pid (when running)\n"
		"  -i, --ips              the container's IP addresses (when running)\n"
		"  -H, --no-humanize      raw values, one per line\n"
		"  -c, --config=KEY       a configuration item (repeatable)\n",
	.shortopts = "spiHc:",
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
	if (opt.nkeys && !opt.state && !opt.pid && !opt.ips)
		return 0;

	ret = lxc_container_get_state(args.name, args.lxcpath, &state, &pid);
	if (ret < 0) {
		tool_error_lib(&args, ret);
		return 1;
	}
	if (!opt.state && !opt.pid && !opt.ips) {
		field("Name:", args.name);
		opt.state = opt.pid = true;
	}
	if (opt.state)
		field("State:", lxc_state_name(state));
	if (opt.pid && pid > 0) {
		snprintf(buf, sizeof(buf), "%d", (int)pid);
		field("PID:", buf);
	}
	if (opt.ips && state == LXC_STATE_RUNNING) {
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
	return 0;
}
