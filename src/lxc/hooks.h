/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lxc.hook.*: each hook is a command line run with /bin/sh -c, with LXC's
 * hook environment (LXC_NAME, LXC_ROOTFS_MOUNT, LXC_CONFIG_FILE, ...).
 * With lxc.hook.version = 0 (the default) it also gets "NAME lxc TYPE" as
 * arguments, as LXC passes them; with 1, LXC_HOOK_TYPE and
 * LXC_HOOK_SECTION instead.  Its output is logged; a hook that exits
 * non-zero fails the step it belongs to.
 */
#ifndef LXC_HOOKS_H
#define LXC_HOOKS_H

#include <stdbool.h>
#include <sys/types.h>

#include "conf.h"
#include "macro.h"

struct hook_ctx {
	const char *name;
	const char *lxcpath;
	const char *rootfs_mount;	/* LXC_ROOTFS_MOUNT (NULL: the rootfs path) */
	pid_t pid;			/* LXC_PID, when > 0 */
	const char *target;		/* LXC_TARGET: "stop" or "reboot" (stop hooks) */
	bool cgns;			/* LXC_CGNS_AWARE */
	/* stop hooks: the container's namespaces, "NAME:/proc/PID/fd/N" */
	char *const *ns_paths;
	char *const *env;		/* the environment to start from (NULL: ours) */
};

/* Whether conf has hooks of that type. */
static inline bool hooks_any(const struct lxc_conf *conf, int type)
{
	return conf->hooks[type] && conf->hooks[type][0];
}

/*
 * Run the hooks of one type in order; stop at the first failure.
 * Returns 0, or a negative errno with the cause recorded.
 */
__hidden int hooks_run(const struct lxc_conf *conf, int type, const struct hook_ctx *ctx);

#endif
