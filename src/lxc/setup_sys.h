/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The child's setup of process attributes of system containers:
 * lxc.sysctl.*, lxc.proc.*, lxc.prlimit.*, lxc.keyring.session,
 * lxc.sched.core.  Nothing runs for a container that sets none of them.
 */
#ifndef LXC_SETUP_SYS_H
#define LXC_SETUP_SYS_H

#include <stdbool.h>

#include "conf.h"
#include "macro.h"

/*
 * Before the mounts: an O_PATH fd of the host's /proc, through which the
 * sysctls and lxc.proc.* are written later, whatever the container's own
 * /proc (a sysctl applies to the namespaces of the process writing it).
 * Returns the fd, -EBADF when not needed, or a negative errno.
 */
__hidden int setup_sys_open_proc(const struct lxc_conf *conf);

/* After the handshake (the network devices are in place). */
__hidden int setup_sys_apply(const struct lxc_conf *conf, int procfd, bool has_rootfs);

#endif
