/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "confile.h"
#include "create.h"
#include "exeguard.h"
#include "hooks.h"
#include "log.h"
#include "namespace.h"
#include "rootfs.h"
#include "security.h"
#include "setup.h"
#include "start.h"
#include "state.h"
#include "sync.h"
#include "syscalls.h"
#include "userns.h"
#include "utils.h"

char *resolve_lxcpath(const char *lxcpath)
{
	char *p;
	size_t len;

	if (!lxcpath || !*lxcpath)
		lxcpath = lxc_default_lxcpath();
	if (lxcpath[0] == '/') {
		p = strdup(lxcpath);
	} else {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)))
			return NULL;
		p = must_sprintf("%s/%s", cwd, lxcpath);
	}
	if (!p)
		return NULL;
	len = strlen(p);
	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	return p;
}

int load_config(const char *name, const char *lxcpath, const char *rcfile,
		const char *const *overrides, struct lxc_conf **out)
{
	__do_conf_free struct lxc_conf *conf = conf_new();
	__do_free char *own = NULL;
	int ret;

	if (!conf)
		return -ENOMEM;
	if (rcfile) {
		ret = confile_read(conf, rcfile);
		if (ret < 0)
			return ret;
	} else {
		struct stat st;

		own = must_sprintf("%s/%s/config", lxcpath, name);
		if (stat(own, &st) == 0) {
			ret = confile_read(conf, own);
		} else {
			const char *dflt = global_config_get("lxc.default_config");

			ret = 0;
			if (stat(dflt, &st) == 0)
				ret = confile_read(conf, dflt);
		}
		if (ret < 0)
			return ret;
	}
	for (const char *const *o = overrides; o && *o; o++) {
		ret = confile_override(conf, *o);
		if (ret < 0)
			return ret;
	}
	*out = move_ptr(conf);
	return 0;
}

static void handler_close_fds(struct lxc_handler *h)
{
	close_prot_errno(&h->cmd_fd);
	close_prot_errno(&h->pidfd);
	close_prot_errno(&h->notify_fd);
}

/* Tell lxc-start (daemon mode) how the start went. */
struct notify_msg {
	int ret;
	int status;
	char cause[1024];
};

static void notify_starter(struct lxc_handler *h, int ret)
{
	struct notify_msg msg = { .ret = ret, .status = h->exit_status };

	if (h->notify_fd < 0)
		return;
	snprintf(msg.cause, sizeof(msg.cause), "%s", log_cause());
	(void)!write_all(h->notify_fd, &msg, sizeof(msg));
	close_prot_errno(&h->notify_fd);
}

static int wait_status(struct lxc_handler *h, bool block)
{
	siginfo_t info;
	int ret;

	if (h->reaped || h->pid <= 0)
		return 0;
	memset(&info, 0, sizeof(info));
	if (h->pidfd >= 0)
		ret = waitid(P_PIDFD, (id_t)h->pidfd, &info, WEXITED | (block ? 0 : WNOHANG));
	else
		ret = waitid(P_PID, (id_t)h->pid, &info, WEXITED | (block ? 0 : WNOHANG));
	if (ret < 0)
		return -errno;
	if (info.si_pid == 0)
		return -EAGAIN;
	h->reaped = true;
	if (info.si_code == CLD_EXITED)
		h->exit_status = info.si_status;
	else
		h->exit_status = 128 + info.si_status;
	return 0;
}

static void kill_init(struct lxc_handler *h, int sig)
{
	if (h->pid <= 0 || h->reaped)
		return;
	if (h->pidfd >= 0 && lxc_pidfd_send_signal(h->pidfd, sig, NULL, 0) == 0)
		return;
	kill(h->pid, sig);
}

static struct hook_ctx hook_ctx_of(const struct lxc_handler *h)
{
	struct hook_ctx ctx = {
		.name = h->name,
		.lxcpath = h->lxcpath,
		.pid = h->reaped ? -1 : h->pid,
		.cgns = conf_clone_flags(h->conf) & CLONE_NEWCGROUP,
	};

	return ctx;
}

/* lxc.hook.stop runs once init is gone: keep its namespaces open. */
static void keep_namespaces(struct lxc_handler *h)
{
	static const char *const names[] = { "cgroup", "ipc", "mnt", "net", "pid", "uts", "time" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", h->pid, names[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		h->ns_fds[i] = fd;
		snprintf(path, sizeof(path), "%s:/proc/%d/fd/%d", names[i], getpid(), fd);
		if (strv_append(&h->ns_paths, path) < 0)
			WARN("out of memory keeping the namespaces for lxc.hook.stop");
	}
}

