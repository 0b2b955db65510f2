/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dev.h"
#include "log.h"
#include "mount.h"
#include "mountfd.h"
#include "utils.h"

/*
 * The tmpfs mounted on /dev, as an fd: the nodes go into it, not into
 * whatever "dev" names in the rootfs by the time they are made (a rootfs
 * changed during the start could name a directory of its own there).
 */
static int dev_mnt = -EBADF;

int dev_mount_tmpfs(int root, const struct lxc_conf *conf)
{
	__do_close int dev = create_beneath(root, "dev", MOUNT_CREATE_DIR, 0755);
	char path[64], data[64];
	struct stat st, under;
	int ret;

	if (dev < 0)
		return CAUSE(dev, "lxc.autodev: cannot make \"/dev\" in the rootfs: %m");
	snprintf(data, sizeof(data), "size=%llu,mode=755", conf->autodev_tmpfs_size);
	close_prot_errno(&dev_mnt);
	ret = mountfd_fs(dev, "tmpfs", "none", MS_NOSUID | MS_STRICTATIME, data, &dev_mnt);
	if (ret == 0)
		return 0;
	if (ret != -ENOSYS)
		return CAUSE(ret, "lxc.autodev: failed to mount a tmpfs on \"/dev\": %m");
	if (mount("none", fd_path(dev, path, sizeof(path)), "tmpfs", MS_NOSUID | MS_STRICTATIME,
		  data) < 0)
		return SYSCAUSE("lxc.autodev: failed to mount a tmpfs on \"/dev\": %m");
	/* Without the new mount API: find it again, and make sure it is it. */
	dev_mnt = open_beneath(root, "dev", false);
	if (dev_mnt < 0 || fstat(dev_mnt, &st) < 0 || fstat(dev, &under) < 0 || st.st_dev == under.st_dev)
		return CAUSE(-EBUSY, "lxc.autodev: \"/dev\" of the rootfs changed while its tmpfs was mounted");
	return 0;
}

static const struct {
	const char *name;
	unsigned int major, minor;
} nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const struct {
	const char *name;
	const char *target;
} links[] = {
	{ "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};

/* An empty file in dev with the host's /dev/NAME bound on it. */
static int bind_host_node(int dev, const char *name)
{
	__do_close int src = -EBADF, dst = -EBADF;
	char host[64], spath[64], dpath[64];

	snprintf(host, sizeof(host), "/dev/%s", name);
	src = open(host, O_PATH | O_CLOEXEC);
	if (src < 0)
		return -errno;
	dst = openat(dev, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0000);
	if (dst < 0)
		return -errno;
	if (mount(fd_path(src, spath, sizeof(spath)), fd_path(dst, dpath, sizeof(dpath)), NULL,
		  MS_BIND, NULL) < 0) {
		int err = -errno;

		unlinkat(dev, name, 0);
		errno = -err;
		return err;
	}
	return 0;
}

int dev_populate(int root, const struct lxc_conf *conf)
{
	__do_close int dev = dev_mnt >= 0 ? openat(dev_mnt, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)
					  : open_beneath(root, "dev", false);
	__do_close int shm = -EBADF;
	char path[64];

	if (dev < 0)
		return CAUSE(dev, "lxc.autodev: cannot open \"/dev\": %m");
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		if (mknodat(dev, nodes[i].name, S_IFCHR | 0666, makedev(nodes[i].major, nodes[i].minor)) < 0 &&
		    errno != EEXIST) {
			/* In a user namespace no node can be made: bind the host's. */
			if (errno == EPERM && bind_host_node(dev, nodes[i].name) == 0)
				continue;
			return SYSCAUSE("lxc.autodev: failed to make \"/dev/%s\": %m", nodes[i].name);
		}
		/* The umask applied to mknod; never through a link. */
		if (fchmodat(dev, nodes[i].name, 0666, AT_SYMLINK_NOFOLLOW) < 0)
			return SYSCAUSE("lxc.autodev: failed to chmod \"/dev/%s\": %m", nodes[i].name);
	}
	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		if (symlinkat(links[i].target, dev, links[i].name) < 0 && errno != EEXIST)
			return SYSCAUSE("lxc.autodev: failed to link \"/dev/%s\": %m", links[i].name);
	if (mkdirat(dev, "pts", 0755) < 0 && errno != EEXIST)
		return SYSCAUSE("lxc.autodev: failed to make \"/dev/pts\": %m");
	if (mkdirat(dev, "shm", 01777) < 0 && errno != EEXIST)
		return SYSCAUSE("lxc.autodev: failed to make \"/dev/shm\": %m");
	shm = openat(dev, "shm", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (shm < 0 || mount("shm", fd_path(shm, path, sizeof(path)), "tmpfs",
			     MS_NOSUID | MS_NODEV | MS_STRICTATIME, "mode=1777") < 0)
		return SYSCAUSE("lxc.autodev: failed to mount a tmpfs on \"/dev/shm\": %m");
	DEBUG("populated /dev");
	return 0;
}

int dev_setup_devpts(int root, const struct lxc_conf *conf)
{
	__do_close int pts = -EBADF, ptmx = -EBADF;
	char path[64], opts[128];
	struct stat st;
	int n;

	if (!conf->autodev && conf->pty_max == 0)
		return 0;
	pts = open_beneath(root, "dev/pts", false);
	if (pts == -ENOENT && !conf->autodev)
		return 0;
	if (pts < 0)
		return CAUSE(pts, "cannot open \"/dev/pts\" in the rootfs: %m");
	/* The ttys come from this instance too: room for them. */
	n = snprintf(opts, sizeof(opts), "newinstance,ptmxmode=0666,mode=0620");
	if (conf->pty_max > 0)
		n += snprintf(opts + n, sizeof(opts) - (size_t)n, ",max=%u", conf->pty_max + conf->tty_max);
	fd_path(pts, path, sizeof(path));
	/* gid=5 is the tty group of most distributions, but not a must. */
	snprintf(opts + n, sizeof(opts) - (size_t)n, ",gid=5");
	if (mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, opts) < 0) {
		opts[n] = '\0';
		if (mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, opts) < 0)
			return SYSCAUSE("failed to mount a devpts instance on \"/dev/pts\": %m");
	}
	close_prot_errno(&pts);

	/* /dev/ptmx: the instance's ptmx, as a link or (over a node) a bind. */
	ptmx = open_beneath(root, "dev/ptmx", true);
	if (ptmx == -ENOENT) {
		__do_close int dev = open_beneath(root, "dev", false);

		if (dev < 0 || symlinkat("pts/ptmx", dev, "ptmx") < 0)
			return SYSCAUSE("failed to link \"/dev/ptmx\" to \"pts/ptmx\": %m");
		return 1;
	}
	if (ptmx < 0)
		return CAUSE(ptmx, "cannot open \"/dev/ptmx\" in the rootfs: %m");
	if (fstat(ptmx, &st) == 0 && !S_ISLNK(st.st_mode)) {
		__do_close int src = open_beneath(root, "dev/pts/ptmx", true);
		char spath[64];

		if (src < 0 || mount(fd_path(src, spath, sizeof(spath)), fd_path(ptmx, path, sizeof(path)),
				     NULL, MS_BIND, NULL) < 0)
			return SYSCAUSE("failed to bind \"/dev/pts/ptmx\" on \"/dev/ptmx\": %m");
	}
	return 1;
}
