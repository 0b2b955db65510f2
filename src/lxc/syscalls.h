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

#endif
