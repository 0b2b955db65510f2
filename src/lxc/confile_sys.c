/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Parse and print functions of the system container keys (confile_sys.h).
 * Setters return 0, -EINVAL for a malformed value (confile.c words the
 * error with the row's expected form), -ENOENT for a key that only looks
 * like one of ours ("lxc.sysctl" + garbage), or -ENOMEM.  Getters return
 * a malloc'd string, or NULL for such a key.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/resource.h>

#include "confile_sys.h"
#include "mount.h"
#include "utils.h"

/* --- generic value kinds ------------------------------------------------------ */

static int set_str(char **dst, const char *v)
{
	char *copy = NULL;

	if (*v) {
		copy = strdup(v);
		if (!copy)
			return -ENOMEM;
	}
	free(*dst);
	*dst = copy;
	return 0;
}

static char *get_str(const char *s)
{
	return strdup(s ? s : "");
}

static int set_flag(bool *dst, bool dflt, const char *v)
{
	if (!*v) {
		*dst = dflt;
		return 0;
	}
	return parse_bool(v, dst);
}

static char *get_flag(bool b)
{
	return strdup(b ? "1" : "0");
}

static int set_uint_val(unsigned int *dst, unsigned int dflt, const char *v)
{
	if (!*v) {
		*dst = dflt;
		return 0;
	}
	return parse_uint(v, dst);
}

static int set_int_val(int *dst, int dflt, const char *v)
{
	if (!*v) {
		*dst = dflt;
		return 0;
	}
	return parse_int(v, dst);
}

static char *get_num(long long n)
{
	return must_sprintf("%lld", n);
}

/* A list key: each line adds an entry, an empty value clears the list. */
static int list_add(char ***dst, const char *v)
{
	if (!*v) {
		strv_free(*dst);
		*dst = NULL;
		return 0;
	}
	return strv_append(dst, v);
}

/* A list key whose lines hold blank-separated words. */
static int list_add_words(char ***dst, const char *v, bool (*valid)(const char *))
{
	__do_free_strv char **words = strv_split(v, " \t");

	if (!words)
		return -ENOMEM;
	if (!*words)
		return list_add(dst, "");
	for (char **w = words; *w; w++)
		if (valid && !valid(*w))
			return -EINVAL;
	for (char **w = words; *w; w++)
		if (strv_append(dst, *w) < 0)
			return -ENOMEM;
	return 0;
}

static char *get_list(char *const *v, const char *sep)
{
	return strv_join(v, sep);
}

/* "4096", "64K", "1M", "2G" (also "kB", "MB": powers of 1024, as LXC). */
static int parse_size(const char *v, unsigned long long *out)
{
	char *end;
	unsigned long long n, mult = 1;

	if (!isdigit((unsigned char)*v))
		return -EINVAL;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno)
		return -EINVAL;
	switch (toupper((unsigned char)*end)) {
	case '\0':
		break;
	case 'K':
		mult = 1ULL << 10;
		end++;
		break;
	case 'M':
		mult = 1ULL << 20;
		end++;
		break;
	case 'G':
		mult = 1ULL << 30;
		end++;
		break;
	default:
		return -EINVAL;
	}
	if (mult > 1 && toupper((unsigned char)*end) == 'B')
		end++;
	if (*end || n > ULLONG_MAX / mult)
		return -EINVAL;
	*out = n * mult;
	return 0;
}

#define STR_KEY(n, field)                                                        \
	int sys_set_##n(struct lxc_conf *c, const char *k, const char *v)        \
	{                                                                        \
		return set_str(&c->field, v);                                    \
	}                                                                        \
	char *sys_get_##n(const struct lxc_conf *c, const char *k)               \
	{                                                                        \
		return get_str(c->field);                                        \
	}

#define FLAG_KEY(n, field, dflt)                                                 \
	int sys_set_##n(struct lxc_conf *c, const char *k, const char *v)        \
	{                                                                        \
		return set_flag(&c->field, dflt, v);                             \
	}                                                                        \
	char *sys_get_##n(const struct lxc_conf *c, const char *k)               \
	{                                                                        \
		return get_flag(c->field);                                       \
	}

