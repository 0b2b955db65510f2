/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where lxc-init starts: _start without libc (LXC_INIT_NOLIBC), main()
 * with it.  See sys.h.
 */
#include "sys.h"

#ifdef LXC_INIT_NOLIBC

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

/* The kernel's initial stack: argc, argv[], NULL, envp[], NULL, ... */
__attribute__((used, noreturn)) void start_c(long *sp);
__attribute__((used, noreturn)) void start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	sys_exit(init_main(argc, argv, argv + argc + 1));
}

#if defined(__x86_64__)
__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	xor %rbp, %rbp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	"	hlt\n");
#elif defined(__aarch64__)
__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	mov x0, sp\n"
	"	and x1, x0, #-16\n"
	"	mov sp, x1\n"
	"	bl start_c\n");
#endif

#else

extern char **environ;

int main(int argc, char *argv[])
{
	return init_main(argc, argv, environ);
}

#endif
