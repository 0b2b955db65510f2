/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "confile.h"
#include "confile_sys.h"
#include "log.h"
#include "lxc.h"
#include "network.h"
#include "syscalls.h"
#include "utils.h"

#define MAX_INCLUDE_DEPTH 32
/* Far more than any configuration: a larger file is refused, not read. */
#define MAX_CONFIG_SIZE (1U << 20)

struct config_key {
	const char *name;
	bool prefix;		/* name is a prefix ("lxc.cgroup2.") */
	const char *expect;	/* the expected form, for error messages */
	int (*set)(struct lxc_conf *conf, const char *key, const char *value);
	char *(*get)(const struct lxc_conf *conf, const char *key);
	unsigned int flags;	/* CONFIG_KEY_* */
};

/* Each line adds an entry (writing back appends rather than replaces). */
#define CONFIG_KEY_LIST (1U << 0)

static int set_string(char **dst, const char *value)
{
	char *copy = NULL;

	if (*value) {
		copy = strdup(value);
		if (!copy)
			return -ENOMEM;
	}
	free(*dst);
	*dst = copy;
	return 0;
}

static char *get_string(const char *s)
{
	return strdup(s ? s : "");
}

#define STRING_KEY(field)                                                         \
	static int set_##field(struct lxc_conf *c, const char *k, const char *v) \
	{                                                                         \
		return set_string(&c->field, v);                                  \
	}                                                                         \
	static char *get_##field(const struct lxc_conf *c, const char *k)         \
	{                                                                         \
		return get_string(c->field);                                      \
	}

STRING_KEY(uts_name)
STRING_KEY(rootfs_mount)
STRING_KEY(rootfs_options)
STRING_KEY(init_cmd)
STRING_KEY(execute_cmd)
STRING_KEY(init_cwd)
STRING_KEY(log_file)
STRING_KEY(arch)
STRING_KEY(cgroup_dir)
STRING_KEY(cgroup_dir_container)
STRING_KEY(cgroup_dir_monitor)

static int set_rootfs_path(struct lxc_conf *c, const char *k, const char *v)
{
	/* "dir:PATH" is the plain directory backend. */
	if (strncmp(v, "dir:", 4) == 0)
		v += 4;
	/* "overlay:LOWER[:LOWER...]:UPPER" is kept as written (rootfs.c). */
	if (strncmp(v, "overlay:", 8) == 0 || strncmp(v, "overlayfs:", 10) == 0) {
		__do_free_strv char **parts = strv_split(strchr(v, ':') + 1, ":");

		if (!parts || strv_len(parts) < 2)
			return -EINVAL;
		for (char **p = parts; *p; p++)
			if (**p != '/')
				return -EINVAL;
		return set_string(&c->rootfs_path, v);
	}
	if (*v && *v != '/')
		return -EINVAL;
	return set_string(&c->rootfs_path, v);
}

static char *get_rootfs_path(const struct lxc_conf *c, const char *k)
{
	return get_string(c->rootfs_path);
}

static int set_log_level(struct lxc_conf *c, const char *k, const char *v)
{
	if (*v && log_level_parse(v) < 0)
		return -EINVAL;
	return set_string(&c->log_level, v);
}

static char *get_log_level(const struct lxc_conf *c, const char *k)
{
	return get_string(c->log_level);
}

static int set_id(uid_t *dst, bool *isset, const char *v)
{
	unsigned int id;

	if (!*v) {
		*isset = false;
		*dst = 0;
		return 0;
	}
	if (parse_uint(v, &id) < 0 || id == (unsigned int)-1)
		return -EINVAL;
	*dst = id;
	*isset = true;
	return 0;
}

static int set_init_uid(struct lxc_conf *c, const char *k, const char *v)
{
	return set_id(&c->init_uid, &c->init_uid_set, v);
}

static int set_init_gid(struct lxc_conf *c, const char *k, const char *v)
{
	return set_id(&c->init_gid, &c->init_gid_set, v);
}

static char *get_init_uid(const struct lxc_conf *c, const char *k)
{
	return c->init_uid_set ? must_sprintf("%u", c->init_uid) : strdup("");
}

static char *get_init_gid(const struct lxc_conf *c, const char *k)
{
	return c->init_gid_set ? must_sprintf("%u", c->init_gid) : strdup("");
}

static int set_environment(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		strv_free(c->environment);
		c->environment = NULL;
		return 0;
	}
	/* LXC takes a bare NAME to mean "pass the host's value through". */
	if (!strchr(v, '=')) {
		const char *host = getenv(v);

		if (!host)
			return 0;
		__do_free char *kv = must_sprintf("%s=%s", v, host);
		return strv_append(&c->environment, kv);
	}
	if (v[0] == '=')
		return -EINVAL;
	return strv_append(&c->environment, v);
}

