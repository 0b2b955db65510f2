/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arguments.h"
#include "lxc.h"

static struct {
	const char *states;
	int timeout;
} opt = { .timeout = -1 };

static const struct option longopts[] = {
	{ "state", required_argument, NULL, 's' },
	{ "timeout", required_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lxc_args *args, int c, const char *arg)
{
	switch (c) {
	case 's':
		opt.states = arg;
		return 0;
	case 't':
		return args_parse_seconds(arg, 100000000, &opt.timeout);
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME -s STATES [-t TIMEOUT]",
	.help = "Wait until a container reaches one of STATES (e.g. 'RUNNING|STOPPED').\n\n"
		"  -s, --state=STATES     |-separated states\n"
		"  -t, --timeout=SECONDS  give up after SECONDS (default: wait forever)\n",
	.shortopts = "s:t:",
	.longopts = longopts,
	.parse = parse,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	unsigned int mask = 0;
	char *copy, *tok, *save = NULL;
	int ret;

	args_parse(&args, &spec, argc, argv);
	if (!opt.states) {
		tool_error(&args, "missing -s STATES");
		return 1;
	}
	copy = strdup(opt.states);
	for (tok = strtok_r(copy, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		int st = lxc_state_parse(tok);

		if (st < 0) {
			tool_error(&args, "invalid state \"%s\"", tok);
			free(copy);
			return 1;
		}
		mask |= 1u << st;
	}
	free(copy);
	if (!mask) {
		tool_error(&args, "invalid state list \"%s\"", opt.states);
		return 1;
	}
	ret = lxc_container_wait(args.name, args.lxcpath, mask,
				 opt.timeout < 0 ? -1 : opt.timeout * 1000);
	if (ret >= 0)
		return 0;
	tool_error_lib(&args, ret);
	return 1;
}