#define UINT_KEY(n, field, dflt)                                                 \
	int sys_set_##n(struct lxc_conf *c, const char *k, const char *v)        \
	{                                                                        \
		return set_uint_val(&c->field, dflt, v);                         \
	}                                                                        \
	char *sys_get_##n(const struct lxc_conf *c, const char *k)               \
	{                                                                        \
		return get_num(c->field);                                        \
	}

#define INT_KEY(n, field, dflt)                                                  \
	int sys_set_##n(struct lxc_conf *c, const char *k, const char *v)        \
	{                                                                        \
		return set_int_val(&c->field, dflt, v);                          \
	}                                                                        \
	char *sys_get_##n(const struct lxc_conf *c, const char *k)               \
	{                                                                        \
		return get_num(c->field);                                        \
	}

#define LIST_KEY(n, field, sep)                                                  \
	int sys_set_##n(struct lxc_conf *c, const char *k, const char *v)        \
	{                                                                        \
		return list_add(&c->field, v);                                   \
	}                                                                        \
	char *sys_get_##n(const struct lxc_conf *c, const char *k)               \
	{                                                                        \
		return get_list(c->field, sep);                                  \
	}

/* --- rootfs and mounts ---------------------------------------------------------- */

FLAG_KEY(rootfs_managed, rootfs_managed, true)
STR_KEY(mount_fstab, mount_fstab)

int sys_set_mount_entry(struct lxc_conf *c, const char *k, const char *v)
{
	struct mount_entry e;
	int ret;

	if (*v) {
		ret = mount_entry_parse(v, &e);
		if (ret < 0)
			return ret;
		mount_entry_free(&e);
	}
	return list_add(&c->mount_entries, v);
}

char *sys_get_mount_entry(const struct lxc_conf *c, const char *k)
{
	return get_list(c->mount_entries, "\n");
}

static const struct {
	const char *name;
	unsigned int mask;
	unsigned int flag;
} auto_mounts[] = {
	{ "proc", LXC_AUTO_PROC_MASK, LXC_AUTO_PROC_MIXED },
	{ "proc:mixed", LXC_AUTO_PROC_MASK, LXC_AUTO_PROC_MIXED },
	{ "proc:rw", LXC_AUTO_PROC_MASK, LXC_AUTO_PROC_RW },
	{ "sys", LXC_AUTO_SYS_MASK, LXC_AUTO_SYS_MIXED },
	{ "sys:mixed", LXC_AUTO_SYS_MASK, LXC_AUTO_SYS_MIXED },
	{ "sys:ro", LXC_AUTO_SYS_MASK, LXC_AUTO_SYS_RO },
	{ "sys:rw", LXC_AUTO_SYS_MASK, LXC_AUTO_SYS_RW },
	{ "cgroup", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_NOSPEC },
	{ "cgroup:mixed", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_MIXED },
	{ "cgroup:ro", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_RO },
	{ "cgroup:rw", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_RW },
	{ "cgroup-full", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_FULL_NOSPEC },
	{ "cgroup-full:mixed", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_FULL_MIXED },
	{ "cgroup-full:ro", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_FULL_RO },
	{ "cgroup-full:rw", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP_FULL_RW },
	{ "cgroup2", LXC_AUTO_CGROUP_MASK, LXC_AUTO_CGROUP2 },
};

int sys_set_mount_auto(struct lxc_conf *c, const char *k, const char *v)
{
	__do_free_strv char **words = strv_split(v, " \t");
	unsigned int flags = c->mount_auto;

	if (!words)
		return -ENOMEM;
	if (!*words) {
		c->mount_auto = 0;
		return 0;
	}
	for (char **w = words; *w; w++) {
		char word[64];
		bool force = false, found = false;
		size_t len = strlen(*w);

		/* No name is that long; a cut one would be read past its end. */
		if (len >= sizeof(word))
			return -EINVAL;
		memcpy(word, *w, len + 1);
		if (len > 6 && strcmp(word + len - 6, ":force") == 0 && strncmp(word, "cgroup", 6) == 0 &&
		    strcmp(word, "cgroup2:force") != 0) {
			word[len - 6] = '\0';
			force = true;
		}
		for (size_t i = 0; i < ARRAY_SIZE(auto_mounts); i++)
			if (strcmp(word, auto_mounts[i].name) == 0) {
				flags &= ~auto_mounts[i].mask;
				if (auto_mounts[i].mask == LXC_AUTO_CGROUP_MASK)
					flags &= ~(LXC_AUTO_CGROUP_FORCE | LXC_AUTO_CGROUP2);
				flags |= auto_mounts[i].flag | (force ? LXC_AUTO_CGROUP_FORCE : 0);
				found = true;
				break;
			}
		if (!found)
			return -EINVAL;
	}
	c->mount_auto = flags;
	return 0;
}

