/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_SYNC_H
#define LXC_SYNC_H

#include "macro.h"

/*
 * The parent/child handshake: named stages over a SOCK_SEQPACKET
 * socketpair.  The child's end is close-on-exec, so EOF after CONFIGURE
 * means the container's command was executed; a SYNC_ERROR message
 * carries the errno and the one-line cause of the stage that failed.
 */
enum sync_stage {
	SYNC_CONFIGURE = 1,	/* parent -> child: cgroups and ids are set, go on */
	SYNC_ERROR = 2,		/* child -> parent: a stage failed */
	SYNC_START_HOST = 3,	/* child -> parent: set up; run lxc.hook.start-host */
	SYNC_EXEC = 4,		/* parent -> child: hooks done, exec */
	SYNC_FDS = 5,		/* child -> parent: fds (SCM_RIGHTS), e.g. tty masters */
	SYNC_ATTACH_PID = 6,	/* lxc-attach: the pid of the attached process (in arg) */
	SYNC_IDMAPPED = 7,	/* parent -> child: the user namespace's maps are written */
};

/* The argument of a SYNC_FDS message: what the fds are. */
enum sync_fds_kind {
	SYNC_FDS_SECCOMP_NOTIFY = 100,	/* the seccomp notify listener */
};

/* One message (lxc-init, a separate program, sends SYNC_ERROR too). */
struct sync_msg {
	int stage;
	int err;		/* SYNC_FDS: the sender's argument */
	char stage_name[32];
	char cause[1024];
};

/* The most fds one SYNC_FDS message carries. */
#define SYNC_MAX_FDS 32

__hidden const char *sync_stage_name(int stage);
__hidden int sync_pair(int fds[2]);
__hidden int sync_send(int fd, int stage);
/* Wait for stage; returns 0, -EPIPE on EOF, or the error the peer sent. */
__hidden int sync_wait(int fd, int stage);
/* sync_wait() that also takes up to SYNC_MAX_FDS fds sent with the stage. */
__hidden int sync_wait_fds(int fd, int stage, int *fds, size_t *nfds);
/* Child side: report a failure (err < 0) with the recorded cause. */
__hidden void sync_send_error(int fd, const char *stage, int err, const char *cause);
/* Child side: send up to SYNC_MAX_FDS fds with a stage (arg: the caller's). */
__hidden int sync_send_fds(int fd, int stage, int arg, const int *fds, size_t n);

/*
 * Called by sync_wait_exec() for a message that is neither EOF nor an
 * error; fds are owned by the handler.  Returns 0 or a negative errno
 * (which ends the wait).
 */
typedef int (*sync_handler)(int sync_fd, int stage, int arg, int *fds, size_t nfds, void *data);

/*
 * Parent side: after CONFIGURE, wait for EOF (exec happened: returns 0)
 * or an error (recorded as the cause; returns the child's negative errno).
 * Other messages go to handler (NULL: a protocol error).
 */
__hidden int sync_wait_exec(int fd, sync_handler handler, void *data);

#endif
