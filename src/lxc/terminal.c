/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"
#include "lxc.h"
#include "mount.h"
#include "state.h"
#include "start.h"
#include "sync.h"
#include "terminal.h"
#include "utils.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

enum {
	TAG_MASTER = TERMINAL_TAG_BASE,
	TAG_PEER_IN = TERMINAL_TAG_BASE - 1,
	TAG_WINCH = TERMINAL_TAG_BASE - 2,
	TAG_CONSOLE_DATA = TERMINAL_TAG_BASE - 3,
	TAG_CONSOLE_CONN = TERMINAL_TAG_BASE - 4,
	TAG_TTY_CONN = TERMINAL_TAG_BASE - 10,	/* - N for tty N */
};

void terminal_init(struct lxc_terminal *t)
{
	memset(t, 0, sizeof(*t));
	t->master = t->slave = t->peer_in = t->peer_out = t->peer_owned = -EBADF;
	t->winch_fd = t->log_fd = -EBADF;
	t->console_client.conn = t->console_client.data = -EBADF;
}

/* A pty pair: the master, and the slave through TIOCGPTPEER (Linux 4.13)
 * or its number below pts_dir. */
static int open_pty(int ptmx, int pts_dir, int *slave_out, int *index)
{
	__do_close int master = ptmx;
	unsigned int n;
	int slave, unlock = 0;

	if (master < 0)
		return master;
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &n) < 0)
		return -errno;
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0) {
		char name[16];

		snprintf(name, sizeof(name), "%u", n);
		slave = openat(pts_dir, name, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
		if (slave < 0)
			return -errno;
	}
	*slave_out = slave;
	if (index)
		*index = (int)n;
	return move_fd(master);
}

static void set_raw(int fd, struct termios *saved)
{
	struct termios raw;

	if (tcgetattr(fd, saved) < 0)
		return;
	raw = *saved;
	cfmakeraw(&raw);
	tcsetattr(fd, TCSAFLUSH, &raw);
}

static void copy_winsize(int from, int to)
{
	struct winsize ws;

	if (from >= 0 && to >= 0 && ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(to, TIOCSWINSZ, &ws);
}

static int block_winch(int *fd)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGWINCH);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	*fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	return *fd < 0 ? -errno : 0;
}

static void unblock_winch(void)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
}

