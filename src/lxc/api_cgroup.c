/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The public entry points for a running container's cgroups: the freezer
 * (done by the monitor, which publishes the states), reading and writing
 * cgroup files and statistics (done here, on the cgroup directories the
 * monitor hands over as fds, so that no path is looked up twice).
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "commands.h"
#include "log.h"
#include "lxc.h"
#include "start.h"
#include "state.h"
#include "utils.h"

static int open_runtime_dir(const char *name, const char *lxcpath)
{
	__do_free char *path = NULL;
	int fd;

	if (!name || !name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	path = resolve_lxcpath(lxcpath);
	if (!path)
		return -ENOMEM;
	fd = runtime_dir_open(path, false);
	return fd >= 0 ? fd : -ESRCH;
}

/* Ask the monitor; the errors of the call itself get their cause here. */
static int call_monitor(const char *name, const char *lxcpath, struct lxc_cmd_req *req,
			struct lxc_cmd_rsp *rsp, int timeout_ms, int *fds, size_t *nfds)
{
	__do_close int dirfd = open_runtime_dir(name, lxcpath);
	int ret;

	if (dirfd == -EINVAL || dirfd == -ENOMEM)
		return dirfd;
	if (dirfd < 0)
		return CAUSE(-ESRCH, "not running");
	ret = cmd_call_ex(dirfd, name, req, rsp, timeout_ms, fds, nfds);
	if (ret == -ESRCH)
		return CAUSE(-ESRCH, "not running");
	if (ret == -EACCES)
		return CAUSE(ret, "permission denied: only root or the container's owner may control it");
	if (ret < 0 && ret != -ETIMEDOUT)
		return CAUSE(ret, "failed to talk to the container's monitor: %m");
	return ret;
}

/* The monitor's failure: its own cause when it sent one. */
static int monitor_failure(const struct lxc_cmd_rsp *rsp, const char *what)
{
	if (rsp->data[0]) {
		log_set_cause_text(rsp->data);
		return rsp->ret;
	}
	return CAUSE(rsp->ret, "%s: %m", what);
}

LXC_PUBLIC int lxc_container_freeze(const char *name, const char *lxcpath, int timeout_ms)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_FREEZE };
	__do_free struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	int ret;

	log_reset_cause();
	if (!rsp)
		return -ENOMEM;
	ret = call_monitor(name, lxcpath, &req, rsp, timeout_ms, NULL, NULL);
	if (ret == -ETIMEDOUT) {
		struct lxc_cmd_req thaw = { .cmd = LXC_CMD_UNFREEZE };

		/* Half frozen helps nobody: back to RUNNING. */
		call_monitor(name, lxcpath, &thaw, rsp, -1, NULL, NULL);
		log_reset_cause();
		return CAUSE(-ETIMEDOUT, "not frozen within %d ms (a process may be in uninterruptible sleep); thawed it again",
			     timeout_ms);
	}
	if (ret < 0)
		return ret;
	if (rsp->ret < 0)
		return monitor_failure(rsp, "failed to freeze");
	return 0;
}

LXC_PUBLIC int lxc_container_unfreeze(const char *name, const char *lxcpath)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_UNFREEZE };
	__do_free struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	int ret;

	log_reset_cause();
	if (!rsp)
		return -ENOMEM;
	ret = call_monitor(name, lxcpath, &req, rsp, -1, NULL, NULL);
	if (ret < 0)
		return ret;
	if (rsp->ret < 0)
		return monitor_failure(rsp, "failed to thaw");
	return 0;
}

/* The container's cgroups (and its /proc/PID directory, when it has one). */
static int get_cgroups(const char *name, const char *lxcpath, struct cgroup_ops *ops, int *procfd)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_GET_CGROUPS };
	__do_free struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	int fds[LXC_CMD_MAX_FDS];
	size_t nfds = 0;
	char *p;
	int ret;

	*procfd = -EBADF;
	if (!rsp)
		return -ENOMEM;
	ret = call_monitor(name, lxcpath, &req, rsp, -1, fds, &nfds);
	if (ret < 0)
		return ret;
	if (rsp->ret < 0) {
		for (size_t i = 0; i < nfds; i++)
			close(fds[i]);
		return CAUSE(rsp->ret, "failed to get the container's cgroups: %m");
	}
	p = strncmp(rsp->data, "p - ", 4) == 0 ? rsp->data : strstr(rsp->data, "\np - ");
	if (p && nfds > 0) {
		/* The last line and the last fd: /proc/PID. */
		if (*p == '\n')
			p++;
		*p = '\0';
		*procfd = fds[--nfds];
	}
	ret = cgroup_import(ops, rsp->data, fds, nfds);
	if (ret < 0) {
		close_prot_errno(procfd);
		return CAUSE(ret, "garbled answer from the container's monitor");
	}
	return 0;
}

