/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"
#include "utils.h"

static int sock_addr(int dirfd, const char *name, struct sockaddr_un *addr, socklen_t *len)
{
	char fname[NAME_MAX + 1];
	int n;

	/* Address the socket through the directory fd: paths stay short. */
	snprintf(fname, sizeof(fname), "%s.sock", name);
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	n = snprintf(addr->sun_path, sizeof(addr->sun_path), "/proc/self/fd/%d/%s", dirfd, fname);
	if (n < 0 || (size_t)n >= sizeof(addr->sun_path))
		return -ENAMETOOLONG;
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)n + 1);
	return 0;
}

int cmd_listen(int dirfd, const char *name)
{
	__do_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	struct sockaddr_un addr;
	socklen_t len;
	mode_t old;
	int ret;

	if (fd < 0)
		return SYSCAUSE("failed to create the control socket: %m");
	ret = sock_addr(dirfd, name, &addr, &len);
	if (ret < 0)
		return CAUSE(ret, "control socket path of \"%s\" is too long", name);
	cmd_unlink(dirfd, name);
	old = umask(0177);
	ret = bind(fd, (struct sockaddr *)&addr, len);
	umask(old);
	if (ret < 0)
		return SYSCAUSE("failed to bind the control socket of \"%s\": %m", name);
	if (listen(fd, 64) < 0)
		return SYSCAUSE("failed to listen on the control socket of \"%s\": %m", name);
	return move_fd(fd);
}

void cmd_unlink(int dirfd, const char *name)
{
	char fname[NAME_MAX + 1];

	snprintf(fname, sizeof(fname), "%s.sock", name);
	unlinkat(dirfd, fname, 0);
}

int cmd_accept(int lfd)
{
	__do_close int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (fd < 0)
		return -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -errno;
	/* Only root and the container's owner may control it. */
	if (cred.uid != 0 && cred.uid != geteuid()) {
		struct lxc_cmd_rsp rsp = { .ret = -EACCES };

		WARN("refused control connection from uid %u", cred.uid);
		cmd_send_rsp(fd, &rsp);
		return -EACCES;
	}
	return move_fd(fd);
}

int cmd_recv_req(int fd, struct lxc_cmd_req *req)
{
	ssize_t n = read_all(fd, req, sizeof(*req));

	if (n < 0)
		return (int)n;
	if ((size_t)n != sizeof(*req))
		return -EPROTO;
	req->data[sizeof(req->data) - 1] = '\0';
	return 0;
}

int cmd_send_rsp(int fd, const struct lxc_cmd_rsp *rsp)
{
	ssize_t n = send(fd, rsp, sizeof(*rsp), MSG_NOSIGNAL);

	return n == (ssize_t)sizeof(*rsp) ? 0 : -errno;
}

int cmd_send_rsp_fds(int fd, const struct lxc_cmd_rsp *rsp, const int *fds, size_t nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LXC_CMD_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = (void *)rsp, .iov_len = sizeof(*rsp) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	size_t done;
	ssize_t n;

	if (nfds > LXC_CMD_MAX_FDS)
		return -E2BIG;
	if (nfds > 0) {
		struct cmsghdr *cmsg;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * nfds);
	}
	n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	if (n < 0)
		return -errno;
	/* The fds went with the first byte; the rest is plain data. */
	done = (size_t)n;
	while (done < sizeof(*rsp)) {
		n = send(fd, (const char *)rsp + done, sizeof(*rsp) - done, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += (size_t)n;
	}
	return 0;
}

/* Read the response, collecting the fds that come with it. */
static int recv_rsp(int fd, struct lxc_cmd_rsp *rsp, int *fds, size_t *nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LXC_CMD_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = rsp, .iov_len = sizeof(*rsp) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;
	size_t got = 0;
	ssize_t n;

	if (nfds)
		*nfds = 0;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	do {
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ESRCH;
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
		size_t count;

		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < count; i++) {
			int rfd;

			memcpy(&rfd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
			if (fds && nfds && *nfds < LXC_CMD_MAX_FDS)
				fds[(*nfds)++] = rfd;
			else
				close(rfd);
		}
	}
	got = (size_t)n;
	if (got < sizeof(*rsp)) {
		n = read_all(fd, (char *)rsp + got, sizeof(*rsp) - got);
		if (n < 0 || (size_t)n != sizeof(*rsp) - got) {
			for (size_t i = 0; nfds && i < *nfds; i++)
				close(fds[i]);
			if (nfds)
				*nfds = 0;
			return n < 0 ? (int)n : -EPROTO;
		}
	}
	return 0;
}

/* Connect to the container's socket and send req: the connection, or -ESRCH. */
static int connect_and_send(int dirfd, const char *name, const struct lxc_cmd_req *req)
{
	__do_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un addr;
	socklen_t len;
	int ret;

	if (fd < 0)
		return -errno;
	ret = sock_addr(dirfd, name, &addr, &len);
	if (ret < 0)
		return ret;
	if (connect(fd, (struct sockaddr *)&addr, len) < 0)
		return errno == ENOENT || errno == ECONNREFUSED ? -ESRCH : -errno;
	if (send(fd, req, sizeof(*req), MSG_NOSIGNAL) != (ssize_t)sizeof(*req))
		return errno == EPIPE || errno == ECONNRESET ? -ESRCH : -errno;
	return move_fd(fd);
}

int cmd_call(int dirfd, const char *name, const struct lxc_cmd_req *req, struct lxc_cmd_rsp *rsp)
{
	return cmd_call_ex(dirfd, name, req, rsp, -1, NULL, NULL);
}

int cmd_call_ex(int dirfd, const char *name, const struct lxc_cmd_req *req,
		struct lxc_cmd_rsp *rsp, int timeout_ms, int *fds, size_t *nfds)
{
	__do_close int fd = -EBADF;
	int ret;

	if (nfds)
		*nfds = 0;
	fd = connect_and_send(dirfd, name, req);
	if (fd < 0)
		return fd;
	if (timeout_ms >= 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		do {
			ret = poll(&pfd, 1, timeout_ms);
		} while (ret < 0 && errno == EINTR);
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return -ETIMEDOUT;
	}
	ret = recv_rsp(fd, rsp, fds, nfds);
	if (ret < 0)
		return ret;
	rsp->data[sizeof(rsp->data) - 1] = '\0';
	if (rsp->ret == -EACCES) {
		for (size_t i = 0; nfds && i < *nfds; i++)
			close(fds[i]);
		if (nfds)
			*nfds = 0;
		return -EACCES;
	}
	return 0;
}

int cmd_call_fds(int dirfd, const char *name, const struct lxc_cmd_req *req,
		 struct lxc_cmd_rsp *rsp, int *fds, size_t *nfds, int *conn)
{
	__do_close int fd = -EBADF;
	int got[LXC_CMD_MAX_FDS];
	size_t ngot = 0, max = *nfds;
	int ret;

	*nfds = 0;
	fd = connect_and_send(dirfd, name, req);
	if (fd < 0)
		return fd;
	ret = recv_rsp(fd, rsp, got, &ngot);
	if (ret < 0)
		return ret;
	rsp->data[sizeof(rsp->data) - 1] = '\0';
	for (size_t i = 0; i < ngot; i++) {
		if (rsp->ret != -EACCES && i < max)
			fds[(*nfds)++] = got[i];
		else
			close(got[i]);
	}
	if (rsp->ret == -EACCES) {
		*nfds = 0;
		return -EACCES;
	}
	*conn = move_fd(fd);
	return 0;
}
