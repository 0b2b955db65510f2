/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_devices.h"
#include "confile.h"
#include "log.h"
#include "utils.h"

struct cg_mount {
	char *mountpoint;
	char *root;
	char **opts;	/* super options (v1), NULL for cgroup2 */
	bool unified;
};

static void cg_mounts_free(struct cg_mount *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].mountpoint);
		free(m[i].root);
		strv_free(m[i].opts);
	}
	free(m);
}

/* Unescape the octal escapes (\040) of /proc/self/mountinfo in place. */
static void unescape_mountinfo(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*out++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static int read_cg_mounts(struct cg_mount **out, size_t *nout)
{
	__do_fclose FILE *f = fopen("/proc/self/mountinfo", "re");
	__do_free char *line = NULL;
	struct cg_mount *m = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return SYSCAUSE("failed to open /proc/self/mountinfo: %m");
	while (getline(&line, &cap, f) > 0) {
		char *fields[16], *save = NULL, *tok, *sep;
		int nf = 0;

		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = '\0';
		for (tok = strtok_r(line, " ", &save); tok && nf < 16; tok = strtok_r(NULL, " ", &save))
			fields[nf++] = tok;
		if (nf < 5)
			continue;
		char *rest = sep + 3, *fstype, *source, *superopts, *save2 = NULL;
		fstype = strtok_r(rest, " \n", &save2);
		source = strtok_r(NULL, " \n", &save2);
		superopts = strtok_r(NULL, " \n", &save2);
		(void)source;
		if (!fstype || (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0))
			continue;
		struct cg_mount *nm = realloc(m, (n + 1) * sizeof(*m));
		if (!nm) {
			cg_mounts_free(m, n);
			return -ENOMEM;
		}
		m = nm;
		unescape_mountinfo(fields[4]);
		unescape_mountinfo(fields[3]);
		m[n].mountpoint = strdup(fields[4]);
		m[n].root = strdup(fields[3]);
		m[n].unified = strcmp(fstype, "cgroup2") == 0;
		m[n].opts = m[n].unified ? NULL : strv_split(superopts ? superopts : "", ",");
		n++;
	}
	*out = m;
	*nout = n;
	return 0;
}

static bool strv_contains(char **v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

/* The path of the hierarchy ctrls ("" for cgroup2) in a /proc/PID/cgroup file. */
static char *proc_cgroup_path(const char *text, const char *ctrls)
{
	__do_free char *copy = strdup(text);
	char *save = NULL;

	if (!copy)
		return NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2;

		if (!c1)
			continue;
		c2 = strchr(c1 + 1, ':');
		if (!c2)
			continue;
		*c2 = '\0';
		if (strcmp(c1 + 1, ctrls) == 0)
			return strdup(c2 + 1);
	}
	return NULL;
}

/* Strip the leading '/' and the mount's root; drop systemd's init.scope. */
static char *relative_base(const char *path, const char *root, bool strip_init_scope)
{
	size_t rlen = strlen(root);
	char *s;

	if (strcmp(root, "/") != 0 && strncmp(path, root, rlen) == 0)
		path += rlen;
	while (*path == '/')
		path++;
	s = strdup(path);
	if (!s)
		return NULL;
	if (strip_init_scope) {
		size_t len = strlen(s);

		if (len >= 10 && strcmp(s + len - 10, "init.scope") == 0 &&
		    (len == 10 || s[len - 11] == '/'))
			s[len == 10 ? 0 : len - 11] = '\0';
	}
	return s;
}

static char *hpath(const struct cgroup_hierarchy *h, const char *rel)
{
	return must_sprintf("%s%s%s%s%s", h->mountpoint, *h->base ? "/" : "", h->base,
			    rel && *rel ? "/" : "", rel ? rel : "");
}

int cgroup_normalize_relpath(const char *in, char **out)
{
	__do_free_strv char **parts = strv_split(in, "/");

	if (!parts)
		return -ENOMEM;
	for (char **p = parts; *p; p++)
		if (strcmp(*p, ".") == 0 || strcmp(*p, "..") == 0)
			return -EINVAL;
	if (!parts[0])
		return -EINVAL;
	*out = strv_join(parts, "/");
	return *out ? 0 : -ENOMEM;
}

int cgroup_expand_pattern(const char *pattern, const char *name, char **out)
{
	size_t len = 1, nlen = strlen(name);
	bool has_name = false;
	char *buf, *o;

	for (const char *p = pattern; *p; p++) {
		if (*p != '%') {
			len++;
			continue;
		}
		p++;
		if (*p == 'n') {
			len += nlen;
			has_name = true;
		} else if (*p == '%') {
			len++;
		} else {
			return -EINVAL;
		}
	}
	if (!has_name)
		return -EINVAL;
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	o = buf;
	for (const char *p = pattern; *p; p++) {
		if (*p != '%') {
			*o++ = *p;
		} else if (*++p == 'n') {
			memcpy(o, name, nlen);
			o += nlen;
		} else {
			*o++ = '%';
		}
	}
	*o = '\0';
	*out = buf;
	return 0;
}

/* Where the container's cgroup (and the monitor's) go, relative to base. */
static int compute_paths(struct cgroup_ops *ops, const struct lxc_conf *conf, const char *name,
			 const char *lxcpath)
{
	const char *pattern = global_config_get("lxc.cgroup.pattern");
	__do_free char *leaf = NULL, *dir = NULL;
	int ret;

	if (conf->cgroup_dir_container) {
		if (conf->cgroup_dir)
			return CAUSE(-EINVAL, "lxc.cgroup.dir and lxc.cgroup.dir.container are mutually exclusive");
		ret = cgroup_normalize_relpath(conf->cgroup_dir_container, &ops->relpath);
		if (ret < 0)
			return CAUSE(-EINVAL, "lxc.cgroup.dir.container \"%s\": expected a cgroup path without \".\" or \"..\"",
				     conf->cgroup_dir_container);
	} else {
		__do_free char *expanded = NULL;

		ret = cgroup_expand_pattern(pattern, name, &expanded);
		if (ret == 0)
			ret = cgroup_normalize_relpath(expanded, &leaf);
		if (ret == -EINVAL)
			return CAUSE(-EINVAL, "lxc.cgroup.pattern \"%s\" in %s: expected a cgroup path holding %%n (the container's name), without \".\" or \"..\"",
				     pattern, global_config_path());
		if (ret < 0)
			return ret;
		/* Containers of the default lxcpath keep LXC's names; others
		 * get a hash of their lxcpath so that equal names never
		 * collide. */
		if (strcmp(lxcpath, global_config_get("lxc.lxcpath")) != 0) {
			char *l = must_sprintf("%s-%08x", leaf,
					       (unsigned int)(fnv1a64(lxcpath) & 0xffffffffu));
			free(leaf);
			leaf = l;
		}
		if (conf->cgroup_dir) {
			ret = cgroup_normalize_relpath(conf->cgroup_dir, &dir);
			if (ret < 0)
				return CAUSE(-EINVAL, "lxc.cgroup.dir \"%s\": expected a cgroup path without \".\" or \"..\"",
					     conf->cgroup_dir);
			ops->relpath = must_sprintf("%s/%s", dir, leaf);
		} else {
			ops->relpath = move_ptr(leaf);
		}
	}
	if (conf->cgroup_dir_monitor) {
		size_t lc, lm;

		ret = cgroup_normalize_relpath(conf->cgroup_dir_monitor, &ops->monitor_relpath);
		if (ret < 0)
			return CAUSE(-EINVAL, "lxc.cgroup.dir.monitor \"%s\": expected a cgroup path without \".\" or \"..\"",
				     conf->cgroup_dir_monitor);
		/* The monitor inside the container's cgroup would be frozen
		 * and killed with it; the container inside the monitor's
		 * would break cgroup2's no-internal-process rule. */
		lc = strlen(ops->relpath);
		lm = strlen(ops->monitor_relpath);
		if ((lm >= lc && strncmp(ops->monitor_relpath, ops->relpath, lc) == 0 &&
		     (lm == lc || ops->monitor_relpath[lc] == '/')) ||
		    (lc > lm && strncmp(ops->relpath, ops->monitor_relpath, lm) == 0 &&
		     ops->relpath[lm] == '/'))
			return CAUSE(-EINVAL, "lxc.cgroup.dir.monitor \"%s\" and the container's cgroup \"%s\" must not contain one another",
				     ops->monitor_relpath, ops->relpath);
	}
	return 0;
}

int cgroup_init(struct cgroup_ops *ops, const struct lxc_conf *conf, const char *name,
		const char *lxcpath)
{
	__do_free char *self = NULL, *pid1 = NULL;
	struct cg_mount *mounts = NULL;
	size_t nmounts = 0;
	bool use_self = geteuid() != 0 || conf->cgroup_relative;
	const char *layout = getenv("LXC_TEST_CGROUP_LAYOUT");
	bool unified_only = layout && strcmp(layout, "unified") == 0;
	bool legacy_only = layout && strcmp(layout, "legacy") == 0;
	char *save = NULL;
	int ret;

	memset(ops, 0, sizeof(*ops));
	ops->unified_fd = -EBADF;

	ret = compute_paths(ops, conf, name, lxcpath);
	if (ret < 0)
		return ret;
	ret = read_file("/proc/self/cgroup", &self, NULL);
	if (ret < 0)
		return CAUSE(ret, "failed to read /proc/self/cgroup: %m");
	if (!use_self) {
		ret = read_file("/proc/1/cgroup", &pid1, NULL);
		if (ret < 0)
			return CAUSE(ret, "failed to read /proc/1/cgroup: %m");
	}
	ret = read_cg_mounts(&mounts, &nmounts);
	if (ret < 0)
		return ret;

	__do_free char *copy = strdup(self);
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2, *ctrls;
		struct cg_mount *mnt = NULL;
		struct cgroup_hierarchy *h;
		__do_free char *path = NULL;

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c2 = '\0';
		ctrls = c1 + 1;
		if (*ctrls == '\0') {
			for (size_t i = 0; i < nmounts && !mnt; i++)
				if (mounts[i].unified)
					mnt = &mounts[i];
		} else {
			__do_free_strv char **want = strv_split(ctrls, ",");

			for (size_t i = 0; i < nmounts && !mnt; i++)
				if (!mounts[i].unified && want && want[0] &&
				    strv_contains(mounts[i].opts, want[0]))
					mnt = &mounts[i];
		}
		if (!mnt)
			continue; /* a hierarchy that is not mounted */
		/* Benchmarks and tests: act as on a cgroup2-only host, or on
		 * a legacy host without cgroup2. */
		if ((!mnt->unified && unified_only) || (mnt->unified && legacy_only))
			continue;

		path = use_self ? strdup(c2 + 1) : proc_cgroup_path(pid1, ctrls);
		if (!path)
			continue;
		h = realloc(ops->h, (ops->n + 1) * sizeof(*h));
		if (!h) {
			cg_mounts_free(mounts, nmounts);
			return -ENOMEM;
		}
		ops->h = h;
		h = &ops->h[ops->n++];
		memset(h, 0, sizeof(*h));
		h->fd = -EBADF;
		h->unified = mnt->unified;
		h->mountpoint = strdup(mnt->mountpoint);
		h->controllers = strv_split(ctrls, ",");
		h->base = relative_base(path, mnt->root, !use_self);
		h->path = hpath(h, ops->relpath);
		if (ops->monitor_relpath)
			h->self = relative_base(c2 + 1, mnt->root, false);
		if (h->unified) {
			__do_free char *cpath = hpath(h, "cgroup.controllers");
			__do_free char *text = NULL;

			strv_free(h->controllers);
			h->controllers = NULL;
			if (read_file(cpath, &text, NULL) == 0)
				h->controllers = strv_split(text, " \n");
			else
				h->controllers = calloc(1, sizeof(char *));
		}
		DEBUG("cgroup hierarchy %s (%s) base \"%s\"", h->mountpoint,
		      h->unified ? "cgroup2" : ctrls, h->base);
	}
	cg_mounts_free(mounts, nmounts);
	if (ops->n == 0)
		return CAUSE(-ENOENT, "no cgroup hierarchy is mounted (expected cgroup2 on /sys/fs/cgroup)");
	return 0;
}

