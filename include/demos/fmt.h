/* SPDX-License-Identifier: MIT */
/* The one printf engine, built into both the kernel and the user library
 * (lib/fmt.c): %d %i %u %x %X %p %s %c %%, with width, '0' and '-' flags. */
#ifndef DEMOS_FMT_H
#define DEMOS_FMT_H
#include <stdarg.h>

typedef void (*fmt_putc_fn)(char c, void *arg);
int fmt_vformat(fmt_putc_fn putc, void *arg, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, unsigned size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int fmt_vsnprintf(char *buf, unsigned size, const char *fmt, va_list ap);

#endif
