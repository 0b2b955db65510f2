/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Seccomp profiles in LXC's policy format:
 *
 *   2                       the version (1 or 2)
 *   denylist [ACTION]       or allowlist [ACTION]
 *   reject_force_umount     umount2(..., MNT_FORCE) fails with EACCES
 *   [x86_64]                rules below apply to that architecture only
 *   mkdir errno 13          SYSCALL [ACTION] [[INDEX,VALUE,OP[,MASK]]]...
 *   [all]                   back to every architecture
 *
 * A version 1 profile is "1", "allowlist" and one syscall number a line.
 * The text is compiled with libseccomp once; the BPF program is kept in
 * RUNDIR/lxc/seccomp/ with the text it came from, so that later starts
 * only read it back and pass it to seccomp(2).
 */
#include "config.h"

#include <ctype.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "seccomp_profile.h"
#include "state.h"
#include "utils.h"

#define CACHE_MAGIC "LXCSECC3"

/*
 * libseccomp is loaded when a filter has to be compiled, not linked: with
 * the cache, a start reads a compiled filter and loads it with seccomp(2)
 * itself, and every tool (and every container without a profile) is
 * spared mapping one more library.
 */
#define LIBSECCOMP_SONAME "libseccomp.so.2"

static struct {
	void *handle;
	scmp_filter_ctx (*init)(uint32_t);
	void (*release)(scmp_filter_ctx);
	int (*arch_add)(scmp_filter_ctx, uint32_t);
	int (*arch_remove)(scmp_filter_ctx, uint32_t);
	uint32_t (*arch_native)(void);
	int (*attr_set)(scmp_filter_ctx, enum scmp_filter_attr, uint32_t);
	int (*rule_add_array)(scmp_filter_ctx, uint32_t, int, unsigned int, const struct scmp_arg_cmp *);
	int (*rule_add_exact_array)(scmp_filter_ctx, uint32_t, int, unsigned int, const struct scmp_arg_cmp *);
	int (*syscall_resolve_name)(const char *);
	int (*merge)(scmp_filter_ctx, scmp_filter_ctx);
	int (*export_bpf)(const scmp_filter_ctx, int);
} lib;

