/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A static probe for the security tests (built with "cc -static"):
 *   secprobe ids                  print "UID EUID GID EGID"
 *   secprobe kexec                try kexec_load with bad flags; print the errno name
 *   secprobe settz                set the kernel's timezone to what it is (needs
 *                                 CAP_SYS_TIME; changes nothing); print the errno name
 *   secprobe init-module          try init_module with an empty image (needs
 *                                 CAP_SYS_MODULE; loads nothing); print the errno name
 *   secprobe writable PATH...     access(PATH, W_OK) of each: "writable PATH" or
 *                                 "PATH: ERRNO" (nothing is written)
 *   secprobe swap DIR A B STOP    exchange DIR/A and DIR/B (renameat2 RENAME_EXCHANGE) as
 *                                 fast as it can, until the file STOP exists
 *   secprobe filtered CMD [ARG...]
 *                                 run CMD under an allow-all seccomp filter (with
 *                                 no_new_privs), as a nested container would be
 *   secprobe send-fd SOCK PATH    open PATH (O_PATH) and send it over the unix socket SOCK
 *   secprobe recv-fd-write SOCK READY GO
 *                                 listen on SOCK, create READY, take one fd, wait for
 *                                 GO to exist, then try to make it writable and to open
 *                                 it for writing; print what happened
 *   secprobe seccomp-proxy SOCK ERRNO COUNT
 *                                 act as lxc.seccomp.notify.proxy: answer COUNT
 *                                 requests with -ERRNO, print "nr=N cookie=C" for each
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

static int unix_socket(const char *path, int type, int listen_too)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, type, 0);

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (fd < 0)
		return -1;
	if (listen_too) {
		unlink(path);
		if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 4) < 0)
			return -1;
		return fd;
	}
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return -1;
	return fd;
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case ENOSYS: return "ENOSYS";
	case EROFS: return "EROFS";
	case ETXTBSY: return "ETXTBSY";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	}
	return strerror(e);
}

static int send_fd(const char *sock, const char *path)
{
	int fd = open(path, O_PATH | O_CLOEXEC), s = unix_socket(sock, SOCK_STREAM, 0);
	char c = 'x', buf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	if (fd < 0 || s < 0) {
		perror("send-fd");
		return 1;
	}
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(s, &mh, 0) == 1 ? 0 : 1;
}

static int recv_fd_write(const char *sock, const char *ready, const char *go)
{
	int l = unix_socket(sock, SOCK_STREAM, 1), s, fd = -1, w;
	char c, buf[CMSG_SPACE(sizeof(int))], path[64];
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct { uint64_t set, clr, prop, userns; } attr = { 0, 1 /* MOUNT_ATTR_RDONLY */, 0, 0 };
	long r;

	if (l < 0 || close(open(ready, O_CREAT | O_WRONLY, 0600)) < 0)
		return 1;
	s = accept(l, NULL, NULL);
	if (s < 0 || recvmsg(s, &mh, 0) != 1 || !CMSG_FIRSTHDR(&mh))
		return 1;
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof(int));
	for (int i = 0; i < 2000 && access(go, F_OK) < 0; i++)
		usleep(10000);
	/* What a privileged attacker would try: make the mount writable, then write. */
	r = syscall(442 /* mount_setattr */, fd, "", AT_EMPTY_PATH, &attr, sizeof(attr));
	printf("mount_setattr %s\n", errname(r < 0 ? errno : 0));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = mount(NULL, path, NULL, MS_REMOUNT | MS_BIND, NULL);
	printf("remount %s\n", errname(r < 0 ? errno : 0));
	w = open(path, O_WRONLY | O_APPEND);
	if (w < 0) {
		printf("write %s\n", errname(errno));
		return 0;
	}
	/* A sealed memfd opens, but refuses the write itself. */
	printf("write %s\n", errname(write(w, "x", 1) == 1 ? 0 : errno));
	return 0;
}

static int seccomp_proxy(const char *sock, int err, int count)
{
	int l = unix_socket(sock, SOCK_SEQPACKET, 1), s;

	if (l < 0) {
		perror("seccomp-proxy");
		return 1;
	}
	s = accept(l, NULL, NULL);
	if (s < 0)
		return 1;
	for (int i = 0; i < count; i++) {
		char msg[4096];
		struct {
			uint64_t version;
			int32_t monitor_pid, init_pid;
			uint16_t notif_size, resp_size, data_size, reserved;
			uint64_t cookie_len;
		} hdr;
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;
		ssize_t n = recv(s, msg, sizeof(msg), 0);

		if (n < (ssize_t)(sizeof(hdr) + sizeof(req) + sizeof(resp)))
			return 1;
		memcpy(&hdr, msg, sizeof(hdr));
		memcpy(&req, msg + sizeof(hdr), sizeof(req));
		memcpy(&resp, msg + sizeof(hdr) + hdr.notif_size, sizeof(resp));
		printf("nr=%d cookie=%.*s version=%llu\n", req.data.nr, (int)hdr.cookie_len,
		       msg + sizeof(hdr) + hdr.notif_size + hdr.resp_size, (unsigned long long)hdr.version);
		fflush(stdout);
		resp.error = -err;
		resp.val = 0;
		if (send(s, &resp, sizeof(resp), 0) != sizeof(resp))
			return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "ids") == 0) {
		printf("%u %u %u %u\n", getuid(), geteuid(), getgid(), getegid());
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "kexec") == 0) {
		long r = syscall(SYS_kexec_load, 0, 0, NULL, 0xdead0000UL);

		printf("%s\n", errname(r < 0 ? errno : 0));
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "settz") == 0) {
		struct timeval tv;
		struct timezone tz;
		long r;

		gettimeofday(&tv, &tz);
		r = settimeofday(NULL, &tz);
		printf("%s\n", errname(r < 0 ? errno : 0));
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "init-module") == 0) {
		long r = syscall(SYS_init_module, NULL, 0UL, "");

		printf("%s\n", errname(r < 0 ? errno : 0));
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "writable") == 0) {
		for (int i = 2; i < argc; i++) {
			if (access(argv[i], W_OK) == 0)
				printf("writable %s\n", argv[i]);
			else
				printf("%s: %s\n", argv[i], errname(errno));
		}
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "swap") == 0) {
		int dir = open(argv[2], O_PATH | O_DIRECTORY);
		unsigned long n = 0;

		if (dir < 0)
			return 1;
		for (;;) {
			syscall(SYS_renameat2, dir, argv[3], dir, argv[4], 2 /* RENAME_EXCHANGE */);
			if (++n % 4096 == 0 && access(argv[5], F_OK) == 0)
				break;
		}
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "filtered") == 0) {
		struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		struct sock_fprog prog = { 1, &allow };

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
			perror("seccomp");
			return 1;
		}
		execvp(argv[2], &argv[2]);
		perror("exec");
		return 127;
	}
	if (argc == 4 && strcmp(argv[1], "send-fd") == 0)
		return send_fd(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "recv-fd-write") == 0)
		return recv_fd_write(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "seccomp-proxy") == 0)
		return seccomp_proxy(argv[2], atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: see secprobe.c\n");
	return 2;
}
