/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Entering a running container (lxc-attach).
 *
 * The caller forks a helper that moves itself into the cgroups of the
 * container's init and joins its namespaces (all at once through a pidfd
 * where the kernel can, else one by one through /proc/PID/ns), then
 * clones the attached process with CLONE_PARENT, so that it is the
 * caller's own child, in the container's pid namespace, and exits.  The
 * attached process takes a pty of the container's devpts when stdin is a
 * terminal (sending the master back), drops the container's capabilities,
 * takes its environment and credentials, and executes the command.  The
 * handshake socket is close-on-exec: EOF means the exec happened, a
 * message means it failed and why.
 */
#include "config.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"
#include "conf.h"
#include "confile.h"
#include "log.h"
#include "lxc.h"
#include "security.h"
#include "setup.h"
#include "start.h"
#include "state.h"
#include "sync.h"
#include "syscalls.h"
#include "terminal.h"
#include "utils.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

extern char **environ;

/* In the order they are joined one by one: the user namespace first. */
static const struct {
	const char *name;
	int flag;
} namespaces[] = {
	{ "user", CLONE_NEWUSER }, { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC },
	{ "uts", CLONE_NEWUTS },   { "net", CLONE_NEWNET },	  { "pid", CLONE_NEWPID },
	{ "time", CLONE_NEWTIME }, { "mnt", CLONE_NEWNS },
};

/* The namespaces init has that we do not share. */
static int foreign_namespaces(pid_t pid)
{
	int flags = 0;

	for (size_t i = 0; i < ARRAY_SIZE(namespaces); i++) {
		char path[64];
		struct stat theirs, ours;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, namespaces[i].name);
		if (stat(path, &theirs) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/ns/%s", namespaces[i].name);
		if (stat(path, &ours) < 0 || theirs.st_ino != ours.st_ino || theirs.st_dev != ours.st_dev)
			flags |= namespaces[i].flag;
	}
	return flags;
}

/* What the container runs with, as its monitor has it. */
struct ct_info {
	struct lxc_conf *conf;	/* the capability, cwd, id and environment keys */
};

static int fetch_conf(const char *name, const char *lxcpath, struct lxc_conf **out)
{
	static const char *const keys[] = {
		"lxc.cap.drop", "lxc.cap.keep", "lxc.no_new_privs", "lxc.init.cwd",
		"lxc.init.uid", "lxc.init.gid", "lxc.environment",
		"lxc.seccomp.profile", "lxc.seccomp.allow_nesting",
	};
	__do_conf_free struct lxc_conf *conf = conf_new();
	__do_close int dirfd = -EBADF;

	if (!conf)
		return -ENOMEM;
	dirfd = runtime_dir_open(lxcpath, false);
	if (dirfd < 0)
		return -ESRCH;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		struct lxc_cmd_req req = { .cmd = LXC_CMD_GET_CONFIG_ITEM };
		__do_free struct lxc_cmd_rsp *rsp = calloc(1, sizeof(*rsp));
		__do_free_strv char **lines = NULL;
		int ret;

		if (!rsp)
			return -ENOMEM;
		snprintf(req.data, sizeof(req.data), "%s", keys[i]);
		ret = cmd_call(dirfd, name, &req, rsp);
		if (ret < 0)
			return ret;
		if (rsp->ret < 0)
			return rsp->ret;
		/* List keys come one entry per line. */
		lines = strv_split(rsp->data, "\n");
		if (!lines)
			return -ENOMEM;
		for (char **l = lines; *l; l++)
			if (confile_set(conf, keys[i], *l, "running configuration") < 0)
				return -EPROTO;
	}
	*out = move_ptr(conf);
	return 0;
}

/* --- the helper: cgroups and namespaces --------------------------------------- */

