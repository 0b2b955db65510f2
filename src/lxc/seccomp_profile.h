/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lxc.seccomp.profile: LXC's policy format (versions 1 and 2), compiled
 * with libseccomp into a BPF program once per profile content (cached
 * under the run directory), and loaded with seccomp(2) as the last step
 * before exec.
 */
#ifndef LXC_SECCOMP_PROFILE_H
#define LXC_SECCOMP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "macro.h"

enum seccomp_action_kind {
	SECCOMP_ACT_NONE,	/* not given: the policy's default for a rule */
	SECCOMP_ACT_KILL,	/* the whole process, SIGSYS */
	SECCOMP_ACT_ERRNO,	/* fail with errno */
	SECCOMP_ACT_TRAP,	/* SIGSYS to the thread */
	SECCOMP_ACT_ALLOW,
	SECCOMP_ACT_NOTIFY,	/* ask the monitor (and lxc.seccomp.notify.proxy) */
	SECCOMP_ACT_LOG,	/* allow, and log through the audit log */
};

struct seccomp_action {
	enum seccomp_action_kind kind;
	int err;		/* SECCOMP_ACT_ERRNO */
};

/* One argument filter "[INDEX,VALUE,OP[,MASK]]". */
struct seccomp_arg_filter {
	unsigned int index;	/* 0..5 */
	int op;			/* enum scmp_compare */
	uint64_t value;
	uint64_t mask;		/* SCMP_CMP_MASKED_EQ */
};

#define SECCOMP_MAX_ARGS 6

struct seccomp_rule {
	char *name;		/* syscall name; NULL for a version 1 number */
	long nr;		/* version 1: the syscall number */
	struct seccomp_action action;
	struct seccomp_arg_filter args[SECCOMP_MAX_ARGS];
	unsigned int nargs;
	uint32_t arch;		/* libseccomp arch token of its [section]; 0: all */
	unsigned int line;
};

struct seccomp_policy {
	int version;			/* 1 or 2 */
	bool allowlist;
	struct seccomp_action default_action;	/* what unlisted syscalls get */
	struct seccomp_action rule_action;	/* what a rule without an action gets */
	bool reject_force_umount;
	struct seccomp_rule *rules;
	size_t nrules;
};

/*
 * Parse a profile's text.  file names it in messages ("FILE:LINE: ...").
 * Returns 0, -EINVAL with the cause recorded (a syntax error), or
 * -ENOMEM; policy is untouched on failure.
 */
__hidden int seccomp_profile_parse(const char *text, const char *file, struct seccomp_policy *policy);
__hidden void seccomp_profile_free(struct seccomp_policy *policy);
/* "kill", "errno 1", ...: the action as the profile spells it. */
__hidden const char *seccomp_action_name(const struct seccomp_action *a, char *buf, size_t size);

/* A compiled filter, ready for seccomp(2). */
struct seccomp_prog {
	void *insns;		/* struct sock_filter[] */
	unsigned short len;	/* instructions */
	bool notify;		/* has notify rules: load with a listener */
	bool from_cache;
};

/*
 * Compile a parsed policy for this host's architecture and its compat
 * architectures (x86_64: also i386 and x32; aarch64: also arm), so that a
 * 32-bit binary cannot bypass it.  Returns 0 or a negative errno with the
 * cause recorded.
 */
__hidden int seccomp_profile_compile(const struct seccomp_policy *policy, const char *file,
			     struct seccomp_prog **out);

/*
 * Before the clone: read lxc.seccomp.profile and take its filter from the
 * cache (RUNDIR/lxc/seccomp/, keyed by the profile's text) or compile and
 * cache it.  *out is NULL when no profile is set.  Reads nothing then.
 */
__hidden int seccomp_profile_prepare(const struct lxc_conf *conf, struct seccomp_prog **out);
__hidden void seccomp_prog_free(struct seccomp_prog *prog);

/*
 * Load the filter into the calling process (no_new_privs or
 * CAP_SYS_ADMIN needed).  *listener receives the notify fd when the
 * filter has notify rules (else -EBADF).  Returns 0 or a negative errno
 * with the cause recorded.
 */
__hidden int seccomp_prog_load(const struct seccomp_prog *prog, int *listener);

/* The directory of the compiled filters (for tests and lxc-info). */
__hidden int seccomp_profile_cache_dir(char *buf, size_t size);

#endif