static int copy_parent_file(int pfd, int fd, const char *file)
{
	__do_free char *val = NULL;
	int ret;

	ret = read_file_at(fd, file, &val, NULL);
	if (ret == 0 && strcmp(trim(val), "") != 0)
		return 0;
	free(val);
	val = NULL;
	ret = read_file_at(pfd, file, &val, NULL);
	if (ret < 0)
		return ret;
	return write_file_at(fd, file, val, strlen(val));
}

/* SIGKILL every process in the cgroup directory fd (a cgroup of ours). */
static void kill_cgroup_procs(int fd)
{
	__do_free char *procs = NULL;
	char *save = NULL;

	/* cgroup.kill (cgroup2, Linux 5.14) kills the whole subtree, frozen
	 * or not. */
	if (write_file_at(fd, "cgroup.kill", "1", 1) == 0)
		return;
	if (read_file_at(fd, "cgroup.procs", &procs, NULL) == 0) {
		for (char *p = strtok_r(procs, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
			int pid;

			if (parse_int(p, &pid) == 0 && pid > 1)
				kill(pid, SIGKILL);
		}
	}
	/* A task frozen by the v1 freezer dies only once thawed (ENOENT
	 * outside the freezer hierarchy). */
	write_file_at(fd, "freezer.state", "THAWED", 6);
}

/*
 * Kill what is left in a cgroup tree of ours and (with remove) remove it
 * bottom-up.
 */
static int remove_tree(int parentfd, const char *dname, bool kill_procs, bool remove)
{
	__do_close int fd = openat(parentfd, dname, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	__do_closedir DIR *dir = NULL;
	struct dirent *de;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (kill_procs)
		kill_cgroup_procs(fd);
	dir = fdopendir(dup(fd));
	if (dir) {
		while ((de = readdir(dir))) {
			if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			remove_tree(fd, de->d_name, kill_procs, remove);
		}
	}
	if (!remove)
		return 0;
	/* Tasks that were just killed take a moment to leave the cgroup. */
	for (int i = 0; i < 200; i++) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };

		if (unlinkat(parentfd, dname, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -errno;
		nanosleep(&ts, NULL);
	}
	return -EBUSY;
}

static int split_parent(const char *path, char **parent, const char **leaf)
{
	const char *slash = strrchr(path, '/');

	*parent = strndup(path, (size_t)(slash - path));
	*leaf = slash + 1;
	return *parent ? 0 : -ENOMEM;
}

/*
 * Kill and remove the cgroups at relpath in the hierarchies from first on:
 * all of them are killed (and thawed) before any is removed, since a task
 * frozen in the v1 freezer hierarchy cannot die, nor leave the others.
 */
static void remove_cgroups(struct cgroup_ops *ops, size_t first, const char *relpath)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = first; i < ops->n; i++) {
			__do_free char *full = hpath(&ops->h[i], relpath);
			__do_free char *parent = NULL;
			__do_close int pfd = -EBADF;
			const char *leaf;
			int ret;

			split_parent(full, &parent, &leaf);
			pfd = parent ? open(parent, O_DIRECTORY | O_RDONLY | O_CLOEXEC) : -EBADF;
			if (pfd < 0)
				continue;
			ret = remove_tree(pfd, leaf, true, pass == 1);
			if (ret < 0)
				WARN("failed to remove cgroup \"%s\": %s", full, strerror(-ret));
		}
	}
}

