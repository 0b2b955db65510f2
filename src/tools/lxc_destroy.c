/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "arguments.h"
#include "lxc.h"

static bool force;

static const struct option longopts[] = {
	{ "force", no_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	if (c == 'f') {
		force = true;
		return 0;
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME [-f]",
	.help = "Destroy a container: remove LXCPATH/NAME with its rootfs.\n\n"
		"  -f, --force            kill a running container first\n\n"
		"Exit status: 0 destroyed, 1 error, 2 running (without -f).\n",
	.shortopts = "f",
	.longopts = longopts,
	.parse = parse,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	int ret;

	args_parse(&args, &spec, argc, argv);
	ret = lxc_container_destroy(args.name, args.lxcpath, force);
	return tool_exit(&args, ret, -EBUSY);
}
