/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lxc-init: the PID 1 that lxc-execute runs in front of the command.
 *
 *   lxc-init SYNC_FD -- COMMAND [ARG...]
 *
 * It runs the command, forwards every signal to it, reaps whatever is
 * reparented to it, and exits with the command's status (128 + N when
 * signal N killed it).  A failed exec of the command is reported on
 * SYNC_FD, the container's end of the start handshake, as the library
 * reports its own failures.
 *
 * The library executes it from a detached read-only clone, and it is
 * static: the container's PID 1 maps nothing that lives on a writable
 * host file system, so neither /proc/1/exe nor /proc/1/map_files lead to
 * a host binary or library it could write (CVE-2019-5736).  On x86_64 and
 * aarch64 it is built without libc (sys.h): a static libc's start-up
 * alone would cost more than the rest of it.  Only the library runs it;
 * its arguments are not an interface.
 */
#include "sys.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define PATH_LEN 4096

/* The handshake's error message: the layout of struct sync_msg (sync.h). */
#define SYNC_ERROR 2
struct sync_msg {
	int stage;
	int err;
	char stage_name[32];
	char cause[1024];
};

static const struct {
	int err;
	const char *text;
} errors[] = {
	{ ENOENT, "No such file or directory" },	{ EACCES, "Permission denied" },
	{ ENOEXEC, "Exec format error" },		{ ENOTDIR, "Not a directory" },
	{ ELOOP, "Too many levels of symbolic links" }, { ENAMETOOLONG, "File name too long" },
	{ E2BIG, "Argument list too long" },		{ ENOMEM, "Cannot allocate memory" },
	{ ETXTBSY, "Text file busy" },			{ EISDIR, "Is a directory" },
	{ EPERM, "Operation not permitted" },		{ EAGAIN, "Resource temporarily unavailable" },
	{ EIO, "Input/output error" },			{ ELIBBAD, "Accessing a corrupted shared library" },
};

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Append s to buf (size bytes, NUL-terminated), truncating. */
static void append(char *buf, size_t size, const char *s)
{
	size_t n = str_len(buf);

	while (*s && n + 1 < size)
		buf[n++] = *s++;
	buf[n] = '\0';
}

static void append_num(char *buf, size_t size, int v)
{
	char digits[16];
	int i = (int)sizeof(digits) - 1;

	digits[i] = '\0';
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	append(buf, size, digits + i);
}

/* The command's failure, as the library's handshake carries it. */
static void report(int sync_fd, int err, const char *argv0)
{
	struct sync_msg msg;
	const char *text = NULL;

	mem_set(&msg, 0, sizeof(msg));
	msg.stage = SYNC_ERROR;
	msg.err = -err;
	append(msg.stage_name, sizeof(msg.stage_name), "exec");
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].err == err)
			text = errors[i].text;
	append(msg.cause, sizeof(msg.cause), "failed to exec \"");
	append(msg.cause, sizeof(msg.cause), argv0);
	append(msg.cause, sizeof(msg.cause), "\": ");
	if (text) {
		append(msg.cause, sizeof(msg.cause), text);
	} else {
		append(msg.cause, sizeof(msg.cause), "error ");
		append_num(msg.cause, sizeof(msg.cause), err);
	}
	sys_send(sync_fd, &msg, __builtin_offsetof(struct sync_msg, cause) + str_len(msg.cause) + 1);
}

static const char *env_path(char **envp)
{
	for (; *envp; envp++) {
		const char *e = *envp;

		if (e[0] == 'P' && e[1] == 'A' && e[2] == 'T' && e[3] == 'H' && e[4] == '=')
			return e + 5;
	}
	return DEFAULT_PATH;
}

/* execvp with the container's PATH; returns the errno to report. */
static int exec_command(char **argv, char **envp)
{
	const char *path = env_path(envp);
	int saved = ENOENT;

	for (const char *c = argv[0]; *c; c++)
		if (*c == '/')
			return -sys_execve(argv[0], argv, envp);
	for (const char *dir = path; *dir;) {
		char full[PATH_LEN];
		size_t len = 0;

		while (dir[len] && dir[len] != ':')
			len++;
		if (len > 0 && len + 1 + str_len(argv[0]) + 1 <= sizeof(full)) {
			int err;

			mem_set(full, 0, len + 1);
			for (size_t i = 0; i < len; i++)
				full[i] = dir[i];
			full[len] = '\0';
			append(full, sizeof(full), "/");
			append(full, sizeof(full), argv[0]);
			err = -sys_execve(full, argv, envp);
			if (err != ENOENT && err != ENOTDIR)
				saved = err;
		}
		dir += len;
		if (*dir == ':')
			dir++;
	}
	return saved;
}

int init_main(int argc, char **argv, char **envp)
{
	sig_mask_t all, old;
	int sync_fd = 0, status = 0;
	long child;

	if (argc < 4 || argv[2][0] != '-' || argv[2][1] != '-' || argv[2][2])
		return 1;
	for (const char *c = argv[1]; *c; c++) {
		if (*c < '0' || *c > '9')
			return 1;
		sync_fd = sync_fd * 10 + (*c - '0');
	}
	/* Only our copy stays open: the command's exec closes its own. */
	sys_cloexec(sync_fd);
	sys_set_name("lxc-init");

	sig_fill(&all);
	sys_sigmask(SIG_BLOCK, &all, &old);
	child = sys_fork();
	if (child < 0) {
		report(sync_fd, (int)-child, argv[3]);
		return 126;
	}
	if (child == 0) {
		int err;

		sys_sigmask(SIG_SETMASK, &old, NULL);
		err = exec_command(&argv[3], envp);
		report(sync_fd, err, argv[3]);
		sys_exit(err == ENOENT ? 127 : 126);
	}
	/* The handshake is the command's now: it ends with its exec. */
	sys_close(sync_fd);

	for (;;) {
		int sig = sys_sigwait(&all);

		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			sys_kill((int)child, sig);
			continue;
		}
		for (;;) {
			int st = 0;
			long pid = sys_wait_any(&st);

			if (pid <= 0)
				break;
			if (pid == child) {
				if ((st & 0x7f) == 0)
					status = (st >> 8) & 0xff;
				else
					status = 128 + (st & 0x7f);
				/* Exiting as PID 1 kills what is left. */
				sys_exit(status);
			}
		}
	}
}