/*
 * Make the directories between base and relpath's last component,
 * remembering the first one we made so that we remove only ours.
 */
static int make_parents(struct cgroup_hierarchy *h, const char *relpath, char **created_from)
{
	__do_free_strv char **parts = strv_split(relpath, "/");
	size_t nparts = strv_len(parts);
	char *cur = hpath(h, NULL);

	for (size_t i = 0; i + 1 < nparts; i++) {
		char *next = must_sprintf("%s/%s", cur, parts[i]);

		if (mkdir(next, 0755) == 0) {
			__do_close int nfd = open(next, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
			__do_close int cfd = open(cur, O_DIRECTORY | O_RDONLY | O_CLOEXEC);

			if (!*created_from) {
				char *saved = parts[i + 1];

				parts[i + 1] = NULL;
				*created_from = strv_join(parts, "/");
				parts[i + 1] = saved;
			}
			if (!h->unified && strv_contains(h->controllers, "cpuset") &&
			    nfd >= 0 && cfd >= 0) {
				copy_parent_file(cfd, nfd, "cpuset.cpus");
				copy_parent_file(cfd, nfd, "cpuset.mems");
			}
		} else if (errno != EEXIST) {
			int ret = CAUSE(-errno, "failed to create cgroup \"%s\": %m", next);
			free(cur);
			free(next);
			return ret;
		}
		free(cur);
		cur = next;
	}
	free(cur);
	return 0;
}

/* Remove the directories make_parents() made, deepest first. */
static void remove_parents(struct cgroup_hierarchy *h, const char *relpath, const char *created_from)
{
	__do_free char *dirs = NULL;
	char *slash;

	if (!created_from)
		return;
	dirs = strdup(relpath);
	while (dirs && (slash = strrchr(dirs, '/'))) {
		*slash = '\0';
		__do_free char *p = hpath(h, dirs);
		/* Busy: another container uses it now; it removes it. */
		if (rmdir(p) < 0)
			break;
		if (strcmp(dirs, created_from) == 0)
			break;
	}
}

/* Returns -EEXIST when the cgroup is there already (a dead run's). */
static int create_one(struct cgroup_hierarchy *h, const char *relpath)
{
	__do_free char *parent = NULL;
	__do_close int pfd = -EBADF;
	const char *leaf;
	int ret;

	ret = make_parents(h, relpath, &h->created_from);
	if (ret < 0)
		return ret;
	split_parent(h->path, &parent, &leaf);
	pfd = open(parent, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (pfd < 0)
		return SYSCAUSE("failed to open cgroup \"%s\": %m", parent);
	if (mkdirat(pfd, leaf, 0755) < 0) {
		if (errno == EEXIST)
			return -EEXIST;
		return SYSCAUSE("failed to create cgroup \"%s\": %m", h->path);
	}
	h->fd = openat(pfd, leaf, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (h->fd < 0)
		return SYSCAUSE("failed to open cgroup \"%s\": %m", h->path);
	if (strv_contains(h->controllers, "cpuset") && !h->unified) {
		ret = copy_parent_file(pfd, h->fd, "cpuset.cpus");
		if (ret == 0)
			ret = copy_parent_file(pfd, h->fd, "cpuset.mems");
		if (ret < 0)
			return CAUSE(ret, "failed to initialise cpuset of cgroup \"%s\": %m", h->path);
	}
	return 0;
}

/* lxc.cgroup.dir.monitor: move the calling process (the monitor) there. */
static int monitor_enter(struct cgroup_ops *ops)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", getpid());

	for (size_t i = 0; i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];
		__do_free char *full = hpath(h, ops->monitor_relpath);
		__do_free char *procs = NULL;
		int ret;

		ret = make_parents(h, ops->monitor_relpath, &h->monitor_created_from);
		if (ret < 0)
			return ret;
		/* Monitors of several containers may share it. */
		if (mkdir(full, 0755) == 0)
			h->monitor_created = true;
		else if (errno != EEXIST)
			return SYSCAUSE("failed to create the monitor's cgroup \"%s\": %m", full);
		if (!h->unified && strv_contains(h->controllers, "cpuset")) {
			__do_close int fd = open(full, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
			__do_free char *parent = NULL;
			__do_close int pfd = -EBADF;
			const char *leaf;

			split_parent(full, &parent, &leaf);
			pfd = open(parent, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
			if (fd >= 0 && pfd >= 0) {
				copy_parent_file(pfd, fd, "cpuset.cpus");
				copy_parent_file(pfd, fd, "cpuset.mems");
			}
		}
		procs = must_sprintf("%s/cgroup.procs", full);
		ret = write_file(procs, buf, (size_t)len);
		if (ret < 0)
			return CAUSE(ret, "failed to move the monitor into cgroup \"%s\": %m", full);
		h->monitor_moved = true;
	}
	DEBUG("monitor moved into cgroup \"%s\"", ops->monitor_relpath);
	return 0;
}

/* Move the monitor back where it came from and remove what we made. */
static void monitor_leave(struct cgroup_ops *ops)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", getpid());

	for (size_t i = 0; ops->monitor_relpath && i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];
		__do_free char *full = hpath(h, ops->monitor_relpath);

		if (h->monitor_moved) {
			__do_free char *back = must_sprintf("%s%s%s/cgroup.procs", h->mountpoint,
							    h->self && *h->self ? "/" : "",
							    h->self ? h->self : "");
			int ret = write_file(back, buf, (size_t)len);

			if (ret < 0) {
				WARN("failed to move the monitor back to \"%s\": %s", back, strerror(-ret));
				continue;
			}
			h->monitor_moved = false;
		}
		if (h->monitor_created && rmdir(full) < 0 && errno != ENOENT)
			DEBUG("monitor cgroup \"%s\" not removed: %m", full);
		h->monitor_created = false;
		remove_parents(h, ops->monitor_relpath, h->monitor_created_from);
	}
}

int cgroup_create(struct cgroup_ops *ops)
{
	bool swept = false;
	int ret;

	for (size_t i = 0; i < ops->n; i++) {
		ret = create_one(&ops->h[i], ops->relpath);
		if (ret == -EEXIST && !swept) {
			/* We hold the container's lock, so this is what a
			 * dead monitor of the same container left behind. */
			INFO("removing leftover cgroup \"%s\"", ops->h[i].path);
			remove_cgroups(ops, i, ops->relpath);
			swept = true;
			ret = create_one(&ops->h[i], ops->relpath);
		}
		if (ret == -EEXIST)
			ret = CAUSE(-EBUSY, "failed to remove leftover cgroup \"%s\"", ops->h[i].path);
		if (ret < 0) {
			cgroup_destroy(ops);
			return ret;
		}
		if (ops->h[i].unified)
			ops->unified_fd = ops->h[i].fd;
	}
	if (ops->monitor_relpath) {
		ret = monitor_enter(ops);
		if (ret < 0) {
			cgroup_destroy(ops);
			return ret;
		}
	}
	DEBUG("created cgroup \"%s\" in %zu hierarchies", ops->relpath, ops->n);
	return 0;
}

static struct cgroup_hierarchy *find_controller(struct cgroup_ops *ops, const char *ctrl, bool v2)
{
	for (size_t i = 0; i < ops->n; i++)
		if (ops->h[i].unified == v2 && (v2 || strv_contains(ops->h[i].controllers, ctrl)))
			return &ops->h[i];
	return NULL;
}

/* cgroup2: make controller available in the container's cgroup. */
static int enable_v2_controller(struct cgroup_ops *ops, struct cgroup_hierarchy *h,
				const char *ctrl, const char *key)
{
	__do_free_strv char **parts = strv_split(ops->relpath, "/");
	__do_free char *cur = hpath(h, NULL);
	__do_free char *cmd = must_sprintf("+%s", ctrl);
	size_t nparts = strv_len(parts);

	/* Core files (cgroup.*) need no controller. */
	if (strcmp(ctrl, "cgroup") == 0)
		return 0;
	if (!strv_contains(h->controllers, ctrl))
		return CAUSE(-ENOENT, "\"%s\": the %s controller is not available in the cgroup2 tree \"%s\" (it may be bound to a v1 hierarchy)",
			     key, ctrl, cur);
	/* Enable in base and in every directory down to the container's parent. */
	for (size_t i = 0; i < nparts; i++) {
		__do_free char *sc = must_sprintf("%s/cgroup.subtree_control", cur);
		__do_free char *enabled = NULL;
		__do_free_strv char **list = NULL;
		char *next;

		/* Write only what is missing: never touch a cgroup that
		 * already delegates the controller. */
		if (read_file(sc, &enabled, NULL) == 0)
			list = strv_split(enabled, " \n");
		if (!strv_contains(list, ctrl) && write_file(sc, cmd, strlen(cmd)) < 0) {
			int ret = -errno;

			if (ret == -EBUSY || ret == -EOPNOTSUPP)
				return CAUSE(ret, "\"%s\": cannot enable the %s controller in \"%s\": it holds processes of its own, and cgroup2's no-internal-process rule forbids delegating controllers from such a cgroup; set lxc.cgroup.dir to a cgroup without processes (and not lxc.cgroup.relative)",
					     key, ctrl, cur);
			return CAUSE(ret, "\"%s\": cannot enable the %s controller in \"%s\": %m", key, ctrl, cur);
		}
		next = must_sprintf("%s/%s", cur, parts[i]);
		free(cur);
		cur = next;
	}
	return 0;
}

/*
 * Device rules go to the v1 devices hierarchy when the host has one
 * (lxc.cgroup.devices.*), else into the cgroup2 device program: so one
 * configuration restricts devices on every layout.
 */
static bool is_device_rule_file(const char *file)
{
	return strcmp(file, "devices.allow") == 0 || strcmp(file, "devices.deny") == 0;
}

int cgroup_apply_settings(struct cgroup_ops *ops, const struct lxc_conf *conf)
{
	struct device_policy policy;
	const char *policy_key = NULL;
	int ret = 0;

	device_policy_init(&policy);
	for (size_t i = 0; i < conf->cgroup_nsettings; i++) {
		const struct lxc_cgroup_setting *s = &conf->cgroup_settings[i];
		__do_free char *ctrl = strndup(s->key, strcspn(s->key, "."));
		const char *prefix = s->v2 ? "lxc.cgroup2." : "lxc.cgroup.";
		__do_free char *key = must_sprintf("%s%s", prefix, s->key);
		struct cgroup_hierarchy *h;

		if (strcmp(ctrl, "devices") == 0 && (s->v2 || !find_controller(ops, "devices", false))) {
			struct device_rule rule;

			if (!is_device_rule_file(s->key)) {
				ret = CAUSE(-ENOENT, "\"%s\": the cgroup2 device controller has only devices.allow and devices.deny",
					    key);
				break;
			}
			if (device_rule_parse(s->value, strcmp(s->key, "devices.allow") == 0, &rule) < 0) {
				ret = CAUSE(-EINVAL, "\"%s\": invalid device rule \"%s\": expected TYPE MAJOR:MINOR ACCESS, e.g. \"c 1:3 rwm\", or \"a\"",
					    key, s->value);
				break;
			}
			ret = device_policy_add(&policy, &rule);
			if (ret < 0)
				break;
			policy_key = s->v2 ? "lxc.cgroup2.devices" : "lxc.cgroup.devices";
			continue;
		}
		h = find_controller(ops, ctrl, s->v2);
		if (!h) {
			ret = CAUSE(-ENOENT, "\"%s\": no %s hierarchy with the %s controller is mounted on this host",
				    key, s->v2 ? "cgroup2" : "cgroup v1", ctrl);
			break;
		}
		if (s->v2) {
			ret = enable_v2_controller(ops, h, ctrl, key);
			if (ret < 0)
				break;
		}
		ret = write_file_at(h->fd, s->key, s->value, strlen(s->value));
		if (ret == -ENOENT) {
			ret = CAUSE(ret, "\"%s\": the cgroup file \"%s\" does not exist in %s", key, s->key,
				    h->path);
			break;
		}
		if (ret < 0) {
			ret = CAUSE(ret, "\"%s\": the kernel rejected \"%s\": %m", key, s->value);
			break;
		}
		DEBUG("set %s = %s", key, s->value);
	}
	if (ret == 0 && policy_key) {
		if (ops->unified_fd < 0 && strcmp(policy_key, "lxc.cgroup2.devices") == 0)
			ret = CAUSE(-ENOENT, "\"%s\": no cgroup2 tree is mounted on this host (use lxc.cgroup.devices.* with its v1 devices hierarchy)",
				    policy_key);
		else if (ops->unified_fd < 0)
			ret = CAUSE(-ENOENT, "\"%s\": the host has neither a v1 devices hierarchy nor a cgroup2 tree to enforce device rules",
				    policy_key);
		else
			ret = device_policy_attach(&policy, ops->unified_fd, policy_key);
	}
	device_policy_free(&policy);
	return ret;
}

int cgroup_attach(struct cgroup_ops *ops, pid_t pid, bool skip_unified, bool skip_v1)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", pid);

	for (size_t i = 0; i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];
		int ret;

		if (h->unified ? skip_unified : skip_v1)
			continue;
		ret = write_file_at(h->fd, "cgroup.procs", buf, (size_t)len);
		if (ret < 0)
			return CAUSE(ret, "failed to move pid %d into cgroup \"%s\": %m", pid, h->path);
	}
	return 0;
}

