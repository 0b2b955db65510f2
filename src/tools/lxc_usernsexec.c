/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "arguments.h"
#include "lxc.h"

#define MAX_MAPS 64

static struct {
	const char *maps[MAX_MAPS + 1];
	size_t nmaps;
} opt;

static const struct option longopts[] = {
	{ "map", required_argument, NULL, 'm' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	if (c != 'm' || opt.nmaps == MAX_MAPS)
		return -1;
	opt.maps[opt.nmaps++] = arg;
	return 0;
}

static const struct tool_spec spec = {
	.usage = "[-m u|g|b:NSID:HOSTID:RANGE]... [-- COMMAND [ARG...]]",
	.help = "Run a command (default: /bin/sh) as root of a new user namespace,\n"
		"e.g. to maintain the root file system of a container with lxc.idmap.\n\n"
		"  -m, --map=MAP          u|g|b:NSID:HOSTID:RANGE (b: both), repeatable;\n"
		"                         default: your ranges in /etc/subuid and /etc/subgid\n",
	.shortopts = "m:",
	.longopts = longopts,
	.parse = parse,
	.name_optional = true,
	.takes_command = true,
};

int main(int argc, char *argv[])
{
	static char *shell[] = { "/bin/sh", NULL };
	struct lxc_args args = { 0 };
	int status = 1, ret;

	args_parse(&args, &spec, argc, argv);
	ret = lxc_userns_exec(opt.maps, args.cmd ? args.cmd : shell, &status);
	if (ret < 0) {
		tool_error_lib(&args, ret);
		/* As a shell: 127 not found, 126 not executable. */
		return status == 126 || status == 127 ? status : 1;
	}
	return status;
}
