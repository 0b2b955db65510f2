/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LXC_UTILS_H
#define LXC_UTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "macro.h"

__hidden uint64_t fnv1a64(const char *s);
/* mkdir -p; returns 0 or -errno. */
__hidden int mkdir_p(const char *path, mode_t mode);
/* Write all of buf to path (O_TRUNC, O_CLOEXEC, no O_CREAT); 0 or -errno. */
__hidden int write_file(const char *path, const char *buf, size_t len);
__hidden int write_file_at(int dirfd, const char *path, const char *buf, size_t len);
/* Read a whole (small) file into a NUL-terminated malloc'd buffer. */
__hidden int read_file(const char *path, char **out, size_t *len);
__hidden int read_file_at(int dirfd, const char *path, char **out, size_t *len);
/* The same from an open fd, to its end; -EFBIG past max bytes. */
__hidden int read_fd(int fd, size_t max, char **out, size_t *len);
/* Write a file atomically (temporary file in the same directory + rename). */
__hidden int write_file_atomic(const char *path, const char *buf, size_t len, mode_t mode);
__hidden ssize_t write_all(int fd, const void *buf, size_t len);
__hidden ssize_t read_all(int fd, void *buf, size_t len);

__hidden char *trim(char *s);
__hidden int parse_int(const char *s, int *out);
__hidden int parse_uint(const char *s, unsigned int *out);
__hidden int parse_bool(const char *s, bool *out);
/* "SIGPWR", "PWR", "30", "SIGRTMIN+3", "RTMIN+3": returns the number or -EINVAL. */
__hidden int signal_parse(const char *s);
__hidden const char *signal_name(int sig, char *buf, size_t size);

__hidden size_t strv_len(char *const *v);
/* Append a copy of s; returns 0 or -ENOMEM. */
__hidden int strv_append(char ***v, const char *s);
__hidden void strv_free(char **v);
/* Split s at any of the separators, dropping empty fields. */
__hidden char **strv_split(const char *s, const char *seps);
__hidden char *strv_join(char *const *v, const char *sep);

__hidden char *must_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A container name: non-empty, no '/', not "." or "..", no newline, < 200 bytes. */
__hidden bool name_is_valid(const char *name);

/* Make every fd >= from close-on-exec (or close those that are not). */
__hidden int close_fds_from(int from, const int *keep, size_t nkeep);

#endif