static bool is_realtime(void)
{
	int policy = sched_getscheduler(0);

	return policy == SCHED_FIFO || policy == SCHED_RR;
}

int cgroup_enter_v1(const struct cgroup_ops *ops)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct cgroup_hierarchy *h = &ops->h[i];
		int ret;

		if (h->unified)
			continue;
		ret = write_file_at(h->fd, "tasks", "0", 1);
		/* The cpu controller refuses a real-time task a cgroup with
		 * no real-time runtime (the default for a new one). */
		if (ret == -EINVAL && strv_contains(h->controllers, "cpu") && is_realtime())
			return CAUSE(ret, "failed to join cgroup \"%s\": the container's init would be a real-time task and the cgroup has no real-time runtime: set lxc.cgroup.cpu.rt_runtime_us, or start it with a normal scheduling policy",
				     h->path);
		if (ret < 0)
			return CAUSE(ret, "failed to join cgroup \"%s\": %m", h->path);
	}
	return 0;
}

void cgroup_destroy(struct cgroup_ops *ops)
{
	bool busy = false;

	for (size_t i = 0; i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];

		h->leftover = false;
		if (h->fd < 0)
			continue;
		close_prot_errno(&h->fd);
		/* The common case: the container's processes are gone and it
		 * made no cgroups of its own. */
		if (rmdir(h->path) == 0 || errno == ENOENT)
			continue;
		h->leftover = busy = true;
	}
	if (busy) {
		for (int pass = 0; pass < 2; pass++) {
			for (size_t i = 0; i < ops->n; i++) {
				struct cgroup_hierarchy *h = &ops->h[i];
				__do_free char *parent = NULL;
				__do_close int pfd = -EBADF;
				const char *leaf;
				int ret;

				if (!h->leftover)
					continue;
				split_parent(h->path, &parent, &leaf);
				pfd = parent ? open(parent, O_DIRECTORY | O_RDONLY | O_CLOEXEC) : -EBADF;
				if (pfd < 0)
					continue;
				ret = remove_tree(pfd, leaf, true, pass == 1);
				if (ret < 0)
					WARN("failed to remove cgroup \"%s\": %s", h->path, strerror(-ret));
			}
		}
	}
	for (size_t i = 0; i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];

		if (h->created_from) {
			remove_parents(h, ops->relpath, h->created_from);
			free(h->created_from);
			h->created_from = NULL;
		}
	}
	monitor_leave(ops);
	ops->unified_fd = -EBADF;
}

