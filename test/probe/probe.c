/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A static probe for the integration tests, for what busybox cannot show:
 *   probe keyring     the serial of the session keyring (0 if none)
 *   probe sched-core  the core scheduling cookie of this process
 *   probe can-sched-core  exit 0 when the kernel can make a cookie
 * Built by the tests with "cc -static".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEYCTL_GET_KEYRING_ID 0
#define KEY_SPEC_SESSION_KEYRING -3
#ifndef PR_SCHED_CORE
#define PR_SCHED_CORE 62
#endif
#define PR_SCHED_CORE_GET 0
#define PR_SCHED_CORE_CREATE 1
#define PIDTYPE_PID 0

int main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "keyring") == 0) {
		long id = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);

		printf("%ld\n", id < 0 ? 0 : id);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "sched-core") == 0) {
		unsigned long cookie = 0;

		if (prctl(PR_SCHED_CORE, PR_SCHED_CORE_GET, 0, PIDTYPE_PID, &cookie) < 0) {
			perror("prctl");
			return 1;
		}
		printf("%s\n", cookie ? "cookie" : "none");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "can-sched-core") == 0)
		return prctl(PR_SCHED_CORE, PR_SCHED_CORE_CREATE, 0, PIDTYPE_PID, 0) < 0;
	fprintf(stderr, "usage: probe keyring|sched-core|can-sched-core\n");
	return 2;
}
