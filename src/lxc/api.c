/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public entry points that are not the start itself (start.c). */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "confile.h"
#include "log.h"
#include "lxc.h"
#include "start.h"
#include "state.h"
#include "utils.h"

LXC_PUBLIC const char *lxc_version(void)
{
	return PACKAGE_VERSION;
}

LXC_PUBLIC const char *lxc_default_lxcpath(void)
{
	return global_config_get("lxc.lxcpath");
}

/* Open the runtime directory of a container that may be running. */
static int open_rundir(const char *name, const char *lxcpath, char **path_out)
{
	__do_free char *path = NULL;
	int fd;

	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	path = resolve_lxcpath(lxcpath);
	if (!path)
		return -ENOMEM;
	fd = runtime_dir_open(path, false);
	if (path_out)
		*path_out = move_ptr(path);
	return fd;
}

LXC_PUBLIC int lxc_container_get_state(const char *name, const char *lxcpath,
				       lxc_state_t *state, pid_t *init_pid)
{
	__do_close int dirfd = -EBADF;
	lxc_state_t st = LXC_STATE_STOPPED;
	pid_t pid = -1;

	log_reset_cause();
	dirfd = open_rundir(name, lxcpath, NULL);
	if (dirfd == -EINVAL)
		return dirfd;
	if (dirfd >= 0)
		state_read(dirfd, name, &st, &pid);
	if (state)
		*state = st;
	if (init_pid)
		*init_pid = pid;
	return 0;
}

static int call(const char *name, const char *lxcpath, struct lxc_cmd_req *req,
		struct lxc_cmd_rsp *rsp)
{
	__do_close int dirfd = open_rundir(name, lxcpath, NULL);
	int ret;

	if (dirfd == -EINVAL)
		return dirfd;
	if (dirfd < 0)
		return -ESRCH;
	ret = cmd_call(dirfd, name, req, rsp);
	if (ret == -EACCES)
		return CAUSE(ret, "permission denied: only root or the container's owner may control it");
	return ret;
}

LXC_PUBLIC int lxc_container_stop(const char *name, const struct lxc_stop_options *opts,
				  int *exit_status)
{
	struct lxc_stop_options none = { .timeout = 60 };
	struct lxc_cmd_req req = { .cmd = LXC_CMD_STOP };
	struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	int ret;

	log_reset_cause();
	if (!rsp)
		return -ENOMEM;
	if (!opts)
		opts = &none;
	req.arg = opts->timeout < 0 ? -1 : opts->timeout;
	if (opts->kill)
		req.flags |= LXC_CMD_STOP_KILL;
	if (opts->nowait)
		req.flags |= LXC_CMD_STOP_NOWAIT;
	ret = call(name, opts->lxcpath, &req, rsp);
	if (ret == -ESRCH)
		ret = CAUSE(-ESRCH, "not running");
	else if (ret < 0 && !log_has_cause())
		ret = CAUSE(ret, "failed to stop: %m");
	else if (ret == 0 && rsp->ret < 0)
		ret = CAUSE(rsp->ret, "failed to stop: %m");
	if (exit_status)
		*exit_status = ret == 0 ? rsp->status : -1;
	free(rsp);
	return ret;
}

LXC_PUBLIC int lxc_container_join(const char *name, const char *lxcpath, int *exit_status)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_WAIT_EXIT };
	struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	int ret;

	log_reset_cause();
	if (!rsp)
		return -ENOMEM;
	ret = call(name, lxcpath, &req, rsp);
	if (ret == -ESRCH)
		ret = CAUSE(-ESRCH, "not running");
	else if (ret < 0 && !log_has_cause())
		ret = CAUSE(ret, "failed to wait for the container: %m");
	if (ret == 0 && exit_status)
		*exit_status = rsp->status;
	free(rsp);
	return ret;
}

LXC_PUBLIC int lxc_container_get_config_item(const char *name, const char *lxcpath,
					     const char *rcfile, const char *key, char **value)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_GET_CONFIG_ITEM };
	struct lxc_cmd_rsp *rsp = NULL;
	__do_conf_free struct lxc_conf *conf = NULL;
	__do_free char *path = NULL;
	int ret;

	log_reset_cause();
	if (!key || !confile_key_is_valid(key))
		return CAUSE(-EINVAL, "unknown key \"%s\"", key ? key : "");
	if (strlen(key) >= sizeof(req.data))
		return CAUSE(-EINVAL, "key \"%s\" is too long", key);
	strcpy(req.data, key);
	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return -ENOMEM;
	ret = call(name, lxcpath, &req, rsp);
	if (ret == 0 && rsp->ret == 0) {
		*value = strdup(rsp->data);
		free(rsp);
		return *value ? 0 : -ENOMEM;
	}
	free(rsp);
	if (ret == -EINVAL || ret == -EACCES)
		return ret;
	log_reset_cause();
	path = resolve_lxcpath(lxcpath);
	if (!path)
		return -ENOMEM;
	ret = load_config(name, path, rcfile, NULL, &conf);
	if (ret < 0)
		return ret;
	return confile_get(conf, key, value);
}