void cgroup_ops_free(struct cgroup_ops *ops)
{
	for (size_t i = 0; i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];

		close_prot_errno(&h->fd);
		free(h->mountpoint);
		strv_free(h->controllers);
		free(h->base);
		free(h->created_from);
		free(h->path);
		free(h->self);
		free(h->monitor_created_from);
	}
	free(ops->h);
	free(ops->relpath);
	free(ops->monitor_relpath);
	memset(ops, 0, sizeof(*ops));
	ops->unified_fd = -EBADF;
}

char *cgroup_path(const struct cgroup_ops *ops, const char *controller)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct cgroup_hierarchy *h = &ops->h[i];

		if ((!controller && h->unified) ||
		    (controller && !h->unified && strv_contains(h->controllers, controller)))
			return strdup(h->path);
	}
	return NULL;
}

int cgroup_describe(const struct cgroup_ops *ops, char *buf, size_t size, int *fds, size_t maxfds)
{
	size_t len = 0, n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ops->n; i++) {
		const struct cgroup_hierarchy *h = &ops->h[i];
		__do_free char *ctrls = NULL;
		int w;

		if (h->fd < 0)
			continue;
		if (n >= maxfds)
			return -ENOSPC;
		ctrls = h->unified ? strdup("-") : strv_join(h->controllers, ",");
		if (!ctrls)
			return -ENOMEM;
		w = snprintf(buf + len, size - len, "%c %s %s\n", h->unified ? '2' : '1',
			     *ctrls ? ctrls : "-", h->path);
		if (w < 0 || (size_t)w >= size - len)
			return -ENOSPC;
		len += (size_t)w;
		fds[n++] = h->fd;
	}
	return (int)n;
}

