/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_START_H
#define LXC_START_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "conf.h"
#include "lxc.h"
#include "macro.h"
#include "network.h"
#include "terminal.h"
#include "security.h"

struct lxc_handler {
	char *name;
	char *lxcpath;
	struct lxc_conf *conf;
	char **argv;
	bool execute;
	int dirfd;		/* runtime directory */
	int lock_fd;
	int cmd_fd;		/* control socket */
	struct cgroup_ops cg;
	pid_t pid;		/* the container's init */
	int pidfd;
	bool reaped;
	bool child_failed;	/* the handshake reported an error */
	char *pidfile;
	int notify_fd;		/* daemon: tells lxc-start the outcome */
	int exit_status;
	int *waiters;		/* clients waiting for the stop */
	size_t nwaiters;
	struct lxc_network *net;	/* NULL: no interface to make */
	/* System containers. */
	int ns_fds[8];		/* the container's namespaces, for lxc.hook.stop */
	char **ns_paths;	/* "net:/proc/PID/fd/N", ... */
	struct lxc_terminal term;	/* console and ttys */
	/* Security. */
	struct security_ctx sec;	/* prepared before the clone */
	int seccomp_notify_fd;		/* the container's notify listener */
	int seccomp_proxy_fd;		/* lxc.seccomp.notify.proxy, once connected */
	char *init_path;		/* execute: lxc-init */
};

/* Read the configuration as lxc_start_options describes. */
__hidden int load_config(const char *name, const char *lxcpath, const char *rcfile,
			 const char *const *overrides, struct lxc_conf **out);
/* The lxcpath to use: opts value or default, without trailing slashes. */
__hidden char *resolve_lxcpath(const char *lxcpath);

/* The signals the monitor handles: SIGCHLD and those forwarded to init. */
__hidden void monitor_signal_set(sigset_t *mask);
/* The monitor's event loop: returns once init has exited (monitor.c). */
__hidden int monitor_supervise(struct lxc_handler *h);

#endif