static void release_namespaces(struct lxc_handler *h)
{
	for (size_t i = 0; i < ARRAY_SIZE(h->ns_fds); i++)
		close_prot_errno(&h->ns_fds[i]);
	strv_free(h->ns_paths);
	h->ns_paths = NULL;
}

static void teardown(struct lxc_handler *h, bool aborting)
{
	if (h->dirfd >= 0)
		state_publish(h->dirfd, h->name, aborting ? LXC_STATE_ABORTING : LXC_STATE_STOPPING,
			      h->reaped ? -1 : h->pid);
	if (h->pid > 0 && !h->reaped) {
		/* A child that reported a failure exits by itself, with the
		 * status a shell would give (127: command not found). */
		if (!h->child_failed)
			kill_init(h, SIGKILL);
		wait_status(h, true);
	}
	if (!aborting && hooks_any(h->conf, LXC_HOOK_STOP)) {
		struct hook_ctx ctx = hook_ctx_of(h);

		/* The kernel kills a pid namespace's init with SIGHUP on reboot(2). */
		ctx.target = h->exit_status == 128 + SIGHUP ? "reboot" : "stop";
		ctx.ns_paths = h->ns_paths;
		if (hooks_run(h->conf, LXC_HOOK_STOP, &ctx) < 0)
			WARN("lxc.hook.stop failed: %s", log_cause());
	}
	network_teardown(h->net, aborting);
	release_namespaces(h);
	terminal_free(&h->term);
	cgroup_destroy(&h->cg);
	TRACE("cgroups removed");
	cgroup_ops_free(&h->cg);
	if (h->pid > 0 && hooks_any(h->conf, LXC_HOOK_POST_STOP)) {
		struct hook_ctx ctx = hook_ctx_of(h);

		ctx.target = h->exit_status == 128 + SIGHUP ? "reboot" : "stop";
		if (hooks_run(h->conf, LXC_HOOK_POST_STOP, &ctx) < 0)
			WARN("lxc.hook.post-stop failed: %s", log_cause());
	}
	if (h->cmd_fd >= 0) {
		cmd_unlink(h->dirfd, h->name);
		close_prot_errno(&h->cmd_fd);
	}
	if (h->pidfile)
		unlink(h->pidfile);
	/* lxc.ephemeral: the container goes with its run (still locked). */
	if (h->conf->ephemeral && h->pid > 0 && container_remove_dir(h->lxcpath, h->name) < 0)
		WARN("lxc.ephemeral: %s", log_cause());
	if (h->dirfd >= 0) {
		state_retire(h->dirfd, h->name);
		lock_release_file(h->dirfd, h->name);
	}
	close_prot_errno(&h->lock_fd);
	INFO("container stopped with status %d", h->exit_status);
}

static void reply_waiters(struct lxc_handler *h)
{
	struct lxc_cmd_rsp rsp = { .ret = 0, .state = LXC_STATE_STOPPED, .pid = -1,
				   .status = h->exit_status };

	for (size_t i = 0; i < h->nwaiters; i++) {
		cmd_send_rsp(h->waiters[i], &rsp);
		close(h->waiters[i]);
	}
	free(h->waiters);
	h->waiters = NULL;
	h->nwaiters = 0;
}

static int write_pidfile(const char *path)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d\n", getpid());
	int ret = write_file_atomic(path, buf, (size_t)len, 0644);

	if (ret < 0)
		return CAUSE(ret, "failed to write pid file \"%s\": %m", path);
	return 0;
}

/* Close every fd but stdio and keep[] (sorted ascending) in the child. */
static void close_fds_except(const int *keep, size_t n)
{
	unsigned int from = 3;

	for (size_t i = 0; i <= n; i++) {
		unsigned int to = i < n ? (unsigned int)keep[i] : ~0U;

		if (i < n && keep[i] < 3)
			continue;
		if (to > from && lxc_close_range(from, to - 1, 0) < 0) {
			close_fds_from(3, keep, n);
			return;
		}
		from = to + 1;
	}
}

struct spawn_sync {
	struct lxc_handler *h;
	bool parent_failed;	/* the failure is ours: the child still waits */
};