int cgroup_import(struct cgroup_ops *ops, const char *desc, int *fds, size_t nfds)
{
	__do_free char *copy = strdup(desc);
	char *save = NULL;
	size_t used = 0;

	memset(ops, 0, sizeof(*ops));
	ops->unified_fd = -EBADF;
	ops->h = calloc(nfds ? nfds : 1, sizeof(*ops->h));
	if (!copy || !ops->h)
		goto fail;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct cgroup_hierarchy *h;
		char *sp1 = strchr(line, ' '), *sp2;

		if (used >= nfds || !sp1 || !(sp2 = strchr(sp1 + 1, ' ')))
			goto fail;
		*sp1 = *sp2 = '\0';
		h = &ops->h[ops->n++];
		h->unified = strcmp(line, "2") == 0;
		h->controllers = strcmp(sp1 + 1, "-") == 0 ? calloc(1, sizeof(char *))
							   : strv_split(sp1 + 1, ",");
		h->path = strdup(sp2 + 1);
		h->mountpoint = strdup(sp2 + 1);
		h->base = strdup("");
		h->fd = fds[used];
		fds[used++] = -EBADF;
		if (!h->controllers || !h->path || !h->mountpoint || !h->base)
			goto fail;
		if (h->unified)
			ops->unified_fd = h->fd;
	}
	if (used != nfds)
		goto fail;
	return 0;
