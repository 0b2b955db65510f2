/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The monitor: supervises a running container.  One epoll loop waits on
 * the init's pidfd, the signals to forward, the control socket and the
 * stop timer; nothing runs while the container is quiet.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "commands.h"
#include "confile.h"
#include "log.h"
#include "seccomp_notify.h"
#include "start.h"
#include "state.h"
#include "syscalls.h"
#include "utils.h"

void monitor_signal_set(sigset_t *mask)
{
	static const int sigs[] = { SIGCHLD, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGPWR };

	sigemptyset(mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(mask, sigs[i]);
}

enum {
	TAG_INIT = -1,
	TAG_SIGNAL = -2,
	TAG_LISTEN = -3,
	TAG_TIMER = -4,
	TAG_FREEZE_WATCH = -5,	/* cgroup2 cgroup.events changed */
	TAG_FREEZE_POLL = -6,	/* v1: time to look at freezer.state again */
	TAG_SECCOMP = -7,	/* a seccomp notification */
};

/*
 * The freezer as the monitor drives it: RUNNING -> FREEZING (cgroup told to
 * freeze, clients waiting) -> FROZEN (every task frozen: the waiters get
 * their answer); a thaw from either goes THAWED -> RUNNING.  Waiting never
 * blocks the loop: cgroup2 says when it is frozen through cgroup.events,
 * v1's freezer.state is looked at on a timer.  The v1 freezer asks each task
 * to freeze once, when FROZEN is written: a task that went into a freezable
 * sleep just after (a vfork parent waiting for its child, say) stays
 * unfrozen and the cgroup FREEZING for good.  Writing FROZEN again asks the
 * stragglers again, as the kernel's freezer-subsystem.rst advises; the poll
 * does that every FREEZE_RETRY_TICKS.
 */
#define FREEZE_RETRY_TICKS 5
struct freezer_ctl {
	lxc_state_t state;
	int *waiters;
	size_t nwaiters;
	int watch_fd;
	int poll_fd;
	uint64_t ticks;		/* v1 poll ticks since the last FROZEN write */
};

struct monitor_ctx {
	struct lxc_handler *h;
	int ep;
	int tfd;		/* the stop timer */
	struct freezer_ctl fz;
};

static void send_to_init(struct lxc_handler *h, int sig)
{
	if (h->pidfd >= 0 && lxc_pidfd_send_signal(h->pidfd, sig, NULL, 0) == 0)
		return;
	if (kill(h->pid, sig) < 0)
		WARN("failed to send signal %d to init %d: %m", sig, h->pid);
}

static bool init_exited(struct lxc_handler *h)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	if (h->pidfd >= 0)
		return waitid(P_PIDFD, (id_t)h->pidfd, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		       info.si_pid != 0;
	return waitid(P_PID, (id_t)h->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       info.si_pid != 0;
}

static int add_fd(int **list, size_t *n, int fd)
{
	int *w = realloc(*list, (*n + 1) * sizeof(int));

	if (!w)
		return -ENOMEM;
	*list = w;
	w[(*n)++] = fd;
	return 0;
}

/*
 * The halt signal: lxc.signal.halt, else SIGRTMIN+3 when init blocks or
 * catches it (systemd, which halts on it and ignores SIGPWR), else SIGPWR.
 */
static int halt_signal(const struct lxc_handler *h)
{
	__do_free char *status = NULL;
	int sig = SIGRTMIN + 3;
	char path[64];

	if (h->conf->signal_halt_set)
		return h->conf->signal_halt;
	snprintf(path, sizeof(path), "/proc/%d/status", h->pid);
	if (read_file(path, &status, NULL) < 0)
		return h->conf->signal_halt;
	for (const char *field = "SigBlk:"; field; field = strcmp(field, "SigBlk:") == 0 ? "SigCgt:" : NULL) {
		const char *line = strstr(status, field);
		unsigned long long mask;

		if (line && sscanf(line + strlen(field), "%llx", &mask) == 1 &&
		    (mask & (1ULL << (sig - 1))))
			return sig;
	}
	return h->conf->signal_halt;
}

static int add_waiter(struct lxc_handler *h, int fd)
{
	return add_fd(&h->waiters, &h->nwaiters, fd);
}

/* A response carrying ret and, for a failure, its cause. */
static void reply(int fd, struct lxc_handler *h, lxc_state_t state, int ret)
{
	struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));

	if (!rsp)
		return;
	rsp->ret = ret;
	rsp->state = state;
	rsp->pid = h->pid;
	rsp->status = -1;
	if (ret < 0)
		snprintf(rsp->data, sizeof(rsp->data), "%s", log_cause());
	cmd_send_rsp(fd, rsp);
	free(rsp);
}

