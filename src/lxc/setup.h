/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_SETUP_H
#define LXC_SETUP_H

#include <stdbool.h>

#include "cgroup.h"
#include "conf.h"
#include "macro.h"
#include "network.h"
#include "security.h"

struct setup_args {
	const struct lxc_conf *conf;
	const char *name;
	char *const *argv;
	int clone_flags;
	bool execute;		/* run argv under the init loop */
	int sync_fd;		/* the child's end of the handshake */
	const struct lxc_network *net;	/* interfaces to configure, or NULL */
	/* System containers. */
	const char *lxcpath;
	const struct cgroup_ops *cg;	/* the container's cgroups (made before the clone) */
	int cgroup_ret;		/* < 0: joining its v1 cgroups failed (the cause is recorded) */
	int console_slave;	/* the console pty's slave (-EBADF: no console) */
	/* Security. */
	const struct security_ctx *sec;	/* prepared before the clone */
	const char *init_path;		/* execute: lxc-init (the parent found it) */
};

/*
 * The child's side, from the handshake to exec: wait for CONFIGURE, set
 * up the container (mounts, rootfs, hostname, lo, environment, ids, cwd)
 * and exec argv.  Never returns: a failure is sent to the parent and the
 * child exits.
 */
__hidden __noreturn void setup_child(const struct setup_args *args);

/*
 * execvpe with the PATH of envp (default: the usual system directories);
 * no heap, so it runs in a vfork()ed child.  Returns only on failure,
 * with the cause recorded.
 */
__hidden int exec_command(char *const *argv, char *const *envp);

/*
 * A minimal PID 1 (lxc-execute): fork and exec argv, forward signals to
 * it, reap everything, and exit with its status (128 + N when signal N
 * killed it).  Exec failures are reported on sync_fd.
 */
__hidden __noreturn void init_loop(char *const *argv, char *const *envp, int sync_fd);

#endif
