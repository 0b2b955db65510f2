/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdlib.h>

#include "arguments.h"
#include "lxc.h"

static const struct option longopts[] = {
	{ "define", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	switch (c) {
	case 'f':
		args->rcfile = arg;
		return 0;
	case 's':
		return args_add_define(args, arg);
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME [-f FILE] [-s KEY=VAL]... -- COMMAND [ARG...]",
	.help = "Run a command in a container under a minimal init as PID 1.\n\n"
		"  -f, --rcfile=FILE      configuration file\n"
		"  -s, --define KEY=VAL   set a configuration key (repeatable)\n",
	.shortopts = "f:s:",
	.longopts = longopts,
	.parse = parse,
	.takes_command = true,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	struct lxc_start_options o = { 0 };
	int status = 0, ret;

	args_parse(&args, &spec, argc, argv);
	o.lxcpath = args.lxcpath;
	o.rcfile = args.rcfile;
	o.overrides = args.defines;
	o.execute = true;
	ret = lxc_container_start(args.name, args.cmd, &o, &status);
	return start_exit_code(&args, ret, status);
}
