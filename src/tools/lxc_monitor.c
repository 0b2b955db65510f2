/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arguments.h"
#include "lxc.h"

static const struct tool_spec spec = {
	.usage = "[-n REGEX] [-P PATH]",
	.help = "Print each state change of the containers whose names match REGEX.\n",
	.name_optional = true,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	struct lxc_monitor *mon;
	char pattern[512];
	regex_t re;
	int ret;

	args_parse(&args, &spec, argc, argv);
	snprintf(pattern, sizeof(pattern), "^(%s)$", args.name ? args.name : ".*");
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
		tool_error(&args, "invalid regular expression \"%s\"", args.name);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mon = lxc_monitor_open(args.lxcpath);
	if (!mon) {
		tool_error_lib(&args, -errno);
		return 1;
	}
	args.name = NULL;
	for (;;) {
		char name[NAME_MAX + 1];
		lxc_state_t state;

		ret = lxc_monitor_next(mon, -1, name, sizeof(name), &state);
		if (ret < 0) {
			tool_error_lib(&args, ret);
			break;
		}
		if (ret > 0 && regexec(&re, name, 0, NULL, 0) == 0)
			printf("'%s' changed state to [%s]\n", name, lxc_state_name(state));
	}
	lxc_monitor_close(mon);
	regfree(&re);
	return 1;
}