static int libseccomp_load(void)
{
	void *h;

	if (lib.handle)
		return 0;
	h = dlopen(LIBSECCOMP_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return CAUSE(-ENOENT, "lxc.seccomp.profile: cannot load %s to compile the profile: %s (install libseccomp2)",
			     LIBSECCOMP_SONAME, dlerror());
#define SYM(field, name)                                                                          \
	do {                                                                                      \
		*(void **)&lib.field = dlsym(h, name);                                            \
		if (!lib.field) {                                                                 \
			dlclose(h);                                                               \
			return CAUSE(-ENOENT, "lxc.seccomp.profile: %s has no %s", LIBSECCOMP_SONAME, \
				     name);                                                       \
		}                                                                                 \
	} while (0)
	SYM(init, "seccomp_init");
	SYM(release, "seccomp_release");
	SYM(arch_add, "seccomp_arch_add");
	SYM(arch_remove, "seccomp_arch_remove");
	SYM(arch_native, "seccomp_arch_native");
	SYM(attr_set, "seccomp_attr_set");
	SYM(rule_add_array, "seccomp_rule_add_array");
	SYM(rule_add_exact_array, "seccomp_rule_add_exact_array");
	SYM(syscall_resolve_name, "seccomp_syscall_resolve_name");
	SYM(merge, "seccomp_merge");
	SYM(export_bpf, "seccomp_export_bpf");
#undef SYM
	lib.handle = h;
	return 0;
}
#define MAX_ERRNO 4095

/* --- the policy text --------------------------------------------------------------- */

static const struct {
	const char *name;
	int op;
} cmp_ops[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE },		{ "!=", SCMP_CMP_NE },
	{ "SCMP_CMP_LT", SCMP_CMP_LT },		{ "<", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", SCMP_CMP_LE },		{ "<=", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", SCMP_CMP_EQ },		{ "==", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", SCMP_CMP_GE },		{ ">=", SCMP_CMP_GE },
	{ "SCMP_CMP_GT", SCMP_CMP_GT },		{ ">", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ }, { "&=", SCMP_CMP_MASKED_EQ },
};

/* Section names, as LXC and uname -m spell them; 0 is [all]. */
static const struct {
	const char *name;
	uint32_t arch;
} arch_names[] = {
	{ "all", 0 },
	{ "x86", SCMP_ARCH_X86 },	{ "i386", SCMP_ARCH_X86 },	{ "i486", SCMP_ARCH_X86 },
	{ "i586", SCMP_ARCH_X86 },	{ "i686", SCMP_ARCH_X86 },
	{ "x86_64", SCMP_ARCH_X86_64 }, { "amd64", SCMP_ARCH_X86_64 },
	{ "x32", SCMP_ARCH_X32 },
	{ "arm", SCMP_ARCH_ARM },	{ "armel", SCMP_ARCH_ARM },	{ "armhf", SCMP_ARCH_ARM },
	{ "armv7l", SCMP_ARCH_ARM },
	{ "arm64", SCMP_ARCH_AARCH64 }, { "aarch64", SCMP_ARCH_AARCH64 },
	{ "mips", SCMP_ARCH_MIPS },	{ "mipsel", SCMP_ARCH_MIPSEL },
	{ "mips64", SCMP_ARCH_MIPS64 }, { "mips64n32", SCMP_ARCH_MIPS64N32 },
	{ "mipsel64", SCMP_ARCH_MIPSEL64 }, { "mipsel64n32", SCMP_ARCH_MIPSEL64N32 },
	{ "ppc", SCMP_ARCH_PPC },	{ "ppc64", SCMP_ARCH_PPC64 },	{ "ppc64le", SCMP_ARCH_PPC64LE },
	{ "s390", SCMP_ARCH_S390 },	{ "s390x", SCMP_ARCH_S390X },
#ifdef SCMP_ARCH_RISCV64
	{ "riscv64", SCMP_ARCH_RISCV64 },
#endif
};

const char *seccomp_action_name(const struct seccomp_action *a, char *buf, size_t size)
{
	static const char *const names[] = { "none", "kill", "errno", "trap", "allow", "notify", "log" };

	if (a->kind == SECCOMP_ACT_ERRNO)
		snprintf(buf, size, "errno %d", a->err);
	else
		snprintf(buf, size, "%s", names[a->kind]);
	return buf;
}

void seccomp_profile_free(struct seccomp_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		free(p->rules[i].name);
	free(p->rules);
	memset(p, 0, sizeof(*p));
}

struct parser {
	const char *file;
	unsigned int line;
	struct seccomp_policy p;
	uint32_t arch;		/* the current section */
};

__attribute__((format(printf, 2, 3)))
static int syntax(const struct parser *ps, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return CAUSE(-EINVAL, "lxc.seccomp.profile: %s:%u: %s", ps->file, ps->line, msg);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	if (*s == '-') {
		long long v = strtoll(s, &end, 0);

		if (errno || *end)
			return -EINVAL;
		*out = (uint64_t)v;
		return 0;
	}
	*out = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

/*
 * Split a rule line into words and "[...]" groups (which may hold
 * blanks): "mkdir errno 1 [1, 0700, ==]" -> mkdir, errno, 1, [1, 0700, ==].
 */
static char **tokenize(struct parser *ps, const char *s, int *err)
{
	char **toks = calloc(1, sizeof(char *));

	*err = 0;
	if (!toks) {
		*err = -ENOMEM;
		return NULL;
	}
	for (;;) {
		size_t len;
		char *tok;

		s += strspn(s, " \t");
		if (!*s)
			break;
		if (*s == '[') {
			const char *end = strchr(s, ']');

			if (!end) {
				*err = syntax(ps, "argument filter \"%s\" is missing its \"]\"", s);
				break;
			}
			len = (size_t)(end - s) + 1;
		} else {
			len = strcspn(s, " \t[");
		}
		tok = strndup(s, len);
		if (!tok || strv_append(&toks, tok) < 0) {
			free(tok);
			*err = -ENOMEM;
			break;
		}
		free(tok);
		s += len;
	}
	if (*err) {
		strv_free(toks);
		return NULL;
	}
	return toks;
}

/* "kill", "errno N", ... at toks[*i]; NONE (and *i unchanged) when none is there. */
static int parse_action(struct parser *ps, char **toks, size_t *i, struct seccomp_action *a)
{
	const char *w = toks[*i];

	a->kind = SECCOMP_ACT_NONE;
	a->err = 0;
	if (!w || *w == '[')
		return 0;
	if (strcmp(w, "kill") == 0) {
		a->kind = SECCOMP_ACT_KILL;
	} else if (strcmp(w, "trap") == 0) {
		a->kind = SECCOMP_ACT_TRAP;
	} else if (strcmp(w, "allow") == 0) {
		a->kind = SECCOMP_ACT_ALLOW;
	} else if (strcmp(w, "notify") == 0) {
		a->kind = SECCOMP_ACT_NOTIFY;
	} else if (strcmp(w, "log") == 0) {
		a->kind = SECCOMP_ACT_LOG;
	} else if (strcmp(w, "errno") == 0) {
		const char *n = toks[*i + 1];
		unsigned int v;

		if (!n || parse_uint(n, &v) < 0 || v > MAX_ERRNO)
			return syntax(ps, "\"errno\" needs a number from 0 to %d", MAX_ERRNO);
		a->kind = SECCOMP_ACT_ERRNO;
		a->err = (int)v;
		(*i)++;
	} else {
		return syntax(ps, "unknown action \"%s\" (expected kill, errno N, trap, allow, notify or log)", w);
	}
	(*i)++;
	return 0;
}

/* "[INDEX,VALUE,OP]" or "[INDEX,VALUE,OP,MASK]" (blanks allowed). */
static int parse_arg_filter(struct parser *ps, const char *word, struct seccomp_arg_filter *f)
{
	__do_free char *copy = NULL;
	__do_free_strv char **parts = NULL;
	size_t len = strlen(word), n;
	unsigned int index;
	uint64_t second = 0;
	bool found = false;

	if (len < 2 || word[len - 1] != ']')
		return syntax(ps, "argument filter \"%s\" is missing its \"]\"", word);
	copy = strndup(word + 1, len - 2);
	if (!copy)
		return -ENOMEM;
	parts = strv_split(copy, ",");
	if (!parts)
		return -ENOMEM;
	n = strv_len(parts);
	if (n < 3 || n > 4)
		return syntax(ps, "argument filter \"%s\": expected [INDEX,VALUE,OP] or [INDEX,VALUE,OP,MASK]", word);
	/* Trimmed in place: the pointers stay the ones to free. */
	for (size_t i = 0; i < n; i++) {
		char *t = trim(parts[i]);

		memmove(parts[i], t, strlen(t) + 1);
	}
	if (parse_uint(parts[0], &index) < 0 || index >= SECCOMP_MAX_ARGS)
		return syntax(ps, "argument filter \"%s\": the index must be 0 to 5", word);
	f->index = index;
	if (parse_u64(parts[1], &f->value) < 0)
		return syntax(ps, "argument filter \"%s\": \"%s\" is not a number", word, parts[1]);
	for (size_t i = 0; i < ARRAY_SIZE(cmp_ops); i++)
		if (strcmp(parts[2], cmp_ops[i].name) == 0) {
			f->op = cmp_ops[i].op;
			found = true;
			break;
		}
	if (!found)
		return syntax(ps, "argument filter \"%s\": unknown operator \"%s\" (SCMP_CMP_EQ, ==, !=, <, <=, >, >=, SCMP_CMP_MASKED_EQ or &=)",
			      word, parts[2]);
	if (n == 4 && parse_u64(parts[3], &second) < 0)
		return syntax(ps, "argument filter \"%s\": \"%s\" is not a number", word, parts[3]);
	if (f->op == SCMP_CMP_MASKED_EQ) {
		if (n != 4)
			return syntax(ps, "argument filter \"%s\": a masked comparison needs a mask: [INDEX,VALUE,SCMP_CMP_MASKED_EQ,MASK]", word);
		f->mask = second;
	} else if (n == 4) {
		return syntax(ps, "argument filter \"%s\": only SCMP_CMP_MASKED_EQ takes a fourth value", word);
	}
	return 0;
}

static int add_rule(struct parser *ps, struct seccomp_rule *r)
{
	struct seccomp_rule *rules = realloc(ps->p.rules, (ps->p.nrules + 1) * sizeof(*rules));

	if (!rules)
		return -ENOMEM;
	ps->p.rules = rules;
	r->line = ps->line;
	r->arch = ps->arch;
	rules[ps->p.nrules++] = *r;
	return 0;
}

static int parse_rule_line(struct parser *ps, const char *line)
{
	struct seccomp_rule r = { .nr = -1 };
	__do_free_strv char **toks = NULL;
	size_t i = 1;
	int ret;

	toks = tokenize(ps, line, &ret);
	if (!toks)
		return ret;
	if (!toks[0] || *toks[0] == '[')
		return syntax(ps, "expected a syscall name");
	for (const char *c = toks[0]; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return syntax(ps, "\"%s\" is not a syscall name", toks[0]);
	ret = parse_action(ps, toks, &i, &r.action);
	if (ret < 0)
		return ret;
	for (; toks[i]; i++) {
		if (*toks[i] != '[')
			return syntax(ps, "unexpected \"%s\" after the action", toks[i]);
		if (r.nargs == SECCOMP_MAX_ARGS)
			return syntax(ps, "more than %d argument filters", SECCOMP_MAX_ARGS);
		ret = parse_arg_filter(ps, toks[i], &r.args[r.nargs]);
		if (ret < 0)
			return ret;
		r.nargs++;
	}
	if (r.action.kind == SECCOMP_ACT_NONE)
		r.action = ps->p.rule_action;
	r.name = strdup(toks[0]);
	if (!r.name)
		return -ENOMEM;
	ret = add_rule(ps, &r);
	if (ret < 0)
		free(r.name);
	return ret;
}

/* "[x86_64]": a section for one architecture ("[all]": every one). */
static int parse_section(struct parser *ps, char *s)
{
	size_t len = strlen(s);
	char *name;

	if (s[len - 1] != ']')
		return syntax(ps, "architecture section \"%s\" is missing its \"]\"", s);
	s[len - 1] = '\0';
	name = trim(s + 1);
	for (size_t i = 0; i < ARRAY_SIZE(arch_names); i++)
		if (strcasecmp(name, arch_names[i].name) == 0) {
			ps->arch = arch_names[i].arch;
			return 0;
		}
	return syntax(ps, "unknown architecture \"%s\"", name);
}

static int parse_header(struct parser *ps, const char *line)
{
	__do_free_strv char **toks = NULL;
	struct seccomp_action a;
	const char *w;
	size_t i = 1;
	int ret;

	toks = tokenize(ps, line, &ret);
	if (!toks)
		return ret;
	w = toks[0];
	if (strcmp(w, "allowlist") == 0 || strcmp(w, "whitelist") == 0) {
		ps->p.allowlist = true;
	} else if (strcmp(w, "denylist") == 0 || strcmp(w, "blacklist") == 0) {
		if (ps->p.version == 1)
			return syntax(ps, "a version 1 policy is an allowlist");
		ps->p.allowlist = false;
	} else {
		return syntax(ps, "expected \"allowlist\" or \"denylist\", got \"%s\"", w);
	}
	if (ps->p.version == 1) {
		if (toks[1])
			return syntax(ps, "a version 1 policy takes no default action");
		ps->p.default_action.kind = SECCOMP_ACT_KILL;
		ps->p.rule_action.kind = SECCOMP_ACT_ALLOW;
		return 0;
	}
	/*
	 * The action after the keyword: for an allowlist what every other
	 * syscall gets, for a denylist what a listed syscall without an
	 * action of its own gets.  The defaults are kill for both.
	 */
	ret = parse_action(ps, toks, &i, &a);
	if (ret < 0)
		return ret;
	if (toks[i])
		return syntax(ps, "unexpected \"%s\" after the default action", toks[i]);
	if (a.kind == SECCOMP_ACT_NONE)
		a.kind = SECCOMP_ACT_KILL;
	if (ps->p.allowlist) {
		ps->p.default_action = a;
		ps->p.rule_action.kind = SECCOMP_ACT_ALLOW;
	} else {
		ps->p.default_action.kind = SECCOMP_ACT_ALLOW;
		ps->p.rule_action = a;
	}
	return 0;
}

int seccomp_profile_parse(const char *text, const char *file, struct seccomp_policy *out)
{
	__do_free char *copy = strdup(text);
	struct parser ps = { .file = file ? file : "(profile)" };
	unsigned int content = 0;
	char *line, *next;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (line = copy; line && ret == 0; line = next) {
		char *s, *hash;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ps.line++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		s = trim(line);
		if (!*s)
			continue;
		content++;
		if (content == 1) {
			if (strcmp(s, "1") == 0)
				ps.p.version = 1;
			else if (strcmp(s, "2") == 0)
				ps.p.version = 2;
			else
				ret = syntax(&ps, "expected the policy version (1 or 2), got \"%s\"", s);
		} else if (content == 2) {
			ret = parse_header(&ps, s);
		} else if (ps.p.version == 1) {
			struct seccomp_rule r = { .action = ps.p.rule_action };
			unsigned int nr;

			if (parse_uint(s, &nr) < 0)
				ret = syntax(&ps, "a version 1 policy lists syscall numbers, got \"%s\"", s);
			else {
				r.nr = nr;
				ret = add_rule(&ps, &r);
			}
		} else if (*s == '[') {
			ret = parse_section(&ps, s);
		} else if (strcmp(s, "reject_force_umount") == 0) {
			ps.p.reject_force_umount = true;
		} else {
			ret = parse_rule_line(&ps, s);
		}
	}
	if (ret == 0 && content < 2)
		ret = CAUSE(-EINVAL, "lxc.seccomp.profile: %s: %s", ps.file,
			    content ? "missing the \"allowlist\" or \"denylist\" line" : "empty profile");
	if (ret < 0) {
		seccomp_profile_free(&ps.p);
		return ret;
	}
	*out = ps.p;
	return 0;
}

/* --- compiling --------------------------------------------------------------------- */

/*
 * The architectures a filter covers: this one and the ones it runs as
 * compat.  Known at build time (the cache key needs them without
 * libseccomp); elsewhere libseccomp says, once loaded.
 */
static size_t host_arches(uint32_t arches[4])
{
	size_t n = 0;

#if defined(__x86_64__) && defined(__ILP32__)
	arches[n++] = SCMP_ARCH_X32;
#elif defined(__x86_64__)
	arches[n++] = SCMP_ARCH_X86_64;
	arches[n++] = SCMP_ARCH_X86;
	arches[n++] = SCMP_ARCH_X32;
#elif defined(__i386__)
	arches[n++] = SCMP_ARCH_X86;
#elif defined(__aarch64__)
	arches[n++] = SCMP_ARCH_AARCH64;
	arches[n++] = SCMP_ARCH_ARM;
#elif defined(__arm__)
	arches[n++] = SCMP_ARCH_ARM;
#elif defined(__s390x__)
	arches[n++] = SCMP_ARCH_S390X;
	arches[n++] = SCMP_ARCH_S390;
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	arches[n++] = SCMP_ARCH_PPC64LE;
#elif defined(__powerpc64__)
	arches[n++] = SCMP_ARCH_PPC64;
	arches[n++] = SCMP_ARCH_PPC;
#elif defined(__riscv) && __riscv_xlen == 64 && defined(SCMP_ARCH_RISCV64)
	arches[n++] = SCMP_ARCH_RISCV64;
#else
	arches[n++] = lib.handle ? lib.arch_native() : 0;
#endif
	return n;
}

/* What the kernel's seccomp can do (seccomp(2) SECCOMP_GET_ACTION_AVAIL). */
static bool kernel_has_action(uint32_t action)
{
	return syscall(__NR_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
}

static uint32_t action_value(const struct seccomp_action *a)
{
	switch (a->kind) {
	case SECCOMP_ACT_KILL:
		/* SECCOMP_RET_KILL_PROCESS: Linux 4.14. */
		return kernel_has_action(SECCOMP_RET_KILL_PROCESS) ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_KILL;
	case SECCOMP_ACT_ERRNO:
		return SCMP_ACT_ERRNO((uint32_t)a->err);
	case SECCOMP_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case SECCOMP_ACT_NOTIFY:
		return SCMP_ACT_NOTIFY;
	case SECCOMP_ACT_LOG:
		return SCMP_ACT_LOG;
	case SECCOMP_ACT_ALLOW:
	case SECCOMP_ACT_NONE:
		break;
	}
	return SCMP_ACT_ALLOW;
}

static bool policy_notifies(const struct seccomp_policy *p)
{
	if (p->default_action.kind == SECCOMP_ACT_NOTIFY)
		return true;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].action.kind == SECCOMP_ACT_NOTIFY)
			return true;
	return false;
}

static void release_ctxs(scmp_filter_ctx *ctx, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ctx[i])
			lib.release(ctx[i]);
}

/* One filter per architecture, merged at the end (rules of an [arch]
 * section go to that architecture's filter only). */
static int new_ctx(uint32_t arch, uint32_t def, scmp_filter_ctx *out)
{
	scmp_filter_ctx ctx = lib.init(def);
	int ret;

	if (!ctx)
		return CAUSE(-ENOMEM, "lxc.seccomp.profile: libseccomp failed to make a filter");
	if (arch != lib.arch_native()) {
		ret = lib.arch_add(ctx, arch);
		if (ret == 0)
			ret = lib.arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (ret < 0) {
			lib.release(ctx);
			return CAUSE(ret, "lxc.seccomp.profile: libseccomp cannot add architecture %#x: %m", arch);
		}
	}
	/* no_new_privs is lxc.no_new_privs's to decide, not the filter's. */
	ret = lib.attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (ret < 0) {
		lib.release(ctx);
		return CAUSE(ret, "lxc.seccomp.profile: libseccomp cannot clear no_new_privs: %m");
	}
	*out = ctx;
	return 0;
}

static int add_one(scmp_filter_ctx *ctx, const uint32_t *arches, size_t narch,
		   const struct seccomp_rule *r, uint32_t def, const char *file)
{
	struct scmp_arg_cmp cmp[SECCOMP_MAX_ARGS];
	uint32_t act = action_value(&r->action);
	size_t added = 0, tried = 0;
	int nr, err = 0;

	if (act == def) {
		DEBUG("lxc.seccomp.profile: %s:%u: the rule's action is the default: nothing to add", file, r->line);
		return 0;
	}
	if (r->name) {
		nr = lib.syscall_resolve_name(r->name);
		if (nr == __NR_SCMP_ERROR) {
			WARN("lxc.seccomp.profile: %s:%u: unknown syscall \"%s\" ignored", file, r->line, r->name);
			return 0;
		}
	} else {
		nr = (int)r->nr;
	}
	for (unsigned int i = 0; i < r->nargs; i++) {
		const struct seccomp_arg_filter *f = &r->args[i];

		cmp[i].arg = f->index;
		cmp[i].op = (enum scmp_compare)f->op;
		if (f->op == SCMP_CMP_MASKED_EQ) {
			cmp[i].datum_a = f->mask;
			cmp[i].datum_b = f->value;
		} else {
			cmp[i].datum_a = f->value;
			cmp[i].datum_b = 0;
		}
	}
	for (size_t i = 0; i < narch; i++) {
		int ret;

		if (r->arch && r->arch != arches[i])
			continue;
		/* A version 1 number is only meaningful natively. */
		if (!r->name && i > 0)
			continue;
		tried++;
		ret = r->name ? lib.rule_add_array(ctx[i], act, nr, r->nargs, cmp)
			      : lib.rule_add_exact_array(ctx[i], act, nr, r->nargs, cmp);
		if (ret == 0)
			added++;
		else if (!err)
			err = ret;
	}
	if (tried && !added && err != -EDOM && err != -EFAULT) {
		if (r->name)
			return CAUSE(err, "lxc.seccomp.profile: %s:%u: libseccomp rejected the rule for \"%s\": %m",
				     file, r->line, r->name);
		return CAUSE(err, "lxc.seccomp.profile: %s:%u: libseccomp rejected syscall number %ld: %m",
			     file, r->line, r->nr);
	}
	if (tried && !added)
		DEBUG("lxc.seccomp.profile: %s:%u: \"%s\" does not exist on this architecture", file,
		      r->line, r->name ? r->name : "?");
	return 0;
}

static int export_bpf(scmp_filter_ctx ctx, struct seccomp_prog *prog)
{
	__do_close int fd = memfd_create("lxc-seccomp", MFD_CLOEXEC);
	struct stat st;
	ssize_t n;
	int ret;

	if (fd < 0)
		return SYSCAUSE("lxc.seccomp.profile: failed to make a memfd: %m");
	ret = lib.export_bpf(ctx, fd);
	if (ret < 0)
		return CAUSE(ret, "lxc.seccomp.profile: libseccomp failed to generate the filter: %m");
	if (fstat(fd, &st) < 0)
		return SYSCAUSE("lxc.seccomp.profile: %m");
	if (st.st_size <= 0 || st.st_size % (off_t)sizeof(struct sock_filter) ||
	    st.st_size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS)
		return CAUSE(-E2BIG, "lxc.seccomp.profile: the filter has %lld bytes: too large for the kernel (at most %d instructions)",
			     (long long)st.st_size, BPF_MAXINSNS);
	prog->insns = malloc((size_t)st.st_size);
	if (!prog->insns)
		return -ENOMEM;
	n = pread(fd, prog->insns, (size_t)st.st_size, 0);
	if (n != st.st_size)
		return CAUSE(-EIO, "lxc.seccomp.profile: failed to read the generated filter back");
	prog->len = (unsigned short)(st.st_size / (off_t)sizeof(struct sock_filter));
	return 0;
}

int seccomp_profile_compile(const struct seccomp_policy *p, const char *file, struct seccomp_prog **out)
{
	scmp_filter_ctx ctx[4] = { NULL };
	uint32_t arches[4];
	size_t narch;
	uint32_t def;
	struct seccomp_prog *prog = NULL;
	int ret = 0;

	if (!file)
		file = "(profile)";
	ret = libseccomp_load();
	if (ret < 0)
		return ret;
	narch = host_arches(arches);
	def = action_value(&p->default_action);
	if (policy_notifies(p) && !kernel_has_action(SECCOMP_RET_USER_NOTIF))
		return CAUSE(-EOPNOTSUPP, "lxc.seccomp.profile: %s: the \"notify\" action needs seccomp user notification (Linux 5.0)",
			     file);
	/* Version 1 numbers are native ones: other architectures are killed. */
	if (p->version == 1)
		narch = 1;
	for (size_t i = 0; i < narch && ret == 0; i++)
		ret = new_ctx(arches[i], def, &ctx[i]);
	for (size_t i = 0; i < p->nrules && ret == 0; i++)
		ret = add_one(ctx, arches, narch, &p->rules[i], def, file);
	if (ret == 0 && p->reject_force_umount) {
		struct seccomp_rule r = {
			.name = (char *)"umount2",
			.action = { SECCOMP_ACT_ERRNO, EACCES },
			.args = { { 1, SCMP_CMP_MASKED_EQ, MNT_FORCE, MNT_FORCE } },
			.nargs = 1,
		};

		ret = add_one(ctx, arches, narch, &r, def, file);
	}
	for (size_t i = 1; i < narch && ret == 0; i++) {
		ret = lib.merge(ctx[0], ctx[i]);
		if (ret < 0)
			ret = CAUSE(ret, "lxc.seccomp.profile: libseccomp failed to merge the architectures: %m");
		else
			ctx[i] = NULL;	/* merged: owned by ctx[0] */
	}
	if (ret == 0) {
		prog = calloc(1, sizeof(*prog));
		if (!prog)
			ret = -ENOMEM;
	}
	if (ret == 0)
		ret = export_bpf(ctx[0], prog);
	release_ctxs(ctx, narch);
	if (ret < 0) {
		seccomp_prog_free(prog);
		return ret;
	}
	prog->notify = policy_notifies(p);
	*out = prog;
	return 0;
}

void seccomp_prog_free(struct seccomp_prog *prog)
{
	if (!prog)
		return;
	free(prog->insns);
	free(prog);
}

/* --- the cache --------------------------------------------------------------------- */

struct cache_header {
	char magic[8];
	uint32_t keylen;
	uint32_t len;		/* instructions */
	uint32_t flags;		/* 1: notify */
	uint32_t reserved;
};

int seccomp_profile_cache_dir(char *buf, size_t size)
{
	char *slash;
	int ret = runtime_dir_path("", buf, size);

	/* RUNDIR/lxc/HASH -> RUNDIR/lxc/seccomp */
	if (ret < 0)
		return ret;
	slash = strrchr(buf, '/');
	if (!slash || (size_t)(slash - buf) + sizeof("/seccomp") > size)
		return -ENAMETOOLONG;
	strcpy(slash, "/seccomp");
	return 0;
}

/*
 * Everything the filter depends on besides the text: the libseccomp this
 * build is for, what the kernel's seccomp can do, the architectures and
 * this format.  (libseccomp itself is not loaded for that: a package
 * update of it takes effect with the next change of the profile or boot.)
 */
static char *cache_key(const char *text)
{
	uint32_t arches[4];
	size_t n = host_arches(arches);

	/* /run is emptied at boot: a new kernel always compiles anew. */
	return must_sprintf("lxc seccomp cache 3\nlibseccomp %d.%d.%d kill_process %d notify %d\narches %zu %08x %08x %08x\n%s",
			    SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO,
			    kernel_has_action(SECCOMP_RET_KILL_PROCESS), kernel_has_action(SECCOMP_RET_USER_NOTIF),
			    n, arches[0], n > 1 ? arches[1] : 0, n > 2 ? arches[2] : 0, text);
}

/* The cache directory, made when missing; -errno when it cannot be trusted. */
static int cache_dir_open(void)
{
	char path[PATH_MAX];
	__do_close int fd = -EBADF;
	struct stat st;
	char *slash;
	int ret;

	ret = seccomp_profile_cache_dir(path, sizeof(path));
	if (ret < 0)
		return ret;
	fd = open(path, O_DIRECTORY | O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		slash = strrchr(path, '/');
		*slash = '\0';
		ret = mkdir_p(path, 0755);
		*slash = '/';
		if (ret < 0)
			return ret;
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -errno;
		fd = open(path, O_DIRECTORY | O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	/* Only our own, private directory: a planted filter would be loaded. */
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		WARN("not using the seccomp cache \"%s\": it must be owned by uid %u and private (mode 0700)",
		     path, (unsigned int)geteuid());
		return -EPERM;
	}
	return move_fd(fd);
}

static int cache_read(int dirfd, const char *fname, const char *key, struct seccomp_prog **out)
{
	__do_close int fd = openat(dirfd, fname, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	__do_free char *buf = NULL;
	struct cache_header hdr;
	size_t keylen = strlen(key), want;
	struct seccomp_prog *prog;
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_size < (off_t)sizeof(hdr) || st.st_size > 16 * 1024 * 1024)
		return -EINVAL;
	buf = malloc((size_t)st.st_size);
	if (!buf)
		return -ENOMEM;
	if (read_all(fd, buf, (size_t)st.st_size) != st.st_size)
		return -EIO;
	memcpy(&hdr, buf, sizeof(hdr));
	want = sizeof(hdr) + keylen + (size_t)hdr.len * sizeof(struct sock_filter);
	if (memcmp(hdr.magic, CACHE_MAGIC, sizeof(hdr.magic)) != 0 || hdr.keylen != keylen ||
	    (size_t)st.st_size != want || hdr.len == 0 || hdr.len > BPF_MAXINSNS ||
	    memcmp(buf + sizeof(hdr), key, keylen) != 0)
		return -ESTALE;
	prog = calloc(1, sizeof(*prog));
	if (!prog)
		return -ENOMEM;
	prog->len = (unsigned short)hdr.len;
	prog->notify = hdr.flags & 1;
	prog->from_cache = true;
	prog->insns = malloc((size_t)hdr.len * sizeof(struct sock_filter));
	if (!prog->insns) {
		free(prog);
		return -ENOMEM;
	}
	memcpy(prog->insns, buf + sizeof(hdr) + keylen, (size_t)hdr.len * sizeof(struct sock_filter));
	*out = prog;
	return 0;
}

static void cache_write(int dirfd, const char *fname, const char *key, const struct seccomp_prog *prog)
{
	struct cache_header hdr = { .keylen = (uint32_t)strlen(key), .len = prog->len,
				    .flags = prog->notify ? 1 : 0 };
	char tmp[NAME_MAX + 1];
	__do_close int fd = -EBADF;

	memcpy(hdr.magic, CACHE_MAGIC, sizeof(hdr.magic));
	snprintf(tmp, sizeof(tmp), ".%s.%d", fname, (int)getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		WARN("failed to cache the seccomp filter: %m");
		return;
	}
	if (write_all(fd, &hdr, sizeof(hdr)) < 0 || write_all(fd, key, hdr.keylen) < 0 ||
	    write_all(fd, prog->insns, (size_t)prog->len * sizeof(struct sock_filter)) < 0 ||
	    renameat(dirfd, tmp, dirfd, fname) < 0) {
		WARN("failed to cache the seccomp filter: %m");
		unlinkat(dirfd, tmp, 0);
	}
}

int seccomp_profile_prepare(const struct lxc_conf *conf, struct seccomp_prog **out)
{
	__do_free char *text = NULL, *key = NULL;
	__do_close int dirfd = -EBADF;
	struct seccomp_policy policy;
	char fname[32];
	int ret;

	*out = NULL;
	if (!conf->seccomp_profile || !*conf->seccomp_profile)
		return 0;
	ret = read_file(conf->seccomp_profile, &text, NULL);
	if (ret < 0)
		return CAUSE(ret, "lxc.seccomp.profile: cannot read \"%s\": %m", conf->seccomp_profile);
	key = cache_key(text);
	snprintf(fname, sizeof(fname), "%016llx.bpf", (unsigned long long)fnv1a64(key));
	dirfd = cache_dir_open();
	if (dirfd >= 0 && cache_read(dirfd, fname, key, out) == 0) {
		DEBUG("seccomp filter of \"%s\" from the cache (%u instructions)", conf->seccomp_profile,
		      (*out)->len);
		return 0;
	}
	ret = seccomp_profile_parse(text, conf->seccomp_profile, &policy);
	if (ret < 0)
		return ret;
	ret = seccomp_profile_compile(&policy, conf->seccomp_profile, out);
	seccomp_profile_free(&policy);
	if (ret < 0)
		return ret;
	DEBUG("compiled the seccomp filter of \"%s\" (%u instructions)", conf->seccomp_profile, (*out)->len);
	if (dirfd >= 0)
		cache_write(dirfd, fname, key, *out);
	return 0;
}

/* --- loading --------------------------------------------------------------------------- */

int seccomp_prog_load(const struct seccomp_prog *prog, int *listener)
{
	struct sock_fprog fprog = { .len = prog->len, .filter = prog->insns };
	unsigned int flags = prog->notify ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
	long ret;

	*listener = -EBADF;
	ret = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
	if (ret < 0) {
		if (errno == EACCES)
			return SYSCAUSE("lxc.seccomp.profile: failed to load the filter: %m (it needs CAP_SYS_ADMIN or lxc.no_new_privs = 1)");
		return SYSCAUSE("lxc.seccomp.profile: failed to load the filter: %m");
	}
	if (prog->notify)
		*listener = (int)ret;
	return 0;
}
