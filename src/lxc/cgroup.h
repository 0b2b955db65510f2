/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_CGROUP_H
#define LXC_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "conf.h"
#include "macro.h"

/*
 * One code path for cgroup2, hybrid and legacy v1 hosts: a host is a list
 * of mounted hierarchies, each with its controllers and the base cgroup
 * below which the container's cgroup goes.  What differs between layouts
 * is that data, not the control flow.
 */
struct cgroup_hierarchy {
	char *mountpoint;	/* "/sys/fs/cgroup/memory" */
	char **controllers;	/* "memory", "name=systemd"; cgroup2: enabled-able ones */
	bool unified;
	char *base;		/* base cgroup, relative to the mountpoint ("" = root) */
	char *created_from;	/* first directory we made below base (for removal) */
	int fd;			/* the container's cgroup directory */
};

struct cgroup_ops {
	struct cgroup_hierarchy *h;
	size_t n;
	char *leaf;		/* "lxc.payload.NAME" */
	char *relpath;		/* DIR/leaf relative to base */
	int unified_fd;		/* container cgroup on cgroup2, for CLONE_INTO_CGROUP */
};

/* Discover the hierarchies and compute where the container's cgroup goes. */
__hidden int cgroup_init(struct cgroup_ops *ops, const struct lxc_conf *conf,
			 const char *name, const char *lxcpath);
/* Create the container's cgroup everywhere (removing a dead run's leftovers). */
__hidden int cgroup_create(struct cgroup_ops *ops);
/* Apply lxc.cgroup.* and lxc.cgroup2.* settings. */
__hidden int cgroup_apply_settings(struct cgroup_ops *ops, const struct lxc_conf *conf);
/* Move pid into the container's cgroup in every hierarchy (skip_unified: placed by clone3). */
__hidden int cgroup_attach(struct cgroup_ops *ops, pid_t pid, bool skip_unified);
/* Remove the container's cgroups (and directories we made for them). */
__hidden void cgroup_destroy(struct cgroup_ops *ops);
__hidden void cgroup_ops_free(struct cgroup_ops *ops);
/* The container cgroup's path in the hierarchy holding controller (NULL: cgroup2). */
__hidden char *cgroup_path(const struct cgroup_ops *ops, const char *controller);

#endif
