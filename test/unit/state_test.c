/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Container states and the runtime state files (state.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lxc.h"
#include "state.h"
#include "utils.h"

#define UNIT_SUITE "state"
#include "unit.h"

static int open_tmp_dir(void)
{
	int fd = open(unit_tmp, O_DIRECTORY | O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		unit_fail(__FILE__, __LINE__, "open \"%s\": %m", unit_tmp);
	return fd;
}

/* The number of entries of the scratch directory, "." and ".." aside. */
static int count_entries(void)
{
	DIR *dir = opendir(unit_tmp);
	struct dirent *de;
	int n = 0;

	if (!dir)
		unit_fail(__FILE__, __LINE__, "opendir \"%s\": %m", unit_tmp);
	while ((de = readdir(dir)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dir);
	return n;
}

static void test_state_names(void)
{
	static const char *const names[] = {
		"STOPPED", "STARTING", "RUNNING", "STOPPING",
		"ABORTING", "FREEZING", "FROZEN", "THAWED",
	};

	CHECK_INT(LXC_STATE_MAX, 8);
	for (int i = 0; i < LXC_STATE_MAX; i++) {
		CHECK_STR(lxc_state_name((lxc_state_t)i), names[i]);
		CHECK_INT(lxc_state_parse(names[i]), i);
	}
	CHECK(lxc_state_name(LXC_STATE_MAX) == NULL);
	CHECK(lxc_state_name((lxc_state_t)-1) == NULL);
}

static void test_state_parse_invalid(void)
{
	CHECK_INT(lxc_state_parse("running"), -EINVAL);
	CHECK_INT(lxc_state_parse("BOGUS"), -EINVAL);
	CHECK_INT(lxc_state_parse(""), -EINVAL);
	CHECK_INT(lxc_state_parse("RUNNING "), -EINVAL);
	CHECK_INT(lxc_state_parse("RUN"), -EINVAL);
}

static void test_state_from_tmpname(void)
{
	const char *name = NULL;

	CHECK_INT(state_from_tmpname(".RUNNING.web", &name), LXC_STATE_RUNNING);
	CHECK_STR(name, "web");
	CHECK_INT(state_from_tmpname(".STOPPED.a.b", &name), LXC_STATE_STOPPED);
	CHECK_STR(name, "a.b");
	CHECK_INT(state_from_tmpname(".ABORTING.x", &name), LXC_STATE_ABORTING);
	CHECK_STR(name, "x");

	name = "untouched";
	CHECK_INT(state_from_tmpname("web.state", &name), -EINVAL);
	CHECK_INT(state_from_tmpname(".BOGUS.web", &name), -EINVAL);
	CHECK_INT(state_from_tmpname(".running.web", &name), -EINVAL);
	CHECK_INT(state_from_tmpname(".RUNNING", &name), -EINVAL);
	CHECK_INT(state_from_tmpname("", &name), -EINVAL);
	CHECK_INT(state_from_tmpname(".VERYLONGSTATENAMEINDEED.web", &name), -EINVAL);
	CHECK_STR(name, "untouched");
}

static void test_read_missing(void)
{
	int dirfd = open_tmp_dir();
	lxc_state_t state = LXC_STATE_RUNNING;
	pid_t pid = 42;

	CHECK_INT(state_read(dirfd, "never", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_STOPPED);
	CHECK_INT(pid, -1);
	close(dirfd);
}

static void test_publish_without_lock(void)
{
	int dirfd = open_tmp_dir();
	lxc_state_t state = LXC_STATE_RUNNING;
	pid_t pid = 42;

	CHECK_INT(state_publish(dirfd, "web", LXC_STATE_RUNNING, 1234), 0);
	/* Nobody holds the lock: the monitor died, the container is STOPPED. */
	CHECK_INT(state_read(dirfd, "web", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_STOPPED);
	CHECK_INT(pid, -1);
	close(dirfd);
}

static void test_publish_with_lock(void)
{
	int dirfd = open_tmp_dir();
	lxc_state_t state = LXC_STATE_STOPPED;
	pid_t pid = 0;
	int lock;

	lock = lock_acquire(dirfd, "web");
	CHECK(lock >= 0);
	CHECK(lock_is_held(dirfd, "web"));

	CHECK_INT(state_publish(dirfd, "web", LXC_STATE_STARTING, -1), 0);
	CHECK_INT(state_read(dirfd, "web", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_STARTING);
	CHECK_INT(pid, -1);

	CHECK_INT(state_publish(dirfd, "web", LXC_STATE_RUNNING, 1234), 0);
	CHECK_INT(state_read(dirfd, "web", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_RUNNING);
	CHECK_INT(pid, 1234);

	/* Other containers are not affected. */
	CHECK_INT(state_read(dirfd, "other", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_STOPPED);
	CHECK_INT(pid, -1);

	close(lock);
	CHECK(!lock_is_held(dirfd, "web"));
	CHECK_INT(state_read(dirfd, "web", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_STOPPED);
	CHECK_INT(pid, -1);
	close(dirfd);
}

static void test_lock_busy(void)
{
	int dirfd = open_tmp_dir();
	int lock, again;

	lock = lock_acquire(dirfd, "web");
	CHECK(lock >= 0);
	again = lock_acquire(dirfd, "web");
	CHECK_INT(again, -EBUSY);
	/* Another name has its own lock. */
	again = lock_acquire(dirfd, "db");
	CHECK(again >= 0);
	close(again);
	close(lock);
	/* Free again once released. */
	lock = lock_acquire(dirfd, "web");
	CHECK(lock >= 0);
	close(lock);
	close(dirfd);
}

static void test_lock_other_process(void)
{
	int dirfd = open_tmp_dir();
	int ready[2], done[2], status;
	lxc_state_t state;
	pid_t child, pid;
	char c;

	CHECK_INT(pipe(ready), 0);
	CHECK_INT(pipe(done), 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		int lock = lock_acquire(dirfd, "web");

		if (lock < 0 || state_publish(dirfd, "web", LXC_STATE_RUNNING, 77) < 0)
			_exit(1);
		(void)!write(ready[1], "r", 1);
		(void)!read(done[0], &c, 1);
		_exit(0);
	}
	close(ready[1]);
	close(done[0]);
	CHECK_INT(read(ready[0], &c, 1), 1);

	CHECK_INT(state_read(dirfd, "web", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_RUNNING);
	CHECK_INT(pid, 77);
	CHECK(lock_is_held(dirfd, "web"));
	CHECK_INT(lock_acquire(dirfd, "web"), -EBUSY);

	/* The holder dies: the lock is free, the state stale. */
	CHECK_INT(write(done[1], "d", 1), 1);
	CHECK_INT(waitpid(child, &status, 0), child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(!lock_is_held(dirfd, "web"));
	CHECK_INT(state_read(dirfd, "web", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_STOPPED);
	CHECK_INT(pid, -1);
	close(dirfd);
}

static void test_publish_leaves_no_temp(void)
{
	int dirfd = open_tmp_dir();
	int lock = lock_acquire(dirfd, "web");

	CHECK(lock >= 0);
	CHECK_INT(state_publish(dirfd, "web", LXC_STATE_STARTING, -1), 0);
	CHECK_INT(state_publish(dirfd, "web", LXC_STATE_RUNNING, 5), 0);
	CHECK_INT(state_publish(dirfd, "web", LXC_STATE_STOPPING, 5), 0);
	/* web.lock and web.state. */
	CHECK_INT(count_entries(), 2);
	CHECK(faccessat(dirfd, ".STOPPING.web", F_OK, AT_SYMLINK_NOFOLLOW) < 0);
	close(lock);
	close(dirfd);
}

static void test_retire(void)
{
	int dirfd = open_tmp_dir();
	lxc_state_t state;
	pid_t pid;
	int lock = lock_acquire(dirfd, "web");

	CHECK(lock >= 0);
	CHECK_INT(state_publish(dirfd, "web", LXC_STATE_RUNNING, 5), 0);
	state_retire(dirfd, "web");
	CHECK(faccessat(dirfd, "web.state", F_OK, AT_SYMLINK_NOFOLLOW) < 0);
	CHECK_INT(state_read(dirfd, "web", &state, &pid), 0);
	CHECK_INT(state, LXC_STATE_STOPPED);
	CHECK_INT(pid, -1);

	lock_release_file(dirfd, "web");
	CHECK(faccessat(dirfd, "web.lock", F_OK, AT_SYMLINK_NOFOLLOW) < 0);
	close(lock);
	CHECK_INT(count_entries(), 0);
	close(dirfd);
}

static void test_lock_after_release_file(void)
{
	int dirfd = open_tmp_dir();
	int lock = lock_acquire(dirfd, "web"), again;

	CHECK(lock >= 0);
	/* The holder removed the file but still holds the lock through its
	 * fd; a new start makes a new file and may take it. */
	lock_release_file(dirfd, "web");
	again = lock_acquire(dirfd, "web");
	CHECK(again >= 0);
	CHECK(lock_is_held(dirfd, "web"));
	close(again);
	close(lock);
	close(dirfd);
}

static void test_runtime_dir_path(void)
{
	char buf[4096], want[64];
	const char *lxcpath = "/var/lib/lxc";

	CHECK_INT(runtime_dir_path(lxcpath, buf, sizeof(buf)), 0);
	unit_format(want, sizeof(want), "/lxc/%016llx", (unsigned long long)fnv1a64(lxcpath));
	CHECK(strlen(buf) > strlen(want));
	CHECK_STR(buf + strlen(buf) - strlen(want), want);
#ifdef RUNDIR
	if (geteuid() == 0)
		CHECK_STR(buf, RUNDIR "/lxc/be21b1ea10ead3d1");
#endif
	CHECK_INT(runtime_dir_path(lxcpath, buf, 10), -ENAMETOOLONG);
}

int main(void)
{
	RUN("state-names", test_state_names);
	RUN("state-parse-invalid", test_state_parse_invalid);
	RUN("state-from-tmpname", test_state_from_tmpname);
	RUN("read-missing", test_read_missing);
	RUN("publish-without-lock", test_publish_without_lock);
	RUN("publish-with-lock", test_publish_with_lock);
	RUN("lock-busy", test_lock_busy);
	RUN("lock-other-process", test_lock_other_process);
	RUN("publish-leaves-no-temp", test_publish_leaves_no_temp);
	RUN("retire", test_retire);
	RUN("lock-after-release-file", test_lock_after_release_file);
	RUN("runtime-dir-path", test_runtime_dir_path);
	return unit_done();
}
