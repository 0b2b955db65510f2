/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_MACRO_H
#define LXC_MACRO_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <dirent.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define __hidden __attribute__((visibility("hidden")))
#define __noreturn __attribute__((noreturn))

/* Take ownership of a pointer or fd: the cleanup of the old owner is a no-op. */
#define move_ptr(p)                        \
	({                                 \
		typeof(p) __tmp_ptr = (p); \
		(p) = NULL;                \
		__tmp_ptr;                 \
	})

#define move_fd(fd)                   \
	({                            \
		int __tmp_fd = (fd);  \
		(fd) = -EBADF;        \
		__tmp_fd;             \
	})

static inline void close_prot_errno(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
		*fd = -EBADF;
	}
}

static inline void free_prot_errno(void *p)
{
	int saved = errno;
	free(*(void **)p);
	errno = saved;
}

static inline void fclose_prot_errno(FILE **f)
{
	if (*f) {
		int saved = errno;
		fclose(*f);
		errno = saved;
		*f = NULL;
	}
}

static inline void closedir_prot_errno(DIR **d)
{
	if (*d) {
		int saved = errno;
		closedir(*d);
		errno = saved;
		*d = NULL;
	}
}

static inline void free_strv(char ***v)
{
	if (*v) {
		int saved = errno;
		for (char **p = *v; *p; p++)
			free(*p);
		free(*v);
		errno = saved;
		*v = NULL;
	}
}

#define __do_close __attribute__((cleanup(close_prot_errno)))
#define __do_free __attribute__((cleanup(free_prot_errno)))
#define __do_fclose __attribute__((cleanup(fclose_prot_errno)))
#define __do_closedir __attribute__((cleanup(closedir_prot_errno)))
#define __do_free_strv __attribute__((cleanup(free_strv)))

/* Return a negative errno from a -1/errno style result. */
#define ret_errno(e)          \
	({                    \
		errno = (e);  \
		-(e);         \
	})

#endif
