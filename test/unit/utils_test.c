/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pure helpers of utils.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utils.h"

#define UNIT_SUITE "utils"
#include "unit.h"

static void test_signal_parse_names(void)
{
	CHECK_INT(signal_parse("SIGPWR"), SIGPWR);
	CHECK_INT(signal_parse("PWR"), SIGPWR);
	CHECK_INT(signal_parse("SIGTERM"), SIGTERM);
	CHECK_INT(signal_parse("TERM"), SIGTERM);
	CHECK_INT(signal_parse("SIGKILL"), SIGKILL);
	CHECK_INT(signal_parse("HUP"), SIGHUP);
	CHECK_INT(signal_parse("SIGUSR1"), SIGUSR1);
}

static void test_signal_parse_numbers(void)
{
	CHECK_INT(signal_parse("30"), 30);
	CHECK_INT(signal_parse("15"), SIGTERM);
	CHECK_INT(signal_parse("1"), 1);
	CHECK_INT(signal_parse("0"), -EINVAL);
	CHECK_INT(signal_parse("-1"), -EINVAL);
	CHECK_INT(signal_parse("65"), -EINVAL);
	CHECK_INT(signal_parse("15x"), -EINVAL);
	CHECK_INT(signal_parse("99999999999999999999"), -EINVAL);
}

static void test_signal_parse_realtime(void)
{
	CHECK_INT(signal_parse("SIGRTMIN+3"), SIGRTMIN + 3);
	CHECK_INT(signal_parse("RTMIN+3"), SIGRTMIN + 3);
	CHECK_INT(signal_parse("SIGRTMIN"), SIGRTMIN);
	CHECK_INT(signal_parse("SIGRTMAX"), SIGRTMAX);
	CHECK_INT(signal_parse("SIGRTMAX-1"), SIGRTMAX - 1);
	CHECK_INT(signal_parse("SIGRTMIN+1000"), -EINVAL);
	CHECK_INT(signal_parse("SIGRTMIN-1"), -EINVAL);
}

static void test_signal_parse_invalid(void)
{
	CHECK_INT(signal_parse(""), -EINVAL);
	CHECK_INT(signal_parse("SIG"), -EINVAL);
	CHECK_INT(signal_parse("SIGFOO"), -EINVAL);
	CHECK_INT(signal_parse("FOO"), -EINVAL);
	CHECK_INT(signal_parse("SIGTERMX"), -EINVAL);
	CHECK_INT(signal_parse(" SIGTERM"), -EINVAL);
}

static void test_signal_name(void)
{
	char buf[32];

	CHECK_STR(signal_name(SIGTERM, buf, sizeof(buf)), "SIGTERM");
	CHECK_STR(signal_name(SIGPWR, buf, sizeof(buf)), "SIGPWR");
	CHECK_STR(signal_name(SIGKILL, buf, sizeof(buf)), "SIGKILL");
	CHECK_STR(signal_name(SIGRTMIN + 3, buf, sizeof(buf)), "SIGRTMIN+3");
}

static void test_signal_round_trip(void)
{
	char buf[32];

	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		const char *name = signal_name(sig, buf, sizeof(buf));

		CHECK(name != NULL);
		if (signal_parse(name) != sig)
			unit_fail(__FILE__, __LINE__, "signal_parse(signal_name(%d)) = %d (name \"%s\")",
				  sig, signal_parse(name), name);
	}
}

static void test_strv(void)
{
	char **v = NULL;
	char *s;

	CHECK_INT(strv_len(NULL), 0);
	CHECK_INT(strv_append(&v, "a"), 0);
	CHECK_INT(strv_append(&v, "b c"), 0);
	CHECK_INT(strv_append(&v, ""), 0);
	CHECK_INT(strv_len(v), 3);
	CHECK_STR(v[0], "a");
	CHECK_STR(v[1], "b c");
	CHECK_STR(v[2], "");
	CHECK(v[3] == NULL);
	s = strv_join(v, ", ");
	CHECK_STR(s, "a, b c, ");
	free(s);
	strv_free(v);
	strv_free(NULL);
}

static void test_strv_join_empty(void)
{
	char *empty[] = { NULL };
	char *one[] = { "x", NULL };
	char *s;

	s = strv_join(NULL, ",");
	CHECK_STR(s, "");
	free(s);
	s = strv_join(empty, ",");
	CHECK_STR(s, "");
	free(s);
	s = strv_join(one, ",");
	CHECK_STR(s, "x");
	free(s);
}

