/* SPDX-License-Identifier: MIT */
/* ipctest: the user side of the in-kernel tests of the kernel calls. Each
 * case is a function; `ipctest CASE` runs one and exits 0 only if it held. */
#ifndef IPCTEST_H
#define IPCTEST_H
#include "demos.h"

extern int failures;
extern struct msg m;

#define EXPECT_EQ(expected, got) do {                                          \
    long e_ = (long)(expected), g_ = (long)(got);                              \
    if (e_ != g_) {                                                            \
        printf("ipctest: %s:%d: %s: expected %ld (%s), got %ld (%s)\n",        \
               __FILE__, __LINE__, #got, e_, e_ < 0 ? err_name(e_) : "",       \
               g_, g_ < 0 ? err_name(g_) : "");                                \
        failures++;                                                            \
    }                                                                          \
} while (0)
#define EXPECT(cond) do {                                                      \
    if (!(cond)) {                                                             \
        printf("ipctest: %s:%d: expected %s\n", __FILE__, __LINE__, #cond);     \
        failures++;                                                            \
    }                                                                          \
} while (0)

/* Start `ipctest ROLE` (a helper); carry becomes its link 1. Returns a link
 * to it and its pid in *pid. */
int helper(const char *role, int carry, pid_t *pid);
/* The helpers' bodies (helpers.c). */
int run_helper(const char *role);
/* Kernel operations on pid through link 1 (this process's KERNEL link). */
int kop_on(pid_t pid, uint32_t op, struct msg *out);
int wait_for(pid_t pid, int *code);

#endif