char *sys_get_mount_auto(const struct lxc_conf *c, const char *k)
{
	/* The canonical spelling of each flag, in a stable order. */
	static const struct {
		unsigned int flag;
		const char *name;
	} names[] = {
		{ LXC_AUTO_PROC_MIXED, "proc:mixed" }, { LXC_AUTO_PROC_RW, "proc:rw" },
		{ LXC_AUTO_SYS_MIXED, "sys:mixed" },   { LXC_AUTO_SYS_RO, "sys:ro" },
		{ LXC_AUTO_SYS_RW, "sys:rw" },	       { LXC_AUTO_CGROUP_NOSPEC, "cgroup" },
		{ LXC_AUTO_CGROUP_MIXED, "cgroup:mixed" }, { LXC_AUTO_CGROUP_RO, "cgroup:ro" },
		{ LXC_AUTO_CGROUP_RW, "cgroup:rw" },   { LXC_AUTO_CGROUP_FULL_NOSPEC, "cgroup-full" },
		{ LXC_AUTO_CGROUP_FULL_MIXED, "cgroup-full:mixed" },
		{ LXC_AUTO_CGROUP_FULL_RO, "cgroup-full:ro" },
		{ LXC_AUTO_CGROUP_FULL_RW, "cgroup-full:rw" }, { LXC_AUTO_CGROUP2, "cgroup2" },
	};
	__do_free_strv char **v = calloc(1, sizeof(char *));

	if (!v)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		__do_free char *w = NULL;
		bool force = (c->mount_auto & LXC_AUTO_CGROUP_FORCE) &&
			     (names[i].flag & LXC_AUTO_CGROUP_MASK);

		if (!(c->mount_auto & names[i].flag))
			continue;
		w = must_sprintf("%s%s", names[i].name, force ? ":force" : "");
		if (strv_append(&v, w) < 0)
			return NULL;
	}
	return strv_join(v, " ");
}

/* --- /dev, ttys and the console ---------------------------------------------------- */

int sys_set_autodev(struct lxc_conf *c, const char *k, const char *v)
{
	bool b;

	if (!*v) {
		c->autodev = 1;
		return 0;
	}
	if (parse_bool(v, &b) < 0)
		return -EINVAL;
	c->autodev = b;
	return 0;
}

char *sys_get_autodev(const struct lxc_conf *c, const char *k)
{
	return get_num(c->autodev);
}

int sys_set_autodev_tmpfs_size(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		c->autodev_tmpfs_size = 500000;
		return 0;
	}
	return parse_size(v, &c->autodev_tmpfs_size);
}

char *sys_get_autodev_tmpfs_size(const struct lxc_conf *c, const char *k)
{
	return must_sprintf("%llu", c->autodev_tmpfs_size);
}

UINT_KEY(tty_max, tty_max, 0)
UINT_KEY(pty_max, pty_max, 0)