/* Messages of the child between CONFIGURE and exec. */
static int spawn_sync_handler(int sync_fd, int stage, int arg, int *fds, size_t nfds, void *data)
{
	struct spawn_sync *sync = data;
	struct lxc_handler *h = sync->h;
	int ret;

	sync->parent_failed = true;
	/* The seccomp notify listener: served by the monitor. */
	if (stage == SYNC_FDS && arg == SYNC_FDS_SECCOMP_NOTIFY && nfds == 1 &&
	    h->seccomp_notify_fd < 0) {
		h->seccomp_notify_fd = fds[0];
		sync->parent_failed = false;
		return 0;
	}
	if (stage == SYNC_FDS) {
		ret = terminal_add_ttys(&h->term, arg, fds, nfds);
		if (ret == 0)
			sync->parent_failed = false;
		return ret;
	}
	for (size_t i = 0; i < nfds; i++)
		close(fds[i]);
	if (stage != SYNC_START_HOST)
		return CAUSE(-EPROTO, "unexpected handshake message %d", stage);
	{
		struct hook_ctx ctx = hook_ctx_of(h);

		ret = hooks_run(h->conf, LXC_HOOK_START_HOST, &ctx);
	}
	if (ret < 0)
		return ret;
	ret = sync_send(sync_fd, SYNC_EXEC);
	if (ret < 0)
		return CAUSE(ret, "failed to let the container exec: %m");
	sync->parent_failed = false;
	return 0;
}

static int spawn(struct lxc_handler *h, const sigset_t *oldmask)
{
	struct spawn_sync sync = { .h = h };
	struct spawn_result res;
	int sv[2], flags, ret;
	bool self_v1;
	pid_t pid;

	ret = sync_pair(sv);
	if (ret < 0)
		return ret;
	flags = conf_clone_flags(h->conf);
	if (h->conf->rootfs_path && !(flags & CLONE_NEWNS)) {
		close(sv[0]);
		close(sv[1]);
		return CAUSE(-EINVAL, "lxc.rootfs.path needs a mount namespace (remove \"mount\" from lxc.namespace.keep)");
	}

	self_v1 = !(flags & CLONE_NEWUSER);
	pid = ns_spawn(flags, h->cg.unified_fd, &res);
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return pid;
	}
	if (pid == 0) {
		int keep[3] = { sv[1], log_fd(), h->term.slave };
		size_t nkeep = 0;
		struct setup_args args;

		/* First, while the cgroup fds are open: join the v1 cgroups
		 * (a user namespace without maps may not; the parent does it). */
		log_reset_cause();
		args = (struct setup_args){
			.conf = h->conf,
			.name = h->name,
			.argv = h->argv,
			.clone_flags = flags,
			.execute = h->execute,
			.sync_fd = sv[1],
			.net = h->net,
			.lxcpath = h->lxcpath,
			.cg = &h->cg,
			.console_slave = h->term.slave,
			.sec = &h->sec,
			.init_path = h->init_path,
			.cgroup_ret = self_v1 ? cgroup_enter_v1(&h->cg) : 0,
		};

		/* The fds to keep, sorted ascending. */
		for (size_t i = 0; i < ARRAY_SIZE(keep); i++)
			if (keep[i] >= 0)
				keep[nkeep++] = keep[i];
		for (size_t i = 1; i < nkeep; i++)
			for (size_t j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
				int tmp = keep[j];
				keep[j] = keep[j - 1];
				keep[j - 1] = tmp;
			}
		close_fds_except(keep, nkeep);
		sigprocmask(SIG_SETMASK, oldmask, NULL);
		setup_child(&args);
	}
	close(sv[1]);
	TRACE("cloned");
	h->pid = pid;
	h->pidfd = res.pidfd;
	DEBUG("spawned init %d in namespaces (%s)%s", pid, ns_flags_string(flags),
	      res.in_cgroup ? " and cgroup" : "");

	/* A user namespace: its maps first, the child waits for them. */
	ret = 0;
	if (flags & CLONE_NEWUSER)
		ret = userns_map_child(h->conf, pid, &h->cg, sv[0]);

	/* Stage "ready": link the child into its cgroups (network and id
	 * maps come here too), then let it configure itself. */
	if (ret == 0)
		ret = cgroup_attach(&h->cg, pid, res.in_cgroup, self_v1);
	if (ret == 0)
		TRACE("attached to cgroups");
	if (ret == 0 && h->net) {
		ret = network_create(h->net, pid);
		TRACE("network created");
	}
	if (ret == 0) {
		ret = sync_send(sv[0], SYNC_CONFIGURE);
		/* A child that failed before the handshake has said why. */
		if (ret == -EPIPE || ret == -ECONNRESET) {
			ret = sync_wait_exec(sv[0], spawn_sync_handler, &sync);
			if (ret == 0)
				ret = CAUSE(-ECHILD, "the container died while setting itself up");
			h->child_failed = true;
		} else if (ret < 0) {
			ret = CAUSE(ret, "failed to signal the container to configure itself: %m");
		} else {
			ret = sync_wait_exec(sv[0], spawn_sync_handler, &sync);
			h->child_failed = ret < 0 && !sync.parent_failed;
		}
	}
	/* Its namespaces are final once it has executed (the cgroup one is
	 * made after the handshake). */
	if (ret == 0 && hooks_any(h->conf, LXC_HOOK_STOP))
		keep_namespaces(h);
	close(sv[0]);
	return ret;
}

