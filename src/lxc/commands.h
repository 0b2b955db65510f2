/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_COMMANDS_H
#define LXC_COMMANDS_H

#include <stdint.h>
#include <sys/types.h>

#include "macro.h"

/* The control socket RUNDIR/lxc/HASH/NAME.sock, served by the monitor. */
enum lxc_cmd {
	LXC_CMD_GET_STATE = 1,	/* -> state, pid */
	LXC_CMD_GET_CONFIG_ITEM,	/* data: key -> data: value */
	LXC_CMD_STOP,		/* arg: timeout, flags -> status when stopped */
	LXC_CMD_WAIT_EXIT,	/* -> status when stopped */
	LXC_CMD_CONSOLE,	/* arg: tty (-1 first free, 0 console) -> status: the tty,
				 * fds: the data fd and the tty's master (terminal.c) */
};

#define LXC_CMD_STOP_KILL (1 << 0)
#define LXC_CMD_STOP_NOWAIT (1 << 1)

struct lxc_cmd_req {
	uint32_t cmd;
	int32_t arg;
	uint32_t flags;
	char data[256];
};

struct lxc_cmd_rsp {
	int32_t ret;		/* 0 or a negative errno */
	int32_t state;
	int32_t pid;
	int32_t status;		/* exit status, -1 unknown */
	char data[4096];
};

/* Server: create and listen on NAME.sock (mode 0600). */
__hidden int cmd_listen(int dirfd, const char *name);
__hidden void cmd_unlink(int dirfd, const char *name);
/* Server: accept a client whose credentials allow it; -EACCES otherwise. */
__hidden int cmd_accept(int lfd);
__hidden int cmd_recv_req(int fd, struct lxc_cmd_req *req);
__hidden int cmd_send_rsp(int fd, const struct lxc_cmd_rsp *rsp);

/* Server: a response with up to 4 fds (SCM_RIGHTS). */
__hidden int cmd_send_rsp_fds(int fd, const struct lxc_cmd_rsp *rsp, const int *fds, size_t nfds);
/*
 * Client: as cmd_call(), keeping the connection open (returned in *conn)
 * and receiving up to *nfds fds (close-on-exec) with the response.
 */
__hidden int cmd_call_fds(int dirfd, const char *name, const struct lxc_cmd_req *req,
			  struct lxc_cmd_rsp *rsp, int *fds, size_t *nfds, int *conn);

/*
 * Client: send req to the container's socket and read one response.
 * Returns 0 (the command's own result is rsp->ret), -ESRCH when nothing
 * listens (the container is not running), -EACCES when not allowed.
 */
__hidden int cmd_call(int dirfd, const char *name, const struct lxc_cmd_req *req,
		      struct lxc_cmd_rsp *rsp);

#endif
