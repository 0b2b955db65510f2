/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A tiny unit test harness.  A test program defines UNIT_SUITE, includes
 * this header, writes cases as functions and runs them from main():
 *
 *	#define UNIT_SUITE "utils"
 *	#include "unit.h"
 *
 *	static void test_trim(void)
 *	{
 *		char s[] = " a ";
 *		CHECK_STR(trim(s), "a");
 *	}
 *
 *	int main(void)
 *	{
 *		RUN("trim", test_trim);
 *		return unit_done();
 *	}
 *
 * Each case runs in a child process, so that a crash, a hang (10 s alarm)
 * or global state cannot spill into the next one, with a fresh scratch
 * directory in unit_tmp.  It prints one line: "ok SUITE/NAME", or
 * "FAIL SUITE/NAME: FILE:LINE EXPR" for the first failed check.  Cases whose
 * name does not contain one of the lines of $LXC_TEST_FILTER are not run.
 */
#ifndef LXC_TEST_UNIT_H
#define LXC_TEST_UNIT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef UNIT_SUITE
#error "define UNIT_SUITE before including unit.h"
#endif

#define UNIT_TIMEOUT 10

static const char *unit_name;
static char unit_tmp[PATH_MAX];
static int unit_failed;

/* Print s on one line: control characters escaped. */
static inline void unit_print_escaped(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

__attribute__((format(printf, 3, 4), noreturn))
static inline void unit_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("FAIL %s/%s: %s:%d ", UNIT_SUITE, unit_name, file, line);
	unit_print_escaped(msg);
	putchar('\n');
	fflush(stdout);
	_exit(1);
}

#define CHECK(expr)                                                  \
	do {                                                         \
		if (!(expr))                                         \
			unit_fail(__FILE__, __LINE__, "%s", #expr);  \
	} while (0)

#define CHECK_INT(a, b)                                                          \
	do {                                                                     \
		long long _a = (long long)(a), _b = (long long)(b);              \
		if (_a != _b)                                                    \
			unit_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", \
				  #a, #b, _a, _b);                               \
	} while (0)

#define CHECK_STR(a, b)                                                           \
	do {                                                                      \
		const char *_a = (a), *_b = (b);                                  \
		if (!_a || !_b || strcmp(_a, _b) != 0)                            \
			unit_fail(__FILE__, __LINE__,                             \
				  "%s == %s (\"%s\" != \"%s\")", #a, #b,          \
				  _a ? _a : "(null)", _b ? _b : "(null)");        \
	} while (0)

/* a contains the substring b. */
#define CHECK_CONTAINS(a, b)                                                       \
	do {                                                                       \
		const char *_a = (a), *_b = (b);                                   \
		if (!_a || !strstr(_a, _b))                                        \
			unit_fail(__FILE__, __LINE__,                              \
				  "%s contains %s (\"%s\" lacks \"%s\")", #a, #b,  \
				  _a ? _a : "(null)", _b);                         \
	} while (0)

static inline bool unit_selected(const char *name)
{
	const char *filter = getenv("LXC_TEST_FILTER");
	char full[512], *copy, *line, *save = NULL;
	bool found = false;

	if (!filter || !*filter)
		return true;
	snprintf(full, sizeof(full), "%s/%s", UNIT_SUITE, name);
	copy = strdup(filter);
	if (!copy)
		return true;
	for (line = strtok_r(copy, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save))
		found = strstr(full, line) != NULL;
	free(copy);
	return found;
}

static inline int unit_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static inline void unit_run(const char *name, void (*fn)(void))
{
	int status;
	pid_t pid;

	if (!unit_selected(name))
		return;
	unit_name = name;
	snprintf(unit_tmp, sizeof(unit_tmp), "%s/lxc-unit.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(unit_tmp)) {
		printf("FAIL %s/%s: mkdtemp: %m\n", UNIT_SUITE, name);
		unit_failed++;
		return;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		printf("FAIL %s/%s: fork: %m\n", UNIT_SUITE, name);
		unit_failed++;
		return;
	}
	if (pid == 0) {
		alarm(UNIT_TIMEOUT);
		fn();
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	nftw(unit_tmp, unit_rm, 16, FTW_DEPTH | FTW_PHYS);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok %s/%s\n", UNIT_SUITE, name);
	} else {
		unit_failed++;
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			printf("FAIL %s/%s: timed out after %d s\n", UNIT_SUITE, name, UNIT_TIMEOUT);
		else if (WIFSIGNALED(status))
			printf("FAIL %s/%s: killed by signal %d (%s)\n", UNIT_SUITE, name,
			       WTERMSIG(status), strsignal(WTERMSIG(status)));
		else if (WEXITSTATUS(status) != 1)
			printf("FAIL %s/%s: exited with status %d\n", UNIT_SUITE, name,
			       WEXITSTATUS(status));
		/* status 1: the child printed its FAIL line. */
	}
	fflush(stdout);
}

#define RUN(name, fn) unit_run(name, fn)

/* The exit status of the test program. */
static inline int unit_done(void)
{
	return unit_failed ? 1 : 0;
}

/* snprintf into buf, failing the case on truncation. */
#define unit_format(buf, size, ...)                                             \
	do {                                                                    \
		int _n = snprintf((buf), (size), __VA_ARGS__);                  \
		if (_n < 0 || (size_t)_n >= (size_t)(size))                     \
			unit_fail(__FILE__, __LINE__, "snprintf: truncated");   \
	} while (0)

/* A path below the case's scratch directory, in buf. */
static inline char *unit_path(char *buf, size_t size, const char *name)
{
	unit_format(buf, size, "%s/%s", unit_tmp, name);
	return buf;
}

/* Write a file below unit_tmp; returns its path in buf. */
static inline const char *unit_write(char *buf, size_t size, const char *name,
				     const char *text)
{
	FILE *f;

	unit_path(buf, size, name);
	f = fopen(buf, "we");
	if (!f)
		unit_fail(__FILE__, __LINE__, "fopen \"%s\": %m", buf);
	fputs(text, f);
	fclose(f);
	return buf;
}

#endif
