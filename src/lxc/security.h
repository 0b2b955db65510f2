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

#endif
