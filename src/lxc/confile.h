/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_CONFILE_H
#define LXC_CONFILE_H

#include "conf.h"
#include "macro.h"

/*
 * Read a configuration file into conf.  Errors are recorded as
 * "FILE:LINE: cause"; returns 0 or a negative errno.
 */
__hidden int confile_read(struct lxc_conf *conf, const char *path);
/* Parse configuration text (as if read from a file named origin). */
__hidden int confile_parse_text(struct lxc_conf *conf, const char *text, const char *origin);
/* Apply "KEY=VALUE" (lxc-start -s). */
__hidden int confile_override(struct lxc_conf *conf, const char *kv);
/* Set one key; where names the origin for error messages. */
__hidden int confile_set(struct lxc_conf *conf, const char *key, const char *value,
			 const char *where);
/* The value of key as it would be written in a file (malloc'd; "" if unset). */
__hidden int confile_get(const struct lxc_conf *conf, const char *key, char **value);
/*
 * With conf->keep_raw set before reading, the lines of the file itself
 * (comments and lxc.include lines, not the included files) are kept:
 * confile_set_item() sets a key and updates those lines, confile_write()
 * writes them back out.
 */
__hidden int confile_set_item(struct lxc_conf *conf, const char *key, const char *value,
			      const char *where);
__hidden int confile_write(const struct lxc_conf *conf, const char *path);
/* What confile_write() writes, as a malloc'd string (NULL without memory). */
__hidden char *confile_to_text(const struct lxc_conf *conf);
/* Whether key names a configuration item. */
__hidden bool confile_key_is_valid(const char *key);

/* The global configuration (lxc.conf). */
__hidden const char *global_config_path(void);
/* The value of a global key (lxc.lxcpath, lxc.default_config), or the default. */
__hidden const char *global_config_get(const char *key);

#endif