static void test_strv_split(void)
{
	char **v;

	v = strv_split("  a,, b ,c", " ,");
	CHECK(v != NULL);
	CHECK_INT(strv_len(v), 3);
	CHECK_STR(v[0], "a");
	CHECK_STR(v[1], "b");
	CHECK_STR(v[2], "c");
	strv_free(v);

	v = strv_split("", " ");
	CHECK(v != NULL);
	CHECK_INT(strv_len(v), 0);
	strv_free(v);

	v = strv_split(" \t ", " \t");
	CHECK(v != NULL);
	CHECK_INT(strv_len(v), 0);
	strv_free(v);

	v = strv_split("one", " ");
	CHECK(v != NULL);
	CHECK_INT(strv_len(v), 1);
	CHECK_STR(v[0], "one");
	strv_free(v);
}

static void test_trim(void)
{
	char a[] = "  a b \t\n";
	char b[] = "";
	char c[] = " \t ";
	char d[] = "x";
	char e[] = "\tx y\r\n";

	CHECK_STR(trim(a), "a b");
	CHECK_STR(trim(b), "");
	CHECK_STR(trim(c), "");
	CHECK_STR(trim(d), "x");
	CHECK_STR(trim(e), "x y");
}

static void test_parse_int(void)
{
	int v = 99;

	CHECK_INT(parse_int("42", &v), 0);
	CHECK_INT(v, 42);
	CHECK_INT(parse_int("-7", &v), 0);
	CHECK_INT(parse_int("0", &v), 0);
	CHECK_INT(v, 0);
	CHECK_INT(parse_int("2147483647", &v), 0);
	CHECK_INT(v, 2147483647);
	CHECK_INT(parse_int("-2147483648", &v), 0);
	CHECK_INT(v, -2147483647 - 1);

	v = 5;
	CHECK(parse_int("", &v) < 0);
	CHECK(parse_int("12a", &v) < 0);
	CHECK(parse_int("a", &v) < 0);
	CHECK(parse_int("2147483648", &v) < 0);
	CHECK(parse_int("-2147483649", &v) < 0);
	CHECK(parse_int("99999999999999999999", &v) < 0);
	/* Out-parameters are untouched on failure. */
	CHECK_INT(v, 5);
}

static void test_parse_uint(void)
{
	unsigned int v = 99;

	CHECK_INT(parse_uint("0", &v), 0);
	CHECK_INT(v, 0);
	CHECK_INT(parse_uint("4294967295", &v), 0);
	CHECK_INT(v, 4294967295u);
	CHECK_INT(parse_uint("1000", &v), 0);
	CHECK_INT(v, 1000);

	v = 5;
	CHECK(parse_uint("4294967296", &v) < 0);
	CHECK(parse_uint("-1", &v) < 0);
	CHECK(parse_uint("", &v) < 0);
	CHECK(parse_uint("abc", &v) < 0);
	CHECK(parse_uint("1 ", &v) < 0);
	CHECK_INT(v, 5);
}

static void test_parse_bool(void)
{
	bool b = false;

	CHECK_INT(parse_bool("1", &b), 0);
	CHECK(b);
	CHECK_INT(parse_bool("0", &b), 0);
	CHECK(!b);
	CHECK_INT(parse_bool("true", &b), 0);
	CHECK(b);
	CHECK_INT(parse_bool("false", &b), 0);
	CHECK(!b);
	CHECK_INT(parse_bool("yes", &b), 0);
	CHECK(b);
	CHECK_INT(parse_bool("no", &b), 0);
	CHECK(!b);

	b = true;
	CHECK(parse_bool("2", &b) < 0);
	CHECK(parse_bool("", &b) < 0);
	CHECK(parse_bool("maybe", &b) < 0);
	CHECK(b);
}

static void test_name_is_valid(void)
{
	char name[256];

	CHECK(name_is_valid("web"));
	CHECK(name_is_valid("a.b-c_d"));
	CHECK(name_is_valid("..."));
	CHECK(name_is_valid(".hidden"));
	CHECK(!name_is_valid(NULL));
	CHECK(!name_is_valid(""));
	CHECK(!name_is_valid("a/b"));
	CHECK(!name_is_valid("/"));
	CHECK(!name_is_valid("."));
	CHECK(!name_is_valid(".."));
	CHECK(!name_is_valid("a\nb"));

	memset(name, 'x', sizeof(name));
	name[199] = '\0';
	CHECK(name_is_valid(name));
	name[199] = 'x';
	name[200] = '\0';
	CHECK(!name_is_valid(name));
}

