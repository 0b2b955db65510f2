/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-namespaced containers (lxc.idmap) and lxc-usernsexec: parsing id
 * maps, writing them for a child, and what the child does once they are
 * written.
 */
#ifndef LXC_USERNS_H
#define LXC_USERNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"
#include "conf.h"
#include "macro.h"

struct id_map {
	char type;		/* 'u' or 'g' */
	unsigned long nsid;
	unsigned long hostid;
	unsigned long range;
};

/*
 * Parse "u|g NSID HOSTID RANGE" lines (lxc.idmap) or, with colons,
 * "u|g|b:NSID:HOSTID:RANGE" (lxc-usernsexec -m; b is both).  Checks that
 * ranges of a type do not overlap, on either side.  Returns 0 or -EINVAL
 * / -ENOMEM with the cause recorded; *out is malloc'd.
 */
__hidden int idmap_parse(char *const *lines, bool colons, struct id_map **out, size_t *n);

/* The host id that ns id nsid of type maps to, or -1. */
__hidden long idmap_to_host(const struct id_map *maps, size_t n, char type, unsigned long nsid);

/*
 * Before a start: lxc.idmap must map root (uid and gid 0) of the
 * container.  Reads nothing.  Returns 0 or -EINVAL with the cause recorded.
 */
__hidden int userns_precheck(const struct lxc_conf *conf);

/*
 * Parent: write the container's uid_map and gid_map for the child pid
 * (in a new user namespace), give the container's root its cgroups, make
 * the idmapped clone of the rootfs that lxc.rootfs.options = idmap=container
 * asks for, and tell the child (SYNC_IDMAPPED on sync_fd, with the clone).
 * Returns 0 or a negative errno with the cause recorded.
 */
__hidden int userns_map_child(const struct lxc_conf *conf, pid_t pid, const struct cgroup_ops *cg,
			      int sync_fd);

/*
 * Child: wait until the parent wrote the maps, then become root of the
 * user namespace (uid and gid 0, no supplementary groups).  Returns 0 or
 * a negative errno with the cause recorded.
 */
__hidden int userns_child_wait(int sync_fd, bool new_mntns);
__hidden int userns_become_root(void);

/* lxc.rootfs.options holds idmap=container (the rootfs is mounted idmapped). */
__hidden bool userns_rootfs_idmapped(const struct lxc_conf *conf);

/*
 * Child: an fd of the idmapped rootfs the parent mounted in our mount
 * namespace (ownership passes to the caller), or -EBADF.
 */
__hidden int userns_take_rootfs_tree(void);

/* Write maps of one type for pid (type 'u' or 'g'), directly or via newuidmap. */
__hidden int idmap_write(pid_t pid, char type, const struct id_map *maps, size_t n);

#endif
