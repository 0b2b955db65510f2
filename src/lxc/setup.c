/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exeguard.h"
#include "hooks.h"
#include "log.h"
#include "rootfs.h"
#include "security.h"
#include "setup_sys.h"
#include "terminal.h"
#include "setup.h"
#include "sync.h"
#include "syscalls.h"
#include "userns.h"
#include "utils.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *current_stage = "configure";
/* lxc-execute: a protected fd of lxc-init, the container's PID 1. */
static int init_exe_fd = -EBADF;

static int setup_loopback(void)
{
	__do_close int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;

	if (fd < 0)
		return SYSCAUSE("failed to open a socket to bring up \"lo\": %m");
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return SYSCAUSE("failed to read the flags of \"lo\": %m");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return SYSCAUSE("failed to bring up \"lo\": %m");
	return 0;
}

static char **build_env(const struct lxc_conf *conf)
{
	char **env = calloc(1, sizeof(char *));
	const char *term = getenv("TERM");
	bool has_path = false;

	if (!env)
		return NULL;
	for (char **e = conf->environment; e && *e; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			has_path = true;
	if (!has_path && strv_append(&env, "PATH=" DEFAULT_PATH) < 0)
		return NULL;
	if (strv_append(&env, "container=lxc") < 0)
		return NULL;
	if (term) {
		__do_free char *t = must_sprintf("TERM=%s", term);
		if (strv_append(&env, t) < 0)
			return NULL;
	}
	for (char **e = conf->environment; e && *e; e++)
		if (strv_append(&env, *e) < 0)
			return NULL;
	return env;
}

static int reset_signals(void)
{
	sigset_t mask;

	/* Handlers are reset by exec; what may be inherited is SIG_IGN, and
	 * only for the classic signals in practice (nohup, shells). */
	for (int sig = 1; sig < SIGRTMIN; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&mask);
	return sigprocmask(SIG_SETMASK, &mask, NULL);
}

/* execvpe with the container's PATH; returns only on failure. */
/*
 * execvpe with the container's PATH; returns only on failure.  It uses no
 * heap, so that it can run in a vfork()ed child.
 */
int exec_command(char *const *argv, char *const *envp)
{
	const char *path = DEFAULT_PATH;
	int saved = ENOENT;

	for (char *const *e = envp; *e; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			path = *e + 5;
	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, envp);
		saved = errno;
	} else {
		for (const char *dir = path; *dir;) {
			size_t len = strcspn(dir, ":");
			char full[PATH_MAX];

			if (len > 0 && (size_t)snprintf(full, sizeof(full), "%.*s/%s", (int)len, dir,
							argv[0]) < sizeof(full)) {
				execve(full, argv, envp);
				if (errno != ENOENT && errno != ENOTDIR)
					saved = errno;
			}
			dir += len;
			if (*dir == ':')
				dir++;
		}
	}
	errno = saved;
	return SYSCAUSE("failed to exec \"%s\": %m", argv[0]);
}

/* As a shell reports it: 127 not found, 126 not executable, else 1. */
static int exec_failure_status(const char *stage, int err)
{
	if (strcmp(stage, "exec") != 0)
		return 1;
	return err == -ENOENT ? 127 : 126;
}