static void publish(struct monitor_ctx *c, lxc_state_t st)
{
	c->fz.state = st == LXC_STATE_THAWED ? LXC_STATE_RUNNING : st;
	state_publish(c->h->dirfd, c->h->name, st, c->h->pid);
}

static void freeze_unwatch(struct monitor_ctx *c)
{
	if (c->fz.watch_fd >= 0) {
		epoll_ctl(c->ep, EPOLL_CTL_DEL, c->fz.watch_fd, NULL);
		close_prot_errno(&c->fz.watch_fd);
	}
	if (c->fz.poll_fd >= 0) {
		epoll_ctl(c->ep, EPOLL_CTL_DEL, c->fz.poll_fd, NULL);
		close_prot_errno(&c->fz.poll_fd);
	}
}

static void freeze_answer(struct monitor_ctx *c, int ret)
{
	for (size_t i = 0; i < c->fz.nwaiters; i++) {
		reply(c->fz.waiters[i], c->h, c->fz.state, ret);
		close(c->fz.waiters[i]);
	}
	free(c->fz.waiters);
	c->fz.waiters = NULL;
	c->fz.nwaiters = 0;
}

/* FREEZING: is it done? */
static void freeze_check(struct monitor_ctx *c)
{
	int ret;

	if (c->fz.state != LXC_STATE_FREEZING)
		return;
	log_reset_cause();
	ret = cgroup_frozen(&c->h->cg);
	if (ret == 0)
		return;
	freeze_unwatch(c);
	if (ret < 0) {
		/* Cannot tell: leave it running rather than half frozen. */
		cgroup_thaw(&c->h->cg);
		publish(c, LXC_STATE_THAWED);
		publish(c, LXC_STATE_RUNNING);
	} else {
		INFO("container frozen");
		publish(c, LXC_STATE_FROZEN);
	}
	freeze_answer(c, ret < 0 ? ret : 0);
}

/* v1, still FREEZING after a while: ask the tasks not yet frozen again. */
static void freeze_retry(struct monitor_ctx *c)
{
	if (c->fz.state != LXC_STATE_FREEZING || c->fz.ticks < FREEZE_RETRY_TICKS)
		return;
	c->fz.ticks = 0;
	log_reset_cause();
	if (cgroup_freeze(&c->h->cg) < 0)
		WARN("failed to ask the container's tasks to freeze again: %s", log_cause());
	else
		DEBUG("still freezing: asked the tasks not yet frozen again");
	freeze_check(c);
}

static int freeze_watch(struct monitor_ctx *c)
{
	struct epoll_event ev = { .events = EPOLLPRI };
	struct itimerspec its = { .it_interval = { 0, 10 * 1000 * 1000 },
				  .it_value = { 0, 10 * 1000 * 1000 } };

	c->fz.watch_fd = cgroup_freeze_watch_fd(&c->h->cg);
	if (c->fz.watch_fd >= 0) {
		ev.data.u64 = (uint64_t)(int64_t)TAG_FREEZE_WATCH;
		if (epoll_ctl(c->ep, EPOLL_CTL_ADD, c->fz.watch_fd, &ev) == 0) {
			DEBUG("waiting for \"frozen 1\" in cgroup.events");
			return 0;
		}
		close_prot_errno(&c->fz.watch_fd);
	}
	c->fz.poll_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (c->fz.poll_fd < 0)
		return SYSCAUSE("failed to create a timer to watch the freezer: %m");
	timerfd_settime(c->fz.poll_fd, 0, &its, NULL);
	c->fz.ticks = 0;
	DEBUG("polling the freezer state every 10 ms");
	ev.events = EPOLLIN;
	ev.data.u64 = (uint64_t)(int64_t)TAG_FREEZE_POLL;
	if (epoll_ctl(c->ep, EPOLL_CTL_ADD, c->fz.poll_fd, &ev) < 0) {
		close_prot_errno(&c->fz.poll_fd);
		return SYSCAUSE("failed to watch the freezer: %m");
	}
	return 0;
}

/* Returns true when the client fd was kept (as a waiter). */
static bool freeze_request(struct monitor_ctx *c, int fd)
{
	int ret;

	if (c->fz.state == LXC_STATE_FROZEN) {
		reply(fd, c->h, c->fz.state, 0);
		return false;
	}
	if (c->fz.state == LXC_STATE_RUNNING) {
		ret = cgroup_freeze(&c->h->cg);
		if (ret == 0)
			ret = freeze_watch(c);
		if (ret < 0) {
			cgroup_thaw(&c->h->cg);
			reply(fd, c->h, c->fz.state, ret);
			return false;
		}
		INFO("freezing");
		publish(c, LXC_STATE_FREEZING);
	}
	if (add_fd(&c->fz.waiters, &c->fz.nwaiters, fd) < 0) {
		reply(fd, c->h, c->fz.state, -ENOMEM);
		return false;
	}
	freeze_check(c);
	return true;
}