int sys_set_tty_dir(struct lxc_conf *c, const char *k, const char *v)
{
	/* One directory name below /dev. */
	if (strchr(v, '/') || strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
		return -EINVAL;
	return set_str(&c->tty_dir, v);
}

char *sys_get_tty_dir(const struct lxc_conf *c, const char *k)
{
	return get_str(c->tty_dir);
}

int sys_set_console_path(struct lxc_conf *c, const char *k, const char *v)
{
	if (*v && strcmp(v, "none") != 0 && v[0] != '/')
		return -EINVAL;
	return set_str(&c->console_path, v);
}

char *sys_get_console_path(const struct lxc_conf *c, const char *k)
{
	return get_str(c->console_path);
}

STR_KEY(console_logfile, console_logfile)
FLAG_KEY(console_rotate, console_rotate, false)

int sys_set_console_buffer_size(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		c->console_buffer_size = 0;
		return 0;
	}
	/* LXC's "auto" is 128 KiB. */
	if (strcmp(v, "auto") == 0) {
		c->console_buffer_size = 128 * 1024;
		return 0;
	}
	return parse_size(v, &c->console_buffer_size);
}

char *sys_get_console_buffer_size(const struct lxc_conf *c, const char *k)
{
	return must_sprintf("%llu", c->console_buffer_size);
}

int sys_set_console_size(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		c->console_size = 0;
		return 0;
	}
	if (strcmp(v, "auto") == 0) {
		c->console_size = 128 * 1024;
		return 0;
	}
	return parse_size(v, &c->console_size);
}

char *sys_get_console_size(const struct lxc_conf *c, const char *k)
{
	return must_sprintf("%llu", c->console_size);
}

/* --- hooks ------------------------------------------------------------------------- */

static const char *const hook_names[LXC_HOOK_MAX] = {
	"pre-start", "pre-mount", "mount", "autodev", "start",
	"start-host", "stop", "post-stop", "clone", "destroy",
};

const char *hook_type_name(int type)
{
	if (type < 0 || type >= LXC_HOOK_MAX)
		return NULL;
	return hook_names[type];
}

static int hook_type(const char *key)
{
	if (strncmp(key, "lxc.hook.", 9) != 0)
		return -ENOENT;
	for (int i = 0; i < LXC_HOOK_MAX; i++)
		if (strcmp(key + 9, hook_names[i]) == 0)
			return i;
	return -ENOENT;
}

int sys_set_hook(struct lxc_conf *c, const char *k, const char *v)
{
	int type = hook_type(k);

	if (type < 0)
		return type;
	return list_add(&c->hooks[type], v);
}

char *sys_get_hook(const struct lxc_conf *c, const char *k)
{
	int type = hook_type(k);

	if (type < 0)
		return NULL;
	return get_list(c->hooks[type], "\n");
}

int sys_set_hook_version(struct lxc_conf *c, const char *k, const char *v)
{
	int n;

	if (!*v) {
		c->hook_version = 0;
		return 0;
	}
	if (parse_int(v, &n) < 0 || (n != 0 && n != 1))
		return -EINVAL;
	c->hook_version = n;
	return 0;
}

char *sys_get_hook_version(const struct lxc_conf *c, const char *k)
{
	return get_num(c->hook_version);
}

/* --- key/value maps: lxc.sysctl.*, lxc.proc.* ---------------------------------------- */

/* A sysctl or /proc file name: dotted or slashed words, never "..". */
static bool map_name_valid(const char *name, bool allow_slash)
{
	if (!*name || *name == '.' || *name == '/')
		return false;
	if (strstr(name, "..") || strstr(name, "//"))
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p) && !(allow_slash && *p == '/'))
			return false;
	return name[strlen(name) - 1] != '/';
}

static int map_set(struct lxc_kv **kv, size_t *n, const char *name, const char *v)
{
	size_t j = 0;

	/* Replace: remove the old value first. */
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*kv)[i].key, name) == 0) {
			free((*kv)[i].key);
			free((*kv)[i].value);
			continue;
		}
		(*kv)[j++] = (*kv)[i];
	}
	*n = j;
	if (!*v)
		return 0;
	struct lxc_kv *nkv = realloc(*kv, (*n + 1) * sizeof(**kv));
	if (!nkv)
		return -ENOMEM;
	*kv = nkv;
	nkv[*n].key = strdup(name);
	nkv[*n].value = strdup(v);
	if (!nkv[*n].key || !nkv[*n].value) {
		free(nkv[*n].key);
		free(nkv[*n].value);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

static void map_clear(struct lxc_kv **kv, size_t *n)
{
	for (size_t i = 0; i < *n; i++) {
		free((*kv)[i].key);
		free((*kv)[i].value);
	}
	free(*kv);
	*kv = NULL;
	*n = 0;
}

static char *map_get(const struct lxc_kv *kv, size_t n, const char *name)
{
	if (!name) {
		/* The whole map: "name = value" per line. */
		__do_free_strv char **lines = calloc(1, sizeof(char *));

		if (!lines)
			return NULL;
		for (size_t i = 0; i < n; i++) {
			__do_free char *l = must_sprintf("%s = %s", kv[i].key, kv[i].value);
			if (strv_append(&lines, l) < 0)
				return NULL;
		}
		return strv_join(lines, "\n");
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, name) == 0)
			return strdup(kv[i].value);
	return strdup("");
}

