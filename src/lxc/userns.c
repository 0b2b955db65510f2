/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "lxc.h"
#include "rootfs.h"
#include "sync.h"
#include "syscalls.h"
#include "userns.h"
#include "utils.h"

/* The kernel takes at most 340 lines per map (Linux 4.15; 5 before). */
#define MAX_MAP_LINES 340

static int parse_one(const char *line, bool colons, struct id_map *m, bool *both)
{
	__do_free_strv char **f = strv_split(line, colons ? ":" : " \t");
	unsigned long v[3];

	if (!f)
		return -ENOMEM;
	if (strv_len(f) != 4 || strlen(f[0]) != 1)
		return -EINVAL;
	*both = false;
	if (f[0][0] == 'b' && colons)
		*both = true;
	else if (f[0][0] != 'u' && f[0][0] != 'g')
		return -EINVAL;
	for (int i = 0; i < 3; i++) {
		char *end;

		if (f[i + 1][0] < '0' || f[i + 1][0] > '9')
			return -EINVAL;
		errno = 0;
		v[i] = strtoul(f[i + 1], &end, 10);
		if (errno || *end || v[i] > UINT32_MAX)
			return -EINVAL;
	}
	if (v[2] == 0 || v[0] + v[2] - 1 > UINT32_MAX - 1 || v[1] + v[2] - 1 > UINT32_MAX - 1)
		return -EINVAL;
	m->type = f[0][0];
	m->nsid = v[0];
	m->hostid = v[1];
	m->range = v[2];
	return 0;
}

static bool overlap(unsigned long a, unsigned long alen, unsigned long b, unsigned long blen)
{
	return a < b + blen && b < a + alen;
}

int idmap_parse(char *const *lines, bool colons, struct id_map **out, size_t *nout)
{
	__do_free struct id_map *maps = NULL;
	size_t n = 0;

	for (char *const *l = lines; l && *l; l++) {
		struct id_map m;
		bool both;
		int ret = parse_one(*l, colons, &m, &both);
		struct id_map *grown;

		if (ret == -ENOMEM)
			return ret;
		if (ret < 0)
			return CAUSE(-EINVAL, colons ? "invalid id map \"%s\": expected u|g|b:NSID:HOSTID:RANGE"
						     : "lxc.idmap: invalid map \"%s\": expected u|g NSID HOSTID RANGE",
				     *l);
		grown = realloc(maps, (n + 2) * sizeof(*maps));
		if (!grown)
			return -ENOMEM;
		maps = grown;
		if (both) {
			m.type = 'u';
			maps[n++] = m;
			m.type = 'g';
		}
		maps[n++] = m;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			if (maps[i].type != maps[j].type)
				continue;
			if (overlap(maps[i].nsid, maps[i].range, maps[j].nsid, maps[j].range) ||
			    overlap(maps[i].hostid, maps[i].range, maps[j].hostid, maps[j].range))
				return CAUSE(-EINVAL, "%s: the %cid maps %lu:%lu:%lu and %lu:%lu:%lu overlap",
					     colons ? "id maps" : "lxc.idmap", maps[i].type, maps[i].nsid,
					     maps[i].hostid, maps[i].range, maps[j].nsid, maps[j].hostid,
					     maps[j].range);
		}
	*out = move_ptr(maps);
	*nout = n;
	return 0;
}

long idmap_to_host(const struct id_map *maps, size_t n, char type, unsigned long nsid)
{
	for (size_t i = 0; i < n; i++)
		if (maps[i].type == type && nsid >= maps[i].nsid && nsid - maps[i].nsid < maps[i].range)
			return (long)(maps[i].hostid + (nsid - maps[i].nsid));
	return -1;
}

/* Whether host uid/gid may search dir (by its mode: we are root). */
static bool searchable(const struct stat *st, uid_t uid, gid_t gid)
{
	if (st->st_uid == uid)
		return st->st_mode & S_IXUSR;
	if (st->st_gid == gid)
		return st->st_mode & S_IXGRP;
	return st->st_mode & S_IXOTH;
}

/*
 * The child mounts the rootfs as the container's root: every directory
 * above it must let that uid through, or the start fails with a bare
 * EACCES.  Say which one is in the way.
 */
