/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Creating and destroying containers: LXCPATH/NAME, its config and rootfs. */
#ifndef LXC_CREATE_H
#define LXC_CREATE_H

#include "macro.h"

/*
 * Remove LXCPATH/NAME and everything below it, never following a symlink
 * and never crossing into another mount (a mount point below it is an
 * error).  Returns 0 (also when it does not exist) or a negative errno
 * with the cause recorded.
 */
__hidden int container_remove_dir(const char *lxcpath, const char *name);

/* Remove a directory tree the same way (for a template's cache). */
__hidden int remove_tree_onedev(int parentfd, const char *name, dev_t dev);

#endif
