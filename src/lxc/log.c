/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "lxc.h"
#include "utils.h"

static const char *const level_names[] = {
	"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "ERROR", "CRIT", "ALERT", "FATAL",
};

static struct {
	char prog[32];
	char name[256];
	int file_fd;
	int file_level;
	int stderr_level; /* -1: nothing to stderr */
	bool explicit;
	bool syslog;		/* lxc.log.syslog: also to syslog, at file_level */
	char cause[1024];
} log_state = {
	.prog = "lxc",
	.file_fd = -EBADF,
	.file_level = LXC_LOG_ERROR,
	.stderr_level = -1,
};

int log_level_parse(const char *name)
{
	if (!name)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(level_names); i++)
		if (strcasecmp(name, level_names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "WARNING") == 0)
		return LXC_LOG_WARN;
	/* LXC also accepts the numeric levels 0..8. */
	if (name[0] >= '0' && name[0] <= '8' && name[1] == '\0')
		return name[0] - '0';
	return -EINVAL;
}

static int open_log_file(const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0640);
	if (fd < 0)
		return -errno;
	return fd;
}

LXC_PUBLIC int lxc_log_setup(const char *prog, const char *name,
			     const char *file, const char *level)
{
	int lvl = LXC_LOG_ERROR;

	log_reset_cause();
	if (prog)
		snprintf(log_state.prog, sizeof(log_state.prog), "%s", prog);
	if (name)
		log_set_name(name);
	if (level) {
		lvl = log_level_parse(level);
		if (lvl < 0)
			return CAUSE(-EINVAL, "invalid log level \"%s\"", level);
	}
	if (file && *file) {
		int fd = open_log_file(file);
		if (fd < 0)
			return CAUSE(fd, "failed to open log file \"%s\": %m", file);
		if (log_state.file_fd >= 0)
			close(log_state.file_fd);
		log_state.file_fd = fd;
		log_state.file_level = lvl;
		log_state.explicit = true;
	} else if (level) {
		log_state.stderr_level = lvl;
		log_state.explicit = true;
	}
	return 0;
}

int log_apply_config(const char *file, const char *level)
{
	int lvl = LXC_LOG_ERROR;

	if (log_state.explicit || (!file && !level))
		return 0;
	if (level) {
		lvl = log_level_parse(level);
		if (lvl < 0)
			return CAUSE(-EINVAL, "invalid lxc.log.level \"%s\"", level);
	}
	if (file) {
		int fd = open_log_file(file);
		if (fd < 0)
			return CAUSE(fd, "failed to open lxc.log.file \"%s\": %m", file);
		if (log_state.file_fd >= 0)
			close(log_state.file_fd);
		log_state.file_fd = fd;
	}
	log_state.file_level = lvl;
	return 0;
}

int log_set_syslog(const char *facility)
{
	static const struct {
		const char *name;
		int facility;
	} facilities[] = {
		{ "auth", LOG_AUTH },	{ "authpriv", LOG_AUTHPRIV }, { "cron", LOG_CRON },
		{ "daemon", LOG_DAEMON }, { "ftp", LOG_FTP },	      { "kern", LOG_KERN },
		{ "lpr", LOG_LPR },	{ "mail", LOG_MAIL },	      { "news", LOG_NEWS },
		{ "syslog", LOG_SYSLOG }, { "user", LOG_USER },	      { "uucp", LOG_UUCP },
		{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },   { "local2", LOG_LOCAL2 },
		{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 },   { "local5", LOG_LOCAL5 },
		{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(facilities); i++)
		if (strcmp(facility, facilities[i].name) == 0) {
			openlog(log_state.prog, LOG_PID, facilities[i].facility);
			log_state.syslog = true;
			return 0;
		}
	return CAUSE(-EINVAL, "invalid lxc.log.syslog facility \"%s\"", facility);
}

void log_set_name(const char *name)
{
	snprintf(log_state.name, sizeof(log_state.name), "%s", name ? name : "");
}

int log_fd(void)
{
	return log_state.file_fd;
}

void log_detach_stderr(void)
{
	log_state.stderr_level = -1;
}

static void log_vwrite(int level, const char *file, int line, const char *fmt,
		       va_list ap)
{
	char msg[2048];
	char buf[2400];
	int saved = errno;
	const char *base = strrchr(file, '/');

	base = base ? base + 1 : file;
	vsnprintf(msg, sizeof(msg), fmt, ap);

	if (log_state.file_fd >= 0 && level >= log_state.file_level) {
		struct timespec ts;
		struct tm tm;
		int n;

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = snprintf(buf, sizeof(buf),
			     "%s %s %04d%02d%02d%02d%02d%02d.%06ld %-5s %s:%d - %s\n",
			     log_state.prog, log_state.name[0] ? log_state.name : "-",
			     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			     tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000,
			     level_names[level], base, line, msg);
		if (n > 0)
			(void)!write(log_state.file_fd, buf,
				     (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	}
	if (log_state.syslog && level >= log_state.file_level) {
		static const int prio[] = { LOG_DEBUG, LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARNING,
					    LOG_ERR, LOG_CRIT, LOG_ALERT, LOG_EMERG };

		syslog(prio[level], "%s%s%s", log_state.name, log_state.name[0] ? ": " : "", msg);
	}
	if (log_state.stderr_level >= 0 && level >= log_state.stderr_level) {
		int n = snprintf(buf, sizeof(buf), "%s: %s%s%-5s %s:%d: %s\n",
				 log_state.prog, log_state.name,
				 log_state.name[0] ? ": " : "", level_names[level],
				 base, line, msg);
		if (n > 0)
			(void)!write(STDERR_FILENO, buf,
				     (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	}
	errno = saved;
}

void log_msg(int level, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if ((log_state.file_fd < 0 || level < log_state.file_level) &&
	    (log_state.stderr_level < 0 || level < log_state.stderr_level) &&
	    (!log_state.syslog || level < log_state.file_level))
		return;
	va_start(ap, fmt);
	log_vwrite(level, file, line, fmt, ap);
	va_end(ap);
}

int log_cause_at(const char *file, int line, int err, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	errno = err < 0 ? -err : err;
	if (!log_state.cause[0]) {
		va_start(ap, fmt);
		vsnprintf(log_state.cause, sizeof(log_state.cause), fmt, ap);
		va_end(ap);
	}
	errno = err < 0 ? -err : err;
	va_start(ap, fmt);
	if (!((log_state.file_fd < 0 || LXC_LOG_ERROR < log_state.file_level) &&
	      (log_state.stderr_level < 0 || LXC_LOG_ERROR < log_state.stderr_level) &&
	      (!log_state.syslog || LXC_LOG_ERROR < log_state.file_level)))
		log_vwrite(LXC_LOG_ERROR, file, line, fmt, ap);
	va_end(ap);
	errno = saved;
	return err;
}

void log_reset_cause(void)
{
	log_state.cause[0] = '\0';
}

void log_set_cause_text(const char *text)
{
	if (!log_state.cause[0])
		snprintf(log_state.cause, sizeof(log_state.cause), "%s", text);
	log_msg(LXC_LOG_ERROR, __FILE__, __LINE__, "%s", text);
}

const char *log_cause(void)
{
	return log_state.cause;
}

bool log_has_cause(void)
{
	return log_state.cause[0] != '\0';
}

LXC_PUBLIC const char *lxc_last_error(void)
{
	return log_state.cause;
}
