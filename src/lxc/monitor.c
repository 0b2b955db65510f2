/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The monitor: supervises a running container.  One epoll loop waits on
 * the init's pidfd, the signals to forward, the control socket and the
 * stop timer; nothing runs while the container is quiet.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "confile.h"
#include "log.h"
#include "seccomp_notify.h"
#include "start.h"
#include "syscalls.h"
#include "utils.h"

void monitor_signal_set(sigset_t *mask)
{
	static const int sigs[] = { SIGCHLD, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGPWR };

	sigemptyset(mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(mask, sigs[i]);
}

enum { TAG_INIT = -1, TAG_SIGNAL = -2, TAG_LISTEN = -3, TAG_TIMER = -4, TAG_SECCOMP = -5 };

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

static int add_waiter(struct lxc_handler *h, int fd)
{
	int *w = realloc(h->waiters, (h->nwaiters + 1) * sizeof(int));

	if (!w)
		return -ENOMEM;
	h->waiters = w;
	h->waiters[h->nwaiters++] = fd;
	return 0;
}

/* Returns true when the client fd was kept (as a waiter). */
static bool handle_request(struct lxc_handler *h, int fd, int timerfd)
{
	struct lxc_cmd_req req;
	struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	bool keep = false;

	if (!rsp)
		return false;
	rsp->state = LXC_STATE_RUNNING;
	rsp->pid = h->pid;
	rsp->status = -1;
	if (cmd_recv_req(fd, &req) < 0) {
		free(rsp);
		return false;
	}
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
	case LXC_CMD_STOP:
		if ((req.flags & LXC_CMD_STOP_KILL) || req.arg == 0) {
			INFO("stop requested: killing init with signal %d", h->conf->signal_stop);
			send_to_init(h, h->conf->signal_stop);
		} else {
			INFO("stop requested: sending signal %d, timeout %d s", h->conf->signal_halt,
			     req.arg);
			send_to_init(h, h->conf->signal_halt);
			if (req.arg > 0) {
				struct itimerspec its = { .it_value = { .tv_sec = req.arg } };

				timerfd_settime(timerfd, 0, &its, NULL);
			}
		}
		if (req.flags & LXC_CMD_STOP_NOWAIT)
			break;
		keep = add_waiter(h, fd) == 0;
		break;
	case LXC_CMD_WAIT_EXIT:
		keep = add_waiter(h, fd) == 0;
		break;
	default:
		rsp->ret = -EINVAL;
	}
	if (!keep)
		cmd_send_rsp(fd, rsp);
	free(rsp);
	return keep;
}

int monitor_supervise(struct lxc_handler *h)
{
	__do_close int ep = epoll_create1(EPOLL_CLOEXEC);
	__do_close int sfd = -EBADF, tfd = -EBADF;
	struct epoll_event ev;
	sigset_t mask;

	if (ep < 0)
		return -errno;
	monitor_signal_set(&mask);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (sfd < 0 || tfd < 0)
		return -errno;

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
			} else if (tag >= 0) {
				int cfd = (int)tag;

				epoll_ctl(ep, EPOLL_CTL_DEL, cfd, NULL);
				if (!handle_request(h, cfd, tfd))
					close(cfd);
			}
		}
	}
	return 0;
}
