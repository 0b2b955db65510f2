/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dev.h"
#include "hooks.h"
#include "log.h"
#include "mount.h"
#include "mountfd.h"
#include "protect.h"
#include "rootfs.h"
#include "terminal.h"
#include "syscalls.h"
#include "userns.h"
#include "utils.h"

#define CAP_SYS_ADMIN_BIT 21
#define PROC_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

bool rootfs_is_overlay(const char *path)
{
	return path && (strncmp(path, "overlay:", 8) == 0 || strncmp(path, "overlayfs:", 10) == 0);
}

/* The layers of "overlay:L1[:L2...]:UPPER" (the last one is UPPER). */
static char **overlay_layers(const char *path)
{
	return strv_split(strchr(path, ':') + 1, ":");
}

char *rootfs_mount_point(const struct lxc_conf *conf)
{
	__do_free_strv char **layers = NULL;

	if (conf->rootfs_mount)
		return strdup(conf->rootfs_mount);
	if (!rootfs_is_overlay(conf->rootfs_path))
		return strdup(conf->rootfs_path);
	layers = overlay_layers(conf->rootfs_path);
	if (!layers)
		return NULL;
	return strdup(layers[strv_len(layers) - 1]);
}

static int check_dir(const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return SYSCAUSE(errno == ENOENT ? "%s \"%s\" does not exist" : "%s \"%s\": %m", what, path);
	if (!S_ISDIR(st.st_mode))
		return CAUSE(-ENOTDIR, "%s \"%s\" is not a directory", what, path);
	return 0;
}

int rootfs_precheck(const struct lxc_conf *conf)
{
	int ret;

	if (rootfs_is_overlay(conf->rootfs_path)) {
		__do_free_strv char **layers = overlay_layers(conf->rootfs_path);
		size_t n = strv_len(layers);

		if (!layers)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++) {
			ret = check_dir(i + 1 < n ? "overlay lower layer" : "overlay upper layer", layers[i]);
			if (ret < 0)
				return ret;
		}
	} else {
		ret = check_dir("rootfs", conf->rootfs_path);
		if (ret < 0)
			return ret;
	}
	if (conf->rootfs_mount)
		return check_dir("lxc.rootfs.mount", conf->rootfs_mount);
	return 0;
}

/* --- mounting the rootfs ---------------------------------------------------------- */

static int mount_overlay(const struct lxc_conf *conf, const char *target, const char *extra)
{
	__do_free_strv char **layers = overlay_layers(conf->rootfs_path);
	__do_free char *lower = NULL, *work = NULL, *data = NULL, *parent = NULL;
	size_t n = strv_len(layers);
	const char *upper;
	char *slash;

	if (!layers)
		return -ENOMEM;
	upper = layers[n - 1];
	layers[n - 1] = NULL;
	/* The lower layers are listed top first, as overlayfs wants them. */
	lower = strv_join(layers, ":");
	layers[n - 1] = (char *)upper;
	/* The work directory sits next to the upper one, as LXC puts it. */
	parent = strdup(upper);
	if (!lower || !parent)
		return -ENOMEM;
	slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	work = must_sprintf("%s%solwork", parent, strcmp(parent, "/") ? "/" : "");
	if (mkdir(work, 0755) < 0 && errno != EEXIST)
		return SYSCAUSE("overlay rootfs: failed to make the work directory \"%s\": %m", work);
	data = must_sprintf("lowerdir=%s,upperdir=%s,workdir=%s%s%s", lower, upper, work,
			    extra && *extra ? "," : "", extra ? extra : "");
	if (mount("overlay", target, "overlay", 0, data) < 0)
		return SYSCAUSE("failed to mount the overlay rootfs \"%s\" on \"%s\": %m",
				conf->rootfs_path, target);
	return 0;
}

static int pivot(int newroot, const char *rootfs)
{
	__do_close int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);

	if (oldroot < 0)
		return SYSCAUSE("failed to open \"/\": %m");
	if (fchdir(newroot) < 0)
		return SYSCAUSE("failed to enter rootfs \"%s\": %m", rootfs);
	/* pivot_root(".", "."): the old root ends up on top of the new one. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return SYSCAUSE("failed to pivot_root into \"%s\": %m", rootfs);
	if (fchdir(oldroot) < 0)
		return SYSCAUSE("failed to enter the old root: %m");
	if (mount(NULL, ".", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return SYSCAUSE("failed to make the old root a slave mount: %m");
	if (umount2(".", MNT_DETACH) < 0)
		return SYSCAUSE("failed to detach the old root: %m");
	if (fchdir(newroot) < 0 || chdir("/") < 0)
		return SYSCAUSE("failed to enter rootfs \"%s\": %m", rootfs);
	return 0;
}

/* --- small mount helpers beneath the root ---------------------------------------- */