int terminal_create(struct lxc_terminal *t, const struct lxc_conf *conf, bool daemon, bool execute)
{
	const char *path = conf->console_path;
	bool tty_in = isatty(STDIN_FILENO);
	int ptmx, ret;

	if (!conf->rootfs_path || execute || (path && strcmp(path, "none") == 0))
		return 0;
	/* lxc-start -F without a terminal: init keeps lxc-start's stdio. */
	if (!daemon && !tty_in && !conf->console_logfile && !path)
		return 0;

	ptmx = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (ptmx < 0)
		return SYSCAUSE("failed to open /dev/ptmx for the console: %m");
	ret = open_pty(ptmx, -EBADF, &t->slave, NULL);
	if (ret < 0)
		return CAUSE(ret, "failed to allocate the console pty: %m");
	t->master = ret;
	if (fcntl(t->master, F_SETFL, O_NONBLOCK) < 0)
		return SYSCAUSE("failed to set up the console: %m");

	if (path) {
		t->peer_owned = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (t->peer_owned < 0)
			return SYSCAUSE("lxc.console.path: cannot open \"%s\": %m", path);
		t->peer_in = t->peer_out = t->peer_owned;
	} else if (!daemon) {
		t->peer_in = STDIN_FILENO;
		t->peer_out = STDOUT_FILENO;
	}
	if (t->peer_in >= 0 && isatty(t->peer_in)) {
		set_raw(t->peer_in, &t->saved_tios);
		t->peer_raw = true;
		copy_winsize(t->peer_in, t->master);
		ret = block_winch(&t->winch_fd);
		if (ret < 0)
			return CAUSE(ret, "failed to watch the terminal's size: %m");
		t->winch_blocked = true;
	}
	if (conf->console_logfile) {
		struct stat st;

		t->log_fd = open(conf->console_logfile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
		if (t->log_fd < 0)
			return SYSCAUSE("lxc.console.logfile: cannot open \"%s\": %m", conf->console_logfile);
		t->log_path = strdup(conf->console_logfile);
		if (!t->log_path)
			return -ENOMEM;
		t->log_len = fstat(t->log_fd, &st) == 0 ? (unsigned long long)st.st_size : 0;
		t->log_max = conf->console_size;
		t->log_rotate = conf->console_rotate;
	}
	if (conf->console_buffer_size) {
		t->ring = malloc(conf->console_buffer_size);
		if (!t->ring)
			return CAUSE(-ENOMEM, "lxc.console.buffer.size: cannot allocate %llu bytes",
				     conf->console_buffer_size);
		t->ring_size = conf->console_buffer_size;
	}
	DEBUG("console pty allocated");
	return 0;
}

int terminal_add_ttys(struct lxc_terminal *t, int first, int *fds, size_t n)
{
	size_t need = (size_t)first - 1 + n;

	if (first < 1) {
		for (size_t i = 0; i < n; i++)
			close(fds[i]);
		return CAUSE(-EPROTO, "bad tty number %d from the container", first);
	}
	if (need > t->ntty) {
		int *ttys = realloc(t->ttys, need * sizeof(int));
		struct term_client *c = realloc(t->tty_clients, need * sizeof(*c));

		if (ttys)
			t->ttys = ttys;
		if (c)
			t->tty_clients = c;
		if (!ttys || !c) {
			for (size_t i = 0; i < n; i++)
				close(fds[i]);
			return -ENOMEM;
		}
		for (size_t i = t->ntty; i < need; i++) {
			t->ttys[i] = -EBADF;
			t->tty_clients[i].conn = t->tty_clients[i].data = -EBADF;
		}
		t->ntty = need;
	}
	for (size_t i = 0; i < n; i++) {
		close_prot_errno(&t->ttys[first - 1 + (int)i]);
		t->ttys[first - 1 + (int)i] = fds[i];
	}
	return 0;
}

static int watch(int ep, int fd, int64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)tag };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int terminal_watch(struct lxc_terminal *t, int ep)
{
	int ret = 0;

	if (t->master >= 0)
		ret = watch(ep, t->master, TAG_MASTER);
	if (ret == 0 && t->peer_in >= 0)
		ret = watch(ep, t->peer_in, TAG_PEER_IN);
	if (ret == 0 && t->winch_fd >= 0)
		ret = watch(ep, t->winch_fd, TAG_WINCH);
	/* stdin may be a regular file, which epoll refuses: not a peer then. */
	if (ret == -EPERM && t->peer_in >= 0) {
		t->peer_in = t->peer_owned >= 0 ? t->peer_in : -EBADF;
		ret = 0;
	}
	return ret;
}

/* Start the log again, keeping the old one as FILE.1 with rotate. */
static void log_restart(struct lxc_terminal *t)
{
	if (t->log_rotate) {
		__do_free char *old = must_sprintf("%s.1", t->log_path);
		int fd;

		if (rename(t->log_path, old) == 0 &&
		    (fd = open(t->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600)) >= 0) {
			close(t->log_fd);
			t->log_fd = fd;
		}
	} else if (ftruncate(t->log_fd, 0) < 0) {
		WARN("failed to truncate the console log: %m");
	}
	t->log_len = 0;
}

static void log_write(struct lxc_terminal *t, const char *buf, size_t n)
{
	if (t->log_fd < 0)
		return;
	/* A chunk larger than what is left is split: no file ever grows
	 * past lxc.console.size. */
	while (n > 0) {
		size_t part = n;

		if (t->log_max) {
			if (t->log_len >= t->log_max)
				log_restart(t);
			if (part > t->log_max - t->log_len)
				part = t->log_max - t->log_len;
		}
		if (write_all(t->log_fd, buf, part) < 0) {
			WARN("failed to write the console log: %m");
			return;
		}
		t->log_len += part;
		buf += part;
		n -= part;
	}
}

static void ring_write(struct lxc_terminal *t, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && t->ring_size; i++) {
		t->ring[t->ring_pos] = buf[i];
		t->ring_pos = (t->ring_pos + 1) % t->ring_size;
		if (t->ring_len < t->ring_size)
			t->ring_len++;
	}
}

static void release_client(struct term_client *c, int ep)
{
	if (c->conn >= 0)
		epoll_ctl(ep, EPOLL_CTL_DEL, c->conn, NULL);
	if (c->data >= 0)
		epoll_ctl(ep, EPOLL_CTL_DEL, c->data, NULL);
	close_prot_errno(&c->conn);
	close_prot_errno(&c->data);
}

