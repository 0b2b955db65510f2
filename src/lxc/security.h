/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a process entering the container may keep: capabilities,
 * no_new_privs, the seccomp filter, the LSM label, its ids.  The same
 * steps apply to the container's init and to attached processes:
 *
 *   lxc-attach: lxc_exe_protect(argv) first in main (its child is seen in
 *   the container before it execs: CVE-2019-5736); then, with the
 *   container's configuration, security_prepare() while the host's files
 *   are in view (it reads the seccomp profile or its cached filter);
 *   enter the namespaces (the user namespace first); and in the process
 *   about to exec, security_exec_prepare() with the attach's ids, last.
 *   A notify fd it returns may be closed: the intercepted syscalls then
 *   fail with ENOSYS, as with no proxy.
 */
#ifndef LXC_SECURITY_H
#define LXC_SECURITY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf.h"
#include "macro.h"

struct seccomp_prog;

/* Made before the clone (or the attach), used by the process about to exec. */
struct security_ctx {
	struct seccomp_prog *seccomp;	/* NULL: no lxc.seccomp.profile */
	bool lsm_skip;			/* the LSM keys are set but ignored (allow_incomplete) */
};

/*
 * Before a start or an attach: refuse what cannot be honoured (an LSM
 * profile on a host without that LSM unless lxc.apparmor.allow_incomplete,
 * both lxc.cap.drop and lxc.cap.keep, a bad lxc.idmap) and take the
 * seccomp filter from the cache or compile it.  Reads nothing unless such
 * a key is set.  Returns 0 or a negative errno with the cause recorded.
 */
__hidden int security_prepare(const struct lxc_conf *conf, struct security_ctx *sec);
__hidden void security_release(struct security_ctx *sec);

/* The ids a process switches to before exec (lxc.init.uid, lxc-attach -u, ...). */
struct exec_ids {
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	const gid_t *groups;	/* supplementary groups, when ngroups > 0 */
	size_t ngroups;
};

/* lxc.init.uid, lxc.init.gid and lxc.init.groups. */
__hidden void security_ids_from_conf(const struct lxc_conf *conf, struct exec_ids *ids);

/*
 * The last steps of a process about to exec in the container, in the one
 * order that works:
 *   1. cut lxc.cap.drop / lxc.cap.keep from the bounding and inheritable
 *      sets and clear the ambient set (needs CAP_SETPCAP, still there);
 *   2. set the LSM exec label (AppArmor profile, SELinux context);
 *   3. switch to ids (keeping the permitted set across a switch away from
 *      root only while the seccomp filter still needs CAP_SYS_ADMIN);
 *   4. lxc.no_new_privs;
 *   5. cut the effective and permitted sets to what the bounding set keeps
 *      (plus CAP_SYS_ADMIN when the filter needs it to load; exec drops it);
 *   6. load the seccomp filter, last, so that nothing before it is
 *      filtered; only exec follows.
 * *notify_fd receives the seccomp notify listener (or -EBADF): the caller
 * hands it to the monitor.  Returns 0 or a negative errno with the cause
 * recorded.
 */
__hidden int security_exec_prepare(const struct lxc_conf *conf, const struct security_ctx *sec,
				   const struct exec_ids *ids, int *notify_fd);

/*
 * Child, early: drop the capabilities that lxc.cap.drop names (or that
 * lxc.cap.keep does not) from the bounding set, the inheritable set and
 * the ambient set, so that hooks and init can never have them.
 * Returns 0 or a negative errno with the cause recorded.
 */
__hidden int caps_drop(const struct lxc_conf *conf);
/* The capabilities lxc.cap.drop / lxc.cap.keep take away (bit per cap). */
__hidden unsigned long long caps_dropped(const struct lxc_conf *conf);

#endif
