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
#include <stddef.h>
#include <stdint.h>
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
 * Cgroups of a running container.
 *
 * Freeze every process of a running container, with the v1 freezer where
 * the host mounts one, else with cgroup2's cgroup.freeze.  The state goes
 * FREEZING, then FROZEN once every process is frozen.  timeout_ms < 0
 * waits forever; when it expires first, the container is thawed again.
 * Returns 0 once it is FROZEN (at once when it already was).
 * Errors: -ESRCH not running; -ETIMEDOUT; -EOPNOTSUPP the host has no
 * freezer; -ECANCELED thawed or stopped before it froze; -EACCES the
 * caller may not control the container.
 */
LXC_PUBLIC int lxc_container_freeze(const char *name, const char *lxcpath,
				    int timeout_ms);

/*
 * Thaw a frozen (or freezing) container: the state goes THAWED, then
 * RUNNING.  Returns 0, also when it was not frozen.
 * Errors: -ESRCH not running; -EOPNOTSUPP no freezer; -EACCES.
 */
LXC_PUBLIC int lxc_container_unfreeze(const char *name, const char *lxcpath);

/*
 * Read a file of a running container's cgroup.  key is CONTROLLER.FILE
 * ("memory.max", "memory.limit_in_bytes", "cpuset.cpus", "cgroup.procs"):
 * it is looked up in the v1 hierarchy of CONTROLLER when the host has one,
 * else in the cgroup2 tree.  *value is malloc'd, without the final newline.
 * Errors: -ESRCH not running; -EINVAL a malformed key; -ENOENT no such
 * file or controller; -EACCES; other errno values of the read.
 */
LXC_PUBLIC int lxc_container_cgroup_get(const char *name, const char *lxcpath,
					const char *key, char **value);

/*
 * Write value to such a file.  Errors as lxc_container_cgroup_get(), and
 * the kernel's own (e.g. -EINVAL for a value it rejects, -EBUSY).
 */
LXC_PUBLIC int lxc_container_cgroup_set(const char *name, const char *lxcpath,
					const char *key, const char *value);

/* Traffic of one network interface of the container, as it sees it. */
struct lxc_link_stats {
	char name[16];
	uint64_t rx_bytes;	/* received by the container */
	uint64_t tx_bytes;	/* sent by the container */
};

/*
 * Resource use.  A figure the host cannot give (its controller is not
 * mounted, or not enabled for the container on cgroup2) has its has_*
 * flag false.  links lists the container's interfaces but lo, none when
 * it shares the host's network namespace.
 */
struct lxc_container_stats {
	bool has_cpu, has_memory, has_blkio;
	uint64_t cpu_ns;	/* CPU time of all its processes */
	uint64_t memory_bytes;	/* memory charged to its cgroup, page cache included */
	uint64_t blkio_bytes;	/* bytes read from and written to block devices */
	size_t nlinks;
	struct lxc_link_stats links[16];
};

/*
 * Read a running container's resource use from its cgroups and its
 * network namespace.  Returns 0.  Errors: -ESRCH not running; -EACCES.
 */
LXC_PUBLIC int lxc_container_get_stats(const char *name, const char *lxcpath,
				       struct lxc_container_stats *stats);

/*
 * The containers of lxcpath that are not STOPPED, sorted by name: *names
 * is a malloc'd NULL-terminated array of malloc'd strings (free each and
 * the array).  Returns their number, or a negative errno.
 */
LXC_PUBLIC int lxc_list_running(const char *lxcpath, char ***names);

/*
 * The IP addresses of a running container, as text ("10.0.3.5",
 * "fd00::5"), global ones only (not lo's nor link-local ones).  family:
 * AF_INET, AF_INET6 or AF_UNSPEC for both.  *ips is a NULL-terminated
 * array; free each string and the array with free(3).
 * Returns 0; -ESRCH the container is not running; -EINVAL a bad family.
 */
LXC_PUBLIC int lxc_container_get_ips(const char *name, const char *lxcpath,
				     int family, char ***ips);

/*
 * Move the host's network interface ifname into a running container,
 * named newname there (NULL: the same name).  The container's monitor
 * does it, from its own network namespace; when the container stops the
 * interface comes back under its original name.
 * Returns 0; -ESRCH not running; -ENODEV no such interface on the host;
 * -EEXIST the container has an interface of that name; -EINVAL a bad name
 * or a container that shares the host's network namespace.
 */
LXC_PUBLIC int lxc_container_add_device(const char *name, const char *lxcpath,
					const char *ifname, const char *newname);

/*
 * Move the interface ifname out of a running container into the host's
 * network namespace: under the name it had on the host when it came from
 * there (lxc_container_add_device() or lxc.net.N.type = phys), else under
 * the same name.  Returns 0; -ESRCH not running; -ENODEV the container
 * has no such interface; -EEXIST the host has an interface of that name.
 */
LXC_PUBLIC int lxc_container_remove_device(const char *name, const char *lxcpath,
					   const char *ifname);

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

struct lxc_create_options {
	const char *lxcpath;	/* NULL: default */
	/*
	 * A configuration to start from, copied with its lxc.include lines
	 * (NULL: the default configuration, when there is one).
	 */
	const char *config;
	const char *const *template_args;	/* NULL-terminated, may be NULL */
};

