/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arguments.h"
#include "lxc.h"

static struct {
	const char *template;
	const char *config;
} opt;

static const struct option longopts[] = {
	{ "template", required_argument, NULL, 't' },
	{ "config", required_argument, NULL, 'f' },
	{ "bdev", required_argument, NULL, 'B' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	switch (c) {
	case 't':
		opt.template = arg;
		return 0;
	case 'f':
		opt.config = arg;
		return 0;
	case 'B':
		/* Directories are the only backing store. */
		return strcmp(arg, "dir") == 0 || strcmp(arg, "best") == 0 ? 0 : -1;
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME -t TEMPLATE [-f CONFIG] [-B dir] [-- TEMPLATE-ARGS...]",
	.help = "Create a container: its configuration and, with a template, its rootfs.\n\n"
		"  -t, --template=T       busybox, local, debian, or a path to a template\n"
		"  -f, --config=FILE      the configuration to start from (default: the default\n"
		"                         configuration); its lxc.include lines are kept\n"
		"  -B, --bdev=dir         the backing store (only dir)\n\n"
		"Arguments after -- go to the template (see lxc-create(1)).\n",
	.shortopts = "t:f:B:",
	.longopts = longopts,
	.parse = parse,
	.takes_command = true,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	struct lxc_create_options o = { 0 };
	int ret;

	args_parse(&args, &spec, argc, argv);
	if (!opt.template) {
		tool_error(&args, "no template given (-t busybox, local, debian, or a path)");
		return 1;
	}
	o.lxcpath = args.lxcpath;
	o.config = opt.config ? opt.config : args.rcfile;
	o.template_args = (const char *const *)args.cmd;
	ret = lxc_container_create(args.name, opt.template, &o);
	if (ret < 0) {
		tool_error_lib(&args, ret);
		return 1;
	}
	return 0;
}
