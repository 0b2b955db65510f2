/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "log.h"
#include "security.h"
#include "utils.h"

/* The values that ask for no LSM change at all. */
static bool lsm_noop(const char *v)
{
	return !v || !*v || strcmp(v, "unconfined") == 0 || strcmp(v, "unchanged") == 0;
}

static bool apparmor_enabled(void)
{
	__do_free char *v = NULL;

	return read_file("/sys/module/apparmor/parameters/enabled", &v, NULL) == 0 && v[0] == 'Y';
}

static bool selinux_enabled(void)
{
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

int security_precheck(const struct lxc_conf *conf)
{
	if (!lsm_noop(conf->apparmor_profile)) {
		if (!apparmor_enabled())
			return CAUSE(-EINVAL, "lxc.apparmor.profile = \"%s\": AppArmor is not enabled on this host (use unconfined or unchanged)",
				     conf->apparmor_profile);
		return CAUSE(-EOPNOTSUPP, "lxc.apparmor.profile = \"%s\": this build cannot load AppArmor profiles (use unconfined or unchanged)",
			     conf->apparmor_profile);
	}
	if (!lsm_noop(conf->selinux_context) || !lsm_noop(conf->selinux_context_keyring)) {
		const char *key = !lsm_noop(conf->selinux_context) ? "lxc.selinux.context"
								   : "lxc.selinux.context.keyring";
		const char *v = !lsm_noop(conf->selinux_context) ? conf->selinux_context
								 : conf->selinux_context_keyring;

		if (!selinux_enabled())
			return CAUSE(-EINVAL, "%s = \"%s\": SELinux is not enabled on this host (use unconfined or unchanged)",
				     key, v);
		return CAUSE(-EOPNOTSUPP, "%s = \"%s\": this build cannot switch SELinux contexts (use unconfined or unchanged)",
			     key, v);
	}
	if (conf->idmaps)
		return CAUSE(-EOPNOTSUPP, "lxc.idmap: user namespaces (unprivileged containers) are not supported by this build yet");
	if (conf->time_offset_boot || conf->time_offset_monotonic)
		return CAUSE(-EOPNOTSUPP, "lxc.time.offset.%s: time namespaces are not supported by this build yet",
			     conf->time_offset_boot ? "boot" : "monotonic");
	if (conf->cap_drop && conf->cap_keep_set)
		return CAUSE(-EINVAL, "both lxc.cap.drop and lxc.cap.keep are set: use one of them (an empty value clears a key)");
	if (conf->seccomp_profile)
		WARN("lxc.seccomp.profile \"%s\" is not enforced by this build", conf->seccomp_profile);
	return 0;
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