/* Mount a file system on rel below root (made when missing). */
static int mount_beneath(int root, const char *rel, const char *src, const char *fstype,
			 unsigned long flags, const char *data)
{
	__do_close int fd = create_beneath(root, rel, MOUNT_CREATE_DIR, 0755);
	char path[64];

	if (fd < 0)
		return CAUSE(fd, "cannot make \"/%s\" in the container: %m", rel);
	if (mount(src, fd_path(fd, path, sizeof(path)), fstype, flags, data) < 0)
		return SYSCAUSE("failed to mount %s on \"/%s\": %m", fstype ? fstype : src, rel);
	return 0;
}

/* Bind rel (or host_src) onto rel below root, then set its flags. */
static int bind_beneath(int root, const char *rel, const char *host_src, unsigned long flags)
{
	__do_close int target = -EBADF, src = -EBADF;
	char tpath[64], spath[64];
	int ret;

	target = host_src ? create_beneath(root, rel, MOUNT_CREATE_DIR, 0755) : open_beneath(root, rel, false);
	if (target < 0)
		return CAUSE(target, "cannot open \"/%s\" in the container: %m", rel);
	if (host_src) {
		src = open(host_src, O_PATH | O_CLOEXEC);
		if (src < 0)
			return SYSCAUSE("cannot open \"%s\": %m", host_src);
	}
	/* Through fds where the kernel can: the flags land on this mount. */
	ret = mountfd_bind(host_src ? src : target, target, false, flags, NULL);
	if (ret != -ENOSYS)
		return ret < 0 ? CAUSE(ret, "failed to bind-mount \"%s\" on \"/%s\": %m",
				       host_src ? host_src : rel, rel) : 0;
	if (mount(fd_path(host_src ? src : target, spath, sizeof(spath)),
		  fd_path(target, tpath, sizeof(tpath)), NULL, MS_BIND, NULL) < 0)
		return SYSCAUSE("failed to bind-mount \"%s\" on \"/%s\": %m", host_src ? host_src : rel, rel);
	close_prot_errno(&target);
	/* The new mount, not what it covers. */
	target = open_beneath(root, rel, false);
	if (target < 0 || mount(NULL, fd_path(target, tpath, sizeof(tpath)), NULL,
				MS_REMOUNT | MS_BIND | flags, NULL) < 0)
		return SYSCAUSE("failed to remount \"/%s\": %m", rel);
	return 0;
}

static int remount_beneath(int root, const char *rel, unsigned long flags)
{
	__do_close int fd = open_beneath(root, rel, false);
	char path[64];

	if (fd < 0 || mount(NULL, fd_path(fd, path, sizeof(path)), NULL, MS_REMOUNT | MS_BIND | flags,
			    NULL) < 0)
		return SYSCAUSE("failed to remount \"/%s\": %m", rel);
	return 0;
}

/* --- lxc.mount.auto: proc and sys --------------------------------------------------- */

static int automount_proc(int root, const struct lxc_conf *conf, int clone_flags)
{
	unsigned int mode = conf->mount_auto & LXC_AUTO_PROC_MASK;

	if (!mode) {
		/* Without proc in lxc.mount.auto: a fresh /proc where the
		 * rootfs has the directory, as with no rootfs. */
		__do_close int fd = -EBADF;
		char path[64];
		struct stat st;

		if (!(clone_flags & CLONE_NEWPID))
			return 0;
		fd = open_beneath(root, "proc", false);
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
			return 0;
		if (mount("proc", fd_path(fd, path, sizeof(path)), "proc", PROC_FLAGS, NULL) < 0)
			return SYSCAUSE("failed to mount \"proc\" on \"/proc\": %m");
		return 0;
	}
	/* mixed: what reaches the host's kernel read-only or masked (protect.c). */
	if (mode == LXC_AUTO_PROC_MIXED)
		return protect_proc_mixed(root);
	return mount_beneath(root, "proc", "proc", "proc", PROC_FLAGS, NULL);
}