/* "lxc.sysctl" -> NULL (the whole map), "lxc.sysctl.X" -> "X", else -ENOENT. */
static int map_key(const char *key, const char *prefix, const char **name, bool allow_slash)
{
	size_t len = strlen(prefix);

	if (strncmp(key, prefix, len) != 0)
		return -ENOENT;
	if (key[len] == '\0') {
		*name = NULL;
		return 0;
	}
	if (key[len] != '.' || !map_name_valid(key + len + 1, allow_slash))
		return -ENOENT;
	*name = key + len + 1;
	return 0;
}

int sys_set_sysctl(struct lxc_conf *c, const char *k, const char *v)
{
	const char *name;

	if (map_key(k, "lxc.sysctl", &name, false) < 0)
		return -ENOENT;
	if (!name) {
		if (*v)
			return -EINVAL;
		map_clear(&c->sysctls, &c->nsysctls);
		return 0;
	}
	return map_set(&c->sysctls, &c->nsysctls, name, v);
}

char *sys_get_sysctl(const struct lxc_conf *c, const char *k)
{
	const char *name;

	if (map_key(k, "lxc.sysctl", &name, false) < 0)
		return NULL;
	return map_get(c->sysctls, c->nsysctls, name);
}

int sys_set_proc(struct lxc_conf *c, const char *k, const char *v)
{
	const char *name;

	if (map_key(k, "lxc.proc", &name, true) < 0)
		return -ENOENT;
	if (!name) {
		if (*v)
			return -EINVAL;
		map_clear(&c->procs, &c->nprocs);
		return 0;
	}
	return map_set(&c->procs, &c->nprocs, name, v);
}

char *sys_get_proc(const struct lxc_conf *c, const char *k)
{
	const char *name;

	if (map_key(k, "lxc.proc", &name, true) < 0)
		return NULL;
	return map_get(c->procs, c->nprocs, name);
}

