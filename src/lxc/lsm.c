/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "lsm.h"
#include "utils.h"

/* The values that ask for no LSM change at all. */
static bool lsm_noop(const char *v)
{
	return !v || !*v || strcmp(v, "unconfined") == 0 || strcmp(v, "unchanged") == 0;
}

static bool apparmor_enabled(void)
{
	__do_free char *v = NULL;

	return read_file("/sys/module/apparmor/parameters/enabled", &v, NULL) == 0 && v[0] == 'Y' &&
	       access("/sys/kernel/security/apparmor", F_OK) == 0;
}

static bool selinux_enabled(void)
{
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

/* Whether AppArmor has loaded a profile of that name. */
static bool apparmor_profile_loaded(const char *name)
{
	__do_free char *list = NULL;
	size_t len = strlen(name);

	if (read_file("/sys/kernel/security/apparmor/profiles", &list, NULL) < 0)
		return true;	/* cannot tell: let the kernel decide at exec */
	for (char *line = list; line && *line;) {
		char *nl = strchr(line, '\n');

		/* "NAME (enforce)" */
		if (strncmp(line, name, len) == 0 && line[len] == ' ')
			return true;
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

static int incomplete(const struct lxc_conf *conf, bool *skip, int err, const char *why)
{
	if (!conf->apparmor_allow_incomplete)
		return CAUSE(err, "lxc.apparmor.profile = \"%s\": %s (set lxc.apparmor.allow_incomplete = 1 to run unconfined)",
			     conf->apparmor_profile, why);
	WARN("lxc.apparmor.profile = \"%s\": %s: running unconfined (lxc.apparmor.allow_incomplete = 1)",
	     conf->apparmor_profile, why);
	*skip = true;
	return 0;
}

static int apparmor_prepare(const struct lxc_conf *conf, bool *skip)
{
	const char *p = conf->apparmor_profile;

	if (lsm_noop(p)) {
		if (conf->apparmor_raw)
			WARN("lxc.apparmor.raw is ignored: it only extends a generated profile");
		return 0;
	}
	if (strcmp(p, "generated") == 0) {
		/* LXC's default where AppArmor runs: nothing to confine here. */
		if (!apparmor_enabled()) {
			INFO("lxc.apparmor.profile = generated: AppArmor is not enabled on this host: unconfined");
			return 0;
		}
		return incomplete(conf, skip, -EOPNOTSUPP,
				  "this build does not generate AppArmor profiles; name a loaded profile");
	}
	if (!apparmor_enabled())
		return incomplete(conf, skip, -EINVAL, "AppArmor is not enabled on this host");
	if (!apparmor_profile_loaded(p))
		return incomplete(conf, skip, -EINVAL, "AppArmor has no such profile loaded");
	return 0;
}

static int selinux_prepare(const struct lxc_conf *conf)
{
	const char *key = "lxc.selinux.context", *v = conf->selinux_context;

	if (lsm_noop(v)) {
		key = "lxc.selinux.context.keyring";
		v = conf->selinux_context_keyring;
	}
	if (lsm_noop(v))
		return 0;
	if (!selinux_enabled())
		return CAUSE(-EINVAL, "%s = \"%s\": SELinux is not enabled on this host (use unconfined or unchanged)",
			     key, v);
	return 0;
}

int lsm_prepare(const struct lxc_conf *conf, bool *skip)
{
	int ret;

	*skip = false;
	ret = apparmor_prepare(conf, skip);
	if (ret < 0)
		return ret;
	return selinux_prepare(conf);
}

/* Write an attribute of this task: /proc/self/attr/<LSM>/<attr>, else /proc/self/attr/<attr>. */
static int write_attr(const char *lsm, const char *attr, const char *value)
{
	char path[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/attr/%s/%s", lsm, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		snprintf(path, sizeof(path), "/proc/self/attr/%s", attr);
		fd = open(path, O_WRONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	close(fd);
	return n < 0 ? -errno : 0;
}

int lsm_exec_label(const struct lxc_conf *conf, bool skip_apparmor)
{
	int ret;

	if (!skip_apparmor && !lsm_noop(conf->apparmor_profile) && strcmp(conf->apparmor_profile, "generated") != 0) {
		__do_free char *cmd = must_sprintf("exec %s", conf->apparmor_profile);

		ret = write_attr("apparmor", "exec", cmd);
		if (ret < 0)
			return CAUSE(ret, "lxc.apparmor.profile: failed to set the profile \"%s\" for exec: %m",
				     conf->apparmor_profile);
	}
	if (!lsm_noop(conf->selinux_context_keyring)) {
		ret = write_attr("selinux", "keycreate", conf->selinux_context_keyring);
		if (ret < 0)
			return CAUSE(ret, "lxc.selinux.context.keyring: failed to set \"%s\": %m",
				     conf->selinux_context_keyring);
	}
	if (!lsm_noop(conf->selinux_context)) {
		ret = write_attr("selinux", "exec", conf->selinux_context);
		if (ret < 0)
			return CAUSE(ret, "lxc.selinux.context: failed to set \"%s\" for exec: %m",
				     conf->selinux_context);
	}
	return 0;
}
