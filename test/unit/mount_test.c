/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Mount entries and resolution beneath a root (mount.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mount.h"
#include "utils.h"

#define UNIT_SUITE "mount"
#include "unit.h"

#include "syscalls.h"

static struct mount_entry parse_ok(const char *line)
{
	struct mount_entry e;
	int ret = mount_entry_parse(line, &e);

	if (ret < 0)
		unit_fail(__FILE__, __LINE__, "\"%s\" was rejected (%d)", line, ret);
	return e;
}

static void test_entry_fields(void)
{
	struct mount_entry e = parse_ok("/srv/data  data\tnone bind,ro,create=dir 0 0");

	CHECK_STR(e.source, "/srv/data");
	CHECK_STR(e.target, "data");
	CHECK_STR(e.fstype, "none");
	CHECK_INT(e.flags, MS_BIND | MS_RDONLY);
	CHECK_INT(e.create, MOUNT_CREATE_DIR);
	CHECK(!e.optional);
	CHECK_STR(e.data, "");
	mount_entry_free(&e);

	/* Three fields are enough; the options default to none. */
	e = parse_ok("proc proc proc");
	CHECK_STR(e.fstype, "proc");
	CHECK_INT(e.flags, 0);
	mount_entry_free(&e);
}

static void test_entry_options(void)
{
	struct mount_entry e = parse_ok("tmpfs tmp tmpfs rw,nosuid,nodev,size=64m,mode=1777,optional,x-systemd.foo 0 0");

	CHECK_INT(e.flags, MS_NOSUID | MS_NODEV);
	CHECK_STR(e.data, "size=64m,mode=1777");
	CHECK(e.optional);
	mount_entry_free(&e);

	e = parse_ok("/a b none rbind,rslave,create=file,nofail");
	CHECK_INT(e.flags, MS_BIND | MS_REC);
	CHECK_INT(e.propagation, MS_SLAVE | MS_REC);
	CHECK_INT(e.create, MOUNT_CREATE_FILE);
	CHECK(e.optional);
	mount_entry_free(&e);

	/* Later options win: ro then rw is rw. */
	e = parse_ok("/a b none bind,ro,rw,noexec,exec,defaults 0 0");
	CHECK_INT(e.flags, MS_BIND);
	mount_entry_free(&e);

	e = parse_ok("none x tmpfs remount,ro");
	CHECK_INT(e.flags, MS_REMOUNT | MS_RDONLY);
	mount_entry_free(&e);
}

static void test_entry_escapes(void)
{
	struct mount_entry e = parse_ok("/srv/my\\040data my\\040dir none bind 0 0");

	CHECK_STR(e.source, "/srv/my data");
	CHECK_STR(e.target, "my dir");
	mount_entry_free(&e);
	e = parse_ok("/a\\134b c none bind");
	CHECK_STR(e.source, "/a\\b");
	mount_entry_free(&e);
}

static void test_entry_errors(void)
{
	struct mount_entry e;

	CHECK_INT(mount_entry_parse("", &e), -EINVAL);
	CHECK_INT(mount_entry_parse("only two", &e), -EINVAL);
	CHECK_INT(mount_entry_parse("a b c d e f g", &e), -EINVAL);
	CHECK_INT(mount_entry_parse("a b c d zero 0", &e), -EINVAL);
	CHECK_INT(mount_entry_parse("a b c create=socket 0 0", &e), -EINVAL);
}

/* A scratch root with a few traps: absolute and relative symlinks out. */
static int make_root(char *root, size_t size)
{
	char path[PATH_MAX];
	int fd;

	unit_path(root, size, "root");
	CHECK_INT(mkdir(root, 0755), 0);
	unit_path(path, sizeof(path), "root/etc");
	CHECK_INT(mkdir(path, 0755), 0);
	unit_write(path, sizeof(path), "root/etc/inside", "in\n");
	unit_path(path, sizeof(path), "root/abs");
	CHECK_INT(symlink("/etc", path), 0);
	unit_path(path, sizeof(path), "root/up");
	CHECK_INT(symlink("../../../../../../etc", path), 0);
	unit_path(path, sizeof(path), "root/loop");
	CHECK_INT(symlink("loop", path), 0);
	unit_path(path, sizeof(path), "root/dangling");
	CHECK_INT(symlink("/made/by/link", path), 0);
	fd = open(root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	return fd;
}

/* The path of an fd's file relative to root, as readlink shows it. */
static void check_inside(int fd, const char *root, const char *want)
{
	char link[64], got[PATH_MAX], full[PATH_MAX];
	ssize_t n;

	CHECK(fd >= 0);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, got, sizeof(got) - 1);
	CHECK(n > 0);
	got[n] = '\0';
	unit_format(full, sizeof(full), "%s%s", root, want);
	CHECK_STR(got, full);
	close(fd);
}

static void resolve_cases(void)
{
	char root[PATH_MAX];
	int r = make_root(root, sizeof(root));

	/* Absolute and escaping symlinks stay below root. */
	check_inside(open_beneath(r, "abs/inside", false), root, "/etc/inside");
	check_inside(open_beneath(r, "up/inside", false), root, "/etc/inside");
	check_inside(open_beneath(r, "../../etc/inside", false), root, "/etc/inside");
	check_inside(open_beneath(r, "/etc/../../etc", false), root, "/etc");
	check_inside(open_beneath(r, "abs", false), root, "/etc");
	check_inside(open_beneath(r, "", false), root, "");
	/* nofollow: the link itself. */
	check_inside(open_beneath(r, "abs", true), root, "/abs");
	CHECK_INT(open_beneath(r, "loop", false), -ELOOP);
	CHECK_INT(open_beneath(r, "etc/nosuch", false), -ENOENT);
	CHECK_INT(open_beneath(r, "etc/inside/x", false), -ENOTDIR);
	/* The dangling link points below root, where nothing is. */
	CHECK_INT(open_beneath(r, "dangling", false), -ENOENT);
	close(r);
}

static void test_open_beneath(void)
{
	resolve_cases();
}

static void test_open_beneath_fallback(void)
{
	/* The walk used where openat2 is missing resolves the same way. */
	setenv("LXC_TEST_DISABLE_SYSCALLS", "openat2", 1);
	CHECK(syscall_disabled("openat2"));
	resolve_cases();
}

static void create_cases(void)
{
	char root[PATH_MAX], path[PATH_MAX];
	struct stat st;
	int r = make_root(root, sizeof(root));

	/* Through an absolute symlink: inside root. */
	check_inside(create_beneath(r, "abs/new/dir", MOUNT_CREATE_DIR, 0755), root, "/etc/new/dir");
	check_inside(create_beneath(r, "up/newfile", MOUNT_CREATE_FILE, 0644), root, "/etc/newfile");
	unit_path(path, sizeof(path), "root/etc/newfile");
	CHECK_INT(stat(path, &st), 0);
	CHECK(S_ISREG(st.st_mode));
	/* A dangling link: what it points to is made, below root. */
	check_inside(create_beneath(r, "dangling/x", MOUNT_CREATE_DIR, 0755), root, "/made/by/link/x");
	unit_path(path, sizeof(path), "root/made/by/link/x");
	CHECK_INT(stat(path, &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	/* ".." never climbs out. */
	check_inside(create_beneath(r, "../../../top", MOUNT_CREATE_DIR, 0755), root, "/top");
	/* Existing: just opened. */
	check_inside(create_beneath(r, "etc", MOUNT_CREATE_DIR, 0755), root, "/etc");
	CHECK_INT(create_beneath(r, "loop/x", MOUNT_CREATE_DIR, 0755), -ELOOP);
	CHECK_INT(create_beneath(r, "etc/inside/x", MOUNT_CREATE_DIR, 0755), -ENOTDIR);
	/* Nothing appeared outside. */
	CHECK(access("/made", F_OK) < 0);
	CHECK(access("/top", F_OK) < 0);
	CHECK(access("/etc/new", F_OK) < 0);
	close(r);
}

static void test_create_beneath(void)
{
	create_cases();
}

static void test_create_beneath_fallback(void)
{
	setenv("LXC_TEST_DISABLE_SYSCALLS", "openat2", 1);
	create_cases();
}

int main(void)
{
	RUN("entry-fields", test_entry_fields);
	RUN("entry-options", test_entry_options);
	RUN("entry-escapes", test_entry_escapes);
	RUN("entry-errors", test_entry_errors);
	RUN("open-beneath", test_open_beneath);
	RUN("open-beneath-fallback", test_open_beneath_fallback);
	RUN("create-beneath", test_create_beneath);
	RUN("create-beneath-fallback", test_create_beneath_fallback);
	return unit_done();
}
