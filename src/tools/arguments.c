/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arguments.h"
#include "lxc.h"

enum { OPT_RCFILE = 0x1000, OPT_VERSION };

static const struct option common_long[] = {
	{ "name", required_argument, NULL, 'n' },
	{ "lxcpath", required_argument, NULL, 'P' },
	{ "logfile", required_argument, NULL, 'o' },
	{ "logpriority", required_argument, NULL, 'l' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rcfile", required_argument, NULL, OPT_RCFILE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
};

static void usage(const struct lxc_args *args, const struct tool_spec *spec, FILE *out)
{
	fprintf(out, "Usage: %s %s\n\n", args->progname, spec->usage);
	if (spec->help && *spec->help)
		fprintf(out, "%s\n", spec->help);
	fprintf(out,
		"Common options:\n"
		"  -n, --name=NAME        container name\n"
		"  -P, --lxcpath=PATH     container path (default: %s)\n"
		"  -o, --logfile=FILE     append log messages to FILE\n"
		"  -l, --logpriority=LVL  log level: TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, ...\n"
		"  -q, --quiet            print no error message\n"
		"      --rcfile=FILE      use FILE as the container's configuration\n"
		"  -h, --help             print this help\n"
		"      --version          print the version\n",
		lxc_default_lxcpath());
}

void args_parse(struct lxc_args *args, const struct tool_spec *spec, int argc, char *argv[])
{
	struct option longopts[64];
	char shortopts[128];
	size_t n = 0;
	const char *slash = strrchr(argv[0], '/');

	args->progname = slash ? slash + 1 : argv[0];
	for (size_t i = 0; i < sizeof(common_long) / sizeof(common_long[0]); i++)
		longopts[n++] = common_long[i];
	for (const struct option *o = spec->longopts; o && o->name && n < 63; o++)
		longopts[n++] = *o;
	memset(&longopts[n], 0, sizeof(longopts[n]));
	snprintf(shortopts, sizeof(shortopts), "+n:P:o:l:qh%s", spec->shortopts ? spec->shortopts : "");

	opterr = 0;
	for (;;) {
		int opt = getopt_long(argc, argv, shortopts, longopts, NULL);

		if (opt == -1)
			break;
		switch (opt) {
		case 'n':
			args->name = optarg;
			break;
		case 'P':
			args->lxcpath = optarg;
			break;
		case 'o':
			args->logfile = optarg;
			break;
		case 'l':
			args->loglevel = optarg;
			break;
		case 'q':
			args->quiet = true;
			break;
		case OPT_RCFILE:
			args->rcfile = optarg;
			break;
		case 'h':
			usage(args, spec, stdout);
			exit(0);
		case OPT_VERSION:
			printf("%s\n", lxc_version());
			exit(0);
		case '?':
		case ':':
			if (optopt)
				fprintf(stderr, "%s: invalid option -%c (see --help)\n", args->progname, optopt);
			else
				fprintf(stderr, "%s: invalid option \"%s\" (see --help)\n", args->progname,
					argv[optind - 1]);
			exit(1);
		default:
			if (!spec->parse || spec->parse(args, opt, optarg) < 0) {
				fprintf(stderr, "%s: invalid value \"%s\" for option -%c\n",
					args->progname, optarg ? optarg : "", opt);
				exit(1);
			}
		}
	}
	if (optind < argc) {
		if (!spec->takes_command) {
			fprintf(stderr, "%s: unexpected argument \"%s\" (see --help)\n", args->progname,
				argv[optind]);
			exit(1);
		}
		args->cmd = &argv[optind];
	}
	if (!args->name && !spec->name_optional) {
		fprintf(stderr, "%s: missing container name, use -n NAME (see --help)\n", args->progname);
		exit(1);
	}
	if (lxc_log_setup(args->progname, args->name, args->logfile, args->loglevel) < 0) {
		fprintf(stderr, "%s: %s\n", args->progname, lxc_last_error());
		exit(1);
	}
}

void tool_error(const struct lxc_args *args, const char *fmt, ...)
{
	va_list ap;

	if (args->quiet)
		return;
	if (args->name) {
		/* One line, whatever the name holds. */
		fprintf(stderr, "%s: ", args->progname);
		for (const char *c = args->name; *c; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				fprintf(stderr, "\\x%02x", (unsigned char)*c);
			else
				fputc(*c, stderr);
		}
		fputs(": ", stderr);
	} else
		fprintf(stderr, "%s: ", args->progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void tool_error_lib(const struct lxc_args *args, int err)
{
	const char *cause = lxc_last_error();

	tool_error(args, "%s", cause && *cause ? cause : strerror(err < 0 ? -err : err));
}

int start_exit_code(const struct lxc_args *args, int ret, int status)
{
	if (ret == 0)
		return status;
	tool_error_lib(args, ret);
	if (ret == -EBUSY)
		return 2;
	if (status == 126 || status == 127)
		return status;
	return 1;
}

int args_add_define(struct lxc_args *args, const char *kv)
{
	if (args->ndefines + 1 >= sizeof(args->defines) / sizeof(args->defines[0]))
		return -1;
	args->defines[args->ndefines++] = kv;
	return 0;
}

int args_parse_seconds(const char *arg, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *arg == '\0' || *end || v < -1 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

int tool_exit(const struct lxc_args *args, int ret, int err2)
{
	if (ret == 0)
		return 0;
	tool_error_lib(args, ret);
	return ret == err2 ? 2 : 1;
}
