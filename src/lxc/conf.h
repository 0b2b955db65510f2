/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_CONF_H
#define LXC_CONF_H

#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"

/* lxc.hook.*: where in the start a hook runs (see hooks.c). */
enum lxc_hook_type {
	LXC_HOOK_PRE_START,	/* host, before the namespaces exist */
	LXC_HOOK_PRE_MOUNT,	/* container's mount namespace, before the rootfs */
	LXC_HOOK_MOUNT,		/* after the mounts, before pivot_root */
	LXC_HOOK_AUTODEV,	/* after /dev is populated, before pivot_root */
	LXC_HOOK_START,		/* in the container, just before init */
	LXC_HOOK_START_HOST,	/* host, once the container is set up */
	LXC_HOOK_STOP,		/* host, with the container's namespaces, once it stopped */
	LXC_HOOK_POST_STOP,	/* host, once everything is torn down */
	LXC_HOOK_CLONE,		/* accepted; there is no lxc-copy */
	LXC_HOOK_DESTROY,	/* lxc-destroy, before the files are removed */
	LXC_HOOK_MAX,
};

/* lxc.mount.auto */
enum {
	LXC_AUTO_PROC_RW = 1 << 0,
	LXC_AUTO_PROC_MIXED = 1 << 1,
	LXC_AUTO_PROC_MASK = LXC_AUTO_PROC_RW | LXC_AUTO_PROC_MIXED,
	LXC_AUTO_SYS_RW = 1 << 2,
	LXC_AUTO_SYS_RO = 1 << 3,
	LXC_AUTO_SYS_MIXED = 1 << 4,
	LXC_AUTO_SYS_MASK = LXC_AUTO_SYS_RW | LXC_AUTO_SYS_RO | LXC_AUTO_SYS_MIXED,
	LXC_AUTO_CGROUP_RO = 1 << 5,
	LXC_AUTO_CGROUP_RW = 1 << 6,
	LXC_AUTO_CGROUP_MIXED = 1 << 7,
	LXC_AUTO_CGROUP_NOSPEC = 1 << 8,	/* "cgroup": rw or mixed by CAP_SYS_ADMIN */
	LXC_AUTO_CGROUP_FULL_RO = 1 << 9,
	LXC_AUTO_CGROUP_FULL_RW = 1 << 10,
	LXC_AUTO_CGROUP_FULL_MIXED = 1 << 11,
	LXC_AUTO_CGROUP_FULL_NOSPEC = 1 << 12,
	LXC_AUTO_CGROUP_MASK = (1 << 13) - (1 << 5),
	LXC_AUTO_CGROUP_FORCE = 1 << 13,	/* ":force" */
	LXC_AUTO_CGROUP2 = 1 << 14,		/* "cgroup2": the cgroup2 tree alone */
};

struct lxc_kv {
	char *key;
	char *value;
};

struct lxc_prlimit {
	int resource;		/* RLIMIT_* */
	unsigned long long soft, hard;	/* RLIM_INFINITY for unlimited */
};

struct lxc_cgroup_setting {
	char *key;		/* "memory.max", "pids.max", ... */
	char *value;
	bool v2;		/* lxc.cgroup2.* rather than lxc.cgroup.* */
};

/* The parsed container: nothing here touches the system. */
struct lxc_conf {
	char *uts_name;
	char *rootfs_path;
	char *rootfs_mount;
	char *rootfs_options;
	char *init_cmd;
	char *execute_cmd;
	char *init_cwd;
	uid_t init_uid;
	gid_t init_gid;
	bool init_uid_set;
	bool init_gid_set;
	char **environment;
	int ns_clone;		/* CLONE_NEW* flags; -1: the default set */
	int ns_keep;		/* CLONE_NEW* flags inherited from the host */
	int signal_halt;
	int signal_reboot;
	int signal_stop;
	char *log_file;
	char *log_level;
	char *arch;
	bool cgroup_relative;
	char *cgroup_dir;
	char *cgroup_dir_container;	/* lxc.cgroup.dir.container */
	char *cgroup_dir_monitor;	/* lxc.cgroup.dir.monitor */
	struct lxc_cgroup_setting *cgroup_settings;
	size_t cgroup_nsettings;
	struct lxc_netdev **netdevs;	/* lxc.net.N, ordered by N (network.h) */
	size_t nnetdevs;
	char **includes;	/* files included, for loop detection */

	/* System containers: mounts, devices, consoles, hooks, limits, security. */
	bool signal_halt_set;	/* lxc.signal.halt given (else systemd is detected) */
	char **mount_entries;	/* lxc.mount.entry lines, fstab syntax */
	char *mount_fstab;
	unsigned int mount_auto;	/* LXC_AUTO_* */
	int autodev;		/* 0/1; only a container with a rootfs gets one */
	unsigned long long autodev_tmpfs_size;
	unsigned int tty_max;
	char *tty_dir;
	unsigned int pty_max;
	char *console_path;
	char *console_logfile;
	bool console_rotate;
	unsigned long long console_buffer_size;	/* bytes */
	unsigned long long console_size;		/* bytes, 0: no limit */
	char **hooks[LXC_HOOK_MAX];
	int hook_version;
	struct lxc_kv *sysctls;
	size_t nsysctls;
	struct lxc_kv *procs;	/* lxc.proc.*: /proc/PID/ files */
	size_t nprocs;
	struct lxc_prlimit *prlimits;
	size_t nprlimits;
	unsigned long long cap_drop;	/* bit per capability */
	unsigned long long cap_keep;
	bool cap_keep_set;
	gid_t *init_groups;
	size_t ninit_groups;
	bool start_auto;
	int start_delay;
	int start_order;
	char **groups;
	char *log_syslog;
	char *apparmor_profile;
	bool apparmor_allow_incomplete;
	bool apparmor_allow_nesting;
	char **apparmor_raw;
	char *selinux_context;
	char *selinux_context_keyring;
	char *seccomp_profile;
	bool seccomp_allow_nesting;
	char *seccomp_notify_proxy;
	char *seccomp_notify_cookie;
	char **idmaps;
	bool no_new_privs;
	bool ephemeral;
	bool keyring_session;
	bool monitor_unshare;
	int monitor_pdeath_signal;
	bool rootfs_managed;
	bool sched_core;
	char *time_offset_boot;
	char *time_offset_monotonic;
	char *rcfile;		/* the configuration file read (LXC_CONFIG_FILE) */
	/* Writing the file back: its own lines, includes not expanded. */
	bool keep_raw;
	char **raw_lines;
};

__hidden struct lxc_conf *conf_new(void);
__hidden void conf_free(struct lxc_conf *conf);
__hidden void conf_free_sys(struct lxc_conf *conf);
/* The namespaces to create: ns_clone (or the default set) minus ns_keep. */
__hidden int conf_clone_flags(const struct lxc_conf *conf);

static inline void conf_freep(struct lxc_conf **conf)
{
	if (*conf)
		conf_free(*conf);
}
#define __do_conf_free __attribute__((cleanup(conf_freep)))

#endif
