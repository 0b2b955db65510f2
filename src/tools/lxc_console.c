/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arguments.h"
#include "lxc.h"

static struct {
	int ttynum;
	char escape;
} opt = { .ttynum = -1, .escape = 'a' };

static const struct option longopts[] = {
	{ "tty", required_argument, NULL, 't' },
	{ "escape", required_argument, NULL, 'e' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	char *end;
	long v;

	switch (c) {
	case 't':
		v = strtol(arg, &end, 10);
		if (*arg == '\0' || *end || v < 0 || v > 100000)
			return -1;
		opt.ttynum = (int)v;
		return 0;
	case 'e':
		/* A letter, or ^LETTER: the escape is Ctrl and that letter. */
		if (arg[0] == '^')
			arg++;
		if (!isalpha((unsigned char)arg[0]) || arg[1])
			return -1;
		opt.escape = (char)tolower((unsigned char)arg[0]);
		return 0;
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME [-t TTY] [-e ESCAPE]",
	.help = "Connect to a tty of a running container.\n\n"
		"  -t, --tty=N            the tty (0: the console; default: the first free tty,\n"
		"                         or the console when the container has no ttys)\n"
		"  -e, --escape=LETTER    Ctrl+LETTER then q detaches (default: a)\n\n"
		"Exit status: 0 detached or the container stopped, 1 error.\n",
	.shortopts = "t:e:",
	.longopts = longopts,
	.parse = parse,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	struct lxc_console *c;
	int ret;

	args_parse(&args, &spec, argc, argv);
	c = lxc_container_console_open(args.name, args.lxcpath, opt.ttynum);
	if (!c) {
		tool_error_lib(&args, -errno);
		return 1;
	}
	fprintf(stderr, "\nConnected to tty %d\nType <Ctrl+%c q> to exit the console, <Ctrl+%c Ctrl+%c> to enter Ctrl+%c itself\n",
		lxc_console_tty(c), opt.escape, opt.escape, opt.escape, opt.escape);
	ret = lxc_console_run(c, STDIN_FILENO, STDOUT_FILENO, opt.escape & 0x1f);
	lxc_console_close(c);
	if (ret < 0) {
		tool_error_lib(&args, ret);
		return 1;
	}
	return 0;
}
