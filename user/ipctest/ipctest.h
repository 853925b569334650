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
/* The fast-path cases and their helper (fastpath_cases.c); the mirror's
 * orders, the first word of a message to it. */
enum { OP_NOTE = 1, OP_PAUSE, OP_ONLY5, OP_EXIT };
int mirror(void);
void fast_and_general_path_deliver_and_answer_the_same(void);
void receiver_on_another_channel_does_not_take_it(void);
void stopped_receiver_gets_the_message_queued_not_delivered(void);
void full_queue_refuses_a_waiting_receiver_too(void);
void what_the_fast_path_may_not_take_gets_the_general_answer(void);
void messages_keep_their_order_whichever_path_they_take(void);
void receiver_killed_while_a_caller_waits_fails_the_call_on_either_path(void);

#endif
