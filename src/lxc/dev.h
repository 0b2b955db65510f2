/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's /dev: lxc.autodev, the devpts instance, /dev/ptmx. */
#ifndef LXC_DEV_H
#define LXC_DEV_H

#include "conf.h"
#include "macro.h"

/* lxc.autodev: a tmpfs on dev/ below root (the directory is made if missing). */
__hidden int dev_mount_tmpfs(int root, const struct lxc_conf *conf);
/*
 * lxc.autodev: the standard nodes (null zero full random urandom tty),
 * the fd, stdin, stdout, stderr links, /dev/shm (a tmpfs), /dev/pts.
 */
__hidden int dev_populate(int root, const struct lxc_conf *conf);
/*
 * A new devpts instance on dev/pts (with autodev, or when lxc.pty.max > 0
 * and the rootfs has dev/pts) and dev/ptmx pointing at its ptmx.
 * Returns 1 when an instance was mounted, 0 when not, or a negative errno.
 */
__hidden int dev_setup_devpts(int root, const struct lxc_conf *conf);

#endif