static int rootfs_reachable(const char *rootfs, uid_t uid, gid_t gid)
{
	__do_free char *path = NULL;
	char *slash;

	if (strncmp(rootfs, "dir:", 4) == 0)
		rootfs += 4;
	if (rootfs[0] != '/')
		return 0;
	path = strdup(rootfs);
	if (!path)
		return -ENOMEM;
	for (slash = path; slash; slash = strchr(slash + 1, '/')) {
		struct stat st;
		char saved = slash[1];

		slash[1] = '\0';
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && !searchable(&st, uid, gid)) {
			int ret = CAUSE(-EACCES, "lxc.idmap: the container's root (uid %u on the host) cannot reach its rootfs: \"%s\" is not searchable by it (chmod o+x, or give it to uid %u)",
					(unsigned int)uid, path, (unsigned int)uid);
			slash[1] = saved;
			return ret;
		}
		slash[1] = saved;
	}
	return 0;
}

bool userns_rootfs_idmapped(const struct lxc_conf *conf)
{
	__do_free_strv char **opts = strv_split(conf->rootfs_options ? conf->rootfs_options : "", ",");

	for (char **o = opts; o && *o; o++)
		if (strcmp(*o, "idmap=container") == 0)
			return true;
	return false;
}

int userns_precheck(const struct lxc_conf *conf)
{
	__do_free struct id_map *maps = NULL;
	size_t n = 0, nu = 0, ng = 0;
	int ret;

	if (userns_rootfs_idmapped(conf)) {
		if (!conf->idmaps)
			return CAUSE(-EINVAL, "lxc.rootfs.options: idmap=container needs lxc.idmap");
		if (!conf->rootfs_path || strncmp(conf->rootfs_path, "overlay", 7) == 0)
			return CAUSE(-EINVAL, "lxc.rootfs.options: idmap=container needs a directory rootfs");
	}
	if (!conf->idmaps)
		return 0;
	ret = idmap_parse(conf->idmaps, false, &maps, &n);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		if (maps[i].type == 'u')
			nu++;
		else
			ng++;
	}
	if (nu > MAX_MAP_LINES || ng > MAX_MAP_LINES)
		return CAUSE(-EINVAL, "lxc.idmap: at most %d maps of each type", MAX_MAP_LINES);
	if (idmap_to_host(maps, n, 'u', 0) < 0 || idmap_to_host(maps, n, 'g', 0) < 0)
		return CAUSE(-EINVAL, "lxc.idmap: the container's root needs a map: add \"u 0 HOSTID RANGE\" and \"g 0 HOSTID RANGE\"");
	if (conf->ns_keep & CLONE_NEWUSER)
		return CAUSE(-EINVAL, "lxc.idmap needs a user namespace of the container's own (remove \"user\" from lxc.namespace.keep)");
	/* An idmapped rootfs is mounted by us, not by the container's root. */
	if (conf->rootfs_path && !userns_rootfs_idmapped(conf))
		return rootfs_reachable(conf->rootfs_path, (uid_t)idmap_to_host(maps, n, 'u', 0),
					(gid_t)idmap_to_host(maps, n, 'g', 0));
	return 0;
}