/* Thaw a FREEZING or FROZEN container; 0 when it was not frozen. */
static int thaw(struct monitor_ctx *c)
{
	int ret;

	if (c->fz.state == LXC_STATE_RUNNING)
		return 0;
	ret = cgroup_thaw(&c->h->cg);
	if (ret < 0)
		return ret;
	freeze_unwatch(c);
	INFO("thawed");
	publish(c, LXC_STATE_THAWED);
	publish(c, LXC_STATE_RUNNING);
	if (c->fz.nwaiters) {
		log_reset_cause();
		CAUSE(-ECANCELED, "thawed before every process was frozen");
		freeze_answer(c, -ECANCELED);
		log_reset_cause();
	}
	return 0;
}

static bool handle_stop(struct monitor_ctx *c, const struct lxc_cmd_req *req, int fd)
{
	struct lxc_handler *h = c->h;

	if ((req->flags & LXC_CMD_STOP_KILL) || req->arg == 0) {
		INFO("stop requested: killing init with signal %d", h->conf->signal_stop);
		send_to_init(h, h->conf->signal_stop);
		/* A frozen task takes the pending signal once thawed. */
		if (thaw(c) < 0)
			WARN("failed to thaw the container to stop it: %s", log_cause());
	} else {
		/* Frozen, it could not even see the halt signal. */
		if (thaw(c) < 0)
			WARN("failed to thaw the container to stop it: %s", log_cause());
		int sig = halt_signal(h);

		INFO("stop requested: sending signal %d, timeout %d s", sig, req->arg);
		send_to_init(h, sig);
		if (req->arg > 0) {
			struct itimerspec its = { .it_value = { .tv_sec = req->arg } };

			timerfd_settime(c->tfd, 0, &its, NULL);
		}
	}
	if (req->flags & LXC_CMD_STOP_NOWAIT)
		return false;
	return add_waiter(h, fd) == 0;
}

