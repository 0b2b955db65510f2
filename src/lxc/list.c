/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Listing the containers of an lxcpath (lxc-ls) cheaply: names from the
 * directory and the runtime files, states from the state files (no round
 * trip to any monitor), configurations parsed only when asked, and the
 * addresses of a running container read with one netlink dump from a
 * socket made in its network namespace (the caller's thread steps in and
 * out with setns(); nothing is forked).
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "confile.h"
#include "log.h"
#include "lxc.h"
#include "start.h"
#include "state.h"
#include "utils.h"

static int add_name(char ***names, const char *name)
{
	for (char **n = *names; n && *n; n++)
		if (strcmp(*n, name) == 0)
			return 0;
	return strv_append(names, name);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Containers with LXCPATH/NAME/config, and those with runtime files. */
static int collect_names(const char *lxcpath, int rundir, char ***out)
{
	__do_closedir DIR *dir = opendir(lxcpath);
	__do_free_strv char **names = calloc(1, sizeof(char *));
	struct dirent *de;

	if (!names)
		return -ENOMEM;
	while (dir && (de = readdir(dir))) {
		char path[NAME_MAX + 16];

		if (de->d_name[0] == '.' || !name_is_valid(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/config", de->d_name);
		if (faccessat(dirfd(dir), path, F_OK, AT_SYMLINK_NOFOLLOW) == 0 && add_name(&names, de->d_name) < 0)
			return -ENOMEM;
	}
	if (rundir >= 0) {
		__do_closedir DIR *rd = fdopendir(dup(rundir));

		while (rd && (de = readdir(rd))) {
			size_t len = strlen(de->d_name);
			char name[NAME_MAX + 1];

			if (de->d_name[0] == '.' || len <= 6 || strcmp(de->d_name + len - 6, ".state") != 0)
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)(len - 6), de->d_name);
			if (add_name(&names, name) < 0)
				return -ENOMEM;
		}
	}
	qsort(names, strv_len(names), sizeof(char *), compare_names);
	*out = move_ptr(names);
	return 0;
}

/* --- addresses ---------------------------------------------------------------------- */

static int append_addr(char **list, const char *addr)
{
	char *n = must_sprintf("%s%s%s", *list ? *list : "", *list && **list ? ", " : "", addr);

	free(*list);
	*list = n;
	return 0;
}

/* One RTM_GETADDR dump: global addresses (not loopback, not link-local). */
static int dump_addresses(int sock, char **ipv4, char **ipv6)
{
	struct {
		struct nlmsghdr nh;
		struct ifaddrmsg ifa;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETADDR,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.ifa = { .ifa_family = AF_UNSPEC },
	};
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));

	if (send(sock, &req, sizeof(req), 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(sock, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		     nh = NLMSG_NEXT(nh, n)) {
			struct ifaddrmsg *ifa;
			struct rtattr *rta;
			int len;
			const void *addr = NULL, *local = NULL;
			char text[INET6_ADDRSTRLEN];

			if (nh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nh->nlmsg_type == NLMSG_ERROR)
				return -EIO;
			if (nh->nlmsg_type != RTM_NEWADDR)
				continue;
			ifa = NLMSG_DATA(nh);
			if (ifa->ifa_scope != RT_SCOPE_UNIVERSE)
				continue;
			len = (int)IFA_PAYLOAD(nh);
			for (rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
				if (rta->rta_type == IFA_ADDRESS)
					addr = RTA_DATA(rta);
				else if (rta->rta_type == IFA_LOCAL)
					local = RTA_DATA(rta);
			}
			/* On a point-to-point link IFA_ADDRESS is the peer's. */
			if (local)
				addr = local;
			if (!addr || !inet_ntop(ifa->ifa_family, addr, text, sizeof(text)))
				continue;
			if (ifa->ifa_family == AF_INET)
				append_addr(ipv4, text);
			else if (ifa->ifa_family == AF_INET6)
				append_addr(ipv6, text);
		}
	}
}