static char *get_environment(const struct lxc_conf *c, const char *k)
{
	char *s = strv_join(c->environment, "\n");

	return s;
}

static const struct {
	const char *name;
	int flag;
} ns_names[] = {
	{ "mount", CLONE_NEWNS }, { "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID },
	{ "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET },
	{ "cgroup", CLONE_NEWCGROUP }, { "user", CLONE_NEWUSER }, { "time", CLONE_NEWTIME },
};

static int parse_ns_list(const char *v, int *flags)
{
	__do_free_strv char **words = strv_split(v, " \t,");
	int f = 0;

	if (!words)
		return -ENOMEM;
	for (char **w = words; *w; w++) {
		bool found = false;

		for (size_t i = 0; i < ARRAY_SIZE(ns_names); i++)
			if (strcmp(*w, ns_names[i].name) == 0) {
				f |= ns_names[i].flag;
				found = true;
			}
		if (!found)
			return -EINVAL;
	}
	*flags = f;
	return 0;
}

static char *print_ns_list(int flags)
{
	__do_free_strv char **v = calloc(1, sizeof(char *));

	if (!v)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ns_names); i++) {
		if (strcmp(ns_names[i].name, "mnt") == 0)
			continue;
		if ((flags & ns_names[i].flag) && strv_append(&v, ns_names[i].name) < 0)
			return NULL;
	}
	return strv_join(v, " ");
}

static int set_ns_clone(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		c->ns_clone = -1;
		return 0;
	}
	return parse_ns_list(v, &c->ns_clone);
}

static char *get_ns_clone(const struct lxc_conf *c, const char *k)
{
	return c->ns_clone < 0 ? strdup("") : print_ns_list(c->ns_clone);
}

static int set_ns_keep(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		c->ns_keep = 0;
		return 0;
	}
	return parse_ns_list(v, &c->ns_keep);
}

static char *get_ns_keep(const struct lxc_conf *c, const char *k)
{
	return print_ns_list(c->ns_keep);
}

static int set_signal(int *dst, int dflt, const char *v)
{
	int sig;

	if (!*v) {
		*dst = dflt;
		return 0;
	}
	sig = signal_parse(v);
	if (sig < 0)
		return sig;
	*dst = sig;
	return 0;
}

static int set_signal_halt(struct lxc_conf *c, const char *k, const char *v)
{
	int ret = set_signal(&c->signal_halt, SIGPWR, v);

	if (ret == 0)
		c->signal_halt_set = *v != '\0';
	return ret;
}

static int set_signal_reboot(struct lxc_conf *c, const char *k, const char *v)
{
	return set_signal(&c->signal_reboot, SIGINT, v);
}

static int set_signal_stop(struct lxc_conf *c, const char *k, const char *v)
{
	return set_signal(&c->signal_stop, SIGKILL, v);
}

static char *print_signal(int sig)
{
	char buf[32];

	return strdup(signal_name(sig, buf, sizeof(buf)));
}

static char *get_signal_halt(const struct lxc_conf *c, const char *k)
{
	return print_signal(c->signal_halt);
}

static char *get_signal_reboot(const struct lxc_conf *c, const char *k)
{
	return print_signal(c->signal_reboot);
}

static char *get_signal_stop(const struct lxc_conf *c, const char *k)
{
	return print_signal(c->signal_stop);
}

static int set_cgroup_relative(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		c->cgroup_relative = false;
		return 0;
	}
	return parse_bool(v, &c->cgroup_relative);
}

static char *get_cgroup_relative(const struct lxc_conf *c, const char *k)
{
	return strdup(c->cgroup_relative ? "1" : "0");
}

