/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_devices.h"
#include "log.h"
#include "syscalls.h"

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A device number or "*"; the kernel's majors and minors fit in 32 bits. */
static const char *parse_devnum(const char *p, int32_t *out)
{
	int64_t v = 0;

	if (*p == '*') {
		*out = DEVICE_ANY;
		return p + 1;
	}
	if (*p < '0' || *p > '9')
		return NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > INT32_MAX)
			return NULL;
	}
	*out = (int32_t)v;
	return p;
}

int device_rule_parse(const char *text, bool allow, struct device_rule *out)
{
	struct device_rule r = {
		.allow = allow, .major = DEVICE_ANY, .minor = DEVICE_ANY, .access = DEVICE_ACC_ALL,
	};
	const char *p = skip_blanks(text);

	if (*p != 'a' && *p != 'b' && *p != 'c')
		return -EINVAL;
	r.type = *p++;
	if (*p && *p != ' ' && *p != '\t')
		return -EINVAL;
	p = skip_blanks(p);
	if (*p == '\0') {
		/* "a" alone is every device; "b" or "c" alone every one of a type. */
		*out = r;
		return 0;
	}
	p = parse_devnum(p, &r.major);
	if (!p || *p != ':')
		return -EINVAL;
	p = parse_devnum(p + 1, &r.minor);
	if (!p || (*p && *p != ' ' && *p != '\t'))
		return -EINVAL;
	p = skip_blanks(p);
	if (*p) {
		r.access = 0;
		for (; *p && *p != ' ' && *p != '\t'; p++) {
			if (*p == 'r')
				r.access |= DEVICE_ACC_READ;
			else if (*p == 'w')
				r.access |= DEVICE_ACC_WRITE;
			else if (*p == 'm')
				r.access |= DEVICE_ACC_MKNOD;
			else
				return -EINVAL;
		}
		if (*skip_blanks(p))
			return -EINVAL;
	}
	*out = r;
	return 0;
}

static bool rule_is_reset(const struct device_rule *r)
{
	return r->type == 'a' && r->major == DEVICE_ANY && r->minor == DEVICE_ANY &&
	       r->access == DEVICE_ACC_ALL;
}

void device_policy_init(struct device_policy *p)
{
	p->default_allow = true;
	p->rules = NULL;
	p->n = 0;
}

void device_policy_free(struct device_policy *p)
{
	free(p->rules);
	device_policy_init(p);
}

int device_policy_add(struct device_policy *p, const struct device_rule *r)
{
	struct device_rule *n;

	if (rule_is_reset(r)) {
		/* Earlier rules are moot: everything now has one answer. */
		free(p->rules);
		p->rules = NULL;
		p->n = 0;
		p->default_allow = r->allow;
		return 0;
	}
	n = realloc(p->rules, (p->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	p->rules = n;
	p->rules[p->n++] = *r;
	return 0;
}

bool device_policy_allows(const struct device_policy *p, char type, uint32_t major,
			  uint32_t minor, unsigned int access)
{
	for (size_t i = p->n; i-- > 0;) {
		const struct device_rule *r = &p->rules[i];

		if (r->type != 'a' && r->type != type)
			continue;
		if (r->major != DEVICE_ANY && (uint32_t)r->major != major)
			continue;
		if (r->minor != DEVICE_ANY && (uint32_t)r->minor != minor)
			continue;
		/* An allow rule must grant every bit asked for; a deny rule
		 * refuses as soon as it covers one of them (as v1 does). */
		if (r->allow && (access & ~r->access) == 0)
			return true;
		if (!r->allow && (access & r->access) != 0)
			return false;
	}
	return p->default_allow;
}

/* Instruction builders (the kernel's own macros are not UAPI). */
static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };

	return i;
}

#define LDX_W(dst, src, off) insn(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0)
#define MOV_REG(dst, src) insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV_IMM(dst, imm) insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define AND_IMM(dst, imm) insn(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm)
#define RSH_IMM(dst, imm) insn(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm)
#define JNE_IMM(dst, imm, off) insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm)
#define JEQ_IMM(dst, imm, off) insn(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, off, imm)
#define EXIT() insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

enum { R0, R1, R2, R3, R4, R5, R6 };

/*
 * r1 points at struct bpf_cgroup_dev_ctx { u32 access_type; u32 major;
 * u32 minor; } with access_type = access << 16 | type.  Registers: r2 the
 * access bits, r3 the type, r4 the major, r5 the minor, r6 scratch.
 * Rules are checked last to first; each block jumps to the next when it
 * does not match, or sets r0 (1 allow, 0 deny) and exits.
 */
