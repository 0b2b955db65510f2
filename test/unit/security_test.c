/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Seccomp profiles (seccomp_profile.c): the parser, its errors, and
 * compiled filters loaded into a child; id maps (userns.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "seccomp_profile.h"
#include "userns.h"
#include "utils.h"

#define UNIT_SUITE "security"
#include "unit.h"

static struct seccomp_policy parse_ok(const char *text)
{
	struct seccomp_policy p;
	int ret = seccomp_profile_parse(text, "t.seccomp", &p);

	if (ret < 0)
		unit_fail(__FILE__, __LINE__, "profile rejected (%d): %s", ret, log_cause());
	return p;
}

/* The profile is rejected with a cause containing want. */
static void parse_bad(const char *text, const char *want)
{
	struct seccomp_policy p;

	log_reset_cause();
	if (seccomp_profile_parse(text, "t.seccomp", &p) != -EINVAL)
		unit_fail(__FILE__, __LINE__, "profile accepted: \"%s\"", text);
	CHECK_CONTAINS(log_cause(), want);
}

static void test_lxc_common(void)
{
	/* LXC's common.seccomp, comments and all. */
	struct seccomp_policy p = parse_ok("2\n"
					   "denylist\n"
					   "reject_force_umount  # comment this to allow umount -f;  not recommended\n"
					   "[all]\n"
					   "kexec_load errno 1\n"
					   "open_by_handle_at errno 1\n"
					   "init_module errno 1\n"
					   "finit_module errno 1\n"
					   "delete_module errno 1\n");

	CHECK_INT(p.version, 2);
	CHECK(!p.allowlist);
	CHECK(p.reject_force_umount);
	CHECK_INT(p.default_action.kind, SECCOMP_ACT_ALLOW);
	CHECK_INT(p.nrules, 5);
	CHECK_STR(p.rules[0].name, "kexec_load");
	CHECK_INT(p.rules[0].action.kind, SECCOMP_ACT_ERRNO);
	CHECK_INT(p.rules[0].action.err, 1);
	CHECK_INT(p.rules[0].arch, 0);
	CHECK_INT(p.rules[4].line, 9);
	seccomp_profile_free(&p);
}

static void test_actions_and_defaults(void)
{
	char buf[32];
	struct seccomp_policy p = parse_ok("2\nblacklist errno 38\nmkdir\nrmdir kill\nchdir trap\n"
					   "getpid allow\nioctl notify\nsync log\n");

	/* A denylist's own action is what a listed syscall gets by default. */
	CHECK_INT(p.default_action.kind, SECCOMP_ACT_ALLOW);
	CHECK_STR(seccomp_action_name(&p.rules[0].action, buf, sizeof(buf)), "errno 38");
	CHECK_STR(seccomp_action_name(&p.rules[1].action, buf, sizeof(buf)), "kill");
	CHECK_STR(seccomp_action_name(&p.rules[2].action, buf, sizeof(buf)), "trap");
	CHECK_STR(seccomp_action_name(&p.rules[3].action, buf, sizeof(buf)), "allow");
	CHECK_STR(seccomp_action_name(&p.rules[4].action, buf, sizeof(buf)), "notify");
	CHECK_STR(seccomp_action_name(&p.rules[5].action, buf, sizeof(buf)), "log");
	seccomp_profile_free(&p);

	/* An allowlist's action is for everything unlisted; its rules allow. */
	p = parse_ok("2\nwhitelist errno 1\nread\nwrite\n");
	CHECK(p.allowlist);
	CHECK_INT(p.default_action.kind, SECCOMP_ACT_ERRNO);
	CHECK_INT(p.default_action.err, 1);
	CHECK_INT(p.rules[0].action.kind, SECCOMP_ACT_ALLOW);
	seccomp_profile_free(&p);

	p = parse_ok("2\ndenylist\nmkdir\n");
	CHECK_INT(p.rules[0].action.kind, SECCOMP_ACT_KILL);
	seccomp_profile_free(&p);
}

static void test_arg_filters(void)
{
	struct seccomp_policy p = parse_ok("2\ndenylist\n"
					   "ioctl errno 1 [1,0x9400,SCMP_CMP_MASKED_EQ,0xff00]\n"
					   "mkdir errno 13 [1, 0700, ==] [0,0,!=]\n"
					   "kill errno 1 [1,-1,SCMP_CMP_EQ]\n"
					   "personality[0,8,>=]\n");

	CHECK_INT(p.rules[0].nargs, 1);
	CHECK_INT(p.rules[0].args[0].index, 1);
	CHECK_INT(p.rules[0].args[0].op, SCMP_CMP_MASKED_EQ);
	CHECK_INT(p.rules[0].args[0].value, 0x9400);
	CHECK_INT(p.rules[0].args[0].mask, 0xff00);
	CHECK_INT(p.rules[1].nargs, 2);
	CHECK_INT(p.rules[1].args[0].op, SCMP_CMP_EQ);
	CHECK_INT(p.rules[1].args[0].value, 0700);
	CHECK_INT(p.rules[1].args[1].op, SCMP_CMP_NE);
	CHECK(p.rules[2].args[0].value == UINT64_MAX);
	CHECK_STR(p.rules[3].name, "personality");
	CHECK_INT(p.rules[3].action.kind, SECCOMP_ACT_KILL);
	CHECK_INT(p.rules[3].args[0].op, SCMP_CMP_GE);
	seccomp_profile_free(&p);
}

static void test_sections(void)
{
	struct seccomp_policy p = parse_ok("2\ndenylist\n[x86_64]\nmkdir errno 1\n[I386]\nrmdir errno 1\n"
					   "[arm64]\nchdir errno 1\n[all]\nsync errno 1\n");

	CHECK(p.rules[0].arch == SCMP_ARCH_X86_64);
	CHECK(p.rules[1].arch == SCMP_ARCH_X86);
	CHECK(p.rules[2].arch == SCMP_ARCH_AARCH64);
	CHECK_INT(p.rules[3].arch, 0);
	seccomp_profile_free(&p);
}

static void test_version1(void)
{
	struct seccomp_policy p = parse_ok("1\nallowlist\n0\n1\n60\n");

	CHECK_INT(p.version, 1);
	CHECK(p.allowlist);
	CHECK_INT(p.default_action.kind, SECCOMP_ACT_KILL);
	CHECK_INT(p.nrules, 3);
	CHECK(!p.rules[2].name);
	CHECK_INT(p.rules[2].nr, 60);
	seccomp_profile_free(&p);
}

static void test_errors(void)
{
	parse_bad("", "t.seccomp: empty profile");
	parse_bad("3\ndenylist\n", "t.seccomp:1: expected the policy version (1 or 2), got \"3\"");
	parse_bad("2\n", "missing the \"allowlist\" or \"denylist\" line");
	parse_bad("2\ngraylist\n", "t.seccomp:2: expected \"allowlist\" or \"denylist\"");
	parse_bad("2\n\n# a comment\ndenylist\nmkdir errno\n", "t.seccomp:5: \"errno\" needs a number");
	parse_bad("2\ndenylist\nmkdir errno 5000\n", "t.seccomp:3: \"errno\" needs a number from 0 to 4095");
	parse_bad("2\ndenylist\nmkdir deny\n", "t.seccomp:3: unknown action \"deny\"");
	parse_bad("2\ndenylist\nmkdir errno 1 [1,2]\n", "t.seccomp:3: argument filter \"[1,2]\": expected");
	parse_bad("2\ndenylist\nmkdir errno 1 [6,2,==]\n", "the index must be 0 to 5");
	parse_bad("2\ndenylist\nmkdir errno 1 [1,x,==]\n", "\"x\" is not a number");
	parse_bad("2\ndenylist\nmkdir errno 1 [1,2,=~]\n", "unknown operator \"=~\"");
	parse_bad("2\ndenylist\nmkdir errno 1 [1,2,&=]\n", "a masked comparison needs a mask");
	parse_bad("2\ndenylist\nmkdir errno 1 [1,2,==,3]\n", "only SCMP_CMP_MASKED_EQ takes a fourth value");
	parse_bad("2\ndenylist\nmkdir errno 1 [1,2,==\n", "is missing its \"]\"");
	parse_bad("2\ndenylist\nmkdir errno 1 stray\n", "t.seccomp:3: unexpected \"stray\" after the action");
	parse_bad("2\ndenylist\n[vax]\n", "t.seccomp:3: unknown architecture \"vax\"");
	parse_bad("2\ndenylist\n[x86_64\n", "is missing its \"]\"");
	parse_bad("2\ndenylist\nmk-dir\n", "\"mk-dir\" is not a syscall name");
	parse_bad("2\ndenylist\nmkdir errno 1 [0,0,==] [0,0,==] [0,0,==] [0,0,==] [0,0,==] [0,0,==] [0,0,==]\n",
		  "more than 6 argument filters");
	parse_bad("1\ndenylist\n", "a version 1 policy is an allowlist");
	parse_bad("1\nallowlist\nread\n", "t.seccomp:3: a version 1 policy lists syscall numbers");
	parse_bad("2\ndenylist errno 1 extra\n", "unexpected \"extra\" after the default action");
}

/* Run fn in a child with the compiled profile loaded; returns its wait status. */
static int in_filtered_child(const char *text, int (*fn)(void))
{
	struct seccomp_policy p = parse_ok(text);
	struct seccomp_prog *prog = NULL;
	int status, listener;
	pid_t pid;

	if (seccomp_profile_compile(&p, "t.seccomp", &prog) < 0)
		unit_fail(__FILE__, __LINE__, "compile failed: %s", log_cause());
	seccomp_profile_free(&p);
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || seccomp_prog_load(prog, &listener) < 0)
			_exit(99);
		/* exit_group itself: a sanitizer's _exit would make more syscalls. */
		syscall(SYS_exit_group, fn());
	}
	seccomp_prog_free(prog);
	waitpid(pid, &status, 0);
	return status;
}