static int set_cgroup_item(struct lxc_conf *c, const char *key, const char *v, bool v2)
{
	const char *file = key + strlen(v2 ? "lxc.cgroup2." : "lxc.cgroup.");
	struct lxc_cgroup_setting *s;

	/* controller.file: a dot after a non-empty controller name; no
	 * blank (a file has none, and a written key would be read trimmed) */
	if (!*file || *file == '.' || !strchr(file, '.') || strchr(file, '/') ||
	    strpbrk(file, " \t\n\v\f\r"))
		return -ENOENT;
	if (!*v) {
		/* An empty value removes the setting. */
		size_t j = 0;

		for (size_t i = 0; i < c->cgroup_nsettings; i++) {
			s = &c->cgroup_settings[i];
			if (s->v2 == v2 && strcmp(s->key, file) == 0) {
				free(s->key);
				free(s->value);
				continue;
			}
			c->cgroup_settings[j++] = *s;
		}
		c->cgroup_nsettings = j;
		return 0;
	}
	s = realloc(c->cgroup_settings, (c->cgroup_nsettings + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	c->cgroup_settings = s;
	s = &c->cgroup_settings[c->cgroup_nsettings];
	s->key = strdup(file);
	s->value = strdup(v);
	s->v2 = v2;
	if (!s->key || !s->value) {
		free(s->key);
		free(s->value);
		return -ENOMEM;
	}
	c->cgroup_nsettings++;
	return 0;
}

static char *get_cgroup_item(const struct lxc_conf *c, const char *key, bool v2)
{
	const char *file = key + strlen(v2 ? "lxc.cgroup2." : "lxc.cgroup.");
	const char *val = "";

	for (size_t i = 0; i < c->cgroup_nsettings; i++)
		if (c->cgroup_settings[i].v2 == v2 && strcmp(c->cgroup_settings[i].key, file) == 0)
			val = c->cgroup_settings[i].value;
	return strdup(val);
}

static int set_cgroup1(struct lxc_conf *c, const char *k, const char *v)
{
	return set_cgroup_item(c, k, v, false);
}

static int set_cgroup2(struct lxc_conf *c, const char *k, const char *v)
{
	return set_cgroup_item(c, k, v, true);
}

static char *get_cgroup1(const struct lxc_conf *c, const char *k)
{
	return get_cgroup_item(c, k, false);
}

static char *get_cgroup2(const struct lxc_conf *c, const char *k)
{
	return get_cgroup_item(c, k, true);
}

/* lxc.net, lxc.net.N and lxc.net.N.KEY live in network.c. */
static int set_net(struct lxc_conf *c, const char *key, const char *v)
{
	return network_config_set(c, key, v);
}

static char *get_net(const struct lxc_conf *c, const char *key)
{
	return network_config_get(c, key);
}

static int set_include(struct lxc_conf *c, const char *k, const char *v);

static char *get_include(const struct lxc_conf *c, const char *k)
{
	return strdup("");
}

/* Keys that LXC had before 2.1, and what replaced them. */
static const struct {
	const char *old;
	bool prefix;
	const char *new;
} legacy_keys[] = {
	{ "lxc.utsname", false, "lxc.uts.name" },
	{ "lxc.rootfs", false, "lxc.rootfs.path" },
	{ "lxc.rootfs.backend", false, NULL },
	{ "lxc.network.", true, "lxc.net.N.*" },
	{ "lxc.network", false, "lxc.net" },
	{ "lxc.pts", false, "lxc.pty.max" },
	{ "lxc.tty", false, "lxc.tty.max" },
	{ "lxc.devttydir", false, "lxc.tty.dir" },
	{ "lxc.aa_profile", false, "lxc.apparmor.profile" },
	{ "lxc.aa_allow_incomplete", false, "lxc.apparmor.allow_incomplete" },
	{ "lxc.se_context", false, "lxc.selinux.context" },
	{ "lxc.id_map", false, "lxc.idmap" },
	{ "lxc.init_cmd", false, "lxc.init.cmd" },
	{ "lxc.init_uid", false, "lxc.init.uid" },
	{ "lxc.init_gid", false, "lxc.init.gid" },
	{ "lxc.limit.", true, "lxc.prlimit.*" },
	{ "lxc.haltsignal", false, "lxc.signal.halt" },
	{ "lxc.rebootsignal", false, "lxc.signal.reboot" },
	{ "lxc.stopsignal", false, "lxc.signal.stop" },
	{ "lxc.syslog", false, "lxc.log.syslog" },
	{ "lxc.loglevel", false, "lxc.log.level" },
	{ "lxc.logfile", false, "lxc.log.file" },
	{ "lxc.console", false, "lxc.console.path" },
	{ "lxc.seccomp", false, "lxc.seccomp.profile" },
	{ "lxc.mount", false, "lxc.mount.fstab" },
	{ "lxc.pivotdir", false, NULL },
	{ "lxc.kmsg", false, NULL },
};

static const struct config_key config_keys[] = {
	{ "lxc.include", false, "a file or directory", set_include, get_include },
	{ "lxc.arch", false, "an architecture", set_arch, get_arch },
	{ "lxc.uts.name", false, "a hostname", set_uts_name, get_uts_name },
	{ "lxc.rootfs.path", false, "an absolute path, dir:PATH or overlay:LOWER:UPPER", set_rootfs_path, get_rootfs_path },
	{ "lxc.rootfs.mount", false, "a path", set_rootfs_mount, get_rootfs_mount },
	{ "lxc.rootfs.options", false, "mount options", set_rootfs_options, get_rootfs_options },
	{ "lxc.init.cmd", false, "a command", set_init_cmd, get_init_cmd },
	{ "lxc.execute.cmd", false, "a command", set_execute_cmd, get_execute_cmd },
	{ "lxc.init.cwd", false, "an absolute path", set_init_cwd, get_init_cwd },
	{ "lxc.init.uid", false, "a numeric uid", set_init_uid, get_init_uid },
	{ "lxc.init.gid", false, "a numeric gid", set_init_gid, get_init_gid },
	{ "lxc.environment", false, "VAR=VALUE", set_environment, get_environment, CONFIG_KEY_LIST },
	{ "lxc.namespace.clone", false, "namespace names (mount pid uts ipc net cgroup user time)", set_ns_clone, get_ns_clone },
	{ "lxc.namespace.keep", false, "namespace names (mount pid uts ipc net cgroup user time)", set_ns_keep, get_ns_keep },
	{ "lxc.signal.halt", false, "a signal name or number", set_signal_halt, get_signal_halt },
	{ "lxc.signal.reboot", false, "a signal name or number", set_signal_reboot, get_signal_reboot },
	{ "lxc.signal.stop", false, "a signal name or number", set_signal_stop, get_signal_stop },
	{ "lxc.log.file", false, "a path", set_log_file, get_log_file },
	{ "lxc.log.level", false, "a log level (TRACE ... FATAL)", set_log_level, get_log_level },
	/* System containers (confile_sys.c). */
#define SYS(name, fn, expect, flags) { name, false, expect, sys_set_##fn, sys_get_##fn, flags }
#define SYS_PREFIX(name, fn, expect) { name, true, expect, sys_set_##fn, sys_get_##fn, 0 }
	SYS("lxc.rootfs.managed", rootfs_managed, "0 or 1", 0),
	SYS("lxc.mount.entry", mount_entry, "an fstab line: SOURCE TARGET FSTYPE OPTIONS [DUMP [PASS]] (options may hold create=dir|file and optional)", CONFIG_KEY_LIST),
	SYS("lxc.mount.fstab", mount_fstab, "a path to an fstab file", 0),
	SYS("lxc.mount.auto", mount_auto, "proc[:mixed|:rw] sys[:ro|:mixed|:rw] cgroup[:mixed|:ro|:rw][:force] cgroup-full[:mixed|:ro|:rw][:force] cgroup2", CONFIG_KEY_LIST),
	SYS("lxc.autodev", autodev, "0 or 1", 0),
	SYS("lxc.autodev.tmpfs.size", autodev_tmpfs_size, "a size in bytes (K, M, G suffixes)", 0),
	SYS("lxc.tty.max", tty_max, "a number of ttys", 0),
	SYS("lxc.tty.dir", tty_dir, "a directory name below /dev", 0),
	SYS("lxc.pty.max", pty_max, "a number of ptys", 0),
	SYS("lxc.console.path", console_path, "none or an absolute path", 0),
	SYS("lxc.console.logfile", console_logfile, "a path", 0),
	SYS("lxc.console.rotate", console_rotate, "0 or 1", 0),
	SYS("lxc.console.buffer.size", console_buffer_size, "auto or a size in bytes (K, M, G suffixes)", 0),
	SYS("lxc.console.size", console_size, "auto or a size in bytes (K, M, G suffixes)", 0),
	SYS("lxc.hook.version", hook_version, "0 or 1", 0),
	{ "lxc.hook.", true, "a command", sys_set_hook, sys_get_hook, CONFIG_KEY_LIST },
	SYS_PREFIX("lxc.sysctl", sysctl, "a value (an empty lxc.sysctl clears them all)"),
	SYS_PREFIX("lxc.prlimit", prlimit, "SOFT[:HARD], numbers or unlimited"),
	SYS_PREFIX("lxc.proc", proc, "a value (an empty lxc.proc clears them all)"),
	SYS("lxc.cap.drop", cap_drop, "capability names (sys_admin ...)", CONFIG_KEY_LIST),
	SYS("lxc.cap.keep", cap_keep, "capability names (sys_admin ...) or none", CONFIG_KEY_LIST),
	SYS("lxc.init.groups", init_groups, "comma-separated numeric gids", CONFIG_KEY_LIST),
	SYS("lxc.start.auto", start_auto, "0 or 1", 0),
	SYS("lxc.start.delay", start_delay, "a number of seconds", 0),
	SYS("lxc.start.order", start_order, "an integer", 0),
	SYS("lxc.group", group, "group names", CONFIG_KEY_LIST),
	SYS("lxc.log.syslog", log_syslog, "a syslog facility (daemon, local0 ...)", 0),
	SYS("lxc.apparmor.profile", apparmor_profile, "a profile name", 0),
	SYS("lxc.apparmor.allow_incomplete", apparmor_allow_incomplete, "0 or 1", 0),
	SYS("lxc.apparmor.allow_nesting", apparmor_allow_nesting, "0 or 1", 0),
	SYS("lxc.apparmor.raw", apparmor_raw, "an AppArmor rule", CONFIG_KEY_LIST),
	SYS("lxc.selinux.context", selinux_context, "an SELinux context", 0),
	SYS("lxc.selinux.context.keyring", selinux_context_keyring, "an SELinux context", 0),
	SYS("lxc.seccomp.profile", seccomp_profile, "a path", 0),
	SYS("lxc.seccomp.allow_nesting", seccomp_allow_nesting, "0 or 1", 0),
	SYS("lxc.seccomp.notify.proxy", seccomp_notify_proxy, "unix:PATH", 0),
	SYS("lxc.seccomp.notify.cookie", seccomp_notify_cookie, "a string", 0),
	SYS("lxc.idmap", idmap, "u|g NSID HOSTID RANGE", CONFIG_KEY_LIST),
	SYS("lxc.no_new_privs", no_new_privs, "0 or 1", 0),
	SYS("lxc.ephemeral", ephemeral, "0 or 1", 0),
	SYS("lxc.keyring.session", keyring_session, "0 or 1", 0),
	SYS("lxc.monitor.unshare", monitor_unshare, "0 or 1", 0),
	SYS("lxc.monitor.signal.pdeath", monitor_signal_pdeath, "a signal name or number", 0),
	SYS("lxc.sched.core", sched_core, "0 or 1", 0),
	SYS("lxc.time.offset.boot", time_offset_boot, "an integer with a unit (h m s ms us ns)", 0),
	SYS("lxc.time.offset.monotonic", time_offset_monotonic, "an integer with a unit (h m s ms us ns)", 0),
#undef SYS
#undef SYS_PREFIX
	{ "lxc.cgroup.relative", false, "0 or 1", set_cgroup_relative, get_cgroup_relative },
	{ "lxc.cgroup.dir", false, "a cgroup path", set_cgroup_dir, get_cgroup_dir },
	{ "lxc.cgroup.dir.container", false, "a cgroup path", set_cgroup_dir_container, get_cgroup_dir_container },
	{ "lxc.cgroup.dir.monitor", false, "a cgroup path", set_cgroup_dir_monitor, get_cgroup_dir_monitor },
	{ "lxc.cgroup2.", true, "a value", set_cgroup2, get_cgroup2 },
	{ "lxc.cgroup.", true, "a value", set_cgroup1, get_cgroup1 },
	{ "lxc.net", true, NULL, set_net, get_net },
};

static const struct config_key *find_key(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
		const struct config_key *k = &config_keys[i];

		if (k->prefix ? strncmp(key, k->name, strlen(k->name)) == 0
			      : strcmp(key, k->name) == 0)
			return k;
	}
	return NULL;
}

static int legacy_error(const char *key, const char *where)
{
	for (size_t i = 0; i < ARRAY_SIZE(legacy_keys); i++) {
		bool match = legacy_keys[i].prefix
				     ? strncmp(key, legacy_keys[i].old, strlen(legacy_keys[i].old)) == 0
				     : strcmp(key, legacy_keys[i].old) == 0;
		if (!match)
			continue;
		if (legacy_keys[i].new)
			return CAUSE(-EINVAL, "%s: legacy key \"%s\" is no longer supported: use \"%s\"",
				     where, key, legacy_keys[i].new);
		return CAUSE(-EINVAL, "%s: legacy key \"%s\" is no longer supported", where, key);
	}
	return 0;
}

int confile_set(struct lxc_conf *conf, const char *key, const char *value, const char *where)
{
	const struct config_key *k;
	int ret;

	/* Legacy names first: "lxc.network.*" would match "lxc.net". */
	ret = legacy_error(key, where);
	if (ret < 0)
		return ret;
	k = find_key(key);
	if (!k)
		return CAUSE(-EINVAL, "%s: unknown key \"%s\"", where, key);
	ret = k->set(conf, key, value);
	if (ret == -ENOENT)
		return CAUSE(-EINVAL, "%s: unknown key \"%s\"", where, key);
	if (ret == -ENOMEM)
		return CAUSE(ret, "%s: out of memory", where);
	if (ret < 0 && ret != -ELOOP && ret != -ENOENT)
		return CAUSE(-EINVAL, "%s: invalid value \"%s\" for \"%s\": expected %s",
			     where, value, key, k->expect ? k->expect : network_config_expect(key));
	return ret;
}

bool confile_key_is_valid(const char *key)
{
	const struct config_key *k = find_key(key);

	if (!k)
		return false;
	if (k->prefix) {
		/* Prefix keys validate their remainder on set: try a dry run. */
		struct lxc_conf *tmp = conf_new();
		__do_free char *v = NULL;
		bool ok;

		if (!tmp)
			return false;
		v = k->get(tmp, key);
		ok = v != NULL;
		if (ok && (strncmp(key, "lxc.cgroup", 10) == 0))
			ok = set_cgroup_item(tmp, key, "x", strncmp(key, "lxc.cgroup2.", 12) == 0) == 0;
		conf_free(tmp);
		return ok;
	}
	return true;
}

int confile_get(const struct lxc_conf *conf, const char *key, char **value)
{
	const struct config_key *k = find_key(key);
	char *v;

	if (!k || !confile_key_is_valid(key))
		return CAUSE(-EINVAL, "unknown key \"%s\"", key);
	v = k->get(conf, key);
	if (!v)
		return CAUSE(-EINVAL, "unknown key \"%s\"", key);
	*value = v;
	return 0;
}

static void unquote(char **v)
{
	size_t len = strlen(*v);

	if (len >= 2 && ((*v)[0] == '"' || (*v)[0] == '\'') && (*v)[len - 1] == (*v)[0]) {
		(*v)[len - 1] = '\0';
		(*v)++;
	}
}

static int parse_line(struct lxc_conf *conf, char *line, const char *origin, unsigned int lineno)
{
	char where[PATH_MAX + 32];
	char *s = trim(line), *eq, *key, *value;

	if (!*s || *s == '#')
		return 0;
	/* LXC ignores lines that are not lxc.* keys. */
	if (strncmp(s, "lxc.", 4) != 0)
		return 0;
	snprintf(where, sizeof(where), "%s:%u", origin, lineno);
	eq = strchr(s, '=');
	if (!eq)
		return CAUSE(-EINVAL, "%s: missing \"=\" after \"%s\"", where, s);
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	unquote(&value);
	return confile_set(conf, key, value, where);
}

/* record: keep the lines for writing back (the top-level text only). */
static int parse_text(struct lxc_conf *conf, const char *text, const char *origin, bool record)
{
	__do_free char *copy = strdup(text);
	unsigned int lineno = 0;
	char *line, *p;

	if (!copy)
		return -ENOMEM;
	/* strtok_r would skip empty lines and so miscount them. */
	for (line = copy; line; line = p) {
		int ret;

		p = strchr(line, '\n');
		if (p)
			*p++ = '\0';
		else if (!*line)
			break;
		lineno++;
		if (record && strv_append(&conf->raw_lines, line) < 0)
			return -ENOMEM;
		ret = parse_line(conf, line, origin, lineno);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int confile_parse_text(struct lxc_conf *conf, const char *text, const char *origin)
{
	/* Only the lines of the text itself are written back, not those of
	 * the files it includes. */
	return parse_text(conf, text, origin, conf->keep_raw);
}

/*
 * An included file must be a regular file: a FIFO would block and a
 * device might never end.  The file named on the command line may be a
 * pipe; either is read up to MAX_CONFIG_SIZE.
 */
static int read_config(const char *path, bool top, char **text)
{
	/* O_NONBLOCK: opening a FIFO waits for a writer. */
	__do_close int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (top ? 0 : O_NONBLOCK));
	struct stat st;
	int ret;

	if (fd < 0 || fstat(fd, &st) < 0)
		return SYSCAUSE("failed to read configuration \"%s\": %m", path);
	if (!top && !S_ISREG(st.st_mode))
		return CAUSE(-EINVAL, "failed to include \"%s\": not a regular file", path);
	ret = read_fd(fd, MAX_CONFIG_SIZE, text, NULL);
	if (ret == -EFBIG)
		return CAUSE(ret, "configuration \"%s\" is larger than 1 MiB", path);
	if (ret < 0)
		return CAUSE(ret, "failed to read configuration \"%s\": %m", path);
	return 0;
}

/* top: the file read, not one it includes (whose lines are not kept). */
static int read_one(struct lxc_conf *conf, const char *path, bool top, bool missing_ok)
{
	__do_free char *text = NULL;
	char real[PATH_MAX];
	size_t depth = strv_len(conf->includes);
	int ret;

	if (!realpath(path, real)) {
		if (errno == ENOENT && missing_ok)
			return 0;
		return SYSCAUSE("failed to read configuration \"%s\": %m", path);
	}
	for (size_t i = 0; i < depth; i++)
		if (strcmp(conf->includes[i], real) == 0)
			return CAUSE(-ELOOP, "configuration \"%s\" includes itself (include loop)", path);
	if (depth >= MAX_INCLUDE_DEPTH)
		return CAUSE(-ELOOP, "configuration \"%s\": includes nested too deeply", path);

	ret = read_config(path, top, &text);
	if (ret < 0)
		return ret;
	ret = strv_append(&conf->includes, real);
	if (ret < 0)
		return ret;
	if (top && !conf->rcfile && !(conf->rcfile = strdup(real)))
		return -ENOMEM;
	ret = parse_text(conf, text, path, conf->keep_raw && top);
	/* pop */
	free(conf->includes[depth]);
	conf->includes[depth] = NULL;
	return ret;
}

static int filter_conf(const struct dirent *de)
{
	size_t len = strlen(de->d_name);

	if (de->d_type != DT_REG && de->d_type != DT_LNK && de->d_type != DT_UNKNOWN)
		return 0;
	return de->d_name[0] != '.' && len > 5 && strcmp(de->d_name + len - 5, ".conf") == 0;
}

/* Byte order, whatever the locale. */
static int compare_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int set_include(struct lxc_conf *conf, const char *k, const char *v)
{
	struct dirent **list = NULL;
	struct stat st;
	int n, ret = 0;

	if (!*v)
		return -EINVAL;
	if (stat(v, &st) < 0) {
		size_t len = strlen(v);

		/* A missing directory ("DIR/" or "NAME.d") is fine. */
		if (errno == ENOENT && (v[len - 1] == '/' ||
					(len > 2 && strcmp(v + len - 2, ".d") == 0)))
			return 0;
		return SYSCAUSE("failed to include \"%s\": %m", v);
	}
	if (!S_ISDIR(st.st_mode))
		return read_one(conf, v, false, false);

	n = scandir(v, &list, filter_conf, compare_names);
	if (n < 0)
		return SYSCAUSE("failed to read directory \"%s\": %m", v);
	for (int i = 0; i < n; i++) {
		if (ret == 0) {
			__do_free char *path = must_sprintf("%s%s%s", v, v[strlen(v) - 1] == '/' ? "" : "/",
							    list[i]->d_name);

			/* Only files: a directory named "x.conf" is not read. */
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				ret = read_one(conf, path, false, false);
		}
		free(list[i]);
	}
	free(list);
	return ret;
}

int confile_read(struct lxc_conf *conf, const char *path)
{
	return read_one(conf, path, true, false);
}

int confile_override(struct lxc_conf *conf, const char *kv)
{
	__do_free char *copy = strdup(kv);
	char *eq, where[300];

	if (!copy)
		return -ENOMEM;
	snprintf(where, sizeof(where), "-s \"%.250s\"", kv);
	eq = strchr(copy, '=');
	if (!eq)
		return CAUSE(-EINVAL, "%s: expected KEY=VALUE", where);
	*eq = '\0';
	char *value = trim(eq + 1);
	unquote(&value);
	return confile_set(conf, trim(copy), value, where);
}

/*
 * How the key of a raw line relates to key: the line reads back as key,
 * as a key below it (a clear of "lxc.sysctl" matches "lxc.sysctl.*"), as
 * a key above it ("lxc.net =" clears "lxc.net.0.type"), as an include or
 * as none of these.  Blanks are taken off as the reader does (trim()).
 */
enum raw_key { RAW_OTHER, RAW_SAME, RAW_BELOW, RAW_ABOVE, RAW_INCLUDE };

static enum raw_key raw_line_key(const char *line, const char *key, size_t klen)
{
	const char *s = line;
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strcspn(s, "=");
	if (strncmp(s, "lxc.", 4) != 0 || !s[len])
		return RAW_OTHER;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 11 && strncmp(s, "lxc.include", 11) == 0)
		return RAW_INCLUDE;
	if (len == klen && strncmp(s, key, len) == 0)
		return RAW_SAME;
	if (len > klen && strncmp(s, key, klen) == 0 && s[klen] == '.')
		return RAW_BELOW;
	if (len < klen && strncmp(s, key, len) == 0 && key[len] == '.')
		return RAW_ABOVE;
	return RAW_OTHER;
}

static int raw_remove(struct lxc_conf *conf, size_t i)
{
	size_t n = strv_len(conf->raw_lines);

	free(conf->raw_lines[i]);
	memmove(&conf->raw_lines[i], &conf->raw_lines[i + 1], (n - i) * sizeof(char *));
	return 0;
}

/* Whether value, written bare, would read back otherwise (trimmed or
 * unquoted).  Quoted, it reads back as it is: one pair is taken off. */
static bool value_needs_quotes(const char *value)
{
	size_t len = strlen(value);

	if (len == 0)
		return false;
	if (isspace((unsigned char)value[0]) || isspace((unsigned char)value[len - 1]))
		return true;
	return len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0];
}