/* Unescape the octal escapes of /proc/self/mountinfo in place. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*out++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* The mount point and root of the cgroup hierarchy ctrls ("" for cgroup2). */
static int find_cgroup_mount(const char *mountinfo, const char *ctrls, char **mountpoint, char **root)
{
	__do_fclose FILE *f = fmemopen((void *)mountinfo, strlen(mountinfo), "r");
	__do_free char *line = NULL;
	__do_free_strv char **want = strv_split(ctrls, ",");
	size_t cap = 0;

	if (!f || !want)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		char *sep = strstr(line, " - "), *fields[8], *save = NULL, *tok;
		char *fstype, *opts;
		int nf = 0;

		if (!sep)
			continue;
		*sep = '\0';
		for (tok = strtok_r(line, " ", &save); tok && nf < 8; tok = strtok_r(NULL, " ", &save))
			fields[nf++] = tok;
		if (nf < 5)
			continue;
		save = NULL;
		fstype = strtok_r(sep + 3, " \n", &save);
		(void)strtok_r(NULL, " \n", &save);
		opts = strtok_r(NULL, " \n", &save);
		if (!fstype)
			continue;
		if (!*ctrls ? strcmp(fstype, "cgroup2") != 0
			    : (strcmp(fstype, "cgroup") != 0 || !opts || !want[0]))
			continue;
		if (*ctrls) {
			__do_free_strv char **have = strv_split(opts, ",");
			bool found = false;

			for (char **h = have; h && *h && !found; h++)
				found = strcmp(*h, want[0]) == 0;
			if (!found)
				continue;
		}
		unescape(fields[3]);
		unescape(fields[4]);
		*root = strdup(fields[3]);
		*mountpoint = strdup(fields[4]);
		return *root && *mountpoint ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

/* init's cgroups, as their directories here, read once before the fork. */
struct init_cgroups {
	char **dirs;		/* one per hierarchy mounted here */
	bool *v2;		/* dirs[i] is the cgroup2 one */
	size_t n;
};

static void init_cgroups_free(struct init_cgroups *c)
{
	strv_free(c->dirs);
	free(c->v2);
	*c = (struct init_cgroups){ 0 };
}

static int init_cgroups_read(pid_t pid, struct init_cgroups *c)
{
	__do_free char *text = NULL, *mountinfo = NULL;
	char path[64], *save = NULL;
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	ret = read_file(path, &text, NULL);
	if (ret == 0)
		ret = read_file("/proc/self/mountinfo", &mountinfo, NULL);
	if (ret < 0)
		return CAUSE(ret, "failed to read the cgroups of the container's init: %m");
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(l, ':'), *c2;
		__do_free char *mountpoint = NULL, *root = NULL;
		const char *rel;
		char **dirs;
		bool *v2;

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c2 = '\0';
		if (find_cgroup_mount(mountinfo, c1 + 1, &mountpoint, &root) < 0)
			continue;	/* a hierarchy that is not mounted here */
		rel = c2 + 1;
		if (strcmp(root, "/") != 0 && strncmp(rel, root, strlen(root)) == 0)
			rel += strlen(root);
		dirs = realloc(c->dirs, (c->n + 2) * sizeof(*dirs));
		if (dirs)
			c->dirs = dirs;
		v2 = realloc(c->v2, (c->n + 1) * sizeof(*v2));
		if (v2)
			c->v2 = v2;
		if (!dirs || !v2)
			return -ENOMEM;
		c->dirs[c->n] = must_sprintf("%s%s", mountpoint, rel);
		c->dirs[c->n + 1] = NULL;
		c->v2[c->n++] = c1[1] == '\0';
	}
	return 0;
}

/*
 * Move ourselves into init's cgroups.  In v1 through tasks: a single thread
 * moving itself spares the RCU grace period that moving a whole process
 * waits for (see cgroup_enter_v1()); cgroup2 is skipped when clone3 already
 * put us there.
 */
static int join_cgroups(const struct init_cgroups *c, bool in_v2)
{
	for (size_t i = 0; i < c->n; i++) {
		__do_free char *file = NULL;
		int ret;

		if (c->v2[i] && in_v2)
			continue;
		file = must_sprintf("%s/%s", c->dirs[i], c->v2[i] ? "cgroup.procs" : "tasks");
		ret = write_file(file, "0", 1);
		if (ret < 0)
			return CAUSE(ret, "failed to join the container's cgroup \"%s\": %m", c->dirs[i]);
	}
	return 0;
}

/* No other thread: a raw clone leaves no lock of libc's held in the child. */
static bool single_threaded(void)
{
	struct stat st;

	/* A task directory's link count: 2 plus one per thread. */
	return stat("/proc/self/task", &st) == 0 && st.st_nlink == 3;
}

/*
 * The helper, forked straight into init's cgroup2 cgroup when the kernel
 * can (clone3 with CLONE_INTO_CGROUP takes the threadgroup lock only for
 * reading: no grace period); else a plain fork, which a caller with threads
 * (liblxc is a library) always gets, as fork() keeps libc consistent.
 */
