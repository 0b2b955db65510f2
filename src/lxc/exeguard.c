/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exeguard.h"
#include "log.h"
#include "lxc.h"
#include "mount.h"
#include "syscalls.h"
#include "utils.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

extern char **environ;

/* Up to this size a binary is copied rather than cloned. */
#define SMALL_EXE (1024 * 1024)

/*
 * A read-only clone of the file's mount, detached: once the tree fd is
 * closed the clone belongs to no namespace, so no one can make it
 * writable again (mount_setattr(2) and remounts need it attached), and
 * an fd of the file opened through it refuses writes.  No copy is made.
 */
static int readonly_clone(int src)
{
	struct lxc_mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
	__do_close int tree = -EBADF;
	char path[64];
	int fd;

	tree = lxc_open_tree(src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
	if (tree < 0)
		return -errno;
	if (lxc_mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
		return -errno;
	fd = open(fd_path(tree, path, sizeof(path)), O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* A sealed memfd copy: for kernels without the new mount API, or users without CAP_SYS_ADMIN. */
static int sealed_copy(int src)
{
	__do_close int fd = -EBADF;
	struct stat st;
	off_t off = 0;

	/* memfd_create(2): Linux 3.17; disabled by tests to try the clone. */
	if (syscall_disabled("memfd_create"))
		return -ENOSYS;
	fd = memfd_create("lxc-exe", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);

	/* MFD_EXEC: Linux 6.3; older kernels make memfds executable anyway. */
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("lxc-exe", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (fstat(src, &st) < 0)
		return -errno;
	while (off < st.st_size) {
		ssize_t n = sendfile(fd, src, &off, (size_t)(st.st_size - off));

		if (n <= 0)
			return n < 0 ? -errno : -EIO;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		return -errno;
	return move_fd(fd);
}

int exeguard_open(const char *path, int *out)
{
	__do_close int src = open(path, O_RDONLY | O_CLOEXEC);
	struct statvfs sv;
	struct stat st;
	int fd;

	*out = -EBADF;
	if (src < 0)
		return SYSCAUSE("cannot open \"%s\": %m", path);
	if (fstatvfs(src, &sv) == 0 && (sv.f_flag & ST_RDONLY))
		return 0;
	/*
	 * Small files (lxc-init, the tools): a copy costs less than a clone,
	 * which takes the mount lock and waits for RCU when it is dissolved.
	 */
	if (fstat(src, &st) == 0 && st.st_size <= SMALL_EXE) {
		fd = sealed_copy(src);
		if (fd < 0) {
			DEBUG("no sealed copy of \"%s\" (%s): using a read-only clone", path, strerror(-fd));
			fd = readonly_clone(src);
		}
	} else {
		fd = readonly_clone(src);
		if (fd < 0) {
			DEBUG("no read-only clone of \"%s\" (%s): using a sealed copy", path, strerror(-fd));
			fd = sealed_copy(src);
		}
	}
	if (fd < 0)
		return CAUSE(fd, "cannot make a protected copy of \"%s\": %m", path);
	*out = fd;
	return 0;
}

bool exeguard_self_exposed(void)
{
	__do_close int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	struct statvfs sv;
	int seals;

	if (fd < 0)
		return true;
	if (fstatvfs(fd, &sv) == 0 && (sv.f_flag & ST_RDONLY))
		return false;
	seals = fcntl(fd, F_GET_SEALS);
	return !(seals >= 0 && (seals & F_SEAL_WRITE));
}

/* A candidate next to the tool: root's or ours, and only writable by its owner. */
static bool trusted(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) &&
	       (st.st_uid == 0 || st.st_uid == geteuid()) && !(st.st_mode & 022);
}

char *exeguard_find_init(void)
{
	const char *env = getenv("LXC_INIT_PATH");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		if (access(env, X_OK) == 0)
			return strdup(env);
		CAUSE(-errno, "LXC_INIT_PATH \"%s\": %m", env);
		return NULL;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			static const char *const rel[] = { "/lxc-init", "/../lxc-init" };

			*slash = '\0';
			for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
				char *cand = must_sprintf("%s%s", exe, rel[i]);

				if (trusted(cand))
					return cand;
				free(cand);
			}
		}
	}
	if (access(LXCINITDIR "/lxc-init", X_OK) == 0)
		return strdup(LXCINITDIR "/lxc-init");
	CAUSE(-ENOENT, "lxc-init was not found in \"%s\": lxc-execute needs it (reinstall, or set LXC_INIT_PATH)",
	      LXCINITDIR);
	return NULL;
}

int exeguard_open_init(const char *path, int *fd)
{
	int ret = exeguard_open(path, fd);

	if (ret == 0 && *fd < 0) {
		/* A read-only file system: the file itself will do. */
		*fd = open(path, O_PATH | O_CLOEXEC);
		if (*fd < 0)
			return SYSCAUSE("cannot open \"%s\": %m", path);
	}
	return ret;
}

int exeguard_exec_init(int fd, const char *path, char *const *argv, char *const *envp, int sync_fd)
{
	__do_free const char **init_argv = NULL;
	size_t n = 0;
	char fdbuf[16];

	while (argv[n])
		n++;
	init_argv = calloc(n + 4, sizeof(char *));
	if (!init_argv)
		return -ENOMEM;
	snprintf(fdbuf, sizeof(fdbuf), "%d", sync_fd);
	init_argv[0] = "lxc-init";
	init_argv[1] = fdbuf;
	init_argv[2] = "--";
	for (size_t i = 0; i < n; i++)
		init_argv[i + 3] = argv[i];
	/* lxc-init reports the command's failure on the handshake: it must
	 * inherit its end. */
	if (fcntl(sync_fd, F_SETFD, 0) < 0)
		return SYSCAUSE("failed to pass the handshake to lxc-init: %m");
	syscall(SYS_execveat, fd, "", (char *const *)init_argv, envp, AT_EMPTY_PATH);
	return SYSCAUSE("failed to run lxc-init (\"%s\"): %m", path);
}

LXC_PUBLIC int lxc_exe_protect(char *const argv[])
{
	__do_close int fd = -EBADF;
	int ret;

	log_reset_cause();
	if (!exeguard_self_exposed())
		return 0;
	ret = exeguard_open("/proc/self/exe", &fd);
	if (ret < 0)
		return ret;
	if (fd < 0)
		return 0;
	syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
	return SYSCAUSE("failed to run again from a protected copy of the binary: %m");
}
