/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_CGROUP_DEVICES_H
#define LXC_CGROUP_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include "macro.h"

/*
 * Device access control.  On cgroup v1 the kernel keeps the rules itself
 * (devices.allow / devices.deny).  On cgroup2 there is no such file: the
 * kernel asks a BPF_PROG_TYPE_CGROUP_DEVICE program attached to the
 * cgroup, which we build from the same rules.
 *
 * Rules are "TYPE MAJOR:MINOR ACCESS" as in devices.allow: TYPE a (any),
 * b or c; MAJOR and MINOR a number or *; ACCESS a non-empty subset of rwm
 * (r read, w write, m mknod; omitted: rwm).  "a" alone means every device
 * with every access, and resets the policy: "deny a" makes it an
 * allow-list (everything else denied), "allow a" a deny-list.  Otherwise
 * the last rule that matches an access decides it, and an access no rule
 * matches gets the default (allow until an "a" rule says otherwise).
 */

#define DEVICE_ACC_MKNOD BPF_DEVCG_ACC_MKNOD
#define DEVICE_ACC_READ BPF_DEVCG_ACC_READ
#define DEVICE_ACC_WRITE BPF_DEVCG_ACC_WRITE
#define DEVICE_ACC_ALL (DEVICE_ACC_MKNOD | DEVICE_ACC_READ | DEVICE_ACC_WRITE)
#define DEVICE_ANY (-1)

struct device_rule {
	char type;		/* 'a', 'b' or 'c' */
	int32_t major;		/* DEVICE_ANY or 0..INT32_MAX */
	int32_t minor;
	unsigned int access;	/* DEVICE_ACC_* */
	bool allow;
};

struct device_policy {
	bool default_allow;
	struct device_rule *rules;
	size_t n;
};

/* Parse one rule; returns 0 or -EINVAL. */
__hidden int device_rule_parse(const char *text, bool allow, struct device_rule *out);
/* Add a rule (an "a" rule resets the list); 0 or -ENOMEM. */
__hidden int device_policy_add(struct device_policy *p, const struct device_rule *r);
__hidden void device_policy_init(struct device_policy *p);
__hidden void device_policy_free(struct device_policy *p);
/* The decision of the policy for one access (type 'b' or 'c'), in C. */
__hidden bool device_policy_allows(const struct device_policy *p, char type, uint32_t major,
				   uint32_t minor, unsigned int access);
/* Build the program; *insns is malloc'd. Returns 0 or -ENOMEM. */
__hidden int device_policy_program(const struct device_policy *p, struct bpf_insn **insns,
				   size_t *count);
/*
 * Load the program and attach it to the cgroup2 directory cgroup_fd
 * (BPF_F_ALLOW_MULTI: nested cgroups may add their own).  Returns 0 or a
 * negative errno, with the cause recorded (key names the setting).
 */
__hidden int device_policy_attach(const struct device_policy *p, int cgroup_fd, const char *key);

#endif