LXC_PUBLIC int lxc_container_cgroup_get(const char *name, const char *lxcpath, const char *key,
					char **value)
{
	struct cgroup_ops ops;
	__do_close int procfd = -EBADF;
	int ret;

	log_reset_cause();
	if (!key || !value)
		return CAUSE(-EINVAL, "no cgroup file given");
	ret = get_cgroups(name, lxcpath, &ops, &procfd);
	if (ret < 0)
		return ret;
	ret = cgroup_get(&ops, key, value);
	cgroup_ops_free(&ops);
	return ret;
}

LXC_PUBLIC int lxc_container_cgroup_set(const char *name, const char *lxcpath, const char *key,
					const char *value)
{
	struct cgroup_ops ops;
	__do_close int procfd = -EBADF;
	int ret;

	log_reset_cause();
	if (!key || !value)
		return CAUSE(-EINVAL, "no cgroup file or value given");
	ret = get_cgroups(name, lxcpath, &ops, &procfd);
	if (ret < 0)
		return ret;
	ret = cgroup_set(&ops, key, value);
	cgroup_ops_free(&ops);
	return ret;
}

/* The container's interfaces, from /proc/PID/net/dev of its init. */
static void read_links(int procfd, struct lxc_container_stats *st)
{
	__do_free char *text = NULL;
	struct stat mine, theirs;
	char *save = NULL;
	int line = 0;

	/* Sharing our network namespace, its interfaces are not its own. */
	if (stat("/proc/self/ns/net", &mine) == 0 && fstatat(procfd, "ns/net", &theirs, 0) == 0 &&
	    mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev)
		return;
	if (read_file_at(procfd, "net/dev", &text, NULL) < 0)
		return;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		unsigned long long rx, tx, skip;
		char *colon = strchr(l, ':');
		struct lxc_link_stats *ls;

		/* Two header lines first. */
		if (line++ < 2 || !colon || st->nlinks >= ARRAY_SIZE(st->links))
			continue;
		*colon = '\0';
		l = trim(l);
		if (strcmp(l, "lo") == 0)
			continue;
		if (sscanf(colon + 1, "%llu %llu %llu %llu %llu %llu %llu %llu %llu", &rx, &skip, &skip,
			   &skip, &skip, &skip, &skip, &skip, &tx) != 9)
			continue;
		ls = &st->links[st->nlinks++];
		snprintf(ls->name, sizeof(ls->name), "%s", l);
		ls->rx_bytes = rx;
		ls->tx_bytes = tx;
	}
}

LXC_PUBLIC int lxc_container_get_stats(const char *name, const char *lxcpath,
				       struct lxc_container_stats *stats)
{
	struct cgroup_ops ops;
	__do_close int procfd = -EBADF;
	int ret;

	log_reset_cause();
	if (!stats)
		return CAUSE(-EINVAL, "no statistics buffer given");
	memset(stats, 0, sizeof(*stats));
	ret = get_cgroups(name, lxcpath, &ops, &procfd);
	if (ret < 0)
		return ret;
	ret = cgroup_read_stats(&ops, stats);
	cgroup_ops_free(&ops);
	if (procfd >= 0)
		read_links(procfd, stats);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

LXC_PUBLIC int lxc_list_running(const char *lxcpath, char ***names)
{
	__do_free char *path = NULL;
	__do_close int dirfd = -EBADF;
	__do_closedir DIR *dir = NULL;
	char **list = calloc(1, sizeof(char *));
	size_t n = 0;
	struct dirent *de;

	log_reset_cause();
	if (!list)
		return -ENOMEM;
	path = resolve_lxcpath(lxcpath);
	if (!path) {
		free(list);
		return -ENOMEM;
	}
	dirfd = runtime_dir_open(path, false);
	if (dirfd >= 0)
		dir = fdopendir(dup(dirfd));
	while (dir && (de = readdir(dir))) {
		size_t len = strlen(de->d_name);
		char cname[NAME_MAX + 1];
		lxc_state_t st;
		pid_t pid;

		if (de->d_name[0] == '.' || len <= 6 || strcmp(de->d_name + len - 6, ".state") != 0)
			continue;
		snprintf(cname, sizeof(cname), "%.*s", (int)(len - 6), de->d_name);
		if (state_read(dirfd, cname, &st, &pid) < 0 || st == LXC_STATE_STOPPED)
			continue;
		if (strv_append(&list, cname) < 0) {
			strv_free(list);
			return -ENOMEM;
		}
		n++;
	}
	qsort(list, n, sizeof(char *), cmp_names);
	*names = list;
	return (int)n;
}
