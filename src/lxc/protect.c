/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"
#include "mountfd.h"
#include "protect.h"
#include "utils.h"

#define KFS_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* Files of /proc that show the host's kernel: /dev/null over them. */
static const char *const proc_masked_files[] = {
	"kcore", "keys", "key-users", "timer_list", "timer_stats", "sched_debug",
	"latency_stats", "kpagecount", "kpageflags", "kpagecgroup",
};
/* Directories of /proc and /sys about the host's hardware: empty instead. */
static const char *const proc_masked_dirs[] = { "acpi", "scsi", "asound" };
static const char *const sys_masked_dirs[] = { "firmware", "devices/virtual/powercap" };
/* Read-only in /proc: writing there reaches the host's kernel. */
static const char *const proc_ro[] = { "sysrq-trigger", "bus", "fs", "irq" };

/*
 * A fresh file system on rel below root; *mnt: an fd of it.  Without the
 * new mount API: a classic mount through the target's fd, then the mount
 * opened again by its path.
 */
static int mount_kfs(int root, const char *rel, const char *fstype, int *mnt)
{
	__do_close int target = create_beneath(root, rel, MOUNT_CREATE_DIR, 0755);
	char path[64];
	int ret;

	if (target < 0)
		return CAUSE(target, "cannot make \"/%s\" in the container: %m", rel);
	ret = mountfd_fs(target, fstype, fstype, KFS_FLAGS, NULL, mnt);
	if (ret != -ENOSYS)
		return ret < 0 ? CAUSE(ret, "failed to mount %s on \"/%s\": %m", fstype, rel) : 0;
	if (mount(fstype, fd_path(target, path, sizeof(path)), fstype, KFS_FLAGS, NULL) < 0)
		return SYSCAUSE("failed to mount %s on \"/%s\": %m", fstype, rel);
	*mnt = open_beneath(root, rel, false);
	if (*mnt < 0)
		return CAUSE(*mnt, "cannot open \"/%s\" in the container: %m", rel);
	return 0;
}

/*
 * Bind src (-EBADF: name itself) onto name below dir, with flags; *mnt
 * (unless NULL): an fd of the new mount.  -ENOENT when name is missing
 * (a kernel without that file), cause not recorded.
 */
static int bind_in(int dir, const char *name, int src, unsigned long flags, int *mnt, const char *what)
{
	__do_close int target = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	char spath[64], tpath[64];
	int ret;

	if (target < 0) {
		if (errno == ENOENT)
			return -ENOENT;
		return SYSCAUSE("cannot open \"%s\": %m", what);
	}
	ret = mountfd_bind(src >= 0 ? src : target, target, false, flags, mnt);
	if (ret != -ENOSYS)
		return ret < 0 ? CAUSE(ret, "failed to bind \"%s\": %m", what) : 0;
	if (mount(fd_path(src >= 0 ? src : target, spath, sizeof(spath)), fd_path(target, tpath, sizeof(tpath)),
		  NULL, MS_BIND, NULL) < 0)
		return SYSCAUSE("failed to bind \"%s\": %m", what);
	close_prot_errno(&target);
	target = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (target < 0 || mount(NULL, fd_path(target, tpath, sizeof(tpath)), NULL,
				MS_REMOUNT | MS_BIND | flags, NULL) < 0)
		return SYSCAUSE("failed to set the flags of \"%s\": %m", what);
	if (mnt)
		*mnt = move_fd(target);
	return 0;
}

