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
};

__hidden const char *sync_stage_name(int stage);
__hidden int sync_pair(int fds[2]);
__hidden int sync_send(int fd, int stage);
/* Wait for stage; returns 0, -EPIPE on EOF, or the error the peer sent. */
__hidden int sync_wait(int fd, int stage);
/* Child side: report a failure (err < 0) with the recorded cause. */
__hidden void sync_send_error(int fd, const char *stage, int err, const char *cause);
/*
 * Parent side: after CONFIGURE, wait for EOF (exec happened: returns 0)
 * or an error (recorded as the cause; returns the child's negative errno).
 */
__hidden int sync_wait_exec(int fd);

#endif