static int automount_sys(int root, const struct lxc_conf *conf)
{
	unsigned int mode = conf->mount_auto & LXC_AUTO_SYS_MASK;

	if (!mode)
		return 0;
	/* mixed: read-only but for the container's network devices (protect.c). */
	if (mode == LXC_AUTO_SYS_MIXED)
		return protect_sys_mixed(root);
	return mount_beneath(root, "sys", "sysfs", "sysfs",
			     PROC_FLAGS | (mode == LXC_AUTO_SYS_RO ? MS_RDONLY : 0), NULL);
}

/* --- lxc.mount.auto: cgroups ---------------------------------------------------------- */

enum cg_mode { CG_NONE, CG_RO, CG_RW, CG_MIXED };

static bool keeps_sys_admin(const struct lxc_conf *conf)
{
	if (conf->cap_keep_set)
		return conf->cap_keep & (1ULL << CAP_SYS_ADMIN_BIT);
	return !(conf->cap_drop & (1ULL << CAP_SYS_ADMIN_BIT));
}

static enum cg_mode cgroup_mode(const struct lxc_conf *conf, bool *full)
{
	unsigned int f = conf->mount_auto & LXC_AUTO_CGROUP_MASK;

	*full = f & (LXC_AUTO_CGROUP_FULL_RO | LXC_AUTO_CGROUP_FULL_RW | LXC_AUTO_CGROUP_FULL_MIXED |
		     LXC_AUTO_CGROUP_FULL_NOSPEC);
	if (f & (LXC_AUTO_CGROUP_RO | LXC_AUTO_CGROUP_FULL_RO))
		return CG_RO;
	if (f & (LXC_AUTO_CGROUP_RW | LXC_AUTO_CGROUP_FULL_RW))
		return CG_RW;
	if (f & (LXC_AUTO_CGROUP_MIXED | LXC_AUTO_CGROUP_FULL_MIXED))
		return CG_MIXED;
	if (f & (LXC_AUTO_CGROUP_NOSPEC | LXC_AUTO_CGROUP_FULL_NOSPEC))
		return keeps_sys_admin(conf) ? CG_RW : CG_MIXED;
	return CG_NONE;
}

/* The host has only the cgroup2 tree, on /sys/fs/cgroup. */
static bool pure_unified(const struct cgroup_ops *cg)
{
	return cg->n == 1 && cg->h[0].unified && strcmp(cg->h[0].mountpoint, "/sys/fs/cgroup") == 0;
}

/*
 * Which cgroup mounts the container gets, and when.  As LXC: in a cgroup
 * namespace, a container that keeps CAP_SYS_ADMIN mounts its cgroups
 * itself (its init knows best), unless :force is given or the host is
 * cgroup2-only (inits that expect v1 would fail to boot).
 */
static bool cgroup_automount_wanted(const struct setup_args *a, bool *in_cgns)
{
	const struct lxc_conf *conf = a->conf;
	bool full;

	*in_cgns = a->clone_flags & CLONE_NEWCGROUP;
	if (conf->mount_auto & LXC_AUTO_CGROUP2)
		return true;
	if (cgroup_mode(conf, &full) == CG_NONE)
		return false;
	if (!*in_cgns || (conf->mount_auto & LXC_AUTO_CGROUP_FORCE) || !keeps_sys_admin(conf) ||
	    pure_unified(a->cg))
		return true;
	INFO("lxc.mount.auto: the container has a cgroup namespace and CAP_SYS_ADMIN: its init mounts its cgroups (add :force to mount them)");
	return false;
}

/* The directory of a hierarchy below /sys/fs/cgroup, as on the host. */
static char *cg_dirname(const struct cgroup_hierarchy *h)
{
	const char *prefix = "/sys/fs/cgroup/";

	if (strncmp(h->mountpoint, prefix, strlen(prefix)) == 0)
		return strdup(h->mountpoint + strlen(prefix));
	if (h->unified)
		return strdup("unified");
	return strv_join(h->controllers, ",");
}

/* The container's cgroup relative to its hierarchy's root. */
static char *cg_own_path(const struct cgroup_ops *cg, const struct cgroup_hierarchy *h)
{
	return must_sprintf("%s%s%s", h->base, *h->base ? "/" : "", cg->relpath);
}