/*
 * Whether clearing key clears the keys below it: "lxc.sysctl", "lxc.proc",
 * "lxc.prlimit", "lxc.net" and "lxc.net.N" do; "lxc.cgroup.dir" leaves
 * "lxc.cgroup.dir.container" alone.
 */
static bool clear_covers_below(const struct config_key *k, const char *key)
{
	if (!k || !k->prefix)
		return false;
	if (strcmp(key, k->name) == 0)
		return true;
	return strncmp(key, "lxc.net.", 8) == 0 && key[8] &&
	       key[8 + strspn(key + 8, "0123456789")] == '\0';
}

int confile_set_item(struct lxc_conf *conf, const char *key, const char *value, const char *where)
{
	const struct config_key *k;
	ssize_t last_match = -1, last_include = -1, last_above = -1;
	bool list, below;
	size_t klen = strlen(key);
	__do_free char *line = NULL;
	int ret;

	/* The line written must read back as this key and value. */
	if (strchr(key, '\n') || strchr(key, '='))
		return CAUSE(-EINVAL, "%s: a key cannot hold a newline or \"=\"", where);
	if (strchr(value, '\n'))
		return CAUSE(-EINVAL, "%s: the value of \"%s\" cannot hold a newline", where, key);
	ret = confile_set(conf, key, value, where);
	if (ret < 0 || !conf->keep_raw)
		return ret;
	k = find_key(key);
	list = k && (k->flags & CONFIG_KEY_LIST);
	below = !*value && clear_covers_below(k, key);
	if (!*value)
		line = must_sprintf("%s =", key);
	else if (value_needs_quotes(value))
		line = must_sprintf("%s = \"%s\"", key, value);
	else
		line = must_sprintf("%s = %s", key, value);
	if (list && *value)
		return strv_append(&conf->raw_lines, line);

	/* Replace (or clear): find the lines setting the key (a clear of
	 * "lxc.sysctl" also the lines setting "lxc.sysctl.*"). */
	for (size_t i = 0; conf->raw_lines && conf->raw_lines[i]; i++) {
		enum raw_key rk = raw_line_key(conf->raw_lines[i], key, klen);

		if (rk == RAW_INCLUDE)
			last_include = (ssize_t)i;
		else if (rk == RAW_ABOVE)
			last_above = (ssize_t)i;
		else if (rk == RAW_SAME || (below && rk == RAW_BELOW))
			last_match = (ssize_t)i;
	}
	if (*value && last_match > last_include && last_match > last_above) {
		/* In place: nothing later (an included file, a clear of
		 * "lxc.net" for "lxc.net.0.type") overrides it. */
		free(conf->raw_lines[last_match]);
		conf->raw_lines[last_match] = move_ptr(line);
	}
	for (ssize_t i = (ssize_t)strv_len(conf->raw_lines) - 1; i >= 0; i--) {
		enum raw_key rk = raw_line_key(conf->raw_lines[i], key, klen);

		if (line == NULL && i == last_match)
			continue;
		if (rk == RAW_SAME || (below && rk == RAW_BELOW))
			raw_remove(conf, (size_t)i);
	}
	/* A value set, or a clear that must override an included file or
	 * that does more than take lines away: "lxc.net.N.KEY =" makes
	 * lxc.net.N, as it did here. */
	if (line && (*value || last_include >= 0 ||
		     (strncmp(key, "lxc.net.", 8) == 0 && !clear_covers_below(k, key))))
		return strv_append(&conf->raw_lines, line);
	return 0;
}

