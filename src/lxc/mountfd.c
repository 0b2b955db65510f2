/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"
#include "mountfd.h"
#include "syscalls.h"
#include "utils.h"

#define ATTR_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | \
		    MS_RELATIME | MS_STRICTATIME)

static unsigned int ms_to_attr(unsigned long flags)
{
	unsigned int a = 0;

	if (flags & MS_RDONLY)
		a |= MOUNT_ATTR_RDONLY;
	if (flags & MS_NOSUID)
		a |= MOUNT_ATTR_NOSUID;
	if (flags & MS_NODEV)
		a |= MOUNT_ATTR_NODEV;
	if (flags & MS_NOEXEC)
		a |= MOUNT_ATTR_NOEXEC;
	if (flags & MS_NODIRATIME)
		a |= MOUNT_ATTR_NODIRATIME;
	if (flags & MS_NOATIME)
		a |= MOUNT_ATTR_NOATIME;
	else if (flags & MS_STRICTATIME)
		a |= MOUNT_ATTR_STRICTATIME;
	return a;
}

/* fsconfig() of every "key=value" and "flag" of data. */
static int configure(int fs, const char *fstype, const char *data)
{
	__do_free_strv char **opts = strv_split(data ? data : "", ",");

	if (!opts)
		return -ENOMEM;
	for (char **o = opts; *o; o++) {
		char *eq = strchr(*o, '=');
		int ret;

		if (eq) {
			*eq = '\0';
			ret = lxc_fsconfig(fs, FSCONFIG_SET_STRING, *o, eq + 1, 0);
			*eq = '=';
		} else {
			ret = lxc_fsconfig(fs, FSCONFIG_SET_FLAG, *o, NULL, 0);
		}
		if (ret < 0) {
			ret = -errno;
			DEBUG("%s: option \"%s\" refused: %m", fstype, *o);
			return ret;
		}
	}
	return 0;
}

int mountfd_fs(int target, const char *fstype, const char *source, unsigned long flags,
	       const char *data, int *mnt)
{
	__do_close int fs = lxc_fsopen(fstype, FSOPEN_CLOEXEC);
	__do_close int m = -EBADF;
	int ret;

	if (fs < 0)
		return -errno;
	if (source && lxc_fsconfig(fs, FSCONFIG_SET_STRING, "source", source, 0) < 0)
		return -errno;
	ret = configure(fs, fstype, data);
	if (ret < 0)
		return ret;
	if (flags & MS_RDONLY && lxc_fsconfig(fs, FSCONFIG_SET_FLAG, "ro", NULL, 0) < 0)
		return -errno;
	if (lxc_fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -errno;
	m = lxc_fsmount(fs, FSMOUNT_CLOEXEC, ms_to_attr(flags));
	if (m < 0)
		return -errno;
	if (lxc_move_mount(m, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return -errno;
	if (mnt)
		*mnt = move_fd(m);
	return 0;
}

int mountfd_bind(int src, int target, bool recursive, unsigned long flags, int *mnt)
{
	__do_close int tree = -EBADF;
	char path[64];

	tree = lxc_open_tree(src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH |
					      (recursive ? AT_RECURSIVE : 0));
	if (tree < 0)
		return -errno;
	if (lxc_move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return -errno;
	/*
	 * The tree fd is the new mount: its flags change through it, not
	 * through a path that could lead elsewhere by now.  No process of
	 * the container can see the mount yet (it is in our namespace).
	 */
	if ((flags & ATTR_FLAGS) &&
	    mount(NULL, fd_path(tree, path, sizeof(path)), NULL, MS_REMOUNT | MS_BIND | (flags & ATTR_FLAGS),
		  NULL) < 0)
		return -errno;
	if (mnt)
		*mnt = move_fd(tree);
	return 0;
}
