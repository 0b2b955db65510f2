/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_CONF_H
#define LXC_CONF_H

#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"

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
};

__hidden struct lxc_conf *conf_new(void);
__hidden void conf_free(struct lxc_conf *conf);
/* The namespaces to create: ns_clone (or the default set) minus ns_keep. */
__hidden int conf_clone_flags(const struct lxc_conf *conf);

static inline void conf_freep(struct lxc_conf **conf)
{
	if (*conf)
		conf_free(*conf);
}
#define __do_conf_free __attribute__((cleanup(conf_freep)))

#endif
