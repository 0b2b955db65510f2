/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * CVE-2019-5736: a process of ours that a container can see (lxc-execute's
 * init, an attached process before its exec) must not give the container
 * a way to write the host's binary through /proc/PID/exe.  Such a process
 * runs from a detached read-only clone of its binary (the new mount API),
 * or from a sealed memfd copy where the kernel lacks it, never from the
 * file itself.
 */
#ifndef LXC_EXEGUARD_H
#define LXC_EXEGUARD_H

#include <stdbool.h>

#include "macro.h"

/*
 * An fd to exec path from (execveat(fd, "", ..., AT_EMPTY_PATH)) that no
 * one can write through: a sealed memfd copy (files up to 1 MiB), or a
 * read-only clone of its mount that belongs to no namespace (larger
 * files, or where memfds may not be executed).  *fd is -EBADF when path is on a read-only mount
 * already (exec it by path).  Returns 0 or a negative errno with the
 * cause recorded.
 */
__hidden int exeguard_open(const char *path, int *fd);

/* Whether the running binary can be written through /proc/self/exe. */
__hidden bool exeguard_self_exposed(void);

/*
 * Where lxc-init is: $LXC_INIT_PATH, else next to the running tool (a
 * build tree: DIR/lxc-init or DIR/../lxc-init, when owned by root or the
 * caller and not writable by others), else LXCINITDIR/lxc-init.  Returns
 * a malloc'd path, or NULL (-ENOENT) with the cause recorded.
 */
__hidden char *exeguard_find_init(void);

/*
 * Child, before it leaves the host's view: a protected fd of lxc-init at
 * path (see exeguard_open(); the file itself when on a read-only mount).
 */
__hidden int exeguard_open_init(const char *path, int *fd);

/*
 * Child, last: execute lxc-init from fd as the container's PID 1, running
 * argv with envp; command failures are reported on sync_fd.  Returns only
 * on failure, a negative errno with the cause recorded.
 */
__hidden int exeguard_exec_init(int fd, const char *path, char *const *argv, char *const *envp,
				int sync_fd);

#endif