int device_policy_program(const struct device_policy *p, struct bpf_insn **insns, size_t *count)
{
	/* Six head instructions, at most eight per rule, two at the end. */
	struct bpf_insn *prog = calloc(6 + 8 * p->n + 2, sizeof(*prog));
	size_t n = 0;

	if (!prog)
		return -ENOMEM;
	prog[n++] = LDX_W(R2, R1, 0);
	prog[n++] = MOV_REG(R3, R2);
	prog[n++] = AND_IMM(R3, 0xffff);
	prog[n++] = RSH_IMM(R2, 16);
	prog[n++] = LDX_W(R4, R1, 4);
	prog[n++] = LDX_W(R5, R1, 8);
	for (size_t i = p->n; i-- > 0;) {
		const struct device_rule *r = &p->rules[i];
		size_t start = n;

		if (r->type != 'a')
			prog[n++] = JNE_IMM(R3, r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, 0);
		if (r->major != DEVICE_ANY)
			prog[n++] = JNE_IMM(R4, r->major, 0);
		if (r->minor != DEVICE_ANY)
			prog[n++] = JNE_IMM(R5, r->minor, 0);
		prog[n++] = MOV_REG(R6, R2);
		if (r->allow) {
			prog[n++] = AND_IMM(R6, (int32_t)(~r->access & DEVICE_ACC_ALL));
			prog[n++] = JNE_IMM(R6, 0, 0);
		} else {
			prog[n++] = AND_IMM(R6, (int32_t)r->access);
			prog[n++] = JEQ_IMM(R6, 0, 0);
		}
		prog[n++] = MOV_IMM(R0, r->allow ? 1 : 0);
		prog[n++] = EXIT();
		/* Every conditional jump of the block skips to its end. */
		for (size_t j = start; j < n; j++)
			if (BPF_CLASS(prog[j].code) == BPF_JMP && BPF_OP(prog[j].code) != BPF_EXIT)
				prog[j].off = (int16_t)(n - j - 1);
	}
	prog[n++] = MOV_IMM(R0, p->default_allow ? 1 : 0);
	prog[n++] = EXIT();
	*insns = prog;
	*count = n;
	return 0;
}

static int load_program(const struct bpf_insn *prog, size_t n, char *log, size_t logsize)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)prog;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	if (log) {
		attr.log_buf = (uint64_t)(uintptr_t)log;
		attr.log_size = (uint32_t)logsize;
		attr.log_level = 1;
	}
	return lxc_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

/* The last non-empty line of the verifier's log. */
static const char *last_line(char *log)
{
	char *end = log + strlen(log);

	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	while (end > log && end[-1] != '\n')
		end--;
	return end;
}

int device_policy_attach(const struct device_policy *p, int cgroup_fd, const char *key)
{
	__do_free struct bpf_insn *prog = NULL;
	__do_close int fd = -EBADF;
	union bpf_attr attr;
	size_t n;
	int ret;

	ret = device_policy_program(p, &prog, &n);
	if (ret < 0)
		return CAUSE(ret, "\"%s\": out of memory", key);
	fd = load_program(prog, n, NULL, 0);
	if (fd < 0) {
		int err = errno;

		if (err == ENOSYS)
			return CAUSE(-ENOSYS, "\"%s\": the kernel has no bpf(2) system call (CONFIG_BPF_SYSCALL), so cgroup2 device rules cannot be enforced",
				     key);
		if (err == EPERM)
			return CAUSE(-EPERM, "\"%s\": not allowed to load the cgroup2 device program (needs CAP_SYS_ADMIN or CAP_BPF)",
				     key);
		if (err == EINVAL || err == EACCES) {
			/* Ask again with the verifier's log for the cause. */
			__do_free char *log = calloc(1, 65536);

			if (log && load_program(prog, n, log, 65536) < 0 && *log)
				return CAUSE(-err, "\"%s\": the kernel refused the cgroup2 device program (CONFIG_CGROUP_BPF missing?): %s",
					     key, last_line(log));
			return CAUSE(-err, "\"%s\": the kernel refused the cgroup2 device program (CONFIG_CGROUP_BPF missing?): %m",
				     key);
		}
		return CAUSE(-err, "\"%s\": failed to load the cgroup2 device program: %m", key);
	}
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cgroup_fd;
	attr.attach_bpf_fd = (uint32_t)fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (lxc_bpf(BPF_PROG_ATTACH, &attr, sizeof(attr)) < 0)
		return SYSCAUSE("\"%s\": failed to attach the device program to the container's cgroup2 cgroup: %m",
				key);
	/* The attachment holds the program: the cgroup's removal frees it. */
	DEBUG("attached a device program of %zu instructions (%zu rules, default %s)", n, p->n,
	      p->default_allow ? "allow" : "deny");
	return 0;
}
