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
	LXC_CMD_FREEZE,		/* -> when FROZEN; data: the cause of a failure */
	LXC_CMD_UNFREEZE,	/* -> once thawed */
	LXC_CMD_GET_CGROUPS,	/* -> data: cgroup_describe() + "p - /proc/PID", the fds */
	LXC_CMD_GET_IPS,	/* arg: address family -> data: addresses, one a line */
	LXC_CMD_NET_DEVICE,	/* data: "IFACE\nNEWNAME", flags: LXC_CMD_NET_DEVICE_DEL */
	LXC_CMD_CONSOLE,	/* arg: tty (-1 first free, 0 console) -> status: the tty,
				 * fds: the data fd and the tty's master (terminal.c) */
};

#define LXC_CMD_STOP_KILL (1 << 0)
#define LXC_CMD_STOP_NOWAIT (1 << 1)
#define LXC_CMD_NET_DEVICE_DEL (1 << 0)

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

/* The most fds a response carries. */
#define LXC_CMD_MAX_FDS 32

/* Server: a response with fds attached (SCM_RIGHTS). */
__hidden int cmd_send_rsp_fds(int fd, const struct lxc_cmd_rsp *rsp, const int *fds, size_t nfds);
/*
 * Client: cmd_call() that waits at most timeout_ms (< 0: forever; then
 * -ETIMEDOUT) and receives up to LXC_CMD_MAX_FDS fds (close-on-exec) into
 * fds (NULL: none expected), their number into *nfds.
 */
__hidden int cmd_call_ex(int dirfd, const char *name, const struct lxc_cmd_req *req,
			 struct lxc_cmd_rsp *rsp, int timeout_ms, int *fds, size_t *nfds);

#endif