/* Read what the console has and copy it everywhere it goes. */
static void console_output(struct lxc_terminal *t, int ep)
{
	char buf[4096];

	for (;;) {
		ssize_t n = read(t->master, buf, sizeof(buf));

		if (n <= 0)
			return;
		log_write(t, buf, (size_t)n);
		ring_write(t, buf, (size_t)n);
		if (t->peer_out >= 0 && write_all(t->peer_out, buf, (size_t)n) < 0)
			t->peer_out = -EBADF;
		/* A client that does not keep up loses output, not the container. */
		if (t->console_client.data >= 0 &&
		    send(t->console_client.data, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
		    errno != EAGAIN && ep >= 0)
			release_client(&t->console_client, ep);
	}
}

/* Copy one read of fd to the console; false at the end of fd. */
static bool console_input(struct lxc_terminal *t, int fd)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return false;
	if (n > 0 && write_all(t->master, buf, (size_t)n) < 0)
		WARN("failed to write to the console: %m");
	return true;
}

void terminal_event(struct lxc_terminal *t, int ep, int64_t tag, uint32_t events)
{
	if (tag == TAG_MASTER) {
		console_output(t, ep);
		/* Only hangups from here on: nothing will come. */
		if (events & EPOLLHUP && !(events & EPOLLIN))
			epoll_ctl(ep, EPOLL_CTL_DEL, t->master, NULL);
	} else if (tag == TAG_PEER_IN) {
		if (!console_input(t, t->peer_in))
			epoll_ctl(ep, EPOLL_CTL_DEL, t->peer_in, NULL);
	} else if (tag == TAG_WINCH) {
		struct signalfd_siginfo si;

		while (read(t->winch_fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
			;
		copy_winsize(t->peer_in, t->master);
	} else if (tag == TAG_CONSOLE_DATA) {
		if (!console_input(t, t->console_client.data))
			release_client(&t->console_client, ep);
	} else if (tag == TAG_CONSOLE_CONN) {
		char c;

		if (read(t->console_client.conn, &c, 1) <= 0)
			release_client(&t->console_client, ep);
	} else if (tag <= TAG_TTY_CONN && (size_t)(TAG_TTY_CONN - tag) < t->ntty + 1) {
		size_t i = (size_t)(TAG_TTY_CONN - tag) - 1;
		char c;

		if (i < t->ntty && read(t->tty_clients[i].conn, &c, 1) <= 0)
			release_client(&t->tty_clients[i], ep);
	}
}

static void attach_error(int conn, int err, const char *msg)
{
	struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));

	if (rsp) {
		rsp->ret = err;
		rsp->status = -1;
		snprintf(rsp->data, sizeof(rsp->data), "%s", msg);
		cmd_send_rsp(conn, rsp);
		free(rsp);
	}
	close(conn);
}

void terminal_attach(struct lxc_terminal *t, int ep, int conn, int ttynum)
{
	struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	char msg[128];
	int fds[2];
	int sv[2];

	if (!rsp) {
		close(conn);
		return;
	}
	if (ttynum < 0) {
		/* The first free tty, else the console. */
		for (size_t i = 0; i < t->ntty && ttynum < 0; i++)
			if (t->ttys[i] >= 0 && t->tty_clients[i].conn < 0)
				ttynum = (int)i + 1;
		if (ttynum < 0)
			ttynum = 0;
	}
	if (ttynum == 0) {
		if (t->master < 0) {
			free(rsp);
			return attach_error(conn, -ENOENT, "the container has no console");
		}
		if (t->console_client.conn >= 0) {
			free(rsp);
			return attach_error(conn, -EBUSY, "the console is in use by another lxc-console");
		}
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
			free(rsp);
			return attach_error(conn, -errno, "cannot create a socketpair");
		}
		/* What the console said last, with lxc.console.buffer.size. */
		if (t->ring_len) {
			size_t start = (t->ring_pos + t->ring_size - t->ring_len) % t->ring_size;
			size_t first = t->ring_len < t->ring_size - start ? t->ring_len : t->ring_size - start;

			(void)!write_all(sv[0], t->ring + start, first);
			(void)!write_all(sv[0], t->ring, t->ring_len - first);
		}
		fds[0] = sv[1];
		fds[1] = t->master;
		rsp->status = 0;
		if (cmd_send_rsp_fds(conn, rsp, fds, 2) < 0) {
			close(sv[0]);
			close(sv[1]);
			close(conn);
		} else {
			close(sv[1]);
			t->console_client.conn = conn;
			t->console_client.data = sv[0];
			if (watch(ep, sv[0], TAG_CONSOLE_DATA) < 0 || watch(ep, conn, TAG_CONSOLE_CONN) < 0)
				release_client(&t->console_client, ep);
		}
		free(rsp);
		return;
	}
	free(rsp);
	if ((size_t)ttynum > t->ntty || t->ttys[ttynum - 1] < 0) {
		snprintf(msg, sizeof(msg), "the container has no tty %d (lxc.tty.max is %zu)", ttynum, t->ntty);
		return attach_error(conn, -ENOENT, msg);
	}
	if (t->tty_clients[ttynum - 1].conn >= 0) {
		snprintf(msg, sizeof(msg), "tty %d is in use by another lxc-console", ttynum);
		return attach_error(conn, -EBUSY, msg);
	}
	rsp = calloc(1, sizeof(*rsp));
	if (!rsp) {
		close(conn);
		return;
	}
	rsp->status = ttynum;
	fds[0] = fds[1] = t->ttys[ttynum - 1];
	if (cmd_send_rsp_fds(conn, rsp, fds, 2) < 0) {
		close(conn);
	} else {
		t->tty_clients[ttynum - 1].conn = conn;
		if (watch(ep, conn, TAG_TTY_CONN - ttynum) < 0)
			release_client(&t->tty_clients[ttynum - 1], ep);
	}
	free(rsp);
}