fail:
	for (size_t i = 0; i < nfds; i++)
		close_prot_errno(&fds[i]);
	cgroup_ops_free(ops);
	return -EPROTO;
}

static const struct cgroup_hierarchy *unified_of(const struct cgroup_ops *ops);

/* The v1 hierarchy that has controller, else the cgroup2 tree. */
static const struct cgroup_hierarchy *hierarchy_for(const struct cgroup_ops *ops, const char *ctrl)
{
	const struct cgroup_hierarchy *unified = NULL;

	for (size_t i = 0; i < ops->n; i++) {
		const struct cgroup_hierarchy *h = &ops->h[i];

		if (h->fd < 0)
			continue;
		if (h->unified)
			unified = h;
		else if (strv_contains(h->controllers, ctrl))
			return h;
	}
	if (unified)
		return unified;
	/* v1 only: every hierarchy has the core files. */
	if (strcmp(ctrl, "cgroup") == 0 && ops->n > 0 && ops->h[0].fd >= 0)
		return &ops->h[0];
	return NULL;
}

static bool host_has_controller(const struct cgroup_ops *ops, const char *ctrl)
{
	for (size_t i = 0; i < ops->n; i++)
		if (strv_contains(ops->h[i].controllers, ctrl))
			return true;
	return strcmp(ctrl, "cgroup") == 0;
}

/* "memory.max": controller "memory"; no '/', no leading '.'. */
static int key_controller(const char *key, char **ctrl)
{
	size_t len = strcspn(key, ".");

	if (!*key || key[len] != '.' || len == 0 || !key[len + 1] || strchr(key, '/'))
		return CAUSE(-EINVAL, "invalid cgroup file \"%s\": expected CONTROLLER.FILE, e.g. memory.max", key);
	*ctrl = strndup(key, len);
	return *ctrl ? 0 : -ENOMEM;
}

static int lookup_file(const struct cgroup_ops *ops, const char *key,
		       const struct cgroup_hierarchy **out)
{
	__do_free char *ctrl = NULL;
	const struct cgroup_hierarchy *h;
	int ret = key_controller(key, &ctrl);

	if (ret < 0)
		return ret;
	h = hierarchy_for(ops, ctrl);
	if (!h)
		return CAUSE(-ENOENT, "\"%s\": none of the container's cgroup hierarchies has the %s controller", key, ctrl);
	/* Core files of cgroup2 named after a v1 controller (memory.pressure
	 * on a hybrid host) are in the cgroup2 tree. */
	if (!h->unified && faccessat(h->fd, key, F_OK, 0) < 0 && errno == ENOENT) {
		const struct cgroup_hierarchy *v2 = unified_of(ops);

		if (v2 && faccessat(v2->fd, key, F_OK, 0) == 0)
			h = v2;
	}
	if (faccessat(h->fd, key, F_OK, 0) < 0) {
		if (errno == ENOENT && !host_has_controller(ops, ctrl))
			return CAUSE(-ENOENT, "\"%s\": none of the container's cgroup hierarchies has the %s controller", key, ctrl);
		if (errno == ENOENT)
			return CAUSE(-ENOENT, "\"%s\": no such file in the container's cgroup \"%s\"%s", key,
				     h->path, h->unified ? " (is the controller enabled for it?)" : "");
		return SYSCAUSE("\"%s\": %m", key);
	}
	*out = h;
	return 0;
}

int cgroup_get(const struct cgroup_ops *ops, const char *key, char **value)
{
	const struct cgroup_hierarchy *h;
	char *v = NULL;
	size_t len;
	int ret = lookup_file(ops, key, &h);

	if (ret < 0)
		return ret;
	ret = read_file_at(h->fd, key, &v, &len);
	if (ret < 0)
		return CAUSE(ret, "failed to read \"%s\" in \"%s\": %m", key, h->path);
	while (len > 0 && v[len - 1] == '\n')
		v[--len] = '\0';
	*value = v;
	return 0;
}

int cgroup_set(const struct cgroup_ops *ops, const char *key, const char *value)
{
	const struct cgroup_hierarchy *h;
	int ret = lookup_file(ops, key, &h);

	if (ret < 0)
		return ret;
	ret = write_file_at(h->fd, key, value, strlen(value));
	if (ret < 0)
		return CAUSE(ret, "\"%s\": the kernel rejected \"%s\": %m", key, value);
	return 0;
}

/* The freezer hierarchy: v1's freezer when mounted, else cgroup2. */
static const struct cgroup_hierarchy *freezer_of(const struct cgroup_ops *ops, bool *v1)
{
	const struct cgroup_hierarchy *unified = NULL;

	for (size_t i = 0; i < ops->n; i++) {
		const struct cgroup_hierarchy *h = &ops->h[i];

		if (h->fd < 0)
			continue;
		if (!h->unified && strv_contains(h->controllers, "freezer")) {
			*v1 = true;
			return h;
		}
		if (h->unified)
			unified = h;
	}
	*v1 = false;
	return unified;
}

static int no_freezer(void)
{
	return CAUSE(-EOPNOTSUPP, "this host has no cgroup freezer: no v1 freezer hierarchy is mounted and the cgroup2 tree has no cgroup.freeze (Linux 5.2)");
}