static int cg_mount_in_cgns(int root, const struct cgroup_hierarchy *h, const char *rel,
			    enum cg_mode mode)
{
	unsigned long flags = PROC_FLAGS | MS_RELATIME | (mode == CG_RO ? MS_RDONLY : 0);
	__do_free char *data = NULL;

	if (h->unified)
		return mount_beneath(root, rel, "cgroup2", "cgroup2", flags, NULL);
	/* A named hierarchy alone ("name=systemd") needs "none". */
	data = strv_join(h->controllers, ",");
	if (!data)
		return -ENOMEM;
	if (h->controllers[0] && strncmp(h->controllers[0], "name=", 5) == 0 && !h->controllers[1]) {
		char *d = must_sprintf("none,%s", data);
		free(data);
		data = d;
	}
	return mount_beneath(root, rel, "cgroup", "cgroup", flags, data);
}

static int cg_bind_host(int root, const struct cgroup_ops *cg, const struct cgroup_hierarchy *h,
			const char *rel, enum cg_mode mode, bool full)
{
	__do_free char *own = cg_own_path(cg, h);
	__do_free char *own_rel = must_sprintf("%s/%s", rel, own);
	__do_free char *own_host = must_sprintf("%s/%s", h->mountpoint, own);
	int ret;

	if (full) {
		ret = bind_beneath(root, rel, h->mountpoint,
				   PROC_FLAGS | (mode == CG_RW ? 0 : MS_RDONLY));
		if (ret < 0 || mode != CG_MIXED)
			return ret;
	}
	/* The container's own cgroup, writable unless everything is ro. */
	return bind_beneath(root, own_rel, own_host, PROC_FLAGS | (mode == CG_RO ? MS_RDONLY : 0));
}

/* in_cgns: called after the handshake, from inside the cgroup namespace. */
static int automount_cgroup(int root, const struct setup_args *a, bool in_cgns)
{
	const struct lxc_conf *conf = a->conf;
	const struct cgroup_ops *cg = a->cg;
	bool full;
	enum cg_mode mode = cgroup_mode(conf, &full);
	int ret;

	if (conf->mount_auto & LXC_AUTO_CGROUP2 || pure_unified(cg)) {
		/* The cgroup2 tree alone, on /sys/fs/cgroup. */
		for (size_t i = 0; i < cg->n; i++) {
			const struct cgroup_hierarchy *h = &cg->h[i];
			__do_free char *own = NULL, *host = NULL;

			if (!h->unified)
				continue;
			if (in_cgns)
				return cg_mount_in_cgns(root, h, "sys/fs/cgroup", mode == CG_RO ? CG_RO : CG_RW);
			own = cg_own_path(cg, h);
			host = must_sprintf("%s/%s", h->mountpoint, own);
			return bind_beneath(root, "sys/fs/cgroup", host,
					    PROC_FLAGS | (mode == CG_RO ? MS_RDONLY : 0));
		}
		return CAUSE(-ENOENT, "lxc.mount.auto: the host has no cgroup2 tree to mount");
	}

	ret = mount_beneath(root, "sys/fs/cgroup", "cgroup", "tmpfs", PROC_FLAGS, "mode=755");
	for (size_t i = 0; i < cg->n && ret == 0; i++) {
		const struct cgroup_hierarchy *h = &cg->h[i];
		__do_free char *name = cg_dirname(h);
		__do_free char *rel = must_sprintf("sys/fs/cgroup/%s", name);

		if (in_cgns)
			ret = cg_mount_in_cgns(root, h, rel, mode);
		else
			ret = cg_bind_host(root, cg, h, rel, mode, full);
	}
	if (ret == 0 && mode != CG_RW)
		ret = remount_beneath(root, "sys/fs/cgroup", PROC_FLAGS | MS_RDONLY);
	return ret;
}

/* --- lxc.mount.fstab and lxc.mount.entry ------------------------------------------------ */

static int apply_entry_line(const char *line, const char *where, int root,
			    const char *const *rootfs_paths)
{
	struct mount_entry e;
	int ret = mount_entry_parse(line, &e);

	if (ret < 0)
		return CAUSE(-EINVAL, "%s: invalid mount entry \"%s\": expected SOURCE TARGET FSTYPE OPTIONS [DUMP [PASS]]",
			     where, line);
	ret = mount_entry_apply(&e, root, rootfs_paths);
	mount_entry_free(&e);
	return ret;
}