char *confile_to_text(const struct lxc_conf *conf)
{
	__do_free char *text = strv_join(conf->raw_lines, "\n");

	if (!text)
		return NULL;
	return must_sprintf("%s%s", text, *text ? "\n" : "");
}

int confile_write(const struct lxc_conf *conf, const char *path)
{
	__do_free char *full = confile_to_text(conf);
	int ret;

	if (!full)
		return -ENOMEM;
	ret = write_file_atomic(path, full, strlen(full), 0640);
	if (ret < 0)
		return CAUSE(ret, "failed to write configuration \"%s\": %m", path);
	return 0;
}

const char *global_config_path(void)
{
	const char *env = getenv("LXC_GLOBAL_CONF");

	return env && *env ? env : LXC_GLOBAL_CONF;
}

const char *global_config_get(const char *key)
{
	static char lxcpath[PATH_MAX], default_config[PATH_MAX], cgroup_pattern[PATH_MAX];
	static bool loaded;

	if (!loaded) {
		__do_free char *text = NULL;

		snprintf(lxcpath, sizeof(lxcpath), "%s", LXCPATH);
		snprintf(default_config, sizeof(default_config), "%s", LXC_DEFAULT_CONFIG);
		snprintf(cgroup_pattern, sizeof(cgroup_pattern), "lxc.payload.%%n");
		if (read_file(global_config_path(), &text, NULL) == 0) {
			char *save = NULL;

			for (char *line = strtok_r(text, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save)) {
				char *s = trim(line), *eq = strchr(s, '='), *v;

				if (*s == '#' || !eq)
					continue;
				*eq = '\0';
				v = trim(eq + 1);
				unquote(&v);
				if (strcmp(trim(s), "lxc.lxcpath") == 0 && *v)
					snprintf(lxcpath, sizeof(lxcpath), "%s", v);
				else if (strcmp(trim(s), "lxc.default_config") == 0 && *v)
					snprintf(default_config, sizeof(default_config), "%s", v);
				else if (strcmp(trim(s), "lxc.cgroup.pattern") == 0 && *v)
					snprintf(cgroup_pattern, sizeof(cgroup_pattern), "%s", v);
			}
		}
		loaded = true;
	}
	if (strcmp(key, "lxc.lxcpath") == 0)
		return lxcpath;
	if (strcmp(key, "lxc.default_config") == 0)
		return default_config;
	if (strcmp(key, "lxc.cgroup.pattern") == 0)
		return cgroup_pattern;
	return NULL;
}