static pid_t fork_helper(const struct init_cgroups *c, bool *in_v2)
{
	struct lxc_clone_args args = { .exit_signal = SIGCHLD };

	*in_v2 = false;
	for (size_t i = 0; i < c->n && single_threaded(); i++) {
		__do_close int cgfd = -EBADF;
		pid_t pid;

		if (!c->v2[i])
			continue;
		/* Unopenable: the helper writes cgroup.procs, and reports. */
		cgfd = open(c->dirs[i], O_DIRECTORY | O_RDONLY | O_CLOEXEC);
		if (cgfd < 0)
			break;
		args.flags = CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgfd;
		pid = lxc_clone3(&args, sizeof(args));
		if (pid >= 0) {
			*in_v2 = true;
			return pid;
		}
		break;
	}
	return fork();
}

static int join_namespaces(pid_t pid, int pidfd, int flags)
{
	int fds[ARRAY_SIZE(namespaces)];
	int ret = 0;

	if (pidfd >= 0 && lxc_setns_pidfd(pidfd, flags) == 0)
		return 0;
	/* Before Linux 5.8: one by one, every fd opened before the first join. */
	for (size_t i = 0; i < ARRAY_SIZE(namespaces); i++) {
		char path[64];

		fds[i] = -EBADF;
		if (!(flags & namespaces[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, namespaces[i].name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 && ret == 0)
			ret = SYSCAUSE("failed to open \"%s\": %m", path);
	}
	for (size_t i = 0; i < ARRAY_SIZE(namespaces) && ret == 0; i++)
		if (fds[i] >= 0 && setns(fds[i], namespaces[i].flag) < 0)
			ret = SYSCAUSE("failed to join the container's %s namespace: %m", namespaces[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(namespaces); i++)
		close_prot_errno(&fds[i]);
	return ret;
}

/* --- the attached process ------------------------------------------------------- */

struct attach_args {
	const struct lxc_conf *conf;	/* the running container's keys */
	const struct security_ctx *sec;	/* prepared on the host side */
	const struct lxc_attach_options *opts;
	char *const *argv;
	int sync_fd;
	int host_slave;		/* a host pty for when the container has none */
	bool want_pty;
};

/* The user's entry in the container's /etc/passwd: "name:x:uid:gid:gecos:home:shell". */
static char **passwd_entry(uid_t uid)
{
	__do_free char *text = NULL;
	char *save = NULL;

	if (read_file("/etc/passwd", &text, NULL) < 0)
		return NULL;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char **f = strv_split(l, ":");
		unsigned int id;

		if (f && strv_len(f) >= 6 && parse_uint(f[2], &id) == 0 && id == uid)
			return f;
		strv_free(f);
	}
	return NULL;
}

static int build_attach_env(const struct attach_args *a, uid_t uid, char ***out)
{
	const struct lxc_attach_options *o = a->opts;
	__do_free_strv char **env = calloc(1, sizeof(char *));
	__do_free_strv char **pw = passwd_entry(uid);
	const char *term = getenv("TERM");

	if (!env)
		return -ENOMEM;
	if (o->keep_env) {
		for (char **e = environ; e && *e; e++)
			if (strv_append(&env, *e) < 0)
				return -ENOMEM;
	} else {
		/* A clean environment: what a login in the container would see. */
		__do_free char *home = must_sprintf("HOME=%s", pw && *pw[5] ? pw[5] : "/");

		if (strv_append(&env, "PATH=" DEFAULT_PATH) < 0 || strv_append(&env, home) < 0)
			return -ENOMEM;
		if (pw) {
			__do_free char *user = must_sprintf("USER=%s", pw[0]);
			__do_free char *logname = must_sprintf("LOGNAME=%s", pw[0]);

			if (strv_append(&env, user) < 0 || strv_append(&env, logname) < 0)
				return -ENOMEM;
		}
		if (term) {
			__do_free char *t = must_sprintf("TERM=%s", term);

			if (strv_append(&env, t) < 0)
				return -ENOMEM;
		}
		for (const char *const *k = o->keep_vars; k && *k; k++) {
			const char *v = getenv(*k);

			if (v) {
				__do_free char *kv = must_sprintf("%s=%s", *k, v);

				if (strv_append(&env, kv) < 0)
					return -ENOMEM;
			}
		}
		for (char **e = a->conf->environment; e && *e; e++)
			if (strv_append(&env, *e) < 0)
				return -ENOMEM;
	}
	if (strv_append(&env, "container=lxc") < 0)
		return -ENOMEM;
	for (const char *const *v = o->extra_env; v && *v; v++)
		if (strv_append(&env, *v) < 0)
			return -ENOMEM;
	*out = move_ptr(env);
	return 0;
}

/* A pty of the container's own devpts; the master goes to the caller. */
static int attach_pty(const struct attach_args *a, int *slave)
{
	__do_close int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	int unlock = 0, ret;

	if (master >= 0 && ioctl(master, TIOCSPTLCK, &unlock) == 0) {
		int s = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);

		if (s >= 0) {
			ret = sync_send_fds(a->sync_fd, SYNC_FDS, 1, &master, 1);
			if (ret < 0) {
				close(s);
				return CAUSE(ret, "failed to pass the pty: %m");
			}
			*slave = s;
			return 0;
		}
	}
	/* No ptmx in the container: the caller's pty of the host. */
	ret = sync_send_fds(a->sync_fd, SYNC_FDS, 0, NULL, 0);
	if (ret < 0)
		return CAUSE(ret, "failed to pass the pty: %m");
	*slave = a->host_slave;
	return 0;
}

static int attached_setup(const struct attach_args *a, char ***envp)
{
	const struct lxc_attach_options *o = a->opts;
	const struct lxc_conf *conf = a->conf;
	uid_t uid = o->uid != (uid_t)-1 ? o->uid : conf->init_uid_set ? conf->init_uid : 0;
	gid_t gid = o->gid != (gid_t)-1 ? o->gid : conf->init_gid_set ? conf->init_gid : 0;
	int ret;

	if (a->want_pty) {
		int slave = -EBADF;

		ret = attach_pty(a, &slave);
		if (ret < 0)
			return ret;
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
			return SYSCAUSE("failed to make the pty the controlling terminal: %m");
		for (int fd = 0; fd < 3; fd++)
			if (dup2(slave, fd) < 0)
				return SYSCAUSE("failed to connect the pty: %m");
		close(slave);
	}
	if (a->host_slave >= 0)
		close(a->host_slave);
	ret = build_attach_env(a, uid, envp);
	if (ret < 0)
		return CAUSE(ret, "out of memory");
	if (chdir(conf->init_cwd ? conf->init_cwd : "/") < 0 && chdir("/") < 0)
		return SYSCAUSE("failed to enter \"/\" in the container: %m");
	if (!(o->elevated & LXC_ATTACH_ELEVATE_CAPS)) {
		/* What the container's init went through: capabilities, ids,
		 * no_new_privs and the seccomp filter, last. */
		struct exec_ids ids = { .set_uid = true, .uid = uid, .set_gid = true, .gid = gid };
		int notify_fd = -EBADF;

		ret = security_exec_prepare(conf, a->sec, &ids, &notify_fd);
		/* Nobody answers notifications here: those syscalls get ENOSYS. */
		if (notify_fd >= 0)
			close(notify_fd);
		return ret;
	}
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		return SYSCAUSE("failed to drop the supplementary groups: %m");
	if (setresgid(gid, gid, gid) < 0)
		return SYSCAUSE("failed to switch to gid %u: %m", gid);
	if (setresuid(uid, uid, uid) < 0)
		return SYSCAUSE("failed to switch to uid %u: %m", uid);
	if (conf->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return SYSCAUSE("lxc.no_new_privs: %m");
	return 0;
}

static __noreturn void attached_main(const struct attach_args *a)
{
	char **envp = NULL;
	char *shell_argv[2] = { NULL, NULL };
	char *const *argv = a->argv;
	sigset_t none;
	int ret;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	ret = attached_setup(a, &envp);
	if (ret == 0) {
		if (!argv || !argv[0]) {
			/* The user's shell in the container. */
			uid_t uid = getuid();
			__do_free_strv char **pw = passwd_entry(uid);

			shell_argv[0] = strdup(pw && strv_len(pw) >= 7 && *pw[6] ? pw[6] : "/bin/sh");
			argv = shell_argv;
		}
		ret = exec_command(argv, envp);
		sync_send_error(a->sync_fd, "exec", ret, log_cause());
		_exit(ret == -ENOENT ? 127 : 126);
	}
	sync_send_error(a->sync_fd, "attach", ret, log_cause());
	_exit(1);
}

/* --- the caller ---------------------------------------------------------------------- */

struct caller_sync {
	pid_t pid;
	int pty_master;
	bool got_pty;
};

static int caller_handler(int sync_fd, int stage, int arg, int *fds, size_t nfds, void *data)
{
	struct caller_sync *s = data;

	if (stage == SYNC_ATTACH_PID) {
		s->pid = arg;
		return 0;
	}
	if (stage == SYNC_FDS) {
		s->got_pty = true;
		if (nfds == 1)
			s->pty_master = fds[0];
		return 0;
	}
	for (size_t i = 0; i < nfds; i++)
		close(fds[i]);
	return CAUSE(-EPROTO, "unexpected attach message %d", stage);
}

/* The signals forwarded to the attached process (without a pty). */
static void forwarded_signals(sigset_t *mask)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
				    SIGCHLD };

	sigemptyset(mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(mask, sigs[i]);
}

/* Without a pty: forward the signals the caller gets (blocked since the
 * fork, so that none is missed) to the attached process. */
static int forward_until_exit(int pidfd, pid_t pid)
{
	__do_close int ep = epoll_create1(EPOLL_CLOEXEC), sfd = -EBADF;
	sigset_t mask;
	struct epoll_event ev = { .events = EPOLLIN };
	int ret = 0;

	if (ep < 0)
		return -errno;
	forwarded_signals(&mask);
	/* With a pidfd, it says when the process ended, not SIGCHLD. */
	if (pidfd >= 0)
		sigdelset(&mask, SIGCHLD);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	ev.data.u64 = 0;
	if (pidfd >= 0)
		epoll_ctl(ep, EPOLL_CTL_ADD, pidfd, &ev);
	if (sfd >= 0) {
		ev.data.u64 = 1;
		epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
	}
	for (;;) {
		struct epoll_event evs[2];
		int n = epoll_wait(ep, evs, 2, -1);
		bool exited = false;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		for (int i = 0; i < n; i++) {
			struct signalfd_siginfo si;

			if (evs[i].data.u64 == 0) {
				exited = true;
				continue;
			}
			while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				siginfo_t info = { 0 };

				if (si.ssi_signo == SIGCHLD) {
					if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
					    info.si_pid == pid)
						exited = true;
					continue;
				}
				if (pidfd < 0 || lxc_pidfd_send_signal(pidfd, (int)si.ssi_signo, NULL, 0) < 0)
					kill(pid, (int)si.ssi_signo);
			}
		}
		if (exited)
			break;
	}
	return ret;
}

