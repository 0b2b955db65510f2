/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_MOUNT_H
#define LXC_MOUNT_H

#include <stdbool.h>

#include "macro.h"

enum mount_create {
	MOUNT_CREATE_NONE,
	MOUNT_CREATE_DIR,
	MOUNT_CREATE_FILE,
};

/* One line of fstab syntax: lxc.mount.entry, lxc.mount.fstab. */
struct mount_entry {
	char *source;
	char *target;
	char *fstype;
	unsigned long flags;	/* MS_* for mount(2), MS_BIND / MS_REC included */
	unsigned long propagation;	/* MS_SHARED, MS_SLAVE, ... (| MS_REC) */
	char *data;		/* what is left: file-system specific options */
	enum mount_create create;
	bool optional;		/* a failure is a warning */
};

/*
 * Parse "SOURCE TARGET FSTYPE [OPTIONS [DUMP [PASS]]]" (fields separated by
 * blanks, \040-style octal escapes as in fstab(5)).  Returns 0 or -EINVAL;
 * e is untouched on failure.
 */
__hidden int mount_entry_parse(const char *line, struct mount_entry *e);
__hidden void mount_entry_free(struct mount_entry *e);

/*
 * Split mount options into MS_* flags, propagation flags and the data
 * string; create=dir|file and optional go to *create and *optional (either
 * may be NULL to refuse them).  Returns 0 or -EINVAL for a bad create=.
 */
__hidden int mount_options_parse(const char *opts, unsigned long *flags, unsigned long *propagation,
				 char **data, enum mount_create *create, bool *optional);

/*
 * Open path beneath the directory root, as if root were "/": absolute
 * symlinks and ".." never leave it (openat2 RESOLVE_IN_ROOT, or a
 * component-by-component walk where openat2 is missing).  Returns an
 * O_PATH fd (following a final symlink unless nofollow) or a negative
 * errno.
 */
__hidden int open_beneath(int root, const char *path, bool nofollow);

/*
 * Create path beneath root as a directory (with its parents) or an empty
 * file, when it does not exist; the same rules as open_beneath().
 * Returns an O_PATH fd of it, or a negative errno.
 */
__hidden int create_beneath(int root, const char *path, enum mount_create what, mode_t mode);

/*
 * Mount an entry.  root: the container's rootfs directory (or -EBADF: no
 * rootfs, targets are paths of the container's own view).  rootfs_paths:
 * NULL-terminated absolute paths that name the rootfs from the host and
 * may prefix an absolute target.  Returns 0 (also for a failed optional
 * entry, logged) or a negative errno with the cause recorded.
 */
__hidden int mount_entry_apply(const struct mount_entry *e, int root,
			       const char *const *rootfs_paths);

/* "/proc/self/fd/N" for fd, in buf. */
__hidden const char *fd_path(int fd, char *buf, size_t size);

#endif
