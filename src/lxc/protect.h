/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /proc and /sys of a container as lxc.mount.auto's "mixed" modes make
 * them: what belongs to the container stays writable, what reaches the
 * host's kernel is read-only or masked.
 */
#ifndef LXC_PROTECT_H
#define LXC_PROTECT_H

#include "macro.h"

/*
 * proc:mixed: a fresh /proc below root (made when missing) with
 * /proc/sys read-only except the container's own /proc/sys/net,
 * /proc/sysrq-trigger, /proc/bus, /proc/fs and /proc/irq read-only, and
 * /proc/kcore, /proc/keys, /proc/timer_list, /proc/sched_debug, ... and
 * /proc/acpi, /proc/scsi masked.  Every step works on fds of the mounts
 * just made.  Returns 0 or a negative errno with the cause recorded.
 */
__hidden int protect_proc_mixed(int root);

/*
 * sys:mixed: a fresh /sys below root, read-only except the container's
 * network devices (/sys/devices/virtual/net), with /sys/firmware masked.
 */
__hidden int protect_sys_mixed(int root);

#endif
