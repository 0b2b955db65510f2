/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * liblxc: run Linux containers.
 *
 * Every function that can fail returns 0 (or a documented non-negative
 * value) on success and a negative errno on failure.  On failure,
 * lxc_last_error() returns a one-line description of the cause, suitable
 * for printing after "PROGRAM: NAME: ".
 *
 * Link with `pkg-config --cflags --libs lxc`.
 */
#ifndef LXC_LXC_H
#define LXC_LXC_H

#include <stdbool.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef LXC_PUBLIC
#define LXC_PUBLIC __attribute__((visibility("default")))
#endif

/* Container states, in the order LXC numbers them. */
typedef enum {
	LXC_STATE_STOPPED = 0,
	LXC_STATE_STARTING,
	LXC_STATE_RUNNING,
	LXC_STATE_STOPPING,
	LXC_STATE_ABORTING,
	LXC_STATE_FREEZING,
	LXC_STATE_FROZEN,
	LXC_STATE_THAWED,
	LXC_STATE_MAX,
} lxc_state_t;

/* "STOPPED", "RUNNING", ...; NULL for a value out of range. */
LXC_PUBLIC const char *lxc_state_name(lxc_state_t state);

/*
 * Parse a state name (case-sensitive, as LXC prints them).
 * Returns the state, or -EINVAL for an unknown name.
 */
LXC_PUBLIC int lxc_state_parse(const char *name);

/* The library's version string, e.g. "0.1.0". */
LXC_PUBLIC const char *lxc_version(void);

/*
 * The default container path: lxc.lxcpath from the global configuration
 * ($LXC_GLOBAL_CONF, else /etc/lxc/lxc.conf), else /var/lib/lxc.
 */
LXC_PUBLIC const char *lxc_default_lxcpath(void);

/*
 * The cause of the last failure of a call into the library by this thread
 * of control, as one line without a trailing newline ("" if none).
 */
LXC_PUBLIC const char *lxc_last_error(void);

/*
 * Logging.  prog and name prefix every message ("lxc-start: web: ...").
 * file: a log file to append to (NULL: none).  level: "TRACE", "DEBUG",
 * "INFO", "NOTICE", "WARN", "ERROR", "CRIT", "ALERT", "FATAL" (NULL:
 * "ERROR").  When no file is given and a level is given, messages at that
 * level and above go to stderr.  A container's lxc.log.file and
 * lxc.log.level apply when this was not called with a file.
 * Returns 0, -EINVAL for an unknown level, or the errno of opening file.
 */
LXC_PUBLIC int lxc_log_setup(const char *prog, const char *name,
			     const char *file, const char *level);

struct lxc_start_options {
	/* The container path (NULL: lxc_default_lxcpath()). */
	const char *lxcpath;
	/*
	 * The configuration file.  NULL: LXCPATH/NAME/config when it exists,
	 * else the default configuration (lxc.default_config in the global
	 * configuration, else /etc/lxc/default.conf) when it exists, else an
	 * empty configuration.
	 */
	const char *rcfile;
	/* NULL-terminated list of "KEY=VALUE" applied after the file. */
	const char *const *overrides;
	/*
	 * true: return once the container is RUNNING, leaving a monitor
	 * process that supervises it; false: supervise it from the calling
	 * process and return when it has stopped.
	 */
	bool daemonize;
	/*
	 * true: run argv under a minimal init as PID 1 that reaps zombies and
	 * forwards signals (lxc-execute); argv is required.
	 */
	bool execute;
	/* Write the supervising process's pid here (NULL: don't). */
	const char *pidfile;
};

/*
 * Start container NAME running argv (NULL or empty: lxc.init.cmd, or
 * lxc.execute.cmd with execute, else /sbin/init; a container without
 * lxc.rootfs.path must be given a command).
 *
 * In the foreground, *exit_status (if not NULL) receives the command's
 * status as a shell reports it: its exit code, or 128 + N when a signal N
 * killed it.  Daemonized, it is set to 0.  When the start fails because
 * the command cannot be run, it is set to 127 (not found) or 126 (found
 * but not executable), as a shell would report; otherwise to 1.
 *
 * Returns 0 once the container ran (foreground) or is RUNNING (daemon).
 * Errors: -EBUSY NAME is already running; -EINVAL a bad name, option or
 * configuration; -ENOENT a missing configuration file, rootfs or command;
 * other negative errno values from the failing system call.
 */
LXC_PUBLIC int lxc_container_start(const char *name, char *const argv[],
				   const struct lxc_start_options *opts,
				   int *exit_status);

struct lxc_stop_options {
	const char *lxcpath;	/* NULL: default */
	/*
	 * Seconds to wait for the halt signal (lxc.signal.halt, default
	 * SIGPWR) to stop the container before it is killed; < 0 waits
	 * forever, 0 kills at once.
	 */
	int timeout;
	bool kill;		/* SIGKILL at once (lxc.signal.stop) */
	bool nowait;		/* request the stop but don't wait for it */
};

/*
 * Stop a running container.  Returns 0 once it is STOPPED (or, with
 * nowait, once the stop was requested).  *exit_status (if not NULL)
 * receives its init's status as lxc_container_start() reports it (-1 with
 * nowait).  Errors: -ESRCH the container is not running; -EACCES the
 * caller may not talk to the container.
 */
LXC_PUBLIC int lxc_container_stop(const char *name,
				  const struct lxc_stop_options *opts,
				  int *exit_status);

