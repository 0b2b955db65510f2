/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Mount entries and safe path resolution beneath a container's rootfs: a
 * target is always opened relative to the rootfs with every symlink
 * resolved as if the rootfs were "/", and mounted through its fd, so that
 * a symlink in the rootfs can never redirect a mount to the host.
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"
#include "mountfd.h"
#include "syscalls.h"
#include "utils.h"

const char *fd_path(int fd, char *buf, size_t size)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
	return buf;
}

void mount_entry_free(struct mount_entry *e)
{
	free(e->source);
	free(e->target);
	free(e->fstype);
	free(e->data);
	memset(e, 0, sizeof(*e));
}

/* fstab(5) escapes blanks and backslashes as octal: \040 \011 \012 \134. */
static void unescape_octal(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static const struct {
	const char *name;
	unsigned long set;
	unsigned long clear;
} mount_flags[] = {
	{ "defaults", 0, 0 },
	{ "ro", MS_RDONLY, 0 },
	{ "rw", 0, MS_RDONLY },
	{ "nosuid", MS_NOSUID, 0 },
	{ "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },
	{ "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },
	{ "exec", 0, MS_NOEXEC },
	{ "sync", MS_SYNCHRONOUS, 0 },
	{ "async", 0, MS_SYNCHRONOUS },
	{ "dirsync", MS_DIRSYNC, 0 },
	{ "remount", MS_REMOUNT, 0 },
	{ "mand", MS_MANDLOCK, 0 },
	{ "nomand", 0, MS_MANDLOCK },
	{ "noatime", MS_NOATIME, 0 },
	{ "atime", 0, MS_NOATIME },
	{ "nodiratime", MS_NODIRATIME, 0 },
	{ "diratime", 0, MS_NODIRATIME },
	{ "relatime", MS_RELATIME, 0 },
	{ "norelatime", 0, MS_RELATIME },
	{ "strictatime", MS_STRICTATIME, 0 },
	{ "lazytime", MS_LAZYTIME, 0 },
	{ "silent", MS_SILENT, 0 },
	{ "loud", 0, MS_SILENT },
	{ "bind", MS_BIND, 0 },
	{ "rbind", MS_BIND | MS_REC, 0 },
};

static const struct {
	const char *name;
	unsigned long flags;
} propagation_flags[] = {
	{ "shared", MS_SHARED },	{ "rshared", MS_SHARED | MS_REC },
	{ "slave", MS_SLAVE },		{ "rslave", MS_SLAVE | MS_REC },
	{ "private", MS_PRIVATE },	{ "rprivate", MS_PRIVATE | MS_REC },
	{ "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

/* Options of fstab(5) meant for mount(8) and friends, not the kernel. */
static bool userland_option(const char *o)
{
	static const char *const names[] = { "auto", "noauto", "user", "nouser", "users",
					     "owner", "group", "_netdev", "comment" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(o, names[i]) == 0 || (strncmp(o, names[i], strlen(names[i])) == 0 &&
						 o[strlen(names[i])] == '='))
			return true;
	return strncmp(o, "x-", 2) == 0;
}

int mount_options_parse(const char *opts, unsigned long *flags, unsigned long *propagation,
			char **data, enum mount_create *create, bool *optional)
{
	__do_free_strv char **words = strv_split(opts ? opts : "", ",");
	__do_free_strv char **rest = calloc(1, sizeof(char *));
	unsigned long f = 0, p = 0;
	enum mount_create c = MOUNT_CREATE_NONE;
	bool opt = false;

	if (!words || !rest)
		return -ENOMEM;
	for (char **w = words; *w; w++) {
		bool known = false;

		for (size_t i = 0; i < ARRAY_SIZE(mount_flags) && !known; i++)
			if (strcmp(*w, mount_flags[i].name) == 0) {
				f = (f & ~mount_flags[i].clear) | mount_flags[i].set;
				known = true;
			}
		for (size_t i = 0; i < ARRAY_SIZE(propagation_flags) && !known; i++)
			if (strcmp(*w, propagation_flags[i].name) == 0) {
				p |= propagation_flags[i].flags;
				known = true;
			}
		if (known)
			continue;
		if (strncmp(*w, "create=", 7) == 0) {
			if (!create)
				return -EINVAL;
			if (strcmp(*w + 7, "dir") == 0)
				c = MOUNT_CREATE_DIR;
			else if (strcmp(*w + 7, "file") == 0)
				c = MOUNT_CREATE_FILE;
			else
				return -EINVAL;
		} else if (strcmp(*w, "optional") == 0 || strcmp(*w, "nofail") == 0) {
			if (!optional)
				return -EINVAL;
			opt = true;
		} else if (!userland_option(*w)) {
			if (strv_append(&rest, *w) < 0)
				return -ENOMEM;
		}
	}
	if (data) {
		char *d = strv_join(rest, ",");

		if (!d)
			return -ENOMEM;
		free(*data);
		*data = d;
	}
	*flags = f;
	if (propagation)
		*propagation = p;
	if (create)
		*create = c;
	if (optional)
		*optional = opt;
	return 0;
}

int mount_entry_parse(const char *line, struct mount_entry *out)
{
	__do_free_strv char **f = strv_split(line, " \t");
	struct mount_entry e = { 0 };
	size_t n = strv_len(f);
	unsigned int num;
	int ret;

	if (!f)
		return -ENOMEM;
	if (n < 3 || n > 6)
		return -EINVAL;
	/* dump and pass are numbers, as in fstab(5); they mean nothing here. */
	for (size_t i = 4; i < n; i++)
		if (parse_uint(f[i], &num) < 0)
			return -EINVAL;
	for (size_t i = 0; i < n && i < 4; i++)
		unescape_octal(f[i]);
	if (!*f[1])
		return -EINVAL;
	ret = mount_options_parse(n > 3 ? f[3] : "", &e.flags, &e.propagation, &e.data, &e.create,
				  &e.optional);
	if (ret < 0) {
		free(e.data);
		return ret;
	}
	e.source = strdup(f[0]);
	e.target = strdup(f[1]);
	e.fstype = strdup(f[2]);
	if (!e.source || !e.target || !e.fstype) {
		mount_entry_free(&e);
		return -ENOMEM;
	}
	*out = e;
	return 0;
}

/* --- resolution beneath a root ------------------------------------------------ */

#define MAX_SYMLINKS 40

/*
 * The fallback for kernels without openat2 (before 5.6): walk the path one
 * component at a time with O_PATH | O_NOFOLLOW, resolving each symlink by
 * hand against root.  fds[] holds the directories walked, so that ".."
 * pops one and never goes above root.
 */
static int walk_beneath(int root, const char *path, bool nofollow)
{
	int fds[PATH_MAX / 2];
	size_t depth = 0;
	char *todo = NULL;	/* the components still to resolve, '/'-separated */
	int links = 0, ret = 0;

	fds[0] = dup(root);
	if (fds[0] < 0)
		return -errno;
	todo = strdup(path);
	if (!todo) {
		close(fds[0]);
		return -ENOMEM;
	}
	for (;;) {
		char *name = todo, *slash;
		bool last;
		struct stat st;
		int fd;

		while (*name == '/')
			name++;
		if (!*name) {
			/* Nothing left: the result is the current directory. */
			ret = openat(fds[depth], ".", O_PATH | O_CLOEXEC);
			if (ret < 0)
				ret = -errno;
			break;
		}
		slash = strchr(name, '/');
		if (slash)
			*slash = '\0';
		last = !slash || !slash[1 + strspn(slash + 1, "/")];
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
			if (name[1] == '.' && depth > 0)
				close(fds[depth--]);
		} else {
			fd = openat(fds[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0) {
				ret = -errno;
				break;
			}
			if (fstat(fd, &st) < 0) {
				ret = -errno;
				close(fd);
				break;
			}
			if (S_ISLNK(st.st_mode) && !(last && nofollow)) {
				char target[PATH_MAX];
				ssize_t len = readlinkat(fd, "", target, sizeof(target) - 1);
				char *next;

				close(fd);
				if (len < 0) {
					ret = -errno;
					break;
				}
				if (++links > MAX_SYMLINKS) {
					ret = -ELOOP;
					break;
				}
				target[len] = '\0';
				/* An absolute link starts again at root. */
				if (target[0] == '/')
					while (depth > 0)
						close(fds[depth--]);
				next = must_sprintf("%s/%s", target, slash ? slash + 1 : "");
				free(todo);
				todo = next;
				continue;
			}
			if (last) {
				ret = fd;
				break;
			}
			if (!S_ISDIR(st.st_mode)) {
				close(fd);
				ret = -ENOTDIR;
				break;
			}
			if (depth + 1 >= ARRAY_SIZE(fds)) {
				close(fd);
				ret = -ENAMETOOLONG;
				break;
			}
			fds[++depth] = fd;
		}
		if (!slash) {
			ret = openat(fds[depth], ".", O_PATH | O_CLOEXEC);
			if (ret < 0)
				ret = -errno;
			break;
		}
		memmove(todo, slash + 1, strlen(slash + 1) + 1);
	}
	free(todo);
	for (size_t i = 0; i <= depth; i++)
		close(fds[i]);
	return ret;
}

int open_beneath(int root, const char *path, bool nofollow)
{
	struct lxc_open_how how = {
		.flags = O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	/*
	 * EAGAIN: a rename or mount somewhere on the system raced with the
	 * resolution of ".." (openat2(2)); the result could not be trusted,
	 * so resolve again.  The walk below checks every step itself.
	 */
	for (int tries = 0; tries < 32; tries++) {
		fd = lxc_openat2(root, *path ? path : ".", &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != EAGAIN)
			break;
	}
	if (errno != ENOSYS && errno != EAGAIN)
		return -errno;
	return walk_beneath(root, path, nofollow);
}

static int create_beneath_depth(int root, const char *path, enum mount_create what, mode_t mode,
				int depth)
{
	__do_free_strv char **parts = strv_split(path, "/");
	__do_close int dir = -EBADF;
	size_t n = strv_len(parts);
	int fd;

	if (!parts)
		return -ENOMEM;
	if (depth > MAX_SYMLINKS)
		return -ELOOP;
	fd = open_beneath(root, path, false);
	if (fd != -ENOENT)
		return fd;
	if (n == 0)
		return -EINVAL;
	/* Make the parents, each beneath the one before. */
	dir = open_beneath(root, ".", false);
	if (dir < 0)
		return dir;
	for (size_t i = 0; i < n; i++) {
		bool last = i + 1 == n;
		struct stat st;
		int next;

		if (strcmp(parts[i], "..") == 0 || strcmp(parts[i], ".") == 0) {
			/* Resolved by open_beneath: never above root. */
			__do_free char *sofar = NULL;
			char *saved = parts[i + 1];

			parts[i + 1] = NULL;
			sofar = strv_join(parts, "/");
			parts[i + 1] = saved;
			if (!sofar)
				return -ENOMEM;
			next = open_beneath(root, sofar, false);
			if (next < 0)
				return next;
			close_prot_errno(&dir);
			dir = next;
			continue;
		}
		if (last && what == MOUNT_CREATE_FILE) {
			int f = openat(dir, parts[i], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				       0644);

			if (f >= 0)
				close(f);
			else if (errno != EEXIST)
				return -errno;
		} else if (mkdirat(dir, parts[i], last ? mode : 0755) < 0 && errno != EEXIST) {
			return -errno;
		}
		next = openat(dir, parts[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			return -errno;
		if (fstat(next, &st) == 0 && S_ISLNK(st.st_mode)) {
			/* A symlink: resolve the path so far from root. */
			__do_free char *sofar = NULL, *rest = NULL, *again = NULL;
			char target[PATH_MAX];
			char *saved = parts[i + 1];
			ssize_t len;

			parts[i + 1] = NULL;
			sofar = strv_join(parts, "/");
			parts[i + 1] = saved;
			rest = strv_join(parts + i + 1, "/");
			if (!sofar || !rest) {
				close(next);
				return -ENOMEM;
			}
			len = readlinkat(next, "", target, sizeof(target) - 1);
			close(next);
			if (len < 0)
				return -errno;
			target[len] = '\0';
			next = open_beneath(root, sofar, false);
			if (next == -ENOENT) {
				/* Dangling: create what it points to, inside root
				 * (an absolute link starts at root). */
				char *slash = strrchr(sofar, '/');

				if (target[0] == '/' || !slash)
					again = must_sprintf("%s/%s", target, rest);
				else
					again = must_sprintf("%.*s/%s/%s", (int)(slash - sofar), sofar, target,
							     rest);
				return create_beneath_depth(root, again, what, mode, depth + 1);
			}
			if (next < 0)
				return next;
		}
		close_prot_errno(&dir);
		dir = next;
	}
	return move_fd(dir);
}

int create_beneath(int root, const char *path, enum mount_create what, mode_t mode)
{
	return create_beneath_depth(root, path, what, mode, 0);
}

/* --- mounting an entry ----------------------------------------------------------- */

/* The target relative to the rootfs, or NULL when an absolute target lies outside it. */
static const char *relative_target(const char *target, const char *const *rootfs_paths)
{
	if (target[0] != '/')
		return target;
	for (const char *const *p = rootfs_paths; p && *p; p++) {
		size_t len = strlen(*p);

		while (len > 1 && (*p)[len - 1] == '/')
			len--;
		if (strncmp(target, *p, len) == 0 && (target[len] == '/' || target[len] == '\0'))
			return target + len;
	}
	return NULL;
}

/* A failed entry: an error, or a warning when the entry is optional. */
__attribute__((format(printf, 3, 4)))
static int entry_failed(const struct mount_entry *e, int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	errno = -err;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (e->optional) {
		WARN("skipping optional mount entry: %s", msg);
		return 0;
	}
	return CAUSE(err, "%s", msg);
}

int mount_entry_apply(const struct mount_entry *e, int root, const char *const *rootfs_paths)
{
	__do_close int rootfd = -EBADF, target = -EBADF;
	const char *rel = e->target;
	char tpath[64];
	unsigned long flags = e->flags;
	bool bind = flags & MS_BIND;

	if (root < 0) {
		rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (rootfd < 0)
			return SYSCAUSE("failed to open \"/\": %m");
		root = rootfd;
	} else {
		rel = relative_target(e->target, rootfs_paths);
		if (!rel)
			return CAUSE(-EINVAL, "mount entry \"%s\": target \"%s\" is outside the rootfs (use a path relative to it)",
				     e->source, e->target);
	}
	while (*rel == '/')
		rel++;

	if (e->create != MOUNT_CREATE_NONE) {
		enum mount_create what = e->create;

		target = create_beneath(root, rel, what, 0755);
		if (target < 0)
			return entry_failed(e, target, "mount entry \"%s\": failed to create target \"%s\": %m",
					    e->source, e->target);
	} else {
		target = open_beneath(root, rel, false);
		if (target == -ENOENT)
			return entry_failed(e, target, "mount entry \"%s\": target \"%s\" does not exist (add create=dir or create=file)",
					    e->source, e->target);
		if (target < 0)
			return entry_failed(e, target, "mount entry \"%s\": cannot open target \"%s\": %m",
					    e->source, e->target);
	}

	if (flags & MS_REMOUNT) {
		if (mount(NULL, fd_path(target, tpath, sizeof(tpath)), NULL, flags,
			  e->data && *e->data ? e->data : NULL) < 0)
			return entry_failed(e, -errno, "failed to remount \"%s\" on \"%s\": %m", e->source,
					    e->target);
		return 0;
	}
	if (bind) {
		__do_close int src = open(e->source, O_PATH | O_CLOEXEC);
		__do_close int mnt = -EBADF;
		int ret;

		if (src < 0)
			return entry_failed(e, -errno, "mount entry \"%s\" on \"%s\": bind source: %m",
					    e->source, e->target);
		/*
		 * Through fds where the kernel can: the flags and the
		 * propagation land on the new mount, whatever happens to
		 * the target's path meanwhile.
		 */
		ret = mountfd_bind(src, target, flags & MS_REC, flags & ~(MS_BIND | MS_REC | MS_REMOUNT), &mnt);
		if (ret == 0 && e->propagation &&
		    mount(NULL, fd_path(mnt, tpath, sizeof(tpath)), NULL, e->propagation, NULL) < 0)
			return CAUSE(-errno, "failed to set the propagation of \"%s\": %m", e->target);
		if (ret == 0)
			DEBUG("mounted \"%s\" on \"%s\" (bind)", e->source, e->target);
		if (ret != -ENOSYS)
			return ret < 0 ? entry_failed(e, ret, "failed to mount \"%s\" on \"%s\": %m", e->source,
						      e->target) : 0;
		flags &= MS_BIND | MS_REC;
	}
	if (mount(e->source, fd_path(target, tpath, sizeof(tpath)), bind ? NULL : e->fstype,
		  flags & ~(MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE),
		  !bind && e->data && *e->data ? e->data : NULL) < 0)
		return entry_failed(e, -errno, "failed to mount \"%s\" on \"%s\": %m", e->source,
				    e->target);
	DEBUG("mounted \"%s\" on \"%s\" (%s)", e->source, e->target, e->fstype);

	/* From here on the new mount is meant: open it, not what is under it. */
	close_prot_errno(&target);
	target = open_beneath(root, rel, false);
	if (target < 0)
		return CAUSE(target, "failed to reopen mount target \"%s\": %m", e->target);
	fd_path(target, tpath, sizeof(tpath));
	/* A bind mount takes its flags from a remount. */
	if (bind && (e->flags & ~(MS_BIND | MS_REC))) {
		unsigned long rflags = MS_REMOUNT | MS_BIND |
				       (e->flags & ~(MS_BIND | MS_REC | MS_REMOUNT));

		if (mount(NULL, tpath, NULL, rflags, NULL) < 0)
			return CAUSE(-errno, "failed to remount bind mount of \"%s\" on \"%s\" with its options: %m",
				     e->source, e->target);
	}
	if (e->propagation && mount(NULL, tpath, NULL, e->propagation, NULL) < 0)
		return CAUSE(-errno, "failed to set the propagation of \"%s\": %m", e->target);
	return 0;
}
