/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lxc.apparmor.* and lxc.selinux.*: honoured where the host runs that
 * LSM.  On a host without it, "unconfined" and "unchanged" work; an
 * explicit profile is an error, unless lxc.apparmor.allow_incomplete = 1
 * (then the container runs unconfined, with a warning).
 */
#ifndef LXC_LSM_H
#define LXC_LSM_H

#include <stdbool.h>

#include "conf.h"
#include "macro.h"

/*
 * Before a start or an attach.  *skip is set when the keys are to be
 * ignored (allowed by lxc.apparmor.allow_incomplete).  Reads nothing
 * unless an LSM key asks for a change.  Returns 0, -EINVAL (the host has
 * no such LSM, or no such profile) or -EOPNOTSUPP, with the cause recorded.
 */
__hidden int lsm_prepare(const struct lxc_conf *conf, bool *skip);

/*
 * In the process about to exec: the label it gets on exec (AppArmor
 * "exec PROFILE", SELinux context and key creation context).  Returns 0
 * or a negative errno with the cause recorded.  skip_apparmor: what
 * lsm_prepare() said.
 */
__hidden int lsm_exec_label(const struct lxc_conf *conf, bool skip_apparmor);

#endif
