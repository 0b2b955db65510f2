/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target: seccomp profiles (seccomp_profile_parse()) and, for
 * inputs that parse, their compilation; id map lines (idmap_parse()).
 * Build and run with test/fuzz/run.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "seccomp_profile.h"
#include "userns.h"
#include "utils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct seccomp_policy p;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	log_reset_cause();
	if (seccomp_profile_parse(text, "fuzz", &p) == 0) {
		struct seccomp_prog *prog = NULL;

		/* Compiling is slow: only small policies. */
		if (p.nrules < 16 && seccomp_profile_compile(&p, "fuzz", &prog) == 0)
			seccomp_prog_free(prog);
		seccomp_profile_free(&p);
	}
	{
		char **lines = strv_split(text, "\n");
		struct id_map *maps = NULL;
		size_t n;

		if (lines) {
			if (idmap_parse(lines, text[0] == 'b' || strchr(text, ':'), &maps, &n) == 0)
				free(maps);
			strv_free(lines);
		}
	}
	free(text);
	return 0;
}
