/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "confile.h"
#include "create.h"
#include "hooks.h"
#include "log.h"
#include "lxc.h"
#include "rootfs.h"
#include "start.h"
#include "state.h"
#include "utils.h"

#ifndef LXCTEMPLATEDIR
#define LXCTEMPLATEDIR "/usr/share/lxc/templates"
#endif

/* The mount a file is on (Linux 5.8), or 0 when the kernel cannot say. */
static uint64_t mount_id(int dirfd, const char *name)
{
	struct statx stx;

	if (statx(dirfd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_MNT_ID, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

static int remove_tree_mnt(int parentfd, const char *name, dev_t dev, uint64_t mnt)
{
	__do_close int fd = openat(parentfd, name, O_DIRECTORY | O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	__do_closedir DIR *dir = NULL;
	struct dirent *de;
	struct stat st;
	int ret = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	/* Another file system, or a bind mount of this one: not ours to empty. */
	if (st.st_dev != dev || (mnt && mount_id(parentfd, name) != mnt))
		return -EXDEV;
	dir = fdopendir(fd);
	if (!dir)
		return -errno;
	fd = -EBADF;
	while ((de = readdir(dir))) {
		int dfd = dirfd(dir);

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			ret = remove_tree_mnt(dfd, de->d_name, dev, mnt);
		else if (unlinkat(dfd, de->d_name, 0) < 0 && errno != ENOENT)
			ret = -errno;
		if (ret < 0)
			return ret;
	}
	closedir_prot_errno(&dir);
	if (unlinkat(parentfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

int remove_tree_onedev(int parentfd, const char *name, dev_t dev)
{
	return remove_tree_mnt(parentfd, name, dev, mount_id(parentfd, name));
}

int container_remove_dir(const char *lxcpath, const char *name)
{
	__do_close int pfd = open(lxcpath, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	struct stat st;
	int ret;

	if (pfd < 0)
		return errno == ENOENT ? 0 : SYSCAUSE("cannot open \"%s\": %m", lxcpath);
	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : SYSCAUSE("cannot remove \"%s/%s\": %m", lxcpath, name);
	ret = remove_tree_onedev(pfd, name, st.st_dev);
	if (ret == -EXDEV)
		return CAUSE(ret, "cannot remove \"%s/%s\": something is mounted below it", lxcpath, name);
	if (ret < 0)
		return CAUSE(ret, "cannot remove \"%s/%s\": %m", lxcpath, name);
	return 0;
}

/* --- lxc-create ------------------------------------------------------------------ */

static char *template_path(const char *template)
{
	const char *dir = getenv("LXC_TEMPLATE_DIR");

	if (strchr(template, '/'))
		return strdup(template);
	return must_sprintf("%s/lxc-%s", dir && *dir ? dir : LXCTEMPLATEDIR, template);
}

/* The configuration to start from, written to path: its own lines, with
 * its lxc.include lines rather than what they include. */
static int write_initial_config(const char *path, const char *from, const char *template,
				const char *const *targs)
{
	__do_conf_free struct lxc_conf *conf = conf_new();
	__do_free char *header = NULL, *params = NULL, *text = NULL;
	__do_close int fd = -EBADF;
	struct stat st;
	int ret;

	if (!conf)
		return -ENOMEM;
	conf->keep_raw = true;
	if (!from) {
		const char *dflt = global_config_get("lxc.default_config");

		if (stat(dflt, &st) == 0)
			from = dflt;
	}
	if (from) {
		ret = confile_read(conf, from);
		if (ret < 0)
			return ret;
	}
	params = strv_join((char *const *)targs, " ");
	header = must_sprintf("# Template used to create this container: %s\n"
			      "# Parameters passed to the template:%s%s\n"
			      "# For additional config options, see lxc.container.conf(5)\n",
			      template, params && *params ? " " : "", params ? params : "");
	text = strv_join(conf->raw_lines, "\n");
	if (!text)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		return SYSCAUSE("failed to create \"%s\": %m", path);
	if (write_all(fd, header, strlen(header)) < 0 || write_all(fd, text, strlen(text)) < 0 ||
	    (*text && write_all(fd, "\n", 1) < 0))
		return SYSCAUSE("failed to write \"%s\": %m", path);
	return 0;
}

/*
 * Run the template in a mount namespace of its own, so that whatever it
 * mounts (debootstrap mounts /proc in its target) goes away with it.
 */
static int run_template(const char *tpath, const char *template, const char *name,
			const char *dir, const char *const *targs)
{
	__do_free char *arg_path = must_sprintf("--path=%s", dir);
	__do_free char *arg_name = must_sprintf("--name=%s", name);
	__do_free char *arg_rootfs = must_sprintf("--rootfs=%s/rootfs", dir);
	__do_free char **argv = NULL;
	size_t n = strv_len((char *const *)targs);
	int status;
	pid_t pid;

	argv = calloc(n + 5, sizeof(char *));
	if (!argv)
		return -ENOMEM;
	argv[0] = (char *)tpath;
	argv[1] = arg_path;
	argv[2] = arg_name;
	argv[3] = arg_rootfs;
	for (size_t i = 0; i < n; i++)
		argv[4 + i] = (char *)targs[i];
	pid = fork();
	if (pid < 0)
		return SYSCAUSE("failed to fork the template: %m");
	if (pid == 0) {
		__do_free char *rootfs = must_sprintf("%s/rootfs", dir);
		__do_free char *config = must_sprintf("%s/config", dir);
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
			dprintf(STDERR_FILENO, "lxc-create: %s: cannot give the template a mount namespace: %m\n", name);
			_exit(1);
		}
		setenv("LXC_NAME", name, 1);
		setenv("LXC_PATH", dir, 1);
		setenv("LXC_ROOTFS_PATH", rootfs, 1);
		setenv("LXC_CONFIG_FILE", config, 1);
		execv(tpath, argv);
		dprintf(STDERR_FILENO, "lxc-create: %s: cannot run the template \"%s\": %m\n", name, tpath);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return SYSCAUSE("failed to wait for the template: %m");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return CAUSE(-ECANCELED, "template \"%s\" failed with status %d", template, WEXITSTATUS(status));
	return CAUSE(-ECANCELED, "template \"%s\" was killed by signal %d", template, WTERMSIG(status));
}

LXC_PUBLIC int lxc_container_create(const char *name, const char *template,
				    const struct lxc_create_options *opts)
{
	struct lxc_create_options none = { 0 };
	__do_free char *lxcpath = NULL, *dir = NULL, *config = NULL, *tpath = NULL;
	__do_conf_free struct lxc_conf *check = NULL;
	struct stat st;
	int ret;

	log_reset_cause();
	if (!opts)
		opts = &none;
	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	if (!template || !*template)
		return CAUSE(-EINVAL, "no template given (-t busybox, debian, local, or a path)");
	log_set_name(name);
	lxcpath = resolve_lxcpath(opts->lxcpath);
	if (!lxcpath)
		return -ENOMEM;
	tpath = template_path(template);
	if (stat(tpath, &st) < 0)
		return SYSCAUSE(errno == ENOENT ? "template \"%s\" not found (\"%s\")" : "template \"%s\" (\"%s\"): %m",
				template, tpath);
	if (!S_ISREG(st.st_mode) || access(tpath, X_OK) < 0)
		return CAUSE(-EACCES, "template \"%s\" (\"%s\") is not an executable file", template, tpath);
	if (opts->config && stat(opts->config, &st) < 0)
		return SYSCAUSE("configuration \"%s\": %m", opts->config);
	ret = mkdir_p(lxcpath, 0755);
	if (ret < 0)
		return CAUSE(ret, "cannot create \"%s\": %m", lxcpath);
	dir = must_sprintf("%s/%s", lxcpath, name);
	if (mkdir(dir, 0770) < 0) {
		if (errno == EEXIST)
			return CAUSE(-EEXIST, "already exists (\"%s\")", dir);
		return SYSCAUSE("cannot create \"%s\": %m", dir);
	}
	/* From here on a failure removes what was made. */
	config = must_sprintf("%s/config", dir);
	ret = write_initial_config(config, opts->config, tpath, opts->template_args);
	if (ret == 0)
		ret = run_template(tpath, template, name, dir, opts->template_args);
	if (ret == 0) {
		/* What the template wrote must make a configuration we can start. */
		check = conf_new();
		if (!check)
			ret = -ENOMEM;
		else if ((ret = confile_read(check, config)) < 0) {
			char cause[1024];

			snprintf(cause, sizeof(cause), "the template wrote an unusable configuration: %s",
				 log_cause());
			log_reset_cause();
			ret = CAUSE(ret, "%s", cause);
		}
	}
	if (ret < 0) {
		char cause[1024];

		/* Keep the first cause: the removal may record its own. */
		snprintf(cause, sizeof(cause), "%s", log_cause());
		if (container_remove_dir(lxcpath, name) < 0)
			WARN("could not remove \"%s\" after the failed create: %s", dir, log_cause());
		log_reset_cause();
		log_set_cause_text(cause);
		return ret;
	}
	INFO("created \"%s\" with template \"%s\"", dir, template);
	return 0;
}

/* --- lxc-destroy -------------------------------------------------------------------- */

LXC_PUBLIC int lxc_container_destroy(const char *name, const char *lxcpath_in, bool force)
{
	__do_free char *lxcpath = NULL, *dir = NULL, *config = NULL;
	__do_conf_free struct lxc_conf *conf = NULL;
	__do_close int rundir = -EBADF, lock = -EBADF;
	lxc_state_t state = LXC_STATE_STOPPED;
	struct stat st;
	pid_t pid;
	int ret;

	log_reset_cause();
	if (!name_is_valid(name))
		return CAUSE(-EINVAL, "invalid container name (it must not be empty, \".\" or \"..\", nor hold \"/\" or a newline)");
	log_set_name(name);
	lxcpath = resolve_lxcpath(lxcpath_in);
	if (!lxcpath)
		return -ENOMEM;
	dir = must_sprintf("%s/%s", lxcpath, name);
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return CAUSE(-ENOENT, "no such container (\"%s\" does not exist)", dir);
	lxc_container_get_state(name, lxcpath, &state, &pid);
	if (state != LXC_STATE_STOPPED) {
		struct lxc_stop_options stop = { .lxcpath = lxcpath, .kill = true };

		if (!force)
			return CAUSE(-EBUSY, "is %s: stop it first, or use -f", lxc_state_name(state));
		log_reset_cause();
		ret = lxc_container_stop(name, &stop, NULL);
		if (ret < 0 && ret != -ESRCH)
			return ret;
	}
	/* Hold the lock, so that nothing starts it while it goes. */
	rundir = runtime_dir_open(lxcpath, true);
	if (rundir < 0)
		return log_has_cause() ? rundir : CAUSE(rundir, "failed to open the runtime directory: %m");
	lock = lock_acquire(rundir, name);
	if (lock == -EBUSY)
		return CAUSE(-EBUSY, "it was started again meanwhile");
	if (lock < 0)
		return lock;

	config = must_sprintf("%s/config", dir);
	conf = conf_new();
	if (!conf) {
		ret = -ENOMEM;
		goto out;
	}
	if (stat(config, &st) == 0 && (ret = confile_read(conf, config)) < 0)
		goto out;
	if (hooks_any(conf, LXC_HOOK_DESTROY)) {
		struct hook_ctx ctx = { .name = name, .lxcpath = lxcpath };

		ret = hooks_run(conf, LXC_HOOK_DESTROY, &ctx);
		if (ret < 0)
			goto out;
	}
	/* A rootfs elsewhere is not ours to remove. */
	if (conf->rootfs_path && !rootfs_is_overlay(conf->rootfs_path) &&
	    strncmp(conf->rootfs_path, dir, strlen(dir)) != 0)
		NOTICE("keeping rootfs \"%s\": it is outside \"%s\"", conf->rootfs_path, dir);
	ret = container_remove_dir(lxcpath, name);
	if (ret == 0)
		INFO("destroyed \"%s\"", dir);
out:
	lock_release_file(rundir, name);
	return ret;
}