static int do_setup(const struct setup_args *a, char ***envp)
{
	const struct lxc_conf *conf = a->conf;
	__do_close int procfd = -EBADF;
	int ret;

	/*
	 * What needs nothing from the parent comes first, so that it overlaps
	 * with the parent's work (id maps, the network).
	 */
	current_stage = "setup";
	/* A user namespace: nothing can be made before the maps are written. */
	if (a->clone_flags & CLONE_NEWUSER) {
		current_stage = "idmap";
		ret = userns_child_wait(a->sync_fd, a->clone_flags & CLONE_NEWNS);
		if (ret < 0)
			return ret;
		current_stage = "setup";
	}
	TRACE("child: setting up");
	/* lxc-execute: lxc-init, opened while the host's files are in view. */
	if (a->execute && (ret = exeguard_open_init(a->init_path, &init_exe_fd)) < 0)
		return ret;
	procfd = setup_sys_open_proc(conf);
	if (procfd < 0 && procfd != -EBADF)
		return procfd;
	if (a->clone_flags & CLONE_NEWNS) {
		ret = conf->rootfs_path ? rootfs_setup(a) : rootfs_setup_host_view(a);
		if (ret < 0)
			return ret;
	}
	if (a->clone_flags & CLONE_NEWUTS) {
		const char *host = conf->uts_name ? conf->uts_name : a->name;

		if (sethostname(host, strlen(host)) < 0)
			return SYSCAUSE("failed to set the hostname to \"%s\": %m", host);
	}
	TRACE("child: mounts done");
	if ((a->clone_flags & CLONE_NEWNET) && (ret = setup_loopback()) < 0)
		return ret;
	TRACE("child: lo up");

	current_stage = "configure";
	ret = sync_wait(a->sync_fd, SYNC_CONFIGURE);
	if (ret < 0)
		return CAUSE(ret, "the parent aborted the start");

	current_stage = "setup";
	TRACE("child: configuring");
	if (a->net && (ret = network_setup_child(a->net)) < 0)
		return ret;
	/* The cgroup namespace is made now that the parent has moved us into
	 * our cgroups, so that they are its root. */
	if ((a->clone_flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		return SYSCAUSE("failed to create the cgroup namespace: %m");
	if (conf->mount_auto && (a->clone_flags & CLONE_NEWNS) && (ret = rootfs_setup_late(a)) < 0)
		return ret;

	*envp = build_env(conf);
	if (!*envp)
		return CAUSE(-ENOMEM, "out of memory");
	/* systemd starts container-getty@N on the ttys named here. */
	if (terminal_child_tty_names()) {
		__do_free char *ttys = must_sprintf("container_ttys=%s", terminal_child_tty_names());

		if (strv_append(envp, ttys) < 0)
			return CAUSE(-ENOMEM, "out of memory");
	}
	if (a->console_slave >= 0) {
		ret = terminal_child_stdio(a->console_slave);
		if (ret < 0)
			return ret;
		close(a->console_slave);
	}
	ret = setup_sys_apply(conf, procfd, conf->rootfs_path != NULL);
	if (ret < 0)
		return ret;
	if (conf->init_cwd) {
		if (chdir(conf->init_cwd) < 0)
			return SYSCAUSE("lxc.init.cwd: failed to enter \"%s\": %m", conf->init_cwd);
	}
	ret = caps_drop(conf);
	if (ret < 0)
		return ret;
	if (hooks_any(conf, LXC_HOOK_START)) {
		struct hook_ctx ctx = { .name = a->name, .lxcpath = a->lxcpath, .env = *envp,
					.cgns = a->clone_flags & CLONE_NEWCGROUP };

		/* In the container: the hook is a path of the container's. */
		ret = hooks_run(conf, LXC_HOOK_START, &ctx);
		if (ret < 0)
			return ret;
	}
	if (hooks_any(conf, LXC_HOOK_START_HOST)) {
		current_stage = "start-host";
		ret = sync_send(a->sync_fd, SYNC_START_HOST);
		if (ret == 0)
			ret = sync_wait(a->sync_fd, SYNC_EXEC);
		if (ret < 0)
			return CAUSE(ret, "the parent aborted the start");
		current_stage = "setup";
	}
	if (reset_signals() < 0)
		return SYSCAUSE("failed to reset the signal mask: %m");
	/* Capabilities, ids, no_new_privs, LSM label and seccomp: last. */
	{
		struct exec_ids ids;
		int notify_fd;

		security_ids_from_conf(conf, &ids);
		ret = security_exec_prepare(conf, a->sec, &ids, &notify_fd);
		if (ret < 0)
			return ret;
		if (notify_fd >= 0) {
			ret = sync_send_fds(a->sync_fd, SYNC_FDS, SYNC_FDS_SECCOMP_NOTIFY, &notify_fd, 1);
			close(notify_fd);
			if (ret < 0)
				return CAUSE(ret, "failed to hand the seccomp notify fd to the monitor: %m");
		}
	}
	return 0;
}

void setup_child(const struct setup_args *a)
{
	char **envp = NULL;
	int ret;

	/* Die with the monitor: a container without a supervisor would be
	 * invisible to every tool. */
	prctl(PR_SET_PDEATHSIG, a->conf->monitor_pdeath_signal);
	if (a->cgroup_ret < 0) {
		/* The cause was recorded before the fds were closed. */
		current_stage = "cgroup";
		ret = a->cgroup_ret;
	} else {
		log_reset_cause();
		ret = do_setup(a, &envp);
	}
	if (ret == 0) {
		current_stage = "exec";
		TRACE("child: exec");
		if (a->execute) {
			current_stage = "init";
			ret = exeguard_exec_init(init_exe_fd, a->init_path, a->argv, envp, a->sync_fd);
		} else {
			ret = exec_command(a->argv, envp);
		}
	}
	sync_send_error(a->sync_fd, current_stage, ret, log_cause());
	_exit(exec_failure_status(current_stage, ret));
}
