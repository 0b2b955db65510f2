/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_LOG_H
#define LXC_LOG_H

#include <errno.h>
#include <stdbool.h>

#include "macro.h"

enum lxc_log_level {
	LXC_LOG_TRACE,
	LXC_LOG_DEBUG,
	LXC_LOG_INFO,
	LXC_LOG_NOTICE,
	LXC_LOG_WARN,
	LXC_LOG_ERROR,
	LXC_LOG_CRIT,
	LXC_LOG_ALERT,
	LXC_LOG_FATAL,
};

/* Returns the level, or -EINVAL. */
__hidden int log_level_parse(const char *name);
__hidden void log_msg(int level, const char *file, int line, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));
__hidden int log_cause_at(const char *file, int line, int err, const char *fmt,
			  ...) __attribute__((format(printf, 4, 5)));
/* Forget the cause of the last failure: every API entry point does this. */
__hidden void log_reset_cause(void);
/* Set the cause verbatim (a message carried from another process). */
__hidden void log_set_cause_text(const char *text);
__hidden const char *log_cause(void);
__hidden bool log_has_cause(void);
/* Apply the container's lxc.log.file / lxc.log.level unless set by the caller. */
__hidden int log_apply_config(const char *file, const char *level);
__hidden void log_set_name(const char *name);
/* lxc.log.syslog: also log to syslog with this facility ("daemon", ...). */
__hidden int log_set_syslog(const char *facility);
/* The log file's fd (-EBADF if none): kept open across fork, closed on exec. */
__hidden int log_fd(void);
/* Drop the stderr sink (a daemonized monitor has no terminal). */
__hidden void log_detach_stderr(void);

#define TRACE(fmt, ...) log_msg(LXC_LOG_TRACE, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define DEBUG(fmt, ...) log_msg(LXC_LOG_DEBUG, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define INFO(fmt, ...) log_msg(LXC_LOG_INFO, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define NOTICE(fmt, ...) log_msg(LXC_LOG_NOTICE, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define WARN(fmt, ...) log_msg(LXC_LOG_WARN, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define ERROR(fmt, ...) log_msg(LXC_LOG_ERROR, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

/*
 * Record the cause of a failure (the first since the API entry wins), log
 * it at ERROR, and evaluate to err (a negative errno).  %m in fmt prints
 * -err.
 */
#define CAUSE(err, fmt, ...) log_cause_at(__FILE__, __LINE__, (err), fmt, ##__VA_ARGS__)
/* CAUSE with the current errno. */
#define SYSCAUSE(fmt, ...) log_cause_at(__FILE__, __LINE__, -errno, fmt, ##__VA_ARGS__)

#endif
