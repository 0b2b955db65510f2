/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_STATE_H
#define LXC_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "lxc.h"
#include "macro.h"

/*
 * Runtime files live in one directory per lxcpath:
 *   RUNDIR/lxc/HASH/        HASH = 16 hex digits of FNV-1a-64(lxcpath)
 *     lxcpath               the lxcpath, for people reading the tree
 *     NAME.lock             held (OFD write lock) by the container's monitor
 *     NAME.sock             the control socket
 *     NAME.state            a symlink to "STATE PID", replaced atomically by rename
 * A new state is written to ".STATE.NAME" and renamed over NAME.state, so
 * that an inotify watcher learns the state from the IN_MOVED_FROM name
 * without reading the file and without missing a transition.
 */

#define STATE_TMP_PREFIX "."

/* Open (creating with create) the runtime directory of lxcpath. */
__hidden int runtime_dir_open(const char *lxcpath, bool create);
__hidden int runtime_dir_path(const char *lxcpath, char *buf, size_t size);

/* Publish a state (and init pid, or -1). */
__hidden int state_publish(int dirfd, const char *name, lxc_state_t state, pid_t pid);
/* Publish STOPPED and remove the state file. */
__hidden void state_retire(int dirfd, const char *name);
/*
 * Read a container's state.  A state file whose lock is free is stale:
 * the monitor died, so the container is STOPPED.
 */
__hidden int state_read(int dirfd, const char *name, lxc_state_t *state, pid_t *pid);

/* Take the container's lock: returns the fd, or -EBUSY when it is held. */
__hidden int lock_acquire(int dirfd, const char *name);
__hidden bool lock_is_held(int dirfd, const char *name);
/* Remove the lock file; the caller still holds the lock through its fd. */
__hidden void lock_release_file(int dirfd, const char *name);

/* Parse a state temp file name ".STATE.NAME": returns the state, or -EINVAL. */
__hidden int state_from_tmpname(const char *fname, const char **name);

#endif
