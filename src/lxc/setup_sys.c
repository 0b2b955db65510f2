/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "confile_sys.h"
#include "log.h"
#include "setup_sys.h"
#include "utils.h"

#ifndef PR_SCHED_CORE
#define PR_SCHED_CORE 62
#define PR_SCHED_CORE_CREATE 1
#endif
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define PIDTYPE_TGID 1

int setup_sys_open_proc(const struct lxc_conf *conf)
{
	int fd;

	if (!conf->nsysctls && !conf->nprocs)
		return -EBADF;
	fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return SYSCAUSE("failed to open \"/proc\": %m");
	return fd;
}

static int write_proc_file(int procfd, const char *rel, const char *value)
{
	__do_close int fd = openat(procfd, rel, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -errno;
	if (write_all(fd, value, strlen(value)) < 0)
		return -errno;
	return 0;
}

static int apply_sysctls(const struct lxc_conf *conf, int procfd)
{
	for (size_t i = 0; i < conf->nsysctls; i++) {
		const struct lxc_kv *kv = &conf->sysctls[i];
		__do_free char *rel = must_sprintf("sys/%s", kv->key);
		int ret;

		/* net.ipv4.ip_forward -> sys/net/ipv4/ip_forward */
		for (char *p = rel + 4; *p; p++)
			if (*p == '.')
				*p = '/';
		ret = write_proc_file(procfd, rel, kv->value);
		if (ret == -ENOENT)
			return CAUSE(ret, "lxc.sysctl.%s: the kernel has no such sysctl (/proc/%s)", kv->key, rel);
		if (ret < 0)
			return CAUSE(ret, "lxc.sysctl.%s: failed to write \"%s\": %m", kv->key, kv->value);
		DEBUG("sysctl %s = %s", kv->key, kv->value);
	}
	return 0;
}

static int apply_procs(const struct lxc_conf *conf, int procfd)
{
	for (size_t i = 0; i < conf->nprocs; i++) {
		const struct lxc_kv *kv = &conf->procs[i];
		__do_free char *rel = must_sprintf("self/%s", kv->key);
		int ret = write_proc_file(procfd, rel, kv->value);

		if (ret == -ENOENT)
			return CAUSE(ret, "lxc.proc.%s: no such file in /proc/PID", kv->key);
		if (ret < 0)
			return CAUSE(ret, "lxc.proc.%s: failed to write \"%s\": %m", kv->key, kv->value);
	}
	return 0;
}

static int apply_prlimits(const struct lxc_conf *conf)
{
	for (size_t i = 0; i < conf->nprlimits; i++) {
		const struct lxc_prlimit *l = &conf->prlimits[i];
		struct rlimit rl = { .rlim_cur = (rlim_t)l->soft, .rlim_max = (rlim_t)l->hard };

		if (setrlimit((__rlimit_resource_t)l->resource, &rl) < 0)
			return SYSCAUSE("lxc.prlimit.%s: failed to set the limit: %m",
					prlimit_name(l->resource));
	}
	return 0;
}

int setup_sys_apply(const struct lxc_conf *conf, int procfd, bool has_rootfs)
{
	int ret = 0;

	if (procfd >= 0) {
		ret = apply_sysctls(conf, procfd);
		if (ret == 0)
			ret = apply_procs(conf, procfd);
		if (ret < 0)
			return ret;
	}
	ret = apply_prlimits(conf);
	if (ret < 0)
		return ret;
	/* A system container gets a session keyring of its own, as with LXC. */
	if (has_rootfs && conf->keyring_session &&
	    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0) {
		if (errno != ENOSYS && errno != EACCES && errno != EPERM)
			return SYSCAUSE("lxc.keyring.session: failed to create a session keyring: %m");
		WARN("lxc.keyring.session: no session keyring of its own (%m); the container keeps ours");
	}
	if (conf->sched_core && prctl(PR_SCHED_CORE, PR_SCHED_CORE_CREATE, 0, PIDTYPE_TGID, 0) < 0)
		return SYSCAUSE(errno == EINVAL || errno == ENODEV
					? "lxc.sched.core: the kernel has no core scheduling (CONFIG_SCHED_CORE, and an SMT cpu): %m"
					: "lxc.sched.core: failed to create a core scheduling domain: %m");
	return 0;
}
