/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_TOOLS_ARGUMENTS_H
#define LXC_TOOLS_ARGUMENTS_H

#include <getopt.h>
#include <stdbool.h>

/* What every tool parses: the common options of LXC's tools. */
struct lxc_args {
	const char *progname;
	const char *name;
	const char *lxcpath;
	const char *logfile;
	const char *loglevel;
	const char *rcfile;
	bool quiet;
	char **cmd;		/* after "--" (or the remaining arguments) */
	const char *defines[257];	/* -s KEY=VALUE, NULL-terminated */
	size_t ndefines;
};

/* Record -s KEY=VALUE (lxc-start, lxc-execute); -1 when there are too many. */
int args_add_define(struct lxc_args *args, const char *kv);

struct tool_spec {
	const char *usage;		/* "-n NAME [-k] ..." */
	const char *help;		/* the tool-specific options, one per line */
	const char *shortopts;		/* tool-specific getopt letters */
	const struct option *longopts;	/* tool-specific long options (may be NULL) */
	/* called for each tool-specific option; returns 0 or -1 (bad value) */
	int (*parse)(struct lxc_args *args, int opt, const char *arg);
	bool name_optional;
	bool takes_command;
};

/* Parse argv; on a usage error print it and exit 1; --help / --version exit 0. */
void args_parse(struct lxc_args *args, const struct tool_spec *spec, int argc, char *argv[]);

/* Print "PROG: NAME: MESSAGE" (unless -q). */
void tool_error(const struct lxc_args *args, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* tool_error with lxc_last_error(), or strerror(-err) if the library said nothing. */
void tool_error_lib(const struct lxc_args *args, int err);

#endif

/* A timeout option: whole seconds, -1 (forever) to max; 0 or -1 (bad value). */
int args_parse_seconds(const char *arg, long max, int *out);

/*
 * The exit code of a tool that acts on one container: 0 when ret is 0,
 * else the error line and 2 when ret is err2 (-ESRCH: not running), else 1.
 */
int tool_exit(const struct lxc_args *args, int ret, int err2);

/* lxc-start / lxc-execute: the exit code for lxc_container_start()'s result. */
int start_exit_code(const struct lxc_args *args, int ret, int status);
