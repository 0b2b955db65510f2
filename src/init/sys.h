/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The few system calls lxc-init makes.  With LXC_INIT_NOLIBC (x86_64 and
 * aarch64) they are made directly and the program starts at _start, with
 * no libc at all; elsewhere they are libc's.  Each returns what the
 * kernel does: a value, or -errno.
 */
#ifndef LXC_INIT_SYS_H
#define LXC_INIT_SYS_H

#include <stddef.h>
#include <linux/errno.h>

#define SIG_BLOCK_ 0
#define SIG_SETMASK_ 2
#define SIGCHLD_ 17
#define SIG_BLOCK SIG_BLOCK_
#define SIG_SETMASK SIG_SETMASK_
#define SIGCHLD SIGCHLD_
#ifndef NULL
#define NULL ((void *)0)
#endif

typedef unsigned long sig_mask_t;	/* the kernel's sigset on these architectures */

int init_main(int argc, char **argv, char **envp);

#ifdef LXC_INIT_NOLIBC

#include <asm/unistd.h>

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory", "cc");
	return x0;
#else
#error "LXC_INIT_NOLIBC: x86_64 and aarch64 only"
#endif
}

/* The compiler may call these for copies and zeroing. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#define mem_set memset

static inline long sys_send(int fd, const void *buf, size_t len)
{
	return sys6(__NR_sendto, fd, (long)buf, (long)len, 0x4000 /* MSG_NOSIGNAL */, 0, 0);
}

static inline long sys_close(int fd)
{
	return sys6(__NR_close, fd, 0, 0, 0, 0, 0);
}

static inline void sys_cloexec(int fd)
{
	sys6(__NR_fcntl, fd, 2 /* F_SETFD */, 1 /* FD_CLOEXEC */, 0, 0, 0);
}

static inline void sys_set_name(const char *name)
{
	sys6(__NR_prctl, 15 /* PR_SET_NAME */, (long)name, 0, 0, 0, 0);
}

static inline void sig_fill(sig_mask_t *m)
{
	*m = ~0UL;
}

static inline long sys_sigmask(int how, const sig_mask_t *set, sig_mask_t *old)
{
	return sys6(__NR_rt_sigprocmask, how, (long)set, (long)old, sizeof(sig_mask_t), 0, 0);
}

static inline int sys_sigwait(const sig_mask_t *set)
{
	unsigned long info[16];	/* siginfo_t: 128 bytes */

	return (int)sys6(__NR_rt_sigtimedwait, (long)set, (long)info, 0, sizeof(sig_mask_t), 0, 0);
}

static inline long sys_fork(void)
{
	/* clone(SIGCHLD): fork, on every architecture. */
	return sys6(__NR_clone, SIGCHLD_, 0, 0, 0, 0, 0);
}

static inline long sys_execve(const char *path, char **argv, char **envp)
{
	return sys6(__NR_execve, (long)path, (long)argv, (long)envp, 0, 0, 0);
}

static inline void sys_kill(int pid, int sig)
{
	sys6(__NR_kill, pid, sig, 0, 0, 0, 0);
}

static inline long sys_wait_any(int *status)
{
	return sys6(__NR_wait4, -1, (long)status, 1 /* WNOHANG */, 0, 0, 0);
}

static inline __attribute__((noreturn)) void sys_exit(int status)
{
	for (;;)
		sys6(__NR_exit_group, status, 0, 0, 0, 0, 0);
}

#else /* libc */

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#define mem_set memset

static inline long sys_send(int fd, const void *buf, size_t len)
{
	return send(fd, buf, len, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

static inline long sys_close(int fd)
{
	return close(fd) < 0 ? -errno : 0;
}

static inline void sys_cloexec(int fd)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static inline void sys_set_name(const char *name)
{
	prctl(PR_SET_NAME, name);
}

static inline void sig_fill(sig_mask_t *m)
{
	*m = ~0UL;
}

static inline long sys_sigmask(int how, const sig_mask_t *set, sig_mask_t *old)
{
	sigset_t s, o;

	sigemptyset(&s);
	for (int sig = 1; sig < 65 && sig < NSIG; sig++)
		if (*set & (1UL << (sig - 1)))
			sigaddset(&s, sig);
	if (sigprocmask(how, &s, old ? &o : NULL) < 0)
		return -errno;
	if (old) {
		*old = 0;
		for (int sig = 1; sig < 65 && sig < NSIG; sig++)
			if (sigismember(&o, sig) == 1)
				*old |= 1UL << (sig - 1);
	}
	return 0;
}

static inline int sys_sigwait(const sig_mask_t *set)
{
	sigset_t s;
	siginfo_t info;

	sigemptyset(&s);
	for (int sig = 1; sig < 65 && sig < NSIG; sig++)
		if (*set & (1UL << (sig - 1)))
			sigaddset(&s, sig);
	return sigwaitinfo(&s, &info);
}

static inline long sys_fork(void)
{
	pid_t p = fork();

	return p < 0 ? -errno : p;
}

static inline long sys_execve(const char *path, char **argv, char **envp)
{
	execve(path, argv, envp);
	return -errno;
}

static inline void sys_kill(int pid, int sig)
{
	kill(pid, sig);
}

static inline long sys_wait_any(int *status)
{
	pid_t p = waitpid(-1, status, WNOHANG);

	return p < 0 ? -errno : p;
}

static inline __attribute__((noreturn)) void sys_exit(int status)
{
	_exit(status);
}

#endif
#endif