/* newuidmap / newgidmap PID NSID HOSTID RANGE ...: for users other than root. */
static int write_with_helper(pid_t pid, char type, const struct id_map *maps, size_t n)
{
	const char *helper = type == 'u' ? "newuidmap" : "newgidmap";
	__do_free_strv char **argv = NULL;
	char buf[32];
	int status;
	pid_t child;

	snprintf(buf, sizeof(buf), "%d", pid);
	if (strv_append(&argv, helper) < 0 || strv_append(&argv, buf) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (maps[i].type != type)
			continue;
		snprintf(buf, sizeof(buf), "%lu", maps[i].nsid);
		if (strv_append(&argv, buf) < 0)
			return -ENOMEM;
		snprintf(buf, sizeof(buf), "%lu", maps[i].hostid);
		if (strv_append(&argv, buf) < 0)
			return -ENOMEM;
		snprintf(buf, sizeof(buf), "%lu", maps[i].range);
		if (strv_append(&argv, buf) < 0)
			return -ENOMEM;
	}
	child = fork();
	if (child < 0)
		return SYSCAUSE("failed to fork %s: %m", helper);
	if (child == 0) {
		execvp(helper, argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (waitpid(child, &status, 0) < 0)
		return SYSCAUSE("failed to wait for %s: %m", helper);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return CAUSE(-EPERM, "only root may write id maps directly: install %s (Debian: apt-get install uidmap) and delegate ranges in /etc/sub%cid",
			     helper, type == 'u' ? 'u' : 'g');
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return CAUSE(-EPERM, "%s refused the %cid map (are the ranges delegated to you in /etc/sub%cid?)",
			     helper, type, type);
	return 0;
}

int idmap_write(pid_t pid, char type, const struct id_map *maps, size_t n)
{
	char path[64], *text = NULL;
	size_t len = 0;
	FILE *f;
	int fd, ret = 0;

	if (geteuid() != 0)
		return write_with_helper(pid, type, maps, n);
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (maps[i].type == type)
			fprintf(f, "%lu %lu %lu\n", maps[i].nsid, maps[i].hostid, maps[i].range);
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/%cid_map", pid, type);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	/* The whole map in one write: the kernel takes only one. */
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		ret = SYSCAUSE("failed to write the %cid map of %d (\"%s\"): %m", type, pid, trim(text));
	if (fd >= 0)
		close(fd);
	free(text);
	return ret;
}

/* The files of a cgroup that its owner needs to delegate it further. */
static const char *const delegate_files[] = {
	"cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "tasks", "cgroup.clone_children",
};

static int chown_cgroups(const struct cgroup_ops *cg, uid_t uid, gid_t gid)
{
	for (size_t i = 0; cg && i < cg->n; i++) {
		const struct cgroup_hierarchy *h = &cg->h[i];

		if (h->fd < 0)
			continue;
		if (fchownat(h->fd, "", uid, gid, AT_EMPTY_PATH) < 0)
			return SYSCAUSE("failed to give the cgroup in %s to the container's root (uid %u): %m",
					h->mountpoint, (unsigned int)uid);
		for (size_t j = 0; j < ARRAY_SIZE(delegate_files); j++)
			if (fchownat(h->fd, delegate_files[j], uid, gid, 0) < 0 && errno != ENOENT)
				return SYSCAUSE("failed to give \"%s\" of the cgroup in %s to the container's root: %m",
						delegate_files[j], h->mountpoint);
	}
	return 0;
}

/*
 * The rootfs, mounted idmapped in the child's mount namespace: owners
 * are seen through the container's maps (host 0 is its root), so a rootfs
 * made by root needs no chown.  Only host root can make it (the source
 * mount belongs to the host's user namespace), and only from inside the
 * child's mount namespace can it be attached there: a helper joins it.
 * Returns (helper side) an fd of the mounted rootfs.
 */
static int idmap_in_child_ns(const struct lxc_conf *conf, pid_t pid)
{
	const char *path = strncmp(conf->rootfs_path, "dir:", 4) == 0 ? conf->rootfs_path + 4 : conf->rootfs_path;
	struct lxc_mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
	__do_close int tree = -EBADF, userns = -EBADF, mntns = -EBADF;
	__do_free char *target = rootfs_mount_point(conf);
	char nspath[64];
	int fd;

	if (!target)
		return -ENOMEM;
	snprintf(nspath, sizeof(nspath), "/proc/%d/ns/user", pid);
	userns = open(nspath, O_RDONLY | O_CLOEXEC);
	snprintf(nspath, sizeof(nspath), "/proc/%d/ns/mnt", pid);
	mntns = open(nspath, O_RDONLY | O_CLOEXEC);
	if (userns < 0 || mntns < 0 || setns(mntns, CLONE_NEWNS) < 0)
		return SYSCAUSE("failed to join the mount namespace of %d: %m", pid);
	tree = lxc_open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (tree < 0)
		return SYSCAUSE(errno == ENOSYS ? "lxc.rootfs.options: idmap=container needs the new mount API (Linux 5.12)"
						: "lxc.rootfs.options: idmap=container: cannot clone \"%s\": %m", path);
	attr.userns_fd = (uint64_t)userns;
	if (lxc_mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
		return SYSCAUSE(errno == EINVAL || errno == EOPNOTSUPP
					? "lxc.rootfs.options: idmap=container: the file system of \"%s\" cannot be mounted idmapped (%m); chown the rootfs to the mapped ids instead"
					: "lxc.rootfs.options: idmap=container: failed to idmap \"%s\": %m",
				path);
	if (lxc_move_mount(tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return SYSCAUSE("lxc.rootfs.options: idmap=container: failed to mount \"%s\" on \"%s\": %m", path,
				target);
	fd = open(target, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return SYSCAUSE("failed to open the idmapped rootfs \"%s\": %m", target);
	return fd;
}

static int idmapped_rootfs(const struct lxc_conf *conf, pid_t pid, int *out)
{
	int sv[2], fds[SYNC_MAX_FDS], status;
	size_t nfds = 0;
	pid_t helper;
	int ret;

	ret = sync_pair(sv);
	if (ret < 0)
		return ret;
	helper = fork();
	if (helper < 0) {
		close(sv[0]);
		close(sv[1]);
		return SYSCAUSE("failed to fork: %m");
	}
	if (helper == 0) {
		int fd;

		close(sv[0]);
		fd = idmap_in_child_ns(conf, pid);
		if (fd < 0)
			sync_send_error(sv[1], "idmap", fd, log_cause());
		else
			sync_send_fds(sv[1], SYNC_FDS, 0, &fd, 1);
		_exit(fd < 0);
	}
	close(sv[1]);
	ret = sync_wait_fds(sv[0], SYNC_FDS, fds, &nfds);
	close(sv[0]);
	while (waitpid(helper, &status, 0) < 0 && errno == EINTR)
		;
	if (ret < 0)
		return log_has_cause() ? ret : CAUSE(ret, "lxc.rootfs.options: idmap=container: the helper failed: %m");
	if (nfds != 1)
		return CAUSE(-EPROTO, "lxc.rootfs.options: idmap=container: no rootfs from the helper");
	*out = fds[0];
	return 0;
}

int userns_map_child(const struct lxc_conf *conf, pid_t pid, const struct cgroup_ops *cg, int sync_fd)
{
	__do_free struct id_map *maps = NULL;
	int tree = -EBADF;
	size_t n = 0;
	int ret;

	ret = idmap_parse(conf->idmaps, false, &maps, &n);
	if (ret == 0)
		ret = idmap_write(pid, 'u', maps, n);
	if (ret == 0)
		ret = idmap_write(pid, 'g', maps, n);
	if (ret == 0)
		ret = chown_cgroups(cg, (uid_t)idmap_to_host(maps, n, 'u', 0),
				    (gid_t)idmap_to_host(maps, n, 'g', 0));
	if (ret == 0 && userns_rootfs_idmapped(conf))
		ret = idmapped_rootfs(conf, pid, &tree);
	if (ret == 0) {
		DEBUG("wrote the id maps of %d: root is uid %ld, gid %ld on the host", pid,
		      idmap_to_host(maps, n, 'u', 0), idmap_to_host(maps, n, 'g', 0));
		ret = sync_send_fds(sync_fd, SYNC_IDMAPPED, 0, &tree, tree >= 0 ? 1 : 0);
		if (ret < 0)
			ret = CAUSE(ret, "failed to signal the container that its id maps are written: %m");
	}
	close_prot_errno(&tree);
	return ret;
}

static int rootfs_tree = -EBADF;

int userns_take_rootfs_tree(void)
{
	return move_fd(rootfs_tree);
}

int userns_child_wait(int sync_fd, bool new_mntns)
{
	int fds[SYNC_MAX_FDS];
	size_t nfds = 0;
	int ret;

	/* The parent may mount in our namespace: nothing of it to the host's. */
	if (new_mntns && mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return SYSCAUSE("failed to make \"/\" a slave mount: %m");
	ret = sync_wait_fds(sync_fd, SYNC_IDMAPPED, fds, &nfds);
	if (ret < 0)
		return CAUSE(ret, "the parent aborted the start");
	for (size_t i = 1; i < nfds; i++)
		close(fds[i]);
	if (nfds >= 1)
		rootfs_tree = fds[0];
	return userns_become_root();
}

int userns_become_root(void)
{
	if (setresgid(0, 0, 0) < 0)
		return SYSCAUSE("failed to become gid 0 of the user namespace: %m");
	if (setgroups(0, NULL) < 0)
		return SYSCAUSE("failed to drop the supplementary groups in the user namespace: %m");
	if (setresuid(0, 0, 0) < 0)
		return SYSCAUSE("failed to become uid 0 of the user namespace: %m");
	return 0;
}

/* --- lxc-usernsexec ---------------------------------------------------------------- */

/* "b:0:START:COUNT" from the caller's first range in /etc/subuid and /etc/subgid. */
static int default_maps(char ***out)
{
	struct passwd *pw = getpwuid(geteuid());
	static const char *const files[] = { "/etc/subuid", "/etc/subgid" };

	if (!pw)
		return CAUSE(-ENOENT, "no id maps given (-m) and uid %u has no user name to look up in /etc/subuid",
			     (unsigned int)geteuid());
	for (int i = 0; i < 2; i++) {
		__do_free char *text = NULL;
		bool found = false;
		char *save = NULL;

		if (read_file(files[i], &text, NULL) < 0)
			return CAUSE(-ENOENT, "no id maps given (-m) and \"%s\" cannot be read", files[i]);
		for (char *l = strtok_r(text, "\n", &save); l && !found; l = strtok_r(NULL, "\n", &save)) {
			__do_free_strv char **f = strv_split(l, ":");
			char *m;

			if (strv_len(f) != 3 || strcmp(f[0], pw->pw_name) != 0)
				continue;
			m = must_sprintf("%c:0:%s:%s", i == 0 ? 'u' : 'g', f[1], f[2]);
			if (strv_append(out, m) < 0) {
				free(m);
				return -ENOMEM;
			}
			free(m);
			found = true;
		}
		if (!found)
			return CAUSE(-ENOENT, "no id maps given (-m) and \"%s\" has no range for \"%s\"", files[i],
				     pw->pw_name);
	}
	return 0;
}

struct exec_report {
	int err;
	char cause[512];
};

static __noreturn void usernsexec_child(int ready, int go, int report, char *const argv[])
{
	struct exec_report r = { 0 };
	char c = 0;
	int ret;

	if (unshare(CLONE_NEWUSER) < 0) {
		ret = SYSCAUSE("failed to create a user namespace: %m");
		goto fail;
	}
	if (write(ready, &c, 1) != 1 || read(go, &c, 1) != 1) {
		/* The parent failed and said why. */
		_exit(1);
	}
	ret = userns_become_root();
	if (ret < 0)
		goto fail;
	execvp(argv[0], argv);
	ret = SYSCAUSE("failed to exec \"%s\": %m", argv[0]);
fail:
	r.err = ret;
	snprintf(r.cause, sizeof(r.cause), "%s", log_cause());
	(void)!write(report, &r, sizeof(r));
	_exit(ret == -ENOENT ? 127 : 126);
}

LXC_PUBLIC int lxc_userns_exec(const char *const *map_args, char *const argv[], int *exit_status)
{
	__do_free_strv char **lines = NULL;
	__do_free struct id_map *maps = NULL;
	struct exec_report r;
	int ready[2] = { -1, -1 }, go[2] = { -1, -1 }, report[2] = { -1, -1 };
	size_t n = 0;
	int ret, status;
	ssize_t got;
	pid_t pid;
	char c = 1;

	log_reset_cause();
	if (exit_status)
		*exit_status = 1;
	if (!argv || !argv[0])
		return CAUSE(-EINVAL, "no command given");
	for (const char *const *m = map_args; m && *m; m++)
		if (strv_append(&lines, *m) < 0)
			return -ENOMEM;
	if (!lines) {
		ret = default_maps(&lines);
		if (ret < 0)
			return ret;
	}
	ret = idmap_parse(lines, true, &maps, &n);
	if (ret < 0)
		return ret;
	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0 || pipe2(report, O_CLOEXEC) < 0) {
		ret = SYSCAUSE("failed to create a pipe: %m");
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		ret = SYSCAUSE("failed to fork: %m");
		goto out;
	}
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		close(report[0]);
		usernsexec_child(ready[1], go[0], report[1], argv);
	}
	close_prot_errno(&ready[1]);
	close_prot_errno(&go[0]);
	close_prot_errno(&report[1]);
	ret = 0;
	if (read(ready[0], &c, 1) == 1) {
		ret = idmap_write(pid, 'u', maps, n);
		if (ret == 0)
			ret = idmap_write(pid, 'g', maps, n);
		if (ret == 0 && write(go[1], &c, 1) != 1)
			ret = SYSCAUSE("failed to let the command run: %m");
	}
	close_prot_errno(&go[1]);
	got = read(report[0], &r, sizeof(r));
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ret < 0)
		goto out;
	if (got == (ssize_t)sizeof(r)) {
		r.cause[sizeof(r.cause) - 1] = '\0';
		log_set_cause_text(r.cause);
		ret = r.err;
		if (exit_status)
			*exit_status = r.err == -ENOENT ? 127 : 126;
		goto out;
	}
	if (exit_status)
		*exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	for (int i = 0; i < 2; i++) {
		close_prot_errno(&ready[i]);
		close_prot_errno(&go[i]);
		close_prot_errno(&report[i]);
	}
	return ret;
}
