/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_SECURITY_H
#define LXC_SECURITY_H

#include "conf.h"
#include "macro.h"

/*
 * Before a start: refuse what this build cannot honour (an LSM profile on a
 * host without that LSM, id maps, time offsets, both lxc.cap.drop and
 * lxc.cap.keep).  Reads nothing unless such a key is set.  Returns 0 or
 * -EINVAL / -EOPNOTSUPP with the cause recorded.
 */
__hidden int security_precheck(const struct lxc_conf *conf);

/*
 * Child, before exec: drop the capabilities that lxc.cap.drop names (or
 * that lxc.cap.keep does not) from the bounding set, the inheritable set
 * and the ambient set, so that init and everything it runs can never
 * have them.  Returns 0 or a negative errno with the cause recorded.
 */
__hidden int caps_drop(const struct lxc_conf *conf);
/* The capabilities lxc.cap.drop / lxc.cap.keep take away (bit per cap). */
__hidden unsigned long long caps_dropped(const struct lxc_conf *conf);

#endif