void terminal_drain(struct lxc_terminal *t)
{
	if (t->master >= 0)
		console_output(t, -1);
}

void terminal_free(struct lxc_terminal *t)
{
	if (t->peer_raw) {
		tcsetattr(t->peer_in, TCSAFLUSH, &t->saved_tios);
		t->peer_raw = false;
	}
	if (t->winch_blocked) {
		unblock_winch();
		t->winch_blocked = false;
	}
	close_prot_errno(&t->winch_fd);
	close_prot_errno(&t->peer_owned);
	close_prot_errno(&t->master);
	close_prot_errno(&t->slave);
	close_prot_errno(&t->log_fd);
	close_prot_errno(&t->console_client.conn);
	close_prot_errno(&t->console_client.data);
	for (size_t i = 0; i < t->ntty; i++) {
		close_prot_errno(&t->ttys[i]);
		close_prot_errno(&t->tty_clients[i].conn);
	}
	free(t->ttys);
	free(t->tty_clients);
	free(t->log_path);
	free(t->ring);
	terminal_init(t);
}

/* --- the child's side --------------------------------------------------------------- */

static char *child_tty_names;

const char *terminal_child_tty_names(void)
{
	return child_tty_names;
}

/* Bind slave on dev/[DIR/]NAME, with dev/NAME a symlink into DIR. */
static int bind_tty(int root, const char *dir, const char *name, int slave)
{
	__do_free char *rel = dir ? must_sprintf("dev/%s/%s", dir, name) : must_sprintf("dev/%s", name);
	__do_close int target = create_beneath(root, rel, MOUNT_CREATE_FILE, 0600);
	char tpath[64], spath[64];

	if (target < 0)
		return CAUSE(target, "cannot make \"/%s\" in the container: %m", rel);
	if (mount(fd_path(slave, spath, sizeof(spath)), fd_path(target, tpath, sizeof(tpath)), NULL,
		  MS_BIND, NULL) < 0)
		return SYSCAUSE("failed to bind the terminal on \"/%s\": %m", rel);
	if (dir) {
		__do_close int dev = open_beneath(root, "dev", false);
		__do_free char *link = must_sprintf("%s/%s", dir, name);

		/* A node a static /dev already has stays where it is. */
		if (dev < 0 || (symlinkat(link, dev, name) < 0 && errno != EEXIST))
			return SYSCAUSE("failed to link \"/dev/%s\" to \"%s\": %m", name, link);
	}
	return 0;
}

int terminal_child_console(int root, const struct lxc_conf *conf, int slave)
{
	__do_close int here = -EBADF;
	char link[64], path[PATH_MAX];
	struct stat st_fd, st_path;
	ssize_t n;

	/*
	 * The console was opened in the parent's mount namespace, which a
	 * bind mount cannot take from: reopen it by its path in ours (the
	 * same devpts), checking that it is the same device.
	 */
	n = readlink(fd_path(slave, link, sizeof(link)), path, sizeof(path) - 1);
	if (n < 0)
		return SYSCAUSE("cannot find the console pty: %m");
	path[n] = '\0';
	here = open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW);
	if (here < 0 || fstat(here, &st_path) < 0 || fstat(slave, &st_fd) < 0 ||
	    st_path.st_rdev != st_fd.st_rdev || !S_ISCHR(st_path.st_mode))
		return CAUSE(-ENOENT, "cannot find the console pty \"%s\" in the container's mount namespace", path);
	return bind_tty(root, conf->tty_dir, "console", here);
}