/* The monitor's body: from STARTING to STOPPED. Returns 0 or an error. */
static int run(struct lxc_handler *h)
{
	sigset_t mask, oldmask;
	int ret;

	monitor_signal_set(&mask);
	sigprocmask(SIG_BLOCK, &mask, &oldmask);

	TRACE("monitor running");
	ret = state_publish(h->dirfd, h->name, LXC_STATE_STARTING, -1);
	/* lxc.monitor.unshare: mounts made by hooks stay in the monitor. */
	if (ret == 0 && h->conf->monitor_unshare &&
	    (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0))
		ret = SYSCAUSE("lxc.monitor.unshare: failed to unshare the monitor's mount namespace: %m");
	if (ret == 0) {
		h->cmd_fd = cmd_listen(h->dirfd, h->name);
		if (h->cmd_fd < 0)
			ret = h->cmd_fd;
	}
	if (ret == 0 && hooks_any(h->conf, LXC_HOOK_PRE_START)) {
		struct hook_ctx ctx = hook_ctx_of(h);

		ret = hooks_run(h->conf, LXC_HOOK_PRE_START, &ctx);
	}
	if (ret == 0)
		ret = cgroup_init(&h->cg, h->conf, h->name, h->lxcpath);
	if (ret == 0)
		ret = cgroup_create(&h->cg);
	TRACE("cgroups created");
	if (ret == 0)
		ret = cgroup_apply_settings(&h->cg, h->conf);
	if (ret == 0)
		ret = network_prepare(h->conf, h->name, &h->net);
	if (ret == 0)
		ret = terminal_create(&h->term, h->conf, h->notify_fd >= 0, h->execute);
	if (ret == 0)
		ret = spawn(h, &oldmask);
	if (ret == 0 && h->pidfile)
		ret = write_pidfile(h->pidfile);
	if (ret == 0)
		ret = state_publish(h->dirfd, h->name, LXC_STATE_RUNNING, h->pid);
	if (ret < 0) {
		ERROR("start failed: %s", log_cause());
		teardown(h, true);
		notify_starter(h, ret);
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		return ret;
	}
	INFO("container running, init pid %d", h->pid);
	notify_starter(h, 0);
	ret = monitor_supervise(h);
	if (ret < 0)
		WARN("supervision failed: %s", strerror(-ret));
	TRACE("init exited");
	wait_status(h, true);
	terminal_drain(&h->term);
	teardown(h, false);
	reply_waiters(h);
	handler_close_fds(h);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	return 0;
}

static int split_cmd(const char *cmd, char ***argv)
{
	*argv = strv_split(cmd, " \t");
	if (!*argv)
		return -ENOMEM;
	if (!**argv)
		return -EINVAL;
	return 0;
}

static int resolve_argv(struct lxc_handler *h, char *const argv[])
{
	const char *cmd;

	if (argv && argv[0]) {
		for (size_t i = 0; argv[i]; i++)
			if (strv_append(&h->argv, argv[i]) < 0)
				return -ENOMEM;
		return 0;
	}
	cmd = h->execute ? h->conf->execute_cmd : h->conf->init_cmd;
	if (cmd && *cmd)
		return split_cmd(cmd, &h->argv);
	if (h->execute)
		return CAUSE(-EINVAL, "no command given (pass one after \"--\" or set lxc.execute.cmd)");
	if (!h->conf->rootfs_path)
		return CAUSE(-EINVAL, "no command given and no lxc.rootfs.path: refusing to run the host's /sbin/init (pass a command after \"--\" or set lxc.init.cmd)");
	return split_cmd("/sbin/init", &h->argv);
}

