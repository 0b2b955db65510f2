/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_NAMESPACE_H
#define LXC_NAMESPACE_H

#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"

struct spawn_result {
	int pidfd;		/* -EBADF when the kernel has no pidfds */
	bool in_cgroup;		/* placed into cgroup_fd by clone3 */
};

/*
 * Fork a child into the namespaces in flags (CLONE_NEW*).  Tries clone3
 * with CLONE_PIDFD and CLONE_INTO_CGROUP (cgroup_fd >= 0), then clone3
 * without the cgroup, then clone(2) with CLONE_PIDFD, then clone(2) and
 * pidfd_open(2).  Returns the pid in the parent, 0 in the child, or a
 * negative errno.
 */
__hidden pid_t ns_spawn(int flags, int cgroup_fd, struct spawn_result *res);

/* "mount pid uts ..." for a set of CLONE_NEW* flags (static buffer). */
__hidden const char *ns_flags_string(int flags);

#endif