/* --- lxc.prlimit.* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	int resource;
} rlimits[] = {
	{ "as", RLIMIT_AS },		{ "core", RLIMIT_CORE },
	{ "cpu", RLIMIT_CPU },		{ "data", RLIMIT_DATA },
	{ "fsize", RLIMIT_FSIZE },	{ "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK },	{ "msgqueue", RLIMIT_MSGQUEUE },
	{ "nice", RLIMIT_NICE },	{ "nofile", RLIMIT_NOFILE },
	{ "nproc", RLIMIT_NPROC },	{ "rss", RLIMIT_RSS },
	{ "rtprio", RLIMIT_RTPRIO },	{ "rttime", RLIMIT_RTTIME },
	{ "sigpending", RLIMIT_SIGPENDING }, { "stack", RLIMIT_STACK },
};

static int rlimit_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(rlimits); i++)
		if (strcmp(name, rlimits[i].name) == 0)
			return rlimits[i].resource;
	return -ENOENT;
}

const char *prlimit_name(int resource)
{
	for (size_t i = 0; i < ARRAY_SIZE(rlimits); i++)
		if (rlimits[i].resource == resource)
			return rlimits[i].name;
	return "?";
}

static int parse_rlim(const char *s, unsigned long long *out)
{
	char *end;

	if (strcmp(s, "unlimited") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -EINVAL : 0;
}

static void print_rlim(char *buf, size_t size, unsigned long long v)
{
	if (v == (unsigned long long)RLIM_INFINITY)
		snprintf(buf, size, "unlimited");
	else
		snprintf(buf, size, "%llu", v);
}

static char *prlimit_value(const struct lxc_prlimit *l)
{
	char soft[32], hard[32];

	print_rlim(soft, sizeof(soft), l->soft);
	print_rlim(hard, sizeof(hard), l->hard);
	if (l->soft == l->hard)
		return strdup(soft);
	return must_sprintf("%s:%s", soft, hard);
}

int sys_set_prlimit(struct lxc_conf *c, const char *k, const char *v)
{
	struct lxc_prlimit l;
	const char *colon;
	int res;
	size_t j = 0;

	if (strcmp(k, "lxc.prlimit") == 0) {
		if (*v)
			return -EINVAL;
		free(c->prlimits);
		c->prlimits = NULL;
		c->nprlimits = 0;
		return 0;
	}
	if (strncmp(k, "lxc.prlimit.", 12) != 0)
		return -ENOENT;
	res = rlimit_by_name(k + 12);
	if (res < 0)
		return -ENOENT;
	if (*v) {
		__do_free char *soft = NULL;

		colon = strchr(v, ':');
		/* Not cut: 64 digits with leading zeros are still a number. */
		soft = strndup(v, colon ? (size_t)(colon - v) : strlen(v));
		if (!soft)
			return -ENOMEM;
		if (parse_rlim(soft, &l.soft) < 0 || parse_rlim(colon ? colon + 1 : soft, &l.hard) < 0)
			return -EINVAL;
		/* RLIM_INFINITY is the largest value, so this orders them too. */
		if (l.soft > l.hard)
			return -EINVAL;
		l.resource = res;
	}
	for (size_t i = 0; i < c->nprlimits; i++)
		if (c->prlimits[i].resource != res)
			c->prlimits[j++] = c->prlimits[i];
	c->nprlimits = j;
	if (!*v)
		return 0;
	struct lxc_prlimit *n = realloc(c->prlimits, (c->nprlimits + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	c->prlimits = n;
	n[c->nprlimits++] = l;
	return 0;
}

char *sys_get_prlimit(const struct lxc_conf *c, const char *k)
{
	int res;

	if (strcmp(k, "lxc.prlimit") == 0) {
		__do_free_strv char **lines = calloc(1, sizeof(char *));

		if (!lines)
			return NULL;
		for (size_t i = 0; i < c->nprlimits; i++) {
			__do_free char *v = prlimit_value(&c->prlimits[i]);
			__do_free char *l = must_sprintf("%s = %s", prlimit_name(c->prlimits[i].resource), v);
			if (strv_append(&lines, l) < 0)
				return NULL;
		}
		return strv_join(lines, "\n");
	}
	if (strncmp(k, "lxc.prlimit.", 12) != 0)
		return NULL;
	res = rlimit_by_name(k + 12);
	if (res < 0)
		return NULL;
	for (size_t i = 0; i < c->nprlimits; i++)
		if (c->prlimits[i].resource == res)
			return prlimit_value(&c->prlimits[i]);
	return strdup("");
}

/* --- capabilities ------------------------------------------------------------------- */

int cap_parse(const char *name)
{
	char buf[64];
	cap_value_t cap;
	unsigned int n;

	if (parse_uint(name, &n) == 0)
		return n < 64 ? (int)n : -EINVAL;
	if (strncasecmp(name, "cap_", 4) == 0)
		name += 4;
	if (snprintf(buf, sizeof(buf), "cap_%s", name) >= (int)sizeof(buf))
		return -EINVAL;
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (cap_from_name(buf, &cap) < 0 || cap < 0 || cap >= 64)
		return -EINVAL;
	return cap;
}

static int cap_list_add(unsigned long long *mask, const char *v, bool allow_none, bool *none)
{
	__do_free_strv char **words = strv_split(v, " \t");
	unsigned long long add = 0;

	if (!words)
		return -ENOMEM;
	for (char **w = words; *w; w++) {
		int cap;

		if (allow_none && strcmp(*w, "none") == 0) {
			*none = true;
			continue;
		}
		cap = cap_parse(*w);
		if (cap < 0)
			return -EINVAL;
		add |= 1ULL << cap;
	}
	*mask |= add;
	return 0;
}

static char *cap_list_print(unsigned long long mask)
{
	__do_free_strv char **v = calloc(1, sizeof(char *));

	if (!v)
		return NULL;
	for (int i = 0; i < 64; i++) {
		char *name;
		int ret;

		if (!(mask & (1ULL << i)))
			continue;
		name = cap_to_name(i);
		if (!name)
			return NULL;
		ret = strv_append(&v, strncmp(name, "cap_", 4) == 0 ? name + 4 : name);
		cap_free(name);
		if (ret < 0)
			return NULL;
	}
	return strv_join(v, " ");
}

int sys_set_cap_drop(struct lxc_conf *c, const char *k, const char *v)
{
	if (!*v) {
		c->cap_drop = 0;
		return 0;
	}
	return cap_list_add(&c->cap_drop, v, false, NULL);
}

char *sys_get_cap_drop(const struct lxc_conf *c, const char *k)
{
	return cap_list_print(c->cap_drop);
}

int sys_set_cap_keep(struct lxc_conf *c, const char *k, const char *v)
{
	unsigned long long mask = c->cap_keep;
	bool none = false;
	int ret;

	if (!*v) {
		c->cap_keep = 0;
		c->cap_keep_set = false;
		return 0;
	}
	ret = cap_list_add(&mask, v, true, &none);
	if (ret < 0)
		return ret;
	/* "none": keep no capability at all (what was listed before goes). */
	c->cap_keep = none ? 0 : mask;
	c->cap_keep_set = true;
	return 0;
}

char *sys_get_cap_keep(const struct lxc_conf *c, const char *k)
{
	if (c->cap_keep_set && !c->cap_keep)
		return strdup("none");
	return cap_list_print(c->cap_keep);
}

/* --- init, autostart, groups, logging ------------------------------------------------ */

int sys_set_init_groups(struct lxc_conf *c, const char *k, const char *v)
{
	__do_free_strv char **words = strv_split(v, ",");
	size_t n;
	gid_t *g;

	if (!words)
		return -ENOMEM;
	n = strv_len(words);
	if (n == 0) {
		free(c->init_groups);
		c->init_groups = NULL;
		c->ninit_groups = 0;
		return 0;
	}
	g = realloc(c->init_groups, (c->ninit_groups + n) * sizeof(gid_t));
	if (!g)
		return -ENOMEM;
	c->init_groups = g;
	for (size_t i = 0; i < n; i++) {
		unsigned int id;

		if (parse_uint(trim(words[i]), &id) < 0 || id == (unsigned int)-1)
			return -EINVAL;
		g[c->ninit_groups + i] = id;
	}
	c->ninit_groups += n;
	return 0;
}

char *sys_get_init_groups(const struct lxc_conf *c, const char *k)
{
	__do_free_strv char **v = calloc(1, sizeof(char *));

	if (!v)
		return NULL;
	for (size_t i = 0; i < c->ninit_groups; i++) {
		char buf[16];

		snprintf(buf, sizeof(buf), "%u", (unsigned int)c->init_groups[i]);
		if (strv_append(&v, buf) < 0)
			return NULL;
	}
	return strv_join(v, ",");
}

FLAG_KEY(start_auto, start_auto, false)
INT_KEY(start_delay, start_delay, 0)
INT_KEY(start_order, start_order, 0)

static bool group_valid(const char *g)
{
	return !strchr(g, ',');
}

int sys_set_group(struct lxc_conf *c, const char *k, const char *v)
{
	return list_add_words(&c->groups, v, group_valid);
}

char *sys_get_group(const struct lxc_conf *c, const char *k)
{
	return get_list(c->groups, " ");
}

int sys_set_log_syslog(struct lxc_conf *c, const char *k, const char *v)
{
	static const char *const facilities[] = {
		"auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news",
		"syslog", "user", "uucp", "local0", "local1", "local2", "local3", "local4",
		"local5", "local6", "local7",
	};
	bool ok = !*v;

	for (size_t i = 0; i < ARRAY_SIZE(facilities) && !ok; i++)
		ok = strcmp(v, facilities[i]) == 0;
	if (!ok)
		return -EINVAL;
	return set_str(&c->log_syslog, v);
}

char *sys_get_log_syslog(const struct lxc_conf *c, const char *k)
{
	return get_str(c->log_syslog);
}

/* --- LSMs, seccomp, id maps (enforced elsewhere; see start) --------------------------- */

STR_KEY(apparmor_profile, apparmor_profile)
FLAG_KEY(apparmor_allow_incomplete, apparmor_allow_incomplete, false)
FLAG_KEY(apparmor_allow_nesting, apparmor_allow_nesting, false)
LIST_KEY(apparmor_raw, apparmor_raw, "\n")
STR_KEY(selinux_context, selinux_context)
STR_KEY(selinux_context_keyring, selinux_context_keyring)
STR_KEY(seccomp_profile, seccomp_profile)
FLAG_KEY(seccomp_allow_nesting, seccomp_allow_nesting, false)
STR_KEY(seccomp_notify_proxy, seccomp_notify_proxy)
STR_KEY(seccomp_notify_cookie, seccomp_notify_cookie)

int sys_set_idmap(struct lxc_conf *c, const char *k, const char *v)
{
	__do_free_strv char **f = strv_split(v, " \t");
	unsigned int n;

	if (!f)
		return -ENOMEM;
	if (*v) {
		/* "u|g NSID HOSTID RANGE" */
		if (strv_len(f) != 4 || (strcmp(f[0], "u") != 0 && strcmp(f[0], "g") != 0))
			return -EINVAL;
		for (int i = 1; i < 4; i++)
			if (parse_uint(f[i], &n) < 0)
				return -EINVAL;
		if (parse_uint(f[3], &n) == 0 && n == 0)
			return -EINVAL;
	}
	return list_add(&c->idmaps, v);
}

char *sys_get_idmap(const struct lxc_conf *c, const char *k)
{
	return get_list(c->idmaps, "\n");
}

/* --- miscellaneous --------------------------------------------------------------------- */

FLAG_KEY(no_new_privs, no_new_privs, false)
FLAG_KEY(ephemeral, ephemeral, false)
FLAG_KEY(keyring_session, keyring_session, true)
FLAG_KEY(monitor_unshare, monitor_unshare, false)
FLAG_KEY(sched_core, sched_core, false)

int sys_set_monitor_signal_pdeath(struct lxc_conf *c, const char *k, const char *v)
{
	int sig;

	if (!*v) {
		c->monitor_pdeath_signal = SIGKILL;
		return 0;
	}
	sig = signal_parse(v);
	if (sig < 0)
		return sig;
	c->monitor_pdeath_signal = sig;
	return 0;
}

char *sys_get_monitor_signal_pdeath(const struct lxc_conf *c, const char *k)
{
	char buf[32];

	return strdup(signal_name(c->monitor_pdeath_signal, buf, sizeof(buf)));
}

/* "-10s", "1h", "500ms", "7": an integer with a time unit (default seconds). */
static int time_offset_valid(const char *v)
{
	static const char *const units[] = { "", "h", "m", "s", "ms", "us", "ns" };
	char *end;

	errno = 0;
	(void)strtoll(v, &end, 10);
	if (errno || end == v || (!isdigit((unsigned char)end[-1])))
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (strcmp(end, units[i]) == 0)
			return 0;
	return -EINVAL;
}

int sys_set_time_offset_boot(struct lxc_conf *c, const char *k, const char *v)
{
	if (*v && time_offset_valid(v) < 0)
		return -EINVAL;
	return set_str(&c->time_offset_boot, v);
}

char *sys_get_time_offset_boot(const struct lxc_conf *c, const char *k)
{
	return get_str(c->time_offset_boot);
}

int sys_set_time_offset_monotonic(struct lxc_conf *c, const char *k, const char *v)
{
	if (*v && time_offset_valid(v) < 0)
		return -EINVAL;
	return set_str(&c->time_offset_monotonic, v);
}

char *sys_get_time_offset_monotonic(const struct lxc_conf *c, const char *k)
{
	return get_str(c->time_offset_monotonic);
}
