/* SPDX-License-Identifier: MIT */
/* Console printing, error names and number parsing (user/lib/printf.c). */
#ifndef USER_PRINTF_H
#define USER_PRINTF_H
#include <stdint.h>
#include <stdbool.h>
#include "demos/syscall.h"

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, unsigned size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *err_name(int err);
/* "N.S" -> pid; 0 if malformed or out of range (N 1..254, S 20 bits). */
pid_t parse_pid(const char *s);
/* Decimal -> value; false if not a number. */
bool parse_uint(const char *s, uint32_t *out);

#endif