/* An empty read-only tmpfs over a directory. */
static int mask_dir(int dir, const char *name, const char *what)
{
	__do_close int target = openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	char path[64];
	int ret;

	if (target < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : SYSCAUSE("cannot open \"%s\": %m", what);
	ret = mountfd_fs(target, "tmpfs", "none", KFS_FLAGS | MS_RDONLY, "size=4k,mode=555", NULL);
	if (ret == -ENOSYS)
		ret = mount("none", fd_path(target, path, sizeof(path)), "tmpfs", KFS_FLAGS | MS_RDONLY,
			    "size=4k,mode=555") < 0 ? -errno : 0;
	if (ret < 0)
		return CAUSE(ret, "failed to mask \"%s\": %m", what);
	return 0;
}

int protect_proc_mixed(int root)
{
	__do_close int proc = -EBADF, sys = -EBADF, null = -EBADF;
	char what[64];
	int ret;

	ret = mount_kfs(root, "proc", "proc", &proc);
	if (ret < 0)
		return ret;
	/* /proc/sys read-only, its net/ (the container's namespace) writable. */
	ret = bind_in(proc, "sys", -EBADF, KFS_FLAGS | MS_RDONLY, &sys, "/proc/sys");
	if (ret < 0)
		return ret == -ENOENT ? CAUSE(ret, "the kernel has no /proc/sys") : ret;
	ret = bind_in(sys, "net", -EBADF, KFS_FLAGS, NULL, "/proc/sys/net");
	if (ret < 0 && ret != -ENOENT)
		return ret;
	for (size_t i = 0; i < ARRAY_SIZE(proc_ro); i++) {
		snprintf(what, sizeof(what), "/proc/%s", proc_ro[i]);
		ret = bind_in(proc, proc_ro[i], -EBADF, KFS_FLAGS | MS_RDONLY, NULL, what);
		if (ret < 0 && ret != -ENOENT)
			return ret;
	}
	/* The host's /dev/null: the container's /dev is not made yet. */
	null = open("/dev/null", O_PATH | O_CLOEXEC);
	if (null < 0)
		return SYSCAUSE("cannot open \"/dev/null\" to mask /proc files with: %m");
	for (size_t i = 0; i < ARRAY_SIZE(proc_masked_files); i++) {
		snprintf(what, sizeof(what), "/proc/%s", proc_masked_files[i]);
		/* Not nodev: /dev/null must open. */
		ret = bind_in(proc, proc_masked_files[i], null, MS_NOSUID | MS_NOEXEC | MS_RDONLY, NULL, what);
		if (ret < 0 && ret != -ENOENT)
			return ret;
	}
	for (size_t i = 0; i < ARRAY_SIZE(proc_masked_dirs); i++) {
		snprintf(what, sizeof(what), "/proc/%s", proc_masked_dirs[i]);
		ret = mask_dir(proc, proc_masked_dirs[i], what);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int protect_sys_mixed(int root)
{
	__do_close int sys = -EBADF, ro = -EBADF, net = -EBADF;
	int ret;

	ret = mount_kfs(root, "sys", "sysfs", &sys);
	if (ret < 0)
		return ret;
	/* The whole of it read-only: the fresh mount itself, bound onto itself. */
	ret = mountfd_bind(sys, sys, false, KFS_FLAGS | MS_RDONLY, &ro);
	if (ret < 0 && ret != -ENOSYS)
		return CAUSE(ret, "failed to make \"/sys\" read-only: %m");
	if (ret == -ENOSYS) {
		char path[64];

		/* Classic: bind, then find the new mount by its path again. */
		if (mount(fd_path(sys, path, sizeof(path)), path, NULL, MS_BIND, NULL) < 0)
			return SYSCAUSE("failed to bind \"/sys\": %m");
		ro = open_beneath(root, "sys", false);
		if (ro < 0 || mount(NULL, fd_path(ro, path, sizeof(path)), NULL,
				    MS_REMOUNT | MS_BIND | KFS_FLAGS | MS_RDONLY, NULL) < 0)
			return SYSCAUSE("failed to make \"/sys\" read-only: %m");
	}
	/* But for the container's network devices. */
	net = openat(ro, "devices/virtual", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (net < 0)
		return SYSCAUSE("cannot open \"/sys/devices/virtual\": %m");
	ret = bind_in(net, "net", -EBADF, KFS_FLAGS, NULL, "/sys/devices/virtual/net");
	if (ret < 0 && ret != -ENOENT)
		return ret;
	for (size_t i = 0; i < ARRAY_SIZE(sys_masked_dirs); i++) {
		char what[64];

		snprintf(what, sizeof(what), "/sys/%s", sys_masked_dirs[i]);
		ret = mask_dir(ro, sys_masked_dirs[i], what);
		if (ret < 0)
			return ret;
	}
	return 0;
}
