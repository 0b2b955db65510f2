/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The keys of system containers (mounts, devices, consoles, hooks, limits,
 * capabilities, the LSM and seccomp keys, autostart): their parse and
 * print functions, for the rows of the key table in confile.c.  An empty
 * value clears a key (a list key: the whole list).
 */
#ifndef LXC_CONFILE_SYS_H
#define LXC_CONFILE_SYS_H

#include "conf.h"
#include "macro.h"

#define SYS_KEYS(X)                                                                      \
	X(rootfs_managed) X(mount_entry) X(mount_fstab) X(mount_auto) X(autodev)          \
	X(autodev_tmpfs_size) X(tty_max) X(tty_dir) X(pty_max) X(console_path)           \
	X(console_logfile) X(console_rotate) X(console_buffer_size) X(console_size)      \
	X(hook_version) X(hook) X(sysctl) X(proc) X(prlimit) X(cap_drop) X(cap_keep)     \
	X(init_groups) X(start_auto) X(start_delay) X(start_order) X(group)              \
	X(log_syslog) X(apparmor_profile) X(apparmor_allow_incomplete)                   \
	X(apparmor_allow_nesting) X(apparmor_raw) X(selinux_context)                     \
	X(selinux_context_keyring) X(seccomp_profile) X(seccomp_allow_nesting)           \
	X(seccomp_notify_proxy) X(seccomp_notify_cookie) X(idmap) X(no_new_privs)        \
	X(ephemeral) X(keyring_session) X(monitor_unshare) X(monitor_signal_pdeath)      \
	X(sched_core) X(time_offset_boot) X(time_offset_monotonic)

#define SYS_KEY_DECLARE(n)                                                               \
	__hidden int sys_set_##n(struct lxc_conf *c, const char *key, const char *value); \
	__hidden char *sys_get_##n(const struct lxc_conf *c, const char *key);
SYS_KEYS(SYS_KEY_DECLARE)
#undef SYS_KEY_DECLARE

/* "pre-start", ... for a hook type; NULL when out of range. */
__hidden const char *hook_type_name(int type);
/* "nofile", ... for an RLIMIT_* value. */
__hidden const char *prlimit_name(int resource);
/* "cap_sys_admin" / "sys_admin" / "21" -> 21; -EINVAL when unknown. */
__hidden int cap_parse(const char *name);

#endif
