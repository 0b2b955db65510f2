/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "sync.h"
#include "utils.h"

struct sync_msg {
	int stage;
	int err;
	char stage_name[32];
	char cause[1024];
};

const char *sync_stage_name(int stage)
{
	switch (stage) {
	case SYNC_CONFIGURE:
		return "configure";
	case SYNC_ERROR:
		return "error";
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

static int sync_recv(int fd, struct sync_msg *msg)
{
	ssize_t n;

	do {
		n = recv(fd, msg, sizeof(*msg) - 1, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -EPIPE;
	((char *)msg)[n] = '\0';
	msg->cause[sizeof(msg->cause) - 1] = '\0';
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

void sync_send_error(int fd, const char *stage, int err, const char *cause)
{
	struct sync_msg msg = { .stage = SYNC_ERROR, .err = err };

	snprintf(msg.stage_name, sizeof(msg.stage_name), "%s", stage);
	snprintf(msg.cause, sizeof(msg.cause), "%s", cause && *cause ? cause : strerror(-err));
	(void)!send(fd, &msg, offsetof(struct sync_msg, cause) + strlen(msg.cause) + 1, MSG_NOSIGNAL);
}

int sync_wait_exec(int fd)
{
	struct sync_msg msg;
	int ret = sync_recv(fd, &msg);

	if (ret == -EPIPE)
		return 0;
	if (ret < 0)
		return CAUSE(ret, "lost the handshake with the container: %m");
	if (msg.stage != SYNC_ERROR)
		return CAUSE(-EPROTO, "unexpected handshake message %d", msg.stage);
	ERROR("the container failed at stage \"%s\"", msg.stage_name);
	log_set_cause_text(msg.cause);
	return msg.err < 0 ? msg.err : -EIO;
}