static void test_fnv1a64(void)
{
	/* The FNV-1a test vectors. */
	CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
	CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
	CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
	/* Bytes are unsigned. */
	CHECK(fnv1a64("\xff") == ((0xcbf29ce484222325ULL ^ 0xffULL) * 0x100000001b3ULL));
}

static void test_mkdir_p(void)
{
	char path[PATH_MAX], file[PATH_MAX];
	struct stat st;

	unit_path(path, sizeof(path), "a/b/c");
	CHECK_INT(mkdir_p(path, 0755), 0);
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
	/* Existing directories are fine. */
	CHECK_INT(mkdir_p(path, 0755), 0);
	unit_path(path, sizeof(path), "a/b/c/");
	CHECK_INT(mkdir_p(path, 0755), 0);

	unit_write(file, sizeof(file), "f", "x");
	unit_path(path, sizeof(path), "f/sub");
	CHECK_INT(mkdir_p(path, 0755), -ENOTDIR);
}

static void test_write_file_atomic(void)
{
	char path[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	struct stat st;
	int n = 0;
	DIR *dir;
	struct dirent *de;

	unit_path(path, sizeof(path), "state");
	CHECK_INT(write_file_atomic(path, "one\n", 4, 0640), 0);
	CHECK_INT(read_file(path, &text, &len), 0);
	CHECK_STR(text, "one\n");
	CHECK_INT(len, 4);
	free(text);
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0640 & ~(unsigned)umask(022));

	/* Replacing keeps nothing of the old content. */
	CHECK_INT(write_file_atomic(path, "2", 1, 0640), 0);
	CHECK_INT(read_file(path, &text, &len), 0);
	CHECK_STR(text, "2");
	free(text);

	/* No temporary file is left behind. */
	dir = opendir(unit_tmp);
	CHECK(dir != NULL);
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	CHECK_INT(n, 1);

	unit_path(path, sizeof(path), "nodir/state");
	CHECK(write_file_atomic(path, "x", 1, 0644) < 0);
}

static void test_read_write_file(void)
{
	char path[PATH_MAX];
	char *text = NULL;

	unit_path(path, sizeof(path), "missing");
	/* write_file does not create. */
	CHECK_INT(write_file(path, "x", 1), -ENOENT);
	CHECK_INT(read_file(path, &text, NULL), -ENOENT);
	CHECK(text == NULL);

	unit_write(path, sizeof(path), "f", "old content");
	CHECK_INT(write_file(path, "new", 3), 0);
	CHECK_INT(read_file(path, &text, NULL), 0);
	CHECK_STR(text, "new");
	free(text);

	unit_write(path, sizeof(path), "empty", "");
	CHECK_INT(read_file(path, &text, NULL), 0);
	CHECK_STR(text, "");
	free(text);
}

static void test_read_file_large(void)
{
	char path[PATH_MAX];
	char *big = malloc(100001), *text = NULL;
	size_t len = 0;

	CHECK(big != NULL);
	memset(big, 'y', 100000);
	big[100000] = '\0';
	unit_write(path, sizeof(path), "big", big);
	CHECK_INT(read_file(path, &text, &len), 0);
	CHECK_INT(len, 100000);
	CHECK_INT(strlen(text), 100000);
	free(text);
	free(big);
}

static void test_must_sprintf(void)
{
	char *s = must_sprintf("%s-%d", "a", 7);

	CHECK_STR(s, "a-7");
	free(s);
}

int main(void)
{
	RUN("signal-parse-names", test_signal_parse_names);
	RUN("signal-parse-numbers", test_signal_parse_numbers);
	RUN("signal-parse-realtime", test_signal_parse_realtime);
	RUN("signal-parse-invalid", test_signal_parse_invalid);
	RUN("signal-name", test_signal_name);
	RUN("signal-round-trip", test_signal_round_trip);
	RUN("strv", test_strv);
	RUN("strv-join-empty", test_strv_join_empty);
	RUN("strv-split", test_strv_split);
	RUN("trim", test_trim);
	RUN("parse-int", test_parse_int);
	RUN("parse-uint", test_parse_uint);
	RUN("parse-bool", test_parse_bool);
	RUN("name-is-valid", test_name_is_valid);
	RUN("fnv1a64", test_fnv1a64);
	RUN("mkdir-p", test_mkdir_p);
	RUN("write-file-atomic", test_write_file_atomic);
	RUN("read-write-file", test_read_write_file);
	RUN("read-file-large", test_read_file_large);
	RUN("must-sprintf", test_must_sprintf);
	return unit_done();
}
