/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "log.h"
#include "lsm.h"
#include "seccomp_profile.h"
#include "security.h"
#include "userns.h"
#include "utils.h"

#define CAP_SYS_ADMIN_BIT 21

int security_prepare(const struct lxc_conf *conf, struct security_ctx *sec)
{
	int ret;

	memset(sec, 0, sizeof(*sec));
	ret = lsm_prepare(conf, &sec->lsm_skip);
	if (ret < 0)
		return ret;
	ret = userns_precheck(conf);
	if (ret < 0)
		return ret;
	if (conf->time_offset_boot || conf->time_offset_monotonic)
		return CAUSE(-EOPNOTSUPP, "lxc.time.offset.%s: time namespaces are not supported by this build yet",
			     conf->time_offset_boot ? "boot" : "monotonic");
	if (conf->cap_drop && conf->cap_keep_set)
		return CAUSE(-EINVAL, "both lxc.cap.drop and lxc.cap.keep are set: use one of them (an empty value clears a key)");
	return seccomp_profile_prepare(conf, &sec->seccomp);
}

void security_release(struct security_ctx *sec)
{
	seccomp_prog_free(sec->seccomp);
	sec->seccomp = NULL;
}

void security_ids_from_conf(const struct lxc_conf *conf, struct exec_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
	ids->set_uid = conf->init_uid_set;
	ids->uid = conf->init_uid;
	ids->set_gid = conf->init_gid_set;
	ids->gid = conf->init_gid;
	ids->groups = conf->init_groups;
	ids->ngroups = conf->ninit_groups;
}

unsigned long long caps_dropped(const struct lxc_conf *conf)
{
	if (conf->cap_keep_set)
		return ~conf->cap_keep;
	return conf->cap_drop;
}

int caps_drop(const struct lxc_conf *conf)
{
	unsigned long long drop = caps_dropped(conf);
	cap_t caps;
	int last, ret = 0;

	if (!drop)
		return 0;
	last = (int)cap_max_bits() - 1;
	caps = cap_get_proc();
	if (!caps)
		return SYSCAUSE("failed to read the capabilities: %m");
	for (int cap = 0; cap <= last && cap < 64; cap++) {
		cap_value_t v = cap;

		if (!(drop & (1ULL << cap)))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			ret = SYSCAUSE("failed to drop capability %d from the bounding set: %m", cap);
			break;
		}
		/* An exec keeps inheritable and ambient capabilities. */
		cap_set_flag(caps, CAP_INHERITABLE, 1, &v, CAP_CLEAR);
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, cap, 0, 0) < 0 && errno != EINVAL) {
			ret = SYSCAUSE("failed to drop capability %d from the ambient set: %m", cap);
			break;
		}
	}
	if (ret == 0 && cap_set_proc(caps) < 0)
		ret = SYSCAUSE("failed to set the inheritable capabilities: %m");
	cap_free(caps);
	return ret;
}

static int switch_ids(const struct exec_ids *ids)
{
	if (ids->ngroups && setgroups(ids->ngroups, ids->groups) < 0)
		return SYSCAUSE("failed to set the supplementary groups: %m");
	if (ids->set_gid) {
		/* Keep no group of the host; in a user namespace whose
		 * setgroups is denied this is not possible, nor needed. */
		if (!ids->ngroups && setgroups(0, NULL) < 0 && errno != EPERM)
			return SYSCAUSE("failed to drop the supplementary groups: %m");
		if (setresgid(ids->gid, ids->gid, ids->gid) < 0)
			return SYSCAUSE("failed to switch to gid %u: %m", (unsigned int)ids->gid);
	}
	if (ids->set_uid && setresuid(ids->uid, ids->uid, ids->uid) < 0)
		return SYSCAUSE("failed to switch to uid %u: %m", (unsigned int)ids->uid);
	return 0;
}

/* Effective and permitted: what the bounding set keeps, plus extra. */
static int cut_effective(unsigned long long drop, unsigned long long extra)
{
	int last = (int)cap_max_bits() - 1;
	cap_t caps = cap_get_proc();
	int ret = 0;

	if (!caps)
		return SYSCAUSE("failed to read the capabilities: %m");
	for (int cap = 0; cap <= last && cap < 64; cap++) {
		cap_value_t v = cap;
		cap_flag_value_t have = CAP_CLEAR;

		if (!(drop & (1ULL << cap)) || (extra & (1ULL << cap)))
			continue;
		cap_get_flag(caps, v, CAP_PERMITTED, &have);
		if (have == CAP_CLEAR)
			continue;
		cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_CLEAR);
		cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_CLEAR);
	}
	if (cap_set_proc(caps) < 0)
		ret = SYSCAUSE("failed to cut the effective and permitted capabilities: %m");
	cap_free(caps);
	return ret;
}

/* Raise CAP_SYS_ADMIN in the effective set from the permitted one, if there. */
static void raise_sys_admin(void)
{
	cap_t caps = cap_get_proc();
	cap_value_t v = CAP_SYS_ADMIN;
	cap_flag_value_t have = CAP_CLEAR;

	if (!caps)
		return;
	cap_get_flag(caps, v, CAP_PERMITTED, &have);
	if (have == CAP_SET) {
		cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET);
		(void)cap_set_proc(caps);
	}
	cap_free(caps);
}

int security_exec_prepare(const struct lxc_conf *conf, const struct security_ctx *sec,
			  const struct exec_ids *ids, int *notify_fd)
{
	unsigned long long drop = caps_dropped(conf);
	bool load = sec && sec->seccomp;
	bool switching = ids && (ids->set_uid || ids->set_gid || ids->ngroups);
	bool need_admin;
	int ret;

	*notify_fd = -EBADF;
	if (load && !conf->seccomp_allow_nesting && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2) {
		/* As LXC: a nested container lives under its parent's filter. */
		INFO("lxc.seccomp.profile: a seccomp filter is in place already: not loading \"%s\" (set lxc.seccomp.allow_nesting = 1 to stack it)",
		     conf->seccomp_profile);
		load = false;
	}
	/* Loading a filter without no_new_privs takes CAP_SYS_ADMIN. */
	need_admin = load && !conf->no_new_privs;

	/* 1: the bounding and inheritable sets; all of the ambient set. */
	ret = caps_drop(conf);
	if (ret < 0)
		return ret;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return SYSCAUSE("failed to clear the ambient capabilities: %m");

	/* 2: the LSM label of what is executed next. */
	ret = lsm_exec_label(conf, sec && sec->lsm_skip);
	if (ret < 0)
		return ret;

	/* 3: the ids; a switch away from root empties the permitted set
	 * unless told to keep it (exec clears that again). */
	if (switching) {
		if (need_admin && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			return SYSCAUSE("failed to keep the capabilities across the id switch: %m");
		ret = switch_ids(ids);
		if (ret < 0)
			return ret;
		if (need_admin)
			raise_sys_admin();
	}

	/* 4 */
	if (conf->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return SYSCAUSE("lxc.no_new_privs: failed to set no_new_privs: %m");

	/* 5: exec would do it too, but nothing should run with them meanwhile. */
	if (drop) {
		ret = cut_effective(drop, need_admin ? 1ULL << CAP_SYS_ADMIN_BIT : 0);
		if (ret < 0)
			return ret;
	}

	/* 6 */
	if (load) {
		ret = seccomp_prog_load(sec->seccomp, notify_fd);
		if (ret < 0)
			return ret;
		TRACE("seccomp filter loaded (%u instructions)", sec->seccomp->len);
	}
	return 0;
}
