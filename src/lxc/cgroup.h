/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_CGROUP_H
#define LXC_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf.h"
#include "lxc.h"
#include "macro.h"

/*
 * One code path for cgroup2, hybrid and legacy v1 hosts: a host is a list
 * of mounted hierarchies, each with its controllers and the base cgroup
 * below which the container's cgroup goes.  What differs between layouts
 * is that data, not the control flow: a controller is looked up in the v1
 * hierarchies first (where it is bound, cgroup2 cannot have it) and in the
 * cgroup2 tree otherwise.
 */
struct cgroup_hierarchy {
	char *mountpoint;	/* "/sys/fs/cgroup/memory" */
	char **controllers;	/* "memory", "name=systemd"; cgroup2: enabled-able ones */
	bool unified;
	char *base;		/* base cgroup, relative to the mountpoint ("" = root) */
	char *created_from;	/* first directory we made below base (for removal) */
	char *path;		/* the container's cgroup, full path (for messages) */
	int fd;			/* the container's cgroup directory */
	bool leftover;		/* cgroup_destroy(): still there after rmdir */
	/* lxc.cgroup.dir.monitor */
	char *self;		/* the monitor's own cgroup before it moved, relative to the mountpoint */
	char *monitor_created_from;
	bool monitor_created;	/* we made the monitor's cgroup itself */
	bool monitor_moved;
};

struct cgroup_ops {
	struct cgroup_hierarchy *h;
	size_t n;
	char *relpath;		/* the container's cgroup relative to base */
	char *monitor_relpath;	/* lxc.cgroup.dir.monitor, relative to base, or NULL */
	int unified_fd;		/* container cgroup on cgroup2, for CLONE_INTO_CGROUP */
};

/* "a//b/" -> "a/b"; -EINVAL for "." or ".." components (no escaping base) or nothing. */
__hidden int cgroup_normalize_relpath(const char *in, char **out);
/* lxc.cgroup.pattern: %n is the name, %% a percent sign; -EINVAL without %n. */
__hidden int cgroup_expand_pattern(const char *pattern, const char *name, char **out);

/* Discover the hierarchies and compute where the container's cgroup goes. */
__hidden int cgroup_init(struct cgroup_ops *ops, const struct lxc_conf *conf,
			 const char *name, const char *lxcpath);
/*
 * Create the container's cgroup everywhere (removing a dead run's
 * leftovers), and move the calling process (the monitor) into
 * lxc.cgroup.dir.monitor when that is set.
 */
__hidden int cgroup_create(struct cgroup_ops *ops);
/* Apply lxc.cgroup.* and lxc.cgroup2.* settings, device rules included. */
__hidden int cgroup_apply_settings(struct cgroup_ops *ops, const struct lxc_conf *conf);
/*
 * Move pid into the container's cgroup in every hierarchy (skip_unified:
 * clone3 placed it; skip_v1: it joined its v1 cgroups itself).
 */
__hidden int cgroup_attach(struct cgroup_ops *ops, pid_t pid, bool skip_unified, bool skip_v1);
/*
 * The calling process, single-threaded, joins the container's cgroup in
 * every v1 hierarchy by writing "0" to its tasks file.  A move by pid takes
 * the kernel's threadgroup lock for writing, which waits for an RCU grace
 * period (4 to 30 ms here); a thread moving itself does not need it.
 */
__hidden int cgroup_enter_v1(const struct cgroup_ops *ops);
/* Remove the container's cgroups (and directories we made for them). */
__hidden void cgroup_destroy(struct cgroup_ops *ops);
__hidden void cgroup_ops_free(struct cgroup_ops *ops);
/* The container cgroup's path in the hierarchy holding controller (NULL: cgroup2). */
__hidden char *cgroup_path(const struct cgroup_ops *ops, const char *controller);

/*
 * Handing the container's cgroups to a client of the control socket: the
 * monitor describes them ("2 - PATH" or "1 CONTROLLERS PATH" a line, in fd
 * order) and sends the directory fds; the client rebuilds an ops that the
 * functions below accept.  Returns the number of fds, or -ENOSPC.
 */
__hidden int cgroup_describe(const struct cgroup_ops *ops, char *buf, size_t size, int *fds,
			     size_t maxfds);
/* Takes ownership of the fds (closes them on failure too). */
__hidden int cgroup_import(struct cgroup_ops *ops, const char *desc, int *fds, size_t nfds);

/* Read / write a file of the container's cgroup: "memory.max", "cpuset.cpus", ... */
__hidden int cgroup_get(const struct cgroup_ops *ops, const char *key, char **value);
__hidden int cgroup_set(const struct cgroup_ops *ops, const char *key, const char *value);

/*
 * The freezer: the v1 freezer hierarchy when the host mounts one (there,
 * freezer.state is what the rest of the system looks at), else cgroup2's
 * cgroup.freeze (Linux 5.2).  cgroup_freeze() starts freezing;
 * cgroup_frozen() says whether every task is frozen (1), not yet (0).
 * cgroup_freeze_watch_fd() opens cgroup.events, which polls EPOLLPRI when
 * the frozen state changes; -EOPNOTSUPP on v1, where freezer.state must be
 * polled.  All return 0 or a negative errno (-EOPNOTSUPP: no freezer).
 */
__hidden int cgroup_freeze(const struct cgroup_ops *ops);
__hidden int cgroup_frozen(const struct cgroup_ops *ops);
__hidden int cgroup_thaw(const struct cgroup_ops *ops);
__hidden int cgroup_freeze_watch_fd(const struct cgroup_ops *ops);

/* CPU, memory and block I/O use of the container's cgroup. */
__hidden int cgroup_read_stats(const struct cgroup_ops *ops, struct lxc_container_stats *st);

#endif
