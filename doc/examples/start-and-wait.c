/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Start a container in the background, wait for it to run, print its
 * state, then wait for it to finish and print its exit status.
 *
 *   cc start-and-wait.c $(pkg-config --cflags --libs lxc)
 *   ./a.out NAME [LXCPATH] -- COMMAND [ARG...]
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <lxc/lxc.h>

int main(int argc, char *argv[])
{
	struct lxc_start_options opts = { .daemonize = true };
	const char *name;
	lxc_state_t state;
	pid_t pid;
	int i, ret, status;

	/* Each line as it happens, also into a pipe or a file. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 4) {
		fprintf(stderr, "usage: %s NAME [LXCPATH] -- COMMAND [ARG...]\n", argv[0]);
		return 1;
	}
	name = argv[1];
	i = 2;
	if (strcmp(argv[i], "--") != 0)
		opts.lxcpath = argv[i++];
	if (strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
		fprintf(stderr, "usage: %s NAME [LXCPATH] -- COMMAND [ARG...]\n", argv[0]);
		return 1;
	}

	ret = lxc_container_start(name, &argv[i + 1], &opts, NULL);
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", name, lxc_last_error());
		return 1;
	}
	ret = lxc_container_get_state(name, opts.lxcpath, &state, &pid);
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", name, lxc_last_error());
		return 1;
	}
	printf("state: %s\n", lxc_state_name(state));

	/* Wait for it to finish; a fast command may already be gone. */
	ret = lxc_container_join(name, opts.lxcpath, &status);
	if (ret == -ESRCH) {
		printf("exited before we waited\n");
	} else if (ret < 0) {
		fprintf(stderr, "%s: %s\n", name, lxc_last_error());
		return 1;
	} else {
		printf("exit status: %d\n", status);
	}
	ret = lxc_container_wait(name, opts.lxcpath, 1u << LXC_STATE_STOPPED, 10000);
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", name, lxc_last_error());
		return 1;
	}
	printf("state: %s\n", lxc_state_name((lxc_state_t)ret));
	return 0;
}