static int daemonize(struct lxc_handler *h, int *exit_status)
{
	struct notify_msg msg;
	int pipefd[2];
	pid_t pid;
	ssize_t n;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return SYSCAUSE("failed to create a pipe: %m");
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return SYSCAUSE("failed to fork the monitor: %m");
	}
	if (pid == 0) {
		int null;

		close(pipefd[0]);
		setsid();
		pid = fork();
		if (pid != 0)
			_exit(pid < 0 ? 1 : 0);
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
			if (null > STDERR_FILENO)
				close(null);
		}
		log_detach_stderr();
		h->notify_fd = pipefd[1];
		run(h);
		_exit(0);
	}
	close(pipefd[1]);
	close_prot_errno(&h->lock_fd);
	/* Forking twice leaves the monitor to init rather than to the
	 * caller, which may be a long-lived program that never reaps it. */
	waitpid(pid, NULL, 0);
	n = read_all(pipefd[0], &msg, sizeof(msg));
	close(pipefd[0]);
	if (n != (ssize_t)sizeof(msg))
		return CAUSE(-ECHILD, "the monitor died before the container was running");
	if (msg.ret < 0) {
		msg.cause[sizeof(msg.cause) - 1] = '\0';
		log_set_cause_text(msg.cause);
		if (exit_status)
			*exit_status = msg.status;
	}
	return msg.ret;
}

static void handler_free(struct lxc_handler *h)
{
	handler_close_fds(h);
	close_prot_errno(&h->lock_fd);
	close_prot_errno(&h->dirfd);
	cgroup_ops_free(&h->cg);
	network_free(h->net);
	conf_free(h->conf);
	strv_free(h->argv);
	free(h->name);
	free(h->lxcpath);
	free(h->pidfile);
	release_namespaces(h);
	terminal_free(&h->term);
	security_release(&h->sec);
	close_prot_errno(&h->seccomp_notify_fd);
	close_prot_errno(&h->seccomp_proxy_fd);
	free(h->init_path);
}

LXC_PUBLIC int lxc_container_start(const char *name, char *const argv[],
				   const struct lxc_start_options *opts, int *exit_status)
{
	struct lxc_start_options none = { 0 };
	struct lxc_handler h = {
		.dirfd = -EBADF, .lock_fd = -EBADF, .cmd_fd = -EBADF,
		.pidfd = -EBADF, .notify_fd = -EBADF, .pid = -1, .seccomp_notify_fd = -EBADF,
		.seccomp_proxy_fd = -EBADF,
		.ns_fds = { -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF },
	};

	terminal_init(&h.term);
	int ret;

	log_reset_cause();
	if (!opts)
		opts = &none;
	if (exit_status)
		*exit_status = 0;
	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	log_set_name(name);
	h.name = strdup(name);
	h.lxcpath = resolve_lxcpath(opts->lxcpath);
	h.execute = opts->execute;
	if (opts->pidfile) {
		h.pidfile = opts->pidfile[0] == '/' ? strdup(opts->pidfile) : resolve_lxcpath(opts->pidfile);
	}
	cgroup_ops_free(&h.cg);
	if (!h.name || !h.lxcpath) {
		ret = CAUSE(-ENOMEM, "out of memory");
		goto out;
	}
	ret = load_config(name, h.lxcpath, opts->rcfile, opts->overrides, &h.conf);
	if (ret < 0)
		goto out;
	ret = log_apply_config(h.conf->log_file, h.conf->log_level);
	if (ret < 0)
		goto out;
	if (h.conf->log_syslog && (ret = log_set_syslog(h.conf->log_syslog)) < 0)
		goto out;
	ret = security_prepare(h.conf, &h.sec);
	if (ret < 0)
		goto out;
	ret = resolve_argv(&h, argv);
	if (ret < 0)
		goto out;
	/* lxc-execute's PID 1: a static lxc-init, run from a protected copy. */
	if (h.execute && !(h.init_path = exeguard_find_init())) {
		ret = -ENOENT;
		goto out;
	}
	if (h.conf->rootfs_path && (ret = rootfs_precheck(h.conf)) < 0)
		goto out;

	h.dirfd = runtime_dir_open(h.lxcpath, true);
	if (h.dirfd < 0) {
		ret = log_has_cause() ? h.dirfd
				      : CAUSE(h.dirfd, "failed to open the runtime directory: %m");
		goto out;
	}
	h.lock_fd = lock_acquire(h.dirfd, name);
	if (h.lock_fd == -EBUSY) {
		ret = CAUSE(-EBUSY, "already running");
		goto out;
	}
	if (h.lock_fd < 0) {
		ret = h.lock_fd;
		goto out;
	}
	INFO("starting \"%s\" (lxcpath \"%s\")", name, h.lxcpath);

	if (opts->daemonize) {
		ret = daemonize(&h, exit_status);
	} else {
		ret = run(&h);
		if (exit_status)
			*exit_status = h.exit_status;
	}
out:
	handler_free(&h);
	return ret;
}
