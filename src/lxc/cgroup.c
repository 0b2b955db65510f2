/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "confile.h"
#include "log.h"
#include "utils.h"

#define PAYLOAD_PREFIX "lxc.payload."

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

int cgroup_init(struct cgroup_ops *ops, const struct lxc_conf *conf, const char *name,
		const char *lxcpath)
{
	__do_free char *self = NULL, *pid1 = NULL;
	struct cg_mount *mounts = NULL;
	size_t nmounts = 0;
	bool use_self = geteuid() != 0 || conf->cgroup_relative;
	const char *layout = getenv("LXC_TEST_CGROUP_LAYOUT");
	bool unified_only = layout && strcmp(layout, "unified") == 0;
	char *save = NULL;
	int ret;

	memset(ops, 0, sizeof(*ops));
	ops->unified_fd = -EBADF;

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

	/* Containers of the default lxcpath keep LXC's names; others get a
	 * hash of their lxcpath so that equal names never collide. */
	if (strcmp(lxcpath, global_config_get("lxc.lxcpath")) == 0)
		ops->leaf = must_sprintf(PAYLOAD_PREFIX "%s", name);
	else
		ops->leaf = must_sprintf(PAYLOAD_PREFIX "%s-%08x", name,
					 (unsigned int)(fnv1a64(lxcpath) & 0xffffffffu));
	ops->relpath = conf->cgroup_dir && *conf->cgroup_dir
			       ? must_sprintf("%s/%s", conf->cgroup_dir + strspn(conf->cgroup_dir, "/"), ops->leaf)
			       : strdup(ops->leaf);

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
		/* Benchmarks and tests: act as on a cgroup2-only host. */
		if (!mnt->unified && unified_only)
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

	/* cgroup.kill (cgroup2, Linux 5.14) kills the whole subtree. */
	if (write_file_at(fd, "cgroup.kill", "1", 1) == 0)
		return;
	if (read_file_at(fd, "cgroup.procs", &procs, NULL) < 0)
		return;
	for (char *p = strtok_r(procs, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		int pid;

		if (parse_int(p, &pid) == 0 && pid > 1)
			kill(pid, SIGKILL);
	}
}

/* Kill what is left in a cgroup tree of ours, then remove it bottom-up. */
static int remove_tree(int parentfd, const char *dname, bool kill_procs)
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
			remove_tree(fd, de->d_name, kill_procs);
		}
	}
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

