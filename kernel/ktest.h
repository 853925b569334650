/* SPDX-License-Identifier: MIT */
/* In-kernel tests: each case registers itself with KTEST(name) into the
 * .ktests section; booted with `test`, the kernel runs them all, prints
 * TAP on COM1 and ends QEMU with the result. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H
#include <stdint.h>
#include "kernel/core/printk.h"

struct ktest { const char *name; void (*fn)(void); };

#define KTEST(fn_name)                                                     \
    static void fn_name(void);                                             \
    static const struct ktest ktest_##fn_name                              \
        __attribute__((section(".ktests"), used)) = { #fn_name, fn_name }; \
    static void fn_name(void)

extern int ktest_failures;

#define KEXPECT_EQ(expected, got) do {                                      \
    long long e_ = (long long)(expected), g_ = (long long)(got);            \
    if (e_ != g_) {                                                         \
        printk("# %s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, \
               #got, e_, g_);                                               \
        ktest_failures++;                                                   \
    }                                                                       \
} while (0)
#define KEXPECT(cond) do {                                                  \
    if (!(cond)) {                                                          \
        printk("# %s:%d: expected %s\n", __FILE__, __LINE__, #cond);         \
        ktest_failures++;                                                   \
    }                                                                       \
} while (0)

void ktest_run(void) __attribute__((noreturn));
/* Let other processes run until pid has ended or ms pass; 0 if it ended. */
int ktest_wait_exit(uint32_t pid, uint32_t ms);

#endif
