/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The container's file system tree: the rootfs (a directory or an
 * overlay), lxc.mount.auto, lxc.mount.fstab and lxc.mount.entry,
 * pivot_root and the read-only root.  Runs in the child, in its new mount
 * namespace.
 */
#ifndef LXC_ROOTFS_H
#define LXC_ROOTFS_H

#include <stdbool.h>

#include "conf.h"
#include "macro.h"
#include "setup.h"

/* Parent, before anything is made: the rootfs (and an overlay's layers) exist. */
__hidden int rootfs_precheck(const struct lxc_conf *conf);
__hidden bool rootfs_is_overlay(const char *path);
/*
 * Where the rootfs is mounted before the pivot, as the hooks see it
 * (LXC_ROOTFS_MOUNT): lxc.rootfs.mount, else the directory itself (an
 * overlay: its upper layer).  malloc'd.
 */
__hidden char *rootfs_mount_point(const struct lxc_conf *conf);

/*
 * Child, before the handshake: mount the rootfs and everything the
 * configuration puts into it, then pivot_root into it.
 */
__hidden int rootfs_setup(const struct setup_args *a);
/*
 * Child, without a rootfs: keep the host's tree (never propagating back),
 * with a fresh /proc, lxc.mount.auto and the mount entries.
 */
__hidden int rootfs_setup_host_view(const struct setup_args *a);
/*
 * Child, after the handshake, in its cgroup namespace: the cgroup file
 * systems of lxc.mount.auto that are mounted from inside it.
 */
__hidden int rootfs_setup_late(const struct setup_args *a);

#endif
