/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target: container configurations (confile_parse_text()) and
 * their write-back (confile_set_item(), confile_to_text()).
 *
 * An input is configuration text, optionally followed by a NUL byte and a
 * "KEY=VALUE" item, set as lxc_container_set_config_item() sets one.  For
 * text that parses, every key it names is read back with confile_get(),
 * the item is set, and the text written back must parse again and mean the
 * same: every key named in it, before or after the item was set, reads
 * back the same value.
 *
 * lxc.include paths are resolved in a scratch directory holding files to
 * include: inc.conf, a conf.d/ directory, loop.conf (includes itself), a
 * FIFO "fifo" and "zero", a link to /dev/zero.  Build and run with
 * test/fuzz/run confile.
 */
#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "confile.h"
#include "log.h"
#include "utils.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[PATH_MAX];
static int scratch_fd = -EBADF, cwd_fd = -EBADF;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

static void remove_scratch(void)
{
	if (scratch[0])
		nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void scratch_file(const char *name, const char *text)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	if (write_file_atomic(path, text, strlen(text), 0644) < 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX + 64];

	snprintf(scratch, sizeof(scratch), "%s/lxc-fuzz-confile.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		abort();
	atexit(remove_scratch);
	scratch_fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cwd_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (scratch_fd < 0 || cwd_fd < 0)
		abort();
	scratch_file("inc.conf", "lxc.uts.name = inc\nlxc.environment = INC=1\n"
				 "lxc.net.0.type = veth\nlxc.cap.drop = sys_module\n");
	scratch_file("loop.conf", "lxc.include = loop.conf\n");
	snprintf(path, sizeof(path), "%s/conf.d", scratch);
	if (mkdir(path, 0755) < 0)
		abort();
	scratch_file("conf.d/10-a.conf", "lxc.mount.entry = /a a none bind,create=dir 0 0\n");
	scratch_file("conf.d/20-b.conf", "lxc.sysctl.net.ipv4.ip_forward = 1\nlxc.environment =\n");
	snprintf(path, sizeof(path), "%s/fifo", scratch);
	if (mkfifo(path, 0644) < 0)
		abort();
	snprintf(path, sizeof(path), "%s/zero", scratch);
	if (symlink("/dev/zero", path) < 0)
		abort();
	return 0;
}

/* Add the keys the lines of conf's own text name, and extra (if any). */
static void named_keys(char ***keys, const struct lxc_conf *conf, const char *extra)
{
	if (!*keys && !(*keys = calloc(1, sizeof(char *))))
		abort();
	for (size_t i = 0; conf->raw_lines && conf->raw_lines[i]; i++) {
		const char *s = conf->raw_lines[i] + strspn(conf->raw_lines[i], " \t\r\v\f");
		const char *eq = strchr(s, '=');
		__do_free char *key = NULL;

		if (strncmp(s, "lxc.", 4) != 0 || !eq)
			continue;
		key = strndup(s, (size_t)(eq - s));
		if (!key || strv_append(keys, trim(key)) < 0)
			abort();
	}
	if (extra && strv_append(keys, extra) < 0)
		abort();
}

/* Read back every key: the getters must cope with whatever was set. */
static void get_all(const struct lxc_conf *conf, char **keys)
{
	for (char **k = keys; *k; k++) {
		char *v = NULL;

		if (confile_get(conf, *k, &v) == 0)
			free(v);
	}
}

/* Whether a and b read back the same for every key. */
static void check_same(const struct lxc_conf *a, const struct lxc_conf *b, char **keys,
		       const char *text)
{
	for (char **k = keys; *k; k++) {
		__do_free char *va = NULL, *vb = NULL;
		int ra = confile_get(a, *k, &va);
		int rb = confile_get(b, *k, &vb);

		if (ra != rb || (ra == 0 && strcmp(va, vb) != 0)) {
			fprintf(stderr, "written back, \"%s\" changed: \"%s\" -> \"%s\"\n"
					"--- text written back ---\n%s--- end ---\n",
				*k, va ? va : "(error)", vb ? vb : "(error)", text);
			abort();
		}
	}
}

static void fuzz_one(const char *text, char *item)
{
	__do_conf_free struct lxc_conf *conf = conf_new();
	__do_conf_free struct lxc_conf *again = NULL;
	__do_free_strv char **keys = NULL;
	__do_free char *written = NULL;
	const char *key = NULL;

	if (!conf)
		abort();
	conf->keep_raw = true;
	log_reset_cause();
	if (confile_parse_text(conf, text, "fuzz") < 0)
		return;
	named_keys(&keys, conf, NULL);
	get_all(conf, keys);

	if (item) {
		char *eq = strchr(item, '=');

		if (eq) {
			*eq = '\0';
			key = item;
			log_reset_cause();
			if (confile_set_item(conf, key, eq + 1, "fuzz item") < 0)
				key = NULL;
		}
	}

	written = confile_to_text(conf);
	if (!written)
		abort();
	again = conf_new();
	if (!again)
		abort();
	again->keep_raw = true;
	log_reset_cause();
	if (confile_parse_text(again, written, "fuzz written back") < 0) {
		fprintf(stderr, "the text written back does not parse: %s\n"
				"--- text written back ---\n%s--- end ---\n",
			log_cause(), written);
		abort();
	}
	/* The keys named before the item too: it may have removed lines. */
	named_keys(&keys, conf, key);
	check_same(conf, again, keys, written);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	__do_free char *buf = malloc(size + 2);
	size_t len;

	if (!buf)
		return 0;
	/* Two strings: the text and, after a NUL, the item. */
	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = '\0';
	len = strlen(buf);

	/* lxc.include paths are relative to the working directory; libFuzzer's
	 * corpus and artifact paths to the one it was started in. */
	if (fchdir(scratch_fd) < 0)
		abort();
	fuzz_one(buf, len < size ? buf + len + 1 : NULL);
	if (fchdir(cwd_fd) < 0)
		abort();
	return 0;
}
