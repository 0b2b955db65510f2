/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "namespace.h"
#include "syscalls.h"

const char *ns_flags_string(int flags)
{
	static char buf[64];
	static const struct {
		int flag;
		const char *name;
	} names[] = {
		{ CLONE_NEWNS, "mount" }, { CLONE_NEWPID, "pid" }, { CLONE_NEWUTS, "uts" },
		{ CLONE_NEWIPC, "ipc" }, { CLONE_NEWNET, "net" }, { CLONE_NEWCGROUP, "cgroup" },
		{ CLONE_NEWUSER, "user" }, { CLONE_NEWTIME, "time" },
	};

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].flag) {
			if (buf[0])
				strcat(buf, " ");
			strcat(buf, names[i].name);
		}
	return buf;
}

static int spawn_error(int flags)
{
	int err = errno;

	if (err == EPERM || err == ENOSPC || err == EUSERS)
		return CAUSE(-err, "failed to create the namespaces (%s): %m; as a non-root user "
				   "this needs user namespaces (check the sysctls user.max_user_namespaces "
				   "and kernel.unprivileged_userns_clone)",
			     ns_flags_string(flags));
	if (err == EINVAL)
		return CAUSE(-err, "failed to create the namespaces (%s): the kernel lacks one of them",
			     ns_flags_string(flags));
	return CAUSE(-err, "failed to create the namespaces (%s): %m", ns_flags_string(flags));
}

pid_t ns_spawn(int flags, int cgroup_fd, struct spawn_result *res)
{
	struct lxc_clone_args args;
	int pidfd = -EBADF;
	pid_t pid;

	res->pidfd = -EBADF;
	res->in_cgroup = false;

	/* The child makes its cgroup namespace itself, once it is in its
	 * cgroups (see setup.c). */
	flags &= ~CLONE_NEWCGROUP;
	memset(&args, 0, sizeof(args));
	args.flags = (uint64_t)flags | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	pid = lxc_clone3(&args, sizeof(args));
	if (pid < 0 && cgroup_fd >= 0 && errno != ENOSYS && errno != EPERM) {
		/* E2BIG/EINVAL: a kernel before CLONE_INTO_CGROUP (5.7). */
		DEBUG("clone3 with CLONE_INTO_CGROUP failed (%m); placing the child afterwards");
		args.flags &= ~CLONE_INTO_CGROUP;
		args.cgroup = 0;
		args.pidfd = (uint64_t)(uintptr_t)&pidfd;
		pid = lxc_clone3(&args, sizeof(args));
	}
	if (pid >= 0) {
		if (pid > 0) {
			res->pidfd = pidfd;
			res->in_cgroup = (args.flags & CLONE_INTO_CGROUP) != 0;
		}
		return pid;
	}
	if (errno != ENOSYS)
		return spawn_error(flags);

	DEBUG("clone3 is not available; using clone");
	pid = lxc_raw_clone((unsigned long)flags | CLONE_PIDFD, &pidfd);
	if (pid < 0 && errno == EINVAL)
		pid = lxc_raw_clone((unsigned long)flags, NULL);
	if (pid < 0)
		return spawn_error(flags);
	if (pid == 0)
		return 0;
	if (pidfd < 0) {
		pidfd = lxc_pidfd_open(pid, 0);
		if (pidfd < 0)
			DEBUG("no pidfd for the container (%m): waiting by pid");
	}
	res->pidfd = pidfd;
	return pid;
}