static int mount_entries(const struct lxc_conf *conf, int root, const char *const *rootfs_paths)
{
	int ret;

	if (conf->mount_fstab) {
		__do_free char *text = NULL;
		char *save = NULL;
		unsigned int lineno = 0;
		char *line, *p;

		ret = read_file(conf->mount_fstab, &text, NULL);
		if (ret < 0)
			return CAUSE(ret, "lxc.mount.fstab: cannot read \"%s\": %m", conf->mount_fstab);
		for (line = text; line; line = p) {
			char where[PATH_MAX + 16];
			char *s;

			p = strchr(line, '\n');
			if (p)
				*p++ = '\0';
			lineno++;
			s = trim(line);
			if (!*s || *s == '#')
				continue;
			snprintf(where, sizeof(where), "%s:%u", conf->mount_fstab, lineno);
			ret = apply_entry_line(s, where, root, rootfs_paths);
			if (ret < 0)
				return ret;
		}
		(void)save;
	}
	for (char **e = conf->mount_entries; e && *e; e++) {
		ret = apply_entry_line(*e, "lxc.mount.entry", root, rootfs_paths);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* --- the whole tree ---------------------------------------------------------------------- */

static int run_hooks(const struct setup_args *a, int type, const char *mountpoint)
{
	struct hook_ctx ctx = {
		.name = a->name,
		.lxcpath = a->lxcpath,
		.rootfs_mount = mountpoint,
		.cgns = a->clone_flags & CLONE_NEWCGROUP,
	};

	if (!hooks_any(a->conf, type))
		return 0;
	return hooks_run(a->conf, type, &ctx);
}

/* Remove one option from a comma-separated list, in place. */
static void drop_option(char *list, const char *opt)
{
	size_t len = strlen(opt);

	for (char *p = list; p && *p;) {
		char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && strncmp(p, opt, len) == 0) {
			memmove(p, end ? end + 1 : p + n, strlen(end ? end + 1 : p + n) + 1);
			if (!end && p > list)
				p[-1] = '\0';
			continue;
		}
		p = end ? end + 1 : p + n;
	}
}

int rootfs_setup(const struct setup_args *a)
{
	const struct lxc_conf *conf = a->conf;
	__do_free char *target = rootfs_mount_point(conf);
	__do_free char *data = NULL, *own_rootfs = NULL;
	__do_close int root = -EBADF, idmapped = -EBADF;
	unsigned long flags = 0, propagation = 0;
	const char *rootfs_paths[4];
	bool cgns, devpts;
	int ret;

	if (!target)
		return -ENOMEM;
	if (mount_options_parse(conf->rootfs_options, &flags, &propagation, &data, NULL, NULL) < 0)
		return CAUSE(-EINVAL, "lxc.rootfs.options: invalid options \"%s\"", conf->rootfs_options);
	/* idmap=container: the parent's idmapped clone of the rootfs (userns.c). */
	idmapped = userns_take_rootfs_tree();
	if (idmapped >= 0 || userns_rootfs_idmapped(conf))
		drop_option(data, "idmap=container");
	if (flags & ~(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME |
		      MS_RELATIME | MS_STRICTATIME | MS_LAZYTIME | MS_SYNCHRONOUS | MS_DIRSYNC))
		return CAUSE(-EINVAL, "lxc.rootfs.options: unsupported options in \"%s\"", conf->rootfs_options);
	if (*data && !rootfs_is_overlay(conf->rootfs_path))
		return CAUSE(-EINVAL, "lxc.rootfs.options: unsupported option \"%s\" for a directory rootfs", data);

	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return SYSCAUSE("failed to make \"/\" a slave mount: %m");
	ret = run_hooks(a, LXC_HOOK_PRE_MOUNT, target);
	if (ret < 0)
		return ret;
	if (idmapped >= 0)
		ret = 0;	/* mounted already, by the parent (userns.c) */
	else if (rootfs_is_overlay(conf->rootfs_path))
		ret = mount_overlay(conf, target, data);
	else if (mount(conf->rootfs_path, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		ret = SYSCAUSE("failed to bind-mount rootfs \"%s\": %m", conf->rootfs_path);
	else
		ret = 0;
	if (ret < 0)
		return ret;
	/* The container's root may not reach the idmapped rootfs's path. */
	root = idmapped >= 0 ? move_fd(idmapped) : open(target, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (root < 0)
		return SYSCAUSE("failed to open rootfs \"%s\": %m", target);

	if (conf->autodev && (ret = dev_mount_tmpfs(root, conf)) < 0)
		return ret;
	ret = automount_proc(root, conf, a->clone_flags);
	if (ret == 0)
		ret = automount_sys(root, conf);
	if (ret < 0)
		return ret;
	/* Absolute targets may name the rootfs as the host sees it. */
	own_rootfs = must_sprintf("%s/%s/rootfs", a->lxcpath, a->name);
	rootfs_paths[0] = target;
	rootfs_paths[1] = rootfs_is_overlay(conf->rootfs_path) ? own_rootfs : conf->rootfs_path;
	rootfs_paths[2] = own_rootfs;
	rootfs_paths[3] = NULL;
	ret = mount_entries(conf, root, rootfs_paths);
	if (ret < 0)
		return ret;
	if (cgroup_automount_wanted(a, &cgns) && !cgns && (ret = automount_cgroup(root, a, false)) < 0)
		return ret;
	ret = run_hooks(a, LXC_HOOK_MOUNT, target);
	if (ret < 0)
		return ret;
	if (conf->autodev && (ret = dev_populate(root, conf)) < 0)
		return ret;
	ret = dev_setup_devpts(root, conf);
	if (ret < 0)
		return ret;
	devpts = ret > 0;
	if (a->console_slave >= 0 && (ret = terminal_child_console(root, conf, a->console_slave)) < 0)
		return ret;
	if (conf->tty_max && (ret = terminal_child_ttys(root, conf, devpts, a->sync_fd)) < 0)
		return ret;
	if (conf->autodev && (ret = run_hooks(a, LXC_HOOK_AUTODEV, target)) < 0)
		return ret;

	ret = pivot(root, target);
	if (ret < 0)
		return ret;
	if ((flags || propagation) &&
	    mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0)
		return SYSCAUSE("failed to apply lxc.rootfs.options \"%s\" to the rootfs: %m",
				conf->rootfs_options);
	if (propagation && mount(NULL, "/", NULL, propagation, NULL) < 0)
		return SYSCAUSE("failed to apply lxc.rootfs.options \"%s\" to the rootfs: %m",
				conf->rootfs_options);
	return 0;
}

int rootfs_setup_host_view(const struct setup_args *a)
{
	const struct lxc_conf *conf = a->conf;
	__do_close int root = -EBADF;
	bool cgns;
	int ret;

	/* Keep the host's view, but never propagate our mounts back to it. */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return SYSCAUSE("failed to make \"/\" a slave mount: %m");
	if (hooks_any(conf, LXC_HOOK_PRE_MOUNT) && (ret = run_hooks(a, LXC_HOOK_PRE_MOUNT, NULL)) < 0)
		return ret;
	if ((a->clone_flags & CLONE_NEWPID) && !(conf->mount_auto & LXC_AUTO_PROC_MASK) &&
	    mount("proc", "/proc", "proc", PROC_FLAGS, NULL) < 0)
		return SYSCAUSE("failed to mount \"proc\" on \"/proc\": %m");
	/* The app container's fast path ends here. */
	if (!conf->mount_auto && !conf->mount_entries && !conf->mount_fstab &&
	    !conf->hooks[LXC_HOOK_MOUNT])
		return 0;
	root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (root < 0)
		return SYSCAUSE("failed to open \"/\": %m");
	if (conf->mount_auto & LXC_AUTO_PROC_MASK && (ret = automount_proc(root, conf, a->clone_flags)) < 0)
		return ret;
	ret = automount_sys(root, conf);
	/* No rootfs: targets are paths of the container's own view. */
	if (ret == 0)
		ret = mount_entries(conf, -EBADF, NULL);
	if (ret == 0 && cgroup_automount_wanted(a, &cgns) && !cgns)
		ret = automount_cgroup(root, a, false);
	if (ret == 0)
		ret = run_hooks(a, LXC_HOOK_MOUNT, NULL);
	return ret;
}

int rootfs_setup_late(const struct setup_args *a)
{
	__do_close int root = -EBADF;
	bool cgns;

	if (!cgroup_automount_wanted(a, &cgns) || !cgns)
		return 0;
	root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (root < 0)
		return SYSCAUSE("failed to open \"/\": %m");
	return automount_cgroup(root, a, true);
}
