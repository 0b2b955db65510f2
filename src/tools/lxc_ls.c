/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "arguments.h"
#include "lxc.h"

enum { OPT_RUNNING = 0x3000, OPT_STOPPED, OPT_ACTIVE, OPT_FROZEN, OPT_DEFINED, OPT_FILTER };

enum column { COL_NAME, COL_STATE, COL_PID, COL_AUTOSTART, COL_GROUPS, COL_IPV4, COL_IPV6,
	      COL_UNPRIVILEGED, COL_MAX };

static const char *const column_names[COL_MAX] = {
	"NAME", "STATE", "PID", "AUTOSTART", "GROUPS", "IPV4", "IPV6", "UNPRIVILEGED",
};

static struct {
	bool one, fancy, defined;
	unsigned int states;	/* bit per lxc_state_t; 0: all */
	bool active;
	const char *filter;
	const char *groups;
	enum column cols[COL_MAX];
	size_t ncols;
} opt;

static const struct option longopts[] = {
	{ "line", no_argument, NULL, '1' },
	{ "fancy", no_argument, NULL, 'f' },
	{ "fancy-format", required_argument, NULL, 'F' },
	{ "groups", required_argument, NULL, 'g' },
	{ "running", no_argument, NULL, OPT_RUNNING },
	{ "stopped", no_argument, NULL, OPT_STOPPED },
	{ "active", no_argument, NULL, OPT_ACTIVE },
	{ "frozen", no_argument, NULL, OPT_FROZEN },
	{ "defined", no_argument, NULL, OPT_DEFINED },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ NULL, 0, NULL, 0 },
};

static int parse_columns(const char *arg)
{
	char *copy = strdup(arg), *save = NULL;

	if (!copy)
		return -1;
	opt.ncols = 0;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < COL_MAX; i++)
			if (strcasecmp(w, column_names[i]) == 0)
				break;
		if (i == COL_MAX || opt.ncols >= COL_MAX) {
			free(copy);
			return -1;
		}
		opt.cols[opt.ncols++] = (enum column)i;
	}
	free(copy);
	return opt.ncols ? 0 : -1;
}

static int parse(struct lxc_args *args, int c, const char *arg)
{
	switch (c) {
	case '1':
		opt.one = true;
		return 0;
	case 'f':
		opt.fancy = true;
		return 0;
	case 'F':
		opt.fancy = true;
		return parse_columns(arg);
	case 'g':
		opt.groups = arg;
		return 0;
	case OPT_RUNNING:
		opt.states |= 1U << LXC_STATE_RUNNING;
		return 0;
	case OPT_STOPPED:
		opt.states |= 1U << LXC_STATE_STOPPED;
		return 0;
	case OPT_FROZEN:
		opt.states |= 1U << LXC_STATE_FROZEN;
		return 0;
	case OPT_ACTIVE:
		opt.active = true;
		return 0;
	case OPT_DEFINED:
		opt.defined = true;
		return 0;
	case OPT_FILTER:
		opt.filter = arg;
		return 0;
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "[-1] [-f] [-F COLUMNS] [--running|--stopped|--active|--frozen] [--defined]\n"
		 "              [-g GROUPS] [--filter REGEX] [REGEX]",
	.help = "List the containers of a container path.\n\n"
		"  -1, --line             one name per line\n"
		"  -f, --fancy            a table: NAME STATE AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED\n"
		"  -F, --fancy-format=C   the table's columns, from NAME, STATE, PID, AUTOSTART,\n"
		"                         GROUPS, IPV4, IPV6, UNPRIVILEGED (comma-separated)\n"
		"  -g, --groups=G1,G2     only containers in all these groups\n"
		"      --running          only running containers\n"
		"      --stopped          only stopped containers\n"
		"      --frozen           only frozen containers\n"
		"      --active           only containers that are not stopped\n"
		"      --defined          only containers with a configuration\n"
		"      --filter=REGEX     only names matching REGEX (also as an argument)\n",
	.shortopts = "1fF:g:",
	.longopts = longopts,
	.parse = parse,
	.name_optional = true,
	.takes_command = true,
};

static bool in_groups(const struct lxc_container_info *c)
{
	char *copy = strdup(opt.groups), *save = NULL;
	bool all = true;

	if (!copy)
		return false;
	for (char *g = strtok_r(copy, ",", &save); g && all; g = strtok_r(NULL, ",", &save)) {
		char *have = strdup(c->groups), *save2 = NULL;
		bool found = false;

		for (char *h = have ? strtok_r(have, ",", &save2) : NULL; h && !found;
		     h = strtok_r(NULL, ",", &save2))
			found = strcmp(h, g) == 0;
		free(have);
		all = found;
	}
	free(copy);
	return all;
}

static char *cell(const struct lxc_container_info *c, enum column col)
{
	char buf[32];
	const char *v = "";

	switch (col) {
	case COL_NAME:
		v = c->name;
		break;
	case COL_STATE:
		v = lxc_state_name(c->state);
		break;
	case COL_PID:
		if (c->pid > 0) {
			snprintf(buf, sizeof(buf), "%d", (int)c->pid);
			v = buf;
		}
		break;
	case COL_AUTOSTART:
		v = c->autostart ? "1" : "0";
		break;
	case COL_GROUPS:
		v = c->groups;
		break;
	case COL_IPV4:
		v = c->ipv4;
		break;
	case COL_IPV6:
		v = c->ipv6;
		break;
	case COL_UNPRIVILEGED:
		v = c->unprivileged ? "true" : "false";
		break;
	case COL_MAX:
		break;
	}
	/* As LXC prints them: "-" for nothing. */
	return strdup(v && *v ? v : "-");
}

static void print_table(struct lxc_container_info **rows, size_t n)
{
	size_t width[COL_MAX];

	for (size_t k = 0; k < opt.ncols; k++)
		width[k] = strlen(column_names[opt.cols[k]]);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < opt.ncols; k++) {
			char *v = cell(rows[i], opt.cols[k]);

			if (v && strlen(v) > width[k])
				width[k] = strlen(v);
			free(v);
		}
	for (size_t k = 0; k < opt.ncols; k++) {
		if (k + 1 < opt.ncols)
			printf("%-*s ", (int)width[k], column_names[opt.cols[k]]);
		else
			printf("%s", column_names[opt.cols[k]]);
	}
	putchar('\n');
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < opt.ncols; k++) {
			char *v = cell(rows[i], opt.cols[k]);

			if (k + 1 < opt.ncols)
				printf("%-*s ", (int)width[k], v ? v : "-");
			else
				printf("%s", v ? v : "-");
			free(v);
		}
		putchar('\n');
	}
}

