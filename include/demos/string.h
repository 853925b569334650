/* SPDX-License-Identifier: MIT */
/* Freestanding string and memory helpers (lib/string.c), for the kernel and
 * user programs alike. Prototypes match the C library's,
 * so the pure parts also build on the host against libc for unit tests. */
#ifndef DEMOS_STRING_H
#define DEMOS_STRING_H
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *haystack, const char *needle);
/* Copy at most size-1 characters and always terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
