/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The parsers of the cgroup modules: device rules and the device program
 * built from them (run here in a small interpreter and compared with the
 * policy's decision in C), lxc.cgroup.pattern, cgroup paths, and the
 * description of a container's cgroups sent over the control socket.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_devices.h"
#include "conf.h"
#include "confile.h"
#include "log.h"
#include "utils.h"

#define UNIT_SUITE "cgroup"
#include "unit.h"

static struct device_rule rule(const char *text, bool allow)
{
	struct device_rule r;

	if (device_rule_parse(text, allow, &r) < 0)
		unit_fail(__FILE__, __LINE__, "rule \"%s\" did not parse", text);
	return r;
}

static void test_rule_parse(void)
{
	struct device_rule r;

	r = rule("c 1:3 rwm", true);
	CHECK_INT(r.type, 'c');
	CHECK_INT(r.major, 1);
	CHECK_INT(r.minor, 3);
	CHECK_INT(r.access, DEVICE_ACC_ALL);
	CHECK(r.allow);

	r = rule("  b *:* m  ", false);
	CHECK_INT(r.type, 'b');
	CHECK_INT(r.major, DEVICE_ANY);
	CHECK_INT(r.minor, DEVICE_ANY);
	CHECK_INT(r.access, DEVICE_ACC_MKNOD);
	CHECK(!r.allow);

	r = rule("c 136:* rw", true);
	CHECK_INT(r.major, 136);
	CHECK_INT(r.minor, DEVICE_ANY);
	CHECK_INT(r.access, DEVICE_ACC_READ | DEVICE_ACC_WRITE);

	/* Access omitted: all of it; "a" and "c" alone: every device. */
	r = rule("c 5:1", true);
	CHECK_INT(r.access, DEVICE_ACC_ALL);
	r = rule("a", false);
	CHECK_INT(r.type, 'a');
	CHECK_INT(r.major, DEVICE_ANY);
	CHECK_INT(r.access, DEVICE_ACC_ALL);
	r = rule("c", true);
	CHECK_INT(r.type, 'c');
	CHECK_INT(r.minor, DEVICE_ANY);
	r = rule("a *:* rwm", true);
	CHECK_INT(r.type, 'a');
	r = rule("c\t4:64\tr", true);
	CHECK_INT(r.minor, 64);
	CHECK_INT(r.access, DEVICE_ACC_READ);
	r = rule("b 2147483647:0 w", true);
	CHECK_INT(r.major, 2147483647);
}

static void test_rule_parse_invalid(void)
{
	static const char *const bad[] = {
		"", " ", "x 1:3 rwm", "cc 1:3 rwm", "c 1:3 rwx", "c 1 rwm", "c 1: rwm", "c :3 rwm",
		"c 1:3x rwm", "c -1:3 rwm", "c 1:3 rwm extra", "c 2147483648:0 r", "c a:b r",
		"c 1:3 r w", "ab", "c1:3 rwm",
	};
	struct device_rule r;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (device_rule_parse(bad[i], true, &r) != -EINVAL)
			unit_fail(__FILE__, __LINE__, "rule \"%s\" was accepted", bad[i]);
}

static void add(struct device_policy *p, const char *text, bool allow)
{
	struct device_rule r = rule(text, allow);

	CHECK_INT(device_policy_add(p, &r), 0);
}

static void test_policy_semantics(void)
{
	struct device_policy p;

	device_policy_init(&p);
	/* No rules: no restriction. */
	CHECK(device_policy_allows(&p, 'b', 8, 0, DEVICE_ACC_ALL));
	/* The default of a system container: an allow-list. */
	add(&p, "c 9:9 r", true);
	add(&p, "a", false);
	CHECK_INT(p.n, 0);
	CHECK(!p.default_allow);
	add(&p, "c *:* m", true);
	add(&p, "c 1:3 rwm", true);
	add(&p, "c 1:5 rw", true);
	CHECK(device_policy_allows(&p, 'c', 1, 3, DEVICE_ACC_READ | DEVICE_ACC_WRITE));
	CHECK(device_policy_allows(&p, 'c', 4, 2, DEVICE_ACC_MKNOD));
	CHECK(!device_policy_allows(&p, 'c', 4, 2, DEVICE_ACC_READ));
	CHECK(!device_policy_allows(&p, 'b', 7, 0, DEVICE_ACC_MKNOD));
	CHECK(device_policy_allows(&p, 'c', 1, 5, DEVICE_ACC_READ));
	/* An allow rule must cover every bit asked for. */
	CHECK(!device_policy_allows(&p, 'c', 1, 5, DEVICE_ACC_READ | DEVICE_ACC_MKNOD));
	/* A later deny wins over an earlier allow, for the bits it names. */
	add(&p, "c 1:3 w", false);
	CHECK(!device_policy_allows(&p, 'c', 1, 3, DEVICE_ACC_WRITE));
	CHECK(!device_policy_allows(&p, 'c', 1, 3, DEVICE_ACC_READ | DEVICE_ACC_WRITE));
	CHECK(device_policy_allows(&p, 'c', 1, 3, DEVICE_ACC_READ));
	/* "allow a" turns it into a deny-list, dropping the rules. */
	add(&p, "a *:* rwm", true);
	CHECK_INT(p.n, 0);
	CHECK(p.default_allow);
	add(&p, "b *:* rwm", false);
	CHECK(!device_policy_allows(&p, 'b', 8, 0, DEVICE_ACC_READ));
	CHECK(device_policy_allows(&p, 'c', 8, 0, DEVICE_ACC_READ));
	/* A type wildcard with numbers is a rule, not a reset. */
	add(&p, "a 8:0 r", true);
	CHECK_INT(p.n, 2);
	CHECK(device_policy_allows(&p, 'b', 8, 0, DEVICE_ACC_READ));
	CHECK(!device_policy_allows(&p, 'b', 8, 0, DEVICE_ACC_WRITE));
	device_policy_free(&p);
}

/*
 * The instructions the program may use, executed as the kernel would for
 * a struct bpf_cgroup_dev_ctx.  Also checks what the verifier checks
 * statically: jumps inside the program, every instruction reachable.
 */
static int run_program(const struct bpf_insn *prog, size_t n, uint32_t access_type,
		       uint32_t major, uint32_t minor)
{
	uint32_t ctx[3] = { access_type, major, minor };
	uint64_t r[11] = { 0 };
	size_t steps = 0;

	for (size_t pc = 0; pc < n; pc++) {
		const struct bpf_insn *i = &prog[pc];
		uint64_t imm = (uint64_t)(int64_t)i->imm;

		if (++steps > 10000)
			unit_fail(__FILE__, __LINE__, "program loops");
		switch (i->code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			CHECK_INT(i->src_reg, 1);
			CHECK(i->off >= 0 && i->off <= 8 && i->off % 4 == 0);
			r[i->dst_reg] = ctx[i->off / 4];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_X:
			r[i->dst_reg] = r[i->src_reg];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			r[i->dst_reg] = imm;
			break;
		case BPF_ALU64 | BPF_AND | BPF_K:
			r[i->dst_reg] &= imm;
			break;
		case BPF_ALU64 | BPF_RSH | BPF_K:
			r[i->dst_reg] >>= i->imm;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			if (r[i->dst_reg] != imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			if (r[i->dst_reg] == imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_EXIT:
			return (int)r[0];
		default:
			unit_fail(__FILE__, __LINE__, "unexpected instruction 0x%02x at %zu", i->code, pc);
		}
	}
	unit_fail(__FILE__, __LINE__, "program ran off its end");
}

static void check_static(const struct bpf_insn *prog, size_t n)
{
	bool *reach = calloc(n, sizeof(bool));

	CHECK(reach != NULL);
	CHECK(n > 0 && prog[n - 1].code == (BPF_JMP | BPF_EXIT));
	reach[0] = true;
	for (size_t pc = 0; pc < n; pc++) {
		uint8_t code = prog[pc].code;

		if (!reach[pc])
			unit_fail(__FILE__, __LINE__, "instruction %zu is unreachable", pc);
		if (code == (BPF_JMP | BPF_EXIT))
			continue;
		if (BPF_CLASS(code) == BPF_JMP) {
			size_t target = pc + 1 + (size_t)prog[pc].off;

			CHECK(prog[pc].off >= 0 && target < n);
			reach[target] = true;
		}
		if (pc + 1 < n)
			reach[pc + 1] = true;
	}
	free(reach);
}

/* Every request against the policy: the program must agree with C. */
static void check_program(const struct device_policy *p)
{
	static const uint32_t majors[] = { 1, 7, 8, 136 }, minors[] = { 0, 3, 5, 64 };
	struct bpf_insn *prog = NULL;
	size_t n = 0;

	CHECK_INT(device_policy_program(p, &prog, &n), 0);
	check_static(prog, n);
	for (int t = 0; t < 2; t++)
		for (size_t a = 0; a < ARRAY_SIZE(majors); a++)
			for (size_t b = 0; b < ARRAY_SIZE(minors); b++)
				for (unsigned int acc = 1; acc <= DEVICE_ACC_ALL; acc++) {
					char type = t ? 'c' : 'b';
					uint32_t at = acc << 16 |
						      (t ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK);
					int got = run_program(prog, n, at, majors[a], minors[b]);
					bool want = device_policy_allows(p, type, majors[a], minors[b], acc);

					if (got != (want ? 1 : 0))
						unit_fail(__FILE__, __LINE__,
							  "%c %u:%u access %u: program says %d, policy %d",
							  type, majors[a], minors[b], acc, got, want);
				}
	free(prog);
}

static void test_program_matches_policy(void)
{
	struct device_policy p;

	device_policy_init(&p);
	check_program(&p);
	add(&p, "a", false);
	check_program(&p);
	add(&p, "c *:* m", true);
	add(&p, "b *:* m", true);
	add(&p, "c 1:3 rwm", true);
	add(&p, "c 136:* rw", true);
	add(&p, "c 1:3 w", false);
	add(&p, "a 8:0 r", true);
	check_program(&p);
	device_policy_free(&p);
	add(&p, "b", false);
	add(&p, "b 8:* r", true);
	check_program(&p);
	device_policy_free(&p);
}

static void test_program_random_policies(void)
{
	static const char *const types = "abc";
	static const char *const nums[] = { "*", "1", "7", "8", "3", "5", "0", "64", "136" };
	static const char *const accs[] = { "r", "w", "m", "rw", "rm", "wm", "rwm" };
	unsigned int seed = 12345;

	for (int round = 0; round < 300; round++) {
		struct device_policy p;
		int nrules = rand_r(&seed) % 12;

		device_policy_init(&p);
		for (int i = 0; i < nrules; i++) {
			char text[64];

			snprintf(text, sizeof(text), "%c %s:%s %s", types[rand_r(&seed) % 3],
				 nums[rand_r(&seed) % ARRAY_SIZE(nums)],
				 nums[rand_r(&seed) % ARRAY_SIZE(nums)],
				 accs[rand_r(&seed) % ARRAY_SIZE(accs)]);
			add(&p, text, rand_r(&seed) % 2);
		}
		check_program(&p);
		device_policy_free(&p);
	}
}

static void test_pattern(void)
{
	char *out = NULL;

	CHECK_INT(cgroup_expand_pattern("lxc.payload.%n", "web", &out), 0);
	CHECK_STR(out, "lxc.payload.web");
	free(out);
	CHECK_INT(cgroup_expand_pattern("lxc/%n/%n-100%%", "db", &out), 0);
	CHECK_STR(out, "lxc/db/db-100%");
	free(out);
	CHECK_INT(cgroup_expand_pattern("lxc.payload", "web", &out), -EINVAL);
	CHECK_INT(cgroup_expand_pattern("lxc.%x.%n", "web", &out), -EINVAL);
	CHECK_INT(cgroup_expand_pattern("%n%", "web", &out), -EINVAL);
	CHECK_INT(cgroup_expand_pattern("%%n", "web", &out), -EINVAL);
}

static void test_relpath(void)
{
	char *out = NULL;

	CHECK_INT(cgroup_normalize_relpath("/a//b/", &out), 0);
	CHECK_STR(out, "a/b");
	free(out);
	CHECK_INT(cgroup_normalize_relpath("lxc.payload.x", &out), 0);
	CHECK_STR(out, "lxc.payload.x");
	free(out);
	CHECK_INT(cgroup_normalize_relpath("a/../b", &out), -EINVAL);
	CHECK_INT(cgroup_normalize_relpath("..", &out), -EINVAL);
	CHECK_INT(cgroup_normalize_relpath("./a", &out), -EINVAL);
	CHECK_INT(cgroup_normalize_relpath("/", &out), -EINVAL);
	CHECK_INT(cgroup_normalize_relpath("", &out), -EINVAL);
}

static int devnull(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0);
	return fd;
}

static void test_describe_import(void)
{
	struct cgroup_hierarchy h[3] = {
		{ .unified = false, .path = "/sys/fs/cgroup/cpu,cpuacct/lxc.payload.a b" },
		{ .unified = true, .path = "/sys/fs/cgroup/unified/lxc.payload.a b" },
		{ .unified = false, .path = "/sys/fs/cgroup/memory/lxc.payload.a b", .fd = -EBADF },
	};
	char *cpu[] = { "cpu", "cpuacct", NULL }, *none[] = { NULL }, *mem[] = { "memory", NULL };
	struct cgroup_ops ops = { .h = h, .n = 3 }, in;
	char buf[1024];
	int fds[4], sent[4];
	int n;

	h[0].controllers = cpu;
	h[1].controllers = none;
	h[2].controllers = mem;
	h[0].fd = devnull();
	h[1].fd = devnull();
	/* Hierarchies without an fd are left out. */
	n = cgroup_describe(&ops, buf, sizeof(buf), fds, ARRAY_SIZE(fds));
	CHECK_INT(n, 2);
	CHECK_STR(buf, "1 cpu,cpuacct /sys/fs/cgroup/cpu,cpuacct/lxc.payload.a b\n"
		       "2 - /sys/fs/cgroup/unified/lxc.payload.a b\n");
	CHECK_INT(fds[0], h[0].fd);
	CHECK_INT(cgroup_describe(&ops, buf, sizeof(buf), fds, 1), -ENOSPC);
	CHECK_INT(cgroup_describe(&ops, buf, 20, fds, 4), -ENOSPC);

	sent[0] = devnull();
	sent[1] = devnull();
	CHECK_INT(cgroup_import(&in, "1 cpu,cpuacct /sys/fs/cgroup/cpu,cpuacct/lxc.payload.a b\n"
				     "2 - /sys/fs/cgroup/unified/lxc.payload.a b\n",
				sent, 2),
		  0);
	CHECK_INT(in.n, 2);
	CHECK(!in.h[0].unified);
	CHECK_STR(in.h[0].controllers[1], "cpuacct");
	CHECK_STR(in.h[0].path, "/sys/fs/cgroup/cpu,cpuacct/lxc.payload.a b");
	CHECK(in.h[1].unified);
	CHECK(in.h[1].controllers[0] == NULL);
	CHECK_INT(in.unified_fd, in.h[1].fd);
	CHECK_INT(sent[0], -EBADF);
	cgroup_ops_free(&in);

	/* More lines than fds, fewer, or garbage: refused, fds closed. */
	sent[0] = devnull();
	CHECK_INT(cgroup_import(&in, "1 cpu /a\n2 - /b\n", sent, 1), -EPROTO);
	CHECK_INT(sent[0], -EBADF);
	sent[0] = devnull();
	sent[1] = devnull();
	CHECK_INT(cgroup_import(&in, "1 cpu /a\n", sent, 2), -EPROTO);
	sent[0] = devnull();
	CHECK_INT(cgroup_import(&in, "garbage\n", sent, 1), -EPROTO);
	close(h[0].fd);
	close(h[1].fd);
}

static void test_placement_keys(void)
{
	struct lxc_conf *conf = conf_new();
	char *v = NULL;

	CHECK(conf != NULL);
	log_reset_cause();
	CHECK_INT(confile_parse_text(conf, "lxc.cgroup.dir.container = a/b\n"
					   "lxc.cgroup.dir.monitor = /m\n"
					   "lxc.cgroup.dir = d\n",
				     "origin"),
		  0);
	/* Keys of their own, not settings of a "dir" controller. */
	CHECK_INT(conf->cgroup_nsettings, 0);
	CHECK_STR(conf->cgroup_dir_container, "a/b");
	CHECK_STR(conf->cgroup_dir_monitor, "/m");
	CHECK_STR(conf->cgroup_dir, "d");
	CHECK_INT(confile_get(conf, "lxc.cgroup.dir.monitor", &v), 0);
	CHECK_STR(v, "/m");
	free(v);
	CHECK_INT(confile_parse_text(conf, "lxc.cgroup.dir.container =\n", "origin"), 0);
	CHECK(conf->cgroup_dir_container == NULL);
	conf_free(conf);
}

int main(void)
{
	RUN("device-rule-parse", test_rule_parse);
	RUN("device-rule-parse-invalid", test_rule_parse_invalid);
	RUN("device-policy-semantics", test_policy_semantics);
	RUN("device-program-matches-policy", test_program_matches_policy);
	RUN("device-program-random-policies", test_program_random_policies);
	RUN("pattern", test_pattern);
	RUN("relpath", test_relpath);
	RUN("describe-import", test_describe_import);
	RUN("placement-keys", test_placement_keys);
	return unit_done();
}