static char dir_path[PATH_MAX + 8];

static int try_mkdir(void)
{
	return mkdir(dir_path, 0755) < 0 ? errno : 0;
}

static int try_mkdir_0700(void)
{
	int a = mkdir(dir_path, 0700) < 0 ? errno : 0;

	rmdir(dir_path);
	/* The filter matches mode 0700 only. */
	return a == EACCES && mkdir(dir_path, 0755) == 0 ? 0 : 1;
}

static void test_filter_errno(void)
{
	int st;

	snprintf(dir_path, sizeof(dir_path), "%s/d", unit_tmp);
	st = in_filtered_child("2\ndenylist\nmkdir errno 13\nmkdirat errno 13\n", try_mkdir);
	CHECK(WIFEXITED(st));
	CHECK_INT(WEXITSTATUS(st), EACCES);
	/* Argument filters: only mode 0700 is refused. */
	st = in_filtered_child("2\ndenylist\nmkdir errno 13 [1,0700,SCMP_CMP_EQ]\n"
			       "mkdirat errno 13 [2,0700,==]\n", try_mkdir_0700);
	CHECK(WIFEXITED(st));
	CHECK_INT(WEXITSTATUS(st), 0);
}

static void test_filter_kill(void)
{
	int st;

	snprintf(dir_path, sizeof(dir_path), "%s/d", unit_tmp);
	st = in_filtered_child("2\ndenylist\nmkdir kill\nmkdirat kill\n", try_mkdir);
	CHECK(WIFSIGNALED(st));
	CHECK_INT(WTERMSIG(st), SIGSYS);
}

