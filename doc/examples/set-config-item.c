/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Set configuration items in a container's configuration file, keeping
 * the rest of the file (comments, lxc.include lines) as it is.
 *
 *   cc set-config-item.c $(pkg-config --cflags --libs lxc)
 *   ./a.out NAME LXCPATH KEY=VALUE...
 */
#include <stdio.h>
#include <string.h>

#include <lxc/lxc.h>

int main(int argc, char *argv[])
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s NAME LXCPATH KEY=VALUE...\n", argv[0]);
		return 1;
	}
	for (int i = 3; i < argc; i++) {
		char key[256];
		const char *eq = strchr(argv[i], '=');

		if (!eq || (size_t)(eq - argv[i]) >= sizeof(key)) {
			fprintf(stderr, "%s: expected KEY=VALUE\n", argv[i]);
			return 1;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		if (lxc_container_set_config_item(argv[1], argv[2], key, eq + 1) < 0) {
			fprintf(stderr, "%s: %s\n", argv[1], lxc_last_error());
			return 1;
		}
	}
	return 0;
}
