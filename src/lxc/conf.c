/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdlib.h>

#include "conf.h"
#include "network.h"
#include "syscalls.h"
#include "utils.h"

#define DEFAULT_CLONE_FLAGS \
	(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP)

struct lxc_conf *conf_new(void)
{
	struct lxc_conf *conf = calloc(1, sizeof(*conf));

	if (!conf)
		return NULL;
	conf->ns_clone = -1;
	conf->signal_halt = SIGPWR;
	conf->signal_reboot = SIGINT;
	conf->signal_stop = SIGKILL;
	conf->autodev = 1;
	conf->autodev_tmpfs_size = 500000;
	conf->keyring_session = true;
	conf->monitor_pdeath_signal = SIGKILL;
	conf->rootfs_managed = true;
	return conf;
}

void conf_free(struct lxc_conf *conf)
{
	if (!conf)
		return;
	free(conf->uts_name);
	free(conf->rootfs_path);
	free(conf->rootfs_mount);
	free(conf->rootfs_options);
	free(conf->init_cmd);
	free(conf->execute_cmd);
	free(conf->init_cwd);
	strv_free(conf->environment);
	free(conf->log_file);
	free(conf->log_level);
	free(conf->arch);
	free(conf->cgroup_dir);
	free(conf->cgroup_dir_container);
	free(conf->cgroup_dir_monitor);
	for (size_t i = 0; i < conf->cgroup_nsettings; i++) {
		free(conf->cgroup_settings[i].key);
		free(conf->cgroup_settings[i].value);
	}
	free(conf->cgroup_settings);
	network_config_free(conf);
	strv_free(conf->includes);
	conf_free_sys(conf);
	free(conf);
}

int conf_clone_flags(const struct lxc_conf *conf)
{
	int flags = conf->ns_clone >= 0 ? conf->ns_clone : DEFAULT_CLONE_FLAGS;

	/* lxc.idmap: a user namespace, owning all the others. */
	if (conf->idmaps)
		flags |= CLONE_NEWUSER;
	flags &= ~conf->ns_keep;
	if (network_shares_host(conf))
		flags &= ~CLONE_NEWNET;
	return flags;
}

static void kv_free(struct lxc_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void conf_free_sys(struct lxc_conf *conf)
{
	strv_free(conf->mount_entries);
	free(conf->mount_fstab);
	free(conf->tty_dir);
	free(conf->console_path);
	free(conf->console_logfile);
	for (int i = 0; i < LXC_HOOK_MAX; i++)
		strv_free(conf->hooks[i]);
	kv_free(conf->sysctls, conf->nsysctls);
	kv_free(conf->procs, conf->nprocs);
	free(conf->prlimits);
	free(conf->init_groups);
	strv_free(conf->groups);
	free(conf->log_syslog);
	free(conf->apparmor_profile);
	strv_free(conf->apparmor_raw);
	free(conf->selinux_context);
	free(conf->selinux_context_keyring);
	free(conf->seccomp_profile);
	free(conf->seccomp_notify_proxy);
	free(conf->seccomp_notify_cookie);
	strv_free(conf->idmaps);
	free(conf->time_offset_boot);
	free(conf->time_offset_monotonic);
	strv_free(conf->raw_lines);
	free(conf->rcfile);
}