static int try_umount_force(void)
{
	/* EACCES from the filter, not EPERM or EINVAL from the kernel. */
	return umount2("/nonexistent", MNT_FORCE) < 0 ? errno : 0;
}

static void test_filter_force_umount(void)
{
	int st = in_filtered_child("2\ndenylist\nreject_force_umount\n", try_umount_force);

	CHECK(WIFEXITED(st));
	CHECK_INT(WEXITSTATUS(st), EACCES);
}

static int try_getppid(void)
{
	return getppid() > 0 ? 0 : 1;
}

static void test_filter_allowlist(void)
{
	int st;

	/* Everything but what an exit needs is refused. */
	st = in_filtered_child("2\nallowlist errno 1\nexit_group\nexit\n", try_getppid);
	CHECK(WIFEXITED(st));
	CHECK_INT(WEXITSTATUS(st), 1);
	st = in_filtered_child("2\nallowlist errno 1\nexit_group\nexit\ngetppid\n", try_getppid);
	CHECK(WIFEXITED(st));
	CHECK_INT(WEXITSTATUS(st), 0);
	/* Version 1: numbers, the rest killed. */
	{
		char text[64];

		snprintf(text, sizeof(text), "1\nallowlist\n%d\n", (int)SYS_exit_group);
		st = in_filtered_child(text, try_getppid);
		CHECK(WIFSIGNALED(st));
		CHECK_INT(WTERMSIG(st), SIGSYS);
	}
}