int terminal_child_ttys(int root, const struct lxc_conf *conf, bool devpts_instance, int sync_fd)
{
	__do_close int ptmx_path = -EBADF, pts = -EBADF;
	__do_free_strv char **names = calloc(1, sizeof(char *));
	int masters[SYNC_MAX_FDS];
	size_t pending = 0;
	unsigned int first = 1;
	int ret = 0;

	if (!names)
		return -ENOMEM;
	if (devpts_instance) {
		ptmx_path = open_beneath(root, "dev/pts/ptmx", true);
		pts = open_beneath(root, "dev/pts", false);
	} else {
		ptmx_path = open("/dev/ptmx", O_PATH | O_CLOEXEC);
		pts = open("/dev/pts", O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (ptmx_path < 0 || pts < 0)
		return CAUSE(ptmx_path < 0 ? ptmx_path : pts, "lxc.tty.max: no ptmx to allocate ttys from: %m");
	for (unsigned int i = 1; i <= conf->tty_max && ret == 0; i++) {
		char path[64], name[16];
		int master, slave = -EBADF, index;

		master = open(fd_path(ptmx_path, path, sizeof(path)), O_RDWR | O_NOCTTY | O_CLOEXEC);
		master = master < 0 ? -errno : open_pty(master, pts, &slave, &index);
		if (master < 0) {
			ret = CAUSE(master, "lxc.tty.max: failed to allocate tty %u: %m", i);
			break;
		}
		snprintf(name, sizeof(name), "tty%u", i);
		ret = bind_tty(root, conf->tty_dir, name, slave);
		close(slave);
		masters[pending++] = master;
		snprintf(name, sizeof(name), "pts/%d", index);
		if (strv_append(&names, name) < 0)
			ret = -ENOMEM;
		if (pending == SYNC_MAX_FDS || i == conf->tty_max || ret < 0) {
			if (ret == 0 && (ret = sync_send_fds(sync_fd, SYNC_FDS, (int)first, masters, pending)) < 0)
				ret = CAUSE(ret, "failed to pass the ttys to the monitor: %m");
			for (size_t k = 0; k < pending; k++)
				close(masters[k]);
			first += (unsigned int)pending;
			pending = 0;
		}
	}
	if (ret == 0 && devpts_instance)
		child_tty_names = strv_join(names, " ");
	return ret;
}

int terminal_child_stdio(int slave)
{
	if (setsid() < 0 && errno != EPERM)
		return SYSCAUSE("failed to create a session for the console: %m");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return SYSCAUSE("failed to make the console the controlling terminal: %m");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return SYSCAUSE("failed to connect the console to stdio: %m");
	return 0;
}

/* --- the client's side ------------------------------------------------------------------ */

int terminal_proxy(int in_fd, int out_fd, int data, int tty_fd, int conn, int escape)
{
	__do_close int ep = epoll_create1(EPOLL_CLOEXEC);
	__do_close int winch = -EBADF;
	struct termios saved;
	bool raw = false, in_open = true, prefix = false;
	int ret = 0;

	if (ep < 0)
		return -errno;
	if (isatty(in_fd)) {
		set_raw(in_fd, &saved);
		raw = true;
		copy_winsize(in_fd, tty_fd);
		if (block_winch(&winch) < 0)
			winch = -EBADF;
	}
	if (watch(ep, data, 1) < 0 || (conn >= 0 && watch(ep, conn, 2) < 0)) {
		ret = -errno;
		goto out;
	}
	/* A regular file cannot be polled: then there is no input. */
	if (watch(ep, in_fd, 0) < 0)
		in_open = false;
	if (winch >= 0)
		watch(ep, winch, 3);

	while (ret == 0) {
		struct epoll_event evs[4];
		int n = epoll_wait(ep, evs, 4, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (int i = 0; i < n && ret == 0; i++) {
			char buf[4096], outb[8192];
			ssize_t r;
			size_t o = 0;

			switch (evs[i].data.u64) {
			case 0: /* input */
				r = read(in_fd, buf, sizeof(buf));
				if (r <= 0) {
					epoll_ctl(ep, EPOLL_CTL_DEL, in_fd, NULL);
					in_open = false;
					break;
				}
				for (ssize_t k = 0; k < r; k++) {
					unsigned char c = (unsigned char)buf[k];

					if (escape >= 0 && prefix) {
						prefix = false;
						if (c == 'q') {
							ret = 1;
							break;
						}
						if (c != escape)
							outb[o++] = (char)escape;
					} else if (escape >= 0 && c == escape) {
						prefix = true;
						continue;
					}
					outb[o++] = (char)c;
				}
				if (o && write_all(data, outb, o) < 0)
					ret = 0, in_open = false;
				break;
			case 1: /* output */
				r = read(data, buf, sizeof(buf));
				if (r < 0 && (errno == EAGAIN || errno == EINTR))
					break;
				if (r <= 0) {
					/* EOF, or EIO: the other side of the pty is gone. */
					ret = 2;
					break;
				}
				if (write_all(out_fd, buf, (size_t)r) < 0)
					ret = -errno;
				break;
			case 2: /* the monitor went away: the container stopped */
				r = read(conn, buf, sizeof(buf));
				if (r <= 0)
					ret = 2;
				break;
			case 3: {
				struct signalfd_siginfo si;

				while (read(winch, &si, sizeof(si)) == (ssize_t)sizeof(si))
					;
				copy_winsize(in_fd, tty_fd);
				break;
			}
			}
		}
	}
	(void)in_open;
out:
	if (raw)
		tcsetattr(in_fd, TCSAFLUSH, &saved);
	if (winch >= 0)
		unblock_winch();
	return ret == 2 ? 0 : ret;
}

/* --- the public API -------------------------------------------------------------------------- */

struct lxc_console {
	int conn;
	int data;
	int tty;
	int ttynum;
};

LXC_PUBLIC struct lxc_console *lxc_container_console_open(const char *name, const char *lxcpath,
							    int ttynum)
{
	struct lxc_cmd_req req = { .cmd = LXC_CMD_CONSOLE, .arg = ttynum };
	__do_free struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
	__do_free char *path = NULL;
	__do_close int dirfd = -EBADF;
	struct lxc_console *c;
	int fds[4];
	size_t nfds = 4;
	int conn = -EBADF, ret;

	log_reset_cause();
	if (!rsp) {
		errno = ENOMEM;
		return NULL;
	}
	if (!name_is_valid(name)) {
		errno = -CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
		return NULL;
	}
	path = resolve_lxcpath(lxcpath);
	if (!path) {
		errno = ENOMEM;
		return NULL;
	}
	dirfd = runtime_dir_open(path, false);
	ret = dirfd < 0 ? -ESRCH : cmd_call_fds(dirfd, name, &req, rsp, fds, &nfds, &conn);
	if (ret == -ESRCH) {
		errno = -CAUSE(-ESRCH, "not running");
		return NULL;
	}
	if (ret == -EACCES) {
		errno = -CAUSE(ret, "permission denied: only root or the container's owner may control it");
		return NULL;
	}
	if (ret < 0) {
		errno = -CAUSE(ret, "failed to ask for a console: %m");
		return NULL;
	}
	if (rsp->ret < 0 || nfds != 2) {
		for (size_t i = 0; i < nfds; i++)
			close(fds[i]);
		close(conn);
		errno = -CAUSE(rsp->ret < 0 ? rsp->ret : -EPROTO, "%s",
			       rsp->data[0] ? rsp->data : "the monitor sent no console");
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fds[0]);
		close(fds[1]);
		close(conn);
		errno = ENOMEM;
		return NULL;
	}
	c->conn = conn;
	c->data = fds[0];
	c->tty = fds[1];
	c->ttynum = rsp->status;
	return c;
}

LXC_PUBLIC int lxc_console_tty(const struct lxc_console *c)
{
	return c->ttynum;
}

LXC_PUBLIC int lxc_console_run(struct lxc_console *c, int in_fd, int out_fd, int escape)
{
	int ret;

	log_reset_cause();
	ret = terminal_proxy(in_fd, out_fd, c->data, c->tty, c->conn, escape);
	if (ret < 0)
		return CAUSE(ret, "console: %m");
	return ret;
}

LXC_PUBLIC void lxc_console_close(struct lxc_console *c)
{
	if (!c)
		return;
	close_prot_errno(&c->conn);
	close_prot_errno(&c->tty);
	close_prot_errno(&c->data);
	free(c);
}