/* The freezer's data differs between v1 and cgroup2, not the steps. */
static int set_frozen(const struct cgroup_ops *ops, bool frozen)
{
	bool v1;
	const struct cgroup_hierarchy *h = freezer_of(ops, &v1);
	int ret;

	if (!h)
		return no_freezer();
	if (v1)
		ret = write_file_at(h->fd, "freezer.state", frozen ? "FROZEN" : "THAWED", 6);
	else
		ret = write_file_at(h->fd, "cgroup.freeze", frozen ? "1" : "0", 1);
	if (ret == -ENOENT)
		return no_freezer();
	if (ret < 0)
		return CAUSE(ret, "failed to %s cgroup \"%s\": %m", frozen ? "freeze" : "thaw", h->path);
	return 0;
}

int cgroup_freeze(const struct cgroup_ops *ops)
{
	return set_frozen(ops, true);
}

int cgroup_thaw(const struct cgroup_ops *ops)
{
	return set_frozen(ops, false);
}

/* A line "KEY VALUE" of a flat keyed cgroup file. */
static int keyed_value(const char *text, const char *key, uint64_t *out)
{
	size_t klen = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ') {
			char *end;
			unsigned long long v;

			errno = 0;
			v = strtoull(p + klen + 1, &end, 10);
			if (errno || end == p + klen + 1)
				return -EINVAL;
			*out = v;
			return 0;
		}
	}
	return -ENOENT;
}

int cgroup_frozen(const struct cgroup_ops *ops)
{
	__do_free char *text = NULL;
	bool v1;
	const struct cgroup_hierarchy *h = freezer_of(ops, &v1);
	uint64_t frozen;
	int ret;

	if (!h)
		return no_freezer();
	ret = read_file_at(h->fd, v1 ? "freezer.state" : "cgroup.events", &text, NULL);
	if (ret < 0)
		return CAUSE(ret, "failed to read the freezer state of \"%s\": %m", h->path);
	if (v1)
		return strcmp(trim(text), "FROZEN") == 0;
	if (keyed_value(text, "frozen", &frozen) < 0)
		return no_freezer();
	return frozen == 1;
}

int cgroup_freeze_watch_fd(const struct cgroup_ops *ops)
{
	bool v1;
	const struct cgroup_hierarchy *h = freezer_of(ops, &v1);
	int fd;

	if (!h || v1)
		return -EOPNOTSUPP;
	fd = openat(h->fd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

static const struct cgroup_hierarchy *v1_with(const struct cgroup_ops *ops, const char *ctrl)
{
	for (size_t i = 0; i < ops->n; i++)
		if (!ops->h[i].unified && ops->h[i].fd >= 0 &&
		    strv_contains(ops->h[i].controllers, ctrl))
			return &ops->h[i];
	return NULL;
}

static const struct cgroup_hierarchy *unified_of(const struct cgroup_ops *ops)
{
	for (size_t i = 0; i < ops->n; i++)
		if (ops->h[i].unified && ops->h[i].fd >= 0)
			return &ops->h[i];
	return NULL;
}

static int read_u64_at(int fd, const char *file, uint64_t *out)
{
	__do_free char *text = NULL;
	unsigned long long v;
	char *end;
	int ret = read_file_at(fd, file, &text, NULL);

	if (ret < 0)
		return ret;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The "Total N" line of a v1 blkio file. */
static int blkio_total(int fd, const char *file, uint64_t *out)
{
	__do_free char *text = NULL;
	int ret = read_file_at(fd, file, &text, NULL);

	if (ret < 0)
		return ret;
	return keyed_value(text, "Total", out);
}

/* Sum of rbytes= and wbytes= over the devices of cgroup2's io.stat. */
static int io_stat_bytes(int fd, uint64_t *out)
{
	__do_free char *text = NULL;
	uint64_t sum = 0;
	char *save = NULL;
	int ret = read_file_at(fd, "io.stat", &text, NULL);

	if (ret < 0)
		return ret;
	for (char *tok = strtok_r(text, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		if (strncmp(tok, "rbytes=", 7) == 0)
			sum += strtoull(tok + 7, NULL, 10);
		else if (strncmp(tok, "wbytes=", 7) == 0)
			sum += strtoull(tok + 7, NULL, 10);
	}
	*out = sum;
	return 0;
}

int cgroup_read_stats(const struct cgroup_ops *ops, struct lxc_container_stats *st)
{
	const struct cgroup_hierarchy *v2 = unified_of(ops), *h;
	uint64_t v;

	st->has_cpu = st->has_memory = st->has_blkio = false;
	h = v1_with(ops, "cpuacct");
	if (h && read_u64_at(h->fd, "cpuacct.usage", &v) == 0) {
		st->cpu_ns = v;
		st->has_cpu = true;
	} else if (!h && v2) {
		__do_free char *text = NULL;

		/* cpu.stat's usage_usec is core: no cpu controller needed. */
		if (read_file_at(v2->fd, "cpu.stat", &text, NULL) == 0 &&
		    keyed_value(text, "usage_usec", &v) == 0) {
			st->cpu_ns = v * 1000;
			st->has_cpu = true;
		}
	}
	h = v1_with(ops, "memory");
	if (h && read_u64_at(h->fd, "memory.usage_in_bytes", &v) == 0) {
		st->memory_bytes = v;
		st->has_memory = true;
	} else if (!h && v2 && read_u64_at(v2->fd, "memory.current", &v) == 0) {
		st->memory_bytes = v;
		st->has_memory = true;
	}
	h = v1_with(ops, "blkio");
	if (h && (blkio_total(h->fd, "blkio.throttle.io_service_bytes", &v) == 0 ||
		  blkio_total(h->fd, "blkio.io_service_bytes", &v) == 0)) {
		st->blkio_bytes = v;
		st->has_blkio = true;
	} else if (!h && v2 && io_stat_bytes(v2->fd, &v) == 0) {
		st->blkio_bytes = v;
		st->has_blkio = true;
	}
	return 0;
}
