/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
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

int cmd_call(int dirfd, const char *name, const struct lxc_cmd_req *req, struct lxc_cmd_rsp *rsp)
{
	__do_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un addr;
	socklen_t len;
	ssize_t n;
	int ret;

	if (fd < 0)
		return -errno;
	ret = sock_addr(dirfd, name, &addr, &len);
	if (ret < 0)
		return ret;
	if (connect(fd, (struct sockaddr *)&addr, len) < 0) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			return -ESRCH;
		return -errno;
	}
	if (send(fd, req, sizeof(*req), MSG_NOSIGNAL) != (ssize_t)sizeof(*req)) {
		if (errno == EPIPE || errno == ECONNRESET)
			return -ESRCH;
		return -errno;
	}
	n = read_all(fd, rsp, sizeof(*rsp));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ESRCH;
	if ((size_t)n != sizeof(*rsp))
		return -EPROTO;
	rsp->data[sizeof(rsp->data) - 1] = '\0';
	if (rsp->ret == -EACCES)
		return -EACCES;
	return 0;
}

int cmd_send_rsp_fds(int fd, const struct lxc_cmd_rsp *rsp, const int *fds, size_t nfds)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = (void *)rsp, .iov_len = sizeof(*rsp) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (nfds > 4)
		return -E2BIG;
	if (nfds > 0) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	return n == (ssize_t)sizeof(*rsp) ? 0 : -errno;
}

int cmd_call_fds(int dirfd, const char *name, const struct lxc_cmd_req *req,
		 struct lxc_cmd_rsp *rsp, int *fds, size_t *nfds, int *conn)
{
	__do_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = rsp, .iov_len = sizeof(*rsp) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf) };
	struct sockaddr_un addr;
	size_t max = *nfds, got = 0;
	socklen_t len;
	ssize_t n;
	int ret;

	*nfds = 0;
	if (fd < 0)
		return -errno;
	ret = sock_addr(dirfd, name, &addr, &len);
	if (ret < 0)
		return ret;
	if (connect(fd, (struct sockaddr *)&addr, len) < 0)
		return errno == ENOENT || errno == ECONNREFUSED ? -ESRCH : -errno;
	if (send(fd, req, sizeof(*req), MSG_NOSIGNAL) != (ssize_t)sizeof(*req))
		return errno == EPIPE || errno == ECONNRESET ? -ESRCH : -errno;
	/* The fds come with the first bytes; read the rest plainly. */
	do {
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int f;

			memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (got < max)
				fds[got++] = f;
			else
				close(f);
		}
	}
	if (n == 0) {
		for (size_t i = 0; i < got; i++)
			close(fds[i]);
		return -ESRCH;
	}
	if ((size_t)n != sizeof(*rsp)) {
		for (size_t i = 0; i < got; i++)
			close(fds[i]);
		return -EPROTO;
	}
	rsp->data[sizeof(rsp->data) - 1] = '\0';
	if (rsp->ret == -EACCES) {
		for (size_t i = 0; i < got; i++)
			close(fds[i]);
		return -EACCES;
	}
	*nfds = got;
	*conn = move_fd(fd);
	return 0;
}