LXC_PUBLIC int lxc_container_set_config_item(const char *name, const char *lxcpath,
					     const char *key, const char *value)
{
	__do_conf_free struct lxc_conf *conf = conf_new();
	__do_free char *path = NULL, *dir = NULL;
	int ret;

	log_reset_cause();
	if (!conf)
		return -ENOMEM;
	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	if (!key || !confile_key_is_valid(key))
		return CAUSE(-EINVAL, "unknown key \"%s\"", key ? key : "");
	dir = resolve_lxcpath(lxcpath);
	if (!dir)
		return -ENOMEM;
	path = must_sprintf("%s/%s/config", dir, name);
	conf->keep_raw = true;
	ret = confile_read(conf, path);
	if (ret < 0)
		return ret;
	ret = confile_set_item(conf, key, value ? value : "", path);
	if (ret < 0)
		return ret;
	return confile_write(conf, path);
}

/* Watching a runtime directory. */
struct lxc_monitor {
	int ifd;
	int dirfd;
	char dir[PATH_MAX];
	/* last state reported per container, to report each change once */
	struct {
		char *name;
		lxc_state_t state;
	} *known;
	size_t nknown;
	/* events parsed but not yet returned */
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	size_t len, off;
};

LXC_PUBLIC struct lxc_monitor *lxc_monitor_open(const char *lxcpath)
{
	__do_free char *path = resolve_lxcpath(lxcpath);
	struct lxc_monitor *mon;

	log_reset_cause();
	if (!path) {
		errno = ENOMEM;
		return NULL;
	}
	mon = calloc(1, sizeof(*mon));
	if (!mon) {
		errno = ENOMEM;
		return NULL;
	}
	mon->ifd = -EBADF;
	/* Create the directory so that containers that do not exist yet
	 * can be watched. */
	mon->dirfd = runtime_dir_open(path, true);
	if (mon->dirfd < 0 || runtime_dir_path(path, mon->dir, sizeof(mon->dir)) < 0)
		goto fail;
	mon->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (mon->ifd < 0) {
		SYSCAUSE("failed to create an inotify instance: %m");
		goto fail;
	}
	if (inotify_add_watch(mon->ifd, mon->dir,
			      IN_MOVED_FROM | IN_DELETE | IN_CLOSE_WRITE | IN_ONLYDIR) < 0) {
		SYSCAUSE("failed to watch \"%s\": %m", mon->dir);
		goto fail;
	}
	return mon;
fail:
	{
		int err = errno;
		lxc_monitor_close(mon);
		errno = err;
	}
	return NULL;
}

LXC_PUBLIC int lxc_monitor_fd(const struct lxc_monitor *mon)
{
	return mon->ifd;
}

LXC_PUBLIC void lxc_monitor_close(struct lxc_monitor *mon)
{
	if (!mon)
		return;
	close_prot_errno(&mon->ifd);
	close_prot_errno(&mon->dirfd);
	for (size_t i = 0; i < mon->nknown; i++)
		free(mon->known[i].name);
	free(mon->known);
	free(mon);
}

/* Record name's state; returns true when it changed. */
static bool monitor_update(struct lxc_monitor *mon, const char *name, lxc_state_t st)
{
	void *n;

	for (size_t i = 0; i < mon->nknown; i++)
		if (strcmp(mon->known[i].name, name) == 0) {
			if (mon->known[i].state == st)
				return false;
			mon->known[i].state = st;
			return true;
		}
	n = realloc(mon->known, (mon->nknown + 1) * sizeof(*mon->known));
	if (!n)
		return true;
	mon->known = n;
	mon->known[mon->nknown].name = strdup(name);
	mon->known[mon->nknown].state = st;
	if (mon->known[mon->nknown].name)
		mon->nknown++;
	return true;
}

