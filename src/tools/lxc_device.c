/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arguments.h"
#include "lxc.h"

static const struct tool_spec spec = {
	.usage = "-n NAME add IFACE [NEWNAME] | del IFACE",
	.help = "Move a network interface into or out of a running container.\n\n"
		"  add IFACE [NEWNAME]    move the host's IFACE into the container (as NEWNAME)\n"
		"  del IFACE              move IFACE out of the container, back to the host\n\n"
		"Exit status: 0 done, 1 error, 2 not running.\n",
	.takes_command = true,
};

static int usage_error(const struct lxc_args *args, const char *what)
{
	fprintf(stderr, "%s: %s (see --help)\n", args->progname, what);
	return 1;
}

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	size_t n = 0;
	int ret;

	args_parse(&args, &spec, argc, argv);
	while (args.cmd && args.cmd[n])
		n++;
	if (n == 0)
		return usage_error(&args, "missing command: add or del");
	if (n > 1 && strncmp(args.cmd[1], "/dev/", 5) == 0) {
		tool_error(&args, "\"%s\": only network interfaces can be moved by this version", args.cmd[1]);
		return 1;
	}
	if (strcmp(args.cmd[0], "add") == 0) {
		if (n < 2 || n > 3)
			return usage_error(&args, "usage: add IFACE [NEWNAME]");
		ret = lxc_container_add_device(args.name, args.lxcpath, args.cmd[1],
					       n == 3 ? args.cmd[2] : NULL);
	} else if (strcmp(args.cmd[0], "del") == 0) {
		if (n != 2)
			return usage_error(&args, "usage: del IFACE");
		ret = lxc_container_remove_device(args.name, args.lxcpath, args.cmd[1]);
	} else {
		fprintf(stderr, "%s: unknown command \"%s\": add or del (see --help)\n", args.progname,
			args.cmd[0]);
		return 1;
	}
	return tool_exit(&args, ret, -ESRCH);
}
