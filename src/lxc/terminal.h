/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Consoles and ttys.  The container's console is a pty allocated by the
 * supervising process before the clone: its slave becomes /dev/console
 * and init's stdio, its master is read by the supervisor and copied to
 * the peer (lxc-start -F's terminal, or the device of lxc.console.path),
 * to lxc.console.logfile and to an attached lxc-console.  The
 * lxc.tty.max ttys are allocated by the child from the container's own
 * devpts instance (so that they are /dev/pts/N inside, as systemd's
 * container-getty wants) and their masters sent to the supervisor, which
 * hands them to lxc-console through the control socket.
 */
#ifndef LXC_TERMINAL_H
#define LXC_TERMINAL_H

#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

#include "conf.h"
#include "macro.h"

/* Epoll tags of the supervisor's terminal fds are at or below this. */
#define TERMINAL_TAG_BASE (-100)

struct term_client {
	int conn;		/* the control connection: its hangup frees the tty */
	int data;		/* console: our end of the client's socketpair */
};

struct lxc_terminal {
	int master, slave;	/* the console (-EBADF: none) */
	int peer_in, peer_out;	/* where the console is shown (-EBADF: nowhere) */
	int peer_owned;		/* a device we opened (lxc.console.path) */
	bool peer_raw;		/* peer_in's termios saved in saved_tios */
	struct termios saved_tios;
	int winch_fd;		/* SIGWINCH of a terminal peer */
	bool winch_blocked;
	int log_fd;
	char *log_path;
	unsigned long long log_len, log_max;
	bool log_rotate;
	char *ring;		/* lxc.console.buffer.size: the last output */
	size_t ring_size, ring_len, ring_pos;
	int *ttys;		/* masters of tty 1..ntty */
	size_t ntty;
	struct term_client console_client;
	struct term_client *tty_clients;
};

__hidden void terminal_init(struct lxc_terminal *t);
/*
 * Supervisor, before the clone: give the container a console when it has
 * a rootfs (not for lxc-execute, nor with lxc.console.path = none; in the
 * foreground only when stdin is a terminal or the console is logged or
 * sent to a device).  Returns 0 or a negative errno with the cause.
 */
__hidden int terminal_create(struct lxc_terminal *t, const struct lxc_conf *conf, bool daemon,
			     bool execute);
/* Supervisor: tty masters from the child (SYNC_FDS), tty first, first+1, ... */
__hidden int terminal_add_ttys(struct lxc_terminal *t, int first, int *fds, size_t n);
/* Supervisor: add the terminal's fds to its epoll set. */
__hidden int terminal_watch(struct lxc_terminal *t, int ep);
/* Supervisor: an epoll event whose tag is <= TERMINAL_TAG_BASE. */
__hidden void terminal_event(struct lxc_terminal *t, int ep, int64_t tag, uint32_t events);
/*
 * Supervisor: LXC_CMD_CONSOLE from conn (owned from here on): answer with
 * the fds of tty ttynum (-1: the first free tty, else the console).
 */
__hidden void terminal_attach(struct lxc_terminal *t, int ep, int conn, int ttynum);
/* Supervisor: copy what the console still holds, once init is gone. */
__hidden void terminal_drain(struct lxc_terminal *t);
/* Restore the peer's terminal settings and close everything. */
__hidden void terminal_free(struct lxc_terminal *t);

/* Child, before the pivot: bind slave on /dev/console (or /dev/TTYDIR/console). */
__hidden int terminal_child_console(int root, const struct lxc_conf *conf, int slave);
/*
 * Child, before the pivot: lxc.tty.max ttys from the devpts instance on
 * dev/pts below root (devpts_instance) or from the host's /dev/ptmx, bound
 * on /dev/ttyN, their masters sent to the parent on sync_fd.
 */
__hidden int terminal_child_ttys(int root, const struct lxc_conf *conf, bool devpts_instance,
				 int sync_fd);
/* "pts/0 pts/1 ..." for container_ttys (NULL when the ttys are not ptys of the container's). */
__hidden const char *terminal_child_tty_names(void);
/* Child: make slave the controlling terminal and stdio. */
__hidden int terminal_child_stdio(int slave);

/*
 * Copy in_fd to data and data to out_fd until data ends, conn hangs up,
 * or (escape >= 0) escape then 'q' is read from in_fd; escape twice sends
 * it.  A terminal in_fd is made raw meanwhile and its size follows to
 * tty_fd.  Returns 0 when data ended or conn hung up, 1 when detached by
 * the escape, or a negative errno.
 */
__hidden int terminal_proxy(int in_fd, int out_fd, int data, int tty_fd, int conn, int escape);

#endif