/*
 * Read a container's state and the host pid of its init (-1 when not
 * running).  A container whose supervisor died is STOPPED.  Never fails
 * for a container that does not exist: it is STOPPED.
 * Returns 0, or -EINVAL for an invalid name.
 */
LXC_PUBLIC int lxc_container_get_state(const char *name, const char *lxcpath,
				       lxc_state_t *state, pid_t *init_pid);

/*
 * Wait until the container is in one of the states in mask (bit 1 << state).
 * Works before the container exists.  timeout_ms < 0: no timeout.
 * Returns the state reached, -ETIMEDOUT, or another negative errno.
 */
LXC_PUBLIC int lxc_container_wait(const char *name, const char *lxcpath,
				  unsigned int mask, int timeout_ms);

/*
 * Wait until a running container stops and report its init's status as
 * lxc_container_start() does.  Returns 0, or -ESRCH if it is not running.
 */
LXC_PUBLIC int lxc_container_join(const char *name, const char *lxcpath,
				  int *exit_status);

/*
 * Read configuration item key ("lxc.uts.name", ...): the running value
 * when the container runs, else the value in its configuration (rcfile,
 * or the default lookup of lxc_start_options.rcfile when NULL).
 * *value is malloc'd; "" for an unset key.
 * Errors: -EINVAL an unknown key; -ENOENT an unreadable configuration.
 */
LXC_PUBLIC int lxc_container_get_config_item(const char *name,
					     const char *lxcpath,
					     const char *rcfile,
					     const char *key, char **value);

/*
 * Set configuration item key of container NAME in its file
 * LXCPATH/NAME/config (an empty value clears the key) and save the file.
 * The rest of the file is kept as it was, comments and lxc.include lines
 * included: a replaced key is changed where it stands, a list key
 * (lxc.mount.entry, ...) gets one more line.  A running container is not
 * changed.  Errors: -ENOENT the container has no configuration file;
 * -EINVAL an unknown key or a malformed value; other negative errno values
 * from writing the file.
 */
LXC_PUBLIC int lxc_container_set_config_item(const char *name, const char *lxcpath,
					     const char *key, const char *value);

/* Watching state changes of every container of an lxcpath. */
struct lxc_monitor;

/* NULL with errno set on failure. */
LXC_PUBLIC struct lxc_monitor *lxc_monitor_open(const char *lxcpath);

/*
 * Next state change: copies the container name into name (size bytes)
 * and its new state into *state.  timeout_ms < 0 waits forever.
 * Returns 1 for an event, 0 on timeout, or a negative errno.
 */
LXC_PUBLIC int lxc_monitor_next(struct lxc_monitor *mon, int timeout_ms,
				char *name, size_t size, lxc_state_t *state);

/* A file descriptor that polls readable when lxc_monitor_next() has news. */
LXC_PUBLIC int lxc_monitor_fd(const struct lxc_monitor *mon);

LXC_PUBLIC void lxc_monitor_close(struct lxc_monitor *mon);

/* --- security ------------------------------------------------------------ */

/*
 * Run argv as root of a new user namespace (lxc-usernsexec), for example
 * to maintain the root file system of a container with lxc.idmap.
 * maps: NULL-terminated "u:NSID:HOSTID:RANGE", "g:NSID:HOSTID:RANGE" or
 * "b:NSID:HOSTID:RANGE" (both); NULL or empty: the caller's first ranges
 * in /etc/subuid and /etc/subgid, mapped to 0.  Root writes the maps
 * itself; other users need newuidmap(1) and newgidmap(1).  The command
 * inherits stdin, stdout and stderr.
 *
 * Returns 0 once the command ran; *exit_status (if not NULL) receives its
 * status as lxc_container_start() reports it.  Errors: -EINVAL a malformed
 * or overlapping map, or no command; -ENOENT no map given and none found,
 * or the command was not found (*exit_status 127); -EACCES the command
 * cannot be executed (126); -EPERM the maps were refused; other negative
 * errno values from the failing system call.
 */
LXC_PUBLIC int lxc_userns_exec(const char *const *maps, char *const argv[], int *exit_status);

/*
 * Check the fds the calling process inherited (all but stdin, stdout,
 * stderr and the library's log file), as lxc-start does before a start:
 * the container never gets them, but a daemonized monitor would hold them
 * for the container's life.  close_them: close them instead (lxc-start -C).
 * Returns 0, or -EBADFD naming the first inherited fd and what it is;
 * other negative errno values when the fds cannot be listed.
 */
LXC_PUBLIC int lxc_check_inherited_fds(bool close_them);

/*
 * Run the calling program again from a read-only copy of its binary (a
 * detached read-only clone of its mount, or a sealed memfd), with the same
 * argv and environment: a container that sees one of its processes (an
 * attached process before it execs) then cannot write the binary through
 * /proc/PID/exe (CVE-2019-5736).  A tool whose processes enter a running
 * container (lxc-attach) calls it first.  (lxc-execute's init is a
 * separate static program and needs no such call.)  Does nothing when
 * the binary is on a read-only mount or runs from such a copy already.
 * Returns 0 when nothing needed doing; otherwise it does not return,
 * unless it failed: a negative errno.
 */
LXC_PUBLIC int lxc_exe_protect(char *const argv[]);

#ifdef __cplusplus
}
#endif

#endif
