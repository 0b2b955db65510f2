/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Mounts made through file descriptors with the new mount API (Linux
 * 5.2): the target is resolved once, the new mount is attached to that fd,
 * and the caller gets an fd of the new mount itself, so that its flags and
 * what is mounted inside it never depend on a path resolved again (a
 * rootfs changed during the start cannot redirect them).
 *
 * Each returns -ENOSYS when the kernel lacks the API, without having done
 * anything: the caller then takes its path-based way.  They record no
 * cause: the caller knows what the mount was for.
 */
#ifndef LXC_MOUNTFD_H
#define LXC_MOUNTFD_H

#include <stdbool.h>

#include "macro.h"

/*
 * Mount a new instance of fstype (source, "key=value,flag" data) on
 * target (an fd, O_PATH will do) with MS_RDONLY, MS_NOSUID, MS_NODEV,
 * MS_NOEXEC and atime flags.  *mnt (unless NULL) receives an fd of the
 * new mount's root.  Returns 0 or a negative errno.
 */
__hidden int mountfd_fs(int target, const char *fstype, const char *source, unsigned long flags,
			const char *data, int *mnt);

/*
 * Bind src (an fd of a file or directory: a host path, or a place in a
 * mount of ours) onto target, with its submounts when recursive, then set
 * flags (MS_RDONLY, MS_NOSUID, ...; 0: as src).  *mnt (unless NULL)
 * receives an fd of the new mount's root.  Returns 0 or a negative errno.
 */
__hidden int mountfd_bind(int src, int target, bool recursive, unsigned long flags, int *mnt);

#endif