static int create_one(struct cgroup_hierarchy *h, const char *relpath)
{
	__do_free char *full = hpath(h, relpath);
	__do_free char *parent = NULL;
	__do_free_strv char **parts = strv_split(relpath, "/");
	__do_close int pfd = -EBADF;
	const char *leaf;
	char *cur;
	size_t nparts = strv_len(parts);

	/* Make the directories between base and the container's cgroup,
	 * remembering the first one we made so that we remove only ours. */
	cur = hpath(h, NULL);
	for (size_t i = 0; i + 1 < nparts; i++) {
		char *next = must_sprintf("%s/%s", cur, parts[i]);

		if (mkdir(next, 0755) == 0) {
			__do_close int nfd = open(next, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
			__do_close int cfd = open(cur, O_DIRECTORY | O_RDONLY | O_CLOEXEC);

			if (!h->created_from) {
				char *saved = parts[i + 1];

				parts[i + 1] = NULL;
				h->created_from = strv_join(parts, "/");
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

	split_parent(full, &parent, &leaf);
	pfd = open(parent, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (pfd < 0)
		return SYSCAUSE("failed to open cgroup \"%s\": %m", parent);
	if (mkdirat(pfd, leaf, 0755) < 0) {
		int ret;

		if (errno != EEXIST)
			return SYSCAUSE("failed to create cgroup \"%s\": %m", full);
		/* We hold the container's lock, so this is what a dead
		 * monitor of the same container left behind. */
		INFO("removing leftover cgroup \"%s\"", full);
		ret = remove_tree(pfd, leaf, true);
		if (ret < 0)
			return CAUSE(ret, "failed to remove leftover cgroup \"%s\": %m", full);
		if (mkdirat(pfd, leaf, 0755) < 0)
			return SYSCAUSE("failed to create cgroup \"%s\": %m", full);
	}
	h->fd = openat(pfd, leaf, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (h->fd < 0)
		return SYSCAUSE("failed to open cgroup \"%s\": %m", full);
	if (strv_contains(h->controllers, "cpuset") && !h->unified) {
		int ret = copy_parent_file(pfd, h->fd, "cpuset.cpus");
		if (ret == 0)
			ret = copy_parent_file(pfd, h->fd, "cpuset.mems");
		if (ret < 0)
			return CAUSE(ret, "failed to initialise cpuset of cgroup \"%s\": %m", full);
	}
	return 0;
}

int cgroup_create(struct cgroup_ops *ops)
{
	for (size_t i = 0; i < ops->n; i++) {
		int ret = create_one(&ops->h[i], ops->relpath);

		if (ret < 0) {
			cgroup_destroy(ops);
			return ret;
		}
		if (ops->h[i].unified)
			ops->unified_fd = ops->h[i].fd;
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
	__do_free char *avail = NULL, *procs = NULL, *ctl = NULL;
	__do_free_strv char **parts = strv_split(ops->relpath, "/");
	__do_free char *cur = hpath(h, NULL);
	char *cmd = must_sprintf("+%s", ctrl);
	int ret = 0;

	/* Controllers with no interface files of their own need nothing. */
	if (strcmp(ctrl, "cgroup") == 0 || strcmp(ctrl, "devices") == 0 ||
	    strcmp(ctrl, "freezer") == 0) {
		free(cmd);
		return 0;
	}
	if (!strv_contains(h->controllers, ctrl)) {
		free(cmd);
		return CAUSE(-ENOENT, "\"%s\": the %s controller is not available in the cgroup2 tree \"%s\" (it may be bound to a v1 hierarchy)",
			     key, ctrl, cur);
	}
	/* Enable in base and in every directory down to the container's parent. */
	for (size_t i = 0; parts && (i == 0 || parts[i - 1]) && i < strv_len(parts); i++) {
		__do_free char *sc = must_sprintf("%s/cgroup.subtree_control", cur);
		__do_free char *enabled = NULL;
		__do_free_strv char **list = NULL;

		/* Write only what is missing: never touch a cgroup that
		 * already delegates the controller. */
		if (read_file(sc, &enabled, NULL) == 0)
			list = strv_split(enabled, " \n");
		if (strv_contains(list, ctrl)) {
			char *next = must_sprintf("%s/%s", cur, parts[i]);
			free(cur);
			cur = next;
			continue;
		}
		if (write_file(sc, cmd, strlen(cmd)) < 0) {
			ret = -errno;
			if (ret == -EBUSY || ret == -EOPNOTSUPP) {
				CAUSE(ret, "\"%s\": cannot enable the %s controller in \"%s\": it holds processes of its own, and cgroup2's no-internal-process rule forbids delegating controllers from such a cgroup; set lxc.cgroup.dir to a cgroup without processes (and not lxc.cgroup.relative)",
				      key, ctrl, cur);
			} else {
				CAUSE(ret, "\"%s\": cannot enable the %s controller in \"%s\": %m", key, ctrl, cur);
			}
			break;
		}
		char *next = must_sprintf("%s/%s", cur, parts[i]);
		free(cur);
		cur = next;
	}
	free(cmd);
	return ret;
}

int cgroup_apply_settings(struct cgroup_ops *ops, const struct lxc_conf *conf)
{
	for (size_t i = 0; i < conf->cgroup_nsettings; i++) {
		const struct lxc_cgroup_setting *s = &conf->cgroup_settings[i];
		__do_free char *ctrl = strndup(s->key, strcspn(s->key, "."));
		const char *prefix = s->v2 ? "lxc.cgroup2." : "lxc.cgroup.";
		__do_free char *key = must_sprintf("%s%s", prefix, s->key);
		struct cgroup_hierarchy *h = find_controller(ops, ctrl, s->v2);
		int ret;

		if (!h)
			return CAUSE(-ENOENT, "\"%s\": no %s hierarchy with the %s controller is mounted on this host",
				     key, s->v2 ? "cgroup2" : "cgroup v1", ctrl);
		if (s->v2) {
			ret = enable_v2_controller(ops, h, ctrl, key);
			if (ret < 0)
				return ret;
		}
		ret = write_file_at(h->fd, s->key, s->value, strlen(s->value));
		if (ret == -ENOENT)
			return CAUSE(ret, "\"%s\": the cgroup file \"%s\" does not exist in %s", key,
				     s->key, h->mountpoint);
		if (ret < 0)
			return CAUSE(ret, "\"%s\": the kernel rejected \"%s\": %m", key, s->value);
		DEBUG("set %s = %s", key, s->value);
	}
	return 0;
}

int cgroup_attach(struct cgroup_ops *ops, pid_t pid, bool skip_unified)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", pid);

	for (size_t i = 0; i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];
		int ret;

		if (h->unified && skip_unified)
			continue;
		ret = write_file_at(h->fd, "cgroup.procs", buf, (size_t)len);
		if (ret < 0)
			return CAUSE(ret, "failed to move pid %d into cgroup \"%s/%s/%s\": %m", pid,
				     h->mountpoint, h->base, ops->relpath);
	}
	return 0;
}

void cgroup_destroy(struct cgroup_ops *ops)
{
	for (size_t i = 0; i < ops->n; i++) {
		struct cgroup_hierarchy *h = &ops->h[i];
		__do_free char *full = hpath(h, ops->relpath);
		__do_free char *parent = NULL;
		__do_close int pfd = -EBADF;
		const char *leaf;
		int ret;

		if (h->fd < 0)
			continue;
		close_prot_errno(&h->fd);
		/* The common case: the container's processes are gone and it
		 * made no cgroups of its own. */
		if (rmdir(full) == 0 || errno == ENOENT)
			goto created;
		split_parent(full, &parent, &leaf);
		pfd = open(parent, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
		if (pfd < 0)
			continue;
		ret = remove_tree(pfd, leaf, true);
		if (ret < 0)
			WARN("failed to remove cgroup \"%s\": %s", full, strerror(-ret));
created:
		if (h->created_from) {
			/* Remove the directories we made, deepest first. */
			__do_free char *dirs = strdup(ops->relpath);
			char *slash;

			while (dirs && (slash = strrchr(dirs, '/'))) {
				*slash = '\0';
				__do_free char *p = hpath(h, dirs);
				if (rmdir(p) < 0)
					break;
				if (strcmp(dirs, h->created_from) == 0)
					break;
			}
		}
	}
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
	}
	free(ops->h);
	free(ops->leaf);
	free(ops->relpath);
	memset(ops, 0, sizeof(*ops));
	ops->unified_fd = -EBADF;
}

char *cgroup_path(const struct cgroup_ops *ops, const char *controller)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct cgroup_hierarchy *h = &ops->h[i];

		if ((!controller && h->unified) ||
		    (controller && !h->unified && strv_contains(h->controllers, controller)))
			return hpath(h, ops->relpath);
	}
	return NULL;
}
