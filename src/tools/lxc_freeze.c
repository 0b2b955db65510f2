/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "arguments.h"
#include "lxc.h"

static int timeout = -1;

static const struct option longopts[] = {
	{ "timeout", required_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	if (c != 't')
		return -1;
	return args_parse_seconds(arg, 1000000, &timeout);
}

static const struct tool_spec spec = {
	.usage = "-n NAME [-t TIMEOUT]",
	.help = "Freeze every process of a running container; returns once it is FROZEN.\n\n"
		"  -t, --timeout=SECONDS  give up (and thaw it again) after SECONDS\n"
		"                         (default: wait forever)\n\n"
		"Exit status: 0 frozen, 1 error, 2 not running.\n",
	.shortopts = "t:",
	.longopts = longopts,
	.parse = parse,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	int ret;

	args_parse(&args, &spec, argc, argv);
	ret = lxc_container_freeze(args.name, args.lxcpath, timeout < 0 ? -1 : timeout * 1000);
	return tool_exit(&args, ret, -ESRCH);
}