static bool has_suffix(const char *s, const char *suffix, size_t *stem)
{
	size_t l = strlen(s), sl = strlen(suffix);

	if (l <= sl || strcmp(s + l - sl, suffix) != 0)
		return false;
	*stem = l - sl;
	return true;
}

/* Decode one inotify event into (name, state); false if it is no change. */
static bool decode_event(struct lxc_monitor *mon, const struct inotify_event *ev, char *name,
			 size_t size, lxc_state_t *state)
{
	const char *cname;
	size_t stem;
	int st;

	if (!ev->len)
		return false;
	if (ev->mask & IN_MOVED_FROM) {
		st = state_from_tmpname(ev->name, &cname);
		if (st < 0)
			return false;
		snprintf(name, size, "%s", cname);
	} else if ((ev->mask & IN_DELETE) && has_suffix(ev->name, ".state", &stem)) {
		snprintf(name, size, "%.*s", (int)stem, ev->name);
		st = LXC_STATE_STOPPED;
	} else if ((ev->mask & IN_CLOSE_WRITE) && has_suffix(ev->name, ".lock", &stem)) {
		/* A monitor that died released its lock without a word. */
		lxc_state_t cur;
		pid_t pid;

		snprintf(name, size, "%.*s", (int)stem, ev->name);
		state_read(mon->dirfd, name, &cur, &pid);
		if (cur != LXC_STATE_STOPPED)
			return false;
		st = LXC_STATE_STOPPED;
		/* Only a container we saw alive can have died. */
		bool seen = false;
		for (size_t i = 0; i < mon->nknown; i++)
			if (strcmp(mon->known[i].name, name) == 0)
				seen = true;
		if (!seen)
			return false;
	} else {
		return false;
	}
	if (!monitor_update(mon, name, (lxc_state_t)st))
		return false;
	*state = (lxc_state_t)st;
	return true;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

LXC_PUBLIC int lxc_monitor_next(struct lxc_monitor *mon, int timeout_ms, char *name,
				size_t size, lxc_state_t *state)
{
	int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	for (;;) {
		while (mon->off < mon->len) {
			const struct inotify_event *ev = (const void *)(mon->buf + mon->off);

			mon->off += sizeof(*ev) + ev->len;
			if (decode_event(mon, ev, name, size, state))
				return 1;
		}
		mon->off = mon->len = 0;

		struct pollfd pfd = { .fd = mon->ifd, .events = POLLIN };
		int wait = -1;

		if (deadline >= 0) {
			int64_t left = deadline - now_ms();
			if (left <= 0)
				return 0;
			wait = (int)left;
		}
		int n = poll(&pfd, 1, wait);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return 0;
		ssize_t r = read(mon->ifd, mon->buf, sizeof(mon->buf));
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		mon->len = (size_t)r;
	}
}

LXC_PUBLIC int lxc_container_wait(const char *name, const char *lxcpath, unsigned int mask,
				  int timeout_ms)
{
	struct lxc_monitor *mon;
	lxc_state_t st;
	pid_t pid;
	int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	int ret;

	log_reset_cause();
	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	/* Already there: no watch (closing an inotify instance waits for an
	 * SRCU grace period, milliseconds on an idle machine). */
	if (lxc_container_get_state(name, lxcpath, &st, &pid) == 0 && (mask & (1u << st)))
		return (int)st;
	mon = lxc_monitor_open(lxcpath);
	if (!mon)
		return log_has_cause() ? -errno : SYSCAUSE("failed to watch for state changes: %m");
	/* Watch first, then look: no change can slip in between. */
	state_read(mon->dirfd, name, &st, &pid);
	monitor_update(mon, name, st);
	ret = (mask & (1u << st)) ? (int)st : -ETIMEDOUT;
	while (ret == -ETIMEDOUT) {
		char ev_name[NAME_MAX + 1];
		int left = -1;

		if (deadline >= 0) {
			int64_t l = deadline - now_ms();
			if (l <= 0)
				break;
			left = (int)l;
		}
		int n = lxc_monitor_next(mon, left, ev_name, sizeof(ev_name), &st);
		if (n < 0) {
			ret = CAUSE(n, "failed to watch for state changes: %m");
			break;
		}
		if (n == 0)
			break;
		if (strcmp(ev_name, name) == 0 && (mask & (1u << st)))
			ret = (int)st;
	}
	lxc_monitor_close(mon);
	if (ret == -ETIMEDOUT)
		return CAUSE(ret, "timed out waiting for the state");
	return ret;
}
