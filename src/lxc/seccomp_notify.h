/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The monitor's side of seccomp "notify" rules: it receives each
 * intercepted syscall from the container's listener and answers it,
 * through lxc.seccomp.notify.proxy when one is configured.
 */
#ifndef LXC_SECCOMP_NOTIFY_H
#define LXC_SECCOMP_NOTIFY_H

#include <stdint.h>
#include <sys/types.h>

#include "conf.h"
#include "macro.h"

/*
 * What the proxy receives for each syscall, on a SOCK_SEQPACKET
 * connection: this header, then struct seccomp_notif (the request),
 * struct seccomp_notif_resp (id filled in) and the cookie, in one
 * message.  It answers with one struct seccomp_notif_resp.
 */
struct lxc_seccomp_proxy_msg {
	uint64_t version;	/* 1 */
	int32_t monitor_pid;
	int32_t init_pid;
	uint16_t notif_size;	/* sizeof(struct seccomp_notif) */
	uint16_t resp_size;	/* sizeof(struct seccomp_notif_resp) */
	uint16_t data_size;	/* sizeof(struct seccomp_data) */
	uint16_t reserved;
	uint64_t cookie_len;
};

/*
 * Answer one pending notification on listener (readable).  *proxy is the
 * connection to lxc.seccomp.notify.proxy, made at the first request
 * (-EBADF: none yet).  Without a proxy, or when it fails, the syscall
 * fails with ENOSYS.  Returns 0, or -ENOENT when the listener has no
 * request (the caller may stop watching it on a hangup).
 */
__hidden int seccomp_notify_handle(int listener, int *proxy, const struct lxc_conf *conf, pid_t init_pid);

#endif
