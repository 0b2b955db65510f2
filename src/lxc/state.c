/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "state.h"
#include "utils.h"

static const char *const state_names[LXC_STATE_MAX] = {
	"STOPPED", "STARTING", "RUNNING", "STOPPING",
	"ABORTING", "FREEZING", "FROZEN", "THAWED",
};

LXC_PUBLIC const char *lxc_state_name(lxc_state_t state)
{
	if ((unsigned int)state >= LXC_STATE_MAX)
		return NULL;
	return state_names[state];
}

LXC_PUBLIC int lxc_state_parse(const char *name)
{
	for (int i = 0; name && i < LXC_STATE_MAX; i++)
		if (strcmp(name, state_names[i]) == 0)
			return i;
	return -EINVAL;
}

int runtime_dir_path(const char *lxcpath, char *buf, size_t size)
{
	const char *base = RUNDIR;
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	/* Users other than root keep their runtime files in their own tree. */
	if (geteuid() != 0 && xdg && *xdg)
		base = xdg;
	n = snprintf(buf, size, "%s/lxc/%016llx", base,
		     (unsigned long long)fnv1a64(lxcpath));
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

int runtime_dir_open(const char *lxcpath, bool create)
{
	char path[PATH_MAX];
	int fd, ret;

	ret = runtime_dir_path(lxcpath, path, sizeof(path));
	if (ret < 0)
		return ret;
	fd = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT || !create)
		return fd >= 0 ? fd : -errno;
	ret = mkdir_p(path, 0755);
	if (ret < 0)
		return CAUSE(ret, "failed to create runtime directory \"%s\": %m", path);
	fd = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SYSCAUSE("failed to open runtime directory \"%s\": %m", path);
	{
		__do_close int pfd = openat(fd, "lxcpath", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (pfd >= 0) {
			(void)!write_all(pfd, lxcpath, strlen(lxcpath));
			(void)!write_all(pfd, "\n", 1);
		}
	}
	return fd;
}

int state_publish(int dirfd, const char *name, lxc_state_t state, pid_t pid)
{
	char tmp[NAME_MAX + 1], final[NAME_MAX + 1], buf[64];

	/*
	 * The state is the target of a symlink: it lives in the inode, so a
	 * change allocates and frees no data block (on a disk-backed /run,
	 * a regular file costs ten times as much).
	 */
	snprintf(tmp, sizeof(tmp), STATE_TMP_PREFIX "%s.%s", state_names[state], name);
	snprintf(final, sizeof(final), "%s.state", name);
	snprintf(buf, sizeof(buf), "%s %d", state_names[state], (int)pid);
	if (symlinkat(buf, dirfd, tmp) < 0) {
		if (errno != EEXIST || unlinkat(dirfd, tmp, 0) < 0 || symlinkat(buf, dirfd, tmp) < 0)
			return SYSCAUSE("failed to write state file \"%s\": %m", tmp);
	}
	if (renameat(dirfd, tmp, dirfd, final) < 0) {
		int ret = -errno;
		unlinkat(dirfd, tmp, 0);
		return CAUSE(ret, "failed to publish state of \"%s\": %m", name);
	}
	DEBUG("state %s (pid %d)", state_names[state], (int)pid);
	return 0;
}

void state_retire(int dirfd, const char *name)
{
	char final[NAME_MAX + 1];

	state_publish(dirfd, name, LXC_STATE_STOPPED, -1);
	snprintf(final, sizeof(final), "%s.state", name);
	unlinkat(dirfd, final, 0);
}

int state_from_tmpname(const char *fname, const char **name)
{
	const char *dot;
	char buf[16];
	int st;

	if (fname[0] != '.')
		return -EINVAL;
	dot = strchr(fname + 1, '.');
	if (!dot || (size_t)(dot - fname - 1) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, fname + 1, (size_t)(dot - fname - 1));
	buf[dot - fname - 1] = '\0';
	st = lxc_state_parse(buf);
	if (st < 0)
		return st;
	*name = dot + 1;
	return st;
}

static int lock_open(int dirfd, const char *name, int flags)
{
	char fname[NAME_MAX + 1];

	snprintf(fname, sizeof(fname), "%s.lock", name);
	return openat(dirfd, fname, flags | O_CLOEXEC | O_NOFOLLOW, 0644);
}

bool lock_is_held(int dirfd, const char *name)
{
	__do_close int fd = lock_open(dirfd, name, O_RDONLY);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	if (fd < 0)
		return false;
	/* F_OFD_GETLK tests the lock without taking it, so a reader never
	 * makes a concurrent start fail. */
	if (fcntl(fd, F_OFD_GETLK, &fl) < 0)
		return false;
	return fl.l_type != F_UNLCK;
}

int lock_acquire(int dirfd, const char *name)
{
	for (int tries = 0; tries < 8; tries++) {
		__do_close int fd = lock_open(dirfd, name, O_RDWR | O_CREAT);
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		struct stat st_fd, st_path;
		char fname[NAME_MAX + 1];

		if (fd < 0)
			return SYSCAUSE("failed to open lock of \"%s\": %m", name);
		if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
			if (errno == EAGAIN || errno == EACCES)
				return -EBUSY;
			return SYSCAUSE("failed to lock \"%s\": %m", name);
		}
		/* The previous holder may have unlinked the file we opened. */
		snprintf(fname, sizeof(fname), "%s.lock", name);
		if (fstat(fd, &st_fd) == 0 && fstatat(dirfd, fname, &st_path, AT_SYMLINK_NOFOLLOW) == 0 &&
		    st_fd.st_ino == st_path.st_ino && st_fd.st_dev == st_path.st_dev)
			return move_fd(fd);
	}
	return CAUSE(-EAGAIN, "failed to lock \"%s\": lock file keeps changing", name);
}

void lock_release_file(int dirfd, const char *name)
{
	char fname[NAME_MAX + 1];

	snprintf(fname, sizeof(fname), "%s.lock", name);
	unlinkat(dirfd, fname, 0);
}

int state_read(int dirfd, const char *name, lxc_state_t *state, pid_t *pid)
{
	char fname[NAME_MAX + 1], buf[64], sname[32];
	ssize_t n;
	int p = -1, st = -1;

	snprintf(fname, sizeof(fname), "%s.state", name);
	n = readlinkat(dirfd, fname, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		if (sscanf(buf, "%31s %d", sname, &p) == 2)
			st = lxc_state_parse(sname);
	}
	if (st <= LXC_STATE_STOPPED || !lock_is_held(dirfd, name)) {
		*state = LXC_STATE_STOPPED;
		*pid = -1;
		return 0;
	}
	*state = (lxc_state_t)st;
	*pid = p;
	return 0;
}
