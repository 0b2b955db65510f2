/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "seccomp_notify.h"
#include "utils.h"

/* Seconds the proxy has for an answer: the caller is blocked meanwhile. */
#define PROXY_TIMEOUT 5

/* "unix:/path" or "unix:@abstract". */
static int proxy_connect(const char *spec)
{
	__do_close int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	struct timeval tv = { .tv_sec = PROXY_TIMEOUT };
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	const char *path;
	socklen_t len;

	if (strncmp(spec, "unix:", 5) != 0)
		return CAUSE(-EINVAL, "lxc.seccomp.notify.proxy \"%s\": expected unix:PATH or unix:@NAME", spec);
	path = spec + 5;
	if (strlen(path) >= sizeof(addr.sun_path) || !*path)
		return CAUSE(-ENAMETOOLONG, "lxc.seccomp.notify.proxy \"%s\": bad socket name", spec);
	memcpy(addr.sun_path, path, strlen(path));
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + (path[0] == '@' ? 0 : 1));
	if (path[0] == '@')
		addr.sun_path[0] = '\0';
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, len) < 0)
		return CAUSE(-errno, "lxc.seccomp.notify.proxy: cannot connect to \"%s\": %m", spec);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return move_fd(fd);
}

/* Ask the proxy; 0 with *resp filled in, or a negative errno. */
static int ask_proxy(int *proxy, const struct lxc_conf *conf, pid_t init_pid,
		     const struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	const char *cookie = conf->seccomp_notify_cookie ? conf->seccomp_notify_cookie : "";
	struct lxc_seccomp_proxy_msg hdr = {
		.version = 1,
		.monitor_pid = (int32_t)getpid(),
		.init_pid = (int32_t)init_pid,
		.notif_size = sizeof(*req),
		.resp_size = sizeof(*resp),
		.data_size = sizeof(req->data),
		.cookie_len = strlen(cookie),
	};
	struct iovec iov[4] = {
		{ &hdr, sizeof(hdr) },
		{ (void *)req, sizeof(*req) },
		{ resp, sizeof(*resp) },
		{ (void *)cookie, strlen(cookie) },
	};
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 4 };
	struct seccomp_notif_resp answer;
	ssize_t n;

	if (*proxy < 0) {
		*proxy = proxy_connect(conf->seccomp_notify_proxy);
		if (*proxy < 0)
			return *proxy;
	}
	if (sendmsg(*proxy, &mh, MSG_NOSIGNAL) < 0)
		goto lost;
	n = recv(*proxy, &answer, sizeof(answer), 0);
	if (n != (ssize_t)sizeof(answer) || answer.id != req->id) {
		if (n >= 0)
			errno = EPROTO;
		goto lost;
	}
	*resp = answer;
	return 0;
lost:
	/* Reconnect for the next one: the proxy may have restarted. */
	WARN("lxc.seccomp.notify.proxy: no answer for syscall %d of pid %u: %m", req->data.nr, req->pid);
	close_prot_errno(proxy);
	return -errno;
}

int seccomp_notify_handle(int listener, int *proxy, const struct lxc_conf *conf, pid_t init_pid)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	/* The kernel wants a zeroed request. */
	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return errno == ENOENT || errno == EINTR ? -ENOENT : -errno;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -ENOSYS;
	if (conf->seccomp_notify_proxy && *conf->seccomp_notify_proxy) {
		if (ask_proxy(proxy, conf, init_pid, &req, &resp) < 0) {
			memset(&resp, 0, sizeof(resp));
			resp.id = req.id;
			resp.error = -ENOSYS;
		}
	} else {
		INFO("seccomp notify: syscall %d of pid %u refused (no lxc.seccomp.notify.proxy)", req.data.nr,
		     req.pid);
	}
	/* ENOENT: the caller went away (killed) meanwhile. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
		WARN("seccomp notify: failed to answer syscall %d of pid %u: %m", req.data.nr, req.pid);
	return 0;
}
