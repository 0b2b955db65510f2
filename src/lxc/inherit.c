/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The fds a tool inherited from whoever ran it.  The container never gets
 * them (the child closes everything before it execs), but a daemonized
 * monitor would keep them open for the container's whole life: lxc-start
 * refuses to start with such fds unless told to close them (-C).
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "lxc.h"
#include "utils.h"

LXC_PUBLIC int lxc_check_inherited_fds(bool close_them)
{
	__do_closedir DIR *dir = NULL;
	struct dirent *de;
	int dfd;

	log_reset_cause();
	dir = opendir("/proc/self/fd");
	if (!dir)
		return SYSCAUSE("failed to list the open fds (/proc/self/fd): %m");
	dfd = dirfd(dir);
restart:
	while ((de = readdir(dir))) {
		char link[64], target[PATH_MAX];
		ssize_t n;
		int fd;

		if (parse_int(de->d_name, &fd) < 0 || fd <= STDERR_FILENO || fd == dfd || fd == log_fd())
			continue;
		if (close_them) {
			close(fd);
			INFO("closed inherited fd %d", fd);
			/* The listing may have changed under us. */
			rewinddir(dir);
			goto restart;
		}
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		return CAUSE(-EBADFD, "inherited fd %d (\"%s\") is open: close it, or let it be closed (lxc-start -C, --close-all-fds)",
			     fd, target);
	}
	return 0;
}
