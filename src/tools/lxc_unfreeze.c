/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stddef.h>

#include "arguments.h"
#include "lxc.h"

static const struct tool_spec spec = {
	.usage = "-n NAME",
	.help = "Thaw a frozen container: its processes run again.\n\n"
		"Exit status: 0 thawed (or was not frozen), 1 error, 2 not running.\n",
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	int ret;

	args_parse(&args, &spec, argc, argv);
	ret = lxc_container_unfreeze(args.name, args.lxcpath);
	return tool_exit(&args, ret, -ESRCH);
}
