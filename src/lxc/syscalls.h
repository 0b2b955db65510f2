/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Raw system call wrappers.  Each returns -1 with errno ENOSYS when the
 * syscall number is unknown to the headers, or when it was disabled for
 * testing with LXC_TEST_DISABLE_SYSCALLS="clone3,pidfd_open,..." so that
 * every fallback can be exercised on a kernel that has the call.
 */
#ifndef LXC_SYSCALLS_H
#define LXC_SYSCALLS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>
#include <linux/sched.h>

#include "macro.h"

__hidden bool syscall_disabled(const char *name);

#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_close_range
#define __NR_close_range 436
#endif

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

struct lxc_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

/* clone3(2): Linux 5.3; CLONE_INTO_CGROUP: Linux 5.7.  Fork-like: no stack. */
static inline pid_t lxc_clone3(struct lxc_clone_args *args, size_t size)
{
	if (syscall_disabled("clone3"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_clone3, args, size);
}

/* clone(2) without a new stack behaves like fork(2); CLONE_PIDFD: 5.2. */
static inline pid_t lxc_raw_clone(unsigned long flags, int *pidfd)
{
	/* x86_64, arm64, ...: flags, stack, parent_tid, child_tid, tls */
	return syscall(__NR_clone, flags | SIGCHLD, NULL, pidfd, NULL, NULL);
}

/* pidfd_open(2): Linux 5.3. */
static inline int lxc_pidfd_open(pid_t pid, unsigned int flags)
{
	if (syscall_disabled("pidfd_open"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_pidfd_open, pid, flags);
}

/* pidfd_send_signal(2): Linux 5.1. */
static inline int lxc_pidfd_send_signal(int pidfd, int sig, siginfo_t *info,
					unsigned int flags)
{
	if (syscall_disabled("pidfd_send_signal"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_pidfd_send_signal, pidfd, sig, info, flags);
}

/* close_range(2): Linux 5.9; CLOSE_RANGE_CLOEXEC: 5.11. */
static inline int lxc_close_range(unsigned int first, unsigned int last,
				  unsigned int flags)
{
	if (syscall_disabled("close_range"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_close_range, first, last, flags);
}

/* bpf(2): Linux 3.18; BPF_PROG_TYPE_CGROUP_DEVICE programs: 4.15. */
static inline int lxc_bpf(int cmd, void *attr, unsigned int size)
{
	if (syscall_disabled("bpf"))
		return ret_errno(ENOSYS), -1;
#ifdef __NR_bpf
	return (int)syscall(__NR_bpf, cmd, attr, size);
#else
	return ret_errno(ENOSYS), -1;
#endif
}

/* --- system containers: resolution beneath a root, pidfd setns -------------- */

#ifndef __NR_openat2
#define __NR_openat2 437
#endif
#ifndef RESOLVE_NO_XDEV
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#endif

struct lxc_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

/* openat2(2): Linux 5.6. */
static inline int lxc_openat2(int dirfd, const char *path, struct lxc_open_how *how, size_t size)
{
	if (syscall_disabled("openat2"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_openat2, dirfd, path, how, size);
}

/*
 * setns(2) with a pidfd and several CLONE_NEW* flags at once: Linux 5.8.
 * "setns_pidfd" in LXC_TEST_DISABLE_SYSCALLS makes it fail with EINVAL,
 * as an older kernel does.
 */
static inline int lxc_setns_pidfd(int pidfd, int flags)
{
	if (syscall_disabled("setns_pidfd"))
		return ret_errno(EINVAL), -1;
	return syscall(__NR_setns, pidfd, flags);
}

/* --- security: the new mount API -------------------------------------------- */

#include <sys/mount.h>

#ifndef __NR_open_tree
#define __NR_open_tree 428
#define __NR_move_mount 429
#define __NR_fsopen 430
#define __NR_fsconfig 431
#define __NR_fsmount 432
#endif
#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#define FSMOUNT_CLOEXEC 0x00000001
#define FSCONFIG_SET_FLAG 0
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
#define MOUNT_ATTR__ATIME 0x00000070
#define MOUNT_ATTR_RELATIME 0x00000000
#define MOUNT_ATTR_NOATIME 0x00000010
#define MOUNT_ATTR_STRICTATIME 0x00000020
#define MOUNT_ATTR_NODIRATIME 0x00000080
#endif
#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

struct lxc_mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};

/* open_tree(2), move_mount(2), fsopen(2), fsconfig(2), fsmount(2): Linux 5.2. */
static inline int lxc_open_tree(int dfd, const char *path, unsigned int flags)
{
	if (syscall_disabled("open_tree"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_open_tree, dfd, path, flags);
}

static inline int lxc_move_mount(int from_dfd, const char *from, int to_dfd, const char *to,
				 unsigned int flags)
{
	if (syscall_disabled("move_mount"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_move_mount, from_dfd, from, to_dfd, to, flags);
}

static inline int lxc_fsopen(const char *fstype, unsigned int flags)
{
	if (syscall_disabled("fsopen"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_fsopen, fstype, flags);
}

static inline int lxc_fsconfig(int fd, unsigned int cmd, const char *key, const void *value, int aux)
{
	return syscall(__NR_fsconfig, fd, cmd, key, value, aux);
}

static inline int lxc_fsmount(int fd, unsigned int flags, unsigned int attrs)
{
	return syscall(__NR_fsmount, fd, flags, attrs);
}

/* mount_setattr(2): Linux 5.12; MOUNT_ATTR_IDMAP: 5.12 (ext4), 6.3 (tmpfs). */
static inline int lxc_mount_setattr(int dfd, const char *path, unsigned int flags,
				    struct lxc_mount_attr *attr, size_t size)
{
	if (syscall_disabled("mount_setattr"))
		return ret_errno(ENOSYS), -1;
	return syscall(__NR_mount_setattr, dfd, path, flags, attr, size);
}

#endif