static int wait_attached(pid_t pid, int *status)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

static void security_ctx_release(struct security_ctx *sec)
{
	security_release(sec);
}

LXC_PUBLIC int lxc_container_attach(const char *name, char *const argv[],
				    const struct lxc_attach_options *opts, int *exit_status)
{
	struct lxc_attach_options none = { .uid = (uid_t)-1, .gid = (gid_t)-1 };
	__do_free char *lxcpath = NULL;
	__do_conf_free struct lxc_conf *conf = NULL;
	__do_close int dirfd = -EBADF, pidfd = -EBADF, host_master = -EBADF, host_slave = -EBADF;
	struct caller_sync sync = { .pid = -1, .pty_master = -EBADF };
	struct attach_args a = { 0 };
	struct security_ctx sec __attribute__((cleanup(security_ctx_release))) = { 0 };
	struct init_cgroups cgs __attribute__((cleanup(init_cgroups_free))) = { 0 };
	sigset_t fwd, oldmask;
	lxc_state_t state;
	pid_t init = -1, helper;
	int sv[2], flags, ret, status = 1;
	bool want_pty, in_v2;

	log_reset_cause();
	if (exit_status)
		*exit_status = 1;
	if (!opts)
		opts = &none;
	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	lxcpath = resolve_lxcpath(opts->lxcpath);
	if (!lxcpath)
		return -ENOMEM;
	log_set_name(name);
	dirfd = runtime_dir_open(lxcpath, false);
	if (dirfd >= 0)
		state_read(dirfd, name, &state, &init);
	if (dirfd < 0 || init <= 0 || state != LXC_STATE_RUNNING)
		return CAUSE(-ESRCH, "not running");
	/* A pidfd, checked against the state, so that a reused pid is never hit. */
	pidfd = lxc_pidfd_open(init, 0);
	if (pidfd >= 0) {
		pid_t again = -1;

		state_read(dirfd, name, &state, &again);
		if (again != init)
			return CAUSE(-ESRCH, "not running");
	}
	ret = fetch_conf(name, lxcpath, &conf);
	if (ret == -ESRCH)
		return CAUSE(ret, "not running");
	if (ret == -EACCES)
		return CAUSE(ret, "permission denied: only root or the container's owner may control it");
	if (ret < 0)
		return CAUSE(ret, "failed to read the container's configuration from its monitor: %m");
	/* The seccomp filter is read while the host's files are in view. */
	ret = security_prepare(conf, &sec);
	if (ret < 0)
		return ret;

	if (!(opts->elevated & LXC_ATTACH_ELEVATE_CGROUP)) {
		ret = init_cgroups_read(init, &cgs);
		if (ret < 0)
			return ret;
	}
	flags = foreign_namespaces(init);
	if (opts->namespaces)
		flags &= opts->namespaces;
	want_pty = isatty(STDIN_FILENO);
	if (want_pty) {
		host_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (host_master < 0 || grantpt(host_master) < 0 || unlockpt(host_master) < 0)
			return SYSCAUSE("failed to allocate a pty: %m");
		host_slave = ioctl(host_master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (host_slave < 0)
			return SYSCAUSE("failed to open the pty: %m");
	}
	ret = sync_pair(sv);
	if (ret < 0)
		return ret;
	if (!want_pty) {
		forwarded_signals(&fwd);
		sigprocmask(SIG_BLOCK, &fwd, &oldmask);
	}

	helper = fork_helper(&cgs, &in_v2);
	if (helper < 0) {
		ret = SYSCAUSE("failed to fork: %m");
		close(sv[0]);
		close(sv[1]);
		if (!want_pty)
			sigprocmask(SIG_SETMASK, &oldmask, NULL);
		return ret;
	}
	if (helper == 0) {
		pid_t child;

		if (!want_pty)
			sigprocmask(SIG_SETMASK, &oldmask, NULL);
		close(sv[0]);
		/* Nothing to join with LXC_ATTACH_ELEVATE_CGROUP: cgs is empty. */
		ret = join_cgroups(&cgs, in_v2);
		if (ret == 0)
			ret = join_namespaces(init, pidfd, flags);
		if (ret < 0) {
			sync_send_error(sv[1], "attach", ret, log_cause());
			_exit(1);
		}
		/* CLONE_PARENT: the caller's child, in the container's pid namespace. */
		child = lxc_raw_clone(CLONE_PARENT, NULL);
		if (child == 0) {
			a.conf = conf;
			a.sec = &sec;
			a.opts = opts;
			a.argv = argv;
			a.sync_fd = sv[1];
			a.host_slave = host_slave;
			a.want_pty = want_pty;
			attached_main(&a);
		}
		if (child < 0) {
			ret = SYSCAUSE("failed to create the attached process: %m");
			sync_send_error(sv[1], "attach", ret, log_cause());
			_exit(1);
		}
		sync_send_fds(sv[1], SYNC_ATTACH_PID, child, NULL, 0);
		_exit(0);
	}
	close(sv[1]);
	close_prot_errno(&host_slave);
	ret = sync_wait_exec(sv[0], caller_handler, &sync);
	waitpid(helper, NULL, 0);
	/* The attached process may report its failure before the helper
	 * sends its pid: both have exited, so the pid is queued behind. */
	if (ret < 0 && sync.pid <= 0)
		sync_wait_exec(sv[0], caller_handler, &sync);
	close(sv[0]);
	if (sync.pid <= 0 || ret < 0) {
		if (sync.pid <= 0 && ret == 0)
			ret = CAUSE(-ECHILD, "the attach helper died");
		/* The attached process reported why it stops; it exits by itself. */
		if (sync.pid > 0)
			wait_attached(sync.pid, &status);
		if (exit_status)
			*exit_status = status == 127 || status == 126 ? status : 1;
		close_prot_errno(&sync.pty_master);
		if (!want_pty)
			sigprocmask(SIG_SETMASK, &oldmask, NULL);
		return ret;
	}
	close_prot_errno(&pidfd);
	pidfd = lxc_pidfd_open(sync.pid, 0);
	if (want_pty) {
		int master = sync.pty_master >= 0 ? sync.pty_master : host_master;

		/* Until the command ends; then what it left in the pty. */
		terminal_proxy(STDIN_FILENO, STDOUT_FILENO, master, master, pidfd, -1);
		fcntl(master, F_SETFL, O_NONBLOCK);
		for (;;) {
			char buf[4096];
			ssize_t n = read(master, buf, sizeof(buf));

			if (n <= 0 || write_all(STDOUT_FILENO, buf, (size_t)n) < 0)
				break;
		}
		close_prot_errno(&sync.pty_master);
	} else {
		forward_until_exit(pidfd, sync.pid);
	}
	ret = wait_attached(sync.pid, &status);
	if (!want_pty)
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
	if (ret < 0)
		return CAUSE(ret, "failed to wait for the attached process: %m");
	if (exit_status)
		*exit_status = status;
	return 0;
}