static void test_unknown_syscall_ignored(void)
{
	struct seccomp_policy p = parse_ok("2\ndenylist\nno_such_syscall errno 1\nmkdir errno 1\n");
	struct seccomp_prog *prog = NULL;

	CHECK_INT(seccomp_profile_compile(&p, "t.seccomp", &prog), 0);
	CHECK(prog->len > 0);
	seccomp_prog_free(prog);
	seccomp_profile_free(&p);
}

static void test_idmap_parse(void)
{
	char *lines[] = { "u 0 100000 65536", "g 0 100000 65536", "u 65536 0 1", NULL };
	char *colon[] = { "b:0:100000:1000", "u:1000:5000:1", NULL };
	struct id_map *m = NULL;
	size_t n = 0;

	CHECK_INT(idmap_parse(lines, false, &m, &n), 0);
	CHECK_INT(n, 3);
	CHECK_INT(idmap_to_host(m, n, 'u', 0), 100000);
	CHECK_INT(idmap_to_host(m, n, 'u', 65535), 165535);
	CHECK_INT(idmap_to_host(m, n, 'u', 65536), 0);
	CHECK_INT(idmap_to_host(m, n, 'g', 65536), -1);
	free(m);
	CHECK_INT(idmap_parse(colon, true, &m, &n), 0);
	CHECK_INT(n, 3);
	CHECK(m[0].type == 'u' && m[1].type == 'g');
	CHECK_INT(idmap_to_host(m, n, 'g', 999), 100999);
	CHECK_INT(idmap_to_host(m, n, 'u', 1000), 5000);
	free(m);
}

static void idmap_bad(char *line, bool colons, const char *want)
{
	char *lines[] = { line, NULL };
	struct id_map *m = NULL;
	size_t n;

	log_reset_cause();
	if (idmap_parse(lines, colons, &m, &n) != -EINVAL)
		unit_fail(__FILE__, __LINE__, "\"%s\" accepted", line);
	CHECK_CONTAINS(log_cause(), want);
}

static void test_idmap_errors(void)
{
	char *overlap[] = { "u 0 100000 65536", "u 1000 300000 10", NULL };
	char *host_overlap[] = { "u 0 100000 65536", "u 70000 100010 10", NULL };
	struct id_map *m = NULL;
	size_t n;

	idmap_bad("u 0 100000", false, "expected u|g NSID HOSTID RANGE");
	idmap_bad("x 0 100000 1", false, "invalid map");
	idmap_bad("u 0 100000 0", false, "invalid map");
	idmap_bad("u -1 100000 1", false, "invalid map");
	idmap_bad("b 0 100000 1", false, "invalid map");
	idmap_bad("u 0 4294967295 2", false, "invalid map");
	idmap_bad("u:0:1", true, "expected u|g|b:NSID:HOSTID:RANGE");
	log_reset_cause();
	CHECK_INT(idmap_parse(overlap, false, &m, &n), -EINVAL);
	CHECK_CONTAINS(log_cause(), "overlap");
	CHECK_INT(idmap_parse(host_overlap, false, &m, &n), -EINVAL);
}

int main(void)
{
	RUN("seccomp-lxc-common", test_lxc_common);
	RUN("seccomp-actions", test_actions_and_defaults);
	RUN("seccomp-arg-filters", test_arg_filters);
	RUN("seccomp-sections", test_sections);
	RUN("seccomp-version1", test_version1);
	RUN("seccomp-errors", test_errors);
	RUN("seccomp-filter-errno", test_filter_errno);
	RUN("seccomp-filter-kill", test_filter_kill);
	RUN("seccomp-filter-force-umount", test_filter_force_umount);
	RUN("seccomp-filter-allowlist", test_filter_allowlist);
	RUN("seccomp-unknown-syscall", test_unknown_syscall_ignored);
	RUN("idmap-parse", test_idmap_parse);
	RUN("idmap-errors", test_idmap_errors);
	return unit_done();
}