/* The container's cgroup directories and its /proc/PID, as fds. */
static void send_cgroups(struct monitor_ctx *c, int fd)
{
	struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	int fds[LXC_CMD_MAX_FDS];
	__do_close int procfd = -EBADF;
	char proc[64];
	int n;

	if (!rsp)
		return;
	rsp->state = c->fz.state;
	rsp->pid = c->h->pid;
	rsp->status = -1;
	n = cgroup_describe(&c->h->cg, rsp->data, sizeof(rsp->data), fds, LXC_CMD_MAX_FDS - 1);
	snprintf(proc, sizeof(proc), "/proc/%d", (int)c->h->pid);
	procfd = open(proc, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (n >= 0 && procfd >= 0) {
		size_t len = strlen(rsp->data);

		snprintf(rsp->data + len, sizeof(rsp->data) - len, "p - %s\n", proc);
		fds[n++] = procfd;
	}
	if (n < 0) {
		rsp->ret = n;
		n = 0;
	}
	cmd_send_rsp_fds(fd, rsp, fds, (size_t)n);
	free(rsp);
}

/* Returns true when the client fd was kept (as a waiter). */
static bool handle_request(struct monitor_ctx *c, int fd)
{
	struct lxc_handler *h = c->h;
	struct lxc_cmd_req req;
	struct lxc_cmd_rsp *rsp;
	bool keep = false;

	if (cmd_recv_req(fd, &req) < 0)
		return false;
	log_reset_cause();
	switch (req.cmd) {
	case LXC_CMD_STOP:
		keep = handle_stop(c, &req, fd);
		if (!keep)
			reply(fd, h, c->fz.state, 0);
		return keep;
	case LXC_CMD_WAIT_EXIT:
		if (add_waiter(h, fd) == 0)
			return true;
		reply(fd, h, c->fz.state, -ENOMEM);
		return false;
	case LXC_CMD_FREEZE:
		return freeze_request(c, fd);
	case LXC_CMD_UNFREEZE:
		reply(fd, h, c->fz.state, thaw(c));
		return false;
	case LXC_CMD_GET_CGROUPS:
		send_cgroups(c, fd);
		return false;
	case LXC_CMD_CONSOLE:
		/* The terminal answers, and owns the connection from here. */
		terminal_attach(&h->term, c->ep, fd, req.arg);
		return true;
	}
	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return false;
	rsp->state = c->fz.state;
	rsp->pid = h->pid;
	rsp->status = -1;
	switch (req.cmd) {
	case LXC_CMD_GET_STATE:
		break;
	case LXC_CMD_GET_CONFIG_ITEM: {
		char *v = NULL;

		rsp->ret = confile_get(h->conf, req.data, &v);
		if (v) {
			snprintf(rsp->data, sizeof(rsp->data), "%s", v);
			free(v);
		}
		break;
	}
	case LXC_CMD_GET_IPS:
	case LXC_CMD_NET_DEVICE:
		network_command(&h->net, h->conf, h->name, h->pid, &req, rsp);
		break;
	default:
		rsp->ret = -EINVAL;
	}
	cmd_send_rsp(fd, rsp);
	free(rsp);
	return keep;
}

int monitor_supervise(struct lxc_handler *h)
{
	__do_close int ep = epoll_create1(EPOLL_CLOEXEC);
	__do_close int sfd = -EBADF, tfd = -EBADF;
	struct monitor_ctx c = {
		.h = h,
		.fz = { .state = LXC_STATE_RUNNING, .watch_fd = -EBADF, .poll_fd = -EBADF },
	};
	struct epoll_event ev;
	sigset_t mask;

	if (ep < 0)
		return -errno;
	monitor_signal_set(&mask);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (sfd < 0 || tfd < 0)
		return -errno;
	c.ep = ep;
	c.tfd = tfd;

	ev.events = EPOLLIN;
	if (h->pidfd >= 0) {
		ev.data.u64 = (uint64_t)(int64_t)TAG_INIT;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, h->pidfd, &ev) < 0)
			return -errno;
	}
	ev.data.u64 = (uint64_t)(int64_t)TAG_SIGNAL;
	epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
	ev.data.u64 = (uint64_t)(int64_t)TAG_LISTEN;
	epoll_ctl(ep, EPOLL_CTL_ADD, h->cmd_fd, &ev);
	ev.data.u64 = (uint64_t)(int64_t)TAG_TIMER;
	epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	if (terminal_watch(&h->term, ep) < 0)
		WARN("failed to watch the console: %m");
	/* seccomp "notify" rules: the syscalls wait for our answer. */
	if (h->seccomp_notify_fd >= 0) {
		ev.data.u64 = (uint64_t)(int64_t)TAG_SECCOMP;
		epoll_ctl(ep, EPOLL_CTL_ADD, h->seccomp_notify_fd, &ev);
	}

	/* It may have exited before the loop was ready. */
	while (!init_exited(h)) {
		struct epoll_event events[16];
		int n = epoll_wait(ep, events, 16, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			freeze_unwatch(&c);
			return -errno;
		}
		for (int i = 0; i < n; i++) {
			int64_t tag = (int64_t)events[i].data.u64;

			if (tag == TAG_SIGNAL) {
				struct signalfd_siginfo si;

				while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
					if (si.ssi_signo == SIGCHLD)
						continue;
					DEBUG("forwarding signal %u to init", si.ssi_signo);
					send_to_init(h, (int)si.ssi_signo);
				}
			} else if (tag == TAG_LISTEN) {
				int cfd = cmd_accept(h->cmd_fd);

				if (cfd < 0)
					continue;
				ev.events = EPOLLIN;
				ev.data.u64 = (uint64_t)cfd;
				if (epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev) < 0)
					close(cfd);
			} else if (tag == TAG_SECCOMP) {
				if (seccomp_notify_handle(h->seccomp_notify_fd, &h->seccomp_proxy_fd, h->conf,
							  h->pid) == -ENOENT &&
				    (events[i].events & EPOLLHUP))
					epoll_ctl(ep, EPOLL_CTL_DEL, h->seccomp_notify_fd, NULL);
			} else if (tag == TAG_TIMER) {
				uint64_t ticks;

				if (read(tfd, &ticks, sizeof(ticks)) > 0) {
					INFO("halt timeout expired: killing init");
					send_to_init(h, h->conf->signal_stop);
				}
			} else if (tag == TAG_FREEZE_WATCH) {
				char buf[256];

				/* Reading through this fd re-arms its poll. */
				(void)!pread(c.fz.watch_fd, buf, sizeof(buf), 0);
				freeze_check(&c);
			} else if (tag <= TERMINAL_TAG_BASE) {
				terminal_event(&h->term, ep, tag, events[i].events);
			} else if (tag == TAG_FREEZE_POLL) {
				uint64_t ticks;

				if (read(c.fz.poll_fd, &ticks, sizeof(ticks)) == sizeof(ticks))
					c.fz.ticks += ticks;
				freeze_check(&c);
				freeze_retry(&c);
			} else if (tag >= 0) {
				int cfd = (int)tag;

				epoll_ctl(ep, EPOLL_CTL_DEL, cfd, NULL);
				if (!handle_request(&c, cfd))
					close(cfd);
			}
		}
	}
	freeze_unwatch(&c);
	if (c.fz.nwaiters) {
		log_reset_cause();
		CAUSE(-ECANCELED, "the container stopped before it was frozen");
		freeze_answer(&c, -ECANCELED);
	}
	return 0;
}
