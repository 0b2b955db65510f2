/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "confile_sys.h"
#include "hooks.h"
#include "log.h"
#include "rootfs.h"
#include "utils.h"

extern char **environ;

/* Set NAME=VALUE in env, replacing an earlier NAME. */
static int env_set(char ***env, const char *name, const char *value)
{
	size_t len = strlen(name);
	__do_free char *kv = NULL;

	for (char **e = *env; e && *e; e++)
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=') {
			free(*e);
			*e = must_sprintf("%s=%s", name, value ? value : "");
			return 0;
		}
	kv = must_sprintf("%s=%s", name, value ? value : "");
	return strv_append(env, kv);
}

static char **hook_env(const struct lxc_conf *conf, int type, const struct hook_ctx *ctx)
{
	char *const *base = ctx->env ? ctx->env : environ;
	__do_free_strv char **env = calloc(1, sizeof(char *));
	__do_free char *mountpoint = NULL;
	char buf[32];
	int ret = 0;

	if (!env)
		return NULL;
	for (char *const *e = base; e && *e; e++)
		if (strv_append(&env, *e) < 0)
			return NULL;
	ret |= env_set(&env, "LXC_NAME", ctx->name);
	if (conf->rcfile)
		ret |= env_set(&env, "LXC_CONFIG_FILE", conf->rcfile);
	if (conf->rootfs_path) {
		mountpoint = ctx->rootfs_mount ? strdup(ctx->rootfs_mount) : rootfs_mount_point(conf);
		ret |= env_set(&env, "LXC_ROOTFS_PATH", conf->rootfs_path);
		ret |= env_set(&env, "LXC_ROOTFS_MOUNT", mountpoint);
	}
	ret |= env_set(&env, "LXC_CONSOLE", conf->console_path ? conf->console_path : "");
	ret |= env_set(&env, "LXC_CONSOLE_LOGPATH", conf->console_logfile ? conf->console_logfile : "");
	ret |= env_set(&env, "LXC_LOG_LEVEL", conf->log_level ? conf->log_level : "ERROR");
	if (ctx->cgns)
		ret |= env_set(&env, "LXC_CGNS_AWARE", "1");
	snprintf(buf, sizeof(buf), "%d", conf->hook_version);
	ret |= env_set(&env, "LXC_HOOK_VERSION", buf);
	if (conf->hook_version >= 1) {
		ret |= env_set(&env, "LXC_HOOK_TYPE", hook_type_name(type));
		ret |= env_set(&env, "LXC_HOOK_SECTION", "lxc");
	}
	if (ctx->pid > 0) {
		snprintf(buf, sizeof(buf), "%d", (int)ctx->pid);
		ret |= env_set(&env, "LXC_PID", buf);
	}
	if (ctx->target)
		ret |= env_set(&env, "LXC_TARGET", ctx->target);
	if (conf->hook_version >= 1) {
		/* "net:/proc/N/fd/M" -> LXC_NET_NS=/proc/N/fd/M */
		for (char *const *n = ctx->ns_paths; n && *n; n++) {
			const char *colon = strchr(*n, ':');
			char var[32];

			if (!colon)
				continue;
			snprintf(var, sizeof(var), "LXC_%.*s_NS", (int)(colon - *n), *n);
			for (char *p = var; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
			ret |= env_set(&env, var, colon + 1);
		}
	}
	if (ret)
		return NULL;
	return move_ptr(env);
}

/* "CMD NAME lxc TYPE [NS...]" for version 0, "CMD" for version 1. */
static char *hook_command(const struct lxc_conf *conf, int type, const char *cmd,
			  const struct hook_ctx *ctx)
{
	__do_free char *nss = NULL;

	if (conf->hook_version >= 1)
		return strdup(cmd);
	nss = strv_join(ctx->ns_paths, " ");
	if (!nss)
		return NULL;
	return must_sprintf("%s %s lxc %s%s%s", cmd, ctx->name, hook_type_name(type), *nss ? " " : "",
			    nss);
}

static int run_one(const struct lxc_conf *conf, int type, const char *cmd, const struct hook_ctx *ctx)
{
	__do_free_strv char **env = hook_env(conf, type, ctx);
	__do_free char *full = hook_command(conf, type, cmd, ctx);
	__do_fclose FILE *out = NULL;
	__do_free char *line = NULL;
	char last[512] = "";
	size_t cap = 0;
	int pipefd[2], status;
	pid_t pid;

	if (!env || !full)
		return CAUSE(-ENOMEM, "out of memory");
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return SYSCAUSE("lxc.hook.%s: failed to create a pipe: %m", hook_type_name(type));
	DEBUG("running lxc.hook.%s \"%s\"", hook_type_name(type), full);
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return SYSCAUSE("lxc.hook.%s: failed to fork: %m", hook_type_name(type));
	}
	if (pid == 0) {
		char *argv[] = { (char *)"sh", (char *)"-c", full, NULL };
		sigset_t none;
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execve("/bin/sh", argv, env);
		dprintf(STDERR_FILENO, "cannot run /bin/sh: %m\n");
		_exit(127);
	}
	close(pipefd[1]);
	/* The hook's output goes to the log, line by line. */
	out = fdopen(pipefd[0], "re");
	if (!out) {
		close(pipefd[0]);
	} else {
		while (getline(&line, &cap, out) > 0) {
			char *s = trim(line);

			if (!*s)
				continue;
			INFO("lxc.hook.%s: %s", hook_type_name(type), s);
			snprintf(last, sizeof(last), "%s", s);
		}
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return SYSCAUSE("lxc.hook.%s: failed to wait for \"%s\": %m", hook_type_name(type), cmd);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return CAUSE(-ECANCELED, "lxc.hook.%s \"%s\" failed with status %d%s%s", hook_type_name(type),
			     cmd, WEXITSTATUS(status), *last ? ": " : "", last);
	return CAUSE(-ECANCELED, "lxc.hook.%s \"%s\" was killed by signal %d", hook_type_name(type), cmd,
		     WTERMSIG(status));
}

int hooks_run(const struct lxc_conf *conf, int type, const struct hook_ctx *ctx)
{
	for (char **h = conf->hooks[type]; h && *h; h++) {
		int ret = run_one(conf, type, *h, ctx);

		if (ret < 0)
			return ret;
	}
	return 0;
}