/* Names in columns, as ls(1) does, within the terminal's width (else 80). */
static void print_names(struct lxc_container_info **rows, size_t n)
{
	struct winsize ws;
	size_t width = 0, term = 80, percol;

	if (opt.one) {
		for (size_t i = 0; i < n; i++)
			printf("%s\n", rows[i]->name);
		return;
	}
	if (n == 0)
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		term = ws.ws_col;
	for (size_t i = 0; i < n; i++)
		if (strlen(rows[i]->name) > width)
			width = strlen(rows[i]->name);
	width += 2;
	percol = term / width ? term / width : 1;
	for (size_t i = 0; i < n; i++) {
		bool last = (i + 1) % percol == 0 || i + 1 == n;

		if (last)
			printf("%s\n", rows[i]->name);
		else
			printf("%-*s", (int)width, rows[i]->name);
	}
}

int main(int argc, char *argv[])
{
	static const enum column dflt[] = { COL_NAME, COL_STATE, COL_AUTOSTART, COL_GROUPS,
					    COL_IPV4, COL_IPV6, COL_UNPRIVILEGED };
	struct lxc_args args = { 0 };
	struct lxc_container_info *list = NULL, **rows;
	unsigned int flags = 0;
	size_t n = 0, nrows = 0;
	regex_t re;
	int ret;

	args_parse(&args, &spec, argc, argv);
	if (args.cmd && args.cmd[0]) {
		if (opt.filter || args.cmd[1]) {
			fprintf(stderr, "%s: only one filter (see --help)\n", args.progname);
			return 1;
		}
		opt.filter = args.cmd[0];
	}
	if (opt.filter && regcomp(&re, opt.filter, REG_EXTENDED | REG_NOSUB) != 0) {
		tool_error(&args, "invalid regular expression \"%s\"", opt.filter);
		return 1;
	}
	if (opt.fancy && !opt.ncols) {
		memcpy(opt.cols, dflt, sizeof(dflt));
		opt.ncols = sizeof(dflt) / sizeof(dflt[0]);
	}
	/* Read only what is shown or filtered on. */
	for (size_t k = 0; k < opt.ncols; k++) {
		if (opt.cols[k] == COL_AUTOSTART || opt.cols[k] == COL_GROUPS ||
		    opt.cols[k] == COL_UNPRIVILEGED)
			flags |= LXC_LIST_DETAILS;
		if (opt.cols[k] == COL_IPV4 || opt.cols[k] == COL_IPV6)
			flags |= LXC_LIST_IPS;
	}
	if (opt.groups)
		flags |= LXC_LIST_DETAILS;
	ret = lxc_container_list(args.lxcpath, flags, &list, &n);
	if (ret < 0) {
		tool_error_lib(&args, ret);
		return 1;
	}
	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		lxc_container_list_free(list, n);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct lxc_container_info *c = &list[i];
		bool state_ok = (!opt.states && !opt.active) || (opt.states & (1U << c->state)) ||
				(opt.active && c->state != LXC_STATE_STOPPED);

		if (!state_ok || (opt.defined && !c->defined))
			continue;
		if (opt.filter && regexec(&re, c->name, 0, NULL, 0) != 0)
			continue;
		if (opt.groups && !in_groups(c))
			continue;
		rows[nrows++] = c;
	}
	if (opt.fancy)
		print_table(rows, nrows);
	else
		print_names(rows, nrows);
	if (opt.filter)
		regfree(&re);
	free(rows);
	lxc_container_list_free(list, n);
	return 0;
}
