/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "arguments.h"
#include "lxc.h"

static struct lxc_stop_options o = { .timeout = 60 };

static const struct option longopts[] = {
	{ "kill", no_argument, NULL, 'k' },
	{ "timeout", required_argument, NULL, 't' },
	{ "nowait", no_argument, NULL, 'W' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	switch (c) {
	case 'k':
		o.kill = true;
		return 0;
	case 'W':
		o.nowait = true;
		return 0;
	case 't':
		return args_parse_seconds(arg, 1000000, &o.timeout);
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME [-k] [-t TIMEOUT] [-W]",
	.help = "Stop a container: send lxc.signal.halt, wait, then kill.\n\n"
		"  -k, --kill             kill at once (lxc.signal.stop)\n"
		"  -t, --timeout=SECONDS  wait this long before killing (default 60, -1 forever)\n"
		"  -W, --nowait           request the stop and return\n\n"
		"Exit status: 0 stopped, 1 error, 2 not running.\n",
	.shortopts = "kt:W",
	.longopts = longopts,
	.parse = parse,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	int ret;

	args_parse(&args, &spec, argc, argv);
	o.lxcpath = args.lxcpath;
	ret = lxc_container_stop(args.name, &o, NULL);
	return tool_exit(&args, ret, -ESRCH);
}
