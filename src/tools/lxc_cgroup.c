/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "arguments.h"
#include "lxc.h"

static const struct tool_spec spec = {
	.usage = "-n NAME KEY [VALUE]",
	.help = "Read (or, with VALUE, write) the cgroup file KEY of a running container,\n"
		"e.g. memory.max or memory.limit_in_bytes, cpuset.cpus, pids.current.\n"
		"KEY is looked up in the v1 hierarchy of its controller when the host\n"
		"has one, else in the cgroup2 tree.\n\n"
		"Exit status: 0 success, 1 error, 2 not running.\n",
	.takes_command = true,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	char *value = NULL;
	size_t n;
	int ret;

	args_parse(&args, &spec, argc, argv);
	for (n = 0; args.cmd && args.cmd[n]; n++)
		;
	if (n == 0 || n > 2) {
		fprintf(stderr, "%s: expected KEY [VALUE] (see --help)\n", args.progname);
		return 1;
	}
	if (n == 2) {
		ret = lxc_container_cgroup_set(args.name, args.lxcpath, args.cmd[0], args.cmd[1]);
	} else {
		ret = lxc_container_cgroup_get(args.name, args.lxcpath, args.cmd[0], &value);
		if (ret == 0)
			printf("%s\n", value);
		free(value);
	}
	return tool_exit(&args, ret, -ESRCH);
}
