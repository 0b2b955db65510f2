/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "sync.h"
#include "utils.h"

const char *sync_stage_name(int stage)
{
	switch (stage) {
	case SYNC_CONFIGURE:
		return "configure";
	case SYNC_ERROR:
		return "error";
	case SYNC_START_HOST:
		return "start-host";
	case SYNC_EXEC:
		return "exec";
	case SYNC_FDS:
		return "fds";
	case SYNC_IDMAPPED:
		return "idmapped";
	}
	return "unknown";
}

int sync_pair(int fds[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return SYSCAUSE("failed to create the handshake socketpair: %m");
	return 0;
}

int sync_send(int fd, int stage)
{
	struct sync_msg msg = { .stage = stage };

	if (send(fd, &msg, offsetof(struct sync_msg, cause), MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

/* Receive one message and up to SYNC_MAX_FDS fds with it (close-on-exec). */
static int sync_recv_fds(int fd, struct sync_msg *msg, int *fds, size_t *nfds)
{
	union {
		char buf[CMSG_SPACE(SYNC_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(*msg) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf) };
	ssize_t n;

	*nfds = 0;
	/* A peer that closed with our message unread reports ECONNRESET
	 * once, ahead of what it had sent us: read on. */
	for (int resets = 0;;) {
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
		if (n >= 0 || (errno != EINTR && (errno != ECONNRESET || resets++ > 0)))
			break;
	}
	if (n < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		for (size_t i = 0; i < k && *nfds < SYNC_MAX_FDS; i++)
			memcpy(&fds[(*nfds)++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	if (n == 0)
		return -EPIPE;
	((char *)msg)[n] = '\0';
	msg->cause[sizeof(msg->cause) - 1] = '\0';
	return 0;
}

static int sync_recv(int fd, struct sync_msg *msg)
{
	int fds[SYNC_MAX_FDS];
	size_t nfds;
	int ret = sync_recv_fds(fd, msg, fds, &nfds);

	for (size_t i = 0; i < nfds; i++)
		close(fds[i]);
	return ret;
}

int sync_send_fds(int fd, int stage, int arg, const int *fds, size_t n)
{
	struct sync_msg msg = { .stage = stage, .err = arg };
	union {
		char buf[CMSG_SPACE(SYNC_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = &msg, .iov_len = offsetof(struct sync_msg, cause) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (n > SYNC_MAX_FDS)
		return -E2BIG;
	if (n > 0) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	}
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

int sync_wait(int fd, int stage)
{
	struct sync_msg msg;
	int ret = sync_recv(fd, &msg);

	if (ret < 0)
		return ret;
	if (msg.stage == SYNC_ERROR)
		return msg.err < 0 ? msg.err : -EIO;
	if (msg.stage != stage)
		return -EPROTO;
	return 0;
}

int sync_wait_fds(int fd, int stage, int *fds, size_t *nfds)
{
	struct sync_msg msg;
	int ret = sync_recv_fds(fd, &msg, fds, nfds);

	if (ret == 0 && msg.stage == SYNC_ERROR) {
		log_set_cause_text(msg.cause);
		ret = msg.err < 0 ? msg.err : -EIO;
	} else if (ret == 0 && msg.stage != stage) {
		ret = -EPROTO;
	}
	if (ret < 0) {
		for (size_t i = 0; i < *nfds; i++)
			close(fds[i]);
		*nfds = 0;
	}
	return ret;
}

void sync_send_error(int fd, const char *stage, int err, const char *cause)
{
	struct sync_msg msg = { .stage = SYNC_ERROR, .err = err };

	snprintf(msg.stage_name, sizeof(msg.stage_name), "%s", stage);
	snprintf(msg.cause, sizeof(msg.cause), "%s", cause && *cause ? cause : strerror(-err));
	(void)!send(fd, &msg, offsetof(struct sync_msg, cause) + strlen(msg.cause) + 1, MSG_NOSIGNAL);
}

int sync_wait_exec(int fd, sync_handler handler, void *data)
{
	for (;;) {
		struct sync_msg msg;
		int fds[SYNC_MAX_FDS];
		size_t nfds;
		int ret = sync_recv_fds(fd, &msg, fds, &nfds);

		if (ret == -EPIPE)
			return 0;
		if (ret < 0)
			return CAUSE(ret, "lost the handshake with the container: %m");
		if (msg.stage == SYNC_ERROR) {
			for (size_t i = 0; i < nfds; i++)
				close(fds[i]);
			ERROR("the container failed at stage \"%s\"", msg.stage_name);
			log_set_cause_text(msg.cause);
			return msg.err < 0 ? msg.err : -EIO;
		}
		if (!handler) {
			for (size_t i = 0; i < nfds; i++)
				close(fds[i]);
			return CAUSE(-EPROTO, "unexpected handshake message %d", msg.stage);
		}
		ret = handler(fd, msg.stage, msg.err, fds, nfds, data);
		if (ret < 0)
			return ret;
	}
}