/* A netlink socket in pid's network namespace (our own when it shares it). */
static int netlink_in(pid_t pid, int own_ns)
{
	__do_close int ns = -EBADF;
	char path[64];
	struct stat theirs, ours;
	int sock;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return -errno;
	if (fstat(ns, &theirs) < 0 || fstat(own_ns, &ours) < 0)
		return -errno;
	if (theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev)
		return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	/* A socket keeps the namespace it was made in. */
	if (setns(ns, CLONE_NEWNET) < 0)
		return -errno;
	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (setns(own_ns, CLONE_NEWNET) < 0) {
		/* Stuck in the container's namespace: never go on. */
		if (sock >= 0)
			close(sock);
		return -ENOTRECOVERABLE;
	}
	return sock < 0 ? -errno : sock;
}

/* --- the list ----------------------------------------------------------------------- */

static void read_details(const char *lxcpath, struct lxc_container_info *c)
{
	__do_conf_free struct lxc_conf *conf = conf_new();
	__do_free char *path = must_sprintf("%s/%s/config", lxcpath, c->name);

	if (!conf || !c->defined)
		return;
	if (confile_read(conf, path) < 0) {
		WARN("\"%s\": %s", c->name, log_cause());
		log_reset_cause();
		return;
	}
	c->autostart = conf->start_auto;
	c->start_order = conf->start_order;
	c->start_delay = conf->start_delay;
	c->unprivileged = conf->idmaps != NULL;
	free(c->groups);
	c->groups = strv_join(conf->groups, ",");
}

LXC_PUBLIC void lxc_container_list_free(struct lxc_container_info *list, size_t n)
{
	for (size_t i = 0; list && i < n; i++) {
		free(list[i].name);
		free(list[i].groups);
		free(list[i].ipv4);
		free(list[i].ipv6);
	}
	free(list);
}

LXC_PUBLIC int lxc_container_list(const char *lxcpath_in, unsigned int flags,
				  struct lxc_container_info **out, size_t *nout)
{
	__do_free char *lxcpath = resolve_lxcpath(lxcpath_in);
	__do_free_strv char **names = NULL;
	__do_close int rundir = -EBADF, own_ns = -EBADF;
	struct lxc_container_info *list;
	size_t n;
	int ret;

	log_reset_cause();
	if (!lxcpath)
		return -ENOMEM;
	rundir = runtime_dir_open(lxcpath, false);
	ret = collect_names(lxcpath, rundir, &names);
	if (ret < 0)
		return CAUSE(ret, "failed to list \"%s\": %m", lxcpath);
	n = strv_len(names);
	list = calloc(n ? n : 1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	if ((flags & LXC_LIST_IPS) && geteuid() == 0)
		own_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	for (size_t i = 0; i < n; i++) {
		struct lxc_container_info *c = &list[i];
		char path[NAME_MAX + 16];

		c->name = strdup(names[i]);
		c->groups = strdup("");
		c->ipv4 = strdup("");
		c->ipv6 = strdup("");
		c->state = LXC_STATE_STOPPED;
		c->pid = -1;
		if (!c->name || !c->groups || !c->ipv4 || !c->ipv6) {
			lxc_container_list_free(list, n);
			return -ENOMEM;
		}
		snprintf(path, sizeof(path), "%s/%s/config", lxcpath, names[i]);
		c->defined = access(path, F_OK) == 0;
		if (rundir >= 0)
			state_read(rundir, c->name, &c->state, &c->pid);
		if (flags & LXC_LIST_DETAILS)
			read_details(lxcpath, c);
		if (own_ns >= 0 && c->pid > 0 && c->state == LXC_STATE_RUNNING) {
			int sock = netlink_in(c->pid, own_ns);

			if (sock == -ENOTRECOVERABLE) {
				lxc_container_list_free(list, n);
				return CAUSE(sock, "failed to return to our network namespace");
			}
			if (sock >= 0) {
				dump_addresses(sock, &c->ipv4, &c->ipv6);
				close(sock);
			}
		}
	}
	*out = list;
	*nout = n;
	return 0;
}
