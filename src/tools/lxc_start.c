/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arguments.h"
#include "lxc.h"

static struct {
	bool foreground;
	const char *pidfile;
	bool close_all_fds;
} opt;

static const struct option longopts[] = {
	{ "daemon", no_argument, NULL, 'd' },
	{ "foreground", no_argument, NULL, 'F' },
	{ "define", required_argument, NULL, 's' },
	{ "pidfile", required_argument, NULL, 'p' },
	{ "close-all-fds", no_argument, NULL, 'C' },
	{ "console", required_argument, NULL, 'c' },
	{ "console-log", required_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	switch (c) {
	case 'd':
		opt.foreground = false;
		return 0;
	case 'F':
		opt.foreground = true;
		return 0;
	case 'f':
		args->rcfile = arg;
		return 0;
	case 's':
		return args_add_define(args, arg);
	case 'p':
		opt.pidfile = arg;
		return 0;
	case 'C':
		opt.close_all_fds = true;
		return 0;
	case 'c':
	case 'L': {
		/* Shorthands for the keys, applied after the file like -s. */
		static char defs[2][4096 + 32];
		char *d = defs[c == 'L'];

		snprintf(d, sizeof(defs[0]), "%s=%s", c == 'L' ? "lxc.console.logfile" : "lxc.console.path",
			 arg);
		return args_add_define(args, d);
	}
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME [-f FILE] [-F|-d] [-s KEY=VAL]... [-p PIDFILE] [-L FILE] [-c DEVICE] [-- COMMAND [ARG...]]",
	.help = "Start a container.\n\n"
		"  -f, --rcfile=FILE      configuration file\n"
		"  -d, --daemon           return once RUNNING, supervised by a monitor (default)\n"
		"  -F, --foreground       stay attached to the terminal until it stops\n"
		"  -s, --define KEY=VAL   set a configuration key (repeatable)\n"
		"  -p, --pidfile=FILE     write the monitor's pid to FILE\n"
		"  -C, --close-all-fds    close the fds inherited from the caller (else they are refused)\n"
		"  -L, --console-log=FILE log the console to FILE (lxc.console.logfile)\n"
		"  -c, --console=DEVICE   show the console on DEVICE (lxc.console.path)\n",
	.shortopts = "dFf:s:p:CL:c:",
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
	/* The container never gets them; a monitor would keep them open. */
	ret = lxc_check_inherited_fds(opt.close_all_fds);
	if (ret < 0) {
		tool_error_lib(&args, ret);
		return 1;
	}
	o.lxcpath = args.lxcpath;
	o.rcfile = args.rcfile;
	o.overrides = args.defines;
	o.daemonize = !opt.foreground;
	o.pidfile = opt.pidfile;
	ret = lxc_container_start(args.name, args.cmd, &o, &status);
	return start_exit_code(&args, ret, status);
}
