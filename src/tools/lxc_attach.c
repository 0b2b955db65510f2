/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arguments.h"
#include "lxc.h"

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

enum { OPT_CLEAR_ENV = 0x2000, OPT_KEEP_ENV, OPT_KEEP_VAR };

static struct lxc_attach_options o = { .uid = (uid_t)-1, .gid = (gid_t)-1 };
static const char *vars[257], *keep[257];
static size_t nvars, nkeep;

static const struct option longopts[] = {
	{ "elevated-privileges", optional_argument, NULL, 'e' },
	{ "namespaces", required_argument, NULL, 's' },
	{ "clear-env", no_argument, NULL, OPT_CLEAR_ENV },
	{ "keep-env", no_argument, NULL, OPT_KEEP_ENV },
	{ "set-var", required_argument, NULL, 'v' },
	{ "keep-var", required_argument, NULL, OPT_KEEP_VAR },
	{ "uid", required_argument, NULL, 'u' },
	{ "gid", required_argument, NULL, 'g' },
	{ NULL, 0, NULL, 0 },
};

/* "A|B|C" against a table of names; 0 or -1. */
static int parse_flags(const char *arg, const char *const *names, const int *values, size_t n, int *out)
{
	char *copy = strdup(arg), *save = NULL;
	int flags = 0;

	if (!copy)
		return -1;
	for (char *w = strtok_r(copy, "|,", &save); w; w = strtok_r(NULL, "|,", &save)) {
		size_t i;

		for (i = 0; i < n; i++)
			if (strcasecmp(w, names[i]) == 0)
				break;
		if (i == n) {
			free(copy);
			return -1;
		}
		flags |= values[i];
	}
	free(copy);
	*out = flags;
	return flags ? 0 : -1;
}

static int parse_id(const char *arg, unsigned int *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (!*arg || *end || v >= 0xffffffffUL)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int parse(struct lxc_args *args, int c, const char *arg)
{
	static const char *const ns_names[] = { "MOUNT", "PID", "UTSNAME", "IPC", "USER",
						"NETWORK", "CGROUP", "TIME" };
	static const int ns_values[] = { CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUTS, CLONE_NEWIPC,
					 CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWTIME };
	static const char *const priv_names[] = { "CGROUP", "CAP", "LSM" };
	static const int priv_values[] = { LXC_ATTACH_ELEVATE_CGROUP, LXC_ATTACH_ELEVATE_CAPS,
					   LXC_ATTACH_ELEVATE_LSM };
	unsigned int id;
	int flags;

	switch (c) {
	case 'e':
		if (!arg) {
			o.elevated = LXC_ATTACH_ELEVATE_CGROUP | LXC_ATTACH_ELEVATE_CAPS | LXC_ATTACH_ELEVATE_LSM;
			return 0;
		}
		if (parse_flags(arg, priv_names, priv_values, 3, &flags) < 0)
			return -1;
		o.elevated = (unsigned int)flags;
		return 0;
	case 's':
		if (parse_flags(arg, ns_names, ns_values, 8, &flags) < 0)
			return -1;
		o.namespaces = flags;
		return 0;
	case OPT_CLEAR_ENV:
		o.keep_env = false;
		return 0;
	case OPT_KEEP_ENV:
		o.keep_env = true;
		return 0;
	case 'v':
		if (!strchr(arg, '=') || arg[0] == '=' || nvars + 1 >= sizeof(vars) / sizeof(vars[0]))
			return -1;
		vars[nvars++] = arg;
		return 0;
	case OPT_KEEP_VAR:
		if (!*arg || strchr(arg, '=') || nkeep + 1 >= sizeof(keep) / sizeof(keep[0]))
			return -1;
		keep[nkeep++] = arg;
		return 0;
	case 'u':
		if (parse_id(arg, &id) < 0)
			return -1;
		o.uid = id;
		return 0;
	case 'g':
		if (parse_id(arg, &id) < 0)
			return -1;
		o.gid = id;
		return 0;
	}
	return -1;
}

static const struct tool_spec spec = {
	.usage = "-n NAME [--clear-env|--keep-env] [-v VAR=VAL]... [--keep-var VAR]... [-u UID] [-g GID]\n"
		 "                  [-s NAMESPACES] [-e[PRIVILEGES]] [-- COMMAND [ARG...]]",
	.help = "Run a command (default: the user's shell) in a running container.\n\n"
		"      --clear-env        a clean environment: PATH, HOME, USER, LOGNAME, TERM,\n"
		"                         container=lxc and lxc.environment (default)\n"
		"      --keep-env         the caller's environment (plus container=lxc)\n"
		"  -v, --set-var=VAR=VAL  set a variable (repeatable)\n"
		"      --keep-var=VAR     keep a variable of the caller's (repeatable)\n"
		"  -u, --uid=UID          run as UID in the container (default: lxc.init.uid, else 0)\n"
		"  -g, --gid=GID          run as GID in the container (default: lxc.init.gid, else 0)\n"
		"  -s, --namespaces=LIST  join only these: MOUNT|PID|UTSNAME|IPC|USER|NETWORK|CGROUP|TIME\n"
		"  -e, --elevated-privileges[=LIST]\n"
		"                         keep what the container gives up: CGROUP|CAP|LSM (default: all)\n\n"
		"Exit status: the command's (128+N when killed by signal N, 126/127 when it cannot\n"
		"be executed / is not found), 1 when attaching failed.\n",
	.shortopts = "e::s:v:u:g:",
	.longopts = longopts,
	.parse = parse,
	.takes_command = true,
};

int main(int argc, char *argv[])
{
	struct lxc_args args = { 0 };
	int status = 1, ret;

	/* Our process is seen in the container before it execs: run from a
	 * copy of the binary that it cannot write (CVE-2019-5736). */
	ret = lxc_exe_protect(argv);
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", argv[0], lxc_last_error());
		return 1;
	}
	args_parse(&args, &spec, argc, argv);
	o.lxcpath = args.lxcpath;
	o.extra_env = vars;
	o.keep_vars = keep;
	ret = lxc_container_attach(args.name, args.cmd, &o, &status);
	if (ret == 0)
		return status;
	tool_error_lib(&args, ret);
	return status == 126 || status == 127 ? status : 1;
}
