/* SPDX-License-Identifier: MIT */
/* The user-side library: kernel-call stubs, console printing, small helpers. */
#ifndef USER_DEMOS_H
#define USER_DEMOS_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "demos/syscall.h"
#include "demos/string.h"

#define MAX_ARGS 16

/* Raw kernel call: returns eax (>= 0 or -E_*). */
int32_t syscall5(uint32_t n, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e);

int console_write(const char *buf, uint32_t len);
int console_read(char *buf, uint32_t len);
void exit(int code) __attribute__((noreturn));
int yield(void);
int spawn(const char *prog, const char *args);
pid_t getpid(void);
int sleep_ms(uint32_t ms);
int wait_exit(pid_t pid, uint32_t timeout_ms);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, unsigned size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The name of an error code, e.g. "E_FAULT" for -E_FAULT or E_FAULT. */
const char *err_name(int err);
/* Split line in place at spaces into at most max words; returns the count. */
int split_words(char *line, char **words, int max);

int main(int argc, char **argv);

#endif