/*
 * Create container NAME: LXCPATH/NAME/config from opts->config, then the
 * template ("busybox", "local", "debian": LXCTEMPLATEDIR/lxc-TEMPLATE, or
 * $LXC_TEMPLATE_DIR/lxc-TEMPLATE; a path is used as it is) run as
 * "TEMPLATE --path=LXCPATH/NAME --name=NAME --rootfs=LXCPATH/NAME/rootfs
 * ARGS...", in a mount namespace of its own, with the caller's stdio (for
 * its progress).  It makes the rootfs and appends to the config, which
 * must then parse.  A failure removes LXCPATH/NAME.
 * Errors: -EEXIST NAME exists; -ENOENT no such template; -ECANCELED the
 * template failed; -EINVAL a bad name or an unusable configuration.
 */
LXC_PUBLIC int lxc_container_create(const char *name, const char *template,
				    const struct lxc_create_options *opts);

/*
 * Destroy container NAME: run its lxc.hook.destroy and remove
 * LXCPATH/NAME, never following symlinks nor crossing into other mounts
 * (a rootfs outside LXCPATH/NAME is kept).  A running container is killed
 * first with force, else refused.  Errors: -ENOENT no such container;
 * -EBUSY it is running; others from removing its files.
 */
LXC_PUBLIC int lxc_container_destroy(const char *name, const char *lxcpath, bool force);

/* A container as lxc_container_list() finds it. */
struct lxc_container_info {
	char *name;
	lxc_state_t state;
	pid_t pid;		/* init's, -1 when not running */
	bool defined;		/* it has LXCPATH/NAME/config */
	/* With LXC_LIST_DETAILS: */
	bool autostart;		/* lxc.start.auto */
	int start_order;	/* lxc.start.order */
	int start_delay;	/* lxc.start.delay */
	char *groups;		/* lxc.group, comma-separated ("" for none) */
	bool unprivileged;	/* it has lxc.idmap */
	/* With LXC_LIST_IPS, for a running container (root only): */
	char *ipv4;		/* global addresses, ", "-separated ("" for none) */
	char *ipv6;
};

#define LXC_LIST_DETAILS (1U << 0)	/* read each configuration */
#define LXC_LIST_IPS (1U << 1)		/* the addresses of running containers */

/*
 * The containers of lxcpath (NULL: default): those with a configuration
 * and those running, sorted by name.  States come from the runtime files,
 * without asking any monitor.  *list is freed with
 * lxc_container_list_free().  Returns 0 or a negative errno.
 */
LXC_PUBLIC int lxc_container_list(const char *lxcpath, unsigned int flags,
				  struct lxc_container_info **list, size_t *n);
LXC_PUBLIC void lxc_container_list_free(struct lxc_container_info *list, size_t n);

/* lxc_attach_options.elevated: what the attached process does not give up. */
#define LXC_ATTACH_ELEVATE_CGROUP (1U << 0)	/* stays in the caller's cgroups */
#define LXC_ATTACH_ELEVATE_CAPS (1U << 1)	/* keeps the capabilities the container drops */
#define LXC_ATTACH_ELEVATE_LSM (1U << 2)	/* accepted: this build applies no LSM */

struct lxc_attach_options {
	const char *lxcpath;	/* NULL: default */
	/*
	 * false (default): a clean environment, PATH, HOME, USER, LOGNAME,
	 * TERM, container=lxc and the container's lxc.environment; true:
	 * the caller's environment plus container=lxc.
	 */
	bool keep_env;
	const char *const *keep_vars;	/* names kept from the caller's (clean env) */
	const char *const *extra_env;	/* "VAR=VALUE" set last */
	uid_t uid;		/* (uid_t)-1: lxc.init.uid, else 0 */
	gid_t gid;		/* (gid_t)-1: lxc.init.gid, else 0 */
	int namespaces;		/* CLONE_NEW* to join; 0: all the container has */
	unsigned int elevated;	/* LXC_ATTACH_ELEVATE_* */
};

/*
 * Run argv (NULL: the user's shell from the container's /etc/passwd, else
 * /bin/sh) in running container NAME: in its namespaces and cgroups,
 * without the capabilities it drops.  When stdin is a terminal the command
 * gets a pty of the container's, copied to stdin and stdout; otherwise it
 * shares the caller's stdio and the caller's signals are forwarded to it.
 * Returns 0 once the command has ended, *exit_status (if not NULL) its
 * status as a shell reports it (128 + N when killed by signal N; 127/126
 * when it cannot be found or executed).  Errors: -ESRCH not running;
 * -EINVAL a bad name; -EACCES not allowed; other negative errno values.
 */
LXC_PUBLIC int lxc_container_attach(const char *name, char *const argv[],
				    const struct lxc_attach_options *opts, int *exit_status);

/* A terminal of a running container (lxc-console). */
struct lxc_console;

/*
 * Connect to tty ttynum of running container NAME: 0 is the console, -1
 * the first free tty (the console when the container has no ttys).
 * Returns NULL with errno set (lxc_last_error() says why): ESRCH not
 * running, ENOENT no such tty or no console, EBUSY the tty is already in
 * use by another client, EACCES not allowed.
 */
LXC_PUBLIC struct lxc_console *lxc_container_console_open(const char *name, const char *lxcpath,
							    int ttynum);
/* The number of the tty connected to (0: the console). */
LXC_PUBLIC int lxc_console_tty(const struct lxc_console *c);
/*
 * Copy in_fd to the tty and the tty to out_fd (a terminal in_fd is put in
 * raw mode meanwhile, and its window size follows) until the escape
 * character (e.g. 1 for Ctrl-a; -1: none) followed by 'q' is typed, or the
 * container stops.  The escape character typed twice is sent once.
 * Returns 1 when detached by the escape, 0 when the container stopped, or
 * a negative errno.
 */
LXC_PUBLIC int lxc_console_run(struct lxc_console *c, int in_fd, int out_fd, int escape);
LXC_PUBLIC void lxc_console_close(struct lxc_console *c);

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
